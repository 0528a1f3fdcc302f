//! `antidote api`: the REST API service.

use anyhow::Context;
use clap::{Arg, ArgMatches, Command};

use antidote::api::{self, ApiState};
use antidote::start::{self, BusChoice};
use antidote_lib::config::Config;

/// The subcommand's definition.
pub fn cli() -> Command {
    Command::new("api")
        .about(
            "Serve the REST API (curriculum, sessions, livelessons, admin, /exp for antidote-web)",
        )
        .arg(
            Arg::new("listen")
                .long("listen")
                .value_name("ADDR")
                .help("address to listen on [env: ANTIDOTE_LISTEN] [default: 127.0.0.1:8086]"),
        )
}

/// Runs the API until Ctrl-C or SIGTERM.
pub async fn exec(config: Config, _args: &ArgMatches) -> anyhow::Result<()> {
    let store = start::store(&config).await?;
    let comms = start::comms(&config, BusChoice::Nats, "api").await?;
    let listener = tokio::net::TcpListener::bind(&config.api.listen)
        .await
        .with_context(|| format!("cannot listen on {}", config.api.listen))?;
    tracing::info!(listen = %listener.local_addr()?, tier = %config.tier, "api listening");
    api::serve(
        ApiState::new(config, store, comms),
        listener,
        start::shutdown_signal(),
    )
    .await
    .context("the API server failed")
}
