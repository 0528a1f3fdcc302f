//! Every validation rule, one per file: its code, name, severity and documentation, and for
//! the rules in code, the check itself.
//!
//! Codes are stable and never reused. `AD0xx` are problems reading files, `AD1xx` come from the
//! JSON Schema, `AD2xx` are rules within one resource, `AD3xx` are references between resources.
//! [`ALL`] lists them in code order; `docs/diagnostics.md` is generated from it.

use std::collections::{HashMap, HashSet};

use super::{Diagnostic, Rule};
use crate::curriculum::{Lesson, LessonDir, Seg, Tier};

macro_rules! rules {
    ($($module:ident),* $(,)?) => {
        $(pub mod $module;)*
        /// Every rule, in code order.
        pub static ALL: &[&Rule] = &[$(&$module::RULE),*];
    };
}

rules!(
    yaml_syntax,
    not_utf8,
    unreadable_file,
    duplicate_key,
    symlink_escapes,
    broken_symlink,
    invalid_notebook,
    missing_meta_file,
    symlink_loop,
    hidden_resource_dir,
    meta_file_too_large,
    guide_too_large,
    notebook_too_large,
    file_too_large,
    lesson_too_large,
    unknown_key,
    wrong_type,
    missing_field,
    empty_value,
    invalid_value,
    pattern_mismatch,
    out_of_range,
    empty_list,
    duplicate_item,
    schema_violation,
    duplicate_endpoint,
    duplicate_presentation,
    unreachable_endpoint,
    unknown_connection_endpoint,
    missing_config_file,
    missing_guide,
    missing_objective_script,
    extra_stage_directory,
    invalid_subnet,
    overlapping_subnets,
    slug_mismatch,
    duplicate_slug,
    reserved_interface,
    unknown_image,
    unknown_collection,
    unknown_prereq,
    prereq_cycle,
    filtered_reference,
    solution_without_objective,
    objective_not_runnable,
    objective_without_solution,
    reserved_endpoint_name,
    endpoint_name_not_dns,
);

/// What lesson rules may know about the rest of the curriculum.
pub(crate) struct Context<'a> {
    /// The tier validated at.
    pub tier: Tier,
    /// The curriculum's root directory.
    pub root: &'a std::path::Path,
    /// Whether every objective needs a solution (`AD216`).
    pub require_solutions: bool,
    /// Slugs of every image.
    pub images: HashSet<&'a str>,
    /// Slugs of every kept collection.
    pub collections: HashSet<&'a str>,
    /// Slugs of every kept lesson.
    pub lessons: HashSet<&'a str>,
    /// Collections left out by the tier.
    pub filtered_collections: &'a HashSet<String>,
    /// Lessons left out by the tier, with their tiers.
    pub filtered_lessons: &'a HashMap<String, Tier>,
}

/// One lesson under check.
pub(crate) struct LessonCx<'a> {
    pub dir: &'a LessonDir,
    pub lesson: &'a Lesson,
    pub cx: &'a Context<'a>,
}

impl LessonCx<'_> {
    /// A finding at the value at `path` in the lesson file.
    pub fn at(
        &self,
        rule: &'static Rule,
        path: &[Seg<'_>],
        message: impl Into<String>,
    ) -> Diagnostic {
        rule.diagnostic(&self.dir.doc.file, self.dir.doc.value_pos(path), message)
    }

    /// A finding at the key at `path` in the lesson file.
    pub fn at_key(
        &self,
        rule: &'static Rule,
        path: &[Seg<'_>],
        message: impl Into<String>,
    ) -> Diagnostic {
        rule.diagnostic(&self.dir.doc.file, self.dir.doc.key_pos(path), message)
    }

    /// Whether the lesson directory has this file (relative to it).
    pub fn has_file(&self, path: &str) -> bool {
        self.dir.files.contains(path)
    }

    /// The script `stageN/<kind>/objectiveM.<ext>` (`kind`: `objectives` or `solutions`), if
    /// there is one (the first in name order).
    pub fn script(&self, stage: usize, kind: &str, m: usize) -> Option<&str> {
        let prefix = format!("stage{stage}/{kind}/objective{m}.");
        self.dir
            .files
            .iter()
            .filter(|f| {
                f.strip_prefix(&prefix)
                    .is_some_and(|ext| !ext.is_empty() && !ext.contains('/'))
            })
            .map(String::as_str)
            .min()
    }

    /// The path on disk of a file of the lesson.
    pub fn disk_path(&self, path: &str) -> std::path::PathBuf {
        let file = std::path::Path::new(&self.dir.doc.file);
        self.cx
            .root
            .join(file.parent().unwrap_or(std::path::Path::new("")))
            .join(path)
    }
}

/// Runs every rule that looks at one lesson.
pub(crate) fn check_lesson(cx: &LessonCx<'_>, out: &mut Vec<Diagnostic>) {
    slug_mismatch::check(&cx.dir.doc, &cx.lesson.slug, out);
    duplicate_endpoint::check(cx, out);
    reserved_endpoint_name::check(cx, out);
    endpoint_name_not_dns::check(cx, out);
    duplicate_presentation::check(cx, out);
    unreachable_endpoint::check(cx, out);
    unknown_connection_endpoint::check(cx, out);
    missing_config_file::check(cx, out);
    missing_guide::check(cx, out);
    missing_objective_script::check(cx, out);
    solution_without_objective::check(cx, out);
    objective_not_runnable::check(cx, out);
    objective_without_solution::check(cx, out);
    extra_stage_directory::check(cx, out);
    invalid_subnet::check(cx, out);
    overlapping_subnets::check(cx, out);
    unknown_image::check(cx, out);
    unknown_collection::check(cx, out);
    unknown_prereq::check(cx, out);
}

/// The diagnostics reference (`docs/diagnostics.md`), generated from the rules' own docs.
pub fn markdown_reference() -> String {
    let mut out = String::from(
        "# Diagnostics\n\n\
         <!-- Generated from antidote-lib/src/validate/rules by `UPDATE_GENERATED=1 cargo test`; do not edit. -->\n\n\
         Every finding of `antidotectl validate` has a stable code and name. Codes are never reused.\n\
         `AD0xx`: reading files; `AD1xx`: the resource's JSON Schema; `AD2xx`: rules within a resource;\n\
         `AD3xx`: references between resources.\n\n\
         | code | name | severity | what |\n|---|---|---|---|\n",
    );
    for r in ALL {
        out.push_str(&format!(
            "| [{0}](#{1}) | `{2}` | {3} | {4} |\n",
            r.code,
            r.code.to_lowercase(),
            r.name,
            r.severity.as_str(),
            r.summary
        ));
    }
    for r in ALL {
        out.push_str(&format!(
            "\n## {}\n\n`{}` ({})\n\n{}\n\n{}\n\nExample:\n\n```yaml\n{}\n```\n",
            r.code,
            r.name,
            r.severity.as_str(),
            r.summary,
            r.why,
            r.example
        ));
    }
    out
}

/// The finding for a problem loading found: each kind of problem is its own rule.
pub fn of_problem(p: &crate::curriculum::Problem) -> Diagnostic {
    use crate::curriculum::ProblemKind as K;
    let rule = match p.kind {
        K::UnreadableFile => &unreadable_file::RULE,
        K::NotUtf8 => &not_utf8::RULE,
        K::MissingMetaFile => &missing_meta_file::RULE,
        K::DuplicateKey => &duplicate_key::RULE,
        K::YamlSyntax => &yaml_syntax::RULE,
        K::SymlinkEscapes => &symlink_escapes::RULE,
        K::SymlinkLoop => &symlink_loop::RULE,
        K::HiddenResourceDir => &hidden_resource_dir::RULE,
        K::BrokenSymlink => &broken_symlink::RULE,
        K::InvalidNotebook => &invalid_notebook::RULE,
        K::MetaFileTooLarge => &meta_file_too_large::RULE,
        K::GuideTooLarge => &guide_too_large::RULE,
        K::NotebookTooLarge => &notebook_too_large::RULE,
        K::FileTooLarge => &file_too_large::RULE,
        K::LessonTooLarge => &lesson_too_large::RULE,
    };
    let d = rule.diagnostic(&p.file, p.pos, p.message.clone());
    match &p.help {
        Some(help) => d.with_help(help.clone()),
        None => d,
    }
}
