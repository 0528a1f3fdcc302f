//! `AD003 unreadable-file`: a file or directory of the curriculum cannot be read.

use crate::validate::{Rule, Severity};

/// `AD003 unreadable-file`.
pub static RULE: Rule = Rule {
    code: "AD003",
    name: "unreadable-file",
    severity: Severity::Error,
    summary: "A file or directory of the curriculum cannot be read.",
    why: "A file that exists but cannot be read (permissions, a device, an I/O error) would fail later, at import or while a learner waits. Reading problems are reported like any other finding so that one run still reports everything else.",
    example: "$ chmod 000 lessons/example/lesson.meta.yaml",
};
