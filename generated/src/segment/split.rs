//! Where concatenated segments end: a greedy walk that never splits a two-unit character.
//!
//! Every byte of the UTF-8 text is given the units its character costs, charged on the character's first byte
//! (continuation bytes cost 0). A segment takes characters until the next one would not fit; a two-unit character
//! (an escape pair in GSM-7, a surrogate pair in UCS-2) that would straddle the limit starts the next segment, which
//! leaves the previous one a unit short. The walk skips whole 32-byte blocks whose cost still fits (summed
//! branch-free), so only about one block per segment is walked byte by byte.

use super::scan::CHUNK;

/// Units charged to one byte of a GSM-7 text (every character of which is known to be GSM-7).
#[inline(always)]
fn gsm7_byte_units(b: u8) -> u8 {
    let start = u8::from((b as i8) >= -0x40);
    // Extension characters: [ \ ] ^ { | } ~, form feed, and the euro sign (the only GSM-7 character led by 0xE2).
    let extension =
        u8::from((b & 0xDF).wrapping_sub(0x5B) < 4) | u8::from(b == 0x0C) | u8::from(b == 0xE2);
    start + extension
}

/// Units charged to one byte of a UCS-2 text: 1 per character, 2 for a 4-byte (non-BMP) character.
#[inline(always)]
fn ucs2_byte_units(b: u8) -> u8 {
    u8::from((b as i8) >= -0x40) + u8::from(b >= 0xF0)
}

/// Walks `bytes` (valid UTF-8 in the given encoding) into segments of at most `limit` units, calling
/// `boundary(byte_offset, units_of_the_finished_segment)` each time a segment ends before the end of the text.
/// Returns the number of segments and the units of the last one.
#[inline(always)]
pub(crate) fn walk(
    bytes: &[u8],
    gsm7: bool,
    limit: usize,
    boundary: impl FnMut(usize, usize),
) -> (usize, usize) {
    if gsm7 {
        walk_with(bytes, limit, gsm7_byte_units, boundary)
    } else {
        walk_with(bytes, limit, ucs2_byte_units, boundary)
    }
}

#[inline(always)]
fn walk_with(
    bytes: &[u8],
    limit: usize,
    units_of: impl Fn(u8) -> u8,
    mut boundary: impl FnMut(usize, usize),
) -> (usize, usize) {
    let mut segments = 1usize;
    let mut used = 0usize;
    let mut i = 0usize;
    while i < bytes.len() {
        // Whole blocks whose units still fit are skipped with one branch-free sum.
        if let Some(block) = bytes.get(i..i + CHUNK) {
            let mut sum = 0u8;
            for &b in block {
                sum += units_of(b);
            }
            if used + usize::from(sum) <= limit {
                used += usize::from(sum);
                i += CHUNK;
                continue;
            }
        }
        // The block holds a boundary: narrow down eight bytes at a time, then byte by byte.
        let end = (i + CHUNK).min(bytes.len());
        while i < end {
            if let Some(word) = bytes.get(i..i + WORD).filter(|_| i + WORD <= end) {
                let sum: usize = word.iter().map(|&b| usize::from(units_of(b))).sum();
                if used + sum <= limit {
                    used += sum;
                    i += WORD;
                    continue;
                }
            }
            let stop = (i + WORD).min(end);
            for (offset, &b) in bytes.get(i..stop).unwrap_or_default().iter().enumerate() {
                let units = usize::from(units_of(b));
                if used + units > limit {
                    boundary(i + offset, used);
                    segments += 1;
                    used = units;
                } else {
                    used += units;
                }
            }
            i = stop;
        }
    }
    (segments, used)
}

/// Bytes summed at once while narrowing down on a boundary.
const WORD: usize = 8;
