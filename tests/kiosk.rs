//! The booth (`venue-guide kiosk`): a bad configuration is refused with its diagnostics;
//! a reset leaves the app as a fresh start (resources, entities, visitor state) and the
//! assets as the first reset did; and the soak's short guard, as CI runs it.
//!
//! The reset and soak tests render (software Vulkan in CI). Without an adapter they fail
//! when `CI` is set and are skipped otherwise, like the render tests.

use std::process::Command;
use venue_guide::kiosk::soak::{SoakPlan, SoakReport};

const BIN: &str = env!("CARGO_BIN_EXE_venue-guide");
/// The shortest timings the format allows: a few cycles in a few hundred frames.
const QUICK: &str = "tests/data/kiosk-quick.ron";
/// Booth seconds per frame: a checkpoint of the attract loop every other frame.
const STEP_SECONDS: f64 = 1.5;
/// Frames for a few visitor cycles and resets on the quick configuration (an attract
/// round is about 110 frames, a visitor's session about 40).
const FEW_CYCLES_FRAMES: u32 = 700;

fn root() -> std::path::PathBuf {
    venue_guide::manifest_dir()
}

/// Whether rendering is possible here; panics in CI when it is not.
fn can_render() -> bool {
    match venue_guide::headless::probe_adapter() {
        Ok(_) => true,
        Err(e) => {
            assert!(std::env::var_os("CI").is_none(), "CI must render, but: {e}");
            eprintln!("skipping: {e}");
            false
        }
    }
}

#[test]
fn an_invalid_configuration_refuses_to_start_with_its_diagnostics() {
    let dir = std::env::temp_dir().join(format!("kiosk-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = std::fs::read_to_string(root().join(QUICK)).unwrap();
    let bad = good
        .replace("countdown_seconds: 5", "countdown_seconds: 50")
        .replace("\"retail-pharmacy\"", "\"retail-pharmcy\"")
        .replace("\"../../scenes\"", &format!("{:?}", root().join("scenes")));
    let file = dir.join("booth.ron");
    std::fs::write(&file, &bad).unwrap();
    let output = Command::new(BIN).arg("kiosk").arg(&file).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("error[E0202]"), "{stderr}");
    assert!(
        stderr.contains("did you mean `retail-pharmacy`?"),
        "{stderr}"
    );
    assert!(stderr.contains("error[E0701]"), "{stderr}");
    assert!(stderr.contains("booth.ron:6:"), "file:line:col: {stderr}");
    assert!(stderr.contains("the booth does not start"), "{stderr}");
    assert!(
        !stderr.contains("graphics adapter"),
        "refused before starting anything: {stderr}"
    );

    // `validate` reads booth configurations too, with the same diagnostics.
    let validate = Command::new(BIN)
        .arg("validate")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(validate.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&validate.stderr).contains("error[E0701]"));
    let shipped = Command::new(BIN)
        .arg("validate")
        .arg(root().join("scenes/kiosk.ron"))
        .output()
        .unwrap();
    assert!(
        shipped.status.success(),
        "{}",
        String::from_utf8_lossy(&shipped.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every reset of a soak with a scripted visitor (language, large text, tour, walk,
/// a checkpoint, edit mode; left to the countdown, staying once, the start-screen
/// button, a wrong PIN) ends on a start screen with the fresh start's resources,
/// entity count and visitor state.
#[test]
fn a_reset_leaves_the_app_as_a_fresh_start() {
    if !can_render() {
        return;
    }
    let setup = venue_core::kiosk::load_config(&root().join(QUICK))
        .unwrap_or_else(|e| panic!("{}", e.render(false)));
    let mut app = venue_guide::kiosk_app(
        setup,
        root().join("assets"),
        venue_guide::graphics::GraphicsQuality::Low,
        venue_guide::BoothDisplay::Headless {
            size: bevy::math::UVec2::new(160, 90),
            step: STEP_SECONDS,
            soak: Some(SoakPlan {
                frames: FEW_CYCLES_FRAMES,
                every: 100,
                stats: None,
                check: true,
                shots: None,
            }),
        },
        None,
    );
    app.finish();
    app.cleanup();
    let exit = loop {
        app.update();
        if let Some(exit) = app.should_exit() {
            break exit;
        }
    };
    let report = app.world().resource::<SoakReport>();
    let resets = report.resets_checked;
    assert!(
        resets >= 3,
        "only {resets} resets in {FEW_CYCLES_FRAMES} frames"
    );
    assert_eq!(report.mismatches, Vec::<String>::new());
    assert!(report.cycles >= 3, "{} visitor cycles", report.cycles);
    let fresh = report.fresh.as_ref().expect("the fresh start was recorded");
    assert!(
        fresh.visitor.contains("language Some(Zh)")
            && fresh.visitor.contains("large text Some(false)"),
        "{}",
        fresh.visitor
    );
    assert!(fresh.visitor.contains("tour Some(Off)") && fresh.visitor.contains("edit Some(false)"));
    // The visitor puts the stereo viewer on in some sessions; every reset takes it off.
    assert!(
        fresh.visitor.contains("stereo Some(Off)"),
        "{}",
        fresh.visitor
    );
    assert!(
        fresh.visitor.ends_with("camera Overview"),
        "{}",
        fresh.visitor
    );
    assert!(exit.is_success());
}

/// The soak's short guard, as CI runs it: the binary's headless soak with `--check`
/// writes its record and fails if any reset differs.
#[test]
fn the_soak_guard_passes_and_records_every_interval() {
    if !can_render() {
        return;
    }
    let stats = std::env::temp_dir().join(format!("kiosk-soak-{}.csv", std::process::id()));
    let output = Command::new(BIN)
        .current_dir(root())
        .args([
            "kiosk", QUICK, "--soak", "500", "--every", "100", "--check", "--size", "160x90",
        ])
        .arg("--stats")
        .arg(&stats)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("0 differences from the fresh start"),
        "{stderr}"
    );
    let csv = std::fs::read_to_string(&stats).unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert!(rows[0].starts_with("frame,booth_seconds,screen,resident_kib,entities"));
    assert_eq!(rows.len(), 1 + 5, "{csv}");
    let _ = std::fs::remove_file(&stats);
}

/// On an upright booth screen the start screen is a list: every scene's row, the language
/// buttons and the help lie inside the screen, the rows do not overlap, a finger that
/// swipes over a row chooses nothing, and a tap on a row opens its scene.
#[test]
fn the_upright_start_screen_lists_every_scene_and_a_tap_opens_one() {
    use bevy::picking::events::{Drag, Pointer};
    use bevy::picking::pointer::{Location, PointerButton, PointerId};
    use bevy::prelude::*;
    use venue_core::kiosk::Screen;
    use venue_guide::kiosk::KioskState;
    use venue_guide::ui::layout::ScreenLayout;
    use venue_guide::ui::scroll::TAP_SLOP;

    /// Half an upright 1080×1920 screen: the same arrangement, a quarter of the pixels.
    const UPRIGHT: UVec2 = UVec2::new(540, 960);
    if !can_render() {
        return;
    }
    let (mut app, folders) = booth_on_start_screen(UPRIGHT);
    assert!(folders.len() >= 4, "the shipped booth offers {folders:?}");
    // A finger on a row, as the UI's focus system would report it: headless there is no
    // cursor, and the focus system lets go of any press it did not see.
    #[derive(Resource, Default)]
    struct Finger(Option<(Entity, Interaction)>);
    fn put_finger(mut finger: ResMut<Finger>, mut commands: Commands) {
        if let Some((row, interaction)) = finger.0.take() {
            commands.entity(row).insert(interaction);
        }
    }
    app.init_resource::<Finger>()
        .add_systems(PreUpdate, put_finger.after(bevy::ui::UiSystems::Focus));
    let touch = |app: &mut App, row: Entity, interaction: Interaction| {
        app.world_mut().resource_mut::<Finger>().0 = Some((row, interaction));
        app.update();
    };
    let tile = |world: &mut World, folder: &str| named(world, &format!("Tile {folder}"));
    let world = app.world_mut();
    assert_eq!(*world.resource::<ScreenLayout>(), ScreenLayout::Compact);
    let screen = Rect::new(0.0, 0.0, UPRIGHT.x as f32, UPRIGHT.y as f32);
    let rows: Vec<Rect> = folders
        .iter()
        .map(|folder| {
            let entity = tile(world, folder).expect("a row per scene");
            node_rect(world, entity)
        })
        .collect();
    for (folder, row) in folders.iter().zip(&rows) {
        assert!(
            screen.contains(row.min) && screen.contains(row.max),
            "the row of {folder} is off the screen: {row:?}"
        );
        assert!(
            row.width() > 0.8 * screen.width(),
            "the row of {folder} does not span the screen: {row:?}"
        );
    }
    for pair in rows.windows(2) {
        assert!(pair[0].max.y <= pair[1].min.y, "rows overlap: {pair:?}");
    }
    let languages = booth_language_buttons(world);
    assert_eq!(languages.len(), 3);
    for r in languages {
        assert!(
            screen.contains(r.min) && screen.contains(r.max),
            "a language button is off the screen: {r:?}"
        );
    }

    // A swipe over the second row chooses nothing.
    let chosen = &folders[1];
    let row = tile(app.world_mut(), chosen).unwrap();
    touch(&mut app, row, Interaction::Pressed);
    let swipe = Vec2::new(0.0, -(TAP_SLOP + 30.0));
    let location = Location {
        target: bevy::camera::NormalizedRenderTarget::None {
            width: UPRIGHT.x,
            height: UPRIGHT.y,
        },
        position: rows[1].center(),
    };
    let drag = Drag {
        button: PointerButton::Primary,
        distance: swipe,
        delta: swipe,
    };
    app.world_mut()
        .trigger(Pointer::new(PointerId::Mouse, location, drag, row));
    touch(&mut app, row, Interaction::None);
    for _ in 0..3 {
        app.update();
    }
    let screen_now = |app: &App| {
        app.world()
            .resource::<KioskState>()
            .machine
            .screen()
            .clone()
    };
    assert_eq!(screen_now(&app), Screen::Start, "a swipe is not a choice");

    // A tap opens it.
    touch(&mut app, row, Interaction::Pressed);
    assert_eq!(
        screen_now(&app),
        Screen::Start,
        "a press alone is not a choice"
    );
    touch(&mut app, row, Interaction::Hovered);
    for _ in 0..3 {
        app.update();
    }
    assert_eq!(
        screen_now(&app),
        Screen::Session {
            folder: chosen.clone()
        }
    );
}

/// A tile's title shows the scene's name on one line, on the wide booth screen and in
/// the upright list, with its aside in brackets ("48 平方米", "找找看") on the line
/// under it: the whole title used to break wherever a line ran out, inside "平方米" or
/// before "看）".
#[test]
fn the_start_screens_tiles_show_each_scenes_name_on_one_line() {
    use bevy::prelude::*;
    use venue_guide::i18n::title_and_aside;
    if !can_render() {
        return;
    }
    let index_text = std::fs::read_to_string(root().join("scenes/index.ron")).unwrap();
    let index = venue_core::scene_index::parse_index(&index_text).unwrap();
    // Half the wide 1920×1080 booth and half an upright 1080×1920 one.
    for size in [UVec2::new(960, 540), UVec2::new(540, 960)] {
        let (mut app, folders) = booth_on_start_screen(size);
        let world = app.world_mut();
        for folder in &folders {
            let entry = index
                .scenes
                .iter()
                .find(|entry| &entry.folder == folder)
                .expect("the booth's scenes are in the index");
            let (name, aside) = title_and_aside(&entry.title.zh);
            assert!(aside.is_some(), "{folder}: shipped titles have an aside");
            let tile = named(world, &format!("Tile {folder}")).unwrap();
            let texts = texts_under(world, tile);
            let line_of = |wanted: &dyn Fn(&str) -> bool| {
                texts
                    .iter()
                    .find(|(text, _)| wanted(text))
                    .map(|(_, rect)| *rect)
                    .unwrap_or_else(|| panic!("{folder} at {size}: not on its tile: {texts:?}"))
            };
            let name_rect = line_of(&|text| text == name);
            let under = line_of(&|text| text.starts_with(aside.unwrap()));
            // One line of the name's (larger) size is well under two of the line below.
            assert!(
                name_rect.height() < 1.8 * under.height(),
                "{folder} at {size}: the name takes more than one line: {name_rect:?}, the line under it {under:?}"
            );
            assert!(
                name_rect.max.y <= under.min.y + 1.0,
                "{folder} at {size}: the aside is not under the name"
            );
        }
    }
}

/// On an upright booth the attract tour's checkpoint text is in the sheet under the view:
/// the "touch to start" banner stays over the view, above the sheet (it sat at the
/// screen's foot and covered the text the tour was showing).
#[test]
fn the_attract_banner_leaves_the_upright_sheet_readable() {
    use bevy::prelude::*;
    use venue_guide::ui::BottomSheet;
    if !can_render() {
        return;
    }
    let (mut app, _) = shipped_booth(UVec2::new(540, 960));
    let laid_out = |world: &mut World, entity: Option<Entity>| {
        entity
            .map(|e| node_rect(world, e))
            .filter(|r| r.height() > 0.0)
    };
    let mut settled_frames = 0;
    for _ in 0..600 {
        app.update();
        let world = app.world_mut();
        let sheet = world
            .query_filtered::<Entity, With<BottomSheet>>()
            .iter(world)
            .next();
        let banner = named(world, "Booth: attract banner");
        let (Some(sheet), Some(banner)) = (laid_out(world, sheet), laid_out(world, banner)) else {
            continue;
        };
        // The banner follows the panels' insets a frame after they are laid out.
        settled_frames += 1;
        if settled_frames < 5 {
            continue;
        }
        assert!(
            banner.max.y <= sheet.min.y,
            "the banner {banner:?} covers the sheet {sheet:?}"
        );
        assert!(
            banner.min.y > 0.0,
            "the banner {banner:?} is pushed off the screen"
        );
        return;
    }
    panic!("the attract screen's banner and the sheet were never both laid out");
}

/// The texts in `root`'s subtree with their rectangles.
fn texts_under(
    world: &mut bevy::prelude::World,
    root: bevy::prelude::Entity,
) -> Vec<(String, bevy::math::Rect)> {
    use bevy::prelude::*;
    let mut found = Vec::new();
    let mut stack = vec![root];
    while let Some(entity) = stack.pop() {
        if let Some(text) = world.get::<Text>(entity) {
            let text = text.0.clone();
            found.push((text, node_rect(world, entity)));
        }
        if let Some(children) = world.get::<Children>(entity) {
            stack.extend(children.iter());
        }
    }
    found
}

/// The shipped booth headless at `size`, its start screen opened (by a touch on the
/// attract loop) and laid out, and the scene folders of its tiles. A tenth of a second
/// a frame: past the start screen's guard against the touch that opened it, and far
/// from any timeout while a test looks.
fn booth_on_start_screen(size: bevy::math::UVec2) -> (bevy::app::App, Vec<String>) {
    use venue_core::kiosk::Input;
    use venue_guide::kiosk::KioskInput;
    let (mut app, folders) = shipped_booth(size);
    app.update();
    app.world_mut().write_message(KioskInput(Input::Touch));
    let last = format!("Tile {}", folders.last().expect("the booth offers scenes"));
    for _ in 0..60 {
        app.update();
        let world = app.world_mut();
        if let Some(tile) = named(world, &last)
            && node_rect(world, tile).height() > 0.0
        {
            return (app, folders);
        }
    }
    panic!("the start screen's tiles were never laid out");
}

/// The shipped booth (scenes/kiosk.ron) headless at `size`, ready to update, and its scene
/// folders. A tenth of a second a frame.
fn shipped_booth(size: bevy::math::UVec2) -> (bevy::app::App, Vec<String>) {
    let setup = venue_core::kiosk::load_config(&root().join("scenes/kiosk.ron"))
        .unwrap_or_else(|e| panic!("{}", e.render(false)));
    let folders: Vec<String> = setup.scenes.iter().map(|s| s.folder.clone()).collect();
    let mut app = venue_guide::kiosk_app(
        setup,
        root().join("assets"),
        venue_guide::graphics::GraphicsQuality::Low,
        venue_guide::BoothDisplay::Headless {
            size,
            step: 0.1,
            soak: None,
        },
        None,
    );
    app.finish();
    app.cleanup();
    (app, folders)
}

/// The rectangles of the booth screen's own language buttons (the panels under it have
/// theirs).
fn booth_language_buttons(world: &mut bevy::prelude::World) -> Vec<bevy::math::Rect> {
    use bevy::prelude::*;
    use venue_guide::ui::UiAction;
    let buttons: Vec<Entity> = world
        .query::<(Entity, &UiAction)>()
        .iter(world)
        .filter(|(_, action)| matches!(action, UiAction::SetLanguage(_)))
        .map(|(e, _)| e)
        .collect();
    let mut rects = Vec::new();
    for button in buttons {
        if on_booth_screen(world, button) {
            rects.push(node_rect(world, button));
        }
    }
    rects
}

/// The node named `name`, if there is one.
fn named(world: &mut bevy::prelude::World, name: &str) -> Option<bevy::prelude::Entity> {
    use bevy::prelude::*;
    world
        .query::<(Entity, &Name)>()
        .iter(world)
        .find(|(_, n)| n.as_str() == name)
        .map(|(e, _)| e)
}

/// Whether `entity` is part of the booth's own screen (not the panels under it).
fn on_booth_screen(world: &mut bevy::prelude::World, entity: bevy::prelude::Entity) -> bool {
    use bevy::prelude::*;
    use venue_guide::kiosk::screens::BoothScreen;
    let mut at = entity;
    loop {
        if world.get::<BoothScreen>(at).is_some() {
            return true;
        }
        match world.get::<ChildOf>(at) {
            Some(parent) => at = parent.parent(),
            None => return false,
        }
    }
}

/// A UI node's rectangle on the target (physical px).
fn node_rect(world: &mut bevy::prelude::World, entity: bevy::prelude::Entity) -> bevy::math::Rect {
    use bevy::ui::{ComputedNode, UiGlobalTransform};
    let (node, transform) = world
        .query::<(&ComputedNode, &UiGlobalTransform)>()
        .get(world, entity)
        .unwrap();
    bevy::math::Rect::from_center_size(transform.translation, node.size())
}

/// On the wide booth screen in large text the scenes no longer fit: they scroll in a
/// list between the header and the help, instead of running over both (two rows of
/// tiles covered the title, the language buttons and the help before); the first row
/// starts at the list's top, in reach.
#[test]
fn the_start_screen_in_large_text_scrolls_its_tiles_between_header_and_help() {
    use bevy::prelude::*;
    use venue_guide::ui::LargeText;
    use venue_guide::ui::layout::ScreenLayout;

    /// Half the booth's 1920×1080 screen.
    const WIDE: UVec2 = UVec2::new(960, 540);
    if !can_render() {
        return;
    }
    let (mut app, folders) = booth_on_start_screen(WIDE);
    let first = format!("Tile {}", folders[0]);
    let first_tile_width = |app: &mut App| {
        let world = app.world_mut();
        named(world, &first).map_or(0.0, |tile| node_rect(world, tile).width())
    };
    // The start screen at normal size first (entering it resets the visitor's text
    // size), then the visitor asks for large text.
    let width = first_tile_width(&mut app);
    for _ in 0..5 {
        app.update();
    }
    app.world_mut().resource_mut::<LargeText>().0 = true;
    let mut laid_out = false;
    for _ in 0..60 {
        app.update();
        if first_tile_width(&mut app) > width * 1.1 {
            laid_out = true;
            break;
        }
    }
    assert!(laid_out, "large text did not enlarge the tiles");
    for _ in 0..5 {
        app.update();
    }
    let world = app.world_mut();
    assert_eq!(*world.resource::<ScreenLayout>(), ScreenLayout::Wide);
    let list = named(world, "Booth: scene list").expect("the scene list");
    let list_rect = node_rect(world, list);
    // Above the list: the start screen's language buttons.
    let languages = booth_language_buttons(world);
    assert_eq!(languages.len(), 3);
    let header_bottom = languages.iter().map(|r| r.max.y).fold(0.0, f32::max);
    assert!(
        list_rect.min.y >= header_bottom - 1.0,
        "the list {list_rect:?} starts above the header's bottom {header_bottom}"
    );
    assert!(
        list_rect.max.y <= WIDE.y as f32,
        "the list runs off the screen: {list_rect:?}"
    );
    let tiles: Vec<Rect> = folders
        .iter()
        .map(|folder| {
            let tile = named(world, &format!("Tile {folder}")).unwrap();
            node_rect(world, tile)
        })
        .collect();
    let top = tiles.iter().map(|r| r.min.y).fold(f32::MAX, f32::min);
    let bottom = tiles.iter().map(|r| r.max.y).fold(0.0, f32::max);
    assert!(
        top >= list_rect.min.y - 1.0,
        "the first row {top} is above the list's top {list_rect:?}: out of reach"
    );
    assert!(
        bottom > list_rect.max.y,
        "in large text the shipped booth's tiles are expected not to fit ({bottom} within {list_rect:?}); this test then no longer tests scrolling"
    );
}
