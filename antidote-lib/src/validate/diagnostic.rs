//! Findings as data: [`Diagnostic`], its [`Severity`], and the [`Rule`] each one comes from.

use serde::Serialize;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The curriculum cannot be imported or served as it is.
    Error,
    /// Probably a mistake, but the curriculum still works.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A validation rule: its stable identity and its documentation.
///
/// Codes are never reused: a retired rule keeps its code out of circulation.
#[derive(Debug)]
pub struct Rule {
    /// Stable code, e.g. `AD201`.
    pub code: &'static str,
    /// Stable kebab-case name, e.g. `duplicate-endpoint`.
    pub name: &'static str,
    /// Severity of its findings.
    pub severity: Severity,
    /// One line: what the rule finds.
    pub summary: &'static str,
    /// Why it matters (Markdown).
    pub why: &'static str,
    /// An example that triggers it, as the file would be written (YAML unless stated).
    pub example: &'static str,
}

impl Rule {
    /// A finding of this rule.
    pub fn diagnostic(
        &'static self,
        file: &str,
        pos: crate::curriculum::Pos,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            code: self.code,
            name: self.name,
            severity: self.severity,
            message: message.into(),
            file: file.to_owned(),
            line: pos.line,
            column: pos.column,
            help: None,
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Rule code, e.g. `AD201`.
    pub code: &'static str,
    /// Rule name, e.g. `duplicate-endpoint`.
    pub name: &'static str,
    /// `error` or `warning`.
    pub severity: Severity,
    /// What is wrong, naming the values involved.
    pub message: String,
    /// File, relative to the curriculum root, `/`-separated.
    pub file: String,
    /// Line, from 1.
    pub line: u32,
    /// Column in characters, from 1.
    pub column: u32,
    /// How to fix it, where there is something to suggest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    /// The same finding with a fix to suggest.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// "did you mean" for `given` among `candidates`: the closest one, when close enough.
pub fn did_you_mean<'a>(
    given: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(given, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
