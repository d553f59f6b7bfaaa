//! The booth interface: top bar, checklist, detail card, tour bar, intro and end screens,
//! the on-screen walking pad and the error banner.
//!
//! Panels are rebuilt from state (language, venue, focus, tour, mode, text size) only
//! when that state changes; nothing is rebuilt per frame. Widgets are functions
//! returning bundles; every button carries a [`UiAction`] handled in one system: a
//! checklist row asks to focus its checkpoint and the card's × to close it, with a
//! [`FocusCheckpoint`] like every other part of the app.
//!
//! After each layout the UI publishes how far its side panels reach into the screen
//! ([`ViewInsets`]), for the camera to centre the view between them and for overlays to
//! keep out from under them.

mod compact;
pub mod content;
pub mod edit_bar;
#[cfg(test)]
mod glyphs;
pub mod layout;
pub mod notice;
pub mod palette;
pub mod picker;
pub mod scroll;
pub mod style;
#[cfg(target_arch = "wasm32")]
pub mod web_fonts;

use crate::camera::{CameraRig, MainCamera, WalkPad};
use crate::i18n::{Language, UiText};
use crate::shared::{
    ActiveVenue, AppSet, CameraCommand, Focus, FocusCheckpoint, FocusSource, MarkerStatus,
    TourCommand, TourPhase, ViewInsets, ViewMode, marker_status,
};
use crate::tour::TourState;
use crate::venue_asset::CurrentVenue;
use bevy::prelude::*;
use bevy::ui::{ComputedNode, ScrollPosition, UiGlobalTransform, UiSystems};
use layout::ScreenLayout;
use style::UiFonts;
use venue_core::{Lang, Level};

/// The CJK subsets, compiled into the desktop app so that every text has its glyphs from
/// the first frame. (The web build compiles in none: the page fetches smaller cuts of
/// them, see [`web_fonts`].)
/// The interface font (the SC subset), also embedded, cut down, in the printed report.
#[cfg(not(target_arch = "wasm32"))]
pub const REGULAR_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-Regular-subset.ttf");
#[cfg(not(target_arch = "wasm32"))]
const BOLD_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-Bold-subset.ttf");
/// The Traditional Chinese interface font (the HK subset: Hong Kong glyph forms), also
/// the report's font in Traditional Chinese.
#[cfg(not(target_arch = "wasm32"))]
pub const HANT_REGULAR_FONT: &[u8] =
    include_bytes!("../../assets/fonts/NotoSansHK-Regular-subset.ttf");
#[cfg(not(target_arch = "wasm32"))]
const HANT_BOLD_FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSansHK-Bold-subset.ttf");
const BOLD_FONT_HANDLE: Handle<Font> =
    bevy::asset::uuid_handle!("0b7f3f58-2a1e-4d8e-9a51-2c6b9e4f7d21");
const HANT_REGULAR_FONT_HANDLE: Handle<Font> =
    bevy::asset::uuid_handle!("5d0c8a43-6f0e-4b52-8c1d-3e7a9b2f4c60");
const HANT_BOLD_FONT_HANDLE: Handle<Font> =
    bevy::asset::uuid_handle!("a2e6c1f9-0b3d-4e87-9f45-71c8d2b6e013");

/// The regular font for text in `lang` (the report embeds it).
pub fn regular_font(lang: Lang) -> &'static [u8] {
    #[cfg(target_arch = "wasm32")]
    return web_fonts::report_font(lang);
    #[cfg(not(target_arch = "wasm32"))]
    match lang {
        Lang::ZhHant => HANT_REGULAR_FONT,
        Lang::Zh | Lang::En => REGULAR_FONT,
    }
}

/// Width of the side panels at the reference size (px).
pub(crate) const CHECKLIST_WIDTH: f32 = 470.0;
const CARD_WIDTH: f32 = 540.0;
const TOP_BAR_HEIGHT: f32 = 76.0;
/// A button's padding each side of its label (px): the wide top bar's twelve buttons
/// fit one row in English at the 1920-px reference with 14, not with 18.
const BUTTON_PADDING: f32 = 14.0;
/// A walking pad's key (px): three make the pad.
const PAD_CELL: f32 = 84.0;
/// The compact layout's smaller pad, which leaves more of a phone's view.
const COMPACT_PAD_CELL: f32 = 64.0;

/// Large-text mode.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct LargeText(pub bool);

/// What a button does.
#[derive(Component, Debug, Clone, PartialEq)]
pub enum UiAction {
    SetMode(ViewMode),
    Home,
    /// Show the interface in this language (the language selector).
    SetLanguage(Lang),
    ToggleLargeText,
    Tour(TourCommand),
    Select(String),
    CloseCard,
    /// Hold to walk: x = right, y = forward.
    Walk(Vec2),
    /// Open or close the scene picker.
    ToggleScenes,
    /// Open or close the compact layout's menu.
    ToggleMenu,
    /// Fold or unfold the compact layout's sheet.
    ToggleSheet,
    /// Show the scene in this folder (a picker tile).
    OpenScene(String),
    /// Save (or, on the web, download) the printable self-check report.
    SaveReport,
    /// Edit mode on or off.
    ToggleEdit,
    /// An edit (the edit bar's buttons).
    Edit(crate::edit::EditCommand),
    /// Open or close the fixture palette (edit mode).
    TogglePalette,
    /// The palette shows every catalogue type, or only this scene's (answered by
    /// `palette`).
    TogglePaletteAll,
    /// A booth input (the start screen's tiles, "I'm still here", the PIN pad, the
    /// "start screen" button), answered by `kiosk`.
    Booth(venue_core::kiosk::Input),
}

/// No panels at all (pictures of the venue alone, such as the report's checkpoint
/// images): present from start-up, so no frame lays them out.
#[derive(Resource, Debug, Default, Clone, Copy)]
pub struct HidePanels;

/// Root of every panel, rebuilt as a whole.
#[derive(Component)]
pub struct UiRoot;

/// The bar across the top (its lower edge is the top [`ViewInsets`] in the compact
/// layout).
#[derive(Component)]
pub struct TopBar;

/// The compact layout's sheet under the view: the checklist, or the open card; its upper
/// edge is the bottom [`ViewInsets`].
#[derive(Component)]
pub struct BottomSheet;

/// Whether the compact layout's sheet shows its list or card (else only its header).
/// Open at start, and whenever a checkpoint is opened.
#[derive(Resource, Debug, Clone, Copy, PartialEq, Eq)]
pub struct SheetOpen(pub bool);

impl Default for SheetOpen {
    fn default() -> Self {
        Self(true)
    }
}

/// Whether the compact layout's menu (the top bar's less used buttons) is open.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct MenuOpen(pub bool);

/// The scrolling checklist.
#[derive(Component)]
pub struct ChecklistScroll;

/// The checklist panel on the left; its right edge is the left [`ViewInsets`].
#[derive(Component)]
pub struct ChecklistPanel;

/// The checkpoint card on the right, while one is open; its left edge is the right
/// [`ViewInsets`].
#[derive(Component)]
pub struct DetailPanel;

pub fn plugin(app: &mut App) {
    app.add_plugins((
        picker::plugin,
        scroll::plugin,
        notice::plugin,
        edit_bar::plugin,
        palette::plugin,
    ));
    #[cfg(target_arch = "wasm32")]
    {
        let mut fonts = app.world_mut().resource_mut::<Assets<Font>>();
        let state = web_fonts::insert_first_view(
            &mut fonts,
            AssetId::default(),
            BOLD_FONT_HANDLE.id(),
            HANT_REGULAR_FONT_HANDLE.id(),
            HANT_BOLD_FONT_HANDLE.id(),
        );
        app.insert_resource(state)
            .add_plugins(web_fonts::plugin)
            .add_systems(
                Update,
                leave_room_for_page_button
                    .after(rebuild_ui)
                    .in_set(AppSet::Ui),
            );
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let mut fonts = app.world_mut().resource_mut::<Assets<Font>>();
        // The default font handle is what every `TextFont::default()` uses: put the CJK
        // font there so no text anywhere falls back to a font without Chinese.
        let _ = fonts.insert(AssetId::default(), Font::from_bytes(REGULAR_FONT.to_vec()));
        let _ = fonts.insert(&BOLD_FONT_HANDLE, Font::from_bytes(BOLD_FONT.to_vec()));
        let _ = fonts.insert(
            &HANT_REGULAR_FONT_HANDLE,
            Font::from_bytes(HANT_REGULAR_FONT.to_vec()),
        );
        let _ = fonts.insert(
            &HANT_BOLD_FONT_HANDLE,
            Font::from_bytes(HANT_BOLD_FONT.to_vec()),
        );
    }
    app.insert_resource(style::FontFaces {
        regular: Handle::default(),
        bold: BOLD_FONT_HANDLE,
        hant_regular: HANT_REGULAR_FONT_HANDLE,
        hant_bold: HANT_BOLD_FONT_HANDLE,
    })
    .init_resource::<LargeText>()
    .init_resource::<ScreenLayout>()
    .init_resource::<SheetOpen>()
    .init_resource::<MenuOpen>()
    .add_systems(
        Update,
        (button_actions, forget_visitor).in_set(AppSet::Input),
    )
    .add_systems(
        Update,
        (scale_ui, unfold_sheet_for_focus, rebuild_ui, button_colors)
            .chain()
            .in_set(AppSet::Ui),
    )
    .add_observer(lay_out_text_unrounded)
    .add_systems(PostUpdate, publish_view_insets.after(UiSystems::Layout));
}

/// Every text lays out without rounding to whole pixels. Bevy 0.19 wraps a text to its
/// node's *rounded* box, which can be a pixel narrower than the width the text was
/// measured at: the last word then wrapped onto a line no room was made for, drawn over
/// the next text (a checklist title's last character over its status line). Text has
/// no solid edges to keep on the pixel grid.
fn lay_out_text_unrounded(add: On<Add, Text>, mut commands: Commands) {
    commands.entity(add.entity).insert(bevy::ui::LayoutConfig {
        use_rounding: false,
    });
}

/// Room kept free under the checklist on the web, in CSS pixels, for the page's own
/// viewer button (web/stereo.js: fixed 12 px from the bottom-left corner, about 44 px
/// tall), which otherwise covered the list's last visible row.
#[cfg(target_arch = "wasm32")]
const PAGE_BUTTON_ROOM: f32 = 52.0;

/// Keeps [`PAGE_BUTTON_ROOM`] below the checklist (wide layout) or at the bottom of the
/// sheet (compact layout, whose tour controls sit there) whatever the interface's
/// scale: UI pixels are scaled by [`UiScale`], the page's button is not.
#[cfg(target_arch = "wasm32")]
fn leave_room_for_page_button(
    ui_scale: Res<UiScale>,
    mut lists: Query<&mut Node, (With<ChecklistScroll>, Without<BottomSheet>)>,
    mut sheets: Query<&mut Node, With<BottomSheet>>,
    parents: Query<&ChildOf>,
    list_entities: Query<Entity, With<ChecklistScroll>>,
) {
    let room = px(PAGE_BUTTON_ROOM / ui_scale.0.max(0.01));
    for mut sheet in &mut sheets {
        if sheet.padding.bottom != room {
            sheet.padding.bottom = room;
        }
    }
    for list in &list_entities {
        let in_sheet = parents
            .iter_ancestors(list)
            .any(|ancestor| sheets.contains(ancestor));
        if let Ok(mut node) = lists.get_mut(list)
            && !in_sheet
            && node.margin.bottom != room
        {
            node.margin.bottom = room;
        }
    }
}

/// A reset ([`crate::shared::ResetVisitor`]) puts the panels as a fresh start has them:
/// normal text size (or the size the app was started with), the scene list, the palette
/// and the menu closed, the sheet unfolded, the checklist scrolled to the top, no notice.
fn forget_visitor(
    mut resets: MessageReader<crate::shared::ResetVisitor>,
    options: Option<Res<crate::AppOptions>>,
    mut large: ResMut<LargeText>,
    mut picker: ResMut<picker::ScenePickerOpen>,
    mut palette: ResMut<palette::PaletteOpen>,
    mut sheet_and_menu: (ResMut<SheetOpen>, ResMut<MenuOpen>),
    mut scroll: Query<&mut ScrollPosition, With<ChecklistScroll>>,
    notices: Query<Entity, With<notice::Notice>>,
    mut commands: Commands,
) {
    if resets.read().count() == 0 {
        return;
    }
    sheet_and_menu.0.set_if_neq(SheetOpen::default());
    sheet_and_menu.1.set_if_neq(MenuOpen(false));
    large.set_if_neq(LargeText(options.is_some_and(|o| o.large_text)));
    picker.set_if_neq(picker::ScenePickerOpen(false));
    palette.set_if_neq(palette::PaletteOpen(false));
    for mut position in &mut scroll {
        *position = ScrollPosition::default();
    }
    for notice in &notices {
        commands.entity(notice).despawn();
    }
}

fn scale_ui(
    cameras: Query<&Camera, With<MainCamera>>,
    large: Res<LargeText>,
    stereo: Res<crate::camera::stereo::StereoSettings>,
    mut scale: ResMut<UiScale>,
    mut screen_layout: ResMut<ScreenLayout>,
) {
    // The panels' target (window, headless image, or one eye's overlay), in logical
    // pixels.
    let size = cameras
        .iter()
        .find_map(|c| c.logical_target_size())
        .unwrap_or(Vec2::new(style::REFERENCE_WIDTH, style::REFERENCE_HEIGHT));
    let factor = if large.0 {
        style::LARGE_TEXT_SCALE
    } else {
        1.0
    };
    // One eye of a side-by-side pair is narrow (8:9): the panels shrink with its width
    // too, so that the top bar still fits in one row; the viewer sees one wide picture.
    let stereo_on = stereo.mode != crate::camera::stereo_math::StereoMode::Off;
    let (arrangement, reference) = if stereo_on {
        (
            ScreenLayout::Wide,
            (size.y / style::REFERENCE_HEIGHT).min(size.x / style::REFERENCE_WIDTH),
        )
    } else {
        layout::layout_for(size)
    };
    screen_layout.set_if_neq(arrangement);
    let wanted = reference.max(0.4) * factor;
    if (scale.0 - wanted).abs() > 1e-3 {
        scale.0 = wanted;
    }
}

/// A checkpoint opened (from a marker, a fixture, the tour) unfolds the compact
/// layout's sheet, where its card shows.
fn unfold_sheet_for_focus(focus: Res<Focus>, mut sheet: ResMut<SheetOpen>) {
    if focus.is_changed() && focus.0.is_some() {
        sheet.set_if_neq(SheetOpen(true));
    }
}

/// The state the panels show; a change rebuilds them.
#[derive(Debug, Clone, PartialEq)]
struct UiKey {
    generation: Option<u32>,
    lang: Lang,
    focus: Option<String>,
    phase: TourPhase,
    stops: usize,
    mode: ViewMode,
    large: bool,
    error: Option<String>,
    edit: bool,
    layout: ScreenLayout,
    sheet_open: bool,
    menu_open: bool,
}

/// How the panels are arranged and sized now: one parameter for `rebuild_ui`.
#[derive(bevy::ecs::system::SystemParam)]
struct Arrangement<'w> {
    large: Res<'w, LargeText>,
    layout: Res<'w, ScreenLayout>,
    sheet: Res<'w, SheetOpen>,
    menu: Res<'w, MenuOpen>,
}

impl Arrangement<'_> {
    fn is_changed(&self) -> bool {
        self.large.is_changed()
            || self.layout.is_changed()
            || self.sheet.is_changed()
            || self.menu.is_changed()
    }
}

fn rebuild_ui(
    mut commands: Commands,
    roots: Query<Entity, With<UiRoot>>,
    active: Option<Res<ActiveVenue>>,
    language: Res<Language>,
    focus: Res<Focus>,
    tour: Res<TourState>,
    rigs: Query<&CameraRig>,
    arrangement: Arrangement,
    current: Res<CurrentVenue>,
    fonts: UiFonts,
    scroll: Query<&ScrollPosition, With<ChecklistScroll>>,
    cameras: Query<&Camera, With<MainCamera>>,
    hidden: Option<Res<HidePanels>>,
    edit_mode: Res<crate::edit::EditMode>,
    booth: Option<Res<crate::shared::Booth>>,
    // What the panels last showed, and where the checklist was last scrolled to (the
    // compact layout's card replaces the list: closing it brings the list back there).
    mut memory: Local<(Option<UiKey>, ScrollPosition)>,
) {
    if hidden.is_some() {
        return;
    }
    let (built, last_scroll) = &mut *memory;
    let mode = rigs
        .iter()
        .next()
        .map_or(ViewMode::default(), |rig| rig.mode);
    // Lay nothing out before the render target has a size (the first frames of a
    // window or an image target): a zero-sized root would give panels negative sizes.
    let has_size = cameras.iter().any(|c| {
        c.logical_viewport_size()
            .is_some_and(|s| s.x >= 1.0 && s.y >= 1.0)
    });
    if !has_size {
        return;
    }
    // Cheap test first, so a frame where nothing the panels show has changed allocates
    // nothing (the camera rig changes every frame while orbiting; only its mode matters).
    let unchanged = active.as_ref().is_none_or(|a| !a.is_changed())
        && !language.is_changed()
        && !focus.is_changed()
        && !tour.is_changed()
        && !arrangement.is_changed()
        && !current.is_changed()
        && !edit_mode.is_changed()
        && built.as_ref().is_some_and(|b| b.mode == mode);
    if unchanged {
        return;
    }
    let layout = *arrangement.layout;
    let key = UiKey {
        generation: active.as_ref().map(|a| a.generation),
        lang: language.0,
        focus: focus.0.clone(),
        phase: tour.phase,
        stops: tour.stops.len(),
        mode,
        large: arrangement.large.0,
        error: current.error.clone(),
        edit: edit_mode.0,
        layout,
        sheet_open: arrangement.sheet.0,
        menu_open: arrangement.menu.0,
    };
    if built.as_ref() == Some(&key) {
        return;
    }
    *built = Some(key);
    if let Some(position) = scroll.iter().next() {
        *last_scroll = position.clone();
    }
    let keep_scroll = last_scroll.clone();
    for root in &roots {
        commands.entity(root).despawn();
    }
    let lang = language.0;
    let compact = layout == ScreenLayout::Compact;
    let root = commands
        .spawn((
            Name::new("UI"),
            UiRoot,
            Node {
                width: percent(100),
                height: percent(100),
                flex_direction: FlexDirection::Column,
                ..default()
            },
            Pickable::IGNORE,
            GlobalZIndex(style::Z_PANELS),
        ))
        .id();

    let top = commands
        .spawn((top_bar(compact), TopBar, ChildOf(root)))
        .id();
    let bar = TopBarContent {
        lang,
        mode,
        large: arrangement.large.0,
        editing: edit_mode.0,
        booth: booth.is_some(),
    };
    if compact {
        compact::spawn_top_bar(&mut commands, top, &fonts, &bar, arrangement.menu.0);
        if arrangement.menu.0 {
            compact::spawn_menu(&mut commands, root, &fonts, &bar);
        }
    } else {
        spawn_top_bar(&mut commands, top, &fonts, &bar);
    }

    // At a booth a failure is a plain sentence (the kiosk's), never paths and codes.
    if let Some(error) = current.error.as_ref().filter(|_| booth.is_none()) {
        commands.spawn((
            Node {
                padding: UiRect::all(px(12)),
                flex_direction: FlexDirection::Column,
                ..default()
            },
            BackgroundColor(style::ERROR_BG),
            ChildOf(root),
            children![
                (
                    // With nothing shown yet there is no last good version to speak of.
                    Text::new(if active.is_some() {
                        UiText::LoadError.get(lang)
                    } else {
                        UiText::OpenError.get(lang)
                    }),
                    fonts.bold(style::BODY_TEXT),
                    TextColor(Color::WHITE)
                ),
                (
                    Text::new(error.clone()),
                    fonts.text(style::SMALL_TEXT - 4.0),
                    TextColor(Color::WHITE)
                ),
            ],
        ));
    }

    let Some(active) = active else { return };
    let data = &active.data;
    let numbers: Vec<(String, usize)> = tour
        .stops
        .iter()
        .enumerate()
        .map(|(i, s)| (s.clone(), i + 1))
        .collect();
    let focused = focus
        .0
        .as_ref()
        .and_then(|id| data.report.results.iter().find(|r| &r.id == id));
    let panels = PanelContent {
        lang,
        data,
        focus: focus.0.as_deref(),
        card: focused.map(|result| content::card(result, &data.packs, lang)),
        numbers: &numbers,
        tour: &tour,
        keep_scroll,
    };
    if compact {
        let view = compact::spawn_body(&mut commands, root, &fonts, &panels, arrangement.sheet.0);
        if mode == ViewMode::Walk {
            spawn_walk_pad(&mut commands, view, &fonts, lang, COMPACT_PAD_CELL);
        }
    } else {
        spawn_wide_body(&mut commands, root, &fonts, &panels);
        if mode == ViewMode::Walk {
            spawn_walk_pad(&mut commands, root, &fonts, lang, PAD_CELL);
        }
    }
    if matches!(tour.phase, TourPhase::Intro | TourPhase::End) {
        let text = if tour.phase == TourPhase::Intro {
            data.venue
                .tour
                .as_ref()
                .map(|t| t.intro.get(lang).to_string())
                .unwrap_or_default()
        } else {
            data.venue
                .tour
                .as_ref()
                .and_then(|t| t.outro.as_ref())
                .map(|t| t.get(lang).to_string())
                .unwrap_or_else(|| UiText::TourEnd.get(lang).to_string())
        };
        spawn_modal(
            &mut commands,
            root,
            &fonts,
            lang,
            data.venue.title.get(lang),
            &text,
            tour.phase,
            tour.stops.len(),
        );
    }
}

/// What the top bar shows, in either layout.
struct TopBarContent {
    lang: Lang,
    mode: ViewMode,
    large: bool,
    editing: bool,
    booth: bool,
}

/// What the checklist, the card and the tour controls show, in either layout.
struct PanelContent<'a> {
    lang: Lang,
    data: &'a crate::venue_asset::VenueData,
    /// The open checkpoint's id.
    focus: Option<&'a str>,
    /// Its card.
    card: Option<content::Card>,
    /// Tour stop numbers by rule id.
    numbers: &'a [(String, usize)],
    tour: &'a TourState,
    /// Where the checklist was scrolled to before the rebuild.
    keep_scroll: ScrollPosition,
}

/// The wide layout: the checklist on the left, the card on the right, the tour's
/// controls along the bottom between them.
fn spawn_wide_body(commands: &mut Commands, root: Entity, fonts: &UiFonts, panels: &PanelContent) {
    let body = commands
        .spawn((
            Node {
                flex_grow: 1.0,
                flex_direction: FlexDirection::Row,
                justify_content: JustifyContent::SpaceBetween,
                min_height: px(0),
                // Padding, not margins on the panels: taffy never shrinks a node below its
                // padding, while margins can push a child to a negative size.
                padding: UiRect::all(px(12)),
                ..default()
            },
            Pickable::IGNORE,
            ChildOf(root),
        ))
        .id();
    let lang = panels.lang;
    let checklist = commands
        .spawn((
            panel(CHECKLIST_WIDTH),
            ChecklistPanel,
            Interaction::default(),
            ChildOf(body),
        ))
        .id();
    commands.spawn((
        Text::new(UiText::Checklist.get(lang)),
        fonts.bold(style::TITLE_TEXT),
        TextColor(style::PANEL_TEXT),
        ChildOf(checklist),
    ));
    spawn_summaries(commands, checklist, fonts, panels, style::BODY_TEXT);
    let list = commands
        .spawn((checklist_list(panels), ChildOf(checklist)))
        .id();
    spawn_checklist_rows(commands, list, fonts, panels);

    if let Some(card) = &panels.card {
        let panel_entity = commands
            .spawn((
                panel(CARD_WIDTH),
                DetailPanel,
                Interaction::default(),
                ChildOf(body),
            ))
            .id();
        spawn_card_header(commands, panel_entity, fonts, lang, card);
        let lines = commands
            .spawn((card_lines_node(), ChildOf(panel_entity)))
            .id();
        spawn_card_lines(commands, lines, fonts, lang, card);
    }

    if matches!(panels.tour.phase, TourPhase::Stop(_)) {
        let bottom = commands
            .spawn((
                Node {
                    position_type: PositionType::Absolute,
                    bottom: px(16),
                    // Only `left`: with `left` and `right` both set, a zero-sized target
                    // (before the first layout) would give the bar a negative width.
                    left: px(CHECKLIST_WIDTH + 40.0),
                    column_gap: px(12),
                    ..default()
                },
                Pickable::IGNORE,
                ChildOf(root),
            ))
            .id();
        spawn_tour_controls(commands, bottom, fonts, panels);
    }
}

/// The checklist's summary lines, one per level (required in red while one fails).
fn spawn_summaries(
    commands: &mut Commands,
    parent: Entity,
    fonts: &UiFonts,
    panels: &PanelContent,
    size: f32,
) {
    let report = &panels.data.report;
    let required_fail = content::any_required_fail(report);
    for level in [Level::Required, Level::Recommended] {
        let color = if level == Level::Required && required_fail {
            Color::srgb(1.0, 0.55, 0.55)
        } else {
            style::PANEL_TEXT
        };
        commands.spawn((
            Text::new(content::summary(report, level, panels.lang)),
            fonts.text(size),
            TextColor(color),
            ChildOf(parent),
        ));
    }
}

/// The checklist's scrolling list, scrolled where it was before the rebuild.
fn checklist_list(panels: &PanelContent) -> impl Bundle {
    (
        ChecklistScroll,
        scroll::DragScroll,
        Node {
            flex_direction: FlexDirection::Column,
            overflow: Overflow::scroll_y(),
            flex_grow: 1.0,
            min_height: px(0),
            margin: UiRect::top(px(8)),
            row_gap: px(4),
            ..default()
        },
        panels.keep_scroll.clone(),
    )
}

/// The checklist's rows under their category headings.
fn spawn_checklist_rows(
    commands: &mut Commands,
    list: Entity,
    fonts: &UiFonts,
    panels: &PanelContent,
) {
    let lang = panels.lang;
    let data = panels.data;
    for (category, rows) in content::grouped(&data.report, &data.packs, lang) {
        commands.spawn((
            Text::new(category),
            fonts.bold(style::SMALL_TEXT),
            TextColor(style::MUTED_TEXT),
            Node {
                margin: UiRect::top(px(10)),
                ..default()
            },
            ChildOf(list),
        ));
        for result in rows {
            let status = marker_status(result);
            let selected = panels.focus == Some(result.id.as_str());
            let number = panels
                .numbers
                .iter()
                .find(|(id, _)| *id == result.id)
                .map(|(_, n)| n.to_string());
            spawn_row(
                commands, list, fonts, lang, result, status, selected, number,
            );
        }
    }
}

/// The tour's controls during a stop: previous, replay, "n / total", next, exit.
fn spawn_tour_controls(
    commands: &mut Commands,
    parent: Entity,
    fonts: &UiFonts,
    panels: &PanelContent,
) {
    let lang = panels.lang;
    let (n, total) = panels.tour.progress().unwrap_or((0, 0));
    for (label, action) in back_and_replay(lang) {
        commands.spawn((button(fonts, label, action, false), ChildOf(parent)));
    }
    commands.spawn((
        Node {
            padding: UiRect::axes(px(18), px(10)),
            min_height: px(style::TOUCH_TARGET),
            align_items: AlignItems::Center,
            ..default()
        },
        BackgroundColor(style::PANEL_BG),
        ChildOf(parent),
        children![(
            Text::new(format!("{n} / {total}")),
            fonts.bold(style::TITLE_TEXT),
            TextColor(style::PANEL_TEXT)
        )],
    ));
    for (label, action) in [
        (
            format!("{} ▶", UiText::Next.get(lang)),
            UiAction::Tour(TourCommand::Next),
        ),
        (
            UiText::ExitTour.get(lang).to_string(),
            UiAction::Tour(TourCommand::Exit),
        ),
    ] {
        commands.spawn((button(fonts, label, action, false), ChildOf(parent)));
    }
}

/// The top bar: in the wide layout one row, wrapping into a second when its buttons do
/// not fit (English in large text); in the compact one, rows as tall as their buttons
/// (see `compact::spawn_top_bar`).
fn top_bar(compact: bool) -> impl Bundle {
    (
        Node {
            min_height: px(TOP_BAR_HEIGHT),
            flex_direction: if compact {
                FlexDirection::Column
            } else {
                FlexDirection::Row
            },
            flex_wrap: if compact {
                FlexWrap::NoWrap
            } else {
                FlexWrap::Wrap
            },
            padding: UiRect::axes(px(16), px(8)),
            align_items: if compact {
                AlignItems::Stretch
            } else {
                AlignItems::Center
            },
            column_gap: px(10),
            row_gap: px(6),
            flex_shrink: 0.0,
            ..default()
        },
        BackgroundColor(style::PANEL_BG),
        Interaction::default(),
    )
}

fn spawn_top_bar(commands: &mut Commands, bar: Entity, fonts: &UiFonts, content: &TopBarContent) {
    let TopBarContent {
        lang,
        mode,
        large,
        editing,
        booth,
    } = *content;
    if booth {
        commands.spawn((start_screen_button(fonts, lang), ChildOf(bar)));
    }
    commands.spawn((
        Text::new(UiText::AppTitle.get(lang)),
        fonts.bold(style::TITLE_TEXT),
        TextColor(style::PANEL_TEXT),
        Node {
            margin: UiRect::right(px(12)),
            ..default()
        },
        ChildOf(bar),
    ));
    spawn_view_buttons(commands, bar, fonts, lang, mode);
    commands.spawn((
        button(fonts, UiText::Home.get(lang), UiAction::Home, false),
        ChildOf(bar),
    ));
    commands.spawn((
        Node {
            flex_grow: 1.0,
            ..default()
        },
        ChildOf(bar),
    ));
    commands.spawn((start_tour_button(fonts, lang), ChildOf(bar)));
    // A booth offers no editing, no files and no scene list (its start screen is one).
    if !booth {
        commands.spawn((
            button(fonts, UiText::Edit.get(lang), UiAction::ToggleEdit, editing),
            ChildOf(bar),
        ));
        commands.spawn((
            button(
                fonts,
                UiText::Scenes.get(lang),
                UiAction::ToggleScenes,
                false,
            ),
            ChildOf(bar),
        ));
        commands.spawn((
            button(
                fonts,
                UiText::SaveReport.get(lang),
                UiAction::SaveReport,
                false,
            ),
            ChildOf(bar),
        ));
    }
    commands.spawn((
        button(
            fonts,
            UiText::LargeText.get(lang),
            UiAction::ToggleLargeText,
            large,
        ),
        ChildOf(bar),
    ));
    spawn_language_selector(commands, bar, fonts, lang);
}

/// The booth's way back to its start screen.
fn start_screen_button(fonts: &UiFonts, lang: Lang) -> impl Bundle {
    button(
        fonts,
        UiText::StartScreen.get(lang),
        UiAction::Booth(venue_core::kiosk::Input::Home),
        false,
    )
}

/// Overview, plan and walk, the one on screen highlighted.
fn spawn_view_buttons(
    commands: &mut Commands,
    parent: Entity,
    fonts: &UiFonts,
    lang: Lang,
    mode: ViewMode,
) {
    for (text, m) in [
        (UiText::Overview, ViewMode::Overview),
        (UiText::Plan, ViewMode::Plan),
        (UiText::Walk, ViewMode::Walk),
    ] {
        commands.spawn((
            button(fonts, text.get(lang), UiAction::SetMode(m), mode == m),
            ChildOf(parent),
        ));
    }
}

fn start_tour_button(fonts: &UiFonts, lang: Lang) -> impl Bundle {
    button(
        fonts,
        UiText::StartTour.get(lang),
        UiAction::Tour(TourCommand::Start),
        false,
    )
}

/// The tour's way back: a step back and the stop again (the bar and the end card).
fn back_and_replay(lang: Lang) -> [(String, UiAction); 2] {
    [
        (
            format!("◀ {}", UiText::Previous.get(lang)),
            UiAction::Tour(TourCommand::Previous),
        ),
        (
            UiText::Replay.get(lang).to_string(),
            UiAction::Tour(TourCommand::Replay),
        ),
    ]
}

/// The language selector: a button for each of the two other languages (of 简体 ·
/// 繁體 · English), each written in its own language and face, so a visitor finds their
/// own script whatever is on screen, and every language is one tap away. Two buttons
/// rather than three (the language on screen needs none) or one that cycles (a language
/// two taps away): the top bar has room for two in English at the 1920-px reference.
fn spawn_language_selector(commands: &mut Commands, parent: Entity, fonts: &UiFonts, lang: Lang) {
    let group = commands
        .spawn((
            Node {
                column_gap: px(2),
                ..default()
            },
            ChildOf(parent),
        ))
        .id();
    for option in Lang::ALL.into_iter().filter(|&l| l != lang) {
        commands.spawn((language_button(fonts, option), ChildOf(group)));
    }
}

/// One language of the selector: as tall as any button, tighter side padding, its
/// name on one line.
fn language_button(fonts: &UiFonts, option: Lang) -> impl Bundle {
    (
        Button,
        UiAction::SetLanguage(option),
        Node {
            min_height: px(style::TOUCH_TARGET),
            min_width: px(style::TOUCH_TARGET),
            padding: UiRect::axes(px(8), px(8)),
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            ..default()
        },
        BackgroundColor(style::BUTTON_BG),
        ActiveButton(false),
        children![(
            Text::new(crate::i18n::language_name(option)),
            TextLayout::no_wrap(),
            fonts.text_in(option, style::BODY_TEXT),
            TextColor(style::BUTTON_TEXT)
        )],
    )
}

/// A side panel.
fn panel(width: f32) -> impl Bundle {
    (
        Node {
            width: px(width),
            flex_direction: FlexDirection::Column,
            padding: UiRect::all(px(16)),
            row_gap: px(6),
            ..default()
        },
        BackgroundColor(style::PANEL_BG),
    )
}

/// The whole screen dimmed by `alpha`, catching touches, its child centred: the ground
/// of a modal card (the tour's intro and end, the booth's dialogs).
pub fn dimmer(alpha: f32, z: i32) -> impl Bundle {
    (
        Node {
            position_type: PositionType::Absolute,
            width: percent(100),
            height: percent(100),
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            ..default()
        },
        BackgroundColor(Color::srgba(0.0, 0.0, 0.0, alpha)),
        Interaction::default(),
        GlobalZIndex(z),
    )
}

/// A labelled button at least [`style::TOUCH_TARGET`] tall.
pub fn button(
    fonts: &UiFonts,
    label: impl Into<String>,
    action: UiAction,
    active: bool,
) -> impl Bundle {
    (
        Button,
        action,
        Node {
            min_height: px(style::TOUCH_TARGET),
            min_width: px(style::TOUCH_TARGET),
            padding: UiRect::axes(px(BUTTON_PADDING), px(8)),
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            // A label broken over two lines ("Hide" above "▼") reads worse than a title
            // that wraps beside it.
            flex_shrink: 0.0,
            ..default()
        },
        BackgroundColor(if active {
            style::BUTTON_ACTIVE_BG
        } else {
            style::BUTTON_BG
        }),
        ActiveButton(active),
        // One line, always: Bevy lays a label out in the width it measured, converted
        // to physical pixels and back, and at scales such as 1.78 (an upright 1080-px
        // booth screen) that comes out a hair short, so the last character of "平面图"
        // or "更多…" went onto a second line inside a button sized for one.
        children![(
            Text::new(label.into()),
            TextLayout::no_wrap(),
            fonts.text(style::BODY_TEXT),
            TextColor(style::BUTTON_TEXT)
        )],
    )
}

/// A checklist row: transparent unless selected or hovered.
#[derive(Component, Clone, Copy)]
pub struct RowButton;

/// Whether a button shows a current choice (mode, large text).
#[derive(Component, Clone, Copy)]
pub struct ActiveButton(pub bool);

fn spawn_row(
    commands: &mut Commands,
    list: Entity,
    fonts: &UiFonts,
    lang: Lang,
    result: &venue_core::RuleResult,
    status: MarkerStatus,
    selected: bool,
    number: Option<String>,
) {
    let row = commands
        .spawn((
            Button,
            UiAction::Select(result.id.clone()),
            scroll::TapOnly,
            ActiveButton(selected),
            RowButton,
            Node {
                min_height: px(style::TOUCH_TARGET),
                padding: UiRect::axes(px(8), px(6)),
                column_gap: px(10),
                align_items: AlignItems::Center,
                flex_shrink: 0.0,
                ..default()
            },
            BackgroundColor(if selected {
                style::SELECTED_ROW_BG
            } else {
                Color::NONE
            }),
            ChildOf(list),
        ))
        .id();
    commands.spawn((
        Node {
            width: px(40),
            height: px(40),
            flex_shrink: 0.0,
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            ..default()
        },
        BackgroundColor(style::marker_fill(status)),
        ChildOf(row),
        children![(
            Text::new(number.unwrap_or_else(|| "·".into())),
            fonts.bold(style::SMALL_TEXT),
            TextColor(style::marker_text(status)),
        )],
    ));
    commands.spawn((
        Node {
            flex_direction: FlexDirection::Column,
            flex_shrink: 1.0,
            ..default()
        },
        ChildOf(row),
        children![
            (
                Text::new(result.title.get(lang)),
                fonts.text(style::BODY_TEXT),
                TextColor(style::PANEL_TEXT)
            ),
            (
                Text::new(format!(
                    "{} · {}",
                    content::status_text(status, lang),
                    content::level_text(result.level, lang)
                )),
                fonts.text(style::SMALL_TEXT - 2.0),
                TextColor(style::MUTED_TEXT),
            ),
        ],
    ));
}

/// The card's first row: its status and, on the right, its close button, after which
/// the compact layout adds its fold button. Returns the row.
fn spawn_card_header(
    commands: &mut Commands,
    panel: Entity,
    fonts: &UiFonts,
    lang: Lang,
    card: &content::Card,
) -> Entity {
    let header = commands
        .spawn((
            Node {
                align_items: AlignItems::Center,
                column_gap: px(8),
                flex_shrink: 0.0,
                ..default()
            },
            ChildOf(panel),
        ))
        .id();
    commands.spawn((
        Node {
            padding: UiRect::axes(px(14), px(6)),
            ..default()
        },
        BackgroundColor(style::marker_fill(card.status)),
        ChildOf(header),
        children![(
            Text::new(card.status_text.clone()),
            fonts.bold(style::BODY_TEXT),
            TextColor(style::marker_text(card.status))
        )],
    ));
    // Pushes the buttons to the right.
    commands.spawn((
        Node {
            flex_grow: 1.0,
            ..default()
        },
        ChildOf(header),
    ));
    commands.spawn((
        button(
            fonts,
            format!("× {}", UiText::Close.get(lang)),
            UiAction::CloseCard,
            false,
        ),
        ChildOf(header),
    ));
    header
}

/// The node the card's text scrolls in (a long card in large text outgrows the panel).
fn card_lines_node() -> impl Bundle {
    (
        scroll::DragScroll,
        Node {
            flex_direction: FlexDirection::Column,
            overflow: Overflow::scroll_y(),
            flex_grow: 1.0,
            min_height: px(0),
            ..default()
        },
    )
}

/// The card's text: title, level, measured value, finding, explanation, source, dates.
fn spawn_card_lines(
    commands: &mut Commands,
    lines_node: Entity,
    fonts: &UiFonts,
    lang: Lang,
    card: &content::Card,
) {
    let lines: Vec<(String, TextFont, Color)> = [
        Some((
            card.title.clone(),
            fonts.bold(style::TITLE_TEXT),
            style::PANEL_TEXT,
        )),
        Some((
            card.level_text.clone(),
            fonts.text(style::SMALL_TEXT),
            style::MUTED_TEXT,
        )),
        card.measure
            .clone()
            .map(|m| (m, fonts.bold(style::BIG_VALUE_TEXT), style::PANEL_TEXT)),
        Some((
            format!("{}：{}", UiText::Finding.get(lang), card.finding),
            fonts.text(style::BODY_TEXT),
            style::PANEL_TEXT,
        )),
        (!card.explanation.is_empty()).then(|| {
            (
                card.explanation.clone(),
                fonts.text(style::BODY_TEXT),
                style::PANEL_TEXT,
            )
        }),
        Some((
            card.source.clone(),
            fonts.text(style::SMALL_TEXT),
            style::MUTED_TEXT,
        )),
        Some((
            card.effective.clone(),
            fonts.text(style::SMALL_TEXT),
            style::MUTED_TEXT,
        )),
    ]
    .into_iter()
    .flatten()
    .collect();
    for (text, font, color) in lines {
        let text = if lang == Lang::En {
            text.replace('：', ": ")
        } else {
            text
        };
        commands.spawn((
            Text::new(text),
            font,
            TextColor(color),
            Node {
                margin: UiRect::top(px(6)),
                ..default()
            },
            ChildOf(lines_node),
        ));
    }
}

fn spawn_modal(
    commands: &mut Commands,
    root: Entity,
    fonts: &UiFonts,
    lang: Lang,
    title: &str,
    text: &str,
    phase: TourPhase,
    stops: usize,
) {
    let overlay = commands
        .spawn((dimmer(0.35, style::Z_MODAL), ChildOf(root)))
        .id();
    let card = commands
        .spawn((
            Node {
                width: px(900),
                // A phone held upright is narrower.
                max_width: percent(94),
                flex_direction: FlexDirection::Column,
                padding: UiRect::all(px(32)),
                row_gap: px(16),
                ..default()
            },
            BackgroundColor(style::PANEL_BG),
            ChildOf(overlay),
        ))
        .id();
    commands.spawn((
        Text::new(title),
        fonts.bold(style::TITLE_TEXT + 6.0),
        TextColor(style::PANEL_TEXT),
        ChildOf(card),
    ));
    commands.spawn((
        Text::new(text),
        fonts.text(style::BODY_TEXT + 2.0),
        TextColor(style::PANEL_TEXT),
        ChildOf(card),
    ));
    let buttons = commands
        .spawn((
            Node {
                flex_wrap: FlexWrap::Wrap,
                column_gap: px(16),
                row_gap: px(12),
                margin: UiRect::top(px(12)),
                ..default()
            },
            ChildOf(card),
        ))
        .id();
    if phase == TourPhase::Intro {
        let start = lang.text(
            format!("{}（{stops} 个检查点） ▶", UiText::StartTour.get(Lang::Zh)),
            format!("{} ({stops} checkpoints) ▶", UiText::StartTour.get(lang)),
        );
        commands.spawn((
            button(fonts, start, UiAction::Tour(TourCommand::Next), true),
            ChildOf(buttons),
        ));
    } else {
        for (label, action) in back_and_replay(lang) {
            commands.spawn((button(fonts, label, action, false), ChildOf(buttons)));
        }
    }
    commands.spawn((
        button(
            fonts,
            UiText::ExitTour.get(lang),
            UiAction::Tour(TourCommand::Exit),
            false,
        ),
        ChildOf(buttons),
    ));
    spawn_language_selector(commands, buttons, fonts, lang);
}

/// The walking pad and its hint, at the bottom right of `parent` (the screen, or the
/// compact layout's view).
fn spawn_walk_pad(commands: &mut Commands, parent: Entity, fonts: &UiFonts, lang: Lang, cell: f32) {
    let pad = commands
        .spawn((
            Node {
                position_type: PositionType::Absolute,
                right: px(24),
                bottom: px(96),
                display: Display::Grid,
                grid_template_columns: RepeatedGridTrack::px(3, cell),
                grid_template_rows: RepeatedGridTrack::px(3, cell),
                row_gap: px(6),
                column_gap: px(6),
                ..default()
            },
            Pickable::IGNORE,
            ChildOf(parent),
        ))
        .id();
    let cells = [
        (2, 1, "▲", UiText::Forward, Vec2::Y),
        (2, 3, "▼", UiText::Back, Vec2::NEG_Y),
        (1, 2, "◀", UiText::Left, Vec2::NEG_X),
        (3, 2, "▶", UiText::Right, Vec2::X),
    ];
    for (column, row, arrow, _name, dir) in cells {
        commands.spawn((
            Button,
            UiAction::Walk(dir),
            ActiveButton(false),
            Node {
                grid_column: GridPlacement::start(column),
                grid_row: GridPlacement::start(row),
                justify_content: JustifyContent::Center,
                align_items: AlignItems::Center,
                ..default()
            },
            BackgroundColor(style::BUTTON_BG),
            ChildOf(pad),
            children![(
                Text::new(arrow),
                fonts.bold(style::TITLE_TEXT + 4.0),
                TextColor(Color::WHITE)
            )],
        ));
    }
    commands.spawn((
        Text::new(UiText::WalkHint.get(lang)),
        fonts.text(style::SMALL_TEXT),
        TextColor(style::PANEL_TEXT),
        Node {
            position_type: PositionType::Absolute,
            right: px(24),
            bottom: px(56),
            ..default()
        },
        ChildOf(parent),
    ));
}

pub fn button_actions(
    buttons: Query<(&Interaction, &UiAction), (Changed<Interaction>, Without<scroll::TapOnly>)>,
    mut tapped: MessageReader<scroll::Tapped>,
    held: Query<(&Interaction, &UiAction)>,
    mut language: ResMut<Language>,
    mut focus: MessageWriter<FocusCheckpoint>,
    mut camera: MessageWriter<CameraCommand>,
    mut tour: MessageWriter<TourCommand>,
    mut pad: ResMut<WalkPad>,
    mut pad_held: Local<bool>,
    mut open_scene: MessageWriter<crate::shared::OpenScene>,
    mut export: MessageWriter<crate::shared::ExportReport>,
    mut edit_mode: ResMut<crate::edit::EditMode>,
    mut edits: MessageWriter<crate::edit::EditCommand>,
    mut switches: (
        ResMut<LargeText>,
        ResMut<picker::ScenePickerOpen>,
        ResMut<palette::PaletteOpen>,
        ResMut<SheetOpen>,
        ResMut<MenuOpen>,
    ),
    #[cfg(target_arch = "wasm32")] mut web_fonts: ResMut<web_fonts::WebFonts>,
) {
    let (large, picker, palette, sheet, menu) = &mut switches;
    let pressed = buttons
        .iter()
        .filter(|(interaction, _)| **interaction == Interaction::Pressed)
        .map(|(_, action)| action);
    for action in pressed.chain(tapped.read().map(|t| &t.0)) {
        // The menu's buttons act and close it, as does any other button.
        if *action != UiAction::ToggleMenu && menu.0 {
            menu.0 = false;
        }
        match action {
            UiAction::ToggleMenu => menu.0 = !menu.0,
            UiAction::ToggleSheet => sheet.0 = !sheet.0,
            UiAction::SetMode(mode) => {
                camera.write(CameraCommand::SetMode(*mode));
            }
            UiAction::Home => {
                camera.write(CameraCommand::Home);
            }
            UiAction::SetLanguage(l) => {
                // In the browser a language's face may still have to be fetched: the
                // switch then happens when it is there, never with missing glyphs.
                #[cfg(target_arch = "wasm32")]
                if !web_fonts.ready_for(*l) {
                    web_fonts.switch_when_ready(*l);
                    continue;
                }
                if language.0 != *l {
                    language.0 = *l;
                }
            }
            UiAction::ToggleLargeText => large.0 = !large.0,
            UiAction::Tour(command) => {
                tour.write(command.clone());
            }
            UiAction::Select(id) => {
                focus.write(FocusCheckpoint::on(id.clone(), FocusSource::Checklist));
            }
            UiAction::CloseCard => {
                focus.write(FocusCheckpoint::clear(FocusSource::CloseButton));
            }
            UiAction::Walk(_) => {}
            UiAction::ToggleScenes => picker.0 = !picker.0,
            UiAction::OpenScene(folder) => {
                picker.0 = false;
                open_scene.write(crate::shared::OpenScene {
                    folder: folder.clone(),
                });
            }
            UiAction::SaveReport => {
                export.write(crate::shared::ExportReport);
            }
            UiAction::ToggleEdit => edit_mode.0 = !edit_mode.0,
            UiAction::Edit(command) => {
                if matches!(command, crate::edit::EditCommand::Add { .. }) {
                    palette.0 = false;
                }
                edits.write(command.clone());
            }
            UiAction::TogglePalette => palette.0 = !palette.0,
            UiAction::TogglePaletteAll | UiAction::Booth(_) => {}
        }
    }
    // The pad moves while a direction is held down.
    let pressed = held.iter().find_map(|(i, a)| match a {
        UiAction::Walk(dir) if *i == Interaction::Pressed => Some(*dir),
        _ => None,
    });
    match pressed {
        Some(dir) => {
            pad.0 = dir;
            *pad_held = true;
        }
        None if *pad_held => {
            pad.0 = Vec2::ZERO;
            *pad_held = false;
        }
        None => {}
    }
}

fn button_colors(
    mut buttons: Query<
        (
            Ref<Interaction>,
            &ActiveButton,
            Has<RowButton>,
            &mut BackgroundColor,
        ),
        (Changed<Interaction>, With<Button>),
    >,
) {
    for (interaction, active, row, mut color) in &mut buttons {
        if interaction.is_added() {
            continue;
        }
        let base = match (row, active.0) {
            (true, true) => style::SELECTED_ROW_BG,
            (true, false) => Color::NONE,
            (false, true) => style::BUTTON_ACTIVE_BG,
            (false, false) => style::BUTTON_BG,
        };
        color.0 = match *interaction {
            Interaction::Pressed => style::BUTTON_ACTIVE_BG,
            Interaction::Hovered if row => style::SELECTED_ROW_BG,
            Interaction::Hovered => base.lighter(0.06),
            Interaction::None => base,
        };
    }
}

/// Publishes how far the panels reach into the screen, from this frame's layout: the
/// checklist's right edge and the card's left edge (wide layout), the top bar's lower
/// edge and the sheet's upper one (compact layout), in physical pixels of the panels'
/// target (the UI root spans it).
fn publish_view_insets(
    layout: Res<ScreenLayout>,
    root: Query<&ComputedNode, With<UiRoot>>,
    left: Query<(&ComputedNode, &UiGlobalTransform), With<ChecklistPanel>>,
    right: Query<(&ComputedNode, &UiGlobalTransform), With<DetailPanel>>,
    top: Query<(&ComputedNode, &UiGlobalTransform), With<TopBar>>,
    bottom: Query<(&ComputedNode, &UiGlobalTransform), With<BottomSheet>>,
    mut insets: ResMut<ViewInsets>,
) {
    let size = root.iter().next().map_or(Vec2::ZERO, |node| node.size());
    // A node's transform is its centre.
    let low = |(node, transform): (&ComputedNode, &UiGlobalTransform)| {
        transform.translation - node.size() / 2.0
    };
    let high = |(node, transform): (&ComputedNode, &UiGlobalTransform)| {
        transform.translation + node.size() / 2.0
    };
    let left = left.iter().next().map_or(0.0, |n| high(n).x.max(0.0));
    let right = right
        .iter()
        .next()
        .map_or(0.0, |n| (size.x - low(n).x).max(0.0));
    // The wide layout's top bar is thin: the view is not centred below it.
    let top = if *layout == ScreenLayout::Compact {
        top.iter().next().map_or(0.0, |n| high(n).y.max(0.0))
    } else {
        0.0
    };
    let bottom = bottom
        .iter()
        .next()
        .map_or(0.0, |n| (size.y - low(n).y).max(0.0));
    insets.set_if_neq(ViewInsets {
        left,
        right,
        top,
        bottom,
    });
}
