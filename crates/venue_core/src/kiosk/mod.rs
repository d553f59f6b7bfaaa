//! # The booth (kiosk mode), engine-free
//!
//! At a self-service booth the app runs all day on a touch screen with nobody at the
//! keyboard. Two parts of that live here, where they are plain data and plain functions
//! tested in milliseconds:
//!
//! - [`config`]: the booth's configuration file (`kiosk.ron`): the scenes the start
//!   screen offers, the attract loop, the idle reset, the operator's way out, the help
//!   line. Parsed and validated like a scene: every problem is a [`crate::Diagnostic`]
//!   with file:line:col, and a configuration with any error is refused as a whole.
//! - [`machine`]: the booth's screens as a state machine ([`machine::Kiosk`]): attract
//!   loop, start screen, a visitor's session, "still there?" countdown, the operator's PIN
//!   pad, and the friendly error screen. Time is an argument, so tests drive it with a
//!   manual clock; the app only turns touches into [`machine::Input`]s and carries out the
//!   [`machine::Effect`]s.
//!
//! Invariant: the machine never blocks and never panics; every input is valid in every
//! screen (an input that means nothing there is ignored).

pub mod config;
pub mod machine;

pub use config::{Corner, KioskConfig, load_config, parse_config, validate_config};
pub use machine::{Effect, Input, Kiosk, Screen, Timing};
