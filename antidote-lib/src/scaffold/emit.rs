//! JSON values to readable block-style YAML, in the values' own key order.
//!
//! Strings are written plain when the YAML 1.2 core schema reads them back as the same string,
//! and double-quoted (JSON escapes, which YAML shares) otherwise.

use std::fmt::Write as _;

use serde_json::Value;

/// The document as YAML text, ending in a newline.
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(m) if !m.is_empty() => mapping(&mut out, value, 0),
        Value::Array(a) if !a.is_empty() => sequence(&mut out, value, 0),
        other => {
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
    out
}

fn indent(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn mapping(out: &mut String, value: &Value, level: usize) {
    let Value::Object(map) = value else { return };
    for (i, (k, v)) in map.iter().enumerate() {
        // The first key of a mapping inside a sequence item follows the "- ".
        if i > 0 || !out.ends_with("- ") {
            indent(out, level);
        }
        out.push_str(&string(k));
        out.push(':');
        entry_value(out, v, level);
    }
}

fn sequence(out: &mut String, value: &Value, level: usize) {
    let Value::Array(items) = value else { return };
    for (i, item) in items.iter().enumerate() {
        if i > 0 || !out.ends_with("- ") {
            indent(out, level);
        }
        out.push_str("- ");
        match item {
            Value::Object(m) if !m.is_empty() => mapping(out, item, level + 2),
            Value::Array(a) if !a.is_empty() => sequence(out, item, level + 2),
            other => {
                out.push_str(&scalar(other));
                out.push('\n');
            }
        }
    }
}

fn entry_value(out: &mut String, v: &Value, level: usize) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            mapping(out, v, level + 2);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            sequence(out, v, level);
        }
        other => {
            out.push(' ');
            out.push_str(&scalar(other));
            out.push('\n');
        }
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => string(s),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

fn string(s: &str) -> String {
    if is_plain_safe(s) {
        s.to_owned()
    } else {
        let mut q = String::with_capacity(s.len() + 2);
        q.push('"');
        for c in s.chars() {
            match c {
                '"' => q.push_str("\\\""),
                '\\' => q.push_str("\\\\"),
                '\n' => q.push_str("\\n"),
                '\t' => q.push_str("\\t"),
                '\r' => q.push_str("\\r"),
                c if c.is_control() || c == '\u{feff}' => {
                    let _ = write!(q, "\\u{:04x}", c as u32);
                }
                c => q.push(c),
            }
        }
        q.push('"');
        q
    }
}

/// Whether `s` reads back as the same string when written plain.
fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.trim() != s
        || "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || s.contains(": ")
        || s.contains(" #")
        || s.ends_with(':')
        || s.chars().any(|c| c.is_control() || c == '\u{feff}')
    {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    // YAML 1.2 specials, and what YAML 1.1 tools (PyYAML, yamllint, go-yaml v2) read as
    // booleans, merge keys or numbers: the files are read by more than this project.
    if matches!(
        lower.as_str(),
        "null"
            | "~"
            | "true"
            | "false"
            | ".inf"
            | "-.inf"
            | "+.inf"
            | ".nan"
            | "y"
            | "n"
            | "yes"
            | "no"
            | "on"
            | "off"
            | "<<"
    ) || looks_numeric(s)
    {
        return false;
    }
    true
}

fn looks_numeric(s: &str) -> bool {
    let t = s.strip_prefix(['+', '-']).unwrap_or(s);
    t.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && (t.parse::<f64>().is_ok()
            || t.starts_with("0x")
            || t.starts_with("0o")
            || t.starts_with("0b")
            // YAML 1.1 sexagesimal numbers (`1:20`).
            || t.chars()
                .all(|c| c.is_ascii_digit() || c == '_' || c == '.' || c == ':'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curriculum::yaml;
    use serde_json::json;

    #[test]
    fn round_trips_through_the_project_reader() {
        let doc = json!({
            "name": "Intro: the basics",
            "slug": "intro",
            "tier": "prod",
            "aVer": "0.1.0",
            "n": 3,
            "yes": "true",
            "num": "007",
            "float": "1.5",
            "empty": "",
            "dash": "- not a list",
            "hash": "a #comment",
            "quote": "say \"hi\"\\",
            "multi": "line one\nline two\ttab",
            "space": " padded ",
            "null": "null",
            "tilde": "~",
            "unicode": "naïve — café",
            "bool": true,
            "list": ["a", "b: c", 1],
            "nested": [{"name": "x", "items": [{"a": 1, "b": [2, 3]}]}, {"n": {"deep": "y"}}],
            "obj": {"k": {"k2": "v"}},
            "emptyList": [],
            "emptyMap": {},
        });
        let text = to_yaml(&doc);
        let (parsed, problems) = yaml::parse(&text).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(parsed.value, doc, "{text}");
    }

    #[test]
    fn quotes_what_yaml_1_1_tools_would_misread() {
        for s in ["yes", "No", "on", "OFF", "y", "n", "<<", "1:20", "0b11"] {
            assert!(!is_plain_safe(s), "{s} must be quoted");
        }
        for s in ["yesterday", "north", "a1:20", "o"] {
            assert!(is_plain_safe(s), "{s} needs no quotes");
        }
    }

    #[test]
    fn writes_block_style() {
        let text = to_yaml(&json!({"name": "x", "endpoints": [{"name": "a", "ports": [22]}]}));
        assert_eq!(text, "name: x\nendpoints:\n- name: a\n  ports:\n  - 22\n");
    }
}
