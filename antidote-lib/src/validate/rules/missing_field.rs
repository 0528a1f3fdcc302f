//! `AD103 missing-field`: a required key is missing.

use crate::validate::{Rule, Severity};

/// `AD103 missing-field`.
pub static RULE: Rule = Rule {
    code: "AD103",
    name: "missing-field",
    severity: Severity::Error,
    summary: "A required key is missing.",
    why: "Every resource has keys without which it cannot be shown or run: a lesson needs a name, slug, category, tier, description, short description, stages and endpoints; an endpoint needs a name and an image; a presentation needs a name, port and type.",
    example: "endpoints:\n- name: linux1        # no `image`\n  presentations: [{name: cli, port: 22, type: ssh}]",
};
