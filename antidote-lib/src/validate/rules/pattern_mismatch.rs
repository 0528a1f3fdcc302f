//! `AD106 pattern-mismatch`: a slug, image reference or endpoint name with characters it may
//! not have.

use crate::validate::{Rule, Severity};

/// `AD106 pattern-mismatch`.
pub static RULE: Rule = Rule {
    code: "AD106",
    name: "pattern-mismatch",
    severity: Severity::Error,
    summary: "A slug, image reference or endpoint name with characters it may not have.",
    why: "Lesson and collection slugs become URL paths and Kubernetes names: only lower-case letters and hyphens (`^[a-z-]*$`). Image references and endpoint names allow letters, digits and hyphens (`^[A-Za-z0-9-]*$`): an endpoint name names its host and its configuration files.",
    example: "slug: Linux_Basics   # use linux-basics",
};
