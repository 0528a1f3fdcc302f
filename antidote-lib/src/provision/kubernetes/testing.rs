//! A Kubernetes API server in memory for the backend's tests and benchmark (feature
//! `test-support`): kube's `tower_test` mock pair carries the client's requests to it, it
//! records each one (method, path, query, body) for the test to assert, and answers as the API
//! server would for what the backend uses: server-side apply, get, list and watch (label and
//! field selectors, resource versions), delete (namespaces terminate for a while and take
//! their content with them; a second delete while terminating is a 409), delete collection
//! (background propagation removes a Job's pods), pod logs and the server version.
//!
//! What a kubelet does is scripted per pod ([`PodPlan`]: Ready after a delay, never, an image
//! pull error, a crash loop, unschedulable) and per Job ([`JobPlan`]). Every answer can be
//! delayed by a fixed latency (the benchmark's L). The same server also listens on a port of
//! 127.0.0.1 ([`FakeCluster::listen`]: for a kubeconfig, and for exec and port-forward, which
//! are websocket upgrades that the mock transport cannot carry): execs answer as the test
//! scripts them, port-forwards connect to addresses the test names.

#![allow(
    clippy::missing_panics_doc,
    reason = "test support panics with a message on purpose"
)]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use futures_util::future::BoxFuture;
use futures_util::{FutureExt as _, StreamExt as _};
use http::{Request, Response, StatusCode};
use http_body_util::BodyExt as _;
use http_body_util::combinators::UnsyncBoxBody;
use serde_json::{Value, json};
use tokio::sync::broadcast;

use super::Prober;

/// What joins the values of a query parameter given more than once (in [`Recorded::query`]).
pub const REPEATED: char = '\u{1f}';

/// The body of the fake's answers.
pub type Body = UnsyncBoxBody<Bytes, std::io::Error>;

/// What the kubelet does with a pod.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PodPlan {
    /// Running and Ready after this long.
    Ready(Duration),
    /// Scheduled, never Ready.
    Never,
    /// Its image cannot be pulled: the registry's message.
    PullError(String),
    /// Its container keeps exiting.
    CrashLoop,
    /// No node can take it.
    Unschedulable,
}

/// What becomes of a Job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JobPlan {
    /// Complete after this long.
    Complete(Duration),
    /// Failed: the condition's reason and message, and what its pod printed.
    Failed {
        /// The condition's reason (`BackoffLimitExceeded`).
        reason: String,
        /// Its message.
        message: String,
        /// The pod's output.
        logs: String,
    },
    /// Never finishes, its pod unable to pull its image: the registry's message.
    PullError(String),
    /// Never finishes.
    Never,
}

/// One request the fake received.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// `GET`, `PATCH`, `DELETE`, ...
    pub method: String,
    /// The path (`/api/v1/namespaces/x/pods/y`).
    pub path: String,
    /// The query parameters (the values of one given more than once joined by [`REPEATED`]).
    pub query: BTreeMap<String, String>,
    /// The body, when it was JSON.
    pub body: Option<Value>,
}

impl Recorded {
    /// `METHOD path`, the way tests compare requests.
    pub fn line(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    /// Whether it is a watch.
    pub fn is_watch(&self) -> bool {
        self.query
            .get("watch")
            .is_some_and(|w| w == "true" || w == "1")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Key {
    /// `group/version/plural` (the core group is empty).
    collection: String,
    namespace: Option<String>,
    name: String,
}

#[derive(Debug, Clone)]
struct Event {
    rv: u64,
    kind: &'static str,
    key: Key,
    object: Value,
}

struct State {
    objects: BTreeMap<Key, Value>,
    history: Vec<Event>,
    requests: Vec<Recorded>,
    rv: u64,
    uid: u64,
    pod_plans: HashMap<String, PodPlan>,
    default_pod: PodPlan,
    job_plans: HashMap<String, JobPlan>,
    default_job: JobPlan,
    logs: HashMap<(String, String), String>,
    namespace_gone_after: Duration,
    unreachable: HashSet<String>,
    exec: Option<Arc<ExecHandler>>,
    forwards: HashMap<(String, u16), SocketAddr>,
    last_ready: Option<std::time::Instant>,
}

/// What an exec in a pod answers: given the pod and the command, its stdout, stderr and exit
/// code.
pub type ExecHandler = dyn Fn(&str, &[String]) -> (String, String, i32) + Send + Sync;

struct Inner {
    state: Mutex<State>,
    events: broadcast::Sender<Event>,
    latency: Mutex<Duration>,
}

/// An API server in memory. Cloning shares it.
#[derive(Clone)]
pub struct FakeCluster {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for FakeCluster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeCluster").finish_non_exhaustive()
    }
}

impl Default for FakeCluster {
    fn default() -> Self {
        FakeCluster::new()
    }
}

impl FakeCluster {
    /// An empty cluster whose pods are Ready at once, Jobs complete at once, and namespaces
    /// take 50 ms to go.
    pub fn new() -> FakeCluster {
        FakeCluster {
            inner: Arc::new(Inner {
                state: Mutex::new(State {
                    objects: BTreeMap::new(),
                    history: Vec::new(),
                    requests: Vec::new(),
                    rv: 1,
                    uid: 0,
                    pod_plans: HashMap::new(),
                    default_pod: PodPlan::Ready(Duration::ZERO),
                    job_plans: HashMap::new(),
                    default_job: JobPlan::Complete(Duration::ZERO),
                    logs: HashMap::new(),
                    namespace_gone_after: Duration::from_millis(50),
                    unreachable: HashSet::new(),
                    exec: None,
                    forwards: HashMap::new(),
                    last_ready: None,
                }),
                events: broadcast::channel(4096).0,
                latency: Mutex::new(Duration::ZERO),
            }),
        }
    }

    /// A client talking to this cluster through a `tower_test` mock pair.
    pub fn client(&self) -> kube::Client {
        let (mock, mut handle) =
            tower_test::mock::pair::<Request<kube::client::Body>, Response<Body>>();
        let this = self.clone();
        tokio::spawn(async move {
            while let Some((request, send)) = handle.next_request().await {
                let this = this.clone();
                tokio::spawn(async move {
                    let response = this.serve(request).await;
                    send.send_response(response);
                });
            }
        });
        // Through the production client's request spans.
        kube::client::ClientBuilder::new(mock, "default")
            .with_layer(&super::spans::RequestSpans)
            .build()
    }

    /// Answers every request after `latency`.
    pub fn set_latency(&self, latency: Duration) {
        *self.inner.latency.lock().unwrap() = latency;
    }

    /// What the kubelet does with pods named `pod` from now on.
    pub fn set_pod_plan(&self, pod: &str, plan: PodPlan) {
        self.state().pod_plans.insert(pod.to_owned(), plan);
    }

    /// What it does with other pods.
    pub fn set_default_pod_plan(&self, plan: PodPlan) {
        self.state().default_pod = plan;
    }

    /// What becomes of Jobs named `job`.
    pub fn set_job_plan(&self, job: &str, plan: JobPlan) {
        self.state().job_plans.insert(job.to_owned(), plan);
    }

    /// How long a deleted namespace takes to go.
    pub fn set_namespace_gone_after(&self, after: Duration) {
        self.state().namespace_gone_after = after;
    }

    /// Presentations of the service `service` (its name) do not answer probes.
    pub fn set_unreachable(&self, service: &str, unreachable: bool) {
        let mut s = self.state();
        if unreachable {
            s.unreachable.insert(service.to_owned());
        } else {
            s.unreachable.remove(service);
        }
    }

    /// Puts `object` in the cluster as it is (a secret of the secrets namespace, a namespace
    /// left by a crash...), with the path of its collection (`/api/v1/namespaces/prod/secrets`
    /// or `/api/v1/namespaces`).
    pub fn insert(&self, collection_path: &str, object: Value) {
        let mut object = object;
        let (collection, namespace) = parse_collection(collection_path).expect("a collection path");
        let name = object["metadata"]["name"]
            .as_str()
            .expect("a name")
            .to_owned();
        let key = Key {
            collection,
            namespace,
            name,
        };
        let mut s = self.state();
        stamp(&mut s, &mut object, true);
        s.objects.insert(key.clone(), object.clone());
        self.emit(&mut s, "ADDED", key.clone(), object);
        // A pod put there is the kubelet's to run, as one applied (unless it has a status).
        let plan =
            (key.collection == "/v1/pods" && s.objects[&key].get("status").is_none()).then(|| {
                s.pod_plans
                    .get(&key.name)
                    .cloned()
                    .unwrap_or_else(|| s.default_pod.clone())
            });
        drop(s);
        if let Some(plan) = plan {
            self.kubelet(key, plan);
        }
    }

    /// When the kubelet last made a pod Ready.
    pub fn last_ready_at(&self) -> Option<std::time::Instant> {
        self.state().last_ready
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.state().requests.clone()
    }

    /// Forgets the requests so far.
    pub fn clear_requests(&self) {
        self.state().requests.clear();
    }

    /// The object at `path` (`/api/v1/namespaces/x/pods/y`), if it exists.
    pub fn get(&self, path: &str) -> Option<Value> {
        let key = parse_object(path)?;
        self.state().objects.get(&key).cloned()
    }

    /// The paths of every object (`/api/v1/namespaces/x/pods/y`), sorted.
    pub fn paths(&self) -> Vec<String> {
        self.state().objects.keys().map(path_of).collect()
    }

    /// A prober that finds every presentation up, but those of services made unreachable.
    pub fn prober(&self) -> Arc<dyn Prober> {
        Arc::new(FakeProber {
            cluster: self.clone(),
        })
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.inner.state.lock().unwrap()
    }

    fn emit(&self, s: &mut State, kind: &'static str, key: Key, object: Value) {
        let event = Event {
            rv: s.rv,
            kind,
            key,
            object,
        };
        s.history.push(event.clone());
        let _ = self.inner.events.send(event);
    }

    async fn serve(&self, request: Request<kube::client::Body>) -> Response<Body> {
        let (parts, body) = request.into_parts();
        let bytes = body.collect_bytes().await.unwrap_or_default();
        let recorded = self.record(&parts.method, &parts.uri, &bytes);
        self.delay().await;
        self.answer(&recorded)
    }

    async fn delay(&self) {
        let latency = *self.inner.latency.lock().unwrap();
        if !latency.is_zero() {
            tokio::time::sleep(latency).await;
        }
    }

    fn record(&self, method: &http::Method, uri: &http::Uri, bytes: &[u8]) -> Recorded {
        let body: Option<Value> = serde_json::from_slice(bytes).ok();
        let mut query: BTreeMap<String, String> = BTreeMap::new();
        for p in uri
            .query()
            .unwrap_or_default()
            .split('&')
            .filter(|p| !p.is_empty())
        {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            // Repeated parameters (an exec's `command`) are kept joined by REPEATED.
            query
                .entry(k.to_owned())
                .and_modify(|old| {
                    old.push(REPEATED);
                    old.push_str(&decode(v));
                })
                .or_insert_with(|| decode(v));
        }
        let recorded = Recorded {
            method: method.to_string(),
            path: uri.path().to_owned(),
            query,
            body,
        };
        self.state().requests.push(recorded.clone());
        recorded
    }

    /// Answers execs in pods with `handler` (given the pod and the command).
    pub fn set_exec(
        &self,
        handler: impl Fn(&str, &[String]) -> (String, String, i32) + Send + Sync + 'static,
    ) {
        self.state().exec = Some(Arc::new(handler));
    }

    /// Port-forwards to `port` of pod `pod` connect to `to`.
    pub fn set_forward(&self, pod: &str, port: u16, to: SocketAddr) {
        self.state().forwards.insert((pod.to_owned(), port), to);
    }

    /// A kubeconfig whose context `context` (the current one) names the cluster at `url` (what
    /// [`FakeCluster::listen`] returned), without credentials.
    pub fn kubeconfig(url: &str, context: &str) -> String {
        format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: fake\n  cluster:\n    server: {url}\ncontexts:\n- name: {context}\n  context:\n    cluster: fake\n    user: nobody\n    namespace: default\ncurrent-context: {context}\nusers:\n- name: nobody\n  user: {{}}\n"
        )
    }

    /// Serves the API over HTTP on a free port of 127.0.0.1, with the websocket upgrades of
    /// exec and port-forward; returns its URL (`http://127.0.0.1:PORT`) for a kubeconfig.
    pub async fn listen(&self) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port");
        let url = format!("http://{}", listener.local_addr().expect("an address"));
        let this = self.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let this = this.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        let this = this.clone();
                        async move { Ok::<_, std::convert::Infallible>(this.http(request).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                        .with_upgrades()
                        .await;
                });
            }
        });
        url
    }

    async fn http(&self, mut request: Request<hyper::body::Incoming>) -> Response<Body> {
        let upgrade = request
            .headers()
            .get(http::header::UPGRADE)
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"websocket"));
        if upgrade {
            let recorded = self.record(request.method(), request.uri(), &[]);
            let key = request
                .headers()
                .get(http::header::SEC_WEBSOCKET_KEY)
                .map(|k| k.as_bytes().to_vec())
                .unwrap_or_default();
            let this = self.clone();
            let upgraded = hyper::upgrade::on(&mut request);
            tokio::spawn(async move {
                let Ok(io) = upgraded.await else { return };
                let ws = tokio_tungstenite::WebSocketStream::from_raw_socket(
                    hyper_util::rt::TokioIo::new(io),
                    tokio_tungstenite::tungstenite::protocol::Role::Server,
                    None,
                )
                .await;
                this.stream(recorded, ws).await;
            });
            return Response::builder()
                .status(StatusCode::SWITCHING_PROTOCOLS)
                .header(http::header::UPGRADE, "websocket")
                .header(http::header::CONNECTION, "Upgrade")
                .header(
                    http::header::SEC_WEBSOCKET_ACCEPT,
                    tokio_tungstenite::tungstenite::handshake::derive_accept_key(&key),
                )
                .header(http::header::SEC_WEBSOCKET_PROTOCOL, "v4.channel.k8s.io")
                .body(empty())
                .expect("a response");
        }
        let (parts, body) = request.into_parts();
        let bytes = body
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        let recorded = self.record(&parts.method, &parts.uri, &bytes);
        self.delay().await;
        self.answer(&recorded)
    }

    /// An exec or a port-forward over the websocket `ws` (the v4 channel protocol).
    async fn stream<S>(&self, r: Recorded, mut ws: tokio_tungstenite::WebSocketStream<S>)
    where
        S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
    {
        use futures_util::SinkExt as _;
        use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
        use tokio_tungstenite::tungstenite::Message;
        let Some((key, sub)) = parse_subresource(&r.path) else {
            return;
        };
        match sub.as_str() {
            "exec" => {
                let command: Vec<String> = r
                    .query
                    .get("command")
                    .map(|c| c.split(REPEATED).map(str::to_owned).collect())
                    .unwrap_or_default();
                let handler = self.state().exec.clone();
                let (out, err, code) = match handler {
                    Some(h) => h(&key.name, &command),
                    None => (
                        String::new(),
                        "exec is not scripted in this fake cluster".into(),
                        126,
                    ),
                };
                let frame = |ch: u8, bytes: &[u8]| {
                    let mut b = vec![ch];
                    b.extend_from_slice(bytes);
                    Message::binary(b)
                };
                if !out.is_empty() {
                    let _ = ws.send(frame(1, out.as_bytes())).await;
                }
                if !err.is_empty() {
                    let _ = ws.send(frame(2, err.as_bytes())).await;
                }
                let status = if code == 0 {
                    json!({"metadata": {}, "status": "Success"})
                } else {
                    json!({"metadata": {}, "status": "Failure", "reason": "NonZeroExitCode",
                           "message": format!("command terminated with non-zero exit code: error executing command, exit status {code}"),
                           "details": {"causes": [{"reason": "ExitCode", "message": code.to_string()}]}})
                };
                let _ = ws.send(frame(3, status.to_string().as_bytes())).await;
                let _ = ws.close(None).await;
            }
            "portforward" => {
                let port: u16 = r
                    .query
                    .get("ports")
                    .and_then(|p| p.parse().ok())
                    .unwrap_or(0);
                let target = self
                    .state()
                    .forwards
                    .get(&(key.name.clone(), port))
                    .copied();
                let [lo, hi] = port.to_le_bytes();
                let _ = ws.send(Message::binary(vec![0, lo, hi])).await;
                let _ = ws.send(Message::binary(vec![1, lo, hi])).await;
                let Some(target) = target else {
                    let _ = ws
                        .send(Message::binary(
                            [&[1u8][..], b"no forward for this port"].concat(),
                        ))
                        .await;
                    let _ = ws.close(None).await;
                    return;
                };
                let Ok(mut tcp) = tokio::net::TcpStream::connect(target).await else {
                    let _ = ws.close(None).await;
                    return;
                };
                let mut buf = vec![0u8; 16 * 1024];
                loop {
                    tokio::select! {
                        n = tcp.read(&mut buf) => match n {
                            Ok(0) | Err(_) => break,
                            Ok(n) => {
                                let mut b = vec![0u8];
                                b.extend_from_slice(&buf[..n]);
                                if ws.send(Message::binary(b)).await.is_err() {
                                    break;
                                }
                            }
                        },
                        m = ws.next() => match m {
                            Some(Ok(Message::Binary(b))) if b.len() > 1 && b[0] == 0 => {
                                if tcp.write_all(&b[1..]).await.is_err() {
                                    break;
                                }
                            }
                            Some(Ok(Message::Binary(_) | Message::Ping(_) | Message::Pong(_) | Message::Text(_) | Message::Frame(_))) => {}
                            Some(Ok(Message::Close(_)) | Err(_)) | None => break,
                        },
                    }
                }
                let _ = ws.close(None).await;
            }
            _ => {}
        }
    }

    fn answer(&self, r: &Recorded) -> Response<Body> {
        let path = r.path.as_str();
        if path == "/version" {
            return json_response(
                StatusCode::OK,
                &json!({"major": "1", "minor": "33", "gitVersion": "v1.33.0-fake"}),
            );
        }
        if let Some((key, sub)) = parse_subresource(path) {
            return match (r.method.as_str(), sub.as_str()) {
                ("GET", "log") => {
                    let logs = self
                        .state()
                        .logs
                        .get(&(key.namespace.clone().unwrap_or_default(), key.name.clone()))
                        .cloned()
                        .unwrap_or_default();
                    text_response(StatusCode::OK, logs)
                }
                _ => status(
                    StatusCode::BAD_REQUEST,
                    "BadRequest",
                    &format!(
                        "{sub} needs a connection upgrade, which this fake cluster does not do"
                    ),
                ),
            };
        }
        if let Some(key) = parse_object(path) {
            return match r.method.as_str() {
                "GET" => match self.state().objects.get(&key) {
                    Some(o) => json_response(StatusCode::OK, o),
                    None => not_found(&key),
                },
                "PATCH" => self.apply(key, r.body.clone().unwrap_or(Value::Null)),
                "DELETE" => self.delete(&key),
                _ => status(
                    StatusCode::METHOD_NOT_ALLOWED,
                    "MethodNotAllowed",
                    "not here",
                ),
            };
        }
        if let Some((collection, namespace)) = parse_collection(path) {
            let labels = r.query.get("labelSelector").cloned().unwrap_or_default();
            let fields = r.query.get("fieldSelector").cloned().unwrap_or_default();
            return match r.method.as_str() {
                "GET" if r.is_watch() => {
                    let since: u64 = r
                        .query
                        .get("resourceVersion")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(0);
                    self.watch(collection, namespace, labels, fields, since)
                }
                "GET" => {
                    let s = self.state();
                    let items: Vec<Value> = s
                        .objects
                        .iter()
                        .filter(|(k, o)| {
                            in_collection(k, &collection, namespace.as_deref())
                                && selected(o, &labels, &fields)
                        })
                        .map(|(_, o)| o.clone())
                        .collect();
                    json_response(
                        StatusCode::OK,
                        &json!({
                            "apiVersion": "v1",
                            "kind": "List",
                            "metadata": {"resourceVersion": s.rv.to_string()},
                            "items": items,
                        }),
                    )
                }
                "DELETE" => {
                    let keys: Vec<Key> = self
                        .state()
                        .objects
                        .iter()
                        .filter(|(k, o)| {
                            in_collection(k, &collection, namespace.as_deref())
                                && selected(o, &labels, "")
                        })
                        .map(|(k, _)| k.clone())
                        .collect();
                    for k in keys {
                        self.remove(&k);
                    }
                    json_response(
                        StatusCode::OK,
                        &json!({"kind": "Status", "apiVersion": "v1", "status": "Success"}),
                    )
                }
                _ => status(
                    StatusCode::METHOD_NOT_ALLOWED,
                    "MethodNotAllowed",
                    "not here",
                ),
            };
        }
        status(
            StatusCode::NOT_FOUND,
            "NotFound",
            &format!("the server could not find the requested resource {path}"),
        )
    }

    fn apply(&self, key: Key, mut object: Value) -> Response<Body> {
        let mut s = self.state();
        if let Some(ns) = &key.namespace {
            let ns_key = namespace_key(ns);
            match s.objects.get(&ns_key) {
                None => return not_found(&ns_key),
                Some(n) if n["metadata"]["deletionTimestamp"].is_string() => {
                    return status(
                        StatusCode::FORBIDDEN,
                        "Forbidden",
                        &format!(
                            "{} \"{}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated",
                            key.collection, key.name
                        ),
                    );
                }
                Some(_) => {}
            }
        }
        let existing = s.objects.get(&key).cloned();
        let created = existing.is_none();
        if let Some(old) = &existing {
            for keep in ["uid", "creationTimestamp", "deletionTimestamp"] {
                if let Some(v) = old["metadata"].get(keep) {
                    object["metadata"][keep] = v.clone();
                }
            }
            if let Some(st) = old.get("status") {
                object["status"] = st.clone();
            }
            if let Some(ip) = old["spec"].get("clusterIP") {
                object["spec"]["clusterIP"] = ip.clone();
            }
        }
        stamp(&mut s, &mut object, created);
        if key.collection == "/v1/services" && object["spec"]["clusterIP"].is_null() {
            let n = s.uid;
            object["spec"]["clusterIP"] = json!(format!("10.96.{}.{}", n / 250, n % 250 + 1));
        }
        if key.collection == "/v1/namespaces" && created {
            object["status"] = json!({"phase": "Active"});
        }
        if key.collection == "/v1/pods" && created {
            object["status"] = json!({"phase": "Pending"});
        }
        s.objects.insert(key.clone(), object.clone());
        self.emit(
            &mut s,
            if created { "ADDED" } else { "MODIFIED" },
            key.clone(),
            object.clone(),
        );
        let plan_pod = (key.collection == "/v1/pods" && created).then(|| {
            s.pod_plans
                .get(&key.name)
                .cloned()
                .unwrap_or_else(|| s.default_pod.clone())
        });
        let plan_job = (key.collection == "batch/v1/jobs" && created).then(|| {
            s.job_plans
                .get(&key.name)
                .cloned()
                .unwrap_or_else(|| s.default_job.clone())
        });
        drop(s);
        if let Some(plan) = plan_pod {
            self.kubelet(key.clone(), plan);
        }
        if let Some(plan) = plan_job {
            self.job_controller(key, plan);
        }
        json_response(
            if created {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            },
            &object,
        )
    }

    /// Sets the status of the object at `key` (if it is still there, the same object).
    fn set_status(&self, key: &Key, uid: &Value, status: Value) {
        let mut s = self.state();
        let Some(object) = s.objects.get_mut(key) else {
            return;
        };
        if &object["metadata"]["uid"] != uid {
            return;
        }
        let ready = status["conditions"].as_array().is_some_and(|c| {
            c.iter()
                .any(|c| c["type"] == "Ready" && c["status"] == "True")
        });
        object["status"] = status;
        let mut object = object.clone();
        if ready {
            s.last_ready = Some(std::time::Instant::now());
        }
        s.rv += 1;
        object["metadata"]["resourceVersion"] = json!(s.rv.to_string());
        s.objects.insert(key.clone(), object.clone());
        self.emit(&mut s, "MODIFIED", key.clone(), object);
    }

    fn kubelet(&self, key: Key, plan: PodPlan) {
        let this = self.clone();
        let object = self.state().objects.get(&key).cloned().unwrap_or_default();
        let uid = object["metadata"]["uid"].clone();
        let container = object["spec"]["containers"][0].clone();
        let name = container["name"].clone();
        let image = container["image"].clone();
        let scheduled = json!({"type": "PodScheduled", "status": "True"});
        tokio::spawn(async move {
            let status = match plan {
                PodPlan::Ready(after) => {
                    tokio::time::sleep(after).await;
                    json!({
                        "phase": "Running",
                        "conditions": [scheduled, {"type": "Ready", "status": "True"}],
                        "containerStatuses": [{"name": name, "image": image, "imageID": "", "ready": true, "restartCount": 0, "state": {"running": {}}}],
                    })
                }
                PodPlan::Never => json!({"phase": "Pending", "conditions": [scheduled]}),
                PodPlan::PullError(message) => json!({
                    "phase": "Pending",
                    "conditions": [scheduled],
                    "containerStatuses": [{"name": name, "image": image, "imageID": "", "ready": false, "restartCount": 0, "state": {"waiting": {"reason": "ErrImagePull", "message": message}}}],
                }),
                PodPlan::CrashLoop => json!({
                    "phase": "Running",
                    "conditions": [scheduled],
                    "containerStatuses": [{"name": name, "image": image, "imageID": "", "ready": false, "restartCount": 3,
                        "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 40s restarting failed container"}},
                        "lastState": {"terminated": {"exitCode": 1, "reason": "Error"}}}],
                }),
                PodPlan::Unschedulable => json!({
                    "phase": "Pending",
                    "conditions": [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable", "message": "0/1 nodes are available: 1 Insufficient memory."}],
                }),
            };
            this.set_status(&key, &uid, status);
        });
    }

    fn job_controller(&self, key: Key, plan: JobPlan) {
        let this = self.clone();
        let uid = self
            .state()
            .objects
            .get(&key)
            .map(|o| o["metadata"]["uid"].clone())
            .unwrap_or_default();
        tokio::spawn(async move {
            let status = match plan {
                JobPlan::Complete(after) => {
                    tokio::time::sleep(after).await;
                    json!({"succeeded": 1, "conditions": [{"type": "Complete", "status": "True"}]})
                }
                JobPlan::Failed {
                    reason,
                    message,
                    logs,
                } => {
                    let ns = key.namespace.clone().unwrap_or_default();
                    let pod = format!("{}-x1z2", key.name);
                    this.insert(
                        &format!("/api/v1/namespaces/{ns}/pods"),
                        json!({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": pod, "namespace": ns, "labels": {"job-name": key.name}}, "status": {"phase": "Failed"}}),
                    );
                    this.state().logs.insert((ns, pod), logs);
                    json!({"failed": 4, "conditions": [{"type": "Failed", "status": "True", "reason": reason, "message": message}]})
                }
                JobPlan::PullError(message) => {
                    let ns = key.namespace.clone().unwrap_or_default();
                    let job = this.state().objects.get(&key).cloned().unwrap_or_default();
                    let mut labels = job["spec"]["template"]["metadata"]["labels"].clone();
                    labels["job-name"] = json!(key.name);
                    let container = &job["spec"]["template"]["spec"]["containers"][0];
                    this.insert(
                        &format!("/api/v1/namespaces/{ns}/pods"),
                        json!({"apiVersion": "v1", "kind": "Pod",
                               "metadata": {"name": format!("{}-p4x2", key.name), "namespace": ns, "labels": labels},
                               "status": {"phase": "Pending", "containerStatuses": [{
                                   "name": container["name"], "image": container["image"], "imageID": "", "ready": false, "restartCount": 0,
                                   "state": {"waiting": {"reason": "ErrImagePull", "message": message}}}]}}),
                    );
                    return;
                }
                JobPlan::Never => return,
            };
            this.set_status(&key, &uid, status);
        });
    }

    fn delete(&self, key: &Key) -> Response<Body> {
        let mut s = self.state();
        let Some(object) = s.objects.get(key).cloned() else {
            return not_found(key);
        };
        if key.collection == "/v1/namespaces" {
            if object["metadata"]["deletionTimestamp"].is_string() {
                return status(
                    StatusCode::CONFLICT,
                    "Conflict",
                    &format!(
                        "Operation cannot be fulfilled on namespaces \"{}\": The system is ensuring all content is removed from this namespace.",
                        key.name
                    ),
                );
            }
            let mut terminating = object.clone();
            terminating["metadata"]["deletionTimestamp"] = json!("2026-12-06T00:00:00Z");
            terminating["status"] = json!({"phase": "Terminating"});
            s.rv += 1;
            terminating["metadata"]["resourceVersion"] = json!(s.rv.to_string());
            s.objects.insert(key.clone(), terminating.clone());
            self.emit(&mut s, "MODIFIED", key.clone(), terminating.clone());
            let after = s.namespace_gone_after;
            drop(s);
            let this = self.clone();
            let key = key.clone();
            tokio::spawn(async move {
                tokio::time::sleep(after).await;
                let inside: Vec<Key> = this
                    .state()
                    .objects
                    .keys()
                    .filter(|k| k.namespace.as_deref() == Some(key.name.as_str()))
                    .cloned()
                    .collect();
                for k in inside {
                    this.remove(&k);
                }
                this.remove(&key);
            });
            return json_response(StatusCode::OK, &terminating);
        }
        drop(s);
        self.remove(key);
        json_response(StatusCode::OK, &object)
    }

    fn remove(&self, key: &Key) {
        let mut s = self.state();
        let Some(mut object) = s.objects.remove(key) else {
            return;
        };
        s.rv += 1;
        object["metadata"]["resourceVersion"] = json!(s.rv.to_string());
        let job = (key.collection == "batch/v1/jobs").then(|| key.name.clone());
        self.emit(&mut s, "DELETED", key.clone(), object);
        drop(s);
        // Background propagation: a Job's pods go with it.
        if let Some(job) = job {
            let pods: Vec<Key> = self
                .state()
                .objects
                .iter()
                .filter(|(k, o)| {
                    k.collection == "/v1/pods"
                        && k.namespace == key.namespace
                        && o["metadata"]["labels"]["job-name"] == json!(job)
                })
                .map(|(k, _)| k.clone())
                .collect();
            for p in pods {
                self.remove(&p);
            }
        }
    }

    fn watch(
        &self,
        collection: String,
        namespace: Option<String>,
        labels: String,
        fields: String,
        since: u64,
    ) -> Response<Body> {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<Bytes>();
        let line = |e: &Event| {
            let mut text = serde_json::to_vec(&json!({"type": e.kind, "object": e.object}))
                .unwrap_or_default();
            text.push(b'\n');
            Bytes::from(text)
        };
        let matches = move |e: &Event| {
            in_collection(&e.key, &collection, namespace.as_deref())
                && selected(&e.object, &labels, &fields)
        };
        {
            let s = self.state();
            let mut live = self.inner.events.subscribe();
            for e in s.history.iter().filter(|e| e.rv > since && matches(e)) {
                let _ = tx.send(line(e));
            }
            drop(s);
            tokio::spawn(async move {
                loop {
                    match live.recv().await {
                        Ok(e) if e.rv > since && matches(&e) => {
                            if tx.send(line(&e)).is_err() {
                                break;
                            }
                        }
                        Ok(_) => {}
                        Err(broadcast::error::RecvError::Lagged(_)) => {}
                        Err(broadcast::error::RecvError::Closed) => break,
                    }
                }
            });
        }
        let stream =
            tokio_stream_from(rx).map(|b| Ok::<_, std::io::Error>(http_body::Frame::data(b)));
        let body = http_body_util::StreamBody::new(stream);
        Response::builder()
            .status(StatusCode::OK)
            .header("content-type", "application/json")
            .body(body.boxed_unsync())
            .expect("a response")
    }
}

/// The receiver as a stream.
fn tokio_stream_from(
    mut rx: tokio::sync::mpsc::UnboundedReceiver<Bytes>,
) -> impl futures_util::Stream<Item = Bytes> {
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

fn stamp(s: &mut State, object: &mut Value, created: bool) {
    s.rv += 1;
    if created {
        s.uid += 1;
        object["metadata"]["uid"] = json!(format!("uid-{}", s.uid));
        object["metadata"]["creationTimestamp"] = json!("2026-12-06T00:00:00Z");
    }
    object["metadata"]["resourceVersion"] = json!(s.rv.to_string());
}

fn namespace_key(ns: &str) -> Key {
    Key {
        collection: "/v1/namespaces".into(),
        namespace: None,
        name: ns.to_owned(),
    }
}

fn decode(v: &str) -> String {
    let bytes = v.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex =
                    std::str::from_utf8(&bytes[i + 1..(i + 3).min(bytes.len())]).unwrap_or("");
                if let Ok(b) = u8::from_str_radix(hex, 16) {
                    out.push(b);
                    i += 3;
                    continue;
                }
                out.push(b'%');
            }
            b'+' => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `(group/version, rest of the segments)` of an API path.
fn split_api(path: &str) -> Option<(String, Vec<&str>)> {
    let segs: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match segs.as_slice() {
        ["api", version, rest @ ..] => Some((format!("/{version}"), rest.to_vec())),
        ["apis", group, version, rest @ ..] => Some((format!("{group}/{version}"), rest.to_vec())),
        _ => None,
    }
}

fn parse_collection(path: &str) -> Option<(String, Option<String>)> {
    let (gv, rest) = split_api(path)?;
    match rest.as_slice() {
        [plural] => Some((format!("{gv}/{plural}"), None)),
        ["namespaces", ns, plural] => Some((format!("{gv}/{plural}"), Some((*ns).to_owned()))),
        _ => None,
    }
}

fn parse_object(path: &str) -> Option<Key> {
    let (gv, rest) = split_api(path)?;
    match rest.as_slice() {
        [plural, name] => Some(Key {
            collection: format!("{gv}/{plural}"),
            namespace: None,
            name: (*name).to_owned(),
        }),
        ["namespaces", ns, plural, name] => Some(Key {
            collection: format!("{gv}/{plural}"),
            namespace: Some((*ns).to_owned()),
            name: (*name).to_owned(),
        }),
        _ => None,
    }
}

fn parse_subresource(path: &str) -> Option<(Key, String)> {
    let (gv, rest) = split_api(path)?;
    match rest.as_slice() {
        ["namespaces", ns, plural, name, sub] => Some((
            Key {
                collection: format!("{gv}/{plural}"),
                namespace: Some((*ns).to_owned()),
                name: (*name).to_owned(),
            },
            (*sub).to_owned(),
        )),
        _ => None,
    }
}

fn path_of(k: &Key) -> String {
    let (gv, plural) = k.collection.rsplit_once('/').unwrap_or(("", ""));
    let base = if gv.starts_with('/') {
        format!("/api{gv}")
    } else {
        format!("/apis/{gv}")
    };
    match &k.namespace {
        Some(ns) => format!("{base}/namespaces/{ns}/{plural}/{}", k.name),
        None => format!("{base}/{plural}/{}", k.name),
    }
}

fn in_collection(k: &Key, collection: &str, namespace: Option<&str>) -> bool {
    k.collection == collection && (namespace.is_none() || k.namespace.as_deref() == namespace)
}

/// Whether `object` matches the label selector (`a=b,c!=d,e in (x,y),f notin (z),g,!h`) and
/// the field selector (`metadata.name=x`, `metadata.namespace=y`).
fn selected(object: &Value, labels: &str, fields: &str) -> bool {
    let label = |k: &str| object["metadata"]["labels"][k].as_str().map(str::to_owned);
    let terms = split_terms(labels);
    let labels_ok = terms.iter().all(|t| {
        let t = t.trim();
        if t.is_empty() {
            return true;
        }
        if let Some((k, v)) = t.split_once("!=") {
            return label(k.trim()).as_deref() != Some(v.trim());
        }
        if let Some((k, v)) = t.split_once("==").or_else(|| t.split_once('=')) {
            return label(k.trim()).as_deref() == Some(v.trim());
        }
        for (op, negate) in [(" notin ", true), (" in ", false)] {
            if let Some((k, set)) = t.split_once(op) {
                let values: Vec<&str> = set
                    .trim()
                    .trim_start_matches('(')
                    .trim_end_matches(')')
                    .split(',')
                    .map(str::trim)
                    .collect();
                let has = label(k.trim()).is_some_and(|v| values.contains(&v.as_str()));
                return has != negate;
            }
        }
        if let Some(k) = t.strip_prefix('!') {
            return label(k.trim()).is_none();
        }
        label(t).is_some()
    });
    let fields_ok = fields.split(',').filter(|f| !f.is_empty()).all(|f| {
        let Some((k, v)) = f.split_once('=') else {
            return true;
        };
        let k = k.trim_end_matches('=');
        match k {
            "metadata.name" => object["metadata"]["name"].as_str() == Some(v),
            "metadata.namespace" => object["metadata"]["namespace"].as_str() == Some(v),
            _ => true,
        }
    });
    labels_ok && fields_ok
}

/// The terms of a selector: commas split them, but not inside parentheses.
fn split_terms(selector: &str) -> Vec<String> {
    let mut terms = vec![String::new()];
    let mut depth = 0;
    for c in selector.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                terms.push(String::new());
                continue;
            }
            _ => {}
        }
        terms.last_mut().expect("one term").push(c);
    }
    terms
}

fn json_response(code: StatusCode, value: &Value) -> Response<Body> {
    Response::builder()
        .status(code)
        .header("content-type", "application/json")
        .body(
            http_body_util::Full::new(Bytes::from(serde_json::to_vec(value).unwrap_or_default()))
                .map_err(|never| match never {})
                .boxed_unsync(),
        )
        .expect("a response")
}

fn empty() -> Body {
    http_body_util::Empty::new()
        .map_err(|never| match never {})
        .boxed_unsync()
}

fn text_response(code: StatusCode, text: String) -> Response<Body> {
    Response::builder()
        .status(code)
        .header("content-type", "text/plain")
        .body(
            http_body_util::Full::new(Bytes::from(text))
                .map_err(|never| match never {})
                .boxed_unsync(),
        )
        .expect("a response")
}

fn status(code: StatusCode, reason: &str, message: &str) -> Response<Body> {
    json_response(
        code,
        &json!({"kind": "Status", "apiVersion": "v1", "status": "Failure", "message": message, "reason": reason, "code": code.as_u16()}),
    )
}

fn not_found(key: &Key) -> Response<Body> {
    let plural = key.collection.rsplit('/').next().unwrap_or_default();
    status(
        StatusCode::NOT_FOUND,
        "NotFound",
        &format!("{plural} \"{}\" not found", key.name),
    )
}

#[derive(Debug)]
struct FakeProber {
    cluster: FakeCluster,
}

impl Prober for FakeProber {
    fn probe(&self, at: SocketAddr, _ssh: bool) -> BoxFuture<'_, bool> {
        let s = self.cluster.state();
        let ip = at.ip().to_string();
        let service = s
            .objects
            .iter()
            .find(|(k, o)| {
                k.collection == "/v1/services"
                    && o["spec"]["clusterIP"].as_str() == Some(ip.as_str())
            })
            .map(|(k, _)| k.name.clone());
        let up = service.is_some_and(|name| !s.unreachable.contains(&name));
        std::future::ready(up).boxed()
    }
}
