//! UI nodes pinned to 3D points: projected through the camera every frame.
//!
//! Only `Node::left/top` and `Visibility` change, and only when they differ, so this
//! allocates nothing per frame.

use crate::camera::MainCamera;
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

pub fn position_anchored(
    camera: Query<(&Camera, &GlobalTransform), With<MainCamera>>,
    ui_scale: Res<UiScale>,
    mut nodes: Query<(&WorldAnchor, &mut Node, &mut Visibility, &ComputedNode)>,
) {
    let Ok((camera, transform)) = camera.single() else {
        return;
    };
    let viewport = camera.logical_viewport_size().unwrap_or(Vec2::ONE) / ui_scale.0.max(0.01);
    for (anchor, mut node, mut visibility, computed) in &mut nodes {
        let Some(p) = project(camera, transform, anchor.at, ui_scale.0) else {
            visibility.set_if_neq(Visibility::Hidden);
            continue;
        };
        let size = computed.size() * computed.inverse_scale_factor();
        let p = if anchor.center { p - size / 2.0 } else { p };
        let on_screen = p.x > -size.x && p.y > -size.y && p.x < viewport.x && p.y < viewport.y;
        let (left, top) = (Val::Px(p.x.round()), Val::Px(p.y.round()));
        if node.left != left {
            node.left = left;
        }
        if node.top != top {
            node.top = top;
        }
        visibility.set_if_neq(if on_screen {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        });
    }
}
