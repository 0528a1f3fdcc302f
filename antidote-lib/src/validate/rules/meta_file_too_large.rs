//! `AD011 meta-file-too-large`: a meta file is larger than `limits.meta_file_bytes` (default 1 MiB), as written or as JSON once its YAML aliases are expanded.

use crate::validate::{Rule, Severity};

/// `AD011 meta-file-too-large`.
pub static RULE: Rule = Rule {
    code: "AD011",
    name: "meta-file-too-large",
    severity: Severity::Error,
    summary: "A meta file is larger than `limits.meta_file_bytes` (default 1 MiB), as written or as JSON once its YAML aliases are expanded.",
    why: "Meta files are read whole, stored, and served in the API's answers (a lesson's file is part of every answer about it). A huge one (a pasted binary, a string of hundreds of megabytes, aliases that expand a small file into a huge document) would make validation, import and every answer that carries it grow without bound. The finding names the file, its size and the limit; the file is not read past the limit. The largest meta file of NRE Labs is about 2 KB.",
    example: "lessons/demo/lesson.meta.yaml   # 300 MB: a description pasted from a binary",
};
