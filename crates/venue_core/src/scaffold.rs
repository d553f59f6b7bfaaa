//! `new`: the text of a new scene's `venue.ron`, either copied from an existing scene
//! or a blank rectangular room. The caller (the CLI) writes it into the new folder.
//!
//! Invariants:
//! - The result is checked to parse; the tests load and validate it with the real
//!   pipeline for both variants and several sizes.
//! - A copy keeps the source's comments and layout (it is made by lossless saving,
//!   [`crate::save::save_text`]): only `id`, `catalogue` and `rule_packs` change, the
//!   paths rewritten so they name the same files from the new folder.
//! - Pure: paths are worked out lexically, nothing is read or written here.

use crate::load::resolve_relative;
use crate::model::{Door, FORMAT_VERSION, Opening, P2, Swing, Text, Venue, Wall, Zone, ZoneKind};
use std::path::{Component, Path, PathBuf};

/// Wall thickness of a blank room (m): the shipped scenes' 0.2 m.
pub const WALL_THICKNESS: f64 = 0.2;
/// Wall height of a blank room (m).
pub const WALL_HEIGHT: f64 = 3.0;
/// Ceiling and clear height of a blank room (m).
pub const CEILING_HEIGHT: f64 = 2.8;
/// Clear width of the blank room's entrance door (m): a starting value for the author
/// to adjust; the rule packs, not this, decide what is enough.
pub const ENTRANCE_WIDTH: f64 = 1.0;
/// Height of the entrance door (m).
pub const ENTRANCE_HEIGHT: f64 = 2.1;
/// Smallest side of a blank room (m): the entrance and a wall's thickness on each
/// side of it must fit on the front wall.
pub const MIN_SIDE: f64 = ENTRANCE_WIDTH + 2.0 * WALL_THICKNESS;
/// Largest side of a blank room (m): a premises, not a district; beyond this the plan
/// grids of the checks get needlessly large.
pub const MAX_SIDE: f64 = 200.0;

/// Why no scene text could be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScaffoldError {
    /// A room side outside [`MIN_SIDE`]..=[`MAX_SIDE`] metres, or not a number.
    #[error("a room side must be {MIN_SIDE}–{MAX_SIDE} m, got {0}")]
    BadSize(f64),
    /// The id uses characters other than `a-z`, `0-9`, `_` and `-`, or is empty.
    #[error("`{0}` is not a valid id (use a-z, 0-9, `_` and `-`)")]
    BadId(String),
    /// One path is absolute and the other relative, or the new folder climbs out
    /// (`..`) of where the source's references can be followed; a relative path
    /// between them cannot be worked out without the file system.
    #[error("cannot reach `{target}` from `{folder}` by a relative path")]
    NoRelativePath { target: PathBuf, folder: PathBuf },
    /// The source text does not parse or does not match its venue (see
    /// [`crate::save::SaveError`]).
    #[error(transparent)]
    Save(#[from] crate::save::SaveError),
    /// The blank venue could not be laid out (see [`crate::fmt::FmtError`]).
    #[error(transparent)]
    Fmt(#[from] crate::fmt::FmtError),
}

fn check_id(id: &str) -> Result<(), ScaffoldError> {
    let ok = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(ScaffoldError::BadId(id.to_owned()))
    }
}

/// `path` with `.` and resolvable `..` removed.
fn normal(path: &Path) -> PathBuf {
    resolve_relative(&path.join("x"), ".")
}

/// The relative path (with `/`) from folder `from` to file `target`, both given the
/// same way (both relative to one folder, or both absolute).
pub fn relative_path(target: &Path, from: &Path) -> Result<String, ScaffoldError> {
    let failure = || ScaffoldError::NoRelativePath {
        target: target.to_path_buf(),
        folder: from.to_path_buf(),
    };
    let (target, from) = (normal(target), normal(from));
    if target.is_absolute() != from.is_absolute() {
        return Err(failure());
    }
    let t: Vec<Component<'_>> = target.components().collect();
    let f: Vec<Component<'_>> = from.components().collect();
    let common = t.iter().zip(&f).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = Vec::new();
    for c in &f[common..] {
        match c {
            Component::Normal(_) => parts.push("..".to_owned()),
            // A `..` left in the folder names a folder we cannot see.
            _ => return Err(failure()),
        }
    }
    for c in &t[common..] {
        parts.push(c.as_os_str().to_string_lossy().into_owned());
    }
    Ok(parts.join("/"))
}

/// A copy of the scene whose `venue.ron` at `source_path` holds `source_text` (parsed
/// to `source`), for the new folder `new_folder`, with id `new_id`. The catalogue and
/// rule-pack paths are rewritten relative to the new folder; everything else, comments
/// included, is kept.
pub fn copy_scene(
    source_text: &str,
    source: &Venue,
    source_path: &Path,
    new_folder: &Path,
    new_id: &str,
) -> Result<String, ScaffoldError> {
    check_id(new_id)?;
    let rewrite =
        |relative: &str| relative_path(&resolve_relative(source_path, relative), new_folder);
    let mut copy = source.clone();
    copy.id = new_id.to_owned();
    copy.catalogue = rewrite(&source.catalogue)?;
    copy.rule_packs = source
        .rule_packs
        .iter()
        .map(|p| rewrite(p))
        .collect::<Result<_, _>>()?;
    Ok(crate::save::save_text(source_text, source, &copy)?)
}

/// What a blank scene is made of.
#[derive(Debug, Clone, PartialEq)]
pub struct BlankRoom {
    pub id: String,
    pub title: Text,
    /// Along x (the street side), metres.
    pub width: f64,
    /// Along z (away from the street), metres.
    pub depth: f64,
    /// The one zone's kind.
    pub zone: ZoneKind,
    /// Paths relative to the new folder, as they will be written.
    pub catalogue: String,
    pub rule_packs: Vec<String>,
}

/// A blank rectangular room `width × depth` (the floor from `(0, 0)`), with four
/// exterior walls on the outline, a self-closing entrance door in the middle of the
/// street wall (z = 0), one zone covering the floor, a ceiling, and the given catalogue
/// and rule packs. No fixtures and no tour yet.
pub fn blank_room(room: &BlankRoom) -> Result<String, ScaffoldError> {
    check_id(&room.id)?;
    for side in [room.width, room.depth] {
        if !(MIN_SIDE..=MAX_SIDE).contains(&side) {
            return Err(ScaffoldError::BadSize(side));
        }
    }
    let (w, d) = (room.width, room.depth);
    let floor: Vec<P2> = vec![(0.0, 0.0), (w, 0.0), (w, d), (0.0, d)];
    let wall = |id: &str, from: P2, to: P2, openings: Vec<Opening>| Wall {
        id: id.to_owned(),
        from,
        to,
        thickness: WALL_THICKNESS,
        height: WALL_HEIGHT,
        openings,
    };
    let entrance = Opening::Door(Door {
        id: "door_entrance".to_owned(),
        center: w / 2.0,
        width: ENTRANCE_WIDTH,
        height: ENTRANCE_HEIGHT,
        exterior: true,
        swing: Swing::LeftIn,
        attributes: [("self_closing".to_owned(), crate::model::Value::Bool(true))].into(),
    });
    let venue = Venue {
        format_version: FORMAT_VERSION,
        id: room.id.clone(),
        title: room.title.clone(),
        permit: "food_business".to_owned(),
        flags: Default::default(),
        catalogue: room.catalogue.clone(),
        rule_packs: room.rule_packs.clone(),
        floor: floor.clone(),
        ceiling_height: Some(CEILING_HEIGHT),
        walls: vec![
            wall("w_front", floor[0], floor[1], vec![entrance]),
            wall("w_east", floor[1], floor[2], vec![]),
            wall("w_back", floor[2], floor[3], vec![]),
            wall("w_west", floor[3], floor[0], vec![]),
        ],
        zones: vec![Zone {
            id: "main".to_owned(),
            kind: room.zone,
            name: None,
            polygon: floor,
            clear_height: CEILING_HEIGHT,
            attributes: Default::default(),
        }],
        fixtures: vec![],
        external: vec![],
        tour: None,
    };
    let body = crate::fmt::venue_text(&venue)?;
    Ok(format!(
        "// {} — made by `venue-guide new`. Format: docs/scene-format.md.\n{body}",
        room.title.en.replace(['\n', '\r'], " ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{FileBytes, VenueStage, read_bytes, validated};
    use crate::testing;
    use std::collections::BTreeMap;

    /// Loads and validates `text` as if it were `folder/venue.ron` (nothing is
    /// written: the referenced files are read from where the text points).
    fn validate_at(text: &str, folder: &Path) -> Result<crate::load::ValidVenue, String> {
        let path = folder.join("venue.ron");
        let stage = VenueStage::parse(&path, Ok(text.as_bytes().to_vec()));
        let files: BTreeMap<PathBuf, FileBytes> = stage
            .references()
            .iter()
            .map(|r| (r.path.clone(), read_bytes(&r.path)))
            .collect();
        let loaded = stage.assemble(&files).map_err(|e| e.render(false))?;
        validated(loaded).map_err(|e| e.render(false))
    }

    #[test]
    fn relative_paths_between_folders() {
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(
            relative_path(&p("scenes/catalogue.ron"), &p("scenes/new")).unwrap(),
            "../catalogue.ron"
        );
        assert_eq!(
            relative_path(&p("scenes/catalogue.ron"), &p("scenes/a/b")).unwrap(),
            "../../catalogue.ron"
        );
        assert_eq!(
            relative_path(&p("/x/rules/p.ron"), &p("/x/./y/../z")).unwrap(),
            "../rules/p.ron"
        );
        assert_eq!(
            relative_path(&p("scenes/c.ron"), &p("scenes")).unwrap(),
            "c.ron"
        );
        assert!(relative_path(&p("/x/c.ron"), &p("y")).is_err());
        assert!(relative_path(&p("c.ron"), &p("../elsewhere")).is_err());
    }

    #[test]
    fn a_copy_validates_keeps_comments_and_points_at_the_same_files() {
        let loaded = testing::load("small-eatery");
        let text = testing::venue_text("small-eatery");
        let source_path = testing::scene("small-eatery").join("venue.ron");
        for (folder, catalogue) in [
            (
                testing::scenes_dir().join("eatery-copy"),
                "../catalogue.ron",
            ),
            (
                testing::scenes_dir().join("mine/eatery-2"),
                "../../catalogue.ron",
            ),
        ] {
            let copy =
                copy_scene(&text, &loaded.venue, &source_path, &folder, "my-eatery").unwrap();
            let valid = validate_at(&copy, &folder).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(valid.loaded.venue.id, "my-eatery");
            assert_eq!(valid.loaded.venue.catalogue, catalogue);
            assert_eq!(
                valid.loaded.catalogue, loaded.catalogue,
                "the same catalogue"
            );
            assert_eq!(valid.loaded.packs.len(), 1);
            let mut back = valid.loaded.venue.clone();
            back.id = loaded.venue.id.clone();
            back.catalogue = loaded.venue.catalogue.clone();
            back.rule_packs = loaded.venue.rule_packs.clone();
            assert_eq!(back, loaded.venue, "nothing else changed");
            assert!(copy.starts_with("// The standardized compliant small eatery"));
        }
        assert_eq!(
            copy_scene(&text, &loaded.venue, &source_path, Path::new("x"), "Bad Id"),
            Err(ScaffoldError::BadId("Bad Id".into()))
        );
    }

    #[test]
    fn blank_rooms_of_several_sizes_validate() {
        let folder = testing::scenes_dir().join("blank");
        for (w, d) in [(MIN_SIDE, MIN_SIDE), (4.0, 5.0), (6.0, 8.0), (12.5, 30.25)] {
            let room = BlankRoom {
                id: "blank".into(),
                title: Text::new("新店", "New shop"),
                width: w,
                depth: d,
                zone: ZoneKind::Dining,
                catalogue: "../catalogue.ron".into(),
                rule_packs: vec!["../rules/small-eatery.ron".into()],
            };
            let text = blank_room(&room).unwrap();
            let valid = validate_at(&text, &folder).unwrap_or_else(|e| panic!("{w}×{d}: {e}"));
            let v = &valid.loaded.venue;
            assert_eq!(v.floor[2], (w, d));
            assert_eq!((v.walls.len(), v.zones.len()), (4, 1));
            assert_eq!(v.walls[0].openings[0].center(), w / 2.0);
            // Every wall is exterior: its centre line lies on the outline.
            assert!(
                v.walls
                    .iter()
                    .all(|wall| v.floor.contains(&wall.from) && v.floor.contains(&wall.to))
            );
        }
        let room = |w: f64| BlankRoom {
            id: "b".into(),
            title: Text::new("b", "b"),
            width: w,
            depth: 5.0,
            zone: ZoneKind::Other,
            catalogue: "../catalogue.ron".into(),
            rule_packs: vec![],
        };
        assert_eq!(blank_room(&room(1.0)), Err(ScaffoldError::BadSize(1.0)));
        assert!(matches!(
            blank_room(&room(f64::NAN)),
            Err(ScaffoldError::BadSize(_))
        ));
        assert!(blank_room(&room(MAX_SIDE)).is_ok());
    }
}
