//! `AD305 filtered-reference`: a kept lesson refers to a lesson or collection that the tier leaves out.

use crate::validate::{Rule, Severity};

/// `AD305 filtered-reference`.
pub static RULE: Rule = Rule {
    code: "AD305",
    name: "filtered-reference",
    severity: Severity::Warning,
    summary: "A kept lesson refers to a lesson or collection that the tier leaves out.",
    why: "With `--tier prod`, only prod lessons and collections are served. A prod lesson whose prerequisite or collection is ptr or local points at something learners on that deployment will not find.",
    example: "# validated with --tier prod\ntier: prod\nprereqs:\n- python-introduction   # tier: ptr",
};
