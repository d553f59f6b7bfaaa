//! Edit operations on the venue model, as pure functions: each takes the venue (and
//! what it needs to know, e.g. the catalogue) and returns the edited venue or an
//! [`EditError`]. The editor keeps the results in a [`History`] for undo and redo, and
//! [`crate::save`] writes them back into the author's file.
//!
//! Invariants:
//! - An operation never changes its input; it returns a new [`Venue`] that differs
//!   only in what the operation names (plus what must follow it, documented per
//!   operation: a floor edit carries the walls and zones that lie on the outline).
//! - Inputs are checked (finite numbers, existing ids, indices in range) and a failure
//!   is a typed error, never a panic. Whether the result is a *valid* scene (fixtures on
//!   the floor, zones not overlapping) is validation's job, run by the caller on the
//!   result, exactly as on a file.
//! - Every coordinate an operation computes is tidied to micrometres
//!   ([`snap::tidy`]), so saved numbers stay short.
//!
//! Supported: fixtures (move with grid and wall-face snapping, rotate, delete, add from
//! the catalogue), zone polygons (drag a corner or an edge), the floor outline (drag a
//! corner or an edge; walls, zone corners and edges on the outline follow), doors and
//! windows (move or resize along their wall, clamped onto it).
//! Not supported: adding or deleting walls, zones, openings or floor corners, moving a
//! wall by itself, and moving neighbouring zones along with a dragged zone corner (the
//! validator reports the overlap or gap this leaves).

pub mod history;
pub mod snap;

pub use history::History;
pub use snap::{Footprint, Snapped};

use crate::model::{Catalogue, Fixture, Opening, P2, Venue};
use snap::{dot, sub, tidy, unit};

/// How far (m) a wall end or zone corner may lie from the floor outline and still count
/// as lying on it when the outline is dragged: drawing slack, well under any wall's
/// half thickness.
pub const ON_OUTLINE_TOLERANCE: f64 = 0.005;

/// Why an edit could not be made. The venue is unchanged in every case.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EditError {
    /// No fixture has this id.
    #[error("no fixture `{0}`")]
    UnknownFixture(String),
    /// The catalogue has no fixture type of this name (adding, or sizing a fixture for
    /// snapping).
    #[error("the catalogue has no fixture type `{0}`")]
    UnknownFixtureType(String),
    /// No zone has this id.
    #[error("no zone `{0}`")]
    UnknownZone(String),
    /// No door or window has this id.
    #[error("no door or window `{0}`")]
    UnknownOpening(String),
    /// More than one door or window has this id, so the edit would be a guess.
    #[error("more than one door or window is called `{0}`")]
    AmbiguousOpening(String),
    /// A corner or edge index past the end of the polygon (`what` is `floor` or the
    /// zone's id; `count` its corners).
    #[error("{what} has {count} corner(s), there is no corner or edge {index}")]
    NoSuchCorner {
        what: String,
        index: usize,
        count: usize,
    },
    /// A coordinate, angle or size was NaN or infinite.
    #[error("`{0}` must be a finite number")]
    NotFinite(&'static str),
    /// A width that is zero or negative.
    #[error("a width must be greater than zero, got {0}")]
    NonPositiveWidth(f64),
    /// The opening's wall has zero length, so nothing can move along it.
    #[error("wall `{0}` has zero length")]
    DegenerateWall(String),
}

/// How [`move_fixture`] snaps the dropped position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SnapOptions {
    /// Round both coordinates to the [`snap::GRID_MM`] grid.
    pub grid: bool,
    /// Then put the footprint's side against a wall face within
    /// [`snap::WALL_SNAP_DISTANCE`] (see [`snap::against_walls`]).
    pub walls: bool,
}

impl SnapOptions {
    /// Grid and walls, as the editor drags by default.
    pub const ALL: SnapOptions = SnapOptions {
        grid: true,
        walls: true,
    };
    /// Exactly where the pointer is (a modifier key held).
    pub const NONE: SnapOptions = SnapOptions {
        grid: false,
        walls: false,
    };
}

fn finite(v: f64, what: &'static str) -> Result<f64, EditError> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(EditError::NotFinite(what))
    }
}

fn finite_point(p: P2, what: &'static str) -> Result<P2, EditError> {
    Ok((finite(p.0, what)?, finite(p.1, what)?))
}

fn fixture_index(venue: &Venue, id: &str) -> Result<usize, EditError> {
    venue
        .fixtures
        .iter()
        .position(|f| f.id == id)
        .ok_or_else(|| EditError::UnknownFixture(id.to_owned()))
}

/// The plan footprint of a fixture: its size override, else its catalogue type's size,
/// turned by its rotation.
pub fn footprint(fixture: &Fixture, catalogue: &Catalogue) -> Result<Footprint, EditError> {
    let size = match fixture.size {
        Some(size) => size,
        None => {
            catalogue
                .fixtures
                .get(&fixture.kind)
                .ok_or_else(|| EditError::UnknownFixtureType(fixture.kind.clone()))?
                .size
        }
    };
    Ok(Footprint {
        width: size.0,
        depth: size.1,
        rotation_deg: fixture.rotation,
    })
}

/// Where a fixture dragged to `to` lands with `options`: on the grid, then against a
/// nearby wall face. The editor shows this while dragging; [`move_fixture`] applies it.
pub fn snap_fixture(
    venue: &Venue,
    catalogue: &Catalogue,
    id: &str,
    to: P2,
    options: SnapOptions,
) -> Result<Snapped, EditError> {
    let to = finite_point(to, "position")?;
    let fixture = &venue.fixtures[fixture_index(venue, id)?];
    let mut position = if options.grid {
        snap::point_to_grid(to)
    } else {
        (tidy(to.0), tidy(to.1))
    };
    let mut walls = Vec::new();
    if options.walls {
        let snapped = snap::against_walls(position, &footprint(fixture, catalogue)?, &venue.walls);
        position = snapped.position;
        walls = snapped.walls;
    }
    Ok(Snapped { position, walls })
}

/// Moves fixture `id` to `to`, snapped as [`snap_fixture`] says.
pub fn move_fixture(
    venue: &Venue,
    catalogue: &Catalogue,
    id: &str,
    to: P2,
    options: SnapOptions,
) -> Result<Venue, EditError> {
    let snapped = snap_fixture(venue, catalogue, id, to, options)?;
    let mut out = venue.clone();
    let i = fixture_index(venue, id)?;
    out.fixtures[i].position = snapped.position;
    Ok(out)
}

/// Sets fixture `id`'s rotation to `degrees`, normalised to `[0, 360)`.
pub fn set_rotation(venue: &Venue, id: &str, degrees: f64) -> Result<Venue, EditError> {
    let degrees = finite(degrees, "rotation")?;
    let i = fixture_index(venue, id)?;
    let mut out = venue.clone();
    out.fixtures[i].rotation = snap::normalize_degrees(degrees);
    Ok(out)
}

/// Turns fixture `id` by `quarter_turns` × 90° (positive: counter-clockwise seen from
/// above), landing on a multiple of 90° even when it stood at a free angle.
pub fn rotate_quarter(venue: &Venue, id: &str, quarter_turns: i32) -> Result<Venue, EditError> {
    let i = fixture_index(venue, id)?;
    let current = venue.fixtures[i].rotation;
    let turned = snap::to_quarter_turn(current) + 90.0 * f64::from(quarter_turns);
    set_rotation(venue, id, turned)
}

/// Deletes fixture `id`.
pub fn delete_fixture(venue: &Venue, id: &str) -> Result<Venue, EditError> {
    let i = fixture_index(venue, id)?;
    let mut out = venue.clone();
    out.fixtures.remove(i);
    Ok(out)
}

/// A fixture id not yet used in `venue`: `<type>_<n>` with the smallest `n ≥ 2` free
/// (`handwash_basin_2`), or the bare type name if no fixture uses it yet and no
/// fixture is of that type.
pub fn fresh_fixture_id(venue: &Venue, kind: &str) -> String {
    let taken = |id: &str| venue.fixtures.iter().any(|f| f.id == id);
    let of_type = venue.fixtures.iter().any(|f| f.kind == kind);
    if !of_type && !taken(kind) {
        return kind.to_owned();
    }
    (2..)
        .map(|n| format!("{kind}_{n}"))
        .find(|id| !taken(id))
        .unwrap_or_else(|| kind.to_owned())
}

/// Adds a fixture of catalogue type `kind` at `at` (snapped with `options`), facing
/// +z (rotation 0), with a fresh id ([`fresh_fixture_id`]) and catalogue defaults for
/// everything else. Returns the venue and the new fixture's id; the fixture is
/// appended after the last fixture of the same type (else at the end), so the file
/// keeps like things together.
pub fn add_fixture(
    venue: &Venue,
    catalogue: &Catalogue,
    kind: &str,
    at: P2,
    options: SnapOptions,
) -> Result<(Venue, String), EditError> {
    if !catalogue.fixtures.contains_key(kind) {
        return Err(EditError::UnknownFixtureType(kind.to_owned()));
    }
    let at = finite_point(at, "position")?;
    let id = fresh_fixture_id(venue, kind);
    let fixture = Fixture {
        id: id.clone(),
        kind: kind.to_owned(),
        position: at,
        rotation: 0.0,
        mounting_height: None,
        size: None,
        model: None,
        label: None,
        attributes: Default::default(),
    };
    let mut out = venue.clone();
    let after = out.fixtures.iter().rposition(|f| f.kind == kind);
    let at_index = after.map_or(out.fixtures.len(), |i| i + 1);
    out.fixtures.insert(at_index, fixture);
    let snapped = snap_fixture(&out, catalogue, &id, at, options)?;
    out.fixtures[at_index].position = snapped.position;
    Ok((out, id))
}

fn zone_index(venue: &Venue, id: &str) -> Result<usize, EditError> {
    venue
        .zones
        .iter()
        .position(|z| z.id == id)
        .ok_or_else(|| EditError::UnknownZone(id.to_owned()))
}

fn check_corner(what: &str, index: usize, count: usize) -> Result<(), EditError> {
    if index < count {
        Ok(())
    } else {
        Err(EditError::NoSuchCorner {
            what: what.to_owned(),
            index,
            count,
        })
    }
}

/// The polygon with corner `index` at `to`.
fn with_corner(polygon: &[P2], index: usize, to: P2) -> Vec<P2> {
    let mut out = polygon.to_vec();
    out[index] = (tidy(to.0), tidy(to.1));
    out
}

/// The polygon with edge `index` (corner `index` to corner `index + 1`, wrapping)
/// moved by `delta`.
fn with_edge_moved(polygon: &[P2], index: usize, delta: P2) -> Vec<P2> {
    let mut out = polygon.to_vec();
    for i in [index, (index + 1) % polygon.len()] {
        let p = polygon[i];
        out[i] = (tidy(p.0 + delta.0), tidy(p.1 + delta.1));
    }
    out
}

/// Moves corner `index` of zone `id` to `to`. Neighbouring zones are not changed.
pub fn move_zone_corner(venue: &Venue, id: &str, index: usize, to: P2) -> Result<Venue, EditError> {
    let to = finite_point(to, "corner")?;
    let z = zone_index(venue, id)?;
    check_corner(id, index, venue.zones[z].polygon.len())?;
    let mut out = venue.clone();
    out.zones[z].polygon = with_corner(&venue.zones[z].polygon, index, to);
    Ok(out)
}

/// Moves edge `index` of zone `id` (from corner `index` to the next) by `delta`.
pub fn move_zone_edge(
    venue: &Venue,
    id: &str,
    index: usize,
    delta: P2,
) -> Result<Venue, EditError> {
    let delta = finite_point(delta, "delta")?;
    let z = zone_index(venue, id)?;
    check_corner(id, index, venue.zones[z].polygon.len())?;
    let mut out = venue.clone();
    out.zones[z].polygon = with_edge_moved(&venue.zones[z].polygon, index, delta);
    Ok(out)
}

/// Moves corner `index` of the floor outline to `to`, carrying what lies on the
/// outline (see [`reshape_floor`]).
pub fn move_floor_corner(venue: &Venue, index: usize, to: P2) -> Result<Venue, EditError> {
    let to = finite_point(to, "corner")?;
    check_corner("floor", index, venue.floor.len())?;
    Ok(reshape_floor(venue, with_corner(&venue.floor, index, to)))
}

/// Moves edge `index` of the floor outline by `delta`, carrying what lies on the
/// outline (see [`reshape_floor`]).
pub fn move_floor_edge(venue: &Venue, index: usize, delta: P2) -> Result<Venue, EditError> {
    let delta = finite_point(delta, "delta")?;
    check_corner("floor", index, venue.floor.len())?;
    Ok(reshape_floor(
        venue,
        with_edge_moved(&venue.floor, index, delta),
    ))
}

/// Replaces the floor outline by `new_floor` (same number of corners), keeping what
/// was drawn on the old outline attached. Every wall end and every zone corner that lay
/// on the old outline (within [`ON_OUTLINE_TOLERANCE`]) follows it: one on a corner
/// moves with that corner, one along an edge moves onto the same edge of the new
/// outline by the shortest way (so points along an edge that was only lengthened stay
/// where they are, and points along a dragged edge move with it). So exterior walls stay
/// on the outline (they stay exterior), an interior wall that ended on an exterior wall
/// still ends on it, and zones that met the outline still tile the floor. Doors and
/// windows keep their place on the plan (projected onto their wall's new line, so a
/// dragged wall carries them), clamped so they stay on a wall that got shorter.
/// Fixtures and external features do not move.
fn reshape_floor(venue: &Venue, new_floor: Vec<P2>) -> Venue {
    let old = &venue.floor;
    let n = old.len();
    let follow = |p: P2| -> P2 {
        if let Some(k) = old.iter().position(|c| near(*c, p)) {
            return new_floor[k];
        }
        for i in 0..n {
            if fraction_on_segment(p, old[i], old[(i + 1) % n]).is_some() {
                let q = closest_on_segment(p, new_floor[i], new_floor[(i + 1) % n]);
                return (tidy(q.0), tidy(q.1));
            }
        }
        p
    };
    let mut out = venue.clone();
    for wall in &mut out.walls {
        let old_axis = unit(sub(wall.to, wall.from));
        let old_from = wall.from;
        wall.from = follow(wall.from);
        wall.to = follow(wall.to);
        let Some((dir, len)) = unit(sub(wall.to, wall.from)) else {
            continue;
        };
        for opening in &mut wall.openings {
            // Keep the opening where it was on the plan (a wall whose `from` end moved
            // counts its openings from a new place), then keep it on the wall.
            let center = match old_axis {
                Some((old_dir, _)) => {
                    let c = opening.center();
                    let at = (old_from.0 + old_dir.0 * c, old_from.1 + old_dir.1 * c);
                    dot(sub(at, wall.from), dir)
                }
                None => opening.center(),
            };
            set_center(opening, clamp_center(center, opening.width(), len));
        }
    }
    for zone in &mut out.zones {
        for p in &mut zone.polygon {
            *p = follow(*p);
        }
    }
    out.floor = new_floor;
    out
}

fn near(a: P2, b: P2) -> bool {
    (a.0 - b.0).hypot(a.1 - b.1) <= ON_OUTLINE_TOLERANCE
}

/// The point of segment `a`–`b` closest to `p`.
fn closest_on_segment(p: P2, a: P2, b: P2) -> P2 {
    match unit(sub(b, a)) {
        Some((dir, len)) => {
            let t = dot(sub(p, a), dir).clamp(0.0, len);
            (a.0 + dir.0 * t, a.1 + dir.1 * t)
        }
        None => a,
    }
}

/// Where `p` lies along segment `a`–`b` as a fraction in `[0, 1]`, if it lies on it.
fn fraction_on_segment(p: P2, a: P2, b: P2) -> Option<f64> {
    let (dir, len) = unit(sub(b, a))?;
    let rel = sub(p, a);
    let along = dot(rel, dir);
    let off = (rel.0 * dir.1 - rel.1 * dir.0).abs();
    let inside = along >= -ON_OUTLINE_TOLERANCE && along <= len + ON_OUTLINE_TOLERANCE;
    (inside && off <= ON_OUTLINE_TOLERANCE).then(|| (along / len).clamp(0.0, 1.0))
}

/// An opening's centre clamped so `[center − width/2, center + width/2]` lies on a
/// wall of length `len` (centred on the wall if it is wider than the wall).
pub fn clamp_center(center: f64, width: f64, len: f64) -> f64 {
    let half = width / 2.0;
    if width >= len {
        tidy(len / 2.0)
    } else {
        tidy(center.clamp(half, len - half))
    }
}

fn set_center(opening: &mut Opening, center: f64) {
    match opening {
        Opening::Door(d) => d.center = center,
        Opening::Window(w) => w.center = center,
    }
}

/// (wall index, opening index, wall length) of the door or window `id`.
fn find_opening(venue: &Venue, id: &str) -> Result<(usize, usize, f64), EditError> {
    let mut found = None;
    for (w, wall) in venue.walls.iter().enumerate() {
        for (o, opening) in wall.openings.iter().enumerate() {
            if opening.id() == id {
                if found.is_some() {
                    return Err(EditError::AmbiguousOpening(id.to_owned()));
                }
                found = Some((w, o));
            }
        }
    }
    let (w, o) = found.ok_or_else(|| EditError::UnknownOpening(id.to_owned()))?;
    let wall = &venue.walls[w];
    let (_, len) =
        unit(sub(wall.to, wall.from)).ok_or_else(|| EditError::DegenerateWall(wall.id.clone()))?;
    Ok((w, o, len))
}

/// Moves door or window `id` along its wall so its middle is `center` metres from the
/// wall's `from` end, clamped so the whole opening stays on the wall.
pub fn move_opening(venue: &Venue, id: &str, center: f64) -> Result<Venue, EditError> {
    let center = finite(center, "center")?;
    let (w, o, len) = find_opening(venue, id)?;
    let mut out = venue.clone();
    let opening = &mut out.walls[w].openings[o];
    let clamped = clamp_center(center, opening.width(), len);
    set_center(opening, clamped);
    Ok(out)
}

/// Sets the width of door or window `id` (at most the wall's length), keeping its
/// middle where it is unless the wider opening would leave the wall, then shifting it
/// just enough to stay on.
pub fn resize_opening(venue: &Venue, id: &str, width: f64) -> Result<Venue, EditError> {
    let width = finite(width, "width")?;
    if width <= 0.0 {
        return Err(EditError::NonPositiveWidth(width));
    }
    let (w, o, len) = find_opening(venue, id)?;
    let width = tidy(width.min(len));
    let mut out = venue.clone();
    let opening = &mut out.walls[w].openings[o];
    match opening {
        Opening::Door(d) => d.width = width,
        Opening::Window(win) => win.width = width,
    }
    let clamped = clamp_center(opening.center(), width, len);
    set_center(opening, clamped);
    Ok(out)
}

/// Sets door or window `id` to span `start`..`end` metres from its wall's `from` end
/// (either order): what dragging one jamb does, the other jamb staying put. Clamped
/// onto the wall like [`resize_opening`].
pub fn set_opening_extent(
    venue: &Venue,
    id: &str,
    start: f64,
    end: f64,
) -> Result<Venue, EditError> {
    let (start, end) = (finite(start, "start")?, finite(end, "end")?);
    let (lo, hi) = (start.min(end), start.max(end));
    if hi - lo <= 0.0 {
        return Err(EditError::NonPositiveWidth(hi - lo));
    }
    let (w, o, len) = find_opening(venue, id)?;
    let width = tidy((hi - lo).min(len));
    let mut out = venue.clone();
    let opening = &mut out.walls[w].openings[o];
    match opening {
        Opening::Door(d) => d.width = width,
        Opening::Window(win) => win.width = width,
    }
    set_center(opening, clamp_center((lo + hi) / 2.0, width, len));
    Ok(out)
}

#[cfg(test)]
mod tests;
