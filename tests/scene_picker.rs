//! The scene list and switching scenes, through the real asset loader (no GPU): the
//! index beside the bundled scenes lists both kinds of premises, and asking for another
//! scene loads it; a scene folder outside the bundled ones has no list and still loads.

mod common;

use bevy::prelude::*;
use common::{loader_app, run_until};
use venue_guide::scenes::SceneList;
use venue_guide::venue_asset::{CurrentVenue, OpenScene, VenueAsset, current_scene_folder};

fn loaded_id(world: &mut World) -> Option<String> {
    let handle = world.resource::<CurrentVenue>().handle.clone();
    world
        .resource::<Assets<VenueAsset>>()
        .get(&handle)
        .map(|asset| asset.data.venue.id.clone())
}

#[test]
fn the_bundled_scenes_are_listed_and_another_one_opens() {
    let root = venue_guide::manifest_dir();
    let mut app = loader_app(root.join("scenes/small-eatery"), root.join("assets"), false);
    app.add_plugins(venue_guide::scenes::plugin);
    run_until(&mut app, "the eatery and the scene list", |world| {
        loaded_id(world).as_deref() == Some("small-eatery")
            && !world.resource::<SceneList>().entries.is_empty()
    });
    let list = app.world().resource::<SceneList>().entries.clone();
    let permits: std::collections::BTreeSet<&str> =
        list.iter().map(|e| e.permit.as_str()).collect();
    assert!(
        permits.contains("food_business") && permits.contains("drug_retail"),
        "both kinds of premises are offered: {permits:?}"
    );
    assert_eq!(
        current_scene_folder(app.world().resource::<CurrentVenue>()).as_deref(),
        Some("small-eatery")
    );

    app.world_mut().write_message(OpenScene {
        folder: "retail-pharmacy".into(),
    });
    run_until(&mut app, "the pharmacy", |world| {
        loaded_id(world).as_deref() == Some("retail-pharmacy")
    });
    assert_eq!(
        current_scene_folder(app.world().resource::<CurrentVenue>()).as_deref(),
        Some("retail-pharmacy")
    );
    assert!(app.world().resource::<CurrentVenue>().error.is_none());
}

#[test]
fn a_scene_without_an_index_beside_it_loads_with_an_empty_list() {
    let root = venue_guide::manifest_dir();
    let scratch = common::scratch("no-index");
    common::copy_dir(
        &root.join("scenes/small-eatery"),
        &scratch.join("scenes/mine"),
    );
    common::copy_dir(&root.join("scenes/rules"), &scratch.join("scenes/rules"));
    std::fs::copy(
        root.join("scenes/catalogue.ron"),
        scratch.join("scenes/catalogue.ron"),
    )
    .unwrap();
    let mut app = loader_app(scratch.join("scenes/mine"), root.join("assets"), false);
    app.add_plugins(venue_guide::scenes::plugin);
    run_until(&mut app, "the copied eatery", |world| {
        loaded_id(world).as_deref() == Some("small-eatery")
    });
    for _ in 0..20 {
        app.update();
    }
    assert!(app.world().resource::<SceneList>().entries.is_empty());
    let _ = std::fs::remove_dir_all(&scratch);
}

/// After picking another scene, an edit is saved to that scene's file, not to the one
/// the app started with.
#[test]
fn an_edit_saves_to_the_scene_on_screen() {
    use venue_guide::edit::EditCommand;
    use venue_guide::shared::ActiveVenue;
    let root = venue_guide::manifest_dir();
    let scratch = common::scratch("pick-and-save");
    common::copy_dir(&root.join("scenes"), &scratch.join("scenes"));
    let eatery = scratch.join("scenes/small-eatery/venue.ron");
    let pharmacy = scratch.join("scenes/retail-pharmacy/venue.ron");
    let (eatery_before, pharmacy_before) = (
        std::fs::read_to_string(&eatery).unwrap(),
        std::fs::read_to_string(&pharmacy).unwrap(),
    );
    let mut app = loader_app(
        scratch.join("scenes/small-eatery"),
        root.join("assets"),
        false,
    );
    app.add_plugins((
        venue_guide::shared::plugin,
        venue_guide::edit::plugin,
        bevy::input::InputPlugin,
    ));
    run_until(&mut app, "the eatery", |world| {
        loaded_id(world).as_deref() == Some("small-eatery")
    });
    app.world_mut().write_message(OpenScene {
        folder: "retail-pharmacy".into(),
    });
    run_until(&mut app, "the pharmacy", |world| {
        loaded_id(world).as_deref() == Some("retail-pharmacy")
    });
    // What `spawn` does when a venue is in place: publish it.
    let handle = app.world().resource::<CurrentVenue>().handle.clone();
    let data = app
        .world()
        .resource::<Assets<VenueAsset>>()
        .get(&handle)
        .unwrap()
        .data
        .clone();
    let fixture = data.venue.fixtures[0].id.clone();
    app.insert_resource(ActiveVenue {
        data,
        generation: 1,
    });
    app.world_mut()
        .resource_mut::<venue_guide::edit::EditSession>()
        .same_frame_budget_secs = f64::INFINITY;
    app.update();
    app.world_mut().write_message(EditCommand::Rotate {
        id: fixture,
        quarter_turns: 2,
    });
    app.update();
    app.world_mut().write_message(EditCommand::Save);
    app.update();
    assert_eq!(std::fs::read_to_string(&eatery).unwrap(), eatery_before);
    assert_ne!(std::fs::read_to_string(&pharmacy).unwrap(), pharmacy_before);
    let _ = std::fs::remove_dir_all(&scratch);
}

/// A scene folder anywhere on disk (the Open… dialog's answer) opens by its absolute
/// path, its catalogue and packs resolved beside it.
#[test]
fn a_scene_folder_elsewhere_opens_by_its_path() {
    let root = venue_guide::manifest_dir();
    let scratch = common::scratch("open-elsewhere");
    common::copy_dir(&root.join("scenes"), &scratch.join("scenes"));
    let mut app = loader_app(root.join("scenes/small-eatery"), root.join("assets"), false);
    run_until(&mut app, "the eatery", |world| {
        loaded_id(world).as_deref() == Some("small-eatery")
    });
    let elsewhere = scratch.join("scenes/retail-pharmacy");
    app.world_mut().write_message(OpenScene {
        folder: elsewhere.to_string_lossy().into_owned(),
    });
    run_until(&mut app, "the pharmacy from elsewhere", |world| {
        loaded_id(world).as_deref() == Some("retail-pharmacy")
    });
    let _ = std::fs::remove_dir_all(&scratch);
}
