//! `antidotectl import` and `antidotectl db` on a SQLite file (the engines themselves are
//! tested in antidote-lib).

use predicates::prelude::*;

use crate::{antidotectl, repo};

fn db() -> (tempfile::TempDir, String) {
    let tmp = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", tmp.path().join("antidote.db").display());
    (tmp, url)
}

fn status(url: &str) -> serde_json::Value {
    let out = antidotectl()
        .env("ANTIDOTE_DATABASE_URL", url)
        .args(["db", "status", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn import_then_status() {
    let (_tmp, url) = db();
    assert_eq!(
        status(&url),
        serde_json::json!({"schema_version": null, "curriculum": null})
    );
    antidotectl()
        .env("ANTIDOTE_DATABASE_URL", &url)
        .args(["import", "--tier", "prod"])
        .arg(repo().join("../shared/curricula/nrelabs"))
        .assert()
        .success()
        .stderr(
            predicate::str::contains("imported nrelabs (no commit)").and(predicate::str::contains(
                "18 lessons, 14 images, 6 collections",
            )),
        )
        .stderr(predicate::str::contains("validating...\n"));
    let s = status(&url);
    assert_eq!(s["schema_version"], 1);
    let c = &s["curriculum"];
    assert_eq!(
        (
            c["name"].as_str(),
            c["lessons"].as_i64(),
            c["images"].as_i64(),
            c["collections"].as_i64()
        ),
        (Some("nrelabs"), Some(18), Some(14), Some(6))
    );
    assert!(c["commit"].is_null());
    assert!(c["source"].as_str().unwrap().ends_with("curricula/nrelabs"));
    assert!(c["imported_at"].as_str().unwrap().ends_with('Z'));
    let keys: Vec<&String> = c.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "name",
            "commit",
            "source",
            "imported_at",
            "lessons",
            "images",
            "collections"
        ]
    );

    // Errors: the report, exit 1, nothing changes.
    antidotectl()
        .env("ANTIDOTE_DATABASE_URL", &url)
        .arg("import")
        .arg(repo().join("../shared/curricula/nrelabs"))
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("error[AD301]")
                .and(predicate::str::contains("nothing was imported")),
        );
    assert_eq!(status(&url)["curriculum"]["lessons"], 18);
}

#[test]
fn db_init_needs_confirmation_without_a_terminal() {
    let (_tmp, url) = db();
    antidotectl()
        .args(["import", "--database-url", &url])
        .arg(repo().join("curriculum-examples"))
        .assert()
        .success();
    antidotectl()
        .args(["db", "init", "--database-url", &url])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("without confirmation: pass --yes"));
    assert_eq!(status(&url)["curriculum"]["lessons"], 3);
    antidotectl()
        .args(["db", "init", "--yes", "--database-url", &url])
        .assert()
        .success()
        .stderr(predicate::str::contains("created schema version 1"));
    assert_eq!(
        status(&url),
        serde_json::json!({"schema_version": 1, "curriculum": null})
    );
}

#[test]
fn bad_database_urls_and_sources_are_clear_errors() {
    antidotectl()
        .args(["db", "status", "--database-url", "mysql://localhost/x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "invalid database URL `mysql://localhost/x`: unknown scheme",
        ));
    antidotectl()
        .args([
            "db",
            "status",
            "--database-url",
            "postgres://postgres@127.0.0.1:1/none",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot connect to postgres://postgres@127.0.0.1:1/none",
        ));
    let (_tmp, url) = db();
    antidotectl()
        .args(["import", "/nonexistent/curriculum", "--database-url", &url])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot import /nonexistent/curriculum",
        ));
}

#[test]
fn an_import_that_removes_most_lessons_needs_allow_shrink() {
    let (tmp, url) = db();
    let import = |source: &std::path::Path, extra: &[&str]| {
        let mut cmd = antidotectl();
        cmd.env("ANTIDOTE_DATABASE_URL", &url)
            .arg("import")
            .arg(source)
            .args(extra);
        cmd.assert()
    };
    import(&repo().join("curriculum-examples"), &[]).success();
    let copy = tmp.path().join("copy");
    let copied = std::process::Command::new("cp")
        .arg("-r")
        .arg(repo().join("curriculum-examples"))
        .arg(&copy)
        .status()
        .unwrap();
    assert!(copied.success());
    for lesson in ["network-config-basics", "web-dashboards"] {
        std::fs::remove_dir_all(copy.join("lessons").join(lesson)).unwrap();
    }
    import(&copy, &[]).failure().stderr(
        predicate::str::contains("would remove 2 of the 3 lessons")
            .and(predicate::str::contains("--allow-shrink")),
    );
    assert_eq!(status(&url)["curriculum"]["lessons"], 3, "nothing changed");
    // The share is a setting.
    let mut cmd = antidotectl();
    cmd.env("ANTIDOTE_DATABASE_URL", &url)
        .env("ANTIDOTE_IMPORT_MAX_REMOVED_PERCENT", "70")
        .arg("import")
        .arg(&copy);
    cmd.assert().success();
    assert_eq!(status(&url)["curriculum"]["lessons"], 1);
    // Every lesson gone needs the flag whatever the share.
    std::fs::remove_dir_all(copy.join("lessons/shell-first-steps")).unwrap();
    std::fs::remove_dir_all(copy.join("collections")).unwrap();
    import(&copy, &[]).failure();
    import(&copy, &["--allow-shrink"]).success();
    assert_eq!(status(&url)["curriculum"]["lessons"], 0);
}
