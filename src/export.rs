//! The printable self-check report from the app: the button in the top bar (and the
//! booth's) writes the same page `venue-guide report` writes, from the venue on screen,
//! in the interface language. On the desktop a save dialog asks where (rfd, off the
//! main thread); in the browser the page downloads.
//!
//! The page is built by the core ([`venue_core::print::report_html`]); pictures of the
//! failing checkpoints are left out here (the command line renders them in a headless
//! run), and the page is whole without them.

use crate::i18n::Language;
use crate::shared::{ActiveVenue, ExportReport, ShowNotice};
use bevy::prelude::*;
use venue_core::Text;

pub fn plugin(app: &mut App) {
    app.add_systems(Update, export_report.in_set(crate::AppSet::Input));
    #[cfg(not(target_arch = "wasm32"))]
    app.add_systems(Update, finish_save.in_set(crate::AppSet::Input));
}

/// Today's date, `YYYY-MM-DD` (UTC), from the platform clock (`SystemTime` does not
/// exist in the browser).
pub fn today() -> String {
    #[cfg(not(target_arch = "wasm32"))]
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    #[cfg(target_arch = "wasm32")]
    let seconds = (js_sys::Date::now() / 1000.0) as u64;
    venue_core::print::iso_date(seconds)
}

/// The report's file name: the venue id and the date, e.g.
/// `small-eatery-self-check-2026-11-30.html`.
pub fn report_file_name(venue_id: &str, date: &str) -> String {
    format!("{venue_id}-self-check-{date}.html")
}

fn export_report(
    mut requests: MessageReader<ExportReport>,
    active: Option<Res<ActiveVenue>>,
    language: Res<Language>,
    mut notices: MessageWriter<ShowNotice>,
    #[cfg(not(target_arch = "wasm32"))] mut commands: Commands,
    #[cfg(not(target_arch = "wasm32"))] saving: Option<Res<SaveDialog>>,
) {
    if requests.read().last().is_none() {
        return;
    }
    let Some(active) = active else {
        return;
    };
    #[cfg(not(target_arch = "wasm32"))]
    if saving.is_some() {
        // One dialog at a time; the open one answers.
        return;
    }
    let data = &active.data;
    let date = today();
    let html = venue_core::print::report_html(
        &data.venue,
        &data.packs,
        &data.plan,
        &data.report,
        language.0,
        &date,
        &[],
        Some(crate::ui::regular_font(language.0)),
    );
    let name = report_file_name(&data.venue.id, &date);
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = &mut notices;
        commands.insert_resource(SaveDialog::open(name, html));
    }
    #[cfg(target_arch = "wasm32")]
    notices.write(ShowNotice(
        match download(&name, "text/html;charset=utf-8", &html) {
            Ok(()) => Text::new(
                format!("自查报告已下载：{name}"),
                format!("Self-check report downloaded: {name}"),
            ),
            Err(e) => {
                error!("report download failed: {e}");
                Text::new("自查报告下载失败", "The report could not be downloaded")
            }
        },
    ));
}

/// The desktop save dialog and the write that follows it, off the main thread.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Resource)]
pub struct SaveDialog(bevy::tasks::Task<SaveOutcome>);

/// How a save ended.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug)]
pub enum SaveOutcome {
    Saved(std::path::PathBuf),
    Cancelled,
    Failed(std::path::PathBuf, String),
}

#[cfg(not(target_arch = "wasm32"))]
impl SaveDialog {
    fn open(name: String, html: String) -> Self {
        let task = bevy::tasks::IoTaskPool::get().spawn(async move {
            let Some(file) = rfd::AsyncFileDialog::new()
                .set_title("保存自查报告 / Save the self-check report")
                .set_file_name(&name)
                .add_filter("HTML", &["html"])
                .save_file()
                .await
            else {
                return SaveOutcome::Cancelled;
            };
            let path = file.path().to_path_buf();
            match write_whole(&path, html.as_bytes()) {
                Ok(()) => SaveOutcome::Saved(path),
                Err(e) => SaveOutcome::Failed(path, e.to_string()),
            }
        });
        Self(task)
    }
}

/// Writes `bytes` beside `path` and renames it over, so a reader never sees half a file.
#[cfg(not(target_arch = "wasm32"))]
pub fn write_whole(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write as _;
    let partial = path.with_extension("partial");
    let result = std::fs::File::create(&partial)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&partial, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

#[cfg(not(target_arch = "wasm32"))]
fn finish_save(
    mut commands: Commands,
    dialog: Option<ResMut<SaveDialog>>,
    mut notices: MessageWriter<ShowNotice>,
) {
    use bevy::tasks::{block_on, futures_lite::future};
    let Some(mut dialog) = dialog else {
        return;
    };
    let Some(outcome) = block_on(future::poll_once(&mut dialog.0)) else {
        return;
    };
    commands.remove_resource::<SaveDialog>();
    let text = match outcome {
        SaveOutcome::Saved(path) => {
            info!("wrote {}", path.display());
            Text::new(
                format!("自查报告已保存：{}", path.display()),
                format!("Self-check report saved: {}", path.display()),
            )
        }
        SaveOutcome::Cancelled => Text::new("未保存自查报告", "The report was not saved"),
        SaveOutcome::Failed(path, e) => {
            error!("cannot write {}: {e}", path.display());
            Text::new(
                format!("无法保存到 {}", path.display()),
                format!("Could not save to {}", path.display()),
            )
        }
    };
    notices.write(ShowNotice(text));
}

/// Offers `text` as a file download named `name` (browser only).
#[cfg(target_arch = "wasm32")]
pub use web::download;

#[cfg(target_arch = "wasm32")]
mod web {
    use wasm_bindgen::JsCast as _;

    /// Offers `text` (of MIME type `mime`) as a file download named `name`.
    pub fn download(name: &str, mime: &str, text: &str) -> Result<(), String> {
        let fail = |e: wasm_bindgen::JsValue| format!("{e:?}");
        let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob =
            web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or("no document")?;
        let link: web_sys::HtmlAnchorElement = document
            .create_element("a")
            .map_err(fail)?
            .dyn_into()
            .map_err(|_| "not an anchor".to_owned())?;
        link.set_href(&url);
        link.set_download(name);
        link.click();
        web_sys::Url::revoke_object_url(&url).map_err(fail)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_carry_the_venue_and_the_date() {
        assert_eq!(
            report_file_name("small-eatery", "2026-11-30"),
            "small-eatery-self-check-2026-11-30.html"
        );
        let date = today();
        assert_eq!(date.len(), 10);
        assert!(date.starts_with("20"));
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn a_whole_write_leaves_no_partial_file() {
        let dir = std::env::temp_dir().join(format!("venue-export-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("r.html");
        write_whole(&path, b"<p>new</p>").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"<p>new</p>");
        assert!(!dir.join("r.partial").exists());
        assert!(write_whole(&dir.join("missing/r.html"), b"x").is_err());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
