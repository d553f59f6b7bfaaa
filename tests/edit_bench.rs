//! Benchmark (ignored by default): editing the generated 3,000 m², 2,000-fixture venue.
//! A fixture is dragged for 60 frames; the figures are the main thread's time per frame
//! (the edit, moving the fixture, starting the check elsewhere, and bringing the 2,000
//! shown fixtures up to date when a result arrives) and how long after the last move its
//! check is on screen. No renderer: what drawing adds per frame is measured with
//! `venue-guide render LARGE --frames 60 --drag f7` (docs/performance.md).
//!
//! ```sh
//! VENUE_LARGE_OUT=/tmp/large cargo test --release -p venue_core --test check_kinds write_large -- --ignored
//! VENUE_LARGE_DIR=/tmp/large cargo test --release --test edit_bench -- --ignored --nocapture
//! ```

mod common;

use std::time::{Duration, Instant};
use venue_guide::edit::{EditCommand, EditSession};
use venue_guide::shared::ActiveVenue;

/// Frames of the simulated drag.
const DRAG_FRAMES: usize = 60;

#[test]
#[ignore = "benchmark; needs VENUE_LARGE_DIR (see the file's header)"]
fn dragging_in_the_large_venue() {
    let Some(dir) = std::env::var_os("VENUE_LARGE_DIR") else {
        panic!("set VENUE_LARGE_DIR to the folder written by check_kinds' write_large_venue_files");
    };
    let scene = std::path::PathBuf::from(dir);
    let started = Instant::now();
    // With `spawn`, so a result's update of the shown fixtures is in the frame times.
    let mut app = common::edit_app_with(&scene, |app| {
        app.add_plugins(venue_guide::spawn::plugin);
    });
    app.update();
    println!("loaded and checked in {:.0?}", started.elapsed());
    // As in the app: the budget decides (the first check is timed).
    app.world_mut()
        .resource_mut::<EditSession>()
        .same_frame_budget_secs = 0.008;
    let id = "f7".to_owned();
    let mut frames = Vec::with_capacity(DRAG_FRAMES);
    let mut result_frames = Vec::new();
    app.world_mut().write_message(EditCommand::BeginDrag);
    for i in 0..DRAG_FRAMES {
        let x = 3.0 + 0.02 * i as f64;
        app.world_mut().write_message(EditCommand::Move {
            id: id.clone(),
            to: (x, 2.3),
        });
        let generation = app.world().resource::<ActiveVenue>().generation;
        let t = Instant::now();
        app.update();
        let took = t.elapsed();
        frames.push(took);
        if app.world().resource::<ActiveVenue>().generation != generation {
            result_frames.push(took);
        }
    }
    app.world_mut().write_message(EditCommand::EndDrag);
    let last_move = Instant::now();
    app.update();
    while app.world().resource::<EditSession>().checking() {
        app.update();
        std::thread::sleep(Duration::from_millis(1));
        assert!(last_move.elapsed() < Duration::from_secs(30));
    }
    let latency = last_move.elapsed();
    frames.sort();
    let mean = frames.iter().sum::<Duration>() / frames.len() as u32;
    println!(
        "drag frames (main thread): mean {mean:.2?}, median {:.2?}, max {:.2?}; the first check decides: {}",
        frames[frames.len() / 2],
        frames[frames.len() - 1],
        if frames[frames.len() - 1] > Duration::from_millis(8) {
            "in the frame at first"
        } else {
            "off the main thread"
        }
    );
    println!("result on screen {latency:.0?} after the last move");
    if !result_frames.is_empty() {
        let mean = result_frames.iter().sum::<Duration>() / result_frames.len() as u32;
        println!(
            "{} results shown while dragging; frames showing one: mean {mean:.2?}, max {:.2?}",
            result_frames.len(),
            result_frames.iter().max().unwrap()
        );
    }
}
