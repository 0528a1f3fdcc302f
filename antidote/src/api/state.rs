//! What every handler shares ([`ApiState`]) and the pre-serialized answer. It knows the cache,
//! never a flavour: `api/mod.rs` hands it the flavours.

use std::sync::Arc;

use antidote_lib::comms::Comms;
use antidote_lib::config::Config;
use antidote_lib::store::Store;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::cache::{CurriculumCache, Flavour};

/// What every handler shares.
#[derive(Clone)]
pub struct ApiState {
    /// The configuration.
    pub config: Arc<Config>,
    /// The database.
    pub store: Store,
    /// The bus.
    pub comms: Comms,
    /// The curriculum as served.
    pub cache: Arc<CurriculumCache>,
}

impl ApiState {
    /// The state with the API flavours whose answers the cache serializes.
    pub(super) fn with_flavours(
        config: Config,
        store: Store,
        comms: Comms,
        flavours: &'static [Flavour],
    ) -> ApiState {
        let cache = CurriculumCache::new(
            store.clone(),
            config.tier,
            std::time::Duration::from_millis(config.api.curriculum_refresh_ms),
            flavours,
        );
        ApiState {
            config: Arc::new(config),
            store,
            comms,
            cache: Arc::new(cache),
        }
    }
}

/// A pre-serialized JSON answer.
pub(crate) fn json_response(body: bytes::Bytes) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}
