//! `AD102 wrong-type`: a value of the wrong type.

use crate::validate::{Rule, Severity};

/// `AD102 wrong-type`.
pub static RULE: Rule = Rule {
    code: "AD102",
    name: "wrong-type",
    severity: Severity::Error,
    summary: "A value of the wrong type.",
    why: "Types are strict: a port is an integer, tags are a sequence of strings, a stage is a mapping. A value of another type cannot be read as intended (`port: \"22\"` is a string).",
    example: "presentations:\n- name: cli\n  port: \"22\"\n  type: ssh",
};
