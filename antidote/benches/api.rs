//! API throughput: `GET /api/v1/lessons`, `GET /exp/lesson` and `GET /exp/lesson/linux-basics` on
//! the real NRE Labs curriculum (tier prod, 18 lessons) from PostgreSQL, measured with wrk on this
//! machine (`wrk -t2 -c32 -d10s --latency`), as the original Go server was.
//!
//! Run with `cargo bench -p antidote --bench api` (needs `wrk` on the PATH and PostgreSQL at
//! `ANTIDOTE_TEST_POSTGRES_URL`, default `postgres://postgres@127.0.0.1:5432/postgres`).

#![allow(clippy::print_stdout, reason = "a bench binary reports on stdout")]

use std::process::Command;
use std::sync::Arc;

use antidote::api::{self, ApiState};
use antidote_lib::comms::{Comms, InProcessBus};
use antidote_lib::config::Config;
use antidote_lib::curriculum::Tier;
use antidote_lib::import::{ImportOptions, import};
use antidote_lib::store::Store;
use antidote_lib::store::testing::PgDatabase;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The original (Go) server measured the same way on this machine: requests/s and p99.
const ORIGINAL: [(&str, f64, &str); 3] = [
    ("/api/v1/lessons", f64::NAN, "-"),
    ("/exp/lesson", 663.0, "92ms"),
    ("/exp/lesson/linux-basics", 7335.0, "10.8ms"),
];

fn main() {
    let nrelabs =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/curricula/nrelabs");
    let nrelabs = nrelabs
        .canonicalize()
        .expect("../shared/curricula/nrelabs beside the repository");
    // The server gets its own runtime (2 workers, as `antidote api` on this machine); wrk runs
    // as a separate process on the same 2 cores.
    let server = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (addr, _db) = server.block_on(async {
        let db = PgDatabase::new().await;
        let store = Store::open(&db.url).await.unwrap();
        import(
            &store,
            &ImportOptions {
                source: nrelabs.display().to_string(),
                reference: None,
                tier: Tier::Prod,
                ..ImportOptions::default()
            },
            Arc::new(()),
        )
        .await
        .unwrap();
        let config = Config {
            tier: Tier::Prod,
            ..Config::default()
        };
        let comms = Comms::new(Arc::new(InProcessBus::new()), "antidote").unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let state = ApiState::new(config, store, comms);
        tokio::spawn(api::serve(state, listener, std::future::pending()));
        (addr, db)
    });
    println!("NRE Labs at tier prod from PostgreSQL; wrk -t2 -c32 -d10s --latency; 2 cores");
    println!(
        "{:<28} {:>12} {:>9} {:>9}   {:>12} {:>9} {:>7}",
        "path", "requests/s", "p50", "p99", "original r/s", "orig p99", "ratio"
    );
    for (path, original_rps, original_p99) in ORIGINAL {
        let url = format!("http://{addr}{path}");
        let out = Command::new("wrk")
            .args(["-t2", "-c32", "-d10s", "--latency", &url])
            .output()
            .expect("wrk is installed (apt-get install wrk)");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            !text.contains("Non-2xx"),
            "{path} answered errors under load:\n{text}"
        );
        let field = |prefix: &str| {
            text.lines()
                .find_map(|l| l.trim().strip_prefix(prefix).map(|v| v.trim().to_owned()))
                .unwrap_or_else(|| panic!("no `{prefix}` in wrk's output:\n{text}"))
        };
        let rps: f64 = field("Requests/sec:").parse().unwrap();
        let ratio = if original_rps.is_nan() {
            "-".to_owned()
        } else {
            format!("{:.1}x", rps / original_rps)
        };
        println!(
            "{:<28} {:>12.0} {:>9} {:>9}   {:>12} {:>9} {:>7}",
            path,
            rps,
            field("50%"),
            field("99%"),
            if original_rps.is_nan() {
                "-".to_owned()
            } else {
                format!("{original_rps:.0}")
            },
            original_p99,
            ratio
        );
    }
}
