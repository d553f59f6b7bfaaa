//! Undo and redo for one editing session: a stack of venue snapshots.
//!
//! Invariants:
//! - [`History::current`] is always the state after the last applied, undone or redone
//!   step; `undo` then `redo` returns to exactly the same venue (snapshots, not inverse
//!   commands, so no edit can be undone wrongly).
//! - A new edit after an undo drops the redo tail.
//! - A gesture (a continuous drag: [`History::begin_gesture`] … [`History::end_gesture`])
//!   is one undo step however many edits it applies; a gesture that ends where it began
//!   leaves no step. Unlimited within a session: a venue is a few tens of KiB, so even
//!   thousands of steps fit easily.

use super::EditError;
use crate::model::Venue;

/// The edit history of one venue.
#[derive(Debug, Clone)]
pub struct History {
    current: Venue,
    undo: Vec<Venue>,
    redo: Vec<Venue>,
    /// The state when the open gesture began.
    gesture_start: Option<Venue>,
}

impl History {
    /// A history whose only state is `venue` (nothing to undo or redo).
    pub fn new(venue: Venue) -> Self {
        Self {
            current: venue,
            undo: Vec::new(),
            redo: Vec::new(),
            gesture_start: None,
        }
    }

    /// The venue as edited so far.
    pub fn current(&self) -> &Venue {
        &self.current
    }

    /// Makes `next` the current venue. Outside a gesture this is one undo step (none
    /// if `next` equals the current venue); inside one it joins the gesture's step.
    pub fn apply(&mut self, next: Venue) {
        if next == self.current {
            return;
        }
        if self.gesture_start.is_none() {
            self.undo.push(std::mem::replace(&mut self.current, next));
            self.redo.clear();
        } else {
            self.current = next;
        }
    }

    /// Runs an edit operation on the current venue and applies its result; on error
    /// nothing changes.
    pub fn edit(
        &mut self,
        op: impl FnOnce(&Venue) -> Result<Venue, EditError>,
    ) -> Result<(), EditError> {
        let next = op(&self.current)?;
        self.apply(next);
        Ok(())
    }

    /// Starts a gesture: the edits applied until [`History::end_gesture`] become one
    /// undo step. Starting a gesture while one is open keeps the open one.
    pub fn begin_gesture(&mut self) {
        if self.gesture_start.is_none() {
            self.gesture_start = Some(self.current.clone());
        }
    }

    /// Ends the open gesture, recording it as one step if it changed anything.
    pub fn end_gesture(&mut self) {
        if let Some(start) = self.gesture_start.take()
            && start != self.current
        {
            self.undo.push(start);
            self.redo.clear();
        }
    }

    /// Whether a gesture is open.
    pub fn in_gesture(&self) -> bool {
        self.gesture_start.is_some()
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
            || self
                .gesture_start
                .as_ref()
                .is_some_and(|s| *s != self.current)
    }

    pub fn can_redo(&self) -> bool {
        self.gesture_start.is_none() && !self.redo.is_empty()
    }

    /// Steps back one edit (an open gesture is ended first, so undo during a drag
    /// undoes the drag). Returns whether anything changed.
    pub fn undo(&mut self) -> bool {
        self.end_gesture();
        match self.undo.pop() {
            Some(previous) => {
                self.redo
                    .push(std::mem::replace(&mut self.current, previous));
                true
            }
            None => false,
        }
    }

    /// Re-applies the last undone edit. Returns whether anything changed.
    pub fn redo(&mut self) -> bool {
        self.end_gesture();
        match self.redo.pop() {
            Some(next) => {
                self.undo.push(std::mem::replace(&mut self.current, next));
                true
            }
            None => false,
        }
    }

    /// Number of steps that can be undone (an open gesture counts as one if it changed
    /// anything).
    pub fn undo_len(&self) -> usize {
        self.undo.len()
            + usize::from(
                self.gesture_start
                    .as_ref()
                    .is_some_and(|s| *s != self.current),
            )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FORMAT_VERSION, Text};

    fn venue(id: &str) -> Venue {
        Venue {
            format_version: FORMAT_VERSION,
            id: id.into(),
            title: Text::new("t", "t"),
            permit: "p".into(),
            flags: Default::default(),
            catalogue: "c.ron".into(),
            rule_packs: vec![],
            floor: vec![],
            ceiling_height: None,
            walls: vec![],
            zones: vec![],
            fixtures: vec![],
            external: vec![],
            tour: None,
        }
    }

    #[test]
    fn undo_redo_round_trip_and_a_new_edit_drops_the_redo_tail() {
        let mut h = History::new(venue("a"));
        assert!(!h.can_undo() && !h.can_redo());
        h.apply(venue("b"));
        h.apply(venue("c"));
        h.apply(venue("c"));
        assert_eq!(h.undo_len(), 2, "an edit that changes nothing is no step");
        assert!(h.undo());
        assert_eq!(h.current().id, "b");
        assert!(h.undo());
        assert_eq!(h.current().id, "a");
        assert!(!h.undo());
        assert!(h.redo());
        assert_eq!(h.current().id, "b");
        h.apply(venue("d"));
        assert!(!h.can_redo(), "the redo tail (c) is gone");
        assert!(h.undo());
        assert_eq!(h.current().id, "b");
    }

    #[test]
    fn a_gesture_is_one_step() {
        let mut h = History::new(venue("a"));
        h.begin_gesture();
        for id in ["b", "c", "d"] {
            h.apply(venue(id));
        }
        assert!(h.can_undo() && h.in_gesture());
        h.end_gesture();
        assert_eq!(h.undo_len(), 1);
        assert!(h.undo());
        assert_eq!(h.current().id, "a");
        assert!(h.redo());
        assert_eq!(h.current().id, "d");
        // A gesture that comes back to its start leaves no step.
        h.begin_gesture();
        h.apply(venue("e"));
        h.apply(venue("d"));
        h.end_gesture();
        assert_eq!(h.undo_len(), 1);
        // Undo during a drag undoes the drag.
        h.begin_gesture();
        h.apply(venue("f"));
        assert!(h.undo());
        assert_eq!(h.current().id, "d");
        assert!(!h.in_gesture());
    }

    #[test]
    fn a_failed_edit_changes_nothing() {
        let mut h = History::new(venue("a"));
        let err = h.edit(|v| super::super::delete_fixture(v, "nope"));
        assert_eq!(err, Err(EditError::UnknownFixture("nope".into())));
        assert!(!h.can_undo());
    }
}
