//! # venue_core
//!
//! The engine-free core of venue-guide: the venue model and its RON files, loading with
//! precise diagnostics, validation, the plan geometry, the compliance rules and reports.
//!
//! **Invariant:** this crate never depends on Bevy (or any engine), never panics on input,
//! and evaluates deterministically: the same files give the same report, byte for byte.
//! Every threshold a rule compares against comes from a rule pack, never from this code.

pub mod compact_sort;
pub mod diagnostic;
pub mod edit;
pub mod fmt;
pub mod geometry;
pub mod hant;
pub mod kiosk;
pub mod load;
pub mod loaded;
pub mod model;
pub mod model_file;
pub mod plan;
pub mod print;
pub mod render;
pub mod report;
pub mod rules;
pub mod save;
pub mod scaffold;
pub mod scene_index;
pub mod span;
pub mod suggest;
pub mod validate;

#[cfg(test)]
pub(crate) mod testing;

pub use diagnostic::{Code, Diagnostic, Severity};
pub use loaded::LoadedVenue;
pub use model::*;
pub use report::{Evidence, Outcome, Report, RuleResult, Status};
