//! The edit bar along the bottom in edit mode: what is selected, turn, delete, undo,
//! redo, save, whether there are unsaved changes, and the validator's complaints about
//! the current state (shown in place of a save: such a state is never saved). Buttons
//! send [`EditCommand`]s through [`UiAction::Edit`]. Rebuilt only when what it shows
//! changes.

use super::style::{self, UiFonts};
use super::{UiAction, button};
use crate::edit::{EditCommand, EditMode, EditSession};
use crate::i18n::{Language, UiText};
use crate::shared::ActiveVenue;
use bevy::prelude::*;

/// Root of the edit bar.
#[derive(Component)]
pub struct EditBar;

/// At most this many of the validator's messages are listed; the rest are counted.
const SHOWN_PROBLEMS: usize = 3;

pub fn plugin(app: &mut App) {
    app.add_systems(Update, rebuild_edit_bar.in_set(crate::AppSet::Ui));
}

#[derive(PartialEq)]
struct BarKey {
    on: bool,
    lang: venue_core::Lang,
    selected: Option<String>,
    undo: bool,
    redo: bool,
    unsaved: bool,
    problems: Vec<String>,
    layout: super::layout::ScreenLayout,
}

fn rebuild_edit_bar(
    mut commands: Commands,
    mode: Res<EditMode>,
    session: Res<EditSession>,
    language: Res<Language>,
    active: Option<Res<ActiveVenue>>,
    fonts: UiFonts,
    bars: Query<Entity, With<EditBar>>,
    layout: Res<super::layout::ScreenLayout>,
    mut built: Local<Option<BarKey>>,
) {
    let key = BarKey {
        on: mode.0,
        lang: language.0,
        selected: session.selected.clone(),
        undo: session.can_undo(),
        redo: session.can_redo(),
        unsaved: session.unsaved(),
        problems: session.problems.clone(),
        layout: *layout,
    };
    if built.as_ref() == Some(&key) {
        return;
    }
    for bar in &bars {
        commands.entity(bar).despawn();
    }
    let lang = key.lang;
    let on = key.on;
    let selected = key.selected.clone();
    let (undo, redo, unsaved) = (key.undo, key.redo, key.unsaved);
    let problems = key.problems.clone();
    *built = Some(key);
    if !on {
        return;
    }
    let bar = commands
        .spawn((
            Name::new("Edit bar"),
            EditBar,
            Node {
                position_type: PositionType::Absolute,
                bottom: px(12),
                // Right of the checklist, which stays readable while editing; across the
                // compact layout's sheet.
                left: px(if *layout == super::layout::ScreenLayout::Compact {
                    12.0
                } else {
                    super::CHECKLIST_WIDTH + 24.0
                }),
                right: px(if *layout == super::layout::ScreenLayout::Compact {
                    12.0
                } else {
                    24.0
                }),
                flex_direction: FlexDirection::Column,
                padding: UiRect::all(px(12)),
                row_gap: px(8),
                ..default()
            },
            BackgroundColor(style::PANEL_BG),
            GlobalZIndex(style::Z_PANELS + 1),
        ))
        .id();
    let name = selected.as_ref().map(|id| {
        active
            .as_ref()
            .and_then(|a| a.data.plan.fixtures.iter().find(|f| &f.id == id))
            .map_or_else(|| id.clone(), |f| f.name.get(lang).to_owned())
    });
    let line = match &name {
        Some(name) => format!("{}：{name}", UiText::Selected.get(lang)),
        None => UiText::EditHint.get(lang).to_owned(),
    };
    let status = if unsaved {
        format!("{line} · {}", UiText::Unsaved.get(lang))
    } else {
        line
    };
    commands.spawn((
        Text::new(status),
        fonts.text(style::SMALL_TEXT),
        TextColor(style::PANEL_TEXT),
        ChildOf(bar),
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
            ChildOf(bar),
        ))
        .id();
    if let Some(id) = &selected {
        for (text, command) in [
            (
                UiText::RotateLeft,
                EditCommand::Rotate {
                    id: id.clone(),
                    quarter_turns: 1,
                },
            ),
            (
                UiText::RotateRight,
                EditCommand::Rotate {
                    id: id.clone(),
                    quarter_turns: -1,
                },
            ),
            (UiText::Delete, EditCommand::Delete { id: id.clone() }),
        ] {
            commands.spawn((
                button(&fonts, text.get(lang), UiAction::Edit(command), false),
                ChildOf(row),
            ));
        }
    }
    commands.spawn((
        button(
            &fonts,
            UiText::AddFixture.get(lang),
            UiAction::TogglePalette,
            false,
        ),
        ChildOf(row),
    ));
    for (text, command, enabled) in [
        (UiText::Undo, EditCommand::Undo, undo),
        (UiText::Redo, EditCommand::Redo, redo),
        (
            UiText::Save,
            EditCommand::Save,
            unsaved && problems.is_empty(),
        ),
    ] {
        let mut widget = commands.spawn((
            button(&fonts, text.get(lang), UiAction::Edit(command), false),
            ChildOf(row),
        ));
        if !enabled {
            // Shown, so the bar does not jump, but dimmed and inert.
            widget.insert((
                Interaction::None,
                BackgroundColor(style::BUTTON_DISABLED_BG),
            ));
            widget.remove::<UiAction>();
        }
    }
    // The desktop's file dialogs; the browser opens a folder with the page's input (Save
    // is its Save as: a download).
    #[cfg(not(target_arch = "wasm32"))]
    let file_buttons = [
        (UiText::SaveAs, EditCommand::SaveAs),
        (UiText::Open, EditCommand::Open),
    ];
    #[cfg(target_arch = "wasm32")]
    let file_buttons = [(UiText::Open, EditCommand::Open)];
    for (text, command) in file_buttons {
        commands.spawn((
            button(&fonts, text.get(lang), UiAction::Edit(command), false),
            ChildOf(row),
        ));
    }
    for problem in problems.iter().take(SHOWN_PROBLEMS) {
        commands.spawn((
            Text::new(problem.clone()),
            fonts.text(style::SMALL_TEXT),
            TextColor(Color::srgb(1.0, 0.6, 0.6)),
            ChildOf(bar),
        ));
    }
    if problems.len() > SHOWN_PROBLEMS {
        commands.spawn((
            Text::new(format!("… +{}", problems.len() - SHOWN_PROBLEMS)),
            fonts.text(style::SMALL_TEXT),
            TextColor(Color::srgb(1.0, 0.6, 0.6)),
            ChildOf(bar),
        ));
    }
}
