//! Validation of rule packs: pack and rule ids, texts, categories, zone groups, dates,
//! conditions, selectors, and each check's parameters.
//!
//! The parameters of each check kind are checked beside its evaluation, by the
//! `validate_params` function of `rules/<kind>.rs`, through [`Params`]; this file
//! checks what all rules share and dispatches on the kind.
//!
//! Invariants: one pass over the packs and rules; conditions are followed to the depth
//! the parser allowed; the did-you-mean search (bounded, see [`crate::suggest`]) runs
//! only for diagnostics that will be shown.

use super::common::{is_iso_date, shown};
use super::context::Ctx;
use super::{Env, MAX_CELL_M, MIN_CELL_M};
use crate::diagnostic::{Code, Severity};
use crate::model::{
    Check, Condition, DoorSelector, FixtureSelector, Place, Rule, RulePack, ZoneSelector,
};
use crate::rules;
use crate::span::locate;
use crate::suggest::nearest;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Longest rule pack version label, in characters.
const MAX_VERSION_CHARS: usize = 32;

/// The context selectors are checked in.
struct SelectorEnv<'a> {
    file: &'a Path,
    pack: &'a RulePack,
    env: &'a Env<'a>,
}

/// The parameters of one rule's check, as the `validate_params` function of its kind
/// sees them: named fields of the check, reported as [`Code::InvalidParameter`] (or, for
/// selectors, [`Code::DanglingReference`]) at that field.
pub(crate) struct Params<'c, 's, 'e> {
    ctx: &'c mut Ctx<'s>,
    sel: SelectorEnv<'e>,
    check: locate::Path,
    what: String,
}

impl Params<'_, '_, '_> {
    /// "rule `id`", for messages.
    pub(crate) fn what(&self) -> &str {
        &self.what
    }

    /// The path of a field of the check.
    pub(crate) fn path(&self, field: &str) -> locate::Path {
        self.check.field(field)
    }

    /// An invalid parameter at `field`.
    pub(crate) fn error(&mut self, field: &str, message: String) {
        let path = self.path(field);
        self.ctx
            .error(Code::InvalidParameter, self.sel.file, &path, message);
    }

    /// An invalid parameter at `path` (the check itself, or an item of a field).
    pub(crate) fn error_hint_at(&mut self, path: &locate::Path, message: String, hint: String) {
        self.ctx
            .error_hint(Code::InvalidParameter, self.sel.file, path, message, hint);
    }

    /// A threshold parameter: finite and not negative.
    pub(crate) fn threshold(&mut self, name: &str, value: f64) {
        if !value.is_finite() || value < 0.0 {
            let message = format!(
                "`{name}` of {} must be a number ≥ 0, found {value}",
                self.what
            );
            self.error_hint_at(
                &self.path(name),
                message,
                "thresholds are distances, areas or heights: never negative".to_owned(),
            );
        }
    }

    /// An optional `[min, max]` pair: each a threshold, min ≤ max, at least one set.
    pub(crate) fn range(
        &mut self,
        (min_name, min): (&str, Option<f64>),
        (max_name, max): (&str, Option<f64>),
    ) {
        if let Some(v) = min {
            self.threshold(min_name, v);
        }
        if let Some(v) = max {
            self.threshold(max_name, v);
        }
        let what = self.what.clone();
        match (min, max) {
            (Some(lo), Some(hi)) if lo > hi => self.error(
                max_name,
                format!("`{max_name}` {hi} is below `{min_name}` {lo} in {what}: nothing can pass"),
            ),
            (None, None) => self.error_hint_at(
                &self.check.clone(),
                format!("{what} sets neither `{min_name}` nor `{max_name}`, so it checks nothing"),
                format!("add `{min_name}: Some(…)` or `{max_name}: Some(…)`"),
            ),
            _ => {}
        }
    }

    /// An occupancy-grid cell size: within ([`MIN_CELL_M`], [`MAX_CELL_M`]].
    pub(crate) fn cell(&mut self, cell: f64) {
        if !(cell > MIN_CELL_M && cell <= MAX_CELL_M) {
            let message = format!(
                "`cell_m` of {} must be above {MIN_CELL_M} and at most {MAX_CELL_M} m, found {cell}",
                self.what
            );
            self.error_hint_at(
                &self.path("cell_m"),
                message,
                "0.05 m is a good grid for walking routes".to_owned(),
            );
        }
    }

    pub(crate) fn zones(&mut self, field: &str, z: &ZoneSelector) {
        let path = self.path(field);
        self.zones_at(&path, z);
    }

    /// A zone selector at `path` (an item of a list field).
    pub(crate) fn zones_at(&mut self, path: &locate::Path, z: &ZoneSelector) {
        self.ctx.zone_sel(&self.sel, path, z);
    }

    pub(crate) fn fixtures(&mut self, field: &str, f: &FixtureSelector) {
        let path = self.path(field);
        self.ctx.fixture_sel(&self.sel, &path, f);
    }

    pub(crate) fn doors(&mut self, field: &str, d: &DoorSelector) {
        let path = self.path(field);
        self.ctx.door_sel(&self.sel, &path, d);
    }

    pub(crate) fn place(&mut self, field: &str, p: &Place) {
        let path = self.path(field);
        self.ctx.place(&self.sel, &path, p);
    }
}

impl Ctx<'_> {
    pub(super) fn packs(&mut self, packs: &[(&Path, &RulePack)], env: &Env<'_>) {
        let mut pack_ids: BTreeMap<&str, &Path> = BTreeMap::new();
        // Rule ids across all packs: id → (file, path).
        let mut rule_ids: BTreeMap<&str, (&Path, locate::Path)> = BTreeMap::new();
        for &(file, pack) in packs {
            let root = locate::Path::root();
            self.id(file, &root.field("id"), &pack.id, "rule pack");
            if let Some(first) = pack_ids.get(pack.id.as_str()) {
                self.error_hint(
                    Code::DuplicateId,
                    file,
                    &root.field("id"),
                    format!(
                        "rule pack id `{}` is also the id of {}",
                        shown(&pack.id),
                        first.display()
                    ),
                    "each rule pack has its own id",
                );
            } else {
                pack_ids.insert(&pack.id, file);
            }
            self.text(
                file,
                &root.field("title"),
                &pack.title,
                "the rule pack title",
            );
            if let Some(version) = &pack.version {
                let trimmed = version.trim();
                if trimmed.is_empty()
                    || version.chars().count() > MAX_VERSION_CHARS
                    || version.chars().any(char::is_control)
                {
                    self.error_hint(
                        Code::InvalidParameter,
                        file,
                        &root.field("version"),
                        format!(
                            "the rule pack version is not a short label ({} characters{})",
                            version.chars().count(),
                            if version.chars().any(char::is_control) {
                                ", with a line break or control character"
                            } else {
                                ""
                            }
                        ),
                        format!(
                            "a version is 1 to {MAX_VERSION_CHARS} characters on one line, e.g. \"2026.1\""
                        ),
                    );
                }
            }
            for (key, text) in &pack.categories {
                self.text(
                    file,
                    &root.field("categories").key(key),
                    text,
                    &format!("category `{}`", shown(key)),
                );
            }
            for (key, kinds) in &pack.zone_groups {
                if kinds.is_empty() {
                    self.error(
                        Code::InvalidParameter,
                        file,
                        &root.field("zone_groups").key(key),
                        format!("zone group `{}` lists no zone kinds", shown(key)),
                    );
                }
            }
            for (ri, rule) in pack.rules.iter().enumerate() {
                let rp = root.field("rules").index(ri);
                self.id(file, &rp.field("id"), &rule.id, "rule");
                match rule_ids.get(rule.id.as_str()) {
                    Some((first_file, first_path)) if self.wants(Code::DuplicateId) => {
                        let place = if *first_file == file {
                            self.line(file, first_path)
                                .map(|l| format!("line {l}"))
                                .unwrap_or_else(|| "this pack".to_owned())
                        } else {
                            let line = self
                                .line(first_file, first_path)
                                .map(|l| format!(":{l}"))
                                .unwrap_or_default();
                            format!("{}{line}", first_file.display())
                        };
                        self.error_hint(
                            Code::DuplicateId,
                            file,
                            &rp.field("id"),
                            format!(
                                "duplicate rule id `{}`: also defined at {place}",
                                shown(&rule.id)
                            ),
                            "rule ids are unique across all the packs a venue uses",
                        );
                    }
                    // Only counted.
                    Some(_) => self.error(Code::DuplicateId, file, &rp, String::new()),
                    None => {
                        rule_ids.insert(&rule.id, (file, rp.field("id")));
                    }
                }
                self.rule(file, &rp, rule, pack, env);
            }
        }
    }

    fn rule(
        &mut self,
        file: &Path,
        rp: &locate::Path,
        rule: &Rule,
        pack: &RulePack,
        env: &Env<'_>,
    ) {
        let what = format!("rule `{}`", shown(&rule.id));
        if !pack.categories.is_empty() && !pack.categories.contains_key(&rule.category) {
            let hint = match nearest(&rule.category, pack.categories.keys().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "add it to the pack's `categories`".to_owned(),
            };
            self.emit(
                Severity::Warning,
                Code::DanglingReference,
                file,
                &rp.field("category"),
                format!(
                    "{what} has category `{}`, which the pack's `categories` do not name",
                    shown(&rule.category)
                ),
                Some(hint),
            );
        }
        self.text(
            file,
            &rp.field("title"),
            &rule.title,
            &format!("the title of {what}"),
        );
        self.text(
            file,
            &rp.field("explanation"),
            &rule.explanation,
            &format!("the explanation of {what}"),
        );
        self.text(
            file,
            &rp.field("source").field("document"),
            &rule.source.document,
            &format!("the source document of {what}"),
        );
        if !is_iso_date(&rule.effective) {
            self.error_hint(
                Code::InvalidParameter,
                file,
                &rp.field("effective"),
                format!(
                    "the effective date of {what} is not a date: `{}`",
                    shown(&rule.effective)
                ),
                "write the date as `YYYY-MM-DD`, e.g. `2018-10-01`",
            );
        }
        if let Some(condition) = &rule.applies_when {
            self.condition(file, &rp.field("applies_when"), condition, &what);
        }
        let mut p = Params {
            ctx: self,
            sel: SelectorEnv { file, pack, env },
            check: rp.field("check"),
            what,
        };
        check_params(&mut p, &rule.check);
    }

    fn condition(&mut self, file: &Path, path: &locate::Path, c: &Condition, what: &str) {
        match c {
            Condition::Flag(name) | Condition::Equals(name, _) => {
                self.flag_name(file, path, name, what);
            }
            Condition::AtLeast(name, v) | Condition::AtMost(name, v) => {
                self.flag_name(file, path, name, what);
                if !v.is_finite() {
                    self.error(
                        Code::InvalidParameter,
                        file,
                        &path.index(1),
                        format!("a condition of {what} compares with a number that is not finite"),
                    );
                }
            }
            Condition::Not(inner) => self.condition(file, path, inner, what),
            Condition::All(list) | Condition::Any(list) => {
                if list.is_empty() {
                    self.error(
                        Code::InvalidParameter,
                        file,
                        path,
                        format!("a condition of {what} combines an empty list"),
                    );
                }
                for (i, inner) in list.iter().enumerate() {
                    self.condition(file, &path.index(i), inner, what);
                }
            }
        }
    }

    fn flag_name(&mut self, file: &Path, path: &locate::Path, name: &str, what: &str) {
        if name.trim().is_empty() {
            self.error(
                Code::InvalidParameter,
                file,
                path,
                format!("a condition of {what} names an empty flag"),
            );
        }
    }

    fn zone_sel(&mut self, sel: &SelectorEnv<'_>, path: &locate::Path, z: &ZoneSelector) {
        match z {
            ZoneSelector::All => {}
            ZoneSelector::Kinds(kinds) if kinds.is_empty() => self.error(
                Code::InvalidParameter,
                sel.file,
                path,
                "`Kinds([])` selects no zones".to_owned(),
            ),
            ZoneSelector::Kinds(_) => {}
            ZoneSelector::Group(group) => {
                if !sel.pack.zone_groups.contains_key(group) {
                    let hint = match nearest(group, sel.pack.zone_groups.keys().map(String::as_str))
                    {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => "define it in the pack's `zone_groups`".to_owned(),
                    };
                    self.error_hint(
                        Code::DanglingReference,
                        sel.file,
                        path,
                        format!(
                            "zone group `{}` is not defined in this rule pack",
                            shown(group)
                        ),
                        hint,
                    );
                }
            }
            ZoneSelector::Ids(ids) => self.ids(sel, path, ids, "zone", sel.env.zone_ids.as_ref()),
        }
    }

    fn door_sel(&mut self, sel: &SelectorEnv<'_>, path: &locate::Path, d: &DoorSelector) {
        match d {
            DoorSelector::All | DoorSelector::Exterior | DoorSelector::Interior => {}
            DoorSelector::Ids(ids) => self.ids(sel, path, ids, "door", sel.env.door_ids.as_ref()),
            DoorSelector::OfZones(z) => self.zone_sel(sel, path, z),
        }
    }

    /// `Ids([...])`: not empty; ids unknown to the venue are warnings, since rule packs
    /// are shared between venues.
    fn ids(
        &mut self,
        sel: &SelectorEnv<'_>,
        path: &locate::Path,
        ids: &[String],
        what: &str,
        known: Option<&BTreeSet<&str>>,
    ) {
        if ids.is_empty() {
            self.error(
                Code::InvalidParameter,
                sel.file,
                path,
                format!("`Ids([])` selects no {what}s"),
            );
        }
        let Some(known) = known else {
            return;
        };
        for (i, id) in ids.iter().enumerate() {
            if !known.contains(id.as_str()) {
                let hint = if self.wants(Code::DanglingReference) {
                    nearest(id, known.iter().copied()).map(|near| format!("did you mean `{near}`?"))
                } else {
                    None
                };
                self.emit(
                    Severity::Warning,
                    Code::DanglingReference,
                    sel.file,
                    &path.index(i),
                    format!("this venue has no {what} `{}`", shown(id)),
                    hint,
                );
            }
        }
    }

    fn fixture_sel(&mut self, sel: &SelectorEnv<'_>, path: &locate::Path, f: &FixtureSelector) {
        let Some(types) = sel.env.fixture_types.as_ref() else {
            return;
        };
        for (i, t) in f.types.iter().enumerate() {
            if !types.contains(t.as_str()) {
                let hint = match self
                    .wants(Code::DanglingReference)
                    .then(|| nearest(t, types.iter().copied()))
                    .flatten()
                {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "fixture selectors name types of the catalogue".to_owned(),
                };
                self.error_hint(
                    Code::DanglingReference,
                    sel.file,
                    &path.field("types").index(i),
                    format!("fixture type `{}` is not in the catalogue", shown(t)),
                    hint,
                );
            }
        }
    }

    fn place(&mut self, sel: &SelectorEnv<'_>, path: &locate::Path, p: &Place) {
        match p {
            Place::Fixtures(f) => self.fixture_sel(sel, path, f),
            Place::Zones(z) => self.zone_sel(sel, path, z),
            Place::Doors(d) => self.door_sel(sel, path, d),
            Place::External(kinds) if kinds.is_empty() => self.error(
                Code::InvalidParameter,
                sel.file,
                path,
                "`External([])` selects no external features".to_owned(),
            ),
            Place::External(_) | Place::Venue => {}
        }
    }
}

/// Dispatches to the `validate_params` of the check's kind in `rules/<kind>.rs`.
fn check_params(p: &mut Params<'_, '_, '_>, check: &Check) {
    match check {
        Check::FixtureInZone {
            fixtures,
            zones,
            min_count,
            max_count,
            ..
        } => rules::fixture_in_zone::validate_params(p, fixtures, zones, *min_count, *max_count),
        Check::ZoneAreaMin { zones, min_m2, .. } => {
            rules::zone_area_min::validate_params(p, zones, *min_m2);
        }
        Check::AreaRatio {
            numerator,
            denominator,
            min,
            max,
        } => rules::area_ratio::validate_params(p, numerator, denominator, *min, *max),
        Check::ClearHeightMin { zones, min_m } => {
            rules::clear_height_min::validate_params(p, zones, *min_m);
        }
        Check::Distance {
            from,
            to,
            min_m,
            max_m,
        } => rules::distance::validate_params(p, from, to, *min_m, *max_m),
        Check::FootprintCoverage {
            cover,
            covered,
            margin_m,
        } => rules::footprint_coverage::validate_params(p, cover, covered, *margin_m),
        Check::DoorFitting {
            doors,
            fitting,
            min_height_m,
            max_distance_m,
            min_width_ratio,
        } => rules::door_fitting::validate_params(
            p,
            doors,
            fitting,
            *min_height_m,
            *max_distance_m,
            *min_width_ratio,
        ),
        Check::NoDirectOpening { a, b } => rules::no_direct_opening::validate_params(p, a, b),
        Check::DoorNotFacing {
            doors,
            zones,
            depth_m,
        } => rules::door_not_facing::validate_params(p, doors, zones, *depth_m),
        Check::MountingHeightBand {
            fixtures,
            bottom_min_m,
            top_max_m,
        } => rules::mounting_height_band::validate_params(p, fixtures, *bottom_min_m, *top_max_m),
        Check::CountPerArea {
            fixtures,
            zones,
            area_per_unit_m2,
            count_per_unit,
            ..
        } => rules::count_per_area::validate_params(
            p,
            fixtures,
            zones,
            *area_per_unit_m2,
            *count_per_unit,
        ),
        Check::AttributeRequired {
            target,
            attribute,
            min,
            max,
            ..
        } => rules::attribute_required::validate_params(p, target, attribute, *min, *max),
        Check::ClearWidth {
            from,
            to,
            min_width_m,
            cell_m,
        } => rules::clear_width::validate_params(p, from, to, *min_width_m, *cell_m),
        Check::WalkingDistanceMax {
            zones,
            to,
            max_m,
            cell_m,
        } => rules::walking_distance_max::validate_params(p, zones, to, *max_m, *cell_m),
        Check::ZoneSequence { steps } => rules::zone_sequence::validate_params(p, steps),
        Check::ZonesSeparated { a, b } => rules::zones_separated::validate_params(p, a, b),
        Check::StaffSide {
            fixtures,
            min_distance_m,
            entrances,
            cell_m,
        } => rules::staff_side::validate_params(p, fixtures, *min_distance_m, entrances, *cell_m),
    }
}
