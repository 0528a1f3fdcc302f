//! `AD218 endpoint-name-not-dns`: an endpoint's name is not a DNS label, so it is not its host
//! name everywhere.

use crate::validate::{Rule, Severity};

/// `AD218 endpoint-name-not-dns`.
pub static RULE: Rule = Rule {
    code: "AD218",
    name: "endpoint-name-not-dns",
    severity: Severity::Warning,
    summary: "An endpoint's name has upper-case letters, starts with a digit, or is longer than 63 characters.",
    why: "An endpoint is reached by its name: on Kubernetes its pod and service are named after it, and Kubernetes takes only lower-case letters, digits and `-`, starting with a letter, at most 63 characters. Another name is made to fit (lower-cased, with a hash), so configuration files, objectives and guides that name the endpoint would not reach it there.",
    example: "endpoints:\n- name: Router1\n  image: vqfx\n  presentations: [{name: cli, port: 22, type: ssh}]",
};

/// Reports every endpoint whose name is not a DNS-1035 label.
pub(crate) fn check(cx: &super::LessonCx<'_>, out: &mut Vec<crate::validate::Diagnostic>) {
    for (i, ep) in cx.lesson.endpoints.iter().enumerate() {
        let b = ep.name.as_bytes();
        // Empty or with characters the schema refuses: its own findings say so.
        if b.is_empty() || !b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-') {
            continue;
        }
        let label = b.len() <= 63
            && b[0].is_ascii_lowercase()
            && b[b.len() - 1].is_ascii_alphanumeric()
            && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-');
        if !label {
            out.push(
                cx.at(&RULE, &["endpoints".into(), i.into(), "name".into()], format!("endpoint `{}` is not a DNS label: on Kubernetes its host name is another", ep.name))
                    .with_help("use lower-case letters, digits and `-`, starting with a letter and ending with a letter or digit, at most 63 characters"),
            );
        }
    }
}
