//! Scene folders from the browser: the page's folder input (the edit bar's Open…) and
//! drag and drop hand the files to [`open_local_files`]; they are laid over the bundled
//! scenes in the `venue://` source ([`local_folder::arrange`]) and the scene opens,
//! with the same diagnostics on screen as any other scene when it is broken.
//!
//! The `venue://` source on the web reads the overlay ([`crate::venue_asset::overlay`])
//! first and the web server after it, so a chosen scene uses the bundled catalogue and
//! rule packs unless the folder brings its own. Models always come from the bundled
//! assets.

use super::local_folder::{self, Arranged};
use crate::shared::ShowNotice;
use crate::venue_asset::overlay::overlay_dir;
use crate::venue_asset::{CurrentVenue, OpenScene, current_scene_folder, scene_asset_path};
use bevy::prelude::*;
use std::path::Path;
use std::sync::Mutex;
use venue_core::Text;
use wasm_bindgen::prelude::*;

/// Id of the page's hidden folder input (web/index.html).
const FOLDER_INPUT_ID: &str = "open-folder";

/// The chosen files waiting for the app: (path as the browser gave it, bytes).
static INBOX: Mutex<Vec<Vec<(String, Vec<u8>)>>> = Mutex::new(Vec::new());

/// Called by the page with the files of a chosen or dropped folder: `paths[i]` is the
/// path of `contents[i]` inside what was chosen.
#[wasm_bindgen]
pub fn open_local_files(paths: Vec<String>, contents: Vec<js_sys::Uint8Array>) {
    let files = paths
        .into_iter()
        .zip(contents)
        .map(|(path, bytes)| (path, bytes.to_vec()))
        .collect();
    if let Ok(mut inbox) = INBOX.lock() {
        inbox.push(files);
    }
}

/// Asks the page for a folder (its hidden input; the click counts as the visitor's, as
/// it follows their tap within the browser's activation window).
pub fn ask_for_folder() -> Result<(), Text> {
    let input = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(FOLDER_INPUT_ID))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    match input {
        Some(input) => {
            input.click();
            Ok(())
        }
        None => Err(Text::new(
            "此页面不能打开本地文件夹",
            "This page cannot open local folders",
        )),
    }
}

pub fn plugin(app: &mut App) {
    app.add_systems(Update, receive_folders.in_set(crate::AppSet::Input));
}

/// Lays the newest chosen folder over the scenes and opens its (first) scene.
fn receive_folders(
    server: Res<AssetServer>,
    current: Res<CurrentVenue>,
    mut open: MessageWriter<OpenScene>,
    mut notices: MessageWriter<ShowNotice>,
) {
    let Some(files) = INBOX.lock().ok().and_then(|mut inbox| inbox.pop()) else {
        return;
    };
    let paths: Vec<String> = files.iter().map(|(p, _)| p.clone()).collect();
    let Arranged {
        paths: placed,
        scenes,
    } = match local_folder::arrange(&paths) {
        Ok(arranged) => arranged,
        Err(e) => {
            warn!("chosen folder: {e}");
            notices.write(ShowNotice(match e {
                local_folder::LocalFolderError::Empty => {
                    Text::new("文件夹是空的", "The folder is empty")
                }
                local_folder::LocalFolderError::NoScene => Text::new(
                    "文件夹里没有场景（venue.ron）",
                    "The folder holds no scene (venue.ron)",
                ),
            }));
            return;
        }
    };
    let dir = overlay_dir();
    for ((_, bytes), place) in files.into_iter().zip(placed) {
        if let Some(place) = place {
            dir.insert_asset(Path::new(&place), bytes);
        }
    }
    let folder = scenes[0].clone();
    info!(
        "opening the chosen scene {folder} ({} scenes)",
        scenes.len()
    );
    if scenes.len() > 1 {
        notices.write(ShowNotice(Text::new(
            format!("打开了 {folder}（共 {} 个场景）", scenes.len()),
            format!("Opened {folder} ({} scenes in the folder)", scenes.len()),
        )));
    }
    if current_scene_folder(&current).as_deref() == Some(folder.as_str()) {
        // The same scene again (edited outside and chosen anew): read it again.
        server.reload(scene_asset_path(&folder));
    } else {
        open.write(OpenScene { folder });
    }
}
