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

/// Screen-space spread of overlapping markers: each marker (in number order) steps along
/// a short spiral until it no longer covers one placed before it, so every number stays
/// readable and tappable however the camera turns. Pure, for tests.
pub fn declutter(rects: &mut [(Vec2, Vec2)]) {
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
    let overlaps = |a: (Vec2, Vec2), b: (Vec2, Vec2)| {
        (a.0.x - b.0.x).abs() < (a.1.x + b.1.x) / 2.0
            && (a.0.y - b.0.y).abs() < (a.1.y + b.1.y) / 2.0
    };
    for i in 1..rects.len() {
        let (origin, size) = rects[i];
        let mut ring = 1.0;
        let mut k = 0;
        while rects[..i].iter().any(|r| overlaps(*r, rects[i])) && ring < 6.0 {
            rects[i].0 = origin + STEPS[k] * size * ring;
            k += 1;
            if k == STEPS.len() {
                k = 0;
                ring += 1.0;
            }
        }
    }
}

pub fn position_anchored(
    camera: Query<(&Camera, &GlobalTransform), With<MainCamera>>,
    ui_scale: Res<UiScale>,
    rig: Res<CameraRig>,
    obstacles: Res<WalkObstacles>,
    selection: Res<crate::tour::Selection>,
    mut nodes: Query<(
        Entity,
        &WorldAnchor,
        &mut Node,
        &mut Visibility,
        &ComputedNode,
        Option<&super::Marker>,
        Has<super::ZoneLabel>,
        Has<super::EvidenceOverlay>,
    )>,
    mut spread: Local<Vec<((u8, u64), Entity, Vec2, Vec2)>>,
    mut rects: Local<Vec<(Vec2, Vec2)>>,
) {
    let Ok((camera, transform)) = camera.single() else {
        return;
    };
    let viewport = camera.logical_viewport_size().unwrap_or(Vec2::ONE) / ui_scale.0.max(0.01);
    // Walking, a marker or zone label in another room would float on the wall in front
    // of it: show only what the walker could see (the selected checkpoint always).
    let eye = (rig.mode == ViewMode::Walk).then(|| transform.translation().xz());
    spread.clear();
    for (entity, anchor, mut node, mut visibility, computed, marker, zone_label, evidence) in
        &mut nodes
    {
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
        // Evidence labels of the open checkpoint first (they stay put), then markers in
        // number order; placed after decluttering, below.
        let order = match (marker, evidence) {
            (_, true) => Some((0, entity.to_bits())),
            (Some(marker), false) => Some((1, marker.number as u64)),
            (None, false) => None,
        };
        if let (Some(order), true) = (order, on_screen) {
            spread.push((order, entity, p, size));
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
    rects.clear();
    rects.extend(spread.iter().map(|m| (m.2, m.3)));
    declutter(&mut rects);
    for (m, rect) in spread.iter().zip(rects.iter()) {
        if let Ok((_, anchor, mut node, mut visibility, ..)) = nodes.get_mut(m.1) {
            place(
                &mut node,
                &mut visibility,
                anchor.center,
                rect.0,
                rect.1,
                true,
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

    #[test]
    fn declutter_separates_stacked_markers() {
        let size = Vec2::splat(52.0);
        let mut rects = vec![(Vec2::new(100.0, 100.0), size); 9];
        rects.push((Vec2::new(600.0, 600.0), size));
        declutter(&mut rects);
        for i in 0..rects.len() {
            for j in 0..i {
                let d = (rects[i].0 - rects[j].0).abs();
                assert!(
                    d.x >= 52.0 - 1e-3 || d.y >= 52.0 - 1e-3,
                    "{i} and {j} overlap"
                );
            }
        }
        assert_eq!(rects[0].0, Vec2::new(100.0, 100.0), "the first stays");
        assert_eq!(rects[9].0, Vec2::new(600.0, 600.0), "a free one stays");
    }
}
