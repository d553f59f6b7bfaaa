//! Is there an OpenXR runtime to show the venue in, and what `venue-guide vr` does when
//! there is none.
//!
//! On Linux the OpenXR loader is a shared library opened at run time
//! (`libopenxr_loader.so`, which the `openxr` crate asks the dynamic linker for), and the
//! loader finds the runtime (Monado, SteamVR…) through an `active_runtime.json` manifest.
//! [`search`] looks for both where the loader specification says, before anything is
//! started, so that a machine without them gets one clear sentence (what was looked for,
//! how to get it) instead of a log line and a blank window. [`launch`] decides between the
//! headset, the flat fallback and refusing: a plain function, tested below.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The library the `openxr` crate opens on Linux and other Unix systems. Debian's
/// `libopenxr-loader1` ships only `libopenxr_loader.so.1`; the unversioned name comes with
/// `libopenxr-dev` (or a link made by hand).
pub const LOADER_NAME: &str = "libopenxr_loader.so";
/// The versioned file of the same library (Debian's `libopenxr-loader1`).
pub const LOADER_NAME_VERSIONED: &str = "libopenxr_loader.so.1";

/// Where the loader and the runtime were looked for, and what was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    /// Folders searched for [`LOADER_NAME`], in order.
    pub loader_dirs: Vec<PathBuf>,
    /// The loader library found.
    pub loader: Option<PathBuf>,
    /// A versioned loader found where the unversioned one was missing.
    pub versioned_only: Option<PathBuf>,
    /// Runtime manifests looked for, in the loader's order.
    pub manifests: Vec<PathBuf>,
    /// The first manifest that exists: the active runtime.
    pub runtime: Option<PathBuf>,
}

/// Looks for the loader and the active runtime's manifest. `env` reads an environment
/// variable and `exists` a file (the real ones in [`search_here`]; tests give their own).
pub fn search(env: &dyn Fn(&str) -> Option<OsString>, exists: &dyn Fn(&Path) -> bool) -> Search {
    let loader_dirs = loader_dirs(env);
    let loader = loader_dirs
        .iter()
        .map(|d| d.join(LOADER_NAME))
        .find(|p| exists(p));
    let versioned_only = if loader.is_none() {
        loader_dirs
            .iter()
            .map(|d| d.join(LOADER_NAME_VERSIONED))
            .find(|p| exists(p))
    } else {
        None
    };
    let manifests = manifest_paths(env);
    let runtime = manifests.iter().find(|p| exists(p)).cloned();
    Search {
        loader_dirs,
        loader,
        versioned_only,
        manifests,
        runtime,
    }
}

/// [`search`] on this machine.
pub fn search_here() -> Search {
    search(&|name| std::env::var_os(name), &|p| p.is_file())
}

/// [`Search::missing`] on this machine where the loader is opened by name (Linux and the
/// other Unix systems but macOS). Elsewhere (Windows links the loader in and finds the
/// runtime in the registry) starting the session tells.
pub fn check_here() -> Result<(), NoRuntime> {
    if cfg!(all(unix, not(target_os = "macos"))) {
        search_here().missing().map_or(Ok(()), Err)
    } else {
        Ok(())
    }
}

/// The folders the dynamic linker searches for the loader: `LD_LIBRARY_PATH`, then the
/// usual system folders (the linker's cache lists these on Debian and Fedora alike).
fn loader_dirs(env: &dyn Fn(&str) -> Option<OsString>) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = env("LD_LIBRARY_PATH")
        .map(|v| {
            std::env::split_paths(&v)
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        })
        .unwrap_or_default();
    let multiarch = format!("/usr/lib/{}-linux-gnu", std::env::consts::ARCH);
    for dir in [
        multiarch.as_str(),
        "/usr/lib64",
        "/usr/lib",
        "/usr/local/lib",
        "/lib64",
        "/lib",
    ] {
        let dir = PathBuf::from(dir);
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    dirs
}

/// The active runtime's manifest, in the OpenXR loader's order on Linux: `XR_RUNTIME_JSON`
/// when set; else `active_runtime.<arch>.json` and `active_runtime.json` under
/// `$XDG_CONFIG_HOME` (default `~/.config`), each of `$XDG_CONFIG_DIRS` (default
/// `/etc/xdg`) and `/etc`, each in `openxr/1/`.
fn manifest_paths(env: &dyn Fn(&str) -> Option<OsString>) -> Vec<PathBuf> {
    if let Some(path) = env("XR_RUNTIME_JSON").filter(|v| !v.is_empty()) {
        return vec![PathBuf::from(path)];
    }
    let mut roots = Vec::new();
    match env("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        Some(home) => roots.push(PathBuf::from(home)),
        None => {
            if let Some(home) = env("HOME").filter(|v| !v.is_empty()) {
                roots.push(PathBuf::from(home).join(".config"));
            }
        }
    }
    let config_dirs = env("XDG_CONFIG_DIRS")
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "/etc/xdg".into());
    roots.extend(std::env::split_paths(&config_dirs).filter(|p| !p.as_os_str().is_empty()));
    roots.push(PathBuf::from("/etc"));
    let arch_name = format!("active_runtime.{}.json", loader_arch());
    roots
        .iter()
        .flat_map(|root| {
            let dir = root.join("openxr").join("1");
            [dir.join(&arch_name), dir.join("active_runtime.json")]
        })
        .collect()
}

/// The architecture name the OpenXR loader uses in manifest names.
fn loader_arch() -> &'static str {
    match std::env::consts::ARCH {
        "x86" => "i686",
        "arm" => "armv7a-vfp",
        other => other,
    }
}

/// No runtime to start a headset session with: what was looked for and how to get one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct NoRuntime(pub String);

/// How to get a runtime, for every "no headset" message.
pub const HOW_TO_GET_ONE: &str = "\
To use a headset, install an OpenXR runtime and make it the active one:
  - Monado (open source, Linux; many headsets): apt-get install monado-service libopenxr-loader1 libopenxr-dev,
    then run `monado-service` with the headset plugged in
  - SteamVR (Linux and Windows; Valve Index, HTC Vive, Quest over Steam Link): install Steam and SteamVR,
    then SteamVR settings → OpenXR → \"Set SteamVR as OpenXR runtime\"
  - Meta Quest Link (Windows; Quest headsets over a cable or Air Link): install the Meta Quest Link app,
    then Settings → General → OpenXR Runtime → \"Set Meta Quest Link as active\"
Without a headset, `venue-guide vr --fallback flat` walks the venue on the screen
(`--fallback stereo`: side by side, for a phone in a viewer or a 3D screen).";

impl Search {
    /// Why no session can be started, if something is missing.
    pub fn missing(&self) -> Option<NoRuntime> {
        let list = |paths: &[PathBuf]| {
            paths
                .iter()
                .map(|p| format!("    {}", p.display()))
                .collect::<Vec<_>>()
                .join("\n")
        };
        let mut problems = Vec::new();
        if self.loader.is_none() {
            let mut text = format!(
                "the OpenXR loader ({LOADER_NAME}) was not found; looked in:\n{}",
                list(&self.loader_dirs)
            );
            if let Some(versioned) = &self.versioned_only {
                text.push_str(&format!(
                    "\n  {} is there, but not the unversioned {LOADER_NAME} that is opened: \
                     install libopenxr-dev (Debian, Ubuntu) or link it by hand",
                    versioned.display()
                ));
            }
            problems.push(text);
        }
        if self.runtime.is_none() {
            problems.push(format!(
                "no active OpenXR runtime (active_runtime.json) was found; looked for:\n{}",
                list(&self.manifests)
            ));
        }
        if problems.is_empty() {
            return None;
        }
        Some(NoRuntime(format!(
            "no OpenXR runtime, so no headset to show the venue in:\n  - {}\n{HOW_TO_GET_ONE}",
            problems.join("\n  - ")
        )))
    }
}

/// What `vr` may do instead of the headset (`--fallback`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fallback {
    /// Nothing: no headset is an error (exit [`NO_HEADSET_EXIT`]).
    #[default]
    None,
    /// The walk view on the screen, from the entrance.
    Flat,
}

/// The exit code of `vr` when there is no headset and no fallback was asked for.
pub const NO_HEADSET_EXIT: u8 = 3;

/// What `vr` does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Launch {
    /// Start the headset session.
    Headset,
    /// Show the flat view, saying why.
    Flat { reason: String },
    /// Stop with this message.
    Refuse { reason: String },
}

/// Decides what `vr` does: with the headset support built in (`xr_built`) and a runtime
/// found, the headset; else the fallback if one was asked for, or a refusal that says
/// what is missing and how to get it.
pub fn launch(xr_built: bool, runtime: Result<(), NoRuntime>, fallback: Fallback) -> Launch {
    let reason = if !xr_built {
        NOT_BUILT.to_string()
    } else {
        match runtime {
            Ok(()) => return Launch::Headset,
            Err(NoRuntime(reason)) => reason,
        }
    };
    match fallback {
        Fallback::Flat => Launch::Flat { reason },
        Fallback::None => Launch::Refuse { reason },
    }
}

/// The message of a build without the `xr` feature.
pub const NOT_BUILT: &str = "this venue-guide was built without headset support (the `xr` feature).
Build it with: cargo build --release --features xr   (native Linux or Windows; needs no extra packages to build)
Without a headset, `venue-guide vr --fallback flat` walks the venue on the screen
(`--fallback stereo`: side by side, for a phone in a viewer or a 3D screen).";

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    fn run(env: &[(&str, &str)], files: &[&str]) -> Search {
        let env: HashMap<String, OsString> = env
            .iter()
            .map(|(k, v)| (k.to_string(), OsString::from(v)))
            .collect();
        let files: HashSet<PathBuf> = files.iter().map(PathBuf::from).collect();
        search(&|name| env.get(name).cloned(), &|p| files.contains(p))
    }

    #[test]
    fn a_bare_machine_says_what_it_looked_for_and_how_to_get_a_runtime() {
        let s = run(&[("HOME", "/home/ana")], &[]);
        let message = s.missing().unwrap().0;
        for expected in [
            "libopenxr_loader.so",
            "/usr/lib",
            "/home/ana/.config/openxr/1/active_runtime.json",
            "/etc/xdg/openxr/1/active_runtime.json",
            "/etc/openxr/1/active_runtime.json",
            "Monado",
            "SteamVR",
            "Meta Quest Link",
            "--fallback flat",
        ] {
            assert!(
                message.contains(expected),
                "`{expected}` missing from:\n{message}"
            );
        }
    }

    #[test]
    fn the_loader_and_runtime_are_found_where_the_loader_looks() {
        let multiarch = format!(
            "/usr/lib/{}-linux-gnu/libopenxr_loader.so",
            std::env::consts::ARCH
        );
        let s = run(
            &[("HOME", "/home/ana")],
            &[&multiarch, "/etc/xdg/openxr/1/active_runtime.json"],
        );
        assert_eq!(s.loader, Some(PathBuf::from(&multiarch)));
        assert_eq!(
            s.runtime,
            Some(PathBuf::from("/etc/xdg/openxr/1/active_runtime.json"))
        );
        assert_eq!(s.missing(), None);
        // LD_LIBRARY_PATH first; XR_RUNTIME_JSON replaces the search.
        let s = run(
            &[
                ("LD_LIBRARY_PATH", "/opt/xr/lib"),
                ("XR_RUNTIME_JSON", "/opt/monado.json"),
            ],
            &[
                "/opt/xr/lib/libopenxr_loader.so",
                "/opt/monado.json",
                "/etc/openxr/1/active_runtime.json",
            ],
        );
        assert_eq!(s.loader_dirs[0], PathBuf::from("/opt/xr/lib"));
        assert_eq!(s.runtime, Some(PathBuf::from("/opt/monado.json")));
        assert_eq!(s.manifests.len(), 1);
        // The user's own choice wins over the system's.
        let s = run(
            &[("XDG_CONFIG_HOME", "/cfg")],
            &[
                "/cfg/openxr/1/active_runtime.json",
                "/etc/openxr/1/active_runtime.json",
            ],
        );
        assert_eq!(
            s.runtime,
            Some(PathBuf::from("/cfg/openxr/1/active_runtime.json"))
        );
    }

    #[test]
    fn a_loader_without_its_unversioned_link_is_named() {
        let s = run(
            &[],
            &[
                "/usr/lib/libopenxr_loader.so.1",
                "/etc/openxr/1/active_runtime.json",
            ],
        );
        let message = s.missing().unwrap().0;
        assert!(
            message.contains("/usr/lib/libopenxr_loader.so.1 is there"),
            "{message}"
        );
        assert!(message.contains("libopenxr-dev"), "{message}");
        assert!(!message.contains("no active OpenXR runtime"), "{message}");
    }

    #[test]
    fn vr_starts_the_headset_only_when_it_can_and_falls_back_only_when_asked() {
        let none = || Err(NoRuntime("nothing here".into()));
        assert_eq!(launch(true, Ok(()), Fallback::None), Launch::Headset);
        assert_eq!(launch(true, Ok(()), Fallback::Flat), Launch::Headset);
        assert_eq!(
            launch(true, none(), Fallback::None),
            Launch::Refuse {
                reason: "nothing here".into()
            }
        );
        assert_eq!(
            launch(true, none(), Fallback::Flat),
            Launch::Flat {
                reason: "nothing here".into()
            }
        );
        // A build without the feature says how to build it, runtime or not.
        for runtime in [Ok(()), none()] {
            match launch(false, runtime, Fallback::None) {
                Launch::Refuse { reason } => assert!(reason.contains("--features xr"), "{reason}"),
                other => panic!("{other:?}"),
            }
        }
        assert!(matches!(
            launch(false, Ok(()), Fallback::Flat),
            Launch::Flat { .. }
        ));
    }
}
