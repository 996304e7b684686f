use super::{SecretName, SecretStore};
use crate::error::Result;
use secrecy::{ExposeSecret, SecretString};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// A store that lives in memory and dies with the process. For unit tests only: kcred itself
/// never uses it, so no build of kcred can silently keep secrets in memory instead of the keyring.
#[derive(Default)]
pub struct MemoryStore {
    entries: RefCell<BTreeMap<SecretName, SecretString>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.entries.borrow().len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.borrow().is_empty()
    }
}

impl SecretStore for MemoryStore {
    fn get(&self, name: &SecretName) -> Result<Option<SecretString>> {
        Ok(self
            .entries
            .borrow()
            .get(name)
            .map(|s| SecretString::from(s.expose_secret())))
    }

    fn set(&self, name: &SecretName, secret: &SecretString) -> Result<()> {
        self.entries
            .borrow_mut()
            .insert(name.clone(), SecretString::from(secret.expose_secret()));
        Ok(())
    }

    fn delete(&self, name: &SecretName) -> Result<()> {
        self.entries.borrow_mut().remove(name);
        Ok(())
    }
}
