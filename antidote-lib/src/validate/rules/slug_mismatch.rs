//! `AD211 slug-mismatch`: a resource's slug differs from its directory name.

use crate::validate::{Rule, Severity};

/// `AD211 slug-mismatch`.
pub static RULE: Rule = Rule {
    code: "AD211",
    name: "slug-mismatch",
    severity: Severity::Error,
    summary: "A resource's slug differs from its directory name.",
    why: "Antidote finds a lesson's files, an image or a collection by its directory. A slug that differs from the directory name points the platform at files that are not there.",
    example: "# lessons/linux-basics/lesson.meta.yaml\nslug: linux-basic",
};

/// Reports a resource whose slug is not its directory name.
pub(crate) fn check(doc: &crate::curriculum::Document, slug: &str, out: &mut Vec<crate::validate::Diagnostic>) {
    if !slug.is_empty() && slug != doc.dir {
        out.push(
            RULE.diagnostic(&doc.file, doc.value_pos(&["slug".into()]), format!("slug `{slug}` differs from its directory name `{}`", doc.dir))
                .with_help(format!("set `slug: {}`, or rename the directory to `{slug}`", doc.dir)),
        );
    }
}
