//! `antidotectl livelesson list|kill`: the admin API's view of running lessons.

use std::process::ExitCode;

use clap::{Arg, ArgMatches, Command};

use super::{admin, runtime};
use crate::shell::Shell;

/// The command's definition.
pub fn cli() -> Command {
    Command::new("livelesson")
        .about("List or kill running lessons (admin API)")
        .subcommand_required(true)
        .args(admin::args())
        .subcommand(Command::new("list").about("List every livelesson, newest first"))
        .subcommand(
            Command::new("kill")
                .about("Tear a livelesson down and delete it")
                .arg(Arg::new("id").required(true).value_name("ID")),
        )
}

/// Runs the command.
pub fn exec(shell: &Shell, args: &ArgMatches) -> anyhow::Result<ExitCode> {
    let client = admin::client(shell, args)?;
    let rt = runtime()?;
    match args.subcommand() {
        Some(("list", _)) => {
            let list = rt.block_on(client.livelessons())?;
            if admin::json(args) {
                admin::print(shell, &(serde_json::to_string_pretty(&list)? + "\n"))?;
            } else {
                let mut table = format!(
                    "{:<32}  {:<32}  {:<28}  {:>5}  STATUS\n",
                    "ID", "SESSION", "LESSON", "STAGE"
                );
                for l in &list {
                    table.push_str(&format!(
                        "{:<32}  {:<32}  {:<28}  {:>5}  {}{}\n",
                        l.id,
                        l.session_id,
                        l.lesson_slug,
                        l.stage,
                        l.status.as_str(),
                        l.error
                            .as_deref()
                            .map(|e| format!(" ({e})"))
                            .unwrap_or_default()
                    ));
                }
                admin::print(shell, &table)?;
            }
        }
        Some(("kill", sub)) => {
            let id = sub.get_one::<String>("id").expect("required");
            rt.block_on(client.kill(id))?;
            shell.info(format_args!("livelesson {id} is being torn down"));
        }
        _ => unreachable!("clap requires a subcommand"),
    }
    Ok(ExitCode::SUCCESS)
}
