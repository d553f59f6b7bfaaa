//! Writing a file so that a crash (power cut, SIGKILL) at any moment leaves either the
//! old content or the new, whole: the text goes to a temporary file in the same folder
//! (so the final rename never crosses file systems), is flushed to disk, the previous
//! version is kept beside it as `<name>.bak` (copied the same way), and the temporary
//! file is renamed over the target, which POSIX makes atomic. The folder is flushed
//! last so the rename itself survives a power cut.
//!
//! Invariant: the target path always names a complete file (the old or the new one).
//! A writer killed mid-way may leave its temporary file (`.<name>.tmp-<pid>-<n>`)
//! behind; it is never read, and the next save of the same process number replaces it.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Appended to the file name for the previous version: `venue.ron.bak`.
pub const BACKUP_SUFFIX: &str = ".bak";

/// Distinguishes temporary files of concurrent saves within one process.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Why a file could not be written. In every case the target file is unchanged.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The target has no file name (`/`, `..`).
    #[error("`{0}` is not a file path")]
    NotAFile(PathBuf),
    /// The temporary file could not be created, written or flushed to disk (disk full,
    /// no permission on the folder).
    #[error("could not write the temporary file `{path}`: {source}")]
    Temp {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The previous version could not be copied to the backup file.
    #[error("could not keep the previous version as `{path}`: {source}")]
    Backup {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The temporary file could not be renamed over the target.
    #[error("could not replace `{path}`: {source}")]
    Replace {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// `folder/.name.tmp-<pid>-<n>`.
fn temp_path(path: &Path, name: &str) -> PathBuf {
    let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
    path.with_file_name(format!(".{name}.tmp-{}-{n}", std::process::id()))
}

/// Writes `bytes` to a fresh temporary file next to `path`, flushed to disk, and
/// returns its path.
fn write_temp(path: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, std::io::Error> {
    let temp = temp_path(path, name);
    let result = (|| {
        let mut file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    match result {
        Ok(()) => Ok(temp),
        Err(e) => {
            let _ = fs::remove_file(&temp);
            Err(e)
        }
    }
}

/// Flushes the folder holding `path`, so a rename in it is on disk. Folders cannot be
/// opened for flushing on every platform; where not, the rename is still atomic, only
/// its durability across a power cut is up to the file system.
fn sync_folder(path: &Path) {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
}

/// Replaces the content of `path` with `contents` atomically (see the module
/// documentation), keeping the previous version, if any, as `<path>.bak`.
pub fn write_atomic(path: &Path, contents: &str) -> Result<(), WriteError> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| WriteError::NotAFile(path.to_path_buf()))?
        .to_owned();
    let temp = write_temp(path, &name, contents.as_bytes()).map_err(|source| WriteError::Temp {
        path: temp_path(path, &name),
        source,
    })?;
    let backup = path.with_file_name(format!("{name}{BACKUP_SUFFIX}"));
    let kept = match fs::read(path) {
        Ok(previous) => write_temp(path, &name, &previous)
            .and_then(|t| fs::rename(&t, &backup).inspect_err(|_| drop(fs::remove_file(&t)))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
    };
    if let Err(source) = kept {
        let _ = fs::remove_file(&temp);
        return Err(WriteError::Backup {
            path: backup,
            source,
        });
    }
    if let Err(source) = fs::rename(&temp, path) {
        let _ = fs::remove_file(&temp);
        return Err(WriteError::Replace {
            path: path.to_path_buf(),
            source,
        });
    }
    sync_folder(path);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("venue-core-atomic-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("a scratch folder");
        dir
    }

    #[test]
    fn writes_keeps_a_backup_and_leaves_no_temporary_file() {
        let dir = scratch("backup");
        let path = dir.join("venue.ron");
        write_atomic(&path, "one").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "one");
        assert!(
            !dir.join("venue.ron.bak").exists(),
            "nothing to back up the first time"
        );
        write_atomic(&path, "two").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "two");
        assert_eq!(
            fs::read_to_string(dir.join("venue.ron.bak")).unwrap(),
            "one"
        );
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_missing_folder_is_an_error_and_writes_nothing() {
        let dir = scratch("missing");
        let path = dir.join("no/such/venue.ron");
        assert!(matches!(
            write_atomic(&path, "x"),
            Err(WriteError::Temp { .. })
        ));
        assert!(matches!(
            write_atomic(Path::new("/"), "x"),
            Err(WriteError::NotAFile(_))
        ));
        let _ = fs::remove_dir_all(&dir);
    }
}
