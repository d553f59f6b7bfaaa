//! The command line: `view` (default), `render`, `validate`, `check`, `report`, `rules`.
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
    /// Folder with the models and fonts.
    #[arg(long, default_value = AppOptions::DEFAULT_ASSETS)]
    assets: PathBuf,
    /// Render quality: auto (low on a software rasteriser, high on a GPU), high or low.
    #[arg(long, value_enum, default_value = "auto")]
    quality: QualityArg,
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
        /// Start view: overview, plan, walk:<x>,<z>,<yaw> or checkpoint:<rule id>.
        #[arg(long)]
        view: Option<ViewSpec>,
        #[command(flatten)]
        args: ViewArgs,
    },
    /// Render a view to a PNG without a window and exit.
    Render(RenderArgs),
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
}

#[derive(clap::Args, Debug)]
struct RenderArgs {
    scene: PathBuf,
    /// overview, plan, walk:<x>,<z>,<yaw degrees> or checkpoint:<rule id>.
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
    /// Draw nothing of the venue (benchmark baseline with the same camera).
    #[arg(long)]
    empty: bool,
    #[command(flatten)]
    args: ViewArgs,
}

#[derive(ValueEnum, Debug, Clone, Copy)]
enum LangArg {
    Zh,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::Zh,
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
        Some(Command::Validate { paths, assets }) => return validate(&paths, &assets_dir(assets)),
        Some(Command::Check {
            scene,
            lang,
            format,
        }) => return check(&scene, lang.into(), format),
        Some(Command::Rules { pack, lang }) => return rules(&pack, lang.into()),
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
        empty,
        args,
    }: RenderArgs,
    process_start: bevy::platform::time::Instant,
) -> anyhow::Result<ExitCode> {
    let options = options(Some(scene), &args);
    preflight(&options.scene, &options.assets_dir)?;
    let adapter = venue_guide::headless::probe_adapter()?;
    err(&format!("graphics adapter: {adapter}\n"));
    let capture = CaptureRequest {
        probe_json,
        timed_frames: frames,
        process_start,
        ..CaptureRequest::image(output, bevy::math::UVec2::new(size.0, size.1))
    };
    let exit = venue_guide::run_headless(options, args.lang.into(), view, capture, empty);
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
        let (diags, sources) = if is_rule_pack(target) {
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
        Some(venue_guide::ui::REGULAR_FONT),
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
        let level = match (rule.level, lang) {
            (Level::Required, Lang::Zh) => "应",
            (Level::Recommended, Lang::Zh) => "宜",
            (Level::Required, Lang::En) => "shall",
            (Level::Recommended, Lang::En) => "should",
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
