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

/// The configuration reference in docs/operations.md is the settings table, between its
/// markers.
#[test]
fn settings_reference_is_fresh() {
    let path = "docs/operations.md";
    let text = std::fs::read_to_string(crate::support::repo().join(path)).unwrap();
    let (start, end) = ("<!-- settings:start -->\n", "<!-- settings:end -->");
    let (before, rest) = text.split_once(start).expect("the start marker");
    let (_, after) = rest.split_once(end).expect("the end marker");
    let fresh = format!(
        "{before}{start}{}{end}{after}",
        antidote_lib::config::reference_markdown()
    );
    assert_generated(path, &fresh);
    for setting in antidote_lib::config::settings() {
        assert!(
            fresh.contains(&format!("`{}`", setting.env)),
            "{}",
            setting.env
        );
    }
}
