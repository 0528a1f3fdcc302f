//! Recovery after faults, measured with real processes: `antidote api`, `scheduler`, `gc` and
//! `checker` (preview backend) on a PostgreSQL server and a nats-server of the bench's own.
//! For each fault (a NATS outage, a PostgreSQL restart, SIGKILL of every service) it measures
//! the time from the fault's end (the dependency accepting connections again, or the services
//! started again) until `/readyz` answers 200 and until a new livelesson requested through the
//! API reaches READY. Prints a Markdown table (docs/reliability.md).
//!
//! `cargo bench -p antidote --bench recovery` (ROUNDS, default 3, repeats each fault).

#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a benchmark reports"
)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use antidote_lib::comms::testing::{NatsServer, free_port};
use antidote_lib::curriculum::Tier;
use antidote_lib::import::{ImportOptions, import};
use antidote_lib::store::Store;
use antidote_lib::store::testing::PgCluster;

/// How long a dependency stays away.
const OUTAGE: Duration = Duration::from_secs(5);
/// Longest wait for a recovery before the bench gives up.
const GIVE_UP: Duration = Duration::from_secs(90);

const SERVICES: [&str; 4] = ["api", "scheduler", "gc", "checker"];

struct Platform {
    config: PathBuf,
    dir: PathBuf,
    api: String,
    children: Vec<Child>,
    started: usize,
}

impl Platform {
    fn start(&mut self) {
        for service in SERVICES {
            self.started += 1;
            let log = self.dir.join(format!("{service}-{}.log", self.started));
            let mut command = Command::new(env!("CARGO_BIN_EXE_antidote"));
            for var in antidote_lib::config::env_vars() {
                command.env_remove(var);
            }
            let child = command
                .arg("--config")
                .arg(&self.config)
                .arg(service)
                .env("RUST_LOG", "info")
                .stdout(Stdio::null())
                .stderr(std::fs::File::create(&log).unwrap())
                .spawn()
                .unwrap();
            self.children.push(child);
        }
    }

    fn kill_all(&mut self) {
        for mut child in self.children.drain(..) {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for Platform {
    fn drop(&mut self) {
        self.kill_all();
    }
}

/// Whether `/readyz` answers 200.
async fn ready(client: &reqwest::Client, api: &str) -> bool {
    client
        .get(format!("{api}/readyz"))
        .send()
        .await
        .is_ok_and(|r| r.status().is_success())
}

/// A new session and livelesson through the API, until READY (`Err` with what went wrong).
async fn round_trip(client: &reqwest::Client, api: &str) -> Result<(), String> {
    let session: serde_json::Value = client
        .post(format!("{api}/api/v1/sessions"))
        .send()
        .await
        .map_err(|e| e.to_string())?
        .error_for_status()
        .map_err(|e| e.to_string())?
        .json()
        .await
        .map_err(|e| e.to_string())?;
    let created = client
        .post(format!("{api}/api/v1/livelessons"))
        .json(&serde_json::json!({"session_id": session["id"], "lesson_slug": "shell-first-steps"}))
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !created.status().is_success() {
        return Err(format!("livelesson: {}", created.status()));
    }
    let created: serde_json::Value = created.json().await.map_err(|e| e.to_string())?;
    let id = created["id"].as_str().ok_or("no id")?.to_owned();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        let read: serde_json::Value = client
            .get(format!("{api}/api/v1/livelessons/{id}"))
            .send()
            .await
            .map_err(|e| e.to_string())?
            .json()
            .await
            .map_err(|e| e.to_string())?;
        match read["status"].as_str() {
            Some("READY") => return Ok(()),
            Some("FAILED") => return Err(format!("FAILED: {}", read["error"])),
            _ => tokio::time::sleep(Duration::from_millis(20)).await,
        }
    }
    Err("not READY within 10 s".into())
}

/// From `since`: how long until `/readyz` says 200, and until a livelesson reaches READY.
async fn recovery(client: &reqwest::Client, api: &str, since: Instant) -> (Duration, Duration) {
    let mut ready_at = None;
    loop {
        assert!(since.elapsed() < GIVE_UP, "no recovery within {GIVE_UP:?}");
        if ready_at.is_none() && ready(client, api).await {
            ready_at = Some(since.elapsed());
        }
        if let Some(ready) = ready_at
            && round_trip(client, api).await.is_ok()
        {
            return (ready, since.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn seconds(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64())
}

fn report(fault: &str, runs: &[(Duration, Duration)]) {
    let mut ready: Vec<Duration> = runs.iter().map(|r| r.0).collect();
    let mut flow: Vec<Duration> = runs.iter().map(|r| r.1).collect();
    ready.sort();
    flow.sort();
    println!(
        "| {fault} | {} | {} | {} | {} |",
        seconds(ready[ready.len() / 2]),
        seconds(*ready.last().unwrap()),
        seconds(flow[flow.len() / 2]),
        seconds(*flow.last().unwrap()),
    );
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join("curriculum-examples")
}

fn main() {
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let pg = PgCluster::start();
    let mut nats = NatsServer::start();
    let tmp = tempfile::tempdir().unwrap();
    runtime.block_on(async {
        let store = Store::open(&pg.url).await.unwrap();
        import(
            &store,
            &ImportOptions {
                source: examples().display().to_string(),
                reference: None,
                tier: Tier::Local,
                ..ImportOptions::default()
            },
            Arc::new(()),
        )
        .await
        .unwrap();
        store.close().await;
    });
    let port = free_port();
    let config = tmp.path().join("antidote.yaml");
    let url = match &pg.url {
        antidote_lib::store::DatabaseUrl::Postgres(u) => u.clone(),
        other => panic!("{other:?}"),
    };
    std::fs::write(
        &config,
        format!(
            "tier: local\ndatabase_url: {url}\nnats:\n  url: {}\n  user: {}\n  password: {}\napi:\n  listen: 127.0.0.1:{port}\n  sessions_per_ip_per_hour: 0\n",
            nats.url, nats.user, nats.password
        ),
    )
    .unwrap();
    let mut platform = Platform {
        config,
        dir: tmp.path().to_path_buf(),
        api: format!("http://127.0.0.1:{port}"),
        children: Vec::new(),
        started: 0,
    };
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let api = platform.api.clone();
    platform.start();
    runtime.block_on(async {
        let started = Instant::now();
        let (ready, flow) = recovery(&client, &api, started).await;
        eprintln!(
            "up: ready after {}, first livelesson READY after {} s",
            seconds(ready),
            seconds(flow)
        );
    });

    let mut nats_runs = Vec::new();
    let mut pg_runs = Vec::new();
    let mut kill_runs = Vec::new();
    for round in 0..rounds {
        eprintln!("round {}/{rounds}", round + 1);
        runtime.block_on(async {
            nats.stop();
            tokio::time::sleep(OUTAGE).await;
            nats.resume();
            nats_runs.push(recovery(&client, &api, Instant::now()).await);

            pg.stop();
            tokio::time::sleep(OUTAGE).await;
            pg.resume();
            pg_runs.push(recovery(&client, &api, Instant::now()).await);

            platform.kill_all();
            let since = Instant::now();
            platform.start();
            kill_runs.push(recovery(&client, &api, since).await);
        });
    }
    println!(
        "| fault ({rounds} rounds, {} s outages) | /readyz 200, median s | max s | new livelesson READY, median s | max s |",
        OUTAGE.as_secs()
    );
    println!("|---|---|---|---|---|");
    report("NATS killed, started again", &nats_runs);
    report("PostgreSQL stopped, started again", &pg_runs);
    report("every service SIGKILLed, started again", &kill_runs);
}
