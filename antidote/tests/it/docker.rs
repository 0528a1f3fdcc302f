//! The scheduler on the Docker backend, as real processes against a real engine (Podman's
//! compatible service): a scheduler killed with SIGKILL while it boots a lesson, another
//! replica finishing it with nothing made twice, and an orphan (its row gone) swept.

use std::time::{Duration, Instant};

use antidote_lib::provision::testing::TestEngine;
use antidote_lib::provision::{Backend as _, DockerBackend};
use antidote_lib::store::state::Status;

use crate::cluster::Cluster;

const STARTED: &str = "scheduler started";

async fn wait_for(what: &str, within: Duration, mut check: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + within;
    while !check().await {
        assert!(Instant::now() < deadline, "{what} within {within:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scheduler_killed_while_booting_is_replaced_and_nothing_is_made_twice_or_orphaned() {
    let engine = TestEngine::shared();
    let extra = format!(
        "backend: docker\ndocker:\n  host: {}\n  pull: false\n  probe_timeout_ms: 1000\nimages:\n  overrides: [\"linux-shell={}\"]\n  configurator: {}\nscheduler:\n  lease_ms: 3000\n  sweep_interval_ms: 500\n  orphan_sweep_interval_ms: 1000\n",
        engine.host, engine.image, engine.image
    );
    let mut cluster = Cluster::new(0, &extra).await;
    let backend: DockerBackend = engine.backend("antidote", &["linux-shell"]).await;
    let n = 9000 + (std::process::id() % 1000) as usize;
    let id = format!("l{n:04}");
    backend.teardown(&id).await.unwrap();

    let mut a = cluster.start("scheduler", STARTED);
    let (id2, acked) = cluster.new_livelesson(n, "shell-first-steps", false).await;
    assert_eq!(id2, id);
    assert!(acked, "no scheduler took the request");
    // Killed while booting: its container exists, the livelesson is not READY.
    wait_for(
        "the first scheduler to create the endpoint",
        Duration::from_secs(30),
        async || {
            backend
                .objects(&id)
                .await
                .unwrap()
                .iter()
                .any(|o| o.starts_with("container "))
        },
    )
    .await;
    let status = cluster.store.livelesson(&id).await.unwrap().unwrap().status;
    assert_ne!(
        status,
        Status::Ready,
        "too late to kill: the test proves nothing"
    );
    a.kill();
    let killed_at = Instant::now();
    let _b = cluster.start("scheduler", STARTED);
    cluster
        .wait_status(
            std::slice::from_ref(&id),
            Status::Ready,
            Duration::from_secs(60),
        )
        .await;
    eprintln!("READY {:?} after the kill", killed_at.elapsed());
    let ll = cluster.store.livelesson(&id).await.unwrap().unwrap();
    let endpoints = ll.endpoints.as_array().unwrap();
    assert_eq!(endpoints.len(), 1, "{endpoints:?}");
    assert_eq!(endpoints[0]["ready"], true);
    assert_eq!(endpoints[0]["host"], "127.0.0.1");
    assert!(
        endpoints[0]["access"][0]["port"].as_u64().is_some(),
        "{endpoints:?}"
    );
    assert!(!ll.preview);
    // One container and one network: what the dead replica made was completed, not made again.
    assert_eq!(
        backend.objects(&id).await.unwrap(),
        [
            format!("container antidote-{id}-shell"),
            format!("network antidote-{id}-mgmt"),
        ]
    );

    // The row goes without a teardown (a replica died between the two): the orphan sweep
    // removes what is left.
    assert!(cluster.store.delete_livelesson(&id).await.unwrap());
    wait_for(
        "the orphan sweep to tear it down",
        Duration::from_secs(20),
        async || backend.objects(&id).await.unwrap().is_empty(),
    )
    .await;
}
