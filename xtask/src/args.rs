//! Command-line options, parsed with the standard library only.

/// The options every command accepts (each command reads the ones it needs and rejects the others).
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Args {
    pub check: bool,
    pub force: bool,
    pub spec: Option<String>,
    pub ours: Option<String>,
    pub out: Option<String>,
    pub tags: Option<Vec<String>>,
}

impl Args {
    /// Parses `--flag`, `--key value` and `--key=value`.
    pub fn parse(argv: &[String]) -> Result<Self, String> {
        let mut a = Args::default();
        let mut it = argv.iter();
        while let Some(arg) = it.next() {
            let (key, inline) = match arg.split_once('=') {
                Some((k, v)) if k.starts_with("--") => (k, Some(v.to_owned())),
                _ => (arg.as_str(), None),
            };
            let mut value = |name: &str| -> Result<String, String> {
                match inline.clone().or_else(|| it.next().cloned()) {
                    Some(v) if !v.is_empty() => Ok(v),
                    _ => Err(format!("`{name}` needs a value")),
                }
            };
            match key {
                "--check" => a.check = true,
                "--force" => a.force = true,
                "--spec" => a.spec = Some(value("--spec")?),
                "--ours" => a.ours = Some(value("--ours")?),
                "--out" => a.out = Some(value("--out")?),
                "--tags" => {
                    let tags: Vec<String> = value("--tags")?
                        .split(',')
                        .map(str::trim)
                        .filter(|t| !t.is_empty())
                        .map(str::to_owned)
                        .collect();
                    if tags.is_empty() {
                        return Err("`--tags` needs at least one tag".to_owned());
                    }
                    a.tags = Some(tags);
                }
                other => return Err(format!("unknown option `{other}`")),
            }
        }
        Ok(a)
    }

    /// Fails when an option that `command` does not take was given.
    pub fn only(&self, command: &str, allowed: &[&str]) -> Result<(), String> {
        let given = [
            ("--check", self.check),
            ("--force", self.force),
            ("--spec", self.spec.is_some()),
            ("--ours", self.ours.is_some()),
            ("--out", self.out.is_some()),
            ("--tags", self.tags.is_some()),
        ];
        for (name, present) in given {
            if present && !allowed.contains(&name) {
                return Err(format!("`{command}` does not take `{name}`"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &[&str]) -> Result<Args, String> {
        Args::parse(&s.iter().map(|x| x.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn parses_flags_values_and_tag_lists() {
        let a = parse(&[
            "--check",
            "--spec",
            "a.yml",
            "--tags=Messages, Media",
            "--out=/tmp/x",
        ])
        .unwrap_or_default();
        assert!(a.check);
        assert_eq!(a.spec.as_deref(), Some("a.yml"));
        assert_eq!(a.out.as_deref(), Some("/tmp/x"));
        assert_eq!(
            a.tags,
            Some(vec!["Messages".to_owned(), "Media".to_owned()])
        );
    }

    #[test]
    fn rejects_unknown_and_empty_options() {
        assert_eq!(
            parse(&["--bogus"]),
            Err("unknown option `--bogus`".to_owned())
        );
        assert_eq!(parse(&["--spec"]), Err("`--spec` needs a value".to_owned()));
        assert_eq!(
            parse(&["--tags", ","]),
            Err("`--tags` needs at least one tag".to_owned())
        );
        let a = parse(&["--force"]).unwrap_or_default();
        assert!(a.only("codegen", &["--check"]).is_err());
    }
}
