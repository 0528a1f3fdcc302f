//! `/exp`: the original API's paths and JSON shapes, so that antidote-web works unchanged.
//!
//! Keys are the original's (PascalCase resources, lower-case wrappers such as `lessons` and
//! `id`). Bodies are read as JSON whatever their Content-Type (antidote-web sends
//! `text/plain;charset=UTF-8`). Errors have grpc-gateway's shape, `{"error", "code",
//! "message"}` with the same text in `error` and `message` (antidote-web reads both). Not its
//! defects: bad stages are 400s, unknown things 404s, and no server path is ever shown.

use std::collections::BTreeMap;

use axum::Json;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use antidote_lib::curriculum::{Collection, Lesson};
use antidote_lib::store::state::Status;

use super::cache::{Flavour, Served, Views};
use super::error::ApiError;
use super::extract::{JsonBody, SourceIp, Trace};
use super::livelessons::{self, Detailed, guide_name};
use super::state::{ApiState, json_response};

/// Rewrites an `/api/v1` error answer (from a handler or an extractor) into the original's
/// shape, with the gRPC code grpc-gateway would have sent for its status.
async fn original_error_shape(response: Response) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    let message = serde_json::from_slice::<Value>(&bytes)
        .ok()
        .and_then(|v| v["error"]["message"].as_str().map(str::to_owned))
        .unwrap_or_else(|| match status {
            axum::http::StatusCode::METHOD_NOT_ALLOWED => {
                ApiError::method_not_allowed().message().to_owned()
            }
            _ if text.trim().is_empty() => status.canonical_reason().unwrap_or("error").to_owned(),
            _ => text.trim().to_owned(),
        });
    let code = match status.as_u16() {
        400 | 415 => 3,
        401 => 16,
        403 => 7,
        404 => 5,
        405 => 12,
        409 => 9,
        413 => 11,
        429 => 8,
        503 => 14,
        _ => 13,
    };
    let mut answer = (
        status,
        Json(json!({"error": message, "code": code, "message": message})),
    )
        .into_response();
    for name in [axum::http::header::RETRY_AFTER, axum::http::header::ALLOW] {
        if let Some(v) = parts.headers.get(&name) {
            answer.headers_mut().insert(name, v.clone());
        }
    }
    answer
}

type ExpResult<T> = Result<T, ApiError>;

fn ser(value: &Value) -> bytes::Bytes {
    serde_json::to_vec(value)
        .expect("JSON values serialize")
        .into()
}

fn lesson_json(l: &Lesson) -> Value {
    json!({
        "Slug": l.slug,
        "Stages": l.stages.iter().map(|s| json!({
            "Description": s.description,
            "GuideType": guide_name(s.guide_type),
            "StageVideo": s.stage_video,
        })).collect::<Vec<_>>(),
        "Name": l.name,
        "Endpoints": l.endpoints.iter().map(|e| json!({
            "Name": e.name,
            "Image": e.image,
            "ConfigurationType": e.configuration_type.map(|c| serde_json::to_value(c).expect("enums serialize")).unwrap_or(json!("")),
            "AdditionalPorts": e.additional_ports,
            "Presentations": e.presentations.iter().map(|p| json!({
                "Name": p.name, "Port": p.port, "Type": p.kind,
            })).collect::<Vec<_>>(),
            "Host": "",
        })).collect::<Vec<_>>(),
        "Connections": l.connections.iter().map(|c| json!({"A": c.a, "B": c.b})).collect::<Vec<_>>(),
        "Authors": l.authors.iter().map(|a| json!({"Name": a.name, "Link": a.link})).collect::<Vec<_>>(),
        "Category": l.category,
        "Diagram": l.diagram,
        "Video": l.video,
        "Tier": l.tier,
        "Prereqs": l.prereqs,
        "Tags": l.tags,
        "Collection": l.collection,
        "Description": l.description,
        "ShortDescription": l.short_description,
        "ReadyDelay": l.ready_delay,
    })
}

fn collection_json(s: &Served, c: &Collection) -> Value {
    json!({
        "Slug": c.slug,
        "Title": c.title,
        "Image": c.image,
        "Website": c.website,
        "ContactEmail": c.contact_email,
        "BriefDescription": c.brief_description,
        "LongDescription": c.long_description,
        "Type": c.kind,
        "Tier": c.tier,
        // antidote-web's collection page reads lessonName and lessonDescription: both spellings.
        "Lessons": s.lessons_of(&c.slug).map(|l| json!({
            "Slug": l.slug,
            "Name": l.name,
            "Description": l.description,
            "lessonName": l.name,
            "lessonDescription": l.description,
        })).collect::<Vec<_>>(),
    })
}

/// The `/exp` answers of a curriculum.
/// `/exp` as the cache knows it.
pub(super) const FLAVOUR: Flavour = Flavour {
    name: "exp",
    render: views,
};

fn views(s: &Served) -> Views {
    Views {
        lessons: ser(&json!({"lessons": s.lessons.values().map(lesson_json).collect::<Vec<_>>()})),
        lesson: s
            .lessons
            .iter()
            .map(|(slug, l)| (slug.clone(), ser(&lesson_json(l))))
            .collect(),
        collections: ser(&json!({
            "collections": s.collections.values().map(|c| collection_json(s, c)).collect::<Vec<_>>()
        })),
        collection: s
            .collections
            .iter()
            .map(|(slug, c)| (slug.clone(), ser(&collection_json(s, c))))
            .collect(),
        images: bytes::Bytes::new(),
        curriculum: s.meta.as_ref().map(|m| {
            ser(&json!({
                "Name": m.name,
                "Description": m.description,
                "Website": m.website,
                "AVer": m.a_ver,
                "GitRoot": m.git_root,
            }))
        }),
    }
}

/// The `/exp` routes.
pub(super) fn routes() -> Router<ApiState> {
    Router::new()
        .route("/livesession", post(create_session))
        .route("/livelesson", post(create_livelesson))
        .route("/livelesson/{id}", get(livelesson))
        .route("/lesson", get(lessons))
        .route("/lesson/{slug}", get(lesson))
        .route("/lesson/{slug}/prereqs", get(prereqs))
        .route("/collection", get(collections))
        .route("/collection/{slug}", get(collection))
        .route("/curriculum", get(curriculum))
        .route("/antidoteinfo", get(antidote_info))
        // antidote-web's PTR banner asks with a capital I.
        .route("/antidoteInfo", get(antidote_info))
        .fallback(|| async { ApiError::not_found("no such path of the original API") })
        .layer(axum::middleware::map_response(original_error_shape))
}

async fn create_session(
    State(state): State<ApiState>,
    SourceIp(ip): SourceIp,
) -> ExpResult<Json<Value>> {
    let session = livelessons::create_session(&state, ip).await?;
    Ok(Json(json!({"ID": session.id})))
}

/// `POST /exp/livelesson`'s body; both the camelCase keys antidote-web sends and the original
/// proto names are accepted, and other keys ignored (as grpc-gateway did), so that a newer
/// antidote-web keeps working.
#[derive(Debug, Deserialize)]
struct LiveLessonRequest {
    #[serde(rename = "lessonSlug", alias = "LessonSlug")]
    lesson_slug: Option<String>,
    #[serde(rename = "sessionId", alias = "SessionId", alias = "SessionID")]
    session_id: Option<String>,
    #[serde(rename = "lessonStage", alias = "LessonStage")]
    lesson_stage: Option<i64>,
}

async fn create_livelesson(
    State(state): State<ApiState>,
    Trace(trace): Trace,
    JsonBody(body): JsonBody<LiveLessonRequest, true>,
) -> ExpResult<Json<Value>> {
    let session = body
        .session_id
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::bad_request("Session ID cannot be nil: send sessionId"))?;
    let slug = body
        .lesson_slug
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::bad_request("Lesson Slug cannot be nil: send lessonSlug"))?;
    let (_, view) = livelessons::request(
        &state,
        &trace,
        &session,
        &slug,
        body.lesson_stage.unwrap_or(0),
    )
    .await?;
    Ok(Json(json!({"id": view.id})))
}

/// A livelesson endpoint as antidote-web draws it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
struct LiveEndpoint {
    name: String,
    image: String,
    ports: Vec<u16>,
    live_presentations: Vec<Value>,
    host: String,
    #[serde(rename = "SSHUser")]
    ssh_user: String,
    #[serde(rename = "SSHPassword")]
    ssh_password: String,
}

/// Where the scheduler found each endpoint, as stored: `[{"name", "host", "ready",
/// "access"}]`.
#[derive(Debug, Deserialize)]
struct Provisioned {
    name: String,
    #[serde(default)]
    host: Option<String>,
    #[serde(default)]
    ready: bool,
    /// Where each presentation is reached (a published port on Docker, a service and an
    /// ingress host on Kubernetes), by presentation name.
    #[serde(default)]
    access: Vec<PublishedAt>,
    /// The backend's jupyter guide, not an endpoint of the lesson.
    #[serde(default)]
    guide: bool,
}

#[derive(Debug, Deserialize)]
struct PublishedAt {
    presentation: String,
    port: u16,
    /// The ingress host of an http presentation (antidote-web's `HepDomain`).
    #[serde(default)]
    domain: Option<String>,
}

async fn livelesson(
    State(state): State<ApiState>,
    Path(id): Path<String>,
) -> ExpResult<Json<Value>> {
    let served = state.cache.get().await?;
    let Detailed {
        livelesson: l,
        lesson,
        guide,
    } = livelessons::get_detailed(&state, &served, &id).await?;
    if l.status == Status::Failed {
        return Err(ApiError::unavailable(format!(
            "Sorry, this lesson could not be started: {}. Please try again later",
            l.error.as_deref().unwrap_or("no reason was recorded")
        )));
    }
    let provisioned: Vec<Provisioned> =
        serde_json::from_value(l.endpoints.clone()).unwrap_or_default();
    let stage = lesson
        .as_ref()
        .and_then(|le| le.stages.get(usize::try_from(l.stage).ok()?));
    let mut endpoints = BTreeMap::new();
    for e in lesson.iter().flat_map(|le| &le.endpoints) {
        let image = served.images.get(&e.image);
        let found = provisioned.iter().find(|p| p.name == e.name && !p.guide);
        let mut ports: Vec<u16> = e.presentations.iter().map(|p| p.port).collect();
        ports.extend(e.additional_ports.iter().copied());
        endpoints.insert(
            e.name.clone(),
            LiveEndpoint {
                name: e.name.clone(),
                image: e.image.clone(),
                ports,
                live_presentations: e
                    .presentations
                    .iter()
                    .map(|p| {
                        let access =
                            found.and_then(|f| f.access.iter().find(|a| a.presentation == p.name));
                        // Published elsewhere (the Docker backend): the port the front end
                        // reaches; an http presentation's ingress host (Kubernetes).
                        let port = access.map_or(p.port, |a| a.port);
                        let domain = access.and_then(|a| a.domain.as_deref()).unwrap_or("");
                        json!({"Name": p.name, "Port": port, "Type": p.kind, "HepDomain": domain})
                    })
                    .collect(),
                host: found.and_then(|p| p.host.clone()).unwrap_or_default(),
                ssh_user: image.map(|i| i.ssh_user.clone()).unwrap_or_default(),
                ssh_password: image.map(|i| i.ssh_password.clone()).unwrap_or_default(),
            },
        );
    }
    let healthy = provisioned.iter().filter(|p| p.ready && !p.guide).count();
    let guide_domain = provisioned
        .iter()
        .find(|p| p.guide)
        .and_then(|g| g.access.first()?.domain.clone())
        .unwrap_or_default();
    let (objectives, complete_message) = livelessons::objectives_view(&l, lesson.as_ref());
    let guide_type = stage.map(|s| s.guide_type);
    Ok(Json(json!({
        "ID": l.id,
        "SessionID": l.session_id,
        "AntidoteID": state.config.instance_id,
        "LessonSlug": l.lesson_slug,
        "LiveEndpoints": endpoints,
        "CurrentStage": l.stage,
        "GuideContents": match guide_type {
            Some(antidote_lib::curriculum::GuideType::Markdown) => guide.as_deref().unwrap_or(""),
            _ => "",
        },
        "GuideType": guide_type.map(guide_name).unwrap_or(""),
        "GuideDomain": guide_domain,
        "Status": l.status.as_str(),
        "Error": false,
        "HealthyTests": healthy,
        "TotalTests": lesson.as_ref().map_or(0, |le| le.endpoints.len()),
        "Diagram": lesson.as_ref().map(|le| le.diagram.as_str()).unwrap_or(""),
        "Video": lesson.as_ref().map(|le| le.video.as_str()).unwrap_or(""),
        "StageVideo": stage.map(|s| s.stage_video.as_str()).unwrap_or(""),
        "Preview": l.preview,
        // Not in the original: the objectives of the current stage, as /api/v1 shows them.
        "Objectives": {"Items": objectives, "CompleteMessage": complete_message},
        "CreatedTime": antidote_lib::store::rfc3339(l.created_at),
        "LastActiveTime": antidote_lib::store::rfc3339(l.last_active_at),
    })))
}

fn pick(
    views: &Views,
    which: impl Fn(&Views) -> Option<bytes::Bytes>,
    missing: impl FnOnce() -> ApiError,
) -> ExpResult<Response> {
    which(views).map(json_response).ok_or_else(missing)
}

async fn lessons(State(state): State<ApiState>) -> ExpResult<Response> {
    Ok(json_response(
        state.cache.get().await?.views(FLAVOUR.name).lessons.clone(),
    ))
}

fn no_lesson(slug: &str) -> ApiError {
    ApiError::not_found(format!("Couldn't find lesson slug '{slug}'"))
}

async fn lesson(State(state): State<ApiState>, Path(slug): Path<String>) -> ExpResult<Response> {
    let served = state.cache.get().await?;
    pick(
        served.views(FLAVOUR.name),
        |v| v.lesson.get(&slug).cloned(),
        || no_lesson(&slug),
    )
}

async fn prereqs(State(state): State<ApiState>, Path(slug): Path<String>) -> ExpResult<Response> {
    let served = state.cache.get().await?;
    let body = served.prereq_answers.get(&slug).cloned();
    body.map(json_response).ok_or_else(|| no_lesson(&slug))
}

async fn collections(State(state): State<ApiState>) -> ExpResult<Response> {
    Ok(json_response(
        state
            .cache
            .get()
            .await?
            .views(FLAVOUR.name)
            .collections
            .clone(),
    ))
}

async fn collection(
    State(state): State<ApiState>,
    Path(slug): Path<String>,
) -> ExpResult<Response> {
    let served = state.cache.get().await?;
    pick(
        served.views(FLAVOUR.name),
        |v| v.collection.get(&slug).cloned(),
        || ApiError::not_found(format!("Couldn't find collection slug '{slug}'")),
    )
}

async fn curriculum(State(state): State<ApiState>) -> ExpResult<Response> {
    let served = state.cache.get().await?;
    pick(
        served.views(FLAVOUR.name),
        |v| v.curriculum.clone(),
        ApiError::no_curriculum,
    )
}

async fn antidote_info(State(state): State<ApiState>) -> ExpResult<Json<Value>> {
    let served = state.cache.get().await?;
    Ok(Json(json!({
        "buildSha": option_env!("ANTIDOTE_BUILD").unwrap_or("unknown"),
        "buildVersion": env!("CARGO_PKG_VERSION"),
        "curriculumVersion": served.commit.clone().or_else(|| served.meta.as_ref().map(|m| m.a_ver.clone())).unwrap_or_default(),
    })))
}
