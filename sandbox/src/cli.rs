//! Command-line arguments of the `bandwidth-sandbox` binary (a small hand-written parser).

use std::net::SocketAddr;
use std::path::PathBuf;

/// The help text.
pub const HELP: &str = "\
bandwidth-sandbox: a local, stateful emulator of Bandwidth's Messaging API v2 and its webhooks

USAGE:
    bandwidth-sandbox [OPTIONS]

OPTIONS:
    --listen ADDR       Address to listen on (default 127.0.0.1:9050; port 0 picks a free one)
    --config PATH       TOML configuration file (accounts, applications, limits, retry ladder)
    --data PATH         SQLite database file; pending webhooks survive a restart (default: in memory)
    --time-scale N      Emulated durations pass N times faster (3600: 24 h of retries in 24 s)
    --admin-token T     The admin API demands 'Authorization: Bearer T' (required to listen on a
                        non-loopback address; prefer [server] admin_token in a 0600 config file)
    --log-format F      'text' (default) or 'json'
    -h, --help          Print this help
    -V, --version       Print the version

Logs go to stderr; RUST_LOG filters them (default 'info'). The API is under /api/v2/users/{accountId}/,
the OAuth2 token endpoint at /api/v1/oauth2/token, the admin API under /admin. Without --config one
account exists: 9900000, user sandbox / password sandbox, OAuth2 client sandbox-client / sandbox-secret,
with application 00000000-0000-4000-8000-000000000001 (no callback URLs). See docs/sandbox.md.
";

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line.
    Json,
}

/// What the command line asked for.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Args {
    /// `--listen`.
    pub listen: Option<SocketAddr>,
    /// `--config`.
    pub config: Option<PathBuf>,
    /// `--data`.
    pub data: Option<PathBuf>,
    /// `--time-scale`.
    pub time_scale: Option<f64>,
    /// `--admin-token`.
    pub admin_token: Option<crate::admin_token::AdminToken>,
    /// `--log-format`.
    pub log_format: LogFormat,
    /// `--help`.
    pub help: bool,
    /// `--version`.
    pub version: bool,
}

/// A command line that could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArgsError {
    /// An option that does not exist.
    #[error("unknown option {0:?} (see --help)")]
    Unknown(String),
    /// An option given without its value.
    #[error("option {0} needs a value (see --help)")]
    MissingValue(&'static str),
    /// A value that does not parse.
    #[error("invalid value {value:?} for {option}: {reason}")]
    Invalid {
        /// The option.
        option: &'static str,
        /// The value given.
        value: String,
        /// Why it is wrong.
        reason: String,
    },
}

impl Args {
    /// Parses the arguments after the program name. Accepts `--opt value` and `--opt=value`.
    pub fn parse<I, S>(args: I) -> Result<Args, ArgsError>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut parsed = Args::default();
        let mut args = args.into_iter().map(Into::into);
        while let Some(arg) = args.next() {
            let (name, inline) = match arg.split_once('=') {
                Some((name, value)) if name.starts_with("--") => {
                    (name.to_owned(), Some(value.to_owned()))
                }
                _ => (arg.clone(), None),
            };
            let mut value = |option: &'static str| -> Result<String, ArgsError> {
                match inline.clone() {
                    Some(value) => Ok(value),
                    None => args.next().ok_or(ArgsError::MissingValue(option)),
                }
            };
            match name.as_str() {
                "-h" | "--help" => parsed.help = true,
                "-V" | "--version" => parsed.version = true,
                "--listen" => {
                    let text = value("--listen")?;
                    parsed.listen =
                        Some(text.parse().map_err(|error: std::net::AddrParseError| {
                            ArgsError::Invalid {
                                option: "--listen",
                                value: text.clone(),
                                reason: format!("{error} (expected e.g. 127.0.0.1:9050)"),
                            }
                        })?);
                }
                "--config" => parsed.config = Some(PathBuf::from(value("--config")?)),
                "--data" => parsed.data = Some(PathBuf::from(value("--data")?)),
                "--admin-token" => {
                    parsed.admin_token =
                        Some(crate::admin_token::AdminToken::new(value("--admin-token")?))
                }
                "--time-scale" => {
                    let text = value("--time-scale")?;
                    let scale: f64 = text.parse().map_err(|_| ArgsError::Invalid {
                        option: "--time-scale",
                        value: text.clone(),
                        reason: "expected a number".to_owned(),
                    })?;
                    if !(scale.is_finite() && scale > 0.0) {
                        return Err(ArgsError::Invalid {
                            option: "--time-scale",
                            value: text,
                            reason: "must be a positive number".to_owned(),
                        });
                    }
                    parsed.time_scale = Some(scale);
                }
                "--log-format" => {
                    let text = value("--log-format")?;
                    parsed.log_format = match text.as_str() {
                        "text" => LogFormat::Text,
                        "json" => LogFormat::Json,
                        _ => {
                            return Err(ArgsError::Invalid {
                                option: "--log-format",
                                value: text,
                                reason: "expected 'text' or 'json'".to_owned(),
                            });
                        }
                    };
                }
                _ => return Err(ArgsError::Unknown(arg)),
            }
        }
        Ok(parsed)
    }

    /// Applies the command line over a configuration (command line wins).
    pub fn apply(&self, config: &mut crate::Config) {
        if let Some(listen) = self.listen {
            config.server.listen = listen;
        }
        if let Some(data) = &self.data {
            config.server.data = Some(data.clone());
        }
        if let Some(token) = &self.admin_token {
            config.server.admin_token = Some(token.clone());
        }
        if let Some(scale) = self.time_scale {
            config.server.time_scale = scale;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_option_in_both_spellings() {
        let args = Args::parse([
            "--listen",
            "127.0.0.1:0",
            "--config=sandbox.toml",
            "--data",
            "db.sqlite",
            "--time-scale=3600",
            "--log-format",
            "json",
        ])
        .unwrap();
        assert_eq!(args.listen, Some("127.0.0.1:0".parse().unwrap()));
        assert_eq!(args.config, Some(PathBuf::from("sandbox.toml")));
        assert_eq!(args.data, Some(PathBuf::from("db.sqlite")));
        assert_eq!(args.time_scale, Some(3600.0));
        assert_eq!(args.log_format, LogFormat::Json);
    }

    #[test]
    fn errors_name_the_option() {
        assert_eq!(
            Args::parse(["--bogus"]),
            Err(ArgsError::Unknown("--bogus".into()))
        );
        assert_eq!(
            Args::parse(["--data"]),
            Err(ArgsError::MissingValue("--data"))
        );
        let error = Args::parse(["--time-scale", "-1"]).unwrap_err();
        assert!(error.to_string().contains("--time-scale"), "{error}");
        let error = Args::parse(["--listen", "localhost"]).unwrap_err();
        assert!(error.to_string().contains("--listen"), "{error}");
    }

    #[test]
    fn command_line_overrides_the_config() {
        let mut config = crate::Config::default();
        Args::parse(["--time-scale", "10", "--data", "x.db"])
            .unwrap()
            .apply(&mut config);
        assert_eq!(config.server.time_scale, 10.0);
        assert_eq!(config.server.data, Some(PathBuf::from("x.db")));
    }
}
