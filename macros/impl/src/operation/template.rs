//! The path template of an operation (`/users/{accountId}/media/{mediaId}`), split into pieces.

/// One piece of a path template.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece {
    /// Literal text, sent as written.
    Literal(String),
    /// `{name}`: filled from the `#[path(name = "name")]` field.
    Placeholder(String),
}

/// Splits `template` into literal text and placeholders; the error says what is malformed.
pub fn parse(template: &str) -> Result<Vec<Piece>, String> {
    if !template.starts_with('/') {
        return Err(format!("the path `{template}` must start with `/`"));
    }
    let mut pieces = Vec::new();
    let mut rest = template;
    while !rest.is_empty() {
        match (rest.find('{'), rest.find('}')) {
            (None, None) => {
                pieces.push(Piece::Literal(rest.to_owned()));
                break;
            }
            (Some(open), Some(close)) if open < close => {
                if open > 0 {
                    pieces.push(Piece::Literal(rest[..open].to_owned()));
                }
                let name = &rest[open + 1..close];
                if name.is_empty() || name.contains('{') {
                    return Err(format!(
                        "malformed placeholder in the path `{template}`: `{{{name}}}`"
                    ));
                }
                pieces.push(Piece::Placeholder(name.to_owned()));
                rest = &rest[close + 1..];
            }
            _ => return Err(format!("unbalanced `{{` / `}}` in the path `{template}`")),
        }
    }
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_literals_and_placeholders() {
        let pieces = parse("/users/{accountId}/media/{mediaId}").unwrap();
        assert_eq!(
            pieces,
            vec![
                Piece::Literal("/users/".into()),
                Piece::Placeholder("accountId".into()),
                Piece::Literal("/media/".into()),
                Piece::Placeholder("mediaId".into()),
            ]
        );
        assert_eq!(parse("/a/{x}.json").unwrap().len(), 3);
    }

    #[test]
    fn rejects_malformed_templates() {
        assert!(parse("users").is_err());
        assert!(parse("/users/{accountId").is_err());
        assert!(parse("/users/}x{").is_err());
        assert!(parse("/users/{}").is_err());
        assert!(parse("/users/{a{b}").is_err());
    }
}
