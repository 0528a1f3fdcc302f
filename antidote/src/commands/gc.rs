//! `antidote gc`: the gc service.

use clap::{ArgMatches, Command};

use antidote::gc;
use antidote::start::{self, BusChoice};
use antidote_lib::config::Config;

/// The subcommand's definition.
pub fn cli() -> Command {
    Command::new("gc").about(
        "Delete livelessons and sessions idle past their TTL (run as many replicas as you like)",
    )
}

/// Runs gc until Ctrl-C or SIGTERM.
pub async fn exec(config: Config, _args: &ArgMatches) -> anyhow::Result<()> {
    let store = start::store(&config).await?;
    let comms = start::comms(&config, BusChoice::Nats, "gc").await?;
    gc::run(config, store, comms, start::shutdown_signal()).await?;
    Ok(())
}
