//! UI nodes pinned to 3D points: projected through the camera every frame.
//!
//! Only `Node::left/top` and `Visibility` change, and only when they differ, so this
//! allocates nothing per frame.

use crate::camera::math::in_sight;
use crate::camera::{CameraRig, MainCamera, ViewMode, WalkObstacles};
use bevy::prelude::*;
use bevy::ui::ComputedNode;

/// Pins a UI node to a point in the world.
#[derive(Component, Debug, Clone, Copy)]
pub struct WorldAnchor {
    pub at: Vec3,
    /// Centre the node on the point (else its top-left corner sits there).
    pub center: bool,
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
/// Pure, for tests.
pub fn declutter(boxes: &mut [Placement]) {
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
        let (origin, size) = (boxes[i].center, boxes[i].size);
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
                let c = origin + step * size * f32::from(ring);
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

pub fn position_anchored(
    camera: Query<(&Camera, &GlobalTransform), With<MainCamera>>,
    ui_scale: Res<UiScale>,
    rig: Res<CameraRig>,
    obstacles: Res<WalkObstacles>,
    selection: Res<crate::tour::Selection>,
    free: Res<crate::camera::FreeArea>,
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
) {
    let Ok((camera, transform)) = camera.single() else {
        return;
    };
    let viewport = camera.logical_viewport_size().unwrap_or(Vec2::ONE) / ui_scale.0.max(0.01);
    // Walking, a marker or zone label in another room would float on the wall in front
    // of it: show only what the walker could see (the selected checkpoint always).
    let eye = (rig.mode == ViewMode::Walk).then(|| transform.translation().xz());
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
        let selected = marker.is_some_and(|m| selection.0.as_deref() == Some(m.rule.as_str()));
        let hidden_by_wall = eye.is_some_and(|eye| {
            (marker.is_some() || zone_label)
                && !selected
                && !in_sight(eye, anchor.at.xz(), &obstacles.obstacles)
        });
        let projected = project(camera, transform, anchor.at, ui_scale.0);
        let (Some(p), false) = (projected, hidden_by_wall) else {
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
        let order = match (marker, evidence, zone_label) {
            (_, true, _) => Some((0, entity.to_bits())),
            (Some(_), _, _) if selected => Some((0, 0)),
            (Some(marker), false, _) => Some((1, marker.number as u64)),
            (None, false, true) => Some((2, entity.to_bits())),
            (None, false, false) => None,
        };
        // Markers and labels under a side panel would show through it, dimmed and out of
        // reach: hidden there (the open checkpoint's own always shows).
        let under_panel = order.is_some_and(|o| o.0 != 0)
            && !free.contains(p.x / computed.inverse_scale_factor().max(f32::EPSILON));
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
    spread.sort_unstable_by_key(|m| m.0);
    boxes.clear();
    boxes.extend(spread.iter().map(|m| Placement {
        center: m.2,
        size: m.3,
        max_ring: (m.0.0 != 0).then_some(MAX_RING),
        shown: false,
    }));
    declutter(&mut boxes);
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
    fn declutter_separates_stacked_markers() {
        let mut centers = vec![Vec2::new(100.0, 100.0); 9];
        centers.push(Vec2::new(600.0, 600.0));
        let mut b = boxes(&centers, Some(MAX_RING));
        declutter(&mut b);
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
        declutter(&mut b);
        no_shown_overlap(&b);
        assert_eq!(b.iter().filter(|b| b.shown).count(), 9);
        for shown in b.iter().filter(|b| b.shown) {
            let d = (shown.center - Vec2::new(300.0, 300.0)).abs();
            assert!(d.x <= 52.0 + 1e-3 && d.y <= 52.0 + 1e-3, "{d}");
        }
    }

    #[test]
    fn boxes_that_must_show_always_do() {
        let mut b = boxes(&vec![Vec2::new(300.0, 300.0); 30], None);
        declutter(&mut b);
        assert!(b.iter().all(|b| b.shown));
    }
}
