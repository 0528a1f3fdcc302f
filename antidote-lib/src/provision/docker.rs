//! The Docker backend: livelessons as containers on a Docker Engine API (Docker, or Podman's
//! compatible service), reached through `docker.host`, `DOCKER_HOST` or the default socket.
//! It is what authors run lessons on (`antidotectl lesson run`) and what the project's own
//! end-to-end tests run real endpoints on.
//!
//! One livelesson is, every object named `{instance}-{livelesson}-...` and labelled with the
//! instance, livelesson, session and lesson (the labels of the Kubernetes backend:
//! `antidoteManaged`, `antidoteId`, `liveLesson`, `liveSession`, `lessonSlug`), so that
//! teardown and the orphan sweep find everything by label:
//!
//! - a management network (`-mgmt`, the endpoints' `eth0`; each endpoint is reachable there by
//!   its name) and one internal bridge network per connection (`-link{i}`);
//! - a container per endpoint (`-{endpoint}`): the image `{images.org}/{slug}:{images.tag}`
//!   or its override, the flavor's privileges (`trusted`: privileged; `untrusted`: no added
//!   capability, on `docker.untrusted_runtime` if set; `legacy`: `NET_ADMIN`, as the original
//!   ran every image), the forwarding sysctls of `enableForwarding`, the lesson's files at
//!   `/antidote`, every port published on `docker.publish_address`;
//! - once it runs, its link interfaces renamed to the names its image declares, in the order
//!   of the lesson's connections, each with the address of the connection's subnet (the first
//!   host address for side `a`, the second for `b`) or none: the engine's own addresses are
//!   removed, so two learners of the same lesson never clash and no address is made up;
//! - per stage, a configuration container per configured endpoint (`-config-{endpoint}`) from
//!   `images.configurator`, on the management network, running the commands of
//!   [`configuration`] with the credentials in a file the shell reads
//!   (never in the container's environment or command, which the engine shows to anyone).
//!
//! Readiness: a container is up when it runs and every port answers on its published address
//! (an SSH version exchange for `ssh` presentations, a TCP connect otherwise), each probe
//! bounded by `docker.probe_timeout_ms`.

use std::collections::{BTreeSet, HashMap};
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use bollard::Docker;
use bollard::errors::Error as EngineError;
use bollard::models::{
    ContainerCreateBody, ContainerInspectResponse, EndpointSettings, HostConfig,
    NetworkCreateRequest, NetworkingConfig, PortBinding,
};
use bollard::query_parameters::{
    CreateContainerOptionsBuilder, CreateImageOptionsBuilder, ListContainersOptionsBuilder,
    ListNetworksOptionsBuilder, LogsOptionsBuilder, RemoveContainerOptionsBuilder,
    UploadToContainerOptionsBuilder,
};
use futures_util::future::{BoxFuture, join_all, try_join_all};
use futures_util::{FutureExt as _, StreamExt as _};
use tracing::Instrument as _;

use super::configuration::{self, LESSON_DIR, Step};
use super::files::tar_of;
use super::{
    Access, Backend, Capabilities, EndpointSpec, EndpointStatus, Environment, LessonFiles,
    ProvisionError, probe,
};
use crate::config::{DockerConfig, ImagesConfig};
use crate::curriculum::{ImageFlavor, PresentationType};

/// Label set on everything the backend creates (`yes`).
pub const LABEL_MANAGED: &str = "antidoteManaged";
/// Label naming the instance.
pub const LABEL_INSTANCE: &str = "antidoteId";
/// Label naming the livelesson.
pub const LABEL_LIVELESSON: &str = "liveLesson";
/// Label naming the session.
pub const LABEL_SESSION: &str = "liveSession";
/// Label naming the lesson.
pub const LABEL_LESSON: &str = "lessonSlug";
/// Label saying what a container is for: `endpoint` or `configuration`.
pub const LABEL_ROLE: &str = "antidoteRole";

/// The Docker backend.
#[derive(Debug)]
pub struct DockerBackend {
    docker: Docker,
    host: String,
    instance: String,
    images: ImagesConfig,
    config: DockerConfig,
}

/// A container's link: the network, the interface name wanted and the address (`-`: none).
struct Link {
    network: String,
    interface: String,
    address: Option<String>,
}

impl DockerBackend {
    /// Connects to the engine (`config.host`, else `DOCKER_HOST`, else the default socket) and
    /// agrees on an API version with it; an engine that does not answer is an error that says
    /// how to start one.
    pub async fn connect(
        instance: &str,
        images: &ImagesConfig,
        config: &DockerConfig,
    ) -> Result<DockerBackend, ProvisionError> {
        let host = config
            .host
            .clone()
            .or_else(|| std::env::var("DOCKER_HOST").ok().filter(|h| !h.is_empty()))
            .unwrap_or_else(|| "unix:///var/run/docker.sock".to_owned());
        let unreachable = |e: &dyn std::fmt::Display| {
            ProvisionError::retryable(format!(
                "cannot reach the container engine at {host}: {e}; start Docker (or `podman system service --time=0 unix://PATH`) and point docker.host or DOCKER_HOST at it"
            ))
        };
        let docker = Docker::connect_with_host(&host)
            .map_err(|e| unreachable(&e))?
            .with_timeout(Duration::from_secs(120));
        let docker = request("version", None, docker.negotiate_version())
            .await
            .map_err(|e| unreachable(&e))?;
        Ok(DockerBackend {
            docker,
            host,
            instance: instance.to_owned(),
            images: images.clone(),
            config: config.clone(),
        })
    }

    /// Fails unless the image `reference` is on the engine (without pulling it).
    pub async fn assert_image(&self, reference: &str) -> Result<(), ProvisionError> {
        request(
            "inspect_image",
            Some(reference),
            self.docker.inspect_image(reference),
        )
        .await
        .map(|_| ())
        .map_err(|e| self.engine(&format!("looking for image {reference}"), e))
    }

    /// The name of every container and network of livelesson `id` (sorted): empty once it is
    /// torn down.
    pub async fn objects(&self, id: &str) -> Result<Vec<String>, ProvisionError> {
        let mut names: Vec<String> = self
            .containers(Some(id), None)
            .await?
            .into_iter()
            .filter_map(|c| c.names?.into_iter().next())
            .map(|n| format!("container {}", n.trim_start_matches('/')))
            .collect();
        names.extend(
            self.networks(Some(id))
                .await?
                .into_iter()
                .filter_map(|n| n.name)
                .map(|n| format!("network {n}")),
        );
        names.sort();
        Ok(names)
    }

    /// The engine's address, as configured.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The name of everything of livelesson `id` starts with this.
    pub fn prefix(&self, id: &str) -> String {
        format!("{}-{id}", self.instance)
    }

    fn container_name(&self, id: &str, endpoint: &str) -> String {
        format!("{}-{endpoint}", self.prefix(id))
    }

    fn mgmt_network(&self, id: &str) -> String {
        format!("{}-mgmt", self.prefix(id))
    }

    fn link_network(&self, id: &str, index: usize) -> String {
        format!("{}-link{index}", self.prefix(id))
    }

    fn labels(&self, env: &Environment, role: &str) -> HashMap<String, String> {
        HashMap::from([
            (LABEL_MANAGED.to_owned(), "yes".to_owned()),
            (LABEL_INSTANCE.to_owned(), self.instance.clone()),
            (LABEL_LIVELESSON.to_owned(), env.livelesson_id.clone()),
            (LABEL_SESSION.to_owned(), env.session_id.clone()),
            (LABEL_LESSON.to_owned(), env.lesson_slug.clone()),
            (LABEL_ROLE.to_owned(), role.to_owned()),
        ])
    }

    /// Label filters selecting this instance's objects (of livelesson `id`, and `role`).
    fn filters(&self, id: Option<&str>, role: Option<&str>) -> HashMap<String, Vec<String>> {
        let mut labels = vec![format!("{LABEL_INSTANCE}={}", self.instance)];
        if let Some(id) = id {
            labels.push(format!("{LABEL_LIVELESSON}={id}"));
        }
        if let Some(role) = role {
            labels.push(format!("{LABEL_ROLE}={role}"));
        }
        HashMap::from([("label".to_owned(), labels)])
    }

    /// An engine error as a reason: an engine that does not answer is retryable and says so;
    /// what the engine refused is its own message.
    fn engine(&self, doing: &str, e: EngineError) -> ProvisionError {
        match e {
            EngineError::DockerResponseServerError {
                status_code,
                message,
            } => ProvisionError {
                reason: format!("{doing}: the container engine said: {}", message.trim()),
                retryable: status_code >= 500 && !message.contains("already in use"),
            },
            other => ProvisionError::retryable(format!(
                "{doing}: the container engine at {} does not answer ({other}); is Docker (or `podman system service`) running?",
                self.host
            )),
        }
    }

    async fn containers(
        &self,
        id: Option<&str>,
        role: Option<&str>,
    ) -> Result<Vec<bollard::models::ContainerSummary>, ProvisionError> {
        let options = ListContainersOptionsBuilder::new()
            .all(true)
            .filters(&self.filters(id, role))
            .build();
        let mut attempt = 0;
        loop {
            attempt += 1;
            match request(
                "list_containers",
                id,
                self.docker.list_containers(Some(options.clone())),
            )
            .await
            {
                // Podman reports a container it is stopping as `stopped`, a state the Docker
                // API (and so bollard) does not have; it lasts until Podman's cleanup is done.
                Err(EngineError::JsonDataError { .. }) if attempt < 30 => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                listed => return listed.map_err(|e| self.engine("listing containers", e)),
            }
        }
    }

    async fn networks(
        &self,
        id: Option<&str>,
    ) -> Result<Vec<bollard::models::Network>, ProvisionError> {
        let options = ListNetworksOptionsBuilder::new()
            .filters(&self.filters(id, None))
            .build();
        request(
            "list_networks",
            id,
            self.docker.list_networks(Some(options)),
        )
        .await
        .map_err(|e| self.engine("listing networks", e))
    }

    async fn inspect(
        &self,
        name: &str,
    ) -> Result<Option<ContainerInspectResponse>, ProvisionError> {
        match request(
            "inspect_container",
            Some(name),
            self.docker.inspect_container(name, None),
        )
        .await
        {
            Ok(c) => Ok(Some(c)),
            Err(EngineError::DockerResponseServerError {
                status_code: 404, ..
            }) => Ok(None),
            Err(e) => Err(self.engine(&format!("inspecting container {name}"), e)),
        }
    }

    async fn remove(&self, name: &str) -> Result<(), ProvisionError> {
        let options = RemoveContainerOptionsBuilder::new()
            .force(true)
            .v(true)
            .build();
        match request(
            "remove_container",
            Some(name),
            self.docker.remove_container(name, Some(options)),
        )
        .await
        {
            Ok(())
            | Err(EngineError::DockerResponseServerError {
                status_code: 404, ..
            }) => Ok(()),
            Err(e) => Err(self.engine(&format!("removing container {name}"), e)),
        }
    }

    /// Makes sure the image `reference` (of `endpoint`) is on the engine, pulling it if allowed.
    async fn ensure_image(&self, reference: &str, endpoint: &str) -> Result<(), ProvisionError> {
        match request(
            "inspect_image",
            Some(reference),
            self.docker.inspect_image(reference),
        )
        .await
        {
            Ok(_) => return Ok(()),
            Err(EngineError::DockerResponseServerError {
                status_code: 404, ..
            }) => {}
            Err(e) => return Err(self.engine(&format!("looking for image {reference}"), e)),
        }
        let missing = |why: String| {
            ProvisionError::permanent(format!(
                "image `{reference}` of endpoint `{endpoint}` is not on the container engine{why}: build or pull it, or name one that exists with images.overrides (SLUG=REFERENCE)"
            ))
        };
        if !self.config.pull {
            return Err(missing(" (docker.pull is off)".to_owned()));
        }
        let options = CreateImageOptionsBuilder::new()
            .from_image(reference)
            .build();
        // The pull's progress is a stream: one request span until its end. An error in the
        // stream is the engine's answer as a stream error.
        let pulled = request("create_image", Some(reference), async {
            let mut pull = self.docker.create_image(Some(options), None, None);
            while let Some(step) = pull.next().await {
                if let Some(detail) = step?.error_detail {
                    return Err(EngineError::DockerStreamError {
                        error: detail.message.unwrap_or_default(),
                    });
                }
            }
            Ok(())
        })
        .await;
        match pulled {
            Ok(()) => Ok(()),
            Err(EngineError::DockerStreamError { error: message }) => {
                Err(missing(format!(" and could not be pulled ({message})")))
            }
            Err(EngineError::DockerResponseServerError { message, .. }) => Err(missing(format!(
                " and could not be pulled ({})",
                message.trim()
            ))),
            Err(e) => Err(self.engine(&format!("pulling image {reference}"), e)),
        }
    }

    /// The management network and one per connection, made if missing.
    async fn ensure_networks(&self, env: &Environment) -> Result<(), ProvisionError> {
        let have: BTreeSet<String> = self
            .networks(Some(&env.livelesson_id))
            .await?
            .into_iter()
            .filter_map(|n| n.name)
            .collect();
        let mut wanted = vec![(self.mgmt_network(&env.livelesson_id), false)];
        wanted.extend(
            (0..env.connections.len()).map(|i| (self.link_network(&env.livelesson_id, i), true)),
        );
        for (name, internal) in wanted {
            if have.contains(&name) {
                continue;
            }
            let body = NetworkCreateRequest {
                name: name.clone(),
                driver: Some("bridge".into()),
                internal: Some(internal),
                labels: Some(self.labels(env, "network")),
                ..NetworkCreateRequest::default()
            };
            // Podman's network setup can trip over a bridge being removed at the same moment
            // (`route ip+net: no such network interface`): an engine error is tried again.
            let mut attempt = 0;
            loop {
                attempt += 1;
                match request(
                    "create_network",
                    Some(&name),
                    self.docker.create_network(body.clone()),
                )
                .await
                {
                    Ok(_) => break,
                    // Made meanwhile: fine.
                    Err(EngineError::DockerResponseServerError { message, .. })
                        if message.contains("already") && message.contains(&name) =>
                    {
                        break;
                    }
                    Err(e) => {
                        let e = self.engine(&format!("creating network {name}"), e);
                        if !e.retryable || attempt == 3 {
                            return Err(e);
                        }
                        tracing::debug!("{}; trying again", e.reason);
                        tokio::time::sleep(Duration::from_millis(100) * attempt).await;
                    }
                }
            }
        }
        Ok(())
    }

    /// The links of `endpoint`, in the order of the lesson's connections, each taking the
    /// next interface name its image declares.
    fn links(&self, env: &Environment, endpoint: &EndpointSpec) -> Vec<Link> {
        let mut links = Vec::new();
        for (i, c) in env.connections.iter().enumerate() {
            let side = if c.a == endpoint.name {
                1
            } else if c.b == endpoint.name {
                2
            } else {
                continue;
            };
            let k = links.len();
            links.push(Link {
                network: self.link_network(&env.livelesson_id, i),
                interface: endpoint
                    .image
                    .network_interfaces
                    .get(k)
                    .cloned()
                    .unwrap_or_else(|| format!("eth{}", k + 1)),
                address: nth_host(&c.subnet, side),
            });
        }
        links
    }

    /// The host ports of `env`'s ports when `publish_from` fixes them: consecutive, in lesson
    /// order. `None` lets the engine choose.
    fn fixed_ports(&self, env: &Environment, endpoint: &str) -> Option<Vec<u16>> {
        if self.config.publish_from == 0 {
            return None;
        }
        let before: usize = env
            .endpoints
            .iter()
            .take_while(|e| e.name != endpoint)
            .map(|e| e.ports.len())
            .sum();
        let count = env
            .endpoints
            .iter()
            .find(|e| e.name == endpoint)?
            .ports
            .len();
        (0..count)
            .map(|i| u16::try_from(usize::from(self.config.publish_from) + before + i).ok())
            .collect()
    }

    /// The container of `endpoint`, made and started if it does not run yet, with its
    /// interfaces named; `files` is the lesson's files as a tar archive.
    async fn ensure_endpoint(
        &self,
        env: &Environment,
        endpoint: &EndpointSpec,
        files: &bytes::Bytes,
    ) -> Result<(), ProvisionError> {
        let name = self.container_name(&env.livelesson_id, &endpoint.name);
        let links = self.links(env, endpoint);
        match self.inspect(&name).await? {
            Some(c) if c.state.as_ref().and_then(|s| s.running) == Some(true) => {
                // Made and started by a replica that died: only the interfaces may be missing.
                return self.setup_interfaces(env, endpoint, &name, &links).await;
            }
            // Made but not started (files may be missing): made again.
            Some(_) => self.remove(&name).await?,
            None => {}
        }
        let reference = self.images.reference(&endpoint.image.slug);
        let mgmt = self.mgmt_network(&env.livelesson_id);
        let fixed = self.fixed_ports(env, &endpoint.name);
        let port_bindings = endpoint
            .ports
            .iter()
            .enumerate()
            .map(|(i, port)| {
                let host_port = fixed
                    .as_ref()
                    .and_then(|f| f.get(i))
                    .map_or_else(String::new, u16::to_string);
                (
                    format!("{port}/tcp"),
                    Some(vec![PortBinding {
                        host_ip: Some(self.config.publish_address.clone()),
                        host_port: Some(host_port),
                    }]),
                )
            })
            .collect();
        let (privileged, cap_add, runtime) = match endpoint.image.flavor {
            ImageFlavor::Trusted => (true, None, None),
            ImageFlavor::Untrusted => (false, None, self.config.untrusted_runtime.clone()),
            ImageFlavor::Legacy => (false, Some(vec!["NET_ADMIN".to_owned()]), None),
        };
        let sysctls = endpoint.image.enable_forwarding.then(|| {
            HashMap::from([
                ("net.ipv4.ip_forward".to_owned(), "1".to_owned()),
                ("net.ipv6.conf.all.forwarding".to_owned(), "1".to_owned()),
            ])
        });
        let mut networks = HashMap::from([(
            mgmt.clone(),
            EndpointSettings {
                aliases: Some(vec![endpoint.name.clone()]),
                ..EndpointSettings::default()
            },
        )]);
        for l in &links {
            networks.insert(l.network.clone(), EndpointSettings::default());
        }
        let body = ContainerCreateBody {
            image: Some(reference),
            hostname: Some(endpoint.name.clone()),
            labels: Some({
                let mut labels = self.labels(env, "endpoint");
                labels.insert("antidoteEndpoint".into(), endpoint.name.clone());
                labels
            }),
            exposed_ports: Some(endpoint.ports.iter().map(|p| format!("{p}/tcp")).collect()),
            host_config: Some(HostConfig {
                network_mode: Some(mgmt),
                port_bindings: Some(port_bindings),
                privileged: Some(privileged),
                cap_add,
                runtime,
                sysctls,
                ..HostConfig::default()
            }),
            networking_config: Some(NetworkingConfig {
                endpoints_config: Some(networks),
            }),
            ..ContainerCreateBody::default()
        };
        let options = CreateContainerOptionsBuilder::new().name(&name).build();
        request(
            "create_container",
            Some(&name),
            self.docker.create_container(Some(options), body),
        )
        .await
        .map_err(|e| self.engine(&format!("creating endpoint `{}`", endpoint.name), e))?;
        self.upload(&name, files.clone()).await?;
        if let Err(e) = request(
            "start_container",
            Some(&name),
            self.docker.start_container(&name, None),
        )
        .await
        {
            return Err(match e {
                EngineError::DockerResponseServerError { message, .. }
                    if message.contains("address already in use")
                        || message.contains("port is already allocated") =>
                {
                    ProvisionError::permanent(format!(
                        "a port of endpoint `{}` is in use by another program on {} ({}): free it, or set docker.publish_from to another first port (0 lets the engine choose)",
                        endpoint.name,
                        self.config.publish_address,
                        message.trim()
                    ))
                }
                e => self.engine(&format!("starting endpoint `{}`", endpoint.name), e),
            });
        }
        self.setup_interfaces(env, endpoint, &name, &links).await
    }

    async fn upload(&self, container: &str, tar: bytes::Bytes) -> Result<(), ProvisionError> {
        let options = UploadToContainerOptionsBuilder::new().path("/").build();
        request(
            "upload_to_container",
            Some(container),
            self.docker
                .upload_to_container(container, Some(options), bollard::body_full(tar)),
        )
        .await
        .map_err(|e| self.engine(&format!("copying the lesson's files into {container}"), e))
    }

    /// Names the link interfaces of a running container as its image declares and gives them
    /// the connections' addresses (the interfaces are found by their MAC addresses, which the
    /// engine reports per network).
    async fn setup_interfaces(
        &self,
        env: &Environment,
        endpoint: &EndpointSpec,
        name: &str,
        links: &[Link],
    ) -> Result<(), ProvisionError> {
        if links.is_empty() {
            return Ok(());
        }
        let inspected = self.inspect(name).await?.unwrap_or_default();
        let attached = inspected
            .network_settings
            .and_then(|s| s.networks)
            .unwrap_or_default();
        let mac = |network: &str| {
            attached
                .get(network)
                .and_then(|e| e.mac_address.clone())
                .filter(|m| !m.is_empty())
        };
        let mut args = Vec::new();
        let mgmt = self.mgmt_network(&env.livelesson_id);
        for (network, interface, address) in std::iter::once((&mgmt, "eth0", Some("keep"))).chain(
            links
                .iter()
                .map(|l| (&l.network, l.interface.as_str(), l.address.as_deref())),
        ) {
            let Some(mac) = mac(network) else {
                return Err(ProvisionError::retryable(format!(
                    "endpoint `{}` is not attached to network {network} yet",
                    endpoint.name
                )));
            };
            args.extend([
                mac.to_lowercase(),
                interface.to_owned(),
                address.unwrap_or("-").to_owned(),
            ]);
        }
        let (code, output) = self.exec(name, INTERFACES_SCRIPT, &args, true).await?;
        match code {
            0 => Ok(()),
            127 => Err(ProvisionError::permanent(format!(
                "image `{}` of endpoint `{}` has no `ip` command (iproute2), which the Docker backend needs to name its interfaces",
                endpoint.image.slug, endpoint.name
            ))),
            _ => Err(ProvisionError::permanent(format!(
                "the interfaces of endpoint `{}` could not be set up: {}",
                endpoint.name,
                output.trim()
            ))),
        }
    }

    /// Runs `script` (with `args`) in `container` as root (with every privilege when
    /// `privileged`), and returns its exit code and output.
    async fn exec(
        &self,
        container: &str,
        script: &str,
        args: &[String],
        privileged: bool,
    ) -> Result<(i64, String), ProvisionError> {
        let mut cmd = vec![
            "/bin/sh".to_owned(),
            "-c".to_owned(),
            script.to_owned(),
            "sh".to_owned(),
        ];
        cmd.extend(args.iter().cloned());
        let created = request(
            "create_exec",
            Some(container),
            self.docker.create_exec(
                container,
                bollard::exec::CreateExecOptions {
                    attach_stdout: Some(true),
                    attach_stderr: Some(true),
                    privileged: Some(privileged),
                    user: Some("0".to_owned()),
                    cmd: Some(cmd),
                    ..Default::default()
                },
            ),
        )
        .await
        .map_err(|e| self.engine(&format!("running a command in {container}"), e))?;
        // Started, and its output read to the end: one request span.
        let output = request("start_exec", Some(container), async {
            let mut output = String::new();
            if let bollard::exec::StartExecResults::Attached {
                output: mut out, ..
            } = self.docker.start_exec(&created.id, None).await?
            {
                while let Some(Ok(chunk)) = out.next().await {
                    output.push_str(&chunk.to_string());
                }
            }
            Ok(output)
        })
        .await
        .map_err(|e| self.engine(&format!("running a command in {container}"), e))?;
        let inspected = request(
            "inspect_exec",
            Some(container),
            self.docker.inspect_exec(&created.id),
        )
        .await
        .map_err(|e| self.engine(&format!("running a command in {container}"), e))?;
        Ok((inspected.exit_code.unwrap_or(-1), output))
    }

    /// The health of one endpoint: its container runs and every port answers.
    async fn health(
        &self,
        env: &Environment,
        endpoint: &EndpointSpec,
    ) -> Result<EndpointStatus, ProvisionError> {
        let name = self.container_name(&env.livelesson_id, &endpoint.name);
        let down = || EndpointStatus {
            name: endpoint.name.clone(),
            host: None,
            ready: false,
            access: Vec::new(),
            guide: false,
        };
        let Some(c) = self.inspect(&name).await? else {
            return Ok(down());
        };
        let state = c.state.clone().unwrap_or_default();
        if state.running != Some(true) {
            use bollard::models::ContainerStateStatusEnum as S;
            if matches!(state.status, Some(S::EXITED | S::DEAD)) {
                // It will not come up by waiting: say why now, not after the endpoint timeout.
                let output = self.tail(&name).await;
                let output = super::configuration::reason_from_output(
                    &output,
                    &endpoint.credentials.ssh_password,
                );
                return Err(ProvisionError::permanent(format!(
                    "endpoint `{}` stopped (exit code {}) before it was up: its image's command must keep running{}",
                    endpoint.name,
                    state.exit_code.unwrap_or(-1),
                    if output.is_empty() {
                        String::new()
                    } else {
                        format!("; its output ends: {output}")
                    }
                )));
            }
            return Ok(down());
        }
        let ports = c.network_settings.and_then(|s| s.ports).unwrap_or_default();
        let published = |port: u16| -> Option<u16> {
            ports
                .get(&format!("{port}/tcp"))?
                .as_ref()?
                .iter()
                .find_map(|b| b.host_port.as_deref()?.parse().ok())
        };
        let address: IpAddr = self
            .config
            .publish_address
            .parse()
            .unwrap_or(IpAddr::from([127, 0, 0, 1]));
        let timeout = Duration::from_millis(self.config.probe_timeout_ms);
        let ssh_ports: BTreeSet<u16> = endpoint
            .presentations
            .iter()
            .filter(|p| p.kind == PresentationType::Ssh)
            .map(|p| p.port)
            .collect();
        let probes = endpoint.ports.iter().map(|&port| {
            let ssh = ssh_ports.contains(&port);
            async move {
                let Some(host_port) = published(port) else {
                    return false;
                };
                let at = SocketAddr::new(address, host_port);
                if ssh {
                    probe::ssh(at, timeout).await
                } else {
                    probe::tcp(at, timeout).await
                }
            }
        });
        let ready = join_all(probes).await.into_iter().all(|up| up);
        let access = endpoint
            .presentations
            .iter()
            .filter_map(|p| {
                Some(Access {
                    presentation: p.name.clone(),
                    kind: p.kind,
                    host: self.config.publish_address.clone(),
                    port: published(p.port)?,
                    domain: None,
                })
            })
            .collect();
        Ok(EndpointStatus {
            name: endpoint.name.clone(),
            host: Some(self.config.publish_address.clone()),
            ready,
            access,
            guide: false,
        })
    }

    /// Runs one configuration step in a container of its own and waits for it.
    async fn run_step(
        &self,
        env: &Environment,
        step: &Step,
        files: &[(String, Vec<u8>)],
    ) -> Result<(), ProvisionError> {
        let endpoint = env
            .endpoints
            .iter()
            .find(|e| e.name == step.endpoint)
            .ok_or_else(|| configuration::failed(step, "names no endpoint of the lesson"))?;
        let name = format!(
            "{}-config-{}",
            self.prefix(&env.livelesson_id),
            step.endpoint
        );
        self.remove(&name).await?;
        let image = self.images.configurator();
        self.ensure_image(&image, &format!("{} (configuration)", step.endpoint))
            .await?;
        let credentials = &endpoint.credentials;
        let mut archive = files.to_vec();
        archive.push((
            "run/antidote/env".to_owned(),
            configuration::environment_file(
                &endpoint.name,
                &credentials.config_user,
                &credentials.config_password,
            ),
        ));
        let tar = tar_of(&archive)?;
        let body = ContainerCreateBody {
            image: Some(image),
            labels: Some(self.labels(env, "configuration")),
            cmd: Some(vec![
                "/bin/sh".into(),
                "-c".into(),
                format!("set -a; . /run/antidote/env; set +a; {}", step.command),
            ]),
            working_dir: Some(LESSON_DIR.into()),
            host_config: Some(HostConfig {
                network_mode: Some(self.mgmt_network(&env.livelesson_id)),
                ..HostConfig::default()
            }),
            ..ContainerCreateBody::default()
        };
        let options = CreateContainerOptionsBuilder::new().name(&name).build();
        let doing = format!("configuring `{}`", step.endpoint);
        request(
            "create_container",
            Some(&name),
            self.docker.create_container(Some(options), body),
        )
        .await
        .map_err(|e| self.engine(&doing, e))?;
        let outcome = async {
            self.upload(&name, tar).await?;
            request(
                "start_container",
                Some(&name),
                self.docker.start_container(&name, None),
            )
            .await
            .map_err(|e| self.engine(&doing, e))?;
            let wait = async {
                let waited = request("wait_container", Some(&name), async {
                    match self.docker.wait_container(&name, None).next().await {
                        Some(Ok(r)) => Ok(Some(r.status_code)),
                        // The container's exit code, not an engine failure.
                        Some(Err(EngineError::DockerContainerWaitError { code, .. })) => {
                            Ok(Some(code))
                        }
                        Some(Err(e)) => Err(e),
                        None => Ok(None),
                    }
                })
                .await;
                match waited {
                    Ok(Some(code)) => Ok(code),
                    Err(e) => Err(self.engine(&doing, e)),
                    Ok(None) => Err(ProvisionError::retryable(format!(
                        "{doing}: the container engine stopped answering"
                    ))),
                }
            };
            let limit = Duration::from_millis(self.config.configure_timeout_ms);
            let code = tokio::time::timeout(limit, wait).await.map_err(|_| {
                configuration::failed(
                    step,
                    &format!("did not finish within {} s", limit.as_secs()),
                )
            })??;
            if code == 0 {
                return Ok(());
            }
            let logs = self.tail(&name).await;
            Err(configuration::failed(
                step,
                &format!(
                    "failed (exit {code}): {}",
                    configuration::reason_from_output(&logs, &credentials.config_password)
                ),
            ))
        }
        .await;
        self.remove(&name).await?;
        outcome
    }

    /// The livelesson's checker container, made and started if it does not run: the
    /// configuration image on the management network, idle, with the lesson's files and the
    /// checks' variables.
    async fn ensure_checker(&self, env: &Environment) -> Result<String, ProvisionError> {
        let name = format!("{}-checker", self.prefix(&env.livelesson_id));
        match self.inspect(&name).await? {
            Some(c) if c.state.as_ref().and_then(|s| s.running) == Some(true) => return Ok(name),
            Some(_) => self.remove(&name).await?,
            None => {}
        }
        let image = self.images.configurator();
        self.ensure_image(&image, "checker").await?;
        let mut files = Self::read_files(env.files.as_ref()).await?;
        files.push((
            "run/antidote/check.env".to_owned(),
            super::objectives::environment_file(env, &|name| name.to_owned()),
        ));
        let body = ContainerCreateBody {
            image: Some(image),
            labels: Some(self.labels(env, "checker")),
            cmd: Some(vec![
                "/bin/sh".into(),
                "-c".into(),
                "trap 'exit 0' TERM; while :; do sleep 3600 & wait $!; done".into(),
            ]),
            host_config: Some(HostConfig {
                network_mode: Some(self.mgmt_network(&env.livelesson_id)),
                ..HostConfig::default()
            }),
            ..ContainerCreateBody::default()
        };
        let options = CreateContainerOptionsBuilder::new().name(&name).build();
        request(
            "create_container",
            Some(&name),
            self.docker.create_container(Some(options), body),
        )
        .await
        .map_err(|e| self.engine("creating the checker", e))?;
        self.upload(&name, tar_of(&files)?).await?;
        request(
            "start_container",
            Some(&name),
            self.docker.start_container(&name, None),
        )
        .await
        .map_err(|e| self.engine("starting the checker", e))?;
        Ok(name)
    }

    /// The last 20 lines a container printed (empty when they cannot be read).
    async fn tail(&self, name: &str) -> String {
        let options = LogsOptionsBuilder::new()
            .stdout(true)
            .stderr(true)
            .tail("20")
            .build();
        let logs = self
            .docker
            .logs(name, Some(options))
            .filter_map(|l| async move { l.ok().map(|l| l.to_string()) })
            .collect::<Vec<_>>()
            .map(|lines| Ok::<_, EngineError>(lines.concat()));
        request("logs", Some(name), logs).await.unwrap_or_default()
    }

    /// The lesson's files, read once per call, under `antidote/`.
    async fn read_files(files: &dyn LessonFiles) -> Result<Vec<(String, Vec<u8>)>, ProvisionError> {
        super::files::read_all(files, &format!("{}/", LESSON_DIR.trim_start_matches('/'))).await
    }
}

/// Runs `request`, one request to the container engine (`operation`, on `object` when it
/// names one: a container, network or image, or the livelesson whose objects are listed), in
/// an info-level `docker.request` span, the child of the current span (the backend call's),
/// and records how it ended: `outcome` (`ok`, `not_found` or `error`) and the engine's
/// `status_code` when it refused. A stream (a pull's progress, an exec's output, a wait,
/// logs) is consumed inside `request`, so its span lasts until its end. The span carries no
/// request body: credentials, environments and commands never reach it.
async fn request<T>(
    operation: &'static str,
    object: Option<&str>,
    request: impl Future<Output = Result<T, EngineError>>,
) -> Result<T, EngineError> {
    let span = tracing::info_span!(
        "docker.request",
        otel.name = %format_args!("docker {operation}"),
        otel.kind = "client",
        otel.status_code = tracing::field::Empty,
        operation,
        object,
        outcome = tracing::field::Empty,
        status_code = tracing::field::Empty,
    );
    let result = request.instrument(span.clone()).await;
    match &result {
        Ok(_) => {
            span.record("outcome", "ok");
        }
        Err(e) => {
            let status = match e {
                EngineError::DockerResponseServerError { status_code, .. } => Some(*status_code),
                _ => None,
            };
            if let Some(code) = status {
                span.record("status_code", code);
            }
            // A missing object is an answer callers expect (inspect before create, remove
            // what may be gone), not a failure.
            if status == Some(404) {
                span.record("outcome", "not_found");
            } else {
                span.record("outcome", "error");
                span.record("otel.status_code", "ERROR");
            }
        }
    }
    result
}

/// The script that names the link interfaces: its arguments are triples of MAC address,
/// interface name and address (`-`: none; `keep`: leave the addresses and routes). Every
/// interface is first moved to a temporary name, so that a name held by another is free.
const INTERFACES_SCRIPT: &str = r#"set -eu
command -v ip >/dev/null 2>&1 || exit 127
dev_of() { ip -o link | awk -v m="$1" 'index(tolower($0), "link/ether " m " ") { d = $2; sub(/:$/, "", d); sub(/@.*/, "", d); print d }'; }
args="$*"
gw=$(ip route show default | awk '{ print $3; exit }')
set -- $args; i=0
while [ $# -ge 3 ]; do
  d=$(dev_of "$1")
  [ -n "$d" ] || { echo "no interface has MAC address $1" >&2; exit 3; }
  if [ "$d" != "$2" ]; then ip link set dev "$d" down; ip link set dev "$d" name "adtmp$i"; fi
  i=$((i+1)); shift 3
done
set -- $args
while [ $# -ge 3 ]; do
  d=$(dev_of "$1")
  [ "$d" = "$2" ] || ip link set dev "$d" name "$2"
  [ "$3" = keep ] || ip addr flush dev "$2"
  [ "$3" = keep ] || [ "$3" = - ] || ip addr add "$3" dev "$2"
  ip link set dev "$2" up
  shift 3
done
if [ -n "$gw" ] && ! ip route show default | grep -q .; then ip route add default via "$gw" dev eth0; fi
"#;

/// The `n`th host address of `subnet` with its prefix (`10.12.0.0/24`, 1: `10.12.0.1/24`);
/// `None` without a subnet or when it has no such host.
pub(crate) fn nth_host(subnet: &str, n: u32) -> Option<String> {
    let (net, prefix) = subnet.split_once('/')?;
    let prefix: u32 = prefix.parse().ok()?;
    match net.parse::<IpAddr>().ok()? {
        IpAddr::V4(v4) if prefix <= 30 => {
            let host = u32::from(v4).checked_add(n)?;
            Some(format!("{}/{prefix}", std::net::Ipv4Addr::from(host)))
        }
        IpAddr::V6(v6) if prefix <= 126 => {
            let host = u128::from(v6).checked_add(u128::from(n))?;
            Some(format!("{}/{prefix}", std::net::Ipv6Addr::from(host)))
        }
        _ => None,
    }
}

impl Backend for DockerBackend {
    fn name(&self) -> &'static str {
        "docker"
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            provisions_endpoints: true,
            runs_checks: true,
            exposes_access: true,
        }
    }

    fn create<'a>(&'a self, env: &'a Environment) -> BoxFuture<'a, Result<(), ProvisionError>> {
        async move {
            let mut images: Vec<(String, &str)> = Vec::new();
            for e in &env.endpoints {
                let reference = self.images.reference(&e.image.slug);
                if !images.iter().any(|(r, _)| *r == reference) {
                    images.push((reference, &e.name));
                }
            }
            try_join_all(images.iter().map(|(r, e)| self.ensure_image(r, e))).await?;
            self.ensure_networks(env).await?;
            let files = tar_of(&Self::read_files(env.files.as_ref()).await?)?;
            try_join_all(
                env.endpoints
                    .iter()
                    .map(|e| self.ensure_endpoint(env, e, &files)),
            )
            .await?;
            Ok(())
        }
        .boxed()
    }

    fn endpoint_health<'a>(
        &'a self,
        env: &'a Environment,
    ) -> BoxFuture<'a, Result<Vec<EndpointStatus>, ProvisionError>> {
        async move { try_join_all(env.endpoints.iter().map(|e| self.health(env, e))).await }.boxed()
    }

    fn restart_endpoints<'a>(
        &'a self,
        env: &'a Environment,
        names: &'a [String],
    ) -> BoxFuture<'a, Result<(), ProvisionError>> {
        async move {
            let files = tar_of(&Self::read_files(env.files.as_ref()).await?)?;
            for e in env.endpoints.iter().filter(|e| names.contains(&e.name)) {
                self.remove(&self.container_name(&env.livelesson_id, &e.name))
                    .await?;
                self.ensure_endpoint(env, e, &files).await?;
            }
            Ok(())
        }
        .boxed()
    }

    fn configure<'a>(&'a self, env: &'a Environment) -> BoxFuture<'a, Result<(), ProvisionError>> {
        async move {
            // What an earlier stage left (a replica died mid-way) goes first.
            for c in self
                .containers(Some(&env.livelesson_id), Some("configuration"))
                .await?
            {
                if let Some(id) = c.id {
                    self.remove(&id).await?;
                }
            }
            let steps: Vec<Step> = env
                .endpoints
                .iter()
                .filter_map(|e| configuration::step(e, env.stage, env.files.as_ref()))
                .collect();
            if steps.is_empty() {
                return Ok(());
            }
            let files = Self::read_files(env.files.as_ref()).await?;
            try_join_all(steps.iter().map(|s| self.run_step(env, s, &files))).await?;
            Ok(())
        }
        .boxed()
    }

    fn teardown<'a>(&'a self, livelesson_id: &'a str) -> BoxFuture<'a, Result<(), ProvisionError>> {
        async move {
            // A few rounds: a create cut off mid-way (its replica died) may still be finishing
            // on the engine, so a container can appear on a network being removed.
            let mut last = None;
            for round in 1..=5u32 {
                let containers = self.containers(Some(livelesson_id), None).await?;
                try_join_all(
                    containers
                        .iter()
                        .filter_map(|c| c.id.as_deref())
                        .map(|id| self.remove(id)),
                )
                .await?;
                for n in self.networks(Some(livelesson_id)).await? {
                    let Some(name) = n.name else { continue };
                    match request(
                        "remove_network",
                        Some(&name),
                        self.docker.remove_network(&name),
                    )
                    .await
                    {
                        Ok(())
                        | Err(EngineError::DockerResponseServerError {
                            status_code: 404, ..
                        }) => {}
                        Err(e) => last = Some(self.engine(&format!("removing network {name}"), e)),
                    }
                }
                let left = self.containers(Some(livelesson_id), None).await?.len()
                    + self.networks(Some(livelesson_id)).await?.len();
                if left == 0 {
                    return Ok(());
                }
                tokio::time::sleep(Duration::from_millis(100) * round).await;
            }
            Err(last.unwrap_or_else(|| {
                ProvisionError::retryable(format!(
                    "containers or networks of livelesson {livelesson_id} are still there"
                ))
            }))
        }
        .boxed()
    }

    fn run_script<'a>(
        &'a self,
        env: &'a Environment,
        script: &'a str,
        limit: Duration,
    ) -> BoxFuture<'a, Result<super::objectives::ScriptRun, ProvisionError>> {
        async move {
            if !env.files.paths().iter().any(|p| p == script) {
                return Err(ProvisionError::permanent(format!(
                    "the lesson has no script {script}"
                )));
            }
            let checker = self.ensure_checker(env).await?;
            let line = format!(
                "set -a; . /run/antidote/check.env; set +a; cd {LESSON_DIR}; {}",
                super::objectives::command(script)
            );
            match tokio::time::timeout(limit, self.exec(&checker, &line, &[], false)).await {
                Ok(Ok((code, output))) => Ok(super::objectives::ScriptRun {
                    code: Some(code),
                    output,
                }),
                Ok(Err(e)) => Err(e),
                Err(_) => Ok(super::objectives::ScriptRun {
                    code: None,
                    output: String::new(),
                }),
            }
        }
        .boxed()
    }

    fn livelessons(&self) -> BoxFuture<'_, Result<Vec<String>, ProvisionError>> {
        async move {
            let mut ids = BTreeSet::new();
            for c in self.containers(None, None).await? {
                if let Some(id) = c.labels.and_then(|mut l| l.remove(LABEL_LIVELESSON)) {
                    ids.insert(id);
                }
            }
            for n in self.networks(None).await? {
                if let Some(id) = n.labels.and_then(|mut l| l.remove(LABEL_LIVELESSON)) {
                    ids.insert(id);
                }
            }
            Ok(ids.into_iter().collect())
        }
        .boxed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_a_subnet() {
        assert_eq!(nth_host("10.12.0.0/24", 1).as_deref(), Some("10.12.0.1/24"));
        assert_eq!(nth_host("10.12.0.0/24", 2).as_deref(), Some("10.12.0.2/24"));
        assert_eq!(nth_host("fd00::/64", 2).as_deref(), Some("fd00::2/64"));
        assert_eq!(nth_host("", 1), None);
        assert_eq!(nth_host("10.0.0.0/31", 1), None);
    }
}
