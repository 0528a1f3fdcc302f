//! The subcommands, one module each.

use std::process::ExitCode;

use clap::{ArgMatches, Command};

pub mod completions;
pub mod schema;
pub mod validate;

/// Every subcommand's definition.
pub fn builtin() -> Vec<Command> {
    vec![validate::cli(), schema::cli(), completions::cli()]
}

/// Runs the subcommand `name`.
pub fn exec(name: &str, args: &ArgMatches) -> anyhow::Result<ExitCode> {
    match name {
        "validate" => validate::exec(args),
        "schema" => schema::exec(args),
        "completions" => completions::exec(args),
        other => anyhow::bail!("unknown subcommand `{other}`"),
    }
}
