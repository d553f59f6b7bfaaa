//! The x-ray highlight material (`shaders/highlight.wgsl`).

use bevy::mesh::MeshVertexBufferLayoutRef;
use bevy::pbr::{MaterialPipeline, MaterialPipelineKey};
use bevy::prelude::*;
use bevy::render::render_resource::{
    AsBindGroup, CompareFunction, RenderPipelineDescriptor, SpecializedMeshPipelineError,
};
use bevy::shader::{Shader, ShaderRef};

/// The shader, compiled into the binary so that native and web builds need no extra file.
pub const HIGHLIGHT_SHADER: Handle<Shader> =
    bevy::asset::uuid_handle!("6f0b8f36-5a4c-4b63-9a51-3c1d2b7e9a10");

/// A glowing shell drawn through everything.
#[derive(Asset, TypePath, AsBindGroup, Debug, Clone)]
pub struct HighlightMaterial {
    #[uniform(0)]
    pub color: LinearRgba,
}

impl Material for HighlightMaterial {
    fn fragment_shader() -> ShaderRef {
        HIGHLIGHT_SHADER.into()
    }

    fn alpha_mode(&self) -> AlphaMode {
        AlphaMode::Blend
    }

    fn specialize(
        _pipeline: &MaterialPipeline,
        descriptor: &mut RenderPipelineDescriptor,
        _layout: &MeshVertexBufferLayoutRef,
        _key: MaterialPipelineKey<Self>,
    ) -> Result<(), SpecializedMeshPipelineError> {
        // X-ray: ignore depth so walls and models never hide the highlighted fixture,
        // and draw both faces so the shell reads as a volume.
        if let Some(depth) = descriptor.depth_stencil.as_mut() {
            depth.depth_compare = Some(CompareFunction::Always);
            depth.depth_write_enabled = Some(false);
        }
        descriptor.primitive.cull_mode = None;
        Ok(())
    }
}

pub fn plugin(app: &mut App) {
    let mut shaders = app.world_mut().resource_mut::<Assets<Shader>>();
    let _ = shaders.insert(
        &HIGHLIGHT_SHADER,
        Shader::from_wgsl(
            include_str!("../../shaders/highlight.wgsl"),
            "shaders/highlight.wgsl",
        ),
    );
    app.add_plugins(MaterialPlugin::<HighlightMaterial>::default());
}
