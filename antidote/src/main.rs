//! The `antidote` daemon: one service per process, configured by a YAML file, `ANTIDOTE_*`
//! environment variables and flags (flags win). Every service checks the database schema
//! version at start.

mod commands;

use std::process::ExitCode;

use mimalloc::MiMalloc;

#[global_allocator]
static GLOBAL: MiMalloc = MiMalloc;

fn main() -> ExitCode {
    let matches = commands::cli().get_matches();
    match commands::exec(&matches) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            #[allow(clippy::print_stderr, reason = "the last word of a failed process")]
            {
                eprintln!("error: {err:#}");
            }
            ExitCode::from(2)
        }
    }
}
