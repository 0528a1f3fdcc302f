//! How a process reports on itself: logs (text or JSON lines, with the ids of the spans they
//! happen in and the trace id), traces (tracing spans exported over OTLP when an endpoint is
//! configured, sampled by a parent-based ratio sampler) and the Prometheus listener of
//! services that have no HTTP port of their own.
//!
//! The W3C trace context of the bus ([`TraceContext`]) and OpenTelemetry's meet here:
//! [`continue_trace`] makes a span the child of a received `traceparent`, and [`trace_of`]
//! gives the `traceparent` to send on from a span. Without an exporter, spans carry no
//! OpenTelemetry context and the trace context is passed on as it came (a new span id per hop),
//! so logs still name the trace.

use std::net::SocketAddr;

use antidote_lib::comms::TraceContext;
use antidote_lib::config::{Config, LogFormat};
use opentelemetry::trace::{
    SpanContext, SpanId, TraceContextExt as _, TraceFlags, TraceId, TraceState, TracerProvider as _,
};
use opentelemetry_otlp::WithExportConfig as _;
use opentelemetry_sdk::trace::{Sampler, SdkTracerProvider};
use tracing_opentelemetry::OpenTelemetrySpanExt as _;
use tracing_subscriber::Layer as _;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;

/// Why telemetry cannot start.
#[derive(Debug, thiserror::Error)]
pub enum TelemetryError {
    /// The OTLP exporter cannot be built.
    #[error("cannot export traces to {endpoint}: {cause}")]
    Exporter {
        /// The endpoint (as configured, or from `OTEL_EXPORTER_OTLP_ENDPOINT`).
        endpoint: String,
        /// Why.
        cause: String,
    },
    /// `OTEL_EXPORTER_OTLP_PROTOCOL` names a protocol that is not supported.
    #[error("OTEL_EXPORTER_OTLP_PROTOCOL=`{0}` is not supported: use `grpc` or `http/protobuf`")]
    Protocol(String),
    /// The metrics listener cannot listen.
    #[error("cannot listen for metrics on {listen}: {cause}")]
    Listen {
        /// The address.
        listen: String,
        /// Why.
        cause: std::io::Error,
    },
}

/// Keeps the trace exporter running; dropping it exports what is buffered and stops it.
#[derive(Default)]
pub struct Telemetry {
    provider: Option<SdkTracerProvider>,
}

impl Drop for Telemetry {
    fn drop(&mut self) {
        if let Some(provider) = self.provider.take() {
            let _ = provider.shutdown();
        }
    }
}

impl Telemetry {
    /// Whether traces are exported.
    pub fn exporting(&self) -> bool {
        self.provider.is_some()
    }
}

/// The OTLP endpoint in force: `telemetry.otlp_endpoint`, else `OTEL_EXPORTER_OTLP_ENDPOINT`
/// (or its traces-only variant).
pub fn otlp_endpoint(config: &Config) -> Option<String> {
    config.telemetry.otlp_endpoint.clone().or_else(|| {
        [
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
            "OTEL_EXPORTER_OTLP_ENDPOINT",
        ]
        .into_iter()
        .find_map(|v| std::env::var(v).ok().filter(|v| !v.is_empty()))
    })
}

/// Starts logging to stderr (filtered by `RUST_LOG`, default `info`; text or JSON lines per
/// `telemetry.log_format`) and, when an OTLP endpoint is configured, trace export for
/// `service` (its `service.name` is `OTEL_SERVICE_NAME`, else `antidote-<service>`). Must run
/// inside the tokio runtime (the gRPC exporter needs it). A second call keeps the first
/// subscriber.
pub fn init(config: &Config, service: &str) -> Result<Telemetry, TelemetryError> {
    // One filter for the whole subscriber (`RUST_LOG`, default `info`): `EnvFilter` as a filter
    // of one layer loses spans. Each request to the Kubernetes API server or the container
    // engine is an info-level span of the backend's (`kubernetes.request`, `docker.request`);
    // kube's own lower-level `HTTP` spans are debug-level: `RUST_LOG=info,kube_client=debug`
    // exports them too.
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let json = config.telemetry.log_format == LogFormat::Json;
    let fmt = tracing_subscriber::fmt::layer().with_writer(std::io::stderr);
    let fmt = if json {
        fmt.json()
            .with_current_span(true)
            .with_span_list(true)
            .flatten_event(true)
            .boxed()
    } else {
        fmt.boxed()
    };
    let provider = match otlp_endpoint(config) {
        Some(endpoint) => Some(provider(config, service, &endpoint)?),
        None => None,
    };
    let otel = provider.as_ref().map(|p| {
        // The platform's spans (engine requests included), and kube's own `HTTP` spans when
        // `RUST_LOG` lets them through.
        let filter = tracing_subscriber::filter::Targets::new()
            .with_default(tracing::Level::INFO)
            .with_target("kube_client", tracing::Level::DEBUG)
            // The exporter's own logs are never exported.
            .with_target("opentelemetry", tracing::level_filters::LevelFilter::OFF)
            .with_target(
                "opentelemetry_sdk",
                tracing::level_filters::LevelFilter::OFF,
            )
            .with_target(
                "opentelemetry_otlp",
                tracing::level_filters::LevelFilter::OFF,
            );
        // Parents come from the tracing span tree (not from OpenTelemetry's thread-local
        // context, which async tasks moving between threads leave stale).
        tracing_opentelemetry::layer()
            .with_context_activation(false)
            .with_tracer(p.tracer("antidote"))
            .with_filter(filter)
    });
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(fmt)
        .with(otel)
        .try_init();
    if let Some(endpoint) = otlp_endpoint(config) {
        tracing::info!(
            endpoint = %antidote_lib::comms::redact_url(&endpoint),
            sampling_ratio = config.telemetry.sampling_ratio,
            "exporting traces over OTLP"
        );
    }
    Ok(Telemetry { provider })
}

fn provider(
    config: &Config,
    service: &str,
    endpoint: &str,
) -> Result<SdkTracerProvider, TelemetryError> {
    let failed = |cause: String| TelemetryError::Exporter {
        endpoint: antidote_lib::comms::redact_url(endpoint),
        cause,
    };
    let protocol = std::env::var("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
        .or_else(|_| std::env::var("OTEL_EXPORTER_OTLP_PROTOCOL"))
        .unwrap_or_else(|_| "http/protobuf".into());
    let own = config.telemetry.otlp_endpoint.as_deref();
    let exporter = match protocol.as_str() {
        "grpc" => {
            let mut b = opentelemetry_otlp::SpanExporter::builder().with_tonic();
            if let Some(e) = own {
                b = b.with_endpoint(e);
            }
            b.build()
        }
        "http/protobuf" => {
            let mut b = opentelemetry_otlp::SpanExporter::builder()
                .with_http()
                .with_protocol(opentelemetry_otlp::Protocol::HttpBinary);
            if let Some(e) = own {
                // A base URL, as OTEL_EXPORTER_OTLP_ENDPOINT is: the signal's path appended.
                b = b.with_endpoint(format!("{}/v1/traces", e.trim_end_matches('/')));
            }
            b.build()
        }
        other => return Err(TelemetryError::Protocol(other.to_owned())),
    }
    .map_err(|e| failed(e.to_string()))?;
    let name = std::env::var("OTEL_SERVICE_NAME")
        .ok()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| format!("antidote-{service}"));
    let resource = opentelemetry_sdk::Resource::builder()
        .with_service_name(name)
        .with_attribute(opentelemetry::KeyValue::new(
            "service.instance.id",
            config.instance_id.clone(),
        ))
        .build();
    Ok(SdkTracerProvider::builder()
        .with_sampler(Sampler::ParentBased(Box::new(Sampler::TraceIdRatioBased(
            config.telemetry.sampling_ratio,
        ))))
        .with_resource(resource)
        .with_batch_exporter(exporter)
        .build())
}

/// Makes `span` (just created, not entered yet) the child of `parent`, a trace context
/// received from a client or a message. Without an exporter this does nothing.
pub fn continue_trace(span: &tracing::Span, parent: &TraceContext) {
    let context = SpanContext::new(
        TraceId::from_bytes(parent.trace_id()),
        SpanId::from_bytes(parent.parent_id()),
        TraceFlags::new(parent.flags()),
        true,
        TraceState::default(),
    );
    let cx = opentelemetry::Context::new().with_remote_span_context(context);
    let _ = span.set_parent(cx);
}

/// The trace context to send on from `span`: its OpenTelemetry span when traces are exported,
/// else `fallback` (the context received, or a new root).
pub fn trace_of(span: &tracing::Span, fallback: impl FnOnce() -> TraceContext) -> TraceContext {
    let cx = span.context();
    let sc = cx.span().span_context().clone();
    if sc.is_valid() {
        TraceContext::from_parts(
            sc.trace_id().to_bytes(),
            sc.span_id().to_bytes(),
            sc.trace_flags().to_u8(),
        )
        .unwrap_or_else(fallback)
    } else {
        fallback()
    }
}

/// Starts a listener serving the process's metrics on `/metrics` at `listen`; returns its
/// address. It serves until the process ends.
pub async fn metrics_listener(listen: &str) -> Result<SocketAddr, TelemetryError> {
    let failed = |cause| TelemetryError::Listen {
        listen: listen.to_owned(),
        cause,
    };
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(failed)?;
    let addr = listener.local_addr().map_err(failed)?;
    let app = axum::Router::new().route("/metrics", axum::routing::get(metrics));
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!("the metrics listener stopped: {e}");
        }
    });
    tracing::info!(listen = %addr, "metrics listening");
    Ok(addr)
}

/// `/metrics`: the process's metrics as Prometheus text.
pub async fn metrics() -> axum::response::Response {
    use axum::response::IntoResponse as _;
    (
        [(
            axum::http::header::CONTENT_TYPE,
            antidote_lib::metrics::CONTENT_TYPE,
        )],
        antidote_lib::metrics::encode(),
    )
        .into_response()
}
