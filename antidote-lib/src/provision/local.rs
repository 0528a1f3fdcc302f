//! One lesson run by its author outside the platform (`antidotectl lesson run`): no database,
//! no bus, no scheduler; the lesson comes from a curriculum directory and runs on a backend
//! that exposes access (the Docker backend). [`LocalRun`] boots it, reporting every change of
//! its endpoints' health, moves it between stages (each stage's configuration runs) and tears
//! it down. The caller prints; this module only reports.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::StreamExt as _;

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

/// The backend of an author's run (`lesson run`, `lesson test`) that `config.backend` names,
/// connected, and where it runs (the engine's or the API server's address): the Docker
/// backend, or the Kubernetes backend from outside the cluster (presentations forwarded from
/// ports of 127.0.0.1 at or after `forward_from`, files in a ConfigMap). The preview backend
/// runs nothing an author could use: it is refused.
pub async fn connect(
    config: &crate::config::Config,
    forward_from: u16,
) -> Result<(Arc<dyn Backend>, String), ProvisionError> {
    use crate::config::BackendKind;
    match config.backend {
        BackendKind::Docker => {
            let backend =
                super::DockerBackend::connect(&config.instance_id, &config.images, &config.docker)
                    .await?;
            let place = backend.host().to_owned();
            Ok((Arc::new(backend), place))
        }
        BackendKind::Kubernetes => {
            let settings = super::kubernetes::Settings::from_config(config);
            let backend = super::KubernetesBackend::connect(
                settings,
                super::kubernetes::Placement::Outside(forward_from),
            )
            .await
            .map_err(|e| ProvisionError::permanent(e.to_string()))?;
            let place = match &config.kubernetes.context {
                Some(context) => format!("{} (context {context})", backend.server()),
                None => backend.server().to_owned(),
            };
            Ok((Arc::new(backend), place))
        }
        BackendKind::Preview => Err(ProvisionError::permanent(
            "the preview backend runs no endpoints: choose docker or kubernetes",
        )),
    }
}

/// A lesson of a curriculum directory, resolved for a backend: its images and its files.
struct LocalLesson {
    lesson: Lesson,
    images: BTreeMap<String, Image>,
    files: Arc<DirFiles>,
}

impl LocalLesson {
    /// The lesson `slug` of `curriculum` (from the directory `root`), checked to have `stage`
    /// and to make an environment (for livelesson `id`).
    fn new(
        curriculum: &Curriculum,
        root: &Path,
        slug: &str,
        stage: u32,
        id: &str,
    ) -> Result<LocalLesson, LocalError> {
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
        let local = LocalLesson {
            lesson: lesson.clone(),
            images: curriculum
                .images
                .iter()
                .map(|i| (i.slug.clone(), i.clone()))
                .collect(),
            files: Arc::new(files),
        };
        local
            .environment(id, stage)
            .map_err(|reason| LocalError::Environment {
                slug: slug.to_owned(),
                reason,
            })?;
        Ok(local)
    }

    fn environment(&self, id: &str, stage: u32) -> Result<Environment, String> {
        let files: Arc<DirFiles> = Arc::clone(&self.files);
        Environment::new((id, "local", stage), &self.lesson, &self.images, files)
    }
}

/// Every Kubernetes object of lesson `slug` of `curriculum` (from the directory `root`) run
/// as livelesson `id` (session `id` too), and the configuration Jobs of `stage`, made with
/// `settings` exactly as the Kubernetes backend applies them (copied secrets without their
/// data): what `antidotectl lesson plan` prints.
pub fn kubernetes_plan(
    curriculum: &Curriculum,
    root: &Path,
    slug: &str,
    stage: u32,
    id: &str,
    settings: &super::kubernetes::Settings,
) -> Result<Vec<super::kubernetes::Manifest>, LocalError> {
    let lesson = LocalLesson::new(curriculum, root, slug, stage, id)?;
    let mut env = lesson
        .environment(id, stage)
        .map_err(|reason| LocalError::Environment {
            slug: slug.to_owned(),
            reason,
        })?;
    env.session_id = id.to_owned();
    Ok(super::kubernetes::KubernetesBackend::plan(
        settings, &env, true,
    ))
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
        let lesson = LocalLesson::new(curriculum, root, slug, stage, id)?;
        Ok(LocalRun {
            backend,
            lesson: lesson.lesson,
            images: lesson.images,
            files: lesson.files,
            id: id.to_owned(),
        })
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
        let mut changes = self.backend.watch_health(&env, Duration::from_millis(200));
        let health = loop {
            let next = tokio::time::timeout_at(deadline.into(), changes.next()).await;
            match next {
                Ok(Some(Ok(health))) => {
                    if last.as_ref() != Some(&health) {
                        progress(&health);
                        last = Some(health.clone());
                    }
                    let every = env
                        .endpoints
                        .iter()
                        .all(|e| health.iter().any(|h| h.name == e.name));
                    if every && health.iter().all(|h| h.ready) {
                        break health;
                    }
                }
                Ok(Some(Err(e))) if e.retryable => {
                    tracing::debug!("endpoint health: {e}");
                }
                Ok(Some(Err(e))) => return Err(e),
                Ok(None) => changes = self.backend.watch_health(&env, Duration::from_millis(200)),
                Err(_) => {
                    let down: Vec<String> = last
                        .iter()
                        .flatten()
                        .filter(|h| !h.ready)
                        .map(|h| format!("`{}`", h.name))
                        .collect();
                    return Err(ProvisionError::permanent(format!(
                        "endpoint{} {} did not come up within {} s",
                        if down.len() == 1 { "" } else { "s" },
                        if down.is_empty() {
                            "(none reported yet)".to_owned()
                        } else {
                            down.join(", ")
                        },
                        timeout.as_secs()
                    )));
                }
            }
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
                ..
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

/// What `lesson test` found for one lesson: whether it booted, and per stage its
/// configuration and objectives.
#[derive(Debug, Clone, serde::Serialize)]
pub struct LessonReport {
    /// The lesson.
    pub lesson: String,
    /// Why it did not boot, if it did not.
    pub boot_error: Option<String>,
    /// Each stage tested, in order.
    pub stages: Vec<StageReport>,
    /// How long it took, in milliseconds.
    pub duration_ms: u64,
}

/// One stage of a [`LessonReport`].
#[derive(Debug, Clone, serde::Serialize)]
pub struct StageReport {
    /// The stage.
    pub stage: u32,
    /// Why its configuration failed, if it did.
    pub configuration_error: Option<String>,
    /// Each objective.
    pub objectives: Vec<ObjectiveReport>,
}

/// One objective of a [`StageReport`].
#[derive(Debug, Clone, serde::Serialize)]
pub struct ObjectiveReport {
    /// Its index in the stage.
    pub index: usize,
    /// What it asks.
    pub text: String,
    /// Its status before anything was done (it must be incomplete).
    pub before: super::objectives::ObjectiveStatus,
    /// Whether it has a solution.
    pub has_solution: bool,
    /// Why the solution failed, if it did.
    pub solution_error: Option<String>,
    /// Its status after the solutions ran (`None` without a solution).
    pub after: Option<super::objectives::ObjectiveStatus>,
    /// What is wrong, if anything (`None`: it passed).
    pub failure: Option<String>,
}

impl LessonReport {
    /// Whether everything passed.
    pub fn passed(&self) -> bool {
        self.boot_error.is_none()
            && self.stages.iter().all(|s| {
                s.configuration_error.is_none() && s.objectives.iter().all(|o| o.failure.is_none())
            })
    }
}

impl LocalRun {
    /// Proves the lesson can be solved: boots it, then for each stage (changing stage, which
    /// runs its configuration) checks that every objective is incomplete, runs the solutions,
    /// and checks that every objective with a solution is now complete. Each script gets
    /// `limit`. Tears everything down at the end, whatever happened.
    pub async fn test(&self, boot_timeout: Duration, limit: Duration) -> LessonReport {
        let started = Instant::now();
        let mut report = LessonReport {
            lesson: self.lesson.slug.clone(),
            boot_error: None,
            stages: Vec::new(),
            duration_ms: 0,
        };
        match self.boot(0, boot_timeout, &mut |_| {}).await {
            Err(e) => report.boot_error = Some(e.reason),
            Ok(_) => {
                for stage in 0..self.stages() {
                    report.stages.push(self.test_stage(stage, limit).await);
                }
            }
        }
        if let Err(e) = self.teardown().await {
            report
                .boot_error
                .get_or_insert(format!("teardown failed: {}", e.reason));
        }
        report.duration_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        report
    }

    async fn test_stage(&self, stage: u32, limit: Duration) -> StageReport {
        use super::objectives::{ObjectiveStatus, script, status};
        let mut report = StageReport {
            stage,
            configuration_error: None,
            objectives: Vec::new(),
        };
        let env = match self.env(stage) {
            Ok(env) => env,
            Err(e) => {
                report.configuration_error = Some(e.reason);
                return report;
            }
        };
        // Stage 0 was configured by the boot.
        if stage > 0
            && let Err(e) = self.backend.configure(&env).await
        {
            report.configuration_error = Some(e.reason);
            return report;
        }
        let texts: Vec<String> = self.lesson.stages[stage as usize]
            .verification
            .as_ref()
            .map(|v| v.objectives.clone())
            .unwrap_or_default();
        let check = async |m: usize| -> ObjectiveStatus {
            let Some(path) = script(env.files.as_ref(), stage, "objectives", m) else {
                return ObjectiveStatus::Error(format!(
                    "stage{stage}/objectives/objective{m}.* does not exist"
                ));
            };
            match self.backend.run_script(&env, &path, limit).await {
                Ok(run) => status(&run, &env, limit),
                Err(e) => ObjectiveStatus::Error(e.reason),
            }
        };
        for (m, text) in texts.iter().enumerate() {
            let before = check(m).await;
            let has_solution = script(env.files.as_ref(), stage, "solutions", m).is_some();
            report.objectives.push(ObjectiveReport {
                index: m,
                text: text.clone(),
                failure: match &before {
                    ObjectiveStatus::Incomplete => None,
                    ObjectiveStatus::Complete => Some(
                        "it is complete before anything was done: the check proves nothing"
                            .to_owned(),
                    ),
                    ObjectiveStatus::Error(why) => Some(format!("its check failed: {why}")),
                },
                before,
                has_solution,
                solution_error: None,
                after: None,
            });
        }
        for o in &mut report.objectives {
            let Some(path) = script(env.files.as_ref(), stage, "solutions", o.index) else {
                continue;
            };
            match self.backend.run_script(&env, &path, limit).await {
                Ok(run) if run.code == Some(0) => {}
                Ok(run) => {
                    let why = match run.code {
                        Some(c) => format!("exited {c}"),
                        None => format!("ran longer than {} s", limit.as_secs()),
                    };
                    let output = super::objectives::scrub(&run.output, &env);
                    o.solution_error = Some(if output.is_empty() {
                        why
                    } else {
                        format!("{why}: {output}")
                    });
                }
                Err(e) => o.solution_error = Some(e.reason),
            }
        }
        for o in &mut report.objectives {
            if !o.has_solution {
                continue;
            }
            let after = check(o.index).await;
            if o.failure.is_none() {
                o.failure = match (&o.solution_error, &after) {
                    (Some(why), _) => Some(format!("its solution failed: {why}")),
                    (None, ObjectiveStatus::Complete) => None,
                    (None, ObjectiveStatus::Incomplete) => {
                        Some("it is still incomplete after its solution ran".to_owned())
                    }
                    (None, ObjectiveStatus::Error(why)) => {
                        Some(format!("its check failed after the solution: {why}"))
                    }
                };
            }
            o.after = Some(after);
        }
        report
    }
}
