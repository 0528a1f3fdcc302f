//! `AD208 extra-stage-directory`: a stageN directory beyond the lesson's declared stages.

use crate::validate::{Rule, Severity};

/// `AD208 extra-stage-directory`.
pub static RULE: Rule = Rule {
    code: "AD208",
    name: "extra-stage-directory",
    severity: Severity::Warning,
    summary: "A stageN directory beyond the lesson's declared stages.",
    why: "Stage directories are matched to `stages` by position. A `stageN` directory with no stage is never shown: usually a stage that was removed from the list but not from disk, or one that was never added to it.",
    example: "stages:\n- description: Only stage\n  guideType: markdown\n# but the lesson also has a stage1/ directory",
};

/// Reports `stageN` directories beyond the declared stages.
pub(crate) fn check(cx: &super::LessonCx<'_>, out: &mut Vec<crate::validate::Diagnostic>) {
    let declared = cx.lesson.stages.len();
    for n in cx.dir.stage_dirs.iter().filter(|n| **n as usize >= declared) {
        let declared_dirs = match declared {
            0 => "no stages".to_owned(),
            1 => "1 stage (stage0)".to_owned(),
            n => format!("{n} stages (stage0 to stage{})", n - 1),
        };
        out.push(
            cx.at_key(&RULE, &["stages".into()], format!("directory stage{n}/ has no stage: the lesson declares {declared_dirs}"))
                .with_help(format!("add a stage for stage{n}/ to `stages`, or remove the directory")),
        );
    }
}
