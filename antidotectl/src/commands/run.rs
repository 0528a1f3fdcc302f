//! `antidotectl lesson run SLUG [-C DIR] [--backend docker|kubernetes] [--context NAME]
//! [--stage N] [--timeout DURATION]`: the author's loop. Validates the curriculum, boots the
//! lesson on the local container engine or the kubeconfig's cluster with live progress per
//! endpoint, prints how to reach every presentation (published or forwarded ports of
//! 127.0.0.1), then moves between stages as the author types (each stage's configuration
//! runs) until Ctrl-C, `q` or the end of `--timeout`, which tear everything down.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use antidote_lib::config::{BackendKind, Config};
use antidote_lib::curriculum::Tier;
use antidote_lib::provision::local::LocalRun;
use antidote_lib::provision::{Backend, EndpointStatus};
use antidote_lib::validate::{self, Options};
use anyhow::Context as _;
use clap::{Arg, ArgMatches, Command};

use super::runtime;
use crate::render::{self, Format};
use crate::shell::Shell;

/// The settings `lesson run` takes as flags (besides `--config` and the variables).
const SETTINGS: [&str; 9] = [
    "instance_id",
    "docker.host",
    "docker.publish_address",
    "docker.publish_from",
    "docker.pull",
    "images.org",
    "images.tag",
    "images.overrides",
    "images.configurator",
];

/// The command's definition.
pub fn cli() -> Command {
    let base = Config::default();
    Command::new("run")
        .about("Run a lesson on a container engine or a cluster, stage by stage, until Ctrl-C")
        .after_help(
            "With --backend docker the engine is Docker's, or Podman's compatible service \
             (docker.host, DOCKER_HOST, or the default socket). With --backend kubernetes the \
             cluster is the kubeconfig's (KUBECONFIG or ~/.kube/config, --context), and every \
             presentation is forwarded from a port of 127.0.0.1. While the lesson runs, type a \
             stage number, `n` (next), `p` (previous) or `q` (quit) and Enter; Ctrl-C (or the \
             end of --timeout) tears everything down.",
        )
        .arg(
            Arg::new("slug")
                .value_name("SLUG")
                .required(true)
                .help("The lesson"),
        )
        .arg(curriculum_arg())
        .arg(backend_arg())
        .arg(context_arg())
        .arg(forward_arg())
        .arg(
            Arg::new("stage")
                .long("stage")
                .value_name("N")
                .value_parser(clap::value_parser!(u32))
                .default_value("0")
                .help("The stage to start at"),
        )
        .arg(
            Arg::new("timeout")
                .long("timeout")
                .value_name("DURATION")
                .value_parser(duration)
                .help("Tear the lesson down after this long (90s, 30m, 2h)"),
        )
        .arg(antidote::flags::config_arg())
        .args(setting_args(&base))
}

/// The flags of [`SETTINGS`] (shared with `lesson test`).
pub(super) fn setting_args(base: &Config) -> impl Iterator<Item = Arg> {
    SETTINGS
        .iter()
        .map(|k| antidote::flags::setting_arg(k, base).expect("a setting"))
}

/// The configuration of a local run: `--config`, the variables and the flags; the backend
/// from `--backend`, the kubeconfig context from `--context`.
pub(super) fn local_config(args: &ArgMatches) -> anyhow::Result<Config> {
    let mut config = antidote::flags::load(Config::default(), &[args])?;
    config.backend = match args.get_one::<String>("backend").map(String::as_str) {
        Some("kubernetes") => BackendKind::Kubernetes,
        _ => BackendKind::Docker,
    };
    if let Some(context) = args.get_one::<String>("context") {
        config.kubernetes.context = Some(context.clone());
    }
    config.check()?;
    Ok(config)
}

/// `--context NAME`.
pub(super) fn context_arg() -> Arg {
    Arg::new("context")
        .long("context")
        .value_name("NAME")
        .help("The kubeconfig context (with --backend kubernetes; default: the current one)")
}

/// `--forward-from PORT`.
pub(super) fn forward_arg() -> Arg {
    Arg::new("forward-from")
        .long("forward-from")
        .value_name("PORT")
        .value_parser(clap::value_parser!(u16).range(1..))
        .default_value("2201")
        .help("With --backend kubernetes: the first local port presentations are forwarded from")
}

/// `--backend docker|kubernetes`.
pub(super) fn backend_arg() -> Arg {
    Arg::new("backend")
        .long("backend")
        .value_name("BACKEND")
        .value_parser(["docker", "kubernetes"])
        .default_value("docker")
        .help("Where the lesson runs")
}

/// `-C DIR`.
pub(super) fn curriculum_arg() -> Arg {
    Arg::new("curriculum")
        .short('C')
        .long("curriculum")
        .value_name("DIR")
        .value_parser(clap::value_parser!(PathBuf))
        .default_value(".")
        .help("The curriculum directory")
}

/// The curriculum at `root`, validated at every tier; `None` (the report printed) when it has
/// errors, which the author fixes and then does `again`.
pub(super) fn valid_curriculum(
    shell: &Shell,
    root: &std::path::Path,
    again: &str,
) -> anyhow::Result<Option<antidote_lib::curriculum::Curriculum>> {
    let validated = validate::validate_dir(
        root,
        &Options {
            tier: Tier::Local,
            ..Options::default()
        },
    )
    .with_context(|| format!("cannot validate {}", root.display()))?;
    if validated.report.has_errors() {
        render::report(shell, &validated.report, root, Format::Human)?;
        shell.error(format_args!(
            "the curriculum has errors: fix them, then {again}"
        ));
        return Ok(None);
    }
    Ok(Some(validated.curriculum))
}

/// The backend of `config` and where it runs; an engine or a cluster that does not answer is
/// an error saying what to do.
pub(super) async fn local_backend(
    config: &Config,
    args: &ArgMatches,
) -> anyhow::Result<(Arc<dyn Backend>, String)> {
    let from = args.get_one::<u16>("forward-from").copied().unwrap_or(2201);
    antidote_lib::provision::local::connect(config, from)
        .await
        .map_err(|e| anyhow::anyhow!(e.reason))
}

/// Runs the command until Ctrl-C, `q` or the end of `--timeout`.
pub fn exec(shell: &Shell, args: &ArgMatches) -> anyhow::Result<ExitCode> {
    let root = args
        .get_one::<PathBuf>("curriculum")
        .expect("has a default");
    let slug = args.get_one::<String>("slug").expect("required");
    let stage = *args.get_one::<u32>("stage").expect("has a default");
    let config = local_config(args)?;
    let Some(curriculum) = valid_curriculum(shell, root, "run the lesson again")? else {
        return Ok(ExitCode::from(1));
    };
    let runtime = runtime()?;
    let (backend, place) = runtime.block_on(local_backend(&config, args))?;
    let id = format!("run{}", antidote::ids::short_reference());
    let run = LocalRun::new(backend, &curriculum, root, slug, stage, &id)?;
    let limit = args.get_one::<Duration>("timeout").copied();
    runtime.block_on(async {
        let session = session(shell, &config, &run, &place, stage);
        match limit {
            None => session.await,
            Some(limit) => tokio::select! {
                ended = session => ended,
                () = tokio::time::sleep(limit) => {
                    shell.status("time is up", format_args!("the lesson ran for its --timeout of {}; tearing it down", humane(limit)));
                    teardown(shell, &run).await;
                    Ok(ExitCode::SUCCESS)
                }
            },
        }
    })
}

/// `--timeout`: `90s`, `30m`, `2h`, or seconds.
fn duration(s: &str) -> Result<Duration, String> {
    let (number, unit) = s
        .find(|c: char| !c.is_ascii_digit())
        .map_or((s, ""), |i| s.split_at(i));
    let n: u64 = number
        .parse()
        .map_err(|_| format!("`{s}` is not a duration (e.g. 90s, 30m, 2h)"))?;
    let seconds = match unit {
        "" | "s" => n,
        "m" => n * 60,
        "h" => n * 3600,
        _ => return Err(format!("`{s}` is not a duration (e.g. 90s, 30m, 2h)")),
    };
    if seconds == 0 {
        return Err("the timeout must be more than 0".into());
    }
    Ok(Duration::from_secs(seconds))
}

fn humane(d: Duration) -> String {
    match d.as_secs() {
        s if s % 3600 == 0 => format!("{}h", s / 3600),
        s if s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

/// Boots the lesson, prints how to reach it, then follows the author's stage commands.
async fn session(
    shell: &Shell,
    config: &Config,
    run: &LocalRun,
    place: &str,
    stage: u32,
) -> anyhow::Result<ExitCode> {
    let slug = run.lesson().slug.as_str();
    let id = run.id();
    let count = run.lesson().endpoints.len();
    let named = match config.backend {
        BackendKind::Kubernetes => format!(
            "in namespace {}",
            antidote_lib::provision::kubernetes::names::namespace(&config.instance_id, id)
        ),
        _ => format!("everything is named {}-{id}-*", config.instance_id),
    };
    shell.status(
        "booting",
        format_args!(
            "lesson `{slug}` at stage {stage} on {place} ({count} endpoint{}; {named})",
            if count == 1 { "" } else { "s" },
        ),
    );
    let timeout = Duration::from_millis(config.scheduler.endpoint_timeout_ms);
    let mut seen: Vec<EndpointStatus> = Vec::new();
    let bar = shell.progress();
    let mut progress = |health: &[EndpointStatus]| {
        let total = health.len();
        let up = health.iter().filter(|h| h.ready).count();
        bar.count("endpoints up", up, total);
        if seen.is_empty() && up < total {
            let waiting: Vec<&str> = health
                .iter()
                .filter(|h| !h.ready)
                .map(|h| h.name.as_str())
                .collect();
            shell.status(
                "waiting",
                format_args!("for {} ({up}/{total} up)", waiting.join(", ")),
            );
        }
        for h in health {
            let was = seen.iter().any(|s| s.name == h.name && s.ready);
            if h.ready && !was {
                shell.status("up", format_args!("{} ({up}/{total})", h.name));
            }
        }
        seen = health.to_vec();
    };
    let booted = tokio::select! {
        booted = run.boot(stage, timeout, &mut progress) => booted,
        _ = tokio::signal::ctrl_c() => return interrupted(shell, run).await,
    };
    drop(bar);
    let health = match booted {
        Ok(h) => h,
        Err(e) => {
            shell.error(format_args!("lesson `{slug}` did not start: {}", e.reason));
            teardown(shell, run).await;
            return Ok(ExitCode::from(1));
        }
    };
    for r in run.reach(&health) {
        let password = r
            .password
            .map(|p| format!("  (password: {p})"))
            .unwrap_or_default();
        shell.info(format_args!(
            "  {}/{}: {}{password}",
            r.endpoint, r.presentation, r.how
        ));
    }
    let last = run.stages().saturating_sub(1);
    let mut current = stage;
    let say_ready = |current: u32| {
        shell.status(
            "ready",
            format_args!(
                "stage {current} of 0-{last}: type a stage number, n (next), p (previous) or q (quit) and Enter; Ctrl-C tears down"
            ),
        );
    };
    say_ready(current);
    let mut lines = stdin_lines();
    loop {
        let line = tokio::select! {
            line = lines.recv() => line,
            _ = tokio::signal::ctrl_c() => return interrupted(shell, run).await,
        };
        let Some(line) = line else {
            // No more input (not a terminal): run until Ctrl-C.
            tokio::signal::ctrl_c().await.ok();
            return interrupted(shell, run).await;
        };
        let wanted = match line.trim() {
            "" => continue,
            "q" | "quit" | "exit" => {
                teardown(shell, run).await;
                return Ok(ExitCode::SUCCESS);
            }
            "n" | "next" => current.saturating_add(1),
            "p" | "prev" | "previous" => current.saturating_sub(1),
            other => match other.parse::<u32>() {
                Ok(n) => n,
                Err(_) => {
                    shell.warn(format_args!("`{other}` is not a stage number, n, p or q"));
                    continue;
                }
            },
        };
        if wanted > last {
            shell.warn(format_args!("the lesson has stages 0 to {last}"));
            continue;
        }
        shell.status("configuring", format_args!("stage {wanted}"));
        let configured = tokio::select! {
            c = run.stage(wanted) => c,
            _ = tokio::signal::ctrl_c() => return interrupted(shell, run).await,
        };
        match configured {
            Ok(()) => {
                current = wanted;
                say_ready(current);
            }
            Err(e) => shell.error(format_args!(
                "stage {wanted} could not be configured: {}",
                e.reason
            )),
        }
    }
}

async fn interrupted(shell: &Shell, run: &LocalRun) -> anyhow::Result<ExitCode> {
    shell.status("interrupted", "tearing the lesson down");
    teardown(shell, run).await;
    Ok(ExitCode::from(130))
}

async fn teardown(shell: &Shell, run: &LocalRun) {
    match run.teardown().await {
        Ok(()) => shell.status("torn down", format_args!("nothing of {} is left", run.id())),
        Err(e) => shell.error(format_args!(
            "the lesson could not be torn down ({}); remove what is labelled liveLesson={} by hand",
            e.reason,
            run.id()
        )),
    }
}

/// Lines typed on stdin, read on a thread of their own.
fn stdin_lines() -> tokio::sync::mpsc::Receiver<String> {
    let (tx, rx) = tokio::sync::mpsc::channel(8);
    std::thread::spawn(move || {
        let mut line = String::new();
        while std::io::stdin().read_line(&mut line).is_ok_and(|n| n > 0) {
            if tx.blocking_send(std::mem::take(&mut line)).is_err() {
                break;
            }
        }
    });
    rx
}
