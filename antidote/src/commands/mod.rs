//! The `antidote` subcommands: one per row of [`antidote::service::SERVICES`] (`service.rs`),
//! plus `config` (the effective configuration, secrets hidden), and the settings flags every
//! one of them takes, generated from the settings table.

use anyhow::Context as _;
use clap::{Arg, ArgAction, ArgMatches, Command};

use antidote::service::SERVICES;
use antidote_lib::config::Config;

pub mod config;
pub mod service;

/// The whole command line.
pub fn cli() -> Command {
    Command::new("antidote")
        .about("Antidote's services: run one per process, against PostgreSQL and NATS")
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .args(shared_args())
        .subcommands(SERVICES.iter().map(service::cli))
        .subcommand(config::cli())
}

/// Runs the chosen subcommand.
pub fn exec(matches: &ArgMatches) -> anyhow::Result<()> {
    let mut config = config(matches)?;
    if matches.get_flag("log-json") {
        config.telemetry.log_format = antidote_lib::config::LogFormat::Json;
    }
    let (name, _) = matches
        .subcommand()
        .expect("clap requires a known subcommand");
    if name == "config" {
        return config::exec(&config);
    }
    let service = antidote::service::service(name).expect("subcommands come from the table");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let _telemetry = antidote::telemetry::init(&config, service.name)?;
        service::exec(service, config).await
    })
}

/// `--config`, `--log-json`, and one flag per setting, each named after its variable.
fn shared_args() -> Vec<Arg> {
    let mut args = vec![
        antidote::flags::config_arg().global(true),
        Arg::new("log-json")
            .long("log-json")
            .global(true)
            .action(ArgAction::SetTrue)
            .help("log JSON lines instead of text (the same as --log-format json)"),
    ];
    args.extend(antidote::flags::setting_args(&Config::default()).map(|a| a.global(true)));
    args
}

fn config(matches: &ArgMatches) -> anyhow::Result<Config> {
    let sub = matches.subcommand().map(|(_, args)| args);
    Ok(antidote::flags::load(
        Config::default(),
        &[Some(matches), sub]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>(),
    )?)
}
