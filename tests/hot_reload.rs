//! Hot reload, end to end through Bevy's file watcher (no GPU, no window): a copy of the
//! standard eatery is loaded through the venue asset loader; editing the venue file
//! (in place, or by an editor's write-and-rename) reloads it, breaking the rule pack keeps the last good venue and reports the error
//! with file:line:col, and fixing it clears the error.
#![cfg(feature = "file_watcher")]

mod common;

use bevy::prelude::*;
use common::{copy_dir, run_until};
use std::path::{Path, PathBuf};
use std::time::Duration;
use venue_guide::venue_asset::{CurrentVenue, VenueAsset};

/// `scenes/` minus the golden files, in a fresh temporary folder.
fn scratch_scenes(name: &str) -> PathBuf {
    let root = common::scratch(name);
    let scenes = venue_guide::manifest_dir().join("scenes");
    copy_dir(&scenes.join("small-eatery"), &root.join("small-eatery"));
    copy_dir(&scenes.join("rules"), &root.join("rules"));
    std::fs::copy(scenes.join("catalogue.ron"), root.join("catalogue.ron")).unwrap();
    root
}

fn app_for(scene: PathBuf) -> App {
    common::loader_app(scene, venue_guide::manifest_dir().join("assets"), true)
}

fn fixture_x(world: &World, id: &str) -> Option<f64> {
    let current = world.resource::<CurrentVenue>();
    let asset = world
        .resource::<Assets<VenueAsset>>()
        .get(&current.handle)?;
    asset
        .data
        .venue
        .fixtures
        .iter()
        .find(|f| f.id == id)
        .map(|f| f.position.0)
}

/// How an editor saves.
#[derive(Clone, Copy)]
enum Save {
    /// Truncate and write the file itself.
    InPlace,
    /// Write a temporary file, then rename it over the original (vim, JetBrains "safe
    /// write", gedit). The pause puts the two steps in different watcher batches, so
    /// the watcher reports a rename rather than a fresh file.
    ByRename,
}

fn edit(path: &Path, from: &str, to: &str, save: Save) {
    // Longer than the watcher's 300 ms debounce.
    const PAST_DEBOUNCE: Duration = Duration::from_millis(800);
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no `{from}`", path.display());
    let text = text.replacen(from, to, 1);
    match save {
        Save::InPlace => std::fs::write(path, text).unwrap(),
        Save::ByRename => {
            let tmp = path.with_extension("ron.tmp");
            std::fs::write(&tmp, text).unwrap();
            std::thread::sleep(PAST_DEBOUNCE);
            std::fs::rename(&tmp, path).unwrap();
        }
    }
}

#[test]
fn editing_the_venue_or_its_rule_pack_updates_the_open_view() {
    let root = scratch_scenes("hot-reload");
    let venue_file = root.join("small-eatery/venue.ron");
    let pack_file = root.join("rules/small-eatery.ron");
    let mut app = app_for(root.join("small-eatery"));

    // A dining table, as authored (`table_w1` at (1.15, 0.6)).
    let id = "table_w1";
    run_until(&mut app, "the first load", |w| fixture_x(w, id).is_some());
    assert_eq!(fixture_x(app.world(), id), Some(1.15));

    // 1. Nudge the table in venue.ron (not into its chairs: that would be an error):
    //    the open venue follows.
    let moved = 1.16;
    edit(
        &venue_file,
        r#"(id: "table_w1", type: "dining_table", position: (1.15, 0.6))"#,
        r#"(id: "table_w1", type: "dining_table", position: (1.16, 0.6))"#,
        Save::ByRename,
    );
    run_until(&mut app, "the venue edit to reload", |w| {
        fixture_x(w, id) == Some(moved)
    });

    // 2. Break the rule pack (a dependency, not the venue file): the error names the
    //    pack with line and column; the last good venue stays loaded.
    edit(&pack_file, "rules: [", "rules: [ oops", Save::InPlace);
    run_until(&mut app, "the broken rule pack to be reported", |w| {
        w.resource::<CurrentVenue>().error.is_some()
    });
    let error = app
        .world()
        .resource::<CurrentVenue>()
        .error
        .clone()
        .unwrap();
    assert!(
        error.contains("rules/small-eatery.ron:"),
        "the error names the rule pack with a position:\n{error}"
    );
    assert!(!error.contains("backtrace"), "no backtrace noise:\n{error}");
    assert_eq!(
        fixture_x(app.world(), id),
        Some(moved),
        "last good venue kept"
    );

    // 3. Fix it: the error clears.
    edit(&pack_file, "rules: [ oops", "rules: [", Save::ByRename);
    run_until(&mut app, "the fixed rule pack to reload", |w| {
        w.resource::<CurrentVenue>().error.is_none()
    });
    assert_eq!(fixture_x(app.world(), id), Some(moved));

    let _ = std::fs::remove_dir_all(&root);
}
