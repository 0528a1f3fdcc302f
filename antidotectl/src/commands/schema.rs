//! `antidotectl schema lesson|collection|image|curriculum`: print a resource's JSON Schema.

use std::process::ExitCode;

use antidote_lib::curriculum::Kind;
use clap::{Arg, ArgMatches, Command};

use crate::shell::Shell;

/// The command's definition.
pub fn cli() -> Command {
    Command::new("schema")
        .about("Print the JSON Schema of a resource file, for editors and other tools")
        .after_help(
            "Use it in an editor with the YAML language server: save it next to your curriculum \
             (antidotectl schema lesson > .schemas/lesson.json) and put this first line in each \
             lesson.meta.yaml:\n  # yaml-language-server: $schema=../../.schemas/lesson.json",
        )
        .arg(
            Arg::new("kind")
                .value_name("KIND")
                .required(true)
                .value_parser(["lesson", "collection", "image", "curriculum"])
                .help("Which resource"),
        )
}

/// Runs the command.
pub fn exec(shell: &Shell, args: &ArgMatches) -> anyhow::Result<ExitCode> {
    let kind: Kind = args
        .get_one::<String>("kind")
        .expect("required")
        .parse()
        .map_err(anyhow::Error::msg)?;
    let mut out = shell.stdout();
    serde_json::to_writer_pretty(&mut *out, antidote_lib::schema::cached(kind))?;
    writeln!(out)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
