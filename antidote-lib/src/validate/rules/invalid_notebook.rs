//! `AD007 invalid-notebook`: a Jupyter notebook is not valid JSON, or not an nbformat 4
//! notebook.

use crate::validate::{Rule, Severity};

/// `AD007 invalid-notebook`.
pub static RULE: Rule = Rule {
    code: "AD007",
    name: "invalid-notebook",
    severity: Severity::Error,
    summary: "A Jupyter notebook is not valid JSON, or not an nbformat 4 notebook.",
    why: "A `guide.ipynb` is a JSON document in nbformat 4: `nbformat` is 4 and `cells` is a list of cells, each with a `cell_type` (markdown, code or raw) and a `source` (text, or a list of lines). One that does not parse, or has another shape, cannot be rendered, and the stage shows an empty guide. The finding gives the line and column of a JSON error, or names the part that is wrong.",
    example: "{\"cells\": [ {\"cell_type\": \"markdown\", \"source\": [\"# Stage 1\"] }, ]}",
};
