//! The GSM 7-bit default alphabet (3GPP TS 23.038 §6.2.1) and its extension table.
//!
//! One source of truth: [`BASIC_TABLE`] and [`EXTENSION_TABLE`] are the published tables; the lookup tables used by
//! the fast paths are derived from them at compile time, so they cannot drift apart.

/// The basic table, indexed by septet value. `None` marks 0x1B, the escape to the extension table, which is not a
/// character of its own.
///
/// Note that 0x00 is `@`: U+0000 (NUL) is therefore *not* a GSM-7 character here, and 0x09 is the capital `Ç`
/// (the small `ç` is not in the table).
pub const BASIC_TABLE: [Option<char>; 128] = [
    // 0x00
    Some('@'),
    Some('£'),
    Some('$'),
    Some('¥'),
    Some('è'),
    Some('é'),
    Some('ù'),
    Some('ì'),
    Some('ò'),
    Some('Ç'),
    Some('\n'),
    Some('Ø'),
    Some('ø'),
    Some('\r'),
    Some('Å'),
    Some('å'),
    // 0x10
    Some('Δ'),
    Some('_'),
    Some('Φ'),
    Some('Γ'),
    Some('Λ'),
    Some('Ω'),
    Some('Π'),
    Some('Ψ'),
    Some('Σ'),
    Some('Θ'),
    Some('Ξ'),
    None, // 0x1B: escape to the extension table
    Some('Æ'),
    Some('æ'),
    Some('ß'),
    Some('É'),
    // 0x20
    Some(' '),
    Some('!'),
    Some('"'),
    Some('#'),
    Some('¤'),
    Some('%'),
    Some('&'),
    Some('\''),
    Some('('),
    Some(')'),
    Some('*'),
    Some('+'),
    Some(','),
    Some('-'),
    Some('.'),
    Some('/'),
    // 0x30
    Some('0'),
    Some('1'),
    Some('2'),
    Some('3'),
    Some('4'),
    Some('5'),
    Some('6'),
    Some('7'),
    Some('8'),
    Some('9'),
    Some(':'),
    Some(';'),
    Some('<'),
    Some('='),
    Some('>'),
    Some('?'),
    // 0x40
    Some('¡'),
    Some('A'),
    Some('B'),
    Some('C'),
    Some('D'),
    Some('E'),
    Some('F'),
    Some('G'),
    Some('H'),
    Some('I'),
    Some('J'),
    Some('K'),
    Some('L'),
    Some('M'),
    Some('N'),
    Some('O'),
    // 0x50
    Some('P'),
    Some('Q'),
    Some('R'),
    Some('S'),
    Some('T'),
    Some('U'),
    Some('V'),
    Some('W'),
    Some('X'),
    Some('Y'),
    Some('Z'),
    Some('Ä'),
    Some('Ö'),
    Some('Ñ'),
    Some('Ü'),
    Some('§'),
    // 0x60
    Some('¿'),
    Some('a'),
    Some('b'),
    Some('c'),
    Some('d'),
    Some('e'),
    Some('f'),
    Some('g'),
    Some('h'),
    Some('i'),
    Some('j'),
    Some('k'),
    Some('l'),
    Some('m'),
    Some('n'),
    Some('o'),
    // 0x70
    Some('p'),
    Some('q'),
    Some('r'),
    Some('s'),
    Some('t'),
    Some('u'),
    Some('v'),
    Some('w'),
    Some('x'),
    Some('y'),
    Some('z'),
    Some('ä'),
    Some('ö'),
    Some('ñ'),
    Some('ü'),
    Some('à'),
];

/// The extension table: `(septet after the 0x1B escape, character)`. Each costs two septets (escape + code).
/// Form feed (U+000C) is the page break at 0x0A.
pub const EXTENSION_TABLE: [(u8, char); 10] = [
    (0x0A, '\u{0C}'),
    (0x14, '^'),
    (0x28, '{'),
    (0x29, '}'),
    (0x2F, '\\'),
    (0x3C, '['),
    (0x3D, '~'),
    (0x3E, ']'),
    (0x40, '|'),
    (0x65, '€'),
];

/// Septets of each code point U+0000..U+00FF: 0 = not GSM-7, 1 = basic table, 2 = extension table.
pub(crate) const LATIN1_SEPTETS: [u8; 256] = latin1_septets();

/// Septets of a character, 0 when it is not GSM-7. Greek capitals and `€` are the only ones above U+00FF.
const fn septets(c: char) -> u8 {
    let mut i = 0;
    while i < EXTENSION_TABLE.len() {
        if EXTENSION_TABLE[i].1 == c {
            return 2;
        }
        i += 1;
    }
    let mut i = 0;
    while i < BASIC_TABLE.len() {
        if let Some(b) = BASIC_TABLE[i]
            && b == c
        {
            return 1;
        }
        i += 1;
    }
    0
}

const fn latin1_septets() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut cp = 0u32;
    while cp < 256 {
        if let Some(c) = char::from_u32(cp) {
            table[cp as usize] = septets(c);
        }
        cp += 1;
    }
    table
}

/// Septets of the Greek capitals U+0390..U+03AF (indexed by the second UTF-8 byte minus 0x90, lead byte 0xCE).
pub(crate) const GREEK_SEPTETS: [u8; 32] = greek_septets();

const fn greek_septets() -> [u8; 32] {
    let mut table = [0u8; 32];
    let mut i = 0u32;
    while i < 32 {
        if let Some(c) = char::from_u32(0x0390 + i) {
            table[i as usize] = septets(c);
        }
        i += 1;
    }
    table
}

/// Septets `c` costs in a GSM-7 message: `Some(1)` for the basic table, `Some(2)` for the extension table
/// (escape + code), `None` when `c` is not GSM-7 and would force the whole message to UCS-2.
///
/// ```
/// use bandwidth_messaging::segment::gsm7_septets;
/// assert_eq!(gsm7_septets('a'), Some(1));
/// assert_eq!(gsm7_septets('€'), Some(2));
/// assert_eq!(gsm7_septets('ç'), None); // only the capital Ç is in the table
/// assert_eq!(gsm7_septets('\0'), None); // 0x00 is '@'
/// ```
pub fn gsm7_septets(c: char) -> Option<usize> {
    let cp = c as u32;
    let septets = if cp < 0x100 {
        LATIN1_SEPTETS[cp as usize]
    } else if (0x0390..0x03B0).contains(&cp) {
        GREEK_SEPTETS[(cp - 0x0390) as usize]
    } else if c == '€' {
        2
    } else {
        0
    };
    match septets {
        0 => None,
        n => Some(usize::from(n)),
    }
}

/// UTF-16 units `c` costs in a UCS-2 message: 2 outside the Basic Multilingual Plane (a surrogate pair), else 1.
pub fn ucs2_units(c: char) -> usize {
    c.len_utf16()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_table_has_127_characters_and_no_duplicates() {
        let chars: Vec<char> = BASIC_TABLE.iter().flatten().copied().collect();
        assert_eq!(chars.len(), 127);
        let mut sorted = chars.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 127);
        assert_eq!(BASIC_TABLE[0x1B], None);
    }

    #[test]
    fn lookups_agree_with_the_tables() {
        for c in BASIC_TABLE.iter().flatten() {
            assert_eq!(gsm7_septets(*c), Some(1), "{c:?}");
        }
        for (_, c) in EXTENSION_TABLE {
            assert_eq!(gsm7_septets(c), Some(2), "{c:?}");
        }
        let gsm = BASIC_TABLE.iter().flatten().count() + EXTENSION_TABLE.len();
        let found = (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| gsm7_septets(*c).is_some())
            .count();
        assert_eq!(found, gsm);
    }
}
