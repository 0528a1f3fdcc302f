//! `antidotectl import SOURCE [--ref REF] [--tier T]`: validate a curriculum and store it.

use std::io::IsTerminal as _;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use antidote_lib::import::{self, ImportError, ImportOptions, Progress, ProgressSink};
use antidote_lib::store::Store;
use clap::{Arg, ArgMatches, Command};
use indicatif::{ProgressBar, ProgressStyle};

use super::{database_url, database_url_arg, runtime};
use crate::render::{self, Format};

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
        .arg(database_url_arg())
}

/// Runs the command.
pub fn exec(args: &ArgMatches) -> anyhow::Result<ExitCode> {
    let url = database_url(args)?;
    let options = ImportOptions {
        source: args.get_one::<String>("source").expect("required").clone(),
        reference: args.get_one::<String>("ref").cloned(),
        tier: super::tier(args)?,
    };
    let progress: Arc<dyn ProgressSink> = if std::io::stderr().is_terminal() {
        Arc::new(Bars::default())
    } else {
        Arc::new(Lines::default())
    };
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
                    &imported.report,
                    std::path::Path::new(&imported.status.source),
                    Format::Human,
                )?;
            }
            let s = &imported.status;
            anstream::eprintln!(
                "imported {} ({}) into {}: {} lessons, {} images, {} collections",
                s.name,
                s.commit
                    .as_deref()
                    .map_or_else(|| "no commit".to_owned(), |c| format!("commit {c}")),
                url.redacted(),
                s.lessons,
                s.images,
                s.collections
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(ImportError::Invalid { report }) => {
            let root = std::path::Path::new(&options.source);
            render::report(
                &report,
                if root.is_dir() {
                    root
                } else {
                    std::path::Path::new(".")
                },
                Format::Human,
            )?;
            anstream::eprintln!("nothing was imported: the curriculum has errors");
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(anyhow::Error::new(e).context(format!("cannot import {}", options.source))),
    }
}

/// Progress as plain lines, one per phase (stderr is not a terminal).
#[derive(Default)]
struct Lines {
    cloning: Mutex<bool>,
}

impl ProgressSink for Lines {
    fn report(&self, progress: Progress) {
        match progress {
            Progress::Cloning { .. } => {
                let mut started = self.cloning.lock().unwrap_or_else(|e| e.into_inner());
                if !*started {
                    *started = true;
                    anstream::eprintln!("cloning...");
                }
            }
            Progress::CheckedOut { commit } => anstream::eprintln!("checked out {commit}"),
            Progress::Validating => anstream::eprintln!("validating..."),
            Progress::Hashing { done, total } if done == total => {
                anstream::eprintln!("read {total} lesson files")
            }
            Progress::Hashing { .. } => {}
            Progress::Storing { files, new_blobs } => {
                anstream::eprintln!("storing {files} lesson files ({new_blobs} new)...")
            }
        }
    }
}

/// Progress as an indicatif bar on a terminal.
struct Bars {
    bar: ProgressBar,
}

impl Default for Bars {
    fn default() -> Self {
        let bar = ProgressBar::new_spinner();
        bar.enable_steady_tick(std::time::Duration::from_millis(100));
        Bars { bar }
    }
}

impl ProgressSink for Bars {
    fn report(&self, progress: Progress) {
        let counted = |bar: &ProgressBar, msg: &str, done: usize, total: usize| {
            bar.set_style(
                ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            bar.set_message(msg.to_owned());
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        };
        match progress {
            Progress::Cloning { received, total } => counted(&self.bar, "cloning", received, total),
            Progress::CheckedOut { commit } => self.bar.println(format!("checked out {commit}")),
            Progress::Validating => {
                self.bar.set_style(ProgressStyle::default_spinner());
                self.bar.set_message("validating");
            }
            Progress::Hashing { done, total } => {
                counted(&self.bar, "reading lesson files", done, total)
            }
            Progress::Storing { files, new_blobs } => {
                self.bar.set_style(ProgressStyle::default_spinner());
                self.bar
                    .set_message(format!("storing {files} lesson files ({new_blobs} new)"));
            }
        }
    }
}

impl Drop for Bars {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
