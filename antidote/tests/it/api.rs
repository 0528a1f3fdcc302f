//! `/api/v1`, the admin API, health, OpenAPI and Swagger UI, every route and error path.

use antidote_lib::curriculum::Tier;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::support::{acker, call, config, import_dir, repo, served, served_on};

fn slugs(list: &Value, key: &str) -> Vec<String> {
    list[key]
        .as_array()
        .unwrap_or_else(|| panic!("no `{key}` list in {list}"))
        .iter()
        .map(|l| l["slug"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn curriculum_reads_are_filtered_by_the_configured_tier() {
    let prod = served(antidote_lib::config::Config {
        tier: Tier::Prod,
        ..config()
    })
    .await;
    let a = call(&prod.app, "GET", "/api/v1/lessons").send().await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.headers["content-type"], "application/json");
    assert_eq!(
        slugs(&a.body, "lessons"),
        ["network-config-basics", "shell-first-steps"]
    );
    let hidden = call(&prod.app, "GET", "/api/v1/lessons/web-dashboards")
        .send()
        .await;
    assert_eq!(
        hidden.status,
        StatusCode::NOT_FOUND,
        "a ptr lesson is not served at prod"
    );
    assert_eq!(hidden.body["error"]["code"], "not_found");
    assert!(
        hidden.message().contains("web-dashboards"),
        "{}",
        hidden.message()
    );

    let local = served(config()).await;
    let a = call(&local.app, "GET", "/api/v1/lessons").send().await;
    assert_eq!(
        slugs(&a.body, "lessons"),
        [
            "network-config-basics",
            "shell-first-steps",
            "web-dashboards"
        ]
    );
    let lesson = call(&local.app, "GET", "/api/v1/lessons/web-dashboards")
        .send()
        .await;
    assert_eq!(lesson.status, StatusCode::OK);
    assert_eq!(lesson.body["slug"], "web-dashboards");
    assert_eq!(lesson.body["tier"], "ptr");
    assert!(!lesson.body["stages"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn prereqs_are_recursive_and_deduplicated() {
    let s = served(config()).await;
    let a = call(&s.app, "GET", "/api/v1/lessons/web-dashboards/prereqs")
        .send()
        .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(
        a.body,
        json!({"prereqs": ["network-config-basics", "shell-first-steps"]})
    );
    let a = call(&s.app, "GET", "/api/v1/lessons/shell-first-steps/prereqs")
        .send()
        .await;
    assert_eq!(a.body, json!({"prereqs": []}));
    let a = call(&s.app, "GET", "/api/v1/lessons/nope/prereqs")
        .send()
        .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn collections_images_curriculum_and_info() {
    let s = served(config()).await;
    let a = call(&s.app, "GET", "/api/v1/collections").send().await;
    assert_eq!(slugs(&a.body, "collections"), ["antidote-examples"]);
    let c = call(&s.app, "GET", "/api/v1/collections/antidote-examples")
        .send()
        .await;
    assert_eq!(c.status, StatusCode::OK);
    let members: Vec<&str> = c.body["lessons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["slug"].as_str().unwrap())
        .collect();
    assert!(members.contains(&"shell-first-steps"), "{members:?}");
    assert_eq!(
        call(&s.app, "GET", "/api/v1/collections/nope")
            .send()
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let images = call(&s.app, "GET", "/api/v1/images").send().await;
    assert_eq!(
        slugs(&images.body, "images"),
        ["linux-shell", "network-os", "web-app"]
    );
    let cur = call(&s.app, "GET", "/api/v1/curriculum").send().await;
    assert_eq!(cur.status, StatusCode::OK);
    assert!(
        cur.body["name"].as_str().is_some_and(|n| !n.is_empty()),
        "{}",
        cur.body
    );
    assert!(
        !cur.body.to_string().contains(&repo().display().to_string()),
        "no server path is shown: {}",
        cur.body
    );
    let info = call(&s.app, "GET", "/api/v1/info").send().await;
    assert_eq!(info.body["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        info.body["schema_version"],
        antidote_lib::store::SCHEMA_VERSION
    );
    assert_eq!(info.body["tier"], "local");
    assert_eq!(info.body["curriculum"], cur.body["name"]);
}

#[tokio::test]
async fn an_empty_database_serves_empty_lists_and_says_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let url = antidote_lib::store::DatabaseUrl::Sqlite(tmp.path().join("a.db"));
    let store = antidote_lib::store::Store::open(&url).await.unwrap();
    let comms = antidote_lib::comms::Comms::new(
        std::sync::Arc::new(antidote_lib::comms::InProcessBus::new()),
        "antidote",
    )
    .unwrap();
    let app = antidote::api::app(antidote::api::ApiState::new(config(), store.clone(), comms));
    let a = call(&app, "GET", "/api/v1/lessons").send().await;
    assert_eq!(a.body, json!({"lessons": []}));
    let c = call(&app, "GET", "/api/v1/curriculum").send().await;
    assert_eq!(c.status, StatusCode::NOT_FOUND);
    assert!(
        c.message().contains("antidotectl import"),
        "{}",
        c.message()
    );
    let r = call(&app, "GET", "/readyz").send().await;
    assert_eq!(
        r.body,
        json!({"status": "ready", "curriculum_imported": false})
    );

    // A new import is noticed without a restart.
    import_dir(&store, &repo().join("curriculum-examples")).await;
    let a = call(&app, "GET", "/api/v1/lessons").send().await;
    assert_eq!(slugs(&a.body, "lessons").len(), 3);
}

#[tokio::test]
async fn sessions_are_unguessable_and_limited_per_source_address() {
    let mut c = config();
    c.api.sessions_per_ip_per_hour = 2;
    c.api.trusted_proxies = vec!["10.0.0.1".parse().unwrap(), "10.42.0.0/16".parse().unwrap()];
    let s = served(c).await;
    let first = call(&s.app, "POST", "/api/v1/sessions").send().await;
    assert_eq!(first.status, StatusCode::CREATED);
    let id = first.body["id"].as_str().unwrap();
    assert_eq!(id.len(), 32, "128 bits as hex: {id}");
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
    let second = call(&s.app, "POST", "/api/v1/sessions").send().await;
    assert_ne!(second.body["id"], first.body["id"]);
    let third = call(&s.app, "POST", "/api/v1/sessions").send().await;
    assert_eq!(third.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(third.headers["retry-after"], "60");
    assert!(third.message().contains("192.0.2.1"), "{}", third.message());

    // A forwarded header from an untrusted peer is ignored: still 192.0.2.1, still limited.
    let spoofed = call(&s.app, "POST", "/api/v1/sessions")
        .header("x-forwarded-for", "198.51.100.7")
        .send()
        .await;
    assert_eq!(spoofed.status, StatusCode::TOO_MANY_REQUESTS);
    // Another address has its own budget.
    let other = call(&s.app, "POST", "/api/v1/sessions")
        .from("192.0.2.2")
        .send()
        .await;
    assert_eq!(other.status, StatusCode::CREATED);
    // Behind the trusted proxy, the forwarded address counts (the right-most untrusted hop).
    for _ in 0..2 {
        let via = call(&s.app, "POST", "/api/v1/sessions")
            .from("10.0.0.1")
            .header("x-forwarded-for", "203.0.113.9, 198.51.100.7")
            .send()
            .await;
        assert_eq!(via.status, StatusCode::CREATED);
    }
    let via = call(&s.app, "POST", "/api/v1/sessions")
        .from("10.0.0.1")
        .header("x-forwarded-for", "198.51.100.7")
        .send()
        .await;
    assert_eq!(via.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(via.message().contains("198.51.100.7"), "{}", via.message());
    let sessions = s.state.store.sessions().await.unwrap();
    assert!(sessions.iter().any(|s| s.source_ip == "198.51.100.7"));
    assert!(
        !sessions.iter().any(|s| s.source_ip == "10.0.0.1"),
        "the proxy is never the source"
    );
    // A proxy anywhere in a trusted network (an ingress whose pods come and go).
    let via_net = call(&s.app, "POST", "/api/v1/sessions")
        .from("10.42.7.9")
        .header("x-forwarded-for", "203.0.113.11")
        .send()
        .await;
    assert_eq!(via_net.status, StatusCode::CREATED);
    assert!(
        s.state
            .store
            .sessions()
            .await
            .unwrap()
            .iter()
            .any(|s| s.source_ip == "203.0.113.11")
    );
    // On a dual-stack socket an IPv4 proxy shows as ::ffff:10.0.0.1: still trusted.
    let mapped = call(&s.app, "POST", "/api/v1/sessions")
        .from("::ffff:10.0.0.1")
        .header("x-forwarded-for", "203.0.113.10")
        .send()
        .await;
    assert_eq!(mapped.status, StatusCode::CREATED);
    let sessions = s.state.store.sessions().await.unwrap();
    assert!(
        sessions.iter().any(|s| s.source_ip == "203.0.113.10"),
        "{sessions:?}"
    );
    let garbage = call(&s.app, "POST", "/api/v1/sessions")
        .from("10.0.0.1")
        .header("x-forwarded-for", "not-an-ip")
        .send()
        .await;
    assert_eq!(garbage.status, StatusCode::BAD_REQUEST);
}

async fn session(app: &axum::Router) -> String {
    call(app, "POST", "/api/v1/sessions").send().await.body["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn livelesson_flow(s: &crate::support::Served) {
    let _scheduler = acker(s).await;
    let sid = session(&s.app).await;
    let body = json!({"session_id": sid, "lesson_slug": "shell-first-steps", "stage": 0});
    let created = call(&s.app, "POST", "/api/v1/livelessons")
        .json(&body)
        .send()
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.body["id"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 32);
    assert_eq!(created.body["status"], "INITIALIZED");
    assert_eq!(created.body["stage"], 0);
    assert_eq!(created.body["guide"]["type"], "markdown");
    assert!(
        created.body["guide"]["contents"]
            .as_str()
            .unwrap()
            .contains('#')
    );

    // The same session and lesson: the same livelesson.
    let again = call(&s.app, "POST", "/api/v1/livelessons")
        .json(&body)
        .send()
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body["id"], id.as_str());

    let before = s
        .state
        .store
        .livelesson(&id)
        .await
        .unwrap()
        .unwrap()
        .last_active_at;
    // Activity is recorded at most once per TOUCH_INTERVAL_MS.
    let interval = u64::try_from(antidote_lib::store::state::TOUCH_INTERVAL_MS).unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(interval + 50)).await;
    let got = call(&s.app, "GET", &format!("/api/v1/livelessons/{id}"))
        .send()
        .await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.body["lesson_slug"], "shell-first-steps");
    assert!(got.body["endpoints"].is_array());
    assert!(got.body["objectives"].is_array());
    assert!(got.body["error"].is_null());
    let after = s
        .state
        .store
        .livelesson(&id)
        .await
        .unwrap()
        .unwrap()
        .last_active_at;
    assert!(after > before, "a poll refreshes last-active time");

    let staged = call(&s.app, "PUT", &format!("/api/v1/livelessons/{id}/stage"))
        .json(&json!({"stage": 1}))
        .send()
        .await;
    assert_eq!(staged.status, StatusCode::OK, "{}", staged.body);
    assert_eq!(staged.body["stage"], 1);
    assert!(
        staged.body["guide"]["contents"] != created.body["guide"]["contents"],
        "the guide follows the stage"
    );
    for bad in [json!({"stage": 2}), json!({"stage": -1})] {
        let a = call(&s.app, "PUT", &format!("/api/v1/livelessons/{id}/stage"))
            .json(&bad)
            .send()
            .await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(
            a.message().contains("has 2 stages (0 to 1)"),
            "{}",
            a.message()
        );
    }

    let deleted = call(&s.app, "DELETE", &format!("/api/v1/livelessons/{id}"))
        .send()
        .await;
    assert_eq!(deleted.status, StatusCode::ACCEPTED);
    let gone = call(&s.app, "GET", &format!("/api/v1/livelessons/{id}"))
        .send()
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn livelessons_on_sqlite() {
    livelesson_flow(&served(config()).await).await;
}

#[tokio::test]
async fn livelessons_on_postgres() {
    let pg = antidote_lib::store::testing::PgDatabase::new().await;
    let url = pg.url.clone();
    livelesson_flow(&served_on(config(), url, Box::new(pg)).await).await;
}

#[tokio::test]
async fn without_a_scheduler_a_livelesson_fails_with_the_reason_and_can_be_asked_again() {
    let s = served(config()).await;
    let sid = session(&s.app).await;
    let body = json!({"session_id": sid, "lesson_slug": "shell-first-steps"});
    let a = call(&s.app, "POST", "/api/v1/livelessons")
        .json(&body)
        .send()
        .await;
    assert_eq!(a.status, StatusCode::CREATED);
    assert_eq!(a.body["status"], "FAILED", "not left waiting: {}", a.body);
    assert!(
        a.body["error"]
            .as_str()
            .unwrap()
            .contains("no scheduler is running"),
        "{}",
        a.body
    );
    let id = a.body["id"].as_str().unwrap().to_owned();

    // Once a scheduler runs, asking again restarts the failed livelesson under the same id.
    let scheduler = acker(&s).await;
    let again = call(&s.app, "POST", "/api/v1/livelessons")
        .json(&body)
        .send()
        .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body["id"], id.as_str());
    assert_eq!(again.body["status"], "INITIALIZED");
    assert!(again.body["error"].is_null());

    // A deletion without a scheduler is recorded, and done once one runs.
    drop(scheduler);
    let deleted = call(&s.app, "DELETE", &format!("/api/v1/livelessons/{id}"))
        .send()
        .await;
    assert_eq!(deleted.status, StatusCode::ACCEPTED);
    assert!(
        deleted.body["pending"]
            .as_str()
            .unwrap()
            .contains("no scheduler is running to tear it down"),
        "{}",
        deleted.body
    );
    let row = s.state.store.livelesson(&id).await.unwrap().unwrap();
    assert!(row.delete_requested_at.is_some());
    let blocked = call(&s.app, "POST", "/api/v1/livelessons")
        .json(&body)
        .send()
        .await;
    assert_eq!(blocked.status, StatusCode::CONFLICT);
    assert!(
        blocked.message().contains("is being deleted"),
        "{}",
        blocked.message()
    );
}

#[tokio::test]
async fn livelesson_requests_are_checked() {
    let mut c = config();
    c.api.livelessons_per_session = 1;
    let s = served(c).await;
    let _scheduler = acker(&s).await;
    let sid = session(&s.app).await;
    let post = |body: Value| {
        call(&s.app, "POST", "/api/v1/livelessons")
            .json(&body)
            .send()
    };

    let a = post(json!({"session_id": "0123456789abcdef0123456789abcdef", "lesson_slug": "shell-first-steps"})).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(
        a.message().contains("Invalid session ID"),
        "{}",
        a.message()
    );
    let a = post(json!({"session_id": "../../etc", "lesson_slug": "shell-first-steps"})).await;
    assert!(
        a.message().contains("Invalid session ID"),
        "{}",
        a.message()
    );
    let a = post(json!({"session_id": sid, "lesson_slug": "nope"})).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(a.message().contains("`nope`"), "{}", a.message());
    let a = post(json!({"session_id": sid, "lesson_slug": "shell-first-steps", "stage": -1})).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(
        a.message().contains("stage -1 does not exist"),
        "{}",
        a.message()
    );
    let a =
        post(json!({"session_id": sid, "lesson_slug": "shell-first-steps", "stage": "one"})).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.message().contains("at `stage`"), "{}", a.message());
    let a = post(json!({"session_id": sid, "lesson_slug": "shell-first-steps", "stgae": 1})).await;
    assert!(
        a.message().contains("unknown field `stgae`"),
        "{}",
        a.message()
    );
    let a = post(json!({"lesson_slug": "shell-first-steps"})).await;
    assert!(
        a.message().contains("missing field `session_id`"),
        "{}",
        a.message()
    );

    let a = call(&s.app, "POST", "/api/v1/livelessons")
        .body("application/json", "{not json")
        .send()
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(
        a.message().starts_with("invalid JSON body"),
        "{}",
        a.message()
    );
    let a = call(&s.app, "POST", "/api/v1/livelessons")
        .body("text/plain", "{}")
        .send()
        .await;
    assert_eq!(a.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let huge = format!("{{\"session_id\": \"{}\"}}", "a".repeat(20_000));
    let a = call(&s.app, "POST", "/api/v1/livelessons")
        .body("application/json", huge)
        .send()
        .await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);

    // The per-session limit: at it, the least recently used livelesson is given up (its
    // deletion recorded) and the new one starts; the answer names the one given up.
    let ok = post(json!({"session_id": sid, "lesson_slug": "shell-first-steps"})).await;
    assert_eq!(ok.status, StatusCode::CREATED);
    let first = ok.body["id"].as_str().unwrap().to_owned();
    assert!(ok.body.get("given_up").is_none(), "{}", ok.body);
    let a = post(json!({"session_id": sid, "lesson_slug": "network-config-basics"})).await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(
        a.body["given_up"],
        json!({"id": first, "lesson_slug": "shell-first-steps"})
    );
    // The API asks the schedulers to tear it down; the stand-in deletes it.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while s.state.store.livelesson(&first).await.unwrap().is_some() {
        assert!(std::time::Instant::now() < deadline, "never torn down");
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }

    for (method, uri) in [
        (
            "GET",
            "/api/v1/livelessons/0123456789abcdef0123456789abcdef",
        ),
        ("GET", "/api/v1/livelessons/x"),
        (
            "DELETE",
            "/api/v1/livelessons/0123456789abcdef0123456789abcdef",
        ),
    ] {
        let a = call(&s.app, method, uri).send().await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{method} {uri}");
    }
    let a = call(
        &s.app,
        "PUT",
        "/api/v1/livelessons/0123456789abcdef0123456789abcdef/stage",
    )
    .json(&json!({"stage": 0}))
    .send()
    .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn admin_routes_need_the_token() {
    let s = served(config()).await;
    let a = call(&s.app, "GET", "/api/v1/admin/sessions").send().await;
    assert_eq!(
        a.status,
        StatusCode::FORBIDDEN,
        "disabled without a configured token"
    );
    assert!(
        a.message().contains("ANTIDOTE_ADMIN_TOKEN"),
        "{}",
        a.message()
    );

    let mut c = config();
    c.api.admin_token = Some("s3cret-s3cret-s3cret".into());
    let s = served(c).await;
    let _scheduler = acker(&s).await;
    let a = call(&s.app, "GET", "/api/v1/admin/sessions").send().await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        a.headers["www-authenticate"],
        "Bearer realm=\"antidote-admin\""
    );
    let a = call(&s.app, "GET", "/api/v1/admin/sessions")
        .header("authorization", "Bearer wrong")
        .send()
        .await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert_eq!(a.message(), "wrong admin token");
    // The scheme is case-insensitive (RFC 9110).
    let a = call(&s.app, "GET", "/api/v1/admin/sessions")
        .header("authorization", "bearer s3cret-s3cret-s3cret")
        .send()
        .await;
    assert_eq!(a.status, StatusCode::OK);

    let auth = "Bearer s3cret-s3cret-s3cret";
    let sid = session(&s.app).await;
    let ll = call(&s.app, "POST", "/api/v1/livelessons")
        .json(&json!({"session_id": sid, "lesson_slug": "shell-first-steps"}))
        .send()
        .await;
    let id = ll.body["id"].as_str().unwrap().to_owned();
    let sessions = call(&s.app, "GET", "/api/v1/admin/sessions")
        .header("authorization", auth)
        .send()
        .await;
    assert_eq!(sessions.status, StatusCode::OK);
    assert_eq!(sessions.body["sessions"][0]["id"], sid.as_str());
    assert_eq!(sessions.body["sessions"][0]["persistent"], false);
    let lls = call(&s.app, "GET", "/api/v1/admin/livelessons")
        .header("authorization", auth)
        .send()
        .await;
    assert_eq!(lls.body["livelessons"][0]["id"], id.as_str());

    let p = call(
        &s.app,
        "PUT",
        &format!("/api/v1/admin/sessions/{sid}/persistent"),
    )
    .header("authorization", auth)
    .json(&json!({"persistent": true}))
    .send()
    .await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(
        s.state
            .store
            .session(&sid)
            .await
            .unwrap()
            .unwrap()
            .persistent
    );
    let p = call(&s.app, "PUT", "/api/v1/admin/sessions/nope/persistent")
        .header("authorization", auth)
        .json(&json!({"persistent": true}))
        .send()
        .await;
    assert_eq!(p.status, StatusCode::NOT_FOUND);

    let k = call(&s.app, "DELETE", &format!("/api/v1/admin/livelessons/{id}"))
        .header("authorization", auth)
        .send()
        .await;
    assert_eq!(k.status, StatusCode::ACCEPTED);
    assert!(s.state.store.livelesson(&id).await.unwrap().is_none());
}

#[tokio::test]
async fn health_errors_openapi_and_swagger_ui() {
    let s = served(config()).await;
    // Load balancers probe the root, as they did the original's.
    let root = call(&s.app, "GET", "/").send().await;
    assert_eq!(root.status, StatusCode::OK);
    assert_eq!(root.body["service"], "antidote");
    assert_eq!(
        call(&s.app, "GET", "/healthz").send().await.body,
        json!({"status": "ok"})
    );
    assert_eq!(
        call(&s.app, "GET", "/readyz").send().await.body,
        json!({"status": "ready", "curriculum_imported": true})
    );
    let a = call(&s.app, "GET", "/nope").send().await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert_eq!(a.body["error"]["code"], "not_found");
    let a = call(&s.app, "DELETE", "/api/v1/lessons").send().await;
    assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(a.body["error"]["code"], "method_not_allowed");
    assert!(a.headers.contains_key("allow"));

    let a = call(&s.app, "GET", "/api/v1/lessons/%FF").send().await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        a.body["error"]["code"], "bad_request",
        "axum's rejections get the shape too: {}",
        a.body
    );
    assert!(a.message().contains("UTF-8"), "{}", a.message());

    let doc = call(&s.app, "GET", "/openapi.json").send().await;
    assert_eq!(doc.status, StatusCode::OK);
    assert!(doc.body["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/lessons",
        "/api/v1/livelessons",
        "/api/v1/admin/sessions",
        "/healthz",
        "/",
    ] {
        assert!(doc.body["paths"][path].is_object(), "{path} is documented");
    }
    let ui = call(&s.app, "GET", "/docs/").send().await;
    assert_eq!(ui.status, StatusCode::OK);
    assert!(
        ui.body.as_str().unwrap().contains("swagger-ui"),
        "Swagger UI is served from the binary"
    );
    let js = call(&s.app, "GET", "/docs/swagger-ui-bundle.js")
        .send()
        .await;
    assert_eq!(js.status, StatusCode::OK);
}

#[test]
fn docs_openapi_json_is_current() {
    let path = repo().join("docs/openapi.json");
    let actual = antidote::api::openapi_json() + "\n";
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        std::fs::write(&path, &actual).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == actual,
        "docs/openapi.json is stale: run `UPDATE_GENERATED=1 cargo test -p antidote` and commit it"
    );
}

#[tokio::test]
async fn cors_follows_the_configuration() {
    let s = served(config()).await;
    let a = call(&s.app, "GET", "/api/v1/lessons")
        .header("origin", "https://labs.example")
        .send()
        .await;
    assert!(
        !a.headers.contains_key("access-control-allow-origin"),
        "no CORS unless configured"
    );
    let mut c = config();
    c.api.cors_origins = vec!["https://labs.example".into()];
    let s = served(c).await;
    let a = call(&s.app, "GET", "/api/v1/lessons")
        .header("origin", "https://labs.example")
        .send()
        .await;
    assert_eq!(
        a.headers["access-control-allow-origin"],
        "https://labs.example"
    );
    let a = call(&s.app, "GET", "/api/v1/lessons")
        .header("origin", "https://evil.example")
        .send()
        .await;
    assert!(!a.headers.contains_key("access-control-allow-origin"));
}

#[tokio::test]
async fn the_requests_trace_context_travels_to_the_scheduler() {
    let s = served(config()).await;
    let mut work = s
        .state
        .comms
        .queue_subscribe::<antidote_lib::comms::NewLiveLesson>("scheduler")
        .await
        .unwrap();
    let seen = tokio::spawn(async move {
        let r = work.next().await.unwrap().unwrap();
        let trace = r.trace;
        r.ack(antidote_lib::comms::Ack::accepted()).await.unwrap();
        trace
    });
    let sid = session(&s.app).await;
    let parent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    let a = call(&s.app, "POST", "/api/v1/livelessons")
        .header("traceparent", parent)
        .json(&json!({"session_id": sid, "lesson_slug": "shell-first-steps"}))
        .send()
        .await;
    assert_eq!(a.body["status"], "INITIALIZED", "{}", a.body);
    let trace = seen.await.unwrap();
    assert_eq!(trace.trace_id_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
    assert_ne!(
        trace.to_header(),
        parent,
        "the API's span is a child of the caller's"
    );
}

#[tokio::test]
async fn limits_hold_under_concurrent_requests() {
    let mut c = config();
    c.api.sessions_per_ip_per_hour = 5;
    c.api.livelessons_per_session = 1;
    let s = served(c).await;
    // No scheduler: what is given up stays until one tears it down, so the bound on rows shows.
    let answers = futures_util::future::join_all((0..20).map(|_| {
        call(&s.app, "POST", "/api/v1/sessions")
            .from("198.51.100.20")
            .send()
    }))
    .await;
    let created = answers
        .iter()
        .filter(|a| a.status == StatusCode::CREATED)
        .count();
    assert_eq!(created, 5, "exactly the limit, however many at once");
    let sid = answers
        .iter()
        .find(|a| a.status == StatusCode::CREATED)
        .unwrap()
        .body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let lessons = [
        "shell-first-steps",
        "network-config-basics",
        "web-dashboards",
    ];
    let answers = futures_util::future::join_all(lessons.iter().map(|l| {
        call(&s.app, "POST", "/api/v1/livelessons")
            .json(&json!({"session_id": sid, "lesson_slug": l}))
            .send()
    }))
    .await;
    let statuses: Vec<u16> = answers.iter().map(|a| a.status.as_u16()).collect();
    // One starts, the next gives it up and starts, the third finds two rows (one being torn
    // down) and is refused: never more than the limit running, whatever the order.
    assert_eq!(
        statuses.iter().filter(|&&c| c == 201).count(),
        2,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|&&c| c == 429).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(s.state.store.count_livelessons_of(&sid).await.unwrap(), 2);
    let running = s
        .state
        .store
        .livelessons()
        .await
        .unwrap()
        .into_iter()
        .filter(|l| l.session_id == sid && l.delete_requested_at.is_none())
        .count();
    assert_eq!(running, 1, "exactly the limit runs");
    let refused = answers.iter().find(|a| a.status == 429).unwrap();
    assert!(
        refused.message().contains("the limit is 1"),
        "{}",
        refused.message()
    );
}

#[tokio::test]
async fn a_request_nobody_took_up_is_asked_again() {
    let s = served(config()).await;
    // A scheduler that acknowledges but never claims (it died right after answering).
    let mut work = s
        .state
        .comms
        .queue_subscribe::<antidote_lib::comms::NewLiveLesson>("scheduler")
        .await
        .unwrap();
    let asked = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = asked.clone();
    let task = tokio::spawn(async move {
        while let Some(Ok(r)) = work.next().await {
            count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            r.ack(antidote_lib::comms::Ack::accepted()).await.unwrap();
        }
    });
    let sid = session(&s.app).await;
    let body = json!({"session_id": sid, "lesson_slug": "shell-first-steps"});
    let first = call(&s.app, "POST", "/api/v1/livelessons")
        .json(&body)
        .send()
        .await;
    assert_eq!(first.body["status"], "INITIALIZED");
    // Within the request timeout (500 ms here) a repeat is just a poll...
    call(&s.app, "POST", "/api/v1/livelessons")
        .json(&body)
        .send()
        .await;
    assert_eq!(asked.load(std::sync::atomic::Ordering::SeqCst), 1);
    // ...after it, the unowned INITIALIZED livelesson is asked for again.
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    let again = call(&s.app, "POST", "/api/v1/livelessons")
        .json(&body)
        .send()
        .await;
    assert_eq!(again.body["id"], first.body["id"]);
    assert_eq!(asked.load(std::sync::atomic::Ordering::SeqCst), 2);
    task.abort();
}

#[tokio::test]
async fn a_database_outage_keeps_serving_the_cached_curriculum() {
    let s = served(config()).await;
    let before = call(&s.app, "GET", "/api/v1/lessons").send().await;
    assert_eq!(before.status, StatusCode::OK);
    s.state.store.close().await;
    let during = call(&s.app, "GET", "/api/v1/lessons").send().await;
    assert_eq!(during.status, StatusCode::OK);
    assert_eq!(during.body, before.body);
    let ready = call(&s.app, "GET", "/readyz").send().await;
    assert_eq!(
        ready.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        ready.body
    );
}

#[tokio::test]
async fn a_stage_change_nobody_answers_is_kept_for_the_schedulers() {
    let s = served(config()).await;
    let scheduler = acker(&s).await;
    let sid = session(&s.app).await;
    let created = call(&s.app, "POST", "/api/v1/livelessons")
        .json(&json!({"session_id": sid, "lesson_slug": "shell-first-steps"}))
        .send()
        .await;
    let id = created.body["id"].as_str().unwrap().to_owned();
    // A scheduler took it to READY (by hand here: the stand-in only acknowledges).
    let store = &s.state.store;
    store
        .claim_livelesson(&id, "replica", 10_000)
        .await
        .unwrap();
    use antidote_lib::store::state::Status;
    assert!(
        store
            .set_livelesson_status(&id, "replica", Status::Configuration, None)
            .await
            .unwrap()
    );
    assert!(
        store
            .set_livelesson_ready(&id, "replica", 0, &[])
            .await
            .unwrap()
    );
    drop(scheduler);

    let a = call(&s.app, "PUT", &format!("/api/v1/livelessons/{id}/stage"))
        .json(&json!({"stage": 1}))
        .send()
        .await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE, "{}", a.body);
    assert!(
        a.message().contains("stage 1 is recorded"),
        "{}",
        a.message()
    );
    let row = store.livelesson(&id).await.unwrap().unwrap();
    assert_eq!(
        (row.stage, row.status),
        (1, Status::Configuration),
        "not FAILED: its environment exists"
    );
}

/// Every livelesson answer validates against the OpenAPI document's own schema of it, and the
/// status codes the body routes really send are documented.
#[tokio::test]
async fn livelesson_answers_match_their_own_schema() {
    let s = served(config()).await;
    let _scheduler = acker(&s).await;
    let doc: Value = serde_json::from_str(&antidote::api::openapi_json()).unwrap();
    let schema = json!({
        "$ref": "#/components/schemas/LiveLessonView",
        "components": doc["components"],
    });
    let validator = jsonschema::validator_for(&schema).unwrap();
    let sid = session(&s.app).await;
    let created = call(&s.app, "POST", "/api/v1/livelessons")
        .json(&json!({"session_id": sid, "lesson_slug": "shell-first-steps"}))
        .send()
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let id = created.body["id"].as_str().unwrap().to_owned();
    let read = call(&s.app, "GET", &format!("/api/v1/livelessons/{id}"))
        .send()
        .await;
    let moved = call(&s.app, "PUT", &format!("/api/v1/livelessons/{id}/stage"))
        .json(&json!({"stage": 1}))
        .send()
        .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    for answer in [&created.body, &read.body, &moved.body] {
        assert!(answer["endpoints"].is_array() && answer["objectives"].is_array());
        let errors: Vec<String> = validator
            .iter_errors(answer)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:?} in {answer}");
    }
    for (path, method) in [
        ("/api/v1/livelessons", "post"),
        ("/api/v1/livelessons/{id}/stage", "put"),
    ] {
        for code in ["413", "415"] {
            assert!(
                doc["paths"][path][method]["responses"][code].is_object(),
                "{method} {path} does not document {code}"
            );
        }
    }
}

/// The document leads from a new session to a new livelesson and from there to reading it
/// (OpenAPI links to operations that exist, with the ids where the answers put them), and
/// documents the admin routes' 400 and the 503 of every route that needs the database.
#[tokio::test]
async fn the_document_links_sessions_to_livelessons_and_documents_real_errors() {
    let doc: Value = serde_json::from_str(&antidote::api::openapi_json()).unwrap();
    let operation_ids: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .filter_map(|op| op["operationId"].as_str())
        .collect();
    let link = |path: &str, method: &str, status: &str, name: &str| {
        let link = doc["paths"][path][method]["responses"][status]["links"][name].clone();
        let target = link["operationId"].as_str().unwrap_or_else(|| {
            panic!("{method} {path} {status} has no link {name}");
        });
        assert!(operation_ids.contains(&target), "{name} leads to {target}");
        link
    };
    let to_livelesson = link("/api/v1/sessions", "post", "201", "CreateLiveLesson");
    assert_eq!(to_livelesson["operationId"], "create_livelesson");
    assert_eq!(
        to_livelesson["requestBody"]["session_id"],
        "$response.body#/id"
    );
    for (status, name, target) in [
        ("201", "GetLiveLesson", "livelesson"),
        ("200", "GetLiveLesson", "livelesson"),
        ("201", "SetStage", "set_stage"),
        ("201", "DeleteLiveLesson", "delete_livelesson"),
    ] {
        let l = link("/api/v1/livelessons", "post", status, name);
        assert_eq!(l["operationId"], target);
        assert_eq!(l["parameters"]["id"], "$response.body#/id");
    }
    // The expressions name what the answers really hold.
    let s = served(config()).await;
    let _scheduler = acker(&s).await;
    let created = call(&s.app, "POST", "/api/v1/sessions").send().await;
    let sid = created.body["id"].as_str().unwrap().to_owned();
    let livelesson = call(&s.app, "POST", "/api/v1/livelessons")
        .json(&json!({"session_id": sid, "lesson_slug": "shell-first-steps"}))
        .send()
        .await;
    let id = livelesson.body["id"].as_str().unwrap();
    let read = call(&s.app, "GET", &format!("/api/v1/livelessons/{id}"))
        .send()
        .await;
    assert_eq!(read.status, StatusCode::OK);

    for (path, method) in [
        ("/api/v1/admin/livelessons/{id}", "delete"),
        ("/api/v1/admin/sessions/{id}/persistent", "put"),
    ] {
        assert!(
            doc["paths"][path][method]["responses"]["400"].is_object(),
            "{method} {path} does not document 400"
        );
    }
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let documented = op["responses"]["503"].is_object();
            assert_eq!(
                documented,
                !matches!(path.as_str(), "/" | "/healthz"),
                "{method} {path}: 503"
            );
        }
    }
    // An admin route's 400, as sent.
    let mut config = config();
    config.api.admin_token = Some("0123456789abcdef-admin".into());
    let s = served(config).await;
    let bad = call(&s.app, "PUT", "/api/v1/admin/sessions/x/persistent")
        .header("authorization", "Bearer 0123456789abcdef-admin")
        .json(&json!({"persistent": "yes"}))
        .send()
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", bad.body);
}
