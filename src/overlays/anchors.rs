//! UI nodes pinned to 3D points: projected through the camera every frame.
//!
//! Only `Node::left/top` and `Visibility` change, and only when they differ, so this
//! allocates nothing per frame (its scratch lists are kept between frames).
//!
//! Walking, a marker is shown only where it helps the person standing there
//! ([`helps_walker`]): in sight, and in the room they stand in or within a couple of
//! steps. Through a doorway a whole kitchen's worth of markers would otherwise float in
//! the opening, numbers without the things they are about; those stay in the checklist,
//! and appear as the visitor walks in. Zone labels still name every room in sight, so
//! the visitor knows what lies through the door.
//!
//! On a phone (the compact layout) an open checkpoint shows its own marker only; the
//! others come back when its card closes.
//!
//! Labels and markers whose point is in the part of the view no panel covers stay
//! wholly inside it ([`declutter`]'s bounds).

use crate::camera::math::{Obstacle, in_sight};
use crate::camera::{CameraRig, MainCamera, WalkObstacles};
use crate::shared::{Focus, ViewInsets, ViewMode};
use bevy::prelude::*;
use bevy::ui::ComputedNode;
use venue_core::compact_sort::CompactSort;

/// Markers in another room show within this distance of a walker (m): about two steps,
/// e.g. the guard at the door they stand at.
pub const WALK_NEARBY: f32 = 2.5;
/// A wall whose centre line is this close to the walker's eye (m; its half thickness
/// added) is the doorway they stand in: the rooms on both sides count as theirs.
const DOORWAY_REACH: f32 = 0.3;

/// Whether a marker or label at `at` helps a walker whose eye is at `eye` (plan
/// coordinates): no wall hides it ([`in_sight`] through `obstacles`, door gaps open), and
/// it is in the walker's room (no wall line of `room_walls`, doors and windows included,
/// between them) or within [`WALK_NEARBY`].
pub fn helps_walker(eye: Vec2, at: Vec2, obstacles: &[Obstacle], room_walls: &[Obstacle]) -> bool {
    in_sight(eye, at, obstacles)
        && (eye.distance(at) <= WALK_NEARBY || in_sight(eye, at, room_walls))
}

/// The walls that bound the walker's room: every whole wall but the one whose doorway
/// they stand in.
pub fn walls_around(eye: Vec2, room_walls: &[Obstacle], out: &mut Vec<Obstacle>) {
    out.clear();
    out.extend(
        room_walls
            .iter()
            .filter(|w| !w.blocks(eye, DOORWAY_REACH))
            .copied(),
    );
}

/// Pins a UI node to a point in the world.
#[derive(Component, Debug, Clone, Copy)]
pub struct WorldAnchor {
    pub at: Vec3,
    /// Centre the node on the point (else its top-left corner sits there).
    pub center: bool,
}

/// A key that orders labels by their world point (to the centimetre: x, then z, then
/// y), the same in every run.
fn place_key(at: Vec3) -> u64 {
    // 21 bits per axis: ±10 km at 1 cm, offset to be positive.
    const HALF_RANGE: i64 = 1 << 20;
    let part =
        |v: f32| ((v * 100.0).round() as i64 + HALF_RANGE).clamp(0, 2 * HALF_RANGE - 1) as u64;
    (part(at.x) << 42) | (part(at.z) << 21) | part(at.y)
}

/// Where a world point lands in UI coordinates, if in front of the camera.
pub fn project(
    camera: &Camera,
    transform: &GlobalTransform,
    at: Vec3,
    ui_scale: f32,
) -> Option<Vec2> {
    let p = camera.world_to_viewport(transform, at).ok()?;
    p.is_finite().then_some(p / ui_scale.max(0.01))
}

/// A UI box to place without overlap: centre, size, and how far it may move.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    pub center: Vec2,
    pub size: Vec2,
    /// Rings of the spiral it may step out (each ring one box size); `None`: it must be
    /// shown, as far as it takes (evidence labels of the open checkpoint).
    pub max_ring: Option<u8>,
    /// Output: whether it is shown (false when no free spot was within `max_ring`).
    pub shown: bool,
}

/// How far a marker or zone label may stray from its point before it is hidden instead:
/// further out, nothing shows what it belongs to (zoomed far out, 50 markers would
/// otherwise fan out into a cloud around a small venue). Hidden ones stay in the
/// checklist, and reappear as the camera comes closer.
pub const MAX_RING: u8 = 1;

/// Screen-space spread of overlapping boxes: each box, in order, steps along a short
/// spiral until it no longer covers one shown before it; one that cannot is hidden.
/// A box whose point lies in `bounds` (the part of the view no panel covers) is kept
/// wholly inside it, at its point and at every step ([`keep_inside`]); one whose point
/// lies outside stays where it is, cut by the edge, since pulling it in would put it
/// beside something it does not name. Pure, for tests.
pub fn declutter(boxes: &mut [Placement], bounds: Rect) {
    const STEPS: [Vec2; 8] = [
        Vec2::new(1.0, 0.0),
        Vec2::new(0.0, 1.0),
        Vec2::new(-1.0, 0.0),
        Vec2::new(0.0, -1.0),
        Vec2::new(1.0, 1.0),
        Vec2::new(-1.0, 1.0),
        Vec2::new(1.0, -1.0),
        Vec2::new(-1.0, -1.0),
    ];
    // Rings tried for boxes that must show.
    const LAST_RING: u8 = 5;
    let overlaps = |a: &Placement, center: Vec2, size: Vec2| {
        (a.center.x - center.x).abs() < (a.size.x + size.x) / 2.0
            && (a.center.y - center.y).abs() < (a.size.y + size.y) / 2.0
    };
    for i in 0..boxes.len() {
        let (point, size) = (boxes[i].center, boxes[i].size);
        let inside = |c: Vec2| {
            if bounds.contains(point) {
                keep_inside(c - size / 2.0, size, bounds) + size / 2.0
            } else {
                c
            }
        };
        let origin = inside(point);
        let last = boxes[i].max_ring.unwrap_or(LAST_RING);
        let free = |c: Vec2, boxes: &[Placement]| {
            !boxes[..i].iter().any(|b| b.shown && overlaps(b, c, size))
        };
        let mut spot = free(origin, boxes).then_some(origin);
        'rings: for ring in 1..=last {
            if spot.is_some() {
                break;
            }
            for step in STEPS {
                let c = inside(origin + step * size * f32::from(ring));
                if free(c, boxes) {
                    spot = Some(c);
                    break 'rings;
                }
            }
        }
        let must = boxes[i].max_ring.is_none();
        boxes[i].center = spot.unwrap_or(origin);
        boxes[i].shown = spot.is_some() || must;
    }
}

/// Where a label's box (top-left `min`, `size`) goes so that it lies inside `free`: moved
/// the least distance that does it, or, when it is larger than `free`, aligned with its
/// top-left. A zone's name at the edge of the view otherwise ran off it ("卫生间 3…"),
/// and a marker there was half a button. Pure, for tests.
pub fn keep_inside(min: Vec2, size: Vec2, free: Rect) -> Vec2 {
    let max_min = (free.max - size).max(free.min);
    min.clamp(free.min, max_min)
}

pub fn position_anchored(
    camera: Query<(&Camera, &GlobalTransform), With<MainCamera>>,
    ui_scale: Res<UiScale>,
    rigs: Query<&CameraRig>,
    obstacles: Res<WalkObstacles>,
    focus: Res<Focus>,
    insets: Res<ViewInsets>,
    layout: Option<Res<crate::ui::layout::ScreenLayout>>,
    mut nodes: Query<(
        Entity,
        &WorldAnchor,
        &mut Node,
        &mut Visibility,
        &ComputedNode,
        Option<&super::Marker>,
        Has<super::ZoneLabel>,
        Has<super::EvidenceOverlay>,
        Has<super::ExternalLabel>,
    )>,
    mut spread: Local<Vec<((u8, u64), Entity, Vec2, Vec2)>>,
    mut boxes: Local<Vec<Placement>>,
    mut room: Local<Vec<Obstacle>>,
    mut sort_order: Local<Vec<usize>>,
) {
    let Ok((camera, transform)) = camera.single() else {
        return;
    };
    let viewport = camera.logical_viewport_size().unwrap_or(Vec2::ONE) / ui_scale.0.max(0.01);
    let physical_size = camera
        .physical_viewport_size()
        .map_or(Vec2::INFINITY, |v| v.as_vec2());
    // The part of the view no panel covers, in UI units (the whole view until the
    // panels are laid out or without a physical size).
    let ui_per_physical = viewport / physical_size;
    let free = if ui_per_physical.is_finite() && ui_per_physical.cmpgt(Vec2::ZERO).all() {
        let rect = insets.free_rect(physical_size);
        Rect::from_corners(rect.min * ui_per_physical, rect.max * ui_per_physical)
    } else {
        Rect::from_corners(Vec2::ZERO, viewport)
    };
    // Walking, show only the markers and zone labels that help where the visitor
    // stands (the focused checkpoint's always).
    let walking = rigs.iter().any(|rig| rig.mode == ViewMode::Walk);
    // On a phone an open checkpoint shows its own marker only: in a view half a phone
    // high, the other numbers sat on the very things its evidence measures (seven
    // markers over the hood). The wide layout keeps them, to step on to a neighbour.
    let only_focused =
        focus.0.is_some() && layout.is_some_and(|l| *l == crate::ui::layout::ScreenLayout::Compact);
    let eye = walking.then(|| transform.translation().xz());
    if let Some(eye) = eye {
        walls_around(eye, &obstacles.room_walls, &mut room);
    }
    spread.clear();
    for (
        entity,
        anchor,
        mut node,
        mut visibility,
        computed,
        marker,
        zone_label,
        evidence,
        external,
    ) in &mut nodes
    {
        // Outside features are labelled like zones.
        let zone_label = zone_label || external;
        let selected = marker.is_some_and(|m| focus.0.as_deref() == Some(m.rule.as_str()));
        // Zone labels name every room in sight, the one through the door included;
        // markers only what helps here.
        let unhelpful = (only_focused && marker.is_some() && !selected)
            || eye.is_some_and(|eye| match marker {
                Some(_) => {
                    !selected && !helps_walker(eye, anchor.at.xz(), &obstacles.obstacles, &room)
                }
                None => zone_label && !in_sight(eye, anchor.at.xz(), &obstacles.obstacles),
            });
        let projected = project(camera, transform, anchor.at, ui_scale.0);
        let (Some(p), false) = (projected, unhelpful) else {
            visibility.set_if_neq(Visibility::Hidden);
            continue;
        };
        let size = computed.size() * computed.inverse_scale_factor();
        let on_screen = p.x > -size.x
            && p.y > -size.y
            && p.x < viewport.x + size.x
            && p.y < viewport.y + size.y;
        // The open checkpoint first (its evidence labels and marker always show), then
        // markers in number order, then zone labels; placed after decluttering, below.
        // Labels in the order of their points, not of their entities, whose numbers
        // depend on what loaded first: the same view then declutters the same way.
        let order = match (marker, evidence, zone_label) {
            (_, true, _) => Some((0, place_key(anchor.at))),
            (Some(_), _, _) if selected => Some((0, 0)),
            (Some(marker), false, _) => Some((1, marker.number as u64)),
            (None, false, true) => Some((2, place_key(anchor.at))),
            (None, false, false) => None,
        };
        // Markers and labels under a side panel would show through it, dimmed and out of
        // reach: hidden there (the open checkpoint's own always shows).
        let under_panel = order.is_some_and(|o| o.0 != 0)
            && !insets.leaves_free(
                p / computed.inverse_scale_factor().max(f32::EPSILON),
                physical_size,
            );
        if let (Some(order), true) = (order, on_screen && !under_panel) {
            spread.push((order, entity, p, size));
            continue;
        }
        if under_panel {
            visibility.set_if_neq(Visibility::Hidden);
            continue;
        }
        place(
            &mut node,
            &mut visibility,
            anchor.center,
            p,
            size,
            on_screen,
        );
    }
    // Every frame: the sort's index buffer is kept between frames.
    spread.sort_compact_by_in(&mut sort_order, |a, b| a.0.cmp(&b.0));
    boxes.clear();
    boxes.extend(spread.iter().map(|m| Placement {
        center: m.2,
        size: m.3,
        max_ring: (m.0.0 != 0).then_some(MAX_RING),
        shown: false,
    }));
    // Every box placed here is centred on its point (`WorldAnchor::center`).
    declutter(&mut boxes, free);
    for (m, b) in spread.iter().zip(boxes.iter()) {
        if let Ok((_, anchor, mut node, mut visibility, ..)) = nodes.get_mut(m.1) {
            place(
                &mut node,
                &mut visibility,
                anchor.center,
                b.center,
                b.size,
                b.shown,
            );
        }
    }
}

fn place(
    node: &mut Node,
    visibility: &mut Visibility,
    center: bool,
    p: Vec2,
    size: Vec2,
    visible: bool,
) {
    let p = if center { p - size / 2.0 } else { p };
    let (left, top) = (Val::Px(p.x.round()), Val::Px(p.y.round()));
    if node.left != left {
        node.left = left;
    }
    if node.top != top {
        node.top = top;
    }
    let wanted = if visible {
        Visibility::Inherited
    } else {
        Visibility::Hidden
    };
    if *visibility != wanted {
        *visibility = wanted;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bounds that keep nothing in.
    const EVERYWHERE: Rect = Rect {
        min: Vec2::splat(f32::MIN),
        max: Vec2::splat(f32::MAX),
    };

    fn boxes(centers: &[Vec2], max_ring: Option<u8>) -> Vec<Placement> {
        centers
            .iter()
            .map(|&center| Placement {
                center,
                size: Vec2::splat(52.0),
                max_ring,
                shown: false,
            })
            .collect()
    }

    fn no_shown_overlap(b: &[Placement]) {
        for i in 0..b.len() {
            for j in 0..i {
                if !(b[i].shown && b[j].shown) {
                    continue;
                }
                let d = (b[i].center - b[j].center).abs();
                assert!(
                    d.x >= 52.0 - 1e-3 || d.y >= 52.0 - 1e-3,
                    "{i} and {j} overlap"
                );
            }
        }
    }

    #[test]
    fn a_label_at_the_edge_moves_inside_and_a_large_one_aligns_with_the_top_left() {
        let free = Rect::new(0.0, 100.0, 400.0, 600.0);
        let size = Vec2::new(120.0, 30.0);
        // Inside already: unchanged.
        assert_eq!(
            keep_inside(Vec2::new(50.0, 200.0), size, free),
            Vec2::new(50.0, 200.0)
        );
        // Past the right edge and above the top: in by the least.
        assert_eq!(
            keep_inside(Vec2::new(350.0, 90.0), size, free),
            Vec2::new(280.0, 100.0)
        );
        // Past the left and bottom edges.
        assert_eq!(
            keep_inside(Vec2::new(-40.0, 590.0), size, free),
            Vec2::new(0.0, 570.0)
        );
        // Wider than the free part: its left edge on the free part's.
        let wide = Vec2::new(500.0, 30.0);
        assert_eq!(
            keep_inside(Vec2::new(-30.0, 300.0), wide, free),
            Vec2::new(0.0, 300.0)
        );
    }

    #[test]
    fn decluttered_labels_stay_inside_the_free_view_and_outside_points_stay_put() {
        let bounds = Rect::new(0.0, 0.0, 400.0, 300.0);
        let size = Vec2::new(160.0, 30.0);
        let at = |center: Vec2| Placement {
            center,
            size,
            max_ring: Some(MAX_RING),
            shown: false,
        };
        // Two labels named at the right edge: the first moves in; the second, which
        // would step right past the edge to clear it, steps elsewhere, also inside.
        let mut b = vec![at(Vec2::new(380.0, 150.0)), at(Vec2::new(370.0, 150.0))];
        declutter(&mut b, bounds);
        for placed in &b {
            assert!(placed.shown);
            assert!(
                placed.center.x + size.x / 2.0 <= 400.0 && placed.center.x - size.x / 2.0 >= 0.0,
                "{placed:?}"
            );
        }
        assert_eq!(b[0].center, Vec2::new(320.0, 150.0));
        let apart = (b[0].center - b[1].center).abs();
        assert!(apart.x >= size.x || apart.y >= size.y, "{b:?}");
        // A point beyond the edge: left where it is.
        let mut b = vec![at(Vec2::new(420.0, 150.0))];
        declutter(&mut b, bounds);
        assert_eq!(b[0].center, Vec2::new(420.0, 150.0));
    }

    #[test]
    fn labels_order_by_their_point() {
        let a = place_key(Vec3::new(1.0, 0.0, 5.0));
        let b = place_key(Vec3::new(1.0, 0.0, 6.0));
        let c = place_key(Vec3::new(-3.0, 2.0, 9.0));
        assert!(c < a && a < b);
        assert_eq!(a, place_key(Vec3::new(1.001, 0.0, 5.002)), "centimetres");
    }

    #[test]
    fn declutter_separates_stacked_markers() {
        let mut centers = vec![Vec2::new(100.0, 100.0); 9];
        centers.push(Vec2::new(600.0, 600.0));
        let mut b = boxes(&centers, Some(MAX_RING));
        declutter(&mut b, EVERYWHERE);
        no_shown_overlap(&b);
        assert!(b.iter().all(|b| b.shown), "one ring holds eight neighbours");
        assert_eq!(b[0].center, Vec2::new(100.0, 100.0), "the first stays");
        assert_eq!(b[9].center, Vec2::new(600.0, 600.0), "a free one stays");
    }

    #[test]
    fn a_crowd_keeps_what_fits_near_its_point_and_hides_the_rest() {
        // 50 markers on one spot (a venue seen from far away): the first ring holds 8
        // more; the others are hidden rather than fanned out into a cloud.
        let mut b = boxes(&vec![Vec2::new(300.0, 300.0); 50], Some(MAX_RING));
        declutter(&mut b, EVERYWHERE);
        no_shown_overlap(&b);
        assert_eq!(b.iter().filter(|b| b.shown).count(), 9);
        for shown in b.iter().filter(|b| b.shown) {
            let d = (shown.center - Vec2::new(300.0, 300.0)).abs();
            assert!(d.x <= 52.0 + 1e-3 && d.y <= 52.0 + 1e-3, "{d}");
        }
    }

    #[test]
    fn a_walker_sees_their_room_and_what_is_near_not_the_room_through_the_door() {
        // Two rooms side by side, split by a wall along x = 4 (0.2 m thick) with a door
        // gap from z = 1 to z = 2.
        let segment = |a: (f32, f32), b: (f32, f32)| Obstacle::Segment {
            a: Vec2::new(a.0, a.1),
            b: Vec2::new(b.0, b.1),
            half_thickness: 0.1,
        };
        let stretches = [
            segment((4.0, 0.0), (4.0, 1.0)),
            segment((4.0, 2.0), (4.0, 6.0)),
        ];
        let whole = [segment((4.0, 0.0), (4.0, 6.0))];
        let mut room = Vec::new();
        let eye = Vec2::new(1.0, 1.5);
        walls_around(eye, &whole, &mut room);
        let helps = |at: (f32, f32)| helps_walker(eye, Vec2::new(at.0, at.1), &stretches, &room);
        assert!(helps((0.5, 5.0)), "far in the same room");
        assert!(!helps((7.0, 1.5)), "in the next room, through the door");
        assert!(!helps((6.0, 5.0)), "behind the wall");
        // Close to the door, its far side is a step away.
        let eye = Vec2::new(3.0, 1.5);
        walls_around(eye, &whole, &mut room);
        assert!(helps_walker(eye, Vec2::new(4.8, 1.5), &stretches, &room));
        assert!(!helps_walker(eye, Vec2::new(7.5, 1.5), &stretches, &room));
        // Standing in the doorway, both rooms are the walker's.
        let eye = Vec2::new(4.0, 1.5);
        walls_around(eye, &whole, &mut room);
        assert!(room.is_empty());
        assert!(helps_walker(eye, Vec2::new(7.5, 1.5), &stretches, &room));
        assert!(helps_walker(eye, Vec2::new(0.5, 1.2), &stretches, &room));
    }

    #[test]
    fn boxes_that_must_show_always_do() {
        let mut b = boxes(&vec![Vec2::new(300.0, 300.0); 30], None);
        declutter(&mut b, EVERYWHERE);
        assert!(b.iter().all(|b| b.shown));
    }
}
