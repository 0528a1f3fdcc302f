//! The six events of the design, as typed structs, and the [`Ack`] that answers a work request.
//!
//! Every event is JSON on the wire with snake_case keys (the Rust field names). Unknown keys are
//! ignored when reading, so a newer publisher may add a field without breaking older consumers;
//! removing or renaming a field is a breaking change of the wire format.
//!
//! The events that report a state change (LiveLessonReady, LiveLessonFailed, ObjectiveComplete)
//! are written to the store's outbox in the transaction of the change and published from there
//! at least once: each carries an `event_id` (32 hex digits, [`new_event_id`]) that is the same
//! in every copy of it, so a consumer drops duplicates by it (it is also the message's
//! `Nats-Msg-Id` header, by which JetStream drops them). A message without one (from an older
//! publisher) reads as an empty `event_id`.
//!
//! Subjects are grouped by hierarchy (`livelessons.*`, `objectives.*`); on the wire each is
//! prefixed with the instance id, e.g. `antidote.livelessons.new` (see [`super::Comms`]).

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// An event of the bus: its JSON shape (serde) and its subject below the instance prefix.
pub trait Event: Serialize + DeserializeOwned + Send + 'static {
    /// The subject below the instance prefix, e.g. `livelessons.new`.
    const SUBJECT: &'static str;
}

/// A livelesson was requested: a scheduler should provision it (a work request).
///
/// Published by the api; taken by one scheduler replica (queue group), seen by stats and the
/// checker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewLiveLesson {
    /// The livelesson's id.
    pub livelesson_id: String,
    /// The session the livelesson belongs to.
    pub session_id: String,
    /// The lesson's slug.
    pub lesson_slug: String,
    /// The stage to start at.
    pub stage: u32,
}

impl Event for NewLiveLesson {
    const SUBJECT: &'static str = "livelessons.new";
}

/// A livelesson should move to another stage (a work request).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageChangeLiveLesson {
    /// The livelesson's id.
    pub livelesson_id: String,
    /// The stage to move to.
    pub stage: u32,
}

impl Event for StageChangeLiveLesson {
    const SUBJECT: &'static str = "livelessons.stage";
}

/// A livelesson should be torn down (a work request), published by the api or the gc.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeleteLiveLesson {
    /// The livelesson's id.
    pub livelesson_id: String,
    /// Why it is deleted, e.g. `user request` or `idle past its ttl`.
    pub reason: String,
}

impl Event for DeleteLiveLesson {
    const SUBJECT: &'static str = "livelessons.delete";
}

/// A new event id: 128 random bits as 32 lowercase hex digits.
pub fn new_event_id() -> String {
    let mut bytes = [0u8; 16];
    // The OS generator failing is not something a service can go on from.
    getrandom::fill(&mut bytes).expect("the operating system's random generator works");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A livelesson reached READY (published by the scheduler, through the outbox).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveLessonReady {
    /// This event's id, the same in every copy of it: drop duplicates by it (empty from
    /// publishers older than the outbox).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub event_id: String,
    /// The livelesson's id.
    pub livelesson_id: String,
    /// The lesson's slug.
    pub lesson_slug: String,
    /// The stage that is ready.
    pub stage: u32,
    /// How long provisioning took, in milliseconds.
    pub duration_ms: u64,
}

impl Event for LiveLessonReady {
    const SUBJECT: &'static str = "livelessons.ready";
}

/// A livelesson failed (published by the scheduler, through the outbox).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveLessonFailed {
    /// This event's id, the same in every copy of it: drop duplicates by it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub event_id: String,
    /// The livelesson's id.
    pub livelesson_id: String,
    /// The lesson's slug.
    pub lesson_slug: String,
    /// The stage that failed.
    pub stage: u32,
    /// Why it failed.
    pub reason: String,
}

impl Event for LiveLessonFailed {
    const SUBJECT: &'static str = "livelessons.failed";
}

/// An objective of a stage passed (published by the checker, through the outbox).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectiveComplete {
    /// This event's id, the same in every copy of it: drop duplicates by it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub event_id: String,
    /// The livelesson's id.
    pub livelesson_id: String,
    /// The stage the objective belongs to.
    pub stage: u32,
    /// The objective's number within the stage.
    pub objective: u32,
}

impl Event for ObjectiveComplete {
    const SUBJECT: &'static str = "objectives.complete";
}

/// The answer to a work request (request-reply): whether the responder took the work.
///
/// An accepted request only means a responder took it: the outcome is in the database and in
/// later events. A refusal carries the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ack {
    /// Whether the responder took the work.
    pub accepted: bool,
    /// Why not, when refused (or a note when accepted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Ack {
    /// The work was taken.
    pub fn accepted() -> Ack {
        Ack {
            accepted: true,
            reason: None,
        }
    }

    /// The work was refused, for `reason`.
    pub fn refused(reason: impl Into<String>) -> Ack {
        Ack {
            accepted: false,
            reason: Some(reason.into()),
        }
    }
}

/// Every event's subject below the instance prefix, in the order of the design.
pub const SUBJECTS: [&str; 6] = [
    NewLiveLesson::SUBJECT,
    StageChangeLiveLesson::SUBJECT,
    DeleteLiveLesson::SUBJECT,
    LiveLessonReady::SUBJECT,
    LiveLessonFailed::SUBJECT,
    ObjectiveComplete::SUBJECT,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_snake_case() {
        let e = LiveLessonReady {
            event_id: String::new(),
            livelesson_id: "l1".into(),
            lesson_slug: "intro".into(),
            stage: 2,
            duration_ms: 1500,
        };
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            r#"{"livelesson_id":"l1","lesson_slug":"intro","stage":2,"duration_ms":1500}"#
        );
        assert_eq!(
            serde_json::to_string(&Ack::accepted()).unwrap(),
            r#"{"accepted":true}"#
        );
        let ack: Ack = serde_json::from_str(r#"{"accepted":false,"reason":"busy"}"#).unwrap();
        assert_eq!(ack, Ack::refused("busy"));
    }

    #[test]
    fn event_ids_are_sent_and_optional_when_read() {
        let id = new_event_id();
        assert_eq!(id.len(), 32);
        assert_ne!(id, new_event_id());
        let e = ObjectiveComplete {
            event_id: id.clone(),
            livelesson_id: "l1".into(),
            stage: 0,
            objective: 1,
        };
        let text = serde_json::to_string(&e).unwrap();
        assert_eq!(
            text,
            format!(r#"{{"event_id":"{id}","livelesson_id":"l1","stage":0,"objective":1}}"#)
        );
        // An older publisher's message has none.
        let old: ObjectiveComplete =
            serde_json::from_str(r#"{"livelesson_id":"l1","stage":0,"objective":1}"#).unwrap();
        assert_eq!(old.event_id, "");
    }

    #[test]
    fn unknown_keys_are_ignored() {
        let e: StageChangeLiveLesson =
            serde_json::from_str(r#"{"livelesson_id":"l1","stage":1,"later":true}"#).unwrap();
        assert_eq!(e.stage, 1);
    }

    #[test]
    fn subjects_are_distinct() {
        let mut s = SUBJECTS.to_vec();
        s.sort_unstable();
        s.dedup();
        assert_eq!(s.len(), 6);
    }
}
