//! `AD202 duplicate-presentation`: two presentations of one endpoint have the same name.

use crate::validate::{Rule, Severity};

/// `AD202 duplicate-presentation`.
pub static RULE: Rule = Rule {
    code: "AD202",
    name: "duplicate-presentation",
    severity: Severity::Error,
    summary: "Two presentations of one endpoint have the same name.",
    why: "The front-end opens a tab per presentation, identified by endpoint and presentation name; a duplicate hides one of them.",
    example: "presentations:\n- {name: cli, port: 22, type: ssh}\n- {name: cli, port: 8080, type: http}",
};

/// Reports every presentation whose name an earlier one of the same endpoint already has.
pub(crate) fn check(cx: &super::LessonCx<'_>, out: &mut Vec<crate::validate::Diagnostic>) {
    for (i, ep) in cx.lesson.endpoints.iter().enumerate() {
        let mut seen = std::collections::HashSet::new();
        for (j, p) in ep.presentations.iter().enumerate() {
            if !p.name.is_empty() && !seen.insert(p.name.as_str()) {
                out.push(
                    cx.at(&RULE, &["endpoints".into(), i.into(), "presentations".into(), j.into(), "name".into()], format!("endpoint `{}` has two presentations named `{}`", ep.name, p.name))
                        .with_help("give each presentation of an endpoint its own name"),
                );
            }
        }
    }
}
