//! `/api/v1`: the curriculum (read-only, tier-filtered), sessions and livelessons.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::cache::{Flavour, Served, Views};
use super::error::{ApiError, ErrorBody};
use super::extract::{JsonBody, SourceIp, Trace};
use super::livelessons::{self, LiveLessonView};
use super::state::{ApiState, json_response};

fn ser(value: &Value) -> bytes::Bytes {
    serde_json::to_vec(value)
        .expect("JSON values serialize")
        .into()
}

/// `/api/v1` as the cache knows it.
pub(super) const FLAVOUR: Flavour = Flavour {
    name: "v1",
    render: views,
};

/// The `/api/v1` answers of a curriculum: the model's own JSON (camelCase keys, as in the
/// resource files).
pub(super) fn views(s: &Served) -> Views {
    let lesson_json =
        |l: &antidote_lib::curriculum::Lesson| serde_json::to_value(l).expect("lessons serialize");
    let collection_json = |c: &antidote_lib::curriculum::Collection| {
        let mut v = serde_json::to_value(c).expect("collections serialize");
        v["lessons"] = s
            .lessons_of(&c.slug)
            .map(|l| json!({"slug": l.slug, "name": l.name}))
            .collect();
        v
    };
    Views {
        lessons: ser(&json!({"lessons": s.lessons.values().map(lesson_json).collect::<Vec<_>>()})),
        lesson: s
            .lessons
            .iter()
            .map(|(slug, l)| (slug.clone(), ser(&lesson_json(l))))
            .collect(),
        collections: ser(
            &json!({"collections": s.collections.values().map(collection_json).collect::<Vec<_>>()}),
        ),
        collection: s
            .collections
            .iter()
            .map(|(slug, c)| (slug.clone(), ser(&collection_json(c))))
            .collect(),
        images: ser(&json!({"images": s.images.values().collect::<Vec<_>>()})),
        curriculum: s.meta.as_ref().map(|m| {
            let mut v = serde_json::to_value(m).expect("meta serializes");
            v["commit"] = json!(s.commit);
            ser(&v)
        }),
    }
}

/// Documentation shape of a list of lessons.
#[derive(ToSchema)]
#[allow(dead_code, reason = "documentation only: the answer is pre-serialized")]
pub(super) struct LessonList {
    /// Lessons, by slug; each as in `docs/schemas/lesson.json`.
    #[schema(value_type = Vec<Object>)]
    lessons: Vec<Value>,
}

/// Documentation shape of a list of collections.
#[derive(ToSchema)]
#[allow(dead_code, reason = "documentation only: the answer is pre-serialized")]
pub(super) struct CollectionList {
    /// Collections, by slug; each as in `docs/schemas/collection.json` plus `lessons`.
    #[schema(value_type = Vec<Object>)]
    collections: Vec<Value>,
}

/// Documentation shape of a list of images.
#[derive(ToSchema)]
#[allow(dead_code, reason = "documentation only: the answer is pre-serialized")]
pub(super) struct ImageList {
    /// Images, by slug; each as in `docs/schemas/image.json`.
    #[schema(value_type = Vec<Object>)]
    images: Vec<Value>,
}

/// A lesson's prerequisites.
#[derive(ToSchema)]
#[allow(dead_code, reason = "documentation only: the answer is pre-serialized")]
pub(super) struct Prereqs {
    /// Every prerequisite, recursively, each once, nearest first.
    prereqs: Vec<String>,
}

/// Lists the lessons.
#[utoipa::path(get, path = "/api/v1/lessons", tag = "curriculum",
    responses((status = 200, body = LessonList)))]
pub(super) async fn lessons(State(state): State<ApiState>) -> Result<Response, ApiError> {
    Ok(json_response(
        state.cache.get().await?.views(FLAVOUR.name).lessons.clone(),
    ))
}

/// One lesson.
#[utoipa::path(get, path = "/api/v1/lessons/{slug}", tag = "curriculum",
    responses((status = 200, body = Object), (status = 404, body = ErrorBody)))]
pub(super) async fn lesson(
    State(state): State<ApiState>,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let served = state.cache.get().await?;
    let body = served
        .views(FLAVOUR.name)
        .lesson
        .get(&slug)
        .ok_or_else(|| ApiError::lesson_not_found(&slug))?;
    Ok(json_response(body.clone()))
}

/// A lesson's prerequisites, recursively.
#[utoipa::path(get, path = "/api/v1/lessons/{slug}/prereqs", tag = "curriculum",
    responses((status = 200, body = Prereqs), (status = 404, body = ErrorBody)))]
pub(super) async fn prereqs(
    State(state): State<ApiState>,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let served = state.cache.get().await?;
    let body = served
        .prereq_answers
        .get(&slug)
        .ok_or_else(|| ApiError::lesson_not_found(&slug))?;
    Ok(json_response(body.clone()))
}

/// Lists the collections.
#[utoipa::path(get, path = "/api/v1/collections", tag = "curriculum",
    responses((status = 200, body = CollectionList)))]
pub(super) async fn collections(State(state): State<ApiState>) -> Result<Response, ApiError> {
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

/// One collection, with its lessons.
#[utoipa::path(get, path = "/api/v1/collections/{slug}", tag = "curriculum",
    responses((status = 200, body = Object), (status = 404, body = ErrorBody)))]
pub(super) async fn collection(
    State(state): State<ApiState>,
    Path(slug): Path<String>,
) -> Result<Response, ApiError> {
    let served = state.cache.get().await?;
    let body = served
        .views(FLAVOUR.name)
        .collection
        .get(&slug)
        .ok_or_else(|| ApiError::not_found(format!("no collection `{slug}` in this curriculum")))?;
    Ok(json_response(body.clone()))
}

/// Lists the images.
#[utoipa::path(get, path = "/api/v1/images", tag = "curriculum",
    responses((status = 200, body = ImageList)))]
pub(super) async fn images(State(state): State<ApiState>) -> Result<Response, ApiError> {
    Ok(json_response(
        state.cache.get().await?.views(FLAVOUR.name).images.clone(),
    ))
}

/// The curriculum's meta data and commit.
#[utoipa::path(get, path = "/api/v1/curriculum", tag = "curriculum",
    responses((status = 200, body = Object), (status = 404, body = ErrorBody)))]
pub(super) async fn curriculum(State(state): State<ApiState>) -> Result<Response, ApiError> {
    let served = state.cache.get().await?;
    let body = served
        .views(FLAVOUR.name)
        .curriculum
        .clone()
        .ok_or_else(ApiError::no_curriculum)?;
    Ok(json_response(body))
}

/// Versions of this server and of the curriculum it serves.
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct Info {
    /// The Antidote version.
    version: &'static str,
    /// The database schema version.
    schema_version: i64,
    /// The most private tier served.
    tier: String,
    /// The backend that provisions livelessons.
    backend: &'static str,
    /// The curriculum's name, if one is imported.
    curriculum: Option<String>,
    /// The git commit the curriculum was imported from.
    curriculum_commit: Option<String>,
}

/// Versions of this server and the curriculum.
#[utoipa::path(get, path = "/api/v1/info", tag = "curriculum",
    responses((status = 200, body = Info)))]
pub(super) async fn info(State(state): State<ApiState>) -> Result<Json<Info>, ApiError> {
    let served = state.cache.get().await?;
    Ok(Json(Info {
        version: env!("CARGO_PKG_VERSION"),
        schema_version: antidote_lib::store::SCHEMA_VERSION,
        tier: state.config.tier.to_string(),
        backend: state.config.backend.as_str(),
        curriculum: served.meta.as_ref().map(|m| m.name.clone()),
        curriculum_commit: served.commit.clone(),
    }))
}

/// A new session.
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct SessionCreated {
    /// The session's id: 128 random bits as 32 hex digits.
    pub id: String,
    /// Unix milliseconds.
    pub created_at: i64,
}

/// Creates a session (limited per source address and hour).
#[utoipa::path(post, path = "/api/v1/sessions", tag = "sessions",
    responses((status = 201, body = SessionCreated,
            links(("CreateLiveLesson" = (
                operation_id = "create_livelesson",
                request_body = json!({"session_id": "$response.body#/id"}),
                description = "Start a lesson in this session"
            )))),
        (status = 429, body = ErrorBody)))]
pub(super) async fn create_session(
    State(state): State<ApiState>,
    SourceIp(ip): SourceIp,
) -> Result<(StatusCode, Json<SessionCreated>), ApiError> {
    let session = livelessons::create_session(&state, ip).await?;
    Ok((
        StatusCode::CREATED,
        Json(SessionCreated {
            id: session.id,
            created_at: session.created_at,
        }),
    ))
}

/// A livelesson request.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct NewLiveLessonBody {
    /// The session (from `POST /api/v1/sessions`).
    session_id: String,
    /// The lesson.
    lesson_slug: String,
    /// The stage to start at (from 0).
    #[serde(default)]
    stage: i64,
}

/// Starts a lesson for a session, or returns the session's livelesson of that lesson.
#[utoipa::path(post, path = "/api/v1/livelessons", tag = "livelessons", request_body = NewLiveLessonBody,
    responses(
        (status = 201, body = LiveLessonView, links(
            ("GetLiveLesson" = (operation_id = "livelesson", parameters(("id" = "$response.body#/id")), description = "Read the livelesson")),
            ("SetStage" = (operation_id = "set_stage", parameters(("id" = "$response.body#/id")), description = "Move it to another stage")),
            ("DeleteLiveLesson" = (operation_id = "delete_livelesson", parameters(("id" = "$response.body#/id")), description = "End it")))),
        (status = 200, body = LiveLessonView, links(
            ("GetLiveLesson" = (operation_id = "livelesson", parameters(("id" = "$response.body#/id")), description = "Read the livelesson")))),
        (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub(super) async fn create_livelesson(
    State(state): State<ApiState>,
    Trace(trace): Trace,
    JsonBody(body): JsonBody<NewLiveLessonBody>,
) -> Result<(StatusCode, Json<LiveLessonView>), ApiError> {
    let (created, view) = livelessons::request(
        &state,
        &trace,
        &body.session_id,
        &body.lesson_slug,
        body.stage,
    )
    .await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(view)))
}

/// A livelesson's status, stage, endpoints, objectives, guide and error reason.
#[utoipa::path(get, path = "/api/v1/livelessons/{id}", tag = "livelessons",
    responses((status = 200, body = LiveLessonView), (status = 404, body = ErrorBody)))]
pub(super) async fn livelesson(
    State(state): State<ApiState>,
    Path(id): Path<String>,
) -> Result<Json<LiveLessonView>, ApiError> {
    Ok(Json(livelessons::get(&state, &id).await?))
}

/// A stage change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct StageBody {
    /// The stage (from 0).
    stage: i64,
}

/// Moves a livelesson to another stage.
#[utoipa::path(put, path = "/api/v1/livelessons/{id}/stage", tag = "livelessons", request_body = StageBody,
    responses((status = 200, body = LiveLessonView), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
pub(super) async fn set_stage(
    State(state): State<ApiState>,
    Trace(trace): Trace,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<StageBody>,
) -> Result<Json<LiveLessonView>, ApiError> {
    Ok(Json(
        livelessons::change_stage(&state, &trace, &id, body.stage).await?,
    ))
}

/// Ends a livelesson: its environment is torn down by a scheduler.
#[utoipa::path(delete, path = "/api/v1/livelessons/{id}", tag = "livelessons",
    responses((status = 202, description = "its deletion is recorded; a scheduler tears it down"), (status = 404, body = ErrorBody)))]
pub(super) async fn delete_livelesson(
    State(state): State<ApiState>,
    Trace(trace): Trace,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let unanswered = livelessons::delete(&state, &trace, &id, "deleted by the learner").await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(livelessons::deleting(&id, unanswered)),
    )
        .into_response())
}
