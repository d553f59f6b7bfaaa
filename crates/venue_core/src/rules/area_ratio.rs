//! `area_ratio`: area(numerator) / area(denominator) lies within `[min, max]`.
//!
//! Measured: the ratio. Required: `min` (≥), or `max` (≤) when that is the bound broken
//! or the only one given. An empty numerator has area 0 (ratio 0); a denominator with no
//! area fails, since the ratio is undefined.

use super::common::{
    Groups, MAX_EVIDENCE, at_least, at_most, bounds, ids, m2, ratio, text, zone_outline, zones_name,
};
use crate::model::ZoneSelector;
use crate::plan::Plan;
use crate::report::{Comparison, Outcome, Unit};

pub fn evaluate(
    plan: &Plan,
    groups: &Groups,
    numerator: &ZoneSelector,
    denominator: &ZoneSelector,
    min: Option<f64>,
    max: Option<f64>,
) -> Outcome {
    let num = plan.resolve_zones(numerator, groups);
    let den = plan.resolve_zones(denominator, groups);
    let (nname, dname) = (
        zones_name(plan, numerator, groups),
        zones_name(plan, denominator, groups),
    );
    let a_num = super::common::total_area(plan, &num);
    let a_den = super::common::total_area(plan, &den);
    let limits = bounds(min.map(ratio), max.map(ratio));
    let mut evidence: Vec<_> = num
        .iter()
        .take(MAX_EVIDENCE)
        .filter_map(|z| zone_outline(plan, *z, m2(plan.zones[*z].area)))
        .collect();
    evidence.extend(
        den.iter()
            .take(MAX_EVIDENCE)
            .filter_map(|z| zone_outline(plan, *z, m2(plan.zones[*z].area))),
    );
    let entities = ids(num
        .iter()
        .chain(den.iter())
        .map(|z| plan.zones[*z].id.as_str()));
    let (required, comparison) = match (min, max) {
        (Some(lo), _) if a_den > 0.0 && !at_least(a_num / a_den, lo) => {
            (Some(lo), Some(Comparison::AtLeast))
        }
        (_, Some(hi)) if a_den > 0.0 && !at_most(a_num / a_den, hi) => {
            (Some(hi), Some(Comparison::AtMost))
        }
        (Some(lo), _) => (Some(lo), Some(Comparison::AtLeast)),
        (None, Some(hi)) => (Some(hi), Some(Comparison::AtMost)),
        (None, None) => (None, None),
    };
    if a_den <= 0.0 || !a_den.is_finite() {
        return Outcome {
            passed: false,
            measured: None,
            required,
            comparison,
            unit: Unit::Ratio,
            entities,
            evidence,
            finding: text(
                format!("{}面积为 0，无法计算比例（要求 {}）", dname.zh, limits.zh),
                format!(
                    "{} has no area, so the ratio is undefined (required {})",
                    dname.en, limits.en
                ),
            ),
        };
    }
    let r = a_num / a_den;
    let passed = min.is_none_or(|lo| at_least(r, lo)) && max.is_none_or(|hi| at_most(r, hi));
    Outcome {
        passed,
        measured: Some(r),
        required,
        comparison,
        unit: Unit::Ratio,
        entities,
        evidence,
        finding: text(
            format!(
                "{} {} ÷ {} {} = {}，要求 {}",
                nname.zh,
                m2(a_num),
                dname.zh,
                m2(a_den),
                ratio(r),
                limits.zh
            ),
            format!(
                "{} {} ÷ {} {} = {}, required {}",
                nname.en,
                m2(a_num),
                dname.en,
                m2(a_den),
                ratio(r),
                limits.en
            ),
        ),
    }
}

// ---- parameter validation (called by `crate::validate`) ----

/// Parameter checks of `AreaRatio` for the rule-pack validator: the selectors and a
/// `[min, max]` range with at least one bound.
pub(crate) fn validate_params(
    p: &mut crate::validate::Params<'_, '_, '_>,
    numerator: &crate::model::ZoneSelector,
    denominator: &crate::model::ZoneSelector,
    min: Option<f64>,
    max: Option<f64>,
) {
    p.zones("numerator", numerator);
    p.zones("denominator", denominator);
    p.range(("min", min), ("max", max));
}
