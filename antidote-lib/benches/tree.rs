//! The benchmark tree: the real NRE Labs curriculum replicated to 2,500 lessons with renamed
//! slugs (letters only, as slugs allow `a-z` and `-`), prerequisites renamed along. Lesson
//! files other than `lesson.meta.yaml` are hard links, so the tree is cheap to build.

use std::fs;
use std::path::{Path, PathBuf};

/// Copies of the real curriculum in the tree.
pub const COPIES: usize = 100;

/// The images the real curriculum's ptr lessons use but never defined.
const MISSING_IMAGES: [&str; 4] = ["frr", "container-vqfx", "kali", "wordpress"];

/// The tree plus definitions of the four images the real curriculum lacks, so that every
/// lesson validates at tier local and all 2,500 import.
#[allow(dead_code, reason = "used by the import bench only")]
pub fn nrelabs_2500_complete() -> PathBuf {
    let base = nrelabs_2500();
    let root = base.with_file_name("nrelabs-2500-complete");
    if root.join(".complete").exists() {
        return root;
    }
    let _ = fs::remove_dir_all(&root);
    copy_tree(&base, &root, true);
    for image in MISSING_IMAGES {
        let dir = root.join("images").join(image);
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("image.meta.yaml"),
            format!("slug: {image}\ndescription: {image}\nflavor: untrusted\nsshUser: antidote\nsshPassword: antidotepassword\n"),
        )
        .unwrap();
    }
    fs::write(root.join(".complete"), "").unwrap();
    root
}

/// Builds the tree under `target/bench-curricula/` once and returns its root.
pub fn nrelabs_2500() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let source = manifest.join("../../shared/curricula/nrelabs");
    let source = if source.exists() {
        source
    } else {
        manifest.join("../shared/curricula/nrelabs")
    };
    let source = source
        .canonicalize()
        .expect("../shared/curricula/nrelabs beside the repository");
    let root = manifest.join("../target/bench-curricula/nrelabs-2500");
    if root.join(".complete").exists() {
        return root;
    }
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(root.join("lessons")).unwrap();
    fs::copy(
        source.join("curriculum.meta.yaml"),
        root.join("curriculum.meta.yaml"),
    )
    .unwrap();
    for dir in ["images", "collections"] {
        copy_tree(&source.join(dir), &root.join(dir), false);
    }
    let mut slugs: Vec<String> = fs::read_dir(source.join("lessons"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    slugs.sort();
    for k in 0..COPIES {
        let suffix = suffix(k);
        for slug in &slugs {
            let from = source.join("lessons").join(slug);
            let to = root.join("lessons").join(format!("{slug}-{suffix}"));
            copy_tree(&from, &to, true);
            let meta = fs::read_to_string(from.join("lesson.meta.yaml")).unwrap();
            let renamed: String = meta
                .lines()
                .map(|line| {
                    let trimmed = line.trim();
                    if let Some(value) = trimmed.strip_prefix("slug:") {
                        format!("slug: {}-{suffix}", value.trim())
                    } else if let Some(item) = trimmed.strip_prefix("- ")
                        && slugs.iter().any(|s| s == item.trim())
                    {
                        format!("{line}-{suffix}")
                    } else {
                        line.to_owned()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            fs::write(to.join("lesson.meta.yaml"), renamed + "\n").unwrap();
        }
    }
    fs::write(root.join(".complete"), "").unwrap();
    root
}

/// `aa`, `ab`, ... for copy `k`.
fn suffix(k: usize) -> String {
    let letters = b"abcdefghijklmnopqrstuvwxyz";
    format!("{}{}", letters[k / 26] as char, letters[k % 26] as char)
}

/// Copies a tree; with `link`, files are hard links (the lesson meta file is rewritten after).
fn copy_tree(from: &Path, to: &Path, link: bool) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target, link);
        } else if entry.file_name() == ".complete" {
            continue;
        } else if link && entry.file_name() != "lesson.meta.yaml" {
            fs::hard_link(entry.path(), &target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}
