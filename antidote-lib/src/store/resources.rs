//! The imported curriculum: written only by [`Store::replace_curriculum`], in one transaction,
//! so that readers see the old curriculum or the new one and never a mix, and a failed import
//! leaves the old one intact. Resources are stored as JSON with their key columns; lesson files
//! as content-addressed blobs shared between lessons and imports.

use std::collections::HashSet;

use serde::Serialize;
use sqlx::QueryBuilder;

use super::{QueryContext, Store, StoreError, on};
use crate::curriculum::{Collection, Curriculum, Image, Lesson, Tier};

/// Rows per multi-row INSERT (well under both engines' parameter limits).
const BATCH: usize = 500;

/// A file of a lesson, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonFile {
    /// The lesson's slug.
    pub lesson: String,
    /// Path relative to the lesson directory, `/`-separated.
    pub path: String,
    /// BLAKE3 hash of the content, hex.
    pub hash: String,
}

/// A blob to store: its hash and content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blob {
    /// BLAKE3 hash of the content, hex.
    pub hash: String,
    /// The content.
    pub content: Vec<u8>,
}

/// Everything an import writes.
#[derive(Debug, Clone)]
pub struct NewCurriculum<'a> {
    /// The validated resources.
    pub curriculum: &'a Curriculum,
    /// Where it came from: a directory or a git URL.
    pub source: &'a str,
    /// The git commit, when imported from git.
    pub commit: Option<&'a str>,
    /// The tier the import kept.
    pub tier: Tier,
    /// Every lesson file.
    pub files: &'a [LessonFile],
    /// The blobs the database does not have yet (see [`Store::blob_hashes`]).
    pub blobs: &'a [Blob],
}

/// What `antidotectl db status` shows of the imported curriculum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CurriculumStatus {
    /// The curriculum's name.
    pub name: String,
    /// The git commit, when imported from git.
    pub commit: Option<String>,
    /// Where it was imported from.
    pub source: String,
    /// When, RFC 3339.
    pub imported_at: String,
    /// Lessons stored.
    pub lessons: i64,
    /// Images stored.
    pub images: i64,
    /// Collections stored.
    pub collections: i64,
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("resources serialize to JSON")
}

fn parse<T: serde::de::DeserializeOwned>(what: &str, body: &str) -> Result<T, StoreError> {
    serde_json::from_str(body).map_err(|e| StoreError::Corrupt {
        what: what.to_owned(),
        reason: e.to_string(),
    })
}

impl Store {
    /// Hashes of every stored blob: an import sends only the others.
    pub async fn blob_hashes(&self) -> Result<HashSet<String>, StoreError> {
        let hashes: Vec<String> = on!(self, |p| sqlx::query_scalar(
            "SELECT hash FROM antidote_resource_blobs"
        )
        .fetch_all(p)
        .await
        .doing("listing stored files")?);
        Ok(hashes.into_iter().collect())
    }

    /// Replaces the whole curriculum in one transaction, and drops blobs no lesson uses any more.
    pub async fn replace_curriculum(&self, new: &NewCurriculum<'_>) -> Result<(), StoreError> {
        let c = new.curriculum;
        // Imports serialize (PostgreSQL: the curriculum row's lock; SQLite: the write lock
        // taken at BEGIN), so each sees the one before it.
        let (begin, previous_sql) = (
            self.begin_write(),
            self.locking(
                "SELECT imported_at FROM antidote_resource_curricula",
                "FOR UPDATE",
            ),
        );
        on!(self, |p| {
            let mut tx = p
                .begin_with(begin)
                .await
                .doing("starting the import transaction")?;
            // The import time doubles as the curriculum's version (readers cache by it), so it
            // grows strictly even for two imports within one millisecond.
            let previous: Option<i64> = sqlx::query_scalar(previous_sql.as_str())
                .fetch_optional(&mut *tx)
                .await
                .doing("reading the previous curriculum version")?;
            let now = super::now_ms().max(previous.map_or(0, |v| v + 1));
            for table in [
                "antidote_resource_lesson_files",
                "antidote_resource_lessons",
                "antidote_resource_collections",
                "antidote_resource_images",
                "antidote_resource_curricula",
            ] {
                sqlx::query(&format!("DELETE FROM {table}"))
                    .execute(&mut *tx)
                    .await
                    .doing("removing the previous curriculum")?;
            }
            sqlx::query(
                "INSERT INTO antidote_resource_curricula (id, name, body, source, commit_id, tier, imported_at)
                 VALUES (1, $1, $2, $3, $4, $5, $6)",
            )
            .bind(&c.meta.name)
            .bind(json(&c.meta))
            .bind(new.source)
            .bind(new.commit)
            .bind(new.tier.as_str())
            .bind(now)
            .execute(&mut *tx)
            .await
            .doing("storing the curriculum")?;
            for chunk in c.images.chunks(BATCH) {
                QueryBuilder::new("INSERT INTO antidote_resource_images (slug, body) ")
                    .push_values(chunk, |mut row, i: &Image| {
                        row.push_bind(&i.slug).push_bind(json(i));
                    })
                    .build()
                    .execute(&mut *tx)
                    .await
                    .doing("storing images")?;
            }
            for chunk in c.collections.chunks(BATCH) {
                QueryBuilder::new("INSERT INTO antidote_resource_collections (slug, tier, body) ")
                    .push_values(chunk, |mut row, col: &Collection| {
                        row.push_bind(&col.slug)
                            .push_bind(col.tier.as_str())
                            .push_bind(json(col));
                    })
                    .build()
                    .execute(&mut *tx)
                    .await
                    .doing("storing collections")?;
            }
            for chunk in c.lessons.chunks(BATCH) {
                QueryBuilder::new(
                    "INSERT INTO antidote_resource_lessons (slug, tier, collection, body) ",
                )
                .push_values(chunk, |mut row, l: &Lesson| {
                    let collection = (!l.collection.is_empty()).then_some(l.collection.as_str());
                    row.push_bind(&l.slug)
                        .push_bind(l.tier.as_str())
                        .push_bind(collection)
                        .push_bind(json(l));
                })
                .build()
                .execute(&mut *tx)
                .await
                .doing("storing lessons")?;
            }
            for chunk in new.blobs.chunks(64) {
                QueryBuilder::new("INSERT INTO antidote_resource_blobs (hash, size, content) ")
                    .push_values(chunk, |mut row, b: &Blob| {
                        row.push_bind(&b.hash)
                            .push_bind(i64::try_from(b.content.len()).unwrap_or(i64::MAX))
                            .push_bind(&b.content);
                    })
                    .push(" ON CONFLICT (hash) DO NOTHING")
                    .build()
                    .execute(&mut *tx)
                    .await
                    .doing("storing lesson files")?;
            }
            for chunk in new.files.chunks(BATCH) {
                QueryBuilder::new(
                    "INSERT INTO antidote_resource_lesson_files (lesson_slug, path, blob) ",
                )
                .push_values(chunk, |mut row, f: &LessonFile| {
                    row.push_bind(&f.lesson)
                        .push_bind(&f.path)
                        .push_bind(&f.hash);
                })
                .build()
                .execute(&mut *tx)
                .await
                .doing("storing lesson file lists")?;
            }
            sqlx::query(
                "DELETE FROM antidote_resource_blobs WHERE NOT EXISTS
                 (SELECT 1 FROM antidote_resource_lesson_files f WHERE f.blob = antidote_resource_blobs.hash)",
            )
            .execute(&mut *tx)
            .await
            .doing("removing unused lesson files")?;
            tx.commit().await.doing("committing the import")?;
        });
        Ok(())
    }

    /// The imported curriculum's summary, or `None` before the first import. One statement, so
    /// the counts are of one consistent state.
    pub async fn curriculum_status(&self) -> Result<Option<CurriculumStatus>, StoreError> {
        type Row = (String, Option<String>, String, i64, i64, i64, i64);
        let row: Option<Row> = on!(self, |p| sqlx::query_as(
            "SELECT c.name, c.commit_id, c.source, c.imported_at,
                    (SELECT COUNT(*) FROM antidote_resource_lessons),
                    (SELECT COUNT(*) FROM antidote_resource_images),
                    (SELECT COUNT(*) FROM antidote_resource_collections)
             FROM antidote_resource_curricula c"
        )
        .fetch_optional(p)
        .await
        .doing("reading the curriculum")?);
        Ok(row.map(
            |(name, commit, source, imported_at, lessons, images, collections)| CurriculumStatus {
                name,
                commit,
                source,
                imported_at: super::rfc3339(imported_at),
                lessons,
                images,
                collections,
            },
        ))
    }

    /// Every stored lesson, by slug.
    pub async fn lessons(&self) -> Result<Vec<Lesson>, StoreError> {
        let rows: Vec<(String, String)> = on!(self, |p| sqlx::query_as(
            "SELECT slug, body FROM antidote_resource_lessons ORDER BY slug"
        )
        .fetch_all(p)
        .await
        .doing("reading lessons")?);
        rows.iter()
            .map(|(slug, body)| parse(&format!("lesson {slug}"), body))
            .collect()
    }

    /// One stored lesson.
    pub async fn lesson(&self, slug: &str) -> Result<Option<Lesson>, StoreError> {
        let body: Option<String> = on!(self, |p| sqlx::query_scalar(
            "SELECT body FROM antidote_resource_lessons WHERE slug = $1"
        )
        .bind(slug)
        .fetch_optional(p)
        .await
        .doing("reading a lesson")?);
        body.map(|b| parse(&format!("lesson {slug}"), &b))
            .transpose()
    }

    /// One stored image.
    pub async fn image(&self, slug: &str) -> Result<Option<crate::curriculum::Image>, StoreError> {
        let body: Option<String> = on!(self, |p| sqlx::query_scalar(
            "SELECT body FROM antidote_resource_images WHERE slug = $1"
        )
        .bind(slug)
        .fetch_optional(p)
        .await
        .doing("reading an image")?);
        body.map(|b| parse(&format!("image {slug}"), &b))
            .transpose()
    }

    /// A lesson's stored files as imported: each path (sorted) with the hash of its content.
    pub async fn lesson_file_manifest(
        &self,
        slug: &str,
    ) -> Result<Vec<(String, String)>, StoreError> {
        Ok(on!(self, |p| {
            sqlx::query_as(
            "SELECT path, blob FROM antidote_resource_lesson_files WHERE lesson_slug = $1 ORDER BY path"
        )
        .bind(slug)
        .fetch_all(p)
        .await
        .doing("listing a lesson's files")?
        }))
    }

    /// A stored content by its hash (`None` once no lesson has it any more).
    pub async fn blob(&self, hash: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(on!(self, |p| sqlx::query_scalar(
            "SELECT content FROM antidote_resource_blobs WHERE hash = $1"
        )
        .bind(hash)
        .fetch_optional(p)
        .await
        .doing("reading a stored file")?))
    }

    /// The paths of a lesson's stored files, sorted.
    pub async fn lesson_file_paths(&self, slug: &str) -> Result<Vec<String>, StoreError> {
        Ok(on!(self, |p| sqlx::query_scalar(
            "SELECT path FROM antidote_resource_lesson_files WHERE lesson_slug = $1 ORDER BY path"
        )
        .bind(slug)
        .fetch_all(p)
        .await
        .doing("listing a lesson's files")?))
    }

    /// The content of a lesson's file as imported.
    pub async fn lesson_file(&self, slug: &str, path: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(on!(self, |p| sqlx::query_scalar(
            "SELECT b.content FROM antidote_resource_lesson_files f
             JOIN antidote_resource_blobs b ON b.hash = f.blob
             WHERE f.lesson_slug = $1 AND f.path = $2"
        )
        .bind(slug)
        .bind(path)
        .fetch_optional(p)
        .await
        .doing("reading a lesson file")?))
    }

    /// How many distinct blobs are stored.
    pub async fn blob_count(&self) -> Result<i64, StoreError> {
        Ok(on!(self, |p| sqlx::query_scalar(
            "SELECT COUNT(*) FROM antidote_resource_blobs"
        )
        .fetch_one(p)
        .await
        .doing("counting stored files")?))
    }
}

/// Everything the API serves of the imported curriculum, read in one transaction.
#[derive(Debug, Clone)]
pub struct CurriculumSnapshot {
    /// The curriculum's meta file.
    pub meta: crate::curriculum::CurriculumMeta,
    /// The git commit it was imported from, if any.
    pub commit: Option<String>,
    /// The tier the import kept.
    pub tier: Tier,
    /// When it was imported, unix milliseconds; changes with every import.
    pub imported_at_ms: i64,
    /// Lessons by slug.
    pub lessons: Vec<Lesson>,
    /// Collections by slug.
    pub collections: Vec<crate::curriculum::Collection>,
    /// Images by slug.
    pub images: Vec<crate::curriculum::Image>,
}

impl Store {
    /// When the stored curriculum was imported (unix milliseconds), or `None` before the first
    /// import: a cheap check of whether a cached [`CurriculumSnapshot`] is still current.
    pub async fn curriculum_version(&self) -> Result<Option<i64>, StoreError> {
        Ok(on!(self, |p| sqlx::query_scalar(
            "SELECT imported_at FROM antidote_resource_curricula"
        )
        .fetch_optional(p)
        .await
        .doing("reading the curriculum version")?))
    }

    /// The whole imported curriculum (without lesson files), or `None` before the first import.
    /// Read in one transaction, so it is one import's curriculum even while another commits.
    pub async fn curriculum_snapshot(&self) -> Result<Option<CurriculumSnapshot>, StoreError> {
        type Head = (String, Option<String>, String, i64);
        // PostgreSQL's default isolation gives each statement its own snapshot: one snapshot
        // for the whole read needs REPEATABLE READ. SQLite's read transaction is one snapshot.
        let begin = match self {
            Store::Postgres(_) => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
            Store::Sqlite(_) => "BEGIN",
        };
        on!(self, |p| {
            let mut tx = p
                .begin_with(begin)
                .await
                .doing("starting to read the curriculum")?;
            let head: Option<Head> = sqlx::query_as(
                "SELECT body, commit_id, tier, imported_at FROM antidote_resource_curricula",
            )
            .fetch_optional(&mut *tx)
            .await
            .doing("reading the curriculum")?;
            let Some((meta, commit, tier, imported_at_ms)) = head else {
                return Ok(None);
            };
            let bodies = |sql: &'static str| sqlx::query_as::<_, (String, String)>(sql);
            let lessons = bodies("SELECT slug, body FROM antidote_resource_lessons ORDER BY slug")
                .fetch_all(&mut *tx)
                .await
                .doing("reading lessons")?;
            let collections =
                bodies("SELECT slug, body FROM antidote_resource_collections ORDER BY slug")
                    .fetch_all(&mut *tx)
                    .await
                    .doing("reading collections")?;
            let images = bodies("SELECT slug, body FROM antidote_resource_images ORDER BY slug")
                .fetch_all(&mut *tx)
                .await
                .doing("reading images")?;
            tx.commit()
                .await
                .doing("finishing reading the curriculum")?;
            fn all<T: serde::de::DeserializeOwned>(
                kind: &str,
                rows: &[(String, String)],
            ) -> Result<Vec<T>, StoreError> {
                rows.iter()
                    .map(|(slug, body)| parse(&format!("{kind} {slug}"), body))
                    .collect()
            }
            Ok(Some(CurriculumSnapshot {
                meta: parse("curriculum meta", &meta)?,
                commit,
                tier: tier.parse().map_err(|reason| StoreError::Corrupt {
                    what: "curriculum tier".into(),
                    reason,
                })?,
                imported_at_ms,
                lessons: all("lesson", &lessons)?,
                collections: all("collection", &collections)?,
                images: all("image", &images)?,
            }))
        })
    }
}
