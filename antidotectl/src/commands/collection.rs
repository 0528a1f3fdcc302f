//! `antidotectl collection create [--curriculum DIR]`: the collection wizard.

use std::path::PathBuf;
use std::process::ExitCode;

use antidote::curriculum::Kind;
use clap::{ArgMatches, Command};

/// The command's definition.
pub fn cli() -> Command {
    Command::new("collection")
        .about("Collections: create one with the wizard")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(super::create::args(
            Command::new("create")
                .about(format!(
                    "Create {} ({}) with its files, asking for what the answers leave open",
                    Kind::Collection.article(),
                    Kind::Collection.file_name()
                ))
                .arg(super::create::curriculum_arg()),
            Kind::Collection,
        ))
}

/// Runs the command.
pub fn exec(args: &ArgMatches) -> anyhow::Result<ExitCode> {
    match args.subcommand() {
        Some(("create", args)) => {
            let root = args
                .get_one::<PathBuf>("curriculum")
                .expect("has a default");
            super::create::run(Kind::Collection, root, args)
        }
        _ => anyhow::bail!("unknown collection subcommand"),
    }
}
