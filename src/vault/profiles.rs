//! Shared profiles: `profiles/NAME` holds a profile's settings as config.toml would (its
//! secret is in `secrets/`), so a machine with a Vault login and no config of its own can use
//! it. Changes are written with check-and-set: two operators never undo each other silently.

use super::{Vault, Written, store::secret_path};
use crate::config::{Config, Profile, StoreKind, config_error, validate_profile_name};
use crate::error::{Advice, Error, Result};
use crate::secrets::SecretName;
use serde_json::json;
use std::collections::BTreeMap;

/// The kinds of cached credential a profile may have in `cache/` and `locks/`.
const CACHE_KINDS: [&str; 3] = ["tokens", "s3-temp", "ncp"];

/// Shared profiles as read, each with the version a change must replace.
pub struct SharedConfig {
    pub config: Config,
    versions: BTreeMap<String, u64>,
}

impl Vault {
    /// The shared profile `name` and its version; `None` when there is none.
    pub fn profile(&self, name: &str) -> Result<Option<(Profile, u64)>> {
        let path = format!("profiles/{name}");
        let entry = self.read(&path)?;
        let Some(data) = entry.data else {
            return Ok(None);
        };
        let mut profile: Profile =
            serde_json::from_value(data["profile"].clone()).map_err(|err| {
                config_error(format!(
                    "the shared profile '{name}' ({}) is not valid: {err}",
                    self.kv_path("data", &path)
                ))
            })?;
        profile.validate()?;
        // Its secret and tokens are in Vault, whatever the entry says.
        profile.store = Some(StoreKind::Vault);
        Ok(Some((profile, entry.version)))
    }

    /// The names of the shared profiles.
    pub fn profile_names(&self) -> Result<Vec<String>> {
        let mut names: Vec<String> = self
            .list("profiles")?
            .into_iter()
            .filter(|name| !name.ends_with('/'))
            .collect();
        names.sort();
        Ok(names)
    }

    /// The shared profile `name` (all of them when `None`), as a [`Config`].
    pub fn shared_config(&self, name: Option<&str>) -> Result<SharedConfig> {
        let names: Vec<String> = match name {
            Some(name) => vec![name.to_string()],
            None => self.profile_names()?,
        };
        let mut shared = SharedConfig {
            config: Config {
                shared: true,
                ..Config::default()
            },
            versions: BTreeMap::new(),
        };
        for name in names {
            if validate_profile_name(&name).is_err() {
                continue;
            }
            if let Some((profile, version)) = self.profile(&name)? {
                shared.config.profiles.insert(name.clone(), profile);
                shared.versions.insert(name, version);
            }
        }
        Ok(shared)
    }

    /// Writes back what `change` did to the shared profiles read as `shared`: each changed
    /// profile with check-and-set on the version read, each removed one with all it has.
    pub fn save_shared_config(&self, shared: SharedConfig, before: &Config) -> Result<()> {
        for (name, profile) in &shared.config.profiles {
            if before.profiles.get(name) == Some(profile) {
                continue;
            }
            let version = shared.versions.get(name).copied().unwrap_or(0);
            let data = json!({ "profile": profile });
            if self.write(&format!("profiles/{name}"), &data, Some(version), None)?
                == Written::Conflict
            {
                return Err(Error::other(format!(
                    "the shared profile '{name}' was changed by someone else meanwhile"
                ))
                .with_hint("run the command again"));
            }
        }
        for name in before.profiles.keys() {
            if !shared.config.profiles.contains_key(name) {
                self.remove_profile(name)?;
            }
        }
        Ok(())
    }

    /// Writes `profile` as the new shared profile `name`; refused when there is one already.
    pub fn create_profile(&self, name: &str, profile: &Profile) -> Result<()> {
        let data = json!({ "profile": profile });
        match self.write(&format!("profiles/{name}"), &data, Some(0), None)? {
            Written::Conflict => Err(Error::usage(format!(
                "a shared profile named '{name}' exists already in Vault"
            ))
            .with_advice(Advice::RemoveSharedProfileFirst)),
            _ => Ok(()),
        }
    }

    /// Removes a shared profile for everyone: its settings, its secret, its cached tokens.
    pub fn remove_profile(&self, name: &str) -> Result<()> {
        self.destroy(&format!("profiles/{name}"))?;
        self.destroy(&secret_path(&SecretName::ProfileSecret(name.to_string())))?;
        for kind in CACHE_KINDS {
            self.destroy(&format!("cache/{kind}/{name}"))?;
            self.destroy(&format!("locks/{kind}/{name}"))?;
        }
        Ok(())
    }
}
