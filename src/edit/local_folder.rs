//! A scene folder the visitor hands the browser (its file input, or drag and drop):
//! where its files go in the `venue://` source, and which scene opens.
//!
//! The browser gives every file with its path inside what was chosen: `my-shop/venue.ron`
//! when a scene folder was chosen, `scenes/my-shop/venue.ron` when the folder holding
//! scene folders was, just `venue.ron` when a single file was. The files are laid over
//! the bundled scenes at the same depth as a scene folder, so a scene's
//! `../catalogue.ron` and `../rules/…` find the chosen folder's own copies when it has
//! them and the bundled ones when it does not.
//!
//! Pure functions, tested on every platform; the browser side is `web_files`.

use thiserror::Error;
use venue_core::load::VENUE_FILE;

/// Where a single chosen `venue.ron` goes (it has no folder of its own).
pub const SINGLE_FILE_FOLDER: &str = "local";

/// The chosen files laid out for the `venue://` source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arranged {
    /// For each chosen file (by index), its path in the source; `None` for files left
    /// out (outside the layout, hidden files).
    pub paths: Vec<Option<String>>,
    /// The scene folders found (sorted); the first opens.
    pub scenes: Vec<String>,
}

/// Why the chosen files hold no scene to open.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LocalFolderError {
    /// Nothing was chosen (an empty folder, or the browser gave no files).
    #[error("the folder is empty")]
    Empty,
    /// No `venue.ron` in the folder, nor in a folder inside it.
    #[error("no venue.ron in the folder or in a folder inside it")]
    NoScene,
}

/// Lays the chosen files (their paths as the browser gives them) out as scene folders.
pub fn arrange(paths: &[String]) -> Result<Arranged, LocalFolderError> {
    if paths.is_empty() {
        return Err(LocalFolderError::Empty);
    }
    let parts: Vec<Vec<&str>> = paths.iter().map(|p| components(p)).collect();
    // The shallowest venue.ron decides what was chosen.
    let depth = parts
        .iter()
        .filter(|p| p.last() == Some(&VENUE_FILE))
        .map(Vec::len)
        .min()
        .ok_or(LocalFolderError::NoScene)?;
    let placed = |p: &Vec<&str>| -> Option<String> {
        if p.iter().any(|c| c.starts_with('.')) {
            return None;
        }
        match depth {
            // A single venue.ron: into a folder of its own.
            1 => (p.len() == 1).then(|| format!("{SINGLE_FILE_FOLDER}/{}", p[0])),
            // A scene folder: as it is.
            2 => Some(p.join("/")),
            // A folder of scene folders (or deeper): the levels above the scene
            // folders' parent are dropped.
            _ => (p.len() > depth - 2).then(|| p[depth - 2..].join("/")),
        }
    };
    let arranged: Vec<Option<String>> = parts.iter().map(placed).collect();
    let mut scenes: Vec<String> = arranged
        .iter()
        .flatten()
        .filter_map(|p| {
            let (folder, file) = p.rsplit_once('/')?;
            (file == VENUE_FILE && !folder.contains('/')).then(|| folder.to_owned())
        })
        .collect();
    scenes.sort();
    scenes.dedup();
    if scenes.is_empty() {
        return Err(LocalFolderError::NoScene);
    }
    Ok(Arranged {
        paths: arranged,
        scenes,
    })
}

/// A browser path's components (`/a/b` and `a\b` alike), without empty or `.` parts.
fn components(path: &str) -> Vec<&str> {
    path.split(['/', '\\'])
        .filter(|c| !c.is_empty() && *c != ".")
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(paths: &[&str]) -> Vec<String> {
        paths.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn a_scene_folder_keeps_its_paths() {
        let got = arrange(&strings(&["my-shop/venue.ron", "my-shop/notes.txt"])).unwrap();
        assert_eq!(got.scenes, ["my-shop"]);
        assert_eq!(
            got.paths,
            [
                Some("my-shop/venue.ron".to_owned()),
                Some("my-shop/notes.txt".to_owned())
            ]
        );
    }

    #[test]
    fn a_folder_of_scenes_brings_its_catalogue_and_rules() {
        // As a drop gives them: absolute within the drop, in any order.
        let got = arrange(&strings(&[
            "/scenes/catalogue.ron",
            "/scenes/rules/small-eatery.ron",
            "/scenes/b-shop/venue.ron",
            "/scenes/a-shop/venue.ron",
        ]))
        .unwrap();
        assert_eq!(got.scenes, ["a-shop", "b-shop"]);
        assert_eq!(got.paths[0].as_deref(), Some("catalogue.ron"));
        assert_eq!(got.paths[1].as_deref(), Some("rules/small-eatery.ron"));
        assert_eq!(got.paths[3].as_deref(), Some("a-shop/venue.ron"));
    }

    #[test]
    fn a_single_file_gets_a_folder() {
        let got = arrange(&strings(&["venue.ron"])).unwrap();
        assert_eq!(got.scenes, [SINGLE_FILE_FOLDER]);
        assert_eq!(got.paths, [Some("local/venue.ron".to_owned())]);
    }

    #[test]
    fn hidden_files_are_left_out() {
        let got = arrange(&strings(&[
            "shop/venue.ron",
            "shop/.venue.ron.swp",
            ".git/x",
        ]))
        .unwrap();
        assert_eq!(got.paths[1], None);
        assert_eq!(got.paths[2], None);
    }

    #[test]
    fn no_scene_is_an_error() {
        assert_eq!(arrange(&[]), Err(LocalFolderError::Empty));
        assert_eq!(
            arrange(&strings(&["shop/catalogue.ron", "shop/readme.md"])),
            Err(LocalFolderError::NoScene)
        );
    }

    #[test]
    fn a_deeper_drop_is_cut_to_the_scene_folders_parent() {
        let got = arrange(&strings(&[
            "repo/scenes/shop/venue.ron",
            "repo/scenes/catalogue.ron",
            "repo/README.md",
        ]))
        .unwrap();
        assert_eq!(got.scenes, ["shop"]);
        assert_eq!(got.paths[0].as_deref(), Some("shop/venue.ron"));
        assert_eq!(got.paths[1].as_deref(), Some("catalogue.ron"));
        assert_eq!(got.paths[2], None);
    }
}
