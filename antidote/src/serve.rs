//! Every service in one process (`antidotectl serve`): each row of [`SERVICES`], on the
//! embedded defaults (a SQLite file, the in-process bus, the preview backend) unless PostgreSQL
//! or NATS are configured. Optionally imports a curriculum
//! directory first, so that one command brings up a working platform on it.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use antidote_lib::config::Config;
use antidote_lib::curriculum::Tier;
use antidote_lib::import::{ImportError, ImportOptions, Imported, ProgressSink};
use antidote_lib::store::Store;

use crate::service::{Failure, Parts, SERVICES, Supervisor};
use crate::start::{self, BusChoice, StartError};

/// What to serve.
pub struct ServeOptions {
    /// The configuration (database, bus, tier, API settings).
    pub config: Config,
    /// A curriculum directory or git source to import before serving.
    pub curriculum: Option<String>,
    /// Import it even if it removes every stored lesson, or more than
    /// `import.max_removed_percent` of them.
    pub allow_shrink: bool,
}

/// Why serving failed.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// A service could not start.
    #[error(transparent)]
    Start(#[from] StartError),
    /// The curriculum could not be imported (`Invalid` carries the report).
    #[error("cannot import {source_name}: {cause}")]
    Import {
        /// The curriculum given.
        source_name: String,
        /// Why.
        #[source]
        cause: ImportError,
    },
    /// A service stopped with an error or a panic (named).
    #[error(transparent)]
    Service(#[from] Failure),
}

/// The services, running.
pub struct Running {
    /// Where the API listens.
    pub addr: SocketAddr,
    /// The import made at start, if one was asked for.
    pub imported: Option<Imported>,
    /// The most private tier served.
    pub tier: Tier,
    /// The backend provisioning livelessons.
    pub backend: &'static str,
    supervisor: Supervisor,
    store: Store,
}

/// Opens the store, imports the curriculum if asked, connects the bus, builds the backend and
/// starts every service of [`SERVICES`] in table order, each once the one before is up.
pub async fn start(
    options: ServeOptions,
    progress: Arc<dyn ProgressSink>,
) -> Result<Running, ServeError> {
    let (config, allow_shrink) = (options.config, options.allow_shrink);
    config.check().map_err(StartError::from)?;
    let store = start::store(&config).await?;
    let imported = match options.curriculum {
        Some(source) => {
            let import_options = ImportOptions {
                source: source.clone(),
                reference: None,
                tier: config.tier,
                max_removed_percent: (!allow_shrink).then_some(config.import.max_removed_percent),
                limits: config.limits,
            };
            Some(
                antidote_lib::import::import(&store, &import_options, progress)
                    .await
                    .map_err(|cause| ServeError::Import {
                        source_name: source,
                        cause,
                    })?,
            )
        }
        None => None,
    };
    let comms = start::comms(&config, BusChoice::NatsOrInProcess, "serve").await?;
    let backend = start::backend(&config).await?;
    let (tier, backend_name) = (config.tier, backend.name());
    let parts = Parts {
        config,
        store: store.clone(),
        comms,
        backend: Some(backend),
    };
    let mut supervisor = Supervisor::new();
    let mut addr = None;
    for service in SERVICES {
        match supervisor.start(service, parts.clone()).await {
            Ok(listening) => addr = addr.or(listening.filter(|_| service.name == "api")),
            Err(failure) => {
                // Stop what did start before reporting.
                let _ = supervisor.wait(std::future::ready(())).await;
                return Err(failure.into());
            }
        }
    }
    let Some(addr) = addr else {
        let _ = supervisor.wait(std::future::ready(())).await;
        return Err(ServeError::Service(Failure {
            service: "api",
            cause: "it did not say where it listens".into(),
        }));
    };
    Ok(Running {
        addr,
        imported,
        tier,
        backend: backend_name,
        supervisor,
        store,
    })
}

impl Running {
    /// Runs until `shutdown` completes (or a service fails, named in the error), then stops
    /// every service.
    pub async fn wait(self, shutdown: impl Future<Output = ()>) -> Result<(), ServeError> {
        let outcome = self.supervisor.wait(shutdown).await;
        self.store.close().await;
        Ok(outcome?)
    }
}
