//! `door_fitting`: every selected door has a `fitting` fixture within `max_distance_m`
//! of its threshold (footprint to the threshold segment on the wall axis), spanning at
//! least `min_width_ratio` of the door width (the footprint's extent along the wall,
//! clipped to the opening), whose top is at least `min_height_m` high (a rodent guard on
//! every exterior door).
//!
//! Measured: the lowest, over the doors, of the highest qualifying fitting's top: a door
//! with no fitting near and wide enough counts 0. No selected door fails (the rule implies
//! such doors exist; a venue without an exterior door has no way in).

use super::common::{
    Groups, MAX_EVIDENCE, at_least, doors_name, fixtures_name, footprint, ids, join_ids, m,
    nothing_selected, p3, text,
};
use crate::compact_sort::CompactSort;
use crate::geometry::{dot, polygon_distance, sub};
use crate::model::{DoorSelector, FixtureSelector};
use crate::plan::{PlacedDoor, PlacedFixture, Plan};
use crate::report::{Comparison, Evidence, Outcome, Unit};

/// Fraction of the door's width that the fitting spans.
fn span_ratio(d: &PlacedDoor, f: &PlacedFixture) -> f64 {
    if d.width <= 0.0 {
        return 1.0;
    }
    let dir = sub(d.b, d.a);
    let l = d.width;
    let ts = f.footprint.iter().map(|p| dot(sub(*p, d.a), dir) / l);
    let (lo, hi) = ts.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), t| {
        (lo.min(t), hi.max(t))
    });
    (hi.min(l) - lo.max(0.0)).max(0.0) / l
}

/// What a door has: `(top of the best qualifying fitting or 0, that fitting, a near
/// fitting that is too narrow)`.
fn best_fitting(
    plan: &Plan,
    d: &PlacedDoor,
    fittings: &[usize],
    max_distance_m: f64,
    min_width_ratio: f64,
) -> (f64, Option<usize>, Option<usize>) {
    let mut best: (f64, Option<usize>) = (0.0, None);
    let mut narrow = None;
    for &fi in fittings {
        let f = &plan.fixtures[fi];
        if polygon_distance(&f.footprint, &[d.a, d.b]).0
            > max_distance_m + super::common::COMPARE_EPS
        {
            continue;
        }
        if !at_least(span_ratio(d, f), min_width_ratio) {
            narrow.get_or_insert(fi);
            continue;
        }
        if best.1.is_none() || f.top > best.0 {
            best = (f.top, Some(fi));
        }
    }
    (best.0, best.1, narrow)
}

pub fn evaluate(
    plan: &Plan,
    groups: &Groups,
    doors: &DoorSelector,
    fitting: &FixtureSelector,
    min_height_m: f64,
    max_distance_m: f64,
    min_width_ratio: f64,
) -> Outcome {
    let ds = plan.resolve_doors(doors, groups);
    let (dname, fname) = (
        doors_name(plan, doors, groups),
        fixtures_name(plan, fitting),
    );
    if ds.is_empty() {
        return nothing_selected(
            Unit::Metre,
            Some(min_height_m),
            Some(Comparison::AtLeast),
            &dname,
        );
    }
    let fittings = plan.resolve_fixtures(fitting);
    let mut rows: Vec<(usize, f64, Option<usize>, Option<usize>)> = ds
        .iter()
        .map(|&di| {
            let (top, f, narrow) = best_fitting(
                plan,
                &plan.doors[di],
                &fittings,
                max_distance_m,
                min_width_ratio,
            );
            (di, top, f, narrow)
        })
        .collect();
    // Lowest first.
    rows.sort_compact_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    let ok = |r: &(usize, f64, Option<usize>, Option<usize>)| {
        r.2.is_some() && at_least(r.1, min_height_m)
    };
    let passed = rows.iter().all(ok);
    let lowest = rows[0].1;

    let mut evidence = Vec::new();
    for r in rows.iter().take(MAX_EVIDENCE) {
        let d = &plan.doors[r.0];
        evidence.push(Evidence::Segment {
            from: p3(d.a, r.1),
            to: p3(d.b, r.1),
            label: format!("{}: {}", d.id, m(r.1)),
        });
        if !ok(r) {
            evidence.push(Evidence::Segment {
                from: p3(d.a, min_height_m),
                to: p3(d.b, min_height_m),
                label: format!("≥ {}", m(min_height_m)),
            });
        }
        if let Some(f) = r.2.or(r.3) {
            let f = &plan.fixtures[f];
            evidence.push(footprint(f, f.top, f.id.clone()));
        }
    }
    let bad: Vec<&(usize, f64, Option<usize>, Option<usize>)> =
        rows.iter().filter(|r| !ok(r)).collect();
    let entities = if passed {
        ids(rows.iter().flat_map(|r| {
            std::iter::once(plan.doors[r.0].id.as_str())
                .chain(r.2.map(|f| plan.fixtures[f].id.as_str()))
        }))
    } else {
        ids(bad.iter().map(|r| plan.doors[r.0].id.as_str()))
    };
    let need = text(
        format!(
            "距门槛 ≤ {}、覆盖 ≥ {:.0}% 门宽、顶高 ≥ {}",
            m(max_distance_m),
            min_width_ratio * 100.0,
            m(min_height_m)
        ),
        format!(
            "within {} of the threshold, spanning ≥ {:.0}% of the door, top ≥ {}",
            m(max_distance_m),
            min_width_ratio * 100.0,
            m(min_height_m)
        ),
    );
    let finding = if passed {
        text(
            format!(
                "{}（{} 扇）都有{}，最低顶高 {}，要求 {}",
                dname.zh,
                rows.len(),
                fname.zh,
                m(lowest),
                need.zh
            ),
            format!(
                "All {} {} have a {}; lowest top {}; required {}",
                rows.len(),
                dname.en,
                fname.en,
                m(lowest),
                need.en
            ),
        )
    } else {
        let names: Vec<String> = bad.iter().map(|r| plan.doors[r.0].id.clone()).collect();
        let narrow = bad.iter().any(|r| r.2.is_none() && r.3.is_some());
        let (nz, ne) = if narrow {
            ("（附近的过窄）", " (one nearby is too narrow)")
        } else {
            ("", "")
        };
        text(
            format!(
                "{} 扇门没有合格的{}{}：{}。要求{}",
                bad.len(),
                fname.zh,
                nz,
                join_ids(&names),
                need.zh
            ),
            format!(
                "{} door(s) lack a proper {}{}: {}. Required: {}",
                bad.len(),
                fname.en,
                ne,
                join_ids(&names),
                need.en
            ),
        )
    };
    Outcome {
        passed,
        measured: Some(lowest),
        required: Some(min_height_m),
        comparison: Some(Comparison::AtLeast),
        unit: Unit::Metre,
        entities,
        evidence,
        finding,
    }
}

// ---- parameter validation (called by `crate::validate`) ----

/// Parameter checks of `DoorFitting` for the rule-pack validator: the selectors, the
/// thresholds, and `min_width_ratio` within 0…1.
pub(crate) fn validate_params(
    p: &mut crate::validate::Params<'_, '_, '_>,
    doors: &crate::model::DoorSelector,
    fitting: &crate::model::FixtureSelector,
    min_height_m: f64,
    max_distance_m: f64,
    min_width_ratio: f64,
) {
    p.doors("doors", doors);
    p.fixtures("fitting", fitting);
    p.threshold("min_height_m", min_height_m);
    p.threshold("max_distance_m", max_distance_m);
    if !(0.0..=1.0).contains(&min_width_ratio) {
        let message = format!(
            "`min_width_ratio` of {} must lie between 0 and 1, found {min_width_ratio}",
            p.what()
        );
        p.error("min_width_ratio", message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attributes, Swing, Text};
    use crate::plan::fixture_footprint;

    fn guard(center: (f64, f64), w: f64) -> PlacedFixture {
        PlacedFixture {
            id: "g".into(),
            kind: "guard".into(),
            index: 0,
            known_type: true,
            name: Text::new("g", "g"),
            center,
            rotation_deg: 0.0,
            size: (w, 0.05, 0.6),
            bottom: 0.0,
            top: 0.6,
            footprint: fixture_footprint(center, 0.0, w, 0.05),
            blocks_walking: false,
            attributes: Attributes::new(),
            model: None,
        }
    }

    #[test]
    fn span_is_clipped_to_the_opening() {
        let d = PlacedDoor {
            id: "d".into(),
            wall: "w".into(),
            wall_index: 0,
            center: (1.0, 0.0),
            a: (0.5, 0.0),
            b: (1.5, 0.0),
            normal: (0.0, -1.0),
            width: 1.0,
            height: 2.0,
            exterior: true,
            swing: Swing::LeftIn,
            attributes: Attributes::new(),
            sides: [None, None],
            wall_thickness: 0.1,
        };
        assert!((span_ratio(&d, &guard((1.0, 0.1), 1.0)) - 1.0).abs() < 1e-9);
        assert!((span_ratio(&d, &guard((1.0, 0.1), 2.0)) - 1.0).abs() < 1e-9);
        assert!((span_ratio(&d, &guard((1.25, 0.1), 0.5)) - 0.5).abs() < 1e-9);
        assert_eq!(span_ratio(&d, &guard((3.0, 0.1), 0.5)), 0.0);
    }
}
