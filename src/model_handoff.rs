//! Model bytes fetched once, on the web: the venue loader fetches every model to decide
//! what of it to show (`venue_asset`), then asks Bevy's glTF loader for it, which read
//! the same file again: each model was downloaded twice (110 requests in the first view,
//! 49 of them repeats). The loader now leaves the bytes it fetched here, and the default
//! asset source's reader ([`ModelHandoff::reader`], a [`BytesFirst`]) hands them to the glTF
//! loader instead of asking the server.
//!
//! Invariants:
//! - A path's bytes are handed over at most once (taken, not copied); a later read of it
//!   goes to the server, as before.
//! - The loader leaves bytes only for a model it is about to load, so an entry lives
//!   from then until the glTF loader reads it; one left over (a model Bevy already had,
//!   so never read again) is replaced when that model is fetched next, so the map holds
//!   at most one entry per model path (the catalogue's 49 models: about 1 MB).
//! - The desktop does not use it: it reads models from disk through the load context,
//!   which also watches them for hot reload.

use bevy::asset::io::{AssetReaderError, ErasedAssetReader, PathStream, Reader, VecReader};
use bevy::prelude::*;
use bevy::tasks::BoxedFuture;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

/// Bytes fetched by the venue loader, by path in the default asset source, waiting for
/// the glTF loader. Cloning shares the same map.
#[derive(Resource, Clone, Default, Debug)]
pub struct ModelHandoff(Arc<Mutex<HashMap<PathBuf, Vec<u8>>>>);

impl ModelHandoff {
    /// Leaves `bytes` for the next read of `path`.
    pub fn leave(&self, path: impl Into<PathBuf>, bytes: Vec<u8>) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(path.into(), bytes);
    }

    /// Takes the bytes left for `path`, if any.
    pub fn take(&self, path: &Path) -> Option<Vec<u8>> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(path)
    }

    /// How many paths have bytes waiting.
    pub fn len(&self) -> usize {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).len()
    }

    /// The default source's reader on the web: the bytes left here, then `inner` (the
    /// server).
    pub fn reader(&self, inner: Box<dyn ErasedAssetReader>) -> BytesFirst {
        let handoff = self.clone();
        BytesFirst {
            first: Box::new(move |path| handoff.take(path)),
            inner,
        }
    }

    /// Whether no bytes are waiting.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Where a [`BytesFirst`] reader looks before the reader it wraps: the bytes of a path,
/// if this source has them.
pub type FirstBytes = Box<dyn Fn(&Path) -> Option<Vec<u8>> + Send + Sync>;

/// An asset source's reader that answers a read from `first` when it has the path's
/// bytes, and otherwise (and for everything but reads) passes through to `inner`. The
/// web's default source uses it with a [`ModelHandoff`] ([`ModelHandoff::reader`]); its
/// `venue://` source with the scene files a visitor opened (`venue_asset::overlay`).
pub struct BytesFirst {
    pub first: FirstBytes,
    pub inner: Box<dyn ErasedAssetReader>,
}

impl ErasedAssetReader for BytesFirst {
    fn read<'a>(
        &'a self,
        path: &'a Path,
    ) -> BoxedFuture<'a, Result<Box<dyn Reader + 'a>, AssetReaderError>> {
        Box::pin(async move {
            match (self.first)(path) {
                Some(bytes) => Ok(Box::new(VecReader::new(bytes)) as Box<dyn Reader>),
                None => self.inner.read(path).await,
            }
        })
    }
    fn read_meta<'a>(
        &'a self,
        path: &'a Path,
    ) -> BoxedFuture<'a, Result<Box<dyn Reader + 'a>, AssetReaderError>> {
        self.inner.read_meta(path)
    }
    fn read_directory<'a>(
        &'a self,
        path: &'a Path,
    ) -> BoxedFuture<'a, Result<Box<PathStream>, AssetReaderError>> {
        self.inner.read_directory(path)
    }
    fn is_directory<'a>(
        &'a self,
        path: &'a Path,
    ) -> BoxedFuture<'a, Result<bool, AssetReaderError>> {
        self.inner.is_directory(path)
    }
    fn read_meta_bytes<'a>(
        &'a self,
        path: &'a Path,
    ) -> BoxedFuture<'a, Result<Vec<u8>, AssetReaderError>> {
        self.inner.read_meta_bytes(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bevy::asset::io::memory::{Dir, MemoryAssetReader};

    fn read_all(reader: &BytesFirst, path: &str) -> Result<Vec<u8>, AssetReaderError> {
        bevy::tasks::block_on(async {
            let mut r = reader.read(Path::new(path)).await?;
            let mut out = Vec::new();
            r.read_to_end(&mut out).await?;
            Ok(out)
        })
    }

    #[test]
    fn left_bytes_are_handed_over_once_then_the_source_answers() {
        let dir = Dir::new(PathBuf::new());
        dir.insert_asset(Path::new("models/stove.glb"), b"from the server".to_vec());
        let handoff = ModelHandoff::default();
        let reader = handoff.reader(Box::new(MemoryAssetReader { root: dir }));
        handoff.leave("models/stove.glb", b"fetched once".to_vec());
        assert_eq!(handoff.len(), 1);
        assert_eq!(
            read_all(&reader, "models/stove.glb").unwrap(),
            b"fetched once"
        );
        assert!(handoff.is_empty(), "taken, not copied");
        assert_eq!(
            read_all(&reader, "models/stove.glb").unwrap(),
            b"from the server"
        );
        // Other paths never see the left bytes; a missing file is still an error.
        handoff.leave("models/sink.glb", b"sink".to_vec());
        assert!(read_all(&reader, "models/none.glb").is_err());
        assert_eq!(handoff.len(), 1);
        // Leaving again replaces: one entry per path at most.
        handoff.leave("models/sink.glb", b"sink again".to_vec());
        assert_eq!(handoff.len(), 1);
        assert_eq!(read_all(&reader, "models/sink.glb").unwrap(), b"sink again");
    }
}
