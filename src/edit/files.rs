//! Scene files from the desktop's dialogs (rfd, through the XDG portal on Linux): open a
//! scene folder (or its `venue.ron`), and save the edited scene as a new scene folder.
//! Dialogs run off the main thread; [`finish_dialogs`] answers when one closes.
//!
//! Save as writes a copy whose catalogue and rule-pack paths are rewritten for its new
//! folder ([`venue_core::scaffold::copy_scene`]), losslessly and atomically, then opens
//! it, so later saves go there.

use super::EditSession;
use crate::shared::ShowNotice;
use crate::venue_asset::OpenScene;
use bevy::prelude::*;
use bevy::tasks::{IoTaskPool, Task, block_on, futures_lite::future};
use std::path::{Path, PathBuf};
use venue_core::Text;

/// A dialog that is open, and what its answer is for.
#[derive(Resource)]
pub struct FileDialog(Task<DialogOutcome>);

#[derive(Debug)]
pub enum DialogOutcome {
    Open(PathBuf),
    /// Save the prepared text (paths not yet rewritten) into this folder.
    SaveAs {
        folder: PathBuf,
        text: String,
        venue: Box<venue_core::Venue>,
        source_path: PathBuf,
    },
    Cancelled,
}

/// Asks for a scene folder to open.
pub fn open_dialog() -> FileDialog {
    FileDialog(IoTaskPool::get().spawn(async {
        match rfd::AsyncFileDialog::new()
            .set_title("打开场景 / Open a scene")
            .pick_folder()
            .await
        {
            Some(folder) => DialogOutcome::Open(folder.path().to_path_buf()),
            None => DialogOutcome::Cancelled,
        }
    }))
}

/// Asks for the folder to save the edited scene in as a new scene. `text` is the edited
/// scene's file text, `source_path` where the file it came from is.
pub fn save_as_dialog(text: String, venue: venue_core::Venue, source_path: PathBuf) -> FileDialog {
    FileDialog(IoTaskPool::get().spawn(async move {
        match rfd::AsyncFileDialog::new()
            .set_title("另存为新场景文件夹 / Save as a new scene folder")
            .pick_folder()
            .await
        {
            Some(folder) => DialogOutcome::SaveAs {
                folder: folder.path().to_path_buf(),
                text,
                venue: Box::new(venue),
                source_path,
            },
            None => DialogOutcome::Cancelled,
        }
    }))
}

/// Writes the copy of a scene into `folder` (refusing to overwrite another scene's
/// `venue.ron`): the text with its paths rewritten for the folder.
pub fn write_copy(
    folder: &Path,
    text: &str,
    venue: &venue_core::Venue,
    source_path: &Path,
) -> Result<PathBuf, String> {
    let file = folder.join(venue_core::load::VENUE_FILE);
    if file.exists() && file != source_path {
        return Err(format!(
            "{} already holds a scene; choose an empty folder",
            folder.display()
        ));
    }
    let copy = venue_core::scaffold::copy_scene(text, venue, source_path, folder, &venue.id)
        .map_err(|e| e.to_string())?;
    venue_core::save::write_atomic(&file, &copy).map_err(|e| e.to_string())?;
    Ok(file)
}

pub fn finish_dialogs(
    mut commands: Commands,
    dialog: Option<ResMut<FileDialog>>,
    mut session: ResMut<EditSession>,
    mut open: MessageWriter<OpenScene>,
    mut notices: MessageWriter<ShowNotice>,
) {
    let Some(mut dialog) = dialog else {
        return;
    };
    let Some(outcome) = block_on(future::poll_once(&mut dialog.0)) else {
        return;
    };
    commands.remove_resource::<FileDialog>();
    match outcome {
        DialogOutcome::Cancelled => {}
        DialogOutcome::Open(folder) => {
            let folder = if folder.is_file() {
                folder.parent().map(Path::to_path_buf).unwrap_or(folder)
            } else {
                folder
            };
            if !folder.join(venue_core::load::VENUE_FILE).is_file() {
                notices.write(ShowNotice(Text::new(
                    format!("{} 里没有 venue.ron", folder.display()),
                    format!("{} holds no venue.ron", folder.display()),
                )));
                return;
            }
            open.write(OpenScene {
                folder: folder.to_string_lossy().into_owned(),
            });
        }
        DialogOutcome::SaveAs {
            folder,
            text,
            venue,
            source_path,
        } => match write_copy(&folder, &text, &venue, &source_path) {
            Ok(file) => {
                info!("saved {}", file.display());
                // The copy is what is being edited now: it opens, and a new session
                // starts with it (its undo history starts there).
                session.selected = None;
                open.write(OpenScene {
                    folder: folder.to_string_lossy().into_owned(),
                });
                notices.write(ShowNotice(Text::new(
                    format!("已另存为：{}", file.display()),
                    format!("Saved as: {}", file.display()),
                )));
            }
            Err(e) => {
                error!("save as failed: {e}");
                notices.write(ShowNotice(Text::new(
                    format!("无法另存：{e}"),
                    format!("Could not save as: {e}"),
                )));
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_saved_elsewhere_validates_and_never_overwrites_another_scene() {
        let root = crate::manifest_dir().join("scenes");
        let source_path = root.join("small-eatery/venue.ron");
        let text = std::fs::read_to_string(&source_path).unwrap();
        let valid = venue_core::load::load_valid_venue(&source_path).unwrap();
        let scratch = std::env::temp_dir().join(format!("venue-save-as-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&scratch);
        std::fs::create_dir_all(scratch.join("mine")).unwrap();
        let file = write_copy(
            &scratch.join("mine"),
            &text,
            &valid.loaded.venue,
            &source_path,
        )
        .expect("saved");
        let copy = venue_core::load::load_valid_venue(&file).expect("the copy loads");
        assert_eq!(copy.loaded.venue.fixtures, valid.loaded.venue.fixtures);
        assert!(
            write_copy(
                &scratch.join("mine"),
                &text,
                &valid.loaded.venue,
                &source_path
            )
            .is_err(),
            "a folder with a scene is refused"
        );
        let _ = std::fs::remove_dir_all(&scratch);
    }
}
