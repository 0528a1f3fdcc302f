//! `AD206 missing-guide`: a stage has no guide file.

use crate::validate::{Rule, Severity};

/// `AD206 missing-guide`.
pub static RULE: Rule = Rule {
    code: "AD206",
    name: "missing-guide",
    severity: Severity::Error,
    summary: "A stage has no guide file.",
    why: "Each stage N shows `stageN/guide.md` (guideType markdown) or `stageN/guide.ipynb` (guideType jupyter). Without it the learner gets an empty stage.",
    example: "stages:\n- description: Getting started\n  guideType: jupyter\n# but stage0/guide.ipynb does not exist",
};

/// Reports stages whose guide file is missing.
pub(crate) fn check(cx: &super::LessonCx<'_>, out: &mut Vec<crate::validate::Diagnostic>) {
    for (n, stage) in cx.lesson.stages.iter().enumerate() {
        let file = format!("stage{n}/{}", stage.guide_type.file_name());
        if !cx.has_file(&file) {
            let other = match stage.guide_type {
                crate::curriculum::GuideType::Markdown => "guide.ipynb",
                crate::curriculum::GuideType::Jupyter => "guide.md",
            };
            let mut d = cx.at(&RULE, &["stages".into(), n.into(), "guideType".into()], format!("stage {n} has no guide: expected {file}"));
            d = if cx.has_file(&format!("stage{n}/{other}")) {
                d.with_help(format!("stage{n}/{other} exists: set guideType to match it"))
            } else {
                d.with_help(format!("create {file}"))
            };
            out.push(d);
        }
    }
}
