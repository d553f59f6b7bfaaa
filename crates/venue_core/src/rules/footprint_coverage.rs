//! `footprint_coverage`: each `covered` fixture's footprint, grown by `margin_m` on every
//! side (a rectangle `2·margin` wider and deeper, same centre and rotation), lies inside
//! the footprints of the `cover` fixtures (a hood over a stove). Heights are not
//! compared; a fixture selected on both sides does not cover itself.
//!
//! Measured: the smallest overhang margin over the covered fixtures: the largest `m` for
//! which the footprint grown by `m` still lies inside the covers (negative when it is not
//! covered at all). For one convex cover this has a closed form (per cover edge, the
//! farthest corner of the grown rectangle along the edge normal); where several covers
//! together reach the covered footprint, their union (geo's boolean ops) is searched by
//! bisection to 0.1 mm.
//!
//! No covered fixture fails (the rule implies one exists), as does no cover at all.

use super::common::{
    MAX_EVIDENCE, at_least, fixtures_name, footprint, ids, m, nothing_selected, text,
};
use crate::compact_sort::CompactSort;
use crate::geometry::{
    BBox, EPS, dot, edges, length, overlap_area, polygon_contains_polygon, scale, signed_area, sub,
};
use crate::model::{FixtureSelector, P2};
use crate::plan::{PlacedFixture, Plan, fixture_footprint};
use crate::report::{Comparison, Evidence, Outcome, Unit};
use geo::{Coord, LineString, Polygon};

/// Bisection stops when the bracket is this narrow (0.1 mm).
const BISECT_TOLERANCE_M: f64 = 1e-4;

/// `s`'s footprint grown by `margin` on every side.
fn grown(s: &PlacedFixture, margin: f64) -> [P2; 4] {
    fixture_footprint(
        s.center,
        s.rotation_deg,
        s.size.0 + 2.0 * margin,
        s.size.1 + 2.0 * margin,
    )
}

/// Largest margin by which `s` can grow and stay inside the convex `cover`.
fn single_margin(cover: &[P2; 4], s: &PlacedFixture) -> f64 {
    let area = signed_area(cover);
    if area.abs() <= EPS {
        return f64::NEG_INFINITY;
    }
    let t = s.rotation_deg.to_radians();
    let (u, v) = ((t.cos(), -t.sin()), (t.sin(), t.cos()));
    let (hw, hd) = (s.size.0 / 2.0, s.size.1 / 2.0);
    let mut best = f64::INFINITY;
    for (a, b) in edges(cover) {
        let e = sub(b, a);
        let l = length(e);
        if l <= EPS {
            continue;
        }
        // Outward normal (the interior is on the left of a positively wound edge).
        let n = scale((e.1, -e.0), area.signum() / l);
        let (nu, nv) = (dot(n, u).abs(), dot(n, v).abs());
        best = best.min((dot(n, a) - dot(n, s.center) - hw * nu - hd * nv) / (nu + nv));
    }
    best
}

fn to_geo(poly: &[P2]) -> Polygon<f64> {
    Polygon::new(
        LineString::from(
            poly.iter()
                .map(|p| Coord { x: p.0, y: p.1 })
                .collect::<Vec<_>>(),
        ),
        vec![],
    )
}

fn ring_points(ls: &LineString<f64>) -> Vec<P2> {
    let mut v: Vec<P2> = ls.coords().map(|c| (c.x, c.y)).collect();
    if v.len() > 1 && v.first() == v.last() {
        v.pop();
    }
    v
}

/// Largest margin with the grown footprint inside the union of `covers`, at least `lo`.
fn union_margin(covers: &[&PlacedFixture], s: &PlacedFixture, lo: f64) -> f64 {
    let polys: Vec<Polygon<f64>> = covers.iter().map(|c| to_geo(&c.footprint)).collect();
    let union = geo::unary_union(&polys);
    let shapes: Vec<(Vec<P2>, Vec<Vec<P2>>)> = union
        .0
        .iter()
        .map(|p| {
            (
                ring_points(p.exterior()),
                p.interiors().iter().map(ring_points).collect(),
            )
        })
        .collect();
    let inside = |margin: f64| {
        let g = grown(s, margin);
        shapes.iter().any(|(ext, holes)| {
            polygon_contains_polygon(ext, &g) && holes.iter().all(|h| overlap_area(h, &g) <= EPS)
        })
    };
    let floor = -s.size.0.min(s.size.1) / 2.0;
    let mut a = lo.max(floor);
    if !inside(a) {
        return lo;
    }
    let extent = shapes
        .iter()
        .flat_map(|(e, _)| e.iter().copied())
        .collect::<Vec<_>>();
    let bb = BBox::of(&extent);
    let mut b = a + bb.width().max(bb.depth()) + 1.0;
    if inside(b) {
        return b;
    }
    while b - a > BISECT_TOLERANCE_M {
        let mid = (a + b) / 2.0;
        if inside(mid) {
            a = mid;
        } else {
            b = mid;
        }
    }
    a
}

pub fn evaluate(
    plan: &Plan,
    cover: &FixtureSelector,
    covered: &FixtureSelector,
    margin_m: f64,
) -> Outcome {
    let cov = plan.resolve_fixtures(cover);
    let sub_ = plan.resolve_fixtures(covered);
    let (cname, sname) = (fixtures_name(plan, cover), fixtures_name(plan, covered));
    if sub_.is_empty() {
        return nothing_selected(
            Unit::Metre,
            Some(margin_m),
            Some(Comparison::AtLeast),
            &sname,
        );
    }
    // Margins per covered fixture, with the covers that matter for it.
    let mut rows: Vec<(usize, f64, Vec<usize>)> = Vec::new();
    for &si in &sub_ {
        let s = &plan.fixtures[si];
        let others: Vec<usize> = cov.iter().copied().filter(|c| *c != si).collect();
        if others.is_empty() {
            continue;
        }
        let single = others
            .iter()
            .map(|c| (single_margin(&plan.fixtures[*c].footprint, s), *c))
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        let Some((best, best_cover)) = single else {
            continue;
        };
        let reach = BBox::of(&s.footprint).expand(margin_m.max(0.0) + EPS);
        let near: Vec<usize> = others
            .iter()
            .copied()
            .filter(|c| BBox::of(&plan.fixtures[*c].footprint).distance(&reach) <= 0.0)
            .collect();
        let margin = if near.len() >= 2 {
            let refs: Vec<&PlacedFixture> = near.iter().map(|c| &plan.fixtures[*c]).collect();
            union_margin(&refs, s, best)
        } else {
            best
        };
        let used = if near.is_empty() {
            vec![best_cover]
        } else {
            near
        };
        rows.push((si, margin, used));
    }
    if rows.is_empty() {
        return nothing_selected(
            Unit::Metre,
            Some(margin_m),
            Some(Comparison::AtLeast),
            &cname,
        );
    }
    rows.sort_compact_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    let (wi, worst, _) = &rows[0];
    let passed = at_least(*worst, margin_m);
    let ws = &plan.fixtures[*wi];

    let mut evidence = Vec::new();
    let mut drawn_covers: Vec<usize> = Vec::new();
    for (si, margin, used) in rows.iter().take(MAX_EVIDENCE) {
        let s = &plan.fixtures[*si];
        evidence.push(footprint(s, s.top, m(*margin)));
        let y = used
            .iter()
            .map(|c| plan.fixtures[*c].bottom)
            .fold(f64::INFINITY, f64::min);
        let y = if y.is_finite() { y } else { s.top };
        evidence.push(Evidence::Polygon {
            points: super::common::ring(&grown(s, margin_m), y),
            label: format!("≥ {}", m(margin_m)),
        });
        for c in used {
            if !drawn_covers.contains(c) {
                drawn_covers.push(*c);
                let f = &plan.fixtures[*c];
                evidence.push(footprint(f, f.bottom, f.id.clone()));
            }
        }
    }
    let entities = ids(rows
        .iter()
        .filter(|r| passed || !at_least(r.1, margin_m))
        .flat_map(|r| std::iter::once(r.0).chain(r.2.iter().copied()))
        .map(|i| plan.fixtures[i].id.as_str()));
    let finding = if *worst >= 0.0 {
        text(
            format!(
                "{}在{}（{}）四周最少外伸 {}，要求 ≥ {}",
                cname.zh,
                sname.zh,
                ws.id,
                m(*worst),
                m(margin_m)
            ),
            format!(
                "{} overhangs {} ({}) by {} at the least, required ≥ {}",
                cname.en,
                sname.en,
                ws.id,
                m(*worst),
                m(margin_m)
            ),
        )
    } else {
        text(
            format!(
                "{}未完全覆盖{}（{}），差 {}；要求四周外伸 ≥ {}",
                cname.zh,
                sname.zh,
                ws.id,
                m(-*worst),
                m(margin_m)
            ),
            format!(
                "{} does not fully cover {} ({}): short by {}; required overhang ≥ {}",
                cname.en,
                sname.en,
                ws.id,
                m(-*worst),
                m(margin_m)
            ),
        )
    };
    Outcome {
        passed,
        measured: Some(*worst),
        required: Some(margin_m),
        comparison: Some(Comparison::AtLeast),
        unit: Unit::Metre,
        entities,
        evidence,
        finding,
    }
}

// ---- parameter validation (called by `crate::validate`) ----

/// Parameter checks of `FootprintCoverage` for the rule-pack validator: the selectors and
/// a threshold `margin_m` ≥ 0.
pub(crate) fn validate_params(
    p: &mut crate::validate::Params<'_, '_, '_>,
    cover: &crate::model::FixtureSelector,
    covered: &crate::model::FixtureSelector,
    margin_m: f64,
) {
    p.fixtures("cover", cover);
    p.fixtures("covered", covered);
    p.threshold("margin_m", margin_m);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Attributes, Text};

    fn fx(id: &str, center: P2, rot: f64, w: f64, d: f64) -> PlacedFixture {
        PlacedFixture {
            id: id.into(),
            kind: "k".into(),
            index: 0,
            known_type: true,
            name: Text::new("k", "k"),
            center,
            rotation_deg: rot,
            size: (w, d, 0.5),
            bottom: 0.0,
            top: 0.5,
            footprint: fixture_footprint(center, rot, w, d),
            blocks_walking: true,
            attributes: Attributes::new(),
            model: None,
        }
    }

    #[test]
    fn single_cover_closed_form() {
        let stove = fx("s", (0.0, 0.0), 0.0, 1.0, 0.6);
        let hood = fx("h", (0.0, 0.0), 0.0, 1.4, 0.8);
        assert!((single_margin(&hood.footprint, &stove) - 0.1).abs() < 1e-9);
        let shifted = fx("h", (0.3, 0.0), 0.0, 1.4, 0.8);
        assert!((single_margin(&shifted.footprint, &stove) + 0.1).abs() < 1e-9);
        // Rotating both by the same angle changes nothing.
        let (s2, h2) = (
            fx("s", (1.0, 2.0), 33.0, 1.0, 0.6),
            fx("h", (1.0, 2.0), 33.0, 1.4, 0.8),
        );
        assert!((single_margin(&h2.footprint, &s2) - 0.1).abs() < 1e-9);
    }

    #[test]
    fn two_covers_side_by_side() {
        let stove = fx("s", (0.0, 0.0), 0.0, 2.0, 0.6);
        let left = fx("a", (-0.6, 0.0), 0.0, 1.2, 1.0);
        let right = fx("b", (0.6, 0.0), 0.0, 1.2, 1.0);
        let best =
            single_margin(&left.footprint, &stove).max(single_margin(&right.footprint, &stove));
        assert!(best < 0.0);
        let u = union_margin(&[&left, &right], &stove, best);
        assert!((u - 0.2).abs() < 1e-3, "{u}");
    }
}
