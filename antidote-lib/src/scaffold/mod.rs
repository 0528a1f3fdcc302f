//! Scaffolding: creating a resource (curriculum, image, collection, lesson) with its files.
//!
//! One engine serves every resource: it walks the resource's JSON Schema
//! ([`crate::schema::cached`]), takes what the caller already answered ([`Answers`]: an answers
//! file and `key=value` settings), asks a [`Prompter`] for what is missing (or, with no
//! prompter, lists every missing required field at once), checks the result against the schema
//! and against the rules of the curriculum it joins, and returns a [`Plan`]: the resource file
//! and the stubs its directory needs (guides, configuration files, objective scripts).
//! [`write_plan`] writes a plan atomically: nothing, or all of it.
//!
//! The library never touches a terminal: the caller's [`Prompter`] does.

mod answers;
mod emit;
mod engine;
mod plan;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;

pub use answers::{Answers, set_path};
pub use emit::to_yaml;
pub use plan::{Plan, PlannedFile, write_plan};

use crate::curriculum::{Kind, LoadError};
use crate::validate::Diagnostic;

/// One question the engine asks.
#[derive(Debug, Clone)]
pub struct Question {
    /// Where the answer goes, dotted (`endpoints.0.image`).
    pub path: String,
    /// A short label for the prompt (`endpoint 1: image`).
    pub label: String,
    /// The field's description from the schema.
    pub help: Option<String>,
    /// Whether the field may be left out (an empty answer skips it).
    pub optional: bool,
}

/// One entry of a selection list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The value written to the file (empty for "leave it out").
    pub value: String,
    /// What the value means, if the schema says.
    pub help: Option<String>,
}

impl Choice {
    /// The text to show: the value and its meaning.
    pub fn display(&self) -> String {
        let value = if self.value.is_empty() {
            "(none)"
        } else {
            &self.value
        };
        match &self.help {
            Some(h) => format!("{value} - {h}"),
            None => value.to_owned(),
        }
    }
}

/// Why a prompt gave no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PromptError {
    /// The user interrupted the wizard.
    #[error("interrupted")]
    Interrupted,
    /// The terminal failed.
    #[error("prompt failed: {0}")]
    Failed(String),
}

/// What asks the user. The CLI implements it with terminal prompts; tests with a script.
pub trait Prompter {
    /// A line of text. `check` says whether an answer is acceptable (and why not); the
    /// prompter asks again until it is. An empty answer to an optional question skips it.
    fn text(
        &mut self,
        question: &Question,
        default: Option<&str>,
        check: &dyn Fn(&str) -> Result<(), String>,
    ) -> Result<String, PromptError>;

    /// One of `choices`; returns its index.
    fn select(
        &mut self,
        question: &Question,
        choices: &[Choice],
        default: usize,
    ) -> Result<usize, PromptError>;

    /// Yes or no.
    fn confirm(&mut self, question: &Question, default: bool) -> Result<bool, PromptError>;

    /// A whole number within the bounds; `None` skips an optional question.
    fn integer(
        &mut self,
        question: &Question,
        min: Option<i64>,
        max: Option<i64>,
        default: Option<i64>,
    ) -> Result<Option<i64>, PromptError>;

    /// Whether to add another item to the list at `question` (which has `count` so far).
    fn add_another(&mut self, question: &Question, count: usize) -> Result<bool, PromptError>;
}

/// What to create, and with which answers.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Answers given up front, in the shape of the resource file.
    pub answers: Answers,
    /// The NAPALM driver of each napalm-configured endpoint, by endpoint name (it names the
    /// configuration files: `stageN/configs/<endpoint>-<driver>.txt`).
    pub napalm_drivers: BTreeMap<String, String>,
}

/// Why a resource could not be scaffolded.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// Required answers are missing and there is no one to ask.
    #[error("missing required answers: {}", .0.join(", "))]
    Missing(Vec<String>),
    /// An answers file could not be read.
    #[error("cannot read answers file {path}: {cause}")]
    AnswersUnreadable {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        cause: std::io::Error,
    },
    /// An answers file is not YAML, or not a mapping.
    #[error("answers file {path} is not usable: {message}")]
    AnswersInvalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A `key=value` setting is malformed or does not fit the resource.
    #[error("invalid setting `{setting}`: {message}")]
    BadSetting {
        /// The setting as given.
        setting: String,
        /// What is wrong.
        message: String,
    },
    /// The answers do not fit the resource's schema.
    #[error("the answers do not fit the {kind} schema: {}", .problems.join("; "))]
    Schema {
        /// `lesson`, `image`, ...
        kind: &'static str,
        /// One line per problem, with its place.
        problems: Vec<String>,
    },
    /// The new resource would not validate in its curriculum.
    #[error("the new {kind} would not validate: {}", .findings.iter().map(|d| format!("{} {}: {}", d.code, d.file, d.message)).collect::<Vec<_>>().join("; "))]
    Invalid {
        /// `lesson`, `image`, ...
        kind: &'static str,
        /// The error findings about the new resource.
        findings: Vec<Diagnostic>,
    },
    /// The wizard was interrupted or the terminal failed.
    #[error(transparent)]
    Prompt(#[from] PromptError),
    /// The target directory is not a curriculum.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// Files of the plan exist already.
    #[error("refusing to overwrite existing files: {}", .0.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "))]
    Exists(Vec<PathBuf>),
    /// A planned path would leave the resource's directory (a name with `/` or `..`).
    #[error(
        "refusing to write {path}: it is not a plain path inside the curriculum (check the names the files are made from, e.g. endpoint names)"
    )]
    UnsafePath {
        /// The path as planned.
        path: String,
    },
    /// The curriculum's place is taken by something that is not a directory.
    #[error("{path} is a file, not a directory: choose another place for the curriculum")]
    NotADirectory {
        /// The path.
        path: PathBuf,
    },
    /// A directory on the way is a symbolic link (files would land elsewhere).
    #[error(
        "refusing to write through the symbolic link {path}: replace it with a directory or choose another slug"
    )]
    Symlink {
        /// The link.
        path: PathBuf,
    },
    /// Writing failed (nothing of the plan is left behind).
    #[error("cannot write {path}: {cause}")]
    Write {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        cause: std::io::Error,
    },
}

/// Walks the schema of `kind`, asks `prompter` (if any) for what `options` leave open, and
/// plans the resource with its files under the curriculum at `root` (for
/// [`Kind::Curriculum`], `root` is the new curriculum's directory and need not exist).
///
/// Without a prompter, every missing required field is reported at once in
/// [`ScaffoldError::Missing`]. The result always validates: answers that break the schema or a
/// rule of the curriculum are an error, and nothing is planned.
pub fn plan(
    root: &std::path::Path,
    kind: Kind,
    options: &Options,
    prompter: Option<&mut dyn Prompter>,
) -> Result<Plan, ScaffoldError> {
    let context = plan::Context::read(root, kind)?;
    // Given answers that cannot be right are said before any question is asked (what is
    // missing is asked, or listed, below).
    check_schema(kind, options.answers.value(), false)?;
    let schema = crate::schema::cached(kind);
    let mut walker = engine::Walker::new(schema, &context, prompter);
    let value = walker.resource(options.answers.value())?;
    let drivers = walker.napalm_drivers(kind, &value, &options.napalm_drivers)?;
    let missing = walker.into_missing();
    if !missing.is_empty() {
        return Err(ScaffoldError::Missing(missing));
    }
    check_schema(kind, &value, true)?;
    let plan = plan::build(kind, &value, &drivers)?;
    context.check(kind, &plan)?;
    Ok(plan)
}

/// Checks `value` against the schema of `kind`; unless `complete`, missing required fields
/// are not problems (they are still to be asked).
fn check_schema(kind: Kind, value: &Value, complete: bool) -> Result<(), ScaffoldError> {
    let root = crate::schema::cached(kind);
    let problems: Vec<String> = crate::schema::validator(kind)
        .iter_errors(value)
        .filter(|e| {
            complete
                || !matches!(
                    e.kind(),
                    jsonschema::error::ValidationErrorKind::Required { .. }
                )
        })
        .map(|e| {
            let pointer = e.instance_path().to_string();
            let segs: Vec<&str> = pointer
                .trim_start_matches('/')
                .split('/')
                .filter(|s| !s.is_empty())
                .collect();
            let place = segs.join(".");
            // Name the values a field takes, when it takes a fixed set.
            let path: Vec<crate::schema::PathSeg<'_>> = segs
                .iter()
                .map(|s| match s.parse::<usize>() {
                    Ok(i) => crate::schema::PathSeg::Index(i),
                    Err(_) => crate::schema::PathSeg::Key(s),
                })
                .collect();
            let allowed = crate::schema::schema_at(root, &path)
                .and_then(crate::schema::allowed_values)
                .map(|v| format!(" (expected one of: {})", v.join(", ")))
                .unwrap_or_default();
            if place.is_empty() {
                format!("{e}{allowed}")
            } else {
                format!("{place}: {e}{allowed}")
            }
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ScaffoldError::Schema {
            kind: kind.as_str(),
            problems,
        })
    }
}

/// A slug made from a display name: lower-case letters and single dashes.
pub fn slugify(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphabetic() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// A pattern of the schema in words, for prompts and errors.
pub fn explain_pattern(pattern: &str) -> String {
    match pattern {
        crate::curriculum::SLUG_PATTERN => "lower-case letters and dashes only".into(),
        crate::curriculum::IMAGE_PATTERN => "letters, digits and dashes only".into(),
        other => format!("must match the regular expression {other}"),
    }
}

#[cfg(test)]
mod tests;
