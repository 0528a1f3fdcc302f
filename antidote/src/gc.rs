//! gc: deletes what nobody uses any more, any number of replicas at once.
//!
//! Every `gc.interval_ms` a replica asks for the deletion of livelessons idle past
//! `gc.livelesson_ttl_ms` (sessions marked persistent excepted): one statement with `FOR UPDATE
//! SKIP LOCKED` checks their idleness and records the request in each row, so that replicas
//! never take the same ones, and activity before it keeps a livelesson. It then tells the
//! schedulers (DeleteLiveLesson); a scheduler tears each down and deletes it, and one that
//! misses the message finds the request in the database at its next sweep. Sessions idle past
//! `gc.session_ttl_ms` with no livelessons own nothing outside the database: they are deleted
//! directly.

use std::time::Duration;

use antidote_lib::comms::{Comms, DeleteLiveLesson, TraceContext};
use antidote_lib::config::Config;
use antidote_lib::store::Store;
use tracing::Instrument as _;

use crate::context::{Context, ServiceError};

/// Most batches per round (a round stays bounded however much is due).
const MAX_BATCHES: usize = 10;

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Round {
    /// Livelessons whose deletion was asked for.
    pub livelessons: usize,
    /// Sessions deleted.
    pub sessions: usize,
}

/// Runs gc rounds until `cx.shutdown` completes.
pub async fn run(cx: Context) -> Result<(), ServiceError> {
    let Context {
        config,
        store,
        comms,
        shutdown,
        ready,
        ..
    } = cx;
    let shutdown = shutdown.wait();
    ready.up();
    tracing::info!(
        interval_ms = config.gc.interval_ms,
        livelesson_ttl_ms = config.gc.livelesson_ttl_ms,
        session_ttl_ms = config.gc.session_ttl_ms,
        "gc started"
    );
    let mut tick = tokio::time::interval(Duration::from_millis(config.gc.interval_ms));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            _ = tick.tick() => {
                let r = round(&config, &store, &comms)
                    .instrument(tracing::info_span!("gc.round"))
                    .await;
                let m = antidote_lib::metrics::metrics();
                m.gc_rounds.inc();
                for (kind, n) in [("livelessons", r.livelessons), ("sessions", r.sessions)] {
                    m.gc_deleted
                        .get_or_create(&antidote_lib::metrics::Deleted { kind })
                        .inc_by(u64::try_from(n).unwrap_or(u64::MAX));
                }
                if r != Round::default() {
                    tracing::info!(livelessons = r.livelessons, sessions = r.sessions, "gc round");
                }
            }
        }
    }
    tracing::info!("gc stopped");
    Ok(())
}

/// One round: expired livelessons, then idle sessions. Errors are logged; the next round
/// tries again.
pub async fn round(config: &Config, store: &Store, comms: &Comms) -> Round {
    let gc = &config.gc;
    let ms = |v: u64| i64::try_from(v).unwrap_or(i64::MAX);
    let batch = i64::from(gc.batch);
    let mut done = Round::default();
    for _ in 0..MAX_BATCHES {
        let idle_before = antidote_lib::store::now_ms() - ms(gc.livelesson_ttl_ms);
        let reason = format!(
            "idle for more than {} minutes",
            gc.livelesson_ttl_ms.div_ceil(60_000)
        );
        let ids = match store
            .claim_idle_livelessons(idle_before, &reason, batch)
            .await
        {
            Ok(ids) => ids,
            Err(e) => {
                tracing::error!("cannot look for idle livelessons: {e}");
                break;
            }
        };
        let full = ids.len() == usize::try_from(batch).unwrap_or(usize::MAX);
        done.livelessons += ids.len();
        for id in ids {
            let event = DeleteLiveLesson {
                livelesson_id: id,
                reason: reason.clone(),
            };
            // Only a nudge: the request is in the database for any scheduler's sweep.
            if let Err(e) = comms
                .publish(
                    &event,
                    &crate::telemetry::trace_of(&tracing::Span::current(), TraceContext::new_root),
                )
                .await
            {
                tracing::warn!(livelesson = %event.livelesson_id, "cannot tell the schedulers: {e}");
            }
        }
        if !full {
            break;
        }
    }
    for _ in 0..MAX_BATCHES {
        let idle_before = antidote_lib::store::now_ms() - ms(gc.session_ttl_ms);
        match store.delete_idle_sessions(idle_before, batch).await {
            Ok(ids) => {
                done.sessions += ids.len();
                if ids.len() < usize::try_from(batch).unwrap_or(usize::MAX) {
                    break;
                }
            }
            Err(e) => {
                tracing::error!("cannot delete idle sessions: {e}");
                break;
            }
        }
    }
    done
}
