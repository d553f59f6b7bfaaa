//! The compliance-rule engine: rule packs evaluated on a [`Plan`].
//!
//! [`evaluate`] gives one [`RuleResult`] per rule, in pack then rule order. A rule whose
//! `applies_when` is false is [`Status::NotApplicable`]; otherwise its [`Check`] runs
//! through [`evaluate_check`], which dispatches to one module per check kind. Each
//! module's `evaluate` is a pure function of the plan and the check's parameters and
//! returns an [`Outcome`]: pass/fail, the measured value against the required one, the
//! entities involved (on failure the offending ones), evidence geometry for the renderer
//! and a bilingual finding.
//!
//! Empty selections: a check whose rule implies that something exists (a hood for a
//! stove, a basin in a zone, an extinguisher at a mounting height) fails with a finding
//! saying so. Checks that only forbid something (no direct opening, doors not facing,
//! keep-away distances) pass when there is nothing to forbid. Each module documents its
//! choice.
//!
//! Grids are built once per cell size per plan ([`Plan::grid`]), so all grid rules of
//! one evaluation share the rasterisation and the distance transform. The grid rules
//! (`clear_width`, `walking_distance_max`) dominate the cost: on a 48 m² eatery at the
//! default 5 cm cell each takes 0.1–0.3 ms, the rest of a 25-rule pack about 0.1 ms in
//! all. Walking distances gain little from 5 cm cells (the 8-neighbour metric is up to
//! 8 % long anyway); packs may give those rules `cell_m: 0.1`.

pub mod area_ratio;
pub mod attribute_required;
pub mod clear_height_min;
pub mod clear_width;
pub mod common;
pub mod count_per_area;
pub mod distance;
pub mod door_fitting;
pub mod door_not_facing;
pub mod fixture_in_zone;
pub mod footprint_coverage;
pub mod mounting_height_band;
pub mod no_direct_opening;
pub mod places;
pub mod staff_side;
pub mod walking_distance_max;
pub mod zone_area_min;
pub mod zone_sequence;
pub mod zones_separated;

pub use common::Groups;

use crate::geometry::OccupancyGrid;
use crate::model::{Catalogue, Check, Condition, Rule, RulePack, Text, Value, Venue};
use crate::plan::{Plan, values_equal};
use crate::report::{Outcome, Report, RuleResult, Status, Unit, round_measured, round_to};
use std::collections::BTreeMap;

/// Evaluate every rule of every pack on the venue.
pub fn evaluate(venue: &Venue, catalogue: &Catalogue, packs: &[RulePack]) -> Report {
    let plan = Plan::new(venue, catalogue);
    evaluate_plan(&plan, &venue.flags, packs)
}

/// Evaluate every rule of every pack on an already resolved plan (the app keeps one).
pub fn evaluate_plan(plan: &Plan, flags: &BTreeMap<String, Value>, packs: &[RulePack]) -> Report {
    evaluate_plan_unless(plan, flags, packs, &|| false)
        .expect("an evaluation nobody stops finishes")
}

/// [`evaluate_plan`], given up (`None`) as soon as `stop` says so between two rules: an
/// editor abandons the check of a state the user has already left.
pub fn evaluate_plan_unless(
    plan: &Plan,
    flags: &BTreeMap<String, Value>,
    packs: &[RulePack],
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<Report> {
    let rules: Vec<(&RulePack, &Rule)> = packs
        .iter()
        .flat_map(|pack| pack.rules.iter().map(move |rule| (pack, rule)))
        .collect();
    Some(Report {
        venue: plan.venue_id.clone(),
        results: evaluate_rules(plan, flags, &rules, stop)?,
    })
}

/// Rules are independent given the plan: on a machine with several cores they are
/// shared out among threads (the grids they use are built once, see [`Plan::grid`]),
/// which on a large venue runs the slow grid rules side by side. Results keep the
/// packs' order. The browser build has no threads.
#[cfg(not(target_arch = "wasm32"))]
fn evaluate_rules(
    plan: &Plan,
    flags: &BTreeMap<String, Value>,
    rules: &[(&RulePack, &Rule)],
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<RuleResult>> {
    use crate::compact_sort::CompactSort;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(rules.len());
    if threads <= 1 {
        return evaluate_in_turn(plan, flags, rules, stop);
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, RuleResult)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        if stop() {
                            return None;
                        }
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some((pack, rule)) = rules.get(i) else {
                            return Some(mine);
                        };
                        mine.push((i, evaluate_rule(plan, flags, pack, rule)));
                    }
                })
            })
            .collect();
        let mut all = Vec::new();
        let mut stopped = false;
        for worker in workers {
            // A panicking rule panics the caller, as it would on one thread.
            match worker
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e))
            {
                Some(mine) => all.extend(mine),
                None => stopped = true,
            }
        }
        (!stopped).then_some(all)
    })?;
    done.sort_compact_by_key(|(i, _)| *i);
    Some(done.into_iter().map(|(_, r)| r).collect())
}

#[cfg(target_arch = "wasm32")]
fn evaluate_rules(
    plan: &Plan,
    flags: &BTreeMap<String, Value>,
    rules: &[(&RulePack, &Rule)],
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<RuleResult>> {
    evaluate_in_turn(plan, flags, rules, stop)
}

/// The rules one after the other, on this thread.
fn evaluate_in_turn(
    plan: &Plan,
    flags: &BTreeMap<String, Value>,
    rules: &[(&RulePack, &Rule)],
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<RuleResult>> {
    rules
        .iter()
        .map(|(pack, rule)| (!stop()).then(|| evaluate_rule(plan, flags, pack, rule)))
        .collect()
}

/// One rule's result: its check evaluated, or not applicable by its condition.
fn evaluate_rule(
    plan: &Plan,
    flags: &BTreeMap<String, Value>,
    pack: &RulePack,
    rule: &Rule,
) -> RuleResult {
    {
        {
            let applies = rule
                .applies_when
                .as_ref()
                .is_none_or(|c| eval_condition(c, flags));
            let outcome = if applies {
                evaluate_check(plan, &rule.check, &pack.zone_groups)
            } else {
                Outcome {
                    passed: true,
                    measured: None,
                    required: None,
                    comparison: None,
                    unit: check_unit(&rule.check),
                    entities: Vec::new(),
                    evidence: Vec::new(),
                    finding: common::text(
                        "本场所不适用（适用条件不满足）",
                        "Does not apply to this venue (its condition is not met)",
                    ),
                }
            };
            let grid = applies.then(|| grid_cells(plan, &rule.check)).flatten();
            RuleResult {
                id: rule.id.clone(),
                kind: rule.check.kind_name(),
                level: rule.level,
                category: rule.category.clone(),
                status: if !applies {
                    Status::NotApplicable
                } else if outcome.passed {
                    Status::Pass
                } else {
                    Status::Fail
                },
                // Exact values were compared; the report carries them rounded.
                measured: outcome.measured.map(|v| round_measured(outcome.unit, v)),
                required: outcome.required,
                comparison: outcome.comparison,
                unit: outcome.unit,
                entities: outcome.entities,
                evidence: outcome.evidence.iter().map(|e| e.rounded()).collect(),
                title: rule.title.clone(),
                finding: outcome.finding,
                source: rule.source.clone(),
                effective: rule.effective.clone(),
                cell_m: grid.map(|(_, used)| round_to(used, CELL_REPORT_M)),
                warnings: grid
                    .and_then(|(asked, used)| coarsened_warning(asked, used))
                    .into_iter()
                    .collect(),
            }
        }
    }
}

/// Reported grid cell sizes are rounded to this (a micrometre: 0.078125 m stays exact).
const CELL_REPORT_M: f64 = 1e-6;

/// For a grid check, the cell size it asked for and the one its grid uses
/// ([`OccupancyGrid::effective_cell`]: coarser on a very large plan).
pub fn grid_cells(plan: &Plan, check: &Check) -> Option<(f64, f64)> {
    match check {
        Check::ClearWidth { cell_m, .. }
        | Check::WalkingDistanceMax { cell_m, .. }
        | Check::StaffSide { cell_m, .. } => {
            Some((*cell_m, OccupancyGrid::effective_cell(plan, *cell_m)))
        }
        _ => None,
    }
}

/// The warning for a grid coarser than asked, `None` when it is not.
pub fn coarsened_warning(asked: f64, used: f64) -> Option<Text> {
    let asked_ok = asked.is_finite() && asked > 0.0;
    let asked = if asked_ok {
        asked.max(crate::geometry::grid::MIN_CELL_M)
    } else {
        crate::geometry::DEFAULT_CELL_M
    };
    (used > asked * (1.0 + 1e-9)).then(|| {
        let (a, u) = (asked * 100.0, used * 100.0);
        common::text(
            format!(
                "平面太大，网格由 {a:.1} 厘米放宽到 {u:.1} 厘米：宽度可能少报、步行距离可能多报，最多约一个网格（{u:.1} 厘米）"
            ),
            format!(
                "The plan is too large for {a:.1} cm grid cells; {u:.1} cm cells were used, so widths may read short and walking distances long by up to about one cell ({u:.1} cm)"
            ),
        )
    })
}

/// Whether a condition holds for the venue's flags. A leaf condition on a missing flag
/// is false (so `Not(Flag("x"))` is true when `x` is missing); `All([])` is true and
/// `Any([])` false.
pub fn eval_condition(cond: &Condition, flags: &BTreeMap<String, Value>) -> bool {
    match cond {
        Condition::Flag(k) => flags.get(k).is_some_and(Value::is_truthy),
        Condition::Equals(k, v) => flags.get(k).is_some_and(|f| values_equal(f, v)),
        Condition::AtLeast(k, x) => flags
            .get(k)
            .and_then(Value::as_f64)
            .is_some_and(|n| n >= *x),
        Condition::AtMost(k, x) => flags
            .get(k)
            .and_then(Value::as_f64)
            .is_some_and(|n| n <= *x),
        Condition::Not(c) => !eval_condition(c, flags),
        Condition::All(cs) => cs.iter().all(|c| eval_condition(c, flags)),
        Condition::Any(cs) => cs.iter().any(|c| eval_condition(c, flags)),
    }
}

/// The unit a check reports in.
pub fn check_unit(check: &Check) -> Unit {
    match check {
        Check::FixtureInZone { .. }
        | Check::NoDirectOpening { .. }
        | Check::DoorNotFacing { .. }
        | Check::CountPerArea { .. }
        | Check::AttributeRequired { .. }
        | Check::ZonesSeparated { .. } => Unit::Count,
        Check::ZoneAreaMin { .. } => Unit::SquareMetre,
        Check::AreaRatio { .. } => Unit::Ratio,
        Check::ClearHeightMin { .. }
        | Check::Distance { .. }
        | Check::FootprintCoverage { .. }
        | Check::DoorFitting { .. }
        | Check::MountingHeightBand { .. }
        | Check::ClearWidth { .. }
        | Check::WalkingDistanceMax { .. }
        | Check::StaffSide { .. } => Unit::Metre,
        Check::ZoneSequence { .. } => Unit::Bool,
    }
}

/// Run one check on the plan; `groups` are the rule pack's zone groups.
pub fn evaluate_check(plan: &Plan, check: &Check, groups: &Groups) -> Outcome {
    let mut outcome = run_check(plan, check, groups);
    // A coarsened grid is said in the finding too, where every reader sees it.
    if let Some(w) = grid_cells(plan, check).and_then(|(a, u)| coarsened_warning(a, u)) {
        outcome.finding.zh = format!("{}（{}）", outcome.finding.zh, w.zh);
        outcome.finding.en = format!("{} ({})", outcome.finding.en, w.en);
    }
    // Findings may start with a selection's name ("all zones…"): capitalise English.
    let mut chars = outcome.finding.en.chars();
    if let Some(first) = chars.next()
        && first.is_lowercase()
    {
        outcome.finding.en = first.to_uppercase().chain(chars).collect();
    }
    outcome
}

fn run_check(plan: &Plan, check: &Check, groups: &Groups) -> Outcome {
    match check {
        Check::FixtureInZone {
            fixtures,
            zones,
            min_count,
            max_count,
            per_zone,
        } => fixture_in_zone::evaluate(
            plan, groups, fixtures, zones, *min_count, *max_count, *per_zone,
        ),
        Check::ZoneAreaMin {
            zones,
            min_m2,
            per_zone,
        } => zone_area_min::evaluate(plan, groups, zones, *min_m2, *per_zone),
        Check::AreaRatio {
            numerator,
            denominator,
            min,
            max,
        } => area_ratio::evaluate(plan, groups, numerator, denominator, *min, *max),
        Check::ClearHeightMin { zones, min_m } => {
            clear_height_min::evaluate(plan, groups, zones, *min_m)
        }
        Check::Distance {
            from,
            to,
            min_m,
            max_m,
        } => distance::evaluate(plan, groups, from, to, *min_m, *max_m),
        Check::FootprintCoverage {
            cover,
            covered,
            margin_m,
        } => footprint_coverage::evaluate(plan, cover, covered, *margin_m),
        Check::DoorFitting {
            doors,
            fitting,
            min_height_m,
            max_distance_m,
            min_width_ratio,
        } => door_fitting::evaluate(
            plan,
            groups,
            doors,
            fitting,
            *min_height_m,
            *max_distance_m,
            *min_width_ratio,
        ),
        Check::NoDirectOpening { a, b } => no_direct_opening::evaluate(plan, groups, a, b),
        Check::DoorNotFacing {
            doors,
            zones,
            depth_m,
        } => door_not_facing::evaluate(plan, groups, doors, zones, *depth_m),
        Check::MountingHeightBand {
            fixtures,
            bottom_min_m,
            top_max_m,
        } => mounting_height_band::evaluate(plan, fixtures, *bottom_min_m, *top_max_m),
        Check::CountPerArea {
            fixtures,
            zones,
            area_per_unit_m2,
            count_per_unit,
            min_count,
        } => count_per_area::evaluate(
            plan,
            groups,
            fixtures,
            zones,
            *area_per_unit_m2,
            *count_per_unit,
            *min_count,
        ),
        Check::AttributeRequired {
            target,
            attribute,
            equals,
            min,
            max,
        } => attribute_required::evaluate(
            plan,
            groups,
            target,
            attribute,
            equals.as_ref(),
            *min,
            *max,
        ),
        Check::ClearWidth {
            from,
            to,
            min_width_m,
            cell_m,
        } => clear_width::evaluate(plan, groups, from, to, *min_width_m, *cell_m),
        Check::WalkingDistanceMax {
            zones,
            to,
            max_m,
            cell_m,
        } => walking_distance_max::evaluate(plan, groups, zones, to, *max_m, *cell_m),
        Check::ZoneSequence { steps } => zone_sequence::evaluate(plan, groups, steps),
        Check::ZonesSeparated { a, b } => zones_separated::evaluate(plan, groups, a, b),
        Check::StaffSide {
            fixtures,
            min_distance_m,
            entrances,
            cell_m,
        } => staff_side::evaluate(plan, groups, fixtures, *min_distance_m, entrances, *cell_m),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags() -> BTreeMap<String, Value> {
        let mut f = BTreeMap::new();
        f.insert("cold".to_string(), Value::Bool(true));
        f.insert("seats".to_string(), Value::Number(16.0));
        f.insert("gas".to_string(), Value::Text("none".into()));
        f
    }

    #[test]
    fn conditions() {
        let f = flags();
        let flag = |s: &str| Condition::Flag(s.into());
        assert!(eval_condition(&flag("cold"), &f));
        assert!(!eval_condition(&flag("gas"), &f), "\"none\" is falsy");
        assert!(!eval_condition(&flag("missing"), &f));
        assert!(eval_condition(
            &Condition::Not(Box::new(flag("missing"))),
            &f
        ));
        assert!(eval_condition(
            &Condition::AtLeast("seats".into(), 16.0),
            &f
        ));
        assert!(!eval_condition(
            &Condition::AtLeast("missing".into(), 0.0),
            &f
        ));
        assert!(!eval_condition(
            &Condition::AtMost("seats".into(), 15.0),
            &f
        ));
        assert!(eval_condition(
            &Condition::Equals("seats".into(), Value::Number(16.0)),
            &f
        ));
        assert!(eval_condition(
            &Condition::Equals("gas".into(), Value::Text("none".into())),
            &f
        ));
        assert!(!eval_condition(
            &Condition::Equals("x".into(), Value::Bool(false)),
            &f
        ));
        assert!(eval_condition(&Condition::All(vec![]), &f));
        assert!(!eval_condition(&Condition::Any(vec![]), &f));
        assert!(eval_condition(
            &Condition::Any(vec![flag("missing"), flag("cold")]),
            &f
        ));
        assert!(!eval_condition(
            &Condition::All(vec![flag("missing"), flag("cold")]),
            &f
        ));
    }
}
