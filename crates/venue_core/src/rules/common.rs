//! Helpers shared by the check kinds: number formatting, bilingual text, evidence
//! builders, names of selections for findings, and comparisons with a rounding
//! tolerance.

use crate::geometry::{
    FIXTURE_BLOCKS_BELOW_M, OccupancyGrid, interior_point, point_polygon_distance,
    point_segment_distance,
};
use crate::model::{DoorSelector, FixtureSelector, Lang, P2, P3, Text, ZoneKind, ZoneSelector};
use crate::plan::{PlacedFixture, Plan};
use crate::report::{Comparison, Evidence, Outcome, Unit};
use std::collections::BTreeMap;

/// Zone groups of the rule pack being evaluated.
pub type Groups = BTreeMap<String, Vec<ZoneKind>>;

/// Comparisons forgive this much (metres, m², ratio): float rounding of plan arithmetic,
/// never a real shortfall, so a value drawn exactly at the limit passes.
pub const COMPARE_EPS: f64 = 1e-6;

/// At most this many evidence items of one kind per result, so a rule over 2,000
/// fixtures stays drawable; the worst ones come first.
pub const MAX_EVIDENCE: usize = 24;

/// Names listed in a finding before "…".
const MAX_NAMES: usize = 4;

pub fn at_least(measured: f64, required: f64) -> bool {
    measured >= required - COMPARE_EPS
}

pub fn at_most(measured: f64, required: f64) -> bool {
    measured <= required + COMPARE_EPS
}

pub fn text(zh: impl Into<String>, en: impl Into<String>) -> Text {
    Text::new(zh, en)
}

/// `0.82 m`
pub fn m(x: f64) -> String {
    format!("{x:.2} m")
}

/// `12.3 m²`
pub fn m2(x: f64) -> String {
    format!("{x:.1} m²")
}

/// `0.50`
pub fn ratio(x: f64) -> String {
    format!("{x:.2}")
}

/// A plan point lifted to height `y`.
pub fn p3(p: P2, y: f64) -> P3 {
    (p.0, y, p.1)
}

pub fn ring(poly: &[P2], y: f64) -> Vec<P3> {
    poly.iter().map(|p| p3(*p, y)).collect()
}

/// A zone's outline on the floor.
pub fn zone_outline(plan: &Plan, zone: usize, label: impl Into<String>) -> Option<Evidence> {
    plan.zones.get(zone).map(|z| Evidence::Polygon {
        points: ring(&z.polygon, 0.0),
        label: label.into(),
    })
}

/// A fixture's footprint at height `y`.
pub fn footprint(f: &PlacedFixture, y: f64, label: impl Into<String>) -> Evidence {
    Evidence::Polygon {
        points: ring(&f.footprint, y),
        label: label.into(),
    }
}

/// A marker on a zone (at a point inside it, on the floor).
pub fn zone_point(plan: &Plan, zone: usize, label: impl Into<String>) -> Option<Evidence> {
    plan.zones.get(zone).map(|z| Evidence::Point {
        at: p3(interior_point(&z.polygon), 0.0),
        label: label.into(),
    })
}

/// Centres of route cells with straight runs merged (only turning points kept), on
/// the floor.
pub fn route_points(grid: &OccupancyGrid, cells: &[u32]) -> Vec<P3> {
    let mut out: Vec<P2> = Vec::new();
    let mut last_step: Option<(i64, i64)> = None;
    for (k, c) in cells.iter().enumerate() {
        let p = grid.center(*c as usize);
        if k > 0 {
            let prev = cells[k - 1] as i64;
            let nx = grid.nx as i64;
            let step = (
                (*c as i64 % nx) - (prev % nx),
                (*c as i64 / nx) - (prev / nx),
            );
            if last_step == Some(step) {
                out.pop();
            }
            last_step = Some(step);
        }
        out.push(p);
    }
    out.into_iter().map(|p| p3(p, 0.0)).collect()
}

/// The wall or walking-blocking fixture nearest to `p`, if within `tolerance`: its id
/// (for highlighting) and what to call it in a finding (its type's name, or "wall").
pub fn obstacle_near(plan: &Plan, p: P2, tolerance: f64) -> Option<(String, Text)> {
    let walls = plan.walls.iter().map(|w| {
        (
            point_segment_distance(p, w.from, w.to) - w.thickness / 2.0,
            &w.id,
            None,
        )
    });
    let fixtures = plan
        .fixtures
        .iter()
        .filter(|f| f.blocks_walking && f.bottom < FIXTURE_BLOCKS_BELOW_M)
        .map(|f| {
            (
                point_polygon_distance(p, &f.footprint),
                &f.id,
                Some(&f.name),
            )
        });
    fixtures
        .chain(walls)
        .filter(|(d, ..)| *d <= tolerance)
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id, name)| {
            let name = name.cloned().unwrap_or_else(|| text("墙", "wall"));
            (id.clone(), name)
        })
}

/// Combined area of zones (`+0.0` for none: an empty `f64` sum is `-0.0`, which would
/// print as "-0.0 m²").
pub fn total_area(plan: &Plan, zones: &[usize]) -> f64 {
    zones
        .iter()
        .filter_map(|z| plan.zones.get(*z))
        .fold(0.0, |a, z| a + z.area)
}

/// Sorted, de-duplicated ids.
pub fn ids<'a>(it: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut v: Vec<String> = it.into_iter().map(str::to_string).collect();
    v.sort();
    v.dedup();
    v
}

/// Join names for a finding: at most `MAX_NAMES`, then "…".
pub fn join(names: &[Text]) -> Text {
    let take = names.len().min(MAX_NAMES);
    let more = names.len() > MAX_NAMES;
    let zh: Vec<&str> = names[..take].iter().map(|t| t.zh.as_str()).collect();
    let en: Vec<&str> = names[..take].iter().map(|t| t.en.as_str()).collect();
    let tail = if more { "…" } else { "" };
    let joined = Text::new(
        format!("{}{tail}", zh.join("、")),
        format!("{}{tail}", en.join(", ")),
    );
    // An author's Traditional name stays in the list (the rest converted as they are).
    if names[..take].iter().any(|t| t.zh_hant.is_some()) {
        let hant: Vec<&str> = names[..take].iter().map(|t| t.get(Lang::ZhHant)).collect();
        return joined.with_hant(format!("{}{tail}", hant.join("、")));
    }
    joined
}

/// Ids for a finding: at most `MAX_NAMES`, then "…".
pub fn join_ids(v: &[String]) -> String {
    let mut s = v
        .iter()
        .take(MAX_NAMES)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if v.len() > MAX_NAMES {
        s.push_str(", …");
    }
    s
}

/// Name of a zone selection: `卫生间 / Toilet`, a group's kinds, or zone names.
pub fn zones_name(plan: &Plan, sel: &ZoneSelector, groups: &Groups) -> Text {
    match sel {
        ZoneSelector::All => text("所有区域", "all zones"),
        ZoneSelector::Kinds(k) => join(&k.iter().map(|k| k.label()).collect::<Vec<_>>()),
        ZoneSelector::Group(g) => match groups.get(g) {
            Some(k) if !k.is_empty() => join(&k.iter().map(|k| k.label()).collect::<Vec<_>>()),
            _ => text(format!("区域组“{g}”"), format!("zone group \"{g}\"")),
        },
        ZoneSelector::Ids(ids) => {
            let names: Vec<Text> = ids
                .iter()
                .map(|id| {
                    plan.zones
                        .iter()
                        .find(|z| &z.id == id)
                        .map_or_else(|| text(id.clone(), id.clone()), |z| z.name.clone())
                })
                .collect();
            join(&names)
        }
    }
}

/// Name of a fixture selection: the types' catalogue names.
pub fn fixtures_name(plan: &Plan, sel: &FixtureSelector) -> Text {
    if sel.types.is_empty() {
        return text("设备", "fixtures");
    }
    let names: Vec<Text> = sel
        .types
        .iter()
        .map(|t| {
            plan.type_names
                .get(t)
                .cloned()
                .unwrap_or_else(|| text(t.clone(), t.clone()))
        })
        .collect();
    join(&names)
}

/// Name of a door selection.
pub fn doors_name(plan: &Plan, sel: &DoorSelector, groups: &Groups) -> Text {
    match sel {
        DoorSelector::All => text("所有门", "all doors"),
        DoorSelector::Exterior => text("外门", "exterior doors"),
        DoorSelector::Interior => text("内门", "interior doors"),
        DoorSelector::Ids(ids) => {
            let s = join_ids(ids);
            text(format!("门 {s}"), format!("door {s}"))
        }
        DoorSelector::OfZones(z) => {
            let n = zones_name(plan, z, groups);
            text(format!("{}的门", n.zh), format!("doors of {}", n.en))
        }
    }
}

/// A door named for a visitor by where it is, since doors have ids but no names: "the
/// exterior door of the Dining area", "the door between Cooking and Dining".
pub fn door_name(plan: &Plan, door: usize) -> Text {
    let Some(d) = plan.doors.get(door) else {
        return text("门", "door");
    };
    let mut zones: Vec<&Text> = d
        .sides
        .iter()
        .flatten()
        .filter_map(|&z| plan.zones.get(z).map(|z| &z.name))
        .collect();
    zones.dedup();
    match zones.as_slice() {
        [a, b] if !d.exterior => text(
            format!("{}与{}之间的门", a.zh, b.zh),
            format!("the door between {} and {}", a.en, b.en),
        ),
        [a, ..] if d.exterior => text(
            format!("{}的外门", a.zh),
            format!("the exterior door of {}", a.en),
        ),
        [a, ..] => text(format!("{}的门", a.zh), format!("the door of {}", a.en)),
        [] if d.exterior => text("外门", "the exterior door"),
        [] => text(format!("门 {}", d.id), format!("door {}", d.id)),
    }
}

/// A failing outcome for a selection that matched nothing although the rule needs it.
pub fn nothing_selected(
    unit: Unit,
    required: Option<f64>,
    cmp: Option<Comparison>,
    what: &Text,
) -> Outcome {
    Outcome {
        passed: false,
        measured: None,
        required,
        comparison: cmp,
        unit,
        entities: Vec::new(),
        evidence: Vec::new(),
        finding: text(
            format!("平面图中没有{}，无法满足本条要求", what.zh),
            format!("The plan has no {}, so this rule cannot be met", what.en),
        ),
    }
}

/// `≥ 1`, `≤ 3`, `≥ 1 且 ≤ 3`.
pub fn bounds(min: Option<String>, max: Option<String>) -> Text {
    match (min, max) {
        (Some(a), Some(b)) => text(format!("≥ {a} 且 ≤ {b}"), format!("≥ {a} and ≤ {b}")),
        (Some(a), None) => text(format!("≥ {a}"), format!("≥ {a}")),
        (None, Some(b)) => text(format!("≤ {b}"), format!("≤ {b}")),
        (None, None) => text("无限制", "no limit"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(m(0.8249), "0.82 m");
        assert_eq!(m2(12.34), "12.3 m²");
        assert_eq!(ratio(0.5), "0.50");
        assert!(at_least(1.1 - 1e-9, 1.1));
        assert!(!at_least(1.09, 1.1));
        assert!(at_most(2.0, 2.0));
    }

    #[test]
    fn joins_with_ellipsis() {
        let names: Vec<Text> = (0..6)
            .map(|i| text(format!("甲{i}"), format!("a{i}")))
            .collect();
        let j = join(&names);
        assert_eq!(j.en, "a0, a1, a2, a3…");
        assert!(j.zh.starts_with("甲0、甲1"));
        assert_eq!(ids(["b", "a", "b"]), vec!["a".to_string(), "b".to_string()]);
    }
}
