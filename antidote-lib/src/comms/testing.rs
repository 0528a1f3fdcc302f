//! Test support (feature `test-support`): a `nats-server` of a test's own, with credentials, on a
//! free port. Used by the integration tests of every crate in the workspace.

#![allow(
    clippy::missing_panics_doc,
    reason = "test support panics with a message on purpose"
)]

use std::path::Path;

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
