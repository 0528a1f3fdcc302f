//! The objective contract, the same on every backend that runs checks.
//!
//! Objective M of stage N is checked by `stageN/objectives/objectiveM.<ext>`, and may be made
//! true by `stageN/solutions/objectiveM.<ext>` (same contract). A `.py` script runs with
//! `python3` (an exception it raises is an error, exit 2); any other runs itself (it is executable and starts with `#!`). It runs in the
//! lesson's checker container, inside the lesson's network, with the lesson's files at
//! `/antidote` and, for every endpoint (its name upper-cased, `-` as `_`):
//!
//! | variable | value |
//! |---|---|
//! | `ANTIDOTE_ENDPOINTS` | every endpoint's name, space-separated |
//! | `ANTIDOTE_<NAME>_HOST` | where the endpoint is reached from the checker (its name) |
//! | `ANTIDOTE_<NAME>_PORT` | its first ssh presentation's port (else its first port, else 22) |
//! | `ANTIDOTE_<NAME>_USERNAME`, `ANTIDOTE_<NAME>_PASSWORD` | its image's SSH credentials |
//!
//! Exit 0: complete; 1: incomplete; anything else, or the time limit: an error, with the end
//! of the output (credentials replaced by `***`) as the reason.

use std::time::Duration;

use super::configuration::{LESSON_DIR, shell_quote};
use super::{Environment, LessonFiles};
use crate::curriculum::PresentationType;

/// What a script run gave: its exit code (`None`: it ran past its time limit) and its output
/// (stdout and stderr, as they came).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptRun {
    /// The exit code; `None` when the time limit ended it.
    pub code: Option<i64>,
    /// What it printed.
    pub output: String,
}

/// An objective's state.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "status", content = "reason", rename_all = "lowercase")]
pub enum ObjectiveStatus {
    /// Its check exited 1.
    Incomplete,
    /// Its check exited 0.
    Complete,
    /// Its check exited otherwise or ran too long: why.
    Error(String),
}

/// The script of objective `m` of `stage` (`objectives`) or of its solution (`solutions`).
pub fn script(files: &dyn LessonFiles, stage: u32, kind: &str, m: usize) -> Option<String> {
    let prefix = format!("stage{stage}/{kind}/objective{m}.");
    files.paths().into_iter().find(|p| {
        p.strip_prefix(&prefix)
            .is_some_and(|ext| !ext.is_empty() && !ext.contains('/'))
    })
}

/// The shell line that runs `path` (relative to the lesson) by the contract.
pub fn command(path: &str) -> String {
    let at = shell_quote(&format!("{LESSON_DIR}/{path}"));
    if path.ends_with(".py") {
        // An exception (a traceback) would exit 1, which is "incomplete": it is an error.
        format!("exec python3 -c {PY_RUNNER} {at}")
    } else {
        format!("exec {at}")
    }
}

/// Runs the script `sys.argv[1]` as `__main__`; an exception other than `SystemExit` prints
/// its traceback and exits 2 (an error), not 1 (incomplete).
const PY_RUNNER: &str = "'import runpy, sys, traceback
sys.argv = sys.argv[1:]
try:
    runpy.run_path(sys.argv[0], run_name=\"__main__\")
except SystemExit:
    raise
except BaseException:
    traceback.print_exc()
    sys.exit(2)'";

/// The name of an endpoint in variable names: `router-1` is `ROUTER_1`.
fn var_name(endpoint: &str) -> String {
    endpoint
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// The variables a check reads, as a shell file to source (values quoted); `host` names where
/// an endpoint is reached from the checker (the backend's name for it).
pub fn environment_file(env: &Environment, host: &dyn Fn(&str) -> String) -> Vec<u8> {
    let q = shell_quote;
    let mut out = format!(
        "ANTIDOTE_ENDPOINTS={}\n",
        q(&env
            .endpoints
            .iter()
            .map(|e| e.name.as_str())
            .collect::<Vec<_>>()
            .join(" "))
    );
    for e in &env.endpoints {
        let name = var_name(&e.name);
        let port = e
            .presentations
            .iter()
            .find(|p| p.kind == PresentationType::Ssh)
            .map(|p| p.port)
            .or_else(|| e.ports.first().copied())
            .unwrap_or(22);
        out.push_str(&format!(
            "ANTIDOTE_{name}_HOST={}\nANTIDOTE_{name}_PORT={port}\nANTIDOTE_{name}_USERNAME={}\nANTIDOTE_{name}_PASSWORD={}\n",
            q(&host(&e.name)),
            q(&e.credentials.ssh_user),
            q(e.credentials.ssh_password.expose()),
        ));
    }
    out.into_bytes()
}

/// The status a check's run gives, its reason scrubbed of every credential of `env`.
pub fn status(run: &ScriptRun, env: &Environment, limit: Duration) -> ObjectiveStatus {
    match run.code {
        Some(0) => ObjectiveStatus::Complete,
        Some(1) => ObjectiveStatus::Incomplete,
        code => {
            let what = match code {
                Some(c) => format!("the check exited {c}"),
                None => format!("the check ran longer than {} s", limit.as_secs()),
            };
            let output = scrub(&run.output, env);
            ObjectiveStatus::Error(if output.is_empty() {
                what
            } else {
                format!("{what}: {output}")
            })
        }
    }
}

/// The end of `output` (5 lines, at most 1,000 characters) with every password of `env`
/// replaced by `***`.
pub fn scrub(output: &str, env: &Environment) -> String {
    let mut text = output.trim().to_owned();
    for e in &env.endpoints {
        for secret in [&e.credentials.ssh_password, &e.credentials.config_password] {
            if !secret.expose().is_empty() {
                text = text.replace(secret.expose(), "***");
            }
        }
    }
    super::configuration::reason_from_output(&text, &crate::config::Secret::from(""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_by_extension_and_their_commands() {
        let files = super::super::DirFiles::new(
            "/nowhere".into(),
            vec![
                "stage1/objectives/objective0.py".into(),
                "stage1/objectives/objective1.sh".into(),
                "stage1/objectives/objective10.py".into(),
                "stage1/solutions/objective0.py".into(),
            ],
        );
        assert_eq!(
            script(&files, 1, "objectives", 1).as_deref(),
            Some("stage1/objectives/objective1.sh")
        );
        assert_eq!(
            script(&files, 1, "objectives", 0).as_deref(),
            Some("stage1/objectives/objective0.py")
        );
        assert_eq!(script(&files, 1, "solutions", 1), None);
        assert_eq!(script(&files, 0, "objectives", 0), None);
        assert!(
            command("stage1/objectives/objective0.py").starts_with("exec python3 -c 'import runpy")
        );
        assert!(
            command("stage1/objectives/objective0.py")
                .ends_with("' '/antidote/stage1/objectives/objective0.py'")
        );
        assert_eq!(
            command("stage1/objectives/objective1.sh"),
            "exec '/antidote/stage1/objectives/objective1.sh'"
        );
        assert_eq!(var_name("router-1"), "ROUTER_1");
    }
}
