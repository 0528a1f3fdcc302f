//! The wizards: `lesson create`, `collection create`, `image create` and `curriculum init`,
//! non-interactively into a copy of NRE Labs and interactively through a pseudo-terminal; each
//! result must pass `validate`.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::{antidotectl, copy_dir, repo};

/// A copy of NRE Labs to create resources in.
fn nrelabs() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("nrelabs");
    copy_dir(&repo().join("../shared/curricula/nrelabs"), &root);
    (tmp, root)
}

/// The error findings `validate` reports about files under `prefix`. NRE Labs has errors of its
/// own at the default tier (lessons whose images are missing) and none at `prod`, where every
/// resource these tests create is kept: so the whole curriculum must also pass at `prod`.
fn errors_under(root: &Path, prefix: &str) -> Vec<String> {
    let prod = antidotectl()
        .args(["validate", "--tier", "prod"])
        .arg(root)
        .output()
        .unwrap();
    assert_eq!(
        prod.status.code(),
        Some(0),
        "the curriculum with the new resource fails validation at prod:\n{}",
        String::from_utf8_lossy(&prod.stderr)
    );
    let out = antidotectl()
        .args(["validate", "--format", "json"])
        .arg(root)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"].as_str().unwrap().starts_with(prefix) && d["severity"] == "error")
        .map(|d| d.to_string())
        .collect()
}

fn run(root: &Path, args: &[&str]) -> (i32, String) {
    let out = antidotectl().current_dir(root).args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const LESSON: &str = "\
name: Routing with NAPALM
slug: routing-napalm
category: tools
tier: prod
description: Push configurations with NAPALM and check them with Python.
shortDescription: NAPALM
collection: juniper-networks
prereqs: [linux-basics]
endpoints:
- name: vqfx1
  image: vqfx-snap1
  configurationType: napalm
  presentations: [{name: cli, port: 22, type: ssh}]
- name: linux1
  image: utility
  configurationType: python
  presentations: [{name: cli, port: 22, type: ssh}]
- name: runner
  image: ansible
  configurationType: ansible
  additionalPorts: [8080]
connections:
- {a: vqfx1, b: linux1, subnet: 10.1.0.0/24}
stages:
- description: Look around
  guideType: markdown
  verification:
    objectives: [Log in to vqfx1, Ping linux1]
- description: Notebook
  guideType: jupyter
";

#[test]
fn lesson_create_without_prompts_writes_a_lesson_that_validates() {
    let (tmp, root) = nrelabs();
    let answers = tmp.path().join("answers.yaml");
    fs::write(&answers, LESSON).unwrap();
    // A driver for an endpoint that is not napalm-configured is a mistake, said at once.
    let (code, stderr) = run(
        &root,
        &[
            "lesson",
            "create",
            "--answers",
            answers.to_str().unwrap(),
            "--napalm-driver",
            "vqfx1=junos",
            "--napalm-driver",
            "vqfx9=eos",
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("no endpoint `vqfx9` is configured with napalm (those that are: vqfx1)"),
        "{stderr}"
    );
    assert!(!root.join("lessons/routing-napalm").exists());
    // An endpoint name that would make a path: refused by the schema, nothing written.
    let (code, stderr) = run(
        &root,
        &[
            "lesson",
            "create",
            "--answers",
            answers.to_str().unwrap(),
            "--napalm-driver",
            "vqfx1=junos",
            "--set",
            "endpoints.1.name=../../x",
        ],
    );
    assert_ne!(code, 0, "{stderr}");
    assert!(stderr.contains("endpoints.1.name"), "{stderr}");
    assert!(!root.join("lessons/routing-napalm").exists());
    assert!(!root.join("x.py").exists() && !tmp.path().join("x.py").exists());
    let (code, stderr) = run(
        &root,
        &[
            "lesson",
            "create",
            "--answers",
            answers.to_str().unwrap(),
            "--set",
            "tags=[napalm, python]",
            "--napalm-driver",
            "vqfx1=junos",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("lesson lessons/routing-napalm validates"),
        "{stderr}"
    );
    let lesson = root.join("lessons/routing-napalm");
    for file in [
        "lesson.meta.yaml",
        "stage0/guide.md",
        "stage0/configs/vqfx1-junos.txt",
        "stage0/configs/linux1.py",
        "stage0/configs/runner.yml",
        "stage0/objectives/objective0.py",
        "stage0/objectives/objective1.py",
        "stage1/guide.ipynb",
        "stage1/configs/vqfx1-junos.txt",
        "stage1/configs/linux1.py",
        "stage1/configs/runner.yml",
    ] {
        assert!(lesson.join(file).is_file(), "{file} missing");
    }
    let meta = fs::read_to_string(lesson.join("lesson.meta.yaml")).unwrap();
    assert!(meta.contains("tags:\n- napalm\n- python\n"), "{meta}");
    assert_eq!(
        errors_under(&root, "lessons/routing-napalm/"),
        Vec::<String>::new()
    );
}

#[test]
fn collection_and_image_create_without_prompts_validate() {
    let (_tmp, root) = nrelabs();
    let (code, stderr) = run(
        &root,
        &[
            "collection",
            "create",
            "--no-input",
            "--set",
            "slug=new-vendor",
            "--set",
            "title=New Vendor",
            "--set",
            "type=vendor",
            "--set",
            "tier=prod",
            "--set",
            "briefDescription=Lessons from a new vendor.",
            "--set",
            "website=https://example.com",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let (code, stderr) = run(
        &root,
        &[
            "image",
            "create",
            "--no-input",
            "--set",
            "slug=new-router",
            "--set",
            "description=A router",
            "--set",
            "flavor=trusted",
            "--set",
            "enableForwarding=true",
            "--set",
            "networkInterfaces=[eth1, eth2]",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        fs::read_to_string(root.join("images/new-router/image.meta.yaml")).unwrap(),
        "slug: new-router\ndescription: A router\nflavor: trusted\nenableForwarding: true\n\
         networkInterfaces:\n- eth1\n- eth2\n"
    );
    assert_eq!(
        errors_under(&root, "collections/new-vendor/"),
        Vec::<String>::new()
    );
    assert_eq!(
        errors_under(&root, "images/new-router/"),
        Vec::<String>::new()
    );
}

#[test]
fn curriculum_init_creates_a_curriculum_that_validates() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, stderr) = run(
        tmp.path(),
        &[
            "curriculum",
            "init",
            "new",
            "--set",
            "name=My Labs",
            "--set",
            "aVer=0.1.0",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        fs::read_to_string(tmp.path().join("new/curriculum.meta.yaml")).unwrap(),
        "name: My Labs\naVer: \"0.1.0\"\n"
    );
    antidotectl()
        .arg("validate")
        .arg(tmp.path().join("new"))
        .assert()
        .success();
}

#[test]
fn missing_answers_fail_at_once_listing_every_field_and_write_nothing() {
    let (_tmp, root) = nrelabs();
    // stdin is not a terminal (and is left open): the command must not wait on it.
    let out = antidotectl()
        .current_dir(&root)
        .args([
            "lesson",
            "create",
            "--set",
            "name=Half done",
            "--set",
            "endpoints.0.name=r1",
            "--set",
            "endpoints.0.configurationType=napalm",
        ])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    for field in [
        "slug",
        "category",
        "tier",
        "description",
        "shortDescription",
        "endpoints.0.image",
        "stages",
        "napalm driver of endpoint `r1`",
    ] {
        assert!(
            stderr.contains(&format!("\n  - {field}\n"))
                || stderr.ends_with(&format!("\n  - {field}\n")),
            "{field} not listed: {stderr}"
        );
    }
    assert!(
        stderr.contains("8 required answers are missing"),
        "{stderr}"
    );
    let lessons = fs::read_dir(root.join("lessons")).unwrap().count();
    assert_eq!(
        lessons,
        fs::read_dir(repo().join("../shared/curricula/nrelabs/lessons"))
            .unwrap()
            .count()
    );
    assert!(fs::read_dir(&root).unwrap().all(|e| {
        !e.unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with(".antidote-tmp")
    }));
}

#[test]
fn existing_files_are_refused_without_force_and_overwritten_with_it() {
    let (_tmp, root) = nrelabs();
    let file = root.join("images/utility/image.meta.yaml");
    let before = fs::read_to_string(&file).unwrap();
    let args = [
        "image",
        "create",
        "--set",
        "slug=utility",
        "--set",
        "description=Replaced",
        "--set",
        "flavor=untrusted",
        "--set",
        "sshUser=antidote",
        "--set",
        "sshPassword=antidotepassword",
    ];
    let (code, stderr) = run(&root, &args);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("refusing to overwrite existing files (pass --force"),
        "{stderr}"
    );
    assert!(
        stderr.contains("images/utility/image.meta.yaml"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), before);

    let mut forced = args.to_vec();
    forced.push("--force");
    let (code, stderr) = run(&root, &forced);
    assert_eq!(code, 0, "{stderr}");
    let after = fs::read_to_string(&file).unwrap();
    assert!(after.contains("description: Replaced"), "{after}");
    assert_eq!(errors_under(&root, "images/utility/"), Vec::<String>::new());
}

#[test]
fn answers_that_would_not_validate_write_nothing() {
    let (_tmp, root) = nrelabs();
    let (code, stderr) = run(
        &root,
        &[
            "lesson",
            "create",
            "--set",
            "name=Ghost",
            "--set",
            "slug=ghost",
            "--set",
            "category=tools",
            "--set",
            "tier=prod",
            "--set",
            "description=d",
            "--set",
            "shortDescription=s",
            "--set",
            "endpoints.0.name=a",
            "--set",
            "endpoints.0.image=no-such-image",
            "--set",
            "endpoints.0.additionalPorts=[22]",
            "--set",
            "stages.0.guideType=markdown",
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("AD301"), "{stderr}");
    assert!(!root.join("lessons/ghost").exists());
}

#[test]
fn the_interactive_lesson_wizard_runs_in_a_terminal() {
    let (tmp, root) = nrelabs();
    let answers = tmp.path().join("answers.yaml");
    fs::write(
        &answers,
        "description: A lesson made in a terminal.\nshortDescription: Terminal\n\
         endpoints:\n- name: linux1\n  image: utility\n  presentations: [{name: cli, port: 22, type: ssh}]\n\
         stages:\n- guideType: markdown\n",
    )
    .unwrap();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("antidotectl"));
    cmd.current_dir(&root)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .args(["lesson", "create", "--answers"])
        .arg(&answers);
    let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).unwrap();
    p.exp_regex(r"\? name ").unwrap();
    p.send_line("Terminal Lesson").unwrap();
    p.exp_regex(r"\? slug ").unwrap();
    // An invalid slug first: the pattern is explained and the question asked again.
    p.send_line("Bad Slug").unwrap();
    p.exp_string("lower-case letters and dashes only").unwrap();
    p.exp_regex(r"\? slug ").unwrap();
    p.send_line("terminal-lesson").unwrap();
    p.exp_regex(r"\? category ").unwrap();
    p.send_line("").unwrap(); // fundamentals
    p.exp_regex(r"\? tier ").unwrap();
    p.send_line("").unwrap(); // prod
    // The optional questions, each skipped with Enter.
    for question in [
        "diagram",
        "video",
        "collection",
        "prereqs",
        "tags",
        "readyDelay",
        "allowEgress",
        "authors",
        "connections",
    ] {
        p.exp_regex(&format!(r"\? (add )?{question}\??\s")).unwrap();
        p.send_line("").unwrap();
    }
    p.exp_string("lesson lessons/terminal-lesson validates")
        .unwrap();
    p.exp_eof().unwrap();

    let meta = fs::read_to_string(root.join("lessons/terminal-lesson/lesson.meta.yaml")).unwrap();
    assert!(
        meta.starts_with(
            "name: Terminal Lesson\nslug: terminal-lesson\ncategory: fundamentals\ntier: prod\n"
        ),
        "{meta}"
    );
    assert!(
        root.join("lessons/terminal-lesson/stage0/guide.md")
            .is_file()
    );
    assert_eq!(
        errors_under(&root, "lessons/terminal-lesson/"),
        Vec::<String>::new()
    );
}

#[test]
fn interrupting_the_wizard_leaves_no_files() {
    let (_tmp, root) = nrelabs();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("antidotectl"));
    cmd.current_dir(&root)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .args(["lesson", "create"]);
    let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).unwrap();
    p.exp_regex(r"\? name ").unwrap();
    p.send_line("Never Finished").unwrap();
    p.exp_regex(r"\? slug ").unwrap();
    p.send_control('c').unwrap();
    p.exp_string("interrupted: nothing was written").unwrap();
    p.exp_eof().unwrap();
    assert!(!root.join("lessons/never-finished").exists());
    let stray: Vec<_> = fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".antidote-tmp"))
        .collect();
    assert_eq!(stray, Vec::<String>::new());
    assert_eq!(
        fs::read_dir(root.join("lessons")).unwrap().count(),
        fs::read_dir(repo().join("../shared/curricula/nrelabs/lessons"))
            .unwrap()
            .count()
    );
}

#[test]
fn interrupting_a_list_prompt_restores_the_cursor_and_writes_nothing() {
    let (_tmp, root) = nrelabs();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("antidotectl"));
    cmd.current_dir(&root)
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .args(["lesson", "create"]);
    let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).unwrap();
    p.exp_regex(r"\? name ").unwrap();
    p.send_line("Never Finished").unwrap();
    p.exp_regex(r"\? slug ").unwrap();
    p.send_line("never-finished").unwrap();
    // The category is a list: it reads keys, with the cursor hidden.
    p.exp_regex(r"\? category ").unwrap();
    p.send_control('c').unwrap();
    let before = p.exp_string("interrupted: nothing was written").unwrap();
    p.exp_eof().unwrap();
    assert!(
        before.contains("\x1b[?25h"),
        "the cursor is shown again: {before:?}"
    );
    assert!(!root.join("lessons/never-finished").exists());
}
