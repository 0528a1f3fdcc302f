//! The `antidotectl` command-line tool, cargo-style: one module per subcommand in
//! [`commands`], each with `cli()` (its clap definition) and `exec()` (which builds an options
//! struct and makes one library call), [`render`] for turning reports into output and
//! [`prompt`] for the wizards' terminal prompts, and [`shell`], through which every command
//! prints.
//!
//! Human output goes to stderr, machine output (`--format json|github|sarif`, schemas) to
//! stdout; `--quiet` and `--verbose` change only the human output (see [`shell`]). Exit codes:
//! 0 success, 1 findings (validation errors), 2 usage or input errors.

pub mod commands;
pub mod prompt;
pub mod render;
pub mod shell;

use std::process::ExitCode;

use clap::{Arg, ArgAction, ArgMatches, Command};

use crate::shell::{Shell, Verbosity};

/// The version line: crate version and the commit it was built from.
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("ANTIDOTE_BUILD"), ")");

/// The whole command-line interface.
pub fn cli() -> Command {
    Command::new("antidotectl")
        .about("Author, check and run Antidote curricula: hands-on lessons kept as code")
        .version(VERSION)
        .propagate_version(true)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .color(clap::ColorChoice::Auto)
        .arg(
            Arg::new("quiet")
                .long("quiet")
                .short('q')
                .action(ArgAction::SetTrue)
                .global(true)
                .conflicts_with("verbose")
                .help(
                    "Print only warnings, errors and machine output (no status lines or progress)",
                ),
        )
        .arg(
            Arg::new("verbose")
                .long("verbose")
                .short('v')
                .action(ArgAction::SetTrue)
                .global(true)
                .help("Also say what each command is about to do"),
        )
        .subcommands(commands::builtin())
}

/// The verbosity asked for with `--quiet` or `--verbose`.
pub fn verbosity(matches: &ArgMatches) -> Verbosity {
    if matches.get_flag("quiet") {
        Verbosity::Quiet
    } else if matches.get_flag("verbose") {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    }
}

/// Parses the arguments, runs the subcommand and turns the outcome into an exit code.
pub fn main() -> ExitCode {
    let mut cli = cli();
    let matches = cli.get_matches_mut();
    // clap checks the conflict within one command's arguments; the flags are global, so
    // `-q validate -v` is caught here.
    if matches.get_flag("quiet") && matches.get_flag("verbose") {
        cli.error(
            clap::error::ErrorKind::ArgumentConflict,
            "the argument '--quiet' cannot be used with '--verbose'",
        )
        .exit();
    }
    let shell = Shell::new(verbosity(&matches));
    let (name, args) = matches.subcommand().expect("a subcommand is required");
    match commands::exec(&shell, name, args) {
        Ok(code) => code,
        Err(err) => {
            shell.error(format_args!("{err:#}"));
            ExitCode::from(2)
        }
    }
}
