//! The HTTP/1.1 server under the API's routes (hyper), and what one client may hold of it.
//!
//! - A request's line and headers must arrive within `api.header_read_timeout_ms` of the
//!   connection being ready for them (accepted, or the previous answer sent): a client that
//!   sends a header byte now and then, or sits idle between requests, is disconnected then.
//! - A connection on which no byte moves either way for `api.idle_timeout_ms` is closed,
//!   whatever it is doing (a stalled body, an answer nobody reads).
//! - At most `api.max_connections` are open at once (kept below the process's open-file
//!   limit), and at most `api.max_connections_per_address` from one source address. A
//!   trusted proxy's connections carry many clients: they count only towards the total. A
//!   connection beyond a bound is closed as soon as it is accepted, so the listen queue keeps
//!   moving and a client that behaves is served as soon as it is its turn.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use antidote_lib::config::{ApiConfig, Network};
use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tower::ServiceExt as _;

/// Descriptors kept for what is not a client connection (database, bus, files, backends).
const RESERVED_DESCRIPTORS: u64 = 128;

/// The bounds of one server.
#[derive(Debug, Clone)]
pub struct Limits {
    /// `api.header_read_timeout_ms`.
    pub header_read_timeout: Duration,
    /// `api.idle_timeout_ms`.
    pub idle_timeout: Duration,
    /// `api.max_connections`, lowered below the open-file limit.
    pub max_connections: usize,
    /// `api.max_connections_per_address`.
    pub max_per_address: usize,
    /// `api.trusted_proxies`.
    pub trusted_proxies: Vec<Network>,
}

impl Limits {
    /// The bounds the settings give, `max_connections` lowered to the process's open-file
    /// limit less 128 (kept for the database, the bus, files and backends).
    pub fn from_config(api: &ApiConfig) -> Limits {
        let wanted = usize::try_from(api.max_connections).unwrap_or(usize::MAX);
        let max_connections = match descriptor_limit() {
            Some(limit) => {
                let room = usize::try_from(limit.saturating_sub(RESERVED_DESCRIPTORS).max(16))
                    .unwrap_or(usize::MAX);
                if wanted > room {
                    tracing::warn!(
                        "api.max_connections is {wanted} but the process may open only {limit} files: at most {room} connections are kept open"
                    );
                }
                wanted.min(room)
            }
            None => wanted,
        };
        Limits {
            header_read_timeout: Duration::from_millis(api.header_read_timeout_ms),
            idle_timeout: Duration::from_millis(api.idle_timeout_ms),
            max_connections,
            max_per_address: usize::try_from(api.max_connections_per_address).unwrap_or(usize::MAX),
            trusted_proxies: api.trusted_proxies.clone(),
        }
    }
}

/// The soft limit on open files, if any.
fn descriptor_limit() -> Option<u64> {
    rustix::process::getrlimit(rustix::process::Resource::Nofile).current
}

/// The open connections, in all and per source address.
#[derive(Debug, Default)]
struct Table {
    total: usize,
    per_address: HashMap<IpAddr, usize>,
}

/// One admitted connection's place in the [`Table`], given back when dropped.
struct Slot {
    table: Arc<Mutex<Table>>,
    address: Option<IpAddr>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut table = self.table.lock().expect("connection table lock");
        table.total -= 1;
        if let Some(address) = self.address
            && let Some(n) = table.per_address.get_mut(&address)
        {
            *n -= 1;
            if *n == 0 {
                table.per_address.remove(&address);
            }
        }
    }
}

/// A place for a connection from `peer`, or `None` when a bound is reached.
fn admit(table: &Arc<Mutex<Table>>, limits: &Limits, peer: IpAddr) -> Option<Slot> {
    let counted = !limits.trusted_proxies.iter().any(|t| t.contains(peer));
    let mut t = table.lock().expect("connection table lock");
    if t.total >= limits.max_connections {
        return None;
    }
    if counted {
        let n = t.per_address.entry(peer).or_default();
        if *n >= limits.max_per_address {
            return None;
        }
        *n += 1;
    }
    t.total += 1;
    Some(Slot {
        table: table.clone(),
        address: counted.then_some(peer),
    })
}

/// A TCP stream that records when a byte last moved, in milliseconds since `epoch`.
struct Watched {
    inner: TcpStream,
    epoch: Instant,
    last: Arc<AtomicU64>,
}

impl Watched {
    fn touch(&self) {
        let now = u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last.store(now, Ordering::Relaxed);
    }
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.touch();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.touch();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.touch();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// Serves `router` on `listener` within `limits` until `shutdown` completes, then lets every
/// open connection finish its request in flight (idle ones close at once) and returns when
/// all are closed.
pub async fn serve(
    router: Router,
    listener: TcpListener,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let limits = Arc::new(limits);
    let table = Arc::new(Mutex::new(Table::default()));
    let (stop, stopping) = tokio::sync::watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_error(e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let Some(slot) = admit(&table, &limits, peer.ip().to_canonical()) else {
            tracing::debug!(%peer, "connection refused: too many open connections");
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(connection(
            stream,
            peer,
            router.clone(),
            limits.clone(),
            slot,
            stopping.clone(),
        ));
    }
    drop(listener);
    drop(stopping);
    let _ = stop.send(true);
    stop.closed().await;
    Ok(())
}

/// An error of `accept`: a connection that went away before it was taken is nothing; anything
/// else (no descriptor left) is logged and waited out.
async fn accept_error(e: io::Error) {
    if matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    ) {
        return;
    }
    tracing::error!("cannot accept a connection: {e}");
    tokio::time::sleep(Duration::from_millis(100)).await;
}

/// One connection, until it closes, stays silent too long, or shutdown lets it finish.
async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    limits: Arc<Limits>,
    _slot: Slot,
    mut stopping: tokio::sync::watch::Receiver<bool>,
) {
    let epoch = Instant::now();
    let last = Arc::new(AtomicU64::new(0));
    let io = TokioIo::new(Watched {
        inner: stream,
        epoch,
        last: last.clone(),
    });
    let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(peer));
        router.clone().oneshot(request)
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let conn = builder.serve_connection(io, service);
    tokio::pin!(conn);
    let mut shutting_down = false;
    loop {
        let quiet_since = epoch + Duration::from_millis(last.load(Ordering::Relaxed));
        tokio::select! {
            done = conn.as_mut() => {
                if let Err(e) = done {
                    tracing::debug!(%peer, "connection closed: {e}");
                }
                return;
            }
            () = tokio::time::sleep_until((quiet_since + limits.idle_timeout).into()) => {
                let quiet = epoch.elapsed().saturating_sub(Duration::from_millis(last.load(Ordering::Relaxed)));
                if quiet >= limits.idle_timeout {
                    tracing::debug!(%peer, "connection closed: silent for {quiet:?}");
                    return;
                }
            }
            changed = stopping.changed(), if !shutting_down => {
                shutting_down = true;
                if changed.is_ok() {
                    conn.as_mut().graceful_shutdown();
                }
            }
        }
    }
}
