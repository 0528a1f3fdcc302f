//! W3C trace context (`traceparent`) carried in message headers.
//!
//! The header value is `00-<trace id: 32 hex>-<parent id: 16 hex>-<flags: 2 hex>`
//! (<https://www.w3.org/TR/trace-context/>). Every message [`super::Comms`] publishes carries it
//! under [`TRACEPARENT`]; a receiver reads it back, and a missing or invalid header yields a new
//! root, so a consumer always has a context to continue.

use std::fmt;

/// The header name of the W3C trace context.
pub const TRACEPARENT: &str = "traceparent";

/// The flag bit "sampled".
const SAMPLED: u8 = 0x01;

/// A W3C trace context: the trace, the span that is the parent of the next one, and the flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TraceContext {
    trace_id: [u8; 16],
    parent_id: [u8; 8],
    flags: u8,
}

impl TraceContext {
    /// A new trace: random trace and span ids (never all zero), sampled.
    pub fn new_root() -> TraceContext {
        TraceContext {
            trace_id: random_nonzero(),
            parent_id: random_nonzero(),
            flags: SAMPLED,
        }
    }

    /// A new span in the same trace: same trace id and flags, a new random span id.
    pub fn child(&self) -> TraceContext {
        TraceContext {
            trace_id: self.trace_id,
            parent_id: random_nonzero(),
            flags: self.flags,
        }
    }

    /// A trace context from its parts; `None` when an id is all zero (not a valid context).
    pub fn from_parts(trace_id: [u8; 16], parent_id: [u8; 8], flags: u8) -> Option<TraceContext> {
        (trace_id != [0; 16] && parent_id != [0; 8]).then_some(TraceContext {
            trace_id,
            parent_id,
            flags,
        })
    }

    /// Reads a `traceparent` header value; `None` when it is not a valid one (bad shape,
    /// uppercase or non-hex digits, all-zero ids, version `ff`).
    ///
    /// Version `00` must be exactly the four fields; a later version may append fields after
    /// the fourth, which are ignored, as the specification asks.
    pub fn parse(value: &str) -> Option<TraceContext> {
        let value = value.trim();
        let b = value.as_bytes();
        if b.len() < 55 {
            return None;
        }
        let version = hex::<1>(&b[0..2])?[0];
        if version == 0xff || (version == 0 && b.len() != 55) || (b.len() > 55 && b[55] != b'-') {
            return None;
        }
        if b[2] != b'-' || b[35] != b'-' || b[52] != b'-' {
            return None;
        }
        let trace_id = hex::<16>(&b[3..35])?;
        let parent_id = hex::<8>(&b[36..52])?;
        let flags = hex::<1>(&b[53..55])?[0];
        if trace_id == [0; 16] || parent_id == [0; 8] {
            return None;
        }
        Some(TraceContext {
            trace_id,
            parent_id,
            flags,
        })
    }

    /// The header value, `00-<32 hex>-<16 hex>-<2 hex>` in lowercase.
    pub fn to_header(&self) -> String {
        self.to_string()
    }

    /// The trace id.
    pub fn trace_id(&self) -> [u8; 16] {
        self.trace_id
    }

    /// The trace id as 32 lowercase hex digits (for logs).
    pub fn trace_id_hex(&self) -> String {
        to_hex(&self.trace_id)
    }

    /// The parent (span) id.
    pub fn parent_id(&self) -> [u8; 8] {
        self.parent_id
    }

    /// The trace flags.
    pub fn flags(&self) -> u8 {
        self.flags
    }

    /// Whether the "sampled" flag is set.
    pub fn sampled(&self) -> bool {
        self.flags & SAMPLED != 0
    }
}

impl fmt::Display for TraceContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "00-{}-{}-{:02x}",
            to_hex(&self.trace_id),
            to_hex(&self.parent_id),
            self.flags
        )
    }
}

fn to_hex(bytes: &[u8]) -> String {
    use fmt::Write as _;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// `N` bytes from exactly `2 * N` lowercase hex digits.
fn hex<const N: usize>(b: &[u8]) -> Option<[u8; N]> {
    if b.len() != 2 * N {
        return None;
    }
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let mut out = [0u8; N];
    for (i, o) in out.iter_mut().enumerate() {
        *o = digit(b[2 * i])? << 4 | digit(b[2 * i + 1])?;
    }
    Some(out)
}

/// Random bytes, never all zero. The operating system's generator, with a fallback (std's
/// per-process random hash keys and a counter) if it fails, so this never fails.
fn random_nonzero<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    loop {
        if getrandom::fill(&mut out).is_err() {
            fallback_fill(&mut out);
        }
        if out.iter().any(|&b| b != 0) {
            return out;
        }
    }
}

fn fallback_fill(out: &mut [u8]) {
    use std::hash::{BuildHasher as _, Hasher as _};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    for chunk in out.chunks_mut(8) {
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        if let Ok(t) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            h.write_u128(t.as_nanos());
        }
        let v = h.finish().to_le_bytes();
        chunk.copy_from_slice(&v[..chunk.len()]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let t = TraceContext::new_root();
        let h = t.to_header();
        assert_eq!(h.len(), 55);
        assert!(h.starts_with("00-") && h.ends_with("-01"));
        assert_eq!(TraceContext::parse(&h), Some(t));
        assert!(t.sampled());
    }

    #[test]
    fn child_keeps_the_trace() {
        let t = TraceContext::new_root();
        let c = t.child();
        assert_eq!(c.trace_id(), t.trace_id());
        assert_ne!(c.parent_id(), t.parent_id());
        assert_eq!(c.flags(), t.flags());
    }

    #[test]
    fn parses_the_spec_example() {
        let t =
            TraceContext::parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").unwrap();
        assert_eq!(t.trace_id_hex(), "4bf92f3577b34da6a3ce929d0e0e4736");
        assert_eq!(
            t.parent_id(),
            [0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7]
        );
        assert_eq!(t.flags(), 1);
    }

    #[test]
    fn rejects_invalid() {
        for bad in [
            "",
            "garbage",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
            "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",
        ] {
            assert_eq!(TraceContext::parse(bad), None, "{bad}");
        }
        assert!(
            TraceContext::parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra")
                .is_some()
        );
    }
}
