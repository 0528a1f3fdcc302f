//! antidotectl's integration tests: the real binary through assert_cmd, one module per area.

mod db;
mod generated;
mod kubernetes;
mod run;
mod scaffold;
mod schema;
mod serve;
mod shell;
mod test;
mod validate;

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The command under test, with colors off and a stable environment.
pub fn antidotectl() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("antidotectl").unwrap();
    cmd.env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
    cmd
}

/// Copies the directory `from` into the new directory `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
