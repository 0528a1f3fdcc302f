//! `antidotectl lesson create [--curriculum DIR]`: the lesson wizard.

use std::path::PathBuf;
use std::process::ExitCode;

use antidote::curriculum::Kind;
use clap::{ArgMatches, Command};

/// The command's definition.
pub fn cli() -> Command {
    Command::new("lesson")
        .about("Lessons: create one with the wizard")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(super::create::args(
            Command::new("create")
                .about(format!(
                    "Create {} ({}) with its files, asking for what the answers leave open",
                    Kind::Lesson.article(),
                    Kind::Lesson.file_name()
                ))
                .arg(super::create::curriculum_arg()),
            Kind::Lesson,
        ))
}

/// Runs the command.
pub fn exec(args: &ArgMatches) -> anyhow::Result<ExitCode> {
    match args.subcommand() {
        Some(("create", args)) => {
            let root = args
                .get_one::<PathBuf>("curriculum")
                .expect("has a default");
            super::create::run(Kind::Lesson, root, args)
        }
        _ => anyhow::bail!("unknown lesson subcommand"),
    }
}
