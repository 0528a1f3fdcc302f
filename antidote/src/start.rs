//! Starting services: the store (schema version checked), the bus (NATS, or in-process when
//! every service runs in one process), the backend, and shutdown signals (logging and traces:
//! [`crate::telemetry`]).

use std::sync::Arc;

use antidote_lib::comms::{Bus, Comms, InProcessBus, NatsBus, NatsOptions};
use antidote_lib::config::{BackendKind, Config};
use antidote_lib::provision::kubernetes::{Placement, Settings};
use antidote_lib::provision::{Backend, DockerBackend, KubernetesBackend, PreviewBackend};
use antidote_lib::store::{DatabaseUrl, Store};

/// Why a service cannot start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The configuration cannot be used.
    #[error(transparent)]
    Config(#[from] antidote_lib::config::ConfigError),
    /// The database cannot be used.
    #[error(transparent)]
    Store(#[from] antidote_lib::store::StoreError),
    /// The bus cannot be used.
    #[error(transparent)]
    Bus(#[from] antidote_lib::comms::BusError),
    /// The provisioning backend cannot be set up.
    #[error("cannot set up the {backend} backend: {cause}")]
    Backend {
        /// The backend.
        backend: &'static str,
        /// Why.
        cause: String,
    },
    /// A service that runs as its own process has no NATS to talk to the others.
    #[error(
        "`antidote {service}` runs as its own process and needs NATS to reach the other services: set ANTIDOTE_NATS_URL (with ANTIDOTE_NATS_USER and ANTIDOTE_NATS_PASSWORD, or ANTIDOTE_NATS_TOKEN), or run every service in one process with `antidotectl serve`"
    )]
    NoNats {
        /// The service.
        service: &'static str,
    },
}

/// Which bus a process uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BusChoice {
    /// NATS is required (one service per process).
    Nats,
    /// NATS when configured, else the in-process bus (every service in this process).
    NatsOrInProcess,
}

/// The database named by the configuration (or the embedded default), schema version checked.
pub async fn store(config: &Config) -> Result<Store, StartError> {
    let url = match &config.database_url {
        Some(url) => url.parse()?,
        None => DatabaseUrl::embedded_default(),
    };
    tracing::info!(database = %url.redacted(), "opening the database");
    Ok(Store::open_with(&url, config.database_acquire_timeout()).await?)
}

/// The bus, per `choice`; `service` names the caller in errors.
pub async fn comms(
    config: &Config,
    choice: BusChoice,
    service: &'static str,
) -> Result<Comms, StartError> {
    let bus: Arc<dyn Bus> = match (&config.nats.url, choice) {
        (Some(url), _) => {
            let shown = antidote_lib::comms::redact_url(url);
            tracing::info!(nats = %shown, "connecting to NATS");
            let bus = NatsBus::connect(&NatsOptions {
                url: url.clone(),
                user: config.nats.user.clone(),
                password: config.nats.password.as_ref().map(|s| s.expose().to_owned()),
                token: config.nats.token.as_ref().map(|s| s.expose().to_owned()),
            })
            .await?;
            if bus.server_accepts_anonymous().await {
                tracing::warn!(
                    nats = %shown,
                    "insecure NATS server: it accepts clients without credentials, so anyone who can reach it can read and forge the platform's work requests and events; turn on authorization on the server (a user and password, or a token) and give the services those credentials"
                );
            }
            Arc::new(bus)
        }
        (None, BusChoice::Nats) => return Err(StartError::NoNats { service }),
        (None, BusChoice::NatsOrInProcess) => {
            tracing::info!("using the in-process bus (no ANTIDOTE_NATS_URL): one process only");
            Arc::new(InProcessBus::new())
        }
    };
    Ok(Comms::new(bus, &config.instance_id)?)
}

/// The provisioning backend named by the configuration. The preview backend (the default)
/// says at start that nothing will be provisioned; the Docker and Kubernetes backends fail at
/// once when their engine or cluster does not answer.
pub async fn backend(config: &Config) -> Result<Arc<dyn Backend>, StartError> {
    match config.backend {
        BackendKind::Kubernetes => {
            let backend =
                KubernetesBackend::connect(Settings::from_config(config), Placement::Cluster)
                    .await
                    .map_err(|e| StartError::Backend {
                        backend: "kubernetes",
                        cause: e.to_string(),
                    })?;
            tracing::info!("using the kubernetes backend");
            Ok(Arc::new(backend))
        }
        BackendKind::Docker => {
            let backend =
                DockerBackend::connect(&config.instance_id, &config.images, &config.docker)
                    .await
                    .map_err(|e| StartError::Backend {
                        backend: "docker",
                        cause: e.reason,
                    })?;
            tracing::info!(engine = backend.host(), "using the docker backend");
            Ok(Arc::new(backend))
        }
        BackendKind::Preview => {
            tracing::warn!(
                "using the preview backend: nothing is provisioned (choose --backend docker or kubernetes to run endpoints); lessons show their guides, endpoints have no host, and livelessons are marked as previews"
            );
            let backend =
                PreviewBackend::new(&config.preview).map_err(|e| StartError::Backend {
                    backend: "preview",
                    cause: format!(
                        "the record file {}: {e}",
                        config
                            .preview
                            .record
                            .as_deref()
                            .unwrap_or(std::path::Path::new("?"))
                            .display()
                    ),
                })?;
            Ok(Arc::new(backend))
        }
    }
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}
