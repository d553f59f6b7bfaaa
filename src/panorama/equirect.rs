//! Six cube faces to one equirectangular image, and the JPEG that 360° viewers and phone
//! galleries open as a panorama: Google's photo-sphere XMP (`GPano`) in an APP1 segment.
//!
//! Directions are in the panorama's own frame: −z is the image centre (the heading the
//! panorama opens at), +x its right, +y up. Longitude grows to the right from −180° at
//! the left edge to +180° at the right, latitude from +90° at the top; the two edges are
//! the same direction, straight behind, so they meet without a seam.

use bevy::math::{Quat, Vec3};
use image::RgbImage;

/// A cube face: the direction its camera looks along and the direction that is up in
/// its image. Its right is `forward × up` (Bevy's `Transform::looking_to`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Face {
    pub forward: Vec3,
    pub up: Vec3,
}

impl Face {
    pub fn right(&self) -> Vec3 {
        self.forward.cross(self.up)
    }
}

/// The six faces, in the order the renderer captures them: front, right, back, left,
/// up, down.
pub const FACES: [Face; 6] = [
    Face {
        forward: Vec3::NEG_Z,
        up: Vec3::Y,
    },
    Face {
        forward: Vec3::X,
        up: Vec3::Y,
    },
    Face {
        forward: Vec3::Z,
        up: Vec3::Y,
    },
    Face {
        forward: Vec3::NEG_X,
        up: Vec3::Y,
    },
    Face {
        forward: Vec3::Y,
        up: Vec3::Z,
    },
    Face {
        forward: Vec3::NEG_Y,
        up: Vec3::NEG_Z,
    },
];

/// The direction a pixel centre of a `width` × `height` equirectangular image looks at.
pub fn direction(x: f32, y: f32, width: u32, height: u32) -> Vec3 {
    let lon = (x / width as f32) * std::f32::consts::TAU - std::f32::consts::PI;
    let lat = std::f32::consts::FRAC_PI_2 - (y / height as f32) * std::f32::consts::PI;
    Vec3::new(lat.cos() * lon.sin(), lat.sin(), -lat.cos() * lon.cos())
}

/// The longitude (rad, −π..π, positive to the right) of a direction in the panorama's
/// frame: where it lands across the image.
pub fn longitude(dir: Vec3) -> f32 {
    dir.x.atan2(-dir.z)
}

/// The equirectangular image of `width` × `height` from six square faces (in
/// [`FACES`] order, all the same size), sampled bilinearly.
pub fn equirect(faces: &[RgbImage; 6], width: u32, height: u32) -> RgbImage {
    let mut out = RgbImage::new(width, height);
    for (y, row) in out.enumerate_rows_mut() {
        for (x, _, pixel) in row {
            let d = direction(x as f32 + 0.5, y as f32 + 0.5, width, height);
            *pixel = sample(faces, d);
        }
    }
    out
}

/// The colour seen along `d`: on the face it points into most, bilinear between the
/// four nearest pixel centres (clamped at the face's edges).
pub fn sample(faces: &[RgbImage; 6], d: Vec3) -> image::Rgb<u8> {
    let (index, face) = FACES
        .iter()
        .enumerate()
        .max_by(|a, b| d.dot(a.1.forward).total_cmp(&d.dot(b.1.forward)))
        .expect("six faces");
    let image = &faces[index];
    let size = image.width() as f32;
    let depth = d.dot(face.forward);
    // 90° field of view: the face spans −1..1 in both directions at unit depth.
    let u = d.dot(face.right()) / depth;
    let v = d.dot(face.up) / depth;
    let px = ((u + 1.0) / 2.0 * size - 0.5).clamp(0.0, size - 1.0);
    let py = ((1.0 - v) / 2.0 * size - 0.5).clamp(0.0, size - 1.0);
    let (x0, y0) = (px.floor() as u32, py.floor() as u32);
    let (x1, y1) = (
        (x0 + 1).min(image.width() - 1),
        (y0 + 1).min(image.height() - 1),
    );
    let (fx, fy) = (px - x0 as f32, py - y0 as f32);
    let at = |x: u32, y: u32| image.get_pixel(x, y).0.map(f32::from);
    let (a, b, c, e) = (at(x0, y0), at(x1, y0), at(x0, y1), at(x1, y1));
    let mut rgb = [0u8; 3];
    for (i, channel) in rgb.iter_mut().enumerate() {
        let top = a[i] + (b[i] - a[i]) * fx;
        let bottom = c[i] + (e[i] - c[i]) * fx;
        *channel = (top + (bottom - top) * fy).round().clamp(0.0, 255.0) as u8;
    }
    image::Rgb(rgb)
}

/// The rotation of the panorama's frame in the venue for a heading `yaw` (the walker's
/// yaw: 0 looks along −z, counter-clockwise seen from above).
pub fn frame(yaw: f32) -> Quat {
    Quat::from_rotation_y(yaw)
}

/// The compass heading of the image centre (degrees, 0..360, clockwise seen from above)
/// for a panorama opened at `yaw`, with the plan's up (+z, as the plan view shows it) as
/// north.
pub fn heading_degrees(yaw: f32) -> f32 {
    let centre = frame(yaw) * Vec3::NEG_Z;
    (-centre.x).atan2(centre.z).to_degrees().rem_euclid(360.0)
}

/// The XMP packet of a full equirectangular panorama `width` × `height` whose centre
/// looks at `heading` degrees: what Google Photos, phone galleries and 360° viewers read
/// to open a photo sphere (Google's `GPano` namespace).
pub fn gpano_xmp(width: u32, height: u32, heading: f32) -> String {
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:GPano="http://ns.google.com/photos/1.0/panorama/"
   GPano:ProjectionType="equirectangular"
   GPano:UsePanoramaViewer="True"
   GPano:FullPanoWidthPixels="{width}"
   GPano:FullPanoHeightPixels="{height}"
   GPano:CroppedAreaImageWidthPixels="{width}"
   GPano:CroppedAreaImageHeightPixels="{height}"
   GPano:CroppedAreaLeftPixels="0"
   GPano:CroppedAreaTopPixels="0"
   GPano:PoseHeadingDegrees="{heading:.1}"/>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#,
        bom = '\u{feff}'
    )
}

/// The APP1 segment's namespace header that marks it as XMP.
pub const XMP_HEADER: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";

/// JPEG quality of panoramas: a 4096 × 2048 room is ~1–2 MB at this quality.
pub const JPEG_QUALITY: u8 = 88;

/// Why a panorama could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("{0}×{1} is too large for a JPEG")]
    TooLarge(u32, u32),
    #[error("cannot encode the JPEG: {0}")]
    Encode(#[from] jpeg_encoder::EncodingError),
}

/// The JPEG bytes of `image` with the photo-sphere XMP for a centre at `heading` degrees.
pub fn panorama_jpeg(image: &RgbImage, heading: f32) -> Result<Vec<u8>, WriteError> {
    let (width, height) = image.dimensions();
    let too_large = || WriteError::TooLarge(width, height);
    let (w, h) = (
        u16::try_from(width).map_err(|_| too_large())?,
        u16::try_from(height).map_err(|_| too_large())?,
    );
    let mut bytes = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut bytes, JPEG_QUALITY);
    let mut app1 = XMP_HEADER.to_vec();
    app1.extend_from_slice(gpano_xmp(width, height, heading).as_bytes());
    encoder.add_app_segment(1, &app1)?;
    encoder.encode(image.as_raw(), w, h, jpeg_encoder::ColorType::Rgb)?;
    Ok(bytes)
}

/// The XMP packet of a JPEG's APP1 segment, if it has one (what a viewer reads).
pub fn find_xmp(jpeg: &[u8]) -> Option<&str> {
    // Markers after SOI: 0xFF, kind, two length bytes (counting themselves), payload.
    let mut at = 2;
    while at + 4 <= jpeg.len() && jpeg[at] == 0xFF {
        let kind = jpeg[at + 1];
        let length = usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
        let payload = jpeg.get(at + 4..at + 2 + length)?;
        if kind == 0xE1 && payload.starts_with(XMP_HEADER) {
            return std::str::from_utf8(&payload[XMP_HEADER.len()..]).ok();
        }
        // Start of scan: no more headers.
        if kind == 0xDA {
            return None;
        }
        at += 2 + length;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f32::consts::{FRAC_PI_2, PI};

    /// Faces each painted with a gradient that is continuous across the cube's edges: the
    /// colour of a pixel is a function of its direction, as a rendered scene would be.
    fn scene_faces(size: u32, colour: impl Fn(Vec3) -> [u8; 3]) -> [RgbImage; 6] {
        FACES.map(|face| {
            RgbImage::from_fn(size, size, |x, y| {
                let u = (x as f32 + 0.5) / size as f32 * 2.0 - 1.0;
                let v = 1.0 - (y as f32 + 0.5) / size as f32 * 2.0;
                let d = (face.forward + face.right() * u + face.up * v).normalize();
                image::Rgb(colour(d))
            })
        })
    }

    fn smooth(d: Vec3) -> [u8; 3] {
        [
            ((d.x + 1.0) * 127.5) as u8,
            ((d.y + 1.0) * 127.5) as u8,
            ((d.z + 1.0) * 127.5) as u8,
        ]
    }

    #[test]
    fn faces_are_a_right_handed_cube() {
        for face in FACES {
            assert!((face.forward.dot(face.up)).abs() < 1e-6);
            assert!((face.right().length() - 1.0).abs() < 1e-6);
        }
        // The four side faces turn right in order: front, right, back, left.
        for i in 0..4 {
            assert!((FACES[i].right() - FACES[(i + 1) % 4].forward).length() < 1e-6);
        }
        // Bevy's camera looking along a face has the same right and up.
        for face in FACES {
            let t =
                bevy::transform::components::Transform::IDENTITY.looking_to(face.forward, face.up);
            assert!((t.right().as_vec3() - face.right()).length() < 1e-5);
            assert!((t.up().as_vec3() - face.up).length() < 1e-5);
        }
    }

    #[test]
    fn pixel_directions_span_the_sphere_with_the_centre_ahead() {
        let (w, h) = (400, 200);
        let centre = direction(w as f32 / 2.0, h as f32 / 2.0, w, h);
        assert!((centre - Vec3::NEG_Z).length() < 1e-5);
        let right = direction(w as f32 * 0.75, h as f32 / 2.0, w, h);
        assert!(
            (right - Vec3::X).length() < 1e-5,
            "a quarter to the right is +x"
        );
        assert!(
            (direction(0.0, 0.0, w, h) - Vec3::Y).length() < 1e-5,
            "top row looks up"
        );
        assert!((longitude(Vec3::X) - FRAC_PI_2).abs() < 1e-6);
        assert!((longitude(Vec3::NEG_Z)).abs() < 1e-6);
    }

    #[test]
    fn the_panorama_shows_what_each_direction_sees() {
        let faces = scene_faces(64, smooth);
        let (w, h) = (256, 128);
        let pano = equirect(&faces, w, h);
        let mut worst = 0i32;
        for y in (0..h).step_by(7) {
            for x in (0..w).step_by(5) {
                let d = direction(x as f32 + 0.5, y as f32 + 0.5, w, h);
                let want = smooth(d);
                let got = pano.get_pixel(x, y).0;
                for i in 0..3 {
                    worst = worst.max((i32::from(want[i]) - i32::from(got[i])).abs());
                }
            }
        }
        // A face pixel spans ~1.4° here: the gradient moves ~3 levels per pixel.
        assert!(worst <= 6, "worst channel error {worst}");
    }

    #[test]
    fn the_left_and_right_edges_meet_without_a_seam() {
        let faces = scene_faces(64, smooth);
        let (w, h) = (256, 128);
        let pano = equirect(&faces, w, h);
        for y in 0..h {
            let (l, r) = (pano.get_pixel(0, y).0, pano.get_pixel(w - 1, y).0);
            for i in 0..3 {
                assert!(l[i].abs_diff(r[i]) <= 6, "row {y}: {l:?} vs {r:?}");
            }
        }
    }

    #[test]
    fn a_spot_ahead_lands_at_its_longitude() {
        // A red spot 40° right of centre, 10° up; everything else grey.
        let spot = Vec3::new(40f32.to_radians().sin(), 0.0, -40f32.to_radians().cos())
            .lerp(Vec3::Y, 0.17)
            .normalize();
        let faces = scene_faces(128, |d| {
            if d.dot(spot) > 0.999 {
                [255, 0, 0]
            } else {
                [90, 90, 90]
            }
        });
        let (w, h) = (720, 360);
        let pano = equirect(&faces, w, h);
        let reds: Vec<u32> = pano
            .enumerate_pixels()
            .filter(|(_, _, p)| p.0[0] > 200 && p.0[1] < 60)
            .map(|(x, _, _)| x)
            .collect();
        assert!(!reds.is_empty());
        let mean = reds.iter().sum::<u32>() as f32 / reds.len() as f32;
        let expected = (longitude(spot) + PI) / (2.0 * PI) * w as f32;
        assert!((mean - expected).abs() < 2.0, "{mean} vs {expected}");
        assert!((longitude(spot).to_degrees() - 40.0).abs() < 0.5);
    }

    #[test]
    fn the_heading_is_clockwise_from_the_plans_up() {
        // Yaw 0 looks along −z: the plan's down, south.
        assert!((heading_degrees(0.0) - 180.0).abs() < 1e-3);
        // Yaw π looks along +z: north.
        assert!(heading_degrees(PI).abs() < 1e-3 || (heading_degrees(PI) - 360.0).abs() < 1e-3);
        // A quarter turn counter-clockwise from north is west (270°).
        assert!((heading_degrees(PI + FRAC_PI_2) - 270.0).abs() < 1e-3);
    }

    #[test]
    fn the_jpeg_carries_the_photo_sphere_metadata() {
        let image = RgbImage::from_pixel(64, 32, image::Rgb([10, 20, 30]));
        let bytes = panorama_jpeg(&image, 123.46).unwrap();
        assert_eq!(&bytes[..2], &[0xFF, 0xD8], "a JPEG");
        let xmp = find_xmp(&bytes).expect("an XMP APP1 segment before the image data");
        for field in [
            r#"GPano:ProjectionType="equirectangular""#,
            r#"GPano:UsePanoramaViewer="True""#,
            r#"GPano:FullPanoWidthPixels="64""#,
            r#"GPano:FullPanoHeightPixels="32""#,
            r#"GPano:CroppedAreaImageWidthPixels="64""#,
            r#"GPano:CroppedAreaImageHeightPixels="32""#,
            r#"GPano:CroppedAreaLeftPixels="0""#,
            r#"GPano:CroppedAreaTopPixels="0""#,
            r#"GPano:PoseHeadingDegrees="123.5""#,
        ] {
            assert!(xmp.contains(field), "{field} missing from {xmp}");
        }
        assert!(matches!(
            panorama_jpeg(&RgbImage::new(70_000, 1), 0.0),
            Err(WriteError::TooLarge(..))
        ));
    }
}
