//! One error type for the whole crate. Its kind decides the exit code; its message is one
//! line for the user, and its hint says what to do about it. Neither ever holds a secret.

use std::fmt;

/// What went wrong, as far as a script calling kcred cares: each kind is one exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Anything not covered below (exit 1).
    Other,
    /// The command line or an input value is wrong (exit 2).
    Usage,
    /// KakaoCloud rejected the credentials or the token: HTTP 401 (exit 3).
    Rejected,
    /// The secret store is absent, locked or failing: the OS keyring, the encrypted file,
    /// Vault (exit 4).
    Keyring,
    /// The network or the server failed: unreachable, timeout, 5xx, a malformed answer (exit 5).
    Network,
    /// KakaoCloud's limit of access keys per project is reached (exit 6).
    LimitReached,
    /// `kcred exec` found the command but could not run it (exit 126, as a shell does).
    CommandNotRunnable,
    /// `kcred exec` did not find the command (exit 127, as a shell does).
    CommandNotFound,
}

impl ErrorKind {
    /// Every kind, in the order of their exit codes.
    pub const ALL: [ErrorKind; 8] = [
        ErrorKind::Other,
        ErrorKind::Usage,
        ErrorKind::Rejected,
        ErrorKind::Keyring,
        ErrorKind::Network,
        ErrorKind::LimitReached,
        ErrorKind::CommandNotRunnable,
        ErrorKind::CommandNotFound,
    ];

    /// What the kind's exit code tells a script, for `kcred help exit-codes`.
    pub fn meaning(self) -> &'static str {
        match self {
            ErrorKind::Other => {
                "other error (nothing cached to verify, a key that does not exist, cancelled at a prompt)"
            }
            ErrorKind::Usage => {
                "usage: a wrong flag or value, a missing secret with no way to prompt, a \
                 confirmation without --yes, an invalid config file or profile entry, a command \
                 the profile's provider has no counterpart for"
            }
            ErrorKind::Rejected => {
                "the credentials or the token were rejected, or the key may not do what was asked"
            }
            ErrorKind::Keyring => {
                "the secret store is unavailable (keyring, encrypted file, Vault)"
            }
            ErrorKind::Network => "network or server error, or rate-limited past --timeout",
            ErrorKind::LimitReached => "the limit of 2 keys per project is reached",
            ErrorKind::CommandNotRunnable => "kcred exec: the command cannot run",
            ErrorKind::CommandNotFound => "kcred exec: the command is not found",
        }
    }

    pub fn exit_code(self) -> i32 {
        match self {
            ErrorKind::Other => 1,
            ErrorKind::Usage => 2,
            ErrorKind::Rejected => 3,
            ErrorKind::Keyring => 4,
            ErrorKind::Network => 5,
            ErrorKind::LimitReached => 6,
            ErrorKind::CommandNotRunnable => 126,
            ErrorKind::CommandNotFound => 127,
        }
    }
}

#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    hint: Option<String>,
    /// The HTTP status the server answered with, when the error is the server's answer.
    http_status: Option<u16>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
            hint: None,
            http_status: None,
        }
    }

    pub fn with_http_status(mut self, status: u16) -> Self {
        self.http_status = Some(status);
        self
    }

    pub fn http_status(&self) -> Option<u16> {
        self.http_status
    }

    pub fn other(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Other, message)
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Usage, message)
    }

    pub fn keyring(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Keyring, message)
    }

    pub fn network(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Network, message)
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a hint only when the error does not already carry a more specific one.
    pub fn or_hint(self, hint: impl Into<String>) -> Self {
        if self.hint.is_some() {
            self
        } else {
            self.with_hint(hint)
        }
    }

    /// Puts what kcred was doing in front of the message: "storing the secret: …".
    pub fn context(mut self, doing: impl fmt::Display) -> Self {
        self.message = format!("{doing}: {}", self.message);
        self
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn hint(&self) -> Option<&str> {
        self.hint.as_deref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Self {
        Error::other(err.to_string())
    }
}

/// `text` on one line: every run of whitespace (newlines too) becomes one space. Messages from
/// servers and libraries go into kcred's one-line errors.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
