//! `AD302 unknown-collection`: a lesson names a collection that does not exist.

use crate::validate::{Rule, Severity};

/// `AD302 unknown-collection`.
pub static RULE: Rule = Rule {
    code: "AD302",
    name: "unknown-collection",
    severity: Severity::Error,
    summary: "A lesson names a collection that does not exist.",
    why: "A lesson's `collection` is the slug of `collections/<slug>/collection.meta.yaml`; a name that matches none leaves the lesson out of every collection page.",
    example: "collection: juniper   # the collection's slug is juniper-networks",
};

/// Reports a lesson whose collection does not exist (a collection left out by the tier is
/// `filtered-reference` instead).
pub(crate) fn check(cx: &super::LessonCx<'_>, out: &mut Vec<crate::validate::Diagnostic>) {
    let c = cx.lesson.collection.as_str();
    if c.is_empty() || cx.cx.collections.contains(c) {
        return;
    }
    let path = ["collection".into()];
    if cx.cx.filtered_collections.contains(c) {
        out.push(
            cx.at(&super::filtered_reference::RULE, &path, format!("collection `{c}` is left out at tier {}", cx.cx.tier))
                .with_help("raise the collection's tier, or lower this lesson's"),
        );
        return;
    }
    let mut d = cx.at(&RULE, &path, format!("collection `{c}` does not exist"));
    d = match crate::validate::diagnostic::did_you_mean(c, cx.cx.collections.iter().copied()) {
        Some(m) => d.with_help(format!("did you mean `{m}`?")),
        None => d.with_help(format!("add collections/{c}/collection.meta.yaml, or remove `collection`")),
    };
    out.push(d);
}
