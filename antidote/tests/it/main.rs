//! Integration tests of the services crate: the API over `app().oneshot()`, the `/exp`
//! shapes field by field, and the staleness of `docs/openapi.json`.

mod api;
mod daemon;
mod exp;
mod support;
