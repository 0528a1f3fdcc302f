//! The NATS bus, through async-nats.

use std::fmt;
use std::time::Duration;

use async_nats::{ConnectErrorKind, HeaderMap, RequestErrorKind, ServerAddr};
use futures_util::StreamExt as _;
use futures_util::future::BoxFuture;

use super::{
    Bus, BusError, ConnectFailure, Delivery, Message, Replier, Reply, Subscription, check_group,
    check_subject,
};

/// How long the initial connection (TCP, handshake, authentication) may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// What to set when no credentials are given.
const SET_CREDENTIALS: &str =
    "set ANTIDOTE_NATS_USER and ANTIDOTE_NATS_PASSWORD, or ANTIDOTE_NATS_TOKEN";

/// Where and how to connect to NATS. A connection needs credentials: a user and a password, or
/// a token (or a user and password in the URL).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct NatsOptions {
    /// The server URL, e.g. `nats://127.0.0.1:4222`; several, comma-separated, for a cluster.
    pub url: String,
    /// The user (`ANTIDOTE_NATS_USER`).
    pub user: Option<String>,
    /// The user's password (`ANTIDOTE_NATS_PASSWORD`).
    pub password: Option<String>,
    /// A token, instead of a user and password (`ANTIDOTE_NATS_TOKEN`).
    pub token: Option<String>,
}

impl fmt::Debug for NatsOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hidden = |v: &Option<String>| v.as_ref().map(|_| "<redacted>");
        f.debug_struct("NatsOptions")
            .field("url", &redact(&self.url))
            .field("user", &self.user)
            .field("password", &hidden(&self.password))
            .field("token", &hidden(&self.token))
            .finish()
    }
}

/// The URL(s) without their credentials (`nats://***@host:4222`).
pub fn redact(url: &str) -> String {
    url.split(',')
        .map(|one| {
            let one = one.trim();
            let (scheme, rest) = match one.find("://") {
                Some(i) => one.split_at(i + 3),
                None => ("", one),
            };
            let authority_end = rest.find('/').unwrap_or(rest.len());
            match rest[..authority_end].rfind('@') {
                Some(at) => format!("{scheme}***{}", &rest[at..]),
                None => one.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Credentials found in a server URL.
#[derive(PartialEq, Eq)]
enum UrlCredentials {
    /// `nats://user:password@host`.
    UserPassword(String, String),
    /// `nats://token@host`.
    Token(String),
}

/// `addr` without its user information, and the credentials it held (percent-decoded).
fn split_credentials(
    addr: ServerAddr,
) -> Result<(ServerAddr, Option<UrlCredentials>), &'static str> {
    if !addr.has_user_pass() && addr.password().is_none() {
        return Ok((addr, None));
    }
    let user = percent_decode(addr.username().unwrap_or_default())?;
    let password = addr.password().map(percent_decode).transpose()?;
    let credentials = match (user.is_empty(), password) {
        (false, Some(p)) if !p.is_empty() => UrlCredentials::UserPassword(user, p),
        (false, None) => UrlCredentials::Token(user),
        _ => {
            return Err(
                "the URL's credentials need a user and a password (nats://USER:PASSWORD@HOST) or a token (nats://TOKEN@HOST)",
            );
        }
    };
    let mut url = addr.into_inner();
    url.set_username("")
        .and_then(|()| url.set_password(None))
        .map_err(|()| "the URL cannot hold credentials")?;
    let addr = ServerAddr::from_url(url).map_err(|_| "the URL is not a NATS server URL")?;
    Ok((addr, Some(credentials)))
}

/// `%XX` sequences decoded (URLs carry reserved characters of passwords that way).
fn percent_decode(text: &str) -> Result<String, &'static str> {
    const BAD: &str = "the URL's credentials hold an invalid %-escape";
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(BAD)?;
            let hex = std::str::from_utf8(hex).map_err(|_| BAD)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| BAD)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "the URL's credentials are not UTF-8")
}

/// A bus on a NATS server. Cloning shares the connection.
///
/// After the first connection, the client reconnects by itself when the server goes away;
/// messages published meanwhile are buffered by the client, and subscriptions are restored.
#[derive(Clone)]
pub struct NatsBus {
    client: async_nats::Client,
    /// The servers, without credentials.
    addrs: Vec<ServerAddr>,
}

impl fmt::Debug for NatsBus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NatsBus").finish_non_exhaustive()
    }
}

impl NatsBus {
    /// Connects to the server of `options`.
    ///
    /// Refused before any network attempt ([`BusError::MissingCredentials`]) without
    /// credentials, or with a user and no password (or the reverse). Fails within a few
    /// seconds ([`BusError::Connect`]) when nothing answers or the server refuses the
    /// credentials: the initial connection is not retried.
    pub async fn connect(options: &NatsOptions) -> Result<NatsBus, BusError> {
        let url = redact(&options.url);
        let connect_error = |failure, cause: String| BusError::Connect {
            url: url.clone(),
            failure,
            cause,
        };
        // Credentials in a URL (`nats://user:password@host`, or `nats://token@host`) are
        // taken out of it (async-nats would neither send them nor keep them out of its debug
        // logs) and used as if given as settings.
        let mut addrs = Vec::new();
        let mut in_url: Option<UrlCredentials> = None;
        for one in options
            .url
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let addr = one.parse::<ServerAddr>().map_err(|e| {
                connect_error(ConnectFailure::InvalidUrl, format!("invalid URL: {e}"))
            })?;
            let (addr, credentials) = split_credentials(addr)
                .map_err(|reason| connect_error(ConnectFailure::InvalidUrl, reason.to_owned()))?;
            match (&in_url, credentials) {
                (_, None) => {}
                (None, Some(c)) => in_url = Some(c),
                (Some(known), Some(c)) if *known == c => {}
                (Some(_), Some(_)) => {
                    return Err(connect_error(
                        ConnectFailure::InvalidUrl,
                        "the server URLs carry different credentials: give one user and password (or token) for all".to_owned(),
                    ));
                }
            }
            addrs.push(addr);
        }
        if addrs.is_empty() {
            return Err(connect_error(
                ConnectFailure::InvalidUrl,
                "no server URL given".to_owned(),
            ));
        }

        let set = |v: &Option<String>| v.clone().filter(|s| !s.is_empty());
        let (mut user, mut password, mut token) = (
            set(&options.user),
            set(&options.password),
            set(&options.token),
        );
        if let Some(credentials) = in_url {
            if user.is_some() || password.is_some() || token.is_some() {
                return Err(connect_error(
                    ConnectFailure::InvalidUrl,
                    "credentials are given both in the URL and in ANTIDOTE_NATS_USER, ANTIDOTE_NATS_PASSWORD or ANTIDOTE_NATS_TOKEN: give them once".to_owned(),
                ));
            }
            match credentials {
                UrlCredentials::UserPassword(u, p) => (user, password) = (Some(u), Some(p)),
                UrlCredentials::Token(t) => token = Some(t),
            }
        }
        let missing = |reason: &str| BusError::MissingCredentials {
            url: url.clone(),
            reason: reason.to_owned(),
        };
        let mut connect = async_nats::ConnectOptions::new()
            .name("antidote")
            .connection_timeout(CONNECT_TIMEOUT)
            .event_callback(|event| async move {
                tracing::info!(%event, "nats connection event");
            });
        match (user, password) {
            (Some(user), Some(password)) => connect = connect.user_and_password(user, password),
            (Some(_), None) => {
                return Err(missing(
                    "ANTIDOTE_NATS_USER is set but ANTIDOTE_NATS_PASSWORD is not",
                ));
            }
            (None, Some(_)) => {
                return Err(missing(
                    "ANTIDOTE_NATS_PASSWORD is set but ANTIDOTE_NATS_USER is not",
                ));
            }
            (None, None) => {
                if token.is_none() {
                    return Err(missing(SET_CREDENTIALS));
                }
            }
        }
        if let Some(token) = token {
            connect = connect.token(token);
        }
        let probe_addrs = addrs.clone();

        // The initial connection is tried once (async-nats retries only when asked to); the
        // outer timeout is a guard against a handshake that never completes.
        let client = match tokio::time::timeout(CONNECT_TIMEOUT * 2, connect.connect(addrs)).await {
            Ok(Ok(client)) => client,
            Ok(Err(e)) => {
                let failure = match e.kind() {
                    ConnectErrorKind::AuthorizationViolation | ConnectErrorKind::Authentication => {
                        ConnectFailure::Authorization
                    }
                    ConnectErrorKind::TimedOut => ConnectFailure::TimedOut,
                    ConnectErrorKind::Io | ConnectErrorKind::Dns => ConnectFailure::Unreachable,
                    ConnectErrorKind::ServerParse => ConnectFailure::InvalidUrl,
                    _ => ConnectFailure::Other,
                };
                let cause = match failure {
                    ConnectFailure::Authorization => {
                        format!("the server refused the credentials ({SET_CREDENTIALS})")
                    }
                    _ => e.to_string(),
                };
                return Err(connect_error(failure, cause));
            }
            Err(_) => {
                return Err(connect_error(
                    ConnectFailure::TimedOut,
                    format!("no connection within {:?}", CONNECT_TIMEOUT * 2),
                ));
            }
        };
        Ok(NatsBus {
            client,
            addrs: probe_addrs,
        })
    }

    /// Whether the server lets a client in without credentials: one connection is tried
    /// without any (and closed at once). A server that does is open to anyone who can reach
    /// it, whatever credentials this bus was given; the services say so loudly at start.
    pub async fn server_accepts_anonymous(&self) -> bool {
        let anonymous = async_nats::ConnectOptions::new()
            .name("antidote-auth-probe")
            .connection_timeout(CONNECT_TIMEOUT)
            .connect(self.addrs.clone());
        match tokio::time::timeout(CONNECT_TIMEOUT * 2, anonymous).await {
            Ok(Ok(client)) => {
                let _ = client.drain().await;
                true
            }
            _ => false,
        }
    }

    /// The async-nats client, for what the [`Bus`] does not offer.
    pub fn client(&self) -> &async_nats::Client {
        &self.client
    }

    async fn add(&self, subject: &str, group: Option<&str>) -> Result<Subscription, BusError> {
        let error = |cause: String| BusError::Subscribe {
            subject: subject.to_owned(),
            cause,
        };
        check_subject(subject, true).map_err(error)?;
        let subscriber = match group {
            Some(group) => {
                check_group(group).map_err(error)?;
                self.client
                    .queue_subscribe(subject.to_owned(), group.to_owned())
                    .await
            }
            None => self.client.subscribe(subject.to_owned()).await,
        }
        .map_err(|e| error(e.to_string()))?;
        // The subscription is live at the server when this returns.
        self.client
            .flush()
            .await
            .map_err(|e| error(e.to_string()))?;
        let client = self.client.clone();
        Ok(Subscription::from_stream(subscriber.map(move |m| {
            Delivery {
                subject: m.subject.to_string(),
                message: Message {
                    headers: m
                        .headers
                        .as_ref()
                        .map(|h| {
                            h.iter()
                                .filter_map(|(name, values)| {
                                    let value = values.first()?;
                                    Some((name.to_string(), value.as_str().to_owned()))
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                    payload: m.payload,
                },
                reply: m.reply.map(|r| Reply {
                    subject: r.to_string(),
                    via: Replier::Nats(client.clone()),
                }),
            }
        })))
    }

    async fn request_inner(
        &self,
        subject: &str,
        message: Message,
        timeout: Duration,
    ) -> Result<Message, BusError> {
        check_subject(subject, false).map_err(|cause| BusError::Request {
            subject: subject.to_owned(),
            cause,
        })?;
        let request = async_nats::Request::new()
            .headers(headers(&message))
            .payload(message.payload)
            .timeout(Some(timeout));
        match self.client.send_request(subject.to_owned(), request).await {
            Ok(reply) => Ok(Message {
                headers: reply
                    .headers
                    .as_ref()
                    .map(|h| {
                        h.iter()
                            .filter_map(|(name, values)| {
                                Some((name.to_string(), values.first()?.as_str().to_owned()))
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                payload: reply.payload,
            }),
            Err(e) => Err(match e.kind() {
                RequestErrorKind::NoResponders => BusError::NoResponders {
                    subject: subject.to_owned(),
                },
                RequestErrorKind::TimedOut => BusError::Timeout {
                    subject: subject.to_owned(),
                    after: timeout,
                },
                _ => BusError::Request {
                    subject: subject.to_owned(),
                    cause: e.to_string(),
                },
            }),
        }
    }
}

fn headers(message: &Message) -> HeaderMap {
    let mut headers = HeaderMap::new();
    for (name, value) in &message.headers {
        headers.insert(name.as_str(), value.as_str());
    }
    headers
}

/// Publishes `message` on `subject` with `client`.
pub(super) async fn publish(
    client: &async_nats::Client,
    subject: &str,
    message: Message,
) -> Result<(), BusError> {
    let error = |cause: String| BusError::Publish {
        subject: subject.to_owned(),
        cause,
    };
    check_subject(subject, false).map_err(error)?;
    let result = if message.headers.is_empty() {
        client.publish(subject.to_owned(), message.payload).await
    } else {
        client
            .publish_with_headers(subject.to_owned(), headers(&message), message.payload)
            .await
    };
    result.map_err(|e| error(e.to_string()))
}

impl Bus for NatsBus {
    fn publish<'a>(
        &'a self,
        subject: &'a str,
        message: Message,
    ) -> BoxFuture<'a, Result<(), BusError>> {
        Box::pin(publish(&self.client, subject, message))
    }

    fn subscribe<'a>(&'a self, subject: &'a str) -> BoxFuture<'a, Result<Subscription, BusError>> {
        Box::pin(self.add(subject, None))
    }

    fn queue_subscribe<'a>(
        &'a self,
        subject: &'a str,
        group: &'a str,
    ) -> BoxFuture<'a, Result<Subscription, BusError>> {
        Box::pin(self.add(subject, Some(group)))
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
        Box::pin(async move {
            self.client.flush().await.map_err(|e| BusError::Flush {
                cause: e.to_string(),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_redacted() {
        assert_eq!(redact("nats://127.0.0.1:4222"), "nats://127.0.0.1:4222");
        assert_eq!(redact("nats://u:p@host:4222"), "nats://***@host:4222");
        assert_eq!(redact("u:p@host"), "***@host");
        assert_eq!(
            redact("nats://a:b@h1:1, nats://h2:2/x@y"),
            "nats://***@h1:1,nats://h2:2/x@y"
        );
    }

    #[test]
    fn options_debug_hides_secrets() {
        let o = NatsOptions {
            url: "nats://u:secret1@h".into(),
            user: Some("u".into()),
            password: Some("secret2".into()),
            token: Some("secret3".into()),
        };
        let d = format!("{o:?}");
        assert!(!d.contains("secret"), "{d}");
    }
}
