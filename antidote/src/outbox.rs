//! The outbox's publisher, run by the scheduler and the checker (every replica): it publishes
//! the events that were stored with their state change (`antidote_state_outbox`) and then
//! deletes them.
//!
//! A round claims pending events (a claim of its own for [`CLAIM_MS`], so replicas publish
//! disjoint sets, and a dead replica's claims run out), publishes each, flushes the bus (NATS
//! buffers what it cannot send yet, so only a flush says the server has it), and deletes what
//! was published. An event that cannot be published (the bus is down) stays, and is tried again
//! [`RETRY_MS`] later by whichever publisher comes first. So every event is published at least
//! once; it is published twice only when a publisher dies (or stalls past its claim) after
//! publishing and before deleting, and then both copies carry the same `event_id`.
//!
//! Rounds run when the service stored an event ([`Publisher::wake`]) and every [`POLL_MS`]
//! (events a dead process left behind: at once if it never claimed them, once its claim ran
//! out if it died while publishing them).

use std::sync::Arc;
use std::time::Duration;

use antidote_lib::comms::Comms;
use antidote_lib::store::{Store, StoreError, now_ms};
use tokio::sync::Notify;

/// How long a publisher holds the events it claimed, in milliseconds.
pub const CLAIM_MS: i64 = 10_000;
/// How long an event that could not be published waits before it is tried again.
pub const RETRY_MS: i64 = 1_000;
/// How often a publisher looks for events without being woken.
pub const POLL_MS: u64 = 1_000;
/// The most events one round publishes.
const BATCH: i64 = 256;
/// How long a flush of the bus may take before the round's events count as not published.
const FLUSH_TIMEOUT: Duration = Duration::from_secs(5);

/// Publishes the outbox's events; one per service replica.
#[derive(Debug)]
pub struct Publisher {
    store: Store,
    comms: Comms,
    owner: String,
    wake: Notify,
}

impl Publisher {
    /// A publisher for the replica `owner`.
    pub fn new(store: Store, comms: Comms, owner: String) -> Arc<Publisher> {
        Arc::new(Publisher {
            store,
            comms,
            owner,
            wake: Notify::new(),
        })
    }

    /// Asks for a round now (the caller just stored an event).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Publishes pending events until aborted.
    pub async fn run(self: Arc<Self>) {
        loop {
            match self.round().await {
                // A full batch: there may be more.
                Ok(n) if n == usize::try_from(BATCH).unwrap_or(usize::MAX) => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!("cannot publish the outbox's events: {e}"),
            }
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(Duration::from_millis(POLL_MS)) => {}
            }
        }
    }

    /// One round: claims, publishes, flushes, deletes. Returns how many events it claimed.
    pub async fn round(&self) -> Result<usize, StoreError> {
        let events = self
            .store
            .claim_outbox(&self.owner, CLAIM_MS, BATCH)
            .await?;
        if events.is_empty() {
            return Ok(0);
        }
        let mut sent = Vec::with_capacity(events.len());
        let mut failed = Vec::new();
        for e in &events {
            match self
                .comms
                .publish_json(
                    &e.subject,
                    &e.id,
                    e.payload.as_bytes().to_vec(),
                    e.traceparent.as_deref(),
                )
                .await
            {
                Ok(()) => sent.push(e),
                Err(err) => {
                    tracing::warn!(event = %e.id, subject = %e.subject, "cannot publish an event, trying again later: {err}");
                    failed.push(e);
                }
            }
        }
        let flushed = match tokio::time::timeout(FLUSH_TIMEOUT, self.comms.bus().flush()).await {
            Ok(Ok(())) => true,
            Ok(Err(err)) => {
                tracing::warn!("cannot flush published events, trying again later: {err}");
                false
            }
            Err(_) => {
                tracing::warn!("flushing published events timed out, trying again later");
                false
            }
        };
        if !flushed {
            failed.append(&mut sent);
        }
        let published: Vec<&str> = sent.iter().map(|e| e.id.as_str()).collect();
        self.store.delete_outbox(&published).await?;
        let retry_at = now_ms().saturating_add(RETRY_MS);
        for e in failed {
            self.store
                .retry_outbox(&e.id, &self.owner, retry_at)
                .await?;
        }
        Ok(events.len())
    }
}
