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
    // The web build shows a bundled scene, served next to the page: `?scene=<id>` (an id
    // of scenes/index.ron; the standard eatery without it) and `?lang=zh|zh-hant|en`.
    let query = web::query();
    let scene = match web::param(&query, "scene") {
        Some(id) => web::scene_folder(&id),
        None => venue_guide::AppOptions::DEFAULT_SCENE.to_owned(),
    };
    let lang = web::param(&query, "lang")
        .and_then(|tag| web::lang(&tag))
        .unwrap_or(venue_core::Lang::Zh);
    let options = venue_guide::AppOptions {
        scene: scene.into(),
        assets_dir: venue_guide::AppOptions::DEFAULT_ASSETS.into(),
        large_text: false,
        quality: venue_guide::graphics::GraphicsQuality::Auto,
        edit: false,
        palette: false,
        stereo: Default::default(),
    };
    venue_guide::run_windowed(options, lang, None);
}

/// The page's address parameters.
#[cfg(target_arch = "wasm32")]
mod web {
    use venue_core::Lang;

    /// The address's query (`?…`), empty when there is none.
    pub fn query() -> String {
        web_sys::window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default()
    }

    /// The value of `key` in a query string, percent-decoded.
    pub fn param(query: &str, key: &str) -> Option<String> {
        query
            .trim_start_matches('?')
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(k, _)| *k == key)
            .and_then(|(_, v)| js_sys::decode_uri_component(v).ok())
            .and_then(|v| v.as_string())
    }

    /// The folder of a bundled scene. An id is one path segment (letters, digits, `-`,
    /// `_`); other characters become `_`, so an odd id is a scene the app says it cannot
    /// find, never some other path.
    pub fn scene_folder(id: &str) -> String {
        let id: String = id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        format!("scenes/{id}")
    }

    /// A language tag as the address gives it.
    pub fn lang(tag: &str) -> Option<Lang> {
        match tag.to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh-hans" => Some(Lang::Zh),
            "zh-hant" | "zh-hk" | "zh-tw" | "zh-mo" => Some(Lang::ZhHant),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}
