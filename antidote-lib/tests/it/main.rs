//! antidote-lib's integration tests: one binary, one module per area.

mod backends;
mod comms;
mod docker;
mod generated;
mod import;
mod kubernetes;
mod nrelabs;
mod plans;
mod provision;
mod rules;
mod spans;
mod store;
mod support;
