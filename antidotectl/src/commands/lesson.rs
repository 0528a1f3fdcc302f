//! `antidotectl lesson create [--curriculum DIR]`: the lesson wizard.

use std::process::ExitCode;

use antidote_lib::curriculum::Kind;
use clap::{ArgMatches, Command};

use crate::shell::Shell;

/// The command's definition.
pub fn cli() -> Command {
    super::create::resource_cli(
        "lesson",
        "Lessons: create one with the wizard",
        Kind::Lesson,
    )
}

/// Runs the command.
pub fn exec(shell: &Shell, args: &ArgMatches) -> anyhow::Result<ExitCode> {
    super::create::resource_exec(shell, Kind::Lesson, args)
}
