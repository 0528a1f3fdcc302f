//! The scheduler on the Docker backend, as real processes against a real engine (Podman's
//! compatible service): a scheduler killed with SIGKILL while it boots a lesson, another
//! replica finishing it with nothing made twice, and an orphan (its row gone) swept.

use std::sync::{Arc, Mutex};
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

/// Runs `command` over SSH on the published port `port` as the examples' `antidote` user.
fn ssh(port: u64, command: &str) -> String {
    antidote_lib::provision::testing::ssh(
        u16::try_from(port).unwrap(),
        "antidote",
        "antidotepassword",
        command,
    )
}

async fn get(http: &reqwest::Client, base: &str, id: &str) -> serde_json::Value {
    http.get(format!("{base}/api/v1/livelessons/{id}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn objectives_are_checked_while_the_learner_works_and_a_killed_checker_is_replaced() {
    use antidote_lib::comms::ObjectiveComplete;

    let engine = TestEngine::shared();
    let extra = format!(
        "backend: docker\ndocker:\n  host: {}\n  pull: false\n  probe_timeout_ms: 1000\nimages:\n  overrides: [\"linux-shell={}\"]\n  configurator: {}\nchecker:\n  interval_ms: 200\n  max_interval_ms: 400\n  lease_ms: 1500\n",
        engine.host, engine.image, engine.image
    );
    // An instance of its own: the other test's scheduler sweeps orphans of "antidote".
    let mut cluster = Cluster::with_instance(0, &extra, "checks").await;
    let _scheduler = cluster.start("scheduler", STARTED);
    let mut checker_a = cluster.start("checker", "checker started");
    let (_api, base) = cluster.start_api();
    let mut events = cluster
        .comms
        .subscribe::<ObjectiveComplete>()
        .await
        .unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    tokio::spawn(async move {
        while let Some(Ok(e)) = events.next().await {
            sink.lock()
                .unwrap()
                .push((e.event.stage, e.event.objective));
        }
    });

    // A learner at stage 1 of shell-first-steps (two objectives).
    let http = reqwest::Client::new();
    let (id, _) = Cluster::new_livelesson_via_api(&http, &base, "shell-first-steps", 1).await;
    let statuses = |l: &serde_json::Value| -> Vec<String> {
        l["objectives"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|o| o["status"].as_str().unwrap_or("").to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    let wait = async |what: &str, done: &dyn Fn(&serde_json::Value) -> bool| -> serde_json::Value {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let l = get(&http, &base, &id).await;
            if done(&l) {
                return l;
            }
            assert!(Instant::now() < deadline, "{what}: {l}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    let l = wait("both objectives checked and incomplete", &|l| {
        statuses(l) == ["incomplete", "incomplete"]
    })
    .await;
    assert_eq!(l["status"], "READY");
    assert_eq!(l["objectives"][0]["text"], "Create the file notes.txt");
    assert!(l["complete_message"].is_null());
    let port = l["endpoints"][0]["access"][0]["port"].as_u64().unwrap();

    // The learner does what objective 0 asks: it becomes complete, objective 1 does not.
    ssh(port, "touch ~/notes.txt");
    let l = wait("objective 0 complete", &|l| statuses(l)[0] == "complete").await;
    assert_eq!(statuses(&l)[1], "incomplete");
    assert!(l["objectives"][0]["completed_at"].as_i64().is_some(), "{l}");

    // The checker is killed; another replica takes its work over.
    checker_a.kill();
    let _checker_b = cluster.start("checker", "checker started");
    ssh(port, "echo Ada Lovelace >> ~/notes.txt");
    let l = wait("objective 1 complete after the kill", &|l| {
        statuses(l) == ["complete", "complete"]
    })
    .await;
    assert_eq!(
        l["complete_message"],
        "Well done! You created a file and wrote to it from the shell."
    );
    // One ObjectiveComplete per objective, the first by the killed replica.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut got = seen.lock().unwrap().clone();
    got.sort_unstable();
    assert_eq!(got, [(1, 0), (1, 1)]);
    // /exp shows the same.
    let exp: serde_json::Value = http
        .get(format!("{base}/exp/livelesson/{id}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(exp["Objectives"]["Items"][1]["status"], "complete", "{exp}");
    assert!(exp["Objectives"]["CompleteMessage"].is_string(), "{exp}");

    // A stage change starts over: stage 0 has no objectives, nothing is checked or published.
    let changed = http
        .put(format!("{base}/api/v1/livelessons/{id}/stage"))
        .json(&serde_json::json!({"stage": 0}))
        .send()
        .await
        .unwrap();
    assert!(changed.status().is_success());
    let l = wait("stage 0 READY", &|l| {
        l["status"] == "READY" && l["stage"] == 0
    })
    .await;
    assert_eq!(l["objectives"], serde_json::json!([]));
    let stored = cluster.store.livelesson(&id).await.unwrap().unwrap();
    assert_eq!(
        stored.objectives,
        serde_json::json!([]),
        "the statuses of stage 1 were reset"
    );
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(seen.lock().unwrap().len(), 2);

    // Deleted: its endpoint, checker container and network are gone.
    let deleted = http
        .delete(format!("{base}/api/v1/livelessons/{id}"))
        .send()
        .await
        .unwrap();
    assert!(deleted.status().is_success());
    let backend = engine.backend("checks", &["linux-shell"]).await;
    wait_for(
        "the livelesson to be torn down",
        Duration::from_secs(30),
        async || backend.objects(&id).await.unwrap().is_empty(),
    )
    .await;
}
