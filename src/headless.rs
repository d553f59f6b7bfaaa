//! Rendering without a window: `venue-guide render … -o out.png`.
//!
//! The app runs without winit on Bevy's schedule runner; the camera renders into an
//! image target. Once the venue and its models are loaded, the camera has settled and a
//! few frames have let the pipelines compile, a [`Screenshot`] of the image is saved and
//! the app exits. Before any of that, [`probe_adapter`] asks wgpu for an adapter so that
//! a machine without one gets a clear error and a non-zero exit instead of a panic.

use crate::camera::{CameraRig, MainCamera};
use crate::overlays::Marker;
use crate::shared::{ActiveVenue, FocusCheckpoint, FocusSource, StartView, ViewMode};
use crate::spawn::{FixtureRef, ModelFailed, PendingModel};
use bevy::prelude::*;
use bevy::render::render_resource::TextureFormat;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use bevy::ui::{ComputedNode, UiGlobalTransform};
use std::path::PathBuf;

/// Frames to render after everything is loaded before capturing: pipelines compile
/// asynchronously, and a frame or two more lets shadows and UI layout settle.
const SETTLE_FRAMES: u32 = 12;
/// Frames to render before each further view of a multi-view run: the pipelines are
/// compiled by then; the markers and labels need a frame or two to follow the camera.
const NEXT_VIEW_SETTLE_FRAMES: u32 = 3;
/// Give up if the venue has not loaded after this many frames.
const LOAD_TIMEOUT_FRAMES: u32 = 3_000;

/// The views `--view` names (defined with the shared vocabulary; the start view is no
/// headless matter only).
pub use crate::shared::ViewSpec;

/// What to capture and where.
#[derive(Resource, Debug, Clone)]
pub struct CaptureRequest {
    pub output: PathBuf,
    pub size: UVec2,
    /// Also write the screen position of every fixture, zone and marker as JSON, for
    /// pixel tests.
    pub probe_json: Option<PathBuf>,
    /// Render this many frames after settling and print frame-time statistics.
    pub timed_frames: u32,
    /// When the process started (taken first thing in `main`), for the start-up figure.
    pub process_start: bevy::platform::time::Instant,
    /// More views to capture after the first, in order, in the same run (the report's
    /// checkpoint images): each is applied once the previous image is written.
    pub more: Vec<Shot>,
    /// Draw the panels (checklist, card, bars). Off for pictures of the venue alone,
    /// such as the report's: markers and evidence stay, the view uses the whole image.
    pub panels: bool,
    /// Say nothing of the files written (the caller reports what it made of them).
    pub quiet: bool,
    /// Drag this fixture during the timed frames (see [`drive_drag`]).
    pub drag: Option<String>,
    /// Draw what the headset shows instead of the screen's panels: the pins and the
    /// checkpoint card in the world, seen from the camera (one eye, no headset needed).
    pub headset_preview: bool,
}

impl CaptureRequest {
    /// One image of the start view at `size`, with the panels, nothing timed or probed.
    pub fn image(output: PathBuf, size: UVec2) -> Self {
        Self {
            output,
            size,
            probe_json: None,
            timed_frames: 0,
            process_start: bevy::platform::time::Instant::now(),
            more: Vec::new(),
            panels: true,
            quiet: false,
            drag: None,
            headset_preview: false,
        }
    }
}

/// A further view to capture and the file it goes to (PNG, or JPEG for `.jpg`).
#[derive(Debug, Clone)]
pub struct Shot {
    pub view: ViewSpec,
    pub output: PathBuf,
}

/// The image the camera renders into.
#[derive(Resource)]
pub struct CaptureTarget(pub Handle<Image>);

#[derive(Resource, Default)]
struct CaptureProgress {
    frames: u32,
    ready_for: u32,
    requested: bool,
    /// Images written so far; the next view is `more[written - 1]`.
    written: usize,
    /// The last requested image was written and another view is due.
    next_due: bool,
    timing_start: Option<f64>,
    frame_times: Vec<f64>,
    drag: DragProgress,
}

/// Where a benchmark drag is.
#[derive(Default)]
struct DragProgress {
    /// Moves sent so far.
    moves: u32,
    /// Where the fixture stood before the drag.
    from: Option<(f64, f64)>,
    /// Checked results shown while dragging.
    results: u32,
    /// When it was let go (app time, s).
    released_at: Option<f64>,
    /// Its last result is on screen.
    done: bool,
}

/// Why no adapter could be used.
#[derive(Debug, thiserror::Error)]
#[error(
    "no graphics adapter found ({0}). Install a Vulkan or GL driver (on Debian: `apt-get install mesa-vulkan-drivers` for software rendering) or run on a machine with a GPU."
)]
pub struct NoAdapter(String);

/// Asks wgpu for any adapter, as Bevy's renderer will.
pub fn probe_adapter() -> Result<String, NoAdapter> {
    let mut descriptor = wgpu::InstanceDescriptor::new_without_display_handle_from_env();
    descriptor.backends = crate::graphics::native_backends();
    let instance = wgpu::Instance::new(descriptor);
    let adapter =
        bevy::tasks::block_on(instance.request_adapter(&wgpu::RequestAdapterOptions::default()))
            .map_err(|e| NoAdapter(e.to_string()))?;
    let info = adapter.get_info();
    Ok(format!("{} ({:?})", info.name, info.backend))
}

pub fn plugin(app: &mut App) {
    let request = app.world().resource::<CaptureRequest>();
    let preview = request.headset_preview;
    if !request.panels || preview {
        app.insert_resource(crate::ui::HidePanels);
    }
    if preview {
        app.add_plugins(crate::vr::plugin).add_observer(
            |added: On<Add, MainCamera>, mut commands: Commands| {
                commands
                    .entity(added.entity)
                    .insert(crate::vr::world::VrHead);
            },
        );
    }
    let size = app.world().resource::<CaptureRequest>().size;
    render_to_image(app, size);
    app.init_resource::<CaptureProgress>()
        .add_systems(First, drive_drag)
        .add_systems(Last, drive_capture);
}

/// The size of the image the camera renders into.
#[derive(Resource, Debug, Clone, Copy)]
struct TargetSize(UVec2);

/// Makes the main camera render into a `size` image ([`CaptureTarget`]) instead of a
/// window: `render` and the booth's soak benchmark.
pub fn render_to_image(app: &mut App, size: UVec2) {
    app.insert_resource(TargetSize(size))
        .add_systems(PreStartup, setup_target)
        .add_observer(render_into_target);
}

/// `render --drag FIXTURE --frames N`: during the timed frames the fixture is dragged,
/// a move per frame (1 cm each, along x), as a pointer would; then it is let go, and the
/// time until the last move's check is on screen is printed. The frame times then
/// include the edits, the re-checks and the fixtures' updates.
fn drive_drag(
    request: Res<CaptureRequest>,
    mut progress: ResMut<CaptureProgress>,
    session: Option<Res<crate::edit::EditSession>>,
    active: Option<Res<ActiveVenue>>,
    mut edits: MessageWriter<crate::edit::EditCommand>,
    time: Res<Time<Real>>,
) {
    use crate::edit::EditCommand;
    let (Some(id), Some(session), Some(active)) = (&request.drag, session, active) else {
        return;
    };
    let progress = &mut *progress;
    let drag = &mut progress.drag;
    if drag.done || progress.timing_start.is_none() {
        return;
    }
    if drag.moves > 0 && active.is_changed() {
        drag.results += 1;
    }
    if progress.frame_times.len() < request.timed_frames as usize {
        let from = *drag.from.get_or_insert_with(|| {
            active
                .data
                .venue
                .fixtures
                .iter()
                .find(|f| &f.id == id)
                .map_or((0.0, 0.0), |f| f.position)
        });
        if drag.moves == 0 {
            edits.write(EditCommand::BeginDrag);
        }
        drag.moves += 1;
        edits.write(EditCommand::Move {
            id: id.clone(),
            to: (from.0 + 0.01 * f64::from(drag.moves), from.1),
        });
        return;
    }
    let now = time.elapsed_secs_f64();
    let Some(released_at) = drag.released_at else {
        edits.write(EditCommand::EndDrag);
        drag.released_at = Some(now);
        return;
    };
    if !session.checking() {
        drag.done = true;
        println!(
            "drag of {id}: {} moves, {} results shown while dragging; the last move's result on screen {:.0} ms after it",
            drag.moves,
            drag.results,
            (now - released_at) * 1e3
        );
    }
}

/// Points the camera at the capture image instead of a window, as it is spawned.
fn render_into_target(
    added: On<Add, MainCamera>,
    target: Res<CaptureTarget>,
    mut commands: Commands,
) {
    commands
        .entity(added.entity)
        .insert(bevy::camera::RenderTarget::Image(target.0.clone().into()));
}

fn setup_target(mut commands: Commands, size: Res<TargetSize>, mut images: ResMut<Assets<Image>>) {
    let image = Image::new_target_texture(size.0.x, size.0.y, TextureFormat::Rgba8UnormSrgb, None);
    commands.insert_resource(CaptureTarget(images.add(image)));
}

/// What the probe JSON reads: where the camera is and what is on screen.
#[derive(bevy::ecs::system::SystemParam)]
struct ProbeQueries<'w, 's> {
    camera: Query<'w, 's, (&'static Camera, &'static GlobalTransform), With<MainCamera>>,
    failed: Query<'w, 's, &'static FixtureRef, With<ModelFailed>>,
    texts: Query<'w, 's, (&'static Text, &'static InheritedVisibility)>,
    stereo: Res<'w, crate::camera::stereo::StereoSettings>,
    stereo_view: Res<'w, crate::camera::stereo::StereoView>,
    markers: Query<
        'w,
        's,
        (
            &'static Marker,
            &'static ComputedNode,
            &'static UiGlobalTransform,
            &'static InheritedVisibility,
        ),
    >,
    buttons: Query<
        'w,
        's,
        (
            Entity,
            &'static ComputedNode,
            &'static UiGlobalTransform,
            &'static InheritedVisibility,
        ),
        With<Button>,
    >,
    children: Query<'w, 's, &'static Children>,
    text_boxes: Query<
        'w,
        's,
        (
            &'static Text,
            &'static bevy::text::TextLayoutInfo,
            &'static ComputedNode,
            &'static InheritedVisibility,
        ),
    >,
    layout: Option<Res<'w, crate::ui::layout::ScreenLayout>>,
    insets: Res<'w, crate::shared::ViewInsets>,
}

impl ProbeQueries<'_, '_> {
    /// The interface's arrangement and every visible button's label and rectangle
    /// (physical pixels: left, top, right, bottom), for the layout tests.
    fn panels(&self) -> serde_json::Value {
        let label = |button: Entity| {
            self.children
                .iter_descendants(button)
                .find_map(|e| self.texts.get(e).ok())
                .map(|(text, _)| text.0.clone())
                .unwrap_or_default()
        };
        let buttons: Vec<_> = self
            .buttons
            .iter()
            .filter(|(.., visible)| visible.get())
            .map(|(entity, node, transform, _)| {
                let low = transform.translation - node.size() / 2.0;
                let high = transform.translation + node.size() / 2.0;
                serde_json::json!({"text": label(entity), "rect": [low.x, low.y, high.x, high.y]})
            })
            .collect();
        // Texts whose laid-out lines are taller than their box (drawn over what follows).
        let overflowing: Vec<&str> = self
            .text_boxes
            .iter()
            .filter(|(_, info, node, visible)| {
                // The layout's size is in logical pixels, the node's physical.
                visible.get() && info.size.y * info.scale_factor > node.content_box().size().y + 1.0
            })
            .map(|(text, ..)| text.0.as_str())
            .collect();
        let insets = *self.insets;
        serde_json::json!({
            "layout": self.layout.as_deref().map(|l| format!("{l:?}")),
            "insets": [insets.left, insets.right, insets.top, insets.bottom],
            "buttons": buttons,
            "overflowing_texts": overflowing,
        })
    }
}

fn drive_capture(
    mut commands: Commands,
    mut progress: ResMut<CaptureProgress>,
    request: Res<CaptureRequest>,
    target: Res<CaptureTarget>,
    active: Option<Res<ActiveVenue>>,
    pending: Query<(), With<PendingModel>>,
    mut rigs_mut: Query<&mut CameraRig>,
    mut focus: MessageWriter<FocusCheckpoint>,
    current: Res<crate::venue_asset::CurrentVenue>,
    time: Res<Time<Real>>,
    probe: ProbeQueries,
    mut exit: MessageWriter<AppExit>,
    graphics: Res<crate::graphics::AppliedGraphics>,
    diagnostics: Option<Res<bevy::diagnostic::DiagnosticsStore>>,
    thumbnails: Option<Res<crate::thumbnails::FixtureThumbnails>>,
) {
    progress.frames += 1;
    if progress.next_due {
        // The previous image is on disk: show the next view and wait for it to settle.
        progress.next_due = false;
        progress.requested = false;
        progress.ready_for = 0;
        if let (Some(shot), Ok(mut rig)) = (
            request.more.get(progress.written - 1),
            rigs_mut.single_mut(),
        ) {
            apply_view(&shot.view, &mut rig, &mut focus);
        }
        return;
    }
    if let Some(error) = &current.error {
        eprintln!("{error}");
        exit.write(AppExit::error());
        return;
    }
    if progress.frames > LOAD_TIMEOUT_FRAMES && active.is_none() {
        eprintln!("error: the venue did not load within {LOAD_TIMEOUT_FRAMES} frames");
        exit.write(AppExit::error());
        return;
    }
    let settled = rigs_mut.iter().all(|rig| rig.flight.is_none());
    // The palette's thumbnails, when it is open, are part of the picture.
    let drawn = thumbnails.is_none_or(|t| !t.busy());
    let ready = active.is_some() && pending.is_empty() && settled && drawn;
    if !ready {
        progress.ready_for = 0;
        return;
    }
    progress.ready_for += 1;
    if progress.ready_for == 1 && request.timed_frames > 0 {
        // The venue, its models and the camera are all in place from this frame on
        // (pipelines compile synchronously here, so it is drawn in full). Read it back
        // and report when its pixels arrive: that is when a user would see it.
        let start = request.process_start;
        let app_secs = time.elapsed_secs_f64();
        commands.spawn(Screenshot::image(target.0.clone())).observe(
            move |_: On<ScreenshotCaptured>| {
                println!(
                    "first complete frame: {:.2} s after process start (venue in place {:.2} s after the app started)",
                    start.elapsed().as_secs_f64(),
                    app_secs
                );
            },
        );
    }
    let settle = if progress.written == 0 {
        SETTLE_FRAMES
    } else {
        NEXT_VIEW_SETTLE_FRAMES
    };
    if progress.ready_for < settle || progress.requested {
        return;
    }
    if request.timed_frames > 0 && progress.frame_times.len() < request.timed_frames as usize {
        let now = time.elapsed_secs_f64();
        if let Some(start) = progress.timing_start {
            progress.frame_times.push(now - start);
        }
        progress.timing_start = Some(now);
        return;
    }
    if request.drag.is_some() && !progress.drag.done {
        return;
    }
    if !progress.frame_times.is_empty() {
        // In order, for finding hitches: which frames were slow and whether they recur.
        let in_order: Vec<String> = progress
            .frame_times
            .iter()
            .map(|t| format!("{:.2}", t * 1e3))
            .collect();
        println!("frame times (ms, in order): {}", in_order.join(" "));
        let times = &mut progress.frame_times;
        venue_core::compact_sort::sort_floats(times);
        let mean = times.iter().sum::<f64>() / times.len() as f64;
        let median = times[times.len() / 2];
        let p95 = times[(times.len() * 95 / 100).min(times.len() - 1)];
        println!(
            "frames: {}  mean {:.2} ms  median {:.2} ms  p95 {:.2} ms",
            times.len(),
            mean * 1e3,
            median * 1e3,
            p95 * 1e3
        );
        if let Some(profile) = graphics.profile {
            println!("graphics: {profile}");
        }
        if let Some(store) = diagnostics {
            print_pass_statistics(&store);
        }
    }
    progress.requested = true;
    if let (Some(path), Some(active)) = (&request.probe_json, &active)
        && let Err(e) = write_probe(
            path,
            &active.data,
            &probe.camera,
            &probe.markers,
            &probe.failed,
            &probe.texts,
            graphics.profile,
            stereo_probe(&probe.stereo, &probe.stereo_view),
            probe.panels(),
        )
    {
        eprintln!("error: cannot write {}: {e}", path.display());
    }
    let output = match progress.written {
        0 => request.output.clone(),
        n => request.more[n - 1].output.clone(),
    };
    let last = progress.written == request.more.len();
    let quiet = request.quiet;
    commands.spawn(Screenshot::image(target.0.clone())).observe(
        move |captured: On<ScreenshotCaptured>,
              mut exit: MessageWriter<AppExit>,
              mut progress: ResMut<CaptureProgress>| match save_image(
            &captured.image,
            &output,
        ) {
            Ok(()) => {
                if !quiet {
                    println!("wrote {}", output.display());
                }
                progress.written += 1;
                if last {
                    exit.write(AppExit::Success);
                } else {
                    progress.next_due = true;
                }
            }
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", output.display());
                exit.write(AppExit::error());
            }
        },
    );
}

/// Prints the renderer's per-pass statistics (GPU time, shader invocations), averaged
/// over the timed frames, where the adapter supports timestamp and statistics queries.
fn print_pass_statistics(store: &bevy::diagnostic::DiagnosticsStore) {
    let mut lines: Vec<String> = store
        .iter()
        .filter(|d| d.path().as_str().starts_with("render/"))
        .filter_map(|d| {
            let value = d.average()?;
            let path = d.path().as_str();
            let shown = if path.ends_with("elapsed_gpu") || path.ends_with("elapsed_cpu") {
                format!("{value:.2} ms")
            } else {
                format!("{value:.0}")
            };
            Some(format!("  {path}: {shown}"))
        })
        .collect();
    if lines.is_empty() {
        return;
    }
    lines.sort();
    println!("render passes (mean over the timed frames):");
    for line in lines {
        println!("{line}");
    }
}

/// Writes where things landed on screen (physical pixels of the output image): every
/// fixture's footprint centre at mid-height, every zone's centroid on the floor, and
/// every visible marker's centre with its status, so tests can look at those pixels.
fn write_probe(
    path: &std::path::Path,
    data: &crate::venue_asset::VenueData,
    camera: &Query<(&Camera, &GlobalTransform), With<MainCamera>>,
    markers: &Query<(
        &Marker,
        &ComputedNode,
        &UiGlobalTransform,
        &InheritedVisibility,
    )>,
    failed: &Query<&FixtureRef, With<ModelFailed>>,
    texts: &Query<(&Text, &InheritedVisibility)>,
    graphics: Option<crate::graphics::GraphicsProfile>,
    stereo: serde_json::Value,
    panels: serde_json::Value,
) -> Result<(), String> {
    use serde_json::json;
    let (camera, transform) = camera.single().map_err(|e| e.to_string())?;
    let scale = camera.target_scaling_factor().unwrap_or(1.0);
    // Distance ahead of the viewer along the view axis (m), for the stereo tests.
    let view_from_world = transform.affine().inverse();
    let depth = |p: Vec3| -view_from_world.transform_point3(p).z;
    let project = |p: Vec3| {
        camera
            .world_to_viewport(transform, p)
            .ok()
            .map(|v| [v.x * scale, v.y * scale])
    };
    let fixtures: Vec<_> = data
        .plan
        .fixtures
        .iter()
        .map(|f| {
            let mid = Vec3::new(
                f.center.0 as f32,
                ((f.bottom + f.top) / 2.0) as f32,
                f.center.1 as f32,
            );
            let top = Vec3::new(f.center.0 as f32, f.top as f32, f.center.1 as f32);
            json!({"id": f.id, "type": f.kind, "screen": project(mid), "top_screen": project(top), "depth": depth(mid)})
        })
        .collect();
    let zones: Vec<_> = data
        .plan
        .zones
        .iter()
        .map(|z| {
            let n = z.polygon.len().max(1) as f64;
            let (x, y) = z
                .polygon
                .iter()
                .fold((0.0, 0.0), |a, p| (a.0 + p.0, a.1 + p.1));
            let c = Vec3::new((x / n) as f32, 0.0, (y / n) as f32);
            json!({"id": z.id, "kind": z.kind.as_str(), "screen": project(c)})
        })
        .collect();
    let markers: Vec<_> = markers
        .iter()
        .filter(|(_, _, _, v)| v.get())
        .map(|(m, node, t, _)| {
            let c = t.translation;
            json!({"rule": m.rule, "number": m.number, "status": format!("{:?}", m.status), "screen": [c.x, c.y], "size": node.size().x})
        })
        .collect();
    // Every text on screen, for the language test.
    let mut visible_texts: Vec<&str> = texts
        .iter()
        .filter(|(_, v)| v.get())
        .map(|(t, _)| t.0.as_str())
        .collect();
    visible_texts.sort_unstable();
    let mut failed_models: Vec<&str> = failed.iter().map(|f| f.id.as_str()).collect();
    failed_models.sort_unstable();
    let text = serde_json::to_string_pretty(&json!({
        "fixtures": fixtures,
        "zones": zones,
        "markers": markers,
        "failed_models": failed_models,
        "texts": visible_texts,
        "graphics": graphics.map(|g| g.to_string()),
        "stereo": stereo,
        "panels": panels,
    }))
    .map_err(|e| e.to_string())?;
    std::fs::write(path, text).map_err(|e| e.to_string())
}

/// The stereo pair's geometry for the probe (`null` for one picture): positions in the
/// probe are the viewer's between the eyes, in one eye's picture.
fn stereo_probe(
    settings: &crate::camera::stereo::StereoSettings,
    view: &crate::camera::stereo::StereoView,
) -> serde_json::Value {
    use crate::camera::stereo_math::StereoMode;
    let mode = match settings.mode {
        StereoMode::Off => return serde_json::Value::Null,
        StereoMode::Sbs => "sbs",
        StereoMode::SbsHalf => "sbs-half",
    };
    serde_json::json!({
        "mode": mode,
        "eye_image": [view.eye_image.x, view.eye_image.y],
        "focal_px": view.focal_px,
        "separation_m": view.separation_m,
        "convergence_m": view.convergence_m,
        "overlay_depth_m": view.overlay_depth_m,
    })
}

/// JPEG quality of `.jpg` captures: the report embeds them, where a PNG of a rendered
/// room is five to ten times larger for no visible gain.
const JPEG_QUALITY: u8 = 85;

/// Writes `image` as a JPEG when `path` ends in `.jpg`/`.jpeg`, else as a PNG.
pub fn save_image(image: &Image, path: &std::path::Path) -> Result<(), String> {
    let rgb = image
        .clone()
        .try_into_dynamic()
        .map_err(|e| e.to_string())?
        .to_rgb8();
    let jpeg = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("jpg") || e.eq_ignore_ascii_case("jpeg"));
    if jpeg {
        let (width, height) = rgb.dimensions();
        let too_large = |_| format!("{width}×{height} is too large for a JPEG");
        jpeg_encoder::Encoder::new_file(path, JPEG_QUALITY)
            .map_err(|e| e.to_string())?
            .encode(
                rgb.as_raw(),
                u16::try_from(width).map_err(too_large)?,
                u16::try_from(height).map_err(too_large)?,
                jpeg_encoder::ColorType::Rgb,
            )
            .map_err(|e| e.to_string())
    } else {
        rgb.save_with_format(path, image::ImageFormat::Png)
            .map_err(|e| e.to_string())
    }
}

/// Applies the requested start view once the venue is loaded: a mode and pose, or a
/// checkpoint focused as if the visitor had tapped it.
pub fn apply_start_view(
    start: Option<Res<StartView>>,
    active: Option<Res<ActiveVenue>>,
    mut rigs: Query<&mut CameraRig>,
    mut done: Local<bool>,
    mut focus: MessageWriter<FocusCheckpoint>,
) {
    let (Some(start), Some(_)) = (start, active) else {
        return;
    };
    let Ok(mut rig) = rigs.single_mut() else {
        return;
    };
    if *done {
        return;
    }
    *done = true;
    apply_view(&start.0, &mut rig, &mut focus);
}

/// Puts the camera in `view`: a mode and pose, or a checkpoint focused as if the visitor
/// had tapped it.
fn apply_view(view: &ViewSpec, rig: &mut CameraRig, focus: &mut MessageWriter<FocusCheckpoint>) {
    match view {
        ViewSpec::Overview => rig.mode = ViewMode::Overview,
        ViewSpec::Plan => rig.mode = ViewMode::Plan,
        ViewSpec::Walk { x, z, yaw_deg } => {
            rig.mode = ViewMode::Walk;
            rig.walker.position = Vec2::new(*x, *z);
            rig.walker.yaw = yaw_deg.to_radians();
            rig.walker.pitch = START_WALK_PITCH;
        }
        // The walker is already at the entrance: where a new venue puts it.
        ViewSpec::Entrance => {
            rig.mode = ViewMode::Walk;
            rig.walker.pitch = START_WALK_PITCH;
        }
        ViewSpec::Checkpoint(id) => {
            rig.mode = ViewMode::Overview;
            focus.write(FocusCheckpoint::on(id.clone(), FocusSource::StartView));
        }
    }
}

/// A walker started from the command line looks slightly down (rad), at the fixtures
/// rather than the ceiling.
const START_WALK_PITCH: f32 = -0.15;
