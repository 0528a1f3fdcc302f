//! `AD209 invalid-subnet`: a connection subnet that is not a CIDR network.

use crate::validate::{Rule, Severity};

/// `AD209 invalid-subnet`.
pub static RULE: Rule = Rule {
    code: "AD209",
    name: "invalid-subnet",
    severity: Severity::Error,
    summary: "A connection subnet that is not a CIDR network.",
    why: "A connection's `subnet` addresses the link between its endpoints. It must be an IPv4 or IPv6 network in CIDR notation with no host bits set (`10.12.0.0/24`, not `10.12.0.1/24` or `10.12.0.0`).",
    example: "connections:\n- a: r1\n  b: r2\n  subnet: 10.12.0.0/33",
};

use std::net::IpAddr;

/// A parsed CIDR network: address and prefix length.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Net {
    pub addr: IpAddr,
    pub prefix: u8,
}

impl Net {
    fn bits(self) -> (u128, u8) {
        match self.addr {
            IpAddr::V4(a) => (u128::from(u32::from(a)), self.prefix + 96),
            IpAddr::V6(a) => (u128::from(a), self.prefix),
        }
    }

    /// Whether two networks share any address.
    pub fn overlaps(self, other: Net) -> bool {
        if self.addr.is_ipv4() != other.addr.is_ipv4() {
            return false;
        }
        let ((a, pa), (b, pb)) = (self.bits(), other.bits());
        let p = pa.min(pb);
        let mask = if p == 0 { 0 } else { u128::MAX << (128 - u32::from(p)) };
        a & mask == b & mask
    }
}

/// Parses `addr/prefix` with no host bits set, or says what is wrong.
pub(crate) fn parse(text: &str) -> Result<Net, String> {
    let Some((addr, prefix)) = text.split_once('/') else {
        return Err(format!("`{text}` has no prefix length"));
    };
    let addr: IpAddr = addr.parse().map_err(|_| format!("`{addr}` is not an IP address"))?;
    let max = if addr.is_ipv4() { 32 } else { 128 };
    let prefix: u8 = prefix
        .parse()
        .ok()
        .filter(|p| *p <= max)
        .ok_or_else(|| format!("`{prefix}` is not a prefix length (0 to {max})"))?;
    let net = Net { addr, prefix };
    let (bits, p) = net.bits();
    let host_mask = if p == 128 { 0 } else { u128::MAX >> u32::from(p) };
    if bits & host_mask != 0 {
        let base = bits & !host_mask;
        let base = match addr {
            IpAddr::V4(_) => IpAddr::from(std::net::Ipv4Addr::from(base as u32)),
            IpAddr::V6(_) => IpAddr::from(std::net::Ipv6Addr::from(base)),
        };
        return Err(format!("`{text}` has host bits set (the network is {base}/{prefix})"));
    }
    Ok(net)
}

/// Reports connection subnets that are not CIDR networks.
pub(crate) fn check(cx: &super::LessonCx<'_>, out: &mut Vec<crate::validate::Diagnostic>) {
    for (i, conn) in cx.lesson.connections.iter().enumerate() {
        if conn.subnet.is_empty() {
            continue;
        }
        if let Err(why) = parse(&conn.subnet) {
            out.push(
                cx.at(&RULE, &["connections".into(), i.into(), "subnet".into()], format!("subnet of connection {} <-> {} is not a CIDR network: {why}", conn.a, conn.b))
                    .with_help("write the network as address/prefix, e.g. 10.12.0.0/24"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn parses_and_compares_networks() {
        assert!(parse("10.12.0.0/24").is_ok());
        assert!(parse("2001:db8::/32").is_ok());
        assert!(parse("10.12.0.1/24").unwrap_err().contains("10.12.0.0/24"));
        assert!(parse("10.12.0.0").is_err());
        assert!(parse("10.12.0.0/33").is_err());
        assert!(parse("banana/8").is_err());
        let a = parse("10.0.0.0/16").unwrap();
        assert!(a.overlaps(parse("10.0.1.0/24").unwrap()));
        assert!(!a.overlaps(parse("10.1.0.0/16").unwrap()));
        assert!(!a.overlaps(parse("2001:db8::/32").unwrap()));
        assert!(parse("0.0.0.0/0").unwrap().overlaps(a));
    }
}
