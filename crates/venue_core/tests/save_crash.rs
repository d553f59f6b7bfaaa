//! A writer killed mid-save leaves the old file or the new one, whole and parseable.
//!
//! The test re-runs its own binary as a child (`crash_child`, with `CRASH_CHILD_FILE`
//! set) that saves two large versions of the eatery, in turns, as fast as it can; the
//! parent kills it with SIGKILL at varying moments, several times, and reads the file.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;
use venue_core::save::write_atomic;

/// Set in the child's environment: the file it saves to.
const CHILD_ENV: &str = "CRASH_CHILD_FILE";

/// How many times the parent kills a writer.
const KILLS: u32 = 8;

/// Padding that makes a version large (about 2 MB with the eatery, under the 4 MiB
/// a venue file may have) so a write takes
/// long enough to be interrupted half-way.
const PAD_LINES: usize = 20_000;

/// The two versions the child alternates between: the eatery with a long comment
/// block (so the file is large), tagged A or B in its first line.
fn versions() -> [String; 2] {
    let text =
        std::fs::read_to_string(common::manifest_dir().join("../../scenes/small-eatery/venue.ron"))
            .expect("the eatery");
    let pad: String = (0..PAD_LINES)
        .map(|i| format!("// padding line {i:06} ..................................................................................\n"))
        .collect();
    ["A", "B"].map(|tag| format!("// version {tag}\n{pad}{text}"))
}

#[test]
fn crash_child() {
    let Some(path) = std::env::var_os(CHILD_ENV) else {
        return; // Only does something as the child of `a_killed_writer_leaves_a_whole_file`.
    };
    let versions = versions();
    for n in 0usize.. {
        write_atomic(Path::new(&path), &versions[n % 2]).expect("a save");
    }
}

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("venue-core-crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    dir
}

#[test]
fn a_killed_writer_leaves_a_whole_file() {
    let versions = versions();
    let dir = scratch();
    let path = dir.join("venue.ron");
    std::fs::write(&path, &versions[0]).expect("the first version");
    let exe = std::env::current_exe().expect("the test binary");
    let mut seen_b = false;
    // Varying moments: a spread of delays, offset by the clock so runs differ.
    let jitter = u64::from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos()),
    ) % 7;
    for round in 0..KILLS {
        let mut child = Command::new(&exe)
            .args(["crash_child", "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, &path)
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("the child test process");
        let delay = 40 + (u64::from(round) * 37 + jitter * 11) % 160;
        std::thread::sleep(Duration::from_millis(delay));
        child.kill().expect("SIGKILL"); // Child::kill is SIGKILL on Unix.
        let status = child.wait().expect("the child's end");
        assert!(
            !status.success(),
            "round {round}: the child was killed, not finished"
        );
        let now = std::fs::read_to_string(&path).expect("the file is there");
        assert!(
            versions.contains(&now),
            "round {round} (after {delay} ms): the file is neither version, {} bytes",
            now.len()
        );
        seen_b |= now == versions[1];
        if let Err(d) = venue_core::load::parse_venue(&now, &path) {
            panic!("round {round}: the file does not parse: {d:?}");
        }
        let backup = dir.join("venue.ron.bak");
        if backup.exists() {
            let kept = std::fs::read_to_string(&backup).expect("the backup reads");
            assert!(
                versions.contains(&kept),
                "round {round}: the backup is torn"
            );
        }
    }
    // The children did save (else the file would only ever be version A), and some
    // were killed half-way through a write (their temporary files are left).
    assert!(
        seen_b || dir.join("venue.ron.bak").exists(),
        "no child ever saved"
    );
    let torn = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
                .count()
        })
        .unwrap_or(0);
    eprintln!("{KILLS} kills, {torn} temporary file(s) left by writes cut short");
    let _ = std::fs::remove_dir_all(&dir);
}
