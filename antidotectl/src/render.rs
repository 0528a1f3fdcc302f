//! Turning a validation [`Report`] into output: human (stderr, with source snippets), or
//! `json`, `github` (workflow commands) and `sarif` (SARIF 2.1.0) on stdout; both through the
//! [`Shell`].

use std::collections::HashMap;
use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use antidote_lib::validate::{Diagnostic, Report, Severity, rules};
use serde_json::json;

use crate::shell::Shell;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Source snippets and a summary on stderr.
    Human,
    /// One JSON object on stdout.
    Json,
    /// GitHub Actions workflow commands on stdout.
    Github,
    /// SARIF 2.1.0 on stdout.
    Sarif,
}

impl std::str::FromStr for Format {
    type Err = anyhow::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "human" => Format::Human,
            "json" => Format::Json,
            "github" => Format::Github,
            "sarif" => Format::Sarif,
            other => {
                anyhow::bail!("unknown format `{other}` (expected human, json, github or sarif)")
            }
        })
    }
}

/// Writes `report` about the curriculum at `root` in `format` through `shell`: the human
/// report's findings (errors and warnings, shown even with `--quiet`) and then its summary (a
/// status line) on stderr, the other formats on stdout.
pub fn report(shell: &Shell, report: &Report, root: &Path, format: Format) -> anyhow::Result<()> {
    match format {
        Format::Human => {
            let findings = findings(report, root);
            if !findings.is_empty() {
                let mut err = shell.err();
                let _ = err.write_all(findings.as_bytes());
                let _ = err.flush();
            }
            shell.status("checked", summary(report));
            Ok(())
        }
        Format::Json => write_stdout(shell, &(serde_json::to_string_pretty(report)? + "\n")),
        Format::Github => write_stdout(shell, &github(report, root)),
        Format::Sarif => write_stdout(
            shell,
            &(serde_json::to_string_pretty(&sarif(report, root))? + "\n"),
        ),
    }
}

fn write_stdout(shell: &Shell, text: &str) -> anyhow::Result<()> {
    let mut out = shell.stdout();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// The human report: one snippet per finding, then the summary line. Styled; anstream strips
/// the styles when stderr is no terminal or `NO_COLOR` is set.
pub fn human(report: &Report, root: &Path) -> String {
    let mut out = findings(report, root);
    out.push_str(&summary_line(report));
    out.push('\n');
    out
}

/// One snippet per finding, each followed by a blank line (empty without findings).
fn findings(report: &Report, root: &Path) -> String {
    let renderer = Renderer::styled();
    let mut sources: HashMap<&str, Option<String>> = HashMap::new();
    let mut out = String::new();
    for d in &report.diagnostics {
        let source = sources
            .entry(d.file.as_str())
            .or_insert_with(|| snippet_source(&root.join(&d.file)))
            .as_deref();
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = level.primary_title(d.message.as_str()).id(d.code);
        let shown = shown_path(root, &d.file);
        let group = match source.and_then(|s| span_at(s, d.line, d.column).map(|span| (s, span))) {
            Some((text, span)) => title.element(
                Snippet::source(text)
                    .path(shown.as_str())
                    .fold(true)
                    .annotation(AnnotationKind::Primary.span(span).label(d.name)),
            ),
            None => title.element(Origin::path(shown.as_str()).line(d.line as usize)),
        };
        let mut groups = vec![group];
        if let Some(help) = &d.help {
            groups.push(Group::with_title(
                Level::HELP.secondary_title(help.as_str()),
            ));
        }
        out.push_str(&renderer.render(&groups));
        out.push_str("\n\n");
    }
    out
}

/// The text of a file to quote from: only a regular file (never what a symlink points to, a
/// FIFO or a device) of at most 4 MiB, without its byte-order mark.
fn snippet_source(path: &Path) -> Option<String> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_file() || meta.len() > 4 << 20 {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    Some(
        text.strip_prefix('\u{feff}')
            .map(str::to_owned)
            .unwrap_or(text),
    )
}

/// `checked 41 resources (25 lessons, 6 collections, 14 images and the curriculum): 4 errors,
/// 1 warning`.
pub fn summary_line(report: &Report) -> String {
    format!("checked {}", summary(report))
}

/// The summary line after its verb.
fn summary(report: &Report) -> String {
    let s = &report.summary;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{} ({}, {}, {} and the curriculum): {}, {}",
        plural(s.resources, "resource"),
        plural(s.lessons, "lesson"),
        plural(s.collections, "collection"),
        plural(s.images, "image"),
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
    )
}

/// The byte range of the token at `line`:`column` (1-based, column in characters).
fn span_at(text: &str, line: u32, column: u32) -> Option<std::ops::Range<usize>> {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line as usize - 2)?.0 + 1
    };
    let rest = &text[line_start..];
    let line_text = rest.split('\n').next().unwrap_or_default();
    let start = line_start
        + line_text
            .char_indices()
            .nth(column.saturating_sub(1) as usize)
            .map_or(line_text.len(), |(i, _)| i);
    let tail = &text[start..];
    let len = match tail.chars().next() {
        Some(q @ ('"' | '\'')) => tail[1..].find(q).map_or(1, |i| i + 2),
        Some(_) => tail
            .find(|c: char| c.is_whitespace() || matches!(c, ':' | ',' | ']' | '}' | '#'))
            .filter(|n| *n > 0)
            .unwrap_or_else(|| tail.chars().next().map_or(0, char::len_utf8)),
        None => 0,
    };
    Some(start..start + len)
}

/// The path of a finding's file as seen from the working directory (relative when the file is
/// under it).
fn shown_path(root: &Path, file: &str) -> String {
    let joined = root.join(file);
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| joined.strip_prefix(&cwd).ok().map(Path::to_path_buf));
    let s = relative
        .unwrap_or(joined)
        .to_string_lossy()
        .replace('\\', "/");
    s.strip_prefix("./").map(str::to_owned).unwrap_or(s)
}

/// A path as a URI reference: unreserved characters and `/` as they are, the rest
/// percent-encoded (UTF-8).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// GitHub Actions workflow commands, one per finding.
pub fn github(report: &Report, root: &Path) -> String {
    let escape_data = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let escape_prop = |s: &str| escape_data(s).replace(':', "%3A").replace(',', "%2C");
    let mut out = String::new();
    for d in &report.diagnostics {
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&format!(
            "::{} file={},line={},col={},title={}::{}\n",
            d.severity.as_str(),
            escape_prop(&shown_path(root, &d.file)),
            d.line,
            d.column,
            escape_prop(&format!("{} {}", d.code, d.name)),
            escape_data(&message),
        ));
    }
    out
}

/// A SARIF artifact location: relative paths against `%SRCROOT%`, absolute ones as file URIs.
fn artifact(path: &str) -> serde_json::Value {
    if path.starts_with('/') {
        json!({"uri": format!("file://{}", uri(path))})
    } else {
        json!({"uri": uri(path), "uriBaseId": "%SRCROOT%"})
    }
}

/// The report as a SARIF 2.1.0 log.
pub fn sarif(report: &Report, root: &Path) -> serde_json::Value {
    let level = |s: Severity| match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let rule_index: HashMap<&str, usize> = rules::ALL
        .iter()
        .enumerate()
        .map(|(i, r)| (r.code, i))
        .collect();
    let rules: Vec<_> = rules::ALL
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.why},
                "help": {"text": r.why, "markdown": format!("{}\n\nExample:\n\n```yaml\n{}\n```", r.why, r.example)},
                "defaultConfiguration": {"level": level(r.severity)},
            })
        })
        .collect();
    let results: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d: &Diagnostic| {
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str(&format!(" (help: {help})"));
            }
            json!({
                "ruleId": d.code,
                "ruleIndex": rule_index.get(d.code),
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact(&shown_path(root, &d.file)),
                        "region": {"startLine": d.line, "startColumn": d.column},
                    }
                }],
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "antidotectl",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/antidote-rs/antidote",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::span_at;

    #[test]
    fn spans_cover_the_token() {
        let text = "a: 1\n  image: kali-linux # x\nname: \"two words\"\n";
        assert_eq!(&text[span_at(text, 2, 10).unwrap()], "kali-linux");
        assert_eq!(&text[span_at(text, 2, 3).unwrap()], "image");
        assert_eq!(&text[span_at(text, 3, 7).unwrap()], "\"two words\"");
        assert!(span_at(text, 9, 1).is_none());
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            super::uri("lessons/web dash,%é/x.yaml"),
            "lessons/web%20dash%2C%25%C3%A9/x.yaml"
        );
    }
}
