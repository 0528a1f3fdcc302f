//! The API service: the platform's front door. It reads the curriculum and state from the
//! store, writes only new sessions and livelesson requests, and turns learner requests into work
//! requests on the bus; it never provisions.
//!
//! - `/api/v1/...`: curriculum, sessions, livelessons (`v1`) and the admin API ([`admin`]).
//! - `/exp/...`: the original paths and JSON shapes, for antidote-web (`exp`).
//! - `/internal/v1/livelessons/{id}/files`: a livelesson's files, for its pods (`files`).
//! - `/openapi.json`, `/docs` (Swagger UI, served from the binary), `/healthz`, `/readyz`,
//!   `/metrics` (the process's Prometheus metrics).

pub mod admin;
mod cache;
pub mod error;
mod exp;
pub(crate) mod extract;
mod files;
mod livelessons;
pub mod server;
mod state;
mod v1;

use antidote_lib::config::Config;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use tower_http::cors::{AllowOrigin, CorsLayer};
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

pub use cache::CurriculumCache;
use error::ApiError;
pub use state::ApiState;

use crate::context::{Context, ServiceError};

/// The API flavours whose read-only answers the cache serializes once per import.
const FLAVOURS: &[cache::Flavour] = &[v1::FLAVOUR, exp::FLAVOUR];

impl ApiState {
    /// The state for `config`, over `store` and `comms`, serving every flavour.
    pub fn new(
        config: Config,
        store: antidote_lib::store::Store,
        comms: antidote_lib::comms::Comms,
    ) -> ApiState {
        ApiState::with_flavours(config, store, comms, FLAVOURS)
    }
}

/// The OpenAPI document of `/api/v1`.
#[derive(OpenApi)]
#[openapi(
    info(title = "Antidote API", description = "Curriculum, sessions and livelessons. The `/exp` paths of the original API are served too, for antidote-web, and are not described here."),
    paths(
        v1::lessons, v1::lesson, v1::prereqs, v1::collections, v1::collection, v1::images,
        v1::curriculum, v1::info, v1::create_session, v1::create_livelesson, v1::livelesson,
        v1::set_stage, v1::delete_livelesson,
        admin::livelessons, admin::kill, admin::sessions, admin::persist,
        files::lesson_files,
        root, healthz, readyz,
    ),
    modifiers(&BearerAuth, &DatabaseAway),
    tags(
        (name = "curriculum", description = "The imported curriculum, filtered by the configured tier"),
        (name = "sessions", description = "Learner sessions"),
        (name = "livelessons", description = "Lessons running for a session"),
        (name = "admin", description = "Operators only: bearer token"),
        (name = "internal", description = "For the platform's own pods: a livelesson's bearer token"),
        (name = "health", description = "Liveness and readiness"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Documents the 503 (with `Retry-After`) that every route needing the database answers while
/// it cannot be reached.
struct DatabaseAway;

impl utoipa::Modify for DatabaseAway {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{
            ContentBuilder, Ref, ResponseBuilder, header::HeaderBuilder, schema::Type,
        };
        for (path, item) in &mut openapi.paths.paths {
            if matches!(path.as_str(), "/" | "/healthz") {
                continue;
            }
            for operation in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
            {
                operation
                    .responses
                    .responses
                    .entry("503".to_owned())
                    .or_insert_with(|| {
                        ResponseBuilder::new()
                            .description("the database does not answer: try again after `Retry-After` seconds")
                            .header(
                                "Retry-After",
                                HeaderBuilder::new()
                                    .schema(utoipa::openapi::schema::Object::with_type(Type::Integer))
                                    .description(Some("seconds to wait"))
                                    .build(),
                            )
                            .content(
                                "application/json",
                                ContentBuilder::new()
                                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                                    .build(),
                            )
                            .build()
                            .into()
                    });
            }
        }
    }
}

/// The OpenAPI document as JSON: [`ApiDoc`] with its links' keys spelt as OpenAPI spells them
/// (utoipa 5 writes `operation_id` and `request_body`, which no tool reads).
pub fn openapi_value() -> serde_json::Value {
    fn fix_links(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::Object(links)) = map.get_mut("links") {
                    for link in links.values_mut() {
                        if let serde_json::Value::Object(link) = link {
                            for (from, to) in [
                                ("operation_id", "operationId"),
                                ("operation_ref", "operationRef"),
                                ("request_body", "requestBody"),
                            ] {
                                if let Some(v) = link.remove(from) {
                                    link.insert(to.to_owned(), v);
                                }
                            }
                        }
                    }
                }
                map.values_mut().for_each(fix_links);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(fix_links),
            _ => {}
        }
    }
    let mut doc = serde_json::to_value(ApiDoc::openapi()).expect("the OpenAPI document serializes");
    fix_links(&mut doc);
    doc
}

/// The OpenAPI document as pretty JSON (what `/openapi.json` serves and `docs/openapi.json`
/// holds).
pub fn openapi_json() -> String {
    serde_json::to_string_pretty(&openapi_value()).expect("JSON values serialize")
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "health", responses((status = 200, description = "alive")))]
async fn healthz() -> impl IntoResponse {
    axum::Json(serde_json::json!({"status": "ok"}))
}

/// The database answers: the service can serve requests.
#[utoipa::path(get, path = "/readyz", tag = "health",
    responses((status = 200, description = "ready"), (status = 503, description = "the database does not answer")))]
async fn readyz(State(state): State<ApiState>) -> Response {
    match state.store.curriculum_version().await {
        Ok(version) => axum::Json(serde_json::json!({
            "status": "ready",
            "curriculum_imported": version.is_some(),
        }))
        .into_response(),
        Err(e) => ApiError::database_unavailable(&e).into_response(),
    }
}

/// The service's name and version: 200, as the original answered, for load balancers that
/// probe the root.
#[utoipa::path(get, path = "/", tag = "health", responses((status = 200, description = "the service answers")))]
async fn root() -> impl IntoResponse {
    axum::Json(serde_json::json!({
        "service": "antidote",
        "version": env!("CARGO_PKG_VERSION"),
        "docs": "/docs",
    }))
}

async fn not_found() -> ApiError {
    ApiError::not_found("no such path: see /docs for the API")
}

/// Gives every error answer that is not JSON yet (axum's 405s, path and query rejections,
/// timeouts) the API's error shape, keeping its status and message.
async fn error_shape(response: Response) -> Response {
    let status = response.status();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    let mut answer = match status {
        StatusCode::METHOD_NOT_ALLOWED => ApiError::method_not_allowed(),
        StatusCode::REQUEST_TIMEOUT => ApiError::timeout(),
        _ if text.trim().is_empty() => {
            ApiError::with_status(status, status.canonical_reason().unwrap_or("error"))
        }
        _ => ApiError::with_status(status, text.trim()),
    }
    .into_response();
    if let Some(allow) = parts.headers.get(header::ALLOW) {
        answer.headers_mut().insert(header::ALLOW, allow.clone());
    }
    answer
}

/// The API's routes over `state`.
pub fn app(state: ApiState) -> Router {
    let v1 = Router::new()
        .route("/lessons", get(v1::lessons))
        .route("/lessons/{slug}", get(v1::lesson))
        .route("/lessons/{slug}/prereqs", get(v1::prereqs))
        .route("/collections", get(v1::collections))
        .route("/collections/{slug}", get(v1::collection))
        .route("/images", get(v1::images))
        .route("/curriculum", get(v1::curriculum))
        .route("/info", get(v1::info))
        .route("/sessions", post(v1::create_session))
        .route("/livelessons", post(v1::create_livelesson))
        .route(
            "/livelessons/{id}",
            get(v1::livelesson).delete(v1::delete_livelesson),
        )
        .route("/livelessons/{id}/stage", put(v1::set_stage))
        .route("/admin/livelessons", get(admin::livelessons))
        .route(
            "/admin/livelessons/{id}",
            axum::routing::delete(admin::kill),
        )
        .route("/admin/sessions", get(admin::sessions))
        .route("/admin/sessions/{id}/persistent", put(admin::persist));
    let cors = cors(&state.config);
    let router = Router::new()
        .nest("/api/v1", v1)
        .nest("/exp", exp::routes())
        .route(
            "/internal/v1/livelessons/{id}/files",
            get(files::lesson_files),
        )
        .route("/", get(root))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(crate::telemetry::metrics))
        .merge(
            utoipa_swagger_ui::SwaggerUi::new("/docs")
                .external_url_unchecked("/openapi.json", openapi_value()),
        )
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.config.api.max_body_bytes,
            declared_too_large,
        ))
        .layer(axum::middleware::map_response(error_shape))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .with_state(state);
    match cors {
        Some(cors) => router.layer(cors),
        None => router,
    }
    .layer(axum::middleware::from_fn(observe))
}

/// Every request: a span (`http.request`, the child of the client's `traceparent`, carrying
/// the route template, the trace id and, once known, the session, livelesson, lesson and
/// stage), its trace context for the handlers ([`extract::Trace`]), and its count and latency
/// by route template, method and status.
async fn observe(mut request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    use tracing::Instrument as _;
    let started = std::time::Instant::now();
    let route = request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let method = request.method().clone();
    let span = tracing::info_span!(
        "http.request",
        otel.name = %format_args!("{method} {route}"),
        otel.kind = "server",
        http.request.method = %method,
        http.route = %route,
        http.response.status_code = tracing::field::Empty,
        trace_id = tracing::field::Empty,
        session = tracing::field::Empty,
        livelesson = tracing::field::Empty,
        lesson = tracing::field::Empty,
        stage = tracing::field::Empty,
    );
    let parent = request
        .headers()
        .get(antidote_lib::comms::TRACEPARENT)
        .and_then(|v| v.to_str().ok())
        .and_then(antidote_lib::comms::TraceContext::parse);
    if let Some(parent) = &parent {
        crate::telemetry::continue_trace(&span, parent);
    }
    let trace = crate::telemetry::trace_of(&span, || {
        parent.map_or_else(antidote_lib::comms::TraceContext::new_root, |p| p.child())
    });
    span.record("trace_id", trace.trace_id_hex().as_str());
    request.extensions_mut().insert(extract::Trace(trace));
    let response = next.run(request).instrument(span.clone()).await;
    let status = response.status().as_u16();
    span.record("http.response.status_code", status);
    span.in_scope(|| tracing::debug!(status, "answered"));
    let labels = antidote_lib::metrics::HttpLabels {
        route,
        method: method.to_string(),
        status,
    };
    let m = antidote_lib::metrics::metrics();
    m.http_duration
        .get_or_create(&labels)
        .observe(started.elapsed().as_secs_f64());
    m.http_requests.get_or_create(&labels).inc();
    response
}

/// 413 at once for a body whose declared length (`Content-Length`) is over `limit`, before a
/// byte of it is read; the connection is closed after the answer, since the body is not.
async fn declared_too_large(
    State(limit): State<usize>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > u64::try_from(limit).unwrap_or(u64::MAX)) {
        let mut answer = ApiError::too_large(limit).into_response();
        answer
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return answer;
    }
    next.run(request).await
}

fn cors(config: &Config) -> Option<CorsLayer> {
    let origins = &config.api.cors_origins;
    if origins.is_empty() {
        return None;
    }
    let allow = if origins.iter().any(|o| o == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()))
    };
    Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
            .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION]),
    )
}

/// How long one request may take, reading its body included (then 408).
const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// How long requests in flight may finish after shutdown begins.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(10);

/// The API service: listens on `api.listen`, says so, and serves until `cx.shutdown`.
pub async fn run(cx: Context) -> Result<(), ServiceError> {
    let listen = cx.config.api.listen.clone();
    let listener = tokio::net::TcpListener::bind(&listen)
        .await
        .map_err(|cause| ServiceError::Listen {
            listen: listen.clone(),
            cause,
        })?;
    let addr = listener
        .local_addr()
        .map_err(|cause| ServiceError::Listen { listen, cause })?;
    tracing::info!(listen = %addr, tier = %cx.config.tier, "api listening");
    cx.ready.listening(addr);
    let state = ApiState::new(cx.config, cx.store, cx.comms);
    serve(state, listener, cx.shutdown.wait()).await?;
    Ok(())
}

/// Serves the API on `listener` until `shutdown` completes, within the connection bounds of
/// `api.*` ([`server`]); requests in flight then get `SHUTDOWN_GRACE` (10 s) to finish (a
/// client that never finishes cannot hold the process).
pub async fn serve(
    state: ApiState,
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let limits = server::Limits::from_config(&state.config.api);
    tracing::info!(
        max_connections = limits.max_connections,
        max_connections_per_address = limits.max_per_address,
        header_read_timeout = ?limits.header_read_timeout,
        idle_timeout = ?limits.idle_timeout,
        "api connection bounds"
    );
    let (begun, grace) = tokio::sync::oneshot::channel::<()>();
    let server = server::serve(app(state), listener, limits, async move {
        shutdown.await;
        let _ = begun.send(());
    });
    tokio::select! {
        done = server => done,
        () = async {
            let _ = grace.await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } => {
            tracing::warn!("requests still in flight {SHUTDOWN_GRACE:?} after shutdown began: dropped");
            Ok(())
        }
    }
}
