//! Shell completions and the man page are generated from the CLI definition and committed;
//! these tests fail when the committed files are stale (`UPDATE_GENERATED=1 cargo test`
//! rewrites them).

use clap_complete::Shell;

use crate::repo;

fn assert_generated(path: &str, actual: &[u8]) {
    let file = repo().join(path);
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, actual).unwrap();
        return;
    }
    let committed = std::fs::read(&file).unwrap_or_default();
    assert!(
        committed == actual,
        "{path} is stale: run `UPDATE_GENERATED=1 cargo test` and commit the result"
    );
}

#[test]
fn completions_are_fresh() {
    for (shell, file) in [
        (Shell::Bash, "antidotectl.bash"),
        (Shell::Zsh, "_antidotectl"),
        (Shell::Fish, "antidotectl.fish"),
        (Shell::PowerShell, "_antidotectl.ps1"),
        (Shell::Elvish, "antidotectl.elv"),
    ] {
        let script = antidotectl::commands::completions::completions(shell);
        assert!(!script.is_empty());
        assert_generated(&format!("completions/{file}"), &script);
    }
}

#[test]
fn completions_command_prints_the_committed_script() {
    let out = crate::antidotectl()
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        out.stdout,
        std::fs::read(repo().join("completions/antidotectl.bash")).unwrap()
    );
}

#[test]
fn man_page_is_fresh() {
    let page = antidotectl::commands::completions::man_page().unwrap();
    assert!(String::from_utf8_lossy(&page).contains(".TH antidotectl"));
    assert_generated("docs/antidotectl.1", &page);
}
