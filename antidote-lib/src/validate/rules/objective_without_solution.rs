//! `AD216 objective-without-solution`: an objective without a solution script, reported when
//! solutions are required (`antidotectl validate --require-solutions`).

use crate::validate::{Rule, Severity};

/// `AD216 objective-without-solution`.
pub static RULE: Rule = Rule {
    code: "AD216",
    name: "objective-without-solution",
    severity: Severity::Error,
    summary: "An objective has no solution script (only with `--require-solutions`).",
    why: "`antidotectl lesson test` proves a lesson can be solved by running `stageN/solutions/objectiveM.<ext>` and checking objective M again. Without a solution an objective is only checked to start incomplete. Curricula that want every objective proven validate with `--require-solutions`.",
    example: "stages:\n- guideType: markdown\n  verification:\n    objectives: [\"Create notes.txt\"]\n# stage0/objectives/objective0.py exists, stage0/solutions/objective0.py does not",
};

/// Reports objectives without a solution, when solutions are required.
pub(crate) fn check(cx: &super::LessonCx<'_>, out: &mut Vec<crate::validate::Diagnostic>) {
    if !cx.cx.require_solutions {
        return;
    }
    for (n, stage) in cx.lesson.stages.iter().enumerate() {
        let Some(verification) = &stage.verification else { continue };
        for m in 0..verification.objectives.len() {
            if cx.script(n, "solutions", m).is_none() {
                let file = format!("stage{n}/solutions/objective{m}.py");
                out.push(
                    cx.at(
                        &RULE,
                        &["stages".into(), n.into(), "verification".into(), "objectives".into(), m.into()],
                        format!("objective {m} of stage {n} has no solution: expected {file}"),
                    )
                    .with_help(format!("create {file}: it makes the objective true, as a learner would")),
                );
            }
        }
    }
}
