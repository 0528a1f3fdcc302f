//! `AD002 not-utf8`: a resource file or guide is not UTF-8.

use crate::validate::{Rule, Severity};

/// `AD002 not-utf8`.
pub static RULE: Rule = Rule {
    code: "AD002",
    name: "not-utf8",
    severity: Severity::Error,
    summary: "A resource file or guide is not UTF-8.",
    why: "Antidote reads every text file as UTF-8 and serves guides to browsers as UTF-8. A file saved in another encoding (Latin-1, UTF-16) would show garbled text or not load at all. The finding gives the position of the first byte that is not UTF-8.",
    example: "# stage0/guide.md saved as Latin-1: the byte 0xE9 for e-acute is not UTF-8\nCaf\\xE9 networking",
};
