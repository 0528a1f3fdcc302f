//! Every service in one process (`antidotectl serve`): the API, a scheduler and gc, on the
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
use tokio::task::JoinSet;

use crate::api::{self, ApiState};
use crate::start::{self, BusChoice, StartError};
use crate::{gc, scheduler};

/// What to serve.
pub struct ServeOptions {
    /// The configuration (database, bus, tier, API settings).
    pub config: Config,
    /// A curriculum directory or git source to import before serving.
    pub curriculum: Option<String>,
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
    /// The API cannot listen.
    #[error("cannot listen on {listen}: {cause}")]
    Listen {
        /// The address.
        listen: String,
        /// Why.
        cause: std::io::Error,
    },
    /// A service stopped with an error.
    #[error("the {service} service failed: {cause}")]
    Service {
        /// Which.
        service: &'static str,
        /// Why.
        cause: String,
    },
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
    tasks: JoinSet<(&'static str, Result<(), String>)>,
    stop: tokio::sync::watch::Sender<bool>,
    store: Store,
}

/// Opens the store, imports the curriculum if asked, connects the bus and starts every service.
pub async fn start(
    options: ServeOptions,
    progress: Arc<dyn ProgressSink>,
) -> Result<Running, ServeError> {
    let config = options.config;
    config.check().map_err(StartError::from)?;
    let store = start::store(&config).await?;
    let imported = match options.curriculum {
        Some(source) => {
            let import_options = ImportOptions {
                source: source.clone(),
                reference: None,
                tier: config.tier,
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
    let listener = tokio::net::TcpListener::bind(&config.api.listen)
        .await
        .map_err(|cause| ServeError::Listen {
            listen: config.api.listen.clone(),
            cause,
        })?;
    let addr = listener.local_addr().map_err(|cause| ServeError::Listen {
        listen: config.api.listen.clone(),
        cause,
    })?;
    let provisioner = start::backend(&config)?;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let stopping = move || {
        let mut stopped = stopped.clone();
        async move {
            let _ = stopped.wait_for(|s| *s).await;
        }
    };
    let mut tasks = JoinSet::new();
    let tier = config.tier;
    let backend = config.backend.as_str();
    // The scheduler subscribes before the API takes requests, so the first request finds it.
    let (subscribed, ready) = tokio::sync::oneshot::channel::<()>();
    let (scheduler_store, scheduler_comms) = (store.clone(), comms.clone());
    let (scheduler_config, scheduler_stop) = (config.clone(), stopping());
    tasks.spawn(async move {
        let outcome = scheduler::run_announced(
            scheduler_config,
            scheduler_store,
            scheduler_comms,
            provisioner,
            scheduler_stop,
            subscribed,
        )
        .await;
        ("scheduler", outcome.map_err(|e| e.to_string()))
    });
    let (gc_store, gc_comms, gc_config, gc_stop) =
        (store.clone(), comms.clone(), config.clone(), stopping());
    tasks.spawn(async move {
        let outcome = gc::run(gc_config, gc_store, gc_comms, gc_stop).await;
        ("gc", outcome.map_err(|e| e.to_string()))
    });
    if ready.await.is_err() {
        // The scheduler stopped before subscribing: its error is in the task set.
        let cause = match tasks.join_next().await {
            Some(Ok((_, Err(cause)))) => cause,
            _ => "it stopped at start".into(),
        };
        return Err(ServeError::Service {
            service: "scheduler",
            cause,
        });
    }
    let state = ApiState::new(config, store.clone(), comms);
    let api_stop = stopping();
    tasks.spawn(async move {
        (
            "api",
            api::serve(state, listener, api_stop)
                .await
                .map_err(|e| e.to_string()),
        )
    });
    Ok(Running {
        addr,
        imported,
        tier,
        backend,
        tasks,
        stop,
        store,
    })
}

impl Running {
    /// Runs until `shutdown` completes (or a service fails), then stops every service.
    pub async fn wait(mut self, shutdown: impl Future<Output = ()>) -> Result<(), ServeError> {
        let outcome = tokio::select! {
            () = shutdown => Ok(()),
            Some(done) = self.tasks.join_next() => match done {
                Ok((service, Ok(()))) => Err(ServeError::Service { service, cause: "stopped unexpectedly".into() }),
                Ok((service, Err(cause))) => Err(ServeError::Service { service, cause }),
                Err(e) => Err(ServeError::Service { service: "a", cause: e.to_string() }),
            },
        };
        let _ = self.stop.send(true);
        while self.tasks.join_next().await.is_some() {}
        self.store.close().await;
        outcome
    }
}
