//! # The app's shared vocabulary
//!
//! The types every stage of the app talks in, in one module below all of them, so that
//! the stage plugins (`spawn`, `camera`, `overlays`, `tour`, `focus`, `ui`, `headless`)
//! import this module instead of each other:
//!
//! - the frame order, [`AppSet`];
//! - the venue on screen, [`ActiveVenue`], and plain geometry every stage needs from it
//!   ([`venue_bounds`], [`entity_points`]);
//! - what the visitor is looking at: [`Focus`], changed only by the `focus` plugin in
//!   answer to a [`FocusCheckpoint`] message, whichever part of the app asks;
//! - how a checkpoint's result reads, [`MarkerStatus`];
//! - the screen area the panels cover, [`ViewInsets`], published by the `ui` plugin;
//! - requests between stages: [`CameraCommand`], [`TourCommand`], [`OpenScene`],
//!   [`ExportReport`], a line for the visitor ([`ShowNotice`]), forgetting the visitor
//!   ([`ResetVisitor`]), and the view the app was asked to start in, [`StartView`];
//! - whether the app runs as a booth, [`Booth`].
//!
//! Nothing here runs a system: [`plugin`] registers the frame order, the resources and
//! the messages; the rest is data and pure functions.

use crate::venue_asset::VenueData;
use bevy::prelude::*;
use std::sync::Arc;
use venue_core::report::RuleResult;
use venue_core::{Level, Status};

/// The ordered stages of a frame.
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AppSet {
    /// Read keyboard, mouse and touch; turn them into intents (messages).
    Input,
    /// Decide what the visitor looks at, from every [`FocusCheckpoint`] of the frame.
    Focus,
    /// Turn a loaded or reloaded venue into entities.
    Spawn,
    /// Move the camera (modes, walking, transitions).
    Camera,
    /// Place markers and evidence for the current camera.
    Overlay,
    /// Reflect state in the panels.
    Ui,
}

/// Registers the vocabulary: the frame order, the shared resources and the messages, so
/// any plugin (or a test app with only some of them) can use them.
pub fn plugin(app: &mut App) {
    app.configure_sets(
        Update,
        (
            AppSet::Input,
            AppSet::Focus,
            AppSet::Spawn,
            AppSet::Camera,
            AppSet::Overlay,
            AppSet::Ui,
        )
            .chain(),
    )
    .init_resource::<Focus>()
    .init_resource::<ViewInsets>()
    .add_message::<FocusCheckpoint>()
    .add_message::<CameraCommand>()
    .add_message::<TourCommand>()
    .init_resource::<PointerCapture>()
    .add_message::<ExportReport>()
    .add_message::<ShowNotice>()
    .add_message::<ResetVisitor>();
}

// ---- The venue on screen ----

/// The venue currently shown, shared with every plugin. Inserted (replaced) by `spawn`.
#[derive(Resource, Clone)]
pub struct ActiveVenue {
    pub data: Arc<VenueData>,
    /// Bumped at every (re)spawn so dependants can rebuild.
    pub generation: u32,
}

/// The floor outline's bounding box on the plan (x, z); a unit square for an empty
/// outline.
pub fn venue_bounds(data: &VenueData) -> (Vec2, Vec2) {
    let mut min = Vec2::splat(f32::MAX);
    let mut max = Vec2::splat(f32::MIN);
    for &(x, z) in &data.venue.floor {
        let p = Vec2::new(x as f32, z as f32);
        min = min.min(p);
        max = max.max(p);
    }
    if min.x > max.x {
        (Vec2::ZERO, Vec2::ONE)
    } else {
        (min, max)
    }
}

/// Positions of fixtures (top centre) and zones (outline) by id, for rules without
/// evidence geometry.
pub fn entity_points(data: &VenueData, ids: &[String]) -> Vec<Vec3> {
    let mut points = Vec::new();
    for f in &data.plan.fixtures {
        if ids.contains(&data.venue.fixtures[f.index].id) {
            points.push(Vec3::new(
                f.center.0 as f32,
                f.top as f32,
                f.center.1 as f32,
            ));
        }
    }
    for z in &data.venue.zones {
        if ids.contains(&z.id) {
            points.extend(
                z.polygon
                    .iter()
                    .map(|&(x, y)| Vec3::new(x as f32, 0.0, y as f32)),
            );
        }
    }
    points
}

// ---- What the visitor is looking at ----

/// The checkpoint (rule id) whose card is open and whose evidence and fixtures are
/// highlighted. One owner: `focus::decide_focus`, in answer to [`FocusCheckpoint`].
#[derive(Resource, Debug, Clone, Default, PartialEq, Eq)]
pub struct Focus(pub Option<String>);

/// "Focus checkpoint `rule`, from `source`"; `rule: None` closes the card. Every part of
/// the app that wants the visitor to look at a checkpoint writes this message and
/// nothing else; `focus::decide_focus` decides what follows (the card, the camera, the
/// tour), the same way for every source.
#[derive(Message, Debug, Clone, PartialEq)]
pub struct FocusCheckpoint {
    pub rule: Option<String>,
    pub source: FocusSource,
}

impl FocusCheckpoint {
    /// Focus `rule`.
    pub fn on(rule: impl Into<String>, source: FocusSource) -> Self {
        Self {
            rule: Some(rule.into()),
            source,
        }
    }

    /// Close the open card.
    pub fn clear(source: FocusSource) -> Self {
        Self { rule: None, source }
    }
}

/// Who asked for a focus change. Every source but the tour is the visitor choosing
/// something; the tour moves through its own stops (and says which phase it moved to).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FocusSource {
    /// A checkpoint marker in the 3D view was tapped.
    Marker,
    /// A fixture in the 3D view was tapped.
    Fixture,
    /// A row of the checklist was tapped.
    Checklist,
    /// The card's close button.
    CloseButton,
    /// A key (Esc closes the card).
    Keyboard,
    /// The view the app was started with (`--view checkpoint:RULE`).
    StartView,
    /// The tour, which has moved to this phase (the focus is its stop, or none on the
    /// intro and end screens; leaving the tour keeps the card open).
    Tour(TourPhase),
}

/// Where the tour is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TourPhase {
    /// Not touring: free exploration.
    #[default]
    Off,
    /// The intro screen.
    Intro,
    /// At stop `i` (0-based).
    Stop(usize),
    /// The end screen.
    End,
}

/// Requests to the tour, from buttons and keys. Jumping to a stop is no tour command:
/// focusing its checkpoint does it ([`FocusCheckpoint`]).
#[derive(Message, Debug, Clone, PartialEq)]
pub enum TourCommand {
    Start,
    Next,
    Previous,
    Replay,
    Exit,
}

// ---- Checkpoint results ----

/// A checkpoint's result as the applicant sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkerStatus {
    Pass,
    FailRequired,
    FailRecommended,
    NotApplicable,
}

/// The marker status of a result.
pub fn marker_status(result: &RuleResult) -> MarkerStatus {
    match (result.status, result.level) {
        (Status::Pass, _) => MarkerStatus::Pass,
        (Status::Fail, Level::Required) => MarkerStatus::FailRequired,
        (Status::Fail, Level::Recommended) => MarkerStatus::FailRecommended,
        (Status::NotApplicable, _) => MarkerStatus::NotApplicable,
    }
}

// ---- The screen ----

/// How far the panels reach into the render target from each edge, in physical pixels,
/// as of the last UI layout: the side panels from the left and right (wide layout), the
/// top bar and the bottom sheet from the top and bottom (compact layout; the wide
/// layout's top bar is thin and not counted). Published by `ui` after layout; the camera
/// centres and fits its view in the rest, and overlays hide what would sit under a
/// panel. Zero (nothing covered) until the panels are laid out, or without a UI.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Default)]
pub struct ViewInsets {
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
}

impl ViewInsets {
    /// Whether a physical point lies in the part of a `size`-pixel target no panel
    /// covers.
    pub fn leaves_free(&self, point: Vec2, size: Vec2) -> bool {
        point.x >= self.left
            && point.x <= size.x - self.right
            && point.y >= self.top
            && point.y <= size.y - self.bottom
    }

    /// The part of a `size`-pixel target no panel covers (physical pixels; empty when the
    /// panels cover it all).
    pub fn free_rect(&self, size: Vec2) -> Rect {
        let min = Vec2::new(self.left, self.top);
        let max = Vec2::new(size.x - self.right, size.y - self.bottom).max(min);
        Rect::from_corners(min, max)
    }
}

// ---- Camera requests ----

/// How the camera shows the venue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ViewMode {
    #[default]
    Overview,
    Plan,
    Walk,
}

/// Requests to the camera, from keys, buttons or the focus.
#[derive(Message, Debug, Clone, Copy)]
pub enum CameraCommand {
    SetMode(ViewMode),
    /// Fly to look at `target` from about `eye`, in the current mode.
    LookAt {
        eye: Vec3,
        target: Vec3,
    },
    /// Back to the mode's home view (overview of the whole venue, fitted plan).
    Home,
}

// ---- The start view ----

/// Which view to start in (`--view`), windowed or rendered.
#[derive(Debug, Clone, PartialEq)]
pub enum ViewSpec {
    Overview,
    Plan,
    /// First person at `(x, z)` looking at `yaw` degrees (0 = towards −z, counter-clockwise).
    Walk {
        x: f32,
        z: f32,
        yaw_deg: f32,
    },
    /// A checkpoint focused as if the visitor had tapped it: framed, its card open.
    Checkpoint(String),
    /// First person just inside the entrance, facing in (where walking starts).
    Entrance,
}

impl std::str::FromStr for ViewSpec {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "overview" => return Ok(ViewSpec::Overview),
            "plan" => return Ok(ViewSpec::Plan),
            "walk" => return Ok(ViewSpec::Entrance),
            _ => {}
        }
        if let Some(rest) = s.strip_prefix("walk:") {
            let parts: Vec<&str> = rest.split(',').collect();
            let nums: Result<Vec<f32>, _> = parts.iter().map(|p| p.trim().parse::<f32>()).collect();
            return match nums.as_deref() {
                Ok([x, z, yaw]) if x.is_finite() && z.is_finite() && yaw.is_finite() => {
                    Ok(ViewSpec::Walk {
                        x: *x,
                        z: *z,
                        yaw_deg: *yaw,
                    })
                }
                _ => Err(format!(
                    "`{s}`: expected walk:<x>,<z>,<yaw degrees>, e.g. walk:3,1.5,0"
                )),
            };
        }
        if let Some(id) = s.strip_prefix("checkpoint:") {
            if id.is_empty() {
                return Err(
                    "checkpoint: needs a rule id, e.g. checkpoint:handwash_in_food_area".into(),
                );
            }
            return Ok(ViewSpec::Checkpoint(id.to_string()));
        }
        Err(format!(
            "unknown view `{s}`: use overview, plan, walk, walk:<x>,<z>,<yaw> or checkpoint:<rule id>"
        ))
    }
}

/// The view the app starts in (headless or windowed); present only when one was asked
/// for (then the tour's intro screen is skipped).
#[derive(Resource, Debug, Clone)]
pub struct StartView(pub ViewSpec);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn view_specs_parse() {
        assert_eq!("overview".parse::<ViewSpec>(), Ok(ViewSpec::Overview));
        assert_eq!(
            "walk:3,1.5,90".parse::<ViewSpec>(),
            Ok(ViewSpec::Walk {
                x: 3.0,
                z: 1.5,
                yaw_deg: 90.0
            })
        );
        assert_eq!(
            "checkpoint:hood".parse::<ViewSpec>(),
            Ok(ViewSpec::Checkpoint("hood".into()))
        );
        assert!("walk:1,2".parse::<ViewSpec>().is_err());
        assert!("walk:a,b,c".parse::<ViewSpec>().is_err());
        assert!("aerial".parse::<ViewSpec>().is_err());
        assert!("checkpoint:".parse::<ViewSpec>().is_err());
    }

    #[test]
    fn insets_leave_the_middle_free() {
        let screen = Vec2::new(1920.0, 1080.0);
        let insets = ViewInsets {
            left: 300.0,
            right: 500.0,
            ..default()
        };
        let at = |x| Vec2::new(x, 540.0);
        assert!(!insets.leaves_free(at(299.0), screen));
        assert!(insets.leaves_free(at(300.0), screen));
        assert!(insets.leaves_free(at(1420.0), screen));
        assert!(!insets.leaves_free(at(1421.0), screen));
        assert!(ViewInsets::default().leaves_free(Vec2::ZERO, screen));
        // A phone's top bar and bottom sheet.
        let phone = Vec2::new(720.0, 1280.0);
        let sheet = ViewInsets {
            top: 160.0,
            bottom: 560.0,
            ..default()
        };
        assert!(!sheet.leaves_free(Vec2::new(360.0, 100.0), phone));
        assert!(sheet.leaves_free(Vec2::new(360.0, 400.0), phone));
        assert!(!sheet.leaves_free(Vec2::new(360.0, 721.0), phone));
        assert_eq!(sheet.free_rect(phone), Rect::new(0.0, 160.0, 720.0, 720.0));
        // Panels that meet leave an empty rect, not an inverted one.
        let covered = ViewInsets {
            top: 700.0,
            bottom: 700.0,
            ..default()
        };
        assert_eq!(covered.free_rect(phone).height(), 0.0);
    }
}

/// Show another scene (defined with `venue_asset`, which answers it, below this module).
pub use crate::venue_asset::OpenScene;

/// Write the printable self-check report of the venue on screen, in the interface
/// language (answered by `export`).
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ExportReport;

/// A short line for the visitor (a file saved, a save cancelled), shown by `ui` for a
/// few seconds.
#[derive(Message, Debug, Clone, PartialEq)]
pub struct ShowNotice(pub venue_core::model::Text);

/// Forget the visitor: every owner of state a visitor can change puts it back as a fresh
/// start has it (language, large text, open panels, focus, tour, camera, edits). Written
/// by the booth (`kiosk`) on every way back to its start screen.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ResetVisitor;

/// The app runs as a booth (`venue-guide kiosk`): the panels offer no editing, files or
/// scene list (the booth's start screen is the scene list), show a "start screen"
/// button, and never show file paths or diagnostics (the booth shows a plain sentence).
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Booth;

/// A pointer drag belongs to something on screen (a fixture being moved in edit mode),
/// so the camera must not orbit or pan with it. Written by `edit`, read by `camera`.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PointerCapture(pub bool);
