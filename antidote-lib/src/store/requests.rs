//! The API's writes to state (and the admin API's, and tools'): sessions, livelesson rows,
//! and requests recorded in a livelesson's row (a stage, a deletion, activity). The API writes
//! no livelesson's work (owner, lease, endpoints), and its status only to ask for work: a
//! stage change moves READY to CONFIGURATION and FAILED to INITIALIZED (clearing the error),
//! and [`Store::fail_unowned_livelesson`] fails a livelesson no scheduler ever took up.

use super::state::{
    GivenUp, Limited, LiveLesson, NewLiveLesson, Session, Status, TOUCH_INTERVAL_MS,
};
use super::{QueryContext, Store, StoreError};

/// Session creations of this process, one at a time (see `create_session_within`).
static SESSION_CREATION: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

impl Store {
    /// Stores a new session.
    pub async fn create_session(&self, id: &str, source_ip: &str) -> Result<Session, StoreError> {
        let now = super::now_ms();
        super::on!(self, |p| {
            sqlx::query(
            "INSERT INTO antidote_state_sessions (id, source_ip, persistent, created_at, last_active_at) VALUES ($1, $2, $3, $4, $4)"
        )
        .bind(id)
        .bind(source_ip)
        .bind(false)
        .bind(now)
        .execute(p)
        .await
        .doing("creating a session")?;
        });
        Ok(Session {
            id: id.to_owned(),
            source_ip: source_ip.to_owned(),
            persistent: false,
            created_at: now,
            last_active_at: now,
        })
    }

    /// Stores a new livelesson in status INITIALIZED, whatever its session holds (tests and
    /// tools): [`Store::create_livelesson_within`] without a limit.
    pub async fn create_livelesson(
        &self,
        new: &NewLiveLesson<'_>,
    ) -> Result<LiveLesson, StoreError> {
        match self.create_livelesson_within(new, 0).await? {
            Limited::Created((livelesson, _)) => Ok(livelesson),
            Limited::Reached(_) => Err(StoreError::Corrupt {
                what: format!("livelesson {}", new.id),
                reason: "refused by a limit of 0, which means none".into(),
            }),
        }
    }

    /// Stores a new session unless `source_ip` created `limit` or more since `since_ms` (no
    /// limit when `limit` is 0). The count and the insert are one transaction serialized per
    /// address (PostgreSQL: an advisory lock on the address; SQLite: `BEGIN IMMEDIATE`), so
    /// concurrent requests cannot exceed the limit.
    pub async fn create_session_within(
        &self,
        id: &str,
        source_ip: &str,
        since_ms: i64,
        limit: u32,
    ) -> Result<Limited<Session>, StoreError> {
        // Creations of this process wait their turn before taking a connection: a burst would
        // otherwise hold every pooled connection while waiting on the lock below, and other
        // requests would find none within the acquire timeout.
        let _turn = SESSION_CREATION.lock().await;
        let now = super::now_ms();
        // PostgreSQL: no row to lock for an address, so an advisory lock on it.
        let lock = matches!(self, Store::Postgres(_))
            .then_some("SELECT pg_advisory_xact_lock(hashtext($1))");
        let outcome = super::on!(self, |p| {
            let mut tx = p
                .begin_with(self.begin_write())
                .await
                .doing("starting to create a session")?;
            if let Some(lock) = lock {
                sqlx::query(lock)
                    .bind(source_ip)
                    .execute(&mut *tx)
                    .await
                    .doing("locking the session count of an address")?;
            }
            let count: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM antidote_state_sessions WHERE source_ip = $1 AND created_at >= $2",
            )
            .bind(source_ip)
            .bind(since_ms)
            .fetch_one(&mut *tx)
            .await
            .doing("counting sessions")?;
            if limit > 0 && count >= i64::from(limit) {
                tx.rollback().await.doing("ending a refused session")?;
                Limited::Reached(count)
            } else {
                sqlx::query(
                    "INSERT INTO antidote_state_sessions (id, source_ip, persistent, created_at, last_active_at) VALUES ($1, $2, $3, $4, $4)",
                )
                .bind(id)
                .bind(source_ip)
                .bind(false)
                .bind(now)
                .execute(&mut *tx)
                .await
                .doing("creating a session")?;
                tx.commit().await.doing("committing a new session")?;
                Limited::Created(Session {
                    id: id.to_owned(),
                    source_ip: source_ip.to_owned(),
                    persistent: false,
                    created_at: now,
                    last_active_at: now,
                })
            }
        });
        Ok(outcome)
    }

    /// Stores a new livelesson (INITIALIZED) for a session, which runs at most `limit`
    /// livelessons at once (no limit when 0). At the limit, the session gives up its least
    /// recently used livelesson: its deletion is recorded (as gc would, with the reason) and
    /// returned, so that the caller tells the schedulers. Livelessons being deleted do not
    /// count; but when giving one up would leave the session more than twice `limit` rows (its
    /// earlier livelessons are not torn down yet), the new one is refused. The counts, the give-up and
    /// the insert are one transaction under the session's row lock (SQLite: `BEGIN
    /// IMMEDIATE`), so concurrent requests cannot exceed the limit. A second livelesson of
    /// the same session and lesson is refused by the unique index.
    pub async fn create_livelesson_within(
        &self,
        new: &NewLiveLesson<'_>,
        limit: u32,
    ) -> Result<Limited<(LiveLesson, Option<GivenUp>)>, StoreError> {
        let now = super::now_ms();
        let lock = self.locking(
            "SELECT id FROM antidote_state_sessions WHERE id = $1",
            "FOR UPDATE",
        );
        let reason = format!(
            "given up for lesson `{}`: a session runs at most {limit} lessons at once",
            new.lesson_slug
        );
        // The least recently used of the session's running livelessons, under its row lock (a
        // learner's or gc's deletion of it waits, and is not overwritten).
        let lru = self.locking(
            "SELECT id, lesson_slug FROM antidote_state_livelessons
             WHERE session_id = $1 AND delete_requested_at IS NULL
             ORDER BY last_active_at, created_at, id LIMIT 1",
            "FOR UPDATE",
        );
        let given_up = super::on!(self, |p| {
            let mut tx = p
                .begin_with(self.begin_write())
                .await
                .doing("starting to create a livelesson")?;
            sqlx::query(lock.as_str())
                .bind(new.session_id)
                .execute(&mut *tx)
                .await
                .doing("locking a session")?;
            let (active, total): (i64, i64) = sqlx::query_as(
                "SELECT COALESCE(SUM(CASE WHEN delete_requested_at IS NULL THEN 1 ELSE 0 END), 0), COUNT(*)
                 FROM antidote_state_livelessons WHERE session_id = $1",
            )
            .bind(new.session_id)
            .fetch_one(&mut *tx)
            .await
            .doing("counting livelessons")?;
            let limit = i64::from(limit);
            let mut given_up = None;
            if limit > 0 && active >= limit {
                if total >= 2 * limit {
                    tx.rollback().await.doing("ending a refused livelesson")?;
                    return Ok(Limited::Reached(active));
                }
                let lru: Option<(String, String)> = sqlx::query_as(lru.as_str())
                    .bind(new.session_id)
                    .fetch_optional(&mut *tx)
                    .await
                    .doing("finding the least recently used livelesson")?;
                if let Some((id, lesson_slug)) = lru {
                    let done = sqlx::query(
                        "UPDATE antidote_state_livelessons
                         SET delete_requested_at = $2, delete_reason = $3
                         WHERE id = $1 AND delete_requested_at IS NULL",
                    )
                    .bind(&id)
                    .bind(now)
                    .bind(&reason)
                    .execute(&mut *tx)
                    .await
                    .doing("giving up a livelesson")?
                    .rows_affected();
                    // Under its row lock nobody else asked for its deletion meanwhile.
                    if done > 0 {
                        given_up = Some(GivenUp { id, lesson_slug });
                    }
                }
            }
            sqlx::query(
                "INSERT INTO antidote_state_livelessons (id, session_id, lesson_slug, stage, status, created_at, last_active_at, traceparent)
                 VALUES ($1, $2, $3, $4, $5, $6, $6, $7)",
            )
                .bind(new.id)
                .bind(new.session_id)
                .bind(new.lesson_slug)
                .bind(new.stage)
                .bind(Status::Initialized.as_str())
                .bind(now)
                .bind(new.traceparent)
                .execute(&mut *tx)
                .await
                .doing("creating a livelesson")?;
            tx.commit().await.doing("committing a new livelesson")?;
            given_up
        });
        let created = self
            .livelesson(new.id)
            .await?
            .ok_or_else(|| StoreError::Corrupt {
                what: format!("livelesson {}", new.id),
                reason: "not found right after it was created".into(),
            })?;
        Ok(Limited::Created((created, given_up)))
    }

    /// Marks a session persistent (kept by gc however idle) or not; false if it does not exist.
    pub async fn set_session_persistent(
        &self,
        id: &str,
        persistent: bool,
    ) -> Result<bool, StoreError> {
        let done = super::on!(self, |p| sqlx::query(
            "UPDATE antidote_state_sessions SET persistent = $2 WHERE id = $1"
        )
        .bind(id)
        .bind(persistent)
        .execute(p)
        .await
        .doing("changing a session")?
        .rows_affected());
        Ok(done > 0)
    }

    /// Records activity on a session now (requests and polls keep it from gc).
    pub async fn touch_session(&self, id: &str) -> Result<(), StoreError> {
        super::on!(self, |p| sqlx::query(
            "UPDATE antidote_state_sessions SET last_active_at = $2 WHERE id = $1"
        )
        .bind(id)
        .bind(super::now_ms())
        .execute(p)
        .await
        .doing("recording session activity")?
        .rows_affected());
        Ok(())
    }

    /// Records activity on a livelesson and its session now. At most one write each per
    /// [`TOUCH_INTERVAL_MS`]: learners poll often, and idle times are minutes.
    pub async fn touch_livelesson(&self, livelesson: &LiveLesson) -> Result<(), StoreError> {
        let now = super::now_ms();
        if now - livelesson.last_active_at < TOUCH_INTERVAL_MS {
            return Ok(());
        }
        super::on!(self, |p| {
            sqlx::query("UPDATE antidote_state_livelessons SET last_active_at = $2 WHERE id = $1 AND last_active_at < $2")
                .bind(&livelesson.id)
                .bind(now)
                .execute(p)
                .await
                .doing("recording livelesson activity")?;
            sqlx::query("UPDATE antidote_state_sessions SET last_active_at = $2 WHERE id = $1 AND last_active_at < $3")
                .bind(&livelesson.session_id)
                .bind(now)
                .bind(now - TOUCH_INTERVAL_MS)
                .execute(p)
                .await
                .doing("recording session activity")?;
        });
        Ok(())
    }

    /// Asks for `stage` on a livelesson: records the stage and, unless it is still being
    /// booted, puts it in CONFIGURATION for a scheduler to configure. A FAILED livelesson (torn
    /// down and released when it failed) is asked for again from the start (INITIALIZED, error
    /// cleared). Objective statuses start over (the stage's configuration may change what they
    /// check). Its holder, if any, keeps it: claims decide who works on it. The request's
    /// `traceparent` replaces the stored one (the checks of the new stage continue its trace).
    /// A livelesson being deleted is left alone. Returns the livelesson as it is now, or `None`
    /// if it does not exist.
    pub async fn request_stage(
        &self,
        id: &str,
        stage: i32,
        traceparent: Option<&str>,
    ) -> Result<Option<LiveLesson>, StoreError> {
        super::on!(self, |p| sqlx::query(
            "UPDATE antidote_state_livelessons SET
                 stage = $2,
                 status = CASE status
                     WHEN 'FAILED' THEN 'INITIALIZED'
                     WHEN 'READY' THEN 'CONFIGURATION'
                     ELSE status END,
                 error = NULL,
                 objectives = '[]',
                 checked_stage = NULL,
                 last_active_at = $3,
                 traceparent = $4
             WHERE id = $1 AND delete_requested_at IS NULL"
        )
        .bind(id)
        .bind(stage)
        .bind(super::now_ms())
        .bind(traceparent)
        .execute(p)
        .await
        .doing("changing a livelesson's stage")?
        .rows_affected());
        let changed = self.livelesson(id).await?;
        if let Some(l) = &changed {
            self.touch_session(&l.session_id).await?;
        }
        Ok(changed)
    }

    /// Asks for a livelesson's deletion: recorded in the row, so that whoever holds it next
    /// (or the holder, at its next step) tears it down and deletes it, whatever becomes of the
    /// message that says so. The first request's time and reason stay. False if it does not
    /// exist.
    pub async fn request_delete(&self, id: &str, reason: &str) -> Result<bool, StoreError> {
        let done = super::on!(self, |p| sqlx::query(
            "UPDATE antidote_state_livelessons
             SET delete_requested_at = COALESCE(delete_requested_at, $2),
                 delete_reason = COALESCE(delete_reason, $3)
             WHERE id = $1"
        )
        .bind(id)
        .bind(super::now_ms())
        .bind(reason)
        .execute(p)
        .await
        .doing("asking for a livelesson's deletion")?
        .rows_affected());
        Ok(done > 0)
    }

    /// Marks a livelesson FAILED with `reason` when no scheduler ever took it up: still
    /// INITIALIZED (nothing provisioned), held by nobody, not being deleted (for example because
    /// no scheduler answered its request). Returns false otherwise: a livelesson a scheduler
    /// worked on is left to the schedulers (a sweeper resumes it).
    pub async fn fail_unowned_livelesson(
        &self,
        id: &str,
        reason: &str,
    ) -> Result<bool, StoreError> {
        let done = super::on!(self, |p| {
            sqlx::query(
                "UPDATE antidote_state_livelessons SET status = 'FAILED', error = $2
             WHERE id = $1 AND status = 'INITIALIZED' AND delete_requested_at IS NULL
               AND (owner IS NULL OR lease_expires_at IS NULL OR lease_expires_at < $3)",
            )
            .bind(id)
            .bind(reason)
            .bind(super::now_ms())
            .execute(p)
            .await
            .doing("marking a livelesson failed")?
            .rows_affected()
        });
        Ok(done > 0)
    }

    /// Deletes a livelesson's row (after its environment is torn down); false if it was gone.
    pub async fn delete_livelesson(&self, id: &str) -> Result<bool, StoreError> {
        let done = super::on!(self, |p| sqlx::query(
            "DELETE FROM antidote_state_livelessons WHERE id = $1"
        )
        .bind(id)
        .execute(p)
        .await
        .doing("deleting a livelesson")?
        .rows_affected());
        Ok(done > 0)
    }

    /// Sets the last activity of a livelesson and its session (tests and tools: ageing them
    /// for gc).
    pub async fn set_last_active(
        &self,
        livelesson_or_session: &str,
        at_ms: i64,
    ) -> Result<(), StoreError> {
        super::on!(self, |p| {
            sqlx::query("UPDATE antidote_state_livelessons SET last_active_at = $2 WHERE id = $1")
                .bind(livelesson_or_session)
                .bind(at_ms)
                .execute(p)
                .await
                .doing("setting livelesson activity")?;
            sqlx::query("UPDATE antidote_state_sessions SET last_active_at = $2 WHERE id = $1")
                .bind(livelesson_or_session)
                .bind(at_ms)
                .execute(p)
                .await
                .doing("setting session activity")?;
        });
        Ok(())
    }
}
