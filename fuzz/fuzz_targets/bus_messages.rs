//! The bus messages: any bytes as the payload of each event and of an acknowledgement, and as a
//! `traceparent` header. Decoding gives the message or an error, never a panic; what decodes
//! encodes back to the same value.

#![no_main]

use antidote_lib::comms::{
    Ack, DeleteLiveLesson, LiveLessonFailed, LiveLessonReady, NewLiveLesson, ObjectiveComplete,
    StageChangeLiveLesson, TraceContext,
};
use libfuzzer_sys::fuzz_target;
use serde::Serialize;
use serde::de::DeserializeOwned;

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(data: &[u8]) {
    if let Ok(value) = serde_json::from_slice::<T>(data) {
        let again: T = serde_json::from_slice(&serde_json::to_vec(&value).unwrap()).unwrap();
        assert_eq!(again, value);
    }
}

fuzz_target!(|data: &[u8]| {
    round_trip::<NewLiveLesson>(data);
    round_trip::<StageChangeLiveLesson>(data);
    round_trip::<DeleteLiveLesson>(data);
    round_trip::<LiveLessonReady>(data);
    round_trip::<LiveLessonFailed>(data);
    round_trip::<ObjectiveComplete>(data);
    round_trip::<Ack>(data);
    if let Ok(text) = std::str::from_utf8(data)
        && let Some(trace) = TraceContext::parse(text)
    {
        // A context that parses prints as one that parses to the same.
        assert_eq!(TraceContext::parse(&trace.to_header()), Some(trace));
        let child = trace.child();
        assert_eq!(child.trace_id(), trace.trace_id());
    }
});
