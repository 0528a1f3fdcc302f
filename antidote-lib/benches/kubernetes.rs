//! The Kubernetes backend against an API server in memory that answers every request after a
//! fixed latency L (`provision::kubernetes::testing::FakeCluster` behind kube's `tower_test`
//! mock):
//!
//! 1. applying a lesson's objects: ours (the namespace, then everything at once) against the
//!    original's way, one request after another, measured in the same run on the same fake;
//! 2. from the last pod's Ready event to READY in the store (`provision::drive` on SQLite):
//!    ours (pods watched) against polling the pods every 500 ms (the machine's interval, what
//!    this backend would do without a watch; the original polled every 2 s, then every 1 s);
//! 3. the API requests one livelesson start makes (create, readiness, stage 0's configuration),
//!    for each of the 18 prod lessons of NRE Labs.
//!
//! Run with `cargo bench -p antidote-lib --bench kubernetes`.

#![allow(clippy::print_stdout, reason = "a bench binary reports on stdout")]

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use antidote_lib::config::{Config, Secret};
use antidote_lib::curriculum::{Curriculum, Tier};
use antidote_lib::import::{ImportOptions, import};
use antidote_lib::provision::kubernetes::testing::{FakeCluster, PodPlan};
use antidote_lib::provision::kubernetes::{KubernetesBackend, Placement, Settings};
use antidote_lib::provision::objectives::ScriptRun;
use antidote_lib::provision::{
    Backend, Capabilities, DirFiles, DriveSettings, EndpointStatus, Environment, Outcome,
    ProvisionError, drive,
};
use antidote_lib::store::Store;
use antidote_lib::store::state::{Claim, NewLiveLesson};
use antidote_lib::validate::{Options, validate_dir};
use futures_util::StreamExt as _;
use futures_util::future::BoxFuture;
use kube::api::{Api, DynamicObject, Patch, PatchParams};

const KEY: &str = "0123456789abcdef0123456789abcdef";
const RUNS: usize = 15;

fn settings() -> Settings {
    let mut config = Config::default();
    config.kubernetes.files_key = Some(Secret::from(KEY));
    Settings::from_config(&config)
}

fn backend(cluster: &FakeCluster) -> KubernetesBackend {
    KubernetesBackend::new(
        cluster.client(),
        settings(),
        Some(Secret::from(KEY)),
        Placement::Cluster,
    )
    .with_prober(cluster.prober())
}

fn curriculum(root: &Path, tier: Tier) -> Curriculum {
    validate_dir(
        root,
        &Options {
            tier,
            ..Options::default()
        },
    )
    .unwrap()
    .curriculum
}

fn environment(c: &Curriculum, root: &Path, slug: &str, id: &str) -> Option<Environment> {
    let lesson = c.lessons.iter().find(|l| l.slug == slug)?;
    let images = c
        .images
        .iter()
        .map(|i| (i.slug.clone(), i.clone()))
        .collect();
    let files = DirFiles::walk(root.join("lessons").join(slug)).unwrap();
    Environment::new((id, "bench", 0), lesson, &images, Arc::new(files)).ok()
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn min_median(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    (v[0], v[v.len() / 2])
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    let examples = repo.join("curriculum-examples");
    let nrelabs = repo.join("../shared/curricula/nrelabs");
    rt.block_on(apply(&examples));
    rt.block_on(ready_to_ready(&examples));
    rt.block_on(requests(&nrelabs));
}

/// Part 1: applying every object of network-config-basics (the largest example lesson).
async fn apply(examples: &Path) {
    let c = curriculum(examples, Tier::Local);
    println!("## 1. applying a livelesson's objects (network-config-basics), {RUNS} runs each");
    println!();
    println!("| L | objects | one after another (min / median) | ours (min / median) | ours / L |");
    println!("|---|---|---|---|---|");
    for latency in [Duration::from_millis(20), Duration::from_millis(50)] {
        let (mut seq, mut ours) = (Vec::new(), Vec::new());
        let mut objects = 0;
        for run in 0..RUNS {
            // One after another, in the original's order, on the same kind of fake.
            let cluster = FakeCluster::new();
            cluster.set_latency(latency);
            let env =
                environment(&c, examples, "network-config-basics", &format!("s{run}")).unwrap();
            let manifests = KubernetesBackend::plan(&settings(), &env, false);
            objects = manifests.len();
            let client = cluster.client();
            let started = Instant::now();
            for m in &manifests {
                let api: Api<DynamicObject> = match &m.namespace {
                    Some(ns) => Api::namespaced_with(client.clone(), ns, &m.resource),
                    None => Api::all_with(client.clone(), &m.resource),
                };
                api.patch(
                    &m.name,
                    &PatchParams::apply("antidote").force(),
                    &Patch::Apply(&m.object),
                )
                .await
                .unwrap();
            }
            seq.push(started.elapsed());

            let cluster = FakeCluster::new();
            cluster.set_latency(latency);
            let backend = backend(&cluster);
            let env =
                environment(&c, examples, "network-config-basics", &format!("o{run}")).unwrap();
            let started = Instant::now();
            backend.create(&env).await.unwrap();
            ours.push(started.elapsed());
        }
        let (smin, smed) = min_median(seq);
        let (omin, omed) = min_median(ours);
        println!(
            "| {} | {objects} | {} / {} | {} / {} | {:.2} |",
            ms(latency),
            ms(smin),
            ms(smed),
            ms(omin),
            ms(omed),
            omed.as_secs_f64() / latency.as_secs_f64()
        );
    }
    println!();
}

/// The Kubernetes backend without its watch: endpoint health asked every poll interval.
struct Polling(KubernetesBackend);

impl Backend for Polling {
    fn name(&self) -> &'static str {
        "kubernetes (polling)"
    }
    fn capabilities(&self) -> Capabilities {
        self.0.capabilities()
    }
    fn create<'a>(&'a self, env: &'a Environment) -> BoxFuture<'a, Result<(), ProvisionError>> {
        self.0.create(env)
    }
    fn endpoint_health<'a>(
        &'a self,
        env: &'a Environment,
    ) -> BoxFuture<'a, Result<Vec<EndpointStatus>, ProvisionError>> {
        self.0.endpoint_health(env)
    }
    fn restart_endpoints<'a>(
        &'a self,
        env: &'a Environment,
        names: &'a [String],
    ) -> BoxFuture<'a, Result<(), ProvisionError>> {
        self.0.restart_endpoints(env, names)
    }
    fn configure<'a>(&'a self, env: &'a Environment) -> BoxFuture<'a, Result<(), ProvisionError>> {
        self.0.configure(env)
    }
    fn teardown<'a>(&'a self, id: &'a str) -> BoxFuture<'a, Result<(), ProvisionError>> {
        self.0.teardown(id)
    }
    fn run_script<'a>(
        &'a self,
        env: &'a Environment,
        script: &'a str,
        limit: Duration,
    ) -> BoxFuture<'a, Result<ScriptRun, ProvisionError>> {
        self.0.run_script(env, script, limit)
    }
    fn livelessons(&self) -> BoxFuture<'_, Result<Vec<String>, ProvisionError>> {
        self.0.livelessons()
    }
}

/// Part 2: from the last pod's Ready event to READY in the store: web-dashboards (two
/// endpoints, nothing to configure at stage 0), pods Ready 300 ms after they are made.
async fn ready_to_ready(examples: &Path) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("bench.db").display())
        .parse()
        .unwrap();
    let store = Store::open(&url).await.unwrap();
    import(
        &store,
        &ImportOptions {
            source: examples.display().to_string(),
            tier: Tier::Local,
            ..ImportOptions::default()
        },
        Arc::new(()),
    )
    .await
    .unwrap();
    println!(
        "## 2. last pod Ready -> READY (web-dashboards; pods Ready 300 ms after they are made), {RUNS} runs each"
    );
    println!();
    println!("| L | polling every 500 ms (min / median / max) | watched (min / median / max) |");
    println!("|---|---|---|");
    let mut n = 0;
    for latency in [Duration::ZERO, Duration::from_millis(20)] {
        let mut results: Vec<Vec<Duration>> = Vec::new();
        for watched in [false, true] {
            let mut times = Vec::new();
            for _ in 0..RUNS {
                n += 1;
                let id = format!("r{n}");
                let session = format!("s{n}");
                store.create_session(&session, "192.0.2.1").await.unwrap();
                let cluster = FakeCluster::new();
                cluster.set_latency(latency);
                cluster.set_default_pod_plan(PodPlan::Ready(Duration::from_millis(300)));
                store
                    .create_livelesson(&NewLiveLesson {
                        id: &id,
                        session_id: &session,
                        lesson_slug: "web-dashboards",
                        stage: 0,
                        traceparent: None,
                    })
                    .await
                    .unwrap();
                assert!(matches!(
                    store.claim_livelesson(&id, "bench", 60_000).await.unwrap(),
                    Claim::Claimed(_)
                ));
                let k8s = backend(&cluster);
                let settings = DriveSettings::default();
                let outcome = if watched {
                    drive(&store, &k8s, "bench", &id, &settings).await.unwrap()
                } else {
                    drive(&store, &Polling(k8s), "bench", &id, &settings)
                        .await
                        .unwrap()
                };
                let done = Instant::now();
                assert!(matches!(outcome, Outcome::Ready { .. }), "{outcome:?}");
                times.push(done - cluster.last_ready_at().unwrap());
            }
            times.sort();
            results.push(times);
        }
        let cell = |t: &Vec<Duration>| {
            format!(
                "{} / {} / {}",
                ms(t[0]),
                ms(t[t.len() / 2]),
                ms(t[t.len() - 1])
            )
        };
        println!(
            "| {} | {} | {} |",
            ms(latency),
            cell(&results[0]),
            cell(&results[1])
        );
    }
    println!();
}

/// Part 3: the requests of one start (create, readiness until every endpoint is up, stage 0's
/// configuration) for each prod lesson of NRE Labs.
async fn requests(nrelabs: &Path) {
    let c = curriculum(nrelabs, Tier::Prod);
    println!(
        "## 3. API requests per livelesson start, the {} prod lessons of NRE Labs",
        c.lessons.len()
    );
    println!();
    println!("| lesson | objects | requests | of which applies |");
    println!("|---|---|---|---|");
    let (mut total, mut count) = (0, 0);
    let mut skipped = Vec::new();
    for l in &c.lessons {
        let Some(env) = environment(&c, nrelabs, &l.slug, "count") else {
            skipped.push(l.slug.clone());
            continue;
        };
        let cluster = FakeCluster::new();
        let backend = backend(&cluster);
        backend.create(&env).await.unwrap();
        let mut changes = backend.watch_health(&env, Duration::from_millis(500));
        while let Some(h) = changes.next().await {
            let h = h.unwrap();
            if h.iter().all(|s| s.ready)
                && h.iter().filter(|s| !s.guide).count() == env.endpoints.len()
            {
                break;
            }
        }
        drop(changes);
        backend.configure(&env).await.unwrap();
        let requests = cluster.requests();
        let applies = requests.iter().filter(|r| r.method == "PATCH").count();
        let objects = KubernetesBackend::plan(&settings(), &env, true).len();
        println!(
            "| {} | {objects} | {} | {applies} |",
            l.slug,
            requests.len()
        );
        total += requests.len();
        count += 1;
    }
    println!();
    println!(
        "{count} lessons started, {total} requests in all ({:.1} per start); cannot run (an image the curriculum lacks): {}",
        total as f64 / f64::from(count),
        if skipped.is_empty() {
            "none".to_owned()
        } else {
            skipped.join(", ")
        }
    );
}
