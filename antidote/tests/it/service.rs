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
    assert_eq!(names, ["scheduler", "gc", "api"]);
}
