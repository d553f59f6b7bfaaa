//! [`Place`]s resolved to shapes (for straight-line distances) and to grid cells (for
//! routes).
//!
//! Shapes: fixtures are their footprints, zones their polygons, doors the centre of the
//! threshold, external features their position, the venue its floor outline.
//!
//! Cells (where a route starts or ends):
//! - zones: the free cells inside them; these count towards a route's width.
//! - fixtures, doors, external features: the free cells within `reach` of them, the spot
//!   one walks up to; these do not limit a route's width (a person standing at a counter
//!   is not "in a narrow passage" because the counter is beside them). A door end still
//!   limits a clear-width route to the door's own clear width: the clear-width check
//!   adds it (`rules/clear_width.rs`). When nothing free
//!   is within reach, the nearest free cells within [`FALLBACK_REACH_M`] stand in.
//! - the venue: the cells within `reach` of its exterior doors (where people come in).
//!
//! For routes, each end also names its *own obstacles*: blocked cells that belong to the
//! thing walked up to, so that the clearance they leave is not read as a narrow passage
//! (standing in a doorway, the outside behind the door is not a wall beside you). For a
//! door these are the wall and off-floor cells within `reach` of its threshold (a
//! fixture placed near the door still counts as a constriction); for a fixture, its own
//! footprint (plus one cell); for an external feature, everything within `reach`.

use super::common::{Groups, doors_name, fixtures_name, text, zones_name};
use crate::geometry::{BBox, Blocker, OccupancyGrid, point_polygon_distance};
use crate::model::{P2, Place, Text};
use crate::plan::Plan;

/// How far away a place may be reached when nothing is free within the normal reach:
/// about an arm's length.
pub const FALLBACK_REACH_M: f64 = 0.6;

/// What kind of entity an item is, with its index (to skip self-pairs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Fixture(usize),
    Zone(usize),
    Door(usize),
    External(usize),
    Venue,
}

/// One entity of a place, with its shape on the plan.
#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    pub key: Key,
    pub shape: Vec<P2>,
    pub bbox: BBox,
}

fn item(id: &str, key: Key, shape: Vec<P2>) -> Item {
    Item {
        id: id.to_string(),
        key,
        bbox: BBox::of(&shape),
        shape,
    }
}

/// The entities of a place, in plan order.
pub fn items(plan: &Plan, place: &Place, groups: &Groups) -> Vec<Item> {
    match place {
        Place::Fixtures(sel) => plan
            .resolve_fixtures(sel)
            .into_iter()
            .map(|i| {
                item(
                    &plan.fixtures[i].id,
                    Key::Fixture(i),
                    plan.fixtures[i].footprint.to_vec(),
                )
            })
            .collect(),
        Place::Zones(sel) => plan
            .resolve_zones(sel, groups)
            .into_iter()
            .map(|i| {
                item(
                    &plan.zones[i].id,
                    Key::Zone(i),
                    plan.zones[i].polygon.clone(),
                )
            })
            .collect(),
        Place::Doors(sel) => plan
            .resolve_doors(sel, groups)
            .into_iter()
            .map(|i| item(&plan.doors[i].id, Key::Door(i), vec![plan.doors[i].center]))
            .collect(),
        Place::External(kinds) => plan
            .externals
            .iter()
            .enumerate()
            .filter(|(_, e)| kinds.contains(&e.kind))
            .map(|(i, e)| item(&e.id, Key::External(i), vec![e.position]))
            .collect(),
        Place::Venue => {
            if plan.floor.is_empty() {
                Vec::new()
            } else {
                vec![item(&plan.venue_id, Key::Venue, plan.floor.clone())]
            }
        }
    }
}

/// Name of a place for findings.
pub fn name(plan: &Plan, place: &Place, groups: &Groups) -> Text {
    match place {
        Place::Fixtures(sel) => fixtures_name(plan, sel),
        Place::Zones(sel) => zones_name(plan, sel, groups),
        Place::Doors(sel) => doors_name(plan, sel, groups),
        Place::External(kinds) => {
            let names: Vec<Text> = kinds
                .iter()
                .map(|k| {
                    plan.externals
                        .iter()
                        .find(|e| &e.kind == k)
                        .map_or_else(|| text(k.clone(), k.clone()), |e| e.name.clone())
                })
                .collect();
            super::common::join(&names)
        }
        Place::Venue => text("场所", "the venue"),
    }
}

/// Grid cells of a place.
#[derive(Debug, Clone, Default)]
pub struct Cells {
    /// Ascending, de-duplicated.
    pub cells: Vec<u32>,
    /// Whether these cells should not limit a route's width.
    pub ignore_width: bool,
    /// Ids of the entities the place selected.
    pub ids: Vec<String>,
    /// Blocked cells that belong to the ends themselves (see the module doc).
    pub own: Vec<u32>,
}

/// Free cells within `reach` of a shape, else the nearest within [`FALLBACK_REACH_M`].
fn reach_cells(grid: &OccupancyGrid, shape: &[P2], reach: f64) -> Vec<u32> {
    let near = grid.free_cells_near(shape, reach);
    if !near.is_empty() {
        return near;
    }
    let wide = grid.free_cells_near(shape, FALLBACK_REACH_M.max(reach));
    let best = wide
        .iter()
        .map(|c| point_polygon_distance(grid.center(*c as usize), shape))
        .fold(f64::INFINITY, f64::min);
    wide.into_iter()
        .filter(|c| point_polygon_distance(grid.center(*c as usize), shape) <= best + grid.cell)
        .collect()
}

/// The cells where a route to or from `place` ends.
pub fn cells(
    plan: &Plan,
    grid: &OccupancyGrid,
    place: &Place,
    groups: &Groups,
    reach: f64,
) -> Cells {
    let mut out = Cells::default();
    match place {
        Place::Zones(sel) => {
            for z in plan.resolve_zones(sel, groups) {
                out.cells.extend(grid.free_cells_in(&plan.zones[z].polygon));
                out.ids.push(plan.zones[z].id.clone());
            }
        }
        Place::Venue | Place::Doors(_) => {
            out.ignore_width = true;
            let doors: Vec<usize> = match place {
                Place::Doors(sel) => plan.resolve_doors(sel, groups),
                _ => (0..plan.doors.len())
                    .filter(|d| plan.doors[*d].exterior)
                    .collect(),
            };
            for d in doors {
                let d = &plan.doors[d];
                let seg = [d.a, d.b];
                out.cells.extend(reach_cells(grid, &seg, reach));
                out.own.extend(grid.cells_near(&seg, reach, |i| {
                    matches!(grid.blocker(i), Blocker::Wall | Blocker::Outside)
                }));
                out.ids.push(d.id.clone());
            }
        }
        Place::Fixtures(_) | Place::External(_) => {
            out.ignore_width = true;
            for it in items(plan, place, groups) {
                out.cells.extend(reach_cells(grid, &it.shape, reach));
                let own_r = if matches!(it.key, Key::Fixture(_)) {
                    grid.cell
                } else {
                    reach
                };
                out.own
                    .extend(grid.cells_near(&it.shape, own_r, |i| !grid.is_free(i)));
                out.ids.push(it.id);
            }
        }
    }
    out.cells.sort_unstable();
    out.cells.dedup();
    out.own.sort_unstable();
    out.own.dedup();
    out.ids.sort();
    out.ids.dedup();
    out
}
