//! Validation: a loaded curriculum in, a [`Report`] of diagnostics out.
//!
//! Findings are data, never `Err`: a curriculum full of mistakes validates fine and yields a
//! report that lists them all. Each resource is checked against its JSON Schema
//! ([`crate::schema`]), read into its typed model, and then the rules in code
//! ([`rules`]) run: per lesson (in parallel) and across the curriculum (slugs, prereq cycles).
//! The result also carries the typed [`Curriculum`], which import stores.

pub mod diagnostic;
pub mod rules;
mod schema_check;

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

pub use diagnostic::{Diagnostic, Rule, Severity};

use crate::curriculum::{
    Collection, Curriculum, CurriculumMeta, Document, Image, Kind, Lesson, LessonDir, LoadError,
    LoadOptions, Loaded, Tier, load,
};

/// What to validate.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Keep only lessons and collections at least as public as this tier (`Local` keeps all).
    pub tier: Tier,
    /// Report objectives without a solution (`AD216`), for CI that proves every lesson with
    /// `antidotectl lesson test`.
    pub require_solutions: bool,
    /// The size limits of files and lessons (`AD011`-`AD015`).
    pub limits: crate::config::Limits,
}

/// Counts of what was checked and found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Resource files checked (curriculum, images, collections and lessons).
    pub resources: usize,
    /// Lessons checked.
    pub lessons: usize,
    /// Collections checked.
    pub collections: usize,
    /// Images checked.
    pub images: usize,
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
}

/// Every finding, sorted by file, line, column and code, with the counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// The findings.
    pub diagnostics: Vec<Diagnostic>,
    /// The counts.
    pub summary: Summary,
}

impl Report {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.summary.errors > 0
    }
}

/// A validated curriculum: the report, and the typed resources that could be read.
#[derive(Debug, Clone)]
pub struct Validated {
    /// What validation found.
    pub report: Report,
    /// The resources as read (those with errors included, as far as they could be read).
    pub curriculum: Curriculum,
}

/// Loads and validates the curriculum at `root`. `Err` only when `root` is not a curriculum.
pub fn validate_dir(root: &Path, options: &Options) -> Result<Validated, LoadError> {
    let loaded = load(
        root,
        &LoadOptions {
            tier: options.tier,
            limits: options.limits,
        },
    )?;
    Ok(validate(&loaded, options))
}

/// Validates a loaded curriculum.
pub fn validate(loaded: &Loaded, options: &Options) -> Validated {
    let mut out: Vec<Diagnostic> = loaded.problems.iter().map(rules::of_problem).collect();

    let meta = loaded
        .curriculum
        .as_ref()
        .and_then(|doc| schema_check::check::<CurriculumMeta>(doc, &mut out));
    let images = typed::<Image>(loaded.images.iter().collect(), &mut out);
    let collections = typed::<Collection>(loaded.collections.iter().collect(), &mut out);
    let lessons_typed = typed::<Lesson>(loaded.lessons.iter().map(|l| &l.doc).collect(), &mut out);

    for (_, doc, image) in &images {
        rules::slug_mismatch::check(doc, &image.slug, &mut out);
        rules::reserved_interface::check(doc, image, &mut out);
    }
    for (_, doc, collection) in &collections {
        rules::slug_mismatch::check(doc, &collection.slug, &mut out);
    }
    rules::duplicate_slug::check(
        images.iter().map(|(_, d, i)| (*d, i.slug.as_str())),
        &mut out,
    );
    rules::duplicate_slug::check(
        collections.iter().map(|(_, d, c)| (*d, c.slug.as_str())),
        &mut out,
    );
    rules::duplicate_slug::check(
        lessons_typed.iter().map(|(_, d, l)| (*d, l.slug.as_str())),
        &mut out,
    );

    let lessons: Vec<(&LessonDir, &Lesson)> = lessons_typed
        .iter()
        .map(|(i, _, lesson)| (&loaded.lessons[*i], lesson))
        .collect();
    // Every resource is also known by its directory name: one that could not be read or
    // parsed still exists for references, and a bad slug is reported once (slug-mismatch,
    // pattern-mismatch), not again at every reference to it.
    let known_images = known(
        loaded,
        Kind::Image,
        images.iter().map(|(_, _, i)| i.slug.as_str()).collect(),
        loaded.images.iter().map(|d| d.dir.as_str()).collect(),
    );
    let known_collections = known(
        loaded,
        Kind::Collection,
        collections
            .iter()
            .map(|(_, _, c)| c.slug.as_str())
            .collect(),
        loaded.collections.iter().map(|d| d.dir.as_str()).collect(),
    );
    let known_lessons = known(
        loaded,
        Kind::Lesson,
        lessons.iter().map(|(_, l)| l.slug.as_str()).collect(),
        loaded.lessons.iter().map(|l| l.doc.dir.as_str()).collect(),
    );
    let cx = rules::Context {
        tier: options.tier,
        root: &loaded.root,
        require_solutions: options.require_solutions,
        images: known_images,
        collections: known_collections,
        lessons: known_lessons,
        filtered_collections: &loaded.filtered_collections,
        filtered_lessons: &loaded.filtered_lessons,
    };
    let per_lesson: Vec<Vec<Diagnostic>> = lessons
        .par_iter()
        .map(|(dir, lesson)| {
            let mut d = Vec::new();
            rules::check_lesson(
                &rules::LessonCx {
                    dir,
                    lesson,
                    cx: &cx,
                },
                &mut d,
            );
            d
        })
        .collect();
    out.extend(per_lesson.into_iter().flatten());
    rules::prereq_cycle::check(&lessons, &mut out);

    out.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code).cmp(&(&b.file, b.line, b.column, b.code))
    });
    out.dedup();
    let errors = out.iter().filter(|d| d.severity == Severity::Error).count();
    let summary = Summary {
        resources: usize::from(loaded.curriculum.is_some())
            + loaded.images.len()
            + loaded.collections.len()
            + loaded.lessons.len(),
        lessons: loaded.lessons.len(),
        collections: loaded.collections.len(),
        images: loaded.images.len(),
        errors,
        warnings: out.len() - errors,
    };
    let mut curriculum = Curriculum {
        meta: meta.unwrap_or_default(),
        images: images.into_iter().map(|(_, _, i)| i).collect(),
        collections: collections.into_iter().map(|(_, _, c)| c).collect(),
        lessons: lessons_typed.into_iter().map(|(_, _, l)| l).collect(),
    };
    curriculum.images.sort_by(|a, b| a.slug.cmp(&b.slug));
    curriculum.collections.sort_by(|a, b| a.slug.cmp(&b.slug));
    curriculum.lessons.sort_by(|a, b| a.slug.cmp(&b.slug));
    Validated {
        report: Report {
            diagnostics: out,
            summary,
        },
        curriculum,
    }
}

/// The names a resource kind is known by: its slugs, its directory names, and the directories of
/// resources of that kind that could not be parsed.
fn known<'s>(
    loaded: &'s Loaded,
    kind: Kind,
    slugs: Vec<&'s str>,
    dirs: Vec<&'s str>,
) -> HashSet<&'s str> {
    let unparsed = loaded
        .unparsed
        .iter()
        .filter(|(k, _)| *k == kind)
        .map(|(_, dir)| dir.as_str());
    slugs.into_iter().chain(dirs).chain(unparsed).collect()
}

/// Schema-checks and reads every document, in parallel; keeps those that could be read, with
/// their documents.
fn typed<'d, T: serde::de::DeserializeOwned + Send>(
    docs: Vec<&'d Document>,
    out: &mut Vec<Diagnostic>,
) -> Vec<(usize, &'d Document, T)> {
    let results: Vec<(Option<T>, Vec<Diagnostic>)> = docs
        .par_iter()
        .map(|doc| {
            let mut d = Vec::new();
            let t = schema_check::check::<T>(doc, &mut d);
            (t, d)
        })
        .collect();
    let mut kept = Vec::with_capacity(docs.len());
    for (i, (doc, (t, mut d))) in docs.into_iter().zip(results).enumerate() {
        out.append(&mut d);
        if let Some(t) = t {
            kept.push((i, doc, t));
        }
    }
    kept
}
