//! Import on both engines: the real curriculum, refusals that change nothing, git sources,
//! and readers during an import.

use std::path::Path;
use std::sync::Arc;

use antidote_lib::curriculum::Tier;
use antidote_lib::import::{ImportError, ImportOptions, import};
use antidote_lib::store::Store;
use antidote_lib::store::resources::CurriculumStatus;

use crate::support::{PgDatabase, copy_of, engines, examples, nrelabs};

fn options(source: &Path, tier: Tier) -> ImportOptions {
    ImportOptions {
        source: source.display().to_string(),
        reference: None,
        tier,
        ..ImportOptions::default()
    }
}

async fn run(store: &Store, options: &ImportOptions) -> Result<CurriculumStatus, ImportError> {
    import(store, options, Arc::new(())).await.map(|i| i.status)
}

fn counts(s: &CurriculumStatus) -> (i64, i64, i64) {
    (s.lessons, s.images, s.collections)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_curriculum_at_tier_prod_is_stored_with_its_files() {
    for (engine, url, _guard) in engines().await {
        let store = Store::open(&url).await.unwrap();
        let status = run(&store, &options(&nrelabs(), Tier::Prod)).await.unwrap();
        assert_eq!(counts(&status), (18, 14, 6), "{engine}");
        assert_eq!(status.name, "nrelabs");
        assert_eq!(status.commit, None);
        assert_eq!(store.curriculum_status().await.unwrap().unwrap(), status);

        let lesson = store.lesson("linux-basics").await.unwrap().unwrap();
        assert_eq!(lesson.endpoints[0].image, "utility");
        assert!(
            store
                .lesson("pentesting-automated")
                .await
                .unwrap()
                .is_none(),
            "{engine}: a ptr lesson was imported at tier prod"
        );
        let guide = store
            .lesson_file(
                "napalm-multi-vendor-network-automation",
                "stage1/guide.ipynb",
            )
            .await
            .unwrap()
            .unwrap();
        let on_disk = std::fs::read(
            nrelabs().join("lessons/napalm-multi-vendor-network-automation/stage1/guide.ipynb"),
        )
        .unwrap();
        assert_eq!(guide, on_disk, "{engine}");
        let paths = store.lesson_file_paths("linux-basics").await.unwrap();
        assert_eq!(paths, ["lesson.meta.yaml", "stage0/guide.md"], "{engine}");
        store.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reimport_is_idempotent() {
    for (engine, url, _guard) in engines().await {
        let store = Store::open(&url).await.unwrap();
        let first = run(&store, &options(&nrelabs(), Tier::Prod)).await.unwrap();
        let (lessons, blobs) = (
            store.lessons().await.unwrap(),
            store.blob_count().await.unwrap(),
        );
        let second = run(&store, &options(&nrelabs(), Tier::Prod)).await.unwrap();
        assert_eq!(counts(&first), counts(&second), "{engine}");
        assert_eq!(store.lessons().await.unwrap(), lessons, "{engine}");
        assert_eq!(store.blob_count().await.unwrap(), blobs, "{engine}");
        store.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_refuse_the_import_and_change_nothing() {
    for (engine, url, _guard) in engines().await {
        let store = Store::open(&url).await.unwrap();
        let before = run(&store, &options(&nrelabs(), Tier::Prod)).await.unwrap();
        let blobs = store.blob_count().await.unwrap();

        // At the default tier, the four ptr lessons with undefined images are errors.
        let Err(ImportError::Invalid { report }) =
            run(&store, &options(&nrelabs(), Tier::Local)).await
        else {
            panic!("{engine}: the import at tier local was not refused");
        };
        let mut lessons: Vec<&str> = report
            .diagnostics
            .iter()
            .filter(|d| d.code == "AD301")
            .map(|d| d.file.as_str())
            .collect();
        lessons.dedup();
        assert_eq!(report.summary.errors, 7, "{engine}");
        assert_eq!(
            lessons,
            [
                "lessons/free-range-routing-introduction/lesson.meta.yaml",
                "lessons/jet-extending-junos/lesson.meta.yaml",
                "lessons/openconfig-vendor-neutral/lesson.meta.yaml",
                "lessons/pentesting-automated/lesson.meta.yaml",
            ]
        );
        assert_eq!(
            store.curriculum_status().await.unwrap().unwrap(),
            before,
            "{engine}"
        );

        // A broken curriculum: the same.
        let (_tmp, broken) = copy_of(&examples());
        std::fs::remove_file(broken.join("lessons/shell-first-steps/stage0/guide.md")).unwrap();
        assert!(
            matches!(
                run(&store, &options(&broken, Tier::Local)).await,
                Err(ImportError::Invalid { .. })
            ),
            "{engine}"
        );
        // Not a curriculum, and a source that does not exist: the same.
        let empty = tempfile::tempdir().unwrap();
        let err = run(&store, &options(empty.path(), Tier::Local))
            .await
            .unwrap_err();
        assert!(
            err.to_string().contains("is not a curriculum"),
            "{engine}: {err}"
        );
        let err = run(&store, &options(&empty.path().join("missing"), Tier::Local))
            .await
            .unwrap_err();
        assert!(
            err.to_string().contains("no such directory"),
            "{engine}: {err}"
        );

        assert_eq!(
            store.curriculum_status().await.unwrap().unwrap(),
            before,
            "{engine}"
        );
        assert_eq!(store.blob_count().await.unwrap(), blobs, "{engine}");
        store.close().await;
    }
}

/// A repository with two commits and a tag: v1 has the three example lessons, the second
/// commit (on `main`) removes web-dashboards.
fn repository() -> (tempfile::TempDir, String, String) {
    let (tmp, root) = copy_of(&examples());
    let repo = git2::Repository::init_opts(
        &root,
        git2::RepositoryInitOptions::new().initial_head("main"),
    )
    .unwrap();
    let sig = git2::Signature::now("Test", "test@example.org").unwrap();
    let commit_all = |message: &str, parent: Option<&git2::Commit<'_>>| {
        let mut index = repo.index().unwrap();
        index
            .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
            .unwrap();
        index.update_all(["*"], None).unwrap();
        index.write().unwrap();
        let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
        let parents: Vec<&git2::Commit<'_>> = parent.into_iter().collect();
        repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
            .unwrap()
    };
    let first = commit_all("three lessons", None);
    let first_commit = repo.find_commit(first).unwrap();
    repo.tag_lightweight("v1", first_commit.as_object(), false)
        .unwrap();
    std::fs::remove_dir_all(root.join("lessons/web-dashboards")).unwrap();
    let second = commit_all("two lessons", Some(&first_commit));
    (tmp, first.to_string(), second.to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn git_sources_import_the_right_commit() {
    let (tmp, v1, main) = repository();
    let path = tmp.path().join("curriculum");
    let url = format!("file://{}", path.display());
    for (engine, db, _guard) in engines().await {
        let store = Store::open(&db).await.unwrap();
        let git = |reference: Option<&str>| ImportOptions {
            source: url.clone(),
            reference: reference.map(str::to_owned),
            tier: Tier::Local,
            ..ImportOptions::default()
        };

        let status = run(&store, &git(Some("v1"))).await.unwrap();
        assert_eq!(
            (status.lessons, status.commit.as_deref()),
            (3, Some(v1.as_str())),
            "{engine}"
        );
        assert_eq!(status.source, url);
        let status = run(&store, &git(Some("main"))).await.unwrap();
        assert_eq!(
            (status.lessons, status.commit.as_deref()),
            (2, Some(main.as_str())),
            "{engine}"
        );
        let status = run(&store, &git(Some(&v1[..10]))).await.unwrap();
        assert_eq!(
            (status.lessons, status.commit.as_deref()),
            (3, Some(v1.as_str())),
            "{engine}: by abbreviated commit id"
        );
        let status = run(&store, &git(None)).await.unwrap();
        assert_eq!(
            status.commit.as_deref(),
            Some(main.as_str()),
            "{engine}: HEAD"
        );
        // A local repository path with --ref is cloned too; without, the clean work tree's
        // HEAD is recorded.
        let local = ImportOptions {
            source: path.display().to_string(),
            reference: Some("v1".into()),
            tier: Tier::Local,
            ..ImportOptions::default()
        };
        assert_eq!(
            run(&store, &local).await.unwrap().commit.as_deref(),
            Some(v1.as_str()),
            "{engine}"
        );
        let status = run(
            &store,
            &ImportOptions {
                reference: None,
                ..local.clone()
            },
        )
        .await
        .unwrap();
        assert_eq!(
            (status.lessons, status.commit.as_deref()),
            (2, Some(main.as_str())),
            "{engine}"
        );
        let before = store.curriculum_status().await.unwrap().unwrap();

        let err = run(&store, &git(Some("v2"))).await.unwrap_err();
        assert!(
            matches!(err, ImportError::RefNotFound { .. }),
            "{engine}: {err}"
        );
        assert!(
            err.to_string().contains("no branch, tag or commit `v2`"),
            "{err}"
        );
        let missing = ImportOptions {
            source: format!("file://{}/nothing-here", tmp.path().display()),
            reference: None,
            tier: Tier::Local,
            ..ImportOptions::default()
        };
        let err = run(&store, &missing).await.unwrap_err();
        assert!(matches!(err, ImportError::Clone { .. }), "{engine}: {err}");
        assert!(err.to_string().starts_with("cannot clone file://"), "{err}");
        let not_a_repo = ImportOptions {
            source: examples().display().to_string(),
            reference: Some("main".into()),
            tier: Tier::Local,
            ..ImportOptions::default()
        };
        let err = run(&store, &not_a_repo).await.unwrap_err();
        assert!(
            err.to_string().contains("needs a git repository"),
            "{engine}: {err}"
        );

        // A repository that is no curriculum.
        let other = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(other.path()).unwrap();
        std::fs::write(other.path().join("README.md"), "not a curriculum\n").unwrap();
        let mut index = repo.index().unwrap();
        index.add_path(Path::new("README.md")).unwrap();
        let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
        let sig = git2::Signature::now("Test", "test@example.org").unwrap();
        repo.commit(Some("HEAD"), &sig, &sig, "readme", &tree, &[])
            .unwrap();
        let err = run(
            &store,
            &ImportOptions {
                source: format!("file://{}", other.path().display()),
                reference: None,
                tier: Tier::Local,
                ..ImportOptions::default()
            },
        )
        .await
        .unwrap_err();
        assert!(
            err.to_string().contains("is not a curriculum"),
            "{engine}: {err}"
        );

        assert_eq!(
            store.curriculum_status().await.unwrap().unwrap(),
            before,
            "{engine}: a failed import changed the store"
        );
        store.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readers_during_an_import_see_the_old_or_the_new_curriculum() {
    let pg = PgDatabase::new().await;
    let store = Store::open(&pg.url).await.unwrap();
    let small = run(&store, &options(&examples(), Tier::Local))
        .await
        .unwrap();
    // The two curricula share no lesson: switching between them is asked for.
    let switch = |source: &Path, tier: Tier| ImportOptions {
        max_removed_percent: None,
        ..options(source, tier)
    };
    let large = run(&store, &switch(&nrelabs(), Tier::Prod)).await.unwrap();
    let shape = |s: &CurriculumStatus| (s.name.clone(), counts(s));
    let allowed = [shape(&small), shape(&large)];

    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let (store, done, allowed) = (store.clone(), Arc::clone(&done), allowed.clone());
        tokio::spawn(async move {
            let mut seen = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                let status = store
                    .curriculum_status()
                    .await
                    .unwrap()
                    .expect("a curriculum is always there");
                assert!(
                    allowed.contains(&shape(&status)),
                    "a reader saw a mix: {status:?}"
                );
                // A second reader view: the lesson list agrees with one of the two curricula.
                let n = store.lessons().await.unwrap().len() as i64;
                assert!(
                    n == small.lessons || n == large.lessons,
                    "a reader saw {n} lessons"
                );
                seen += 1;
            }
            seen
        })
    };
    for i in 0..6 {
        let source = if i % 2 == 0 {
            switch(&examples(), Tier::Local)
        } else {
            switch(&nrelabs(), Tier::Prod)
        };
        run(&store, &source).await.unwrap();
    }
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let reads = reader.await.unwrap();
    assert!(reads > 5, "the reader only got {reads} reads in");
    store.close().await;
}

/// Which git sources work, as the README says: `git://` (git's own protocol) is cloned; TLS and
/// SSH transports are not built in and say so, and what to do instead.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn git_protocol_sources_are_cloned_and_https_and_ssh_say_what_to_do() {
    let (tmp, _v1, main) = repository();
    let port = crate::support::free_port();
    let mut daemon = std::process::Command::new("git")
        .args([
            "daemon",
            "--reuseaddr",
            "--export-all",
            "--listen=127.0.0.1",
        ])
        .arg(format!("--port={port}"))
        .arg(format!("--base-path={}", tmp.path().display()))
        .arg(tmp.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("git daemon (part of git) is needed for this test");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "git daemon did not start"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let store = Store::open(&antidote_lib::store::DatabaseUrl::Sqlite(
        tmp.path().join("a.db"),
    ))
    .await
    .unwrap();
    let git = ImportOptions {
        source: format!("git://127.0.0.1:{port}/curriculum"),
        reference: None,
        tier: Tier::Local,
        ..ImportOptions::default()
    };
    let status = run(&store, &git).await;
    let _ = daemon.kill();
    let _ = daemon.wait();
    let status = status.unwrap();
    assert_eq!(
        (status.lessons, status.commit.as_deref()),
        (2, Some(main.as_str()))
    );
    for url in [
        "https://git.invalid/labs.git",
        "ssh://git@git.invalid/labs.git",
    ] {
        let err = run(
            &store,
            &ImportOptions {
                source: url.into(),
                ..git.clone()
            },
        )
        .await
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("clones local paths, file:// and git:// URLs")
                && err.contains("clone other repositories yourself"),
            "{url}: {err}"
        );
    }
    // Nothing of the refused sources replaced what was imported.
    let now = store.curriculum_status().await.unwrap().unwrap();
    assert_eq!(now.commit.as_deref(), Some(main.as_str()));
}

/// A curriculum that lost its lessons does not replace a good one: a lesson directory that
/// cannot be a slug is an error, and an import that removes every lesson, or more than the
/// share allowed, is refused unless asked for.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_that_loses_lessons_asks_for_allow_shrink() {
    for (engine, url, _guard) in engines().await {
        let store = Store::open(&url).await.unwrap();
        run(&store, &options(&examples(), Tier::Local))
            .await
            .unwrap();
        let before = store.curriculum_status().await.unwrap().unwrap();
        assert_eq!(before.lessons, 3, "{engine}");

        // lessons/..demo: today's trap, a directory skipped without a word.
        let (_tmp, hidden) = copy_of(&examples());
        std::fs::rename(
            hidden.join("lessons/shell-first-steps"),
            hidden.join("lessons/..demo"),
        )
        .unwrap();
        let err = run(&store, &options(&hidden, Tier::Local))
            .await
            .unwrap_err();
        let ImportError::Invalid { report } = err else {
            panic!("{engine}: {err}");
        };
        assert!(
            report
                .diagnostics
                .iter()
                .any(|d| d.code == "AD010" && d.file == "lessons/..demo"),
            "{engine}: {:?}",
            report.diagnostics
        );

        // Every lesson gone.
        let (_tmp, empty) = copy_of(&examples());
        std::fs::remove_dir_all(empty.join("lessons")).unwrap();
        std::fs::create_dir(empty.join("lessons")).unwrap();
        std::fs::remove_dir_all(empty.join("collections")).unwrap();
        let err = run(&store, &options(&empty, Tier::Local))
            .await
            .unwrap_err();
        let text = err.to_string();
        assert!(
            matches!(&err, ImportError::Shrink { before: 3, after: 0, removed } if removed.len() == 3),
            "{engine}: {text}"
        );
        assert!(
            text.contains("remove 3 of the 3 lessons") && text.contains("--allow-shrink"),
            "{engine}: {text}"
        );
        // Two of three (67 % > 50 %).
        let (_tmp, one) = copy_of(&examples());
        for l in ["network-config-basics", "web-dashboards"] {
            std::fs::remove_dir_all(one.join("lessons").join(l)).unwrap();
        }
        let err = run(&store, &options(&one, Tier::Local)).await.unwrap_err();
        assert!(matches!(err, ImportError::Shrink { .. }), "{engine}: {err}");
        assert_eq!(
            store.curriculum_status().await.unwrap().unwrap(),
            before,
            "{engine}: nothing changed"
        );
        // Asked for, it is done.
        let allowed = ImportOptions {
            max_removed_percent: None,
            ..options(&one, Tier::Local)
        };
        assert_eq!(run(&store, &allowed).await.unwrap().lessons, 1, "{engine}");
        store.close().await;
    }
}

/// Makes `file` `bytes` long without writing them (a sparse file).
fn grow(file: &Path, bytes: u64) {
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(file)
        .unwrap()
        .set_len(bytes)
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_refuses_files_over_the_size_limits_without_reading_them() {
    const TIB: u64 = 1 << 40;
    // What grows past which limit, and the finding expected. Sizes of a TiB prove that
    // nothing is read past the limit: reading one would not end (or exhaust memory).
    /// What, the files grown to their sizes, the code and the file of the finding.
    type Case = (
        &'static str,
        &'static [(&'static str, u64)],
        &'static str,
        &'static str,
    );
    let cases: [Case; 5] = [
        (
            "meta file",
            &[("lessons/web-dashboards/lesson.meta.yaml", TIB)],
            "AD011",
            "lessons/web-dashboards/lesson.meta.yaml",
        ),
        (
            "guide",
            &[("lessons/web-dashboards/stage0/guide.md", TIB)],
            "AD012",
            "lessons/web-dashboards/stage0/guide.md",
        ),
        (
            "notebook",
            &[("lessons/network-config-basics/stage1/guide.ipynb", TIB)],
            "AD013",
            "lessons/network-config-basics/stage1/guide.ipynb",
        ),
        (
            "file",
            &[("lessons/web-dashboards/diagram.svg", TIB)],
            "AD014",
            "lessons/web-dashboards/diagram.svg",
        ),
        (
            "lesson",
            &[
                ("lessons/shell-first-steps/data/one.bin", 30 << 20),
                ("lessons/shell-first-steps/data/two.bin", 30 << 20),
                ("lessons/shell-first-steps/data/three.bin", 30 << 20),
            ],
            "AD015",
            "lessons/shell-first-steps",
        ),
    ];
    for (engine, url, _guard) in engines().await {
        let store = Store::open(&url).await.unwrap();
        run(&store, &options(&examples(), Tier::Local))
            .await
            .unwrap();
        let before = store.curriculum_status().await.unwrap().unwrap();
        let blobs = store.blob_count().await.unwrap();
        for (what, grown, code, file) in cases {
            let (_tmp, root) = copy_of(&examples());
            for (path, bytes) in grown {
                grow(&root.join(path), *bytes);
            }
            let err = run(&store, &options(&root, Tier::Local)).await.unwrap_err();
            let ImportError::Invalid { report } = &err else {
                panic!("{engine}, {what}: {err}");
            };
            // One finding about sizes: the one of the file (or lesson) at fault.
            let sizes: Vec<_> = report
                .diagnostics
                .iter()
                .filter(|d| ["AD011", "AD012", "AD013", "AD014", "AD015"].contains(&d.code))
                .collect();
            assert_eq!(sizes.len(), 1, "{engine}, {what}: {sizes:#?}");
            let found = sizes[0];
            assert_eq!(found.code, code, "{engine}, {what}");
            assert_eq!(found.file, file, "{engine}, {what}");
            assert!(
                found.message.contains("over the limit of") && found.message.contains("bytes"),
                "{engine}, {what}: {}",
                found.message
            );
            assert_eq!(
                store.curriculum_status().await.unwrap().unwrap(),
                before,
                "{engine}, {what}: nothing changed"
            );
            assert_eq!(store.blob_count().await.unwrap(), blobs, "{engine}, {what}");
        }
        // Raised limits let the same lesson in: the limits are settings.
        let (_tmp, root) = copy_of(&examples());
        grow(
            &root.join("lessons/web-dashboards/stage0/guide.md"),
            5 << 20,
        );
        let raised = ImportOptions {
            limits: antidote_lib::config::Limits {
                guide_bytes: 6 << 20,
                ..Default::default()
            },
            ..options(&root, Tier::Local)
        };
        run(&store, &raised).await.unwrap();
        assert_eq!(
            store
                .lesson_file("web-dashboards", "stage0/guide.md")
                .await
                .unwrap()
                .map(|g| g.len()),
            Some(5 << 20),
            "{engine}"
        );
        store.close().await;
    }
}
