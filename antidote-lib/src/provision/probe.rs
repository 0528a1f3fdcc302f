//! Readiness probes, the same for every backend that runs endpoints: an `ssh` presentation is
//! up when its server answers the SSH version exchange (the first step of the handshake, so a
//! port that accepts connections but serves nothing yet does not count), any other port when
//! it accepts a TCP connection. Each try is bounded by a timeout.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

/// Whether an SSH server answers at `addr` within `timeout`: it sends its identification
/// (`SSH-2.0-...`), and is sent ours before the connection is closed.
pub async fn ssh(addr: SocketAddr, timeout: Duration) -> bool {
    let exchange = async {
        let mut stream = TcpStream::connect(addr).await.ok()?;
        let mut banner = Vec::with_capacity(64);
        let mut byte = [0u8; 1];
        // RFC 4253 4.2: the identification line is at most 255 bytes; lines before it that do
        // not start with `SSH-` are allowed.
        loop {
            if stream.read(&mut byte).await.ok()? == 0 {
                return None;
            }
            banner.push(byte[0]);
            if byte[0] == b'\n' {
                if banner.starts_with(b"SSH-") {
                    break;
                }
                banner.clear();
            } else if banner.len() > 255 {
                return None;
            }
        }
        stream.write_all(b"SSH-2.0-antidote_probe\r\n").await.ok()?;
        Some(())
    };
    matches!(tokio::time::timeout(timeout, exchange).await, Ok(Some(())))
}

/// Whether `addr` accepts a TCP connection within `timeout`.
pub async fn tcp(addr: SocketAddr, timeout: Duration) -> bool {
    matches!(
        tokio::time::timeout(timeout, TcpStream::connect(addr)).await,
        Ok(Ok(_))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::net::TcpListener;

    #[tokio::test]
    async fn ssh_needs_an_identification_line_and_tcp_only_a_listener() {
        let timeout = Duration::from_millis(300);
        // A server that accepts and says nothing: open for TCP, not an SSH server.
        let silent = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let silent_addr = silent.local_addr().unwrap();
        let _keep = tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((s, _)) = silent.accept().await {
                held.push(s);
            }
        });
        assert!(tcp(silent_addr, timeout).await);
        assert!(!ssh(silent_addr, timeout).await);

        // A server that sends a preamble line, then its identification.
        let sshd = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let sshd_addr = sshd.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut s, _)) = sshd.accept().await {
                s.write_all(b"welcome\r\nSSH-2.0-OpenSSH_9.2\r\n")
                    .await
                    .ok();
                let mut theirs = [0u8; 64];
                let _ = s.read(&mut theirs).await;
            }
        });
        assert!(ssh(sshd_addr, timeout).await);

        // Nobody listening.
        drop(TcpListener::bind("127.0.0.1:0").await.unwrap());
        let closed: SocketAddr = "127.0.0.1:1".parse().unwrap();
        assert!(!tcp(closed, timeout).await);
        assert!(!ssh(closed, timeout).await);
    }
}
