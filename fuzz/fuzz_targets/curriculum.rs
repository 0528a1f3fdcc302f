//! The YAML loader and the validator on any text: one file of a copy of the examples
//! curriculum (chosen by the first byte) is replaced by the input, and the whole curriculum is
//! loaded and validated. Whatever the text, validation returns a report: no panic, no hang,
//! and a finding for every file that cannot be read.

#![no_main]

use std::path::PathBuf;
use std::sync::LazyLock;

use antidote_lib::curriculum::Tier;
use antidote_lib::curriculum::yaml;
use antidote_lib::validate::{Options, validate_dir};
use libfuzzer_sys::fuzz_target;

/// The files an input may replace.
const TARGETS: [&str; 7] = [
    "curriculum.meta.yaml",
    "images/linux-shell/image.meta.yaml",
    "collections/antidote-examples/collection.meta.yaml",
    "lessons/shell-first-steps/lesson.meta.yaml",
    "lessons/network-config-basics/lesson.meta.yaml",
    "lessons/shell-first-steps/stage0/guide.md",
    "lessons/network-config-basics/stage1/guide.ipynb",
];

/// A copy of the examples, made once per process.
static ROOT: LazyLock<(tempfile::TempDir, PathBuf)> = LazyLock::new(|| {
    let tmp = tempfile::tempdir().unwrap();
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../curriculum-examples");
    copy(&examples, tmp.path());
    let root = tmp.path().to_path_buf();
    (tmp, root)
});

fn copy(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&choice, text)) = data.split_first() else {
        return;
    };
    if let Ok(text) = std::str::from_utf8(text) {
        // The parser alone: an error or a document, never a panic.
        let _ = yaml::parse(text);
    }
    let (_, root) = &*ROOT;
    let file = root.join(TARGETS[usize::from(choice) % TARGETS.len()]);
    let original = std::fs::read(&file).unwrap();
    std::fs::write(&file, text).unwrap();
    let validated = validate_dir(
        root,
        &Options {
            tier: Tier::Local,
            ..Options::default()
        },
    );
    std::fs::write(&file, original).unwrap();
    let validated = validated.expect("the root is still a curriculum");
    // Text that is not the original file's may still be valid; but the report is consistent.
    let report = &validated.report;
    assert_eq!(
        report.has_errors(),
        report
            .diagnostics
            .iter()
            .any(|d| d.severity == antidote_lib::validate::Severity::Error)
    );
});
