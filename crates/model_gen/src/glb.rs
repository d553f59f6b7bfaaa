//! Binary glTF 2.0 (GLB): [`encode`] writes a [`Model`] as one mesh with one primitive
//! per material (POSITION, NORMAL, u16/u32 indices), and [`inspect`] reads a GLB back
//! strictly (header, chunks, buffer views, accessors, bounds, indices, normals and
//! winding) so that every generated file is checked before it is written.

use std::fmt;

use serde_json::{Value, json};

use crate::material::MaterialSpec;
use crate::model::Model;

/// "glTF" read as a little-endian u32.
const MAGIC: u32 = 0x4654_6C67;
const VERSION: u32 = 2;
/// Chunk type "JSON".
const CHUNK_JSON: u32 = 0x4E4F_534A;
/// Chunk type "BIN\0".
const CHUNK_BIN: u32 = 0x004E_4942;
/// Bytes in the file header and in each chunk header.
const HEADER_LEN: usize = 12;
const CHUNK_HEADER_LEN: usize = 8;
/// glTF requires chunks and buffer views to start on 4-byte boundaries.
const ALIGN: usize = 4;

/// glTF component types and buffer-view targets.
const FLOAT: u64 = 5126;
const UNSIGNED_SHORT: u64 = 5123;
const UNSIGNED_INT: u64 = 5125;
const ARRAY_BUFFER: u64 = 34962;
const ELEMENT_ARRAY_BUFFER: u64 = 34963;
/// Primitive mode TRIANGLES.
const TRIANGLES: u64 = 4;

/// How far a stored normal's length may stray from 1 (f32 rounding is ~1e-7).
const UNIT_TOLERANCE: f32 = 1e-3;

#[derive(Debug)]
pub enum GlbError {
    /// The file is not laid out as GLB (header or chunk framing).
    Framing(String),
    /// The JSON chunk is not valid JSON.
    Json(serde_json::Error),
    /// The glTF content breaks a rule of the format or of this project.
    Invalid(String),
}

impl fmt::Display for GlbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GlbError::Framing(m) => write!(f, "bad GLB framing: {m}"),
            GlbError::Json(e) => write!(f, "bad JSON chunk: {e}"),
            GlbError::Invalid(m) => write!(f, "invalid glTF: {m}"),
        }
    }
}

impl std::error::Error for GlbError {}

fn invalid(msg: impl Into<String>) -> GlbError {
    GlbError::Invalid(msg.into())
}

/// A JSON number for an `f32`, written with the shortest decimal that reads back as
/// the same `f32` (so 0.35 is "0.35", not "0.3499999940395355").
fn num(x: f32) -> Value {
    let value = x.to_string().parse::<f64>().unwrap_or(f64::from(x));
    json!(value)
}

fn pad_to_align(bytes: &mut Vec<u8>, fill: u8) {
    while !bytes.len().is_multiple_of(ALIGN) {
        bytes.push(fill);
    }
}

fn material_json(spec: &MaterialSpec) -> Value {
    let mut m = json!({
        "name": spec.name,
        "pbrMetallicRoughness": {
            "baseColorFactor": spec.base_color.map(num),
            "metallicFactor": num(spec.metallic),
            "roughnessFactor": num(spec.roughness),
        },
    });
    if spec.emissive.iter().any(|&v| v > 0.0) {
        m["emissiveFactor"] = json!(spec.emissive.map(num));
    }
    if spec.blend {
        m["alphaMode"] = json!("BLEND");
    }
    m
}

/// Encodes a model as a GLB file.
pub fn encode(model: &Model) -> Vec<u8> {
    let mut bin: Vec<u8> = Vec::new();
    let mut views: Vec<Value> = Vec::new();
    let mut accessors: Vec<Value> = Vec::new();
    let mut primitives: Vec<Value> = Vec::new();
    let mut materials: Vec<Value> = Vec::new();

    let mut push_view = |bin: &mut Vec<u8>, data: &[u8], target: u64| -> usize {
        pad_to_align(bin, 0);
        views.push(json!({
            "buffer": 0,
            "byteOffset": bin.len(),
            "byteLength": data.len(),
            "target": target,
        }));
        bin.extend_from_slice(data);
        views.len() - 1
    };

    for (mat, mesh) in model.parts() {
        let positions: Vec<[f32; 3]> = mesh.positions.iter().map(|p| p.map(|v| v as f32)).collect();
        let normals: Vec<[f32; 3]> = mesh
            .normals
            .iter()
            .map(|n| {
                let n = n.map(|v| v as f32);
                let len = (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]).sqrt();
                if len > 0.0 {
                    n.map(|v| v / len)
                } else {
                    [0.0, 1.0, 0.0]
                }
            })
            .collect();
        let mut min = [f32::INFINITY; 3];
        let mut max = [f32::NEG_INFINITY; 3];
        for p in &positions {
            for k in 0..3 {
                min[k] = min[k].min(p[k]);
                max[k] = max[k].max(p[k]);
            }
        }
        let floats = |vs: &[[f32; 3]]| -> Vec<u8> {
            vs.iter().flatten().flat_map(|v| v.to_le_bytes()).collect()
        };

        let pos_view = push_view(&mut bin, &floats(&positions), ARRAY_BUFFER);
        accessors.push(json!({
            "bufferView": pos_view,
            "componentType": FLOAT,
            "count": positions.len(),
            "type": "VEC3",
            "min": min.map(num),
            "max": max.map(num),
        }));
        let pos_accessor = accessors.len() - 1;

        let normal_view = push_view(&mut bin, &floats(&normals), ARRAY_BUFFER);
        accessors.push(json!({
            "bufferView": normal_view,
            "componentType": FLOAT,
            "count": normals.len(),
            "type": "VEC3",
        }));
        let normal_accessor = accessors.len() - 1;

        let (index_bytes, component) = if positions.len() <= usize::from(u16::MAX) {
            let bytes = mesh
                .indices
                .iter()
                .flat_map(|&i| u16::try_from(i).unwrap_or(u16::MAX).to_le_bytes())
                .collect::<Vec<u8>>();
            (bytes, UNSIGNED_SHORT)
        } else {
            let bytes = mesh.indices.iter().flat_map(|i| i.to_le_bytes()).collect();
            (bytes, UNSIGNED_INT)
        };
        let index_view = push_view(&mut bin, &index_bytes, ELEMENT_ARRAY_BUFFER);
        accessors.push(json!({
            "bufferView": index_view,
            "componentType": component,
            "count": mesh.indices.len(),
            "type": "SCALAR",
        }));
        let index_accessor = accessors.len() - 1;

        materials.push(material_json(&mat.spec()));
        primitives.push(json!({
            "attributes": { "POSITION": pos_accessor, "NORMAL": normal_accessor },
            "indices": index_accessor,
            "material": materials.len() - 1,
            "mode": TRIANGLES,
        }));
    }
    pad_to_align(&mut bin, 0);

    let size = model.size;
    let doc = json!({
        "asset": { "version": "2.0", "generator": "venue-guide model_gen" },
        "scene": 0,
        "scenes": [{ "name": model.name, "nodes": [0] }],
        "nodes": [{
            "name": model.name,
            "mesh": 0,
            "extras": {
                "fixture": model.name,
                "size_m": [size.width, size.depth, size.height],
            },
        }],
        "meshes": [{ "name": model.name, "primitives": primitives }],
        "materials": materials,
        "accessors": accessors,
        "bufferViews": views,
        "buffers": [{ "byteLength": bin.len() }],
    });
    // Serialising a Value cannot fail; an empty chunk would be caught by `inspect`.
    let mut json_bytes = serde_json::to_vec(&doc).unwrap_or_default();
    pad_to_align(&mut json_bytes, b' ');

    let total = HEADER_LEN + 2 * CHUNK_HEADER_LEN + json_bytes.len() + bin.len();
    let mut out = Vec::with_capacity(total);
    let u32_le = |v: usize| u32::try_from(v).unwrap_or(u32::MAX).to_le_bytes();
    out.extend_from_slice(&MAGIC.to_le_bytes());
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&u32_le(total));
    out.extend_from_slice(&u32_le(json_bytes.len()));
    out.extend_from_slice(&CHUNK_JSON.to_le_bytes());
    out.extend_from_slice(&json_bytes);
    out.extend_from_slice(&u32_le(bin.len()));
    out.extend_from_slice(&CHUNK_BIN.to_le_bytes());
    out.extend_from_slice(&bin);
    out
}

/// What [`inspect`] learnt about a valid file.
#[derive(Clone, Debug, PartialEq)]
pub struct GlbStats {
    pub bytes: usize,
    pub triangles: usize,
    pub vertices: usize,
    pub materials: usize,
    /// Union of the POSITION accessors' declared min/max (verified against the data).
    pub min: [f32; 3],
    pub max: [f32; 3],
    /// The node's `extras.size_m` (width, depth, height) if present.
    pub declared_size: Option<[f64; 3]>,
}

fn read_u32(bytes: &[u8], at: usize) -> Result<u32, GlbError> {
    bytes
        .get(at..at + 4)
        .and_then(|s| s.try_into().ok())
        .map(u32::from_le_bytes)
        .ok_or_else(|| GlbError::Framing(format!("truncated at byte {at}")))
}

fn as_usize(v: &Value, what: &str) -> Result<usize, GlbError> {
    v.as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .ok_or_else(|| invalid(format!("{what} is not a non-negative integer")))
}

fn floats3(v: &Value, what: &str) -> Result<[f32; 3], GlbError> {
    let arr = v
        .as_array()
        .filter(|a| a.len() == 3)
        .ok_or_else(|| invalid(format!("{what} is not an array of 3 numbers")))?;
    let mut out = [0.0f32; 3];
    for (o, x) in out.iter_mut().zip(arr) {
        *o = x
            .as_f64()
            .ok_or_else(|| invalid(format!("{what} holds a non-number")))? as f32;
    }
    Ok(out)
}

/// A validated accessor: its bytes in the binary chunk and its element layout.
struct Accessor<'a> {
    data: &'a [u8],
    component_type: u64,
    count: usize,
    kind: String,
    json: &'a Value,
}

fn accessor<'a>(doc: &'a Value, bin: &'a [u8], index: usize) -> Result<Accessor<'a>, GlbError> {
    let acc = doc["accessors"]
        .get(index)
        .ok_or_else(|| invalid(format!("accessor {index} missing")))?;
    let view_index = as_usize(&acc["bufferView"], "accessor.bufferView")?;
    let view = doc["bufferViews"]
        .get(view_index)
        .ok_or_else(|| invalid(format!("bufferView {view_index} missing")))?;
    if view["buffer"].as_u64() != Some(0) {
        return Err(invalid("bufferView does not use buffer 0"));
    }
    let view_offset = view
        .get("byteOffset")
        .map_or(Ok(0), |v| as_usize(v, "byteOffset"))?;
    let view_len = as_usize(&view["byteLength"], "bufferView.byteLength")?;
    if !view_offset.is_multiple_of(ALIGN) {
        return Err(invalid(format!(
            "bufferView {view_index} is not 4-byte aligned"
        )));
    }
    let view_end = view_offset
        .checked_add(view_len)
        .filter(|&e| e <= bin.len())
        .ok_or_else(|| invalid(format!("bufferView {view_index} runs past the buffer")))?;
    let component_type = acc["componentType"].as_u64().unwrap_or(0);
    let component_size = match component_type {
        FLOAT | UNSIGNED_INT => 4,
        UNSIGNED_SHORT => 2,
        other => return Err(invalid(format!("unsupported componentType {other}"))),
    };
    let kind = acc["type"].as_str().unwrap_or("").to_string();
    let components = match kind.as_str() {
        "SCALAR" => 1,
        "VEC3" => 3,
        other => return Err(invalid(format!("unsupported accessor type {other:?}"))),
    };
    let count = as_usize(&acc["count"], "accessor.count")?;
    let offset = acc
        .get("byteOffset")
        .map_or(Ok(0), |v| as_usize(v, "byteOffset"))?;
    let len = count * components * component_size;
    if offset + len > view_len {
        return Err(invalid(format!(
            "accessor {index} runs past its bufferView"
        )));
    }
    Ok(Accessor {
        data: &bin[view_offset + offset..view_end.min(view_offset + offset + len)],
        component_type,
        count,
        kind,
        json: acc,
    })
}

fn vec3s(a: &Accessor<'_>, what: &str) -> Result<Vec<[f32; 3]>, GlbError> {
    if a.component_type != FLOAT || a.kind != "VEC3" {
        return Err(invalid(format!("{what} must be float VEC3")));
    }
    let values: Vec<[f32; 3]> = a
        .data
        .chunks_exact(12)
        .map(|c| {
            let f = |k: usize| f32::from_le_bytes([c[k], c[k + 1], c[k + 2], c[k + 3]]);
            [f(0), f(4), f(8)]
        })
        .collect();
    if values.iter().flatten().any(|v| !v.is_finite()) {
        return Err(invalid(format!("{what} holds a non-finite value")));
    }
    Ok(values)
}

/// Reads a GLB back and checks it thoroughly; returns its statistics.
pub fn inspect(bytes: &[u8]) -> Result<GlbStats, GlbError> {
    if read_u32(bytes, 0)? != MAGIC {
        return Err(GlbError::Framing("magic is not \"glTF\"".into()));
    }
    if read_u32(bytes, 4)? != VERSION {
        return Err(GlbError::Framing("version is not 2".into()));
    }
    if read_u32(bytes, 8)? as usize != bytes.len() {
        return Err(GlbError::Framing(
            "header length differs from file length".into(),
        ));
    }
    let json_len = read_u32(bytes, HEADER_LEN)? as usize;
    if read_u32(bytes, HEADER_LEN + 4)? != CHUNK_JSON {
        return Err(GlbError::Framing("first chunk is not JSON".into()));
    }
    let json_start = HEADER_LEN + CHUNK_HEADER_LEN;
    let json_end = json_start + json_len;
    let json_bytes = bytes
        .get(json_start..json_end)
        .ok_or_else(|| GlbError::Framing("JSON chunk truncated".into()))?;
    if !json_len.is_multiple_of(ALIGN) {
        return Err(GlbError::Framing("JSON chunk not padded to 4 bytes".into()));
    }
    let doc: Value = serde_json::from_slice(json_bytes).map_err(GlbError::Json)?;
    let bin_len = read_u32(bytes, json_end)? as usize;
    if read_u32(bytes, json_end + 4)? != CHUNK_BIN {
        return Err(GlbError::Framing("second chunk is not BIN".into()));
    }
    let bin_start = json_end + CHUNK_HEADER_LEN;
    let bin = bytes
        .get(bin_start..bin_start + bin_len)
        .ok_or_else(|| GlbError::Framing("BIN chunk truncated".into()))?;
    if bin_start + bin_len != bytes.len() || !bin_len.is_multiple_of(ALIGN) {
        return Err(GlbError::Framing(
            "BIN chunk does not end the file on a 4-byte boundary".into(),
        ));
    }

    if doc["asset"]["version"] != "2.0" {
        return Err(invalid("asset.version is not \"2.0\""));
    }
    let buffers = doc["buffers"].as_array().map_or(&[][..], |v| v.as_slice());
    let [buffer] = buffers else {
        return Err(invalid("expected exactly one buffer"));
    };
    let buffer_len = as_usize(&buffer["byteLength"], "buffer.byteLength")?;
    // The BIN chunk may exceed the buffer only by its padding (glTF 2.0, GLB spec).
    if buffer_len > bin.len() || bin.len() - buffer_len >= ALIGN {
        return Err(invalid("buffer.byteLength does not match the BIN chunk"));
    }
    let bin = &bin[..buffer_len];

    let material_count = doc["materials"].as_array().map_or(0, Vec::len);
    let mut stats = GlbStats {
        bytes: bytes.len(),
        triangles: 0,
        vertices: 0,
        materials: material_count,
        min: [f32::INFINITY; 3],
        max: [f32::NEG_INFINITY; 3],
        declared_size: None,
    };
    let meshes = doc["meshes"]
        .as_array()
        .filter(|m| !m.is_empty())
        .ok_or_else(|| invalid("no meshes"))?;
    for mesh in meshes {
        let prims = mesh["primitives"]
            .as_array()
            .ok_or_else(|| invalid("mesh without primitives"))?;
        for prim in prims {
            if prim
                .get("mode")
                .is_some_and(|m| m.as_u64() != Some(TRIANGLES))
            {
                return Err(invalid("primitive mode is not TRIANGLES"));
            }
            if let Some(mat) = prim.get("material")
                && as_usize(mat, "primitive.material")? >= material_count
            {
                return Err(invalid("primitive refers to a missing material"));
            }
            let pos = accessor(
                &doc,
                bin,
                as_usize(&prim["attributes"]["POSITION"], "POSITION")?,
            )?;
            let positions = vec3s(&pos, "POSITION")?;
            let declared_min = floats3(&pos.json["min"], "POSITION.min")?;
            let declared_max = floats3(&pos.json["max"], "POSITION.max")?;
            let mut min = [f32::INFINITY; 3];
            let mut max = [f32::NEG_INFINITY; 3];
            for p in &positions {
                for k in 0..3 {
                    min[k] = min[k].min(p[k]);
                    max[k] = max[k].max(p[k]);
                }
            }
            if min != declared_min || max != declared_max {
                return Err(invalid(format!(
                    "POSITION min/max {declared_min:?}/{declared_max:?} differ from the data {min:?}/{max:?}"
                )));
            }
            for k in 0..3 {
                stats.min[k] = stats.min[k].min(min[k]);
                stats.max[k] = stats.max[k].max(max[k]);
            }

            let nor = accessor(
                &doc,
                bin,
                as_usize(&prim["attributes"]["NORMAL"], "NORMAL")?,
            )?;
            let normals = vec3s(&nor, "NORMAL")?;
            if normals.len() != positions.len() {
                return Err(invalid("NORMAL and POSITION counts differ"));
            }
            if normals.iter().any(|n| {
                ((n[0] * n[0] + n[1] * n[1] + n[2] * n[2]).sqrt() - 1.0).abs() > UNIT_TOLERANCE
            }) {
                return Err(invalid("a NORMAL is not unit length"));
            }

            let idx = accessor(&doc, bin, as_usize(&prim["indices"], "indices")?)?;
            if idx.kind != "SCALAR" || idx.count % 3 != 0 {
                return Err(invalid("indices must be SCALAR, a multiple of 3"));
            }
            let indices: Vec<usize> = match idx.component_type {
                UNSIGNED_SHORT => idx
                    .data
                    .chunks_exact(2)
                    .map(|c| usize::from(u16::from_le_bytes([c[0], c[1]])))
                    .collect(),
                UNSIGNED_INT => idx
                    .data
                    .chunks_exact(4)
                    .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]) as usize)
                    .collect(),
                _ => return Err(invalid("indices must be u16 or u32")),
            };
            if let Some(bad) = indices.iter().find(|&&i| i >= positions.len()) {
                return Err(invalid(format!(
                    "index {bad} out of range ({} vertices)",
                    positions.len()
                )));
            }
            for t in indices.chunks_exact(3) {
                let [a, b, c] = [t[0], t[1], t[2]].map(|i| positions[i].map(f64::from));
                let e1 = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
                let e2 = [c[0] - a[0], c[1] - a[1], c[2] - a[2]];
                let face = [
                    e1[1] * e2[2] - e1[2] * e2[1],
                    e1[2] * e2[0] - e1[0] * e2[2],
                    e1[0] * e2[1] - e1[1] * e2[0],
                ];
                let reference = [t[0], t[1], t[2]]
                    .map(|i| normals[i].map(f64::from))
                    .into_iter()
                    .fold([0.0; 3], |s, n| [s[0] + n[0], s[1] + n[1], s[2] + n[2]]);
                let d = face[0] * reference[0] + face[1] * reference[1] + face[2] * reference[2];
                if d < 0.0 {
                    return Err(invalid(format!(
                        "triangle {t:?} is wound against its normals"
                    )));
                }
            }
            stats.triangles += indices.len() / 3;
            stats.vertices += positions.len();
        }
    }
    if let Some(size) = doc["nodes"][0]["extras"]["size_m"].as_array() {
        let v: Vec<f64> = size.iter().filter_map(Value::as_f64).collect();
        if let [w, d, h] = v[..] {
            stats.declared_size = Some([w, d, h]);
        }
    }
    Ok(stats)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::material::Mat;
    use crate::mesh::cuboid;

    fn sample() -> Vec<u8> {
        let mut m = Model::new("sample", 1.0, 0.5, 2.0);
        m.add(Mat::Steel, cuboid([-0.5, 0.0, -0.25], [0.5, 1.0, 0.25]));
        m.add(Mat::UvGlow, cuboid([-0.25, 1.0, -0.25], [0.25, 2.0, 0.0]));
        encode(&m)
    }

    #[test]
    fn round_trip_reports_bounds_and_counts() {
        let bytes = sample();
        let stats = inspect(&bytes).expect("valid");
        assert_eq!(stats.triangles, 24);
        assert_eq!(stats.vertices, 48);
        assert_eq!(stats.materials, 2);
        assert_eq!(stats.min, [-0.5, 0.0, -0.25]);
        assert_eq!(stats.max, [0.5, 2.0, 0.25]);
        assert_eq!(stats.declared_size, Some([1.0, 0.5, 2.0]));
        assert_eq!(bytes.len() % 4, 0);
    }

    #[test]
    fn numbers_are_written_short() {
        let bytes = sample();
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("\"roughnessFactor\":0.35"));
        assert!(!text.contains("0.3499999"));
    }

    #[test]
    fn corrupted_files_are_rejected() {
        let good = sample();
        let mut bad_magic = good.clone();
        bad_magic[0] = b'x';
        assert!(matches!(inspect(&bad_magic), Err(GlbError::Framing(_))));
        assert!(matches!(
            inspect(&good[..good.len() - 4]),
            Err(GlbError::Framing(_))
        ));
        let mut bad_json = good.clone();
        bad_json[HEADER_LEN + CHUNK_HEADER_LEN] = b'!';
        assert!(matches!(inspect(&bad_json), Err(GlbError::Json(_))));
        // Break one index so it points past the vertices: the last 2 bytes of BIN hold
        // the final u16 index (or padding, then the one before it).
        let mut bad_index = good.clone();
        let n = bad_index.len();
        for b in &mut bad_index[n - 4..] {
            *b = 0xFF;
        }
        assert!(matches!(inspect(&bad_index), Err(GlbError::Invalid(_))));
    }
}
