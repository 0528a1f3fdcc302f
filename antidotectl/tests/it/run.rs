//! `antidotectl lesson run` in a pseudo-terminal, on a real engine (Podman's compatible
//! service, as the Docker backend's tests): live progress per endpoint, the ssh line that
//! really logs in, a stage change whose configuration runs, and Ctrl-C tearing everything
//! down; and the errors an author meets before anything starts.

use std::time::Duration;

use antidote_lib::provision::testing::TestEngine;

use crate::{antidotectl, repo};

fn lab() -> std::path::PathBuf {
    repo().join("antidote-lib/tests/fixtures/docker-lab")
}

/// `antidotectl lesson run ...` with the test engine and image configured.
fn run_command(engine: &TestEngine, instance: &str) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("antidotectl"));
    cmd.env("NO_COLOR", "1")
        .env("TERM", "dumb")
        .env("ANTIDOTE_INSTANCE_ID", instance)
        .env("ANTIDOTE_DOCKER_HOST", &engine.host)
        .env("ANTIDOTE_DOCKER_PULL", "false")
        .env(
            "ANTIDOTE_IMAGES_OVERRIDES",
            format!("host={}", engine.image),
        )
        .env("ANTIDOTE_IMAGES_CONFIGURATOR", &engine.image);
    cmd
}

/// Runs `command` over SSH on the published port `port` of an endpoint of the lab.
fn ssh(port: &str, command: &str) -> String {
    antidote_lib::provision::testing::ssh(
        port.parse().unwrap(),
        "antidote",
        "antidotepassword",
        command,
    )
}

#[test]
fn lesson_run_boots_prints_the_ssh_line_changes_stage_and_tears_down_on_ctrl_c() {
    let engine = TestEngine::shared();
    let mut cmd = run_command(engine, "ctlrun");
    cmd.args(["lesson", "run", "two-hosts", "-C"]).arg(lab());
    let mut p = rexpect::session::spawn_command(cmd, Some(90_000)).unwrap();
    let (_, id) = p.exp_regex(r"named ctlrun-run[0-9a-f]+").unwrap();
    let id = id.trim_start_matches("named ctlrun-").to_owned();
    p.exp_regex(r"up h[12] \(1/2\)|up h[12] \(2/2\)").unwrap();
    let (_, line) = p
        .exp_regex(r"h1/cli: ssh -p [0-9]+ antidote@127\.0\.0\.1")
        .unwrap();
    let h1 = line.split_whitespace().nth(3).unwrap().to_owned();
    p.exp_string("(password: antidotepassword)").unwrap();
    let (_, line) = p
        .exp_regex(r"h2/cli: ssh -p [0-9]+ antidote@127\.0\.0\.1")
        .unwrap();
    let h2 = line.split_whitespace().nth(3).unwrap().to_owned();
    p.exp_string("stage 0 of 0-1").unwrap();
    // The printed line really reaches the endpoint.
    assert!(ssh(&h1, "hostname").contains("h1"));
    let probe = "cat /tmp/antidote-stage1 2>/dev/null || echo no-stage1";
    assert!(ssh(&h2, probe).contains("no-stage1"));

    // A stage that does not exist, then the next one: its configuration runs on h2.
    p.send_line("7").unwrap();
    p.exp_string("the lesson has stages 0 to 1").unwrap();
    p.send_line("n").unwrap();
    p.exp_string("configuring stage 1").unwrap();
    p.exp_string("stage 1 of 0-1").unwrap();
    assert!(ssh(&h2, probe).contains("configured-by-stage1"));

    // Ctrl-C tears everything down.
    p.send_control('c').unwrap();
    p.exp_string("tearing the lesson down").unwrap();
    p.exp_string(&format!("nothing of {id} is left")).unwrap();
    p.exp_eof().unwrap();
    let left = tokio::runtime::Runtime::new().unwrap().block_on(async {
        let backend = engine.backend("ctlrun", &["host"]).await;
        backend.objects(&id).await.unwrap()
    });
    assert_eq!(left, Vec::<String>::new());
}

/// `antidotectl lesson run ARGS... -C dir` with the test engine configured (`engine: None`:
/// the variables are not set); it must fail, and its stderr is returned.
fn run_fails(engine: Option<&TestEngine>, args: &[&str], dir: &std::path::Path) -> String {
    let mut cmd = antidotectl();
    if let Some(engine) = engine {
        cmd.envs(
            run_command(engine, "ctlbad")
                .get_envs()
                .filter_map(|(k, v)| Some((k.to_owned(), v?.to_owned()))),
        );
    }
    let out = cmd
        .args(["lesson", "run"])
        .args(args)
        .arg("-C")
        .arg(dir)
        .timeout(Duration::from_secs(60))
        .assert()
        .failure();
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

#[test]
fn lesson_run_refuses_what_cannot_run_before_starting_anything() {
    let engine = Some(TestEngine::shared());
    // A lesson that is not there: the closest is offered.
    let err = run_fails(engine, &["two-host"], &lab());
    assert!(
        err.contains("the curriculum has no lesson `two-host`: did you mean `two-hosts`?"),
        "{err}"
    );
    // A stage the lesson does not have.
    let err = run_fails(engine, &["two-hosts", "--stage", "5"], &lab());
    assert!(
        err.contains("lesson `two-hosts` has stages 0 to 1: there is no stage 5"),
        "{err}"
    );
    // No engine there.
    let err = run_fails(
        None,
        &[
            "two-hosts",
            "--docker-host",
            "unix:///nonexistent/docker.sock",
        ],
        &lab(),
    );
    assert!(
        err.contains("cannot reach the container engine at unix:///nonexistent/docker.sock"),
        "{err}"
    );
    // A curriculum with errors: the report, and nothing started.
    let dir = tempfile::tempdir().unwrap();
    crate::copy_dir(&lab(), dir.path());
    std::fs::remove_file(dir.path().join("lessons/two-hosts/stage1/configs/h2.py")).unwrap();
    let err = run_fails(engine, &["two-hosts"], dir.path());
    assert!(err.contains("AD205"), "{err}");
    assert!(err.contains("the curriculum has errors"), "{err}");
}
