//! `antidotectl image create [--curriculum DIR]`: the image wizard.

use std::process::ExitCode;

use antidote_lib::curriculum::Kind;
use clap::{ArgMatches, Command};

use crate::shell::Shell;

/// The command's definition.
pub fn cli() -> Command {
    super::create::resource_cli("image", "Images: create one with the wizard", Kind::Image)
}

/// Runs the command.
pub fn exec(shell: &Shell, args: &ArgMatches) -> anyhow::Result<ExitCode> {
    super::create::resource_exec(shell, Kind::Image, args)
}
