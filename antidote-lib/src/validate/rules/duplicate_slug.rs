//! `AD212 duplicate-slug`: two resources of one kind have the same slug.

use crate::validate::{Rule, Severity};

/// `AD212 duplicate-slug`.
pub static RULE: Rule = Rule {
    code: "AD212",
    name: "duplicate-slug",
    severity: Severity::Error,
    summary: "Two resources of one kind have the same slug.",
    why: "Slugs identify lessons, images and collections in URLs, references and the database; two resources with one slug cannot both be served.",
    example: "# lessons/a/lesson.meta.yaml and lessons/b/lesson.meta.yaml both say\nslug: a",
};

/// Reports every resource whose slug an earlier resource of the same kind already has.
pub(crate) fn check<'a>(resources: impl IntoIterator<Item = (&'a crate::curriculum::Document, &'a str)>, out: &mut Vec<crate::validate::Diagnostic>) {
    let mut seen: std::collections::HashMap<&str, &crate::curriculum::Document> = std::collections::HashMap::new();
    for (doc, slug) in resources {
        if slug.is_empty() {
            continue;
        }
        if let Some(first) = seen.get(slug) {
            out.push(
                RULE.diagnostic(&doc.file, doc.value_pos(&["slug".into()]), format!("{} slug `{slug}` is already used by {}", doc.kind.as_str(), first.file))
                    .with_help(format!("set `slug: {}` to match this directory", doc.dir)),
            );
        } else {
            seen.insert(slug, doc);
        }
    }
}
