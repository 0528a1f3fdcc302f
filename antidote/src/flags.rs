//! The settings as command-line flags, for every binary that takes them (`antidote` and
//! `antidotectl serve`): one flag per setting of the settings table, named after its variable,
//! and the precedence file < variables < flags in one place.

use std::path::PathBuf;

use antidote_lib::config::{Config, ConfigError, Source};
use clap::{Arg, ArgMatches};

/// `--config FILE`.
pub fn config_arg() -> Arg {
    Arg::new("config")
        .long("config")
        .value_name("FILE")
        .value_parser(clap::value_parser!(PathBuf))
        .help("YAML configuration file (see docs/operations.md)")
}

/// One flag per setting (`--gc-interval-ms`), under the heading "Settings", its help from the
/// setting with its variable and default.
pub fn setting_args() -> impl Iterator<Item = Arg> {
    antidote_lib::config::settings().iter().map(|s| {
        let default = match (&s.default, s.secret) {
            (Some(d), false) if !d.is_empty() => format!(" [default: {d}]"),
            _ => String::new(),
        };
        Arg::new(s.flag.as_str())
            .long(s.flag.as_str())
            .value_name(s.kind.value_name())
            .help_heading("Settings")
            .help(format!("{} [env: {}]{default}", s.help, s.env))
    })
}

/// The configuration of a process: `base`, then the file given with `--config`, then the
/// `ANTIDOTE_*` environment, then the setting flags found in any of `matches`; checked.
pub fn load(base: Config, matches: &[&ArgMatches]) -> Result<Config, ConfigError> {
    let file = matches
        .iter()
        .find_map(|m| m.try_get_one::<PathBuf>("config").ok().flatten())
        .map(PathBuf::as_path);
    let mut config = Config::load(base, file)?;
    config.apply(Source::Flag, |setting| {
        matches.iter().find_map(|m| {
            m.try_get_one::<String>(&setting.flag)
                .ok()
                .flatten()
                .cloned()
        })
    })?;
    config.check()?;
    Ok(config)
}
