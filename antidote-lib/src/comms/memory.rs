//! The in-process bus: the semantics of NATS over tokio channels, within one process.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::time::Duration;

use futures_util::future::BoxFuture;
use tokio::sync::mpsc;

use super::{
    Bus, BusError, Delivery, Message, Replier, Reply, Subscription, check_group, check_subject,
};

/// A bus within one process, with the semantics of NATS: plain subscriptions get every message,
/// a queue group delivers each message to one member (round robin), requests fail at once with
/// no responders and after their timeout with no reply.
///
/// Cloning shares the same bus. Each subscription has an unbounded queue: publishing never
/// waits and never loses a message; a subscriber that does not read grows memory.
#[derive(Clone, Default)]
pub struct InProcessBus {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for InProcessBus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InProcessBus").finish_non_exhaustive()
    }
}

#[derive(Default)]
struct Inner {
    state: Mutex<State>,
    inboxes: AtomicU64,
}

#[derive(Default)]
struct State {
    next_id: u64,
    /// By id, so members of a group are in a stable order.
    subs: BTreeMap<u64, Sub>,
    /// Round-robin counter per queue group.
    turns: HashMap<String, usize>,
}

struct Sub {
    pattern: String,
    group: Option<String>,
    tx: mpsc::UnboundedSender<Delivery>,
}

/// A handle that does not keep the bus alive, for answering requests.
pub(super) struct WeakBus(Weak<Inner>);

impl WeakBus {
    pub(super) fn publish(&self, subject: &str, message: Message) -> Result<(), BusError> {
        match self.0.upgrade() {
            Some(inner) => InProcessBus { inner }
                .publish_with_reply(subject, None, message)
                .map(drop),
            None => Err(BusError::Publish {
                subject: subject.to_owned(),
                cause: "the in-process bus is gone".to_owned(),
            }),
        }
    }
}

/// Removes the subscription from the bus when the [`Subscription`] is dropped.
struct Unsubscribe {
    bus: Weak<Inner>,
    id: u64,
}

impl Drop for Unsubscribe {
    fn drop(&mut self) {
        if let Some(inner) = self.bus.upgrade() {
            inner.lock().subs.remove(&self.id);
        }
    }
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Whether the subscription `pattern` (with `*` and `>`) matches the `subject`.
fn matches(pattern: &str, subject: &str) -> bool {
    let mut subject = subject.split('.');
    for p in pattern.split('.') {
        if p == ">" {
            return subject.next().is_some();
        }
        match subject.next() {
            Some(s) if p == "*" || p == s => {}
            _ => return false,
        }
    }
    subject.next().is_none()
}

impl InProcessBus {
    /// A new, empty bus.
    pub fn new() -> InProcessBus {
        InProcessBus::default()
    }

    /// Delivers `message` to the matching subscriptions; returns how many got it (each queue
    /// group counts once).
    fn publish_with_reply(
        &self,
        subject: &str,
        reply: Option<&str>,
        message: Message,
    ) -> Result<usize, BusError> {
        check_subject(subject, false).map_err(|cause| BusError::Publish {
            subject: subject.to_owned(),
            cause,
        })?;
        let delivery = || Delivery {
            subject: subject.to_owned(),
            message: message.clone(),
            reply: reply.map(|r| Reply {
                subject: r.to_owned(),
                via: Replier::InProcess(WeakBus(Arc::downgrade(&self.inner))),
            }),
        };
        let mut state = self.inner.lock();
        let mut groups: BTreeMap<&str, Vec<&Sub>> = BTreeMap::new();
        let mut delivered = 0;
        for sub in state.subs.values() {
            if sub.tx.is_closed() || !matches(&sub.pattern, subject) {
                continue;
            }
            match &sub.group {
                Some(group) => groups.entry(group).or_default().push(sub),
                None => {
                    if sub.tx.send(delivery()).is_ok() {
                        delivered += 1;
                    }
                }
            }
        }
        let mut turns = Vec::with_capacity(groups.len());
        for (group, members) in groups {
            let turn = state.turns.get(group).copied().unwrap_or(0);
            // The member whose turn it is; the next ones if it went away meanwhile.
            let taken = (0..members.len())
                .map(|i| (turn + i) % members.len())
                .find(|&i| members[i].tx.send(delivery()).is_ok());
            if let Some(i) = taken {
                delivered += 1;
                turns.push((group.to_owned(), i + 1));
            }
        }
        for (group, next) in turns {
            state.turns.insert(group, next);
        }
        Ok(delivered)
    }

    fn add(&self, subject: &str, group: Option<&str>) -> Result<Subscription, BusError> {
        let invalid = |cause| BusError::Subscribe {
            subject: subject.to_owned(),
            cause,
        };
        check_subject(subject, true).map_err(invalid)?;
        if let Some(group) = group {
            check_group(group).map_err(invalid)?;
        }
        let (tx, mut rx) = mpsc::unbounded_channel();
        let id = {
            let mut state = self.inner.lock();
            let id = state.next_id;
            state.next_id += 1;
            state.subs.insert(
                id,
                Sub {
                    pattern: subject.to_owned(),
                    group: group.map(str::to_owned),
                    tx,
                },
            );
            id
        };
        let guard = Unsubscribe {
            bus: Arc::downgrade(&self.inner),
            id,
        };
        Ok(Subscription::from_stream(futures_util::stream::poll_fn(
            move |cx| {
                let _ = &guard;
                rx.poll_recv(cx)
            },
        )))
    }

    async fn request_inner(
        &self,
        subject: &str,
        message: Message,
        timeout: Duration,
    ) -> Result<Message, BusError> {
        let inbox = format!(
            "_INBOX.{}",
            self.inner.inboxes.fetch_add(1, Ordering::Relaxed)
        );
        let mut replies = self.add(&inbox, None)?;
        let delivered = self
            .publish_with_reply(subject, Some(&inbox), message)
            .map_err(|e| match e {
                BusError::Publish { subject, cause } => BusError::Request { subject, cause },
                e => e,
            })?;
        if delivered == 0 {
            return Err(BusError::NoResponders {
                subject: subject.to_owned(),
            });
        }
        match tokio::time::timeout(timeout, replies.next()).await {
            Ok(Some(reply)) => Ok(reply.message),
            Ok(None) => Err(BusError::Request {
                subject: subject.to_owned(),
                cause: "the reply subscription ended".to_owned(),
            }),
            Err(_) => Err(BusError::Timeout {
                subject: subject.to_owned(),
                after: timeout,
            }),
        }
    }
}

impl Bus for InProcessBus {
    fn publish<'a>(
        &'a self,
        subject: &'a str,
        message: Message,
    ) -> BoxFuture<'a, Result<(), BusError>> {
        let result = self.publish_with_reply(subject, None, message).map(drop);
        Box::pin(async move { result })
    }

    fn subscribe<'a>(&'a self, subject: &'a str) -> BoxFuture<'a, Result<Subscription, BusError>> {
        let result = self.add(subject, None);
        Box::pin(async move { result })
    }

    fn queue_subscribe<'a>(
        &'a self,
        subject: &'a str,
        group: &'a str,
    ) -> BoxFuture<'a, Result<Subscription, BusError>> {
        let result = self.add(subject, Some(group));
        Box::pin(async move { result })
    }

    fn request<'a>(
        &'a self,
        subject: &'a str,
        message: Message,
        timeout: Duration,
    ) -> BoxFuture<'a, Result<Message, BusError>> {
        Box::pin(self.request_inner(subject, message, timeout))
    }

    fn flush(&self) -> BoxFuture<'_, Result<(), BusError>> {
        Box::pin(async { Ok(()) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_like_nats() {
        assert!(matches("a.b", "a.b"));
        assert!(!matches("a.b", "a.b.c"));
        assert!(!matches("a.b.c", "a.b"));
        assert!(matches("a.*", "a.b"));
        assert!(!matches("a.*", "a.b.c"));
        assert!(matches("a.>", "a.b.c"));
        assert!(!matches("a.>", "a"));
        assert!(matches("*.b.>", "x.b.y"));
    }

    #[tokio::test]
    async fn dropping_a_subscription_unsubscribes() {
        let bus = InProcessBus::new();
        let sub = bus.subscribe("a").await.unwrap();
        assert_eq!(bus.inner.lock().subs.len(), 1);
        drop(sub);
        assert!(bus.inner.lock().subs.is_empty());
        let err = bus
            .request("a", Message::new("x"), Duration::from_secs(5))
            .await
            .unwrap_err();
        assert!(matches!(err, BusError::NoResponders { .. }));
    }
}
