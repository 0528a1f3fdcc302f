//! `antidotectl completions SHELL`: print shell completions.

use std::process::ExitCode;

use clap::{Arg, ArgMatches, Command, value_parser};
use clap_complete::Shell;

use crate::shell;

/// The command's definition.
pub fn cli() -> Command {
    Command::new("completions")
        .about("Print shell completions (bash, zsh, fish, powershell, elvish)")
        .arg(
            Arg::new("shell")
                .value_name("SHELL")
                .required(true)
                .value_parser(value_parser!(Shell))
                .help("Which shell"),
        )
}

/// Runs the command.
pub fn exec(sh: &shell::Shell, args: &ArgMatches) -> anyhow::Result<ExitCode> {
    let shell = *args.get_one::<Shell>("shell").expect("required");
    let mut out = sh.stdout();
    out.write_all(&completions(shell))?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The completion script for `shell`.
pub fn completions(shell: Shell) -> Vec<u8> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut crate::cli(), "antidotectl", &mut buf);
    buf
}

/// The man page (roff). It names the crate version only, not the commit, so that the committed
/// page does not change with every commit.
pub fn man_page() -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(crate::cli().version(env!("CARGO_PKG_VERSION"))).render(&mut buf)?;
    Ok(buf)
}
