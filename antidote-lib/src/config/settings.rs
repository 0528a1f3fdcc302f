//! The one definition of every setting: each field of [`Config`] (its type, its default in
//! `Config::default()`, its doc comment as help) is a [`Setting`], with its YAML key, its
//! `ANTIDOTE_*` variable and its command-line flag derived from it. The table is read from the
//! JSON Schema of [`Config`] (schemars), so adding a field adds the setting everywhere: the
//! file, the variable, the flags of `antidote` and `antidotectl serve`, and the reference in
//! docs/operations.md ([`reference_markdown`], checked for staleness by a test).
//!
//! Two attributes refine a field: `#[schemars(extend("x-env" = "ANTIDOTE_LISTEN"))]` keeps a
//! variable name shorter than the derived one, and `#[schemars(extend("x-secret" = true))]`
//! marks a credential, whose value is never shown (errors and [`Config::redacted`] print `***`).

use std::sync::LazyLock;

use schemars::generate::SchemaSettings;
use serde_json::Value;

use super::{Config, ConfigError};

/// What values a setting takes, as text (a variable's or a flag's value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingKind {
    /// Any text.
    Text,
    /// A whole number, at least 0.
    Integer,
    /// A number (`0.01`).
    Number,
    /// `true` or `false`.
    Boolean,
    /// A comma-separated list.
    List,
    /// One of the values named.
    Choice(Vec<String>),
}

impl SettingKind {
    /// How the kind is written in the reference and in help texts.
    pub fn describe(&self) -> String {
        match self {
            SettingKind::Text => "text".into(),
            SettingKind::Integer => "integer".into(),
            SettingKind::Number => "number".into(),
            SettingKind::Boolean => "boolean".into(),
            SettingKind::List => "list".into(),
            SettingKind::Choice(values) => values.join(" \\| "),
        }
    }

    /// A placeholder for a flag's value.
    pub fn value_name(&self) -> &'static str {
        match self {
            SettingKind::Text | SettingKind::Choice(_) => "VALUE",
            SettingKind::Integer | SettingKind::Number => "N",
            SettingKind::Boolean => "BOOL",
            SettingKind::List => "LIST",
        }
    }
}

/// One setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    /// The YAML key, dotted: `api.cors_origins`.
    pub key: String,
    /// The environment variable: `ANTIDOTE_API_CORS_ORIGINS`.
    pub env: String,
    /// The command-line flag, without dashes: `api-cors-origins` (the variable's name in lower
    /// case, so a flag is always named after the variable it overrides).
    pub flag: String,
    /// What values it takes.
    pub kind: SettingKind,
    /// Whether a value may be left unset.
    pub optional: bool,
    /// The default, as YAML would show it (`None`: unset).
    pub default: Option<String>,
    /// What it does (the field's doc comment).
    pub help: String,
    /// A credential: its value is never shown.
    pub secret: bool,
}

static SETTINGS: LazyLock<Vec<Setting>> = LazyLock::new(build);

/// Every setting, in the order of the configuration file.
pub fn settings() -> &'static [Setting] {
    &SETTINGS
}

/// The setting with the YAML key `key`.
pub fn setting(key: &str) -> Option<&'static Setting> {
    settings().iter().find(|s| s.key == key)
}

/// The command-line flag that sets the same as the variable `var`: `ANTIDOTE_DATABASE_URL` is
/// `database-url`.
pub fn flag_name(var: &str) -> Option<String> {
    var.strip_prefix("ANTIDOTE_")
        .map(|rest| rest.to_ascii_lowercase().replace('_', "-"))
}

fn build() -> Vec<Setting> {
    let schema = SchemaSettings::draft2020_12()
        .with(|s| s.inline_subschemas = true)
        .into_generator()
        .into_root_schema_for::<Config>()
        .to_value();
    let defaults = serde_json::to_value(Config::default()).expect("configurations serialize");
    let mut out = Vec::new();
    walk(&schema, &defaults, "", &mut out);
    out
}

fn walk(schema: &Value, defaults: &Value, prefix: &str, out: &mut Vec<Setting>) {
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return;
    };
    for (name, field) in properties {
        let key = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        let default = defaults.get(name).unwrap_or(&Value::Null);
        if field.get("properties").is_some() {
            walk(field, default, &key, out);
            continue;
        }
        let env = field
            .get("x-env")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .unwrap_or_else(|| format!("ANTIDOTE_{}", key.to_ascii_uppercase().replace('.', "_")));
        let types: Vec<&str> = match field.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let choices = choices(field);
        let kind = if !choices.is_empty() {
            SettingKind::Choice(choices)
        } else if types.contains(&"integer") {
            SettingKind::Integer
        } else if types.contains(&"number") {
            SettingKind::Number
        } else if types.contains(&"boolean") {
            SettingKind::Boolean
        } else if types.contains(&"array") {
            SettingKind::List
        } else {
            SettingKind::Text
        };
        let help = field
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        out.push(Setting {
            flag: flag_name(&env).unwrap_or_else(|| env.to_ascii_lowercase()),
            env,
            kind,
            optional: types.contains(&"null") || default.is_null(),
            default: shown(default),
            help,
            secret: field.get("x-secret").and_then(Value::as_bool) == Some(true),
            key,
        });
    }
}

/// The values of an enumeration schema (`enum`, or `oneOf` of constants).
fn choices(field: &Value) -> Vec<String> {
    if let Some(values) = field.get("enum").and_then(Value::as_array) {
        return values
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
    }
    let branches = field
        .get("oneOf")
        .or_else(|| field.get("anyOf"))
        .and_then(Value::as_array);
    branches
        .into_iter()
        .flatten()
        .flat_map(|b| {
            b.get("const").into_iter().chain(
                b.get("enum")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten(),
            )
        })
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

fn shown(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => Some(
            items
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .collect::<Vec<_>>()
                .join(","),
        ),
        other => Some(other.to_string()),
    }
}

/// Where a value came from, for errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// An `ANTIDOTE_*` variable.
    Env,
    /// A command-line flag.
    Flag,
}

impl Config {
    /// Sets `setting` from text (a variable's or a flag's value): integers and booleans are
    /// parsed, lists split at commas, choices checked. The value is not shown in the error of a
    /// secret.
    pub fn set(
        &mut self,
        setting: &'static Setting,
        raw: &str,
        source: Source,
    ) -> Result<(), ConfigError> {
        let name = match source {
            Source::Env => setting.env.clone(),
            Source::Flag => format!("--{}", setting.flag),
        };
        let invalid = |reason: String| ConfigError::Env {
            name: name.clone(),
            value: if setting.secret {
                "***".into()
            } else {
                raw.to_owned()
            },
            reason,
        };
        let value = match &setting.kind {
            SettingKind::Integer => Value::from(
                raw.trim()
                    .parse::<u64>()
                    .map_err(|e| invalid(format!("{e} (expected a whole number)")))?,
            ),
            SettingKind::Number => Value::from(
                raw.trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|n| n.is_finite())
                    .ok_or_else(|| invalid("expected a number (e.g. 0.01)".into()))?,
            ),
            SettingKind::Boolean => Value::from(
                raw.trim()
                    .parse::<bool>()
                    .map_err(|_| invalid("expected true or false".into()))?,
            ),
            SettingKind::List => Value::from(
                raw.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>(),
            ),
            SettingKind::Text | SettingKind::Choice(_) => Value::from(raw),
        };
        let mut whole = serde_json::to_value(&*self).expect("configurations serialize");
        let mut slot = Some(&mut whole);
        for part in setting.key.split('.') {
            slot = slot.and_then(|v| v.get_mut(part));
        }
        let Some(slot) = slot else {
            return Err(invalid(format!(
                "`{}` is not a path of the configuration",
                setting.key
            )));
        };
        *slot = value;
        *self = serde_json::from_value(whole).map_err(|e| {
            let reason = e.to_string();
            // serde names the value it rejected: not for secrets.
            invalid(if setting.secret {
                "not a valid value".into()
            } else {
                reason
            })
        })?;
        Ok(())
    }

    /// Applies every setting that `value` returns text for (empty text counts as unset).
    pub fn apply(
        &mut self,
        source: Source,
        value: impl Fn(&'static Setting) -> Option<String>,
    ) -> Result<(), ConfigError> {
        for setting in settings() {
            if let Some(raw) = value(setting).filter(|v| !v.is_empty()) {
                self.set(setting, &raw, source)?;
            }
        }
        Ok(())
    }

    /// The configuration as JSON with every secret that is set replaced by `***`, and the
    /// credentials in URLs (`nats.url`, `database_url`) hidden: what may be shown or logged.
    pub fn redacted(&self) -> Value {
        let mut whole = serde_json::to_value(self).expect("configurations serialize");
        if let Some(url) = &self.nats.url {
            whole["nats"]["url"] = Value::from(crate::comms::redact_url(url));
        }
        if let Some(url) = &self.database_url {
            whole["database_url"] = Value::from(crate::store::redact_password(url));
        }
        for setting in settings().iter().filter(|s| s.secret) {
            let mut slot = Some(&mut whole);
            for part in setting.key.split('.') {
                slot = slot.and_then(|v| v.get_mut(part));
            }
            if let Some(v) = slot.filter(|v| !v.is_null()) {
                *v = Value::from("***");
            }
        }
        whole
    }
}

/// The configuration reference (a Markdown table of every setting), as docs/operations.md
/// holds it between `<!-- settings:start -->` and `<!-- settings:end -->`.
pub fn reference_markdown() -> String {
    let mut out = String::from(
        "| setting | variable | flag | values | default | what it does |\n|---|---|---|---|---|---|\n",
    );
    for s in settings() {
        let default = match (&s.default, s.secret) {
            (_, true) | (None, _) => "unset".to_owned(),
            (Some(d), _) if d.is_empty() => "empty".to_owned(),
            (Some(d), _) => format!("`{d}`"),
        };
        out.push_str(&format!(
            "| `{}` | `{}` | `--{}` | {} | {} | {}{} |\n",
            s.key,
            s.env,
            s.flag,
            s.kind.describe(),
            default,
            s.help.replace('|', "\\|"),
            if s.secret {
                " Secret: never shown."
            } else {
                ""
            },
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_one_setting_with_a_variable_a_flag_and_help() {
        let all = settings();
        let keys: Vec<&str> = all.iter().map(|s| s.key.as_str()).collect();
        for key in [
            "instance_id",
            "database_url",
            "nats.password",
            "api.listen",
            "api.cors_origins",
            "scheduler.lease_ms",
            "preview.record",
            "gc.batch",
        ] {
            assert!(keys.contains(&key), "{key} missing from {keys:?}");
        }
        let mut envs: Vec<&str> = all.iter().map(|s| s.env.as_str()).collect();
        envs.sort_unstable();
        let before = envs.len();
        envs.dedup();
        assert_eq!(before, envs.len(), "variables are unique");
        for s in all {
            assert!(!s.help.is_empty(), "{} has no help", s.key);
            assert_eq!(flag_name(&s.env).as_deref(), Some(s.flag.as_str()));
        }
        let cors = setting("api.cors_origins").unwrap();
        assert_eq!(
            (cors.env.as_str(), &cors.kind),
            ("ANTIDOTE_API_CORS_ORIGINS", &SettingKind::List)
        );
        assert_eq!(setting("api.listen").unwrap().env, "ANTIDOTE_LISTEN");
        assert_eq!(
            setting("api.listen").unwrap().default.as_deref(),
            Some("127.0.0.1:8086")
        );
        assert_eq!(
            setting("tier").unwrap().kind,
            SettingKind::Choice(vec!["prod".into(), "ptr".into(), "local".into()])
        );
        assert_eq!(setting("gc.batch").unwrap().kind, SettingKind::Integer);
        let secrets: Vec<&str> = all
            .iter()
            .filter(|s| s.secret)
            .map(|s| s.key.as_str())
            .collect();
        assert_eq!(
            secrets,
            [
                "nats.password",
                "nats.token",
                "api.admin_token",
                "kubernetes.files_key"
            ]
        );
    }

    #[test]
    fn values_from_text_and_secrets_never_shown() {
        let mut c = Config::default();
        c.apply_env(|k| match k {
            "ANTIDOTE_API_CORS_ORIGINS" => Some("https://a.example, https://b.example".into()),
            "ANTIDOTE_SCHEDULER_ENDPOINT_RETRIES" => Some("5".into()),
            "ANTIDOTE_NATS_PASSWORD" => Some("hunter2-hunter2".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(
            c.api.cors_origins,
            ["https://a.example", "https://b.example"]
        );
        assert_eq!(c.scheduler.endpoint_retries, 5);
        assert_eq!(
            c.nats.password.as_ref().map(super::super::Secret::expose),
            Some("hunter2-hunter2")
        );
        let shown = format!("{c:?} {}", c.redacted());
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("***"), "{shown}");

        let err = c
            .set(
                setting("api.admin_token").unwrap(),
                "short-secret",
                Source::Flag,
            )
            .map(|()| c.check());
        let shown = format!("{err:?}");
        assert!(!shown.contains("short-secret"), "{shown}");
        // Credentials written into URLs are hidden too.
        let mut urls = Config::default();
        urls.nats.url = Some("nats://svc:hunter3@nats:4222".into());
        urls.database_url = Some("postgres://u:pw-pw-pw@db/x".into());
        let shown = urls.redacted().to_string();
        assert!(
            !shown.contains("hunter3") && !shown.contains("pw-pw-pw"),
            "{shown}"
        );
        assert!(shown.contains("nats://***@nats:4222"), "{shown}");
        // A secret the file gives as a number is refused without being shown.
        let err = Config::from_yaml(
            std::path::Path::new("c.yaml"),
            "api:\n  admin_token: 1234567890123456789\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("c.yaml:2:") && !err.contains("1234567890123456789"),
            "{err}"
        );

        let err = Config::default()
            .set(setting("gc.batch").unwrap(), "many", Source::Flag)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("invalid --gc-batch=`many`"), "{err}");
    }
}
