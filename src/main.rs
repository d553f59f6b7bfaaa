//! `venue-guide`: the command line. Parses arguments and assembles the Bevy app; the
//! non-graphical commands (`validate`, `check`, `rules`) never start Bevy, so they work
//! with no GPU and no display.

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {
    // The web build shows the bundled standard eatery; scenes are served next to it.
    let options = venue_guide::AppOptions {
        scene: venue_guide::AppOptions::DEFAULT_SCENE.into(),
        assets_dir: venue_guide::AppOptions::DEFAULT_ASSETS.into(),
        large_text: false,
        quality: venue_guide::graphics::GraphicsQuality::Auto,
        edit: false,
        palette: false,
        stereo: Default::default(),
    };
    venue_guide::run_windowed(options, venue_core::Lang::Zh, None);
}
