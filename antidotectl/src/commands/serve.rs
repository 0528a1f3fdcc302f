//! `antidotectl serve`: every service in one process, on the embedded defaults (a SQLite file,
//! the in-process bus, the preview backend) unless configured otherwise.

use std::process::ExitCode;
use std::sync::Arc;

use antidote::serve::{self, ServeError, ServeOptions};
use antidote_lib::config::Config;
use antidote_lib::curriculum::Tier;
use antidote_lib::import::ImportError;
use antidote_lib::store::DatabaseUrl;
use anyhow::Context as _;
use clap::{Arg, ArgMatches, Command};

use super::runtime;
use crate::render::{self, Format};
use crate::shell::Shell;

/// The command's definition.
pub fn cli() -> Command {
    Command::new("serve")
        .about("Run every Antidote service in one process (API, scheduler, gc) for one machine")
        .after_help(
            "Configuration: the file given with --config, then ANTIDOTE_* environment variables, \
             then these flags. Without ANTIDOTE_DATABASE_URL the database is a SQLite file in \
             $XDG_DATA_HOME/antidote/; without ANTIDOTE_NATS_URL the services talk over an \
             in-process bus.",
        )
        .arg(
            Arg::new("curriculum")
                .long("curriculum")
                .short('C')
                .value_name("SOURCE")
                .help("Import this curriculum (directory or git source) before serving"),
        )
        .arg(
            Arg::new("allow-shrink")
                .long("allow-shrink")
                .action(clap::ArgAction::SetTrue)
                .help("Import even if the curriculum removes every stored lesson, or more than import.max_removed_percent of them"),
        )
        .arg(antidote::flags::config_arg())
        .args(antidote::flags::setting_args(&base()))
}

/// The defaults on one machine: every tier is shown unless configured otherwise.
fn base() -> Config {
    Config {
        tier: Tier::Local,
        ..Config::default()
    }
}

/// Runs the command until Ctrl-C.
pub fn exec(shell: &Shell, args: &ArgMatches) -> anyhow::Result<ExitCode> {
    let base = base();
    let config = antidote::flags::load(base, &[args])?;
    let curriculum = args.get_one::<String>("curriculum").cloned();
    shell.verbose(|sh| {
        let database = match &config.database_url {
            Some(url) => url
                .parse::<DatabaseUrl>()
                .map_or_else(|_| "an invalid URL".to_owned(), |u| u.redacted()),
            None => DatabaseUrl::embedded_default().redacted(),
        };
        let bus = if config.nats.url.is_some() {
            "NATS"
        } else {
            "the in-process bus"
        };
        sh.status("using", format_args!("database {database} and {bus}"));
        if let Some(source) = &curriculum {
            sh.status("importing", format_args!("{source} (tier {})", config.tier));
        }
    });
    let telemetry_config = config.clone();
    let options = ServeOptions {
        config,
        curriculum,
        allow_shrink: args.get_flag("allow-shrink"),
    };
    runtime()?.block_on(async {
        let _telemetry = antidote::telemetry::init(&telemetry_config, "serve")?;
        if let Some(listen) = &telemetry_config.telemetry.metrics_listen {
            antidote::telemetry::metrics_listener(listen).await?;
        }
        let running = match serve::start(options, Arc::new(())).await {
            Ok(running) => running,
            Err(ServeError::Import {
                source_name,
                cause: ImportError::Invalid { report },
            }) => {
                let root = std::path::Path::new(&source_name);
                render::report(shell, &report, root, Format::Human)?;
                shell.error(format_args!(
                    "not serving: the curriculum {source_name} has errors"
                ));
                return Ok(ExitCode::from(1));
            }
            Err(e) => return Err(anyhow::Error::new(e)),
        };
        if let Some(imported) = &running.imported {
            let s = &imported.status;
            shell.status(
                "imported",
                format_args!(
                    "{}: {} lessons, {} images, {} collections",
                    s.name, s.lessons, s.images, s.collections
                ),
            );
        }
        shell.status(
            "serving",
            format_args!(
                "on http://{} (tier {}, backend {}); API docs at http://{}/docs; Ctrl-C stops",
                running.addr, running.tier, running.backend, running.addr
            ),
        );
        running
            .wait(antidote::start::shutdown_signal())
            .await
            .context("a service failed")?;
        Ok(ExitCode::SUCCESS)
    })
}
