//! Every check kind on tiny venues built in Rust: one passing and one failing case each,
//! asserting the status, the measured value and that there is evidence to draw.

mod common;

use std::collections::BTreeMap;
use venue_core::model::*;
use venue_core::plan::Plan;
use venue_core::report::{Comparison, Evidence, Outcome, Status, Unit};
use venue_core::rules::{evaluate, evaluate_check};

// ---------------------------------------------------------------------------------
// Builder
// ---------------------------------------------------------------------------------

fn rect(x0: f64, z0: f64, x1: f64, z1: f64) -> Vec<P2> {
    vec![(x0, z0), (x1, z0), (x1, z1), (x0, z1)]
}

/// A venue under construction, with its catalogue.
struct B {
    v: Venue,
    cat: Catalogue,
    groups: BTreeMap<String, Vec<ZoneKind>>,
}

impl B {
    fn new(floor: Vec<P2>) -> B {
        let mut b = B {
            v: common::empty_venue("tiny", floor),
            cat: Catalogue {
                format_version: FORMAT_VERSION,
                fixtures: BTreeMap::new(),
                categories: Default::default(),
            },
            groups: BTreeMap::new(),
        };
        b.ty("stove", (1.0, 0.6, 0.8), 0.0, true)
            .ty("hood", (1.4, 0.8, 0.5), 1.9, true)
            .ty("handwash_basin", (0.5, 0.4, 0.3), 0.8, true)
            .ty("bin", (0.4, 0.4, 0.6), 0.0, true)
            .ty("counter", (1.0, 0.6, 0.9), 0.0, true)
            .ty("extinguisher", (0.2, 0.2, 0.5), 1.0, true)
            .ty("rodent_guard", (0.9, 0.05, 0.6), 0.0, false)
            .ty("table", (0.8, 0.8, 0.75), 0.0, true)
            .ty("chair", (0.45, 0.45, 0.9), 0.0, true)
            .ty("fridge", (0.7, 0.7, 1.9), 0.0, true)
            .ty("shelf", (1.0, 0.4, 1.8), 0.0, true)
            .ty("sink", (1.2, 0.6, 0.9), 0.0, true);
        b
    }

    fn ty(&mut self, name: &str, size: P3, mounting: f64, blocks: bool) -> &mut Self {
        self.cat.fixtures.insert(
            name.into(),
            FixtureType {
                name: Text::new(name, name),
                category: "test".into(),
                size,
                mounting_height: mounting,
                model: format!("models/{name}.glb"),
                blocks_walking: blocks,
                color: None,
            },
        );
        self
    }

    fn wall(&mut self, id: &str, from: P2, to: P2) -> &mut Self {
        self.v.walls.push(Wall {
            id: id.into(),
            from,
            to,
            thickness: 0.1,
            height: 2.8,
            openings: vec![],
        });
        self
    }

    fn door(&mut self, wall: &str, id: &str, center: f64, width: f64, exterior: bool) -> &mut Self {
        if let Some(w) = self.v.walls.iter_mut().find(|w| w.id == wall) {
            w.openings.push(Opening::Door(Door {
                id: id.into(),
                center,
                width,
                height: 2.1,
                exterior,
                swing: Swing::LeftIn,
                attributes: Attributes::new(),
            }));
        }
        self
    }

    fn window(&mut self, wall: &str, id: &str, center: f64, attrs: &[(&str, Value)]) -> &mut Self {
        if let Some(w) = self.v.walls.iter_mut().find(|w| w.id == wall) {
            w.openings.push(Opening::Window(Window {
                id: id.into(),
                center,
                width: 1.0,
                height: 1.0,
                sill: 1.0,
                attributes: attrs
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect(),
            }));
        }
        self
    }

    fn zone(&mut self, id: &str, kind: ZoneKind, polygon: Vec<P2>) -> &mut Self {
        self.v.zones.push(Zone {
            id: id.into(),
            kind,
            name: None,
            polygon,
            clear_height: 2.6,
            attributes: Attributes::new(),
        });
        self
    }

    fn fx(&mut self, id: &str, kind: &str, position: P2) -> &mut Self {
        self.v.fixtures.push(Fixture {
            id: id.into(),
            kind: kind.into(),
            position,
            rotation: 0.0,
            mounting_height: None,
            size: None,
            model: None,
            label: None,
            attributes: Attributes::new(),
        });
        self
    }

    /// The last fixture added, to adjust.
    fn last(&mut self) -> &mut Fixture {
        self.v.fixtures.last_mut().expect("a fixture was added")
    }

    fn plan(&self) -> Plan {
        Plan::new(&self.v, &self.cat)
    }

    fn check(&self, check: Check) -> Outcome {
        evaluate_check(&self.plan(), &check, &self.groups)
    }
}

fn types(t: &[&str]) -> FixtureSelector {
    FixtureSelector {
        types: t.iter().map(|s| s.to_string()).collect(),
        where_attributes: BTreeMap::new(),
    }
}

fn kinds(k: &[ZoneKind]) -> ZoneSelector {
    ZoneSelector::Kinds(k.to_vec())
}

fn close(a: Option<f64>, b: f64, tol: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() <= tol)
}

#[track_caller]
fn pass(o: &Outcome) {
    assert!(
        o.passed,
        "expected pass: {} / {}",
        o.finding.en, o.finding.zh
    );
    assert!(!o.finding.zh.is_empty() && !o.finding.en.is_empty());
}

#[track_caller]
fn fail(o: &Outcome) {
    assert!(!o.passed, "expected fail: {}", o.finding.en);
    assert!(!o.finding.zh.is_empty() && !o.finding.en.is_empty());
}

#[track_caller]
fn has_evidence(o: &Outcome) {
    assert!(!o.evidence.is_empty(), "no evidence: {}", o.finding.en);
    for e in &o.evidence {
        assert!(
            e.points()
                .iter()
                .all(|p| p.0.is_finite() && p.1.is_finite() && p.2.is_finite())
        );
    }
}

/// Two 4 × 4 rooms: dining (x 0..4) and kitchen (x 4..8), a door between, an exterior
/// door into the dining room.
fn two_rooms() -> B {
    let mut b = B::new(rect(0.0, 0.0, 8.0, 4.0));
    b.wall("south", (0.0, 0.0), (8.0, 0.0))
        .door("south", "front", 2.0, 0.9, true)
        .wall("mid", (4.0, 0.0), (4.0, 4.0))
        .door("mid", "inner", 2.0, 0.9, false)
        .zone("dining", ZoneKind::Dining, rect(0.0, 0.0, 4.0, 4.0))
        .zone("kitchen", ZoneKind::Cooking, rect(4.0, 0.0, 8.0, 4.0));
    b
}

// ---------------------------------------------------------------------------------
// fixture_in_zone
// ---------------------------------------------------------------------------------

fn fixture_in_zone(min: u32, max: Option<u32>, per_zone: bool, zones: ZoneSelector) -> Check {
    Check::FixtureInZone {
        fixtures: types(&["handwash_basin"]),
        zones,
        min_count: min,
        max_count: max,
        per_zone,
    }
}

#[test]
fn fixture_in_zone_pass_and_fail() {
    let mut b = two_rooms();
    b.fx("basin1", "handwash_basin", (7.0, 3.7));
    let o = b.check(fixture_in_zone(1, None, false, kinds(&[ZoneKind::Cooking])));
    pass(&o);
    assert_eq!(o.measured, Some(1.0));
    assert_eq!(o.comparison, Some(Comparison::AtLeast));
    assert_eq!(
        o.entities,
        vec!["basin1".to_string(), "kitchen".to_string()]
    );
    has_evidence(&o);

    // Per zone: the dining room has none.
    let o = b.check(fixture_in_zone(1, None, true, ZoneSelector::All));
    fail(&o);
    assert_eq!(o.measured, Some(0.0));
    assert!(o.entities.contains(&"dining".to_string()));
    has_evidence(&o);

    // Too many: at most 0 allowed in the kitchen.
    let o = b.check(fixture_in_zone(
        0,
        Some(0),
        false,
        kinds(&[ZoneKind::Cooking]),
    ));
    fail(&o);
    assert_eq!(
        (o.measured, o.required, o.comparison),
        (Some(1.0), Some(0.0), Some(Comparison::AtMost))
    );

    // A zone kind the plan lacks fails when fixtures are required there.
    fail(&b.check(fixture_in_zone(1, None, false, kinds(&[ZoneKind::Toilet]))));
}

// ---------------------------------------------------------------------------------
// zone_area_min
// ---------------------------------------------------------------------------------

#[test]
fn zone_area_min_pass_and_fail() {
    let b = two_rooms();
    let o = b.check(Check::ZoneAreaMin {
        zones: kinds(&[ZoneKind::Cooking]),
        min_m2: 10.0,
        per_zone: false,
    });
    pass(&o);
    assert!(close(o.measured, 16.0, 1e-9));
    assert_eq!(o.unit, Unit::SquareMetre);
    has_evidence(&o);
    assert!(o.evidence.iter().any(|e| e.label() == "16.0 m²"));

    let o = b.check(Check::ZoneAreaMin {
        zones: ZoneSelector::All,
        min_m2: 20.0,
        per_zone: true,
    });
    fail(&o);
    assert!(close(o.measured, 16.0, 1e-9));
    has_evidence(&o);
    // Combined they are 32 m².
    pass(&b.check(Check::ZoneAreaMin {
        zones: ZoneSelector::All,
        min_m2: 20.0,
        per_zone: false,
    }));
    let o = b.check(Check::ZoneAreaMin {
        zones: kinds(&[ZoneKind::Storage]),
        min_m2: 1.0,
        per_zone: false,
    });
    fail(&o);
    assert_eq!(o.measured, None);
}

// ---------------------------------------------------------------------------------
// area_ratio
// ---------------------------------------------------------------------------------

#[test]
fn area_ratio_pass_and_fail() {
    let mut b = two_rooms();
    b.v.zones[0].polygon = rect(0.0, 0.0, 4.0, 2.0); // dining 8 m², kitchen 16 m²
    let ratio = |min, max| Check::AreaRatio {
        numerator: kinds(&[ZoneKind::Cooking]),
        denominator: kinds(&[ZoneKind::Dining]),
        min,
        max,
    };
    let o = b.check(ratio(Some(0.5), None));
    pass(&o);
    assert!(close(o.measured, 2.0, 1e-9));
    has_evidence(&o);

    let o = b.check(ratio(None, Some(1.5)));
    fail(&o);
    assert!(close(o.measured, 2.0, 1e-9));
    assert_eq!(
        (o.required, o.comparison),
        (Some(1.5), Some(Comparison::AtMost))
    );
    has_evidence(&o);

    let o = b.check(Check::AreaRatio {
        numerator: kinds(&[ZoneKind::Cooking]),
        denominator: kinds(&[ZoneKind::Storage]),
        min: Some(0.5),
        max: None,
    });
    fail(&o);
    assert_eq!(o.measured, None);
}

// ---------------------------------------------------------------------------------
// clear_height_min
// ---------------------------------------------------------------------------------

#[test]
fn clear_height_min_pass_and_fail() {
    let mut b = two_rooms();
    b.v.zones[1].clear_height = 2.4;
    let o = b.check(Check::ClearHeightMin {
        zones: ZoneSelector::All,
        min_m: 2.3,
    });
    pass(&o);
    assert!(close(o.measured, 2.4, 1e-9));
    has_evidence(&o);
    let o = b.check(Check::ClearHeightMin {
        zones: ZoneSelector::All,
        min_m: 2.5,
    });
    fail(&o);
    assert!(close(o.measured, 2.4, 1e-9));
    assert_eq!(o.entities, vec!["kitchen".to_string()]);
    // A vertical dimension line up to the clear height.
    assert!(o.evidence.iter().any(|e| matches!(e,
        Evidence::Segment { from, to, .. } if from.1 == 0.0 && (to.1 - 2.4).abs() < 1e-9 && from.0 == to.0)));
}

// ---------------------------------------------------------------------------------
// distance
// ---------------------------------------------------------------------------------

#[test]
fn distance_pass_and_fail() {
    let mut b = two_rooms();
    // Stove footprint x 5.5..6.5, z 3.4..4.0; basin x 7.25..7.75, z 3.5..3.9.
    b.fx("stove1", "stove", (6.0, 3.7))
        .fx("basin1", "handwash_basin", (7.5, 3.7))
        .fx("bin1", "bin", (4.6, 0.5));
    let near = |max| Check::Distance {
        from: Place::Fixtures(types(&["stove"])),
        to: Place::Fixtures(types(&["handwash_basin"])),
        min_m: None,
        max_m: Some(max),
    };
    let o = b.check(near(3.0));
    pass(&o);
    assert!(close(o.measured, 0.75, 1e-9), "{:?}", o.measured);
    has_evidence(&o);
    assert!(
        o.evidence
            .iter()
            .any(|e| matches!(e, Evidence::Segment { label, .. } if label == "0.75 m"))
    );

    let o = b.check(near(0.5));
    fail(&o);
    assert!(close(o.measured, 0.75, 1e-9));
    has_evidence(&o);

    // Keep the bin at least 3 m from the stove: it is 2.56 m away (bin corner (4.8, 0.7)
    // to stove corner (5.5, 3.4)).
    let away = Check::Distance {
        from: Place::Fixtures(types(&["bin"])),
        to: Place::Fixtures(types(&["stove"])),
        min_m: Some(3.0),
        max_m: None,
    };
    let o = b.check(away.clone());
    fail(&o);
    let expected = (0.7f64).hypot(2.7);
    assert!(close(o.measured, expected, 1e-9), "{:?}", o.measured);
    has_evidence(&o);

    // Keep-away with nothing to keep away passes; must-be-near with nothing fails.
    let mut none = b.v.clone();
    none.fixtures.retain(|f| f.kind != "bin");
    let p = Plan::new(&none, &b.cat);
    pass(&evaluate_check(&p, &away, &b.groups));
    let mut no_basin = b.v.clone();
    no_basin.fixtures.retain(|f| f.kind != "handwash_basin");
    fail(&evaluate_check(
        &Plan::new(&no_basin, &b.cat),
        &near(3.0),
        &b.groups,
    ));

    // Doors are points, zones polygons: the front door is inside the dining room.
    let o = b.check(Check::Distance {
        from: Place::Doors(DoorSelector::Exterior),
        to: Place::Zones(kinds(&[ZoneKind::Cooking])),
        min_m: None,
        max_m: Some(3.0),
    });
    pass(&o);
    assert!(close(o.measured, 2.0, 1e-9));
}

// ---------------------------------------------------------------------------------
// footprint_coverage
// ---------------------------------------------------------------------------------

#[test]
fn footprint_coverage_pass_and_fail() {
    let mut b = two_rooms();
    b.fx("stove1", "stove", (6.0, 3.0))
        .fx("hood1", "hood", (6.0, 3.0));
    let cover = |margin| Check::FootprintCoverage {
        cover: types(&["hood"]),
        covered: types(&["stove"]),
        margin_m: margin,
    };
    let o = b.check(cover(0.1));
    pass(&o);
    assert!(close(o.measured, 0.1, 1e-9), "{:?}", o.measured);
    has_evidence(&o);

    let o = b.check(cover(0.15));
    fail(&o);
    assert!(close(o.measured, 0.1, 1e-9));
    has_evidence(&o);

    // A hood moved 0.3 m sideways no longer covers the stove's end.
    b.v.fixtures[1].position = (6.3, 3.0);
    let o = b.check(cover(0.0));
    fail(&o);
    assert!(close(o.measured, -0.1, 1e-9), "{:?}", o.measured);

    // No hood at all.
    b.v.fixtures.truncate(1);
    let o = b.check(cover(0.1));
    fail(&o);
    assert_eq!(o.measured, None);
}

// ---------------------------------------------------------------------------------
// door_fitting
// ---------------------------------------------------------------------------------

#[test]
fn door_fitting_pass_and_fail() {
    let mut b = two_rooms();
    // Front door: on the south wall at x 1.55..2.45; the guard stands 0.08 m inside.
    b.fx("guard1", "rodent_guard", (2.0, 0.08));
    let fit = |h| Check::DoorFitting {
        doors: DoorSelector::Exterior,
        fitting: types(&["rodent_guard"]),
        min_height_m: h,
        max_distance_m: 0.3,
        min_width_ratio: 0.9,
    };
    let o = b.check(fit(0.6));
    pass(&o);
    assert!(close(o.measured, 0.6, 1e-9));
    has_evidence(&o);
    assert_eq!(o.entities, vec!["front".to_string(), "guard1".to_string()]);

    let o = b.check(fit(0.7));
    fail(&o);
    assert!(close(o.measured, 0.6, 1e-9));
    has_evidence(&o);

    // Too narrow (0.5 m of a 0.9 m door) counts as none.
    b.last().size = Some((0.5, 0.05, 0.6));
    let o = b.check(fit(0.6));
    fail(&o);
    assert_eq!(o.measured, Some(0.0));
    // Too far away.
    b.last().size = None;
    b.last().position = (2.0, 1.0);
    fail(&b.check(fit(0.6)));
}

// ---------------------------------------------------------------------------------
// no_direct_opening
// ---------------------------------------------------------------------------------

#[test]
fn no_direct_opening_pass_and_fail() {
    // Dining | toilet | kitchen along x, doors dining↔toilet and toilet↔kitchen.
    let mut b = B::new(rect(0.0, 0.0, 9.0, 3.0));
    b.wall("w1", (3.0, 0.0), (3.0, 3.0))
        .door("w1", "d_dt", 1.5, 0.8, false)
        .wall("w2", (6.0, 0.0), (6.0, 3.0))
        .door("w2", "d_tk", 1.5, 0.8, false)
        .zone("dining", ZoneKind::Dining, rect(0.0, 0.0, 3.0, 3.0))
        .zone("wc", ZoneKind::Toilet, rect(3.0, 0.0, 6.0, 3.0))
        .zone("kitchen", ZoneKind::Cooking, rect(6.0, 0.0, 9.0, 3.0));
    let chk = Check::NoDirectOpening {
        a: kinds(&[ZoneKind::Toilet]),
        b: kinds(&[ZoneKind::Cooking]),
    };
    let o = b.check(chk.clone());
    fail(&o);
    assert_eq!(o.measured, Some(1.0));
    assert_eq!(o.required, Some(0.0));
    assert!(o.entities.contains(&"d_tk".to_string()));
    has_evidence(&o);

    // Without that door they are separate (the dining door stays).
    b.v.walls[1].openings.clear();
    let o = b.check(chk.clone());
    pass(&o);
    assert_eq!(o.measured, Some(0.0));

    // Removing the wall altogether opens the boundary: a direct connection again.
    b.v.walls.remove(1);
    let o = b.check(chk);
    fail(&o);
    assert_eq!(o.measured, Some(1.0));
    has_evidence(&o);
}

// ---------------------------------------------------------------------------------
// zones_separated
// ---------------------------------------------------------------------------------

#[test]
fn zones_separated_pass_and_fail() {
    // OTC floor (x 0..4) and non-drug goods (x 4..7) with no wall between: open.
    let mut b = B::new(rect(0.0, 0.0, 7.0, 3.0));
    b.zone("otc", ZoneKind::OtcArea, rect(0.0, 0.0, 4.0, 3.0))
        .zone("goods", ZoneKind::NonDrugArea, rect(4.0, 0.0, 7.0, 3.0));
    let chk = Check::ZonesSeparated {
        a: kinds(&[ZoneKind::NonDrugArea]),
        b: kinds(&[ZoneKind::OtcArea]),
    };
    let o = b.check(chk.clone());
    fail(&o);
    assert_eq!((o.measured, o.required), (Some(1.0), Some(0.0)));
    has_evidence(&o);

    // A partition on the shared edge with a passage (a door) in it: separated, while
    // `no_direct_opening` still counts the passage.
    b.wall("partition", (4.0, 0.0), (4.0, 3.0))
        .door("partition", "passage", 1.5, 0.9, false);
    let o = b.check(chk.clone());
    pass(&o);
    assert_eq!(o.measured, Some(0.0));
    has_evidence(&o);
    fail(&b.check(Check::NoDirectOpening {
        a: kinds(&[ZoneKind::NonDrugArea]),
        b: kinds(&[ZoneKind::OtcArea]),
    }));

    // A partition covering only half the edge leaves 1.5 m open: fails again.
    b.v.walls[0].to = (4.0, 1.5);
    b.v.walls[0].openings.clear();
    fail(&b.check(chk));
}

// ---------------------------------------------------------------------------------
// staff_side
// ---------------------------------------------------------------------------------

/// A 6 m × 4 m shop with its entrance at x = 1 in the front wall; a counter run along
/// z = 2 (five 1 m units, x 0..5) and an Rx cabinet against the back wall behind it.
fn pharmacy_counter(gate: bool) -> B {
    let mut b = B::new(rect(0.0, 0.0, 6.0, 4.0));
    b.ty("gate", (1.0, 0.05, 0.9), 0.0, true);
    b.wall("front", (0.0, 0.0), (6.0, 0.0))
        .door("front", "entrance", 1.0, 0.9, true)
        .zone("otc", ZoneKind::OtcArea, rect(0.0, 0.0, 6.0, 2.0))
        .zone("rx", ZoneKind::RxArea, rect(0.0, 2.0, 6.0, 4.0));
    for i in 0..5 {
        b.fx(&format!("counter{i}"), "counter", (0.5 + i as f64, 2.0));
    }
    if gate {
        b.fx("gate", "gate", (5.5, 2.0));
    }
    b.fx("rx_cabinet", "shelf", (3.0, 3.7));
    b.last().rotation = 180.0;
    b
}

fn staff_side(min: f64) -> Check {
    Check::StaffSide {
        fixtures: types(&["shelf"]),
        min_distance_m: min,
        entrances: DoorSelector::Exterior,
        cell_m: 0.05,
    }
}

#[test]
fn staff_side_pass_and_fail() {
    // Closed counter line: the customer stands at best at the counter front (z 1.7),
    // 1.8 m from the cabinet (front at z 3.5), less at most 1.58 cells.
    let o = pharmacy_counter(true).check(staff_side(1.0));
    pass(&o);
    let d = o.measured.unwrap();
    assert!((1.8 - 0.08..=1.8 + 1e-9).contains(&d), "{d}");
    assert_eq!(o.unit, Unit::Metre);
    has_evidence(&o);

    // Without the gate a customer walks round the end of the counter up to it.
    let o = pharmacy_counter(false).check(staff_side(1.0));
    fail(&o);
    assert!(o.measured.unwrap() < 0.1, "{:?}", o.measured);
    assert_eq!(o.entities, vec!["rx_cabinet".to_string()]);
    has_evidence(&o);
    assert!(
        o.evidence
            .iter()
            .any(|e| matches!(e, Evidence::Polyline { .. }))
    );

    // A stricter threshold than the layout gives fails too, at the same figure.
    let o = pharmacy_counter(true).check(staff_side(2.0));
    fail(&o);
    assert!(close(o.measured, d, 1e-9));

    // Nothing selected passes; no entrance fails.
    let b = pharmacy_counter(true);
    pass(&b.check(Check::StaffSide {
        fixtures: types(&["fridge"]),
        min_distance_m: 1.0,
        entrances: DoorSelector::Exterior,
        cell_m: 0.05,
    }));
    fail(&b.check(Check::StaffSide {
        fixtures: types(&["shelf"]),
        min_distance_m: 1.0,
        entrances: DoorSelector::Interior,
        cell_m: 0.05,
    }));
}

// ---------------------------------------------------------------------------------
// door_not_facing
// ---------------------------------------------------------------------------------

#[test]
fn door_not_facing_pass_and_fail() {
    // Toilet (z 0..2) and kitchen (z 3.5..6) across a 1.5 m corridor; the toilet door
    // opens onto the corridor straight towards the kitchen.
    let mut b = B::new(rect(0.0, 0.0, 4.0, 6.0));
    b.wall("wc_wall", (0.0, 2.0), (4.0, 2.0))
        .door("wc_wall", "wc_door", 2.0, 0.8, false)
        .wall("k_wall", (0.0, 3.5), (4.0, 3.5))
        .door("k_wall", "k_door", 3.0, 0.8, false)
        .zone("wc", ZoneKind::Toilet, rect(0.0, 0.0, 4.0, 2.0))
        .zone("hall", ZoneKind::Corridor, rect(0.0, 2.0, 4.0, 3.5))
        .zone("kitchen", ZoneKind::Cooking, rect(0.0, 3.5, 4.0, 6.0));
    let chk = |depth| Check::DoorNotFacing {
        doors: DoorSelector::OfZones(kinds(&[ZoneKind::Toilet])),
        zones: kinds(&[ZoneKind::Cooking]),
        depth_m: depth,
    };
    let o = b.check(chk(2.0));
    fail(&o);
    assert_eq!(o.measured, Some(1.0));
    assert!(
        o.entities.contains(&"wc_door".to_string()) && o.entities.contains(&"kitchen".to_string())
    );
    has_evidence(&o);

    let o = b.check(chk(1.0));
    pass(&o);
    assert_eq!(o.measured, Some(0.0));
    has_evidence(&o);
}

// ---------------------------------------------------------------------------------
// mounting_height_band
// ---------------------------------------------------------------------------------

#[test]
fn mounting_height_band_pass_and_fail() {
    let mut b = two_rooms();
    b.fx("ext1", "extinguisher", (0.2, 3.8)); // bottom 1.0, top 1.5
    let band = || Check::MountingHeightBand {
        fixtures: types(&["extinguisher"]),
        bottom_min_m: Some(0.08),
        top_max_m: Some(1.5),
    };
    let o = b.check(band());
    pass(&o);
    assert!(close(o.measured, 1.5, 1e-9));
    has_evidence(&o);

    b.last().mounting_height = Some(1.2);
    let o = b.check(band());
    fail(&o);
    assert!(close(o.measured, 1.7, 1e-9));
    assert_eq!(o.comparison, Some(Comparison::AtMost));
    has_evidence(&o);

    // Too low at the bottom.
    b.last().mounting_height = Some(0.0);
    let o = b.check(band());
    fail(&o);
    assert!(close(o.measured, 0.0, 1e-9));
    assert_eq!(o.comparison, Some(Comparison::AtLeast));

    // Over zero extinguishers the rule fails: it implies they exist.
    b.v.fixtures.clear();
    let o = b.check(band());
    fail(&o);
    assert_eq!(o.measured, None);
}

// ---------------------------------------------------------------------------------
// count_per_area
// ---------------------------------------------------------------------------------

#[test]
fn count_per_area_pass_and_fail() {
    let mut b = two_rooms();
    b.fx("ext1", "extinguisher", (0.2, 3.8));
    let chk = Check::CountPerArea {
        fixtures: types(&["extinguisher"]),
        zones: ZoneSelector::All,
        area_per_unit_m2: 20.0,
        count_per_unit: 1,
        min_count: 1,
    };
    // 32 m² → ceil(1.6) = 2 needed.
    let o = b.check(chk.clone());
    fail(&o);
    assert_eq!((o.measured, o.required), (Some(1.0), Some(2.0)));
    has_evidence(&o);

    b.fx("ext2", "extinguisher", (7.8, 3.8));
    let o = b.check(chk);
    pass(&o);
    assert_eq!((o.measured, o.required), (Some(2.0), Some(2.0)));
    has_evidence(&o);
}

// ---------------------------------------------------------------------------------
// attribute_required
// ---------------------------------------------------------------------------------

#[test]
fn attribute_required_pass_and_fail() {
    let mut b = two_rooms();
    b.fx("bin1", "bin", (5.0, 0.5));
    b.last().attributes.insert("lid".into(), Value::Bool(true));
    b.fx("bin2", "bin", (6.0, 0.5));
    b.last().attributes.insert("lid".into(), Value::Bool(true));
    let chk = || Check::AttributeRequired {
        target: AttributeTarget::Fixtures(types(&["bin"])),
        attribute: "lid".into(),
        equals: None,
        min: None,
        max: None,
    };
    let o = b.check(chk());
    pass(&o);
    assert_eq!((o.measured, o.required), (Some(2.0), Some(2.0)));
    has_evidence(&o);

    b.last().attributes.insert("lid".into(), Value::Bool(false));
    let o = b.check(chk());
    fail(&o);
    assert_eq!((o.measured, o.required), (Some(1.0), Some(2.0)));
    assert_eq!(o.entities, vec!["bin2".to_string()]);
    has_evidence(&o);

    // Numbers with a minimum, on exterior windows.
    b.wall("north", (8.0, 4.0), (0.0, 4.0)).window(
        "north",
        "win1",
        2.0,
        &[("screen_mesh", Value::Number(16.0))],
    );
    let win = |min| Check::AttributeRequired {
        target: AttributeTarget::Windows {
            exterior_only: true,
        },
        attribute: "screen_mesh".into(),
        equals: None,
        min: Some(min),
        max: None,
    };
    pass(&b.check(win(14.0)));
    fail(&b.check(win(18.0)));
    // A maximum (a cool cabinet set to at most 20 °C), alone and with a minimum.
    let range = |min, max| Check::AttributeRequired {
        target: AttributeTarget::Windows {
            exterior_only: true,
        },
        attribute: "screen_mesh".into(),
        equals: None,
        min,
        max,
    };
    pass(&b.check(range(None, Some(16.0))));
    fail(&b.check(range(None, Some(15.0))));
    pass(&b.check(range(Some(10.0), Some(20.0))));
    let o = b.check(range(Some(17.0), Some(20.0)));
    fail(&o);
    assert!(
        o.finding.en.contains("≥ 17") && o.finding.en.contains("≤ 20"),
        "{}",
        o.finding.en
    );

    // Zero targets pass: nothing to check (existence is another rule's job).
    let o = b.check(Check::AttributeRequired {
        target: AttributeTarget::Fixtures(types(&["stove"])),
        attribute: "lid".into(),
        equals: None,
        min: None,
        max: None,
    });
    pass(&o);
    assert_eq!((o.measured, o.required), (Some(0.0), Some(0.0)));
}

// ---------------------------------------------------------------------------------
// clear_width
// ---------------------------------------------------------------------------------

/// A 6 m × 1.5 m corridor (the floor edges are its sides) with a door in a wall at
/// each end.
fn corridor() -> B {
    let mut b = B::new(rect(0.0, 0.0, 6.0, 1.5));
    b.wall("west", (0.0, 0.0), (0.0, 1.5))
        .door("west", "door_w", 0.75, 1.2, true)
        .wall("east", (6.0, 0.0), (6.0, 1.5))
        .door("east", "door_e", 0.75, 1.2, true)
        .zone("hall", ZoneKind::Corridor, rect(0.0, 0.0, 6.0, 1.5));
    b
}

fn door_to_door(min: f64) -> Check {
    Check::ClearWidth {
        from: Place::Doors(DoorSelector::Ids(vec!["door_w".into()])),
        to: Place::Doors(DoorSelector::Ids(vec!["door_e".into()])),
        min_width_m: min,
        cell_m: 0.05,
    }
}

#[test]
fn clear_width_pass_and_fail() {
    let mut b = corridor();
    let o = b.check(door_to_door(1.1));
    pass(&o);
    // The 1.5 m corridor ends in 1.2 m doors, which limit it.
    assert!(
        close(o.measured, 1.2, 1e-9),
        "{:?} {:?}",
        o.measured,
        o.evidence
    );
    has_evidence(&o);

    // A counter 0.6 m deep against one side leaves 0.9 m.
    b.fx("counter1", "counter", (3.0, 0.3));
    let o = b.check(door_to_door(1.1));
    fail(&o);
    assert!(close(o.measured, 0.9, 0.051), "{:?}", o.measured);
    assert!(
        o.entities.contains(&"counter1".to_string()),
        "{:?}",
        o.entities
    );
    assert!(
        o.evidence
            .iter()
            .any(|e| matches!(e, Evidence::Polyline { points, .. } if points.len() >= 2))
    );
    let point = o.evidence.iter().find_map(|e| match e {
        Evidence::Point { at, label } => Some((*at, label.clone())),
        _ => None,
    });
    let (at, label) = point.expect("a point at the narrowest spot");
    assert!((2.4..=3.6).contains(&at.0) && at.2 > 0.6, "{at:?}");
    assert_eq!(
        label, "",
        "the dimension line carries the figure, not the point too"
    );
    assert!(
        o.evidence
            .iter()
            .any(|e| matches!(e, Evidence::Segment { label, .. } if label == "0.90 m")),
        "{:?}",
        o.evidence
    );
    assert!(
        o.finding.zh.contains("最窄处 0.90 m") && o.finding.zh.contains("要求 ≥ 1.10 m"),
        "{}",
        o.finding.zh
    );
    assert!(
        o.finding.en.contains("narrowest point 0.90 m"),
        "{}",
        o.finding.en
    );
    // Obstacles are named for people, not by id.
    assert!(!o.finding.en.contains("counter1"), "{}", o.finding.en);
    assert!(
        o.finding.en.contains("beside the counter") || o.finding.en.contains("the counter and"),
        "{}",
        o.finding.en
    );

    // 0.9 m is enough for a 0.8 m rule.
    pass(&b.check(door_to_door(0.8)));

    // A wall across the corridor: no route, measured 0.
    b.wall("block", (3.0, 0.0), (3.0, 1.5));
    let o = b.check(door_to_door(0.8));
    fail(&o);
    assert_eq!(o.measured, Some(0.0));
    has_evidence(&o);
}

#[test]
fn clear_width_zone_to_fixture() {
    // Two rooms; the route from the dining room to the counter in the kitchen goes
    // through the 0.9 m door, whose own jambs do not count (it is not an end here, so
    // they do).
    let mut b = two_rooms();
    b.fx("counter1", "counter", (6.0, 3.7));
    let chk = |min| Check::ClearWidth {
        from: Place::Zones(kinds(&[ZoneKind::Dining])),
        to: Place::Fixtures(types(&["counter"])),
        min_width_m: min,
        cell_m: 0.05,
    };
    let o = b.check(chk(0.8));
    pass(&o);
    assert!(close(o.measured, 0.9, 0.051), "{:?}", o.measured);
    assert!(o.entities.contains(&"mid".to_string()), "{:?}", o.entities);
    fail(&b.check(chk(1.0)));
    // A counter inside the zone the route starts from: the ends meet.
    let o = b.check(Check::ClearWidth {
        from: Place::Zones(kinds(&[ZoneKind::Cooking])),
        to: Place::Fixtures(types(&["counter"])),
        min_width_m: 1.1,
        cell_m: 0.05,
    });
    pass(&o);
    has_evidence(&o);
}

// ---------------------------------------------------------------------------------
// walking_distance_max
// ---------------------------------------------------------------------------------

/// Two 3 × 4 rooms split by a wall at x = 3 whose only door is at the far end (z 3.1..3.9).
fn around_wall() -> B {
    let mut b = B::new(rect(0.0, 0.0, 6.0, 4.0));
    b.wall("split", (3.0, 0.0), (3.0, 4.0))
        .door("split", "d1", 3.5, 0.8, false)
        .zone("prep", ZoneKind::FoodProcessing, rect(0.0, 0.0, 3.0, 4.0))
        .zone("wash", ZoneKind::Washing, rect(3.0, 0.0, 6.0, 4.0))
        .fx("basin1", "handwash_basin", (1.0, 0.3));
    b
}

fn walk(max: f64) -> Check {
    Check::WalkingDistanceMax {
        zones: kinds(&[ZoneKind::Washing]),
        to: types(&["handwash_basin"]),
        max_m: max,
        cell_m: 0.05,
    }
}

#[test]
fn walking_distance_goes_through_the_door() {
    let b = around_wall();
    let o = b.check(walk(10.0));
    pass(&o);
    let d = o.measured.expect("reachable");
    // Straight line from the basin to the farthest corner of the wash room is under 5 m;
    // the walk goes up to the door at z ≈ 3.5 and back down.
    let straight = (5.95f64 - 1.25).hypot(0.05 - 0.5);
    assert!(d > straight + 2.0, "walk {d} vs straight {straight}");
    // Basin corner (1.25, 0.5) → round the jamb (2.95..3.05, 3.1) → corner (5.95, 0.05):
    // about 7.4 m; the 8-neighbour metric adds at most 8 %.
    let via_door = (1.7f64).hypot(2.6) + 0.1 + (2.9f64).hypot(3.05);
    assert!(
        d >= via_door - 0.1 && d <= via_door * 1.085,
        "{d} vs {via_door}"
    );
    has_evidence(&o);
    let worst = o.evidence.iter().find_map(|e| match e {
        Evidence::Point { at, .. } => Some(*at),
        _ => None,
    });
    let worst = worst.expect("worst point");
    assert!(worst.0 > 5.0 && worst.2 < 1.0, "{worst:?}");
    // The path goes through the door opening.
    assert!(
        o.evidence
            .iter()
            .any(|e| matches!(e, Evidence::Polyline { points, .. }
        if points.iter().any(|p| (p.0 - 3.0).abs() < 0.1 && (3.0..=4.0).contains(&p.2))))
    );

    let o = b.check(walk(6.0));
    fail(&o);
    assert!(close(o.measured, d, 1e-9));
    has_evidence(&o);
}

#[test]
fn walking_distance_unreachable_fails() {
    let mut b = around_wall();
    b.v.walls[0].openings.clear();
    let o = b.check(walk(10.0));
    fail(&o);
    assert_eq!(o.measured, None);
    assert!(o.finding.en.contains("cannot reach"), "{}", o.finding.en);
    has_evidence(&o);
}

// ---------------------------------------------------------------------------------
// zone_sequence
// ---------------------------------------------------------------------------------

/// Storage | processing | cooking | serving in a row, a door between each pair, and a
/// corridor along the south side joined to storage and serving only.
fn flow() -> B {
    let mut b = B::new(rect(0.0, 0.0, 12.0, 4.0));
    b.wall("a", (3.0, 1.0), (3.0, 4.0))
        .door("a", "d_sp", 1.5, 0.9, false)
        .wall("b", (6.0, 1.0), (6.0, 4.0))
        .door("b", "d_pc", 1.5, 0.9, false)
        .wall("c", (9.0, 1.0), (9.0, 4.0))
        .door("c", "d_cs", 1.5, 0.9, false)
        .wall("south", (0.0, 1.0), (12.0, 1.0))
        .door("south", "d_hall_storage", 1.5, 0.9, false)
        .door("south", "d_hall_serving", 10.5, 0.9, false)
        .zone("storage", ZoneKind::Storage, rect(0.0, 1.0, 3.0, 4.0))
        .zone("prep", ZoneKind::FoodProcessing, rect(3.0, 1.0, 6.0, 4.0))
        .zone("cook", ZoneKind::Cooking, rect(6.0, 1.0, 9.0, 4.0))
        .zone("serve", ZoneKind::Serving, rect(9.0, 1.0, 12.0, 4.0))
        .zone("hall", ZoneKind::Corridor, rect(0.0, 0.0, 12.0, 1.0));
    b
}

#[test]
fn zone_sequence_pass_and_fail() {
    let b = flow();
    let steps = |k: &[ZoneKind]| k.iter().map(|k| kinds(&[*k])).collect::<Vec<_>>();
    use ZoneKind::*;
    let o = b.check(Check::ZoneSequence {
        steps: steps(&[Storage, FoodProcessing, Cooking, Serving]),
    });
    pass(&o);
    assert_eq!(
        (o.measured, o.required, o.unit),
        (Some(1.0), Some(1.0), Unit::Bool)
    );
    has_evidence(&o);
    assert!(
        o.evidence
            .iter()
            .any(|e| matches!(e, Evidence::Polyline { points, .. } if points.len() >= 4))
    );
    assert!(o.entities.contains(&"d_pc".to_string()));

    // Serving back to processing is only possible through cooking (an earlier step)
    // or the corridor and storage (an earlier step too).
    let o = b.check(Check::ZoneSequence {
        steps: steps(&[Storage, Cooking, Serving, FoodProcessing]),
    });
    fail(&o);
    assert_eq!(o.measured, Some(0.0));
    has_evidence(&o);

    // A step matching no zone fails.
    fail(&b.check(Check::ZoneSequence {
        steps: steps(&[Storage, Toilet]),
    }));
}

// ---------------------------------------------------------------------------------
// Whole evaluation
// ---------------------------------------------------------------------------------

fn rule(id: &str, applies_when: Option<Condition>, check: Check) -> Rule {
    Rule {
        id: id.into(),
        level: Level::Required,
        category: "layout".into(),
        title: Text::new(id, id),
        explanation: Text::new("说明", "Explanation"),
        source: Source {
            document: Text::new("规范", "Code"),
            clause: Some("1.1".into()),
            authority: None,
        },
        effective: "2020-01-01".into(),
        applies_when,
        check,
    }
}

#[test]
fn evaluate_keeps_order_and_applicability() {
    let mut b = two_rooms();
    b.v.flags
        .insert("serves_cold_dishes".into(), Value::Bool(false));
    b.fx("basin1", "handwash_basin", (7.0, 3.7));
    let mut groups = BTreeMap::new();
    groups.insert(
        "food_area".to_string(),
        vec![ZoneKind::Cooking, ZoneKind::FoodProcessing],
    );
    let pack = RulePack {
        format_version: FORMAT_VERSION,
        version: None,
        id: "pack".into(),
        title: Text::new("包", "Pack"),
        zone_groups: groups,
        categories: BTreeMap::new(),
        rules: vec![
            rule(
                "r-basin",
                None,
                fixture_in_zone(1, None, false, ZoneSelector::Group("food_area".into())),
            ),
            rule(
                "r-cold",
                Some(Condition::Flag("serves_cold_dishes".into())),
                Check::ZoneAreaMin {
                    zones: kinds(&[ZoneKind::SpecialRoom]),
                    min_m2: 5.0,
                    per_zone: false,
                },
            ),
            rule(
                "r-area",
                Some(Condition::Not(Box::new(Condition::Flag(
                    "missing_flag".into(),
                )))),
                Check::ZoneAreaMin {
                    zones: ZoneSelector::All,
                    min_m2: 50.0,
                    per_zone: false,
                },
            ),
        ],
    };
    let report = evaluate(&b.v, &b.cat, &[pack.clone(), pack]);
    assert_eq!(report.venue, "tiny");
    let ids: Vec<&str> = report.results.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        ["r-basin", "r-cold", "r-area", "r-basin", "r-cold", "r-area"]
    );
    let st: Vec<Status> = report.results.iter().map(|r| r.status).collect();
    assert_eq!(st[..3], [Status::Pass, Status::NotApplicable, Status::Fail]);
    assert_eq!(report.results[0].kind, "fixture_in_zone");
    assert!(!report.required_pass());
    // Deterministic: the same input gives the same report.
    let again = evaluate(&b.v, &b.cat, &[]);
    assert!(again.results.is_empty());
}

#[test]
fn nothing_panics_on_degenerate_input() {
    let mut b = two_rooms();
    b.fx("x", "unknown_type", (f64::NAN, f64::INFINITY));
    b.v.zones.push(Zone {
        id: "flat".into(),
        kind: ZoneKind::Other,
        name: None,
        polygon: vec![(1.0, 1.0), (1.0, 1.0)],
        clear_height: f64::NAN,
        attributes: Attributes::new(),
    });
    b.v.walls.push(Wall {
        id: "zero".into(),
        from: (2.0, 2.0),
        to: (2.0, 2.0),
        thickness: -1.0,
        height: 0.0,
        openings: vec![],
    });
    let checks = [
        fixture_in_zone(1, Some(2), true, ZoneSelector::All),
        Check::ZoneAreaMin {
            zones: ZoneSelector::All,
            min_m2: 1.0,
            per_zone: true,
        },
        Check::ClearHeightMin {
            zones: ZoneSelector::All,
            min_m: 2.0,
        },
        Check::ClearWidth {
            from: Place::Venue,
            to: Place::Fixtures(types(&["unknown_type"])),
            min_width_m: f64::NAN,
            cell_m: -1.0,
        },
        Check::WalkingDistanceMax {
            zones: ZoneSelector::All,
            to: types(&["unknown_type"]),
            max_m: 5.0,
            cell_m: 0.0,
        },
        Check::Distance {
            from: Place::Venue,
            to: Place::External(vec!["cesspit".into()]),
            min_m: Some(10.0),
            max_m: None,
        },
        Check::ZoneSequence {
            steps: vec![ZoneSelector::All, ZoneSelector::Ids(vec!["flat".into()])],
        },
        Check::FootprintCoverage {
            cover: types(&["unknown_type"]),
            covered: types(&["unknown_type"]),
            margin_m: 0.1,
        },
        Check::ZonesSeparated {
            a: ZoneSelector::All,
            b: ZoneSelector::Ids(vec!["flat".into()]),
        },
        Check::StaffSide {
            fixtures: types(&["unknown_type"]),
            min_distance_m: f64::NAN,
            entrances: DoorSelector::All,
            cell_m: 0.0,
        },
    ];
    let plan = b.plan();
    for c in &checks {
        let o = evaluate_check(&plan, c, &b.groups);
        assert!(!o.finding.en.is_empty());
    }
    // An empty venue too.
    let empty = B::new(vec![]);
    for c in &checks {
        let _ = empty.check(c.clone());
    }
}

// ---------------------------------------------------------------------------------
// Timing (run with `cargo test --release -p venue_core --test check_kinds -- --ignored
// --nocapture`)
// ---------------------------------------------------------------------------------

/// A plausible 8 m × 6 m (48 m²) eatery: dining room, kitchen, preparation, storage,
/// toilet; about 40 fixtures.
fn standard_eatery() -> B {
    let mut b = B::new(rect(0.0, 0.0, 8.0, 6.0));
    b.wall("south", (0.0, 0.0), (8.0, 0.0))
        .door("south", "front", 2.0, 0.9, true)
        .wall("east", (8.0, 0.0), (8.0, 6.0))
        .door("east", "wc_out", 0.75, 0.8, true)
        .door("east", "back", 5.45, 0.9, true)
        .wall("north", (8.0, 6.0), (0.0, 6.0))
        .window("north", "win_n", 6.0, &[("screen", Value::Bool(true))])
        .wall("west", (0.0, 6.0), (0.0, 0.0))
        .window("west", "win_w", 3.0, &[("screen", Value::Bool(true))])
        .wall("kitchen", (4.5, 0.0), (4.5, 6.0))
        .door("kitchen", "pass", 4.5, 0.9, false)
        .wall("prep", (4.5, 3.0), (8.0, 3.0))
        .door("prep", "prep_door", 1.5, 0.9, false)
        .wall("store", (6.5, 0.0), (6.5, 3.0))
        .door("store", "store_door", 2.25, 0.8, false)
        .wall("wc", (6.5, 1.5), (8.0, 1.5))
        .zone("dining", ZoneKind::Dining, rect(0.0, 0.0, 4.5, 6.0))
        .zone("cook", ZoneKind::Cooking, rect(4.5, 3.0, 8.0, 6.0))
        .zone("prep", ZoneKind::FoodProcessing, rect(4.5, 0.0, 6.5, 3.0))
        .zone("wc", ZoneKind::Toilet, rect(6.5, 0.0, 8.0, 1.5))
        .zone("store", ZoneKind::Storage, rect(6.5, 1.5, 8.0, 3.0));
    for (i, (x, z)) in [(1.2, 1.6), (3.2, 1.6), (1.2, 4.2), (3.2, 4.2)]
        .into_iter()
        .enumerate()
    {
        b.fx(&format!("table{i}"), "table", (x, z));
        for (j, (dx, dz)) in [(0.0, -0.65), (0.0, 0.65), (-0.65, 0.0), (0.65, 0.0)]
            .into_iter()
            .enumerate()
        {
            b.fx(&format!("chair{i}_{j}"), "chair", (x + dx, z + dz));
        }
    }
    b.fx("stove1", "stove", (6.0, 5.65));
    b.last().rotation = 180.0;
    b.fx("hood1", "hood", (6.0, 5.6));
    b.last().rotation = 180.0;
    b.fx("counter1", "counter", (7.6, 4.5));
    b.last().rotation = 90.0;
    b.fx("fridge1", "fridge", (7.55, 3.45))
        .fx("basin_k", "handwash_basin", (4.85, 5.7))
        .fx("basin_p", "handwash_basin", (6.2, 2.7))
        .fx("sink1", "sink", (5.4, 0.4))
        .fx("shelf1", "shelf", (7.25, 2.75))
        .fx("ext1", "extinguisher", (0.2, 5.8))
        .fx("ext2", "extinguisher", (4.65, 3.25))
        .fx("guard_front", "rodent_guard", (2.0, 0.08))
        .fx("guard_wc", "rodent_guard", (7.92, 0.75));
    b.last().rotation = 90.0;
    b.last().size = Some((0.8, 0.05, 0.6));
    b.fx("guard_back", "rodent_guard", (7.92, 5.45));
    b.last().rotation = 90.0;
    b.last().size = Some((0.8, 0.05, 0.6));
    b.last().rotation = 90.0;
    for (id, p) in [("bin1", (4.8, 3.8)), ("bin2", (6.2, 0.3))] {
        b.fx(id, "bin", p);
        b.last().attributes.insert("lid".into(), Value::Bool(true));
    }
    b.groups.insert(
        "food_area".into(),
        vec![
            ZoneKind::Cooking,
            ZoneKind::FoodProcessing,
            ZoneKind::Washing,
        ],
    );
    b
}

/// About 25 rules of every kind, with the grid rules a real pack has.
fn rules_25(groups: &BTreeMap<String, Vec<ZoneKind>>, cell: f64, walk_cell: f64) -> RulePack {
    use ZoneKind::*;
    let food = || ZoneSelector::Group("food_area".into());
    let checks = vec![
        Check::FixtureInZone {
            fixtures: types(&["handwash_basin"]),
            zones: food(),
            min_count: 1,
            max_count: None,
            per_zone: true,
        },
        Check::FixtureInZone {
            fixtures: types(&["extinguisher"]),
            zones: ZoneSelector::All,
            min_count: 1,
            max_count: None,
            per_zone: false,
        },
        Check::ZoneAreaMin {
            zones: food(),
            min_m2: 8.0,
            per_zone: false,
        },
        Check::ZoneAreaMin {
            zones: kinds(&[Cooking]),
            min_m2: 8.0,
            per_zone: true,
        },
        Check::AreaRatio {
            numerator: food(),
            denominator: kinds(&[Dining]),
            min: Some(0.3),
            max: None,
        },
        Check::ClearHeightMin {
            zones: ZoneSelector::All,
            min_m: 2.5,
        },
        Check::Distance {
            from: Place::Fixtures(types(&["bin"])),
            to: Place::Fixtures(types(&["stove"])),
            min_m: Some(1.0),
            max_m: None,
        },
        Check::Distance {
            from: Place::Fixtures(types(&["stove"])),
            to: Place::Fixtures(types(&["handwash_basin"])),
            min_m: None,
            max_m: Some(5.0),
        },
        Check::Distance {
            from: Place::Zones(kinds(&[Toilet])),
            to: Place::Zones(food()),
            min_m: Some(0.0),
            max_m: None,
        },
        Check::FootprintCoverage {
            cover: types(&["hood"]),
            covered: types(&["stove"]),
            margin_m: 0.1,
        },
        Check::DoorFitting {
            doors: DoorSelector::Exterior,
            fitting: types(&["rodent_guard"]),
            min_height_m: 0.6,
            max_distance_m: 0.3,
            min_width_ratio: 0.9,
        },
        Check::NoDirectOpening {
            a: kinds(&[Toilet]),
            b: food(),
        },
        Check::DoorNotFacing {
            doors: DoorSelector::OfZones(kinds(&[Toilet])),
            zones: food(),
            depth_m: 2.0,
        },
        Check::MountingHeightBand {
            fixtures: types(&["extinguisher"]),
            bottom_min_m: Some(0.08),
            top_max_m: Some(1.5),
        },
        Check::CountPerArea {
            fixtures: types(&["extinguisher"]),
            zones: ZoneSelector::All,
            area_per_unit_m2: 50.0,
            count_per_unit: 1,
            min_count: 1,
        },
        Check::AttributeRequired {
            target: AttributeTarget::Fixtures(types(&["bin"])),
            attribute: "lid".into(),
            equals: Some(Value::Bool(true)),
            min: None,
            max: None,
        },
        Check::AttributeRequired {
            target: AttributeTarget::Windows {
                exterior_only: true,
            },
            attribute: "screen".into(),
            equals: None,
            min: None,
            max: None,
        },
        Check::AttributeRequired {
            target: AttributeTarget::Doors(DoorSelector::Exterior),
            attribute: "self_closing".into(),
            equals: None,
            min: None,
            max: None,
        },
        Check::ClearWidth {
            from: Place::Venue,
            to: Place::Zones(kinds(&[Cooking])),
            min_width_m: 0.9,
            cell_m: cell,
        },
        Check::ClearWidth {
            from: Place::Zones(kinds(&[Dining])),
            to: Place::Doors(DoorSelector::Exterior),
            min_width_m: 1.1,
            cell_m: cell,
        },
        Check::ClearWidth {
            from: Place::Fixtures(types(&["stove"])),
            to: Place::Doors(DoorSelector::Ids(vec!["back".into()])),
            min_width_m: 0.9,
            cell_m: cell,
        },
        Check::WalkingDistanceMax {
            zones: food(),
            to: types(&["handwash_basin"]),
            max_m: 10.0,
            cell_m: walk_cell,
        },
        Check::WalkingDistanceMax {
            zones: kinds(&[Dining]),
            to: types(&["extinguisher"]),
            max_m: 15.0,
            cell_m: walk_cell,
        },
        Check::ZoneSequence {
            steps: vec![
                kinds(&[Storage]),
                kinds(&[FoodProcessing]),
                kinds(&[Cooking]),
                kinds(&[Dining]),
            ],
        },
        Check::Distance {
            from: Place::Doors(DoorSelector::Exterior),
            to: Place::Zones(kinds(&[Toilet])),
            min_m: None,
            max_m: Some(60.0),
        },
    ];
    RulePack {
        format_version: FORMAT_VERSION,
        version: None,
        id: "timing".into(),
        title: Text::new("计时", "Timing"),
        zone_groups: groups.clone(),
        categories: BTreeMap::new(),
        rules: checks
            .into_iter()
            .enumerate()
            .map(|(i, c)| rule(&format!("r{i:02}"), None, c))
            .collect(),
    }
}

/// A 60 m × 50 m (3,000 m²) venue: 50 rooms of 6 m × 10 m with doors between them and
/// 2,000 fixtures.
fn large_venue() -> B {
    use ZoneKind::*;
    let mut b = B::new(rect(0.0, 0.0, 60.0, 50.0));
    b.wall("south", (0.0, 0.0), (60.0, 0.0))
        .wall("north", (60.0, 50.0), (0.0, 50.0));
    b.wall("west", (0.0, 50.0), (0.0, 0.0))
        .wall("east", (60.0, 0.0), (60.0, 50.0));
    for i in 0..10 {
        b.door("south", &format!("ext{i}"), 3.0 + 6.0 * i as f64, 1.2, true);
        b.window(
            "north",
            &format!("win{i}"),
            3.0 + 6.0 * i as f64,
            &[("screen", Value::Bool(true))],
        );
    }
    for k in 1..10 {
        let id = format!("x{k}");
        b.wall(&id, (6.0 * k as f64, 0.0), (6.0 * k as f64, 50.0));
        for j in 0..5 {
            b.door(
                &id,
                &format!("dx{k}_{j}"),
                5.0 + 10.0 * j as f64,
                0.9,
                false,
            );
        }
    }
    for j in 1..5 {
        let id = format!("z{j}");
        b.wall(&id, (0.0, 10.0 * j as f64), (60.0, 10.0 * j as f64));
        for k in 0..10 {
            b.door(&id, &format!("dz{j}_{k}"), 3.0 + 6.0 * k as f64, 0.9, false);
        }
    }
    let cycle = [
        Dining,
        Cooking,
        FoodProcessing,
        Storage,
        Washing,
        Dining,
        Serving,
        Toilet,
        Dining,
        Corridor,
    ];
    let mut n = 0;
    for k in 0..10 {
        for j in 0..5 {
            let (x0, z0) = (6.0 * k as f64, 10.0 * j as f64);
            let kind = cycle[(k + j) % cycle.len()];
            b.zone(
                &format!("room{k}_{j}"),
                kind,
                rect(x0, z0, x0 + 6.0, z0 + 10.0),
            );
            for r in 0..8 {
                for c in 0..5 {
                    let ty = match (kind, r, c) {
                        (Cooking, 0, 0) => "stove",
                        (_, 0, 1) => "handwash_basin",
                        (_, 0, 2) => "extinguisher",
                        (_, 0, 3) => "bin",
                        _ => "table",
                    };
                    b.fx(
                        &format!("f{n}"),
                        ty,
                        (x0 + 1.0 + 1.0 * c as f64, z0 + 1.2 + 1.1 * r as f64),
                    );
                    if ty == "bin" {
                        b.last().attributes.insert("lid".into(), Value::Bool(true));
                    }
                    if ty == "table" {
                        b.last().size = Some((0.6, 0.6, 0.75));
                    }
                    n += 1;
                }
            }
        }
    }
    b.groups
        .insert("food_area".into(), vec![Cooking, FoodProcessing, Washing]);
    b
}

fn time_venue(name: &str, b: &B, runs: u32, cell: f64, walk_cell: f64) {
    use std::time::Instant;
    let pack = rules_25(&b.groups, cell, walk_cell);
    let packs = [pack];
    let report = evaluate(&b.v, &b.cat, &packs);
    let t = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(evaluate(&b.v, &b.cat, &packs));
    }
    let total = t.elapsed() / runs;
    println!(
        "{name}, clear_width cell {cell} m, walking cell {walk_cell} m: {} rules, {:?} per full evaluation (plan + grids + rules)",
        report.results.len(),
        total
    );
    // Per rule, on a fresh plan each time so grid building is charged to the first user.
    let plan = b.plan();
    for r in &packs[0].rules {
        let t = Instant::now();
        let o = evaluate_check(&plan, &r.check, &b.groups);
        println!(
            "  {:<4} {:<22} {:>10.3?}  {} {}",
            r.id,
            r.check.kind_name(),
            t.elapsed(),
            if o.passed { "pass" } else { "FAIL" },
            o.finding.en
        );
    }
}

#[test]
#[ignore = "timing; run in release with --ignored --nocapture"]
fn timing_standard_eatery() {
    time_venue(
        "standard eatery (48 m²)",
        &standard_eatery(),
        200,
        0.05,
        0.05,
    );
    time_venue(
        "standard eatery (48 m²)",
        &standard_eatery(),
        200,
        0.05,
        0.1,
    );
    time_venue("standard eatery (48 m²)", &standard_eatery(), 200, 0.1, 0.1);
}

#[test]
#[ignore = "timing; run in release with --ignored --nocapture"]
fn timing_large_venue() {
    let b = large_venue();
    assert_eq!(b.v.fixtures.len(), 2000);
    time_venue("large venue (3,000 m², 2,000 fixtures)", &b, 5, 0.05, 0.05);
    time_venue("large venue (3,000 m², 2,000 fixtures)", &b, 5, 0.05, 0.1);
    time_venue("large venue (3,000 m², 2,000 fixtures)", &b, 5, 0.1, 0.1);
}

/// The shipped scenes with their 56-rule pack, as `docs/performance.md` quotes them.
#[test]
#[ignore = "timing; run in release with --ignored --nocapture"]
fn timing_shipped_scenes() {
    use std::time::Instant;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenes");
    for name in [
        "small-eatery",
        "small-eatery-violations",
        "retail-pharmacy",
        "retail-pharmacy-violations",
    ] {
        let Ok(loaded) = venue_core::load::load_venue(&root.join(name)) else {
            panic!("{name} loads");
        };
        let packs: Vec<RulePack> = loaded.packs.iter().map(|(_, p)| p.clone()).collect();
        let runs = 200;
        let t = Instant::now();
        for _ in 0..runs {
            std::hint::black_box(evaluate(&loaded.venue, &loaded.catalogue, &packs));
        }
        let rules: usize = packs.iter().map(|p| p.rules.len()).sum();
        println!(
            "scenes/{name}, {rules} rules: {:?} per full evaluation",
            t.elapsed() / runs
        );
        // The grid rules, each on a fresh plan (grid building charged to it), best of 20.
        for r in packs.iter().flat_map(|p| &p.rules) {
            if !matches!(
                r.check,
                Check::ClearWidth { .. } | Check::WalkingDistanceMax { .. }
            ) {
                continue;
            }
            let best = (0..20)
                .map(|_| {
                    let plan = Plan::new(&loaded.venue, &loaded.catalogue);
                    let t = Instant::now();
                    std::hint::black_box(evaluate_check(&plan, &r.check, &packs[0].zone_groups));
                    t.elapsed()
                })
                .min()
                .unwrap_or_default();
            println!("  {:<28} {best:>10.3?}", r.id);
        }
    }
}

#[test]
fn plan_is_shareable_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Plan>();
    assert_send_sync::<venue_core::geometry::OccupancyGrid>();
}

#[test]
fn standard_eatery_evaluates() {
    let b = standard_eatery();
    let report = evaluate(&b.v, &b.cat, &[rules_25(&b.groups, 0.05, 0.05)]);
    assert_eq!(report.results.len(), 25);
    for r in &report.results {
        assert!(!r.finding.en.is_empty() && !r.finding.zh.is_empty());
    }
}

/// Writes the generated 3,000 m² venue as scene files (venue, catalogue and its 25-rule
/// pack) into `$VENUE_LARGE_OUT`, for the app's edit benchmark (`tests/edit_bench.rs`)
/// and for looking at it (`venue-guide view $VENUE_LARGE_OUT`).
#[test]
#[ignore = "writes files; run with VENUE_LARGE_OUT=DIR and --ignored"]
fn write_large_venue_files() {
    let Some(out) = std::env::var_os("VENUE_LARGE_OUT") else {
        panic!("set VENUE_LARGE_OUT to the folder to write");
    };
    let out = std::path::PathBuf::from(out);
    std::fs::create_dir_all(&out).unwrap();
    let b = large_venue();
    let mut venue = b.v.clone();
    venue.id = "generated-3000m2".into();
    venue.catalogue = "catalogue.ron".into();
    venue.rule_packs = vec!["rules.ron".into()];
    let pack = rules_25(&b.groups, 0.05, 0.05);
    let pretty = || ron::ser::PrettyConfig::new().struct_names(false);
    let write = |name: &str, text: String| std::fs::write(out.join(name), text).unwrap();
    write(
        "venue.ron",
        ron::ser::to_string_pretty(&venue, pretty()).unwrap(),
    );
    write(
        "catalogue.ron",
        ron::ser::to_string_pretty(&b.cat, pretty()).unwrap(),
    );
    write(
        "rules.ron",
        ron::ser::to_string_pretty(&pack, pretty()).unwrap(),
    );
    let loaded = venue_core::load::load_venue(&out).expect("the written venue loads");
    assert_eq!(loaded.venue.fixtures.len(), 2000);
}
