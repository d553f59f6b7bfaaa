//! The resolved plan of a venue: every fixture, wall, opening and zone with its geometry
//! worked out once (footprints, sizes from the catalogue, which zones a door joins), plus
//! the door graph and cached occupancy grids. Rules and the renderer read this, never the
//! raw [`Venue`].
//!
//! [`Plan::new`] never panics: non-finite numbers become 0, negative sizes their absolute
//! value, unknown fixture types a [`UNKNOWN_FIXTURE_SIZE_M`] cube. Validation reports such
//! input; the plan only has to stay usable.

use crate::geometry::{
    self, BBox, OccupancyGrid, add, dist, dot, edges, point_in_polygon, point_segment_distance,
    polygon_area, scale, sub,
};
use crate::model::{
    Attributes, Catalogue, DoorSelector, FixtureSelector, Opening, P2, P3, Swing, Text, Value,
    Venue, ZoneKind, ZoneSelector,
};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

/// A grid of the cache, built by the first rule that asks.
type GridSlot = Arc<OnceLock<Arc<OccupancyGrid>>>;

/// Edge of the cube used for a fixture whose type the catalogue lacks: big enough to be
/// seen and to block, small enough not to swallow a room.
pub const UNKNOWN_FIXTURE_SIZE_M: f64 = 0.5;

/// How far beyond a wall's face the zone on each side of an opening is probed: a third
/// of a small room's depth, past any door frame, inside the zone drawn behind the wall.
pub const SIDE_PROBE_M: f64 = 0.3;

/// Two zones whose boundaries share at least this much length with no wall on it are
/// openly connected: 0.3 m lets a person turn sideways through, anything narrower is a
/// drawing artefact.
pub const OPEN_BOUNDARY_MIN_M: f64 = 0.3;

/// Zone edges closer than this (and parallel) count as one shared boundary: zones drawn
/// to the two faces of a thin partition or with a rounding gap still touch.
pub const SHARED_EDGE_TOLERANCE_M: f64 = 0.05;

/// Step used to measure which part of a shared boundary a wall covers: 1 cm, far below
/// [`OPEN_BOUNDARY_MIN_M`].
const OPEN_SAMPLE_M: f64 = 0.01;

/// Most samples taken along one shared boundary; a longer boundary is sampled more
/// coarsely (a 1 km edge every 1 cm would take seconds).
const MAX_OPEN_SAMPLES: usize = 20_000;

/// Parallel means within about 1° (sin 1° ≈ 0.0175).
const PARALLEL_SIN: f64 = 0.0175;

/// Most grids kept per plan (one per distinct cell size the rules ask for).
const GRID_CACHE_SIZE: usize = 4;

/// A fixture with its size, height band and footprint resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedFixture {
    pub id: String,
    /// Catalogue type (`"handwash_basin"`).
    pub kind: String,
    /// Index in [`Venue::fixtures`].
    pub index: usize,
    /// Whether the catalogue knows the type (otherwise a 0.5 m cube stands in).
    pub known_type: bool,
    /// Display name: the fixture's label, else the type's name, else the type key.
    pub name: Text,
    pub center: P2,
    pub rotation_deg: f64,
    /// `(width, depth, height)`: the fixture's own size, else the catalogue default.
    pub size: P3,
    /// Height of the bottom above the floor (mounting height).
    pub bottom: f64,
    pub top: f64,
    /// Corners of the footprint, counter-clockwise in local terms: local (-x,-z), (+x,-z),
    /// (+x,+z), (-x,+z).
    pub footprint: [P2; 4],
    pub blocks_walking: bool,
    pub attributes: Attributes,
    /// glTF model: the fixture's own, else the catalogue's; `None` for an unknown type.
    pub model: Option<String>,
}

/// A wall with its direction worked out.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedWall {
    pub id: String,
    pub from: P2,
    pub to: P2,
    pub thickness: f64,
    pub height: f64,
    /// Unit vector from `from` to `to` (`(1, 0)` for a zero-length wall).
    pub dir: P2,
    /// Unit left normal: on your left when walking from `from` to `to`, seen from above.
    pub normal: P2,
    pub length: f64,
    /// Whether the wall lies on the floor outline.
    pub on_outline: bool,
}

impl PlacedWall {
    /// The wall's footprint (without end caps): four corners.
    pub fn footprint(&self) -> [P2; 4] {
        let h = scale(self.normal, self.thickness / 2.0);
        [
            sub(self.from, h),
            sub(self.to, h),
            add(self.to, h),
            add(self.from, h),
        ]
    }
}

/// A door with its opening placed on the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedDoor {
    pub id: String,
    /// Id of the wall it is in.
    pub wall: String,
    /// Index in [`Plan::walls`].
    pub wall_index: usize,
    /// Middle of the threshold (on the wall axis).
    pub center: P2,
    /// Ends of the opening on the wall axis: `a` towards the wall's `from`.
    pub a: P2,
    pub b: P2,
    /// The wall's left normal.
    pub normal: P2,
    pub width: f64,
    pub height: f64,
    /// Authored as exterior, or in a wall on the floor outline.
    pub exterior: bool,
    pub swing: Swing,
    pub attributes: Attributes,
    /// Zone on the left (`[0]`) and right (`[1]`) of the wall, probed
    /// [`SIDE_PROBE_M`] beyond each face.
    pub sides: [Option<usize>; 2],
    /// Thickness of its wall.
    pub wall_thickness: f64,
}

/// A window with its opening placed on the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedWindow {
    pub id: String,
    pub wall: String,
    pub wall_index: usize,
    pub center: P2,
    pub a: P2,
    pub b: P2,
    pub normal: P2,
    pub width: f64,
    pub height: f64,
    pub sill: f64,
    /// Its wall lies on the floor outline, or one side has no zone.
    pub exterior: bool,
    pub attributes: Attributes,
    pub sides: [Option<usize>; 2],
    pub wall_thickness: f64,
}

/// A zone with its area.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedZone {
    pub id: String,
    pub kind: ZoneKind,
    pub name: Text,
    pub polygon: Vec<P2>,
    pub area: f64,
    pub clear_height: f64,
    pub attributes: Attributes,
    pub bbox: BBox,
}

/// An external feature (refuse point, cesspit…).
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedExternal {
    pub id: String,
    pub kind: String,
    pub position: P2,
    pub name: Text,
}

/// How two nodes of the [`DoorGraph`] are connected.
#[derive(Debug, Clone, PartialEq)]
pub enum Via {
    /// Through a door (index in [`Plan::doors`]).
    Door(usize),
    /// Across a shared zone boundary with no wall on it; the longest open stretch.
    Open { from: P2, to: P2 },
}

/// One connection of the door graph. Nodes are zone indices; [`DoorGraph::outside`] is
/// the virtual node for outside the venue.
#[derive(Debug, Clone, PartialEq)]
pub struct Connection {
    pub a: usize,
    pub b: usize,
    pub via: Via,
}

impl Connection {
    /// A plan point representing the passage (door centre, middle of the open stretch).
    pub fn point(&self, plan: &Plan) -> P2 {
        match &self.via {
            Via::Door(d) => plan.doors.get(*d).map_or((0.0, 0.0), |d| d.center),
            Via::Open { from, to } => geometry::midpoint(*from, *to),
        }
    }
}

/// Zone adjacency through doors and open boundaries.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DoorGraph {
    pub zone_count: usize,
    /// Every connection, doors first (in plan order), then open boundaries.
    pub connections: Vec<Connection>,
}

impl DoorGraph {
    /// The node standing for outside the venue.
    pub fn outside(&self) -> usize {
        self.zone_count
    }

    pub fn node_count(&self) -> usize {
        self.zone_count + 1
    }

    /// `(neighbour, connection index)` of every connection at `node`, in connection order.
    pub fn neighbours(&self, node: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.connections
            .iter()
            .enumerate()
            .filter_map(move |(i, c)| {
                if c.a == node {
                    Some((c.b, i))
                } else if c.b == node {
                    Some((c.a, i))
                } else {
                    None
                }
            })
    }
}

/// The resolved venue.
#[derive(Debug)]
pub struct Plan {
    pub venue_id: String,
    pub floor: Vec<P2>,
    pub floor_area: f64,
    pub bbox: BBox,
    pub ceiling_height: Option<f64>,
    pub fixtures: Vec<PlacedFixture>,
    pub walls: Vec<PlacedWall>,
    pub doors: Vec<PlacedDoor>,
    pub windows: Vec<PlacedWindow>,
    pub zones: Vec<PlacedZone>,
    pub externals: Vec<PlacedExternal>,
    /// Display names of the catalogue's fixture types.
    pub type_names: BTreeMap<String, Text>,
    door_graph: OnceLock<DoorGraph>,
    /// Grids by cell size (its bits), each built once by whichever rule needs it first.
    grids: Mutex<Vec<(u64, GridSlot)>>,
}

impl Clone for Plan {
    /// Clones the resolved data; caches start empty.
    fn clone(&self) -> Self {
        Plan {
            venue_id: self.venue_id.clone(),
            floor: self.floor.clone(),
            floor_area: self.floor_area,
            bbox: self.bbox,
            ceiling_height: self.ceiling_height,
            fixtures: self.fixtures.clone(),
            walls: self.walls.clone(),
            doors: self.doors.clone(),
            windows: self.windows.clone(),
            zones: self.zones.clone(),
            externals: self.externals.clone(),
            type_names: self.type_names.clone(),
            door_graph: OnceLock::new(),
            grids: Mutex::new(Vec::new()),
        }
    }
}

/// `x` if finite, else 0.
fn fin(x: f64) -> f64 {
    if x.is_finite() { x } else { 0.0 }
}

fn fin2(p: P2) -> P2 {
    (fin(p.0), fin(p.1))
}

/// A non-negative finite length.
fn len_or(x: f64, default: f64) -> f64 {
    if x.is_finite() { x.abs() } else { default }
}

/// The four corners of a footprint `width` (local x) by `depth` (local z) centred on
/// `center`, turned `rotation_deg` counter-clockwise seen from above: local +x maps to
/// `(cos θ, -sin θ)` and local +z to `(sin θ, cos θ)` in `(x, z)`, as
/// `Quat::from_rotation_y` does. Order: local (-x,-z), (+x,-z), (+x,+z), (-x,+z).
pub fn fixture_footprint(center: P2, rotation_deg: f64, width: f64, depth: f64) -> [P2; 4] {
    let t = fin(rotation_deg).to_radians();
    let (s, c) = t.sin_cos();
    let ux = (c, -s);
    let uz = (s, c);
    let (hw, hd) = (fin(width) / 2.0, fin(depth) / 2.0);
    let corner = |sx: f64, sz: f64| add(center, add(scale(ux, sx * hw), scale(uz, sz * hd)));
    [
        corner(-1.0, -1.0),
        corner(1.0, -1.0),
        corner(1.0, 1.0),
        corner(-1.0, 1.0),
    ]
}

/// Whether a fixture's attributes match every `where` entry.
fn attributes_match(attrs: &Attributes, wanted: &BTreeMap<String, Value>) -> bool {
    wanted
        .iter()
        .all(|(k, v)| attrs.get(k).is_some_and(|a| values_equal(a, v)))
}

/// Value equality with numbers compared to a millionth (RON `16` and `16.0` agree).
pub fn values_equal(a: &Value, b: &Value) -> bool {
    const NUMBER_TOLERANCE: f64 = 1e-6;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => (x - y).abs() <= NUMBER_TOLERANCE,
        _ => a == b,
    }
}

impl Plan {
    /// Resolve a venue against its catalogue. Never panics.
    pub fn new(venue: &Venue, catalogue: &Catalogue) -> Plan {
        let floor: Vec<P2> = venue.floor.iter().map(|p| fin2(*p)).collect();
        let floor_area = polygon_area(&floor);

        let zones: Vec<PlacedZone> = venue
            .zones
            .iter()
            .map(|z| {
                let polygon: Vec<P2> = z.polygon.iter().map(|p| fin2(*p)).collect();
                PlacedZone {
                    id: z.id.clone(),
                    kind: z.kind,
                    name: z.display_name(),
                    area: polygon_area(&polygon),
                    bbox: BBox::of(&polygon),
                    polygon,
                    clear_height: fin(z.clear_height),
                    attributes: z.attributes.clone(),
                }
            })
            .collect();

        let fixtures = venue
            .fixtures
            .iter()
            .enumerate()
            .map(|(index, f)| {
                let ty = catalogue.fixtures.get(&f.kind);
                let cube = (
                    UNKNOWN_FIXTURE_SIZE_M,
                    UNKNOWN_FIXTURE_SIZE_M,
                    UNKNOWN_FIXTURE_SIZE_M,
                );
                let raw = f.size.or(ty.map(|t| t.size)).unwrap_or(cube);
                let size = (
                    len_or(raw.0, cube.0),
                    len_or(raw.1, cube.1),
                    len_or(raw.2, cube.2),
                );
                let bottom = fin(f
                    .mounting_height
                    .or(ty.map(|t| t.mounting_height))
                    .unwrap_or(0.0));
                let center = fin2(f.position);
                let rotation_deg = fin(f.rotation);
                PlacedFixture {
                    id: f.id.clone(),
                    kind: f.kind.clone(),
                    index,
                    known_type: ty.is_some(),
                    name: f
                        .label
                        .clone()
                        .or_else(|| ty.map(|t| t.name.clone()))
                        .unwrap_or_else(|| Text::new(f.kind.clone(), f.kind.clone())),
                    center,
                    rotation_deg,
                    size,
                    bottom,
                    top: bottom + size.2,
                    footprint: fixture_footprint(center, rotation_deg, size.0, size.1),
                    blocks_walking: ty.is_none_or(|t| t.blocks_walking),
                    attributes: f.attributes.clone(),
                    model: f.model.clone().or_else(|| ty.map(|t| t.model.clone())),
                }
            })
            .collect();

        let mut plan = Plan {
            venue_id: venue.id.clone(),
            bbox: BBox::of(&floor),
            floor,
            floor_area,
            ceiling_height: venue.ceiling_height.map(fin),
            fixtures,
            walls: Vec::new(),
            doors: Vec::new(),
            windows: Vec::new(),
            zones,
            externals: venue
                .external
                .iter()
                .map(|e| PlacedExternal {
                    id: e.id.clone(),
                    kind: e.kind.clone(),
                    position: fin2(e.position),
                    name: e
                        .name
                        .clone()
                        .unwrap_or_else(|| Text::new(e.kind.clone(), e.kind.clone())),
                })
                .collect(),
            type_names: catalogue
                .fixtures
                .iter()
                .map(|(k, t)| (k.clone(), t.name.clone()))
                .collect(),
            door_graph: OnceLock::new(),
            grids: Mutex::new(Vec::new()),
        };

        for (wall_index, w) in venue.walls.iter().enumerate() {
            let (from, to) = (fin2(w.from), fin2(w.to));
            let length = dist(from, to);
            let dir = geometry::normalize(sub(to, from)).unwrap_or((1.0, 0.0));
            let normal = (dir.1, -dir.0);
            let thickness = len_or(w.thickness, 0.0);
            let on_outline = plan.segment_on_outline(from, to, thickness);
            plan.walls.push(PlacedWall {
                id: w.id.clone(),
                from,
                to,
                thickness,
                height: fin(w.height),
                dir,
                normal,
                length,
                on_outline,
            });
            for o in &w.openings {
                let t = fin(o.center());
                let width = len_or(o.width(), 0.0);
                let center = add(from, scale(dir, t));
                let a = sub(center, scale(dir, width / 2.0));
                let b = add(center, scale(dir, width / 2.0));
                let probe = SIDE_PROBE_M + thickness / 2.0;
                let sides = [
                    plan.zone_at(add(center, scale(normal, probe))),
                    plan.zone_at(sub(center, scale(normal, probe))),
                ];
                match o {
                    Opening::Door(d) => plan.doors.push(PlacedDoor {
                        id: d.id.clone(),
                        wall: w.id.clone(),
                        wall_index,
                        center,
                        a,
                        b,
                        normal,
                        width,
                        height: fin(d.height),
                        exterior: d.exterior || on_outline,
                        swing: d.swing,
                        attributes: d.attributes.clone(),
                        sides,
                        wall_thickness: thickness,
                    }),
                    Opening::Window(win) => plan.windows.push(PlacedWindow {
                        id: win.id.clone(),
                        wall: w.id.clone(),
                        wall_index,
                        center,
                        a,
                        b,
                        normal,
                        width,
                        height: fin(win.height),
                        sill: fin(win.sill),
                        exterior: on_outline || sides.iter().any(Option::is_none),
                        attributes: win.attributes.clone(),
                        sides,
                        wall_thickness: thickness,
                    }),
                }
            }
        }
        plan
    }

    /// Whether the segment lies on the floor outline: its ends and middle are within
    /// half its thickness (at least [`SHARED_EDGE_TOLERANCE_M`]) of one outline edge.
    fn segment_on_outline(&self, from: P2, to: P2, thickness: f64) -> bool {
        if self.floor.len() < 3 {
            return false;
        }
        let tol = (thickness / 2.0).max(SHARED_EDGE_TOLERANCE_M);
        let mid = geometry::midpoint(from, to);
        edges(&self.floor).any(|(a, b)| {
            [from, mid, to]
                .iter()
                .all(|p| point_segment_distance(*p, a, b) <= tol)
        })
    }

    /// Index of the first zone containing `p`.
    pub fn zone_at(&self, p: P2) -> Option<usize> {
        self.zones
            .iter()
            .position(|z| z.bbox.contains(p) && point_in_polygon(p, &z.polygon))
    }

    /// Whether `p` is on the floor.
    pub fn on_floor(&self, p: P2) -> bool {
        point_in_polygon(p, &self.floor)
    }

    /// Zone indices picked by the selector, ascending. Unknown groups and ids pick
    /// nothing.
    pub fn resolve_zones(
        &self,
        sel: &ZoneSelector,
        groups: &BTreeMap<String, Vec<ZoneKind>>,
    ) -> Vec<usize> {
        let pick = |f: &dyn Fn(&PlacedZone) -> bool| -> Vec<usize> {
            self.zones
                .iter()
                .enumerate()
                .filter(|(_, z)| f(z))
                .map(|(i, _)| i)
                .collect()
        };
        match sel {
            ZoneSelector::All => (0..self.zones.len()).collect(),
            ZoneSelector::Kinds(kinds) => pick(&|z| kinds.contains(&z.kind)),
            ZoneSelector::Group(g) => match groups.get(g) {
                Some(kinds) => pick(&|z| kinds.contains(&z.kind)),
                None => Vec::new(),
            },
            ZoneSelector::Ids(ids) => pick(&|z| ids.contains(&z.id)),
        }
    }

    /// Fixture indices picked by the selector, ascending.
    pub fn resolve_fixtures(&self, sel: &FixtureSelector) -> Vec<usize> {
        self.fixtures
            .iter()
            .enumerate()
            .filter(|(_, f)| {
                (sel.types.is_empty() || sel.types.contains(&f.kind))
                    && attributes_match(&f.attributes, &sel.where_attributes)
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// Door indices picked by the selector, ascending.
    pub fn resolve_doors(
        &self,
        sel: &DoorSelector,
        groups: &BTreeMap<String, Vec<ZoneKind>>,
    ) -> Vec<usize> {
        let pick = |f: &dyn Fn(&PlacedDoor) -> bool| -> Vec<usize> {
            self.doors
                .iter()
                .enumerate()
                .filter(|(_, d)| f(d))
                .map(|(i, _)| i)
                .collect()
        };
        match sel {
            DoorSelector::All => (0..self.doors.len()).collect(),
            DoorSelector::Exterior => pick(&|d| d.exterior),
            DoorSelector::Interior => pick(&|d| !d.exterior),
            DoorSelector::Ids(ids) => pick(&|d| ids.contains(&d.id)),
            DoorSelector::OfZones(zs) => {
                let zones = self.resolve_zones(zs, groups);
                pick(&|d| d.sides.iter().flatten().any(|z| zones.contains(z)))
            }
        }
    }

    /// Zone adjacency through doors and open boundaries (computed once, then cached).
    pub fn door_graph(&self) -> &DoorGraph {
        self.door_graph.get_or_init(|| self.build_door_graph())
    }

    fn build_door_graph(&self) -> DoorGraph {
        let outside = self.zones.len();
        let mut connections = Vec::new();
        for (i, d) in self.doors.iter().enumerate() {
            let side = |s: Option<usize>| s.or(d.exterior.then_some(outside));
            if let (Some(a), Some(b)) = (side(d.sides[0]), side(d.sides[1]))
                && a != b
            {
                connections.push(Connection {
                    a,
                    b,
                    via: Via::Door(i),
                });
            }
        }
        for i in 0..self.zones.len() {
            for j in i + 1..self.zones.len() {
                if let Some((from, to)) = self.open_boundary(i, j) {
                    connections.push(Connection {
                        a: i,
                        b: j,
                        via: Via::Open { from, to },
                    });
                }
            }
        }
        DoorGraph {
            zone_count: self.zones.len(),
            connections,
        }
    }

    /// The longest stretch of boundary shared by zones `i` and `j` that no wall covers,
    /// if it is at least [`OPEN_BOUNDARY_MIN_M`] long.
    pub fn open_boundary(&self, i: usize, j: usize) -> Option<(P2, P2)> {
        let (zi, zj) = (self.zones.get(i)?, self.zones.get(j)?);
        if zi.bbox.distance(&zj.bbox) > SHARED_EDGE_TOLERANCE_M {
            return None;
        }
        let mut best: Option<(f64, P2, P2)> = None;
        for (p0, p1) in edges(&zi.polygon) {
            let d1 = sub(p1, p0);
            let l1 = geometry::length(d1);
            if l1 <= geometry::EPS {
                continue;
            }
            let u = scale(d1, 1.0 / l1);
            for (q0, q1) in edges(&zj.polygon) {
                let d2 = sub(q1, q0);
                let l2 = geometry::length(d2);
                if l2 <= geometry::EPS || geometry::cross(u, d2).abs() > PARALLEL_SIN * l2 {
                    continue;
                }
                let off = |q: P2| geometry::cross(u, sub(q, p0)).abs();
                if off(q0) > SHARED_EDGE_TOLERANCE_M || off(q1) > SHARED_EDGE_TOLERANCE_M {
                    continue;
                }
                let (ta, tb) = (dot(sub(q0, p0), u), dot(sub(q1, p0), u));
                let (t0, t1) = (ta.min(tb).max(0.0), ta.max(tb).min(l1));
                if t1 - t0 < OPEN_BOUNDARY_MIN_M {
                    continue;
                }
                let (a, b) = (add(p0, scale(u, t0)), add(p0, scale(u, t1)));
                if let Some((len, s, e)) = self.longest_uncovered(a, b)
                    && best.is_none_or(|(bl, _, _)| len > bl)
                {
                    best = Some((len, s, e));
                }
            }
        }
        best.filter(|(len, _, _)| *len >= OPEN_BOUNDARY_MIN_M - geometry::EPS)
            .map(|(_, s, e)| (s, e))
    }

    /// Longest run of segment `a`–`b` not within any wall's half thickness (plus the
    /// shared-edge tolerance), sampled every [`OPEN_SAMPLE_M`].
    fn longest_uncovered(&self, a: P2, b: P2) -> Option<(f64, P2, P2)> {
        let len = dist(a, b);
        let seg_box = BBox::of(&[a, b]);
        let walls: Vec<&PlacedWall> = self
            .walls
            .iter()
            .filter(|w| {
                BBox::of(&[w.from, w.to]).distance(&seg_box)
                    <= w.thickness / 2.0 + SHARED_EDGE_TOLERANCE_M
            })
            .collect();
        let steps = ((len / OPEN_SAMPLE_M).ceil().min(MAX_OPEN_SAMPLES as f64) as usize).max(1);
        let step = len / steps as f64;
        let covered = |p: P2| {
            walls.iter().any(|w| {
                point_segment_distance(p, w.from, w.to)
                    <= w.thickness / 2.0 + SHARED_EDGE_TOLERANCE_M
            })
        };
        let mut best: Option<(f64, P2, P2)> = None;
        let mut run_start: Option<usize> = None;
        // Sample the middle of each step; a run of k free samples is k steps long.
        for k in 0..=steps {
            let free = k < steps && !covered(geometry::lerp(a, b, (k as f64 + 0.5) / steps as f64));
            match (free, run_start) {
                (true, None) => run_start = Some(k),
                (false, Some(s)) => {
                    let l = (k - s) as f64 * step;
                    if best.is_none_or(|(bl, _, _)| l > bl) {
                        best = Some((
                            l,
                            geometry::lerp(a, b, s as f64 / steps as f64),
                            geometry::lerp(a, b, k as f64 / steps as f64),
                        ));
                    }
                    run_start = None;
                }
                _ => {}
            }
        }
        best
    }

    /// The occupancy grid with cells of `cell_m` (see [`OccupancyGrid::build`]), built
    /// once per cell size and kept. Rules evaluated on several threads at once wait for
    /// a grid another thread is building instead of building it again.
    pub fn grid(&self, cell_m: f64) -> Arc<OccupancyGrid> {
        let cell = OccupancyGrid::effective_cell(self, cell_m);
        let key = cell.to_bits();
        let slot = match self.grids.lock() {
            Ok(mut cache) => match cache.iter().find(|(k, _)| *k == key) {
                Some((_, slot)) => Arc::clone(slot),
                None => {
                    if cache.len() >= GRID_CACHE_SIZE {
                        cache.remove(0);
                    }
                    let slot = Arc::new(OnceLock::new());
                    cache.push((key, Arc::clone(&slot)));
                    slot
                }
            },
            // A builder panicked while holding the lock: build without the cache.
            Err(_) => Arc::new(OnceLock::new()),
        };
        Arc::clone(slot.get_or_init(|| Arc::new(OccupancyGrid::build(self, cell))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Door, Fixture, FixtureType, Wall, Window, Zone};

    fn catalogue() -> Catalogue {
        let mut fixtures = BTreeMap::new();
        fixtures.insert(
            "stove".to_string(),
            FixtureType {
                name: Text::new("灶台", "Stove"),
                category: "kitchen".into(),
                size: (1.0, 0.6, 0.8),
                mounting_height: 0.0,
                model: "models/stove.glb".into(),
                blocks_walking: true,
                color: None,
            },
        );
        Catalogue {
            format_version: 1,
            fixtures,
            categories: Default::default(),
        }
    }

    fn rect(x0: f64, z0: f64, x1: f64, z1: f64) -> Vec<P2> {
        vec![(x0, z0), (x1, z0), (x1, z1), (x0, z1)]
    }

    fn zone(id: &str, kind: ZoneKind, poly: Vec<P2>) -> Zone {
        Zone {
            id: id.into(),
            kind,
            name: None,
            polygon: poly,
            clear_height: 2.6,
            attributes: Attributes::new(),
        }
    }

    fn wall(id: &str, from: P2, to: P2, openings: Vec<Opening>) -> Wall {
        Wall {
            id: id.into(),
            from,
            to,
            thickness: 0.1,
            height: 2.8,
            openings,
        }
    }

    fn door(id: &str, center: f64, exterior: bool) -> Opening {
        Opening::Door(Door {
            id: id.into(),
            center,
            width: 0.9,
            height: 2.1,
            exterior,
            swing: Swing::LeftIn,
            attributes: Attributes::new(),
        })
    }

    /// Two 4 × 4 rooms side by side with a door between and an exterior door.
    fn venue() -> Venue {
        Venue {
            format_version: 1,
            id: "t".into(),
            title: Text::new("t", "t"),
            permit: "food".into(),
            flags: BTreeMap::new(),
            catalogue: "c".into(),
            rule_packs: vec![],
            floor: rect(0.0, 0.0, 8.0, 4.0),
            ceiling_height: None,
            walls: vec![
                wall(
                    "south",
                    (0.0, 0.0),
                    (8.0, 0.0),
                    vec![door("front", 2.0, false)],
                ),
                wall(
                    "mid",
                    (4.0, 0.0),
                    (4.0, 4.0),
                    vec![door("inner", 2.0, false)],
                ),
                wall(
                    "north",
                    (8.0, 4.0),
                    (0.0, 4.0),
                    vec![Opening::Window(Window {
                        id: "w1".into(),
                        center: 2.0,
                        width: 1.0,
                        height: 1.0,
                        sill: 1.0,
                        attributes: Attributes::new(),
                    })],
                ),
            ],
            zones: vec![
                zone("dining", ZoneKind::Dining, rect(0.0, 0.0, 4.0, 4.0)),
                zone("kitchen", ZoneKind::Cooking, rect(4.0, 0.0, 8.0, 4.0)),
            ],
            fixtures: vec![
                Fixture {
                    id: "s1".into(),
                    kind: "stove".into(),
                    position: (6.0, 3.0),
                    rotation: 90.0,
                    mounting_height: None,
                    size: None,
                    model: None,
                    label: None,
                    attributes: Attributes::new(),
                },
                Fixture {
                    id: "x".into(),
                    kind: "mystery".into(),
                    position: (f64::NAN, 1.0),
                    rotation: f64::INFINITY,
                    mounting_height: Some(-1.0),
                    size: Some((f64::NAN, -2.0, 1.0)),
                    model: None,
                    label: None,
                    attributes: Attributes::new(),
                },
            ],
            external: vec![],
            tour: None,
        }
    }

    #[test]
    fn footprint_follows_bevy_rotation() {
        let f = fixture_footprint((0.0, 0.0), 90.0, 2.0, 1.0);
        // Local +x -> (cos 90, -sin 90) = (0, -1): the width now runs along z.
        let b = BBox::of(&f);
        assert!((b.width() - 1.0).abs() < 1e-9 && (b.depth() - 2.0).abs() < 1e-9);
        // Corner (+x, +z) = (0,-1)*1 + (1,0)*0.5 = (0.5, -1).
        assert!((f[2].0 - 0.5).abs() < 1e-9 && (f[2].1 + 1.0).abs() < 1e-9);
    }

    #[test]
    fn resolves_fixtures_with_defaults_and_fallbacks() {
        let plan = Plan::new(&venue(), &catalogue());
        let s = &plan.fixtures[0];
        assert_eq!(s.size, (1.0, 0.6, 0.8));
        assert_eq!(s.top, 0.8);
        assert_eq!(s.model.as_deref(), Some("models/stove.glb"));
        let x = &plan.fixtures[1];
        assert!(!x.known_type && x.blocks_walking && x.model.is_none());
        assert_eq!(x.center, (0.0, 1.0));
        assert_eq!(x.size, (0.5, 2.0, 1.0));
        assert_eq!(x.bottom, -1.0);
        assert!(
            x.footprint
                .iter()
                .all(|p| p.0.is_finite() && p.1.is_finite())
        );
    }

    #[test]
    fn doors_know_their_sides() {
        let plan = Plan::new(&venue(), &catalogue());
        let front = &plan.doors[0];
        assert!(front.exterior, "door in an outline wall is exterior");
        // South wall runs +x; its left normal is -z (outside), right is the dining room.
        assert_eq!(front.normal, (0.0, -1.0));
        assert_eq!(front.sides, [None, Some(0)]);
        let inner = &plan.doors[1];
        assert!(!inner.exterior);
        // Mid wall runs +z; left normal (1, 0) → kitchen.
        assert_eq!(inner.sides, [Some(1), Some(0)]);
        assert!(plan.windows[0].exterior);
        assert_eq!(plan.floor_area, 32.0);
    }

    #[test]
    fn door_graph_connects_through_doors() {
        let plan = Plan::new(&venue(), &catalogue());
        let g = plan.door_graph();
        assert_eq!(g.outside(), 2);
        assert_eq!(g.connections.len(), 2);
        assert!(g.neighbours(0).any(|(n, _)| n == 1));
        assert!(g.neighbours(0).any(|(n, _)| n == 2));
        assert!(!g.neighbours(1).any(|(n, _)| n == 2));
    }

    #[test]
    fn open_boundary_without_wall() {
        let mut v = venue();
        v.walls.retain(|w| w.id != "mid");
        let plan = Plan::new(&v, &catalogue());
        let (a, b) = plan.open_boundary(0, 1).expect("open");
        // The outline walls cover 0.1 m at each end.
        assert!((dist(a, b) - 3.8).abs() < 0.02, "{a:?} {b:?}");
        assert!(
            plan.door_graph()
                .connections
                .iter()
                .any(|c| matches!(c.via, Via::Open { .. }))
        );
        // A wall leaving a gap of 0.2 m is not an open connection; 0.8 m is.
        let mut v2 = venue();
        v2.walls[1].to = (4.0, 3.6);
        v2.walls[1].openings.clear();
        assert!(Plan::new(&v2, &catalogue()).open_boundary(0, 1).is_none());
        v2.walls[1].to = (4.0, 3.0);
        assert!(Plan::new(&v2, &catalogue()).open_boundary(0, 1).is_some());
    }

    #[test]
    fn selectors() {
        let plan = Plan::new(&venue(), &catalogue());
        let mut groups = BTreeMap::new();
        groups.insert("food".to_string(), vec![ZoneKind::Cooking]);
        assert_eq!(
            plan.resolve_zones(&ZoneSelector::Group("food".into()), &groups),
            vec![1]
        );
        assert!(
            plan.resolve_zones(&ZoneSelector::Group("nope".into()), &groups)
                .is_empty()
        );
        assert_eq!(plan.resolve_zones(&ZoneSelector::All, &groups), vec![0, 1]);
        let sel = FixtureSelector {
            types: vec!["stove".into()],
            where_attributes: BTreeMap::new(),
        };
        assert_eq!(plan.resolve_fixtures(&sel), vec![0]);
        assert_eq!(
            plan.resolve_doors(&DoorSelector::Exterior, &groups),
            vec![0]
        );
        assert_eq!(
            plan.resolve_doors(
                &DoorSelector::OfZones(ZoneSelector::Kinds(vec![ZoneKind::Cooking])),
                &groups
            ),
            vec![1]
        );
        assert_eq!(plan.zone_at((6.0, 1.0)), Some(1));
        assert_eq!(plan.zone_at((9.0, 1.0)), None);
    }

    #[test]
    fn empty_venue_does_not_panic() {
        let mut v = venue();
        v.floor.clear();
        v.zones.clear();
        v.walls[0].from = (f64::NAN, f64::NAN);
        let plan = Plan::new(
            &v,
            &Catalogue {
                format_version: 1,
                fixtures: BTreeMap::new(),
                categories: Default::default(),
            },
        );
        assert_eq!(plan.floor_area, 0.0);
        let _ = plan.door_graph();
        let g = plan.grid(0.05);
        assert_eq!(g.free_count(), 0);
    }
}
