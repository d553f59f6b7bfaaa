//! "Did you mean …?": the nearest plausible spelling of a misspelt name among the
//! names that were expected.
//!
//! Invariant: bounded work on any input. Edit distance is quadratic in the lengths
//! compared, so overlong words get no suggestion and only the first
//! [`MAX_CANDIDATES`] candidates are compared; a 4-million-character unknown id costs
//! nothing here.

/// Longest word (in characters) for which a suggestion is looked for. Ids and field
/// names are short; a longer word is not a typo of one.
pub const MAX_SUGGESTED_LEN: usize = 64;

/// Most candidates compared for one suggestion. Scenes have hundreds of ids at most.
pub const MAX_CANDIDATES: usize = 4096;

/// The candidate nearest to `found` by edit distance, if it is near enough to be a
/// plausible typo (at most a third of the word, at least 2 edits, is allowed).
pub fn nearest<'a>(found: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let found_len = found.chars().count();
    if found_len > MAX_SUGGESTED_LEN {
        return None;
    }
    let limit = (found_len / 3).max(2);
    let lower = found.to_lowercase();
    candidates
        .into_iter()
        .take(MAX_CANDIDATES)
        // A candidate whose length differs by more than the limit cannot be within it.
        .filter(|c| c.chars().count().abs_diff(found_len) <= limit)
        .map(|c| (strsim::damerau_levenshtein(&lower, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_suggests_plausible_typos_only() {
        let fields = ["id", "kind", "polygon", "clear_height"];
        assert_eq!(nearest("clear_heigth", fields), Some("clear_height"));
        assert_eq!(nearest("polgon", fields), Some("polygon"));
        assert_eq!(nearest("colour", fields), None);
        assert_eq!(nearest("dinning", ["dining", "cooking"]), Some("dining"));
    }

    #[test]
    fn overlong_words_get_no_suggestion_quickly() {
        let huge = "a".repeat(4_000_000);
        let candidates: Vec<String> = (0..10_000).map(|i| format!("id_{i}")).collect();
        assert_eq!(nearest(&huge, candidates.iter().map(String::as_str)), None);
    }

    #[test]
    fn overlong_candidates_are_skipped() {
        let long = "b".repeat(1_000_000);
        assert_eq!(nearest("sink", [long.as_str(), "sinks"]), Some("sinks"));
    }
}
