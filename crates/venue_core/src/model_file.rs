//! glTF model files: will a model load, and what of it to show.
//!
//! The app shows each fixture with a glTF model (`.glb` or `.gltf`). A model that will
//! not load becomes a labelled placeholder box in the app; `validate` says so up front,
//! with the parser's reason, instead of "ok". This module reads a model with the
//! engine-free `gltf` parser (the one Bevy's loader uses) and checks what makes Bevy's
//! loader fail: invalid glTF, a missing binary chunk or external buffer/image file, an
//! image format the app is not built with, a primitive mode it cannot draw, a node
//! hierarchy that is not a tree.
//!
//! It also decides what to show of a file ([`ModelContent`]): its default scene, else its
//! first scene, else its meshes (many exported or test files have no scene at all).
//!
//! Invariants: never panics on any bytes; work bounded by the file size (one pass over
//! nodes, meshes and images); files larger than [`MAX_MODEL_BYTES`] are refused
//! unread; a model path may not leave the asset root, symbolic links included
//! ([`resolve_in_root`]).

use crate::diagnostic::{Code, Diagnostic};
use crate::loaded::LoadedVenue;
use crate::span::locate;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Largest model file read. The bundled fixture models are a few KiB; a department's
/// detailed model can reach a few MiB; far beyond that is a mistake for a booth.
pub const MAX_MODEL_BYTES: u64 = 64 * 1024 * 1024;

/// Image formats the app is built to decode (Bevy's `png` feature only). A model whose
/// textures use another format fails to load in the app.
pub const SUPPORTED_IMAGE_EXTENSIONS: &[&str] = &["png"];
const SUPPORTED_IMAGE_MIME_TYPES: &[&str] = &["image/png"];

/// What of a model file the app shows.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelContent {
    /// The scene with this index (the file's default scene, else its first).
    Scene(usize),
    /// No scene: every mesh primitive, placed by the nodes that use it (from the root
    /// nodes down), or at the model origin when no node does.
    Meshes(Vec<MeshPart>),
}

/// One primitive of a scene-less model, where and in what colour to draw it.
#[derive(Debug, Clone, PartialEq)]
pub struct MeshPart {
    pub mesh: usize,
    pub primitive: usize,
    /// Column-major 4×4 transform from the model origin (glTF's node matrices composed).
    pub transform: [[f32; 4]; 4],
    /// The material's base colour factor (linear RGBA); white without a material.
    pub base_color: [f32; 4],
}

/// Most parts a scene-less model is drawn with. Nodes can instance a mesh many times;
/// a booth fixture needs far fewer parts than this.
pub const MAX_MESH_PARTS: usize = 4096;

/// Why a model will not load (the parser's or the check's reason).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// The file could not be read.
    #[error("cannot read it: {0}")]
    Io(String),
    /// The file is larger than [`MAX_MODEL_BYTES`].
    #[error("it is {0} bytes; models larger than {MAX_MODEL_BYTES} bytes are refused")]
    TooLarge(u64),
    /// The glTF parser refused the file.
    #[error("it is not a valid glTF file: {0}")]
    Invalid(String),
    /// A `.glb` buffer refers to the binary chunk, and there is none.
    #[error("buffer {0} refers to the binary chunk, which the file does not have")]
    MissingBinaryChunk(usize),
    /// An external buffer or image file is missing (path relative to the model).
    #[error("it refers to `{0}`, which does not exist next to the model")]
    MissingFile(String),
    /// An external buffer or image path leaves the asset root.
    #[error("it refers to `{0}`, outside the asset folder")]
    EscapingFile(String),
    /// A texture in a format the app cannot decode.
    #[error("texture {index} is {format}; this build decodes only PNG textures")]
    UnsupportedImage { index: usize, format: String },
    /// A primitive mode Bevy cannot draw (line loops, triangle fans).
    #[error("mesh {mesh} uses the {mode} primitive mode, which cannot be drawn")]
    UnsupportedPrimitive { mesh: usize, mode: &'static str },
    /// A node is its own ancestor.
    #[error("its node hierarchy is not a tree (node {0} is its own ancestor)")]
    NodeCycle(usize),
    /// Nothing to show: no scene and no mesh.
    #[error("it has no scene and no mesh: nothing to show")]
    Empty,
}

/// Reads and checks the model at `path`, whose external files resolve inside `root`.
pub fn inspect_file(path: &Path, root: &Path) -> Result<ModelContent, ModelError> {
    let size = std::fs::metadata(path)
        .map_err(|e| ModelError::Io(e.to_string()))?
        .len();
    if size > MAX_MODEL_BYTES {
        return Err(ModelError::TooLarge(size));
    }
    let bytes = std::fs::read(path).map_err(|e| ModelError::Io(e.to_string()))?;
    let folder = path.parent().unwrap_or(Path::new(""));
    inspect(&bytes, |uri| {
        let relative = uri_to_path(uri);
        match resolve_in_root(root, &folder.join(&relative)) {
            Ok(Some(_)) => Ok(()),
            Ok(None) => Err(ModelError::MissingFile(relative)),
            Err(_) => Err(ModelError::EscapingFile(relative)),
        }
    })
}

/// Checks a model's bytes and decides what to show. `external(uri)` checks a buffer or
/// image the file refers to by a (non-`data:`) URI.
pub fn inspect(
    bytes: &[u8],
    mut external: impl FnMut(&str) -> Result<(), ModelError>,
) -> Result<ModelContent, ModelError> {
    let gltf = gltf::Gltf::from_slice(bytes).map_err(|e| ModelError::Invalid(e.to_string()))?;
    for buffer in gltf.buffers() {
        match buffer.source() {
            gltf::buffer::Source::Bin if gltf.blob.is_none() => {
                return Err(ModelError::MissingBinaryChunk(buffer.index()));
            }
            gltf::buffer::Source::Bin => {}
            gltf::buffer::Source::Uri(uri) if uri.starts_with("data:") => {}
            gltf::buffer::Source::Uri(uri) => external(uri)?,
        }
    }
    for image in gltf.images() {
        let format = match image.source() {
            gltf::image::Source::View { mime_type, .. } => {
                (!SUPPORTED_IMAGE_MIME_TYPES.contains(&mime_type)).then(|| mime_type.to_owned())
            }
            gltf::image::Source::Uri { uri, mime_type } => {
                if let Some(data) = uri.strip_prefix("data:") {
                    let mime = data.split([';', ',']).next().unwrap_or("");
                    (!SUPPORTED_IMAGE_MIME_TYPES.contains(&mime)).then(|| mime.to_owned())
                } else {
                    external(uri)?;
                    let extension = Path::new(&uri_to_path(uri))
                        .extension()
                        .map(|e| e.to_string_lossy().to_lowercase())
                        .unwrap_or_default();
                    let known_by_mime =
                        mime_type.is_some_and(|m| SUPPORTED_IMAGE_MIME_TYPES.contains(&m));
                    (!known_by_mime && !SUPPORTED_IMAGE_EXTENSIONS.contains(&extension.as_str()))
                        .then(|| format!("`.{extension}`"))
                }
            }
        };
        if let Some(format) = format {
            return Err(ModelError::UnsupportedImage {
                index: image.index(),
                format,
            });
        }
    }
    for mesh in gltf.meshes() {
        for primitive in mesh.primitives() {
            let mode = match primitive.mode() {
                gltf::mesh::Mode::LineLoop => "line loop",
                gltf::mesh::Mode::TriangleFan => "triangle fan",
                _ => continue,
            };
            return Err(ModelError::UnsupportedPrimitive {
                mesh: mesh.index(),
                mode,
            });
        }
    }
    if let Some(node) = first_node_in_cycle(&gltf) {
        return Err(ModelError::NodeCycle(node));
    }
    if let Some(scene) = gltf.default_scene().or_else(|| gltf.scenes().next()) {
        return Ok(ModelContent::Scene(scene.index()));
    }
    let parts = mesh_parts(&gltf);
    if parts.is_empty() {
        Err(ModelError::Empty)
    } else {
        Ok(ModelContent::Meshes(parts))
    }
}

const IDENTITY: [[f32; 4]; 4] = [
    [1.0, 0.0, 0.0, 0.0],
    [0.0, 1.0, 0.0, 0.0],
    [0.0, 0.0, 1.0, 0.0],
    [0.0, 0.0, 0.0, 1.0],
];

/// Column-major `a × b`.
fn multiply(a: &[[f32; 4]; 4], b: &[[f32; 4]; 4]) -> [[f32; 4]; 4] {
    let mut out = [[0.0; 4]; 4];
    for (col, out_col) in out.iter_mut().enumerate() {
        for (row, cell) in out_col.iter_mut().enumerate() {
            *cell = (0..4).map(|k| a[k][row] * b[col][k]).sum();
        }
    }
    out
}

/// The primitives of a scene-less model: those of the meshes the node trees use, with
/// the composed node transforms, then those of meshes no node uses, at the origin.
/// Node cycles are rejected before this runs, so the walk terminates; it stops at
/// [`MAX_MESH_PARTS`].
fn mesh_parts(gltf: &gltf::Gltf) -> Vec<MeshPart> {
    let nodes: Vec<gltf::Node<'_>> = gltf.nodes().collect();
    let mut is_child = vec![false; nodes.len()];
    for node in &nodes {
        for child in node.children() {
            is_child[child.index()] = true;
        }
    }
    let mut parts = Vec::new();
    let mut used = vec![false; gltf.meshes().len()];
    let push_mesh = |parts: &mut Vec<MeshPart>, mesh: gltf::Mesh<'_>, transform| {
        for primitive in mesh.primitives() {
            if parts.len() >= MAX_MESH_PARTS {
                return;
            }
            parts.push(MeshPart {
                mesh: mesh.index(),
                primitive: primitive.index(),
                transform,
                base_color: primitive
                    .material()
                    .pbr_metallic_roughness()
                    .base_color_factor(),
            });
        }
    };
    let mut stack: Vec<(usize, [[f32; 4]; 4])> = (0..nodes.len())
        .filter(|&i| !is_child[i])
        .map(|i| (i, IDENTITY))
        .collect();
    while let Some((index, parent)) = stack.pop() {
        let node = &nodes[index];
        let transform = multiply(&parent, &node.transform().matrix());
        if let Some(mesh) = node.mesh() {
            used[mesh.index()] = true;
            push_mesh(&mut parts, mesh, transform);
        }
        if parts.len() >= MAX_MESH_PARTS {
            break;
        }
        stack.extend(node.children().map(|c| (c.index(), transform)));
    }
    for mesh in gltf.meshes() {
        if !used[mesh.index()] {
            push_mesh(&mut parts, mesh, IDENTITY);
        }
    }
    parts
}

/// A node that is its own ancestor, if any. Iterative depth-first search with colours:
/// linear in nodes + child links, no recursion (a hostile file can nest deeply).
fn first_node_in_cycle(gltf: &gltf::Gltf) -> Option<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let children: Vec<Vec<usize>> = gltf
        .nodes()
        .map(|n| n.children().map(|c| c.index()).collect())
        .collect();
    let mut mark = vec![Mark::New; children.len()];
    for start in 0..children.len() {
        if mark[start] != Mark::New {
            continue;
        }
        // (node, index of the next child to visit)
        let mut stack = vec![(start, 0usize)];
        mark[start] = Mark::Open;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&child) = children[node].get(*next) {
                *next += 1;
                match mark.get(child) {
                    Some(Mark::Open) => return Some(child),
                    Some(Mark::New) => {
                        mark[child] = Mark::Open;
                        stack.push((child, 0));
                    }
                    _ => {}
                }
            } else {
                mark[node] = Mark::Done;
                stack.pop();
            }
        }
    }
    None
}

/// A relative URI as a path: percent-escapes decoded where they are plain ASCII.
fn uri_to_path(uri: &str) -> String {
    let mut out = Vec::with_capacity(uri.len());
    let bytes = uri.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = uri.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Why a model path would leave the asset root, if it would (from its text alone; see
/// [`resolve_in_root`] for links on disk).
pub fn path_escape_reason(path: &str) -> Option<&'static str> {
    let scheme_end = path.find(':');
    if path.contains("://") {
        return Some("is a URL");
    }
    if let Some(end) = scheme_end {
        let scheme = &path[..end];
        if scheme.len() == 1 && scheme.chars().all(|c| c.is_ascii_alphabetic()) {
            return Some("has a drive letter");
        }
        return Some("has a scheme (like `file:` or `http:`)");
    }
    if path.contains('\\') {
        return Some("uses backslashes");
    }
    if path.starts_with('/') {
        return Some("is absolute");
    }
    if path.starts_with('~') {
        return Some("starts in a home folder");
    }
    if path.split('/').any(|part| part == "..") {
        return Some("goes up out of the asset folder with `..`");
    }
    None
}

/// Why a path is refused by [`resolve_in_root`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EscapeError {
    /// The path, once `..` and symbolic links are resolved, is outside the root.
    #[error("leads outside the asset folder (to `{0}`)")]
    Outside(PathBuf),
}

/// `path` with symbolic links and `..` resolved, when it exists (`Ok(None)` when it does
/// not); an error when the resolved file lies outside `root` (itself resolved). The
/// path-escape check on the text of a path cannot see a link inside the asset folder
/// that points elsewhere (to `/etc/passwd`); this one can.
pub fn resolve_in_root(root: &Path, path: &Path) -> Result<Option<PathBuf>, EscapeError> {
    let Ok(resolved) = std::fs::canonicalize(path) else {
        return Ok(None);
    };
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if resolved.starts_with(&root) {
        Ok(Some(resolved))
    } else {
        Err(EscapeError::Outside(resolved))
    }
}

/// Every distinct model path a venue's fixtures use, each with where it is written
/// (file and model path, e.g. `fixtures[4].model` or `fixtures["sink"].model`), the
/// first place it appears.
pub fn model_references(loaded: &LoadedVenue) -> Vec<(String, PathBuf, String)> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (i, fixture) in loaded.venue.fixtures.iter().enumerate() {
        let (model, file, subject) = match &fixture.model {
            Some(model) => (
                model.clone(),
                loaded.venue_path.clone(),
                format!("fixtures[{i}].model"),
            ),
            None => match loaded.catalogue.fixtures.get(&fixture.kind) {
                Some(kind) => (
                    kind.model.clone(),
                    loaded.catalogue_path.clone(),
                    format!("fixtures[\"{}\"].model", fixture.kind),
                ),
                None => continue,
            },
        };
        if seen.insert(model.clone()) {
            out.push((model, file, subject));
        }
    }
    out
}

/// Checks every model a venue uses, under the asset folder `root`: a model that is
/// missing or will not load is a warning (the app shows a placeholder box in its place,
/// and the venue still opens). Paths that leave `root`, as text or through a symbolic
/// link, are validation's errors ([`crate::validate::validate_model_files`]) and are not
/// read here. Each diagnostic points at where the model path is written and names that
/// place as its subject.
pub fn check_models(loaded: &LoadedVenue, root: &Path) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (model, file, subject) in model_references(loaded) {
        if path_escape_reason(&model).is_some() {
            continue;
        }
        let span = loaded.sources.get(&file).and_then(|text| {
            let path = subject_path(&subject)?;
            locate::Locator::new(text).value_span(&path)
        });
        let at = |d: Diagnostic| {
            let d = d.with_subject(subject.clone());
            match span.clone() {
                Some(span) => d.with_span(span),
                None => d,
            }
        };
        let path = root.join(&model);
        let problem = match resolve_in_root(root, &path) {
            Err(EscapeError::Outside(_)) => continue,
            Ok(None) => ModelError::Io("no such file".to_owned()),
            Ok(Some(_)) => match inspect_file(&path, root) {
                Ok(_) => continue,
                Err(e) => e,
            },
        };
        diags.push(at(Diagnostic::warning(
            Code::ModelUnloadable,
            &file,
            format!("the model `{model}` will not load: {problem}"),
        )
        .with_hint(format!(
            "the app shows a placeholder box instead; model paths are relative to `{}`",
            root.display()
        ))));
    }
    diags
}

/// The locate path of a subject written by [`model_references`].
fn subject_path(subject: &str) -> Option<locate::Path> {
    let rest = subject.strip_prefix("fixtures[")?;
    let (inside, _) = rest.split_once(']')?;
    let fixtures = locate::Path::root().field("fixtures");
    let at = match inside.strip_prefix('"').and_then(|k| k.strip_suffix('"')) {
        Some(key) => fixtures.key(key),
        None => fixtures.index(inside.parse().ok()?),
    };
    Some(at.field("model"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal glTF (JSON) with the given top-level members.
    fn gltf_json(members: &str) -> Vec<u8> {
        format!(r#"{{"asset":{{"version":"2.0"}}{members}}}"#).into_bytes()
    }

    const TRIANGLE: &str = r#","buffers":[{"byteLength":36,"uri":"data:application/octet-stream;base64,AAAAAAAAAAAAAAAAAACAPwAAAAAAAAAAAAAAAAAAgD8AAAAA"}],"bufferViews":[{"buffer":0,"byteLength":36}],"accessors":[{"bufferView":0,"componentType":5126,"count":3,"type":"VEC3","min":[0,0,0],"max":[1,1,0]}],"meshes":[{"primitives":[{"attributes":{"POSITION":0}}]}]"#;

    fn no_files(_: &str) -> Result<(), ModelError> {
        panic!("no external files expected")
    }

    #[test]
    fn the_default_scene_is_shown_else_the_first_else_the_meshes() {
        let with_default = gltf_json(&format!(
            r#"{TRIANGLE},"nodes":[{{"mesh":0}}],"scenes":[{{"nodes":[]}},{{"nodes":[0]}}],"scene":1"#
        ));
        assert_eq!(inspect(&with_default, no_files), Ok(ModelContent::Scene(1)));
        let without_default = gltf_json(&format!(
            r#"{TRIANGLE},"nodes":[{{"mesh":0}}],"scenes":[{{"nodes":[0]}}]"#
        ));
        assert_eq!(
            inspect(&without_default, no_files),
            Ok(ModelContent::Scene(0))
        );
        let meshes_only = gltf_json(TRIANGLE);
        let Ok(ModelContent::Meshes(parts)) = inspect(&meshes_only, no_files) else {
            panic!("meshes expected");
        };
        assert_eq!(parts.len(), 1);
        assert_eq!((parts[0].mesh, parts[0].primitive), (0, 0));
        assert_eq!(parts[0].transform, IDENTITY, "no node: at the origin");
        assert_eq!(parts[0].base_color, [1.0; 4], "no material: white");
        assert_eq!(inspect(&gltf_json(""), no_files), Err(ModelError::Empty));
    }

    #[test]
    fn scene_less_nodes_place_their_meshes() {
        // Node 0 moves 2 m along x and holds node 1, which moves 1 m up and draws mesh 0
        // in red.
        let nodes = r#","nodes":[{"translation":[2,0,0],"children":[1]},{"translation":[0,1,0],"mesh":0}],"materials":[{"pbrMetallicRoughness":{"baseColorFactor":[1,0,0,1]}}]"#;
        let file = gltf_json(&format!(
            "{}{nodes}",
            TRIANGLE.replace(r#""attributes""#, r#""material":0,"attributes""#)
        ));
        let Ok(ModelContent::Meshes(parts)) = inspect(&file, no_files) else {
            panic!("meshes expected");
        };
        assert_eq!(parts.len(), 1, "drawn once, by its node");
        assert_eq!(
            parts[0].transform[3],
            [2.0, 1.0, 0.0, 1.0],
            "translations composed"
        );
        assert_eq!(parts[0].base_color, [1.0, 0.0, 0.0, 1.0]);
    }

    #[test]
    fn broken_files_say_why() {
        assert!(matches!(
            inspect(b"not a model", no_files),
            Err(ModelError::Invalid(_))
        ));
        let cycle = gltf_json(r#","nodes":[{"children":[1]},{"children":[0]}]"#);
        assert!(matches!(
            inspect(&cycle, no_files),
            Err(ModelError::NodeCycle(_)) | Err(ModelError::Invalid(_))
        ));
        let fan = gltf_json(&TRIANGLE.replace(r#""attributes""#, r#""mode":6,"attributes""#));
        assert_eq!(
            inspect(&fan, no_files),
            Err(ModelError::UnsupportedPrimitive {
                mesh: 0,
                mode: "triangle fan"
            })
        );
        let jpeg = gltf_json(r#","images":[{"uri":"wood.jpg"}]"#);
        assert!(matches!(
            inspect(&jpeg, |_| Ok(())),
            Err(ModelError::UnsupportedImage { index: 0, .. })
        ));
        let external = gltf_json(r#","buffers":[{"byteLength":4,"uri":"mesh%20data.bin"}]"#);
        assert_eq!(
            inspect(&external, |uri| Err(ModelError::MissingFile(uri_to_path(
                uri
            )))),
            Err(ModelError::MissingFile("mesh data.bin".into()))
        );
    }

    #[test]
    fn arbitrary_bytes_never_panic() {
        let valid = gltf_json(TRIANGLE);
        for cut in 0..valid.len() {
            let _ = inspect(&valid[..cut], |_| Ok(()));
        }
        let _ = inspect(
            &[0x67, 0x6c, 0x54, 0x46, 2, 0, 0, 0, 255, 255, 255, 255],
            |_| Ok(()),
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_out_of_the_asset_folder_is_refused() {
        let dir = std::env::temp_dir().join(format!("venue-model-link-{}", std::process::id()));
        let root = dir.join("assets");
        std::fs::create_dir_all(root.join("models")).unwrap();
        std::fs::write(dir.join("secret.txt"), "x").unwrap();
        let link = root.join("models/evil.glb");
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(dir.join("secret.txt"), &link).unwrap();
        assert!(matches!(
            resolve_in_root(&root, &link),
            Err(EscapeError::Outside(_))
        ));
        std::fs::write(root.join("models/ok.glb"), "x").unwrap();
        assert!(matches!(
            resolve_in_root(&root, &root.join("models/ok.glb")),
            Ok(Some(_))
        ));
        assert_eq!(
            resolve_in_root(&root, &root.join("models/none.glb")),
            Ok(None)
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
