//! `antidote config`: the effective configuration (file, variables, flags) as YAML-compatible
//! JSON, every secret shown as `***`.

use clap::Command;

use antidote_lib::config::Config;

/// The subcommand's definition.
pub fn cli() -> Command {
    Command::new("config").about(
        "Print the effective configuration (file, then ANTIDOTE_* variables, then flags); secrets show as ***",
    )
}

/// Prints `config` on stdout.
pub fn exec(config: &Config) -> anyhow::Result<()> {
    let text = serde_json::to_string_pretty(&config.redacted())?;
    #[allow(clippy::print_stdout, reason = "the command's output")]
    {
        println!("{text}");
    }
    Ok(())
}
