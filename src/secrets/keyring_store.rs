use super::{SecretName, SecretStore};
use crate::error::{Advice, Error, Result, one_line};
use keyring_core::Entry;
use secrecy::{ExposeSecret, SecretString};
use std::sync::{Arc, Mutex, TryLockError, mpsc};
use std::thread;
use std::time::{Duration, Instant};

/// The service name under which every kcred entry is filed in the OS keyring.
pub const DEFAULT_SERVICE: &str = "kcred";

/// How long the end of a run waits for a keyring call still in flight (one that outlived its
/// timeout) before it closes the connection under it.
const CLOSING_GRACE: Duration = Duration::from_secs(1);

/// The platform store, connected on first use (on the helper thread: connecting to the Secret
/// Service can hang as well) and then shared by every call of the run, whichever
/// [`KeyringStore`] makes it: one connection and one Secret Service session per process.
static PLATFORM: Mutex<Option<Platform>> = Mutex::new(None);

#[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
type Platform = Arc<super::secret_service::Store>;
#[cfg(not(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd")))]
type Platform = Arc<keyring_core::CredentialStore>;

/// Ends this process's use of the keyring: the Secret Service session is closed and the
/// connection shut, after the call in flight (if a timeout left one) is done or
/// [`CLOSING_GRACE`] has passed. At the end of every run, and before kcred becomes another
/// program.
pub fn close() {
    let started = Instant::now();
    let platform = loop {
        match PLATFORM.try_lock() {
            Ok(mut platform) => break platform.take(),
            Err(TryLockError::Poisoned(poisoned)) => break poisoned.into_inner().take(),
            // Still connecting, on a helper thread a timeout gave up on.
            Err(TryLockError::WouldBlock) if started.elapsed() < CLOSING_GRACE => {
                thread::sleep(Duration::from_millis(10));
            }
            Err(TryLockError::WouldBlock) => return,
        }
    };
    #[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
    if let Some(store) = platform {
        store.close(CLOSING_GRACE.saturating_sub(started.elapsed()));
    }
    #[cfg(not(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd")))]
    drop(platform);
}

/// The OS keyring. Every call runs on a helper thread and is given up after `timeout`: a
/// locked Secret Service collection may wait forever for a password prompt nobody sees, and a
/// credential tool must never hang a pipeline.
pub struct KeyringStore {
    service: String,
    timeout: Duration,
}

impl KeyringStore {
    pub fn new(service: impl Into<String>, timeout: Duration) -> Self {
        KeyringStore {
            service: service.into(),
            timeout,
        }
    }

    /// Reads `name`; with `confirm`, a miss is checked against the store's state (see
    /// [`confirm_miss`]).
    fn read(&self, name: &SecretName, confirm: bool) -> Result<Option<SecretString>> {
        let found = self.call("reading", name, move |platform, entry| {
            match entry.get_password() {
                Ok(value) => Ok(Some(SecretString::from(value))),
                Err(keyring_core::Error::NoEntry) if confirm => {
                    confirm_miss(platform).map(|()| None)
                }
                Err(keyring_core::Error::NoEntry) => Ok(None),
                Err(err) => Err(err),
            }
        })?;
        match found {
            Some(value) if value.expose_secret().is_empty() => Err(Error::keyring(format!(
                "the keyring entry {name} is empty, which kcred never writes"
            ))
            .with_advice(Advice::StoreProfileAgain { profile: None })),
            other => Ok(other),
        }
    }

    fn call<T: Send + 'static>(
        &self,
        doing: &'static str,
        name: &SecretName,
        op: impl FnOnce(&Platform, Entry) -> keyring_core::Result<T> + Send + 'static,
    ) -> Result<T> {
        let service = self.service.clone();
        let user = name.to_string();
        self.on_platform(doing, name, move |platform| {
            let entry = entry(platform, &service, &user)?;
            op(platform, entry)
        })
    }

    /// Runs `op` on the platform store, on the helper thread, within the timeout; `what` is
    /// what it is about, for messages.
    fn on_platform<T: Send + 'static>(
        &self,
        doing: &'static str,
        what: &dyn std::fmt::Display,
        op: impl FnOnce(&Platform) -> keyring_core::Result<T> + Send + 'static,
    ) -> Result<T> {
        let (tx, rx) = mpsc::channel();
        thread::Builder::new()
            .name("keyring".into())
            .spawn(move || {
                let _ = tx.send(connected().and_then(|platform| op(&platform)));
            })
            .map_err(|err| Error::keyring(format!("{doing} {what}: {err}")))?;
        match rx.recv_timeout(self.timeout) {
            Ok(result) => result.map_err(|err| keyring_error(doing, what, err)),
            Err(_) => Err(Error::keyring(format!(
                "the keyring did not answer within {} s while {doing} {what}; it may be locked",
                self.timeout.as_secs_f32()
            ))
            .with_advice(Advice::UnlockKeyringOrAvoidIt)),
        }
    }
}

/// The platform store, connecting to it when this run has not yet.
fn connected() -> keyring_core::Result<Platform> {
    let mut platform = PLATFORM
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(store) = platform.as_ref() {
        return Ok(store.clone());
    }
    let store = open_platform_store()?;
    *platform = Some(store.clone());
    Ok(store)
}

#[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
fn open_platform_store() -> keyring_core::Result<Platform> {
    super::secret_service::Store::open()
}

#[cfg(target_os = "macos")]
fn open_platform_store() -> keyring_core::Result<Platform> {
    Ok(apple_native_keyring_store::keychain::Store::new()?)
}

#[cfg(target_os = "windows")]
fn open_platform_store() -> keyring_core::Result<Platform> {
    Ok(windows_native_keyring_store::Store::new()?)
}

/// kcred 0.1 (keyring 3) filed each Secret Service item with `target = default`; searching
/// and creating with the same attribute finds those items and keeps new ones readable by 0.1.
#[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
fn entry(platform: &Platform, service: &str, user: &str) -> keyring_core::Result<Entry> {
    Ok(platform.entry(service, user, "default"))
}

/// Keychain and Credential Manager name entries by service and user as keyring 3 did.
#[cfg(not(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd")))]
fn entry(platform: &Platform, service: &str, user: &str) -> keyring_core::Result<Entry> {
    platform.build(service, user, None)
}

/// A miss is only a miss when the Secret Service has a usable default collection: one with
/// none (a daemon started by D-Bus activation with no login keyring) or a locked one answers
/// every search with nothing, and that must read as "the keyring is unavailable", not as "no
/// secret stored" (which would send the user to store it again).
#[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
fn confirm_miss(platform: &Platform) -> keyring_core::Result<()> {
    platform.check_usable()
}

#[cfg(not(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd")))]
fn confirm_miss(_: &Platform) -> keyring_core::Result<()> {
    Ok(())
}

impl SecretStore for KeyringStore {
    fn get(&self, name: &SecretName) -> Result<Option<SecretString>> {
        self.read(name, true)
    }

    fn get_first_guess(&self, name: &SecretName) -> Result<Option<SecretString>> {
        self.read(name, false)
    }

    fn set(&self, name: &SecretName, secret: &SecretString) -> Result<()> {
        let secret = SecretString::from(secret.expose_secret());
        self.call("storing", name, move |_, entry| {
            entry.set_password(secret.expose_secret())
        })
    }

    fn delete(&self, name: &SecretName) -> Result<()> {
        self.call("deleting", name, |_, entry| {
            match entry.delete_credential() {
                Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
                Err(err) => Err(err),
            }
        })
    }

    #[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
    fn names(&self) -> Result<Option<std::collections::BTreeSet<String>>> {
        let service = self.service.clone();
        self.on_platform("listing", &"the entries", move |platform| {
            platform.names(&service, "default").map(Some)
        })
    }
}

/// Keeps keyring failures to one line, without the secret (keyring's errors never hold it,
/// but `BadEncoding` holds the raw bytes of the stored value, so it is not shown).
fn keyring_error(doing: &str, name: &dyn std::fmt::Display, err: keyring_core::Error) -> Error {
    use keyring_core::Error as K;
    match err {
        K::BadEncoding(_) => Error::keyring(format!(
            "the keyring entry {name} does not hold text that kcred wrote"
        ))
        .with_advice(Advice::StoreProfileAgain { profile: None }),
        K::Ambiguous(_) => Error::keyring(format!(
            "the keyring holds several entries named {name}; kcred cannot tell which is right"
        ))
        .with_hint(
            "delete the duplicates with your keyring manager (e.g. Seahorse, secret-tool clear)",
        ),
        K::NoStorageAccess(inner) | K::PlatformFailure(inner)
            if inner.to_string().contains("prompt dismissed") =>
        {
            // Secret Service asked to unlock the keyring and nobody answered the prompt (or
            // there is no screen to show it on): to the user, the keyring is locked.
            Error::keyring(format!(
                "the OS keyring is locked, and its unlock prompt was dismissed or could not be \
                 shown ({doing} {name})"
            ))
            .with_advice(Advice::UnlockKeyringOrAvoidIt)
        }
        K::NoStorageAccess(inner) | K::PlatformFailure(inner)
            if inner.to_string().contains("IsLocked")
                || inner.to_string().contains("object locked") =>
        {
            Error::keyring(format!("the OS keyring is locked ({doing} {name})"))
                .with_advice(Advice::UnlockKeyringOrAvoidIt)
        }
        K::NoStorageAccess(inner) | K::PlatformFailure(inner) => Error::keyring(format!(
            "the OS keyring is not available ({doing} {name}): {}",
            one_line(&inner.to_string())
        ))
        .with_advice(Advice::UnlockKeyringOrAvoidIt),
        other => Error::keyring(format!(
            "the OS keyring failed while {doing} {name}: {}",
            one_line(&other.to_string())
        ))
        .with_advice(Advice::UnlockKeyringOrAvoidIt),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Inner(&'static str);
    impl std::fmt::Display for Inner {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }
    impl std::error::Error for Inner {}

    #[test]
    fn a_dismissed_unlock_prompt_is_said_to_be_a_locked_keyring() {
        let name = SecretName::ProfileSecret("p".into());
        for inner in ["SS error: prompt dismissed", "SS Error: object locked"] {
            let err = keyring_error(
                "reading",
                &name,
                keyring_core::Error::PlatformFailure(Box::new(Inner(inner))),
            );
            assert_eq!(err.kind(), crate::error::ErrorKind::Keyring);
            assert!(
                err.message().contains("keyring is locked"),
                "{}",
                err.message()
            );
            assert!(!err.message().contains("SS "), "{}", err.message());
            assert_eq!(err.advice(), Some(&Advice::UnlockKeyringOrAvoidIt));
        }
    }
}
