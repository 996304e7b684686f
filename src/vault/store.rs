//! The secret store on Vault: each secret one KV v2 entry below `secrets/`, named as in the OS
//! keyring, so a policy can give runners the profiles' secrets and nothing else.

use super::Vault;
use crate::error::{Error, Result};
use crate::secrets::{SecretName, SecretStore};
use crate::token_cache::{SharedCache, SharedWait};
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;
use std::rc::Rc;

pub struct VaultStore {
    vault: Rc<Vault>,
}

impl VaultStore {
    pub fn new(vault: Rc<Vault>) -> VaultStore {
        VaultStore { vault }
    }
}

/// `secrets/profile/ci/access-key-secret`
pub(super) fn secret_path(name: &SecretName) -> String {
    format!("secrets/{name}")
}

impl SecretStore for VaultStore {
    fn get(&self, name: &SecretName) -> Result<Option<SecretString>> {
        let entry = self.vault.read(&secret_path(name))?;
        let Some(data) = entry.data else {
            return Ok(None);
        };
        data["value"]
            .as_str()
            .map(|value| Some(SecretString::from(value.to_string())))
            .ok_or_else(|| {
                Error::keyring(format!(
                    "the Vault entry {} has no `value`",
                    secret_path(name)
                ))
                .with_hint("it was not written by kcred; remove it or write it again with kcred")
            })
    }

    fn set(&self, name: &SecretName, secret: &SecretString) -> Result<()> {
        let mut data = json!({ "value": secret.expose_secret() });
        let written = self
            .vault
            .write(&secret_path(name), &data, None, Some(secret));
        crate::http::wipe_json(&mut data);
        written.map(|_| ())
    }

    fn delete(&self, name: &SecretName) -> Result<()> {
        self.vault.destroy(&secret_path(name))
    }

    /// A Vault token is checked by the first real request; a write-check entry would need a
    /// policy that runners do not have.
    fn check_writable(&self) -> Result<()> {
        Ok(())
    }
}

/// The Vault store when it cannot be used at all (no `VAULT_ADDR`, an unreadable CA file):
/// every use is that error, so nothing falls back to another store.
pub struct Unavailable {
    cause: Error,
}

impl Unavailable {
    pub fn new(err: &Error) -> Unavailable {
        Unavailable {
            cause: Error::keyring(err.message()).with_hint_of(err),
        }
    }

    fn error(&self) -> Error {
        Error::keyring(self.cause.message()).with_hint_of(&self.cause)
    }
}

impl SecretStore for Unavailable {
    fn get(&self, _: &SecretName) -> Result<Option<SecretString>> {
        Err(self.error())
    }

    fn set(&self, _: &SecretName, _: &SecretString) -> Result<()> {
        Err(self.error())
    }

    fn delete(&self, _: &SecretName) -> Result<()> {
        Err(self.error())
    }
}

impl SharedCache for Unavailable {
    fn read(&self, _: &str) -> Result<Option<(serde_json::Value, SecretString)>> {
        Err(self.error())
    }

    fn write(&self, _: &str, _: &serde_json::Value, _: &SecretString) -> Result<()> {
        Err(self.error())
    }

    fn delete(&self, _: &str) -> Result<bool> {
        Err(self.error())
    }

    fn lock<'s>(
        &'s self,
        _: &str,
        _: std::time::Duration,
        _: &dyn Fn(),
        _: &mut dyn FnMut() -> Result<bool>,
    ) -> Result<SharedWait<'s>> {
        Err(self.error())
    }
}
