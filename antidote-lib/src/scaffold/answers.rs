//! Answers given up front: an answers file in the shape of the resource file, and
//! `key=value` settings with dotted paths.
//!
//! A setting's key is a dotted path of the resource file's own keys, with list items by index
//! from 0: `name`, `endpoints.0.image`, `stages.1.verification.objectives.0`. An index may be
//! the list's length, which appends. The value is taken as is where the schema wants a string, and read as
//! a YAML value otherwise (`readyDelay=30`, `enableForwarding=true`, `tags=[a, b]`).

use std::path::Path;

use serde_json::{Map, Value};

use super::ScaffoldError;
use crate::curriculum::{Kind, yaml};
use crate::schema::{PathSeg, cached, schema_at};

/// The answers so far, as a (partial) resource document.
#[derive(Debug, Clone)]
pub struct Answers(Value);

impl Default for Answers {
    fn default() -> Self {
        Answers(Value::Object(Map::new()))
    }
}

impl Answers {
    /// Reads an answers file: YAML in the shape of the resource file.
    pub fn from_file(path: &Path) -> Result<Self, ScaffoldError> {
        let text =
            std::fs::read_to_string(path).map_err(|cause| ScaffoldError::AnswersUnreadable {
                path: path.to_path_buf(),
                cause,
            })?;
        Self::from_yaml(&text).map_err(|message| ScaffoldError::AnswersInvalid {
            path: path.to_path_buf(),
            message,
        })
    }

    /// Reads answers from YAML text.
    pub fn from_yaml(text: &str) -> Result<Self, String> {
        let (doc, problems) =
            yaml::parse(text).map_err(|p| format!("line {}: {}", p.pos.line, p.message))?;
        if let Some(p) = problems.first() {
            return Err(format!("line {}: {}", p.pos.line, p.message));
        }
        match doc.value {
            Value::Null => Ok(Self::default()),
            v @ Value::Object(_) => Ok(Answers(v)),
            _ => Err("expected a mapping of the resource's keys".into()),
        }
    }

    /// The answers as a document.
    pub fn value(&self) -> &Value {
        &self.0
    }

    /// Applies one `key=value` setting (see the module documentation).
    pub fn set(&mut self, kind: Kind, setting: &str) -> Result<(), ScaffoldError> {
        let bad = |message: String| ScaffoldError::BadSetting {
            setting: setting.to_owned(),
            message,
        };
        let (key, raw) = setting
            .split_once('=')
            .ok_or_else(|| bad("expected KEY=VALUE".into()))?;
        let segments: Vec<&str> = key.split('.').collect();
        if segments.iter().any(|s| s.is_empty()) {
            return Err(bad("the key has an empty part".into()));
        }
        let path: Vec<PathSeg<'_>> = segments
            .iter()
            .map(|s| match s.parse::<usize>() {
                Ok(i) => PathSeg::Index(i),
                Err(_) => PathSeg::Key(s),
            })
            .collect();
        let schema = cached(kind);
        let node = schema_at(schema, &path)
            .ok_or_else(|| bad(format!("the {} has no field `{key}`", kind.as_str())))?;
        let wants_string = node.get("type").and_then(Value::as_str) == Some("string")
            || crate::schema::allowed_values(node).is_some();
        let value = if wants_string {
            Value::String(raw.to_owned())
        } else {
            let (doc, _) = yaml::parse(raw).map_err(|p| bad(p.message))?;
            doc.value
        };
        set_path(&mut self.0, &path, value).map_err(bad)
    }
}

/// Puts `value` at `path` in `doc`, creating mappings and lists on the way; an index may be at
/// most the list's length (which appends).
pub fn set_path(doc: &mut Value, path: &[PathSeg<'_>], value: Value) -> Result<(), String> {
    let Some((last, parents)) = path.split_last() else {
        *doc = value;
        return Ok(());
    };
    let mut node = doc;
    for (i, seg) in parents.iter().enumerate() {
        let empty = match path[i + 1] {
            PathSeg::Key(_) => Value::Object(Map::new()),
            PathSeg::Index(_) => Value::Array(Vec::new()),
        };
        node = child(node, *seg, empty)?;
    }
    let slot = child(node, *last, Value::Null)?;
    *slot = value;
    Ok(())
}

fn child<'v>(node: &'v mut Value, seg: PathSeg<'_>, empty: Value) -> Result<&'v mut Value, String> {
    match seg {
        PathSeg::Key(k) => {
            if node.is_null() {
                *node = Value::Object(Map::new());
            }
            let map = node
                .as_object_mut()
                .ok_or_else(|| format!("`{k}` is inside something that is not a mapping"))?;
            let slot = map.entry(k.to_owned()).or_insert(Value::Null);
            if slot.is_null() {
                *slot = empty;
            }
            Ok(slot)
        }
        PathSeg::Index(i) => {
            if node.is_null() {
                *node = Value::Array(Vec::new());
            }
            let list = node
                .as_array_mut()
                .ok_or_else(|| format!("index {i} is inside something that is not a list"))?;
            if i > list.len() {
                return Err(format!(
                    "index {i} skips items: the list has {} (use {} to append)",
                    list.len(),
                    list.len()
                ));
            }
            if i == list.len() {
                list.push(empty);
            }
            Ok(&mut list[i])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_build_nested_documents_typed_by_the_schema() {
        let mut a = Answers::default();
        a.set(Kind::Lesson, "name=007 Lesson").unwrap();
        a.set(Kind::Lesson, "endpoints.0.name=linux1").unwrap();
        a.set(Kind::Lesson, "endpoints.0.presentations.0.port=22")
            .unwrap();
        a.set(Kind::Lesson, "readyDelay=30").unwrap();
        a.set(Kind::Lesson, "tags=[a, b]").unwrap();
        assert_eq!(
            a.value(),
            &serde_json::json!({
                "name": "007 Lesson",
                "endpoints": [{"name": "linux1", "presentations": [{"port": 22}]}],
                "readyDelay": 30,
                "tags": ["a", "b"],
            })
        );
    }

    #[test]
    fn bad_settings_are_refused() {
        let mut a = Answers::default();
        for s in ["name", "nmae=x", "endpoints.2.name=x", "endpoints..name=x"] {
            assert!(
                matches!(
                    a.set(Kind::Lesson, s),
                    Err(ScaffoldError::BadSetting { .. })
                ),
                "{s}"
            );
        }
    }
}
