//! The curriculum as served: read from the store once per import, filtered by the configured
//! tier, with every read-only answer serialized once. Each replica checks the store's curriculum
//! version at most once per `api.curriculum_refresh_ms` and rebuilds when an import replaced it.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use antidote::curriculum::{Collection, CurriculumMeta, Image, Lesson, Tier};
use antidote::store::{Store, StoreError};
use bytes::Bytes;

/// Pre-serialized answers of one API flavour (`/api/v1` or `/exp`).
#[derive(Debug, Default)]
pub struct Views {
    /// The lesson list.
    pub lessons: Bytes,
    /// Each lesson, by slug.
    pub lesson: HashMap<String, Bytes>,
    /// Each lesson's prerequisites (recursive), by slug.
    pub prereqs: HashMap<String, Bytes>,
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
    /// `/api/v1` answers.
    pub v1: Views,
    /// `/exp` answers.
    pub exp: Views,
    guides: Mutex<HashMap<(String, usize), Arc<str>>>,
}

impl Served {
    fn build(
        snapshot: Option<antidote::store::resources::CurriculumSnapshot>,
        tier: Tier,
    ) -> Served {
        let Some(s) = snapshot else {
            let mut served = Served::default();
            served.v1 = super::v1::views(&served);
            served.exp = super::exp::views(&served);
            return served;
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
        let mut served = Served {
            version: Some(s.imported_at_ms),
            meta: Some(s.meta),
            commit: s.commit,
            lessons,
            collections,
            images,
            prereqs,
            ..Served::default()
        };
        served.v1 = super::v1::views(&served);
        served.exp = super::exp::views(&served);
        served
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
    current: RwLock<Option<(Arc<Served>, Instant)>>,
    rebuilding: tokio::sync::Mutex<()>,
}

impl CurriculumCache {
    /// A cache over `store` serving `tier`, checking for new imports every `refresh`.
    pub fn new(store: Store, tier: Tier, refresh: Duration) -> CurriculumCache {
        CurriculumCache {
            store,
            tier,
            refresh,
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
                let tier = self.tier;
                // Building serializes every answer once: off the async workers.
                let built = tokio::task::spawn_blocking(move || Served::build(snapshot, tier))
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
