//! The scene picker: a panel over the view with one large tile per scene of the index
//! (title, permit, which one is on screen), opened by the top bar's "选择场景" button.
//! A tile asks for its scene with [`OpenScene`](crate::shared::OpenScene) (through
//! [`UiAction::OpenScene`]); the picker closes, and the venue on screen stays until the
//! new one has loaded.
//!
//! The panel is rebuilt only when what it shows changes (open or closed, language, the
//! list, the scene on screen).

use super::style::{self, UiFonts};
use super::{ActiveButton, UiAction};
use crate::i18n::{Language, UiText, permit_name};
use crate::scenes::SceneList;
use crate::venue_asset::{CurrentVenue, current_scene_folder};
use bevy::prelude::*;

/// Whether the picker is open. Written by the top bar's button and by a tile.
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ScenePickerOpen(pub bool);

/// Root of the open picker.
#[derive(Component)]
pub struct ScenePicker;

/// Width of the picker panel (px at the reference height).
const PICKER_WIDTH: f32 = 760.0;

pub fn plugin(app: &mut App) {
    app.init_resource::<ScenePickerOpen>()
        .add_systems(Update, rebuild_picker.in_set(crate::AppSet::Ui));
}

#[derive(PartialEq)]
struct PickerKey {
    open: bool,
    lang: venue_core::Lang,
    scenes: usize,
    current: Option<String>,
}

fn rebuild_picker(
    mut commands: Commands,
    open: Res<ScenePickerOpen>,
    language: Res<Language>,
    list: Res<SceneList>,
    current: Res<CurrentVenue>,
    fonts: UiFonts,
    roots: Query<Entity, With<ScenePicker>>,
    mut built: Local<Option<PickerKey>>,
) {
    let key = PickerKey {
        open: open.0,
        lang: language.0,
        scenes: list.entries.len(),
        current: current_scene_folder(&current),
    };
    if built.as_ref() == Some(&key) {
        return;
    }
    for root in &roots {
        commands.entity(root).despawn();
    }
    let lang = key.lang;
    let showing = key.current.clone();
    let open = key.open;
    *built = Some(key);
    if !open {
        return;
    }
    let root = commands
        .spawn((
            Name::new("Scene picker"),
            ScenePicker,
            // A root node: laid out over the whole view, above the panels.
            Node {
                width: percent(100),
                height: percent(100),
                justify_content: JustifyContent::Center,
                align_items: AlignItems::Center,
                ..default()
            },
            // Dims the view; taps on it do not reach the venue.
            BackgroundColor(Color::srgba(0.0, 0.0, 0.0, 0.45)),
            GlobalZIndex(style::Z_DIALOG),
        ))
        .id();
    let panel = commands
        .spawn((
            super::scroll::DragScroll,
            Node {
                width: px(PICKER_WIDTH),
                // A phone held upright is narrower than the picker.
                max_width: percent(94),
                max_height: percent(85),
                flex_direction: FlexDirection::Column,
                padding: UiRect::all(px(24)),
                row_gap: px(12),
                overflow: Overflow::scroll_y(),
                ..default()
            },
            BackgroundColor(style::PANEL_BG),
            ChildOf(root),
        ))
        .id();
    commands.spawn((
        Node {
            flex_direction: FlexDirection::Row,
            justify_content: JustifyContent::SpaceBetween,
            align_items: AlignItems::Center,
            ..default()
        },
        ChildOf(panel),
        children![
            (
                Text::new(UiText::ChooseScene.get(lang)),
                fonts.bold(style::TITLE_TEXT),
                TextColor(style::PANEL_TEXT),
            ),
            super::button(
                &fonts,
                UiText::Close.get(lang),
                UiAction::ToggleScenes,
                false
            ),
        ],
    ));
    for entry in &list.entries {
        let is_current = showing.as_deref() == Some(entry.folder.as_str());
        let mut subtitle = permit_name(&entry.permit, lang);
        if is_current {
            subtitle = format!("{subtitle} · {}", UiText::Showing.get(lang));
        }
        commands.spawn((
            tile(
                &fonts,
                entry.title.get(lang),
                subtitle,
                &entry.folder,
                is_current,
            ),
            ChildOf(panel),
        ));
    }
}

/// A scene tile: its title large, its permit below; the scene on screen highlighted.
fn tile(
    fonts: &UiFonts,
    title: &str,
    subtitle: String,
    folder: &str,
    current: bool,
) -> impl Bundle {
    (
        Button,
        UiAction::OpenScene(folder.to_owned()),
        super::scroll::TapOnly,
        Node {
            min_height: px(style::TOUCH_TARGET * 1.5),
            flex_direction: FlexDirection::Column,
            justify_content: JustifyContent::Center,
            padding: UiRect::axes(px(20), px(10)),
            row_gap: px(4),
            ..default()
        },
        BackgroundColor(if current {
            style::BUTTON_ACTIVE_BG
        } else {
            style::BUTTON_BG
        }),
        ActiveButton(current),
        children![
            (
                Text::new(title.to_owned()),
                fonts.bold(style::BODY_TEXT),
                TextColor(style::BUTTON_TEXT),
            ),
            (
                Text::new(subtitle),
                fonts.text(style::SMALL_TEXT),
                TextColor(style::BUTTON_TEXT),
            ),
        ],
    )
}
