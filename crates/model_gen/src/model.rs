//! A fixture model: its name, its declared size and its geometry grouped by material.

use std::collections::BTreeMap;

use crate::material::Mat;
use crate::mesh::{Mesh, V3};

/// The declared size of a fixture in metres: width along x, depth along z, height
/// along y. The model occupies x ∈ [−w/2, w/2], z ∈ [−d/2, d/2], y ∈ [0, h].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Size {
    pub width: f64,
    pub depth: f64,
    pub height: f64,
}

impl Size {
    /// The corners `(min, max)` of the box the model must exactly fill.
    pub fn bounds(&self) -> (V3, V3) {
        (
            [-self.width / 2.0, 0.0, -self.depth / 2.0],
            [self.width / 2.0, self.height, self.depth / 2.0],
        )
    }
}

/// One fixture's model. Geometry of one material becomes one glTF primitive.
#[derive(Clone, Debug)]
pub struct Model {
    pub name: &'static str,
    pub size: Size,
    parts: BTreeMap<Mat, Mesh>,
}

impl Model {
    pub fn new(name: &'static str, width: f64, depth: f64, height: f64) -> Self {
        Model {
            name,
            size: Size {
                width,
                depth,
                height,
            },
            parts: BTreeMap::new(),
        }
    }

    /// Adds geometry in the given material.
    pub fn add(&mut self, mat: Mat, mesh: Mesh) {
        self.parts.entry(mat).or_default().append(&mesh);
    }

    /// Non-empty parts in palette order.
    pub fn parts(&self) -> impl Iterator<Item = (Mat, &Mesh)> {
        self.parts
            .iter()
            .filter(|(_, m)| m.triangle_count() > 0)
            .map(|(k, m)| (*k, m))
    }
}
