//! Command-line errors a user can make get a clear message and a non-zero exit, before
//! anything starts (no adapter or window needed).

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_venue-guide");

#[test]
fn an_unknown_quality_is_refused_with_the_choices() {
    let output = Command::new(BIN)
        .args(["render", "scenes/small-eatery", "-o", "/tmp/never.png"])
        .args(["--quality", "ultra"])
        .current_dir(venue_guide::manifest_dir())
        .output()
        .expect("run venue-guide");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("invalid value 'ultra'") && stderr.contains("auto, high, low"),
        "{stderr}"
    );
}

/// `venue-guide check … | head -c 10`: the reader closes the pipe early; the program
/// ends quietly (no "failed printing to stdout" panic, no exit 101).
#[test]
fn a_closed_pipe_ends_the_program_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    for args in [
        &["check", "scenes/small-eatery", "--format", "json"][..],
        &["rules", "scenes/rules/small-eatery.ron"][..],
    ] {
        let mut child = Command::new(BIN)
            .args(args)
            .current_dir(venue_guide::manifest_dir())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run venue-guide");
        let mut first = [0u8; 10];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // The read end is dropped here: the rest of the output meets a closed pipe.
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_ne!(output.status.code(), Some(101), "{args:?}: {stderr}");
    }
}

/// A copy of the asset folder to break models in.
fn scratch_assets(name: &str) -> std::path::PathBuf {
    let from = venue_guide::manifest_dir().join("assets/models");
    let root = std::env::temp_dir().join(format!("venue-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("models")).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, root.join("models").join(path.file_name().unwrap())).unwrap();
        }
    }
    root
}

fn validate_with_assets(assets: &std::path::Path) -> std::process::Output {
    Command::new(BIN)
        .args(["validate", "scenes/small-eatery", "--assets"])
        .arg(assets)
        .current_dir(venue_guide::manifest_dir())
        .output()
        .expect("run venue-guide")
}

/// `validate` reads every model: one that will not load is a warning with the parser's
/// reason where the catalogue names it, not "ok".
#[test]
fn validate_reports_models_that_will_not_load() {
    let assets = scratch_assets("broken-model");
    let good = validate_with_assets(&assets);
    assert!(good.status.success());
    assert!(String::from_utf8_lossy(&good.stdout).contains("ok:"));
    std::fs::write(assets.join("models/chair.glb"), b"glTF not really").unwrap();
    let broken = validate_with_assets(&assets);
    let _ = std::fs::remove_dir_all(&assets);
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert!(broken.status.success(), "a warning, not an error: {stderr}");
    assert!(!String::from_utf8_lossy(&broken.stdout).contains("ok:"));
    assert!(
        stderr.contains("E0402")
            && stderr.contains("models/chair.glb")
            && stderr.contains("not a valid glTF")
            && stderr.contains("catalogue.ron:"),
        "{stderr}"
    );
}

/// A model that is a symbolic link out of the asset folder is refused by `validate` and
/// by `render` (before any adapter is looked for), never read.
#[cfg(unix)]
#[test]
fn a_model_linked_outside_the_asset_folder_is_refused() {
    let assets = scratch_assets("linked-model");
    let model = assets.join("models/chair.glb");
    std::fs::remove_file(&model).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", &model).unwrap();
    let validate = validate_with_assets(&assets);
    let render = Command::new(BIN)
        .args([
            "render",
            "scenes/small-eatery",
            "-o",
            "/tmp/never.png",
            "--assets",
        ])
        .arg(&assets)
        .current_dir(venue_guide::manifest_dir())
        .output()
        .expect("run venue-guide");
    let _ = std::fs::remove_dir_all(&assets);
    for (what, output) in [("validate", validate), ("render", render)] {
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{what}: {stderr}");
        assert!(
            stderr.contains("E0401") && stderr.contains("/etc/passwd"),
            "{what}: {stderr}"
        );
    }
}

/// `report` writes one self-contained HTML page with the plan and every checkpoint;
/// an unwritable output is a clear error, not a panic.
#[test]
fn report_writes_a_self_contained_page() {
    let dir = std::env::temp_dir().join(format!("venue-cli-report-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("report.html");
    let output = Command::new(BIN)
        .args([
            "report",
            "scenes/small-eatery-violations",
            "--lang",
            "en",
            "--no-images",
            "-o",
        ])
        .arg(&page)
        .current_dir(venue_guide::manifest_dir())
        .output()
        .expect("run venue-guide");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<svg") && html.contains("not an approval"));
    assert!(
        !html.contains("<script") && !html.contains("src=\"http"),
        "self-contained"
    );
    assert!(
        !html.contains("<img"),
        "--no-images leaves the pictures out"
    );
    let bad = Command::new(BIN)
        .args(["report", "scenes/small-eatery", "-o"])
        .arg(dir.join("no-such-folder/report.html"))
        .current_dir(venue_guide::manifest_dir())
        .output()
        .expect("run venue-guide");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("cannot write"));
}
