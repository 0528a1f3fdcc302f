//! Request extractors with the API's error shape: the learner's address (peer, or forwarded
//! by a trusted proxy), JSON bodies (bounded, with precise errors), and the admin token.

use std::net::{IpAddr, SocketAddr};

use antidote_lib::comms::TraceContext;
use antidote_lib::config::Secret;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use super::error::ApiError;
use super::state::ApiState;

/// The address a request comes from: the TCP peer, unless the peer is a configured trusted
/// proxy, in which case the right-most address of `X-Forwarded-For` that is not itself a
/// trusted proxy. A forwarded header from any other peer is ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceIp(pub IpAddr);

impl FromRequestParts<ApiState> for SourceIp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &ApiState) -> Result<Self, ApiError> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            // A dual-stack socket shows IPv4 peers as ::ffff:a.b.c.d.
            .map(|c| c.0.ip().to_canonical())
            .ok_or_else(|| ApiError::internal(&"the server does not record peer addresses"))?;
        let trusted = |ip: &IpAddr| {
            state
                .config
                .api
                .trusted_proxies
                .iter()
                .any(|t| t.contains(*ip))
        };
        if !trusted(&peer) {
            return Ok(SourceIp(peer));
        }
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect::<Vec<_>>();
        for hop in forwarded.iter().rev() {
            match hop.parse::<IpAddr>().map(|ip| ip.to_canonical()) {
                Ok(ip) if trusted(&ip) => continue,
                Ok(ip) => return Ok(SourceIp(ip)),
                Err(_) => {
                    return Err(ApiError::bad_request(format!(
                        "X-Forwarded-For holds `{hop}`, which is not an IP address"
                    )));
                }
            }
        }
        Ok(SourceIp(peer))
    }
}

/// A JSON body, bounded by `api.max_body_bytes`. `text/plain` bodies are read as JSON too when
/// `LENIENT` (antidote-web posts JSON as `text/plain;charset=UTF-8`).
#[derive(Debug)]
pub struct JsonBody<T, const LENIENT: bool = false>(pub T);

impl<T: DeserializeOwned, const LENIENT: bool> FromRequest<ApiState> for JsonBody<T, LENIENT> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &ApiState) -> Result<Self, ApiError> {
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        // The original read any body as JSON whatever its type: so do the lenient paths.
        let json = content_type == "application/json" || content_type.ends_with("+json");
        if !(json || LENIENT) {
            return Err(ApiError::unsupported_media(format!(
                "expected a JSON body with Content-Type: application/json, got `{}`",
                if content_type.is_empty() {
                    "nothing"
                } else {
                    &content_type
                }
            )));
        }
        let limit = state.config.api.max_body_bytes;
        let bytes = axum::body::to_bytes(req.into_body(), limit)
            .await
            .map_err(|_| ApiError::too_large(limit))?;
        let de = &mut serde_json::Deserializer::from_slice(&bytes);
        let value = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            if path == "." || path.is_empty() {
                ApiError::bad_request(format!("invalid JSON body: {inner}"))
            } else {
                ApiError::bad_request(format!("invalid JSON body at `{path}`: {inner}"))
            }
        })?;
        de.end().map_err(|e| {
            ApiError::bad_request(format!("invalid JSON body: {e} after the value"))
        })?;
        Ok(JsonBody(value))
    }
}

/// Proof that the request carries the admin bearer token.
#[derive(Debug)]
pub struct Admin;

impl FromRequestParts<ApiState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &ApiState) -> Result<Self, ApiError> {
        let Some(expected) = state.config.api.admin_token.as_ref().map(Secret::expose) else {
            return Err(ApiError::forbidden(
                "the admin API is disabled: set api.admin_token or ANTIDOTE_ADMIN_TOKEN on the server",
            ));
        };
        let given = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                let (scheme, token) = v.split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
            })
            .ok_or_else(|| {
                ApiError::unauthorized("missing `Authorization: Bearer TOKEN` header")
            })?;
        if constant_time_eq(given.as_bytes(), expected.as_bytes()) {
            Ok(Admin)
        } else {
            Err(ApiError::unauthorized("wrong admin token"))
        }
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The request's W3C trace context: the request's span, the child of the client's
/// `traceparent` (a new trace when the request carries none). It travels with the work
/// requests on the bus. Set by the API's request layer; a request that did not pass it
/// continues the header directly.
#[derive(Debug, Clone, Copy)]
pub struct Trace(pub TraceContext);

impl FromRequestParts<ApiState> for Trace {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &ApiState) -> Result<Self, Self::Rejection> {
        if let Some(trace) = parts.extensions.get::<Trace>() {
            return Ok(*trace);
        }
        let parent = parts
            .headers
            .get(antidote_lib::comms::TRACEPARENT)
            .and_then(|v| v.to_str().ok())
            .and_then(TraceContext::parse);
        Ok(Trace(
            parent.map_or_else(TraceContext::new_root, |p| p.child()),
        ))
    }
}
