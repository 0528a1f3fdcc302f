//! Plans (the files a new resource consists of), their check against the curriculum they
//! join, and writing them atomically.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{ScaffoldError, to_yaml};
use crate::curriculum::{Document, Kind, LessonDir, LoadOptions, Loaded, Tier, load, yaml};
use crate::validate::{self, Severity};

/// A file of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFile {
    /// Relative to the curriculum root, `/`-separated.
    pub path: String,
    /// The contents.
    pub contents: String,
    /// Whether the file is a script to make executable.
    pub executable: bool,
}

/// What creating a resource writes.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Which resource.
    pub kind: Kind,
    /// The resource's directory relative to the root (`lessons/<slug>`), empty for the
    /// curriculum file.
    pub dir: String,
    /// The resource as written.
    pub value: Value,
    /// Every file, the resource file first.
    pub files: Vec<PlannedFile>,
}

impl Plan {
    /// Whether `file` (relative to the root, `/`-separated) belongs to the planned resource.
    pub fn owns(&self, file: &str) -> bool {
        if self.dir.is_empty() {
            file == self.kind.file_name()
        } else {
            file == self.dir
                || file
                    .strip_prefix(&self.dir)
                    .is_some_and(|rest| rest.starts_with('/'))
        }
    }
}

/// What the curriculum offers the wizard, and the loaded curriculum for the final check.
pub(crate) struct Context {
    pub(crate) images: Vec<String>,
    pub(crate) collections: Vec<String>,
    pub(crate) lessons: Vec<String>,
    /// The slugs resources of the kind being created already have (a new one must differ).
    pub(crate) existing: Vec<String>,
    loaded: Option<Loaded>,
}

impl Context {
    pub(crate) fn read(root: &Path, kind: Kind) -> Result<Self, ScaffoldError> {
        if kind == Kind::Curriculum {
            // Said before any question is asked.
            if root.symlink_metadata().is_ok() && !root.is_dir() {
                return Err(ScaffoldError::NotADirectory {
                    path: root.to_path_buf(),
                });
            }
            return Ok(Context {
                images: Vec::new(),
                collections: Vec::new(),
                lessons: Vec::new(),
                existing: Vec::new(),
                loaded: None,
            });
        }
        let loaded = load(
            root,
            &LoadOptions {
                tier: Tier::Local,
                ..LoadOptions::default()
            },
        )?;
        let names = |kind: Kind, docs: Vec<&Document>| -> Vec<String> {
            let mut out: BTreeSet<String> = docs.iter().map(|d| d.dir.clone()).collect();
            out.extend(
                loaded
                    .unparsed
                    .iter()
                    .filter(|(k, _)| *k == kind)
                    .map(|(_, d)| d.clone()),
            );
            out.into_iter().collect()
        };
        let images = names(Kind::Image, loaded.images.iter().collect());
        let collections = names(Kind::Collection, loaded.collections.iter().collect());
        let lessons = names(
            Kind::Lesson,
            loaded.lessons.iter().map(|l| &l.doc).collect(),
        );
        let existing = match kind {
            Kind::Image => images.clone(),
            Kind::Collection => collections.clone(),
            _ => lessons.clone(),
        };
        Ok(Context {
            images,
            collections,
            lessons,
            existing,
            loaded: Some(loaded),
        })
    }

    /// Validates the curriculum as it would be with the plan written; errors about the new
    /// resource refuse the plan.
    pub(crate) fn check(&self, kind: Kind, plan: &Plan) -> Result<(), ScaffoldError> {
        let Some(loaded) = &self.loaded else {
            return Ok(());
        };
        let mut loaded = loaded.clone();
        let meta = &plan.files[0];
        let (parsed, _) = yaml::parse(&meta.contents).map_err(|p| ScaffoldError::Schema {
            kind: kind.as_str(),
            problems: vec![p.message],
        })?;
        let slug = plan.dir.rsplit('/').next().unwrap_or_default().to_owned();
        let doc = Document {
            kind,
            dir: slug.clone(),
            file: meta.path.clone(),
            value: parsed.value,
            positions: parsed.positions,
        };
        match kind {
            Kind::Curriculum => {}
            Kind::Image => {
                loaded.images.retain(|d| d.dir != slug);
                loaded.images.push(doc);
            }
            Kind::Collection => {
                loaded.collections.retain(|d| d.dir != slug);
                loaded.collections.push(doc);
            }
            Kind::Lesson => {
                let prefix = format!("{}/", plan.dir);
                let mut files: HashSet<String> = HashSet::new();
                let mut dirs: HashSet<String> = HashSet::new();
                let mut stage_dirs = BTreeSet::new();
                if let Some(old) = loaded.lessons.iter().find(|l| l.doc.dir == slug) {
                    files.extend(old.files.iter().cloned());
                    dirs.extend(old.dirs.iter().cloned());
                    stage_dirs.extend(old.stage_dirs.iter().copied());
                }
                for f in &plan.files {
                    let Some(rel) = f.path.strip_prefix(&prefix) else {
                        continue;
                    };
                    files.insert(rel.to_owned());
                    let mut acc = String::new();
                    let parts: Vec<&str> = rel.split('/').collect();
                    for part in &parts[..parts.len() - 1] {
                        if !acc.is_empty() {
                            acc.push('/');
                        }
                        acc.push_str(part);
                        if let Some(n) = acc.strip_prefix("stage").and_then(|n| n.parse().ok()) {
                            stage_dirs.insert(n);
                        }
                        dirs.insert(acc.clone());
                    }
                }
                loaded.lessons.retain(|l| l.doc.dir != slug);
                loaded.lessons.push(LessonDir {
                    doc,
                    files,
                    dirs,
                    stage_dirs,
                });
            }
        }
        let report = validate::validate(
            &loaded,
            &validate::Options {
                tier: Tier::Local,
                ..validate::Options::default()
            },
        )
        .report;
        let findings: Vec<_> = report
            .diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Error && plan.owns(&d.file))
            .collect();
        if findings.is_empty() {
            Ok(())
        } else {
            Err(ScaffoldError::Invalid {
                kind: kind.as_str(),
                findings,
            })
        }
    }
}

/// The files of a resource whose document has passed the schema check.
pub(crate) fn build(
    kind: Kind,
    value: &Value,
    drivers: &BTreeMap<String, String>,
) -> Result<Plan, ScaffoldError> {
    let slug = value
        .get("slug")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let dir = if kind == Kind::Curriculum {
        String::new()
    } else {
        format!("{}/{slug}", kind.dir_name())
    };
    let file = |name: &str| {
        if dir.is_empty() {
            name.to_owned()
        } else {
            format!("{dir}/{name}")
        }
    };
    let mut files = vec![PlannedFile {
        path: file(kind.file_name()),
        contents: to_yaml(value),
        executable: false,
    }];
    if kind == Kind::Lesson {
        let lesson: crate::curriculum::Lesson =
            serde_json::from_value(value.clone()).map_err(|e| ScaffoldError::Schema {
                kind: kind.as_str(),
                problems: vec![e.to_string()],
            })?;
        for (n, stage) in lesson.stages.iter().enumerate() {
            let title = if stage.description.is_empty() {
                format!("{}: stage {n}", lesson.name)
            } else {
                stage.description.clone()
            };
            files.push(PlannedFile {
                path: file(&format!("stage{n}/{}", stage.guide_type.file_name())),
                contents: guide(stage.guide_type, &title),
                executable: false,
            });
            for ep in &lesson.endpoints {
                let Some(ct) = ep.configuration_type else {
                    continue;
                };
                let (name, contents) = config_stub(ct, &ep.name, drivers, n);
                files.push(PlannedFile {
                    path: file(&format!("stage{n}/configs/{name}")),
                    contents,
                    executable: false,
                });
            }
            if let Some(v) = &stage.verification {
                for (m, objective) in v.objectives.iter().enumerate() {
                    files.push(PlannedFile {
                        path: file(&format!("stage{n}/objectives/objective{m}.py")),
                        contents: objective_stub(objective),
                        executable: true,
                    });
                }
            }
        }
    }
    Ok(Plan {
        kind,
        dir,
        value: value.clone(),
        files,
    })
}

fn guide(kind: crate::curriculum::GuideType, title: &str) -> String {
    match kind {
        crate::curriculum::GuideType::Markdown => {
            format!("# {title}\n\nWrite this stage's guide here.\n")
        }
        crate::curriculum::GuideType::Jupyter => {
            let nb = serde_json::json!({
                "cells": [{
                    "cell_type": "markdown",
                    "metadata": {},
                    "source": [format!("# {title}\n"), "\n", "Write this stage's guide here.\n"],
                }],
                "metadata": {},
                "nbformat": 4,
                "nbformat_minor": 4,
            });
            let mut text = serde_json::to_string_pretty(&nb).unwrap_or_default();
            text.push('\n');
            text
        }
    }
}

fn config_stub(
    kind: crate::curriculum::ConfigurationType,
    endpoint: &str,
    drivers: &BTreeMap<String, String>,
    stage: usize,
) -> (String, String) {
    use crate::curriculum::ConfigurationType as C;
    match kind {
        C::Napalm => {
            let driver = drivers.get(endpoint).map_or("junos", String::as_str);
            (
                format!("{endpoint}-{driver}.txt"),
                format!("# Configuration pushed to {endpoint} ({driver}) at stage {stage}.\n"),
            )
        }
        C::Python => (
            format!("{endpoint}.py"),
            format!(
                "\"\"\"Configures {endpoint} at stage {stage}.\"\"\"\n\n\ndef main():\n    pass\n\n\nif __name__ == \"__main__\":\n    main()\n"
            ),
        ),
        C::Ansible => (
            format!("{endpoint}.yml"),
            format!(
                "---\n# Configures {endpoint} at stage {stage}.\n- hosts: all\n  gather_facts: false\n  tasks: []\n"
            ),
        ),
    }
}

fn objective_stub(objective: &str) -> String {
    let objective = objective
        .replace('\\', "\\\\")
        .replace("\"\"\"", "\\\"\\\"\\\"");
    format!(
        "#!/usr/bin/env python3\n\"\"\"Objective: {objective}\n\nExits 0 when the objective is met, non-zero otherwise.\n\"\"\"\n\nimport sys\n\n\ndef main():\n    # Check the objective here.\n    return 1\n\n\nif __name__ == \"__main__\":\n    sys.exit(main())\n"
    )
}

/// Writes `plan` under `root`: nothing if any of its files exists and `force` is off (the
/// error lists them), otherwise all of it. Every planned path must be plain (no `..`, no
/// absolute part) and no directory on the way may be a symbolic link: files never land outside
/// the curriculum. Files are written into a temporary directory inside `root` first, then
/// moved into place: a new resource directory in one rename; an existing one (with `force`) is
/// rebuilt in the temporary directory (its other files kept) and swapped in, so it is either
/// all old or all new. An interruption leaves no partial resource. Returns the paths written.
pub fn write_plan(root: &Path, plan: &Plan, force: bool) -> Result<Vec<PathBuf>, ScaffoldError> {
    if root.symlink_metadata().is_ok() && !root.is_dir() {
        return Err(ScaffoldError::NotADirectory {
            path: root.to_path_buf(),
        });
    }
    for f in &plan.files {
        let plain = !f.path.is_empty()
            && Path::new(&f.path)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !plain {
            return Err(ScaffoldError::UnsafePath {
                path: f.path.clone(),
            });
        }
    }
    let targets: Vec<PathBuf> = plan.files.iter().map(|f| root.join(&f.path)).collect();
    // The resource directory and every directory between it and the root, and each target.
    let mut on_the_way: Vec<PathBuf> = Vec::new();
    let mut walked = root.to_path_buf();
    for part in Path::new(&plan.dir).components() {
        walked.push(part);
        on_the_way.push(walked.clone());
    }
    on_the_way.extend(targets.iter().cloned());
    if let Some(link) = on_the_way.iter().find(|p| {
        p.symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink())
    }) {
        return Err(ScaffoldError::Symlink { path: link.clone() });
    }
    if !force {
        let existing: Vec<PathBuf> = targets
            .iter()
            .filter(|t| t.symlink_metadata().is_ok())
            .cloned()
            .collect();
        if !existing.is_empty() {
            return Err(ScaffoldError::Exists(existing));
        }
    }
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |cause| ScaffoldError::Write { path, cause }
    };
    std::fs::create_dir_all(root).map_err(io(root))?;
    let tmp = tempfile::Builder::new()
        .prefix(".antidote-tmp-")
        .tempdir_in(root)
        .map_err(io(root))?;
    let dir = root.join(&plan.dir);
    let replacing = !plan.dir.is_empty() && dir.is_dir();
    let new = tmp.path().join("new");
    if replacing {
        // Start from the resource as it is: files the plan does not name are kept.
        copy_tree(&dir, &new).map_err(io(&dir))?;
    }
    for f in &plan.files {
        let path = if plan.dir.is_empty() {
            new.join(&f.path)
        } else {
            new.join(
                Path::new(&f.path)
                    .strip_prefix(&plan.dir)
                    .unwrap_or(Path::new(&f.path)),
            )
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        if path.symlink_metadata().is_ok() {
            std::fs::remove_file(&path).map_err(io(&path))?;
        }
        std::fs::write(&path, &f.contents).map_err(io(&path))?;
        #[cfg(unix)]
        if f.executable {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))
                .map_err(io(&path))?;
        }
    }
    if plan.dir.is_empty() {
        // The curriculum's own files, at the root: one rename each.
        for f in &plan.files {
            let to = root.join(&f.path);
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent).map_err(io(parent))?;
            }
            std::fs::rename(new.join(&f.path), &to).map_err(io(&to))?;
        }
    } else if replacing {
        // Swap: the old directory aside (into the temporary directory, removed with it), the
        // new one in.
        let old = tmp.path().join("old");
        std::fs::rename(&dir, &old).map_err(io(&dir))?;
        if let Err(cause) = std::fs::rename(&new, &dir) {
            // Put the old one back: nothing changed.
            let _ = std::fs::rename(&old, &dir);
            return Err(ScaffoldError::Write { path: dir, cause });
        }
    } else {
        if let Some(parent) = dir.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::rename(&new, &dir).map_err(io(&dir))?;
    }
    tmp.close().map_err(io(root))?;
    Ok(targets)
}

/// Copies the directory `from` to the new directory `to`, keeping symbolic links as links and
/// file permissions.
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        let ty = entry.file_type()?;
        if ty.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else if ty.is_symlink() {
            #[cfg(unix)]
            std::os::unix::fs::symlink(std::fs::read_link(entry.path())?, &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
