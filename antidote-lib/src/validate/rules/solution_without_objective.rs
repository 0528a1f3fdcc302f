//! `AD214 solution-without-objective`: a solution script whose objective the stage does not
//! list.

use crate::validate::{Rule, Severity};

/// `AD214 solution-without-objective`.
pub static RULE: Rule = Rule {
    code: "AD214",
    name: "solution-without-objective",
    severity: Severity::Warning,
    summary: "A solution script has no objective to solve.",
    why: "`stageN/solutions/objectiveM.<ext>` solves objective M of stage N (`antidotectl lesson test` runs it, then checks the objective). When the stage lists fewer objectives, nothing runs it: usually the objectives were renumbered and the solution was not.",
    example: "stages:\n- guideType: markdown\n  verification:\n    objectives: [\"Create notes.txt\"]\n# and stage0/solutions/objective1.py exists",
};

/// Reports solutions without their objective.
pub(crate) fn check(cx: &super::LessonCx<'_>, out: &mut Vec<crate::validate::Diagnostic>) {
    for (n, stage) in cx.lesson.stages.iter().enumerate() {
        let count = stage.verification.as_ref().map_or(0, |v| v.objectives.len());
        let prefix = format!("stage{n}/solutions/objective");
        let mut extra: Vec<&String> = cx
            .dir
            .files
            .iter()
            .filter(|f| {
                f.strip_prefix(&prefix)
                    .and_then(|rest| rest.split_once('.'))
                    .and_then(|(m, _)| m.parse::<usize>().ok())
                    .is_some_and(|m| m >= count)
            })
            .collect();
        extra.sort();
        for file in extra {
            out.push(
                cx.at(
                    &RULE,
                    &["stages".into(), n.into()],
                    format!(
                        "{file} solves no objective: stage {n} lists {count} objective{}",
                        if count == 1 { "" } else { "s" }
                    ),
                )
                .with_help("renumber it after its objective, or remove it"),
            );
        }
    }
}
