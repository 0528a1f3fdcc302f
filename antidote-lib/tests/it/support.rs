//! Paths and file helpers shared by the tests.

use std::fs;
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The bundled examples.
pub fn examples() -> PathBuf {
    repo().join("curriculum-examples")
}

/// The real NRE Labs curriculum (read-only: copy it before changing it).
pub fn nrelabs() -> PathBuf {
    let path = repo().join("../shared/curricula/nrelabs");
    assert!(
        path.join("curriculum.meta.yaml").is_file(),
        "the NRE Labs curriculum is missing at {}: tests need ../shared/curricula/nrelabs beside the repository",
        path.display()
    );
    path
}

/// Copies the directory `from` into the new directory `to`, keeping symlinks as symlinks.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        let ty = entry.file_type().unwrap();
        if ty.is_dir() {
            copy_dir(&entry.path(), &target);
        } else if ty.is_symlink() {
            std::os::unix::fs::symlink(fs::read_link(entry.path()).unwrap(), &target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A fresh copy of `base` in a temporary directory (kept alive by the returned guard).
pub fn copy_of(base: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("curriculum");
    copy_dir(base, &root);
    (tmp, root)
}

/// Compares `actual` with the committed file at `path` (relative to the repository root);
/// with `UPDATE_GENERATED=1` in the environment, rewrites the file instead.
pub fn assert_generated(path: &str, actual: &str) {
    let file = repo().join(path);
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(&file, actual).unwrap();
        return;
    }
    let committed = fs::read_to_string(&file).unwrap_or_default();
    assert!(
        committed == actual,
        "{path} is stale: run `UPDATE_GENERATED=1 cargo test` and commit the result"
    );
}

pub use antidote_lib::comms::testing::{NatsAuth, NatsServer, free_port};
pub use antidote_lib::store::testing::{PgDatabase, engines};
