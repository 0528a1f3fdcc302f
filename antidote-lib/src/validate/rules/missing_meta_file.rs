//! `AD008 missing-meta-file`: a directory under lessons/, images/ or collections/ has no meta file.

use crate::validate::{Rule, Severity};

/// `AD008 missing-meta-file`.
pub static RULE: Rule = Rule {
    code: "AD008",
    name: "missing-meta-file",
    severity: Severity::Warning,
    summary: "A directory under lessons/, images/ or collections/ has no meta file.",
    why: "Only directories with their meta file (`lesson.meta.yaml`, `image.meta.yaml`, `collection.meta.yaml`) are resources. A directory without one is silently skipped by import, which is usually a misnamed file (`lesson.meta.yml`, `lesson.yaml`).",
    example: "lessons/example/lesson.yaml   # should be lesson.meta.yaml",
};
