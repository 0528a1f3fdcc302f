//! The scheduler's and gc's writes to state: claims under row locks (work queues with
//! PostgreSQL `FOR UPDATE SKIP LOCKED`; SQLite serializes writers), leases, owner-checked
//! transitions of a livelesson's work, and gc's queues of idle livelessons and sessions.

use super::outbox::{OutboxEvent, insert_events};
use super::state::{Bind, Claim, Holder, Locked, Status};
use super::{QueryContext, Store, StoreError};

impl Store {
    /// The claim every work queue makes: `UPDATE ... SET {set} WHERE id IN ({pick}, locked with
    /// `lock` on PostgreSQL) RETURNING id`, in one write transaction, with `binds` as `$1...`.
    /// Replicas claiming at once get disjoint sets: PostgreSQL skips rows another transaction
    /// has locked; SQLite serializes the claims.
    pub(super) async fn claim_ids(
        &self,
        pick: &str,
        lock: &str,
        set: &str,
        binds: &[Bind<'_>],
        doing: &'static str,
    ) -> Result<Vec<String>, StoreError> {
        let (sql, begin) = (self.locking(pick, lock), self.begin_write());
        let update =
            format!("UPDATE antidote_state_livelessons SET {set} WHERE id IN ({sql}) RETURNING id");
        Ok(super::on!(self, |p| {
            let mut tx = p.begin_with(begin).await.doing(doing)?;
            let mut q = sqlx::query_scalar(update.as_str());
            for b in binds {
                q = match b {
                    Bind::Text(v) => q.bind(*v),
                    Bind::OptText(v) => q.bind(*v),
                    Bind::Int(v) => q.bind(*v),
                };
            }
            let ids = q.fetch_all(&mut *tx).await.doing(doing)?;
            tx.commit().await.doing(doing)?;
            ids
        }))
    }

    /// Claims up to `limit` livelessons that need work (not READY or FAILED, or asked to be
    /// deleted) and that no live owner holds (no lease, or an expired one) for `owner`, with a lease of `lease_ms`.
    /// Replicas claiming at once get disjoint sets: PostgreSQL skips rows another transaction
    /// has locked; SQLite serializes the claims.
    pub async fn claim_livelessons(
        &self,
        owner: &str,
        lease_ms: i64,
        limit: i64,
    ) -> Result<Vec<String>, StoreError> {
        let now = super::now_ms();
        let pick = "SELECT id FROM antidote_state_livelessons
                    WHERE (status NOT IN ('READY', 'FAILED') OR delete_requested_at IS NOT NULL)
                      AND (lease_expires_at IS NULL OR lease_expires_at < $3)
                    ORDER BY created_at LIMIT $4";
        self.claim_ids(
            pick,
            "FOR UPDATE SKIP LOCKED",
            "owner = $1, lease_expires_at = $2",
            &[
                Bind::Text(owner),
                Bind::Int(now + lease_ms),
                Bind::Int(now),
                Bind::Int(limit),
            ],
            "claiming livelessons",
        )
        .await
    }

    /// Claims the livelesson `id` for `owner` with a lease of `lease_ms`, whatever its status,
    /// under its row lock, provided no other owner holds an unexpired lease on it.
    pub async fn claim_livelesson(
        &self,
        id: &str,
        owner: &str,
        lease_ms: i64,
    ) -> Result<Claim, StoreError> {
        let now = super::now_ms();
        let free = |h: &Holder| match (&h.owner, h.lease_expires_at) {
            (Some(holder), Some(until)) => holder == owner || until < now,
            _ => true,
        };
        let claimed = self
            .update_locked(
                id,
                free,
                "UPDATE antidote_state_livelessons SET owner = $2, lease_expires_at = $3 WHERE id = $1",
                &[Bind::Text(owner), Bind::Int(now + lease_ms)],
                "claiming a livelesson",
            )
            .await?;
        Ok(match claimed {
            Locked::Missing => Claim::Missing,
            Locked::Refused(holder) => Claim::Held {
                owner: holder.owner.unwrap_or_default(),
            },
            Locked::Updated => match self.livelesson(id).await? {
                Some(l) => Claim::Claimed(Box::new(l)),
                None => Claim::Missing,
            },
        })
    }

    /// Extends `owner`'s lease on the livelessons `ids` (those it is working on) to `lease_ms`
    /// from now, and gives up every other hold of `owner` (left by work that ended without
    /// releasing, e.g. in a database outage), so that nothing stays held by a replica that does
    /// not work on it. Returns the ids whose lease was renewed: work on the others was lost.
    pub async fn renew_leases(
        &self,
        owner: &str,
        ids: &[String],
        lease_ms: i64,
    ) -> Result<Vec<String>, StoreError> {
        let until = super::now_ms() + lease_ms;
        super::on!(self, |p| {
            let mut tx = p.begin().await.doing("starting to renew leases")?;
            let mut renewed = Vec::new();
            if !ids.is_empty() {
                let mut q = sqlx::QueryBuilder::new(
                    "UPDATE antidote_state_livelessons SET lease_expires_at = ",
                );
                q.push_bind(until)
                    .push(" WHERE owner = ")
                    .push_bind(owner)
                    .push(" AND id IN (");
                let mut list = q.separated(", ");
                for id in ids {
                    list.push_bind(id);
                }
                q.push(") RETURNING id");
                renewed = q
                    .build_query_scalar::<String>()
                    .fetch_all(&mut *tx)
                    .await
                    .doing("renewing leases")?;
            }
            let mut q = sqlx::QueryBuilder::new(
                "UPDATE antidote_state_livelessons SET owner = NULL, lease_expires_at = NULL WHERE owner = ",
            );
            q.push_bind(owner);
            if !ids.is_empty() {
                q.push(" AND id NOT IN (");
                let mut list = q.separated(", ");
                for id in ids {
                    list.push_bind(id);
                }
                q.push(")");
            }
            q.build()
                .execute(&mut *tx)
                .await
                .doing("releasing leftover holds")?;
            tx.commit().await.doing("committing renewed leases")?;
            Ok(renewed)
        })
    }

    /// Moves a livelesson to `status` (with `error` for FAILED) under its row lock, provided
    /// `owner` still holds it; returns false when another owner has taken it over.
    pub async fn set_livelesson_status(
        &self,
        id: &str,
        owner: &str,
        status: Status,
        error: Option<&str>,
    ) -> Result<bool, StoreError> {
        let done = self
            .update_locked(
                id,
                |h| h.owner.as_deref() == Some(owner),
                "UPDATE antidote_state_livelessons SET status = $2, error = $3 WHERE id = $1",
                &[Bind::Text(status.as_str()), Bind::OptText(error)],
                "changing a livelesson's status",
            )
            .await?;
        Ok(matches!(done, Locked::Updated))
    }

    /// Records a livelesson's endpoints (`[{"name", "host", "ready"}]`) and whether it runs on
    /// the preview backend, provided `owner` holds it.
    pub async fn set_livelesson_endpoints(
        &self,
        id: &str,
        owner: &str,
        endpoints: &serde_json::Value,
        preview: bool,
    ) -> Result<bool, StoreError> {
        let done = super::on!(self, |p| {
            sqlx::query(
            "UPDATE antidote_state_livelessons SET endpoints = $3, preview = $4 WHERE id = $1 AND owner = $2"
        )
        .bind(id)
        .bind(owner)
        .bind(endpoints.to_string())
        .bind(preview)
        .execute(p)
        .await
        .doing("recording a livelesson's endpoints")?
        .rows_affected()
        });
        Ok(done > 0)
    }

    /// Moves a livelesson from CONFIGURATION to READY and releases it, provided `owner` holds
    /// it and its stage is still `stage` (a stage asked for meanwhile needs configuring first);
    /// `events` (LiveLessonReady) go to the outbox in the same transaction, only if it moved.
    pub async fn set_livelesson_ready(
        &self,
        id: &str,
        owner: &str,
        stage: i32,
        events: &[OutboxEvent],
    ) -> Result<bool, StoreError> {
        let done = super::on!(self, |p| {
            let mut tx = p
                .begin()
                .await
                .doing("starting to mark a livelesson ready")?;
            let done = sqlx::query(
            "UPDATE antidote_state_livelessons SET status = 'READY', error = NULL, owner = NULL, lease_expires_at = NULL
             WHERE id = $1 AND owner = $2 AND stage = $3 AND status = 'CONFIGURATION'
               AND delete_requested_at IS NULL"
        )
        .bind(id)
        .bind(owner)
        .bind(stage)
        .execute(&mut *tx)
        .await
        .doing("marking a livelesson ready")?
        .rows_affected();
            if done > 0 {
                insert_events!(tx, events, owner);
            }
            tx.commit().await.doing("marking a livelesson ready")?;
            done
        });
        Ok(done > 0)
    }

    /// Marks a livelesson FAILED with `reason` and releases it, provided `owner` holds it;
    /// `events` (LiveLessonFailed) go to the outbox in the same transaction, only if it did.
    pub async fn set_livelesson_failed(
        &self,
        id: &str,
        owner: &str,
        reason: &str,
        events: &[OutboxEvent],
    ) -> Result<bool, StoreError> {
        let done = super::on!(self, |p| {
            let mut tx = p
                .begin()
                .await
                .doing("starting to mark a livelesson failed")?;
            let done = sqlx::query(
            "UPDATE antidote_state_livelessons SET status = 'FAILED', error = $3, owner = NULL, lease_expires_at = NULL
             WHERE id = $1 AND owner = $2"
        )
        .bind(id)
        .bind(owner)
        .bind(reason)
        .execute(&mut *tx)
        .await
        .doing("marking a livelesson failed")?
        .rows_affected();
            if done > 0 {
                insert_events!(tx, events, owner);
            }
            tx.commit().await.doing("marking a livelesson failed")?;
            done
        });
        Ok(done > 0)
    }

    /// Gives up `owner`'s hold on the livelesson `id` (no owner, no lease); false if `owner`
    /// did not hold it.
    pub async fn release_livelesson(&self, id: &str, owner: &str) -> Result<bool, StoreError> {
        let done = super::on!(self, |p| {
            sqlx::query(
            "UPDATE antidote_state_livelessons SET owner = NULL, lease_expires_at = NULL WHERE id = $1 AND owner = $2"
        )
        .bind(id)
        .bind(owner)
        .execute(p)
        .await
        .doing("releasing a livelesson")?
        .rows_affected()
        });
        Ok(done > 0)
    }

    /// Gives up every hold of `owner` (a scheduler shutting down), so that another replica
    /// resumes its work at once; returns how many it held.
    pub async fn release_livelessons(&self, owner: &str) -> Result<u64, StoreError> {
        Ok(super::on!(self, |p| {
            sqlx::query(
            "UPDATE antidote_state_livelessons SET owner = NULL, lease_expires_at = NULL WHERE owner = $1"
        )
        .bind(owner)
        .execute(p)
        .await
        .doing("releasing livelessons")?
        .rows_affected()
        }))
    }

    /// Deletes a livelesson's row provided `owner` holds it (after tearing it down).
    pub async fn delete_owned_livelesson(&self, id: &str, owner: &str) -> Result<bool, StoreError> {
        let done = super::on!(self, |p| sqlx::query(
            "DELETE FROM antidote_state_livelessons WHERE id = $1 AND owner = $2"
        )
        .bind(id)
        .bind(owner)
        .execute(p)
        .await
        .doing("deleting a livelesson")?
        .rows_affected());
        Ok(done > 0)
    }

    /// gc's work queue: asks for the deletion of up to `limit` livelessons idle since before
    /// `idle_before` (unix ms) whose session is not persistent and whose deletion nobody asked
    /// for yet, recording `reason`; returns their ids. The idleness check and the request are
    /// one statement, so activity before it keeps a livelesson. Replicas never take the same
    /// rows (PostgreSQL `FOR UPDATE SKIP LOCKED`; SQLite serializes).
    pub async fn claim_idle_livelessons(
        &self,
        idle_before: i64,
        reason: &str,
        limit: i64,
    ) -> Result<Vec<String>, StoreError> {
        let now = super::now_ms();
        let pick = "SELECT l.id FROM antidote_state_livelessons l
                    WHERE l.last_active_at < $2
                      AND l.delete_requested_at IS NULL
                      AND NOT EXISTS (SELECT 1 FROM antidote_state_sessions s
                                      WHERE s.id = l.session_id AND s.persistent)
                    ORDER BY l.last_active_at LIMIT $4";
        self.claim_ids(
            pick,
            "FOR UPDATE OF l SKIP LOCKED",
            "delete_requested_at = $1, delete_reason = $3",
            &[
                Bind::Int(now),
                Bind::Int(idle_before),
                Bind::Text(reason),
                Bind::Int(limit),
            ],
            "claiming idle livelessons",
        )
        .await
    }

    /// Deletes up to `limit` sessions idle since before `idle_before` (unix ms) that are not
    /// persistent and have no livelessons; returns their ids. Replicas never take the same
    /// rows (PostgreSQL `FOR UPDATE SKIP LOCKED`; SQLite serializes).
    pub async fn delete_idle_sessions(
        &self,
        idle_before: i64,
        limit: i64,
    ) -> Result<Vec<String>, StoreError> {
        let pick = "SELECT s.id FROM antidote_state_sessions s
                    WHERE s.last_active_at < $1 AND NOT s.persistent
                      AND NOT EXISTS (SELECT 1 FROM antidote_state_livelessons l WHERE l.session_id = s.id)
                    ORDER BY s.last_active_at LIMIT $2";
        let (sql, begin) = (
            self.locking(pick, "FOR UPDATE OF s SKIP LOCKED"),
            self.begin_write(),
        );
        let delete =
            format!("DELETE FROM antidote_state_sessions WHERE id IN ({sql}) RETURNING id");
        Ok(super::on!(self, |p| {
            let mut tx = p
                .begin_with(begin)
                .await
                .doing("starting a session cleanup")?;
            let ids = sqlx::query_scalar(delete.as_str())
                .bind(idle_before)
                .bind(limit)
                .fetch_all(&mut *tx)
                .await
                .doing("deleting idle sessions")?;
            tx.commit().await.doing("committing a session cleanup")?;
            ids
        }))
    }
}
