//! Integration tests of the services crate: the API over `app().oneshot()`, the `/exp`
//! shapes field by field, the staleness of `docs/openapi.json`, and the services as real
//! processes against PostgreSQL and an authenticated nats-server.

#![allow(clippy::print_stderr, reason = "tests report their timings")]

mod api;
mod cluster;
mod connections;
mod daemon;
mod docker;
mod exp;
mod faults;
mod kubernetes;
mod limits;
mod outbox;
mod scheduler;
mod service;
mod support;
mod telemetry;
