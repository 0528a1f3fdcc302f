//! The cost of tracing and metrics: API throughput of a real `antidote api` process
//! (`GET /api/v1/lessons` on NRE Labs at tier prod from PostgreSQL, `wrk -t2 -c32 -d10s
//! --latency`) with tracing off, on at ratio 0.01 and on at ratio 1.0, each exporting over
//! OTLP (HTTP/protobuf) to a receiver in this process; runs interleaved, twice. Then the idle
//! memory (RSS) of every service with its metrics listener on, after one scrape.
//!
//! Run with `cargo bench -p antidote --bench telemetry` (needs `wrk`, PostgreSQL at
//! `ANTIDOTE_TEST_POSTGRES_URL` or the default, and `nats-server`).

#![allow(clippy::print_stdout, reason = "a bench binary reports on stdout")]

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use antidote_lib::comms::testing::{NatsServer, free_port};
use antidote_lib::curriculum::Tier;
use antidote_lib::import::{ImportOptions, import};
use antidote_lib::store::testing::PgDatabase;
use antidote_lib::store::{DatabaseUrl, Store};

struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `antidote <service>` and waits until its log says `ready`.
fn start(service: &str, config: &std::path::Path, env: &[(&str, String)], ready: &str) -> Process {
    let log = tempfile::NamedTempFile::new().unwrap();
    let process = Process(
        Command::new(env!("CARGO_BIN_EXE_antidote"))
            .arg("--config")
            .arg(config)
            .arg(service)
            .env("RUST_LOG", "info")
            .envs(env.iter().map(|(k, v)| (k, v)))
            .stdout(Stdio::null())
            .stderr(log.reopen().unwrap())
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let text = std::fs::read_to_string(log.path()).unwrap_or_default();
        if text.contains(ready) {
            return process;
        }
        assert!(Instant::now() < deadline, "{service} did not start: {text}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// A plain HTTP/1.1 GET; the body.
fn get(addr: &str, path: &str) -> String {
    use std::io::{Read as _, Write as _};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default()
}

fn wrk(url: &str) -> (f64, String, String) {
    let out = Command::new("wrk")
        .args(["-t2", "-c32", "-d10s", "--latency", url])
        .output()
        .expect("wrk is installed (apt-get install wrk)");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("Non-2xx"), "errors under load:\n{text}");
    let field = |prefix: &str| {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(prefix).map(|v| v.trim().to_owned()))
            .unwrap_or_else(|| panic!("no `{prefix}` in wrk's output:\n{text}"))
    };
    (
        field("Requests/sec:").parse().unwrap(),
        field("50%"),
        field("99%"),
    )
}

fn main() {
    let nrelabs =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/curricula/nrelabs");
    let nrelabs = nrelabs
        .canonicalize()
        .expect("../shared/curricula/nrelabs beside the repository");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let spans = Arc::new(AtomicU64::new(0));
    let (db, receiver) = rt.block_on(async {
        let db = PgDatabase::new().await;
        let store = Store::open(&db.url).await.unwrap();
        import(
            &store,
            &ImportOptions {
                source: nrelabs.display().to_string(),
                reference: None,
                tier: Tier::Prod,
                ..ImportOptions::default()
            },
            Arc::new(()),
        )
        .await
        .unwrap();
        // An OTLP receiver (HTTP/protobuf) that counts export requests and bytes.
        let counted = Arc::clone(&spans);
        let app = axum::Router::new().route(
            "/v1/traces",
            axum::routing::post(move |body: axum::body::Bytes| {
                let counted = Arc::clone(&counted);
                async move {
                    counted.fetch_add(body.len() as u64, Ordering::Relaxed);
                    (
                        [("content-type", "application/x-protobuf")],
                        Vec::<u8>::new(),
                    )
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (db, addr)
    });
    let nats = NatsServer::start();
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("antidote.yaml");
    let url = match &db.url {
        DatabaseUrl::Postgres(u) => u.clone(),
        other => panic!("{other:?}"),
    };
    let port = free_port();
    std::fs::write(
        &config,
        format!(
            "database_url: {url}\nnats:\n  url: {}\n  user: {}\n  password: {}\napi:\n  listen: 127.0.0.1:{port}\n",
            nats.url, nats.user, nats.password
        ),
    )
    .unwrap();
    let endpoint = format!("http://{receiver}");
    let modes: [(&str, Vec<(&str, String)>); 3] = [
        ("tracing off", vec![]),
        (
            "ratio 0.01",
            vec![
                ("ANTIDOTE_OTLP_ENDPOINT", endpoint.clone()),
                ("ANTIDOTE_TRACE_SAMPLING_RATIO", "0.01".into()),
            ],
        ),
        (
            "ratio 1.0",
            vec![
                ("ANTIDOTE_OTLP_ENDPOINT", endpoint.clone()),
                ("ANTIDOTE_TRACE_SAMPLING_RATIO", "1".into()),
            ],
        ),
    ];
    println!(
        "antidote api (release), GET /api/v1/lessons, NRE Labs tier prod, PostgreSQL; wrk -t2 -c32 -d10s --latency; 2 cores"
    );
    println!(
        "{:<12} {:>5} {:>12} {:>9} {:>9} {:>14}",
        "mode", "run", "requests/s", "p50", "p99", "OTLP bytes"
    );
    let mut sums = [0.0f64; 3];
    for run in 1..=2 {
        for (i, (mode, env)) in modes.iter().enumerate() {
            let before = spans.load(Ordering::Relaxed);
            let api = start("api", &config, env, "api listening");
            let (rps, p50, p99) = wrk(&format!("http://127.0.0.1:{port}/api/v1/lessons"));
            // Let the exporter flush (its batch interval is 5 s).
            std::thread::sleep(Duration::from_secs(6));
            drop(api);
            sums[i] += rps;
            println!(
                "{mode:<12} {run:>5} {rps:>12.0} {p50:>9} {p99:>9} {:>14}",
                spans.load(Ordering::Relaxed) - before
            );
        }
    }
    let off = sums[0] / 2.0;
    for (i, (mode, _)) in modes.iter().enumerate() {
        let mean = sums[i] / 2.0;
        println!(
            "mean {mode:<12} {mean:>10.0} requests/s, {:+.1}% against off",
            (mean / off - 1.0) * 100.0
        );
    }

    // Idle memory of every service with metrics on, after one scrape.
    println!("\nidle RSS, metrics listener on, 3 s after start and one scrape of /metrics");
    for service in ["scheduler", "checker", "gc", "stats", "api"] {
        let mport = free_port();
        let p = start(
            service,
            &config,
            &[("ANTIDOTE_METRICS_LISTEN", format!("127.0.0.1:{mport}"))],
            "metrics listening",
        );
        std::thread::sleep(Duration::from_secs(3));
        let text = get(&format!("127.0.0.1:{mport}"), "/metrics");
        assert!(text.ends_with("# EOF\n"), "{text}");
        std::thread::sleep(Duration::from_millis(500));
        println!("{service:<10} {:>6.1} MB", rss_kb(p.0.id()) as f64 / 1024.0);
    }
}
