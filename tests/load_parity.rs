//! The CLI and the app load scenes through the same pipeline, so the same broken files
//! give the same diagnostics: every bad-input case of the core's tests is loaded both
//! ways (the file system, as `validate`/`check` do; Bevy's asset loader, as the app
//! does) and the diagnostics must match (code, severity, file, span, subject).

mod common;

use bevy::prelude::*;
use std::path::{Path, PathBuf};
use venue_core::diagnostic::Diagnostic;
use venue_guide::venue_asset::{CurrentVenue, VenueAsset};

fn bad_cases() -> PathBuf {
    venue_guide::manifest_dir().join("crates/venue_core/tests/fixtures/bad")
}

/// `(code, severity, file relative to the cases folder, span, subject)`, sorted.
type Key = (
    String,
    bool,
    PathBuf,
    Option<(usize, usize)>,
    Option<String>,
);

fn keys(diags: &[Diagnostic], root: &Path) -> Vec<Key> {
    let mut keys: Vec<Key> = diags
        .iter()
        .map(|d| {
            let file = d.file.strip_prefix(root).unwrap_or(&d.file).to_path_buf();
            (
                d.code.to_string(),
                d.is_error(),
                file,
                d.span.as_ref().map(|s| (s.start, s.end)),
                d.subject.clone(),
            )
        })
        .collect();
    keys.sort();
    keys
}

/// The diagnostics the app's asset loader gives for `scene`: the failure's, or the
/// loaded venue's warnings.
fn app_diagnostics(scene: &Path) -> Vec<Diagnostic> {
    let assets = venue_guide::manifest_dir().join("assets");
    let mut app = common::loader_app(scene.to_path_buf(), assets, false);
    common::run_until(&mut app, &scene.display().to_string(), common::settled);
    let world = app.world();
    let current = world.resource::<CurrentVenue>();
    match world.resource::<Assets<VenueAsset>>().get(&current.handle) {
        Some(asset) if current.error.is_none() => asset.data.warnings.clone(),
        _ => current.diagnostics.clone(),
    }
}

fn cli_diagnostics(scene: &Path) -> Vec<Diagnostic> {
    match venue_core::load::load_valid_venue(scene) {
        Ok(valid) => valid.warnings,
        Err(e) => e.diagnostics,
    }
}

#[test]
fn the_app_and_the_cli_give_the_same_diagnostics_for_every_bad_case() {
    let root = bad_cases();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("venue.ron").is_file())
        .collect();
    cases.sort();
    assert!(cases.len() >= 20, "found only {} cases", cases.len());
    let mut compared_failures = 0;
    for case in &cases {
        let cli = keys(&cli_diagnostics(case), &root);
        let app = keys(&app_diagnostics(case), &root);
        assert_eq!(
            app,
            cli,
            "{}: app (left) and CLI (right) differ",
            case.display()
        );
        compared_failures += usize::from(cli.iter().any(|k| k.1));
    }
    assert!(
        compared_failures >= 15,
        "only {compared_failures} cases had errors: the comparison would prove little"
    );
}
