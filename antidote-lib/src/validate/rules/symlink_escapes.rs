//! `AD005 symlink-escapes`: a symlink points outside the curriculum.

use crate::validate::{Rule, Severity};

/// `AD005 symlink-escapes`.
pub static RULE: Rule = Rule {
    code: "AD005",
    name: "symlink-escapes",
    severity: Severity::Error,
    summary: "A symlink points outside the curriculum.",
    why: "Import copies a curriculum's files into the database, and a git checkout on another machine will not have the link's target. A link that leaves the curriculum directory works only on the author's machine, and could expose files that were never meant to be served.",
    example: "$ ln -s /etc/passwd lessons/example/stage0/configs/linux1.py",
};
