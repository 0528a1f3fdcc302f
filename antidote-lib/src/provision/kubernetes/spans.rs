//! The Kubernetes client's request spans: a tower layer on kube's client that runs every HTTP
//! request to the API server in an info-level `kubernetes.request` span, the child of the
//! caller's span (a backend call's), so that a learner's trace shows each request its
//! livelesson made. Both the production client ([`client`], kube's default stack: TLS,
//! authentication, its own debug-level `HTTP` spans) and the tests' mock client go through
//! it.
//!
//! Attributes: `http.request.method`, `url.path` (no query string), `http.response.status_code`
//! and `otel.kind = client`; a request that gets no answer, or a 5xx one, has
//! `otel.status_code = ERROR` (a 404 or a 409 is an answer the backend expects and handles).
//! Headers and bodies (tokens, Secrets' data) are never recorded.

use std::task::{Context, Poll};

use futures_util::future::BoxFuture;
use http::{Request, Response};
use kube::Client;
use kube::client::ClientBuilder;
use tower::{Layer, Service};
use tracing::Instrument as _;

/// The layer that puts every request in a `kubernetes.request` span.
#[derive(Debug, Clone, Copy, Default)]
pub struct RequestSpans;

impl<S> Layer<S> for RequestSpans {
    type Service = RequestSpan<S>;

    fn layer(&self, inner: S) -> RequestSpan<S> {
        RequestSpan { inner }
    }
}

/// A service whose requests run in `kubernetes.request` spans (made by [`RequestSpans`]).
#[derive(Debug, Clone)]
pub struct RequestSpan<S> {
    inner: S,
}

impl<S, B, R> Service<Request<B>> for RequestSpan<S>
where
    S: Service<Request<B>, Response = Response<R>>,
    S::Future: Send + 'static,
{
    type Response = Response<R>;
    type Error = S::Error;
    type Future = BoxFuture<'static, Result<Response<R>, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        // kube's client runs `call` in its buffer's worker with the caller's span entered: the
        // caller's span is this one's parent.
        let span = tracing::info_span!(
            "kubernetes.request",
            otel.name = %format_args!("kubernetes {}", request.method()),
            otel.kind = "client",
            otel.status_code = tracing::field::Empty,
            http.request.method = %request.method(),
            url.path = request.uri().path(),
            http.response.status_code = tracing::field::Empty,
        );
        let answer = span.in_scope(|| self.inner.call(request));
        let recorded = span.clone();
        Box::pin(
            async move {
                let answer = answer.await;
                match &answer {
                    Ok(response) => {
                        let status = response.status();
                        recorded.record("http.response.status_code", status.as_u16());
                        if status.is_server_error() {
                            recorded.record("otel.status_code", "ERROR");
                        }
                    }
                    Err(_) => {
                        recorded.record("otel.status_code", "ERROR");
                    }
                }
                answer
            }
            .instrument(span),
        )
    }
}

/// A client of the API server `config` names: kube's default stack, every request in a
/// `kubernetes.request` span.
pub fn client(config: kube::Config) -> Result<Client, kube::Error> {
    Ok(ClientBuilder::try_from(config)?
        .with_layer(&RequestSpans)
        .build())
}
