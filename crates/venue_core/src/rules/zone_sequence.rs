//! `zone_sequence`: goods can move through the zones in the order of `steps` along the
//! door graph ([`Plan::door_graph`]: doors and open boundaries) without passing back
//! through an earlier step (raw in → cooked out).
//!
//! Search: layered breadth-first. Layer 0 is every zone of step 0; from the zones reached
//! for step `k`, a breadth-first search finds the zones of step `k + 1` reachable without
//! entering a zone that belongs only to steps before `k`. Zones of no step (corridors)
//! may be crossed; the outside may not (goods leaving the building and coming back in do
//! not count as a flow). Because the forbidden set depends only on `k`, the layered
//! search is exact.
//!
//! Measured: 1 when the sequence exists, else 0 (required 1). An empty step (matching no
//! zone) fails; no steps at all passes.

use super::common::{Groups, MAX_EVIDENCE, ids, join, p3, text, zone_outline, zones_name};
use crate::geometry::interior_point;
use crate::model::{P2, ZoneSelector};
use crate::plan::Plan;
use crate::report::{Comparison, Evidence, Outcome, Unit};
use std::collections::VecDeque;

const NONE: usize = usize::MAX;

/// One BFS layer: for every node, where it was reached from (`(previous node,
/// connection)`), `None` for the layer's starting zones.
type Parents = Vec<Option<(usize, usize)>>;

pub fn evaluate(plan: &Plan, groups: &Groups, steps: &[ZoneSelector]) -> Outcome {
    let sets: Vec<Vec<usize>> = steps
        .iter()
        .map(|s| plan.resolve_zones(s, groups))
        .collect();
    let names: Vec<_> = steps.iter().map(|s| zones_name(plan, s, groups)).collect();
    let outcome = |passed: bool, entities: Vec<String>, evidence: Vec<Evidence>, finding| Outcome {
        passed,
        measured: Some(if passed { 1.0 } else { 0.0 }),
        required: Some(1.0),
        comparison: Some(Comparison::Equal),
        unit: Unit::Bool,
        entities,
        evidence,
        finding,
    };
    if steps.is_empty() {
        return outcome(
            true,
            Vec::new(),
            Vec::new(),
            text("没有需要检查的流程步骤", "No steps to check"),
        );
    }
    if let Some(k) = sets.iter().position(Vec::is_empty) {
        return outcome(
            false,
            Vec::new(),
            Vec::new(),
            text(
                format!("第 {} 步（{}）在平面图中没有对应区域", k + 1, names[k].zh),
                format!(
                    "Step {} ({}) matches no zone in the plan",
                    k + 1,
                    names[k].en
                ),
            ),
        );
    }
    let graph = plan.door_graph();
    let n = graph.node_count();
    let outside = graph.outside();
    let mut adj: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    for (i, c) in graph.connections.iter().enumerate() {
        if c.a < n && c.b < n {
            adj[c.a].push((c.b, i));
            adj[c.b].push((c.a, i));
        }
    }
    // step_of[z] = steps containing zone z.
    let in_step = |z: usize, k: usize| sets[k].contains(&z);

    let mut layers: Vec<Parents> = Vec::new();
    let mut reached: Vec<usize> = sets[0].clone();
    for k in 0..sets.len() - 1 {
        let forbidden = |z: usize| {
            z == outside
                || ((0..k).any(|j| in_step(z, j)) && !(k..sets.len()).any(|j| in_step(z, j)))
        };
        let mut parent: Parents = vec![None; n];
        let mut seen = vec![false; n];
        let mut queue: VecDeque<usize> = VecDeque::new();
        for &z in &reached {
            seen[z] = true;
            queue.push_back(z);
        }
        while let Some(v) = queue.pop_front() {
            for &(w, c) in &adj[v] {
                if !seen[w] && !forbidden(w) {
                    seen[w] = true;
                    parent[w] = Some((v, c));
                    queue.push_back(w);
                }
            }
        }
        let next: Vec<usize> = sets[k + 1].iter().copied().filter(|z| seen[*z]).collect();
        layers.push(parent);
        if next.is_empty() {
            let mut evidence: Vec<Evidence> = reached
                .iter()
                .take(MAX_EVIDENCE)
                .filter_map(|z| zone_outline(plan, *z, format!("{}", k + 1)))
                .collect();
            evidence.extend(
                sets[k + 1]
                    .iter()
                    .take(MAX_EVIDENCE)
                    .filter_map(|z| zone_outline(plan, *z, format!("{}", k + 2))),
            );
            let ents = ids(reached
                .iter()
                .chain(&sets[k + 1])
                .map(|z| plan.zones[*z].id.as_str()));
            return outcome(
                false,
                ents,
                evidence,
                text(
                    format!(
                        "无法从第 {} 步（{}）不经过前面的步骤到达第 {} 步（{}）",
                        k + 1,
                        names[k].zh,
                        k + 2,
                        names[k + 1].zh
                    ),
                    format!(
                        "Cannot get from step {} ({}) to step {} ({}) without passing back through an earlier step",
                        k + 1,
                        names[k].en,
                        k + 2,
                        names[k + 1].en
                    ),
                ),
            );
        }
        reached = next;
    }

    // Walk back from the first zone of the last step through the layers.
    let mut nodes: Vec<usize> = vec![reached[0]];
    let mut conns: Vec<usize> = Vec::new();
    let mut cur = reached[0];
    for parent in layers.iter().rev() {
        let mut guard = 0;
        while let Some((prev, c)) = parent[cur] {
            conns.push(c);
            nodes.push(prev);
            cur = prev;
            guard += 1;
            if guard > n {
                cur = NONE;
                break;
            }
        }
        if cur == NONE {
            break;
        }
    }
    nodes.reverse();
    conns.reverse();
    let mut pts: Vec<P2> = Vec::new();
    for (i, z) in nodes.iter().enumerate() {
        if let Some(zone) = plan.zones.get(*z) {
            pts.push(interior_point(&zone.polygon));
        }
        if let Some(c) = conns.get(i).and_then(|c| graph.connections.get(*c)) {
            pts.push(c.point(plan));
        }
    }
    pts.dedup();
    let zone_ids: Vec<&str> = nodes
        .iter()
        .filter_map(|z| plan.zones.get(*z))
        .map(|z| z.id.as_str())
        .collect();
    let mut evidence = vec![Evidence::Polyline {
        points: pts.iter().map(|p| p3(*p, 0.0)).collect(),
        label: zone_ids.join(" → "),
    }];
    for (k, set) in sets.iter().enumerate() {
        if let Some(z) = set.iter().find(|z| nodes.contains(z)) {
            evidence.extend(zone_outline(plan, *z, format!("{}", k + 1)));
        }
    }
    let route_names: Vec<_> = nodes
        .iter()
        .filter_map(|z| plan.zones.get(*z))
        .map(|z| z.name.clone())
        .collect();
    let zh: Vec<&str> = route_names.iter().map(|t| t.zh.as_str()).collect();
    let en: Vec<&str> = route_names.iter().map(|t| t.en.as_str()).collect();
    let steps_text = join(&names);
    let mut entities = ids(zone_ids.iter().copied());
    for c in conns.iter().filter_map(|c| graph.connections.get(*c)) {
        if let crate::plan::Via::Door(d) = c.via {
            entities.push(plan.doors[d].id.clone());
        }
    }
    entities.sort();
    entities.dedup();
    outcome(
        true,
        entities,
        evidence,
        text(
            format!("可按顺序流转（{}）：{}", steps_text.zh, zh.join(" → ")),
            format!(
                "Goods can flow in order ({}): {}",
                steps_text.en,
                en.join(" → ")
            ),
        ),
    )
}

// ---- parameter validation (called by `crate::validate`) ----

/// Parameter checks of `ZoneSequence` for the rule-pack validator: at least two steps,
/// each a valid zone selector.
pub(crate) fn validate_params(
    p: &mut crate::validate::Params<'_, '_, '_>,
    steps: &[crate::model::ZoneSelector],
) {
    if steps.len() < 2 {
        let message = format!(
            "the zone sequence of {} has {} step(s); it needs at least 2",
            p.what(),
            steps.len()
        );
        p.error_hint_at(
            &p.path("steps"),
            message,
            "list the zones in the order goods move, e.g. `[Kinds([storage]), Kinds([cooking])]`"
                .to_owned(),
        );
    }
    for (i, step) in steps.iter().enumerate() {
        let path = p.path("steps").index(i);
        p.zones_at(&path, step);
    }
}
