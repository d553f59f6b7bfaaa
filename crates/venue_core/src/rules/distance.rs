//! `distance`: for every `from` entity, the nearest `to` entity (straight line on the
//! plan, between the shapes of [`super::places`]; 0 when they overlap) lies within
//! `[min_m, max_m]`. An entity selected on both sides is never its own nearest.
//!
//! Measured: the worst nearest-distance: the largest when `max_m` is set (and no minimum
//! is broken), else the smallest. Evidence: a dimension line between the nearest points
//! of the worst pair, then of the other failing pairs.
//!
//! Empty selections: with only `min_m` (keep X away from Y) nothing selected means
//! nothing to keep apart, so it passes. With `max_m` (X must be near a Y) it fails: the
//! rule implies both exist.

use super::common::{Groups, MAX_EVIDENCE, at_least, at_most, bounds, ids, m, p3, text};
use super::places::{self, Item};
use crate::compact_sort::CompactSort;
use crate::geometry::polygon_distance;
use crate::model::{P2, Place};
use crate::plan::Plan;
use crate::report::{Comparison, Evidence, Outcome, Unit};

/// The nearest `to` item of `f` (never itself): `(distance, point on f, point on to, to)`.
fn nearest<'a>(f: &Item, to: &'a [Item]) -> Option<(f64, P2, P2, &'a Item)> {
    let mut best: Option<(f64, P2, P2, &Item)> = None;
    for t in to.iter().filter(|t| t.key != f.key) {
        if best.is_some_and(|b| f.bbox.distance(&t.bbox) >= b.0) {
            continue;
        }
        let (d, p, q) = polygon_distance(&f.shape, &t.shape);
        if d.is_finite() && best.is_none_or(|b| d < b.0) {
            best = Some((d, p, q, t));
        }
    }
    best
}

pub fn evaluate(
    plan: &Plan,
    groups: &Groups,
    from: &Place,
    to: &Place,
    min_m: Option<f64>,
    max_m: Option<f64>,
) -> Outcome {
    let fi = places::items(plan, from, groups);
    let ti = places::items(plan, to, groups);
    let (fname, tname) = (
        places::name(plan, from, groups),
        places::name(plan, to, groups),
    );
    let limits = bounds(min_m.map(m), max_m.map(m));
    let default_cmp = if max_m.is_some() {
        (max_m, Comparison::AtMost)
    } else {
        (min_m, Comparison::AtLeast)
    };

    let pairs: Vec<(&Item, Option<(f64, P2, P2, &Item)>)> =
        fi.iter().map(|f| (f, nearest(f, &ti))).collect();
    let unmatched: Vec<&Item> = pairs
        .iter()
        .filter(|(_, n)| n.is_none())
        .map(|(f, _)| *f)
        .collect();
    let found: Vec<(&Item, (f64, P2, P2, &Item))> = pairs
        .iter()
        .filter_map(|(f, n)| n.map(|n| (*f, n)))
        .collect();

    if found.is_empty() || (max_m.is_some() && !unmatched.is_empty()) {
        // Nothing measured: an empty side, or a from entity with no other `to` entity.
        let passed = max_m.is_none();
        let what = if fi.is_empty() { &fname } else { &tname };
        return Outcome {
            passed,
            measured: None,
            required: default_cmp.0,
            comparison: Some(default_cmp.1),
            unit: Unit::Metre,
            entities: ids(unmatched.iter().map(|f| f.id.as_str())),
            evidence: Vec::new(),
            finding: if passed {
                text(
                    format!("平面图中没有需要保持距离的{}，无需检查", what.zh),
                    format!(
                        "The plan has no {} to keep apart; nothing to check",
                        what.en
                    ),
                )
            } else {
                text(
                    format!(
                        "平面图中没有可测量的{}，要求{}与之距离 {}",
                        what.zh, fname.zh, limits.zh
                    ),
                    format!(
                        "The plan has no {} to measure; {} must be {} from it",
                        what.en, fname.en, limits.en
                    ),
                )
            },
        };
    }

    let ok =
        |d: f64| min_m.is_none_or(|lo| at_least(d, lo)) && max_m.is_none_or(|hi| at_most(d, hi));
    let by = |a: &(&Item, (f64, P2, P2, &Item)), b: &(&Item, (f64, P2, P2, &Item))| {
        a.1.0.total_cmp(&b.1.0)
    };
    let smallest = found.iter().min_by(|a, b| by(a, b)).copied();
    let largest = found.iter().max_by(|a, b| by(a, b)).copied();
    let (Some(smallest), Some(largest)) = (smallest, largest) else {
        return super::common::nothing_selected(
            Unit::Metre,
            default_cmp.0,
            Some(default_cmp.1),
            &tname,
        );
    };
    let min_broken = min_m.is_some_and(|lo| !at_least(smallest.1.0, lo));
    let (worst, required, cmp) = if min_broken || max_m.is_none() {
        (smallest, min_m, Comparison::AtLeast)
    } else {
        (largest, max_m, Comparison::AtMost)
    };
    let passed = found.iter().all(|p| ok(p.1.0));

    let seg = |p: &(&Item, (f64, P2, P2, &Item))| Evidence::Segment {
        from: p3(p.1.1, 0.0),
        to: p3(p.1.2, 0.0),
        label: m(p.1.0),
    };
    let mut evidence = vec![seg(&worst)];
    let mut failing: Vec<&(&Item, (f64, P2, P2, &Item))> =
        found.iter().filter(|p| !ok(p.1.0)).collect();
    failing.sort_compact_by(|a, b| {
        if cmp == Comparison::AtMost {
            by(b, a)
        } else {
            by(a, b)
        }
    });
    evidence.extend(
        failing
            .iter()
            .filter(|p| !std::ptr::eq(p.0, worst.0))
            .take(MAX_EVIDENCE - 1)
            .map(|p| seg(p)),
    );
    let entities = if passed {
        ids([worst.0.id.as_str(), worst.1.3.id.as_str()])
    } else {
        ids(failing
            .iter()
            .flat_map(|p| [p.0.id.as_str(), p.1.3.id.as_str()]))
    };
    let (d, f, t) = (worst.1.0, worst.0, worst.1.3);
    let finding = if cmp == Comparison::AtMost {
        text(
            format!(
                "离{}最远的{}（{}）与最近的{}（{}）相距 {}，要求 {}",
                tname.zh,
                fname.zh,
                f.id,
                tname.zh,
                t.id,
                m(d),
                limits.zh
            ),
            format!(
                "The farthest {} ({}) is {} from the nearest {} ({}), required {}",
                fname.en,
                f.id,
                m(d),
                tname.en,
                t.id,
                limits.en
            ),
        )
    } else {
        text(
            format!(
                "最近的一对：{}（{}）与{}（{}）相距 {}，要求 {}",
                fname.zh,
                f.id,
                tname.zh,
                t.id,
                m(d),
                limits.zh
            ),
            format!(
                "Closest pair: {} ({}) and {} ({}) are {} apart, required {}",
                fname.en,
                f.id,
                tname.en,
                t.id,
                m(d),
                limits.en
            ),
        )
    };
    Outcome {
        passed,
        measured: Some(d),
        required,
        comparison: Some(cmp),
        unit: Unit::Metre,
        entities,
        evidence,
        finding,
    }
}

// ---- parameter validation (called by `crate::validate`) ----

/// Parameter checks of `Distance` for the rule-pack validator: both places and a
/// `[min_m, max_m]` range with at least one bound.
pub(crate) fn validate_params(
    p: &mut crate::validate::Params<'_, '_, '_>,
    from: &crate::model::Place,
    to: &crate::model::Place,
    min_m: Option<f64>,
    max_m: Option<f64>,
) {
    p.place("from", from);
    p.place("to", to);
    p.range(("min_m", min_m), ("max_m", max_m));
}
