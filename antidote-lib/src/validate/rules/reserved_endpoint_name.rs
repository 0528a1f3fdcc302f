//! `AD217 reserved-endpoint-name`: an endpoint has a name the platform gives its own pods.

use crate::validate::{Rule, Severity};

/// Names the platform runs pods under in every livelesson (the jupyter guide, the objective
/// checker), so that no endpoint may have them.
pub const RESERVED: [&str; 2] = ["jupyterlabguide", "antidote-checker"];

/// `AD217 reserved-endpoint-name`.
pub static RULE: Rule = Rule {
    code: "AD217",
    name: "reserved-endpoint-name",
    severity: Severity::Error,
    summary: "An endpoint is named jupyterlabguide or antidote-checker.",
    why: "On Kubernetes every livelesson may run a pod and service named `jupyterlabguide` (the jupyter guide of notebook stages) and a pod named `antidote-checker` (where objective checks run); an endpoint of the same name would take its place.",
    example: "endpoints:\n- name: jupyterlabguide\n  image: utility\n  presentations: [{name: cli, port: 22, type: ssh}]",
};

/// Reports every endpoint with a reserved name.
pub(crate) fn check(cx: &super::LessonCx<'_>, out: &mut Vec<crate::validate::Diagnostic>) {
    for (i, ep) in cx.lesson.endpoints.iter().enumerate() {
        if RESERVED.contains(&ep.name.as_str()) {
            out.push(
                cx.at(&RULE, &["endpoints".into(), i.into(), "name".into()], format!("`{}` is the name of a pod the platform runs in every livelesson", ep.name))
                    .with_help("rename the endpoint (and its configuration files and connections)"),
            );
        }
    }
}
