//! `AD104 empty-value`: a string that must not be empty is empty.

use crate::validate::{Rule, Severity};

/// `AD104 empty-value`.
pub static RULE: Rule = Rule {
    code: "AD104",
    name: "empty-value",
    severity: Severity::Error,
    summary: "A string that must not be empty is empty.",
    why: "Names, slugs, descriptions and credentials are shown to learners or used to connect; an empty one is as good as missing.",
    example: "name: \"\"\nslug: example",
};
