//! The shared palette of PBR metallic-roughness materials. Colours are linear RGB (as
//! glTF's `baseColorFactor` is); emissive colours stay at or below 1.0, which Bevy
//! shows at full brightness without a strength extension.

/// One palette entry. The derived order is the order materials and primitives appear
/// in a file, which keeps the output deterministic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mat {
    Steel,
    SteelDark,
    Chrome,
    Aluminium,
    CastIron,
    Filter,
    Ceramic,
    WhiteEnamel,
    PlasticWhite,
    PlasticGrey,
    PlasticDark,
    RedPaint,
    RedFabric,
    YellowPaint,
    Brass,
    TagRed,
    TagGreen,
    TagBlue,
    TagYellow,
    Wood,
    WoodDark,
    Quartz,
    LockerPaint,
    BinGreen,
    Glass,
    SmokedGlass,
    Water,
    LiquidRed,
    UvGlow,
    UvTube,
    ExitGreen,
    ExitWhite,
    LampLens,
    LedGreen,
    LedRed,
}

/// How a material is written to glTF.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MaterialSpec {
    pub name: &'static str,
    /// Linear RGBA; alpha below 1 only with `blend`.
    pub base_color: [f32; 4],
    pub metallic: f32,
    pub roughness: f32,
    /// Linear RGB emitted light; all zero for non-emissive materials.
    pub emissive: [f32; 3],
    /// Alpha blending (glass); opaque otherwise.
    pub blend: bool,
}

const NO_GLOW: [f32; 3] = [0.0; 3];

const fn opaque(name: &'static str, rgb: [f32; 3], metallic: f32, roughness: f32) -> MaterialSpec {
    MaterialSpec {
        name,
        base_color: [rgb[0], rgb[1], rgb[2], 1.0],
        metallic,
        roughness,
        emissive: NO_GLOW,
        blend: false,
    }
}

const fn glowing(name: &'static str, rgb: [f32; 3], emissive: [f32; 3]) -> MaterialSpec {
    MaterialSpec {
        name,
        base_color: [rgb[0], rgb[1], rgb[2], 1.0],
        metallic: 0.0,
        roughness: 0.4,
        emissive,
        blend: false,
    }
}

impl Mat {
    pub fn spec(self) -> MaterialSpec {
        match self {
            Mat::Steel => opaque("stainless_steel", [0.75, 0.75, 0.77], 0.9, 0.35),
            // Bowl interiors: the same steel, darker and duller so recesses read.
            Mat::SteelDark => opaque("stainless_steel_recess", [0.42, 0.43, 0.45], 0.9, 0.5),
            Mat::Chrome => opaque("chrome", [0.9, 0.9, 0.92], 1.0, 0.12),
            Mat::Aluminium => opaque("aluminium", [0.8, 0.81, 0.83], 0.85, 0.5),
            Mat::CastIron => opaque("cast_iron", [0.045, 0.045, 0.045], 0.6, 0.7),
            Mat::Filter => opaque("grease_filter", [0.3, 0.3, 0.32], 0.8, 0.55),
            Mat::Ceramic => opaque("white_ceramic", [0.93, 0.93, 0.91], 0.0, 0.12),
            Mat::WhiteEnamel => opaque("white_enamel", [0.88, 0.89, 0.9], 0.1, 0.3),
            Mat::PlasticWhite => opaque("white_plastic", [0.85, 0.85, 0.83], 0.0, 0.45),
            Mat::PlasticGrey => opaque("grey_plastic", [0.35, 0.36, 0.38], 0.0, 0.5),
            Mat::PlasticDark => opaque("black_plastic", [0.03, 0.03, 0.035], 0.0, 0.6),
            Mat::RedPaint => opaque("red_painted_metal", [0.7, 0.03, 0.03], 0.3, 0.4),
            Mat::RedFabric => opaque("red_fabric", [0.55, 0.02, 0.02], 0.0, 0.9),
            Mat::YellowPaint => opaque("yellow_paint", [0.9, 0.65, 0.02], 0.2, 0.45),
            Mat::Brass => opaque("brass", [0.78, 0.57, 0.2], 1.0, 0.35),
            Mat::TagRed => opaque("tag_red", [0.8, 0.04, 0.03], 0.0, 0.4),
            Mat::TagGreen => opaque("tag_green", [0.04, 0.5, 0.1], 0.0, 0.4),
            Mat::TagBlue => opaque("tag_blue", [0.03, 0.15, 0.7], 0.0, 0.4),
            Mat::TagYellow => opaque("tag_yellow", [0.9, 0.7, 0.02], 0.0, 0.4),
            Mat::Wood => opaque("wood", [0.45, 0.27, 0.12], 0.0, 0.65),
            Mat::WoodDark => opaque("dark_wood", [0.2, 0.11, 0.05], 0.0, 0.6),
            Mat::Quartz => opaque("white_worktop", [0.8, 0.8, 0.78], 0.0, 0.25),
            Mat::LockerPaint => opaque("locker_blue_grey", [0.25, 0.35, 0.5], 0.3, 0.5),
            Mat::BinGreen => opaque("green_plastic", [0.05, 0.3, 0.12], 0.0, 0.55),
            Mat::Glass => MaterialSpec {
                name: "clear_glass",
                base_color: [0.7, 0.85, 0.9, 0.25],
                metallic: 0.0,
                roughness: 0.05,
                emissive: NO_GLOW,
                blend: true,
            },
            Mat::SmokedGlass => opaque("smoked_glass", [0.04, 0.05, 0.06], 0.0, 0.05),
            Mat::Water => opaque("water", [0.5, 0.65, 0.75], 0.0, 0.05),
            Mat::LiquidRed => opaque("thermometer_liquid", [0.8, 0.02, 0.02], 0.0, 0.2),
            Mat::UvGlow => glowing("uv_glow_panel", [0.25, 0.15, 0.8], [0.3, 0.15, 1.0]),
            Mat::UvTube => glowing("uv_tube", [0.7, 0.6, 1.0], [0.75, 0.6, 1.0]),
            Mat::ExitGreen => glowing("exit_green", [0.02, 0.5, 0.15], [0.02, 0.75, 0.2]),
            Mat::ExitWhite => glowing("exit_white", [1.0, 1.0, 1.0], [0.95, 1.0, 0.95]),
            Mat::LampLens => glowing("lamp_lens", [1.0, 1.0, 0.95], [0.35, 0.35, 0.32]),
            Mat::LedGreen => glowing("led_green", [0.1, 0.9, 0.2], [0.1, 1.0, 0.2]),
            Mat::LedRed => opaque("led_red_off", [0.6, 0.02, 0.02], 0.0, 0.2),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Mat; 35] = [
        Mat::Steel,
        Mat::SteelDark,
        Mat::Chrome,
        Mat::Aluminium,
        Mat::CastIron,
        Mat::Filter,
        Mat::Ceramic,
        Mat::WhiteEnamel,
        Mat::PlasticWhite,
        Mat::PlasticGrey,
        Mat::PlasticDark,
        Mat::RedPaint,
        Mat::RedFabric,
        Mat::YellowPaint,
        Mat::Brass,
        Mat::TagRed,
        Mat::TagGreen,
        Mat::TagBlue,
        Mat::TagYellow,
        Mat::Wood,
        Mat::WoodDark,
        Mat::Quartz,
        Mat::LockerPaint,
        Mat::BinGreen,
        Mat::Glass,
        Mat::SmokedGlass,
        Mat::Water,
        Mat::LiquidRed,
        Mat::UvGlow,
        Mat::UvTube,
        Mat::ExitGreen,
        Mat::ExitWhite,
        Mat::LampLens,
        Mat::LedGreen,
        Mat::LedRed,
    ];

    #[test]
    fn palette_values_are_in_range_and_names_unique() {
        let mut names: Vec<&str> = ALL.iter().map(|m| m.spec().name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ALL.len());
        for m in ALL {
            let s = m.spec();
            let unit = |v: f32| (0.0..=1.0).contains(&v);
            assert!(s.base_color.iter().all(|&v| unit(v)), "{m:?}");
            assert!(s.emissive.iter().all(|&v| unit(v)), "{m:?}");
            assert!(unit(s.metallic) && unit(s.roughness), "{m:?}");
            assert_eq!(s.blend, s.base_color[3] < 1.0, "{m:?}");
        }
    }
}
