//! Short lines for the visitor ("自查报告已保存：…"): each [`ShowNotice`] replaces the
//! line at the bottom of the screen, which goes after [`NOTICE_SECONDS`].

use super::style::{self, UiFonts};
use crate::i18n::Language;
use crate::shared::ShowNotice;
use bevy::prelude::*;

/// How long a notice stays (s): long enough to read a file path twice.
pub const NOTICE_SECONDS: f32 = 6.0;

/// The notice on screen and when it goes.
#[derive(Component)]
pub struct Notice {
    pub text: venue_core::Text,
    until: f32,
}

pub fn plugin(app: &mut App) {
    app.add_systems(
        Update,
        (show_notices, expire_notices).in_set(crate::AppSet::Ui),
    );
}

fn show_notices(
    mut commands: Commands,
    mut notices: MessageReader<ShowNotice>,
    shown: Query<Entity, With<Notice>>,
    language: Res<Language>,
    fonts: UiFonts,
    time: Res<Time<Real>>,
) {
    let Some(ShowNotice(text)) = notices.read().last() else {
        return;
    };
    for entity in &shown {
        commands.entity(entity).despawn();
    }
    commands.spawn((
        Name::new("Notice"),
        Notice {
            text: text.clone(),
            until: time.elapsed_secs() + NOTICE_SECONDS,
        },
        Node {
            position_type: PositionType::Absolute,
            bottom: px(24),
            left: percent(20),
            width: percent(60),
            justify_content: JustifyContent::Center,
            padding: UiRect::axes(px(20), px(12)),
            ..default()
        },
        BackgroundColor(style::PANEL_BG),
        GlobalZIndex(style::Z_NOTICE),
        Pickable::IGNORE,
        children![(
            Text::new(text.get(language.0).to_owned()),
            fonts.text(style::BODY_TEXT),
            TextColor(style::PANEL_TEXT),
        )],
    ));
}

fn expire_notices(mut commands: Commands, shown: Query<(Entity, &Notice)>, time: Res<Time<Real>>) {
    for (entity, notice) in &shown {
        if time.elapsed_secs() >= notice.until {
            commands.entity(entity).despawn();
        }
    }
}
