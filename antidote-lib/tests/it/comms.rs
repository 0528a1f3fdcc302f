//! The bus: one suite run against both implementations (in process, and NATS on a server of
//! its own with a user and password), then what only NATS has: credentials.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use antidote_lib::comms::{
    Ack, Bus, BusError, Comms, ConnectFailure, DeleteLiveLesson, Event as _, InProcessBus, Message,
    NatsBus, NatsOptions, NewLiveLesson, TraceContext,
};

use crate::support::{NatsAuth, NatsServer, free_port};

const USER: &str = "antidote";
const PASSWORD: &str = "s3cret-pass";

/// Long enough for anything that should happen, short enough to fail a hung test.
const PATIENCE: Duration = Duration::from_secs(10);

fn new_lesson(i: usize) -> NewLiveLesson {
    NewLiveLesson {
        livelesson_id: format!("ll-{i}"),
        session_id: "s-1".to_owned(),
        lesson_slug: "intro".to_owned(),
        stage: 1,
    }
}

/// The next event within [`PATIENCE`], decoded.
async fn next<E: antidote_lib::comms::Event>(
    events: &mut antidote_lib::comms::Events<E>,
) -> antidote_lib::comms::Received<E> {
    tokio::time::timeout(PATIENCE, events.next())
        .await
        .expect("no event in time")
        .expect("the subscription ended")
        .expect("the event does not decode")
}

/// Asserts that the next event is `sentinel`, published after whatever must not arrive: a
/// publisher's messages arrive in order, so nothing came before it (a wait on the event that
/// proves it, not a sleep).
async fn next_is<E: antidote_lib::comms::Event + std::fmt::Debug + PartialEq>(
    events: &mut antidote_lib::comms::Events<E>,
    sentinel: &E,
) {
    let got = next(events).await.event;
    assert_eq!(&got, sentinel, "something arrived before the sentinel");
}

// The shared suite: each case takes a bus and checks one property of the semantics.

async fn queue_group_exactly_once(bus: Arc<dyn Bus>) {
    let comms = Comms::new(bus, "antidote").unwrap();
    let mut tasks = Vec::new();
    let mut got = Vec::new();
    for _ in 0..3 {
        let mut events = comms
            .queue_subscribe::<NewLiveLesson>("schedulers")
            .await
            .unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        got.push(seen.clone());
        tasks.push(tokio::spawn(async move {
            while let Some(received) = events.next().await {
                seen.lock()
                    .unwrap()
                    .push(received.unwrap().event.livelesson_id);
            }
        }));
    }
    let trace = TraceContext::new_root();
    for i in 0..300 {
        comms.publish(&new_lesson(i), &trace).await.unwrap();
    }
    comms.bus().flush().await.unwrap();
    let total = || got.iter().map(|s| s.lock().unwrap().len()).sum::<usize>();
    let start = Instant::now();
    while total() < 300 && start.elapsed() < PATIENCE {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Time for a duplicate to show up, if any.
    tokio::time::sleep(Duration::from_millis(300)).await;
    for task in tasks {
        task.abort();
    }
    let mut all: Vec<String> = got.iter().flat_map(|s| s.lock().unwrap().clone()).collect();
    assert_eq!(all.len(), 300, "each message delivered exactly once");
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 300, "no message delivered twice");
    for (i, seen) in got.iter().enumerate() {
        assert!(!seen.lock().unwrap().is_empty(), "member {i} got nothing");
    }
}

async fn fan_out(bus: Arc<dyn Bus>) {
    let comms = Comms::new(bus, "antidote").unwrap();
    let mut subscribers = Vec::new();
    for _ in 0..3 {
        subscribers.push(comms.subscribe::<NewLiveLesson>().await.unwrap());
    }
    let trace = TraceContext::new_root();
    for i in 0..50 {
        comms.publish(&new_lesson(i), &trace).await.unwrap();
    }
    comms.bus().flush().await.unwrap();
    comms.publish(&new_lesson(999), &trace).await.unwrap();
    for events in &mut subscribers {
        for i in 0..50 {
            assert_eq!(next(events).await.event, new_lesson(i));
        }
        next_is(events, &new_lesson(999)).await;
    }
}

async fn request_reply(bus: Arc<dyn Bus>) {
    let comms = Comms::new(bus, "antidote").unwrap();
    let mut events = comms
        .queue_subscribe::<NewLiveLesson>("schedulers")
        .await
        .unwrap();
    let responder = tokio::spawn(async move {
        while let Some(received) = events.next().await {
            let received = received.unwrap();
            assert!(received.expects_ack());
            let ack = if received.event.stage < 10 {
                Ack::accepted()
            } else {
                Ack::refused("stage out of range")
            };
            received.ack(ack).await.unwrap();
        }
    });
    let trace = TraceContext::new_root();
    let ack = comms
        .request(&new_lesson(1), &trace, PATIENCE)
        .await
        .unwrap();
    assert_eq!(ack, Ack::accepted());
    let mut refused = new_lesson(2);
    refused.stage = 12;
    let ack = comms.request(&refused, &trace, PATIENCE).await.unwrap();
    assert_eq!(ack, Ack::refused("stage out of range"));
    responder.abort();
}

async fn no_responders(bus: Arc<dyn Bus>) {
    let comms = Comms::new(bus, "antidote").unwrap();
    let start = Instant::now();
    let err = comms
        .request(&new_lesson(1), &TraceContext::new_root(), PATIENCE)
        .await
        .unwrap_err();
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "no responders took {:?}",
        start.elapsed()
    );
    assert_eq!(
        err,
        BusError::NoResponders {
            subject: "antidote.livelessons.new".to_owned()
        }
    );
    assert!(err.to_string().contains("no responders"), "{err}");
}

async fn request_timeout(bus: Arc<dyn Bus>) {
    let comms = Comms::new(bus, "antidote").unwrap();
    // Subscribed, never answering.
    let _silent = comms.subscribe::<DeleteLiveLesson>().await.unwrap();
    let event = DeleteLiveLesson {
        livelesson_id: "ll-1".to_owned(),
        reason: "user request".to_owned(),
    };
    let after = Duration::from_millis(300);
    let start = Instant::now();
    let err = comms
        .request(&event, &TraceContext::new_root(), after)
        .await
        .unwrap_err();
    assert!(start.elapsed() >= after);
    assert_eq!(
        err,
        BusError::Timeout {
            subject: "antidote.livelessons.delete".to_owned(),
            after
        }
    );
}

async fn trace_context_propagates(bus: Arc<dyn Bus>) {
    let comms = Comms::new(bus, "antidote").unwrap();
    let mut events = comms.subscribe::<NewLiveLesson>().await.unwrap();
    let trace = TraceContext::new_root().child();
    comms.publish(&new_lesson(1), &trace).await.unwrap();
    let received = next(&mut events).await;
    assert_eq!(received.trace.trace_id(), trace.trace_id());
    assert_eq!(received.trace, trace);

    // No header: a new root, not an error.
    let payload = serde_json::to_vec(&new_lesson(2)).unwrap();
    comms
        .bus()
        .publish(&comms.subject::<NewLiveLesson>(), Message::new(payload))
        .await
        .unwrap();
    let received = next(&mut events).await;
    assert_eq!(received.event, new_lesson(2));
    assert_ne!(received.trace.trace_id(), trace.trace_id());

    // The ack of a request carries a child of the request's trace.
    let mut work = comms.subscribe::<DeleteLiveLesson>().await.unwrap();
    let responder = tokio::spawn(async move {
        let received = next(&mut work).await;
        received.ack(Ack::accepted()).await.unwrap();
    });
    let payload = serde_json::to_vec(&DeleteLiveLesson {
        livelesson_id: "ll-1".to_owned(),
        reason: "test".to_owned(),
    })
    .unwrap();
    let reply = comms
        .bus()
        .request(
            &comms.subject::<DeleteLiveLesson>(),
            Message::new(payload).with_header("traceparent", trace.to_header()),
            PATIENCE,
        )
        .await
        .unwrap();
    let replied = TraceContext::parse(reply.header("traceparent").unwrap()).unwrap();
    assert_eq!(replied.trace_id(), trace.trace_id());
    assert_ne!(replied.parent_id(), trace.parent_id());
    responder.await.unwrap();
}

async fn undecodable_payload_is_an_error_and_the_stream_goes_on(bus: Arc<dyn Bus>) {
    let comms = Comms::new(bus, "antidote").unwrap();
    let mut events = comms.subscribe::<NewLiveLesson>().await.unwrap();
    comms
        .bus()
        .publish(
            &comms.subject::<NewLiveLesson>(),
            Message::new("{\"not\": \"an event\"}"),
        )
        .await
        .unwrap();
    comms
        .publish(&new_lesson(1), &TraceContext::new_root())
        .await
        .unwrap();
    let err = tokio::time::timeout(PATIENCE, events.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap_err();
    assert!(
        matches!(&err, BusError::Decode { subject, .. } if subject == "antidote.livelessons.new"),
        "{err:?}"
    );
    assert_eq!(next(&mut events).await.event, new_lesson(1));
}

async fn instances_are_isolated(bus: Arc<dyn Bus>) {
    let alpha = Comms::new(bus.clone(), "alpha").unwrap();
    let beta = Comms::new(bus, "beta").unwrap();
    let mut alpha_events = alpha.subscribe::<NewLiveLesson>().await.unwrap();
    let mut beta_events = beta.subscribe::<NewLiveLesson>().await.unwrap();
    let trace = TraceContext::new_root();
    alpha.publish(&new_lesson(1), &trace).await.unwrap();
    let received = next(&mut alpha_events).await;
    assert_eq!(received.event, new_lesson(1));
    assert_eq!(received.subject, "alpha.livelessons.new");
    // Beta's first event is its own: alpha's, published before it, never reached beta.
    beta.publish(&new_lesson(2), &trace).await.unwrap();
    let received = next(&mut beta_events).await;
    assert_eq!(received.event, new_lesson(2));
    assert_eq!(received.subject, "beta.livelessons.new");
    alpha.publish(&new_lesson(3), &trace).await.unwrap();
    next_is(&mut alpha_events, &new_lesson(3)).await;
    // A request on beta finds no responder, though alpha has one.
    drop(beta_events);
    let err = beta
        .request(&new_lesson(3), &trace, PATIENCE)
        .await
        .unwrap_err();
    assert!(matches!(err, BusError::NoResponders { .. }), "{err:?}");
}

// The factories and the suite, once per implementation.

/// A bus and what must live as long as it (the NATS server).
type Fixture = (Arc<dyn Bus>, Box<dyn std::any::Any + Send>);

async fn in_process() -> Fixture {
    (Arc::new(InProcessBus::new()), Box::new(()))
}

fn user_password(url: &str, user: &str, password: &str) -> NatsOptions {
    NatsOptions {
        url: url.to_owned(),
        user: Some(user.to_owned()),
        password: Some(password.to_owned()),
        token: None,
    }
}

async fn nats() -> Fixture {
    let server = NatsServer::start_with(NatsAuth::UserPassword(USER, PASSWORD));
    let bus = NatsBus::connect(&user_password(&server.url, USER, PASSWORD))
        .await
        .unwrap();
    (Arc::new(bus), Box::new(server))
}

macro_rules! suite {
    ($factory:ident: $($case:ident),* $(,)?) => {
        mod $factory {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $case() {
                    let (bus, _guard) = super::$factory().await;
                    super::$case(bus).await;
                }
            )*
        }
    };
}

macro_rules! suites {
    ($($case:ident),* $(,)?) => {
        suite!(in_process: $($case),*);
        suite!(nats: $($case),*);
    };
}

suites!(
    queue_group_exactly_once,
    fan_out,
    request_reply,
    no_responders,
    request_timeout,
    trace_context_propagates,
    undecodable_payload_is_an_error_and_the_stream_goes_on,
    instances_are_isolated,
);

// NATS only: credentials.

/// Connects, failing the test rather than hanging.
async fn connect(options: &NatsOptions) -> Result<NatsBus, BusError> {
    tokio::time::timeout(PATIENCE, NatsBus::connect(options))
        .await
        .expect("connecting did not end within 10 s")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nats_bad_password_is_refused() {
    let server = NatsServer::start_with(NatsAuth::UserPassword(USER, PASSWORD));
    let err = connect(&user_password(&server.url, USER, "wrong"))
        .await
        .unwrap_err();
    let BusError::Connect {
        url,
        failure,
        cause,
    } = &err
    else {
        panic!("expected a connect error, got {err:?}");
    };
    assert_eq!(url, &server.url);
    assert_eq!(*failure, ConnectFailure::Authorization);
    assert!(cause.contains("refused the credentials"), "{err}");
    assert!(err.to_string().contains("ANTIDOTE_NATS_PASSWORD"), "{err}");
    assert!(!err.to_string().contains("wrong"), "{err}");

    let err = connect(&user_password(&server.url, "nobody", PASSWORD))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            BusError::Connect {
                failure: ConnectFailure::Authorization,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nats_without_credentials_is_refused_before_connecting() {
    // Nothing listens here: had it tried, the error would be a connect error.
    let url = format!("nats://127.0.0.1:{}", free_port());
    let none = NatsOptions {
        url: url.clone(),
        ..NatsOptions::default()
    };
    let err = connect(&none).await.unwrap_err();
    assert!(
        matches!(&err, BusError::MissingCredentials { url: u, .. } if *u == url),
        "{err:?}"
    );
    let message = err.to_string();
    for var in [
        "ANTIDOTE_NATS_USER",
        "ANTIDOTE_NATS_PASSWORD",
        "ANTIDOTE_NATS_TOKEN",
    ] {
        assert!(message.contains(var), "{message}");
    }

    let user_only = NatsOptions {
        user: Some(USER.to_owned()),
        ..none.clone()
    };
    let err = connect(&user_only).await.unwrap_err();
    assert!(
        matches!(err, BusError::MissingCredentials { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("ANTIDOTE_NATS_PASSWORD"), "{err}");

    let password_only = NatsOptions {
        password: Some(PASSWORD.to_owned()),
        ..none.clone()
    };
    let err = connect(&password_only).await.unwrap_err();
    assert!(
        matches!(err, BusError::MissingCredentials { .. }),
        "{err:?}"
    );

    let empty = NatsOptions {
        user: Some(String::new()),
        password: Some(String::new()),
        token: Some(String::new()),
        ..none
    };
    let err = connect(&empty).await.unwrap_err();
    assert!(
        matches!(err, BusError::MissingCredentials { .. }),
        "{err:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nats_nothing_listening_fails_promptly_without_leaking_credentials() {
    let url = format!("nats://antidote:leaked-secret@127.0.0.1:{}", free_port());
    // The URL's credentials are the only ones (given twice they are refused before connecting).
    let err = connect(&NatsOptions {
        url,
        ..NatsOptions::default()
    })
    .await
    .unwrap_err();
    assert!(
        matches!(
            err,
            BusError::Connect {
                failure: ConnectFailure::Unreachable,
                ..
            }
        ),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(!message.contains("leaked-secret"), "{message}");
    assert!(message.contains("nats://***@127.0.0.1:"), "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nats_token_auth() {
    let server = NatsServer::start_with(NatsAuth::Token("t0ken-of-test"));
    let token = |token: &str| NatsOptions {
        url: server.url.clone(),
        token: Some(token.to_owned()),
        ..NatsOptions::default()
    };
    let err = connect(&token("wrong")).await.unwrap_err();
    assert!(
        matches!(
            err,
            BusError::Connect {
                failure: ConnectFailure::Authorization,
                ..
            }
        ),
        "{err:?}"
    );
    let bus: Arc<dyn Bus> = Arc::new(connect(&token("t0ken-of-test")).await.unwrap());
    // Works end to end: the request-reply case of the suite.
    request_reply(bus).await;
}

/// `nats://USER:PASSWORD@` (or `nats://TOKEN@`) in front of a server's address.
fn with_credentials(url: &str, userinfo: &str) -> String {
    url.replacen("nats://", &format!("nats://{userinfo}@"), 1)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nats_credentials_in_the_url_are_used() {
    // A password with characters a URL must escape.
    const ODD: &str = "p@ss:w/rd%";
    let server = NatsServer::start_with(NatsAuth::UserPassword(USER, ODD));
    let only_url = |url: String| NatsOptions {
        url,
        ..NatsOptions::default()
    };
    let bus = connect(&only_url(with_credentials(
        &server.url,
        &format!("{USER}:p%40ss%3Aw%2Frd%25"),
    )))
    .await
    .unwrap();
    request_reply(Arc::new(bus)).await;

    let err = connect(&only_url(with_credentials(
        &server.url,
        &format!("{USER}:wrong-in-url"),
    )))
    .await
    .unwrap_err();
    assert!(
        matches!(
            err,
            BusError::Connect {
                failure: ConnectFailure::Authorization,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(!err.to_string().contains("wrong-in-url"), "{err}");

    // Given twice (in the URL and as settings): refused before connecting, naming both.
    let twice = NatsOptions {
        user: Some(USER.to_owned()),
        password: Some("s3cret".to_owned()),
        ..only_url(with_credentials(&server.url, &format!("{USER}:in-url")))
    };
    let err = connect(&twice).await.unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("both in the URL and in ANTIDOTE_NATS_USER"),
        "{message}"
    );
    assert!(!message.contains("in-url"), "{message}");

    let server = NatsServer::start_with(NatsAuth::Token("t0ken-in-url"));
    let bus = connect(&only_url(with_credentials(&server.url, "t0ken-in-url")))
        .await
        .unwrap();
    request_reply(Arc::new(bus)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_lets_anyone_in_is_noticed() {
    let open = NatsServer::start_with(NatsAuth::Anonymous);
    let bus = connect(&user_password(&open.url, USER, PASSWORD))
        .await
        .unwrap();
    assert!(bus.server_accepts_anonymous().await);
    let closed = NatsServer::start_with(NatsAuth::UserPassword(USER, PASSWORD));
    let bus = connect(&user_password(&closed.url, USER, PASSWORD))
        .await
        .unwrap();
    assert!(!bus.server_accepts_anonymous().await);
}

#[test]
fn subjects_are_the_designs() {
    assert_eq!(NewLiveLesson::SUBJECT, "livelessons.new");
    assert_eq!(DeleteLiveLesson::SUBJECT, "livelessons.delete");
}
