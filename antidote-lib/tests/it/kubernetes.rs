//! The Kubernetes backend against kube's `tower_test` mock (an API server in memory that
//! records every request: `provision::kubernetes::testing`): a fresh start, a start resumed
//! after a crash, an image pull error, an endpoint retried then failed, a stage change,
//! teardown, and the conformance suite; every request asserted by method, path and body, and
//! seen as a span of its own under the caller's.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::Duration;

use antidote_lib::config::{Config, Secret};
use antidote_lib::curriculum::Tier;
use antidote_lib::import::{ImportOptions, import};
use antidote_lib::provision::conformance::{self, Harness};
use antidote_lib::provision::kubernetes::testing::{FakeCluster, JobPlan, PodPlan, Recorded};
use antidote_lib::provision::kubernetes::{KubernetesBackend, Manifest, Placement, Settings};
use antidote_lib::provision::{Backend, DirFiles, DriveSettings, Environment, Outcome, drive};
use antidote_lib::store::Store;
use antidote_lib::store::state::{Claim, NewLiveLesson, Status};
use antidote_lib::validate::{Options, validate_dir};
use futures_util::future::BoxFuture;
use futures_util::{FutureExt as _, StreamExt as _};
use serde_json::json;

use crate::support::examples;

/// A lesson of the examples with four endpoints (napalm, python, ansible), two connections
/// with subnets, a jupyter stage, objectives and configuration files at every stage.
const LESSON: &str = "network-config-basics";
const KEY: &str = "0123456789abcdef0123456789abcdef";

fn settings() -> Settings {
    let mut config = Config::default();
    config.kubernetes.files_key = Some(Secret::from(KEY));
    Settings::from_config(&config)
}

fn environment(id: &str, stage: u32) -> Environment {
    lesson_environment(LESSON, id, stage)
}

fn lesson_environment(slug: &str, id: &str, stage: u32) -> Environment {
    let c = validate_dir(
        &examples(),
        &Options {
            tier: Tier::Local,
            ..Options::default()
        },
    )
    .unwrap()
    .curriculum;
    let lesson = c.lessons.iter().find(|l| l.slug == slug).unwrap();
    let images = c.images.into_iter().map(|i| (i.slug.clone(), i)).collect();
    let files = DirFiles::walk(examples().join("lessons").join(slug)).unwrap();
    Environment::new((id, "session1", stage), lesson, &images, Arc::new(files)).unwrap()
}

fn backend(cluster: &FakeCluster) -> KubernetesBackend {
    KubernetesBackend::new(
        cluster.client(),
        settings(),
        Some(Secret::from(KEY)),
        Placement::Cluster,
    )
    .with_prober(cluster.prober())
}

/// The path of the object `m` (`/api/v1/namespaces/x/pods/y`).
fn path(m: &Manifest) -> String {
    let r = &m.resource;
    let base = if r.group.is_empty() {
        format!("/api/{}", r.version)
    } else {
        format!("/apis/{}/{}", r.group, r.version)
    };
    match &m.namespace {
        Some(ns) => format!("{base}/namespaces/{ns}/{}/{}", r.plural, m.name),
        None => format!("{base}/{}/{}", r.plural, m.name),
    }
}

fn lines(requests: &[Recorded]) -> Vec<String> {
    requests.iter().map(Recorded::line).collect()
}

/// Every object a start applies: the plan, with the TLS secret copied (the fake has it).
fn expected(env: &Environment) -> Vec<Manifest> {
    KubernetesBackend::plan(&settings(), env, false)
}

/// The secrets namespace's TLS secret.
fn with_tls(cluster: &FakeCluster) {
    cluster.insert(
        "/api/v1/namespaces",
        json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "prod"}}),
    );
    cluster.insert(
        "/api/v1/namespaces/prod/secrets",
        json!({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "tls-certificate", "namespace": "prod"},
               "type": "kubernetes.io/tls", "data": {"tls.crt": "Y2VydA==", "tls.key": "a2V5"}}),
    );
}

/// Asserts that `applies` are exactly one server-side apply of each of `manifests`, with the
/// object as body (the copied TLS secret: with the source's data and type).
fn assert_applied_once(applies: &[&Recorded], manifests: &[Manifest]) {
    let mut seen = BTreeMap::new();
    for r in applies {
        assert_eq!(r.method, "PATCH", "{}", r.line());
        assert_eq!(
            r.query.get("fieldManager").map(String::as_str),
            Some("antidote"),
            "{}",
            r.line()
        );
        assert_eq!(
            r.query.get("force").map(String::as_str),
            Some("true"),
            "{}",
            r.line()
        );
        *seen.entry(r.path.clone()).or_insert(0) += 1;
    }
    let wanted: BTreeSet<String> = manifests.iter().map(path).collect();
    assert_eq!(seen.keys().cloned().collect::<BTreeSet<_>>(), wanted);
    assert!(
        seen.values().all(|n| *n == 1),
        "applied more than once: {seen:?}"
    );
    for m in manifests {
        let r = applies.iter().find(|r| r.path == path(m)).unwrap();
        let body = r.body.as_ref().unwrap();
        if m.resource.kind == "Secret" && m.name == "tls-certificate" {
            assert_eq!(body["type"], "kubernetes.io/tls");
            assert_eq!(body["data"]["tls.key"], "a2V5");
            assert_eq!(
                body["metadata"]["annotations"]["antidote.nrelabs.io/copied-from"],
                "prod/tls-certificate"
            );
        } else {
            assert_eq!(body, &m.object, "the body of {}", m.describe());
        }
    }
}

async fn up(
    backend: &KubernetesBackend,
    env: &Environment,
) -> Vec<antidote_lib::provision::EndpointStatus> {
    let mut changes = backend.watch_health(env, Duration::from_millis(20));
    loop {
        let health = tokio::time::timeout(Duration::from_secs(20), changes.next())
            .await
            .expect("health within 20 s")
            .expect("the watch goes on")
            .expect("healthy");
        if health.iter().all(|h| h.ready) && health.len() == env.endpoints.len() + 1 {
            return health;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fresh_start_applies_the_namespace_first_then_every_object_once() {
    let cluster = FakeCluster::new();
    // Pods come up a while after they are made: readiness has to be watched.
    cluster.set_default_pod_plan(PodPlan::Ready(Duration::from_millis(300)));
    with_tls(&cluster);
    cluster.clear_requests();
    let backend = backend(&cluster);
    let env = environment("l1", 0);
    backend.create(&env).await.unwrap();

    let requests = cluster.requests();
    let ns = "/api/v1/namespaces/antidote-l1";
    // First the namespace and the read of the secret to copy (at once), then the rest.
    let first: BTreeSet<String> = lines(&requests[..2]).into_iter().collect();
    assert_eq!(
        first,
        BTreeSet::from([
            format!("PATCH {ns}"),
            "GET /api/v1/namespaces/prod/secrets/tls-certificate".to_owned()
        ])
    );
    assert!(
        requests[2..]
            .iter()
            .all(|r| r.method == "PATCH" && r.path.contains("/namespaces/antidote-l1/")),
        "{:#?}",
        lines(&requests)
    );
    let manifests = expected(&env);
    let applies: Vec<&Recorded> = requests.iter().filter(|r| r.method == "PATCH").collect();
    assert_applied_once(&applies, &manifests);
    assert_eq!(
        requests.len(),
        manifests.len() + 1,
        "{:#?}",
        lines(&requests)
    );
    // The policy lets in the platform's namespace (the schedulers' probes) and lets out to
    // the API's pods only (the files), DNS, and the namespace itself.
    let policy = cluster
        .get("/apis/networking.k8s.io/v1/namespaces/antidote-l1/networkpolicies/antidote")
        .unwrap();
    assert_eq!(
        policy["spec"]["ingress"][0]["from"][1]["namespaceSelector"]["matchExpressions"][0]["values"],
        json!(["antidote"])
    );
    let egress = policy["spec"]["egress"].as_array().unwrap();
    assert_eq!(egress.len(), 3, "no egress outside: {egress:?}");
    assert_eq!(
        egress[2]["to"][0]["podSelector"]["matchLabels"],
        json!({"app.kubernetes.io/name": "antidote-api"})
    );
    assert_eq!(egress[1]["ports"][0]["port"], 53);
    assert!(
        requests
            .iter()
            .all(|r| r.method != "POST" && r.method != "PUT")
    );

    // What was applied, as the cluster holds it.
    let pod = cluster.get(&format!("{ns}/pods/router1")).unwrap();
    assert_eq!(
        pod["metadata"]["annotations"]["k8s.v1.cni.cncf.io/networks"],
        json!(
            r#"[{"name":"link0","interface":"eth1","ips":["10.12.0.1/24"]},{"name":"link1","interface":"eth2","ips":["10.1.0.1/24"]}]"#
        )
    );
    assert!(pod["spec"]["volumes"].to_string().contains("emptyDir"));
    assert!(!pod.to_string().contains("hostPath"));
    assert_eq!(pod["spec"]["automountServiceAccountToken"], false);
    let nad = cluster
        .get("/apis/k8s.cni.cncf.io/v1/namespaces/antidote-l1/network-attachment-definitions/link0")
        .unwrap();
    let config: serde_json::Value =
        serde_json::from_str(nad["spec"]["config"].as_str().unwrap()).unwrap();
    assert_eq!(config["type"], "bridge");
    assert_eq!(config["bridge"].as_str().unwrap().len(), 15);
    assert_eq!(config["ipam"], json!({"type": "static"}));

    // Readiness: watched, each endpoint at its service, the guide with its ingress host.
    let health = up(&backend, &env).await;
    let router1 = health.iter().find(|h| h.name == "router1").unwrap();
    let ip = cluster.get(&format!("{ns}/services/router1")).unwrap()["spec"]["clusterIP"].clone();
    assert_eq!(router1.host.as_deref(), ip.as_str());
    let guide = health.iter().find(|h| h.guide).unwrap();
    assert_eq!(guide.name, "jupyterlabguide");
    assert_eq!(
        guide.access[0].domain.as_deref(),
        Some("antidote-l1-jupyterlabguide-web.localhost")
    );
    let all = cluster.requests();
    assert!(
        all.iter().any(|w| w.is_watch()
            && w.path == format!("{ns}/pods")
            && w.query.get("labelSelector").map(String::as_str)
                == Some("antidoteRole in (endpoint,guide)")),
        "readiness is watched: {:#?}",
        lines(&all)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_start_resumed_after_a_crash_applies_what_exists_again_and_duplicates_nothing() {
    let cluster = FakeCluster::new();
    with_tls(&cluster);
    let env = environment("l2", 0);
    let manifests = expected(&env);
    // The replica that died got the namespace and half of the rest applied.
    for m in &manifests[..manifests.len() / 2] {
        let collection = path(m).rsplit_once('/').unwrap().0.to_owned();
        cluster.insert(&collection, m.object.clone());
    }
    let before_uids: BTreeMap<String, serde_json::Value> = manifests[..manifests.len() / 2]
        .iter()
        .map(|m| {
            (
                path(m),
                cluster.get(&path(m)).unwrap()["metadata"]["uid"].clone(),
            )
        })
        .collect();
    cluster.clear_requests();
    let backend = backend(&cluster);
    backend.create(&env).await.unwrap();
    let requests = cluster.requests();
    let applies: Vec<&Recorded> = requests.iter().filter(|r| r.method == "PATCH").collect();
    assert_applied_once(&applies, &manifests);
    // What existed is the same object (its uid kept), nothing was made twice.
    for (p, uid) in before_uids {
        assert_eq!(cluster.get(&p).unwrap()["metadata"]["uid"], uid, "{p}");
    }
    let in_namespace = cluster
        .paths()
        .into_iter()
        .filter(|p| p.contains("antidote-l2"))
        .count();
    assert_eq!(in_namespace, manifests.len());
    up(&backend, &env).await;
}

async fn store_with_examples() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("a.db").display())
        .parse()
        .unwrap();
    let store = Store::open(&url).await.unwrap();
    let options = ImportOptions {
        source: examples().display().to_string(),
        reference: None,
        tier: Tier::Local,
        ..ImportOptions::default()
    };
    import(&store, &options, Arc::new(())).await.unwrap();
    (dir, store)
}

async fn claimed(store: &Store, id: &str) {
    store.create_session("session1", "192.0.2.1").await.unwrap();
    store
        .create_livelesson(&NewLiveLesson {
            id,
            session_id: "session1",
            lesson_slug: LESSON,
            stage: 0,
            traceparent: None,
        })
        .await
        .unwrap();
    assert!(matches!(
        store.claim_livelesson(id, "r1", 60_000).await.unwrap(),
        Claim::Claimed(_)
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_image_pull_error_fails_the_lesson_at_once_with_its_reason_and_tears_it_down() {
    let cluster = FakeCluster::new();
    with_tls(&cluster);
    cluster.set_pod_plan(
        "router1",
        PodPlan::PullError(
            "rpc error: code = NotFound desc = failed to pull and unpack image \"docker.io/antidotelabs/network-os:latest\": not found".into(),
        ),
    );
    let (_dir, store) = store_with_examples().await;
    claimed(&store, "l3").await;
    let backend = backend(&cluster);
    let settings = DriveSettings {
        endpoint_timeout: Duration::from_secs(600),
        ..DriveSettings::default()
    };
    // Far sooner than the endpoint timeout.
    let outcome = tokio::time::timeout(
        Duration::from_secs(30),
        drive(&store, &backend, "r1", "l3", &settings),
    )
    .await
    .expect("failed at once, not after the endpoint timeout")
    .unwrap();
    let reason =
        "image antidotelabs/network-os:latest of endpoint `router1` cannot be pulled: not found";
    assert!(
        matches!(&outcome, Outcome::Failed { lesson_slug, stage: 0, reason: r, .. }
            if lesson_slug == LESSON && r == reason),
        "{outcome:?}"
    );
    let l = store.livelesson("l3").await.unwrap().unwrap();
    assert_eq!(
        (l.status, l.error.as_deref()),
        (Status::Failed, Some(reason))
    );
    // Torn down at once: the namespace deleted, and gone.
    assert!(
        lines(&cluster.requests()).contains(&"DELETE /api/v1/namespaces/antidote-l3".to_owned())
    );
    assert_eq!(cluster.get("/api/v1/namespaces/antidote-l3"), None);
    // No pod was deleted and made again: waiting would not have helped.
    assert!(
        !lines(&cluster.requests())
            .contains(&"DELETE /api/v1/namespaces/antidote-l3/pods/router1".to_owned())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn other_ways_of_never_coming_up_are_reasons_at_once() {
    for (plan, reason) in [
        (
            PodPlan::CrashLoop,
            "endpoint `automation` keeps crashing (restarted 3 times, last exit code 1): Error: its image's command must keep running",
        ),
        (
            PodPlan::Unschedulable,
            "endpoint `automation` cannot be scheduled on any node of the cluster: 0/1 nodes are available: 1 Insufficient memory.",
        ),
    ] {
        let cluster = FakeCluster::new();
        cluster.set_pod_plan("automation", plan);
        let backend = backend(&cluster);
        let env = environment("l4", 0);
        backend.create(&env).await.unwrap();
        let mut changes = backend.watch_health(&env, Duration::from_millis(20));
        let error = loop {
            match tokio::time::timeout(Duration::from_secs(20), changes.next())
                .await
                .unwrap()
                .unwrap()
            {
                Err(e) if !e.retryable => break e,
                _ => {}
            }
        };
        assert_eq!(error.reason, reason);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endpoint_that_does_not_come_up_is_made_again_then_the_lesson_fails_and_is_torn_down() {
    let cluster = FakeCluster::new();
    with_tls(&cluster);
    cluster.set_pod_plan("router2", PodPlan::Never);
    let (_dir, store) = store_with_examples().await;
    claimed(&store, "l5").await;
    let backend = backend(&cluster);
    let settings = DriveSettings {
        endpoint_retries: 2,
        endpoint_timeout: Duration::from_millis(300),
        poll_interval: Duration::from_millis(20),
        call_timeout: Duration::from_secs(30),
        trace: None,
    };
    let outcome = drive(&store, &backend, "r1", "l5", &settings)
        .await
        .unwrap();
    assert!(
        matches!(&outcome, Outcome::Failed { lesson_slug, stage: 0, reason, .. }
            if lesson_slug == LESSON && reason == "endpoint `router2` did not come up after 3 attempts"),
        "{outcome:?}"
    );
    let all = lines(&cluster.requests());
    let pod = "/api/v1/namespaces/antidote-l5/pods/router2";
    assert_eq!(
        all.iter()
            .filter(|l| **l == format!("DELETE {pod}"))
            .count(),
        2,
        "{all:#?}"
    );
    assert_eq!(
        all.iter().filter(|l| **l == format!("PATCH {pod}")).count(),
        3,
        "{all:#?}"
    );
    // Each time deleted, then applied again: never two at once.
    let order: Vec<&String> = all.iter().filter(|l| l.ends_with(pod)).collect();
    assert_eq!(
        order
            .iter()
            .map(|l| l.split(' ').next().unwrap())
            .collect::<Vec<_>>(),
        ["PATCH", "DELETE", "PATCH", "DELETE", "PATCH"]
    );
    let delete = cluster
        .requests()
        .into_iter()
        .find(|r| r.line() == format!("DELETE {pod}"))
        .unwrap();
    // With the pod's own grace period: its sandbox (and its addresses) gone before it is
    // made again.
    assert!(
        delete
            .body
            .as_ref()
            .is_none_or(|b| b.get("gracePeriodSeconds").is_none()),
        "{delete:?}"
    );
    // Router1 came up: it was not touched.
    assert!(!all.contains(&"DELETE /api/v1/namespaces/antidote-l5/pods/router1".to_owned()));
    assert!(all.contains(&"DELETE /api/v1/namespaces/antidote-l5".to_owned()));
    assert_eq!(cluster.get("/api/v1/namespaces/antidote-l5"), None);
    assert_eq!(
        store.livelesson("l5").await.unwrap().unwrap().status,
        Status::Failed
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stage_change_deletes_the_old_jobs_in_the_background_and_applies_the_new_ones() {
    let cluster = FakeCluster::new();
    let backend = backend(&cluster);
    let env0 = environment("l6", 0);
    backend.create(&env0).await.unwrap();
    up(&backend, &env0).await;

    // Stage 0: the Jobs of any other stage go (there are none) while its own are applied.
    cluster.clear_requests();
    backend.configure(&env0).await.unwrap();
    let jobs0 = KubernetesBackend::plan(&settings(), &env0, true)
        .into_iter()
        .filter(|m| m.resource.kind == "Job")
        .collect::<Vec<_>>();
    assert_eq!(jobs0.len(), 4);
    let requests = cluster.requests();
    let deletes: Vec<&Recorded> = requests.iter().filter(|r| r.method == "DELETE").collect();
    assert_eq!(deletes.len(), 1, "{:#?}", lines(&requests));
    assert_eq!(
        deletes[0].line(),
        "DELETE /apis/batch/v1/namespaces/antidote-l6/jobs"
    );
    assert_eq!(
        deletes[0].query.get("labelSelector").map(String::as_str),
        Some("antidoteRole=configuration,antidoteStage!=0")
    );
    let applies: Vec<&Recorded> = requests.iter().filter(|r| r.method == "PATCH").collect();
    assert_applied_once(&applies, &jobs0);
    let job = cluster
        .get("/apis/batch/v1/namespaces/antidote-l6/jobs/config-router1-0")
        .unwrap();
    let c = &job["spec"]["template"]["spec"]["containers"][0];
    assert!(
        c["command"][2].as_str().unwrap().contains(" junos 22 "),
        "{c}"
    );
    assert!(
        !job.to_string().contains("antidotepassword"),
        "credentials come from the secret"
    );
    assert_eq!(
        c["env"][2]["valueFrom"]["secretKeyRef"],
        json!({"name": "antidote-credentials", "key": "router1.password", "optional": false})
    );
    assert_eq!(job["spec"]["activeDeadlineSeconds"], 300);

    // Stage 2: the other stages' Jobs go (background propagation), then the new ones.
    cluster.clear_requests();
    let env2 = environment("l6", 2);
    backend.configure(&env2).await.unwrap();
    let requests = cluster.requests();
    let delete = requests.iter().find(|r| r.method == "DELETE").unwrap();
    assert_eq!(
        delete.line(),
        "DELETE /apis/batch/v1/namespaces/antidote-l6/jobs"
    );
    assert_eq!(
        delete.query.get("labelSelector").map(String::as_str),
        Some("antidoteRole=configuration,antidoteStage!=2")
    );
    assert_eq!(
        delete.body.as_ref().unwrap()["propagationPolicy"],
        "Background"
    );
    let jobs2: Vec<Manifest> = KubernetesBackend::plan(&settings(), &env2, true)
        .into_iter()
        .filter(|m| m.resource.kind == "Job")
        .collect();
    let applies: Vec<&Recorded> = requests.iter().filter(|r| r.method == "PATCH").collect();
    assert_applied_once(&applies, &jobs2);
    let left: Vec<String> = cluster
        .paths()
        .into_iter()
        .filter(|p| p.contains("/jobs/"))
        .collect();
    assert!(left.iter().all(|p| p.ends_with("-2")), "{left:?}");

    // A Job that fails: its condition's message and the end of its output, no password.
    cluster.set_job_plan(
        "config-router1-1",
        JobPlan::Failed {
            reason: "BackoffLimitExceeded".into(),
            message: "Job has reached the specified backoff limit".into(),
            logs: "connecting as antidote with antidotepassword\nError: commit failed".into(),
        },
    );
    let e = backend.configure(&environment("l6", 1)).await.unwrap_err();
    assert_eq!(
        e.reason,
        "the configuration of `router1` (stage1/configs/router1-junos.txt) failed: Job has reached the specified backoff limit; its output ends: connecting as antidote with *** / Error: commit failed"
    );

    // A configuration whose image cannot be pulled fails at once, not at the deadline.
    cluster.set_job_plan(
        "config-automation-0",
        JobPlan::PullError(
            "rpc error: code = NotFound desc = antidotelabs/configurator:latest: not found".into(),
        ),
    );
    let started = std::time::Instant::now();
    let e = backend.configure(&env0).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(30), "at once");
    assert_eq!(
        e.reason,
        "the configuration of `automation` (stage0/configs/automation.py) could not start: image antidotelabs/configurator:latest of its pod cannot be pulled: not found"
    );

    // A Job past its deadline: said as such.
    cluster.set_job_plan(
        "config-router2-1",
        JobPlan::Failed {
            reason: "DeadlineExceeded".into(),
            message: "Job was active longer than specified deadline".into(),
            logs: String::new(),
        },
    );
    cluster.set_job_plan("config-router1-1", JobPlan::Complete(Duration::ZERO));
    let e = backend.configure(&environment("l6", 1)).await.unwrap_err();
    assert_eq!(
        e.reason,
        "the configuration of `router2` (stage1/configs/router2-eos.txt) failed: did not finish within 300 s"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn teardown_waits_until_the_namespace_is_gone_and_is_idempotent() {
    let cluster = FakeCluster::new();
    cluster.set_namespace_gone_after(Duration::from_millis(300));
    let backend = backend(&cluster);
    let env = environment("l7", 0);
    backend.create(&env).await.unwrap();
    cluster.clear_requests();
    backend.teardown("l7").await.unwrap();
    assert_eq!(
        cluster.get("/api/v1/namespaces/antidote-l7"),
        None,
        "gone when teardown returns"
    );
    assert!(cluster.paths().iter().all(|p| !p.contains("antidote-l7")));
    let requests = cluster.requests();
    // Read first: only a namespace labelled as this instance's is deleted.
    assert_eq!(requests[0].line(), "GET /api/v1/namespaces/antidote-l7");
    assert_eq!(requests[1].line(), "DELETE /api/v1/namespaces/antidote-l7");
    assert_eq!(
        requests[1].body.as_ref().unwrap()["propagationPolicy"],
        "Background"
    );
    // It waited by watching the namespace.
    assert!(requests.iter().any(|r| r.is_watch()
        && r.path == "/api/v1/namespaces"
        && r.query.get("fieldSelector").map(String::as_str) == Some("metadata.name=antidote-l7")));

    // Again, and of something that never existed: fine, one request each.
    cluster.clear_requests();
    backend.teardown("l7").await.unwrap();
    backend.teardown("never").await.unwrap();
    assert_eq!(
        lines(&cluster.requests()),
        [
            "GET /api/v1/namespaces/antidote-l7",
            "GET /api/v1/namespaces/antidote-never"
        ]
    );
    // A namespace of that name that is not this instance's is left alone, saying so.
    cluster.insert(
        "/api/v1/namespaces",
        json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "antidote-theirs", "labels": {"team": "x"}}}),
    );
    let e = backend.teardown("theirs").await.unwrap_err();
    assert_eq!(
        e.reason,
        "namespace antidote-theirs is not one of instance `antidote`'s livelessons (its labels say otherwise): it is left alone"
    );
    assert!(cluster.get("/api/v1/namespaces/antidote-theirs").is_some());

    // Two teardowns at once (the second finds it terminating: 409) both wait for it to go.
    backend.create(&environment("l8", 0)).await.unwrap();
    let (a, b) = tokio::join!(backend.teardown("l8"), backend.teardown("l8"));
    a.unwrap();
    b.unwrap();
    assert_eq!(cluster.get("/api/v1/namespaces/antidote-l8"), None);

    // A namespace that does not go in time: a retryable error that says so.
    let mut config = Config::default();
    config.kubernetes.files_key = Some(Secret::from(KEY));
    config.kubernetes.delete_timeout_ms = 100;
    let slow = KubernetesBackend::new(
        cluster.client(),
        Settings::from_config(&config),
        Some(Secret::from(KEY)),
        Placement::Cluster,
    );
    cluster.set_namespace_gone_after(Duration::from_secs(5));
    slow.create(&environment("l9", 0)).await.unwrap();
    let e = slow.teardown("l9").await.unwrap_err();
    assert!(e.retryable);
    assert_eq!(
        e.reason,
        "namespace antidote-l9 is still being deleted after 100ms"
    );
}

/// Each request the mock answered is a `kubernetes.request` span (method, path without the
/// query, status), the child of the caller's span: the client's layer runs on the mock's
/// client as on the production one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_request_to_the_api_server_is_a_span_under_the_callers() {
    use tracing::Instrument as _;
    crate::spans::collect();
    let cluster = FakeCluster::new();
    let backend = backend(&cluster);
    backend.create(&environment("sp1", 0)).await.unwrap();
    let case = |c: &str| format!("kubernetes {} {c}", std::process::id());
    // A teardown: read, delete, watch until gone.
    cluster.clear_requests();
    backend
        .teardown("sp1")
        .instrument(tracing::info_span!("test.call", case = %case("teardown")))
        .await
        .unwrap();
    let answered = cluster.requests();
    // A teardown of nothing: one read, answered 404.
    cluster.clear_requests();
    backend
        .teardown("spnever")
        .instrument(tracing::info_span!("test.call", case = %case("nothing")))
        .await
        .unwrap();
    let answered_nothing = cluster.requests();

    let spans_of = |c: &str| {
        let parent = crate::spans::one("test.call", "case", &case(c));
        let spans = crate::spans::children(&parent, "kubernetes.request");
        for s in &spans {
            assert_eq!(s.fields["otel.kind"], "client", "{s:#?}");
            assert_eq!(
                s.fields["otel.name"],
                format!("kubernetes {}", s.fields["http.request.method"]),
                "{s:#?}"
            );
            assert!(!s.fields["url.path"].contains('?'), "{s:#?}");
        }
        spans
    };
    let lines = |spans: &[crate::spans::Seen]| -> Vec<String> {
        let mut l: Vec<String> = spans
            .iter()
            .map(|s| {
                format!(
                    "{} {}",
                    s.fields["http.request.method"], s.fields["url.path"]
                )
            })
            .collect();
        l.sort();
        l
    };
    let recorded = |requests: &[Recorded]| -> Vec<String> {
        let mut l: Vec<String> = requests.iter().map(Recorded::line).collect();
        l.sort();
        l
    };
    let teardown = spans_of("teardown");
    assert!(answered.len() >= 3, "{answered:#?}");
    assert_eq!(lines(&teardown), recorded(&answered), "{teardown:#?}");
    let status = |spans: &[crate::spans::Seen], line: &str| -> String {
        spans
            .iter()
            .find(|s| {
                format!(
                    "{} {}",
                    s.fields["http.request.method"], s.fields["url.path"]
                ) == line
            })
            .unwrap_or_else(|| panic!("{line} in {spans:#?}"))
            .fields["http.response.status_code"]
            .clone()
    };
    assert_eq!(
        status(&teardown, "GET /api/v1/namespaces/antidote-sp1"),
        "200"
    );
    assert_eq!(
        status(&teardown, "DELETE /api/v1/namespaces/antidote-sp1"),
        "200"
    );
    // The watch: its query (fieldSelector, watch) is not in the path.
    assert_eq!(status(&teardown, "GET /api/v1/namespaces"), "200");
    assert!(
        teardown
            .iter()
            .all(|s| !s.fields.contains_key("otel.status_code"))
    );
    let nothing = spans_of("nothing");
    assert_eq!(lines(&nothing), recorded(&answered_nothing));
    assert_eq!(lines(&nothing), ["GET /api/v1/namespaces/antidote-spnever"]);
    assert_eq!(
        status(&nothing, "GET /api/v1/namespaces/antidote-spnever"),
        "404"
    );
    // A 404 is an answer the backend expects, not a failure.
    assert!(
        !nothing[0].fields.contains_key("otel.status_code"),
        "{nothing:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_instance_lists_its_livelessons_by_label() {
    let cluster = FakeCluster::new();
    let backend = backend(&cluster);
    backend.create(&environment("a1", 0)).await.unwrap();
    backend.create(&environment("a2", 0)).await.unwrap();
    // Another instance's namespace on the same cluster.
    cluster.insert(
        "/api/v1/namespaces",
        json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "other-x", "labels": {"antidoteManaged": "yes", "antidoteId": "other", "liveLesson": "x"}}}),
    );
    cluster.clear_requests();
    assert_eq!(backend.livelessons().await.unwrap(), ["a1", "a2"]);
    let r = &cluster.requests()[0];
    assert_eq!(r.line(), "GET /api/v1/namespaces");
    assert_eq!(
        r.query.get("labelSelector").map(String::as_str),
        Some("antidoteManaged=yes,antidoteId=antidote,!antidoteAuthorRun")
    );
}

struct Fake {
    cluster: FakeCluster,
    backend: KubernetesBackend,
}

impl Harness for Fake {
    fn backend(&self) -> &dyn Backend {
        &self.backend
    }

    fn environment(&self, id: &str, stage: u32) -> Environment {
        environment(id, stage)
    }

    fn stages(&self) -> u32 {
        3
    }

    fn leftovers<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Vec<String>> {
        let ns = format!("antidote-{id}");
        let left: Vec<String> = self
            .cluster
            .paths()
            .into_iter()
            .filter(|p| p.contains(&format!("/namespaces/{ns}")))
            .collect();
        std::future::ready(left).boxed()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_backend_passes_the_conformance_suite() {
    let cluster = FakeCluster::new();
    with_tls(&cluster);
    let backend = backend(&cluster);
    conformance::run(&Fake { cluster, backend }, "conf").await;
}

/// A backend talking to `cluster` over HTTP (what exec and port-forward need: websockets).
async fn over_http(cluster: &FakeCluster) -> KubernetesBackend {
    let url = cluster.listen().await;
    let config = kube::Config::new(url.parse().unwrap());
    let client = antidote_lib::provision::kubernetes::spans::client(config).unwrap();
    KubernetesBackend::new(
        client,
        settings(),
        Some(Secret::from(KEY)),
        Placement::Cluster,
    )
    .with_prober(cluster.prober())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checks_run_by_exec_in_the_livelessons_checker_pod() {
    let cluster = FakeCluster::new();
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    cluster.set_exec(move |pod, command| {
        record
            .lock()
            .unwrap()
            .push((pod.to_owned(), command.to_vec()));
        match command.last().map(String::as_str) {
            Some(line)
                if line.ends_with("objective0.py'") && line.contains("/stage2/objectives/") =>
            {
                ("backups/router1.conf is missing\n".into(), String::new(), 1)
            }
            Some(line) if line.contains("/stage2/solutions/") => {
                ("saved\n".into(), String::new(), 0)
            }
            _ => (String::new(), "Traceback: boom\n".into(), 2),
        }
    });
    let backend = over_http(&cluster).await;
    let env = environment("c1", 2);
    backend.create(&env).await.unwrap();
    // The checker pod is part of the livelesson: the lesson has objectives.
    let checker = cluster
        .get("/api/v1/namespaces/antidote-c1/pods/antidote-checker")
        .unwrap();
    assert_eq!(
        checker["spec"]["containers"][0]["image"],
        "antidotelabs/configurator:latest"
    );
    assert_eq!(
        checker["spec"]["volumes"][1]["secret"]["secretName"],
        "antidote-checks"
    );
    let checks = cluster
        .get("/api/v1/namespaces/antidote-c1/secrets/antidote-checks")
        .unwrap();
    let file = checks["stringData"]["check.env"].as_str().unwrap();
    assert!(file.contains("ANTIDOTE_ROUTER1_HOST='router1'"), "{file}");
    cluster.clear_requests();

    let limit = Duration::from_secs(10);
    let run = backend
        .run_script(&env, "stage2/objectives/objective0.py", limit)
        .await
        .unwrap();
    assert_eq!(run.code, Some(1));
    assert_eq!(run.output, "backups/router1.conf is missing\n");
    let run = backend
        .run_script(&env, "stage2/solutions/objective0.py", limit)
        .await
        .unwrap();
    assert_eq!((run.code, run.output.as_str()), (Some(0), "saved\n"));
    let env1 = environment("c1", 1);
    let crashed = backend
        .run_script(&env1, "lesson.meta.yaml", limit)
        .await
        .unwrap();
    assert_eq!(
        (crashed.code, crashed.output.as_str()),
        (Some(2), "Traceback: boom\n")
    );

    // Each check is one exec in the checker pod's container, stdout and stderr, no stdin.
    let execs: Vec<Recorded> = cluster
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/exec"))
        .collect();
    assert_eq!(execs.len(), 3);
    for r in &execs {
        assert_eq!(
            r.path,
            "/api/v1/namespaces/antidote-c1/pods/antidote-checker/exec"
        );
        assert_eq!(
            r.query.get("container").map(String::as_str),
            Some("checker")
        );
        assert_eq!(r.query.get("stdout").map(String::as_str), Some("true"));
        assert_eq!(r.query.get("stderr").map(String::as_str), Some("true"));
        assert_ne!(r.query.get("stdin").map(String::as_str), Some("true"));
    }
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen[0].0, "antidote-checker");
    assert_eq!(&seen[0].1[..2], ["/bin/sh", "-c"]);
    assert!(
        seen[0].1[2].starts_with(
            "set -a; . /run/antidote/check.env; set +a; cd /antidote; exec python3 -c"
        ),
        "{:?}",
        seen[0].1
    );
    // A script the lesson lacks is not run.
    let e = backend
        .run_script(&env, "stage2/objectives/objective9.py", limit)
        .await
        .unwrap_err();
    assert_eq!(
        e.reason,
        "the lesson has no script stage2/objectives/objective9.py"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lesson_without_configuration_is_configured_without_a_request() {
    let cluster = FakeCluster::new();
    let backend = backend(&cluster);
    let env = lesson_environment("web-dashboards", "w1", 0);
    backend.create(&env).await.unwrap();
    cluster.clear_requests();
    backend.configure(&env).await.unwrap();
    assert_eq!(lines(&cluster.requests()), Vec::<String>::new());
}
