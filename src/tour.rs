//! The guided tour: from checkpoint to checkpoint, with intro and end screens.
//!
//! [`TourState`] is a plain state machine (tested below). The systems turn
//! [`TourCommand`]s into state changes, select the stop's rule (which opens its card and
//! highlights its fixtures) and fly the camera to the stop's viewpoint: the author's, or
//! one framed on the rule's evidence ([`viewpoint_for_points`]). The tour keeps the
//! current view mode, so it works in overview, plan and walk alike.

use crate::AppSet;
use crate::camera::CameraCommand;
use crate::spawn::ActiveVenue;
use bevy::prelude::*;
use venue_core::Venue;
use venue_core::report::Report;

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

/// The ordered stops (rule ids) and the current phase.
#[derive(Resource, Debug, Clone, Default, PartialEq)]
pub struct TourState {
    pub stops: Vec<String>,
    pub phase: TourPhase,
}

impl TourState {
    /// The scene's tour order, or the rule-pack order when the scene gives none. Rules
    /// that do not apply to this venue are left out: there is nothing to show.
    pub fn for_venue(venue: &Venue, report: &Report) -> Self {
        let applicable = |id: &str| {
            report
                .results
                .iter()
                .any(|r| r.id == id && r.status != venue_core::Status::NotApplicable)
        };
        let stops = match &venue.tour {
            Some(tour) if !tour.stops.is_empty() => tour
                .stops
                .iter()
                .map(|s| s.rule.clone())
                .filter(|id| applicable(id))
                .collect(),
            _ => report
                .results
                .iter()
                .filter(|r| r.status != venue_core::Status::NotApplicable)
                .map(|r| r.id.clone())
                .collect(),
        };
        TourState {
            stops,
            phase: TourPhase::Off,
        }
    }

    pub fn current_rule(&self) -> Option<&str> {
        match self.phase {
            TourPhase::Stop(i) => self.stops.get(i).map(String::as_str),
            _ => None,
        }
    }

    /// "3 / 12" progress: (1-based stop, total).
    pub fn progress(&self) -> Option<(usize, usize)> {
        match self.phase {
            TourPhase::Stop(i) => Some((i + 1, self.stops.len())),
            _ => None,
        }
    }

    /// Applies a command; returns whether the phase changed.
    pub fn apply(&mut self, command: &TourCommand) -> bool {
        let before = self.phase;
        let last = self.stops.len().checked_sub(1);
        self.phase = match (command, self.phase) {
            (TourCommand::Start, _) => TourPhase::Intro,
            (TourCommand::Exit, _) => TourPhase::Off,
            (TourCommand::Next, TourPhase::Intro) => match last {
                Some(_) => TourPhase::Stop(0),
                None => TourPhase::End,
            },
            (TourCommand::Next, TourPhase::Stop(i)) if Some(i) == last => TourPhase::End,
            (TourCommand::Next, TourPhase::Stop(i)) => TourPhase::Stop(i + 1),
            (TourCommand::Next, phase) => phase,
            (TourCommand::Previous, TourPhase::Stop(0)) => TourPhase::Intro,
            (TourCommand::Previous, TourPhase::Stop(i)) => TourPhase::Stop(i - 1),
            (TourCommand::Previous, TourPhase::End) => match last {
                Some(i) => TourPhase::Stop(i),
                None => TourPhase::Intro,
            },
            (TourCommand::Previous, phase) => phase,
            // Replay shows the current stop again (camera flight and all); at the end
            // it starts over.
            (TourCommand::Replay, TourPhase::End) => TourPhase::Intro,
            (TourCommand::Replay, phase) => phase,
            (TourCommand::GoToRule(id), phase) => match self.stops.iter().position(|s| s == id) {
                Some(i) => TourPhase::Stop(i),
                None => phase,
            },
        };
        before != self.phase || matches!(command, TourCommand::Replay)
    }
}

/// Requests to the tour, from buttons, keys or the command line.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum TourCommand {
    Start,
    Next,
    Previous,
    Replay,
    Exit,
    /// Jump to the stop of this rule (if it is one).
    GoToRule(String),
}

/// The checkpoint (rule id) whose card is open and whose fixtures are highlighted.
#[derive(Resource, Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection(pub Option<String>);

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
    // At least 1.2 m so a single point still gets some context around it.
    let radius = ((max - min).length() / 2.0).max(1.2);
    // The bounding sphere fits the 45° field of view at radius / sin(22.5°); the margin
    // keeps its edges clear of the panels and the tour bar over the 3D view.
    const MARGIN: f32 = 1.15;
    let distance = radius / (std::f32::consts::FRAC_PI_8).sin() * MARGIN;
    let mut away = target.xz() - venue_center;
    if away.length() < 0.5 {
        // In the middle: look from the street side.
        away = Vec2::new(0.0, -1.0);
    }
    // Look from the venue centre's side towards the stop, so walls behind it frame it.
    let from = -away.normalize();
    let elevation = 0.9f32; // ~52°: high enough to see over counters
    let horizontal = distance * elevation.cos();
    let eye = target
        + Vec3::new(
            from.x * horizontal,
            distance * elevation.sin(),
            from.y * horizontal,
        );
    Some((eye, target))
}

/// The viewpoint of a rule's stop: the author's, else one framed on the evidence.
pub fn viewpoint_for_rule(
    data: &crate::venue_asset::VenueData,
    rule: &str,
) -> Option<(Vec3, Vec3)> {
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
    let (min, max) = crate::camera::bounds(data);
    viewpoint_for_points(&points, (min + max) / 2.0)
}

/// Positions of fixtures and zones by id, for rules without evidence geometry.
pub fn entity_points(data: &crate::venue_asset::VenueData, ids: &[String]) -> Vec<Vec3> {
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

pub fn plugin(app: &mut App) {
    app.init_resource::<TourState>()
        .init_resource::<Selection>()
        .add_message::<TourCommand>()
        .add_systems(
            Update,
            (reset_on_new_venue, tour_keys, run_tour)
                .chain()
                .in_set(AppSet::Input),
        );
}

fn reset_on_new_venue(
    active: Option<Res<ActiveVenue>>,
    mut tour: ResMut<TourState>,
    start: Option<Res<crate::headless::StartView>>,
    mut seen: Local<Option<u32>>,
) {
    let Some(active) = active else { return };
    if *seen == Some(active.generation) {
        return;
    }
    let first = seen.is_none();
    *seen = Some(active.generation);
    let phase = tour.phase;
    *tour = TourState::for_venue(&active.data.venue, &active.data.report);
    // A reload keeps the visitor where they were (if that stop still exists); the very
    // first load opens the intro, which is what the booth greets people with.
    // A requested start view (e.g. `render --view plan`) skips the intro screen.
    tour.phase = if first && start.is_none() {
        TourPhase::Intro
    } else if first {
        TourPhase::Off
    } else {
        match phase {
            TourPhase::Stop(i) if i >= tour.stops.len() => TourPhase::End,
            other => other,
        }
    };
}

fn tour_keys(keys: Res<ButtonInput<KeyCode>>, mut commands: MessageWriter<TourCommand>) {
    if keys.just_pressed(KeyCode::PageDown) || keys.just_pressed(KeyCode::KeyN) {
        commands.write(TourCommand::Next);
    }
    if keys.just_pressed(KeyCode::PageUp) || keys.just_pressed(KeyCode::KeyP) {
        commands.write(TourCommand::Previous);
    }
    if keys.just_pressed(KeyCode::KeyR) {
        commands.write(TourCommand::Replay);
    }
    if keys.just_pressed(KeyCode::Escape) {
        commands.write(TourCommand::Exit);
    }
    if keys.just_pressed(KeyCode::KeyT) {
        commands.write(TourCommand::Start);
    }
}

fn run_tour(
    mut commands: MessageReader<TourCommand>,
    mut tour: ResMut<TourState>,
    mut selection: ResMut<Selection>,
    mut camera: MessageWriter<CameraCommand>,
    active: Option<Res<ActiveVenue>>,
) {
    for command in commands.read() {
        if !tour.apply(command) {
            continue;
        }
        match tour.phase {
            TourPhase::Stop(_) => {
                let rule = tour.current_rule().map(str::to_string);
                if let (Some(rule), Some(active)) = (&rule, &active)
                    && let Some((eye, target)) = viewpoint_for_rule(&active.data, rule)
                {
                    camera.write(CameraCommand::LookAt { eye, target });
                }
                selection.0 = rule;
            }
            TourPhase::Intro | TourPhase::End => {
                selection.0 = None;
                camera.write(CameraCommand::Home);
            }
            TourPhase::Off => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tour(n: usize) -> TourState {
        TourState {
            stops: (0..n).map(|i| format!("r{i}")).collect(),
            phase: TourPhase::Off,
        }
    }

    #[test]
    fn walks_from_intro_through_every_stop_to_the_end() {
        let mut t = tour(3);
        t.apply(&TourCommand::Start);
        assert_eq!(t.phase, TourPhase::Intro);
        let mut seen = Vec::new();
        while t.apply(&TourCommand::Next) {
            if let Some(id) = t.current_rule() {
                seen.push(id.to_string());
            }
        }
        assert_eq!(seen, ["r0", "r1", "r2"]);
        assert_eq!(t.phase, TourPhase::End);
        assert!(
            !t.apply(&TourCommand::Next),
            "next at the end stays at the end"
        );
    }

    #[test]
    fn previous_goes_back_and_stops_at_the_intro() {
        let mut t = tour(2);
        t.apply(&TourCommand::Start);
        t.apply(&TourCommand::Next);
        t.apply(&TourCommand::Next);
        assert_eq!(t.progress(), Some((2, 2)));
        t.apply(&TourCommand::Previous);
        assert_eq!(t.progress(), Some((1, 2)));
        t.apply(&TourCommand::Previous);
        assert_eq!(t.phase, TourPhase::Intro);
        assert!(!t.apply(&TourCommand::Previous));
        t.apply(&TourCommand::Next);
        t.apply(&TourCommand::Next);
        t.apply(&TourCommand::Next);
        assert_eq!(t.phase, TourPhase::End);
        t.apply(&TourCommand::Previous);
        assert_eq!(t.progress(), Some((2, 2)));
    }

    #[test]
    fn replay_repeats_a_stop_and_restarts_from_the_end() {
        let mut t = tour(2);
        t.apply(&TourCommand::GoToRule("r1".into()));
        assert_eq!(t.phase, TourPhase::Stop(1));
        assert!(t.apply(&TourCommand::Replay), "replay re-triggers the stop");
        assert_eq!(t.phase, TourPhase::Stop(1));
        t.apply(&TourCommand::Next);
        t.apply(&TourCommand::Replay);
        assert_eq!(t.phase, TourPhase::Intro);
    }

    #[test]
    fn unknown_rule_and_empty_tour_are_harmless() {
        let mut t = tour(0);
        assert!(!t.apply(&TourCommand::GoToRule("nope".into())));
        t.apply(&TourCommand::Start);
        t.apply(&TourCommand::Next);
        assert_eq!(t.phase, TourPhase::End);
        t.apply(&TourCommand::Exit);
        assert_eq!(t.phase, TourPhase::Off);
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
