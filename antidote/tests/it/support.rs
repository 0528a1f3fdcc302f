//! A served curriculum for the API tests: a database with the bundled examples imported, an
//! in-process bus, and helpers to call the router as a client would.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use antidote::api::{ApiState, app};
use antidote_lib::comms::{
    Ack, Comms, DeleteLiveLesson, InProcessBus, NewLiveLesson, StageChangeLiveLesson,
};
use antidote_lib::config::Config;
use antidote_lib::curriculum::Tier;
use antidote_lib::import::{ImportOptions, import};
use antidote_lib::store::{DatabaseUrl, Store};
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

/// The workspace root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A running API over a fresh database.
pub struct Served {
    /// The router.
    pub app: Router,
    /// Its state.
    pub state: ApiState,
    _guard: Box<dyn std::any::Any + Send>,
}

/// A config for tests: every tier served, new imports noticed at once.
pub fn config() -> Config {
    let mut c = Config {
        tier: Tier::Local,
        ..Config::default()
    };
    c.api.curriculum_refresh_ms = 0;
    c.api.request_timeout_ms = 500;
    c
}

/// Imports `dir` into `store` at the local tier.
pub async fn import_dir(store: &Store, dir: &Path) {
    import(
        store,
        &ImportOptions {
            source: dir.display().to_string(),
            reference: None,
            tier: Tier::Local,
            ..ImportOptions::default()
        },
        Arc::new(()),
    )
    .await
    .unwrap();
}

/// The API over a SQLite file with the examples imported.
pub async fn served(config: Config) -> Served {
    let tmp = tempfile::tempdir().unwrap();
    served_on(
        config,
        DatabaseUrl::Sqlite(tmp.path().join("antidote.db")),
        Box::new(tmp),
    )
    .await
}

/// The API over `url` with the examples imported; `guard` keeps the database alive.
pub async fn served_on(
    config: Config,
    url: DatabaseUrl,
    guard: Box<dyn std::any::Any + Send>,
) -> Served {
    let store = Store::open_with(&url, config.database_acquire_timeout())
        .await
        .unwrap();
    import_dir(&store, &repo().join("curriculum-examples")).await;
    let comms = Comms::new(Arc::new(InProcessBus::new()), &config.instance_id).unwrap();
    let state = ApiState::new(config, store, comms);
    Served {
        app: app(state.clone()),
        state,
        _guard: guard,
    }
}

/// A stand-in for the scheduler (the API test's subject is the API): it acknowledges every
/// work request, and deletes a livelesson's row on DeleteLiveLesson, until dropped.
pub struct Acker(Vec<tokio::task::JoinHandle<()>>);

impl Drop for Acker {
    fn drop(&mut self) {
        for t in &self.0 {
            t.abort();
        }
    }
}

/// Starts an [`Acker`] on the served API's bus.
pub async fn acker(served: &Served) -> Acker {
    let comms = served.state.comms.clone();
    let store = served.state.store.clone();
    let mut new = comms
        .queue_subscribe::<NewLiveLesson>("scheduler")
        .await
        .unwrap();
    let mut stage = comms
        .queue_subscribe::<StageChangeLiveLesson>("scheduler")
        .await
        .unwrap();
    let mut delete = comms
        .queue_subscribe::<DeleteLiveLesson>("scheduler")
        .await
        .unwrap();
    Acker(vec![
        tokio::spawn(async move {
            while let Some(Ok(r)) = new.next().await {
                r.ack(Ack::accepted()).await.unwrap();
            }
        }),
        tokio::spawn(async move {
            while let Some(Ok(r)) = stage.next().await {
                r.ack(Ack::accepted()).await.unwrap();
            }
        }),
        tokio::spawn(async move {
            while let Some(Ok(r)) = delete.next().await {
                store
                    .delete_livelesson(&r.event.livelesson_id)
                    .await
                    .unwrap();
                r.ack(Ack::accepted()).await.unwrap();
            }
        }),
    ])
}

/// An answer: status, headers and the body as JSON (`Value::String` when it is not JSON).
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    /// The body as it came.
    pub raw: bytes::Bytes,
}

impl Answer {
    /// The error message of a `/api/v1` error answer.
    pub fn message(&self) -> &str {
        self.body["error"]["message"]
            .as_str()
            .unwrap_or_else(|| panic!("not an error: {}", self.body))
    }
}

/// A request builder with a peer address.
pub struct Call<'a> {
    app: &'a Router,
    request: Request<Body>,
}

/// Starts a request to `uri` from peer 192.0.2.1.
pub fn call<'a>(app: &'a Router, method: &str, uri: &str) -> Call<'a> {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .body(Body::empty())
        .unwrap();
    request.extensions_mut().insert(ConnectInfo(
        "192.0.2.1:40000".parse::<SocketAddr>().unwrap(),
    ));
    Call { app, request }
}

impl Call<'_> {
    /// Sets the peer address.
    pub fn from(mut self, peer: &str) -> Self {
        self.request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::new(peer.parse().unwrap(), 40000)));
        self
    }

    /// Adds a header.
    pub fn header(mut self, name: &'static str, value: &str) -> Self {
        self.request
            .headers_mut()
            .insert(name, value.parse().unwrap());
        self
    }

    /// Sets a JSON body.
    pub fn json(self, body: &Value) -> Self {
        self.body("application/json", body.to_string())
    }

    /// Sets a body with a content type.
    pub fn body(mut self, content_type: &str, body: impl Into<String>) -> Self {
        let parts = std::mem::replace(&mut self.request, Request::new(Body::empty()));
        let (mut head, _) = parts.into_parts();
        head.headers
            .insert("content-type", content_type.parse().unwrap());
        self.request = Request::from_parts(head, Body::from(body.into()));
        self
    }

    /// Sends it.
    pub async fn send(self) -> Answer {
        let response = self.app.clone().oneshot(self.request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()));
        Answer {
            status,
            headers,
            body,
            raw: bytes,
        }
    }
}
