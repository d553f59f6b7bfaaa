//! `zones_separated`: no open (wall-less) boundary joins a zone of `a` to a zone of `b`
//! on the plan's door graph ([`Plan::door_graph`]); doors in the wall or partition
//! between them are allowed. This is the physical separation ("物理隔离", "明显隔离") of
//! two areas that customers still walk between, e.g. a pharmacy's non-drug goods and
//! its drug areas: draw the partition as a wall (any height) with a door or an open
//! passage (`swing: sliding`) in it. Use `no_direct_opening` when not even a door may
//! join them.
//!
//! Measured: the number of open boundaries (required 0). An empty `a` or `b` passes:
//! there is nothing to keep apart.
//!
//! [`Plan::door_graph`]: crate::plan::Plan::door_graph

use super::common::Groups;
use crate::model::ZoneSelector;
use crate::plan::Plan;
use crate::report::Outcome;

pub fn evaluate(plan: &Plan, groups: &Groups, a: &ZoneSelector, b: &ZoneSelector) -> Outcome {
    super::no_direct_opening::connections(plan, groups, a, b, true)
}

// ---- parameter validation (called by `crate::validate`) ----

/// Parameter checks of `ZonesSeparated` for the rule-pack validator: both selectors.
pub(crate) fn validate_params(
    p: &mut crate::validate::Params<'_, '_, '_>,
    a: &ZoneSelector,
    b: &ZoneSelector,
) {
    p.zones("a", a);
    p.zones("b", b);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        Attributes, Catalogue, Door, FixtureType, Opening, Swing, Venue, Wall, Zone, ZoneKind,
    };

    fn zone(id: &str, kind: ZoneKind, x0: f64, x1: f64) -> Zone {
        Zone {
            id: id.into(),
            kind,
            name: None,
            polygon: vec![(x0, 0.0), (x1, 0.0), (x1, 4.0), (x0, 4.0)],
            clear_height: 2.8,
            attributes: Attributes::new(),
        }
    }

    /// Two 4 m × 4 m zones side by side, with or without a partition at x = 4 (with
    /// a 0.9 m passage in it).
    fn venue(partition: bool) -> Venue {
        let mut v: Venue = ron::from_str(
            r#"(format_version: 1, id: "t", title: (zh: "t", en: "t"), permit: "p",
                catalogue: "c.ron", floor: [(0.0, 0.0), (8.0, 0.0), (8.0, 4.0), (0.0, 4.0)])"#,
        )
        .unwrap();
        v.zones = vec![
            zone("otc", ZoneKind::OtcArea, 0.0, 4.0),
            zone("goods", ZoneKind::NonDrugArea, 4.0, 8.0),
        ];
        if partition {
            v.walls.push(Wall {
                id: "partition".into(),
                from: (4.0, 0.0),
                to: (4.0, 4.0),
                thickness: 0.1,
                height: 1.5,
                openings: vec![Opening::Door(Door {
                    id: "passage".into(),
                    center: 2.0,
                    width: 0.9,
                    height: 1.5,
                    exterior: false,
                    swing: Swing::Sliding,
                    attributes: Attributes::new(),
                })],
            });
        }
        v
    }

    fn run(v: &Venue) -> Outcome {
        let cat = Catalogue {
            format_version: 1,
            fixtures: std::collections::BTreeMap::<String, FixtureType>::new(),
            categories: Default::default(),
        };
        let plan = Plan::new(v, &cat);
        evaluate(
            &plan,
            &Groups::new(),
            &ZoneSelector::Kinds(vec![ZoneKind::NonDrugArea]),
            &ZoneSelector::Kinds(vec![ZoneKind::OtcArea]),
        )
    }

    #[test]
    fn a_partition_with_a_passage_separates_an_open_edge_does_not() {
        let open = run(&venue(false));
        assert!(!open.passed, "{:?}", open.finding);
        assert_eq!(open.measured, Some(1.0));
        assert!(
            open.finding.en.contains("without a wall"),
            "{}",
            open.finding.en
        );
        let walled = run(&venue(true));
        assert!(walled.passed, "{:?}", walled.finding);
        assert_eq!(walled.measured, Some(0.0));
        // The passage is a door: `no_direct_opening` would count it.
        let cat = Catalogue {
            format_version: 1,
            fixtures: Default::default(),
            categories: Default::default(),
        };
        let v = venue(true);
        let plan = Plan::new(&v, &cat);
        let strict = super::super::no_direct_opening::evaluate(
            &plan,
            &Groups::new(),
            &ZoneSelector::Kinds(vec![ZoneKind::NonDrugArea]),
            &ZoneSelector::Kinds(vec![ZoneKind::OtcArea]),
        );
        assert!(!strict.passed);
    }
}
