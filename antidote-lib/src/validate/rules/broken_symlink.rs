//! `AD006 broken-symlink`: a symlink points to nothing.

use crate::validate::{Rule, Severity};

/// `AD006 broken-symlink`.
pub static RULE: Rule = Rule {
    code: "AD006",
    name: "broken-symlink",
    severity: Severity::Error,
    summary: "A symlink points to nothing.",
    why: "A dangling link is a file that is missing in disguise: the guide, configuration or script it stands for cannot be read.",
    example: "$ ln -s missing.md lessons/example/stage0/guide.md",
};
