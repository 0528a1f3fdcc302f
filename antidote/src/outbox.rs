//! The outbox's publisher, run by the scheduler and the checker (every replica): it publishes
//! the events that were stored with their state change (`antidote_state_outbox`) and then
//! deletes them.
//!
//! An event this replica stored is handed to [`Publisher::publish`] right after its commit and
//! goes out at once: the row was written claimed by its writer for
//! [`HANDOVER_MS`](antidote_lib::store::outbox::HANDOVER_MS), so no claim is needed, and what
//! arrives while a batch goes out is sent as the next batch. A batch is published, the bus
//! flushed (NATS buffers what it cannot send yet, so only a flush says the server has it), and
//! its rows deleted in one statement.
//!
//! Every [`POLL_MS`] a round claims what nobody is publishing (a claim of its own for
//! [`CLAIM_MS`], so replicas publish disjoint sets): the events of a writer that died before
//! publishing (once its handover ran out), and events that could not be published (the bus is
//! down), which are given back for [`RETRY_MS`]. So every event is published at least once; it
//! is published twice only when a publisher dies (or stalls past its claim) after publishing
//! and before deleting, and then both copies carry the same `event_id`. A replica that stops
//! publishes what it was handed, gives back its claims, and runs a last round
//! ([`Publisher::shutdown`]).

use std::sync::Arc;
use std::time::Duration;

use antidote_lib::comms::Comms;
use antidote_lib::store::outbox::OutboxEvent;
use antidote_lib::store::{Store, StoreError, now_ms};
use tokio::sync::{Mutex, mpsc};

/// How long a publisher holds the events it claimed, in milliseconds.
pub const CLAIM_MS: i64 = 10_000;
/// How long an event that could not be published waits before it is tried again.
pub const RETRY_MS: i64 = 1_000;
/// How often a publisher looks for events nobody is publishing.
pub const POLL_MS: u64 = 1_000;
/// The most events one batch publishes.
const BATCH: usize = 256;
/// How long a flush of the bus may take before the batch's events count as not published.
const FLUSH_TIMEOUT: Duration = Duration::from_secs(5);

/// Publishes the outbox's events; one per service replica.
#[derive(Debug)]
pub struct Publisher {
    store: Store,
    comms: Comms,
    owner: String,
    handed: mpsc::UnboundedSender<OutboxEvent>,
    /// What [`Publisher::publish`] was handed; held by [`Publisher::run`] while it runs.
    inbox: Mutex<mpsc::UnboundedReceiver<OutboxEvent>>,
}

impl Publisher {
    /// A publisher for the replica `owner`.
    pub fn new(store: Store, comms: Comms, owner: String) -> Arc<Publisher> {
        let (handed, inbox) = mpsc::unbounded_channel();
        Arc::new(Publisher {
            store,
            comms,
            owner,
            handed,
            inbox: Mutex::new(inbox),
        })
    }

    /// Publishes `event`, which this replica (`owner`) just committed, as soon as it can.
    pub fn publish(&self, event: OutboxEvent) {
        // The receiver lives as long as `self`.
        let _ = self.handed.send(event);
    }

    /// Publishes what it is handed, and every [`POLL_MS`] what nobody publishes, until aborted.
    pub async fn run(self: Arc<Self>) {
        let mut inbox = self.inbox.lock().await;
        let mut batch = Vec::with_capacity(BATCH);
        let mut poll = tokio::time::interval(Duration::from_millis(POLL_MS));
        poll.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = inbox.recv_many(&mut batch, BATCH) => {
                    if let Err(e) = self.send(&batch).await {
                        tracing::warn!("cannot publish the outbox's events: {e}");
                    }
                    batch.clear();
                }
                _ = poll.tick() => loop {
                    match self.round().await {
                        // A full batch: there may be more.
                        Ok(n) if n == BATCH => {}
                        Ok(_) => break,
                        Err(e) => {
                            tracing::warn!("cannot publish the outbox's events: {e}");
                            break;
                        }
                    }
                },
            }
        }
    }

    /// For a replica stopping (after [`Publisher::run`] was aborted): publishes what it was
    /// handed, gives back its other claims, and publishes what is pending.
    pub async fn shutdown(&self) -> Result<(), StoreError> {
        let mut inbox = self.inbox.lock().await;
        let mut batch = Vec::new();
        while let Ok(e) = inbox.try_recv() {
            batch.push(e);
        }
        self.send(&batch).await?;
        self.store.release_outbox(&self.owner).await?;
        while self.round().await? == BATCH {}
        Ok(())
    }

    /// One round: claims what nobody is publishing and publishes it. Returns how many events
    /// it claimed.
    async fn round(&self) -> Result<usize, StoreError> {
        let events = self
            .store
            .claim_outbox(
                &self.owner,
                CLAIM_MS,
                i64::try_from(BATCH).unwrap_or(i64::MAX),
            )
            .await?;
        self.send(&events).await?;
        Ok(events.len())
    }

    /// Publishes `events` (held by this replica), flushes, deletes what went out, and gives
    /// back for [`RETRY_MS`] what did not.
    async fn send(&self, events: &[OutboxEvent]) -> Result<(), StoreError> {
        if events.is_empty() {
            return Ok(());
        }
        let mut sent = Vec::with_capacity(events.len());
        let mut failed = Vec::new();
        for e in events {
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
        Ok(())
    }
}
