//! Antidote's services as libraries, so that the `antidote` daemon runs each in its own process
//! and `antidotectl serve` runs them all in one.
//!
//! - [`api`]: the REST API (`/api/v1`, the original `/exp` paths, OpenAPI, Swagger UI).
//! - [`scheduler`]: drives livelessons to READY on a provisioning backend (queue group, leases).
//! - [`gc`]: deletes idle livelessons and sessions.
//! - [`service`]: the table of services ([`service::SERVICES`]), the [`service::Context`] each
//!   is started with, and the [`service::Supervisor`] that runs them.
//! - [`serve`]: every service in one process (`antidotectl serve`).
//! - [`start`]: opening the store, the bus and the backend, logging, shutdown signals.
//! - [`telemetry`]: logs, traces (OTLP) and the metrics listener.
//! - [`stats`]: the platform-wide view from events and state (Prometheus, InfluxDB).
//! - [`ids`]: unguessable ids.

pub mod api;
pub mod checker;
pub mod client;
pub mod context;
pub mod flags;
pub mod gc;
pub mod ids;
pub mod outbox;
pub mod scheduler;
pub mod serve;
pub mod service;
pub mod start;
pub mod stats;
pub mod telemetry;
