//! What the headset shows in the world instead of screen panels: a pin per checkpoint
//! (a sphere in its marker's colour, where the screen's marker is anchored) and the open
//! checkpoint's card as a panel floating in front of the visitor, facing them, in both
//! languages, its text sized by [`math::min_font_px`] to stay readable. The evidence is
//! already in the world (the overlays' gizmo lines), so it shows in the headset as it is.
//!
//! The card is UI laid out by Bevy into a texture (its own camera) on a quad. Pins are
//! rebuilt when the venue changes, the card when the focus or the language changes, or
//! when the headset asks for it to be placed again after a teleport ([`PlaceCard`]);
//! nothing is rebuilt per frame.

use super::math;
use crate::i18n::Language;
use crate::overlays::result_anchors;
use crate::shared::{ActiveVenue, AppSet, Focus, marker_status};
use crate::ui::content;
use crate::ui::style::{self, UiFonts};
use bevy::asset::RenderAssetUsages;
use bevy::camera::RenderTarget;
use bevy::prelude::*;
use bevy::render::render_resource::{Extent3d, TextureDimension, TextureFormat, TextureUsages};
use venue_core::Lang;

/// The entity whose `GlobalTransform` is the visitor's eyes: the headset's view, or the
/// main camera when the headset view is previewed on the screen.
#[derive(Component)]
pub struct VrHead;

/// A checkpoint's pin.
#[derive(Component, Debug, Clone)]
pub struct Pin {
    pub rule: String,
}

/// Part of the card panel (its quad, its texture's camera, its UI), despawned together.
#[derive(Component)]
struct CardPart;

/// The card's quad, placed in front of the eyes.
#[derive(Component)]
struct CardQuad;

/// Place the card in front of the eyes again (after a teleport).
#[derive(Message, Debug, Clone, Copy, Default)]
pub struct PlaceCard;

/// Inner margin of the card (px of its texture).
const CARD_PADDING: f32 = 44.0;
/// Space between the card's blocks (px).
const CARD_GAP: f32 = 14.0;

pub fn plugin(app: &mut App) {
    app.add_message::<PlaceCard>().add_systems(
        Update,
        (rebuild_pins, rebuild_card, place_after_flight, place_card)
            .chain()
            .in_set(AppSet::Overlay),
    );
}

/// One pin per checkpoint, where its screen marker is anchored.
fn rebuild_pins(
    mut commands: Commands,
    active: Option<Res<ActiveVenue>>,
    pins: Query<Entity, With<Pin>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut built: Local<Option<u32>>,
) {
    let Some(active) = active else { return };
    if *built == Some(active.generation) {
        return;
    }
    *built = Some(active.generation);
    for entity in &pins {
        commands.entity(entity).despawn();
    }
    let data = &active.data;
    let anchors = result_anchors(data);
    let mesh = meshes.add(Sphere::new(math::MARKER_PIN_RADIUS).mesh().uv(24, 12));
    for (result, anchor) in data.report.results.iter().zip(anchors) {
        let material = materials.add(StandardMaterial {
            base_color: style::marker_fill(marker_status(result)),
            // A signal, not a surface: the same colour whatever the light.
            unlit: true,
            ..default()
        });
        commands.spawn((
            Name::new(format!("Pin {}", result.id)),
            Pin {
                rule: result.id.clone(),
            },
            Mesh3d(mesh.clone()),
            MeshMaterial3d(material),
            Transform::from_translation(anchor),
        ));
    }
}

/// The second language of the card: English under Chinese, Chinese under English.
pub fn second_language(lang: Lang) -> Lang {
    match lang {
        Lang::En => Lang::Zh,
        Lang::Zh | Lang::ZhHant => Lang::En,
    }
}

/// The card of the focused checkpoint, in front of the eyes.
fn rebuild_card(
    mut commands: Commands,
    focus: Res<Focus>,
    language: Res<Language>,
    active: Option<Res<ActiveVenue>>,
    parts: Query<Entity, With<CardPart>>,
    heads: Query<&GlobalTransform, With<VrHead>>,
    fonts: UiFonts,
    mut images: ResMut<Assets<Image>>,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
    mut built: Local<Option<(Option<String>, Lang, Option<u32>)>>,
) {
    let key = (
        focus.0.clone(),
        language.0,
        active.as_ref().map(|a| a.generation),
    );
    if built.as_ref() == Some(&key) {
        return;
    }
    let Ok(head) = heads.single() else { return };
    *built = Some(key);
    for entity in &parts {
        commands.entity(entity).despawn();
    }
    let (Some(rule), Some(active)) = (&focus.0, &active) else {
        return;
    };
    let Some(result) = active.data.report.results.iter().find(|r| &r.id == rule) else {
        return;
    };
    let packs = &active.data.packs;
    let first = language.0;
    let cards = [
        (first, content::card(result, packs, first)),
        (
            second_language(first),
            content::card(result, packs, second_language(first)),
        ),
    ];

    let size = Extent3d {
        width: math::PANEL_TEXTURE_PX,
        height: math::PANEL_TEXTURE_PX,
        ..default()
    };
    let mut image = Image::new_fill(
        size,
        TextureDimension::D2,
        &[0, 0, 0, 0],
        TextureFormat::Bgra8UnormSrgb,
        RenderAssetUsages::default(),
    );
    image.texture_descriptor.usage =
        TextureUsages::TEXTURE_BINDING | TextureUsages::COPY_DST | TextureUsages::RENDER_ATTACHMENT;
    let image = images.add(image);
    let camera = commands
        .spawn((
            CardPart,
            Camera2d,
            Camera {
                // Before the views that show the quad.
                order: -1,
                clear_color: ClearColorConfig::Custom(style::PANEL_BG),
                ..default()
            },
            RenderTarget::Image(image.clone().into()),
        ))
        .id();
    let text_px = |lang: Lang| {
        if lang == Lang::En {
            math::CARD_LATIN_TEXT_PX
        } else {
            math::CARD_TEXT_PX
        }
    };
    commands
        .spawn((
            CardPart,
            UiTargetCamera(camera),
            Node {
                width: percent(100),
                height: percent(100),
                flex_direction: FlexDirection::Column,
                padding: UiRect::all(px(CARD_PADDING)),
                row_gap: px(CARD_GAP),
                ..default()
            },
        ))
        .with_children(|root| {
            for (i, (lang, card)) in cards.iter().enumerate() {
                if i > 0 {
                    // A rule between the two languages.
                    root.spawn((
                        Node {
                            height: px(2.0),
                            margin: UiRect::vertical(px(CARD_GAP)),
                            ..default()
                        },
                        BackgroundColor(style::MUTED_TEXT),
                    ));
                }
                root.spawn((
                    Text::new(card.title.clone()),
                    fonts.bold_in(*lang, math::CARD_TITLE_PX),
                    TextColor(style::PANEL_TEXT),
                ));
                root.spawn((
                    Text::new(format!("{} · {}", card.status_text, card.level_text)),
                    fonts.bold_in(*lang, text_px(*lang)),
                    TextColor(style::marker_fill(card.status)),
                ));
                if let Some(measure) = &card.measure {
                    root.spawn((
                        Text::new(measure.clone()),
                        fonts.text_in(*lang, text_px(*lang)),
                        TextColor(style::PANEL_TEXT),
                    ));
                }
                root.spawn((
                    Text::new(card.finding.clone()),
                    fonts.text_in(*lang, text_px(*lang)),
                    TextColor(style::PANEL_TEXT),
                ));
            }
        });
    let (position, rotation) = math::panel_pose(head.translation(), head.forward().as_vec3());
    commands.spawn((
        CardPart,
        CardQuad,
        Name::new("Card panel"),
        Mesh3d(meshes.add(Rectangle::new(math::PANEL_SIZE, math::PANEL_SIZE))),
        MeshMaterial3d(materials.add(StandardMaterial {
            base_color_texture: Some(image),
            // Lit text would be unreadable in a dark corner.
            unlit: true,
            ..default()
        })),
        Transform::from_translation(position).with_rotation(rotation),
    ));
}

/// Asks for the card to be placed again when the camera's flight to a checkpoint ends
/// (the view on the screen; in the headset the teleport's fade asks too).
fn place_after_flight(
    rigs: Query<&crate::camera::CameraRig>,
    mut flying: Local<bool>,
    mut place: MessageWriter<PlaceCard>,
) {
    let now = rigs.iter().any(|r| r.flight.is_some());
    if *flying && !now {
        place.write(PlaceCard);
    }
    *flying = now;
}

/// Moves the card in front of the eyes where they are now.
fn place_card(
    mut place: MessageReader<PlaceCard>,
    heads: Query<&GlobalTransform, With<VrHead>>,
    mut quads: Query<&mut Transform, With<CardQuad>>,
) {
    if place.read().count() == 0 {
        return;
    }
    let Ok(head) = heads.single() else { return };
    let (position, rotation) = math::panel_pose(head.translation(), head.forward().as_vec3());
    for mut transform in &mut quads {
        *transform = Transform::from_translation(position).with_rotation(rotation);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_card_shows_both_languages() {
        assert_eq!(second_language(Lang::Zh), Lang::En);
        assert_eq!(second_language(Lang::ZhHant), Lang::En);
        assert_eq!(second_language(Lang::En), Lang::Zh);
    }
}
