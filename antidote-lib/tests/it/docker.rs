//! The Docker backend on a real engine (Podman's Docker-compatible service, started by the
//! test process or named by `ANTIDOTE_TEST_DOCKER_HOST`) with real containers from the test
//! image: the conformance suite, a lesson of the examples logged into over SSH, two endpoints
//! reaching each other over their link under the declared interface names, a python
//! configuration whose effect is seen on the endpoint, teardown leaving nothing, and the
//! errors an author meets (no such image, no engine, a port in use); every request to the
//! engine a span of its own.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use antidote_lib::curriculum::{Image, Lesson, Tier};
use antidote_lib::provision::conformance::{self, Harness};
use antidote_lib::provision::testing::{TestEngine, ssh};
use antidote_lib::provision::{Backend, DirFiles, DockerBackend, EndpointStatus, Environment};
use antidote_lib::validate::{Options, validate_dir};
use futures_util::FutureExt as _;
use futures_util::future::BoxFuture;

use crate::support::{examples, repo};

/// A lesson of a curriculum directory, with its images and files, as environments.
struct Lab {
    lesson: Lesson,
    images: BTreeMap<String, Image>,
    dir: std::path::PathBuf,
}

impl Lab {
    fn new(root: &Path, slug: &str) -> Lab {
        let c = validate_dir(
            root,
            &Options {
                tier: Tier::Local,
                ..Options::default()
            },
        )
        .unwrap()
        .curriculum;
        let lesson = c.lessons.into_iter().find(|l| l.slug == slug).unwrap();
        let images = c.images.into_iter().map(|i| (i.slug.clone(), i)).collect();
        Lab {
            lesson,
            images,
            dir: root.join("lessons").join(slug),
        }
    }

    fn two_hosts() -> Lab {
        Lab::new(
            &repo().join("antidote-lib/tests/fixtures/docker-lab"),
            "two-hosts",
        )
    }

    fn environment(&self, id: &str, stage: u32) -> Environment {
        let files = DirFiles::walk(self.dir.clone()).unwrap();
        Environment::new(
            (id, "s1", stage),
            &self.lesson,
            &self.images,
            Arc::new(files),
        )
        .unwrap()
    }
}

/// A unique livelesson id for this run (the engine outlives test runs).
fn id(case: &str) -> String {
    format!("{case}{}", std::process::id())
}

/// Waits until every endpoint of `env` is up; returns their statuses.
async fn up(backend: &DockerBackend, env: &Environment) -> Vec<EndpointStatus> {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let health = backend.endpoint_health(env).await.unwrap();
        if health.iter().all(|h| h.ready) {
            return health;
        }
        assert!(Instant::now() < deadline, "not up within 60 s: {health:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn ssh_port(status: &[EndpointStatus], endpoint: &str) -> u16 {
    let e = status.iter().find(|s| s.name == endpoint).unwrap();
    assert_eq!(e.host.as_deref(), Some("127.0.0.1"));
    let a = e.access.iter().find(|a| a.presentation == "cli").unwrap();
    assert_eq!(a.host, "127.0.0.1");
    a.port
}

struct Docker {
    backend: DockerBackend,
    lab: Lab,
}

impl Harness for Docker {
    fn backend(&self) -> &dyn Backend {
        &self.backend
    }

    fn environment(&self, id: &str, stage: u32) -> Environment {
        self.lab.environment(id, stage)
    }

    fn stages(&self) -> u32 {
        u32::try_from(self.lab.lesson.stages.len()).unwrap()
    }

    fn leftovers<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Vec<String>> {
        async move { self.backend.objects(id).await.unwrap() }.boxed()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_docker_backend_passes_the_conformance_suite() {
    let engine = TestEngine::shared();
    let h = Docker {
        backend: engine.backend("conformance", &["host"]).await,
        lab: Lab::two_hosts(),
    };
    conformance::run(&h, &id("c")).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_hosts_reach_each_other_over_their_link_and_stage_configuration_runs() {
    let engine = TestEngine::shared();
    let backend = engine.backend("e2e", &["host"]).await;
    let lab = Lab::two_hosts();
    let id = id("two");
    let env = lab.environment(&id, 0);
    backend.create(&env).await.unwrap();
    let status = up(&backend, &env).await;
    backend.configure(&env).await.unwrap();

    // h1: its link is `data0` (the image's first interface) with the first address of the
    // connection's subnet; the lesson's files are at /antidote.
    let h1 = ssh_port(&status, "h1");
    let out = ssh(
        h1,
        "antidote",
        "antidotepassword",
        "ip -o -4 addr show dev data0; ls /antidote/stage1/configs; hostname",
    );
    assert!(out.contains("inet 10.77.0.1/24"), "{out}");
    assert!(out.contains("h2.py"), "{out}");
    assert!(out.contains("h1"), "{out}");
    // From h1, h2's sshd answers at its link address (the only route to 10.77.0.0/24 is data0).
    let out = ssh(
        h1,
        "antidote",
        "antidotepassword",
        "ip route get 10.77.0.2; timeout 5 bash -c 'exec 3<>/dev/tcp/10.77.0.2/22; head -c 8 <&3'",
    );
    assert!(out.contains("dev data0"), "{out}");
    assert!(out.contains("SSH-2.0-"), "{out}");

    // Stage 0's configuration ran on h2, stage 1's not yet; after the stage change it has.
    let h2 = ssh_port(&status, "h2");
    let probe = "cat /tmp/antidote-stage0; cat /tmp/antidote-stage1 2>/dev/null || echo no-stage1";
    let out = ssh(h2, "antidote", "antidotepassword", probe);
    assert!(out.contains("configured-by-stage0"), "{out}");
    assert!(out.contains("no-stage1"), "{out}");
    backend.configure(&lab.environment(&id, 1)).await.unwrap();
    let out = ssh(h2, "antidote", "antidotepassword", probe);
    assert!(out.contains("configured-by-stage1"), "{out}");
    // The configuration container is gone once it ran.
    let objects = backend.objects(&id).await.unwrap();
    assert!(!objects.iter().any(|o| o.contains("config")), "{objects:?}");

    backend.teardown(&id).await.unwrap();
    assert_eq!(backend.objects(&id).await.unwrap(), Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lesson_of_the_examples_boots_and_takes_an_ssh_login() {
    let engine = TestEngine::shared();
    let backend = engine.backend("examples", &["linux-shell"]).await;
    let lab = Lab::new(&examples(), "shell-first-steps");
    let id = id("shell");
    let env = lab.environment(&id, 0);
    backend.create(&env).await.unwrap();
    let status = up(&backend, &env).await;
    let out = ssh(
        ssh_port(&status, "shell"),
        "antidote",
        "antidotepassword",
        "whoami; cat /antidote/stage0/guide.md | head -n 1",
    );
    assert!(out.contains("antidote"), "{out}");
    assert!(out.starts_with("antidote") && out.contains('#'), "{out}");
    backend.teardown(&id).await.unwrap();
    assert_eq!(backend.objects(&id).await.unwrap(), Vec::<String>::new());
}

/// Each request to the engine is a `docker.request` span, the child of the backend call's
/// span: its operation, the object it is about, how it ended; and no span names the image's
/// password (the configuration gets it in a file).
#[tokio::test(flavor = "multi_thread")]
async fn every_engine_request_is_a_span_under_the_backend_call_and_names_no_secret() {
    use tracing::Instrument as _;
    crate::spans::collect();
    let engine = TestEngine::shared();
    let backend = engine.backend("spans", &["host"]).await;
    let lab = Lab::two_hosts();
    let id = id("spans");
    let env = lab.environment(&id, 0);
    let call = |call: &str| tracing::info_span!("test.call", case = %format!("{id} {call}"));
    backend
        .create(&env)
        .instrument(call("create"))
        .await
        .unwrap();
    up(&backend, &env).await;
    backend
        .configure(&env)
        .instrument(call("configure"))
        .await
        .unwrap();
    backend
        .teardown(&id)
        .instrument(call("teardown"))
        .await
        .unwrap();
    assert_eq!(backend.objects(&id).await.unwrap(), Vec::<String>::new());

    let requests = |c: &str| {
        let parent = crate::spans::one("test.call", "case", &format!("{id} {c}"));
        let children = crate::spans::children(&parent, "docker.request");
        for r in &children {
            let op = &r.fields["operation"];
            assert_eq!(r.fields["otel.name"], format!("docker {op}"), "{r:#?}");
            assert_eq!(r.fields["otel.kind"], "client", "{r:#?}");
            assert!(
                ["ok", "not_found"].contains(&r.fields["outcome"].as_str()),
                "{c}: {r:#?}"
            );
            // Nothing below a request span: it is the last hop.
            assert!(crate::spans::below(r).is_empty(), "{r:#?}");
        }
        children
    };
    let ops = |spans: &[crate::spans::Seen]| -> std::collections::BTreeSet<String> {
        spans
            .iter()
            .map(|s| s.fields["operation"].clone())
            .collect()
    };
    let h1 = format!("spans-{id}-h1");
    // Create: the image looked for, the networks made, each endpoint looked for (missing),
    // made, given the files, started, and its interfaces named by exec.
    let create = requests("create");
    for op in [
        "inspect_image",
        "list_networks",
        "create_network",
        "inspect_container",
        "create_container",
        "upload_to_container",
        "start_container",
        "create_exec",
        "start_exec",
        "inspect_exec",
    ] {
        assert!(ops(&create).contains(op), "{op} in {create:#?}");
    }
    let about = |spans: &[crate::spans::Seen], op: &str, object: &str| {
        spans
            .iter()
            .filter(|s| {
                s.fields["operation"] == op
                    && s.fields.get("object").map(String::as_str) == Some(object)
            })
            .count()
    };
    assert_eq!(about(&create, "create_container", &h1), 1, "{create:#?}");
    assert_eq!(about(&create, "start_container", &h1), 1);
    assert_eq!(
        about(&create, "create_network", &format!("spans-{id}-mgmt")),
        1
    );
    assert_eq!(
        about(&create, "create_network", &format!("spans-{id}-link0")),
        1
    );
    // Inspected before it was made: the engine's 404, an answer and not a failure.
    let missing = create
        .iter()
        .find(|s| s.fields["operation"] == "inspect_container" && s.fields["object"] == h1)
        .unwrap();
    assert_eq!(missing.fields["outcome"], "not_found", "{missing:#?}");
    assert_eq!(missing.fields["status_code"], "404", "{missing:#?}");
    assert!(
        !missing.fields.contains_key("otel.status_code"),
        "{missing:#?}"
    );
    // Configure: h2's configuration container made, started, waited for (a stream, one
    // span), removed.
    let configure = requests("configure");
    let config = format!("spans-{id}-config-h2");
    for op in [
        "create_container",
        "upload_to_container",
        "start_container",
        "wait_container",
    ] {
        assert_eq!(about(&configure, op, &config), 1, "{op} in {configure:#?}");
    }
    assert_eq!(
        about(&configure, "remove_container", &config),
        2,
        "before and after"
    );
    // Teardown: the livelesson's objects listed and removed.
    let teardown = requests("teardown");
    for op in [
        "list_containers",
        "remove_container",
        "list_networks",
        "remove_network",
    ] {
        assert!(ops(&teardown).contains(op), "{op} in {teardown:#?}");
    }
    assert!(
        teardown
            .iter()
            .filter(|s| s.fields["operation"] == "list_containers")
            .all(|s| s.fields["object"] == id),
        "{teardown:#?}"
    );
    // No secret in any of them: the image's SSH and configuration password.
    for c in ["create", "configure", "teardown"] {
        let parent = crate::spans::one("test.call", "case", &format!("{id} {c}"));
        let text = format!("{:?}", crate::spans::below(&parent));
        assert!(
            !text.contains("antidotepassword"),
            "a password in a span: {text}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_image_is_a_reason_and_leaves_nothing() {
    let engine = TestEngine::shared();
    let mut images = engine.images_config(&[]);
    images.overrides = vec!["host=localhost/antidote-no-such-image:1".into()];
    let backend = DockerBackend::connect("missing", &images, &engine.docker_config())
        .await
        .unwrap();
    let id = id("noimg");
    let err = backend
        .create(&Lab::two_hosts().environment(&id, 0))
        .await
        .unwrap_err();
    assert!(!err.retryable, "{err:?}");
    assert!(
        err.reason.contains(
            "image `localhost/antidote-no-such-image:1` of endpoint `h1` is not on the container engine"
        ),
        "{}",
        err.reason
    );
    assert!(err.reason.contains("images.overrides"), "{}", err.reason);
    assert_eq!(backend.objects(&id).await.unwrap(), Vec::<String>::new());
}

#[tokio::test(flavor = "multi_thread")]
async fn an_engine_that_is_not_running_says_how_to_start_one() {
    let engine = TestEngine::shared();
    let mut config = engine.docker_config();
    config.host = Some("unix:///nonexistent/antidote/docker.sock".into());
    let err = DockerBackend::connect("down", &engine.images_config(&[]), &config)
        .await
        .unwrap_err();
    assert!(
        err.reason.contains(
            "cannot reach the container engine at unix:///nonexistent/antidote/docker.sock"
        ),
        "{}",
        err.reason
    );
    assert!(
        err.reason.contains("podman system service"),
        "{}",
        err.reason
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_port_in_use_is_a_reason_and_teardown_leaves_nothing() {
    let engine = TestEngine::shared();
    // Hold a port, and ask for the lesson's ports to start there.
    let held = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = held.local_addr().unwrap().port();
    let mut config = engine.docker_config();
    config.publish_from = port;
    let backend = DockerBackend::connect("clash", &engine.images_config(&["host"]), &config)
        .await
        .unwrap();
    let id = id("clash");
    let err = backend
        .create(&Lab::two_hosts().environment(&id, 0))
        .await
        .unwrap_err();
    assert!(!err.retryable, "{err:?}");
    assert!(
        err.reason.contains("is in use by another program"),
        "{}",
        err.reason
    );
    assert!(err.reason.contains("docker.publish_from"), "{}", err.reason);
    backend.teardown(&id).await.unwrap();
    assert_eq!(backend.objects(&id).await.unwrap(), Vec::<String>::new());
    drop(held);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_endpoint_that_stops_is_a_reason_at_once() {
    let engine = TestEngine::shared();
    let backend = engine.backend("stops", &["host"]).await;
    let id = id("stops");
    let env = Lab::two_hosts().environment(&id, 0);
    backend.create(&env).await.unwrap();
    up(&backend, &env).await;
    // Its command (sshd) ends: the endpoint cannot come up by waiting.
    let docker = bollard::Docker::connect_with_host(&engine.host).unwrap();
    docker
        .kill_container(&format!("stops-{id}-h2"), None)
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let err = loop {
        match backend.endpoint_health(&env).await {
            Err(e) => break e,
            Ok(h) => assert!(Instant::now() < deadline, "still reported as {h:?}"),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(!err.retryable, "{err:?}");
    assert!(
        err.reason.starts_with("endpoint `h2` stopped (exit code "),
        "{}",
        err.reason
    );
    assert!(err.reason.contains("must keep running"), "{}", err.reason);
    backend.teardown(&id).await.unwrap();
    assert_eq!(backend.objects(&id).await.unwrap(), Vec::<String>::new());
}
