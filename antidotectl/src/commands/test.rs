//! `antidotectl lesson test [SLUG...] [-C DIR] [--backend docker|kubernetes] [--format
//! human|json|junit] [--jobs N]`: proves that lessons can be solved. For each lesson (all with
//! objectives when none is named) and each stage: its configuration succeeds, every objective
//! is incomplete before anything is done, the solutions run, and every objective with a
//! solution is complete after. Exit 1 on any failure.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use antidote_lib::config::Config;
use antidote_lib::provision::local::{LessonReport, LocalRun};
use antidote_lib::provision::objectives::ObjectiveStatus;
use clap::{Arg, ArgMatches, Command};
use futures_util::StreamExt as _;

use super::runtime;
use crate::shell::Shell;

/// The command's definition.
pub fn cli() -> Command {
    let base = Config::default();
    Command::new("test")
        .about("Prove lessons can be solved: objectives start incomplete and their solutions complete them")
        .arg(
            Arg::new("slugs")
                .value_name("SLUG")
                .num_args(0..)
                .help("The lessons (default: every lesson with objectives)"),
        )
        .arg(super::run::curriculum_arg())
        .arg(super::run::backend_arg())
        .arg(super::run::context_arg())
        .arg(super::run::forward_arg())
        .arg(
            Arg::new("format")
                .long("format")
                .value_name("FORMAT")
                .value_parser(["human", "json", "junit"])
                .default_value("human")
                .help("human (on stderr), or json or junit (JUnit XML, on stdout)"),
        )
        .arg(
            Arg::new("jobs")
                .long("jobs")
                .short('j')
                .value_name("N")
                .value_parser(clap::value_parser!(u16).range(1..))
                .default_value("2")
                .help("Lessons tested at once"),
        )
        .arg(
            Arg::new("script-timeout")
                .long("script-timeout")
                .value_name("SECONDS")
                .value_parser(clap::value_parser!(u64).range(1..))
                .default_value("60")
                .help("The longest one check or solution may run"),
        )
        .arg(antidote::flags::config_arg())
        .args(super::run::setting_args(&base))
}

/// Runs the command.
pub fn exec(shell: &Shell, args: &ArgMatches) -> anyhow::Result<ExitCode> {
    let root = args
        .get_one::<PathBuf>("curriculum")
        .expect("has a default");
    let config = super::run::local_config(args)?;
    let format = args
        .get_one::<String>("format")
        .expect("has a default")
        .clone();
    let jobs = usize::from(*args.get_one::<u16>("jobs").expect("has a default"));
    let limit = Duration::from_secs(
        *args
            .get_one::<u64>("script-timeout")
            .expect("has a default"),
    );
    let Some(curriculum) = super::run::valid_curriculum(shell, root, "test again")? else {
        return Ok(ExitCode::from(1));
    };
    let slugs: Vec<String> = match args.get_many::<String>("slugs") {
        Some(s) => s.cloned().collect(),
        None => curriculum
            .lessons
            .iter()
            .filter(|l| {
                l.stages.iter().any(|s| {
                    s.verification
                        .as_ref()
                        .is_some_and(|v| !v.objectives.is_empty())
                })
            })
            .map(|l| l.slug.clone())
            .collect(),
    };
    if slugs.is_empty() {
        shell.warn("no lesson of the curriculum has objectives: nothing to test");
        return Ok(ExitCode::SUCCESS);
    }
    runtime()?.block_on(async {
        let (backend, _) = super::run::local_backend(&config, args).await?;
        let mut runs = Vec::new();
        for slug in &slugs {
            let id = format!("test{}", antidote::ids::short_reference());
            runs.push(LocalRun::new(
                backend.clone(),
                &curriculum,
                root,
                slug,
                0,
                &id,
            )?);
        }
        let boot = Duration::from_millis(config.scheduler.endpoint_timeout_ms);
        let mut reports: Vec<LessonReport> = futures_util::stream::iter(runs.iter())
            .map(|run| async move {
                shell.status("testing", format_args!("lesson `{}`", run.lesson().slug));
                let report = run.test(boot, limit).await;
                shell.status(
                    if report.passed() { "passed" } else { "failed" },
                    format_args!(
                        "lesson `{}` in {:.1} s",
                        report.lesson,
                        report.duration_ms as f64 / 1e3
                    ),
                );
                report
            })
            .buffer_unordered(jobs)
            .collect()
            .await;
        reports.sort_by(|a, b| a.lesson.cmp(&b.lesson));
        match format.as_str() {
            "json" => {
                serde_json::to_writer_pretty(&mut *shell.stdout(), &reports)?;
                writeln!(shell.stdout())?;
            }
            "junit" => write!(shell.stdout(), "{}", junit(&reports))?,
            _ => human(shell, &reports),
        }
        shell.stdout().flush()?;
        let failed = reports.iter().filter(|r| !r.passed()).count();
        if failed > 0 {
            shell.error(format_args!(
                "{failed} of {} lesson{} failed",
                reports.len(),
                if reports.len() == 1 { "" } else { "s" }
            ));
            return Ok(ExitCode::from(1));
        }
        shell.info(format_args!("every lesson passed ({})", reports.len()));
        Ok(ExitCode::SUCCESS)
    })
}

fn status_word(s: &ObjectiveStatus) -> String {
    match s {
        ObjectiveStatus::Incomplete => "incomplete".into(),
        ObjectiveStatus::Complete => "complete".into(),
        ObjectiveStatus::Error(why) => format!("error ({why})"),
    }
}

fn human(shell: &Shell, reports: &[LessonReport]) {
    for r in reports {
        if let Some(why) = &r.boot_error {
            shell.error(format_args!("lesson `{}`: {why}", r.lesson));
        }
        for s in &r.stages {
            if let Some(why) = &s.configuration_error {
                shell.error(format_args!(
                    "lesson `{}` stage {}: configuration failed: {why}",
                    r.lesson, s.stage
                ));
            }
            for o in &s.objectives {
                let what = format!(
                    "lesson `{}` stage {} objective {} ({})",
                    r.lesson, s.stage, o.index, o.text
                );
                match (&o.failure, o.has_solution) {
                    (Some(why), _) => shell.error(format_args!("{what}: {why}")),
                    (None, true) => shell.info(format_args!(
                        "ok: {what}: {} before, {} after its solution",
                        status_word(&o.before),
                        o.after.as_ref().map_or_else(String::new, status_word)
                    )),
                    (None, false) => shell.warn(format_args!(
                        "{what}: incomplete before; no solution, so not proven solvable"
                    )),
                }
            }
        }
    }
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// JUnit XML: a suite per lesson; a case for booting, each stage's configuration and each
/// objective.
fn junit(reports: &[LessonReport]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"antidote lesson test\">\n",
    );
    for r in reports {
        let mut cases = Vec::new();
        cases.push(("boot".to_owned(), r.boot_error.clone()));
        for s in &r.stages {
            cases.push((
                format!("stage {} configuration", s.stage),
                s.configuration_error.clone(),
            ));
            for o in &s.objectives {
                cases.push((
                    format!("stage {} objective {}: {}", s.stage, o.index, o.text),
                    o.failure.clone(),
                ));
            }
        }
        let failures = cases.iter().filter(|(_, f)| f.is_some()).count();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" time=\"{:.3}\">\n",
            xml(&r.lesson),
            cases.len(),
            r.duration_ms as f64 / 1e3
        ));
        for (name, failure) in cases {
            match failure {
                None => out.push_str(&format!(
                    "    <testcase classname=\"{}\" name=\"{}\"/>\n",
                    xml(&r.lesson),
                    xml(&name)
                )),
                Some(why) => out.push_str(&format!(
                    "    <testcase classname=\"{}\" name=\"{}\">\n      <failure message=\"{}\"/>\n    </testcase>\n",
                    xml(&r.lesson),
                    xml(&name),
                    xml(&why)
                )),
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}
