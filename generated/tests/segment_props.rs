//! Property tests of the segmentation engine against a slow, obviously correct reference written from the rules.

use bandwidth_messaging::segment::{
    Encoding, check_text_length, segment, segment_count, suggest_gsm7, summarize,
};
use proptest::prelude::*;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

/// The 3GPP TS 23.038 basic table in septet order, without the 0x1B escape (127 characters).
const BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// The extension table: two septets each.
const EXTENSION: &str = "\u{0C}^{}\\[~]|€";

/// What the reference says: encoding, total units, and each segment as (byte range, units).
#[derive(Debug, PartialEq)]
struct Expected {
    encoding: Encoding,
    units: usize,
    segments: Vec<(Range<usize>, usize)>,
}

/// Septets of each GSM-7 character, straight from the two tables above.
static SEPTETS: LazyLock<HashMap<char, usize>> = LazyLock::new(|| {
    BASIC
        .chars()
        .map(|c| (c, 1))
        .chain(EXTENSION.chars().map(|c| (c, 2)))
        .collect()
});

fn reference(text: &str) -> Expected {
    let septets = |c: char| SEPTETS.get(&c).copied();
    let gsm: Option<Vec<usize>> = text.chars().map(septets).collect();
    let (encoding, costs, single, concatenated) = match gsm {
        Some(costs) => (Encoding::Gsm7, costs, 160, 153),
        None => (
            Encoding::Ucs2,
            text.chars().map(char::len_utf16).collect(),
            70,
            67,
        ),
    };
    let units: usize = costs.iter().sum();
    if units <= single {
        return Expected {
            encoding,
            units,
            segments: vec![(0..text.len(), units)],
        };
    }
    let mut segments = Vec::new();
    let (mut start, mut used) = (0, 0);
    for ((offset, _), cost) in text.char_indices().zip(costs) {
        if used + cost > concatenated {
            segments.push((start..offset, used));
            start = offset;
            used = 0;
        }
        used += cost;
    }
    segments.push((start..text.len(), used));
    Expected {
        encoding,
        units,
        segments,
    }
}

#[test]
fn the_reference_tables_are_complete() {
    assert_eq!(BASIC.chars().count(), 127);
    assert_eq!(EXTENSION.chars().count(), 10);
}

/// Characters mixing every class the engine treats differently.
fn mixed_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => proptest::sample::select(BASIC.chars().collect::<Vec<_>>()),
        2 => proptest::sample::select(EXTENSION.chars().collect::<Vec<_>>()),
        1 => proptest::sample::select(vec!['á', 'ç', 'ê', 'í', 'ó', 'ú', 'ž', 'ł', '\u{A0}', '\t', '`', '\0', '’', '…']),
        1 => proptest::sample::select(vec!['漢', '字', '你', '好', 'ア', '한', '，']),
        1 => proptest::sample::select(vec!['😀', '👍', '🇫', '🇷', '\u{200D}', '\u{FE0F}', '\u{301}', '🏽', '𝄞']),
    ]
}

/// Characters of GSM-7 only, so that long GSM-7 texts with escapes near boundaries are common.
fn gsm_char() -> impl Strategy<Value = char> {
    prop_oneof![
        8 => proptest::sample::select(BASIC.chars().collect::<Vec<_>>()),
        2 => proptest::sample::select(EXTENSION.chars().collect::<Vec<_>>()),
    ]
}

/// Texts of up to `max` characters, sometimes long runs of one character class.
fn text(chars: impl Strategy<Value = char>, max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(chars, 0..max).prop_map(|chars| chars.into_iter().collect())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        text(mixed_char(), 400),
        text(gsm_char(), 700),
        // A long GSM-7 run then a few others: the fast paths switch late.
        (text(gsm_char(), 500), text(mixed_char(), 8)).prop_map(|(a, b)| a + &b),
        // Mostly emoji and ASCII: surrogate pairs near every boundary.
        text(
            proptest::sample::select(vec!['a', '😀', '🇫', '\u{200D}']),
            400
        ),
        text(mixed_char(), 2100),
    ]
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let split = segment(text);
    let expected = reference(text);

    // Agrees with the reference.
    let got: Vec<(Range<usize>, usize)> = split
        .segments
        .iter()
        .map(|s| (s.bytes.clone(), s.units))
        .collect();
    prop_assert_eq!(
        (split.encoding, split.units, &got),
        (expected.encoding, expected.units, &expected.segments)
    );

    // The sum of segment units is the total.
    prop_assert_eq!(
        split.segments.iter().map(|s| s.units).sum::<usize>(),
        split.units
    );

    // No segment over its limit.
    let limit = if split.count() == 1 {
        split.encoding.single_segment_units()
    } else {
        split.encoding.concatenated_segment_units()
    };
    for part in &split.segments {
        prop_assert!(part.units <= limit, "{} > {}", part.units, limit);
    }

    // Segments concatenate back to the input, each on character boundaries (so no escape or surrogate pair is
    // split), and each segment's units are exactly those of its own characters.
    let mut rebuilt = String::new();
    let mut end = 0;
    for part in &split.segments {
        prop_assert_eq!(part.bytes.start, end);
        let Some(piece) = part.text(text) else {
            return Err(TestCaseError::fail(format!(
                "{:?} is not on character boundaries",
                part.bytes
            )));
        };
        let units: usize = match split.encoding {
            Encoding::Gsm7 => piece.chars().filter_map(|c| SEPTETS.get(&c)).sum(),
            Encoding::Ucs2 => piece.encode_utf16().count(),
        };
        prop_assert_eq!(units, part.units);
        prop_assert!(!piece.is_empty() || text.is_empty(), "empty segment");
        rebuilt.push_str(piece);
        end = part.bytes.end;
    }
    prop_assert_eq!(&rebuilt, text);

    // The fast path agrees with the full one.
    prop_assert_eq!(segment_count(text), split.count());
    prop_assert_eq!(summarize(text), split.summary());

    // The characters that forced UCS-2.
    let non_gsm: Vec<(usize, usize, char)> = text
        .char_indices()
        .enumerate()
        .filter(|(_, (_, c))| !SEPTETS.contains_key(c))
        .map(|(index, (offset, c))| (index, offset, c))
        .collect();
    let got: Vec<(usize, usize, char)> = split
        .non_gsm
        .iter()
        .map(|c| (c.char_index, c.byte_offset, c.character))
        .collect();
    prop_assert_eq!(got, non_gsm);

    // The length limit, in Unicode scalar values.
    let characters = text.chars().count();
    prop_assert_eq!(split.characters, characters);
    prop_assert_eq!(split.exceeds_limit, characters > 2048);
    prop_assert_eq!(check_text_length(text).is_ok(), characters <= 2048);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn segmentation_follows_the_rules(text in any_text()) {
        check(&text)?;
    }

    #[test]
    fn suggestions_only_report(text in text(mixed_char(), 300)) {
        let report = suggest_gsm7(&text);
        prop_assert_eq!(report.current, summarize(&text));
        prop_assert_eq!(report.suggested, summarize(&report.suggested_text));
        // Without any suggestion nothing changes.
        if report.suggestions.is_empty() {
            prop_assert_eq!(&report.suggested_text, &text);
        }
        // With no other character left, the suggested text is GSM-7.
        if report.becomes_gsm7() {
            prop_assert_eq!(report.suggested.encoding, Encoding::Gsm7);
        }
    }
}
