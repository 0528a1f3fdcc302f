//! `AD205 missing-config-file`: a configured endpoint has no configuration file for a stage.

use crate::validate::{Rule, Severity};

/// `AD205 missing-config-file`.
pub static RULE: Rule = Rule {
    code: "AD205",
    name: "missing-config-file",
    severity: Severity::Error,
    summary: "A configured endpoint has no configuration file for a stage.",
    why: "An endpoint with a `configurationType` is configured at every stage from `stageN/configs/`: NAPALM pushes `<endpoint>-<driver>.txt` (driver one of junos, eos, iosxr, nxos, nxos_ssh, ios), Python runs `<endpoint>.py`, Ansible runs `<endpoint>.yml`. Without the file, the stage fails to start.",
    example: "endpoints:\n- name: vqfx1\n  image: vqfx\n  configurationType: napalm\n  presentations: [{name: cli, port: 22, type: ssh}]\n# but stage0/configs/vqfx1-junos.txt does not exist",
};

use crate::curriculum::{ConfigurationType, NAPALM_DRIVERS};

/// Reports, per stage, configured endpoints without their configuration file.
pub(crate) fn check(cx: &super::LessonCx<'_>, out: &mut Vec<crate::validate::Diagnostic>) {
    for (i, ep) in cx.lesson.endpoints.iter().enumerate() {
        let Some(kind) = ep.configuration_type else { continue };
        if ep.name.is_empty() {
            continue;
        }
        for n in 0..cx.lesson.stages.len() {
            let dir = format!("stage{n}/configs");
            let found = match kind {
                ConfigurationType::Napalm => NAPALM_DRIVERS.iter().any(|d| cx.has_file(&format!("{dir}/{}-{d}.txt", ep.name))),
                ConfigurationType::Python => cx.has_file(&format!("{dir}/{}.py", ep.name)),
                ConfigurationType::Ansible => cx.has_file(&format!("{dir}/{}.yml", ep.name)),
            };
            if found {
                continue;
            }
            let expected = match kind {
                ConfigurationType::Napalm => format!("{dir}/{}-<driver>.txt", ep.name),
                ConfigurationType::Python => format!("{dir}/{}.py", ep.name),
                ConfigurationType::Ansible => format!("{dir}/{}.yml", ep.name),
            };
            let mut help = format!("create {expected}");
            if kind == ConfigurationType::Napalm {
                help.push_str(&format!(" with <driver> one of {}", NAPALM_DRIVERS.join(", ")));
                let prefix = format!("{dir}/{}-", ep.name);
                if let Some(other) = cx.dir.files.iter().filter(|f| f.starts_with(&prefix) && f.ends_with(".txt")).min() {
                    help.push_str(&format!(" ({other} names no NAPALM driver)"));
                }
            }
            out.push(
                cx.at(&RULE, &["endpoints".into(), i.into(), "configurationType".into()], format!("endpoint `{}` ({} configuration) has no configuration file for stage {n}: expected {expected}", ep.name, kind.as_str()))
                    .with_help(help),
            );
        }
    }
}
