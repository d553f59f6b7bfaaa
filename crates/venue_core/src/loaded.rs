//! What loading produces: a venue or a rule pack with the text of every file read. It
//! sits below loading and validation so that validation (which checks it) and loading
//! (which builds it, and validates the parts of a failed load) do not import each other.

use crate::model::{Catalogue, RulePack, Venue};
use crate::span::Sources;
use std::path::PathBuf;

/// A venue with everything it references, loaded and parsed.
#[derive(Debug, Clone)]
pub struct LoadedVenue {
    pub venue_path: PathBuf,
    pub venue: Venue,
    pub catalogue_path: PathBuf,
    pub catalogue: Catalogue,
    /// Rule packs in the order the venue lists them.
    pub packs: Vec<(PathBuf, RulePack)>,
    /// Text of every file above, for rendering diagnostics.
    pub sources: Sources,
}

/// A rule pack loaded on its own (the `rules` command).
#[derive(Debug, Clone)]
pub struct LoadedRulePack {
    pub path: PathBuf,
    pub pack: RulePack,
    pub sources: Sources,
}
