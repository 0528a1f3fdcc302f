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

/// One table's shape, comparable across engines: columns (name, and whether it may be NULL),
/// primary key columns, indexes (`unique name(columns)`, the name left out for those behind
/// UNIQUE constraints, whose names the engines choose) and foreign keys (`column -> table.column
/// on delete RULE`), each sorted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TableOutline {
    /// Columns and nullability.
    pub columns: Vec<(String, bool)>,
    /// The primary key's columns, in order.
    pub primary_key: Vec<String>,
    /// Indexes other than the primary key's.
    pub indexes: Vec<String>,
    /// Foreign keys.
    pub foreign_keys: Vec<String>,
}

fn index(unique: bool, name: Option<&str>, columns: &str) -> String {
    format!(
        "{}{}({columns})",
        if unique { "unique " } else { "" },
        name.map(|n| format!("{n} ")).unwrap_or_default()
    )
}

/// The shape of a database's schema: every Antidote table with its [`TableOutline`], so that
/// tests can hold the two engines' migrations to the same tables, columns, keys and indexes.
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
                let mut o = TableOutline::default();
                let cols: Vec<(String, bool, i64)> = sqlx::query_as(
                    "SELECT name, \"notnull\" = 0 AND pk = 0, pk FROM pragma_table_info($1) ORDER BY pk",
                )
                .bind(&t)
                .fetch_all(p)
                .await
                .unwrap();
                o.primary_key = cols
                    .iter()
                    .filter(|c| c.2 > 0)
                    .map(|c| c.0.clone())
                    .collect();
                o.columns = cols.into_iter().map(|c| (c.0, c.1)).collect();
                let list: Vec<(String, bool, String)> = sqlx::query_as(
                    "SELECT name, \"unique\", origin FROM pragma_index_list($1) WHERE origin != 'pk'",
                )
                .bind(&t)
                .fetch_all(p)
                .await
                .unwrap();
                for (name, unique, origin) in list {
                    let cols: Vec<String> =
                        sqlx::query_scalar("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
                            .bind(&name)
                            .fetch_all(p)
                            .await
                            .unwrap();
                    let named = (origin == "c").then_some(name.as_str());
                    o.indexes.push(index(unique, named, &cols.join(",")));
                }
                o.foreign_keys = sqlx::query_as::<_, (String, String, String, String)>(
                    "SELECT \"from\", \"table\", \"to\", on_delete FROM pragma_foreign_key_list($1)",
                )
                .bind(&t)
                .fetch_all(p)
                .await
                .unwrap()
                .into_iter()
                .map(|(from, table, to, rule)| format!("{from} -> {table}.{to} on delete {rule}"))
                .collect();
                out.insert(t, o);
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
                let mut o = TableOutline {
                    columns: sqlx::query_as(
                        "SELECT c.column_name::text, c.is_nullable = 'YES' FROM information_schema.columns c
                         WHERE c.table_schema = current_schema() AND c.table_name = $1",
                    )
                    .bind(&t)
                    .fetch_all(p)
                    .await
                    .unwrap(),
                    ..TableOutline::default()
                };
                let list: Vec<(String, bool, bool, String, bool)> = sqlx::query_as(
                    "SELECT i.relname::text, ix.indisunique, ix.indisprimary,
                        (SELECT string_agg(a.attname, ',' ORDER BY k.ord)
                           FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
                           JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.attnum)::text,
                        EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid)
                     FROM pg_index ix
                     JOIN pg_class i ON i.oid = ix.indexrelid
                     JOIN pg_class tb ON tb.oid = ix.indrelid
                     JOIN pg_namespace n ON n.oid = tb.relnamespace
                     WHERE n.nspname = current_schema() AND tb.relname = $1",
                )
                .bind(&t)
                .fetch_all(p)
                .await
                .unwrap();
                for (name, unique, primary, cols, constraint) in list {
                    if primary {
                        o.primary_key = cols.split(',').map(str::to_owned).collect();
                    } else {
                        let named = (!constraint).then_some(name.as_str());
                        o.indexes.push(index(unique, named, &cols));
                    }
                }
                o.foreign_keys = sqlx::query_as::<_, (String, String, String, String)>(
                    "SELECT kcu.column_name::text, ccu.table_name::text, ccu.column_name::text, rc.delete_rule::text
                     FROM information_schema.referential_constraints rc
                     JOIN information_schema.key_column_usage kcu
                       ON kcu.constraint_name = rc.constraint_name AND kcu.constraint_schema = rc.constraint_schema
                     JOIN information_schema.constraint_column_usage ccu
                       ON ccu.constraint_name = rc.constraint_name AND ccu.constraint_schema = rc.constraint_schema
                     WHERE kcu.table_schema = current_schema() AND kcu.table_name = $1",
                )
                .bind(&t)
                .fetch_all(p)
                .await
                .unwrap()
                .into_iter()
                .map(|(from, table, to, rule)| format!("{from} -> {table}.{to} on delete {rule}"))
                .collect();
                out.insert(t, o);
            }
        }
    }
    for o in out.values_mut() {
        o.columns.sort();
        o.indexes.sort();
        o.foreign_keys.sort();
    }
    out
}

/// A PostgreSQL server of a test's own (initdb and pg_ctl under `/usr/lib/postgresql/*/bin`,
/// or `ANTIDOTE_TEST_PG_BIN`), on a free port of 127.0.0.1 with trust authentication, that a
/// fault test may stop and start again; stopped and removed when dropped. Never the machine's
/// shared server. As root, its programs run as the `postgres` user (initdb refuses root).
pub struct PgCluster {
    dir: tempfile::TempDir,
    bin: std::path::PathBuf,
    run_as_postgres: bool,
    /// Its port.
    pub port: u16,
    /// The `postgres` database's URL (user `postgres`).
    pub url: crate::store::DatabaseUrl,
}

impl PgCluster {
    /// Creates the cluster and starts it (waiting until it accepts connections).
    pub fn start() -> PgCluster {
        let bin = std::env::var_os("ANTIDOTE_TEST_PG_BIN")
            .map(std::path::PathBuf::from)
            .or_else(|| {
                let mut found: Vec<_> = std::fs::read_dir("/usr/lib/postgresql")
                    .ok()?
                    .filter_map(|e| Some(e.ok()?.path().join("bin")))
                    .filter(|b| b.join("pg_ctl").is_file())
                    .collect();
                found.sort();
                found.pop()
            })
            .expect("no PostgreSQL programs under /usr/lib/postgresql/*/bin (or ANTIDOTE_TEST_PG_BIN): the fault tests start a server of their own with initdb and pg_ctl");
        let dir = tempfile::tempdir().unwrap();
        let run_as_postgres = std::process::Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
        if run_as_postgres {
            let out = std::process::Command::new("id")
                .args(["-u", "postgres"])
                .output()
                .unwrap();
            let uid: u32 = String::from_utf8_lossy(&out.stdout)
                .trim()
                .parse()
                .expect("running as root, the fault tests need a `postgres` user to run initdb");
            std::os::unix::fs::chown(dir.path(), Some(uid), None).unwrap();
        }
        let port = crate::comms::testing::free_port();
        let cluster = PgCluster {
            url: format!("postgres://postgres@127.0.0.1:{port}/postgres")
                .parse()
                .unwrap(),
            dir,
            bin,
            run_as_postgres,
            port,
        };
        let data = cluster.data();
        cluster.run(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "postgres",
                "-A",
                "trust",
                "--no-sync",
                "--no-instructions",
            ],
        );
        cluster.resume();
        cluster
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    fn command(&self, program: &str) -> std::process::Command {
        let program = self.bin.join(program);
        let mut command = if self.run_as_postgres {
            let mut c = std::process::Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&program);
            c
        } else {
            std::process::Command::new(&program)
        };
        command.stdin(std::process::Stdio::null());
        command
    }

    fn run(&self, program: &str, args: &[&str]) {
        let out = self
            .command(program)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
        assert!(
            out.status.success(),
            "{program} {args:?} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Stops the server (fast: connections are closed) and waits until it is down.
    pub fn stop(&self) {
        self.run("pg_ctl", &["-D", &self.data(), "-m", "fast", "-w", "stop"]);
    }

    /// Starts the server again and waits until it accepts connections.
    pub fn resume(&self) {
        let socket_dir = self.dir.path().display().to_string();
        let options = format!(
            "-p {} -k {socket_dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50",
            self.port
        );
        let log = self.dir.path().join("server.log").display().to_string();
        self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data(),
                "-o",
                &options,
                "-l",
                &log,
                "-w",
                "start",
            ],
        );
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let data = self.data();
        let _ = self
            .command("pg_ctl")
            .args(["-D", &data, "-m", "immediate", "-w", "stop"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
    }
}
