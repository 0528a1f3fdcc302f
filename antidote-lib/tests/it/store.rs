//! The store on both engines: schema creation, the version check, row claiming, the outbox
//! and the trace context a livelesson keeps.

use std::collections::HashSet;

use antidote_lib::store::state::{NewLiveLesson, Status};
use antidote_lib::store::{SCHEMA_VERSION, SchemaState, Store};

use crate::support::{PgDatabase, engines};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schema_is_created_once_and_other_versions_are_refused() {
    for (engine, url, _guard) in engines().await {
        let store = Store::connect(&url).await.unwrap();
        assert_eq!(
            store.schema_state().await.unwrap(),
            SchemaState::Empty,
            "{engine}"
        );
        let store = Store::open(&url).await.unwrap();
        assert_eq!(
            store.schema_state().await.unwrap(),
            SchemaState::Version(SCHEMA_VERSION.to_string()),
            "{engine}"
        );
        assert_eq!(store.curriculum_status().await.unwrap(), None);
        // Opening again is fine and changes nothing.
        Store::open(&url).await.unwrap();

        store.stamp_version("0").await.unwrap();
        let err = Store::open(&url).await.unwrap_err().to_string();
        assert!(
            err.contains("schema version 0") && err.contains("`antidotectl db init`"),
            "{engine}: {err}"
        );

        store.init(&url).await.unwrap();
        assert_eq!(
            store.schema_state().await.unwrap(),
            SchemaState::Version(SCHEMA_VERSION.to_string()),
            "{engine}"
        );
        Store::open(&url).await.unwrap();
        store.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_claims_never_share_a_livelesson() {
    for (engine, url, _guard) in engines().await {
        let store = Store::open(&url).await.unwrap();
        store.create_session("s1", "192.0.2.1").await.unwrap();
        for i in 0..40 {
            let slug = format!("lesson-{i}");
            let id = format!("ll-{i}");
            let ll = store
                .create_livelesson(&NewLiveLesson {
                    id: &id,
                    session_id: "s1",
                    lesson_slug: &slug,
                    stage: 0,
                    traceparent: None,
                })
                .await
                .unwrap();
            assert_eq!(ll.status, Status::Initialized);
        }
        let (a, b) = (store.clone(), store.clone());
        let (ours, theirs) = tokio::join!(
            tokio::spawn(
                async move { a.claim_livelessons("replica-a", 15_000, 25).await.unwrap() }
            ),
            tokio::spawn(
                async move { b.claim_livelessons("replica-b", 15_000, 25).await.unwrap() }
            ),
        );
        let (ours, theirs) = (ours.unwrap(), theirs.unwrap());
        let a: HashSet<_> = ours.iter().collect();
        let b: HashSet<_> = theirs.iter().collect();
        assert!(
            a.is_disjoint(&b),
            "{engine}: both replicas claimed {:?}",
            a.intersection(&b).collect::<Vec<_>>()
        );
        assert_eq!(a.len() + b.len(), 40, "{engine}");
        // Leases are live: nothing is left to claim.
        assert!(
            store
                .claim_livelessons("replica-c", 15_000, 100)
                .await
                .unwrap()
                .is_empty(),
            "{engine}"
        );

        // Only the owner may move a livelesson; an expired lease can be taken over.
        let id = ours[0].clone();
        assert!(
            !store
                .set_livelesson_status(&id, "replica-c", Status::Booting, None)
                .await
                .unwrap()
        );
        assert!(
            store
                .set_livelesson_status(&id, "replica-a", Status::Failed, Some("no endpoints"))
                .await
                .unwrap()
        );
        let ll = store.livelesson(&id).await.unwrap().unwrap();
        assert_eq!(
            (ll.status, ll.error.as_deref()),
            (Status::Failed, Some("no endpoints"))
        );
        let taken = store.claim_livelessons("replica-c", -1, 100).await.unwrap();
        assert!(taken.is_empty(), "{engine}: leases had not expired yet");
        store.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expired_leases_are_claimed_by_another_replica() {
    let pg = PgDatabase::new().await;
    let store = Store::open(&pg.url).await.unwrap();
    store.create_session("s1", "192.0.2.1").await.unwrap();
    store
        .create_livelesson(&NewLiveLesson {
            id: "ll",
            session_id: "s1",
            lesson_slug: "x",
            stage: 0,
            traceparent: None,
        })
        .await
        .unwrap();
    // A lease that expired at once, as when the owner died.
    assert_eq!(
        store.claim_livelessons("dead", -1, 10).await.unwrap(),
        ["ll"]
    );
    assert_eq!(
        store.claim_livelessons("alive", 15_000, 10).await.unwrap(),
        ["ll"]
    );
    assert_eq!(
        store
            .livelesson("ll")
            .await
            .unwrap()
            .unwrap()
            .owner
            .as_deref(),
        Some("alive")
    );
    store.close().await;
}

/// The SQLite and PostgreSQL migrations are one schema in two dialects: the same tables, the
/// same columns (and which may be NULL), primary keys, indexes (columns and uniqueness) and
/// foreign keys.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_engines_have_the_same_tables_columns_and_indexes() {
    let mut outlines = Vec::new();
    for (engine, url, _guard) in engines().await {
        let store = Store::open(&url).await.unwrap();
        outlines.push((
            engine,
            antidote_lib::store::testing::schema_outline(&store).await,
        ));
    }
    let (sqlite, pg) = (&outlines[0], &outlines[1]);
    assert!(sqlite.1.len() >= 8, "{}: {:?}", sqlite.0, sqlite.1.keys());
    let livelessons = &sqlite.1["antidote_state_livelessons"];
    assert!(
        livelessons
            .columns
            .iter()
            .any(|(c, _)| c == "delete_requested_at"),
        "the outline reads columns: {livelessons:?}"
    );
    assert!(
        livelessons
            .indexes
            .contains(&"unique (session_id,lesson_slug)".to_owned()),
        "the outline reads unique constraints: {livelessons:?}"
    );
    assert_eq!(livelessons.primary_key, ["id"]);
    assert_eq!(
        livelessons.foreign_keys,
        ["session_id -> antidote_state_sessions.id on delete CASCADE"]
    );
    assert_eq!(sqlite.1, pg.1, "{} and {} differ", sqlite.0, pg.0);
}

/// Creates livelesson `id` of `slug` in session `s1` and has replica `a` claim it and start
/// configuring it.
async fn configuring(store: &Store, id: &str, slug: &str) {
    store
        .create_livelesson(&NewLiveLesson {
            id,
            session_id: "s1",
            lesson_slug: slug,
            stage: 0,
            traceparent: None,
        })
        .await
        .unwrap();
    assert_eq!(
        store.claim_livelessons("a", 15_000, 10).await.unwrap(),
        [id]
    );
    assert!(
        store
            .set_livelesson_status(id, "a", Status::Configuration, None)
            .await
            .unwrap()
    );
}

/// An event goes to the outbox only with the change it reports, in its transaction: a write
/// that changes nothing (another owner, another stage) leaves no event; claims of the outbox
/// are disjoint until they run out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_are_stored_only_with_their_change_and_claimed_by_one_publisher() {
    use antidote_lib::store::outbox::OutboxEvent;
    let event = |id: &str| OutboxEvent {
        id: id.into(),
        subject: "livelessons.ready".into(),
        payload: format!(r#"{{"event_id":"{id}"}}"#),
        traceparent: None,
    };
    for (engine, url, _guard) in engines().await {
        let store = Store::open(&url).await.unwrap();
        store.create_session("s1", "192.0.2.1").await.unwrap();
        configuring(&store, "ll", "x").await;
        // Not the owner, not the stage: no change, no event.
        assert!(
            !store
                .set_livelesson_ready("ll", "b", 0, &[event("e-wrong-owner")])
                .await
                .unwrap()
        );
        assert!(
            !store
                .set_livelesson_ready("ll", "a", 1, &[event("e-wrong-stage")])
                .await
                .unwrap()
        );
        assert_eq!(store.outbox_pending().await.unwrap(), 0, "{engine}");
        assert!(
            store
                .set_livelesson_ready("ll", "a", 0, &[event("e-ready")])
                .await
                .unwrap()
        );
        assert_eq!(
            store.livelesson("ll").await.unwrap().unwrap().status,
            Status::Ready
        );
        // Objective statuses: only by the check's owner.
        assert!(
            !store
                .set_objectives(
                    "ll",
                    "c",
                    0,
                    &serde_json::json!([]),
                    true,
                    &[event("e-obj")]
                )
                .await
                .unwrap()
        );
        assert_eq!(store.outbox_pending().await.unwrap(), 1, "{engine}");

        // Its writer holds it (to publish it at once): no publisher gets it until the writer
        // gives it back (or its handover runs out).
        assert!(
            store
                .claim_outbox("p1", 60_000, 10)
                .await
                .unwrap()
                .is_empty(),
            "{engine}"
        );
        assert_eq!(store.release_outbox("b").await.unwrap(), 0, "{engine}");
        assert_eq!(store.release_outbox("a").await.unwrap(), 1, "{engine}");
        // One publisher claims it; another gets nothing until the claim runs out.
        let first = store.claim_outbox("p1", 60_000, 10).await.unwrap();
        assert_eq!(first, [event("e-ready")], "{engine}");
        assert!(
            store
                .claim_outbox("p2", 60_000, 10)
                .await
                .unwrap()
                .is_empty()
        );
        // A retry time in the past: any publisher may take it again.
        store.retry_outbox("e-ready", "p1", 0).await.unwrap();
        assert_eq!(
            store.claim_outbox("p2", 60_000, 10).await.unwrap(),
            [event("e-ready")]
        );
        // One transaction: when the event cannot be stored (its id is taken), the change is not
        // made either.
        configuring(&store, "ll2", "y").await;
        assert!(
            store
                .set_livelesson_ready("ll2", "a", 0, &[event("e-ready")])
                .await
                .is_err(),
            "{engine}"
        );
        assert_eq!(
            store.livelesson("ll2").await.unwrap().unwrap().status,
            Status::Configuration,
            "{engine}"
        );
        store.delete_outbox(&["e-ready"]).await.unwrap();
        assert_eq!(store.outbox_pending().await.unwrap(), 0, "{engine}");
        store.close().await;
    }
}

/// The trace context of the request that made a livelesson is stored with it, a stage
/// change's replaces it, and a livelesson made without one (or none at all) has none.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_livelessons_trace_context_is_that_of_its_creation_then_of_its_last_stage_change() {
    let created = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    let restaged = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00";
    for (engine, url, _guard) in engines().await {
        let store = Store::open(&url).await.unwrap();
        store.create_session("s1", "192.0.2.1").await.unwrap();
        for (id, lesson, traceparent) in [("traced", "x", Some(created)), ("untraced", "y", None)] {
            store
                .create_livelesson(&NewLiveLesson {
                    id,
                    session_id: "s1",
                    lesson_slug: lesson,
                    stage: 0,
                    traceparent,
                })
                .await
                .unwrap();
        }
        assert_eq!(
            store
                .livelesson_traceparent("traced")
                .await
                .unwrap()
                .as_deref(),
            Some(created),
            "{engine}"
        );
        assert_eq!(
            store.livelesson_traceparent("untraced").await.unwrap(),
            None,
            "{engine}"
        );
        assert_eq!(
            store.livelesson_traceparent("missing").await.unwrap(),
            None,
            "{engine}"
        );
        // A stage change: its request's trace context replaces the creation's.
        store
            .request_stage("traced", 1, Some(restaged))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            store
                .livelesson_traceparent("traced")
                .await
                .unwrap()
                .as_deref(),
            Some(restaged),
            "{engine}"
        );
        // A livelesson being deleted is left alone: its trace context too.
        assert!(store.request_delete("traced", "test").await.unwrap());
        store
            .request_stage("traced", 2, Some(created))
            .await
            .unwrap();
        assert_eq!(
            store
                .livelesson_traceparent("traced")
                .await
                .unwrap()
                .as_deref(),
            Some(restaged),
            "{engine}"
        );
        // A stage change without one leaves the next checks a trace of their own.
        store.request_stage("untraced", 1, None).await.unwrap();
        assert_eq!(
            store.livelesson_traceparent("untraced").await.unwrap(),
            None,
            "{engine}"
        );
        store.close().await;
    }
}
