//! No answer of the API outgrows the bound derived from the size limits
//! (`Limits::answer_bytes`): a lesson with every file at its limit, made of what JSON
//! escapes most, is served in answers below the bound.

use std::sync::Arc;

use antidote_lib::config::Limits;
use antidote_lib::curriculum::Tier;
use antidote_lib::import::{ImportOptions, import};
use antidote_lib::store::state::{Claim, Status};
use axum::http::StatusCode;
use serde_json::json;

use crate::support::{acker, call, config, repo, served};

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// `n` times the control character U+0001: one byte on disk, six in a JSON string.
fn controls(n: usize) -> String {
    "\u{1}".repeat(n)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lesson_at_the_limits_gives_answers_below_the_derived_bound() {
    let limits = Limits {
        meta_file_bytes: 64 * 1024,
        guide_bytes: 256 * 1024,
        notebook_bytes: 256 * 1024,
        file_bytes: 1024 * 1024,
        lesson_bytes: 4 * 1024 * 1024,
    };
    let bound = limits.answer_bytes();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("curriculum");
    copy_dir(&repo().join("curriculum-examples"), &root);
    let lesson = root.join("lessons/shell-first-steps");
    // Guides exactly at the limit.
    for stage in ["stage0", "stage1"] {
        let guide = controls(usize::try_from(limits.guide_bytes).unwrap());
        std::fs::write(lesson.join(stage).join("guide.md"), guide).unwrap();
    }
    // A meta file whose JSON is close to the limit, mostly in what the answers repeat: the
    // most objectives a stage may have (100), each with its script.
    let escaped = |n: usize| "\\x01".repeat(n);
    let objectives: String = (0..100)
        .map(|_| format!("        - \"{}\"\n", escaped(90)))
        .collect();
    let meta = std::fs::read_to_string(lesson.join("lesson.meta.yaml"))
        .unwrap()
        .replace(
            "description: Move around a Linux system from the command line, then create and edit your first file.",
            &format!("description: \"{}\"", escaped(1_000)),
        )
        .replace(
            "        - Create the file notes.txt\n        - Write your name into notes.txt\n",
            &objectives,
        );
    std::fs::write(lesson.join("lesson.meta.yaml"), meta).unwrap();
    for m in 0..100 {
        std::fs::write(
            lesson.join(format!("stage1/objectives/objective{m}.py")),
            "import sys\nsys.exit(1)\n",
        )
        .unwrap();
    }

    let s = served(config()).await;
    let _scheduler = acker(&s).await;
    // Imported with these limits: so it is within them.
    import(
        &s.state.store,
        &ImportOptions {
            source: root.display().to_string(),
            tier: Tier::Local,
            limits,
            ..ImportOptions::default()
        },
        Arc::new(()),
    )
    .await
    .unwrap();

    let sid = call(&s.app, "POST", "/api/v1/sessions").send().await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let created = call(&s.app, "POST", "/api/v1/livelessons")
        .json(&json!({"session_id": sid, "lesson_slug": "shell-first-steps", "stage": 1}))
        .send()
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.body["id"].as_str().unwrap().to_owned();
    let exp_session = call(&s.app, "POST", "/exp/livesession")
        .body("text/plain;charset=UTF-8", "{}")
        .send()
        .await;
    let exp_sid = exp_session.body["ID"].as_str().unwrap().to_owned();
    let exp_created = call(&s.app, "POST", "/exp/livelesson")
        .body(
            "text/plain;charset=UTF-8",
            json!({"lessonSlug": "shell-first-steps", "lessonStage": 1, "sessionId": exp_sid})
                .to_string(),
        )
        .send()
        .await;
    let exp_id = exp_created.body["id"].as_str().unwrap().to_owned();
    // Both READY, every objective in error with the longest reason the checker stores (1,000
    // characters of its output), of what JSON escapes most.
    let store = &s.state.store;
    for ll in [&id, &exp_id] {
        assert!(matches!(
            store.claim_livelesson(ll, "w", 60_000).await.unwrap(),
            Claim::Claimed(_)
        ));
        assert!(
            store
                .set_livelesson_status(ll, "w", Status::Configuration, None)
                .await
                .unwrap()
        );
        assert!(store.set_livelesson_ready(ll, "w", 1, &[]).await.unwrap());
    }
    let claimed = store.claim_checks("c", 60_000, 10).await.unwrap();
    assert_eq!(claimed.len(), 2, "{claimed:?}");
    let statuses: Vec<serde_json::Value> = (0..100)
        .map(|m| {
            json!({"stage": 1, "index": m, "status": "error",
                "reason": format!("the check exited 2: {}", controls(980)), "completed_at": null})
        })
        .collect();
    for ll in [&id, &exp_id] {
        assert!(
            store
                .set_objectives(ll, "c", 1, &json!(statuses), false, &[])
                .await
                .unwrap()
        );
    }

    let mut largest = 0;
    for path in [
        format!("/api/v1/livelessons/{id}"),
        format!("/exp/livelesson/{exp_id}"),
        "/api/v1/lessons/shell-first-steps".to_owned(),
        "/exp/lesson/shell-first-steps".to_owned(),
        "/api/v1/lessons".to_owned(),
        "/exp/lesson".to_owned(),
    ] {
        let answer = call(&s.app, "GET", &path).send().await;
        assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.body);
        let size = answer.raw.len() as u64;
        assert!(
            size < bound,
            "{path}: {size} bytes, over the bound of {bound}"
        );
        largest = largest.max(size);
    }
    assert!(
        largest > 6 * limits.guide_bytes + 100 * 6 * 980,
        "the livelesson answer carries the whole guide and every reason, escaped: {largest} bytes"
    );
    eprintln!("largest answer {largest} bytes, bound {bound}");
}
