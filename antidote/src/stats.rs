//! The stats service: the platform-wide view. It subscribes to NewLiveLesson, DeleteLiveLesson,
//! LiveLessonReady, LiveLessonFailed and ObjectiveComplete (every replica sees every event),
//! reads state (livelessons by lesson, stage and status; sessions) every `stats.refresh_ms`,
//! and writes nothing: not to the database, not to the bus.
//!
//! What it sees goes to the process's Prometheus metrics (`antidote_livelessons`,
//! `antidote_sessions_active`, `antidote_stats_*`) and, when `stats.influx_url` is set, to
//! InfluxDB as line protocol pushed every `stats.influx_interval_ms`
//! (what the original's stats exporter sent, with context: lesson, stage, outcome, and
//! durations in milliseconds as 64-bit integers, clamped rather than wrapped).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use antidote_lib::comms::{
    DeleteLiveLesson, Event, LiveLessonFailed, LiveLessonReady, NewLiveLesson, ObjectiveComplete,
    Received,
};
use antidote_lib::metrics::{self, EventLabels, LessonOutcome, LessonStage, LessonStageStatus};
use antidote_lib::store::Store;

use crate::context::{Context, ServiceError};

/// Most lines kept for InfluxDB while it does not answer (older ones are dropped first).
const MAX_PENDING_LINES: usize = 100_000;

/// Runs the stats service until `cx.shutdown` completes.
pub async fn run(cx: Context) -> Result<(), ServiceError> {
    let Context {
        config,
        store,
        comms,
        shutdown,
        ready,
        ..
    } = cx;
    let mut new = comms.subscribe::<NewLiveLesson>().await?;
    let mut delete = comms.subscribe::<DeleteLiveLesson>().await?;
    let mut up = comms.subscribe::<LiveLessonReady>().await?;
    let mut failed = comms.subscribe::<LiveLessonFailed>().await?;
    let mut objectives = comms.subscribe::<ObjectiveComplete>().await?;
    comms.bus().flush().await?;
    ready.up();
    let s = &config.stats;
    tracing::info!(
        refresh_ms = s.refresh_ms,
        influx = s.influx_url.as_deref().map(antidote_lib::comms::redact_url),
        "stats started"
    );
    let mut stats = Stats {
        store,
        influx: s.influx_url.clone(),
        pending: Vec::new(),
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap_or_default(),
    };
    let mut refresh = tokio::time::interval(Duration::from_millis(s.refresh_ms));
    refresh.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut push = tokio::time::interval(Duration::from_millis(s.influx_interval_ms));
    push.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let shutdown = shutdown.wait();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            m = new.next() => match m {
                Some(Ok(m)) => stats.requested(&m),
                Some(Err(e)) => tracing::warn!("ignoring a malformed event: {e}"),
                None => return Err(ended::<NewLiveLesson>(&comms)),
            },
            m = delete.next() => match m {
                Some(Ok(m)) => stats.delete(&m).await,
                Some(Err(e)) => tracing::warn!("ignoring a malformed event: {e}"),
                None => return Err(ended::<DeleteLiveLesson>(&comms)),
            },
            m = up.next() => match m {
                Some(Ok(m)) => stats.ready(&m),
                Some(Err(e)) => tracing::warn!("ignoring a malformed event: {e}"),
                None => return Err(ended::<LiveLessonReady>(&comms)),
            },
            m = failed.next() => match m {
                Some(Ok(m)) => stats.failed(&m).await,
                Some(Err(e)) => tracing::warn!("ignoring a malformed event: {e}"),
                None => return Err(ended::<LiveLessonFailed>(&comms)),
            },
            m = objectives.next() => match m {
                Some(Ok(m)) => stats.objective(&m).await,
                Some(Err(e)) => tracing::warn!("ignoring a malformed event: {e}"),
                None => return Err(ended::<ObjectiveComplete>(&comms)),
            },
            _ = refresh.tick() => {
                use tracing::Instrument as _;
                stats.refresh().instrument(tracing::info_span!("stats.refresh")).await;
            }
            _ = push.tick() => stats.push().await,
        }
    }
    stats.push().await;
    tracing::info!("stats stopped");
    Ok(())
}

fn ended<E: Event>(comms: &antidote_lib::comms::Comms) -> ServiceError {
    ServiceError::Bus(antidote_lib::comms::BusError::Subscribe {
        subject: comms.subject::<E>(),
        cause: "the subscription ended (the bus is gone)".into(),
    })
}

struct Stats {
    store: Store,
    influx: Option<String>,
    pending: Vec<String>,
    http: reqwest::Client,
}

impl Stats {
    fn count(&self, event: &'static str, lesson: &str) {
        metrics::metrics()
            .stats_events
            .get_or_create(&EventLabels {
                event,
                lesson: lesson.to_owned(),
            })
            .inc();
    }

    /// The lesson of a livelesson, from its row (`unknown` when it is gone).
    async fn lesson_of(&self, id: &str) -> (String, Option<i64>) {
        match self.store.livelesson(id).await {
            Ok(Some(ll)) => (ll.lesson_slug, Some(ll.created_at)),
            Ok(None) => ("unknown".into(), None),
            Err(e) => {
                tracing::warn!(livelesson = id, "cannot read a livelesson: {e}");
                ("unknown".into(), None)
            }
        }
    }

    fn line(&mut self, line: Line) {
        if self.influx.is_none() {
            return;
        }
        if self.pending.len() >= MAX_PENDING_LINES {
            self.pending.remove(0);
        }
        self.pending.push(line.finish(now_ns()));
    }

    fn requested(&mut self, m: &Received<NewLiveLesson>) {
        let e = &m.event;
        self.count(NewLiveLesson::SUBJECT, &e.lesson_slug);
        self.line(
            Line::new("livelesson_requested")
                .tag("lesson", &e.lesson_slug)
                .tag("stage", &e.stage.to_string())
                .int("count", 1),
        );
    }

    async fn delete(&mut self, m: &Received<DeleteLiveLesson>) {
        let (lesson, _) = self.lesson_of(&m.event.livelesson_id).await;
        self.count(DeleteLiveLesson::SUBJECT, &lesson);
        self.line(
            Line::new("livelesson_deleted")
                .tag("lesson", &lesson)
                .int("count", 1),
        );
    }

    fn ready(&mut self, m: &Received<LiveLessonReady>) {
        let e = &m.event;
        self.count(LiveLessonReady::SUBJECT, &e.lesson_slug);
        metrics::metrics()
            .stats_start_duration
            .get_or_create(&LessonOutcome {
                lesson: e.lesson_slug.clone(),
                outcome: "ready",
            })
            .observe(Duration::from_millis(e.duration_ms).as_secs_f64());
        self.line(
            Line::new("livelesson_started")
                .tag("lesson", &e.lesson_slug)
                .tag("stage", &e.stage.to_string())
                .tag("outcome", "ready")
                .int("duration_ms", clamp(e.duration_ms)),
        );
    }

    async fn failed(&mut self, m: &Received<LiveLessonFailed>) {
        let e = &m.event;
        self.count(LiveLessonFailed::SUBJECT, &e.lesson_slug);
        let (_, created_at) = self.lesson_of(&e.livelesson_id).await;
        let mut line = Line::new("livelesson_started")
            .tag("lesson", &e.lesson_slug)
            .tag("stage", &e.stage.to_string())
            .tag("outcome", "failed")
            .text("reason", &e.reason);
        if let Some(created_at) = created_at {
            let ms = antidote_lib::store::now_ms()
                .saturating_sub(created_at)
                .max(0);
            metrics::metrics()
                .stats_start_duration
                .get_or_create(&LessonOutcome {
                    lesson: e.lesson_slug.clone(),
                    outcome: "failed",
                })
                .observe(Duration::from_millis(ms.unsigned_abs()).as_secs_f64());
            line = line.int("duration_ms", ms);
        }
        self.line(line);
    }

    async fn objective(&mut self, m: &Received<ObjectiveComplete>) {
        let e = &m.event;
        let (lesson, _) = self.lesson_of(&e.livelesson_id).await;
        self.count(ObjectiveComplete::SUBJECT, &lesson);
        metrics::metrics()
            .stats_objectives
            .get_or_create(&LessonStage {
                lesson: lesson.clone(),
                stage: e.stage,
            })
            .inc();
        self.line(
            Line::new("objective_completed")
                .tag("lesson", &lesson)
                .tag("stage", &e.stage.to_string())
                .int("objective", i64::from(e.objective)),
        );
    }

    /// Reads livelessons and sessions: the gauges, and a snapshot in line protocol.
    async fn refresh(&mut self) {
        let (livelessons, sessions) =
            match (self.store.livelessons().await, self.store.sessions().await) {
                (Ok(l), Ok(s)) => (l, s),
                (Err(e), _) | (_, Err(e)) => {
                    tracing::warn!("cannot read the platform's state: {e}");
                    return;
                }
            };
        let mut by: BTreeMap<(String, u32, &'static str), i64> = BTreeMap::new();
        for ll in &livelessons {
            *by.entry((
                ll.lesson_slug.clone(),
                ll.stage.unsigned_abs(),
                ll.status.as_str(),
            ))
            .or_default() += 1;
        }
        let m = metrics::metrics();
        // Lessons and stages that have no livelesson any more leave the view.
        m.livelessons.clear();
        for ((lesson, stage, status), n) in &by {
            m.livelessons
                .get_or_create(&LessonStageStatus {
                    lesson: lesson.clone(),
                    stage: *stage,
                    status: (*status).to_owned(),
                })
                .set(*n);
            self.line(
                Line::new("livelessons")
                    .tag("lesson", lesson)
                    .tag("stage", &stage.to_string())
                    .tag("status", status)
                    .int("count", *n),
            );
        }
        let active = i64::try_from(sessions.len()).unwrap_or(i64::MAX);
        m.sessions_active.set(active);
        self.line(Line::new("sessions").int("active", active));
    }

    /// Sends the pending lines to InfluxDB; on failure they are kept for the next push.
    async fn push(&mut self) {
        let Some(url) = &self.influx else { return };
        if self.pending.is_empty() {
            return;
        }
        let body = self.pending.join("\n") + "\n";
        let sent = self
            .http
            .post(url)
            .header("content-type", "text/plain; charset=utf-8")
            .body(body)
            .send()
            .await;
        match sent {
            Ok(r) if r.status().is_success() => self.pending.clear(),
            Ok(r) => tracing::warn!(
                influx = %antidote_lib::comms::redact_url(url),
                status = r.status().as_u16(),
                "InfluxDB refused the stats; kept for the next push"
            ),
            // reqwest's error names the URL: redacted here, so only the kind is said.
            Err(e) => tracing::warn!(
                influx = %antidote_lib::comms::redact_url(url),
                timeout = e.is_timeout(),
                connect = e.is_connect(),
                "cannot reach InfluxDB; the stats are kept for the next push"
            ),
        }
    }
}

/// A duration in milliseconds as InfluxDB's 64-bit integer, clamped.
fn clamp(ms: u64) -> i64 {
    i64::try_from(ms).unwrap_or(i64::MAX)
}

fn now_ns() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

/// One line of InfluxDB line protocol: `measurement,tag=v field=1i timestamp`.
struct Line {
    text: String,
    fields: usize,
}

impl Line {
    fn new(measurement: &str) -> Line {
        Line {
            text: escape(measurement, &[',', ' ']),
            fields: 0,
        }
    }

    fn tag(mut self, key: &str, value: &str) -> Line {
        let _ = write!(
            self.text,
            ",{}={}",
            escape(key, &[',', '=', ' ']),
            escape(value, &[',', '=', ' '])
        );
        self
    }

    fn sep(&mut self) {
        self.text.push(if self.fields == 0 { ' ' } else { ',' });
        self.fields += 1;
    }

    fn int(mut self, key: &str, value: i64) -> Line {
        self.sep();
        let _ = write!(self.text, "{}={value}i", escape(key, &[',', '=', ' ']));
        self
    }

    fn text(mut self, key: &str, value: &str) -> Line {
        self.sep();
        let _ = write!(
            self.text,
            "{}=\"{}\"",
            escape(key, &[',', '=', ' ']),
            value
                .replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace('\n', " ")
        );
        self
    }

    fn finish(self, ns: i64) -> String {
        format!("{} {ns}", self.text)
    }
}

/// Escapes `special` (and backslashes) with a backslash; newlines become spaces.
fn escape(s: &str, special: &[char]) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '\n' {
            out.push(' ');
            continue;
        }
        if c == '\\' || special.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_protocol_escapes_and_types() {
        let line = Line::new("livelesson_started")
            .tag("lesson", "a b,c=d")
            .int("duration_ms", clamp(u64::MAX))
            .text("reason", "it said \"no\"\nthen")
            .finish(7);
        assert_eq!(
            line,
            "livelesson_started,lesson=a\\ b\\,c\\=d duration_ms=9223372036854775807i,reason=\"it said \\\"no\\\" then\" 7"
        );
    }
}
