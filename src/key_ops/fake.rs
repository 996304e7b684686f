//! In-memory stand-ins for what key operations work on, for unit tests: one [`World`] is the
//! server's keys, the profiles with their cached tokens, and the secret store, and it logs
//! every change in the order it happened.

use super::{Caller, KeyApi, Keys, Profiles};
use crate::config::{
    AccessKey, Config, GlesysSettings, KakaoCloudSettings, Profile, ProviderSettings,
};
use crate::error::{Error, ErrorKind, Result};
use crate::iam::{AccessKeyInfo, S3KeyInfo};
use crate::journal::Journal;
use crate::secrets::{MemoryStore, SecretName, SecretStore};
use jiff::Timestamp;
use secrecy::{ExposeSecret, SecretString};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

/// The user whose keys the server lists.
pub const USER: &str = "user-1";
/// The project new S3 keys are made in.
pub const PROJECT: &str = "project-1";

/// The fixed time of the tests.
pub fn now() -> Timestamp {
    "2030-01-02T03:04:05Z".parse().unwrap()
}

pub fn add_profile(config: &mut Config, name: &str, key: AccessKey) {
    let mut settings = KakaoCloudSettings::new(key);
    settings.user_id = Some(USER.to_string());
    config.profiles.insert(
        name.to_string(),
        Profile::new(
            "https://iam.example".to_string(),
            ProviderSettings::Kakaocloud(settings),
        ),
    );
}

pub fn add_glesys_profile(config: &mut Config, name: &str) {
    config.profiles.insert(
        name.to_string(),
        Profile::new(
            "https://api.glesys.example".to_string(),
            ProviderSettings::Glesys(GlesysSettings {
                project: "cl1".to_string(),
            }),
        ),
    );
}

/// A journal in a private temporary dir.
pub fn journal() -> (tempfile::TempDir, Journal) {
    let dir = tempfile::tempdir().unwrap();
    let journal = Journal::new(dir.path().join("journal"));
    (dir, journal)
}

pub struct World {
    iam: RefCell<Vec<AccessKeyInfo>>,
    s3: RefCell<Vec<S3KeyInfo>>,
    config: RefCell<Config>,
    cached: RefCell<BTreeMap<String, String>>,
    store: MemoryStore,
    events: RefCell<Vec<String>>,
    caller: RefCell<Caller>,
    listing_fails: Cell<Option<ErrorKind>>,
    deletes_fail: Cell<bool>,
    config_writes_fail: Cell<bool>,
    pub now: Timestamp,
}

impl World {
    /// No keys, no profiles; requests made with key `caller-key` of profile `dev`.
    pub fn new() -> World {
        World {
            iam: RefCell::default(),
            s3: RefCell::default(),
            config: RefCell::default(),
            cached: RefCell::default(),
            store: MemoryStore::new(),
            events: RefCell::default(),
            caller: RefCell::new(Caller {
                key: AccessKey::Id("caller-key".to_string()),
                profile: Some("dev".to_string()),
            }),
            listing_fails: Cell::new(None),
            deletes_fail: Cell::new(false),
            config_writes_fail: Cell::new(false),
            now: now(),
        }
    }

    pub fn keys(&self) -> Keys<'_> {
        Keys {
            api: self,
            store: self,
            profiles: self,
            now: self.now,
        }
    }

    pub fn add_iam_key(&self, id: &str, name: &str) {
        self.iam.borrow_mut().push(AccessKeyInfo {
            id: id.to_string(),
            name: name.to_string(),
            description: None,
            project_id: Some(PROJECT.to_string()),
            expires_at: None,
        });
    }

    pub fn remove_iam_key(&self, id: &str) {
        self.iam.borrow_mut().retain(|key| key.id != id);
    }

    /// The IDs of the user's IAM keys, sorted.
    pub fn iam_key_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.iam.borrow().iter().map(|k| k.id.clone()).collect();
        ids.sort();
        ids
    }

    pub fn add_s3_key(&self, access: &str, project: &str) {
        self.s3.borrow_mut().push(S3KeyInfo {
            access: access.to_string(),
            tenant_id: Some(project.to_string()),
        });
    }

    /// The user's S3 access keys, sorted.
    pub fn s3_key_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.s3.borrow().iter().map(|k| k.access.clone()).collect();
        ids.sort();
        ids
    }

    pub fn with_config(&self, change: impl FnOnce(&mut Config)) {
        change(&mut self.config.borrow_mut());
    }

    /// The S3 keys `profile` offers.
    pub fn s3_keys_of(&self, profile: &str) -> Vec<String> {
        self.config
            .borrow()
            .profiles
            .get(profile)
            .map(|p| p.s3_access_keys.clone())
            .unwrap_or_default()
    }

    /// Stores a secret without logging it: how things were before the test.
    pub fn put_secret(&self, name: SecretName, value: &str) {
        self.store.set(&name, &SecretString::from(value)).unwrap();
    }

    pub fn remove_secret(&self, name: &SecretName) {
        self.store.delete(name).unwrap();
    }

    pub fn secret(&self, name: &SecretName) -> Option<String> {
        self.store
            .get(name)
            .unwrap()
            .map(|s| s.expose_secret().to_string())
    }

    pub fn has_secret(&self, name: &SecretName) -> bool {
        self.secret(name).is_some()
    }

    /// A token cached for `profile`, issued by the key of `fingerprint`.
    pub fn cache_token(&self, profile: &str, fingerprint: &str) {
        self.cached
            .borrow_mut()
            .insert(profile.to_string(), fingerprint.to_string());
    }

    pub fn cached_token_key_of(&self, profile: &str) -> Option<String> {
        self.cached.borrow().get(profile).cloned()
    }

    pub fn set_caller(&self, key: AccessKey, profile: Option<&str>) {
        *self.caller.borrow_mut() = Caller {
            key,
            profile: profile.map(str::to_string),
        };
    }

    /// Every change made since the start (or [`World::clear_events`]), in order.
    pub fn events(&self) -> Vec<String> {
        self.events.borrow().clone()
    }

    pub fn clear_events(&self) {
        self.events.borrow_mut().clear();
    }

    /// Listing keys fails from now on (the network).
    pub fn fail_listing(&self) {
        self.listing_fails.set(Some(ErrorKind::Network));
    }

    /// Listing keys fails from now on with an error of `kind`.
    pub fn fail_listing_with(&self, kind: ErrorKind) {
        self.listing_fails.set(Some(kind));
    }

    pub fn fail_deletes(&self) {
        self.deletes_fail.set(true);
    }

    pub fn fail_config_writes(&self) {
        self.config_writes_fail.set(true);
    }

    fn log(&self, event: String) {
        self.events.borrow_mut().push(event);
    }

    fn listing(&self, what: &str) -> Result<()> {
        self.log(format!("list {what}"));
        match self.listing_fails.get() {
            Some(kind) => Err(Error::new(kind, format!("listing {what} keys failed"))),
            None => Ok(()),
        }
    }

    fn deleting(&self, what: &str, id: &str) -> Result<()> {
        if self.deletes_fail.get() {
            return Err(Error::network(format!("deleting {what} key {id} failed")));
        }
        self.log(format!("delete {what} {id}"));
        Ok(())
    }
}

impl KeyApi for World {
    fn caller(&self) -> Result<Caller> {
        Ok(self.caller.borrow().clone())
    }

    fn user_id(&self) -> Result<String> {
        Ok(USER.to_string())
    }

    fn iam_keys(&self) -> Result<Vec<AccessKeyInfo>> {
        self.listing("iam")?;
        Ok(self.iam.borrow().clone())
    }

    fn delete_iam_key(&self, id: &str) -> Result<()> {
        self.deleting("iam", id)?;
        self.remove_iam_key(id);
        Ok(())
    }

    fn s3_keys(&self) -> Result<Vec<S3KeyInfo>> {
        self.listing("s3")?;
        Ok(self.s3.borrow().clone())
    }

    fn delete_s3_key(&self, access: &str) -> Result<()> {
        self.deleting("s3", access)?;
        self.s3.borrow_mut().retain(|key| key.access != access);
        Ok(())
    }
}

impl Profiles for World {
    fn config(&self) -> Result<Config> {
        Ok(self.config.borrow().clone())
    }

    fn update(&self, change: &mut dyn FnMut(&mut Config) -> Result<()>) -> Result<()> {
        if self.config_writes_fail.get() {
            return Err(Error::other("cannot write config.toml"));
        }
        let mut config = self.config.borrow().clone();
        change(&mut config)?;
        *self.config.borrow_mut() = config;
        self.log("update config".to_string());
        Ok(())
    }

    fn cached_token_key(&self, profile: &str) -> Option<String> {
        self.cached_token_key_of(profile)
    }

    fn forget_cached(&self, profile: &str) -> Result<()> {
        self.cached.borrow_mut().remove(profile);
        self.log(format!("forget-cached {profile}"));
        Ok(())
    }
}

impl SecretStore for World {
    fn get(&self, name: &SecretName) -> Result<Option<SecretString>> {
        self.store.get(name)
    }

    fn set(&self, name: &SecretName, secret: &SecretString) -> Result<()> {
        self.log(format!("set {name}"));
        self.store.set(name, secret)
    }

    fn delete(&self, name: &SecretName) -> Result<()> {
        self.log(format!("delete {name}"));
        self.store.delete(name)
    }
}
