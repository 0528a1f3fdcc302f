//! The livelesson state machine on a backend that fails on demand, and the preview backend,
//! on both engines.

use std::sync::Arc;
use std::time::Duration;

use antidote_lib::curriculum::Tier;
use antidote_lib::import::{ImportOptions, import};
use antidote_lib::provision::preview::read_record;
use antidote_lib::provision::testing::{Script, ScriptedBackend};
use antidote_lib::provision::{DriveSettings, Outcome, PreviewBackend, ProvisionError, drive};
use antidote_lib::store::Store;
use antidote_lib::store::state::{Claim, LiveLesson, NewLiveLesson, Status};

use crate::support::{engines, examples};

const OWNER: &str = "replica-a";

fn settings() -> DriveSettings {
    DriveSettings {
        endpoint_retries: 2,
        endpoint_timeout: Duration::from_millis(60),
        poll_interval: Duration::from_millis(10),
        call_timeout: Duration::from_secs(5),
        trace: None,
    }
}

async fn store_with_examples(url: &antidote_lib::store::DatabaseUrl) -> Store {
    let store = Store::open(url).await.unwrap();
    let options = ImportOptions {
        source: examples().display().to_string(),
        reference: None,
        tier: Tier::Local,
        ..ImportOptions::default()
    };
    import(&store, &options, Arc::new(())).await.unwrap();
    store
}

/// A new livelesson of web-dashboards (two endpoints, one stage), in a session of its own,
/// claimed by [`OWNER`].
async fn claimed(store: &Store, id: &str) -> LiveLesson {
    let slug = "web-dashboards";
    let session = format!("s-{id}");
    store.create_session(&session, "192.0.2.1").await.unwrap();
    store
        .create_livelesson(&NewLiveLesson {
            id,
            session_id: &session,
            lesson_slug: slug,
            stage: 0,
            traceparent: None,
        })
        .await
        .unwrap();
    match store.claim_livelesson(id, OWNER, 10_000).await.unwrap() {
        Claim::Claimed(l) => *l,
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_livelesson_goes_to_ready_and_is_released() {
    for (engine, url, _guard) in engines().await {
        let store = store_with_examples(&url).await;
        let backend = ScriptedBackend::new(Script::default());
        claimed(&store, "ll1").await;
        let outcome = drive(&store, &backend, OWNER, "ll1", &settings())
            .await
            .unwrap();
        assert!(
            matches!(&outcome, Outcome::Ready { stage: 0, lesson_slug, .. } if lesson_slug == "web-dashboards"),
            "{engine}: {outcome:?}"
        );
        // Its LiveLessonReady waits in the outbox, written with READY and held by the driver
        // (who has it to publish at once); another publisher gets it once it is given back.
        let Outcome::Ready { event, .. } = &outcome else {
            unreachable!()
        };
        let event_id = &event.id;
        assert!(
            store
                .claim_outbox("test", 10_000, 10)
                .await
                .unwrap()
                .is_empty(),
            "{engine}: the driver holds its event"
        );
        assert_eq!(store.release_outbox(OWNER).await.unwrap(), 1, "{engine}");
        let pending = store.claim_outbox("test", 10_000, 10).await.unwrap();
        assert_eq!(pending.len(), 1, "{engine}: {pending:?}");
        assert_eq!(&pending[0], event, "{engine}: the event as stored");
        assert_eq!(
            (pending[0].id.as_str(), pending[0].subject.as_str()),
            (event_id.as_str(), "livelessons.ready"),
            "{engine}"
        );
        let event: antidote_lib::comms::LiveLessonReady =
            serde_json::from_str(&pending[0].payload).unwrap();
        assert_eq!(
            (
                event.event_id.as_str(),
                event.livelesson_id.as_str(),
                event.stage
            ),
            (event_id.as_str(), "ll1", 0),
            "{engine}"
        );
        let l = store.livelesson("ll1").await.unwrap().unwrap();
        assert_eq!(l.status, Status::Ready, "{engine}");
        assert_eq!((l.owner, l.lease_expires_at), (None, None), "{engine}");
        assert!(!l.preview);
        assert_eq!(
            l.endpoints,
            serde_json::json!([
                {"name": "dashboard", "host": "10.0.0.1", "ready": true},
                {"name": "client", "host": "10.0.0.2", "ready": true},
            ]),
            "{engine}"
        );
        assert_eq!(backend.calls(), ["create:ll1", "configure:ll1"], "{engine}");

        // Driving it again does nothing; neither does driving without holding it.
        store.claim_livelesson("ll1", OWNER, 10_000).await.unwrap();
        assert_eq!(
            drive(&store, &backend, OWNER, "ll1", &settings())
                .await
                .unwrap(),
            Outcome::Idle
        );
        store.request_stage("ll1", 0, None).await.unwrap();
        assert_eq!(
            drive(&store, &backend, "replica-b", "ll1", &settings())
                .await
                .unwrap(),
            Outcome::Lost
        );
        assert_eq!(backend.calls().len(), 2, "{engine}");

        // A stage change: configure only, then READY at the new stage.
        store.claim_livelesson("ll1", OWNER, 10_000).await.unwrap();
        let outcome = drive(&store, &backend, OWNER, "ll1", &settings())
            .await
            .unwrap();
        assert!(
            matches!(outcome, Outcome::Ready { stage: 0, .. }),
            "{engine}: {outcome:?}"
        );
        assert_eq!(backend.calls().last().unwrap(), "configure:ll1");
        assert_eq!(backend.count("create"), 1);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn endpoints_that_do_not_come_up_are_retried_then_fail_with_a_reason_and_teardown() {
    for (engine, url, _guard) in engines().await {
        let store = store_with_examples(&url).await;

        // Up after two restarts: within the two retries.
        let backend = ScriptedBackend::new(Script {
            down_until_restarts: 2,
            ..Script::default()
        });
        claimed(&store, "ll1").await;
        let outcome = drive(&store, &backend, OWNER, "ll1", &settings())
            .await
            .unwrap();
        assert!(
            matches!(outcome, Outcome::Ready { .. }),
            "{engine}: {outcome:?}"
        );
        assert_eq!(backend.count("restart"), 2, "{engine}");
        assert_eq!(backend.count("teardown"), 0, "{engine}");

        // Never up: three attempts, then FAILED with the reason, torn down at once.
        let backend = ScriptedBackend::new(Script {
            down_until_restarts: u32::MAX,
            ..Script::default()
        });
        claimed(&store, "ll2").await;
        let outcome = drive(&store, &backend, OWNER, "ll2", &settings())
            .await
            .unwrap();
        let reason = "endpoint `client` did not come up after 3 attempts";
        assert!(
            matches!(&outcome, Outcome::Failed { lesson_slug, stage: 0, reason: r, .. }
                if lesson_slug == "web-dashboards" && r == reason),
            "{engine}: {outcome:?}"
        );
        assert_eq!(
            backend.calls(),
            ["create:ll2", "restart:ll2", "restart:ll2", "teardown:ll2"],
            "{engine}"
        );
        let l = store.livelesson("ll2").await.unwrap().unwrap();
        assert_eq!(l.status, Status::Failed);
        assert_eq!(l.error.as_deref(), Some(reason));
        assert_eq!(l.owner, None);
        assert_eq!(l.endpoints, serde_json::json!([]));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn create_and_configure_failures_fail_at_once_with_the_backends_reason() {
    for (engine, url, _guard) in engines().await {
        let store = store_with_examples(&url).await;
        let backend = ScriptedBackend::new(Script {
            create_error: Some(ProvisionError::permanent(
                "image `web-app` cannot be pulled",
            )),
            ..Script::default()
        });
        claimed(&store, "ll1").await;
        let outcome = drive(&store, &backend, OWNER, "ll1", &settings())
            .await
            .unwrap();
        assert!(
            matches!(outcome, Outcome::Failed { ref reason, .. } if reason == "image `web-app` cannot be pulled"),
            "{engine}: {outcome:?}"
        );
        assert_eq!(backend.calls(), ["create:ll1", "teardown:ll1"], "{engine}");

        // A retryable create error is retried (bounded), then fails.
        let backend = ScriptedBackend::new(Script {
            create_error: Some(ProvisionError::retryable("the cluster is busy")),
            ..Script::default()
        });
        claimed(&store, "ll3").await;
        let outcome = drive(&store, &backend, OWNER, "ll3", &settings())
            .await
            .unwrap();
        assert!(matches!(outcome, Outcome::Failed { .. }), "{engine}");
        assert_eq!(backend.count("create"), 3, "{engine}");
        assert_eq!(backend.count("teardown"), 1, "{engine}");

        let backend = ScriptedBackend::new(Script {
            configure_error: Some(ProvisionError::permanent("the playbook failed on `client`")),
            ..Script::default()
        });
        claimed(&store, "ll2").await;
        let outcome = drive(&store, &backend, OWNER, "ll2", &settings())
            .await
            .unwrap();
        assert!(
            matches!(outcome, Outcome::Failed { ref reason, .. } if reason == "stage 0 could not be configured: the playbook failed on `client`"),
            "{engine}: {outcome:?}"
        );
        assert_eq!(
            backend.calls(),
            ["create:ll2", "configure:ll2", "teardown:ll2"],
            "{engine}"
        );
        // Asked for again from the start (as the API does), it goes to READY.
        backend.set_script(Script::default());
        store.request_stage("ll2", 0, None).await.unwrap();
        store.claim_livelesson("ll2", OWNER, 10_000).await.unwrap();
        let outcome = drive(&store, &backend, OWNER, "ll2", &settings())
            .await
            .unwrap();
        assert!(
            matches!(outcome, Outcome::Ready { stage: 0, .. }),
            "{engine}: {outcome:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn leases_keep_other_owners_out_until_they_expire() {
    for (engine, url, _guard) in engines().await {
        let store = store_with_examples(&url).await;
        claimed(&store, "ll1").await;
        assert_eq!(
            store
                .claim_livelesson("ll1", "replica-b", 10_000)
                .await
                .unwrap(),
            Claim::Held {
                owner: OWNER.into()
            },
            "{engine}"
        );
        assert!(
            store
                .claim_livelessons("replica-b", 10_000, 10)
                .await
                .unwrap()
                .is_empty()
        );
        // An expired lease is taken over; the old owner's writes are refused.
        store.claim_livelesson("ll1", OWNER, -1).await.unwrap();
        assert!(matches!(
            store
                .claim_livelesson("ll1", "replica-b", 10_000)
                .await
                .unwrap(),
            Claim::Claimed(_)
        ));
        assert!(
            !store
                .set_livelesson_status("ll1", OWNER, Status::Booting, None)
                .await
                .unwrap()
        );
        let ll1 = ["ll1".to_owned()];
        assert!(
            store
                .renew_leases(OWNER, &ll1, 10_000)
                .await
                .unwrap()
                .is_empty(),
            "the old owner's renewal tells it the hold is gone"
        );
        assert_eq!(
            store.renew_leases("replica-b", &ll1, 10_000).await.unwrap(),
            ll1
        );
        // A hold its owner no longer works on is given up at the next renewal.
        claimed(&store, "ll2").await;
        assert_eq!(
            store
                .livelesson("ll2")
                .await
                .unwrap()
                .unwrap()
                .owner
                .as_deref(),
            Some(OWNER)
        );
        assert!(
            store
                .renew_leases(OWNER, &[], 10_000)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(store.livelesson("ll2").await.unwrap().unwrap().owner, None);
        assert_eq!(store.release_livelessons("replica-b").await.unwrap(), 1);
        assert_eq!(
            store.claim_livelesson("nope", OWNER, 10_000).await.unwrap(),
            Claim::Missing
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_preview_backend_provisions_nothing_and_records_what_it_did() {
    for (engine, url, _guard) in engines().await {
        let store = store_with_examples(&url).await;
        let tmp = tempfile::tempdir().unwrap();
        let record = tmp.path().join("record.jsonl");
        let backend = PreviewBackend::new(&antidote_lib::config::PreviewConfig {
            delay_ms: 0,
            record: Some(record.clone()),
        })
        .unwrap();
        claimed(&store, "ll1").await;
        let outcome = drive(&store, &backend, OWNER, "ll1", &settings())
            .await
            .unwrap();
        assert!(
            matches!(outcome, Outcome::Ready { .. }),
            "{engine}: {outcome:?}"
        );
        let l = store.livelesson("ll1").await.unwrap().unwrap();
        assert!(l.preview, "{engine}");
        assert_eq!(
            l.endpoints,
            serde_json::json!([
                {"name": "dashboard", "host": null, "ready": true},
                {"name": "client", "host": null, "ready": true},
            ])
        );
        let lines = read_record(&record).unwrap();
        let ops: Vec<&str> = lines.iter().map(|l| l.op.as_str()).collect();
        assert_eq!(ops, ["create", "configure"], "{engine}");
        assert!(
            lines
                .iter()
                .all(|l| l.by == backend.by() && l.livelesson == "ll1")
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deletion_asked_for_while_booting_tears_down_and_deletes() {
    for (engine, url, _guard) in engines().await {
        let store = store_with_examples(&url).await;
        // Endpoints never come up: the holder keeps polling until it notices the deletion.
        let backend = Arc::new(ScriptedBackend::new(Script {
            down_until_restarts: u32::MAX,
            ..Script::default()
        }));
        claimed(&store, "ll1").await;
        let slow = DriveSettings {
            endpoint_timeout: Duration::from_secs(30),
            ..settings()
        };
        let (s, b) = (store.clone(), Arc::clone(&backend));
        let driving = tokio::spawn(async move { drive(&s, &*b, OWNER, "ll1", &slow).await });
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(
            store
                .request_delete("ll1", "deleted by the learner")
                .await
                .unwrap()
        );
        let outcome = tokio::time::timeout(Duration::from_secs(10), driving)
            .await
            .expect("the holder notices the deletion at its next poll")
            .unwrap()
            .unwrap();
        assert_eq!(outcome, Outcome::Deleted, "{engine}");
        assert_eq!(backend.calls().last().unwrap(), "teardown:ll1", "{engine}");
        assert!(store.livelesson("ll1").await.unwrap().is_none(), "{engine}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deletion_of_a_ready_livelesson_is_found_by_the_sweep() {
    for (engine, url, _guard) in engines().await {
        let store = store_with_examples(&url).await;
        let backend = ScriptedBackend::new(Script::default());
        claimed(&store, "ll1").await;
        drive(&store, &backend, OWNER, "ll1", &settings())
            .await
            .unwrap();
        assert!(
            store
                .claim_livelessons("replica-b", 10_000, 10)
                .await
                .unwrap()
                .is_empty()
        );
        // The message saying so may be lost: the row says it.
        store
            .request_delete("ll1", "killed by an administrator")
            .await
            .unwrap();
        // A deleted-to-be livelesson is neither restaged nor failed by the API.
        assert_eq!(
            store
                .request_stage("ll1", 0, None)
                .await
                .unwrap()
                .unwrap()
                .status,
            Status::Ready
        );
        assert!(!store.fail_unowned_livelesson("ll1", "x").await.unwrap());
        assert_eq!(
            store
                .claim_livelessons("replica-b", 10_000, 10)
                .await
                .unwrap(),
            ["ll1"],
            "{engine}"
        );
        let outcome = drive(&store, &backend, "replica-b", "ll1", &settings())
            .await
            .unwrap();
        assert_eq!(outcome, Outcome::Deleted, "{engine}");
        assert!(store.livelesson("ll1").await.unwrap().is_none(), "{engine}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_fails_only_livelessons_nothing_was_provisioned_for() {
    for (engine, url, _guard) in engines().await {
        let store = store_with_examples(&url).await;
        let backend = ScriptedBackend::new(Script::default());
        claimed(&store, "ll1").await;
        drive(&store, &backend, OWNER, "ll1", &settings())
            .await
            .unwrap();
        assert!(
            !store.fail_unowned_livelesson("ll1", "late").await.unwrap(),
            "{engine}: a READY livelesson stays READY"
        );
        // A stage asked for with no scheduler: left for the sweep, not FAILED.
        store.request_stage("ll1", 0, None).await.unwrap();
        assert!(!store.fail_unowned_livelesson("ll1", "late").await.unwrap());
        assert_eq!(
            store.livelesson("ll1").await.unwrap().unwrap().status,
            Status::Configuration
        );
        // An INITIALIZED one nobody took is.
        let session = "s-ll2";
        store.create_session(session, "192.0.2.1").await.unwrap();
        store
            .create_livelesson(&NewLiveLesson {
                id: "ll2",
                session_id: session,
                lesson_slug: "web-dashboards",
                stage: 0,
                traceparent: None,
            })
            .await
            .unwrap();
        assert!(
            store
                .fail_unowned_livelesson("ll2", "no scheduler")
                .await
                .unwrap(),
            "{engine}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hung_backend_call_times_out_and_the_livelesson_fails_with_a_reason() {
    for (engine, url, _guard) in engines().await {
        let store = store_with_examples(&url).await;
        let backend = ScriptedBackend::new(Script {
            create_hangs: true,
            ..Script::default()
        });
        claimed(&store, "ll1").await;
        let quick = DriveSettings {
            call_timeout: Duration::from_millis(50),
            ..settings()
        };
        let outcome = tokio::time::timeout(
            Duration::from_secs(10),
            drive(&store, &backend, OWNER, "ll1", &quick),
        )
        .await
        .expect("a hung call does not hold the livelesson")
        .unwrap();
        assert!(
            matches!(&outcome, Outcome::Failed { reason, .. } if reason.contains("did not answer within")),
            "{engine}: {outcome:?}"
        );
        assert_eq!(
            backend.count("create"),
            3,
            "{engine}: tried, then retried twice"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gc_asks_for_idle_livelessons_and_deletes_idle_sessions_on_both_engines() {
    for (engine, url, _guard) in engines().await {
        let store = store_with_examples(&url).await;
        for (session, persistent) in [
            ("idle", false),
            ("kept", true),
            ("busy", false),
            ("empty", false),
            ("empty-kept", true),
        ] {
            store.create_session(session, "192.0.2.1").await.unwrap();
            store
                .set_session_persistent(session, persistent)
                .await
                .unwrap();
        }
        for (id, session) in [("l-idle", "idle"), ("l-kept", "kept"), ("l-busy", "busy")] {
            store
                .create_livelesson(&NewLiveLesson {
                    id,
                    session_id: session,
                    lesson_slug: "web-dashboards",
                    stage: 0,
                    traceparent: None,
                })
                .await
                .unwrap();
        }
        let now = antidote_lib::store::now_ms();
        for id in ["l-idle", "l-kept", "idle", "kept", "empty", "empty-kept"] {
            store.set_last_active(id, now - 60_000).await.unwrap();
        }
        let asked = store
            .claim_idle_livelessons(now - 30_000, "idle", 10)
            .await
            .unwrap();
        assert_eq!(
            asked,
            ["l-idle"],
            "{engine}: persistent and active ones are kept"
        );
        assert!(
            store
                .livelesson("l-idle")
                .await
                .unwrap()
                .unwrap()
                .delete_requested_at
                .is_some()
        );
        assert!(
            store
                .claim_idle_livelessons(now - 30_000, "idle", 10)
                .await
                .unwrap()
                .is_empty(),
            "{engine}: asked once"
        );
        let mut deleted = store.delete_idle_sessions(now - 30_000, 10).await.unwrap();
        deleted.sort();
        assert_eq!(
            deleted,
            ["empty"],
            "{engine}: only idle, not persistent, without livelessons"
        );
    }
}
