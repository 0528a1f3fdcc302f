//! `AD013 notebook-too-large`: a Jupyter notebook (`.ipynb` file of a lesson) is larger than `limits.notebook_bytes` (default 8 MiB).

use crate::validate::{Rule, Severity};

/// `AD013 notebook-too-large`.
pub static RULE: Rule = Rule {
    code: "AD013",
    name: "notebook-too-large",
    severity: Severity::Error,
    summary: "A Jupyter notebook (`.ipynb` file of a lesson) is larger than `limits.notebook_bytes` (default 8 MiB).",
    why: "A notebook is parsed by validation, stored by import and sent whole in the answers about a livelesson at its stage. Notebooks grow with the outputs saved in them (pictures are embedded as base64): clear the outputs before committing. The finding names the file, its size and the limit; the file is not read past the limit.",
    example: "lessons/demo/stage0/guide.ipynb   # 50 MB of saved outputs",
};
