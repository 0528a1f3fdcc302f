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

/// Reports every resource whose slug another resource of the same kind has. Of two, the one
/// whose directory is named after the slug owns it; the other is reported.
pub(crate) fn check<'a>(resources: impl IntoIterator<Item = (&'a crate::curriculum::Document, &'a str)>, out: &mut Vec<crate::validate::Diagnostic>) {
    let mut by_slug: std::collections::BTreeMap<&str, Vec<&crate::curriculum::Document>> = std::collections::BTreeMap::new();
    for (doc, slug) in resources {
        if !slug.is_empty() {
            by_slug.entry(slug).or_default().push(doc);
        }
    }
    for (slug, docs) in by_slug.into_iter().filter(|(_, d)| d.len() > 1) {
        let owner = docs.iter().position(|d| d.dir == slug).unwrap_or(0);
        for (_, doc) in docs.iter().enumerate().filter(|(i, _)| *i != owner) {
            out.push(
                RULE.diagnostic(&doc.file, doc.value_pos(&["slug".into()]), format!("{} slug `{slug}` is already used by {}", doc.kind.as_str(), docs[owner].file))
                    .with_help(format!("set `slug: {}` to match this directory", doc.dir)),
            );
        }
    }
}
