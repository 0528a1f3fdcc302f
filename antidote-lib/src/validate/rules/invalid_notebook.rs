//! `AD007 invalid-notebook`: a Jupyter notebook is not valid JSON.

use crate::validate::{Rule, Severity};

/// `AD007 invalid-notebook`.
pub static RULE: Rule = Rule {
    code: "AD007",
    name: "invalid-notebook",
    severity: Severity::Error,
    summary: "A Jupyter notebook is not valid JSON.",
    why: "A `guide.ipynb` is a JSON document. One that does not parse cannot be rendered, and the stage shows an empty guide. The finding gives the line and column of the JSON error.",
    example: "{\"cells\": [ {\"cell_type\": \"markdown\", \"source\": [\"# Stage 1\"] }, ]}",
};
