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
    hint: Option<Hint>,
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
        self.hint = Some(Hint::Text(hint.into()));
        self
    }

    /// The way out, words or a command.
    pub fn with(mut self, hint: Hint) -> Self {
        self.hint = Some(hint);
        self
    }

    /// The way out is a kcred command: the layer that knows the commands says it.
    pub fn with_advice(mut self, advice: Advice) -> Self {
        self.hint = Some(Hint::Advice(advice));
        self
    }

    /// The same way out as `other`'s, whatever form it has.
    pub fn with_hint_of(mut self, other: &Error) -> Self {
        self.hint = other.hint.clone();
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

    /// The hint, when it is words (see [`Error::advice`] for one that is a command).
    pub fn hint(&self) -> Option<&str> {
        match &self.hint {
            Some(Hint::Text(text)) => Some(text),
            _ => None,
        }
    }

    /// The way out, when it is a kcred command.
    pub fn advice(&self) -> Option<&Advice> {
        match &self.hint {
            Some(Hint::Advice(advice)) => Some(advice),
            _ => None,
        }
    }
}

/// What an error says to do: words, or a kcred command to run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hint {
    Text(String),
    Advice(Advice),
}

impl From<&str> for Hint {
    fn from(text: &str) -> Hint {
        Hint::Text(text.to_string())
    }
}

impl From<Advice> for Hint {
    fn from(advice: Advice) -> Hint {
        Hint::Advice(advice)
    }
}

/// A way out that is a kcred command. The layers below the commands say which; the commands'
/// layer says it in words (`commands::advice`), so a command or flag is named in one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Advice {
    /// Set up a first profile, or give the key in the environment.
    AddFirstProfile { or_environment: bool },
    /// Several profiles and no default: choose one.
    ChooseDefaultProfile,
    /// Shared profiles are named one at a time: name one, or list them.
    NameSharedProfile,
    /// A profile entry kcred cannot use: fix it, or remove the profile.
    FixOrRemoveProfile { profile: String },
    /// A shared profile of that name exists: remove it first.
    RemoveSharedProfileFirst,
    /// Store a profile's key and secret again.
    StoreProfileAgain { profile: Option<String> },
    /// Credentials go to `profile add` or the environment, never into an endpoint URL.
    CredentialsNotInEndpoint,
    /// The secret store cannot be reached: unlock it, or use the environment or the file.
    UnlockKeyringOrAvoidIt,
    /// There is no encrypted file yet: the first profile stored there makes it.
    CreateFileStore,
    /// The KMS endpoint may be wrong (`unexpected`: it answered, but not as KMS does).
    CheckKmsEndpoint { unexpected: bool },
    /// A request whose answer was lost may have been carried out: the list shows.
    ListToSee { keys: KeyKind, created: bool },
    /// The registry's host cannot be worked out: name it.
    NameRegistryHost,
    /// A registry needs the key's ID: add the profile's key by its ID.
    AddKeyById { profile: String },
    /// Several profiles could serve a registry host: choose one.
    ChooseRegistryProfile { host: String },
}

/// Which access keys an [`Advice`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    Iam,
    S3,
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
