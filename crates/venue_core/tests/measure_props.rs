//! Measurement properties of the grid checks on generated rooms whose true figures are
//! known analytically: a clear width is never reported wider than the drawn gap and at
//! most one grid cell narrower; it does not depend on the rule's threshold; doors limit
//! routes in the middle and at either end; walking distances never read short.

mod common;

use proptest::prelude::*;
use std::collections::BTreeMap;
use venue_core::model::*;
use venue_core::plan::Plan;
use venue_core::report::{Evidence, Outcome};
use venue_core::rules::{coarsened_warning, evaluate, evaluate_check, grid_cells};

/// The grid cell the width rules use here.
const CELL_M: f64 = 0.05;
/// Comparisons of exact figures.
const EXACT: f64 = 1e-9;
/// Thickness of every wall here.
const WALL_T: f64 = 0.1;

fn rect(x0: f64, z0: f64, x1: f64, z1: f64) -> Vec<P2> {
    vec![(x0, z0), (x1, z0), (x1, z1), (x0, z1)]
}

fn venue(floor: Vec<P2>) -> Venue {
    common::empty_venue("gen", floor)
}

fn catalogue() -> Catalogue {
    let mut fixtures = BTreeMap::new();
    for (name, blocks) in [("block", true), ("extinguisher", true)] {
        fixtures.insert(
            name.to_string(),
            FixtureType {
                name: Text::new(name, name),
                category: "test".into(),
                size: (1.0, 1.0, 0.9),
                mounting_height: 0.0,
                model: format!("models/{name}.glb"),
                blocks_walking: blocks,
                color: None,
            },
        );
    }
    Catalogue {
        format_version: FORMAT_VERSION,
        fixtures,
        categories: Default::default(),
    }
}

fn wall(id: &str, from: P2, to: P2, doors: &[(&str, f64, f64)]) -> Wall {
    Wall {
        id: id.into(),
        from,
        to,
        thickness: WALL_T,
        height: 2.8,
        openings: doors
            .iter()
            .map(|(id, center, width)| {
                Opening::Door(Door {
                    id: id.to_string(),
                    center: *center,
                    width: *width,
                    height: 2.1,
                    exterior: false,
                    swing: Swing::Sliding,
                    attributes: Attributes::new(),
                })
            })
            .collect(),
    }
}

/// A block fixture covering the rectangle.
fn block(id: &str, x0: f64, z0: f64, x1: f64, z1: f64) -> Fixture {
    Fixture {
        id: id.into(),
        kind: "block".into(),
        position: ((x0 + x1) / 2.0, (z0 + z1) / 2.0),
        rotation: 0.0,
        mounting_height: None,
        size: Some((x1 - x0, z1 - z0, 0.9)),
        model: None,
        label: None,
        attributes: Attributes::new(),
    }
}

fn doors(from: &str, to: &str, min: f64) -> Check {
    Check::ClearWidth {
        from: Place::Doors(DoorSelector::Ids(vec![from.into()])),
        to: Place::Doors(DoorSelector::Ids(vec![to.into()])),
        min_width_m: min,
        cell_m: CELL_M,
    }
}

fn check(v: &Venue, c: &Check) -> Outcome {
    evaluate_check(&Plan::new(v, &catalogue()), c, &BTreeMap::new())
}

/// A corridor along x, 6 m long and `h` wide (its long sides are the floor's edges):
/// end walls at x = 0 and 6 with doors `door_w`, `door_e`; a 1 m × `depth` block turned
/// by `rot` degrees standing out from the z = 0 side (its lowest corner 5 cm beyond it),
/// centred at x = `bx` + 0.5; a cross wall at x = 4 with a door `door_m`. Door centres
/// are along their walls from z = 0.
#[derive(Debug, Clone)]
struct Corridor {
    h: f64,
    w_door: (f64, f64),
    e_door: (f64, f64),
    m_door: (f64, f64),
    bx: f64,
    depth: f64,
    rot: f64,
}

impl Corridor {
    /// Half the block's extent across the corridor.
    fn half_z(&self) -> f64 {
        let t = self.rot.to_radians();
        (t.sin().abs() + self.depth * t.cos().abs()) / 2.0
    }

    /// The z of the block's highest point.
    fn top(&self) -> f64 {
        2.0 * self.half_z() - 0.05
    }

    fn venue(&self) -> Venue {
        let h = self.h;
        let mut v = venue(rect(0.0, 0.0, 6.0, h));
        v.walls = vec![
            wall(
                "west",
                (0.0, 0.0),
                (0.0, h),
                &[("door_w", self.w_door.0, self.w_door.1)],
            ),
            wall(
                "east",
                (6.0, 0.0),
                (6.0, h),
                &[("door_e", self.e_door.0, self.e_door.1)],
            ),
            wall(
                "cross",
                (4.0, 0.0),
                (4.0, h),
                &[("door_m", self.m_door.0, self.m_door.1)],
            ),
        ];
        if self.depth > 0.0 {
            let mut b = block("block", 0.0, 0.0, 1.0, self.depth);
            b.position = (self.bx + 0.5, self.half_z() - 0.05);
            b.rotation = self.rot;
            v.fixtures.push(b);
        }
        v
    }

    /// The true clear width from door to door: the narrowest of the doors and the gap
    /// beside the block. (Everything else is wider by construction.)
    fn true_width(&self) -> f64 {
        let gap = if self.depth > 0.0 {
            self.h - self.top()
        } else {
            self.h
        };
        [self.w_door.1, self.e_door.1, self.m_door.1, gap]
            .into_iter()
            .fold(f64::INFINITY, f64::min)
    }
}

/// A door of width in `widths` placed anywhere on a wall of length `h` (clear of its ends
/// by a wall thickness).
fn door_on(h: f64, widths: std::ops::Range<f64>) -> impl Strategy<Value = (f64, f64)> {
    widths.prop_flat_map(move |w| {
        let lo = w / 2.0 + WALL_T;
        let hi = (h - w / 2.0 - WALL_T).max(lo + 1e-6);
        (lo..hi, Just(w))
    })
}

fn corridor() -> impl Strategy<Value = Corridor> {
    // Widths at most 1.4 m keep every other gap (≥ 1.45 m: block to wall) wider.
    (1.0f64..1.5).prop_flat_map(|h| {
        let widest = h - 2.0 * WALL_T - 0.01;
        (
            Just(h),
            door_on(h, 0.6..widest),
            door_on(h, 0.6..widest),
            door_on(h, 0.6..widest),
            1.5f64..1.55,
            prop_oneof![Just(0.0), 0.1..(h - 0.5)],
            prop_oneof![Just(0.0), -20.0f64..20.0],
        )
            .prop_map(|(h, w_door, e_door, m_door, bx, depth, rot)| Corridor {
                h,
                w_door,
                e_door,
                m_door,
                bx,
                depth,
                rot,
            })
            // The block leaves at least 0.45 m beside it.
            .prop_filter("block too deep", |c| c.depth == 0.0 || c.top() < c.h - 0.45)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Measured ≤ true and ≥ true − one cell, whatever the offsets.
    #[test]
    fn width_is_never_wider_and_at_most_a_cell_narrower(c in corridor()) {
        let v = c.venue();
        let truth = c.true_width();
        let o = check(&v, &doors("door_w", "door_e", 0.9));
        let m = o.measured.expect("a route exists");
        prop_assert!(m <= truth + EXACT, "measured {m} > true {truth}: {c:?} {}", o.finding.en);
        prop_assert!(m >= truth - CELL_M - EXACT, "measured {m} < true {truth} − a cell: {c:?} {}", o.finding.en);
        prop_assert_eq!(o.passed, m >= 0.9 - 1e-6);
    }

    /// The figure (and the evidence) does not depend on the rule's threshold.
    #[test]
    fn figure_does_not_depend_on_the_threshold(c in corridor(), t1 in 0.5f64..1.5, t2 in 0.5f64..1.5) {
        let v = c.venue();
        let (a, b) = (check(&v, &doors("door_w", "door_e", t1)), check(&v, &doors("door_w", "door_e", t2)));
        prop_assert_eq!(a.measured, b.measured);
        prop_assert_eq!(a.evidence, b.evidence);
        prop_assert_eq!(a.entities, b.entities);
    }
}

/// A room with a table whose face stands `gap` from a wall face (the issue's cases:
/// 0.852, 0.83, 0.876 m): the route from the west door to the east door passes it.
fn table_by_wall(gap: f64) -> Venue {
    // The wall face is at x = 4.876 (a wall centred on x = 4.926); the table's face at
    // 4.876 − gap. The route runs along z through the gap.
    let mut v = venue(rect(0.0, 0.0, 6.0, 6.0));
    let face = 4.876;
    v.walls = vec![
        // Doors at x 3.35–4.55 (the north wall runs from x = 6).
        wall("south", (0.0, 0.0), (6.0, 0.0), &[("door_s", 3.95, 1.2)]),
        wall("north", (6.0, 6.0), (0.0, 6.0), &[("door_n", 2.05, 1.2)]),
        wall(
            "east_inner",
            (face + WALL_T / 2.0, 0.0),
            (face + WALL_T / 2.0, 6.0),
            &[],
        ),
        // Everything west of the table is closed off: the gap is the only way.
        wall("west_inner", (3.0, 0.0), (3.0, 6.0), &[]),
    ];
    v.fixtures.push(block("table", 3.0, 2.5, face - gap, 3.5));
    v
}

#[test]
fn the_issues_gaps_read_as_drawn() {
    for gap in [0.852, 0.83, 0.876] {
        let v = table_by_wall(gap);
        let o = check(&v, &doors("door_s", "door_n", 0.90));
        let m = o.measured.expect("a route");
        assert!(
            (m - gap).abs() < 1e-9,
            "gap {gap}: measured {m} ({})",
            o.finding.en
        );
        assert!(!o.passed, "a {gap} m gap fails a 0.90 m rule");
        // The dimension line ends on the table's face and the wall's face.
        let seg = o.evidence.iter().find_map(|e| match e {
            Evidence::Segment { from, to, .. } => Some((*from, *to)),
            _ => None,
        });
        let (a, b) = seg.expect("a dimension line");
        let xs = [a.0.min(b.0), a.0.max(b.0)];
        assert!(
            (xs[0] - (4.876 - gap)).abs() < 1e-9 && (xs[1] - 4.876).abs() < 1e-9,
            "{a:?} {b:?}"
        );
        assert!(
            o.entities.contains(&"table".to_string()),
            "{:?}",
            o.entities
        );
    }
}

#[test]
fn doors_limit_in_the_middle_and_at_either_end() {
    // No obstacles; 0.80 m doors at both ends of a 3.65 m wide room.
    let mut v = venue(rect(0.0, 0.0, 6.0, 3.65));
    v.walls = vec![
        wall("west", (0.0, 0.0), (0.0, 3.65), &[("door_w", 1.0, 0.80)]),
        wall("east", (6.0, 0.0), (6.0, 3.65), &[("door_e", 2.5, 0.80)]),
    ];
    let o = check(&v, &doors("door_w", "door_e", 0.90));
    assert_eq!(o.measured, Some(0.80), "{}", o.finding.en);
    assert!(!o.passed);
    assert!(o.finding.en.contains("door door_"), "{}", o.finding.en);
    // From the venue's entry (its exterior doors) the door is not counted.
    let o = check(
        &v,
        &Check::ClearWidth {
            from: Place::Venue,
            to: Place::Doors(DoorSelector::Ids(vec!["door_e".into()])),
            min_width_m: 0.9,
            cell_m: CELL_M,
        },
    );
    assert_eq!(
        o.measured,
        Some(0.80),
        "the door_e end still counts: {}",
        o.finding.en
    );
    // A door of 0.86–0.89 m in the middle of a route.
    for w in [0.86, 0.875, 0.89] {
        let mut v = venue(rect(0.0, 0.0, 6.0, 2.0));
        v.walls = vec![
            wall("west", (0.0, 0.0), (0.0, 2.0), &[("door_w", 1.0, 1.2)]),
            wall("east", (6.0, 0.0), (6.0, 2.0), &[("door_e", 1.0, 1.2)]),
            wall("mid", (3.0, 0.0), (3.0, 2.0), &[("door_m", 0.913, w)]),
        ];
        let o = check(&v, &doors("door_w", "door_e", 0.90));
        let m = o.measured.expect("a route");
        assert!((m - w).abs() < 1e-9, "door {w}: {m} ({})", o.finding.en);
        assert!(!o.passed);
    }
}

#[test]
fn coarsened_grids_are_reported() {
    let v = venue(rect(0.0, 0.0, 200.0, 200.0));
    let plan = Plan::new(&v, &catalogue());
    let c = Check::WalkingDistanceMax {
        zones: ZoneSelector::All,
        to: FixtureSelector {
            types: vec!["extinguisher".into()],
            where_attributes: BTreeMap::new(),
        },
        max_m: 12.0,
        cell_m: 0.05,
    };
    let (asked, used) = grid_cells(&plan, &c).expect("a grid check");
    assert_eq!(asked, 0.05);
    assert!(used > 0.075 && used < 0.08, "{used}");
    let w = coarsened_warning(asked, used).expect("a warning");
    assert!(w.en.contains("7.8 cm") && w.zh.contains("7.8"), "{}", w.en);
    assert!(coarsened_warning(0.05, 0.05).is_none());
    assert!(
        grid_cells(
            &plan,
            &Check::ClearHeightMin {
                zones: ZoneSelector::All,
                min_m: 2.5
            }
        )
        .is_none()
    );
}

#[test]
fn reports_carry_the_cell_and_rounded_figures() {
    let c = Corridor {
        h: 1.37,
        w_door: (0.7, 1.0),
        e_door: (0.7, 1.0),
        m_door: (0.6, 0.9),
        bx: 1.5,
        depth: 0.57,
        rot: 0.0,
    };
    let pack = RulePack {
        format_version: FORMAT_VERSION,
        version: None,
        id: "p".into(),
        title: Text::new("包", "Pack"),
        zone_groups: BTreeMap::new(),
        categories: BTreeMap::new(),
        rules: vec![Rule {
            id: "w".into(),
            level: Level::Required,
            category: "layout".into(),
            title: Text::new("w", "w"),
            explanation: Text::new("说明", "Explanation"),
            source: Source {
                document: Text::new("规范", "Code"),
                clause: None,
                authority: None,
            },
            effective: "2020-01-01".into(),
            applies_when: None,
            check: doors("door_w", "door_e", 0.9),
        }],
    };
    let r = evaluate(&c.venue(), &catalogue(), &[pack]);
    let res = &r.results[0];
    assert_eq!(res.cell_m, Some(0.05));
    assert!(res.warnings.is_empty());
    // 1.37 − (0.57 − 0.05) = 0.85 (0.8500000000000003 in f64) is reported as 0.85.
    assert_eq!(res.measured, Some(0.85));
    let json = serde_json::to_string(&r).expect("serialises");
    assert!(!json.contains("0000000"), "{json}");
}

/// Walking distance in a plain room from an extinguisher in one corner: never shorter
/// than the straight-line distance to the farthest corner.
#[test]
fn walking_distance_is_never_short() {
    for (w, d) in [(4.0, 3.0), (5.013, 2.977), (3.333, 6.021)] {
        let mut v = venue(rect(0.0, 0.0, w, d));
        v.zones.push(Zone {
            id: "room".into(),
            kind: ZoneKind::Cooking,
            name: None,
            polygon: rect(0.0, 0.0, w, d),
            clear_height: 2.6,
            attributes: Attributes::new(),
        });
        let mut f = block("ext", 0.0, 0.0, 0.2, 0.2);
        f.kind = "extinguisher".into();
        v.fixtures.push(f);
        let o = check(
            &v,
            &Check::WalkingDistanceMax {
                zones: ZoneSelector::All,
                to: FixtureSelector {
                    types: vec!["extinguisher".into()],
                    where_attributes: BTreeMap::new(),
                },
                max_m: 100.0,
                cell_m: CELL_M,
            },
        );
        let m = o.measured.expect("reachable");
        // The farthest corner from the footprint's corner (0.2, 0.2).
        let truth = (w - 0.2f64).hypot(d - 0.2);
        assert!(m >= truth, "{w}×{d}: {m} < {truth}");
        assert!(m <= truth * 1.09 + 0.1, "{w}×{d}: {m} vs {truth}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Round the corner of an L-shaped corridor (legs `a` and `b` wide, walls being the
    /// floor's edges), from a zone at the end of one leg to a zone at the end of the
    /// other: the narrower leg is the width; the corner itself is wider.
    #[test]
    fn l_corner_reads_the_narrower_leg(a in 0.7f64..1.6, b in 0.7f64..1.6) {
        let floor = vec![(0.0, 0.0), (5.0, 0.0), (5.0, a), (b, a), (b, 5.0), (0.0, 5.0)];
        let mut v = venue(floor);
        for (id, poly) in [("end1", rect(4.5, 0.0, 5.0, a)), ("end2", rect(0.0, 4.5, b, 5.0))] {
            v.zones.push(Zone {
                id: id.into(),
                kind: ZoneKind::Corridor,
                name: None,
                polygon: poly,
                clear_height: 2.6,
                attributes: Attributes::new(),
            });
        }
        let o = check(&v, &Check::ClearWidth {
            from: Place::Zones(ZoneSelector::Ids(vec!["end1".into()])),
            to: Place::Zones(ZoneSelector::Ids(vec!["end2".into()])),
            min_width_m: 0.9,
            cell_m: CELL_M,
        });
        let truth = a.min(b);
        let m = o.measured.expect("a route");
        prop_assert!(m <= truth + EXACT && m >= truth - CELL_M - EXACT, "a {a} b {b}: {m} ({})", o.finding.en);
    }
}
