//! `door_not_facing`: the selected doors do not face the zones: a strip as wide as the
//! door, reaching `depth_m` straight out from either face of its wall, touches none of
//! them. "Touches" means overlapping by more than [`TOUCH_AREA_M2`]; a zone that merely
//! shares an edge with the strip does not count. Walls in between are not considered,
//! as the rule's text says.
//!
//! Measured: the number of facing doors (required 0). No selected door passes: nothing
//! can face.

use super::common::{Groups, MAX_EVIDENCE, doors_name, ids, join_ids, m, p3, text, zones_name};
use crate::geometry::{add, overlap_area, scale};
use crate::model::{DoorSelector, P2, ZoneSelector};
use crate::plan::{PlacedDoor, Plan};
use crate::report::{Comparison, Evidence, Outcome, Unit};

/// Overlap below 1 cm² is drawing noise, not facing.
pub const TOUCH_AREA_M2: f64 = 1e-4;

/// The strips in front of both faces of a door: `[left, right]`.
pub fn strips(d: &PlacedDoor, depth_m: f64) -> [[P2; 4]; 2] {
    let face = d.wall_thickness / 2.0;
    let strip = |s: f64| {
        let near = scale(d.normal, s * face);
        let far = scale(d.normal, s * (face + depth_m.max(0.0)));
        [add(d.a, near), add(d.b, near), add(d.b, far), add(d.a, far)]
    };
    [strip(1.0), strip(-1.0)]
}

pub fn evaluate(
    plan: &Plan,
    groups: &Groups,
    doors: &DoorSelector,
    zones: &ZoneSelector,
    depth_m: f64,
) -> Outcome {
    let ds = plan.resolve_doors(doors, groups);
    let zs = plan.resolve_zones(zones, groups);
    let (dname, zname) = (
        doors_name(plan, doors, groups),
        zones_name(plan, zones, groups),
    );
    let mut facing: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut evidence = Vec::new();
    let mut quiet = Vec::new();
    for &di in &ds {
        let d = &plan.doors[di];
        let mut hit = Vec::new();
        for strip in strips(d, depth_m) {
            let touched: Vec<usize> = zs
                .iter()
                .copied()
                .filter(|z| overlap_area(&plan.zones[*z].polygon, &strip) > TOUCH_AREA_M2)
                .collect();
            let label = if touched.is_empty() {
                d.id.clone()
            } else {
                format!(
                    "{} → {}",
                    d.id,
                    touched
                        .iter()
                        .map(|z| plan.zones[*z].id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            let ev = Evidence::Polygon {
                points: strip.iter().map(|p| p3(*p, 0.0)).collect(),
                label,
            };
            if touched.is_empty() {
                quiet.push(ev)
            } else {
                evidence.push(ev)
            }
            hit.extend(touched);
        }
        hit.sort_unstable();
        hit.dedup();
        if !hit.is_empty() {
            facing.push((di, hit));
        }
    }
    evidence.truncate(MAX_EVIDENCE);
    if facing.is_empty() {
        evidence.extend(quiet.into_iter().take(MAX_EVIDENCE));
    }
    let passed = facing.is_empty();
    let entities = if passed {
        ids(ds.iter().map(|d| plan.doors[*d].id.as_str()))
    } else {
        ids(facing.iter().flat_map(|(d, zs)| {
            std::iter::once(plan.doors[*d].id.as_str())
                .chain(zs.iter().map(|z| plan.zones[*z].id.as_str()))
        }))
    };
    let names: Vec<String> = facing
        .iter()
        .map(|(d, zs)| {
            format!(
                "{} → {}",
                plan.doors[*d].id,
                zs.iter()
                    .map(|z| plan.zones[*z].id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect();
    let finding = if passed {
        text(
            format!(
                "{}（{} 扇）前方 {} 内没有{}",
                dname.zh,
                ds.len(),
                m(depth_m),
                zname.zh
            ),
            format!(
                "None of the {} {} faces {} within {}",
                ds.len(),
                dname.en,
                zname.en,
                m(depth_m)
            ),
        )
    } else {
        text(
            format!(
                "{} 扇门正对{}（门前 {} 内）：{}",
                facing.len(),
                zname.zh,
                m(depth_m),
                join_ids(&names)
            ),
            format!(
                "{} door(s) face {} within {}: {}",
                facing.len(),
                zname.en,
                m(depth_m),
                join_ids(&names)
            ),
        )
    };
    Outcome {
        passed,
        measured: Some(facing.len() as f64),
        required: Some(0.0),
        comparison: Some(Comparison::AtMost),
        unit: Unit::Count,
        entities,
        evidence,
        finding,
    }
}

// ---- parameter validation (called by `crate::validate`) ----

/// Parameter checks of `DoorNotFacing` for the rule-pack validator: the selectors and a
/// threshold `depth_m` ≥ 0.
pub(crate) fn validate_params(
    p: &mut crate::validate::Params<'_, '_, '_>,
    doors: &crate::model::DoorSelector,
    zones: &crate::model::ZoneSelector,
    depth_m: f64,
) {
    p.doors("doors", doors);
    p.zones("zones", zones);
    p.threshold("depth_m", depth_m);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::BBox;
    use crate::model::{Attributes, Swing};

    #[test]
    fn strips_start_at_the_wall_faces() {
        // A 1 m door in a wall along +x at z = 0, 0.2 m thick.
        let d = PlacedDoor {
            id: "d".into(),
            wall: "w".into(),
            wall_index: 0,
            center: (0.5, 0.0),
            a: (0.0, 0.0),
            b: (1.0, 0.0),
            normal: (0.0, -1.0),
            width: 1.0,
            height: 2.0,
            exterior: false,
            swing: Swing::Sliding,
            attributes: Attributes::new(),
            sides: [None, None],
            wall_thickness: 0.2,
        };
        let [left, right] = strips(&d, 2.0);
        let (l, r) = (BBox::of(&left), BBox::of(&right));
        assert!(
            (l.min.1 + 2.1).abs() < 1e-9 && (l.max.1 + 0.1).abs() < 1e-9,
            "{l:?}"
        );
        assert!(
            (r.min.1 - 0.1).abs() < 1e-9 && (r.max.1 - 2.1).abs() < 1e-9,
            "{r:?}"
        );
        assert!((l.width() - 1.0).abs() < 1e-9);
    }
}
