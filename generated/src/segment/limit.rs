//! The API's text length limit, counted in Unicode scalar values.

use crate::generated::behaviour::segmentation::MAX_TEXT_CHARACTERS;

/// The text is longer than the API accepts.
///
/// Bandwidth limits `text` to [`MAX_TEXT_CHARACTERS`] characters; like Bandwidth's own SDK, characters are counted
/// as Unicode scalar values (`str::chars`), not bytes or UTF-16 units.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("text has {characters} characters (Unicode scalar values), more than the limit of {limit}")]
pub struct TextTooLong {
    /// Unicode scalar values in the text.
    pub characters: usize,
    /// The limit it exceeds.
    pub limit: usize,
}

/// Checks `text` against the API's length limit and returns its length in Unicode scalar values.
///
/// ```
/// use bandwidth_messaging::segment::check_text_length;
/// assert_eq!(check_text_length("héllo"), Ok(5));
/// let error = check_text_length(&"a".repeat(2049)).unwrap_err();
/// assert_eq!((error.characters, error.limit), (2049, 2048));
/// ```
pub fn check_text_length(text: &str) -> Result<usize, TextTooLong> {
    let characters = super::scan::characters(text);
    if characters > MAX_TEXT_CHARACTERS {
        Err(TextTooLong {
            characters,
            limit: MAX_TEXT_CHARACTERS,
        })
    } else {
        Ok(characters)
    }
}
