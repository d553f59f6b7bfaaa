//! The printable report printed to PDF by headless Chromium, read back with pdftotext:
//! every checkpoint title and measured figure is in it, no checkpoint's row is cut
//! across pages, and it stays a handful of A4 pages. Needs Debian's `chromium` and
//! `poppler-utils`; with `CI` set it fails rather than skips when they are missing.

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_venue-guide");
/// The violations variant has 56 checkpoints: a few pages of A4, never dozens.
const MAX_PAGES: usize = 10;

fn available(tool: &str) -> bool {
    Command::new(tool).arg("--version").output().is_ok()
}

/// Text with runs of whitespace (line breaks inside a table cell) made single spaces.
/// Pages are read in content-stream order (`-raw`): Chromium writes a table row cell by
/// cell, so a wrapped title is not interleaved with the next column.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pdf_pages(pdf: &Path) -> Vec<String> {
    let mut pages = Vec::new();
    for page in 1.. {
        let out = Command::new("pdftotext")
            .args(["-raw", "-f", &page.to_string(), "-l", &page.to_string()])
            .arg(pdf)
            .arg("-")
            .output()
            .expect("run pdftotext");
        if !out.status.success() || page > MAX_PAGES * 3 {
            break;
        }
        pages.push(flat(&String::from_utf8_lossy(&out.stdout)));
    }
    pages
}

/// Whether pictures must be in the report: under CI (which installs software Vulkan), or
/// wherever an adapter is found.
fn renderer_expected() -> bool {
    std::env::var_os("CI").is_some() || venue_guide::headless::probe_adapter().is_ok()
}

/// Prints `html` to `dir/report.pdf` with headless Chromium.
fn print_to_pdf(dir: &Path, html: &Path) -> std::path::PathBuf {
    let pdf = dir.join("report.pdf");
    let printed = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("run chromium");
    assert!(
        pdf.is_file(),
        "{}",
        String::from_utf8_lossy(&printed.stderr)
    );
    pdf
}

#[test]
fn the_report_prints_whole_on_a4() {
    if !available("chromium") || !available("pdftotext") {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs chromium and poppler-utils for the report's print test"
        );
        eprintln!("skipped: install chromium and poppler-utils to run the print test");
        return;
    }
    let dir = std::env::temp_dir().join(format!("venue-report-pdf-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let html = dir.join("report.html");
    let scene = venue_guide::manifest_dir().join("scenes/small-eatery-violations");
    let written = Command::new(BIN)
        .args(["report", "--lang", "en", "-o"])
        .arg(&html)
        .arg(&scene)
        .output()
        .expect("run venue-guide");
    assert!(
        written.status.success(),
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );
    let pdf = print_to_pdf(&dir, &html);
    let pages = pdf_pages(&pdf);
    let whole = pages.join(" ");
    assert!(
        (2..=MAX_PAGES).contains(&pages.len()),
        "{} pages",
        pages.len()
    );

    let loaded = venue_core::load::load_valid_venue(&scene).unwrap().loaded;
    let packs: Vec<_> = loaded.packs.iter().map(|(_, p)| p.clone()).collect();
    let report = venue_core::rules::evaluate(&loaded.venue, &loaded.catalogue, &packs);
    for r in &report.results {
        // A row is whole when one page holds both its title (its first line) and the end
        // of its finding (its last lines but the source).
        let title = flat(&r.title.en);
        let finding = flat(&r.finding.en);
        let words: Vec<&str> = finding.split(' ').collect();
        let tail = words[words.len().saturating_sub(4)..].join(" ");
        assert!(
            pages
                .iter()
                .any(|p| p.contains(&title) && p.contains(&tail)),
            "the row of `{title}` is cut across pages or missing"
        );
        if let Some(m) = r
            .measured
            .filter(|_| r.unit != venue_core::report::Unit::Bool)
        {
            let two = format!("{m:.2}");
            let three = format!("{m:.3}");
            let whole_number = format!("{m:.0}");
            assert!(
                whole.contains(&two) || whole.contains(&three) || whole.contains(&whole_number),
                "no figure {two} for {}",
                r.id
            );
        }
    }
    assert!(whole.contains("not an approval"));
    // A renderer is there (the render tests need one under CI): every failing
    // checkpoint has its picture, and the section prints.
    if renderer_expected() {
        let page = std::fs::read_to_string(&html).unwrap();
        let failing = report
            .results
            .iter()
            .filter(|r| r.status == venue_core::Status::Fail)
            .count();
        assert_eq!(
            page.matches("<img src=\"data:image/jpeg;base64,").count(),
            failing,
            "one picture per failing checkpoint"
        );
        assert!(whole.contains("Failing checkpoints in view"));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The Chinese report prints its Chinese on a machine without Chinese fonts (CI has
/// none): the page carries its own font, cut to its characters.
#[test]
fn the_chinese_report_prints_with_its_own_font() {
    if !available("chromium") || !available("pdftotext") {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs chromium and poppler-utils for the report's print test"
        );
        eprintln!("skipped: install chromium and poppler-utils to run the print test");
        return;
    }
    let dir = std::env::temp_dir().join(format!("venue-report-zh-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let html = dir.join("report.html");
    let scene = venue_guide::manifest_dir().join("scenes/retail-pharmacy-violations");
    let written = Command::new(BIN)
        .args(["report", "--lang", "zh", "--no-images", "-o"])
        .arg(&html)
        .arg(&scene)
        .output()
        .expect("run venue-guide");
    assert!(
        written.status.success(),
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );
    let pdf = print_to_pdf(&dir, &html);
    let squeezed = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let whole = squeezed(&pdf_pages(&pdf).join(""));
    assert!(
        whole.contains("不是审批决定"),
        "the Chinese text is in the PDF"
    );
    let loaded = venue_core::load::load_valid_venue(&scene).unwrap().loaded;
    let packs: Vec<_> = loaded.packs.iter().map(|(_, p)| p.clone()).collect();
    let report = venue_core::rules::evaluate(&loaded.venue, &loaded.catalogue, &packs);
    for r in &report.results {
        let title = squeezed(&r.title.zh);
        assert!(whole.contains(&title), "no title {title}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
