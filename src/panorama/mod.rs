//! `venue-guide panorama`: a 360° picture of each checkpoint, for any phone's gallery or
//! 360° viewer (no WebGL, no headset).
//!
//! One headless run renders every requested checkpoint: the checkpoint is focused as a
//! tap would focus it (its evidence drawn, its fixtures highlighted), six square cameras
//! with a 90° field of view stand where a walker would stand to look at it (the camera's
//! own choice of a free spot, [`crate::camera::math::walk_spot`], at eye height) and face
//! the six ways of a cube, and their images are resampled into one equirectangular
//! picture ([`equirect`]) opening towards the checkpoint, written as a JPEG with the
//! photo-sphere metadata. Panels are hidden; the checkpoints' pins (in the world, as in
//! the headset) stay.

pub mod equirect;

use crate::camera::WalkObstacles;
use crate::camera::math::{EYE_HEIGHT, walk_spot, yaw_of_look};
use crate::graphics::AppliedGraphics;
use crate::shared::{ActiveVenue, FocusCheckpoint, FocusSource};
use crate::spawn::PendingModel;
use bevy::camera::RenderTarget;
use bevy::prelude::*;
use bevy::render::render_resource::TextureFormat;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};
use std::path::PathBuf;

/// Frames to wait after everything is loaded before the first capture (pipelines, shadow
/// maps, the evidence's first layout), and before each later one (the new focus's
/// evidence and highlight).
const SETTLE_FRAMES: u32 = 12;
const NEXT_SETTLE_FRAMES: u32 = 4;
/// Give up if the venue has not loaded after this many frames.
const LOAD_TIMEOUT_FRAMES: u32 = 3_000;
/// The smallest and largest panoramas (width; the height is half): a 512 px one is a
/// thumbnail, an 8192 px one a 100 MB render on a software rasteriser.
pub const MIN_WIDTH: u32 = 512;
pub const MAX_WIDTH: u32 = 8192;

/// What to render: each checkpoint's panorama, and its size.
#[derive(Resource, Debug, Clone)]
pub struct PanoramaRequest {
    pub jobs: Vec<PanoramaJob>,
    /// Width and height of each panorama (2:1).
    pub size: UVec2,
}

#[derive(Debug, Clone)]
pub struct PanoramaJob {
    pub rule: String,
    pub output: PathBuf,
}

/// Why a panorama size is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SizeError {
    #[error(
        "a panorama is twice as wide as it is high (equirectangular), e.g. 4096x2048; got {0}x{1}"
    )]
    NotTwoToOne(u32, u32),
    #[error("a panorama is {MIN_WIDTH}–{MAX_WIDTH} pixels wide; got {0}")]
    OutOfRange(u32),
}

/// Checks a panorama size and gives the side of its cube faces: a quarter of the width,
/// so the faces have as many pixels per degree at their centres as the panorama at its
/// horizon.
pub fn face_size(size: UVec2) -> Result<u32, SizeError> {
    if size.x != size.y * 2 {
        return Err(SizeError::NotTwoToOne(size.x, size.y));
    }
    if !(MIN_WIDTH..=MAX_WIDTH).contains(&size.x) {
        return Err(SizeError::OutOfRange(size.x));
    }
    Ok(size.x.div_ceil(4))
}

/// One of the six cameras, with the index of its face in [`equirect::FACES`].
#[derive(Component)]
struct FaceCamera(usize);

/// The six images the face cameras render into.
#[derive(Resource)]
struct FaceTargets(Vec<Handle<Image>>);

#[derive(Resource, Default)]
struct Progress {
    frames: u32,
    ready_for: u32,
    /// The job being rendered and whether its view is set.
    job: usize,
    placed: bool,
    /// The heading (yaw) the current panorama opens at.
    yaw: f32,
    requested: bool,
    faces: Vec<Option<image::RgbImage>>,
}

pub fn plugin(app: &mut App) {
    app.init_resource::<Progress>()
        .add_systems(Startup, spawn_face_cameras)
        .add_systems(Last, drive);
}

fn spawn_face_cameras(
    mut commands: Commands,
    request: Res<PanoramaRequest>,
    mut images: ResMut<Assets<Image>>,
) {
    // The size was checked by the caller; a bad one here still renders something.
    let side = face_size(request.size).unwrap_or(request.size.x / 4).max(1);
    let mut targets = Vec::new();
    for (i, _) in equirect::FACES.iter().enumerate() {
        let image = images.add(Image::new_target_texture(
            side,
            side,
            TextureFormat::Rgba8UnormSrgb,
            None,
        ));
        commands.spawn((
            Name::new(format!("Panorama face {i}")),
            FaceCamera(i),
            Camera3d::default(),
            Camera {
                // After the main camera, which renders into its own small image.
                order: 1 + i as isize,
                ..default()
            },
            Projection::Perspective(PerspectiveProjection {
                fov: std::f32::consts::FRAC_PI_2,
                aspect_ratio: 1.0,
                ..default()
            }),
            RenderTarget::Image(image.clone().into()),
            Transform::default(),
        ));
        targets.push(image);
    }
    commands.insert_resource(FaceTargets(targets));
}

/// Where a panorama of `rule` is taken: a walker's free spot looking at the checkpoint's
/// viewpoint target, at eye height, and the heading that faces it.
pub fn panorama_eye(
    data: &crate::venue_asset::VenueData,
    obstacles: &WalkObstacles,
    rule: &str,
) -> Option<(Vec3, f32)> {
    /// Points tried on the way in from a viewpoint outside the venue.
    const STEPS_IN: usize = 100;
    let (eye, target) = crate::focus::viewpoint_for_rule(data, rule)?;
    let (min, max) = crate::shared::venue_bounds(data);
    let inside = |p: Vec2| p.cmpge(min).all() && p.cmple(max).all();
    // A viewpoint framed from outside or above (a checkpoint spread over several rooms)
    // is no place to stand: a panorama of something inside is taken inside, from where
    // the line of sight enters the venue. Only a checkpoint outside (the site's setback
    // from a cesspit) is taken outside.
    let from = if inside(eye.xz()) || !inside(target.xz()) {
        eye.xz()
    } else {
        (0..=STEPS_IN)
            .map(|i| eye.xz().lerp(target.xz(), i as f32 / STEPS_IN as f32))
            .find(|p| inside(*p))
            .unwrap_or(target.xz())
    };
    let spot = walk_spot(from, target.xz(), &obstacles.obstacles, from);
    let yaw = yaw_of_look(target.xz() - spot);
    Some((Vec3::new(spot.x, EYE_HEIGHT, spot.y), yaw))
}

fn drive(
    mut commands: Commands,
    mut progress: ResMut<Progress>,
    request: Res<PanoramaRequest>,
    targets: Res<FaceTargets>,
    active: Option<Res<ActiveVenue>>,
    obstacles: Res<WalkObstacles>,
    pending: Query<(), With<PendingModel>>,
    current: Res<crate::venue_asset::CurrentVenue>,
    graphics: Res<AppliedGraphics>,
    mut cameras: Query<(Entity, &FaceCamera, &mut Transform)>,
    mut focus: MessageWriter<FocusCheckpoint>,
    mut exit: MessageWriter<AppExit>,
) {
    progress.frames += 1;
    if let Some(error) = &current.error {
        eprintln!("{error}");
        exit.write(AppExit::error());
        return;
    }
    let Some(active) = active else {
        if progress.frames > LOAD_TIMEOUT_FRAMES {
            eprintln!("error: the venue did not load within {LOAD_TIMEOUT_FRAMES} frames");
            exit.write(AppExit::error());
        }
        return;
    };
    if !pending.is_empty() || obstacles.generation != Some(active.generation) {
        progress.ready_for = 0;
        return;
    }
    let Some(job) = request.jobs.get(progress.job) else {
        return;
    };
    if !progress.placed {
        let Some((eye, yaw)) = panorama_eye(&active.data, &obstacles, &job.rule) else {
            eprintln!("error: no checkpoint `{}` in this venue", job.rule);
            exit.write(AppExit::error());
            return;
        };
        focus.write(FocusCheckpoint::on(
            job.rule.clone(),
            FocusSource::StartView,
        ));
        let frame = equirect::frame(yaw);
        for (entity, face, mut transform) in &mut cameras {
            let f = equirect::FACES[face.0];
            *transform =
                Transform::from_translation(eye).looking_to(frame * f.forward, frame * f.up);
            // The same anti-aliasing as the main view.
            if let Some(profile) = graphics.profile {
                commands
                    .entity(entity)
                    .insert(Msaa::from_samples(profile.msaa_samples));
            }
        }
        progress.placed = true;
        progress.yaw = yaw;
        progress.ready_for = 0;
        progress.requested = false;
        progress.faces = vec![None; equirect::FACES.len()];
        return;
    }
    progress.ready_for += 1;
    let settle = if progress.job == 0 {
        SETTLE_FRAMES
    } else {
        NEXT_SETTLE_FRAMES
    };
    if progress.ready_for < settle {
        return;
    }
    if !progress.requested {
        progress.requested = true;
        for (i, target) in targets.0.iter().enumerate() {
            commands.spawn(Screenshot::image(target.clone())).observe(
                move |captured: On<ScreenshotCaptured>, mut progress: ResMut<Progress>| {
                    match captured.image.clone().try_into_dynamic() {
                        Ok(image) => progress.faces[i] = Some(image.to_rgb8()),
                        Err(e) => eprintln!("error: cannot read a cube face: {e}"),
                    }
                },
            );
        }
        return;
    }
    if progress.faces.iter().any(Option::is_none) {
        return;
    }
    let faces: Vec<image::RgbImage> = progress.faces.drain(..).flatten().collect();
    let Ok(faces) = <[image::RgbImage; 6]>::try_from(faces) else {
        return;
    };
    let pano = equirect::equirect(&faces, request.size.x, request.size.y);
    let written = equirect::panorama_jpeg(&pano, equirect::heading_degrees(progress.yaw))
        .map_err(|e| e.to_string())
        .and_then(|bytes| std::fs::write(&job.output, bytes).map_err(|e| e.to_string()));
    match written {
        Ok(()) => println!("wrote {}", job.output.display()),
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", job.output.display());
            exit.write(AppExit::error());
            return;
        }
    }
    progress.job += 1;
    progress.placed = false;
    if progress.job == request.jobs.len() {
        exit.write(AppExit::Success);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panorama_sizes_are_two_to_one_and_bounded() {
        assert_eq!(face_size(UVec2::new(4096, 2048)), Ok(1024));
        assert_eq!(face_size(UVec2::new(1000, 500)), Ok(250));
        assert_eq!(
            face_size(UVec2::new(4096, 4096)),
            Err(SizeError::NotTwoToOne(4096, 4096))
        );
        assert_eq!(
            face_size(UVec2::new(256, 128)),
            Err(SizeError::OutOfRange(256))
        );
        assert_eq!(
            face_size(UVec2::new(16384, 8192)),
            Err(SizeError::OutOfRange(16384))
        );
    }

    /// Every checkpoint's eye is a free spot for a body, at eye height, inside the venue
    /// unless what it looks at is outside (the site's setback from a cesspit), even
    /// where the checkpoint's viewpoint frames it from outside or above.
    #[test]
    fn every_checkpoint_of_the_standard_eatery_has_a_free_eye() {
        use crate::camera::math::BODY_RADIUS;
        let path = crate::manifest_dir().join("scenes/small-eatery");
        let valid = venue_core::load::load_valid_venue(&path).unwrap();
        let data = crate::venue_asset::VenueData::from_valid(valid);
        let obstacles = crate::camera::obstacles_for(&data);
        let (min, max) = crate::shared::venue_bounds(&data);
        let inside = |p: Vec2| p.x >= min.x && p.x <= max.x && p.y >= min.y && p.y <= max.y;
        let mut outside = Vec::new();
        let mut eyes = 0;
        for result in &data.report.results {
            // A checkpoint that does not apply has nothing to look at, and no panorama.
            let Some((eye, _)) = panorama_eye(&data, &obstacles, &result.id) else {
                continue;
            };
            eyes += 1;
            assert_eq!(eye.y, EYE_HEIGHT);
            assert!(
                !obstacles
                    .obstacles
                    .iter()
                    .any(|o| o.blocks(eye.xz(), BODY_RADIUS)),
                "{}: {eye} is inside a wall or fixture",
                result.id
            );
            if !inside(eye.xz()) {
                let (_, target) = crate::focus::viewpoint_for_rule(&data, &result.id).unwrap();
                assert!(
                    !inside(target.xz()),
                    "{}: {eye} is outside, but what it looks at, {target}, is inside",
                    result.id
                );
                outside.push(result.id.as_str());
            }
        }
        assert_eq!(outside, ["site_pollution_setback"]);
        assert!(
            eyes >= 50,
            "{eyes} of {} checkpoints",
            data.report.results.len()
        );
        assert!(panorama_eye(&data, &obstacles, "no_such_rule").is_none());
    }
}
