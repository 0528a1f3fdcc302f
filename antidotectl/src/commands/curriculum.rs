//! `antidotectl curriculum init [DIR]`: the curriculum wizard.

use std::path::PathBuf;
use std::process::ExitCode;

use antidote_lib::curriculum::Kind;
use clap::{Arg, ArgMatches, Command, value_parser};

use crate::shell::Shell;

/// The command's definition.
pub fn cli() -> Command {
    Command::new("curriculum")
        .about("Curricula: start a new one with the wizard")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(super::create::args(
            Command::new("init")
                .about("Create a new curriculum (curriculum.meta.yaml) in DIR")
                .arg(
                    Arg::new("dir")
                        .value_name("DIR")
                        .default_value(".")
                        .value_parser(value_parser!(PathBuf))
                        .help("The new curriculum's directory (created if missing)"),
                ),
            Kind::Curriculum,
        ))
}

/// Runs the command.
pub fn exec(shell: &Shell, args: &ArgMatches) -> anyhow::Result<ExitCode> {
    match args.subcommand() {
        Some(("init", args)) => {
            let root = args.get_one::<PathBuf>("dir").expect("has a default");
            super::create::run(shell, Kind::Curriculum, root, args)
        }
        _ => anyhow::bail!("unknown curriculum subcommand"),
    }
}
