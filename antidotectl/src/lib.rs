//! The `antidotectl` command-line tool, cargo-style: one module per subcommand in
//! [`commands`], each with `cli()` (its clap definition) and `exec()` (which builds an options
//! struct and makes one library call), [`render`] for turning reports into output and
//! [`prompt`] for the wizards' terminal prompts.
//!
//! Human output goes to stderr, machine output (`--format json|github|sarif`, schemas) to
//! stdout. Exit codes: 0 success, 1 findings (validation errors), 2 usage or input errors.

pub mod commands;
pub mod prompt;
pub mod render;

use std::process::ExitCode;

use clap::Command;

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
        .subcommands(commands::builtin())
}

/// Parses the arguments, runs the subcommand and turns the outcome into an exit code.
pub fn main() -> ExitCode {
    let matches = cli().get_matches();
    let (name, args) = matches.subcommand().expect("a subcommand is required");
    match commands::exec(name, args) {
        Ok(code) => code,
        Err(err) => {
            let style = anstyle::AnsiColor::Red.on_default().bold();
            anstream::eprintln!("{style}error{style:#}: {err:#}");
            ExitCode::from(2)
        }
    }
}
