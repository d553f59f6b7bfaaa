// X-ray highlight for the fixtures a checkpoint is about.
//
// Drawn on a box shell around each fixture with depth testing off (see
// `HighlightMaterial::specialize`), so the fixture stays visible through walls and other
// models. The shell glows at grazing angles (a rim term), its edges are drawn as a
// bright outline from the box UVs, and the whole thing pulses gently so the eye finds it.

#import bevy_pbr::{
    forward_io::VertexOutput,
    mesh_view_bindings::{view, globals},
}

struct Highlight {
    color: vec4<f32>,
}

@group(#{MATERIAL_BIND_GROUP}) @binding(0) var<uniform> highlight: Highlight;

// Width of the outline band in UV units of a face.
const EDGE_WIDTH: f32 = 0.045;
// Pulse frequency (rad/s) and depth: slow enough to be calm, visible enough to find.
const PULSE_SPEED: f32 = 3.5;
const PULSE_DEPTH: f32 = 0.25;

@fragment
fn fragment(in: VertexOutput) -> @location(0) vec4<f32> {
    let n = normalize(in.world_normal);
    let v = normalize(view.world_position.xyz - in.world_position.xyz);
    let rim = 1.0 - abs(dot(n, v));
    var edge = 0.0;
#ifdef VERTEX_UVS_A
    let uv = in.uv;
    let d = min(min(uv.x, 1.0 - uv.x), min(uv.y, 1.0 - uv.y));
    edge = 1.0 - smoothstep(0.0, EDGE_WIDTH, d);
#endif
    let pulse = 1.0 - PULSE_DEPTH + PULSE_DEPTH * sin(globals.time * PULSE_SPEED);
    let alpha = clamp((0.12 + 0.55 * rim * rim + 0.85 * edge) * pulse, 0.0, 1.0);
    let rgb = mix(highlight.color.rgb, vec3<f32>(1.0), 0.35 * edge);
    return vec4<f32>(rgb, alpha * highlight.color.a);
}
