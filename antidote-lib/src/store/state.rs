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

/// A livelesson's row as stored: [`LiveLesson`] before its status and JSON columns are read.
#[derive(sqlx::FromRow)]
pub(super) struct LiveLessonRow {
    id: String,
    session_id: String,
    lesson_slug: String,
    stage: i32,
    status: String,
    preview: bool,
    endpoints: String,
    objectives: String,
    error: Option<String>,
    owner: Option<String>,
    lease_expires_at: Option<i64>,
    delete_requested_at: Option<i64>,
    created_at: i64,
    last_active_at: i64,
}

/// The columns of [`LiveLessonRow`], for `SELECT`.
pub(super) const LIVELESSON_COLUMNS: &str = "id, session_id, lesson_slug, stage, status, preview, endpoints, objectives, error, owner, lease_expires_at, delete_requested_at, created_at, last_active_at";

impl TryFrom<LiveLessonRow> for LiveLesson {
    type Error = StoreError;

    fn try_from(row: LiveLessonRow) -> Result<LiveLesson, StoreError> {
        let json = |what: &str, s: &str| {
            serde_json::from_str(s).map_err(|e| StoreError::Corrupt {
                what: format!("{what} of livelesson {}", row.id),
                reason: e.to_string(),
            })
        };
        Ok(LiveLesson {
            status: Status::parse(&row.status)?,
            endpoints: json("endpoints", &row.endpoints)?,
            objectives: json("objectives", &row.objectives)?,
            id: row.id,
            session_id: row.session_id,
            lesson_slug: row.lesson_slug,
            stage: row.stage,
            preview: row.preview,
            error: row.error,
            owner: row.owner,
            lease_expires_at: row.lease_expires_at,
            delete_requested_at: row.delete_requested_at,
            created_at: row.created_at,
            last_active_at: row.last_active_at,
        })
    }
}

/// The outcome of a creation bounded by a limit.
#[derive(Debug, Clone, PartialEq)]
pub enum Limited<T> {
    /// Created.
    Created(T),
    /// Refused: this many already exist.
    Reached(i64),
}

/// A livelesson a session gave up to start another at its limit: its deletion is recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GivenUp {
    /// The livelesson given up.
    pub id: String,
    /// Its lesson.
    pub lesson_slug: String,
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
    /// The W3C `traceparent` of the request that asks for it (the checker's checks continue
    /// that trace); `None` when there is none.
    pub traceparent: Option<&'a str>,
}

/// How stale a last-active time may get before a request rewrites it.
pub const TOUCH_INTERVAL_MS: i64 = 1000;

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

/// Who holds a livelesson, as its locked row says.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub(super) struct Holder {
    /// The replica working on it.
    pub owner: Option<String>,
    /// Until when (unix milliseconds).
    pub lease_expires_at: Option<i64>,
}

/// A value bound to a parameter of [`Store::update_locked`]'s statement.
pub(super) enum Bind<'a> {
    /// Text.
    Text(&'a str),
    /// Text or NULL.
    OptText(Option<&'a str>),
    /// A number.
    Int(i64),
}

/// What [`Store::update_locked`] did.
pub(super) enum Locked {
    /// There is no such livelesson.
    Missing,
    /// The holder check refused: nothing was written.
    Refused(Holder),
    /// The update ran.
    Updated,
}

impl Store {
    /// Locks the row of livelesson `id` (PostgreSQL `FOR UPDATE`; SQLite serializes writers
    /// with `BEGIN IMMEDIATE`), reads who holds it, and runs `update` (`$1` is the id, then
    /// `binds` in order) in the same transaction only if `allow` accepts the holder. The one
    /// way a livelesson's work changes hands or state under its lock.
    pub(super) async fn update_locked(
        &self,
        id: &str,
        allow: impl FnOnce(&Holder) -> bool,
        update: &str,
        binds: &[Bind<'_>],
        doing: &'static str,
    ) -> Result<Locked, StoreError> {
        let (lock, begin) = (
            self.locking(
                "SELECT owner, lease_expires_at FROM antidote_state_livelessons WHERE id = $1",
                "FOR UPDATE",
            ),
            self.begin_write(),
        );
        super::on!(self, |p| {
            let mut tx = p.begin_with(begin).await.doing(doing)?;
            let holder: Option<Holder> = sqlx::query_as(lock.as_str())
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .doing("locking a livelesson")?;
            let Some(holder) = holder else {
                tx.rollback().await.doing("releasing a livelesson")?;
                return Ok(Locked::Missing);
            };
            if !allow(&holder) {
                tx.rollback().await.doing("releasing a livelesson")?;
                return Ok(Locked::Refused(holder));
            }
            let mut q = sqlx::query(update).bind(id);
            for b in binds {
                q = match b {
                    Bind::Text(v) => q.bind(*v),
                    Bind::OptText(v) => q.bind(*v),
                    Bind::Int(v) => q.bind(*v),
                };
            }
            q.execute(&mut *tx).await.doing(doing)?;
            tx.commit().await.doing(doing)?;
            Ok(Locked::Updated)
        })
    }
}

/// Reads of state, for every service.
impl Store {
    /// One livelesson.
    pub async fn livelesson(&self, id: &str) -> Result<Option<LiveLesson>, StoreError> {
        let sql =
            format!("SELECT {LIVELESSON_COLUMNS} FROM antidote_state_livelessons WHERE id = $1");
        let row: Option<LiveLessonRow> = super::on!(self, |p| sqlx::query_as(sql.as_str())
            .bind(id)
            .fetch_optional(p)
            .await
            .doing("reading a livelesson")?);
        row.map(LiveLesson::try_from).transpose()
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

    /// Every livelesson, newest first.
    pub async fn livelessons(&self) -> Result<Vec<LiveLesson>, StoreError> {
        let sql = format!(
            "SELECT {LIVELESSON_COLUMNS} FROM antidote_state_livelessons ORDER BY created_at DESC, id"
        );
        let rows: Vec<LiveLessonRow> = super::on!(self, |p| sqlx::query_as(sql.as_str())
            .fetch_all(p)
            .await
            .doing("listing livelessons")?);
        rows.into_iter().map(LiveLesson::try_from).collect()
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
        row.map(LiveLesson::try_from).transpose()
    }

    /// The W3C `traceparent` of the request that created livelesson `id` or last changed its
    /// stage, as stored: `None` when none was recorded or there is no such livelesson.
    pub async fn livelesson_traceparent(&self, id: &str) -> Result<Option<String>, StoreError> {
        let found: Option<Option<String>> = super::on!(self, |p| sqlx::query_scalar(
            "SELECT traceparent FROM antidote_state_livelessons WHERE id = $1"
        )
        .bind(id)
        .fetch_optional(p)
        .await
        .doing("reading a livelesson's trace context")?);
        Ok(found.flatten())
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
}
