//! `AD004 duplicate-key`: a mapping has the same key twice.

use crate::validate::{Rule, Severity};

/// `AD004 duplicate-key`.
pub static RULE: Rule = Rule {
    code: "AD004",
    name: "duplicate-key",
    severity: Severity::Error,
    summary: "A mapping has the same key twice.",
    why: "YAML parsers disagree on duplicate keys: some refuse the file, most silently keep the last value. Either way, one of the two values the author wrote is ignored, usually the one they meant.",
    example: "name: Example\nslug: example\nname: Another name",
};
