//! `AD001 yaml-syntax`: a resource file is not valid YAML.

use crate::validate::{Rule, Severity};

/// `AD001 yaml-syntax`.
pub static RULE: Rule = Rule {
    code: "AD001",
    name: "yaml-syntax",
    severity: Severity::Error,
    summary: "A resource file is not valid YAML.",
    why: "Nothing in a file that does not parse can be read, so every other check of that resource is skipped until it parses. The finding points at the exact line and column where the parser gave up; the mistake is usually there or just before it (an unclosed bracket or quote, a tab used for indentation, a second `---` document).",
    example: "# lessons/example/lesson.meta.yaml\nname: Example\ntags: [linux, bash\nslug: example",
};
