//! The `antidote` subcommands, one module per service, and the flags they share.

use std::path::PathBuf;

use anyhow::Context;
use clap::{Arg, ArgAction, ArgMatches, Command};

use antidote_lib::config::Config;

pub mod api;
pub mod gc;
pub mod scheduler;

/// The whole command line.
pub fn cli() -> Command {
    Command::new("antidote")
        .about("Antidote's services: run one per process, against PostgreSQL and NATS")
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .args(shared_args())
        .subcommand(api::cli())
        .subcommand(scheduler::cli())
        .subcommand(gc::cli())
}

/// Runs the chosen service.
pub fn exec(matches: &ArgMatches) -> anyhow::Result<()> {
    let config = config(matches)?;
    antidote::start::logging(matches.get_flag("log-json"));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    match matches.subcommand() {
        Some(("api", args)) => runtime.block_on(api::exec(config, args)),
        Some(("scheduler", args)) => runtime.block_on(scheduler::exec(config, args)),
        Some(("gc", args)) => runtime.block_on(gc::exec(config, args)),
        _ => unreachable!("clap requires a known subcommand"),
    }
}

fn shared_args() -> Vec<Arg> {
    let value = |name: &'static str, value_name: &'static str, help: &'static str| {
        Arg::new(name)
            .long(name)
            .value_name(value_name)
            .global(true)
            .help(help)
    };
    vec![
        value(
            "config",
            "FILE",
            "YAML configuration file (see docs/operations.md)",
        )
        .value_parser(clap::value_parser!(PathBuf)),
        value(
            "database-url",
            "URL",
            "sqlite://PATH or postgres://... [env: ANTIDOTE_DATABASE_URL]",
        ),
        value(
            "nats-url",
            "URL",
            "nats://HOST:PORT [env: ANTIDOTE_NATS_URL]",
        ),
        value("nats-user", "USER", "NATS user [env: ANTIDOTE_NATS_USER]"),
        value(
            "nats-password",
            "PASSWORD",
            "NATS password [env: ANTIDOTE_NATS_PASSWORD]",
        ),
        value(
            "nats-token",
            "TOKEN",
            "NATS token [env: ANTIDOTE_NATS_TOKEN]",
        ),
        value(
            "instance-id",
            "ID",
            "prefix of bus subjects [env: ANTIDOTE_INSTANCE_ID]",
        ),
        value(
            "tier",
            "TIER",
            "most private tier served: prod, ptr or local [env: ANTIDOTE_TIER]",
        )
        .value_parser(["prod", "ptr", "local"]),
        Arg::new("log-json")
            .long("log-json")
            .global(true)
            .action(ArgAction::SetTrue)
            .help("log JSON lines instead of text"),
    ]
}

/// The configuration: file, then environment, then flags.
fn config(matches: &ArgMatches) -> anyhow::Result<Config> {
    let file = matches.get_one::<PathBuf>("config").map(PathBuf::as_path);
    let mut config = Config::load(Config::default(), file)?;
    let service = matches.subcommand().map(|(_, args)| args);
    config.apply_env(|var| {
        let flag = antidote_lib::config::flag_name(var)?;
        [Some(matches), service]
            .into_iter()
            .flatten()
            .find_map(|m| m.try_get_one::<String>(&flag).ok().flatten().cloned())
    })?;
    config.check()?;
    Ok(config)
}
