//! The global `--quiet` and `--verbose` flags: what each hides or adds, on stderr only.

use predicates::prelude::*;

use crate::{antidotectl, copy_dir, repo};

/// A copy of the examples with a lesson whose meta file does not parse.
fn broken_examples() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("curriculum-examples"), tmp.path());
    std::fs::write(
        tmp.path()
            .join("lessons/shell-first-steps/lesson.meta.yaml"),
        "name: [",
    )
    .unwrap();
    tmp
}

fn sqlite() -> (tempfile::TempDir, String) {
    let tmp = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", tmp.path().join("antidote.db").display());
    (tmp, url)
}

#[test]
fn quiet_validate_prints_nothing_for_a_clean_curriculum_but_keeps_stdout() {
    let examples = repo().join("curriculum-examples");
    // Without --quiet the summary is there (so that the next assertion means something).
    antidotectl()
        .arg("validate")
        .arg(&examples)
        .assert()
        .code(0)
        .stderr(predicate::str::contains("checked 8 resources"));
    for flag in ["--quiet", "-q"] {
        antidotectl()
            .args(["validate", flag])
            .arg(&examples)
            .assert()
            .code(0)
            .stdout("")
            .stderr("");
    }
    // Machine output is never silenced.
    let out = antidotectl()
        .args(["--quiet", "validate", "--format", "json"])
        .arg(&examples)
        .assert()
        .code(0)
        .stderr("");
    let report: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(report["summary"]["resources"], 8);
    assert_eq!(report["summary"]["errors"], 0);
}

#[test]
fn quiet_keeps_findings_and_errors() {
    let tmp = broken_examples();
    let out = antidotectl()
        .args(["validate", "-q"])
        .arg(tmp.path())
        .assert()
        .code(1)
        .stdout("");
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("error[AD"), "{stderr}");
    assert!(stderr.contains("lesson.meta.yaml"), "{stderr}");
    assert!(
        !stderr.contains("checked "),
        "the summary is a status line: {stderr}"
    );

    antidotectl()
        .args(["-q", "validate", "/nonexistent/curriculum"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with(
            "error: cannot validate /nonexistent/curriculum",
        ));
}

#[test]
fn quiet_import_prints_no_progress_or_status_but_errors() {
    let (_db, url) = sqlite();
    antidotectl()
        .args(["import", "--quiet", "--database-url", &url])
        .arg(repo().join("curriculum-examples"))
        .assert()
        .success()
        .stdout("")
        .stderr("");
    // What was imported is there, and `db status --format json` answers on stdout.
    let out = antidotectl()
        .args([
            "-q",
            "db",
            "status",
            "--format",
            "json",
            "--database-url",
            &url,
        ])
        .assert()
        .success()
        .stderr("");
    let status: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(status["curriculum"]["lessons"], 3);

    let tmp = broken_examples();
    antidotectl()
        .args(["-q", "import", "--database-url", &url])
        .arg(tmp.path())
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("error[AD")
                .and(predicate::str::contains(
                    "error: nothing was imported: the curriculum has errors",
                ))
                .and(predicate::str::contains("validating...").not()),
        );
}

#[test]
fn verbose_says_what_a_command_is_about_to_do() {
    let examples = repo().join("curriculum-examples");
    let checking = format!("checking {} (tier prod)\n", examples.display());
    antidotectl()
        .args(["validate", "--tier", "prod"])
        .arg(&examples)
        .assert()
        .code(0)
        .stderr(predicate::str::contains("checking").not());
    antidotectl()
        .args(["validate", "--verbose", "--tier", "prod"])
        .arg(&examples)
        .assert()
        .code(0)
        .stderr(
            predicate::str::starts_with(checking.as_str())
                .and(predicate::str::contains("checked 7 resources (2 lessons"))
                .and(predicate::str::is_match(r"\nfinished in [0-9.]+(ns|µs|ms|s)\n$").unwrap()),
        );

    let (_db, url) = sqlite();
    antidotectl()
        .args(["-v", "import", "--database-url", &url])
        .arg(&examples)
        .assert()
        .success()
        .stderr(
            predicate::str::contains(format!(
                "importing {} (tier local) into {url}\n",
                examples.display()
            ))
            .and(predicate::str::contains("validating...\n"))
            .and(predicate::str::contains("imported antidote-examples")),
        );
}

#[test]
fn quiet_and_verbose_exclude_each_other() {
    for args in [
        ["-q", "-v", "validate"],
        ["validate", "--quiet", "--verbose"],
        ["-q", "validate", "-v"],
        ["--verbose", "validate", "--quiet"],
    ] {
        antidotectl()
            .args(args)
            .arg(repo().join("curriculum-examples"))
            .assert()
            .code(2)
            .stdout("")
            .stderr(
                predicate::str::contains("'--quiet' cannot be used with '--verbose'")
                    .and(predicate::str::contains("checked").not()),
            );
    }
}
