//! The compact layout's panels (a phone held upright, a narrow window; see
//! [`super::layout`]): a two-row top bar whose less used buttons wait in a menu, the view,
//! and under it one sheet across the width, with the checklist or the open card and,
//! during the tour, its controls.
//!
//! Built by `ui::rebuild_ui` from the same content as the wide layout, with the same
//! widgets; only the arrangement differs.

use super::{
    BottomSheet, PanelContent, TopBarContent, UiAction, button, card_lines_node, checklist_list,
    dimmer, spawn_card_header, spawn_card_lines, spawn_checklist_rows, spawn_language_selector,
    spawn_summaries, spawn_tour_controls, spawn_view_buttons, start_screen_button,
    start_tour_button, style,
};
use crate::i18n::UiText;
use crate::shared::TourPhase;
use bevy::prelude::*;
use style::UiFonts;

/// The sheet's height unfolded, as a share of the screen under the top bar (%): the view
/// keeps the other half.
const SHEET_SHARE: f32 = 50.0;
/// Width of the menu's column (interface px).
const MENU_WIDTH: f32 = 340.0;

/// Row one: the title, the language selector and the menu's button; row two: the views
/// and the tour, wrapping rather than running off the screen in large text.
pub(super) fn spawn_top_bar(
    commands: &mut Commands,
    bar: Entity,
    fonts: &UiFonts,
    content: &TopBarContent,
    menu_open: bool,
) {
    let lang = content.lang;
    let first = commands
        .spawn((
            Node {
                align_items: AlignItems::Center,
                column_gap: px(8),
                ..default()
            },
            ChildOf(bar),
        ))
        .id();
    if content.booth {
        commands.spawn((start_screen_button(fonts, lang), ChildOf(first)));
    }
    // The short title: beside the language buttons and "More…" a phone has room for
    // four characters, and the long one wrapped over three lines in large text.
    commands.spawn((
        Text::new(UiText::AppTitleShort.get(lang)),
        fonts.bold(style::BODY_TEXT + 2.0),
        TextColor(style::PANEL_TEXT),
        Node {
            flex_grow: 1.0,
            flex_shrink: 1.0,
            ..default()
        },
        ChildOf(first),
    ));
    spawn_language_selector(commands, first, fonts, lang);
    commands.spawn((
        button(
            fonts,
            UiText::More.get(lang),
            UiAction::ToggleMenu,
            menu_open,
        ),
        ChildOf(first),
    ));
    let second = commands
        .spawn((
            Node {
                flex_wrap: FlexWrap::Wrap,
                column_gap: px(8),
                row_gap: px(6),
                ..default()
            },
            ChildOf(bar),
        ))
        .id();
    spawn_view_buttons(commands, second, fonts, lang, content.mode);
    commands.spawn((start_tour_button(fonts, lang), ChildOf(second)));
}

/// The menu: the top bar's other buttons in a column at the top right, over a dimmed
/// screen that closes it when tapped. A button in it acts and closes it.
pub(super) fn spawn_menu(
    commands: &mut Commands,
    root: Entity,
    fonts: &UiFonts,
    content: &TopBarContent,
) {
    let lang = content.lang;
    let ground = commands
        .spawn((
            Button,
            UiAction::ToggleMenu,
            super::ActiveButton(false),
            dimmer(0.35, style::Z_DIALOG),
            ChildOf(root),
        ))
        .id();
    commands
        .entity(ground)
        .entry::<Node>()
        .and_modify(|mut node| {
            node.justify_content = JustifyContent::FlexEnd;
            node.align_items = AlignItems::FlexStart;
            node.padding = UiRect::all(px(8));
        });
    let menu = commands
        .spawn((
            Node {
                width: px(MENU_WIDTH),
                max_width: percent(100),
                flex_direction: FlexDirection::Column,
                padding: UiRect::all(px(12)),
                row_gap: px(8),
                ..default()
            },
            BackgroundColor(style::PANEL_BG),
            // Taps on the menu's own ground do not reach the dimmer behind it.
            Interaction::default(),
            ChildOf(ground),
        ))
        .id();
    let mut items = vec![(UiText::Home, UiAction::Home, false)];
    // A booth offers no editing, no files and no scene list (its start screen is one).
    if !content.booth {
        items.extend([
            (UiText::Edit, UiAction::ToggleEdit, content.editing),
            (UiText::Scenes, UiAction::ToggleScenes, false),
            (UiText::SaveReport, UiAction::SaveReport, false),
        ]);
    }
    items.push((UiText::LargeText, UiAction::ToggleLargeText, content.large));
    for (text, action, active) in items {
        commands.spawn((button(fonts, text.get(lang), action, active), ChildOf(menu)));
    }
}

/// The view (an empty node the 3D picture shows through; returned, for the walking pad)
/// and the sheet under it.
pub(super) fn spawn_body(
    commands: &mut Commands,
    root: Entity,
    fonts: &UiFonts,
    panels: &PanelContent,
    sheet_open: bool,
) -> Entity {
    let lang = panels.lang;
    let body = commands
        .spawn((
            Node {
                flex_grow: 1.0,
                flex_direction: FlexDirection::Column,
                min_height: px(0),
                ..default()
            },
            Pickable::IGNORE,
            ChildOf(root),
        ))
        .id();
    let view = commands
        .spawn((
            Node {
                flex_grow: 1.0,
                min_height: px(0),
                ..default()
            },
            Pickable::IGNORE,
            ChildOf(body),
        ))
        .id();
    let sheet = commands
        .spawn((
            BottomSheet,
            Node {
                height: if sheet_open {
                    percent(SHEET_SHARE)
                } else {
                    Val::Auto
                },
                flex_shrink: 0.0,
                flex_direction: FlexDirection::Column,
                padding: UiRect::all(px(12)),
                row_gap: px(6),
                ..default()
            },
            BackgroundColor(style::PANEL_BG),
            Interaction::default(),
            ChildOf(body),
        ))
        .id();
    let fold = || {
        if sheet_open {
            UiText::HideSheet
        } else {
            UiText::ShowSheet
        }
    };
    match &panels.card {
        Some(card) => {
            let header = spawn_card_header(commands, sheet, fonts, lang, card);
            commands.spawn((
                button(fonts, fold().get(lang), UiAction::ToggleSheet, false),
                ChildOf(header),
            ));
            if sheet_open {
                let lines = commands.spawn((card_lines_node(), ChildOf(sheet))).id();
                spawn_card_lines(commands, lines, fonts, lang, card);
            }
        }
        None => {
            let header = commands
                .spawn((
                    Node {
                        align_items: AlignItems::Center,
                        column_gap: px(8),
                        flex_shrink: 0.0,
                        ..default()
                    },
                    ChildOf(sheet),
                ))
                .id();
            let titles = commands
                .spawn((
                    Node {
                        flex_direction: FlexDirection::Column,
                        flex_grow: 1.0,
                        flex_shrink: 1.0,
                        ..default()
                    },
                    ChildOf(header),
                ))
                .id();
            commands.spawn((
                Text::new(UiText::Checklist.get(lang)),
                fonts.bold(style::BODY_TEXT + 2.0),
                TextColor(style::PANEL_TEXT),
                ChildOf(titles),
            ));
            spawn_summaries(commands, titles, fonts, panels, style::SMALL_TEXT);
            commands.spawn((
                button(fonts, fold().get(lang), UiAction::ToggleSheet, false),
                ChildOf(header),
            ));
            if sheet_open {
                let list = commands
                    .spawn((checklist_list(panels), ChildOf(sheet)))
                    .id();
                spawn_checklist_rows(commands, list, fonts, panels);
            }
        }
    }
    if matches!(panels.tour.phase, TourPhase::Stop(_)) {
        let controls = commands
            .spawn((
                Node {
                    flex_wrap: FlexWrap::Wrap,
                    justify_content: JustifyContent::Center,
                    column_gap: px(8),
                    row_gap: px(6),
                    flex_shrink: 0.0,
                    ..default()
                },
                ChildOf(sheet),
            ))
            .id();
        spawn_tour_controls(commands, controls, fonts, panels);
    }
    view
}
