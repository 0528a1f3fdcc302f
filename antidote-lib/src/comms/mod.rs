//! Communication between services: the events of the design on a message bus.
//!
//! Two layers:
//!
//! - [`Bus`]: untyped messages (headers and bytes) on subjects, with plain subscriptions (every
//!   subscriber gets every message), queue groups (each message goes to exactly one member of
//!   each group) and request-reply with a timeout. Two implementations with the same semantics:
//!   [`NatsBus`] (a NATS server, through async-nats) and [`InProcessBus`] (channels, for tests
//!   and single-process deployments).
//! - [`Comms`]: typed [`Event`]s as JSON, on subjects prefixed with the instance id
//!   (`<instance>.livelessons.new`), with the W3C trace context in the `traceparent` header.
//!
//! The bus only says there is work; the database is the truth. A message may be lost (a
//! subscriber that is not there, a NATS slow consumer), so consumers must be able to recover
//! from the database, and work requests are acknowledged ([`Ack`], request-reply) so that a
//! publisher learns at once when nobody took the work.

mod events;
mod memory;
mod nats;
#[cfg(feature = "test-support")]
pub mod testing;
mod trace;

pub use events::{
    Ack, DeleteLiveLesson, Event, LiveLessonFailed, LiveLessonReady, NewLiveLesson,
    ObjectiveComplete, SUBJECTS, StageChangeLiveLesson, new_event_id,
};
pub use memory::InProcessBus;
pub use nats::{NatsBus, NatsOptions, redact as redact_url};
pub use trace::{TRACEPARENT, TraceContext};

/// The header that carries an outbox event's id (NATS JetStream's de-duplication header).
pub const MSG_ID: &str = "Nats-Msg-Id";

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use futures_util::future::BoxFuture;
use futures_util::stream::{BoxStream, Stream, StreamExt as _};

/// A message bus: publish, subscribe (plain or in a queue group) and request-reply.
///
/// Subjects are dot-separated tokens as in NATS (`a.b.c`); subscriptions may use the
/// wildcards `*` (one token) and `>` (one or more trailing tokens). Both implementations
/// behave the same:
///
/// - a plain subscription gets every message published on a matching subject after it was
///   made (when `subscribe` returns, the subscription is live);
/// - a queue group (all queue subscriptions with the same group name) gets each message once,
///   delivered to exactly one of its members;
/// - a request with nobody subscribed fails at once with [`BusError::NoResponders`]; one that
///   gets no reply within its timeout fails with [`BusError::Timeout`];
/// - dropping a [`Subscription`] unsubscribes.
pub trait Bus: Send + Sync + 'static {
    /// Publishes `message` on `subject` (no wildcards).
    fn publish<'a>(
        &'a self,
        subject: &'a str,
        message: Message,
    ) -> BoxFuture<'a, Result<(), BusError>>;

    /// Subscribes to `subject`: every matching message is delivered to this subscription.
    fn subscribe<'a>(&'a self, subject: &'a str) -> BoxFuture<'a, Result<Subscription, BusError>>;

    /// Subscribes to `subject` as a member of the queue group `group`: each matching message is
    /// delivered to one member of the group.
    fn queue_subscribe<'a>(
        &'a self,
        subject: &'a str,
        group: &'a str,
    ) -> BoxFuture<'a, Result<Subscription, BusError>>;

    /// Publishes `message` on `subject` with a reply subject and waits up to `timeout` for the
    /// first reply.
    fn request<'a>(
        &'a self,
        subject: &'a str,
        message: Message,
        timeout: Duration,
    ) -> BoxFuture<'a, Result<Message, BusError>>;

    /// Waits until everything published so far has been handed to the bus (for NATS: written
    /// and acknowledged by the server; in process: at once).
    fn flush(&self) -> BoxFuture<'_, Result<(), BusError>>;
}

/// A message: headers and an opaque payload.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Message {
    /// Headers, one value per name (NATS headers with several values keep the first).
    pub headers: BTreeMap<String, String>,
    /// The payload.
    pub payload: Bytes,
}

impl Message {
    /// A message with `payload` and no headers.
    pub fn new(payload: impl Into<Bytes>) -> Message {
        Message {
            headers: BTreeMap::new(),
            payload: payload.into(),
        }
    }

    /// Adds (or replaces) the header `name`.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Message {
        self.headers.insert(name.into(), value.into());
        self
    }

    /// The value of the header `name`, if any.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }
}

/// The messages of one subscription, in the order the bus delivered them.
///
/// Dropping it unsubscribes. Backpressure: the in-process bus queues without bound (a
/// publisher never waits nor loses a message; a stalled subscriber grows memory); with NATS the
/// client buffers up to 65,536 messages per subscription (async-nats' default) and drops the
/// excess (slow consumer), as the bus only says there is work.
pub struct Subscription {
    stream: BoxStream<'static, Delivery>,
}

impl Subscription {
    /// A subscription over any stream of deliveries (for other [`Bus`] implementations).
    pub fn from_stream(stream: impl Stream<Item = Delivery> + Send + 'static) -> Subscription {
        Subscription {
            stream: stream.boxed(),
        }
    }

    /// The next message; `None` when the subscription has ended (the bus is gone).
    pub async fn next(&mut self) -> Option<Delivery> {
        self.stream.next().await
    }
}

impl Stream for Subscription {
    type Item = Delivery;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Delivery>> {
        self.stream.as_mut().poll_next(cx)
    }
}

impl fmt::Debug for Subscription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Subscription").finish_non_exhaustive()
    }
}

/// One message received on a subscription, with the means to answer it if it is a request.
#[derive(Debug)]
pub struct Delivery {
    /// The subject it was published on.
    pub subject: String,
    /// The message.
    pub message: Message,
    reply: Option<Reply>,
}

impl Delivery {
    /// A delivery without a reply subject (for other [`Bus`] implementations).
    pub fn new(subject: String, message: Message) -> Delivery {
        Delivery {
            subject,
            message,
            reply: None,
        }
    }

    /// A delivery whose answer is published on `reply_subject` of `bus` (for other [`Bus`]
    /// implementations).
    pub fn with_reply(
        subject: String,
        message: Message,
        reply_subject: String,
        bus: Arc<dyn Bus>,
    ) -> Delivery {
        Delivery {
            subject,
            message,
            reply: Some(Reply {
                subject: reply_subject,
                via: Replier::Bus(bus),
            }),
        }
    }

    /// The subject a reply goes to, when this is a request.
    pub fn reply_subject(&self) -> Option<&str> {
        self.reply.as_ref().map(|r| r.subject.as_str())
    }

    /// Answers the request. A message that is not a request has nobody to answer: this is then
    /// a no-op and returns `Ok`.
    pub async fn respond(self, message: Message) -> Result<(), BusError> {
        match self.reply {
            Some(reply) => reply.send(message).await,
            None => Ok(()),
        }
    }
}

/// Where and how to answer a request.
struct Reply {
    subject: String,
    via: Replier,
}

enum Replier {
    InProcess(memory::WeakBus),
    Nats(async_nats::Client),
    Bus(Arc<dyn Bus>),
}

impl Reply {
    async fn send(self, message: Message) -> Result<(), BusError> {
        match self.via {
            Replier::InProcess(bus) => bus.publish(&self.subject, message),
            Replier::Nats(client) => nats::publish(&client, &self.subject, message).await,
            Replier::Bus(bus) => bus.publish(&self.subject, message).await,
        }
    }
}

impl fmt::Debug for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Reply")
            .field("subject", &self.subject)
            .finish_non_exhaustive()
    }
}

/// What went wrong on the bus.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BusError {
    /// A NATS connection was refused before connecting: no credentials, or half of them.
    #[error("refusing to connect to NATS at {url} without credentials: {reason}")]
    MissingCredentials {
        /// The server URL, without credentials.
        url: String,
        /// What is missing, naming the environment variables to set.
        reason: String,
    },
    /// The NATS server could not be reached or refused the connection.
    #[error("cannot connect to NATS at {url}: {cause}")]
    Connect {
        /// The server URL, without credentials.
        url: String,
        /// The kind of failure.
        failure: ConnectFailure,
        /// What happened.
        cause: String,
    },
    /// A request found nobody subscribed to its subject.
    #[error("no responders on {subject}: nothing subscribed takes this request")]
    NoResponders {
        /// The request's subject.
        subject: String,
    },
    /// A request got no reply in time.
    #[error("no reply on {subject} within {after:?}")]
    Timeout {
        /// The request's subject.
        subject: String,
        /// The timeout.
        after: Duration,
    },
    /// A payload is not the JSON expected on its subject.
    #[error("cannot decode the message on {subject}: {cause}")]
    Decode {
        /// The message's subject.
        subject: String,
        /// What is wrong with it.
        cause: String,
    },
    /// A value could not be encoded as JSON.
    #[error("cannot encode the message for {subject}: {cause}")]
    Encode {
        /// The subject it was for.
        subject: String,
        /// What went wrong.
        cause: String,
    },
    /// A message could not be published.
    #[error("cannot publish on {subject}: {cause}")]
    Publish {
        /// The subject.
        subject: String,
        /// What went wrong.
        cause: String,
    },
    /// A subscription could not be made.
    #[error("cannot subscribe to {subject}: {cause}")]
    Subscribe {
        /// The subject.
        subject: String,
        /// What went wrong.
        cause: String,
    },
    /// A request failed for another reason than no responders or a timeout.
    #[error("request on {subject} failed: {cause}")]
    Request {
        /// The request's subject.
        subject: String,
        /// What went wrong.
        cause: String,
    },
    /// Flushing the bus failed.
    #[error("cannot flush the bus: {cause}")]
    Flush {
        /// What went wrong.
        cause: String,
    },
    /// An instance id that cannot prefix subjects.
    #[error("invalid instance id {id:?}: {reason}")]
    InvalidInstanceId {
        /// The id given.
        id: String,
        /// What is wrong with it.
        reason: &'static str,
    },
}

/// Why a connection to NATS failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConnectFailure {
    /// The URL cannot be parsed.
    InvalidUrl,
    /// Nothing answered at the address (refused, unreachable, DNS).
    Unreachable,
    /// The server refused the credentials.
    Authorization,
    /// The server did not complete the handshake in time.
    TimedOut,
    /// Anything else (TLS, protocol).
    Other,
}

/// Checks a subject: non-empty tokens separated by dots, no whitespace; wildcards (`*` as a
/// token, `>` as the last token) only when `wildcards`.
pub(crate) fn check_subject(subject: &str, wildcards: bool) -> Result<(), String> {
    if subject.is_empty() {
        return Err("empty subject".to_owned());
    }
    if subject.chars().any(char::is_whitespace) {
        return Err("a subject cannot contain whitespace".to_owned());
    }
    let tokens: Vec<&str> = subject.split('.').collect();
    for (i, token) in tokens.iter().enumerate() {
        if token.is_empty() {
            return Err("a subject cannot have an empty token".to_owned());
        }
        let wild = *token == "*" || *token == ">";
        if wild && !wildcards {
            return Err("wildcards are only for subscriptions".to_owned());
        }
        if *token == ">" && i + 1 != tokens.len() {
            return Err("`>` can only be the last token".to_owned());
        }
    }
    Ok(())
}

/// Checks a queue group name: non-empty, no whitespace.
pub(crate) fn check_group(group: &str) -> Result<(), String> {
    if group.is_empty() {
        return Err("empty queue group".to_owned());
    }
    if group.chars().any(char::is_whitespace) {
        return Err("a queue group cannot contain whitespace".to_owned());
    }
    Ok(())
}

/// The typed layer over a bus: events as JSON on subjects prefixed with the instance id, with
/// the trace context in the `traceparent` header. Cloning shares the bus.
#[derive(Clone)]
pub struct Comms {
    bus: Arc<dyn Bus>,
    instance_id: Arc<str>,
}

impl fmt::Debug for Comms {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Comms")
            .field("instance_id", &self.instance_id)
            .finish_non_exhaustive()
    }
}

impl Comms {
    /// The typed layer for the instance `instance_id` (non-empty, letters, digits, `_` and
    /// `-` only) on `bus`. Instances sharing a bus do not see each other's events.
    pub fn new(bus: Arc<dyn Bus>, instance_id: &str) -> Result<Comms, BusError> {
        let invalid = |reason| BusError::InvalidInstanceId {
            id: instance_id.to_owned(),
            reason,
        };
        if instance_id.is_empty() {
            return Err(invalid("it is empty"));
        }
        if !instance_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return Err(invalid(
                "only ASCII letters, digits, `_` and `-` are allowed",
            ));
        }
        Ok(Comms {
            bus,
            instance_id: instance_id.into(),
        })
    }

    /// The instance id that prefixes every subject.
    pub fn instance_id(&self) -> &str {
        &self.instance_id
    }

    /// The bus underneath.
    pub fn bus(&self) -> &Arc<dyn Bus> {
        &self.bus
    }

    /// The wire subject of the event `E`: `<instance_id>.<E::SUBJECT>`.
    pub fn subject<E: Event>(&self) -> String {
        format!("{}.{}", self.instance_id, E::SUBJECT)
    }

    /// Publishes `event` to every subscriber, with `trace` in the `traceparent` header.
    pub async fn publish<E: Event>(&self, event: &E, trace: &TraceContext) -> Result<(), BusError> {
        let subject = self.subject::<E>();
        let message = encode(&subject, event, trace)?;
        self.bus.publish(&subject, message).await?;
        sent::<E>();
        Ok(())
    }

    /// Publishes an event already serialized (`payload`, JSON) on `subject` (below the
    /// instance prefix), with `traceparent` if it is a valid one (else a new root) and its id
    /// in the `Nats-Msg-Id` header (JetStream drops duplicates by it): how the outbox's events
    /// are sent.
    pub async fn publish_json(
        &self,
        subject: &str,
        event_id: &str,
        payload: Vec<u8>,
        traceparent: Option<&str>,
    ) -> Result<(), BusError> {
        let label = [
            LiveLessonReady::SUBJECT,
            LiveLessonFailed::SUBJECT,
            ObjectiveComplete::SUBJECT,
        ]
        .into_iter()
        .find(|known| *known == subject)
        .unwrap_or("other");
        let subject = format!("{}.{subject}", self.instance_id);
        let trace = traceparent
            .and_then(TraceContext::parse)
            .unwrap_or_else(TraceContext::new_root);
        let message = Message::new(payload)
            .with_header(TRACEPARENT, trace.to_header())
            .with_header(MSG_ID, event_id);
        self.bus.publish(&subject, message).await?;
        // The metric's label is bounded: the outbox holds only the events above.
        crate::metrics::metrics()
            .bus_sent
            .get_or_create(&crate::metrics::Subject { subject: label })
            .inc();
        Ok(())
    }

    /// Sends `event` as a work request and waits up to `timeout` for its [`Ack`].
    ///
    /// Fails at once with [`BusError::NoResponders`] when nobody subscribes to the event.
    pub async fn request<E: Event>(
        &self,
        event: &E,
        trace: &TraceContext,
        timeout: Duration,
    ) -> Result<Ack, BusError> {
        let subject = self.subject::<E>();
        let message = encode(&subject, event, trace)?;
        let reply = self.bus.request(&subject, message, timeout).await;
        sent::<E>();
        let reply = reply?;
        serde_json::from_slice(&reply.payload).map_err(|e| BusError::Decode {
            subject,
            cause: e.to_string(),
        })
    }

    /// Subscribes to the event `E`: every subscriber gets every event (fan-out).
    pub async fn subscribe<E: Event>(&self) -> Result<Events<E>, BusError> {
        let subject = self.subject::<E>();
        let subscription = self.bus.subscribe(&subject).await?;
        Ok(Events::new(subscription))
    }

    /// Subscribes to the event `E` in the queue group `group`: each event goes to exactly one
    /// member of the group.
    pub async fn queue_subscribe<E: Event>(&self, group: &str) -> Result<Events<E>, BusError> {
        let subject = self.subject::<E>();
        let subscription = self.bus.queue_subscribe(&subject, group).await?;
        Ok(Events::new(subscription))
    }
}

/// Counts a message of `E` sent (a request counts once it was handed to the bus).
fn sent<E: Event>() {
    crate::metrics::metrics()
        .bus_sent
        .get_or_create(&crate::metrics::Subject {
            subject: E::SUBJECT,
        })
        .inc();
}

fn encode<T: serde::Serialize>(
    subject: &str,
    value: &T,
    trace: &TraceContext,
) -> Result<Message, BusError> {
    let payload = serde_json::to_vec(value).map_err(|e| BusError::Encode {
        subject: subject.to_owned(),
        cause: e.to_string(),
    })?;
    Ok(Message::new(payload).with_header(TRACEPARENT, trace.to_header()))
}

/// The events of type `E` received on a subscription.
pub struct Events<E> {
    subscription: Subscription,
    _event: PhantomData<fn() -> E>,
}

impl<E> fmt::Debug for Events<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Events").finish_non_exhaustive()
    }
}

impl<E: Event> Events<E> {
    fn new(subscription: Subscription) -> Events<E> {
        Events {
            subscription,
            _event: PhantomData,
        }
    }

    /// The next event; `Some(Err(BusError::Decode))` for a payload that is not an `E` (the
    /// stream goes on after it); `None` when the subscription has ended.
    pub async fn next(&mut self) -> Option<Result<Received<E>, BusError>> {
        let delivery = self.subscription.next().await?;
        crate::metrics::metrics()
            .bus_received
            .get_or_create(&crate::metrics::Subject {
                subject: E::SUBJECT,
            })
            .inc();
        Some(Received::decode(delivery))
    }
}

/// An event received, with the trace context it came with and, for a request, the means to
/// acknowledge it.
#[derive(Debug)]
pub struct Received<E> {
    /// The event.
    pub event: E,
    /// The trace context of the message (a new root when it had none or an invalid one).
    pub trace: TraceContext,
    /// The subject it came on.
    pub subject: String,
    reply: Option<Reply>,
}

impl<E: Event> Received<E> {
    fn decode(delivery: Delivery) -> Result<Received<E>, BusError> {
        let event =
            serde_json::from_slice(&delivery.message.payload).map_err(|e| BusError::Decode {
                subject: delivery.subject.clone(),
                cause: e.to_string(),
            })?;
        let trace = delivery
            .message
            .header(TRACEPARENT)
            .and_then(TraceContext::parse)
            .unwrap_or_else(TraceContext::new_root);
        Ok(Received {
            event,
            trace,
            subject: delivery.subject,
            reply: delivery.reply,
        })
    }
}

impl<E> Received<E> {
    /// Whether the publisher waits for an [`Ack`] (the event came as a request).
    pub fn expects_ack(&self) -> bool {
        self.reply.is_some()
    }

    /// Answers a work request with `ack` (its trace context a child of the event's). For an
    /// event that was published, not requested, there is nobody to answer: a no-op, `Ok`.
    pub async fn ack(self, ack: Ack) -> Result<(), BusError> {
        let Some(reply) = self.reply else {
            return Ok(());
        };
        let message = encode(&reply.subject, &ack, &self.trace.child())?;
        reply.send(message).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_are_checked() {
        assert!(check_subject("a.b.c", false).is_ok());
        assert!(check_subject("a.*.>", true).is_ok());
        for bad in ["", "a..b", ".a", "a.", "a b", "a.>.b"] {
            assert!(check_subject(bad, true).is_err(), "{bad}");
        }
        assert!(check_subject("a.*", false).is_err());
    }

    #[test]
    fn instance_ids_are_checked() {
        let bus: Arc<dyn Bus> = Arc::new(InProcessBus::new());
        assert!(Comms::new(bus.clone(), "antidote-prod_2").is_ok());
        for bad in ["", "a.b", "a b", "a*", ">", "é"] {
            assert!(
                matches!(
                    Comms::new(bus.clone(), bad),
                    Err(BusError::InvalidInstanceId { .. })
                ),
                "{bad}"
            );
        }
        let comms = Comms::new(bus, "antidote").unwrap();
        assert_eq!(comms.subject::<NewLiveLesson>(), "antidote.livelessons.new");
    }
}
