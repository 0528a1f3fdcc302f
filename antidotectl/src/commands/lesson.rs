//! `antidotectl lesson create [--curriculum DIR]`: the lesson wizard; `antidotectl lesson run`
//! (`commands/run.rs`): a lesson on this machine's container engine.

use std::process::ExitCode;

use antidote_lib::curriculum::Kind;
use clap::{ArgMatches, Command};

use crate::shell::Shell;

/// The command's definition.
pub fn cli() -> Command {
    super::create::resource_cli(
        "lesson",
        "Lessons: create one with the wizard, run one on this machine",
        Kind::Lesson,
    )
    .subcommand(super::run::cli())
}

/// Runs the command.
pub fn exec(shell: &Shell, args: &ArgMatches) -> anyhow::Result<ExitCode> {
    match args.subcommand() {
        Some(("run", args)) => super::run::exec(shell, args),
        _ => super::create::resource_exec(shell, Kind::Lesson, args),
    }
}
