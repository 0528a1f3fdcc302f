//! The curriculum: its resources ([`model`]), reading a curriculum directory ([`load()`](mod@load)) and
//! YAML with source positions ([`yaml`]).
//!
//! A curriculum directory holds `curriculum.meta.yaml`, `images/<slug>/image.meta.yaml`,
//! `collections/<slug>/collection.meta.yaml` and `lessons/<slug>/lesson.meta.yaml` with each
//! lesson's files (`stageN/guide.md` or `guide.ipynb`, `stageN/configs/`,
//! `stageN/objectives/objectiveM.py`).

pub mod load;
pub mod model;
pub mod yaml;

pub use load::{
    Document, LessonDir, LoadError, LoadOptions, Loaded, Problem, ProblemKind, load, read_bounded,
};
pub use model::*;
pub use yaml::{Pos, Seg};

/// The kinds of resource file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `curriculum.meta.yaml`.
    Curriculum,
    /// `collections/<slug>/collection.meta.yaml`.
    Collection,
    /// `images/<slug>/image.meta.yaml`.
    Image,
    /// `lessons/<slug>/lesson.meta.yaml`.
    Lesson,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 4] = [
        Kind::Curriculum,
        Kind::Collection,
        Kind::Image,
        Kind::Lesson,
    ];

    /// `curriculum`, `collection`, `image` or `lesson`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Curriculum => "curriculum",
            Kind::Collection => "collection",
            Kind::Image => "image",
            Kind::Lesson => "lesson",
        }
    }

    /// The resource's file name.
    pub fn file_name(self) -> &'static str {
        match self {
            Kind::Curriculum => "curriculum.meta.yaml",
            Kind::Collection => "collection.meta.yaml",
            Kind::Image => "image.meta.yaml",
            Kind::Lesson => "lesson.meta.yaml",
        }
    }

    /// The directory holding one directory per resource (empty for the curriculum).
    pub fn dir_name(self) -> &'static str {
        match self {
            Kind::Curriculum => "",
            Kind::Collection => "collections",
            Kind::Image => "images",
            Kind::Lesson => "lessons",
        }
    }

    /// `a lesson`, `an image`, ...
    pub fn article(self) -> &'static str {
        match self {
            Kind::Curriculum => "a curriculum",
            Kind::Collection => "a collection",
            Kind::Image => "an image",
            Kind::Lesson => "a lesson",
        }
    }
}

impl std::str::FromStr for Kind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "unknown resource kind `{s}` (expected curriculum, collection, image or lesson)"
                )
            })
    }
}

/// A whole curriculum, typed: what validation read and what import stores.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Curriculum {
    /// `curriculum.meta.yaml`.
    pub meta: CurriculumMeta,
    /// Images, sorted by slug.
    pub images: Vec<Image>,
    /// Collections kept at the tier, sorted by slug.
    pub collections: Vec<Collection>,
    /// Lessons kept at the tier, sorted by slug.
    pub lessons: Vec<Lesson>,
}
