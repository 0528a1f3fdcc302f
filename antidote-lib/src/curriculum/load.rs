//! Reading a curriculum directory into [`Loaded`]: every resource file parsed once, with source
//! positions, and every lesson's file list.
//!
//! Loading never stops at a broken file: problems with files (not UTF-8, not YAML, unreadable,
//! not regular files, symlinks that leave the curriculum, loop or point nowhere, notebooks that
//! are not JSON) become [`Problem`]s (data of this module's own; `validate` turns each into a
//! diagnostic of its rule) and the rest is still read, so that one run reports
//! everything. Only a root that is not a curriculum at all is an [`Err`]. Lessons are read in
//! parallel. Only regular files are ever read, and only inside the curriculum.
//!
//! Sizes are bounded ([`Limits`]): a meta file, a guide, a notebook, any lesson file and a whole
//! lesson over its limit is a problem naming its size and the limit. A file is never read past
//! its limit: its size is checked on the opened file, and the read stops one byte past the limit
//! (a file may grow while it is read).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::Value;

use super::yaml::{self, Pos, PosTree, YamlProblemKind};
use super::{Kind, Tier};
use crate::config::Limits;

/// What kind of problem reading found. Each is reported by validation as its own rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProblemKind {
    /// A file or directory that cannot be read (or is not a regular file).
    UnreadableFile,
    /// A file or a name that is not UTF-8.
    NotUtf8,
    /// A resource directory without its meta file.
    MissingMetaFile,
    /// A mapping with the same key twice.
    DuplicateKey,
    /// A file that is not YAML.
    YamlSyntax,
    /// A symlink to a place outside the curriculum.
    SymlinkEscapes,
    /// A symlink that loops.
    SymlinkLoop,
    /// A symlink to nothing.
    BrokenSymlink,
    /// A notebook that is not JSON.
    InvalidNotebook,
    /// A resource directory whose name starts with a dot (not read).
    HiddenResourceDir,
    /// A meta file over `limits.meta_file_bytes` (as written, or as JSON with aliases expanded).
    MetaFileTooLarge,
    /// A markdown guide over `limits.guide_bytes`.
    GuideTooLarge,
    /// A notebook over `limits.notebook_bytes`.
    NotebookTooLarge,
    /// A lesson file over `limits.file_bytes`.
    FileTooLarge,
    /// A lesson whose files together are over `limits.lesson_bytes`.
    LessonTooLarge,
}

impl ProblemKind {
    /// A problem of this kind at `file` and `pos`.
    fn at(self, file: &str, pos: Pos, message: impl Into<String>) -> Problem {
        Problem {
            kind: self,
            file: file.to_owned(),
            pos,
            message: message.into(),
            help: None,
        }
    }
}

/// A problem found while reading a file: what, where, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What kind of problem.
    pub kind: ProblemKind,
    /// The file, relative to the root, `/`-separated.
    pub file: String,
    /// Where in the file (1:1 for problems with the file as a whole).
    pub pos: Pos,
    /// What is wrong, naming the file.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

impl Problem {
    fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// Why a directory could not be loaded as a curriculum at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The root does not exist or cannot be read.
    #[error("cannot read curriculum directory {path}: {cause}")]
    Unreadable {
        /// The root given.
        path: PathBuf,
        /// The underlying error.
        cause: std::io::Error,
    },
    /// The root is a file, not a directory.
    #[error(
        "{path} is not a directory: point at the curriculum's root directory, the one that holds curriculum.meta.yaml"
    )]
    NotADirectory {
        /// The root given.
        path: PathBuf,
    },
    /// The root has no `curriculum.meta.yaml`.
    #[error(
        "{path} is not a curriculum: it has no curriculum.meta.yaml (point at the curriculum's root directory, or create curriculum.meta.yaml with at least `name:`)"
    )]
    NotACurriculum {
        /// The root given.
        path: PathBuf,
    },
    /// `curriculum.meta.yaml` is there but is not a regular file.
    #[error("{path} is not a regular file: curriculum.meta.yaml must be a YAML file")]
    MetaNotAFile {
        /// The meta file's path.
        path: PathBuf,
    },
}

/// What to load.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Keep only lessons and collections at least as public as this tier (`Local` keeps all).
    pub tier: Tier,
    /// The size limits of files and lessons.
    pub limits: Limits,
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

/// A lesson's directory: its meta document and what it holds.
#[derive(Debug, Clone)]
pub struct LessonDir {
    /// `lesson.meta.yaml`.
    pub doc: Document,
    /// Every regular file under the lesson directory, relative to it, `/`-separated.
    pub files: HashSet<String>,
    /// Every directory under the lesson directory, relative to it.
    pub dirs: HashSet<String>,
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
    pub filtered_lessons: HashMap<String, Tier>,
    /// Resources whose file could not be read or parsed, by kind and directory name. They
    /// still exist for references, so that one broken file does not cascade into findings
    /// elsewhere.
    pub unparsed: Vec<(Kind, String)>,
    /// Problems found while reading.
    pub problems: Vec<Problem>,
}

/// Loads the curriculum at `root`.
pub fn load(root: &Path, options: &LoadOptions) -> Result<Loaded, LoadError> {
    let meta = fs::metadata(root).map_err(|cause| LoadError::Unreadable {
        path: root.to_path_buf(),
        cause,
    })?;
    if !meta.is_dir() {
        return Err(LoadError::NotADirectory {
            path: root.to_path_buf(),
        });
    }
    let canonical = fs::canonicalize(root).map_err(|cause| LoadError::Unreadable {
        path: root.to_path_buf(),
        cause,
    })?;
    let meta_path = root.join(Kind::Curriculum.file_name());
    match fs::metadata(&meta_path) {
        Err(_) => {
            return Err(LoadError::NotACurriculum {
                path: root.to_path_buf(),
            });
        }
        Ok(m) if !m.is_file() => return Err(LoadError::MetaNotAFile { path: meta_path }),
        Ok(_) => {}
    }
    let reader = Reader {
        root,
        canonical: &canonical,
        limits: options.limits,
    };
    let mut problems = Vec::new();
    let mut unparsed = Vec::new();

    let curriculum = match reader.symlink_target(Kind::Curriculum.file_name()) {
        Ok(_) => reader.document(Kind::Curriculum, "", &mut problems),
        Err(d) => {
            problems.push(d);
            None
        }
    };

    let mut read = |kind: Kind, tier: Option<Tier>| {
        let mut kept = Vec::new();
        let mut filtered = HashMap::new();
        for entry in reader.resources(kind, &mut problems) {
            match entry.read {
                Some(r) => match (tier, declared_tier(&r.doc)) {
                    // Left out by the tier: so are its findings. A resource whose tier is
                    // missing or invalid is kept, so that its error is reported.
                    (Some(tier), Some(t)) if !t.is_kept_at(tier) => {
                        let slug = r
                            .doc
                            .value
                            .get("slug")
                            .and_then(Value::as_str)
                            .unwrap_or(&r.doc.dir);
                        filtered.insert(slug.to_owned(), t);
                    }
                    _ => {
                        problems.extend(entry.problems);
                        kept.push(r);
                    }
                },
                None => {
                    // A directory with no meta file at all is no resource; one whose file
                    // could not be read or parsed is.
                    if !entry
                        .problems
                        .iter()
                        .any(|d| d.kind == ProblemKind::MissingMetaFile)
                    {
                        unparsed.push((kind, entry.dir));
                    }
                    problems.extend(entry.problems);
                }
            }
        }
        (kept, filtered)
    };
    let (images, _) = read(Kind::Image, None);
    let (collections, filtered_collections) = read(Kind::Collection, Some(options.tier));
    let (lessons, filtered_lessons) = read(Kind::Lesson, Some(options.tier));

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
                dirs: r.dirs,
                stage_dirs: r.stage_dirs,
            })
            .collect(),
        filtered_collections: filtered_collections.into_keys().collect(),
        filtered_lessons,
        unparsed,
        problems,
    })
}

/// A resource directory as read.
struct Read {
    doc: Document,
    files: HashSet<String>,
    dirs: HashSet<String>,
    stage_dirs: BTreeSet<u32>,
}

/// A resource directory and what reading it found.
struct Entry {
    dir: String,
    read: Option<Read>,
    problems: Vec<Problem>,
}

/// The tier a document declares, if it is a valid one.
fn declared_tier(doc: &Document) -> Option<Tier> {
    doc.value.get("tier")?.as_str()?.parse().ok()
}

/// `stageN` with N a plain decimal number (`stage0`, `stage12`; not `stage01` or `stage+1`).
fn stage_number(name: &str) -> Option<u32> {
    let digits = name.strip_prefix("stage")?;
    let plain = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    plain.then(|| digits.parse().ok()).flatten()
}

/// Walk state for one resource directory.
struct Walk<'a> {
    rel_dir: &'a str,
    is_lesson: bool,
    /// Bytes of every file seen within its own limit, and the largest of them.
    total: u64,
    largest: Option<(u64, String)>,
    files: HashSet<String>,
    dirs: HashSet<String>,
    stage_dirs: BTreeSet<u32>,
    /// Directories entered through symlinks, canonical: each is walked once.
    linked: HashSet<PathBuf>,
    out: &'a mut Vec<Problem>,
}

struct Reader<'a> {
    root: &'a Path,
    canonical: &'a Path,
    limits: Limits,
}

/// The most a file may hold, and what it is called in findings.
#[derive(Debug, Clone, Copy)]
struct Cap {
    bytes: u64,
    kind: ProblemKind,
    /// What the file is (`guide`, `meta file`, ...).
    what: &'static str,
    /// The setting that holds the limit.
    setting: &'static str,
}

impl Cap {
    /// The finding for `file` of `size` bytes (`at_least`: the size seen so far, for a file
    /// that grew while it was read).
    fn problem(self, file: &str, size: u64, at_least: bool) -> Problem {
        let what = self.what;
        let limit = self.bytes;
        let setting = self.setting;
        let size = if at_least {
            format!("at least {} bytes", thousands(size))
        } else {
            format!("{} bytes", thousands(size))
        };
        self.kind
            .at(
                file,
                Pos::START,
                format!(
                    "{what} {file} is {size}, over the limit of {} bytes ({setting})",
                    thousands(limit)
                ),
            )
            .with_help(format!(
                "make it smaller (split it, move large content out of the curriculum), or raise {setting} where the curriculum is validated and imported"
            ))
    }
}

impl Limits {
    fn meta(&self) -> Cap {
        Cap {
            bytes: self.meta_file_bytes,
            kind: ProblemKind::MetaFileTooLarge,
            what: "meta file",
            setting: "limits.meta_file_bytes",
        }
    }

    fn file(&self) -> Cap {
        Cap {
            bytes: self.file_bytes,
            kind: ProblemKind::FileTooLarge,
            what: "file",
            setting: "limits.file_bytes",
        }
    }

    /// The cap of a lesson file named `name`: its own kind's, unless the one for every file is
    /// lower.
    fn of_lesson_file(&self, name: &str) -> Cap {
        let own = if name.ends_with(".md") {
            Cap {
                bytes: self.guide_bytes,
                kind: ProblemKind::GuideTooLarge,
                what: "guide",
                setting: "limits.guide_bytes",
            }
        } else if name.ends_with(".ipynb") {
            Cap {
                bytes: self.notebook_bytes,
                kind: ProblemKind::NotebookTooLarge,
                what: "notebook",
                setting: "limits.notebook_bytes",
            }
        } else {
            return self.file();
        };
        if own.bytes <= self.file_bytes {
            own
        } else {
            self.file()
        }
    }
}

/// `1234567` as `1,234,567`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Counts bytes written, failing once past `limit` (so that measuring stops early).
struct Counter {
    written: u64,
    limit: u64,
}

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.written += buf.len() as u64;
        if self.written > self.limit {
            return Err(std::io::Error::other("over the limit"));
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The length of `value` as JSON, or `None` when it is over `limit`.
fn json_len(value: &Value, limit: u64) -> Option<u64> {
    let mut counter = Counter { written: 0, limit };
    serde_json::to_writer(&mut counter, value).ok()?;
    Some(counter.written)
}

/// Opens a file for reading without blocking on a FIFO put in its place meanwhile.
fn open_nonblocking(path: &Path) -> std::io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

/// Reads at most `limit` bytes of the regular file at `path`: `Ok(Err(size))` when it holds
/// more (`size` from its metadata, or what was read when it grew), without reading past
/// `limit + 1` bytes; an `Err` when it cannot be read or is not a regular file.
pub fn read_bounded(path: &Path, limit: u64) -> std::io::Result<Result<Vec<u8>, (u64, bool)>> {
    use std::io::Read as _;
    let file = open_nonblocking(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(std::io::Error::other(
            "not a regular file (a FIFO, socket or device)",
        ));
    }
    if meta.len() > limit {
        return Ok(Err((meta.len(), false)));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(Err((bytes.len() as u64, true)));
    }
    Ok(Ok(bytes))
}

impl Reader<'_> {
    /// For a path (relative to the root) that may be a symlink: `Ok(None)` when it is not one,
    /// `Ok(Some(target))` when it is one to a place inside the curriculum, and the finding
    /// when it leaves the curriculum, loops or points to nothing.
    fn symlink_target(&self, rel: &str) -> Result<Option<PathBuf>, Problem> {
        let path = self.root.join(rel);
        match fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => {}
            _ => return Ok(None),
        }
        match fs::canonicalize(&path) {
            Ok(target) if target.starts_with(self.canonical) => Ok(Some(target)),
            Ok(target) => Err(ProblemKind::SymlinkEscapes
                .at(
                    rel,
                    Pos::START,
                    format!(
                        "symlink {rel} points outside the curriculum, to {}",
                        target.display()
                    ),
                )
                .with_help("copy what it points to into the curriculum instead of linking to it")),
            Err(e) if e.raw_os_error() == Some(40) => Err(ProblemKind::SymlinkLoop
                .at(
                    rel,
                    Pos::START,
                    format!("symlink {rel} is part of a loop of symlinks"),
                )
                .with_help("point the symlink at a file or directory, not back at itself")),
            Err(_) => Err(ProblemKind::BrokenSymlink
                .at(rel, Pos::START, format!("symlink {rel} points to nothing"))
                .with_help("remove the symlink or create its target inside the curriculum")),
        }
    }

    /// Reads every `<kind dir>/*/<meta file>`, in parallel.
    fn resources(&self, kind: Kind, out: &mut Vec<Problem>) -> Vec<Entry> {
        let top = kind.dir_name();
        if let Err(d) = self.symlink_target(top) {
            out.push(d);
            return Vec::new();
        }
        let entries = match fs::read_dir(self.root.join(top)) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Vec::new(),
            Err(e) => {
                out.push(
                    ProblemKind::UnreadableFile
                        .at(
                            top,
                            Pos::START,
                            format!("cannot read directory {top}/: {e}"),
                        )
                        .with_help(format!(
                            "{top}/ must be a directory holding one directory per {}",
                            kind.as_str()
                        )),
                );
                return Vec::new();
            }
        };
        let mut dirs = Vec::new();
        for entry in entries.filter_map(Result::ok) {
            let Ok(name) = entry.file_name().into_string() else {
                let shown = format!("{top}/{}", entry.file_name().to_string_lossy());
                out.push(
                    ProblemKind::NotUtf8
                        .at(
                            &shown,
                            Pos::START,
                            format!("the name of {shown} is not valid UTF-8"),
                        )
                        .with_help("rename it with letters a-z and hyphens"),
                );
                continue;
            };
            let rel = format!("{top}/{name}");
            if name.starts_with('.') {
                // A hidden file is no resource; a hidden directory is one that would vanish.
                if entry.file_type().is_ok_and(|t| t.is_dir()) {
                    out.push(
                        ProblemKind::HiddenResourceDir
                            .at(&rel, Pos::START, format!("directory {rel}/ starts with a dot: it cannot be a slug, and it is not read as {}", kind.article()))
                            .with_help(format!("rename it to its slug, or move it out of {top}/")),
                    );
                }
                continue;
            }
            let is_dir = match entry.file_type() {
                Ok(t) if t.is_symlink() => match self.symlink_target(&rel) {
                    Ok(target) => target.is_some_and(|t| t.is_dir()),
                    Err(d) => {
                        out.push(d);
                        false
                    }
                },
                Ok(t) => t.is_dir(),
                Err(_) => false,
            };
            if is_dir {
                dirs.push(name);
            }
        }
        dirs.sort();
        dirs.into_par_iter()
            .map(|dir| {
                let mut problems = Vec::new();
                let read = self.resource(kind, &dir, &mut problems);
                Entry {
                    dir,
                    read,
                    problems,
                }
            })
            .collect()
    }

    fn resource(&self, kind: Kind, dir: &str, out: &mut Vec<Problem>) -> Option<Read> {
        let rel_dir = format!("{}/{dir}", kind.dir_name());
        let mut walk = Walk {
            rel_dir: &rel_dir,
            is_lesson: kind == Kind::Lesson,
            total: 0,
            largest: None,
            files: HashSet::new(),
            dirs: HashSet::new(),
            stage_dirs: BTreeSet::new(),
            linked: HashSet::new(),
            out,
        };
        self.walk(&mut walk, "", 0);
        if walk.is_lesson && walk.total > self.limits.lesson_bytes {
            let largest = walk
                .largest
                .as_ref()
                .map(|(size, file)| {
                    format!(" (the largest file: {file}, {} bytes)", thousands(*size))
                })
                .unwrap_or_default();
            walk.out.push(
                ProblemKind::LessonTooLarge
                    .at(
                        &rel_dir,
                        Pos::START,
                        format!(
                            "lesson {rel_dir}/ holds {} bytes of files (each within its own limit), over the limit of {} bytes (limits.lesson_bytes){largest}",
                            thousands(walk.total),
                            thousands(self.limits.lesson_bytes)
                        ),
                    )
                    .with_help("make its files smaller or fewer (move large content out of the curriculum), or raise limits.lesson_bytes where the curriculum is validated and imported"),
            );
        }
        let (files, dirs, stage_dirs) = (walk.files, walk.dirs, walk.stage_dirs);
        let file = format!("{rel_dir}/{}", kind.file_name());
        if !files.contains(kind.file_name()) {
            // Reported already (a symlink that leaves, a FIFO, ...): nothing more to say.
            if out.iter().any(|d| d.file == file) {
                return None;
            }
            if dirs.contains(kind.file_name()) {
                out.push(
                    ProblemKind::UnreadableFile
                        .at(
                            &file,
                            Pos::START,
                            format!("cannot read {file}: it is a directory"),
                        )
                        .with_help(format!("{file} must be a YAML file")),
                );
                return None;
            }
            out.push(
                ProblemKind::MissingMetaFile
                    .at(
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
        let doc = self.document(kind, dir, out)?;
        Some(Read {
            doc,
            files,
            dirs,
            stage_dirs,
        })
    }

    /// Reads and parses one resource file (a regular file, or a symlink to one inside).
    fn document(&self, kind: Kind, dir: &str, out: &mut Vec<Problem>) -> Option<Document> {
        let file = if dir.is_empty() {
            kind.file_name().to_owned()
        } else {
            format!("{}/{dir}/{}", kind.dir_name(), kind.file_name())
        };
        let text = self.read_text(&file, self.limits.meta(), out)?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        match yaml::parse(text) {
            Ok((doc, problems)) => {
                // Aliases may make a small file a large document: what is served is bounded too.
                let cap = self.limits.meta();
                if json_len(&doc.value, cap.bytes).is_none() {
                    out.push(
                        cap.kind
                            .at(
                                &file,
                                Pos::START,
                                format!(
                                    "meta file {file} expands to more than {} bytes of JSON once its aliases are expanded ({})",
                                    thousands(cap.bytes),
                                    cap.setting
                                ),
                            )
                            .with_help("use fewer aliases (`*name`) to large values, or raise limits.meta_file_bytes"),
                    );
                    return None;
                }
                for p in problems {
                    debug_assert_eq!(p.kind, YamlProblemKind::DuplicateKey);
                    out.push(
                        ProblemKind::DuplicateKey
                            .at(&file, p.pos, p.message)
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
                out.push(ProblemKind::YamlSyntax.at(&file, clamp(text, p.pos), p.message));
                None
            }
        }
    }

    /// Reads a regular file as UTF-8 text, up to `cap`, reporting why not.
    fn read_text(&self, file: &str, cap: Cap, out: &mut Vec<Problem>) -> Option<String> {
        let path = self.root.join(file);
        match fs::metadata(&path) {
            Ok(m) if m.is_file() => self.read_regular(file, &path, cap, out),
            Ok(m) => {
                let what = if m.is_dir() {
                    "a directory"
                } else {
                    "not a regular file (a FIFO, socket or device)"
                };
                out.push(
                    ProblemKind::UnreadableFile
                        .at(
                            file,
                            Pos::START,
                            format!("cannot read {file}: it is {what}"),
                        )
                        .with_help("replace it with a regular file"),
                );
                None
            }
            Err(e) => {
                out.push(ProblemKind::UnreadableFile.at(
                    file,
                    Pos::START,
                    format!("cannot read {file}: {e}"),
                ));
                None
            }
        }
    }

    /// Reads a file known to be regular as UTF-8 text, up to `cap`, reporting why not.
    fn read_regular(
        &self,
        file: &str,
        path: &Path,
        cap: Cap,
        out: &mut Vec<Problem>,
    ) -> Option<String> {
        self.read_sized(file, path, cap, &mut 0, out)
    }

    /// [`Reader::read_regular`], also giving the file's size (from the opened file: no extra
    /// `stat`) in `size`.
    fn read_sized(
        &self,
        file: &str,
        path: &Path,
        cap: Cap,
        size: &mut u64,
        out: &mut Vec<Problem>,
    ) -> Option<String> {
        let bytes = match read_bounded(path, cap.bytes) {
            Ok(Ok(b)) => {
                *size = b.len() as u64;
                b
            }
            Ok(Err((seen, grew))) => {
                *size = seen;
                out.push(cap.problem(file, seen, grew));
                return None;
            }
            Err(e) => {
                out.push(ProblemKind::UnreadableFile.at(
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
                let valid = std::str::from_utf8(&e.as_bytes()[..e.utf8_error().valid_up_to()])
                    .unwrap_or_default();
                let line = valid.matches('\n').count() + 1;
                let column = valid.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                let pos = Pos {
                    line: u32::try_from(line).unwrap_or(u32::MAX),
                    column: u32::try_from(column).unwrap_or(u32::MAX),
                };
                out.push(
                    ProblemKind::NotUtf8
                        .at(file, pos, format!("{file} is not valid UTF-8 (invalid byte at line {line}, column {column})"))
                        .with_help("save the file as UTF-8"),
                );
                None
            }
        }
    }

    /// Lists what is under `rel_dir/sub`, checking names, symlinks, guides and notebooks.
    fn walk(&self, w: &mut Walk<'_>, sub: &str, depth: usize) {
        let shown_dir = join(w.rel_dir, sub);
        let Ok(entries) = fs::read_dir(self.root.join(&shown_dir)) else {
            w.out.push(ProblemKind::UnreadableFile.at(
                &shown_dir,
                Pos::START,
                format!("cannot read directory {shown_dir}/"),
            ));
            return;
        };
        for entry in entries.filter_map(Result::ok) {
            let Ok(name) = entry.file_name().into_string() else {
                let shown = join(&shown_dir, &entry.file_name().to_string_lossy());
                w.out.push(
                    ProblemKind::NotUtf8
                        .at(
                            &shown,
                            Pos::START,
                            format!("the name of {shown} is not valid UTF-8"),
                        )
                        .with_help("rename it"),
                );
                continue;
            };
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            let rel = join(sub, &name);
            let shown = join(w.rel_dir, &rel);
            let (is_dir, is_file) = if file_type.is_symlink() {
                match self.symlink_target(&shown) {
                    Ok(Some(target)) if target.is_dir() => {
                        // A link to a directory that contains it would be walked forever.
                        let here = fs::canonicalize(self.root.join(&shown_dir)).unwrap_or_default();
                        if here.starts_with(&target) || !w.linked.insert(target) {
                            w.out.push(
                                ProblemKind::SymlinkLoop
                                    .at(&shown, Pos::START, format!("symlink {shown} points back to a directory that contains it, which makes a loop"))
                                    .with_help("remove the symlink, or point it at a directory outside its own path"),
                            );
                            continue;
                        }
                        (true, false)
                    }
                    Ok(Some(target)) => (false, target.is_file()),
                    Ok(None) => (false, false),
                    Err(d) => {
                        w.out.push(d);
                        continue;
                    }
                }
            } else {
                (file_type.is_dir(), file_type.is_file())
            };
            if is_dir {
                if w.is_lesson
                    && sub.is_empty()
                    && let Some(n) = stage_number(&name)
                {
                    w.stage_dirs.insert(n);
                }
                w.dirs.insert(rel.clone());
                if depth < 16 {
                    self.walk(w, &rel, depth + 1);
                }
                continue;
            }
            if !is_file {
                w.out.push(
                    ProblemKind::UnreadableFile
                        .at(
                            &shown,
                            Pos::START,
                            format!("{shown} is not a regular file (a FIFO, socket or device)"),
                        )
                        .with_help("remove it: a curriculum holds only files and directories"),
                );
                continue;
            }
            if !w.is_lesson {
                w.files.insert(rel);
                continue;
            }
            let path = self.root.join(&shown);
            // The meta file's limit is checked when it is parsed.
            let is_meta = sub.is_empty() && name == Kind::Lesson.file_name();
            let cap = if is_meta {
                self.limits.meta()
            } else {
                self.limits.of_lesson_file(&name)
            };
            let mut size = 0;
            let text = if name.ends_with(".md") || name.ends_with(".ipynb") {
                // Sized by the read itself.
                self.read_sized(&shown, &path, cap, &mut size, w.out)
            } else {
                // `fstatat` on the directory's entry; a symlink's target by its path.
                let meta = if file_type.is_symlink() {
                    fs::metadata(&path)
                } else {
                    entry.metadata()
                };
                size = meta.map_or(0, |m| m.len());
                if size > cap.bytes && !is_meta {
                    w.out.push(cap.problem(&shown, size, false));
                }
                None
            };
            // A file over its own limit has its finding; the lesson's total is of the others.
            if size <= cap.bytes {
                w.total = w.total.saturating_add(size);
                if w.largest.as_ref().is_none_or(|(s, _)| size > *s) {
                    w.largest = Some((size, shown.clone()));
                }
            }
            if let Some(text) = text
                && name.ends_with(".ipynb")
            {
                match serde_json::from_str::<Value>(&text) {
                    Err(e) => w.out.push(
                        ProblemKind::InvalidNotebook
                            .at(&shown, json_error_pos(&text, &e), format!("notebook {shown} is not valid JSON: {e}"))
                            .with_help("save the notebook from Jupyter again, or fix the JSON at this position"),
                    ),
                    Ok(notebook) => {
                        if let Some(wrong) = not_a_notebook(&notebook) {
                            w.out.push(
                                ProblemKind::InvalidNotebook
                                    .at(&shown, Pos::START, format!("notebook {shown} is not an nbformat 4 notebook: {wrong}"))
                                    .with_help("save it from Jupyter (File > Save) as a version 4 notebook"),
                            );
                        }
                    }
                }
            }
            w.files.insert(rel);
        }
    }
}

/// What keeps `notebook` from being an nbformat 4 notebook (a `cells` list of cells, each with
/// a `cell_type` of markdown, code or raw and a `source` of text or lines), if anything.
fn not_a_notebook(notebook: &Value) -> Option<String> {
    let Some(top) = notebook.as_object() else {
        return Some("it is not a JSON object".into());
    };
    match top.get("nbformat").and_then(Value::as_u64) {
        Some(4) => {}
        Some(n) => return Some(format!("`nbformat` is {n}, not 4")),
        None => return Some("`nbformat` (4) is missing".into()),
    }
    let Some(cells) = top.get("cells").and_then(Value::as_array) else {
        return Some("`cells` is missing or not a list".into());
    };
    for (i, cell) in cells.iter().enumerate() {
        let Some(cell) = cell.as_object() else {
            return Some(format!("`cells[{i}]` is not an object"));
        };
        match cell.get("cell_type").and_then(Value::as_str) {
            Some("markdown" | "code" | "raw") => {}
            Some(other) => {
                return Some(format!(
                    "`cells[{i}].cell_type` is `{other}` (expected markdown, code or raw)"
                ));
            }
            None => return Some(format!("`cells[{i}].cell_type` is missing")),
        }
        let source_ok = match cell.get("source") {
            Some(Value::String(_)) => true,
            Some(Value::Array(lines)) => lines.iter().all(Value::is_string),
            _ => false,
        };
        if !source_ok {
            return Some(format!(
                "`cells[{i}].source` is missing or not text or a list of lines"
            ));
        }
    }
    None
}

/// The position of a JSON error, with the column in characters (serde_json counts bytes).
fn json_error_pos(text: &str, e: &serde_json::Error) -> Pos {
    let line = e.line().max(1);
    let line_text = text.lines().nth(line - 1).unwrap_or_default();
    let mut bytes = e.column().min(line_text.len());
    while !line_text.is_char_boundary(bytes) {
        bytes -= 1;
    }
    Pos {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(line_text[..bytes].chars().count().max(1)).unwrap_or(u32::MAX),
    }
}

/// Keeps a position inside the text: a parser at the end of input may point past the last line.
fn clamp(text: &str, pos: Pos) -> Pos {
    let lines = text.lines().count().max(1);
    if (pos.line as usize) <= lines {
        return pos;
    }
    let last = text.lines().last().unwrap_or_default();
    Pos {
        line: u32::try_from(lines).unwrap_or(u32::MAX),
        column: u32::try_from(last.chars().count() + 1).unwrap_or(u32::MAX),
    }
}

fn join(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_owned()
    } else if b.is_empty() {
        a.to_owned()
    } else {
        format!("{a}/{b}")
    }
}

#[cfg(test)]
mod tests {
    use super::{read_bounded, stage_number, thousands};

    #[test]
    fn bounded_reads_stop_at_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("guide.md");
        std::fs::write(&file, "0123456789").unwrap();
        assert_eq!(read_bounded(&file, 10).unwrap().unwrap(), b"0123456789");
        // Over the limit by its size: not read at all.
        assert_eq!(read_bounded(&file, 9).unwrap(), Err((10, false)));
        // A file that says it is empty and is not (it grows while read; /proc files do):
        // the read stops one byte past the limit.
        assert_eq!(
            read_bounded(std::path::Path::new("/proc/self/maps"), 16).unwrap(),
            Err((17, true))
        );
        // A FIFO is refused without waiting for a writer.
        let fifo = dir.path().join("fifo.md");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let err = read_bounded(&fifo, 10).unwrap_err();
        assert!(err.to_string().contains("not a regular file"), "{err}");
        // A device of endless bytes too.
        assert!(read_bounded(std::path::Path::new("/dev/zero"), 10).is_err());
    }

    #[test]
    fn sizes_are_shown_with_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(4_194_305), "4,194,305");
    }

    #[test]
    fn stage_directories_are_plain_numbers() {
        assert_eq!(stage_number("stage0"), Some(0));
        assert_eq!(stage_number("stage12"), Some(12));
        assert_eq!(stage_number("stage01"), None);
        assert_eq!(stage_number("stage+2"), None);
        assert_eq!(stage_number("stage"), None);
        assert_eq!(stage_number("stages"), None);
    }
}
