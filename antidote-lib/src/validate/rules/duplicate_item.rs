//! `AD109 duplicate-item`: a list that must not repeat an item repeats one.

use crate::validate::{Rule, Severity};

/// `AD109 duplicate-item`.
pub static RULE: Rule = Rule {
    code: "AD109",
    name: "duplicate-item",
    severity: Severity::Error,
    summary: "A list repeats an item it may hold only once.",
    why: "Tags, prerequisites, additional ports and network interfaces are sets: a repeated prerequisite is listed twice to learners, a repeated port is opened twice and a repeated interface cannot be attached twice. A repeat is almost always a copy-and-paste slip.",
    example: "additionalPorts: [830, 830]",
};
