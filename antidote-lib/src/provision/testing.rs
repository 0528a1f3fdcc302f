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
}
