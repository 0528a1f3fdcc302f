//! The backend conformance suite (feature `test-support`): one set of cases that every
//! [`Backend`] passes, as the bus suite is for every bus. A backend's test provides a
//! [`Harness`] (the backend, an environment to provision, and a way to see what it left of a
//! livelesson) and calls [`run`]. Each case panics naming itself and the backend.
//!
//! The cases: create (every endpoint comes up), create again after a crash (completes what
//! exists, duplicates nothing), configure every stage, teardown of something half built (a
//! create cut off mid-way), teardown of something that does not exist (twice), and teardown
//! after a whole run (nothing left, and again is fine).

#![allow(
    clippy::missing_panics_doc,
    reason = "test support panics with a message on purpose"
)]

use std::time::{Duration, Instant};

use futures_util::future::BoxFuture;

use super::{Backend, Environment};

/// What a backend's test hands the suite.
pub trait Harness: Send + Sync {
    /// The backend under test.
    fn backend(&self) -> &dyn Backend;

    /// An environment for the livelesson `id` (never used before), of a lesson the backend
    /// can run, at `stage`.
    fn environment(&self, id: &str, stage: u32) -> Environment;

    /// How many stages that lesson has.
    fn stages(&self) -> u32;

    /// What the backend has of livelesson `id` now (containers, networks, namespaces...), by
    /// name: empty once it is torn down.
    fn leftovers<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Vec<String>>;

    /// How long endpoints may take to come up.
    fn boot_timeout(&self) -> Duration {
        Duration::from_secs(60)
    }
}

/// Runs every case against `h`, each on livelesson ids of its own (`prefix` keeps runs of
/// several backends apart).
pub async fn run(h: &dyn Harness, prefix: &str) {
    let name = h.backend().name();
    let id = |case: &str| format!("{prefix}-{case}");
    create(h, &id("create"), name).await;
    create_again_after_a_crash(h, &id("recreate"), name).await;
    configure(h, &id("configure"), name).await;
    teardown_half_built(h, &id("half"), name).await;
    teardown_absent(h, &id("absent"), name).await;
}

async fn up(h: &dyn Harness, env: &Environment, case: &str, name: &str) {
    let deadline = Instant::now() + h.boot_timeout();
    loop {
        let health = h
            .backend()
            .endpoint_health(env)
            .await
            .unwrap_or_else(|e| panic!("{name}: {case}: endpoint_health failed: {e}"));
        // One status per endpoint, and perhaps the backend's own for the lesson's guide.
        let endpoints: Vec<_> = health.iter().filter(|s| !s.guide).collect();
        assert_eq!(
            endpoints.len(),
            env.endpoints.len(),
            "{name}: {case}: one status per endpoint"
        );
        let mut names: Vec<&str> = endpoints.iter().map(|s| s.name.as_str()).collect();
        names.sort_unstable();
        let mut expected: Vec<&str> = env.endpoints.iter().map(|e| e.name.as_str()).collect();
        expected.sort_unstable();
        assert_eq!(
            names, expected,
            "{name}: {case}: statuses name the endpoints"
        );
        if health.iter().all(|s| s.ready) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{name}: {case}: endpoints not up within {:?}: {health:?}",
            h.boot_timeout()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn torn_down(h: &dyn Harness, id: &str, case: &str, name: &str) {
    h.backend()
        .teardown(id)
        .await
        .unwrap_or_else(|e| panic!("{name}: {case}: teardown failed: {e}"));
    let left = h.leftovers(id).await;
    assert!(left.is_empty(), "{name}: {case}: left behind: {left:?}");
}

async fn create(h: &dyn Harness, id: &str, name: &str) {
    let env = h.environment(id, 0);
    h.backend()
        .create(&env)
        .await
        .unwrap_or_else(|e| panic!("{name}: create failed: {e}"));
    up(h, &env, "create", name).await;
    torn_down(h, id, "create", name).await;
    // Torn down twice: still fine.
    torn_down(h, id, "create", name).await;
}

async fn create_again_after_a_crash(h: &dyn Harness, id: &str, name: &str) {
    let env = h.environment(id, 0);
    h.backend()
        .create(&env)
        .await
        .unwrap_or_else(|e| panic!("{name}: recreate: first create failed: {e}"));
    let before = h.leftovers(id).await;
    // The replica that called create died; another one calls it again.
    h.backend()
        .create(&env)
        .await
        .unwrap_or_else(|e| panic!("{name}: recreate: create again failed: {e}"));
    up(h, &env, "recreate", name).await;
    let mut after = h.leftovers(id).await;
    let count = after.len();
    after.sort();
    after.dedup();
    assert_eq!(
        count,
        after.len(),
        "{name}: recreate: duplicated: {after:?}"
    );
    let mut before = before;
    before.sort();
    assert_eq!(before, after, "{name}: recreate: nothing new was made");
    torn_down(h, id, "recreate", name).await;
}

async fn configure(h: &dyn Harness, id: &str, name: &str) {
    let env = h.environment(id, 0);
    h.backend()
        .create(&env)
        .await
        .unwrap_or_else(|e| panic!("{name}: configure: create failed: {e}"));
    up(h, &env, "configure", name).await;
    for stage in 0..h.stages() {
        let env = h.environment(id, stage);
        h.backend()
            .configure(&env)
            .await
            .unwrap_or_else(|e| panic!("{name}: configure: stage {stage} failed: {e}"));
    }
    torn_down(h, id, "configure", name).await;
}

async fn teardown_half_built(h: &dyn Harness, id: &str, name: &str) {
    let env = h.environment(id, 0);
    // A create cut off part of the way (the replica died): whatever it made is removed.
    let mut create = h.backend().create(&env);
    let _ = tokio::time::timeout(Duration::from_millis(50), &mut create).await;
    drop(create);
    torn_down(h, id, "teardown half built", name).await;
}

async fn teardown_absent(h: &dyn Harness, id: &str, name: &str) {
    torn_down(h, id, "teardown absent", name).await;
    torn_down(h, id, "teardown absent (again)", name).await;
}
