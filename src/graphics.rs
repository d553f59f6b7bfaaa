//! # Graphics settings chosen for the adapter
//!
//! The same venue must run on a booth PC's modest GPU, in a browser (WebGL2), and on a
//! software rasteriser (Mesa lavapipe: CI, and PCs without a working GPU driver). What a
//! pixel costs differs by orders of magnitude between them, so the render settings are a
//! [`GraphicsProfile`] picked from the adapter by the pure function [`profile_for`] (or
//! forced with `--quality`), and applied to the camera and the key light by systems.
//!
//! Why these knobs (measured on lavapipe, docs/performance.md):
//! - lavapipe shades every MSAA sample: ×4 makes the lit pass about five times as
//!   expensive. FXAA is no way out there either: its full-screen pass alone costs about
//!   three empty frames. The low profile renders without anti-aliasing.
//! - A CPU rasteriser runs *every* shadow-filter tap of Bevy's PBR shader, so the
//!   9-tap Gaussian filter, sampled in two cascades where they overlap, is a large share
//!   of each pixel; one hardware 2×2 tap in one cascade costs a ninth of it.
//! - A depth prepass makes the lit shader run once per visible pixel instead of once per
//!   overlapping surface (fixtures behind walls, the room behind a door).
//!
//! Independently of the profile, the directional light's shadow cascades are fitted to
//! the venue as seen from the camera ([`shadow_range`]): a 10 m eatery needs shadows over
//! ~20 m, not Bevy's default 150 m, so every shadow-map texel lands on the venue.
//!
//! The tonemapper is the one setting that depends on the build, not the adapter: Bevy's
//! default (TonyMcMapface) reads a 3D lookup table that the `tonemapping_luts` feature
//! compiles in (0.7 MB). The web build leaves it out, and every 3D camera there uses
//! [`WEB_TONEMAPPING`], which is computed in the shader.

use bevy::core_pipeline::prepass::DepthPrepass;
use bevy::light::ShadowFilteringMethod;
use bevy::light::{CascadeShadowConfig, CascadeShadowConfigBuilder, DirectionalLightShadowMap};
use bevy::prelude::*;
use bevy::render::renderer::RenderAdapterInfo;

use crate::camera::stereo::EyeCamera;
use crate::camera::{CameraRig, MainCamera};
use crate::shared::{ActiveVenue, AppSet};
use crate::spawn::KeyLight;

/// What the user asked for (`--quality`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GraphicsQuality {
    /// Decide from the adapter: [`GraphicsQuality::Low`] on a software rasteriser,
    /// [`GraphicsQuality::High`] on a GPU.
    #[default]
    Auto,
    /// MSAA ×4, soft shadows in two cascades, depth prepass.
    High,
    /// For software rasterisers: no anti-aliasing, one hard-edged shadow tap, one
    /// cascade, depth prepass.
    Low,
}

/// The kind of adapter the renderer got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdapterKind {
    /// A real GPU (integrated, discrete or virtual).
    Gpu,
    /// A CPU rasteriser: Mesa llvmpipe/lavapipe, WARP, SwiftShader.
    Software,
}

impl AdapterKind {
    /// Classifies an adapter from what wgpu reports about it.
    pub fn of(info: &wgpu::AdapterInfo) -> Self {
        if info.device_type == wgpu::DeviceType::Cpu {
            Self::Software
        } else {
            Self::Gpu
        }
    }
}

/// How shadow edges are filtered (mirrors Bevy's enum; kept here so the profile stays
/// plain data).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShadowFilter {
    /// One hardware 2×2 comparison tap.
    Hardware2x2,
    /// Bevy's 9-tap Gaussian (Castaño).
    Gaussian,
}

/// Every render setting the profile decides.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq)]
pub struct GraphicsProfile {
    /// Which quality this is (never `Auto`).
    pub quality: GraphicsQuality,
    /// 1 (off) or 4.
    pub msaa_samples: u32,
    pub shadow_filter: ShadowFilter,
    /// Directional-light shadow cascades.
    pub cascades: usize,
    /// Side of each cascade's shadow map, in texels (a power of two).
    pub shadow_map_size: usize,
    /// Render depth first so the lit pass shades each visible pixel once.
    pub depth_prepass: bool,
}

/// The profile for a requested quality on an adapter.
pub fn profile_for(quality: GraphicsQuality, adapter: AdapterKind) -> GraphicsProfile {
    let quality = match (quality, adapter) {
        (GraphicsQuality::Auto, AdapterKind::Software) => GraphicsQuality::Low,
        (GraphicsQuality::Auto, AdapterKind::Gpu) => GraphicsQuality::High,
        (q, _) => q,
    };
    // WebGL2 has no depth prepass support in Bevy, no multisampled depth resolve and a
    // single cascade per light; the browser build keeps MSAA (done by the browser's GPU).
    let web = cfg!(target_arch = "wasm32");
    match quality {
        GraphicsQuality::Low => GraphicsProfile {
            quality,
            msaa_samples: 1,
            shadow_filter: ShadowFilter::Hardware2x2,
            cascades: 1,
            shadow_map_size: 2048,
            depth_prepass: !web,
        },
        GraphicsQuality::High | GraphicsQuality::Auto => GraphicsProfile {
            quality: GraphicsQuality::High,
            msaa_samples: 4,
            shadow_filter: ShadowFilter::Gaussian,
            cascades: if web { 1 } else { 2 },
            shadow_map_size: 2048,
            depth_prepass: !web,
        },
    }
}

impl std::fmt::Display for GraphicsProfile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let aa = match self.msaa_samples {
            1 => "no anti-aliasing".to_string(),
            n => format!("MSAA ×{n}"),
        };
        write!(
            f,
            "{} quality: {aa}, {:?} shadows in {} cascade(s) of {}², depth prepass {}",
            match self.quality {
                GraphicsQuality::Low => "low",
                _ => "high",
            },
            self.shadow_filter,
            self.cascades,
            self.shadow_map_size,
            if self.depth_prepass { "on" } else { "off" },
        )
    }
}

/// Nearest and farthest distance from `eye` to the box `min..max`: the depth range
/// shadows must cover. The near end is clamped so it never reaches 0 (cascade maths
/// needs a positive minimum), and the far end is kept above it.
pub fn shadow_range(eye: Vec3, min: Vec3, max: Vec3) -> (f32, f32) {
    const MIN_NEAR: f32 = 0.1;
    // A sliver of depth so the far bound is always beyond the near one.
    const MIN_DEPTH: f32 = 1.0;
    let nearest = eye.clamp(min, max).distance(eye).max(MIN_NEAR);
    let farthest = (0..8)
        .map(|i| {
            let corner = Vec3::new(
                if i & 1 == 0 { min.x } else { max.x },
                if i & 2 == 0 { min.y } else { max.y },
                if i & 4 == 0 { min.z } else { max.z },
            );
            corner.distance(eye)
        })
        .fold(0.0_f32, f32::max);
    (nearest, farthest.max(nearest + MIN_DEPTH))
}

/// The cascade configuration covering `near..far` with `cascades` cascades.
pub fn cascade_config(near: f32, far: f32, cascades: usize) -> CascadeShadowConfig {
    // Overlap between neighbouring cascades, blended to hide the seam.
    const OVERLAP: f32 = 0.2;
    let cascades = cascades.max(1);
    CascadeShadowConfigBuilder {
        num_cascades: cascades,
        minimum_distance: near,
        maximum_distance: far,
        // With two cascades the first covers the nearer third, where texels matter most.
        first_cascade_far_bound: near + (far - near) / 3.0,
        overlap_proportion: OVERLAP,
    }
    .build()
}

/// Whether a fitted range differs enough from the current one to rebuild the cascades
/// (rebuilding every frame would mark the light changed every frame).
pub fn range_changed(current: (f32, f32), fitted: (f32, f32)) -> bool {
    const TOLERANCE: f32 = 0.05;
    let rel = |a: f32, b: f32| (a - b).abs() > TOLERANCE * b.abs().max(1.0);
    rel(current.0, fitted.0) || rel(current.1, fitted.1)
}

/// The profile in force and the range its cascades were last fitted to.
#[derive(Resource, Debug, Default)]
pub struct AppliedGraphics {
    pub profile: Option<GraphicsProfile>,
    pub fitted: Option<(f32, f32)>,
}

/// The graphics APIs the native app asks wgpu for: Vulkan, Metal or DirectX 12, unless
/// `WGPU_BACKEND` names others. The GL backend is compiled in (the headset crates turn it
/// on, and the default build shares their wgpu so it is built once), but probing it on a
/// machine without EGL drivers logs an error at every start, and every supported machine
/// has one of these three (software Vulkan included); `WGPU_BACKEND=gl` still picks GL.
/// (The browser build uses Bevy's own choice, WebGL2, and never asks for this.)
pub fn native_backends() -> wgpu::Backends {
    wgpu::Backends::from_env().unwrap_or(wgpu::Backends::PRIMARY)
}

/// Bevy's render plugin as every native app here uses it ([`native_backends`]);
/// `synchronous_pipeline_compilation` for pictures that must be complete in their first
/// frame (headless renders). The browser keeps Bevy's own (WebGL2).
pub fn render_plugin(synchronous_pipeline_compilation: bool) -> bevy::render::RenderPlugin {
    #[cfg(not(target_arch = "wasm32"))]
    let render_creation = bevy::render::settings::WgpuSettings {
        backends: Some(native_backends()),
        ..default()
    }
    .into();
    #[cfg(target_arch = "wasm32")]
    let render_creation = default();
    bevy::render::RenderPlugin {
        render_creation,
        synchronous_pipeline_compilation,
        ..default()
    }
}

/// The web build's tonemapper: like TonyMcMapface, a neutral curve with little hue
/// shift, and computed in the shader, so it needs no lookup table.
pub const WEB_TONEMAPPING: bevy::core_pipeline::tonemapping::Tonemapping =
    bevy::core_pipeline::tonemapping::Tonemapping::SomewhatBoringDisplayTransform;

/// Every 3D camera of the web build gets [`WEB_TONEMAPPING`] as it is spawned (Bevy's
/// default needs the LUTs the web build leaves out).
#[cfg(target_arch = "wasm32")]
fn web_tonemapping(add: On<Add, Camera3d>, mut commands: Commands) {
    commands.entity(add.entity).insert(WEB_TONEMAPPING);
}

pub fn plugin(app: &mut App) {
    #[cfg(target_arch = "wasm32")]
    app.add_observer(web_tonemapping);
    // At start-up too, so the first pipelines are compiled for the right settings
    // (switching MSAA or the prepass later recompiles every mesh pipeline).
    app.init_resource::<AppliedGraphics>()
        .add_systems(
            PostStartup,
            apply_profile.run_if(resource_exists::<RenderAdapterInfo>),
        )
        .add_systems(
            Update,
            (
                apply_profile.run_if(resource_exists::<RenderAdapterInfo>),
                fit_cascades,
            )
                .chain()
                .in_set(AppSet::Camera)
                .after(crate::camera::apply_camera),
        );
}

/// Chooses the profile once the adapter is known (native: at start; web: after the
/// asynchronous adapter request) and applies it to the camera and the light.
fn apply_profile(
    mut commands: Commands,
    adapter: Res<RenderAdapterInfo>,
    options: Res<crate::AppOptions>,
    mut applied: ResMut<AppliedGraphics>,
    cameras: Query<Entity, Or<(With<MainCamera>, With<EyeCamera>)>>,
    new_eyes: Query<Entity, Added<EyeCamera>>,
) {
    let profile = profile_for(options.quality, AdapterKind::of(&adapter.0));
    if applied.profile == Some(profile) {
        // A stereo pair built later gets the profile in force.
        for eye in &new_eyes {
            set_camera_profile(&mut commands, eye, profile);
        }
        return;
    }
    if cameras.is_empty() {
        return;
    }
    info!("graphics on {}: {profile}", adapter.0.name);
    for camera in &cameras {
        set_camera_profile(&mut commands, camera, profile);
    }
    commands.insert_resource(DirectionalLightShadowMap {
        size: profile.shadow_map_size,
    });
    applied.profile = Some(profile);
    // Force a refit with the new cascade count.
    applied.fitted = None;
}

/// Puts the profile's anti-aliasing, shadow filter and prepass on a camera.
fn set_camera_profile(commands: &mut Commands, camera: Entity, profile: GraphicsProfile) {
    let mut camera = commands.entity(camera);
    camera.insert((
        Msaa::from_samples(profile.msaa_samples),
        match profile.shadow_filter {
            ShadowFilter::Hardware2x2 => ShadowFilteringMethod::Hardware2x2,
            ShadowFilter::Gaussian => ShadowFilteringMethod::Gaussian,
        },
    ));
    if profile.depth_prepass {
        camera.insert(DepthPrepass);
    } else {
        camera.remove::<DepthPrepass>();
    }
}

/// Keeps the key light's cascades tight around the venue as the camera moves.
fn fit_cascades(
    mut applied: ResMut<AppliedGraphics>,
    rigs: Query<(&CameraRig, &Transform)>,
    active: Option<Res<ActiveVenue>>,
    mut light: Query<&mut CascadeShadowConfig, With<KeyLight>>,
) {
    let (Some(profile), Some(active)) = (applied.profile, active) else {
        return;
    };
    let (Ok((rig, eye)), Ok(mut config)) = (rigs.single(), light.single_mut()) else {
        return;
    };
    let (min, max) = rig.bounds;
    let top = venue_top(&active.data);
    let fitted = shadow_range(
        eye.translation,
        Vec3::new(min.x, 0.0, min.y),
        Vec3::new(max.x, top, max.y),
    );
    if applied
        .fitted
        .is_some_and(|current| !range_changed(current, fitted))
    {
        return;
    }
    *config = cascade_config(fitted.0, fitted.1, profile.cascades);
    applied.fitted = Some(fitted);
}

/// The highest wall or ceiling of the venue (what can cast or receive shadows).
fn venue_top(data: &crate::venue_asset::VenueData) -> f32 {
    const DEFAULT_HEIGHT: f64 = 3.0;
    let walls = data.venue.walls.iter().map(|w| w.height);
    let ceiling = data.venue.ceiling_height.into_iter();
    walls
        .chain(ceiling)
        .filter(|h| h.is_finite())
        .fold(DEFAULT_HEIGHT, f64::max) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_picks_low_on_software_and_high_on_gpu() {
        let low = profile_for(GraphicsQuality::Auto, AdapterKind::Software);
        assert_eq!(low.quality, GraphicsQuality::Low);
        assert_eq!(low.msaa_samples, 1);
        assert_eq!(low.shadow_filter, ShadowFilter::Hardware2x2);
        let high = profile_for(GraphicsQuality::Auto, AdapterKind::Gpu);
        assert_eq!(high.quality, GraphicsQuality::High);
        assert_eq!(high.msaa_samples, 4);
    }

    #[test]
    fn an_explicit_quality_wins_over_the_adapter() {
        assert_eq!(
            profile_for(GraphicsQuality::High, AdapterKind::Software).quality,
            GraphicsQuality::High
        );
        assert_eq!(
            profile_for(GraphicsQuality::Low, AdapterKind::Gpu).quality,
            GraphicsQuality::Low
        );
    }

    #[test]
    fn shadow_range_spans_the_box_from_outside() {
        let (near, far) = shadow_range(
            Vec3::new(0.0, 10.0, 20.0),
            Vec3::new(-5.0, 0.0, -4.0),
            Vec3::new(5.0, 3.0, 4.0),
        );
        // Nearest point: (0, 3, 4); farthest corner: (±5, 0, -4).
        assert!((near - (49.0_f32 + 256.0).sqrt()).abs() < 1e-4, "{near}");
        assert!(
            (far - (25.0_f32 + 100.0 + 576.0).sqrt()).abs() < 1e-4,
            "{far}"
        );
    }

    #[test]
    fn shadow_range_from_inside_starts_near_the_eye() {
        let (near, far) = shadow_range(
            Vec3::new(1.0, 1.6, 1.0),
            Vec3::new(0.0, 0.0, 0.0),
            Vec3::new(8.0, 3.0, 6.0),
        );
        assert_eq!(near, 0.1);
        assert!(far > 8.0 && far < 9.0, "{far}");
        // Cascade maths asserts near < first bound < far: building must not panic.
        for cascades in 1..=4 {
            let config = cascade_config(near, far, cascades);
            assert_eq!(config.bounds.len(), cascades);
            assert!((config.bounds[cascades - 1] - far).abs() < 1e-3);
        }
    }

    #[test]
    fn degenerate_boxes_still_give_a_valid_range() {
        let eye = Vec3::new(2.0, 1.0, 2.0);
        let (near, far) = shadow_range(eye, eye, eye);
        assert!(near > 0.0 && far > near);
        cascade_config(near, far, 2);
    }

    #[test]
    fn small_camera_moves_do_not_refit() {
        assert!(!range_changed((10.0, 30.0), (10.2, 30.5)));
        assert!(range_changed((10.0, 30.0), (10.0, 33.0)));
        assert!(range_changed((0.1, 9.0), (2.0, 9.0)));
    }
}
