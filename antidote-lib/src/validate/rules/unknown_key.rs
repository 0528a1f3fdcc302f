//! `AD101 unknown-key`: a key that the resource does not have.

use crate::validate::{Rule, Severity};

/// `AD101 unknown-key`.
pub static RULE: Rule = Rule {
    code: "AD101",
    name: "unknown-key",
    severity: Severity::Error,
    summary: "A key that the resource does not have.",
    why: "The original Antidote ignored unknown keys, so a typo such as `shortDescripton` or `configurationtype` silently dropped the value. Every key must be one the format defines; the finding suggests the closest known key.",
    example: "endpoints:\n- name: linux1\n  image: utility\n  presentation:     # did you mean `presentations`?\n  - name: cli\n    port: 22\n    type: ssh",
};
