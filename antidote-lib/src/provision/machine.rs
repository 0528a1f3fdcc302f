//! The state machine of one livelesson: INITIALIZED -> BOOTING -> CONFIGURATION -> READY, or
//! FAILED with a reason, driven on a [`Backend`] by the replica that holds the livelesson.
//!
//! Every transition is written to the store only if the caller still holds the livelesson
//! (owner-checked, under the row lock), so a replica that lost its lease (it stalled longer
//! than the lease) stops at its next step instead of fighting the replica that took over.
//! Work resumes from the stored status: BOOTING creates again (backends are idempotent by
//! livelesson id), CONFIGURATION configures again.

use std::time::{Duration, Instant};

use super::{Backend, EndpointStatus, Environment, ProvisionError};
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
}

impl Default for DriveSettings {
    fn default() -> Self {
        DriveSettings {
            endpoint_retries: 2,
            endpoint_timeout: Duration::from_secs(300),
            poll_interval: Duration::from_millis(500),
        }
    }
}

/// How driving a livelesson ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// It is READY (and released).
    Ready {
        /// The lesson.
        lesson_slug: String,
        /// The stage it is ready at.
        stage: u32,
        /// How long this drive took.
        duration: Duration,
    },
    /// It FAILED (torn down and released); `reason` is the learner-readable reason stored.
    Failed {
        /// The lesson.
        lesson_slug: String,
        /// The stage asked for.
        stage: u32,
        /// Why.
        reason: String,
    },
    /// Nothing to do: it was already READY or FAILED (released).
    Idle,
    /// The caller no longer holds it (another replica took over, or it was deleted).
    Lost,
}

/// Drives the livelesson `id`, which `owner` holds, as far as it goes.
///
/// Store errors are returned as they are: the caller releases the livelesson so that it is
/// tried again.
pub async fn drive(
    store: &Store,
    backend: &dyn Backend,
    owner: &str,
    id: &str,
    settings: &DriveSettings,
) -> Result<Outcome, StoreError> {
    let started = Instant::now();
    loop {
        let Some(ll) = store.livelesson(id).await? else {
            return Ok(Outcome::Lost);
        };
        if ll.owner.as_deref() != Some(owner) {
            return Ok(Outcome::Lost);
        }
        if matches!(ll.status, Status::Ready | Status::Failed) {
            store.release_livelesson(id, owner).await?;
            return Ok(Outcome::Idle);
        }
        let stage = ll.stage.unsigned_abs();
        let Some(lesson) = store.lesson(&ll.lesson_slug).await? else {
            let reason = format!("lesson `{}` is no longer in the curriculum", ll.lesson_slug);
            return fail(store, backend, owner, id, &ll.lesson_slug, stage, &reason).await;
        };
        if usize::try_from(ll.stage).map_or(true, |s| s >= lesson.stages.len()) {
            let reason = format!(
                "stage {} of lesson `{}` no longer exists",
                ll.stage, ll.lesson_slug
            );
            return fail(store, backend, owner, id, &ll.lesson_slug, stage, &reason).await;
        }
        let env = Environment::new(&ll, &lesson);
        match ll.status {
            Status::Initialized | Status::Booting => {
                if ll.status == Status::Initialized
                    && !store
                        .set_livelesson_status(id, owner, Status::Booting, None)
                        .await?
                {
                    return Ok(Outcome::Lost);
                }
                match boot(store, backend, owner, &env, settings).await? {
                    Boot::Up => {}
                    Boot::Lost => return Ok(Outcome::Lost),
                    Boot::Failed(e) => {
                        return fail(store, backend, owner, id, &ll.lesson_slug, stage, &e.reason)
                            .await;
                    }
                }
                if !backend.is_preview() && !env.ready_delay.is_zero() {
                    tokio::time::sleep(env.ready_delay).await;
                }
                if !store
                    .set_livelesson_status(id, owner, Status::Configuration, None)
                    .await?
                {
                    return Ok(Outcome::Lost);
                }
            }
            Status::Configuration => {
                if let Err(e) = backend.configure(&env).await {
                    let reason = format!("stage {stage} could not be configured: {}", e.reason);
                    return fail(store, backend, owner, id, &ll.lesson_slug, stage, &reason).await;
                }
                if store.set_livelesson_ready(id, owner, ll.stage).await? {
                    return Ok(Outcome::Ready {
                        lesson_slug: ll.lesson_slug,
                        stage,
                        duration: started.elapsed(),
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
    Failed(ProvisionError),
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
        match backend.create(env).await {
            Ok(()) => break,
            Err(e) if e.retryable && attempt < settings.endpoint_retries => attempt += 1,
            Err(e) => return Ok(Boot::Failed(e)),
        }
    }
    let mut recorded: Option<Vec<EndpointStatus>> = None;
    let mut down: Vec<String> = Vec::new();
    for attempt in 0..=settings.endpoint_retries {
        if attempt > 0 {
            tracing::info!(livelesson = id, attempt, endpoints = ?down, "restarting endpoints that did not come up");
            if let Err(e) = backend.restart_endpoints(env, &down).await
                && !e.retryable
            {
                return Ok(Boot::Failed(e));
            }
        }
        let deadline = Instant::now() + settings.endpoint_timeout;
        loop {
            let health = match backend.endpoint_health(env).await {
                Ok(h) => h,
                Err(e) if e.retryable => Vec::new(),
                Err(e) => return Ok(Boot::Failed(e)),
            };
            if !health.is_empty() && recorded.as_ref() != Some(&health) {
                let json = serde_json::to_value(&health).unwrap_or_default();
                if !store
                    .set_livelesson_endpoints(id, owner, &json, backend.is_preview())
                    .await?
                {
                    return Ok(Boot::Lost);
                }
                recorded = Some(health.clone());
            }
            down = env
                .endpoints
                .iter()
                .filter(|e| !health.iter().any(|h| h.name == e.name && h.ready))
                .map(|e| e.name.clone())
                .collect();
            if down.is_empty() {
                if recorded.is_none() {
                    // No endpoints at all: still record the preview flag.
                    if !store
                        .set_livelesson_endpoints(
                            id,
                            owner,
                            &serde_json::json!([]),
                            backend.is_preview(),
                        )
                        .await?
                    {
                        return Ok(Boot::Lost);
                    }
                }
                return Ok(Boot::Up);
            }
            if Instant::now() >= deadline {
                break;
            }
            tokio::time::sleep(settings.poll_interval).await;
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

/// Tears the livelesson down at once, then marks it FAILED with `reason` and releases it.
async fn fail(
    store: &Store,
    backend: &dyn Backend,
    owner: &str,
    id: &str,
    lesson_slug: &str,
    stage: u32,
    reason: &str,
) -> Result<Outcome, StoreError> {
    tracing::warn!(
        livelesson = id,
        lesson = lesson_slug,
        stage,
        "livelesson failed: {reason}"
    );
    if let Err(e) = backend.teardown(id).await {
        tracing::warn!(
            livelesson = id,
            "tearing a failed livelesson down failed: {e}"
        );
    }
    store
        .set_livelesson_endpoints(id, owner, &serde_json::json!([]), backend.is_preview())
        .await?;
    if store.set_livelesson_failed(id, owner, reason).await? {
        Ok(Outcome::Failed {
            lesson_slug: lesson_slug.to_owned(),
            stage,
            reason: reason.to_owned(),
        })
    } else {
        Ok(Outcome::Lost)
    }
}
