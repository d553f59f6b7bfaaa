//! Edit mode: "would *my* shop pass?" Select a fixture, drag it on the floor (5 cm grid,
//! against wall faces), turn it, delete it, undo and redo; every change is re-checked at
//! once and the markers, evidence, checklist and card follow. Save writes the scene file
//! losslessly (the author's comments and layout stay; see [`venue_core::save`]).
//!
//! The edits themselves are the core's pure functions ([`venue_core::edit`]); this
//! module gathers input into [`EditCommand`] messages (pointer drags on fixtures, keys,
//! the edit bar's buttons) and one system, [`apply_edits`], answers them:
//!
//! - [`EditSession`] (written only here) holds the undo history, the selection, the
//!   validator's complaints about the current state, and the file text last saved;
//! - the edited venue is validated and evaluated like a loaded one and replaces the
//!   venue asset's data, so `spawn` shows it as it shows a reload;
//! - a state with errors (fixtures overlapping, outside the floor) is shown with the
//!   validator's messages and can be undone, but is never saved.
//!
//! A reload of the file from disk (an outside editor, or our own save coming back
//! through the watcher) starts a new session unless it is exactly what is being edited.

#[cfg(not(target_arch = "wasm32"))]
pub mod files;
pub mod handles;
pub mod local_folder;
#[cfg(target_arch = "wasm32")]
pub mod web_files;

use crate::camera::{ViewCameras, pointer_ray};
use crate::shared::{ActiveVenue, PointerCapture, ShowNotice};
use crate::spawn::FixtureRef;
use crate::venue_asset::{CurrentVenue, VenueAsset, VenueData};
use bevy::prelude::*;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use venue_core::edit::{History, SnapOptions};
use venue_core::{Text, Venue};

/// Whether edit mode is on (taps select and drag fixtures instead of opening cards).
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct EditMode(pub bool);

/// What an edit asks for. Input systems and buttons write these; [`apply_edits`]
/// answers them in order.
#[derive(Message, Debug, Clone, PartialEq)]
pub enum EditCommand {
    Select(Option<String>),
    /// A drag starts: the moves until [`EditCommand::EndDrag`] are one undo step.
    BeginDrag,
    EndDrag,
    /// Move a fixture's centre to a floor point (x, z), snapped.
    Move {
        id: String,
        to: (f64, f64),
    },
    /// Turn a fixture by quarter turns (positive: counter-clockwise seen from above).
    Rotate {
        id: String,
        quarter_turns: i32,
    },
    Delete {
        id: String,
    },
    /// Turn a fixture to a free angle (degrees, counter-clockwise seen from above).
    SetRotation {
        id: String,
        degrees: f64,
    },
    /// Move corner `index` of zone `zone` to a floor point (snapped to the grid).
    MoveZoneCorner {
        zone: String,
        index: usize,
        to: (f64, f64),
    },
    /// Move corner `index` of the room's floor (walls and zone corners on it follow).
    MoveFloorCorner {
        index: usize,
        to: (f64, f64),
    },
    /// Slide a door or window along its wall so its middle is nearest a floor point.
    MoveOpening {
        id: String,
        toward: (f64, f64),
    },
    /// Add a fixture of a catalogue type in the middle of the floor (then drag it), and
    /// select it.
    Add {
        kind: String,
    },
    Undo,
    Redo,
    /// Write the edited scene to its file (desktop) or download it (web).
    Save,
    /// Save the edited scene as a new scene folder, chosen in a dialog (desktop).
    SaveAs,
    /// Open a scene folder chosen in a dialog (desktop) or the page's folder input (web).
    Open,
}

/// The edit state of the venue on screen.
#[derive(Resource)]
pub struct EditSession {
    history: Option<History>,
    /// The data the edits are made against (catalogue, packs, files, sources).
    base: Option<Arc<VenueData>>,
    /// The data this module last published, to tell our own updates from reloads.
    published: Option<Arc<VenueData>>,
    pub selected: Option<String>,
    /// The validator's errors about the current state, one line each.
    pub problems: Vec<String>,
    /// The venue file's text and model as last read or saved.
    saved: Option<(String, Venue)>,
    /// How long the last check took (s): decides between checking in the frame and
    /// checking off the main thread.
    last_check_secs: f64,
    /// The check running off the main thread, if any.
    checking: Option<Checking>,
    /// The newest edit made while a check was running, to be checked next.
    waiting: Option<Venue>,
    /// Checks that took longer than this (s) run off the main thread from then on.
    pub same_frame_budget_secs: f64,
}

impl Default for EditSession {
    fn default() -> Self {
        Self {
            history: None,
            base: None,
            published: None,
            selected: None,
            problems: Vec::new(),
            saved: None,
            last_check_secs: 0.0,
            checking: None,
            waiting: None,
            same_frame_budget_secs: SAME_FRAME_CHECK_SECS,
        }
    }
}

impl EditSession {
    pub fn can_undo(&self) -> bool {
        self.history.as_ref().is_some_and(|h| h.can_undo())
    }
    pub fn can_redo(&self) -> bool {
        self.history.as_ref().is_some_and(|h| h.can_redo())
    }
    /// The edited venue differs from the file.
    pub fn unsaved(&self) -> bool {
        match (&self.history, &self.saved) {
            (Some(h), Some((_, saved))) => h.current() != saved,
            _ => false,
        }
    }
    pub fn current(&self) -> Option<&Venue> {
        self.history.as_ref().map(History::current)
    }
    /// A check is running off the main thread (or an edit waits for one).
    pub fn checking(&self) -> bool {
        self.checking.is_some() || self.waiting.is_some()
    }
}

pub fn plugin(app: &mut App) {
    let start_editing = app
        .world()
        .get_resource::<crate::AppOptions>()
        .is_some_and(|o| o.edit);
    app.insert_resource(EditMode(start_editing))
        .init_resource::<EditSession>()
        .init_resource::<Dragging>()
        .add_message::<EditCommand>()
        .add_systems(
            Update,
            (
                edit_keys,
                twist_fixture,
                drag_fixture,
                track_venue,
                apply_edits,
                receive_checks,
            )
                .chain()
                .in_set(crate::AppSet::Input),
        )
        .add_systems(
            Update,
            make_fixtures_draggable.in_set(crate::AppSet::Overlay),
        )
        .add_systems(Update, forget_visitor.in_set(crate::AppSet::Input));
    #[cfg(not(target_arch = "wasm32"))]
    app.add_message::<crate::venue_asset::OpenScene>()
        .add_systems(Update, files::finish_dialogs.in_set(crate::AppSet::Input));
    #[cfg(target_arch = "wasm32")]
    app.add_plugins(web_files::plugin);
    app.add_plugins(handles::plugin);
}

/// A reset ([`crate::shared::ResetVisitor`]) leaves edit mode and undoes every edit: the
/// venue is read again from its files (the new session starts when it arrives), so the
/// next visitor sees the scene as authored.
fn forget_visitor(
    mut resets: MessageReader<crate::shared::ResetVisitor>,
    mut mode: ResMut<EditMode>,
    mut session: ResMut<EditSession>,
    mut dragging: ResMut<Dragging>,
    mut capture: ResMut<crate::shared::PointerCapture>,
    current: Res<CurrentVenue>,
    server: Res<AssetServer>,
) {
    if resets.read().count() == 0 {
        return;
    }
    mode.set_if_neq(EditMode(false));
    dragging.0 = None;
    capture.set_if_neq(crate::shared::PointerCapture(false));
    session.selected = None;
    let edited = session.can_undo() || session.checking();
    if edited && let Some(path) = current.handle.path() {
        info!("reset: reading {path} again to undo the visitor's edits");
        server.reload(path.clone_owned());
    }
}

/// A new venue on screen that is not our own edit starts a new session.
fn track_venue(active: Option<Res<ActiveVenue>>, mut session: ResMut<EditSession>) {
    let Some(active) = active.filter(|a| a.is_changed()) else {
        return;
    };
    if session
        .published
        .as_ref()
        .is_some_and(|p| Arc::ptr_eq(p, &active.data))
    {
        return;
    }
    let text = active
        .data
        .sources
        .get(&active.data.files.venue)
        .map(str::to_owned);
    let same = session.current() == Some(&active.data.venue);
    session.base = Some(active.data.clone());
    session.saved = text.map(|t| (t, active.data.venue.clone()));
    if !same {
        session.checking = None;
        session.waiting = None;
        session.history = Some(History::new(active.data.venue.clone()));
        session.selected = None;
        session.problems.clear();
    }
}

/// Answers every [`EditCommand`] of the frame; re-checks and shows the result once.
pub fn apply_edits(
    mut commands: MessageReader<EditCommand>,
    mut session: ResMut<EditSession>,
    current: Res<CurrentVenue>,
    mut assets: ResMut<Assets<VenueAsset>>,
    options: Option<Res<crate::AppOptions>>,
    mut notices: MessageWriter<ShowNotice>,
    #[cfg(not(target_arch = "wasm32"))] dialogs: Option<Res<files::FileDialog>>,
    #[cfg(not(target_arch = "wasm32"))] mut dialog_commands: Commands,
    mut shown: Query<(&FixtureRef, &mut Transform)>,
) {
    let commands: Vec<EditCommand> = commands.read().cloned().collect();
    if commands.is_empty() {
        return;
    }
    let Some(base) = session.base.clone() else {
        return;
    };
    let before = session.current().cloned();
    for command in commands {
        let session = &mut *session;
        let Some(history) = session.history.as_mut() else {
            return;
        };
        let result = match command {
            EditCommand::Select(id) => {
                session.selected = id;
                Ok(())
            }
            EditCommand::BeginDrag => {
                history.begin_gesture();
                Ok(())
            }
            EditCommand::EndDrag => {
                history.end_gesture();
                Ok(())
            }
            EditCommand::Move { id, to } => history.edit(|v| {
                venue_core::edit::move_fixture(v, &base.catalogue, &id, to, SnapOptions::ALL)
            }),
            EditCommand::Rotate { id, quarter_turns } => {
                history.edit(|v| venue_core::edit::rotate_quarter(v, &id, quarter_turns))
            }
            EditCommand::SetRotation { id, degrees } => {
                history.edit(|v| venue_core::edit::set_rotation(v, &id, degrees))
            }
            EditCommand::Delete { id } => {
                let result = history.edit(|v| venue_core::edit::delete_fixture(v, &id));
                if result.is_ok() {
                    session.selected = None;
                }
                result
            }
            EditCommand::MoveZoneCorner { zone, index, to } => history.edit(|v| {
                let to = venue_core::edit::snap::point_to_grid(to);
                venue_core::edit::move_zone_corner(v, &zone, index, to)
            }),
            EditCommand::MoveFloorCorner { index, to } => history.edit(|v| {
                let to = venue_core::edit::snap::point_to_grid(to);
                venue_core::edit::move_floor_corner(v, index, to)
            }),
            EditCommand::MoveOpening { id, toward } => history.edit(|v| {
                let center = along_wall(v, &id, toward).unwrap_or(f64::NAN);
                venue_core::edit::move_opening(v, &id, venue_core::edit::snap::to_grid(center))
            }),
            EditCommand::Add { kind } => {
                let at = floor_middle(history.current());
                match venue_core::edit::add_fixture(
                    history.current(),
                    &base.catalogue,
                    &kind,
                    at,
                    SnapOptions::ALL,
                ) {
                    Ok((venue, id)) => {
                        history.apply(venue);
                        session.selected = Some(id);
                        Ok(())
                    }
                    Err(e) => Err(e),
                }
            }
            #[cfg(target_arch = "wasm32")]
            EditCommand::Open => {
                if let Err(text) = web_files::ask_for_folder() {
                    notices.write(ShowNotice(text));
                }
                Ok(())
            }
            // The browser's Save as is Save's download.
            #[cfg(target_arch = "wasm32")]
            EditCommand::SaveAs => {
                notices.write(ShowNotice(save(session, None)));
                Ok(())
            }
            #[cfg(not(target_arch = "wasm32"))]
            EditCommand::Open | EditCommand::SaveAs => {
                if dialogs.is_none() {
                    let source = options.as_ref().map(|o| {
                        let (root, _) = crate::venue_asset::scene_root_and_file(&o.scene);
                        root.join(&base.files.venue)
                    });
                    let dialog = if command == EditCommand::Open {
                        Some(files::open_dialog())
                    } else {
                        save_as(session, source)
                            .map_err(|text| {
                                notices.write(ShowNotice(text));
                            })
                            .ok()
                    };
                    if let Some(dialog) = dialog {
                        dialog_commands.insert_resource(dialog);
                    }
                }
                Ok(())
            }
            EditCommand::Undo => {
                history.undo();
                Ok(())
            }
            EditCommand::Redo => {
                history.redo();
                Ok(())
            }
            EditCommand::Save => {
                // The file of the venue on screen (a scene picked from the list is not
                // the one the app started with): its path in the `venue://` source,
                // whose root is the folder above the start scene's.
                let file = options.as_ref().map(|o| {
                    let (root, _) = crate::venue_asset::scene_root_and_file(&o.scene);
                    root.join(&base.files.venue)
                });
                notices.write(ShowNotice(save(session, file.as_deref())));
                Ok(())
            }
        };
        if let Err(e) = result {
            warn!("edit refused: {e}");
        }
    }
    let Some(edited) = session.current().cloned() else {
        return;
    };
    if before.as_ref() == Some(&edited) {
        return;
    }
    if session.last_check_secs <= session.same_frame_budget_secs {
        // A small venue: checked now, shown this frame.
        let started = bevy::platform::time::Instant::now();
        let (data, problems) = checked(&base, edited);
        session.last_check_secs = started.elapsed().as_secs_f64();
        publish(&mut session, &current, &mut assets, data, problems);
    } else {
        // A large one: the fixtures move at once, the check runs on another thread.
        // One check at a time: an edit made meanwhile waits, replacing any other that
        // waits, and tells the running check to give up between two rules (starting
        // one per frame would queue them up on the cores); the newest is checked next
        // and wins.
        let by_id: std::collections::HashMap<&str, &venue_core::Fixture> =
            edited.fixtures.iter().map(|f| (f.id.as_str(), f)).collect();
        for (fixture, mut transform) in &mut shown {
            if let Some(f) = by_id.get(fixture.id.as_str()) {
                transform.translation.x = f.position.0 as f32;
                transform.translation.z = f.position.1 as f32;
                transform.rotation = Quat::from_rotation_y((f.rotation as f32).to_radians());
            }
        }
        if let Some(running) = &session.checking {
            // Out of date already: it gives up between two rules, and the newest edit
            // is checked next.
            running.stale.store(true, Ordering::Relaxed);
            session.waiting = Some(edited);
        } else {
            session.checking = Some(check_elsewhere(base, edited));
        }
    }
}

/// Starts checking `venue` on the async compute pool.
fn check_elsewhere(base: Arc<VenueData>, venue: Venue) -> Checking {
    let stale = Arc::new(AtomicBool::new(false));
    let stop = stale.clone();
    Checking {
        task: bevy::tasks::AsyncComputeTaskPool::get().spawn(async move {
            let started = bevy::platform::time::Instant::now();
            let checked = checked_unless(&base, venue, &|| stop.load(Ordering::Relaxed));
            checked.map(|(data, problems)| (data, problems, started.elapsed().as_secs_f64()))
        }),
        stale,
    }
}

/// Longest check (s) that runs in the frame of the edit: the standard eatery takes
/// about 2 ms; a 3,000 m² venue about 80 ms, which would stall a drag.
const SAME_FRAME_CHECK_SECS: f64 = 0.008;

/// A check running off the main thread: its result (`None` when it was given up), and
/// the flag that tells it its edit is already out of date.
pub struct Checking {
    task: bevy::tasks::Task<Option<(VenueData, Vec<String>, f64)>>,
    stale: Arc<AtomicBool>,
}

/// Shows a checked edit: the problems, and the venue data `spawn` respawns from.
fn publish(
    session: &mut EditSession,
    current: &CurrentVenue,
    assets: &mut Assets<VenueAsset>,
    data: VenueData,
    problems: Vec<String>,
) {
    session.problems = problems;
    let data = Arc::new(data);
    session.published = Some(data.clone());
    if let Some(mut asset) = assets.get_mut(&current.handle) {
        asset.data = data;
    }
}

/// Shows the newest off-thread check when it is done.
fn receive_checks(
    mut session: ResMut<EditSession>,
    current: Res<CurrentVenue>,
    mut assets: ResMut<Assets<VenueAsset>>,
) {
    use bevy::tasks::{block_on, futures_lite::future};
    let Some(running) = session.checking.as_mut() else {
        return;
    };
    let Some(outcome) = block_on(future::poll_once(&mut running.task)) else {
        return;
    };
    session.checking = None;
    match (session.waiting.take(), session.base.clone(), outcome) {
        // Out of date (or given up): check the newest instead of showing this one.
        (Some(newer), Some(base), _) => session.checking = Some(check_elsewhere(base, newer)),
        (_, _, Some((data, problems, secs))) => {
            session.last_check_secs = secs;
            publish(&mut session, &current, &mut assets, data, problems);
        }
        // Given up with nothing newer to check: cannot happen (only a newer edit stops
        // a check), but the state on screen then simply stays.
        (None, _, None) | (Some(_), None, None) => {}
    }
}

/// The Save as dialog for the edited venue, or why it cannot be saved.
#[cfg(not(target_arch = "wasm32"))]
fn save_as(
    session: &EditSession,
    source: Option<std::path::PathBuf>,
) -> Result<files::FileDialog, Text> {
    if !session.problems.is_empty() {
        return Err(Text::new(
            "场景有错误，不能保存；请先撤销或改正",
            "The scene has errors and cannot be saved; undo or fix them first",
        ));
    }
    let (Some(history), Some((text, saved)), Some(source)) =
        (&session.history, &session.saved, source)
    else {
        return Err(Text::new(
            "没有可保存的场景文件",
            "There is no scene file to save",
        ));
    };
    let edited = history.current().clone();
    let text = venue_core::save::save_text(text, saved, &edited)
        .map_err(|e| Text::new(format!("无法保存：{e}"), format!("Could not save: {e}")))?;
    Ok(files::save_as_dialog(text, edited, source))
}

/// How far along its wall (from the wall's start) the point of the wall nearest `p` is,
/// for the wall holding opening `id`.
fn along_wall(venue: &Venue, id: &str, p: (f64, f64)) -> Option<f64> {
    let wall = venue
        .walls
        .iter()
        .find(|w| w.openings.iter().any(|o| o.id() == id))?;
    let (dx, dz) = (wall.to.0 - wall.from.0, wall.to.1 - wall.from.1);
    let length = dx.hypot(dz);
    (length > 0.0).then(|| ((p.0 - wall.from.0) * dx + (p.1 - wall.from.1) * dz) / length)
}

/// Where a new fixture appears: the middle of the floor's bounding box.
fn floor_middle(venue: &Venue) -> (f64, f64) {
    if venue.floor.is_empty() {
        return (0.0, 0.0);
    }
    let (mut min, mut max) = ((f64::MAX, f64::MAX), (f64::MIN, f64::MIN));
    for &(x, z) in &venue.floor {
        min = (min.0.min(x), min.1.min(z));
        max = (max.0.max(x), max.1.max(z));
    }
    ((min.0 + max.0) / 2.0, (min.1 + max.1) / 2.0)
}

/// The edited venue validated and evaluated like a loaded one; errors as lines.
pub fn checked(base: &VenueData, venue: Venue) -> (VenueData, Vec<String>) {
    checked_unless(base, venue, &|| false).expect("a check nobody stops finishes")
}

/// [`checked`], given up (`None`) when `stop` says so between two rules.
fn checked_unless(
    base: &VenueData,
    venue: Venue,
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<(VenueData, Vec<String>)> {
    let loaded = base.loaded_with(venue);
    let diagnostics = venue_core::validate::validate(&loaded);
    let (errors, warnings): (Vec<_>, Vec<_>) = diagnostics.into_iter().partition(|d| d.is_error());
    let problems = errors.iter().map(|d| d.message.clone()).collect();
    let data =
        VenueData::from_valid_unless(venue_core::load::ValidVenue { loaded, warnings }, stop)?;
    Some((data, problems))
}

/// Saves the edited venue: refused while it has errors; on the desktop the venue file is
/// rewritten losslessly and atomically (the previous version kept as `venue.ron.bak`);
/// in the browser the file downloads.
fn save(session: &mut EditSession, file: Option<&std::path::Path>) -> Text {
    if session.checking() {
        // Its problems are not known yet: never save an unchecked state.
        return Text::new(
            "正在检查改动，请稍后再保存",
            "Still checking the change; save again in a moment",
        );
    }
    if !session.problems.is_empty() {
        return Text::new(
            "场景有错误，不能保存；请先撤销或改正",
            "The scene has errors and cannot be saved; undo or fix them first",
        );
    }
    let (Some(history), Some((text, saved))) = (&session.history, &session.saved) else {
        return Text::new("没有可保存的场景文件", "There is no scene file to save");
    };
    let edited = history.current().clone();
    if &edited == saved {
        return Text::new("没有改动需要保存", "Nothing has changed");
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let Some(path) = file.map(std::path::Path::to_path_buf) else {
            return Text::new("没有可保存的场景文件", "There is no scene file to save");
        };
        match venue_core::save::save_file(&path, text, saved, &edited) {
            Ok(written) => {
                info!("saved {}", path.display());
                session.saved = Some((written, edited));
                Text::new(
                    format!("已保存：{}", path.display()),
                    format!("Saved: {}", path.display()),
                )
            }
            Err(e) => {
                error!("cannot save {}: {e}", path.display());
                Text::new(format!("无法保存：{e}"), format!("Could not save: {e}"))
            }
        }
    }
    #[cfg(target_arch = "wasm32")]
    {
        let _ = file;
        match venue_core::save::save_text(text, saved, &edited) {
            Ok(written) => {
                match crate::export::download("venue.ron", "text/plain;charset=utf-8", &written) {
                    Ok(()) => Text::new("已下载 venue.ron", "Downloaded venue.ron"),
                    Err(e) => Text::new(format!("下载失败：{e}"), format!("Download failed: {e}")),
                }
            }
            Err(e) => Text::new(format!("无法保存：{e}"), format!("Could not save: {e}")),
        }
    }
}

/// Ctrl+Z, Ctrl+Shift+Z / Ctrl+Y, Ctrl+S, Delete, R / Shift+R, E (edit mode on/off).
fn edit_keys(
    keys: Res<ButtonInput<KeyCode>>,
    mut mode: ResMut<EditMode>,
    session: Res<EditSession>,
    mut commands: MessageWriter<EditCommand>,
) {
    if keys.just_pressed(KeyCode::KeyE)
        && !keys.any_pressed([KeyCode::ControlLeft, KeyCode::ControlRight])
    {
        mode.0 = !mode.0;
    }
    if !mode.0 {
        return;
    }
    let ctrl = keys.any_pressed([KeyCode::ControlLeft, KeyCode::ControlRight]);
    let shift = keys.any_pressed([KeyCode::ShiftLeft, KeyCode::ShiftRight]);
    if ctrl && keys.just_pressed(KeyCode::KeyZ) {
        commands.write(if shift {
            EditCommand::Redo
        } else {
            EditCommand::Undo
        });
    }
    if ctrl && keys.just_pressed(KeyCode::KeyY) {
        commands.write(EditCommand::Redo);
    }
    if ctrl && keys.just_pressed(KeyCode::KeyS) {
        commands.write(EditCommand::Save);
    }
    if let Some(id) = session.selected.clone() {
        if keys.any_just_pressed([KeyCode::Delete, KeyCode::Backspace]) {
            commands.write(EditCommand::Delete { id: id.clone() });
        }
        if !ctrl && keys.just_pressed(KeyCode::KeyR) {
            let quarter_turns = if shift { -1 } else { 1 };
            commands.write(EditCommand::Rotate { id, quarter_turns });
        }
    }
    if keys.just_pressed(KeyCode::Escape) {
        commands.write(EditCommand::Select(None));
    }
}

/// The fixture being dragged and where it was grabbed (its centre minus the floor
/// point under the pointer). A resource, not a component: an edit of the room's shell
/// respawns the venue, fixtures included, and the drag must survive that.
#[derive(Resource, Debug, Default)]
pub struct Dragging(Option<(DragTarget, Vec2)>);

/// What a drag moves.
#[derive(Debug, Clone, PartialEq)]
pub enum DragTarget {
    Fixture(String),
    ZoneCorner { zone: String, index: usize },
    FloorCorner(usize),
    Opening(String),
}

impl DragTarget {
    /// The edit that puts this at floor point `to`.
    fn command(&self, to: (f64, f64)) -> EditCommand {
        match self {
            DragTarget::Fixture(id) => EditCommand::Move { id: id.clone(), to },
            DragTarget::ZoneCorner { zone, index } => EditCommand::MoveZoneCorner {
                zone: zone.clone(),
                index: *index,
                to,
            },
            DragTarget::FloorCorner(index) => EditCommand::MoveFloorCorner { index: *index, to },
            DragTarget::Opening(id) => EditCommand::MoveOpening {
                id: id.clone(),
                toward: to,
            },
        }
    }
}

fn make_fixtures_draggable(mut commands: Commands, fixtures: Query<Entity, Added<FixtureRef>>) {
    for entity in &fixtures {
        commands.entity(entity).observe(on_press_fixture);
    }
}

/// The fixture a picked mesh belongs to.
fn fixture_of<'a>(
    mut entity: Entity,
    parents: &Query<&ChildOf>,
    fixtures: &'a Query<&FixtureRef>,
) -> Option<&'a FixtureRef> {
    loop {
        if let Ok(f) = fixtures.get(entity) {
            return Some(f);
        }
        entity = parents.get(entity).ok()?.parent();
    }
}

/// Where a screen point meets the floor (y = 0).
pub(crate) fn floor_point(cameras: &ViewCameras, screen: Vec2) -> Option<Vec2> {
    let ray = pointer_ray(cameras, screen)?;
    let distance = ray.intersect_plane(Vec3::ZERO, InfinitePlane3d::new(Vec3::Y))?;
    let p = ray.get_point(distance);
    Some(Vec2::new(p.x, p.z))
}

/// A press on a fixture in edit mode selects it and starts dragging it.
fn on_press_fixture(
    press: On<Pointer<Press>>,
    mode: Res<EditMode>,
    parents: Query<&ChildOf>,
    fixtures: Query<&FixtureRef>,
    active: Option<Res<ActiveVenue>>,
    camera: ViewCameras,
    mut capture: ResMut<PointerCapture>,
    mut dragging: ResMut<Dragging>,
    mut edits: MessageWriter<EditCommand>,
) {
    if !mode.0 || press.button != PointerButton::Primary {
        return;
    }
    let (Some(fixture), Some(active)) = (fixture_of(press.entity, &parents, &fixtures), active)
    else {
        return;
    };
    let Some(at) = floor_point(&camera, press.pointer_location.position) else {
        return;
    };
    let Some(placed) = active
        .data
        .venue
        .fixtures
        .iter()
        .find(|f| f.id == fixture.id)
    else {
        return;
    };
    let centre = Vec2::new(placed.position.0 as f32, placed.position.1 as f32);
    dragging.0 = Some((DragTarget::Fixture(fixture.id.clone()), centre - at));
    capture.0 = true;
    edits.write(EditCommand::Select(Some(fixture.id.clone())));
    edits.write(EditCommand::BeginDrag);
}

/// Two fingers on the screen in edit mode turn the selected fixture freely, by the
/// angle their line turns (the camera does not zoom meanwhile). The turn is one undo
/// step.
fn twist_fixture(
    touches: Res<Touches>,
    mode: Res<EditMode>,
    session: Res<EditSession>,
    mut capture: ResMut<PointerCapture>,
    mut dragging: ResMut<Dragging>,
    mut twist: Local<Option<(String, f32, f64)>>,
    mut edits: MessageWriter<EditCommand>,
) {
    let fingers: Vec<Vec2> = touches.iter().map(|t| t.position()).collect();
    let [a, b] = fingers.as_slice() else {
        if twist.take().is_some() {
            capture.0 = false;
            edits.write(EditCommand::EndDrag);
        }
        return;
    };
    let angle = (*b - *a).to_angle();
    match twist.as_ref() {
        None => {
            let Some(id) = session.selected.clone().filter(|_| mode.0) else {
                return;
            };
            let Some(start) = session
                .current()
                .and_then(|v| v.fixtures.iter().find(|f| f.id == id))
                .map(|f| f.rotation)
            else {
                return;
            };
            // Two fingers take over from a one-finger drag.
            dragging.0 = None;
            capture.0 = true;
            *twist = Some((id, angle, start));
            edits.write(EditCommand::BeginDrag);
        }
        Some((id, from, start)) => {
            // Screen y points down: a clockwise twist on screen turns the fixture
            // clockwise seen from above, which is negative yaw.
            let turned = -f64::from((angle - from).to_degrees());
            edits.write(EditCommand::SetRotation {
                id: id.clone(),
                degrees: start + turned,
            });
        }
    }
}

/// While the pointer is held after pressing a fixture: move it under the pointer; on
/// release, the drag ends as one undo step.
fn drag_fixture(
    mouse: Res<ButtonInput<MouseButton>>,
    touches: Res<Touches>,
    windows: Query<&Window>,
    camera: ViewCameras,
    mut dragging: ResMut<Dragging>,
    mut capture: ResMut<PointerCapture>,
    mut last: Local<Option<Vec2>>,
    mut edits: MessageWriter<EditCommand>,
) {
    let Some((target, offset)) = dragging.0.clone() else {
        *last = None;
        return;
    };
    let touch = touches.iter().next().map(|t| t.position());
    let held = mouse.pressed(MouseButton::Left) || touch.is_some();
    if !held {
        dragging.0 = None;
        capture.0 = false;
        *last = None;
        edits.write(EditCommand::EndDrag);
        return;
    }
    let screen = touch.or_else(|| windows.iter().find_map(Window::cursor_position));
    let Some(screen) = screen.filter(|s| Some(*s) != *last) else {
        return;
    };
    *last = Some(screen);
    if let Some(at) = floor_point(&camera, screen) {
        let to = at + offset;
        edits.write(target.command((f64::from(to.x), f64::from(to.y))));
    }
}
