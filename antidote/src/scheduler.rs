//! The scheduler: takes livelesson work from the bus and drives each livelesson to READY (or
//! FAILED) on a [`Backend`], any number of replicas at once.
//!
//! - Work comes from the queue group `scheduler` (each request goes to exactly one replica):
//!   NewLiveLesson, StageChangeLiveLesson and DeleteLiveLesson. The request is acknowledged at
//!   once (what it asks for is already in the database: the row, its stage, its deletion), then
//!   a task takes a permit (`scheduler.concurrency`), claims the livelesson (owner and lease,
//!   under its row lock) and drives it (`provision::drive`), which also carries out a deletion
//!   asked for. A livelesson another replica holds is left to it: the holder sees a stage or a
//!   deletion asked for at its next step.
//! - A task of its own renews, every third of the lease, the leases of the livelessons this
//!   replica works on, and gives up any other hold it has; so a dead replica's livelessons are
//!   free again within one lease. A replica that cannot renew for two thirds of a lease stops
//!   its work (it may have lost its holds), and a task whose lease was not renewed is stopped.
//! - A sweeper claims, every `sweep_interval_ms`, the livelessons that need work (or a
//!   deletion) and that nobody holds (a dead replica's, or a request nobody received) and
//!   resumes them from their stored status.
//! - READY and FAILED are stored with their event (LiveLessonReady, LiveLessonFailed) in the
//!   outbox, in one transaction; the replica's [`Publisher`] publishes them at once (and
//!   whatever a dead replica left, once its two-second handover has run out).
//! - READY livelessons are never touched at start or shutdown: a restart keeps them READY. A
//!   replica that shuts down releases what it holds, so another resumes it at once.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use antidote_lib::comms::{
    Ack, BusError, Comms, DeleteLiveLesson, Event, NewLiveLesson, StageChangeLiveLesson,
    TraceContext,
};
use antidote_lib::config::Config;
use antidote_lib::provision::{Backend, DriveSettings, Outcome, drive};
use antidote_lib::store::state::Claim;
use antidote_lib::store::{Store, StoreError};
use futures_util::FutureExt as _;
use tokio::sync::Semaphore;
use tokio::task::{AbortHandle, JoinSet};
use tracing::Instrument as _;

use crate::context::{Context, ServiceError};
use crate::outbox::Publisher;

/// The queue group every scheduler replica joins.
pub const QUEUE_GROUP: &str = "scheduler";

/// A unique owner id for one replica: `<instance>-<pid>-<random>`.
pub fn owner_id(config: &Config) -> String {
    format!(
        "{}-{}-{}",
        config.instance_id,
        std::process::id(),
        crate::ids::short_reference()
    )
}

/// Runs a scheduler replica until `cx.shutdown` completes, then releases what it holds and
/// stops; it says it is ready once it takes work (so that one process can start its API after
/// its scheduler).
pub async fn run(cx: Context) -> Result<(), ServiceError> {
    let Context {
        config,
        store,
        comms,
        backend,
        shutdown,
        ready,
    } = cx;
    let backend = backend.ok_or(ServiceError::NoBackend("scheduler"))?;
    let shutdown = shutdown.wait();
    let mut new = comms.queue_subscribe::<NewLiveLesson>(QUEUE_GROUP).await?;
    let mut stage = comms
        .queue_subscribe::<StageChangeLiveLesson>(QUEUE_GROUP)
        .await?;
    let mut delete = comms
        .queue_subscribe::<DeleteLiveLesson>(QUEUE_GROUP)
        .await?;
    comms.bus().flush().await?;
    ready.up();
    let s = &config.scheduler;
    let owner = owner_id(&config);
    let publisher = Publisher::new(store.clone(), comms.clone(), owner.clone());
    let publishing = tokio::spawn(Arc::clone(&publisher).run());
    let scheduler = Arc::new(Scheduler {
        owner,
        publisher,
        lease_ms: i64::try_from(s.lease_ms).unwrap_or(i64::MAX),
        settings: DriveSettings {
            endpoint_retries: s.endpoint_retries,
            endpoint_timeout: Duration::from_millis(s.endpoint_timeout_ms),
            call_timeout: Duration::from_millis(s.call_timeout_ms),
            ..DriveSettings::default()
        },
        permits: Arc::new(Semaphore::new(
            usize::try_from(s.concurrency).unwrap_or(usize::MAX),
        )),
        concurrency: usize::try_from(s.concurrency).unwrap_or(usize::MAX),
        active: Mutex::new(HashMap::new()),
        claims: tokio::sync::RwLock::new(()),
        store,
        comms,
        backend,
    });
    tracing::info!(
        owner = %scheduler.owner,
        backend = scheduler.backend.name(),
        lease_ms = s.lease_ms,
        concurrency = s.concurrency,
        "scheduler started"
    );

    let mut tasks = JoinSet::new();
    let renewing =
        tokio::spawn(Arc::clone(&scheduler).renew(Duration::from_millis(s.lease_ms / 3)));
    let mut sweep = tokio::time::interval(Duration::from_millis(s.sweep_interval_ms));
    sweep.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut orphans = tokio::time::interval(Duration::from_millis(s.orphan_sweep_interval_ms));
    orphans.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tokio::pin!(shutdown);
    let ended = loop {
        tokio::select! {
            () = &mut shutdown => break None,
            m = new.next() => match m {
                Some(Ok(m)) => {
                    let id = m.event.livelesson_id.clone();
                    scheduler.work(&mut tasks, id, Some(Box::new(m)));
                }
                Some(Err(e)) => tracing::warn!("ignoring a malformed request: {e}"),
                None => break Some(ended::<NewLiveLesson>(&scheduler.comms)),
            },
            m = stage.next() => match m {
                Some(Ok(m)) => {
                    let id = m.event.livelesson_id.clone();
                    scheduler.work(&mut tasks, id, Some(Box::new(m)));
                }
                Some(Err(e)) => tracing::warn!("ignoring a malformed request: {e}"),
                None => break Some(ended::<StageChangeLiveLesson>(&scheduler.comms)),
            },
            m = delete.next() => match m {
                Some(Ok(m)) => {
                    let id = m.event.livelesson_id.clone();
                    scheduler.work(&mut tasks, id, Some(Box::new(m)));
                }
                Some(Err(e)) => tracing::warn!("ignoring a malformed request: {e}"),
                None => break Some(ended::<DeleteLiveLesson>(&scheduler.comms)),
            },
            _ = sweep.tick() => {
                scheduler
                    .sweep(&mut tasks)
                    .instrument(tracing::info_span!("scheduler.sweep"))
                    .await;
            }
            _ = orphans.tick() => {
                tasks.spawn(
                    Arc::clone(&scheduler)
                        .sweep_orphans()
                        .instrument(tracing::info_span!("scheduler.orphan_sweep")),
                );
            }
            Some(_) = tasks.join_next(), if !tasks.is_empty() => {}
        }
    };
    drop((new, stage, delete));
    renewing.abort();
    tasks.shutdown().await;
    publishing.abort();
    // What the work stored last goes out now rather than from another replica's next round.
    if let Err(e) = scheduler.publisher.shutdown().await {
        tracing::warn!("cannot publish the outbox's events at shutdown: {e}");
    }
    match scheduler.store.release_livelessons(&scheduler.owner).await {
        Ok(n) => tracing::info!(released = n, "scheduler stopped"),
        Err(e) => tracing::error!("cannot release livelessons at shutdown: {e}"),
    }
    match ended {
        Some(e) => Err(e.into()),
        None => Ok(()),
    }
}

fn ended<E: Event>(comms: &Comms) -> BusError {
    BusError::Subscribe {
        subject: comms.subject::<E>(),
        cause: "the subscription ended (the bus is gone)".into(),
    }
}

/// A request to acknowledge once the livelesson is claimed.
trait Ackable: Send {
    fn trace(&self) -> TraceContext;
    fn ack(self: Box<Self>, ack: Ack) -> futures_util::future::BoxFuture<'static, ()>;
}

impl<E: Event + Sync> Ackable for antidote_lib::comms::Received<E> {
    fn trace(&self) -> TraceContext {
        self.trace
    }

    fn ack(self: Box<Self>, ack: Ack) -> futures_util::future::BoxFuture<'static, ()> {
        async move {
            if let Err(e) = (*self).ack(ack).await {
                tracing::warn!("cannot acknowledge a request: {e}");
            }
        }
        .boxed()
    }
}

struct Active {
    abort: Option<AbortHandle>,
    again: bool,
    /// Claimed: its lease is renewed.
    held: bool,
}

struct Scheduler {
    store: Store,
    comms: Comms,
    backend: Arc<dyn Backend>,
    owner: String,
    /// Publishes the events the work stores (LiveLessonReady, LiveLessonFailed).
    publisher: Arc<Publisher>,
    lease_ms: i64,
    settings: DriveSettings,
    permits: Arc<Semaphore>,
    concurrency: usize,
    /// The livelessons this replica works on, by id.
    active: Mutex<HashMap<String, Active>>,
    /// Claims (shared) exclude renewals (exclusive): a renewal gives up every hold it does not
    /// know of, so it must not see a claim between the database and `active`.
    claims: tokio::sync::RwLock<()>,
}

impl Scheduler {
    fn active(&self) -> std::sync::MutexGuard<'_, HashMap<String, Active>> {
        self.active
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Works on `id` (a request to acknowledge, or a sweep claim when `request` is `None`),
    /// unless this replica already does: then that work goes round once more.
    fn work(
        self: &Arc<Self>,
        tasks: &mut JoinSet<()>,
        id: String,
        request: Option<Box<dyn Ackable>>,
    ) {
        self.start_work(tasks, id, request, false);
    }

    /// [`Scheduler::work`]; `held` when the livelesson is claimed for this replica already (by
    /// the sweep).
    fn start_work(
        self: &Arc<Self>,
        tasks: &mut JoinSet<()>,
        id: String,
        request: Option<Box<dyn Ackable>>,
        held: bool,
    ) {
        let trace = request.as_ref().map(|r| r.trace());
        // What the request asks for is in the database already: acknowledge at once.
        if let Some(r) = request {
            tokio::spawn(r.ack(Ack::accepted()));
        }
        {
            let mut active = self.active();
            if let Some(a) = active.get_mut(&id) {
                a.again = true;
                return;
            }
            active.insert(
                id.clone(),
                Active {
                    abort: None,
                    again: false,
                    held,
                },
            );
        }
        let this = Arc::clone(self);
        let task_id = id.clone();
        let abort = tasks.spawn(async move {
            let run = AssertUnwindSafe(this.clone().work_on(task_id.clone(), trace)).catch_unwind();
            if run.await.is_err() {
                tracing::error!(livelesson = %task_id, "working on a livelesson panicked; releasing it");
                let _ = this.store.release_livelesson(&task_id, &this.owner).await;
                this.active().remove(&task_id);
            }
        });
        if let Some(a) = self.active().get_mut(&id) {
            a.abort = Some(abort);
        }
    }

    async fn work_on(self: Arc<Self>, id: String, trace: Option<TraceContext>) {
        let trace = trace.unwrap_or_else(TraceContext::new_root);
        loop {
            // The permit first: a replica with a backlog does not hold work others could do.
            let permit = Arc::clone(&self.permits).acquire_owned().await;
            let claimed = {
                let _claiming = self.claims.read().await;
                let claimed = self
                    .store
                    .claim_livelesson(&id, &self.owner, self.lease_ms)
                    .await;
                if let Ok(Claim::Claimed(_)) = claimed
                    && let Some(a) = self.active().get_mut(&id)
                {
                    a.held = true;
                }
                claimed
            };
            match claimed {
                Ok(Claim::Claimed(ll)) => {
                    // One span per drive, the child of the request's trace context: the state
                    // changes are its events, the backend calls its children, and the events it
                    // stores in the outbox are sent as its children.
                    let span = tracing::info_span!(
                        "livelesson.drive",
                        otel.name = "livelesson drive",
                        livelesson = %id,
                        session = %ll.session_id,
                        lesson = %ll.lesson_slug,
                        stage = ll.stage,
                        status = ll.status.as_str(),
                        trace_id = %trace.trace_id_hex(),
                    );
                    crate::telemetry::continue_trace(&span, &trace);
                    let settings = DriveSettings {
                        trace: Some(crate::telemetry::trace_of(&span, || trace.child())),
                        ..self.settings
                    };
                    let outcome = drive(&self.store, &*self.backend, &self.owner, &id, &settings)
                        .instrument(span.clone())
                        .await;
                    match outcome {
                        Ok(outcome) => span.in_scope(|| self.announce(&id, outcome)),
                        Err(StoreError::Corrupt { what, reason }) => {
                            // Trying again cannot help: say so in the livelesson.
                            let why = format!("its stored state cannot be read ({what}: {reason})");
                            tracing::error!(livelesson = %id, "livelesson failed: {why}");
                            antidote_lib::metrics::metrics()
                                .failures
                                .get_or_create(&antidote_lib::metrics::Failure {
                                    lesson: "unknown".into(),
                                    reason: "state",
                                })
                                .inc();
                            let _ = self
                                .store
                                .set_livelesson_failed(&id, &self.owner, &why, &[])
                                .await;
                        }
                        Err(e) => {
                            tracing::error!(livelesson = %id, "database error, releasing the livelesson to try again: {e}");
                            let _ = self.store.release_livelesson(&id, &self.owner).await;
                        }
                    }
                }
                Ok(Claim::Held { owner }) => {
                    tracing::debug!(livelesson = %id, %owner, "another replica works on it");
                }
                Ok(Claim::Missing) => {}
                Err(e) => {
                    // The work is in the database: the sweeper takes it once the database answers.
                    tracing::error!(livelesson = %id, "cannot claim a livelesson: {e}");
                }
            }
            drop(permit);
            let mut active = self.active();
            match active.get_mut(&id) {
                Some(a) if a.again => {
                    a.again = false;
                    a.held = false;
                }
                _ => {
                    active.remove(&id);
                    return;
                }
            }
        }
    }

    /// Renews the leases of what this replica works on, every `every`, until aborted. Work
    /// whose lease was not renewed (another replica took it over) is stopped; when renewing
    /// fails for two thirds of a lease, every piece of work is stopped, since its holds may be
    /// gone.
    async fn renew(self: Arc<Self>, every: Duration) {
        let mut tick = tokio::time::interval(every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut renewed_at = tokio::time::Instant::now();
        let fence = Duration::from_millis(u64::try_from(self.lease_ms * 2 / 3).unwrap_or(0));
        loop {
            tick.tick().await;
            async {
            let renewing = self.claims.write().await;
            let ids: Vec<String> = self
                .active()
                .iter()
                .filter(|(_, a)| a.held)
                .map(|(id, _)| id.clone())
                .collect();
            let renewal = self
                .store
                .renew_leases(&self.owner, &ids, self.lease_ms)
                .await;
            drop(renewing);
            let m = antidote_lib::metrics::metrics();
            m.lease_renewals
                .get_or_create(&antidote_lib::metrics::Renewal {
                    service: "scheduler",
                    outcome: if renewal.is_ok() { "ok" } else { "error" },
                })
                .inc();
            m.leases_held
                .get_or_create(&antidote_lib::metrics::ServiceLabel {
                    service: "scheduler",
                })
                .set(i64::try_from(renewal.as_ref().map_or(0, Vec::len)).unwrap_or(i64::MAX));
            match renewal {
                Ok(renewed) => {
                    renewed_at = tokio::time::Instant::now();
                    for id in ids.iter().filter(|id| !renewed.contains(id)) {
                        // Still held here, unless the work ended meanwhile.
                        if self.active().get(id).is_some_and(|a| a.held) {
                            self.stop(id, "its hold is gone (another replica took it over, or it was deleted)");
                        }
                    }
                }
                Err(e) => {
                    tracing::error!("cannot renew leases: {e}");
                    if renewed_at.elapsed() >= fence {
                        let ids: Vec<String> = self.active().keys().cloned().collect();
                        for id in &ids {
                            self.stop(id, "its lease could not be renewed");
                        }
                    }
                }
            }
            }
            .instrument(tracing::info_span!("scheduler.renew"))
            .await;
        }
    }

    /// Stops this replica's work on `id` (it may no longer hold it).
    fn stop(&self, id: &str, why: &str) {
        if let Some(a) = self.active().remove(id) {
            tracing::warn!(livelesson = id, "stopping work: {why}");
            if let Some(abort) = a.abort {
                abort.abort();
            }
        }
    }

    /// Says how driving ended; an event it stored is published by the replica's publisher.
    fn announce(&self, id: &str, outcome: Outcome) {
        match outcome {
            Outcome::Ready {
                event,
                lesson_slug,
                stage,
                duration,
            } => {
                tracing::info!(livelesson = id, lesson = %lesson_slug, stage, duration_ms = duration.as_millis() as u64, event = %event.id, "livelesson ready");
                self.publisher.publish(event);
            }
            Outcome::Failed { event, .. } => {
                tracing::debug!(livelesson = id, event = %event.id, "livelesson failed");
                self.publisher.publish(event);
            }
            Outcome::Deleted => {
                tracing::info!(livelesson = id, "livelesson torn down and deleted");
            }
            Outcome::Idle | Outcome::Lost => {}
        }
    }

    /// Claims what nobody holds (a dead replica's work, requests nobody received), as much as
    /// this replica has room for, and resumes it.
    async fn sweep(self: &Arc<Self>, tasks: &mut JoinSet<()>) {
        let room = self.concurrency.saturating_sub(self.active().len());
        if room == 0 {
            return;
        }
        let claiming = self.claims.read().await;
        let claimed = self
            .store
            .claim_livelessons(
                &self.owner,
                self.lease_ms,
                i64::try_from(room).unwrap_or(i64::MAX),
            )
            .await;
        match claimed {
            Ok(ids) => {
                for id in ids {
                    tracing::info!(livelesson = %id, "resuming a livelesson nobody held");
                    self.start_work(tasks, id, None, true);
                }
                drop(claiming);
            }
            Err(e) => tracing::error!("cannot look for livelessons to resume: {e}"),
        }
    }

    /// Tears down what the backend has of livelessons that have no row any more (a replica
    /// died between deleting a row and finishing its teardown, or the database was reset).
    /// A row is inserted before anything is provisioned for it, so what has no row is an orphan.
    async fn sweep_orphans(self: Arc<Self>) {
        let ids = match self.backend.livelessons().await {
            Ok(ids) => ids,
            Err(e) => {
                tracing::warn!("cannot look for orphaned livelessons on the backend: {e}");
                return;
            }
        };
        for id in ids {
            match self.store.livelesson(&id).await {
                Ok(Some(_)) => {}
                Ok(None) => {
                    tracing::info!(livelesson = %id, "tearing down an orphan (it has no row)");
                    if let Err(e) = self.backend.teardown(&id).await {
                        tracing::warn!(livelesson = %id, "tearing down an orphan failed: {e}");
                    }
                }
                Err(e) => {
                    tracing::warn!("cannot look for orphaned livelessons: {e}");
                    return;
                }
            }
        }
    }
}
