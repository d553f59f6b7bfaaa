//! The booth's screens as a state machine with a manual clock.
//!
//! ```text
//!            touch                    choose a scene
//!  Attract ─────────► Start ─────────────────────────► Session ◄──┐ touch / "I'm here"
//!     ▲   ◄───────────  │  ▲ ◄── home button ───────────   │        │
//!     │  idle (reset)   │  │                               │ idle   │
//!     │                 │  └──── countdown ran out ◄── StillThere ──┘
//!     │                 │        (reset)
//!  tour at its end: next attract scene
//!
//!  any screen ── corner held ──► Operator (PIN pad) ── right PIN ──► exit
//!  Session ── scene or model failed ──► Trouble ── a few seconds or a touch ──► Start
//! ```
//!
//! [`Kiosk::step`] takes the time (seconds on any monotonic clock) and one [`Input`],
//! moves to the next [`Screen`] and returns the [`Effect`]s the app carries out: play an
//! attract scene's tour, open a scene for a visitor, reset everything a visitor changed,
//! exit. Every way back to the start screen resets, so the next visitor never finds the
//! last one's language, text size, checkpoint, tour, camera or edits.

use super::config::{KioskConfig, MAX_PIN_DIGITS};

/// Seconds the friendly error stays before the start screen comes back by itself.
pub const TROUBLE_SECONDS: f64 = 8.0;
/// Wrong PINs in a row before the pad closes and locks.
pub const MAX_WRONG_PINS: u32 = 3;
/// Seconds the corner gesture is ignored after [`MAX_WRONG_PINS`] wrong PINs.
pub const PIN_LOCKOUT_SECONDS: f64 = 60.0;
/// Seconds after the start screen appears during which its tiles ignore presses: the
/// finger that touched the attract loop is still down where a tile appears.
pub const START_GUARD_SECONDS: f64 = 0.6;

/// The timings of a booth (seconds), from its configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Timing {
    /// Without a touch this long, a session asks "still there?" and the start screen
    /// goes back to the attract loop; the PIN pad closes.
    pub idle: f64,
    /// The "still there?" countdown.
    pub countdown: f64,
    /// Time on each checkpoint of the attract loop.
    pub attract_stop: f64,
}

impl Timing {
    pub fn from_config(config: &KioskConfig) -> Self {
        Self {
            idle: config.idle_seconds,
            countdown: config.countdown_seconds,
            attract_stop: config.attract.stop_seconds,
        }
    }
}

/// What the booth shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Screen {
    /// Nobody is there: scene `attract_order[index]`'s tour plays by itself under a
    /// "touch to start" banner; its next stop is due at `next_stop_at`.
    Attract { index: usize, next_stop_at: f64 },
    /// The start screen: scene tiles, language, large text, the help line.
    Start,
    /// A visitor is looking at the scene in `folder`.
    Session { folder: String },
    /// Nobody touched the session for the idle time: "still there?" until `ends_at`.
    StillThere { folder: String, ends_at: f64 },
    /// The staff's PIN pad; `wrong` PINs entered so far.
    Operator { entered: String, wrong: u32 },
    /// A scene or model failed to load: a plain sentence until `until`.
    Trouble { until: f64 },
}

/// Something that happened.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// Time passed (sent every frame).
    Tick,
    /// The screen was touched (or clicked, or a key pressed) anywhere.
    Touch,
    /// A tile of the start screen was chosen.
    Choose(String),
    /// "I'm still here" on the countdown.
    Stay,
    /// The visitor's "start screen" button.
    Home,
    /// The operator corner was held long enough.
    OperatorGesture,
    /// A digit on the PIN pad.
    Digit(u8),
    /// The PIN pad's ⌫.
    Backspace,
    /// The PIN pad's OK.
    Submit,
    /// The PIN pad's cancel.
    Cancel,
    /// The operator's key chord.
    ExitChord,
    /// The scene on screen, or one of its models, failed to load.
    LoadFailed,
    /// The attract tour reached its last stop's time.
    TourAtEnd,
}

/// What the app must do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Show the scene in this folder and play its tour from the first stop.
    PlayAttract(String),
    /// The attract tour's next stop.
    NextStop,
    /// Open the scene in this folder for a visitor (its tour's intro screen).
    Open(String),
    /// Forget the visitor: language, large text, focus, tour, camera, edits, open panels;
    /// show the start screen's backdrop scene.
    Reset,
    /// Close the app (the operator asked).
    Exit,
}

/// The booth's state.
#[derive(Debug, Clone, PartialEq)]
pub struct Kiosk {
    screen: Screen,
    timing: Timing,
    attract_order: Vec<String>,
    pin: String,
    /// When the visitor last did anything.
    last_input: f64,
    /// The corner gesture is ignored until then (after too many wrong PINs).
    locked_until: f64,
    /// When the start screen last appeared.
    start_shown_at: f64,
}

impl Kiosk {
    /// A booth just switched on: the attract loop plays the first scene.
    /// `attract_order` must not be empty (a loaded configuration never is).
    pub fn start(
        timing: Timing,
        attract_order: Vec<String>,
        pin: String,
        now: f64,
    ) -> (Self, Vec<Effect>) {
        let mut kiosk = Self {
            screen: Screen::Start,
            timing,
            attract_order,
            pin,
            last_input: now,
            locked_until: f64::NEG_INFINITY,
            start_shown_at: f64::NEG_INFINITY,
        };
        let effects = kiosk.go_to_attract(0, now);
        (kiosk, effects)
    }

    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    pub fn timing(&self) -> &Timing {
        &self.timing
    }

    /// The scene whose tour the attract loop plays now.
    pub fn attract_scene(&self) -> Option<&str> {
        match self.screen {
            Screen::Attract { index, .. } => self.attract_order.get(index).map(String::as_str),
            _ => None,
        }
    }

    /// The start screen's backdrop: the first scene of the attract loop.
    pub fn home_scene(&self) -> Option<&str> {
        self.attract_order.first().map(String::as_str)
    }

    /// Whole seconds left on the "still there?" countdown (rounded up, so it never shows 0
    /// before the reset).
    pub fn seconds_left(&self, now: f64) -> Option<u32> {
        match self.screen {
            Screen::StillThere { ends_at, .. } => Some((ends_at - now).max(0.0).ceil() as u32),
            _ => None,
        }
    }

    /// Moves by one input at time `now`; returns what the app must do, in order.
    pub fn step(&mut self, now: f64, input: Input) -> Vec<Effect> {
        let visitor_input = !matches!(input, Input::Tick | Input::LoadFailed | Input::TourAtEnd);
        if visitor_input {
            self.last_input = now;
        }
        let idle_for = now - self.last_input;
        match (&mut self.screen, input) {
            (_, Input::ExitChord) => vec![Effect::Exit],
            (Screen::Operator { .. }, Input::OperatorGesture) => Vec::new(),
            (_, Input::OperatorGesture) if now < self.locked_until => Vec::new(),
            (_, Input::OperatorGesture) => {
                self.screen = Screen::Operator {
                    entered: String::new(),
                    wrong: 0,
                };
                Vec::new()
            }

            // Attract loop.
            (Screen::Attract { next_stop_at, .. }, Input::Tick) if now >= *next_stop_at => {
                *next_stop_at = now + self.timing.attract_stop;
                vec![Effect::NextStop]
            }
            (Screen::Attract { index, .. }, Input::TourAtEnd | Input::LoadFailed) => {
                let next = (*index + 1) % self.attract_order.len().max(1);
                self.go_to_attract(next, now)
            }
            (Screen::Attract { .. }, Input::Touch | Input::Choose(_) | Input::Home) => {
                self.go_to_start(now)
            }

            // Start screen.
            (Screen::Start, Input::Tick) if idle_for >= self.timing.idle => {
                let mut effects = vec![Effect::Reset];
                effects.extend(self.go_to_attract(0, now));
                effects
            }
            (Screen::Start, Input::Choose(_))
                if now - self.start_shown_at < START_GUARD_SECONDS =>
            {
                Vec::new()
            }
            (Screen::Start, Input::Choose(folder)) => {
                self.screen = Screen::Session {
                    folder: folder.clone(),
                };
                vec![Effect::Open(folder)]
            }

            // A visitor's session.
            (Screen::Session { folder }, Input::Tick) if idle_for >= self.timing.idle => {
                self.screen = Screen::StillThere {
                    folder: folder.clone(),
                    ends_at: now + self.timing.countdown,
                };
                Vec::new()
            }
            (Screen::Session { .. } | Screen::StillThere { .. }, Input::Home) => {
                self.go_to_start(now)
            }
            (Screen::Session { .. } | Screen::StillThere { .. }, Input::LoadFailed) => {
                self.screen = Screen::Trouble {
                    until: now + TROUBLE_SECONDS,
                };
                Vec::new()
            }
            (Screen::StillThere { ends_at, .. }, Input::Tick) if now >= *ends_at => {
                self.go_to_start(now)
            }
            (Screen::StillThere { folder, .. }, Input::Touch | Input::Stay) => {
                self.screen = Screen::Session {
                    folder: folder.clone(),
                };
                Vec::new()
            }

            // The operator's PIN pad.
            (Screen::Operator { entered, .. }, Input::Digit(d)) if d <= 9 => {
                if entered.len() < MAX_PIN_DIGITS {
                    entered.push(char::from(b'0' + d));
                }
                Vec::new()
            }
            (Screen::Operator { entered, .. }, Input::Backspace) => {
                entered.pop();
                Vec::new()
            }
            (Screen::Operator { entered, wrong }, Input::Submit) => {
                if *entered == self.pin {
                    return vec![Effect::Exit];
                }
                entered.clear();
                *wrong += 1;
                if *wrong >= MAX_WRONG_PINS {
                    self.locked_until = now + PIN_LOCKOUT_SECONDS;
                    return self.go_to_start(now);
                }
                Vec::new()
            }
            (Screen::Operator { .. }, Input::Cancel) => self.go_to_start(now),
            (Screen::Operator { .. }, Input::Tick) if idle_for >= self.timing.countdown => {
                self.go_to_start(now)
            }

            // The friendly error.
            (Screen::Trouble { until }, Input::Tick) if now >= *until => self.go_to_start(now),
            (Screen::Trouble { .. }, Input::Touch) => self.go_to_start(now),

            // Anything else means nothing on this screen.
            _ => Vec::new(),
        }
    }

    /// The start screen, reset, with a full idle time of its own (a reset after the
    /// countdown would otherwise go straight on to the attract loop).
    fn go_to_start(&mut self, now: f64) -> Vec<Effect> {
        self.screen = Screen::Start;
        self.last_input = now;
        self.start_shown_at = now;
        vec![Effect::Reset]
    }

    fn go_to_attract(&mut self, index: usize, now: f64) -> Vec<Effect> {
        let Some(folder) = self.attract_order.get(index) else {
            self.screen = Screen::Start;
            return Vec::new();
        };
        self.screen = Screen::Attract {
            index,
            next_stop_at: now + self.timing.attract_stop,
        };
        vec![Effect::PlayAttract(folder.clone())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDLE: f64 = 60.0;
    const COUNTDOWN: f64 = 15.0;
    const STOP: f64 = 8.0;

    /// A booth with a manual clock.
    struct Booth {
        kiosk: Kiosk,
        now: f64,
    }

    impl Booth {
        fn new() -> (Self, Vec<Effect>) {
            let (kiosk, effects) = Kiosk::start(
                Timing {
                    idle: IDLE,
                    countdown: COUNTDOWN,
                    attract_stop: STOP,
                },
                vec!["eatery".into(), "pharmacy".into()],
                "2580".into(),
                0.0,
            );
            (Self { kiosk, now: 0.0 }, effects)
        }

        fn at(&mut self, dt: f64, input: Input) -> Vec<Effect> {
            self.now += dt;
            self.kiosk.step(self.now, input)
        }

        /// Ticks every `step` seconds for `seconds`; returns every effect.
        fn wait(&mut self, seconds: f64, step: f64) -> Vec<Effect> {
            let mut all = Vec::new();
            let end = self.now + seconds;
            while self.now + step <= end + 1e-9 {
                all.extend(self.at(step, Input::Tick));
            }
            all
        }

        fn screen(&self) -> &Screen {
            self.kiosk.screen()
        }
    }

    fn session() -> Booth {
        let (mut booth, _) = Booth::new();
        booth.at(1.0, Input::Touch);
        assert_eq!(
            booth.at(1.0, Input::Choose("pharmacy".into())),
            [Effect::Open("pharmacy".into())]
        );
        booth
    }

    #[test]
    fn switched_on_it_plays_the_first_scene_and_steps_through_its_tour() {
        let (mut booth, effects) = Booth::new();
        assert_eq!(effects, [Effect::PlayAttract("eatery".into())]);
        assert_eq!(booth.kiosk.attract_scene(), Some("eatery"));
        let steps = booth.wait(STOP * 3.0, 0.5);
        assert_eq!(
            steps,
            [Effect::NextStop, Effect::NextStop, Effect::NextStop]
        );
        // Its tour ends: the next scene, then back to the first.
        assert_eq!(
            booth.at(0.1, Input::TourAtEnd),
            [Effect::PlayAttract("pharmacy".into())]
        );
        assert_eq!(
            booth.at(0.1, Input::TourAtEnd),
            [Effect::PlayAttract("eatery".into())]
        );
        // Idle time means nothing here: nobody is there anyway.
        assert!(!booth.wait(IDLE * 2.0, 1.0).contains(&Effect::Reset));
    }

    #[test]
    fn the_finger_that_woke_the_booth_does_not_choose_a_tile() {
        let (mut booth, _) = Booth::new();
        booth.at(1.0, Input::Touch);
        assert_eq!(booth.at(0.1, Input::Choose("eatery".into())), []);
        assert_eq!(booth.screen(), &Screen::Start);
        assert_eq!(
            booth.at(START_GUARD_SECONDS, Input::Choose("eatery".into())),
            [Effect::Open("eatery".into())]
        );
    }

    #[test]
    fn a_touch_goes_to_the_start_screen_and_idle_back_to_the_attract_loop() {
        let (mut booth, _) = Booth::new();
        assert_eq!(booth.at(3.0, Input::Touch), [Effect::Reset]);
        assert_eq!(booth.screen(), &Screen::Start);
        assert_eq!(booth.wait(IDLE - 1.0, 1.0), []);
        assert_eq!(
            booth.wait(1.0, 1.0),
            [Effect::Reset, Effect::PlayAttract("eatery".into())]
        );
    }

    #[test]
    fn choosing_a_scene_opens_a_session_that_touches_keep_alive() {
        let mut booth = session();
        assert_eq!(
            booth.screen(),
            &Screen::Session {
                folder: "pharmacy".into()
            }
        );
        for _ in 0..5 {
            booth.wait(IDLE - 5.0, 1.0);
            booth.at(0.5, Input::Touch);
        }
        assert!(matches!(booth.screen(), Screen::Session { .. }));
    }

    #[test]
    fn idle_counts_down_then_resets_to_the_start_screen() {
        let mut booth = session();
        assert_eq!(booth.wait(IDLE, 1.0), []);
        assert!(matches!(booth.screen(), Screen::StillThere { .. }));
        assert_eq!(booth.kiosk.seconds_left(booth.now), Some(15));
        booth.wait(COUNTDOWN - 1.0, 1.0);
        assert_eq!(booth.kiosk.seconds_left(booth.now), Some(1));
        assert_eq!(booth.wait(1.0, 1.0), [Effect::Reset]);
        assert_eq!(booth.screen(), &Screen::Start);
        assert_eq!(booth.kiosk.seconds_left(booth.now), None);
    }

    #[test]
    fn staying_keeps_the_session_with_a_fresh_idle_time() {
        for stay in [Input::Stay, Input::Touch] {
            let mut booth = session();
            booth.wait(IDLE + 5.0, 1.0);
            assert_eq!(booth.at(0.5, stay), []);
            assert!(matches!(booth.screen(), Screen::Session { .. }));
            booth.wait(IDLE - 1.0, 1.0);
            assert!(matches!(booth.screen(), Screen::Session { .. }));
        }
    }

    #[test]
    fn the_home_button_resets_to_the_start_screen() {
        let mut booth = session();
        assert_eq!(booth.at(2.0, Input::Home), [Effect::Reset]);
        assert_eq!(booth.screen(), &Screen::Start);
    }

    #[test]
    fn the_operator_leaves_with_the_right_pin_only() {
        let mut booth = session();
        booth.at(1.0, Input::OperatorGesture);
        assert!(matches!(booth.screen(), Screen::Operator { .. }));
        for d in [1, 2, 3, 4] {
            booth.at(0.3, Input::Digit(d));
        }
        assert_eq!(booth.at(0.3, Input::Submit), []);
        assert_eq!(
            booth.screen(),
            &Screen::Operator {
                entered: String::new(),
                wrong: 1
            }
        );
        for d in [2, 5, 8, 9] {
            booth.at(0.3, Input::Digit(d));
        }
        booth.at(0.3, Input::Backspace);
        booth.at(0.3, Input::Digit(0));
        assert_eq!(booth.at(0.3, Input::Submit), [Effect::Exit]);
    }

    #[test]
    fn wrong_pins_close_the_pad_and_lock_the_corner_for_a_while() {
        let mut booth = session();
        booth.at(1.0, Input::OperatorGesture);
        for _ in 0..MAX_WRONG_PINS - 1 {
            booth.at(0.5, Input::Digit(7));
            assert_eq!(booth.at(0.5, Input::Submit), []);
        }
        booth.at(0.5, Input::Digit(7));
        assert_eq!(booth.at(0.5, Input::Submit), [Effect::Reset]);
        assert_eq!(booth.screen(), &Screen::Start);
        booth.at(1.0, Input::OperatorGesture);
        assert_eq!(booth.screen(), &Screen::Start, "locked");
        booth.at(PIN_LOCKOUT_SECONDS, Input::OperatorGesture);
        assert!(matches!(booth.screen(), Screen::Operator { .. }));
        // Left alone, the pad closes.
        assert_eq!(booth.wait(COUNTDOWN, 1.0), [Effect::Reset]);
        assert_eq!(booth.screen(), &Screen::Start);
    }

    #[test]
    fn the_pad_takes_digits_only_up_to_the_longest_pin_and_cancel_resets() {
        let mut booth = session();
        booth.at(1.0, Input::OperatorGesture);
        booth.at(0.1, Input::Digit(10));
        for _ in 0..20 {
            booth.at(0.1, Input::Digit(1));
        }
        let Screen::Operator { entered, .. } = booth.screen() else {
            panic!()
        };
        assert_eq!(entered.len(), MAX_PIN_DIGITS);
        assert_eq!(booth.at(0.1, Input::Cancel), [Effect::Reset]);
    }

    #[test]
    fn the_key_chord_exits_from_any_screen() {
        let (mut booth, _) = Booth::new();
        assert_eq!(booth.at(0.1, Input::ExitChord), [Effect::Exit]);
        let mut booth = session();
        assert_eq!(booth.at(0.1, Input::ExitChord), [Effect::Exit]);
    }

    #[test]
    fn a_scene_that_fails_shows_the_trouble_screen_then_the_start_screen() {
        let mut booth = session();
        assert_eq!(booth.at(1.0, Input::LoadFailed), []);
        assert!(matches!(booth.screen(), Screen::Trouble { .. }));
        assert_eq!(booth.wait(TROUBLE_SECONDS, 0.5), [Effect::Reset]);
        assert_eq!(booth.screen(), &Screen::Start);
        // A touch leaves it sooner.
        let mut booth = session();
        booth.at(1.0, Input::LoadFailed);
        assert_eq!(booth.at(1.0, Input::Touch), [Effect::Reset]);
    }

    #[test]
    fn an_attract_scene_that_fails_is_skipped() {
        let (mut booth, _) = Booth::new();
        assert_eq!(
            booth.at(1.0, Input::LoadFailed),
            [Effect::PlayAttract("pharmacy".into())]
        );
    }

    #[test]
    fn inputs_that_mean_nothing_on_a_screen_are_ignored() {
        let (mut booth, _) = Booth::new();
        for input in [
            Input::Stay,
            Input::Digit(1),
            Input::Submit,
            Input::Cancel,
            Input::Backspace,
        ] {
            assert_eq!(booth.at(0.1, input), []);
            assert!(matches!(booth.screen(), Screen::Attract { .. }));
        }
        booth.at(0.1, Input::Touch);
        for input in [
            Input::Stay,
            Input::TourAtEnd,
            Input::LoadFailed,
            Input::Home,
        ] {
            assert_eq!(booth.at(0.1, input.clone()), [], "{input:?}");
            assert_eq!(booth.screen(), &Screen::Start);
        }
    }
}
