//! `AD301 unknown-image`: an endpoint uses an image that the curriculum does not define.

use crate::validate::{Rule, Severity};

/// `AD301 unknown-image`.
pub static RULE: Rule = Rule {
    code: "AD301",
    name: "unknown-image",
    severity: Severity::Error,
    summary: "An endpoint uses an image that the curriculum does not define.",
    why: "Every endpoint image must have `images/<image>/image.meta.yaml`: it says how the image is run and which credentials configuration uses. The original platform never checked this, so lessons shipped that could never start.",
    example: "endpoints:\n- name: kali\n  image: kali   # no images/kali/image.meta.yaml\n  presentations: [{name: cli, port: 22, type: ssh}]",
};

/// Reports endpoints whose image the curriculum does not define.
pub(crate) fn check(cx: &super::LessonCx<'_>, out: &mut Vec<crate::validate::Diagnostic>) {
    for (i, ep) in cx.lesson.endpoints.iter().enumerate() {
        if ep.image.is_empty() || cx.cx.images.contains(ep.image.as_str()) {
            continue;
        }
        let mut d = cx.at(&RULE, &["endpoints".into(), i.into(), "image".into()], format!("endpoint `{}` uses image `{}`, which the curriculum does not define", ep.name, ep.image));
        d = match crate::validate::diagnostic::did_you_mean(&ep.image, cx.cx.images.iter().copied()) {
            Some(m) => d.with_help(format!("did you mean `{m}`? (or add images/{}/image.meta.yaml)", ep.image)),
            None => d.with_help(format!("add images/{}/image.meta.yaml", ep.image)),
        };
        out.push(d);
    }
}
