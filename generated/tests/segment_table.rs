//! The edge cases of SMS segmentation, each with its expected figures worked out by hand from the rules
//! (`docs/segmentation.md`), and a snapshot of the full table (segments, non-GSM characters) for review.

use bandwidth_messaging::segment::{
    Encoding, MessageKind, segment, segment_count, segment_count_for, summarize,
};
use std::fmt::Write as _;

const G: Encoding = Encoding::Gsm7;
const U: Encoding = Encoding::Ucs2;

/// One row: a name, the text, and the expected encoding and units of each segment.
struct Case {
    name: &'static str,
    text: String,
    encoding: Encoding,
    segments: Vec<usize>,
}

fn a(n: usize) -> String {
    "a".repeat(n)
}

fn case(
    name: &'static str,
    text: impl Into<String>,
    encoding: Encoding,
    segments: &[usize],
) -> Case {
    Case {
        name,
        text: text.into(),
        encoding,
        segments: segments.to_vec(),
    }
}

fn cases() -> Vec<Case> {
    let family = "👨\u{200D}👩\u{200D}👧\u{200D}👦"; // 4 emoji (2 units each) + 3 ZWJ (1 unit each) = 11 units
    let flag = "🇫🇷"; // two regional indicators, 2 units each
    vec![
        // Empty text: one segment of nothing.
        case("empty", "", G, &[0]),
        // GSM-7 boundaries: 160 in one segment, then 153 per segment.
        case("gsm 159", a(159), G, &[159]),
        case("gsm 160", a(160), G, &[160]),
        case("gsm 161", a(161), G, &[153, 8]),
        case("gsm 306", a(306), G, &[153, 153]),
        case("gsm 307", a(307), G, &[153, 153, 1]),
        // Extension characters around the single-segment limit: 158 + 2 = 160 fits, 159 + 2 does not.
        case("gsm 158 + euro = 160", a(158) + "€", G, &[160]),
        case("gsm 159 + euro = 161", a(159) + "€", G, &[153, 8]),
        case("gsm 80 euros = 160", "€".repeat(80), G, &[160]),
        case("gsm 81 euros = 162", "€".repeat(81), G, &[152, 10]),
        // Extension characters around the 153 boundary: an escape pair never straddles it.
        case("gsm 151 + euro + 10", a(151) + "€" + &a(10), G, &[153, 10]),
        case("gsm 152 + euro + 10", a(152) + "€" + &a(10), G, &[152, 12]),
        case("gsm 153 + euro + 10", a(153) + "€" + &a(10), G, &[153, 12]),
        case("gsm 152 + brace + 10", a(152) + "{" + &a(10), G, &[152, 12]),
        case(
            "gsm 152 + form feed + 10",
            a(152) + "\u{0C}" + &a(10),
            G,
            &[152, 12],
        ),
        case("gsm 80 braces = 160", "{".repeat(80), G, &[160]),
        case(
            "gsm x + 80 braces = 161",
            "x".to_owned() + &"{".repeat(80),
            G,
            &[153, 8],
        ),
        case(
            "gsm escapes at two boundaries",
            a(152) + "€" + &a(150) + "€" + &a(5),
            G,
            &[152, 152, 7],
        ),
        // Every extension character costs two septets.
        case("ext form feed", "\u{0C}", G, &[2]),
        case("ext caret", "^", G, &[2]),
        case("ext left brace", "{", G, &[2]),
        case("ext right brace", "}", G, &[2]),
        case("ext backslash", "\\", G, &[2]),
        case("ext left bracket", "[", G, &[2]),
        case("ext tilde", "~", G, &[2]),
        case("ext right bracket", "]", G, &[2]),
        case("ext pipe", "|", G, &[2]),
        case("ext euro", "€", G, &[2]),
        // CR and LF are basic-table characters: CR LF is two septets.
        case("crlf", "line1\r\nline2", G, &[12]),
        case("gsm 159 + crlf", a(159) + "\r\n", G, &[153, 8]),
        // Basic-table characters outside ASCII.
        case(
            "gsm latin-1",
            "àèéìòù ÄÖÑÜ äöñü ÆæßÉ Øø Åå §¿¡ £¥¤ Ç",
            G,
            &[37],
        ),
        case("gsm greek capitals", "ΔΦΓΛΩΠΨΣΘΞ", G, &[10]),
        case("gsm ascii symbols", "@$!\"#%&'()*+,-./:;<=>?_", G, &[23]),
        // Not GSM-7, each forces UCS-2 (a + c + a = 3 units).
        case("small c cedilla", "aça", U, &[3]),
        case("backtick", "a`a", U, &[3]),
        case("no-break space", "a\u{A0}a", U, &[3]),
        case("tab", "a\ta", U, &[3]),
        case("nul", "a\0a", U, &[3]),
        case("escape control", "a\u{1B}a", U, &[3]),
        case("delete control", "a\u{7F}a", U, &[3]),
        case("left single quote", "a‘a", U, &[3]),
        case("right single quote", "a’a", U, &[3]),
        case("left double quote", "a“a", U, &[3]),
        case("right double quote", "a”a", U, &[3]),
        case("en dash", "a–a", U, &[3]),
        case("em dash", "a—a", U, &[3]),
        case("ellipsis", "a…a", U, &[3]),
        case("ohm sign (not greek omega)", "a\u{2126}a", U, &[3]),
        case("acute a", "aáa", U, &[3]),
        // UCS-2 boundaries: 70 in one segment, then 67 per segment.
        case("ucs2 69", "ç".to_owned() + &a(68), U, &[69]),
        case("ucs2 70", "ç".to_owned() + &a(69), U, &[70]),
        case("ucs2 71", "ç".to_owned() + &a(70), U, &[67, 4]),
        case("ucs2 134", "ç".to_owned() + &a(133), U, &[67, 67]),
        case("ucs2 135", "ç".to_owned() + &a(134), U, &[67, 67, 1]),
        // An extension character in a UCS-2 message is one unit.
        case("ucs2 euro is one unit", "€ç", U, &[2]),
        case(
            "ucs2 70 with braces",
            "ç".to_owned() + &"{".repeat(69),
            U,
            &[70],
        ),
        case(
            "ucs2 71 with braces",
            "ç".to_owned() + &"{".repeat(70),
            U,
            &[67, 4],
        ),
        // Emoji around the 67 boundary: a surrogate pair never straddles it.
        case("emoji alone", "😀", U, &[2]),
        case("ucs2 68 + emoji = 70", a(68) + "😀", U, &[70]),
        case("ucs2 69 + emoji = 71", a(69) + "😀", U, &[67, 4]),
        case("ucs2 65 + emoji + 10", a(65) + "😀" + &a(10), U, &[67, 10]),
        case("ucs2 66 + emoji + 10", a(66) + "😀" + &a(10), U, &[66, 12]),
        case("ucs2 67 + emoji + 10", a(67) + "😀" + &a(10), U, &[67, 12]),
        case("35 emoji = 70", "😀".repeat(35), U, &[70]),
        case("36 emoji = 72", "😀".repeat(36), U, &[66, 6]),
        case(
            "surrogates at two boundaries",
            a(66) + "😀" + &a(64) + "😀" + "a",
            U,
            &[66, 66, 3],
        ),
        // Grapheme clusters are split between code points (never inside a surrogate pair).
        case("zwj family", family, U, &[11]),
        case(
            "zwj family across a boundary",
            a(60) + family + &a(10),
            U,
            &[66, 15],
        ),
        case("flag", flag, U, &[4]),
        case("flag across a boundary", a(65) + flag + &a(5), U, &[67, 7]),
        case("skin tone", "👋🏽", U, &[4]),
        case("combining acute", "e\u{301}", U, &[2]),
        case(
            "combining acute across a boundary",
            a(66) + "e\u{301}" + &a(5),
            U,
            &[67, 6],
        ),
        case("variation selector heart", "❤\u{FE0F}", U, &[2]),
        case("cjk", "你好，明天见", U, &[6]),
        // The API limit of 2048 characters (Unicode scalar values); over it the text is still segmented.
        case(
            "gsm 2048",
            a(2048),
            G,
            &[&[153usize; 13][..], &[59]].concat(),
        ),
        case(
            "gsm 2049",
            a(2049),
            G,
            &[&[153usize; 13][..], &[60]].concat(),
        ),
        case(
            "cjk 2048",
            "漢".repeat(2048),
            U,
            &[&[67usize; 30][..], &[38]].concat(),
        ),
        case(
            "1024 emoji = 2048 units",
            "😀".repeat(1024),
            U,
            &[&[66usize; 31][..], &[2]].concat(),
        ),
        case(
            "2049 emoji",
            "😀".repeat(2049),
            U,
            &[&[66usize; 62][..], &[6]].concat(),
        ),
    ]
}

#[test]
fn every_edge_case_matches_the_rules() {
    let cases = cases();
    assert!(cases.len() >= 60, "only {} cases", cases.len());
    let mut table = String::new();
    let _ = writeln!(
        table,
        "case | encoding | chars | units | count | over limit | segment units | non-GSM"
    );
    for case in &cases {
        let split = segment(&case.text);
        let units: Vec<usize> = split.segments.iter().map(|s| s.units).collect();
        assert_eq!(
            (split.encoding, &units),
            (case.encoding, &case.segments),
            "{}",
            case.name
        );
        assert_eq!(
            split.units,
            case.segments.iter().sum::<usize>(),
            "{}",
            case.name
        );
        assert_eq!(split.characters, case.text.chars().count(), "{}", case.name);
        assert_eq!(
            split.exceeds_limit,
            split.characters > 2048,
            "{}",
            case.name
        );
        assert_eq!(segment_count(&case.text), split.count(), "{}", case.name);
        assert_eq!(summarize(&case.text), split.summary(), "{}", case.name);
        let non_gsm: Vec<String> = split
            .non_gsm
            .iter()
            .take(3)
            .map(|c| {
                format!(
                    "U+{:04X}@{}/{}",
                    u32::from(c.character),
                    c.byte_offset,
                    c.char_index
                )
            })
            .collect();
        let more = split.non_gsm.len().saturating_sub(3);
        let _ = writeln!(
            table,
            "{} | {} | {} | {} | {} | {} | {:?} | {}{}",
            case.name,
            split.encoding,
            split.characters,
            split.units,
            split.count(),
            split.exceeds_limit,
            units,
            non_gsm.join(" "),
            if more > 0 {
                format!(" (+{more})")
            } else {
                String::new()
            },
        );
    }
    insta::assert_snapshot!("segment_edge_cases", table);
}

#[test]
fn segment_byte_ranges_of_split_pairs() {
    // The euro sign opens the second segment whole: bytes 152..155 are E2 82 AC.
    let text = a(152) + "€" + &a(10);
    let split = segment(&text);
    assert_eq!(split.segments[0].bytes, 0..152);
    assert_eq!(split.segments[1].bytes, 152..text.len());
    assert_eq!(
        split.segments[1].text(&text),
        Some(&*("€".to_owned() + &a(10)))
    );
    // The emoji opens the second segment whole: 66 ASCII bytes, then the 4-byte emoji.
    let text = a(66) + "😀" + &a(10);
    let split = segment(&text);
    assert_eq!(split.segments[0].bytes, 0..66);
    assert_eq!(
        split.segments[1].text(&text),
        Some(&*("😀".to_owned() + &a(10)))
    );
}

#[test]
fn non_gsm_characters_are_reported_with_positions() {
    let text = "Hi ç, 😀!";
    let split = segment(text);
    let found: Vec<(char, usize, usize)> = split
        .non_gsm
        .iter()
        .map(|c| (c.character, c.byte_offset, c.char_index))
        .collect();
    assert_eq!(found, vec![('ç', 3, 3), ('😀', 7, 6)]);
    // Positions after long GSM-7 runs (which the fast paths take in whole chunks).
    let text = a(100) + "ç" + &a(40) + "😀";
    let found: Vec<(char, usize, usize)> = segment(&text)
        .non_gsm
        .iter()
        .map(|c| (c.character, c.byte_offset, c.char_index))
        .collect();
    assert_eq!(found, vec![('ç', 100, 100), ('😀', 142, 141)]);
}

#[test]
fn mms_is_always_one_segment() {
    for text in ["", "short", &a(2000), &"😀".repeat(500)] {
        assert_eq!(segment_count_for(MessageKind::Mms, text), 1);
        assert_eq!(
            segment_count_for(MessageKind::Sms, text),
            segment_count(text)
        );
    }
}
