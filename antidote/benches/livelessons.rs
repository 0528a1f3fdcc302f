//! Livelesson request to READY on the preview backend, with PostgreSQL, an authenticated
//! nats-server and two `antidote scheduler` processes: latency at 100 requests/s, the highest
//! sustained rate, the CPU time each part uses per livelesson, and the idle memory of each service.
//!
//! A request is what the API does: insert the livelesson row, send NewLiveLesson and wait for
//! the acknowledgement; it is READY when its LiveLessonReady event arrives. Everything
//! (PostgreSQL, NATS, the services and this load generator) shares the machine.

#![allow(clippy::print_stdout, reason = "a benchmark reports on stdout")]
#![allow(missing_docs, reason = "a benchmark binary")]

use std::collections::HashMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use antidote_lib::comms::testing::{NatsServer, free_port};
use antidote_lib::comms::{Comms, LiveLessonReady, NatsBus, NewLiveLesson, TraceContext};
use antidote_lib::curriculum::Tier;
use antidote_lib::import::{ImportOptions, import};
use antidote_lib::store::Store;
use antidote_lib::store::state::NewLiveLesson as NewRow;
use antidote_lib::store::testing::PgDatabase;

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn rss_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// CPU time (user and system) of process `pid` so far, in milliseconds (0 once it is gone).
fn cpu_ms(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The fields after the command (which may hold spaces) in parentheses.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or(Vec::new(), |(_, rest)| rest.split_whitespace().collect());
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command.
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i).and_then(|v| v.parse::<f64>().ok()))
        .sum();
    ticks * 1000.0 / 100.0
}

/// The process ids of PostgreSQL's backends serving database `name`.
fn pg_backends(name: &str) -> Vec<u32> {
    let out = Command::new("psql")
        .args([
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-Atc",
        ])
        .arg(format!(
            "SELECT pid FROM pg_stat_activity WHERE datname = '{name}'"
        ))
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    out.lines().filter_map(|l| l.trim().parse().ok()).collect()
}

/// CPU time used by groups of processes between two readings: the services, NATS, and the
/// PostgreSQL backends of the bench's database (the machine's server is shared, so only they).
struct Cpu {
    groups: Vec<(&'static str, Vec<u32>)>,
    database: String,
    before: HashMap<u32, f64>,
}

impl Cpu {
    fn new(groups: Vec<(&'static str, Vec<u32>)>, database: String) -> Cpu {
        let mut cpu = Cpu {
            groups,
            database,
            before: HashMap::new(),
        };
        cpu.before = cpu.read(&pg_backends(&cpu.database));
        cpu
    }

    /// The CPU time so far of every process of the groups and of `backends`.
    fn read(&self, backends: &[u32]) -> HashMap<u32, f64> {
        self.groups
            .iter()
            .flat_map(|(_, pids)| pids)
            .chain(backends)
            .map(|&p| (p, cpu_ms(p)))
            .collect()
    }

    /// Milliseconds of CPU per group since the last call (a backend started meanwhile counts
    /// from zero), and restarts the count.
    fn take(&mut self) -> Vec<(&'static str, f64)> {
        let backends = pg_backends(&self.database);
        let now = self.read(&backends);
        let used = |pid: &u32| {
            now.get(pid).copied().unwrap_or(0.0) - self.before.get(pid).copied().unwrap_or(0.0)
        };
        let mut out: Vec<(&'static str, f64)> = self
            .groups
            .iter()
            .map(|(name, pids)| (*name, pids.iter().map(used).sum()))
            .collect();
        let pg: f64 = backends.iter().map(used).sum();
        out.push(("postgresql", pg));
        self.before = now;
        out
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

struct Run {
    sent: usize,
    ready: usize,
    p50: Duration,
    p99: Duration,
    max: Duration,
}

/// Sends `rate` requests per second for `seconds`, then waits up to 5 s for the stragglers.
async fn run(
    store: &Store,
    comms: &Comms,
    ready_at: &Arc<Mutex<HashMap<String, Instant>>>,
    next: &mut usize,
    rate: u32,
    seconds: u32,
) -> Run {
    let total = (rate * seconds) as usize;
    let first = *next;
    for n in first..first + total {
        store
            .create_session(&format!("s{n}"), "192.0.2.1")
            .await
            .unwrap();
    }
    *next += total;
    let interval = Duration::from_secs_f64(1.0 / f64::from(rate));
    let start = Instant::now();
    let mut handles = Vec::with_capacity(total);
    for (i, n) in (first..first + total).enumerate() {
        let at = start + interval * u32::try_from(i).unwrap();
        tokio::time::sleep_until(at.into()).await;
        let (store, comms) = (store.clone(), comms.clone());
        handles.push(tokio::spawn(async move {
            let sent = Instant::now();
            let (id, session) = (format!("l{n}"), format!("s{n}"));
            store
                .create_livelesson(&NewRow {
                    id: &id,
                    session_id: &session,
                    lesson_slug: "shell-first-steps",
                    stage: 0,
                    traceparent: None,
                })
                .await
                .unwrap();
            let ack = comms
                .request(
                    &NewLiveLesson {
                        livelesson_id: id.clone(),
                        session_id: session,
                        lesson_slug: "shell-first-steps".into(),
                        stage: 0,
                    },
                    &TraceContext::new_root(),
                    Duration::from_secs(3),
                )
                .await;
            assert!(
                ack.is_ok_and(|a| a.accepted),
                "request {id} not acknowledged"
            );
            (id, sent)
        }));
    }
    let mut sent_at = Vec::with_capacity(total);
    for h in handles {
        sent_at.push(h.await.unwrap());
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let done = {
            let r = ready_at.lock().unwrap();
            sent_at.iter().filter(|(id, _)| r.contains_key(id)).count()
        };
        if done == total || Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let r = ready_at.lock().unwrap();
    let mut latencies: Vec<Duration> = sent_at
        .iter()
        .filter_map(|(id, sent)| r.get(id).map(|t| t.duration_since(*sent)))
        .collect();
    latencies.sort();
    Run {
        sent: total,
        ready: latencies.len(),
        p50: percentile(&latencies, 0.50),
        p99: percentile(&latencies, 0.99),
        max: latencies.last().copied().unwrap_or_default(),
    }
}

/// Prints the CPU time each group used per livelesson since the last reading.
fn print_cpu(cpu: &mut Cpu, livelessons: usize) {
    let used = cpu.take();
    let per = |ms: f64| ms / livelessons as f64;
    let total: f64 = used.iter().map(|(_, ms)| ms).sum();
    let parts: Vec<String> = used
        .iter()
        .map(|(name, ms)| format!("{name} {:.2}", per(*ms)))
        .collect();
    println!(
        "  CPU per livelesson: {:.2} ms ({})",
        per(total),
        parts.join(", ")
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let pg = PgDatabase::new().await;
    let nats = NatsServer::start();
    let dir = tempfile::tempdir().unwrap();
    let antidote_lib::store::DatabaseUrl::Postgres(url) = &pg.url else {
        unreachable!()
    };
    let config = dir.path().join("antidote.yaml");
    std::fs::write(
        &config,
        format!(
            "database_url: {url}\nnats:\n  url: {}\n  user: {}\n  password: {}\napi:\n  listen: 127.0.0.1:{}\n",
            nats.url,
            nats.user,
            nats.password,
            free_port()
        ),
    )
    .unwrap();
    let store = Store::open(&pg.url).await.unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../curriculum-examples");
    import(
        &store,
        &ImportOptions {
            source: examples.display().to_string(),
            reference: None,
            tier: Tier::Local,
            ..ImportOptions::default()
        },
        Arc::new(()),
    )
    .await
    .unwrap();

    let start = |service: &str| {
        Killed(
            Command::new(env!("CARGO_BIN_EXE_antidote"))
                .arg("--config")
                .arg(&config)
                .arg(service)
                .env("RUST_LOG", "warn")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap(),
        )
    };
    let services = [
        ("scheduler", start("scheduler")),
        ("scheduler", start("scheduler")),
        ("gc", start("gc")),
        ("api", start("api")),
    ];
    tokio::time::sleep(Duration::from_secs(3)).await;
    println!("idle memory (RSS):");
    for (name, child) in &services {
        println!("  antidote {name}: {:.1} MB", rss_mb(child.0.id()));
    }

    let bus = NatsBus::connect(&nats.options()).await.unwrap();
    let comms = Comms::new(Arc::new(bus), "antidote").unwrap();
    let ready_at: Arc<Mutex<HashMap<String, Instant>>> = Arc::default();
    let mut events = comms.subscribe::<LiveLessonReady>().await.unwrap();
    comms.bus().flush().await.unwrap();
    let sink = Arc::clone(&ready_at);
    tokio::spawn(async move {
        while let Some(Ok(e)) = events.next().await {
            sink.lock()
                .unwrap()
                .insert(e.event.livelesson_id, Instant::now());
        }
    });

    let mut next = 0;
    // Warm-up.
    run(&store, &comms, &ready_at, &mut next, 50, 2).await;
    let database = url.rsplit('/').next().unwrap_or_default().to_owned();
    let mut cpu = Cpu::new(
        vec![
            (
                "schedulers",
                services
                    .iter()
                    .filter(|(n, _)| *n == "scheduler")
                    .map(|(_, c)| c.0.id())
                    .collect(),
            ),
            ("nats-server", vec![nats.pid()]),
            ("this load generator", vec![std::process::id()]),
        ],
        database,
    );
    let r = run(&store, &comms, &ready_at, &mut next, 100, 10).await;
    println!(
        "100 requests/s for 10 s: {}/{} READY; request to READY p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        r.ready,
        r.sent,
        r.p50.as_secs_f64() * 1e3,
        r.p99.as_secs_f64() * 1e3,
        r.max.as_secs_f64() * 1e3
    );
    print_cpu(&mut cpu, r.sent);
    let mut sustained = 100;
    for rate in [200, 400, 800, 1600] {
        let r = run(&store, &comms, &ready_at, &mut next, rate, 5).await;
        let ok = r.ready == r.sent && r.p99 < Duration::from_millis(500);
        println!(
            "{rate} requests/s for 5 s: {}/{} READY; p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms{}",
            r.ready,
            r.sent,
            r.p50.as_secs_f64() * 1e3,
            r.p99.as_secs_f64() * 1e3,
            r.max.as_secs_f64() * 1e3,
            if ok { "" } else { " (not sustained)" }
        );
        print_cpu(&mut cpu, r.sent);
        if !ok {
            break;
        }
        sustained = rate;
    }
    println!(
        "highest sustained rate tried (every request READY, p99 < 500 ms): {sustained} requests/s"
    );
    println!("memory after the load (RSS):");
    for (name, child) in &services {
        println!("  antidote {name}: {:.1} MB", rss_mb(child.0.id()));
    }
    drop(services);
}
