//! The state machine of one livelesson: INITIALIZED -> BOOTING -> CONFIGURATION -> READY, or
//! FAILED with a reason, driven on a [`Backend`] by the replica that holds the livelesson.
//!
//! Every transition is written to the store only if the caller still holds the livelesson
//! (owner-checked, under the row lock), so a replica that lost its lease (it stalled longer
//! than the lease) stops at its next step instead of fighting the replica that took over.
//! Work resumes from the stored status: BOOTING creates again (backends are idempotent by
//! livelesson id), CONFIGURATION configures again. A deletion asked for (recorded in the row)
//! wins over everything: the holder tears the livelesson down and deletes its row at its next
//! step, and while waiting for endpoints it looks at the row at every poll. Every backend call
//! is bounded by `call_timeout`, so a hung call cannot hold a livelesson forever.
//!
//! READY and FAILED are stored together with their event (LiveLessonReady, LiveLessonFailed)
//! in the store's outbox, in one transaction: the event is published from there (at least once,
//! with its `event_id`) even if the process dies right after the commit.

use std::time::{Duration, Instant};

use futures_util::StreamExt as _;

use super::{Backend, EndpointStatus, Environment, ProvisionError};
use crate::comms::{Event as _, LiveLessonFailed, LiveLessonReady, TraceContext, new_event_id};
use crate::store::outbox::OutboxEvent;
use crate::store::state::Status;
use crate::store::{Store, StoreError};

/// How the machine waits for endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DriveSettings {
    /// How many times endpoints that do not come up are restarted before the livelesson fails.
    pub endpoint_retries: u32,
    /// How long to wait for every endpoint to be up, per attempt.
    pub endpoint_timeout: Duration,
    /// How often to ask the backend for endpoint health.
    pub poll_interval: Duration,
    /// The longest one backend call may take (then it counts as a retryable failure).
    pub call_timeout: Duration,
    /// The trace the outcome's event continues (`None`: a new root).
    pub trace: Option<TraceContext>,
}

impl Default for DriveSettings {
    fn default() -> Self {
        DriveSettings {
            endpoint_retries: 2,
            endpoint_timeout: Duration::from_secs(300),
            poll_interval: Duration::from_millis(500),
            call_timeout: Duration::from_secs(600),
            trace: None,
        }
    }
}

/// How driving a livelesson ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It is READY (and released); its LiveLessonReady is in the outbox, held by the caller
    /// for [`HANDOVER_MS`](crate::store::outbox::HANDOVER_MS) to publish.
    Ready {
        /// Its LiveLessonReady, as stored.
        event: OutboxEvent,
        /// The lesson.
        lesson_slug: String,
        /// The stage it is ready at.
        stage: u32,
        /// How long this drive took.
        duration: Duration,
    },
    /// It FAILED (torn down and released); `reason` is the learner-readable reason stored.
    /// Its LiveLessonFailed is in the outbox, held by the caller as a LiveLessonReady is.
    Failed {
        /// Its LiveLessonFailed, as stored.
        event: OutboxEvent,
        /// The lesson.
        lesson_slug: String,
        /// The stage asked for.
        stage: u32,
        /// Why.
        reason: String,
    },
    /// Nothing to do: it was already READY or FAILED (released).
    Idle,
    /// Its deletion was asked for: it is torn down and its row deleted.
    Deleted,
    /// The caller no longer holds it (another replica took over, or it was deleted).
    Lost,
}

/// Drives the livelesson `id`, which `owner` holds, as far as it goes.
///
/// Store errors are returned as they are: the caller releases the livelesson so that it is
/// tried again.
///
/// State changes are span events of the caller's span (`status` BOOTING, CONFIGURATION, READY,
/// FAILED with its reason) and counted by lesson, stage and status; the time from the request
/// to READY or FAILED is observed by lesson and outcome (from the row's creation for a new
/// livelesson, from this drive's start for a stage change).
pub async fn drive(
    store: &Store,
    backend: &dyn Backend,
    owner: &str,
    id: &str,
    settings: &DriveSettings,
) -> Result<Outcome, StoreError> {
    let started = Instant::now();
    let mut first = None;
    let outcome = drive_from(store, backend, owner, id, settings, started, &mut first).await?;
    let (lesson, outcome_label) = match &outcome {
        Outcome::Ready { lesson_slug, .. } => (lesson_slug, "ready"),
        Outcome::Failed { lesson_slug, .. } => (lesson_slug, "failed"),
        _ => return Ok(outcome),
    };
    let took = match first {
        Some((Status::Initialized | Status::Booting, created_at)) => {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
            Duration::from_millis(u64::try_from(now.saturating_sub(created_at)).unwrap_or(0))
        }
        _ => started.elapsed(),
    };
    crate::metrics::metrics()
        .start_duration
        .get_or_create(&crate::metrics::LessonOutcome {
            lesson: lesson.clone(),
            outcome: outcome_label,
        })
        .observe(took.as_secs_f64());
    Ok(outcome)
}

/// A state change: a span event, and its count.
fn entered(lesson: &str, stage: u32, status: Status) {
    let status = match status {
        Status::Initialized => "INITIALIZED",
        Status::Booting => "BOOTING",
        Status::Configuration => "CONFIGURATION",
        Status::Ready => "READY",
        Status::Failed => "FAILED",
    };
    tracing::info!(lesson, stage, status, "livelesson {status}");
    crate::metrics::metrics().transition(lesson, stage, status);
}

async fn drive_from(
    store: &Store,
    backend: &dyn Backend,
    owner: &str,
    id: &str,
    settings: &DriveSettings,
    started: Instant,
    first: &mut Option<(Status, i64)>,
) -> Result<Outcome, StoreError> {
    loop {
        let Some(ll) = store.livelesson(id).await? else {
            return Ok(Outcome::Lost);
        };
        first.get_or_insert((ll.status, ll.created_at));
        if ll.owner.as_deref() != Some(owner) {
            return Ok(Outcome::Lost);
        }
        if ll.delete_requested_at.is_some() {
            return delete(store, backend, owner, id, settings).await;
        }
        if matches!(ll.status, Status::Ready | Status::Failed) {
            store.release_livelesson(id, owner).await?;
            return Ok(Outcome::Idle);
        }
        let stage = ll.stage.unsigned_abs();
        let Some(lesson) = store.lesson(&ll.lesson_slug).await? else {
            let reason = format!("lesson `{}` is no longer in the curriculum", ll.lesson_slug);
            return fail(store, backend, owner, &ll, settings, &reason, "curriculum").await;
        };
        if usize::try_from(ll.stage).map_or(true, |s| s >= lesson.stages.len()) {
            let reason = format!(
                "stage {} of lesson `{}` no longer exists",
                ll.stage, ll.lesson_slug
            );
            return fail(store, backend, owner, &ll, settings, &reason, "curriculum").await;
        }
        let env = match Environment::from_store(store, &ll, &lesson).await? {
            Ok(env) => env,
            Err(reason) => {
                return fail(store, backend, owner, &ll, settings, &reason, "curriculum").await;
            }
        };
        match ll.status {
            Status::Initialized | Status::Booting => {
                if ll.status == Status::Initialized
                    && !store
                        .set_livelesson_status(id, owner, Status::Booting, None)
                        .await?
                {
                    return Ok(Outcome::Lost);
                }
                if ll.status == Status::Initialized {
                    entered(&ll.lesson_slug, stage, Status::Booting);
                }
                match boot(store, backend, owner, &env, settings).await? {
                    Boot::Up => {}
                    Boot::Lost => return Ok(Outcome::Lost),
                    // Look at the row again: a deletion was asked for.
                    Boot::Interrupted => continue,
                    Boot::Failed(e) => {
                        return fail(store, backend, owner, &ll, settings, &e.reason, "boot").await;
                    }
                }
                if backend.capabilities().provisions_endpoints && !env.ready_delay.is_zero() {
                    tokio::time::sleep(env.ready_delay).await;
                }
                if !store
                    .set_livelesson_status(id, owner, Status::Configuration, None)
                    .await?
                {
                    return Ok(Outcome::Lost);
                }
                entered(&ll.lesson_slug, stage, Status::Configuration);
            }
            Status::Configuration => {
                if let Err(e) = call(
                    settings,
                    backend,
                    "configure",
                    &env.livelesson_id,
                    backend.configure(&env),
                )
                .await
                {
                    let reason = format!("stage {stage} could not be configured: {}", e.reason);
                    return fail(
                        store,
                        backend,
                        owner,
                        &ll,
                        settings,
                        &reason,
                        "configuration",
                    )
                    .await;
                }
                let duration = started.elapsed();
                let event = LiveLessonReady {
                    event_id: new_event_id(),
                    livelesson_id: id.to_owned(),
                    lesson_slug: ll.lesson_slug.clone(),
                    stage,
                    duration_ms: u64::try_from(duration.as_millis()).unwrap_or(u64::MAX),
                };
                let outboxed =
                    outboxed(&event.event_id, LiveLessonReady::SUBJECT, &event, settings);
                if store
                    .set_livelesson_ready(id, owner, ll.stage, std::slice::from_ref(&outboxed))
                    .await?
                {
                    entered(&ll.lesson_slug, stage, Status::Ready);
                    return Ok(Outcome::Ready {
                        event: outboxed,
                        lesson_slug: ll.lesson_slug,
                        stage,
                        duration,
                    });
                }
                // Another stage was asked for meanwhile (configure again), or it was lost.
            }
            Status::Ready | Status::Failed => unreachable!("handled above"),
        }
    }
}

enum Boot {
    Up,
    Lost,
    Interrupted,
    Failed(ProvisionError),
}

/// A backend call, bounded by `settings.call_timeout` (a timeout is retryable): a span of its
/// own (`backend.call`, a child of the caller's) and a latency observation by backend, call
/// and outcome.
async fn call<T>(
    settings: &DriveSettings,
    backend: &dyn Backend,
    name: &'static str,
    livelesson: &str,
    work: impl std::future::Future<Output = Result<T, ProvisionError>>,
) -> Result<T, ProvisionError> {
    use tracing::Instrument as _;
    let span = tracing::info_span!(
        "backend.call",
        otel.name = %format_args!("backend {name}"),
        backend = backend.name(),
        call = name,
        livelesson,
        outcome = tracing::field::Empty,
    );
    let started = Instant::now();
    let done = tokio::time::timeout(settings.call_timeout, work)
        .instrument(span.clone())
        .await;
    let (outcome, done) = match done {
        Ok(Ok(v)) => ("ok", Ok(v)),
        Ok(Err(e)) => ("error", Err(e)),
        Err(_) => (
            "timeout",
            Err(ProvisionError::retryable(format!(
                "the backend did not answer within {} s",
                settings.call_timeout.as_secs()
            ))),
        ),
    };
    span.record("outcome", outcome);
    crate::metrics::metrics().backend_call(backend.name(), name, outcome, started.elapsed());
    done
}

/// Whether `owner` still holds the livelesson and nobody asked for its deletion: checked
/// before backend calls that take long or cannot be undone.
async fn still_ours(store: &Store, owner: &str, id: &str) -> Result<Boot, StoreError> {
    Ok(match store.livelesson(id).await? {
        Some(l) if l.owner.as_deref() == Some(owner) && l.delete_requested_at.is_none() => Boot::Up,
        Some(l) if l.owner.as_deref() == Some(owner) => Boot::Interrupted,
        _ => Boot::Lost,
    })
}

/// Creates the environment and waits for its endpoints, restarting those that do not come up
/// up to `endpoint_retries` times; records their health as it changes.
async fn boot(
    store: &Store,
    backend: &dyn Backend,
    owner: &str,
    env: &Environment,
    settings: &DriveSettings,
) -> Result<Boot, StoreError> {
    let id = env.livelesson_id.as_str();
    let mut attempt = 0;
    loop {
        match call(settings, backend, "create", id, backend.create(env)).await {
            Ok(()) => break,
            Err(e) if e.retryable && attempt < settings.endpoint_retries => {
                attempt += 1;
                tokio::time::sleep(settings.poll_interval * attempt).await;
                match still_ours(store, owner, id).await? {
                    Boot::Up => {}
                    other => return Ok(other),
                }
            }
            Err(e) => return Ok(Boot::Failed(e)),
        }
    }
    let mut recorded: Option<Vec<EndpointStatus>> = None;
    let mut down: Vec<String> = env.endpoints.iter().map(|e| e.name.clone()).collect();
    for attempt in 0..=settings.endpoint_retries {
        if attempt > 0 {
            tracing::info!(livelesson = id, attempt, endpoints = ?down, "restarting endpoints that did not come up");
            match still_ours(store, owner, id).await? {
                Boot::Up => {}
                other => return Ok(other),
            }
            if let Err(e) = call(
                settings,
                backend,
                "restart_endpoints",
                id,
                backend.restart_endpoints(env, &down),
            )
            .await
                && !e.retryable
            {
                return Ok(Boot::Failed(e));
            }
        }
        let deadline = Instant::now() + settings.endpoint_timeout;
        let mut changes = backend.watch_health(env, settings.poll_interval);
        let mut looked = Instant::now();
        loop {
            let until = deadline.min(Instant::now() + settings.poll_interval);
            match tokio::time::timeout_at(until.into(), changes.next()).await {
                Ok(Some(Ok(health))) => {
                    if !health.is_empty() && recorded.as_ref() != Some(&health) {
                        let json = serde_json::to_value(&health).unwrap_or_default();
                        if !store
                            .set_livelesson_endpoints(
                                id,
                                owner,
                                &json,
                                !backend.capabilities().provisions_endpoints,
                            )
                            .await?
                        {
                            return Ok(Boot::Lost);
                        }
                        recorded = Some(health.clone());
                    }
                    down = not_up(env, &health);
                    if down.is_empty() {
                        if recorded.is_none() {
                            // No endpoints at all: still record the preview flag.
                            if !store
                                .set_livelesson_endpoints(
                                    id,
                                    owner,
                                    &serde_json::json!([]),
                                    !backend.capabilities().provisions_endpoints,
                                )
                                .await?
                            {
                                return Ok(Boot::Lost);
                            }
                        }
                        return Ok(Boot::Up);
                    }
                }
                Ok(Some(Err(e))) if e.retryable => {
                    tracing::debug!(livelesson = id, "endpoint health: {e}");
                }
                Ok(Some(Err(e))) => return Ok(Boot::Failed(e)),
                Ok(None) => {
                    // The backend's watch ended: watch again after a pause.
                    tokio::time::sleep(settings.poll_interval).await;
                    changes = backend.watch_health(env, settings.poll_interval);
                }
                // A poll interval without news.
                Err(_) => {}
            }
            if Instant::now() >= deadline {
                break;
            }
            if looked.elapsed() >= settings.poll_interval {
                looked = Instant::now();
                match still_ours(store, owner, id).await? {
                    Boot::Up => {}
                    other => return Ok(other),
                }
            }
        }
    }
    let tries = settings.endpoint_retries + 1;
    Ok(Boot::Failed(ProvisionError::permanent(format!(
        "endpoint{} {} did not come up after {tries} attempt{}",
        if down.len() == 1 { "" } else { "s" },
        down.iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", "),
        if tries == 1 { "" } else { "s" },
    ))))
}

/// What is not up in `health`: endpoints of `env` without a ready status, and whatever else
/// the backend runs for the lesson (its jupyter guide) that is not ready.
fn not_up(env: &Environment, health: &[EndpointStatus]) -> Vec<String> {
    let mut down: Vec<String> = env
        .endpoints
        .iter()
        .filter(|e| !health.iter().any(|h| h.name == e.name && h.ready))
        .map(|e| e.name.clone())
        .collect();
    down.extend(
        health
            .iter()
            .filter(|h| h.guide && !h.ready)
            .map(|h| h.name.clone()),
    );
    down
}

/// Tears the livelesson down at once, then marks it FAILED with `reason` and releases it;
/// `class` is the reason's class in metrics.
#[allow(
    clippy::too_many_arguments,
    reason = "the livelesson's ids and the failure's"
)]
async fn fail(
    store: &Store,
    backend: &dyn Backend,
    owner: &str,
    ll: &crate::store::state::LiveLesson,
    settings: &DriveSettings,
    reason: &str,
    class: &'static str,
) -> Result<Outcome, StoreError> {
    let (id, lesson_slug, stage) = (
        ll.id.as_str(),
        ll.lesson_slug.as_str(),
        ll.stage.unsigned_abs(),
    );
    tracing::warn!(
        livelesson = id,
        lesson = lesson_slug,
        stage,
        "livelesson failed: {reason}"
    );
    // Never tear down what another replica now holds.
    if store.livelesson(id).await?.and_then(|l| l.owner).as_deref() != Some(owner) {
        return Ok(Outcome::Lost);
    }
    if let Err(e) = call(
        &DriveSettings::default(),
        backend,
        "teardown",
        id,
        backend.teardown(id),
    )
    .await
    {
        tracing::warn!(
            livelesson = id,
            "tearing a failed livelesson down failed: {e}"
        );
    }
    store
        .set_livelesson_endpoints(
            id,
            owner,
            &serde_json::json!([]),
            !backend.capabilities().provisions_endpoints,
        )
        .await?;
    let event = LiveLessonFailed {
        event_id: new_event_id(),
        livelesson_id: id.to_owned(),
        lesson_slug: lesson_slug.to_owned(),
        stage,
        reason: reason.to_owned(),
    };
    let outboxed = outboxed(&event.event_id, LiveLessonFailed::SUBJECT, &event, settings);
    if store
        .set_livelesson_failed(id, owner, reason, std::slice::from_ref(&outboxed))
        .await?
    {
        tracing::info!(
            lesson = lesson_slug,
            stage,
            status = "FAILED",
            reason,
            reason_class = class,
            "livelesson FAILED"
        );
        let m = crate::metrics::metrics();
        m.transition(lesson_slug, stage, "FAILED");
        m.failures
            .get_or_create(&crate::metrics::Failure {
                lesson: lesson_slug.to_owned(),
                reason: class,
            })
            .inc();
        Ok(Outcome::Failed {
            event: outboxed,
            lesson_slug: lesson_slug.to_owned(),
            stage,
            reason: reason.to_owned(),
        })
    } else {
        Ok(Outcome::Lost)
    }
}

/// Tears the livelesson down and deletes its row, as asked. When the teardown keeps failing the
/// row stays (its deletion still asked for), and the next sweep tries again.
async fn delete(
    store: &Store,
    backend: &dyn Backend,
    owner: &str,
    id: &str,
    settings: &DriveSettings,
) -> Result<Outcome, StoreError> {
    let mut tries = 0u32;
    loop {
        match call(settings, backend, "teardown", id, backend.teardown(id)).await {
            Ok(()) => break,
            Err(e) if tries < 3 => {
                tries += 1;
                tracing::warn!(livelesson = id, "teardown failed, trying again: {e}");
                tokio::time::sleep(settings.poll_interval * tries).await;
            }
            Err(e) => {
                tracing::error!(
                    livelesson = id,
                    "teardown failed; the next sweep tries again: {e}"
                );
                return Ok(Outcome::Lost);
            }
        }
    }
    if store.delete_owned_livelesson(id, owner).await? {
        Ok(Outcome::Deleted)
    } else {
        Ok(Outcome::Lost)
    }
}

/// `event` as an outbox row, sent as a child of the drive's trace context (`settings.trace`:
/// the drive's span when traces are exported) or as a new root.
fn outboxed(
    event_id: &str,
    subject: &str,
    event: &impl serde::Serialize,
    settings: &DriveSettings,
) -> OutboxEvent {
    let trace = settings.trace.unwrap_or_else(TraceContext::new_root);
    OutboxEvent::new(event_id, subject, event, Some(trace.to_header()))
}
