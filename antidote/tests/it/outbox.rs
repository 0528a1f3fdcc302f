//! Events are never lost: LiveLessonReady / LiveLessonFailed / ObjectiveComplete are stored in
//! the outbox with their state change and published from there at least once, each copy with
//! the same `event_id`, whatever dies or fails between the commit and the publish.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use antidote::context::{Context, Ready, Shutdown};
use antidote::outbox::Publisher;
use antidote_lib::comms::{
    Bus, BusError, Comms, Event, InProcessBus, LiveLessonFailed, LiveLessonReady, MSG_ID, Message,
    NewLiveLesson, Subscription, TraceContext, new_event_id,
};
use antidote_lib::provision::{Backend, DriveSettings, Outcome, PreviewBackend, drive};
use antidote_lib::store::Store;
use antidote_lib::store::outbox::{HANDOVER_MS, OutboxEvent};
use antidote_lib::store::state::{Claim, NewLiveLesson as NewRow};
use antidote_lib::store::testing::PgDatabase;
use futures_util::future::BoxFuture;

use crate::cluster::Cluster;

/// Every event `E` received, in order.
async fn collect<E: Event + Clone + Sync>(comms: &Comms) -> Arc<Mutex<Vec<E>>> {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let mut events = comms.subscribe::<E>().await.unwrap();
    comms.bus().flush().await.unwrap();
    let out = Arc::clone(&seen);
    tokio::spawn(async move {
        while let Some(Ok(e)) = events.next().await {
            out.lock().unwrap().push(e.event.clone());
        }
    });
    seen
}

/// Waits (up to `within`) until `done` holds of what was received.
async fn until<E: Clone>(seen: &Mutex<Vec<E>>, within: Duration, done: impl Fn(&[E]) -> bool) {
    let deadline = Instant::now() + within;
    loop {
        if done(&seen.lock().unwrap()) {
            return;
        }
        assert!(Instant::now() < deadline, "timed out waiting for events");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Waits (up to 20 s) until every event of the outbox is published and deleted.
async fn drained(store: &Store) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while store.outbox_pending().await.unwrap() > 0 {
        assert!(Instant::now() < deadline, "events stay in the outbox");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A session and a livelesson row of `shell-first-steps` at stage 0, as the API makes them.
async fn row(store: &Store, n: usize) -> String {
    let (session, id) = (format!("s{n:04}"), format!("l{n:04}"));
    store.create_session(&session, "192.0.2.1").await.unwrap();
    store
        .create_livelesson(&NewRow {
            id: &id,
            session_id: &session,
            lesson_slug: "shell-first-steps",
            stage: 0,
            traceparent: None,
        })
        .await
        .unwrap();
    id
}

/// A scheduler in this process on `store` and `comms` (preview backend), started; send `true`
/// to stop it.
async fn scheduler_in_process(
    store: &Store,
    comms: &Comms,
) -> (
    tokio::sync::watch::Sender<bool>,
    tokio::task::JoinHandle<Result<(), antidote::context::ServiceError>>,
) {
    let config = antidote_lib::config::Config {
        tier: antidote_lib::curriculum::Tier::Local,
        ..Default::default()
    };
    let (stop, stop_rx) = tokio::sync::watch::channel(false);
    let (tx, rx) = tokio::sync::oneshot::channel();
    let backend: Arc<dyn Backend> =
        Arc::new(PreviewBackend::new(&antidote_lib::config::PreviewConfig::default()).unwrap());
    let scheduler = tokio::spawn(antidote::scheduler::run(Context {
        config,
        store: store.clone(),
        comms: comms.clone(),
        backend: Some(backend),
        shutdown: Shutdown::new(stop_rx),
        ready: Ready::new(tx),
    }));
    rx.await.unwrap();
    (stop, scheduler)
}

/// Sends NewLiveLesson for the row `id` of `session`, as the API does, and checks it was taken.
async fn request(comms: &Comms, id: &str, session: &str) {
    let ack = comms
        .request(
            &NewLiveLesson {
                livelesson_id: id.to_owned(),
                session_id: session.to_owned(),
                lesson_slug: "shell-first-steps".into(),
                stage: 0,
            },
            &TraceContext::new_root(),
            Duration::from_secs(3),
        )
        .await
        .unwrap();
    assert!(ack.accepted);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_a_dead_scheduler_committed_is_published_by_a_scheduler_started_after() {
    let mut cluster = Cluster::new(0, "").await;
    let ready = collect::<LiveLessonReady>(&cluster.comms).await;
    // The same messages as they are on the wire, for their headers.
    let mut raw = cluster
        .comms
        .bus()
        .subscribe(&cluster.comms.subject::<LiveLessonReady>())
        .await
        .unwrap();
    cluster.comms.bus().flush().await.unwrap();
    let id = row(&cluster.store, 1).await;
    // A replica drives it to READY and dies before it publishes anything: this process plays
    // it, with the real state machine, and never publishes.
    assert!(matches!(
        cluster
            .store
            .claim_livelesson(&id, "dead-replica", 10_000)
            .await
            .unwrap(),
        Claim::Claimed(_)
    ));
    let backend = PreviewBackend::new(&antidote_lib::config::PreviewConfig::default()).unwrap();
    let outcome = drive(
        &cluster.store,
        &backend,
        "dead-replica",
        &id,
        &DriveSettings::default(),
    )
    .await
    .unwrap();
    let Outcome::Ready { event, .. } = outcome else {
        panic!("{outcome:?}");
    };
    let event_id = event.id;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(ready.lock().unwrap().is_empty(), "nobody published it yet");

    // Another scheduler replica starts: it publishes what the dead one left.
    let _scheduler = cluster.start("scheduler", "scheduler started");
    until(&ready, Duration::from_secs(10), |e| !e.is_empty()).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let got = ready.lock().unwrap().clone();
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(
        (
            got[0].event_id.as_str(),
            got[0].livelesson_id.as_str(),
            got[0].lesson_slug.as_str()
        ),
        (event_id.as_str(), id.as_str(), "shell-first-steps")
    );
    drained(&cluster.store).await;
    let wire = tokio::time::timeout(Duration::from_secs(5), raw.next())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(wire.message.header(MSG_ID), Some(event_id.as_str()));
}

/// An in-process bus that fails on demand: the first `fail_publishes` publishes of
/// LiveLessonReady, and one flush right after the first LiveLessonReady that went out.
struct FlakyBus {
    inner: InProcessBus,
    fail_publishes: AtomicUsize,
    fail_next_flush: AtomicBool,
    armed: AtomicBool,
}

impl Bus for FlakyBus {
    fn publish<'a>(
        &'a self,
        subject: &'a str,
        message: Message,
    ) -> BoxFuture<'a, Result<(), BusError>> {
        Box::pin(async move {
            let ready = subject.ends_with(LiveLessonReady::SUBJECT);
            if ready
                && self
                    .fail_publishes
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                    .is_ok()
            {
                return Err(BusError::Publish {
                    subject: subject.to_owned(),
                    cause: "the bus is down (injected)".into(),
                });
            }
            self.inner.publish(subject, message).await?;
            if ready && !self.armed.swap(true, Ordering::SeqCst) {
                self.fail_next_flush.store(true, Ordering::SeqCst);
            }
            Ok(())
        })
    }

    fn subscribe<'a>(&'a self, subject: &'a str) -> BoxFuture<'a, Result<Subscription, BusError>> {
        self.inner.subscribe(subject)
    }

    fn queue_subscribe<'a>(
        &'a self,
        subject: &'a str,
        group: &'a str,
    ) -> BoxFuture<'a, Result<Subscription, BusError>> {
        self.inner.queue_subscribe(subject, group)
    }

    fn request<'a>(
        &'a self,
        subject: &'a str,
        message: Message,
        timeout: Duration,
    ) -> BoxFuture<'a, Result<Message, BusError>> {
        self.inner.request(subject, message, timeout)
    }

    fn flush(&self) -> BoxFuture<'_, Result<(), BusError>> {
        Box::pin(async move {
            if self.fail_next_flush.swap(false, Ordering::SeqCst) {
                return Err(BusError::Flush {
                    cause: "the connection broke (injected)".into(),
                });
            }
            self.inner.flush().await
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_publish_is_retried_and_a_duplicate_keeps_its_event_id() {
    let pg = PgDatabase::new().await;
    let store = Store::open(&pg.url).await.unwrap();
    crate::support::import_dir(&store, &crate::cluster::examples()).await;
    let bus = Arc::new(FlakyBus {
        inner: InProcessBus::new(),
        fail_publishes: AtomicUsize::new(1),
        fail_next_flush: AtomicBool::new(false),
        armed: AtomicBool::new(false),
    });
    let comms = Comms::new(bus.clone(), "antidote").unwrap();
    let ready = collect::<LiveLessonReady>(&comms).await;
    let (stop, scheduler) = scheduler_in_process(&store, &comms).await;
    let id = row(&store, 1).await;
    request(&comms, &id, "s0001").await;
    // The first publish fails (the bus is down): the event still arrives. The flush after the
    // first copy fails (was it sent?): it is sent again, with the same id.
    until(&ready, Duration::from_secs(15), |e| e.len() >= 2).await;
    drained(&store).await;
    let got = ready.lock().unwrap().clone();
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0], got[1], "a duplicate is the same event");
    assert_eq!(got[0].event_id.len(), 32, "{got:?}");
    assert_eq!(got[0].livelesson_id, id);
    assert_eq!(bus.fail_publishes.load(Ordering::SeqCst), 0);
    stop.send(true).unwrap();
    scheduler.await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_replica_that_stored_an_event_publishes_it_at_once() {
    let pg = PgDatabase::new().await;
    let store = Store::open(&pg.url).await.unwrap();
    crate::support::import_dir(&store, &crate::cluster::examples()).await;
    let comms = Comms::new(Arc::new(InProcessBus::new()), "antidote").unwrap();
    let ready = collect::<LiveLessonReady>(&comms).await;
    let (stop, scheduler) = scheduler_in_process(&store, &comms).await;
    let id = row(&store, 1).await;
    let asked = Instant::now();
    request(&comms, &id, "s0001").await;
    until(&ready, Duration::from_secs(10), |e| !e.is_empty()).await;
    // The row is written held by its writer for the handover: no round can take it before,
    // so an event that arrives sooner went out from the scheduler that stored it.
    let took = asked.elapsed();
    assert!(
        took < Duration::from_millis(u64::try_from(HANDOVER_MS).unwrap()),
        "LiveLessonReady took {took:?}: it waited for a publisher's round"
    );
    drained(&store).await;
    assert_eq!(ready.lock().unwrap().len(), 1);
    stop.send(true).unwrap();
    scheduler.await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicas_publish_each_event_once_between_them() {
    let pg = PgDatabase::new().await;
    let store = Store::open(&pg.url).await.unwrap();
    crate::support::import_dir(&store, &crate::cluster::examples()).await;
    let comms = Comms::new(Arc::new(InProcessBus::new()), "antidote").unwrap();
    let failed = collect::<LiveLessonFailed>(&comms).await;
    const N: usize = 200;
    let mut ids = Vec::new();
    for n in 0..N {
        let id = row(&store, n).await;
        assert!(matches!(
            store.claim_livelesson(&id, "w", 10_000).await.unwrap(),
            Claim::Claimed(_)
        ));
        let event = LiveLessonFailed {
            event_id: new_event_id(),
            livelesson_id: id.clone(),
            lesson_slug: "shell-first-steps".into(),
            stage: 0,
            reason: "test".into(),
        };
        let outboxed = OutboxEvent::new(&event.event_id, LiveLessonFailed::SUBJECT, &event, None);
        assert!(
            store
                .set_livelesson_failed(&id, "w", "test", &[outboxed])
                .await
                .unwrap()
        );
        ids.push(event.event_id);
    }
    assert_eq!(store.outbox_pending().await.unwrap(), N as i64);
    // Three replicas publish at once, each in rounds of its own.
    let replicas: Vec<_> = (0..3)
        .map(|r| {
            let p = Publisher::new(store.clone(), comms.clone(), format!("replica-{r}"));
            tokio::spawn(p.run())
        })
        .collect();
    until(&failed, Duration::from_secs(20), |e| e.len() >= N).await;
    // Every event published and deleted: nothing is left to publish again.
    drained(&store).await;
    for r in &replicas {
        r.abort();
    }
    let got = failed.lock().unwrap().clone();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for e in &got {
        *counts.entry(e.event_id.as_str()).or_default() += 1;
    }
    assert_eq!(got.len(), N, "each event once: {counts:?}");
    for id in &ids {
        assert_eq!(counts.get(id.as_str()), Some(&1), "{id}");
    }
    assert_eq!(store.outbox_pending().await.unwrap(), 0);
}
