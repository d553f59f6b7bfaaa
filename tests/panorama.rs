//! `venue-guide panorama` on a real adapter (software Vulkan in CI): the picture wraps
//! round without a seam, the extinguishers land at the longitude the plan gives them
//! from the panorama's eye, and the file carries the photo-sphere metadata.
//!
//! Without an adapter these tests fail when `CI` is set (CI must render) and are skipped
//! with a message otherwise. Bad input is refused before anything renders.

use bevy::math::{Vec2, Vec3};
use std::path::PathBuf;
use std::process::Command;
use venue_guide::panorama::equirect;

const BIN: &str = env!("CARGO_BIN_EXE_venue-guide");
/// Small enough for a quick software render, large enough to find a fixture in.
const SIZE: (u32, u32) = (1024, 512);
/// The checkpoint the panorama is taken at: the hand-wash basins, with the dining room's
/// wall-mounted extinguisher in sight and not highlighted (a checkpoint about
/// extinguishers would tint them with its highlight).
const RULE: &str = "handwash_in_food_area";

fn out_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("venue-guide-pano-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Runs `panorama`; `None` when no adapter exists and we are not in CI.
fn panorama(rule: &str, dir: &std::path::Path) -> Option<(Vec<u8>, image::RgbImage)> {
    let output = Command::new(BIN)
        .current_dir(venue_guide::manifest_dir())
        .env("XDG_RUNTIME_DIR", std::env::temp_dir())
        .args([
            "panorama",
            "scenes/small-eatery",
            "--checkpoint",
            rule,
            "--size",
        ])
        .arg(format!("{}x{}", SIZE.0, SIZE.1))
        .arg("-o")
        .arg(dir)
        .output()
        .expect("run venue-guide");
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() && stderr.contains("no graphics adapter") {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must render, but: {stderr}"
        );
        eprintln!("skipping: no graphics adapter ({stderr})");
        return None;
    }
    assert!(output.status.success(), "panorama failed: {stderr}");
    let bytes = std::fs::read(dir.join(format!("{rule}.jpg"))).expect("the JPEG");
    let mut decoder = jpeg_decoder::Decoder::new(&bytes[..]);
    let pixels = decoder.decode().expect("a JPEG that decodes");
    let info = decoder.info().expect("its size");
    assert_eq!((u32::from(info.width), u32::from(info.height)), SIZE);
    let image = image::RgbImage::from_raw(SIZE.0, SIZE.1, pixels).expect("RGB");
    Some((bytes, image))
}

#[test]
fn a_panorama_wraps_round_and_puts_the_extinguishers_where_the_plan_does() {
    let dir = out_dir("pano");
    let Some((bytes, image)) = panorama(RULE, &dir) else {
        return;
    };
    let xmp = equirect::find_xmp(&bytes).expect("photo-sphere metadata");
    assert!(
        xmp.contains(r#"GPano:ProjectionType="equirectangular""#),
        "{xmp}"
    );
    assert!(
        xmp.contains(&format!(r#"GPano:FullPanoWidthPixels="{}""#, SIZE.0)),
        "{xmp}"
    );

    // The seam: the first and last columns look the same way (straight behind).
    let (w, h) = image.dimensions();
    let mut diff = 0u64;
    for y in 0..h {
        let (l, r) = (image.get_pixel(0, y).0, image.get_pixel(w - 1, y).0);
        diff += (0..3).map(|i| u64::from(l[i].abs_diff(r[i]))).sum::<u64>();
    }
    let mean = diff as f64 / f64::from(h * 3);
    assert!(
        mean < 8.0,
        "the edges differ by {mean:.1} levels on average"
    );
    // Not blank: the room, not a clear colour.
    let distinct: std::collections::HashSet<[u8; 3]> =
        image.pixels().step_by(13).map(|p| p.0).collect();
    assert!(distinct.len() > 200, "{} colours", distinct.len());

    // The extinguishers (red cylinders on the wall) where the geometry puts them: from the
    // panorama's eye, in its frame (−z the centre, longitude growing to the right).
    let scene = venue_guide::manifest_dir().join("scenes/small-eatery");
    let valid = venue_core::load::load_valid_venue(&scene).expect("the scene loads");
    let data = venue_guide::venue_asset::VenueData::from_valid(valid);
    let obstacles = venue_guide::camera::obstacles_for(&data);
    let (eye, yaw) = venue_guide::panorama::panorama_eye(&data, &obstacles, RULE).unwrap();
    let red = |p: [u8; 3]| p[0] > 140 && p[1] < 90 && p[2] < 90;
    let mut found = 0;
    for f in data
        .plan
        .fixtures
        .iter()
        .filter(|f| f.kind == "extinguisher")
    {
        let centre = Vec3::new(
            f.center.0 as f32,
            ((f.bottom + f.top) / 2.0) as f32,
            f.center.1 as f32,
        );
        let d = centre - eye;
        // Into the panorama's frame: undo the heading's turn about +y.
        let (s, c) = yaw.sin_cos();
        let local = Vec3::new(d.x * c - d.z * s, d.y, d.x * s + d.z * c);
        let lon = local.x.atan2(-local.z);
        let lat = local.y.atan2(Vec2::new(local.x, local.z).length());
        let px = ((lon / std::f32::consts::TAU + 0.5) * w as f32) as i64;
        let py = ((0.5 - lat / std::f32::consts::PI) * h as f32) as i64;
        let near = |r: i64| {
            let mut n = 0;
            for y in (py - r).max(0)..(py + r).min(i64::from(h)) {
                for x in px - r..px + r {
                    let x = x.rem_euclid(i64::from(w)) as u32;
                    if red(image.get_pixel(x, y as u32).0) {
                        n += 1;
                    }
                }
            }
            n
        };
        let (close, around) = (near(6), near(40));
        eprintln!(
            "{}: lon {:.1}°, pixel ({px}, {py}): {close} red within 6 px, {around} within 40",
            f.id,
            lon.to_degrees()
        );
        if around > 0 {
            // Where red shows near a fixture, it is at the fixture's own longitude.
            assert!(close > 0, "{}: red near ({px}, {py}) but not at it", f.id);
            found += 1;
        }
    }
    assert!(
        found > 0,
        "no extinguisher seen from the panorama's eye {eye}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_misspelt_checkpoint_gets_a_did_you_mean_and_nothing_renders() {
    let dir = out_dir("typo");
    let output = Command::new(BIN)
        .current_dir(venue_guide::manifest_dir())
        .args([
            "panorama",
            "scenes/small-eatery",
            "--checkpoint",
            "extinguisher_cuont",
            "-o",
        ])
        .arg(&dir)
        .output()
        .expect("run venue-guide");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("did you mean `extinguisher_count`"),
        "{stderr}"
    );
    assert!(!dir.exists(), "nothing written");
    // A size that is not 2:1 is refused too.
    let output = Command::new(BIN)
        .current_dir(venue_guide::manifest_dir())
        .args([
            "panorama",
            "scenes/small-eatery",
            "--all",
            "--size",
            "1000x1000",
            "-o",
        ])
        .arg(&dir)
        .output()
        .expect("run venue-guide");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains("twice as wide as it is high"), "{stderr}");
    assert!(!dir.exists(), "nothing written");
}
