//! The secret store: access-key secrets and cached tokens live here and nowhere else.
//!
//! [`SecretStore`] is the one interface the rest of kcred sees. [`KeyringStore`] is the OS
//! keyring (Keychain, Windows Credential Manager, Secret Service); [`FileStore`] is an
//! encrypted file, only when a user asks for it; [`MemoryStore`] exists for unit tests of the
//! logic above the keyring. Cached tokens may live in the Linux kernel keyring instead
//! ([`KernelKeyring`]), which never holds anything that cannot be issued again, or read again
//! from the store (the registry helper's short-lived copies of profiles' secrets).

mod file_store;
pub mod kernel_keyring;
pub mod keyring_store;
mod memory;
#[cfg(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd"))]
mod secret_service;

pub use file_store::{FileStore, Passphrase};
pub use kernel_keyring::{KernelKeyring, KernelTarget};
pub use keyring_store::KeyringStore;
pub use memory::MemoryStore;

use crate::error::Result;
use secrecy::SecretString;
use std::collections::BTreeSet;
use std::fmt;

/// The name of one entry in the store. Each says what it holds, so a user browsing their
/// keyring (Seahorse, Keychain Access) sees `profile/prod/access-key-secret`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SecretName {
    /// The IAM access key secret of a profile.
    ProfileSecret(String),
    /// The cached API token of a profile.
    ProfileToken(String),
    /// The secret of an IAM access key kcred created, by key ID.
    IamKeySecret(String),
    /// The secret of an S3 access key kcred created, by access key.
    S3KeySecret(String),
    /// A profile's cached temporary S3 credentials (secret key and session token).
    ProfileS3Temp(String),
    /// A profile's cached temporary access key (NAVER Cloud), its secret.
    ProfileTemporaryKey(String),
    /// The registry helper's short-lived copy of a profile's secret, in the kernel keyring
    /// only (JSON: the key it belongs to and its secret).
    ProfileRegistrySecret(String),
    /// What this machine proved of the token in a shared profile's cache (no secret: a
    /// digest that binds the token, and what the server said of it).
    SharedTokenProof(String),
    /// The Vault token of this machine's AppRole or JWT login, by a digest of the server, the
    /// auth mount and the role (nothing of the secret ID).
    VaultLogin(String),
    /// Written and deleted at once, to check that the store takes secrets now; one per
    /// process (by its ID), so that kcreds checking at the same time do not meet.
    WriteCheck(u32),
}

impl fmt::Display for SecretName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SecretName::ProfileSecret(profile) => write!(f, "profile/{profile}/access-key-secret"),
            SecretName::ProfileToken(profile) => write!(f, "profile/{profile}/token"),
            SecretName::IamKeySecret(id) => write!(f, "iam-key/{id}/secret"),
            SecretName::S3KeySecret(access) => write!(f, "s3-key/{access}/secret"),
            SecretName::ProfileS3Temp(profile) => write!(f, "profile/{profile}/s3-temp"),
            SecretName::ProfileTemporaryKey(profile) => {
                write!(f, "profile/{profile}/temporary-key")
            }
            SecretName::ProfileRegistrySecret(profile) => {
                write!(f, "profile/{profile}/registry-secret")
            }
            SecretName::SharedTokenProof(profile) => {
                write!(f, "profile/{profile}/shared-token-proof")
            }
            SecretName::VaultLogin(slot) => write!(f, "vault-login/{slot}"),
            SecretName::WriteCheck(pid) => write!(f, "kcred/write-check/{pid}"),
        }
    }
}

pub trait SecretStore {
    /// The secret stored under `name`, or `None` when there is no such entry.
    fn get(&self, name: &SecretName) -> Result<Option<SecretString>>;
    /// The same as [`SecretStore::get`] for a first guess that a `get` of another entry backs
    /// up: a store may skip the checks that tell a real miss from an unusable store (the
    /// Secret Service: one more connection), since the `get` after it makes them.
    fn get_first_guess(&self, name: &SecretName) -> Result<Option<SecretString>> {
        self.get(name)
    }
    /// Stores `secret` under `name`, replacing what was there.
    fn set(&self, name: &SecretName, secret: &SecretString) -> Result<()>;
    /// Deletes the entry; deleting an entry that does not exist is not an error.
    fn delete(&self, name: &SecretName) -> Result<()>;

    /// The names (as [`SecretName`] shows them) of every entry the store holds, when it can
    /// list them in one go; `None` when it cannot. For checking many entries at once: one
    /// search of the Secret Service costs as much as the collection is big, so one per entry
    /// grows with the square of the entries.
    fn names(&self) -> Result<Option<BTreeSet<String>>> {
        Ok(None)
    }

    /// Checks that the store takes a secret now (reachable, unlocked, the passphrase right)
    /// before work that would be wasted if it did not, such as issuing a token.
    fn check_writable(&self) -> Result<()> {
        let check = SecretName::WriteCheck(std::process::id());
        self.set(
            &check,
            &SecretString::from("kcred checks that it can store secrets"),
        )?;
        self.delete(&check)
    }
}
