//! Provisioning: the [`Backend`] a scheduler drives livelessons on, what a livelesson's
//! environment is ([`Environment`]), the preview backend ([`preview`]), and the state machine
//! that takes one livelesson from INITIALIZED to READY or FAILED ([`machine`]).
//!
//! A backend knows nothing of the database or the bus: it creates an environment, reports its
//! endpoints' health, configures a stage and tears it down, each identified by the livelesson
//! id, so that every call can be repeated (a scheduler that resumes a dead replica's work calls
//! `create` again). The machine writes every transition to the store under the row lock.

pub mod machine;
pub mod preview;
#[cfg(any(test, feature = "test-support"))]
pub mod testing;

use std::time::Duration;

use futures_util::future::BoxFuture;
use serde::{Deserialize, Serialize};

use crate::curriculum::{ConfigurationType, Connection, Lesson};
use crate::store::state::LiveLesson;

pub use machine::{DriveSettings, Outcome, drive};
pub use preview::PreviewBackend;

/// Why a backend could not do something. `reason` is shown to the learner, so it says what
/// happened in their words (no stack traces, no internal names).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct ProvisionError {
    /// What went wrong, readable by a learner.
    pub reason: String,
    /// Whether trying again may help (a timeout, a busy cluster) rather than not (a missing
    /// image, an invalid lesson).
    pub retryable: bool,
}

impl ProvisionError {
    /// An error that trying again may fix.
    pub fn retryable(reason: impl Into<String>) -> ProvisionError {
        ProvisionError {
            reason: reason.into(),
            retryable: true,
        }
    }

    /// An error that trying again will not fix.
    pub fn permanent(reason: impl Into<String>) -> ProvisionError {
        ProvisionError {
            reason: reason.into(),
            retryable: false,
        }
    }
}

/// One endpoint of an environment to provision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointSpec {
    /// The endpoint's name, unique in the lesson.
    pub name: String,
    /// The image's slug.
    pub image: String,
    /// How it is configured at each stage, if at all.
    pub configuration_type: Option<ConfigurationType>,
    /// Every port to open (presentations' and additional ones).
    pub ports: Vec<u16>,
}

/// Everything a backend needs to provision one livelesson: built from the livelesson and its
/// lesson.
#[derive(Debug, Clone, PartialEq)]
pub struct Environment {
    /// The livelesson (a backend names its resources after it, so every call is idempotent).
    pub livelesson_id: String,
    /// The learner's session.
    pub session_id: String,
    /// The lesson.
    pub lesson_slug: String,
    /// The stage asked for.
    pub stage: u32,
    /// The endpoints.
    pub endpoints: Vec<EndpointSpec>,
    /// Point-to-point links between endpoints.
    pub connections: Vec<Connection>,
    /// How long to wait after every endpoint is up before the lesson is ready.
    pub ready_delay: Duration,
}

impl Environment {
    /// The environment of `livelesson`, a run of `lesson`.
    pub fn new(livelesson: &LiveLesson, lesson: &Lesson) -> Environment {
        Environment {
            livelesson_id: livelesson.id.clone(),
            session_id: livelesson.session_id.clone(),
            lesson_slug: livelesson.lesson_slug.clone(),
            stage: livelesson.stage.unsigned_abs(),
            endpoints: lesson
                .endpoints
                .iter()
                .map(|e| EndpointSpec {
                    name: e.name.clone(),
                    image: e.image.clone(),
                    configuration_type: e.configuration_type,
                    ports: e
                        .presentations
                        .iter()
                        .map(|p| p.port)
                        .chain(e.additional_ports.iter().copied())
                        .collect(),
                })
                .collect(),
            connections: lesson.connections.clone(),
            ready_delay: Duration::from_secs(u64::from(lesson.ready_delay)),
        }
    }
}

/// Where one endpoint is and whether it is up: stored as the livelesson's `endpoints`
/// (`[{"name", "host", "ready"}]`, the shape the API reads).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointStatus {
    /// The endpoint's name.
    pub name: String,
    /// Where the learner reaches it; `None` on the preview backend.
    pub host: Option<String>,
    /// Whether it is up (its ports answer).
    pub ready: bool,
}

/// Somewhere livelessons run: Kubernetes, or the preview backend that provisions nothing.
///
/// Every method is keyed by the livelesson id and idempotent: calling `create` for an
/// environment that exists (partly or wholly) completes it, `teardown` of one that does not
/// exist succeeds. A scheduler may call them again after a crash of another replica, but two
/// schedulers never call them for the same livelesson at once (the store's leases see to that).
pub trait Backend: Send + Sync + 'static {
    /// The backend's name (`preview`, `kubernetes`).
    fn name(&self) -> &'static str;

    /// Whether this is the preview backend: nothing runs, endpoints have no host, and the
    /// livelesson is marked as a preview in the API.
    fn is_preview(&self) -> bool;

    /// Creates the environment (endpoints, connections, presentations). It may return before
    /// the endpoints are up: [`Backend::endpoint_health`] says when they are.
    fn create<'a>(&'a self, env: &'a Environment) -> BoxFuture<'a, Result<(), ProvisionError>>;

    /// The health of every endpoint now (`healthy / total` as they come up).
    fn endpoint_health<'a>(
        &'a self,
        env: &'a Environment,
    ) -> BoxFuture<'a, Result<Vec<EndpointStatus>, ProvisionError>>;

    /// Starts over the endpoints named (they did not come up in time).
    fn restart_endpoints<'a>(
        &'a self,
        env: &'a Environment,
        names: &'a [String],
    ) -> BoxFuture<'a, Result<(), ProvisionError>>;

    /// Configures every endpoint for `env.stage` (and whatever else a stage needs, such as a
    /// jupyter guide).
    fn configure<'a>(&'a self, env: &'a Environment) -> BoxFuture<'a, Result<(), ProvisionError>>;

    /// Removes everything of the livelesson `livelesson_id`; succeeds when nothing is left.
    fn teardown<'a>(&'a self, livelesson_id: &'a str) -> BoxFuture<'a, Result<(), ProvisionError>>;
}
