//! `AD010 hidden-resource-directory`: a directory under lessons/, images/ or collections/ whose
//! name starts with a dot, so it cannot be a slug and would be skipped.

use crate::validate::{Rule, Severity};

/// `AD010 hidden-resource-directory`.
pub static RULE: Rule = Rule {
    code: "AD010",
    name: "hidden-resource-directory",
    severity: Severity::Error,
    summary: "A directory under lessons/, images/ or collections/ has a name that starts with a dot.",
    why: "A resource directory is named after its slug, and a slug never starts with a dot. Such a directory (`..demo`, `.lesson`) is not read, so its resource silently disappears from the curriculum: an import would drop the lesson without a word. Rename it to its slug, or move it out of the resource directory.",
    example: "lessons/..demo/lesson.meta.yaml   # should be lessons/demo/",
};
