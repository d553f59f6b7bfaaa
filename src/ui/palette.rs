//! The fixture palette (edit mode): every type of the venue's catalogue as a tile, its
//! name in the interface language (the other language below), grouped by the
//! catalogue's categories. A tile adds the fixture ([`EditCommand::Add`]) mid-floor,
//! selected, to be dragged into place. Rebuilt only when what it shows changes.

use super::style::{self, UiFonts};
use super::{UiAction, button};
use crate::edit::{EditCommand, EditMode};
use crate::i18n::{Language, UiText};
use crate::shared::ActiveVenue;
use bevy::prelude::*;
use venue_core::Lang;

/// Whether the palette is open (closed again by a tile, its button, or leaving edit
/// mode).
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PaletteOpen(pub bool);

#[derive(Component)]
pub struct Palette;

/// Width of the palette panel (px at the reference height).
const PALETTE_WIDTH: f32 = 880.0;
/// Width of one tile: three to a row.
const TILE_WIDTH: f32 = 268.0;

pub fn plugin(app: &mut App) {
    app.init_resource::<PaletteOpen>()
        .add_systems(Update, rebuild_palette.in_set(crate::AppSet::Ui));
}

#[derive(PartialEq)]
struct PaletteKey {
    open: bool,
    lang: Lang,
    generation: Option<u32>,
}

fn rebuild_palette(
    mut commands: Commands,
    mut open: ResMut<PaletteOpen>,
    mode: Res<EditMode>,
    language: Res<Language>,
    active: Option<Res<ActiveVenue>>,
    fonts: Res<UiFonts>,
    roots: Query<Entity, With<Palette>>,
    mut built: Local<Option<PaletteKey>>,
) {
    if !mode.0 && open.0 {
        open.0 = false;
    }
    let key = PaletteKey {
        open: open.0,
        lang: language.0,
        // The catalogue only changes with a reload; edits bump the generation too,
        // which only costs a rebuild while the palette is open.
        generation: active.as_ref().filter(|_| open.0).map(|a| a.generation),
    };
    if built.as_ref() == Some(&key) {
        return;
    }
    for root in &roots {
        commands.entity(root).despawn();
    }
    let lang = key.lang;
    let is_open = key.open;
    *built = Some(key);
    let (true, Some(active)) = (is_open, active) else {
        return;
    };
    let other = match lang {
        Lang::Zh => Lang::En,
        Lang::En => Lang::Zh,
    };
    let root = commands
        .spawn((
            Name::new("Fixture palette"),
            Palette,
            // Below the top bar and above the edit bar, which stay usable.
            Node {
                width: percent(100),
                height: percent(100),
                justify_content: JustifyContent::Center,
                align_items: AlignItems::FlexStart,
                padding: UiRect::top(px(96)),
                ..default()
            },
            BackgroundColor(Color::srgba(0.0, 0.0, 0.0, 0.45)),
            GlobalZIndex(style::Z_DIALOG),
        ))
        .id();
    let panel = commands
        .spawn((
            Node {
                width: px(PALETTE_WIDTH),
                max_height: percent(68),
                flex_direction: FlexDirection::Column,
                padding: UiRect::all(px(20)),
                row_gap: px(10),
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
            column_gap: px(12),
            ..default()
        },
        ChildOf(panel),
        children![
            (
                Text::new(UiText::ChooseFixture.get(lang)),
                fonts.bold(style::BODY_TEXT),
                TextColor(style::PANEL_TEXT),
            ),
            button(
                &fonts,
                UiText::Close.get(lang),
                UiAction::TogglePalette,
                false
            ),
        ],
    ));
    // Grouped by category, in the catalogue's (sorted) order.
    let mut groups: Vec<(&str, Vec<(&String, &venue_core::FixtureType)>)> = Vec::new();
    for (kind, fixture_type) in &active.data.catalogue.fixtures {
        match groups.iter_mut().find(|(c, _)| *c == fixture_type.category) {
            Some((_, items)) => items.push((kind, fixture_type)),
            None => groups.push((&fixture_type.category, vec![(kind, fixture_type)])),
        }
    }
    for (category, items) in groups {
        commands.spawn((
            Text::new(category.replace('_', " ")),
            fonts.bold(style::SMALL_TEXT),
            TextColor(style::MUTED_TEXT),
            ChildOf(panel),
        ));
        let row = commands
            .spawn((
                Node {
                    flex_direction: FlexDirection::Row,
                    flex_wrap: FlexWrap::Wrap,
                    column_gap: px(8),
                    row_gap: px(8),
                    ..default()
                },
                ChildOf(panel),
            ))
            .id();
        for (kind, fixture_type) in items {
            commands.spawn((
                Button,
                UiAction::Edit(EditCommand::Add { kind: kind.clone() }),
                Node {
                    width: px(TILE_WIDTH),
                    min_height: px(style::TOUCH_TARGET * 1.3),
                    flex_direction: FlexDirection::Column,
                    justify_content: JustifyContent::Center,
                    padding: UiRect::axes(px(12), px(6)),
                    ..default()
                },
                BackgroundColor(style::BUTTON_BG),
                super::ActiveButton(false),
                ChildOf(row),
                children![
                    (
                        Text::new(fixture_type.name.get(lang).to_owned()),
                        fonts.bold(style::SMALL_TEXT),
                        TextColor(style::BUTTON_TEXT),
                    ),
                    (
                        Text::new(fixture_type.name.get(other).to_owned()),
                        fonts.text(style::SMALL_TEXT - 4.0),
                        TextColor(style::BUTTON_TEXT),
                    ),
                ],
            ));
        }
    }
}
