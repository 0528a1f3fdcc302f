//! `antidotectl schema` and the global flags.

use predicates::prelude::*;

use crate::antidotectl;

#[test]
fn prints_each_schema_as_json() {
    for kind in ["lesson", "collection", "image", "curriculum"] {
        let out = antidotectl().args(["schema", kind]).output().unwrap();
        assert!(out.status.success());
        let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert_eq!(schema["additionalProperties"], false);
        let committed =
            std::fs::read_to_string(crate::repo().join(format!("docs/schemas/{kind}.json")))
                .unwrap();
        assert_eq!(String::from_utf8(out.stdout).unwrap(), committed);
    }
    let lesson = antidotectl().args(["schema", "lesson"]).output().unwrap();
    let schema: serde_json::Value = serde_json::from_slice(&lesson.stdout).unwrap();
    assert!(
        schema["required"]
            .as_array()
            .unwrap()
            .contains(&"stages".into())
    );
}

#[test]
fn unknown_kind_is_a_usage_error() {
    antidotectl()
        .args(["schema", "lessons"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value 'lessons'"));
}

#[test]
fn version_names_the_build() {
    antidotectl().arg("--version").assert().success().stdout(
        predicate::str::is_match(
            r"^antidotectl \d+\.\d+\.\d+ \(([0-9a-f]{9}(-dirty)?|unknown commit)\)\n$",
        )
        .unwrap(),
    );
}
