//! The "GSM-7 suggestions" report: characters with a GSM-7 look-alike, and what the count would become.
//!
//! Nothing here changes a message on its own: [`suggest_gsm7`] reports, and the caller decides whether to send
//! [`Gsm7Suggestions::suggested_text`] instead.

use super::alphabet::gsm7_septets;
use super::segmentation::{NonGsmChar, Summary, summarize};

/// A character that could be replaced by a GSM-7 look-alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Suggestion {
    /// The character found in the text.
    pub character: char,
    /// Byte offset of the character in the text.
    pub byte_offset: usize,
    /// Index of the character counted in Unicode scalar values.
    pub char_index: usize,
    /// The GSM-7 text to use instead (empty for invisible characters that can be dropped).
    pub replacement: &'static str,
    /// What the character is, for people.
    pub name: &'static str,
}

/// What replacing look-alike characters would change (see [`suggest_gsm7`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Gsm7Suggestions {
    /// Each replaceable character, in text order.
    pub suggestions: Vec<Suggestion>,
    /// Characters outside GSM-7 with no look-alike: while any remain, the text stays UCS-2.
    pub remaining: Vec<NonGsmChar>,
    /// The text as given.
    pub current: Summary,
    /// The text with every suggestion applied.
    pub suggested: Summary,
    /// The text with every suggestion applied; never sent unless the caller chooses it.
    pub suggested_text: String,
}

impl Gsm7Suggestions {
    /// `true` when applying the suggestions would make the text GSM-7.
    pub fn becomes_gsm7(&self) -> bool {
        !self.suggestions.is_empty() && self.remaining.is_empty()
    }

    /// Segments saved by applying every suggestion (0 when it would not help, e.g. text that stays UCS-2 and grows).
    pub fn segments_saved(&self) -> usize {
        self.current
            .segments
            .saturating_sub(self.suggested.segments)
    }
}

/// The GSM-7 look-alike of `c` and its name, when it has one. Every replacement is GSM-7 text.
pub fn gsm7_look_alike(c: char) -> Option<(&'static str, &'static str)> {
    let found = match c {
        '\t' => (" ", "tab"),
        '`' => ("'", "grave accent (backtick)"),
        '\u{A0}' => (" ", "no-break space"),
        '\u{AB}' => ("\"", "left guillemet"),
        '\u{AD}' => ("", "soft hyphen (invisible)"),
        '\u{B4}' => ("'", "acute accent"),
        '\u{BB}' => ("\"", "right guillemet"),
        'ç' => ("Ç", "small c cedilla (GSM-7 has only the capital)"),
        '\u{2BC}' => ("'", "modifier letter apostrophe"),
        '\u{2C6}' => ("^", "modifier letter circumflex"),
        '\u{2DC}' => ("~", "small tilde"),
        '\u{2000}'..='\u{200A}' => (" ", "typographic space"),
        '\u{200B}' => ("", "zero-width space (invisible)"),
        '\u{2010}' => ("-", "hyphen"),
        '\u{2011}' => ("-", "non-breaking hyphen"),
        '\u{2012}' => ("-", "figure dash"),
        '\u{2013}' => ("-", "en dash"),
        '\u{2014}' => ("-", "em dash"),
        '\u{2015}' => ("-", "horizontal bar"),
        '\u{2018}' => ("'", "left single quotation mark"),
        '\u{2019}' => ("'", "right single quotation mark"),
        '\u{201A}' => ("'", "single low-9 quotation mark"),
        '\u{201B}' => ("'", "single high-reversed-9 quotation mark"),
        '\u{201C}' => ("\"", "left double quotation mark"),
        '\u{201D}' => ("\"", "right double quotation mark"),
        '\u{201E}' => ("\"", "double low-9 quotation mark"),
        '\u{201F}' => ("\"", "double high-reversed-9 quotation mark"),
        '\u{2026}' => ("...", "horizontal ellipsis"),
        '\u{202F}' => (" ", "narrow no-break space"),
        '\u{2032}' => ("'", "prime"),
        '\u{2033}' => ("\"", "double prime"),
        '\u{2039}' => ("<", "single left-pointing angle quotation mark"),
        '\u{203A}' => (">", "single right-pointing angle quotation mark"),
        '\u{2044}' => ("/", "fraction slash"),
        '\u{205F}' => (" ", "medium mathematical space"),
        '\u{2060}' => ("", "word joiner (invisible)"),
        '\u{2126}' => ("Ω", "ohm sign"),
        '\u{2206}' => ("Δ", "increment"),
        '\u{2212}' => ("-", "minus sign"),
        '\u{2215}' => ("/", "division slash"),
        '\u{3000}' => (" ", "ideographic space"),
        '\u{FEFF}' => ("", "zero-width no-break space (invisible)"),
        _ => return None,
    };
    Some(found)
}

/// Reports which characters of `text` have GSM-7 look-alikes and what the message would cost with them replaced.
///
/// ```
/// use bandwidth_messaging::segment::{suggest_gsm7, Encoding};
/// let report = suggest_gsm7("It’s 5 – 6 pm");
/// assert_eq!(report.suggestions.len(), 2);
/// assert_eq!(report.current.encoding, Encoding::Ucs2);
/// assert_eq!(report.suggested.encoding, Encoding::Gsm7);
/// assert_eq!(report.suggested_text, "It's 5 - 6 pm");
/// assert!(report.becomes_gsm7());
/// ```
pub fn suggest_gsm7(text: &str) -> Gsm7Suggestions {
    let current = summarize(text);
    let mut suggestions = Vec::new();
    let mut remaining = Vec::new();
    let mut suggested_text = String::with_capacity(text.len());
    for (char_index, (byte_offset, character)) in text.char_indices().enumerate() {
        if gsm7_septets(character).is_some() {
            suggested_text.push(character);
        } else if let Some((replacement, name)) = gsm7_look_alike(character) {
            suggestions.push(Suggestion {
                character,
                byte_offset,
                char_index,
                replacement,
                name,
            });
            suggested_text.push_str(replacement);
        } else {
            remaining.push(NonGsmChar {
                character,
                byte_offset,
                char_index,
            });
            suggested_text.push(character);
        }
    }
    let suggested = summarize(&suggested_text);
    Gsm7Suggestions {
        suggestions,
        remaining,
        current,
        suggested,
        suggested_text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_replacement_is_gsm7_and_every_key_is_not() {
        for cp in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if let Some((replacement, _)) = gsm7_look_alike(c) {
                assert!(gsm7_septets(c).is_none(), "{c:?} is already GSM-7");
                assert!(
                    replacement.chars().all(|r| gsm7_septets(r).is_some()),
                    "{c:?} -> {replacement:?}"
                );
            }
        }
    }
}
