//! `AD009 symlink-loop`: symlinks that make a directory contain itself.

use crate::validate::{Rule, Severity};

/// `AD009 symlink-loop`.
pub static RULE: Rule = Rule {
    code: "AD009",
    name: "symlink-loop",
    severity: Severity::Error,
    summary: "Symlinks that loop: a link to a directory containing it, or links in a circle.",
    why: "A lesson's files are read and imported by walking its directory. A symlink that points back at one of its own parent directories (or a circle of symlinks) makes that walk endless, and an import would store the same files under ever longer paths.",
    example: "$ ln -s .. lessons/example/stage0/up",
};
