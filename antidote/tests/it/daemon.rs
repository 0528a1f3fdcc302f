//! The `antidote` binary: configuration precedence (file, then environment, then flags), the
//! schema check at start, and its refusal to run a lone service without NATS.

use std::process::Stdio;
use std::time::Duration;

use antidote_lib::comms::testing::{NatsAuth, NatsServer, free_port};
use predicates::prelude::PredicateBooleanExt as _;
use predicates::str::contains;

fn antidote() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("antidote").unwrap();
    for var in antidote_lib::config::env_vars() {
        cmd.env_remove(var);
    }
    cmd.timeout(Duration::from_secs(30));
    cmd
}

#[test]
fn a_lone_service_needs_nats() {
    let tmp = tempfile::tempdir().unwrap();
    antidote()
        .args(["api", "--database-url"])
        .arg(format!("sqlite://{}", tmp.path().join("a.db").display()))
        .assert()
        .code(2)
        .stderr(contains("needs NATS").and(contains("antidotectl serve")));
}

#[test]
fn configuration_mistakes_are_reported_with_their_place() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("antidote.yaml");
    std::fs::write(&file, "tier: prod\napi:\n  lisen: 0.0.0.0:1\n").unwrap();
    antidote()
        .args(["api", "--config"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(contains("antidote.yaml:3:3: unknown field `lisen`"));
    antidote()
        .args(["api"])
        .env("ANTIDOTE_TIER", "gold")
        .assert()
        .code(2)
        .stderr(contains("invalid ANTIDOTE_TIER=`gold`"));
    antidote()
        .args(["api", "--config"])
        .arg(tmp.path().join("missing.yaml"))
        .assert()
        .code(2)
        .stderr(contains("cannot read the configuration file"));
}

#[test]
fn every_service_checks_the_schema_version_at_start() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("old.db");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let url = antidote_lib::store::DatabaseUrl::Sqlite(db.clone());
        let store = antidote_lib::store::Store::open(&url).await.unwrap();
        store.stamp_version("0").await.unwrap();
        store.close().await;
    });
    // The flag wins over the environment, which names a database that does not exist.
    antidote()
        .args(["api", "--database-url"])
        .arg(format!("sqlite://{}", db.display()))
        .env(
            "ANTIDOTE_DATABASE_URL",
            "postgres://nobody@127.0.0.1:1/none",
        )
        .assert()
        .code(2)
        .stderr(contains("schema version 0").and(contains("antidotectl db init")));
}

/// Runs `antidote api` with `args` and `env` against a test NATS, and returns `/api/v1/info`.
async fn info_of(
    args: &[&str],
    env: &[(&str, &str)],
    config: &std::path::Path,
) -> serde_json::Value {
    let nats = NatsServer::start_with(NatsAuth::UserPassword("svc", "pw"));
    let tmp = tempfile::tempdir().unwrap();
    let listen = format!("127.0.0.1:{}", free_port());
    let mut cmd = tokio::process::Command::new(assert_cmd::cargo::cargo_bin("antidote"));
    for var in antidote_lib::config::env_vars() {
        cmd.env_remove(var);
    }
    cmd.arg("api")
        .args(["--listen", &listen, "--config"])
        .arg(config)
        .args(args)
        .env(
            "ANTIDOTE_DATABASE_URL",
            format!("sqlite://{}", tmp.path().join("a.db").display()),
        )
        .env("ANTIDOTE_NATS_URL", &nats.url)
        .env("ANTIDOTE_NATS_USER", "svc")
        .env("ANTIDOTE_NATS_PASSWORD", "pw")
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true);
    let _child = cmd.spawn().unwrap();
    let url = format!("http://{listen}/api/v1/info");
    for _ in 0..300 {
        if let Ok(r) = reqwest::get(&url).await {
            return r.json().await.unwrap();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("antidote api did not answer on {listen}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flags_win_over_the_environment_which_wins_over_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("antidote.yaml");
    std::fs::write(&file, "tier: ptr\n").unwrap();
    assert_eq!(info_of(&[], &[], &file).await["tier"], "ptr");
    assert_eq!(
        info_of(&[], &[("ANTIDOTE_TIER", "prod")], &file).await["tier"],
        "prod"
    );
    assert_eq!(
        info_of(&["--tier", "local"], &[("ANTIDOTE_TIER", "prod")], &file).await["tier"],
        "local"
    );
}

#[test]
fn config_shows_the_effective_settings_with_every_secret_hidden() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("antidote.yaml");
    std::fs::write(&file, "gc:\n  batch: 7\napi:\n  listen: 0.0.0.0:1\n").unwrap();
    let out = antidote()
        .args(["config", "--config"])
        .arg(&file)
        .args(["--listen", "127.0.0.1:9"])
        .env(
            "ANTIDOTE_API_CORS_ORIGINS",
            "https://a.example,https://b.example",
        )
        .env("ANTIDOTE_NATS_PASSWORD", "hunter2-hunter2")
        .env("ANTIDOTE_ADMIN_TOKEN", "0123456789abcdef-token")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    let shown: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(shown["gc"]["batch"], 7, "from the file");
    assert_eq!(shown["api"]["listen"], "127.0.0.1:9", "the flag wins");
    assert_eq!(
        shown["api"]["cors_origins"],
        serde_json::json!(["https://a.example", "https://b.example"]),
        "from its variable"
    );
    assert_eq!(shown["nats"]["password"], "***");
    assert_eq!(shown["api"]["admin_token"], "***");
    assert!(
        !text.contains("hunter2") && !text.contains("0123456789abcdef-token"),
        "{text}"
    );
    // A flag overrides its variable, however wrong the variable's value.
    let out = antidote()
        .args(["config", "--gc-batch", "5"])
        .env("ANTIDOTE_GC_BATCH", "many")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let shown: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(shown["gc"]["batch"], 5);
    antidote()
        .args(["config"])
        .env("ANTIDOTE_GC_BATCH", "many")
        .assert()
        .code(2)
        .stderr(contains("invalid ANTIDOTE_GC_BATCH=`many`"));
    // Credentials in URLs are hidden too.
    let out = antidote()
        .args(["config", "--nats-url", "nats://svc:hunter4@nats:4222"])
        .env("ANTIDOTE_DATABASE_URL", "postgres://u:pw-secret@db/x")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        !text.contains("hunter4") && !text.contains("pw-secret"),
        "{text}"
    );
    // A secret that is invalid is refused without being shown.
    antidote()
        .args(["config", "--admin-token", "short-secret"])
        .assert()
        .code(2)
        .stderr(contains("api.admin_token").and(contains("short-secret").not()));
}

/// Runs `antidote api` against `nats_url` (with `env` added) until `/readyz` answers 200, and
/// returns everything it logged (at debug level) meanwhile.
async fn log_of_api_on(nats_url: &str, env: &[(&str, &str)]) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let listen = format!("127.0.0.1:{}", free_port());
    let log = tmp.path().join("stderr.log");
    let mut cmd = tokio::process::Command::new(assert_cmd::cargo::cargo_bin("antidote"));
    for var in antidote_lib::config::env_vars() {
        cmd.env_remove(var);
    }
    cmd.args(["api", "--listen", &listen])
        .env(
            "ANTIDOTE_DATABASE_URL",
            format!("sqlite://{}", tmp.path().join("a.db").display()),
        )
        .env("ANTIDOTE_NATS_URL", nats_url)
        .env("RUST_LOG", "debug")
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .kill_on_drop(true);
    let mut child = cmd.spawn().unwrap();
    let url = format!("http://{listen}/readyz");
    let mut ready = false;
    for _ in 0..400 {
        if let Some(status) = child.try_wait().unwrap() {
            panic!(
                "antidote api exited ({status}): {}",
                std::fs::read_to_string(&log).unwrap()
            );
        }
        if reqwest::get(&url)
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            ready = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    child.kill().await.unwrap();
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(ready, "antidote api did not get ready on {listen}: {text}");
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_in_the_nats_url_is_used_and_never_logged() {
    let nats = NatsServer::start_with(NatsAuth::UserPassword("svc", "pw-in-the-url"));
    let url = nats.url.replacen("nats://", "nats://svc:pw-in-the-url@", 1);
    let log = log_of_api_on(&url, &[]).await;
    assert!(log.contains("api listening"), "{log}");
    assert!(
        !log.contains("pw-in-the-url"),
        "the password was logged: {log}"
    );
    assert!(!log.contains("insecure NATS server"), "{log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nats_server_that_lets_anyone_in_is_called_out_at_start() {
    let nats = NatsServer::start_with(NatsAuth::Anonymous);
    let log = log_of_api_on(
        &nats.url,
        &[
            ("ANTIDOTE_NATS_USER", "svc"),
            ("ANTIDOTE_NATS_PASSWORD", "pw-of-the-service"),
        ],
    )
    .await;
    let warning = log
        .lines()
        .find(|l| l.contains("insecure NATS server"))
        .unwrap_or_else(|| panic!("no warning about the open server: {log}"));
    assert!(
        warning.contains("WARN") && warning.contains("turn on authorization"),
        "{warning}"
    );
    assert!(!log.contains("pw-of-the-service"), "{log}");
}
