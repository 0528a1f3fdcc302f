//! Start and teardown of a lesson with two endpoints and one connection on the Docker backend,
//! request to READY (every endpoint's sshd answering on its published port), against the
//! floor: the same containers and networks created and started by the engine's own CLI
//! (`podman`) in one script, which then waits for the same answers. Runs alternate, on the
//! same engine storage, in one process.
//!
//! Run with `CONTAINERS_CONF=... cargo bench -p antidote-lib --bench docker`; the engine as for
//! the tests (`ANTIDOTE_TEST_DOCKER_HOST`, or a `podman system service` of its own), the image
//! `localhost/antidote-test:bookworm` (`.ci/test-image`).

#![allow(clippy::print_stdout, reason = "a bench binary reports on stdout")]

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use antidote_lib::curriculum::Tier;
use antidote_lib::provision::testing::TestEngine;
use antidote_lib::provision::{Backend as _, DirFiles, Environment};
use antidote_lib::validate::{Options, validate_dir};

const RUNS: usize = 7;

fn main() {
    let engine = TestEngine::shared();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/docker-lab");
    let c = validate_dir(
        &root,
        &Options {
            tier: Tier::Local,
            ..Options::default()
        },
    )
    .unwrap()
    .curriculum;
    let mut lesson = c
        .lessons
        .into_iter()
        .find(|l| l.slug == "two-hosts")
        .unwrap();
    // Two endpoints and a link, nothing to configure: what the floor does too.
    for e in &mut lesson.endpoints {
        e.configuration_type = None;
    }
    let images = c.images.into_iter().map(|i| (i.slug.clone(), i)).collect();
    let files = Arc::new(DirFiles::walk(root.join("lessons/two-hosts")).unwrap());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let backend = runtime.block_on(engine.backend("bench", &["host"]));
    let (mut ours, mut ours_down, mut floor, mut floor_down) = (vec![], vec![], vec![], vec![]);
    for run in 0..RUNS {
        // The floor: one script, the engine's CLI.
        let name = format!("benchfloor{run}");
        let started = Instant::now();
        let status = std::process::Command::new("bash")
            .args(["-c", FLOOR_UP, "floor", &name, &engine.image])
            .status()
            .unwrap();
        assert!(status.success(), "the floor script failed");
        floor.push(started.elapsed());
        let started = Instant::now();
        let status = std::process::Command::new("bash")
            .args(["-c", FLOOR_DOWN, "floor", &name])
            .status()
            .unwrap();
        assert!(status.success(), "the floor teardown failed");
        floor_down.push(started.elapsed());

        // Ours: create, health until every endpoint answers, configure (nothing to run).
        let id = format!("benchours{run}");
        let env = Environment::new((&id, "s", 0), &lesson, &images, files.clone()).unwrap();
        let started = Instant::now();
        runtime.block_on(async {
            backend.create(&env).await.unwrap();
            loop {
                let health = backend.endpoint_health(&env).await.unwrap();
                if health.iter().all(|h| h.ready) {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            backend.configure(&env).await.unwrap();
        });
        ours.push(started.elapsed());
        let started = Instant::now();
        runtime.block_on(backend.teardown(&id)).unwrap();
        ours_down.push(started.elapsed());
    }
    println!(
        "engine: {}, image {}, {RUNS} runs each, alternating",
        engine.host, engine.image
    );
    println!("{:<44} {:>9} {:>9}", "what", "min", "median");
    for (what, times) in [
        ("start to READY, docker backend", &mut ours),
        ("start to answering, podman CLI script (floor)", &mut floor),
        ("teardown, docker backend", &mut ours_down),
        ("teardown, podman CLI script (floor)", &mut floor_down),
    ] {
        times.sort();
        println!(
            "{what:<44} {:>7.0}ms {:>7.0}ms",
            times[0].as_secs_f64() * 1e3,
            times[times.len() / 2].as_secs_f64() * 1e3
        );
    }
    let ratio = |a: &[Duration], b: &[Duration]| {
        a[a.len() / 2].as_secs_f64() / b[b.len() / 2].as_secs_f64()
    };
    println!(
        "ratio (median): start {:.2}x the floor, teardown {:.2}x the floor",
        ratio(&ours, &floor),
        ratio(&ours_down, &floor_down)
    );
}

/// The floor's start: a management network and a link, two containers on both with sshd's
/// port published, started; done when both sshds send their identification.
const FLOOR_UP: &str = r#"set -eu
n=$1; image=$2
podman network create "$n-mgmt" >/dev/null
podman network create --internal "$n-link0" >/dev/null
for h in h1 h2; do
  podman create --name "$n-$h" --hostname "$h" --network "$n-mgmt" --network "$n-link0" -p 127.0.0.1::22 "$image" >/dev/null
done
podman start "$n-h1" "$n-h2" >/dev/null
for h in h1 h2; do
  port=$(podman port "$n-$h" 22/tcp | head -n 1 | cut -d: -f2)
  until timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port; head -c 4 <&3 | grep -q SSH-" 2>/dev/null; do sleep 0.05; done
done
"#;

/// The floor's teardown.
const FLOOR_DOWN: &str = r#"set -eu
n=$1
podman rm -f "$n-h1" "$n-h2" >/dev/null
podman network rm "$n-mgmt" "$n-link0" >/dev/null
"#;
