//! Times loading and validating generated hostile venues (the figures of the
//! "quadratic blow-up" issue): `cargo run --release -p venue_core --example hostile --
//! [stacked N | grid N | long_id LEN | big | zones N | walls N]`. Prints the diagnostic count, the bytes of
//! the rendered report, the wall time and the peak resident memory (Linux `VmHWM`).

use std::path::{Path, PathBuf};
use std::time::Instant;

/// The shared good catalogue and rule pack of the bad-input fixtures.
fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad/_shared")
}

/// A venue whose fixtures are `fixtures` and extra zones and walls `zones`, `walls`
/// (RON items), in a fresh temp folder.
fn write_venue(name: &str, fixtures: &str, zones: &str, walls: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("venue_core-hostile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    for f in ["catalogue.ron", "rules.ron"] {
        std::fs::copy(shared().join(f), dir.join(f)).expect("copy shared file");
    }
    let venue = format!(
        r#"(
    format_version: 1,
    id: "hostile",
    title: (zh: "测试", en: "Test"),
    permit: "food_business",
    catalogue: "catalogue.ron",
    rule_packs: ["rules.ron"],
    floor: [(0.0, 0.0), (60.0, 0.0), (60.0, 60.0), (0.0, 60.0)],
    walls: [
{walls}    ],
    zones: [(id: "dining", kind: dining, polygon: [(0.0, 0.0), (60.0, 0.0), (60.0, 60.0), (0.0, 60.0)], clear_height: 3.0),
{zones}    ],
    fixtures: [
{fixtures}    ],
)
"#
    );
    std::fs::write(dir.join("venue.ron"), venue).expect("write venue");
    dir
}

fn stacked(n: usize) -> String {
    (0..n)
        .map(|i| format!("        (id: \"chair_{i}\", type: \"table\", position: (1.5, 2.0)),\n"))
        .collect()
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let kind = args.first().map_or("stacked", String::as_str);
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(2000);
    let (mut fixtures, mut zones, mut walls) = (String::new(), String::new(), String::new());
    match kind {
        "stacked" => fixtures = stacked(n),
        // Tables 1.5 m apart in a square: a big but sane venue.
        "grid" => {
            let side = (n as f64).sqrt().ceil() as usize;
            fixtures = (0..n)
                .map(|i| {
                    let (x, z) = (1.0 + (i % side) as f64 * 1.5, 1.0 + (i / side) as f64 * 1.5);
                    format!("        (id: \"t_{i}\", type: \"table\", position: ({x}, {z})),\n")
                })
                .collect();
        }
        // A misspelt field in every fixture (reported by the loader).
        "typos" => {
            fixtures = (0..n)
                .map(|i| {
                    format!("        (id: \"c_{i}\", type: \"table\", positon: (1.5, 2.0)),\n")
                })
                .collect();
        }
        // Everything under the 4 MiB limit: stacked chairs.
        "big" => fixtures = stacked(4 * 1024 * 1024 / 70),
        // An unknown type of `n` characters (up to 4 million fit under the limit).
        "long_id" => {
            fixtures = format!(
                "        (id: \"chair\", type: \"{}\", position: (1.5, 2.0)),\n",
                "y".repeat(n)
            );
        }
        // `n` zones of 1000 points each (a saw-tooth strip), all overlapping.
        "zones" => {
            zones = (0..n)
                .map(|i| {
                    let mut pts: Vec<String> = (0..500)
                        .map(|k| {
                            format!(
                                "({:.3}, {:.3})",
                                k as f64 * 0.1,
                                if k % 2 == 0 { 0.0 } else { 0.05 }
                            )
                        })
                        .collect();
                    pts.extend(
                        (0..500)
                            .rev()
                            .map(|k| format!("({:.3}, 1.0)", k as f64 * 0.1)),
                    );
                    format!(
                        "        (id: \"z_{i}\", kind: other, polygon: [{}], clear_height: 3.0),\n",
                        pts.join(", ")
                    )
                })
                .collect();
        }
        // `n` crossing walls, each with a door, in a lattice.
        "walls" => {
            walls = (0..n)
                .map(|i| {
                    let c = 1.0 + (i / 2) as f64 * 0.05;
                    let (from, to) = if i % 2 == 0 { ((c, 0.0), (c, 50.0)) } else { ((0.0, c), (50.0, c)) };
                    format!("        (id: \"w_{i}\", from: {from:?}, to: {to:?}, thickness: 0.1, height: 3.0, openings: [Door((id: \"d_{i}\", center: 10.0, width: 0.9, height: 2.0))]),\n")
                })
                .collect();
        }
        other => panic!("unknown kind {other}"),
    }
    let dir = write_venue(kind, &fixtures, &zones, &walls);
    let bytes = std::fs::metadata(dir.join("venue.ron")).map_or(0, |m| m.len());
    let start = Instant::now();
    let (diags, sources) = match venue_core::load::load_venue(&dir) {
        Ok(loaded) => (venue_core::validate::validate(&loaded), loaded.sources),
        Err(e) => (e.diagnostics, e.sources),
    };
    let validated = start.elapsed();
    let rendered = venue_core::render::render_diagnostics(&diags, &sources, false);
    let total = start.elapsed();
    println!(
        "{kind} {n}: venue.ron {bytes} B, {} diagnostics, report {} B, load+validate {:.2} s, +render {:.2} s, peak RSS {} MiB",
        diags.len(),
        rendered.len(),
        validated.as_secs_f64(),
        total.as_secs_f64(),
        peak_rss_kib().map_or(0, |k| k / 1024)
    );
    let mut codes: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for d in &diags {
        *codes
            .entry(format!("{:?} {}", d.severity, d.code))
            .or_default() += 1;
    }
    println!("  by code: {codes:?}");
    let _ = std::fs::remove_dir_all(&dir);
}
