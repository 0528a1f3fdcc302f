//! `AD213 reserved-interface`: an image lists eth0 in networkInterfaces.

use crate::validate::{Rule, Severity};

/// `AD213 reserved-interface`.
pub static RULE: Rule = Rule {
    code: "AD213",
    name: "reserved-interface",
    severity: Severity::Error,
    summary: "An image lists eth0 in networkInterfaces.",
    why: "`eth0` is the management interface that every endpoint gets from the platform; connections attach to the interfaces after it. Listing it as a connectable interface would wire a lesson link over the management network.",
    example: "slug: vqfx\ndescription: vQFX\nflavor: trusted\nnetworkInterfaces: [eth0, eth1]",
};

/// Reports an image that lists `eth0` among its connectable interfaces.
pub(crate) fn check(doc: &crate::curriculum::Document, image: &crate::curriculum::Image, out: &mut Vec<crate::validate::Diagnostic>) {
    if let Some(i) = image.network_interfaces.iter().position(|n| n == "eth0") {
        out.push(
            RULE.diagnostic(&doc.file, doc.value_pos(&["networkInterfaces".into(), i.into()]), "networkInterfaces lists eth0, the reserved management interface")
                .with_help("remove eth0: connections use the interfaces after it (eth1, eth2, ...)"),
        );
    }
}
