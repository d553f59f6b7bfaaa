//! Model checks on real files: every bundled model loads; broken, missing and linked
//! models are reported where their path is written.

mod common;

use std::path::{Path, PathBuf};
use venue_core::diagnostic::{Code, Severity};
use venue_core::load::load_venue;
use venue_core::model_file::check_models;
use venue_core::validate::validate_model_files;

fn repo() -> PathBuf {
    common::manifest_dir().join("../..")
}

#[test]
fn every_bundled_model_loads() {
    for scene in [
        "scenes/small-eatery",
        "scenes/small-eatery-violations",
        "scenes/retail-pharmacy",
        "scenes/retail-pharmacy-violations",
    ] {
        let loaded = load_venue(&repo().join(scene)).expect("bundled scene loads");
        let diags = check_models(&loaded, &repo().join("assets"));
        assert!(diags.is_empty(), "{scene}: {diags:#?}");
    }
}

/// A copy of the standard eatery's asset folder in a temp dir, for breaking models.
fn asset_copy(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("venue-models-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("models")).unwrap();
    for entry in std::fs::read_dir(repo().join("assets/models")).unwrap() {
        let entry = entry.unwrap();
        if !entry.path().is_file() {
            continue;
        }
        std::fs::copy(entry.path(), root.join("models").join(entry.file_name())).unwrap();
    }
    root
}

#[test]
fn broken_and_missing_models_are_warnings_at_their_catalogue_entry() {
    let loaded = load_venue(&repo().join("scenes/small-eatery")).unwrap();
    let root = asset_copy("broken");
    std::fs::write(root.join("models/handwash_basin.glb"), b"glTF garbage").unwrap();
    std::fs::remove_file(root.join("models/mop_sink.glb")).unwrap();
    let diags = check_models(&loaded, &root);
    let _ = std::fs::remove_dir_all(&root);
    let about = |model: &str| {
        diags
            .iter()
            .find(|d| d.message.contains(model))
            .unwrap_or_else(|| panic!("nothing about {model}: {diags:#?}"))
    };
    let broken = about("models/handwash_basin.glb");
    assert_eq!(broken.code, Code::ModelUnloadable);
    assert_eq!(broken.severity, Severity::Warning);
    assert!(
        broken.message.contains("not a valid glTF"),
        "{}",
        broken.message
    );
    assert!(
        broken.span.is_some(),
        "points at the catalogue's model field"
    );
    assert_eq!(broken.file, loaded.catalogue_path);
    assert_eq!(
        broken.subject.as_deref(),
        Some("fixtures[\"handwash_basin\"].model")
    );
    assert!(
        about("models/mop_sink.glb")
            .message
            .contains("no such file")
    );
    assert_eq!(diags.len(), 2, "{diags:#?}");
}

#[cfg(unix)]
#[test]
fn a_model_linked_outside_the_asset_folder_is_an_error() {
    let loaded = load_venue(&repo().join("scenes/small-eatery")).unwrap();
    let root = asset_copy("link");
    let outside = root.with_extension("secret");
    std::fs::write(&outside, "not for the booth").unwrap();
    let model = root.join("models/handwash_basin.glb");
    std::fs::remove_file(&model).unwrap();
    std::os::unix::fs::symlink(&outside, &model).unwrap();
    assert!(check_models(&loaded, &root).is_empty(), "never read");
    let diags = validate_model_files(&loaded, &root);
    let _ = std::fs::remove_dir_all(&root);
    let _ = std::fs::remove_file(&outside);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0].code, Code::PathEscapesAssetRoot);
    assert!(diags[0].is_error());
    assert!(
        Path::new(&diags[0].message.replace('`', ""))
            .to_string_lossy()
            .contains("secret")
    );
}

/// Thousands of fixtures each naming their own missing model: bounded output (the
/// validation caps and a closing note), one look per distinct path.
#[test]
fn thousands_of_missing_models_give_a_bounded_report() {
    let mut loaded = load_venue(&repo().join("scenes/small-eatery")).unwrap();
    let template = loaded.venue.fixtures[0].clone();
    loaded.venue.fixtures = (0..3_000)
        .map(|i| {
            let mut f = template.clone();
            f.id = format!("f{i}");
            f.model = Some(format!("models/missing_{i}.glb"));
            f
        })
        .collect();
    let diags = validate_model_files(&loaded, &repo().join("assets"));
    let missing = diags
        .iter()
        .filter(|d| d.code == Code::ModelUnloadable)
        .count();
    assert!(
        (1..=100).contains(&missing),
        "{missing} model warnings shown"
    );
    assert!(
        diags.iter().any(|d| d.message.contains("more")),
        "a closing note says how many were left out"
    );
}
