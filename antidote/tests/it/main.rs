//! The services as real processes against PostgreSQL and an authenticated nats-server.

#![allow(clippy::print_stderr, reason = "tests report their timings")]

mod scheduler;
mod support;
