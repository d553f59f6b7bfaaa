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
