//! Sessions and livelessons, and the row-locking helpers that keep two schedulers off the same
//! livelesson.
//!
//! Locking: on PostgreSQL a write to one livelesson takes its row lock (`SELECT ... FOR
//! UPDATE`), and work queues claim rows with `FOR UPDATE SKIP LOCKED` so that replicas never
//! wait on or take each other's rows. SQLite has no row locks: its transactions here start with
//! `BEGIN IMMEDIATE`, which takes the database's write lock up front, so writers serialize.

use serde::{Deserialize, Serialize};

use super::{QueryContext, Store, StoreError};

/// A learner's session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct Session {
    /// Unguessable id.
    pub id: String,
    /// The learner's address.
    pub source_ip: String,
    /// Kept by gc however idle.
    pub persistent: bool,
    /// Unix milliseconds.
    pub created_at: i64,
    /// Unix milliseconds.
    pub last_active_at: i64,
}

/// Where a livelesson is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Status {
    /// Requested; no scheduler has started on it.
    Initialized,
    /// Endpoints are being created.
    Booting,
    /// Endpoints are being configured for the stage.
    Configuration,
    /// The learner can use it.
    Ready,
    /// It could not be provisioned; `error` says why.
    Failed,
}

impl Status {
    /// The name as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Initialized => "INITIALIZED",
            Status::Booting => "BOOTING",
            Status::Configuration => "CONFIGURATION",
            Status::Ready => "READY",
            Status::Failed => "FAILED",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Result<Status, StoreError> {
        [
            Status::Initialized,
            Status::Booting,
            Status::Configuration,
            Status::Ready,
            Status::Failed,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
        .ok_or_else(|| StoreError::Corrupt {
            what: "livelesson status".into(),
            reason: format!("unknown status `{s}`"),
        })
    }
}

/// A lesson being run for a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LiveLesson {
    /// Unguessable id.
    pub id: String,
    /// The session it belongs to.
    pub session_id: String,
    /// The lesson.
    pub lesson_slug: String,
    /// The current stage.
    pub stage: i32,
    /// Where it is in its life.
    pub status: Status,
    /// Provisioned by the preview backend (no endpoints).
    pub preview: bool,
    /// Endpoints: hosts and ports (JSON).
    pub endpoints: serde_json::Value,
    /// Objective statuses (JSON).
    pub objectives: serde_json::Value,
    /// Why it failed.
    pub error: Option<String>,
    /// The scheduler replica working on it.
    pub owner: Option<String>,
    /// When the owner's lease ends, unix milliseconds.
    pub lease_expires_at: Option<i64>,
    /// When its deletion was asked for (unix milliseconds): whoever holds it next tears it
    /// down and deletes it.
    pub delete_requested_at: Option<i64>,
    /// Unix milliseconds.
    pub created_at: i64,
    /// Unix milliseconds.
    pub last_active_at: i64,
}

type LiveLessonRow = (
    String,
    String,
    String,
    i32,
    String,
    bool,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<i64>,
    i64,
    i64,
);

const LIVELESSON_COLUMNS: &str = "id, session_id, lesson_slug, stage, status, preview, endpoints, objectives, error, owner, lease_expires_at, delete_requested_at, created_at, last_active_at";

fn livelesson(row: LiveLessonRow) -> Result<LiveLesson, StoreError> {
    let (
        id,
        session_id,
        lesson_slug,
        stage,
        status,
        preview,
        endpoints,
        objectives,
        error,
        owner,
        lease_expires_at,
        delete_requested_at,
        created_at,
        last_active_at,
    ) = row;
    let json = |what: &str, s: &str| {
        serde_json::from_str(s).map_err(|e| StoreError::Corrupt {
            what: format!("{what} of livelesson {id}"),
            reason: e.to_string(),
        })
    };
    Ok(LiveLesson {
        status: Status::parse(&status)?,
        endpoints: json("endpoints", &endpoints)?,
        objectives: json("objectives", &objectives)?,
        id,
        session_id,
        lesson_slug,
        stage,
        preview,
        error,
        owner,
        lease_expires_at,
        delete_requested_at,
        created_at,
        last_active_at,
    })
}

/// The outcome of a creation bounded by a limit.
#[derive(Debug, Clone, PartialEq)]
pub enum Limited<T> {
    /// Created.
    Created(T),
    /// Refused: this many already exist.
    Reached(i64),
}

/// A new livelesson request.
#[derive(Debug, Clone)]
pub struct NewLiveLesson<'a> {
    /// Unguessable id.
    pub id: &'a str,
    /// The session.
    pub session_id: &'a str,
    /// The lesson.
    pub lesson_slug: &'a str,
    /// The stage to start at.
    pub stage: i32,
}

/// How stale a last-active time may get before a request rewrites it.
pub const TOUCH_INTERVAL_MS: i64 = 1000;

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

    /// Stores a new livelesson in status INITIALIZED.
    pub async fn create_livelesson(
        &self,
        new: &NewLiveLesson<'_>,
    ) -> Result<LiveLesson, StoreError> {
        let now = super::now_ms();
        super::on!(self, |p| {
            sqlx::query(
            "INSERT INTO antidote_state_livelessons (id, session_id, lesson_slug, stage, status, created_at, last_active_at)
             VALUES ($1, $2, $3, $4, $5, $6, $6)"
        )
        .bind(new.id)
        .bind(new.session_id)
        .bind(new.lesson_slug)
        .bind(new.stage)
        .bind(Status::Initialized.as_str())
        .bind(now)
        .execute(p)
        .await
        .doing("creating a livelesson")?;
        });
        self.livelesson(new.id)
            .await?
            .ok_or_else(|| StoreError::Corrupt {
                what: format!("livelesson {}", new.id),
                reason: "not found right after it was created".into(),
            })
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

    /// Stores a new livelesson (INITIALIZED) unless its session already holds `limit` or more
    /// (no limit when 0). The count and the insert are one transaction under the session's row
    /// lock (SQLite: `BEGIN IMMEDIATE`), so concurrent requests cannot exceed the limit. A
    /// second livelesson of the same session and lesson is refused by the unique index.
    pub async fn create_livelesson_within(
        &self,
        new: &NewLiveLesson<'_>,
        limit: u32,
    ) -> Result<Limited<LiveLesson>, StoreError> {
        let now = super::now_ms();
        let lock = self.locking(
            "SELECT id FROM antidote_state_sessions WHERE id = $1",
            "FOR UPDATE",
        );
        let reached = super::on!(self, |p| {
            let mut tx = p
                .begin_with(self.begin_write())
                .await
                .doing("starting to create a livelesson")?;
            sqlx::query(lock.as_str())
                .bind(new.session_id)
                .execute(&mut *tx)
                .await
                .doing("locking a session")?;
            let count: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM antidote_state_livelessons WHERE session_id = $1",
            )
            .bind(new.session_id)
            .fetch_one(&mut *tx)
            .await
            .doing("counting livelessons")?;
            if limit > 0 && count >= i64::from(limit) {
                tx.rollback().await.doing("ending a refused livelesson")?;
                Some(count)
            } else {
                sqlx::query(
                    "INSERT INTO antidote_state_livelessons (id, session_id, lesson_slug, stage, status, created_at, last_active_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $6)",
                )
                .bind(new.id)
                .bind(new.session_id)
                .bind(new.lesson_slug)
                .bind(new.stage)
                .bind(Status::Initialized.as_str())
                .bind(now)
                .execute(&mut *tx)
                .await
                .doing("creating a livelesson")?;
                tx.commit().await.doing("committing a new livelesson")?;
                None
            }
        });
        if let Some(count) = reached {
            return Ok(Limited::Reached(count));
        }
        let created = self
            .livelesson(new.id)
            .await?
            .ok_or_else(|| StoreError::Corrupt {
                what: format!("livelesson {}", new.id),
                reason: "not found right after it was created".into(),
            })?;
        Ok(Limited::Created(created))
    }

    /// One livelesson.
    pub async fn livelesson(&self, id: &str) -> Result<Option<LiveLesson>, StoreError> {
        let sql =
            format!("SELECT {LIVELESSON_COLUMNS} FROM antidote_state_livelessons WHERE id = $1");
        let row: Option<LiveLessonRow> = super::on!(self, |p| sqlx::query_as(sql.as_str())
            .bind(id)
            .fetch_optional(p)
            .await
            .doing("reading a livelesson")?);
        row.map(livelesson).transpose()
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
        let (sql, begin) = (
            self.locking(pick, "FOR UPDATE SKIP LOCKED"),
            self.begin_write(),
        );
        let update = format!(
            "UPDATE antidote_state_livelessons SET owner = $1, lease_expires_at = $2 WHERE id IN ({sql}) RETURNING id"
        );
        let ids: Vec<String> = super::on!(self, |p| {
            let mut tx = p.begin_with(begin).await.doing("starting a claim")?;
            let ids = sqlx::query_scalar(update.as_str())
                .bind(owner)
                .bind(now + lease_ms)
                .bind(now)
                .bind(limit)
                .fetch_all(&mut *tx)
                .await
                .doing("claiming livelessons")?;
            tx.commit().await.doing("committing a claim")?;
            ids
        });
        Ok(ids)
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
        let (lock, begin) = (
            self.locking(
                "SELECT owner FROM antidote_state_livelessons WHERE id = $1",
                "FOR UPDATE",
            ),
            self.begin_write(),
        );
        let updated = super::on!(self, |p| {
            let mut tx = p
                .begin_with(begin)
                .await
                .doing("starting a status change")?;
            let current: Option<Option<String>> = sqlx::query_scalar(lock.as_str())
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .doing("locking a livelesson")?;
            if current.flatten().as_deref() != Some(owner) {
                tx.rollback().await.doing("releasing a livelesson")?;
                false
            } else {
                sqlx::query(
                    "UPDATE antidote_state_livelessons SET status = $2, error = $3 WHERE id = $1",
                )
                .bind(id)
                .bind(status.as_str())
                .bind(error)
                .execute(&mut *tx)
                .await
                .doing("changing a livelesson's status")?;
                tx.commit().await.doing("committing a status change")?;
                true
            }
        });
        Ok(updated)
    }
    /// One session.
    pub async fn session(&self, id: &str) -> Result<Option<Session>, StoreError> {
        Ok(super::on!(self, |p| {
            sqlx::query_as(
            "SELECT id, source_ip, persistent, created_at, last_active_at FROM antidote_state_sessions WHERE id = $1"
        )
        .bind(id)
        .fetch_optional(p)
        .await
        .doing("reading a session")?
        }))
    }

    /// Every session, newest first.
    pub async fn sessions(&self) -> Result<Vec<Session>, StoreError> {
        Ok(super::on!(self, |p| {
            sqlx::query_as(
            "SELECT id, source_ip, persistent, created_at, last_active_at FROM antidote_state_sessions ORDER BY created_at DESC, id"
        )
        .fetch_all(p)
        .await
        .doing("listing sessions")?
        }))
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

    /// Every livelesson, newest first.
    pub async fn livelessons(&self) -> Result<Vec<LiveLesson>, StoreError> {
        let sql = format!(
            "SELECT {LIVELESSON_COLUMNS} FROM antidote_state_livelessons ORDER BY created_at DESC, id"
        );
        let rows: Vec<LiveLessonRow> = super::on!(self, |p| sqlx::query_as(sql.as_str())
            .fetch_all(p)
            .await
            .doing("listing livelessons")?);
        rows.into_iter().map(livelesson).collect()
    }

    /// The livelesson of `session_id` for `lesson_slug`, if there is one (at most one can be).
    pub async fn livelesson_of(
        &self,
        session_id: &str,
        lesson_slug: &str,
    ) -> Result<Option<LiveLesson>, StoreError> {
        let sql = format!(
            "SELECT {LIVELESSON_COLUMNS} FROM antidote_state_livelessons WHERE session_id = $1 AND lesson_slug = $2"
        );
        let row: Option<LiveLessonRow> = super::on!(self, |p| sqlx::query_as(sql.as_str())
            .bind(session_id)
            .bind(lesson_slug)
            .fetch_optional(p)
            .await
            .doing("reading a livelesson")?);
        row.map(livelesson).transpose()
    }

    /// How many livelessons a session has (the per-session limit).
    pub async fn count_livelessons_of(&self, session_id: &str) -> Result<i64, StoreError> {
        Ok(super::on!(self, |p| sqlx::query_scalar(
            "SELECT COUNT(*) FROM antidote_state_livelessons WHERE session_id = $1"
        )
        .bind(session_id)
        .fetch_one(p)
        .await
        .doing("counting livelessons")?))
    }

    /// Asks for `stage` on a livelesson: records the stage and, unless it is still being
    /// booted, puts it in CONFIGURATION for a scheduler to configure. A FAILED livelesson (torn
    /// down and released when it failed) is asked for again from the start (INITIALIZED, error
    /// cleared). Its holder, if any, keeps it: claims decide who works on it. A livelesson
    /// being deleted is left alone. Returns the livelesson as it is now, or `None` if it does
    /// not exist.
    pub async fn request_stage(
        &self,
        id: &str,
        stage: i32,
    ) -> Result<Option<LiveLesson>, StoreError> {
        super::on!(self, |p| sqlx::query(
            "UPDATE antidote_state_livelessons SET
                 stage = $2,
                 status = CASE status
                     WHEN 'FAILED' THEN 'INITIALIZED'
                     WHEN 'READY' THEN 'CONFIGURATION'
                     ELSE status END,
                 error = NULL,
                 last_active_at = $3
             WHERE id = $1 AND delete_requested_at IS NULL"
        )
        .bind(id)
        .bind(stage)
        .bind(super::now_ms())
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
}

/// What [`Store::claim_livelesson`] found.
#[derive(Debug, Clone, PartialEq)]
pub enum Claim {
    /// The caller now owns it (it was unowned, its lease had expired, or the caller held it).
    Claimed(Box<LiveLesson>),
    /// Another owner holds an unexpired lease on it.
    Held {
        /// The owner.
        owner: String,
    },
    /// It does not exist (deleted).
    Missing,
}

/// The scheduler's and gc's queries: single livelesson claims, leases, owner-checked
/// transitions, and the gc work queues.
impl Store {
    /// Claims the livelesson `id` for `owner` with a lease of `lease_ms`, whatever its status,
    /// under its row lock, provided no other owner holds an unexpired lease on it.
    pub async fn claim_livelesson(
        &self,
        id: &str,
        owner: &str,
        lease_ms: i64,
    ) -> Result<Claim, StoreError> {
        let now = super::now_ms();
        let (lock, begin) = (
            self.locking(
                "SELECT owner, lease_expires_at FROM antidote_state_livelessons WHERE id = $1",
                "FOR UPDATE",
            ),
            self.begin_write(),
        );
        let claimed = super::on!(self, |p| {
            let mut tx = p.begin_with(begin).await.doing("starting a claim")?;
            let current: Option<(Option<String>, Option<i64>)> = sqlx::query_as(lock.as_str())
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .doing("locking a livelesson")?;
            match current {
                None => {
                    tx.rollback().await.doing("releasing a livelesson")?;
                    Err(None)
                }
                Some((Some(holder), Some(until))) if holder != owner && until >= now => {
                    tx.rollback().await.doing("releasing a livelesson")?;
                    Err(Some(holder))
                }
                Some(_) => {
                    sqlx::query(
                        "UPDATE antidote_state_livelessons SET owner = $2, lease_expires_at = $3 WHERE id = $1",
                    )
                    .bind(id)
                    .bind(owner)
                    .bind(now + lease_ms)
                    .execute(&mut *tx)
                    .await
                    .doing("claiming a livelesson")?;
                    tx.commit().await.doing("committing a claim")?;
                    Ok(())
                }
            }
        });
        match claimed {
            Err(None) => Ok(Claim::Missing),
            Err(Some(owner)) => Ok(Claim::Held { owner }),
            Ok(()) => Ok(match self.livelesson(id).await? {
                Some(l) => Claim::Claimed(Box::new(l)),
                None => Claim::Missing,
            }),
        }
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
    /// it and its stage is still `stage` (a stage asked for meanwhile needs configuring first).
    pub async fn set_livelesson_ready(
        &self,
        id: &str,
        owner: &str,
        stage: i32,
    ) -> Result<bool, StoreError> {
        let done = super::on!(self, |p| {
            sqlx::query(
            "UPDATE antidote_state_livelessons SET status = 'READY', error = NULL, owner = NULL, lease_expires_at = NULL
             WHERE id = $1 AND owner = $2 AND stage = $3 AND status = 'CONFIGURATION'
               AND delete_requested_at IS NULL"
        )
        .bind(id)
        .bind(owner)
        .bind(stage)
        .execute(p)
        .await
        .doing("marking a livelesson ready")?
        .rows_affected()
        });
        Ok(done > 0)
    }

    /// Marks a livelesson FAILED with `reason` and releases it, provided `owner` holds it.
    pub async fn set_livelesson_failed(
        &self,
        id: &str,
        owner: &str,
        reason: &str,
    ) -> Result<bool, StoreError> {
        let done = super::on!(self, |p| {
            sqlx::query(
            "UPDATE antidote_state_livelessons SET status = 'FAILED', error = $3, owner = NULL, lease_expires_at = NULL
             WHERE id = $1 AND owner = $2"
        )
        .bind(id)
        .bind(owner)
        .bind(reason)
        .execute(p)
        .await
        .doing("marking a livelesson failed")?
        .rows_affected()
        });
        Ok(done > 0)
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
        let (sql, begin) = (
            self.locking(pick, "FOR UPDATE OF l SKIP LOCKED"),
            self.begin_write(),
        );
        let update = format!(
            "UPDATE antidote_state_livelessons SET delete_requested_at = $1, delete_reason = $3 WHERE id IN ({sql}) RETURNING id"
        );
        Ok(super::on!(self, |p| {
            let mut tx = p.begin_with(begin).await.doing("starting a gc claim")?;
            let ids = sqlx::query_scalar(update.as_str())
                .bind(now)
                .bind(idle_before)
                .bind(reason)
                .bind(limit)
                .fetch_all(&mut *tx)
                .await
                .doing("claiming idle livelessons")?;
            tx.commit().await.doing("committing a gc claim")?;
            ids
        }))
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
