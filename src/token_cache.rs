//! The token cache. The token itself is a bearer credential and goes into the secret store;
//! what kcred needs to decide whether to use it (expiry, which key and endpoint issued it)
//! goes into a 0600 JSON file per profile in the cache dir. A token is used while
//! `now < expires_at - min_ttl`. Issuance is serialised across processes by a lock file, so a
//! thousand scripts asking at once cost KakaoCloud one issuance.
//!
//! The same cache holds other short-lived credentials of a profile (temporary S3 keys): a
//! [`TokenCache`] is generic over what is known about the credential ([`Expiring`]).
//!
//! On Linux the token itself goes to the kernel keyring when it is there ([`KeptIn`]): read
//! in one system call, without the Secret Service or the file store's passphrase.

use crate::config::{check_private_dir, lock_file_within, write_private_file};
use crate::error::{Error, Result};
use crate::iam::{IssuedToken, TokenInfo};
use crate::secrets::{KernelKeyring, SecretName, SecretStore};
use jiff::{SignedDuration, Timestamp};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::marker::PhantomData;
use std::path::PathBuf;
use std::time::Duration;

/// The default safety margin: a token with less than this left is not handed out.
pub const DEFAULT_MIN_TTL_SECS: u64 = 300;

/// What the cache must know about a credential: when it stops working.
pub trait Expiring: Serialize + DeserializeOwned {
    fn expires_at(&self) -> Timestamp;
}

impl Expiring for TokenInfo {
    fn expires_at(&self) -> Timestamp {
        self.expires_at
    }
}

/// A credential fresh from the server: the secret part and what is known about it.
pub struct Issued<I> {
    pub secret: SecretString,
    pub info: I,
}

impl From<IssuedToken> for Issued<TokenInfo> {
    fn from(issued: IssuedToken) -> Self {
        Issued {
            secret: issued.token,
            info: issued.info,
        }
    }
}

/// Everything the cache knows about a profile's token, except the token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(bound = "I: Expiring")]
pub struct CacheEntry<I = TokenInfo> {
    /// The identity endpoint the token was issued by.
    pub endpoint: String,
    /// Which key issued it (`AccessKey::fingerprint`).
    pub access_key: String,
    pub method: String,
    #[serde(flatten)]
    pub info: I,
    pub cached_at: Timestamp,
    /// The first 16 hex digits of the token's SHA-256: tells whether the token in the secret
    /// store is the one this entry describes (not the token; it cannot be recovered from it).
    #[serde(default)]
    pub token_check: String,
    /// Where the token is: entries of kcred 0.1 had it in the secret store.
    #[serde(default)]
    pub kept_in: KeptIn,
}

/// Where a cached token is kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeptIn {
    /// The profile's secret store (OS keyring, encrypted file, Vault).
    #[default]
    Store,
    /// The Linux kernel keyring.
    KernelKeyring,
}

/// The kernel keyring as a token cache sees it.
#[derive(Clone, Copy)]
pub struct KernelCache<'a> {
    pub keyring: &'a KernelKeyring,
    /// Whether new tokens go there (`KCRED_TOKEN_CACHE`); when not, it is only cleaned.
    pub in_use: bool,
}

/// The hex SHA-256 of `parts`, each ended by a NUL so that no two lists of parts meet: what
/// a record keeps to recognise what it was made for without keeping a secret.
pub(crate) fn digest_of(parts: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for part in parts {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// A short digest of a token, to recognise it without storing it.
pub(crate) fn token_check(token: &SecretString) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(token.expose_secret().as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// The key and endpoint a caller wants a token from; a cached token from anything else is
/// never handed out.
#[derive(Debug, Clone)]
pub struct Wanted {
    pub endpoint: String,
    pub access_key: String,
    pub method: String,
    pub min_ttl: SignedDuration,
}

impl Wanted {
    /// A credential from `access_key` (its fingerprint) at `endpoint`, valid by its expiry.
    pub fn new(
        endpoint: impl Into<String>,
        access_key: impl Into<String>,
        method: impl Into<String>,
    ) -> Self {
        Wanted {
            endpoint: endpoint.into(),
            access_key: access_key.into(),
            method: method.into(),
            min_ttl: SignedDuration::ZERO,
        }
    }

    /// The same, usable only while at least `min_ttl` of its life is left.
    pub fn with_min_ttl(self, min_ttl: SignedDuration) -> Self {
        Wanted { min_ttl, ..self }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CachePolicy {
    /// Use a cached token when it is fresh enough, else issue and cache one.
    Use,
    /// Issue a new token and replace the cached one.
    Refresh,
    /// Neither read nor write the cache.
    Bypass,
}

/// A token (or other cached credential) ready to use.
pub struct Token<I = TokenInfo> {
    pub token: SecretString,
    pub entry: CacheEntry<I>,
    pub from_cache: bool,
}

impl<I: Expiring> CacheEntry<I> {
    pub fn is_usable_for(&self, wanted: &Wanted, now: Timestamp) -> bool {
        self.endpoint == wanted.endpoint
            && self.access_key == wanted.access_key
            && now
                .saturating_add(wanted.min_ttl)
                .is_ok_and(|t| t < self.info.expires_at())
    }
}

/// What happens while a process waits for another one issuing for the same profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockNews {
    /// The lock is held; `holder` is its holder's process ID when known.
    Waiting {
        holder: Option<u32>,
        limit: Duration,
    },
    /// The wait ran out: this process issues without the lock.
    GaveUp {
        holder: Option<u32>,
        limit: Duration,
    },
}

/// Hears what happens while waiting for the lock of a profile (named first).
pub type LockListener<'a> = Box<dyn Fn(&str, LockNews) + 'a>;

/// How long a process waits for the issuance lock, and who hears about it.
pub struct LockWait<'a> {
    pub limit: Duration,
    pub tell: LockListener<'a>,
}

impl LockWait<'_> {
    /// The wait of a cache nobody is told about, with `limit`.
    pub fn silent(limit: Duration) -> LockWait<'static> {
        LockWait {
            limit,
            tell: Box::new(|_, _| {}),
        }
    }
}

/// The wait when no one sets one: as long as kcred waits for the server by default.
const DEFAULT_LOCK_WAIT: Duration = Duration::from_secs(30);

/// A cache that many machines share (Vault): each entry kept with its secret, and a lock
/// that holds across machines, so a fleet issues once per token lifetime.
pub trait SharedCache {
    /// The entry stored under `key` (`tokens/PROFILE`) and its secret.
    fn read(&self, key: &str) -> Result<Option<(serde_json::Value, SecretString)>>;
    fn write(&self, key: &str, entry: &serde_json::Value, secret: &SecretString) -> Result<()>;
    /// Deletes the entry; returns whether there was one.
    fn delete(&self, key: &str) -> Result<bool>;
    /// Waits, at most `limit`, for the right to issue for `key`, or for `done` to say that
    /// what it was wanted for is there (another holder's credential, cached). `done` is asked
    /// before each look at the lock and before each claim; `waiting` is called when another
    /// holds it.
    fn lock<'s>(
        &'s self,
        key: &str,
        limit: Duration,
        waiting: &dyn Fn(),
        done: &mut dyn FnMut() -> Result<bool>,
    ) -> Result<SharedWait<'s>>;
}

/// How a wait for the fleet's lock ended.
pub enum SharedWait<'s> {
    /// The right to issue, until dropped.
    Held(Box<dyn SharedLock + 's>),
    /// `done` said yes: no lock was taken.
    Done,
    /// `limit` passed with the lock held by another.
    GaveUp,
}

/// The right to issue across machines, given back when dropped.
pub trait SharedLock {}

/// Proves a credential read from a shared cache before it is handed out: every machine that
/// may write the cache could have put another key's credential there.
pub trait SharedProof<I> {
    /// What the server says of `secret` when it is `profile`'s own, to use instead of what
    /// the shared entry claims; `None` when it is not (the cache then issues one of its own,
    /// which replaces it).
    fn prove(&self, profile: &str, secret: &SecretString) -> Result<Option<I>>;
    /// `secret` was just issued here for `profile`: this machine needs no proof of it.
    fn issued(&self, profile: &str, secret: &SecretString, info: &I);
}

pub struct TokenCache<'a, I = TokenInfo> {
    dir: PathBuf,
    store: &'a dyn SecretStore,
    secret_name: fn(String) -> SecretName,
    lock_wait: LockWait<'a>,
    /// The fleet's cache, for a shared profile.
    fleet: Option<Fleet<'a, I>>,
    kernel: Option<KernelCache<'a>>,
    info: PhantomData<I>,
}

/// A shared profile's entries in the fleet's cache, read and proven.
struct Fleet<'a, I> {
    cache: &'a dyn SharedCache,
    /// The cache's kind (`tokens`): entries are `KIND/PROFILE`.
    kind: String,
    proof: Option<&'a dyn SharedProof<I>>,
    /// What the shared cache last said of a profile, kept for the first lookup after
    /// [`TokenCache::entry`] so that a warm token costs one round trip, not two.
    seen: std::cell::RefCell<Option<(String, serde_json::Value, SecretString)>>,
}

impl<I: Expiring> Fleet<'_, I> {
    /// `tokens/PROFILE`: the entry's name in a shared cache.
    fn key(&self, profile: &str) -> String {
        format!("{}/{profile}", self.kind)
    }

    /// The cached metadata of a profile's token, its record kept for the lookup that follows.
    fn entry(&self, profile: &str) -> Option<CacheEntry<I>> {
        let key = self.key(profile);
        let (entry, secret) = self.cache.read(&key).ok()??;
        let parsed = serde_json::from_value(entry.clone()).ok();
        *self.seen.borrow_mut() = Some((key, entry, secret));
        parsed
    }

    /// The shared entry of `profile` and its secret, when it parses as this cache's kind.
    fn read(&self, profile: &str, fresh: bool) -> Result<Option<(CacheEntry<I>, SecretString)>> {
        let key = self.key(profile);
        let seen = self.seen.borrow_mut().take();
        let record = match seen {
            Some((seen_key, entry, secret)) if !fresh && seen_key == key => Some((entry, secret)),
            _ => self.cache.read(&key)?,
        };
        Ok(record.and_then(|(entry, secret)| {
            serde_json::from_value::<CacheEntry<I>>(entry)
                .ok()
                .map(|entry| (entry, secret))
        }))
    }

    /// The shared entry of `profile` when `takes` it, by what it claims and again by what its
    /// proof says.
    fn lookup(
        &self,
        profile: &str,
        fresh: bool,
        takes: &dyn Fn(&CacheEntry<I>) -> bool,
    ) -> Result<Option<Token<I>>> {
        let Some((mut entry, token)) = self
            .read(profile, fresh)?
            .filter(|(entry, token)| takes(entry) && token_check(token) == entry.token_check)
        else {
            return Ok(None);
        };
        if let Some(proof) = self.proof {
            // What the entry claims (project, expiry) is the writer's word; the proof's is the
            // server's.
            let Some(info) = proof.prove(profile, &token)? else {
                return Ok(None);
            };
            entry.info = info;
        }
        Ok(takes(&entry).then_some(Token {
            token,
            entry,
            from_cache: true,
        }))
    }
}

/// Held while issuing: the machine's lock file, then the fleet's lock.
pub struct IssueLock<'s> {
    shared: Option<Box<dyn SharedLock + 's>>,
    shared_wanted: bool,
    local: Option<File>,
}

/// How a wait for the issuance lock ended: with the lock, or with what it was wanted for.
enum Locked<'s, T> {
    Issue(IssueLock<'s>),
    Found(T),
}

impl IssueLock<'_> {
    /// Whether the wait ended with the lock (not given up on a holder that kept it).
    pub fn is_held(&self) -> bool {
        self.local.is_some() && self.shared.is_some() == self.shared_wanted
    }
}

impl<'a> TokenCache<'a, TokenInfo> {
    /// The cache of API tokens: `tokens/PROFILE.json`, tokens in `profile/PROFILE/token`.
    pub fn new(cache_dir: impl Into<PathBuf>, store: &'a dyn SecretStore) -> Self {
        TokenCache::of_kind(
            cache_dir.into().join("tokens"),
            SecretName::ProfileToken,
            store,
        )
    }
}

impl<'a, I: Expiring> TokenCache<'a, I> {
    /// A cache whose metadata lives in `dir` and whose secrets are named by `secret_name`.
    pub fn of_kind(
        dir: PathBuf,
        secret_name: fn(String) -> SecretName,
        store: &'a dyn SecretStore,
    ) -> Self {
        TokenCache {
            dir,
            store,
            secret_name,
            lock_wait: LockWait::silent(DEFAULT_LOCK_WAIT),
            fleet: None,
            kernel: None,
            info: PhantomData,
        }
    }

    /// Keeps entries in `shared` (a shared profile's cache) instead of this machine's files
    /// and secret store.
    pub fn shared(mut self, shared: Option<&'a dyn SharedCache>) -> Self {
        let proof = self.fleet.take().and_then(|fleet| fleet.proof);
        self.fleet = shared.map(|cache| Fleet {
            cache,
            kind: self
                .dir
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default(),
            proof,
            seen: std::cell::RefCell::new(None),
        });
        self
    }

    /// Hands out a credential read from the shared cache only once `proof` has proven it.
    pub fn proving(mut self, proof: Option<&'a dyn SharedProof<I>>) -> Self {
        if let Some(fleet) = &mut self.fleet {
            fleet.proof = proof;
        }
        self
    }

    /// Keeps tokens in the kernel keyring, when there is one and it is `in_use`.
    pub fn kernel_keyring(mut self, kernel: Option<KernelCache<'a>>) -> Self {
        self.kernel = kernel;
        self
    }

    /// The kernel keyring when new tokens go there.
    fn kernel_in_use(&self) -> Option<&'a KernelKeyring> {
        self.kernel
            .filter(|kernel| kernel.in_use)
            .map(|kernel| kernel.keyring)
    }

    /// Where a new token goes.
    pub fn keeps_in(&self) -> KeptIn {
        if self.fleet.is_none() && self.kernel_in_use().is_some() {
            KeptIn::KernelKeyring
        } else {
            KeptIn::Store
        }
    }

    /// Sets how long an issuance waits for another process's, and who is told.
    pub fn waiting(mut self, lock_wait: LockWait<'a>) -> Self {
        self.lock_wait = lock_wait;
        self
    }

    fn entry_path(&self, profile: &str) -> PathBuf {
        self.dir.join(format!("{profile}.json"))
    }

    fn lock_path(&self, profile: &str) -> PathBuf {
        self.dir.join(format!("{profile}.lock"))
    }

    /// The cached metadata of a profile's token. A file that cannot be read or parsed (for
    /// example cut short by a crash of an older version) counts as no cache.
    pub fn entry(&self, profile: &str) -> Option<CacheEntry<I>> {
        if let Some(fleet) = &self.fleet {
            return fleet.entry(profile);
        }
        let bytes = std::fs::read(self.entry_path(profile)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// The cached token if it is usable for `wanted` at `now`. A usable entry whose token is
    /// gone from the secret store counts as no cache.
    pub fn lookup(
        &self,
        profile: &str,
        wanted: &Wanted,
        now: Timestamp,
    ) -> Result<Option<Token<I>>> {
        self.lookup_at(profile, wanted, now, false)
    }

    /// [`TokenCache::lookup`]; `fresh` reads a shared cache again rather than use what an
    /// earlier read saw.
    fn lookup_at(
        &self,
        profile: &str,
        wanted: &Wanted,
        now: Timestamp,
        fresh: bool,
    ) -> Result<Option<Token<I>>> {
        if let Some(fleet) = &self.fleet {
            let usable = |entry: &CacheEntry<I>| entry.is_usable_for(wanted, now);
            return fleet.lookup(profile, fresh, &usable);
        }
        check_private_dir(&self.dir)?;
        let Some(entry) = self.entry(profile) else {
            return Ok(None);
        };
        if !entry.is_usable_for(wanted, now) {
            return Ok(None);
        }
        let name = (self.secret_name)(profile.to_string());
        let token = match entry.kept_in {
            KeptIn::Store => self.store.get(&name)?,
            KeptIn::KernelKeyring => match self.kernel_in_use() {
                Some(kernel) => kernel.get(&name)?,
                // Turned off (or gone): the token is issued again and kept in the store.
                None => None,
            },
        };
        // A token that is not the one the entry describes (written by something else, or a
        // crash between the two writes) is not trusted: the caller issues a new one.
        Ok(token
            .filter(|token| token_check(token) == entry.token_check)
            .map(|token| Token {
                token,
                entry,
                from_cache: true,
            }))
    }

    /// A shared token that makes issuing needless for a call that began at `asked_at`: what
    /// the call would take once it held the lock ([`TokenCache::get_or_issue`]), read once.
    fn cached_meanwhile(
        &self,
        profile: &str,
        wanted: &Wanted,
        policy: CachePolicy,
        asked_at: Timestamp,
    ) -> Result<Option<Token<I>>> {
        let Some(fleet) = &self.fleet else {
            return Ok(None);
        };
        let now = Timestamp::now();
        let any_valid = wanted.clone().with_min_ttl(SignedDuration::ZERO);
        let takes = |entry: &CacheEntry<I>| {
            (policy == CachePolicy::Use && entry.is_usable_for(wanted, now))
                || (entry.cached_at > asked_at && entry.is_usable_for(&any_valid, now))
        };
        fleet.lookup(profile, true, &takes)
    }

    /// Stores a token: first the token (in the kernel keyring or the secret store), then the
    /// metadata, so the metadata never describes a token that is not there. Sets where the
    /// token went in `entry`.
    pub fn put(
        &self,
        profile: &str,
        entry: &mut CacheEntry<I>,
        token: &SecretString,
    ) -> Result<()> {
        if let Some(fleet) = &self.fleet {
            entry.kept_in = KeptIn::Store;
            let entry = serde_json::to_value(&*entry)
                .map_err(|err| Error::other(format!("cannot encode the token cache: {err}")))?;
            return fleet.cache.write(&fleet.key(profile), &entry, token);
        }
        check_private_dir(&self.dir)?;
        let name = (self.secret_name)(profile.to_string());
        let before = self.entry(profile).map(|entry| entry.kept_in);
        entry.kept_in = match self.kernel_in_use() {
            // A full kernel keyring (its per-user quota) is no reason to fail: the store
            // takes the token as it did before.
            Some(kernel) if kernel.set(&name, token, entry.info.expires_at()).is_ok() => {
                KeptIn::KernelKeyring
            }
            _ => {
                self.store.set(&name, token)?;
                KeptIn::Store
            }
        };
        // The other place must not keep an older token for this profile.
        match entry.kept_in {
            KeptIn::KernelKeyring if before == Some(KeptIn::Store) => self.store.delete(&name)?,
            KeptIn::Store => {
                if let Some(kernel) = self.kernel {
                    kernel.keyring.delete(&name)?;
                }
            }
            KeptIn::KernelKeyring => {}
        }
        let json = serde_json::to_vec_pretty(&*entry)
            .map_err(|err| Error::other(format!("cannot encode the token cache: {err}")))?;
        write_private_file(&self.entry_path(profile), &json)
    }

    /// Drops a profile's cached token: the metadata first, so a reader never trusts a
    /// half-removed entry, then the token wherever it may be. Returns whether there was one.
    pub fn forget(&self, profile: &str) -> Result<bool> {
        if let Some(fleet) = &self.fleet {
            return fleet.cache.delete(&fleet.key(profile));
        }
        let kept_in = self.entry(profile).map(|entry| entry.kept_in);
        let had_entry = match std::fs::remove_file(self.entry_path(profile)) {
            Ok(()) => true,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => false,
            Err(err) => {
                return Err(Error::other(format!(
                    "cannot remove the cached token: {err}"
                )));
            }
        };
        let name = (self.secret_name)(profile.to_string());
        if let Some(kernel) = self.kernel {
            kernel.keyring.delete(&name)?;
        }
        // A token kept in the kernel keyring left no copy in the store: dropping it needs no
        // store (no passphrase, no D-Bus).
        if kept_in != Some(KeptIn::KernelKeyring) {
            self.store.delete(&name)?;
        }
        let _ = std::fs::remove_file(self.lock_path(profile));
        Ok(had_entry)
    }

    /// Waits for the exclusive right to issue a token for `profile`, at most as long as the
    /// cache's [`LockWait`] says. `None`: another process still holds it (it may be stopped,
    /// Ctrl-Z, or stuck); the caller goes on without it rather than hang.
    pub fn lock(&self, profile: &str) -> Result<IssueLock<'a>> {
        match self.lock_unless(profile, &mut || Ok(None::<std::convert::Infallible>))? {
            Locked::Issue(lock) => Ok(lock),
            Locked::Found(never) => match never {},
        }
    }

    /// [`TokenCache::lock`], or what `found` finds while waiting for the fleet's lock: the
    /// wait then ends with no lock taken. A cache of this machine only never asks `found`.
    fn lock_unless<T>(
        &self,
        profile: &str,
        found: &mut dyn FnMut() -> Result<Option<T>>,
    ) -> Result<Locked<'a, T>> {
        let started = std::time::Instant::now();
        check_private_dir(&self.dir)?;
        let limit = self.lock_wait.limit;
        let lock = lock_file_within(&self.lock_path(profile), limit, |holder| {
            (self.lock_wait.tell)(profile, LockNews::Waiting { holder, limit })
        })?;
        if lock.is_none() {
            let holder = crate::config::lock_holder(&self.lock_path(profile));
            (self.lock_wait.tell)(profile, LockNews::GaveUp { holder, limit });
        }
        // On one machine the lock file lets one process at a time ask the fleet's lock.
        let shared = match &self.fleet {
            Some(fleet) => {
                let left = limit.saturating_sub(started.elapsed());
                let told = std::cell::Cell::new(false);
                let waiting = || {
                    if !told.replace(true) {
                        (self.lock_wait.tell)(
                            profile,
                            LockNews::Waiting {
                                holder: None,
                                limit,
                            },
                        );
                    }
                };
                let mut seen = None;
                let mut done = || {
                    seen = found()?;
                    Ok(seen.is_some())
                };
                let wait = fleet
                    .cache
                    .lock(&fleet.key(profile), left, &waiting, &mut done)?;
                match (wait, seen) {
                    (SharedWait::Held(held), _) => Some(held),
                    (SharedWait::Done, Some(seen)) => return Ok(Locked::Found(seen)),
                    (SharedWait::Done | SharedWait::GaveUp, _) => {
                        (self.lock_wait.tell)(
                            profile,
                            LockNews::GaveUp {
                                holder: None,
                                limit,
                            },
                        );
                        None
                    }
                }
            }
            None => None,
        };
        Ok(Locked::Issue(IssueLock {
            shared_wanted: self.fleet.is_some(),
            shared,
            local: lock,
        }))
    }

    /// A token for `profile`: from the cache when `policy` allows and it is fresh enough,
    /// else from `issue`, which runs under the profile's lock and at most once. A process that
    /// waited for the lock re-reads the cache and uses what the other one issued; one waiting
    /// for a shared cache's lock takes it as soon as it is cached, with no lock. One that
    /// waited in vain issues without the lock; what it caches is safe all the same (a token
    /// and metadata written by two processes at once do not match, and count as no cache).
    pub fn get_or_issue(
        &self,
        profile: &str,
        wanted: &Wanted,
        policy: CachePolicy,
        issue: impl FnOnce() -> Result<Issued<I>>,
    ) -> Result<Token<I>> {
        if policy == CachePolicy::Bypass {
            return issue().map(|issued| self.fresh(wanted, issued));
        }
        let asked_at = Timestamp::now();
        if policy == CachePolicy::Use
            && let Some(token) = self.lookup(profile, wanted, asked_at)?
        {
            return Ok(token);
        }
        let mut meanwhile = || self.cached_meanwhile(profile, wanted, policy, asked_at);
        let _lock = match self.lock_unless(profile, &mut meanwhile)? {
            Locked::Issue(lock) => lock,
            Locked::Found(token) => return Ok(token),
        };
        let now = Timestamp::now();
        if policy == CachePolicy::Use
            && let Some(token) = self.lookup_at(profile, wanted, now, true)?
        {
            return Ok(token);
        }
        // A token another process cached while this one waited is as new as one it would
        // issue: with --refresh too, and when min_ttl is longer than tokens live.
        let any_valid = wanted.clone().with_min_ttl(SignedDuration::ZERO);
        if let Some(token) = self.lookup_at(profile, &any_valid, now, true)?
            && token.entry.cached_at > asked_at
        {
            return Ok(token);
        }
        let mut token = self.fresh(wanted, issue()?);
        self.put(profile, &mut token.entry, &token.token)?;
        if let Some(proof) = self.fleet.as_ref().and_then(|fleet| fleet.proof) {
            proof.issued(profile, &token.token, &token.entry.info);
        }
        Ok(token)
    }

    fn fresh(&self, wanted: &Wanted, issued: Issued<I>) -> Token<I> {
        Token {
            entry: CacheEntry {
                token_check: token_check(&issued.secret),
                endpoint: wanted.endpoint.clone(),
                access_key: wanted.access_key.clone(),
                method: wanted.method.clone(),
                info: issued.info,
                cached_at: Timestamp::now(),
                kept_in: KeptIn::Store,
            },
            token: issued.secret,
            from_cache: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secrets::MemoryStore;
    use secrecy::ExposeSecret;
    use std::cell::Cell;

    fn wanted(min_ttl: i64) -> Wanted {
        Wanted::new("https://iam.example/v3", "id:k1", "access-key-id")
            .with_min_ttl(SignedDuration::from_secs(min_ttl))
    }

    /// Caches `token` for profile "p" as if it had just been issued.
    fn seed(cache: &TokenCache, min_ttl: i64, token: &str, lifetime_secs: i64) {
        cache
            .get_or_issue("p", &wanted(min_ttl), CachePolicy::Use, || {
                Ok(issued(token, lifetime_secs))
            })
            .unwrap();
    }

    fn issued(token: &str, lifetime_secs: i64) -> Issued<TokenInfo> {
        Issued {
            secret: SecretString::from(token.to_string()),
            info: TokenInfo {
                expires_at: Timestamp::now() + SignedDuration::from_secs(lifetime_secs),
                issued_at: Some(Timestamp::now()),
                user_id: "u1".into(),
                project_id: Some("p1".into()),
                project_name: None,
                access_key_id: Some("k1".into()),
                access_key_name: None,
                access_key_restricted: None,
                access_key_expires_at: None,
            },
        }
    }

    #[test]
    fn second_call_is_served_from_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        let store = MemoryStore::new();
        let cache = TokenCache::new(dir.path(), &store);
        let calls = Cell::new(0);
        let issue = || {
            calls.set(calls.get() + 1);
            Ok(issued("tok-1", 3600))
        };
        let first = cache
            .get_or_issue("p", &wanted(300), CachePolicy::Use, issue)
            .unwrap();
        let second = cache
            .get_or_issue("p", &wanted(300), CachePolicy::Use, || {
                Ok(issued("tok-2", 3600))
            })
            .unwrap();
        assert_eq!(calls.get(), 1);
        assert!(!first.from_cache);
        assert!(second.from_cache);
        assert_eq!(second.token.expose_secret(), "tok-1");
    }

    #[test]
    fn a_token_inside_the_margin_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let store = MemoryStore::new();
        let cache = TokenCache::new(dir.path(), &store);
        cache
            .get_or_issue("p", &wanted(300), CachePolicy::Use, || {
                Ok(issued("old", 200))
            })
            .unwrap();
        let token = cache
            .get_or_issue("p", &wanted(300), CachePolicy::Use, || {
                Ok(issued("new", 3600))
            })
            .unwrap();
        assert_eq!(token.token.expose_secret(), "new");
    }

    #[test]
    fn a_token_from_another_key_or_endpoint_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let store = MemoryStore::new();
        let cache = TokenCache::new(dir.path(), &store);
        seed(&cache, 0, "a", 3600);
        let other_key = Wanted {
            access_key: "id:k2".into(),
            ..wanted(0)
        };
        assert!(
            cache
                .lookup("p", &other_key, Timestamp::now())
                .unwrap()
                .is_none()
        );
        let other_endpoint = Wanted {
            endpoint: "https://other.example/v3".into(),
            ..wanted(0)
        };
        assert!(
            cache
                .lookup("p", &other_endpoint, Timestamp::now())
                .unwrap()
                .is_none()
        );
        assert!(
            cache
                .lookup("p", &wanted(0), Timestamp::now())
                .unwrap()
                .is_some()
        );
    }

    #[test]
    fn refresh_and_bypass() {
        let dir = tempfile::tempdir().unwrap();
        let store = MemoryStore::new();
        let cache = TokenCache::new(dir.path(), &store);
        seed(&cache, 0, "a", 3600);
        let bypass = cache
            .get_or_issue("p", &wanted(0), CachePolicy::Bypass, || {
                Ok(issued("b", 3600))
            })
            .unwrap();
        assert_eq!(bypass.token.expose_secret(), "b");
        let cached = cache
            .lookup("p", &wanted(0), Timestamp::now())
            .unwrap()
            .unwrap();
        assert_eq!(
            cached.token.expose_secret(),
            "a",
            "--no-cache must not write"
        );
        let refreshed = cache
            .get_or_issue("p", &wanted(0), CachePolicy::Refresh, || {
                Ok(issued("c", 3600))
            })
            .unwrap();
        assert_eq!(refreshed.token.expose_secret(), "c");
        let cached = cache
            .lookup("p", &wanted(0), Timestamp::now())
            .unwrap()
            .unwrap();
        assert_eq!(cached.token.expose_secret(), "c");
    }

    #[test]
    fn a_broken_cache_file_or_a_missing_token_means_no_cache() {
        let dir = tempfile::tempdir().unwrap();
        let store = MemoryStore::new();
        let cache = TokenCache::new(dir.path(), &store);
        seed(&cache, 0, "a", 3600);
        store.delete(&SecretName::ProfileToken("p".into())).unwrap();
        assert!(
            cache
                .lookup("p", &wanted(0), Timestamp::now())
                .unwrap()
                .is_none()
        );
        std::fs::write(
            dir.path().join("tokens/p.json"),
            b"{\"endpoint\": \"https://",
        )
        .unwrap();
        assert!(cache.entry("p").is_none());
    }

    #[test]
    fn a_token_that_is_not_the_cached_one_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let store = MemoryStore::new();
        let cache = TokenCache::new(dir.path(), &store);
        seed(&cache, 0, "a", 3600);
        store
            .set(
                &SecretName::ProfileToken("p".into()),
                &SecretString::from("forged"),
            )
            .unwrap();
        assert!(
            cache
                .lookup("p", &wanted(0), Timestamp::now())
                .unwrap()
                .is_none()
        );
        let token = cache
            .get_or_issue("p", &wanted(0), CachePolicy::Use, || Ok(issued("b", 3600)))
            .unwrap();
        assert_eq!(token.token.expose_secret(), "b");
    }

    #[test]
    fn a_lock_held_too_long_is_given_up_and_the_holder_named() {
        let dir = tempfile::tempdir().unwrap();
        let store = MemoryStore::new();
        let heard = std::cell::RefCell::new(Vec::new());
        let cache = TokenCache::new(dir.path(), &store).waiting(LockWait {
            limit: Duration::from_millis(200),
            tell: Box::new(|profile: &str, news| {
                heard.borrow_mut().push((profile.to_string(), news))
            }),
        });
        // Another holder: a second open file description, as another process would have.
        let held = cache.lock("p").unwrap();
        assert!(held.is_held(), "free at first");
        let token = cache
            .get_or_issue("p", &wanted(0), CachePolicy::Use, || Ok(issued("t", 3600)))
            .unwrap();
        assert_eq!(token.token.expose_secret(), "t");
        let me = Some(std::process::id());
        let limit = Duration::from_millis(200);
        assert_eq!(
            *heard.borrow(),
            vec![
                ("p".to_string(), LockNews::Waiting { holder: me, limit }),
                ("p".to_string(), LockNews::GaveUp { holder: me, limit }),
            ]
        );
        drop(held);
        assert!(
            cache
                .lookup("p", &wanted(0), Timestamp::now())
                .unwrap()
                .is_some(),
            "what was issued without the lock is cached"
        );
    }

    #[test]
    fn forget_removes_the_token_and_its_metadata() {
        let dir = tempfile::tempdir().unwrap();
        let store = MemoryStore::new();
        let cache = TokenCache::new(dir.path(), &store);
        seed(&cache, 0, "a", 3600);
        assert!(cache.forget("p").unwrap());
        assert!(store.is_empty());
        assert!(cache.entry("p").is_none());
        assert!(!cache.forget("p").unwrap());
    }

    /// Gives this test thread a new, empty session keyring of its own.
    #[cfg(target_os = "linux")]
    fn own_session_keyring() -> crate::secrets::KernelKeyring {
        const KEYCTL_JOIN_SESSION_KEYRING: libc::c_long = 1;
        // SAFETY: keyctl(JOIN_SESSION_KEYRING, NULL) reads no memory of ours.
        let id = unsafe {
            libc::syscall(
                libc::SYS_keyctl,
                KEYCTL_JOIN_SESSION_KEYRING,
                std::ptr::null::<libc::c_char>(),
            )
        };
        assert!(id > 0, "keyutils is not usable here");
        crate::secrets::KernelKeyring::open("kcred-unit", crate::secrets::KernelTarget::Session)
            .expect("a session keyring")
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_kernel_keyring_keeps_the_token_and_the_store_none() {
        let kernel = own_session_keyring();
        let dir = tempfile::tempdir().unwrap();
        let store = MemoryStore::new();
        let in_store = TokenCache::new(dir.path(), &store);
        seed(&in_store, 0, "old", 3600);
        assert_eq!(store.len(), 1);

        let cache = TokenCache::new(dir.path(), &store).kernel_keyring(Some(KernelCache {
            keyring: &kernel,
            in_use: true,
        }));
        let served = cache.lookup("p", &wanted(0), Timestamp::now()).unwrap();
        assert_eq!(
            served.unwrap().token.expose_secret(),
            "old",
            "0.1's token is used"
        );
        let fresh = cache
            .get_or_issue("p", &wanted(0), CachePolicy::Refresh, || {
                Ok(issued("new", 3600))
            })
            .unwrap();
        assert_eq!(fresh.entry.kept_in, KeptIn::KernelKeyring);
        assert!(store.is_empty(), "no older copy is left in the store");
        let name = SecretName::ProfileToken("p".into());
        assert_eq!(kernel.get(&name).unwrap().unwrap().expose_secret(), "new");
        let cached = cache.lookup("p", &wanted(0), Timestamp::now()).unwrap();
        assert_eq!(cached.unwrap().token.expose_secret(), "new");

        // Turned off: the kernel's token is not used, and issuing again leaves none there.
        let off = TokenCache::new(dir.path(), &store).kernel_keyring(Some(KernelCache {
            keyring: &kernel,
            in_use: false,
        }));
        assert!(
            off.lookup("p", &wanted(0), Timestamp::now())
                .unwrap()
                .is_none()
        );
        seed(&off, 0, "stored", 3600);
        assert!(kernel.get(&name).unwrap().is_none());
        assert_eq!(store.len(), 1);

        cache
            .get_or_issue("p", &wanted(0), CachePolicy::Refresh, || {
                Ok(issued("k", 3600))
            })
            .unwrap();
        assert!(cache.forget("p").unwrap());
        assert!(kernel.get(&name).unwrap().is_none());
        assert!(store.is_empty());
    }

    type Record = (String, serde_json::Value, SecretString);

    /// A shared cache in memory. Its lock is free, or `held_elsewhere`: by another machine
    /// that caches its record at the lock's Nth look, and keeps holding the lock.
    #[derive(Default)]
    struct MemoryShared {
        records: std::cell::RefCell<Vec<Record>>,
        held_elsewhere: std::cell::RefCell<Option<(usize, Record)>>,
        looks: Cell<usize>,
        claims: Cell<usize>,
    }

    struct FreeLock;
    impl SharedLock for FreeLock {}

    impl SharedCache for MemoryShared {
        fn read(&self, key: &str) -> Result<Option<(serde_json::Value, SecretString)>> {
            let records = self.records.borrow();
            let found = records.iter().find(|(k, _, _)| k == key);
            Ok(found.map(|(_, entry, secret)| (entry.clone(), secret.clone())))
        }
        fn write(&self, key: &str, entry: &serde_json::Value, secret: &SecretString) -> Result<()> {
            self.delete(key)?;
            let record = (key.to_string(), entry.clone(), secret.clone());
            self.records.borrow_mut().push(record);
            Ok(())
        }
        fn delete(&self, key: &str) -> Result<bool> {
            let before = self.records.borrow().len();
            self.records.borrow_mut().retain(|(k, _, _)| k != key);
            Ok(self.records.borrow().len() < before)
        }
        fn lock<'s>(
            &'s self,
            _key: &str,
            _limit: Duration,
            waiting: &dyn Fn(),
            done: &mut dyn FnMut() -> Result<bool>,
        ) -> Result<SharedWait<'s>> {
            // As many looks as the other's issuance lasts, and as many again: then gives up.
            let most = self
                .held_elsewhere
                .borrow()
                .as_ref()
                .map_or(1, |(at, _)| 2 * at);
            for _ in 0..most {
                if done()? {
                    return Ok(SharedWait::Done);
                }
                let look = self.looks.get() + 1;
                self.looks.set(look);
                let Some((at, theirs)) = self.held_elsewhere.borrow().clone() else {
                    self.claims.set(self.claims.get() + 1);
                    return Ok(SharedWait::Held(Box::new(FreeLock)));
                };
                waiting();
                if look == at {
                    self.records.borrow_mut().push(theirs);
                }
            }
            Ok(SharedWait::GaveUp)
        }
    }

    /// Refuses `planted`; says every other token is of project "proven".
    struct Proof {
        planted: &'static str,
        asked: Cell<usize>,
        issued: std::cell::RefCell<Vec<String>>,
    }

    impl SharedProof<TokenInfo> for Proof {
        fn prove(&self, _profile: &str, secret: &SecretString) -> Result<Option<TokenInfo>> {
            self.asked.set(self.asked.get() + 1);
            Ok((secret.expose_secret() != self.planted).then(|| {
                let mut info = issued("any", 3600).info;
                info.project_id = Some("proven".into());
                info
            }))
        }
        fn issued(&self, _profile: &str, secret: &SecretString, _info: &TokenInfo) {
            self.issued
                .borrow_mut()
                .push(secret.expose_secret().to_string());
        }
    }

    #[test]
    fn a_shared_token_is_used_only_as_proven_and_a_refused_one_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let store = MemoryStore::new();
        let shared = MemoryShared::default();
        let unproven = TokenCache::new(dir.path(), &store).shared(Some(&shared));
        seed(&unproven, 0, "planted", 3600);
        let proof = Proof {
            planted: "planted",
            asked: Cell::new(0),
            issued: Default::default(),
        };
        let cache = TokenCache::new(dir.path(), &store)
            .shared(Some(&shared))
            .proving(Some(&proof));
        assert!(
            cache
                .lookup("p", &wanted(0), Timestamp::now())
                .unwrap()
                .is_none()
        );
        let token = cache
            .get_or_issue("p", &wanted(0), CachePolicy::Use, || {
                Ok(issued("own", 3600))
            })
            .unwrap();
        assert_eq!(token.token.expose_secret(), "own");
        assert_eq!(*proof.issued.borrow(), vec!["own".to_string()]);
        let (_, kept) = shared.read("tokens/p").unwrap().unwrap();
        assert_eq!(
            kept.expose_secret(),
            "own",
            "the refused record is replaced"
        );

        // What is handed out says what the proof says, not what the record claims.
        let served = cache
            .lookup("p", &wanted(0), Timestamp::now())
            .unwrap()
            .unwrap();
        assert_eq!(served.entry.info.project_id.as_deref(), Some("proven"));
        assert_eq!(
            unproven
                .entry("p")
                .and_then(|entry| entry.info.project_id)
                .as_deref(),
            Some("p1")
        );
    }

    #[test]
    fn a_token_cached_while_the_fleets_lock_is_held_is_taken_without_the_lock_and_proven() {
        // The record another machine's cache writes for its token "theirs".
        let store = MemoryStore::new();
        let elsewhere = MemoryShared::default();
        let other_dir = tempfile::tempdir().unwrap();
        let other = TokenCache::new(other_dir.path(), &store).shared(Some(&elsewhere));
        seed(&other, 0, "theirs", 3600);
        let theirs = elsewhere.records.borrow()[0].clone();

        let run = |policy| {
            let dir = tempfile::tempdir().unwrap();
            let shared = MemoryShared {
                held_elsewhere: std::cell::RefCell::new(Some((3, theirs.clone()))),
                ..MemoryShared::default()
            };
            let proof = Proof {
                planted: "planted",
                asked: Cell::new(0),
                issued: Default::default(),
            };
            let heard = std::cell::RefCell::new(Vec::new());
            let cache = TokenCache::new(dir.path(), &store)
                .shared(Some(&shared))
                .proving(Some(&proof))
                .waiting(LockWait {
                    limit: Duration::from_secs(5),
                    tell: Box::new(|_: &str, news| heard.borrow_mut().push(news)),
                });
            let issued_here = Cell::new(0);
            let token = cache
                .get_or_issue("p", &wanted(0), policy, || {
                    issued_here.set(issued_here.get() + 1);
                    Ok(issued("own", 3600))
                })
                .unwrap();
            let seen = (shared.looks.get(), shared.claims.get(), proof.asked.get());
            drop(cache);
            (token, issued_here.get(), seen, heard.into_inner())
        };

        let (token, issued_here, (looks, claims, proofs), heard) = run(CachePolicy::Use);
        assert_eq!(token.token.expose_secret(), "theirs");
        assert!(token.from_cache);
        assert_eq!(issued_here, 0, "nothing issued here");
        assert_eq!((looks, claims), (3, 0), "taken while held, with no claim");
        assert_eq!(proofs, 1, "proven like any shared token");
        assert_eq!(token.entry.info.project_id.as_deref(), Some("proven"));
        let limit = Duration::from_secs(5);
        let waiting = LockNews::Waiting {
            holder: None,
            limit,
        };
        assert_eq!(heard, vec![waiting]);

        // --refresh wants a token newer than the call: one cached before it does not end the
        // wait.
        let (token, issued_here, (looks, claims, _), heard) = run(CachePolicy::Refresh);
        assert_eq!(token.token.expose_secret(), "own");
        assert_eq!((issued_here, looks, claims), (1, 6, 0));
        let gave_up = LockNews::GaveUp {
            holder: None,
            limit,
        };
        assert_eq!(heard, vec![waiting, gave_up]);
    }

    #[test]
    fn the_metadata_never_holds_the_token() {
        let dir = tempfile::tempdir().unwrap();
        let store = MemoryStore::new();
        let cache = TokenCache::new(dir.path(), &store);
        cache
            .get_or_issue("p", &wanted(0), CachePolicy::Use, || {
                Ok(issued("tok-SECRET", 3600))
            })
            .unwrap();
        let text = std::fs::read_to_string(dir.path().join("tokens/p.json")).unwrap();
        assert!(!text.contains("tok-SECRET"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("tokens/p.json"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    /// A cache entry for key "id:k1" at the test endpoint, expiring at `expires_at`.
    fn entry_expiring(expires_at: Timestamp) -> CacheEntry {
        let mut info = issued("t", 0).info;
        info.expires_at = expires_at;
        CacheEntry {
            endpoint: "https://iam.example/v3".into(),
            access_key: "id:k1".into(),
            method: "access-key-id".into(),
            info,
            cached_at: Timestamp::now(),
            token_check: String::new(),
            kept_in: KeptIn::Store,
        }
    }

    #[test]
    fn a_token_is_usable_only_while_more_than_min_ttl_is_left() {
        let now: Timestamp = "2026-12-04T10:00:00Z".parse().unwrap();
        let entry = entry_expiring(now + SignedDuration::from_secs(600));
        assert!(entry.is_usable_for(&wanted(0), now));
        assert!(entry.is_usable_for(&wanted(599), now));
        assert!(
            !entry.is_usable_for(&wanted(600), now),
            "exactly min_ttl left is not enough"
        );
        assert!(!entry.is_usable_for(&wanted(601), now));
        assert!(!entry.is_usable_for(&wanted(0), now + SignedDuration::from_secs(600)));
        let huge = wanted(0).with_min_ttl(SignedDuration::MAX);
        assert!(!entry.is_usable_for(&huge, now), "no overflow, no token");
        // The method is the key's: the key's fingerprint decides, not the method's name.
        let other_method = Wanted {
            method: "access-key-name".into(),
            ..wanted(0)
        };
        assert!(entry.is_usable_for(&other_method, now));
    }

    #[test]
    fn an_expired_token_is_never_served_and_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let store = MemoryStore::new();
        let cache = TokenCache::new(dir.path(), &store);
        seed(&cache, 0, "dead", -10);
        assert!(
            cache
                .lookup("p", &wanted(0), Timestamp::now())
                .unwrap()
                .is_none()
        );
        let token = cache
            .get_or_issue("p", &wanted(0), CachePolicy::Use, || {
                Ok(issued("alive", 3600))
            })
            .unwrap();
        assert_eq!(token.token.expose_secret(), "alive");
    }

    #[test]
    fn a_min_ttl_longer_than_tokens_live_issues_every_time() {
        let dir = tempfile::tempdir().unwrap();
        let store = MemoryStore::new();
        let cache = TokenCache::new(dir.path(), &store);
        let calls = Cell::new(0);
        for _ in 0..3 {
            let token = cache
                .get_or_issue("p", &wanted(7200), CachePolicy::Use, || {
                    calls.set(calls.get() + 1);
                    Ok(issued("short", 3600))
                })
                .unwrap();
            assert!(!token.from_cache);
        }
        assert_eq!(calls.get(), 3);
        assert!(
            cache
                .lookup("p", &wanted(0), Timestamp::now())
                .unwrap()
                .is_some(),
            "the last one is cached for callers that ask less"
        );
    }

    #[test]
    fn a_failed_issuance_leaves_the_cached_token_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let store = MemoryStore::new();
        let cache = TokenCache::new(dir.path(), &store);
        seed(&cache, 0, "kept", 3600);
        let err = cache
            .get_or_issue("p", &wanted(0), CachePolicy::Refresh, || {
                Err(Error::network("down"))
            })
            .err()
            .unwrap();
        assert_eq!(err.message(), "down");
        let cached = cache
            .lookup("p", &wanted(0), Timestamp::now())
            .unwrap()
            .unwrap();
        assert_eq!(cached.token.expose_secret(), "kept");
    }

    #[test]
    fn each_profile_has_its_own_token() {
        let dir = tempfile::tempdir().unwrap();
        let store = MemoryStore::new();
        let cache = TokenCache::new(dir.path(), &store);
        seed(&cache, 0, "p's", 3600);
        assert!(
            cache
                .lookup("q", &wanted(0), Timestamp::now())
                .unwrap()
                .is_none()
        );
        assert!(!cache.forget("q").unwrap());
        assert!(cache.entry("p").is_some(), "forgetting q leaves p");
    }

    #[test]
    fn an_entry_of_kcred_0_1_reads_as_kept_in_the_store_and_an_unknown_place_as_none() {
        let dir = tempfile::tempdir().unwrap();
        let store = MemoryStore::new();
        let cache = TokenCache::new(dir.path(), &store);
        seed(&cache, 0, "a", 3600);
        let path = dir.path().join("tokens/p.json");
        let mut json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        json.as_object_mut().unwrap().remove("kept_in");
        std::fs::write(&path, json.to_string()).unwrap();
        assert_eq!(cache.entry("p").unwrap().kept_in, KeptIn::Store);
        json["kept_in"] = "floppy-disk".into();
        std::fs::write(&path, json.to_string()).unwrap();
        assert!(cache.entry("p").is_none());
        json["kept_in"] = "kernel-keyring".into();
        json["expires_at"] = "soon".into();
        std::fs::write(&path, json.to_string()).unwrap();
        assert!(cache.entry("p").is_none(), "an expiry that is not a time");
    }

    #[test]
    fn a_token_cached_in_a_kernel_keyring_no_longer_in_use_is_not_served() {
        let dir = tempfile::tempdir().unwrap();
        let store = MemoryStore::new();
        let cache = TokenCache::new(dir.path(), &store);
        seed(&cache, 0, "a", 3600);
        let path = dir.path().join("tokens/p.json");
        let mut json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        json["kept_in"] = "kernel-keyring".into();
        std::fs::write(&path, json.to_string()).unwrap();
        assert!(
            cache
                .lookup("p", &wanted(0), Timestamp::now())
                .unwrap()
                .is_none(),
            "not read from the store, where it is not kept"
        );
    }

    #[test]
    fn digests_of_different_lists_never_meet() {
        assert_ne!(digest_of(&["ab", "c"]), digest_of(&["a", "bc"]));
        assert_ne!(digest_of(&["a"]), digest_of(&["a", ""]));
        assert_eq!(digest_of(&["x", "y"]), digest_of(&["x", "y"]));
        assert_eq!(digest_of(&[]).len(), 64);
        let check = token_check(&SecretString::from("t"));
        assert_eq!(check.len(), 16);
        assert!(check.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(check, token_check(&SecretString::from("u")));
    }

    #[test]
    fn a_shared_cache_keeps_tokens_in_itself_under_the_kind_and_profile() {
        let dir = tempfile::tempdir().unwrap();
        let store = MemoryStore::new();
        let shared = MemoryShared::default();
        let cache = TokenCache::new(dir.path(), &store).shared(Some(&shared));
        assert_eq!(cache.keeps_in(), KeptIn::Store);
        seed(&cache, 0, "fleet", 3600);
        assert!(store.is_empty(), "nothing in this machine's store");
        assert!(
            !dir.path().join("tokens/p.json").exists(),
            "nor in its files (only the machine's lock file is there)"
        );
        let (entry, secret) = shared.read("tokens/p").unwrap().unwrap();
        assert_eq!(secret.expose_secret(), "fleet");
        assert_eq!(entry["kept_in"], "store");
        assert!(!entry.to_string().contains("fleet"));

        let s3 = TokenCache::<TokenInfo>::of_kind(
            dir.path().join("s3-credentials"),
            SecretName::ProfileToken,
            &store,
        )
        .shared(Some(&shared));
        assert_eq!(s3.fleet.as_ref().unwrap().key("p"), "s3-credentials/p");
    }

    #[test]
    fn a_shared_record_that_is_not_an_entry_or_not_its_token_is_no_cache() {
        let dir = tempfile::tempdir().unwrap();
        let store = MemoryStore::new();
        let shared = MemoryShared::default();
        let cache = TokenCache::new(dir.path(), &store).shared(Some(&shared));
        shared
            .write(
                "tokens/p",
                &serde_json::json!({"endpoint": 1}),
                &SecretString::from("x"),
            )
            .unwrap();
        assert!(cache.entry("p").is_none());
        assert!(
            cache
                .lookup("p", &wanted(0), Timestamp::now())
                .unwrap()
                .is_none()
        );
        seed(&cache, 0, "real", 3600);
        let (entry, _) = shared.read("tokens/p").unwrap().unwrap();
        shared
            .write("tokens/p", &entry, &SecretString::from("swapped"))
            .unwrap();
        assert!(
            cache
                .lookup("p", &wanted(0), Timestamp::now())
                .unwrap()
                .is_none(),
            "a secret the entry does not describe"
        );
    }

    #[test]
    fn a_fleet_lock_given_up_is_not_held() {
        let dir = tempfile::tempdir().unwrap();
        let store = MemoryStore::new();
        let shared = MemoryShared {
            held_elsewhere: std::cell::RefCell::new(Some((
                1,
                (
                    "elsewhere".into(),
                    serde_json::json!({}),
                    SecretString::from("x"),
                ),
            ))),
            ..MemoryShared::default()
        };
        let cache = TokenCache::new(dir.path(), &store).shared(Some(&shared));
        let lock = cache.lock("p").unwrap();
        assert!(!lock.is_held(), "this machine's lock, not the fleet's");
        drop(lock);
        let free = MemoryShared::default();
        let cache = TokenCache::new(dir.path(), &store).shared(Some(&free));
        assert!(cache.lock("p").unwrap().is_held());
    }

    #[test]
    fn forgetting_removes_the_lock_file_too() {
        let dir = tempfile::tempdir().unwrap();
        let store = MemoryStore::new();
        let cache = TokenCache::new(dir.path(), &store);
        seed(&cache, 0, "a", 3600);
        assert!(dir.path().join("tokens/p.lock").exists());
        assert!(cache.forget("p").unwrap());
        assert!(!dir.path().join("tokens/p.lock").exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_cache_dir_that_is_a_link_is_refused_before_any_read() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), dir.path().join("tokens")).unwrap();
        let store = MemoryStore::new();
        let cache = TokenCache::new(dir.path(), &store);
        let err = cache
            .lookup("p", &wanted(0), Timestamp::now())
            .err()
            .unwrap();
        assert!(
            err.message().contains("is a symbolic link"),
            "{}",
            err.message()
        );
        assert!(
            cache
                .get_or_issue("p", &wanted(0), CachePolicy::Use, || Ok(issued("t", 3600)))
                .is_err()
        );
        assert!(store.is_empty());
    }
}
