//! The spans a test makes, as a tracing subscriber sees them: one collector for the test
//! binary, installed as the process's default subscriber (kube's client makes its request
//! spans on its buffer's worker task, on another thread than the test's), each span with a
//! number of its own (the registry reuses ids), its parent's and its fields.

use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt as _};
use tracing_subscriber::registry::LookupSpan;

/// A span as the collector saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// Its number (its index in [`all`]).
    pub number: usize,
    /// Its parent's number (explicit or contextual), if any.
    pub parent: Option<usize>,
    /// Its name.
    pub name: &'static str,
    /// Its fields, as recorded so far (strings as they are, others by `Debug`).
    pub fields: BTreeMap<String, String>,
}

/// A span's number, in the registry's extensions.
struct Number(usize);

struct Collector;

static SEEN: Mutex<Vec<Seen>> = Mutex::new(Vec::new());

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl<S: tracing::Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Collector {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let parent = span
            .parent()
            .and_then(|p| p.extensions().get::<Number>().map(|n| n.0));
        let mut fields = BTreeMap::new();
        attrs.record(&mut Fields(&mut fields));
        let mut seen = SEEN.lock().unwrap();
        let number = seen.len();
        seen.push(Seen {
            number,
            parent,
            name: attrs.metadata().name(),
            fields,
        });
        span.extensions_mut().insert(Number(number));
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let Some(number) = span.extensions().get::<Number>().map(|n| n.0) else {
            return;
        };
        values.record(&mut Fields(&mut SEEN.lock().unwrap()[number].fields));
    }
}

/// Installs the collector (once per process).
pub fn collect() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        tracing::subscriber::set_global_default(tracing_subscriber::registry().with(Collector))
            .expect("no other subscriber is installed in this test binary");
    });
}

/// Every span seen so far.
pub fn all() -> Vec<Seen> {
    SEEN.lock().unwrap().clone()
}

/// The one span named `name` whose field `field` is `value` (a test's own parent span).
pub fn one(name: &str, field: &str, value: &str) -> Seen {
    let found: Vec<Seen> = all()
        .into_iter()
        .filter(|s| s.name == name && s.fields.get(field).map(String::as_str) == Some(value))
        .collect();
    assert_eq!(found.len(), 1, "{name} with {field}={value}: {found:#?}");
    found.into_iter().next().unwrap()
}

/// The spans named `name` whose parent is `parent`, in the order they were made.
pub fn children(parent: &Seen, name: &str) -> Vec<Seen> {
    all()
        .into_iter()
        .filter(|s| s.name == name && s.parent == Some(parent.number))
        .collect()
}

/// Every span below `root` (children, their children, ...).
pub fn below(root: &Seen) -> Vec<Seen> {
    let every = all();
    let mut out: Vec<Seen> = Vec::new();
    let mut frontier = vec![root.number];
    while let Some(n) = frontier.pop() {
        for s in every.iter().filter(|s| s.parent == Some(n)) {
            frontier.push(s.number);
            out.push(s.clone());
        }
    }
    out
}
