//! Validation of the fixture catalogue: type names, names, sizes, mounting heights,
//! model paths and colours.
//!
//! Invariant: one pass over the types, a constant number of checks each; type names are
//! ids (see [`super::common`]) and are echoed shortened.

use super::MAX_HEIGHT_M;
use super::common::{Lower, is_valid_id, shown, suggest_id};
use super::context::Ctx;
use crate::diagnostic::Code;
use crate::model::Catalogue;
use crate::span::locate;
use std::path::Path;

impl Ctx<'_> {
    pub(super) fn catalogue(&mut self, file: &Path, c: &Catalogue) {
        for (name, t) in &c.fixtures {
            let tp = locate::Path::root().field("fixtures").key(name);
            let what = format!("fixture type `{}`", shown(name));
            if name.chars().nth(super::MAX_ID_LEN).is_some() {
                self.id(file, &tp, name, "fixture type");
            } else if !is_valid_id(name) {
                let suggestion = suggest_id(name);
                self.error_hint(
                    Code::InvalidId,
                    file,
                    &tp,
                    format!(
                        "invalid fixture type name `{name}`: names use only a-z, 0-9, `_` and `-`"
                    ),
                    format!("try `{suggestion}`"),
                );
            }
            self.text(
                file,
                &tp.field("name"),
                &t.name,
                &format!("the name of {what}"),
            );
            self.size(file, &tp.field("size"), t.size, &what);
            self.dim(
                file,
                &tp.field("mounting_height"),
                t.mounting_height,
                &format!("the mounting height of {what}"),
                Lower::NonNegative,
                MAX_HEIGHT_M,
            );
            self.model_path(file, &tp.field("model"), &t.model, &what);
            if let Some(color) = t.color
                && color.iter().any(|c| !(0.0..=1.0).contains(c))
            {
                self.error_hint(
                    Code::InvalidParameter,
                    file,
                    &tp.field("color"),
                    format!("the color of {what} has a component outside 0..1"),
                    "colors are `(r, g, b)` with each part between 0.0 and 1.0",
                );
            }
        }
    }
}
