//! Observability of the services as real processes: the Prometheus output of every service
//! after a known sequence, the stats service's InfluxDB lines on a socket the test opens, JSON
//! log lines carrying ids and the trace id, no secret anywhere (logs, spans, metrics), and one
//! trace per learner request across `antidote api` and `antidote scheduler`, collected by an
//! OTLP receiver in the test (gRPC over tonic, and HTTP/protobuf); on the Docker backend, the
//! engine's requests in that trace, and the checker's checks (with their engine requests and
//! the ObjectiveComplete they publish) in the trace of the request that created the
//! livelesson or changed its stage.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use antidote_lib::provision::testing::TestEngine;
use antidote_lib::store::state::Status;
use opentelemetry_proto::tonic::collector::trace::v1::trace_service_server::{
    TraceService, TraceServiceServer,
};
use opentelemetry_proto::tonic::collector::trace::v1::{
    ExportTraceServiceRequest, ExportTraceServiceResponse,
};
use opentelemetry_proto::tonic::common::v1::any_value::Value as AnyValue;
use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _, BufReader};

use crate::cluster::{Cluster, ViaApi};

/// One sample of Prometheus text: name, labels, value.
#[derive(Debug, Clone)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

/// Parses Prometheus (OpenMetrics) text; panics on a line that is neither a comment nor a
/// sample.
fn parse(text: &str) -> Vec<Sample> {
    let mut out = Vec::new();
    for line in text.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (series, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("{line}"));
        let value: f64 = value.parse().unwrap_or_else(|_| panic!("{line}"));
        let (name, labels) = match series.split_once('{') {
            Some((name, rest)) => {
                let rest = rest.strip_suffix('}').unwrap_or_else(|| panic!("{line}"));
                let mut labels = BTreeMap::new();
                let mut rest = rest;
                while !rest.is_empty() {
                    let (k, after) = rest.split_once("=\"").unwrap_or_else(|| panic!("{line}"));
                    let end = after.find('"').unwrap_or_else(|| panic!("{line}"));
                    labels.insert(k.to_owned(), after[..end].to_owned());
                    rest = after[end + 1..].trim_start_matches(',');
                }
                (name, labels)
            }
            None => (series, BTreeMap::new()),
        };
        out.push(Sample {
            name: name.to_owned(),
            labels,
            value,
        });
    }
    out
}

/// The sum of the samples `name` whose labels include `labels`.
fn sum(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> f64 {
    samples
        .iter()
        .filter(|s| s.name == name)
        .filter(|s| {
            labels
                .iter()
                .all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
        })
        .map(|s| s.value)
        .sum()
}

async fn scrape(http: &reqwest::Client, url: &str) -> String {
    let r = http.get(url).send().await.unwrap();
    assert!(r.status().is_success(), "{url}: {}", r.status());
    let ct = r.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(ct.starts_with("application/openmetrics-text"), "{ct}");
    let text = r.text().await.unwrap();
    assert!(text.ends_with("# EOF\n"), "{text}");
    text
}

/// A socket the test opens that answers InfluxDB writes (HTTP POST) with 204 and keeps every
/// line received.
async fn influx_sink() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let lines = Arc::new(Mutex::new(Vec::new()));
    let out = Arc::clone(&lines);
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let out = Arc::clone(&out);
            tokio::spawn(async move {
                let mut r = BufReader::new(socket);
                loop {
                    let mut length = 0usize;
                    let mut first = true;
                    loop {
                        let mut header = String::new();
                        if r.read_line(&mut header).await.unwrap_or(0) == 0 {
                            return;
                        }
                        if first {
                            assert!(header.starts_with("POST /write?db=antidote "), "{header}");
                            first = false;
                        }
                        if header == "\r\n" {
                            break;
                        }
                        if let Some((k, v)) = header.split_once(':')
                            && k.eq_ignore_ascii_case("content-length")
                        {
                            length = v.trim().parse().unwrap();
                        }
                    }
                    let mut body = vec![0; length];
                    r.read_exact(&mut body).await.unwrap();
                    let body = String::from_utf8(body).unwrap();
                    out.lock().unwrap().extend(body.lines().map(str::to_owned));
                    r.get_mut()
                        .write_all(b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n")
                        .await
                        .unwrap();
                }
            });
        }
    });
    (format!("http://{addr}/write?db=antidote"), lines)
}

/// A span as the receiver got it.
#[derive(Debug, Clone)]
struct Span {
    service: String,
    name: String,
    trace_id: Vec<u8>,
    span_id: Vec<u8>,
    parent: Vec<u8>,
    attributes: BTreeMap<String, String>,
    events: Vec<(String, BTreeMap<String, String>)>,
}

type Spans = Arc<Mutex<Vec<Span>>>;

fn text_of(v: &Option<opentelemetry_proto::tonic::common::v1::AnyValue>) -> String {
    match v.as_ref().and_then(|v| v.value.as_ref()) {
        Some(AnyValue::StringValue(s)) => s.clone(),
        Some(AnyValue::IntValue(i)) => i.to_string(),
        Some(AnyValue::BoolValue(b)) => b.to_string(),
        Some(AnyValue::DoubleValue(d)) => d.to_string(),
        other => format!("{other:?}"),
    }
}

fn collect(spans: &Spans, request: ExportTraceServiceRequest) {
    let mut out = spans.lock().unwrap();
    for rs in request.resource_spans {
        let service = rs
            .resource
            .iter()
            .flat_map(|r| &r.attributes)
            .find(|a| a.key == "service.name")
            .map(|a| text_of(&a.value))
            .unwrap_or_default();
        for ss in rs.scope_spans {
            for s in ss.spans {
                out.push(Span {
                    service: service.clone(),
                    name: s.name,
                    trace_id: s.trace_id,
                    span_id: s.span_id,
                    parent: s.parent_span_id,
                    attributes: s
                        .attributes
                        .iter()
                        .map(|a| (a.key.clone(), text_of(&a.value)))
                        .collect(),
                    events: s
                        .events
                        .iter()
                        .map(|e| {
                            (
                                e.name.clone(),
                                e.attributes
                                    .iter()
                                    .map(|a| (a.key.clone(), text_of(&a.value)))
                                    .collect(),
                            )
                        })
                        .collect(),
                });
            }
        }
    }
}

struct Receiver(Spans);

#[tonic::async_trait]
impl TraceService for Receiver {
    async fn export(
        &self,
        request: tonic::Request<ExportTraceServiceRequest>,
    ) -> Result<tonic::Response<ExportTraceServiceResponse>, tonic::Status> {
        collect(&self.0, request.into_inner());
        Ok(tonic::Response::new(ExportTraceServiceResponse {
            partial_success: None,
        }))
    }
}

/// An OTLP receiver in the test: gRPC (tonic) on one port, HTTP/protobuf (`/v1/traces`) on
/// another; every span either receives lands in the same list.
async fn otlp_receiver() -> (SocketAddr, SocketAddr, Spans) {
    let spans: Spans = Arc::default();
    let grpc = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let grpc_addr = grpc.local_addr().unwrap();
    let service = TraceServiceServer::new(Receiver(Arc::clone(&spans)));
    tokio::spawn(async move {
        tonic::transport::Server::builder()
            .add_service(service)
            .serve_with_incoming(tokio_stream_of(grpc))
            .await
            .unwrap();
    });
    let http = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let http_addr = http.local_addr().unwrap();
    let sink = Arc::clone(&spans);
    let app = axum::Router::new().route(
        "/v1/traces",
        axum::routing::post(move |body: axum::body::Bytes| {
            let sink = Arc::clone(&sink);
            async move {
                use prost::Message as _;
                let request = ExportTraceServiceRequest::decode(body).unwrap();
                collect(&sink, request);
                let mut out = Vec::new();
                ExportTraceServiceResponse {
                    partial_success: None,
                }
                .encode(&mut out)
                .unwrap();
                ([("content-type", "application/x-protobuf")], out)
            }
        }),
    );
    tokio::spawn(async move { axum::serve(http, app).await.unwrap() });
    (grpc_addr, http_addr, spans)
}

fn tokio_stream_of(
    listener: tokio::net::TcpListener,
) -> impl futures_util::Stream<Item = std::io::Result<tokio::net::TcpStream>> {
    futures_util::stream::unfold(listener, |l| async move {
        let next = l.accept().await.map(|(s, _)| s);
        Some((next, l))
    })
}

async fn wait_until(what: &str, within: Duration, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + within;
    while !check() {
        assert!(Instant::now() < deadline, "{what} within {within:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every metric name the dashboard of docs/ queries.
fn dashboard_metrics() -> std::collections::BTreeSet<String> {
    let path = crate::support::repo().join("docs/grafana-dashboard.json");
    let dashboard: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut names = std::collections::BTreeSet::new();
    for panel in dashboard["panels"].as_array().unwrap() {
        for target in panel["targets"].as_array().unwrap() {
            let expr = target["expr"].as_str().unwrap();
            let mut rest = expr;
            while let Some(at) = rest.find("antidote_") {
                let name: String = rest[at..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                rest = &rest[at + name.len()..];
                names.insert(name);
            }
        }
    }
    names
}

#[test]
fn the_dashboard_shows_starts_failures_start_times_livelessons_and_objectives() {
    let names = dashboard_metrics();
    for needed in [
        "antidote_stats_events_total",
        "antidote_livelesson_failures_total",
        "antidote_livelesson_start_duration_seconds_bucket",
        "antidote_livelessons",
        "antidote_stats_objectives_completed_total",
    ] {
        assert!(names.contains(needed), "{needed} in {names:?}");
    }
}

const ADMIN_TOKEN: &str = "admin-token-0123456789-known";
const FILES_KEY: &str = "files-key-0123456789abcdef0123456789-known";
/// The examples' images' SSH and configuration password.
const IMAGE_PASSWORD: &str = "antidotepassword";

/// Runs `command` over SSH on the first endpoint of livelesson `id`, at the port the API gives.
async fn ssh_into_first_endpoint(http: &reqwest::Client, base: &str, id: &str, command: &str) {
    let l: serde_json::Value = http
        .get(format!("{base}/api/v1/livelessons/{id}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let port = l["endpoints"][0]["access"][0]["port"].as_u64().unwrap();
    antidote_lib::provision::testing::ssh(
        u16::try_from(port).unwrap(),
        "antidote",
        IMAGE_PASSWORD,
        command,
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_service_measures_a_known_sequence_and_no_secret_leaves() {
    let engine = TestEngine::shared();
    let (influx_url, influx) = influx_sink().await;
    let (grpc, _, spans) = otlp_receiver().await;
    let extra = format!(
        "tier: local\nbackend: docker\ndocker:\n  host: {}\n  pull: false\n  probe_timeout_ms: 1000\nimages:\n  overrides: [\"linux-shell={}\"]\n  configurator: {}\nchecker:\n  interval_ms: 200\n  max_interval_ms: 400\n  lease_ms: 1500\ngc:\n  interval_ms: 500\nstats:\n  refresh_ms: 200\n  influx_url: {influx_url}\n  influx_interval_ms: 200\nkubernetes:\n  files_key: {FILES_KEY}\ntelemetry:\n  log_format: json\n  otlp_endpoint: http://{grpc}\n",
        engine.host, engine.image, engine.image
    );
    // An instance of its own: other tests' schedulers sweep orphans of theirs.
    let mut cluster = Cluster::with_instance(0, &extra, "telemetry").await;
    let nats_password = cluster._nats.password.clone();
    let ports: BTreeMap<&str, u16> = ["scheduler", "checker", "gc", "stats"]
        .into_iter()
        .map(|s| (s, antidote_lib::comms::testing::free_port()))
        .collect();
    let listen = |s: &str| format!("127.0.0.1:{}", ports[s]);
    let grpc_protocol = ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
    let _scheduler = cluster.start_with(
        "scheduler",
        "scheduler started",
        &[
            ("ANTIDOTE_METRICS_LISTEN", &listen("scheduler")),
            grpc_protocol,
        ],
    );
    let _checker = cluster.start_with(
        "checker",
        "checker started",
        &[
            ("ANTIDOTE_METRICS_LISTEN", &listen("checker")),
            grpc_protocol,
        ],
    );
    let _gc = cluster.start_with(
        "gc",
        "gc started",
        &[("ANTIDOTE_METRICS_LISTEN", &listen("gc")), grpc_protocol],
    );
    let _stats = cluster.start_with(
        "stats",
        "stats started",
        &[("ANTIDOTE_METRICS_LISTEN", &listen("stats")), grpc_protocol],
    );
    let (_api, base) =
        cluster.start_api_with(&[("ANTIDOTE_ADMIN_TOKEN", ADMIN_TOKEN), grpc_protocol]);

    // Two livelessons READY (stage 1 and stage 0 of shell-first-steps), one FAILED (the
    // web-app image is not on the engine and is not pulled), one objective complete.
    let http = reqwest::Client::new();
    let (a, _) = Cluster::new_livelesson_via_api(&http, &base, "shell-first-steps", 1).await;
    let (b, _) = Cluster::new_livelesson_via_api(&http, &base, "shell-first-steps", 0).await;
    let (c, _) = Cluster::new_livelesson_via_api(&http, &base, "web-dashboards", 0).await;
    let within = Duration::from_secs(90);
    cluster
        .wait_status(&[a.clone(), b.clone()], Status::Ready, within)
        .await;
    cluster
        .wait_status(std::slice::from_ref(&c), Status::Failed, within)
        .await;
    let failed = cluster.store.livelesson(&c).await.unwrap().unwrap();
    let reason = failed.error.clone().unwrap();
    assert!(reason.contains("web-app"), "{reason}");
    ssh_into_first_endpoint(&http, &base, &a, "touch ~/notes.txt").await;
    let deadline = Instant::now() + within;
    loop {
        let l = cluster.store.livelesson(&a).await.unwrap().unwrap();
        if l.objectives[0]["status"] == "complete" {
            break;
        }
        assert!(Instant::now() < deadline, "objective 0: {}", l.objectives);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The admin API and the files endpoint with their secrets, so that both pass through.
    let admin = http
        .get(format!("{base}/api/v1/admin/livelessons"))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    assert!(admin.status().is_success());
    let token = antidote_lib::provision::files::token(&FILES_KEY.into(), "telemetry", &a);
    let files = http
        .get(format!("{base}/internal/v1/livelessons/{a}/files"))
        .bearer_auth(token.expose())
        .send()
        .await
        .unwrap();
    assert!(files.status().is_success(), "{}", files.status());

    // The stats service: its view of the rows and of the events (refreshed every 200 ms).
    let stats_url = format!("http://{}/metrics", listen("stats"));
    let deadline = Instant::now() + Duration::from_secs(10);
    let stats = loop {
        let s = parse(&scrape(&http, &stats_url).await);
        if sum(&s, "antidote_stats_objectives_completed_total", &[]) == 1.0
            && sum(&s, "antidote_livelessons", &[("status", "READY")]) == 2.0
        {
            break s;
        }
        assert!(
            Instant::now() < deadline,
            "the stats service's view: {s:#?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let lesson = ("lesson", "shell-first-steps");
    assert_eq!(
        sum(
            &stats,
            "antidote_livelessons",
            &[lesson, ("stage", "1"), ("status", "READY")]
        ),
        1.0
    );
    assert_eq!(
        sum(
            &stats,
            "antidote_livelessons",
            &[("lesson", "web-dashboards"), ("status", "FAILED")]
        ),
        1.0
    );
    assert_eq!(sum(&stats, "antidote_sessions_active", &[]), 3.0);
    let event = |e: &str, l: &str| {
        sum(
            &stats,
            "antidote_stats_events_total",
            &[("event", e), ("lesson", l)],
        )
    };
    assert_eq!(event("livelessons.new", "shell-first-steps"), 2.0);
    assert_eq!(event("livelessons.new", "web-dashboards"), 1.0);
    assert_eq!(event("livelessons.ready", "shell-first-steps"), 2.0);
    assert_eq!(event("livelessons.failed", "web-dashboards"), 1.0);
    assert_eq!(event("objectives.complete", "shell-first-steps"), 1.0);
    assert_eq!(
        sum(
            &stats,
            "antidote_stats_objectives_completed_total",
            &[lesson, ("stage", "1")]
        ),
        1.0
    );
    assert_eq!(
        sum(
            &stats,
            "antidote_stats_start_duration_seconds_count",
            &[lesson, ("outcome", "ready")]
        ),
        2.0
    );
    assert_eq!(
        sum(
            &stats,
            "antidote_stats_start_duration_seconds_count",
            &[("lesson", "web-dashboards"), ("outcome", "failed")]
        ),
        1.0
    );

    // The scheduler: state changes, start times, failures by class, backend calls, leases,
    // the bus.
    let scheduler = parse(&scrape(&http, &format!("http://{}/metrics", listen("scheduler"))).await);
    let t = |l: &str, stage: &str, status: &str| {
        sum(
            &scheduler,
            "antidote_livelesson_transitions_total",
            &[("lesson", l), ("stage", stage), ("status", status)],
        )
    };
    for stage in ["0", "1"] {
        for status in ["BOOTING", "CONFIGURATION", "READY"] {
            assert_eq!(
                t("shell-first-steps", stage, status),
                1.0,
                "{stage} {status}"
            );
        }
    }
    assert_eq!(t("web-dashboards", "0", "FAILED"), 1.0);
    assert_eq!(t("web-dashboards", "0", "READY"), 0.0);
    assert_eq!(
        sum(
            &scheduler,
            "antidote_livelesson_failures_total",
            &[("lesson", "web-dashboards"), ("reason", "boot")]
        ),
        1.0
    );
    assert_eq!(
        sum(
            &scheduler,
            "antidote_livelesson_start_duration_seconds_count",
            &[lesson, ("outcome", "ready")]
        ),
        2.0
    );
    assert_eq!(
        sum(
            &scheduler,
            "antidote_livelesson_start_duration_seconds_count",
            &[("lesson", "web-dashboards"), ("outcome", "failed")]
        ),
        1.0
    );
    let calls = |call: &str, outcome: &str| {
        sum(
            &scheduler,
            "antidote_backend_call_duration_seconds_count",
            &[("backend", "docker"), ("call", call), ("outcome", outcome)],
        )
    };
    assert!(calls("create", "ok") >= 2.0);
    assert!(calls("create", "error") >= 1.0);
    assert_eq!(calls("configure", "ok"), 2.0);
    assert!(
        calls("teardown", "ok") >= 1.0,
        "the failed one is torn down"
    );
    let received = |s: &[Sample], subject: &str| {
        sum(
            s,
            "antidote_bus_messages_received_total",
            &[("subject", subject)],
        )
    };
    let sent = |s: &[Sample], subject: &str| {
        sum(
            s,
            "antidote_bus_messages_sent_total",
            &[("subject", subject)],
        )
    };
    assert_eq!(received(&scheduler, "livelessons.new"), 3.0);
    assert_eq!(sent(&scheduler, "livelessons.ready"), 2.0);
    assert_eq!(sent(&scheduler, "livelessons.failed"), 1.0);
    assert!(
        sum(
            &scheduler,
            "antidote_lease_renewals_total",
            &[("service", "scheduler"), ("outcome", "ok")]
        ) >= 1.0
    );
    assert!(scheduler.iter().any(|s| s.name == "antidote_leases_held"));

    // The checker: checks run, the objective completed, its backend calls.
    let checker = parse(&scrape(&http, &format!("http://{}/metrics", listen("checker"))).await);
    assert!(
        sum(
            &checker,
            "antidote_checks_total",
            &[lesson, ("outcome", "incomplete")]
        ) >= 1.0
    );
    assert!(
        sum(
            &checker,
            "antidote_checks_total",
            &[lesson, ("outcome", "complete")]
        ) >= 1.0
    );
    assert_eq!(
        sum(
            &checker,
            "antidote_objectives_completed_total",
            &[lesson, ("stage", "1")]
        ),
        1.0
    );
    assert!(
        sum(
            &checker,
            "antidote_backend_call_duration_seconds_count",
            &[("call", "run_script"), ("outcome", "ok")]
        ) >= 2.0
    );
    assert_eq!(sent(&checker, "objectives.complete"), 1.0);

    // gc: its rounds (nothing idle yet).
    let gc = parse(&scrape(&http, &format!("http://{}/metrics", listen("gc"))).await);
    assert!(sum(&gc, "antidote_gc_rounds_total", &[]) >= 1.0);
    assert_eq!(sum(&gc, "antidote_gc_deleted_total", &[]), 0.0);

    // The API, on its own path: requests by route template and status, its work requests.
    let api = parse(&scrape(&http, &format!("{base}/metrics")).await);
    let route = |r: &str, m: &str, status: &str| {
        sum(
            &api,
            "antidote_http_requests_total",
            &[("route", r), ("method", m), ("status", status)],
        )
    };
    assert_eq!(route("/api/v1/sessions", "POST", "201"), 3.0);
    assert_eq!(route("/api/v1/livelessons", "POST", "201"), 3.0);
    assert_eq!(route("/api/v1/livelessons/{id}", "GET", "200"), 1.0);
    assert_eq!(route("/api/v1/admin/livelessons", "GET", "200"), 1.0);
    assert_eq!(
        sum(
            &api,
            "antidote_http_request_duration_seconds_count",
            &[("route", "/api/v1/livelessons"), ("method", "POST")]
        ),
        3.0
    );
    assert_eq!(sent(&api, "livelessons.new"), 3.0);

    // Bounded labels: no livelesson id is a label value anywhere.
    let texts = [
        scrape(&http, &format!("{base}/metrics")).await,
        scrape(&http, &stats_url).await,
        scrape(&http, &format!("http://{}/metrics", listen("scheduler"))).await,
        scrape(&http, &format!("http://{}/metrics", listen("checker"))).await,
        scrape(&http, &format!("http://{}/metrics", listen("gc"))).await,
    ];
    for text in &texts {
        for id in [&a, &b, &c] {
            assert!(
                !text.contains(id.as_str()),
                "a livelesson id in metrics: {text}"
            );
        }
    }

    // The Grafana dashboard queries only metrics that the services export.
    let exported: std::collections::BTreeSet<String> = texts
        .iter()
        .flat_map(|t| parse(t))
        .map(|s| s.name)
        .collect();
    let queried = dashboard_metrics();
    assert!(queried.len() >= 10, "{queried:?}");
    for name in &queried {
        assert!(
            exported.contains(name),
            "the dashboard queries {name}, which no service exports"
        );
    }

    // InfluxDB: line by line, with context; durations are integers in milliseconds.
    wait_until("the stats in InfluxDB", Duration::from_secs(10), || {
        influx
            .lock()
            .unwrap()
            .iter()
            .any(|l| l.starts_with("objective_completed,"))
    })
    .await;
    let lines = influx.lock().unwrap().clone();
    let started: Vec<&String> = lines
        .iter()
        .filter(|l| l.starts_with("livelesson_started,"))
        .collect();
    let ready: Vec<&&String> = started
        .iter()
        .filter(|l| l.starts_with("livelesson_started,lesson=shell-first-steps,stage="))
        .filter(|l| l.contains(",outcome=ready duration_ms="))
        .collect();
    assert_eq!(ready.len(), 2, "{lines:#?}");
    for l in &ready {
        let (_, rest) = l.split_once(" duration_ms=").unwrap();
        let (ms, ts) = rest.split_once("i ").unwrap();
        let ms: i64 = ms.parse().unwrap();
        assert!((0..90_000).contains(&ms), "{l}");
        let ts: i64 = ts.parse().unwrap();
        assert!(ts > 1_600_000_000_000_000_000, "nanoseconds: {l}");
    }
    let failed_line = started
        .iter()
        .find(|l| {
            l.starts_with(
                "livelesson_started,lesson=web-dashboards,stage=0,outcome=failed reason=\"",
            )
        })
        .unwrap_or_else(|| panic!("{lines:#?}"));
    assert!(failed_line.contains("web-app"), "{failed_line}");
    assert!(failed_line.contains(",duration_ms="), "{failed_line}");
    assert!(
        lines
            .iter()
            .any(|l| l
                .starts_with("objective_completed,lesson=shell-first-steps,stage=1 objective=0i ")),
        "{lines:#?}"
    );
    assert!(
        lines.iter().any(|l| l
            .starts_with("livelessons,lesson=shell-first-steps,stage=0,status=READY count=1i ")),
        "{lines:#?}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("sessions active=3i ")),
        "{lines:#?}"
    );
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with("livelesson_requested,"))
            .count(),
        3
    );

    // Logs: JSON lines; the scheduler's lines about a livelesson carry its ids and trace id.
    let logs: Vec<(String, String)> = std::fs::read_dir(cluster.dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "log"))
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    assert_eq!(logs.len(), 5);
    let mut ready_line = None;
    for (name, text) in &logs {
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{name}: not a JSON line ({e}): {line}"));
            if name.starts_with("scheduler")
                && v["message"] == "livelesson READY"
                && v["span"]["livelesson"] == a.as_str()
            {
                ready_line = Some(v);
            }
        }
    }
    let ready_line = ready_line.expect("the scheduler logs READY of the first livelesson");
    assert_eq!(
        ready_line["span"]["lesson"], "shell-first-steps",
        "{ready_line}"
    );
    assert_eq!(ready_line["span"]["stage"], 1, "{ready_line}");
    let trace_id = ready_line["span"]["trace_id"].as_str().unwrap().to_owned();
    assert_eq!(trace_id.len(), 32, "{ready_line}");
    // The API's line of the same request names the same trace.
    assert!(
        logs.iter()
            .filter(|(n, _)| n.starts_with("api"))
            .any(|(_, t)| t.contains(&trace_id)),
        "the API's log names trace {trace_id}"
    );

    // Spans reached the receiver (every service exports), and carry the ids.
    wait_until("spans of the drive", Duration::from_secs(15), || {
        spans
            .lock()
            .unwrap()
            .iter()
            .any(|s| s.name == "livelesson drive" && s.attributes.get("livelesson") == Some(&a))
    })
    .await;

    // No secret anywhere: log lines, exported spans (names, attributes, events), metrics.
    let spans_text = format!("{:?}", spans.lock().unwrap());
    let secrets = [
        ADMIN_TOKEN,
        FILES_KEY,
        token.expose(),
        &nats_password,
        IMAGE_PASSWORD,
    ];
    for secret in secrets {
        for (name, text) in &logs {
            assert!(!text.contains(secret), "a secret in the log {name}");
        }
        assert!(!spans_text.contains(secret), "a secret in a span");
        for text in &texts {
            assert!(!text.contains(secret), "a secret in the metrics");
        }
        assert!(
            !lines.iter().any(|l| l.contains(secret)),
            "a secret in the InfluxDB lines"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_trace_follows_a_request_from_the_client_through_api_and_scheduler() {
    let (grpc, http_otlp, spans) = otlp_receiver().await;
    let mut cluster = Cluster::new(50, "").await;
    // The scheduler exports over HTTP/protobuf (the standard variable), the API over gRPC
    // (the setting), each with a service name of its own.
    let _scheduler = cluster.start_with(
        "scheduler",
        "scheduler started",
        &[
            (
                "OTEL_EXPORTER_OTLP_ENDPOINT",
                &format!("http://{http_otlp}"),
            ),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
            ("OTEL_SERVICE_NAME", "scheduler-under-test"),
        ],
    );
    let (_api, base) = cluster.start_api_with(&[
        ("ANTIDOTE_OTLP_ENDPOINT", &format!("http://{grpc}")),
        ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"),
        ("ANTIDOTE_TRACE_SAMPLING_RATIO", "1"),
    ]);
    let http = reqwest::Client::new();
    // The client's own span: the trace's parent.
    let client_trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    let client_span = "00f067aa0ba902b7";
    let ViaApi { session, id, .. } = Cluster::new_traced_livelesson_via_api(
        &http,
        &base,
        "shell-first-steps",
        0,
        Some(&format!("00-{client_trace}-{client_span}-01")),
    )
    .await;
    cluster
        .wait_status(
            std::slice::from_ref(&id),
            Status::Ready,
            Duration::from_secs(20),
        )
        .await;
    wait_until("the drive's span", Duration::from_secs(15), || {
        spans
            .lock()
            .unwrap()
            .iter()
            .any(|s| s.name == "livelesson drive")
    })
    .await;
    wait_until("the request's span", Duration::from_secs(15), || {
        spans
            .lock()
            .unwrap()
            .iter()
            .any(|s| s.name == "POST /api/v1/livelessons")
    })
    .await;
    let all = spans.lock().unwrap().clone();
    let trace: Vec<&Span> = all
        .iter()
        .filter(|s| hex(&s.trace_id) == client_trace)
        .collect();
    let one = |name: &str| -> &Span {
        let found: Vec<&&Span> = trace.iter().filter(|s| s.name == name).collect();
        assert_eq!(found.len(), 1, "{name} in {trace:#?}");
        found[0]
    };
    // The API's request span: the client's span is its parent.
    let request = one("POST /api/v1/livelessons");
    assert_eq!(request.service, "antidote-api");
    assert_eq!(hex(&request.parent), client_span);
    assert_eq!(request.attributes["livelesson"], id);
    assert_eq!(request.attributes["session"], session);
    assert_eq!(request.attributes["lesson"], "shell-first-steps");
    assert_eq!(request.attributes["stage"], "0");
    assert_eq!(request.attributes["http.response.status_code"], "201");
    // The scheduler's drive: the request's span is its parent (through the bus header).
    let drive = one("livelesson drive");
    assert_eq!(drive.service, "scheduler-under-test");
    assert_eq!(drive.parent, request.span_id);
    assert_eq!(drive.attributes["livelesson"], id);
    assert_eq!(drive.attributes["session"], session);
    assert_eq!(drive.attributes["lesson"], "shell-first-steps");
    let statuses: Vec<&str> = drive
        .events
        .iter()
        .filter_map(|(_, a)| a.get("status").map(String::as_str))
        .collect();
    assert_eq!(
        statuses,
        ["BOOTING", "CONFIGURATION", "READY"],
        "{drive:#?}"
    );
    // The backend's calls: children of the drive.
    for call in ["backend create", "backend configure"] {
        let c = one(call);
        assert_eq!(c.parent, drive.span_id, "{call}");
        assert_eq!(c.attributes["backend"], "preview");
        assert_eq!(c.attributes["outcome"], "ok");
        assert_eq!(c.attributes["livelesson"], id);
    }
    // Spans of the same trace are only the API's and the scheduler's, and every parent link
    // points at a span of the trace or at the client.
    for s in &trace {
        assert!(
            hex(&s.parent) == client_span || trace.iter().any(|p| p.span_id == s.parent),
            "{s:#?} has no parent in the trace"
        );
    }
    // Background loops have traces of their own.
    assert!(
        all.iter().any(|s| s.name == "scheduler.sweep"
            && s.parent.is_empty()
            && hex(&s.trace_id) != client_trace),
        "the sweep's own root spans"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_learners_checks_and_engine_requests_join_the_trace_of_their_request() {
    use antidote_lib::comms::ObjectiveComplete;

    let engine = TestEngine::shared();
    let (grpc, _, spans) = otlp_receiver().await;
    let extra = format!(
        "backend: docker\ndocker:\n  host: {}\n  pull: false\n  probe_timeout_ms: 1000\nimages:\n  overrides: [\"linux-shell={}\"]\n  configurator: {}\nchecker:\n  interval_ms: 200\n  max_interval_ms: 400\n  lease_ms: 1500\ntelemetry:\n  otlp_endpoint: http://{grpc}\n",
        engine.host, engine.image, engine.image
    );
    // An instance of its own: other tests' schedulers sweep orphans of theirs.
    let instance = "traced";
    let mut cluster = Cluster::with_instance(0, &extra, instance).await;
    let grpc_protocol = [("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")];
    let _scheduler = cluster.start_with("scheduler", "scheduler started", &grpc_protocol);
    let _checker = cluster.start_with("checker", "checker started", &grpc_protocol);
    let (_api, base) = cluster.start_api_with(&grpc_protocol);
    let mut events = cluster
        .comms
        .subscribe::<ObjectiveComplete>()
        .await
        .unwrap();
    let published = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&published);
    tokio::spawn(async move {
        while let Some(Ok(e)) = events.next().await {
            sink.lock()
                .unwrap()
                .push((e.event.objective, e.trace.trace_id_hex()));
        }
    });

    // The learner's client asks for stage 1 of shell-first-steps (two objectives) in a trace
    // of its own.
    let http = reqwest::Client::new();
    let client_trace = "5af7651916cd43dd8448eb211c80319c";
    let client_span = "b7ad6b7169203331";
    let ViaApi { session, id, .. } = Cluster::new_traced_livelesson_via_api(
        &http,
        &base,
        "shell-first-steps",
        1,
        Some(&format!("00-{client_trace}-{client_span}-01")),
    )
    .await;
    let within = Duration::from_secs(90);
    cluster
        .wait_status(std::slice::from_ref(&id), Status::Ready, within)
        .await;
    // Both objectives done at once: the stage is done and its check ends.
    ssh_into_first_endpoint(&http, &base, &id, "echo Ada Lovelace > ~/notes.txt").await;
    let deadline = Instant::now() + within;
    loop {
        let l = cluster.store.livelesson(&id).await.unwrap().unwrap();
        if l.objectives
            .as_array()
            .is_some_and(|a| a.len() == 2 && a.iter().all(|o| o["status"] == "complete"))
        {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "both objectives: {}",
            l.objectives
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Then a stage change, in another trace of the client's: stage 0 has no objective, so its
    // check ends at once.
    let stage_trace = "6bf92f3577b34da6a3ce929d0e0e4736";
    let stage_span = "10f067aa0ba902b7";
    let changed = http
        .put(format!("{base}/api/v1/livelessons/{id}/stage"))
        .header("traceparent", format!("00-{stage_trace}-{stage_span}-01"))
        .json(&serde_json::json!({"stage": 0}))
        .send()
        .await
        .unwrap();
    assert!(changed.status().is_success(), "{}", changed.status());

    let check_in = |trace: &str| {
        let trace = trace.to_owned();
        let spans = Arc::clone(&spans);
        move || {
            spans
                .lock()
                .unwrap()
                .iter()
                .any(|s| s.name == "livelesson check" && hex(&s.trace_id) == trace)
        }
    };
    wait_until(
        "the check of stage 1 in the creation's trace",
        Duration::from_secs(30),
        check_in(client_trace),
    )
    .await;
    wait_until(
        "the check of stage 0 in the stage change's trace",
        Duration::from_secs(30),
        check_in(stage_trace),
    )
    .await;
    for (name, parent) in [
        ("POST /api/v1/livelessons", client_span),
        ("PUT /api/v1/livelessons/{id}/stage", stage_span),
    ] {
        wait_until(name, Duration::from_secs(30), || {
            spans
                .lock()
                .unwrap()
                .iter()
                .any(|s| s.name == name && hex(&s.parent) == parent)
        })
        .await;
    }
    let all = spans.lock().unwrap().clone();
    let in_trace =
        |trace: &str| -> Vec<&Span> { all.iter().filter(|s| hex(&s.trace_id) == trace).collect() };

    // The creation's trace: the request, the drive and its engine requests, the checks, their
    // script runs and the engine requests of those.
    let trace = in_trace(client_trace);
    let named =
        |name: &str| -> Vec<&Span> { trace.iter().copied().filter(|s| s.name == name).collect() };
    // A name, or `docker` for the engine's requests (each named `docker OPERATION`).
    let children = |parent: &Span, name: &str| -> Vec<&Span> {
        trace
            .iter()
            .copied()
            .filter(|s| {
                s.parent == parent.span_id
                    && (s.name == name || (name == "docker" && s.name.starts_with("docker ")))
            })
            .collect()
    };
    let requests = named("POST /api/v1/livelessons");
    assert_eq!(requests.len(), 1, "{trace:#?}");
    let request = requests[0];
    assert_eq!(hex(&request.parent), client_span);
    // Every check of stage 1 continues the request's trace, its parent the request's span.
    let checks = named("livelesson check");
    assert!(!checks.is_empty());
    for check in &checks {
        assert_eq!(check.service, "antidote-checker", "{check:#?}");
        assert_eq!(check.parent, request.span_id, "{check:#?}");
        assert_eq!(check.attributes["livelesson"], id);
        assert_eq!(
            check.attributes["lesson"], "shell-first-steps",
            "{check:#?}"
        );
        assert_eq!(check.attributes["stage"], "1", "{check:#?}");
        assert_eq!(check.attributes["session"], session, "{check:#?}");
    }
    let runs: Vec<&Span> = checks
        .iter()
        .flat_map(|c| children(c, "backend run_script"))
        .collect();
    let objectives: std::collections::BTreeSet<&str> = runs
        .iter()
        .map(|r| r.attributes["objective"].as_str())
        .collect();
    assert_eq!(
        objectives,
        ["0", "1"].into_iter().collect(),
        "both objectives run in the trace: {runs:#?}"
    );
    // The script runs' engine requests: the checker container looked for and made (the first
    // run), every script run by exec.
    let engine_requests: Vec<&Span> = runs.iter().flat_map(|r| children(r, "docker")).collect();
    let checker_container = format!("{instance}-{id}-checker");
    let ops = |spans: &[&Span], op: &str, object: &str| {
        spans
            .iter()
            .filter(|s| {
                s.name == format!("docker {op}")
                    && s.attributes["operation"] == op
                    && s.attributes["object"] == object
            })
            .count()
    };
    assert_eq!(
        ops(&engine_requests, "create_container", &checker_container),
        1,
        "{engine_requests:#?}"
    );
    for op in ["create_exec", "start_exec", "inspect_exec"] {
        assert!(
            ops(&engine_requests, op, &checker_container) >= 2,
            "{op}: {engine_requests:#?}"
        );
    }
    for r in &engine_requests {
        assert_eq!(r.service, "antidote-checker");
        assert!(
            ["ok", "not_found"].contains(&r.attributes["outcome"].as_str()),
            "{r:#?}"
        );
    }
    // The drive's create: the endpoint's container made and started.
    let drives = named("livelesson drive");
    assert_eq!(drives.len(), 1, "{trace:#?}");
    let create = children(drives[0], "backend create");
    assert_eq!(create.len(), 1, "{trace:#?}");
    let made = children(create[0], "docker");
    let shell = format!("{instance}-{id}-shell");
    for op in ["create_container", "upload_to_container", "start_container"] {
        assert_eq!(ops(&made, op, &shell), 1, "{op}: {made:#?}");
    }
    assert!(made.iter().all(|s| s.service == "antidote-scheduler"));
    // One tree: every span's parent is a span of the trace, or the client's.
    for s in &trace {
        assert!(
            hex(&s.parent) == client_span || trace.iter().any(|p| p.span_id == s.parent),
            "{s:#?} has no parent in the trace"
        );
    }
    // The ObjectiveComplete events went out in the learner's trace.
    wait_until("both ObjectiveComplete", Duration::from_secs(10), || {
        published.lock().unwrap().len() >= 2
    })
    .await;
    for (objective, trace_id) in published.lock().unwrap().iter() {
        assert_eq!(trace_id, client_trace, "objective {objective}");
    }

    // The stage change's trace: its request, and the check of the new stage under it.
    let trace = in_trace(stage_trace);
    let request = trace
        .iter()
        .find(|s| s.name == "PUT /api/v1/livelessons/{id}/stage" && hex(&s.parent) == stage_span)
        .unwrap_or_else(|| panic!("the stage change's request: {trace:#?}"));
    let check = trace.iter().find(|s| s.name == "livelesson check").unwrap();
    assert_eq!(check.parent, request.span_id, "{check:#?}");
    assert_eq!(check.attributes["livelesson"], id);

    // No span names the image's password.
    assert!(
        !format!("{all:?}").contains(IMAGE_PASSWORD),
        "a secret in a span"
    );
}
