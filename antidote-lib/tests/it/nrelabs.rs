//! The real NRE Labs curriculum: what the original accepted, and what it missed.

use antidote_lib::curriculum::Tier;
use antidote_lib::validate::{Options, Severity, validate_dir};

use crate::support::nrelabs;

#[test]
fn at_tier_prod_it_has_no_errors_and_one_true_warning() {
    let validated = validate_dir(
        &nrelabs(),
        &Options {
            tier: Tier::Prod,
            ..Options::default()
        },
    )
    .unwrap();
    let report = &validated.report;
    assert_eq!(
        (
            report.summary.lessons,
            report.summary.images,
            report.summary.collections
        ),
        (18, 14, 6)
    );
    assert_eq!(report.summary.errors, 0, "{:#?}", report.diagnostics);
    // rest-apis-introduction has a stage1/ directory but declares one stage.
    let warnings: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| (d.code, d.file.as_str()))
        .collect();
    assert_eq!(
        warnings,
        [("AD208", "lessons/rest-apis-introduction/lesson.meta.yaml")]
    );
    assert_eq!(validated.curriculum.lessons.len(), 18);
    assert!(
        validated
            .curriculum
            .lessons
            .iter()
            .all(|l| l.tier == Tier::Prod)
    );
}

#[test]
fn at_tier_local_exactly_the_four_lessons_with_undefined_images_are_errors() {
    let report = validate_dir(
        &nrelabs(),
        &Options {
            tier: Tier::Local,
            ..Options::default()
        },
    )
    .unwrap()
    .report;
    assert_eq!(report.summary.lessons, 25);
    let errors: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            (
                d.code,
                d.file.as_str(),
                d.message.split('`').nth(3).unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        errors,
        [
            (
                "AD301",
                "lessons/free-range-routing-introduction/lesson.meta.yaml",
                "frr"
            ),
            (
                "AD301",
                "lessons/free-range-routing-introduction/lesson.meta.yaml",
                "frr"
            ),
            (
                "AD301",
                "lessons/free-range-routing-introduction/lesson.meta.yaml",
                "frr"
            ),
            (
                "AD301",
                "lessons/jet-extending-junos/lesson.meta.yaml",
                "container-vqfx"
            ),
            (
                "AD301",
                "lessons/openconfig-vendor-neutral/lesson.meta.yaml",
                "container-vqfx"
            ),
            (
                "AD301",
                "lessons/pentesting-automated/lesson.meta.yaml",
                "wordpress"
            ),
            (
                "AD301",
                "lessons/pentesting-automated/lesson.meta.yaml",
                "kali"
            ),
        ]
    );
}

#[test]
fn tier_ptr_keeps_prod_and_ptr_lessons() {
    let report = validate_dir(
        &nrelabs(),
        &Options {
            tier: Tier::Ptr,
            ..Options::default()
        },
    )
    .unwrap()
    .report;
    assert_eq!(report.summary.lessons, 24);
}

#[test]
fn a_directory_that_is_no_curriculum_is_an_error_not_a_report() {
    let tmp = tempfile::tempdir().unwrap();
    let err = validate_dir(tmp.path(), &Options::default()).unwrap_err();
    assert!(
        err.to_string().contains("has no curriculum.meta.yaml"),
        "{err}"
    );
    let err = validate_dir(&tmp.path().join("missing"), &Options::default()).unwrap_err();
    assert!(
        err.to_string().contains("cannot read curriculum directory"),
        "{err}"
    );
}
