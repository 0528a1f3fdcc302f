//! antidote-lib's integration tests: one binary, one module per area.

mod generated;
mod nrelabs;
mod rules;
mod support;
