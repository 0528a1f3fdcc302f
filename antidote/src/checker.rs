//! checker: checks the objectives of READY livelessons, any number of replicas at once.
//!
//! Every `checker.interval_ms` a replica claims (`Store::claim_checks`, a hold and lease of its
//! own, independent of the scheduler's) READY livelessons whose stage is not marked done, as
//! many as it has room for, and checks each in a task: every objective not yet complete is run
//! on the backend (`Backend::run_script`, the contract of `provision::objectives`), and the
//! statuses are stored in the row (`Store::set_objectives`: only while this replica holds it,
//! at that stage, READY and not being deleted; otherwise the task stops: a stage change or a
//! deletion ends the checks). An objective that becomes complete has its ObjectiveComplete
//! stored in the outbox with the statuses, in one transaction, and published from there (at
//! least once, with its `event_id`) by the replica's [`Publisher`]. Checks repeat with a
//! doubling interval (up to `checker.max_interval_ms`) while nothing changes; once every
//! objective of the stage is complete (or it has none) the stage is marked done and released.
//! Holds are renewed every `lease_ms / 3`; a killed replica's holds expire and another claims
//! them.
//!
//! A task's `livelesson.check` span continues the trace of the request that created the
//! livelesson or last changed its stage (the `traceparent` the API stored in its row), so a
//! learner's checks and the ObjectiveComplete they publish are in the learner's trace.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use antidote_lib::comms::{Event as _, ObjectiveComplete, TraceContext, new_event_id};
use antidote_lib::config::CheckerConfig;
use antidote_lib::provision::objectives::{self, ObjectiveStatus};
use antidote_lib::provision::{Backend, Environment};
use antidote_lib::store::Store;
use antidote_lib::store::outbox::OutboxEvent;
use antidote_lib::store::state::Status;
use serde_json::{Value, json};
use tokio::task::JoinSet;
use tracing::Instrument as _;

use crate::context::{Context, ServiceError};
use crate::outbox::Publisher;

struct Checker {
    owner: String,
    settings: CheckerConfig,
    store: Store,
    publisher: Arc<Publisher>,
    backend: Arc<dyn Backend>,
    active: Mutex<HashSet<String>>,
}

/// Runs a checker replica until `cx.shutdown` completes, then releases what it holds.
pub async fn run(cx: Context) -> Result<(), ServiceError> {
    let Context {
        config,
        store,
        comms,
        backend,
        shutdown,
        ready,
    } = cx;
    let backend = backend.ok_or(ServiceError::NoBackend("checker"))?;
    let settings = config.checker.clone();
    let owner = crate::scheduler::owner_id(&config);
    let publisher = Publisher::new(store.clone(), comms, owner.clone());
    let publishing = tokio::spawn(Arc::clone(&publisher).run());
    let checker = Arc::new(Checker {
        owner,
        settings,
        store,
        publisher,
        backend,
        active: Mutex::new(HashSet::new()),
    });
    ready.up();
    tracing::info!(
        owner = %checker.owner,
        backend = checker.backend.name(),
        checks = checker.backend.capabilities().runs_checks,
        "checker started"
    );
    let shutdown = shutdown.wait();
    tokio::pin!(shutdown);
    let mut tick = tokio::time::interval(Duration::from_millis(checker.settings.interval_ms));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut renew = tokio::time::interval(Duration::from_millis(checker.settings.lease_ms / 3));
    let mut tasks = JoinSet::new();
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            _ = tick.tick() => {
                checker
                    .claim(&mut tasks)
                    .instrument(tracing::info_span!("checker.claim"))
                    .await;
            }
            _ = renew.tick() => {
                let lease = i64::try_from(checker.settings.lease_ms).unwrap_or(i64::MAX);
                let renewal = checker.store.renew_checks(&checker.owner, lease).await;
                let m = antidote_lib::metrics::metrics();
                m.lease_renewals
                    .get_or_create(&antidote_lib::metrics::Renewal {
                        service: "checker",
                        outcome: if renewal.is_ok() { "ok" } else { "error" },
                    })
                    .inc();
                m.leases_held
                    .get_or_create(&antidote_lib::metrics::ServiceLabel { service: "checker" })
                    .set(i64::try_from(checker.active.lock().unwrap_or_else(|e| e.into_inner()).len()).unwrap_or(i64::MAX));
                if let Err(e) = renewal {
                    tracing::warn!("cannot renew checks: {e}");
                }
            }
            Some(_) = tasks.join_next(), if !tasks.is_empty() => {}
        }
    }
    tasks.shutdown().await;
    publishing.abort();
    if let Err(e) = checker.publisher.shutdown().await {
        tracing::warn!("cannot publish the outbox's events at shutdown: {e}");
    }
    match checker.store.release_checks(&checker.owner).await {
        Ok(n) => tracing::info!(released = n, "checker stopped"),
        Err(e) => tracing::error!("cannot release checks at shutdown: {e}"),
    }
    Ok(())
}

impl Checker {
    async fn claim(self: &Arc<Self>, tasks: &mut JoinSet<()>) {
        let room = usize::try_from(self.settings.concurrency)
            .unwrap_or(usize::MAX)
            .saturating_sub(self.active.lock().unwrap_or_else(|e| e.into_inner()).len());
        if room == 0 {
            return;
        }
        let lease = i64::try_from(self.settings.lease_ms).unwrap_or(i64::MAX);
        let ids = match self
            .store
            .claim_checks(&self.owner, lease, i64::try_from(room).unwrap_or(i64::MAX))
            .await
        {
            Ok(ids) => ids,
            Err(e) => {
                tracing::warn!("cannot claim checks: {e}");
                return;
            }
        };
        for id in ids {
            if self
                .active
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(id.clone())
            {
                tasks.spawn(Arc::clone(self).check(id));
            }
        }
    }

    /// Checks livelesson `id` in a `livelesson.check` span that continues the trace of the
    /// request that created it or last changed its stage (its stored `traceparent`; a trace
    /// of its own when none is stored).
    async fn check(self: Arc<Self>, id: String) {
        let trace = match self.store.livelesson_traceparent(&id).await {
            Ok(stored) => stored.as_deref().and_then(TraceContext::parse),
            Err(e) => {
                tracing::warn!(livelesson = %id, "cannot read the livelesson's trace context: {e}");
                None
            }
        };
        let span = tracing::info_span!(
            "livelesson.check",
            otel.name = "livelesson check",
            livelesson = %id,
            session = tracing::field::Empty,
            lesson = tracing::field::Empty,
            stage = tracing::field::Empty,
        );
        if let Some(parent) = &trace {
            crate::telemetry::continue_trace(&span, parent);
        }
        self.checks(id, trace).instrument(span).await;
    }

    /// Checks livelesson `id` until its stage is done, it changes, or the hold is lost;
    /// `trace` is the stored trace context, if any.
    async fn checks(self: Arc<Self>, id: String, trace: Option<TraceContext>) {
        let mut wait = Duration::from_millis(self.settings.interval_ms);
        let max =
            Duration::from_millis(self.settings.max_interval_ms.max(self.settings.interval_ms));
        loop {
            match self.round(&id, trace.as_ref()).await {
                Ok(Round::Again { changed }) => {
                    wait = if changed {
                        Duration::from_millis(self.settings.interval_ms)
                    } else {
                        (wait * 2).min(max)
                    };
                }
                Ok(Round::Over) => break,
                Err(e) => {
                    tracing::warn!(livelesson = %id, "checking objectives failed: {e}");
                    break;
                }
            }
            tokio::time::sleep(wait).await;
        }
        if let Err(e) = self.store.release_check(&id, &self.owner).await {
            tracing::warn!(livelesson = %id, "cannot release a check: {e}");
        }
        self.active
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&id);
    }

    /// One round of checks of livelesson `id`; its events are sent in the check's trace
    /// (`trace`, the stored context, when spans are not exported).
    async fn round(
        &self,
        id: &str,
        trace: Option<&TraceContext>,
    ) -> Result<Round, antidote_lib::store::StoreError> {
        let Some(ll) = self.store.livelesson(id).await? else {
            return Ok(Round::Over);
        };
        if ll.status != Status::Ready || ll.delete_requested_at.is_some() {
            return Ok(Round::Over);
        }
        let Some(lesson) = self.store.lesson(&ll.lesson_slug).await? else {
            return Ok(Round::Over);
        };
        let stage = ll.stage.unsigned_abs();
        let span = tracing::Span::current();
        span.record("session", ll.session_id.as_str());
        span.record("lesson", ll.lesson_slug.as_str());
        span.record("stage", stage);
        let texts: Vec<String> = lesson
            .stages
            .get(stage as usize)
            .and_then(|s| s.verification.as_ref())
            .map(|v| v.objectives.clone())
            .unwrap_or_default();
        let before: Vec<Value> = ll
            .objectives
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .filter(|o| o["stage"] == stage)
            .collect();
        let was_complete = |m: usize| {
            before
                .iter()
                .find(|o| o["index"] == m && o["status"] == "complete")
                .cloned()
        };
        let env = match Environment::from_store(&self.store, &ll, &lesson).await? {
            Ok(env) => env,
            Err(reason) => {
                tracing::warn!(livelesson = %id, "cannot check: {reason}");
                return Ok(Round::Over);
            }
        };
        let limit = Duration::from_millis(self.settings.script_timeout_ms);
        let mut now = Vec::new();
        let mut newly = Vec::new();
        for m in 0..texts.len() {
            if let Some(done) = was_complete(m) {
                now.push(done);
                continue;
            }
            let status = match objectives::script(env.files.as_ref(), stage, "objectives", m) {
                None => ObjectiveStatus::Error(format!(
                    "stage{stage}/objectives/objective{m}.* is missing"
                )),
                Some(path) => {
                    let started = std::time::Instant::now();
                    let run = self
                        .backend
                        .run_script(&env, &path, limit)
                        .instrument(tracing::info_span!(
                            "backend.call",
                            otel.name = "backend run_script",
                            backend = self.backend.name(),
                            call = "run_script",
                            livelesson = id,
                            objective = m,
                        ))
                        .await;
                    antidote_lib::metrics::metrics().backend_call(
                        self.backend.name(),
                        "run_script",
                        if run.is_ok() { "ok" } else { "error" },
                        started.elapsed(),
                    );
                    match run {
                        Ok(run) => objectives::status(&run, &env, limit),
                        Err(e) => ObjectiveStatus::Error(e.reason),
                    }
                }
            };
            let (word, reason) = match &status {
                ObjectiveStatus::Incomplete => ("incomplete", None),
                ObjectiveStatus::Complete => {
                    newly.push(m);
                    ("complete", None)
                }
                ObjectiveStatus::Error(why) => ("error", Some(why.clone())),
            };
            antidote_lib::metrics::metrics()
                .checks
                .get_or_create(&antidote_lib::metrics::Check {
                    lesson: ll.lesson_slug.clone(),
                    outcome: word,
                })
                .inc();
            now.push(json!({
                "stage": stage,
                "index": m,
                "status": word,
                "reason": reason,
                "completed_at": (word == "complete").then(antidote_lib::store::now_ms),
            }));
        }
        let done = now.iter().all(|o| o["status"] == "complete");
        let changed = now.iter().any(|o| {
            !before
                .iter()
                .any(|b| b["index"] == o["index"] && b["status"] == o["status"])
        });
        let events: Vec<OutboxEvent> = newly
            .iter()
            .map(|&m| {
                let event = ObjectiveComplete {
                    event_id: new_event_id(),
                    livelesson_id: id.to_owned(),
                    stage,
                    objective: u32::try_from(m).unwrap_or(u32::MAX),
                };
                OutboxEvent::new(
                    &event.event_id,
                    ObjectiveComplete::SUBJECT,
                    &event,
                    Some(
                        crate::telemetry::trace_of(&tracing::Span::current(), || {
                            trace.map_or_else(TraceContext::new_root, TraceContext::child)
                        })
                        .to_header(),
                    ),
                )
            })
            .collect();
        if !self
            .store
            .set_objectives(id, &self.owner, ll.stage, &Value::Array(now), done, &events)
            .await?
        {
            // A stage change, a deletion, or another replica: this check is over.
            return Ok(Round::Over);
        }
        for _ in &newly {
            antidote_lib::metrics::metrics()
                .objectives_completed
                .get_or_create(&antidote_lib::metrics::LessonStage {
                    lesson: ll.lesson_slug.clone(),
                    stage,
                })
                .inc();
        }
        for (m, e) in newly.iter().zip(events) {
            tracing::info!(livelesson = %id, stage, objective = m, event = %e.id, "objective complete");
            self.publisher.publish(e);
        }
        Ok(if done {
            Round::Over
        } else {
            Round::Again { changed }
        })
    }
}

enum Round {
    Again { changed: bool },
    Over,
}
