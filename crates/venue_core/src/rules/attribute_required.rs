//! `attribute_required`: every target has the attribute; with `equals` it must equal it
//! (numbers to a millionth), with `min` / `max` it must be a number at least `min` / at
//! most `max` (a fridge set to 2–8 °C: `min: Some(2.0)` on its lowest setting,
//! `max: Some(8.0)` on its highest); with none of them it must be truthy (`lid: false`
//! does not count as having a lid).
//!
//! Measured: how many targets satisfy it; required: how many targets there are.
//!
//! Zero targets **pass**: this check constrains each target that exists, and whether a
//! target must exist is a different rule (`fixture_in_zone`, `count_per_area`). A venue
//! with no exterior window needs no fly screen. The finding says that nothing was
//! checked, and measured = required = 0.

use super::common::{
    Groups, MAX_EVIDENCE, at_least, at_most, doors_name, fixtures_name, ids, join_ids, p3, text,
    zones_name,
};
use crate::geometry::interior_point;
use crate::model::{AttributeTarget, Attributes, P3, Text, Value};
use crate::plan::{Plan, values_equal};
use crate::report::{Comparison, Evidence, Outcome, Unit};

/// Whether `attrs` satisfy the requirement.
pub fn satisfies(
    attrs: &Attributes,
    attribute: &str,
    equals: Option<&Value>,
    min: Option<f64>,
    max: Option<f64>,
) -> bool {
    let Some(v) = attrs.get(attribute) else {
        return false;
    };
    if equals.is_none() && min.is_none() && max.is_none() {
        return v.is_truthy();
    }
    equals.is_none_or(|e| values_equal(v, e))
        && min.is_none_or(|lo| v.as_f64().is_some_and(|n| at_least(n, lo)))
        && max.is_none_or(|hi| v.as_f64().is_some_and(|n| at_most(n, hi)))
}

/// `(id, attributes, where to mark it)` of every target, in plan order.
fn targets<'a>(
    plan: &'a Plan,
    groups: &Groups,
    target: &AttributeTarget,
) -> Vec<(&'a str, &'a Attributes, P3)> {
    match target {
        AttributeTarget::Fixtures(sel) => plan
            .resolve_fixtures(sel)
            .into_iter()
            .map(|i| {
                let f = &plan.fixtures[i];
                (f.id.as_str(), &f.attributes, p3(f.center, f.top))
            })
            .collect(),
        AttributeTarget::Doors(sel) => plan
            .resolve_doors(sel, groups)
            .into_iter()
            .map(|i| {
                let d = &plan.doors[i];
                (d.id.as_str(), &d.attributes, p3(d.center, d.height / 2.0))
            })
            .collect(),
        AttributeTarget::Windows { exterior_only } => plan
            .windows
            .iter()
            .filter(|w| !exterior_only || w.exterior)
            .map(|w| {
                (
                    w.id.as_str(),
                    &w.attributes,
                    p3(w.center, w.sill + w.height / 2.0),
                )
            })
            .collect(),
        AttributeTarget::Zones(sel) => plan
            .resolve_zones(sel, groups)
            .into_iter()
            .map(|i| {
                let z = &plan.zones[i];
                (
                    z.id.as_str(),
                    &z.attributes,
                    p3(interior_point(&z.polygon), 0.0),
                )
            })
            .collect(),
    }
}

fn target_name(plan: &Plan, groups: &Groups, target: &AttributeTarget) -> Text {
    match target {
        AttributeTarget::Fixtures(sel) => fixtures_name(plan, sel),
        AttributeTarget::Doors(sel) => doors_name(plan, sel, groups),
        AttributeTarget::Windows {
            exterior_only: true,
        } => text("外窗", "exterior windows"),
        AttributeTarget::Windows {
            exterior_only: false,
        } => text("窗", "windows"),
        AttributeTarget::Zones(sel) => zones_name(plan, sel, groups),
    }
}

pub fn evaluate(
    plan: &Plan,
    groups: &Groups,
    target: &AttributeTarget,
    attribute: &str,
    equals: Option<&Value>,
    min: Option<f64>,
    max: Option<f64>,
) -> Outcome {
    let ts = targets(plan, groups, target);
    let tname = target_name(plan, groups, target);
    let mut parts: Vec<String> = Vec::new();
    if let Some(e) = equals {
        parts.push(format!("= {e}"));
    }
    if let Some(lo) = min {
        parts.push(format!("≥ {lo}"));
    }
    if let Some(hi) = max {
        parts.push(format!("≤ {hi}"));
    }
    let want = if parts.is_empty() {
        attribute.to_string()
    } else {
        format!("{attribute} {}", parts.join(", "))
    };
    let ok: Vec<bool> = ts
        .iter()
        .map(|t| satisfies(t.1, attribute, equals, min, max))
        .collect();
    let good = ok.iter().filter(|b| **b).count();
    let total = ts.len();
    let passed = good == total;
    let bad: Vec<String> = ts
        .iter()
        .zip(&ok)
        .filter(|(_, ok)| !**ok)
        .map(|(t, _)| t.0.to_string())
        .collect();
    let evidence = ts
        .iter()
        .zip(&ok)
        .filter(|(_, ok)| passed || !**ok)
        .take(MAX_EVIDENCE)
        .map(|(t, _)| {
            let shown =
                t.1.get(attribute)
                    .map_or_else(|| "—".to_string(), |v| v.to_string());
            Evidence::Point {
                at: t.2,
                label: format!("{}: {attribute} = {shown}", t.0),
            }
        })
        .collect();
    let entities = if passed {
        ids(ts.iter().map(|t| t.0))
    } else {
        ids(bad.iter().map(String::as_str))
    };
    let finding = if total == 0 {
        text(
            format!("平面图中没有{}，无需检查“{want}”", tname.zh),
            format!(
                "The plan has no {}; nothing to check for \"{want}\"",
                tname.en
            ),
        )
    } else if passed {
        text(
            format!("全部 {total} 个{}都满足“{want}”", tname.zh),
            format!("All {total} {} have \"{want}\"", tname.en),
        )
    } else {
        text(
            format!(
                "{total} 个{}中有 {} 个缺少或不满足“{want}”：{}",
                tname.zh,
                bad.len(),
                join_ids(&bad)
            ),
            format!(
                "{} of {total} {} lack \"{want}\": {}",
                bad.len(),
                tname.en,
                join_ids(&bad)
            ),
        )
    };
    Outcome {
        passed,
        measured: Some(good as f64),
        required: Some(total as f64),
        comparison: Some(Comparison::AtLeast),
        unit: Unit::Count,
        entities,
        evidence,
        finding,
    }
}

// ---- parameter validation (called by `crate::validate`) ----

/// Parameter checks of `AttributeRequired` for the rule-pack validator: the target's
/// selector, a non-empty attribute name, a finite `min` and `max` that do not cross.
pub(crate) fn validate_params(
    p: &mut crate::validate::Params<'_, '_, '_>,
    target: &crate::model::AttributeTarget,
    attribute: &str,
    min: Option<f64>,
    max: Option<f64>,
) {
    match target {
        crate::model::AttributeTarget::Fixtures(s) => p.fixtures("target", s),
        crate::model::AttributeTarget::Doors(s) => p.doors("target", s),
        crate::model::AttributeTarget::Zones(s) => p.zones("target", s),
        crate::model::AttributeTarget::Windows { .. } => {}
    }
    if attribute.trim().is_empty() {
        let message = format!("{} names an empty attribute", p.what());
        p.error("attribute", message);
    }
    if let Some(min) = min
        && !min.is_finite()
    {
        let message = format!("`min` of {} is not a finite number", p.what());
        p.error("min", message);
    }
    if let Some(max) = max
        && !max.is_finite()
    {
        let message = format!("`max` of {} is not a finite number", p.what());
        p.error("max", message);
    }
    if let (Some(lo), Some(hi)) = (min, max)
        && lo.is_finite()
        && hi.is_finite()
        && lo > hi
    {
        let message = format!(
            "`max` {hi} is below `min` {lo} in {}: nothing can pass",
            p.what()
        );
        p.error("max", message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn satisfaction_rules() {
        let mut a = Attributes::new();
        a.insert("lid".into(), Value::Bool(false));
        a.insert("volume".into(), Value::Number(16.0));
        a.insert("tap".into(), Value::Text("sensor".into()));
        assert!(
            !satisfies(&a, "lid", None, None, None),
            "false is not having a lid"
        );
        assert!(satisfies(&a, "lid", Some(&Value::Bool(false)), None, None));
        assert!(satisfies(&a, "volume", None, Some(16.0), None));
        assert!(!satisfies(&a, "volume", None, Some(16.5), None));
        assert!(satisfies(
            &a,
            "volume",
            Some(&Value::Number(16.0)),
            None,
            None
        ));
        assert!(!satisfies(&a, "tap", None, Some(1.0), None));
        assert!(satisfies(
            &a,
            "tap",
            Some(&Value::Text("sensor".into())),
            None,
            None
        ));
        assert!(!satisfies(&a, "missing", None, None, None));
        assert!(satisfies(&a, "volume", None, None, Some(16.0)));
        assert!(!satisfies(&a, "volume", None, None, Some(15.5)));
        assert!(satisfies(&a, "volume", None, Some(10.0), Some(20.0)));
        assert!(!satisfies(&a, "tap", None, None, Some(1.0)));
    }
}
