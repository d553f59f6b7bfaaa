//! A bare Bevy app for web/size-report.sh: a lit cube on a floor, a UI text, mesh
//! picking, the default font absent as in the app. Tells its page of the first frame
//! as venue-guide does, so the two can be timed alike.

use bevy::prelude::*;
use wasm_bindgen::prelude::*;

fn main() {
    App::new()
        .add_plugins(DefaultPlugins.set(WindowPlugin {
            primary_window: Some(Window {
                fit_canvas_to_parent: true,
                ..default()
            }),
            ..default()
        }))
        .add_plugins(MeshPickingPlugin)
        .add_systems(Startup, setup)
        .add_systems(Update, (spin, first_frame))
        .run();
}

fn setup(
    mut commands: Commands,
    mut meshes: ResMut<Assets<Mesh>>,
    mut materials: ResMut<Assets<StandardMaterial>>,
) {
    commands.spawn((
        Mesh3d(meshes.add(Plane3d::default().mesh().size(8.0, 8.0))),
        MeshMaterial3d(materials.add(Color::srgb(0.8, 0.8, 0.75))),
    ));
    commands
        .spawn((
            Mesh3d(meshes.add(Cuboid::new(1.0, 1.0, 1.0))),
            MeshMaterial3d(materials.add(Color::srgb(0.2, 0.4, 0.8))),
            Transform::from_xyz(0.0, 0.5, 0.0),
        ))
        .observe(|_: On<Pointer<Click>>| info!("clicked"));
    commands.spawn((
        DirectionalLight {
            shadow_maps_enabled: true,
            ..default()
        },
        Transform::from_xyz(4.0, 8.0, 4.0).looking_at(Vec3::ZERO, Vec3::Y),
    ));
    commands.spawn((
        Camera3d::default(),
        bevy::core_pipeline::tonemapping::Tonemapping::SomewhatBoringDisplayTransform,
        Transform::from_xyz(-3.0, 3.0, 6.0).looking_at(Vec3::ZERO, Vec3::Y),
    ));
    commands.spawn((
        Node {
            position_type: PositionType::Absolute,
            top: px(12),
            left: px(12),
            ..default()
        },
        Text::new("bare Bevy"),
    ));
}

fn spin(time: Res<Time>, mut cubes: Query<&mut Transform, With<Mesh3d>>) {
    for mut t in &mut cubes {
        if t.translation.y > 0.0 {
            t.rotate_y(time.delta_secs());
        }
    }
}

fn first_frame(mut frames: Local<u32>) {
    *frames += 1;
    if *frames == 3 {
        let callback = web_sys::window()
            .and_then(|w| js_sys::Reflect::get(&w, &JsValue::from_str("venueGuideFirstFrame")).ok())
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let Some(callback) = callback {
            let _ = callback.call0(&JsValue::NULL);
        }
    }
}
