//! The settings as command-line flags, for every binary that takes them (`antidote` and
//! `antidotectl serve`): one flag per setting of the settings table, named after its variable,
//! and the precedence file < variables < flags in one place.

use std::path::PathBuf;

use antidote_lib::config::{Config, ConfigError, Setting};
use clap::{Arg, ArgMatches};

/// `--config FILE`.
pub fn config_arg() -> Arg {
    Arg::new("config")
        .long("config")
        .value_name("FILE")
        .value_parser(clap::value_parser!(PathBuf))
        .help("YAML configuration file (see docs/operations.md)")
}

/// One flag per setting (`--gc-interval-ms`), under the heading "Settings", its help from the
/// setting with its variable and its default in `base` (the command's own defaults). Secrets
/// say that a flag shows in the process list.
pub fn setting_args(base: &Config) -> impl Iterator<Item = Arg> {
    let defaults = serde_json::to_value(base).unwrap_or_default();
    antidote_lib::config::settings()
        .iter()
        .map(move |s| arg(s, &defaults))
}

/// The flag of the setting with the YAML key `key` (see [`setting_args`]).
pub fn setting_arg(key: &str, base: &Config) -> Option<Arg> {
    let defaults = serde_json::to_value(base).unwrap_or_default();
    antidote_lib::config::setting(key).map(|s| arg(s, &defaults))
}

fn arg(s: &'static Setting, defaults: &serde_json::Value) -> Arg {
    let value = s.key.split('.').try_fold(defaults, |v, part| v.get(part));
    let default = match value {
        _ if s.secret => " (prefer the variable: a flag shows in the process list)".to_owned(),
        Some(serde_json::Value::String(d)) if !d.is_empty() => format!(" [default: {d}]"),
        Some(v @ (serde_json::Value::Number(_) | serde_json::Value::Bool(_))) => {
            format!(" [default: {v}]")
        }
        _ => String::new(),
    };
    Arg::new(s.flag.as_str())
        .long(s.flag.as_str())
        .value_name(s.kind.value_name())
        .help_heading("Settings")
        .help(format!("{} [env: {}]{default}", s.help, s.env))
}

/// The configuration of a process: `base`, then the file given with `--config`, then the
/// `ANTIDOTE_*` environment, then the setting flags found in any of `matches`; checked.
pub fn load(base: Config, matches: &[&ArgMatches]) -> Result<Config, ConfigError> {
    let file = matches
        .iter()
        .find_map(|m| m.try_get_one::<PathBuf>("config").ok().flatten())
        .map(PathBuf::as_path);
    let config = Config::load_with_flags(base, file, |setting| {
        matches.iter().find_map(|m| {
            m.try_get_one::<String>(&setting.flag)
                .ok()
                .flatten()
                .cloned()
        })
    })?;
    config.check()?;
    Ok(config)
}
