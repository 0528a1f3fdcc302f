//! The checker's speed: from the moment an objective becomes true to Complete in the store
//! (what the API shows), at the default settings; how many checks one replica sustains against
//! a backend that answers at once; and the CPU it spends per 100 active objectives at the
//! default interval. One `antidote checker` task in this process, on a fresh PostgreSQL
//! database with the examples imported, the in-process bus, and a backend whose checks answer
//! from a table (an objective is true once the bench says so).
//!
//! Run with `cargo bench -p antidote --bench checker`.

#![allow(clippy::print_stdout, reason = "a bench binary reports on stdout")]

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use antidote::service::{Parts, Supervisor, service};
use antidote_lib::comms::{Comms, InProcessBus};
use antidote_lib::config::{CheckerConfig, Config};
use antidote_lib::curriculum::Tier;
use antidote_lib::import::{ImportOptions, import};
use antidote_lib::provision::objectives::ScriptRun;
use antidote_lib::provision::{Backend, Capabilities, EndpointStatus, Environment, ProvisionError};
use antidote_lib::store::Store;
use antidote_lib::store::state::NewLiveLesson as NewRow;
use antidote_lib::store::state::Status;
use antidote_lib::store::testing::PgDatabase;
use futures_util::FutureExt as _;
use futures_util::future::BoxFuture;

/// Answers every check at once: complete when `(livelesson, script)` is in `done`.
#[derive(Default)]
struct Answering {
    done: Mutex<HashSet<(String, String)>>,
    checks: AtomicU64,
}

impl Backend for Answering {
    fn name(&self) -> &'static str {
        "answering"
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            provisions_endpoints: true,
            runs_checks: true,
            exposes_access: false,
        }
    }
    fn create<'a>(&'a self, _: &'a Environment) -> BoxFuture<'a, Result<(), ProvisionError>> {
        std::future::ready(Ok(())).boxed()
    }
    fn endpoint_health<'a>(
        &'a self,
        _: &'a Environment,
    ) -> BoxFuture<'a, Result<Vec<EndpointStatus>, ProvisionError>> {
        std::future::ready(Ok(Vec::new())).boxed()
    }
    fn restart_endpoints<'a>(
        &'a self,
        _: &'a Environment,
        _: &'a [String],
    ) -> BoxFuture<'a, Result<(), ProvisionError>> {
        std::future::ready(Ok(())).boxed()
    }
    fn configure<'a>(&'a self, _: &'a Environment) -> BoxFuture<'a, Result<(), ProvisionError>> {
        std::future::ready(Ok(())).boxed()
    }
    fn teardown<'a>(&'a self, _: &'a str) -> BoxFuture<'a, Result<(), ProvisionError>> {
        std::future::ready(Ok(())).boxed()
    }
    fn run_script<'a>(
        &'a self,
        env: &'a Environment,
        script: &'a str,
        _: Duration,
    ) -> BoxFuture<'a, Result<ScriptRun, ProvisionError>> {
        self.checks.fetch_add(1, Ordering::Relaxed);
        let done = self
            .done
            .lock()
            .unwrap()
            .contains(&(env.livelesson_id.clone(), script.to_owned()));
        std::future::ready(Ok(ScriptRun {
            code: Some(if done { 0 } else { 1 }),
            output: String::new(),
        }))
        .boxed()
    }
    fn livelessons(&self) -> BoxFuture<'_, Result<Vec<String>, ProvisionError>> {
        std::future::ready(Ok(Vec::new())).boxed()
    }
}

/// This process's CPU time (user and system) so far.
fn cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap()
        .split_whitespace()
        .collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    Duration::from_millis(ticks * 10)
}

/// `n` READY livelessons at stage 1 of shell-first-steps (two objectives each).
async fn livelessons(store: &Store, prefix: &str, n: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for i in 0..n {
        let (session, id) = (format!("{prefix}s{i}"), format!("{prefix}l{i}"));
        store.create_session(&session, "192.0.2.1").await.unwrap();
        store
            .create_livelesson(&NewRow {
                id: &id,
                session_id: &session,
                lesson_slug: "shell-first-steps",
                stage: 1,
                traceparent: None,
            })
            .await
            .unwrap();
        store.claim_livelesson(&id, "bench", 60_000).await.unwrap();
        store
            .set_livelesson_endpoints(&id, "bench", &serde_json::json!([]), false)
            .await
            .unwrap();
        for status in [Status::Booting, Status::Configuration] {
            assert!(
                store
                    .set_livelesson_status(&id, "bench", status, None)
                    .await
                    .unwrap()
            );
        }
        assert!(
            store
                .set_livelesson_ready(&id, "bench", 1, &[])
                .await
                .unwrap()
        );
        ids.push(id);
    }
    ids
}

async fn start(store: &Store, backend: Arc<Answering>, checker: CheckerConfig) -> Supervisor {
    let config = Config {
        checker,
        ..Config::default()
    };
    let parts = Parts {
        config,
        store: store.clone(),
        comms: Comms::new(Arc::new(InProcessBus::new()), "antidote").unwrap(),
        backend: Some(backend),
    };
    let mut supervisor = Supervisor::new();
    supervisor
        .start(service("checker").unwrap(), parts)
        .await
        .unwrap();
    supervisor
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let pg = PgDatabase::new().await;
        let store = Store::open(&pg.url).await.unwrap();
        let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../curriculum-examples");
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
        let defaults = CheckerConfig::default();
        println!(
            "checker defaults: interval {} ms doubling to {} ms; PostgreSQL, 2 worker threads",
            defaults.interval_ms, defaults.max_interval_ms
        );

        // 1. Sustained checks: no wait between rounds, 100 livelessons (200 objectives).
        let backend = Arc::new(Answering::default());
        let ids = livelessons(&store, "t", 100).await;
        let flat_out = CheckerConfig {
            interval_ms: 1,
            max_interval_ms: 1,
            ..CheckerConfig::default()
        };
        let supervisor = start(&store, backend.clone(), flat_out).await;
        tokio::time::sleep(Duration::from_secs(2)).await;
        let (c0, t0, k0) = (cpu(), Instant::now(), backend.checks.load(Ordering::Relaxed));
        tokio::time::sleep(Duration::from_secs(10)).await;
        let checks = backend.checks.load(Ordering::Relaxed) - k0;
        let secs = t0.elapsed().as_secs_f64();
        println!(
            "sustained: {:.0} checks/s (200 objectives, no interval), CPU {:.0}% of one core",
            checks as f64 / secs,
            (cpu() - c0).as_secs_f64() / secs * 100.0
        );
        supervisor.wait(std::future::ready(())).await.unwrap();
        for id in &ids {
            store.request_delete(id, "bench").await.unwrap();
        }

        // 2. CPU per 100 active objectives at the defaults (200 objectives never complete).
        let backend = Arc::new(Answering::default());
        let _ = livelessons(&store, "c", 100).await;
        let supervisor = start(&store, backend.clone(), CheckerConfig::default()).await;
        tokio::time::sleep(Duration::from_secs(12)).await;
        let (c0, t0, k0) = (cpu(), Instant::now(), backend.checks.load(Ordering::Relaxed));
        tokio::time::sleep(Duration::from_secs(10)).await;
        let secs = t0.elapsed().as_secs_f64();
        println!(
            "defaults, 200 active objectives: {:.0} checks/s, CPU {:.2}% of one core per 100 active objectives",
            (backend.checks.load(Ordering::Relaxed) - k0) as f64 / secs,
            (cpu() - c0).as_secs_f64() / secs * 100.0 / 2.0
        );

        // 3. Latency at the defaults: 40 objectives become true at random moments after their
        // checks have backed off; time until the store says complete.
        let ids = livelessons(&store, "l", 40).await;
        tokio::time::sleep(Duration::from_secs(15)).await;
        let mut latencies = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            // Spread the moments over the backoff cycle.
            tokio::time::sleep(Duration::from_millis(137 * (i as u64 % 11))).await;
            backend.done.lock().unwrap().insert((
                id.clone(),
                "stage1/objectives/objective0.py".to_owned(),
            ));
            let true_at = Instant::now();
            loop {
                assert!(true_at.elapsed() < Duration::from_secs(30), "{id} never completed");
                let l = store.livelesson(id).await.unwrap().unwrap();
                let complete = l
                    .objectives
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|o| o["index"] == 0 && o["status"] == "complete");
                if complete {
                    latencies.push(true_at.elapsed());
                    break;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
        latencies.sort();
        let pct = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p).round() as usize];
        println!(
            "true to Complete (40 objectives, defaults): p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
            pct(0.5).as_secs_f64() * 1e3,
            pct(0.99).as_secs_f64() * 1e3,
            latencies.last().unwrap().as_secs_f64() * 1e3
        );
        supervisor.wait(std::future::ready(())).await.unwrap();
    });
}
