//! The schema walker: fills a resource document from the answers given and the prompter.
//!
//! Properties are asked required first, then optional (each in schema order; a `name` or
//! `title` before the `slug` it suggests). Enums are selections, booleans confirmations,
//! integers bounded, strings checked against `minLength` and `pattern` as typed, lists
//! repeated with "add another?", nested objects walked. Where the curriculum knows the
//! possible values (images, collections, lessons, the lesson's own endpoints) they are offered
//! as a selection.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::plan::Context;
use super::{Choice, Prompter, Question, ScaffoldError, explain_pattern, slugify};
use crate::curriculum::{Kind, NAPALM_DRIVERS};

/// One step of the path being walked.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

pub(crate) struct Walker<'a, 'p> {
    root: &'a Value,
    context: &'a Context,
    prompter: Option<&'p mut dyn Prompter>,
    missing: Vec<String>,
    path: Vec<Step>,
    /// The document walked so far (for choices that depend on earlier answers).
    done: Value,
}

impl<'a, 'p> Walker<'a, 'p> {
    pub(crate) fn new(
        root: &'a Value,
        context: &'a Context,
        prompter: Option<&'p mut dyn Prompter>,
    ) -> Self {
        Walker {
            root,
            context,
            prompter,
            missing: Vec::new(),
            path: Vec::new(),
            done: Value::Object(Map::new()),
        }
    }

    /// The missing required fields found (only without a prompter).
    pub(crate) fn into_missing(self) -> Vec<String> {
        self.missing
    }

    /// Walks the whole resource, starting from `answers`.
    pub(crate) fn resource(&mut self, answers: &Value) -> Result<Value, ScaffoldError> {
        let root = self.root;
        let node = resolve(root, root);
        let pre = answers.as_object().cloned().unwrap_or_default();
        self.object(node, pre, true).map(Value::Object)
    }

    /// The NAPALM driver of each napalm-configured endpoint: given, asked, or missing.
    pub(crate) fn napalm_drivers(
        &mut self,
        kind: Kind,
        value: &Value,
        given: &BTreeMap<String, String>,
    ) -> Result<BTreeMap<String, String>, ScaffoldError> {
        let mut out = BTreeMap::new();
        if kind != Kind::Lesson {
            return Ok(out);
        }
        let endpoints = value
            .get("endpoints")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let napalm: Vec<&str> = endpoints
            .iter()
            .filter(|ep| ep.get("configurationType").and_then(Value::as_str) == Some("napalm"))
            .filter_map(|ep| ep.get("name").and_then(Value::as_str))
            .collect();
        if let Some((name, driver)) = given.iter().find(|(n, _)| !napalm.contains(&n.as_str())) {
            return Err(ScaffoldError::BadSetting {
                setting: format!("--napalm-driver {name}={driver}"),
                message: if napalm.is_empty() {
                    "no endpoint of this lesson is configured with napalm".to_owned()
                } else {
                    format!(
                        "no endpoint `{name}` is configured with napalm (those that are: {})",
                        napalm.join(", ")
                    )
                },
            });
        }
        for (i, ep) in endpoints.iter().enumerate() {
            if ep.get("configurationType").and_then(Value::as_str) != Some("napalm") {
                continue;
            }
            let name = ep.get("name").and_then(Value::as_str).unwrap_or_default();
            if let Some(driver) = given.get(name) {
                if !NAPALM_DRIVERS.contains(&driver.as_str()) {
                    return Err(ScaffoldError::BadSetting {
                        setting: format!("{name}={driver}"),
                        message: format!(
                            "unknown NAPALM driver (expected one of {})",
                            NAPALM_DRIVERS.join(", ")
                        ),
                    });
                }
                out.insert(name.to_owned(), driver.clone());
                continue;
            }
            let question = Question {
                path: format!("endpoints.{i}.napalmDriver"),
                label: format!("NAPALM driver of endpoint `{name}`"),
                help: Some(
                    "names its configuration files: stageN/configs/<endpoint>-<driver>.txt".into(),
                ),
                optional: false,
            };
            match self.prompter.as_deref_mut() {
                Some(p) => {
                    let choices: Vec<Choice> = NAPALM_DRIVERS
                        .iter()
                        .map(|d| Choice {
                            value: (*d).to_owned(),
                            help: None,
                        })
                        .collect();
                    let i = p.select(&question, &choices, 0)?;
                    out.insert(name.to_owned(), NAPALM_DRIVERS[i.min(5)].to_owned());
                }
                None => self
                    .missing
                    .push(format!("napalm driver of endpoint `{name}`")),
            }
        }
        Ok(out)
    }

    fn dotted(&self) -> String {
        self.path
            .iter()
            .map(|s| match s {
                Step::Key(k) => k.clone(),
                Step::Index(i) => i.to_string(),
            })
            .collect::<Vec<_>>()
            .join(".")
    }

    fn label(&self) -> String {
        let mut out = String::new();
        for s in &self.path {
            match s {
                Step::Key(k) => {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(k);
                }
                Step::Index(i) => out.push_str(&format!(" #{}", i + 1)),
            }
        }
        out
    }

    fn question(&self, help: Option<&str>, optional: bool) -> Question {
        Question {
            path: self.dotted(),
            label: self.label(),
            help: help.map(str::to_owned),
            optional,
        }
    }

    /// Records the value at the current path in `done`, for later choices.
    fn record(&mut self, value: &Value) {
        let path: Vec<crate::schema::PathSeg<'_>> = self
            .path
            .iter()
            .map(|s| match s {
                Step::Key(k) => crate::schema::PathSeg::Key(k),
                Step::Index(i) => crate::schema::PathSeg::Index(*i),
            })
            .collect();
        let _ = super::set_path(&mut self.done, &path, value.clone());
    }

    /// Walks an object. `ask_optional` is off for objects the answers gave: their optional
    /// fields were left out on purpose.
    fn object(
        &mut self,
        node: &Value,
        mut pre: Map<String, Value>,
        ask_optional: bool,
    ) -> Result<Map<String, Value>, ScaffoldError> {
        let root = self.root;
        let empty = Map::new();
        let props = node
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let required: Vec<&str> = node
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut order: Vec<(&str, bool)> = props
            .keys()
            .filter(|k| required.contains(&k.as_str()))
            .map(|k| (k.as_str(), true))
            .chain(
                props
                    .keys()
                    .filter(|k| !required.contains(&k.as_str()))
                    .map(|k| (k.as_str(), false)),
            )
            .collect();
        // Ask the display name before the slug it suggests.
        if let Some(slug) = order.iter().position(|(k, _)| *k == "slug")
            && let Some(name) = order
                .iter()
                .position(|(k, _)| *k == "name" || *k == "title")
            && name > slug
        {
            let entry = order.remove(name);
            order.insert(slug, entry);
        }
        let mut out = Map::new();
        for (key, is_required) in &order {
            let prop = &props[*key];
            self.path.push(Step::Key((*key).to_owned()));
            let required = *is_required || self.required_here(key, &out);
            if !required && !ask_optional && !pre.contains_key(*key) {
                self.path.pop();
                continue;
            }
            let got = self.value(root, prop, pre.remove(*key), required, &out)?;
            if let Some(v) = &got {
                self.record(v);
            }
            self.path.pop();
            if let Some(v) = got {
                out.insert((*key).to_owned(), v);
            }
        }
        // Unknown keys stay, for the schema check to report.
        out.extend(pre);
        // Keys in schema order, required first.
        let mut ordered = Map::new();
        for (key, _) in props
            .keys()
            .filter(|k| required.contains(&k.as_str()))
            .map(|k| (k, ()))
            .chain(
                props
                    .keys()
                    .filter(|k| !required.contains(&k.as_str()))
                    .map(|k| (k, ())),
            )
        {
            if let Some(v) = out.remove(key) {
                ordered.insert(key.clone(), v);
            }
        }
        ordered.extend(out);
        Ok(ordered)
    }

    /// Optional fields that the rules in code make necessary: an endpoint needs presentations
    /// when it has no additional ports.
    fn required_here(&self, key: &str, siblings: &Map<String, Value>) -> bool {
        key == "presentations"
            && matches!(self.path.as_slice(), [Step::Key(e), Step::Index(_), _] if e == "endpoints")
            && siblings
                .get("additionalPorts")
                .and_then(Value::as_array)
                .is_none_or(Vec::is_empty)
            && self.prompter.is_some()
    }

    fn value(
        &mut self,
        root: &Value,
        prop: &Value,
        pre: Option<Value>,
        required: bool,
        siblings: &Map<String, Value>,
    ) -> Result<Option<Value>, ScaffoldError> {
        let node = resolve(root, prop);
        let help = prop
            .get("description")
            .or_else(|| node.get("description"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        let ty = node.get("type").and_then(Value::as_str);
        let is_enum = crate::schema::allowed_values(node).is_some();
        match (ty, pre) {
            (Some("object"), Some(Value::Object(m))) => {
                Ok(Some(Value::Object(self.object(node, m, false)?)))
            }
            (Some("array"), Some(Value::Array(items))) => {
                let item_schema = node.get("items").map(|i| resolve(root, i));
                let mut out = Vec::new();
                for (i, item) in items.into_iter().enumerate() {
                    match (item_schema, item) {
                        (Some(s), Value::Object(m))
                            if s.get("type").and_then(Value::as_str) == Some("object") =>
                        {
                            self.path.push(Step::Index(i));
                            let v = Value::Object(self.object(s, m, false)?);
                            self.record(&v);
                            self.path.pop();
                            out.push(v);
                        }
                        (_, other) => out.push(other),
                    }
                }
                Ok(Some(Value::Array(out)))
            }
            (_, Some(v)) => Ok(Some(v)),
            (_, None) if self.prompter.is_none() => {
                if required {
                    if ty == Some("object") {
                        // Walk it to name the missing fields inside.
                        let _ = self.object(node, Map::new(), false)?;
                    } else {
                        let path = self.dotted();
                        self.missing.push(path);
                    }
                }
                Ok(None)
            }
            (Some("object"), None) => {
                if !required {
                    let q = self.question(help.as_deref(), true);
                    let p = self.prompter.as_deref_mut().expect("checked above");
                    if !p.confirm(
                        &Question {
                            label: format!("add {}?", q.label),
                            ..q
                        },
                        false,
                    )? {
                        return Ok(None);
                    }
                }
                Ok(Some(Value::Object(self.object(node, Map::new(), true)?)))
            }
            (Some("array"), None) => self.array(root, node, help.as_deref(), required),
            (_, None) if is_enum => self.select_enum(node, help.as_deref(), required),
            (Some("boolean"), None) => {
                let default = node
                    .get("default")
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                let q = self.question(help.as_deref(), !required);
                let p = self.prompter.as_deref_mut().expect("checked above");
                let yes = p.confirm(&q, default)?;
                Ok((required || yes).then_some(Value::Bool(yes)))
            }
            (Some("integer"), None) => {
                let min = node.get("minimum").and_then(Value::as_i64);
                let max = node.get("maximum").and_then(Value::as_i64);
                let default = node
                    .get("default")
                    .and_then(Value::as_i64)
                    .filter(|d| *d != 0 || required);
                let q = self.question(help.as_deref(), !required);
                let p = self.prompter.as_deref_mut().expect("checked above");
                Ok(p.integer(&q, min, max, default)?.map(Value::from))
            }
            (_, None) => self.string(node, help.as_deref(), required, siblings),
        }
    }

    fn array(
        &mut self,
        root: &Value,
        node: &Value,
        help: Option<&str>,
        required: bool,
    ) -> Result<Option<Value>, ScaffoldError> {
        let Some(items) = node.get("items") else {
            return Ok(None);
        };
        let min = node
            .get("minItems")
            .and_then(Value::as_u64)
            .unwrap_or(u64::from(required)) as usize;
        let unique = node.get("uniqueItems").and_then(Value::as_bool) == Some(true);
        let mut out: Vec<Value> = Vec::new();
        loop {
            let q = self.question(help, !required);
            if out.len() >= min {
                let p = self.prompter.as_deref_mut().expect("only with a prompter");
                if !p.add_another(&q, out.len())? {
                    break;
                }
            }
            self.path.push(Step::Index(out.len()));
            let mut taken: Map<String, Value> = Map::new();
            if unique {
                taken.insert("".into(), Value::Array(out.clone()));
            }
            // Past the minimum, an empty answer (or "leave it out") ends a list of values, so
            // that "add another?" answered by mistake can be taken back.
            let is_object =
                resolve(root, items).get("type").and_then(Value::as_str) == Some("object");
            let item_required = is_object || out.len() < min;
            let got = self.value(root, items, None, item_required, &taken);
            let got = match got {
                Ok(v) => v,
                Err(e) => {
                    self.path.pop();
                    return Err(e);
                }
            };
            if let Some(v) = &got {
                self.record(v);
            }
            self.path.pop();
            match got {
                Some(v) => out.push(v),
                None => break,
            }
        }
        Ok((!out.is_empty() || required).then_some(Value::Array(out)))
    }

    fn select_enum(
        &mut self,
        node: &Value,
        help: Option<&str>,
        required: bool,
    ) -> Result<Option<Value>, ScaffoldError> {
        let values = crate::schema::allowed_values(node).unwrap_or_default();
        let branches = node.get("oneOf").and_then(Value::as_array);
        let mut choices: Vec<Choice> = values
            .iter()
            .enumerate()
            .map(|(i, v)| Choice {
                value: v.clone(),
                help: branches
                    .and_then(|b| b.get(i))
                    .and_then(|b| b.get("description"))
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            })
            .collect();
        let default = node
            .get("default")
            .and_then(Value::as_str)
            .and_then(|d| values.iter().position(|v| v == d))
            .unwrap_or(0);
        if !required {
            choices.push(Choice {
                value: String::new(),
                help: Some("leave it out".into()),
            });
        }
        let q = self.question(help, !required);
        let p = self.prompter.as_deref_mut().expect("only with a prompter");
        let default = if required { default } else { choices.len() - 1 };
        let i = p.select(&q, &choices, default)?;
        Ok(choices
            .get(i)
            .filter(|c| !c.value.is_empty())
            .map(|c| Value::String(c.value.clone())))
    }

    /// Values the curriculum offers for the current place, if it knows them.
    fn known_values(&self) -> Option<Vec<String>> {
        let keys: Vec<&str> = self
            .path
            .iter()
            .map(|s| match s {
                Step::Key(k) => k.as_str(),
                Step::Index(_) => "*",
            })
            .collect();
        let list = match keys.as_slice() {
            ["endpoints", "*", "image"] => self.context.images.clone(),
            ["collection"] => self.context.collections.clone(),
            ["prereqs", "*"] => self.context.lessons.clone(),
            ["connections", "*", "a" | "b"] => self
                .done
                .get("endpoints")
                .and_then(Value::as_array)
                .map(|eps| {
                    eps.iter()
                        .filter_map(|e| e.get("name").and_then(Value::as_str).map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
            _ => return None,
        };
        (!list.is_empty()).then_some(list)
    }

    /// Values already used where a value must be unique: list items of a unique list, and
    /// names of sibling items (endpoints, presentations).
    fn taken(&self, siblings: &Map<String, Value>) -> Vec<String> {
        let strings = |v: &Value| -> Vec<String> {
            v.as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_owned)
                        .collect()
                })
                .unwrap_or_default()
        };
        if let Some(list) = siblings.get("") {
            return strings(list);
        }
        // The new resource's slug: not one the curriculum has already.
        if let [Step::Key(k)] = self.path.as_slice()
            && k == "slug"
        {
            return self.context.existing.clone();
        }
        if let [.., Step::Index(i), Step::Key(k)] = self.path.as_slice()
            && k == "name"
        {
            let parent: Vec<crate::schema::PathSeg<'_>> = self.path[..self.path.len() - 2]
                .iter()
                .map(|s| match s {
                    Step::Key(k) => crate::schema::PathSeg::Key(k),
                    Step::Index(i) => crate::schema::PathSeg::Index(*i),
                })
                .collect();
            let mut node = Some(&self.done);
            for seg in parent {
                node = node.and_then(|n| match seg {
                    crate::schema::PathSeg::Key(k) => n.get(k),
                    crate::schema::PathSeg::Index(i) => n.get(i),
                });
            }
            return node
                .and_then(Value::as_array)
                .map(|items| {
                    items
                        .iter()
                        .take(*i)
                        .filter_map(|it| it.get("name").and_then(Value::as_str).map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
        }
        Vec::new()
    }

    fn string(
        &mut self,
        node: &Value,
        help: Option<&str>,
        required: bool,
        siblings: &Map<String, Value>,
    ) -> Result<Option<Value>, ScaffoldError> {
        let taken = self.taken(siblings);
        if let Some(known) = self.known_values() {
            let mut choices: Vec<Choice> = known
                .into_iter()
                .filter(|v| !taken.contains(v))
                .map(|value| Choice { value, help: None })
                .collect();
            if !choices.is_empty() {
                if !required {
                    choices.push(Choice {
                        value: String::new(),
                        help: Some("leave it out".into()),
                    });
                }
                let q = self.question(help, !required);
                let default = if required { 0 } else { choices.len() - 1 };
                let p = self.prompter.as_deref_mut().expect("only with a prompter");
                let i = p.select(&q, &choices, default)?;
                return Ok(choices
                    .get(i)
                    .filter(|c| !c.value.is_empty())
                    .map(|c| Value::String(c.value.clone())));
            }
        }
        let min_len = node.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
        let pattern = node
            .get("pattern")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let compiled = pattern.as_deref().and_then(|p| {
            jsonschema::validator_for(&serde_json::json!({ "type": "string", "pattern": p })).ok()
        });
        let explained = pattern.as_deref().map(explain_pattern);
        let default = match self.path.last() {
            Some(Step::Key(k)) if k == "slug" => {
                let name = self
                    .done
                    .get("name")
                    .or_else(|| self.done.get("title"))
                    .and_then(Value::as_str)
                    .map(slugify);
                name.filter(|s| !s.is_empty())
            }
            _ => node
                .get("default")
                .and_then(Value::as_str)
                .map(str::to_owned),
        };
        let mut q = self.question(help, !required);
        if let Some(e) = &explained {
            q.help = Some(match q.help {
                Some(h) => format!("{h} ({e})"),
                None => e.clone(),
            });
        }
        let check = |s: &str| -> Result<(), String> {
            if s.is_empty() {
                return if required {
                    Err("an answer is required".into())
                } else {
                    Ok(())
                };
            }
            if s.chars().count() < min_len {
                return Err(format!("at least {min_len} characters"));
            }
            if let (Some(v), Some(e)) = (&compiled, &explained)
                && !v.is_valid(&Value::String(s.to_owned()))
            {
                return Err(e.clone());
            }
            if taken.iter().any(|t| t == s) {
                return Err(
                    if matches!(self.path.as_slice(), [Step::Key(k)] if k == "slug") {
                        format!("`{s}` is taken: the curriculum has one with that slug already")
                    } else {
                        format!("`{s}` is already used")
                    },
                );
            }
            Ok(())
        };
        let p = self.prompter.as_deref_mut().expect("only with a prompter");
        let answer = p.text(&q, default.as_deref(), &check)?;
        // A prompter that ignores the check is caught by the schema check later.
        if answer.is_empty() && !required {
            return Ok(None);
        }
        Ok(Some(Value::String(answer)))
    }
}

fn resolve<'v>(root: &'v Value, mut node: &'v Value) -> &'v Value {
    for _ in 0..16 {
        match node
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|p| root.pointer(p))
        {
            Some(target) => node = target,
            None => break,
        }
    }
    node
}
