//! One lesson run by its author outside the platform (`antidotectl lesson run`): no database,
//! no bus, no scheduler; the lesson comes from a curriculum directory and runs on a backend
//! that exposes access (the Docker backend). [`LocalRun`] boots it, reporting every change of
//! its endpoints' health, moves it between stages (each stage's configuration runs) and tears
//! it down. The caller prints; this module only reports.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::{Access, Backend, DirFiles, EndpointStatus, Environment, ProvisionError};
use crate::curriculum::{Curriculum, Image, Lesson, PresentationType};

/// Why a lesson cannot be run.
#[derive(Debug, thiserror::Error)]
pub enum LocalError {
    /// No lesson of that slug.
    #[error("the curriculum has no lesson `{slug}`{hint}")]
    NoSuchLesson {
        /// The slug asked for.
        slug: String,
        /// ` (lessons: a, b)` or a closest match.
        hint: String,
    },
    /// The stage asked for is not one of the lesson's.
    #[error("lesson `{slug}` has stages 0 to {last}: there is no stage {stage}")]
    NoSuchStage {
        /// The lesson.
        slug: String,
        /// The stage asked for.
        stage: u32,
        /// Its last stage.
        last: u32,
    },
    /// The lesson's files cannot be listed.
    #[error("cannot read the files of lesson `{slug}` in {dir}: {cause}")]
    Files {
        /// The lesson.
        slug: String,
        /// Its directory.
        dir: String,
        /// Why.
        cause: std::io::Error,
    },
    /// The lesson's environment cannot be built (an image missing from the curriculum).
    #[error("lesson `{slug}` cannot run: {reason}")]
    Environment {
        /// The lesson.
        slug: String,
        /// Why.
        reason: String,
    },
}

/// A lesson of a curriculum directory, run on a backend under one livelesson id.
pub struct LocalRun {
    backend: Arc<dyn Backend>,
    lesson: Lesson,
    images: BTreeMap<String, Image>,
    files: Arc<DirFiles>,
    id: String,
}

impl std::fmt::Debug for LocalRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalRun")
            .field("backend", &self.backend.name())
            .field("lesson", &self.lesson.slug)
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

/// One line of what an author can open: how to reach a presentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    /// The endpoint.
    pub endpoint: String,
    /// The presentation.
    pub presentation: String,
    /// The command or URL (`ssh -p 49153 antidote@127.0.0.1`, `http://127.0.0.1:49154/`).
    pub how: String,
    /// The password to type, for ssh presentations (the image's, from the curriculum).
    pub password: Option<String>,
}

impl LocalRun {
    /// The lesson `slug` of `curriculum` (validated, from the directory `root`) at `stage`, to
    /// run on `backend` as livelesson `id`.
    pub fn new(
        backend: Arc<dyn Backend>,
        curriculum: &Curriculum,
        root: &Path,
        slug: &str,
        stage: u32,
        id: &str,
    ) -> Result<LocalRun, LocalError> {
        let Some(lesson) = curriculum.lessons.iter().find(|l| l.slug == slug) else {
            let known: Vec<&str> = curriculum.lessons.iter().map(|l| l.slug.as_str()).collect();
            let hint = match known
                .iter()
                .filter(|k| strsim::jaro_winkler(k, slug) > 0.8)
                .max_by(|a, b| {
                    strsim::jaro_winkler(a, slug).total_cmp(&strsim::jaro_winkler(b, slug))
                }) {
                Some(close) => format!(": did you mean `{close}`?"),
                None if known.is_empty() => " (it has no lessons)".to_owned(),
                None => format!(" (lessons: {})", known.join(", ")),
            };
            return Err(LocalError::NoSuchLesson {
                slug: slug.to_owned(),
                hint,
            });
        };
        let last = u32::try_from(lesson.stages.len().saturating_sub(1)).unwrap_or(u32::MAX);
        if stage > last {
            return Err(LocalError::NoSuchStage {
                slug: slug.to_owned(),
                stage,
                last,
            });
        }
        let dir = root.join("lessons").join(slug);
        let files = DirFiles::walk(dir.clone()).map_err(|cause| LocalError::Files {
            slug: slug.to_owned(),
            dir: dir.display().to_string(),
            cause,
        })?;
        let run = LocalRun {
            backend,
            lesson: lesson.clone(),
            images: curriculum
                .images
                .iter()
                .map(|i| (i.slug.clone(), i.clone()))
                .collect(),
            files: Arc::new(files),
            id: id.to_owned(),
        };
        run.environment(stage)
            .map_err(|reason| LocalError::Environment {
                slug: slug.to_owned(),
                reason,
            })?;
        Ok(run)
    }

    /// The livelesson id everything of this run is named and labelled after.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The lesson.
    pub fn lesson(&self) -> &Lesson {
        &self.lesson
    }

    /// How many stages it has.
    pub fn stages(&self) -> u32 {
        u32::try_from(self.lesson.stages.len()).unwrap_or(u32::MAX)
    }

    fn environment(&self, stage: u32) -> Result<Environment, String> {
        let files: Arc<DirFiles> = Arc::clone(&self.files);
        Environment::new(
            (&self.id, "local", stage),
            &self.lesson,
            &self.images,
            files,
        )
    }

    fn env(&self, stage: u32) -> Result<Environment, ProvisionError> {
        self.environment(stage).map_err(ProvisionError::permanent)
    }

    /// Creates the lesson and waits for every endpoint (at most `timeout`), calling `progress`
    /// with the endpoints' health whenever it changes; then configures `stage` and waits the
    /// lesson's `readyDelay`. Returns the last health (with each endpoint's access).
    pub async fn boot(
        &self,
        stage: u32,
        timeout: Duration,
        progress: &mut (dyn FnMut(&[EndpointStatus]) + Send),
    ) -> Result<Vec<EndpointStatus>, ProvisionError> {
        let env = self.env(stage)?;
        self.backend.create(&env).await?;
        let deadline = Instant::now() + timeout;
        let mut last: Option<Vec<EndpointStatus>> = None;
        let health = loop {
            let health = self.backend.endpoint_health(&env).await?;
            if last.as_ref() != Some(&health) {
                progress(&health);
                last = Some(health.clone());
            }
            if health.iter().all(|h| h.ready) {
                break health;
            }
            if Instant::now() >= deadline {
                let down: Vec<String> = health
                    .iter()
                    .filter(|h| !h.ready)
                    .map(|h| format!("`{}`", h.name))
                    .collect();
                return Err(ProvisionError::permanent(format!(
                    "endpoint{} {} did not come up within {} s",
                    if down.len() == 1 { "" } else { "s" },
                    down.join(", "),
                    timeout.as_secs()
                )));
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        self.backend.configure(&env).await?;
        tokio::time::sleep(env.ready_delay).await;
        Ok(health)
    }

    /// Moves to `stage`: its configuration runs.
    pub async fn stage(&self, stage: u32) -> Result<(), ProvisionError> {
        if stage >= self.stages() {
            return Err(ProvisionError::permanent(format!(
                "lesson `{}` has stages 0 to {}",
                self.lesson.slug,
                self.stages().saturating_sub(1)
            )));
        }
        self.backend.configure(&self.env(stage)?).await
    }

    /// Removes everything of the run.
    pub async fn teardown(&self) -> Result<(), ProvisionError> {
        self.backend.teardown(&self.id).await
    }

    /// How to reach every presentation, from the endpoints' health.
    pub fn reach(&self, health: &[EndpointStatus]) -> Vec<Reach> {
        let mut lines = Vec::new();
        for status in health {
            let image = self
                .lesson
                .endpoints
                .iter()
                .find(|e| e.name == status.name)
                .and_then(|e| self.images.get(&e.image));
            for Access {
                presentation,
                kind,
                host,
                port,
            } in &status.access
            {
                let (how, password) = match kind {
                    PresentationType::Ssh => {
                        let user = image.map_or("root", |i| i.ssh_user.as_str());
                        (
                            format!("ssh -p {port} {user}@{host}"),
                            image.map(|i| i.ssh_password.clone()),
                        )
                    }
                    PresentationType::Http => (format!("http://{host}:{port}/"), None),
                };
                lines.push(Reach {
                    endpoint: status.name.clone(),
                    presentation: presentation.clone(),
                    how,
                    password,
                });
            }
        }
        lines
    }
}
