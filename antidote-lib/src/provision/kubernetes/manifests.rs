//! Every Kubernetes object of one livelesson, built from its [`Environment`] and the settings,
//! without a cluster: what the backend applies and what `antidotectl lesson plan` prints are
//! this module's output, so an operator sees exactly what their cluster gets.
//!
//! One livelesson is a namespace `{instance}-{livelesson}` holding, in this order:
//!
//! - a NetworkPolicy (`antidote`) over every pod of the namespace: ingress only from the
//!   namespace, `kubernetes.platform_namespace` (the schedulers' probes) and
//!   `kubernetes.ingress_namespaces`; egress only inside the namespace, to DNS in the cluster
//!   and to the API's pods (`kubernetes.api_pod_labels` in the platform namespace: the files),
//!   unless the lesson or the operator allows egress, and never to
//!   `kubernetes.egress_blocked` (the cloud metadata addresses);
//! - Secrets: the TLS secret (when anything has an ingress) and the pull secret (when set),
//!   copied from `kubernetes.secrets_namespace`; `antidote-files` (the token that fetches the
//!   lesson's files); `antidote-credentials` (each endpoint's configuration user and password,
//!   read by configuration Jobs); `antidote-checks` (the objective checks' variables, when a
//!   stage has objectives);
//! - a multus NetworkAttachmentDefinition per connection (`link{i}`, a bridge of its own with
//!   static addresses when the connection has a subnet, none otherwise);
//! - per endpoint a Pod and a Service (ClusterIP; headless when it has no port) named after
//!   it, and an Ingress per `http` presentation;
//! - the jupyter guide (`jupyterlabguide`: Pod, Service, Ingress) when a stage is a notebook;
//! - the objective checker (`antidote-checker`, an idle pod of the configuration image that
//!   checks are run in) when a stage has objectives.
//!
//! Every pod gets the lesson's files at `/antidote` from an init container that fetches them
//! from the API's internal endpoint with the livelesson's token (never a hostPath), no service
//! account token, and no service links. Per stage, [`stage_jobs`] are the configuration Jobs.

use std::collections::BTreeMap;

use k8s_openapi::ByteString;
use k8s_openapi::api::batch::v1::{Job, JobSpec};
use k8s_openapi::api::core::v1::{
    Affinity, Capabilities, ConfigMap, ConfigMapVolumeSource, Container, ContainerPort,
    EmptyDirVolumeSource, EnvVar, EnvVarSource, LocalObjectReference, Namespace, Pod, PodAffinity,
    PodAffinityTerm, PodSecurityContext, PodSpec, PodTemplateSpec, Probe, ResourceRequirements,
    Secret, SecretKeySelector, SecretVolumeSource, SecurityContext, Service, ServicePort,
    ServiceSpec, Sysctl, TCPSocketAction, Volume, VolumeMount,
};
use k8s_openapi::api::networking::v1::{
    HTTPIngressPath, HTTPIngressRuleValue, IPBlock, Ingress, IngressBackend, IngressRule,
    IngressServiceBackend, IngressSpec, IngressTLS, NetworkPolicy, NetworkPolicyEgressRule,
    NetworkPolicyIngressRule, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicySpec,
    ServiceBackendPort,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{
    LabelSelector, LabelSelectorRequirement, ObjectMeta,
};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use kube::core::{ApiResource, GroupVersionKind};
use serde_json::{Value, json};

use super::names;
use crate::config::Secret as SecretValue;
use crate::config::{ImagesConfig, KubernetesConfig};
use crate::curriculum::{GuideType, ImageFlavor, PresentationType};
use crate::provision::configuration::{self, LESSON_DIR};
use crate::provision::docker::{
    LABEL_INSTANCE, LABEL_LESSON, LABEL_LIVELESSON, LABEL_MANAGED, LABEL_ROLE, LABEL_SESSION,
};
use crate::provision::{EndpointSpec, Environment};

/// Label naming the endpoint a pod, service or job is for.
pub const LABEL_ENDPOINT: &str = "antidoteEndpoint";
/// Label naming the stage of a configuration Job.
pub const LABEL_STAGE: &str = "antidoteStage";
/// Label of the namespace of an author's `lesson run` (no row anywhere: the platform's orphan
/// sweep leaves it alone).
pub const LABEL_AUTHOR_RUN: &str = "antidoteAuthorRun";
/// The standard label naming what manages an object.
pub const LABEL_MANAGED_BY: &str = "app.kubernetes.io/managed-by";
/// Multus's annotation listing a pod's extra networks.
pub const NETWORKS_ANNOTATION: &str = "k8s.v1.cni.cncf.io/networks";
/// Annotation of a copied secret: where it is copied from.
pub const COPIED_FROM: &str = "antidote.nrelabs.io/copied-from";
/// The NetworkPolicy of every livelesson.
pub const NETWORK_POLICY: &str = "antidote";
/// The Secret holding the files token (or the ConfigMap holding the files).
pub const FILES_SECRET: &str = "antidote-files";
/// The Secret holding the endpoints' configuration credentials.
pub const CREDENTIALS_SECRET: &str = "antidote-credentials";
/// The Secret holding the objective checks' variables.
pub const CHECKS_SECRET: &str = "antidote-checks";
/// The jupyter guide's pod, service and ingress (the original's name).
pub const GUIDE: &str = "jupyterlabguide";
/// The port of the jupyter guide.
pub const GUIDE_PORT: u16 = 8888;
/// The objective checker's pod.
pub const CHECKER: &str = "antidote-checker";
/// Names of the lesson files' volume and the init container that fills it.
const FILES_VOLUME: &str = "lesson";
/// Where the checks' variables are mounted in the checker.
pub const CHECKS_DIR: &str = "/run/antidote";

/// What the objects are made with: the instance and the settings of images and Kubernetes.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The instance id (`instance_id`).
    pub instance: String,
    /// How images are named.
    pub images: ImagesConfig,
    /// The Kubernetes backend's settings.
    pub kubernetes: KubernetesConfig,
    /// Where pods get the lesson's files.
    pub files_from: FilesFrom,
}

/// Where the init containers of a livelesson's pods get the lesson's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilesFrom {
    /// From the API's internal endpoint, with the livelesson's token (the platform).
    Api,
    /// From a ConfigMap of the namespace holding them as an archive (an author's `lesson run`
    /// from outside the cluster, where no API serves them; at most [`MAX_CONFIGMAP_FILES`]).
    ConfigMap,
}

/// The largest archive of lesson files a ConfigMap holds (Kubernetes' limit on an object is
/// 1 MiB, and the archive is base64-encoded in it).
pub const MAX_CONFIGMAP_FILES: usize = 700 * 1024;

/// What the init containers fetch the lesson's files with.
#[derive(Debug, Clone)]
pub enum Files {
    /// The livelesson's token for the API ([`FilesFrom::Api`]).
    Token(SecretValue),
    /// The archive itself ([`FilesFrom::ConfigMap`]).
    Archive(bytes::Bytes),
}

impl Settings {
    /// The settings of `config` (files from the API).
    pub fn from_config(config: &crate::config::Config) -> Settings {
        Settings {
            instance: config.instance_id.clone(),
            images: config.images.clone(),
            kubernetes: config.kubernetes.clone(),
            files_from: FilesFrom::Api,
        }
    }

    /// The jupyter guide's image.
    pub fn jupyter_image(&self) -> String {
        self.kubernetes
            .jupyter_image
            .clone()
            .unwrap_or_else(|| self.images.reference("jupyter"))
    }

    fn pull_policy(&self) -> String {
        if self.kubernetes.always_pull {
            "Always".into()
        } else {
            "IfNotPresent".into()
        }
    }

    /// The URL an init container fetches livelesson `id`'s files from.
    pub fn files_url(&self, id: &str) -> String {
        format!(
            "{}/internal/v1/livelessons/{id}/files",
            self.kubernetes.files_url
        )
    }
}

/// One object to apply: its kind, name, namespace and content (as the API server takes it).
#[derive(Debug, Clone)]
pub struct Manifest {
    /// Its API resource (group, version, kind, plural).
    pub resource: ApiResource,
    /// Its name.
    pub name: String,
    /// Its namespace (`None`: the namespace itself).
    pub namespace: Option<String>,
    /// The object, with `apiVersion`, `kind` and `metadata`.
    pub object: Value,
}

impl Manifest {
    fn of<K>(object: &K) -> Manifest
    where
        K: kube::Resource<DynamicType = ()> + serde::Serialize,
    {
        let mut value = serde_json::to_value(object).expect("Kubernetes objects serialize");
        if let Value::Object(map) = &mut value {
            // Typed objects serialize their kind; keep apiVersion and kind first for readers.
            let mut ordered = serde_json::Map::new();
            ordered.insert("apiVersion".into(), json!(K::api_version(&())));
            ordered.insert("kind".into(), json!(K::kind(&())));
            for (k, v) in std::mem::take(map) {
                ordered.entry(k).or_insert(v);
            }
            *map = ordered;
        }
        Manifest {
            resource: ApiResource::erase::<K>(&()),
            name: object.meta().name.clone().unwrap_or_default(),
            namespace: object.meta().namespace.clone(),
            object: value,
        }
    }

    /// The object as shown to a person: the values of Secrets replaced by `***`.
    pub fn redacted(&self) -> Value {
        let mut v = self.object.clone();
        if self.resource.kind == "Secret" {
            for field in ["data", "stringData"] {
                if let Some(Value::Object(m)) = v.get_mut(field) {
                    for value in m.values_mut() {
                        *value = json!("***");
                    }
                }
            }
        }
        v
    }

    /// `Kind/name`, for messages.
    pub fn describe(&self) -> String {
        format!("{}/{}", self.resource.kind, self.name)
    }
}

/// The API resource of multus's NetworkAttachmentDefinition (its plural has dashes, as its
/// CustomResourceDefinition names it: `network-attachment-definitions`).
pub fn network_attachment_resource() -> ApiResource {
    ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk("k8s.cni.cncf.io", "v1", "NetworkAttachmentDefinition"),
        "network-attachment-definitions",
    )
}

/// The labels every object of the livelesson carries, and `antidoteRole` when given.
pub fn labels(env: &Environment, s: &Settings, role: Option<&str>) -> BTreeMap<String, String> {
    let mut l = BTreeMap::from([
        (LABEL_MANAGED.to_owned(), "yes".to_owned()),
        (LABEL_INSTANCE.to_owned(), names::label_value(&s.instance)),
        (
            LABEL_LIVELESSON.to_owned(),
            names::label_value(&env.livelesson_id),
        ),
        (
            LABEL_SESSION.to_owned(),
            names::label_value(&env.session_id),
        ),
        (
            LABEL_LESSON.to_owned(),
            names::label_value(&env.lesson_slug),
        ),
        (LABEL_MANAGED_BY.to_owned(), "antidote".to_owned()),
    ]);
    if let Some(role) = role {
        l.insert(LABEL_ROLE.to_owned(), role.to_owned());
    }
    l
}

fn meta(
    name: &str,
    ns: &str,
    labels: BTreeMap<String, String>,
    annotations: Option<BTreeMap<String, String>>,
) -> ObjectMeta {
    ObjectMeta {
        name: Some(name.to_owned()),
        namespace: Some(ns.to_owned()),
        labels: Some(labels),
        annotations,
        ..ObjectMeta::default()
    }
}

/// The namespace of livelesson `env`.
pub fn namespace_name(env: &Environment, s: &Settings) -> String {
    names::namespace(&s.instance, &env.livelesson_id)
}

/// Whether the lesson has a stage with a jupyter guide.
pub fn has_guide(env: &Environment) -> bool {
    env.guides.contains(&GuideType::Jupyter)
}

/// Whether the lesson has objectives to check (a script under some `stageN/objectives/`).
pub fn has_checks(env: &Environment) -> bool {
    env.files.paths().iter().any(|p| {
        p.split_once('/').is_some_and(|(stage, rest)| {
            stage.starts_with("stage") && rest.starts_with("objectives/")
        })
    })
}

/// Whether anything of the lesson is reached through an ingress (so the TLS secret is needed).
fn has_ingress(env: &Environment) -> bool {
    has_guide(env)
        || env
            .endpoints
            .iter()
            .flat_map(|e| &e.presentations)
            .any(|p| p.kind == PresentationType::Http)
}

/// The secrets copied from `kubernetes.secrets_namespace`, by name.
pub fn copied_secret_names(env: &Environment, s: &Settings) -> Vec<String> {
    let mut names = Vec::new();
    if has_ingress(env) {
        names.push(s.kubernetes.tls_secret.clone());
    }
    if let Some(pull) = &s.kubernetes.pull_secret
        && !names.contains(pull)
    {
        names.push(pull.clone());
    }
    names
}

/// The copy of `source` (the secret `name` of the secrets namespace) in the livelesson's
/// namespace; without `source` (a plan made without a cluster) the copy names where its data
/// comes from and holds none.
pub fn copied_secret(
    env: &Environment,
    s: &Settings,
    name: &str,
    source: Option<&Secret>,
) -> Manifest {
    let ns = namespace_name(env, s);
    let annotations = BTreeMap::from([(
        COPIED_FROM.to_owned(),
        format!("{}/{name}", s.kubernetes.secrets_namespace),
    )]);
    Manifest::of(&Secret {
        metadata: meta(name, &ns, labels(env, s, Some("secret")), Some(annotations)),
        data: source.and_then(|src| src.data.clone()),
        type_: source.and_then(|src| src.type_.clone()),
        ..Secret::default()
    })
}

/// Every object of livelesson `env` (not its Jobs: [`stage_jobs`]); `files` is what its
/// init containers get the lesson's files with (as `s.files_from` says), `copied` the copies
/// of secrets ([`copied_secret`], in the order of [`copied_secret_names`]).
pub fn livelesson(
    env: &Environment,
    s: &Settings,
    files: &Files,
    copied: Vec<Manifest>,
) -> Vec<Manifest> {
    let ns = namespace_name(env, s);
    let mut out = vec![namespace(env, s, &ns), network_policy(env, s, &ns)];
    out.extend(copied);
    out.push(match files {
        Files::Token(token) => secret(
            env,
            s,
            &ns,
            FILES_SECRET,
            BTreeMap::from([("token".to_owned(), token.expose().to_owned())]),
        ),
        Files::Archive(archive) => Manifest::of(&ConfigMap {
            metadata: meta(FILES_SECRET, &ns, labels(env, s, Some("files")), None),
            binary_data: Some(BTreeMap::from([(
                "files.tar".to_owned(),
                ByteString(archive.to_vec()),
            )])),
            ..ConfigMap::default()
        }),
    });
    out.push(secret(
        env,
        s,
        &ns,
        CREDENTIALS_SECRET,
        env.endpoints
            .iter()
            .flat_map(|e| {
                [
                    (
                        format!("{}.username", e.name),
                        e.credentials.config_user.clone(),
                    ),
                    (
                        format!("{}.password", e.name),
                        e.credentials.config_password.expose().to_owned(),
                    ),
                ]
            })
            .collect(),
    ));
    let checks = has_checks(env);
    if checks {
        let file = crate::provision::objectives::environment_file(env, &names::object);
        out.push(secret(
            env,
            s,
            &ns,
            CHECKS_SECRET,
            BTreeMap::from([(
                "check.env".to_owned(),
                String::from_utf8_lossy(&file).into_owned(),
            )]),
        ));
    }
    for (i, c) in env.connections.iter().enumerate() {
        out.push(network_attachment(env, s, &ns, i, !c.subnet.is_empty()));
    }
    for e in &env.endpoints {
        out.push(endpoint_pod(env, s, &ns, e));
        out.push(service(env, s, &ns, &e.name, &e.ports, "endpoint"));
        for p in e
            .presentations
            .iter()
            .filter(|p| p.kind == PresentationType::Http)
        {
            out.push(ingress(env, s, &ns, &e.name, &p.name, p.port));
        }
    }
    if has_guide(env) {
        out.push(guide_pod(env, s, &ns));
        out.push(service(env, s, &ns, GUIDE, &[GUIDE_PORT], "guide"));
        out.push(ingress(env, s, &ns, GUIDE, "web", GUIDE_PORT));
    }
    if checks {
        out.push(checker_pod(env, s, &ns));
    }
    out
}

fn namespace(env: &Environment, s: &Settings, ns: &str) -> Manifest {
    let mut l = labels(env, s, None);
    l.insert("name".to_owned(), ns.to_owned());
    if s.files_from == FilesFrom::ConfigMap {
        l.insert(LABEL_AUTHOR_RUN.to_owned(), "yes".to_owned());
    }
    // The least Pod Security level the lesson's images need: privileged for `trusted` and
    // `legacy` images and for forwarding (unsafe sysctls), baseline otherwise.
    let privileged = env.endpoints.iter().any(|e| {
        e.image.enable_forwarding
            || matches!(e.image.flavor, ImageFlavor::Trusted | ImageFlavor::Legacy)
    });
    l.insert(
        "pod-security.kubernetes.io/enforce".to_owned(),
        if privileged { "privileged" } else { "baseline" }.to_owned(),
    );
    Manifest::of(&Namespace {
        metadata: ObjectMeta {
            name: Some(ns.to_owned()),
            labels: Some(l),
            ..ObjectMeta::default()
        },
        ..Namespace::default()
    })
}

fn namespace_selector(names: Vec<String>) -> LabelSelector {
    LabelSelector {
        match_expressions: Some(vec![LabelSelectorRequirement {
            key: "kubernetes.io/metadata.name".into(),
            operator: "In".into(),
            values: Some(names),
        }]),
        ..LabelSelector::default()
    }
}

fn peer_pods_here() -> NetworkPolicyPeer {
    NetworkPolicyPeer {
        pod_selector: Some(LabelSelector::default()),
        ..NetworkPolicyPeer::default()
    }
}

fn network_policy(env: &Environment, s: &Settings, ns: &str) -> Manifest {
    let k = &s.kubernetes;
    // The namespace, the platform (schedulers probe presentations), and the namespaces the
    // operator names (terminal proxy, ingress controller).
    let mut from = vec![peer_pods_here()];
    let mut namespaces = vec![k.platform_namespace.clone()];
    namespaces.extend(k.ingress_namespaces.iter().cloned());
    namespaces.dedup();
    from.push(NetworkPolicyPeer {
        namespace_selector: Some(namespace_selector(namespaces)),
        ..NetworkPolicyPeer::default()
    });
    let dns_port = |protocol: &str| NetworkPolicyPort {
        port: Some(IntOrString::Int(53)),
        protocol: Some(protocol.to_owned()),
        ..NetworkPolicyPort::default()
    };
    let mut egress = vec![
        NetworkPolicyEgressRule {
            to: Some(vec![peer_pods_here()]),
            ..NetworkPolicyEgressRule::default()
        },
        // DNS, served in the cluster (any namespace's pods).
        NetworkPolicyEgressRule {
            to: Some(vec![NetworkPolicyPeer {
                namespace_selector: Some(LabelSelector::default()),
                ..NetworkPolicyPeer::default()
            }]),
            ports: Some(vec![dns_port("UDP"), dns_port("TCP")]),
        },
        // The API's pods, for the lesson's files (not the database or the bus beside them).
        NetworkPolicyEgressRule {
            to: Some(vec![NetworkPolicyPeer {
                namespace_selector: Some(namespace_selector(vec![k.platform_namespace.clone()])),
                pod_selector: Some(LabelSelector {
                    match_labels: Some(
                        k.api_pod_labels
                            .iter()
                            .filter_map(|l| l.split_once('='))
                            .map(|(k, v)| (k.to_owned(), v.to_owned()))
                            .collect(),
                    ),
                    ..LabelSelector::default()
                }),
                ..NetworkPolicyPeer::default()
            }]),
            ..NetworkPolicyEgressRule::default()
        },
    ];
    if env.allow_egress || k.allow_egress {
        let blocked = |v4: bool| -> Option<Vec<String>> {
            let except: Vec<String> = k
                .egress_blocked
                .iter()
                .map(ToString::to_string)
                .filter(|n| n.contains(':') != v4)
                .collect();
            (!except.is_empty()).then_some(except)
        };
        egress.push(NetworkPolicyEgressRule {
            to: Some(vec![
                NetworkPolicyPeer {
                    ip_block: Some(IPBlock {
                        cidr: "0.0.0.0/0".into(),
                        except: blocked(true),
                    }),
                    ..NetworkPolicyPeer::default()
                },
                NetworkPolicyPeer {
                    ip_block: Some(IPBlock {
                        cidr: "::/0".into(),
                        except: blocked(false),
                    }),
                    ..NetworkPolicyPeer::default()
                },
            ]),
            ..NetworkPolicyEgressRule::default()
        });
    }
    Manifest::of(&NetworkPolicy {
        metadata: meta(
            NETWORK_POLICY,
            ns,
            labels(env, s, Some("network-policy")),
            None,
        ),
        spec: Some(NetworkPolicySpec {
            pod_selector: Some(LabelSelector::default()),
            policy_types: Some(vec!["Ingress".into(), "Egress".into()]),
            ingress: Some(vec![NetworkPolicyIngressRule {
                from: Some(from),
                ..NetworkPolicyIngressRule::default()
            }]),
            egress: Some(egress),
        }),
    })
}

fn secret(
    env: &Environment,
    s: &Settings,
    ns: &str,
    name: &str,
    data: BTreeMap<String, String>,
) -> Manifest {
    Manifest::of(&Secret {
        metadata: meta(name, ns, labels(env, s, Some("secret")), None),
        string_data: Some(data),
        type_: Some("Opaque".into()),
        ..Secret::default()
    })
}

/// The name of connection `index`'s network attachment.
pub fn link_name(index: usize) -> String {
    format!("link{index}")
}

fn network_attachment(
    env: &Environment,
    s: &Settings,
    ns: &str,
    index: usize,
    addressed: bool,
) -> Manifest {
    let name = link_name(index);
    let mut config = json!({
        "cniVersion": "0.3.1",
        "name": name,
        "type": "bridge",
        "bridge": names::bridge(ns, index),
        "ipam": {},
    });
    if addressed {
        // Each side's address comes with the pod (the `ips` of its network selection).
        config["ipam"] = json!({"type": "static"});
        config["capabilities"] = json!({"ips": true});
    }
    let resource = network_attachment_resource();
    Manifest {
        object: json!({
            "apiVersion": resource.api_version,
            "kind": resource.kind,
            "metadata": meta(&name, ns, labels(env, s, Some("network")), None),
            "spec": {"config": config.to_string()},
        }),
        resource,
        name,
        namespace: Some(ns.to_owned()),
    }
}

/// The network selections of `endpoint` (multus's annotation): one per connection it is on,
/// in lesson order, with the interface name its image declares (else `eth1`, `eth2`... as on Docker) and, where the
/// connection has a subnet, its address (side `a` the first host, side `b` the second).
fn network_selections(env: &Environment, endpoint: &EndpointSpec) -> Vec<Value> {
    let mut out = Vec::new();
    for (i, c) in env.connections.iter().enumerate() {
        let side = if c.a == endpoint.name {
            1
        } else if c.b == endpoint.name {
            2
        } else {
            continue;
        };
        let k = out.len();
        let mut selection = json!({
            "name": link_name(i),
            "interface": endpoint.image.network_interfaces.get(k).cloned().unwrap_or_else(|| format!("eth{}", k + 1)),
        });
        if let Some(address) = crate::provision::docker::nth_host(&c.subnet, side) {
            selection["ips"] = json!([address]);
        }
        out.push(selection);
    }
    out
}

fn files_init(s: &Settings, env: &Environment) -> Container {
    let (command, env, mounts) = match s.files_from {
        FilesFrom::Api => (
            FETCH_FILES,
            Some(vec![
                EnvVar {
                    name: "ANTIDOTE_FILES_URL".into(),
                    value: Some(s.files_url(&env.livelesson_id)),
                    ..EnvVar::default()
                },
                secret_env("ANTIDOTE_FILES_TOKEN", FILES_SECRET, "token"),
            ]),
            vec![files_mount()],
        ),
        FilesFrom::ConfigMap => (
            UNPACK_FILES,
            None,
            vec![
                files_mount(),
                VolumeMount {
                    name: ARCHIVE_VOLUME.into(),
                    mount_path: "/files".into(),
                    read_only: Some(true),
                    ..VolumeMount::default()
                },
            ],
        ),
    };
    Container {
        name: "files".into(),
        image: Some(s.kubernetes.init_image.clone()),
        image_pull_policy: Some(s.pull_policy()),
        command: Some(vec!["/bin/sh".into(), "-c".into(), command.into()]),
        env,
        volume_mounts: Some(mounts),
        ..Container::default()
    }
}

/// What the files init container runs: fetch the archive with the token (five tries, the API
/// may be restarting), unpack it.
const FETCH_FILES: &str = "set -eu
for try in 1 2 3 4 5; do
  if wget -q -T 30 -O /tmp/files.tar --header \"Authorization: Bearer $ANTIDOTE_FILES_TOKEN\" \"$ANTIDOTE_FILES_URL\"; then break; fi
  [ \"$try\" = 5 ] && { echo \"cannot fetch the lesson's files from $ANTIDOTE_FILES_URL\" >&2; exit 1; }
  sleep 2
done
tar -x -f /tmp/files.tar -C /antidote
rm -f /tmp/files.tar";

/// What it runs with the archive in a ConfigMap: unpack it.
const UNPACK_FILES: &str = "tar -x -f /files/files.tar -C /antidote";

/// The volume of the ConfigMap holding the archive.
const ARCHIVE_VOLUME: &str = "archive";

fn files_mount() -> VolumeMount {
    VolumeMount {
        name: FILES_VOLUME.into(),
        mount_path: LESSON_DIR.into(),
        ..VolumeMount::default()
    }
}

fn files_volume() -> Volume {
    Volume {
        name: FILES_VOLUME.into(),
        empty_dir: Some(EmptyDirVolumeSource::default()),
        ..Volume::default()
    }
}

fn secret_env(name: &str, secret: &str, key: &str) -> EnvVar {
    EnvVar {
        name: name.into(),
        value_from: Some(EnvVarSource {
            secret_key_ref: Some(SecretKeySelector {
                name: secret.into(),
                key: key.into(),
                optional: Some(false),
            }),
            ..EnvVarSource::default()
        }),
        ..EnvVar::default()
    }
}

fn resources(s: &Settings) -> Option<ResourceRequirements> {
    let k = &s.kubernetes;
    let map = |cpu: &Option<String>, memory: &Option<String>| {
        let m: BTreeMap<String, Quantity> = [("cpu", cpu), ("memory", memory)]
            .into_iter()
            .filter_map(|(k, v)| Some((k.to_owned(), Quantity(v.clone()?))))
            .collect();
        (!m.is_empty()).then_some(m)
    };
    let requests = map(&k.cpu_request, &k.memory_request);
    let limits = map(&k.cpu_limit, &k.memory_limit);
    (requests.is_some() || limits.is_some()).then(|| ResourceRequirements {
        requests,
        limits,
        ..ResourceRequirements::default()
    })
}

/// The pod spec every pod of the livelesson shares: no service account token, no service
/// links, the files volume and init container, the pull secret, a short grace period.
fn pod_spec(env: &Environment, s: &Settings, containers: Vec<Container>) -> PodSpec {
    PodSpec {
        automount_service_account_token: Some(false),
        enable_service_links: Some(false),
        termination_grace_period_seconds: Some(5),
        image_pull_secrets: s
            .kubernetes
            .pull_secret
            .as_ref()
            .map(|name| vec![LocalObjectReference { name: name.clone() }]),
        init_containers: Some(vec![files_init(s, env)]),
        containers,
        volumes: Some(match s.files_from {
            FilesFrom::Api => vec![files_volume()],
            FilesFrom::ConfigMap => vec![
                files_volume(),
                Volume {
                    name: ARCHIVE_VOLUME.into(),
                    config_map: Some(ConfigMapVolumeSource {
                        name: FILES_SECRET.into(),
                        ..ConfigMapVolumeSource::default()
                    }),
                    ..Volume::default()
                },
            ],
        }),
        ..PodSpec::default()
    }
}

fn readiness(port: Option<u16>) -> Option<Probe> {
    port.map(|p| Probe {
        tcp_socket: Some(TCPSocketAction {
            port: IntOrString::Int(i32::from(p)),
            ..TCPSocketAction::default()
        }),
        period_seconds: Some(1),
        failure_threshold: Some(3),
        ..Probe::default()
    })
}

fn container_ports(ports: &[u16]) -> Option<Vec<ContainerPort>> {
    (!ports.is_empty()).then(|| {
        ports
            .iter()
            .map(|p| ContainerPort {
                container_port: i32::from(*p),
                protocol: Some("TCP".into()),
                ..ContainerPort::default()
            })
            .collect()
    })
}

/// The labels of endpoint `name`'s pod (what its Service selects).
fn endpoint_labels(
    env: &Environment,
    s: &Settings,
    name: &str,
    role: &str,
) -> BTreeMap<String, String> {
    let mut l = labels(env, s, Some(role));
    l.insert(LABEL_ENDPOINT.to_owned(), names::label_value(name));
    l
}

fn endpoint_pod(env: &Environment, s: &Settings, ns: &str, e: &EndpointSpec) -> Manifest {
    let name = names::object(&e.name);
    let selections = network_selections(env, e);
    let annotations = (!selections.is_empty()).then(|| {
        BTreeMap::from([(
            NETWORKS_ANNOTATION.to_owned(),
            Value::Array(selections).to_string(),
        )])
    });
    let security = match e.image.flavor {
        ImageFlavor::Trusted => SecurityContext {
            privileged: Some(true),
            capabilities: Some(Capabilities {
                add: Some(vec!["NET_ADMIN".into()]),
                ..Capabilities::default()
            }),
            ..SecurityContext::default()
        },
        ImageFlavor::Legacy => SecurityContext {
            capabilities: Some(Capabilities {
                add: Some(vec!["NET_ADMIN".into()]),
                ..Capabilities::default()
            }),
            ..SecurityContext::default()
        },
        // No added capability (the original gave untrusted images NET_ADMIN), unless they
        // run sandboxed (a runtime class of their own), where NET_ADMIN stays in the sandbox.
        ImageFlavor::Untrusted => SecurityContext {
            allow_privilege_escalation: Some(false),
            capabilities: s
                .kubernetes
                .untrusted_runtime_class
                .as_ref()
                .map(|_| Capabilities {
                    add: Some(vec!["NET_ADMIN".into()]),
                    ..Capabilities::default()
                }),
            ..SecurityContext::default()
        },
    };
    let container = Container {
        name: name.clone(),
        image: Some(s.images.reference(&e.image.slug)),
        image_pull_policy: Some(s.pull_policy()),
        ports: container_ports(&e.ports),
        readiness_probe: readiness(
            e.presentations
                .first()
                .map(|p| p.port)
                .or_else(|| e.ports.first().copied()),
        ),
        security_context: Some(security),
        resources: resources(s),
        volume_mounts: Some(vec![files_mount()]),
        ..Container::default()
    };
    let mut spec = pod_spec(env, s, vec![container]);
    spec.hostname = Some(name.clone());
    if e.image.flavor == ImageFlavor::Untrusted {
        spec.runtime_class_name = s.kubernetes.untrusted_runtime_class.clone();
    }
    if e.image.enable_forwarding {
        spec.security_context = Some(PodSecurityContext {
            sysctls: Some(vec![
                Sysctl {
                    name: "net.ipv4.ip_forward".into(),
                    value: "1".into(),
                },
                Sysctl {
                    name: "net.ipv6.conf.all.forwarding".into(),
                    value: "1".into(),
                },
            ]),
            ..PodSecurityContext::default()
        });
    }
    if !env.connections.is_empty() {
        // Bridges are local to a node: the whole lesson runs on one.
        spec.affinity = Some(Affinity {
            pod_affinity: Some(PodAffinity {
                required_during_scheduling_ignored_during_execution: Some(vec![PodAffinityTerm {
                    label_selector: Some(LabelSelector {
                        match_labels: Some(BTreeMap::from([
                            (
                                LABEL_LIVELESSON.to_owned(),
                                names::label_value(&env.livelesson_id),
                            ),
                            (LABEL_ROLE.to_owned(), "endpoint".to_owned()),
                        ])),
                        ..LabelSelector::default()
                    }),
                    topology_key: "kubernetes.io/hostname".into(),
                    ..PodAffinityTerm::default()
                }]),
                ..PodAffinity::default()
            }),
            ..Affinity::default()
        });
    }
    Manifest::of(&Pod {
        metadata: meta(
            &name,
            ns,
            endpoint_labels(env, s, &e.name, "endpoint"),
            annotations,
        ),
        spec: Some(spec),
        ..Pod::default()
    })
}

fn guide_pod(env: &Environment, s: &Settings, ns: &str) -> Manifest {
    let container = Container {
        name: GUIDE.into(),
        image: Some(s.jupyter_image()),
        image_pull_policy: Some(s.pull_policy()),
        ports: container_ports(&[GUIDE_PORT]),
        readiness_probe: readiness(Some(GUIDE_PORT)),
        security_context: Some(SecurityContext {
            allow_privilege_escalation: Some(false),
            ..SecurityContext::default()
        }),
        resources: resources(s),
        volume_mounts: Some(vec![files_mount()]),
        ..Container::default()
    };
    Manifest::of(&Pod {
        metadata: meta(GUIDE, ns, endpoint_labels(env, s, GUIDE, "guide"), None),
        spec: Some(pod_spec(env, s, vec![container])),
        ..Pod::default()
    })
}

fn checker_pod(env: &Environment, s: &Settings, ns: &str) -> Manifest {
    let container = Container {
        name: "checker".into(),
        image: Some(s.images.configurator()),
        image_pull_policy: Some(s.pull_policy()),
        command: Some(vec![
            "/bin/sh".into(),
            "-c".into(),
            "trap 'exit 0' TERM; while :; do sleep 3600 & wait $!; done".into(),
        ]),
        security_context: Some(SecurityContext {
            allow_privilege_escalation: Some(false),
            ..SecurityContext::default()
        }),
        volume_mounts: Some(vec![
            files_mount(),
            VolumeMount {
                name: "checks".into(),
                mount_path: CHECKS_DIR.into(),
                read_only: Some(true),
                ..VolumeMount::default()
            },
        ]),
        ..Container::default()
    };
    let mut spec = pod_spec(env, s, vec![container]);
    spec.volumes.get_or_insert_default().push(Volume {
        name: "checks".into(),
        secret: Some(SecretVolumeSource {
            secret_name: Some(CHECKS_SECRET.into()),
            default_mode: Some(0o400),
            ..SecretVolumeSource::default()
        }),
        ..Volume::default()
    });
    Manifest::of(&Pod {
        metadata: meta(CHECKER, ns, labels(env, s, Some("checker")), None),
        spec: Some(spec),
        ..Pod::default()
    })
}

/// The Service of `endpoint`, selecting its pod (of role `role`: an endpoint's, the guide's;
/// never a configuration Job's, which carries the endpoint's label too).
fn service(
    env: &Environment,
    s: &Settings,
    ns: &str,
    endpoint: &str,
    ports: &[u16],
    role: &str,
) -> Manifest {
    let name = names::object(endpoint);
    let selector = BTreeMap::from([
        (
            LABEL_LIVELESSON.to_owned(),
            names::label_value(&env.livelesson_id),
        ),
        (LABEL_ENDPOINT.to_owned(), names::label_value(endpoint)),
        (LABEL_ROLE.to_owned(), role.to_owned()),
    ]);
    let spec = if ports.is_empty() {
        // Reached by name only: a headless service (DNS to the pod).
        ServiceSpec {
            cluster_ip: Some("None".into()),
            selector: Some(selector),
            ..ServiceSpec::default()
        }
    } else {
        ServiceSpec {
            type_: Some("ClusterIP".into()),
            selector: Some(selector),
            ports: Some(
                ports
                    .iter()
                    .map(|p| ServicePort {
                        name: Some(format!("port-{p}")),
                        port: i32::from(*p),
                        target_port: Some(IntOrString::Int(i32::from(*p))),
                        protocol: Some("TCP".into()),
                        ..ServicePort::default()
                    })
                    .collect(),
            ),
            ..ServiceSpec::default()
        }
    };
    Manifest::of(&Service {
        metadata: meta(
            &name,
            ns,
            endpoint_labels(env, s, endpoint, "service"),
            None,
        ),
        spec: Some(spec),
        ..Service::default()
    })
}

/// What the ingress of presentation `presentation` of `endpoint` is named after:
/// `{endpoint}-{presentation}`, with a hash of the pair when another http presentation of the
/// lesson (or the guide) gives the same text (`web` + `ui-admin` and `web-ui` + `admin`).
fn ingress_part(env: &Environment, endpoint: &str, presentation: &str) -> String {
    let part = format!("{endpoint}-{presentation}");
    let mut pairs: Vec<(&str, &str)> = env
        .endpoints
        .iter()
        .flat_map(|e| {
            e.presentations
                .iter()
                .filter(|p| p.kind == PresentationType::Http)
                .map(|p| (e.name.as_str(), p.name.as_str()))
        })
        .collect();
    if has_guide(env) {
        pairs.push((GUIDE, "web"));
    }
    let same = pairs
        .iter()
        .filter(|(e, p)| format!("{e}-{p}") == part)
        .count();
    if same > 1 {
        format!(
            "{part}-{}",
            names::short_hash(&format!("{endpoint}/{presentation}"))
        )
    } else {
        part
    }
}

/// The host of presentation `presentation` of `endpoint` (the original's
/// `{namespace}-{endpoint}-{presentation}.{heps_domain}`, changed only where it would not be a
/// DNS name or would be another presentation's).
pub fn ingress_host(env: &Environment, s: &Settings, endpoint: &str, presentation: &str) -> String {
    format!(
        "{}.{}",
        names::host_label(
            &namespace_name(env, s),
            &ingress_part(env, endpoint, presentation)
        ),
        s.kubernetes.heps_domain
    )
}

fn ingress(
    env: &Environment,
    s: &Settings,
    ns: &str,
    endpoint: &str,
    presentation: &str,
    port: u16,
) -> Manifest {
    let host = ingress_host(env, s, endpoint, presentation);
    let annotations: BTreeMap<String, String> = s
        .kubernetes
        .ingress_annotations()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    Manifest::of(&Ingress {
        metadata: meta(
            &names::object(&ingress_part(env, endpoint, presentation)),
            ns,
            endpoint_labels(env, s, endpoint, "ingress"),
            (!annotations.is_empty()).then_some(annotations),
        ),
        spec: Some(IngressSpec {
            ingress_class_name: s.kubernetes.ingress_class.clone(),
            tls: Some(vec![IngressTLS {
                hosts: Some(vec![host.clone()]),
                secret_name: Some(s.kubernetes.tls_secret.clone()),
            }]),
            rules: Some(vec![IngressRule {
                host: Some(host),
                http: Some(HTTPIngressRuleValue {
                    paths: vec![HTTPIngressPath {
                        path: Some("/".into()),
                        path_type: "Prefix".into(),
                        backend: IngressBackend {
                            service: Some(IngressServiceBackend {
                                name: names::object(endpoint),
                                port: Some(ServiceBackendPort {
                                    number: Some(i32::from(port)),
                                    ..ServiceBackendPort::default()
                                }),
                            }),
                            ..IngressBackend::default()
                        },
                    }],
                }),
            }]),
            ..IngressSpec::default()
        }),
        ..Ingress::default()
    })
}

/// The name of endpoint `endpoint`'s configuration Job of `stage`.
pub fn job_name(endpoint: &str, stage: u32) -> String {
    names::object(&format!("config-{endpoint}-{stage}"))
}

/// The configuration Jobs of `env.stage`: one per endpoint that has a configuration file for
/// it, running the original's command in the configuration image with the credentials from
/// the `antidote-credentials` Secret, within `kubernetes.configure_timeout_ms`.
pub fn stage_jobs(env: &Environment, s: &Settings) -> Vec<Manifest> {
    let ns = namespace_name(env, s);
    env.endpoints
        .iter()
        .filter_map(|e| configuration::step(e, env.stage, env.files.as_ref()))
        .map(|step| {
            let mut l = endpoint_labels(env, s, &step.endpoint, "configuration");
            l.insert(LABEL_STAGE.to_owned(), env.stage.to_string());
            let container = Container {
                name: "configure".into(),
                image: Some(s.images.configurator()),
                image_pull_policy: Some(s.pull_policy()),
                command: Some(vec!["/bin/sh".into(), "-c".into(), step.command.clone()]),
                env: Some(vec![
                    EnvVar {
                        name: "ANTIDOTE_TARGET_HOST".into(),
                        value: Some(names::object(&step.endpoint)),
                        ..EnvVar::default()
                    },
                    secret_env(
                        "ANTIDOTE_TARGET_USERNAME",
                        CREDENTIALS_SECRET,
                        &format!("{}.username", step.endpoint),
                    ),
                    secret_env(
                        "ANTIDOTE_TARGET_PASSWORD",
                        CREDENTIALS_SECRET,
                        &format!("{}.password", step.endpoint),
                    ),
                    EnvVar {
                        name: "ANSIBLE_HOST_KEY_CHECKING".into(),
                        value: Some("False".into()),
                        ..EnvVar::default()
                    },
                ]),
                volume_mounts: Some(vec![files_mount()]),
                ..Container::default()
            };
            let mut spec = pod_spec(env, s, vec![container]);
            spec.restart_policy = Some("Never".into());
            let deadline = s.kubernetes.configure_timeout_ms.div_ceil(1000);
            Manifest::of(&Job {
                metadata: meta(&job_name(&step.endpoint, env.stage), &ns, l.clone(), None),
                spec: Some(JobSpec {
                    backoff_limit: Some(3),
                    active_deadline_seconds: Some(i64::try_from(deadline).unwrap_or(i64::MAX)),
                    template: PodTemplateSpec {
                        metadata: Some(ObjectMeta {
                            labels: Some(l),
                            ..ObjectMeta::default()
                        }),
                        spec: Some(spec),
                    },
                    ..JobSpec::default()
                }),
                ..Job::default()
            })
        })
        .collect()
}
