//! The Kubernetes backend: a namespace per livelesson on any current cluster, through kube's
//! client (rustls). What one livelesson is: [`manifests`]; the name rules: [`names`]; what a
//! pod's status means: [`readiness`].
//!
//! - **Create** applies every object with server-side apply (field manager `antidote`, forced),
//!   so that `create` called again after a crash completes what exists and duplicates nothing:
//!   the namespace (while the secrets to copy are read), then everything else at once.
//! - **Readiness is watched**: a watch on the namespace's pods ([`Backend::watch_health`]);
//!   an endpoint is up when its pod is Ready and every presentation answers (an SSH version
//!   exchange for `ssh`, a TCP connect otherwise, each bounded by
//!   `kubernetes.probe_timeout_ms`). Image pull errors, crash loops and unschedulable pods are
//!   reasons at once. Endpoints that do not come up are deleted and applied again.
//! - **Configuration** per stage: the Jobs of other stages are deleted (background
//!   propagation, so their pods go too), the stage's Jobs applied and watched until each
//!   Complete or Failed condition (the reason: the condition's message and the end of the
//!   pod's output, credentials scrubbed).
//! - **Teardown** deletes the namespace and waits, bounded by `kubernetes.delete_timeout_ms`,
//!   until it is gone; a namespace already gone or going is fine.
//! - **Checks** run by exec in the livelesson's `antidote-checker` pod.
//! - For an author's `lesson run` ([`Placement::Outside`]), every presentation is forwarded
//!   from a port on 127.0.0.1 through the API server, and probed there; the lesson's files
//!   come from a ConfigMap, since no API serves them.
//!
//! It touches only namespaces labelled with its instance (`antidoteId`) and what is in them.
//! Every request to the API server is a `kubernetes.request` span ([`spans`]).

pub mod forward;
pub mod manifests;
pub mod names;
pub mod readiness;
pub mod spans;
#[cfg(any(test, feature = "test-support"))]
pub mod testing;

use std::collections::{BTreeMap, HashSet};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::future::{BoxFuture, join_all, try_join_all};
use futures_util::stream::BoxStream;
use futures_util::{FutureExt as _, StreamExt as _};
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{Namespace, Pod, Secret as KubeSecret, Service};
use kube::api::{
    Api, AttachParams, DeleteParams, DynamicObject, ListParams, LogParams, Patch, PatchParams,
};
use kube::runtime::{WatchStreamExt as _, watcher};
use kube::{Client, ResourceExt as _};

use self::manifests::{CHECKER, GUIDE, GUIDE_PORT, LABEL_STAGE};
pub use self::manifests::{Manifest, Settings};
use self::readiness::PodState;
use super::configuration::{self, LESSON_DIR};
use super::docker::{LABEL_INSTANCE, LABEL_LIVELESSON, LABEL_MANAGED, LABEL_ROLE};
use super::objectives::ScriptRun;
use super::{Access, Backend, Capabilities, EndpointStatus, Environment, ProvisionError, probe};
use crate::config::Secret;
use crate::curriculum::{Presentation, PresentationType};

/// The field manager of every object the backend applies.
pub const FIELD_MANAGER: &str = "antidote";

/// What the backend waits for to come up: an endpoint of the lesson, or its jupyter guide.
struct Watched {
    name: String,
    presentations: Vec<Presentation>,
    ports: Vec<u16>,
}

/// Whether a presentation answers at an address (an SSH version exchange when `ssh`, else a
/// TCP connect), bounded in time.
pub trait Prober: Send + Sync + std::fmt::Debug {
    /// Whether it answers.
    fn probe(&self, at: SocketAddr, ssh: bool) -> BoxFuture<'_, bool>;
}

/// Probes over the network (what a scheduler in the cluster does).
#[derive(Debug, Clone, Copy)]
pub struct NetworkProber {
    /// The longest one probe may take.
    pub timeout: Duration,
}

impl Prober for NetworkProber {
    fn probe(&self, at: SocketAddr, ssh: bool) -> BoxFuture<'_, bool> {
        async move {
            if ssh {
                probe::ssh(at, self.timeout).await
            } else {
                probe::tcp(at, self.timeout).await
            }
        }
        .boxed()
    }
}

/// Where the backend runs, which decides how presentations are reached and probed, and how
/// pods get the lesson's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// In the cluster, beside the API (a scheduler): presentations are reached at their
    /// endpoint's Service, files come from the API's internal endpoint.
    Cluster,
    /// Outside it, without an API (an author's `lesson run`): presentations are forwarded
    /// from ports of 127.0.0.1 (the first free one at or after this one), files come from a
    /// ConfigMap of the livelesson's namespace.
    Outside(u16),
}

/// The Kubernetes backend.
pub struct KubernetesBackend {
    client: Client,
    /// The API server's address, for messages.
    server: String,
    settings: Settings,
    files_key: Option<Secret>,
    prober: Arc<dyn Prober>,
    forwards: Option<forward::Forwards>,
}

impl std::fmt::Debug for KubernetesBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KubernetesBackend")
            .field("instance", &self.settings.instance)
            .field("prober", &self.prober)
            .finish_non_exhaustive()
    }
}

/// Why the backend cannot be set up.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// No key for the files tokens.
    #[error(
        "the Kubernetes backend needs kubernetes.files_key (ANTIDOTE_KUBERNETES_FILES_KEY), at least 32 characters shared with the API, so that lesson pods can fetch their files"
    )]
    NoFilesKey,
    /// No usable cluster configuration.
    #[error(
        "cannot read the Kubernetes configuration{context}: {cause}; set KUBECONFIG or kubernetes.context, or run in a pod with a service account"
    )]
    Config {
        /// ` (context X)` when one was asked for.
        context: String,
        /// Why.
        cause: String,
    },
    /// The API server does not answer.
    #[error(
        "cannot reach the Kubernetes API at {url}: {cause}; is the cluster running, and is this the right context?"
    )]
    Unreachable {
        /// The API server's address.
        url: String,
        /// Why.
        cause: String,
    },
}

impl KubernetesBackend {
    /// Connects to the cluster of `kubernetes.context` (else the kubeconfig's current context,
    /// else the service account of the pod it runs in) and checks that its API answers. In
    /// the cluster, `kubernetes.files_key` is required.
    pub async fn connect(
        settings: Settings,
        placement: Placement,
    ) -> Result<KubernetesBackend, ConnectError> {
        let files_key = settings.kubernetes.files_key.clone();
        if placement == Placement::Cluster && files_key.is_none() {
            return Err(ConnectError::NoFilesKey);
        }
        let context = settings.kubernetes.context.clone();
        let config = match &context {
            Some(ctx) => kube::Config::from_kubeconfig(&kube::config::KubeConfigOptions {
                context: Some(ctx.clone()),
                ..kube::config::KubeConfigOptions::default()
            })
            .await
            .map_err(|e| e.to_string()),
            None => kube::Config::infer().await.map_err(|e| e.to_string()),
        }
        .map_err(|cause| ConnectError::Config {
            context: context
                .as_deref()
                .map(|c| format!(" (context {c})"))
                .unwrap_or_default(),
            cause,
        })?;
        let url = config.cluster_url.to_string();
        let client = spans::client(config).map_err(|e| ConnectError::Unreachable {
            url: url.clone(),
            cause: e.to_string(),
        })?;
        tokio::time::timeout(Duration::from_secs(10), client.apiserver_version())
            .await
            .map_err(|_| "no answer within 10 s".to_owned())
            .and_then(|r| r.map_err(|e| e.to_string()))
            .map_err(|cause| ConnectError::Unreachable {
                url: url.clone(),
                cause,
            })?;
        let mut backend = KubernetesBackend::new(client, settings, files_key, placement);
        backend.server = url;
        Ok(backend)
    }

    /// The API server's address (as the configuration names it).
    pub fn server(&self) -> &str {
        &self.server
    }

    /// The backend on `client` (tests hand a mock's client); `files_key` derives the files
    /// tokens in the cluster.
    pub fn new(
        client: Client,
        mut settings: Settings,
        files_key: Option<Secret>,
        placement: Placement,
    ) -> KubernetesBackend {
        let timeout = Duration::from_millis(settings.kubernetes.probe_timeout_ms);
        settings.files_from = match placement {
            Placement::Cluster => manifests::FilesFrom::Api,
            Placement::Outside(_) => manifests::FilesFrom::ConfigMap,
        };
        KubernetesBackend {
            forwards: match placement {
                Placement::Cluster => None,
                Placement::Outside(from) => Some(forward::Forwards::new(client.clone(), from)),
            },
            client,
            server: String::new(),
            settings,
            files_key,
            prober: Arc::new(NetworkProber { timeout }),
        }
    }

    /// The same backend probing with `prober` (tests: the cluster network is not there).
    #[must_use]
    pub fn with_prober(mut self, prober: Arc<dyn Prober>) -> KubernetesBackend {
        self.prober = prober;
        self
    }

    /// The settings objects are made with.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Every object of livelesson `env` as it is applied, copied secrets without their data
    /// (what `antidotectl lesson plan` prints), and with `stage_jobs` the Jobs of its stage.
    pub fn plan(settings: &Settings, env: &Environment, stage_jobs: bool) -> Vec<Manifest> {
        let copied = manifests::copied_secret_names(env, settings)
            .iter()
            .map(|name| manifests::copied_secret(env, settings, name, None))
            .collect();
        let key = settings
            .kubernetes
            .files_key
            .clone()
            .unwrap_or_else(|| Secret::from("no key: the plan shows no token"));
        let token = super::files::token(&key, &settings.instance, &env.livelesson_id);
        let mut settings = settings.clone();
        settings.files_from = manifests::FilesFrom::Api;
        let mut out =
            manifests::livelesson(env, &settings, &manifests::Files::Token(token), copied);
        if stage_jobs {
            out.extend(manifests::stage_jobs(env, &settings));
        }
        out
    }

    fn namespace(&self, id: &str) -> String {
        names::namespace(&self.settings.instance, id)
    }

    /// A Kubernetes API error as a reason: what refusals mean, and which are worth retrying.
    fn api_error(&self, doing: &str, e: kube::Error) -> ProvisionError {
        match e {
            kube::Error::Api(status) => {
                let message = status.message.trim();
                match status.code {
                    404 if message.contains("could not find the requested resource") => {
                        ProvisionError::permanent(format!(
                            "{doing}: the cluster has no NetworkAttachmentDefinition resource: install multus (lessons with connections need it)"
                        ))
                    }
                    403 if message.contains("being terminated") => ProvisionError::retryable(
                        format!("{doing}: the livelesson's namespace is being deleted"),
                    ),
                    401 | 403 => ProvisionError::permanent(format!(
                        "{doing}: the Kubernetes API refused it ({message}); give the scheduler's service account the permissions listed in docs/operations.md"
                    )),
                    400 | 422 => ProvisionError::permanent(format!(
                        "{doing}: the Kubernetes API found it invalid: {message}"
                    )),
                    code => ProvisionError::retryable(format!(
                        "{doing}: the Kubernetes API answered {code}: {message}"
                    )),
                }
            }
            other => ProvisionError::retryable(format!(
                "{doing}: cannot reach the Kubernetes API ({other})"
            )),
        }
    }

    fn dynamic(&self, m: &Manifest) -> Api<DynamicObject> {
        match &m.namespace {
            Some(ns) => Api::namespaced_with(self.client.clone(), ns, &m.resource),
            None => Api::all_with(self.client.clone(), &m.resource),
        }
    }

    /// Applies `m` (server-side apply, forced: the backend owns every field it sets).
    async fn apply(&self, m: &Manifest) -> Result<(), ProvisionError> {
        self.dynamic(m)
            .patch(
                &m.name,
                &PatchParams::apply(FIELD_MANAGER).force(),
                &Patch::Apply(&m.object),
            )
            .await
            .map(drop)
            .map_err(|e| self.api_error(&format!("applying {}", m.describe()), e))
    }

    /// The copies of the secrets of `kubernetes.secrets_namespace` the livelesson needs. A
    /// missing TLS secret is left out (the ingress controller's default certificate serves);
    /// a missing pull secret is an error (no image could be pulled).
    async fn copied_secrets(&self, env: &Environment) -> Result<Vec<Manifest>, ProvisionError> {
        let k = &self.settings.kubernetes;
        let api: Api<KubeSecret> = Api::namespaced(self.client.clone(), &k.secrets_namespace);
        let names = manifests::copied_secret_names(env, &self.settings);
        let found = try_join_all(names.iter().map(|name| {
            let api = api.clone();
            async move {
                api.get_opt(name).await.map_err(|e| {
                    self.api_error(&format!("reading secret {}/{name}", k.secrets_namespace), e)
                })
            }
        }))
        .await?;
        let mut out = Vec::new();
        for (name, source) in names.iter().zip(found) {
            match source {
                Some(source) => out.push(manifests::copied_secret(
                    env,
                    &self.settings,
                    name,
                    Some(&source),
                )),
                None if Some(name) == k.pull_secret.as_ref() => {
                    return Err(ProvisionError::permanent(format!(
                        "the image pull secret {}/{name} does not exist: create it, or unset kubernetes.pull_secret",
                        k.secrets_namespace
                    )));
                }
                None => tracing::warn!(
                    livelesson = %env.livelesson_id,
                    "the TLS secret {}/{name} does not exist: ingresses use the controller's default certificate",
                    k.secrets_namespace
                ),
            }
        }
        Ok(out)
    }

    /// Every object of the livelesson (copied secrets: `copied`), with what its pods get the
    /// lesson's files with.
    async fn all_manifests(
        &self,
        env: &Environment,
        copied: Vec<Manifest>,
    ) -> Result<Vec<Manifest>, ProvisionError> {
        let files = match self.settings.files_from {
            manifests::FilesFrom::Api => {
                let key = self
                    .files_key
                    .as_ref()
                    .ok_or_else(|| ProvisionError::permanent("kubernetes.files_key is not set"))?;
                manifests::Files::Token(super::files::token(
                    key,
                    &self.settings.instance,
                    &env.livelesson_id,
                ))
            }
            manifests::FilesFrom::ConfigMap => {
                let archive =
                    super::files::tar_of(&super::files::read_all(env.files.as_ref(), "").await?)?;
                if archive.len() > manifests::MAX_CONFIGMAP_FILES {
                    return Err(ProvisionError::permanent(format!(
                        "the files of lesson `{}` ({} KiB) are more than a ConfigMap holds ({} KiB): run it on the platform, where pods fetch them from the API",
                        env.lesson_slug,
                        archive.len() / 1024,
                        manifests::MAX_CONFIGMAP_FILES / 1024
                    )));
                }
                manifests::Files::Archive(archive)
            }
        };
        Ok(manifests::livelesson(env, &self.settings, &files, copied))
    }

    /// The endpoints' (and the guide's) health from the namespace's pods and services.
    async fn health_of(
        &self,
        env: &Environment,
        pods: &BTreeMap<String, Pod>,
        services: &mut BTreeMap<String, Service>,
        up: &Mutex<HashSet<String>>,
    ) -> Result<Vec<EndpointStatus>, ProvisionError> {
        let ns = &self.namespace(&env.livelesson_id);
        let mut wanted: Vec<Watched> = env
            .endpoints
            .iter()
            .map(|e| Watched {
                name: e.name.clone(),
                presentations: e.presentations.clone(),
                ports: e.ports.clone(),
            })
            .collect();
        if manifests::has_guide(env) {
            wanted.push(Watched {
                name: GUIDE.to_owned(),
                presentations: vec![Presentation {
                    name: "web".to_owned(),
                    port: GUIDE_PORT,
                    kind: PresentationType::Http,
                }],
                ports: vec![GUIDE_PORT],
            });
        }
        // Services get their address when they are made: read them until each has one.
        if wanted
            .iter()
            .any(|w| !w.ports.is_empty() && !services.contains_key(&names::object(&w.name)))
        {
            let api: Api<Service> = Api::namespaced(self.client.clone(), ns);
            let listed = api
                .list(&ListParams::default().labels(&format!("{LABEL_ROLE}=service")))
                .await
                .map_err(|e| self.api_error("listing the livelesson's services", e))?;
            for s in listed.items {
                services.insert(s.name_any(), s);
            }
        }
        let checks = wanted.iter().map(
            |Watched {
                 name,
                 presentations,
                 ports,
             }| {
                let object = names::object(name);
                let what = if name == GUIDE {
                    "the jupyter guide".to_owned()
                } else {
                    format!("endpoint `{name}`")
                };
                let pod = pods.get(&object);
                let cluster_ip = services
                    .get(&object)
                    .and_then(|s| s.spec.as_ref()?.cluster_ip.clone())
                    .filter(|ip| ip != "None");
                async move {
                    let state = pod.map_or(PodState::Coming, |p| readiness::pod_state(p, &what));
                    let host = cluster_ip.clone();
                    let mut ready = false;
                    let mut access = Vec::new();
                    match state {
                        PodState::Broken(reason) => return Err(ProvisionError::permanent(reason)),
                        PodState::Coming => {}
                        PodState::Ready => {
                            let pod = pod.expect("a ready pod exists");
                            let uid = pod.uid().unwrap_or_default();
                            // Where each port is reached: the Service, or a local forward.
                            let mut at: BTreeMap<u16, SocketAddr> = BTreeMap::new();
                            for port in ports {
                                let addr = match &self.forwards {
                                    Some(f) => Some(f.ensure(ns, &object, *port).await?),
                                    None => cluster_ip
                                        .as_deref()
                                        .and_then(|ip| ip.parse().ok())
                                        .map(|ip| SocketAddr::new(ip, *port)),
                                };
                                if let Some(addr) = addr {
                                    at.insert(*port, addr);
                                }
                            }
                            let key = format!(
                                "{uid}/{}",
                                at.values()
                                    .map(ToString::to_string)
                                    .collect::<Vec<_>>()
                                    .join(",")
                            );
                            ready = up.lock().expect("not poisoned").contains(&key);
                            if !ready {
                                let ssh: HashSet<u16> = presentations
                                    .iter()
                                    .filter(|p| p.kind == PresentationType::Ssh)
                                    .map(|p| p.port)
                                    .collect();
                                let probes = ports.iter().map(|port| {
                                    let addr = at.get(port).copied();
                                    let ssh = ssh.contains(port);
                                    async move {
                                        match addr {
                                            Some(addr) => self.prober.probe(addr, ssh).await,
                                            None => false,
                                        }
                                    }
                                });
                                ready = join_all(probes).await.into_iter().all(|ok| ok);
                                if ready {
                                    up.lock().expect("not poisoned").insert(key);
                                }
                            }
                            for p in presentations {
                                let Some(addr) = at.get(&p.port) else {
                                    continue;
                                };
                                access.push(Access {
                                    presentation: p.name.clone(),
                                    kind: p.kind,
                                    host: addr.ip().to_string(),
                                    port: addr.port(),
                                    domain: (p.kind == PresentationType::Http).then(|| {
                                        manifests::ingress_host(env, &self.settings, name, &p.name)
                                    }),
                                });
                            }
                        }
                    }
                    Ok(EndpointStatus {
                        name: name.clone(),
                        host: match &self.forwards {
                            Some(_) if ready => Some("127.0.0.1".to_owned()),
                            _ => host,
                        },
                        ready,
                        access,
                        guide: name == GUIDE,
                    })
                }
            },
        );
        try_join_all(checks).await
    }

    async fn pods(&self, ns: &str) -> Result<BTreeMap<String, Pod>, ProvisionError> {
        let api: Api<Pod> = Api::namespaced(self.client.clone(), ns);
        let listed = api
            .list(&ListParams::default().labels(&format!("{LABEL_ROLE} in (endpoint,guide)")))
            .await
            .map_err(|e| self.api_error("listing the livelesson's pods", e))?;
        Ok(listed
            .items
            .into_iter()
            .map(|p| (p.name_any(), p))
            .collect())
    }

    /// Deletes pod `name` of `ns` (with its grace period, so its sandbox is gone before the
    /// pod is made again with the same addresses) and waits (at most 60 s) until it is gone.
    async fn delete_pod(&self, ns: &str, name: &str) -> Result<(), ProvisionError> {
        let api: Api<Pod> = Api::namespaced(self.client.clone(), ns);
        match api.delete(name, &DeleteParams::default()).await {
            Ok(_) => {}
            Err(kube::Error::Api(s)) if s.code == 404 => return Ok(()),
            Err(e) => return Err(self.api_error(&format!("deleting pod {name}"), e)),
        }
        let gone = kube::runtime::wait::await_condition(api, name, |p: Option<&Pod>| p.is_none());
        match tokio::time::timeout(Duration::from_secs(60), gone).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(ProvisionError::retryable(format!(
                "waiting for pod {name} to go: {e}"
            ))),
            Err(_) => Err(ProvisionError::retryable(format!(
                "pod {name} is still there after 60 s"
            ))),
        }
    }

    /// Waits until every Job named in `jobs` (of `ns`, stage `stage`) has finished; the first
    /// that failed is the error. Their pods are watched too: one whose image cannot be pulled
    /// (or that cannot start otherwise) fails the stage at once, not at the Job's deadline.
    async fn wait_for_jobs(
        &self,
        env: &Environment,
        ns: &str,
        jobs: &[(String, configuration::Step)],
    ) -> Result<(), ProvisionError> {
        enum Seen {
            Job(Box<Job>),
            Pod(Box<Pod>),
        }
        let selector = format!("{LABEL_ROLE}=configuration,{LABEL_STAGE}={}", env.stage);
        let job_events = watcher(
            Api::<Job>::namespaced(self.client.clone(), ns),
            watcher::Config::default().labels(&selector),
        )
        .default_backoff()
        .map(|e| e.map(|e| applied(e).map(|j| Seen::Job(Box::new(j)))));
        let pod_events = watcher(
            Api::<Pod>::namespaced(self.client.clone(), ns),
            watcher::Config::default().labels(&selector),
        )
        .default_backoff()
        .map(|e| e.map(|e| applied(e).map(|p| Seen::Pod(Box::new(p)))));
        let mut events = futures_util::stream::select(job_events, pod_events).boxed();
        let mut done: HashSet<String> = HashSet::new();
        let limit = Duration::from_millis(self.settings.kubernetes.configure_timeout_ms)
            + Duration::from_secs(30);
        let step_of = |job: &str| jobs.iter().find(|(n, _)| n == job).map(|(_, s)| s);
        let wait = async {
            while let Some(event) = events.next().await {
                let seen = match event {
                    Ok(seen) => seen,
                    Err(e) => {
                        tracing::debug!("watching configuration jobs: {e}; watching again");
                        continue;
                    }
                };
                if let Some(seen) = seen {
                    let job = match seen {
                        Seen::Pod(pod) => {
                            let Some(step) = pod.labels().get("job-name").and_then(|j| step_of(j))
                            else {
                                continue;
                            };
                            if let Some(reason) = readiness::stuck(&pod, "its pod") {
                                return Err(configuration::failed(
                                    step,
                                    &format!("could not start: {reason}"),
                                ));
                            }
                            continue;
                        }
                        Seen::Job(job) => job,
                    };
                    let name = job.name_any();
                    let Some(step) = step_of(&name) else {
                        continue;
                    };
                    let conditions = job
                        .status
                        .as_ref()
                        .and_then(|s| s.conditions.clone())
                        .unwrap_or_default();
                    let holds = |t: &str| {
                        conditions
                            .iter()
                            .find(|c| c.type_ == t && c.status == "True")
                    };
                    if holds("Complete").is_some() {
                        done.insert(name);
                        if done.len() == jobs.len() {
                            return Ok(());
                        }
                    } else if let Some(failed) = holds("Failed") {
                        let why = match (failed.reason.as_deref(), failed.message.as_deref()) {
                            (Some("DeadlineExceeded"), _) => format!(
                                "did not finish within {} s",
                                self.settings.kubernetes.configure_timeout_ms / 1000
                            ),
                            (_, Some(m)) => m.trim().to_owned(),
                            (Some(r), None) => r.to_owned(),
                            (None, None) => "failed".to_owned(),
                        };
                        let output = self.job_output(ns, &name, env, &step.endpoint).await;
                        return Err(configuration::failed(
                            step,
                            &if output.is_empty() {
                                format!("failed: {why}")
                            } else {
                                format!("failed: {why}; its output ends: {output}")
                            },
                        ));
                    }
                }
            }
            Err(ProvisionError::retryable(
                "the watch of configuration jobs ended",
            ))
        };
        match tokio::time::timeout(limit, wait).await {
            Ok(done) => done,
            Err(_) => Err(ProvisionError::permanent(format!(
                "the configuration of stage {} did not finish within {} s",
                env.stage,
                limit.as_secs()
            ))),
        }
    }

    /// The end of what the last pod of Job `job` printed, credentials scrubbed (empty when it
    /// cannot be read).
    async fn job_output(&self, ns: &str, job: &str, env: &Environment, endpoint: &str) -> String {
        let api: Api<Pod> = Api::namespaced(self.client.clone(), ns);
        let Ok(pods) = api
            .list(&ListParams::default().labels(&format!("job-name={job}")))
            .await
        else {
            return String::new();
        };
        let Some(pod) = pods
            .items
            .into_iter()
            .max_by_key(|p| p.creation_timestamp())
        else {
            return String::new();
        };
        let params = LogParams {
            tail_lines: Some(20),
            container: Some("configure".into()),
            ..LogParams::default()
        };
        let logs = api.logs(&pod.name_any(), &params).await.unwrap_or_default();
        let secret = env
            .endpoints
            .iter()
            .find(|e| e.name == endpoint)
            .map_or_else(
                || Secret::from(""),
                |e| e.credentials.config_password.clone(),
            );
        configuration::reason_from_output(&logs, &secret)
    }

    /// Waits (at most `limit`) until the checker pod is Ready, applying it if it is missing.
    async fn ready_checker(
        &self,
        env: &Environment,
        limit: Duration,
    ) -> Result<(), ProvisionError> {
        let ns = self.namespace(&env.livelesson_id);
        let api: Api<Pod> = Api::namespaced(self.client.clone(), &ns);
        let pod = api
            .get_opt(CHECKER)
            .await
            .map_err(|e| self.api_error("reading the checker pod", e))?;
        if let Some(pod) = &pod {
            match readiness::pod_state(pod, "the objective checker") {
                PodState::Ready => return Ok(()),
                PodState::Broken(reason) => return Err(ProvisionError::permanent(reason)),
                PodState::Coming => {}
            }
        } else {
            let all = self.all_manifests(env, Vec::new()).await?;
            for m in all.iter().filter(|m| {
                m.name == CHECKER
                    || m.name == manifests::CHECKS_SECRET
                    || m.name == manifests::FILES_SECRET
            }) {
                self.apply(m).await?;
            }
        }
        let ready = kube::runtime::wait::await_condition(api, CHECKER, |p: Option<&Pod>| {
            p.is_some_and(|p| {
                matches!(
                    readiness::pod_state(p, "the objective checker"),
                    PodState::Ready | PodState::Broken(_)
                ) || p.status.as_ref().and_then(|s| s.phase.as_deref()) == Some("Running")
            })
        });
        match tokio::time::timeout(limit, ready).await {
            Ok(Ok(Some(p))) => match readiness::pod_state(&p, "the objective checker") {
                PodState::Broken(reason) => Err(ProvisionError::permanent(reason)),
                _ => Ok(()),
            },
            Ok(Ok(None)) => Err(ProvisionError::retryable("the checker pod is gone")),
            Ok(Err(e)) => Err(ProvisionError::retryable(format!(
                "waiting for the checker pod: {e}"
            ))),
            Err(_) => Err(ProvisionError::retryable(
                "the checker pod is not running yet",
            )),
        }
    }

    /// Runs `line` by exec in the checker pod of `ns`: its exit code and output.
    async fn exec_in_checker(&self, ns: &str, line: &str) -> Result<ScriptRun, ProvisionError> {
        use tokio::io::AsyncReadExt as _;
        let api: Api<Pod> = Api::namespaced(self.client.clone(), ns);
        let params = AttachParams::default()
            .container("checker")
            .stdin(false)
            .stdout(true)
            .stderr(true);
        let mut process = api
            .exec(CHECKER, ["/bin/sh", "-c", line], &params)
            .await
            .map_err(|e| self.api_error("running a check in the checker pod", e))?;
        let mut stdout = process.stdout();
        let mut stderr = process.stderr();
        let status = process.take_status();
        let read = |half: Option<tokio::io::ReadHalf<tokio::io::SimplexStream>>| async move {
            let mut out = Vec::new();
            if let Some(mut half) = half {
                let _ = half.read_to_end(&mut out).await;
            }
            out
        };
        let (out, err) = tokio::join!(read(stdout.take()), read(stderr.take()));
        let status = match status {
            Some(s) => s.await,
            None => None,
        };
        let _ = process.join().await;
        let mut output = String::from_utf8_lossy(&out).into_owned();
        output.push_str(&String::from_utf8_lossy(&err));
        Ok(ScriptRun {
            code: Some(exit_code(status.as_ref())),
            output,
        })
    }
}

/// The object an event of a watch brings, if it brings one (not a deletion or a marker).
fn applied<K>(event: watcher::Event<K>) -> Option<K> {
    match event {
        watcher::Event::Apply(k) | watcher::Event::InitApply(k) => Some(k),
        _ => None,
    }
}

/// The exit code an exec's final status names: 0 for success, the `ExitCode` cause
/// otherwise (-1 when it names none: the process could not run).
pub fn exit_code(status: Option<&k8s_openapi::apimachinery::pkg::apis::meta::v1::Status>) -> i64 {
    let Some(status) = status else { return -1 };
    if status.status.as_deref() == Some("Success") {
        return 0;
    }
    status
        .details
        .as_ref()
        .and_then(|d| d.causes.as_ref())
        .and_then(|causes| {
            causes
                .iter()
                .find(|c| c.reason.as_deref() == Some("ExitCode"))
        })
        .and_then(|c| c.message.as_deref()?.trim().parse().ok())
        .unwrap_or(-1)
}

impl Backend for KubernetesBackend {
    fn name(&self) -> &'static str {
        "kubernetes"
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            provisions_endpoints: true,
            runs_checks: true,
            exposes_access: self.forwards.is_some(),
        }
    }

    fn create<'a>(&'a self, env: &'a Environment) -> BoxFuture<'a, Result<(), ProvisionError>> {
        async move {
            // The namespace first (everything else is in it), while the secrets to copy are
            // read; then everything else at once.
            let mut all = self.all_manifests(env, Vec::new()).await?;
            let namespace = all.remove(0);
            let (applied, copied) = tokio::join!(self.apply(&namespace), self.copied_secrets(env));
            applied?;
            let copied = copied?;
            all.extend(copied);
            // All at once: a pod made a moment before the Secret it reads waits for it (the
            // kubelet tries again), and its containers start seconds after its NetworkPolicy
            // exists (its files are fetched first).
            try_join_all(all.iter().map(|m| self.apply(m))).await?;
            Ok(())
        }
        .boxed()
    }

    fn endpoint_health<'a>(
        &'a self,
        env: &'a Environment,
    ) -> BoxFuture<'a, Result<Vec<EndpointStatus>, ProvisionError>> {
        async move {
            let pods = self.pods(&self.namespace(&env.livelesson_id)).await?;
            let up = Mutex::new(HashSet::new());
            self.health_of(env, &pods, &mut BTreeMap::new(), &up).await
        }
        .boxed()
    }

    fn watch_health<'a>(
        &'a self,
        env: &'a Environment,
        poll: Duration,
    ) -> BoxStream<'a, Result<Vec<EndpointStatus>, ProvisionError>> {
        let ns = self.namespace(&env.livelesson_id);
        let api: Api<Pod> = Api::namespaced(self.client.clone(), &ns);
        let config =
            watcher::Config::default().labels(&format!("{LABEL_ROLE} in (endpoint,guide)"));
        struct State<'a> {
            events: BoxStream<'a, Result<watcher::Event<Pod>, watcher::Error>>,
            pods: BTreeMap<String, Pod>,
            listing: BTreeMap<String, Pod>,
            listed: bool,
            services: BTreeMap<String, Service>,
            up: Mutex<HashSet<String>>,
            tick: tokio::time::Interval,
        }
        let mut tick = tokio::time::interval(poll);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let state = State {
            events: watcher(api, config).default_backoff().boxed(),
            pods: BTreeMap::new(),
            listing: BTreeMap::new(),
            listed: false,
            services: BTreeMap::new(),
            up: Mutex::new(HashSet::new()),
            tick,
        };
        futures_util::stream::unfold(state, move |mut s| async move {
            loop {
                tokio::select! {
                    event = s.events.next() => match event? {
                        Ok(watcher::Event::Init) => s.listing.clear(),
                        Ok(watcher::Event::InitApply(p)) => { s.listing.insert(p.name_any(), p); }
                        Ok(watcher::Event::InitDone) => {
                            s.pods = std::mem::take(&mut s.listing);
                            s.listed = true;
                            break;
                        }
                        Ok(watcher::Event::Apply(p)) => { s.pods.insert(p.name_any(), p); break; }
                        Ok(watcher::Event::Delete(p)) => { s.pods.remove(&p.name_any()); break; }
                        Err(e) => {
                            let e = ProvisionError::retryable(format!("watching the livelesson's pods: {e}"));
                            return Some((Err(e), s));
                        }
                    },
                    // Pods that are Ready but whose presentations do not answer yet are probed
                    // again at every tick.
                    _ = s.tick.tick(), if s.listed => break,
                }
            }
            let health = self.health_of(env, &s.pods, &mut s.services, &s.up).await;
            Some((health, s))
        })
        .boxed()
    }

    fn restart_endpoints<'a>(
        &'a self,
        env: &'a Environment,
        names: &'a [String],
    ) -> BoxFuture<'a, Result<(), ProvisionError>> {
        async move {
            let ns = self.namespace(&env.livelesson_id);
            let all = self.all_manifests(env, Vec::new()).await?;
            for name in names {
                let object = names::object(name);
                let Some(pod) = all
                    .iter()
                    .find(|m| m.resource.kind == "Pod" && m.name == object)
                else {
                    continue;
                };
                self.delete_pod(&ns, &object).await?;
                self.apply(pod).await?;
            }
            Ok(())
        }
        .boxed()
    }

    fn configure<'a>(&'a self, env: &'a Environment) -> BoxFuture<'a, Result<(), ProvisionError>> {
        async move {
            // A lesson whose endpoints have no configuration never has Jobs.
            if env.endpoints.iter().all(|e| e.configuration_type.is_none()) {
                return Ok(());
            }
            let ns = self.namespace(&env.livelesson_id);
            // The Jobs of the other stages go (their pods with them) while this stage's are
            // applied: the two never select each other.
            let api: Api<Job> = Api::namespaced(self.client.clone(), &ns);
            let params = ListParams::default().labels(&format!(
                "{LABEL_ROLE}=configuration,{LABEL_STAGE}!={}",
                env.stage
            ));
            let old = async {
                api.delete_collection(&DeleteParams::background(), &params)
                    .await
                    .map(drop)
                    .map_err(|e| {
                        self.api_error("deleting the configuration jobs of other stages", e)
                    })
            };
            let jobs = manifests::stage_jobs(env, &self.settings);
            let new = try_join_all(jobs.iter().map(|j| self.apply(j)));
            let (old, new) = tokio::join!(old, new);
            old?;
            new?;
            if jobs.is_empty() {
                return Ok(());
            }
            let steps: Vec<(String, configuration::Step)> = env
                .endpoints
                .iter()
                .filter_map(|e| configuration::step(e, env.stage, env.files.as_ref()))
                .map(|s| (manifests::job_name(&s.endpoint, env.stage), s))
                .collect();
            self.wait_for_jobs(env, &ns, &steps).await
        }
        .boxed()
    }

    fn teardown<'a>(&'a self, livelesson_id: &'a str) -> BoxFuture<'a, Result<(), ProvisionError>> {
        async move {
            let ns = self.namespace(livelesson_id);
            if let Some(f) = &self.forwards {
                f.close(&ns);
            }
            let api: Api<Namespace> = Api::all(self.client.clone());
            // Only a namespace of this instance's is deleted, whatever its name.
            match api.get_opt(&ns).await {
                Ok(None) => return Ok(()),
                Ok(Some(n)) => {
                    let labels = n.labels();
                    let ours = labels.get(LABEL_MANAGED).map(String::as_str) == Some("yes")
                        && labels.get(LABEL_INSTANCE)
                            == Some(&names::label_value(&self.settings.instance));
                    if !ours {
                        return Err(ProvisionError::permanent(format!(
                            "namespace {ns} is not one of instance `{}`'s livelessons (its labels say otherwise): it is left alone",
                            self.settings.instance
                        )));
                    }
                }
                Err(e) => return Err(self.api_error(&format!("reading namespace {ns}"), e)),
            }
            match api.delete(&ns, &DeleteParams::background()).await {
                Ok(_) => {}
                // Gone already, or going.
                Err(kube::Error::Api(s)) if s.code == 404 => return Ok(()),
                Err(kube::Error::Api(s)) if s.code == 409 => {}
                Err(e) => return Err(self.api_error(&format!("deleting namespace {ns}"), e)),
            }
            let limit = Duration::from_millis(self.settings.kubernetes.delete_timeout_ms);
            let gone =
                kube::runtime::wait::await_condition(api, &ns, |n: Option<&Namespace>| n.is_none());
            match tokio::time::timeout(limit, gone).await {
                Ok(Ok(_)) => Ok(()),
                Ok(Err(e)) => Err(ProvisionError::retryable(format!(
                    "waiting for namespace {ns} to go: {e}"
                ))),
                Err(_) => Err(ProvisionError::retryable(format!(
                    "namespace {ns} is still being deleted after {limit:?}"
                ))),
            }
        }
        .boxed()
    }

    fn run_script<'a>(
        &'a self,
        env: &'a Environment,
        script: &'a str,
        limit: Duration,
    ) -> BoxFuture<'a, Result<ScriptRun, ProvisionError>> {
        async move {
            if !env.files.paths().iter().any(|p| p == script) {
                return Err(ProvisionError::permanent(format!(
                    "the lesson has no script {script}"
                )));
            }
            self.ready_checker(env, limit.max(Duration::from_secs(60)))
                .await?;
            let ns = self.namespace(&env.livelesson_id);
            let line = format!(
                "set -a; . {}/check.env; set +a; cd {LESSON_DIR}; {}",
                manifests::CHECKS_DIR,
                super::objectives::command(script)
            );
            match tokio::time::timeout(limit, self.exec_in_checker(&ns, &line)).await {
                Ok(run) => run,
                Err(_) => Ok(ScriptRun {
                    code: None,
                    output: String::new(),
                }),
            }
        }
        .boxed()
    }

    fn livelessons(&self) -> BoxFuture<'_, Result<Vec<String>, ProvisionError>> {
        async move {
            let api: Api<Namespace> = Api::all(self.client.clone());
            // Authors' runs (`lesson run`) have no row anywhere: they are not orphans.
            let selector = format!(
                "{LABEL_MANAGED}=yes,{LABEL_INSTANCE}={},!{}",
                names::label_value(&self.settings.instance),
                manifests::LABEL_AUTHOR_RUN
            );
            let listed = api
                .list(&ListParams::default().labels(&selector))
                .await
                .map_err(|e| self.api_error("listing the instance's namespaces", e))?;
            let mut ids: Vec<String> = listed
                .items
                .iter()
                .filter_map(|n| n.labels().get(LABEL_LIVELESSON).cloned())
                .collect();
            ids.sort();
            ids.dedup();
            Ok(ids)
        }
        .boxed()
    }
}
