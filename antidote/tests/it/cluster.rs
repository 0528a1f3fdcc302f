//! Real processes of the `antidote` binary against a fresh PostgreSQL database and a
//! nats-server of the test's own.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use antidote_lib::comms::testing::NatsServer;
use antidote_lib::comms::{Comms, NatsBus, NewLiveLesson, TraceContext};
use antidote_lib::curriculum::Tier;
use antidote_lib::import::{ImportOptions, import};
use antidote_lib::store::Store;
use antidote_lib::store::state::{NewLiveLesson as NewRow, Status};
use antidote_lib::store::testing::PgDatabase;

/// The environment of one test: database, bus, a config file, and the processes started.
pub struct Cluster {
    /// Kept alive for the test.
    pub _pg: PgDatabase,
    /// Kept alive for the test.
    pub _nats: NatsServer,
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub comms: Comms,
    pub record: PathBuf,
    config: PathBuf,
    started: usize,
    api_port: Option<u16>,
}

/// A service process; killed (SIGKILL) when dropped.
pub struct Service {
    pub child: Child,
    pub log: PathBuf,
}

impl Service {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        self.kill();
    }
}

pub fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .join("curriculum-examples")
}

impl Cluster {
    /// A database with the examples imported, a nats-server, and a config file with `extra`
    /// YAML (scheduler and gc settings) and the preview backend pretending to take `delay_ms`.
    pub async fn new(delay_ms: u64, extra: &str) -> Cluster {
        Cluster::with_instance(delay_ms, extra, "antidote").await
    }

    /// As [`Cluster::new`], for the instance `instance` (clusters that share a container
    /// engine need their own, or each sweeps the other's livelessons as orphans).
    pub async fn with_instance(delay_ms: u64, extra: &str, instance: &str) -> Cluster {
        let pg = PgDatabase::new().await;
        let nats = NatsServer::start();
        let dir = tempfile::tempdir().unwrap();
        let record = dir.path().join("record.jsonl");
        let config = dir.path().join("antidote.yaml");
        let url = match &pg.url {
            antidote_lib::store::DatabaseUrl::Postgres(u) => u.clone(),
            other => panic!("{other:?}"),
        };
        std::fs::write(
            &config,
            format!(
                "instance_id: {instance}\ndatabase_url: {url}\nnats:\n  url: {}\n  user: {}\n  password: {}\npreview:\n  delay_ms: {delay_ms}\n  record: {}\n{extra}",
                nats.url,
                nats.user,
                nats.password,
                record.display()
            ),
        )
        .unwrap();
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
        let bus = NatsBus::connect(&nats.options()).await.unwrap();
        let comms = Comms::new(Arc::new(bus), instance).unwrap();
        Cluster {
            _pg: pg,
            _nats: nats,
            dir,
            store,
            comms,
            record,
            config,
            started: 0,
            api_port: None,
        }
    }

    /// Starts `antidote <service>` and waits until it logs `ready_line`.
    pub fn start(&mut self, service: &str, ready_line: &str) -> Service {
        self.start_with(service, ready_line, &[])
    }

    /// [`Cluster::start`] with the variables `env` set for the process.
    pub fn start_with(&mut self, service: &str, ready_line: &str, env: &[(&str, &str)]) -> Service {
        self.started += 1;
        let log = self
            .dir
            .path()
            .join(format!("{service}-{}.log", self.started));
        let child = Command::new(env!("CARGO_BIN_EXE_antidote"))
            .arg("--config")
            .arg(&self.config)
            .arg(service)
            .env("RUST_LOG", "info")
            .env_remove("ANTIDOTE_DATABASE_URL")
            .env_remove("ANTIDOTE_NATS_URL")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let name = service;
        let mut service = Service { child, log };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let text = std::fs::read_to_string(&service.log).unwrap_or_default();
            if text.contains(ready_line) {
                return service;
            }
            if let Ok(Some(status)) = service.child.try_wait() {
                panic!("antidote {name} exited with {status}:\n{text}");
            }
            assert!(
                Instant::now() < deadline,
                "antidote {name} did not start:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Creates a session (persistent or not) with a livelesson of `slug` at stage 0, as the
    /// API does (the row, then the request); returns its id and whether a scheduler
    /// acknowledged the request.
    pub async fn new_livelesson(&self, n: usize, slug: &str, persistent: bool) -> (String, bool) {
        let session = format!("s{n:04}");
        let id = format!("l{n:04}");
        self.store
            .create_session(&session, "192.0.2.1")
            .await
            .unwrap();
        if persistent {
            self.store
                .set_session_persistent(&session, true)
                .await
                .unwrap();
        }
        self.store
            .create_livelesson(&NewRow {
                id: &id,
                session_id: &session,
                lesson_slug: slug,
                stage: 0,
                traceparent: None,
            })
            .await
            .unwrap();
        let acked = self
            .comms
            .request(
                &NewLiveLesson {
                    livelesson_id: id.clone(),
                    session_id: session,
                    lesson_slug: slug.to_owned(),
                    stage: 0,
                },
                &TraceContext::new_root(),
                Duration::from_secs(3),
            )
            .await
            .is_ok_and(|a| a.accepted);
        (id, acked)
    }

    /// Starts `antidote api` (on a free port the first time, on the same port again after);
    /// returns it and its base URL.
    pub fn start_api(&mut self) -> (Service, String) {
        self.start_api_with(&[])
    }

    /// [`Cluster::start_api`] with the variables `env` set for the process.
    pub fn start_api_with(&mut self, env: &[(&str, &str)]) -> (Service, String) {
        let port = *self.api_port.get_or_insert_with(|| {
            let port = antidote_lib::comms::testing::free_port();
            let config = std::fs::read_to_string(&self.config).unwrap();
            std::fs::write(
                &self.config,
                format!("{config}api:\n  listen: 127.0.0.1:{port}\n"),
            )
            .unwrap();
            port
        });
        let api = self.start_with("api", "api listening", env);
        (api, format!("http://127.0.0.1:{port}"))
    }

    /// Creates a session and a livelesson of `slug` at `stage` through the API at `base`, as
    /// a learner does; returns the livelesson's id and its status as the API answered.
    pub async fn new_livelesson_via_api(
        http: &reqwest::Client,
        base: &str,
        slug: &str,
        stage: u32,
    ) -> (String, String) {
        let created = Cluster::new_traced_livelesson_via_api(http, base, slug, stage, None).await;
        (created.id, created.status)
    }

    /// The same, the livelesson's request sent with the W3C `traceparent` given, if any.
    pub async fn new_traced_livelesson_via_api(
        http: &reqwest::Client,
        base: &str,
        slug: &str,
        stage: u32,
        traceparent: Option<&str>,
    ) -> ViaApi {
        let session: serde_json::Value = http
            .post(format!("{base}/api/v1/sessions"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let mut request = http.post(format!("{base}/api/v1/livelessons")).json(
            &serde_json::json!({"session_id": session["id"], "lesson_slug": slug, "stage": stage}),
        );
        if let Some(traceparent) = traceparent {
            request = request.header("traceparent", traceparent);
        }
        let created: serde_json::Value = request.send().await.unwrap().json().await.unwrap();
        ViaApi {
            session: session["id"].as_str().unwrap().to_owned(),
            id: created["id"]
                .as_str()
                .unwrap_or_else(|| panic!("{created}"))
                .to_owned(),
            status: created["status"].as_str().unwrap().to_owned(),
        }
    }

    /// Waits until every livelesson in `ids` has `status`, up to `within`; returns the time
    /// it took, or panics with the statuses.
    pub async fn wait_status(&self, ids: &[String], status: Status, within: Duration) -> Duration {
        let start = Instant::now();
        loop {
            let all = self.store.livelessons().await.unwrap();
            let done = ids
                .iter()
                .filter(|id| all.iter().any(|l| &l.id == *id && l.status == status))
                .count();
            if done == ids.len() {
                return start.elapsed();
            }
            if start.elapsed() > within {
                let summary: Vec<_> = all
                    .iter()
                    .filter(|l| l.status != status)
                    .map(|l| format!("{} {:?} {:?} {:?}", l.id, l.status, l.owner, l.error))
                    .collect();
                panic!(
                    "{done}/{} reached {status:?} within {within:?}; others: {summary:#?}",
                    ids.len()
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// A learner's session and livelesson as the API answered their creation.
pub struct ViaApi {
    /// The session's id.
    pub session: String,
    /// The livelesson's id.
    pub id: String,
    /// Its status in the answer.
    pub status: String,
}
