use super::{P3, Text};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The fixture catalogue: every fixture type a scene may place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub format_version: u32,
    /// Keyed by type name (`"handwash_basin"`), sorted for deterministic output.
    pub fixtures: BTreeMap<String, FixtureType>,
    /// Display names of the types' categories, e.g. `"hygiene": (zh: "卫生", en:
    /// "Hygiene")`; a category without one shows its key.
    #[serde(default)]
    pub categories: BTreeMap<String, Text>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixtureType {
    pub name: Text,
    /// Grouping used by panels: `"hygiene"`, `"fire"`, `"furniture"`…
    pub category: String,
    /// Default `(width, depth, height)` in metres; the model's footprint matches it.
    pub size: P3,
    /// Default height of the bottom above the floor (wall or ceiling mounted items).
    #[serde(default)]
    pub mounting_height: f64,
    /// glTF model relative to the asset root.
    pub model: String,
    /// Whether it stops people walking (a rodent guard or a mat does not).
    #[serde(default = "default_true")]
    pub blocks_walking: bool,
    /// Display colour `[r, g, b]` in 0..1 for placeholders and plan symbols.
    #[serde(default)]
    pub color: Option<[f32; 3]>,
}

fn default_true() -> bool {
    true
}
