//! The list of scenes shipped together (`scenes/index.ron`): what the app's scene
//! picker, the web page and the booth's start screen offer, in both languages, without
//! reading every scene first (a browser cannot list a folder).
//!
//! - [`SceneIndex`]: the file's model, parsed with [`parse_index`].
//! - [`build_index`]: the index of a folder of scene folders, from the scenes
//!   themselves; [`index_text`] writes it. A golden test keeps `scenes/index.ron` equal
//!   to what they say, so a scene added without its line is caught.
//!
//! Invariants: entries are sorted by folder name; a folder is one path component (no
//! `/`, no `..`), so an entry can never point outside the scenes folder.

use crate::model::Text;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Name of the index file in a folder of scene folders.
pub const INDEX_FILE: &str = "index.ron";

/// The scenes of a folder, in the order the picker shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SceneIndex {
    pub scenes: Vec<SceneEntry>,
}

/// One scene: where it is and what to call it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SceneEntry {
    /// The scene's folder, beside the index (`"small-eatery"`).
    pub folder: String,
    /// The venue's `id`.
    pub id: String,
    /// The venue's title.
    pub title: Text,
    /// The venue's permit kind (`"food_business"`, `"drug_retail"`).
    pub permit: String,
}

/// Why an index could not be read or built.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The folder of scenes could not be listed.
    #[error("cannot list {path}: {source}")]
    List {
        path: String,
        source: std::io::Error,
    },
    /// A scene in the folder does not load; its diagnostics say why.
    #[error("the scene in {folder} does not load:\n{diagnostics}")]
    Scene { folder: String, diagnostics: String },
    /// The index file is not valid RON for a [`SceneIndex`].
    #[error("the scene index is not valid: {0}")]
    Parse(String),
    /// An entry's folder is not a plain folder name.
    #[error("the scene index entry `{0}` is not a folder name beside the index")]
    Folder(String),
}

/// Parses an index file, refusing entries that would point outside its folder.
pub fn parse_index(text: &str) -> Result<SceneIndex, IndexError> {
    let index: SceneIndex = ron::from_str(text).map_err(|e| IndexError::Parse(e.to_string()))?;
    if let Some(bad) = index.scenes.iter().find(|s| !is_folder_name(&s.folder)) {
        return Err(IndexError::Folder(bad.folder.clone()));
    }
    Ok(index)
}

/// A single, plain path component.
fn is_folder_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\', ':'])
        && !name.starts_with('.')
}

/// The index of every folder under `root` that holds a `venue.ron`, from the scenes
/// themselves (each is loaded and must load).
pub fn build_index(root: &Path) -> Result<SceneIndex, IndexError> {
    let entries = std::fs::read_dir(root).map_err(|source| IndexError::List {
        path: root.display().to_string(),
        source,
    })?;
    let mut folders: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().join("venue.ron").is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .filter(|name| is_folder_name(name))
        .collect();
    folders.sort();
    let mut scenes = Vec::with_capacity(folders.len());
    for folder in folders {
        let loaded =
            crate::load::load_venue(&root.join(&folder)).map_err(|e| IndexError::Scene {
                folder: folder.clone(),
                diagnostics: e.render(false),
            })?;
        let venue = loaded.venue;
        scenes.push(SceneEntry {
            folder,
            id: venue.id,
            title: venue.title,
            permit: venue.permit,
        });
    }
    Ok(SceneIndex { scenes })
}

/// The index as the file holds it: a header comment and one entry per scene.
pub fn index_text(index: &SceneIndex) -> String {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ".to_owned())
        .struct_names(false);
    let body = ron::ser::to_string_pretty(index, config).unwrap_or_default();
    format!(
        "// The scenes shipped together, as the scene picker lists them. Generated from the\n\
         // scenes themselves: after adding or renaming a scene, run\n\
         // `UPDATE_GOLDEN=1 cargo test -p venue_core --test scenes_golden`.\n{body}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_never_leave_the_scenes_folder() {
        for bad in ["..", "../etc", "a/b", ".hidden", "", "c:\\x"] {
            let text = format!(
                r#"(scenes: [(folder: "{}", id: "x", title: (zh: "x", en: "x"), permit: "p")])"#,
                bad.replace('\\', "\\\\")
            );
            assert!(
                matches!(parse_index(&text), Err(IndexError::Folder(_))),
                "{bad:?} accepted"
            );
        }
    }

    #[test]
    fn written_indexes_parse_back() {
        let index = SceneIndex {
            scenes: vec![SceneEntry {
                folder: "shop".into(),
                id: "shop".into(),
                title: Text::new("小店", "Shop \"A\""),
                permit: "food_business".into(),
            }],
        };
        assert_eq!(parse_index(&index_text(&index)).unwrap(), index);
    }
}
