//! Kubernetes' name rules, kept for every object of a livelesson: names of namespaced objects
//! are DNS-1035 labels (lower-case letters, digits and `-`, starting with a letter, at most 63
//! characters), namespaces DNS-1123 labels, label values at most 63 characters of letters,
//! digits, `-`, `_` and `.` starting and ending alphanumeric, Linux bridge names at most 15
//! characters.
//!
//! A value that already follows the rule is kept as it is (so names stay the original's:
//! `{instanceId}-{livelessonId}`, the endpoint's own name); one that does not is made to
//! follow it and given a short hash of the original, so that two different values never
//! become the same name.

/// The longest DNS label and label value.
pub const MAX_LABEL: usize = 63;

/// The longest Linux interface (bridge) name.
pub const MAX_BRIDGE: usize = 15;

/// 8 hex digits of the BLAKE3 hash of `s`.
fn hash8(s: &str) -> String {
    blake3::hash(s.as_bytes()).to_hex()[..8].to_owned()
}

/// Whether `s` is a DNS-1123 label (`start_letter`: a DNS-1035 label).
fn is_dns_label(s: &str, start_letter: bool) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= MAX_LABEL
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && (if start_letter {
            b[0].is_ascii_lowercase()
        } else {
            b[0].is_ascii_alphanumeric()
        })
        && b[b.len() - 1].is_ascii_alphanumeric()
}

/// `s` as a label of at most `max` characters (DNS-1035 when `start_letter`): kept when it
/// follows the rule, else lower-cased, other characters made `-`, and a hash of `s` added.
fn dns_label(s: &str, max: usize, start_letter: bool) -> String {
    if s.len() <= max && is_dns_label(s, start_letter) {
        return s.to_owned();
    }
    let mut clean: String = s
        .chars()
        .map(|c| match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9') => c,
            _ => '-',
        })
        .collect();
    if start_letter && !clean.starts_with(|c: char| c.is_ascii_lowercase()) {
        clean.insert_str(0, "x-");
    }
    let suffix = hash8(s);
    clean.truncate(max - suffix.len() - 1);
    let clean = clean.trim_matches('-');
    if clean.is_empty() {
        format!("x{}", &suffix[..suffix.len().min(max - 1)])
    } else {
        format!("{clean}-{suffix}")
    }
}

/// The name of a namespaced object (a pod, service, ingress, job, network attachment)
/// made from `s`: `s` itself when it is a DNS-1035 label.
pub fn object(s: &str) -> String {
    dns_label(s, MAX_LABEL, true)
}

/// The namespace of livelesson `id` of `instance`: `{instance}-{id}` as the original named it,
/// when that is a DNS-1123 label; else the instance part is made to follow the rule (and
/// hashed), and the id kept whole.
pub fn namespace(instance: &str, id: &str) -> String {
    let whole = format!("{instance}-{id}");
    if is_dns_label(&whole, false) {
        return whole;
    }
    let id = dns_label(id, 40, false);
    let room = MAX_LABEL - id.len() - 1;
    format!("{}-{id}", dns_label(instance, room, false))
}

/// `s` as a label value: itself when it is one, else cleaned and hashed.
pub fn label_value(s: &str) -> String {
    let valid = |s: &str| {
        let b = s.as_bytes();
        b.is_empty()
            || (b.len() <= MAX_LABEL
                && b.iter()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
                && b[0].is_ascii_alphanumeric()
                && b[b.len() - 1].is_ascii_alphanumeric())
    };
    if valid(s) {
        return s.to_owned();
    }
    let suffix = hash8(s);
    let mut clean: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    clean.truncate(MAX_LABEL - suffix.len() - 1);
    let clean = clean.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    if clean.is_empty() {
        suffix
    } else {
        format!("{clean}-{suffix}")
    }
}

/// The first label of an ingress host: `{namespace}-{part}` (the original's
/// `{namespace}-{endpoint}-{presentation}`, `part` being `{endpoint}-{presentation}`) when
/// that fits in a DNS label; else `part` is shortened and hashed, the namespace kept whole
/// (it makes the host unique) while it leaves room, else the whole is hashed.
pub fn host_label(namespace: &str, part: &str) -> String {
    let whole = format!("{namespace}-{part}").to_ascii_lowercase();
    if is_dns_label(&whole, false) {
        return whole;
    }
    let tail = hash8(part);
    // `{namespace}-{tail}` at the least.
    if namespace.len() + 1 + tail.len() > MAX_LABEL || !is_dns_label(namespace, false) {
        return dns_label(&whole, MAX_LABEL, false);
    }
    let room = MAX_LABEL - namespace.len() - 1 - tail.len();
    let mut cleaned: String = part
        .chars()
        .map(|c| match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9') => c,
            _ => '-',
        })
        .collect();
    // `-{cleaned}` must fit in what is left.
    cleaned.truncate(room.saturating_sub(1));
    let cleaned = cleaned.trim_matches('-');
    if cleaned.is_empty() {
        format!("{namespace}-{tail}")
    } else {
        format!("{namespace}-{cleaned}-{tail}")
    }
}

/// 8 hex digits of a hash of `s`: what makes two names that came out the same differ again.
pub fn short_hash(s: &str) -> String {
    hash8(s)
}

/// The Linux bridge of connection `index` of the livelesson in `namespace`: at most 15
/// characters, the same for the same livelesson and connection, different otherwise (48
/// bits of a hash: bridges are per node, where a few hundred livelessons run).
pub fn bridge(namespace: &str, index: usize) -> String {
    let h = blake3::hash(format!("{namespace}/{index}").as_bytes()).to_hex();
    format!("ad{}", &h[..MAX_BRIDGE - 2])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid_label_value(s: &str) -> bool {
        s.len() <= MAX_LABEL && label_value(s) == s
    }

    #[test]
    fn names_that_follow_the_rules_are_kept() {
        assert_eq!(object("vqfx1"), "vqfx1");
        assert_eq!(object("branch-1"), "branch-1");
        assert_eq!(
            namespace("antidote", "0123456789abcdef0123456789abcdef"),
            "antidote-0123456789abcdef0123456789abcdef"
        );
        assert_eq!(label_value("linux-basics"), "linux-basics");
        assert_eq!(label_value(""), "");
        assert_eq!(
            host_label("antidote-0123", "web1-http"),
            "antidote-0123-web1-http"
        );
    }

    #[test]
    fn names_that_do_not_are_made_to_and_stay_distinct() {
        for s in [
            "R1",
            "r1",
            "1router",
            "a_b",
            "-x-",
            "Über",
            "",
            "x".repeat(80).as_str(),
        ] {
            let o = object(s);
            assert!(is_dns_label(&o, true), "{s:?} -> {o:?}");
        }
        assert_ne!(object("R1"), object("r1"));
        assert_ne!(object("a-b"), object("a_b"));
        let long = "l".repeat(70);
        assert_ne!(object(&long), object(&format!("{long}x")));
        assert_eq!(
            object(&long),
            object(&long),
            "the same value gives the same name"
        );
    }

    #[test]
    fn namespaces_of_long_or_odd_instance_ids_are_labels_and_keep_the_id() {
        let id = "0123456789abcdef0123456789abcdef";
        for instance in [
            "antidote",
            "Prod_EU",
            "a-very-long-instance-identifier-that-goes-on-and-on-and-on",
            "_x_",
            "-",
        ] {
            let ns = namespace(instance, id);
            assert!(is_dns_label(&ns, false), "{instance:?} -> {ns:?}");
            assert!(ns.ends_with(id), "{ns}");
        }
        assert_ne!(namespace("Prod", id), namespace("prod", id));
        // A livelesson id that is not ours (a test's) is still made to fit.
        let odd = namespace("antidote", &"Z".repeat(70));
        assert!(is_dns_label(&odd, false), "{odd}");
    }

    #[test]
    fn label_values_of_long_slugs_and_instance_ids_fit() {
        let slug = "a-lesson-slug-that-is-much-longer-than-sixty-three-characters-allow";
        let v = label_value(slug);
        assert!(valid_label_value(&v), "{v}");
        assert!(v.len() <= MAX_LABEL);
        assert_ne!(v, label_value(&format!("{slug}-two")));
        for odd in ["-lead", "trail_", "spaces in it", "ünïcode"] {
            let v = label_value(odd);
            assert!(valid_label_value(&v), "{odd:?} -> {v:?}");
        }
    }

    #[test]
    fn ingress_hosts_fit_one_dns_label() {
        let ns = namespace("antidote", "0123456789abcdef0123456789abcdef");
        let h = host_label(&ns, "a-rather-long-endpoint-name-web-presentation");
        assert!(is_dns_label(&h, false) && h.starts_with(&ns), "{h}");
        assert_ne!(
            h,
            host_label(&ns, "a-rather-long-endpoint-name-web-presentation2")
        );
        // Namespaces of every length around the limits (instance ids of 20 to 31
        // characters): each fits, and keeps the namespace while there is room.
        for n in 40..=70 {
            let ns = "n".repeat(n);
            let h = host_label(&ns, "endpoint-presentation");
            assert!(is_dns_label(&h, false), "{n}: {h}");
            if n + 1 + 8 <= MAX_LABEL {
                assert!(h.starts_with(&format!("{ns}-")), "{n}: {h}");
            }
        }
        assert_eq!(
            host_label(&"n".repeat(54), "endpoint-presentation").len(),
            MAX_LABEL
        );
    }

    #[test]
    fn bridges_are_fifteen_characters_and_differ() {
        let a = bridge("antidote-1", 0);
        assert_eq!(a.len(), MAX_BRIDGE);
        assert_ne!(a, bridge("antidote-1", 1));
        assert_ne!(a, bridge("antidote-2", 0));
        assert_eq!(a, bridge("antidote-1", 0));
    }
}
