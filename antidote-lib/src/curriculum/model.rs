//! The curriculum resources, field for field as curriculum files write them.
//!
//! These types are the single source of truth for the format: serde reads them, schemars turns
//! them into the JSON Schemas that validation, the wizards and editors use. Keys are camelCase
//! exactly as the original Antidote format wrote them. Every struct is `#[serde(default)]` so
//! that a resource with schema errors can still be read for the rules in code (the schema has
//! already reported what is missing); the schema's `required` lists are stated explicitly.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Slugs of lessons and collections: lower-case letters and hyphens.
pub const SLUG_PATTERN: &str = "^[a-z-]*$";
/// Image references: letters, digits and hyphens.
pub const IMAGE_PATTERN: &str = "^[A-Za-z0-9-]*$";

/// How public a resource is. `prod` is served everywhere, `ptr` (public test release) on
/// preview deployments, `local` only on an author's machine.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    /// Production: shown on every deployment.
    Prod,
    /// Public test release: shown on `ptr` and `local` deployments.
    Ptr,
    /// Local only: shown only where everything is shown.
    #[default]
    Local,
}

impl Tier {
    /// Every tier, most public first.
    pub const ALL: [Tier; 3] = [Tier::Prod, Tier::Ptr, Tier::Local];

    /// The name as written in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Prod => "prod",
            Tier::Ptr => "ptr",
            Tier::Local => "local",
        }
    }

    /// Whether a resource of tier `self` is kept on a deployment that serves `deployment`:
    /// true when `self` is at least as public.
    pub fn is_kept_at(self, deployment: Tier) -> bool {
        self <= deployment
    }
}

impl std::str::FromStr for Tier {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Tier::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| format!("unknown tier `{s}` (expected prod, ptr or local)"))
    }
}

impl std::fmt::Display for Tier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `curriculum.meta.yaml`: the curriculum as a whole.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
#[schemars(deny_unknown_fields, extend("required" = ["name"]))]
pub struct CurriculumMeta {
    /// Name of the curriculum.
    #[schemars(length(min = 1))]
    pub name: String,
    /// What learners will find in it.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The curriculum's public website.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub website: String,
    /// The Antidote version this curriculum is written for.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub a_ver: String,
    /// Where the curriculum's source repository lives.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub git_root: String,
}

/// `images/<slug>/image.meta.yaml`: a container image that lesson endpoints run.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
#[schemars(
    deny_unknown_fields,
    extend("required" = ["slug", "description", "flavor"])
)]
pub struct Image {
    /// Unique identifier of the image; endpoints name it in `image`.
    #[schemars(length(min = 1), regex(pattern = "^[A-Za-z0-9-]*$"))]
    pub slug: String,
    /// What the image contains.
    #[schemars(length(min = 1))]
    pub description: String,
    /// How the image is run: `trusted` (privileged, default runtime; only for images with
    /// their own virtualization), `untrusted` (sandboxed runtime, no privileges) or `legacy`.
    pub flavor: ImageFlavor,
    /// Enable IP (v4 and v6) forwarding for this image at runtime.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub enable_forwarding: bool,
    /// The network interfaces connections attach to, in order (`eth0` is reserved for
    /// management and may not be listed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true))]
    pub network_interfaces: Vec<String>,
    /// User name for the learner's SSH sessions.
    #[schemars(length(min = 1))]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub ssh_user: String,
    /// Password for the learner's SSH sessions.
    #[schemars(length(min = 1))]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub ssh_password: String,
    /// User name for configuration scripts.
    #[schemars(length(min = 1))]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub config_user: String,
    /// Password for configuration scripts.
    #[schemars(length(min = 1))]
    #[serde(skip_serializing_if = "String::is_empty")]
    pub config_password: String,
}

/// How an image's containers are run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ImageFlavor {
    /// Privileged, on the default runtime.
    Trusted,
    /// Sandboxed runtime, no privileges.
    #[default]
    Untrusted,
    /// Run as the original platform ran images before flavors existed.
    Legacy,
}

/// `collections/<slug>/collection.meta.yaml`: a group of lessons offered by one organisation.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
#[schemars(
    deny_unknown_fields,
    extend("required" = ["slug", "title", "type", "tier", "briefDescription"])
)]
pub struct Collection {
    /// Unique identifier of the collection; lessons name it in `collection`.
    #[schemars(length(min = 1), regex(pattern = "^[a-z-]*$"))]
    pub slug: String,
    /// Display title.
    #[schemars(length(min = 1))]
    pub title: String,
    /// URL of the collection's logo.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub image: String,
    /// The organisation's website.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub website: String,
    /// Contact address.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub contact_email: String,
    /// Why learners should look at this collection (one or two sentences).
    #[schemars(length(min = 1))]
    pub brief_description: String,
    /// Why learners should go on to its lessons.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub long_description: String,
    /// What kind of organisation offers it.
    #[serde(rename = "type")]
    pub kind: CollectionType,
    /// How public the collection is.
    pub tier: Tier,
}

/// What kind of organisation offers a collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum CollectionType {
    /// A vendor of products.
    Vendor,
    /// A community project.
    #[default]
    Community,
    /// A consultancy.
    Consultancy,
}

/// `lessons/<slug>/lesson.meta.yaml`: a lesson.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
#[schemars(
    deny_unknown_fields,
    extend("required" = [
        "name", "slug", "category", "tier", "description", "shortDescription", "stages",
        "endpoints"
    ])
)]
pub struct Lesson {
    /// Human-readable name of the lesson.
    #[schemars(length(min = 1))]
    pub name: String,
    /// Unique identifier (usually 2-3 lower-case words with hyphens); must equal the lesson's
    /// directory name.
    #[schemars(length(min = 1), regex(pattern = "^[a-z-]*$"))]
    pub slug: String,
    /// The category the lesson belongs to.
    pub category: Category,
    /// A public URL of the lesson's diagram.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub diagram: String,
    /// A video URL for the lesson.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub video: String,
    /// How public the lesson is (you probably want `prod`).
    pub tier: Tier,
    /// The slug of the collection this lesson belongs to.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub collection: String,
    /// What the learner should expect to get from this lesson.
    #[schemars(length(min = 1))]
    pub description: String,
    /// A brief description: one or two words.
    #[schemars(length(min = 1))]
    pub short_description: String,
    /// Slugs of lessons to take before this one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true))]
    pub prereqs: Vec<String>,
    /// Tags for finding the lesson.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true))]
    pub tags: Vec<String>,
    /// Seconds to wait after every endpoint is up before the lesson is ready (at most 3600).
    #[serde(skip_serializing_if = "is_zero")]
    #[schemars(range(min = 0, max = 3600))]
    pub ready_delay: u32,
    /// Whether the lesson's endpoints may reach outside the lesson (the internet, other
    /// services); off by default, where they reach only each other and DNS. Cloud metadata
    /// addresses stay blocked either way.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub allow_egress: bool,
    /// The lesson's authors.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<Author>,
    /// The endpoints (containers) the lesson runs.
    #[schemars(length(min = 1))]
    pub endpoints: Vec<Endpoint>,
    /// Point-to-point network links between endpoints.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub connections: Vec<Connection>,
    /// The lesson's stages (chapters), in order; stage N lives in directory `stageN`.
    #[schemars(length(min = 1))]
    pub stages: Vec<Stage>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The category of a lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Foundational skills.
    #[default]
    Fundamentals,
    /// A particular tool.
    Tools,
    /// A workflow combining tools.
    Workflows,
}

/// Someone who contributed to a lesson.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
#[schemars(deny_unknown_fields, extend("required" = ["name"]))]
pub struct Author {
    /// Full name.
    #[schemars(length(min = 1))]
    pub name: String,
    /// URL of the author's profile.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub link: String,
}

/// A container in a lesson, built from an image.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
#[schemars(deny_unknown_fields, extend("required" = ["name", "image"]))]
pub struct Endpoint {
    /// Name of the endpoint, unique within the lesson: letters, digits and dashes (it names the
    /// endpoint's host and its configuration files).
    #[schemars(length(min = 1), regex(pattern = "^[A-Za-z0-9-]*$"))]
    pub name: String,
    /// Slug of the image the endpoint runs.
    #[schemars(length(min = 1), regex(pattern = "^[A-Za-z0-9-]*$"))]
    pub image: String,
    /// How the endpoint is configured at each stage; its files live in `stageN/configs/`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub configuration_type: Option<ConfigurationType>,
    /// Ports to open that no presentation names.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("uniqueItems" = true), inner(range(min = 1)))]
    pub additional_ports: Vec<Port>,
    /// How the learner reaches the endpoint.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub presentations: Vec<Presentation>,
}

/// A TCP port number.
pub type Port = u16;

/// How an endpoint is configured for a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ConfigurationType {
    /// NAPALM pushes `stageN/configs/<endpoint>-<driver>.txt`.
    Napalm,
    /// Python runs `stageN/configs/<endpoint>.py`.
    Python,
    /// Ansible runs the playbook `stageN/configs/<endpoint>.yml`.
    Ansible,
}

impl ConfigurationType {
    /// The name as written in files.
    pub fn as_str(self) -> &'static str {
        match self {
            ConfigurationType::Napalm => "napalm",
            ConfigurationType::Python => "python",
            ConfigurationType::Ansible => "ansible",
        }
    }
}

/// The NAPALM drivers a configuration file name may carry.
pub const NAPALM_DRIVERS: [&str; 6] = ["junos", "eos", "iosxr", "nxos", "nxos_ssh", "ios"];

/// A way for the learner to reach an endpoint.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
#[schemars(deny_unknown_fields, extend("required" = ["name", "port", "type"]))]
pub struct Presentation {
    /// Name of the presentation, unique within its endpoint.
    #[schemars(length(min = 1))]
    pub name: String,
    /// Port the presentation connects to.
    #[schemars(range(min = 1))]
    pub port: Port,
    /// `ssh` for a terminal, `http` for a web page in a frame.
    #[serde(rename = "type")]
    pub kind: PresentationType,
}

/// How a presentation is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PresentationType {
    /// An interactive terminal.
    #[default]
    Ssh,
    /// A web front-end in a frame.
    Http,
}

/// A point-to-point network link between two endpoints of a lesson.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
#[schemars(deny_unknown_fields, extend("required" = ["a", "b"]))]
pub struct Connection {
    /// Name of the endpoint at one end.
    #[schemars(length(min = 1))]
    pub a: String,
    /// Name of the endpoint at the other end.
    #[schemars(length(min = 1))]
    pub b: String,
    /// The link's subnet in CIDR notation, e.g. `10.12.0.0/24`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub subnet: String,
}

/// A stage (chapter) of a lesson.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
#[schemars(deny_unknown_fields, extend("required" = ["guideType"]))]
pub struct Stage {
    /// What the stage teaches.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// `markdown` (`stageN/guide.md`) or `jupyter` (`stageN/guide.ipynb`).
    pub guide_type: GuideType,
    /// A video URL for the stage.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub stage_video: String,
    /// Objectives the learner completes in this stage, each checked by a script.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verification: Option<Verification>,
}

/// The guide format of a stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum GuideType {
    /// `stageN/guide.md`.
    #[default]
    Markdown,
    /// `stageN/guide.ipynb`.
    Jupyter,
}

impl GuideType {
    /// The guide's file name inside the stage directory.
    pub fn file_name(self) -> &'static str {
        match self {
            GuideType::Markdown => "guide.md",
            GuideType::Jupyter => "guide.ipynb",
        }
    }
}

/// A stage's objectives: objective M is checked by `stageN/objectives/objectiveM.py`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(default, rename_all = "camelCase")]
#[schemars(deny_unknown_fields, extend("required" = ["objectives"]))]
pub struct Verification {
    /// What the learner must achieve, one sentence each, in order (at most 100: each is
    /// checked by running its script, and shown with its status in every answer about the
    /// livelesson).
    #[schemars(length(min = 1, max = 100), inner(length(min = 1)))]
    pub objectives: Vec<String>,
    /// Shown when every objective is complete.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub complete_message: String,
}
