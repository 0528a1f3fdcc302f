//! Antidote's services as libraries, so that the `antidote` daemon runs each in its own process
//! and `antidotectl serve` runs them all in one.
//!
//! - [`api`]: the REST API (`/api/v1`, the original `/exp` paths, OpenAPI, Swagger UI).
//! - [`scheduler`]: drives livelessons to READY on a provisioning backend (queue group, leases).
//! - [`gc`]: deletes idle livelessons and sessions.
//! - [`start`]: opening the store and the bus, logging, shutdown signals.
//! - [`ids`]: unguessable ids.

pub mod api;
pub mod client;
pub mod gc;
pub mod ids;
pub mod scheduler;
pub mod serve;
pub mod start;
