//! The booth's screens over the panels: the attract banner, the start screen, the
//! "still there?" countdown, the staff PIN pad and the friendly error.
//!
//! Rebuilt only when what they show changes ([`ScreenKey`]: the screen, the language,
//! the text size, the screen's arrangement (wide, or compact when mounted upright), the
//! seconds left, the digits typed, the tile pictures); per frame, one system keeps the
//! attract banner above the panels' bottom inset and another pulses its colour. Every button is a [`crate::ui::button`] (or a tile) carrying
//! a [`UiAction`]: booth inputs go back to the machine as [`UiAction::Booth`], language
//! and text size go to their owners like the panels' own buttons. The start screen's
//! tiles sit in a list that scrolls under a finger, so they act on a tap (`TapOnly`).

use super::{KioskSetup, KioskState};
use crate::i18n::{Language, UiText};
use crate::ui::layout::ScreenLayout;
use crate::ui::scroll::{DragScroll, TapOnly};
use crate::ui::style::{self, UiFonts};
use crate::ui::{ActiveButton, LargeText, UiAction, button, dimmer};
use bevy::prelude::*;
use std::collections::HashMap;
use venue_core::Lang;
use venue_core::kiosk::{Input, Screen};

/// Width of a start-screen tile and its picture's aspect (16:9, as the pictures are
/// rendered; px at the reference height): four tiles fit a row of a 16:9 screen, so
/// the shipped booth's four scenes sit in one row, and two rows (up to eight) fit in
/// its height even with two-line titles.
const TILE_WIDTH: f32 = 420.0;
const TILE_PICTURE_HEIGHT: f32 = 236.0;
/// A scene row's picture on an upright screen (16:9 like the tiles', px at the compact
/// layout's reference width): two fifths of the row, leaving the title room to wrap.
const COMPACT_TILE_PICTURE_WIDTH: f32 = 208.0;
const COMPACT_TILE_PICTURE_HEIGHT: f32 = 117.0;
/// The start screen's margin on an upright screen (px at the compact reference width).
const COMPACT_MARGIN: f32 = 24.0;
/// The widest share of the screen a booth dialog takes, so that it keeps a margin on an
/// upright screen (its designed width is wider than an upright screen's interface).
const DIALOG_MAX_WIDTH: f32 = 94.0;
/// How fast the attract banner pulses (cycles per second) and how deep.
const PULSE_HZ: f32 = 0.5;
const PULSE_DEPTH: f32 = 0.08;
/// The attract banner's gap above the free part of the view's lower edge (px at the
/// reference height): clear of the wide layout's tour bar, which sits in the view.
const ATTRACT_BANNER_CLEARANCE: f32 = 96.0;
/// The countdown's number (px at the reference height).
const COUNTDOWN_TEXT: f32 = 120.0;
/// The PIN pad's keys (px at the reference height): big enough for any finger.
const PIN_KEY: f32 = 96.0;
/// The start screen's and the dialogs' backgrounds: opaque, so nothing behind competes
/// with the text.
const START_BG: Color = Color::srgb(0.05, 0.07, 0.10);
const DIALOG_BG: Color = Color::srgb(0.10, 0.12, 0.16);
/// How much a booth dialog dims what is behind it.
const DIALOG_DIM: f32 = 0.55;
/// PIN digits shown as dots even before they are typed (the PIN's length is not shown).
const PIN_DOTS: usize = 4;

/// Each scene's tile picture, by folder (written by `scene_pictures`; empty in the
/// browser and in tests, where the tiles show their permit's colour).
#[derive(Resource, Debug, Default, Clone)]
pub struct ScenePictures {
    pub images: HashMap<String, Handle<Image>>,
}

/// Root of the booth's current screen.
#[derive(Component)]
pub struct BoothScreen;

/// The attract loop's banner (its colour pulses).
#[derive(Component)]
struct AttractBanner;

/// The attract screen's touch catcher, which places the banner (see [`place_attract_banner`]).
#[derive(Component)]
struct AttractRoot;

/// What the booth's screens show; a change rebuilds them.
#[derive(Debug, Clone, PartialEq)]
struct ScreenKey {
    screen: ScreenShown,
    lang: Lang,
    large: bool,
    layout: ScreenLayout,
    pictures: usize,
}

#[derive(Debug, Clone, PartialEq)]
enum ScreenShown {
    Attract,
    Start,
    Session,
    StillThere { seconds_left: u32 },
    Operator { typed: usize, wrong: u32 },
    Trouble,
}

pub fn plugin(app: &mut App) {
    app.init_resource::<ScenePictures>().add_systems(
        Update,
        (rebuild_screens, place_attract_banner, pulse_banner)
            .chain()
            .in_set(crate::AppSet::Ui),
    );
}

fn shown(state: &KioskState) -> ScreenShown {
    match state.machine.screen() {
        Screen::Attract { .. } => ScreenShown::Attract,
        Screen::Start => ScreenShown::Start,
        Screen::Session { .. } => ScreenShown::Session,
        Screen::StillThere { .. } => ScreenShown::StillThere {
            seconds_left: state.machine.seconds_left(state.now).unwrap_or(0),
        },
        Screen::Operator { entered, wrong } => ScreenShown::Operator {
            typed: entered.len(),
            wrong: *wrong,
        },
        Screen::Trouble { .. } => ScreenShown::Trouble,
    }
}

fn rebuild_screens(
    mut commands: Commands,
    state: Res<KioskState>,
    setup: Res<KioskSetup>,
    language: Res<Language>,
    large: Res<LargeText>,
    fonts: UiFonts,
    pictures: Res<ScenePictures>,
    layout: Res<ScreenLayout>,
    roots: Query<Entity, With<BoothScreen>>,
    mut built: Local<Option<ScreenKey>>,
) {
    let key = ScreenKey {
        screen: shown(&state),
        lang: language.0,
        large: large.0,
        layout: *layout,
        pictures: pictures.images.len(),
    };
    if built.as_ref() == Some(&key) {
        return;
    }
    for root in &roots {
        commands.entity(root).despawn();
    }
    let lang = key.lang;
    match &key.screen {
        ScreenShown::Session => {}
        ScreenShown::Attract => spawn_attract(&mut commands, &fonts),
        ScreenShown::Start => spawn_start(
            &mut commands,
            &fonts,
            lang,
            large.0,
            key.layout,
            &setup,
            &pictures,
        ),
        ScreenShown::StillThere { seconds_left } => {
            let card = spawn_dialog(&mut commands);
            title(&mut commands, card, &fonts, UiText::StillThere.get(lang));
            commands.spawn((
                Text::new(seconds_left.to_string()),
                fonts.bold(COUNTDOWN_TEXT),
                TextColor(style::WARNING_BG),
                ChildOf(card),
            ));
            line(
                &mut commands,
                card,
                &fonts,
                &UiText::ResetIn
                    .get(lang)
                    .replace("{n}", &seconds_left.to_string()),
            );
            commands.spawn((
                big_button(&fonts, UiText::StillHere.get(lang), Input::Stay),
                ChildOf(card),
            ));
        }
        ScreenShown::Operator { typed, wrong } => {
            spawn_pin_pad(&mut commands, &fonts, lang, *typed, *wrong);
        }
        ScreenShown::Trouble => {
            let card = spawn_dialog(&mut commands);
            title(
                &mut commands,
                card,
                &fonts,
                UiText::SceneUnavailable.get(lang),
            );
            line(
                &mut commands,
                card,
                &fonts,
                UiText::SceneUnavailableHint.get(lang),
            );
            line(&mut commands, card, &fonts, setup.0.config.help.get(lang));
            commands.spawn((
                big_button(&fonts, UiText::StartScreen.get(lang), Input::Touch),
                ChildOf(card),
            ));
        }
    }
    *built = Some(key);
}

/// "Touch to start" in every language (nobody has chosen one yet), each in its own face,
/// over a catcher that keeps the touch from the panels underneath.
fn spawn_attract(commands: &mut Commands, fonts: &UiFonts) {
    let root = commands
        .spawn((
            Name::new("Booth: attract"),
            BoothScreen,
            AttractRoot,
            Node {
                position_type: PositionType::Absolute,
                width: percent(100),
                height: percent(100),
                justify_content: JustifyContent::Center,
                align_items: AlignItems::FlexEnd,
                padding: UiRect::bottom(px(ATTRACT_BANNER_CLEARANCE)),
                ..default()
            },
            Interaction::default(),
            GlobalZIndex(style::Z_BOOTH),
        ))
        .id();
    let banner = commands
        .spawn((
            Name::new("Booth: attract banner"),
            AttractBanner,
            Node {
                flex_direction: FlexDirection::Column,
                align_items: AlignItems::Center,
                padding: UiRect::axes(px(64), px(24)),
                row_gap: px(6),
                border_radius: BorderRadius::all(px(18)),
                ..default()
            },
            BackgroundColor(style::BUTTON_ACTIVE_BG),
            Pickable::IGNORE,
            ChildOf(root),
        ))
        .id();
    for (i, lang) in Lang::ALL.into_iter().enumerate() {
        // The first language large, the others below it.
        let font = if i == 0 {
            fonts.bold_in(lang, style::TITLE_TEXT + 24.0)
        } else {
            fonts.text_in(lang, style::TITLE_TEXT)
        };
        commands.spawn((
            Text::new(UiText::TouchToStart.get(lang)),
            font,
            TextColor(Color::WHITE),
            Pickable::IGNORE,
            ChildOf(banner),
        ));
    }
}

/// Keeps the attract banner over the free part of the view, above whatever panel reaches
/// up from the bottom (the compact layout's sheet, on an upright booth, whose text the
/// attract tour is showing): the catcher still covers the whole screen, its bottom padding
/// follows the panels' [`ViewInsets`](crate::shared::ViewInsets).
fn place_attract_banner(
    insets: Res<crate::shared::ViewInsets>,
    layout: Res<ScreenLayout>,
    mut roots: Query<(&mut Node, &ComputedNode), With<AttractRoot>>,
) {
    // The compact layout's tour bar sits under its sheet, not in the view.
    let clearance = match *layout {
        ScreenLayout::Wide => ATTRACT_BANNER_CLEARANCE,
        ScreenLayout::Compact => COMPACT_MARGIN,
    };
    for (mut node, computed) in &mut roots {
        // Insets are physical pixels; a node's `px` are logical pixels times `UiScale`.
        let padding = px(insets.bottom * computed.inverse_scale_factor() + clearance);
        if node.padding.bottom != padding {
            node.padding.bottom = padding;
        }
    }
}

fn pulse_banner(
    time: Res<Time<Real>>,
    mut banners: Query<&mut BackgroundColor, With<AttractBanner>>,
) {
    let phase = (time.elapsed_secs() * PULSE_HZ * std::f32::consts::TAU).sin() * 0.5 + 0.5;
    for mut color in &mut banners {
        color.0 = style::BUTTON_ACTIVE_BG.darker(PULSE_DEPTH * phase);
    }
}

/// The start screen: what to look at, in which language, at which text size, and whom to
/// ask for help. On a wide screen the scenes are big picture tiles side by side; on an
/// upright or narrow one ([`ScreenLayout::Compact`]) the header stacks and the scenes are
/// a list of rows (picture left, title right). Either scrolls under a finger when a
/// booth offers more than fit (or large text makes them so), its tiles chosen by a tap
/// so that a swipe chooses nothing.
fn spawn_start(
    commands: &mut Commands,
    fonts: &UiFonts,
    lang: Lang,
    large: bool,
    layout: ScreenLayout,
    setup: &KioskSetup,
    pictures: &ScenePictures,
) {
    let compact = layout == ScreenLayout::Compact;
    let root = commands
        .spawn((
            Name::new("Booth: start screen"),
            BoothScreen,
            Node {
                position_type: PositionType::Absolute,
                width: percent(100),
                height: percent(100),
                flex_direction: FlexDirection::Column,
                padding: if compact {
                    UiRect::axes(px(COMPACT_MARGIN), px(COMPACT_MARGIN))
                } else {
                    UiRect::axes(px(64), px(40))
                },
                row_gap: px(if compact { 20 } else { 28 }),
                ..default()
            },
            BackgroundColor(START_BG),
            Interaction::default(),
            GlobalZIndex(style::Z_BOOTH),
        ))
        .id();
    let header = commands
        .spawn((
            Node {
                flex_direction: if compact {
                    FlexDirection::Column
                } else {
                    FlexDirection::Row
                },
                justify_content: JustifyContent::SpaceBetween,
                align_items: if compact {
                    AlignItems::FlexStart
                } else {
                    AlignItems::Center
                },
                column_gap: px(24),
                row_gap: px(16),
                flex_shrink: 0.0,
                ..default()
            },
            ChildOf(root),
        ))
        .id();
    let titles = commands
        .spawn((
            Node {
                flex_direction: FlexDirection::Column,
                row_gap: px(8),
                ..default()
            },
            ChildOf(header),
        ))
        .id();
    commands.spawn((
        Text::new(UiText::AppTitle.get(lang)),
        fonts.text(style::BODY_TEXT),
        TextColor(style::MUTED_TEXT),
        ChildOf(titles),
    ));
    commands.spawn((
        Text::new(UiText::ChoosePremises.get(lang)),
        fonts.bold(style::TITLE_TEXT + 16.0),
        TextColor(style::PANEL_TEXT),
        ChildOf(titles),
    ));
    let controls = commands
        .spawn((
            Node {
                column_gap: px(12),
                row_gap: px(12),
                align_items: AlignItems::Center,
                flex_wrap: FlexWrap::Wrap,
                ..default()
            },
            ChildOf(header),
        ))
        .id();
    // Every language, each named in its own script and face; the one on screen lit.
    for choice in Lang::ALL {
        commands.spawn((
            Button,
            UiAction::SetLanguage(choice),
            ActiveButton(choice == lang),
            Node {
                min_height: px(style::TOUCH_TARGET),
                min_width: px(style::TOUCH_TARGET * 2.0),
                padding: UiRect::axes(px(18), px(8)),
                justify_content: JustifyContent::Center,
                align_items: AlignItems::Center,
                ..default()
            },
            BackgroundColor(if choice == lang {
                style::BUTTON_ACTIVE_BG
            } else {
                style::BUTTON_BG
            }),
            ChildOf(controls),
            children![(
                Text::new(crate::i18n::language_name(choice)),
                TextLayout::no_wrap(),
                fonts.text_in(choice, style::BODY_TEXT),
                TextColor(style::BUTTON_TEXT),
            )],
        ));
    }
    commands.spawn((
        button(
            fonts,
            format!("Aa {}", UiText::LargeText.get(lang)),
            UiAction::ToggleLargeText,
            large,
        ),
        ChildOf(controls),
    ));

    // The scenes scroll under a finger where they do not fit: an upright screen's list,
    // or the wide screen's tiles in large text (two rows of them then ran over the title
    // and the help). A wide screen's tiles sit centred in the space while they fit (auto
    // margins, which unlike centring never push the first row out of reach).
    let list = commands
        .spawn((
            Name::new("Booth: scene list"),
            Node {
                flex_grow: 1.0,
                min_height: px(0),
                flex_direction: FlexDirection::Column,
                overflow: Overflow::scroll_y(),
                ..default()
            },
            ScrollPosition::default(),
            DragScroll,
            ChildOf(root),
        ))
        .id();
    let tiles = commands
        .spawn((
            if compact {
                Node {
                    flex_direction: FlexDirection::Column,
                    row_gap: px(16),
                    ..default()
                }
            } else {
                Node {
                    margin: UiRect::vertical(Val::Auto),
                    flex_wrap: FlexWrap::Wrap,
                    justify_content: JustifyContent::Center,
                    // Rows centred; the tiles of a row as tall as its tallest.
                    align_content: AlignContent::Center,
                    column_gap: px(28),
                    row_gap: px(28),
                    flex_shrink: 0.0,
                    ..default()
                }
            },
            ChildOf(list),
        ))
        .id();
    for scene in &setup.0.scenes {
        spawn_tile(commands, fonts, lang, compact, scene, pictures, tiles);
    }
    commands.spawn((
        Node {
            padding: UiRect::axes(px(24), px(16)),
            border_radius: BorderRadius::all(px(12)),
            flex_shrink: 0.0,
            ..default()
        },
        BackgroundColor(Color::srgba(1.0, 1.0, 1.0, 0.08)),
        ChildOf(root),
        children![(
            Text::new(setup.0.config.help.get(lang).to_owned()),
            fonts.text(style::BODY_TEXT + 4.0),
            TextColor(style::PANEL_TEXT),
        )],
    ));
}

/// One scene's tile: its picture (or its permit's name on the permit's colour) and its
/// title. Wide: a picture tile, picture above the title. Compact: a row of the list,
/// a smaller picture beside the title. Either acts on a tap ([`TapOnly`]), since the
/// list scrolls under a finger.
fn spawn_tile(
    commands: &mut Commands,
    fonts: &UiFonts,
    lang: Lang,
    compact: bool,
    scene: &venue_core::scene_index::SceneEntry,
    pictures: &ScenePictures,
    parent: Entity,
) {
    let (picture_width, picture_height) = if compact {
        (COMPACT_TILE_PICTURE_WIDTH, COMPACT_TILE_PICTURE_HEIGHT)
    } else {
        (TILE_WIDTH, TILE_PICTURE_HEIGHT)
    };
    let tile = commands
        .spawn((
            Name::new(format!("Tile {}", scene.folder)),
            Button,
            UiAction::Booth(Input::Choose(scene.folder.clone())),
            ActiveButton(false),
            Node {
                width: if compact {
                    percent(100)
                } else {
                    px(TILE_WIDTH)
                },
                flex_direction: if compact {
                    FlexDirection::Row
                } else {
                    FlexDirection::Column
                },
                align_items: if compact {
                    AlignItems::Center
                } else {
                    AlignItems::Stretch
                },
                flex_shrink: 0.0,
                border_radius: BorderRadius::all(px(14)),
                overflow: Overflow::clip(),
                ..default()
            },
            BackgroundColor(style::BUTTON_BG),
            ChildOf(parent),
        ))
        .id();
    commands.entity(tile).insert(TapOnly);
    let picture = Node {
        width: px(picture_width),
        height: px(picture_height),
        flex_shrink: 0.0,
        justify_content: JustifyContent::Center,
        align_items: AlignItems::Center,
        ..default()
    };
    match pictures.images.get(&scene.folder) {
        Some(image) => {
            commands.spawn((
                picture,
                ImageNode::new(image.clone()),
                Pickable::IGNORE,
                ChildOf(tile),
            ));
        }
        // No picture (yet): the permit's name on its colour.
        None => {
            commands.spawn((
                picture,
                BackgroundColor(permit_color(&scene.permit)),
                Pickable::IGNORE,
                ChildOf(tile),
                children![(
                    Text::new(crate::i18n::permit_name(&scene.permit, lang)),
                    fonts.bold(if compact {
                        style::BODY_TEXT
                    } else {
                        style::TITLE_TEXT
                    }),
                    TextColor(Color::WHITE),
                    TextLayout::justify(Justify::Center),
                    Pickable::IGNORE,
                )],
            ));
        }
    }
    // The title's aside in brackets ("48 平方米", "找找看") goes on the second line, with
    // the permit: a narrow tile broke the whole title wherever a line ran out.
    let (name, aside) = crate::i18n::title_and_aside(scene.title.get(lang));
    let permit = crate::i18n::permit_name(&scene.permit, lang);
    let second_line = match aside {
        Some(aside) => format!("{aside} · {permit}"),
        None => permit,
    };
    commands.spawn((
        Node {
            flex_direction: FlexDirection::Column,
            // Beside the picture in a row, the title takes the rest of the row; under it,
            // the tile's width (given, so that the list's sizing pass does not measure
            // the title at its narrowest, one character a line, and make the tile tall).
            flex_grow: if compact { 1.0 } else { 0.0 },
            width: if compact { Val::Auto } else { px(TILE_WIDTH) },
            flex_shrink: 1.0,
            min_width: px(0),
            padding: UiRect::all(px(18)),
            row_gap: px(6),
            ..default()
        },
        Pickable::IGNORE,
        ChildOf(tile),
        children![
            (
                Text::new(name.to_owned()),
                fonts.bold(if compact {
                    style::BODY_TEXT + 6.0
                } else {
                    style::BODY_TEXT + 2.0
                }),
                TextColor(Color::WHITE),
                Pickable::IGNORE,
            ),
            (
                Text::new(second_line),
                fonts.text(style::BODY_TEXT),
                TextColor(style::MUTED_TEXT),
                Pickable::IGNORE,
            ),
        ],
    ));
}

/// A tile's colour when it has no picture: one per kind of premises, stable.
fn permit_color(permit: &str) -> Color {
    match permit {
        "food_business" => Color::srgb(0.72, 0.36, 0.16),
        "drug_retail" => Color::srgb(0.13, 0.52, 0.40),
        _ => Color::srgb(0.30, 0.34, 0.45),
    }
}

/// A dimmed screen with a card in the middle; returns the card.
fn spawn_dialog(commands: &mut Commands) -> Entity {
    let root = commands
        .spawn((
            Name::new("Booth: dialog"),
            BoothScreen,
            dimmer(DIALOG_DIM, style::Z_BOOTH),
        ))
        .id();
    commands
        .spawn((
            Node {
                width: px(820),
                max_width: percent(DIALOG_MAX_WIDTH),
                flex_direction: FlexDirection::Column,
                align_items: AlignItems::Center,
                padding: UiRect::all(px(40)),
                row_gap: px(20),
                border_radius: BorderRadius::all(px(18)),
                ..default()
            },
            BackgroundColor(DIALOG_BG),
            ChildOf(root),
        ))
        .id()
}

fn title(commands: &mut Commands, card: Entity, fonts: &UiFonts, text: &str) {
    commands.spawn((
        Text::new(text),
        fonts.bold(style::TITLE_TEXT + 12.0),
        TextColor(style::PANEL_TEXT),
        ChildOf(card),
    ));
}

fn line(commands: &mut Commands, card: Entity, fonts: &UiFonts, text: &str) {
    commands.spawn((
        Text::new(text),
        fonts.text(style::BODY_TEXT + 4.0),
        TextColor(style::PANEL_TEXT),
        TextLayout::justify(Justify::Center),
        ChildOf(card),
    ));
}

/// A button a visitor cannot miss.
fn big_button(fonts: &UiFonts, label: &str, input: Input) -> impl Bundle {
    (
        Button,
        UiAction::Booth(input),
        ActiveButton(true),
        Node {
            min_width: px(360),
            min_height: px(style::TOUCH_TARGET * 1.5),
            padding: UiRect::axes(px(40), px(16)),
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            border_radius: BorderRadius::all(px(14)),
            ..default()
        },
        BackgroundColor(style::BUTTON_ACTIVE_BG),
        children![(
            Text::new(label.to_owned()),
            fonts.bold(style::TITLE_TEXT + 4.0),
            TextColor(Color::WHITE),
        )],
    )
}

/// The staff PIN pad: dots for the digits typed, 1–9, ⌫, 0, OK, and cancel.
fn spawn_pin_pad(commands: &mut Commands, fonts: &UiFonts, lang: Lang, typed: usize, wrong: u32) {
    let card = spawn_dialog(commands);
    title(commands, card, fonts, UiText::StaffOnly.get(lang));
    line(commands, card, fonts, UiText::EnterPin.get(lang));
    let dots: String = (0..typed.max(PIN_DOTS))
        .map(|i| if i < typed { '●' } else { '○' })
        .flat_map(|c| [c, ' '])
        .collect();
    commands.spawn((
        Text::new(dots.trim_end().to_owned()),
        fonts.bold(style::TITLE_TEXT + 8.0),
        TextColor(style::PANEL_TEXT),
        ChildOf(card),
    ));
    if wrong > 0 {
        commands.spawn((
            Text::new(UiText::WrongPin.get(lang)),
            fonts.bold(style::BODY_TEXT + 2.0),
            TextColor(style::WARNING_BG),
            ChildOf(card),
        ));
    }
    let grid = commands
        .spawn((
            Node {
                display: Display::Grid,
                grid_template_columns: RepeatedGridTrack::px(3, PIN_KEY),
                column_gap: px(16),
                row_gap: px(16),
                ..default()
            },
            ChildOf(card),
        ))
        .id();
    let keys: [(String, Input); 12] = [
        ("1".into(), Input::Digit(1)),
        ("2".into(), Input::Digit(2)),
        ("3".into(), Input::Digit(3)),
        ("4".into(), Input::Digit(4)),
        ("5".into(), Input::Digit(5)),
        ("6".into(), Input::Digit(6)),
        ("7".into(), Input::Digit(7)),
        ("8".into(), Input::Digit(8)),
        ("9".into(), Input::Digit(9)),
        ("←".into(), Input::Backspace),
        ("0".into(), Input::Digit(0)),
        ("✓".into(), Input::Submit),
    ];
    for (label, input) in keys {
        commands.spawn((
            Button,
            UiAction::Booth(input),
            ActiveButton(false),
            Node {
                width: px(PIN_KEY),
                height: px(PIN_KEY),
                justify_content: JustifyContent::Center,
                align_items: AlignItems::Center,
                border_radius: BorderRadius::all(px(12)),
                ..default()
            },
            BackgroundColor(style::BUTTON_BG),
            ChildOf(grid),
            children![(
                Text::new(label),
                fonts.bold(style::TITLE_TEXT + 8.0),
                TextColor(Color::WHITE),
            )],
        ));
    }
    commands.spawn((
        button(
            fonts,
            UiText::Cancel.get(lang),
            UiAction::Booth(Input::Cancel),
            false,
        ),
        ChildOf(card),
    ));
}
