//! Edit mode without a GPU: edits go through the app's one edit system, re-check the
//! venue at once, undo and redo, and save losslessly; a state with errors is shown but
//! never saved.

mod common;

use common::edit_app;
use venue_core::compact_sort::CompactSort;

use bevy::prelude::*;
use venue_core::Status;
use venue_guide::edit::{EditCommand, EditSession};
use venue_guide::shared::ActiveVenue;
use venue_guide::venue_asset::{CurrentVenue, VenueAsset};

const RULE: &str = "handwash_in_food_area";
const BASIN: &str = "basin_kitchen";

/// The status of `rule` in the venue data the app now shows.
fn status(app: &App, rule: &str) -> Status {
    let handle = app.world().resource::<CurrentVenue>().handle.clone();
    let assets = app.world().resource::<Assets<VenueAsset>>();
    let data = &assets.get(&handle).expect("the venue asset").data;
    data.report
        .results
        .iter()
        .find(|r| r.id == rule)
        .expect("the rule")
        .status
}

fn edit(app: &mut App, command: EditCommand) {
    app.world_mut().write_message(command);
    app.update();
}

fn scratch_eatery(name: &str) -> std::path::PathBuf {
    let root = venue_guide::manifest_dir().join("scenes");
    let scratch = common::scratch(name);
    common::copy_dir(&root.join("small-eatery"), &scratch.join("small-eatery"));
    common::copy_dir(&root.join("rules"), &scratch.join("rules"));
    std::fs::copy(root.join("catalogue.ron"), scratch.join("catalogue.ron")).unwrap();
    scratch
}

#[test]
fn moving_the_basin_out_of_the_kitchen_fails_its_rule_and_undo_passes_it() {
    let scratch = scratch_eatery("edit-basin");
    let mut app = edit_app(&scratch.join("small-eatery"));
    assert_eq!(status(&app, RULE), Status::Pass);
    // A drag in small steps, across the kitchen door into the changing area.
    edit(&mut app, EditCommand::Select(Some(BASIN.into())));
    edit(&mut app, EditCommand::BeginDrag);
    for z in [5.0, 4.6, 4.2, 4.0] {
        edit(
            &mut app,
            EditCommand::Move {
                id: BASIN.into(),
                to: (3.2, z),
            },
        );
    }
    edit(&mut app, EditCommand::EndDrag);
    assert_eq!(status(&app, RULE), Status::Fail, "re-checked at once");
    edit(&mut app, EditCommand::Undo);
    assert_eq!(
        status(&app, RULE),
        Status::Pass,
        "the whole drag is one undo step"
    );
    edit(&mut app, EditCommand::Redo);
    assert_eq!(status(&app, RULE), Status::Fail);
    let _ = std::fs::remove_dir_all(&scratch);
}

#[test]
fn save_is_lossless_and_refused_while_the_scene_has_errors() {
    let scratch = scratch_eatery("edit-save");
    let file = scratch.join("small-eatery/venue.ron");
    let before = std::fs::read_to_string(&file).unwrap();
    let mut app = edit_app(&scratch.join("small-eatery"));

    // Onto the prep table: fixtures overlap, an error shown, not saved.
    let table = {
        let data = &app.world().resource::<ActiveVenue>().data;
        let f = data
            .venue
            .fixtures
            .iter()
            .find(|f| f.kind == "prep_table")
            .unwrap();
        f.position
    };
    edit(
        &mut app,
        EditCommand::Move {
            id: BASIN.into(),
            to: table,
        },
    );
    assert!(!app.world().resource::<EditSession>().problems.is_empty());
    edit(&mut app, EditCommand::Save);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        before,
        "never saved"
    );

    // Back, then a small valid move: saved, one line changed, comments kept.
    edit(&mut app, EditCommand::Undo);
    assert!(app.world().resource::<EditSession>().problems.is_empty());
    edit(
        &mut app,
        EditCommand::Rotate {
            id: BASIN.into(),
            quarter_turns: 2,
        },
    );
    edit(&mut app, EditCommand::Save);
    let after = std::fs::read_to_string(&file).unwrap();
    assert_ne!(after, before, "saved");
    let changed = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(changed, 1, "only the basin's line");
    assert_eq!(before.lines().count(), after.lines().count());
    assert!(scratch.join("small-eatery/venue.ron.bak").is_file());
    let reloaded = venue_core::load::load_valid_venue(&scratch.join("small-eatery")).unwrap();
    let session = app.world().resource::<EditSession>();
    assert_eq!(Some(&reloaded.loaded.venue), session.current());
    assert!(!session.unsaved());
    let _ = std::fs::remove_dir_all(&scratch);
}

#[test]
fn a_fixture_added_from_the_catalogue_is_selected_and_undo_removes_it() {
    let scratch = scratch_eatery("edit-add");
    let mut app = edit_app(&scratch.join("small-eatery"));
    let count = |app: &App| {
        app.world()
            .resource::<EditSession>()
            .current()
            .unwrap()
            .fixtures
            .len()
    };
    let before = count(&app);
    edit(
        &mut app,
        EditCommand::Add {
            kind: "extinguisher".into(),
        },
    );
    assert_eq!(count(&app), before + 1);
    let selected = app
        .world()
        .resource::<EditSession>()
        .selected
        .clone()
        .unwrap();
    assert!(selected.starts_with("extinguisher"), "{selected}");
    let shown = {
        let handle = app.world().resource::<CurrentVenue>().handle.clone();
        let assets = app.world().resource::<Assets<VenueAsset>>();
        assets.get(&handle).unwrap().data.venue.fixtures.len()
    };
    assert_eq!(shown, before + 1, "the new fixture is on screen");
    // Turned freely (two fingers on a touch screen), as one more undo step.
    edit(
        &mut app,
        EditCommand::SetRotation {
            id: selected.clone(),
            degrees: 397.0,
        },
    );
    let turned = app
        .world()
        .resource::<EditSession>()
        .current()
        .unwrap()
        .fixtures
        .iter()
        .find(|f| f.id == selected)
        .unwrap()
        .rotation;
    assert!((turned - 37.0).abs() < 1e-9, "normalised: {turned}");
    edit(&mut app, EditCommand::Undo);
    edit(&mut app, EditCommand::Undo);
    assert_eq!(count(&app), before);
    let _ = std::fs::remove_dir_all(&scratch);
}

#[test]
fn zone_corners_room_corners_and_doors_move_and_undo() {
    let scratch = scratch_eatery("edit-shapes");
    let mut app = edit_app(&scratch.join("small-eatery"));
    let venue = |app: &App| {
        app.world()
            .resource::<EditSession>()
            .current()
            .unwrap()
            .clone()
    };
    let start = venue(&app);
    // A corner of the dining zone, dragged 0.3 m (snapped to the 5 cm grid).
    let dining = start
        .zones
        .iter()
        .find(|z| z.id.contains("dining"))
        .unwrap();
    let (x, z) = dining.polygon[0];
    edit(
        &mut app,
        EditCommand::MoveZoneCorner {
            zone: dining.id.clone(),
            index: 0,
            to: (x + 0.31, z + 0.02),
        },
    );
    let moved = venue(&app);
    let corner = moved
        .zones
        .iter()
        .find(|z| z.id == dining.id)
        .unwrap()
        .polygon[0];
    assert!(
        (corner.0 - (x + 0.3)).abs() < 1e-9 && (corner.1 - z).abs() < 1e-9,
        "{corner:?}"
    );
    // The entrance door slid along its wall towards a point 0.5 m to its side.
    let (wall, door_center) = start
        .walls
        .iter()
        .find_map(|w| {
            w.openings.iter().find_map(|o| match o {
                venue_core::Opening::Door(d) if d.id == "door_entrance" => Some((w, d.center)),
                _ => None,
            })
        })
        .unwrap();
    let (dx, dz) = (wall.to.0 - wall.from.0, wall.to.1 - wall.from.1);
    let len = dx.hypot(dz);
    let t = (door_center - 0.5) / len;
    edit(
        &mut app,
        EditCommand::MoveOpening {
            id: "door_entrance".into(),
            toward: (wall.from.0 + dx * t, wall.from.1 + dz * t - 0.4),
        },
    );
    let slid = venue(&app)
        .walls
        .iter()
        .flat_map(|w| w.openings.iter())
        .find_map(|o| match o {
            venue_core::Opening::Door(d) if d.id == "door_entrance" => Some(d.center),
            _ => None,
        })
        .unwrap();
    assert!(
        (slid - (door_center - 0.5)).abs() < 1e-9,
        "{slid} vs {door_center}"
    );
    // A room corner: the floor and the walls on it follow.
    let (fx, fz) = start.floor[2];
    edit(
        &mut app,
        EditCommand::MoveFloorCorner {
            index: 2,
            to: (fx + 0.5, fz),
        },
    );
    assert_eq!(venue(&app).floor[2], (fx + 0.5, fz));
    for _ in 0..3 {
        edit(&mut app, EditCommand::Undo);
    }
    assert_eq!(venue(&app), start, "three undos restore the scene");
    let _ = std::fs::remove_dir_all(&scratch);
}

/// A venue whose checks are slow is checked off the main thread: the edit returns at
/// once, the result arrives a few frames later, and of several quick edits only the
/// newest is shown.
#[test]
fn slow_checks_run_off_the_main_thread_and_the_newest_wins() {
    let scratch = scratch_eatery("edit-async");
    let mut app = edit_app(&scratch.join("small-eatery"));
    // Every check counts as slow (the eatery's take ~2 ms; a 3,000 m² venue's ~80 ms).
    app.world_mut()
        .resource_mut::<EditSession>()
        .same_frame_budget_secs = -1.0;
    edit(
        &mut app,
        EditCommand::Move {
            id: BASIN.into(),
            to: (3.2, 4.6),
        },
    );
    edit(
        &mut app,
        EditCommand::Move {
            id: BASIN.into(),
            to: (3.2, 4.0),
        },
    );
    let start = std::time::Instant::now();
    while app.world().resource::<EditSession>().checking() {
        assert!(
            start.elapsed() < common::LOAD_TIMEOUT,
            "the check never arrived"
        );
        app.update();
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    assert_eq!(
        status(&app, RULE),
        Status::Fail,
        "the newest position was checked"
    );
    let handle = app.world().resource::<CurrentVenue>().handle.clone();
    let shown = app
        .world()
        .resource::<Assets<VenueAsset>>()
        .get(&handle)
        .unwrap()
        .data
        .clone();
    let basin = shown.venue.fixtures.iter().find(|f| f.id == BASIN).unwrap();
    assert_eq!(basin.position, (3.2, 4.0));
    let _ = std::fs::remove_dir_all(&scratch);
}

/// The shown fixtures: entity, id, index and where each stands.
fn shown_fixtures(app: &mut App) -> Vec<(Entity, String, usize, Vec3)> {
    let mut query = app
        .world_mut()
        .query::<(Entity, &venue_guide::spawn::FixtureRef, &Transform)>();
    let mut shown: Vec<_> = query
        .iter(app.world())
        .map(|(e, f, t)| (e, f.id.clone(), f.index, t.translation))
        .collect();
    shown.sort_compact_by(|a, b| a.1.cmp(&b.1));
    shown
}

#[test]
fn an_edit_of_fixtures_updates_them_in_place_and_an_edit_of_the_room_respawns() {
    let scratch = scratch_eatery("edit-in-place");
    let mut app = common::edit_app_with(&scratch.join("small-eatery"), |app| {
        app.add_plugins(venue_guide::spawn::plugin);
    });
    app.update();
    let before = shown_fixtures(&mut app);
    let count = app
        .world()
        .resource::<ActiveVenue>()
        .data
        .venue
        .fixtures
        .len();
    assert_eq!(before.len(), count, "every fixture is shown");

    edit(
        &mut app,
        EditCommand::Move {
            id: BASIN.into(),
            to: (3.2, 4.6),
        },
    );
    app.update();
    let moved = shown_fixtures(&mut app);
    assert_eq!(
        moved.iter().map(|f| f.0).collect::<Vec<_>>(),
        before.iter().map(|f| f.0).collect::<Vec<_>>(),
        "the same entities: nothing was respawned"
    );
    // Where the edit put it (snapped, perhaps against a wall face), and it moved.
    let basin = moved.iter().find(|f| f.1 == BASIN).unwrap();
    let was = before.iter().find(|f| f.1 == BASIN).unwrap();
    let placed = app.world().resource::<ActiveVenue>().data.venue.fixtures[basin.2].position;
    assert!(
        (basin.3.x - placed.0 as f32).abs() < 1e-4 && (basin.3.z - placed.1 as f32).abs() < 1e-4,
        "{basin:?} stands at {placed:?}"
    );
    assert!(basin.3.distance(was.3) > 0.1, "{was:?} → {basin:?}");

    // Deleting one keeps the others, with their indices following the venue's list.
    let deleted = before.iter().find(|f| f.1 != BASIN).unwrap().1.clone();
    edit(
        &mut app,
        EditCommand::Delete {
            id: deleted.clone(),
        },
    );
    app.update();
    let after_delete = shown_fixtures(&mut app);
    assert_eq!(after_delete.len(), count - 1);
    assert!(after_delete.iter().all(|f| f.1 != deleted));
    let venue = app.world().resource::<ActiveVenue>().data.venue.clone();
    for (entity, id, index, _) in &after_delete {
        assert_eq!(&venue.fixtures[*index].id, id, "index of {id}");
        let was = before.iter().find(|f| &f.1 == id).unwrap();
        assert_eq!(*entity, was.0, "{id} kept its entity");
    }

    // Undo brings it back (spawned anew); the others stay.
    edit(&mut app, EditCommand::Undo);
    app.update();
    assert_eq!(shown_fixtures(&mut app).len(), count);

    // Moving a room corner changes the shell: everything is respawned.
    let corner = venue.floor[2];
    edit(
        &mut app,
        EditCommand::MoveFloorCorner {
            index: 2,
            to: (corner.0 + 0.5, corner.1),
        },
    );
    app.update();
    let respawned = shown_fixtures(&mut app);
    assert_eq!(respawned.len(), count);
    assert!(
        respawned.iter().all(|f| before.iter().all(|b| b.0 != f.0)),
        "new entities after a change of the room"
    );
    let _ = std::fs::remove_dir_all(&scratch);
}
