//! `AD105 invalid-value`: a value that is not one of the allowed values.

use crate::validate::{Rule, Severity};

/// `AD105 invalid-value`.
pub static RULE: Rule = Rule {
    code: "AD105",
    name: "invalid-value",
    severity: Severity::Error,
    summary: "A value that is not one of the allowed values.",
    why: "Fields such as `tier`, `category`, `guideType`, `configurationType`, presentation `type` and image `flavor` take one of a fixed set of values; anything else cannot be acted on.",
    example: "tier: production   # expected prod, ptr or local",
};
