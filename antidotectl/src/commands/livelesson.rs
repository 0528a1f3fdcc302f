//! `antidotectl livelesson list|kill`: the admin API's view of running lessons.

use std::process::ExitCode;

use clap::{Arg, ArgMatches, Command};

use super::{admin, runtime};

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
pub fn exec(args: &ArgMatches) -> anyhow::Result<ExitCode> {
    let client = admin::client(args)?;
    let rt = runtime()?;
    match args.subcommand() {
        Some(("list", _)) => {
            let list = rt.block_on(client.livelessons())?;
            if admin::json(args) {
                anstream::println!("{}", serde_json::to_string_pretty(&list)?);
            } else {
                anstream::println!(
                    "{:<32}  {:<32}  {:<28}  {:>5}  STATUS",
                    "ID",
                    "SESSION",
                    "LESSON",
                    "STAGE"
                );
                for l in &list {
                    anstream::println!(
                        "{:<32}  {:<32}  {:<28}  {:>5}  {}{}",
                        l.id,
                        l.session_id,
                        l.lesson_slug,
                        l.stage,
                        l.status.as_str(),
                        l.error
                            .as_deref()
                            .map(|e| format!(" ({e})"))
                            .unwrap_or_default()
                    );
                }
            }
        }
        Some(("kill", sub)) => {
            let id = sub.get_one::<String>("id").expect("required");
            rt.block_on(client.kill(id))?;
            anstream::eprintln!("livelesson {id} is being torn down");
        }
        _ => unreachable!("clap requires a subcommand"),
    }
    Ok(ExitCode::SUCCESS)
}
