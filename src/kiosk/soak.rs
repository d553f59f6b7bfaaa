//! The soak: the booth left running with a visitor who comes back again and again, to
//! show that nothing grows and that every reset leaves the app as a fresh start did.
//!
//! With a [`SoakPlan`] (`venue-guide kiosk --soak FRAMES`, on the stepped clock), a
//! scripted [`visitor`] watches the attract loop go round every scene, touches the
//! screen, picks a scene (a different one each cycle), changes the language and the text
//! size, steps through the tour, walks, opens a checkpoint and turns edit mode on
//! (not stereo: the booth's configuration sets it, and its locked keyboard has no F3), then
//! leaves it to the idle countdown (or stays once, or presses the start-screen button),
//! and so on, cycle after cycle; every third cycle nobody comes and the start screen
//! idles back to the attract loop.
//!
//! Every [`SoakPlan::every`] frames a [`Row`] is recorded: resident memory, entities and
//! asset counts. Each time the start screen has settled, a [`Snapshot`] is taken: the
//! first is the fresh start's, and every later one (after a reset) must have its
//! resources, entity count and visitor state, and the asset counts of the first reset.
//! [`SoakReport`] holds both; the run writes the rows as CSV and, with `check`, fails on
//! any difference.

use super::{KioskInput, KioskSetup, KioskState, PendingTour};
use crate::camera::CameraRig;
use crate::camera::stereo::StereoSettings;
use crate::i18n::Language;
use crate::shared::{
    ActiveVenue, CameraCommand, Focus, FocusCheckpoint, FocusSource, TourCommand, ViewMode,
};
use crate::spawn::PendingModel;
use crate::tour::TourState;
use crate::ui::LargeText;
use bevy::prelude::*;
use std::path::PathBuf;
use venue_core::Lang;
use venue_core::kiosk::{Input, Screen};

/// Frames the start screen must have shown its scene, loaded, before it counts as
/// settled (layout and overlays follow within a few frames).
const SETTLE_FRAMES: u32 = 10;

/// A soak run: how long, what to record, whether to fail on a difference.
#[derive(Resource, Debug, Clone)]
pub struct SoakPlan {
    pub frames: u32,
    /// Record a [`Row`] every this many frames.
    pub every: u32,
    /// Write the rows here as CSV.
    pub stats: Option<PathBuf>,
    /// Exit with an error when a snapshot differs from the first.
    pub check: bool,
    /// Instead of the visitor, a photographer: one picture of every booth screen into
    /// this folder (`attract.png`, `start.png`, …), then exit.
    pub shots: Option<PathBuf>,
}

/// One line of the soak's record.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub frame: u32,
    pub booth_seconds: f64,
    pub screen: &'static str,
    pub resident_kib: u64,
    pub entities: u32,
    pub assets: AssetCounts,
    pub resets: u32,
}

/// How many assets of each kind are alive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AssetCounts {
    pub meshes: usize,
    pub materials: usize,
    pub images: usize,
    pub scenes: usize,
    pub fonts: usize,
    pub venues: usize,
}

/// The app on the settled start screen.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub frame: u32,
    pub entities: u32,
    /// Entities by kind (their components' names), to say which differ.
    pub kinds: std::collections::BTreeMap<String, u32>,
    /// Resources by name (with Bevy's `debug` feature) and component id.
    pub resources: Vec<String>,
    pub assets: AssetCounts,
    /// Language, large text, focus, tour phase, edit mode, camera mode, as text.
    pub visitor: String,
}

impl Snapshot {
    /// What differs, one line each: entities, resources and the visitor's state from
    /// the `fresh` start's; asset counts from the `first_reset`'s (the first visitor
    /// fills caches that then stay, such as the glyph atlases of the text sizes used).
    pub fn differences(&self, fresh: &Snapshot, first_reset: &Snapshot) -> Vec<String> {
        let mut out = Vec::new();
        if self.entities != fresh.entities {
            let kinds: Vec<String> = self
                .kinds
                .keys()
                .chain(fresh.kinds.keys())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .filter_map(|kind| {
                    let (now, then) = (self.kinds.get(kind), fresh.kinds.get(kind));
                    (now != then).then(|| {
                        format!(
                            "{} × [{kind}]",
                            now.copied().unwrap_or(0) as i64 - then.copied().unwrap_or(0) as i64
                        )
                    })
                })
                .collect();
            out.push(format!(
                "entities: {} after the reset, {} at the fresh start ({})",
                self.entities,
                fresh.entities,
                kinds.join("; ")
            ));
        }
        if self.assets != first_reset.assets {
            out.push(format!(
                "assets: {:?} after this reset, {:?} after the first",
                self.assets, first_reset.assets
            ));
        }
        let added: Vec<&String> = self
            .resources
            .iter()
            .filter(|r| !fresh.resources.contains(r))
            .collect();
        let gone: Vec<&String> = fresh
            .resources
            .iter()
            .filter(|r| !self.resources.contains(r))
            .collect();
        if !added.is_empty() || !gone.is_empty() {
            out.push(format!("resources: added {added:?}, gone {gone:?}"));
        }
        if self.visitor != fresh.visitor {
            out.push(format!(
                "visitor state: {} after the reset, {} at the fresh start",
                self.visitor, fresh.visitor
            ));
        }
        out
    }
}

/// Differences kept in the report; past them only the count grows.
pub const MAX_MISMATCHES: usize = 100;

/// What the soak found so far.
#[derive(Resource, Debug, Default, Clone)]
pub struct SoakReport {
    pub rows: Vec<Row>,
    /// The settled start screen of the fresh start, and after the first reset (kept;
    /// later ones are compared and dropped, so the record does not grow).
    pub fresh: Option<Snapshot>,
    pub first_reset: Option<Snapshot>,
    /// Settled start screens after a reset, compared so far.
    pub resets_checked: usize,
    /// Differences of later snapshots from the fresh start (at most
    /// [`MAX_MISMATCHES`] lines).
    pub mismatches: Vec<String>,
    /// All differences found.
    pub mismatch_count: usize,
    /// Visitor cycles begun.
    pub cycles: u32,
}

/// Where the scripted visitor is.
#[derive(Resource, Debug, Default)]
struct Visitor {
    /// The screen and when (booth time) and at which frame it was entered.
    screen: Option<&'static str>,
    entered_at: f64,
    entered_frame: u32,
    /// Attract scenes started before this attract screen.
    plays_at_entry: u32,
    /// Script steps done on this screen.
    done: u32,
    /// The settled start screen has been recorded.
    recorded: bool,
    /// `record` takes a snapshot this frame.
    snapshot_due: bool,
    /// Nobody comes this cycle: the start screen is left to idle.
    waiting_idle: bool,
    /// Stayed once on this cycle's countdown.
    stayed: bool,
    frame: u32,
}

pub fn plugin(app: &mut App) {
    if !app.world().contains_resource::<SoakPlan>() {
        return;
    }
    app.init_resource::<SoakReport>().init_resource::<Visitor>();
    if app.world().resource::<SoakPlan>().shots.is_some() {
        app.add_systems(
            Update,
            photographer
                .in_set(crate::AppSet::Input)
                .before(super::step_kiosk),
        );
        return;
    }
    app.add_systems(
        Update,
        visitor
            .in_set(crate::AppSet::Input)
            .before(super::step_kiosk),
    )
    .add_systems(Last, (record, finish).chain());
}

/// Frames between a screen's appearance and its picture (layout, text, markers).
const SHOT_SETTLE_FRAMES: u32 = 6;

/// One picture of each booth screen, in the order a visitor meets them.
fn photographer(
    mut me: Local<(u32, u32)>,
    plan: Res<SoakPlan>,
    state: Res<KioskState>,
    setup: Res<KioskSetup>,
    ready: Settled,
    target: Res<crate::headless::CaptureTarget>,
    mut inputs: MessageWriter<KioskInput>,
    mut exit: MessageWriter<AppExit>,
    mut large: ResMut<crate::ui::LargeText>,
    mut commands: Commands,
) {
    let (step, waited) = &mut *me;
    *waited += 1;
    let Some(folder) = plan.shots.as_ref() else {
        return;
    };
    let mut shoot = |name: &str| {
        let path = folder.join(format!("{name}.png"));
        commands
            .spawn(bevy::render::view::screenshot::Screenshot::image(
                target.0.clone(),
            ))
            .observe(
                move |captured: On<bevy::render::view::screenshot::ScreenshotCaptured>| {
                    match crate::headless::save_image(&captured.image, &path) {
                        Ok(()) => eprintln!("wrote {}", path.display()),
                        Err(e) => error!("cannot write {}: {e}", path.display()),
                    }
                },
            );
    };
    let screen = state.machine.screen();
    let settled = ready.settled() && *waited > SHOT_SETTLE_FRAMES;
    let next = |step: &mut u32, waited: &mut u32| {
        *step += 1;
        *waited = 0;
    };
    let send = |inputs: &mut MessageWriter<KioskInput>, list: &[Input]| {
        for input in list {
            inputs.write(KioskInput(input.clone()));
        }
    };
    match (*step, screen) {
        (0, Screen::Attract { .. }) if settled && *waited > 30 => {
            shoot("attract");
            next(step, waited);
        }
        (1, _) if *waited > SHOT_SETTLE_FRAMES => {
            send(&mut inputs, &[Input::Touch]);
            next(step, waited);
        }
        (2, Screen::Start) if settled => {
            shoot("start");
            next(step, waited);
        }
        // The start screen in large text, which the booth's elderly visitors choose. The
        // text size changes a frame after a picture: changed in the frame of the
        // picture, the screen would be rebuilt before that frame is drawn.
        (3, _) => {
            large.0 = true;
            next(step, waited);
        }
        (4, Screen::Start) if settled && *waited > SHOT_SETTLE_FRAMES => {
            shoot("start-large");
            next(step, waited);
        }
        (5, _) => {
            large.0 = false;
            next(step, waited);
        }
        (6, _) if *waited > SHOT_SETTLE_FRAMES => {
            send(
                &mut inputs,
                &[Input::Choose(setup.0.scenes[0].folder.clone())],
            );
            next(step, waited);
        }
        (7, Screen::Session { .. }) if settled && *waited > 20 => {
            shoot("session");
            next(step, waited);
        }
        (8, Screen::StillThere { .. }) if *waited > 2 => {
            shoot("still-there");
            next(step, waited);
        }
        (9, _) if *waited > SHOT_SETTLE_FRAMES => {
            send(
                &mut inputs,
                &[
                    Input::Stay,
                    Input::OperatorGesture,
                    Input::Digit(1),
                    Input::Digit(2),
                    Input::Digit(3),
                    Input::Digit(4),
                    Input::Submit,
                    Input::Digit(2),
                    Input::Digit(5),
                ],
            );
            next(step, waited);
        }
        (10, Screen::Operator { .. }) if *waited > 3 => {
            shoot("operator");
            next(step, waited);
        }
        (11, _) if *waited > SHOT_SETTLE_FRAMES => {
            send(&mut inputs, &[Input::Cancel]);
            next(step, waited);
        }
        (12, Screen::Start) if settled => {
            send(
                &mut inputs,
                &[
                    Input::Choose(setup.0.scenes[0].folder.clone()),
                    Input::LoadFailed,
                ],
            );
            next(step, waited);
        }
        (13, Screen::Trouble { .. }) if *waited > 3 => {
            shoot("trouble");
            next(step, waited);
        }
        (14, _) if *waited > SHOT_SETTLE_FRAMES => {
            exit.write(AppExit::Success);
        }
        _ => {}
    }
}

fn screen_name(screen: &Screen) -> &'static str {
    match screen {
        Screen::Attract { .. } => "attract",
        Screen::Start => "start",
        Screen::Session { .. } => "session",
        Screen::StillThere { .. } => "still_there",
        Screen::Operator { .. } => "operator",
        Screen::Trouble { .. } => "trouble",
    }
}

/// The scripted visitor (see the module's overview). Acts through the same messages and
/// resources the booth's buttons do.
#[allow(clippy::too_many_arguments)]
fn visitor(
    mut me: ResMut<Visitor>,
    mut report: ResMut<SoakReport>,
    state: Res<KioskState>,
    setup: Res<KioskSetup>,
    ready: Settled,
    mut inputs: MessageWriter<KioskInput>,
    mut language: ResMut<Language>,
    mut large: ResMut<LargeText>,
    mut tour: MessageWriter<TourCommand>,
    mut camera: MessageWriter<CameraCommand>,
    mut focus: MessageWriter<FocusCheckpoint>,
    mut edit: ResMut<crate::edit::EditMode>,
) {
    me.frame += 1;
    let screen = state.machine.screen();
    let name = screen_name(screen);
    if me.screen != Some(name) {
        me.screen = Some(name);
        me.entered_at = state.now;
        me.entered_frame = me.frame;
        // Switched on, the booth's first attract scene starts after this first look.
        me.plays_at_entry = state.attract_plays.max(u32::from(name == "attract"));
        me.done = 0;
        me.recorded = name != "start";
        me.waiting_idle = false;
    }
    let since = state.now - me.entered_at;
    let rounds = setup.0.attract_order.len() as u32;
    let cycle = report.cycles;
    let step = |me: &mut Visitor, at: f64| {
        let due = since >= at && me.done as f64 <= at;
        if due {
            me.done += 1;
        }
        due
    };
    match screen {
        // Watch the attract loop go round every scene, then touch.
        Screen::Attract { .. } => {
            if state.attract_plays >= me.plays_at_entry + rounds && ready.settled() {
                inputs.write(KioskInput(Input::Touch));
            }
        }
        Screen::Start => {
            if !ready.settled() || me.frame < me.entered_frame + SETTLE_FRAMES {
                return;
            }
            if !me.recorded {
                me.recorded = true;
                me.snapshot_due = true;
                return;
            }
            // Every third cycle nobody comes: the start screen idles back to the attract
            // loop, whose tours play round before the next visitor touches.
            if me.waiting_idle {
                return;
            }
            if cycle % 3 == 2 {
                me.waiting_idle = true;
                report.cycles += 1;
                return;
            }
            // Every fourth cycle the wrong PIN first, then cancel (a reset too).
            if cycle % 4 == 3 && me.done == 0 {
                me.done = 1;
                for input in [
                    Input::OperatorGesture,
                    Input::Digit(9),
                    Input::Digit(9),
                    Input::Digit(9),
                    Input::Digit(9),
                    Input::Submit,
                    Input::Cancel,
                ] {
                    inputs.write(KioskInput(input));
                }
                report.cycles += 1;
                return;
            }
            let scenes = &setup.0.scenes;
            let folder = scenes[cycle as usize % scenes.len()].folder.clone();
            inputs.write(KioskInput(Input::Choose(folder)));
            me.stayed = false;
            report.cycles += 1;
        }
        Screen::Session { .. } => {
            if step(&mut me, 2.0) {
                *language = Language(if language.0 == Lang::Zh {
                    Lang::En
                } else {
                    Lang::Zh
                });
                large.0 = true;
            } else if step(&mut me, 4.0) || step(&mut me, 6.0) {
                tour.write(TourCommand::Next);
            } else if step(&mut me, 8.0) {
                camera.write(CameraCommand::SetMode(ViewMode::Walk));
            } else if step(&mut me, 10.0) {
                if let Some(rule) = ready.first_rule() {
                    focus.write(FocusCheckpoint::on(rule, FocusSource::Checklist));
                }
            } else if step(&mut me, 12.0) {
                edit.0 = true;
            } else if cycle % 3 == 2 && step(&mut me, 14.0) {
                inputs.write(KioskInput(Input::Home));
            }
        }
        Screen::StillThere { .. } => {
            if cycle % 3 == 1 && !me.stayed {
                me.stayed = true;
                inputs.write(KioskInput(Input::Stay));
            }
        }
        Screen::Operator { .. } | Screen::Trouble { .. } => {}
    }
}

/// Whether the scene asked for is on screen with every model loaded.
#[derive(bevy::ecs::system::SystemParam)]
struct Settled<'w, 's> {
    pending: Res<'w, PendingTour>,
    active: Option<Res<'w, ActiveVenue>>,
    models: Query<'w, 's, (), With<PendingModel>>,
    current: Res<'w, crate::venue_asset::CurrentVenue>,
    assets: Res<'w, Assets<crate::venue_asset::VenueAsset>>,
}

impl Settled<'_, '_> {
    fn settled(&self) -> bool {
        let loaded = self.assets.get(&self.current.handle).is_some_and(|asset| {
            self.active
                .as_ref()
                .is_some_and(|a| std::sync::Arc::ptr_eq(&a.data, &asset.data))
        });
        loaded && !self.pending.waiting() && self.models.is_empty()
    }

    fn first_rule(&self) -> Option<String> {
        let active = self.active.as_ref()?;
        active.data.report.results.first().map(|r| r.id.clone())
    }
}

fn asset_counts(world: &World) -> AssetCounts {
    fn count<A: Asset>(world: &World) -> usize {
        world.get_resource::<Assets<A>>().map_or(0, |a| a.len())
    }
    AssetCounts {
        meshes: count::<Mesh>(world),
        materials: count::<StandardMaterial>(world),
        images: count::<Image>(world),
        scenes: count::<bevy::world_serialization::WorldAsset>(world),
        fonts: count::<Font>(world),
        venues: count::<crate::venue_asset::VenueAsset>(world),
    }
}

/// Resident memory of this process (KiB); 0 where the system does not say.
pub fn resident_kib() -> u64 {
    /// Bytes per page on the Linux systems the booth runs on.
    const PAGE_BYTES: u64 = 4096;
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * PAGE_BYTES / 1024)
}

fn visitor_state(world: &World) -> String {
    let lang = world.get_resource::<Language>().map(|l| l.0);
    let large = world.get_resource::<LargeText>().map(|l| l.0);
    let focus = world.get_resource::<Focus>().and_then(|f| f.0.clone());
    let phase = world.get_resource::<TourState>().map(|t| t.phase);
    let edit = world.get_resource::<crate::edit::EditMode>().map(|e| e.0);
    let stereo = world.get_resource::<StereoSettings>().map(|s| s.mode);
    format!(
        "language {lang:?}, large text {large:?}, focus {focus:?}, tour {phase:?}, edit {edit:?}, stereo {stereo:?}"
    )
}

fn record(world: &mut World) {
    let plan = world.resource::<SoakPlan>().clone();
    let (frame, recorded_now) = {
        let mut visitor = world.resource_mut::<Visitor>();
        (visitor.frame, std::mem::take(&mut visitor.snapshot_due))
    };
    let screen = screen_name(world.resource::<KioskState>().machine.screen());
    let entities = world.query::<Entity>().iter(world).count() as u32;
    let assets = asset_counts(world);
    if recorded_now {
        let mut resources: Vec<String> = world
            .iter_resources()
            .map(|(info, _)| format!("{} (#{})", info.name(), info.id().index()))
            .collect();
        resources.sort();
        let mut camera_mode = String::new();
        let mut rigs = world.query::<&CameraRig>();
        for rig in rigs.iter(world) {
            camera_mode = format!("{:?}", rig.mode);
        }
        let mut kinds = std::collections::BTreeMap::new();
        for entity in world.iter_entities() {
            *kinds.entry(entity_kind(world, &entity)).or_insert(0) += 1;
        }
        let snapshot = Snapshot {
            frame,
            entities,
            kinds,
            resources,
            assets,
            visitor: format!("{}, camera {camera_mode}", visitor_state(world)),
        };
        let mut report = world.resource_mut::<SoakReport>();
        match (report.fresh.clone(), report.first_reset.clone()) {
            (None, _) => report.fresh = Some(snapshot),
            (Some(fresh), first_reset) => {
                report.resets_checked += 1;
                // Assets against the first reset's: the first visitor fills caches that
                // stay (glyph atlases of the sizes and languages used).
                let first_reset = first_reset.unwrap_or_else(|| snapshot.clone());
                let differences = snapshot.differences(&fresh, &first_reset);
                for d in &differences {
                    warn!("soak: after reset {}: {d}", report.resets_checked);
                }
                report.mismatch_count += differences.len();
                let room = MAX_MISMATCHES.saturating_sub(report.mismatches.len());
                report.mismatches.extend(differences.into_iter().take(room));
                if report.first_reset.is_none() {
                    report.first_reset = Some(snapshot);
                }
            }
        }
    }
    if frame % plan.every.max(1) == 0 {
        let state = world.resource::<KioskState>();
        let row = Row {
            frame,
            booth_seconds: state.now,
            screen,
            resident_kib: resident_kib(),
            entities,
            assets,
            resets: state.resets,
        };
        world.resource_mut::<SoakReport>().rows.push(row);
    }
}

/// What an entity is, in words: its name, or the common components it has (component
/// names need Bevy's `debug` feature, which the app leaves off).
fn entity_kind(world: &World, entity: &EntityRef) -> String {
    use bevy::ecs::observer::Observer;
    if let Some(name) = entity.get::<Name>() {
        return name.as_str().to_string();
    }
    let known = [
        ("Observer", entity.contains::<Observer>()),
        ("Node", entity.contains::<Node>()),
        ("Text", entity.contains::<Text>()),
        ("Button", entity.contains::<Button>()),
        ("ImageNode", entity.contains::<ImageNode>()),
        ("Mesh3d", entity.contains::<Mesh3d>()),
        ("Transform", entity.contains::<Transform>()),
        ("ChildOf", entity.contains::<ChildOf>()),
        ("Camera", entity.contains::<Camera>()),
        ("Window", entity.contains::<Window>()),
        (
            "PointerId",
            entity.contains::<bevy::picking::pointer::PointerId>(),
        ),
        (
            "Screenshot",
            entity.contains::<bevy::render::view::screenshot::Screenshot>(),
        ),
    ];
    let has: Vec<&str> = known
        .iter()
        .filter(|(_, has)| *has)
        .map(|(n, _)| *n)
        .collect();
    if has.is_empty() {
        // Nothing known: its components' own names, so a difference says what it is.
        let names: Vec<String> = entity
            .archetype()
            .iter_components()
            .filter_map(|id| world.components().get_name(id))
            .map(|name| name.shortname().to_string())
            .collect();
        return format!("components: {}", names.join(", "));
    }
    format!(
        "{} components: {}",
        entity.archetype().component_count(),
        has.join(", ")
    )
}

/// The rows as CSV.
pub fn csv(rows: &[Row]) -> String {
    let mut out = String::from(
        "frame,booth_seconds,screen,resident_kib,entities,meshes,materials,images,scenes,fonts,venues,resets\n",
    );
    for r in rows {
        out.push_str(&format!(
            "{},{:.1},{},{},{},{},{},{},{},{},{},{}\n",
            r.frame,
            r.booth_seconds,
            r.screen,
            r.resident_kib,
            r.entities,
            r.assets.meshes,
            r.assets.materials,
            r.assets.images,
            r.assets.scenes,
            r.assets.fonts,
            r.assets.venues,
            r.resets
        ));
    }
    out
}

fn finish(
    plan: Res<SoakPlan>,
    visitor: Res<Visitor>,
    report: Res<SoakReport>,
    mut exit: MessageWriter<AppExit>,
) {
    if visitor.frame < plan.frames {
        return;
    }
    if let Some(path) = &plan.stats
        && let Err(e) = std::fs::write(path, csv(&report.rows))
    {
        error!("cannot write {}: {e}", path.display());
        exit.write(AppExit::error());
        return;
    }
    let resets = report.resets_checked;
    eprintln!(
        "soak: {} frames, {} visitor cycles, {} settled start screens after a reset, {} differences from the fresh start",
        visitor.frame, report.cycles, resets, report.mismatch_count
    );
    for d in report.mismatches.iter().take(20) {
        eprintln!("  {d}");
    }
    let failed = plan.check && (report.mismatch_count > 0 || resets == 0);
    if plan.check && resets == 0 {
        eprintln!("soak: no reset was reached; run more frames");
    }
    exit.write(if failed {
        AppExit::error()
    } else {
        AppExit::Success
    });
}
