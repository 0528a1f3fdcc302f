//! `AD207 missing-objective-script`: an objective has no script that checks it.

use crate::validate::{Rule, Severity};

/// `AD207 missing-objective-script`.
pub static RULE: Rule = Rule {
    code: "AD207",
    name: "missing-objective-script",
    severity: Severity::Error,
    summary: "An objective has no script that checks it.",
    why: "Objective M of stage N is checked by `stageN/objectives/objectiveM.py` (or another `objectiveM.<ext>` that is executable; M from 0, in the order listed). Without the script the objective can never be completed.",
    example: "stages:\n- guideType: markdown\n  verification:\n    objectives: [\"Create notes.txt\"]\n# but stage0/objectives/objective0.py does not exist",
};

/// Reports objectives without their checking script.
pub(crate) fn check(cx: &super::LessonCx<'_>, out: &mut Vec<crate::validate::Diagnostic>) {
    for (n, stage) in cx.lesson.stages.iter().enumerate() {
        let Some(verification) = &stage.verification else { continue };
        for m in 0..verification.objectives.len() {
            let file = format!("stage{n}/objectives/objective{m}.py");
            if cx.script(n, "objectives", m).is_none() {
                out.push(
                    cx.at(&RULE, &["stages".into(), n.into(), "verification".into(), "objectives".into(), m.into()], format!("objective {m} of stage {n} has no script: expected {file}"))
                        .with_help(format!("create {file}: it exits 0 when the objective is met")),
                );
            }
        }
    }
}
