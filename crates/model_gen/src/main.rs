//! `model_gen`: writes the fixture models of venue-guide as binary glTF 2.0 files.
//!
//! Usage: `cargo run -p model_gen -- assets/models` (the folder is created if needed).
//! Each fixture type becomes `<name>.glb`, built from primitives (see `mesh`) with
//! PBR materials from one palette (see `material`). Conventions the app relies on:
//! metres, y up, origin at the centre of the footprint at floor level, the model
//! exactly filling its declared width (x) × depth (z) × height (y), front facing +z.
//! Every file is read back and checked (see `glb::inspect`) before it is written, and
//! the output is deterministic: the same source gives the same bytes.

mod fixtures;
mod glb;
mod material;
mod mesh;
mod model;

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Largest allowed gap between a model's extents and its declared size (1 mm).
const SIZE_TOLERANCE_M: f64 = 1e-3;

#[derive(Debug)]
enum GenError {
    Usage,
    Io(PathBuf, std::io::Error),
    Glb(&'static str, glb::GlbError),
    Size(&'static str, String),
}

impl fmt::Display for GenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenError::Usage => write!(f, "usage: model_gen OUTPUT_DIR   (e.g. assets/models)"),
            GenError::Io(path, e) => write!(f, "{}: {e}", path.display()),
            GenError::Glb(name, e) => write!(f, "{name}: {e}"),
            GenError::Size(name, msg) => write!(f, "{name}: {msg}"),
        }
    }
}

impl std::error::Error for GenError {}

/// Checks that the file's extents match the model's declared size.
fn check_size(model: &model::Model, stats: &glb::GlbStats) -> Result<(), GenError> {
    let (min, max) = model.size.bounds();
    for k in 0..3 {
        let lo = f64::from(stats.min[k]);
        let hi = f64::from(stats.max[k]);
        if (lo - min[k]).abs() > SIZE_TOLERANCE_M || (hi - max[k]).abs() > SIZE_TOLERANCE_M {
            return Err(GenError::Size(
                model.name,
                format!(
                    "extents {:?}..{:?} do not fill {min:?}..{max:?}",
                    stats.min, stats.max
                ),
            ));
        }
    }
    Ok(())
}

fn run(out_dir: &Path) -> Result<(), GenError> {
    std::fs::create_dir_all(out_dir).map_err(|e| GenError::Io(out_dir.to_path_buf(), e))?;
    println!(
        "{:<22} {:>16}  {:>9} {:>9} {:>4}",
        "model", "w×d×h (m)", "triangles", "bytes", "mats"
    );
    let (mut total_tris, mut total_bytes) = (0, 0);
    for model in fixtures::all() {
        let bytes = glb::encode(&model);
        let stats = glb::inspect(&bytes).map_err(|e| GenError::Glb(model.name, e))?;
        check_size(&model, &stats)?;
        let path = out_dir.join(format!("{}.glb", model.name));
        std::fs::write(&path, &bytes).map_err(|e| GenError::Io(path.clone(), e))?;
        let s = model.size;
        println!(
            "{:<22} {:>16}  {:>9} {:>9} {:>4}",
            model.name,
            format!("{}×{}×{}", s.width, s.depth, s.height),
            stats.triangles,
            stats.bytes,
            stats.materials
        );
        total_tris += stats.triangles;
        total_bytes += stats.bytes;
    }
    println!(
        "{:<22} {:>16}  {total_tris:>9} {total_bytes:>9}",
        "total", ""
    );
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.as_slice() {
        [dir] if !dir.starts_with('-') => run(Path::new(dir)),
        _ => Err(GenError::Usage),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("model_gen: {e}");
            ExitCode::FAILURE
        }
    }
}
