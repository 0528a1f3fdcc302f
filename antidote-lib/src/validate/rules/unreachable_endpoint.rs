//! `AD203 unreachable-endpoint`: an endpoint with neither presentations nor additionalPorts.

use crate::validate::{Rule, Severity};

/// `AD203 unreachable-endpoint`.
pub static RULE: Rule = Rule {
    code: "AD203",
    name: "unreachable-endpoint",
    severity: Severity::Error,
    summary: "An endpoint with neither presentations nor additionalPorts.",
    why: "An endpoint opens the ports of its presentations and its `additionalPorts`. With neither, nothing can reach it: not the learner, not configuration, not the health check that decides when the lesson is ready.",
    example: "endpoints:\n- name: linux1\n  image: utility",
};

/// Reports endpoints that open no port at all.
pub(crate) fn check(cx: &super::LessonCx<'_>, out: &mut Vec<crate::validate::Diagnostic>) {
    for (i, ep) in cx.lesson.endpoints.iter().enumerate() {
        if ep.presentations.is_empty() && ep.additional_ports.is_empty() {
            out.push(
                cx.at(&RULE, &["endpoints".into(), i.into()], format!("endpoint `{}` has neither presentations nor additionalPorts", ep.name))
                    .with_help("add a presentation (e.g. `{name: cli, port: 22, type: ssh}`) or the ports it serves in `additionalPorts`"),
            );
        }
    }
}
