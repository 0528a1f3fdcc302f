//! What a backend is handed to provision one livelesson: the [`Environment`], with everything
//! resolved so that a backend never reads the database or the bus itself: each endpoint's image
//! (flavor, interfaces, forwarding), its presentations and ports, its credentials (as
//! [`Secret`]s: never in a log line or an error), the connections, and the lesson's files at
//! the imported version ([`LessonFiles`]: from the store's blobs, or from a curriculum
//! directory, for authors' commands that run without a database).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use futures_util::FutureExt as _;
use futures_util::future::BoxFuture;

use super::ProvisionError;
use crate::config::Secret;
use crate::curriculum::{
    ConfigurationType, Connection, GuideType, Image, ImageFlavor, Lesson, Presentation,
};
use crate::store::state::LiveLesson;
use crate::store::{Store, StoreError};

/// The image an endpoint runs, as a backend needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageSpec {
    /// The image's slug (a backend turns it into a reference: registry, name, tag).
    pub slug: String,
    /// How its containers are run.
    pub flavor: ImageFlavor,
    /// IP forwarding on.
    pub enable_forwarding: bool,
    /// The interfaces connections attach to, in order.
    pub network_interfaces: Vec<String>,
}

/// An endpoint's credentials, from its image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    /// User for the learner's SSH sessions.
    pub ssh_user: String,
    /// Its password.
    pub ssh_password: Secret,
    /// User for configuration scripts.
    pub config_user: String,
    /// Its password.
    pub config_password: Secret,
}

/// One endpoint of an environment to provision.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointSpec {
    /// The endpoint's name, unique in the lesson.
    pub name: String,
    /// Its image, resolved from the curriculum.
    pub image: ImageSpec,
    /// How it is configured at each stage, if at all.
    pub configuration_type: Option<ConfigurationType>,
    /// What the learner opens on it (ssh terminals, http pages).
    pub presentations: Vec<Presentation>,
    /// Every port to open (presentations' and additional ones).
    pub ports: Vec<u16>,
    /// Its credentials.
    pub credentials: Credentials,
}

/// Everything a backend needs to provision one livelesson.
#[derive(Debug, Clone)]
pub struct Environment {
    /// The livelesson (a backend names its resources after it, so every call is idempotent).
    pub livelesson_id: String,
    /// The learner's session.
    pub session_id: String,
    /// The lesson.
    pub lesson_slug: String,
    /// The stage asked for.
    pub stage: u32,
    /// The guide type of each stage (a backend runs a jupyter server for jupyter stages).
    pub guides: Vec<GuideType>,
    /// The endpoints.
    pub endpoints: Vec<EndpointSpec>,
    /// Point-to-point links between endpoints.
    pub connections: Vec<Connection>,
    /// How long to wait after every endpoint is up before the lesson is ready.
    pub ready_delay: Duration,
    /// Whether the lesson asks that its endpoints may reach outside it.
    pub allow_egress: bool,
    /// The lesson's files, at the imported version.
    pub files: Arc<dyn LessonFiles>,
}

impl Environment {
    /// The environment of livelesson `livelesson_id` (of `session_id`, at `stage`), a run of
    /// `lesson`, with the curriculum's `images`; `Err` names an endpoint whose image is not
    /// among them.
    pub fn new(
        (livelesson_id, session_id, stage): (&str, &str, u32),
        lesson: &Lesson,
        images: &BTreeMap<String, Image>,
        files: Arc<dyn LessonFiles>,
    ) -> Result<Environment, String> {
        let endpoints = lesson
            .endpoints
            .iter()
            .map(|e| {
                let image = images.get(&e.image).ok_or_else(|| {
                    format!(
                        "image `{}` of endpoint `{}` is not in the curriculum",
                        e.image, e.name
                    )
                })?;
                Ok(EndpointSpec {
                    name: e.name.clone(),
                    image: ImageSpec {
                        slug: image.slug.clone(),
                        flavor: image.flavor,
                        enable_forwarding: image.enable_forwarding,
                        network_interfaces: image.network_interfaces.clone(),
                    },
                    configuration_type: e.configuration_type,
                    presentations: e.presentations.clone(),
                    ports: e
                        .presentations
                        .iter()
                        .map(|p| p.port)
                        .chain(e.additional_ports.iter().copied())
                        .collect(),
                    credentials: Credentials {
                        ssh_user: image.ssh_user.clone(),
                        ssh_password: image.ssh_password.as_str().into(),
                        config_user: image.config_user.clone(),
                        config_password: image.config_password.as_str().into(),
                    },
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Environment {
            livelesson_id: livelesson_id.to_owned(),
            session_id: session_id.to_owned(),
            lesson_slug: lesson.slug.clone(),
            stage,
            guides: lesson.stages.iter().map(|s| s.guide_type).collect(),
            endpoints,
            connections: lesson.connections.clone(),
            ready_delay: Duration::from_secs(u64::from(lesson.ready_delay)),
            allow_egress: lesson.allow_egress,
            files,
        })
    }

    /// The environment of `livelesson` from the store: its images and its files as imported.
    /// The inner `Err` is a reason the livelesson cannot run (an image that is gone).
    pub async fn from_store(
        store: &Store,
        livelesson: &LiveLesson,
        lesson: &Lesson,
    ) -> Result<Result<Environment, String>, StoreError> {
        let mut images = BTreeMap::new();
        for e in &lesson.endpoints {
            if !images.contains_key(&e.image)
                && let Some(image) = store.image(&e.image).await?
            {
                images.insert(e.image.clone(), image);
            }
        }
        let files = StoreFiles::new(store, &lesson.slug).await?;
        Ok(Environment::new(
            (
                &livelesson.id,
                &livelesson.session_id,
                livelesson.stage.unsigned_abs(),
            ),
            lesson,
            &images,
            Arc::new(files),
        ))
    }
}

/// A lesson's files as a backend reads them (to copy into containers, to run configuration
/// and objective scripts): paths relative to the lesson directory, `/`-separated.
pub trait LessonFiles: Send + Sync + std::fmt::Debug {
    /// Every file's path, sorted.
    fn paths(&self) -> Vec<String>;

    /// The content of the file at `path`.
    fn read<'a>(&'a self, path: &'a str) -> BoxFuture<'a, Result<Vec<u8>, ProvisionError>>;
}

/// A lesson's files in the store, at the version imported when the environment was built:
/// the manifest (path and content hash) is read once, and contents by hash.
#[derive(Debug)]
pub struct StoreFiles {
    store: Store,
    lesson: String,
    manifest: BTreeMap<String, String>,
}

impl StoreFiles {
    /// The files of `lesson` as imported now.
    pub async fn new(store: &Store, lesson: &str) -> Result<StoreFiles, StoreError> {
        Ok(StoreFiles {
            store: store.clone(),
            lesson: lesson.to_owned(),
            manifest: store
                .lesson_file_manifest(lesson)
                .await?
                .into_iter()
                .collect(),
        })
    }
}

impl LessonFiles for StoreFiles {
    fn paths(&self) -> Vec<String> {
        self.manifest.keys().cloned().collect()
    }

    fn read<'a>(&'a self, path: &'a str) -> BoxFuture<'a, Result<Vec<u8>, ProvisionError>> {
        async move {
            let hash = self.manifest.get(path).ok_or_else(|| {
                ProvisionError::permanent(format!("lesson `{}` has no file {path}", self.lesson))
            })?;
            match self.store.blob(hash).await {
                Ok(Some(content)) => Ok(content),
                Ok(None) => Err(ProvisionError::permanent(format!(
                    "{path} of lesson `{}` changed in a newer import: start the lesson again",
                    self.lesson
                ))),
                Err(e) => Err(ProvisionError::retryable(format!(
                    "the lesson's files cannot be read now: {e}"
                ))),
            }
        }
        .boxed()
    }
}

/// A lesson's files in a curriculum directory (for authors' commands, without a database).
#[derive(Debug)]
pub struct DirFiles {
    root: PathBuf,
    paths: Vec<String>,
}

impl DirFiles {
    /// The files under `root` (a lesson directory), as `paths` lists them (the loader's list).
    pub fn new(root: PathBuf, mut paths: Vec<String>) -> DirFiles {
        paths.sort();
        DirFiles { root, paths }
    }

    /// Every regular file under the lesson directory `root`, but hidden ones (a name starting
    /// with `.`) and those under hidden directories, as import takes them.
    pub fn walk(root: PathBuf) -> std::io::Result<DirFiles> {
        fn visit(dir: &std::path::Path, rel: &str, out: &mut Vec<String>) -> std::io::Result<()> {
            for entry in std::fs::read_dir(dir)? {
                let entry = entry?;
                let name = entry.file_name().to_string_lossy().into_owned();
                if name.starts_with('.') {
                    continue;
                }
                let path = if rel.is_empty() {
                    name
                } else {
                    format!("{rel}/{name}")
                };
                let kind = entry.file_type()?;
                if kind.is_dir() {
                    visit(&entry.path(), &path, out)?;
                } else if kind.is_file() {
                    out.push(path);
                }
            }
            Ok(())
        }
        let mut paths = Vec::new();
        visit(&root, "", &mut paths)?;
        Ok(DirFiles::new(root, paths))
    }
}

impl LessonFiles for DirFiles {
    fn paths(&self) -> Vec<String> {
        self.paths.clone()
    }

    fn read<'a>(&'a self, path: &'a str) -> BoxFuture<'a, Result<Vec<u8>, ProvisionError>> {
        async move {
            if !self.paths.iter().any(|p| p == path) {
                return Err(ProvisionError::permanent(format!(
                    "the lesson has no file {path}"
                )));
            }
            tokio::fs::read(self.root.join(path)).await.map_err(|e| {
                ProvisionError::permanent(format!("cannot read {path} of the lesson: {e}"))
            })
        }
        .boxed()
    }
}
