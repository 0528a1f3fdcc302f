//! Test support (feature `test-support`): a `nats-server` of its own per test, with a user and
//! a password, on a free port.

#![allow(
    clippy::missing_panics_doc,
    reason = "test support panics with a message on purpose"
)]

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::NatsOptions;

/// A running `nats-server` (killed when dropped). The binary is `ANTIDOTE_TEST_NATS_SERVER`
/// (default `nats-server` on the `PATH`).
#[derive(Debug)]
pub struct NatsServer {
    child: Child,
    /// `nats://127.0.0.1:<port>`.
    pub url: String,
    /// The user.
    pub user: String,
    /// The user's password.
    pub password: String,
}

impl NatsServer {
    /// Starts a server on a free port and waits until it accepts connections.
    pub fn start() -> NatsServer {
        let port = free_port();
        let (user, password) = ("antidote".to_owned(), "test-password".to_owned());
        let bin =
            std::env::var("ANTIDOTE_TEST_NATS_SERVER").unwrap_or_else(|_| "nats-server".into());
        let child = Command::new(&bin)
            .args(["-a", "127.0.0.1", "-p", &port.to_string()])
            .args(["--user", &user, "--pass", &password])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start `{bin}` ({e}): install nats-server, or set ANTIDOTE_TEST_NATS_SERVER"));
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "nats-server did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        NatsServer {
            child,
            url: format!("nats://127.0.0.1:{port}"),
            user,
            password,
        }
    }

    /// How to connect to it.
    pub fn options(&self) -> NatsOptions {
        NatsOptions {
            url: self.url.clone(),
            user: Some(self.user.clone()),
            password: Some(self.password.clone()),
            token: None,
        }
    }
}

impl Drop for NatsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A TCP port free now on 127.0.0.1.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}
