//! The outbox: events that report a state change (LiveLessonReady, LiveLessonFailed,
//! ObjectiveComplete), written in the same transaction as the change, so that a process that
//! dies between its commit and its publish loses no event.
//!
//! A row is written claimed by its writer for [`HANDOVER_MS`]: the replica that made the
//! change publishes the event at once and deletes the row, with no statement in between.
//! Publishers (`antidote::outbox`) claim only rows nobody is publishing (a writer that died or
//! could not publish, or a publisher's claim that ran out; one publisher at a time per row,
//! `FOR UPDATE SKIP LOCKED` on PostgreSQL), publish them and delete them. Every event is
//! published at least once, and a duplicate (a publisher that died after publishing, before
//! deleting) carries the same id.

use super::{QueryContext as _, Store, StoreError, now_ms};

/// An event to write with a state change, or one read back to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxEvent {
    /// The event's id (also its `event_id` in the payload): consumers drop duplicates by it.
    pub id: String,
    /// Its subject below the instance prefix (e.g. `livelessons.ready`).
    pub subject: String,
    /// The event as JSON.
    pub payload: String,
    /// The W3C `traceparent` to publish it with, if any.
    pub traceparent: Option<String>,
}

impl OutboxEvent {
    /// The event `event` (serialized as JSON) with id `id`, to publish on `subject`.
    pub fn new(
        id: &str,
        subject: &str,
        event: &impl serde::Serialize,
        traceparent: Option<String>,
    ) -> OutboxEvent {
        OutboxEvent {
            id: id.to_owned(),
            subject: subject.to_owned(),
            payload: serde_json::to_string(event).expect("events serialize"),
            traceparent,
        }
    }
}

/// How long, in milliseconds, the replica that stored an event has it to itself to publish it:
/// a row is written claimed by its writer until then, and other publishers take it only after
/// (the writer died, or could not publish and gave it back).
pub const HANDOVER_MS: i64 = 2_000;

/// The statement that adds one event to the outbox (`$5`: now; `$6` the writer, who holds it
/// until `$7`).
pub(super) const INSERT: &str =
    "INSERT INTO antidote_state_outbox (id, subject, payload, traceparent, created_at, claimed_by, claimed_until)
     VALUES ($1, $2, $3, $4, $5, $6, $7)";

/// Adds `events` to the outbox inside the transaction `$tx` (of either engine), claimed by
/// `$owner` (the writer) for [`HANDOVER_MS`].
macro_rules! insert_events {
    ($tx:expr, $events:expr, $owner:expr) => {{
        let now = $crate::store::now_ms();
        for e in $events {
            sqlx::query($crate::store::outbox::INSERT)
                .bind(&e.id)
                .bind(&e.subject)
                .bind(&e.payload)
                .bind(&e.traceparent)
                .bind(now)
                .bind($owner)
                .bind(now.saturating_add($crate::store::outbox::HANDOVER_MS))
                .execute(&mut *$tx)
                .await
                .doing("adding an event to the outbox")?;
        }
    }};
}
pub(crate) use insert_events;

impl Store {
    /// Claims for `owner`, for `lease_ms`, up to `limit` events nobody is publishing (their
    /// writer's or a publisher's claim ran out, or was given back), oldest first.
    pub async fn claim_outbox(
        &self,
        owner: &str,
        lease_ms: i64,
        limit: i64,
    ) -> Result<Vec<OutboxEvent>, StoreError> {
        let now = now_ms();
        let select = self.locking(
            "SELECT id FROM antidote_state_outbox
             WHERE claimed_until IS NULL OR claimed_until < $2
             ORDER BY created_at, id LIMIT $4",
            "FOR UPDATE SKIP LOCKED",
        );
        let sql = format!(
            "UPDATE antidote_state_outbox SET claimed_by = $1, claimed_until = $3
             WHERE id IN ({select})
             RETURNING id, subject, payload, traceparent, created_at"
        );
        let mut rows: Vec<(String, String, String, Option<String>, i64)> =
            super::on!(self, |p| sqlx::query_as(sql.as_str())
                .bind(owner)
                .bind(now)
                .bind(now.saturating_add(lease_ms))
                .bind(limit)
                .fetch_all(p)
                .await
                .doing("claiming events to publish")?);
        rows.sort_by(|a, b| (a.4, &a.0).cmp(&(b.4, &b.0)));
        Ok(rows
            .into_iter()
            .map(|(id, subject, payload, traceparent, _)| OutboxEvent {
                id,
                subject,
                payload,
                traceparent,
            })
            .collect())
    }

    /// Removes published events, in one statement.
    pub async fn delete_outbox(&self, ids: &[&str]) -> Result<(), StoreError> {
        if ids.is_empty() {
            return Ok(());
        }
        let placeholders: Vec<String> = (1..=ids.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "DELETE FROM antidote_state_outbox WHERE id IN ({})",
            placeholders.join(", ")
        );
        super::on!(self, |p| {
            let mut query = sqlx::query(sql.as_str());
            for id in ids {
                query = query.bind(*id);
            }
            query
                .execute(p)
                .await
                .doing("removing published events")?
                .rows_affected()
        });
        Ok(())
    }

    /// Keeps `owner`'s claim on an event it could not publish until `retry_at` (unix
    /// milliseconds), when any publisher may try again.
    pub async fn retry_outbox(
        &self,
        id: &str,
        owner: &str,
        retry_at: i64,
    ) -> Result<(), StoreError> {
        super::on!(self, |p| sqlx::query(
            "UPDATE antidote_state_outbox SET claimed_until = $3 WHERE id = $1 AND claimed_by = $2"
        )
        .bind(id)
        .bind(owner)
        .bind(retry_at)
        .execute(p)
        .await
        .doing("postponing an event")?
        .rows_affected());
        Ok(())
    }

    /// Gives back every claim `owner` holds (a replica stopping): any publisher may take the
    /// events at once. Returns how many.
    pub async fn release_outbox(&self, owner: &str) -> Result<u64, StoreError> {
        Ok(super::on!(self, |p| {
            sqlx::query(
            "UPDATE antidote_state_outbox SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = $1"
        )
        .bind(owner)
        .execute(p)
        .await
        .doing("giving back claimed events")?
        .rows_affected()
        }))
    }

    /// How many events wait to be published.
    pub async fn outbox_pending(&self) -> Result<i64, StoreError> {
        Ok(super::on!(self, |p| sqlx::query_scalar(
            "SELECT COUNT(*) FROM antidote_state_outbox"
        )
        .fetch_one(p)
        .await
        .doing("counting events to publish")?))
    }
}
