//! The registry helper's short-lived copy of a profile's secret, in the kernel keyring.
//!
//! `docker build` and skopeo run `docker-credential-kcred get` for every registry several
//! times a run, and each read of the Secret Service costs a D-Bus connection and an encrypted
//! session (most of a `get`). The first `get` keeps a copy where kcred keeps cached tokens on
//! Linux, the user's kernel keyring (per user, in kernel memory, never on disk), bound to the
//! profile's key, and the next ones answer from it without opening the store.
//!
//! The copy is dropped wherever kcred writes or deletes the profile's secret
//! ([`DropsCopies`], which wraps every store a run opens), and expires by itself.

use crate::config::AccessKey;
use crate::error::Result;
use crate::secrets::{KernelKeyring, KernelTarget, SecretName, SecretStore};
use jiff::{SignedDuration, Timestamp};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use std::cell::OnceCell;
use std::collections::BTreeSet;
use zeroize::Zeroize;

/// How long a copy lives: a build's many `get`s (one per image pull and push, minutes apart)
/// find it, while a copy of a secret that lives for months does not linger long after them.
pub const COPY_LIFETIME: SignedDuration = SignedDuration::from_mins(10);

/// What the copy holds: the secret, and the key it is the secret of.
#[derive(Serialize, Deserialize)]
struct KeptCopy {
    /// [`AccessKey::fingerprint`] of the profile's key when the copy was made: a copy is
    /// used only for that key, so a rotated key never gets the old secret.
    key: String,
    secret: String,
}

fn name_of(profile: &str) -> SecretName {
    SecretName::ProfileRegistrySecret(profile.to_string())
}

/// The copy of `profile`'s secret for `key`, when there is one. A copy that cannot be read,
/// or is another key's, is none: the caller reads the store.
pub fn read(kernel: &KernelKeyring, profile: &str, key: &AccessKey) -> Option<SecretString> {
    let value = kernel.get(&name_of(profile)).ok()??;
    let copy: KeptCopy = serde_json::from_str(value.expose_secret()).ok()?;
    (copy.key == key.fingerprint() && !copy.secret.is_empty())
        .then(|| SecretString::from(copy.secret))
}

/// Keeps a copy of `profile`'s secret for `key` for [`COPY_LIFETIME`]. One that cannot be
/// kept costs the next `get` a read of the store, nothing else.
pub fn keep(kernel: &KernelKeyring, profile: &str, key: &AccessKey, secret: &SecretString) {
    let mut copy = KeptCopy {
        key: key.fingerprint(),
        secret: secret.expose_secret().to_string(),
    };
    let text = serde_json::to_string(&copy);
    copy.secret.zeroize();
    let Ok(text) = text else {
        return;
    };
    let _ = kernel.set(
        &name_of(profile),
        &SecretString::from(text),
        Timestamp::now() + COPY_LIFETIME,
    );
}

/// Drops the copy of `profile`'s secret, if there is one.
pub fn forget(kernel: &KernelKeyring, profile: &str) -> Result<()> {
    kernel.delete(&name_of(profile))
}

/// A store whose every write or deletion of a profile's secret also drops that profile's
/// copy: the one place all of a run's stores come from wraps them in it, so no command that
/// changes a secret (`profile add --force`, `profile remove`, `iam-key rotate`, a journal's
/// recovery) can leave a copy of the old one behind.
pub struct DropsCopies {
    inner: Box<dyn SecretStore>,
    service: String,
    target: KernelTarget,
    /// Opened on the first change of a profile's secret only: reads never need it.
    kernel: OnceCell<Option<KernelKeyring>>,
}

impl DropsCopies {
    pub fn new(inner: Box<dyn SecretStore>, service: &str, target: KernelTarget) -> DropsCopies {
        DropsCopies {
            inner,
            service: service.to_string(),
            target,
            kernel: OnceCell::new(),
        }
    }

    fn changed(&self, name: &SecretName) {
        let SecretName::ProfileSecret(profile) = name else {
            return;
        };
        let kernel = self
            .kernel
            .get_or_init(|| KernelKeyring::open(&self.service, self.target));
        if let Some(kernel) = kernel {
            // The kernel drops a key of the user's at once; a failure here is one the
            // keyring gave for every call, and then no copy was kept either.
            let _ = forget(kernel, profile);
        }
    }
}

impl SecretStore for DropsCopies {
    fn get(&self, name: &SecretName) -> Result<Option<SecretString>> {
        self.inner.get(name)
    }

    fn get_first_guess(&self, name: &SecretName) -> Result<Option<SecretString>> {
        self.inner.get_first_guess(name)
    }

    fn set(&self, name: &SecretName, secret: &SecretString) -> Result<()> {
        let result = self.inner.set(name, secret);
        self.changed(name);
        result
    }

    fn delete(&self, name: &SecretName) -> Result<()> {
        let result = self.inner.delete(name);
        self.changed(name);
        result
    }

    fn names(&self) -> Result<Option<BTreeSet<String>>> {
        self.inner.names()
    }

    fn check_writable(&self) -> Result<()> {
        self.inner.check_writable()
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use crate::secrets::MemoryStore;

    /// The session keyring, under a service name of this test's own.
    fn kernel(service: &str) -> KernelKeyring {
        KernelKeyring::open(service, KernelTarget::Session).expect("a session keyring")
    }

    fn service(test: &str) -> String {
        format!("kcred-unit-secret-copy-{test}-{}", std::process::id())
    }

    #[test]
    fn a_copy_is_its_keys_only() {
        let service = service("keys");
        let kernel = kernel(&service);
        let old = AccessKey::Id("old-key".into());
        let new = AccessKey::Id("new-key".into());
        keep(&kernel, "prod", &old, &SecretString::from("s3cret"));
        let found = read(&kernel, "prod", &old).expect("the copy");
        assert_eq!(found.expose_secret(), "s3cret");
        assert!(read(&kernel, "prod", &new).is_none(), "another key's copy");
        assert!(
            read(&kernel, "other", &old).is_none(),
            "another profile's copy"
        );
        forget(&kernel, "prod").unwrap();
        assert!(read(&kernel, "prod", &old).is_none());
    }

    #[test]
    fn changing_a_profiles_secret_drops_its_copy() {
        let service = service("drops");
        let kernel = kernel(&service);
        let key = AccessKey::Id("same-key".into());
        let store = DropsCopies::new(
            Box::new(MemoryStore::default()),
            &service,
            KernelTarget::Session,
        );
        keep(&kernel, "prod", &key, &SecretString::from("first"));
        keep(&kernel, "dev", &key, &SecretString::from("dev's"));
        // Re-added with the same key and a new secret: the old secret must not be served.
        store
            .set(
                &SecretName::ProfileSecret("prod".into()),
                &SecretString::from("second"),
            )
            .unwrap();
        assert!(read(&kernel, "prod", &key).is_none());
        assert!(read(&kernel, "dev", &key).is_some(), "only that profile's");

        keep(&kernel, "prod", &key, &SecretString::from("second"));
        store
            .set(
                &SecretName::ProfileToken("prod".into()),
                &SecretString::from("token"),
            )
            .unwrap();
        assert!(
            read(&kernel, "prod", &key).is_some(),
            "a token is not the secret"
        );
        store
            .delete(&SecretName::ProfileSecret("prod".into()))
            .unwrap();
        assert!(read(&kernel, "prod", &key).is_none());
        forget(&kernel, "dev").unwrap();
    }
}
