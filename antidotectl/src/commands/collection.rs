//! `antidotectl collection create [--curriculum DIR]`: the collection wizard.

use std::process::ExitCode;

use antidote_lib::curriculum::Kind;
use clap::{ArgMatches, Command};

use crate::shell::Shell;

/// The command's definition.
pub fn cli() -> Command {
    super::create::resource_cli(
        "collection",
        "Collections: create one with the wizard",
        Kind::Collection,
    )
}

/// Runs the command.
pub fn exec(shell: &Shell, args: &ArgMatches) -> anyhow::Result<ExitCode> {
    super::create::resource_exec(shell, Kind::Collection, args)
}
