//! The command line: `view` (default), `kiosk` (the booth), `vr` (a headset), `render`,
//! `validate`, `check`, `report`, `rules`, `new` (scaffold a scene folder) and `fmt`
//! (canonical layout of the RON files).
//!
//! `anyhow` lives only here, at the binary's edge; the library parts return typed errors.
//!
//! Every command loads scenes through the core's one pipeline
//! ([`venue_core::load::load_valid_venue`]), the same the app's asset loader runs, so a
//! broken file gives the same diagnostics everywhere. Output goes through [`out`] and
//! [`err`]: a closed pipe (`check … | head`) ends the program quietly, as ripgrep does.

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use venue_core::{Lang, Level, Report};
use venue_guide::AppOptions;
use venue_guide::camera::stereo::StereoSettings;
use venue_guide::camera::stereo_math::{self, Convergence, StereoMode};
use venue_guide::graphics::GraphicsQuality;
use venue_guide::headless::{CaptureRequest, ViewSpec};

/// 3D guidance and compliance checking for business premises.
#[derive(Parser, Debug)]
#[command(name = "venue-guide", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Scene to open when no command is given (default: the bundled small eatery).
    scene: Option<PathBuf>,
    #[command(flatten)]
    view: ViewArgs,
}

#[derive(clap::Args, Debug, Clone)]
struct ViewArgs {
    /// Interface language.
    #[arg(long, value_enum, default_value = "zh")]
    lang: LangArg,
    /// Start in large-text mode.
    #[arg(long)]
    large_text: bool,
    /// Start in edit mode (drag fixtures, corners and doors; undo; save).
    #[arg(long)]
    edit: bool,
    /// Start in edit mode with the fixture palette open.
    #[arg(long)]
    palette: bool,
    /// Folder with the models and fonts.
    #[arg(long, default_value = AppOptions::DEFAULT_ASSETS)]
    assets: PathBuf,
    /// Render quality: auto (low on a software rasteriser, high on a GPU), high or low.
    #[arg(long, value_enum, default_value = "auto")]
    quality: QualityArg,
    #[command(flatten)]
    stereo: StereoArgs,
}

/// Side-by-side stereo, shared by `view`, `render` and `kiosk`.
#[derive(clap::Args, Debug, Clone)]
struct StereoArgs {
    /// Side-by-side stereo: off; sbs (each eye half the width, for a phone in a viewer);
    /// sbs-half (each eye squeezed to half the width, for a 3D TV). F3 cycles it.
    #[arg(long, value_enum, default_value = "off")]
    stereo: StereoArg,
    /// Distance between the eyes in millimetres (40 to 80).
    #[arg(long, value_name = "MM", default_value_t = 64.0, value_parser = parse_ipd_mm)]
    ipd_mm: f32,
    /// Where the eyes' axes meet: parallel (viewers: each half centred on its eye),
    /// checkpoint (3D screens: the focused checkpoint on the screen plane, off-axis
    /// frusta; with none, the venue's centre or a room's depth), or auto (parallel for
    /// sbs, checkpoint for sbs-half).
    #[arg(long, value_enum, default_value = "auto")]
    convergence: ConvergenceArg,
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum StereoArg {
    Off,
    Sbs,
    SbsHalf,
}

impl From<StereoArg> for StereoMode {
    fn from(s: StereoArg) -> StereoMode {
        match s {
            StereoArg::Off => StereoMode::Off,
            StereoArg::Sbs => StereoMode::Sbs,
            StereoArg::SbsHalf => StereoMode::SbsHalf,
        }
    }
}

#[derive(ValueEnum, Debug, Clone, Copy)]
enum ConvergenceArg {
    Auto,
    Parallel,
    Checkpoint,
}

impl ConvergenceArg {
    fn for_mode(self, mode: StereoMode) -> Convergence {
        match self {
            ConvergenceArg::Auto => Convergence::for_mode(mode),
            ConvergenceArg::Parallel => Convergence::Parallel,
            ConvergenceArg::Checkpoint => Convergence::Checkpoint,
        }
    }
}

impl StereoArgs {
    fn settings(&self) -> StereoSettings {
        let mode = self.stereo.into();
        StereoSettings {
            mode,
            ipd_m: self.ipd_mm / 1000.0,
            convergence: self.convergence.for_mode(mode),
        }
    }
}

/// An IPD in millimetres within the accepted range.
fn parse_ipd_mm(s: &str) -> Result<f32, String> {
    let mm: f32 = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a number of millimetres"))?;
    let (min, max) = stereo_math::IPD_RANGE_M;
    if stereo_math::valid_ipd(mm / 1000.0) {
        Ok(mm)
    } else {
        Err(format!(
            "{mm} mm is outside {:.0}–{:.0} mm (adults: about 54–74 mm)",
            min * 1000.0,
            max * 1000.0
        ))
    }
}

#[derive(ValueEnum, Debug, Clone, Copy)]
enum QualityArg {
    Auto,
    High,
    Low,
}

impl From<QualityArg> for GraphicsQuality {
    fn from(q: QualityArg) -> GraphicsQuality {
        match q {
            QualityArg::Auto => GraphicsQuality::Auto,
            QualityArg::High => GraphicsQuality::High,
            QualityArg::Low => GraphicsQuality::Low,
        }
    }
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Open a scene in a window (overview, plan, walk, guided tour).
    View {
        scene: Option<PathBuf>,
        /// Start view: overview, plan, walk (at the entrance), walk:<x>,<z>,<yaw> or checkpoint:<rule id>.
        #[arg(long)]
        view: Option<ViewSpec>,
        #[command(flatten)]
        args: ViewArgs,
    },
    /// Run as a self-service booth: full screen, attract loop, start screen, idle reset;
    /// only the operator's corner press and PIN (or key chord) leave. An invalid
    /// configuration is refused with its diagnostics (exit 2).
    Kiosk(KioskArgs),
    /// Render a view to a PNG without a window and exit.
    Render(RenderArgs),
    /// Write 360° panoramas (equirectangular JPEGs with photo-sphere metadata, for phone
    /// galleries and 360° viewers) from each checkpoint's viewpoint at eye height.
    Panorama(PanoramaArgs),
    /// Stand in the venue with an OpenXR headset, at 1:1 (docs/vr.md). Without a headset
    /// (no OpenXR loader or runtime), say what was looked for and how to get one, and exit
    /// 3; or, with --fallback flat, walk the venue on the screen instead.
    Vr(VrArgs),
    /// Check scenes and rule packs, and that every model loads; print every problem,
    /// rustc style. Exit 1 on errors.
    Validate {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Folder with the models the scenes use.
        #[arg(long, default_value = AppOptions::DEFAULT_ASSETS)]
        assets: PathBuf,
    },
    /// Evaluate a scene's rules. Exit 0 if every required rule passes, 1 if one fails,
    /// 2 if the input is invalid.
    Check {
        scene: PathBuf,
        #[arg(long, value_enum, default_value = "zh")]
        lang: LangArg,
        #[arg(long, value_enum, default_value = "table")]
        format: Format,
    },
    /// Write a printable self-check report: one self-contained HTML file (A4) with the
    /// floor plan, the numbered checkpoints and the checklist.
    Report {
        scene: PathBuf,
        #[arg(long, value_enum, default_value = "zh")]
        lang: LangArg,
        /// Output HTML file.
        #[arg(short, long)]
        output: PathBuf,
        /// Leave out the pictures of failing checkpoints (they are rendered when a
        /// graphics adapter is found, else left out with a note).
        #[arg(long)]
        no_images: bool,
        /// Folder with the models and fonts (for the pictures).
        #[arg(long, default_value = AppOptions::DEFAULT_ASSETS)]
        assets: PathBuf,
    },
    /// List the rules of a rule pack.
    Rules {
        pack: PathBuf,
        #[arg(long, value_enum, default_value = "zh")]
        lang: LangArg,
    },
    /// Start a new scene folder: a copy of an existing scene (--from) or a blank room,
    /// then validate it. Never overwrites a venue.ron; exit 2 on bad input, with nothing
    /// written.
    New(NewArgs),
    /// Rewrite venues, catalogues and rule packs in the canonical layout, comments kept
    /// (the previous version stays as <file>.bak). Exit 2 if a file does not parse (it is
    /// left untouched).
    Fmt {
        /// Files (`venue.ron`, `catalogue.ron`, rule packs) or scene folders.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Write nothing; list the files that are not in the canonical layout and exit 1
        /// if there are any.
        #[arg(long)]
        check: bool,
    },
}

#[derive(clap::Args, Debug)]
struct NewArgs {
    /// Folder of the new scene (created if needed; must not hold a venue.ron yet).
    folder: PathBuf,
    /// Copy this scene (a folder or its venue.ron), comments and all, instead of starting
    /// from a blank room; the catalogue and rule-pack paths are rewritten for the new
    /// folder.
    #[arg(long, value_name = "SCENE")]
    from: Option<PathBuf>,
    /// Floor of the blank room in metres, WIDTHxDEPTH (width along the street side)
    /// [default: 6x8].
    #[arg(long, value_name = "WxD", value_parser = parse_room_size, conflicts_with = "from")]
    size: Option<(f64, f64)>,
    /// Kind of the blank room's one zone (dining, storage, otc_area, other, …)
    /// [default: other].
    #[arg(long, value_name = "KIND", value_parser = parse_zone_kind, conflicts_with = "from")]
    zone: Option<venue_core::model::ZoneKind>,
    /// Rule pack of the blank room; repeat for several
    /// [default: the shipped scenes/rules/small-eatery.ron].
    #[arg(long = "pack", value_name = "PATH", conflicts_with = "from")]
    packs: Vec<PathBuf>,
    /// Fixture catalogue of the blank room [default: the shipped scenes/catalogue.ron].
    #[arg(long, value_name = "PATH", conflicts_with = "from")]
    catalogue: Option<PathBuf>,
    /// Id of the new scene (a-z, 0-9, `_`, `-`) [default: the folder's name].
    #[arg(long)]
    id: Option<String>,
    /// The permit the scene explains, e.g. drug_retail [default: the copied scene's, or
    /// food_business].
    #[arg(long)]
    permit: Option<String>,
    /// Chinese title [default: the copied scene's, or the id].
    #[arg(long, value_name = "TITLE")]
    title_zh: Option<String>,
    /// English title [default: the copied scene's, or the id].
    #[arg(long, value_name = "TITLE")]
    title_en: Option<String>,
    /// Folder with the models (for the validation after writing).
    #[arg(long, default_value = AppOptions::DEFAULT_ASSETS)]
    assets: PathBuf,
}

#[derive(clap::Args, Debug)]
struct KioskArgs {
    /// The booth's configuration [default: the shipped scenes/kiosk.ron].
    config: Option<PathBuf>,
    /// Folder with the models and fonts.
    #[arg(long, default_value = AppOptions::DEFAULT_ASSETS)]
    assets: PathBuf,
    /// Render quality: auto (low on a software rasteriser, high on a GPU), high or low.
    #[arg(long, value_enum, default_value = "auto")]
    quality: QualityArg,
    /// Side-by-side stereo instead of the configuration's `stereo` (see `view --help`).
    #[arg(long, value_enum)]
    stereo: Option<StereoArg>,
    /// Distance between the eyes in millimetres (40 to 80), with stereo.
    #[arg(long, value_name = "MM", default_value_t = 64.0, value_parser = parse_ipd_mm)]
    ipd_mm: f32,
    /// Where the eyes' axes meet, with stereo (see `view --help`).
    #[arg(long, value_enum, default_value = "auto")]
    convergence: ConvergenceArg,
    /// Soak benchmark: run headless this many frames with a scripted visitor, on a
    /// stepped clock (see scripts/soak.sh).
    #[arg(long, value_name = "FRAMES")]
    soak: Option<u32>,
    /// Soak: booth seconds per frame.
    #[arg(long, default_value_t = 0.5, requires = "soak")]
    step: f64,
    /// Soak: image size, WIDTHxHEIGHT.
    #[arg(long, default_value = "320x180", value_parser = parse_size, requires = "soak")]
    size: (u32, u32),
    /// Soak: write memory, entity and asset counts every 1,000 frames to this CSV file.
    #[arg(long, requires = "soak")]
    stats: Option<PathBuf>,
    /// Soak: instead of the visitor, write a picture of every booth screen (attract,
    /// start, start-large (large text), session, still-there, operator, trouble) into this folder.
    #[arg(long, requires = "soak")]
    shots: Option<PathBuf>,
    /// Soak: record every this many frames.
    #[arg(long, default_value_t = 1000, requires = "soak")]
    every: u32,
    /// Soak: fail (exit 1) when the app on the start screen after a reset differs from
    /// the fresh start (resources, entities, assets, visitor state).
    #[arg(long, requires = "soak")]
    check: bool,
}

#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["checkpoint", "all"])))]
struct PanoramaArgs {
    scene: PathBuf,
    /// The checkpoint (rule id) to take; repeat for several.
    #[arg(long, value_name = "RULE")]
    checkpoint: Vec<String>,
    /// Every checkpoint of the scene.
    #[arg(long)]
    all: bool,
    /// Folder to write <rule>.jpg into (created if needed).
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,
    /// Panorama size, WIDTHxHEIGHT, twice as wide as high.
    #[arg(long, default_value = "4096x2048", value_parser = parse_size)]
    size: (u32, u32),
    #[command(flatten)]
    args: ViewArgs,
}

#[derive(clap::Args, Debug)]
struct VrArgs {
    scene: Option<PathBuf>,
    /// What to do without a headset: `flat` walks the venue on the screen, from the
    /// entrance; `stereo` does so in side-by-side stereo. Without it, no headset is an
    /// error (exit 3).
    #[arg(long, value_enum, value_name = "MODE")]
    fallback: Option<FallbackArg>,
    /// Snap-turn step in degrees: 30 or 45.
    #[arg(long, default_value = "30", value_parser = parse_snap)]
    snap: f32,
    /// Seated: raise the floor so the eyes are at standing height, by LIFT metres
    /// (default 0.4; recentring measures it again).
    #[arg(long, value_name = "LIFT", num_args = 0..=1, default_missing_value = "0.4", value_parser = parse_lift)]
    seated: Option<f32>,
    /// With --fallback: write the fallback view to this image instead of opening a
    /// window (tests, documentation).
    #[arg(long, requires = "fallback")]
    shot: Option<PathBuf>,
    /// Size of the --shot image, WIDTHxHEIGHT.
    #[arg(long, default_value = "1280x720", value_parser = parse_size, requires = "shot")]
    size: (u32, u32),
    #[command(flatten)]
    args: ViewArgs,
}

#[derive(ValueEnum, Debug, Clone, Copy)]
enum FallbackArg {
    /// The walk view on the screen, from the entrance.
    Flat,
    /// The side-by-side stereo walk view from the entrance, for a phone in a viewer or a
    /// 3D screen (`--stereo sbs-half` for a 3D TV; sbs unless given).
    Stereo,
}

fn parse_snap(s: &str) -> Result<f32, String> {
    use venue_guide::vr::math::SNAP_TURN_STEPS_DEG;
    let v: f32 = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a number of degrees"))?;
    if SNAP_TURN_STEPS_DEG.contains(&v) {
        Ok(v)
    } else {
        let steps: Vec<String> = SNAP_TURN_STEPS_DEG.iter().map(|d| format!("{d}")).collect();
        Err(format!(
            "a snap turn is {} degrees, not {s}",
            steps.join(" or ")
        ))
    }
}

fn parse_lift(s: &str) -> Result<f32, String> {
    let v: f32 = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a height in metres"))?;
    if (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("the seated lift must be 0–1 m, got {s}"))
    }
}

#[derive(clap::Args, Debug)]
struct RenderArgs {
    scene: PathBuf,
    /// overview, plan, walk (at the entrance), walk:<x>,<z>,<yaw degrees> or checkpoint:<rule id>.
    #[arg(long, default_value = "overview")]
    view: ViewSpec,
    /// Image size, WIDTHxHEIGHT.
    #[arg(long, default_value = "1920x1080", value_parser = parse_size)]
    size: (u32, u32),
    /// Output PNG.
    #[arg(short, long)]
    output: PathBuf,
    /// Also write the screen positions of fixtures, zones and markers (JSON).
    #[arg(long)]
    probe_json: Option<PathBuf>,
    /// Render this many extra frames and print frame-time statistics.
    #[arg(long, default_value_t = 0)]
    frames: u32,
    /// Drag this fixture during the timed frames (edit mode), as a pointer would: the
    /// frame times include the edits and their re-checks; prints how long after the
    /// last move its result is on screen.
    #[arg(long, requires = "frames")]
    drag: Option<String>,
    /// Draw nothing of the venue (benchmark baseline with the same camera).
    #[arg(long)]
    empty: bool,
    /// Draw the venue alone: no checklist, card or bars (markers stay).
    #[arg(long)]
    no_panels: bool,
    /// Say nothing about the file written.
    #[arg(long)]
    quiet: bool,
    /// Draw what the headset shows instead of the screen's panels: the checkpoints' pins
    /// and the card in the world (one eye; no headset needed).
    #[arg(long)]
    headset_preview: bool,
    #[command(flatten)]
    args: ViewArgs,
}

#[derive(ValueEnum, Debug, Clone, Copy)]
enum LangArg {
    /// 简体中文 (Simplified Chinese).
    Zh,
    /// 繁體中文 (Traditional Chinese, Hong Kong forms), converted from the Simplified
    /// text unless the files give `zh_hant`.
    #[value(name = "zh-hant", alias = "zh_hant", alias = "hant")]
    ZhHant,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::Zh,
            LangArg::ZhHant => Lang::ZhHant,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(ValueEnum, Debug, Clone, Copy)]
enum Format {
    Table,
    Json,
}

fn parse_size(s: &str) -> Result<(u32, u32), String> {
    const MAX_SIDE: u32 = 8192;
    let (w, h) = s
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("`{s}`: expected WIDTHxHEIGHT, e.g. 1920x1080"))?;
    let w: u32 = w
        .trim()
        .parse()
        .map_err(|_| format!("`{w}` is not a width"))?;
    let h: u32 = h
        .trim()
        .parse()
        .map_err(|_| format!("`{h}` is not a height"))?;
    if w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE {
        return Err(format!(
            "size must be between 1x1 and {MAX_SIDE}x{MAX_SIDE}"
        ));
    }
    Ok((w, h))
}

/// A room size in metres, `WIDTHxDEPTH`, within the sides a blank room allows.
fn parse_room_size(s: &str) -> Result<(f64, f64), String> {
    use venue_core::scaffold::{MAX_SIDE, MIN_SIDE};
    let (w, d) = s
        .split_once(['x', 'X', '×'])
        .ok_or_else(|| format!("`{s}`: expected WIDTHxDEPTH in metres, e.g. 6x8 or 4.5x7"))?;
    let side = |t: &str, what: &str| -> Result<f64, String> {
        let v: f64 = t
            .trim()
            .parse()
            .map_err(|_| format!("`{t}` is not a {what} in metres"))?;
        if (MIN_SIDE..=MAX_SIDE).contains(&v) {
            Ok(v)
        } else {
            Err(format!(
                "a room's {what} must be {MIN_SIDE}–{MAX_SIDE} m (the entrance door must fit), got {t}"
            ))
        }
    };
    Ok((side(w, "width")?, side(d, "depth")?))
}

fn parse_zone_kind(s: &str) -> Result<venue_core::model::ZoneKind, String> {
    use venue_core::model::ZoneKind;
    ZoneKind::ALL
        .into_iter()
        .find(|k| k.as_str() == s)
        .ok_or_else(|| {
            let all: Vec<&str> = ZoneKind::ALL.iter().map(|k| k.as_str()).collect();
            format!("`{s}` is not a zone kind; one of: {}", all.join(", "))
        })
}

pub fn main() -> ExitCode {
    let process_start = bevy::platform::time::Instant::now();
    let cli = Cli::parse();
    let result = match cli.command {
        None => view(cli.scene, None, cli.view),
        Some(Command::View {
            scene,
            view: start,
            args,
        }) => view(scene, start, args),
        Some(Command::Render(args)) => render(args, process_start),
        Some(Command::Kiosk(args)) => kiosk(args),
        Some(Command::Vr(args)) => vr(args),
        Some(Command::Panorama(args)) => panorama(args),
        Some(Command::Validate { paths, assets }) => return validate(&paths, &assets_dir(assets)),
        Some(Command::Check {
            scene,
            lang,
            format,
        }) => return check(&scene, lang.into(), format),
        Some(Command::Rules { pack, lang }) => return rules(&pack, lang.into()),
        Some(Command::New(args)) => {
            return new_scene(args).unwrap_or_else(|e| {
                err(&format!("error: {e:#}\nnothing was written\n"));
                ExitCode::from(2)
            });
        }
        Some(Command::Fmt { files, check }) => return fmt(&files, check),
        Some(Command::Report {
            scene,
            lang,
            output,
            no_images,
            assets,
        }) => {
            let pictures = (!no_images).then(|| assets_dir(assets));
            return report(&scene, lang.into(), &output, pictures.as_deref());
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            err(&format!("error: {e:#}\n"));
            ExitCode::FAILURE
        }
    }
}

fn options(scene: Option<PathBuf>, args: &ViewArgs) -> AppOptions {
    AppOptions {
        scene: scene.unwrap_or_else(|| AppOptions::DEFAULT_SCENE.into()),
        assets_dir: args.assets.clone(),
        large_text: args.large_text,
        edit: args.edit || args.palette,
        palette: args.palette,
        stereo: args.stereo.settings(),
        quality: args.quality.into(),
    }
    .resolved()
}

/// Writes to standard output. A closed pipe (`venue-guide check … | head`) ends the
/// program quietly with success, as ripgrep does: the reader has what it wanted.
fn out(text: &str) {
    write_or_exit(&mut std::io::stdout().lock(), text);
}

/// Writes to standard error; a closed pipe ends the program quietly like [`out`].
fn err(text: &str) {
    write_or_exit(&mut std::io::stderr().lock(), text);
}

fn write_or_exit(stream: &mut dyn Write, text: &str) {
    if let Err(e) = stream
        .write_all(text.as_bytes())
        .and_then(|()| stream.flush())
        && e.kind() == std::io::ErrorKind::BrokenPipe
    {
        std::process::exit(0);
    }
}

/// The asset folder, resolved like the app resolves it (the working directory, else the
/// source checkout).
fn assets_dir(assets: PathBuf) -> PathBuf {
    AppOptions {
        scene: AppOptions::DEFAULT_SCENE.into(),
        assets_dir: assets,
        large_text: false,
        quality: GraphicsQuality::Auto,
        edit: false,
        palette: false,
        stereo: Default::default(),
    }
    .resolved()
    .assets_dir
}

/// Refuses early, with the validator's full report, a scene that would not load, or that
/// uses a model linked from outside the asset folder. Warnings (a model that will not
/// load shows as a placeholder) are printed and do not stop it.
fn preflight(scene: &std::path::Path, assets: &std::path::Path) -> anyhow::Result<()> {
    let valid = match venue_core::load::load_valid_venue(scene) {
        Ok(valid) => valid,
        Err(e) => {
            err(&e.render(color()));
            anyhow::bail!("{} has errors; fix them and try again", scene.display());
        }
    };
    let mut diags = valid.warnings.clone();
    diags.extend(venue_core::validate::validate_model_files(
        &valid.loaded,
        assets,
    ));
    // Validation's caps over the combined list, so the two sources cannot add up.
    let mut diags = venue_core::validate::cap_diagnostics(diags);
    if !diags.is_empty() {
        venue_core::validate::sort_diagnostics(&mut diags);
        err(&venue_core::render::render_diagnostics(
            &diags,
            &valid.loaded.sources,
            color(),
        ));
    }
    if diags.iter().any(|d| d.is_error()) {
        anyhow::bail!("{} has errors; fix them and try again", scene.display());
    }
    Ok(())
}

fn view(
    scene: Option<PathBuf>,
    start: Option<ViewSpec>,
    args: ViewArgs,
) -> anyhow::Result<ExitCode> {
    let options = options(scene, &args);
    preflight(&options.scene, &options.assets_dir)?;
    let adapter = venue_guide::headless::probe_adapter()?;
    err(&format!("graphics adapter: {adapter}\n"));
    let exit = venue_guide::run_windowed(options, args.lang.into(), start);
    Ok(if exit.is_success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn render(
    RenderArgs {
        scene,
        view,
        size,
        output,
        probe_json,
        frames,
        drag,
        empty,
        no_panels,
        quiet,
        headset_preview,
        mut args,
    }: RenderArgs,
    process_start: bevy::platform::time::Instant,
) -> anyhow::Result<ExitCode> {
    args.edit |= drag.is_some();
    let options = options(Some(scene), &args);
    preflight(&options.scene, &options.assets_dir)?;
    let adapter = venue_guide::headless::probe_adapter()?;
    err(&format!("graphics adapter: {adapter}\n"));
    let capture = CaptureRequest {
        probe_json,
        timed_frames: frames,
        process_start,
        drag,
        panels: !no_panels,
        quiet,
        headset_preview,
        ..CaptureRequest::image(output, bevy::math::UVec2::new(size.0, size.1))
    };
    let exit = venue_guide::run_headless(options, args.lang.into(), view, capture, empty);
    Ok(if exit.is_success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `panorama`: checks the checkpoints asked for (a misspelt one gets a did-you-mean)
/// and the size before rendering anything, then renders them all in one run.
fn panorama(args: PanoramaArgs) -> anyhow::Result<ExitCode> {
    use venue_guide::panorama::{PanoramaJob, PanoramaRequest, face_size};
    let size = bevy::math::UVec2::new(args.size.0, args.size.1);
    face_size(size)?;
    let options = options(Some(args.scene.clone()), &args.args);
    preflight(&options.scene, &options.assets_dir)?;
    let (_, _, report) = match evaluated(&options.scene) {
        Ok(evaluated) => evaluated,
        Err(code) => return Ok(code),
    };
    let ids: Vec<&str> = report.results.iter().map(|r| r.id.as_str()).collect();
    let rules: Vec<String> = if args.all {
        ids.iter().map(|id| (*id).to_owned()).collect()
    } else {
        for rule in &args.checkpoint {
            if !ids.contains(&rule.as_str()) {
                let hint = venue_core::suggest::nearest(rule, ids.iter().copied())
                    .map(|near| format!("; did you mean `{near}`?"))
                    .unwrap_or_default();
                anyhow::bail!(
                    "no checkpoint `{rule}` in {}{hint} (`venue-guide check {}` lists them)",
                    args.scene.display(),
                    args.scene.display()
                );
            }
        }
        args.checkpoint.clone()
    };
    std::fs::create_dir_all(&args.output)
        .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", args.output.display()))?;
    let adapter = venue_guide::headless::probe_adapter()?;
    err(&format!("graphics adapter: {adapter}\n"));
    let jobs = rules
        .into_iter()
        .map(|rule| PanoramaJob {
            output: args.output.join(format!("{rule}.jpg")),
            rule,
        })
        .collect();
    let exit = venue_guide::run_panorama(
        options,
        args.args.lang.into(),
        PanoramaRequest { jobs, size },
    );
    Ok(if exit.is_success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `vr`: the headset when there is one; else the flat fallback when asked for, or a
/// message saying what was looked for and how to get a runtime (exit 3).
fn vr(args: VrArgs) -> anyhow::Result<ExitCode> {
    use venue_guide::vr::runtime::{self, Fallback, Launch};
    let options = options(args.scene.clone(), &args.args);
    preflight(&options.scene, &options.assets_dir)?;
    // Both screen fallbacks are the same decision for the runtime check; stereo only
    // changes how the walk view is drawn.
    let fallback = match args.fallback {
        Some(FallbackArg::Flat | FallbackArg::Stereo) => Fallback::Flat,
        None => Fallback::None,
    };
    let no_headset = |reason: String, args: VrArgs, mut options: AppOptions| match fallback {
        Fallback::Flat => {
            let view = if matches!(args.fallback, Some(FallbackArg::Stereo)) {
                if options.stereo.mode == StereoMode::Off {
                    options.stereo.mode = StereoMode::Sbs;
                    options.stereo.convergence = Convergence::for_mode(StereoMode::Sbs);
                }
                "side-by-side stereo"
            } else {
                options.stereo.mode = StereoMode::Off;
                "flat"
            };
            err(&format!(
                "note: {reason}\nfalling back to the {view} walk view\n"
            ));
            vr_flat(args, options)
        }
        Fallback::None => {
            err(&format!("error: {reason}\n"));
            Ok(ExitCode::from(runtime::NO_HEADSET_EXIT))
        }
    };
    match runtime::launch(venue_guide::vr::XR_BUILT, runtime::check_here(), fallback) {
        Launch::Refuse { reason } | Launch::Flat { reason } => no_headset(reason, args, options),
        Launch::Headset => match vr_headset(&args, options.clone()) {
            Ok(code) => Ok(code),
            Err(reason) => no_headset(reason, args, options),
        },
    }
}

/// The headset session; `Err` with the reason when no session starts.
#[cfg(feature = "xr")]
fn vr_headset(args: &VrArgs, options: AppOptions) -> Result<ExitCode, String> {
    let settings = venue_guide::vr::headset::HeadsetSettings {
        snap_deg: args.snap,
        seated_lift: args.seated,
    };
    match venue_guide::run_headset(options, args.args.lang.into(), settings) {
        Ok(exit) if exit.is_success() => Ok(ExitCode::SUCCESS),
        Ok(_) => Ok(ExitCode::FAILURE),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(not(feature = "xr"))]
fn vr_headset(_: &VrArgs, _: AppOptions) -> Result<ExitCode, String> {
    Err(venue_guide::vr::runtime::NOT_BUILT.to_string())
}

/// The flat fallback: the walk view from the entrance, in a window or (`--shot`) an image.
fn vr_flat(args: VrArgs, options: AppOptions) -> anyhow::Result<ExitCode> {
    let adapter = venue_guide::headless::probe_adapter()?;
    err(&format!("graphics adapter: {adapter}\n"));
    let lang = args.args.lang.into();
    let exit = match args.shot {
        Some(shot) => venue_guide::run_headless(
            options,
            lang,
            ViewSpec::Entrance,
            CaptureRequest::image(shot, bevy::math::UVec2::new(args.size.0, args.size.1)),
            false,
        ),
        None => venue_guide::run_windowed(options, lang, Some(ViewSpec::Entrance)),
    };
    Ok(if exit.is_success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The booth, or its soak benchmark. The configuration is checked first, with every
/// diagnostic printed, so a booth never starts half-configured.
fn kiosk(args: KioskArgs) -> anyhow::Result<ExitCode> {
    let config = args
        .config
        .clone()
        .unwrap_or_else(|| shipped("scenes/kiosk.ron"));
    let setup = match venue_core::kiosk::load_config(&config) {
        Ok(setup) => setup,
        Err(e) => {
            err(&e.render(color()));
            err(&format!(
                "error: the booth's configuration {} has errors; the booth does not start\n",
                config.display()
            ));
            return Ok(ExitCode::from(2));
        }
    };
    for scene in &setup.scenes {
        preflight(
            &setup.scenes_root.join(&scene.folder),
            &assets_dir(args.assets.clone()),
        )?;
    }
    // The soak's pictures go into a folder it makes, rather than failing picture by
    // picture minutes into the run.
    if let Some(shots) = &args.shots {
        use anyhow::Context as _;
        std::fs::create_dir_all(shots)
            .with_context(|| format!("cannot make the pictures' folder {}", shots.display()))?;
    }
    let adapter = venue_guide::headless::probe_adapter()?;
    err(&format!("graphics adapter: {adapter}\n"));
    let assets = assets_dir(args.assets);
    // The command line's stereo, else the configuration's (with this IPD and convergence).
    let mode = args.stereo.map_or(
        StereoSettings::for_booth(setup.config.stereo).mode,
        StereoMode::from,
    );
    let stereo = StereoSettings {
        mode,
        ipd_m: args.ipd_mm / 1000.0,
        convergence: args.convergence.for_mode(mode),
    };
    let stereo = Some(stereo);
    let exit = match args.soak {
        None => venue_guide::run_kiosk(setup, assets, args.quality.into(), stereo),
        Some(frames) => {
            let soak = venue_guide::kiosk::soak::SoakPlan {
                frames,
                every: args.every,
                stats: args.stats,
                check: args.check,
                shots: args.shots,
            };
            venue_guide::kiosk_app(
                setup,
                assets,
                args.quality.into(),
                venue_guide::BoothDisplay::Headless {
                    size: bevy::math::UVec2::new(args.size.0, args.size.1),
                    step: args.step,
                    soak: Some(soak),
                },
                stereo,
            )
            .run()
        }
    };
    Ok(if exit.is_success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Each path is a scene folder, a `venue.ron`, a rule pack or a folder of scenes.
fn validate(paths: &[PathBuf], assets: &std::path::Path) -> ExitCode {
    let mut errors = 0usize;
    let mut warnings = 0usize;
    let mut targets = Vec::new();
    for path in paths {
        if path.is_dir() && !path.join("venue.ron").exists() {
            // A folder of scenes: every sub-folder with a venue.ron.
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.join("venue.ron").is_file())
                .collect();
            found.sort();
            if found.is_empty() {
                err(&format!(
                    "error: {} holds no venue.ron (nor sub-folders with one)\n",
                    path.display()
                ));
                errors += 1;
            }
            targets.extend(found);
        } else {
            targets.push(path.clone());
        }
    }
    for target in &targets {
        let (diags, sources) = if is_kiosk_config(target) {
            match venue_core::kiosk::load_config(target) {
                Ok(_) => (Vec::new(), venue_core::span::Sources::new()),
                Err(e) => (e.diagnostics, e.sources),
            }
        } else if is_rule_pack(target) {
            match venue_core::load::load_rule_pack(target) {
                Ok(pack) => (
                    venue_core::validate::validate_rule_pack(&pack),
                    pack.sources,
                ),
                Err(e) => (e.diagnostics, e.sources),
            }
        } else {
            match venue_core::load::load_valid_venue(target) {
                Ok(valid) => {
                    let mut diags = valid.warnings;
                    diags.extend(venue_core::validate::validate_model_files(
                        &valid.loaded,
                        assets,
                    ));
                    let mut diags = venue_core::validate::cap_diagnostics(diags);
                    venue_core::validate::sort_diagnostics(&mut diags);
                    (diags, valid.loaded.sources)
                }
                Err(e) => (e.diagnostics, e.sources),
            }
        };
        errors += diags.iter().filter(|d| d.is_error()).count();
        warnings += diags
            .iter()
            .filter(|d| d.severity == venue_core::diagnostic::Severity::Warning)
            .count();
        if diags.is_empty() {
            out(&format!("ok: {}\n", target.display()));
        } else {
            err(&venue_core::render::render_diagnostics(
                &diags,
                &sources,
                color(),
            ));
        }
    }
    if errors > 0 {
        err(&format!(
            "validation failed: {errors} error(s), {warnings} warning(s)\n"
        ));
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// A `.ron` file whose top level has `operator`: a booth's configuration.
fn is_kiosk_config(target: &std::path::Path) -> bool {
    target.is_file()
        && venue_core::load::read_bytes(target).is_ok_and(|bytes| {
            let text = String::from_utf8_lossy(&bytes);
            venue_core::span::locate::Locator::new(&text)
                .contains(&venue_core::span::locate::Path::root().field("operator"))
        })
}

/// A `.ron` file other than a `venue.ron` whose top level has `rules`: a rule pack.
fn is_rule_pack(target: &std::path::Path) -> bool {
    target.is_file()
        && target.file_name().is_some_and(|n| n != "venue.ron")
        && venue_core::load::read_bytes(target)
            .is_ok_and(|bytes| String::from_utf8_lossy(&bytes).contains("rules"))
}

/// A scene loaded, validated, planned once and evaluated: what `check` and `report`
/// need. An invalid scene prints its diagnostics and gives exit code 2.
fn evaluated(
    scene: &std::path::Path,
) -> Result<(venue_core::load::ValidVenue, venue_core::plan::Plan, Report), ExitCode> {
    let valid = venue_core::load::load_valid_venue(scene).map_err(|e| {
        err(&e.render(color()));
        ExitCode::from(2)
    })?;
    let loaded = &valid.loaded;
    let plan = venue_core::plan::Plan::new(&loaded.venue, &loaded.catalogue);
    let packs: Vec<_> = loaded.packs.iter().map(|(_, p)| p.clone()).collect();
    let report = venue_core::rules::evaluate_plan(&plan, &loaded.venue.flags, &packs);
    Ok((valid, plan, report))
}

fn check(scene: &std::path::Path, lang: Lang, format: Format) -> ExitCode {
    let report = match evaluated(scene) {
        Ok((_, _, report)) => report,
        Err(code) => return code,
    };
    match format {
        Format::Json => match serde_json::to_string_pretty(&report) {
            Ok(json) => out(&format!("{json}\n")),
            Err(e) => {
                err(&format!("error: cannot write JSON: {e}\n"));
                return ExitCode::from(2);
            }
        },
        Format::Table => out(&venue_core::report::render_table(&report, lang)),
    }
    if report.required_pass() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Writes the printable report of `scene`, with pictures of its failing checkpoints
/// rendered with the models in `pictures` (when given and a renderer is found). Exit 0
/// when written (whatever the checks say: the report says it), 2 if the scene is
/// invalid or the file cannot be written.
fn report(
    scene: &std::path::Path,
    lang: Lang,
    output: &std::path::Path,
    pictures: Option<&std::path::Path>,
) -> ExitCode {
    let (valid, plan, report) = match evaluated(scene) {
        Ok(evaluated) => evaluated,
        Err(code) => return code,
    };
    // Opened before the pictures are rendered, so an unwritable target fails at once.
    // Written next to the target and renamed over it, so a reader never sees half a file.
    let partial = output.with_extension("html.partial");
    let mut file = match std::fs::File::create(&partial) {
        Ok(file) => file,
        Err(e) => {
            err(&format!("error: cannot write {}: {e}\n", output.display()));
            return ExitCode::from(2);
        }
    };
    let images = match pictures {
        Some(assets) => checkpoint_images(scene, assets, lang, &report),
        None => Vec::new(),
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let date = venue_core::print::iso_date(now);
    let packs: Vec<_> = valid.loaded.packs.iter().map(|(_, p)| p.clone()).collect();
    let html = venue_core::print::report_html(
        &valid.loaded.venue,
        &packs,
        &plan,
        &report,
        lang,
        &date,
        &images,
        Some(venue_guide::ui::regular_font(lang)),
    );
    let written = file
        .write_all(html.as_bytes())
        .and_then(|()| file.sync_all())
        .and_then(|()| std::fs::rename(&partial, output));
    match written {
        Ok(()) => {
            out(&format!("wrote {}\n", output.display()));
            ExitCode::SUCCESS
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            err(&format!("error: cannot write {}: {e}\n", output.display()));
            ExitCode::from(2)
        }
    }
}

/// Size of a checkpoint picture in the report: 16:9, sharp at a printed column's width.
const PICTURE_SIZE: (u32, u32) = (1280, 720);

/// Pictures of the failing checkpoints of `report`, each from the viewpoint the app
/// flies to, rendered in one headless run. None, with a note, when no graphics adapter
/// is found or the run fails: the report is whole without them.
fn checkpoint_images(
    scene: &std::path::Path,
    assets: &std::path::Path,
    lang: Lang,
    report: &Report,
) -> Vec<venue_core::print::CheckpointImage> {
    use base64::Engine as _;
    let failing: Vec<&str> = report
        .results
        .iter()
        .filter(|r| r.status == venue_core::Status::Fail)
        .map(|r| r.id.as_str())
        .collect();
    let Some(first) = failing.first() else {
        return Vec::new();
    };
    if let Err(e) = venue_guide::headless::probe_adapter() {
        err(&format!(
            "note: the report has no checkpoint pictures: {e}\n"
        ));
        return Vec::new();
    }
    let dir = std::env::temp_dir().join(format!("venue-guide-report-{}", std::process::id()));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        err(&format!(
            "note: the report has no checkpoint pictures: cannot create {}: {e}\n",
            dir.display()
        ));
        return Vec::new();
    }
    let file = |i: usize| dir.join(format!("{i}.jpg"));
    let mut capture = CaptureRequest::image(
        file(0),
        bevy::math::UVec2::new(PICTURE_SIZE.0, PICTURE_SIZE.1),
    );
    capture.panels = false;
    capture.quiet = true;
    capture.more = failing[1..]
        .iter()
        .enumerate()
        .map(|(i, rule)| venue_guide::headless::Shot {
            view: ViewSpec::Checkpoint((*rule).to_owned()),
            output: file(i + 1),
        })
        .collect();
    let options = AppOptions {
        scene: scene.to_path_buf(),
        assets_dir: assets.to_path_buf(),
        large_text: false,
        quality: GraphicsQuality::Auto,
        edit: false,
        palette: false,
        stereo: Default::default(),
    }
    .resolved();
    let exit = venue_guide::run_headless(
        options,
        lang,
        ViewSpec::Checkpoint((*first).to_owned()),
        capture,
        false,
    );
    let images: Vec<_> = failing
        .iter()
        .enumerate()
        .filter_map(|(i, rule)| {
            let bytes = std::fs::read(file(i)).ok()?;
            Some(venue_core::print::CheckpointImage {
                rule: (*rule).to_owned(),
                data_uri: format!(
                    "data:image/jpeg;base64,{}",
                    base64::engine::general_purpose::STANDARD.encode(bytes)
                ),
            })
        })
        .collect();
    let _ = std::fs::remove_dir_all(&dir);
    if !exit.is_success() || images.len() < failing.len() {
        err(&format!(
            "note: {} of {} checkpoint pictures were rendered\n",
            images.len(),
            failing.len()
        ));
    }
    images
}

fn rules(pack: &std::path::Path, lang: Lang) -> ExitCode {
    let loaded = match venue_core::load::load_rule_pack(pack) {
        Ok(p) => p,
        Err(e) => {
            err(&e.render(color()));
            return ExitCode::from(2);
        }
    };
    let p = &loaded.pack;
    out(&format!(
        "{} — {} ({} rules)\n",
        p.id,
        p.title.get(lang),
        p.rules.len()
    ));
    for rule in &p.rules {
        let level = match rule.level {
            Level::Required => lang.pick("应", "shall"),
            Level::Recommended => lang.pick("宜", "should"),
        };
        let clause = rule
            .source
            .clause
            .as_deref()
            .map(|c| format!(" {c}"))
            .unwrap_or_default();
        out(&format!(
            "  {:<34} {:<6} {:<22} {}  [{}{}]\n",
            rule.id,
            level,
            rule.check.kind_name(),
            rule.title.get(lang),
            rule.source.document.get(lang),
            clause
        ));
    }
    ExitCode::SUCCESS
}

/// A file the program ships (`scenes/catalogue.ron`, a rule pack), found like the app
/// finds the bundled scene: in the working directory, else in the source checkout.
fn shipped(relative: &str) -> PathBuf {
    let here = PathBuf::from(relative);
    if here.exists() {
        here
    } else {
        venue_guide::manifest_dir().join(relative)
    }
}

/// `f(target, folder)` with the paths as given, else (one absolute and one relative, or
/// a folder that climbs out with `..`) with both made absolute; the written path is
/// relative either way.
fn with_paths<T>(
    target: &std::path::Path,
    folder: &std::path::Path,
    f: impl Fn(&std::path::Path, &std::path::Path) -> Result<T, venue_core::scaffold::ScaffoldError>,
) -> anyhow::Result<T> {
    use venue_core::scaffold::ScaffoldError;
    match f(target, folder) {
        Err(ScaffoldError::NoRelativePath { .. }) => {
            let target = std::path::absolute(target)?;
            let folder = std::path::absolute(folder)?;
            Ok(f(&target, &folder)?)
        }
        other => Ok(other?),
    }
}

/// `venue-guide new`: works out the whole text first (any error: nothing written), then
/// creates the folder and the file, then validates the result like `validate` does.
fn new_scene(args: NewArgs) -> anyhow::Result<ExitCode> {
    use anyhow::Context as _;
    use venue_core::scaffold;
    let folder = args.folder.clone();
    let venue_path = folder.join(venue_core::load::VENUE_FILE);
    if venue_path.exists() {
        anyhow::bail!(
            "{} already exists; `new` never overwrites a scene (choose another folder, or \
             delete it first)",
            venue_path.display()
        );
    }
    let id = match &args.id {
        Some(id) => id.clone(),
        None => std::path::absolute(&folder)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .with_context(|| {
                format!(
                    "{} has no folder name to use as the id; pass --id",
                    folder.display()
                )
            })?,
    };
    let id_hint = if args.id.is_none() {
        " (the id defaults to the folder's name; pass --id)"
    } else {
        ""
    };
    let (text, what) = match &args.from {
        Some(from) => {
            let source_path = venue_core::load::venue_file(from);
            if !source_path.is_file() {
                anyhow::bail!(
                    "--from {}: no scene there (looked for {})",
                    from.display(),
                    source_path.display()
                );
            }
            let text = read_text(&source_path)?;
            let source = match venue_core::load::parse_venue(&text, &source_path) {
                Ok(v) => v,
                Err(diags) => {
                    let mut sources = venue_core::span::Sources::new();
                    sources.insert(source_path.clone(), text.clone());
                    err(&venue_core::render::render_diagnostics(
                        &diags,
                        &sources,
                        color(),
                    ));
                    anyhow::bail!("{} does not parse; fix it first", source_path.display());
                }
            };
            let copy = with_paths(&source_path, &folder, |s, f| {
                scaffold::copy_scene(&text, &source, s, f, &id)
            })
            .with_context(|| format!("cannot copy {}{id_hint}", source_path.display()))?;
            (copy, format!("a copy of {}", source_path.display()))
        }
        None => {
            let (width, depth) = args.size.unwrap_or((6.0, 8.0));
            let catalogue = args
                .catalogue
                .clone()
                .unwrap_or_else(|| shipped("scenes/catalogue.ron"));
            let packs = if args.packs.is_empty() {
                vec![shipped("scenes/rules/small-eatery.ron")]
            } else {
                args.packs.clone()
            };
            for file in std::iter::once(&catalogue).chain(&packs) {
                if !file.is_file() {
                    anyhow::bail!("{}: no such file", file.display());
                }
            }
            let reference = |file: &std::path::Path| {
                with_paths(file, &folder, scaffold::relative_path)
                    .with_context(|| format!("cannot refer to {}", file.display()))
            };
            let room = scaffold::BlankRoom {
                id: id.clone(),
                title: venue_core::Text::new(
                    args.title_zh.clone().unwrap_or_else(|| id.clone()),
                    args.title_en.clone().unwrap_or_else(|| id.clone()),
                ),
                width,
                depth,
                zone: args.zone.unwrap_or(venue_core::model::ZoneKind::Other),
                catalogue: reference(&catalogue)?,
                rule_packs: packs
                    .iter()
                    .map(|p| reference(p))
                    .collect::<anyhow::Result<_>>()?,
            };
            let text = scaffold::blank_room(&room)
                .with_context(|| format!("cannot make the room{id_hint}"))?;
            (text, format!("a blank {width} × {depth} m room"))
        }
    };
    let text = adjusted(&text, &venue_path, &args)?;
    std::fs::create_dir_all(&folder)
        .with_context(|| format!("cannot create the folder {}", folder.display()))?;
    // `create_new`: a venue.ron that appeared meanwhile is not overwritten either.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&venue_path)
        .and_then(|mut file| {
            file.write_all(text.as_bytes())?;
            file.sync_all()
        });
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::AlreadyExists {
            let _ = std::fs::remove_file(&venue_path);
        }
        return Err(e).with_context(|| format!("cannot write {}", venue_path.display()));
    }
    out(&format!("wrote {} ({what})\n", venue_path.display()));
    let code = validate(std::slice::from_ref(&folder), &assets_dir(args.assets));
    let f = folder.display();
    out(&format!(
        "next: edit {}, then `venue-guide validate {f}`, `venue-guide check {f}`, \
         `venue-guide view {f}`\n",
        venue_path.display()
    ));
    Ok(code)
}

/// The new scene's `text` with the titles and permit given on the command line (a copy
/// keeps its source's otherwise), changed losslessly.
fn adjusted(text: &str, path: &std::path::Path, args: &NewArgs) -> anyhow::Result<String> {
    let venue = venue_core::load::parse_venue(text, path)
        .map_err(|_| anyhow::anyhow!("the new text of {} does not parse", path.display()))?;
    let mut changed = venue.clone();
    if let Some(zh) = &args.title_zh {
        changed.title.zh.clone_from(zh);
    }
    if let Some(en) = &args.title_en {
        changed.title.en.clone_from(en);
    }
    if let Some(permit) = &args.permit {
        changed.permit.clone_from(permit);
    }
    if changed == venue {
        return Ok(text.to_owned());
    }
    Ok(venue_core::save::save_text(text, &venue, &changed)?)
}

/// A file's text, through the core's reader (size limit, clear errors).
fn read_text(path: &std::path::Path) -> anyhow::Result<String> {
    let bytes = venue_core::load::read_bytes(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("{} is not UTF-8 text", path.display()))
}

/// The parse diagnostics of `text` as a file of `kind` at `path` (named by that path,
/// so they render with the file's own name and lines).
fn parse_diagnostics(
    text: &str,
    kind: venue_core::fmt::FileKind,
    path: &std::path::Path,
) -> Vec<venue_core::Diagnostic> {
    use venue_core::fmt::FileKind;
    use venue_core::load::{parse_catalogue, parse_rule_pack, parse_venue};
    match kind {
        FileKind::Venue => parse_venue(text, path).err(),
        FileKind::Catalogue => parse_catalogue(text, path).err(),
        FileKind::RulePack => parse_rule_pack(text, path).err(),
        FileKind::Kiosk => venue_core::kiosk::parse_config(text, path).err(),
    }
    .unwrap_or_default()
}

/// `venue-guide fmt`: exit 0 when every file is (now) canonical, 1 with `--check` when
/// some are not, 2 when one could not be read, parsed or written (others are still done).
fn fmt(files: &[PathBuf], check: bool) -> ExitCode {
    use venue_core::fmt::{FileKind, FmtError, format_text};
    let mut failed = 0usize;
    let mut changed = 0usize;
    for given in files {
        let path = venue_core::load::venue_file(given);
        if path
            .file_name()
            .is_some_and(|n| n == venue_core::scene_index::INDEX_FILE)
        {
            // Written by the golden test from the scenes (see `scene_index`), not by hand.
            err(&format!(
                "note: {} is generated (UPDATE_GOLDEN=1 cargo test -p venue_core --test \
                 scenes_golden), skipped\n",
                path.display()
            ));
            continue;
        }
        let text = match read_text(&path) {
            Ok(text) => text,
            Err(e) => {
                err(&format!("error: {e}\n"));
                failed += 1;
                continue;
            }
        };
        let kind = FileKind::of_file(&path, &text);
        let formatted = match format_text(&text, kind) {
            Ok(f) => f,
            Err(FmtError::Parse(fallback)) => {
                let mut diags = parse_diagnostics(&text, kind, &path);
                let mut sources = venue_core::span::Sources::new();
                sources.insert(path.clone(), text.clone());
                if diags.is_empty() {
                    diags = fallback;
                    sources.insert("file.ron", text.clone());
                }
                err(&venue_core::render::render_diagnostics(
                    &diags,
                    &sources,
                    color(),
                ));
                err(&format!(
                    "error: {} does not parse; it was left as it is\n",
                    path.display()
                ));
                failed += 1;
                continue;
            }
            Err(e) => {
                err(&format!(
                    "error: {}: {e}; it was left as it is\n",
                    path.display()
                ));
                failed += 1;
                continue;
            }
        };
        if formatted.dropped_comments > 0 {
            err(&format!(
                "warning: {}: {} comment(s) stand where the canonical layout has no place \
                 for them and {}\n",
                path.display(),
                formatted.dropped_comments,
                if check {
                    "would be dropped"
                } else {
                    "were dropped (the previous version is kept as .bak)"
                }
            ));
        }
        if formatted.text == text {
            continue;
        }
        changed += 1;
        if check {
            out(&format!("would reformat: {}\n", path.display()));
        } else if let Err(e) = venue_core::save::write_atomic(&path, &formatted.text) {
            err(&format!("error: {}: {e}\n", path.display()));
            failed += 1;
        } else {
            out(&format!("formatted: {}\n", path.display()));
        }
    }
    if failed > 0 {
        ExitCode::from(2)
    } else if check && changed > 0 {
        err(&format!(
            "{changed} file(s) not in the canonical layout; `venue-guide fmt` rewrites them\n"
        ));
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
