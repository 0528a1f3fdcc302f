//! Test support (feature `test-support`): a `nats-server` of a test's own, with credentials, on
//! a free port. Used by the integration tests and benchmarks of every crate in the workspace.

#![allow(
    clippy::missing_panics_doc,
    reason = "test support panics with a message on purpose"
)]

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::NatsOptions;

/// How a test NATS server authenticates clients.
#[derive(Debug, Clone, Copy)]
pub enum NatsAuth {
    /// `--user` and `--pass`.
    UserPassword(&'static str, &'static str),
    /// `--auth` (a token).
    Token(&'static str),
    /// No authorization at all: every client is let in (what a service must warn about).
    Anonymous,
}

/// A running `nats-server` on a free port of 127.0.0.1, killed when dropped. The binary is
/// `ANTIDOTE_TEST_NATS_SERVER` (default `/usr/sbin/nats-server`); tests that need it fail, they
/// do not skip, when it is missing.
#[derive(Debug)]
pub struct NatsServer {
    child: Child,
    auth: NatsAuth,
    port: u16,
    /// `nats://127.0.0.1:<port>`, without credentials.
    pub url: String,
    /// The user (empty with a token).
    pub user: String,
    /// The user's password (empty with a token).
    pub password: String,
}

impl NatsServer {
    /// Starts a server with a user and a password and waits until it accepts connections.
    pub fn start() -> NatsServer {
        NatsServer::start_with(NatsAuth::UserPassword("antidote", "test-password"))
    }

    /// Starts a server with `auth` and waits until it accepts connections.
    pub fn start_with(auth: NatsAuth) -> NatsServer {
        let port = free_port();
        let (user, password) = match auth {
            NatsAuth::UserPassword(user, pass) => (user.to_owned(), pass.to_owned()),
            NatsAuth::Token(_) | NatsAuth::Anonymous => (String::new(), String::new()),
        };
        NatsServer {
            child: spawn(auth, port),
            auth,
            port,
            url: format!("nats://127.0.0.1:{port}"),
            user,
            password,
        }
    }

    /// The server process's id (benchmarks read its CPU time).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Stops the server (SIGKILL): its clients lose their connections.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Starts it again on the same port with the same credentials, and waits until it accepts
    /// connections.
    pub fn resume(&mut self) {
        self.stop();
        self.child = spawn(self.auth, self.port);
    }

    /// How to connect to it.
    pub fn options(&self) -> NatsOptions {
        let (user, password, token) = match self.auth {
            NatsAuth::UserPassword(u, p) => (Some(u.to_owned()), Some(p.to_owned()), None),
            NatsAuth::Token(t) => (None, None, Some(t.to_owned())),
            NatsAuth::Anonymous => (None, None, None),
        };
        NatsOptions {
            url: self.url.clone(),
            user,
            password,
            token,
        }
    }
}

/// Starts `nats-server` with `auth` on `port` and waits until it accepts connections.
fn spawn(auth: NatsAuth, port: u16) -> Child {
    let bin = std::env::var("ANTIDOTE_TEST_NATS_SERVER")
        .unwrap_or_else(|_| "/usr/sbin/nats-server".into());
    assert!(
        std::path::Path::new(&bin).is_file(),
        "nats-server is missing at {bin}: the NATS tests need it (install it, or set ANTIDOTE_TEST_NATS_SERVER)"
    );
    let mut command = Command::new(&bin);
    command
        .args(["-a", "127.0.0.1", "-p", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    match auth {
        NatsAuth::UserPassword(user, pass) => {
            command.args(["--user", user, "--pass", pass]);
        }
        NatsAuth::Token(token) => {
            command.args(["--auth", token]);
        }
        NatsAuth::Anonymous => {}
    }
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {bin}: {e}"));
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("{bin} exited at start ({status}) on port {port}");
        }
        assert!(
            Instant::now() < deadline,
            "{bin} did not accept connections on port {port} within 10 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A TCP port of 127.0.0.1 where nothing listens (at the time of asking).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}
