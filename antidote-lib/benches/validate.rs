//! Validation speed on the 2,500-lesson tree (see `tree.rs`), against the time it takes just
//! to read the files validation must read. Run with `cargo bench -p antidote-lib`.
//!
//! A bench binary rather than criterion: the figures that matter are whole-run wall times of a
//! few hundred milliseconds, reported as min and median of repeated warm runs.

#![allow(clippy::print_stdout, reason = "a bench binary reports on stdout")]

mod tree;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use antidote_lib::curriculum::Tier;
use antidote_lib::validate::{Options, validate_dir};
use rayon::prelude::*;

const RUNS: usize = 15;

// The allocator antidotectl ships with, so that the figures are the command's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let root = tree::nrelabs_2500();
    println!(
        "tree: {} ({} lessons), {} threads",
        root.display(),
        tree::COPIES * 25,
        rayon::current_num_threads()
    );

    let read_serial = measure(|| read_all(&root, false));
    let read_parallel = measure(|| read_all(&root, true));
    let load_only = measure(|| {
        let loaded = antidote_lib::curriculum::load(
            &root,
            &antidote_lib::curriculum::LoadOptions {
                tier: Tier::Local,
                ..Default::default()
            },
        )
        .unwrap();
        loaded.lessons.len()
    });
    let validate_local = measure(|| {
        let v = validate_dir(
            &root,
            &Options {
                tier: Tier::Local,
                ..Options::default()
            },
        )
        .unwrap();
        assert_eq!(v.report.summary.lessons, tree::COPIES * 25);
        v.report.summary.errors
    });
    let validate_prod = measure(|| {
        let v = validate_dir(
            &root,
            &Options {
                tier: Tier::Prod,
                ..Options::default()
            },
        )
        .unwrap();
        assert_eq!(v.report.summary.errors, 0);
        v.report.summary.lessons
    });

    println!("{:<40} {:>10} {:>10}", "what", "min", "median");
    for (name, (min, median)) in [
        ("read files (1 thread)", read_serial),
        ("read files (parallel)", read_parallel),
        ("load only (read + parse, local)", load_only),
        ("validate --tier local (all lessons)", validate_local),
        ("validate --tier prod", validate_prod),
    ] {
        println!("{name:<40} {:>8.1}ms {:>8.1}ms", ms(min), ms(median));
    }
    println!(
        "ratio validate(local) / read(parallel): {:.2} (median), / read(1 thread): {:.2}",
        ms(validate_local.1) / ms(read_parallel.1),
        ms(validate_local.1) / ms(read_serial.1)
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Runs `f` once to warm up, then `RUNS` times; returns (min, median).
fn measure<T>(mut f: impl FnMut() -> T) -> (Duration, Duration) {
    std::hint::black_box(f());
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort();
    (times[0], times[RUNS / 2])
}

/// Lists every directory and reads every file validation reads (meta files, guides and
/// notebooks), without parsing anything: the floor for validation.
fn read_all(root: &Path, parallel: bool) -> usize {
    let mut total = fs::read(root.join("curriculum.meta.yaml")).unwrap().len();
    for kind in ["images", "collections", "lessons"] {
        let dirs: Vec<_> = fs::read_dir(root.join(kind))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        total += if parallel {
            dirs.par_iter().map(|d| read_dir(d)).sum::<usize>()
        } else {
            dirs.iter().map(|d| read_dir(d)).sum::<usize>()
        };
    }
    total
}

fn read_dir(dir: &Path) -> usize {
    let mut total = 0;
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if entry.file_type().unwrap().is_dir() {
            total += read_dir(&entry.path());
        } else if name.ends_with(".meta.yaml") || name.ends_with(".md") || name.ends_with(".ipynb")
        {
            total += fs::read_to_string(entry.path()).unwrap().len();
        }
    }
    total
}
