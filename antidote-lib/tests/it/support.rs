//! Paths and file helpers shared by the tests.

use std::fs;
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The bundled examples.
pub fn examples() -> PathBuf {
    repo().join("curriculum-examples")
}

/// The real NRE Labs curriculum (read-only: copy it before changing it).
pub fn nrelabs() -> PathBuf {
    let path = repo().join("../shared/curricula/nrelabs");
    assert!(
        path.join("curriculum.meta.yaml").is_file(),
        "the NRE Labs curriculum is missing at {}: tests need ../shared/curricula/nrelabs beside the repository",
        path.display()
    );
    path
}

/// Copies the directory `from` into the new directory `to`, keeping symlinks as symlinks.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let ty = entry.file_type().unwrap();
        if ty.is_dir() {
            copy_dir(&entry.path(), &target);
        } else if ty.is_symlink() {
            std::os::unix::fs::symlink(fs::read_link(entry.path()).unwrap(), &target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A fresh copy of `base` in a temporary directory (kept alive by the returned guard).
pub fn copy_of(base: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("curriculum");
    copy_dir(base, &root);
    (tmp, root)
}

/// Compares `actual` with the committed file at `path` (relative to the repository root);
/// with `UPDATE_GENERATED=1` in the environment, rewrites the file instead.
pub fn assert_generated(path: &str, actual: &str) {
    let file = repo().join(path);
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(&file, actual).unwrap();
        return;
    }
    let committed = fs::read_to_string(&file).unwrap_or_default();
    assert!(
        committed == actual,
        "{path} is stale: run `UPDATE_GENERATED=1 cargo test` and commit the result"
    );
}

/// A fresh, empty PostgreSQL database for one test, dropped when the guard goes.
///
/// The server is `ANTIDOTE_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`);
/// a test that needs it fails, with this message, when it is not running.
pub struct PgDatabase {
    admin: String,
    name: String,
    /// The new database's URL.
    pub url: antidote::store::DatabaseUrl,
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
    antidote::store::DatabaseUrl,
    Box<dyn std::any::Any + Send>,
)> {
    let tmp = tempfile::tempdir().unwrap();
    let sqlite = antidote::store::DatabaseUrl::Sqlite(tmp.path().join("antidote.db"));
    let pg = PgDatabase::new().await;
    let pg_url = pg.url.clone();
    vec![
        ("sqlite", sqlite, Box::new(tmp)),
        ("postgres", pg_url, Box::new(pg)),
    ]
}

/// How a test NATS server authenticates clients.
pub enum NatsAuth {
    /// `--user` and `--pass`.
    UserPassword(&'static str, &'static str),
    /// `--auth` (a token).
    Token(&'static str),
}

/// A `nats-server` of its own for one test, on a free port of 127.0.0.1, killed when dropped.
///
/// Tests that need it fail (they do not skip) when `/usr/sbin/nats-server`
/// (or `ANTIDOTE_TEST_NATS_SERVER`) is missing.
pub struct NatsServer {
    child: tokio::process::Child,
    /// `nats://127.0.0.1:<port>`, without credentials.
    pub url: String,
}

/// A port of 127.0.0.1 where nothing listens (at the time of asking).
pub fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

impl NatsServer {
    /// Starts the server and waits until it accepts connections.
    pub async fn start(auth: NatsAuth) -> NatsServer {
        let bin = std::env::var("ANTIDOTE_TEST_NATS_SERVER")
            .unwrap_or_else(|_| "/usr/sbin/nats-server".to_owned());
        assert!(
            Path::new(&bin).is_file(),
            "nats-server is missing at {bin}: the NATS bus tests need it (install it, or set ANTIDOTE_TEST_NATS_SERVER)"
        );
        let port = free_port();
        let mut command = tokio::process::Command::new(&bin);
        command
            .args(["-a", "127.0.0.1", "-p", &port.to_string()])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true);
        match auth {
            NatsAuth::UserPassword(user, pass) => command.args(["--user", user, "--pass", pass]),
            NatsAuth::Token(token) => command.args(["--auth", token]),
        };
        let mut child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {bin}: {e}"));
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                panic!("{bin} exited at start ({status}) on port {port}");
            }
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                break;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{bin} did not accept connections on port {port} within 10 s"
            );
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        NatsServer {
            child,
            url: format!("nats://127.0.0.1:{port}"),
        }
    }
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}
