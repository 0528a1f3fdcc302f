//! `AD106 pattern-mismatch`: a slug or image reference with characters it may not have.

use crate::validate::{Rule, Severity};

/// `AD106 pattern-mismatch`.
pub static RULE: Rule = Rule {
    code: "AD106",
    name: "pattern-mismatch",
    severity: Severity::Error,
    summary: "A slug or image reference with characters it may not have.",
    why: "Lesson and collection slugs become URL paths and Kubernetes names: only lower-case letters and hyphens (`^[a-z-]*$`). Image references allow letters, digits and hyphens (`^[A-Za-z0-9-]*$`).",
    example: "slug: Linux_Basics   # use linux-basics",
};
