//! What the admin client commands share: `--server` and `--token`, and the client.

use antidote::client::AdminClient;
use clap::{Arg, ArgMatches};

use crate::shell::Shell;

/// `--server` and `--token` (or `ANTIDOTE_SERVER`, `ANTIDOTE_ADMIN_TOKEN`).
pub(crate) fn args() -> [Arg; 3] {
    [
        Arg::new("server")
            .long("server")
            .value_name("URL")
            .env("ANTIDOTE_SERVER")
            .default_value("http://127.0.0.1:8086")
            .global(true)
            .help("The Antidote API"),
        Arg::new("token")
            .long("token")
            .value_name("TOKEN")
            .env("ANTIDOTE_ADMIN_TOKEN")
            .hide_env_values(true)
            .global(true)
            .help("The admin bearer token"),
        Arg::new("format")
            .long("format")
            .value_name("FORMAT")
            .value_parser(["human", "json"])
            .default_value("human")
            .global(true)
            .help("human (a table on stdout) or json"),
    ]
}

/// The client named by the arguments.
pub(crate) fn client(shell: &Shell, args: &ArgMatches) -> anyhow::Result<AdminClient> {
    let server = args.get_one::<String>("server").expect("has a default");
    shell.verbose(|sh| sh.status("asking", format_args!("the admin API at {server}")));
    let client = AdminClient::new(server, args.get_one::<String>("token").cloned())?;
    shell.verbose(|sh| sh.status("tracing", format_args!("trace id {}", client.trace_id())));
    Ok(client)
}

/// Writes `text` to stdout (machine output: a list command's table or JSON).
pub(crate) fn print(shell: &Shell, text: &str) -> anyhow::Result<()> {
    let mut out = shell.stdout();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(())
}

/// Whether `--format json` was asked for.
pub(crate) fn json(args: &ArgMatches) -> bool {
    args.get_one::<String>("format")
        .is_some_and(|f| f == "json")
}
