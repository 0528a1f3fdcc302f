//! The services with the Kubernetes backend on kube's `tower_test` mock (an API server in
//! memory): the lesson files endpoint that init containers fetch from, what `/exp` and
//! `/api/v1` show antidote-web (hosts, ports, ingress hosts, the jupyter guide's domain), and
//! the scheduler's orphan sweep, which spares running lessons.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use antidote::context::{Context, Ready, Shutdown};
use antidote_lib::config::{Config, Secret};
use antidote_lib::provision::files::token;
use antidote_lib::provision::kubernetes::testing::FakeCluster;
use antidote_lib::provision::kubernetes::{KubernetesBackend, Placement, Settings};
use antidote_lib::provision::{Backend, DriveSettings, Outcome, drive};
use antidote_lib::store::state::{Claim, Status};
use axum::http::StatusCode;
use serde_json::json;

use crate::support::{Served, acker, call, config, repo, served};

const KEY: &str = "0123456789abcdef0123456789abcdef";

fn k8s_config() -> Config {
    let mut c = config();
    c.kubernetes.files_key = Some(Secret::from(KEY));
    c.kubernetes.heps_domain = "labs.example.com".into();
    c
}

fn backend(cluster: &FakeCluster, config: &Config) -> KubernetesBackend {
    KubernetesBackend::new(
        cluster.client(),
        Settings::from_config(config),
        Some(Secret::from(KEY)),
        Placement::Cluster,
    )
    .with_prober(cluster.prober())
}

/// A new livelesson of `slug` at `stage`, through the API.
async fn livelesson(s: &Served, slug: &str, stage: u32) -> String {
    let session = call(&s.app, "POST", "/api/v1/sessions").send().await;
    let sid = session.body["id"].as_str().unwrap().to_owned();
    let created = call(&s.app, "POST", "/api/v1/livelessons")
        .json(&json!({"session_id": sid, "lesson_slug": slug, "stage": stage}))
        .send()
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    created.body["id"].as_str().unwrap().to_owned()
}

/// Drives livelesson `id` to READY on `backend`, as a scheduler would.
async fn ready(s: &Served, backend: &KubernetesBackend, id: &str) {
    let store = &s.state.store;
    assert!(matches!(
        store.claim_livelesson(id, "r1", 60_000).await.unwrap(),
        Claim::Claimed(_)
    ));
    let settings = DriveSettings {
        poll_interval: Duration::from_millis(20),
        ..DriveSettings::default()
    };
    let outcome = drive(store, backend, "r1", id, &settings).await.unwrap();
    assert!(matches!(outcome, Outcome::Ready { .. }), "{outcome:?}");
}

fn tar_entries(bytes: &[u8]) -> BTreeMap<String, (u32, Vec<u8>)> {
    let mut archive = tar::Archive::new(bytes);
    archive
        .entries()
        .unwrap()
        .map(|e| {
            let mut e = e.unwrap();
            let path = e.path().unwrap().display().to_string();
            let mode = e.header().mode().unwrap();
            let mut content = Vec::new();
            std::io::Read::read_to_end(&mut e, &mut content).unwrap();
            (path, (mode, content))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lesson_files_are_served_to_the_livelessons_own_token_only() {
    let s = served(k8s_config()).await;
    let _scheduler = acker(&s).await;
    let id = livelesson(&s, "shell-first-steps", 0).await;
    let other = livelesson(&s, "network-config-basics", 0).await;
    let url = format!("/internal/v1/livelessons/{id}/files");
    let right = token(&Secret::from(KEY), "antidote", &id);

    let none = call(&s.app, "GET", &url).send().await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    assert!(
        none.message().contains("Authorization: Bearer"),
        "{}",
        none.message()
    );
    for wrong in [
        token(&Secret::from(KEY), "antidote", &other),
        token(
            &Secret::from("another key of at least 32 characters"),
            "antidote",
            &id,
        ),
        token(&Secret::from(KEY), "another-instance", &id),
    ] {
        let a = call(&s.app, "GET", &url)
            .header("authorization", &format!("Bearer {}", wrong.expose()))
            .send()
            .await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{}", a.body);
    }

    let a = call(&s.app, "GET", &url)
        .header("authorization", &format!("Bearer {}", right.expose()))
        .send()
        .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.headers["content-type"], "application/x-tar");
    let entries = tar_entries(&a.raw);
    let dir = repo().join("curriculum-examples/lessons/shell-first-steps");
    let files = antidote_lib::provision::DirFiles::walk(dir.clone()).unwrap();
    use antidote_lib::provision::LessonFiles as _;
    for path in files.paths() {
        let (mode, content) = entries
            .get(&path)
            .unwrap_or_else(|| panic!("{path} is not in the archive: {:?}", entries.keys()));
        assert_eq!(content, &std::fs::read(dir.join(&path)).unwrap(), "{path}");
        let script = content.starts_with(b"#!") || path.ends_with(".sh");
        assert_eq!(*mode, if script { 0o755 } else { 0o644 }, "{path}");
    }
    assert!(entries.contains_key("stage1/objectives/objective0.py"));

    // Only while the livelesson exists.
    s.state.store.request_delete(&id, "test").await.unwrap();
    let owner = "r1";
    assert!(matches!(
        s.state
            .store
            .claim_livelesson(&id, owner, 60_000)
            .await
            .unwrap(),
        Claim::Claimed(_)
    ));
    assert!(
        s.state
            .store
            .delete_owned_livelesson(&id, owner)
            .await
            .unwrap()
    );
    let gone = call(&s.app, "GET", &url)
        .header("authorization", &format!("Bearer {}", right.expose()))
        .send()
        .await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND, "{}", gone.body);

    // Without a key the server serves no files at all.
    let off = served(config()).await;
    let a = call(&off.app, "GET", &url)
        .header("authorization", &format!("Bearer {}", right.expose()))
        .send()
        .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(
        a.message().contains("kubernetes.files_key"),
        "{}",
        a.message()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exp_and_v1_show_hosts_ingress_domains_and_the_jupyter_guide() {
    let config = k8s_config();
    let s = served(config.clone()).await;
    let _scheduler = acker(&s).await;
    let cluster = FakeCluster::new();
    let backend = backend(&cluster, &config);

    // An http presentation: its ingress host is antidote-web's HepDomain.
    let web = livelesson(&s, "web-dashboards", 0).await;
    ready(&s, &backend, &web).await;
    let a = call(&s.app, "GET", &format!("/exp/livelesson/{web}"))
        .send()
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    let dashboard = &a.body["LiveEndpoints"]["dashboard"];
    let ip = cluster
        .get(&format!(
            "/api/v1/namespaces/antidote-{web}/services/dashboard"
        ))
        .unwrap()["spec"]["clusterIP"]
        .clone();
    assert_eq!(dashboard["Host"], ip);
    assert_eq!(
        dashboard["LivePresentations"][0],
        json!({"Name": "web", "Port": 8080, "Type": "http", "HepDomain": format!("antidote-{web}-dashboard-web.labs.example.com")})
    );
    assert_eq!(
        a.body["LiveEndpoints"]["client"]["LivePresentations"][0]["HepDomain"],
        ""
    );
    assert_eq!(a.body["GuideDomain"], "");
    assert_eq!(
        (a.body["HealthyTests"].clone(), a.body["TotalTests"].clone()),
        (json!(2), json!(2))
    );
    // The ingress the domain names exists, with the TLS secret's name.
    let ingress = cluster
        .get(&format!(
            "/apis/networking.k8s.io/v1/namespaces/antidote-{web}/ingresses/dashboard-web"
        ))
        .unwrap();
    assert_eq!(
        ingress["spec"]["rules"][0]["host"],
        format!("antidote-{web}-dashboard-web.labs.example.com")
    );
    assert_eq!(ingress["spec"]["tls"][0]["secretName"], "tls-certificate");

    // A jupyter stage: the guide's domain, and the guide is not counted as an endpoint.
    let nb = livelesson(&s, "network-config-basics", 1).await;
    ready(&s, &backend, &nb).await;
    let a = call(&s.app, "GET", &format!("/exp/livelesson/{nb}"))
        .send()
        .await;
    assert_eq!(a.body["GuideType"], "jupyter");
    assert_eq!(
        a.body["GuideDomain"],
        format!("antidote-{nb}-jupyterlabguide-web.labs.example.com")
    );
    assert_eq!(
        (a.body["HealthyTests"].clone(), a.body["TotalTests"].clone()),
        (json!(4), json!(4))
    );
    assert!(a.body["LiveEndpoints"].get("jupyterlabguide").is_none());
    let v1 = call(&s.app, "GET", &format!("/api/v1/livelessons/{nb}"))
        .send()
        .await;
    assert_eq!(v1.body["status"], "READY");
    assert_eq!(v1.body["guide"]["type"], "jupyter");
    assert_eq!(
        v1.body["guide"]["domain"],
        format!("antidote-{nb}-jupyterlabguide-web.labs.example.com")
    );
    let endpoints = v1.body["endpoints"].as_array().unwrap();
    let router1 = endpoints.iter().find(|e| e["name"] == "router1").unwrap();
    assert_eq!(router1["access"][0]["type"], "ssh");
    assert_eq!(router1["access"][0]["port"], 22);
    assert!(
        endpoints
            .iter()
            .any(|e| e["name"] == "jupyterlabguide" && e["guide"] == true)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_orphan_sweep_at_start_deletes_namespaces_without_a_row_and_spares_running_lessons() {
    let config = k8s_config();
    let s = served(config.clone()).await;
    let cluster = FakeCluster::new();
    let backend = Arc::new(backend(&cluster, &config));
    // A running lesson (its row READY), and an orphan (a namespace without a row: its row was
    // deleted while its replica died).
    let running = {
        let _scheduler = acker(&s).await;
        livelesson(&s, "shell-first-steps", 0).await
    };
    ready(&s, &backend, &running).await;
    let lesson = antidote_lib::validate::validate_dir(
        &repo().join("curriculum-examples"),
        &antidote_lib::validate::Options::default(),
    )
    .unwrap()
    .curriculum;
    let shell = lesson
        .lessons
        .iter()
        .find(|l| l.slug == "shell-first-steps")
        .unwrap();
    let images = lesson
        .images
        .iter()
        .map(|i| (i.slug.clone(), i.clone()))
        .collect();
    let files = antidote_lib::provision::DirFiles::walk(
        repo().join("curriculum-examples/lessons/shell-first-steps"),
    )
    .unwrap();
    let orphan = antidote_lib::provision::Environment::new(
        ("orphan1", "gone", 0),
        shell,
        &images,
        Arc::new(files),
    )
    .unwrap();
    backend.create(&orphan).await.unwrap();
    cluster.clear_requests();

    let (stop, stop_rx) = tokio::sync::watch::channel(false);
    let (tx, rx) = tokio::sync::oneshot::channel();
    let scheduler = tokio::spawn(antidote::scheduler::run(Context {
        config: config.clone(),
        store: s.state.store.clone(),
        comms: s.state.comms.clone(),
        backend: Some(backend.clone() as Arc<dyn Backend>),
        shutdown: Shutdown::new(stop_rx),
        ready: Ready::new(tx),
    }));
    rx.await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while cluster.get("/api/v1/namespaces/antidote-orphan1").is_some() {
        assert!(Instant::now() < deadline, "the orphan was not swept");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let lines: Vec<String> = cluster.requests().iter().map(|r| r.line()).collect();
    assert!(lines.contains(&"DELETE /api/v1/namespaces/antidote-orphan1".to_owned()));
    assert!(
        !lines
            .iter()
            .any(|l| l.starts_with("DELETE") && l.contains(&running)),
        "{lines:#?}"
    );
    assert!(
        cluster
            .get(&format!("/api/v1/namespaces/antidote-{running}"))
            .is_some()
    );
    assert_eq!(
        s.state
            .store
            .livelesson(&running)
            .await
            .unwrap()
            .unwrap()
            .status,
        Status::Ready
    );
    stop.send(true).unwrap();
    scheduler.await.unwrap().unwrap();
}
