//! The preview backend: provisions nothing. Every endpoint is reported up at once with no
//! host, and livelessons on it are marked as previews, so authors and front-end developers can
//! use the whole platform (API, scheduler, gc, guides) without a cluster.
//!
//! Optionally it pretends provisioning takes time (`delay_ms`), and it can append every call
//! to a record file, one JSON line each, naming the process that made it: an audit of who
//! provisioned what, written by whoever provisioned.

use std::fs::File;
use std::io::Write as _;
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use futures_util::FutureExt as _;
use futures_util::future::BoxFuture;

use super::{Backend, Capabilities, EndpointStatus, Environment, ProvisionError};
use crate::config::PreviewConfig;

/// The preview backend.
#[derive(Debug)]
pub struct PreviewBackend {
    delay: Duration,
    record: Option<Mutex<File>>,
    by: String,
}

/// One line of the record file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RecordLine {
    /// `create`, `configure` or `teardown`.
    pub op: String,
    /// The livelesson.
    pub livelesson: String,
    /// The stage (create and configure).
    pub stage: Option<u32>,
    /// Who did it: `pid:<process id>`.
    pub by: String,
    /// When, unix milliseconds.
    pub at_ms: i64,
}

impl PreviewBackend {
    /// The backend per `config`; the record file, if any, is opened for appending now.
    pub fn new(config: &PreviewConfig) -> std::io::Result<PreviewBackend> {
        let record = match &config.record {
            Some(path) => Some(Mutex::new(open_record(path)?)),
            None => None,
        };
        Ok(PreviewBackend {
            delay: Duration::from_millis(config.delay_ms),
            record,
            by: format!("pid:{}", std::process::id()),
        })
    }

    /// Who this backend says it is in the record (`pid:<process id>`).
    pub fn by(&self) -> &str {
        &self.by
    }

    fn write(&self, op: &str, livelesson: &str, stage: Option<u32>) -> Result<(), ProvisionError> {
        let Some(file) = &self.record else {
            return Ok(());
        };
        let line = RecordLine {
            op: op.to_owned(),
            livelesson: livelesson.to_owned(),
            stage,
            by: self.by.clone(),
            at_ms: crate::store::now_ms(),
        };
        let mut text = serde_json::to_string(&line).unwrap_or_default();
        text.push('\n');
        // One write of an O_APPEND file: lines of several processes never mix.
        let mut file = file
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        file.write_all(text.as_bytes()).map_err(|e| {
            ProvisionError::retryable(format!("the preview record cannot be written: {e}"))
        })
    }
}

fn open_record(path: &Path) -> std::io::Result<File> {
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
}

/// Reads a record file written by preview backends.
pub fn read_record(path: &Path) -> std::io::Result<Vec<RecordLine>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).map_err(std::io::Error::other))
        .collect()
}

impl Backend for PreviewBackend {
    fn name(&self) -> &'static str {
        "preview"
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            provisions_endpoints: false,
            runs_checks: false,
            exposes_access: false,
        }
    }

    fn create<'a>(&'a self, env: &'a Environment) -> BoxFuture<'a, Result<(), ProvisionError>> {
        async move {
            self.write("create", &env.livelesson_id, Some(env.stage))?;
            if !self.delay.is_zero() {
                tokio::time::sleep(self.delay).await;
            }
            Ok(())
        }
        .boxed()
    }

    fn endpoint_health<'a>(
        &'a self,
        env: &'a Environment,
    ) -> BoxFuture<'a, Result<Vec<EndpointStatus>, ProvisionError>> {
        let statuses = env
            .endpoints
            .iter()
            .map(|e| EndpointStatus {
                name: e.name.clone(),
                host: None,
                ready: true,
                access: Vec::new(),
                guide: false,
            })
            .collect();
        std::future::ready(Ok(statuses)).boxed()
    }

    fn restart_endpoints<'a>(
        &'a self,
        _env: &'a Environment,
        _names: &'a [String],
    ) -> BoxFuture<'a, Result<(), ProvisionError>> {
        std::future::ready(Ok(())).boxed()
    }

    fn configure<'a>(&'a self, env: &'a Environment) -> BoxFuture<'a, Result<(), ProvisionError>> {
        std::future::ready(self.write("configure", &env.livelesson_id, Some(env.stage))).boxed()
    }

    fn teardown<'a>(&'a self, livelesson_id: &'a str) -> BoxFuture<'a, Result<(), ProvisionError>> {
        std::future::ready(self.write("teardown", livelesson_id, None)).boxed()
    }

    fn livelessons(&self) -> BoxFuture<'_, Result<Vec<String>, ProvisionError>> {
        // Nothing is ever provisioned, so nothing is ever left.
        std::future::ready(Ok(Vec::new())).boxed()
    }

    fn run_script<'a>(
        &'a self,
        _env: &'a Environment,
        _script: &'a str,
        _limit: std::time::Duration,
    ) -> BoxFuture<'a, Result<super::objectives::ScriptRun, ProvisionError>> {
        std::future::ready(Err(ProvisionError::permanent(
            "objectives are not checkable here: the preview backend runs no endpoints",
        )))
        .boxed()
    }
}
