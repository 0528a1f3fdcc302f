//! Provisioning: the [`Backend`] a scheduler drives livelessons on and what it can do
//! ([`Capabilities`]), what a livelesson's environment is ([`Environment`]: images, endpoints,
//! credentials and files resolved for the backend), the preview backend ([`preview`]), the
//! state machine that takes one livelesson from INITIALIZED to READY or FAILED ([`machine`]),
//! and the conformance suite every backend passes (`conformance`, feature `test-support`).
//!
//! A backend knows nothing of the database or the bus: it creates an environment, reports its
//! endpoints' health, configures a stage and tears it down, each identified by the livelesson
//! id, so that every call can be repeated (a scheduler that resumes a dead replica's work calls
//! `create` again). The machine writes every transition to the store under the row lock.

pub mod configuration;
#[cfg(any(test, feature = "test-support"))]
pub mod conformance;
pub mod docker;
mod environment;
pub mod files;
pub mod kubernetes;
pub mod local;
pub mod machine;
pub mod objectives;
pub mod preview;
pub mod probe;
#[cfg(any(test, feature = "test-support"))]
pub mod testing;

use futures_util::future::BoxFuture;
use futures_util::stream::BoxStream;
use futures_util::{FutureExt as _, StreamExt as _};
use serde::{Deserialize, Serialize};

pub use docker::DockerBackend;
pub use environment::{
    Credentials, DirFiles, EndpointSpec, Environment, ImageSpec, LessonFiles, StoreFiles,
};
pub use kubernetes::KubernetesBackend;
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

/// What a backend can do, asked instead of which backend it is. The state machine reads
/// `provisions_endpoints` (a preview otherwise); `exposes_access` says that endpoint statuses
/// carry [`Access`] (`antidotectl lesson run` prints it); `runs_checks` that
/// [`Backend::run_script`] runs objective checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    /// It runs endpoints (false: a preview; endpoints have no host and livelessons are marked
    /// as previews).
    pub provisions_endpoints: bool,
    /// It can run objective checks in the lesson's environment.
    pub runs_checks: bool,
    /// It can expose endpoints' presentations to an author's machine (for `lesson run`).
    pub exposes_access: bool,
}

/// Where one endpoint is and whether it is up: stored as the livelesson's `endpoints`
/// (`[{"name", "host", "ready", "access"}]`, the shape the API reads).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointStatus {
    /// The endpoint's name.
    pub name: String,
    /// Where the learner reaches it; `None` on the preview backend.
    pub host: Option<String>,
    /// Whether it is up (its ports answer).
    pub ready: bool,
    /// Where each presentation is reached: a port on the engine's host (Docker), the
    /// endpoint's service and ingress host (Kubernetes); empty when nothing runs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub access: Vec<Access>,
    /// Not an endpoint of the lesson but the jupyter guide the backend runs for it (it must
    /// be up too; its access is the guide's).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub guide: bool,
}

/// Where one presentation of an endpoint is reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Access {
    /// The presentation's name.
    pub presentation: String,
    /// `ssh` or `http`.
    #[serde(rename = "type")]
    pub kind: crate::curriculum::PresentationType,
    /// The host to connect to.
    pub host: String,
    /// The port there.
    pub port: u16,
    /// The host name an ingress serves it at (`http` presentations on Kubernetes: the
    /// original's `HepDomain`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
}

/// Somewhere livelessons run: Kubernetes, a Docker engine, or the preview backend that
/// provisions nothing.
///
/// Every method is keyed by the livelesson id and idempotent: calling `create` for an
/// environment that exists (partly or wholly) completes it, `teardown` of one that does not
/// exist succeeds. A scheduler may call them again after a crash of another replica, but two
/// schedulers never call them for the same livelesson at once (the store's leases see to that).
pub trait Backend: Send + Sync + 'static {
    /// The backend's name (`preview`, `kubernetes`).
    fn name(&self) -> &'static str;

    /// What it can do.
    fn capabilities(&self) -> Capabilities;

    /// Creates the environment (endpoints, connections, presentations). It may return before
    /// the endpoints are up: [`Backend::endpoint_health`] says when they are.
    fn create<'a>(&'a self, env: &'a Environment) -> BoxFuture<'a, Result<(), ProvisionError>>;

    /// The health of every endpoint now (`healthy / total` as they come up).
    fn endpoint_health<'a>(
        &'a self,
        env: &'a Environment,
    ) -> BoxFuture<'a, Result<Vec<EndpointStatus>, ProvisionError>>;

    /// The endpoints' health as it changes: a first item at once, then one whenever it may
    /// have changed. Backends that can watch (Kubernetes) answer as events arrive; the
    /// default asks [`Backend::endpoint_health`] every `poll`. A permanent error means the
    /// endpoints will not come up by waiting; a retryable one that this look failed.
    fn watch_health<'a>(
        &'a self,
        env: &'a Environment,
        poll: std::time::Duration,
    ) -> BoxStream<'a, Result<Vec<EndpointStatus>, ProvisionError>> {
        futures_util::stream::unfold(true, move |first| {
            async move {
                if !first {
                    tokio::time::sleep(poll).await;
                }
                Some((self.endpoint_health(env).await, false))
            }
            .boxed()
        })
        .boxed()
    }

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

    /// Runs `script` (a path among the lesson's files: an objective's check or its solution, by
    /// the contract of [`objectives`]) in the livelesson's checker container, within `limit`.
    /// Backends whose capabilities say they run no checks answer with an error saying so.
    fn run_script<'a>(
        &'a self,
        env: &'a Environment,
        script: &'a str,
        limit: std::time::Duration,
    ) -> BoxFuture<'a, Result<objectives::ScriptRun, ProvisionError>>;

    /// The id of every livelesson of this instance that has anything on the backend, so that
    /// those without a row (orphans: a replica died after the row was deleted) are torn down.
    fn livelessons(&self) -> BoxFuture<'_, Result<Vec<String>, ProvisionError>>;
}
