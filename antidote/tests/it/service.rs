//! The service table and its supervisor: a service that fails or panics is named, and the
//! others are stopped cleanly.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use antidote::service::{Context, Parts, SERVICES, Service, ServiceError, Supervisor};
use antidote_lib::comms::{Comms, InProcessBus};
use antidote_lib::config::Config;
use antidote_lib::store::{DatabaseUrl, Store};
use futures_util::FutureExt as _;

static STOPPED: AtomicUsize = AtomicUsize::new(0);

/// Up at once, then waits for the shutdown and counts that it stopped.
async fn patient(cx: Context) -> Result<(), ServiceError> {
    cx.ready.up();
    cx.shutdown.wait().await;
    STOPPED.fetch_add(1, Ordering::SeqCst);
    Ok(())
}

/// Up, then panics once told to (when the test's channel closes).
async fn panicking(cx: Context) -> Result<(), ServiceError> {
    cx.ready.up();
    tokio::task::yield_now().await;
    panic!("the disk is on fire");
}

const TABLE: &[Service] = &[
    Service {
        name: "first",
        about: "waits",
        uses_backend: false,
        run: |cx| patient(cx).boxed(),
    },
    Service {
        name: "second",
        about: "waits",
        uses_backend: false,
        run: |cx| patient(cx).boxed(),
    },
    Service {
        name: "flaky",
        about: "panics",
        uses_backend: false,
        run: |cx| panicking(cx).boxed(),
    },
];

async fn parts() -> (Parts, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&DatabaseUrl::Sqlite(tmp.path().join("a.db")))
        .await
        .unwrap();
    let comms = Comms::new(Arc::new(InProcessBus::new()), "antidote").unwrap();
    let parts = Parts {
        config: Config::default(),
        store,
        comms,
        backend: None,
    };
    (parts, tmp)
}

#[tokio::test]
async fn a_panicking_service_is_named_and_the_others_stop() {
    let (parts, _tmp) = parts().await;
    let mut supervisor = Supervisor::new();
    for service in TABLE {
        supervisor.start(service, parts.clone()).await.unwrap();
    }
    let failure = supervisor
        .wait(std::future::pending())
        .await
        .expect_err("the panic ends the process's services");
    assert_eq!(failure.service, "flaky");
    assert!(
        failure.cause.contains("panicked: the disk is on fire"),
        "{failure}"
    );
    assert_eq!(
        failure.to_string(),
        "the flaky service failed: it panicked: the disk is on fire"
    );
    assert_eq!(
        STOPPED.load(Ordering::SeqCst),
        2,
        "both others saw the shutdown"
    );
}

#[tokio::test]
async fn a_service_that_fails_at_start_is_named() {
    let (parts, _tmp) = parts().await;
    let scheduler = SERVICES.iter().find(|s| s.name == "scheduler").unwrap();
    // The scheduler drives a backend: started without one it fails, by name.
    let failure = Supervisor::new()
        .start(scheduler, parts)
        .await
        .expect_err("no backend");
    assert_eq!(failure.service, "scheduler");
    assert!(
        failure.cause.contains("needs a provisioning backend"),
        "{failure}"
    );
}

#[test]
fn the_table_lists_each_service_once() {
    let names: Vec<&str> = SERVICES.iter().map(|s| s.name).collect();
    assert_eq!(names, ["scheduler", "checker", "gc", "stats", "api"]);
}

/// Polls `url` until `done` holds for its status and body, for at most 30 s.
async fn wait_until(
    client: &reqwest::Client,
    url: &str,
    done: impl Fn(u16, &serde_json::Value) -> bool,
) -> serde_json::Value {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let r = client.get(url).send().await.unwrap();
        let status = r.status().as_u16();
        let body: serde_json::Value = r.json().await.unwrap_or_default();
        if done(status, &body) {
            return body;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{url} never got there: {status} {body}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_its_limit_a_session_gives_up_its_least_recently_used_livelesson() {
    let tmp = tempfile::tempdir().unwrap();
    let mut config = Config {
        tier: antidote_lib::curriculum::Tier::Local,
        database_url: Some(format!("sqlite://{}", tmp.path().join("a.db").display())),
        ..Config::default()
    };
    config.api.listen = "127.0.0.1:0".into();
    config.api.livelessons_per_session = 1;
    let running = antidote::serve::start(
        antidote::serve::ServeOptions {
            config,
            curriculum: Some(
                crate::support::repo()
                    .join("curriculum-examples")
                    .display()
                    .to_string(),
            ),
            allow_shrink: false,
        },
        Arc::new(()),
    )
    .await
    .unwrap();
    let base = format!("http://{}/api/v1", running.addr);
    let client = reqwest::Client::new();
    let session: serde_json::Value = client
        .post(format!("{base}/sessions"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let sid = session["id"].as_str().unwrap();
    let start = |lesson: &'static str| {
        client
            .post(format!("{base}/livelessons"))
            .json(&serde_json::json!({"session_id": sid, "lesson_slug": lesson}))
            .send()
    };
    let first: serde_json::Value = start("shell-first-steps")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let first_id = first["id"].as_str().unwrap().to_owned();
    let first_url = format!("{base}/livelessons/{first_id}");
    wait_until(&client, &first_url, |_, b| b["status"] == "READY").await;

    let second = start("network-config-basics").await.unwrap();
    assert_eq!(second.status().as_u16(), 201);
    let second: serde_json::Value = second.json().await.unwrap();
    assert_eq!(
        second["given_up"],
        serde_json::json!({"id": first_id, "lesson_slug": "shell-first-steps"})
    );
    // The one given up is torn down and deleted by the scheduler; the new one starts.
    wait_until(&client, &first_url, |status, _| status == 404).await;
    let second_url = format!("{base}/livelessons/{}", second["id"].as_str().unwrap());
    wait_until(&client, &second_url, |_, b| b["status"] == "READY").await;
    running.wait(std::future::ready(())).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_names_a_later_service_that_cannot_start_and_stops_the_others() {
    let tmp = tempfile::tempdir().unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let mut config = Config {
        database_url: Some(format!("sqlite://{}", tmp.path().join("a.db").display())),
        ..Config::default()
    };
    config.api.listen = taken.local_addr().unwrap().to_string();
    // The scheduler and gc start first; the API cannot listen. `start` returns only once the
    // services that did start have stopped.
    let Err(err) = antidote::serve::start(
        antidote::serve::ServeOptions {
            config,
            curriculum: None,
            allow_shrink: false,
        },
        Arc::new(()),
    )
    .await
    else {
        panic!("serve started on a taken address");
    };
    let text = err.to_string();
    assert!(
        text.starts_with("the api service failed: cannot listen on 127.0.0.1:"),
        "{text}"
    );
}
