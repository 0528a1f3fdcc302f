//! `antidote scheduler`: the scheduler service.

use clap::{ArgMatches, Command};

use antidote::scheduler;
use antidote::start::{self, BusChoice};
use antidote_lib::config::Config;

/// The subcommand's definition.
pub fn cli() -> Command {
    Command::new("scheduler").about(
        "Drive livelessons to READY on the configured backend (run as many replicas as you like)",
    )
}

/// Runs a scheduler replica until Ctrl-C or SIGTERM.
pub async fn exec(config: Config, _args: &ArgMatches) -> anyhow::Result<()> {
    let store = start::store(&config).await?;
    let comms = start::comms(&config, BusChoice::Nats, "scheduler").await?;
    let backend = start::backend(&config)?;
    scheduler::run(config, store, comms, backend, start::shutdown_signal()).await?;
    Ok(())
}
