//! What `/api/v1` and `/exp` share about sessions and livelessons: the checks, the limits, the
//! store writes the API may make (new sessions, livelesson requests), and the work requests to
//! schedulers over the bus. The API never provisions: when no scheduler acknowledges a request,
//! the livelesson is marked FAILED with that reason instead of being left waiting.

use std::net::IpAddr;
use std::sync::Arc;

use antidote_lib::comms::{
    Ack, BusError, DeleteLiveLesson, Event, NewLiveLesson, StageChangeLiveLesson, TraceContext,
};
use antidote_lib::curriculum::{GuideType, Lesson};
use antidote_lib::store::state::{Limited, LiveLesson, NewLiveLesson as NewRow, Session, Status};
use serde::Serialize;
use serde_json::{Value, json};
use utoipa::ToSchema;

use super::cache::Served;
use super::error::ApiError;
use super::state::ApiState;
use crate::ids;

/// A livelesson as `/api/v1` shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct LiveLessonView {
    /// Its id.
    pub id: String,
    /// The session it belongs to.
    pub session_id: String,
    /// The lesson.
    pub lesson_slug: String,
    /// The current stage (from 0).
    pub stage: i32,
    /// INITIALIZED, BOOTING, CONFIGURATION, READY or FAILED.
    pub status: String,
    /// True on the preview backend: nothing is provisioned, endpoints have no host.
    pub preview: bool,
    /// Endpoints as provisioned: each `{name, host, ready}`, with `access` (where each
    /// presentation is reached: `{presentation, type, host, port}`, and `domain`, the ingress
    /// host of an http presentation on Kubernetes); the backend's jupyter guide, when it runs
    /// one, is an entry with `guide: true`.
    #[schema(value_type = Vec<Object>)]
    pub endpoints: Value,
    /// The current stage's objectives, each `{index, text, status, reason, completed_at}`:
    /// status `unchecked` (not checked yet), `incomplete`, `complete` or `error` (with its
    /// reason), or `not checkable` on the preview backend.
    #[schema(value_type = Vec<Object>)]
    pub objectives: Value,
    /// The stage's `completeMessage`, once every objective is complete.
    pub complete_message: Option<String>,
    /// Why it FAILED.
    pub error: Option<String>,
    /// The current stage's guide.
    pub guide: Option<GuideView>,
    /// Unix milliseconds.
    pub created_at: i64,
    /// Unix milliseconds.
    pub last_active_at: i64,
    /// The livelesson this session gave up to start this one, at its limit of livelessons
    /// (only in the answer that created it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given_up: Option<GivenUpView>,
}

/// A livelesson given up (torn down) to make room for a new one.
#[derive(Debug, Serialize, ToSchema)]
pub struct GivenUpView {
    /// Its id.
    pub id: String,
    /// Its lesson.
    pub lesson_slug: String,
}

/// A stage's guide.
#[derive(Debug, Serialize, ToSchema)]
pub struct GuideView {
    /// `markdown` or `jupyter`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The guide's text (markdown, or the notebook's JSON).
    pub contents: String,
    /// Where a jupyter guide is served (its ingress host), when the backend runs one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
}

/// A livelesson with what its lesson says about its stage.
pub struct Detailed {
    /// The stored state.
    pub livelesson: LiveLesson,
    /// The lesson (if still served).
    pub lesson: Option<Lesson>,
    /// The current stage's guide.
    pub guide: Option<Arc<str>>,
}

impl Detailed {
    /// The `/api/v1` view.
    pub fn view(self) -> LiveLessonView {
        let guide_type = self
            .lesson
            .as_ref()
            .and_then(|l| l.stages.get(usize::try_from(self.livelesson.stage).ok()?))
            .map(|s| s.guide_type);
        let (objectives, complete_message) =
            objectives_view(&self.livelesson, self.lesson.as_ref());
        let l = self.livelesson;
        let domain = l
            .endpoints
            .as_array()
            .into_iter()
            .flatten()
            .find(|e| e["guide"] == true)
            .and_then(|g| g["access"][0]["domain"].as_str())
            .map(str::to_owned);
        LiveLessonView {
            guide: self.guide.zip(guide_type).map(|(g, t)| GuideView {
                kind: guide_name(t),
                contents: g.to_string(),
                domain: domain.filter(|_| t == antidote_lib::curriculum::GuideType::Jupyter),
            }),
            id: l.id,
            session_id: l.session_id,
            lesson_slug: l.lesson_slug,
            stage: l.stage,
            status: l.status.as_str().to_owned(),
            preview: l.preview,
            endpoints: l.endpoints,
            objectives,
            complete_message,
            error: l.error,
            created_at: l.created_at,
            last_active_at: l.last_active_at,
            given_up: None,
        }
    }
}

/// The current stage's objectives with their stored statuses, and the stage's complete
/// message once all are complete (shared by `/api/v1` and `/exp`).
pub fn objectives_view(
    l: &antidote_lib::store::state::LiveLesson,
    lesson: Option<&antidote_lib::curriculum::Lesson>,
) -> (Value, Option<String>) {
    let verification = lesson
        .and_then(|le| le.stages.get(usize::try_from(l.stage).ok()?))
        .and_then(|s| s.verification.as_ref());
    let Some(verification) = verification else {
        return (Value::Array(Vec::new()), None);
    };
    let stored = l.objectives.as_array().cloned().unwrap_or_default();
    let views: Vec<Value> = verification
        .objectives
        .iter()
        .enumerate()
        .map(|(m, text)| {
            let found = stored
                .iter()
                .find(|o| o["stage"] == l.stage && o["index"] == m);
            let status = match found {
                Some(o) => o["status"].clone(),
                None if l.preview => Value::from("not checkable"),
                None => Value::from("unchecked"),
            };
            serde_json::json!({
                "index": m,
                "text": text,
                "status": status,
                "reason": found.map_or(Value::Null, |o| o["reason"].clone()),
                "completed_at": found.map_or(Value::Null, |o| o["completed_at"].clone()),
            })
        })
        .collect();
    let all = !views.is_empty() && views.iter().all(|o| o["status"] == "complete");
    let message = (all && !verification.complete_message.is_empty())
        .then(|| verification.complete_message.clone());
    (Value::Array(views), message)
}

/// The name of a guide type as the API shows it.
pub fn guide_name(t: GuideType) -> &'static str {
    match t {
        GuideType::Markdown => "markdown",
        GuideType::Jupyter => "jupyter",
    }
}

/// Creates a session for `ip`, within the per-address limit.
pub async fn create_session(state: &ApiState, ip: IpAddr) -> Result<Session, ApiError> {
    let limit = state.config.api.sessions_per_ip_per_hour;
    let hour_ago = antidote_lib::store::now_ms() - 3_600_000;
    match state
        .store
        .create_session_within(&ids::new_id(), &ip.to_string(), hour_ago, limit)
        .await?
    {
        Limited::Created(session) => Ok(session),
        Limited::Reached(recent) => Err(ApiError::too_many(
            format!(
                "{ip} created {recent} sessions in the last hour; the limit is {limit}: reuse a session or try again later"
            ),
            Some(60),
        )),
    }
}

async fn session(state: &ApiState, id: &str) -> Result<Session, ApiError> {
    if !ids::is_id(id) {
        return Err(ApiError::invalid_session(id));
    }
    state
        .store
        .session(id)
        .await?
        .ok_or_else(|| ApiError::invalid_session(id))
}

fn check_stage(lesson: &Lesson, stage: i64) -> Result<i32, ApiError> {
    let stages = lesson.stages.len();
    match usize::try_from(stage) {
        Ok(s) if s < stages => Ok(i32::try_from(s).expect("fewer than 2^31 stages")),
        _ => Err(ApiError::bad_request(format!(
            "stage {stage} does not exist: lesson `{}` has {stages} stage{} (0 to {})",
            lesson.slug,
            if stages == 1 { "" } else { "s" },
            stages.saturating_sub(1)
        ))),
    }
}

fn served_lesson<'a>(served: &'a Served, slug: &str) -> Result<&'a Lesson, ApiError> {
    served
        .lessons
        .get(slug)
        .ok_or_else(|| ApiError::lesson_not_found(slug))
}

/// Asks a scheduler to do `event` and waits for its acknowledgement; any failure to get one is
/// the reason returned. `doing` says what the scheduler was asked for, in the reason.
async fn ask<E: Event>(
    state: &ApiState,
    trace: &TraceContext,
    event: &E,
    doing: &str,
) -> Result<(), String> {
    let timeout = state.config.api.request_timeout();
    let mut answer = state.comms.request(event, trace, timeout).await;
    if matches!(answer, Err(BusError::Timeout { .. })) {
        // The replica the request went to may have died holding it: the queue group gives the
        // second try to a live one. Only two silences in a row mean nobody is there.
        answer = state.comms.request(event, trace, timeout).await;
    }
    match answer {
        Ok(Ack { accepted: true, .. }) => Ok(()),
        Ok(Ack { reason, .. }) => Err(format!(
            "the scheduler refused to {doing}: {}",
            reason.unwrap_or_else(|| "no reason given".into())
        )),
        Err(BusError::NoResponders { .. }) => Err(format!(
            "no scheduler is running to {doing} (run `antidotectl serve`, or start `antidote scheduler`)"
        )),
        Err(BusError::Timeout { .. }) => Err(format!(
            "no scheduler acknowledged the request to {doing} (asked twice, {} ms each)",
            timeout.as_millis()
        )),
        Err(e) => Err(format!(
            "the request to {doing} could not be sent to a scheduler: {e}"
        )),
    }
}

/// Asks a scheduler to provision (`event`); when none acknowledges, a livelesson nothing was
/// provisioned for yet is marked FAILED with the reason (one a scheduler worked on is left for
/// the schedulers' sweep), and the reason is returned. Runs as a task of its own, so that a
/// client hanging up mid-request cannot leave the livelesson waiting for an answer nobody
/// records.
async fn provision<E: Event + Sync>(
    state: &ApiState,
    trace: &TraceContext,
    id: &str,
    event: E,
) -> Result<Option<String>, ApiError> {
    let (state, trace, id) = (state.clone(), *trace, id.to_owned());
    tokio::spawn(async move {
        match ask(&state, &trace, &event, "provision it").await {
            Ok(()) => Ok(None),
            Err(reason) => {
                if state.store.fail_unowned_livelesson(&id, &reason).await? {
                    tracing::warn!(livelesson = %id, "livelesson failed: {reason}");
                }
                Ok::<_, antidote_lib::store::StoreError>(Some(reason))
            }
        }
    })
    .await
    .map_err(|e| ApiError::internal(&e))?
    .map_err(ApiError::from)
}

/// Starts `lesson_slug` at `stage` for a session, or returns the session's livelesson of that
/// lesson (moved to `stage`, or requested again if it FAILED). True when it was created.
pub async fn request(
    state: &ApiState,
    trace: &TraceContext,
    session_id: &str,
    lesson_slug: &str,
    stage: i64,
) -> Result<(bool, LiveLessonView), ApiError> {
    let span = tracing::Span::current();
    span.record("session", session_id);
    let session = session(state, session_id).await?;
    let served = state.cache.get().await?;
    let lesson = served_lesson(&served, lesson_slug)?;
    let stage = check_stage(lesson, stage)?;
    span.record("lesson", lesson_slug);
    span.record("stage", stage);
    state.store.touch_session(&session.id).await?;

    if let Some(existing) = state.store.livelesson_of(&session.id, lesson_slug).await? {
        if existing.delete_requested_at.is_some() {
            return Err(being_deleted(&existing.id));
        }
        span.record("livelesson", existing.id.as_str());
        reuse(state, trace, &existing, stage).await?;
        return Ok((false, detailed(state, &served, &existing.id).await?.view()));
    }

    let limit = state.config.api.livelessons_per_session;
    let id = ids::new_id();
    span.record("livelesson", id.as_str());
    // The checker's checks of it continue this request's trace.
    let traceparent = trace.to_header();
    let new = NewRow {
        id: &id,
        session_id: &session.id,
        lesson_slug,
        stage,
        traceparent: Some(&traceparent),
    };
    let given_up = match state.store.create_livelesson_within(&new, limit).await {
        Ok(Limited::Created((_, given_up))) => given_up,
        Ok(Limited::Reached(count)) => {
            return Err(ApiError::too_many(
                format!(
                    "session `{}` runs {count} livelessons, the limit is {limit}, and the ones it gave up are still being torn down: try again in a moment",
                    session.id
                ),
                None,
            ));
        }
        Err(e) => {
            // Two requests for the same lesson at once: the other one created it.
            return match state.store.livelesson_of(&session.id, lesson_slug).await? {
                Some(other) => Ok((false, detailed(state, &served, &other.id).await?.view())),
                None => Err(e.into()),
            };
        }
    };
    let event = NewLiveLesson {
        livelesson_id: id.clone(),
        session_id: session.id.clone(),
        lesson_slug: lesson_slug.to_owned(),
        stage: stage.unsigned_abs(),
    };
    if let Some(g) = &given_up {
        // Recorded in its row already: the message only hurries the teardown along.
        let event = DeleteLiveLesson {
            livelesson_id: g.id.clone(),
            reason: format!("given up for lesson `{lesson_slug}` at the session's limit"),
        };
        tracing::info!(livelesson = %g.id, lesson = %g.lesson_slug, session = %session.id, "given up at the session's limit");
        // Not awaited: the new livelesson's request goes out at once, and a client hanging up
        // cannot cancel this one.
        let (state, trace, id) = (state.clone(), *trace, g.id.clone());
        tokio::spawn(async move {
            if let Err(why) = ask(&state, &trace, &event, "tear it down").await {
                tracing::warn!(livelesson = %id, "{why}: it is deleted once a scheduler runs");
            }
        });
    }
    tracing::info!(stage, "livelesson requested");
    // Unanswered, it is FAILED with the reason: the answer shows it.
    provision(state, trace, &id, event).await?;
    let mut view = detailed(state, &served, &id).await?.view();
    view.given_up = given_up.map(|g| GivenUpView {
        id: g.id,
        lesson_slug: g.lesson_slug,
    });
    Ok((true, view))
}

fn being_deleted(id: &str) -> ApiError {
    ApiError::conflict(format!(
        "livelesson `{id}` is being deleted: ask again once it is gone"
    ))
}

/// A request for a livelesson the session already has: moved to `stage`, asked for again when
/// it FAILED or when its request was never taken up (INITIALIZED, unowned, older than the
/// request timeout), and otherwise only marked active.
async fn reuse(
    state: &ApiState,
    trace: &TraceContext,
    existing: &LiveLesson,
    stage: i32,
) -> Result<(), ApiError> {
    let timeout_ms = i64::try_from(state.config.api.request_timeout_ms).unwrap_or(i64::MAX);
    let stale = existing.status == Status::Initialized
        && existing.owner.is_none()
        && antidote_lib::store::now_ms() - existing.created_at > timeout_ms;
    let failed = existing.status == Status::Failed;
    if failed || stale || existing.stage != stage {
        restage(state, trace, existing, stage, failed || stale).await
    } else {
        Ok(state.store.touch_livelesson(existing).await?)
    }
}

/// Records the new stage and asks a scheduler for it (from the start when `from_start`).
async fn restage(
    state: &ApiState,
    trace: &TraceContext,
    existing: &LiveLesson,
    stage: i32,
    from_start: bool,
) -> Result<(), ApiError> {
    // The checks of the new stage continue this request's trace.
    state
        .store
        .request_stage(&existing.id, stage, Some(&trace.to_header()))
        .await?;
    if from_start {
        let event = NewLiveLesson {
            livelesson_id: existing.id.clone(),
            session_id: existing.session_id.clone(),
            lesson_slug: existing.lesson_slug.clone(),
            stage: stage.unsigned_abs(),
        };
        // Unanswered, it is FAILED with the reason: the answer shows it.
        provision(state, trace, &existing.id, event).await?;
        Ok(())
    } else {
        let event = StageChangeLiveLesson {
            livelesson_id: existing.id.clone(),
            stage: stage.unsigned_abs(),
        };
        let Some(reason) = provision(state, trace, &existing.id, event).await? else {
            return Ok(());
        };
        match state.store.livelesson(&existing.id).await? {
            // Never provisioned: FAILED with the reason, which the answer shows.
            Some(l) if l.status == Status::Failed => Ok(()),
            _ => Err(ApiError::unavailable(format!(
                "stage {stage} is recorded, but {reason}; it is configured once a scheduler runs"
            ))),
        }
    }
}

fn livelesson_not_found(id: &str) -> ApiError {
    ApiError::not_found(format!(
        "no livelesson `{id}`: it never existed or was deleted"
    ))
}

/// A livelesson with its lesson and guide; `NotFound` for an unknown id.
pub async fn detailed(state: &ApiState, served: &Served, id: &str) -> Result<Detailed, ApiError> {
    let not_found = || livelesson_not_found(id);
    if !ids::is_id(id) {
        return Err(not_found());
    }
    let livelesson = state.store.livelesson(id).await?.ok_or_else(not_found)?;
    let lesson = served.lessons.get(&livelesson.lesson_slug).cloned();
    let guide = match (&lesson, usize::try_from(livelesson.stage)) {
        (Some(l), Ok(stage)) => served.guide(&state.store, l, stage).await?,
        _ => None,
    };
    Ok(Detailed {
        livelesson,
        lesson,
        guide,
    })
}

/// One livelesson; the request counts as activity.
pub async fn get_detailed(
    state: &ApiState,
    served: &Served,
    id: &str,
) -> Result<Detailed, ApiError> {
    let d = detailed(state, served, id).await?;
    state.store.touch_livelesson(&d.livelesson).await?;
    Ok(d)
}

/// One livelesson as `/api/v1` shows it.
pub async fn get(state: &ApiState, id: &str) -> Result<LiveLessonView, ApiError> {
    let served = state.cache.get().await?;
    Ok(get_detailed(state, &served, id).await?.view())
}

/// Moves a livelesson to `stage`.
pub async fn change_stage(
    state: &ApiState,
    trace: &TraceContext,
    id: &str,
    stage: i64,
) -> Result<LiveLessonView, ApiError> {
    let served = state.cache.get().await?;
    let current = detailed(state, &served, id).await?;
    let lesson = current.lesson.as_ref().ok_or_else(|| {
        ApiError::conflict(format!(
            "lesson `{}` is no longer in the curriculum: start another lesson",
            current.livelesson.lesson_slug
        ))
    })?;
    let stage = check_stage(lesson, stage)?;
    if current.livelesson.delete_requested_at.is_some() {
        return Err(being_deleted(id));
    }
    reuse(state, trace, &current.livelesson, stage).await?;
    Ok(detailed(state, &served, id).await?.view())
}

/// Asks for a livelesson's deletion (recorded in the database) and tells the schedulers;
/// returns why none acknowledged, if none did (the deletion then happens once one runs).
pub async fn delete(
    state: &ApiState,
    trace: &TraceContext,
    id: &str,
    reason: &str,
) -> Result<Option<String>, ApiError> {
    let not_found = || livelesson_not_found(id);
    if !ids::is_id(id) {
        return Err(not_found());
    }
    // The deletion is recorded first: whatever becomes of the message, a scheduler finds it.
    if !state.store.request_delete(id, reason).await? {
        return Err(not_found());
    }
    let event = DeleteLiveLesson {
        livelesson_id: id.to_owned(),
        reason: reason.to_owned(),
    };
    Ok(ask(state, trace, &event, "tear it down").await.err())
}

/// The answer to a deletion: accepted, and whether a scheduler is on it already.
pub(super) fn deleting(id: &str, unanswered: Option<String>) -> Value {
    match unanswered {
        None => json!({"id": id, "deleting": true}),
        Some(why) => json!({
            "id": id,
            "deleting": true,
            "pending": format!("{why}: it is deleted once a scheduler runs"),
        }),
    }
}
