//! `antidotectl import SOURCE [--ref REF] [--tier T]`: validate a curriculum and store it.

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use antidote_lib::import::{self, ImportError, ImportOptions, Progress, ProgressSink};
use antidote_lib::store::Store;
use clap::{Arg, ArgMatches, Command};

use super::{database_args, runtime};
use crate::render::{self, Format};
use crate::shell::{self, Shell};

/// The command's definition.
pub fn cli() -> Command {
    Command::new("import")
        .about("Validate a curriculum and store it in place of the imported one")
        .long_about(
            "Validate a curriculum and, if it has no errors, store it in place of the imported one, \
             in one transaction. SOURCE is a directory, a local git repository or a git URL \
             (file://...). With errors, the report is printed, nothing is written, and the exit \
             status is 1.",
        )
        .arg(Arg::new("source").value_name("SOURCE").required(true).help("Directory, local repository or git URL"))
        .arg(Arg::new("ref").long("ref").value_name("REF").help("Branch, tag or commit to import (git sources)"))
        .arg(super::tier_arg("Leave out lessons and collections less public than TIER (local: import everything)"))
        .arg(
            Arg::new("allow-shrink")
                .long("allow-shrink")
                .action(clap::ArgAction::SetTrue)
                .help("Import even if it removes every stored lesson, or more than import.max_removed_percent of them"),
        )
        .args(database_args())
}

/// Runs the command.
pub fn exec(shell: &Shell, args: &ArgMatches) -> anyhow::Result<ExitCode> {
    let config = super::configuration(args)?;
    let url = super::database_of(&config)?;
    let options = ImportOptions {
        source: args.get_one::<String>("source").expect("required").clone(),
        reference: args.get_one::<String>("ref").cloned(),
        tier: super::tier(args)?,
        max_removed_percent: (!args.get_flag("allow-shrink"))
            .then_some(config.import.max_removed_percent),
        limits: config.limits,
    };
    shell.verbose(|sh| {
        sh.status(
            "importing",
            format_args!(
                "{}{} (tier {}) into {}",
                options.source,
                options
                    .reference
                    .as_deref()
                    .map(|r| format!(" at {r}"))
                    .unwrap_or_default(),
                options.tier,
                url.redacted()
            ),
        )
    });
    let progress: Arc<dyn ProgressSink> = Arc::new(Phases {
        progress: shell.progress(),
        cloning: AtomicBool::new(false),
    });
    let result = runtime()?.block_on(async {
        let store = Store::open(&url).await?;
        let result = import::import(&store, &options, Arc::clone(&progress)).await;
        store.close().await;
        anyhow::Ok(result)
    })?;
    drop(progress);
    match result {
        Ok(imported) => {
            if imported.report.summary.warnings > 0 {
                render::report(
                    shell,
                    &imported.report,
                    std::path::Path::new(&imported.status.source),
                    Format::Human,
                )?;
            }
            let s = &imported.status;
            shell.status(
                "imported",
                format_args!(
                    "{} ({}) into {}: {} lessons, {} images, {} collections",
                    s.name,
                    s.commit
                        .as_deref()
                        .map_or_else(|| "no commit".to_owned(), |c| format!("commit {c}")),
                    url.redacted(),
                    s.lessons,
                    s.images,
                    s.collections
                ),
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(ImportError::Invalid { report }) => {
            let root = std::path::Path::new(&options.source);
            render::report(
                shell,
                &report,
                if root.is_dir() {
                    root
                } else {
                    std::path::Path::new(".")
                },
                Format::Human,
            )?;
            shell.error("nothing was imported: the curriculum has errors");
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(anyhow::Error::new(e).context(format!("cannot import {}", options.source))),
    }
}

/// The import's phases as the shell's progress: a bar on a terminal, one line per phase
/// otherwise, nothing with `--quiet`.
struct Phases {
    progress: shell::Progress,
    /// Whether the clone has begun (its line is printed once).
    cloning: AtomicBool,
}

impl ProgressSink for Phases {
    fn report(&self, progress: Progress) {
        let p = &self.progress;
        match progress {
            Progress::Cloning { received, total } => {
                if !self.cloning.swap(true, Ordering::SeqCst) {
                    p.step("cloning");
                }
                p.count("cloning", received, total);
            }
            Progress::CheckedOut { commit } => p.line(format_args!("checked out {commit}")),
            Progress::Validating => p.step("validating"),
            Progress::Hashing { done, total } => {
                p.count("reading lesson files", done, total);
                if done == total {
                    p.done(format_args!("read {total} lesson files"));
                }
            }
            Progress::Storing { files, new_blobs } => p.step(format_args!(
                "storing {files} lesson files ({new_blobs} new)"
            )),
        }
    }
}
