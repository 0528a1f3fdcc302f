//! `antidotectl lesson run`, `lesson test` and `lesson plan` with `--backend kubernetes`, on a
//! Kubernetes API server in memory that the binary reaches through a kubeconfig
//! (`provision::kubernetes::testing::FakeCluster` over HTTP): no cluster can run here, so the
//! pods are the fake's, but every request is the binary's own, port-forwards are kube's
//! websocket protocol, and they end at the real sshd of the same lesson running on Podman: the
//! printed `ssh -p` line logs in for real.

use std::sync::Arc;
use std::time::Duration;

use antidote_lib::curriculum::Tier;
use antidote_lib::provision::kubernetes::testing::{FakeCluster, PodPlan};
use antidote_lib::provision::local::LocalRun;
use antidote_lib::provision::testing::TestEngine;
use antidote_lib::validate::{Options, validate_dir};

use crate::{antidotectl, repo};

fn lab() -> std::path::PathBuf {
    repo().join("antidote-lib/tests/fixtures/docker-lab")
}

/// The fake cluster served over HTTP, with a kubeconfig naming it as context `fake`.
struct Cluster {
    rt: tokio::runtime::Runtime,
    fake: FakeCluster,
    kubeconfig: tempfile::NamedTempFile,
}

fn cluster() -> Cluster {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let fake = FakeCluster::new();
    let url = rt.block_on(fake.listen());
    let kubeconfig = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(kubeconfig.path(), FakeCluster::kubeconfig(&url, "fake")).unwrap();
    Cluster {
        rt,
        fake,
        kubeconfig,
    }
}

/// Runs the lab's lesson on Podman (the Docker backend) so that port-forwards of the fake
/// cluster's pods reach real sshds; returns the run (to tear down) and h1's and h2's ports.
fn real_endpoints(c: &Cluster, engine: &TestEngine) -> (LocalRun, u16, u16) {
    c.rt.block_on(async {
        let backend = engine.backend("ctlk8sreal", &["host"]).await;
        let curriculum = validate_dir(
            &lab(),
            &Options {
                tier: Tier::Local,
                ..Options::default()
            },
        )
        .unwrap()
        .curriculum;
        let id = format!("real{}", std::process::id());
        let run =
            LocalRun::new(Arc::new(backend), &curriculum, &lab(), "two-hosts", 0, &id).unwrap();
        let health = run
            .boot(0, Duration::from_secs(90), &mut |_| {})
            .await
            .unwrap();
        let port = |name: &str| health.iter().find(|h| h.name == name).unwrap().access[0].port;
        let (h1, h2) = (port("h1"), port("h2"));
        (run, h1, h2)
    })
}

fn ssh(port: &str, command: &str) -> String {
    antidote_lib::provision::testing::ssh(
        port.parse().unwrap(),
        "antidote",
        "antidotepassword",
        command,
    )
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn lesson_run_on_kubernetes_forwards_presentations_changes_stage_and_tears_down() {
    let c = cluster();
    let engine = TestEngine::shared();
    let (real, h1, h2) = real_endpoints(&c, engine);
    c.fake
        .set_forward("h1", 22, format!("127.0.0.1:{h1}").parse().unwrap());
    c.fake
        .set_forward("h2", 22, format!("127.0.0.1:{h2}").parse().unwrap());
    let from = free_port();

    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("antidotectl"));
    cmd.env("NO_COLOR", "1")
        .env("TERM", "dumb")
        .env("KUBECONFIG", c.kubeconfig.path())
        .env("ANTIDOTE_INSTANCE_ID", "ctlk8s")
        .args([
            "lesson",
            "run",
            "two-hosts",
            "--backend",
            "kubernetes",
            "--context",
            "fake",
            "--forward-from",
        ])
        .arg(from.to_string())
        .arg("-C")
        .arg(lab());
    let mut p = rexpect::session::spawn_command(cmd, Some(90_000)).unwrap();
    let (_, ns) = p.exp_regex(r"in namespace ctlk8s-run[0-9a-f]+").unwrap();
    let ns = ns.trim_start_matches("in namespace ").to_owned();
    let id = ns.trim_start_matches("ctlk8s-").to_owned();
    p.exp_regex(r"up h[12] \((1|2)/2\)").unwrap();
    let (_, line) = p
        .exp_regex(r"h1/cli: ssh -p [0-9]+ antidote@127\.0\.0\.1")
        .unwrap();
    let port1 = line.split_whitespace().nth(3).unwrap().to_owned();
    p.exp_string("(password: antidotepassword)").unwrap();
    let (_, line) = p
        .exp_regex(r"h2/cli: ssh -p [0-9]+ antidote@127\.0\.0\.1")
        .unwrap();
    let port2 = line.split_whitespace().nth(3).unwrap().to_owned();
    p.exp_string("stage 0 of 0-1").unwrap();
    // Forwarded from the ports asked for, and through kube's port-forward a real login.
    let ports: Vec<u16> = [&port1, &port2]
        .iter()
        .map(|p| p.parse().unwrap())
        .collect();
    assert!(
        ports.iter().all(|p| *p >= from && *p < from + 10),
        "{ports:?} from {from}"
    );
    assert!(ssh(&port1, "hostname").contains("h1"));
    assert!(ssh(&port2, "hostname").contains("h2"));

    // An author's run: the platform's orphan sweep leaves it alone.
    let namespace = c.fake.get(&format!("/api/v1/namespaces/{ns}")).unwrap();
    assert_eq!(namespace["metadata"]["labels"]["antidoteAuthorRun"], "yes");
    // The files came in a ConfigMap (no API serves them here), the stage's Job ran.
    let files = c
        .fake
        .get(&format!(
            "/api/v1/namespaces/{ns}/configmaps/antidote-files"
        ))
        .unwrap();
    assert!(files["binaryData"]["files.tar"].is_string());
    let pod = c
        .fake
        .get(&format!("/api/v1/namespaces/{ns}/pods/h1"))
        .unwrap();
    assert_eq!(
        pod["spec"]["initContainers"][0]["command"][2],
        "tar -x -f /files/files.tar -C /antidote"
    );
    assert!(
        c.fake
            .get(&format!("/apis/batch/v1/namespaces/{ns}/jobs/config-h2-0"))
            .is_some()
    );

    // The next stage: the old Jobs go, stage 1's is applied.
    p.send_line("n").unwrap();
    p.exp_string("configuring stage 1").unwrap();
    p.exp_string("stage 1 of 0-1").unwrap();
    assert!(
        c.fake
            .get(&format!("/apis/batch/v1/namespaces/{ns}/jobs/config-h2-0"))
            .is_none()
    );
    let job = c
        .fake
        .get(&format!("/apis/batch/v1/namespaces/{ns}/jobs/config-h2-1"))
        .unwrap();
    assert_eq!(
        job["spec"]["template"]["spec"]["containers"][0]["command"][2],
        "exec python '/antidote/stage1/configs/h2.py'"
    );

    // Ctrl-C: the namespace is deleted and gone, and the forwards closed.
    p.send_control('c').unwrap();
    p.exp_string("tearing the lesson down").unwrap();
    p.exp_string(&format!("nothing of {id} is left")).unwrap();
    p.exp_eof().unwrap();
    assert!(c.fake.get(&format!("/api/v1/namespaces/{ns}")).is_none());
    assert!(
        std::net::TcpStream::connect(("127.0.0.1", ports[0])).is_err(),
        "the forward is closed"
    );

    // --timeout ends a run by itself, tearing it down; a lesson that cannot start says why.
    let out = antidotectl()
        .env("KUBECONFIG", c.kubeconfig.path())
        .args([
            "lesson",
            "run",
            "two-hosts",
            "--backend",
            "kubernetes",
            "--timeout",
            "2s",
            "--forward-from",
        ])
        .arg(free_port().to_string())
        .arg("-C")
        .arg(lab())
        .timeout(Duration::from_secs(60))
        .assert()
        .success();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("the lesson ran for its --timeout of 2s; tearing it down"),
        "{err}"
    );
    assert!(err.contains("is left"), "{err}");
    c.fake.set_pod_plan(
        "h1",
        PodPlan::PullError("rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/antidotelabs/host:latest\": not found".into()),
    );
    let out = antidotectl()
        .env("KUBECONFIG", c.kubeconfig.path())
        .args([
            "lesson",
            "run",
            "two-hosts",
            "--backend",
            "kubernetes",
            "--forward-from",
        ])
        .arg(free_port().to_string())
        .arg("-C")
        .arg(lab())
        .timeout(Duration::from_secs(60))
        .assert()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("lesson `two-hosts` did not start: image antidotelabs/host:latest of endpoint `h1` cannot be pulled: not found"),
        "{err}"
    );
    assert!(err.contains("is left"), "{err}");
    c.rt.block_on(real.teardown()).unwrap();
}

#[test]
fn lesson_run_on_a_cluster_that_does_not_answer_says_so() {
    let kubeconfig = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        kubeconfig.path(),
        FakeCluster::kubeconfig("http://127.0.0.1:1", "gone"),
    )
    .unwrap();
    let out = antidotectl()
        .env("KUBECONFIG", kubeconfig.path())
        .args([
            "lesson",
            "run",
            "two-hosts",
            "--backend",
            "kubernetes",
            "-C",
        ])
        .arg(lab())
        .timeout(Duration::from_secs(60))
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("cannot reach the Kubernetes API at http://127.0.0.1:1/"),
        "{err}"
    );
    // A context the kubeconfig does not have.
    let out = antidotectl()
        .env("KUBECONFIG", kubeconfig.path())
        .args([
            "lesson",
            "run",
            "two-hosts",
            "--backend",
            "kubernetes",
            "--context",
            "nope",
            "-C",
        ])
        .arg(lab())
        .timeout(Duration::from_secs(60))
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        err.contains("cannot read the Kubernetes configuration (context nope)"),
        "{err}"
    );
}

/// A TCP server that greets every connection as an SSH server does (what readiness probes
/// ask for), until the test ends.
fn ssh_banner() -> std::net::SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            let _ = std::io::Write::write_all(&mut conn, b"SSH-2.0-OpenSSH_9.2 fake\r\n");
        }
    });
    addr
}

#[test]
fn lesson_test_on_kubernetes_runs_checks_and_solutions_by_exec() {
    let c = cluster();
    c.fake.set_forward("shell", 22, ssh_banner());
    // The checker pod: a check completes once its solution has run.
    let solved = Arc::new(std::sync::Mutex::new(std::collections::BTreeSet::new()));
    let s = Arc::clone(&solved);
    c.fake.set_exec(move |pod, command| {
        assert_eq!(pod, "antidote-checker");
        let line = command.last().cloned().unwrap_or_default();
        for m in 0..2 {
            if line.contains(&format!("/stage1/solutions/objective{m}.py")) {
                s.lock().unwrap().insert(m);
                return (String::new(), String::new(), 0);
            }
            if line.contains(&format!("/stage1/objectives/objective{m}.py")) {
                let done = s.lock().unwrap().contains(&m);
                return (String::new(), String::new(), if done { 0 } else { 1 });
            }
        }
        (String::new(), format!("unexpected: {line}"), 2)
    });
    let out = antidotectl()
        .env("KUBECONFIG", c.kubeconfig.path())
        .args([
            "lesson",
            "test",
            "shell-first-steps",
            "--backend",
            "kubernetes",
            "--format",
            "junit",
            "--forward-from",
        ])
        .arg(free_port().to_string())
        .arg("-C")
        .arg(repo().join("curriculum-examples"))
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let junit = String::from_utf8_lossy(&out.stdout);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}\n{junit}");
    assert!(
        junit.contains(r#"<testsuite name="shell-first-steps" tests="5" failures="0""#),
        "{junit}"
    );
    assert_eq!(*solved.lock().unwrap(), [0, 1].into_iter().collect());
    // Checks before and after the solutions, by exec in the checker pod; then torn down.
    let execs = c
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/pods/antidote-checker/exec"))
        .count();
    assert_eq!(
        execs,
        2 + 2 + 2,
        "two checks before, two solutions, two checks after"
    );
    assert!(
        c.fake
            .paths()
            .iter()
            .all(|p| !p.contains("/namespaces/antidote-test")),
        "torn down"
    );
}

#[test]
fn lesson_plan_prints_every_object_and_the_stages_jobs_without_a_cluster() {
    let examples = repo().join("curriculum-examples");
    let out = antidotectl()
        .env("ANTIDOTE_KUBERNETES_HEPS_DOMAIN", "labs.example.com")
        .args([
            "lesson",
            "plan",
            "network-config-basics",
            "--stage",
            "2",
            "--format",
            "json",
            "--id",
            "abc",
            "-C",
        ])
        .arg(&examples)
        .assert()
        .success();
    let list: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(
        (list["apiVersion"].as_str(), list["kind"].as_str()),
        (Some("v1"), Some("List"))
    );
    let items = list["items"].as_array().unwrap();
    let names: Vec<String> = items
        .iter()
        .map(|i| {
            format!(
                "{}/{}",
                i["kind"].as_str().unwrap(),
                i["metadata"]["name"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(names[0], "Namespace/antidote-abc");
    for want in [
        "Pod/router1",
        "Service/router1",
        "Job/config-router1-2",
        "Job/config-ansible-host-2",
        "Pod/antidote-checker",
        "Ingress/jupyterlabguide-web",
    ] {
        assert!(names.contains(&want.to_owned()), "{want} in {names:?}");
    }
    assert!(
        !names
            .iter()
            .any(|n| n.starts_with("Job/") && !n.ends_with("-2")),
        "{names:?}"
    );
    let ingress = items.iter().find(|i| i["kind"] == "Ingress").unwrap();
    assert_eq!(
        ingress["spec"]["rules"][0]["host"],
        "antidote-abc-jupyterlabguide-web.labs.example.com"
    );
    // Secret values are never printed.
    let text = String::from_utf8_lossy(&out.get_output().stdout);
    assert!(!text.contains("antidotepassword"), "{text}");
    assert!(items.iter().filter(|i| i["kind"] == "Secret").all(|s| {
        s["stringData"]
            .as_object()
            .is_none_or(|d| d.values().all(|v| v == "***"))
    }));

    // YAML: one document per object, the same objects.
    let out = antidotectl()
        .args(["lesson", "plan", "shell-first-steps", "-C"])
        .arg(&examples)
        .assert()
        .success();
    let yaml = String::from_utf8_lossy(&out.get_output().stdout);
    assert!(
        yaml.starts_with("---\napiVersion: v1\nkind: Namespace\n"),
        "{yaml}"
    );
    assert_eq!(
        yaml.matches("\n---\n").count() + 1,
        yaml.matches("\nkind: ").count()
    );

    // Mistakes: a lesson that is not there, a stage it lacks, a bad setting.
    let err = antidotectl()
        .args(["lesson", "plan", "shell-first-step", "-C"])
        .arg(&examples)
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&err.get_output().stderr).into_owned();
    assert!(err.contains("did you mean `shell-first-steps`?"), "{err}");
    let err = antidotectl()
        .args(["lesson", "plan", "shell-first-steps", "--stage", "9", "-C"])
        .arg(&examples)
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&err.get_output().stderr).into_owned();
    assert!(err.contains("there is no stage 9"), "{err}");
    let err = antidotectl()
        .args([
            "lesson",
            "plan",
            "shell-first-steps",
            "--kubernetes-heps-domain",
            "Not A Domain",
            "-C",
        ])
        .arg(&examples)
        .assert()
        .failure();
    let err = String::from_utf8_lossy(&err.get_output().stderr).into_owned();
    assert!(err.contains("kubernetes.heps_domain"), "{err}");
}
