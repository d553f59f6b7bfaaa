//! `no_direct_opening`: no door and no open (wall-less) boundary connects a zone of `a`
//! to a zone of `b`, on the plan's door graph ([`Plan::door_graph`]).
//!
//! Measured: the number of such connections (required 0). An empty `a` or `b` passes:
//! there is nothing to keep apart.

use super::common::{Groups, MAX_EVIDENCE, ids, p3, text, zone_outline, zones_name};
use crate::model::ZoneSelector;
use crate::plan::{Plan, Via};
use crate::report::{Comparison, Evidence, Outcome, Unit};

pub fn evaluate(plan: &Plan, groups: &Groups, a: &ZoneSelector, b: &ZoneSelector) -> Outcome {
    connections(plan, groups, a, b, false)
}

/// The connections between zones of `a` and zones of `b`: every door and open boundary,
/// or with `open_only` only the open (wall-less) boundaries (for `zones_separated`,
/// which allows doors). The finding is worded for the check in question.
pub(crate) fn connections(
    plan: &Plan,
    groups: &Groups,
    a: &ZoneSelector,
    b: &ZoneSelector,
    open_only: bool,
) -> Outcome {
    let za = plan.resolve_zones(a, groups);
    let zb = plan.resolve_zones(b, groups);
    let (aname, bname) = (zones_name(plan, a, groups), zones_name(plan, b, groups));
    let graph = plan.door_graph();
    let hits: Vec<&crate::plan::Connection> = graph
        .connections
        .iter()
        .filter(|c| {
            c.a != c.b
                && (!open_only || matches!(c.via, Via::Open { .. }))
                && ((za.contains(&c.a) && zb.contains(&c.b))
                    || (zb.contains(&c.a) && za.contains(&c.b)))
        })
        .collect();
    let mut evidence = Vec::new();
    let mut names = Vec::new();
    let mut ents: Vec<&str> = Vec::new();
    for c in &hits {
        let (zx, zy) = (&plan.zones[c.a], &plan.zones[c.b]);
        ents.extend([zx.id.as_str(), zy.id.as_str()]);
        match &c.via {
            Via::Door(d) => {
                let d = &plan.doors[*d];
                ents.push(d.id.as_str());
                names.push(format!("{} ({} ↔ {})", d.id, zx.id, zy.id));
                if evidence.len() < MAX_EVIDENCE {
                    evidence.push(Evidence::Segment {
                        from: p3(d.a, 0.0),
                        to: p3(d.b, 0.0),
                        label: d.id.clone(),
                    });
                    evidence.push(Evidence::Point {
                        at: p3(d.center, d.height / 2.0),
                        label: d.id.clone(),
                    });
                }
            }
            Via::Open { from, to } => {
                names.push(format!("{} ↔ {}", zx.id, zy.id));
                if evidence.len() < MAX_EVIDENCE {
                    evidence.push(Evidence::Segment {
                        from: p3(*from, 0.0),
                        to: p3(*to, 0.0),
                        label: "⟷".into(),
                    });
                }
            }
        }
    }
    // On a pass, show the zones kept apart; on a failure, the zones that connect.
    let mut involved: Vec<usize> = if hits.is_empty() {
        za.iter().chain(&zb).copied().collect()
    } else {
        hits.iter().flat_map(|c| [c.a, c.b]).collect()
    };
    involved.sort_unstable();
    involved.dedup();
    evidence.extend(
        involved
            .iter()
            .take(MAX_EVIDENCE)
            .filter_map(|z| zone_outline(plan, *z, plan.zones[*z].id.clone())),
    );
    let passed = hits.is_empty();
    let list = super::common::join_ids(&names);
    let finding = if open_only {
        if passed {
            text(
                format!("{}与{}之间都有墙或隔断分开（可以开门）", aname.zh, bname.zh),
                format!(
                    "A wall or partition runs along every shared edge of {} and {} (doors allowed)",
                    aname.en, bname.en
                ),
            )
        } else {
            text(
                format!(
                    "{}与{}之间有 {} 处没有墙或隔断的开放边界：{}",
                    aname.zh,
                    bname.zh,
                    hits.len(),
                    list
                ),
                format!(
                    "{} open boundary(ies) without a wall or partition between {} and {}: {}",
                    hits.len(),
                    aname.en,
                    bname.en,
                    list
                ),
            )
        }
    } else if passed {
        text(
            format!("{}与{}之间没有直接相通的门或无墙开口", aname.zh, bname.zh),
            format!(
                "No door or open boundary joins {} and {}",
                aname.en, bname.en
            ),
        )
    } else {
        text(
            format!(
                "{}与{}之间有 {} 处直接相通：{}",
                aname.zh,
                bname.zh,
                hits.len(),
                list
            ),
            format!(
                "{} direct connection(s) between {} and {}: {}",
                hits.len(),
                aname.en,
                bname.en,
                list
            ),
        )
    };
    Outcome {
        passed,
        measured: Some(hits.len() as f64),
        required: Some(0.0),
        comparison: Some(Comparison::AtMost),
        unit: Unit::Count,
        entities: ids(ents),
        evidence,
        finding,
    }
}

// ---- parameter validation (called by `crate::validate`) ----

/// Parameter checks of `NoDirectOpening` for the rule-pack validator: both selectors.
pub(crate) fn validate_params(
    p: &mut crate::validate::Params<'_, '_, '_>,
    a: &crate::model::ZoneSelector,
    b: &crate::model::ZoneSelector,
) {
    p.zones("a", a);
    p.zones("b", b);
}
