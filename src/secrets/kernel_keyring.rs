//! The Linux kernel keyring (keyutils), for cached tokens and short-lived copies (the registry
//! helper's copy of a profile's secret, for minutes). It is per user, lives in
//! kernel memory (never on disk), expires each entry by itself at its timeout, and answers in
//! one system call: a warm token costs a process start, not a D-Bus round trip, and a file
//! store's passphrase is needed only to issue. It is cleared at reboot, so it never holds the
//! only copy of anything: access-key secrets stay in the secret store.
//!
//! On other platforms [`KernelKeyring::open`] finds none and tokens stay in the secret store.

use super::SecretName;
use crate::error::{Error, Result};
use jiff::Timestamp;
use secrecy::SecretString;

/// Which kernel keyring holds the entries: the user's (the default: shared by all of the
/// user's sessions, as a token cache should be) or the calling session's (tests, so that each
/// sees only its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KernelTarget {
    User,
    Session,
}

impl KernelTarget {
    /// `KCRED_KERNEL_KEYRING`: `user` or `session`.
    pub fn parse(value: &str) -> Result<KernelTarget> {
        match value {
            "user" => Ok(KernelTarget::User),
            "session" => Ok(KernelTarget::Session),
            other => Err(Error::usage(format!(
                "KCRED_KERNEL_KEYRING is '{other}'; it must be user or session"
            ))),
        }
    }
}

#[cfg(target_os = "linux")]
pub use linux::KernelKeyring;

#[cfg(target_os = "linux")]
mod linux {
    use super::*;
    use linux_keyutils::{
        Key, KeyError, KeyPermissionsBuilder, KeyRing, KeyRingIdentifier, Permission,
    };
    use secrecy::ExposeSecret;

    /// Entries of one keyring service (`KCRED_KEYRING_SERVICE`) in one kernel keyring.
    pub struct KernelKeyring {
        ring: KeyRing,
        service: String,
    }

    impl KernelKeyring {
        /// The kernel keyring, or `None` where keyutils is not available (a kernel without
        /// it, or a sandbox that forbids its system calls).
        pub fn open(service: &str, target: KernelTarget) -> Option<KernelKeyring> {
            let id = match target {
                KernelTarget::User => KeyRingIdentifier::User,
                KernelTarget::Session => KeyRingIdentifier::Session,
            };
            let ring = KeyRing::from_special_id(id, true).ok()?;
            // Reading the keyring's own description proves the calls are allowed here.
            ring.metadata().ok()?;
            Some(KernelKeyring {
                ring,
                service: service.to_string(),
            })
        }

        fn description(&self, name: &SecretName) -> String {
            format!("{}:{name}", self.service)
        }

        fn find(&self, name: &SecretName) -> Result<Option<Key>> {
            match self.ring.search(&self.description(name)) {
                Ok(key) => Ok(Some(key)),
                Err(err) if is_absent(err) => Ok(None),
                Err(err) => Err(kernel_error("reading", name, err)),
            }
        }

        pub fn get(&self, name: &SecretName) -> Result<Option<SecretString>> {
            let Some(key) = self.find(name)? else {
                return Ok(None);
            };
            match key.read_to_vec() {
                Ok(bytes) => match String::from_utf8(bytes) {
                    Ok(text) if !text.is_empty() => Ok(Some(SecretString::from(text))),
                    // Not what kcred writes: no cache, and the caller issues again.
                    _ => Ok(None),
                },
                // Expired or revoked between the search and the read.
                Err(err) if is_absent(err) => Ok(None),
                Err(err) => Err(kernel_error("reading", name, err)),
            }
        }

        /// Stores `secret` under `name` until `expires_at`, when the kernel drops it.
        pub fn set(
            &self,
            name: &SecretName,
            secret: &SecretString,
            expires_at: Timestamp,
        ) -> Result<()> {
            let seconds = expires_at.duration_since(Timestamp::now()).as_secs();
            if seconds <= 0 {
                return self.delete(name);
            }
            let key = self
                .ring
                .add_key(&self.description(name), secret.expose_secret().as_bytes())
                .map_err(|err| kernel_error("storing", name, err))?;
            // The user's other processes may read it, as they may read the Secret Service:
            // a process that does not possess the user keyring (a fresh session, cron, sudo
            // -u) still finds its token. Other users get nothing.
            let perms = KeyPermissionsBuilder::builder()
                .posessor(Permission::ALL)
                .user(
                    Permission::VIEW
                        | Permission::READ
                        | Permission::WRITE
                        | Permission::SEARCH
                        | Permission::SETATTR,
                )
                .build();
            let limited = key
                .set_timeout(seconds as usize)
                .and_then(|()| key.set_perms(perms));
            if let Err(err) = limited {
                // An entry without its timeout would outlive the token: never keep one.
                let _ = key.invalidate();
                return Err(kernel_error("storing", name, err));
            }
            Ok(())
        }

        /// Deletes the entry; one that does not exist is not an error.
        pub fn delete(&self, name: &SecretName) -> Result<()> {
            let Some(key) = self.find(name)? else {
                return Ok(());
            };
            match key.invalidate().or_else(|_| self.ring.unlink_key(key)) {
                Ok(()) => Ok(()),
                Err(err) if is_absent(err) => Ok(()),
                Err(err) => Err(kernel_error("deleting", name, err)),
            }
        }
    }

    fn is_absent(err: KeyError) -> bool {
        matches!(
            err,
            KeyError::KeyDoesNotExist | KeyError::KeyExpired | KeyError::KeyRevoked
        )
    }

    fn kernel_error(doing: &str, name: &SecretName, err: KeyError) -> Error {
        Error::keyring(format!(
            "the kernel keyring failed while {doing} {name}: {err:?}"
        ))
        .with_hint("set KCRED_TOKEN_CACHE=store to keep cached tokens in the secret store")
    }
}

/// Where there is no kernel keyring: never opened, so tokens stay in the secret store.
#[cfg(not(target_os = "linux"))]
pub struct KernelKeyring(std::convert::Infallible);

#[cfg(not(target_os = "linux"))]
impl KernelKeyring {
    pub fn open(_service: &str, _target: KernelTarget) -> Option<KernelKeyring> {
        None
    }

    pub fn get(&self, _name: &SecretName) -> Result<Option<SecretString>> {
        match self.0 {}
    }

    pub fn set(
        &self,
        _name: &SecretName,
        _secret: &SecretString,
        _expires_at: Timestamp,
    ) -> Result<()> {
        match self.0 {}
    }

    pub fn delete(&self, _name: &SecretName) -> Result<()> {
        match self.0 {}
    }
}
