//! Files generated from the code, committed, and checked for staleness here; plus the
//! snapshot of the diagnostic code set (codes are never reused or renumbered).

use antidote_lib::curriculum::Kind;
use antidote_lib::validate::rules;

use crate::support::assert_generated;

#[test]
fn diagnostic_codes_are_stable() {
    let codes: Vec<String> = rules::ALL
        .iter()
        .map(|r| format!("{} {} {}", r.code, r.name, r.severity.as_str()))
        .collect();
    insta::assert_snapshot!(codes.join("\n"));
}

#[test]
fn diagnostics_reference_is_fresh() {
    assert_generated("docs/diagnostics.md", &rules::markdown_reference());
}

#[test]
fn committed_schemas_are_fresh() {
    for kind in Kind::ALL {
        let text =
            serde_json::to_string_pretty(&antidote_lib::schema::schema(kind)).unwrap() + "\n";
        assert_generated(&format!("docs/schemas/{}.json", kind.as_str()), &text);
    }
}
