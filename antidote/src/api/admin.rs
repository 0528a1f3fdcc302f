//! `/api/v1/admin`: operators' view of state, behind the bearer token (`api.admin_token`).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::{ApiError, ErrorBody};
use super::extract::{Admin, JsonBody, Trace};
use super::livelessons;
use super::state::ApiState;

/// Every livelesson.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct LiveLessonList {
    /// Newest first.
    #[schema(value_type = Vec<Object>)]
    pub livelessons: Vec<antidote_lib::store::state::LiveLesson>,
}

/// Every session.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SessionList {
    /// Newest first.
    #[schema(value_type = Vec<Object>)]
    pub sessions: Vec<antidote_lib::store::state::Session>,
}

/// Lists every livelesson.
#[utoipa::path(get, path = "/api/v1/admin/livelessons", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = LiveLessonList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(super) async fn livelessons(
    _: Admin,
    State(state): State<ApiState>,
) -> Result<Json<LiveLessonList>, ApiError> {
    Ok(Json(LiveLessonList {
        livelessons: state.store.livelessons().await?,
    }))
}

/// Kills a livelesson: a scheduler tears it down and deletes it.
#[utoipa::path(delete, path = "/api/v1/admin/livelessons/{id}", tag = "admin", security(("bearer" = [])),
    responses((status = 202, description = "its deletion is recorded; a scheduler tears it down"), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub(super) async fn kill(
    _: Admin,
    State(state): State<ApiState>,
    Trace(trace): Trace,
    Path(id): Path<String>,
) -> Result<(StatusCode, axum::Json<serde_json::Value>), ApiError> {
    let unanswered = livelessons::delete(&state, &trace, &id, "killed by an administrator").await?;
    Ok((
        StatusCode::ACCEPTED,
        axum::Json(livelessons::deleting(&id, unanswered)),
    ))
}

/// Lists every session.
#[utoipa::path(get, path = "/api/v1/admin/sessions", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = SessionList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub(super) async fn sessions(
    _: Admin,
    State(state): State<ApiState>,
) -> Result<Json<SessionList>, ApiError> {
    Ok(Json(SessionList {
        sessions: state.store.sessions().await?,
    }))
}

/// Whether a session is kept however idle.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Persistent {
    /// Kept by gc however idle.
    pub persistent: bool,
}

/// Marks a session persistent (or not).
#[utoipa::path(put, path = "/api/v1/admin/sessions/{id}/persistent", tag = "admin", security(("bearer" = [])),
    request_body = Persistent,
    responses((status = 200, body = Persistent), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody),
        (status = 415, body = ErrorBody)))]
pub(super) async fn persist(
    _: Admin,
    State(state): State<ApiState>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<Persistent>,
) -> Result<Json<Persistent>, ApiError> {
    if !state
        .store
        .set_session_persistent(&id, body.persistent)
        .await?
    {
        return Err(ApiError::not_found(format!("no session `{id}`")));
    }
    Ok(Json(body))
}
