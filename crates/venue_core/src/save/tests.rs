use super::*;
use crate::edit::{self, SnapOptions};
use crate::model::{Door, Opening, Swing};
use crate::testing;

/// Lines of `a` and `b` that differ, by a plain longest-common-subsequence diff:
/// (removed lines, added lines).
fn line_diff(a: &str, b: &str) -> (Vec<String>, Vec<String>) {
    let a: Vec<&str> = a.lines().collect();
    let b: Vec<&str> = b.lines().collect();
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let (mut removed, mut added) = (Vec::new(), Vec::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            added.push(b[j].to_owned());
            j += 1;
        } else {
            removed.push(a[i].to_owned());
            i += 1;
        }
    }
    (removed, added)
}

/// Every comment of `text`, in order.
fn comments(text: &str) -> Vec<String> {
    render::comments_in(text, 0..text.len())
        .into_iter()
        .map(|r| text[r].to_owned())
        .collect()
}

#[test]
fn a_no_op_edit_returns_the_identical_text() {
    for scene in ["small-eatery", "small-eatery-violations"] {
        let loaded = testing::load(scene);
        let text = testing::venue_text(scene);
        let saved = save_text(&text, &loaded.venue, &loaded.venue).unwrap();
        assert!(saved == text, "{scene}: a no-op changed the text");
        // An edit that is undone is a no-op too.
        let moved = edit::move_fixture(
            &loaded.venue,
            &loaded.catalogue,
            "wc",
            (1.0, 4.0),
            SnapOptions::NONE,
        )
        .unwrap();
        let was = loaded
            .venue
            .fixtures
            .iter()
            .find(|f| f.id == "wc")
            .unwrap()
            .position;
        let back =
            edit::move_fixture(&moved, &loaded.catalogue, "wc", was, SnapOptions::NONE).unwrap();
        let saved = save_text(&text, &loaded.venue, &back).unwrap();
        assert!(saved == text, "{scene}: an undone move changed the text");
    }
}

#[test]
fn moving_one_fixture_changes_only_its_numbers() {
    let loaded = testing::load("small-eatery");
    let text = testing::venue_text("small-eatery");
    let v = edit::move_fixture(
        &loaded.venue,
        &loaded.catalogue,
        "basin_kitchen",
        (3.21, 6.02),
        SnapOptions::ALL,
    )
    .unwrap();
    let saved = save_text(&text, &loaded.venue, &v).unwrap();
    let (removed, added) = line_diff(&text, &saved);
    assert_eq!(removed.len(), 1, "{removed:?}");
    assert_eq!(added, [removed[0].replace("(2.7, 5.125)", "(3.2, 6.0)")]);
    assert_eq!(
        saved.len(),
        text.len() - "2.7, 5.125".len() + "3.2, 6.0".len()
    );
}

#[test]
fn add_delete_zone_corner_and_door_move_together_keep_everything_else() {
    let loaded = testing::load("small-eatery");
    let text = testing::venue_text("small-eatery");
    let cat = &loaded.catalogue;
    let (v, id) = edit::add_fixture(
        &loaded.venue,
        cat,
        "handwash_basin",
        (3.5, 7.0),
        SnapOptions::ALL,
    )
    .unwrap();
    let v = edit::delete_fixture(&v, "chair_e6").unwrap();
    let v = edit::move_zone_corner(&v, "dining", 2, (6.0, 3.0)).unwrap();
    let v = edit::move_opening(&v, "door_kitchen", 1.6).unwrap();
    let v = edit::set_rotation(&v, "prep_table", 90.0).unwrap();
    let saved = save_text(&text, &loaded.venue, &v).unwrap();
    assert_eq!(crate::load::parse_venue(&saved, Path::new("v")).unwrap(), v);
    let (removed, added) = line_diff(&text, &saved);
    let changed = |needle: &str| removed.iter().any(|l| l.contains(needle));
    assert!(changed("chair_e6") && !added.iter().any(|l| l.contains("chair_e6")));
    assert!(
        changed("(6.0, 3.2), (0.0, 3.2)")
            && added.iter().any(|l| l.contains("(6.0, 3.0), (0.0, 3.2)"))
    );
    assert!(
        added
            .iter()
            .any(|l| l.contains("id: \"door_kitchen\", center: 1.6,"))
    );
    // The new basin: one line, indented like its neighbours, right after the last basin.
    let line = format!("        (id: \"{id}\", type: \"handwash_basin\", position: (3.5, 7.0)),");
    assert!(added.contains(&line), "{added:#?}");
    let at = saved.lines().position(|l| l == line).unwrap();
    assert!(
        saved
            .lines()
            .nth(at - 1)
            .unwrap()
            .contains("\"basin_kitchen\"")
    );
    // A field left at its default is written after the field before it.
    assert!(
        added
            .iter()
            .any(|l| l.contains("position: (3.0, 6.3), rotation: 90.0, label:")),
        "{added:#?}"
    );
    assert_eq!(removed.len(), 4, "{removed:#?}");
    assert_eq!(added.len(), 4, "{added:#?}");
    assert_eq!(comments(&saved), comments(&text), "every comment survives");
}

#[test]
fn a_floor_drag_saves_walls_zones_and_openings_in_place() {
    let loaded = testing::load("small-eatery");
    let text = testing::venue_text("small-eatery");
    let v = edit::move_floor_edge(&loaded.venue, 1, (0.5, 0.0)).unwrap();
    let saved = save_text(&text, &loaded.venue, &v).unwrap();
    assert_eq!(comments(&saved), comments(&text));
    assert_eq!(
        saved.lines().count(),
        text.lines().count(),
        "numbers change, lines stay"
    );
}

#[test]
fn lists_without_ids_and_new_fields_are_written_in_the_lists_style() {
    let loaded = testing::load("small-eatery");
    let text = testing::venue_text("small-eatery");
    let mut v = loaded.venue.clone();
    // A fifth corner: the polygon is rewritten (inline, as it was).
    v.zones[1].polygon.push((0.0, 4.0));
    // A door on a wall that had no openings: `openings` is inserted.
    let wall = v
        .walls
        .iter_mut()
        .find(|w| w.id == "w_toilet_back")
        .unwrap();
    wall.openings.push(Opening::Door(Door {
        id: "door_new".into(),
        center: 0.8,
        width: 0.8,
        height: 2.0,
        exterior: false,
        swing: Swing::Sliding,
        attributes: Default::default(),
    }));
    // A new attribute: the map is rewritten.
    v.fixtures[0]
        .attributes
        .insert("colour".into(), crate::model::Value::Text("grey".into()));
    // All windows of the back wall gone.
    v.walls[2].openings.clear();
    let saved = save_text(&text, &loaded.venue, &v).unwrap();
    assert!(
        saved.contains("polygon: [(0.0, 3.2), (1.6, 3.2), (1.6, 5.4), (0.0, 5.4), (0.0, 4.0)],")
    );
    assert!(saved.contains(
        "            height: 3.0,\n            openings: [Door((id: \"door_new\", center: 0.8, width: 0.8, height: 2.0, swing: sliding))],\n"
    ), "{saved}");
    assert!(saved.contains("attributes: {\"colour\": \"grey\"})"));
    assert!(!saved.contains("win_back_storage"));
    assert_eq!(comments(&saved).len(), comments(&text).len());
}

#[test]
fn a_stale_original_is_refused() {
    let loaded = testing::load("small-eatery");
    let text = testing::venue_text("small-eatery");
    let edited = edit::delete_fixture(&loaded.venue, "wc").unwrap();
    assert_eq!(
        save_text(&text, &edited, &loaded.venue),
        Err(SaveError::StaleOriginal)
    );
    assert_eq!(
        save_text("(", &loaded.venue, &edited),
        Err(SaveError::StaleOriginal)
    );
    let mut bad = edited.clone();
    bad.fixtures[0].position.0 = f64::NAN;
    assert!(matches!(
        save_text(&text, &loaded.venue, &bad),
        Err(SaveError::NotRoundTrip { .. })
    ));
}

#[test]
fn save_file_writes_atomically_with_a_backup() {
    let loaded = testing::load("small-eatery");
    let text = testing::venue_text("small-eatery");
    let dir = std::env::temp_dir().join(format!("venue-core-save-file-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("venue.ron");
    std::fs::write(&path, &text).unwrap();
    let v = edit::delete_fixture(&loaded.venue, "wc").unwrap();
    let written = save_file(&path, &text, &loaded.venue, &v).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), written);
    assert_eq!(
        std::fs::read_to_string(dir.join("venue.ron.bak")).unwrap(),
        text
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_single_edit_of_both_scenes_saves_and_touches_few_lines() {
    for scene in ["small-eatery", "small-eatery-violations"] {
        let loaded = testing::load(scene);
        let text = testing::venue_text(scene);
        let v0 = &loaded.venue;
        let cat = &loaded.catalogue;
        let mut edits: Vec<Venue> = Vec::new();
        for f in &v0.fixtures {
            let (x, z) = f.position;
            edits.push(
                edit::move_fixture(v0, cat, &f.id, (x + 0.13, z - 0.07), SnapOptions::ALL).unwrap(),
            );
            edits.push(edit::rotate_quarter(v0, &f.id, 1).unwrap());
            edits.push(edit::delete_fixture(v0, &f.id).unwrap());
        }
        for z in &v0.zones {
            for i in 0..z.polygon.len() {
                let (x, y) = z.polygon[i];
                edits.push(edit::move_zone_corner(v0, &z.id, i, (x + 0.1, y)).unwrap());
            }
        }
        for w in &v0.walls {
            for o in &w.openings {
                edits.push(edit::move_opening(v0, o.id(), o.center() + 0.1).unwrap());
                edits.push(edit::resize_opening(v0, o.id(), o.width() - 0.1).unwrap());
            }
        }
        for i in 0..v0.floor.len() {
            edits.push(edit::move_floor_edge(v0, i, (0.0, 0.0)).unwrap());
        }
        for edited in &edits {
            let saved = save_text(&text, v0, edited).unwrap_or_else(|e| panic!("{scene}: {e}"));
            let (removed, added) = line_diff(&text, &saved);
            assert!(
                removed.len() <= 4 && added.len() <= 4,
                "{scene}: {removed:#?} {added:#?}"
            );
            assert_eq!(comments(&saved), comments(&text), "{scene}");
        }
    }
}

/// A venue text with inline lists, for what the shipped scenes do not show.
const INLINE: &str = r#"(format_version: 1, id: "t", title: (zh: "t", en: "t"), permit: "p", catalogue: "c.ron",
  floor: [(0.0, 0.0), (4.0, 0.0), (4.0, 4.0)], /* keep */
  fixtures: [(id: "a", type: "chair", position: (1.0, 1.0)), (id: "b", type: "chair", position: (2.0, 1.0)), (id: "c", type: "chair", position: (3.0, 1.0))])"#;

#[test]
fn inline_lists_lose_runs_of_items_and_gain_new_ones_inline() {
    let p = Path::new("t.ron");
    let v0 = crate::load::parse_venue(INLINE, p).unwrap();
    let ids = |v: &Venue| v.fixtures.iter().map(|f| f.id.clone()).collect::<Vec<_>>();
    let mut tail = v0.clone();
    tail.fixtures.truncate(1);
    let saved = save_text(INLINE, &v0, &tail).unwrap();
    assert!(
        saved.ends_with("fixtures: [(id: \"a\", type: \"chair\", position: (1.0, 1.0))])"),
        "{saved}"
    );
    let mut head = v0.clone();
    head.fixtures.drain(..2);
    let saved = save_text(INLINE, &v0, &head).unwrap();
    assert!(
        saved.ends_with("fixtures: [(id: \"c\", type: \"chair\", position: (3.0, 1.0))])"),
        "{saved}"
    );
    let mut middle = v0.clone();
    let mut added = middle.fixtures[1].clone();
    added.id = "d".into();
    added.rotation = 90.0;
    middle.fixtures.remove(1);
    middle.fixtures.insert(1, added);
    let saved = save_text(INLINE, &v0, &middle).unwrap();
    assert_eq!(
        ids(&crate::load::parse_venue(&saved, p).unwrap()),
        ["a", "d", "c"]
    );
    assert!(saved.contains("(1.0, 1.0)), (id: \"d\", type: \"chair\", position: (2.0, 1.0), rotation: 90.0), (id: \"c\""), "{saved}");
    assert!(saved.contains("/* keep */"));
}

#[test]
fn a_crlf_file_keeps_its_line_ends() {
    let loaded = testing::load("small-eatery");
    let text = testing::venue_text("small-eatery").replace('\n', "\r\n");
    let cat = &loaded.catalogue;
    let (v, _) =
        edit::add_fixture(&loaded.venue, cat, "chair", (3.0, 2.0), SnapOptions::ALL).unwrap();
    let v = edit::delete_fixture(&v, "wc").unwrap();
    let v = edit::move_floor_edge(&v, 1, (0.5, 0.0)).unwrap();
    let mut v = v;
    v.walls[5].openings.clear();
    let saved = save_text(&text, &loaded.venue, &v).unwrap();
    assert_eq!(saved.matches('\n').count(), saved.matches("\r\n").count());
    assert!(!saved.contains("\r\r"));
    assert_eq!(
        saved.lines().count(),
        text.lines().count() + 1 - 1 - 4 + 1,
        "one added, one deleted, 4 opening lines became 1"
    );
}
