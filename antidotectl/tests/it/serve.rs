//! `antidotectl serve` as a process on the embedded defaults, driven over HTTP, and the admin
//! client commands (`session`, `livelesson`) against it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

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
    _data: tempfile::TempDir,
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
    let data = tempfile::tempdir().unwrap();
    let addr = format!("127.0.0.1:{}", free_port());
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("antidotectl"))
        .args(["serve", "--listen", &addr, "--curriculum"])
        .arg(repo().join("curriculum-examples"))
        .args(extra)
        .env("XDG_DATA_HOME", data.path())
        .env("ANTIDOTE_ADMIN_TOKEN", TOKEN)
        .env("NO_COLOR", "1")
        .env_remove("ANTIDOTE_DATABASE_URL")
        .env_remove("ANTIDOTE_NATS_URL")
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
        _data: data,
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

fn admin(server: &Server, args: &[&str]) -> assert_cmd::assert::Assert {
    antidotectl()
        .args(args)
        .args(["--server", &format!("http://{}", server.addr)])
        .env("ANTIDOTE_ADMIN_TOKEN", TOKEN)
        .assert()
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
