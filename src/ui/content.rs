//! What the panels say: pure functions from report and language to strings, so the words
//! are tested without a window.

use crate::i18n::UiText;
use crate::shared::{MarkerStatus, marker_status};
use venue_core::report::{Report, RuleResult};
use venue_core::{Lang, Level, RulePack, Status};

/// "18 / 20 项必须要求达标" / "18 / 20 required rules pass".
pub fn summary(report: &Report, level: Level, lang: Lang) -> String {
    let (pass, total) = report.tally(level);
    let text = match level {
        Level::Required => UiText::RequiredPass,
        Level::Recommended => UiText::RecommendedPass,
    };
    format!("{pass} / {total} {}", text.get(lang))
}

pub fn status_text(status: MarkerStatus, lang: Lang) -> &'static str {
    match status {
        MarkerStatus::Pass => UiText::Pass.get(lang),
        MarkerStatus::FailRequired => UiText::Fail.get(lang),
        MarkerStatus::FailRecommended => UiText::FailRecommended.get(lang),
        MarkerStatus::NotApplicable => UiText::NotApplicable.get(lang),
    }
}

pub fn level_text(level: Level, lang: Lang) -> &'static str {
    match level {
        Level::Required => UiText::Required.get(lang),
        Level::Recommended => UiText::Recommended.get(lang),
    }
}

/// Everything the detail card shows for one checkpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub title: String,
    pub status: MarkerStatus,
    pub status_text: String,
    pub level_text: String,
    /// "实测 0.82 m · 要求 ≥ 0.90 m", when the check measures a number.
    pub measure: Option<String>,
    pub finding: String,
    pub explanation: String,
    pub source: String,
    pub effective: String,
}

fn number(v: f64, unit: venue_core::report::Unit) -> String {
    use venue_core::report::Unit;
    match unit {
        Unit::Count => format!("{v:.0}"),
        Unit::Bool => String::new(),
        Unit::Ratio => format!("{v:.2}"),
        _ => format!("{v:.2}{}", unit.suffix()),
    }
}

/// The measured figure beside the requirement. A failing figure that would print the
/// same as the requirement at two decimals (0.899 m against 0.90 m) is shown to the
/// millimetre, so a visitor never reads "0.90 m, required ≥ 0.90 m: fails".
fn measured_number(
    measured: f64,
    required: f64,
    unit: venue_core::report::Unit,
    failed: bool,
) -> String {
    use venue_core::report::Unit;
    let shown = number(measured, unit);
    let precise = !matches!(unit, Unit::Count | Unit::Bool);
    if failed && precise && shown == number(required, unit) {
        let suffix = if unit == Unit::Ratio {
            ""
        } else {
            unit.suffix()
        };
        format!("{measured:.3}{suffix}")
    } else {
        shown
    }
}

pub fn card(result: &RuleResult, packs: &[RulePack], lang: Lang) -> Card {
    let rule = packs
        .iter()
        .flat_map(|p| &p.rules)
        .find(|r| r.id == result.id);
    let status = marker_status(result);
    let measure = match (result.measured, result.required, result.unit) {
        (_, _, venue_core::report::Unit::Bool) => None,
        (Some(m), Some(r), unit) => {
            let op = result.comparison.map_or("", |c| c.symbol());
            Some(format!(
                "{} {} · {} {op} {}",
                UiText::Measured.get(lang),
                measured_number(
                    m,
                    r,
                    unit,
                    result.status == venue_core::report::Status::Fail
                ),
                UiText::RequiredValue.get(lang),
                number(r, unit)
            ))
        }
        (None, Some(r), unit) => {
            let op = result.comparison.map_or("", |c| c.symbol());
            Some(format!(
                "{} {op} {}",
                UiText::RequiredValue.get(lang),
                number(r, unit)
            ))
        }
        _ => None,
    };
    let source = {
        let mut s = format!(
            "{}：{}",
            UiText::Source.get(lang),
            result.source.document.get(lang)
        );
        if lang == Lang::En {
            s = format!(
                "{}: {}",
                UiText::Source.get(lang),
                result.source.document.get(lang)
            );
        }
        if let Some(clause) = &result.source.clause {
            s.push_str(&format!(" · {} {clause}", UiText::Clause.get(lang)));
        }
        s
    };
    Card {
        title: result.title.get(lang).to_string(),
        status,
        status_text: status_text(status, lang).to_string(),
        level_text: level_text(result.level, lang).to_string(),
        measure,
        finding: result.finding.get(lang).to_string(),
        explanation: rule
            .map(|r| r.explanation.get(lang).to_string())
            .unwrap_or_default(),
        source,
        effective: format!("{} {}", UiText::Effective.get(lang), result.effective),
    }
}

/// Checklist rows grouped by category, in report order within each category, with the
/// category's display name.
pub fn grouped<'a>(
    report: &'a Report,
    packs: &[RulePack],
    lang: Lang,
) -> Vec<(String, Vec<&'a RuleResult>)> {
    let mut groups: Vec<(String, Vec<&RuleResult>)> = Vec::new();
    for result in &report.results {
        let name = packs
            .iter()
            .find_map(|p| p.categories.get(&result.category))
            .map(|t| t.get(lang).to_string())
            .unwrap_or_else(|| result.category.clone());
        match groups.iter_mut().find(|(n, _)| *n == name) {
            Some((_, rows)) => rows.push(result),
            None => groups.push((name, vec![result])),
        }
    }
    groups
}

/// Whether a result counts as failing for the summary colour.
/// An evidence label as a visitor should read it: the core labels evidence with the ids
/// authors gave fixtures and zones (`hood`, `sink_veg: 0.85 m`); those become the names
/// of their types or zones in `lang` (排油烟罩, 0.85 m after 洗菜池…). Anything else —
/// measures, arrows, door ids — is kept as is.
pub fn evidence_label(
    label: &str,
    venue: &venue_core::Venue,
    catalogue: &venue_core::Catalogue,
    lang: Lang,
) -> String {
    let name_of = |id: &str| -> Option<String> {
        if let Some(fixture) = venue.fixtures.iter().find(|f| f.id == id) {
            return catalogue
                .fixtures
                .get(&fixture.kind)
                .map(|t| t.name.get(lang).to_string());
        }
        venue
            .zones
            .iter()
            .find(|z| z.id == id)
            .map(|z| z.display_name().get(lang).to_string())
    };
    if let Some(name) = name_of(label) {
        return name;
    }
    if let Some((id, rest)) = label.split_once(": ")
        && let Some(name) = name_of(id)
    {
        return format!("{name}: {rest}");
    }
    label.to_string()
}

pub fn any_required_fail(report: &Report) -> bool {
    report
        .results
        .iter()
        .any(|r| r.level == Level::Required && r.status == Status::Fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failing_figure_never_prints_as_its_requirement() {
        use venue_core::report::Unit;
        assert_eq!(measured_number(0.899, 0.90, Unit::Metre, true), "0.899 m");
        assert_eq!(measured_number(0.85, 0.90, Unit::Metre, true), "0.85 m");
        assert_eq!(measured_number(0.901, 0.90, Unit::Metre, false), "0.90 m");
        assert_eq!(measured_number(0.4995, 0.5, Unit::Ratio, true), "0.499");
        assert_eq!(measured_number(1.0, 1.0, Unit::Count, true), "1");
    }

    fn violations() -> (Report, Vec<RulePack>) {
        let path = crate::manifest_dir().join("scenes/small-eatery-violations");
        let loaded = venue_core::load::load_venue(&path).expect("loads");
        let packs: Vec<RulePack> = loaded.packs.iter().map(|(_, p)| p.clone()).collect();
        let report = venue_core::rules::evaluate(&loaded.venue, &loaded.catalogue, &packs);
        (report, packs)
    }

    #[test]
    fn card_shows_measured_against_required_source_and_level() {
        let (report, packs) = violations();
        let result = report
            .results
            .iter()
            .find(|r| r.id == "rodent_guard")
            .expect("rule");
        let zh = card(result, &packs, Lang::Zh);
        assert_eq!(zh.status, MarkerStatus::FailRequired);
        assert_eq!(zh.status_text, "不符合");
        assert_eq!(zh.level_text, "必须（应）");
        assert_eq!(zh.measure.as_deref(), Some("实测 0.40 m · 要求 ≥ 0.60 m"));
        assert!(zh.source.starts_with("依据："), "{}", zh.source);
        assert!(!zh.explanation.is_empty() && !zh.finding.is_empty());
        let en = card(result, &packs, Lang::En);
        assert_eq!(
            en.measure.as_deref(),
            Some("Measured 0.40 m · Required ≥ 0.60 m")
        );
        assert!(en.source.starts_with("Source: "), "{}", en.source);
        assert_ne!(en.title, zh.title);
        assert_ne!(en.explanation, zh.explanation);
    }

    #[test]
    fn summary_counts_required_rules() {
        let (report, _) = violations();
        let (pass, total) = report.tally(Level::Required);
        assert!(pass < total);
        assert_eq!(
            summary(&report, Level::Required, Lang::En),
            format!("{pass} / {total} required rules pass")
        );
        assert_eq!(
            summary(&report, Level::Required, Lang::Zh),
            format!("{pass} / {total} 项必须要求达标")
        );
        assert!(any_required_fail(&report));
    }

    #[test]
    fn checklist_groups_use_category_names() {
        let (report, packs) = violations();
        let groups = grouped(&report, &packs, Lang::Zh);
        let rows: usize = groups.iter().map(|(_, r)| r.len()).sum();
        assert_eq!(rows, report.results.len(), "every rule is listed once");
        assert!(
            groups.iter().all(|(name, _)| crate::i18n::has_cjk(name)),
            "category names are Chinese"
        );
    }

    #[test]
    fn evidence_labels_name_fixtures_and_zones_in_the_visitors_language() {
        let loaded =
            venue_core::load::load_venue(&crate::manifest_dir().join("scenes/small-eatery"))
                .expect("the eatery loads");
        let (venue, catalogue) = (&loaded.venue, &loaded.catalogue);
        let hood = venue.fixtures.iter().find(|f| f.kind == "hood").unwrap();
        let hood_name = catalogue.fixtures["hood"].name.clone();
        assert_eq!(
            evidence_label(&hood.id, venue, catalogue, Lang::Zh),
            hood_name.zh
        );
        assert_eq!(
            evidence_label(&hood.id, venue, catalogue, Lang::En),
            hood_name.en
        );
        assert_eq!(
            evidence_label(&format!("{}: 1.20 m", hood.id), venue, catalogue, Lang::Zh),
            format!("{}: 1.20 m", hood_name.zh)
        );
        let zone = &venue.zones[0];
        assert_eq!(
            evidence_label(&zone.id, venue, catalogue, Lang::Zh),
            zone.display_name().zh
        );
        for kept in ["0.15 m", "≥ 0.10 m", "⟷", "nobody: 2 m", ""] {
            assert_eq!(evidence_label(kept, venue, catalogue, Lang::Zh), kept);
        }
    }
}
