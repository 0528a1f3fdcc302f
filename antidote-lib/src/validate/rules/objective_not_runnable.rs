//! `AD215 objective-not-runnable`: an objective or solution script that cannot be run.

use std::io::Read as _;

use crate::validate::{Rule, Severity};

/// `AD215 objective-not-runnable`.
pub static RULE: Rule = Rule {
    code: "AD215",
    name: "objective-not-runnable",
    severity: Severity::Error,
    summary: "An objective or solution script is neither Python nor an executable with an interpreter line.",
    why: "A `.py` script runs with `python3`; any other script runs itself, so it must be executable (`chmod +x`) and start with an interpreter line (`#!/bin/sh`). Otherwise the check fails every time, as an error.",
    example: "# stage1/objectives/objective0.sh, mode 0644, or without `#!`",
};

/// Reports objective and solution scripts that cannot run.
pub(crate) fn check(cx: &super::LessonCx<'_>, out: &mut Vec<crate::validate::Diagnostic>) {
    for (n, stage) in cx.lesson.stages.iter().enumerate() {
        let Some(verification) = &stage.verification else { continue };
        for m in 0..verification.objectives.len() {
            for kind in ["objectives", "solutions"] {
                let Some(file) = cx.script(n, kind, m) else { continue };
                if file.ends_with(".py") {
                    continue;
                }
                let Some(why) = not_runnable(&cx.disk_path(file)) else { continue };
                out.push(
                    cx.at(
                        &RULE,
                        &["stages".into(), n.into(), "verification".into(), "objectives".into(), m.into()],
                        format!("{file} cannot run: {why}"),
                    )
                    .with_help(format!(
                        "make it executable with an interpreter line (`chmod +x {file}`, `#!/bin/sh` first), or write it in Python as objective{m}.py"
                    )),
                );
            }
        }
    }
}

/// Why the file at `path` cannot run itself, if it cannot.
fn not_runnable(path: &std::path::Path) -> Option<&'static str> {
    use std::os::unix::fs::PermissionsExt as _;
    let meta = std::fs::metadata(path).ok()?;
    if meta.permissions().mode() & 0o111 == 0 {
        return Some("it is not executable");
    }
    let mut start = [0u8; 2];
    let read = std::fs::File::open(path).and_then(|mut f| f.read(&mut start)).ok()?;
    (read < 2 || &start != b"#!").then_some("it has no interpreter line (`#!`)")
}
