//! The wizard engine driven by a scripted prompter.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};

use super::plan::PlannedFile;
use super::*;
use crate::validate::{Options as ValidateOptions, validate_dir};

#[derive(Debug, Clone)]
enum A {
    /// Typed text (`None`: accept the default).
    Text(Option<&'static str>),
    /// The choice with this value.
    Pick(&'static str),
    Yes(bool),
    Int(Option<i64>),
}

/// Answers by question path (`endpoints.0.image`; `endpoints+` for "add another?"). A
/// question without a scripted answer is skipped when optional and fails the test otherwise.
#[derive(Default)]
struct Script {
    answers: HashMap<String, VecDeque<A>>,
    asked: Vec<String>,
    rejected: Vec<(String, String)>,
    choices: HashMap<String, Vec<String>>,
    bounds: HashMap<String, (Option<i64>, Option<i64>)>,
    defaults: HashMap<String, String>,
}

impl Script {
    fn new(answers: &[(&str, A)]) -> Self {
        let mut s = Script::default();
        for (path, a) in answers {
            s.answers
                .entry((*path).to_owned())
                .or_default()
                .push_back(a.clone());
        }
        s
    }

    fn next(&mut self, key: &str) -> Option<A> {
        self.answers.get_mut(key).and_then(VecDeque::pop_front)
    }
}

impl Prompter for Script {
    fn text(
        &mut self,
        q: &Question,
        default: Option<&str>,
        check: &dyn Fn(&str) -> Result<(), String>,
    ) -> Result<String, PromptError> {
        self.asked.push(q.path.clone());
        if let Some(d) = default {
            self.defaults.insert(q.path.clone(), d.to_owned());
        }
        loop {
            let answer = match self.next(&q.path) {
                Some(A::Text(Some(t))) => t.to_owned(),
                Some(A::Text(None)) => default.unwrap_or_default().to_owned(),
                None if q.optional => String::new(),
                other => panic!("no text answer for {}: {other:?}", q.path),
            };
            match check(&answer) {
                Ok(()) => return Ok(answer),
                Err(e) => self.rejected.push((answer, e)),
            }
        }
    }

    fn select(
        &mut self,
        q: &Question,
        choices: &[Choice],
        default: usize,
    ) -> Result<usize, PromptError> {
        self.asked.push(q.path.clone());
        self.choices.insert(
            q.path.clone(),
            choices.iter().map(|c| c.value.clone()).collect(),
        );
        match self.next(&q.path) {
            Some(A::Pick(v)) => Ok(choices
                .iter()
                .position(|c| c.value == v)
                .unwrap_or_else(|| panic!("{v} is not offered for {}", q.path))),
            None if q.optional => Ok(default),
            other => panic!("no choice for {}: {other:?}", q.path),
        }
    }

    fn confirm(&mut self, q: &Question, default: bool) -> Result<bool, PromptError> {
        self.asked.push(q.path.clone());
        match self.next(&q.path) {
            Some(A::Yes(b)) => Ok(b),
            None => Ok(default),
            other => panic!("no confirmation for {}: {other:?}", q.path),
        }
    }

    fn integer(
        &mut self,
        q: &Question,
        min: Option<i64>,
        max: Option<i64>,
        _default: Option<i64>,
    ) -> Result<Option<i64>, PromptError> {
        self.asked.push(q.path.clone());
        self.bounds.insert(q.path.clone(), (min, max));
        match self.next(&q.path) {
            Some(A::Int(n)) => Ok(n),
            None if q.optional => Ok(None),
            other => panic!("no integer for {}: {other:?}", q.path),
        }
    }

    fn add_another(&mut self, q: &Question, _count: usize) -> Result<bool, PromptError> {
        let key = format!("{}+", q.path);
        self.asked.push(key.clone());
        match self.next(&key) {
            Some(A::Yes(b)) => Ok(b),
            None => Ok(false),
            other => panic!("no add-another answer for {}: {other:?}", q.path),
        }
    }
}

fn examples() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("curriculum");
    copy(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../curriculum-examples"),
        &root,
    );
    (tmp, root)
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn errors_under(root: &Path, prefix: &str) -> Vec<String> {
    validate_dir(root, &ValidateOptions::default())
        .unwrap()
        .report
        .diagnostics
        .into_iter()
        .filter(|d| d.file.starts_with(prefix))
        .map(|d| format!("{} {}: {}", d.code, d.file, d.message))
        .collect()
}

#[test]
fn the_interactive_lesson_wizard_walks_every_schema_feature() {
    let (_tmp, root) = examples();
    let mut script = Script::new(&[
        ("name", A::Text(Some("Routing: First Steps"))),
        ("slug", A::Text(Some("Routing 1"))),
        ("slug", A::Text(None)),
        ("category", A::Pick("tools")),
        ("tier", A::Pick("prod")),
        ("description", A::Text(Some("Learn routing."))),
        ("shortDescription", A::Text(Some("Routing"))),
        ("endpoints.0.name", A::Text(Some("r1"))),
        ("endpoints.0.image", A::Pick("network-os")),
        ("endpoints.0.configurationType", A::Pick("napalm")),
        ("endpoints.0.presentations.0.name", A::Text(Some("cli"))),
        ("endpoints.0.presentations.0.port", A::Int(Some(22))),
        ("endpoints.0.presentations.0.type", A::Pick("ssh")),
        ("endpoints+", A::Yes(true)),
        ("endpoints.1.name", A::Text(Some("r1"))),
        ("endpoints.1.name", A::Text(Some("web"))),
        ("endpoints.1.image", A::Pick("web-app")),
        ("endpoints.1.configurationType", A::Pick("python")),
        ("endpoints.1.additionalPorts+", A::Yes(true)),
        ("endpoints.1.additionalPorts.0", A::Int(Some(8080))),
        ("stages.0.guideType", A::Pick("markdown")),
        ("stages.0.description", A::Text(Some("Look around"))),
        ("stages.0.verification", A::Yes(true)),
        (
            "stages.0.verification.objectives.0",
            A::Text(Some("Log in")),
        ),
        ("stages+", A::Yes(true)),
        ("stages.1.guideType", A::Pick("jupyter")),
        ("collection", A::Pick("antidote-examples")),
        ("prereqs+", A::Yes(true)),
        ("prereqs.0", A::Pick("shell-first-steps")),
        ("tags+", A::Yes(true)),
        ("tags.0", A::Text(Some("routing"))),
        ("tags+", A::Yes(true)),
        ("tags.1", A::Text(Some("routing"))),
        ("tags.1", A::Text(Some("bgp"))),
        // "Add another?" answered by mistake: an empty answer takes it back.
        ("tags+", A::Yes(true)),
        ("tags.2", A::Text(Some(""))),
        ("readyDelay", A::Int(Some(30))),
        ("authors+", A::Yes(true)),
        ("authors.0.name", A::Text(Some("Ada"))),
        ("connections+", A::Yes(true)),
        ("connections.0.a", A::Pick("r1")),
        ("connections.0.b", A::Pick("web")),
        ("endpoints.0.napalmDriver", A::Pick("eos")),
    ]);
    let plan = plan(&root, Kind::Lesson, &Options::default(), Some(&mut script)).unwrap();
    assert_eq!(plan.value["tags"], serde_json::json!(["routing", "bgp"]));

    // Name before the slug it suggests; required before optional.
    assert_eq!(&script.asked[..3], ["name", "slug", "category"]);
    assert_eq!(script.defaults["slug"], "routing-first-steps");
    let pos = |p: &str| script.asked.iter().position(|a| a == p).unwrap();
    assert!(pos("stages.0.guideType") < pos("collection"));
    // Validation retries: the pattern in words, unique names, unique list items.
    assert_eq!(
        script.rejected,
        [
            (
                "Routing 1".to_owned(),
                "lower-case letters and dashes only".to_owned()
            ),
            ("r1".to_owned(), "`r1` is already used".to_owned()),
            ("routing".to_owned(), "`routing` is already used".to_owned()),
        ]
    );
    // Choices from the curriculum and from earlier answers.
    assert_eq!(
        script.choices["endpoints.0.image"],
        ["linux-shell", "network-os", "web-app"]
    );
    assert_eq!(script.choices["connections.0.a"], ["r1", "web"]);
    assert_eq!(script.choices["tier"], ["prod", "ptr", "local"]);
    assert_eq!(script.bounds["readyDelay"], (Some(0), Some(3600)));
    assert_eq!(
        script.bounds["endpoints.0.presentations.0.port"],
        (Some(1), Some(65535))
    );

    let files: Vec<&str> = plan.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        files,
        [
            "lessons/routing-first-steps/lesson.meta.yaml",
            "lessons/routing-first-steps/stage0/guide.md",
            "lessons/routing-first-steps/stage0/configs/r1-eos.txt",
            "lessons/routing-first-steps/stage0/configs/web.py",
            "lessons/routing-first-steps/stage0/objectives/objective0.py",
            "lessons/routing-first-steps/stage1/guide.ipynb",
            "lessons/routing-first-steps/stage1/configs/r1-eos.txt",
            "lessons/routing-first-steps/stage1/configs/web.py",
        ]
    );
    let meta = &plan.files[0].contents;
    assert!(
        meta.starts_with("name: \"Routing: First Steps\"\nslug: routing-first-steps\n"),
        "{meta}"
    );
    write_plan(&root, &plan, false).unwrap();
    assert_eq!(
        errors_under(&root, "lessons/routing-first-steps/"),
        Vec::<String>::new()
    );
}

#[test]
fn answers_and_settings_fill_a_lesson_without_prompts() {
    let (_tmp, root) = examples();
    let mut answers = Answers::from_yaml(
        "name: Quiet\ncategory: fundamentals\ntier: ptr\ndescription: d\nshortDescription: s\n\
         endpoints:\n- name: box\n  image: linux-shell\n  configurationType: ansible\n  \
         presentations: [{name: cli, port: 22, type: ssh}]\n",
    )
    .unwrap();
    answers.set(Kind::Lesson, "slug=quiet").unwrap();
    answers
        .set(Kind::Lesson, "stages.0.guideType=markdown")
        .unwrap();
    let options = Options {
        answers,
        ..Options::default()
    };
    let plan = plan(&root, Kind::Lesson, &options, None).unwrap();
    assert!(
        plan.files
            .iter()
            .any(|f| f.path == "lessons/quiet/stage0/configs/box.yml")
    );
    write_plan(&root, &plan, false).unwrap();
    assert_eq!(errors_under(&root, "lessons/quiet/"), Vec::<String>::new());
}

#[test]
fn every_missing_required_field_is_listed() {
    let (_tmp, root) = examples();
    let options = Options {
        answers: Answers::from_yaml(
            "name: x\nendpoints:\n- name: r1\n  configurationType: napalm\nstages:\n- description: s\n",
        )
        .unwrap(),
        ..Options::default()
    };
    let Err(ScaffoldError::Missing(missing)) = plan(&root, Kind::Lesson, &options, None) else {
        panic!("expected missing answers");
    };
    assert_eq!(
        missing,
        [
            "slug",
            "category",
            "tier",
            "description",
            "shortDescription",
            "endpoints.0.image",
            "stages.0.guideType",
            "napalm driver of endpoint `r1`",
        ]
    );
}

#[test]
fn answers_that_break_the_schema_or_the_rules_are_refused() {
    let (_tmp, root) = examples();
    let mut answers = Answers::default();
    for s in ["slug=Not A Slug", "description=d", "flavor=trusted"] {
        answers.set(Kind::Image, s).unwrap();
    }
    let options = Options {
        answers,
        ..Options::default()
    };
    let err = plan(&root, Kind::Image, &options, None).unwrap_err();
    assert!(matches!(err, ScaffoldError::Schema { .. }), "{err}");

    // Valid for the schema, but the image does not exist: a rule in code refuses it.
    let answers = Answers::from_yaml(
        "name: n\nslug: n\ncategory: tools\ntier: prod\ndescription: d\nshortDescription: s\n\
         endpoints: [{name: a, image: nope, additionalPorts: [22]}]\nstages: [{guideType: markdown}]\n",
    )
    .unwrap();
    let options = Options {
        answers,
        ..Options::default()
    };
    let err = plan(&root, Kind::Lesson, &options, None).unwrap_err();
    let ScaffoldError::Invalid { findings, .. } = err else {
        panic!("expected findings, got {err}");
    };
    assert_eq!(findings[0].code, "AD301", "{findings:?}");
}

#[test]
fn writing_refuses_existing_files_unless_forced() {
    let (_tmp, root) = examples();
    let options = Options {
        answers: Answers::from_yaml(
            "slug: antidote-examples\ntitle: T\ntype: community\ntier: prod\nbriefDescription: b\n",
        )
        .unwrap(),
        ..Options::default()
    };
    let plan = plan(&root, Kind::Collection, &options, None).unwrap();
    let file = root.join("collections/antidote-examples/collection.meta.yaml");
    let before = std::fs::read_to_string(&file).unwrap();
    let err = write_plan(&root, &plan, false).unwrap_err();
    assert!(
        matches!(&err, ScaffoldError::Exists(p) if p == std::slice::from_ref(&file)),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), before);
    // A file of the resource the plan does not name is kept by --force.
    let extra = root.join("collections/antidote-examples/logo.txt");
    std::fs::write(&extra, "mine").unwrap();
    write_plan(&root, &plan, true).unwrap();
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        plan.files[0].contents
    );
    assert_eq!(std::fs::read_to_string(&extra).unwrap(), "mine");
    // No temporary directory is left behind.
    assert!(std::fs::read_dir(&root).unwrap().all(|e| {
        !e.unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with(".antidote-tmp")
    }));
}

#[test]
fn a_new_curriculum_validates() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("new");
    let mut script = Script::new(&[("name", A::Text(Some("My Curriculum")))]);
    let plan = plan(
        &root,
        Kind::Curriculum,
        &Options::default(),
        Some(&mut script),
    )
    .unwrap();
    assert_eq!(script.asked[0], "name");
    write_plan(&root, &plan, false).unwrap();
    assert_eq!(
        std::fs::read_to_string(root.join("curriculum.meta.yaml")).unwrap(),
        "name: My Curriculum\n"
    );
    assert!(
        !validate_dir(&root, &ValidateOptions::default())
            .unwrap()
            .report
            .has_errors()
    );
}

#[test]
fn interruption_stops_the_wizard_before_anything_is_planned() {
    struct Interrupt;
    impl Prompter for Interrupt {
        fn text(
            &mut self,
            _: &Question,
            _: Option<&str>,
            _: &dyn Fn(&str) -> Result<(), String>,
        ) -> Result<String, PromptError> {
            Err(PromptError::Interrupted)
        }
        fn select(&mut self, _: &Question, _: &[Choice], _: usize) -> Result<usize, PromptError> {
            Err(PromptError::Interrupted)
        }
        fn confirm(&mut self, _: &Question, _: bool) -> Result<bool, PromptError> {
            Err(PromptError::Interrupted)
        }
        fn integer(
            &mut self,
            _: &Question,
            _: Option<i64>,
            _: Option<i64>,
            _: Option<i64>,
        ) -> Result<Option<i64>, PromptError> {
            Err(PromptError::Interrupted)
        }
        fn add_another(&mut self, _: &Question, _: usize) -> Result<bool, PromptError> {
            Err(PromptError::Interrupted)
        }
    }
    let (_tmp, root) = examples();
    let err = plan(
        &root,
        Kind::Image,
        &Options::default(),
        Some(&mut Interrupt),
    )
    .unwrap_err();
    assert!(matches!(
        err,
        ScaffoldError::Prompt(PromptError::Interrupted)
    ));
}

#[test]
fn slugs_are_suggested_from_names() {
    assert_eq!(slugify("Routing: First Steps!"), "routing-first-steps");
    assert_eq!(slugify("  IPv6 -- basics "), "ipv-basics");
    assert_eq!(slugify("123"), "");
}

#[test]
fn plans_never_write_outside_the_curriculum() {
    let (tmp, root) = examples();
    let options = Options {
        answers: Answers::from_yaml(
            "slug: new-things\ntitle: T\ntype: community\ntier: prod\nbriefDescription: b\n",
        )
        .unwrap(),
        ..Options::default()
    };
    let mut bad = plan(&root, Kind::Collection, &options, None).unwrap();
    bad.files.push(PlannedFile {
        path: "collections/new-things/../../../victim.txt".into(),
        contents: "x".into(),
        executable: false,
    });
    let err = write_plan(&root, &bad, true).unwrap_err();
    assert!(matches!(err, ScaffoldError::UnsafePath { .. }), "{err}");
    assert!(!tmp.path().join("victim.txt").exists());
    assert!(
        !root.join("collections/new-things").exists(),
        "nothing written"
    );

    // A symbolic link where the resource's directory goes: refused, nothing written.
    let good = plan(&root, Kind::Collection, &options, None).unwrap();
    let outside = tmp.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("collections/new-things")).unwrap();
    let err = write_plan(&root, &good, true).unwrap_err();
    assert!(
        matches!(&err, ScaffoldError::Symlink { path } if path.ends_with("collections/new-things")),
        "{err}"
    );
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
}

#[test]
fn a_slug_the_curriculum_has_is_refused_as_typed() {
    let (_tmp, root) = examples();
    let mut script = Script::new(&[
        ("title", A::Text(Some("More Examples"))),
        ("slug", A::Text(Some("antidote-examples"))),
        ("slug", A::Text(Some("more-examples"))),
        ("type", A::Pick("community")),
        ("tier", A::Pick("prod")),
        ("briefDescription", A::Text(Some("More."))),
    ]);
    let plan = plan(
        &root,
        Kind::Collection,
        &Options::default(),
        Some(&mut script),
    )
    .unwrap();
    assert_eq!(plan.dir, "collections/more-examples");
    assert_eq!(
        script.rejected,
        [(
            "antidote-examples".to_owned(),
            "`antidote-examples` is taken: the curriculum has one with that slug already"
                .to_owned()
        )]
    );
}

#[test]
fn schema_errors_name_the_values_a_field_takes() {
    let (_tmp, root) = examples();
    let options = Options {
        answers: Answers::from_yaml(
            "slug: more\ntitle: T\ntype: community\ntier: bogus\nbriefDescription: b\n",
        )
        .unwrap(),
        ..Options::default()
    };
    let err = plan(&root, Kind::Collection, &options, None).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("tier: "), "{msg}");
    assert!(msg.contains("(expected one of: prod, ptr, local)"), "{msg}");
    // Before any question: the answers given are checked first.
    let partial = Options {
        answers: Answers::from_yaml(
            "tier: bogus
",
        )
        .unwrap(),
        ..Options::default()
    };
    let mut script = Script::new(&[]);
    let err = plan(&root, Kind::Collection, &partial, Some(&mut script)).unwrap_err();
    assert!(matches!(err, ScaffoldError::Schema { .. }), "{err}");
    assert!(script.asked.is_empty(), "asked {:?} first", script.asked);
}

#[test]
fn a_curriculum_cannot_be_made_where_a_file_is() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("afile");
    std::fs::write(&file, "x").unwrap();
    let err = plan(&file, Kind::Curriculum, &Options::default(), None).unwrap_err();
    assert!(matches!(err, ScaffoldError::NotADirectory { .. }), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "x");
}
