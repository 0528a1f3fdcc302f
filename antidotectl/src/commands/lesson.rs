//! `antidotectl lesson create [--curriculum DIR]`: the lesson wizard; `antidotectl lesson run`
//! (`commands/run.rs`): a lesson on a container engine or a cluster; `antidotectl lesson plan`
//! (`commands/plan.rs`): its Kubernetes objects; `antidotectl lesson test`
//! (`commands/test.rs`): the proof that lessons can be solved.

use std::process::ExitCode;

use antidote_lib::curriculum::Kind;
use clap::{ArgMatches, Command};

use crate::shell::Shell;

/// The command's definition.
pub fn cli() -> Command {
    super::create::resource_cli(
        "lesson",
        "Lessons: create one with the wizard, run or plan one, prove they can be solved",
        Kind::Lesson,
    )
    .subcommand(super::run::cli())
    .subcommand(super::plan::cli())
    .subcommand(super::test::cli())
}

/// Runs the command.
pub fn exec(shell: &Shell, args: &ArgMatches) -> anyhow::Result<ExitCode> {
    match args.subcommand() {
        Some(("run", args)) => super::run::exec(shell, args),
        Some(("plan", args)) => super::plan::exec(shell, args),
        Some(("test", args)) => super::test::exec(shell, args),
        _ => super::create::resource_exec(shell, Kind::Lesson, args),
    }
}
