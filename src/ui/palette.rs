//! The fixture palette (edit mode): every type of the venue's catalogue as a tile, its
//! name in the interface language (the other language below), grouped by the
//! catalogue's categories. A tile adds the fixture ([`EditCommand::Add`]) mid-floor,
//! selected, to be dragged into place. Rebuilt only when what it shows changes.

use super::style::{self, UiFonts};
use super::{UiAction, button};
use crate::edit::{EditCommand, EditMode};
use crate::i18n::{Language, UiText};
use crate::shared::ActiveVenue;
use crate::thumbnails::FixtureThumbnails;
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
/// Width of a tile's thumbnail (px at the reference height; 4:3).
const THUMBNAIL_WIDTH: f32 = 96.0;

/// A tile's thumbnail, shown once the studio has drawn it.
#[derive(Component)]
struct Thumbnail(String);

pub fn plugin(app: &mut App) {
    let open_at_start = app
        .world()
        .get_resource::<crate::AppOptions>()
        .is_some_and(|o| o.palette);
    app.insert_resource(PaletteOpen(open_at_start))
        .init_resource::<PaletteShowsAll>()
        .add_systems(
            Update,
            (toggle_show_all, rebuild_palette, show_thumbnails)
                .chain()
                .in_set(crate::AppSet::Ui)
                .before(crate::thumbnails::RenderThumbnails),
        );
}

/// Whether the palette shows every type of the catalogue, or only the types of the
/// scene's kind of premises: those placed in it and those its rule packs check (the
/// shared catalogue also holds other departments' types).
#[derive(Resource, Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PaletteShowsAll(pub bool);

#[derive(PartialEq)]
struct PaletteKey {
    open: bool,
    all: bool,
    lang: Lang,
    generation: Option<u32>,
    thumbnails: u32,
}

fn rebuild_palette(
    mut commands: Commands,
    mut open: ResMut<PaletteOpen>,
    mode: Res<EditMode>,
    language: Res<Language>,
    active: Option<Res<ActiveVenue>>,
    fonts: UiFonts,
    mut thumbnails: ResMut<FixtureThumbnails>,
    show_all: Res<PaletteShowsAll>,
    roots: Query<Entity, With<Palette>>,
    mut built: Local<Option<PaletteKey>>,
) {
    if !mode.0 && open.0 {
        open.0 = false;
    }
    let key = PaletteKey {
        open: open.0,
        all: show_all.0,
        lang: language.0,
        // The catalogue only changes with a reload; edits bump the generation too,
        // which only costs a rebuild while the palette is open.
        generation: active.as_ref().filter(|_| open.0).map(|a| a.generation),
        // New images to show (a studio set up for another catalogue).
        thumbnails: thumbnails.generation(),
    };
    if open.0 {
        // Asked every frame it is open; not a change (show_thumbnails would then run
        // every frame): the studio's own updates are.
        thumbnails.bypass_change_detection().want();
    }
    if built.as_ref() == Some(&key) {
        return;
    }
    for root in &roots {
        commands.entity(root).despawn();
    }
    let lang = key.lang;
    let is_open = key.open;
    let key_all = key.all;
    *built = Some(key);
    let (true, Some(active)) = (is_open, active) else {
        return;
    };
    let other = match lang {
        Lang::Zh | Lang::ZhHant => Lang::En,
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
            super::scroll::DragScroll,
            Node {
                width: px(PALETTE_WIDTH),
                max_width: percent(94),
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
                if key_all {
                    UiText::SceneFixtureTypes.get(lang)
                } else {
                    UiText::AllFixtureTypes.get(lang)
                },
                UiAction::TogglePaletteAll,
                false
            ),
            button(
                &fonts,
                UiText::Close.get(lang),
                UiAction::TogglePalette,
                false
            ),
        ],
    ));
    let data = &active.data;
    let scene_types: std::collections::BTreeSet<&str> = data
        .venue
        .fixtures
        .iter()
        .map(|f| f.kind.as_str())
        .chain(
            data.packs
                .iter()
                .flat_map(|p| p.fixture_types_named())
                .filter_map(|t| {
                    data.catalogue
                        .fixtures
                        .get_key_value(&t)
                        .map(|(k, _)| k.as_str())
                }),
        )
        .collect();
    // Grouped by category, in the catalogue's (sorted) order.
    let mut groups: Vec<(&str, Vec<(&String, &venue_core::FixtureType)>)> = Vec::new();
    for (kind, fixture_type) in &data.catalogue.fixtures {
        if !key_all && !scene_types.is_empty() && !scene_types.contains(kind.as_str()) {
            continue;
        }
        match groups.iter_mut().find(|(c, _)| *c == fixture_type.category) {
            Some((_, items)) => items.push((kind, fixture_type)),
            None => groups.push((&fixture_type.category, vec![(kind, fixture_type)])),
        }
    }
    for (category, items) in groups {
        let heading = active
            .data
            .catalogue
            .categories
            .get(category)
            .or_else(|| {
                active
                    .data
                    .packs
                    .iter()
                    .find_map(|p| p.categories.get(category))
            })
            .map_or_else(|| category.replace('_', " "), |t| t.get(lang).to_owned());
        commands.spawn((
            Text::new(heading),
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
            let tile = commands
                .spawn((
                    Button,
                    UiAction::Edit(EditCommand::Add { kind: kind.clone() }),
                    super::scroll::TapOnly,
                    Node {
                        width: px(TILE_WIDTH),
                        min_height: px(style::TOUCH_TARGET * 1.3),
                        flex_direction: FlexDirection::Row,
                        align_items: AlignItems::Center,
                        column_gap: px(10),
                        padding: UiRect::axes(px(8), px(6)),
                        ..default()
                    },
                    BackgroundColor(style::BUTTON_BG),
                    super::ActiveButton(false),
                    ChildOf(row),
                ))
                .id();
            if let Some(image) = thumbnails.image(kind) {
                commands.spawn((
                    Thumbnail(kind.clone()),
                    ImageNode::new(image.clone()),
                    Node {
                        width: px(THUMBNAIL_WIDTH),
                        height: px(THUMBNAIL_WIDTH * 0.75),
                        flex_shrink: 0.0,
                        ..default()
                    },
                    // Shown once drawn: an image still being rendered is blank.
                    if thumbnails.is_done(kind) {
                        Visibility::Inherited
                    } else {
                        Visibility::Hidden
                    },
                    ChildOf(tile),
                ));
            }
            commands.spawn((
                Node {
                    flex_direction: FlexDirection::Column,
                    flex_shrink: 1.0,
                    ..default()
                },
                ChildOf(tile),
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

/// Shows each tile's thumbnail once the studio has drawn it.
fn show_thumbnails(
    thumbnails: Res<FixtureThumbnails>,
    mut tiles: Query<(&Thumbnail, &mut Visibility)>,
) {
    if !thumbnails.is_changed() {
        return;
    }
    for (thumbnail, mut visibility) in &mut tiles {
        let shown = if thumbnails.is_done(&thumbnail.0) {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        };
        if *visibility != shown {
            *visibility = shown;
        }
    }
}

/// The palette's "all types" button.
fn toggle_show_all(
    buttons: Query<(&Interaction, &UiAction), Changed<Interaction>>,
    mut show_all: ResMut<PaletteShowsAll>,
) {
    for (interaction, action) in &buttons {
        if *interaction == Interaction::Pressed && *action == UiAction::TogglePaletteAll {
            show_all.0 = !show_all.0;
        }
    }
}
