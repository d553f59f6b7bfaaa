//! Times loading and validating generated hostile venues (the figures of the
//! "quadratic blow-up" issue): `cargo run --release -p venue_core --example hostile --
//! [stacked N | spread N | long_id LEN | big]`. Prints the diagnostic count, the bytes of
//! the rendered report, the wall time and the peak resident memory (Linux `VmHWM`).

use std::path::{Path, PathBuf};
use std::time::Instant;

/// The shared good catalogue and rule pack of the bad-input fixtures.
fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad/_shared")
}

/// A venue whose fixtures are `fixtures` (RON items), in a fresh temp folder.
fn write_venue(name: &str, fixtures: &str) -> PathBuf {
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
    zones: [(id: "dining", kind: dining, polygon: [(0.0, 0.0), (60.0, 0.0), (60.0, 60.0), (0.0, 60.0)], clear_height: 3.0)],
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
    let fixtures = match kind {
        "stacked" => stacked(n),
        // Everything under the 4 MiB limit: stacked chairs.
        "big" => stacked(4 * 1024 * 1024 / 70),
        "long_id" => format!(
            "        (id: \"{}\", type: \"{}\", position: (1.5, 2.0)),\n",
            "x".repeat(n),
            "y".repeat(n)
        ),
        other => panic!("unknown kind {other}"),
    };
    let dir = write_venue(kind, &fixtures);
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
    let _ = std::fs::remove_dir_all(&dir);
}
