//! Schedulers and gc as real processes: a replica killed mid-work, gc replicas, restarts.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use antidote_lib::comms::{
    DeleteLiveLesson, Event, LiveLessonReady, StageChangeLiveLesson, TraceContext,
};
use antidote_lib::provision::preview::{RecordLine, read_record};
use antidote_lib::store::state::Status;

use crate::cluster::Cluster;

const STARTED: &str = "scheduler started";

/// Collects the livelesson ids of every event `E` published.
async fn collect<E: Event>(cluster: &Cluster, id: fn(&E) -> String) -> Arc<Mutex<Vec<String>>> {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let mut events = cluster.comms.subscribe::<E>().await.unwrap();
    cluster.comms.bus().flush().await.unwrap();
    let out = Arc::clone(&seen);
    tokio::spawn(async move {
        while let Some(Ok(e)) = events.next().await {
            out.lock().unwrap().push(id(&e.event));
        }
    });
    seen
}

fn counts(ids: &[String]) -> HashMap<String, usize> {
    let mut c = HashMap::new();
    for id in ids {
        *c.entry(id.clone()).or_default() += 1;
    }
    c
}

fn by_livelesson(lines: &[RecordLine], op: &str) -> BTreeMap<String, Vec<RecordLine>> {
    let mut m: BTreeMap<String, Vec<RecordLine>> = BTreeMap::new();
    for l in lines.iter().filter(|l| l.op == op) {
        m.entry(l.livelesson.clone()).or_default().push(l.clone());
    }
    m
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sixty_livelessons_reach_ready_exactly_once_while_a_scheduler_is_killed() {
    // Provisioning pretends to take a second, so the killed replica dies mid-work. Default
    // lease (10 s) and sweep interval (2 s).
    // Learners go through `antidote api` (a process of its own), as in production.
    let mut cluster = Cluster::new(1000, "").await;
    let mut a = cluster.start("scheduler", STARTED);
    let _b = cluster.start("scheduler", STARTED);
    let (_api, base) = cluster.start_api();
    let killed = format!("pid:{}", a.pid());
    let ready = collect::<LiveLessonReady>(&cluster, |e| e.livelesson_id.clone()).await;

    let http = reqwest::Client::new();
    let start = Instant::now();
    let requests =
        (0..60).map(|_| Cluster::new_livelesson_via_api(&http, &base, "shell-first-steps", 0));
    // Kill one scheduler while it is provisioning (five creates of its own in the record),
    // so that it dies holding work.
    let record = cluster.record.clone();
    let kill = async {
        let deadline = Instant::now() + Duration::from_secs(20);
        while read_record(&record)
            .unwrap_or_default()
            .iter()
            .filter(|l| l.op == "create" && l.by == killed)
            .count()
            < 5
        {
            assert!(
                Instant::now() < deadline,
                "the scheduler to kill never provisioned"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        a.kill();
        Instant::now()
    };
    let (results, killed_at) = tokio::join!(futures_util::future::join_all(requests), kill);
    let failed: Vec<_> = results.iter().filter(|(_, s)| s == "FAILED").collect();
    assert!(failed.is_empty(), "the API gave up on {failed:?}");
    let acked = results.len();
    let ids: Vec<String> = results.into_iter().map(|(id, _)| id).collect();
    cluster
        .wait_status(
            &ids,
            Status::Ready,
            Duration::from_secs(40).saturating_sub(start.elapsed()),
        )
        .await;
    let took = start.elapsed();
    let after_kill = killed_at.elapsed();
    // The dead replica's work is free within one lease (10 s) and resumed at the next sweep
    // (2 s); the preview backend then pretends to take 1 s.
    assert!(
        after_kill < Duration::from_secs(15),
        "the dead scheduler's livelessons were resumed {after_kill:?} after its death"
    );
    eprintln!(
        "60 livelessons READY in {took:?} ({acked} requests answered by the API) with one of two schedulers killed while provisioning; the last {after_kill:?} after the kill"
    );
    assert!(start.elapsed() < Duration::from_secs(40));

    // Exactly one LiveLessonReady per livelesson.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let ready = counts(&ready.lock().unwrap());
    for id in &ids {
        assert_eq!(
            ready.get(id),
            Some(&1),
            "LiveLessonReady events of {id}: {ready:?}"
        );
    }

    // The backend's own record: every livelesson created and configured; never provisioned by
    // two processes at once. One provisioned by two processes was the killed one's first.
    let lines = read_record(&cluster.record).unwrap();
    let creates = by_livelesson(&lines, "create");
    let configures = by_livelesson(&lines, "configure");
    let mut resumed = 0;
    for id in &ids {
        let c = creates
            .get(id)
            .unwrap_or_else(|| panic!("{id} never created"));
        let by: Vec<&str> = c.iter().map(|l| l.by.as_str()).collect();
        match by.as_slice() {
            [_] => {}
            [first, second] if *first == killed && *second != killed => resumed += 1,
            other => panic!("{id} created by {other:?}"),
        }
        let survivor = c.last().unwrap().by.as_str();
        let conf = configures
            .get(id)
            .unwrap_or_else(|| panic!("{id} never configured"));
        assert!(
            conf.iter()
                .all(|l| l.by == survivor && l.at_ms >= c.last().unwrap().at_ms),
            "{id}: configured by {conf:?} after creates {c:?}"
        );
        assert_eq!(conf.len(), 1, "{id} configured {conf:?}");
    }
    eprintln!("{resumed} livelessons resumed by the surviving scheduler after the kill");
    assert!(
        resumed > 0,
        "the kill interrupted nothing: the test proves nothing"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gc_replicas_delete_each_expired_livelesson_once_and_keep_persistent_sessions() {
    let mut cluster = Cluster::new(
        0,
        "gc:\n  interval_ms: 200\n  livelesson_ttl_ms: 2000\n  session_ttl_ms: 2000\n",
    )
    .await;
    let _s1 = cluster.start("scheduler", STARTED);
    let _s2 = cluster.start("scheduler", STARTED);
    let deletes = collect::<DeleteLiveLesson>(&cluster, |e| e.livelesson_id.clone()).await;
    let mut expiring = Vec::new();
    let mut kept = Vec::new();
    for n in 0..30 {
        let persistent = n % 5 == 0;
        let (id, acked) = cluster
            .new_livelesson(n, "shell-first-steps", persistent)
            .await;
        assert!(acked);
        if persistent {
            kept.push(id)
        } else {
            expiring.push(id)
        }
    }
    // Empty sessions: idle ones go, persistent ones stay.
    cluster
        .store
        .create_session("empty-1", "192.0.2.1")
        .await
        .unwrap();
    cluster
        .store
        .create_session("empty-2", "192.0.2.1")
        .await
        .unwrap();
    cluster
        .store
        .set_session_persistent("empty-2", true)
        .await
        .unwrap();
    let all: Vec<String> = expiring.iter().chain(&kept).cloned().collect();
    cluster
        .wait_status(&all, Status::Ready, Duration::from_secs(10))
        .await;

    let _g1 = cluster.start("gc", "gc started");
    let _g2 = cluster.start("gc", "gc started");
    let start = Instant::now();
    loop {
        let left = cluster.store.livelessons().await.unwrap();
        let sessions = cluster.store.sessions().await.unwrap();
        if left.len() == kept.len() && sessions.len() == kept.len() + 1 {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{} livelessons and {} sessions left",
            left.len(),
            sessions.len()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    eprintln!(
        "gc deleted {} livelessons in {:?}",
        expiring.len(),
        start.elapsed()
    );
    // Two more rounds of both replicas: nothing more happens.
    tokio::time::sleep(Duration::from_millis(600)).await;
    let left: Vec<String> = cluster
        .store
        .livelessons()
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.id)
        .collect();
    let mut kept_sorted = kept.clone();
    kept_sorted.sort();
    let mut left_sorted = left.clone();
    left_sorted.sort();
    assert_eq!(left_sorted, kept_sorted);
    let sessions: Vec<String> = cluster
        .store
        .sessions()
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert!(sessions.contains(&"empty-2".to_owned()) && !sessions.contains(&"empty-1".to_owned()));

    let deletes = counts(&deletes.lock().unwrap());
    let teardowns = by_livelesson(&read_record(&cluster.record).unwrap(), "teardown");
    for id in &expiring {
        assert_eq!(
            deletes.get(id),
            Some(&1),
            "DeleteLiveLesson for {id}: {deletes:?}"
        );
        assert_eq!(
            teardowns.get(id).map(Vec::len),
            Some(1),
            "teardowns of {id}"
        );
    }
    for id in &kept {
        assert_eq!(deletes.get(id), None);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_and_restarting_every_service_keeps_every_session_and_ready_livelesson() {
    let mut cluster = Cluster::new(0, "").await;
    let mut services = vec![
        cluster.start("scheduler", STARTED),
        cluster.start("scheduler", STARTED),
        cluster.start("gc", "gc started"),
    ];
    let mut ids = Vec::new();
    for n in 0..10 {
        ids.push(
            cluster
                .new_livelesson(n, "shell-first-steps", false)
                .await
                .0,
        );
    }
    cluster
        .wait_status(&ids, Status::Ready, Duration::from_secs(10))
        .await;
    let before = cluster.store.livelessons().await.unwrap();
    let sessions = cluster.store.sessions().await.unwrap();
    let record = read_record(&cluster.record).unwrap().len();

    for s in &mut services {
        s.kill();
    }
    let services = vec![
        cluster.start("scheduler", STARTED),
        cluster.start("scheduler", STARTED),
        cluster.start("gc", "gc started"),
    ];
    // Longer than a sweep and a gc round.
    tokio::time::sleep(Duration::from_millis(3000)).await;
    assert_eq!(cluster.store.livelessons().await.unwrap(), before);
    assert_eq!(cluster.store.sessions().await.unwrap(), sessions);
    assert_eq!(
        read_record(&cluster.record).unwrap().len(),
        record,
        "nothing provisioned or torn down again"
    );

    // And they still work: a stage change reaches READY at the new stage.
    cluster.store.request_stage(&ids[0], 1, None).await.unwrap();
    let ack = cluster
        .comms
        .request(
            &StageChangeLiveLesson {
                livelesson_id: ids[0].clone(),
                stage: 1,
            },
            &TraceContext::new_root(),
            Duration::from_secs(3),
        )
        .await
        .unwrap();
    assert!(ack.accepted);
    cluster
        .wait_status(&ids[..1], Status::Ready, Duration::from_secs(5))
        .await;
    assert_eq!(
        cluster
            .store
            .livelesson(&ids[0])
            .await
            .unwrap()
            .unwrap()
            .stage,
        1
    );
    drop(services);
}

/// Sends SIGTERM (a graceful stop) and waits for the process to end.
fn terminate(service: &mut crate::cluster::Service) {
    let status = std::process::Command::new("kill")
        .args(["-TERM", &service.pid().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(15);
    while service.child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "no graceful stop within 15 s");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopping_services_gracefully_mid_work_hands_the_work_over_and_loses_nothing() {
    // Provisioning pretends to take 1.5 s, so work is in progress when a scheduler stops.
    let mut cluster = Cluster::new(1500, "").await;
    let mut a = cluster.start("scheduler", STARTED);
    let mut b = cluster.start("scheduler", STARTED);
    let (mut api, base) = cluster.start_api();
    let stopped = format!("pid:{}", a.pid());
    let http = reqwest::Client::new();
    let requests =
        (0..10).map(|_| Cluster::new_livelesson_via_api(&http, &base, "shell-first-steps", 0));
    let ids: Vec<String> = futures_util::future::join_all(requests)
        .await
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !read_record(&cluster.record)
        .unwrap_or_default()
        .iter()
        .any(|l| l.op == "create" && l.by == stopped)
    {
        assert!(
            Instant::now() < deadline,
            "the scheduler to stop never provisioned"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let stop = Instant::now();
    terminate(&mut a);
    let took = cluster
        .wait_status(&ids, Status::Ready, Duration::from_secs(20))
        .await;
    // A stopping scheduler releases what it holds: the other resumes it at its next sweep,
    // without waiting for the lease (10 s) to run out.
    assert!(
        stop.elapsed() < Duration::from_secs(8),
        "work handed over {took:?} after the stop"
    );

    // Stop every service, start them again: every session and READY livelesson is intact.
    let before = cluster.store.livelessons().await.unwrap();
    let sessions = cluster.store.sessions().await.unwrap();
    terminate(&mut b);
    terminate(&mut api);
    let _b = cluster.start("scheduler", STARTED);
    let (_api, base) = cluster.start_api();
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(cluster.store.livelessons().await.unwrap(), before);
    assert_eq!(cluster.store.sessions().await.unwrap(), sessions);
    for id in &ids {
        let l: serde_json::Value = http
            .get(format!("{base}/api/v1/livelessons/{id}"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(l["status"], "READY", "{l}");
    }
}
