//! `AD303 unknown-prereq`: a prerequisite that is not a lesson.

use crate::validate::{Rule, Severity};

/// `AD303 unknown-prereq`.
pub static RULE: Rule = Rule {
    code: "AD303",
    name: "unknown-prereq",
    severity: Severity::Error,
    summary: "A prerequisite that is not a lesson.",
    why: "Prerequisites are lesson slugs the front-end links to; a slug that is no lesson is a dead link.",
    example: "prereqs:\n- linux-basic   # the lesson is linux-basics",
};

/// Reports prerequisites that are not lessons (those left out by the tier are
/// `filtered-reference` instead).
pub(crate) fn check(cx: &super::LessonCx<'_>, out: &mut Vec<crate::validate::Diagnostic>) {
    for (i, p) in cx.lesson.prereqs.iter().enumerate() {
        if p.is_empty() || cx.cx.lessons.contains(p.as_str()) {
            continue;
        }
        let path = ["prereqs".into(), i.into()];
        if let Some(tier) = cx.cx.filtered_lessons.get(p) {
            out.push(
                cx.at(&super::filtered_reference::RULE, &path, format!("prerequisite `{p}` is a {tier} lesson, left out at tier {}", cx.cx.tier))
                    .with_help(format!("raise `{p}` to tier {}, or lower this lesson's tier", cx.lesson.tier)),
            );
            continue;
        }
        let mut d = cx.at(&RULE, &path, format!("prerequisite `{p}` is not a lesson"));
        d = match crate::validate::diagnostic::did_you_mean(p, cx.cx.lessons.iter().copied()) {
            Some(m) => d.with_help(format!("did you mean `{m}`?")),
            None => d.with_help("remove it, or add the lesson"),
        };
        out.push(d);
    }
}
