use super::{Attributes, P2, P3, Text, Value};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One scene: a venue as authored in `venue.ron`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Venue {
    /// Must equal [`super::FORMAT_VERSION`].
    pub format_version: u32,
    /// Stable identifier (lowercase, digits, `-`, `_`).
    pub id: String,
    pub title: Text,
    /// Which permit this scene explains, e.g. `"food_business"`.
    pub permit: String,
    /// Facts about the business that decide which rules apply, e.g.
    /// `{"serves_cold_dishes": false, "gas": "natural_gas", "seats": 16}`.
    #[serde(default)]
    pub flags: BTreeMap<String, Value>,
    /// Path of the fixture catalogue, relative to this file.
    pub catalogue: String,
    /// Paths of rule packs, relative to this file.
    #[serde(default)]
    pub rule_packs: Vec<String>,
    /// Outline of the floor, counter-clockwise or clockwise, not closed (the last point
    /// joins the first).
    pub floor: Vec<P2>,
    /// Height of the optional ceiling above the floor; `None` draws no ceiling.
    #[serde(default)]
    pub ceiling_height: Option<f64>,
    #[serde(default)]
    pub walls: Vec<Wall>,
    #[serde(default)]
    pub zones: Vec<Zone>,
    #[serde(default)]
    pub fixtures: Vec<Fixture>,
    /// Things outside the venue that rules measure against (refuse points, cesspits…).
    #[serde(default)]
    pub external: Vec<ExternalFeature>,
    #[serde(default)]
    pub tour: Option<Tour>,
}

/// A straight wall from `from` to `to`, centred on that line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wall {
    pub id: String,
    pub from: P2,
    pub to: P2,
    pub thickness: f64,
    pub height: f64,
    #[serde(default)]
    pub openings: Vec<Opening>,
}

/// A door or window in a wall. `center` is the distance along the wall from its `from`
/// end to the middle of the opening.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Opening {
    Door(Door),
    Window(Window),
}

impl Opening {
    pub fn id(&self) -> &str {
        match self {
            Opening::Door(d) => &d.id,
            Opening::Window(w) => &w.id,
        }
    }

    pub fn center(&self) -> f64 {
        match self {
            Opening::Door(d) => d.center,
            Opening::Window(w) => w.center,
        }
    }

    pub fn width(&self) -> f64 {
        match self {
            Opening::Door(d) => d.width,
            Opening::Window(w) => w.width,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Door {
    pub id: String,
    pub center: f64,
    /// Clear width of the opening.
    pub width: f64,
    pub height: f64,
    /// Leads outside the venue.
    #[serde(default)]
    pub exterior: bool,
    #[serde(default)]
    pub swing: Swing,
    #[serde(default)]
    pub attributes: Attributes,
}

/// Which way a door leaf swings, seen from the wall's left side (the side on your left
/// when walking from `from` to `to`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Swing {
    /// Hinged at the `from` end, opening to the left side.
    #[default]
    LeftIn,
    /// Hinged at the `from` end, opening to the right side.
    LeftOut,
    /// Hinged at the `to` end, opening to the left side.
    RightIn,
    /// Hinged at the `to` end, opening to the right side.
    RightOut,
    /// A sliding door or an open passage: no leaf swings.
    Sliding,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    pub id: String,
    pub center: f64,
    pub width: f64,
    pub height: f64,
    /// Height of the sill above the floor.
    pub sill: f64,
    #[serde(default)]
    pub attributes: Attributes,
}

/// The fixed vocabulary of zone kinds. Rule packs group them (e.g. `food_area`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ZoneKind {
    /// Raw-material preparation: rough processing and cutting.
    FoodProcessing,
    Cooking,
    /// Dish and tableware washing and disinfection.
    Washing,
    Storage,
    Dining,
    Toilet,
    Changing,
    /// Enclosed room for cold dishes, raw food or pastry decoration.
    SpecialRoom,
    Corridor,
    /// Serving counter / food hand-out.
    Serving,
    /// Cleaning-tool (mop) store.
    CleaningTools,
    Office,
    Other,
    /// Pharmacy: open self-selection floor for non-prescription (OTC) drugs, with the
    /// customer aisles.
    OtcArea,
    /// Pharmacy: prescription (Rx) drug display, behind the counter line (staff side).
    RxArea,
    /// Pharmacy: the counter and the staff aisle behind it (sales, prescription review,
    /// dispensing, split packs).
    Dispensing,
    /// Pharmacy: non-drug goods (devices, health foods, cosmetics), kept apart from
    /// the drug areas.
    NonDrugArea,
    /// Living quarters (bedroom, kitchenette): must not adjoin business premises.
    LivingQuarters,
}

impl ZoneKind {
    pub const ALL: [ZoneKind; 18] = [
        ZoneKind::FoodProcessing,
        ZoneKind::Cooking,
        ZoneKind::Washing,
        ZoneKind::Storage,
        ZoneKind::Dining,
        ZoneKind::Toilet,
        ZoneKind::Changing,
        ZoneKind::SpecialRoom,
        ZoneKind::Corridor,
        ZoneKind::Serving,
        ZoneKind::CleaningTools,
        ZoneKind::Office,
        ZoneKind::Other,
        ZoneKind::OtcArea,
        ZoneKind::RxArea,
        ZoneKind::Dispensing,
        ZoneKind::NonDrugArea,
        ZoneKind::LivingQuarters,
    ];

    /// The snake_case name used in RON.
    pub fn as_str(self) -> &'static str {
        match self {
            ZoneKind::FoodProcessing => "food_processing",
            ZoneKind::Cooking => "cooking",
            ZoneKind::Washing => "washing",
            ZoneKind::Storage => "storage",
            ZoneKind::Dining => "dining",
            ZoneKind::Toilet => "toilet",
            ZoneKind::Changing => "changing",
            ZoneKind::SpecialRoom => "special_room",
            ZoneKind::Corridor => "corridor",
            ZoneKind::Serving => "serving",
            ZoneKind::CleaningTools => "cleaning_tools",
            ZoneKind::Office => "office",
            ZoneKind::Other => "other",
            ZoneKind::OtcArea => "otc_area",
            ZoneKind::RxArea => "rx_area",
            ZoneKind::Dispensing => "dispensing",
            ZoneKind::NonDrugArea => "non_drug_area",
            ZoneKind::LivingQuarters => "living_quarters",
        }
    }

    /// Name shown to users.
    pub fn label(self) -> Text {
        let (zh, en) = match self {
            ZoneKind::FoodProcessing => ("粗加工切配区", "Food preparation"),
            ZoneKind::Cooking => ("烹饪区", "Cooking"),
            ZoneKind::Washing => ("清洗消毒区", "Washing & disinfection"),
            ZoneKind::Storage => ("库房", "Storage"),
            ZoneKind::Dining => ("就餐区", "Dining"),
            ZoneKind::Toilet => ("卫生间", "Toilet"),
            ZoneKind::Changing => ("更衣区", "Changing"),
            ZoneKind::SpecialRoom => ("专间", "Special room"),
            ZoneKind::Corridor => ("通道", "Corridor"),
            ZoneKind::Serving => ("备餐出餐区", "Serving"),
            ZoneKind::CleaningTools => ("清洁工具间", "Cleaning tools"),
            ZoneKind::Office => ("办公区", "Office"),
            ZoneKind::Other => ("其他", "Other"),
            ZoneKind::OtcArea => ("非处方药区", "OTC drugs"),
            ZoneKind::RxArea => ("处方药区", "Prescription drugs"),
            ZoneKind::Dispensing => ("柜台调剂区", "Counter & dispensing"),
            ZoneKind::NonDrugArea => ("非药品区", "Non-drug goods"),
            ZoneKind::LivingQuarters => ("生活区", "Living quarters"),
        };
        Text::new(zh, en)
    }
}

/// An area of the plan with one use. Zones must not overlap and must lie on the floor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Zone {
    pub id: String,
    pub kind: ZoneKind,
    /// Name shown on the floor label; defaults to the kind's label.
    #[serde(default)]
    pub name: Option<Text>,
    pub polygon: Vec<P2>,
    /// Clear height from finished floor to the lowest ceiling element.
    pub clear_height: f64,
    #[serde(default)]
    pub attributes: Attributes,
}

impl Zone {
    pub fn display_name(&self) -> Text {
        self.name.clone().unwrap_or_else(|| self.kind.label())
    }
}

/// A piece of equipment placed on the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    pub id: String,
    /// A key of the catalogue.
    #[serde(rename = "type")]
    pub kind: String,
    /// Centre of the footprint on the plan.
    pub position: P2,
    /// Yaw in degrees, counter-clockwise seen from above. 0 = front faces +z.
    #[serde(default)]
    pub rotation: f64,
    /// Height of the fixture's bottom above the floor; defaults to the catalogue's.
    #[serde(default)]
    pub mounting_height: Option<f64>,
    /// `(width along local x, depth along local z, height)`; defaults to the catalogue's.
    #[serde(default)]
    pub size: Option<P3>,
    /// glTF model relative to the asset root; defaults to the catalogue's.
    #[serde(default)]
    pub model: Option<String>,
    #[serde(default)]
    pub label: Option<Text>,
    #[serde(default)]
    pub attributes: Attributes,
}

/// Something outside the venue that rules measure against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalFeature {
    pub id: String,
    /// Free kind, e.g. `"refuse_point"`, `"cesspit"`, `"dry_toilet"`.
    pub kind: String,
    pub position: P2,
    #[serde(default)]
    pub name: Option<Text>,
}

/// The guided tour: which checkpoints (rule ids) to visit, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tour {
    pub intro: Text,
    #[serde(default)]
    pub outro: Option<Text>,
    pub stops: Vec<TourStop>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TourStop {
    /// Id of a rule in one of the venue's rule packs.
    pub rule: String,
    /// Camera placement; computed from the evidence when absent.
    #[serde(default)]
    pub viewpoint: Option<Viewpoint>,
}

/// A camera placement: where the eye is and what it looks at.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Viewpoint {
    pub eye: P3,
    pub target: P3,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `ALL`, `as_str`, `label` and the RON names stay in sync: every kind is listed
    /// once, its RON name is `as_str`, and it has both labels.
    #[test]
    fn zone_kinds_are_listed_named_and_labelled() {
        let mut names: Vec<&str> = ZoneKind::ALL.iter().map(|k| k.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ZoneKind::ALL.len(), "a kind is listed twice");
        for kind in ZoneKind::ALL {
            let ron_name = ron::to_string(&kind).unwrap();
            assert_eq!(ron_name, kind.as_str());
            assert_eq!(ron::from_str::<ZoneKind>(kind.as_str()).unwrap(), kind);
            let label = kind.label();
            assert!(!label.zh.is_empty() && !label.en.is_empty(), "{ron_name}");
        }
        // The pharmacy kinds are there.
        for name in [
            "otc_area",
            "rx_area",
            "dispensing",
            "non_drug_area",
            "living_quarters",
        ] {
            assert!(names.contains(&name), "{name}");
        }
    }
}
