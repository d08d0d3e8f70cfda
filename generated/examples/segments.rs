//! SMS segment counts from the command line.
//!
//! JSON lines mode (the default) reads one object per line on stdin and writes one line per object on stdout:
//!
//! ```text
//! $ printf '%s\n' '{"id": 1, "text": "Hi {name}"}' '{"id": "b", "text": "Ça va 😀"}' \
//!     | cargo run -p bandwidth-messaging --example segments
//! {"id":1,"encoding":"GSM-7","segments":1,"units":11}
//! {"id":"b","encoding":"UCS-2","segments":1,"units":8}
//! ```
//!
//! `id` may be any JSON value and is echoed back (`null` when absent). A line that cannot be read (bad JSON, not an
//! object, no `text` string) gives `{"id": ..., "error": "..."}` naming the line and what was wrong; blank lines are
//! skipped. Text over the API's 2048-character limit is still counted and flagged with `"exceeds_limit": true`.
//!
//! Human mode prints the segments of one text with the characters that cost extra highlighted, and the GSM-7
//! suggestions report: `cargo run -p bandwidth-messaging --example segments -- --explain "text"` (`-` reads the
//! text from stdin).

use std::io::{self, BufRead, IsTerminal, Read, Write};
use std::process::ExitCode;

use bandwidth_messaging::segment::{self, Encoding, Segmentation, gsm7_septets, suggest_gsm7};
use serde_json::{Map, Value, json};

const USAGE: &str =
    "usage: segments                   JSON lines {\"id\": ..., \"text\": ...} on stdin
       segments --explain TEXT    the segments of TEXT, explained (TEXT `-` reads stdin)
       segments --explain --color TEXT / --no-color TEXT   force or disable highlighting colours";

fn main() -> ExitCode {
    let mut args = Vec::new();
    for arg in std::env::args_os().skip(1) {
        match arg.into_string() {
            Ok(arg) => args.push(arg),
            Err(arg) => {
                eprintln!("segments: argument {arg:?} is not valid UTF-8\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] => run(io::stdin().lock(), io::stdout().lock()),
        ["-h" | "--help"] => {
            println!("{USAGE}");
            Ok(())
        }
        ["--explain", rest @ ..] => match explain_args(rest) {
            Ok((text, color)) => {
                let color = color.unwrap_or_else(|| io::stdout().is_terminal());
                io::stdout()
                    .lock()
                    .write_all(explain(&text, color).as_bytes())
            }
            Err(message) => {
                eprintln!("segments: {message}\n{USAGE}");
                return ExitCode::from(2);
            }
        },
        [other, ..] => {
            eprintln!("segments: unexpected argument {other:?}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader went away (e.g. `| head`): nothing left to say.
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("segments: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The text and colour choice of `--explain [--color|--no-color] TEXT`.
fn explain_args(args: &[&str]) -> Result<(String, Option<bool>), String> {
    let (color, rest) = match args {
        ["--color", rest @ ..] => (Some(true), rest),
        ["--no-color", rest @ ..] => (Some(false), rest),
        rest => (None, rest),
    };
    match rest {
        ["-"] => {
            let mut text = String::new();
            io::stdin()
                .read_to_string(&mut text)
                .map_err(|error| format!("cannot read the text from stdin: {error}"))?;
            Ok((text, color))
        }
        [text] => Ok(((*text).to_owned(), color)),
        [] => Err("--explain needs the text to explain".to_owned()),
        [_, extra, ..] => Err(format!("unexpected argument {extra:?} after the text")),
    }
}

/// Answers every line of `input` (JSON lines) on `output`, one line each; blank lines are skipped.
pub(crate) fn run(mut input: impl BufRead, mut output: impl Write) -> io::Result<()> {
    let mut line = Vec::new();
    let mut number = 0usize;
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        number += 1;
        if let Some(answer) = answer_line(&line, number) {
            writeln!(output, "{answer}")?;
        }
    }
    output.flush()
}

/// The answer to line `number` of the input, or `None` for a blank line.
fn answer_line(line: &[u8], number: usize) -> Option<Value> {
    if line.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let request: Value = match serde_json::from_slice(line) {
        Ok(request) => request,
        Err(error) => {
            return Some(error_line(
                Value::Null,
                number,
                &format!("invalid JSON: {error}"),
            ));
        }
    };
    let Value::Object(mut request) = request else {
        let found = kind_of(&request);
        return Some(error_line(
            Value::Null,
            number,
            &format!("expected a JSON object with a \"text\" string, found {found}"),
        ));
    };
    let id = request.remove("id").unwrap_or(Value::Null);
    let text = match request.get("text") {
        Some(Value::String(text)) => text,
        Some(other) => {
            let found = kind_of(other);
            return Some(error_line(
                id,
                number,
                &format!("field \"text\" must be a string, found {found}"),
            ));
        }
        None => return Some(error_line(id, number, "missing field \"text\"")),
    };
    let summary = segment::summarize(text);
    let mut answer = Map::new();
    answer.insert("id".to_owned(), id);
    answer.insert("encoding".to_owned(), json!(summary.encoding.as_str()));
    answer.insert("segments".to_owned(), json!(summary.segments));
    answer.insert("units".to_owned(), json!(summary.units));
    if summary.exceeds_limit() {
        answer.insert("exceeds_limit".to_owned(), json!(true));
    }
    Some(Value::Object(answer))
}

fn error_line(id: Value, number: usize, message: &str) -> Value {
    json!({ "id": id, "error": format!("line {number}: {message}") })
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// How a character is marked in the explanation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Plain,
    /// Costs two units: a GSM-7 extension character or a UCS-2 surrogate pair.
    Double,
    /// Not GSM-7: forced the message to UCS-2.
    ForcesUcs2,
    /// Not GSM-7 and two UTF-16 units.
    ForcesUcs2Double,
}

fn mark_of(c: char, encoding: Encoding) -> Mark {
    match (encoding, gsm7_septets(c)) {
        (Encoding::Gsm7, Some(2)) => Mark::Double,
        (Encoding::Gsm7, _) => Mark::Plain,
        (Encoding::Ucs2, Some(_)) => Mark::Plain,
        (Encoding::Ucs2, None) if c.len_utf16() == 2 => Mark::ForcesUcs2Double,
        (Encoding::Ucs2, None) => Mark::ForcesUcs2,
    }
}

/// A printable form of `c`: controls and invisible spaces are escaped.
fn shown(c: char) -> String {
    match c {
        '\n' => "\\n".to_owned(),
        '\r' => "\\r".to_owned(),
        '\t' => "\\t".to_owned(),
        '\u{0C}' => "\\f".to_owned(),
        '\\' => "\\\\".to_owned(),
        c if c.is_control()
            || c.is_whitespace() && c != ' '
            || ('\u{200B}'..='\u{200F}').contains(&c) =>
        {
            format!("\\u{{{:x}}}", u32::from(c))
        }
        '\u{FE00}'..='\u{FE0F}' | '\u{2060}' | '\u{FEFF}' => format!("\\u{{{:x}}}", u32::from(c)),
        c => c.to_string(),
    }
}

fn highlight(c: char, mark: Mark, color: bool) -> String {
    let text = shown(c);
    match (mark, color) {
        (Mark::Plain, _) => text,
        (Mark::Double, true) => format!("\x1b[1;33m{text}\x1b[0m"),
        (Mark::ForcesUcs2, true) => format!("\x1b[1;37;41m{text}\x1b[0m"),
        (Mark::ForcesUcs2Double, true) => format!("\x1b[1;33;41m{text}\x1b[0m"),
        (Mark::Double, false) => format!("⟦{text}⟧²"),
        (Mark::ForcesUcs2, false) => format!("⟦{text}⟧"),
        (Mark::ForcesUcs2Double, false) => format!("⟦{text}⟧²"),
    }
}

/// The human explanation of `text`: encoding, totals, each segment with the costly characters highlighted, and the
/// GSM-7 suggestions.
pub(crate) fn explain(text: &str, color: bool) -> String {
    use std::fmt::Write as _;
    let split: Segmentation = segment::segment(text);
    let encoding = split.encoding;
    let unit = encoding.unit_name();
    let mut out = String::new();
    let _ = writeln!(out, "encoding:   {encoding}");
    if let Some(first) = split.non_gsm.first() {
        let _ = writeln!(
            out,
            "            forced by {} character(s) outside GSM-7, first {:?} (U+{:04X}) at character {}",
            split.non_gsm.len(),
            first.character,
            u32::from(first.character),
            first.char_index
        );
    }
    let _ = writeln!(
        out,
        "characters: {} (API limit {}){}",
        split.characters,
        bandwidth_messaging::generated::behaviour::segmentation::MAX_TEXT_CHARACTERS,
        if split.exceeds_limit {
            " -- OVER THE LIMIT, the API will reject this text"
        } else {
            ""
        }
    );
    let _ = writeln!(out, "units:      {} {unit}s", split.units);
    let per_segment = if split.count() == 1 {
        format!(
            "one segment holds up to {} {unit}s",
            encoding.single_segment_units()
        )
    } else {
        format!(
            "concatenated, at most {} {unit}s each",
            encoding.concatenated_segment_units()
        )
    };
    let _ = writeln!(out, "segments:   {} ({per_segment})", split.count());
    for (index, part) in split.segments.iter().enumerate() {
        let _ = writeln!(
            out,
            "\nsegment {} of {}: {} {unit}s, bytes {}..{}",
            index + 1,
            split.count(),
            part.units,
            part.bytes.start,
            part.bytes.end
        );
        let body: String = part
            .text(text)
            .unwrap_or_default()
            .chars()
            .map(|c| highlight(c, mark_of(c, encoding), color))
            .collect();
        let _ = writeln!(out, "  {body}");
    }
    let legend = match (encoding, color) {
        (Encoding::Gsm7, true) => "yellow = extension character, 2 septets (escape + code)",
        (Encoding::Gsm7, false) => "⟦x⟧² = extension character, 2 septets (escape + code)",
        (Encoding::Ucs2, true) => {
            "red = not GSM-7 (forces UCS-2), yellow on red = also 2 UTF-16 units (surrogate pair)"
        }
        (Encoding::Ucs2, false) => {
            "⟦x⟧ = not GSM-7 (forces UCS-2), ⟦x⟧² = also 2 UTF-16 units (surrogate pair)"
        }
    };
    let _ = writeln!(out, "\nlegend: {legend}");
    let report = suggest_gsm7(text);
    if !report.suggestions.is_empty() {
        let _ = writeln!(out, "\nGSM-7 suggestions (not applied):");
        for suggestion in &report.suggestions {
            let _ = writeln!(
                out,
                "  character {}: {:?} U+{:04X} {} -> {:?}",
                suggestion.char_index,
                suggestion.character,
                u32::from(suggestion.character),
                suggestion.name,
                suggestion.replacement
            );
        }
        let _ = writeln!(
            out,
            "  with all of them: {}, {} segment(s), {} units (now {}, {} segment(s), {} units){}",
            report.suggested.encoding,
            report.suggested.segments,
            report.suggested.units,
            report.current.encoding,
            report.current.segments,
            report.current.units,
            if report.remaining.is_empty() {
                String::new()
            } else {
                format!(
                    "; {} other character(s) keep it UCS-2",
                    report.remaining.len()
                )
            }
        );
    }
    out
}
