//! `antidote <service>`: one service of the table in this process, on PostgreSQL and NATS.

use clap::Command;

use antidote::service::{Parts, Service, Supervisor};
use antidote::start::{self, BusChoice};
use antidote_lib::config::Config;

/// The subcommand of `service`.
pub fn cli(service: &'static Service) -> Command {
    Command::new(service.name).about(service.about)
}

/// Runs `service` until Ctrl-C or SIGTERM; a failure or panic names the service.
pub async fn exec(service: &'static Service, config: Config) -> anyhow::Result<()> {
    if let Some(listen) = &config.telemetry.metrics_listen {
        antidote::telemetry::metrics_listener(listen).await?;
    }
    let store = start::store(&config).await?;
    let comms = start::comms(&config, BusChoice::Nats, service.name).await?;
    let backend = match service.uses_backend {
        true => Some(start::backend(&config).await?),
        false => None,
    };
    let mut supervisor = Supervisor::new();
    let parts = Parts {
        config,
        store,
        comms,
        backend,
    };
    supervisor.start(service, parts).await?;
    supervisor.wait(start::shutdown_signal()).await?;
    Ok(())
}
