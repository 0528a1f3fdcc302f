//! The process's Prometheus metrics: one registry per process ([`metrics`]), which every
//! service of the process records into and [`encode`] writes out as Prometheus text
//! (the OpenMetrics text format, which Prometheus scrapes).
//!
//! Label values are bounded: route templates (never paths with ids), lesson slugs, stages,
//! statuses, outcome and reason classes, backend calls, bus subjects without their instance
//! prefix. Livelesson, session and trace ids, and anything secret, are never labels.

use std::sync::LazyLock;
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

/// The content type of [`encode`]'s text.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Buckets of request latencies, in seconds (1 ms to 10 s).
const FAST: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// Buckets of lesson start times, in seconds (10 ms to 30 min).
const SLOW: [f64; 14] = [
    0.01, 0.05, 0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0,
];

type Histograms<L> = Family<L, Histogram, fn() -> Histogram>;

fn fast() -> Histogram {
    Histogram::new(FAST)
}

fn slow() -> Histogram {
    Histogram::new(SLOW)
}

/// An API request: its route template, method and status code.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct HttpLabels {
    /// The route template (`/api/v1/livelessons/{id}`), or `unmatched`.
    pub route: String,
    /// The method.
    pub method: String,
    /// The status code.
    pub status: u16,
}

/// A lesson and what became of it.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct LessonOutcome {
    /// The lesson's slug.
    pub lesson: String,
    /// `ready` or `failed`.
    pub outcome: &'static str,
}

/// A livelesson's state change.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Transition {
    /// The lesson's slug.
    pub lesson: String,
    /// The stage.
    pub stage: u32,
    /// The status entered (`BOOTING`, `CONFIGURATION`, `READY`, `FAILED`).
    pub status: &'static str,
}

/// A failure's class.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Failure {
    /// The lesson's slug.
    pub lesson: String,
    /// What failed: `curriculum`, `create`, `endpoints`, `configuration`, `state`.
    pub reason: &'static str,
}

/// A backend call.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct BackendCall {
    /// The backend (`preview`, `docker`, `kubernetes`).
    pub backend: &'static str,
    /// The call (`create`, `configure`, `restart_endpoints`, `teardown`, `run_script`).
    pub call: &'static str,
    /// `ok`, `error` or `timeout`.
    pub outcome: &'static str,
}

/// A service of the process.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ServiceLabel {
    /// `scheduler` or `checker`.
    pub service: &'static str,
}

/// A renewal of a service's holds.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Renewal {
    /// `scheduler` or `checker`.
    pub service: &'static str,
    /// `ok` or `error`.
    pub outcome: &'static str,
}

/// A bus subject, without the instance prefix (`livelessons.new`).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Subject {
    /// The subject.
    pub subject: &'static str,
}

/// An objective check.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Check {
    /// The lesson's slug.
    pub lesson: String,
    /// `complete`, `incomplete` or `error`.
    pub outcome: &'static str,
}

/// A lesson's stage.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct LessonStage {
    /// The lesson's slug.
    pub lesson: String,
    /// The stage.
    pub stage: u32,
}

/// A lesson, a stage and a status (the stats service's view of the rows).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct LessonStageStatus {
    /// The lesson's slug.
    pub lesson: String,
    /// The stage.
    pub stage: u32,
    /// The status.
    pub status: String,
}

/// An event the stats service received.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct EventLabels {
    /// The event's subject (`livelessons.ready`).
    pub event: &'static str,
    /// The lesson's slug (`unknown` when neither the event nor the row names it).
    pub lesson: String,
}

/// A gc round's deletions.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct Deleted {
    /// `livelessons` or `sessions`.
    pub kind: &'static str,
}

/// Every metric of the process.
pub struct Metrics {
    registry: Registry,
    /// API requests.
    pub http_requests: Family<HttpLabels, Counter>,
    /// API request latency.
    pub http_duration: Histograms<HttpLabels>,
    /// Livelessons' state changes (scheduler).
    pub transitions: Family<Transition, Counter>,
    /// Request-to-READY (or FAILED) time, by lesson and outcome (scheduler).
    pub start_duration: Histograms<LessonOutcome>,
    /// Failures by reason class (scheduler).
    pub failures: Family<Failure, Counter>,
    /// Backend call latency (scheduler, checker).
    pub backend_calls: Histograms<BackendCall>,
    /// Holds (leases) a service has now.
    pub leases_held: Family<ServiceLabel, Gauge>,
    /// Lease renewals.
    pub lease_renewals: Family<Renewal, Counter>,
    /// Bus messages sent, by subject.
    pub bus_sent: Family<Subject, Counter>,
    /// Bus messages received, by subject.
    pub bus_received: Family<Subject, Counter>,
    /// Objective checks run (checker).
    pub checks: Family<Check, Counter>,
    /// Objectives that became complete (checker).
    pub objectives_completed: Family<LessonStage, Counter>,
    /// gc rounds.
    pub gc_rounds: Counter,
    /// What gc deleted (or asked to delete).
    pub gc_deleted: Family<Deleted, Counter>,
    /// Livelessons by lesson, stage and status (stats, from the rows).
    pub livelessons: Family<LessonStageStatus, Gauge>,
    /// Sessions that exist now (stats).
    pub sessions_active: Gauge,
    /// Events received by the stats service.
    pub stats_events: Family<EventLabels, Counter>,
    /// Lesson start times from the events, by lesson and outcome (stats).
    pub stats_start_duration: Histograms<LessonOutcome>,
    /// Objectives completed, from the events (stats).
    pub stats_objectives: Family<LessonStage, Counter>,
}

static METRICS: LazyLock<Metrics> = LazyLock::new(Metrics::new);

/// The process's metrics.
pub fn metrics() -> &'static Metrics {
    &METRICS
}

/// The process's metrics as Prometheus text (OpenMetrics, ending in `# EOF`).
pub fn encode() -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = prometheus_client::encoding::text::encode(&mut out, &metrics().registry);
    out
}

impl Metrics {
    fn new() -> Metrics {
        let mut r = Registry::default();
        macro_rules! reg {
            ($name:literal, $help:literal, $metric:expr) => {{
                let m = $metric;
                r.register($name, $help, m.clone());
                m
            }};
        }
        Metrics {
            http_requests: reg!(
                "antidote_http_requests",
                "API requests by route template, method and status",
                Family::default()
            ),
            http_duration: reg!(
                "antidote_http_request_duration_seconds",
                "API request latency by route template, method and status",
                Family::new_with_constructor(fast as fn() -> Histogram)
            ),
            transitions: reg!(
                "antidote_livelesson_transitions",
                "Livelessons entering a status, by lesson, stage and status",
                Family::default()
            ),
            start_duration: reg!(
                "antidote_livelesson_start_duration_seconds",
                "Time from a livelesson's request to READY or FAILED, by lesson and outcome",
                Family::new_with_constructor(slow as fn() -> Histogram)
            ),
            failures: reg!(
                "antidote_livelesson_failures",
                "Livelessons that FAILED, by lesson and reason class",
                Family::default()
            ),
            backend_calls: reg!(
                "antidote_backend_call_duration_seconds",
                "Backend call latency by backend, call and outcome",
                Family::new_with_constructor(slow as fn() -> Histogram)
            ),
            leases_held: reg!(
                "antidote_leases_held",
                "Livelessons a replica holds now, by service",
                Family::default()
            ),
            lease_renewals: reg!(
                "antidote_lease_renewals",
                "Lease renewal rounds, by service and outcome",
                Family::default()
            ),
            bus_sent: reg!(
                "antidote_bus_messages_sent",
                "Bus messages sent, by subject",
                Family::default()
            ),
            bus_received: reg!(
                "antidote_bus_messages_received",
                "Bus messages received, by subject",
                Family::default()
            ),
            checks: reg!(
                "antidote_checks",
                "Objective checks run, by lesson and outcome",
                Family::default()
            ),
            objectives_completed: reg!(
                "antidote_objectives_completed",
                "Objectives that became complete, by lesson and stage",
                Family::default()
            ),
            gc_rounds: reg!("antidote_gc_rounds", "gc rounds run", Counter::default()),
            gc_deleted: reg!(
                "antidote_gc_deleted",
                "Idle livelessons and sessions gc deleted, by kind",
                Family::default()
            ),
            livelessons: reg!(
                "antidote_livelessons",
                "Livelessons now, by lesson, stage and status (stats service)",
                Family::default()
            ),
            sessions_active: reg!(
                "antidote_sessions_active",
                "Sessions now (stats service)",
                Gauge::default()
            ),
            stats_events: reg!(
                "antidote_stats_events",
                "Events the stats service received, by event and lesson",
                Family::default()
            ),
            stats_start_duration: reg!(
                "antidote_stats_start_duration_seconds",
                "Lesson start times seen by the stats service, by lesson and outcome",
                Family::new_with_constructor(slow as fn() -> Histogram)
            ),
            stats_objectives: reg!(
                "antidote_stats_objectives_completed",
                "Objectives completed, from ObjectiveComplete events, by lesson and stage",
                Family::default()
            ),
            registry: r,
        }
    }

    /// Records a backend call that took `took`.
    pub fn backend_call(
        &self,
        backend: &'static str,
        call: &'static str,
        outcome: &'static str,
        took: Duration,
    ) {
        self.backend_calls
            .get_or_create(&BackendCall {
                backend,
                call,
                outcome,
            })
            .observe(took.as_secs_f64());
    }

    /// Records a livelesson entering `status`.
    pub fn transition(&self, lesson: &str, stage: u32, status: &'static str) {
        self.transitions
            .get_or_create(&Transition {
                lesson: lesson.to_owned(),
                stage,
                status,
            })
            .inc();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_labels_and_histograms() {
        let m = metrics();
        m.backend_call("preview", "create", "ok", Duration::from_millis(3));
        m.transition("intro", 0, "READY");
        let text = encode();
        assert!(text.contains(
            "antidote_livelesson_transitions_total{lesson=\"intro\",stage=\"0\",status=\"READY\"} 1"
        ), "{text}");
        assert!(text.contains("antidote_backend_call_duration_seconds_bucket{le=\"0.01\",backend=\"preview\",call=\"create\",outcome=\"ok\"} 1")
            || text.contains("antidote_backend_call_duration_seconds_bucket{backend=\"preview\",call=\"create\",outcome=\"ok\",le=\"0.01\"} 1"), "{text}");
        assert!(text.ends_with("# EOF\n"));
    }
}
