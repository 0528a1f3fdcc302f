//! The API's one error shape: `{"error": {"code": "...", "message": "..."}}` with a 4xx status
//! for every client mistake and a 5xx only for real faults, whose details go to the log.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// An error answer.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    retry_after_s: Option<u64>,
}

/// The body of every error answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// What went wrong.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code, e.g. `not_found`.
    pub code: &'static str,
    /// What went wrong and how to fix it.
    pub message: String,
}

impl ApiError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            retry_after_s: None,
        }
    }

    /// 400: the request is malformed or asks for something impossible.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// 400 for an unknown or expired session (antidote-web looks for "Invalid session ID").
    pub fn invalid_session(id: &str) -> ApiError {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_session",
            format!(
                "Invalid session ID `{id}`: it does not exist or has expired; create a new session"
            ),
        )
    }

    /// 404: no such thing.
    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// 404: the curriculum has no such lesson (at the tier served).
    pub fn lesson_not_found(slug: &str) -> ApiError {
        ApiError::not_found(format!("no lesson `{slug}` in this curriculum"))
    }

    /// 404: nothing has been imported yet.
    pub fn no_curriculum() -> ApiError {
        ApiError::not_found(
            "no curriculum has been imported: run `antidotectl import DIR` against this database",
        )
    }

    /// 401: the admin token is missing or wrong.
    pub fn unauthorized(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    /// 403: the admin API is off.
    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    /// 405: the path exists, the method does not.
    pub fn method_not_allowed() -> ApiError {
        ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "this path does not take that method: see the Allow header",
        )
    }

    /// 408: the request took too long (a slow body).
    pub fn timeout() -> ApiError {
        ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "request_timeout",
            "the request took too long: send the whole request within 30 s",
        )
    }

    /// Any 4xx with axum's or hyper's own message (a path or query that cannot be read).
    pub fn with_status(status: StatusCode, message: impl Into<String>) -> ApiError {
        let code = if status.is_server_error() {
            "internal"
        } else {
            "bad_request"
        };
        ApiError::new(status, code, message)
    }

    /// 409: the request conflicts with the current state.
    pub fn conflict(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::CONFLICT, "conflict", message)
    }

    /// 413: the body is larger than allowed.
    pub fn too_large(limit: usize) -> ApiError {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            format!("the request body is larger than {limit} bytes"),
        )
    }

    /// 415: the body is not JSON.
    pub fn unsupported_media(message: impl Into<String>) -> ApiError {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            message,
        )
    }

    /// 429: a limit is reached; try again after `retry_after_s` seconds.
    pub fn too_many(message: impl Into<String>, retry_after_s: Option<u64>) -> ApiError {
        ApiError {
            retry_after_s,
            ..ApiError::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", message)
        }
    }

    /// 503: a service this request needs is not there.
    pub fn unavailable(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", message)
    }

    /// 500: a real fault. The cause is logged with a reference; the body shows only the
    /// reference, never internals such as server paths or SQL.
    pub fn internal(cause: &dyn std::fmt::Display) -> ApiError {
        let reference = crate::ids::short_reference();
        tracing::error!(reference = %reference, "internal error: {cause}");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("internal error (reference {reference}; details are in the server log)"),
        )
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// What a client is told to wait, in seconds, before asking again while the database is away.
pub const DATABASE_RETRY_AFTER_S: u64 = 1;

impl ApiError {
    /// 503 with `Retry-After`: the database cannot be reached; the cause goes to the log.
    pub fn database_unavailable(cause: &dyn std::fmt::Display) -> ApiError {
        tracing::warn!("the database does not answer: {cause}");
        ApiError {
            retry_after_s: Some(DATABASE_RETRY_AFTER_S),
            ..ApiError::unavailable("the database does not answer: try again shortly")
        }
    }
}

impl From<antidote_lib::store::StoreError> for ApiError {
    /// A database that cannot be reached is a 503 with `Retry-After`; anything else a 500.
    fn from(e: antidote_lib::store::StoreError) -> Self {
        if e.is_unavailable() {
            ApiError::database_unavailable(&e)
        } else {
            ApiError::internal(&e)
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: self.message,
            },
        };
        let mut response = (self.status, axum::Json(body)).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"antidote-admin\""),
            );
        }
        if let Some(s) = self.retry_after_s {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        response
    }
}
