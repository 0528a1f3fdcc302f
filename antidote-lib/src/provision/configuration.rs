//! What configuring an endpoint for a stage runs, the same on every backend (the original's
//! commands, so curricula written for it keep working): the file it uses and the shell line
//! that runs it in the configuration image, with the lesson's files at `/antidote` and the
//! target in `ANTIDOTE_TARGET_HOST`, `ANTIDOTE_TARGET_USERNAME` and `ANTIDOTE_TARGET_PASSWORD`.
//!
//! Credentials are never part of the command: a backend hands them to the process through a
//! channel that no inspection shows (a Secret on Kubernetes, a file read by the shell on
//! Docker), and the line refers to the variables.
//!
//! | type | file | command |
//! |---|---|---|
//! | `python` | `stageN/configs/<endpoint>.py` | `python FILE` |
//! | `ansible` | `stageN/configs/<endpoint>.yml` | `ansible-playbook -i "$ANTIDOTE_TARGET_HOST," FILE` |
//! | `napalm` | `stageN/configs/<endpoint>-<driver>.txt` | `/configure.py USER PASSWORD DRIVER 22 HOST FILE` (a merge) |

use super::{EndpointSpec, LessonFiles, ProvisionError};
use crate::config::Secret;
use crate::curriculum::{ConfigurationType, NAPALM_DRIVERS};

/// Where a lesson's files are inside every container a backend runs.
pub const LESSON_DIR: &str = "/antidote";

/// One endpoint's configuration for one stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The endpoint configured.
    pub endpoint: String,
    /// The file used, relative to the lesson (`stage1/configs/vqfx1-junos.txt`).
    pub file: String,
    /// The shell line that runs it (refers to the target's variables, holds no credential).
    pub command: String,
}

/// The configuration of `endpoint` at `stage`, from the lesson's files; `None` when the
/// endpoint has no configuration type or the stage has no file for it (nothing to do).
pub fn step(endpoint: &EndpointSpec, stage: u32, files: &dyn LessonFiles) -> Option<Step> {
    let kind = endpoint.configuration_type?;
    let dir = format!("stage{stage}/configs/");
    let name = &endpoint.name;
    let paths = files.paths();
    let in_dir = paths.iter().filter_map(|p| p.strip_prefix(&dir));
    let (file, command) = match kind {
        ConfigurationType::Python => {
            let file = in_dir.into_iter().find(|f| *f == format!("{name}.py"))?;
            (
                file.to_owned(),
                format!("exec python {}", quoted(&dir, file)),
            )
        }
        ConfigurationType::Ansible => {
            let file = in_dir.into_iter().find(|f| *f == format!("{name}.yml"))?;
            (
                file.to_owned(),
                format!(
                    "exec ansible-playbook -i \"$ANTIDOTE_TARGET_HOST,\" {}",
                    quoted(&dir, file)
                ),
            )
        }
        ConfigurationType::Napalm => {
            // `<endpoint>-<driver>.txt`, the endpoint matched whole (it may hold dashes itself),
            // the driver one of NAPALM's.
            let (file, driver) = in_dir.into_iter().find_map(|f| {
                let driver = f
                    .strip_prefix(name.as_str())?
                    .strip_prefix('-')?
                    .strip_suffix(".txt")?;
                NAPALM_DRIVERS.contains(&driver).then_some((f, driver))
            })?;
            (
                file.to_owned(),
                format!(
                    "exec /configure.py \"$ANTIDOTE_TARGET_USERNAME\" \"$ANTIDOTE_TARGET_PASSWORD\" {driver} 22 \"$ANTIDOTE_TARGET_HOST\" {}",
                    quoted(&dir, file)
                ),
            )
        }
    };
    Some(Step {
        endpoint: name.clone(),
        file: format!("{dir}{file}"),
        command,
    })
}

fn quoted(dir: &str, file: &str) -> String {
    shell_quote(&format!("{LESSON_DIR}/{dir}{file}"))
}

/// `value` as one word of a POSIX shell line, taken literally (single quotes).
pub fn shell_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

/// The variables a configuration reads, as a shell file (`KEY='value'` lines, quoted so that
/// any password is taken literally), to be sourced before the command runs.
pub fn environment_file(host: &str, user: &str, password: &Secret) -> Vec<u8> {
    let q = shell_quote;
    format!(
        "ANTIDOTE_TARGET_HOST={}\nANTIDOTE_TARGET_USERNAME={}\nANTIDOTE_TARGET_PASSWORD={}\nANSIBLE_HOST_KEY_CHECKING=False\n",
        q(host),
        q(user),
        q(password.expose())
    )
    .into_bytes()
}

/// The last lines of a configuration's output, as a reason (at most 1,000 characters), with
/// every occurrence of `secret` replaced.
pub fn reason_from_output(output: &str, secret: &Secret) -> String {
    let mut text = output.trim().to_owned();
    if !secret.expose().is_empty() {
        text = text.replace(secret.expose(), "***");
    }
    let lines: Vec<&str> = text.lines().collect();
    let tail = lines[lines.len().saturating_sub(5)..].join(" / ");
    let chars: Vec<char> = tail.chars().collect();
    if chars.len() > 1000 {
        chars[chars.len() - 1000..].iter().collect()
    } else {
        tail
    }
}

/// A configuration that did not succeed, as a learner-readable error.
pub fn failed(step: &Step, what: &str) -> ProvisionError {
    ProvisionError::permanent(format!(
        "the configuration of `{}` ({}) {what}",
        step.endpoint, step.file
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provision::{Credentials, DirFiles, ImageSpec};

    fn endpoint(name: &str, kind: ConfigurationType) -> EndpointSpec {
        EndpointSpec {
            name: name.into(),
            image: ImageSpec {
                slug: "img".into(),
                flavor: crate::curriculum::ImageFlavor::Untrusted,
                enable_forwarding: false,
                network_interfaces: vec![],
            },
            configuration_type: Some(kind),
            presentations: vec![],
            ports: vec![],
            credentials: Credentials {
                ssh_user: "u".into(),
                ssh_password: "p".into(),
                config_user: "u".into(),
                config_password: "p".into(),
            },
        }
    }

    fn files(paths: &[&str]) -> DirFiles {
        DirFiles::new(
            "/nowhere".into(),
            paths.iter().map(|p| (*p).to_owned()).collect(),
        )
    }

    #[test]
    fn napalm_takes_the_driver_after_the_whole_endpoint_name() {
        let f = files(&[
            "stage1/configs/xbranch-1-junos.txt",
            "stage1/configs/branch-1-eos.txt",
            "stage1/configs/branch-1.txt",
        ]);
        let s = step(&endpoint("branch-1", ConfigurationType::Napalm), 1, &f).unwrap();
        assert_eq!(s.file, "stage1/configs/branch-1-eos.txt");
        assert!(s.command.contains(" eos 22 "), "{}", s.command);
        assert!(
            s.command
                .ends_with("'/antidote/stage1/configs/branch-1-eos.txt'")
        );
        // Not a driver NAPALM has: nothing to run.
        let f = files(&["stage1/configs/branch-1-1.txt"]);
        assert_eq!(
            step(&endpoint("branch-1", ConfigurationType::Napalm), 1, &f),
            None
        );
    }

    #[test]
    fn python_and_ansible_use_the_endpoint_file_of_the_stage() {
        let f = files(&["stage0/configs/r1.py", "stage2/configs/r1.yml"]);
        let py = step(&endpoint("r1", ConfigurationType::Python), 0, &f).unwrap();
        assert_eq!(py.command, "exec python '/antidote/stage0/configs/r1.py'");
        assert_eq!(
            step(&endpoint("r1", ConfigurationType::Python), 2, &f),
            None
        );
        let yml = step(&endpoint("r1", ConfigurationType::Ansible), 2, &f).unwrap();
        assert!(
            yml.command
                .starts_with("exec ansible-playbook -i \"$ANTIDOTE_TARGET_HOST,\"")
        );
    }

    #[test]
    fn credentials_are_quoted_and_scrubbed_from_reasons() {
        let pw = Secret::from("it's$(secret)");
        let file = String::from_utf8(environment_file("r1", "admin", &pw)).unwrap();
        assert!(
            file.contains(r"ANTIDOTE_TARGET_PASSWORD='it'\''s$(secret)'"),
            "{file}"
        );
        let reason = reason_from_output("a\nb\nlogin failed for it's$(secret)\n", &pw);
        assert_eq!(reason, "a / b / login failed for ***");
    }
}
