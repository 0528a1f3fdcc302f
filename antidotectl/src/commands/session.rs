//! `antidotectl session list|persist`: the admin API's view of learner sessions.

use std::process::ExitCode;

use clap::{Arg, ArgAction, ArgMatches, Command};

use super::{admin, runtime};
use crate::shell::Shell;

/// The command's definition.
pub fn cli() -> Command {
    Command::new("session")
        .about("List sessions or keep one from expiring (admin API)")
        .subcommand_required(true)
        .args(admin::args())
        .subcommand(Command::new("list").about("List every session, newest first"))
        .subcommand(
            Command::new("persist")
                .about("Keep a session and its livelessons however idle (gc skips it)")
                .arg(Arg::new("id").required(true).value_name("ID"))
                .arg(
                    Arg::new("off")
                        .long("off")
                        .action(ArgAction::SetTrue)
                        .help("Let gc expire it again"),
                ),
        )
}

/// Runs the command.
pub fn exec(shell: &Shell, args: &ArgMatches) -> anyhow::Result<ExitCode> {
    let client = admin::client(shell, args)?;
    let rt = runtime()?;
    match args.subcommand() {
        Some(("list", _)) => {
            let list = rt.block_on(client.sessions())?;
            if admin::json(args) {
                admin::print(shell, &(serde_json::to_string_pretty(&list)? + "\n"))?;
            } else {
                let mut table = format!(
                    "{:<32}  {:<39}  {:<10}  LAST ACTIVE\n",
                    "ID", "SOURCE", "PERSISTENT"
                );
                for s in &list {
                    table.push_str(&format!(
                        "{:<32}  {:<39}  {:<10}  {}\n",
                        s.id,
                        s.source_ip,
                        if s.persistent { "yes" } else { "no" },
                        antidote_lib::store::rfc3339(s.last_active_at)
                    ));
                }
                admin::print(shell, &table)?;
            }
        }
        Some(("persist", sub)) => {
            let id = sub.get_one::<String>("id").expect("required");
            let on = !sub.get_flag("off");
            rt.block_on(client.persist(id, on))?;
            shell.info(format_args!(
                "session {id} is {}",
                if on {
                    "persistent"
                } else {
                    "no longer persistent"
                }
            ));
        }
        _ => unreachable!("clap requires a subcommand"),
    }
    Ok(ExitCode::SUCCESS)
}
