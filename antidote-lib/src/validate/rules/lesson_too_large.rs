//! `AD015 lesson-too-large`: the files of a lesson together are larger than `limits.lesson_bytes` (default 64 MiB).

use crate::validate::{Rule, Severity};

/// `AD015 lesson-too-large`.
pub static RULE: Rule = Rule {
    code: "AD015",
    name: "lesson-too-large",
    severity: Severity::Error,
    summary: "The files of a lesson together are larger than `limits.lesson_bytes` (default 64 MiB).",
    why: "Import reads a lesson's files into memory and stores them, and each livelesson receives all of them (the files archive the endpoints download). Many files each below `limits.file_bytes` can still add up to too much. The finding names the lesson's directory, its total, the limit and its largest file; a file over its own limit has its own finding and is not counted. The largest lesson of NRE Labs holds about 1 MB.",
    example: "lessons/demo/   # 40 configurations of 30 MB each",
};
