//! The checker's writes to state: its own hold on a READY livelesson (`check_owner`, a lease
//! renewed while it lives, independent of the scheduler's), the objective statuses it stores
//! (owner- and stage-checked, so a stage change or a deletion stops a check at its next write),
//! and the stage marked done once every objective there is complete.

use super::outbox::{OutboxEvent, insert_events};
use super::state::Bind;
use super::{QueryContext, Store, StoreError};

impl Store {
    /// Claims for `owner` up to `limit` livelessons whose objectives need checking: READY, not
    /// previews, not being deleted, their stage not marked done, and no live checker holding
    /// them. Replicas claiming at once get disjoint sets.
    pub async fn claim_checks(
        &self,
        owner: &str,
        lease_ms: i64,
        limit: i64,
    ) -> Result<Vec<String>, StoreError> {
        let now = super::now_ms();
        let pick = "SELECT id FROM antidote_state_livelessons
                    WHERE status = 'READY' AND preview = FALSE AND delete_requested_at IS NULL
                      AND (checked_stage IS NULL OR checked_stage <> stage)
                      AND (check_lease_expires_at IS NULL OR check_lease_expires_at < $3)
                    ORDER BY last_active_at DESC LIMIT $4";
        self.claim_ids(
            pick,
            "FOR UPDATE SKIP LOCKED",
            "check_owner = $1, check_lease_expires_at = $2",
            &[
                Bind::Text(owner),
                Bind::Int(now + lease_ms),
                Bind::Int(now),
                Bind::Int(limit),
            ],
            "claiming checks",
        )
        .await
    }

    /// Renews every check hold of `owner` for `lease_ms`; returns how many it holds.
    pub async fn renew_checks(&self, owner: &str, lease_ms: i64) -> Result<u64, StoreError> {
        let until = super::now_ms() + lease_ms;
        Ok(super::on!(self, |p| {
            sqlx::query(
            "UPDATE antidote_state_livelessons SET check_lease_expires_at = $2 WHERE check_owner = $1"
        )
        .bind(owner)
        .bind(until)
        .execute(p)
        .await
        .doing("renewing checks")?
        .rows_affected()
        }))
    }

    /// Stores the objective statuses of livelesson `id` at `stage` (JSON), and marks the stage
    /// done when `done`; only while `owner` holds the check, the livelesson is READY at that
    /// stage and not being deleted. False: the check is over (stage change, deletion, lost).
    pub async fn set_objectives(
        &self,
        id: &str,
        owner: &str,
        stage: i32,
        objectives: &serde_json::Value,
        done: bool,
        events: &[OutboxEvent],
    ) -> Result<bool, StoreError> {
        let text = objectives.to_string();
        let updated = super::on!(self, |p| {
            let mut tx = p
                .begin()
                .await
                .doing("starting to store objective statuses")?;
            let updated = sqlx::query(
                "UPDATE antidote_state_livelessons
             SET objectives = $4, checked_stage = CASE WHEN $5 THEN stage ELSE checked_stage END
             WHERE id = $1 AND check_owner = $2 AND stage = $3 AND status = 'READY'
               AND delete_requested_at IS NULL",
            )
            .bind(id)
            .bind(owner)
            .bind(stage)
            .bind(&text)
            .bind(done)
            .execute(&mut *tx)
            .await
            .doing("storing objective statuses")?
            .rows_affected();
            if updated > 0 {
                insert_events!(tx, events, owner);
            }
            tx.commit().await.doing("storing objective statuses")?;
            updated
        });
        Ok(updated > 0)
    }

    /// Gives up `owner`'s check hold on `id`.
    pub async fn release_check(&self, id: &str, owner: &str) -> Result<(), StoreError> {
        super::on!(self, |p| {
            sqlx::query(
            "UPDATE antidote_state_livelessons SET check_owner = NULL, check_lease_expires_at = NULL
             WHERE id = $1 AND check_owner = $2"
        )
        .bind(id)
        .bind(owner)
        .execute(p)
        .await
        .doing("releasing a check")?
        .rows_affected()
        });
        Ok(())
    }

    /// Gives up every check hold of `owner` (a checker shutting down).
    pub async fn release_checks(&self, owner: &str) -> Result<u64, StoreError> {
        Ok(super::on!(self, |p| {
            sqlx::query(
            "UPDATE antidote_state_livelessons SET check_owner = NULL, check_lease_expires_at = NULL
             WHERE check_owner = $1"
        )
        .bind(owner)
        .execute(p)
        .await
        .doing("releasing checks")?
        .rows_affected()
        }))
    }
}
