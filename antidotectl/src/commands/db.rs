//! `antidotectl db init [--yes]` and `antidotectl db status [--format json]`.

use std::io::IsTerminal as _;
use std::process::ExitCode;

use antidote_lib::store::{SCHEMA_VERSION, SchemaState, Store};
use anyhow::Context as _;
use clap::{Arg, ArgAction, ArgMatches, Command};
use serde_json::json;

use super::{database_args, database_url, runtime};
use crate::shell::Shell;

/// The command's definition.
pub fn cli() -> Command {
    Command::new("db")
        .about("Create or inspect the database")
        .subcommand_required(true)
        .args(database_args())
        .subcommand(
            Command::new("init")
                .about("Drop every Antidote table and create the schema anew (deletes all data)")
                .arg(
                    Arg::new("yes")
                        .long("yes")
                        .short('y')
                        .action(ArgAction::SetTrue)
                        .help("Do not ask for confirmation"),
                ),
        )
        .subcommand(
            Command::new("status")
                .about("Show the schema version and the imported curriculum")
                .arg(
                    Arg::new("format")
                        .long("format")
                        .value_name("FORMAT")
                        .value_parser(["human", "json"])
                        .default_value("human")
                        .help("human (on stderr) or json (on stdout)"),
                ),
        )
}

/// Runs the command.
pub fn exec(shell: &Shell, args: &ArgMatches) -> anyhow::Result<ExitCode> {
    let url = database_url(args)?;
    shell.verbose(|sh| sh.status("opening", url.redacted()));
    match args.subcommand() {
        Some(("init", sub)) => {
            if !sub.get_flag("yes") {
                let interactive = std::io::stdin().is_terminal() && shell.is_err_terminal();
                anyhow::ensure!(
                    interactive,
                    "refusing to drop the database {} without confirmation: pass --yes",
                    url.redacted()
                );
                let confirmed = dialoguer::Confirm::new()
                    .with_prompt(format!(
                        "Drop every Antidote table in {} and create them anew?",
                        url.redacted()
                    ))
                    .default(false)
                    .interact()
                    .context("cannot ask for confirmation")?;
                if !confirmed {
                    shell.info("nothing changed");
                    return Ok(ExitCode::from(1));
                }
            }
            runtime()?.block_on(async {
                let store = Store::connect(&url).await?;
                store.init(&url).await?;
                store.close().await;
                anyhow::Ok(())
            })?;
            shell.status(
                "created",
                format_args!("schema version {SCHEMA_VERSION} in {}", url.redacted()),
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(("status", sub)) => {
            let (state, curriculum) = runtime()?.block_on(async {
                let store = Store::connect(&url).await?;
                let state = store.schema_state().await?;
                let curriculum = match &state {
                    SchemaState::Version(v) if *v == SCHEMA_VERSION.to_string() => {
                        store.curriculum_status().await?
                    }
                    _ => None,
                };
                store.close().await;
                anyhow::Ok((state, curriculum))
            })?;
            if sub.get_one::<String>("format").map(String::as_str) == Some("json") {
                let version = match &state {
                    SchemaState::Empty => serde_json::Value::Null,
                    SchemaState::Version(v) => {
                        v.parse::<i64>().map_or_else(|_| json!(v), |n| json!(n))
                    }
                };
                let out = json!({"schema_version": version, "curriculum": curriculum});
                let mut stdout = shell.stdout();
                writeln!(stdout, "{}", serde_json::to_string_pretty(&out)?)?;
                stdout.flush()?;
                return Ok(ExitCode::SUCCESS);
            }
            match &state {
                SchemaState::Empty => shell.info(format_args!(
                    "{}: no Antidote schema (run `antidotectl db init`, or import a curriculum)",
                    url.redacted()
                )),
                SchemaState::Version(v) if *v == SCHEMA_VERSION.to_string() => {
                    shell.info(format_args!("{}: schema version {v}", url.redacted()))
                }
                SchemaState::Version(v) => shell.warn(format_args!(
                    "{}: schema version {v}, but this Antidote needs {SCHEMA_VERSION}: run `antidotectl db init` (deletes its data)",
                    url.redacted()
                )),
            }
            match curriculum {
                Some(c) => shell.info(format_args!(
                    "curriculum {} ({}), imported {} from {}: {} lessons, {} images, {} collections",
                    c.name,
                    c.commit
                        .as_deref()
                        .map_or_else(|| "no commit".to_owned(), |id| format!("commit {id}")),
                    c.imported_at,
                    c.source,
                    c.lessons,
                    c.images,
                    c.collections
                )),
                None => shell.info("no curriculum imported"),
            }
            Ok(ExitCode::SUCCESS)
        }
        _ => unreachable!("clap requires a subcommand"),
    }
}
