//! `antidotectl lesson test` on a real engine (as the Docker backend's tests): the example
//! lesson with objectives is proven solvable (checks and solutions run in the checker
//! container and reach the endpoint over SSH), and copies broken three ways fail with a clear
//! report: an objective that passes untouched, a solution that does not solve, a check that
//! crashes.

use antidote_lib::provision::testing::TestEngine;

use crate::{antidotectl, copy_dir, repo};

/// `antidotectl lesson test ARGS...` on the test engine, with every image on the test image.
fn lesson_test(dir: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let engine = TestEngine::shared();
    let out = antidotectl()
        .env("ANTIDOTE_INSTANCE_ID", "ctltest")
        .env("ANTIDOTE_DOCKER_HOST", &engine.host)
        .env("ANTIDOTE_DOCKER_PULL", "false")
        .env(
            "ANTIDOTE_IMAGES_OVERRIDES",
            format!("linux-shell={}", engine.image),
        )
        .env("ANTIDOTE_IMAGES_CONFIGURATOR", &engine.image)
        .args(["lesson", "test", "-C"])
        .arg(dir)
        .args(args)
        .timeout(std::time::Duration::from_secs(240))
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_example_lesson_with_objectives_is_proven_solvable() {
    let examples = repo().join("curriculum-examples");
    let (ok, junit, err) = lesson_test(&examples, &["shell-first-steps", "--format", "junit"]);
    assert!(ok, "{err}\n{junit}");
    assert!(
        junit.contains(r#"<testsuite name="shell-first-steps" tests="5" failures="0""#),
        "{junit}"
    );
    assert!(
        junit.contains(r#"name="stage 1 objective 1: Write your name into notes.txt"/>"#),
        "{junit}"
    );
    assert!(err.contains("passed lesson `shell-first-steps`"), "{err}");
}

#[test]
fn broken_lessons_fail_with_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("curriculum-examples"), dir.path());
    let stage1 = dir.path().join("lessons/shell-first-steps/stage1");
    // Objective 0 passes untouched; objective 1's solution solves nothing.
    std::fs::write(
        stage1.join("objectives/objective0.py"),
        "raise SystemExit(0)\n",
    )
    .unwrap();
    std::fs::write(
        stage1.join("solutions/objective1.py"),
        "print('pretending')\n",
    )
    .unwrap();
    let (ok, json, err) = lesson_test(dir.path(), &["shell-first-steps", "--format", "json"]);
    assert!(!ok, "{err}");
    let reports: serde_json::Value = serde_json::from_str(&json).unwrap();
    let objectives = &reports[0]["stages"][1]["objectives"];
    assert_eq!(objectives[0]["before"]["status"], "complete", "{json}");
    assert!(
        objectives[0]["failure"]
            .as_str()
            .unwrap()
            .contains("complete before anything was done"),
        "{json}"
    );
    assert_eq!(objectives[1]["after"]["status"], "incomplete", "{json}");
    assert!(
        objectives[1]["failure"]
            .as_str()
            .unwrap()
            .contains("still incomplete after its solution ran"),
        "{json}"
    );
    assert!(err.contains("1 of 1 lesson failed"), "{err}");

    // A check that crashes: an error with its output, not "incomplete".
    std::fs::write(
        stage1.join("objectives/objective0.py"),
        "print('looking for notes.txt')\nraise RuntimeError('the check itself is broken')\n",
    )
    .unwrap();
    let (ok, _, err) = lesson_test(dir.path(), &["shell-first-steps"]);
    assert!(!ok, "{err}");
    assert!(
        err.contains(
            "objective 0 (Create the file notes.txt): its check failed: the check exited 2"
        ),
        "{err}"
    );
    assert!(
        err.contains("RuntimeError: the check itself is broken"),
        "{err}"
    );
}
