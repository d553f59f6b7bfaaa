//! The scenes on offer: `index.ron` beside the scene folders (see
//! [`venue_core::scene_index`]), read once through the `venue://` source, so the
//! desktop app and the web page list the same scenes (a browser cannot list a folder).
//!
//! [`SceneList`] is written only here; the scene picker in `ui` reads it and asks for a
//! scene with [`crate::shared::OpenScene`]. A scene opened from a folder without an
//! index simply has nothing to pick from: the list stays empty and the picker shows only
//! the scene on screen.

use crate::venue_asset::{VENUE_SOURCE, read_source_bytes};
use bevy::asset::io::AssetSourceId;
use bevy::prelude::*;
use bevy::tasks::{IoTaskPool, Task, block_on, futures_lite::future};
use std::path::Path;
use venue_core::scene_index::{INDEX_FILE, SceneEntry, parse_index};

/// The scenes of the index, in its order; empty until it is read, or without one.
#[derive(Resource, Debug, Default, Clone)]
pub struct SceneList {
    pub entries: Vec<SceneEntry>,
}

/// The index being read.
#[derive(Resource)]
struct IndexRead(Task<Result<Vec<SceneEntry>, String>>);

pub fn plugin(app: &mut App) {
    app.init_resource::<SceneList>()
        .add_systems(Startup, read_index)
        .add_systems(Update, receive_index.in_set(crate::AppSet::Input));
}

fn read_index(server: Res<AssetServer>, mut commands: Commands) {
    let server = server.clone();
    let task = IoTaskPool::get().spawn(async move {
        let bytes = read_source_bytes(
            &server,
            AssetSourceId::Name(VENUE_SOURCE.into()),
            Path::new(INDEX_FILE),
        )
        .await?;
        let text = String::from_utf8(bytes).map_err(|e| e.to_string())?;
        parse_index(&text)
            .map(|index| index.scenes)
            .map_err(|e| e.to_string())
    });
    commands.insert_resource(IndexRead(task));
}

fn receive_index(
    mut commands: Commands,
    task: Option<ResMut<IndexRead>>,
    mut list: ResMut<SceneList>,
) {
    let Some(mut task) = task else {
        return;
    };
    let Some(result) = block_on(future::poll_once(&mut task.0)) else {
        return;
    };
    commands.remove_resource::<IndexRead>();
    match result {
        Ok(entries) => list.entries = entries,
        // Not an error for the visitor: a scene folder of one's own has no index.
        Err(e) => info!("no scene index beside the scene ({e}); nothing to pick from"),
    }
}
