//! Reading a curriculum directory into [`Loaded`]: every resource file parsed once, with source
//! positions, and every lesson's file list.
//!
//! Loading never stops at a broken file: problems with files (not UTF-8, not YAML, unreadable,
//! symlinks that leave the curriculum, notebooks that are not JSON) become diagnostics and the
//! rest is still read, so that one run reports everything. Only a root that is not a curriculum
//! at all is an [`Err`]. Lessons are read in parallel.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::Value;

use super::yaml::{self, Pos, PosTree, YamlProblemKind};
use super::{Kind, Tier};
use crate::validate::Diagnostic;
use crate::validate::rules;

/// Why a directory could not be loaded as a curriculum at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The root does not exist or cannot be read.
    #[error("cannot read curriculum directory {path}: {source}")]
    Unreadable {
        /// The root given.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The root has no `curriculum.meta.yaml`.
    #[error(
        "{path} is not a curriculum: it has no curriculum.meta.yaml (run `antidotectl curriculum init` to start one, or point at the curriculum's root directory)"
    )]
    NotACurriculum {
        /// The root given.
        path: PathBuf,
    },
}

/// What to load.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Keep only lessons and collections at least as public as this tier (`Local` keeps all).
    pub tier: Tier,
}

/// One resource file, parsed but not yet checked against its schema.
#[derive(Debug, Clone)]
pub struct Document {
    /// Which resource this is.
    pub kind: Kind,
    /// Name of the resource's directory (its expected slug); empty for the curriculum file.
    pub dir: String,
    /// The file, relative to the curriculum root, `/`-separated.
    pub file: String,
    /// The document as JSON.
    pub value: Value,
    /// Where each node of `value` came from.
    pub positions: PosTree,
}

impl Document {
    /// Where the value at `path` starts.
    pub fn value_pos(&self, path: &[yaml::Seg<'_>]) -> Pos {
        self.positions.value_pos(path)
    }

    /// Where the key at `path` starts.
    pub fn key_pos(&self, path: &[yaml::Seg<'_>]) -> Pos {
        self.positions.key_pos(path)
    }
}

/// A lesson's directory: its meta document and what files it holds.
#[derive(Debug, Clone)]
pub struct LessonDir {
    /// `lesson.meta.yaml`.
    pub doc: Document,
    /// Every regular file under the lesson directory, relative to it, `/`-separated.
    pub files: HashSet<String>,
    /// The N of every `stageN` directory present.
    pub stage_dirs: BTreeSet<u32>,
}

/// A curriculum directory as read from disk.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The root directory.
    pub root: PathBuf,
    /// `curriculum.meta.yaml`, unless it could not be parsed.
    pub curriculum: Option<Document>,
    /// `images/*/image.meta.yaml`, sorted by directory.
    pub images: Vec<Document>,
    /// `collections/*/collection.meta.yaml` kept at the tier, sorted by directory.
    pub collections: Vec<Document>,
    /// `lessons/*` kept at the tier, sorted by directory.
    pub lessons: Vec<LessonDir>,
    /// Slugs of collections left out by the tier.
    pub filtered_collections: HashSet<String>,
    /// Slugs of lessons left out by the tier, with their tier.
    pub filtered_lessons: std::collections::HashMap<String, Tier>,
    /// Resources whose file could not be read or parsed, by kind and directory name. They
    /// still exist for references, so that one broken file does not cascade into findings
    /// elsewhere.
    pub unparsed: Vec<(Kind, String)>,
    /// Problems found while reading.
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads the curriculum at `root`.
pub fn load(root: &Path, options: &LoadOptions) -> Result<Loaded, LoadError> {
    let canonical = fs::canonicalize(root).map_err(|source| LoadError::Unreadable {
        path: root.to_path_buf(),
        source,
    })?;
    let meta_path = root.join(Kind::Curriculum.file_name());
    if !meta_path.is_file() {
        if !root.is_dir() {
            return Err(LoadError::Unreadable {
                path: root.to_path_buf(),
                source: std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a directory"),
            });
        }
        return Err(LoadError::NotACurriculum {
            path: root.to_path_buf(),
        });
    }
    let reader = Reader {
        root,
        canonical: &canonical,
    };
    let mut diagnostics = Vec::new();

    let curriculum = reader.document(Kind::Curriculum, "", &mut diagnostics);

    let (images, mut d, mut unparsed) = reader.resources(Kind::Image);
    diagnostics.append(&mut d);
    let (collections, mut d, mut u) = reader.resources(Kind::Collection);
    diagnostics.append(&mut d);
    unparsed.append(&mut u);
    let (collections, filtered_collections) = partition_by_tier(collections, options.tier);
    let filtered_collections = filtered_collections.into_keys().collect();

    let (lessons, mut d, mut u) = reader.resources(Kind::Lesson);
    diagnostics.append(&mut d);
    unparsed.append(&mut u);
    let (lessons, filtered_lessons) = partition_by_tier(lessons, options.tier);

    Ok(Loaded {
        root: root.to_path_buf(),
        curriculum,
        images: images.into_iter().map(|r| r.doc).collect(),
        collections: collections.into_iter().map(|r| r.doc).collect(),
        lessons: lessons
            .into_iter()
            .map(|r| LessonDir {
                doc: r.doc,
                files: r.files,
                stage_dirs: r.stage_dirs,
            })
            .collect(),
        filtered_collections,
        filtered_lessons,
        unparsed,
        diagnostics,
    })
}

/// A resource directory as read.
struct Read {
    doc: Document,
    files: HashSet<String>,
    stage_dirs: BTreeSet<u32>,
}

/// The tier a document declares, if it is a valid one.
fn declared_tier(doc: &Document) -> Option<Tier> {
    doc.value.get("tier")?.as_str()?.parse().ok()
}

/// Splits resources into those kept at `tier` and the slugs (with tiers) of those left out.
/// A resource whose tier is missing or invalid is kept, so that its error is reported.
fn partition_by_tier(
    all: Vec<Read>,
    tier: Tier,
) -> (Vec<Read>, std::collections::HashMap<String, Tier>) {
    let mut kept = Vec::with_capacity(all.len());
    let mut filtered = std::collections::HashMap::new();
    for r in all {
        match declared_tier(&r.doc) {
            Some(t) if !t.is_kept_at(tier) => {
                let slug = r
                    .doc
                    .value
                    .get("slug")
                    .and_then(Value::as_str)
                    .unwrap_or(&r.doc.dir);
                filtered.insert(slug.to_owned(), t);
            }
            _ => kept.push(r),
        }
    }
    (kept, filtered)
}

struct Reader<'a> {
    root: &'a Path,
    canonical: &'a Path,
}

impl Reader<'_> {
    /// Reads every `<kind dir>/*/<meta file>`.
    fn resources(&self, kind: Kind) -> (Vec<Read>, Vec<Diagnostic>, Vec<(Kind, String)>) {
        let dir_name = kind.dir_name();
        let mut dirs: Vec<String> = match fs::read_dir(self.root.join(dir_name)) {
            Ok(entries) => entries
                .filter_map(Result::ok)
                .filter(|e| match e.file_type() {
                    Ok(t) if t.is_symlink() => e.path().is_dir(),
                    Ok(t) => t.is_dir(),
                    Err(_) => false,
                })
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|name| !name.starts_with('.'))
                .collect(),
            Err(_) => Vec::new(),
        };
        dirs.sort();
        let results: Vec<(Option<Read>, Vec<Diagnostic>)> = dirs
            .par_iter()
            .map(|dir| {
                let mut diagnostics = Vec::new();
                let read = self.resource(kind, dir, &mut diagnostics);
                (read, diagnostics)
            })
            .collect();
        let mut reads = Vec::with_capacity(results.len());
        let mut diagnostics = Vec::new();
        let mut unparsed = Vec::new();
        for (dir, (read, mut d)) in dirs.into_iter().zip(results) {
            match read {
                Some(read) => reads.push(read),
                // A directory with no meta file at all is no resource; one whose file failed is.
                None if !d
                    .iter()
                    .any(|d| d.code == rules::missing_meta_file::RULE.code) =>
                {
                    unparsed.push((kind, dir));
                }
                None => {}
            }
            diagnostics.append(&mut d);
        }
        (reads, diagnostics, unparsed)
    }

    fn resource(&self, kind: Kind, dir: &str, out: &mut Vec<Diagnostic>) -> Option<Read> {
        let rel_dir = format!("{}/{dir}", kind.dir_name());
        let mut files = HashSet::new();
        let mut stage_dirs = BTreeSet::new();
        self.walk(
            &rel_dir,
            "",
            kind == Kind::Lesson,
            &mut files,
            &mut stage_dirs,
            out,
            0,
        );
        let file = format!("{rel_dir}/{}", kind.file_name());
        if !files.contains(kind.file_name()) {
            // A meta file that is there but was reported (e.g. an escaping symlink) says no more.
            if out.iter().any(|d| d.file == file) {
                return None;
            }
            // Not there at all: the directory is not a resource. There but not a regular file
            // (a directory, say): reading it below reports why it cannot be read.
            if fs::symlink_metadata(self.root.join(&file)).is_err() {
                out.push(
                    rules::missing_meta_file::RULE
                        .diagnostic(
                            &rel_dir,
                            Pos::START,
                            format!(
                                "directory {rel_dir}/ has no {}; it is not read as {}",
                                kind.file_name(),
                                kind.article()
                            ),
                        )
                        .with_help(format!(
                            "add {file}, or move the directory out of {}/",
                            kind.dir_name()
                        )),
                );
                return None;
            }
        }
        let doc = self.document(kind, dir, out)?;
        Some(Read {
            doc,
            files,
            stage_dirs,
        })
    }

    /// Reads and parses one resource file.
    fn document(&self, kind: Kind, dir: &str, out: &mut Vec<Diagnostic>) -> Option<Document> {
        let file = if dir.is_empty() {
            kind.file_name().to_owned()
        } else {
            format!("{}/{dir}/{}", kind.dir_name(), kind.file_name())
        };
        let text = self.read_text(&file, out)?;
        match yaml::parse(&text) {
            Ok((doc, problems)) => {
                for p in problems {
                    debug_assert_eq!(p.kind, YamlProblemKind::DuplicateKey);
                    out.push(
                        rules::duplicate_key::RULE
                            .diagnostic(&file, p.pos, p.message)
                            .with_help("remove one of the two entries"),
                    );
                }
                Some(Document {
                    kind,
                    dir: dir.to_owned(),
                    file,
                    value: doc.value,
                    positions: doc.positions,
                })
            }
            Err(p) => {
                out.push(rules::yaml_syntax::RULE.diagnostic(&file, p.pos, p.message));
                None
            }
        }
    }

    /// Reads a file as UTF-8 text, reporting why not.
    fn read_text(&self, file: &str, out: &mut Vec<Diagnostic>) -> Option<String> {
        let bytes = match fs::read(self.root.join(file)) {
            Ok(b) => b,
            Err(e) => {
                out.push(rules::unreadable_file::RULE.diagnostic(
                    file,
                    Pos::START,
                    format!("cannot read {file}: {e}"),
                ));
                return None;
            }
        };
        match String::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(e) => {
                let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let valid = std::str::from_utf8(valid).unwrap_or_default();
                let line = valid.matches('\n').count() + 1;
                let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                let pos = Pos {
                    line: u32::try_from(line).unwrap_or(u32::MAX),
                    column: u32::try_from(column).unwrap_or(u32::MAX),
                };
                out.push(
                    rules::not_utf8::RULE
                        .diagnostic(file, pos, format!("{file} is not valid UTF-8 (invalid byte at line {line}, column {column})"))
                        .with_help("save the file as UTF-8"),
                );
                None
            }
        }
    }

    /// Lists files under `rel_dir/sub`, checking symlinks, guides and notebooks on the way.
    #[allow(clippy::too_many_arguments)]
    fn walk(
        &self,
        rel_dir: &str,
        sub: &str,
        is_lesson: bool,
        files: &mut HashSet<String>,
        stage_dirs: &mut BTreeSet<u32>,
        out: &mut Vec<Diagnostic>,
        depth: usize,
    ) {
        let dir = if sub.is_empty() {
            self.root.join(rel_dir)
        } else {
            self.root.join(rel_dir).join(sub)
        };
        let Ok(entries) = fs::read_dir(&dir) else {
            let shown = join(rel_dir, sub);
            out.push(rules::unreadable_file::RULE.diagnostic(
                &shown,
                Pos::START,
                format!("cannot read directory {shown}/"),
            ));
            return;
        };
        for entry in entries.filter_map(Result::ok) {
            let Ok(name) = entry.file_name().into_string() else {
                continue;
            };
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            let rel = join(sub, &name);
            let mut is_dir = file_type.is_dir();
            if file_type.is_symlink() {
                let shown = join(rel_dir, &rel);
                match fs::canonicalize(entry.path()) {
                    Ok(target) if target.starts_with(self.canonical) => is_dir = target.is_dir(),
                    Ok(target) => {
                        out.push(
                            rules::symlink_escapes::RULE
                                .diagnostic(
                                    &shown,
                                    Pos::START,
                                    format!(
                                        "symlink {shown} points outside the curriculum, to {}",
                                        target.display()
                                    ),
                                )
                                .with_help(
                                    "copy the file into the curriculum instead of linking to it",
                                ),
                        );
                        continue;
                    }
                    Err(_) => {
                        out.push(
                            rules::broken_symlink::RULE
                                .diagnostic(
                                    &shown,
                                    Pos::START,
                                    format!("symlink {shown} points to nothing"),
                                )
                                .with_help(
                                    "remove the symlink or create its target inside the curriculum",
                                ),
                        );
                        continue;
                    }
                }
            }
            if is_dir {
                if is_lesson
                    && sub.is_empty()
                    && let Some(n) = name
                        .strip_prefix("stage")
                        .and_then(|n| n.parse::<u32>().ok())
                {
                    stage_dirs.insert(n);
                }
                if depth < 16 {
                    self.walk(rel_dir, &rel, is_lesson, files, stage_dirs, out, depth + 1);
                }
                continue;
            }
            if is_lesson && (name.ends_with(".md") || name.ends_with(".ipynb")) {
                let shown = join(rel_dir, &rel);
                if let Some(text) = self.read_text(&shown, out)
                    && name.ends_with(".ipynb")
                    && let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(&text)
                {
                    let pos = Pos {
                        line: u32::try_from(e.line()).unwrap_or(u32::MAX).max(1),
                        column: u32::try_from(e.column()).unwrap_or(u32::MAX).max(1),
                    };
                    out.push(
                        rules::invalid_notebook::RULE
                            .diagnostic(&shown, pos, format!("notebook {shown} is not valid JSON: {e}"))
                            .with_help("save the notebook from Jupyter again, or fix the JSON at this position"),
                    );
                }
            }
            files.insert(rel);
        }
    }
}

fn join(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_owned()
    } else {
        format!("{a}/{b}")
    }
}
