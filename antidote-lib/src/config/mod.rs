//! Service configuration: one [`Config`] for every service, read from a YAML file, then
//! `ANTIDOTE_*` environment variables, then command-line flags (the binaries apply those), each
//! overriding the one before.
//!
//! The file has the shape of [`Config`] (snake_case keys; unknown keys are errors, with their
//! line and column). Every setting has a default that suits one machine, except credentials.
//! Each field is one setting, defined once: its variable, flag and reference entry come from
//! it ([`settings`]). Credentials are [`Secret`]s, never shown.

mod settings;

pub use settings::{
    Setting, SettingKind, Source, flag_name, reference_markdown, setting, settings,
};

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::curriculum::Tier;
use crate::curriculum::yaml::{self, Seg};

/// What is wrong with the configuration.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("cannot read the configuration file {path}: {cause}")]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        cause: std::io::Error,
    },
    /// The file is not valid YAML or has the wrong shape.
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: u32,
        /// 1-based column.
        column: u32,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// An environment variable has a value that cannot be used.
    #[error("invalid {name}=`{value}`: {reason}")]
    Env {
        /// The variable (or the flag, `--name`).
        name: String,
        /// Its value (credentials are never reported).
        value: String,
        /// Why it cannot be used.
        reason: String,
    },
    /// A setting is out of range or inconsistent.
    #[error("invalid setting `{setting}`: {reason}")]
    Setting {
        /// The setting, as a dotted path.
        setting: &'static str,
        /// Why it cannot be used.
        reason: String,
    },
}

/// Which backend provisions livelessons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase", try_from = "String")]
pub enum BackendKind {
    /// Provisions nothing: guides only, endpoints reported without a host.
    #[default]
    Preview,
    /// Containers on a Docker Engine API (Docker, or Podman's compatible service): real
    /// endpoints on one machine, for authors and small installations.
    Docker,
    /// A Kubernetes cluster: a namespace per livelesson (production).
    Kubernetes,
}

impl BackendKind {
    /// The name as configured.
    pub fn as_str(self) -> &'static str {
        match self {
            BackendKind::Preview => "preview",
            BackendKind::Docker => "docker",
            BackendKind::Kubernetes => "kubernetes",
        }
    }
}

impl TryFrom<String> for BackendKind {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl JsonSchema for BackendKind {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "BackendKind".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "string", "enum": ["preview", "docker", "kubernetes"]})
    }
}

impl std::str::FromStr for BackendKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "preview" => Ok(BackendKind::Preview),
            "docker" => Ok(BackendKind::Docker),
            "kubernetes" => Ok(BackendKind::Kubernetes),
            _ => Err(format!(
                "unknown backend `{s}` (expected preview, docker or kubernetes)"
            )),
        }
    }
}

/// A credential (a password or a token): shown as `***` by `Debug` and `Display`, so it
/// reaches no log line or error; [`Secret::expose`] hands the value to what needs it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// The value, for the one place that uses it (a connection, a comparison).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Secret {
        Secret(s.to_owned())
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Secret {
        Secret(s)
    }
}

impl JsonSchema for Secret {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Secret".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "string", "x-secret": true})
    }
}

/// How to reach NATS. Credentials are required: a connection without them is refused.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct NatsConfig {
    /// `nats://HOST:PORT`; unset means the in-process bus (one process only).
    pub url: Option<String>,
    /// User name (with `password`).
    pub user: Option<String>,
    /// Password (with `user`).
    #[schemars(extend("x-secret" = true))]
    pub password: Option<Secret>,
    /// Token (instead of user and password).
    #[schemars(extend("x-secret" = true))]
    pub token: Option<Secret>,
}

/// An IP network: an address and a prefix length (`10.0.0.0/8`; a bare address is `/32` or
/// `/128`). Written and read as that text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Network {
    addr: IpAddr,
    prefix: u8,
}

impl Network {
    /// Whether `ip` is in the network (IPv4-mapped IPv6 addresses count as IPv4).
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr.to_canonical(), ip.to_canonical()) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

impl std::str::FromStr for Network {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let addr: IpAddr = addr.parse().map_err(|_| {
            format!("`{s}` is not an IP address or network (e.g. 10.0.0.1 or 10.0.0.0/8)")
        })?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("`{s}` has no valid prefix length (0 to {max})"))?,
        };
        Ok(Network { addr, prefix })
    }
}

impl std::fmt::Display for Network {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

impl JsonSchema for Network {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Network".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "string", "description": "an IP address or network"})
    }
}

impl Serialize for Network {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Network {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// The API service's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ApiConfig {
    /// Address to listen on.
    #[schemars(extend("x-env" = "ANTIDOTE_LISTEN"))]
    pub listen: String,
    /// Bearer token for `/api/v1/admin/...` (at least 16 characters); unset disables the admin
    /// API.
    #[schemars(extend("x-env" = "ANTIDOTE_ADMIN_TOKEN", "x-secret" = true))]
    pub admin_token: Option<Secret>,
    /// Peers whose `X-Forwarded-For` header is believed: addresses (`10.0.0.1`) or networks
    /// (`10.0.0.0/8`, `fd00::/8`).
    pub trusted_proxies: Vec<Network>,
    /// Origins allowed by CORS (`*` for any); empty allows none.
    pub cors_origins: Vec<String>,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Sessions one source address may create per hour (0: no limit).
    pub sessions_per_ip_per_hour: u32,
    /// Livelessons one session may hold at once (0: no limit).
    pub livelessons_per_session: u32,
    /// How long to wait for a scheduler to acknowledge a request, in milliseconds.
    pub request_timeout_ms: u64,
    /// How often to check for a newly imported curriculum, in milliseconds.
    pub curriculum_refresh_ms: u64,
    /// How long a client may take to send a request's line and headers, in milliseconds,
    /// counted from when its connection is ready for them (accepted, or the previous answer
    /// sent): a slow client, or one idle between requests, is disconnected then.
    pub header_read_timeout_ms: u64,
    /// How long a connection may stay silent (no byte in either direction), in milliseconds,
    /// before it is closed, whatever it is doing (a stalled body, an unread answer).
    pub idle_timeout_ms: u64,
    /// Connections open at once, in all; kept below the process's open-file limit (less 128
    /// for the database, the bus and files). A connection beyond it is closed at once.
    pub max_connections: u32,
    /// Connections open at once from one source address (a trusted proxy's connections carry
    /// many clients and count only towards `max_connections`). Beyond it, closed at once.
    pub max_connections_per_address: u32,
}

impl Default for ApiConfig {
    fn default() -> Self {
        ApiConfig {
            listen: "127.0.0.1:8086".into(),
            admin_token: None,
            trusted_proxies: Vec::new(),
            cors_origins: Vec::new(),
            max_body_bytes: 16 * 1024,
            sessions_per_ip_per_hour: 100,
            livelessons_per_session: 3,
            request_timeout_ms: 3000,
            curriculum_refresh_ms: 1000,
            header_read_timeout_ms: 10_000,
            idle_timeout_ms: 60_000,
            max_connections: 4096,
            max_connections_per_address: 256,
        }
    }
}

impl ApiConfig {
    /// [`ApiConfig::request_timeout_ms`] as a duration.
    pub fn request_timeout(&self) -> Duration {
        Duration::from_millis(self.request_timeout_ms)
    }
}

/// The scheduler service's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SchedulerConfig {
    /// How long a replica's hold on a livelesson it works on lasts, in milliseconds. It is
    /// renewed every third of that while the replica lives, so a dead replica's livelessons are
    /// resumed by another within this time (plus `sweep_interval_ms`).
    pub lease_ms: u64,
    /// How many livelessons one replica works on at once.
    pub concurrency: u32,
    /// How many times endpoints that do not come up are retried before the livelesson FAILS.
    pub endpoint_retries: u32,
    /// How long to wait for every endpoint to come up, per attempt, in milliseconds.
    pub endpoint_timeout_ms: u64,
    /// The longest one backend call may take, in milliseconds (a hung call then counts as a
    /// retryable failure instead of holding the livelesson forever).
    pub call_timeout_ms: u64,
    /// How often to look for livelessons whose owner died (or that nobody took), in
    /// milliseconds.
    pub sweep_interval_ms: u64,
    /// How often to tear down what the backend has of livelessons that have no row (orphans),
    /// in milliseconds.
    pub orphan_sweep_interval_ms: u64,
}

impl Default for SchedulerConfig {
    fn default() -> Self {
        SchedulerConfig {
            lease_ms: 10_000,
            concurrency: 64,
            endpoint_retries: 2,
            endpoint_timeout_ms: 300_000,
            call_timeout_ms: 600_000,
            sweep_interval_ms: 2_000,
            orphan_sweep_interval_ms: 60_000,
        }
    }
}

/// The preview backend's settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PreviewConfig {
    /// A pretend provisioning time per livelesson, in milliseconds (demos, front-end work and
    /// tests of the scheduler); 0 by default.
    pub delay_ms: u64,
    /// A file to which every create, configure and teardown is appended as a JSON line, with
    /// the process that did it (an audit of who provisioned what); unset by default.
    pub record: Option<PathBuf>,
}

/// How endpoint images are named, for every backend that runs them: `{org}/{slug}:{tag}`,
/// unless an override names the image of a slug.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ImagesConfig {
    /// The registry and organisation images are pulled from (`antidotelabs`, or
    /// `registry.example.com/lessons`).
    pub org: String,
    /// The tag of every image (the curriculum's version).
    pub tag: String,
    /// Images named explicitly, as `SLUG=REFERENCE` (`utility=localhost/utility:dev`).
    pub overrides: Vec<String>,
    /// The image that runs stage configuration (python, ansible, napalm); unset means
    /// `{org}/configurator:{tag}`.
    pub configurator: Option<String>,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            org: "antidotelabs".into(),
            tag: "latest".into(),
            overrides: Vec::new(),
            configurator: None,
        }
    }
}

impl ImagesConfig {
    /// The reference of the image `slug`.
    pub fn reference(&self, slug: &str) -> String {
        self.overrides
            .iter()
            .filter_map(|o| o.split_once('='))
            .find(|(s, _)| *s == slug)
            .map_or_else(
                || format!("{}/{slug}:{}", self.org, self.tag),
                |(_, r)| r.to_owned(),
            )
    }

    /// The reference of the configuration image.
    pub fn configurator(&self) -> String {
        self.configurator
            .clone()
            .unwrap_or_else(|| self.reference("configurator"))
    }
}

/// The Docker backend's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DockerConfig {
    /// The engine's address (`unix:///run/podman/podman.sock`, `tcp://HOST:2375`); unset means
    /// `DOCKER_HOST`, else the default socket.
    pub host: Option<String>,
    /// The address presentations are published on (and probed at).
    pub publish_address: String,
    /// The first host port presentations are published on, one after the other in lesson
    /// order (so an author's `ssh -p` stays the same between runs); 0 lets the engine choose
    /// free ports.
    pub publish_from: u16,
    /// The container runtime of `untrusted` images (`runsc`, `kata`); unset means the engine's
    /// default.
    pub untrusted_runtime: Option<String>,
    /// Pull images that are not on the engine (`false`: a missing image fails the lesson).
    pub pull: bool,
    /// The longest one stage's configuration may run, in milliseconds.
    pub configure_timeout_ms: u64,
    /// The longest one readiness probe (an SSH handshake, a TCP connect) may take, in
    /// milliseconds.
    pub probe_timeout_ms: u64,
}

impl Default for DockerConfig {
    fn default() -> Self {
        DockerConfig {
            host: None,
            publish_address: "127.0.0.1".into(),
            publish_from: 0,
            untrusted_runtime: None,
            pull: true,
            configure_timeout_ms: 300_000,
            probe_timeout_ms: 2_000,
        }
    }
}

/// The Kubernetes backend's settings. Where the original (antidote-core) had a setting, the
/// name is its name in snake case (`hepsDomain` is `heps_domain`); its `instanceId`,
/// `imageOrg` and `curriculumVersion` are `instance_id`, `images.org` and `images.tag`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct KubernetesConfig {
    /// The kubeconfig context to use; unset means the current context of the kubeconfig
    /// (`KUBECONFIG` or `~/.kube/config`), else the service account of the pod the service
    /// runs in.
    pub context: Option<String>,
    /// The domain under which http presentations and jupyter guides get their ingress hosts
    /// (`{namespace}-{endpoint}-{presentation}.{heps_domain}`; the original's `hepsDomain`).
    pub heps_domain: String,
    /// The namespace the TLS and pull secrets are copied from into each livelesson's namespace
    /// (the original's secrets namespace).
    pub secrets_namespace: String,
    /// The TLS secret of the ingresses, copied from `secrets_namespace` (the original's
    /// `tlsCertName`).
    pub tls_secret: String,
    /// An image pull secret copied from `secrets_namespace` and used by every pod; unset
    /// means none (the original's `pullCredName`).
    pub pull_secret: Option<String>,
    /// Pull every image on every start (`Always`) instead of when missing (`IfNotPresent`)
    /// (the original's `alwaysPull`).
    pub always_pull: bool,
    /// Let every lesson's pods reach outside their namespace (the original's `allowEgress`);
    /// a lesson can also ask for it (`allowEgress` in its meta file). `egress_blocked` stays
    /// blocked either way.
    pub allow_egress: bool,
    /// Networks lesson pods never reach, even with egress allowed (the cloud metadata
    /// addresses by default).
    pub egress_blocked: Vec<Network>,
    /// Namespaces whose pods may reach lesson pods (where the terminal proxy and the ingress
    /// controller run); pods of the livelesson's own namespace always may.
    pub ingress_namespaces: Vec<String>,
    /// The ingress class of http presentations and jupyter guides; unset means the cluster's
    /// default class.
    pub ingress_class: Option<String>,
    /// Annotations of every ingress, as `KEY=VALUE` (e.g. what lets the page be framed with
    /// your ingress controller).
    pub ingress_annotations: Vec<String>,
    /// The runtime class of `untrusted` images (`kata`, `gvisor`); unset means the cluster's
    /// default runtime.
    pub untrusted_runtime_class: Option<String>,
    /// The image of the init container that fetches the lesson's files (it needs `sh`,
    /// `wget` and `tar`).
    pub init_image: String,
    /// The image of jupyter guides; unset means `{images.org}/jupyter:{images.tag}`.
    pub jupyter_image: Option<String>,
    /// The API's address as lesson pods reach it (`http://antidote-api.antidote.svc:8086`):
    /// init containers fetch the lesson's files from its internal endpoint.
    pub files_url: String,
    /// The namespace the platform's services run in (the API, schedulers, checkers): its pods
    /// may reach lesson pods (the schedulers probe presentations), and lesson pods may reach
    /// its API pods (to fetch their files) even without egress.
    pub platform_namespace: String,
    /// The labels of the API's pods, as `KEY=VALUE`: the only pods of
    /// `platform_namespace` that lesson pods may reach (not the database, not the bus).
    pub api_pod_labels: Vec<String>,
    /// The key that per-livelesson file tokens are derived from (at least 32 characters);
    /// the API and the schedulers must share it. Required by the Kubernetes backend; without
    /// it the API serves no lesson files.
    #[schemars(extend("x-secret" = true))]
    pub files_key: Option<Secret>,
    /// The CPU each endpoint asks for (`100m`); unset means none.
    pub cpu_request: Option<String>,
    /// The memory each endpoint asks for (`256Mi`); unset means none.
    pub memory_request: Option<String>,
    /// The most CPU an endpoint may use (`2`); unset means no limit.
    pub cpu_limit: Option<String>,
    /// The most memory an endpoint may use (`2Gi`); unset means no limit.
    pub memory_limit: Option<String>,
    /// The longest one stage's configuration Job may run, in milliseconds (its deadline).
    pub configure_timeout_ms: u64,
    /// The longest one readiness probe (an SSH handshake, a TCP connect) may take, in
    /// milliseconds.
    pub probe_timeout_ms: u64,
    /// How long a teardown waits for the namespace to be gone, in milliseconds.
    pub delete_timeout_ms: u64,
}

impl Default for KubernetesConfig {
    fn default() -> Self {
        KubernetesConfig {
            context: None,
            heps_domain: "localhost".into(),
            secrets_namespace: "prod".into(),
            tls_secret: "tls-certificate".into(),
            pull_secret: None,
            always_pull: false,
            allow_egress: false,
            egress_blocked: vec![
                "169.254.169.254/32".parse().expect("a network"),
                "fd00:ec2::254/128".parse().expect("a network"),
            ],
            ingress_namespaces: Vec::new(),
            ingress_class: None,
            ingress_annotations: Vec::new(),
            untrusted_runtime_class: None,
            init_image: "busybox:1.37".into(),
            jupyter_image: None,
            files_url: "http://antidote-api.antidote.svc:8086".into(),
            platform_namespace: "antidote".into(),
            api_pod_labels: vec!["app.kubernetes.io/name=antidote-api".into()],
            files_key: None,
            cpu_request: None,
            memory_request: None,
            cpu_limit: None,
            memory_limit: None,
            configure_timeout_ms: 300_000,
            probe_timeout_ms: 2_000,
            delete_timeout_ms: 120_000,
        }
    }
}

impl KubernetesConfig {
    /// The annotations of ingresses, as pairs.
    pub fn ingress_annotations(&self) -> impl Iterator<Item = (&str, &str)> {
        self.ingress_annotations
            .iter()
            .filter_map(|a| a.split_once('='))
    }

    fn check(&self) -> Result<(), ConfigError> {
        let invalid =
            |setting: &'static str, reason: String| Err(ConfigError::Setting { setting, reason });
        let label = |s: &str| {
            !s.is_empty()
                && s.len() <= 63
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !s.starts_with('-')
                && !s.ends_with('-')
        };
        if !self.heps_domain.split('.').all(label) || self.heps_domain.len() > 200 {
            return invalid(
                "kubernetes.heps_domain",
                format!(
                    "`{}` is not a DNS domain of lower-case labels (e.g. labs.example.com)",
                    self.heps_domain
                ),
            );
        }
        for (setting, name) in [
            (
                "kubernetes.secrets_namespace",
                Some(&self.secrets_namespace),
            ),
            (
                "kubernetes.platform_namespace",
                Some(&self.platform_namespace),
            ),
        ]
        .into_iter()
        .chain(
            self.ingress_namespaces
                .iter()
                .map(|n| ("kubernetes.ingress_namespaces", Some(n))),
        ) {
            if let Some(name) = name
                && !label(name)
            {
                return invalid(
                    setting,
                    format!(
                        "`{name}` is not a namespace name (lower-case letters, digits and `-`, at most 63)"
                    ),
                );
            }
        }
        for (setting, pairs) in [
            ("kubernetes.ingress_annotations", &self.ingress_annotations),
            ("kubernetes.api_pod_labels", &self.api_pod_labels),
        ] {
            for a in pairs {
                if a.split_once('=').is_none_or(|(k, _)| k.is_empty()) {
                    return invalid(setting, format!("`{a}` is not KEY=VALUE"));
                }
            }
        }
        if self.api_pod_labels.is_empty() {
            return invalid(
                "kubernetes.api_pod_labels",
                "must name the API's pods (e.g. app.kubernetes.io/name=antidote-api): lesson pods reach them for their files".into(),
            );
        }
        let quantity = |q: &str| {
            let digits = q.trim_end_matches(|c: char| c.is_ascii_alphabetic());
            let unit = &q[digits.len()..];
            !digits.is_empty()
                && digits.parse::<f64>().is_ok_and(|n| n >= 0.0)
                && [
                    "", "m", "k", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei",
                ]
                .contains(&unit)
        };
        for (setting, value) in [
            ("kubernetes.cpu_request", &self.cpu_request),
            ("kubernetes.memory_request", &self.memory_request),
            ("kubernetes.cpu_limit", &self.cpu_limit),
            ("kubernetes.memory_limit", &self.memory_limit),
        ] {
            if let Some(v) = value
                && !quantity(v)
            {
                return invalid(
                    setting,
                    format!("`{v}` is not a Kubernetes quantity (e.g. 500m, 2, 256Mi, 1Gi)"),
                );
            }
        }
        let subdomain = |s: &str| {
            !s.is_empty()
                && s.len() <= 253
                && s.split('.').all(|l| {
                    !l.is_empty()
                        && l.bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                        && !l.starts_with('-')
                        && !l.ends_with('-')
                })
        };
        for (setting, value) in [
            ("kubernetes.ingress_class", &self.ingress_class),
            (
                "kubernetes.untrusted_runtime_class",
                &self.untrusted_runtime_class,
            ),
            ("kubernetes.pull_secret", &self.pull_secret),
            ("kubernetes.tls_secret", &Some(self.tls_secret.clone())),
        ] {
            if let Some(v) = value
                && !subdomain(v)
            {
                return invalid(
                    setting,
                    format!(
                        "`{v}` is not a Kubernetes object name (lower-case letters, digits, `-` and `.`)"
                    ),
                );
            }
        }
        let url = &self.files_url;
        let valid_url = (url.starts_with("http://") || url.starts_with("https://"))
            && url.len() > "https://".len()
            && !url.ends_with('/')
            && url.bytes().all(|b| b.is_ascii_graphic());
        if !valid_url {
            return invalid(
                "kubernetes.files_url",
                format!(
                    "`{url}` is not an http(s) URL without a trailing slash (e.g. http://antidote-api.antidote.svc:8086)"
                ),
            );
        }
        if self.init_image.trim().is_empty() || self.init_image.contains(' ') {
            return invalid(
                "kubernetes.init_image",
                "must name an image (e.g. busybox:1.37)".into(),
            );
        }
        if self
            .files_key
            .as_ref()
            .is_some_and(|k| k.expose().len() < 32)
        {
            return invalid(
                "kubernetes.files_key",
                "must be at least 32 characters (e.g. the output of `openssl rand -hex 32`)".into(),
            );
        }
        Ok(())
    }
}

/// The checker service's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CheckerConfig {
    /// How often an objective that is not complete is checked at first, in milliseconds.
    pub interval_ms: u64,
    /// The longest wait between two checks of a livelesson, in milliseconds (the interval
    /// doubles, up to this, while nothing changes).
    pub max_interval_ms: u64,
    /// How long a replica's hold on a livelesson's checks lasts, in milliseconds (renewed every
    /// third of it while the replica lives).
    pub lease_ms: u64,
    /// How many livelessons one replica checks at once (each is held until its stage is done,
    /// so beyond this many active livelessons run more replicas).
    pub concurrency: u32,
    /// The longest one check may run, in milliseconds (then it is an error).
    pub script_timeout_ms: u64,
}

impl Default for CheckerConfig {
    fn default() -> Self {
        CheckerConfig {
            interval_ms: 500,
            max_interval_ms: 2_000,
            lease_ms: 10_000,
            concurrency: 1_000,
            script_timeout_ms: 30_000,
        }
    }
}

/// The gc service's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct GcConfig {
    /// How often to look for idle livelessons and sessions, in milliseconds.
    pub interval_ms: u64,
    /// A livelesson idle this long (milliseconds) is deleted, unless its session is persistent.
    pub livelesson_ttl_ms: u64,
    /// A session idle this long (milliseconds) with no livelessons is deleted, unless it is
    /// persistent.
    pub session_ttl_ms: u64,
    /// Most livelessons (and sessions) handled per round and replica.
    pub batch: u32,
}

impl Default for GcConfig {
    fn default() -> Self {
        GcConfig {
            interval_ms: 30_000,
            livelesson_ttl_ms: 30 * 60_000,
            session_ttl_ms: 24 * 3_600_000,
            batch: 100,
        }
    }
}

/// Import's settings (`antidotectl import`, `antidotectl serve --curriculum`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ImportConfig {
    /// The largest share of the stored lessons, in percent, that an import may remove without
    /// `--allow-shrink` (an import that removes every lesson always needs it).
    pub max_removed_percent: u32,
}

impl Default for ImportConfig {
    fn default() -> Self {
        ImportConfig {
            max_removed_percent: 50,
        }
    }
}

/// Size limits of a curriculum's files (`antidotectl validate`, import, and so the API's
/// answers). The defaults leave generous headroom over NRE Labs, measured on its 385 files: the
/// largest meta file is 2,094 bytes, guide 15,935, notebook 7,303, lesson file 186,193 (a PNG),
/// whole lesson 1,033,335 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// The largest meta file (`*.meta.yaml`), in bytes, as written and as JSON once YAML
    /// aliases are expanded.
    pub meta_file_bytes: u64,
    /// The largest markdown guide (any `.md` file of a lesson), in bytes.
    pub guide_bytes: u64,
    /// The largest Jupyter notebook (any `.ipynb` file of a lesson), in bytes.
    pub notebook_bytes: u64,
    /// The largest file of a lesson (configurations, scripts, pictures, ...), in bytes.
    pub file_bytes: u64,
    /// The largest lesson: every file under its directory together, in bytes.
    pub lesson_bytes: u64,
}

impl Limits {
    /// The most bytes one answer of the API about one lesson or livelesson can have with a
    /// curriculum within these limits: `6 × max(guide, notebook) + 32 × meta file + 2 MiB`.
    ///
    /// Such an answer carries at most one guide or notebook (the livelesson's stage's), as a
    /// JSON string: at most 6 bytes per byte of it (`\u0001`). What comes from the lesson's
    /// meta file (its JSON, aliases expanded, is within the meta limit) is repeated at most
    /// once, with field names, statuses and endpoint addresses adding less than 32 times its
    /// size. The rest fits in 2 MiB: ids and times, and the objectives' reasons (a stage has at
    /// most 100 objectives, the checker keeps at most 1,000 characters of a reason: 100 × 6 ×
    /// 1,030 bytes as JSON). Lists (`/lessons`) grow with the number of lessons; the files
    /// archive of `/internal` with the lesson's files (`lesson_bytes` plus at most 1.5 KiB per
    /// file).
    pub fn answer_bytes(&self) -> u64 {
        const MIB: u64 = 1024 * 1024;
        self.guide_bytes
            .max(self.notebook_bytes)
            .saturating_mul(6)
            .saturating_add(self.meta_file_bytes.saturating_mul(32))
            .saturating_add(2 * MIB)
    }
}

impl Default for Limits {
    fn default() -> Self {
        const MIB: u64 = 1024 * 1024;
        Limits {
            meta_file_bytes: MIB,
            guide_bytes: 4 * MIB,
            notebook_bytes: 8 * MIB,
            file_bytes: 32 * MIB,
            lesson_bytes: 64 * MIB,
        }
    }
}

/// How a process writes its log lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Lines for people.
    #[default]
    Text,
    /// One JSON object per line, with the span's ids and the trace id.
    Json,
}

/// How services report on themselves: metrics, logs and traces (see docs/operations.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TelemetryConfig {
    /// Address of a listener serving the process's Prometheus metrics on `/metrics`
    /// (`127.0.0.1:9186`), for services without an HTTP port of their own; unset means none
    /// (the API serves `/metrics` on its own address either way).
    #[schemars(extend("x-env" = "ANTIDOTE_METRICS_LISTEN"))]
    pub metrics_listen: Option<String>,
    /// How log lines are written: `text` for people, `json` for collectors.
    #[schemars(extend("x-env" = "ANTIDOTE_LOG_FORMAT"))]
    pub log_format: LogFormat,
    /// Where traces are exported over OTLP (`http://collector:4318`); unset means
    /// `OTEL_EXPORTER_OTLP_ENDPOINT`, and without either nothing is exported.
    /// `OTEL_EXPORTER_OTLP_PROTOCOL` (`grpc`, `http/protobuf`) and `OTEL_SERVICE_NAME` are
    /// honoured.
    #[schemars(extend("x-env" = "ANTIDOTE_OTLP_ENDPOINT"))]
    pub otlp_endpoint: Option<String>,
    /// The share of traces started here that are recorded and exported (0 to 1); a trace
    /// continued from a caller follows the caller's choice.
    #[schemars(extend("x-env" = "ANTIDOTE_TRACE_SAMPLING_RATIO"))]
    pub sampling_ratio: f64,
}

impl Default for TelemetryConfig {
    fn default() -> Self {
        TelemetryConfig {
            metrics_listen: None,
            log_format: LogFormat::Text,
            otlp_endpoint: None,
            sampling_ratio: 1.0,
        }
    }
}

/// The stats service's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct StatsConfig {
    /// How often the platform-wide view (livelessons by lesson, stage and status; sessions) is
    /// read from the database, in milliseconds.
    pub refresh_ms: u64,
    /// An InfluxDB write URL that line protocol is pushed to
    /// (`http://influxdb:8086/write?db=antidote`); unset means none.
    pub influx_url: Option<String>,
    /// How often line protocol is pushed, in milliseconds.
    pub influx_interval_ms: u64,
}

impl Default for StatsConfig {
    fn default() -> Self {
        StatsConfig {
            refresh_ms: 5_000,
            influx_url: None,
            influx_interval_ms: 10_000,
        }
    }
}

/// Every service's configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Prefix of every bus subject, so that several instances can share one NATS.
    pub instance_id: String,
    /// `sqlite://PATH` or `postgres://...`; unset means the embedded default SQLite file.
    pub database_url: Option<String>,
    /// How long a query waits for a PostgreSQL connection before it fails, in milliseconds:
    /// while the database is unreachable, API requests are answered 503 (with `Retry-After`)
    /// within this time.
    pub database_acquire_timeout_ms: u64,
    /// The message bus.
    pub nats: NatsConfig,
    /// Which backend provisions livelessons.
    pub backend: BackendKind,
    /// The most private tier served (the API shows resources at least this public).
    pub tier: Tier,
    /// The API service.
    pub api: ApiConfig,
    /// The scheduler service.
    pub scheduler: SchedulerConfig,
    /// The preview backend.
    pub preview: PreviewConfig,
    /// How endpoint images are named.
    pub images: ImagesConfig,
    /// The Docker backend.
    pub docker: DockerConfig,
    /// The Kubernetes backend.
    pub kubernetes: KubernetesConfig,
    /// The checker service.
    pub checker: CheckerConfig,
    /// The gc service.
    pub gc: GcConfig,
    /// Import.
    pub import: ImportConfig,
    /// Size limits of a curriculum's files.
    pub limits: Limits,
    /// Metrics, logs and traces.
    pub telemetry: TelemetryConfig,
    /// The stats service.
    pub stats: StatsConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            instance_id: "antidote".into(),
            database_url: None,
            database_acquire_timeout_ms: 1000,
            nats: NatsConfig::default(),
            backend: BackendKind::default(),
            tier: Tier::Prod,
            api: ApiConfig::default(),
            scheduler: SchedulerConfig::default(),
            preview: PreviewConfig::default(),
            images: ImagesConfig::default(),
            docker: DockerConfig::default(),
            kubernetes: KubernetesConfig::default(),
            checker: CheckerConfig::default(),
            gc: GcConfig::default(),
            import: ImportConfig::default(),
            limits: Limits::default(),
            telemetry: TelemetryConfig::default(),
            stats: StatsConfig::default(),
        }
    }
}

/// Every `ANTIDOTE_*` variable a configuration reads.
pub fn env_vars() -> impl Iterator<Item = &'static str> {
    settings().iter().map(|s| s.env.as_str())
}

impl Config {
    /// [`Config::database_acquire_timeout_ms`] as a duration.
    pub fn database_acquire_timeout(&self) -> Duration {
        Duration::from_millis(self.database_acquire_timeout_ms)
    }

    /// Reads a configuration file (YAML, the shape of [`Config`]); missing keys keep their
    /// defaults.
    pub fn from_file(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|cause| ConfigError::Unreadable {
            path: path.to_owned(),
            cause,
        })?;
        Config::from_yaml(path, &text)
    }

    /// The configuration of a process: `base` (the defaults), then the file if given, then the
    /// process's `ANTIDOTE_*` environment. The caller applies its flags last and calls
    /// [`Config::check`].
    pub fn load(base: Config, file: Option<&Path>) -> Result<Config, ConfigError> {
        Config::load_with_flags(base, file, |_| None)
    }

    /// [`Config::load`], then command-line flags: for each setting its flag's value (from
    /// `flag`) when given, else its variable's, so that a flag overrides a variable however
    /// wrong the variable's value. The caller calls [`Config::check`].
    pub fn load_with_flags(
        base: Config,
        file: Option<&Path>,
        flag: impl Fn(&'static Setting) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let mut config = match file {
            Some(path) => {
                let text =
                    std::fs::read_to_string(path).map_err(|cause| ConfigError::Unreadable {
                        path: path.to_owned(),
                        cause,
                    })?;
                Config::from_yaml_over(base, path, &text)?
            }
            None => base,
        };
        let given = |v: Option<String>| v.filter(|v| !v.is_empty());
        for setting in settings() {
            if let Some(v) = given(flag(setting)) {
                config.set(setting, &v, Source::Flag)?;
            } else if let Some(v) = given(std::env::var(&setting.env).ok()) {
                config.set(setting, &v, Source::Env)?;
            }
        }
        Ok(config)
    }

    /// Reads configuration text; `path` is only used in errors.
    pub fn from_yaml(path: &Path, text: &str) -> Result<Config, ConfigError> {
        Config::from_yaml_over(Config::default(), path, text)
    }

    /// Reads configuration text over `base`: keys the text sets replace `base`'s.
    fn from_yaml_over(base: Config, path: &Path, text: &str) -> Result<Config, ConfigError> {
        let invalid = |pos: yaml::Pos, message: String| ConfigError::Invalid {
            path: path.to_owned(),
            line: pos.line,
            column: pos.column,
            message,
        };
        let (doc, problems) = yaml::parse(text).map_err(|p| invalid(p.pos, p.message))?;
        if let Some(p) = problems.into_iter().next() {
            return Err(invalid(p.pos, p.message));
        }
        if doc.value.is_null() {
            return Ok(base);
        }
        let mut merged = serde_json::to_value(&base).expect("configurations serialize");
        merge(&mut merged, &doc.value);
        serde_path_to_error::deserialize(&merged).map_err(|e| {
            let segs: Vec<String> = e
                .path()
                .iter()
                .filter_map(|s| match s {
                    serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                    serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
                    _ => None,
                })
                .collect();
            let path_segs: Vec<Seg<'_>> = segs
                .iter()
                .map(|s| match s.parse::<usize>() {
                    Ok(i) => Seg::Index(i),
                    Err(_) => Seg::Key(s),
                })
                .collect();
            let at = if segs.is_empty() {
                String::new()
            } else {
                format!(" at `{}`", segs.join("."))
            };
            // serde names the value it rejected: never for a secret.
            let secret = settings()
                .iter()
                .any(|s| s.secret && s.key == segs.join("."));
            let message = if secret {
                "not a valid value (a secret is text: quote it)".to_owned()
            } else {
                e.inner().to_string()
            };
            invalid(doc.positions.key_pos(&path_segs), format!("{message}{at}"))
        })
    }

    /// Applies the `ANTIDOTE_*` variables that `var` returns (pass `|k| std::env::var(k).ok()`).
    /// Empty values count as unset. Command-line flags are applied the same way with
    /// [`Config::apply`] and [`Source::Flag`], each named after its variable (see [`flag_name`]).
    pub fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        self.apply(Source::Env, |s| var(&s.env))
    }

    /// Checks settings that the types alone do not.
    pub fn check(&self) -> Result<(), ConfigError> {
        let ratio = self.telemetry.sampling_ratio;
        if !(0.0..=1.0).contains(&ratio) {
            return Err(ConfigError::Setting {
                setting: "telemetry.sampling_ratio",
                reason: format!(
                    "{ratio} is not between 0 and 1 (e.g. 0.01 records one trace in 100)"
                ),
            });
        }
        if let Some(url) = &self.stats.influx_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            return Err(ConfigError::Setting {
                setting: "stats.influx_url",
                reason: format!(
                    "`{}` is not an http(s) URL (e.g. http://influxdb:8086/write?db=antidote)",
                    crate::comms::redact_url(url)
                ),
            });
        }
        if self.stats.refresh_ms == 0 || self.stats.influx_interval_ms == 0 {
            return Err(ConfigError::Setting {
                setting: "stats.refresh_ms",
                reason: "stats.refresh_ms and stats.influx_interval_ms must be at least 1".into(),
            });
        }
        let valid_id = !self.instance_id.is_empty()
            && self
                .instance_id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid_id {
            return Err(ConfigError::Setting {
                setting: "instance_id",
                reason: format!(
                    "`{}` must be non-empty letters, digits, `-` or `_` (it prefixes bus subjects)",
                    self.instance_id
                ),
            });
        }
        if self.api.max_body_bytes < 256 {
            return Err(ConfigError::Setting {
                setting: "api.max_body_bytes",
                reason: "must be at least 256".into(),
            });
        }
        if self.api.request_timeout_ms == 0 {
            return Err(ConfigError::Setting {
                setting: "api.request_timeout_ms",
                reason: "must be more than 0".into(),
            });
        }
        for (setting, value) in [
            (
                "api.header_read_timeout_ms",
                self.api.header_read_timeout_ms,
            ),
            ("api.idle_timeout_ms", self.api.idle_timeout_ms),
            ("api.max_connections", u64::from(self.api.max_connections)),
            (
                "api.max_connections_per_address",
                u64::from(self.api.max_connections_per_address),
            ),
        ] {
            if value == 0 {
                return Err(ConfigError::Setting {
                    setting,
                    reason: "must be more than 0".into(),
                });
            }
        }
        if self.database_acquire_timeout_ms < 50 {
            return Err(ConfigError::Setting {
                setting: "database_acquire_timeout_ms",
                reason: "must be at least 50".into(),
            });
        }
        for origin in &self.api.cors_origins {
            let valid = origin == "*"
                || ((origin.starts_with("http://") || origin.starts_with("https://"))
                    && !origin.ends_with('/')
                    && origin.bytes().all(|b| b.is_ascii_graphic()));
            if !valid {
                return Err(ConfigError::Setting {
                    setting: "api.cors_origins",
                    reason: format!(
                        "`{origin}` is not an origin: write scheme://host[:port] without a path or trailing slash, or `*`"
                    ),
                });
            }
        }
        for o in &self.images.overrides {
            let valid = o
                .split_once('=')
                .is_some_and(|(slug, r)| !slug.is_empty() && !r.is_empty() && !r.contains(' '));
            if !valid {
                return Err(ConfigError::Setting {
                    setting: "images.overrides",
                    reason: format!(
                        "`{o}` is not SLUG=REFERENCE (e.g. utility=localhost/utility:dev)"
                    ),
                });
            }
        }
        if self.docker.publish_address.parse::<IpAddr>().is_err() {
            return Err(ConfigError::Setting {
                setting: "docker.publish_address",
                reason: format!(
                    "`{}` is not an IP address (e.g. 127.0.0.1)",
                    self.docker.publish_address
                ),
            });
        }
        self.kubernetes.check()?;
        let positive: [(&'static str, u64); 24] = [
            (
                "kubernetes.configure_timeout_ms",
                self.kubernetes.configure_timeout_ms,
            ),
            (
                "kubernetes.probe_timeout_ms",
                self.kubernetes.probe_timeout_ms,
            ),
            (
                "kubernetes.delete_timeout_ms",
                self.kubernetes.delete_timeout_ms,
            ),
            (
                "docker.configure_timeout_ms",
                self.docker.configure_timeout_ms,
            ),
            ("docker.probe_timeout_ms", self.docker.probe_timeout_ms),
            ("checker.interval_ms", self.checker.interval_ms),
            ("checker.lease_ms", self.checker.lease_ms),
            ("checker.concurrency", u64::from(self.checker.concurrency)),
            ("checker.script_timeout_ms", self.checker.script_timeout_ms),
            (
                "scheduler.orphan_sweep_interval_ms",
                self.scheduler.orphan_sweep_interval_ms,
            ),
            ("scheduler.lease_ms", self.scheduler.lease_ms),
            (
                "scheduler.concurrency",
                u64::from(self.scheduler.concurrency),
            ),
            (
                "scheduler.endpoint_timeout_ms",
                self.scheduler.endpoint_timeout_ms,
            ),
            ("scheduler.call_timeout_ms", self.scheduler.call_timeout_ms),
            ("gc.session_ttl_ms", self.gc.session_ttl_ms),
            (
                "scheduler.sweep_interval_ms",
                self.scheduler.sweep_interval_ms,
            ),
            ("gc.interval_ms", self.gc.interval_ms),
            ("gc.livelesson_ttl_ms", self.gc.livelesson_ttl_ms),
            ("gc.batch", u64::from(self.gc.batch)),
            ("limits.meta_file_bytes", self.limits.meta_file_bytes),
            ("limits.guide_bytes", self.limits.guide_bytes),
            ("limits.notebook_bytes", self.limits.notebook_bytes),
            ("limits.file_bytes", self.limits.file_bytes),
            ("limits.lesson_bytes", self.limits.lesson_bytes),
        ];
        for (setting, value) in positive {
            if value == 0 {
                return Err(ConfigError::Setting {
                    setting,
                    reason: "must be more than 0".into(),
                });
            }
        }
        if self.import.max_removed_percent > 100 {
            return Err(ConfigError::Setting {
                setting: "import.max_removed_percent",
                reason: "must be 100 or less (a share of the stored lessons, in percent)".into(),
            });
        }
        if self.scheduler.lease_ms < 300 {
            return Err(ConfigError::Setting {
                setting: "scheduler.lease_ms",
                reason: "must be at least 300 (it is renewed every third of it)".into(),
            });
        }
        if self
            .api
            .admin_token
            .as_ref()
            .is_some_and(|t| t.expose().len() < 16)
        {
            return Err(ConfigError::Setting {
                setting: "api.admin_token",
                reason: "must be at least 16 characters".into(),
            });
        }
        Ok(())
    }
}

/// Overlays `over` onto `base`, recursively for mappings.
fn merge(base: &mut serde_json::Value, over: &serde_json::Value) {
    match (base, over) {
        (serde_json::Value::Object(b), serde_json::Value::Object(o)) => {
            for (k, v) in o {
                match b.get_mut(k) {
                    Some(slot) => merge(slot, v),
                    None => {
                        b.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (slot, v) => *slot = v.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_then_env_with_positions_for_mistakes() {
        let c = Config::from_yaml(
            Path::new("c.yaml"),
            "tier: ptr\napi:\n  listen: 0.0.0.0:9000\n  trusted_proxies: [10.0.0.1]\n",
        )
        .unwrap();
        assert_eq!(c.tier, Tier::Ptr);
        assert_eq!(c.api.listen, "0.0.0.0:9000");
        assert_eq!(
            c.api.trusted_proxies,
            ["10.0.0.1".parse::<Network>().unwrap()]
        );
        assert_eq!(c.api.max_body_bytes, ApiConfig::default().max_body_bytes);

        let mut c = c;
        c.apply_env(|k| match k {
            "ANTIDOTE_TIER" => Some("local".into()),
            "ANTIDOTE_NATS_USER" => Some("u".into()),
            "ANTIDOTE_LISTEN" => Some(String::new()),
            _ => None,
        })
        .unwrap();
        assert_eq!(c.tier, Tier::Local);
        assert_eq!(c.nats.user.as_deref(), Some("u"));
        assert_eq!(
            c.api.listen, "0.0.0.0:9000",
            "an empty variable counts as unset"
        );

        let err = Config::from_yaml(Path::new("c.yaml"), "api:\n  lisen: x\n").unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with("c.yaml:2:3: unknown field `lisen`"),
            "{msg}"
        );

        let err = Config::from_yaml(Path::new("c.yaml"), "tier: gold\n").unwrap_err();
        assert!(err.to_string().contains("unknown variant `gold`"), "{err}");

        let err = Config::default()
            .apply_env(|k| (k == "ANTIDOTE_BACKEND").then(|| "kubernets".into()))
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("expected preview, docker or kubernetes"),
            "{err}"
        );
        let mut k = Config::default();
        k.apply_env(|k| (k == "ANTIDOTE_BACKEND").then(|| "kubernetes".into()))
            .unwrap();
        assert_eq!(k.backend, BackendKind::Kubernetes);

        let bad = Config {
            instance_id: "a.b".into(),
            ..Config::default()
        };
        assert!(bad.check().unwrap_err().to_string().contains("instance_id"));
        assert!(Config::default().check().is_ok());
        let mut cors = Config::default();
        cors.api.cors_origins = vec!["https://labs.example/".into()];
        let err = cors.check().unwrap_err().to_string();
        assert!(
            err.contains("api.cors_origins") && err.contains("trailing slash"),
            "{err}"
        );
        cors.api.cors_origins = vec!["https://labs.example".into(), "*".into()];
        assert!(cors.check().is_ok());
    }

    #[test]
    fn scheduler_gc_and_preview_settings() {
        let c = Config::from_yaml(
            Path::new("c.yaml"),
            "scheduler:\n  lease_ms: 3000\ngc:\n  session_ttl_ms: 5\npreview:\n  record: /tmp/r\n",
        )
        .unwrap();
        assert_eq!(c.scheduler.lease_ms, 3000);
        assert_eq!(c.scheduler.sweep_interval_ms, 2000);
        assert_eq!(c.gc.session_ttl_ms, 5);
        assert_eq!(c.preview.record.as_deref(), Some(Path::new("/tmp/r")));
        assert!(c.check().is_ok());

        let mut c = Config::default();
        c.apply_env(|k| match k {
            "ANTIDOTE_SCHEDULER_CONCURRENCY" => Some("8".into()),
            "ANTIDOTE_GC_LIVELESSON_TTL_MS" => Some("60000".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(
            (c.scheduler.concurrency, c.gc.livelesson_ttl_ms),
            (8, 60_000)
        );
        let err = c
            .apply_env(|k| (k == "ANTIDOTE_GC_INTERVAL_MS").then(|| "soon".into()))
            .unwrap_err();
        assert!(err.to_string().contains("ANTIDOTE_GC_INTERVAL_MS"), "{err}");

        c.scheduler.lease_ms = 100;
        assert!(
            c.check()
                .unwrap_err()
                .to_string()
                .contains("scheduler.lease_ms")
        );
        c.scheduler.lease_ms = 10_000;
        c.scheduler.concurrency = 0;
        assert!(
            c.check()
                .unwrap_err()
                .to_string()
                .contains("scheduler.concurrency")
        );
    }
}

#[cfg(test)]
mod network_tests {
    use super::*;

    #[test]
    fn networks_contain_their_addresses() {
        let net: Network = "10.0.0.0/8".parse().unwrap();
        assert!(net.contains("10.1.2.3".parse().unwrap()));
        assert!(
            net.contains("::ffff:10.9.9.9".parse().unwrap()),
            "IPv4-mapped"
        );
        assert!(!net.contains("11.0.0.1".parse().unwrap()));
        let one: Network = "192.0.2.7".parse().unwrap();
        assert!(one.contains("192.0.2.7".parse().unwrap()));
        assert!(!one.contains("192.0.2.8".parse().unwrap()));
        let v6: Network = "fd00::/8".parse().unwrap();
        assert!(v6.contains("fd12::1".parse().unwrap()));
        assert!(!v6.contains("10.0.0.1".parse().unwrap()));
        assert!(
            "0.0.0.0/0"
                .parse::<Network>()
                .unwrap()
                .contains("8.8.8.8".parse().unwrap())
        );
        for bad in ["10.0.0.0/33", "nope", "10.0.0.0/x", "::/129"] {
            assert!(bad.parse::<Network>().is_err(), "{bad}");
        }
        let c = Config::from_yaml(
            Path::new("c.yaml"),
            "api:\n  trusted_proxies: [10.0.0.0/99]\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            c.contains("no valid prefix length") && c.starts_with("c.yaml:2:"),
            "{c}"
        );
    }
}
