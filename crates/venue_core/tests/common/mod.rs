//! Helpers shared by the core's integration tests.

/// The package folder: from cargo at run time (`cargo test`), else where it was at build
/// time. Run time first, because a shared target folder may hold test binaries built
/// from a checkout at another path that no longer exists.
pub fn manifest_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| env!("CARGO_MANIFEST_DIR").into())
}
