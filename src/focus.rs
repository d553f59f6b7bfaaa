//! # One owner of what the visitor is looking at
//!
//! Markers, fixtures, checklist rows, the card's close button, Esc, the start view and
//! the tour all ask for a checkpoint the same way, with a [`FocusCheckpoint`] message
//! ("focus checkpoint X, from Y"). [`decide_focus`] is the one system that answers: the
//! pure function [`decide`] says what follows, and the system applies it, the only
//! writer of [`Focus`] and of the tour's phase (besides `tour` resetting itself when a
//! new venue loads).
//!
//! The behaviour, the same for every source (the kiosk's attract loop and VR
//! controllers will be two more sources, not new rules):
//!
//! - **Outside a tour**, focusing a checkpoint opens its card and flies the camera to the
//!   checkpoint's viewpoint (the author's tour viewpoint, else a framing of its evidence;
//!   [`viewpoint_for_rule`]), in the current view mode. Focusing it again flies there
//!   again (back to it after looking around).
//! - **During a tour**, the tour bar ("3 / 12") must always describe the open card, so:
//!   focusing a checkpoint that is a tour stop jumps the tour to that stop; focusing one
//!   that is not a stop, or closing the card, leaves the tour (free exploration, the
//!   card of the new choice open; "Start tour" resumes from the intro).
//! - **The tour itself** moves through its stops with [`FocusSource::Tour`]: a stop
//!   opens its card and frames it; the intro and end screens close the card and fly
//!   home; leaving the tour ("Exit tour") keeps the card and the camera where they are.
//! - **Closing** the card (× or Esc) never moves the camera.
//! - A rule the venue does not have (a stale id after a reload, a typo on the command
//!   line) is ignored with a warning.

use crate::shared::{
    ActiveVenue, AppSet, CameraCommand, Focus, FocusCheckpoint, FocusSource, TourPhase,
    entity_points, venue_bounds,
};
use crate::tour::TourState;
use crate::venue_asset::VenueData;
use bevy::prelude::*;

/// Looking down on a checkpoint from about 52° above the horizon sees over counters.
const FRAMING_ELEVATION: f32 = 0.9;
/// A single point still gets this much context around it (m).
const FRAMING_MIN_RADIUS: f32 = 1.2;
/// Extra distance so the framed points clear the panels and bars over the 3D view.
const FRAMING_MARGIN: f32 = 1.15;

pub fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (
            escape_closes.in_set(AppSet::Input),
            decide_focus.in_set(AppSet::Focus),
            drop_focus_of_another_venue.in_set(AppSet::Focus),
            forget_visitor.in_set(AppSet::Focus).after(decide_focus),
        ),
    );
}

/// A reset closes the card and leaves the tour, as at a fresh start.
fn forget_visitor(
    mut resets: MessageReader<crate::shared::ResetVisitor>,
    mut focus: ResMut<Focus>,
    mut tour: ResMut<TourState>,
) {
    if resets.read().count() == 0 {
        return;
    }
    focus.set_if_neq(Focus(None));
    if tour.phase != TourPhase::Off {
        tour.phase = TourPhase::Off;
    }
}

/// A scene picked from the list is another venue: its card closes (a reload of the same
/// venue keeps it; the panels drop a checkpoint that is gone).
fn drop_focus_of_another_venue(
    active: Option<Res<ActiveVenue>>,
    mut focus: ResMut<Focus>,
    mut shown: Local<Option<String>>,
) {
    let Some(active) = active.filter(|a| a.is_changed()) else {
        return;
    };
    let id = &active.data.venue.id;
    if shown.as_ref().is_some_and(|before| before != id) {
        focus.set_if_neq(Focus(None));
    }
    *shown = Some(id.clone());
}

/// How the camera answers a focus change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Framing {
    /// Leave the camera where it is.
    Stay,
    /// Fly to the checkpoint's viewpoint.
    Checkpoint(String),
    /// Fly to the mode's home view.
    Home,
}

/// Everything a focus request changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FocusDecision {
    pub focus: Option<String>,
    pub phase: TourPhase,
    pub camera: Framing,
}

/// What a focus request leads to, given where the tour is (see the module docs).
pub fn decide(tour: &TourState, request: &FocusCheckpoint) -> FocusDecision {
    let rule = request.rule.clone();
    if let FocusSource::Tour(phase) = request.source {
        let camera = match (phase, &rule) {
            (TourPhase::Stop(_), Some(rule)) => Framing::Checkpoint(rule.clone()),
            (TourPhase::Intro | TourPhase::End, _) => Framing::Home,
            _ => Framing::Stay,
        };
        return FocusDecision {
            focus: rule,
            phase,
            camera,
        };
    }
    let touring = tour.phase != TourPhase::Off;
    let phase = match &rule {
        // The bar follows the visitor to another stop…
        Some(rule) if touring => tour
            .stops
            .iter()
            .position(|s| s == rule)
            .map_or(TourPhase::Off, TourPhase::Stop),
        // …and the tour ends when the card it was showing closes.
        None if touring => TourPhase::Off,
        _ => tour.phase,
    };
    let camera = rule.clone().map_or(Framing::Stay, Framing::Checkpoint);
    FocusDecision {
        focus: rule,
        phase,
        camera,
    }
}

/// Esc closes the open card (and so leaves a tour, or its intro or end screen).
fn escape_closes(keys: Res<ButtonInput<KeyCode>>, mut focus: MessageWriter<FocusCheckpoint>) {
    if keys.just_pressed(KeyCode::Escape) {
        focus.write(FocusCheckpoint::clear(FocusSource::Keyboard));
    }
}

/// Applies every focus request of the frame, in order.
pub fn decide_focus(
    mut requests: MessageReader<FocusCheckpoint>,
    mut focus: ResMut<Focus>,
    mut tour: ResMut<TourState>,
    mut camera: MessageWriter<CameraCommand>,
    active: Option<Res<ActiveVenue>>,
) {
    for request in requests.read() {
        let known = |rule: &str| {
            active
                .as_ref()
                .is_some_and(|a| a.data.report.results.iter().any(|r| r.id == rule))
        };
        if let Some(rule) = &request.rule
            && !known(rule)
        {
            warn!("no checkpoint `{rule}` in this venue; focus unchanged");
            continue;
        }
        let decision = decide(&tour, request);
        // Only real changes, so panels and evidence rebuild only when something differs.
        focus.set_if_neq(Focus(decision.focus));
        if tour.phase != decision.phase {
            tour.phase = decision.phase;
        }
        match decision.camera {
            Framing::Stay => {}
            Framing::Home => {
                camera.write(CameraCommand::Home);
            }
            Framing::Checkpoint(rule) => {
                if let Some(active) = &active
                    && let Some((eye, target)) = viewpoint_for_rule(&active.data, &rule)
                {
                    camera.write(CameraCommand::LookAt { eye, target });
                }
            }
        }
    }
}

/// Frames `points` (x, y, z): looks at their centre from the side facing `outside_dir`
/// (horizontal, from the venue centre outwards), high enough to see over fixtures and
/// far enough that the points fit a 45° field of view.
pub fn viewpoint_for_points(points: &[Vec3], venue_center: Vec2) -> Option<(Vec3, Vec3)> {
    let finite: Vec<Vec3> = points.iter().copied().filter(|p| p.is_finite()).collect();
    if finite.is_empty() {
        return None;
    }
    let min = finite
        .iter()
        .copied()
        .fold(Vec3::splat(f32::MAX), Vec3::min);
    let max = finite
        .iter()
        .copied()
        .fold(Vec3::splat(f32::MIN), Vec3::max);
    let target = (min + max) / 2.0;
    let radius = ((max - min).length() / 2.0).max(FRAMING_MIN_RADIUS);
    // The bounding sphere fits the 45° field of view at radius / sin(22.5°).
    let distance = radius / (std::f32::consts::FRAC_PI_8).sin() * FRAMING_MARGIN;
    let mut away = target.xz() - venue_center;
    if away.length() < 0.5 {
        // In the middle: look from the street side.
        away = Vec2::new(0.0, -1.0);
    }
    // Look from the venue centre's side towards the stop, so walls behind it frame it.
    let from = -away.normalize();
    let horizontal = distance * FRAMING_ELEVATION.cos();
    let eye = target
        + Vec3::new(
            from.x * horizontal,
            distance * FRAMING_ELEVATION.sin(),
            from.y * horizontal,
        );
    Some((eye, target))
}

/// The viewpoint of a checkpoint: the author's tour viewpoint, else one framed on its
/// evidence (or its fixtures and zones).
pub fn viewpoint_for_rule(data: &VenueData, rule: &str) -> Option<(Vec3, Vec3)> {
    let authored = data
        .venue
        .tour
        .as_ref()
        .and_then(|t| t.stops.iter().find(|s| s.rule == rule))
        .and_then(|s| s.viewpoint);
    if let Some(v) = authored {
        let p = |(x, y, z): (f64, f64, f64)| Vec3::new(x as f32, y as f32, z as f32);
        return Some((p(v.eye), p(v.target)));
    }
    let result = data.report.results.iter().find(|r| r.id == rule)?;
    let mut points: Vec<Vec3> = result
        .evidence
        .iter()
        .flat_map(|e| e.points())
        .map(|(x, y, z)| Vec3::new(x as f32, y as f32, z as f32))
        .collect();
    if points.is_empty() {
        points = entity_points(data, &result.entities);
    }
    let (min, max) = venue_bounds(data);
    viewpoint_for_points(&points, (min + max) / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tour(phase: TourPhase) -> TourState {
        TourState {
            stops: vec!["a".into(), "b".into(), "c".into()],
            phase,
        }
    }

    fn from(source: FocusSource, rule: Option<&str>) -> FocusCheckpoint {
        FocusCheckpoint {
            rule: rule.map(str::to_string),
            source,
        }
    }

    const VISITOR: [FocusSource; 6] = [
        FocusSource::Marker,
        FocusSource::Fixture,
        FocusSource::Checklist,
        FocusSource::CloseButton,
        FocusSource::Keyboard,
        FocusSource::StartView,
    ];

    #[test]
    fn outside_a_tour_focus_opens_the_card_and_flies_there() {
        for source in VISITOR {
            for rule in ["b", "not_a_stop"] {
                let d = decide(&tour(TourPhase::Off), &from(source, Some(rule)));
                assert_eq!(d.focus.as_deref(), Some(rule));
                assert_eq!(d.phase, TourPhase::Off, "{source:?} does not start a tour");
                assert_eq!(d.camera, Framing::Checkpoint(rule.into()));
            }
        }
    }

    #[test]
    fn in_a_tour_a_stop_moves_the_tour_and_anything_else_leaves_it() {
        for source in VISITOR {
            for phase in [TourPhase::Stop(0), TourPhase::Intro, TourPhase::End] {
                let d = decide(&tour(phase), &from(source, Some("c")));
                assert_eq!(d.phase, TourPhase::Stop(2), "{source:?} from {phase:?}");
                assert_eq!(d.focus.as_deref(), Some("c"));
                assert_eq!(d.camera, Framing::Checkpoint("c".into()));
                let d = decide(&tour(phase), &from(source, Some("elsewhere")));
                assert_eq!(d.phase, TourPhase::Off);
                assert_eq!(d.focus.as_deref(), Some("elsewhere"));
            }
        }
    }

    #[test]
    fn closing_the_card_leaves_the_tour_and_never_moves_the_camera() {
        for phase in [TourPhase::Off, TourPhase::Stop(1), TourPhase::Intro] {
            let d = decide(&tour(phase), &from(FocusSource::Keyboard, None));
            assert_eq!(d.focus, None);
            assert_eq!(d.phase, TourPhase::Off);
            assert_eq!(d.camera, Framing::Stay);
        }
    }

    #[test]
    fn the_tour_sets_its_own_phase() {
        let t = tour(TourPhase::Stop(0));
        let d = decide(&t, &from(FocusSource::Tour(TourPhase::Stop(1)), Some("b")));
        assert_eq!(
            d,
            FocusDecision {
                focus: Some("b".into()),
                phase: TourPhase::Stop(1),
                camera: Framing::Checkpoint("b".into()),
            }
        );
        let d = decide(&t, &from(FocusSource::Tour(TourPhase::End), None));
        assert_eq!(
            (d.focus, d.phase, d.camera),
            (None, TourPhase::End, Framing::Home)
        );
        // Leaving keeps the card and the view.
        let d = decide(&t, &from(FocusSource::Tour(TourPhase::Off), Some("a")));
        assert_eq!(
            (d.focus.as_deref(), d.phase, d.camera),
            (Some("a"), TourPhase::Off, Framing::Stay)
        );
    }

    #[test]
    fn viewpoint_frames_the_points_from_above() {
        let points = [Vec3::new(1.0, 0.0, 6.0), Vec3::new(2.0, 1.0, 7.0)];
        let (eye, target) = viewpoint_for_points(&points, Vec2::new(3.0, 4.0)).unwrap();
        assert!((target - Vec3::new(1.5, 0.5, 6.5)).length() < 1e-5);
        assert!(eye.y > target.y + 1.0, "looks down on the stop");
        // The eye is on the venue-centre side of the target.
        assert!(eye.z < target.z);
        assert!(viewpoint_for_points(&[], Vec2::ZERO).is_none());
        assert!(viewpoint_for_points(&[Vec3::NAN], Vec2::ZERO).is_none());
    }
}
