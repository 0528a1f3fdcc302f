//! `AD107 out-of-range`: a number outside its allowed range.

use crate::validate::{Rule, Severity};

/// `AD107 out-of-range`.
pub static RULE: Rule = Rule {
    code: "AD107",
    name: "out-of-range",
    severity: Severity::Error,
    summary: "A number outside its allowed range.",
    why: "Ports are 1 to 65535; counts and delays cannot be negative.",
    example: "presentations:\n- name: cli\n  port: 0\n  type: ssh",
};
