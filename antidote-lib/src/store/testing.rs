//! Test support (feature `test-support`): a fresh PostgreSQL database per test, and one
//! database of each engine. Used by the integration tests of every crate in the workspace.

#![allow(
    clippy::missing_panics_doc,
    reason = "test support panics with a message on purpose"
)]

/// A fresh, empty PostgreSQL database for one test, dropped when the guard goes.
///
/// The server is `ANTIDOTE_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`);
/// a test that needs it fails, with this message, when it is not running.
pub struct PgDatabase {
    admin: String,
    name: String,
    /// The new database's URL.
    pub url: crate::store::DatabaseUrl,
}

fn admin_url() -> String {
    std::env::var("ANTIDOTE_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

impl PgDatabase {
    /// Creates the database.
    pub async fn new() -> PgDatabase {
        use sqlx::Connection as _;
        static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let admin = admin_url();
        let mut conn = sqlx::PgConnection::connect(&admin)
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL is not reachable at {admin} ({e}); the store tests need it: start it, or set ANTIDOTE_TEST_POSTGRES_URL"));
        let name = format!(
            "antidote_test_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .subsec_nanos()
        );
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();
        let (base, _) = admin.rsplit_once('/').unwrap();
        let url = format!("{base}/{name}").parse().unwrap();
        PgDatabase { admin, name, url }
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        let (admin, name) = (self.admin.clone(), self.name.clone());
        // Drop from a thread of its own: this may run inside an async runtime.
        let _ = std::thread::spawn(move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(async {
                    use sqlx::Connection as _;
                    if let Ok(mut conn) = sqlx::PgConnection::connect(&admin).await {
                        let _ =
                            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                                .execute(&mut conn)
                                .await;
                    }
                });
        })
        .join();
    }
}

/// A database of each engine, empty: `(engine, url, guard)`.
pub async fn engines() -> Vec<(
    &'static str,
    crate::store::DatabaseUrl,
    Box<dyn std::any::Any + Send>,
)> {
    let tmp = tempfile::tempdir().unwrap();
    let sqlite = crate::store::DatabaseUrl::Sqlite(tmp.path().join("antidote.db"));
    let pg = PgDatabase::new().await;
    let pg_url = pg.url.clone();
    vec![
        ("sqlite", sqlite, Box::new(tmp)),
        ("postgres", pg_url, Box::new(pg)),
    ]
}

/// A table's columns (name, and whether it may be NULL) and its indexes (by name), sorted.
pub type TableOutline = (Vec<(String, bool)>, Vec<String>);

/// The shape of a database's schema: every Antidote table with its [`TableOutline`], so that
/// tests can hold the two engines' migrations to the same tables, columns and indexes.
pub async fn schema_outline(
    store: &super::Store,
) -> std::collections::BTreeMap<String, TableOutline> {
    let mut out = std::collections::BTreeMap::new();
    match store {
        super::Store::Sqlite(p) => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'antidote_%'",
            )
            .fetch_all(p)
            .await
            .unwrap();
            for t in tables {
                let mut columns: Vec<(String, bool)> = sqlx::query_as(
                    "SELECT name, \"notnull\" = 0 AND pk = 0 FROM pragma_table_info($1)",
                )
                .bind(&t)
                .fetch_all(p)
                .await
                .unwrap();
                columns.sort();
                let mut indexes: Vec<String> = sqlx::query_scalar(
                    "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = $1 AND sql IS NOT NULL",
                )
                .bind(&t)
                .fetch_all(p)
                .await
                .unwrap();
                indexes.sort();
                out.insert(t, (columns, indexes));
            }
        }
        super::Store::Postgres(p) => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() AND table_name LIKE 'antidote_%'",
            )
            .fetch_all(p)
            .await
            .unwrap();
            for t in tables {
                let mut columns: Vec<(String, bool)> = sqlx::query_as(
                    "SELECT c.column_name::text, c.is_nullable = 'YES' FROM information_schema.columns c
                     WHERE c.table_schema = current_schema() AND c.table_name = $1",
                )
                .bind(&t)
                .fetch_all(p)
                .await
                .unwrap();
                columns.sort();
                // Explicit indexes only: those behind primary keys and UNIQUE constraints are
                // the constraints' (SQLite's have no SQL either).
                let mut indexes: Vec<String> = sqlx::query_scalar(
                    "SELECT i.indexname::text FROM pg_indexes i
                     WHERE i.schemaname = current_schema() AND i.tablename = $1
                       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
                )
                .bind(&t)
                .fetch_all(p)
                .await
                .unwrap();
                indexes.sort();
                out.insert(t, (columns, indexes));
            }
        }
    }
    out
}
