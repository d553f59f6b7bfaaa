//! Property: any sequence of edit operations on a shipped scene saves losslessly. The
//! saved text parses to the edited venue (save checks this itself and errors
//! otherwise), keeps every comment of the original, and undoing every step in the
//! History gives back the original text byte for byte.

mod common;

use proptest::prelude::*;
use venue_core::edit::{self, History, SnapOptions};
use venue_core::model::Venue;

/// One edit, by index into what the venue has (taken modulo its length).
#[derive(Debug, Clone)]
enum Op {
    Move(usize, f64, f64, bool),
    Turn(usize, i32),
    Delete(usize),
    Add(usize, f64, f64),
    ZoneCorner(usize, usize, f64, f64),
    FloorEdge(usize, f64),
    Opening(usize, f64),
}

fn op() -> impl Strategy<Value = Op> {
    let d = -0.6..0.6f64;
    prop_oneof![
        (any::<usize>(), d.clone(), d.clone(), any::<bool>())
            .prop_map(|(i, x, z, s)| Op::Move(i, x, z, s)),
        (any::<usize>(), -3..4i32).prop_map(|(i, q)| Op::Turn(i, q)),
        any::<usize>().prop_map(Op::Delete),
        (any::<usize>(), 0.5..5.5f64, 0.5..7.5f64).prop_map(|(i, x, z)| Op::Add(i, x, z)),
        (any::<usize>(), any::<usize>(), d.clone(), d.clone())
            .prop_map(|(z, c, x, y)| Op::ZoneCorner(z, c, x, y)),
        (any::<usize>(), d.clone()).prop_map(|(e, o)| Op::FloorEdge(e, o)),
        (any::<usize>(), d).prop_map(|(o, c)| Op::Opening(o, c)),
    ]
}

fn apply(v: &Venue, cat: &venue_core::model::Catalogue, op: &Op) -> Option<Venue> {
    let fixture = |i: usize| {
        v.fixtures
            .get(i % v.fixtures.len().max(1))
            .map(|f| f.id.clone())
    };
    match *op {
        Op::Move(i, dx, dz, snap) => {
            let f = v.fixtures.get(i % v.fixtures.len().max(1))?;
            let options = if snap {
                SnapOptions::ALL
            } else {
                SnapOptions::NONE
            };
            edit::move_fixture(
                v,
                cat,
                &f.id,
                (f.position.0 + dx, f.position.1 + dz),
                options,
            )
            .ok()
        }
        Op::Turn(i, q) => edit::rotate_quarter(v, &fixture(i)?, q).ok(),
        Op::Delete(i) => edit::delete_fixture(v, &fixture(i)?).ok(),
        Op::Add(i, x, z) => {
            let kind = cat.fixtures.keys().nth(i % cat.fixtures.len())?;
            edit::add_fixture(v, cat, kind, (x, z), SnapOptions::ALL)
                .ok()
                .map(|(v, _)| v)
        }
        Op::ZoneCorner(z, c, dx, dy) => {
            let zone = v.zones.get(z % v.zones.len().max(1))?;
            let c = c % zone.polygon.len().max(1);
            let p = *zone.polygon.get(c)?;
            edit::move_zone_corner(v, &zone.id, c, (p.0 + dx, p.1 + dy)).ok()
        }
        Op::FloorEdge(e, offset) => {
            // Push the edge out along its normal (an outward or inward drag).
            let n = v.floor.len();
            let (a, b) = (v.floor[e % n], v.floor[(e + 1) % n]);
            let len = (b.0 - a.0).hypot(b.1 - a.1);
            let normal = ((b.1 - a.1) / len, -(b.0 - a.0) / len);
            edit::move_floor_edge(v, e % n, (normal.0 * offset, normal.1 * offset)).ok()
        }
        Op::Opening(o, dc) => {
            let all: Vec<_> = v.walls.iter().flat_map(|w| w.openings.iter()).collect();
            let opening = all.get(o % all.len().max(1))?;
            edit::move_opening(v, opening.id(), opening.center() + dc).ok()
        }
    }
}

fn comments(text: &str) -> Vec<String> {
    // A line comment in these files always starts with `//` after code or spaces, and
    // no string in them holds `//`.
    text.lines()
        .filter_map(|l| l.find("//").map(|i| l[i..].to_owned()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_edits_save_losslessly_and_undo_restores_the_text(
        scene in prop_oneof![Just("small-eatery"), Just("small-eatery-violations")],
        ops in prop::collection::vec(op(), 1..8),
    ) {
        let dir = common::manifest_dir().join("../../scenes").join(scene);
        let loaded = venue_core::load::load_venue(&dir).expect("the scene loads");
        let text = std::fs::read_to_string(dir.join("venue.ron")).expect("its text");
        let mut history = History::new(loaded.venue.clone());
        for op in &ops {
            if let Some(next) = apply(history.current(), &loaded.catalogue, op) {
                history.apply(next);
            }
        }
        let saved = venue_core::save::save_text(&text, &loaded.venue, history.current())
            .map_err(|e| TestCaseError::fail(format!("{e}")))?;
        prop_assert_eq!(comments(&saved), comments(&text));
        // Saving the saved text again with no change is the identity.
        prop_assert_eq!(
            &venue_core::save::save_text(&saved, history.current(), history.current()).unwrap_or_default(),
            &saved
        );
        while history.undo() {}
        prop_assert_eq!(history.current(), &loaded.venue);
        let back = venue_core::save::save_text(&text, &loaded.venue, history.current()).unwrap_or_default();
        prop_assert!(back == text, "undoing every step gives back the original text");
    }
}
