//! Import speed: the 2,500-lesson tree (every lesson valid) into a fresh PostgreSQL database
//! and a fresh SQLite file, then again into the same database (all blobs already stored).
//! Run with `cargo bench -p antidote-lib --bench import`; PostgreSQL at
//! `ANTIDOTE_TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/postgres`).

#![allow(clippy::print_stdout, reason = "a bench binary reports on stdout")]

mod tree;

use std::sync::Arc;
use std::time::{Duration, Instant};

use antidote_lib::curriculum::Tier;
use antidote_lib::import::{ImportOptions, import};
use antidote_lib::store::{DatabaseUrl, Store};
use sqlx::Connection as _;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const RUNS: usize = 5;

fn main() {
    let root = tree::nrelabs_2500_complete();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let options = ImportOptions {
            source: root.display().to_string(),
            reference: None,
            tier: Tier::Local,
            ..ImportOptions::default()
        };
        let admin = std::env::var("ANTIDOTE_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        println!("tree: {} (2500 lessons), 2 threads", root.display());
        println!("{:<46} {:>9} {:>9}", "what", "min", "median");
        for engine in ["postgres", "sqlite"] {
            let mut fresh = Vec::new();
            let mut again = Vec::new();
            for run in 0..RUNS {
                let tmp = tempfile::tempdir().unwrap();
                let name = format!("antidote_bench_{}_{run}", std::process::id());
                let url = match engine {
                    "postgres" => {
                        let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
                        sqlx::query(&format!("CREATE DATABASE {name}"))
                            .execute(&mut conn)
                            .await
                            .unwrap();
                        DatabaseUrl::Postgres(format!(
                            "{}/{name}",
                            admin.rsplit_once('/').unwrap().0
                        ))
                    }
                    _ => DatabaseUrl::Sqlite(tmp.path().join("antidote.db")),
                };
                let store = Store::open(&url).await.unwrap();
                let start = Instant::now();
                let status = import(&store, &options, Arc::new(())).await.unwrap().status;
                fresh.push(start.elapsed());
                assert_eq!(status.lessons, 2500);
                let start = Instant::now();
                import(&store, &options, Arc::new(())).await.unwrap();
                again.push(start.elapsed());
                store.close().await;
                if engine == "postgres" {
                    let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
                    sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)"))
                        .execute(&mut conn)
                        .await
                        .unwrap();
                }
            }
            for (what, times) in [
                ("into an empty database", fresh),
                ("again (re-import, blobs stored)", again),
            ] {
                let (min, median) = stats(times);
                println!(
                    "{:<46} {:>7.0}ms {:>7.0}ms",
                    format!("{engine}: {what}"),
                    min,
                    median
                );
            }
        }
    });
}

fn stats(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    (
        times[0].as_secs_f64() * 1000.0,
        times[times.len() / 2].as_secs_f64() * 1000.0,
    )
}
