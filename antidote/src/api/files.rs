//! `/internal/v1/livelessons/{id}/files`: a livelesson's lesson files at the imported version,
//! as one tar archive, for the init containers of the Kubernetes backend's pods (never a
//! hostPath: no node needs a copy of the curriculum).
//!
//! The bearer token is the livelesson's own ([`antidote_lib::provision::files::token`], derived
//! from `kubernetes.files_key`): it opens that livelesson's files only, and only while its row
//! exists. The token is checked before the row is read, so without one nobody learns which
//! livelessons exist. Without `kubernetes.files_key` the endpoint answers 404.

use antidote_lib::provision::StoreFiles;
use antidote_lib::provision::files::{read_all, tar_of, token_is_valid};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use super::state::ApiState;

/// The lesson files of a livelesson, as a tar archive.
#[utoipa::path(get, path = "/internal/v1/livelessons/{id}/files", tag = "internal", security(("bearer" = [])),
    params(("id" = String, Path, description = "The livelesson")),
    responses(
        (status = 200, description = "the lesson's files (a tar archive)", content_type = "application/x-tar"),
        (status = 401, description = "no token, or not this livelesson's", body = super::error::ErrorBody),
        (status = 404, description = "no such livelesson, or the endpoint is off (no kubernetes.files_key)", body = super::error::ErrorBody),
    ))]
pub(super) async fn lesson_files(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let Some(key) = state.config.kubernetes.files_key.as_ref() else {
        return Err(ApiError::not_found(
            "lesson files are not served: kubernetes.files_key is not set on this server",
        ));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, token) = v.split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
        })
        .ok_or_else(|| ApiError::unauthorized("missing `Authorization: Bearer TOKEN` header"))?;
    if !token_is_valid(key, &state.config.instance_id, &id, given) {
        return Err(ApiError::unauthorized("not this livelesson's token"));
    }
    let livelesson = state
        .store
        .livelesson(&id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("livelesson `{id}` does not exist")))?;
    let files = StoreFiles::new(&state.store, &livelesson.lesson_slug)
        .await
        .map_err(|e| ApiError::internal(&e))?;
    let contents = read_all(&files, "")
        .await
        .map_err(|e| ApiError::unavailable(e.reason))?;
    let archive = tar_of(&contents).map_err(|e| ApiError::internal(&e.reason))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/x-tar"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        archive,
    )
        .into_response())
}
