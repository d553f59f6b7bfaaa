//! `mounting_height_band`: every selected fixture's bottom is at least `bottom_min_m`
//! and its top at most `top_max_m` above the floor.
//!
//! Measured: the worst top (the highest) when `top_max_m` is set and broken or no bottom
//! is broken, else the worst bottom (the lowest). No selected fixture fails: the rule
//! implies such fixtures exist (an extinguisher mounted too high is a finding; no
//! extinguisher at all must not pass silently).

use super::common::{
    MAX_EVIDENCE, at_least, at_most, bounds, fixtures_name, ids, m, nothing_selected, p3, text,
};
use crate::compact_sort::CompactSort;
use crate::model::FixtureSelector;
use crate::plan::Plan;
use crate::report::{Comparison, Evidence, Outcome, Unit};

pub fn evaluate(
    plan: &Plan,
    fixtures: &FixtureSelector,
    bottom_min_m: Option<f64>,
    top_max_m: Option<f64>,
) -> Outcome {
    let fx = plan.resolve_fixtures(fixtures);
    let fname = fixtures_name(plan, fixtures);
    let default = if top_max_m.is_some() {
        (top_max_m, Comparison::AtMost)
    } else {
        (bottom_min_m, Comparison::AtLeast)
    };
    if fx.is_empty() {
        return nothing_selected(Unit::Metre, default.0, Some(default.1), &fname);
    }
    let f = |i: &usize| &plan.fixtures[*i];
    let top_bad = |i: &usize| top_max_m.is_some_and(|t| !at_most(f(i).top, t));
    let bottom_bad = |i: &usize| bottom_min_m.is_some_and(|b| !at_least(f(i).bottom, b));
    let highest = fx
        .iter()
        .max_by(|a, b| f(a).top.total_cmp(&f(b).top).then(b.cmp(a)));
    let lowest = fx
        .iter()
        .min_by(|a, b| f(a).bottom.total_cmp(&f(b).bottom).then(a.cmp(b)));
    let any_top_bad = fx.iter().any(top_bad);
    let any_bottom_bad = fx.iter().any(bottom_bad);
    // Report the top when it is the broken bound, or when only the top matters.
    let use_top = top_max_m.is_some() && (any_top_bad || !any_bottom_bad);
    let passed = !any_top_bad && !any_bottom_bad;
    let limits = bounds(bottom_min_m.map(m), top_max_m.map(m));

    let (measured, worst, required, cmp) = match (use_top, highest, lowest) {
        (true, Some(h), _) => (f(h).top, *h, top_max_m, Comparison::AtMost),
        (false, _, Some(l)) if bottom_min_m.is_some() => {
            (f(l).bottom, *l, bottom_min_m, Comparison::AtLeast)
        }
        (_, Some(h), _) => (f(h).top, *h, None, Comparison::AtMost),
        _ => return nothing_selected(Unit::Metre, default.0, Some(default.1), &fname),
    };
    // Worst first: by the reported height, then plan order.
    let mut order = fx.clone();
    if use_top {
        order.sort_compact_by(|a, b| f(b).top.total_cmp(&f(a).top).then(a.cmp(b)));
    } else {
        order.sort_compact_by(|a, b| f(a).bottom.total_cmp(&f(b).bottom).then(a.cmp(b)));
    }
    let evidence = order
        .iter()
        .take(MAX_EVIDENCE)
        .map(|i| {
            let x = f(i);
            let y = if use_top { x.top } else { x.bottom };
            Evidence::Segment {
                from: p3(x.center, 0.0),
                to: p3(x.center, y),
                label: format!("{}: {}", x.id, m(y)),
            }
        })
        .collect();
    let entities = ids(fx
        .iter()
        .filter(|i| passed || top_bad(i) || bottom_bad(i))
        .map(|i| f(i).id.as_str()));
    let w = f(&worst);
    let finding = if cmp == Comparison::AtMost {
        text(
            format!(
                "最高的{}（{}）顶部离地 {}，要求 {}",
                fname.zh,
                w.id,
                m(measured),
                limits.zh
            ),
            format!(
                "Highest {} ({}) has its top at {}, required {}",
                fname.en,
                w.id,
                m(measured),
                limits.en
            ),
        )
    } else {
        text(
            format!(
                "最低的{}（{}）底部离地 {}，要求 {}",
                fname.zh,
                w.id,
                m(measured),
                limits.zh
            ),
            format!(
                "Lowest {} ({}) has its bottom at {}, required {}",
                fname.en,
                w.id,
                m(measured),
                limits.en
            ),
        )
    };
    Outcome {
        passed,
        measured: Some(measured),
        required,
        comparison: Some(cmp),
        unit: Unit::Metre,
        entities,
        evidence,
        finding,
    }
}

// ---- parameter validation (called by `crate::validate`) ----

/// Parameter checks of `MountingHeightBand` for the rule-pack validator: the selector and
/// a `[bottom_min_m, top_max_m]` range with at least one bound.
pub(crate) fn validate_params(
    p: &mut crate::validate::Params<'_, '_, '_>,
    fixtures: &crate::model::FixtureSelector,
    bottom_min_m: Option<f64>,
    top_max_m: Option<f64>,
) {
    p.fixtures("fixtures", fixtures);
    p.range(("bottom_min_m", bottom_min_m), ("top_max_m", top_max_m));
}
