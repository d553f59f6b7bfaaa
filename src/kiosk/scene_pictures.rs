//! The start screen's tile pictures, rendered by the app itself and cached.
//!
//! Each configured scene is drawn once, headless, by this same program
//! (`venue-guide render SCENE --view overview --no-panels`) in a child process, so the
//! booth's own renderer and state are never touched; the PNG goes to the cache folder
//! under a name that holds a hash of the scene's files and the program's version, so a
//! changed scene or a new release draws it again and an unchanged one costs nothing.
//! The renders run one after another on a background thread; a tile shows its permit's
//! colour until its picture arrives. A failed render is logged and the tile keeps its
//! colour.

use super::KioskSetup;
use super::screens::ScenePictures;
use bevy::asset::RenderAssetUsages;
use bevy::image::{CompressedImageFormats, ImageSampler, ImageType};
use bevy::prelude::*;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, channel};

/// A tile picture's size (px): twice the tile at the reference height, sharp on a 4K
/// booth screen.
pub const PICTURE_SIZE: (u32, u32) = (800, 450);

/// Where to draw the pictures from and to. Present only when the booth should draw them
/// (the `kiosk` command; not the soak benchmark or the tests).
#[derive(Resource, Debug, Clone)]
pub struct PictureRenderer {
    /// This program.
    pub program: PathBuf,
    /// The cache folder.
    pub cache: PathBuf,
}

impl PictureRenderer {
    /// This program and the user's cache folder (`$XDG_CACHE_HOME`, `~/.cache`, or
    /// `%LOCALAPPDATA%`), `venue-guide/scene-pictures` in it.
    pub fn for_this_program() -> Option<Self> {
        let program = std::env::current_exe().ok()?;
        let base = std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
            .or_else(|| std::env::var_os("LOCALAPPDATA").map(PathBuf::from))?;
        Some(Self {
            program,
            cache: base.join("venue-guide").join("scene-pictures"),
        })
    }
}

/// Pictures finished on the background thread: (folder, PNG file).
#[derive(Resource)]
struct Finished(Mutex<Receiver<(String, PathBuf)>>);

pub fn plugin(app: &mut App) {
    let Some(renderer) = app.world().get_resource::<PictureRenderer>().cloned() else {
        return;
    };
    let setup = app.world().resource::<KioskSetup>().0.clone();
    let (sender, receiver) = channel();
    let jobs: Vec<(String, PathBuf)> = setup
        .scenes
        .iter()
        .map(|s| (s.folder.clone(), setup.scenes_root.join(&s.folder)))
        .collect();
    let spawned = std::thread::Builder::new()
        .name("scene pictures".into())
        .spawn(move || {
            for (folder, scene) in jobs {
                match picture(&renderer, &scene) {
                    Ok(file) => {
                        if sender.send((folder, file)).is_err() {
                            return;
                        }
                    }
                    Err(e) => warn!("no picture for the tile of {folder}: {e}"),
                }
            }
        });
    if let Err(e) = spawned {
        warn!("no tile pictures: {e}");
        return;
    }
    app.insert_resource(Finished(Mutex::new(receiver)))
        .add_systems(Update, receive_pictures.in_set(crate::AppSet::Ui));
}

/// The cached picture of `scene`, drawn first when there is none.
fn picture(renderer: &PictureRenderer, scene: &Path) -> Result<PathBuf, String> {
    let name = scene
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = renderer
        .cache
        .join(format!("{name}-{:016x}.png", scene_hash(scene)));
    if file.is_file() {
        return Ok(file);
    }
    std::fs::create_dir_all(&renderer.cache).map_err(|e| e.to_string())?;
    let partial = file.with_extension("partial.png");
    let output = std::process::Command::new(&renderer.program)
        .arg("render")
        .arg(scene)
        .args(["--view", "overview", "--no-panels", "--quiet"])
        .arg("--size")
        .arg(format!("{}x{}", PICTURE_SIZE.0, PICTURE_SIZE.1))
        .arg("-o")
        .arg(&partial)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", renderer.program.display()))?;
    if !output.status.success() {
        let log = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = log.lines().rev().take(3).collect();
        return Err(format!("the render failed: {}", tail.join(" / ")));
    }
    // Renamed whole, so a booth switched off mid-render never keeps half a picture.
    std::fs::rename(&partial, &file).map_err(|e| e.to_string())?;
    info!("tile picture of {name}: {}", file.display());
    Ok(file)
}

/// A hash of everything the picture shows: the scene's files, the catalogue beside it
/// and this program's version. Not stable across Rust releases; a changed hash only
/// draws the picture again.
fn scene_hash(scene: &Path) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    let mut files: Vec<PathBuf> = std::fs::read_dir(scene)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    files.push(scene.join("..").join("catalogue.ron"));
    for file in files {
        if let Ok(bytes) = std::fs::read(&file) {
            file.file_name().hash(&mut hasher);
            bytes.hash(&mut hasher);
        }
    }
    hasher.finish()
}

fn receive_pictures(
    finished: Res<Finished>,
    mut pictures: ResMut<ScenePictures>,
    mut images: ResMut<Assets<Image>>,
) {
    let Ok(receiver) = finished.0.lock() else {
        return;
    };
    while let Ok((folder, file)) = receiver.try_recv() {
        let image = std::fs::read(&file)
            .map_err(|e| e.to_string())
            .and_then(|bytes| {
                Image::from_buffer(
                    &bytes,
                    ImageType::Extension("png"),
                    CompressedImageFormats::NONE,
                    true,
                    ImageSampler::linear(),
                    RenderAssetUsages::RENDER_WORLD,
                )
                .map_err(|e| e.to_string())
            });
        match image {
            Ok(image) => {
                pictures.images.insert(folder, images.add(image));
            }
            Err(e) => warn!("the tile picture {} does not load: {e}", file.display()),
        }
    }
}
