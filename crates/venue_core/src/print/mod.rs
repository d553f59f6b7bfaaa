//! A printable self-check report: one self-contained HTML file (inline CSS and an SVG
//! floor plan, no scripts, no external files) that prints on A4, for an applicant to
//! keep and show at the approval counter, in zh-CN, Traditional Chinese (zh-Hant-HK) or
//! English.
//!
//! - [`checkpoint_numbers`]: the numbers checkpoints carry, shared with the app's
//!   markers (tour stops first, in tour order, then the rest in report order).
//! - [`svg::plan_svg`]: the floor plan with the numbered checkpoints.
//! - [`report_html`]: the page: the venue, the date, the rule packs, the self-check
//!   disclaimer, the plan, the checklist grouped by category, and the pictures of
//!   failing checkpoints when the caller rendered them ([`CheckpointImage`]; the core
//!   has no renderer, and the page is whole without them).
//!
//! Invariants: every text from a file is HTML-escaped ([`escape`]); the page depends
//! only on its inputs (the date is passed in), so the same files on the same day give
//! the same bytes.

pub mod font;
pub mod svg;

use crate::compact_sort::CompactSort;
use crate::model::{Lang, Level, RulePack, Text, Value, Venue};
use crate::plan::Plan;
use crate::report::{Report, RuleResult, Status, Unit};
use std::collections::HashMap;
use std::fmt::Write as _;

/// A picture of a checkpoint from its viewpoint, rendered by the caller, embedded as a
/// `data:` URI (`data:image/jpeg;base64,…`).
#[derive(Debug, Clone, PartialEq)]
pub struct CheckpointImage {
    /// The rule id.
    pub rule: String,
    pub data_uri: String,
}

/// Numbers for `report`'s results, in order: a tour stop's number is its place in the
/// tour (1-based); the other checkpoints follow the stops in report order.
pub fn checkpoint_numbers(report: &Report, tour_stops: &[&str]) -> Vec<usize> {
    let stop_of: HashMap<&str, usize> = tour_stops
        .iter()
        .enumerate()
        .rev()
        .map(|(i, id)| (*id, i + 1))
        .collect();
    let mut next = tour_stops.len();
    report
        .results
        .iter()
        .map(|r| match stop_of.get(r.id.as_str()) {
            Some(&n) => n,
            None => {
                next += 1;
                next
            }
        })
        .collect()
}

/// A permit kind as an applicant reads it (`food_business` → 食品经营许可); an unknown
/// kind shows as written. Shared with the app's scene picker.
pub fn permit_name(permit: &str, lang: Lang) -> String {
    let (zh, en) = match permit {
        "food_business" => ("食品经营许可", "Food business licence"),
        "drug_retail" => ("药品零售许可", "Drug retail licence"),
        other => return other.to_owned(),
    };
    t(lang, zh, en).to_owned()
}

/// `text` safe inside HTML and SVG text and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `YYYY-MM-DD` of a Unix time (UTC), for the report's date line.
pub fn iso_date(unix_seconds: u64) -> String {
    // Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
    let days = (unix_seconds / 86_400) as i64 + 719_468;
    let era = days.div_euclid(146_097);
    let doe = days.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn t(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    lang.pick(zh, en)
}

fn figure(v: f64, unit: Unit) -> String {
    match unit {
        Unit::Count => format!("{v:.0}"),
        Unit::Bool => String::new(),
        _ => format!("{v:.2}{}", unit.suffix()),
    }
}

/// "0.85 m / ≥ 0.90 m", or what there is of it.
fn measured_against_required(r: &RuleResult) -> String {
    let op = r.comparison.map_or("", |c| c.symbol());
    match (r.measured, r.required, r.unit) {
        (_, _, Unit::Bool) => String::new(),
        (Some(m), Some(q), unit) => {
            let mut shown = figure(m, unit);
            // A failing figure never prints as its requirement.
            if r.status == Status::Fail && shown == figure(q, unit) && unit != Unit::Count {
                shown = format!("{m:.3}{}", unit.suffix());
            }
            format!("{shown} / {op} {}", figure(q, unit))
        }
        (None, Some(q), unit) => format!("{op} {}", figure(q, unit)),
        (Some(m), None, unit) => figure(m, unit),
        (None, None, _) => String::new(),
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Text(s) => s.clone(),
    }
}

/// The system fonts the page asks for without an embedded one (and after it).
const SYSTEM_FONTS: &str =
    r#""Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif"#;

/// Traditional Chinese pages ask for Traditional system faces (Hong Kong first), where no
/// font is embedded.
const HANT_STYLE: &str = r#"
body, svg { font-family: "Noto Sans CJK HK", "Source Han Sans HK", "Noto Sans CJK TC", "Microsoft JhengHei", "PingFang HK", sans-serif; }
"#;

const STYLE: &str = r#"
@page { size: A4; margin: 14mm 12mm; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; font-size: 10.5pt; color: #111; margin: 0; }
h1 { font-size: 18pt; margin: 0 0 2mm; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; border-bottom: 1px solid #999; break-after: avoid; }
.disclaimer { border: 2px solid #c62828; padding: 2mm 3mm; margin: 3mm 0; font-weight: bold; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 4mm; margin: 0; }
dl.facts dt { color: #555; } dl.facts dd { margin: 0; }
.plan { width: 100%; max-height: 170mm; break-inside: avoid; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; vertical-align: top; padding: 1.2mm 1.5mm; border-bottom: 1px solid #ddd; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
.num { width: 7mm; text-align: center; font-weight: bold; }
.status { width: 14mm; font-weight: bold; }
.pass { color: #2e7d32; } .fail { color: #c62828; } .na { color: #757575; }
.source { color: #555; font-size: 9pt; }
.summary { font-size: 12pt; margin: 2mm 0; }
.views { display: grid; grid-template-columns: 1fr 1fr; gap: 4mm; }
figure.view { break-inside: avoid; margin: 0; }
figure.view img { width: 100%; border: 1px solid #999; }
figure.view figcaption { margin: 1mm 0; }
"#;

/// The whole page for a loaded venue, its plan and report, in `lang`, dated `date`
/// (`YYYY-MM-DD`), with `images` of failing checkpoints (in any order; images of rules
/// that are not in the report or do not fail are left out).
pub fn report_html(
    venue: &Venue,
    packs: &[RulePack],
    plan: &Plan,
    report: &Report,
    lang: Lang,
    date: &str,
    images: &[CheckpointImage],
    font: Option<&[u8]>,
) -> String {
    let stops: Vec<&str> = venue
        .tour
        .as_ref()
        .map(|t| t.stops.iter().map(|s| s.rule.as_str()).collect())
        .unwrap_or_default();
    let numbers = checkpoint_numbers(report, &stops);
    let title = venue.title.get(lang);
    let mut h = String::new();
    let html_lang = lang.bcp47();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\"><head><meta charset=\"utf-8\">\
         <title>{} — {}</title><style>{STYLE}{}</style></head><body>\n",
        escape(title),
        t(lang, "自查报告", "Self-check report"),
        if lang == Lang::ZhHant { HANT_STYLE } else { "" }
    );
    let _ = writeln!(
        h,
        "<h1>{} · {}</h1>",
        escape(title),
        t(lang, "开店自查报告", "Premises self-check report")
    );
    let _ = writeln!(
        h,
        "<div class=\"disclaimer\">{}</div>",
        t(
            lang,
            "本报告是申请人用软件做的自查结果，不是审批决定。是否批准以审批部门现场核查为准。",
            "This is a self-check made with software, not an approval. Only the licensing authority's inspection decides."
        )
    );

    // The facts.
    let _ = writeln!(h, "<dl class=\"facts\">");
    let mut fact = |k: &str, v: &str| {
        let _ = writeln!(h, "<dt>{}</dt><dd>{}</dd>", escape(k), escape(v));
    };
    fact(t(lang, "日期", "Date"), date);
    fact(
        t(lang, "许可类别", "Permit"),
        &permit_name(&venue.permit, lang),
    );
    fact(
        t(lang, "建筑面积", "Floor area"),
        &format!("{:.1} m²", plan.floor_area),
    );
    if !venue.flags.is_empty() {
        let flags: Vec<String> = venue
            .flags
            .iter()
            .map(|(k, v)| format!("{k} = {}", value_text(v)))
            .collect();
        fact(t(lang, "经营情况", "Declared"), &flags.join(", "));
    }
    let pack_names: Vec<String> = packs
        .iter()
        .map(|p| match &p.version {
            Some(version) => format!(
                "{} ({}, {} {version})",
                p.title.get(lang),
                p.id,
                t(lang, "版本", "version")
            ),
            None => format!("{} ({})", p.title.get(lang), p.id),
        })
        .collect();
    fact(t(lang, "依据规则包", "Rule packs"), &pack_names.join("; "));
    let _ = writeln!(h, "</dl>");

    let (req_pass, req_all) = report.tally(Level::Required);
    let (rec_pass, rec_all) = report.tally(Level::Recommended);
    let verdict = if report.required_pass() {
        t(lang, "必须项全部符合", "Every required checkpoint passes")
    } else {
        t(lang, "有必须项不符合", "Some required checkpoints fail")
    };
    let _ = writeln!(
        h,
        "<p class=\"summary\"><b>{verdict}</b> · {} {req_pass} / {req_all} · {} {rec_pass} / {rec_all}</p>",
        t(lang, "必须项符合", "required passing"),
        t(lang, "建议项符合", "recommended passing"),
    );

    let _ = writeln!(h, "<h2>{}</h2>", t(lang, "平面图", "Floor plan"));
    h.push_str(&svg::plan_svg(plan, report, &numbers, lang));
    let _ = writeln!(
        h,
        "<p class=\"source\">{}</p>",
        t(
            lang,
            "圆圈数字即检查项编号（与屏幕上的标记相同）：绿色符合，红色不符合，灰色不适用；红线为不符合项的测量依据。设备的粗边为其正面（使用时人站的一侧）。",
            "Numbered discs are the checkpoints (the same numbers as the markers on screen): green passes, red fails, grey does not apply; red lines are the evidence of failing checkpoints. A fixture's bold edge is its front, where one stands to use it."
        )
    );

    // The checklist, grouped by category in report order, numbered as on the plan.
    let _ = writeln!(h, "<h2>{}</h2>", t(lang, "检查清单", "Checklist"));
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, r) in report.results.iter().enumerate() {
        let name = packs
            .iter()
            .find_map(|p| p.categories.get(&r.category))
            .map_or_else(|| r.category.clone(), |t: &Text| t.get(lang).to_owned());
        match groups.iter_mut().find(|(n, _)| *n == name) {
            Some((_, rows)) => rows.push(i),
            None => groups.push((name, vec![i])),
        }
    }
    for (name, rows) in groups {
        let _ = writeln!(
            h,
            "<h3>{}</h3><table><thead><tr><th class=\"num\">#</th><th class=\"status\">{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            escape(&name),
            t(lang, "结果", "Result"),
            t(lang, "检查项", "Checkpoint"),
            t(lang, "实测 / 要求", "Measured / required"),
        );
        for i in rows {
            let r = &report.results[i];
            let (class, status) = match r.status {
                Status::Pass => ("pass", t(lang, "符合", "Pass")),
                Status::Fail => ("fail", t(lang, "不符合", "Fail")),
                Status::NotApplicable => ("na", t(lang, "不适用", "N/A")),
            };
            let level = match r.level {
                Level::Required => t(lang, "必须（应）", "required (shall)"),
                Level::Recommended => t(lang, "建议（宜）", "recommended (should)"),
            };
            let mut source = r.source.document.get(lang).to_owned();
            if let Some(clause) = &r.source.clause {
                source.push_str(&format!(" {} {clause}", t(lang, "条款", "clause")));
            }
            let _ = writeln!(
                h,
                "<tr><td class=\"num\">{}</td><td class=\"status {class}\">{status}</td>\
                 <td><b>{}</b> <span class=\"source\">{level}</span><br>{}<br>\
                 <span class=\"source\">{}{}</span></td><td>{}</td></tr>",
                numbers[i],
                escape(r.title.get(lang)),
                escape(r.finding.get(lang)),
                t(lang, "依据：", "Source: "),
                escape(&source),
                escape(&measured_against_required(r)),
            );
        }
        let _ = writeln!(h, "</tbody></table>");
    }

    // What each failing checkpoint looks like, in checkpoint-number order.
    let mut shown: Vec<(usize, &RuleResult, &CheckpointImage)> = report
        .results
        .iter()
        .enumerate()
        .filter(|(_, r)| r.status == Status::Fail)
        .filter_map(|(i, r)| {
            let image = images.iter().find(|im| im.rule == r.id)?;
            Some((numbers[i], r, image))
        })
        .collect();
    shown.sort_compact_by_key(|(n, _, _)| *n);
    if !shown.is_empty() {
        let _ = writeln!(
            h,
            "<h2>{}</h2>",
            t(lang, "不符合项现场视图", "Failing checkpoints in view")
        );
        h.push_str("<div class=\"views\">\n");
        for (number, r, image) in shown {
            let _ = writeln!(
                h,
                "<figure class=\"view\"><img src=\"{}\" alt=\"{}\">\
                 <figcaption><b>{number}. {}</b> <span class=\"fail\">{}</span></figcaption></figure>",
                escape(&image.data_uri),
                escape(r.finding.get(lang)),
                escape(r.title.get(lang)),
                escape(&measured_against_required(r)),
            );
        }
        h.push_str("</div>\n");
    }
    h.push_str("</body></html>\n");
    match font {
        Some(font) => with_font(h, font),
        None => h,
    }
}

/// The characters the embedded font serves: CJK punctuation, ideographs, full-width
/// forms (and the same as a CSS `unicode-range`).
const CJK_RANGES: &str =
    "U+2E80-2FFF, U+3000-303F, U+3400-4DBF, U+4E00-9FFF, U+F900-FAFF, U+FF00-FFEF";

/// Whether `c` is in [`CJK_RANGES`], the characters the embedded font serves.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FFF}'
        | '\u{3000}'..='\u{303F}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}')
}

/// Family name of the embedded font in the page's CSS.
const EMBEDDED_FAMILY: &str = "Venue Report Sans";

/// `page` with `font` cut to its characters and embedded, first in the font list, so
/// the page prints the same on a machine without Chinese fonts. Unchanged when the
/// font cannot be cut (system fonts then apply).
fn with_font(page: String, font: &[u8]) -> String {
    use base64::Engine as _;
    // Only the Chinese: Latin text keeps the system's sans-serif and its real bold (a
    // synthesised bold of an embedded face prints without word spaces in the PDF's text).
    let cjk: String = page.chars().filter(|&c| is_cjk(c)).collect();
    if cjk.is_empty() {
        return page;
    }
    let Some(subset) = font::subset_for_text(font, &cjk) else {
        return page;
    };
    let face = format!(
        "<style>@font-face {{ font-family: \"{EMBEDDED_FAMILY}\"; src: url(data:font/ttf;base64,{}) format(\"truetype\"); unicode-range: {CJK_RANGES}; }}\n\
         body, svg {{ font-family: \"{EMBEDDED_FAMILY}\", {SYSTEM_FONTS}; }}</style></head>",
        base64::engine::general_purpose::STANDARD.encode(subset)
    );
    page.replacen("</head>", &face, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_civil() {
        assert_eq!(iso_date(0), "1970-01-01");
        assert_eq!(iso_date(951_782_400), "2000-02-29");
        assert_eq!(iso_date(1_795_996_800 + 86_399), "2026-11-30");
        assert_eq!(iso_date(1_796_083_200), "2026-12-01");
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape(r#"<b>"A & B's"</b>"#),
            "&lt;b&gt;&quot;A &amp; B&#39;s&quot;&lt;/b&gt;"
        );
    }
}
