//! The venue data model: plain serde types that mirror the RON files authors write.
//!
//! Units are metres and degrees; plans lie in the x/z plane and y is up. A plan point
//! `(x, z)` is a [`P2`]. Rotations are yaw about +y, counter-clockwise seen from above
//! (the same sense as `Quat::from_rotation_y`). A fixture's front is its local +z.
//!
//! Three file kinds exist, each with a `format_version`:
//! - [`Venue`] (`venue.ron`): one scene: floor, walls, openings, zones, fixtures, tour.
//! - [`Catalogue`]: fixture types shared by scenes.
//! - [`RulePack`]: the compliance rules and their thresholds.

mod catalogue;
mod rule_pack;
mod venue;

pub use catalogue::*;
pub use rule_pack::*;
pub use venue::*;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The file-format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// A point on the plan: `(x, z)` in metres.
pub type P2 = (f64, f64);

/// A point in space: `(x, y, z)` in metres, y up.
pub type P3 = (f64, f64, f64);

/// Text in both interface languages. Both are required: the booth is zh-CN first and
/// English by one tap, and a missing translation is a validation error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// Interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Simplified Chinese, the default at the booth.
    #[default]
    Zh,
    En,
}

/// A free attribute value: `true`, `16`, `"sensor"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Bool(bool),
    Number(f64),
    Text(String),
}

impl Value {
    /// Truthiness used by flag conditions: `true`, a non-zero number, a non-empty
    /// text other than `"none"`.
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Bool(b) => *b,
            Value::Number(n) => *n != 0.0,
            Value::Text(t) => !t.is_empty() && t != "none",
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) => write!(f, "{n}"),
            Value::Text(t) => write!(f, "\"{t}\""),
        }
    }
}

/// Free attributes on fixtures, doors, windows and zones (`lid: true`, `tap: "sensor"`).
/// A `BTreeMap` so that output order is deterministic.
pub type Attributes = BTreeMap<String, Value>;
