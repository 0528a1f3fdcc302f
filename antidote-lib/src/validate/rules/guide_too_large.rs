//! `AD012 guide-too-large`: a markdown guide (`.md` file of a lesson) is larger than `limits.guide_bytes` (default 4 MiB).

use crate::validate::{Rule, Severity};

/// `AD012 guide-too-large`.
pub static RULE: Rule = Rule {
    code: "AD012",
    name: "guide-too-large",
    severity: Severity::Error,
    summary: "A markdown guide (`.md` file of a lesson) is larger than `limits.guide_bytes` (default 4 MiB).",
    why: "A guide is read by validation, stored by import and sent whole in every answer about a livelesson at its stage. A guide of hundreds of megabytes would make each of those answers as large. The finding names the file, its size and the limit; the file is not read past the limit. The largest guide of NRE Labs is about 16 KB: link large pictures instead of embedding them.",
    example: "lessons/demo/stage0/guide.md   # 200 MB",
};
