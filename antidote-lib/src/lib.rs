//! Antidote's core library: everything that is Antidote and not a process.
//!
//! - [`comms`]: the events of the services on a message bus (NATS or in process).
//! - [`curriculum`]: the resource model and loading a curriculum directory with source positions.
//! - [`schema`]: the JSON Schema of each resource, generated from the model.
//! - [`scaffold`]: the wizard engine that creates resources from their schema.
//! - [`metrics`]: the process's Prometheus metrics (bounded labels).
//! - [`validate`]: rules over a loaded curriculum, producing a report of diagnostics.
//! - [`provision`]: the `Backend` livelessons run on, the preview backend, and the livelesson
//!   state machine.
//!
//! The library never prints and never exits: it returns data and errors.

pub mod comms;
pub mod config;
pub mod curriculum;
pub mod import;
pub mod metrics;
pub mod provision;
pub mod scaffold;
pub mod schema;
pub mod store;
pub mod validate;
