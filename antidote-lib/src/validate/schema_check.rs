//! Checking a document against its JSON Schema and reading it into its typed resource.
//!
//! Each schema error becomes a diagnostic at the exact key or value it is about. Then the
//! offending parts are pruned (unknown keys and bad values removed, bad sequence items replaced
//! by an empty value of the right type) so that serde can still read the resource and the rules
//! in code can run on everything that is right.

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::paths::LocationSegment;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::Diagnostic;
use super::diagnostic::did_you_mean;
use super::rules;
use crate::curriculum::{Document, Seg};
use crate::schema::{self, PathSeg};

/// An owned path into a document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Key(String),
    Index(usize),
}

fn segs(path: &[Step]) -> Vec<Seg<'_>> {
    path.iter()
        .map(|s| match s {
            Step::Key(k) => Seg::Key(k),
            Step::Index(i) => Seg::Index(*i),
        })
        .collect()
}

fn schema_segs(path: &[Step]) -> Vec<PathSeg<'_>> {
    path.iter()
        .map(|s| match s {
            Step::Key(k) => PathSeg::Key(k),
            Step::Index(i) => PathSeg::Index(*i),
        })
        .collect()
}

/// Dotted form of a path for messages: `endpoints[1].presentations[0].port`.
fn dotted(path: &[Step]) -> String {
    let mut out = String::new();
    for s in path {
        match s {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// What to do to the value before reading it typed.
enum Prune {
    /// Remove the node at this path (or replace it, inside a sequence, with this value).
    Node(Vec<Step>, Value),
    /// Replace the node at this path with this value (a list cut to its allowed length).
    Replace(Vec<Step>, Value),
}

/// Checks `doc` against its schema and reads it as `T`; the resource is `None` only when
/// even the pruned document cannot be read (e.g. it is not a mapping).
pub(crate) fn check<T: DeserializeOwned>(doc: &Document, out: &mut Vec<Diagnostic>) -> Option<T> {
    check_against(
        schema::cached(doc.kind),
        schema::validator(doc.kind),
        doc,
        out,
    )
}

fn check_against<T: DeserializeOwned>(
    root_schema: &Value,
    validator: &jsonschema::Validator,
    doc: &Document,
    out: &mut Vec<Diagnostic>,
) -> Option<T> {
    let mut prunes = Vec::new();
    for error in validator.iter_errors(&doc.value) {
        let path: Vec<Step> = error
            .instance_path()
            .iter()
            .map(|s| match s {
                LocationSegment::Property(p) => Step::Key(p.into_owned()),
                LocationSegment::Index(i) => Step::Index(i),
            })
            .collect();
        let here = segs(&path);
        let value_pos = doc.value_pos(&here);
        let field = if path.is_empty() {
            doc.kind.file_name().to_owned()
        } else {
            format!("`{}`", dotted(&path))
        };
        let sub_schema = schema::schema_at(root_schema, &schema_segs(&path));
        let description = sub_schema
            .and_then(|s| s.get("description"))
            .and_then(Value::as_str);
        let instance = error.instance();
        let file = &doc.file;
        match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let known: Vec<&str> = sub_schema
                    .and_then(|s| s.get("properties"))
                    .and_then(Value::as_object)
                    .map(|p| p.keys().map(String::as_str).collect())
                    .unwrap_or_default();
                for key in unexpected {
                    let mut key_path = path.clone();
                    key_path.push(Step::Key(key.clone()));
                    let pos = doc.key_pos(&segs(&key_path));
                    let within = if path.is_empty() {
                        doc.kind.as_str().to_owned()
                    } else {
                        format!("`{}`", dotted(&path))
                    };
                    let mut d = rules::unknown_key::RULE.diagnostic(
                        file,
                        pos,
                        format!("unknown key `{key}` in {within}"),
                    );
                    d = match did_you_mean(key, known.iter().copied()) {
                        Some(k) => d.with_help(format!("did you mean `{k}`?")),
                        None => d.with_help(format!("known keys here: {}", known.join(", "))),
                    };
                    out.push(d);
                    prunes.push(Prune::Node(key_path, Value::Null));
                }
            }
            ValidationErrorKind::Type { kind } => {
                let expected = match kind {
                    TypeKind::Single(t) => t.to_string(),
                    TypeKind::Multiple(ts) => ts
                        .iter()
                        .map(|t| t.to_string())
                        .collect::<Vec<_>>()
                        .join(" or "),
                };
                let found = type_name(instance);
                let message = if path.is_empty() {
                    format!(
                        "{} must be a mapping of keys to values, found {found}",
                        doc.kind.file_name()
                    )
                } else {
                    format!(
                        "{field} must be {} {expected}, found {found}",
                        article(&expected)
                    )
                };
                let mut d = rules::wrong_type::RULE.diagnostic(file, value_pos, message);
                if let (Value::String(s), "integer") = (instance.as_ref(), expected.as_str())
                    && s.parse::<i64>().is_ok()
                {
                    d = d.with_help(format!("write the number without quotes: {s}"));
                } else if let Some(desc) = description {
                    d = d.with_help(format!("{field}: {}", first_line(desc)));
                }
                out.push(d);
                prunes.push(Prune::Node(path.clone(), empty_of(&expected)));
            }
            ValidationErrorKind::Required { property } => {
                let name = property
                    .as_str()
                    .map_or_else(|| property.to_string(), str::to_owned);
                let within = if path.is_empty() {
                    doc.kind.as_str().to_owned()
                } else {
                    format!("`{}`", dotted(&path))
                };
                let pos = doc.key_pos(&here);
                let mut d = rules::missing_field::RULE.diagnostic(
                    file,
                    pos,
                    format!("{within} is missing the required key `{name}`"),
                );
                let mut prop_path = schema_segs(&path);
                prop_path.push(PathSeg::Key(&name));
                let prop_desc = schema::schema_at(root_schema, &prop_path)
                    .and_then(|p| p.get("description"))
                    .and_then(Value::as_str);
                if let Some(desc) = prop_desc {
                    d = d.with_help(format!("add `{name}`: {}", first_line(desc)));
                }
                out.push(d);
            }
            ValidationErrorKind::MinLength { .. } => {
                out.push(
                    rules::empty_value::RULE
                        .diagnostic(file, value_pos, format!("{field} must not be empty"))
                        .with_help(description.map_or_else(
                            || "give it a value".to_owned(),
                            |d| format!("{field}: {}", first_line(d)),
                        )),
                );
                prunes.push(Prune::Node(path.clone(), Value::String(String::new())));
            }
            ValidationErrorKind::MinItems { .. } if instance.is_array() => {
                let what = match path.last() {
                    Some(Step::Key(k)) => k.trim_end_matches('s').to_owned(),
                    _ => "item".to_owned(),
                };
                out.push(
                    rules::empty_list::RULE
                        .diagnostic(
                            file,
                            value_pos,
                            format!("{field} must have at least one {what}"),
                        )
                        .with_help(description.map_or_else(
                            || format!("add a {what}"),
                            |d| format!("{field}: {}", first_line(d)),
                        )),
                );
            }
            ValidationErrorKind::MaxItems { limit } if instance.is_array() => {
                let items = instance.as_array().map_or(0, Vec::len);
                out.push(
                    rules::schema_violation::RULE
                        .diagnostic(
                            file,
                            value_pos,
                            format!("{field} has {items} items, more than the {limit} allowed"),
                        )
                        .with_help(description.map_or_else(
                            || format!("keep at most {limit}"),
                            |d| format!("keep at most {limit}; {field}: {}", first_line(d)),
                        )),
                );
                // The first ones are still checked.
                let kept: Vec<Value> = instance
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .take(usize::try_from(*limit).unwrap_or(usize::MAX))
                            .cloned()
                            .collect()
                    })
                    .unwrap_or_default();
                prunes.push(Prune::Replace(path.clone(), Value::Array(kept)));
            }
            ValidationErrorKind::Enum { .. }
            | ValidationErrorKind::OneOfNotValid { .. }
            | ValidationErrorKind::AnyOf { .. }
                if sub_schema.and_then(schema::allowed_values).is_some() =>
            {
                let allowed = sub_schema
                    .and_then(schema::allowed_values)
                    .unwrap_or_default();
                let shown = match instance.as_ref() {
                    Value::String(s) => format!("`{s}`"),
                    other => type_name(other).to_owned(),
                };
                let mut d = rules::invalid_value::RULE.diagnostic(
                    file,
                    value_pos,
                    format!(
                        "{field} is {shown}, expected one of: {}",
                        allowed.join(", ")
                    ),
                );
                if let Some(s) = instance.as_str()
                    && let Some(m) = did_you_mean(s, allowed.iter().map(String::as_str))
                {
                    d = d.with_help(format!("did you mean `{m}`?"));
                }
                out.push(d);
                prunes.push(Prune::Node(path.clone(), Value::Null));
            }
            ValidationErrorKind::Pattern { pattern } => {
                let shown = instance.as_str().unwrap_or_default();
                out.push(
                    rules::pattern_mismatch::RULE
                        .diagnostic(
                            file,
                            value_pos,
                            format!("{field} `{shown}` does not match the pattern {pattern}"),
                        )
                        .with_help(pattern_help(pattern, shown)),
                );
            }
            ValidationErrorKind::UniqueItems => {
                let items = instance.as_array().map(Vec::as_slice).unwrap_or_default();
                let repeated = items
                    .iter()
                    .enumerate()
                    .find(|(i, item)| items[..*i].contains(item));
                let (pos, shown) = match repeated {
                    Some((i, item)) => {
                        let mut item_path = here.clone();
                        item_path.push(Seg::Index(i));
                        (
                            doc.value_pos(&item_path),
                            item.as_str()
                                .map_or_else(|| item.to_string(), str::to_owned),
                        )
                    }
                    None => (value_pos, String::new()),
                };
                out.push(
                    rules::duplicate_item::RULE
                        .diagnostic(file, pos, format!("{field} lists `{shown}` more than once"))
                        .with_help("remove the repeated item"),
                );
            }
            ValidationErrorKind::Minimum { limit }
            | ValidationErrorKind::ExclusiveMinimum { limit } => {
                out.push(rules::out_of_range::RULE.diagnostic(
                    file,
                    value_pos,
                    format!("{field} is {instance}, it must be at least {limit}"),
                ));
                prunes.push(Prune::Node(path.clone(), Value::from(0)));
            }
            ValidationErrorKind::Maximum { limit }
            | ValidationErrorKind::ExclusiveMaximum { limit } => {
                out.push(rules::out_of_range::RULE.diagnostic(
                    file,
                    value_pos,
                    format!("{field} is {instance}, it must be at most {limit}"),
                ));
                prunes.push(Prune::Node(path.clone(), Value::from(0)));
            }
            _ => {
                out.push(rules::schema_violation::RULE.diagnostic(
                    file,
                    value_pos,
                    format!("{field}: {}", error.masked()),
                ));
                prunes.push(Prune::Node(path.clone(), Value::Null));
            }
        }
    }
    read_pruned(doc, prunes, out)
}

/// Applies the prunes and reads the value typed. What serde still cannot read (a value the
/// schema allows but the type does not, such as `port: 22.0`) is reported where it is, pruned
/// too, and the read retried: a resource is never dropped without a finding.
fn read_pruned<T: DeserializeOwned>(
    doc: &Document,
    prunes: Vec<Prune>,
    out: &mut Vec<Diagnostic>,
) -> Option<T> {
    if prunes.is_empty()
        && let Ok(t) = T::deserialize(&doc.value)
    {
        return Some(t);
    }
    let mut value = doc.value.clone();
    for p in prunes {
        match p {
            Prune::Node(path, replacement) => prune(&mut value, &path, replacement),
            Prune::Replace(path, replacement) => {
                if let Some(node) = navigate(&mut value, &path) {
                    *node = replacement;
                }
            }
        }
    }
    for _ in 0..64 {
        let err = match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(t) => return Some(t),
            Err(err) => err,
        };
        let path: Vec<Step> = err
            .path()
            .iter()
            .filter_map(|seg| match seg {
                serde_path_to_error::Segment::Map { key } => Some(Step::Key(key.clone())),
                serde_path_to_error::Segment::Seq { index } => Some(Step::Index(*index)),
                _ => None,
            })
            .collect();
        let field = if path.is_empty() {
            doc.kind.file_name().to_owned()
        } else {
            format!("`{}`", dotted(&path))
        };
        let pos = doc.value_pos(&segs(&path));
        let cause = err.into_inner();
        if path.is_empty() {
            out.push(rules::schema_violation::RULE.diagnostic(
                &doc.file,
                pos,
                format!("{field} cannot be read: {cause}"),
            ));
            return None;
        }
        out.push(
            rules::wrong_type::RULE
                .diagnostic(&doc.file, pos, format!("{field} cannot be read: {cause}"))
                .with_help(
                    "use a value of the type the field takes: `antidotectl schema` shows it",
                ),
        );
        let replacement = navigate(&mut value, &path).map_or(Value::Null, |v| empty_like(v));
        prune(&mut value, &path, replacement);
    }
    None
}

/// Removes the node at `path` from its mapping, or replaces it in its sequence.
fn prune(value: &mut Value, path: &[Step], replacement: Value) {
    let Some((last, parent)) = path.split_last() else {
        return;
    };
    match (navigate(value, parent), last) {
        (Some(Value::Object(map)), Step::Key(k)) => {
            map.remove(k);
        }
        (Some(Value::Array(items)), Step::Index(i)) => {
            if let Some(item) = items.get_mut(*i) {
                *item = replacement;
            }
        }
        _ => {}
    }
}

fn empty_like(value: &Value) -> Value {
    match value {
        Value::Object(_) => Value::Object(serde_json::Map::new()),
        Value::Array(_) => Value::Array(Vec::new()),
        Value::String(_) => Value::String(String::new()),
        Value::Number(_) => Value::from(0),
        Value::Bool(_) => Value::Bool(false),
        Value::Null => Value::Null,
    }
}

fn navigate<'v>(mut value: &'v mut Value, path: &[Step]) -> Option<&'v mut Value> {
    for step in path {
        value = match (value, step) {
            (Value::Object(map), Step::Key(k)) => map.get_mut(k)?,
            (Value::Array(items), Step::Index(i)) => items.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(value)
}

fn empty_of(json_type: &str) -> Value {
    match json_type {
        "object" => Value::Object(serde_json::Map::new()),
        "array" => Value::Array(Vec::new()),
        "string" => Value::String(String::new()),
        "integer" | "number" => Value::from(0),
        "boolean" => Value::Bool(false),
        _ => Value::Null,
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing (null)",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a sequence",
        Value::Object(_) => "a mapping",
    }
}

fn article(word: &str) -> &'static str {
    match word.as_bytes().first() {
        Some(b'a' | b'e' | b'i' | b'o' | b'u') => "an",
        _ => "a",
    }
}

fn first_line(text: &str) -> &str {
    text.lines()
        .next()
        .unwrap_or_default()
        .trim_end_matches('.')
}

/// Explains a pattern in words, with a corrected value where one is obvious.
fn pattern_help(pattern: &str, value: &str) -> String {
    let (words, fix): (&str, fn(char) -> Option<char>) = match pattern {
        p if p == crate::curriculum::SLUG_PATTERN => {
            ("only lower-case letters a-z and hyphens", |c| match c {
                'a'..='z' | '-' => Some(c),
                'A'..='Z' => Some(c.to_ascii_lowercase()),
                '_' | ' ' | '.' => Some('-'),
                _ => None,
            })
        }
        p if p == crate::curriculum::IMAGE_PATTERN => {
            ("only letters, digits and hyphens", |c| match c {
                'a'..='z' | 'A'..='Z' | '0'..='9' | '-' => Some(c),
                '_' | ' ' | '.' => Some('-'),
                _ => None,
            })
        }
        _ => return format!("the value must match {pattern}"),
    };
    let fixed: String = value.chars().filter_map(fix).collect();
    if fixed.is_empty() || fixed == value {
        format!("use {words}")
    } else {
        format!("use {words}, e.g. `{fixed}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curriculum::{Kind, yaml};

    #[test]
    fn schema_errors_without_a_specific_rule_are_still_reported() {
        let schema = serde_json::json!({
            "type": "object",
            "properties": {"n": {"type": "integer", "multipleOf": 2}},
        });
        let validator = jsonschema::validator_for(&schema).unwrap();
        let (parsed, _) = yaml::parse("n: 3\n").unwrap();
        let doc = Document {
            kind: Kind::Lesson,
            dir: "x".into(),
            file: "lessons/x/lesson.meta.yaml".into(),
            value: parsed.value,
            positions: parsed.positions,
        };
        let mut out = Vec::new();
        let read: Option<Value> = check_against(&schema, &validator, &doc, &mut out);
        assert_eq!(out.len(), 1, "{out:?}");
        assert_eq!(out[0].code, "AD110");
        assert_eq!((out[0].line, out[0].column), (1, 4));
        assert!(out[0].message.contains("`n`"), "{}", out[0].message);
        // The offending value is pruned before reading.
        assert_eq!(read.unwrap(), serde_json::json!({}));
    }
}
