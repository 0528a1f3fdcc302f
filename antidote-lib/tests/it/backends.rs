//! The backend conformance suite on every backend this machine runs (the preview backend,
//! plain and recording, and the test backend), and the environment a backend is handed,
//! built from the store.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use antidote_lib::config::PreviewConfig;
use antidote_lib::curriculum::{Image, Lesson, Tier};
use antidote_lib::import::{ImportOptions, import};
use antidote_lib::provision::conformance::{self, Harness};
use antidote_lib::provision::preview::read_record;
use antidote_lib::provision::testing::{Script, ScriptedBackend};
use antidote_lib::provision::{Backend, DirFiles, Environment, PreviewBackend};
use antidote_lib::store::Store;
use antidote_lib::store::state::NewLiveLesson;
use antidote_lib::validate::{Options, validate_dir};
use futures_util::FutureExt as _;
use futures_util::future::BoxFuture;

use crate::support::{engines, examples};

/// A lesson of the examples with endpoints, a connection and several stages.
const LESSON: &str = "network-config-basics";

/// [`LESSON`] of the examples, with the images it needs.
#[derive(Clone)]
struct Example {
    lesson: Lesson,
    images: BTreeMap<String, Image>,
}

impl Example {
    fn new() -> Example {
        let c = validate_dir(
            &examples(),
            &Options {
                tier: Tier::Local,
                ..Options::default()
            },
        )
        .unwrap()
        .curriculum;
        let lesson = c.lessons.into_iter().find(|l| l.slug == LESSON).unwrap();
        let images = c.images.into_iter().map(|i| (i.slug.clone(), i)).collect();
        Example { lesson, images }
    }

    fn environment(&self, id: &str, stage: u32) -> Environment {
        let dir = examples().join("lessons").join(LESSON);
        let files = DirFiles::new(dir, vec!["lesson.meta.yaml".into()]);
        Environment::new(
            (id, "session", stage),
            &self.lesson,
            &self.images,
            Arc::new(files),
        )
        .unwrap()
    }

    fn stages(&self) -> u32 {
        u32::try_from(self.lesson.stages.len()).unwrap()
    }
}

struct Preview {
    backend: PreviewBackend,
    record: Option<PathBuf>,
    example: Example,
}

impl Harness for Preview {
    fn backend(&self) -> &dyn Backend {
        &self.backend
    }

    fn environment(&self, id: &str, stage: u32) -> Environment {
        self.example.environment(id, stage)
    }

    fn stages(&self) -> u32 {
        self.example.stages()
    }

    /// The preview backend makes nothing; recording, what it was asked to make and not asked
    /// to tear down since.
    fn leftovers<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Vec<String>> {
        let left = match &self.record {
            None => Vec::new(),
            Some(path) => {
                let last = read_record(path)
                    .unwrap()
                    .into_iter()
                    .rfind(|l| l.livelesson == id && l.op != "configure");
                match last {
                    Some(l) if l.op == "create" => vec![format!("pretend environment {id}")],
                    _ => Vec::new(),
                }
            }
        };
        std::future::ready(left).boxed()
    }
}

/// The test backend (no failures scripted): what it was asked to create and not to tear down
/// since is what it has.
struct Scripted {
    backend: ScriptedBackend,
    example: Example,
}

impl Harness for Scripted {
    fn backend(&self) -> &dyn Backend {
        &self.backend
    }

    fn environment(&self, id: &str, stage: u32) -> Environment {
        self.example.environment(id, stage)
    }

    fn stages(&self) -> u32 {
        self.example.stages()
    }

    fn leftovers<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Vec<String>> {
        let last = self
            .backend
            .calls()
            .into_iter()
            .rfind(|c| c == &format!("create:{id}") || c == &format!("teardown:{id}"));
        let left = match last {
            Some(c) if c.starts_with("create:") => vec![format!("environment {id}")],
            _ => Vec::new(),
        };
        std::future::ready(left).boxed()
    }
}

#[tokio::test]
async fn the_test_backend_passes_the_conformance_suite() {
    let h = Scripted {
        backend: ScriptedBackend::new(Script::default()),
        example: Example::new(),
    };
    conformance::run(&h, "scripted").await;
    assert!(h.backend.count("create") >= 4 && h.backend.count("teardown") >= 6);
}

#[tokio::test]
async fn the_preview_backend_passes_the_conformance_suite() {
    let example = Example::new();
    assert!(example.lesson.stages.len() > 1 && !example.lesson.connections.is_empty());
    let plain = Preview {
        backend: PreviewBackend::new(&PreviewConfig::default()).unwrap(),
        record: None,
        example: example.clone(),
    };
    conformance::run(&plain, "plain").await;

    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("record.jsonl");
    let recording = Preview {
        backend: PreviewBackend::new(&PreviewConfig {
            delay_ms: 0,
            record: Some(path.clone()),
        })
        .unwrap(),
        record: Some(path.clone()),
        example,
    };
    conformance::run(&recording, "recorded").await;
    let ops: Vec<String> = read_record(&path)
        .unwrap()
        .into_iter()
        .filter(|l| l.livelesson == "recorded-configure")
        .map(|l| l.op)
        .collect();
    assert_eq!(
        ops.first().map(String::as_str),
        Some("create"),
        "the suite really called the backend: {ops:?}"
    );
    assert!(
        ops.iter().filter(|o| *o == "configure").count() > 1,
        "{ops:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backend_is_handed_images_credentials_and_the_imported_files() {
    for (engine, url, _guard) in engines().await {
        let store = Store::open(&url).await.unwrap();
        import(
            &store,
            &ImportOptions {
                source: examples().display().to_string(),
                reference: None,
                tier: Tier::Local,
                ..ImportOptions::default()
            },
            Arc::new(()),
        )
        .await
        .unwrap();
        store.create_session("s1", "192.0.2.1").await.unwrap();
        let ll = store
            .create_livelesson(&NewLiveLesson {
                id: "ll1",
                session_id: "s1",
                lesson_slug: LESSON,
                stage: 1,
                traceparent: None,
            })
            .await
            .unwrap();
        let lesson = store.lesson(LESSON).await.unwrap().unwrap();
        let env = Environment::from_store(&store, &ll, &lesson)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (env.stage, env.lesson_slug.as_str()),
            (1, LESSON),
            "{engine}"
        );
        let first = &env.endpoints[0];
        assert_eq!(first.image.slug, lesson.endpoints[0].image, "{engine}");
        assert_eq!(first.credentials.ssh_user, "antidote", "{engine}");
        assert_eq!(first.credentials.ssh_password.expose(), "antidotepassword");
        assert!(!first.presentations.is_empty(), "{engine}");
        let shown = format!("{env:?}");
        assert!(
            !shown.contains("antidotepassword"),
            "{engine}: credentials never show: {shown}"
        );
        // The files as imported, read by hash.
        let on_disk = std::fs::read(
            examples()
                .join("lessons")
                .join(LESSON)
                .join("lesson.meta.yaml"),
        )
        .unwrap();
        assert!(env.files.paths().iter().any(|p| p == "lesson.meta.yaml"));
        assert_eq!(
            env.files.read("lesson.meta.yaml").await.unwrap(),
            on_disk,
            "{engine}"
        );
        let missing = env.files.read("nope.txt").await.unwrap_err();
        assert!(
            missing.reason.contains("no file nope.txt"),
            "{engine}: {missing}"
        );

        // An image the curriculum no longer has is a reason the lesson cannot run.
        let mut broken = lesson.clone();
        broken.endpoints[0].image = "gone".into();
        let reason = Environment::from_store(&store, &ll, &broken)
            .await
            .unwrap()
            .unwrap_err();
        assert!(reason.contains("image `gone`"), "{engine}: {reason}");
    }
}

#[tokio::test]
async fn the_preview_backend_says_objectives_are_not_checkable_here() {
    let backend = PreviewBackend::new(&PreviewConfig::default()).unwrap();
    assert!(!backend.capabilities().runs_checks);
    let env = Example::new().environment("p-check", 0);
    let err = backend
        .run_script(
            &env,
            "stage2/objectives/objective0.py",
            std::time::Duration::from_secs(1),
        )
        .await
        .unwrap_err();
    assert!(!err.retryable);
    assert_eq!(
        err.reason,
        "objectives are not checkable here: the preview backend runs no endpoints"
    );
}
