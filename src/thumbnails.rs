//! Thumbnails of the catalogue's fixture types for the edit palette, rendered by the app
//! itself from the same glTF models the venue shows, so a department's new catalogue
//! entry gets its picture with no extra file.
//!
//! When the palette asks ([`FixtureThumbnails::want`]), a *studio* is set up: per type,
//! its model under a [`Propagate`]d studio render layer that the venue's cameras do not
//! see, lit by the studio's own light, far from the venue, and a small camera rendering
//! it into an image. A few cameras are active at a time, each for a few frames once its
//! model is in place; then camera and model are despawned and the image stays. The
//! images are kept until the catalogue changes.
//!
//! Invariants: the venue's cameras never see the studio (render layers), the studio never
//! shows in picking (the same layers), and at most [`ACTIVE_CAMERAS`] studio cameras draw
//! in one frame, so opening the palette never stalls the view for long.

use crate::shared::{ActiveVenue, AppSet};
use crate::venue_asset::{CurrentVenue, VenueAsset};
use bevy::app::{HierarchyPropagatePlugin, Propagate};
use bevy::camera::RenderTarget;
use bevy::camera::visibility::RenderLayers;
use bevy::prelude::*;
use bevy::render::render_resource::TextureFormat;
use bevy::world_serialization::WorldAssetRoot;
use std::collections::BTreeMap;
use venue_core::Catalogue;

/// Size of one thumbnail (px): 4:3, sharp at the palette's tile size on a 4K booth.
pub const THUMBNAIL_SIZE: UVec2 = UVec2::new(192, 144);
/// The render layer of the studio (the venue is on layer 0).
const STUDIO_LAYER: usize = 7;
/// Where the studio stands: far from any venue, below the ground, so that even a
/// camera on the default layers would have it beyond its far plane.
const STUDIO_ORIGIN: Vec3 = Vec3::new(0.0, -20_000.0, 0.0);
/// Spacing of the models in the studio (m): larger than any fixture.
const STUDIO_SPACING: f32 = 20.0;
/// Studio cameras drawing in one frame.
const ACTIVE_CAMERAS: usize = 6;
/// Frames a studio camera draws once its model is in place: the first frames after a
/// model spawns may still lack its meshes' GPU data.
const SETTLE_FRAMES: u32 = 3;
/// Frames to wait for a model before giving up on its thumbnail (the tile shows the
/// names only).
const GIVE_UP_FRAMES: u32 = 600;
/// Vertical field of view of the studio cameras.
const STUDIO_FOV: f32 = 0.5;
/// The palette tile's colour, so a thumbnail sits on its tile without a frame.
const STUDIO_BACKGROUND: Color = Color::srgb(0.93, 0.94, 0.96);
/// From where a fixture is seen: front (local +z), a little to its right and above,
/// the way a catalogue photographs furniture.
const VIEW_DIRECTION: Vec3 = Vec3::new(0.55, 0.5, 1.0);

/// The rendered thumbnails, by fixture type, and the studio rendering them.
#[derive(Resource, Default)]
pub struct FixtureThumbnails {
    /// An image per type with a model (rendered or being rendered).
    images: BTreeMap<String, Handle<Image>>,
    /// Types whose image is rendered.
    done: BTreeMap<String, bool>,
    /// The catalogue the images show.
    catalogue: Option<Catalogue>,
    /// Set by whoever shows thumbnails (the palette) while it does.
    wanted: bool,
    /// Bumped when a new set of images is set up (whoever shows them rebuilds).
    generation: u32,
}

impl FixtureThumbnails {
    /// Asks for the thumbnails of the venue's catalogue (the palette calls this every
    /// frame it is open).
    pub fn want(&mut self) {
        self.wanted = true;
    }
    /// The image of a type's thumbnail (drawn or not yet).
    pub fn image(&self, kind: &str) -> Option<&Handle<Image>> {
        self.images.get(kind)
    }
    /// Whether a type's thumbnail is drawn.
    pub fn is_done(&self, kind: &str) -> bool {
        self.done.get(kind).copied().unwrap_or(false)
    }
    /// Which set of images [`Self::image`] hands out: shown images must be taken again
    /// when it changes.
    pub fn generation(&self) -> u32 {
        self.generation
    }
    /// Whether thumbnails are being drawn.
    pub fn busy(&self) -> bool {
        self.done.values().any(|done| !done)
    }
    /// How many thumbnails are drawn and how many there are.
    pub fn progress(&self) -> (usize, usize) {
        (
            self.done.values().filter(|d| **d).count(),
            self.images.len(),
        )
    }
}

/// The studio's systems: whoever wants thumbnails asks before them.
#[derive(SystemSet, Debug, Clone, PartialEq, Eq, Hash)]
pub struct RenderThumbnails;

/// One model in the studio with its camera.
#[derive(Component)]
struct StudioTile {
    kind: String,
    camera: Entity,
    /// Frames drawn since the model was in place.
    drawn: u32,
    /// Frames waited in all.
    waited: u32,
}

/// Everything of the studio, despawned with it.
#[derive(Component)]
struct StudioPart;

pub fn plugin(app: &mut App) {
    if !app.is_plugin_added::<HierarchyPropagatePlugin<RenderLayers>>() {
        app.add_plugins(HierarchyPropagatePlugin::<RenderLayers>::new(PostUpdate));
    }
    app.init_resource::<FixtureThumbnails>().add_systems(
        Update,
        (set_up_studio, run_studio)
            .chain()
            .in_set(AppSet::Ui)
            .in_set(RenderThumbnails),
    );
}

/// Sets the studio up when thumbnails are wanted and the catalogue is not the one they
/// show.
fn set_up_studio(
    mut commands: Commands,
    mut thumbnails: ResMut<FixtureThumbnails>,
    active: Option<Res<ActiveVenue>>,
    current: Option<Res<CurrentVenue>>,
    venues: Option<Res<Assets<VenueAsset>>>,
    images: Option<ResMut<Assets<Image>>>,
    studio: Query<Entity, With<StudioPart>>,
) {
    // Read every frame: not a change, so whoever shows the images rebuilds only when they do.
    let wanted = std::mem::take(&mut thumbnails.bypass_change_detection().wanted);
    let (true, Some(active), Some(current), Some(venues), Some(mut images)) =
        (wanted, active, current, venues, images)
    else {
        return;
    };
    let catalogue = &active.data.catalogue;
    if thumbnails.catalogue.as_ref() == Some(catalogue) {
        return;
    }
    let Some(asset) = venues.get(&current.handle) else {
        return;
    };
    for part in &studio {
        commands.entity(part).despawn();
    }
    thumbnails.images.clear();
    thumbnails.done.clear();
    thumbnails.generation += 1;
    thumbnails.catalogue = Some(catalogue.clone());
    let layer = RenderLayers::layer(STUDIO_LAYER);
    commands.spawn((
        Name::new("Thumbnail studio light"),
        StudioPart,
        DirectionalLight {
            illuminance: 5_000.0,
            shadow_maps_enabled: false,
            ..default()
        },
        Transform::from_xyz(2.0, 6.0, 5.0).looking_at(Vec3::ZERO, Vec3::Y),
        layer.clone(),
    ));
    for (index, (kind, fixture_type)) in catalogue.fixtures.iter().enumerate() {
        let Some(model) = asset.models.get(&fixture_type.model) else {
            continue;
        };
        // sRGB storage itself, with no second view format: WebGL2 cannot reinterpret a
        // texture's format (no VIEW_FORMATS; seen in the browser).
        let image = images.add(Image::new_target_texture(
            THUMBNAIL_SIZE.x,
            THUMBNAIL_SIZE.y,
            TextureFormat::Rgba8UnormSrgb,
            None,
        ));
        let (width, depth, height) = fixture_type.size;
        let size = Vec3::new(width as f32, height as f32, depth as f32);
        let at = STUDIO_ORIGIN + Vec3::X * STUDIO_SPACING * index as f32;
        let (eye, target) = framing(at, size, THUMBNAIL_SIZE.x as f32 / THUMBNAIL_SIZE.y as f32);
        let camera = commands
            .spawn((
                Name::new(format!("Thumbnail camera {kind}")),
                StudioPart,
                Camera3d::default(),
                Camera {
                    // Before the venue's camera, which draws the palette.
                    order: -1,
                    clear_color: ClearColorConfig::Custom(STUDIO_BACKGROUND),
                    is_active: false,
                    ..default()
                },
                RenderTarget::Image(image.clone().into()),
                Projection::Perspective(PerspectiveProjection {
                    fov: STUDIO_FOV,
                    near: 0.05,
                    far: STUDIO_SPACING,
                    ..default()
                }),
                Transform::from_translation(eye).looking_at(target, Vec3::Y),
                layer.clone(),
            ))
            .id();
        commands.spawn((
            Name::new(format!("Thumbnail model {kind}")),
            StudioPart,
            StudioTile {
                kind: kind.clone(),
                camera,
                drawn: 0,
                waited: 0,
            },
            WorldAssetRoot(model.clone()),
            Transform::from_translation(at),
            Visibility::default(),
            Propagate(layer.clone()),
        ));
        thumbnails.images.insert(kind.clone(), image);
        thumbnails.done.insert(kind.clone(), false);
    }
}

/// Lets a few studio cameras draw at a time; finished tiles leave their image.
fn run_studio(
    mut commands: Commands,
    mut thumbnails: ResMut<FixtureThumbnails>,
    mut tiles: Query<(Entity, &mut StudioTile, Option<&Children>)>,
    mut cameras: Query<&mut Camera>,
) {
    let mut drawing = 0;
    for (entity, mut tile, children) in &mut tiles {
        tile.waited += 1;
        let in_place = children.is_some_and(|c| !c.is_empty());
        let finished = tile.drawn >= SETTLE_FRAMES;
        let give_up = tile.waited > GIVE_UP_FRAMES;
        if finished || give_up {
            if give_up && !finished {
                warn!("thumbnail of `{}`: its model did not appear", tile.kind);
                thumbnails.images.remove(&tile.kind);
                thumbnails.done.remove(&tile.kind);
            } else {
                thumbnails.done.insert(tile.kind.clone(), true);
            }
            commands.entity(tile.camera).despawn();
            commands.entity(entity).despawn();
            continue;
        }
        let draw = in_place && drawing < ACTIVE_CAMERAS;
        if let Ok(mut camera) = cameras.get_mut(tile.camera)
            && camera.is_active != draw
        {
            camera.is_active = draw;
        }
        if draw {
            drawing += 1;
            tile.drawn += 1;
        }
    }
}

/// Where a studio camera stands and looks to frame a fixture of `size` (x width, y
/// height, z depth) standing at `at`: its bounding sphere fits the narrower of the
/// two fields of view.
pub fn framing(at: Vec3, size: Vec3, aspect: f32) -> (Vec3, Vec3) {
    let center = at + Vec3::Y * size.y / 2.0;
    let radius = (size.length() / 2.0).max(0.05);
    let half_fov = (STUDIO_FOV / 2.0).min((STUDIO_FOV / 2.0).tan().atan2(1.0 / aspect));
    let distance = radius / half_fov.sin();
    (center + VIEW_DIRECTION.normalize() * distance, center)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_fixture_is_in_view() {
        for size in [
            Vec3::new(0.5, 0.85, 0.45),
            Vec3::new(1.6, 0.5, 1.0),
            Vec3::new(0.12, 0.12, 0.05),
            Vec3::new(3.0, 2.2, 0.6),
        ] {
            let at = Vec3::new(40.0, -5.0, 0.0);
            let (eye, target) = framing(at, size, 4.0 / 3.0);
            let center = at + Vec3::Y * size.y / 2.0;
            assert!((target - center).length() < 1e-5);
            // Every corner of the box lies within the vertical field of view.
            let forward = (target - eye).normalize();
            for corner in 0..8 {
                let offset = Vec3::new(
                    if corner & 1 == 0 { -0.5 } else { 0.5 } * size.x,
                    if corner & 2 == 0 { -0.5 } else { 0.5 } * size.y,
                    if corner & 4 == 0 { -0.5 } else { 0.5 } * size.z,
                );
                let to_corner = (center + offset - eye).normalize();
                let angle = forward.angle_between(to_corner);
                assert!(
                    angle <= STUDIO_FOV / 2.0 + 1e-4,
                    "{size:?} corner {corner}: {angle}"
                );
            }
            // And the camera is not absurdly far: the box fills a fair part of it.
            let distance = (eye - center).length();
            assert!(distance < size.length() * 4.0, "{size:?}: {distance}");
        }
    }
}
