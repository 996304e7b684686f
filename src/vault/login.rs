//! The Vault token of an AppRole or JWT login, kept per machine as Vault Agent keeps its
//! auto-auth token: one login serves every kcred run on the machine until the token's TTL
//! says otherwise, instead of a login (a token and a lease on the server) per run.
//!
//! It is kept where this machine keeps cached tokens, through the same cache
//! ([`TokenCache`]): the token in the kernel keyring on Linux (the user's, with a timeout at
//! its expiry), else the OS keyring; never in a file. A 0600 file in the cache dir says what
//! is known of it (its expiry, whether it renews, a digest of the login it came from), so the
//! logins of one machine go one at a time under that cache's lock.
//!
//! Entries are named by a digest of where and as whom the login is made (`VAULT_ADDR`,
//! `VAULT_NAMESPACE`, the auth method and mount, the role); the entry remembers a digest of
//! the secret ID (or JWT) too, never the secret: a new `KCRED_VAULT_SECRET_ID` misses, logs in
//! and replaces the entry.

use crate::error::Result;
use crate::secrets::{KernelKeyring, SecretName, SecretStore};
use crate::token_cache::{
    CachePolicy, Expiring, Issued, KernelCache, LockWait, Token, TokenCache, Wanted,
};
use jiff::{SignedDuration, Timestamp};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::time::Duration;

/// The longest a login's token is kept, whatever TTL the server gives it.
pub const MAX_KEPT: SignedDuration = SignedDuration::from_hours(24);
/// The least TTL worth keeping a token for.
pub const MIN_KEPT: SignedDuration = SignedDuration::from_secs(10);
/// The most of a token's life left unused at its end: it is not handed out closer to its
/// expiry than this (nor than a quarter of its life, for short-lived ones).
const END_MARGIN: SignedDuration = SignedDuration::from_secs(60);

/// What is known of a kept login token: no secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginInfo {
    pub expires_at: Timestamp,
    /// Whether `auth/token/renew-self` may extend it.
    pub renewable: bool,
}

impl Expiring for LoginInfo {
    fn expires_at(&self) -> Timestamp {
        self.expires_at
    }
}

impl LoginInfo {
    /// What a login or renewal answer (`auth` of the body) says, read as untrusted: a TTL
    /// that is not a whole number of seconds, or shorter than [`MIN_KEPT`], keeps nothing; one
    /// longer than [`MAX_KEPT`] is kept that long. `sent_at` is when the request left, so
    /// the expiry is never later than the server's.
    pub fn from_auth(auth: &serde_json::Value, sent_at: Timestamp) -> Option<LoginInfo> {
        let lease = auth["lease_duration"].as_u64()?;
        let lease = SignedDuration::from_secs(lease.min(MAX_KEPT.as_secs() as u64) as i64);
        if lease < MIN_KEPT {
            return None;
        }
        Some(LoginInfo {
            expires_at: sent_at.checked_add(lease).ok()?,
            renewable: auth["renewable"].as_bool() == Some(true),
        })
    }
}

/// Where and as whom a login is made, and with what: the entry's name and its check.
pub struct LoginKey {
    pub addr: String,
    pub namespace: Option<String>,
    /// `approle` or `jwt`.
    pub method: &'static str,
    pub mount: String,
    /// The AppRole's role ID or the JWT role.
    pub role: String,
}

impl LoginKey {
    fn digest(&self, purpose: &str, secret: Option<&SecretString>) -> String {
        crate::token_cache::digest_of(&[
            purpose,
            &self.addr,
            self.namespace.as_deref().unwrap_or(""),
            self.method,
            &self.mount,
            &self.role,
            secret.map_or("", |secret| secret.expose_secret()),
        ])
    }

    /// The entry's name: the same for every secret ID of one role.
    pub fn slot(&self) -> String {
        self.digest("kcred vault login slot 1", None)[..32].to_string()
    }

    /// What the entry must have been made with: the secret ID's (or JWT's) digest with the
    /// rest; the secret itself is never kept.
    fn wanted(&self, secret: &SecretString) -> Wanted {
        Wanted::new(
            self.addr.clone(),
            self.digest("kcred vault login 1", Some(secret)),
            self.method,
        )
    }
}

/// Where this machine keeps its Vault logins.
pub struct LoginCache {
    dir: PathBuf,
    kernel: Option<KernelKeyring>,
    /// Whether new tokens go to the kernel keyring (`KCRED_TOKEN_CACHE`); when not, it is
    /// only cleaned.
    kernel_in_use: bool,
    /// The OS keyring.
    store: Box<dyn SecretStore>,
    lock_limit: Duration,
}

/// A login token ready to use, and whether it was kept from an earlier login.
pub struct Kept {
    pub token: SecretString,
    pub info: LoginInfo,
    pub from_cache: bool,
}

impl From<Token<LoginInfo>> for Kept {
    fn from(token: Token<LoginInfo>) -> Self {
        Kept {
            token: token.token,
            info: token.entry.info,
            from_cache: token.from_cache,
        }
    }
}

/// What a cache lookup or login came to.
pub enum Outcome {
    Kept(Kept),
    /// The cache could not be used (no keyring, a broken dir): what it said, for `-v`, and
    /// the token of the login made all the same, if one was.
    Unusable {
        error: crate::error::Error,
        got: Option<Kept>,
    },
}

impl LoginCache {
    /// Logins in `dir` (metadata), their tokens in `kernel` when `kernel_in_use`, else in
    /// `store`; a login waits at most `lock_limit` for another process's.
    pub fn new(
        dir: PathBuf,
        kernel: Option<KernelKeyring>,
        kernel_in_use: bool,
        store: Box<dyn SecretStore>,
        lock_limit: Duration,
    ) -> LoginCache {
        LoginCache {
            dir,
            kernel,
            kernel_in_use,
            store,
            lock_limit,
        }
    }

    fn cache(&self) -> TokenCache<'_, LoginInfo> {
        TokenCache::of_kind(
            self.dir.clone(),
            SecretName::VaultLogin,
            self.store.as_ref(),
        )
        .waiting(LockWait::silent(self.lock_limit))
        .kernel_keyring(self.kernel.as_ref().map(|keyring| KernelCache {
            keyring,
            in_use: self.kernel_in_use,
        }))
    }

    /// The kept token of `key` made with `secret`, or a new one from `login` (under the
    /// machine's lock, so a machine's processes log in once). A kept token past half its
    /// life that renews is first offered to `renew`; when that fails (`None`), `login` runs.
    /// `refresh` replaces the kept token (a 403 said it is dead) unless another process
    /// replaced it meanwhile.
    pub fn get_or_login(
        &self,
        key: &LoginKey,
        secret: &SecretString,
        refresh: bool,
        renew: &dyn Fn(&SecretString) -> Option<LoginInfo>,
        login: &dyn Fn() -> Result<Issued<LoginInfo>>,
    ) -> Result<Outcome> {
        let cache = self.cache();
        let slot = key.slot();
        let base = key.wanted(secret);
        let entry = cache
            .entry(&slot)
            .filter(|entry| entry.access_key == base.access_key);
        let lifetime = entry
            .as_ref()
            .map(|entry| entry.info.expires_at.duration_since(entry.cached_at))
            .filter(|lifetime| lifetime.is_positive());
        let margin = lifetime.map_or(END_MARGIN, |lifetime| END_MARGIN.min(lifetime / 4));
        let usable = base.clone().with_min_ttl(margin);
        let renewable = entry.as_ref().is_some_and(|entry| entry.info.renewable);
        let wanted = match lifetime {
            // Renewed once past half its life, as Vault Agent does.
            Some(lifetime) if renewable && !refresh => {
                usable.clone().with_min_ttl(margin.max(lifetime / 2))
            }
            _ => usable.clone(),
        };
        // The token to renew: still usable, only not for as long as wanted.
        let to_renew = match (
            renewable && !refresh,
            cache.lookup(&slot, &usable, Timestamp::now()),
        ) {
            (true, Ok(Some(token))) => Some(token),
            (_, Ok(_)) => None,
            (_, Err(error)) => return Ok(Outcome::Unusable { error, got: None }),
        };
        let sent = std::cell::Cell::new(false);
        let got: std::cell::RefCell<Option<Kept>> = std::cell::RefCell::new(None);
        let policy = if refresh {
            CachePolicy::Refresh
        } else {
            CachePolicy::Use
        };
        let result = cache.get_or_issue(&slot, &wanted, policy, || {
            sent.set(true);
            let issued = match &to_renew {
                Some(old) => match renew(&old.token) {
                    Some(info) if info.expires_at > old.entry.info.expires_at => Issued {
                        secret: old.token.clone(),
                        info,
                    },
                    _ => login()?,
                },
                None => login()?,
            };
            *got.borrow_mut() = Some(Kept {
                token: issued.secret.clone(),
                info: issued.info.clone(),
                from_cache: false,
            });
            Ok(issued)
        });
        match result {
            Ok(token) => Ok(Outcome::Kept(token.into())),
            Err(error) => match got.into_inner() {
                Some(kept) => Ok(Outcome::Unusable {
                    error,
                    got: Some(kept),
                }),
                None if sent.get() => Err(error),
                None => Ok(Outcome::Unusable { error, got: None }),
            },
        }
    }

    /// The kept token of `key`, whatever secret it was made with (to revoke it before it is
    /// dropped).
    pub fn kept(&self, key: &LoginKey) -> Option<SecretString> {
        let cache = self.cache();
        let slot = key.slot();
        let entry = cache.entry(&slot)?;
        let any = Wanted::new(
            entry.endpoint.clone(),
            entry.access_key.clone(),
            entry.method,
        );
        cache
            .lookup(&slot, &any, Timestamp::now())
            .ok()
            .flatten()
            .map(|token| token.token)
    }

    /// Drops the kept token of `key`, if it is still `token` (when given): a process that
    /// found it dead must not drop the one another process has just put there. Returns whether
    /// there was one.
    pub fn forget(&self, key: &LoginKey, token: Option<&SecretString>) -> Result<bool> {
        let cache = self.cache();
        let slot = key.slot();
        if let Some(token) = token
            && let Some(entry) = cache.entry(&slot)
            && entry.token_check != crate::token_cache::token_check(token)
        {
            return Ok(false);
        }
        cache.forget(&slot)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn key(role: &str) -> LoginKey {
        LoginKey {
            addr: "https://vault.example.com".into(),
            namespace: None,
            method: "approle",
            mount: "approle".into(),
            role: role.into(),
        }
    }

    #[test]
    fn a_servers_ttl_is_bounded() {
        let now = Timestamp::now();
        let info =
            LoginInfo::from_auth(&json!({"lease_duration": 3600, "renewable": true}), now).unwrap();
        assert_eq!(info.expires_at, now + SignedDuration::from_secs(3600));
        assert!(info.renewable);
        let long = LoginInfo::from_auth(&json!({"lease_duration": u64::MAX}), now).unwrap();
        assert_eq!(long.expires_at, now + MAX_KEPT);
        assert!(!long.renewable);
        for bad in [
            json!({"lease_duration": 0}),
            json!({"lease_duration": 3}),
            json!({"lease_duration": -5}),
            json!({"lease_duration": "3600"}),
            json!({"lease_duration": 1.5e9}),
            json!({}),
            json!(null),
        ] {
            assert_eq!(LoginInfo::from_auth(&bad, now), None, "{bad}");
        }
    }

    #[test]
    fn a_new_secret_id_is_another_login_in_the_same_slot() {
        let (one, two) = (SecretString::from("s1"), SecretString::from("s2"));
        assert_eq!(key("r").slot(), key("r").slot());
        assert_ne!(key("r").slot(), key("r2").slot());
        assert_ne!(
            key("r").wanted(&one).access_key,
            key("r").wanted(&two).access_key
        );
        let wanted = key("r").wanted(&one);
        assert!(!wanted.access_key.contains("s1"));
        let mut elsewhere = key("r");
        elsewhere.namespace = Some("team".into());
        assert_ne!(elsewhere.slot(), key("r").slot());
    }
}
