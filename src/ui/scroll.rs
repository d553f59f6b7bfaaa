//! Scrolling the panels' lists by dragging them (a finger on the booth's screen or a
//! phone, or a held mouse button) and with the mouse wheel, and telling a tap on a list
//! row from the start of a drag.
//!
//! A button in such a list ([`TapOnly`]: a checklist row, a scene tile, a palette tile)
//! acts on a tap, not on the press: a finger put down on the checklist to scroll it lands
//! on a row, and selecting the row right then would open its card and fly the camera
//! before the visitor has moved. So it acts when let go of, unless the pointer travelled
//! more than [`TAP_SLOP`] while it was held ([`Tapped`]). (Not on picking's `Click`: a
//! quick tap on a slow device begins and ends within one frame, before picking has found
//! what the new touch is over; `Interaction` sees it.)
//!
//! Invariant: every node with [`DragScroll`] has a scrolling `overflow` on the axis it
//! scrolls (y); positions stay within `0..=content − size`.

use super::UiAction;
use bevy::input::mouse::{AccumulatedMouseScroll, MouseScrollUnit};
use bevy::picking::events::{Drag, Pointer};
use bevy::picking::hover::HoverMap;
use bevy::picking::pointer::PointerId;
use bevy::prelude::*;
use bevy::ui::{ComputedNode, ScrollPosition};

/// How far (logical px) a pointer may move between press and release and still be a tap:
/// a finger's wobble, well under a checklist row's height.
pub const TAP_SLOP: f32 = 12.0;
/// Scroll speed of the wheel (px per line).
const SCROLL_LINE: f32 = 60.0;

/// A list that scrolls vertically when dragged or wheeled over.
#[derive(Component, Debug, Default, Clone, Copy)]
pub struct DragScroll;

/// How far the pointer has travelled since a [`TapOnly`] button was last pressed
/// (logical px; the longest drag of that press).
#[derive(Resource, Debug, Default, Clone, Copy)]
pub struct PointerTravel(pub f32);

impl PointerTravel {
    /// Whether the press that ends now was a tap rather than a drag.
    pub fn is_tap(&self) -> bool {
        self.0 <= TAP_SLOP
    }
}

pub fn plugin(app: &mut App) {
    app.init_resource::<PointerTravel>()
        .add_message::<Tapped>()
        .add_observer(drag_scroll)
        .add_systems(
            Update,
            (tap_buttons, wheel_scroll)
                .in_set(crate::shared::AppSet::Input)
                .before(super::button_actions),
        );
}

/// The scroll position that keeps a list of `content` height inside its `size` after
/// moving by `delta` (all in the same units).
pub fn scrolled(position: f32, delta: f32, content: f32, size: f32) -> f32 {
    (position + delta).clamp(0.0, (content - size).max(0.0))
}

/// Moves the dragged list with the pointer. Runs for every entity the drag bubbles
/// through (the row, its texts, the list); the first list on the way scrolls and stops
/// it, so nested panels never scroll twice.
fn drag_scroll(
    mut drag: On<Pointer<Drag>>,
    mut travel: ResMut<PointerTravel>,
    mut lists: Query<(&mut ScrollPosition, &ComputedNode), With<DragScroll>>,
    ui_scale: Res<UiScale>,
) {
    travel.0 = travel.0.max(drag.distance.length());
    let Ok((mut position, node)) = lists.get_mut(drag.entity) else {
        return;
    };
    drag.propagate(false);
    // Pointer positions are logical window pixels; scroll positions are UI pixels (what
    // `UiScale` enlarges); the node's sizes are physical pixels.
    let ui_per_pointer = 1.0 / ui_scale.0.max(f32::EPSILON);
    let ui_per_physical = node.inverse_scale_factor();
    let y = scrolled(
        position.y,
        -drag.delta.y * ui_per_pointer,
        node.content_size().y * ui_per_physical,
        node.size().y * ui_per_physical,
    );
    if position.y != y {
        position.y = y;
    }
}

/// A [`TapOnly`] button's action, sent when it is tapped; `ui::button_actions` performs
/// it like a pressed button's.
#[derive(Message, Debug, Clone)]
pub struct Tapped(pub UiAction);

/// A button inside a dragged list: it acts on a tap (see the module's overview), where
/// other buttons act as soon as they are pressed.
#[derive(Component, Debug, Default, Clone, Copy)]
pub struct TapOnly;

/// Acts for a [`TapOnly`] button when it is let go of (its `Interaction` leaves
/// `Pressed`: a finger lifted, a mouse button released, also within one frame of a quick
/// tap) after a press that did not travel beyond [`TAP_SLOP`].
fn tap_buttons(
    buttons: Query<(Entity, &Interaction, &UiAction), (Changed<Interaction>, With<TapOnly>)>,
    mut pressed: Local<Option<Entity>>,
    mut travel: ResMut<PointerTravel>,
    mut tapped: MessageWriter<Tapped>,
) {
    for (entity, interaction, action) in &buttons {
        if *interaction == Interaction::Pressed {
            *pressed = Some(entity);
            travel.0 = 0.0;
        } else if *pressed == Some(entity) {
            *pressed = None;
            if travel.is_tap() {
                tapped.write(Tapped(action.clone()));
            }
        }
    }
}

/// Wheel scrolling of the list under the pointer (the nearest [`DragScroll`] above the
/// hovered node).
fn wheel_scroll(
    scroll: Res<AccumulatedMouseScroll>,
    hover: Res<HoverMap>,
    parents: Query<&ChildOf>,
    mut lists: Query<(&mut ScrollPosition, &ComputedNode), With<DragScroll>>,
) {
    if scroll.delta.y == 0.0 {
        return;
    }
    let dy = match scroll.unit {
        MouseScrollUnit::Line => scroll.delta.y * SCROLL_LINE,
        MouseScrollUnit::Pixel => scroll.delta.y,
    };
    let Some(hovered) = hover.get(&PointerId::Mouse) else {
        return;
    };
    let mut done: Vec<Entity> = Vec::new();
    for &entity in hovered.keys() {
        let Some(list) = std::iter::once(entity)
            .chain(parents.iter_ancestors(entity))
            .find(|e| lists.contains(*e))
        else {
            continue;
        };
        if done.contains(&list) {
            continue;
        }
        done.push(list);
        if let Ok((mut position, node)) = lists.get_mut(list) {
            let scale = node.inverse_scale_factor();
            position.y = scrolled(
                position.y,
                -dy,
                node.content_size().y * scale,
                node.size().y * scale,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_scrolls_no_further_than_its_ends() {
        assert_eq!(scrolled(0.0, 50.0, 1000.0, 400.0), 50.0);
        assert_eq!(scrolled(10.0, -50.0, 1000.0, 400.0), 0.0);
        assert_eq!(scrolled(580.0, 50.0, 1000.0, 400.0), 600.0);
        // Content shorter than the list: nothing to scroll.
        assert_eq!(scrolled(0.0, 50.0, 300.0, 400.0), 0.0);
    }

    #[test]
    fn a_finger_wobble_is_a_tap_and_a_swipe_is_not() {
        assert!(PointerTravel(0.0).is_tap());
        assert!(PointerTravel(TAP_SLOP).is_tap());
        assert!(!PointerTravel(TAP_SLOP + 1.0).is_tap());
    }
}
