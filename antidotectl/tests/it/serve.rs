//! `antidotectl serve` as a process on the embedded defaults, driven over HTTP, and the admin
//! client commands (`session`, `livelesson`) against it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::{antidotectl, repo};

const TOKEN: &str = "test-admin-token-0123456789";

/// A running `antidotectl serve`, killed when dropped.
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// Its stderr so far.
    pub log: std::sync::Arc<std::sync::Mutex<String>>,
    data: Option<tempfile::TempDir>,
}

impl Server {
    /// Kills the process (SIGKILL: nothing gets to clean up) and hands back its data directory.
    fn kill(mut self) -> tempfile::TempDir {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        self.data.take().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `antidotectl serve --curriculum curriculum-examples` on a free port with a data
/// directory of its own, and waits until it serves.
pub fn serve(extra: &[&str]) -> Server {
    serve_in(tempfile::tempdir().unwrap(), true, extra, &[])
}

/// Starts `antidotectl serve` with `data` as its data directory, importing the examples first
/// when `import`.
fn serve_in(data: tempfile::TempDir, import: bool, extra: &[&str], env: &[(&str, &str)]) -> Server {
    let addr = format!("127.0.0.1:{}", free_port());
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("antidotectl"));
    command.args(["serve", "--listen", &addr]);
    if import {
        command
            .arg("--curriculum")
            .arg(repo().join("curriculum-examples"));
    }
    let mut child = command
        .args(extra)
        .env("XDG_DATA_HOME", data.path())
        .env("ANTIDOTE_ADMIN_TOKEN", TOKEN)
        .env("NO_COLOR", "1")
        .env_remove("ANTIDOTE_DATABASE_URL")
        .env_remove("ANTIDOTE_NATS_URL")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let (tx, rx) = std::sync::mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    let sink = log.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if line.starts_with("serving on") {
                let _ = tx.send(());
            }
            sink.lock().unwrap().push_str(&(line + "\n"));
        }
    });
    if rx.recv_timeout(Duration::from_secs(60)).is_err() {
        let _ = child.kill();
        panic!("serve did not start: {}", log.lock().unwrap());
    }
    Server {
        child,
        addr,
        log,
        data: Some(data),
    }
}

/// A minimal HTTP/1.1 request: status and JSON body.
pub fn http(addr: &str, method: &str, path: &str, body: Option<&str>) -> (u16, Value) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let body = body.unwrap_or("");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer[9..12].parse().unwrap();
    let (head, rest) = answer.split_once("\r\n\r\n").unwrap();
    let rest = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        // One chunk is enough for these small answers.
        rest.split_once("\r\n")
            .map_or("", |(_, r)| r)
            .rsplit_once("\r\n0\r\n")
            .map_or("", |(b, _)| b)
    } else {
        rest
    };
    (status, serde_json::from_str(rest).unwrap_or(Value::Null))
}

/// Polls until `done` holds for the livelesson, or panics after `within`.
fn wait_for(addr: &str, id: &str, within: Duration, done: impl Fn(&Value) -> bool) -> Value {
    let start = Instant::now();
    loop {
        let (status, body) = http(addr, "GET", &format!("/api/v1/livelessons/{id}"), None);
        assert_eq!(status, 200, "{body}");
        if done(&body) {
            return body;
        }
        assert!(start.elapsed() < within, "livelesson {id} stuck: {body}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn admin(server: &Server, args: &[&str]) -> assert_cmd::assert::Assert {
    antidotectl()
        .args(args)
        .args(["--server", &format!("http://{}", server.addr)])
        .env("ANTIDOTE_ADMIN_TOKEN", TOKEN)
        .assert()
}

#[test]
fn admin_commands_send_a_trace_the_server_logs_as_json() {
    let server = serve_in(
        tempfile::tempdir().unwrap(),
        true,
        &["--log-format", "json"],
        &[("RUST_LOG", "info,antidote::api=debug")],
    );
    // The request's span logs its answer at debug level.
    let out = antidotectl()
        .args([
            "session",
            "list",
            "--verbose",
            "--server",
            &format!("http://{}", server.addr),
        ])
        .env("ANTIDOTE_ADMIN_TOKEN", TOKEN)
        .assert()
        .success();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let trace_id = stderr
        .split("trace id ")
        .nth(1)
        .and_then(|r| r.get(..32))
        .unwrap_or_else(|| panic!("no trace id in: {stderr}"))
        .to_owned();
    assert!(
        trace_id.bytes().all(|b| b.is_ascii_hexdigit()),
        "{trace_id}"
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let log = server.log.lock().unwrap().clone();
        let line = log.lines().find(|l| l.contains(&trace_id));
        if let Some(line) = line {
            let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
            assert_eq!(v["span"]["http.route"], "/api/v1/admin/sessions", "{line}");
            assert_eq!(v["span"]["trace_id"], trace_id.as_str(), "{line}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the server never logged trace {trace_id}: {log}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // The server's own lines are JSON too.
    let log = server.log.lock().unwrap().clone();
    assert!(
        log.lines()
            .filter(|l| l.starts_with('{'))
            .any(|l| l.contains("\"api listening\"")),
        "{log}"
    );
}

#[test]
fn serve_runs_the_platform_and_the_admin_commands_drive_it() {
    let server = serve(&[]);
    assert!(
        server
            .log
            .lock()
            .unwrap()
            .contains("imported antidote-examples: 3 lessons"),
        "{}",
        server.log.lock().unwrap()
    );
    let (status, lessons) = http(&server.addr, "GET", "/api/v1/lessons", None);
    assert_eq!(status, 200);
    assert_eq!(
        lessons["lessons"].as_array().unwrap().len(),
        3,
        "every tier on one machine"
    );
    let (status, session) = http(&server.addr, "POST", "/api/v1/sessions", None);
    assert_eq!(status, 201);
    let sid = session["id"].as_str().unwrap().to_owned();

    let out = admin(&server, &["session", "list", "--format", "json"]).success();
    let sessions: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(sessions[0]["id"], sid.as_str());
    assert_eq!(sessions[0]["persistent"], false);
    admin(&server, &["session", "persist", &sid])
        .success()
        .stderr(predicates::str::contains("is persistent"));
    let out = admin(&server, &["session", "list"]).success();
    let table = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(table.lines().nth(1).unwrap().contains("yes"), "{table}");

    let out = admin(&server, &["livelesson", "list", "--format", "json"]).success();
    assert_eq!(
        serde_json::from_slice::<Value>(&out.get_output().stdout).unwrap(),
        serde_json::json!([])
    );
    admin(
        &server,
        &["livelesson", "kill", "0123456789abcdef0123456789abcdef"],
    )
    .code(2)
    .stderr(predicates::str::contains("the API answered 404"));
    antidotectl()
        .args([
            "session",
            "list",
            "--server",
            &format!("http://{}", server.addr),
            "--token",
            "wrong",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("wrong admin token"));
}

#[test]
fn admin_commands_say_when_the_server_is_missing() {
    antidotectl()
        .args([
            "livelesson",
            "list",
            "--server",
            &format!("http://127.0.0.1:{}", free_port()),
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("cannot reach the Antidote API"));
    antidotectl()
        .args(["session", "list", "--server", "ftp://x"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("invalid server URL"));
}

#[test]
fn serve_refuses_a_curriculum_with_errors_and_serves_nothing() {
    let data = tempfile::tempdir().unwrap();
    let broken = data.path().join("broken");
    crate::copy_dir(&repo().join("curriculum-examples"), &broken);
    std::fs::write(
        broken.join("lessons/shell-first-steps/lesson.meta.yaml"),
        "name: [",
    )
    .unwrap();
    antidotectl()
        .args(["serve", "--listen", "127.0.0.1:0", "--curriculum"])
        .arg(&broken)
        .env("XDG_DATA_HOME", data.path())
        .timeout(Duration::from_secs(60))
        .assert()
        .code(1)
        .stderr(predicates::str::contains("not serving: the curriculum"));
}

#[test]
fn a_learner_gets_a_ready_preview_lesson_with_its_guide() {
    let server = serve(&[]);
    let (_, session) = http(&server.addr, "POST", "/api/v1/sessions", None);
    let sid = session["id"].as_str().unwrap();
    let body =
        format!(r#"{{"session_id": "{sid}", "lesson_slug": "network-config-basics", "stage": 0}}"#);
    let (status, created) = http(&server.addr, "POST", "/api/v1/livelessons", Some(&body));
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let ready = wait_for(&server.addr, &id, Duration::from_secs(20), |l| {
        l["status"] == "READY"
    });
    assert_eq!(
        ready["preview"], true,
        "the preview backend marks what it serves: {ready}"
    );
    assert!(ready["error"].is_null());
    assert_eq!(ready["guide"]["type"], "markdown");
    assert!(ready["guide"]["contents"].as_str().unwrap().contains('#'));
    let endpoints = ready["endpoints"].as_array().unwrap();
    assert!(!endpoints.is_empty());
    assert!(
        endpoints.iter().all(|e| e["host"].is_null()),
        "no host in preview: {ready}"
    );

    // The original web front end sees the same.
    let (status, exp) = http(&server.addr, "GET", &format!("/exp/livelesson/{id}"), None);
    assert_eq!(status, 200);
    assert_eq!(exp["Status"], "READY");
    assert_eq!(exp["HealthyTests"], exp["TotalTests"]);

    // A stage change goes through CONFIGURATION back to READY at the new stage.
    let (status, _) = http(
        &server.addr,
        "PUT",
        &format!("/api/v1/livelessons/{id}/stage"),
        Some(r#"{"stage": 1}"#),
    );
    assert_eq!(status, 200);
    let moved = wait_for(&server.addr, &id, Duration::from_secs(20), |l| {
        l["status"] == "READY" && l["stage"] == 1
    });
    assert_ne!(moved["guide"]["contents"], ready["guide"]["contents"]);

    let (status, _) = http(
        &server.addr,
        "DELETE",
        &format!("/api/v1/livelessons/{id}"),
        None,
    );
    assert_eq!(status, 202);
    let start = Instant::now();
    loop {
        let (status, _) = http(
            &server.addr,
            "GET",
            &format!("/api/v1/livelessons/{id}"),
            None,
        );
        if status == 404 {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "not deleted");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_ready_lesson_stays_ready_when_serve_is_killed_and_started_again() {
    let server = serve(&[]);
    let (_, session) = http(&server.addr, "POST", "/api/v1/sessions", None);
    let sid = session["id"].as_str().unwrap().to_owned();
    let body = format!(r#"{{"session_id": "{sid}", "lesson_slug": "shell-first-steps"}}"#);
    let (_, created) = http(&server.addr, "POST", "/api/v1/livelessons", Some(&body));
    let id = created["id"].as_str().unwrap().to_owned();
    let ready = wait_for(&server.addr, &id, Duration::from_secs(20), |l| {
        l["status"] == "READY"
    });

    let again = serve_in(server.kill(), false, &[], &[]);
    let (status, after) = http(
        &again.addr,
        "GET",
        &format!("/api/v1/livelessons/{id}"),
        None,
    );
    assert_eq!(status, 200, "the livelesson survived: {after}");
    assert_eq!(after["status"], "READY");
    assert_eq!(after["created_at"], ready["created_at"]);
    // The session is intact too: the same lesson is the same livelesson.
    let (status, same) = http(&again.addr, "POST", "/api/v1/livelessons", Some(&body));
    assert_eq!(status, 200);
    assert_eq!(same["id"], id.as_str());
    assert_eq!(same["status"], "READY");
}

#[test]
fn serve_with_the_docker_backend_runs_real_endpoints_a_learner_logs_into() {
    let engine = antidote_lib::provision::testing::TestEngine::shared();
    let overrides = format!("linux-shell={}", engine.image);
    let server = serve(&[
        "--backend",
        "docker",
        "--docker-host",
        &engine.host,
        "--docker-pull",
        "false",
        "--images-overrides",
        &overrides,
        "--images-configurator",
        &engine.image,
        "--instance-id",
        "ctlserve",
    ]);
    let (_, session) = http(&server.addr, "POST", "/api/v1/sessions", None);
    let sid = session["id"].as_str().unwrap();
    let body =
        format!(r#"{{"session_id": "{sid}", "lesson_slug": "shell-first-steps", "stage": 0}}"#);
    let (status, created) = http(&server.addr, "POST", "/api/v1/livelessons", Some(&body));
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let ready = wait_for(&server.addr, &id, Duration::from_secs(60), |l| {
        l["status"] == "READY" || l["status"] == "FAILED"
    });
    assert_eq!(ready["status"], "READY", "{ready}");
    assert_eq!(ready["preview"], false, "{ready}");
    let shell = &ready["endpoints"][0];
    assert_eq!(shell["host"], "127.0.0.1", "{ready}");
    let port = shell["access"][0]["port"].as_u64().unwrap();
    // The learner's terminal: a real login on the published port.
    let out = antidote_lib::provision::testing::ssh(
        u16::try_from(port).unwrap(),
        "antidote",
        "antidotepassword",
        "hostname",
    );
    assert!(out.contains("shell"), "{out}");

    // Deleting it removes its containers and networks.
    let (status, _) = http(
        &server.addr,
        "DELETE",
        &format!("/api/v1/livelessons/{id}"),
        None,
    );
    assert!(status == 202 || status == 204, "{status}");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let backend = rt.block_on(engine.backend("ctlserve", &["linux-shell"]));
    let start = Instant::now();
    loop {
        let left = rt.block_on(backend.objects(&id)).unwrap();
        if left.is_empty() {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(30), "left: {left:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
}
