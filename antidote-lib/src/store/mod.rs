//! The database: one schema on SQLite (one machine) and PostgreSQL (production), through sqlx.
//!
//! [`Store`] owns a connection pool for either engine. Queries are written once in the
//! dialect both engines accept (`$1` placeholders, `ON CONFLICT`, integers for times in unix
//! milliseconds, JSON as text) and run on whichever pool is open; the few statements that
//! differ (row locks) say so. The schema lives in `migrations/{sqlite,postgres}/` (embedded),
//! versioned by [`SCHEMA_VERSION`] in `antidote_meta`: every service calls [`Store::open`],
//! which refuses a database of another version with the command that fixes it.
//!
//! - [`resources`]: the imported curriculum (written only by import, in one transaction).
//! - [`state`]: sessions and livelessons, and the row-locking helpers the scheduler uses.
//! - [`outbox`]: events written with the state change they report, until published.

mod checks;
pub mod outbox;
mod requests;
pub mod resources;
pub mod state;
#[cfg(feature = "test-support")]
pub mod testing;
mod work;

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};

/// The schema version this build reads and writes.
pub const SCHEMA_VERSION: i64 = 1;

/// The environment variable that names the database.
pub const DATABASE_URL_ENV: &str = "ANTIDOTE_DATABASE_URL";

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// Every table of the schema, children first (the order `db init` drops them in).
const TABLES: [&str; 10] = [
    "antidote_state_outbox",
    "antidote_state_livelessons",
    "antidote_state_sessions",
    "antidote_resource_lesson_files",
    "antidote_resource_blobs",
    "antidote_resource_lessons",
    "antidote_resource_collections",
    "antidote_resource_images",
    "antidote_resource_curricula",
    "antidote_meta",
];

/// What went wrong talking to the database.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The URL is neither `sqlite://PATH` nor `postgres://...`.
    #[error(
        "invalid database URL `{url}`: {reason} (expected sqlite://PATH or postgres://USER@HOST:PORT/DATABASE)"
    )]
    InvalidUrl {
        /// The URL given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The database cannot be reached or opened.
    #[error("cannot connect to {url}: {cause}")]
    Connect {
        /// The URL, without password.
        url: String,
        /// The underlying error.
        cause: sqlx::Error,
    },
    /// The database holds another schema version.
    #[error(
        "the database at {url} has schema version {found}, this Antidote needs version {expected}: run `antidotectl db init` to recreate it (this deletes its data), then import the curriculum again"
    )]
    VersionMismatch {
        /// The URL, without password.
        url: String,
        /// The version found.
        found: String,
        /// The version needed.
        expected: i64,
    },
    /// The database has no Antidote schema yet.
    #[error("the database at {url} has no Antidote schema: run `antidotectl db init` to create it")]
    NotInitialized {
        /// The URL, without password.
        url: String,
    },
    /// Creating or updating the schema failed.
    #[error("cannot create the schema in {url}: {cause}")]
    Migrate {
        /// The URL, without password.
        url: String,
        /// The underlying error.
        cause: sqlx::migrate::MigrateError,
    },
    /// A query failed.
    #[error("database error while {doing}: {cause}")]
    Query {
        /// What was being done.
        doing: &'static str,
        /// The underlying error.
        cause: sqlx::Error,
    },
    /// A stored value could not be read back.
    #[error("corrupt {what} in the database: {reason}")]
    Corrupt {
        /// Which value.
        what: String,
        /// Why it cannot be read.
        reason: String,
    },
}

/// How long a query waits for a PostgreSQL connection through [`Store::open`] (tools, tests);
/// the services use the `database_acquire_timeout_ms` setting ([`Store::open_with`]).
pub const DEFAULT_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

impl StoreError {
    /// Whether the database could not be reached (or had no connection free in time), rather
    /// than refusing what was asked: the caller may try again later (an API answers 503).
    pub fn is_unavailable(&self) -> bool {
        let cause = match self {
            StoreError::Connect { cause, .. } | StoreError::Query { cause, .. } => cause,
            _ => return false,
        };
        match cause {
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_) => true,
            // Connection exceptions (class 08), and a server shutting down or starting up.
            sqlx::Error::Database(e) => e
                .code()
                .is_some_and(|c| c.starts_with("08") || matches!(&*c, "57P01" | "57P02" | "57P03")),
            _ => false,
        }
    }
}

/// Adds "while ..." context to a sqlx error.
pub(crate) trait QueryContext<T> {
    fn doing(self, doing: &'static str) -> Result<T, StoreError>;
}

impl<T> QueryContext<T> for Result<T, sqlx::Error> {
    fn doing(self, doing: &'static str) -> Result<T, StoreError> {
        self.map_err(|cause| StoreError::Query { doing, cause })
    }
}

/// `url` with the password of its user info, if any, replaced by `****`.
pub fn redact_password(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:****{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Where the database is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A SQLite file.
    Sqlite(PathBuf),
    /// A PostgreSQL server (the URL as given).
    Postgres(String),
}

impl DatabaseUrl {
    /// The embedded default: `$XDG_DATA_HOME/antidote/antidote.db`, or
    /// `$HOME/.local/share/antidote/antidote.db`, or `./antidote.db` with neither set.
    pub fn embedded_default() -> DatabaseUrl {
        let base = std::env::var_os("XDG_DATA_HOME")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .or_else(|| {
                std::env::var_os("HOME")
                    .filter(|v| !v.is_empty())
                    .map(|h| PathBuf::from(h).join(".local/share"))
            });
        DatabaseUrl::Sqlite(match base {
            Some(base) => base.join("antidote").join("antidote.db"),
            None => PathBuf::from("antidote.db"),
        })
    }

    /// The URL to show: PostgreSQL passwords are masked.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
            DatabaseUrl::Postgres(url) => redact_password(url),
        }
    }
}

impl FromStr for DatabaseUrl {
    type Err = StoreError;

    fn from_str(url: &str) -> Result<Self, Self::Err> {
        let invalid = |reason: &str| StoreError::InvalidUrl {
            url: redact_password(url),
            reason: reason.to_owned(),
        };
        if let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            let path = path.split('?').next().unwrap_or_default();
            if path.is_empty() {
                return Err(invalid("the SQLite URL names no file"));
            }
            return Ok(DatabaseUrl::Sqlite(PathBuf::from(path)));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            PgConnectOptions::from_str(url).map_err(|e| invalid(&e.to_string()))?;
            return Ok(DatabaseUrl::Postgres(url.to_owned()));
        }
        Err(invalid("unknown scheme"))
    }
}

/// A connection pool to the database.
#[derive(Debug, Clone)]
pub enum Store {
    /// SQLite: one machine.
    Sqlite(SqlitePool),
    /// PostgreSQL: production.
    Postgres(PgPool),
}

/// Runs the same expression on whichever pool (or transaction) is open; `$p` names it.
macro_rules! on {
    ($store:expr, |$p:ident| $body:expr) => {
        match $store {
            $crate::store::Store::Sqlite($p) => $body,
            $crate::store::Store::Postgres($p) => $body,
        }
    };
}
pub(crate) use on;

/// The state of the schema in a database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaState {
    /// No Antidote tables.
    Empty,
    /// Stamped with this version.
    Version(String),
}

impl Store {
    /// The statement that starts a transaction that writes. SQLite has no row locks: it takes
    /// its write lock at once (`BEGIN IMMEDIATE`), so writers serialize; on PostgreSQL the
    /// statements take row locks (see [`Store::locking`]).
    pub(crate) fn begin_write(&self) -> &'static str {
        match self {
            Store::Postgres(_) => "BEGIN",
            Store::Sqlite(_) => "BEGIN IMMEDIATE",
        }
    }

    /// `select` with PostgreSQL's row-lock clause `lock` (`FOR UPDATE`, `FOR UPDATE SKIP
    /// LOCKED`, ...); as it is on SQLite, whose writers [`Store::begin_write`] serializes.
    pub(crate) fn locking(&self, select: &str, lock: &str) -> String {
        match self {
            Store::Postgres(_) => format!("{select} {lock}"),
            Store::Sqlite(_) => select.to_owned(),
        }
    }

    /// Connects to `url` without checking the schema (for `db init` and `db status`), with
    /// [`DEFAULT_ACQUIRE_TIMEOUT`].
    pub async fn connect(url: &DatabaseUrl) -> Result<Store, StoreError> {
        Store::connect_with(url, DEFAULT_ACQUIRE_TIMEOUT).await
    }

    /// Connects to `url` without checking the schema; on PostgreSQL a query waits at most
    /// `acquire_timeout` for a connection (then [`StoreError::is_unavailable`]), so that an
    /// unreachable server fails requests promptly instead of stalling them.
    pub async fn connect_with(
        url: &DatabaseUrl,
        acquire_timeout: Duration,
    ) -> Result<Store, StoreError> {
        let connect_err = |cause| StoreError::Connect {
            url: url.redacted(),
            cause,
        };
        match url {
            DatabaseUrl::Sqlite(path) => {
                if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(parent).map_err(|e| connect_err(sqlx::Error::Io(e)))?;
                }
                let options = SqliteConnectOptions::new()
                    .filename(path)
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10));
                let pool = SqlitePoolOptions::new()
                    .max_connections(4)
                    .connect_with(options)
                    .await
                    .map_err(connect_err)?;
                Ok(Store::Sqlite(pool))
            }
            DatabaseUrl::Postgres(u) => {
                let options = PgConnectOptions::from_str(u).map_err(connect_err)?;
                // One direct attempt first: the pool retries until its timeout, but a server
                // that refuses or a bad password should fail at once.
                use sqlx::Connection as _;
                sqlx::PgConnection::connect_with(&options)
                    .await
                    .map_err(connect_err)?
                    .close()
                    .await
                    .map_err(connect_err)?;
                let pool = PgPoolOptions::new()
                    .max_connections(8)
                    .acquire_timeout(acquire_timeout)
                    .connect_with(options)
                    .await
                    .map_err(connect_err)?;
                Ok(Store::Postgres(pool))
            }
        }
    }

    /// Connects and makes sure the schema is this build's: an empty database gets the schema,
    /// a database of another version is refused. Every service calls this at start.
    pub async fn open(url: &DatabaseUrl) -> Result<Store, StoreError> {
        Store::open_with(url, DEFAULT_ACQUIRE_TIMEOUT).await
    }

    /// [`Store::open`] with `acquire_timeout` (see [`Store::connect_with`]).
    pub async fn open_with(
        url: &DatabaseUrl,
        acquire_timeout: Duration,
    ) -> Result<Store, StoreError> {
        let store = Store::connect_with(url, acquire_timeout).await?;
        match store.schema_state().await? {
            SchemaState::Empty => store.create_schema(url).await?,
            SchemaState::Version(v) if v == SCHEMA_VERSION.to_string() => {
                store.migrate(url).await?
            }
            SchemaState::Version(found) => {
                return Err(StoreError::VersionMismatch {
                    url: url.redacted(),
                    found,
                    expected: SCHEMA_VERSION,
                });
            }
        }
        Ok(store)
    }

    /// Whether the database has an Antidote schema, and which version.
    pub async fn schema_state(&self) -> Result<SchemaState, StoreError> {
        let exists: bool = match self {
            Store::Sqlite(p) => {
                sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'antidote_meta'")
                    .fetch_one(p)
                    .await
                    .doing("looking for the schema")?
                    > 0
            }
            Store::Postgres(p) => sqlx::query_scalar::<_, bool>("SELECT to_regclass('antidote_meta') IS NOT NULL")
                .fetch_one(p)
                .await
                .doing("looking for the schema")?,
        };
        if !exists {
            return Ok(SchemaState::Empty);
        }
        let version: Option<String> = on!(self, |p| sqlx::query_scalar(
            "SELECT value FROM antidote_meta WHERE key = 'schema_version'"
        )
        .fetch_optional(p)
        .await
        .doing("reading the schema version")?);
        Ok(SchemaState::Version(
            version.unwrap_or_else(|| "none".to_owned()),
        ))
    }

    /// Drops every Antidote table and creates the schema anew: `antidotectl db init`.
    pub async fn init(&self, url: &DatabaseUrl) -> Result<(), StoreError> {
        for table in TABLES.iter().chain(&["_sqlx_migrations"]) {
            let drop = match self {
                Store::Sqlite(_) => format!("DROP TABLE IF EXISTS {table}"),
                Store::Postgres(_) => format!("DROP TABLE IF EXISTS {table} CASCADE"),
            };
            on!(self, |p| {
                sqlx::query(drop.as_str())
                    .execute(p)
                    .await
                    .doing("dropping the old schema")?;
            });
        }
        self.create_schema(url).await
    }

    async fn create_schema(&self, url: &DatabaseUrl) -> Result<(), StoreError> {
        self.migrate(url).await?;
        on!(self, |p| {
            sqlx::query(
                "INSERT INTO antidote_meta (key, value) VALUES ('schema_version', $1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(SCHEMA_VERSION.to_string())
            .execute(p)
            .await
            .doing("stamping the schema version")?;
        });
        Ok(())
    }

    async fn migrate(&self, url: &DatabaseUrl) -> Result<(), StoreError> {
        let result = match self {
            Store::Sqlite(p) => SQLITE_MIGRATIONS.run(p).await,
            Store::Postgres(p) => POSTGRES_MIGRATIONS.run(p).await,
        };
        result.map_err(|cause| StoreError::Migrate {
            url: url.redacted(),
            cause,
        })
    }

    /// Stamps another schema version (for tests of the version check).
    #[doc(hidden)]
    pub async fn stamp_version(&self, version: &str) -> Result<(), StoreError> {
        on!(self, |p| {
            sqlx::query("UPDATE antidote_meta SET value = $1 WHERE key = 'schema_version'")
                .bind(version)
                .execute(p)
                .await
                .doing("stamping the schema version")?;
        });
        Ok(())
    }

    /// Closes the pool.
    pub async fn close(&self) {
        on!(self, |p| p.close().await)
    }
}

/// Now, in unix milliseconds.
pub fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

/// Unix milliseconds as RFC 3339 (UTC).
pub fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms).map_or_else(|_| ms.to_string(), |t| t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_urls_and_masks_passwords() {
        assert_eq!(
            "sqlite:///tmp/a.db".parse::<DatabaseUrl>().unwrap(),
            DatabaseUrl::Sqlite("/tmp/a.db".into())
        );
        assert_eq!(
            "sqlite://rel.db?mode=rwc".parse::<DatabaseUrl>().unwrap(),
            DatabaseUrl::Sqlite("rel.db".into())
        );
        let pg: DatabaseUrl = "postgres://me:secret@db:5432/antidote".parse().unwrap();
        assert_eq!(pg.redacted(), "postgres://me:****@db:5432/antidote");
        let err = "mysql://x".parse::<DatabaseUrl>().unwrap_err().to_string();
        assert!(
            err.contains("unknown scheme") && err.contains("sqlite://PATH"),
            "{err}"
        );
        assert!("sqlite://".parse::<DatabaseUrl>().is_err());
        assert!(
            "postgres://host:notaport/db"
                .parse::<DatabaseUrl>()
                .is_err()
        );
    }
}
