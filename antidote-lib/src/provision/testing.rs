//! A backend that fails on demand and counts its calls (feature `test-support`), for tests of
//! the state machine and the scheduler.

#![allow(
    clippy::missing_panics_doc,
    reason = "test support panics with a message on purpose"
)]

use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};

use futures_util::FutureExt as _;
use futures_util::future::BoxFuture;

use super::{Backend, Capabilities, EndpointStatus, Environment, ProvisionError};

/// What the scripted backend does wrong.
#[derive(Debug, Clone, Default)]
pub struct Script {
    /// `create` fails with this.
    pub create_error: Option<ProvisionError>,
    /// Endpoints stay down until they were restarted this many times (`u32::MAX`: never up).
    pub down_until_restarts: u32,
    /// `configure` fails with this.
    pub configure_error: Option<ProvisionError>,
    /// `create` never answers (a hung call).
    pub create_hangs: bool,
}

/// A backend following a [`Script`], recording every call as `op:livelesson`.
#[derive(Debug, Default)]
pub struct ScriptedBackend {
    script: Mutex<Script>,
    restarts: AtomicU32,
    calls: Mutex<Vec<String>>,
}

impl ScriptedBackend {
    /// A backend following `script`.
    pub fn new(script: Script) -> ScriptedBackend {
        ScriptedBackend {
            script: Mutex::new(script),
            ..ScriptedBackend::default()
        }
    }

    /// Changes the script.
    pub fn set_script(&self, script: Script) {
        *self.script.lock().unwrap() = script;
        self.restarts.store(0, Ordering::SeqCst);
    }

    /// Every call so far, `op:livelesson`, in order.
    pub fn calls(&self) -> Vec<String> {
        self.calls.lock().unwrap().clone()
    }

    /// How many calls of `op` so far.
    pub fn count(&self, op: &str) -> usize {
        self.calls()
            .iter()
            .filter(|c| c.split(':').next() == Some(op))
            .count()
    }

    fn call(&self, op: &str, id: &str) {
        self.calls.lock().unwrap().push(format!("{op}:{id}"));
    }
}

impl Backend for ScriptedBackend {
    fn name(&self) -> &'static str {
        "scripted"
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            provisions_endpoints: true,
            runs_checks: false,
            exposes_access: false,
        }
    }

    fn create<'a>(&'a self, env: &'a Environment) -> BoxFuture<'a, Result<(), ProvisionError>> {
        self.call("create", &env.livelesson_id);
        let script = self.script.lock().unwrap().clone();
        if script.create_hangs {
            return std::future::pending().boxed();
        }
        let result = match script.create_error {
            Some(e) => Err(e),
            None => Ok(()),
        };
        std::future::ready(result).boxed()
    }

    fn endpoint_health<'a>(
        &'a self,
        env: &'a Environment,
    ) -> BoxFuture<'a, Result<Vec<EndpointStatus>, ProvisionError>> {
        let up =
            self.restarts.load(Ordering::SeqCst) >= self.script.lock().unwrap().down_until_restarts;
        let statuses = env
            .endpoints
            .iter()
            .enumerate()
            .map(|(i, e)| EndpointStatus {
                name: e.name.clone(),
                host: Some(format!("10.0.0.{}", i + 1)),
                // The first endpoint always comes up; the others follow the script.
                ready: up || i == 0,
                access: Vec::new(),
                guide: false,
            })
            .collect();
        std::future::ready(Ok(statuses)).boxed()
    }

    fn restart_endpoints<'a>(
        &'a self,
        env: &'a Environment,
        _names: &'a [String],
    ) -> BoxFuture<'a, Result<(), ProvisionError>> {
        self.call("restart", &env.livelesson_id);
        self.restarts.fetch_add(1, Ordering::SeqCst);
        std::future::ready(Ok(())).boxed()
    }

    fn configure<'a>(&'a self, env: &'a Environment) -> BoxFuture<'a, Result<(), ProvisionError>> {
        self.call("configure", &env.livelesson_id);
        let result = match &self.script.lock().unwrap().configure_error {
            Some(e) => Err(e.clone()),
            None => Ok(()),
        };
        std::future::ready(result).boxed()
    }

    fn teardown<'a>(&'a self, livelesson_id: &'a str) -> BoxFuture<'a, Result<(), ProvisionError>> {
        self.call("teardown", livelesson_id);
        std::future::ready(Ok(())).boxed()
    }

    fn run_script<'a>(
        &'a self,
        _env: &'a Environment,
        _script: &'a str,
        _limit: std::time::Duration,
    ) -> BoxFuture<'a, Result<super::objectives::ScriptRun, ProvisionError>> {
        std::future::ready(Err(ProvisionError::permanent(
            "objectives are not checkable here: the scripted test backend runs no checks",
        )))
        .boxed()
    }

    fn livelessons(&self) -> BoxFuture<'_, Result<Vec<String>, ProvisionError>> {
        // Those created and not torn down since.
        let mut live = std::collections::BTreeSet::new();
        for call in self.calls() {
            match call.split_once(':') {
                Some(("create", id)) => live.insert(id.to_owned()),
                Some(("teardown", id)) => live.remove(id),
                _ => false,
            };
        }
        std::future::ready(Ok(live.into_iter().collect())).boxed()
    }
}

/// A container engine for the Docker backend's tests: `ANTIDOTE_TEST_DOCKER_HOST` if set (CI
/// starts one), otherwise a `podman system service` of the test process's own on a socket in a
/// temporary directory, with a `containers.conf` that works on this project's machines (runtime
/// `runc`, no raised resource limits). The service ends by itself once idle for a minute after
/// the tests. Tests that need it fail, they never skip, when there is no podman.
#[derive(Debug)]
pub struct TestEngine {
    /// The engine's address (`unix://...`).
    pub host: String,
    /// The image the tests' endpoints run (`ANTIDOTE_TEST_IMAGE`, default
    /// `localhost/antidote-test:bookworm`, built by `.ci/test-image`).
    pub image: String,
    _dir: Option<tempfile::TempDir>,
}

impl TestEngine {
    /// The engine shared by every test of this process.
    pub fn shared() -> &'static TestEngine {
        static ENGINE: std::sync::OnceLock<TestEngine> = std::sync::OnceLock::new();
        ENGINE.get_or_init(TestEngine::start)
    }

    fn start() -> TestEngine {
        let image = std::env::var("ANTIDOTE_TEST_IMAGE")
            .unwrap_or_else(|_| "localhost/antidote-test:bookworm".into());
        if let Ok(host) = std::env::var("ANTIDOTE_TEST_DOCKER_HOST") {
            return TestEngine {
                host,
                image,
                _dir: None,
            };
        }
        let dir = tempfile::tempdir().expect("a temporary directory for the podman service");
        let conf = dir.path().join("containers.conf");
        std::fs::write(
            &conf,
            "[containers]\ndefault_ulimits = []\n[engine]\nruntime = \"runc\"\n",
        )
        .expect("containers.conf");
        let socket = dir.path().join("podman.sock");
        let host = format!("unix://{}", socket.display());
        let spawned = std::process::Command::new("podman")
            .args(["system", "service", "--time=60", &host])
            .env("CONTAINERS_CONF", &conf)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        if let Err(e) = spawned {
            panic!(
                "cannot start `podman system service` ({e}): the Docker backend's tests need podman and runc (apt-get install podman runc), or an engine in ANTIDOTE_TEST_DOCKER_HOST"
            );
        }
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while !socket.exists() {
            assert!(
                std::time::Instant::now() < deadline,
                "podman system service did not open {} within 20 s",
                socket.display()
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        TestEngine {
            host,
            image,
            _dir: Some(dir),
        }
    }

    /// Docker backend settings for this engine: engine-chosen ports on 127.0.0.1, short probes.
    pub fn docker_config(&self) -> crate::config::DockerConfig {
        crate::config::DockerConfig {
            host: Some(self.host.clone()),
            pull: false,
            probe_timeout_ms: 1_000,
            ..crate::config::DockerConfig::default()
        }
    }

    /// Image settings that run every image `slugs` (and configuration) on the test image.
    pub fn images_config(&self, slugs: &[&str]) -> crate::config::ImagesConfig {
        crate::config::ImagesConfig {
            overrides: slugs
                .iter()
                .map(|s| format!("{s}={}", self.image))
                .collect(),
            configurator: Some(self.image.clone()),
            ..crate::config::ImagesConfig::default()
        }
    }

    /// A connected backend for instance `instance`; panics, saying why, when the engine or the
    /// test image is missing.
    pub async fn backend(&self, instance: &str, slugs: &[&str]) -> super::DockerBackend {
        let backend = super::DockerBackend::connect(
            instance,
            &self.images_config(slugs),
            &self.docker_config(),
        )
        .await
        .unwrap_or_else(|e| panic!("the test engine: {e}"));
        backend
            .assert_image(&self.image)
            .await
            .unwrap_or_else(|e| panic!("{e}: build it with .ci/test-image"));
        backend
    }
}

/// Runs `command` over SSH at 127.0.0.1:`port` as `user`, typing `password` at the client's
/// prompt (the `ssh` client in a pseudo-terminal, as a learner's terminal does); returns what it
/// printed, trimmed.
pub fn ssh(port: u16, user: &str, password: &str, command: &str) -> String {
    let cmd = format!(
        "ssh -p {port} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o ConnectTimeout=10 {user}@127.0.0.1 {}",
        super::configuration::shell_quote(&format!("echo BEGIN; {command}; echo END"))
    );
    let mut p = rexpect::spawn(&cmd, Some(30_000)).expect("the ssh client runs");
    p.exp_string("assword:").expect("a password prompt");
    p.send_line(password).expect("the password is typed");
    p.exp_string("BEGIN").expect("a login");
    p.exp_string("END")
        .expect("the command's end")
        .trim()
        .to_owned()
}
