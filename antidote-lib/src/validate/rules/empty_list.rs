//! `AD108 empty-list`: a list that needs at least one item is empty.

use crate::validate::{Rule, Severity};

/// `AD108 empty-list`.
pub static RULE: Rule = Rule {
    code: "AD108",
    name: "empty-list",
    severity: Severity::Error,
    summary: "A list that needs at least one item is empty.",
    why: "A lesson without stages has nothing to teach and one without endpoints has nothing to run; a verification without objectives checks nothing.",
    example: "stages: []",
};
