//! A client of the admin API, for `antidotectl livelesson ...` and `antidotectl session ...`.

use std::time::Duration;

use antidote_lib::comms::{TRACEPARENT, TraceContext};
use antidote_lib::store::state::{LiveLesson, Session};
use serde::de::DeserializeOwned;

use crate::api::admin::{LiveLessonList, Persistent, SessionList};

/// What went wrong talking to the API.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The server URL is not an http(s) URL.
    #[error("invalid server URL `{server}`: expected http://HOST:PORT or https://HOST:PORT")]
    InvalidServer {
        /// The URL given.
        server: String,
    },
    /// The server cannot be reached.
    #[error(
        "cannot reach the Antidote API at {server}: {cause} (is `antidote api` or `antidotectl serve` running there? set --server or ANTIDOTE_SERVER)"
    )]
    Unreachable {
        /// The server.
        server: String,
        /// Why.
        cause: reqwest::Error,
    },
    /// The server answered with an error.
    #[error("the API answered {status}: {message}")]
    Api {
        /// The HTTP status.
        status: u16,
        /// The API's message.
        message: String,
    },
    /// The answer is not what this client understands.
    #[error("unexpected answer from {server}: {cause}")]
    Decode {
        /// The server.
        server: String,
        /// Why.
        cause: String,
    },
}

/// The admin API of one server.
#[derive(Debug, Clone)]
pub struct AdminClient {
    server: String,
    token: Option<String>,
    http: reqwest::Client,
    trace: TraceContext,
}

impl AdminClient {
    /// A client of `server` (`http://HOST:PORT`) with the bearer `token`.
    pub fn new(server: &str, token: Option<String>) -> Result<AdminClient, ClientError> {
        let server = server.trim_end_matches('/').to_owned();
        if !(server.starts_with("http://") || server.starts_with("https://")) {
            return Err(ClientError::InvalidServer { server });
        }
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|cause| ClientError::Unreachable {
                server: server.clone(),
                cause,
            })?;
        Ok(AdminClient {
            server,
            token,
            http,
            trace: TraceContext::new_root(),
        })
    }

    /// The trace id its requests carry (one trace per client: each request is a span of it,
    /// a child of the client's span), so that an operator finds them in the services' traces
    /// and logs.
    pub fn trace_id(&self) -> String {
        self.trace.trace_id_hex()
    }

    async fn send<T: DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<Option<T>, ClientError> {
        let request = request.header(TRACEPARENT, self.trace.to_header());
        let request = match &self.token {
            Some(t) => request.bearer_auth(t),
            None => request,
        };
        let response = request
            .send()
            .await
            .map_err(|cause| ClientError::Unreachable {
                server: self.server.clone(),
                cause,
            })?;
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(|cause| ClientError::Unreachable {
                server: self.server.clone(),
                cause,
            })?;
        if !status.is_success() {
            let message = serde_json::from_slice::<serde_json::Value>(&bytes)
                .ok()
                .and_then(|v| v["error"]["message"].as_str().map(str::to_owned))
                .unwrap_or_else(|| String::from_utf8_lossy(&bytes).into_owned());
            return Err(ClientError::Api {
                status: status.as_u16(),
                message,
            });
        }
        if bytes.is_empty() {
            return Ok(None);
        }
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| ClientError::Decode {
                server: self.server.clone(),
                cause: e.to_string(),
            })
    }

    fn url(&self, path: &str) -> String {
        format!("{}/api/v1/admin/{path}", self.server)
    }

    /// `id` as one path segment: anything but letters, digits, `-` and `_` percent-encoded.
    fn segment(id: &str) -> String {
        id.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect()
    }

    fn empty<T>(&self, answer: Option<T>) -> Result<T, ClientError> {
        answer.ok_or_else(|| ClientError::Decode {
            server: self.server.clone(),
            cause: "an empty answer".into(),
        })
    }

    /// Every livelesson, newest first.
    pub async fn livelessons(&self) -> Result<Vec<LiveLesson>, ClientError> {
        let list: Option<LiveLessonList> =
            self.send(self.http.get(self.url("livelessons"))).await?;
        Ok(self.empty(list)?.livelessons)
    }

    /// Kills a livelesson (a scheduler tears it down).
    pub async fn kill(&self, id: &str) -> Result<(), ClientError> {
        let url = self.url(&format!("livelessons/{}", Self::segment(id)));
        self.send::<serde_json::Value>(self.http.delete(url))
            .await?;
        Ok(())
    }

    /// Every session, newest first.
    pub async fn sessions(&self) -> Result<Vec<Session>, ClientError> {
        let list: Option<SessionList> = self.send(self.http.get(self.url("sessions"))).await?;
        Ok(self.empty(list)?.sessions)
    }

    /// Marks a session persistent, or not.
    pub async fn persist(&self, id: &str, persistent: bool) -> Result<(), ClientError> {
        let url = self.url(&format!("sessions/{}/persistent", Self::segment(id)));
        let body = Persistent { persistent };
        self.send::<Persistent>(self.http.put(url).json(&body))
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_stay_one_path_segment() {
        assert_eq!(super::AdminClient::segment("ab12-_"), "ab12-_");
        assert_eq!(
            super::AdminClient::segment("x/../s?a#b"),
            "x%2F%2E%2E%2Fs%3Fa%23b"
        );
        assert!(super::AdminClient::new("ftp://x", None).is_err());
    }
}
