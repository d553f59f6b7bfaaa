//! # The booth (`venue-guide kiosk`)
//!
//! The app as it runs all day on a booth's touch screen: an attract loop while nobody is
//! there, a start screen with big scene tiles, a visitor's session, an idle countdown
//! and a reset that forgets the visitor, a friendly sentence when a scene breaks, and a
//! way out for staff only.
//!
//! The decisions are the core's state machine ([`venue_core::kiosk::Kiosk`], tested with
//! a manual clock). This plugin only feeds it and carries out what it says:
//!
//! - [`input`] turns touches, clicks, the operator's corner press and key chord into
//!   [`KioskInput`] messages, swallows every other key, and hides the cursor on touch;
//! - [`step_kiosk`] gives the machine the time and the frame's inputs and turns its
//!   effects into the app's own requests: [`OpenScene`], [`ResetVisitor`] (each owner
//!   forgets its part of the visitor's state), [`TourCommand`]s, [`AppExit`];
//! - [`screens`] draws the booth's screens over the panels;
//! - `scene_pictures` (native) renders each scene's tile picture once and caches it;
//! - [`soak`] plays a visitor for the soak benchmark and its CI guard.
//!
//! The machine's state ([`KioskState`]) is written only by [`step_kiosk`].

pub mod input;
#[cfg(not(target_arch = "wasm32"))]
pub mod scene_pictures;
pub mod screens;
pub mod soak;

use crate::shared::{ActiveVenue, AppSet, OpenScene, ResetVisitor, TourCommand, TourPhase};
use crate::spawn::ModelFailed;
use crate::tour::TourState;
use crate::venue_asset::CurrentVenue;
use bevy::prelude::*;
use venue_core::kiosk::config::LoadedConfig;
use venue_core::kiosk::{Effect, Input, Kiosk, Screen, Timing};

/// The booth's configuration, as loaded and validated.
#[derive(Resource, Debug, Clone)]
pub struct KioskSetup(pub LoadedConfig);

/// How the booth's clock runs.
#[derive(Resource, Debug, Clone, Copy, PartialEq)]
pub enum KioskClock {
    /// Real time: the booth itself.
    Real,
    /// This many seconds per frame, whatever the frame took: the soak benchmark and the
    /// tests play hours of booth time in minutes, the same way every run.
    Stepped(f64),
}

/// The machine and its clock. Written only by [`step_kiosk`].
#[derive(Resource, Debug, Clone)]
pub struct KioskState {
    pub machine: Kiosk,
    /// Booth time (s) of the last step.
    pub now: f64,
    /// Attract scenes started so far (the soak's visitor waits for whole rounds).
    pub attract_plays: u32,
    /// Resets so far.
    pub resets: u32,
}

/// One input for the machine, from the screen, the booth's buttons, or the app itself
/// (a failed load, the attract tour's end).
#[derive(Message, Debug, Clone, PartialEq)]
pub struct KioskInput(pub Input);

/// A tour to start once its scene is on screen.
#[derive(Resource, Debug, Default, Clone, PartialEq)]
pub struct PendingTour(Option<TourStart>);

impl PendingTour {
    /// A scene asked for is not on screen yet (or its tour has not started).
    pub fn waiting(&self) -> bool {
        self.0.is_some()
    }
}

#[derive(Debug, Clone, PartialEq)]
struct TourStart {
    /// The venue id the tour belongs to.
    venue_id: String,
    /// Straight to the first stop (attract), or the intro screen (a visitor's session).
    play: bool,
    /// Not before this frame: a reset in the same frame would leave the tour again.
    not_before: u32,
}

/// The effects of switching the booth on, carried out in the first frame.
#[derive(Resource)]
pub struct StartEffects(Vec<Effect>);

/// Frames counted by [`step_kiosk`] (a pending tour waits a frame after a reset).
#[derive(Resource, Debug, Default, Clone, Copy)]
pub struct KioskFrame(pub u32);

pub fn plugin(app: &mut App) {
    let setup = app
        .world()
        .get_resource::<KioskSetup>()
        .expect("the kiosk plugin needs its KioskSetup")
        .0
        .clone();
    let (machine, effects) = Kiosk::start(
        Timing::from_config(&setup.config),
        setup.attract_order.clone(),
        setup.config.operator.pin.clone(),
        0.0,
    );
    if !app.world().contains_resource::<KioskClock>() {
        app.insert_resource(KioskClock::Real);
    }
    app.insert_resource(crate::shared::Booth)
        .insert_resource(KioskState {
            machine,
            now: 0.0,
            attract_plays: 0,
            resets: 0,
        })
        .insert_resource(StartEffects(effects))
        .init_resource::<PendingTour>()
        .init_resource::<KioskFrame>()
        .add_message::<KioskInput>()
        .add_plugins((input::plugin, screens::plugin, soak::plugin))
        .add_systems(
            Update,
            (
                booth_buttons,
                watch_failures,
                step_kiosk,
                start_pending_tour,
            )
                .chain()
                .in_set(AppSet::Input)
                .before(crate::tour::run_tour),
        );
    #[cfg(not(target_arch = "wasm32"))]
    app.add_plugins(scene_pictures::plugin);
}

/// The booth's buttons (they carry a [`crate::ui::UiAction::Booth`]): pressed, or, for
/// the rows of a list that scrolls (the upright start screen's scenes), tapped.
fn booth_buttons(
    buttons: Query<
        (&Interaction, &crate::ui::UiAction),
        (Changed<Interaction>, Without<crate::ui::scroll::TapOnly>),
    >,
    mut tapped: MessageReader<crate::ui::scroll::Tapped>,
    mut inputs: MessageWriter<KioskInput>,
) {
    let pressed = buttons
        .iter()
        .filter(|(interaction, _)| **interaction == Interaction::Pressed)
        .map(|(_, action)| action);
    for action in pressed.chain(tapped.read().map(|tap| &tap.0)) {
        if let crate::ui::UiAction::Booth(input) = action {
            inputs.write(KioskInput(input.clone()));
        }
    }
}

/// A scene that fails to load, or a model of it, is an [`Input::LoadFailed`] (the log
/// keeps the diagnostics; the screen shows a plain sentence).
fn watch_failures(
    current: Res<CurrentVenue>,
    failed: Query<(), Added<ModelFailed>>,
    mut inputs: MessageWriter<KioskInput>,
    mut reported: Local<Option<String>>,
) {
    if current.is_changed() {
        match &current.error {
            Some(error) if reported.as_ref() != Some(error) => {
                warn!("booth: the scene failed to load; the visitor is shown a plain sentence");
                *reported = Some(error.clone());
                inputs.write(KioskInput(Input::LoadFailed));
            }
            Some(_) => {}
            None => *reported = None,
        }
    }
    if !failed.is_empty() {
        warn!("booth: a model of the scene failed to load");
        inputs.write(KioskInput(Input::LoadFailed));
    }
}

/// The messages [`step_kiosk`] writes.
#[derive(bevy::ecs::system::SystemParam)]
pub struct Requests<'w> {
    open: MessageWriter<'w, OpenScene>,
    reset: MessageWriter<'w, ResetVisitor>,
    tour: MessageWriter<'w, TourCommand>,
    exit: MessageWriter<'w, AppExit>,
}

/// Gives the machine the time and this frame's inputs; carries out its effects.
pub fn step_kiosk(
    mut state: ResMut<KioskState>,
    clock: Res<KioskClock>,
    time: Res<Time<Real>>,
    mut inputs: MessageReader<KioskInput>,
    setup: Res<KioskSetup>,
    tour: Res<TourState>,
    mut start: ResMut<StartEffects>,
    mut pending: ResMut<PendingTour>,
    mut frame: ResMut<KioskFrame>,
    mut requests: Requests,
) {
    frame.0 += 1;
    let now = match *clock {
        KioskClock::Real => time.elapsed_secs_f64(),
        KioskClock::Stepped(step) => state.now + step,
    };
    state.now = now;
    let mut effects = std::mem::take(&mut start.0);
    let mut queue: Vec<Input> = inputs.read().map(|i| i.0.clone()).collect();
    queue.push(Input::Tick);
    let mut next = 0;
    while let Some(input) = queue.get(next).cloned() {
        next += 1;
        for effect in state.machine.step(now, input) {
            // The attract tour's last stop has had its time: on to the next scene.
            if effect == Effect::NextStop && at_last_stop(&tour) && !pending.waiting() {
                queue.push(Input::TourAtEnd);
            } else {
                effects.push(effect);
            }
        }
    }
    for effect in effects {
        match effect {
            Effect::PlayAttract(folder) => {
                state.attract_plays += 1;
                pending.0 = Some(TourStart {
                    venue_id: venue_id(&setup, &folder),
                    play: true,
                    not_before: frame.0 + 1,
                });
                requests.open.write(OpenScene { folder });
            }
            Effect::NextStop => {
                if !pending.waiting() {
                    requests.tour.write(TourCommand::Next);
                }
            }
            Effect::Open(folder) => {
                pending.0 = Some(TourStart {
                    venue_id: venue_id(&setup, &folder),
                    play: false,
                    not_before: frame.0 + 1,
                });
                requests.open.write(OpenScene { folder });
            }
            Effect::Reset => {
                state.resets += 1;
                pending.0 = None;
                requests.reset.write(ResetVisitor);
                if let Some(home) = state.machine.home_scene() {
                    requests.open.write(OpenScene {
                        folder: home.to_string(),
                    });
                }
            }
            Effect::Exit => {
                info!("booth: the operator closed the app");
                requests.exit.write(AppExit::Success);
            }
        }
    }
}

fn at_last_stop(tour: &TourState) -> bool {
    matches!(tour.phase, TourPhase::Stop(i) if i + 1 >= tour.stops.len())
        || tour.phase == TourPhase::End
}

fn venue_id(setup: &KioskSetup, folder: &str) -> String {
    setup
        .0
        .scenes
        .iter()
        .find(|s| s.folder == folder)
        .map_or_else(|| folder.to_string(), |s| s.id.clone())
}

/// Starts the pending tour once its venue is on screen: the first stop for the attract
/// loop, the intro screen for a visitor.
fn start_pending_tour(
    mut pending: ResMut<PendingTour>,
    active: Option<Res<ActiveVenue>>,
    state: Res<KioskState>,
    frame: Res<KioskFrame>,
    mut tour: MessageWriter<TourCommand>,
) {
    let Some(start) = &pending.0 else { return };
    let on_screen = active
        .as_ref()
        .is_some_and(|a| a.data.venue.id == start.venue_id);
    if !on_screen || frame.0 < start.not_before {
        return;
    }
    tour.write(TourCommand::Start);
    if start.play && matches!(state.machine.screen(), Screen::Attract { .. }) {
        tour.write(TourCommand::Next);
    }
    pending.0 = None;
}
