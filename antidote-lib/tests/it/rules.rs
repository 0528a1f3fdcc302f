//! Every rule on a real curriculum with one thing broken: the cases in
//! `tests/fixtures/rules.yaml`, each expecting exactly its findings at their positions.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use antidote_lib::curriculum::{Tier, yaml};
use antidote_lib::validate::{Diagnostic, Options, rules, validate_dir};
use serde::Deserialize;

use crate::support::{copy_dir, copy_of, examples, nrelabs, repo};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    base: String,
    #[serde(default)]
    tier: Option<String>,
    #[serde(default)]
    require_solutions: bool,
    edits: Vec<Edit>,
    expect: Vec<Expect>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum Edit {
    Replace {
        file: String,
        from: String,
        to: String,
    },
    Append {
        file: String,
        text: String,
    },
    Write {
        file: String,
        text: String,
    },
    WriteLatin1 {
        file: String,
        text: String,
    },
    Remove(String),
    Mkdir(String),
    Symlink {
        link: String,
        target: String,
    },
    CopyDir {
        from: String,
        to: String,
    },
    /// Makes `file` (created if missing) `bytes` long: sparse, so huge sizes cost no disk.
    Grow {
        file: String,
        bytes: u64,
    },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    code: String,
    file: String,
    line: u32,
    column: Option<u32>,
    message: Option<String>,
    help: Option<String>,
}

fn cases() -> Vec<Case> {
    let text = fs::read_to_string(repo().join("antidote-lib/tests/fixtures/rules.yaml")).unwrap();
    let (doc, problems) = yaml::parse(&text).unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    serde_json::from_value(doc.value).unwrap()
}

fn apply(root: &Path, edit: &Edit) {
    let write = |file: &str, bytes: &[u8]| {
        let path = root.join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    };
    match edit {
        Edit::Replace { file, from, to } => {
            let text = fs::read_to_string(root.join(file)).unwrap();
            assert!(
                text.contains(from.as_str()),
                "{file} does not contain {from:?}"
            );
            write(file, text.replacen(from.as_str(), to, 1).as_bytes());
        }
        Edit::Append { file, text } => {
            let mut old = fs::read_to_string(root.join(file)).unwrap();
            old.push_str(text);
            write(file, old.as_bytes());
        }
        Edit::Write { file, text } => write(file, text.as_bytes()),
        Edit::WriteLatin1 { file, text } => {
            let bytes: Vec<u8> = text
                .chars()
                .map(|c| u8::try_from(u32::from(c)).unwrap())
                .collect();
            write(file, &bytes);
        }
        Edit::Remove(file) => fs::remove_file(root.join(file)).unwrap(),
        Edit::Mkdir(dir) => fs::create_dir_all(root.join(dir)).unwrap(),
        Edit::Symlink { link, target } => {
            std::os::unix::fs::symlink(target, root.join(link)).unwrap()
        }
        Edit::CopyDir { from, to } => copy_dir(&root.join(from), &root.join(to)),
        Edit::Grow { file, bytes } => {
            let path = root.join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            let f = fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .unwrap();
            f.set_len(*bytes).unwrap();
        }
    }
}

fn findings(root: &Path, tier: Tier, require_solutions: bool) -> Vec<Diagnostic> {
    validate_dir(
        root,
        &Options {
            tier,
            require_solutions,
            ..Options::default()
        },
    )
    .unwrap()
    .report
    .diagnostics
}

#[test]
fn every_case_reports_exactly_its_findings() {
    let mut failures = Vec::new();
    for case in cases() {
        let base = match case.base.as_str() {
            "examples" => examples(),
            "nrelabs" => nrelabs(),
            other => panic!("case {:?}: unknown base {other}", case.name),
        };
        let tier: Tier = case.tier.as_deref().unwrap_or("local").parse().unwrap();
        let baseline = findings(&base, tier, case.require_solutions);
        let (_tmp, root) = copy_of(&base);
        for edit in &case.edits {
            apply(&root, edit);
        }
        let new: Vec<Diagnostic> = findings(&root, tier, case.require_solutions)
            .into_iter()
            .filter(|d| !baseline.contains(d))
            .collect();
        let matches = new.len() == case.expect.len()
            && new.iter().zip(&case.expect).all(|(d, e)| {
                d.code == e.code
                    && d.file == e.file
                    && d.line == e.line
                    && e.column.is_none_or(|c| c == d.column)
                    && e.message.as_deref().is_none_or(|m| d.message.contains(m))
                    && e.help
                        .as_deref()
                        .is_none_or(|h| d.help.as_deref().unwrap_or_default().contains(h))
            });
        if !matches {
            failures.push(format!(
                "case {:?}:\n  expected {:#?}\n  found {:#?}",
                case.name, case.expect, new
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_rule_has_a_case() {
    let covered: BTreeSet<String> = cases()
        .iter()
        .flat_map(|c| c.expect.iter().map(|e| e.code.clone()))
        .collect();
    // AD110 catches schema keywords that no specific rule covers: tested with a schema of its
    // own in schema_check's unit tests, and for the most objectives a stage may have by
    // `more_than_a_hundred_objectives_is_one_finding`.
    let missing: Vec<&str> = rules::ALL
        .iter()
        .map(|r| r.code)
        .filter(|c| !covered.contains(*c) && *c != "AD110")
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a case in tests/fixtures/rules.yaml: {missing:?}"
    );
}

#[test]
fn the_examples_are_clean_at_every_tier() {
    for tier in Tier::ALL {
        let report = validate_dir(
            &examples(),
            &Options {
                tier,
                ..Options::default()
            },
        )
        .unwrap()
        .report;
        assert!(
            report.diagnostics.is_empty(),
            "tier {tier}: {:#?}",
            report.diagnostics
        );
    }
    let report = validate_dir(&examples(), &Options::default())
        .unwrap()
        .report;
    assert_eq!(
        (
            report.summary.lessons,
            report.summary.collections,
            report.summary.images
        ),
        (3, 1, 3)
    );
}

/// A stage has at most 100 objectives (each one is a script run by the checker and a status in
/// every answer about the livelesson): one more is one finding, and the first 100 are still
/// checked as usual.
#[test]
fn more_than_a_hundred_objectives_is_one_finding() {
    let (_tmp, root) = copy_of(&examples());
    let lesson = root.join("lessons/shell-first-steps");
    let objectives: String = (0..101)
        .map(|m| format!("        - Objective {m}\n"))
        .collect();
    let meta = fs::read_to_string(lesson.join("lesson.meta.yaml"))
        .unwrap()
        .replace(
            "        - Create the file notes.txt\n        - Write your name into notes.txt\n",
            &objectives,
        );
    fs::write(lesson.join("lesson.meta.yaml"), meta).unwrap();
    // Scripts for the first 100, which are checked.
    for kind in ["objectives", "solutions"] {
        for m in 0..100 {
            let script = lesson.join(format!("stage1/{kind}/objective{m}.py"));
            fs::write(&script, "import sys\nsys.exit(1)\n").unwrap();
        }
    }
    let found = findings(&root, Tier::Local, false);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        (found[0].code, found[0].file.as_str(), found[0].line),
        ("AD110", "lessons/shell-first-steps/lesson.meta.yaml", 32)
    );
    assert!(
        found[0]
            .message
            .contains("has 101 items, more than the 100 allowed"),
        "{}",
        found[0].message
    );
}
