//! Helpers shared by the core's integration tests.
#![allow(dead_code)] // each test file uses its own subset

/// The package folder: from cargo at run time (`cargo test`), else where it was at build
/// time. Run time first, because a shared target folder may hold test binaries built
/// from a checkout at another path that no longer exists.
pub fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into())
}

/// An empty venue on `floor` (no walls, zones, fixtures or tour) for generated tests.
pub fn empty_venue(id: &str, floor: Vec<venue_core::model::P2>) -> venue_core::model::Venue {
    use venue_core::model::{FORMAT_VERSION, Text, Venue};
    Venue {
        format_version: FORMAT_VERSION,
        id: id.into(),
        title: Text::new("生成", "Generated"),
        permit: "food_business".into(),
        flags: Default::default(),
        catalogue: "catalogue.ron".into(),
        rule_packs: vec![],
        floor,
        ceiling_height: None,
        walls: vec![],
        zones: vec![],
        fixtures: vec![],
        external: vec![],
        tour: None,
    }
}
