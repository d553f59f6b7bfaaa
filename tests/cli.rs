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

/// `--lang zh-hant` (and its aliases) gives Traditional Chinese in `check`, `rules` and
/// `report`, converted from the Simplified files.
#[test]
fn traditional_chinese_on_the_command_line() {
    let run = |args: &[&str]| {
        Command::new(BIN)
            .args(args)
            .current_dir(venue_guide::manifest_dir())
            .output()
            .expect("run venue-guide")
    };
    let check = run(&["check", "scenes/small-eatery", "--lang", "zh-hant"]);
    assert_eq!(check.status.code(), Some(0));
    let table = String::from_utf8_lossy(&check.stdout);
    assert!(
        table.contains("必須要求") && table.contains("依據"),
        "{table}"
    );
    assert!(table.contains("消毒櫃"), "{table}");
    let rules = run(&[
        "rules",
        "scenes/rules/small-eatery.ron",
        "--lang",
        "zh_hant",
    ]);
    assert!(rules.status.success());
    assert!(String::from_utf8_lossy(&rules.stdout).contains("廚房"));
    let dir = scratch("cli-hant-report");
    let page = dir.join("report.html");
    let report = run(&[
        "report",
        "scenes/retail-pharmacy",
        "--lang",
        "hant",
        "--no-images",
        "-o",
        page.to_str().unwrap(),
    ]);
    assert!(
        report.status.success(),
        "{}",
        String::from_utf8_lossy(&report.stderr)
    );
    let html = std::fs::read_to_string(&page).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(html.contains("<html lang=\"zh-Hant-HK\">"));
    assert!(html.contains("開店自查報告") && html.contains("藥品"));
    assert!(
        html.contains("data:font/ttf;base64,"),
        "the HK face is embedded"
    );
}

/// A fresh, empty folder under the system's temporary folder (never in the repository).
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("venue-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Runs the binary in the repository root.
fn run(args: &[&std::ffi::OsStr]) -> std::process::Output {
    run_in(&venue_guide::manifest_dir(), args)
}

fn run_in(dir: &std::path::Path, args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run venue-guide")
}

macro_rules! args {
    ($($a:expr),* $(,)?) => { &[$(std::ffi::OsStr::new(&$a)),*] };
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `new` makes scenes that `validate` accepts and `check` evaluates: a blank room, and
/// copies of both shipped scenes that keep everything but the id and the (rewritten)
/// paths, from the repository root and from elsewhere.
#[test]
fn new_scenes_validate_and_check() {
    let dir = scratch("new");
    let root = venue_guide::manifest_dir();
    let blank = dir.join("corner-shop");
    let eatery = dir.join("my-eatery");
    let pharmacy = dir.join("nested/pharmacy-2");
    let made = [
        run(args![
            "new",
            blank,
            "--size",
            "5x7",
            "--title-en",
            "Corner shop",
            "--pack",
            "scenes/rules/retail-pharmacy.ron",
            "--permit",
            "drug_retail"
        ]),
        run(args!["new", eatery, "--from", "scenes/small-eatery"]),
        run(args![
            "new",
            pharmacy,
            "--from",
            "scenes/retail-pharmacy/venue.ron",
            "--id",
            "pharm",
            "--title-zh",
            "第二药店"
        ]),
        // From another working directory, with a relative folder: the shipped
        // catalogue and pack are found in the checkout.
        run_in(&dir, args!["new", "relative-room", "--zone", "dining"]),
    ];
    for output in &made {
        let stdout = text(&output.stdout);
        assert!(
            output.status.success() && stdout.contains("ok: ") && stdout.contains("next: "),
            "{stdout}{}",
            text(&output.stderr)
        );
    }
    for folder in [&blank, &eatery, &pharmacy, &dir.join("relative-room")] {
        let validate = run(args!["validate", folder]);
        assert!(validate.status.success(), "{}", text(&validate.stderr));
        let check = run(args!["check", folder, "--lang", "en"]);
        let code = check.status.code();
        assert!(
            code == Some(0) || code == Some(1),
            "{}",
            text(&check.stderr)
        );
        assert!(text(&check.stdout).contains("required rules pass"));
    }
    let load = |p: &std::path::Path| venue_core::load::load_valid_venue(p).unwrap().loaded;
    let v = load(&blank).venue;
    assert_eq!(
        (v.id.as_str(), v.title.en.as_str()),
        ("corner-shop", "Corner shop")
    );
    assert_eq!(v.floor[2], (5.0, 7.0));
    assert_eq!(v.permit, "drug_retail");
    assert_eq!(v.rule_packs.len(), 1);
    assert!(v.rule_packs[0].ends_with("scenes/rules/retail-pharmacy.ron"));
    assert_eq!(
        load(&dir.join("relative-room")).venue.zones[0]
            .kind
            .as_str(),
        "dining"
    );
    for (folder, source, id) in [
        (&eatery, "scenes/small-eatery", "my-eatery"),
        (&pharmacy, "scenes/retail-pharmacy", "pharm"),
    ] {
        // The shipped scenes pass their packs, and so do their copies.
        assert_eq!(run(args!["check", folder]).status.code(), Some(0));
        let (copy, source) = (load(folder), load(&root.join(source)));
        assert_eq!(copy.catalogue, source.catalogue, "the same catalogue");
        assert_eq!(copy.packs, source.packs, "the same rule packs");
        let mut back = copy.venue.clone();
        assert_eq!(back.id, id);
        back.id = source.venue.id.clone();
        back.title = source.venue.title.clone();
        back.catalogue = source.venue.catalogue.clone();
        back.rule_packs = source.venue.rule_packs.clone();
        assert_eq!(back, source.venue, "nothing else changed");
    }
    assert_eq!(load(&pharmacy).venue.title.zh, "第二药店");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `new` never overwrites a venue.ron, and refuses bad input before writing anything.
#[test]
fn new_refuses_to_overwrite_and_bad_input() {
    let dir = scratch("new-refuses");
    let shop = dir.join("shop");
    assert!(run(args!["new", shop]).status.success());
    let before = std::fs::read(shop.join("venue.ron")).unwrap();
    let again = run(args!["new", shop, "--from", "scenes/small-eatery"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        text(&again.stderr).contains("already exists"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(std::fs::read(shop.join("venue.ron")).unwrap(), before);
    let never = dir.join("never");
    for (bad, expect) in [
        (&["--size", "0x5"][..], "width must be"),
        (&["--size", "5x0"][..], "depth must be"),
        (&["--size", "abc"][..], "expected WIDTHxDEPTH"),
        (&["--size", "6xten"][..], "not a depth"),
        (&["--size", "1000x5"][..], "width must be"),
        (&["--from", "scenes/no-such-scene"][..], "no scene there"),
        (&["--pack", "scenes/rules/nope.ron"][..], "no such file"),
        (&["--id", "Not An Id"][..], "not a valid id"),
        (&["--zone", "kitchen"][..], "not a zone kind"),
        (
            &["--from", "scenes/small-eatery", "--size", "5x5"][..],
            "cannot be used with",
        ),
    ] {
        let mut cmd = vec![std::ffi::OsStr::new("new"), never.as_os_str()];
        cmd.extend(bad.iter().map(std::ffi::OsStr::new));
        let output = run(&cmd);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{bad:?}: {stderr}");
        assert!(stderr.contains(expect), "{bad:?}: {stderr}");
        assert!(!never.exists(), "{bad:?}: nothing written");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A copy of the shipped scene files under `dir`, in the same layout.
fn copy_scene_files(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let root = venue_guide::manifest_dir();
    let files = [
        "scenes/small-eatery/venue.ron",
        "scenes/catalogue.ron",
        "scenes/rules/small-eatery.ron",
    ];
    files
        .iter()
        .map(|f| {
            let to = dir.join(f);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(root.join(f), &to).unwrap();
            to
        })
        .collect()
}

/// `fmt --check` lists what is not canonical and writes nothing; `fmt` rewrites it
/// (the shipped files are hand-laid-out, so it changes them) without changing the
/// model or losing a comment, and is then a no-op.
#[test]
fn fmt_keeps_the_model_and_check_reports_changes() {
    let dir = scratch("fmt");
    let files = copy_scene_files(&dir);
    let originals: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    let check = run(args!["fmt", "--check", files[0], files[1], files[2]]);
    assert_eq!(check.status.code(), Some(1), "{}", text(&check.stderr));
    let listed = text(&check.stdout);
    for f in &files {
        assert!(listed.contains(&*f.to_string_lossy()), "{listed}");
    }
    for (f, original) in files.iter().zip(&originals) {
        assert_eq!(
            &std::fs::read(f).unwrap(),
            original,
            "--check writes nothing"
        );
    }
    let before = venue_core::load::load_valid_venue(&files[0])
        .unwrap()
        .loaded;
    // A scene folder stands for its venue.ron.
    let scene = dir.join("scenes/small-eatery");
    let fmt = run(args!["fmt", scene, files[1], files[2]]);
    assert!(fmt.status.success(), "{}", text(&fmt.stderr));
    assert!(!text(&fmt.stderr).contains("warning"), "no comment dropped");
    let after = venue_core::load::load_valid_venue(&files[0])
        .unwrap()
        .loaded;
    assert_eq!(after.venue, before.venue);
    assert_eq!(after.catalogue, before.catalogue);
    assert_eq!(after.packs, before.packs);
    let comments = |b: &[u8]| text(b).matches("//").count();
    for (f, original) in files.iter().zip(&originals) {
        let now = std::fs::read(f).unwrap();
        assert_ne!(&now, original);
        assert_eq!(comments(&now), comments(original), "{}", f.display());
        let backup = f.with_file_name(format!("{}.bak", f.file_name().unwrap().to_string_lossy()));
        assert_eq!(&std::fs::read(backup).unwrap(), original);
    }
    let again = run(args!["fmt", "--check", files[0], files[1], files[2]]);
    assert!(
        again.status.success(),
        "idempotent: {}",
        text(&again.stdout)
    );
    assert!(again.stdout.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

/// A file that does not parse gets its diagnostics, rendered like `validate` renders
/// them, exit 2, and stays byte for byte as it was; a comment `fmt` cannot place is
/// warned about.
#[test]
fn fmt_leaves_a_broken_file_alone_and_warns_about_dropped_comments() {
    let dir = scratch("fmt-broken");
    let files = copy_scene_files(&dir);
    let venue = &files[0];
    let broken = std::fs::read_to_string(venue).unwrap().replacen(
        "format_version: 1,",
        "format_version: 1,\n    walls: [(id: ",
        1,
    );
    std::fs::write(venue, &broken).unwrap();
    for check in [true, false] {
        let mut cmd = args!["fmt", venue].to_vec();
        if check {
            cmd.push(std::ffi::OsStr::new("--check"));
        }
        let output = run(&cmd);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("error[E")
                && stderr.contains("venue.ron:")
                && stderr.contains("does not parse"),
            "{stderr}"
        );
        assert_eq!(std::fs::read_to_string(venue).unwrap(), broken);
        assert!(!venue.with_file_name("venue.ron.bak").exists());
    }
    let odd = dir.join("odd/venue.ron");
    std::fs::create_dir_all(odd.parent().unwrap()).unwrap();
    std::fs::write(
        &odd,
        "(format_version: 1, id: \"x\", title /* odd */ : (zh: \"t\", en: \"T\"), permit: \"p\", \
         catalogue: \"c.ron\", floor: [(0.0, 0.0), (4.0, 0.0), (4.0, 5.0)])",
    )
    .unwrap();
    let output = run(args!["fmt", odd]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("1 comment(s)"),
        "{}",
        text(&output.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `vr` where there is no OpenXR runtime (CI, and any machine without a headset): it
/// says what it looked for and how to get a runtime, and exits 3, never a panic. A build
/// without the `xr` feature says how to build one instead.
#[test]
fn vr_without_a_headset_says_what_it_looked_for_and_exits_3() {
    let output = Command::new(BIN)
        .args(["vr", "scenes/small-eatery"])
        // No runtime, whatever this machine has installed.
        .env("XR_RUNTIME_JSON", "/nonexistent/openxr/active_runtime.json")
        .current_dir(venue_guide::manifest_dir())
        .output()
        .expect("run venue-guide");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    if cfg!(feature = "xr") {
        for expected in [
            "/nonexistent/openxr/active_runtime.json",
            "Monado",
            "SteamVR",
            "Meta Quest Link",
            "--fallback flat",
        ] {
            assert!(stderr.contains(expected), "`{expected}` missing:\n{stderr}");
        }
    } else {
        assert!(stderr.contains("--features xr"), "{stderr}");
    }
}

#[test]
fn vr_refuses_an_odd_snap_turn_and_seat_lift() {
    for (flag, value, expected) in [
        ("--snap", "20", "a snap turn is 30 or 45 degrees"),
        ("--seated", "3", "the seated lift must be 0–1 m"),
    ] {
        let output = Command::new(BIN)
            .args(["vr", "scenes/small-eatery", flag, value])
            .current_dir(venue_guide::manifest_dir())
            .output()
            .expect("run venue-guide");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(expected), "{stderr}");
    }
}

/// A booth soak whose pictures' folder cannot be made stops at once, saying which folder
/// and why, instead of logging a failure for every picture minutes into the run.
#[test]
fn a_soak_whose_pictures_folder_cannot_be_made_says_so() {
    let dir = std::env::temp_dir().join(format!("venue-cli-shots-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // A file where the folder's parent should be.
    let blocker = dir.join("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    let shots = blocker.join("shots");
    let out = run(args!["kiosk", "--soak", "5", "--shots", shots]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("cannot make the pictures' folder") && stderr.contains("shots"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
