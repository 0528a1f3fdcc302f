//! The API's server against clients that hold on to connections (over real TCP): headers sent
//! a byte at a time, silent connections, more connections than allowed from one address and in
//! all, and a body declared larger than allowed.

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use antidote_lib::config::Config;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpSocket, TcpStream};

use crate::support::{Served, config, served};

/// The API served on a free port of 127.0.0.1 until the test ends.
async fn listening(config: Config) -> (SocketAddr, Served) {
    let s = served(config).await;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = s.state.clone();
    tokio::spawn(antidote::api::serve(
        state,
        listener,
        std::future::pending(),
    ));
    (addr, s)
}

/// A connection to `server` from the local address `from` (any of 127.0.0.0/8).
async fn connect_from(from: &str, server: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket
        .bind(SocketAddr::new(from.parse().unwrap(), 0))
        .unwrap();
    socket.connect(server).await.unwrap()
}

/// Reads until the server closes the connection; returns what it sent and when it closed.
async fn until_closed(mut reader: tokio::net::tcp::OwnedReadHalf) -> (Vec<u8>, Instant) {
    let mut got = Vec::new();
    let mut buf = [0u8; 1024];
    loop {
        match reader.read(&mut buf).await {
            Ok(0) | Err(_) => return (got, Instant::now()),
            Ok(n) => got.extend_from_slice(&buf[..n]),
        }
    }
}

/// Whether the server still holds `stream` open (nothing to read and no end within 300 ms).
async fn still_open(stream: &mut TcpStream) -> bool {
    let mut buf = [0u8; 64];
    tokio::time::timeout(Duration::from_millis(300), stream.read(&mut buf))
        .await
        .is_err()
}

/// `GET /healthz` from the local address `from`: its status, or the error.
async fn healthz_from(from: &str, server: SocketAddr) -> Result<u16, String> {
    let client = reqwest::Client::builder()
        .local_address(from.parse::<IpAddr>().unwrap())
        .timeout(Duration::from_secs(3))
        .build()
        .unwrap();
    client
        .get(format!("http://{server}/healthz"))
        .send()
        .await
        .map(|r| r.status().as_u16())
        .map_err(|e| e.to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_sending_its_headers_a_byte_at_a_time_is_cut_off_at_the_header_timeout() {
    let mut config = config();
    config.api.header_read_timeout_ms = 1000;
    let (addr, _s) = listening(config).await;
    let stream = TcpStream::connect(addr).await.unwrap();
    let started = Instant::now();
    let (reader, mut writer) = stream.into_split();
    let closed = tokio::spawn(until_closed(reader));
    // 78 bytes at one per 100 ms: the whole header would take 7.8 s.
    let request = format!(
        "GET /healthz HTTP/1.1\r\nHost: antidote\r\nX-Slow: {}\r\n\r\n",
        "a".repeat(40)
    );
    for byte in request.as_bytes() {
        if closed.is_finished() || writer.write_all(&[*byte]).await.is_err() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (answer, at) = tokio::time::timeout(Duration::from_secs(10), closed)
        .await
        .expect("the slow client's connection was still open after 10 s")
        .unwrap();
    let held = at - started;
    assert!(
        answer.is_empty(),
        "the slow client was answered: {}",
        String::from_utf8_lossy(&answer)
    );
    assert!(
        held >= Duration::from_millis(900) && held < Duration::from_millis(2500),
        "the connection was held {held:?} (header timeout 1 s)"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_connection_is_closed_at_the_idle_timeout() {
    let mut config = config();
    config.api.idle_timeout_ms = 1000;
    let (addr, _s) = listening(config).await;
    let stream = TcpStream::connect(addr).await.unwrap();
    let (reader, mut writer) = stream.into_split();
    let closed = tokio::spawn(until_closed(reader));
    // A body of 10 bytes announced, 2 sent, then nothing.
    writer
        .write_all(b"POST /api/v1/livelessons HTTP/1.1\r\nHost: antidote\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{\"")
        .await
        .unwrap();
    let silent = Instant::now();
    let (answer, at) = tokio::time::timeout(Duration::from_secs(10), closed)
        .await
        .expect("the silent connection was still open after 10 s")
        .unwrap();
    let held = at - silent;
    assert!(
        held >= Duration::from_millis(900) && held < Duration::from_millis(2500),
        "the silent connection was held {held:?} (idle timeout 1 s); answer: {}",
        String::from_utf8_lossy(&answer)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_sent_connections_beyond_the_bounds_do_not_keep_others_out() {
    let mut config = config();
    config.api.max_connections = 120;
    config.api.max_connections_per_address = 40;
    let (addr, _s) = listening(config).await;

    // 1,000 connections from one address, each with half a request line.
    let mut held = Vec::new();
    for _ in 0..1000 {
        let mut stream = connect_from("127.0.0.1", addr).await;
        let _ = stream.write_all(b"GET / HTTP/1.1\r\nHo").await;
        held.push(stream);
    }
    let open = futures_util::future::join_all(held.iter_mut().map(still_open))
        .await
        .into_iter()
        .filter(|open| *open)
        .count();
    assert_eq!(open, 40, "connections the server keeps from one address");
    let started = Instant::now();
    assert_eq!(healthz_from("127.0.0.2", addr).await, Ok(200));
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "a normal request took {:?}",
        started.elapsed()
    );

    // Up to the total bound from two more addresses: 40 + 40 + 40 = 120.
    let mut others = Vec::new();
    for from in ["127.0.0.3", "127.0.0.4"] {
        for _ in 0..40 {
            let mut stream = connect_from(from, addr).await;
            stream.write_all(b"GET / HTTP/1.1\r\nHo").await.unwrap();
            others.push(stream);
        }
    }
    // Full: a newcomer is turned away at once, not left waiting.
    let started = Instant::now();
    let refused = healthz_from("127.0.0.5", addr).await;
    assert!(refused.is_err(), "{refused:?}");
    assert!(started.elapsed() < Duration::from_secs(1));
    // Room again once some go away.
    drop(others);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if healthz_from("127.0.0.5", addr).await == Ok(200) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no room after 80 connections closed"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_declared_over_the_limit_is_refused_at_once() {
    let (addr, _s) = listening(config()).await;
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let started = Instant::now();
    stream
        .write_all(b"POST /api/v1/livelessons HTTP/1.1\r\nHost: antidote\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n{\"session_id\"")
        .await
        .unwrap();
    let (reader, _writer) = stream.into_split();
    let (answer, _) = tokio::time::timeout(Duration::from_secs(5), until_closed(reader))
        .await
        .expect("no answer within 5 s");
    let took = started.elapsed();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("body_too_large"), "{answer}");
    assert!(took < Duration::from_secs(1), "the 413 took {took:?}");
}
