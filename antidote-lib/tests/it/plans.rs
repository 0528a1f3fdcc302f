//! What the Kubernetes backend applies for every lesson of the real NRE Labs curriculum and of
//! the examples (`lesson plan`): golden manifests (insta snapshots: stage 0's objects and
//! every stage's Jobs), Kubernetes' own schemas (`kubernetes-validate --strict`, for the
//! oldest and newest versions it knows that the project supports), multus's schema for network
//! attachments, and Kubernetes' name rules, also for long slugs, endpoint names and instance ids.

use std::path::{Path, PathBuf};
use std::process::Command;

use antidote_lib::config::{Config, Secret};
use antidote_lib::curriculum::{Curriculum, Tier};
use antidote_lib::provision::kubernetes::{Manifest, Settings};
use antidote_lib::provision::local::kubernetes_plan;
use antidote_lib::validate::{Options, validate_dir};
use serde_json::Value;

use crate::support::{examples, nrelabs, repo};

/// The Kubernetes versions the manifests are checked against: what k8s-openapi's `v1_33` (the
/// project's target) and the newest schemas of kubernetes-validate describe.
const VERSIONS: [&str; 2] = ["1.33.0", "1.37.0"];

fn curriculum(root: &Path) -> Curriculum {
    validate_dir(
        root,
        &Options {
            tier: Tier::Local,
            ..Options::default()
        },
    )
    .unwrap()
    .curriculum
}

fn settings() -> Settings {
    let mut config = Config::default();
    config.kubernetes.files_key = Some(Secret::from("0123456789abcdef0123456789abcdef"));
    Settings::from_config(&config)
}

/// Stage 0's objects and every stage's Jobs of lesson `slug`, or why it cannot run (an image
/// the curriculum lacks: four lessons of NRE Labs).
fn try_plan(
    c: &Curriculum,
    root: &Path,
    slug: &str,
    settings: &Settings,
) -> Result<Vec<Manifest>, String> {
    let lesson = c.lessons.iter().find(|l| l.slug == slug).unwrap();
    let mut all = kubernetes_plan(c, root, slug, 0, "plan", settings).map_err(|e| e.to_string())?;
    for stage in 1..u32::try_from(lesson.stages.len()).unwrap() {
        all.extend(
            kubernetes_plan(c, root, slug, stage, "plan", settings)
                .map_err(|e| e.to_string())?
                .into_iter()
                .filter(|m| m.resource.kind == "Job"),
        );
    }
    Ok(all)
}

/// [`try_plan`], with no lesson that cannot run.
fn plan(c: &Curriculum, root: &Path, slug: &str, settings: &Settings) -> Vec<Manifest> {
    try_plan(c, root, slug, settings).unwrap_or_default()
}

fn yaml(manifests: &[Manifest]) -> String {
    manifests
        .iter()
        .map(|m| format!("---\n{}", antidote_lib::scaffold::to_yaml(&m.redacted())))
        .collect()
}

fn every_lesson() -> Vec<(PathBuf, Curriculum, String)> {
    let mut out = Vec::new();
    for root in [nrelabs(), examples()] {
        let c = curriculum(&root);
        for l in &c.lessons {
            out.push((root.clone(), c.clone(), l.slug.clone()));
        }
    }
    out
}

#[test]
fn golden_manifests_of_every_lesson() {
    let lessons = every_lesson();
    assert_eq!(lessons.len(), 25 + 3);
    let settings = settings();
    let mut cannot_run = Vec::new();
    for (root, c, slug) in &lessons {
        let text = match try_plan(c, root, slug, &settings) {
            Ok(manifests) => yaml(&manifests),
            Err(why) => {
                cannot_run.push(slug.clone());
                format!("# cannot run\n{why}\n")
            }
        };
        insta::with_settings!({snapshot_path => "snapshots/plans", prepend_module_to_snapshot => false}, {
            insta::assert_snapshot!(slug.as_str(), text);
        });
    }
    // Those whose images NRE Labs lacks (the validator's AD301), and only those.
    assert_eq!(
        cannot_run,
        [
            "free-range-routing-introduction",
            "jet-extending-junos",
            "openconfig-vendor-neutral",
            "pentesting-automated",
        ]
    );
}

/// The path of `kubernetes-validate` (`ANTIDOTE_TEST_KUBERNETES_VALIDATE`, else the one on
/// PATH); the test fails, saying how to install it, when there is none.
fn kubernetes_validate() -> PathBuf {
    if let Some(p) = std::env::var_os("ANTIDOTE_TEST_KUBERNETES_VALIDATE") {
        return PathBuf::from(p);
    }
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("kubernetes-validate"))
            .find(|p| p.is_file())
    });
    found.unwrap_or_else(|| {
        panic!(
            "kubernetes-validate is missing: `pip install kubernetes-validate==1.37.0` (PyPI) and put it on PATH, or set ANTIDOTE_TEST_KUBERNETES_VALIDATE (.ci/run does)"
        )
    })
}

#[test]
fn every_object_passes_kubernetes_own_schemas_and_multus_network_attachments_theirs() {
    let tool = kubernetes_validate();
    let settings = settings();
    let dir = tempfile::tempdir().unwrap();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join(
            "antidote-lib/tests/fixtures/kubernetes/network-attachment-definition.schema.json",
        ))
        .unwrap(),
    )
    .unwrap();
    let nad = jsonschema::validator_for(&schema).unwrap();
    let mut files = Vec::new();
    let mut attachments = 0;
    for (root, c, slug) in every_lesson().iter().chain(std::iter::once(&odd_lesson())) {
        let manifests = plan(c, root, slug, &settings);
        let (nads, core): (Vec<Manifest>, Vec<Manifest>) = manifests
            .into_iter()
            .partition(|m| m.resource.kind == "NetworkAttachmentDefinition");
        for m in &nads {
            let errors: Vec<String> = nad.iter_errors(&m.object).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{slug}: {}: {errors:?}", m.describe());
            let config: Value =
                serde_json::from_str(m.object["spec"]["config"].as_str().unwrap()).unwrap();
            assert_eq!(config["type"], "bridge");
            attachments += 1;
        }
        let file = dir.path().join(format!("{slug}.yaml"));
        std::fs::write(&file, yaml(&core)).unwrap();
        files.push(file);
    }
    assert!(
        attachments > 10,
        "the lessons' connections were checked ({attachments})"
    );
    for version in VERSIONS {
        let out = Command::new(&tool)
            .args(["--strict", "--quiet", "-k", version])
            .args(&files)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", tool.display()));
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.status.success() && said.trim().is_empty(),
            "Kubernetes {version}:\n{said}"
        );
    }
}

/// A copy of an examples lesson with a slug, endpoint names and an instance id that do not
/// fit Kubernetes' rules as they are: 80 characters, upper case, a leading digit.
fn odd_lesson() -> (PathBuf, Curriculum, String) {
    let root = examples();
    let mut c = curriculum(&root);
    let slug = "network-config-basics";
    let lesson = c.lessons.iter_mut().find(|l| l.slug == slug).unwrap();
    let long = format!("Router-{}", "x".repeat(70));
    for e in &mut lesson.endpoints {
        if e.name == "router1" {
            e.name = long.clone();
        }
        if e.name == "router2" {
            e.name = "2ND-Router".into();
        }
    }
    for conn in &mut lesson.connections {
        for side in [&mut conn.a, &mut conn.b] {
            if side == "router1" {
                *side = long.clone();
            } else if side == "router2" {
                *side = "2ND-Router".into();
            }
        }
    }
    (root, c, slug.to_owned())
}

fn dns_label(s: &str, start_letter: bool) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
        && (if start_letter {
            b[0].is_ascii_lowercase()
        } else {
            b[0].is_ascii_alphanumeric()
        })
        && b[b.len() - 1].is_ascii_alphanumeric()
}

fn label_value(s: &str) -> bool {
    let b = s.as_bytes();
    b.is_empty()
        || (b.len() <= 63
            && b.iter()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
            && b[0].is_ascii_alphanumeric()
            && b[b.len() - 1].is_ascii_alphanumeric())
}

/// Asserts Kubernetes' name rules on every object of `manifests`.
fn assert_names(manifests: &[Manifest], what: &str) {
    for m in manifests {
        let o = &m.object;
        let name = o["metadata"]["name"].as_str().unwrap();
        let kind = m.resource.kind.as_str();
        // Namespaces are DNS-1123 labels; services (and so every object named after an
        // endpoint) DNS-1035 labels.
        assert!(
            dns_label(name, kind != "Namespace"),
            "{what}: {kind} name {name:?}"
        );
        if let Some(ns) = o["metadata"]["namespace"].as_str() {
            assert!(dns_label(ns, false), "{what}: namespace {ns:?}");
        }
        let labels = o["metadata"]["labels"].as_object().unwrap();
        for (k, v) in labels {
            assert!(
                label_value(v.as_str().unwrap()),
                "{what}: {kind}/{name}: label {k}={v}"
            );
        }
        for spec in [&o["spec"], &o["spec"]["template"]["spec"]] {
            for c in spec["containers"]
                .as_array()
                .into_iter()
                .chain(spec["initContainers"].as_array())
                .flatten()
            {
                let cn = c["name"].as_str().unwrap();
                assert!(dns_label(cn, false), "{what}: container {cn:?}");
            }
            if let Some(h) = spec["hostname"].as_str() {
                assert!(dns_label(h, false), "{what}: hostname {h:?}");
            }
        }
        for rule in o["spec"]["rules"].as_array().into_iter().flatten() {
            let host = rule["host"].as_str().unwrap();
            assert!(
                host.split('.').all(|l| dns_label(l, false)),
                "{what}: host {host:?}"
            );
        }
        if kind == "NetworkAttachmentDefinition" {
            let config: Value =
                serde_json::from_str(o["spec"]["config"].as_str().unwrap()).unwrap();
            assert!(
                config["bridge"].as_str().unwrap().len() <= 15,
                "{what}: {config}"
            );
        }
        if let Some(networks) = o["metadata"]["annotations"]["k8s.v1.cni.cncf.io/networks"].as_str()
        {
            let networks: Vec<Value> = serde_json::from_str(networks).unwrap();
            for n in networks {
                let ifname = n["interface"].as_str().unwrap();
                assert!(ifname.len() <= 15, "{what}: interface {ifname}");
            }
        }
    }
}

#[test]
fn names_and_labels_follow_kubernetes_rules_for_every_lesson_and_odd_ones() {
    let settings = settings();
    for (root, c, slug) in every_lesson() {
        assert_names(&plan(&c, &root, &slug, &settings), &slug);
    }
    let (root, c, slug) = odd_lesson();
    let mut config = Config {
        instance_id: "Antidote_Production-Europe-West-With-A-Very-Long-Instance-Id".into(),
        ..Config::default()
    };
    config.kubernetes.files_key = Some(Secret::from("0123456789abcdef0123456789abcdef"));
    let odd = Settings::from_config(&config);
    // A livelesson id as the API makes them (32 hex digits), and a slug past 63 characters.
    let mut lesson = c.lessons.iter().find(|l| l.slug == slug).unwrap().clone();
    lesson.slug = format!("{slug}-{}", "y".repeat(60));
    let images = c
        .images
        .iter()
        .map(|i| (i.slug.clone(), i.clone()))
        .collect();
    let files = antidote_lib::provision::DirFiles::walk(root.join("lessons").join(&slug)).unwrap();
    let id = "0123456789abcdef0123456789abcdef";
    let env = antidote_lib::provision::Environment::new(
        (id, "fedcba9876543210fedcba9876543210", 2),
        &lesson,
        &images,
        std::sync::Arc::new(files),
    )
    .unwrap();
    let manifests = antidote_lib::provision::KubernetesBackend::plan(&odd, &env, true);
    assert_names(&manifests, "odd names");
    // Every object still has its own name: nothing collides.
    let mut names: Vec<String> = manifests.iter().map(Manifest::describe).collect();
    let all = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), all);
    // The id is kept whole in the namespace, so it stays unique.
    let ns = manifests[0].object["metadata"]["name"].as_str().unwrap();
    assert!(ns.ends_with(id), "{ns}");
    let labels = &manifests[0].object["metadata"]["labels"];
    assert_ne!(
        labels["lessonSlug"],
        lesson.slug.as_str(),
        "shortened to fit"
    );
    assert!(
        labels["lessonSlug"]
            .as_str()
            .unwrap()
            .starts_with("network-config-basics-yyy")
    );
}
