//! `AD110 schema-violation`: any other violation of the resource's JSON Schema.

use crate::validate::{Rule, Severity};

/// `AD110 schema-violation`.
pub static RULE: Rule = Rule {
    code: "AD110",
    name: "schema-violation",
    severity: Severity::Error,
    summary: "Any other violation of the resource's JSON Schema.",
    why: "A catch-all for schema constraints that no more specific rule covers, so that nothing the schema forbids passes silently.",
    example: "# any value that the JSON Schema (antidotectl schema lesson) rejects",
};
