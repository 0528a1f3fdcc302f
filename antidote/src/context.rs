//! What a service is started with ([`Context`]) and how it says it is up ([`Ready`]) and
//! learns it must stop ([`Shutdown`]): a leaf that every service module depends on, and that
//! depends on none of them (the table of services in [`crate::service`] does).

use std::net::SocketAddr;
use std::sync::Arc;

use antidote_lib::comms::{BusError, Comms};
use antidote_lib::config::Config;
use antidote_lib::provision::Backend;
use antidote_lib::store::Store;
use tokio::sync::{oneshot, watch};

/// Why a service stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The bus failed.
    #[error(transparent)]
    Bus(#[from] BusError),
    /// The service cannot listen on its address.
    #[error("cannot listen on {listen}: {cause}")]
    Listen {
        /// The address.
        listen: String,
        /// Why.
        cause: std::io::Error,
    },
    /// Serving failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The service drives a backend and was started without one.
    #[error("the {0} service needs a provisioning backend")]
    NoBackend(&'static str),
}

/// What a service is started with.
pub struct Context {
    /// The configuration.
    pub config: Config,
    /// The database (schema version checked).
    pub store: Store,
    /// The bus.
    pub comms: Comms,
    /// The provisioning backend, for services that use one.
    pub backend: Option<Arc<dyn Backend>>,
    /// Completes when the service should stop.
    pub shutdown: Shutdown,
    /// The service says here when it is up.
    pub ready: Ready,
}

/// Completes when the process stops its services; clone it for every loop that must stop.
#[derive(Debug, Clone)]
pub struct Shutdown(watch::Receiver<bool>);

impl Shutdown {
    /// Completes once `stop` holds true.
    pub fn new(stop: watch::Receiver<bool>) -> Shutdown {
        Shutdown(stop)
    }

    /// Completes once stopping has begun.
    pub async fn wait(mut self) {
        let _ = self.0.wait_for(|stop| *stop).await;
    }
}

/// How a service says it is up (subscribed, listening). Dropping it unsaid means it stopped
/// before it was up.
#[derive(Debug)]
pub struct Ready(Option<oneshot::Sender<Option<SocketAddr>>>);

impl Ready {
    /// Says so on `tx`: `None` for up, `Some(addr)` for listening on `addr`.
    pub fn new(tx: oneshot::Sender<Option<SocketAddr>>) -> Ready {
        Ready(Some(tx))
    }

    /// Up, and not listening on anything.
    pub fn up(mut self) {
        if let Some(tx) = self.0.take() {
            let _ = tx.send(None);
        }
    }

    /// Up, listening on `addr`.
    pub fn listening(mut self, addr: SocketAddr) {
        if let Some(tx) = self.0.take() {
            let _ = tx.send(Some(addr));
        }
    }
}
