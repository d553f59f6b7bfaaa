use super::*;
use crate::report::Status;
use crate::testing;

fn status(loaded: &crate::LoadedVenue, venue: &Venue, rule: &str) -> Status {
    let packs: Vec<_> = loaded.packs.iter().map(|(_, p)| p.clone()).collect();
    let report = crate::rules::evaluate(venue, &loaded.catalogue, &packs);
    report
        .results
        .iter()
        .find(|r| r.id == rule)
        .map(|r| r.status)
        .unwrap_or_else(|| panic!("no result for {rule}"))
}

fn fixture<'v>(venue: &'v Venue, id: &str) -> &'v Fixture {
    venue
        .fixtures
        .iter()
        .find(|f| f.id == id)
        .unwrap_or_else(|| panic!("no fixture {id}"))
}

#[test]
fn moving_the_kitchen_basin_out_fails_its_rule_and_undo_passes_it_again() {
    let loaded = testing::load("small-eatery");
    let rule = "handwash_in_food_area";
    assert_eq!(status(&loaded, &loaded.venue, rule), Status::Pass);
    let mut history = History::new(loaded.venue.clone());
    history.begin_gesture();
    // A drag in small steps across the kitchen door into the changing area.
    for z in [5.0, 4.6, 4.2, 4.0] {
        history
            .edit(|v| {
                move_fixture(
                    v,
                    &loaded.catalogue,
                    "basin_kitchen",
                    (3.2, z),
                    SnapOptions::ALL,
                )
            })
            .expect("the basin exists");
    }
    history.end_gesture();
    assert_eq!(
        fixture(history.current(), "basin_kitchen").position,
        (3.2, 4.0)
    );
    assert_eq!(status(&loaded, history.current(), rule), Status::Fail);
    assert_eq!(history.undo_len(), 1, "the drag is one step");
    assert!(history.undo());
    assert_eq!(history.current(), &loaded.venue);
    assert_eq!(status(&loaded, history.current(), rule), Status::Pass);
    assert!(history.redo());
    assert_eq!(status(&loaded, history.current(), rule), Status::Fail);
}

#[test]
fn moves_snap_to_the_grid_and_to_wall_faces() {
    let loaded = testing::load("small-eatery");
    let cat = &loaded.catalogue;
    // Free in the dining room: the grid only.
    let v = move_fixture(
        &loaded.venue,
        cat,
        "table_w1",
        (1.234, 2.071),
        SnapOptions::ALL,
    )
    .unwrap();
    assert_eq!(fixture(&v, "table_w1").position, (1.25, 2.05));
    // Without snapping: exactly there.
    let v = move_fixture(
        &loaded.venue,
        cat,
        "table_w1",
        (1.234, 2.071),
        SnapOptions::NONE,
    )
    .unwrap();
    assert_eq!(fixture(&v, "table_w1").position, (1.234, 2.071));
    // The kitchen basin (rotation 0, depth 0.45) dropped near the kitchen front wall
    // (z = 4.8, face 4.9): its back lands on the face, centre at 4.9 + 0.225.
    let v = move_fixture(
        &loaded.venue,
        cat,
        "basin_kitchen",
        (3.5, 5.2),
        SnapOptions::ALL,
    )
    .unwrap();
    assert_eq!(fixture(&v, "basin_kitchen").position, (3.5, 5.125));
    let snapped = snap_fixture(
        &loaded.venue,
        cat,
        "basin_kitchen",
        (3.5, 5.2),
        SnapOptions::ALL,
    )
    .unwrap();
    assert_eq!(snapped.walls, ["w_kitchen_front"]);
    // Everything else is unchanged.
    let mut back = v.clone();
    back.fixtures = loaded.venue.fixtures.clone();
    assert_eq!(back, loaded.venue);
    assert!(matches!(
        move_fixture(&loaded.venue, cat, "nope", (0.0, 0.0), SnapOptions::ALL),
        Err(EditError::UnknownFixture(_))
    ));
    assert_eq!(
        move_fixture(&loaded.venue, cat, "wc", (f64::NAN, 0.0), SnapOptions::ALL),
        Err(EditError::NotFinite("position"))
    );
}

#[test]
fn rotations_normalise() {
    let loaded = testing::load("small-eatery");
    let v = rotate_quarter(&loaded.venue, "wc", 1).unwrap(); // 180 → 270
    assert_eq!(fixture(&v, "wc").rotation, 270.0);
    let v = rotate_quarter(&v, "wc", 1).unwrap();
    assert_eq!(fixture(&v, "wc").rotation, 0.0);
    let v = rotate_quarter(&v, "wc", -3).unwrap();
    assert_eq!(fixture(&v, "wc").rotation, 90.0);
    let v = set_rotation(&v, "wc", -30.5).unwrap();
    assert_eq!(fixture(&v, "wc").rotation, 329.5);
    // From a free angle, a quarter turn lands on a multiple of 90°.
    let v = rotate_quarter(&v, "wc", 1).unwrap();
    assert_eq!(fixture(&v, "wc").rotation, 60.0 + 30.0);
}

#[test]
fn add_and_delete_fixtures() {
    let loaded = testing::load("small-eatery");
    let cat = &loaded.catalogue;
    let (v, id) = add_fixture(
        &loaded.venue,
        cat,
        "handwash_basin",
        (3.52, 6.98),
        SnapOptions::ALL,
    )
    .unwrap();
    assert_eq!(id, "handwash_basin_2");
    let added = fixture(&v, &id);
    assert_eq!(
        (added.kind.as_str(), added.position),
        ("handwash_basin", (3.5, 7.0))
    );
    // After the last basin (basin_kitchen), so like things stay together.
    let at = v.fixtures.iter().position(|f| f.id == id).unwrap();
    assert_eq!(v.fixtures[at - 1].id, "basin_kitchen");
    let (v2, id2) = add_fixture(&v, cat, "handwash_basin", (3.0, 7.0), SnapOptions::NONE).unwrap();
    assert_eq!(id2, "handwash_basin_3");
    assert_eq!(
        add_fixture(&v2, cat, "oven_x", (0.0, 0.0), SnapOptions::NONE),
        Err(EditError::UnknownFixtureType("oven_x".into()))
    );
    let v3 = delete_fixture(&v2, &id).unwrap();
    assert_eq!(v3.fixtures.len(), v2.fixtures.len() - 1);
    assert!(v3.fixtures.iter().all(|f| f.id != id));
    assert_eq!(delete_fixture(&v3, &id), Err(EditError::UnknownFixture(id)));
    assert_eq!(
        delete_fixture(&delete_fixture(&v, "handwash_basin_2").unwrap(), "wc")
            .unwrap()
            .fixtures
            .len(),
        loaded.venue.fixtures.len() - 1
    );
}

#[test]
fn zone_corners_and_edges_move() {
    let loaded = testing::load("small-eatery");
    let v = move_zone_corner(&loaded.venue, "dining", 2, (6.0, 3.0)).unwrap();
    assert_eq!(v.zones[0].polygon[2], (6.0, 3.0));
    let v = move_zone_edge(&v, "dining", 3, (0.0, -0.2)).unwrap();
    // Edge 3 runs from corner 3 back to corner 0.
    assert_eq!(
        v.zones[0].polygon,
        [(0.0, -0.2), (6.0, 0.0), (6.0, 3.0), (0.0, 3.0)]
    );
    assert_eq!(
        move_zone_corner(&loaded.venue, "dining", 4, (0.0, 0.0)),
        Err(EditError::NoSuchCorner {
            what: "dining".into(),
            index: 4,
            count: 4
        })
    );
    assert!(matches!(
        move_zone_edge(&loaded.venue, "attic", 0, (0.0, 0.0)),
        Err(EditError::UnknownZone(_))
    ));
}

#[test]
fn dragging_the_floor_keeps_walls_and_zones_attached_and_the_scene_valid() {
    let mut loaded = testing::load("small-eatery");
    // Push the east edge (corner 1 → 2, x = 6) out by 0.5 m.
    let v = move_floor_edge(&loaded.venue, 1, (0.5, 0.0)).unwrap();
    assert_eq!(v.floor, [(0.0, 0.0), (6.5, 0.0), (6.5, 8.0), (0.0, 8.0)]);
    let wall = |id: &str| v.walls.iter().find(|w| w.id == id).unwrap().clone();
    assert_eq!(
        (wall("w_east").from, wall("w_east").to),
        ((6.5, 0.0), (6.5, 8.0))
    );
    assert_eq!(wall("w_front").to, (6.5, 0.0));
    assert_eq!(wall("w_back").from, (6.5, 8.0));
    assert_eq!(
        wall("w_kitchen_front").to,
        (6.5, 4.8),
        "an interior wall ending on the outline follows"
    );
    assert_eq!(
        v.zones.iter().find(|z| z.id == "cooking").unwrap().polygon[1],
        (6.5, 4.8)
    );
    // w_back is drawn from the east end, which moved: its windows keep their place.
    assert_eq!(wall("w_back").openings[2].center(), 5.25 + 0.5);
    loaded.venue = v;
    let errors: Vec<_> = crate::validate::validate(&loaded)
        .into_iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // A corner drag moves the two walls meeting there and what lies along them.
    let v = move_floor_corner(&loaded.venue, 2, (6.5, 8.4)).unwrap();
    let east = v.walls.iter().find(|w| w.id == "w_east").unwrap();
    assert_eq!(east.to, (6.5, 8.4));
    // A zone corner along the east edge, which only got longer, stays.
    let cooking = v.zones.iter().find(|z| z.id == "cooking").unwrap();
    assert_eq!(cooking.polygon[2], (6.5, 6.6));
    let washing = v.zones.iter().find(|z| z.id == "washing").unwrap();
    assert_eq!(
        washing.polygon[2],
        (6.5, 8.4),
        "the zone corner on the dragged corner moved"
    );
}

#[test]
fn doors_and_windows_move_and_resize_on_their_wall() {
    let loaded = testing::load("small-eatery");
    let door = |v: &Venue| v.walls[0].openings[1].clone();
    let v = move_opening(&loaded.venue, "door_entrance", 2.5).unwrap();
    assert_eq!((door(&v).center(), door(&v).width()), (2.5, 1.5));
    // Clamped at the wall's end: the 1.5 m door keeps 0.75 m on each side of its middle.
    let v = move_opening(&loaded.venue, "door_entrance", 9.0).unwrap();
    assert_eq!(door(&v).center(), 5.25);
    let v = move_opening(&loaded.venue, "door_entrance", -1.0).unwrap();
    assert_eq!(door(&v).center(), 0.75);
    // Resizing keeps the middle, or shifts just enough to stay on the wall.
    let v = resize_opening(&loaded.venue, "door_entrance", 1.2).unwrap();
    assert_eq!((door(&v).center(), door(&v).width()), (3.0, 1.2));
    let v = resize_opening(
        &move_opening(&loaded.venue, "door_entrance", 5.25).unwrap(),
        "door_entrance",
        2.0,
    )
    .unwrap();
    assert_eq!((door(&v).center(), door(&v).width()), (5.0, 2.0));
    let v = resize_opening(&loaded.venue, "win_west_toilet", 20.0).unwrap();
    let win = v.walls[3].openings[0].clone();
    assert_eq!((win.center(), win.width()), (4.0, 8.0));
    assert_eq!(
        resize_opening(&loaded.venue, "door_entrance", 0.0),
        Err(EditError::NonPositiveWidth(0.0))
    );
    assert_eq!(
        move_opening(&loaded.venue, "door_x", 1.0),
        Err(EditError::UnknownOpening("door_x".into()))
    );
}
