//! `AD210 overlapping-subnets`: two connection subnets of a lesson overlap.

use crate::validate::{Rule, Severity};

/// `AD210 overlapping-subnets`.
pub static RULE: Rule = Rule {
    code: "AD210",
    name: "overlapping-subnets",
    severity: Severity::Error,
    summary: "Two connection subnets of a lesson overlap.",
    why: "Each link of a lesson is its own network. Overlapping subnets make addresses ambiguous, so routing between the endpoints breaks in ways that are hard to see.",
    example: "connections:\n- {a: r1, b: r2, subnet: 10.0.0.0/16}\n- {a: r2, b: r3, subnet: 10.0.1.0/24}",
};

/// Reports each connection whose subnet overlaps an earlier connection's.
pub(crate) fn check(cx: &super::LessonCx<'_>, out: &mut Vec<crate::validate::Diagnostic>) {
    let nets: Vec<_> = cx
        .lesson
        .connections
        .iter()
        .enumerate()
        .filter_map(|(i, c)| super::invalid_subnet::parse(&c.subnet).ok().map(|n| (i, n)))
        .collect();
    for (k, (i, net)) in nets.iter().enumerate() {
        if let Some((j, _)) = nets[..k].iter().find(|(_, other)| net.overlaps(*other)) {
            let (a, b) = (&cx.lesson.connections[*i], &cx.lesson.connections[*j]);
            out.push(
                cx.at(&RULE, &["connections".into(), (*i).into(), "subnet".into()], format!("subnet {} of connection {} <-> {} overlaps subnet {} of connection {} <-> {}", a.subnet, a.a, a.b, b.subnet, b.a, b.b))
                    .with_help("give each connection its own, disjoint subnet"),
            );
        }
    }
}
