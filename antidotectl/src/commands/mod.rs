//! The subcommands, one module each.

use std::process::ExitCode;

use clap::{ArgMatches, Command};

use crate::shell::Shell;

mod admin;
pub mod collection;
pub mod completions;
mod create;
pub mod curriculum;
pub mod db;
pub mod image;
pub mod import;
pub mod lesson;
pub mod livelesson;
mod plan;
mod run;
pub mod schema;
pub mod serve;
pub mod session;
mod test;
pub mod validate;

/// Every subcommand's definition.
pub fn builtin() -> Vec<Command> {
    vec![
        validate::cli(),
        curriculum::cli(),
        lesson::cli(),
        collection::cli(),
        image::cli(),
        import::cli(),
        serve::cli(),
        livelesson::cli(),
        session::cli(),
        db::cli(),
        schema::cli(),
        completions::cli(),
    ]
}

/// Runs the subcommand `name`, printing through `shell`.
pub fn exec(shell: &Shell, name: &str, args: &ArgMatches) -> anyhow::Result<ExitCode> {
    match name {
        "validate" => validate::exec(shell, args),
        "curriculum" => curriculum::exec(shell, args),
        "lesson" => lesson::exec(shell, args),
        "collection" => collection::exec(shell, args),
        "image" => image::exec(shell, args),
        "import" => import::exec(shell, args),
        "serve" => serve::exec(shell, args),
        "livelesson" => livelesson::exec(shell, args),
        "session" => session::exec(shell, args),
        "db" => db::exec(shell, args),
        "schema" => schema::exec(shell, args),
        "completions" => completions::exec(shell, args),
        other => anyhow::bail!("unknown subcommand `{other}`"),
    }
}

/// `--config FILE` and `--database-url URL`: the database as every service finds it (the
/// setting `database_url`: file, then `ANTIDOTE_DATABASE_URL`, then the flag).
pub(crate) fn database_args() -> [clap::Arg; 2] {
    let base = antidote_lib::config::Config::default();
    [
        antidote::flags::config_arg().global(true),
        antidote::flags::setting_arg("database_url", &base)
            .expect("database_url is a setting")
            .global(true),
    ]
}

/// The configuration as the services read it (`--config`, `ANTIDOTE_*`, the setting flags the
/// command takes).
pub(crate) fn configuration(args: &ArgMatches) -> anyhow::Result<antidote_lib::config::Config> {
    Ok(antidote::flags::load(
        antidote_lib::config::Config::default(),
        &[args],
    )?)
}

/// The database of `config`, or the embedded default.
pub(crate) fn database_of(
    config: &antidote_lib::config::Config,
) -> anyhow::Result<antidote_lib::store::DatabaseUrl> {
    Ok(match &config.database_url {
        Some(url) => url.parse()?,
        None => antidote_lib::store::DatabaseUrl::embedded_default(),
    })
}

/// The database chosen by `--database-url`, the environment, the configuration file, or the
/// embedded default.
pub(crate) fn database_url(args: &ArgMatches) -> anyhow::Result<antidote_lib::store::DatabaseUrl> {
    database_of(&configuration(args)?)
}

/// The async runtime for commands that talk to the database.
pub(crate) fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?)
}

/// The `--tier` argument, with its help.
pub(crate) fn tier_arg(help: &'static str) -> clap::Arg {
    clap::Arg::new("tier")
        .long("tier")
        .value_name("TIER")
        .value_parser(["prod", "ptr", "local"])
        .default_value("local")
        .help(help)
}

/// The tier chosen by `--tier`.
pub(crate) fn tier(args: &ArgMatches) -> anyhow::Result<antidote_lib::curriculum::Tier> {
    args.get_one::<String>("tier")
        .expect("has a default")
        .parse()
        .map_err(anyhow::Error::msg)
}
