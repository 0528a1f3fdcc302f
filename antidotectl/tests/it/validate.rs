//! `antidotectl validate`: exit codes, and each output format as a snapshot.

use std::fs;

use predicates::prelude::*;

use crate::{antidotectl, copy_dir, repo};

/// A copy of the examples with an error of each layer and a warning.
fn broken_examples() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("curriculum-examples"), tmp.path());
    let lesson = tmp
        .path()
        .join("lessons/shell-first-steps/lesson.meta.yaml");
    let text = fs::read_to_string(&lesson).unwrap();
    let text = text
        .replace("shortDescription: Shell", "shortDescripton: Shell")
        .replace("image: linux-shell", "image: linux-shel");
    fs::write(&lesson, text).unwrap();
    fs::create_dir_all(tmp.path().join("lessons/shell-first-steps/stage2")).unwrap();
    fs::write(
        tmp.path().join("lessons/shell-first-steps/stage2/guide.md"),
        "# Left over\n",
    )
    .unwrap();
    tmp
}

fn run(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = antidotectl()
        .current_dir(dir)
        .arg("validate")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

macro_rules! redacted {
    ($tmp:expr, $body:block) => {{
        let mut settings = insta::Settings::clone_current();
        settings.add_filter(
            &regex_escape(&$tmp.path().display().to_string()),
            "[CURRICULUM]",
        );
        settings.bind(|| $body);
    }};
}

fn regex_escape(s: &str) -> String {
    s.chars()
        .flat_map(|c| {
            if "\\.+*?()|[]{}^$#&-~".contains(c) {
                vec!['\\', c]
            } else {
                vec![c]
            }
        })
        .collect()
}

#[test]
fn clean_curriculum_exits_0_with_a_summary() {
    antidotectl()
        .arg("validate")
        .arg(repo().join("curriculum-examples"))
        .assert()
        .code(0)
        .stdout("")
        .stderr(predicate::str::contains("checked 8 resources (3 lessons, 1 collection, 3 images and the curriculum): 0 errors, 0 warnings"));
}

#[test]
fn findings_exit_1_and_warnings_only_with_deny_warnings() {
    let tmp = broken_examples();
    assert_eq!(run(tmp.path(), &[]).0, 1);
    // Only the warning left: 0, unless warnings are denied.
    let lesson = tmp
        .path()
        .join("lessons/shell-first-steps/lesson.meta.yaml");
    let text = fs::read_to_string(&lesson)
        .unwrap()
        .replace("shortDescripton", "shortDescription")
        .replace("linux-shel\n", "linux-shell\n");
    fs::write(&lesson, text).unwrap();
    let (code, _, stderr) = run(tmp.path(), &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("0 errors, 1 warning"), "{stderr}");
    assert_eq!(run(tmp.path(), &["--deny-warnings"]).0, 1);
}

#[test]
fn not_a_curriculum_exits_2() {
    let tmp = tempfile::tempdir().unwrap();
    antidotectl()
        .arg("validate")
        .arg(tmp.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "is not a curriculum: it has no curriculum.meta.yaml",
        ));
    antidotectl()
        .args(["validate", "/nonexistent/curriculum"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read curriculum directory"));
    antidotectl()
        .args(["validate", "--tier", "production"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("production"));
}

#[test]
fn tier_filters_lessons() {
    let nrelabs = repo().join("../shared/curricula/nrelabs");
    let (code, stdout, _) = run(&nrelabs, &["--tier", "prod", "--format", "json"]);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["summary"]["lessons"], 18);
    assert_eq!(report["summary"]["errors"], 0);
    let (code, stdout, _) = run(&nrelabs, &["--format", "json"]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["summary"]["lessons"], 25);
    assert_eq!(report["summary"]["errors"], 7);
}

#[test]
fn human_format() {
    let tmp = broken_examples();
    let (code, stdout, stderr) = run(tmp.path(), &[]);
    assert_eq!((code, stdout.as_str()), (1, ""));
    redacted!(tmp, { insta::assert_snapshot!(stderr) });
}

#[test]
fn json_format() {
    let tmp = broken_examples();
    let (code, stdout, stderr) = run(tmp.path(), &["--format", "json"]);
    assert_eq!((code, stderr.as_str()), (1, ""));
    let value: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        value["diagnostics"][0]["file"],
        "lessons/shell-first-steps/lesson.meta.yaml"
    );
    redacted!(tmp, { insta::assert_snapshot!(stdout) });
}

#[test]
fn github_format() {
    let tmp = broken_examples();
    let (code, stdout, _) = run(tmp.path(), &["--format", "github"]);
    assert_eq!(code, 1);
    assert!(
        stdout
            .lines()
            .all(|l| l.starts_with("::error file=") || l.starts_with("::warning file=")),
        "{stdout}"
    );
    redacted!(tmp, { insta::assert_snapshot!(stdout) });
}

#[test]
fn sarif_format() {
    let tmp = broken_examples();
    let (code, stdout, _) = run(tmp.path(), &["--format", "sarif"]);
    assert_eq!(code, 1);
    let log: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    redacted!(tmp, {
        insta::assert_snapshot!(serde_json::to_string_pretty(&run["results"]).unwrap())
    });
}

#[test]
fn size_limits_are_findings_and_follow_the_limits_settings() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("curriculum-examples"), tmp.path());
    // 5 MiB, over the default 4 MiB (sparse: nothing is written, and nothing is read).
    fs::OpenOptions::new()
        .write(true)
        .open(tmp.path().join("lessons/web-dashboards/stage0/guide.md"))
        .unwrap()
        .set_len(5 << 20)
        .unwrap();
    let out = antidotectl()
        .current_dir(tmp.path())
        .args(["validate", "--format", "json"])
        .env_remove("ANTIDOTE_LIMITS_GUIDE_BYTES")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "AD012")
        .unwrap_or_else(|| panic!("{report:#}"));
    assert_eq!(found["file"], "lessons/web-dashboards/stage0/guide.md");
    assert!(
        found["message"]
            .as_str()
            .unwrap()
            .contains("is 5,242,880 bytes, over the limit of 4,194,304 bytes (limits.guide_bytes)"),
        "{found:#}"
    );
    // The setting raised, as import and the services read it.
    antidotectl()
        .current_dir(tmp.path())
        .arg("validate")
        .env("ANTIDOTE_LIMITS_GUIDE_BYTES", "6291456")
        .assert()
        .code(0);
}
