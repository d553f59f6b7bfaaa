//! Compliance overlays in the 3D view.
//!
//! - A numbered marker per checkpoint, coloured by result, drawn as a UI disc that is
//!   projected from its 3D anchor every frame: always facing the viewer, never inside a
//!   model. Walking, only the markers that help where the visitor stands show (see
//!   [`anchors`]); the rest stay in the checklist.
//! - Tapping a marker, or a fixture, asks to focus its checkpoint ([`FocusCheckpoint`]);
//!   the `focus` plugin decides what follows.
//! - The focused checkpoint's evidence: retained gizmo lines (dimension lines, outlines,
//!   routes) drawn over the geometry, with labels such as "0.82 m < 0.90 m".
//! - The focused checkpoint's fixtures wear an x-ray highlight (`shaders/highlight.wgsl`).
//! - Zone labels on the floor with their area; placeholders for failed models are labelled.

pub mod anchors;
pub mod highlight;

use crate::i18n::Language;
use crate::shared::{
    ActiveVenue, AppSet, Focus, FocusCheckpoint, FocusSource, MarkerStatus, entity_points,
    marker_status, venue_bounds,
};
use crate::spawn::{FixtureRef, ModelFailed, VenueMaterials};
use crate::tour::TourState;
use crate::ui::content;
use crate::ui::style::{self, UiFonts};
use anchors::WorldAnchor;
use bevy::prelude::*;
use highlight::HighlightMaterial;
use venue_core::report::{Comparison, Evidence, RuleResult, Unit};
use venue_core::{Lang, Status};

/// Diameter of a checkpoint marker (logical px): a comfortable touch target.
pub const MARKER_SIZE: f32 = 52.0;
/// Markers float this far above their evidence (m).
const MARKER_LIFT: f32 = 0.45;
/// Markers closer than this on the plan are spread apart (m).
const MARKER_SPREAD: f32 = 0.45;
/// Width of evidence lines (px).
const EVIDENCE_LINE_WIDTH: f32 = 5.0;
/// Margin of the highlight shell around a fixture (m).
const HIGHLIGHT_MARGIN: f32 = 0.04;

/// A checkpoint marker.
#[derive(Component, Debug, Clone)]
pub struct Marker {
    pub rule: String,
    /// 1-based number shown on the marker.
    pub number: usize,
    pub status: MarkerStatus,
}

/// Anything drawn for the focused checkpoint, replaced when the focus changes.
#[derive(Component)]
pub struct EvidenceOverlay;

/// A zone's floor label.
#[derive(Component)]
pub struct ZoneLabel {
    pub zone: usize,
}

/// The floating name of an outside feature (cesspit, refuse point…).
#[derive(Component)]
pub struct ExternalLabel;

pub fn plugin(app: &mut App) {
    app.add_plugins(highlight::plugin)
        .add_systems(
            Update,
            (
                rebuild_markers_and_labels,
                label_failed_models,
                rebuild_evidence,
                anchors::position_anchored,
            )
                .chain()
                .in_set(AppSet::Overlay),
        )
        .add_systems(
            Update,
            (make_fixtures_tappable, marker_clicks).in_set(AppSet::Input),
        );
}

/// Where a result's marker stands: above the centre of its evidence inside the venue (or
/// of its entities), never outside the venue's bounds.
pub fn marker_anchor(data: &crate::venue_asset::VenueData, result: &RuleResult) -> Vec3 {
    let (min, max) = venue_bounds(data);
    let inside = |p: &Vec3| {
        p.x >= min.x - 0.5 && p.x <= max.x + 0.5 && p.z >= min.y - 0.5 && p.z <= max.y + 0.5
    };
    let mut points: Vec<Vec3> = result
        .evidence
        .iter()
        .flat_map(|e| e.points())
        .map(|(x, y, z)| Vec3::new(x as f32, y as f32, z as f32))
        .filter(|p| p.is_finite() && inside(p))
        .collect();
    if points.is_empty() {
        points = entity_points(data, &result.entities)
            .into_iter()
            .filter(inside)
            .collect();
    }
    if points.is_empty() {
        let c = (min + max) / 2.0;
        return Vec3::new(c.x, 2.5, c.y);
    }
    let n = points.len() as f32;
    let mean = points.iter().copied().sum::<Vec3>() / n;
    let top = points.iter().map(|p| p.y).fold(0.0f32, f32::max);
    Vec3::new(mean.x, (top + MARKER_LIFT).clamp(1.0, 3.0), mean.z)
}

/// Every result's marker anchor, in the report's order, spread apart where they crowd:
/// where the screen's markers and the headset's pins stand.
pub fn result_anchors(data: &crate::venue_asset::VenueData) -> Vec<Vec3> {
    let mut anchors: Vec<Vec3> = data
        .report
        .results
        .iter()
        .map(|r| marker_anchor(data, r))
        .collect();
    spread_anchors(&mut anchors);
    anchors
}

/// Moves anchors that would sit on top of each other apart, around a small circle, so
/// every marker stays tappable. Deterministic: later markers move, earlier ones stay.
pub fn spread_anchors(anchors: &mut [Vec3]) {
    for i in 1..anchors.len() {
        let mut k = 0;
        while k < 12
            && anchors[..i]
                .iter()
                .any(|a| a.xz().distance(anchors[i].xz()) < MARKER_SPREAD)
        {
            let angle = k as f32 * std::f32::consts::TAU / 6.0;
            anchors[i] += Vec3::new(angle.cos(), 0.0, angle.sin()) * MARKER_SPREAD;
            k += 1;
        }
    }
}

/// "0.82 m < 0.90 m": the measured value, the relation that actually holds, and the
/// required value.
pub fn measure_text(result: &RuleResult) -> Option<String> {
    let (m, r) = (result.measured?, result.required?);
    let unit = result.unit.suffix();
    let digits = match result.unit {
        Unit::Count | Unit::Bool => 0,
        _ => 2,
    };
    let holds = match result.comparison {
        Some(Comparison::AtLeast) => {
            if m >= r {
                "≥"
            } else {
                "<"
            }
        }
        Some(Comparison::AtMost) => {
            if m <= r {
                "≤"
            } else {
                ">"
            }
        }
        Some(Comparison::Equal) => {
            if (m - r).abs() < 1e-9 {
                "="
            } else {
                "≠"
            }
        }
        None => "/",
    };
    Some(format!("{m:.digits$}{unit} {holds} {r:.digits$}{unit}"))
}

fn rebuild_markers_and_labels(
    mut commands: Commands,
    active: Option<Res<ActiveVenue>>,
    language: Res<Language>,
    tour: Res<TourState>,
    fonts: UiFonts,
    existing: Query<Entity, Or<(With<Marker>, With<ZoneLabel>, With<ExternalLabel>)>>,
    mut built: Local<Option<(u32, Lang, Vec<String>)>>,
) {
    let Some(active) = active else { return };
    // Only look closer when an input changed: no per-frame allocation.
    if built.is_some() && !active.is_changed() && !language.is_changed() && !tour.is_changed() {
        return;
    }
    let key = (active.generation, language.0, tour.stops.clone());
    if built.as_ref() == Some(&key) {
        return;
    }
    *built = Some(key);
    for entity in &existing {
        commands.entity(entity).despawn();
    }
    let data = &active.data;
    let lang = language.0;

    let anchors = result_anchors(data);
    // Numbered in tour order where the rule is a stop, else after the stops: the core's
    // numbering, which the printed report uses too.
    let stops: Vec<&str> = tour.stops.iter().map(String::as_str).collect();
    let numbers = venue_core::print::checkpoint_numbers(&data.report, &stops);
    for ((result, anchor), number) in data.report.results.iter().zip(anchors).zip(numbers) {
        let status = marker_status(result);
        commands
            .spawn((
                Name::new(format!("Marker {}", result.id)),
                Marker {
                    rule: result.id.clone(),
                    number,
                    status,
                },
                WorldAnchor {
                    at: anchor,
                    center: true,
                },
                Button,
                Node {
                    position_type: PositionType::Absolute,
                    width: px(MARKER_SIZE),
                    height: px(MARKER_SIZE),
                    // Round discs; safe here because the size is fixed (a radius on a node
                    // that layout squeezes below zero panics in bevy_ui 0.19).
                    border_radius: BorderRadius::MAX,
                    justify_content: JustifyContent::Center,
                    align_items: AlignItems::Center,
                    border: UiRect::all(px(3)),
                    ..default()
                },
                BackgroundColor(style::marker_fill(status)),
                BorderColor::all(Color::WHITE),
                GlobalZIndex(style::Z_MARKERS),
                Visibility::Hidden,
            ))
            .with_child((
                Text::new(number.to_string()),
                fonts.text(style::MARKER_TEXT),
                TextColor(style::marker_text(status)),
            ));
    }

    for (index, zone) in data.venue.zones.iter().enumerate() {
        let area = data.plan.zones.get(index).map_or(0.0, |z| z.area);
        let c = centroid(&zone.polygon);
        commands.spawn((
            Name::new(format!("Zone label {}", zone.id)),
            ZoneLabel { zone: index },
            anchored_label(
                Vec3::new(c.x, 0.05, c.y),
                format!("{} {:.1} m²", zone.display_name().get(lang), area),
                (style::LABEL_BG, Color::WHITE),
                &fonts,
            ),
        ));
    }

    for feature in &data.venue.external {
        let name = feature
            .name
            .as_ref()
            .map_or(feature.id.as_str(), |n| n.get(lang));
        let at = Vec3::new(
            feature.position.0 as f32,
            EXTERNAL_LABEL_HEIGHT,
            feature.position.1 as f32,
        );
        commands.spawn((
            Name::new(format!("External label {}", feature.id)),
            ExternalLabel,
            anchored_label(
                at,
                name.to_string(),
                (style::LABEL_BG, Color::WHITE),
                &fonts,
            ),
        ));
    }
}

/// A small text label pinned to a point in the world (zones, outside features, missing
/// models), hidden until the anchor system places it; `colors` = (background, text).
fn anchored_label(at: Vec3, text: String, colors: (Color, Color), fonts: &UiFonts) -> impl Bundle {
    (
        WorldAnchor { at, center: true },
        Node {
            position_type: PositionType::Absolute,
            padding: UiRect::axes(px(8), px(2)),
            ..default()
        },
        BackgroundColor(colors.0),
        GlobalZIndex(style::Z_LABELS),
        Visibility::Hidden,
        children![(
            Text::new(text),
            fonts.text(style::LABEL_TEXT),
            TextColor(colors.1),
        )],
    )
}

/// Height of an outside feature's label above the ground, metres (above its post).
const EXTERNAL_LABEL_HEIGHT: f32 = 1.2;

fn centroid(points: &[(f64, f64)]) -> Vec2 {
    if points.is_empty() {
        return Vec2::ZERO;
    }
    let sum = points.iter().fold(Vec2::ZERO, |acc, &(x, z)| {
        acc + Vec2::new(x as f32, z as f32)
    });
    sum / points.len() as f32
}

fn label_failed_models(
    mut commands: Commands,
    failed: Query<(&FixtureRef, &Transform), Added<ModelFailed>>,
    fonts: UiFonts,
) {
    // The local transform: the venue root sits at the origin, and a fixture marked as it
    // is spawned has no propagated global transform yet.
    for (fixture, transform) in &failed {
        commands.spawn((
            Name::new(format!("Missing model {}", fixture.id)),
            anchored_label(
                transform.translation + Vec3::Y * 1.0,
                format!("⚠ {}", fixture.id),
                (style::WARNING_BG, Color::BLACK),
                &fonts,
            ),
        ));
    }
}

/// Redraws the focused checkpoint's evidence, labels and highlights when the focus, the
/// venue or the language changes.
fn rebuild_evidence(
    mut commands: Commands,
    active: Option<Res<ActiveVenue>>,
    focus: Res<Focus>,
    language: Res<Language>,
    fonts: UiFonts,
    existing: Query<Entity, With<EvidenceOverlay>>,
    fixtures: Query<(Entity, &FixtureRef)>,
    mut gizmo_assets: ResMut<Assets<GizmoAsset>>,
    mut highlight_materials: ResMut<Assets<HighlightMaterial>>,
    shared: Option<Res<VenueMaterials>>,
    mut built: Local<Option<(u32, Option<String>, Lang)>>,
) {
    let Some(active) = active else { return };
    if built.is_some() && !active.is_changed() && !focus.is_changed() && !language.is_changed() {
        return;
    }
    let key = (active.generation, focus.0.clone(), language.0);
    if built.as_ref() == Some(&key) {
        return;
    }
    *built = Some(key);
    for entity in &existing {
        commands.entity(entity).despawn();
    }
    let data = &active.data;
    let Some(result) = focus
        .0
        .as_ref()
        .and_then(|id| data.report.results.iter().find(|r| &r.id == id))
    else {
        return;
    };
    let status = marker_status(result);
    let color = style::marker_fill(status);
    let v = |(x, y, z): (f64, f64, f64)| Vec3::new(x as f32, y as f32 + 0.02, z as f32);

    let mut gizmo = GizmoAsset::new();
    let mut labelled_measure = false;
    for evidence in &result.evidence {
        let label_at;
        let mut text =
            content::evidence_label(evidence.label(), &data.venue, &data.catalogue, language.0);
        match evidence {
            Evidence::Point { at, .. } => {
                let p = v(*at);
                gizmo.sphere(Isometry3d::from_translation(p), 0.12, color);
                gizmo.line(p, Vec3::new(p.x, 0.0, p.z), color);
                label_at = p + Vec3::Y * 0.25;
                if !labelled_measure && let Some(m) = measure_text(result) {
                    text = if text.is_empty() {
                        m
                    } else {
                        format!("{text}  {m}")
                    };
                    labelled_measure = true;
                }
            }
            Evidence::Segment { from, to, .. } => {
                let (a, b) = (v(*from), v(*to));
                gizmo.line(a, b, color);
                // End ticks make it read as a dimension line.
                let dir = (b - a).normalize_or_zero();
                let tick = if dir.y.abs() > 0.9 { Vec3::X } else { Vec3::Y } * 0.12;
                gizmo.line(a - tick, a + tick, color);
                gizmo.line(b - tick, b + tick, color);
                label_at = (a + b) / 2.0;
                if !labelled_measure && let Some(m) = measure_text(result) {
                    text = m;
                    labelled_measure = true;
                }
            }
            Evidence::Polygon { points, .. } => {
                let pts: Vec<Vec3> = points.iter().map(|p| v(*p)).collect();
                if let Some(first) = pts.first() {
                    gizmo.linestrip(pts.iter().copied().chain([*first]), color);
                }
                label_at = pts.iter().copied().sum::<Vec3>() / pts.len().max(1) as f32;
            }
            Evidence::Polyline { points, .. } => {
                let pts: Vec<Vec3> = points.iter().map(|p| v(*p)).collect();
                gizmo.linestrip(pts.iter().copied(), color);
                label_at = pts.get(pts.len() / 2).copied().unwrap_or_default();
            }
        }
        if !text.is_empty() {
            commands.spawn((
                EvidenceOverlay,
                WorldAnchor {
                    at: label_at,
                    center: true,
                },
                Node {
                    position_type: PositionType::Absolute,
                    padding: UiRect::axes(px(8), px(3)),
                    ..default()
                },
                BackgroundColor(style::EVIDENCE_LABEL_BG),
                GlobalZIndex(style::Z_EVIDENCE),
                Visibility::Hidden,
                children![(
                    Text::new(text),
                    fonts.text(style::LABEL_TEXT),
                    TextColor(Color::WHITE),
                )],
            ));
        }
    }
    commands.spawn((
        EvidenceOverlay,
        Name::new(format!("Evidence {}", result.id)),
        Gizmo {
            handle: gizmo_assets.add(gizmo),
            line_config: GizmoLineConfig {
                width: EVIDENCE_LINE_WIDTH,
                ..default()
            },
            // Always in front: evidence must never hide inside a model.
            depth_bias: -1.0,
        },
    ));

    // X-ray shells on the fixtures the checkpoint is about.
    let Some(shared) = shared else { return };
    let material = highlight_materials.add(HighlightMaterial {
        color: LinearRgba::from(color).with_alpha(0.9),
    });
    for (entity, fixture) in &fixtures {
        if !result.entities.contains(&fixture.id) {
            continue;
        }
        let Some(placed) = data.plan.fixtures.iter().find(|p| p.index == fixture.index) else {
            continue;
        };
        // The shell lives in the fixture's space, whose scale maps catalogue size to
        // placed size; undo that so the margin is in metres.
        let native = data
            .catalogue
            .fixtures
            .get(&data.venue.fixtures[placed.index].kind)
            .map_or(placed.size, |t| t.size);
        let size = Vec3::new(native.0 as f32, native.2 as f32, native.1 as f32);
        commands.spawn((
            EvidenceOverlay,
            Mesh3d(shared.unit_cube.clone()),
            MeshMaterial3d(material.clone()),
            Transform::from_xyz(0.0, size.y / 2.0, 0.0)
                .with_scale(size + Vec3::splat(2.0 * HIGHLIGHT_MARGIN)),
            bevy::light::NotShadowCaster,
            ChildOf(entity),
        ));
    }
}

/// A tapped marker asks to focus its checkpoint.
pub fn marker_clicks(
    markers: Query<(&Interaction, &Marker), Changed<Interaction>>,
    mut focus: MessageWriter<FocusCheckpoint>,
) {
    for (interaction, marker) in &markers {
        if *interaction == Interaction::Pressed {
            focus.write(FocusCheckpoint::on(
                marker.rule.clone(),
                FocusSource::Marker,
            ));
        }
    }
}

/// Lets every newly spawned fixture be tapped (mesh picking on its model).
fn make_fixtures_tappable(mut commands: Commands, fixtures: Query<Entity, Added<FixtureRef>>) {
    for entity in &fixtures {
        commands.entity(entity).observe(on_fixture_click);
    }
}

/// A tapped fixture asks to focus the checkpoint about it that matters most.
pub fn on_fixture_click(
    click: On<Pointer<Click>>,
    parents: Query<&ChildOf>,
    fixtures: Query<&FixtureRef>,
    active: Option<Res<ActiveVenue>>,
    focus: Res<Focus>,
    edit_mode: Res<crate::edit::EditMode>,
    mut requests: MessageWriter<FocusCheckpoint>,
) {
    // In edit mode a tap selects the fixture (see `edit`) instead.
    if edit_mode.0 {
        return;
    }
    let Some(active) = active else { return };
    let mut entity = click.entity;
    // Walk up from the clicked mesh to its fixture.
    let fixture = loop {
        if let Ok(f) = fixtures.get(entity) {
            break Some(f);
        }
        match parents.get(entity) {
            Ok(parent) => entity = parent.parent(),
            Err(_) => break None,
        }
    };
    let Some(fixture) = fixture else { return };
    if let Some(rule) =
        checkpoint_for_fixture(&active.data.report.results, &fixture.id, focus.0.as_deref())
    {
        requests.write(FocusCheckpoint::on(rule, FocusSource::Fixture));
    }
}

/// The checkpoint a tap on fixture `id` opens: the focused one if it is about this
/// fixture (tapping what the card shows keeps it), else the first failing one about it,
/// else the first about it; none when no rule names the fixture.
pub fn checkpoint_for_fixture<'a>(
    results: &'a [RuleResult],
    id: &str,
    focused: Option<&str>,
) -> Option<&'a str> {
    let mut about = results
        .iter()
        .filter(|r| r.entities.iter().any(|e| e == id));
    let first = about.clone().next()?;
    let focused = about.clone().find(|r| Some(r.id.as_str()) == focused);
    let failing = about.find(|r| r.status == Status::Fail);
    Some(focused.or(failing).unwrap_or(first).id.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_comfortable_touch_targets() {
        const { assert!(MARKER_SIZE >= 48.0) };
    }

    #[test]
    fn a_tapped_fixture_opens_its_failing_checkpoint_or_keeps_the_open_one() {
        let path = crate::manifest_dir().join("scenes/small-eatery-violations");
        let loaded = venue_core::load::load_venue(&path).expect("loads");
        let packs: Vec<_> = loaded.packs.iter().map(|(_, p)| p.clone()).collect();
        let report = venue_core::rules::evaluate(&loaded.venue, &loaded.catalogue, &packs);
        // A fixture that a failing and another rule are about.
        let (id, failing, other) = loaded
            .venue
            .fixtures
            .iter()
            .find_map(|f| {
                let about: Vec<&RuleResult> = report
                    .results
                    .iter()
                    .filter(|r| r.entities.contains(&f.id))
                    .collect();
                let failing = about.iter().find(|r| r.status == Status::Fail)?;
                let other = about.iter().find(|r| r.status != Status::Fail)?;
                Some((f.id.clone(), failing.id.clone(), other.id.clone()))
            })
            .expect("a fixture with a failing and a passing rule");
        let results = &report.results;
        assert_eq!(
            checkpoint_for_fixture(results, &id, None),
            Some(failing.as_str())
        );
        assert_eq!(
            checkpoint_for_fixture(results, &id, Some(&other)),
            Some(other.as_str()),
            "the open card stays"
        );
        assert_eq!(
            checkpoint_for_fixture(results, "no_such_fixture", None),
            None
        );
    }

    #[test]
    fn spread_keeps_markers_apart() {
        let mut a = vec![
            Vec3::ZERO,
            Vec3::ZERO,
            Vec3::new(0.1, 0.0, 0.0),
            Vec3::new(5.0, 0.0, 0.0),
        ];
        spread_anchors(&mut a);
        for i in 0..a.len() {
            for j in 0..i {
                assert!(
                    a[i].xz().distance(a[j].xz()) >= MARKER_SPREAD - 1e-4,
                    "{i} {j}: {a:?}"
                );
            }
        }
        assert_eq!(a[0], Vec3::ZERO, "the first stays");
        assert_eq!(a[3], Vec3::new(5.0, 0.0, 0.0), "far ones stay");
    }
}
