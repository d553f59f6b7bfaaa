//! Results of evaluating rules, and their renderings (JSON, table).
//!
//! The JSON shape is documented in the README (`check --format json`) and is stable:
//! fields are only ever added.
//!
//! Figures in a report are rounded ([`round_measured`], [`Evidence::rounded`]) so that
//! it carries no float noise (`0.04999999999999999`); checks compare the exact values
//! before rounding.

use crate::model::{Level, P3, Text};
use serde::Serialize;

/// The outcome of one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Fail,
    /// The rule's `applies_when` is false for this venue.
    NotApplicable,
}

/// How `measured` is compared with `required`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Comparison {
    /// measured ≥ required
    #[serde(rename = ">=")]
    AtLeast,
    /// measured ≤ required
    #[serde(rename = "<=")]
    AtMost,
    /// measured = required
    #[serde(rename = "==")]
    Equal,
}

impl Comparison {
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::AtLeast => "≥",
            Comparison::AtMost => "≤",
            Comparison::Equal => "=",
        }
    }
}

/// Unit of `measured` and `required`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Unit {
    #[serde(rename = "m")]
    Metre,
    #[serde(rename = "m2")]
    SquareMetre,
    #[serde(rename = "ratio")]
    Ratio,
    #[serde(rename = "count")]
    Count,
    /// For yes/no checks: 1 = satisfied, 0 = not.
    #[serde(rename = "bool")]
    Bool,
}

impl Unit {
    pub fn suffix(self) -> &'static str {
        match self {
            Unit::Metre => " m",
            Unit::SquareMetre => " m²",
            Unit::Ratio | Unit::Count | Unit::Bool => "",
        }
    }
}

/// Geometry a renderer draws to show why a rule passed or failed. Points are `(x, y, z)`
/// in metres; y is height above the floor.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Evidence {
    Point {
        at: P3,
        label: String,
    },
    /// A dimension line, e.g. a measured distance or a clear height.
    Segment {
        from: P3,
        to: P3,
        label: String,
    },
    /// An outline, e.g. a zone with its area.
    Polygon {
        points: Vec<P3>,
        label: String,
    },
    /// A route, e.g. the widest walking path.
    Polyline {
        points: Vec<P3>,
        label: String,
    },
}

/// Reported lengths and coordinates are rounded to this (1 mm).
pub const REPORT_M: f64 = 1e-3;
/// Reported areas are rounded to this (0.01 m²).
pub const REPORT_M2: f64 = 1e-2;
/// Reported ratios are rounded to this.
pub const REPORT_RATIO: f64 = 1e-3;

/// `v` rounded to a multiple of `step` (half away from zero), without a negative zero.
pub fn round_to(v: f64, step: f64) -> f64 {
    if !v.is_finite() || !step.is_finite() || step <= 0.0 {
        return v;
    }
    let r = (v / step).round() * step;
    // Dividing by the inverse gives the shortest decimal (0.852, not 0.8520000000000001).
    let inv = (1.0 / step).round();
    let r = if inv >= 1.0 {
        (r * inv).round() / inv
    } else {
        r
    };
    r + 0.0
}

/// A measured value as reported: metres to 1 mm, m² to 0.01 m², ratios to 0.001; counts
/// and yes/no as they are.
pub fn round_measured(unit: Unit, v: f64) -> f64 {
    match unit {
        Unit::Metre => round_to(v, REPORT_M),
        Unit::SquareMetre => round_to(v, REPORT_M2),
        Unit::Ratio => round_to(v, REPORT_RATIO),
        Unit::Count | Unit::Bool => v,
    }
}

impl Evidence {
    /// The evidence with every coordinate rounded to [`REPORT_M`].
    pub fn rounded(&self) -> Evidence {
        let p = |q: &P3| {
            (
                round_to(q.0, REPORT_M),
                round_to(q.1, REPORT_M),
                round_to(q.2, REPORT_M),
            )
        };
        match self {
            Evidence::Point { at, label } => Evidence::Point {
                at: p(at),
                label: label.clone(),
            },
            Evidence::Segment { from, to, label } => Evidence::Segment {
                from: p(from),
                to: p(to),
                label: label.clone(),
            },
            Evidence::Polygon { points, label } => Evidence::Polygon {
                points: points.iter().map(p).collect(),
                label: label.clone(),
            },
            Evidence::Polyline { points, label } => Evidence::Polyline {
                points: points.iter().map(p).collect(),
                label: label.clone(),
            },
        }
    }

    /// Every point of the evidence, for framing a camera on it.
    pub fn points(&self) -> Vec<P3> {
        match self {
            Evidence::Point { at, .. } => vec![*at],
            Evidence::Segment { from, to, .. } => vec![*from, *to],
            Evidence::Polygon { points, .. } | Evidence::Polyline { points, .. } => points.clone(),
        }
    }

    pub fn label(&self) -> &str {
        match self {
            Evidence::Point { label, .. }
            | Evidence::Segment { label, .. }
            | Evidence::Polygon { label, .. }
            | Evidence::Polyline { label, .. } => label,
        }
    }
}

/// What a check found, before the rule's metadata is attached.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub passed: bool,
    pub measured: Option<f64>,
    pub required: Option<f64>,
    pub comparison: Option<Comparison>,
    pub unit: Unit,
    /// Ids of fixtures, zones, doors, walls or external features involved, sorted.
    pub entities: Vec<String>,
    pub evidence: Vec<Evidence>,
    /// One line on what was found, in both languages.
    pub finding: Text,
}

/// The result of one rule on one venue: the row of a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleResult {
    pub id: String,
    /// The check kind, e.g. `"clear_width"`.
    pub kind: &'static str,
    pub level: Level,
    pub category: String,
    pub status: Status,
    pub measured: Option<f64>,
    pub required: Option<f64>,
    pub comparison: Option<Comparison>,
    pub unit: Unit,
    pub entities: Vec<String>,
    pub evidence: Vec<Evidence>,
    pub title: Text,
    pub finding: Text,
    pub source: crate::model::Source,
    pub effective: String,
    /// Grid checks (`clear_width`, `walking_distance_max`): the cell size the grid
    /// actually used, in metres (coarser than asked on a very large plan). Absent for
    /// other checks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell_m: Option<f64>,
    /// How the figure may be less precise than asked (e.g. a coarsened grid), in both
    /// languages. Absent when there is nothing to say.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Text>,
}

/// A whole report: one result per rule of every pack, in pack then rule order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub venue: String,
    pub results: Vec<RuleResult>,
}

impl Report {
    /// Whether every applicable required rule passes.
    pub fn required_pass(&self) -> bool {
        self.results
            .iter()
            .all(|r| !(r.level == Level::Required && r.status == Status::Fail))
    }

    /// `(passing, applicable)` counts for rules of `level`.
    pub fn tally(&self, level: Level) -> (usize, usize) {
        let applicable = self
            .results
            .iter()
            .filter(|r| r.level == level && r.status != Status::NotApplicable);
        let total = applicable.clone().count();
        let passing = applicable.filter(|r| r.status == Status::Pass).count();
        (passing, total)
    }
}

/// Terminal width of a string: CJK and full-width characters take two columns.
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

fn pad(s: &str, width: usize) -> String {
    let w = display_width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

/// "0.82 m ≥ 0.90 m"-style cell: measured, the comparison, required.
pub fn measure_cell(r: &RuleResult) -> String {
    let fmt = |v: f64| match r.unit {
        Unit::Count => format!("{v:.0}"),
        Unit::Bool => {
            if v >= 0.5 {
                "yes".to_string()
            } else {
                "no".to_string()
            }
        }
        _ => format!("{v:.2}{}", r.unit.suffix()),
    };
    match (r.measured, r.required) {
        (Some(m), Some(q)) => {
            let op = r.comparison.map_or("/", Comparison::symbol);
            format!("{} / {op} {}", fmt(m), fmt(q))
        }
        (Some(m), None) => fmt(m),
        (None, Some(q)) => format!("— / {}", fmt(q)),
        (None, None) => "—".to_string(),
    }
}

/// The `check` command's table: one row per rule with status, level, measured against
/// required, and source; then the summary.
pub fn render_table(report: &Report, lang: crate::model::Lang) -> String {
    let status = |r: &RuleResult| match r.status {
        Status::Pass => lang.pick("符合", "PASS"),
        Status::Fail => lang.pick("不符合", "FAIL"),
        Status::NotApplicable => lang.pick("不适用", "N/A"),
    };
    let level = |r: &RuleResult| match r.level {
        Level::Required => lang.pick("应", "shall"),
        Level::Recommended => lang.pick("宜", "should"),
    };
    let headers: [&str; 6] = [
        lang.pick("结果", "status"),
        lang.pick("级别", "level"),
        lang.pick("规则", "rule"),
        lang.pick("实测 / 要求", "measured / required"),
        lang.pick("检查类型", "check"),
        lang.pick("依据", "source"),
    ];
    let rows: Vec<[String; 6]> = report
        .results
        .iter()
        .map(|r| {
            let clause = r
                .source
                .clause
                .as_deref()
                .map(|c| format!(" {c}"))
                .unwrap_or_default();
            [
                status(r).to_string(),
                level(r).to_string(),
                format!("{} {}", r.id, r.title.get(lang)),
                measure_cell(r),
                r.kind.to_string(),
                format!("{}{clause}", r.source.document.get(lang)),
            ]
        })
        .collect();
    let mut widths = headers.map(display_width);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(display_width(cell));
        }
    }
    let mut out = String::new();
    let line = |cells: &[String; 6], out: &mut String| {
        let last = cells.len() - 1;
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if i == last {
                out.push_str(cell);
            } else {
                out.push_str(&pad(cell, w));
                out.push_str("  ");
            }
        }
        out.push('\n');
    };
    line(&headers.map(str::to_string), &mut out);
    for row in &rows {
        line(row, &mut out);
    }
    let (rp, rt) = report.tally(Level::Required);
    let (cp, ct) = report.tally(Level::Recommended);
    out.push('\n');
    out.push_str(&lang.text(
        format!(
            "{}：必须要求 {rp} / {rt} 符合，建议要求 {cp} / {ct} 符合\n",
            report.venue
        ),
        format!(
            "{}: {rp} / {rt} required rules pass, {cp} / {ct} recommended rules pass\n",
            report.venue
        ),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_removes_float_noise() {
        assert_eq!(round_to(0.04999999999999999, REPORT_M), 0.05);
        assert_eq!(round_to(0.8520000000000003, REPORT_M), 0.852);
        assert_eq!(round_to(-0.0000001, REPORT_M).to_string(), "0");
        assert_eq!(round_measured(Unit::SquareMetre, 12.345_6), 12.35);
        assert_eq!(round_measured(Unit::Count, 3.0), 3.0);
        assert!(round_to(f64::NAN, REPORT_M).is_nan());
        let e = Evidence::Point {
            at: (5.8999999999999995, 0.0, 7.875000000000001),
            label: String::new(),
        };
        assert_eq!(e.rounded().points(), vec![(5.9, 0.0, 7.875)]);
    }
}
