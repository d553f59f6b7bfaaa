//! # venue-guide (the Bevy app)
//!
//! Thin plugins over [`venue_core`]: each module turns core data into entities, or user
//! input into calls of pure functions. Nothing here decides whether a venue complies;
//! the core does (see ARCHITECTURE.md).
//!
//! Frame order is fixed in one place, [`AppSet`]: input is read, the focus is decided,
//! the venue is (re)spawned, the camera moves, overlays follow the camera, and the UI
//! reflects the state.
//!
//! The stage plugins talk through [`shared`], the vocabulary module below all of them
//! (see ARCHITECTURE.md for which module may import which).

pub mod camera;
pub mod edit;
pub mod export;
pub mod focus;
pub mod graphics;
pub mod headless;
pub mod i18n;
pub mod kiosk;
pub mod model_handoff;
pub mod overlays;
pub mod panorama;
pub mod scenes;
pub mod shared;
pub mod spawn;
pub mod thumbnails;
pub mod tour;
pub mod ui;
pub mod venue_asset;
pub mod vr;
#[cfg(target_arch = "wasm32")]
pub mod web_page;

use bevy::prelude::*;
use std::path::PathBuf;

pub use shared::AppSet;

/// Where the app gets its venue and how it shows it. Inserted before the plugins run.
#[derive(Resource, Debug, Clone)]
pub struct AppOptions {
    /// The scene folder (holding `venue.ron`) or the `venue.ron` file itself.
    pub scene: PathBuf,
    /// Folder holding `models/` and `fonts/`.
    pub assets_dir: PathBuf,
    /// Start in large-text mode.
    pub large_text: bool,
    /// Render quality; `Auto` picks it from the adapter.
    pub quality: graphics::GraphicsQuality,
    /// Start in edit mode.
    pub edit: bool,
    /// Start with the edit palette open (screenshots of it; implies `edit`).
    pub palette: bool,
    /// One picture or a side-by-side stereo pair (`--stereo`), and how.
    pub stereo: camera::stereo::StereoSettings,
}

impl AppOptions {
    /// Makes `scene` and `assets_dir` absolute: relative to the working directory when
    /// they exist there, else to the source checkout (so `cargo run` and the built binary
    /// find the bundled scene and models from anywhere).
    pub fn resolved(mut self) -> Self {
        let anchor = |p: &std::path::Path| -> PathBuf {
            if p.is_absolute() {
                return p.to_path_buf();
            }
            let cwd = std::env::current_dir().unwrap_or_default();
            if cwd.join(p).exists() {
                return cwd.join(p);
            }
            let checkout = manifest_dir().join(p);
            if checkout.exists() {
                checkout
            } else {
                cwd.join(p)
            }
        };
        self.scene = anchor(&self.scene);
        self.assets_dir = anchor(&self.assets_dir);
        self
    }

    /// The bundled standard small eatery.
    pub const DEFAULT_SCENE: &'static str = "scenes/small-eatery";
    /// The asset folder at the repository root.
    pub const DEFAULT_ASSETS: &'static str = "assets";
}

/// The plugins every run shares (window or headless): the shared vocabulary, asset
/// loading, the venue, the camera, overlays, tour, focus and UI.
pub fn app_plugin(app: &mut App) {
    app.add_plugins((
        shared::plugin,
        venue_asset::plugin,
        scenes::plugin,
        export::plugin,
        edit::plugin,
        spawn::plugin,
        thumbnails::plugin,
        camera::plugin,
        graphics::plugin,
        overlays::plugin,
        tour::plugin,
        focus::plugin,
        i18n::plugin,
        ui::plugin,
    ));
}

/// Common asset settings: models and fonts from `assets_dir`, no `.meta` files.
fn asset_plugin(options: &AppOptions) -> bevy::asset::AssetPlugin {
    bevy::asset::AssetPlugin {
        file_path: options.assets_dir.to_string_lossy().into_owned(),
        meta_check: bevy::asset::AssetMetaCheck::Never,
        // Scene folders may live anywhere the user points at.
        unapproved_path_mode: bevy::asset::UnapprovedPathMode::Allow,
        ..default()
    }
}

fn shared_setup(
    app: &mut App,
    options: &AppOptions,
    lang: venue_core::Lang,
    start: Option<shared::ViewSpec>,
) {
    app.insert_resource(options.clone())
        .insert_resource(i18n::Language(lang))
        .insert_resource(ui::LargeText(options.large_text))
        .insert_resource(options.stereo)
        .insert_resource(ClearColor(Color::srgb(0.86, 0.89, 0.93)));
    if let Some(start) = start {
        app.insert_resource(shared::StartView(start));
    }
    if !app.is_plugin_added::<bevy::picking::mesh_picking::MeshPickingPlugin>() {
        app.add_plugins(bevy::picking::mesh_picking::MeshPickingPlugin);
    }
    app_plugin(app);
    #[cfg(target_arch = "wasm32")]
    app.add_plugins(web_page::plugin);
    app.add_systems(
        Update,
        headless::apply_start_view
            .in_set(AppSet::Camera)
            .after(camera::rebuild_obstacles)
            .before(camera::handle_commands),
    );
}

/// Opens the venue in a window and runs until it is closed.
pub fn run_windowed(
    options: AppOptions,
    lang: venue_core::Lang,
    start: Option<shared::ViewSpec>,
) -> AppExit {
    let mut app = App::new();
    venue_asset::register_sources(&mut app, &options);
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: Some(Window {
                    title: "venue-guide".into(),
                    resolution: bevy::window::WindowResolution::new(1600, 900),
                    fit_canvas_to_parent: true,
                    ..default()
                }),
                ..default()
            })
            .set(asset_plugin(&options))
            .set(graphics::render_plugin(false)),
    );
    shared_setup(&mut app, &options, lang, start);
    app.run()
}

/// The venue in an OpenXR headset (`venue-guide vr`), until the session ends. Fails,
/// before anything is shown, when the runtime starts no session (no headset connected,
/// the runtime not running): the caller falls back or says so.
#[cfg(all(feature = "xr", not(target_arch = "wasm32")))]
pub fn run_headset(
    options: AppOptions,
    lang: venue_core::Lang,
    settings: vr::headset::HeadsetSettings,
) -> Result<AppExit, vr::runtime::NoRuntime> {
    use bevy_mod_xr::session::XrState;
    let mut app = App::new();
    venue_asset::register_sources(&mut app, &options);
    app.add_plugins(bevy_mod_openxr::add_xr_plugins(
        DefaultPlugins
            .build()
            // Poses are read right before rendering: less latency for the head and hands.
            .disable::<bevy::render::pipelined_rendering::PipelinedRenderingPlugin>()
            .set(WindowPlugin {
                // The desktop window mirrors the walk view for whoever stands beside.
                primary_window: Some(Window {
                    title: "venue-guide (headset)".into(),
                    resolution: bevy::window::WindowResolution::new(1280, 720),
                    ..default()
                }),
                ..default()
            })
            .set(asset_plugin(&options)),
    ));
    // The session plugin found no runtime or no headset (it logged why) and fell back to
    // an ordinary renderer.
    if app
        .world()
        .get_resource::<XrState>()
        .is_none_or(|s| *s == XrState::Unavailable)
    {
        return Err(vr::runtime::NoRuntime(format!(
            "the OpenXR runtime did not start (see the error above: is the headset connected and the runtime running?)\n{}",
            vr::runtime::HOW_TO_GET_ONE
        )));
    }
    app.insert_resource(settings);
    shared_setup(&mut app, &options, lang, Some(shared::ViewSpec::Entrance));
    app.add_plugins(vr::plugin);
    Ok(app.run())
}

/// Where a booth shows itself.
#[derive(Debug, Clone)]
pub enum BoothDisplay {
    /// Full screen, borderless, always on top; the window cannot be closed.
    Screen,
    /// Into an image of this size without a window, on a stepped clock (the soak
    /// benchmark and the tests): `step` seconds of booth time per frame; with a soak
    /// plan, its scripted visitor and record.
    Headless {
        size: UVec2,
        step: f64,
        soak: Option<kiosk::soak::SoakPlan>,
    },
}

/// Bevy's plugins for rendering without a window, on the schedule runner: `render` and
/// the booth's soak.
fn add_headless_plugins(app: &mut App, assets: bevy::asset::AssetPlugin) {
    app.add_plugins(
        DefaultPlugins
            .set(WindowPlugin {
                primary_window: None,
                exit_condition: bevy::window::ExitCondition::DontExit,
                ..default()
            })
            .set(assets)
            // Compile each pipeline when first needed, so no frame is captured with
            // meshes skipped because their shaders were still compiling.
            .set(graphics::render_plugin(true))
            .disable::<bevy::winit::WinitPlugin>(),
    )
    .add_plugins(bevy::app::ScheduleRunnerPlugin::run_loop(
        std::time::Duration::ZERO,
    ));
}

/// The booth (`venue-guide kiosk`), built and ready to run: its first attract scene
/// loaded from the configuration's scenes folder, in the configured language, hot
/// reload and stereo as configured (`stereo` overrides the configuration's: the
/// command line's `--stereo`).
pub fn kiosk_app(
    setup: venue_core::kiosk::config::LoadedConfig,
    assets_dir: PathBuf,
    quality: graphics::GraphicsQuality,
    display: BoothDisplay,
    stereo: Option<camera::stereo::StereoSettings>,
) -> App {
    let config = &setup.config;
    let home = setup
        .attract_order
        .first()
        .cloned()
        .unwrap_or_else(|| setup.scenes[0].folder.clone());
    // Absolute, so the booth finds its scenes whatever the working folder.
    let scenes_root = std::path::absolute(&setup.scenes_root).unwrap_or(setup.scenes_root.clone());
    let options = AppOptions {
        scene: scenes_root.join(home),
        assets_dir,
        large_text: false,
        quality,
        edit: false,
        palette: false,
        stereo: stereo.unwrap_or_else(|| camera::stereo::StereoSettings::for_booth(config.stereo)),
    };
    let mut app = App::new();
    venue_asset::register_sources(&mut app, &options);
    let assets = bevy::asset::AssetPlugin {
        watch_for_changes_override: Some(config.hot_reload),
        ..asset_plugin(&options)
    };
    match display {
        BoothDisplay::Screen => {
            app.add_plugins(
                DefaultPlugins
                    .set(WindowPlugin {
                        primary_window: Some(Window {
                            title: "venue-guide".into(),
                            mode: bevy::window::WindowMode::BorderlessFullscreen(
                                bevy::window::MonitorSelection::Primary,
                            ),
                            window_level: bevy::window::WindowLevel::AlwaysOnTop,
                            decorations: false,
                            fit_canvas_to_parent: true,
                            ..default()
                        }),
                        // The close button, Alt+F4 and the window manager's close do
                        // nothing: the operator's gesture is the only way out.
                        close_when_requested: false,
                        ..default()
                    })
                    .set(assets)
                    .set(graphics::render_plugin(false)),
            );
            #[cfg(not(target_arch = "wasm32"))]
            if let Some(renderer) = kiosk::scene_pictures::PictureRenderer::for_this_program() {
                app.insert_resource(renderer);
            }
        }
        BoothDisplay::Headless { size, step, soak } => {
            if let Some(plan) = soak {
                app.insert_resource(plan);
            }
            add_headless_plugins(&mut app, assets);
            app.insert_resource(kiosk::KioskClock::Stepped(step));
            headless::render_to_image(&mut app, size);
        }
    }
    app.insert_resource(kiosk::KioskSetup(setup.clone()));
    shared_setup(&mut app, &options, setup.config.default_language, None);
    app.add_plugins(kiosk::plugin);
    app
}

/// Runs the booth on the screen until the operator leaves. A panic ends the process at
/// once (exit code 101) so the supervisor restarts it, rather than leaving a frozen
/// screen behind (see docs/booth.md).
pub fn run_kiosk(
    setup: venue_core::kiosk::config::LoadedConfig,
    assets_dir: PathBuf,
    quality: graphics::GraphicsQuality,
    stereo: Option<camera::stereo::StereoSettings>,
) -> AppExit {
    /// The exit code of a panic, as Rust's own.
    const PANIC_EXIT_CODE: i32 = 101;
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        default_hook(info);
        eprintln!("venue-guide kiosk: exiting after a panic so that the supervisor restarts it");
        std::process::exit(PANIC_EXIT_CODE);
    }));
    kiosk_app(setup, assets_dir, quality, BoothDisplay::Screen, stereo).run()
}

/// Renders one view to a PNG without a window and exits.
pub fn run_headless(
    options: AppOptions,
    lang: venue_core::Lang,
    view: shared::ViewSpec,
    capture: headless::CaptureRequest,
    empty: bool,
) -> AppExit {
    let mut app = App::new();
    venue_asset::register_sources(&mut app, &options);
    let timed = capture.timed_frames > 0;
    app.insert_resource(capture);
    if empty {
        app.insert_resource(spawn::EmptyVenue);
    }
    add_headless_plugins(&mut app, asset_plugin(&options));
    app.add_plugins(headless::plugin);
    if timed {
        // Per-pass GPU times and shader invocation counts for the benchmark output
        // (after DefaultPlugins: it needs the render sub-app).
        app.add_plugins(bevy::render::diagnostic::RenderDiagnosticsPlugin);
    }
    shared_setup(&mut app, &options, lang, Some(view));
    app.run()
}

/// Renders 360° panoramas of checkpoints without a window and exits
/// (`venue-guide panorama`).
pub fn run_panorama(
    options: AppOptions,
    lang: venue_core::Lang,
    request: panorama::PanoramaRequest,
) -> AppExit {
    /// The main camera still renders (the app's systems expect it), into an image nobody
    /// reads: the face cameras take the pictures.
    const UNUSED_VIEW: UVec2 = UVec2::new(64, 36);
    let mut app = App::new();
    venue_asset::register_sources(&mut app, &options);
    app.insert_resource(request).insert_resource(ui::HidePanels);
    add_headless_plugins(&mut app, asset_plugin(&options));
    headless::render_to_image(&mut app, UNUSED_VIEW);
    app.add_plugins((panorama::plugin, vr::world::plugin));
    // A start view, so no tour intro comes first.
    shared_setup(&mut app, &options, lang, Some(shared::ViewSpec::Overview));
    app.run()
}

/// The package folder (the app's tests use it too): from cargo at run time (`cargo test`,
/// `cargo run`), else where it was at build time. Run time first, because a shared target
/// folder may hold test binaries built from a checkout at another path that no longer
/// exists.
pub fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into())
}
