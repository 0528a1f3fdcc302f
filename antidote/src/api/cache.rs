//! The curriculum as served: read from the store once per import, filtered by the configured
//! tier, with every read-only answer serialized once. Each replica checks the store's curriculum
//! version at most once per `api.curriculum_refresh_ms` and rebuilds when an import replaced it.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use antidote_lib::curriculum::{Collection, CurriculumMeta, Image, Lesson, Tier};
use antidote_lib::store::{Store, StoreError};
use bytes::Bytes;

/// An API flavour (`/api/v1`, `/exp`): its name and how it renders a curriculum's read-only
/// answers. The cache is handed the flavours; it knows none of them.
#[derive(Debug)]
pub struct Flavour {
    /// The flavour's name, by which its handlers find their answers.
    pub name: &'static str,
    /// Serializes its answers of a curriculum.
    pub render: fn(&Served) -> Views,
}

/// Pre-serialized answers of one API flavour.
#[derive(Debug, Default)]
pub struct Views {
    /// The lesson list.
    pub lessons: Bytes,
    /// Each lesson, by slug.
    pub lesson: HashMap<String, Bytes>,
    /// The collection list.
    pub collections: Bytes,
    /// Each collection, by slug.
    pub collection: HashMap<String, Bytes>,
    /// The image list.
    pub images: Bytes,
    /// The curriculum (`None` before the first import).
    pub curriculum: Option<Bytes>,
}

/// One import's curriculum, as this deployment serves it.
#[derive(Debug, Default)]
pub struct Served {
    /// The store's curriculum version this was built from (`None`: nothing imported).
    pub version: Option<i64>,
    /// The curriculum meta file.
    pub meta: Option<CurriculumMeta>,
    /// The commit it was imported from.
    pub commit: Option<String>,
    /// Lessons kept at the configured tier, by slug.
    pub lessons: BTreeMap<String, Lesson>,
    /// Collections kept at the configured tier, by slug.
    pub collections: BTreeMap<String, Collection>,
    /// Images, by slug.
    pub images: BTreeMap<String, Image>,
    /// Each lesson's prerequisites, recursive and deduplicated, nearest first.
    pub prereqs: HashMap<String, Vec<String>>,
    /// `{"prereqs": [...]}` of every lesson, by slug (the same in every flavour).
    pub prereq_answers: HashMap<String, Bytes>,
    /// Each flavour's answers, by flavour name.
    views: HashMap<&'static str, Views>,
    guides: Mutex<HashMap<(String, usize), Arc<str>>>,
}

impl Served {
    fn build(
        snapshot: Option<antidote_lib::store::resources::CurriculumSnapshot>,
        tier: Tier,
        flavours: &[Flavour],
    ) -> Served {
        let mut served = Served::of(snapshot, tier);
        served.prereq_answers = served
            .prereqs
            .iter()
            .map(|(slug, p)| {
                let body = serde_json::to_vec(&serde_json::json!({"prereqs": p}))
                    .expect("JSON values serialize");
                (slug.clone(), body.into())
            })
            .collect();
        served.views = flavours
            .iter()
            .map(|f| (f.name, (f.render)(&served)))
            .collect();
        served
    }

    /// The answers of the flavour `name` (empty for a flavour the cache was not handed).
    pub fn views(&self, name: &str) -> &Views {
        static NONE: std::sync::LazyLock<Views> = std::sync::LazyLock::new(Views::default);
        debug_assert!(self.views.contains_key(name), "unknown flavour {name}");
        self.views.get(name).unwrap_or(&NONE)
    }

    /// The curriculum of a snapshot kept at `tier`, with no answers serialized yet.
    fn of(
        snapshot: Option<antidote_lib::store::resources::CurriculumSnapshot>,
        tier: Tier,
    ) -> Served {
        let Some(s) = snapshot else {
            return Served::default();
        };
        let lessons: BTreeMap<String, Lesson> = s
            .lessons
            .into_iter()
            .filter(|l| l.tier.is_kept_at(tier))
            .map(|l| (l.slug.clone(), l))
            .collect();
        let collections = s
            .collections
            .into_iter()
            .filter(|c| c.tier.is_kept_at(tier))
            .map(|c| (c.slug.clone(), c))
            .collect();
        let images = s.images.into_iter().map(|i| (i.slug.clone(), i)).collect();
        let prereqs = lessons
            .keys()
            .map(|slug| (slug.clone(), all_prereqs(&lessons, slug)))
            .collect();
        Served {
            version: Some(s.imported_at_ms),
            meta: Some(s.meta),
            commit: s.commit,
            lessons,
            collections,
            images,
            prereqs,
            ..Served::default()
        }
    }

    /// The lessons of a collection, by slug.
    pub fn lessons_of<'a>(&'a self, collection: &'a str) -> impl Iterator<Item = &'a Lesson> + 'a {
        self.lessons
            .values()
            .filter(move |l| l.collection == collection)
    }

    /// The guide of `stage` of `lesson` (markdown text, or notebook JSON), from the store,
    /// cached for this import.
    pub async fn guide(
        &self,
        store: &Store,
        lesson: &Lesson,
        stage: usize,
    ) -> Result<Option<Arc<str>>, StoreError> {
        let key = (lesson.slug.clone(), stage);
        if let Some(g) = self.guides.lock().expect("guide cache lock").get(&key) {
            return Ok(Some(g.clone()));
        }
        let Some(s) = lesson.stages.get(stage) else {
            return Ok(None);
        };
        let path = format!("stage{stage}/{}", s.guide_type.file_name());
        let Some(bytes) = store.lesson_file(&lesson.slug, &path).await? else {
            return Ok(None);
        };
        let text: Arc<str> = String::from_utf8_lossy(&bytes).into();
        self.guides
            .lock()
            .expect("guide cache lock")
            .insert(key, text.clone());
        Ok(Some(text))
    }
}

/// Prerequisites of `slug`, recursive, each once, nearest first; ones not served are skipped.
fn all_prereqs(lessons: &BTreeMap<String, Lesson>, slug: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut queue: std::collections::VecDeque<&str> = [slug].into();
    while let Some(s) = queue.pop_front() {
        let Some(lesson) = lessons.get(s) else {
            continue;
        };
        for p in &lesson.prereqs {
            if p != slug && lessons.contains_key(p) && !out.contains(p) {
                out.push(p.clone());
                queue.push_back(p);
            }
        }
    }
    out
}

/// The served curriculum, rebuilt when a new import lands.
#[derive(Debug)]
pub struct CurriculumCache {
    store: Store,
    tier: Tier,
    refresh: Duration,
    flavours: &'static [Flavour],
    current: RwLock<Option<(Arc<Served>, Instant)>>,
    rebuilding: tokio::sync::Mutex<()>,
}

impl CurriculumCache {
    /// A cache over `store` serving `tier` in `flavours`, checking for new imports every
    /// `refresh`.
    pub fn new(
        store: Store,
        tier: Tier,
        refresh: Duration,
        flavours: &'static [Flavour],
    ) -> CurriculumCache {
        CurriculumCache {
            store,
            tier,
            refresh,
            flavours,
            current: RwLock::new(None),
            rebuilding: tokio::sync::Mutex::new(()),
        }
    }

    fn cached(&self) -> Option<(Arc<Served>, Instant)> {
        self.current.read().expect("cache lock").clone()
    }

    /// The current curriculum. At most one request per replica and interval asks the store
    /// whether it changed; the others answer from the cache meanwhile.
    pub async fn get(&self) -> Result<Arc<Served>, StoreError> {
        if let Some((served, checked)) = self.cached() {
            if checked.elapsed() < self.refresh {
                return Ok(served);
            }
            match self.rebuilding.try_lock() {
                Ok(_guard) => match self.refresh(Some(served.clone())).await {
                    Ok(fresh) => Ok(fresh),
                    Err(e) => {
                        // The database is away: keep answering from the cache, check later.
                        tracing::warn!(
                            "cannot check for a new curriculum, serving the cached one: {e}"
                        );
                        *self.current.write().expect("cache lock") =
                            Some((served.clone(), Instant::now()));
                        Ok(served)
                    }
                },
                // Another request is checking: answer from what we have.
                Err(_) => Ok(served),
            }
        } else {
            let _guard = self.rebuilding.lock().await;
            match self.cached() {
                Some((served, _)) => Ok(served),
                None => self.refresh(None).await,
            }
        }
    }

    async fn refresh(&self, current: Option<Arc<Served>>) -> Result<Arc<Served>, StoreError> {
        let version = self.store.curriculum_version().await?;
        let served = match current {
            Some(served) if served.version == version => served,
            _ => {
                let snapshot = self.store.curriculum_snapshot().await?;
                let (tier, flavours) = (self.tier, self.flavours);
                // Building serializes every answer once: off the async workers.
                let built =
                    tokio::task::spawn_blocking(move || Served::build(snapshot, tier, flavours))
                        .await
                        .map_err(|e| StoreError::Corrupt {
                            what: "curriculum cache".into(),
                            reason: e.to_string(),
                        })?;
                Arc::new(built)
            }
        };
        *self.current.write().expect("cache lock") = Some((served.clone(), Instant::now()));
        Ok(served)
    }
}
