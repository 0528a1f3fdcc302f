//! `AD201 duplicate-endpoint`: two endpoints of a lesson have the same name.

use crate::validate::{Rule, Severity};

/// `AD201 duplicate-endpoint`.
pub static RULE: Rule = Rule {
    code: "AD201",
    name: "duplicate-endpoint",
    severity: Severity::Error,
    summary: "Two endpoints of a lesson have the same name.",
    why: "Endpoint names identify pods, services, configuration files and connection ends; two endpoints with one name cannot both exist.",
    example: "endpoints:\n- name: linux1\n  image: utility\n  presentations: [{name: cli, port: 22, type: ssh}]\n- name: linux1\n  image: utility\n  presentations: [{name: cli, port: 22, type: ssh}]",
};

/// Reports every endpoint whose name an earlier endpoint already has.
pub(crate) fn check(cx: &super::LessonCx<'_>, out: &mut Vec<crate::validate::Diagnostic>) {
    let mut seen = std::collections::HashMap::new();
    for (i, ep) in cx.lesson.endpoints.iter().enumerate() {
        if ep.name.is_empty() {
            continue;
        }
        if let Some(first) = seen.insert(ep.name.as_str(), i) {
            seen.insert(ep.name.as_str(), first);
            let line = cx.dir.doc.value_pos(&["endpoints".into(), first.into()]).line;
            out.push(
                cx.at(&RULE, &["endpoints".into(), i.into(), "name".into()], format!("endpoint `{}` is defined twice (first at line {line})", ep.name))
                    .with_help("give each endpoint its own name"),
            );
        }
    }
}
