//! The API when PostgreSQL goes away: a server of the test's own, stopped and started again.
//! Requests that need the database are answered 503 with `Retry-After` within about the
//! acquire timeout (`database_acquire_timeout_ms`, 1 s), `/readyz` too, and both recover by
//! themselves once the server is back.

use std::time::{Duration, Instant};

use antidote_lib::store::testing::PgCluster;
use axum::http::StatusCode;
use serde_json::json;

use crate::support::{Answer, acker, call, config, served_on};

/// Within this of being asked, a request that needs an unreachable database is answered: the
/// acquire timeout (1 s) and some slack for a busy machine. Before the bound it took 10 s.
const PROMPTLY: Duration = Duration::from_millis(1900);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_database_is_a_prompt_503_and_the_api_recovers_by_itself() {
    let pg = PgCluster::start();
    let mut config = config();
    // The curriculum is cached: this test is about the requests that need the database.
    config.api.curriculum_refresh_ms = 60_000;
    assert_eq!(config.database_acquire_timeout(), Duration::from_secs(1));
    let s = served_on(config, pg.url.clone(), Box::new(())).await;
    let _scheduler = acker(&s).await;
    let session = call(&s.app, "POST", "/api/v1/sessions").send().await;
    assert_eq!(session.status, StatusCode::CREATED, "{}", session.body);
    let sid = session.body["id"].as_str().unwrap().to_owned();
    let created = call(&s.app, "POST", "/api/v1/livelessons")
        .json(&json!({"session_id": sid, "lesson_slug": "shell-first-steps"}))
        .send()
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.body["id"].as_str().unwrap().to_owned();
    let livelesson = format!("/api/v1/livelessons/{id}");

    pg.stop();
    let requests: Vec<(&str, &str, Option<serde_json::Value>)> = vec![
        ("GET", "/readyz", None),
        ("POST", "/api/v1/sessions", None),
        ("GET", &livelesson, None),
        (
            "POST",
            "/api/v1/livelessons",
            Some(json!({"session_id": sid, "lesson_slug": "shell-first-steps"})),
        ),
    ];
    for (method, path, body) in &requests {
        let started = Instant::now();
        let request = call(&s.app, method, path);
        let answer: Answer = match body {
            Some(b) => request.json(b).send().await,
            None => request.send().await,
        };
        let took = started.elapsed();
        assert_eq!(
            answer.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{method} {path}: {}",
            answer.body
        );
        assert_eq!(
            answer
                .headers
                .get("retry-after")
                .map(|v| v.to_str().unwrap()),
            Some("1"),
            "{method} {path}"
        );
        assert!(
            answer.message().contains("database does not answer"),
            "{method} {path}: {}",
            answer.message()
        );
        assert!(
            took < PROMPTLY,
            "{method} {path} took {took:?} to say the database is away"
        );
    }

    pg.resume();
    let back = Instant::now();
    loop {
        let ready = call(&s.app, "GET", "/readyz").send().await;
        if ready.status == StatusCode::OK {
            break;
        }
        assert!(
            back.elapsed() < Duration::from_secs(15),
            "/readyz still says {} 15 s after PostgreSQL came back",
            ready.status
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    eprintln!(
        "ready again {:?} after PostgreSQL accepted connections",
        back.elapsed()
    );
    let again = call(&s.app, "POST", "/api/v1/sessions").send().await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.body);
    let read = call(&s.app, "GET", &livelesson).send().await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    assert_eq!(read.body["id"], id.as_str());
}
