//! The allocation-free fast path: one pass that finds the encoding and the totals.
//!
//! GSM-7 is tried first. Text is classified 32 bytes at a time with branch-free comparisons the compiler turns
//! into SIMD (no lookup per ASCII byte); only multi-byte characters are looked up, one at a time, in the Latin-1
//! and Greek tables. The first character outside GSM-7 abandons that pass: the message is UCS-2, and its UTF-16 length
//! comes from the UTF-8 lead bytes alone (every non-continuation byte starts a character of one unit, a 4-byte lead
//! starts one of two units), which is again a branch-free pass, over 64-byte chunks.

use super::alphabet::{GREEK_SEPTETS, LATIN1_SEPTETS};

/// Bytes classified per step of the fast loops.
pub(crate) const CHUNK: usize = 32;

/// Totals of one text in the encoding it needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Totals {
    /// `true` when every character is GSM-7.
    pub(crate) gsm7: bool,
    /// Septets (GSM-7) or UTF-16 units (UCS-2).
    pub(crate) units: usize,
    /// Unicode scalar values.
    pub(crate) characters: usize,
}

/// Finds the encoding of `text` and its totals, allocating nothing.
pub(crate) fn totals(text: &str) -> Totals {
    let bytes = text.as_bytes();
    match gsm7_totals(bytes) {
        Some((units, characters)) => Totals {
            gsm7: true,
            units,
            characters,
        },
        None => {
            let (units, characters) = ucs2_totals(bytes);
            Totals {
                gsm7: false,
                units,
                characters,
            }
        }
    }
}

/// What one 32-byte chunk holds, as seen by the GSM-7 pass.
struct Gsm7Chunk {
    /// ASCII bytes.
    ascii: u8,
    /// ASCII bytes from the GSM-7 extension table (`^ { } \ [ ~ ] |` and form feed).
    extension: u8,
    /// Non-zero when an ASCII byte is not GSM-7 (controls other than LF, FF, CR; backtick; DEL).
    non_gsm: u8,
}

/// Classifies the ASCII bytes of a chunk with comparisons only (no lookups), which the compiler turns into SIMD.
#[inline(always)]
fn gsm7_chunk(chunk: &[u8; CHUNK]) -> Gsm7Chunk {
    let mut ascii = 0u8;
    let mut extension = 0u8;
    let mut non_gsm = 0u8;
    for &b in chunk {
        ascii += u8::from(b < 0x80);
        // 0x5B..=0x5E are [ \ ] ^ and 0x7B..=0x7E are { | } ~: clearing bit 5 folds the second run onto the first.
        // Bytes of 0x80 and above stay 0x80 and above, so only ASCII bytes match.
        extension += u8::from((b & 0xDF).wrapping_sub(0x5B) < 4) + u8::from(b == 0x0C);
        let control =
            u8::from(b < 0x20) & u8::from(b != b'\n') & u8::from(b != 0x0C) & u8::from(b != b'\r');
        non_gsm |= control | u8::from(b == b'`') | u8::from(b == 0x7F);
    }
    Gsm7Chunk {
        ascii,
        extension,
        non_gsm,
    }
}

/// Bit `j` is set when byte `j` of the chunk starts a multi-byte character (a lead byte, 0xC0 and above).
#[inline(always)]
fn lead_mask(chunk: &[u8; CHUNK]) -> u32 {
    let mut leads = 0u32;
    for (j, &b) in chunk.iter().enumerate() {
        leads |= u32::from(b >= 0xC0) << j;
    }
    leads
}

/// `Some((septets, characters))` when every character of `bytes` (valid UTF-8) is GSM-7, else `None`.
///
/// Each 32-byte chunk is classified at once; only the multi-byte characters starting in it (found from the lead
/// byte mask) are looked up one by one. Continuation bytes are never looked at, so a character may straddle chunks.
fn gsm7_totals(bytes: &[u8]) -> Option<(usize, usize)> {
    let mut septets = 0usize;
    let mut characters = 0usize;
    let mut i = 0usize;
    while let Some(chunk) = bytes
        .get(i..i + CHUNK)
        .and_then(|c| <&[u8; CHUNK]>::try_from(c).ok())
    {
        let seen = gsm7_chunk(chunk);
        if seen.non_gsm != 0 {
            return None;
        }
        septets += usize::from(seen.ascii) + usize::from(seen.extension);
        characters += usize::from(seen.ascii);
        let mut leads = if usize::from(seen.ascii) == CHUNK {
            0
        } else {
            lead_mask(chunk)
        };
        while leads != 0 {
            let (cost, _) = gsm7_char_at(bytes, i + leads.trailing_zeros() as usize);
            if cost == 0 {
                return None;
            }
            septets += usize::from(cost);
            characters += 1;
            leads &= leads - 1;
        }
        i += CHUNK;
    }
    // The tail, character by character; it may begin with the continuation bytes of a character counted above.
    while let Some(&b) = bytes.get(i) {
        if b & 0xC0 == 0x80 {
            i += 1;
            continue;
        }
        let (cost, width) = gsm7_char_at(bytes, i);
        if cost == 0 {
            return None;
        }
        septets += usize::from(cost);
        characters += 1;
        i += width;
    }
    Some((septets, characters))
}

/// Septets (0 = not GSM-7) and UTF-8 width of the character starting at `bytes[i]`.
#[inline(always)]
fn gsm7_char_at(bytes: &[u8], i: usize) -> (u8, usize) {
    let lead = bytes.get(i).copied().unwrap_or(0);
    let next = bytes.get(i + 1).copied().unwrap_or(0);
    match lead {
        0x00..=0x7F => (LATIN1_SEPTETS[usize::from(lead)], 1),
        // U+0080..U+00FF: 0xC2 gives 0x80 | low six bits, 0xC3 gives 0xC0 | low six bits.
        0xC2 | 0xC3 => (
            LATIN1_SEPTETS[usize::from(((lead & 1) << 6) | 0x80 | (next & 0x3F))],
            2,
        ),
        // U+0380..U+03BF: the Greek capitals of the basic table live in U+0393..U+03A9.
        0xCE => (
            GREEK_SEPTETS
                .get(usize::from(next.wrapping_sub(0x90)))
                .copied()
                .unwrap_or(0),
            2,
        ),
        // The euro sign, E2 82 AC, is the only GSM-7 character encoded in three bytes.
        0xE2 if next == 0x82 && bytes.get(i + 2) == Some(&0xAC) => (2, 3),
        _ => (0, 1),
    }
}

/// `(UTF-16 units, characters)` of `bytes` (valid UTF-8).
pub(crate) fn ucs2_totals(bytes: &[u8]) -> (usize, usize) {
    let mut characters = 0usize;
    let mut supplementary = 0usize;
    let mut i = 0usize;
    // A `while let` over `get` rather than `chunks_exact`: with a countable loop LLVM vectorises across chunks
    // (gathering bytes one by one) instead of within a chunk, which measured about 4x slower.
    while let Some(chunk) = bytes
        .get(i..i + 2 * CHUNK)
        .and_then(|c| <&[u8; 2 * CHUNK]>::try_from(c).ok())
    {
        let mut starts = 0u8;
        let mut fours = 0u8;
        for &b in chunk {
            // Continuation bytes are 0x80..=0xBF, i.e. -128..=-65 as i8.
            starts += u8::from((b as i8) >= -0x40);
            fours += u8::from(b >= 0xF0);
        }
        characters += usize::from(starts);
        supplementary += usize::from(fours);
        i += 2 * CHUNK;
    }
    for &b in bytes.get(i..).unwrap_or_default() {
        characters += usize::from((b as i8) >= -0x40);
        supplementary += usize::from(b >= 0xF0);
    }
    (characters + supplementary, characters)
}

/// Unicode scalar values in `text`, counted from the UTF-8 lead bytes.
pub(crate) fn characters(text: &str) -> usize {
    ucs2_totals(text.as_bytes()).1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_match_a_char_by_char_count() {
        let samples = [
            "",
            "plain ascii text that is longer than one thirty-two byte chunk, twice over.",
            "{[]}~^|\\\u{0C} and € in a chunk that is long enough to take the fast path",
            "Ça coûte 5 € à Zürich, ΔΦΓΛΩΠΨΣΘΞ, ¡hola! ¿qué? ÆæßÉ",
            "backtick ` forces UCS-2 even inside a chunk of ascii text here",
            "emoji 😀 and CJK 漢字 and a flag 🇫🇷",
            "tab\tis not gsm",
        ];
        for text in samples {
            let gsm: Option<usize> = text.chars().map(super::super::gsm7_septets).sum();
            let got = totals(text);
            match gsm {
                Some(septets) => assert_eq!(
                    got,
                    Totals {
                        gsm7: true,
                        units: septets,
                        characters: text.chars().count()
                    }
                ),
                None => assert_eq!(
                    got,
                    Totals {
                        gsm7: false,
                        units: text.encode_utf16().count(),
                        characters: text.chars().count()
                    }
                ),
            }
        }
    }
}
