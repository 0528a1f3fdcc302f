//! The scheduler: takes livelesson work from the bus and drives each livelesson to READY (or
//! FAILED) on a [`Backend`], any number of replicas at once.
//!
//! - Work comes from the queue group `scheduler` (each request goes to exactly one replica):
//!   NewLiveLesson and StageChangeLiveLesson claim the livelesson (owner and lease, under its
//!   row lock), acknowledge the request at once and drive it in a task of its own;
//!   DeleteLiveLesson tears it down and deletes its row.
//! - A replica renews the leases of everything it holds every third of the lease, so a dead
//!   replica's livelessons are free again within one lease. A sweeper claims, every
//!   `sweep_interval_ms`, the livelessons that need work and that nobody holds (a dead
//!   replica's, or a request nobody received) and resumes them from their stored status.
//! - READY livelessons are never touched at start or shutdown: a restart keeps them READY. A
//!   replica that shuts down releases what it holds, so another resumes it at once.

use std::collections::HashMap;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use antidote::comms::{
    Ack, BusError, Comms, DeleteLiveLesson, Event, LiveLessonFailed, LiveLessonReady,
    NewLiveLesson, StageChangeLiveLesson, TraceContext,
};
use antidote::config::Config;
use antidote::provision::{Backend, DriveSettings, Outcome, drive};
use antidote::store::Store;
use antidote::store::state::Claim;
use futures_util::FutureExt as _;
use tokio::sync::Semaphore;
use tokio::task::{AbortHandle, JoinSet};

/// The queue group every scheduler replica joins.
pub const QUEUE_GROUP: &str = "scheduler";

/// How long a delete waits for another replica to let go of a livelesson before giving up
/// (gc or the learner asks again later).
const DELETE_PATIENCE: Duration = Duration::from_secs(60);

/// A unique owner id for one replica: `<instance>-<pid>-<random>`.
pub fn owner_id(config: &Config) -> String {
    format!(
        "{}-{}-{}",
        config.instance_id,
        std::process::id(),
        crate::ids::short_reference()
    )
}

/// Runs a scheduler replica until `shutdown` completes, then releases what it holds and
/// returns. Fails only if it cannot subscribe to its work at start.
pub async fn run(
    config: Config,
    store: Store,
    comms: Comms,
    backend: Arc<dyn Backend>,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), BusError> {
    let (subscribed, _) = tokio::sync::oneshot::channel();
    run_announced(config, store, comms, backend, shutdown, subscribed).await
}

/// [`run`], saying on `subscribed` once it takes work (so that one process can start its API
/// after its scheduler).
pub async fn run_announced(
    config: Config,
    store: Store,
    comms: Comms,
    backend: Arc<dyn Backend>,
    shutdown: impl Future<Output = ()> + Send,
    subscribed: tokio::sync::oneshot::Sender<()>,
) -> Result<(), BusError> {
    let mut new = comms.queue_subscribe::<NewLiveLesson>(QUEUE_GROUP).await?;
    let mut stage = comms
        .queue_subscribe::<StageChangeLiveLesson>(QUEUE_GROUP)
        .await?;
    let mut delete = comms
        .queue_subscribe::<DeleteLiveLesson>(QUEUE_GROUP)
        .await?;
    comms.bus().flush().await?;
    let _ = subscribed.send(());
    let s = &config.scheduler;
    let scheduler = Arc::new(Scheduler {
        owner: owner_id(&config),
        lease_ms: i64::try_from(s.lease_ms).unwrap_or(i64::MAX),
        settings: DriveSettings {
            endpoint_retries: s.endpoint_retries,
            endpoint_timeout: Duration::from_millis(s.endpoint_timeout_ms),
            ..DriveSettings::default()
        },
        permits: Arc::new(Semaphore::new(
            usize::try_from(s.concurrency).unwrap_or(usize::MAX),
        )),
        concurrency: usize::try_from(s.concurrency).unwrap_or(usize::MAX),
        active: Mutex::new(HashMap::new()),
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
    let mut renew = tokio::time::interval(Duration::from_millis(s.lease_ms / 3));
    let mut sweep = tokio::time::interval(Duration::from_millis(s.sweep_interval_ms));
    renew.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    sweep.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
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
                Some(Ok(m)) => scheduler.delete(&mut tasks, m),
                Some(Err(e)) => tracing::warn!("ignoring a malformed request: {e}"),
                None => break Some(ended::<DeleteLiveLesson>(&scheduler.comms)),
            },
            _ = renew.tick() => {
                if let Err(e) = scheduler.store.renew_leases(&scheduler.owner, scheduler.lease_ms).await {
                    tracing::error!("cannot renew leases: {e}");
                }
            }
            _ = sweep.tick() => scheduler.sweep(&mut tasks).await,
            Some(_) = tasks.join_next(), if !tasks.is_empty() => {}
        }
    };
    drop((new, stage, delete));
    tasks.shutdown().await;
    match scheduler.store.release_livelessons(&scheduler.owner).await {
        Ok(n) => tracing::info!(released = n, "scheduler stopped"),
        Err(e) => tracing::error!("cannot release livelessons at shutdown: {e}"),
    }
    match ended {
        Some(e) => Err(e),
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

impl<E: Event + Sync> Ackable for antidote::comms::Received<E> {
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
}

struct Scheduler {
    store: Store,
    comms: Comms,
    backend: Arc<dyn Backend>,
    owner: String,
    lease_ms: i64,
    settings: DriveSettings,
    permits: Arc<Semaphore>,
    concurrency: usize,
    /// The livelessons this replica works on, by id.
    active: Mutex<HashMap<String, Active>>,
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
        {
            let mut active = self.active();
            if let Some(a) = active.get_mut(&id) {
                a.again = true;
                drop(active);
                if let Some(r) = request {
                    tokio::spawn(r.ack(Ack::accepted()));
                }
                return;
            }
            active.insert(
                id.clone(),
                Active {
                    abort: None,
                    again: false,
                },
            );
        }
        let this = Arc::clone(self);
        let task_id = id.clone();
        let abort = tasks.spawn(async move {
            let run = AssertUnwindSafe(this.clone().work_on(task_id.clone(), request)).catch_unwind();
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

    async fn work_on(self: Arc<Self>, id: String, mut request: Option<Box<dyn Ackable>>) {
        let trace = request
            .as_ref()
            .map_or_else(TraceContext::new_root, |r| r.trace());
        loop {
            match self
                .store
                .claim_livelesson(&id, &self.owner, self.lease_ms)
                .await
            {
                Ok(Claim::Claimed(_)) => {
                    if let Some(r) = request.take() {
                        r.ack(Ack::accepted()).await;
                    }
                    let permit = Arc::clone(&self.permits).acquire_owned().await;
                    let outcome = drive(
                        &self.store,
                        &*self.backend,
                        &self.owner,
                        &id,
                        &self.settings,
                    )
                    .await;
                    drop(permit);
                    match outcome {
                        Ok(outcome) => self.publish(&id, outcome, &trace).await,
                        Err(e) => {
                            tracing::error!(livelesson = %id, "database error, releasing the livelesson to try again: {e}");
                            let _ = self.store.release_livelesson(&id, &self.owner).await;
                        }
                    }
                }
                Ok(Claim::Held { owner }) => {
                    tracing::debug!(livelesson = %id, %owner, "another replica works on it");
                    if let Some(r) = request.take() {
                        r.ack(Ack::accepted()).await;
                    }
                }
                Ok(Claim::Missing) => {
                    if let Some(r) = request.take() {
                        r.ack(Ack::refused(format!(
                            "livelesson {id} does not exist (it was deleted)"
                        )))
                        .await;
                    }
                }
                Err(e) => {
                    // The request is stored: the sweeper takes it once the database answers.
                    tracing::error!(livelesson = %id, "cannot claim a livelesson: {e}");
                    if let Some(r) = request.take() {
                        r.ack(Ack::accepted()).await;
                    }
                }
            }
            let mut active = self.active();
            match active.get_mut(&id) {
                Some(a) if a.again => a.again = false,
                _ => {
                    active.remove(&id);
                    return;
                }
            }
        }
    }

    async fn publish(&self, id: &str, outcome: Outcome, trace: &TraceContext) {
        let sent = match outcome {
            Outcome::Ready {
                lesson_slug,
                stage,
                duration,
            } => {
                tracing::info!(livelesson = id, lesson = %lesson_slug, stage, duration_ms = duration.as_millis() as u64, "livelesson ready");
                self.comms
                    .publish(
                        &LiveLessonReady {
                            livelesson_id: id.to_owned(),
                            lesson_slug,
                            stage,
                            duration_ms: u64::try_from(duration.as_millis()).unwrap_or(u64::MAX),
                        },
                        &trace.child(),
                    )
                    .await
            }
            Outcome::Failed {
                lesson_slug,
                stage,
                reason,
            } => {
                self.comms
                    .publish(
                        &LiveLessonFailed {
                            livelesson_id: id.to_owned(),
                            lesson_slug,
                            stage,
                            reason,
                        },
                        &trace.child(),
                    )
                    .await
            }
            Outcome::Idle | Outcome::Lost => Ok(()),
        };
        if let Err(e) = sent {
            tracing::warn!(livelesson = id, "cannot publish the outcome: {e}");
        }
    }

    /// Claims what nobody holds (a dead replica's work, requests nobody received), as much as
    /// this replica has room for, and resumes it.
    async fn sweep(self: &Arc<Self>, tasks: &mut JoinSet<()>) {
        let room = self.concurrency.saturating_sub(self.active().len());
        if room == 0 {
            return;
        }
        match self
            .store
            .claim_livelessons(
                &self.owner,
                self.lease_ms,
                i64::try_from(room).unwrap_or(i64::MAX),
            )
            .await
        {
            Ok(ids) => {
                for id in ids {
                    tracing::info!(livelesson = %id, "resuming a livelesson nobody held");
                    self.work(tasks, id, None);
                }
            }
            Err(e) => tracing::error!("cannot look for livelessons to resume: {e}"),
        }
    }

    /// Tears a livelesson down and deletes its row (waiting for another replica to let go).
    fn delete(
        self: &Arc<Self>,
        tasks: &mut JoinSet<()>,
        m: antidote::comms::Received<DeleteLiveLesson>,
    ) {
        let this = Arc::clone(self);
        tasks.spawn(async move {
            let id = m.event.livelesson_id.clone();
            let reason = m.event.reason.clone();
            m.ack(Ack::accepted()).await.unwrap_or_else(|e| tracing::warn!("cannot acknowledge a request: {e}"));
            let deadline = tokio::time::Instant::now() + DELETE_PATIENCE;
            loop {
                // Work on it here stops now: the owner stays this replica.
                if let Some(a) = this.active().remove(&id)
                    && let Some(abort) = a.abort
                {
                    abort.abort();
                }
                match this.store.claim_livelesson(&id, &this.owner, this.lease_ms).await {
                    Ok(Claim::Claimed(_)) => {
                        this.tear_down_and_delete(&id, &reason).await;
                        return;
                    }
                    Ok(Claim::Missing) => return,
                    Ok(Claim::Held { .. }) | Err(_) if tokio::time::Instant::now() < deadline => {
                        tokio::time::sleep(Duration::from_millis(200)).await;
                    }
                    Ok(Claim::Held { owner }) => {
                        tracing::warn!(livelesson = %id, %owner, "not deleted: another replica still holds it");
                        return;
                    }
                    Err(e) => {
                        tracing::error!(livelesson = %id, "not deleted: {e}");
                        return;
                    }
                }
            }
        });
    }

    async fn tear_down_and_delete(&self, id: &str, reason: &str) {
        let mut tries = 0;
        loop {
            match self.backend.teardown(id).await {
                Ok(()) => break,
                Err(e) if tries < 3 => {
                    tries += 1;
                    tracing::warn!(livelesson = id, "teardown failed, trying again: {e}");
                    tokio::time::sleep(Duration::from_millis(500 * tries)).await;
                }
                Err(e) => {
                    tracing::error!(
                        livelesson = id,
                        "teardown failed; leaving the livelesson for a later delete: {e}"
                    );
                    let _ = self.store.release_livelesson(id, &self.owner).await;
                    return;
                }
            }
        }
        match self.store.delete_owned_livelesson(id, &self.owner).await {
            Ok(true) => tracing::info!(livelesson = id, reason, "livelesson deleted"),
            Ok(false) => tracing::warn!(
                livelesson = id,
                "livelesson taken over before its row was deleted"
            ),
            Err(e) => {
                tracing::error!(livelesson = id, "cannot delete the livelesson's row: {e}");
                let _ = self.store.release_livelesson(id, &self.owner).await;
            }
        }
    }
}
