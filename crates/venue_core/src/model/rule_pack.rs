use super::{Text, Value, ZoneKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A set of compliance rules with their thresholds. No threshold lives in Rust code:
/// every number a check compares against is a parameter here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulePack {
    pub format_version: u32,
    pub id: String,
    pub title: Text,
    /// The pack's edition as its department names it (`"2026.1"`): the report prints
    /// it, so a counter clerk knows which rules a self-check used.
    #[serde(default)]
    pub version: Option<String>,
    /// Named groups of zone kinds, e.g. `"food_area": [food_processing, cooking, washing]`,
    /// usable wherever a [`ZoneSelector`] is expected as `Group("food_area")`.
    #[serde(default)]
    pub zone_groups: BTreeMap<String, Vec<ZoneKind>>,
    /// Display names of rule categories, e.g. `"hygiene": (zh: "卫生", en: "Hygiene")`.
    #[serde(default)]
    pub categories: BTreeMap<String, Text>,
    pub rules: Vec<Rule>,
}

impl RulePack {
    /// Every fixture type the pack's checks select (their fixture selectors' `types`),
    /// sorted: the fixtures this pack is about, e.g. what an edit palette offers first.
    pub fn fixture_types_named(&self) -> std::collections::BTreeSet<String> {
        /// Collects the strings of every `types` array, however deep.
        fn walk(value: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
            match value {
                serde_json::Value::Object(map) => {
                    for (key, child) in map {
                        if key == "types"
                            && let serde_json::Value::Array(items) = child
                        {
                            out.extend(items.iter().filter_map(|i| i.as_str().map(str::to_owned)));
                        }
                        walk(child, out);
                    }
                }
                serde_json::Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
                _ => {}
            }
        }
        let mut types = std::collections::BTreeSet::new();
        for rule in &self.rules {
            // Serialising the model cannot fail (plain data, string keys).
            if let Ok(check) = serde_json::to_value(&rule.check) {
                walk(&check, &mut types);
            }
        }
        types
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: String,
    pub level: Level,
    /// Key of [`RulePack::categories`].
    pub category: String,
    pub title: Text,
    /// Plain-language explanation for applicants.
    pub explanation: Text,
    pub source: Source,
    /// ISO date `YYYY-MM-DD` from which the source applies.
    pub effective: String,
    /// When the rule applies; absent = always.
    #[serde(default)]
    pub applies_when: Option<Condition>,
    pub check: Check,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 应 / shall.
    Required,
    /// 宜 / should.
    Recommended,
}

/// The legal source of a rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Document title, e.g. 《餐饮服务食品安全操作规范》.
    pub document: Text,
    /// Clause, e.g. `"5.4.2"`.
    #[serde(default)]
    pub clause: Option<String>,
    /// How authoritative the copy read was (`"national"`, `"local"`, `"secondary"`…).
    #[serde(default)]
    pub authority: Option<String>,
}

/// An applicability condition on the venue's flags.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    /// The flag exists and is truthy (`true`, non-zero, non-empty and not `"none"`).
    Flag(String),
    /// The flag equals the value.
    Equals(String, Value),
    /// The flag is a number `>=` the value.
    AtLeast(String, f64),
    /// The flag is a number `<=` the value.
    AtMost(String, f64),
    Not(Box<Condition>),
    All(Vec<Condition>),
    Any(Vec<Condition>),
}

/// Picks zones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ZoneSelector {
    /// Every zone.
    All,
    Kinds(Vec<ZoneKind>),
    /// A named group of the rule pack.
    Group(String),
    Ids(Vec<String>),
}

/// Picks fixtures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixtureSelector {
    /// Catalogue types; empty = any type.
    #[serde(default)]
    pub types: Vec<String>,
    /// Only fixtures whose attributes equal these.
    #[serde(default, rename = "where")]
    pub where_attributes: BTreeMap<String, Value>,
}

/// Picks doors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum DoorSelector {
    All,
    Exterior,
    Interior,
    Ids(Vec<String>),
    /// Doors that open onto a zone of the selection (either side).
    OfZones(ZoneSelector),
}

/// Something a distance or route is measured from or to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Place {
    /// Fixture footprints.
    Fixtures(FixtureSelector),
    /// Zone polygons.
    Zones(ZoneSelector),
    /// Door openings (the centre of the threshold).
    Doors(DoorSelector),
    /// External features of these kinds.
    External(Vec<String>),
    /// The floor outline of the venue itself.
    Venue,
}

/// What a [`Check::AttributeRequired`] looks at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum AttributeTarget {
    Fixtures(FixtureSelector),
    Doors(DoorSelector),
    /// Windows, optionally only exterior ones (in a wall on the floor outline).
    Windows {
        exterior_only: bool,
    },
    Zones(ZoneSelector),
}

/// One check, evaluated on the geometry. Parameters are the thresholds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Check {
    /// At least `min_count` (and at most `max_count`) matching fixtures stand in the
    /// zones; with `per_zone`, in each selected zone separately.
    FixtureInZone {
        fixtures: FixtureSelector,
        zones: ZoneSelector,
        #[serde(default = "one")]
        min_count: u32,
        #[serde(default)]
        max_count: Option<u32>,
        #[serde(default)]
        per_zone: bool,
    },
    /// The selected zones' combined (or, with `per_zone`, each zone's) area is at least
    /// `min_m2`.
    ZoneAreaMin {
        zones: ZoneSelector,
        min_m2: f64,
        #[serde(default)]
        per_zone: bool,
    },
    /// area(numerator) / area(denominator) lies within `[min, max]`.
    /// "Food : dining ≥ 1 : 2" is `min: Some(0.5)`.
    AreaRatio {
        numerator: ZoneSelector,
        denominator: ZoneSelector,
        #[serde(default)]
        min: Option<f64>,
        #[serde(default)]
        max: Option<f64>,
    },
    /// Every selected zone's clear height is at least `min_m`.
    ClearHeightMin { zones: ZoneSelector, min_m: f64 },
    /// For every `from` entity, the nearest `to` entity (straight line, on the plan)
    /// lies within `[min_m, max_m]`.
    Distance {
        from: Place,
        to: Place,
        #[serde(default)]
        min_m: Option<f64>,
        #[serde(default)]
        max_m: Option<f64>,
    },
    /// Each `covered` fixture's footprint, grown by `margin_m` on every side, lies inside
    /// the footprint of `cover` fixtures (a hood over a stove).
    FootprintCoverage {
        cover: FixtureSelector,
        covered: FixtureSelector,
        margin_m: f64,
    },
    /// Every selected door has a `fitting` fixture within `max_distance_m` of its
    /// threshold, spanning at least `min_width_ratio` of the door width, whose top is at
    /// least `min_height_m` high (a rodent guard on every exterior door).
    DoorFitting {
        doors: DoorSelector,
        fitting: FixtureSelector,
        min_height_m: f64,
        #[serde(default = "default_fitting_distance")]
        max_distance_m: f64,
        #[serde(default = "default_width_ratio")]
        min_width_ratio: f64,
    },
    /// No door and no open (wall-less) boundary connects a zone of `a` to a zone of `b`.
    NoDirectOpening { a: ZoneSelector, b: ZoneSelector },
    /// The selected doors do not face the zones: a strip as wide as the door, reaching
    /// `depth_m` straight out from either face, touches none of them.
    DoorNotFacing {
        doors: DoorSelector,
        zones: ZoneSelector,
        depth_m: f64,
    },
    /// Every selected fixture's bottom is at least `bottom_min_m` and its top at most
    /// `top_max_m` above the floor.
    MountingHeightBand {
        fixtures: FixtureSelector,
        #[serde(default)]
        bottom_min_m: Option<f64>,
        #[serde(default)]
        top_max_m: Option<f64>,
    },
    /// At least `max(min_count, ceil(area / area_per_unit_m2) * count_per_unit)` matching
    /// fixtures in the zones.
    CountPerArea {
        fixtures: FixtureSelector,
        zones: ZoneSelector,
        area_per_unit_m2: f64,
        count_per_unit: u32,
        #[serde(default)]
        min_count: u32,
    },
    /// Every target has the attribute; with `equals` it must equal it, with `min` / `max`
    /// it must be a number at least `min` / at most `max`.
    AttributeRequired {
        target: AttributeTarget,
        attribute: String,
        #[serde(default)]
        equals: Option<Value>,
        #[serde(default)]
        min: Option<f64>,
        #[serde(default)]
        max: Option<f64>,
    },
    /// The walking route between `from` and `to` is at least `min_width_m` wide at its
    /// narrowest, computed on an occupancy grid (walls and blocking fixtures are
    /// obstacles, doors are passable) with cells of `cell_m`.
    ClearWidth {
        from: Place,
        to: Place,
        min_width_m: f64,
        #[serde(default = "default_cell")]
        cell_m: f64,
    },
    /// Every walkable point of the zones is within `max_m` walking distance (around
    /// obstacles) of a `to` fixture.
    WalkingDistanceMax {
        zones: ZoneSelector,
        to: FixtureSelector,
        max_m: f64,
        #[serde(default = "default_cell")]
        cell_m: f64,
    },
    /// Goods can move through the zones in this order along the door graph without
    /// passing back through an earlier step (raw in → cooked out).
    ZoneSequence { steps: Vec<ZoneSelector> },
    /// No open (wall-less) boundary joins a zone of `a` to a zone of `b`: a wall or
    /// partition runs along all of their shared edge (doors in it are allowed).
    ZonesSeparated { a: ZoneSelector, b: ZoneSelector },
    /// Customers cannot come within `min_distance_m` of the fixtures: walking from the
    /// `entrances` around walls and walking-blocking fixtures (a counter and its gate
    /// close off the staff side), no reachable point is that close.
    StaffSide {
        fixtures: FixtureSelector,
        min_distance_m: f64,
        #[serde(default = "exterior_doors")]
        entrances: DoorSelector,
        #[serde(default = "default_cell")]
        cell_m: f64,
    },
}

fn one() -> u32 {
    1
}
fn exterior_doors() -> DoorSelector {
    DoorSelector::Exterior
}
fn default_cell() -> f64 {
    0.05
}
fn default_fitting_distance() -> f64 {
    0.3
}
fn default_width_ratio() -> f64 {
    0.9
}

impl Check {
    /// The stable snake_case name of the check kind, used in JSON reports.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Check::FixtureInZone { .. } => "fixture_in_zone",
            Check::ZoneAreaMin { .. } => "zone_area_min",
            Check::AreaRatio { .. } => "area_ratio",
            Check::ClearHeightMin { .. } => "clear_height_min",
            Check::Distance { .. } => "distance",
            Check::FootprintCoverage { .. } => "footprint_coverage",
            Check::DoorFitting { .. } => "door_fitting",
            Check::NoDirectOpening { .. } => "no_direct_opening",
            Check::DoorNotFacing { .. } => "door_not_facing",
            Check::MountingHeightBand { .. } => "mounting_height_band",
            Check::CountPerArea { .. } => "count_per_area",
            Check::AttributeRequired { .. } => "attribute_required",
            Check::ClearWidth { .. } => "clear_width",
            Check::WalkingDistanceMax { .. } => "walking_distance_max",
            Check::ZoneSequence { .. } => "zone_sequence",
            Check::ZonesSeparated { .. } => "zones_separated",
            Check::StaffSide { .. } => "staff_side",
        }
    }
}
