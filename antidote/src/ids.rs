//! Unguessable identifiers for sessions and livelessons.

/// A new random id: 128 bits from the operating system's generator, as 32 lowercase hex digits.
pub fn new_id() -> String {
    hex(&random::<16>())
}

/// A short random reference that ties an error answer to its log line.
pub fn short_reference() -> String {
    hex(&random::<4>())
}

fn random<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    // The OS generator failing is not something a service can go on from.
    getrandom::fill(&mut bytes).expect("the operating system's random generator works");
    bytes
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `s` looks like an id from [`new_id`] (checked before touching the database).
pub fn is_id(s: &str) -> bool {
    s.len() == 32
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_are_128_bit_hex_and_differ() {
        let a = super::new_id();
        assert!(super::is_id(&a), "{a}");
        assert_ne!(a, super::new_id());
        assert!(!super::is_id("../etc/passwd"));
    }
}
