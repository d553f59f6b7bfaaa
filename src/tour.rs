//! The guided tour: from checkpoint to checkpoint, with intro and end screens.
//!
//! [`TourState`] is a plain state machine (tested below). The tour does not open cards
//! or move the camera itself: [`run_tour`] turns each [`TourCommand`] into the phase it
//! leads to and asks for that stop's checkpoint with a [`FocusCheckpoint`] from
//! [`FocusSource::Tour`], like any other part of the app; `focus::decide_focus` applies
//! it (card, camera flight, phase). The tour keeps the current view mode, so it works in
//! overview, plan and walk alike.

use crate::shared::{
    ActiveVenue, AppSet, Focus, FocusCheckpoint, FocusSource, StartView, TourCommand, TourPhase,
};
use bevy::prelude::*;
use venue_core::Venue;
use venue_core::report::Report;

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
        };
        before != self.phase || matches!(command, TourCommand::Replay)
    }
}

pub fn plugin(app: &mut App) {
    app.init_resource::<TourState>().add_systems(
        Update,
        (reset_on_new_venue, tour_keys, run_tour)
            .chain()
            .in_set(AppSet::Input),
    );
}

fn reset_on_new_venue(
    active: Option<Res<ActiveVenue>>,
    mut tour: ResMut<TourState>,
    start: Option<Res<StartView>>,
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
    if keys.just_pressed(KeyCode::KeyT) {
        commands.write(TourCommand::Start);
    }
}

/// Moves a copy of the tour by each command and asks for the focus its new phase
/// shows: the stop's checkpoint, nothing on the intro and end screens, and the open card
/// kept when the tour is left. `focus::decide_focus` applies it.
pub fn run_tour(
    mut commands: MessageReader<TourCommand>,
    tour: Res<TourState>,
    focus: Res<Focus>,
    mut requests: MessageWriter<FocusCheckpoint>,
) {
    // Cloned only when a command arrives; several in one frame build on each other.
    let mut moved: Option<TourState> = None;
    for command in commands.read() {
        let state = moved.get_or_insert_with(|| tour.clone());
        if !state.apply(command) {
            continue;
        }
        let rule = match state.phase {
            TourPhase::Stop(_) => state.current_rule().map(str::to_string),
            TourPhase::Intro | TourPhase::End => None,
            TourPhase::Off => focus.0.clone(),
        };
        requests.write(FocusCheckpoint {
            rule,
            source: FocusSource::Tour(state.phase),
        });
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
        t.apply(&TourCommand::Start);
        t.apply(&TourCommand::Next);
        t.apply(&TourCommand::Next);
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
        assert!(
            !t.apply(&TourCommand::Next),
            "next outside a tour does nothing"
        );
        t.apply(&TourCommand::Start);
        t.apply(&TourCommand::Next);
        assert_eq!(t.phase, TourPhase::End);
        t.apply(&TourCommand::Exit);
        assert_eq!(t.phase, TourPhase::Off);
    }
}
