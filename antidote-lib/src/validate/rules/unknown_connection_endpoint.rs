//! `AD204 unknown-connection-endpoint`: a connection end that is not an endpoint of the lesson.

use crate::validate::{Rule, Severity};

/// `AD204 unknown-connection-endpoint`.
pub static RULE: Rule = Rule {
    code: "AD204",
    name: "unknown-connection-endpoint",
    severity: Severity::Error,
    summary: "A connection end that is not an endpoint of the lesson.",
    why: "Connections are links between two endpoints of the same lesson, named by `a` and `b`; a name that is not an endpoint cannot be wired.",
    example: "endpoints:\n- {name: vqfx1, image: vqfx, presentations: [{name: cli, port: 22, type: ssh}]}\nconnections:\n- a: vqfx1\n  b: vqfx2",
};

/// Reports connection ends that name no endpoint of the lesson.
pub(crate) fn check(cx: &super::LessonCx<'_>, out: &mut Vec<crate::validate::Diagnostic>) {
    let names: Vec<&str> = cx.lesson.endpoints.iter().map(|e| e.name.as_str()).collect();
    for (i, conn) in cx.lesson.connections.iter().enumerate() {
        for (end, name) in [("a", &conn.a), ("b", &conn.b)] {
            if name.is_empty() || names.contains(&name.as_str()) {
                continue;
            }
            let mut d = cx.at(&RULE, &["connections".into(), i.into(), end.into()], format!("connection end `{end}: {name}` is not an endpoint of this lesson"));
            d = match crate::validate::diagnostic::did_you_mean(name, names.iter().copied()) {
                Some(m) => d.with_help(format!("did you mean `{m}`?")),
                None => d.with_help(format!("the lesson's endpoints are: {}", names.join(", "))),
            };
            out.push(d);
        }
    }
}
