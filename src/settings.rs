//! The environment, read once at start. Every variable kcred reads is declared with its
//! meaning in [`crate::reference::VARIABLES`] (or, for the ones other programs own, in
//! [`READ_FROM_OTHERS`]); this is the only place that reads them (the debug-only test hooks in
//! [`crate::failpoint`] aside). Everything below gets the typed [`Settings`] or the
//! [`Environment`] handed down.

use crate::config::StoreKind;
use crate::error::{Error, Result};
use crate::key_expiry;
use crate::secrets::KernelTarget;
use crate::secrets::keyring_store::DEFAULT_SERVICE;
use jiff::SignedDuration;
use secrecy::SecretString;
use std::ffi::{OsStr, OsString};
use std::time::Duration;

/// Variables other programs own, which kcred reads where they mean the same thing to it:
/// where Docker and Podman keep their auth files, the machine's name for a lock's holder, the
/// system trust store's file, and how Windows finds a program.
pub const READ_FROM_OTHERS: &[&str] = &[
    "HOME",
    "XDG_RUNTIME_DIR",
    "DOCKER_CONFIG",
    "REGISTRY_AUTH_FILE",
    "HOSTNAME",
    "COMPUTERNAME",
    "SSL_CERT_FILE",
    "PATH",
    "PATHEXT",
];

/// The variable that sets how many days ahead kcred warns of a key's expiry.
pub const KEY_EXPIRY_WARNING_VARIABLE: &str = "KCRED_KEY_EXPIRY_WARNING_DAYS";

/// How long a keyring request may take before kcred gives up on the Secret Service.
const DEFAULT_KEYRING_TIMEOUT: Duration = Duration::from_secs(5);

/// The declared variables that are set, as they were when kcred started.
#[derive(Clone, Default)]
pub struct Environment {
    values: Vec<(&'static str, OsString)>,
}

impl Environment {
    /// Reads every declared variable from this process's environment.
    pub fn from_process() -> Environment {
        let values = declared()
            .filter_map(|name| std::env::var_os(name).map(|value| (name, value)))
            .collect();
        Environment { values }
    }

    /// An environment of these values only (for tests, and for nothing set at all).
    pub fn of(pairs: &[(&'static str, &str)]) -> Environment {
        Environment {
            values: pairs
                .iter()
                .map(|(name, value)| (*name, OsString::from(value)))
                .collect(),
        }
    }

    /// The variable's value, when it is set and is text (as `std::env::var(..).ok()`).
    pub fn get(&self, name: &str) -> Option<String> {
        self.get_os(name)?.to_str().map(str::to_string)
    }

    /// The variable's value, when it is set and not empty.
    pub fn non_empty(&self, name: &str) -> Option<String> {
        self.get(name).filter(|value| !value.is_empty())
    }

    /// The variable's value as the OS gave it (paths need not be text).
    pub fn get_os(&self, name: &str) -> Option<&OsStr> {
        debug_assert!(
            declared().any(|declared| declared == name),
            "{name} is read but not declared in reference::VARIABLES or READ_FROM_OTHERS"
        );
        self.values
            .iter()
            .find(|(declared, _)| *declared == name)
            .map(|(_, value)| value.as_os_str())
    }

    /// [`Environment::get`] as a function, for the parsers that take a lookup.
    pub fn lookup(&self) -> impl Fn(&str) -> Option<String> + '_ {
        |name| self.get(name)
    }
}

/// Values may be secrets (`KAKAOCLOUD_ACCESS_KEY_SECRET`, `VAULT_TOKEN`): each copy is wiped
/// when it goes, as a `SecretString` is.
impl Drop for Environment {
    fn drop(&mut self) {
        for (_, value) in &mut self.values {
            let mut bytes = std::mem::take(value).into_encoded_bytes();
            zeroize::Zeroize::zeroize(&mut bytes);
        }
    }
}

/// Names only: values may be secrets.
impl std::fmt::Debug for Environment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.values.iter().map(|(name, _)| name))
            .finish()
    }
}

fn declared() -> impl Iterator<Item = &'static str> {
    crate::reference::VARIABLES
        .iter()
        .flat_map(|variable| variable.names.iter().copied())
        .chain(READ_FROM_OTHERS.iter().copied())
}

/// `KCRED_TOKEN_CACHE`: where this machine's cached tokens go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenCacheSetting {
    /// The kernel keyring where there is one (Linux with keyutils), else the secret store.
    Auto,
    /// The secret store, as kcred 0.1 did.
    Store,
}

impl TokenCacheSetting {
    fn parse(value: &str) -> Result<TokenCacheSetting> {
        match value {
            "auto" => Ok(TokenCacheSetting::Auto),
            "store" => Ok(TokenCacheSetting::Store),
            other => Err(Error::usage(format!(
                "KCRED_TOKEN_CACHE is '{other}'; it must be auto or store"
            ))
            .with_hint("auto keeps cached tokens in the kernel keyring where there is one")),
        }
    }
}

/// kcred's own variables, typed; the rest of the environment beside them.
#[derive(Debug, Clone)]
pub struct Settings {
    pub environment: Environment,
    /// `CI` set to something other than `false` or `0`: never prompt, never spin.
    pub in_ci: bool,
    /// `KCRED_KEYRING_SERVICE`: the service name of kcred's keyring entries.
    pub keyring_service: String,
    /// `KCRED_KEYRING_TIMEOUT`: how long a keyring request may take.
    pub keyring_timeout: Duration,
    /// `KCRED_STORE`, which wins over a profile's own choice.
    pub store: Option<StoreKind>,
    /// `KCRED_TOKEN_CACHE`: whether new cached tokens go to the kernel keyring.
    pub token_cache: TokenCacheSetting,
    /// `KCRED_KERNEL_KEYRING`: which kernel keyring holds them.
    pub kernel_target: KernelTarget,
    /// `KCRED_KEY_EXPIRY_WARNING_DAYS`: how far ahead a key's expiry is warned about.
    pub key_expiry_window: SignedDuration,
}

impl Settings {
    /// This process's settings.
    pub fn from_process() -> Result<Settings> {
        Settings::from_environment(Environment::from_process())
    }

    /// The settings `environment` gives; a value kcred cannot use is an error naming it.
    pub fn from_environment(environment: Environment) -> Result<Settings> {
        let in_ci = environment
            .get("CI")
            .is_some_and(|v| !v.is_empty() && v != "false" && v != "0");
        let keyring_service = environment
            .get("KCRED_KEYRING_SERVICE")
            .unwrap_or_else(|| DEFAULT_SERVICE.to_string());
        let keyring_timeout = environment
            .get("KCRED_KEYRING_TIMEOUT")
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|secs| *secs > 0.0 && secs.is_finite())
            .map(Duration::from_secs_f64)
            .unwrap_or(DEFAULT_KEYRING_TIMEOUT);
        let store = environment
            .non_empty("KCRED_STORE")
            .map(|value| StoreKind::parse(&value))
            .transpose()?;
        let token_cache = match environment.non_empty("KCRED_TOKEN_CACHE") {
            Some(value) => TokenCacheSetting::parse(&value)?,
            None => TokenCacheSetting::Auto,
        };
        let kernel_target = match environment.non_empty("KCRED_KERNEL_KEYRING") {
            Some(value) => KernelTarget::parse(&value)?,
            None => KernelTarget::User,
        };
        let key_expiry_window = match environment.non_empty(KEY_EXPIRY_WARNING_VARIABLE) {
            Some(value) => key_expiry::window_from_days(&value).map_err(|why| {
                Error::usage(format!("{KEY_EXPIRY_WARNING_VARIABLE}: {why}"))
                    .with_hint("set it to a number of days, or 0 for no warning ahead")
            })?,
            None => SignedDuration::from_hours(key_expiry::DEFAULT_WARNING_DAYS * 24),
        };
        Ok(Settings {
            environment,
            in_ci,
            keyring_service,
            keyring_timeout,
            store,
            token_cache,
            kernel_target,
            key_expiry_window,
        })
    }

    /// `KCRED_FILE_PASSPHRASE`, when it is set and not empty.
    pub fn file_passphrase(&self) -> Option<SecretString> {
        self.environment
            .non_empty("KCRED_FILE_PASSPHRASE")
            .map(SecretString::from)
    }

    /// This machine's name as the environment says it (for a lock's holder, when
    /// `/etc/hostname` does not).
    pub fn host_name(&self) -> Option<String> {
        self.environment
            .get("HOSTNAME")
            .or_else(|| self.environment.get("COMPUTERNAME"))
    }

    /// `SSL_CERT_FILE`, when set: the system trust store's file, checked before it is read.
    pub fn system_ca_file(&self) -> Option<std::path::PathBuf> {
        self.environment
            .get_os("SSL_CERT_FILE")
            .filter(|path| !path.is_empty())
            .map(std::path::PathBuf::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(pairs: &[(&'static str, &str)]) -> Result<Settings> {
        Settings::from_environment(Environment::of(pairs))
    }

    #[test]
    fn nothing_set_gives_the_defaults() {
        let settings = settings(&[]).unwrap();
        assert!(!settings.in_ci);
        assert_eq!(settings.keyring_service, DEFAULT_SERVICE);
        assert_eq!(settings.keyring_timeout, DEFAULT_KEYRING_TIMEOUT);
        assert_eq!(settings.store, None);
        assert_eq!(settings.token_cache, TokenCacheSetting::Auto);
        assert_eq!(settings.kernel_target, KernelTarget::User);
        assert_eq!(
            settings.key_expiry_window,
            SignedDuration::from_hours(key_expiry::DEFAULT_WARNING_DAYS * 24)
        );
        assert!(settings.file_passphrase().is_none());
    }

    #[test]
    fn ci_counts_unless_false_zero_or_empty() {
        for (value, in_ci) in [("true", true), ("1", true), ("false", false), ("0", false)] {
            assert_eq!(
                settings(&[("CI", value)]).unwrap().in_ci,
                in_ci,
                "CI={value}"
            );
        }
        assert!(!settings(&[("CI", "")]).unwrap().in_ci);
    }

    #[test]
    fn a_keyring_timeout_that_is_not_a_positive_number_keeps_the_default() {
        for value in ["0", "-1", "soon", "NaN", "inf"] {
            let timeout = settings(&[("KCRED_KEYRING_TIMEOUT", value)])
                .unwrap()
                .keyring_timeout;
            assert_eq!(
                timeout, DEFAULT_KEYRING_TIMEOUT,
                "KCRED_KEYRING_TIMEOUT={value}"
            );
        }
        let timeout = settings(&[("KCRED_KEYRING_TIMEOUT", "0.25")])
            .unwrap()
            .keyring_timeout;
        assert_eq!(timeout, Duration::from_millis(250));
    }

    #[test]
    fn a_store_or_token_cache_kcred_does_not_know_is_a_usage_error_naming_the_variable() {
        let err = settings(&[("KCRED_STORE", "disk")]).unwrap_err();
        assert!(err.message().contains("KCRED_STORE"), "{}", err.message());
        let err = settings(&[("KCRED_TOKEN_CACHE", "memory")]).unwrap_err();
        assert!(
            err.message().contains("KCRED_TOKEN_CACHE"),
            "{}",
            err.message()
        );
        assert_eq!(
            settings(&[("KCRED_STORE", "vault")]).unwrap().store,
            Some(StoreKind::Vault)
        );
        assert_eq!(settings(&[("KCRED_STORE", "")]).unwrap().store, None);
        assert_eq!(
            settings(&[("KCRED_TOKEN_CACHE", "store")])
                .unwrap()
                .token_cache,
            TokenCacheSetting::Store
        );
    }

    #[test]
    fn a_bad_expiry_window_says_what_to_set() {
        let err = settings(&[(KEY_EXPIRY_WARNING_VARIABLE, "a fortnight")]).unwrap_err();
        assert!(err.message().contains(KEY_EXPIRY_WARNING_VARIABLE));
        assert!(
            err.hint()
                .is_some_and(|hint| hint.contains("number of days"))
        );
        let window = settings(&[(KEY_EXPIRY_WARNING_VARIABLE, "3")])
            .unwrap()
            .key_expiry_window;
        assert_eq!(window, SignedDuration::from_hours(72));
    }

    #[test]
    fn the_host_name_falls_back_from_hostname_to_computername() {
        let both = settings(&[("HOSTNAME", "a"), ("COMPUTERNAME", "b")]).unwrap();
        assert_eq!(both.host_name().as_deref(), Some("a"));
        let windows = settings(&[("COMPUTERNAME", "b")]).unwrap();
        assert_eq!(windows.host_name().as_deref(), Some("b"));
        assert_eq!(settings(&[]).unwrap().host_name(), None);
    }

    #[test]
    fn debug_shows_names_never_values() {
        let environment = Environment::of(&[("KAKAOCLOUD_ACCESS_KEY_SECRET", "s3cr3t-value")]);
        let shown = format!(
            "{environment:?} {:?}",
            Settings::from_environment(environment.clone())
        );
        assert!(shown.contains("KAKAOCLOUD_ACCESS_KEY_SECRET"));
        assert!(!shown.contains("s3cr3t-value"), "{shown}");
    }

    #[test]
    fn an_empty_passphrase_is_none() {
        let empty = settings(&[("KCRED_FILE_PASSPHRASE", "")]).unwrap();
        assert!(empty.file_passphrase().is_none());
        let given = settings(&[("KCRED_FILE_PASSPHRASE", "pw")]).unwrap();
        use secrecy::ExposeSecret;
        assert_eq!(given.file_passphrase().unwrap().expose_secret(), "pw");
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "not declared")]
    fn reading_an_undeclared_variable_is_a_bug_caught_in_debug_builds() {
        Environment::of(&[]).get("SOMETHING_UNDECLARED");
    }

    #[test]
    fn only_declared_variables_are_read_from_the_process() {
        let environment = Environment::from_process();
        for (name, _) in &environment.values {
            assert!(declared().any(|declared| declared == *name), "{name}");
        }
    }
}
