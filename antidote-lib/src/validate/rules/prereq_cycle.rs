//! `AD304 prereq-cycle`: lessons that are prerequisites of each other.

use crate::validate::{Rule, Severity};

/// `AD304 prereq-cycle`.
pub static RULE: Rule = Rule {
    code: "AD304",
    name: "prereq-cycle",
    severity: Severity::Error,
    summary: "Lessons that are prerequisites of each other.",
    why: "Prerequisites say what to take first. A cycle (a needs b, b needs a) has no first lesson, and recursive prerequisite lists never end.",
    example: "# lessons/a/lesson.meta.yaml\nprereqs: [b]\n# lessons/b/lesson.meta.yaml\nprereqs: [a]",
};

use std::collections::{BTreeSet, HashMap};

use crate::curriculum::{Lesson, LessonDir};

/// Reports each prerequisite cycle once, at the prerequisite entry of the cycle's first lesson
/// (by slug) that closes it.
pub(crate) fn check(lessons: &[(&LessonDir, &Lesson)], out: &mut Vec<crate::validate::Diagnostic>) {
    let by_slug: HashMap<&str, usize> = lessons.iter().enumerate().map(|(i, (_, l))| (l.slug.as_str(), i)).collect();
    let edges: Vec<Vec<usize>> = lessons
        .iter()
        .map(|(_, l)| l.prereqs.iter().filter_map(|p| by_slug.get(p.as_str()).copied()).collect())
        .collect();
    // 0 = unvisited, 1 = on the stack, 2 = done.
    let mut state = vec![0u8; lessons.len()];
    let mut reported: BTreeSet<Vec<usize>> = BTreeSet::new();
    let mut order: Vec<usize> = (0..lessons.len()).collect();
    order.sort_by_key(|i| lessons[*i].1.slug.as_str());
    for start in order {
        if state[start] != 0 {
            continue;
        }
        // Iterative DFS: (node, next edge index).
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = 1;
        while let Some((node, next)) = stack.last_mut() {
            let node = *node;
            if let Some(&to) = edges[node].get(*next) {
                *next += 1;
                match state[to] {
                    0 => {
                        state[to] = 1;
                        stack.push((to, 0));
                    }
                    1 => {
                        let from = stack.iter().position(|(n, _)| *n == to).unwrap_or(0);
                        let cycle: Vec<usize> = stack[from..].iter().map(|(n, _)| *n).collect();
                        let mut key = cycle.clone();
                        key.sort_unstable();
                        if reported.insert(key) {
                            report(lessons, &cycle, out);
                        }
                    }
                    _ => {}
                }
            } else {
                state[node] = 2;
                stack.pop();
            }
        }
    }
}

fn report(lessons: &[(&LessonDir, &Lesson)], cycle: &[usize], out: &mut Vec<crate::validate::Diagnostic>) {
    // Start the cycle at its smallest slug, so the report does not depend on traversal order.
    let first = (0..cycle.len()).min_by_key(|k| lessons[cycle[*k]].1.slug.as_str()).unwrap_or(0);
    let rotated: Vec<usize> = cycle[first..].iter().chain(&cycle[..first]).copied().collect();
    let names: Vec<&str> = rotated.iter().chain(rotated.first()).map(|i| lessons[*i].1.slug.as_str()).collect();
    let (dir, lesson) = lessons[rotated[0]];
    let next = names[1];
    let index = lesson.prereqs.iter().position(|p| p == next).unwrap_or(0);
    out.push(
        RULE.diagnostic(&dir.doc.file, dir.doc.value_pos(&["prereqs".into(), index.into()]), format!("prerequisite cycle: {}", names.join(" -> ")))
            .with_help(format!("remove one prerequisite of the cycle, e.g. `{next}` from `{}`", names[0])),
    );
}
