//! Import: a curriculum source (a directory, or a git repository at a ref) is validated and,
//! only if it has no errors, stored in place of the previous curriculum in one transaction.
//!
//! Git sources are cloned with git2 (vendored libgit2, no OpenSSL) into a temporary directory:
//! local paths, `file://` URLs and `git://` URLs (git's own unencrypted protocol, built into
//! libgit2) work; `https://` and `ssh://` do not (libgit2 is built without TLS and SSH) and say
//! so. Every file under each lesson directory is stored content-addressed (BLAKE3)
//! so that provisioning can hand a lesson exactly the imported version.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::curriculum::{LoadError, LoadOptions, Tier, load};
use crate::store::resources::{Blob, CurriculumStatus, LessonFile, NewCurriculum};
use crate::store::{Store, StoreError};
use crate::validate::{self, Report};

/// What to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// A directory, a local git repository, or a git URL (`file://`, ...).
    pub source: String,
    /// A branch, tag or commit to check out (git sources; a directory with a ref is cloned).
    pub reference: Option<String>,
    /// Leave out lessons and collections less public than this tier before validating.
    pub tier: Tier,
    /// The largest share (percent) of the lessons now stored that the import may remove;
    /// `None` allows any (`--allow-shrink`). An import that removes every lesson is refused
    /// whatever the share, unless `None`.
    pub max_removed_percent: Option<u32>,
    /// The size limits, checked by validation and again while lesson files are read.
    pub limits: crate::config::Limits,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            source: String::new(),
            reference: None,
            tier: Tier::Local,
            max_removed_percent: Some(crate::config::ImportConfig::default().max_removed_percent),
            limits: crate::config::Limits::default(),
        }
    }
}

/// How far an import has come, for progress bars.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// Cloning: objects received so far of the total.
    Cloning {
        /// Objects received.
        received: usize,
        /// Objects in all.
        total: usize,
    },
    /// Checked out this commit.
    CheckedOut {
        /// The commit id.
        commit: String,
    },
    /// Validating the curriculum.
    Validating,
    /// Reading and hashing lesson files: done of total.
    Hashing {
        /// Files hashed.
        done: usize,
        /// Files in all.
        total: usize,
    },
    /// Writing to the database.
    Storing {
        /// Files in all.
        files: usize,
        /// Of which new content.
        new_blobs: usize,
    },
}

/// Receives [`Progress`]; the library never prints.
pub trait ProgressSink: Send + Sync {
    /// Called as the import advances.
    fn report(&self, progress: Progress);
}

impl ProgressSink for () {
    fn report(&self, _: Progress) {}
}

/// A finished import.
#[derive(Debug, Clone)]
pub struct Imported {
    /// What is now stored.
    pub status: CurriculumStatus,
    /// Validation's report (warnings only: an import with errors stores nothing).
    pub report: Report,
}

/// Why an import stored nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Validation found errors; the report has them.
    #[error("the curriculum has {} error(s); nothing was imported", report.summary.errors)]
    Invalid {
        /// The full report.
        report: Box<Report>,
    },
    /// The source is not a curriculum.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The import would remove every lesson, or more of them than allowed.
    #[error(
        "the import would remove {} of the {before} lessons now stored ({}){}; nothing was imported: check the source, or pass --allow-shrink if that is what you want",
        removed.len(),
        shown(removed),
        if *after == 0 { ", leaving none" } else { "" }
    )]
    Shrink {
        /// Lessons stored now.
        before: usize,
        /// Lessons the import has.
        after: usize,
        /// The slugs it would remove.
        removed: Vec<String>,
    },
    /// The source is neither a directory nor a git URL.
    #[error(
        "{source_name} is neither a directory nor a git URL (use a path, a file:// or a git:// URL)"
    )]
    UnknownSource {
        /// The source given.
        source_name: String,
    },
    /// Cloning failed.
    #[error("cannot clone {url}: {message}")]
    Clone {
        /// The URL.
        url: String,
        /// What git said, with a hint.
        message: String,
    },
    /// The ref names nothing in the repository.
    #[error("{url} has no branch, tag or commit `{reference}`")]
    RefNotFound {
        /// The URL.
        url: String,
        /// The ref given.
        reference: String,
    },
    /// A `--ref` was given for a directory that is not a git repository.
    #[error("--ref {reference} needs a git repository, but {path} is not one")]
    RefWithoutRepository {
        /// The directory.
        path: PathBuf,
        /// The ref given.
        reference: String,
    },
    /// A lesson file or a lesson grew past its limit after validation (files are never read
    /// past their limit).
    #[error(
        "{path} grew to at least {size} bytes while it was imported, over the limit of {limit} bytes ({setting}); nothing was imported"
    )]
    TooLarge {
        /// The file, or the lesson's directory.
        path: PathBuf,
        /// The size seen.
        size: u64,
        /// The limit.
        limit: u64,
        /// The setting of the limit.
        setting: &'static str,
    },
    /// A lesson file could not be read.
    #[error("cannot read {path}: {cause}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        cause: std::io::Error,
    },
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

fn shown(slugs: &[String]) -> String {
    let mut text = slugs.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
    if slugs.len() > 5 {
        text.push_str(&format!(" and {} more", slugs.len() - 5));
    }
    text
}

/// Refuses an import that removes every stored lesson, or more than `max_percent` of them.
fn check_shrink(
    stored: &[String],
    imported: &HashSet<&str>,
    max_percent: Option<u32>,
) -> Result<(), ImportError> {
    let Some(max_percent) = max_percent else {
        return Ok(());
    };
    let removed: Vec<String> = stored
        .iter()
        .filter(|s| !imported.contains(s.as_str()))
        .cloned()
        .collect();
    let all = !stored.is_empty() && removed.len() == stored.len();
    let too_many = removed.len() * 100 > stored.len() * max_percent as usize;
    if all || too_many {
        return Err(ImportError::Shrink {
            before: stored.len(),
            after: imported.len(),
            removed,
        });
    }
    Ok(())
}

/// A checked-out source: the directory to import and what to record about it.
struct Checkout {
    root: PathBuf,
    source: String,
    commit: Option<String>,
    _tmp: Option<tempfile::TempDir>,
}

/// Imports a curriculum into `store`: validate, then replace the stored curriculum in one
/// transaction. On any error the stored curriculum is unchanged.
pub async fn import(
    store: &Store,
    options: &ImportOptions,
    progress: Arc<dyn ProgressSink>,
) -> Result<Imported, ImportError> {
    let existing = store.blob_hashes().await?;
    let (opts, sink) = (options.clone(), Arc::clone(&progress));
    let prepared = tokio::task::spawn_blocking(move || prepare(&opts, &existing, &*sink))
        .await
        .map_err(|e| ImportError::Io {
            path: PathBuf::from(&options.source),
            cause: std::io::Error::other(e.to_string()),
        })??;
    let stored: Vec<String> = store.lessons().await?.into_iter().map(|l| l.slug).collect();
    let imported: HashSet<&str> = prepared
        .validated
        .curriculum
        .lessons
        .iter()
        .map(|l| l.slug.as_str())
        .collect();
    check_shrink(&stored, &imported, options.max_removed_percent)?;
    progress.report(Progress::Storing {
        files: prepared.files.len(),
        new_blobs: prepared.blobs.len(),
    });
    store
        .replace_curriculum(&NewCurriculum {
            curriculum: &prepared.validated.curriculum,
            source: &prepared.checkout.source,
            commit: prepared.checkout.commit.as_deref(),
            tier: options.tier,
            files: &prepared.files,
            blobs: &prepared.blobs,
        })
        .await?;
    let status = store.curriculum_status().await?.ok_or_else(|| {
        ImportError::Store(StoreError::Corrupt {
            what: "curriculum".into(),
            reason: "missing right after the import".into(),
        })
    })?;
    Ok(Imported {
        status,
        report: prepared.validated.report,
    })
}

struct Prepared {
    checkout: Checkout,
    validated: validate::Validated,
    files: Vec<LessonFile>,
    blobs: Vec<Blob>,
}

/// The blocking half: check out, validate, read and hash the lesson files.
fn prepare(
    options: &ImportOptions,
    existing: &HashSet<String>,
    progress: &dyn ProgressSink,
) -> Result<Prepared, ImportError> {
    let checkout = checkout(options, progress)?;
    progress.report(Progress::Validating);
    let loaded = load(
        &checkout.root,
        &LoadOptions {
            tier: options.tier,
            limits: options.limits,
        },
    )?;
    let validated = validate::validate(
        &loaded,
        &validate::Options {
            tier: options.tier,
            limits: options.limits,
            ..validate::Options::default()
        },
    );
    if validated.report.has_errors() {
        return Err(ImportError::Invalid {
            report: Box::new(validated.report),
        });
    }
    let mut paths: Vec<(String, String)> = loaded
        .lessons
        .iter()
        .flat_map(|l| l.files.iter().map(|f| (l.doc.dir.clone(), f.clone())))
        .collect();
    paths.sort();
    let total = paths.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let limits = options.limits;
    let totals = std::sync::Mutex::new(std::collections::HashMap::<String, u64>::new());
    let hashed: Vec<(LessonFile, Option<Vec<u8>>)> = paths
        .into_par_iter()
        .map(|(lesson, path)| {
            let full = checkout.root.join("lessons").join(&lesson).join(&path);
            // Validated below the limits; read no further than them even if a file grew since.
            let content = match crate::curriculum::read_bounded(&full, limits.file_bytes) {
                Ok(Ok(content)) => content,
                Ok(Err((size, _))) => {
                    return Err(ImportError::TooLarge {
                        path: full,
                        size,
                        limit: limits.file_bytes,
                        setting: "limits.file_bytes",
                    });
                }
                Err(cause) => return Err(ImportError::Io { path: full, cause }),
            };
            let lesson_total = {
                let mut totals = totals.lock().expect("totals lock");
                let total = totals.entry(lesson.clone()).or_insert(0u64);
                *total += content.len() as u64;
                *total
            };
            if lesson_total > limits.lesson_bytes {
                return Err(ImportError::TooLarge {
                    path: checkout.root.join("lessons").join(&lesson),
                    size: lesson_total,
                    limit: limits.lesson_bytes,
                    setting: "limits.lesson_bytes",
                });
            }
            let hash = blake3::hash(&content).to_hex().to_string();
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            if n.is_multiple_of(256) || n == total {
                progress.report(Progress::Hashing { done: n, total });
            }
            let keep = (!existing.contains(&hash)).then_some(content);
            Ok((LessonFile { lesson, path, hash }, keep))
        })
        .collect::<Result<_, ImportError>>()?;
    let mut seen = HashSet::new();
    let mut files = Vec::with_capacity(hashed.len());
    let mut blobs = Vec::new();
    for (file, content) in hashed {
        if let Some(content) = content
            && seen.insert(file.hash.clone())
        {
            blobs.push(Blob {
                hash: file.hash.clone(),
                content,
            });
        }
        files.push(file);
    }
    Ok(Prepared {
        checkout,
        validated,
        files,
        blobs,
    })
}

fn is_url(source: &str) -> bool {
    source.contains("://") || source.starts_with("git@")
}

fn checkout(options: &ImportOptions, progress: &dyn ProgressSink) -> Result<Checkout, ImportError> {
    let source = options.source.as_str();
    if is_url(source) {
        return clone(source, source, options.reference.as_deref(), progress);
    }
    let path = Path::new(source);
    if !path.is_dir() {
        return Err(if path.exists() {
            ImportError::UnknownSource {
                source_name: source.to_owned(),
            }
        } else {
            ImportError::Load(LoadError::Unreadable {
                path: path.to_path_buf(),
                cause: std::io::Error::new(std::io::ErrorKind::NotFound, "no such directory"),
            })
        });
    }
    let canonical = path.canonicalize().map_err(|cause| ImportError::Io {
        path: path.to_path_buf(),
        cause,
    })?;
    let shown = canonical.display().to_string();
    let repo = git2::Repository::open(&canonical).ok();
    match (&options.reference, repo) {
        (Some(reference), Some(_)) => clone(&shown, &shown, Some(reference), progress),
        (Some(reference), None) => Err(ImportError::RefWithoutRepository {
            path: canonical,
            reference: reference.clone(),
        }),
        (None, repo) => {
            // A clean repository's HEAD names exactly what is imported; a dirty one's does not.
            let commit = repo.and_then(|r| {
                let clean = r.statuses(None).ok()?.iter().all(|s| {
                    s.status() == git2::Status::CURRENT || s.status() == git2::Status::IGNORED
                });
                clean.then(|| {
                    r.head()
                        .ok()?
                        .peel_to_commit()
                        .ok()
                        .map(|c| c.id().to_string())
                })?
            });
            Ok(Checkout {
                root: canonical,
                source: shown,
                commit,
                _tmp: None,
            })
        }
    }
}

fn clone(
    url: &str,
    shown: &str,
    reference: Option<&str>,
    progress: &dyn ProgressSink,
) -> Result<Checkout, ImportError> {
    const HINT: &str = " (this build clones local paths, file:// and git:// URLs, not https:// or ssh://: clone other repositories yourself and import the directory)";
    // Refused before any connection: libgit2 is built without TLS and SSH.
    let scheme = url.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
    if matches!(
        scheme.as_deref(),
        Some("https" | "http" | "ssh" | "git+ssh" | "ssh+git")
    ) {
        return Err(ImportError::Clone {
            url: shown.to_owned(),
            message: format!(
                "the {} transport is not built in{HINT}",
                scheme.unwrap_or_default()
            ),
        });
    }
    let tmp = tempfile::Builder::new()
        .prefix("antidote-import-")
        .tempdir()
        .map_err(|cause| ImportError::Io {
            path: std::env::temp_dir(),
            cause,
        })?;
    let clone_err = |e: git2::Error| {
        let mut message = e.message().to_owned();
        if e.class() == git2::ErrorClass::Net || message.contains("unsupported URL protocol") {
            message.push_str(HINT);
        }
        ImportError::Clone {
            url: shown.to_owned(),
            message,
        }
    };
    let mut callbacks = git2::RemoteCallbacks::new();
    callbacks.transfer_progress(|stats| {
        progress.report(Progress::Cloning {
            received: stats.received_objects(),
            total: stats.total_objects(),
        });
        true
    });
    let mut fetch = git2::FetchOptions::new();
    fetch.remote_callbacks(callbacks);
    let repo = git2::build::RepoBuilder::new()
        .fetch_options(fetch)
        .clone(url, tmp.path())
        .map_err(clone_err)?;
    let commit = match reference {
        None => repo
            .head()
            .and_then(|h| h.peel_to_commit())
            .map_err(clone_err)?,
        Some(r) => {
            let object = [
                r.to_owned(),
                format!("origin/{r}"),
                format!("refs/tags/{r}"),
            ]
            .iter()
            .find_map(|spec| repo.revparse_single(spec).ok())
            .ok_or_else(|| ImportError::RefNotFound {
                url: shown.to_owned(),
                reference: r.to_owned(),
            })?;
            let commit = object
                .peel_to_commit()
                .map_err(|_| ImportError::RefNotFound {
                    url: shown.to_owned(),
                    reference: r.to_owned(),
                })?;
            repo.checkout_tree(
                commit.as_object(),
                Some(git2::build::CheckoutBuilder::new().force()),
            )
            .map_err(clone_err)?;
            repo.set_head_detached(commit.id()).map_err(clone_err)?;
            commit
        }
    };
    let id = commit.id().to_string();
    progress.report(Progress::CheckedOut { commit: id.clone() });
    Ok(Checkout {
        root: tmp.path().to_path_buf(),
        source: shown.to_owned(),
        commit: Some(id),
        _tmp: Some(tmp),
    })
}
