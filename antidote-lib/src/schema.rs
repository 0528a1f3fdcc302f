//! The JSON Schema of each resource, generated from [`crate::curriculum::model`] by schemars.
//!
//! One schema serves validation (compiled once per process with the jsonschema crate), the
//! scaffolding wizards and authors' editors (`antidotectl schema lesson`). `Option` fields are
//! not nullable: a key is either absent or holds a value of its type.

use std::sync::OnceLock;

use schemars::generate::SchemaSettings;
use serde_json::Value;

use crate::curriculum::{Collection, CurriculumMeta, Image, Kind, Lesson};

/// The JSON Schema (draft 2020-12) of a resource kind.
pub fn schema(kind: Kind) -> Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let mut schema = match kind {
        Kind::Curriculum => generator.into_root_schema_for::<CurriculumMeta>(),
        Kind::Collection => generator.into_root_schema_for::<Collection>(),
        Kind::Image => generator.into_root_schema_for::<Image>(),
        Kind::Lesson => generator.into_root_schema_for::<Lesson>(),
    }
    .to_value();
    strip_null(&mut schema);
    if let Some(obj) = schema.as_object_mut() {
        obj.insert(
            "$id".into(),
            format!("https://antidote.dev/schemas/{}.json", kind.as_str()).into(),
        );
        obj.insert(
            "title".into(),
            format!("Antidote {}", kind.file_name()).into(),
        );
    }
    schema
}

/// Makes `Option` fields non-nullable (drops `null` from `type` lists and `{"type": "null"}`
/// branches from `anyOf`) and removes the placeholder `default` of required properties (the
/// model's `Default` exists to read broken files, not to suggest values), everywhere.
fn strip_null(schema: &mut Value) {
    match schema {
        Value::Object(obj) => {
            let required: Vec<String> = obj
                .get("required")
                .and_then(Value::as_array)
                .map(|r| {
                    r.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            if let Some(Value::Object(props)) = obj.get_mut("properties") {
                for name in &required {
                    if let Some(Value::Object(prop)) = props.get_mut(name) {
                        prop.remove("default");
                    }
                }
            }
            if let Some(Value::Array(types)) = obj.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    obj.insert("type".into(), only);
                }
            }
            if let Some(Value::Array(branches)) = obj.get_mut("anyOf") {
                branches.retain(|b| b.get("type").is_none_or(|t| t != "null"));
                if branches.len() == 1 {
                    let only = branches.remove(0);
                    obj.remove("anyOf");
                    if let Value::Object(inner) = only {
                        obj.extend(inner);
                    }
                }
            }
            obj.values_mut().for_each(strip_null);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_null),
        _ => {}
    }
}

/// The schema of `kind`, generated once per process.
pub fn cached(kind: Kind) -> &'static Value {
    static CACHE: [OnceLock<Value>; 4] = [const { OnceLock::new() }; 4];
    CACHE[index(kind)].get_or_init(|| schema(kind))
}

/// The compiled validator of `kind`, built once per process.
pub(crate) fn validator(kind: Kind) -> &'static jsonschema::Validator {
    static CACHE: [OnceLock<jsonschema::Validator>; 4] = [const { OnceLock::new() }; 4];
    CACHE[index(kind)].get_or_init(|| {
        jsonschema::validator_for(cached(kind)).expect("generated schemas are valid JSON Schema")
    })
}

fn index(kind: Kind) -> usize {
    match kind {
        Kind::Curriculum => 0,
        Kind::Collection => 1,
        Kind::Image => 2,
        Kind::Lesson => 3,
    }
}

/// The sub-schema that describes the value at `path` (mapping keys and sequence indexes),
/// following local `$ref`s; `None` where the schema says nothing about that place.
pub fn schema_at<'a>(root: &'a Value, path: &[PathSeg<'_>]) -> Option<&'a Value> {
    let mut node = resolve(root, root)?;
    for seg in path {
        let next = match seg {
            PathSeg::Key(k) => node.get("properties")?.get(*k)?,
            PathSeg::Index(_) => node.get("items")?,
        };
        node = resolve(root, next)?;
    }
    Some(node)
}

/// A step in [`schema_at`]'s path.
#[derive(Debug, Clone, Copy)]
pub enum PathSeg<'a> {
    /// A mapping key.
    Key(&'a str),
    /// A sequence index.
    Index(usize),
}

fn resolve<'a>(root: &'a Value, mut node: &'a Value) -> Option<&'a Value> {
    for _ in 0..16 {
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) => {
                let pointer = r.strip_prefix('#')?;
                node = root.pointer(pointer)?;
            }
            None => return Some(node),
        }
    }
    None
}

/// The values a sub-schema allows, when it is a list of constants (`enum` or `oneOf` of
/// `const`s).
pub fn allowed_values(schema: &Value) -> Option<Vec<String>> {
    let to_string = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_owned);
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return Some(values.iter().map(to_string).collect());
    }
    let branches = schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))?
        .as_array()?;
    branches
        .iter()
        .map(|b| b.get("const").map(to_string))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_compiles_and_forbids_unknown_keys() {
        for kind in Kind::ALL {
            let s = cached(kind);
            assert_eq!(s["additionalProperties"], false, "{kind:?}");
            let _ = validator(kind);
        }
    }

    #[test]
    fn finds_nested_schemas_and_enums() {
        let lesson = cached(Kind::Lesson);
        let port = schema_at(
            lesson,
            &[
                PathSeg::Key("endpoints"),
                PathSeg::Index(0),
                PathSeg::Key("presentations"),
                PathSeg::Index(3),
                PathSeg::Key("port"),
            ],
        )
        .unwrap();
        assert_eq!(port["minimum"], 1);
        assert!(lesson["properties"]["name"].get("default").is_none());
        let tier = schema_at(lesson, &[PathSeg::Key("tier")]).unwrap();
        assert_eq!(allowed_values(tier).unwrap(), ["prod", "ptr", "local"]);
    }
}
