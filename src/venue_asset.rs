//! Venue files as Bevy assets.
//!
//! A scene's `venue.ron` loads through [`VenueLoader`], the RON asset-loader pattern of
//! Bevy's `custom_asset` example. The loader reads the catalogue and rule packs the
//! venue names with `read_asset_bytes`, which registers them as loader dependencies: with
//! the `file_watcher` feature, editing any of them reloads the venue. It then validates
//! and evaluates with the core, off the main thread, and starts loading the glTF models
//! the venue uses. A file with errors fails the load with the rendered diagnostics; the
//! app keeps showing the last good venue and prints the message.
//!
//! Scenes are read from the `venue://` asset source, rooted at the folder that holds the
//! scene folder (so `../catalogue.ron` and `../rules/…` resolve); models from the default
//! source, the `assets/` folder.

use crate::AppOptions;
use bevy::asset::io::{AssetSourceBuilder, AssetSourceEvent, AssetSourceId, Reader};
use bevy::asset::{AssetLoadFailedEvent, AssetLoader, AssetPath, LoadContext};
use bevy::gltf::GltfAssetLabel;
use bevy::prelude::*;
use bevy::world_serialization::WorldAsset;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use venue_core::diagnostic::Diagnostic;
use venue_core::plan::Plan;
use venue_core::report::Report;
use venue_core::{Catalogue, LoadedVenue, RulePack, Venue};

/// Name of the asset source scenes are read from.
pub const VENUE_SOURCE: &str = "venue";

/// Everything the app needs about one loaded venue. Shared, immutable.
#[derive(Debug)]
pub struct VenueData {
    pub venue: Venue,
    pub catalogue: Catalogue,
    pub packs: Vec<RulePack>,
    pub plan: Plan,
    pub report: Report,
    /// Rendered warnings from validation (the venue loads despite them).
    pub warnings: String,
}

impl VenueData {
    /// Plans and evaluates a loaded, validated venue.
    pub fn from_loaded(loaded: LoadedVenue, warnings: String) -> Self {
        let LoadedVenue {
            venue,
            catalogue,
            packs,
            ..
        } = loaded;
        let packs: Vec<RulePack> = packs.into_iter().map(|(_, p)| p).collect();
        let plan = Plan::new(&venue, &catalogue);
        let report = venue_core::rules::evaluate(&venue, &catalogue, &packs);
        VenueData {
            venue,
            catalogue,
            packs,
            plan,
            report,
            warnings,
        }
    }
}

/// A loaded `venue.ron` with its models.
#[derive(Asset, TypePath)]
pub struct VenueAsset {
    pub data: Arc<VenueData>,
    /// glTF scene handle per model path (relative to the asset root).
    pub models: BTreeMap<String, Handle<WorldAsset>>,
}

/// Why a venue failed to load.
#[derive(Debug, thiserror::Error)]
pub enum VenueLoadError {
    /// The venue file itself could not be read.
    #[error("could not read venue: {0}")]
    Io(#[from] std::io::Error),
    /// A referenced catalogue or rule pack could not be read.
    #[error("could not read {path}: {message}")]
    Dependency { path: String, message: String },
    /// The files have errors; the text is the rendered diagnostics (rustc style).
    #[error("the venue has errors:\n{0}")]
    Invalid(String),
}

/// Loads `venue.ron` files into [`VenueAsset`]s.
#[derive(Default, TypePath)]
pub struct VenueLoader;

impl AssetLoader for VenueLoader {
    type Asset = VenueAsset;
    type Settings = ();
    type Error = VenueLoadError;

    async fn load(
        &self,
        reader: &mut dyn Reader,
        _settings: &(),
        load_context: &mut LoadContext<'_>,
    ) -> Result<Self::Asset, Self::Error> {
        let mut bytes = Vec::new();
        reader.read_to_end(&mut bytes).await?;
        let venue_path = PathBuf::from(load_context.path().path());
        let venue_text = String::from_utf8_lossy(&bytes).into_owned();
        let mut sources = venue_core::span::Sources::default();
        sources.insert(venue_path.clone(), venue_text.clone());

        let venue = venue_core::load::parse_venue(&venue_text, &venue_path)
            .map_err(|diags| VenueLoadError::Invalid(render(&diags, &sources)))?;

        let catalogue_path = sibling(&venue_path, &venue.catalogue);
        let catalogue_text = read_text(load_context, &catalogue_path).await?;
        sources.insert(catalogue_path.clone(), catalogue_text.clone());
        let mut diagnostics = Vec::new();
        let catalogue = venue_core::load::parse_catalogue(&catalogue_text, &catalogue_path)
            .map_err(|d| diagnostics.extend(d))
            .ok();

        let mut packs = Vec::new();
        for pack in &venue.rule_packs {
            let pack_path = sibling(&venue_path, pack);
            let text = read_text(load_context, &pack_path).await?;
            sources.insert(pack_path.clone(), text.clone());
            match venue_core::load::parse_rule_pack(&text, &pack_path) {
                Ok(parsed) => packs.push((pack_path, parsed)),
                Err(d) => diagnostics.extend(d),
            }
        }
        let Some(catalogue) = catalogue.filter(|_| diagnostics.is_empty()) else {
            return Err(VenueLoadError::Invalid(render(&diagnostics, &sources)));
        };

        let loaded = LoadedVenue {
            venue_path,
            venue,
            catalogue_path,
            catalogue,
            packs,
            sources: sources.clone(),
        };
        let diagnostics = venue_core::validate::validate(&loaded);
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(VenueLoadError::Invalid(render(&diagnostics, &sources)));
        }
        let warnings = if diagnostics.is_empty() {
            String::new()
        } else {
            render(&diagnostics, &sources)
        };

        let data = VenueData::from_loaded(loaded, warnings);
        let mut models = BTreeMap::new();
        for path in model_paths(&data.venue, &data.catalogue) {
            let asset_path = AssetPath::from(path.clone()).with_source(AssetSourceId::Default);
            let handle = load_context.load(GltfAssetLabel::Scene(0).from_asset(asset_path));
            models.insert(path, handle);
        }

        Ok(VenueAsset {
            data: Arc::new(data),
            models,
        })
    }

    fn extensions(&self) -> &[&str] {
        &["ron"]
    }
}

fn render(diags: &[Diagnostic], sources: &venue_core::span::Sources) -> String {
    venue_core::render::render_diagnostics(diags, sources, false)
}

/// `other` relative to the folder of `file`, resolved the way the core loader does.
fn sibling(file: &Path, other: &str) -> PathBuf {
    venue_core::load::resolve_relative(file, other)
}

async fn read_text(
    load_context: &mut LoadContext<'_>,
    path: &Path,
) -> Result<String, VenueLoadError> {
    let asset_path = AssetPath::from_path(path)
        .clone_owned()
        .with_source(AssetSourceId::Name(VENUE_SOURCE.into()));
    let bytes = load_context
        .read_asset_bytes(asset_path)
        .await
        .map_err(|e| VenueLoadError::Dependency {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Every distinct model path the venue's fixtures use, sorted.
pub fn model_paths(venue: &Venue, catalogue: &Catalogue) -> Vec<String> {
    let mut paths: Vec<String> = venue
        .fixtures
        .iter()
        .filter_map(|f| {
            f.model
                .clone()
                .or_else(|| catalogue.fixtures.get(&f.kind).map(|t| t.model.clone()))
        })
        .collect();
    paths.sort();
    paths.dedup();
    paths
}

/// The handle of the venue being shown, and the last load error, if any.
#[derive(Resource, Default)]
pub struct CurrentVenue {
    pub handle: Handle<VenueAsset>,
    /// Rendered diagnostics of the last failed (re)load; cleared by a good load.
    pub error: Option<String>,
}

/// Registers the `venue://` asset source for `options.scene`. Must run before
/// `DefaultPlugins` (the asset plugin reads the sources when it is built).
pub fn register_sources(app: &mut App, options: &AppOptions) {
    let (root, _) = scene_root_and_file(&options.scene);
    let root = root.to_string_lossy().into_owned();
    let builder = AssetSourceBuilder::platform_default(&root, None);
    #[cfg(all(feature = "file_watcher", not(target_arch = "wasm32")))]
    let builder = builder.with_watcher(save_aware_watcher(root.into()));
    app.register_asset_source(AssetSourceId::Name(VENUE_SOURCE.into()), builder);
}

/// What a file-system event means for the asset server. Many editors (vim, JetBrains'
/// "safe write", gedit…) save by writing a temporary file and renaming it over the
/// original; Bevy reports that as a rename, which its asset server ignores, so the
/// open venue would not update. A rename onto a file is a change of that file.
pub fn saved_file_events(event: AssetSourceEvent) -> AssetSourceEvent {
    match event {
        AssetSourceEvent::RenamedAsset { new, .. } => AssetSourceEvent::ModifiedAsset(new),
        other => other,
    }
}

/// Bevy's file watcher for `root`, with its events passed through [`saved_file_events`].
#[cfg(all(feature = "file_watcher", not(target_arch = "wasm32")))]
fn save_aware_watcher(
    root: PathBuf,
) -> impl FnMut(
    async_channel::Sender<AssetSourceEvent>,
) -> Option<Box<dyn bevy::asset::io::AssetWatcher>>
+ Send
+ Sync
+ 'static {
    // Bevy's own debounce for file sources.
    const DEBOUNCE: std::time::Duration = std::time::Duration::from_millis(300);
    move |sender| {
        let (raw_sender, raw_events) = async_channel::unbounded();
        let watcher = bevy::asset::io::file::FileWatcher::new(root.clone(), raw_sender, DEBOUNCE)
            .map_err(|e| warn!("not watching {} for changes: {e}", root.display()))
            .ok()?;
        // Ends when the watcher (and so the raw sender) is dropped.
        std::thread::Builder::new()
            .name("venue file events".into())
            .spawn(move || {
                while let Ok(event) = raw_events.recv_blocking() {
                    if sender.send_blocking(saved_file_events(event)).is_err() {
                        return;
                    }
                }
            })
            .map_err(|e| warn!("not watching {} for changes: {e}", root.display()))
            .ok()?;
        Some(Box::new(watcher))
    }
}

/// Splits a scene path (folder or `venue.ron`) into the source root (the folder above the
/// scene folder) and the venue file's path inside it.
pub fn scene_root_and_file(scene: &Path) -> (PathBuf, PathBuf) {
    let file = if scene.extension().is_some_and(|e| e == "ron") {
        scene.to_path_buf()
    } else {
        scene.join("venue.ron")
    };
    let folder = file.parent().unwrap_or(Path::new("."));
    let root = folder.parent().unwrap_or(Path::new("."));
    let root = if root.as_os_str().is_empty() {
        Path::new(".")
    } else {
        root
    };
    let inside = file.strip_prefix(root).unwrap_or(&file).to_path_buf();
    (root.to_path_buf(), inside)
}

pub fn plugin(app: &mut App) {
    app.init_asset::<VenueAsset>()
        .init_asset_loader::<VenueLoader>()
        .init_resource::<CurrentVenue>()
        .add_systems(Startup, load_current_venue)
        .add_systems(Update, report_load_failures.in_set(crate::AppSet::Input));
}

fn load_current_venue(
    options: Res<AppOptions>,
    server: Res<AssetServer>,
    mut current: ResMut<CurrentVenue>,
) {
    let (_, inside) = scene_root_and_file(&options.scene);
    let path = AssetPath::from_path(&inside)
        .clone_owned()
        .with_source(AssetSourceId::Name(VENUE_SOURCE.into()));
    current.handle = server.load(path);
}

/// The message for a failed venue load: the loader's own error (the rendered
/// diagnostics) without the backtrace Bevy appends when `RUST_BACKTRACE` is set.
pub fn load_error_text(error: &bevy::asset::AssetLoadError) -> String {
    if let bevy::asset::AssetLoadError::AssetLoaderError(e) = error
        && let Some(venue_error) = e.error().downcast_ref::<VenueLoadError>()
    {
        return format!("{}: {venue_error}", e.path());
    }
    error.to_string()
}

/// Keeps the last error text for the UI and logs it once per failure.
fn report_load_failures(
    mut events: MessageReader<AssetLoadFailedEvent<VenueAsset>>,
    mut good: MessageReader<AssetEvent<VenueAsset>>,
    mut current: ResMut<CurrentVenue>,
) {
    for event in events.read() {
        let text = load_error_text(&event.error);
        error!("{text}");
        current.error = Some(text);
    }
    for event in good.read() {
        if matches!(event, AssetEvent::Added { id } | AssetEvent::Modified { id } if *id == current.handle.id())
        {
            current.error = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scene_folder_splits_into_root_and_file() {
        let (root, file) = scene_root_and_file(Path::new("scenes/small-eatery"));
        assert_eq!(root, Path::new("scenes"));
        assert_eq!(file, Path::new("small-eatery/venue.ron"));
        let (root, file) = scene_root_and_file(Path::new("/x/y/venue.ron"));
        assert_eq!(root, Path::new("/x"));
        assert_eq!(file, Path::new("y/venue.ron"));
    }

    #[test]
    fn a_file_renamed_over_another_is_a_change_of_that_file() {
        let event = saved_file_events(AssetSourceEvent::RenamedAsset {
            old: "small-eatery/.venue.ron.swp".into(),
            new: "small-eatery/venue.ron".into(),
        });
        assert!(
            matches!(&event, AssetSourceEvent::ModifiedAsset(p) if p == Path::new("small-eatery/venue.ron")),
            "{event:?}"
        );
        let other = saved_file_events(AssetSourceEvent::AddedAsset("a.ron".into()));
        assert!(matches!(other, AssetSourceEvent::AddedAsset(_)));
    }

    #[test]
    fn sibling_resolves_parent_components() {
        assert_eq!(
            sibling(Path::new("small-eatery/venue.ron"), "../rules/a.ron"),
            Path::new("rules/a.ron")
        );
    }
}
