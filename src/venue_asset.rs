//! Venue files as Bevy assets.
//!
//! A scene's `venue.ron` loads through [`VenueLoader`], the RON asset-loader pattern of
//! Bevy's `custom_asset` example, on the core's one loading pipeline
//! ([`venue_core::load::VenueStage`]): the core parses the venue and names the files it
//! references; the loader reads them with `read_asset_bytes`, which registers them as
//! loader dependencies (with the `file_watcher` feature, editing any of them reloads the
//! venue); the core assembles and validates. The CLI runs the same pipeline on the file
//! system, so the same broken files give the same diagnostics in both. The plan is built
//! once and the rules are evaluated on it, off the main thread; then the loader starts
//! loading the glTF models the venue uses. A venue with errors fails the load with its
//! typed diagnostics; the app keeps showing the last good venue and shows them.
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
use venue_core::load::{FileBytes, LoadError, ReadError, ValidVenue, VenueStage};
use venue_core::model_file::{self, ModelContent};
use venue_core::plan::Plan;
use venue_core::report::Report;
use venue_core::span::Sources;
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
    /// Validation warnings (the venue loads despite them), typed so the UI can point at
    /// what they are about.
    pub warnings: Vec<Diagnostic>,
    /// The text of the files read, for rendering the warnings.
    pub sources: Sources,
    /// Where the files were read, as the loader named them (inside the `venue://`
    /// source): edits validate against them and save to the venue file.
    pub files: VenueFiles,
}

/// The paths of a venue's files, as [`LoadedVenue`] names them.
#[derive(Debug, Clone, Default)]
pub struct VenueFiles {
    pub venue: PathBuf,
    pub catalogue: PathBuf,
    pub packs: Vec<PathBuf>,
}

impl VenueData {
    /// Plans and evaluates a validated venue: the plan is built once, and the rules are
    /// evaluated on it.
    pub fn from_valid(valid: ValidVenue) -> Self {
        Self::from_valid_unless(valid, &|| false).expect("an evaluation nobody stops finishes")
    }

    /// [`Self::from_valid`], given up (`None`) when `stop` says so between two rules.
    pub fn from_valid_unless(valid: ValidVenue, stop: &(dyn Fn() -> bool + Sync)) -> Option<Self> {
        let ValidVenue { loaded, warnings } = valid;
        let LoadedVenue {
            venue_path,
            venue,
            catalogue_path,
            catalogue,
            packs,
            sources,
        } = loaded;
        let (pack_paths, packs): (Vec<PathBuf>, Vec<RulePack>) = packs.into_iter().unzip();
        let plan = Plan::new(&venue, &catalogue);
        let report = venue_core::rules::evaluate_plan_unless(&plan, &venue.flags, &packs, stop)?;
        Some(VenueData {
            venue,
            catalogue,
            packs,
            plan,
            report,
            warnings,
            sources,
            files: VenueFiles {
                venue: venue_path,
                catalogue: catalogue_path,
                packs: pack_paths,
            },
        })
    }

    /// The files as the core's loader gave them, with `venue` in place of the one read:
    /// what validating an edited venue needs.
    pub fn loaded_with(&self, venue: Venue) -> LoadedVenue {
        LoadedVenue {
            venue_path: self.files.venue.clone(),
            venue,
            catalogue_path: self.files.catalogue.clone(),
            catalogue: self.catalogue.clone(),
            packs: self
                .files
                .packs
                .iter()
                .cloned()
                .zip(self.packs.iter().cloned())
                .collect(),
            sources: self.sources.clone(),
        }
    }

    /// The warnings rendered rustc-style, for the log.
    pub fn rendered_warnings(&self) -> String {
        venue_core::render::render_diagnostics(&self.warnings, &self.sources, false)
    }
}

/// A loaded `venue.ron` with its models.
#[derive(Asset, TypePath)]
pub struct VenueAsset {
    pub data: Arc<VenueData>,
    /// glTF scene handle per model path (relative to the asset root): the file's default
    /// scene, else its first.
    pub models: BTreeMap<String, Handle<WorldAsset>>,
    /// Models with no scene at all, by path: their mesh primitives, placed by the
    /// file's nodes, in its base colours.
    pub mesh_models: BTreeMap<String, Vec<MeshPart>>,
}

/// One primitive of a scene-less model, ready to spawn under the fixture.
#[derive(Debug, Clone)]
pub struct MeshPart {
    pub mesh: Handle<Mesh>,
    pub material: Handle<StandardMaterial>,
    /// From the model origin.
    pub transform: Transform,
}

/// Why a venue failed to load.
#[derive(Debug, thiserror::Error)]
pub enum VenueLoadError {
    /// The files have errors (or could not be read): every diagnostic, typed, with the
    /// text of the files read. Displays as the rendered diagnostics (rustc style).
    #[error("the venue has errors:\n{}", .0.render(false))]
    Invalid(LoadError),
}

impl VenueLoadError {
    /// The diagnostics and sources of the failure.
    pub fn load_error(&self) -> &LoadError {
        match self {
            VenueLoadError::Invalid(e) => e,
        }
    }
}

/// Loads `venue.ron` files into [`VenueAsset`]s.
#[derive(Default, TypePath)]
pub struct VenueLoader {
    /// The asset folder on disk (native builds), to refuse models that are symbolic
    /// links out of it. `None` on the web, where the server decides what it serves.
    pub assets_root: Option<PathBuf>,
    /// The asset server, to fetch the models side by side on the web (see
    /// [`fetch_models_side_by_side`]); `None` reads them through the load context.
    pub server: Option<AssetServer>,
    /// Where the web leaves the models it fetched for the glTF loader, so that each is
    /// downloaded once ([`crate::model_handoff`]); `None` on the desktop.
    pub handoff: Option<crate::model_handoff::ModelHandoff>,
}

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
        let venue_path = PathBuf::from(load_context.path().path());
        let mut bytes = Vec::new();
        let venue_bytes = match reader.read_to_end(&mut bytes).await {
            Ok(_) => Ok(bytes),
            Err(e) => Err(ReadError::Io(e.to_string())),
        };
        let stage = VenueStage::parse(&venue_path, venue_bytes);
        let mut files = BTreeMap::new();
        for reference in stage.references() {
            let bytes = read_bytes(load_context, &reference.path).await;
            files.insert(reference.path.clone(), bytes);
        }
        let valid = stage
            .assemble(&files)
            .and_then(venue_core::load::validated)
            .map_err(VenueLoadError::Invalid)?;

        let data = VenueData::from_valid(valid);
        let mut models = BTreeMap::new();
        let mut mesh_models = BTreeMap::new();
        let paths = model_paths(&data.venue, &data.catalogue);
        let mut fetched = match &self.server {
            Some(server) => fetch_models_side_by_side(server, &paths).await,
            None => BTreeMap::new(),
        };
        for path in paths {
            let bytes = match fetched.remove(&path) {
                Some(bytes) => bytes,
                None => self.read_model(load_context, &path).await,
            };
            let content = bytes.and_then(|bytes| {
                let content = model_content(&bytes)?;
                if let Some(handoff) = &self.handoff {
                    handoff.leave(model_asset_path(&path).path(), bytes);
                }
                Ok(content)
            });
            match content {
                Ok(ModelContent::Scene(scene)) => {
                    let label = GltfAssetLabel::Scene(scene).from_asset(model_asset_path(&path));
                    models.insert(path, load_context.load(label));
                }
                Ok(ModelContent::Meshes(parts)) => {
                    let parts = parts
                        .iter()
                        .enumerate()
                        .map(|(i, part)| {
                            let label = GltfAssetLabel::Primitive {
                                mesh: part.mesh,
                                primitive: part.primitive,
                            };
                            let [r, g, b, a] = part.base_color;
                            let material = StandardMaterial {
                                base_color: Color::linear_rgba(r, g, b, a),
                                alpha_mode: if a < 1.0 {
                                    AlphaMode::Blend
                                } else {
                                    AlphaMode::Opaque
                                },
                                ..default()
                            };
                            MeshPart {
                                mesh: load_context.load(label.from_asset(model_asset_path(&path))),
                                material: load_context
                                    .add_labeled_asset(format!("{path}#part{i}"), material),
                                transform: Transform::from_matrix(Mat4::from_cols_array_2d(
                                    &part.transform,
                                )),
                            }
                        })
                        .collect();
                    mesh_models.insert(path, parts);
                }
                // Not loaded: the fixture shows a labelled placeholder box.
                Err(reason) => warn!("model `{path}` will not load: {reason}"),
            }
        }

        Ok(VenueAsset {
            data: Arc::new(data),
            models,
            mesh_models,
        })
    }

    fn extensions(&self) -> &[&str] {
        &["ron"]
    }
}

impl VenueLoader {
    /// The bytes of the model at `path`, or why they cannot be read. Reading them through
    /// the load context makes the model a dependency of the venue, so replacing a model
    /// file reloads the venue.
    async fn read_model(
        &self,
        load_context: &mut LoadContext<'_>,
        path: &str,
    ) -> Result<Vec<u8>, String> {
        if let Some(root) = &self.assets_root
            && let Err(e) = model_file::resolve_in_root(root, &root.join(path))
        {
            return Err(e.to_string());
        }
        load_context
            .read_asset_bytes(model_asset_path(path))
            .await
            .map_err(|e| e.to_string())
    }
}

/// What of a model to show (the core's rules: default scene, else first scene, else
/// meshes), or why it will not load.
fn model_content(bytes: &[u8]) -> Result<ModelContent, String> {
    if bytes.len() as u64 > model_file::MAX_MODEL_BYTES {
        return Err(model_file::ModelError::TooLarge(bytes.len() as u64).to_string());
    }
    // External buffers and textures are Bevy's to read; it reports its own errors.
    model_file::inspect(bytes, |_| Ok(())).map_err(|e| e.to_string())
}

/// The bytes of every model at `paths`, all requested at once. On the web each model is
/// a request to the server: read one after another through the load context, a venue
/// with its catalogue's 49 models waited 49 round trips before its first frame. There is
/// no hot reload on the web, so nothing is lost by not recording them as dependencies.
async fn fetch_models_side_by_side(
    server: &AssetServer,
    paths: &[String],
) -> BTreeMap<String, Result<Vec<u8>, String>> {
    let pool = bevy::tasks::IoTaskPool::get();
    let tasks: Vec<_> = paths
        .iter()
        .map(|path| {
            let server = server.clone();
            let path = path.clone();
            pool.spawn(async move {
                let bytes =
                    read_source_bytes(&server, AssetSourceId::Default, Path::new(&path)).await;
                (path, bytes)
            })
        })
        .collect();
    let mut fetched = BTreeMap::new();
    for task in tasks {
        let (path, bytes) = task.await;
        fetched.insert(path, bytes);
    }
    fetched
}

/// The bytes of `path` in the asset source `source`, read directly: outside any asset
/// load, so nothing records it as a dependency.
pub(crate) async fn read_source_bytes(
    server: &AssetServer,
    source: AssetSourceId<'static>,
    path: &Path,
) -> Result<Vec<u8>, String> {
    let source = server.get_source(source).map_err(|e| e.to_string())?;
    let mut reader = source
        .reader()
        .read(path)
        .await
        .map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .await
        .map_err(|e| e.to_string())?;
    Ok(bytes)
}

fn model_asset_path(path: &str) -> AssetPath<'static> {
    AssetPath::from(path.to_owned()).with_source(AssetSourceId::Default)
}

/// `other` relative to the folder of `file`, resolved the way the core loader does.
#[cfg(test)]
fn sibling(file: &Path, other: &str) -> PathBuf {
    venue_core::load::resolve_relative(file, other)
}

/// The bytes of a file the venue references, read through the `venue://` source (which
/// makes it a dependency of the venue for hot reload).
async fn read_bytes(load_context: &mut LoadContext<'_>, path: &Path) -> FileBytes {
    let asset_path = AssetPath::from_path(path)
        .clone_owned()
        .with_source(AssetSourceId::Name(VENUE_SOURCE.into()));
    load_context
        .read_asset_bytes(asset_path)
        .await
        .map_err(|e| ReadError::Io(e.to_string()))
}

/// Every distinct model path the venue's fixtures or its catalogue name, sorted.
pub fn model_paths(venue: &Venue, catalogue: &Catalogue) -> Vec<String> {
    // Every type of the catalogue, not only the ones placed: the edit palette adds any of
    // them (and draws their thumbnails), and a model that loads only then would first
    // show as a failed one. The models are small (tens of kB each).
    let mut paths: Vec<String> = venue
        .fixtures
        .iter()
        .filter_map(|f| f.model.clone())
        .chain(catalogue.fixtures.values().map(|t| t.model.clone()))
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
    /// The same failure's diagnostics, typed (code, file, span, subject such as
    /// `fixtures[4]`), for views that point at what is wrong; empty when the failure was
    /// not the venue's content (e.g. the venue file itself is missing).
    pub diagnostics: Vec<Diagnostic>,
}

/// Registers the `venue://` asset source for `options.scene`. Must run before
/// `DefaultPlugins` (the asset plugin reads the sources when it is built).
pub fn register_sources(app: &mut App, options: &AppOptions) {
    let (root, _) = scene_root_and_file(&options.scene);
    let root = root.to_string_lossy().into_owned();
    #[cfg(not(target_arch = "wasm32"))]
    let builder = AssetSourceBuilder::platform_default(&root, None);
    // Scene folders the visitor opens in the browser lie over the web server's scenes.
    #[cfg(target_arch = "wasm32")]
    let builder = {
        let root = root.clone();
        AssetSourceBuilder::new(move || {
            let server = bevy::asset::io::wasm::HttpWasmAssetReader::new(&root);
            Box::new(overlay::reader(Box::new(server)))
                as Box<dyn bevy::asset::io::ErasedAssetReader>
        })
    };
    #[cfg(all(feature = "file_watcher", not(target_arch = "wasm32")))]
    let builder = builder.with_watcher(save_aware_watcher(root.into()));
    app.register_asset_source(AssetSourceId::Name(VENUE_SOURCE.into()), builder);
    // The web's default source (the models, fonts…) hands the glTF loader the model bytes
    // the venue loader fetched, instead of fetching each model a second time.
    #[cfg(target_arch = "wasm32")]
    {
        let handoff = crate::model_handoff::ModelHandoff::default();
        let assets = options.assets_dir.to_string_lossy().into_owned();
        let for_reader = handoff.clone();
        app.insert_resource(handoff);
        app.register_asset_source(
            AssetSourceId::Default,
            AssetSourceBuilder::new(move || {
                Box::new(for_reader.reader(Box::new(
                    bevy::asset::io::wasm::HttpWasmAssetReader::new(&assets),
                ))) as Box<dyn bevy::asset::io::ErasedAssetReader>
            }),
        );
    }
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
    let assets_root = (!cfg!(target_arch = "wasm32"))
        .then(|| {
            app.world()
                .get_resource::<AppOptions>()
                .map(|o| o.assets_dir.clone())
        })
        .flatten();
    // The web fetches the models side by side; the desktop reads them from disk through
    // the load context, which also watches them for hot reload.
    let server = cfg!(target_arch = "wasm32")
        .then(|| app.world().get_resource::<AssetServer>().cloned())
        .flatten();
    let handoff = app
        .world()
        .get_resource::<crate::model_handoff::ModelHandoff>()
        .cloned();
    app.init_asset::<VenueAsset>()
        .register_asset_loader(VenueLoader {
            assets_root,
            server,
            handoff,
        })
        .init_resource::<CurrentVenue>()
        .add_message::<OpenScene>()
        .add_systems(Startup, load_current_venue)
        .add_systems(
            Update,
            (open_scene, report_load_failures).in_set(crate::AppSet::Input),
        );
}

/// Show another scene of the scene index (its folder beside the current one). Answered
/// here, by the owner of the venue being loaded.
#[derive(Message, Debug, Clone, PartialEq, Eq)]
pub struct OpenScene {
    pub folder: String,
}

/// The scene asset path of a folder beside the current scene's.
pub fn scene_asset_path(folder: &str) -> AssetPath<'static> {
    AssetPath::from(format!("{folder}/venue.ron"))
        .with_source(AssetSourceId::Name(VENUE_SOURCE.into()))
}

/// The folder (beside the others under the `venue://` root) of the scene being shown.
pub fn current_scene_folder(current: &CurrentVenue) -> Option<String> {
    let path = current.handle.path()?;
    let folder = path.path().parent()?.file_name()?;
    Some(folder.to_string_lossy().into_owned())
}

/// Loads the scene a visitor picked. The venue on screen stays until the new one has
/// loaded (or, if it fails, with the failure in the banner), as on a hot reload.
fn open_scene(
    mut requests: MessageReader<OpenScene>,
    server: Res<AssetServer>,
    mut current: ResMut<CurrentVenue>,
) {
    let Some(request) = requests.read().last() else {
        return;
    };
    if current_scene_folder(&current).as_deref() == Some(request.folder.as_str()) {
        return;
    }
    info!("opening scene {}", request.folder);
    current.handle = server.load(scene_asset_path(&request.folder));
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

/// The typed diagnostics of a failed venue load (empty when the loader never ran).
pub fn load_error_diagnostics(error: &bevy::asset::AssetLoadError) -> Vec<Diagnostic> {
    if let bevy::asset::AssetLoadError::AssetLoaderError(e) = error
        && let Some(venue_error) = e.error().downcast_ref::<VenueLoadError>()
    {
        return venue_error.load_error().diagnostics.clone();
    }
    Vec::new()
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
        current.diagnostics = load_error_diagnostics(&event.error);
    }
    for event in good.read() {
        if matches!(event, AssetEvent::Added { id } | AssetEvent::Modified { id } if *id == current.handle.id())
        {
            current.error = None;
            current.diagnostics.clear();
        }
    }
}

/// The `venue://` source on the web: files the visitor opened in the browser (written by
/// `edit::web_files`) lie over the web server's scenes.
#[cfg(target_arch = "wasm32")]
pub mod overlay {
    use crate::model_handoff::BytesFirst;
    use bevy::asset::io::ErasedAssetReader;
    use bevy::asset::io::memory::Dir;
    use std::path::PathBuf;
    use std::sync::OnceLock;

    /// The files laid over the web server's scenes.
    pub fn overlay_dir() -> &'static Dir {
        static DIR: OnceLock<Dir> = OnceLock::new();
        DIR.get_or_init(|| Dir::new(PathBuf::new()))
    }

    /// The `venue://` source's reader on the web: the chosen files, then the web server.
    pub fn reader(server: Box<dyn ErasedAssetReader>) -> BytesFirst {
        BytesFirst {
            first: Box::new(|path| overlay_dir().get_asset(path).map(|d| d.value().to_vec())),
            inner: server,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn models_fetched_side_by_side_are_the_files_and_a_missing_one_says_so() {
        bevy::tasks::IoTaskPool::get_or_init(bevy::tasks::TaskPool::new);
        let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
        let mut app = App::new();
        app.add_plugins((
            MinimalPlugins,
            AssetPlugin {
                file_path: assets.to_string_lossy().into_owned(),
                ..default()
            },
        ));
        let server = app.world().resource::<AssetServer>().clone();
        let paths = [
            "models/stove.glb",
            "models/toilet.glb",
            "models/no_such_model.glb",
        ]
        .map(String::from);
        let fetched = bevy::tasks::block_on(fetch_models_side_by_side(&server, &paths));
        assert_eq!(fetched.len(), 3);
        for path in &paths[..2] {
            let expected = std::fs::read(assets.join(path)).unwrap();
            assert_eq!(fetched[path].as_deref(), Ok(&expected[..]), "{path}");
            assert!(model_content(&expected).is_ok(), "{path}");
        }
        let missing = fetched["models/no_such_model.glb"].as_ref().unwrap_err();
        assert!(missing.contains("no_such_model.glb"), "{missing}");
    }

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
