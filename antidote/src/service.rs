//! One shape for every service: a [`Service`] is a row of [`SERVICES`] (name, help, whether it
//! drives a backend, and its `run` function), started with one [`Context`] (configuration,
//! store, bus, backend, shutdown, readiness). `antidote <service>` runs one row per process;
//! `antidotectl serve` runs every row in one process, in table order, each after the one before
//! it said it is ready (so the scheduler takes work before the API accepts requests). A
//! [`Supervisor`] names a service that fails or panics and stops the others cleanly.
//!
//! Adding a service is one module with `run(Context)` and one row here: both binaries read the
//! table.

use std::future::Future;
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use antidote_lib::comms::Comms;
use antidote_lib::config::Config;
use antidote_lib::provision::Backend;
use antidote_lib::store::Store;
use futures_util::FutureExt as _;
use futures_util::future::BoxFuture;
use tokio::sync::{oneshot, watch};
use tokio::task::JoinSet;

pub use crate::context::{Context, Ready, ServiceError, Shutdown};

/// How long a service may take to say it is up.
const START_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// How long services may take to stop once told to (the API's own grace is 10 s).
const STOP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

/// A service: a row of [`SERVICES`].
#[derive(Debug)]
pub struct Service {
    /// Its name, also its subcommand: `antidote scheduler`.
    pub name: &'static str,
    /// One line of help.
    pub about: &'static str,
    /// Whether it drives a provisioning backend (only then is one built for it).
    pub uses_backend: bool,
    /// Runs it until [`Context::shutdown`] completes.
    pub run: fn(Context) -> BoxFuture<'static, Result<(), ServiceError>>,
}

/// Every service, in the order one process starts them.
pub const SERVICES: &[Service] = &[
    Service {
        name: "scheduler",
        about: "Drive livelessons to READY on the configured backend (run as many replicas as you like)",
        uses_backend: true,
        run: |cx| crate::scheduler::run(cx).boxed(),
    },
    Service {
        name: "checker",
        about: "Check the objectives of READY livelessons and publish ObjectiveComplete (run as many replicas as you like)",
        uses_backend: true,
        run: |cx| crate::checker::run(cx).boxed(),
    },
    Service {
        name: "gc",
        about: "Delete livelessons and sessions idle past their TTL (run as many replicas as you like)",
        uses_backend: false,
        run: |cx| crate::gc::run(cx).boxed(),
    },
    Service {
        name: "stats",
        about: "Export the platform-wide view (livelessons, sessions, start times, objectives) to Prometheus and optionally InfluxDB; writes nothing",
        uses_backend: false,
        run: |cx| crate::stats::run(cx).boxed(),
    },
    Service {
        name: "api",
        about: "Serve the REST API (curriculum, sessions, livelessons, admin, /exp for antidote-web)",
        uses_backend: false,
        run: |cx| crate::api::run(cx).boxed(),
    },
];

/// The service named `name`.
pub fn service(name: &str) -> Option<&'static Service> {
    SERVICES.iter().find(|s| s.name == name)
}

/// What every service of a process shares: the parts of its [`Context`].
#[derive(Clone)]
pub struct Parts {
    /// The configuration.
    pub config: Config,
    /// The database.
    pub store: Store,
    /// The bus.
    pub comms: Comms,
    /// The backend, if one was built.
    pub backend: Option<Arc<dyn Backend>>,
}

/// A service that stopped with an error or a panic, by name.
#[derive(Debug, thiserror::Error)]
#[error("the {service} service failed: {cause}")]
pub struct Failure {
    /// The service.
    pub service: &'static str,
    /// Why: its error, or the panic's message.
    pub cause: String,
}

/// The services of one process, running.
pub struct Supervisor {
    tasks: JoinSet<(&'static str, Result<(), String>)>,
    stop: watch::Sender<bool>,
}

impl Default for Supervisor {
    fn default() -> Self {
        Supervisor::new()
    }
}

impl Supervisor {
    /// No services yet.
    pub fn new() -> Supervisor {
        Supervisor {
            tasks: JoinSet::new(),
            stop: watch::channel(false).0,
        }
    }

    /// Starts `service` and waits until it is up: `Ok` with the address it listens on, if
    /// any; the failure when it stopped first.
    pub async fn start(
        &mut self,
        service: &'static Service,
        parts: Parts,
    ) -> Result<Option<SocketAddr>, Failure> {
        let (tx, up) = oneshot::channel();
        let cx = Context {
            config: parts.config,
            store: parts.store,
            comms: parts.comms,
            backend: parts.backend,
            shutdown: Shutdown::new(self.stop.subscribe()),
            ready: Ready::new(tx),
        };
        let run = (service.run)(cx);
        self.tasks.spawn(async move {
            let outcome = match AssertUnwindSafe(run).catch_unwind().await {
                Ok(Ok(())) => Ok(()),
                Ok(Err(e)) => Err(e.to_string()),
                Err(panic) => Err(format!("it panicked: {}", panic_message(&*panic))),
            };
            (service.name, outcome)
        });
        let mut up = Some(up);
        let deadline = tokio::time::sleep(START_TIMEOUT);
        tokio::pin!(deadline);
        loop {
            tokio::select! {
                biased;
                Some(ready) = async {
                    match up.as_mut() {
                        Some(up) => Some(up.await),
                        None => None,
                    }
                }, if up.is_some() => match ready {
                    Ok(addr) => return Ok(addr),
                    // Dropped unsaid: it stopped; its outcome is in the task set.
                    Err(_) => up = None,
                },
                Some(done) = self.tasks.join_next() => return Err(match done {
                    Ok((name, Ok(()))) => Failure { service: name, cause: "it stopped at start".into() },
                    Ok((name, Err(cause))) => Failure { service: name, cause },
                    Err(e) => Failure { service: service.name, cause: e.to_string() },
                }),
                () = &mut deadline => return Err(Failure {
                    service: service.name,
                    cause: format!("it did not say it was up within {START_TIMEOUT:?}"),
                }),
            }
        }
    }

    /// Runs until `shutdown` completes or a service stops (which is a failure, named), then
    /// stops every service and waits for them.
    pub async fn wait(mut self, shutdown: impl Future<Output = ()>) -> Result<(), Failure> {
        let outcome = tokio::select! {
            // A failure that comes with the shutdown is still reported.
            biased;
            Some(done) = self.tasks.join_next() => Err(match done {
                Ok((service, Ok(()))) => Failure { service, cause: "it stopped unexpectedly".into() },
                Ok((service, Err(cause))) => Failure { service, cause },
                // Panics are caught in the task; only a cancelled task gets here.
                Err(e) => Failure { service: "unknown", cause: e.to_string() },
            }),
            () = shutdown => Ok(()),
        };
        if let Err(f) = &outcome {
            tracing::error!(service = f.service, "{f}; stopping the other services");
        }
        self.stop();
        let stopping = async {
            while let Some(done) = self.tasks.join_next().await {
                if let Ok((service, Err(cause))) = done {
                    tracing::warn!(service, "stopped with an error: {cause}");
                }
            }
        };
        if tokio::time::timeout(STOP_TIMEOUT, stopping).await.is_err() {
            tracing::warn!(
                "{} services did not stop within {STOP_TIMEOUT:?}: ended",
                self.tasks.len()
            );
            self.tasks.shutdown().await;
        }
        outcome
    }

    /// Tells every service to stop (without waiting).
    pub fn stop(&self) {
        let _ = self.stop.send(true);
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".into())
}
