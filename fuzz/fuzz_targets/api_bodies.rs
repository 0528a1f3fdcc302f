//! The API's JSON bodies: any bytes, sent as the body of every route that reads one (with the
//! placeholders `SESSION` and `LIVELESSON` replaced by a real session's and livelesson's ids,
//! so that valid bodies reach the store). Whatever the body, the answer is a 2xx or a 4xx in
//! the API's error shape, never a 5xx or a panic.

#![no_main]

use std::sync::{Arc, LazyLock};

use antidote::api::{ApiState, app};
use antidote_lib::comms::{Comms, InProcessBus};
use antidote_lib::config::Config;
use antidote_lib::curriculum::Tier;
use antidote_lib::import::{ImportOptions, import};
use antidote_lib::store::{DatabaseUrl, Store};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use http_body_util::BodyExt as _;
use libfuzzer_sys::fuzz_target;
use tower::ServiceExt as _;

const ADMIN_TOKEN: &str = "fuzzing-admin-token-0123456789";

struct World {
    runtime: tokio::runtime::Runtime,
    router: axum::Router,
    session: String,
    livelesson: String,
    _tmp: tempfile::TempDir,
}

static WORLD: LazyLock<World> = LazyLock::new(|| {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let (router, session, livelesson) = runtime.block_on(async {
        let store = Store::open(&DatabaseUrl::Sqlite(tmp.path().join("fuzz.db")))
            .await
            .unwrap();
        import(
            &store,
            &ImportOptions {
                source: concat!(env!("CARGO_MANIFEST_DIR"), "/../curriculum-examples").into(),
                reference: None,
                tier: Tier::Local,
                ..ImportOptions::default()
            },
            Arc::new(()),
        )
        .await
        .unwrap();
        let mut config = Config {
            tier: Tier::Local,
            ..Config::default()
        };
        config.api.admin_token = Some(ADMIN_TOKEN.into());
        config.api.request_timeout_ms = 50;
        config.api.sessions_per_ip_per_hour = 0;
        let comms = Comms::new(Arc::new(InProcessBus::new()), "fuzz").unwrap();
        let router = app(ApiState::new(config, store, comms));
        let (_, session) = send(&router, "POST", "/api/v1/sessions", None, Vec::new()).await;
        let session = session["id"].as_str().unwrap().to_owned();
        let body = format!(r#"{{"session_id":"{session}","lesson_slug":"shell-first-steps"}}"#);
        let (_, livelesson) = send(
            &router,
            "POST",
            "/api/v1/livelessons",
            Some("application/json"),
            body.into_bytes(),
        )
        .await;
        let livelesson = livelesson["id"].as_str().unwrap().to_owned();
        (router, session, livelesson)
    });
    World {
        runtime,
        router,
        session,
        livelesson,
        _tmp: tmp,
    }
});

async fn send(
    router: &axum::Router,
    method: &str,
    uri: &str,
    content_type: Option<&str>,
    body: Vec<u8>,
) -> (u16, serde_json::Value) {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header("authorization", format!("Bearer {ADMIN_TOKEN}"));
    if let Some(t) = content_type {
        request = request.header("content-type", t);
    }
    let mut request = request.body(Body::from(body)).unwrap();
    request
        .extensions_mut()
        .insert(ConnectInfo(std::net::SocketAddr::from(([192, 0, 2, 1], 40000))));
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let json = serde_json::from_slice(&bytes).unwrap_or_else(|_| {
        panic!(
            "{method} {uri} answered {status} with a body that is not JSON: {}",
            String::from_utf8_lossy(&bytes)
        )
    });
    (status, json)
}

fuzz_target!(|data: &[u8]| {
    let Some((&choice, body)) = data.split_first() else {
        return;
    };
    let world = &*WORLD;
    let text = String::from_utf8_lossy(body)
        .replace("SESSION", &world.session)
        .replace("LIVELESSON", &world.livelesson);
    let body = if std::str::from_utf8(body).is_ok() {
        text.into_bytes()
    } else {
        body.to_vec()
    };
    let stage = format!("/api/v1/livelessons/{}/stage", world.livelesson);
    let persistent = format!("/api/v1/admin/sessions/{}/persistent", world.session);
    let (method, uri, content_type) = match choice % 5 {
        0 => ("POST", "/api/v1/livelessons", "application/json"),
        1 => ("PUT", stage.as_str(), "application/json"),
        2 => ("PUT", persistent.as_str(), "application/json"),
        3 => ("POST", "/exp/livelesson", "text/plain;charset=UTF-8"),
        _ => ("POST", "/exp/livelesson", "application/json"),
    };
    let (status, answer) = world
        .runtime
        .block_on(send(&world.router, method, uri, Some(content_type), body));
    assert!(
        status < 500 || status == 503,
        "{method} {uri} answered {status}: {answer}"
    );
    if status >= 400 {
        assert!(
            answer["error"]["message"].is_string() || answer["message"].is_string(),
            "{method} {uri} answered {status} without the error shape: {answer}"
        );
    }
});
