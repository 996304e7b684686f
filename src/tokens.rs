//! API tokens: cached until they expire, issued when not, one issuance at a time per profile,
//! proven before a token from the fleet's cache is used, never trusted past their key's
//! expiry, and a request a cached token is refused for retried once with a new one.
//!
//! The rules live here; the IAM API ([`TokenApi`]), the stores ([`Stores`]) and what a person
//! is told ([`TokenNotices`]) come in from the command that asks. Nothing here prints.

use crate::config::{AccessKey, StoreKind};
use crate::credentials::Credential;
use crate::error::{Error, ErrorKind, Result};
use crate::iam::{IamClient, IssuedToken};
use crate::journal::Intent;
use crate::key_expiry::{self, Outlook};
use crate::stores::Stores;
use crate::token_cache::{CacheEntry, CachePolicy, SharedProof, Token, TokenCache, Wanted};
use crate::token_proof::{Expected, ProofMemory, TokenProof};
use jiff::{SignedDuration, Timestamp};
use secrecy::SecretString;
use std::cell::RefCell;

/// The IAM API as tokens need it: a client for an endpoint, and an issuance.
pub trait TokenApi {
    fn client(&self, endpoint: &str) -> Result<IamClient>;

    fn issue(&self, endpoint: &str, key: &AccessKey, secret: &SecretString) -> Result<IssuedToken> {
        self.client(endpoint)?.issue_token(key, secret)
    }
}

/// What a person hears of tokens. The commands decide the words (and the commands they name).
pub trait TokenNotices {
    /// A line for `-v`.
    fn verbose(&self, message: &str);
    /// Work that waits on the network; the returned guard ends it.
    fn busy(&self, message: &str) -> Box<dyn std::any::Any>;
    fn warn(&self, warning: TokenWarning<'_>);
    /// `err`, a key the server refused, with the way out for where `credential` came from.
    fn refused(&self, err: Error, credential: &Credential) -> Error;
}

/// What the token rules warn about.
pub enum TokenWarning<'w> {
    /// `--min-ttl` is longer than tokens live: a cached one is used while it has half left.
    MinTtlUnmeetable {
        min_ttl: SignedDuration,
        lifetime: SignedDuration,
    },
    /// The key a token was issued with expires soon, or has expired.
    KeyExpiry {
        profile: Option<&'w str>,
        key: &'w AccessKey,
        at: Timestamp,
        outlook: Outlook,
    },
    /// A token in the fleet's cache failed its proof; one of this machine's own is issued.
    SharedTokenRefused { profile: &'w str, why: &'w str },
}

/// The token rules of one run, over its stores.
pub struct Tokens<'a> {
    pub stores: &'a Stores,
    pub api: &'a dyn TokenApi,
    pub notices: &'a dyn TokenNotices,
    /// `--min-ttl`: how much life a cached credential must have left to be handed out.
    pub min_ttl: SignedDuration,
    /// How far ahead a key's expiry is warned about.
    pub key_expiry_window: SignedDuration,
    pub now: fn() -> Timestamp,
}

impl<'a> Tokens<'a> {
    /// The cache of API tokens: `tokens/PROFILE.json`, tokens in `profile/PROFILE/token`.
    pub fn cache(&self) -> TokenCache<'a> {
        self.stores
            .credential_cache("tokens", crate::secrets::SecretName::ProfileToken)
    }

    /// Issues a token for `credential`, reading its secret only now.
    pub fn issue(&self, credential: &Credential) -> Result<IssuedToken> {
        let secret = credential.read_secret(self.stores.store())?;
        let mut issued = {
            let _busy = self.notices.busy("Issuing a token…");
            self.api
                .issue(&credential.endpoint, &credential.key, &secret)
                .map_err(|err| self.notices.refused(err, credential))?
        };
        self.heed_key_expiry(credential, &mut issued);
        Ok(issued)
    }

    /// When the credential's key expires, as its profile remembers it.
    pub fn profile_key_expiry(&self, credential: &Credential) -> Option<Timestamp> {
        let name = credential.profile.as_deref()?;
        let config = self.stores.config().ok()?;
        let kakaocloud = config.profiles.get(name)?.kakaocloud()?;
        (kakaocloud.key == credential.key)
            .then_some(kakaocloud.key_expires_at)
            .flatten()
    }

    /// A new token's key expiry: recorded with the profile when the token says it, warned
    /// about once (now, at issuance) when near, and the token trusted no longer than its key.
    fn heed_key_expiry(&self, credential: &Credential, issued: &mut IssuedToken) {
        let known = self.profile_key_expiry(credential);
        let said = issued.info.access_key_expires_at;
        if let (Some(name), Some(at)) = (credential.profile.as_deref(), said)
            && Some(at) != known
        {
            let recorded = self.stores.update_config(|config| {
                if let Some(kakaocloud) = config
                    .profiles
                    .get_mut(name)
                    .and_then(|profile| profile.kakaocloud_mut())
                    .filter(|kakaocloud| kakaocloud.key == credential.key)
                {
                    kakaocloud.key_expires_at = Some(at);
                }
                Ok(())
            });
            if let Err(err) = recorded {
                self.notices.verbose(&format!(
                    "the key's expiry was not recorded: {}",
                    err.message()
                ));
            }
        }
        let Some(at) = said.or(known) else {
            return;
        };
        let now = (self.now)();
        issued.info.expires_at = key_expiry::trusted_until(issued.info.expires_at, Some(at), now);
        let outlook = key_expiry::outlook(at, now, self.key_expiry_window);
        if !matches!(outlook, Outlook::Later) {
            self.notices.warn(TokenWarning::KeyExpiry {
                profile: credential.profile.as_deref(),
                key: &credential.key,
                at,
                outlook,
            });
        }
    }

    /// A valid token for `credential`: cached when possible, issued when not.
    pub fn token_for(&self, credential: &Credential, policy: CachePolicy) -> Result<Token> {
        let mut wanted =
            key_wanted(&credential.endpoint, &credential.key).with_min_ttl(self.min_ttl);
        let asked_min_ttl = wanted.min_ttl;
        let proof = match credential.cache_profile() {
            Some(_) if self.stores.shared() => Some(self.token_proof(credential)?),
            _ => None,
        };
        let cache = self
            .cache()
            .proving(proof.as_ref().map(|proof| proof as &dyn SharedProof<_>));
        // A key being deleted may be gone on the server already: never trust its cached token.
        let policy = if policy == CachePolicy::Use
            && self.key_going_away(&credential.key, credential.cache_profile())?
        {
            self.notices
                .verbose("the key is being deleted: not using its cached token");
            CachePolicy::Refresh
        } else {
            policy
        };
        let Some(profile) = credential.cache_profile() else {
            self.notices.verbose(credential.why_not_cached());
            return cache.get_or_issue("", &wanted, CachePolicy::Bypass, || {
                self.issue(credential).map(Into::into)
            });
        };
        // A margin no token can meet would issue a new token on every call: when the cached
        // token shows that tokens live no longer than --min-ttl, say so and use it while it
        // has half its lifetime left.
        let known_lifetime = cache
            .entry(profile)
            .filter(|entry| {
                entry.endpoint == wanted.endpoint && entry.access_key == wanted.access_key
            })
            .and_then(|entry| token_lifetime(&entry));
        let unmeetable = |lifetime| {
            self.notices.warn(TokenWarning::MinTtlUnmeetable {
                min_ttl: asked_min_ttl,
                lifetime,
            })
        };
        if let Some(lifetime) = known_lifetime
            && lifetime <= asked_min_ttl
        {
            wanted.min_ttl = lifetime / 2;
            unmeetable(lifetime);
        }
        let token = cache.get_or_issue(profile, &wanted, policy, || {
            self.issue(credential).map(Into::into)
        })?;
        if let Some(lifetime) = token_lifetime(&token.entry)
            && known_lifetime.is_none_or(|known| known > asked_min_ttl)
            && lifetime <= asked_min_ttl
        {
            unmeetable(lifetime);
        }
        Ok(token)
    }

    /// Whether a key operation under way (or interrupted) is deleting `key`, which another
    /// profile than `profile` began: a token cached from it may be revoked already.
    pub fn key_going_away(&self, key: &AccessKey, profile: Option<&str>) -> Result<bool> {
        let journal = self.stores.journal();
        if !journal.has_records()? {
            return Ok(false);
        }
        let AccessKey::Id(id) = key else {
            return Ok(false);
        };
        Ok(journal
            .records()?
            .into_iter()
            .any(|(scope, intent)| match intent {
                Intent::DeleteIamKey { key_id, .. } => key_id == *id,
                Intent::Rotate { old_key_id, .. } => {
                    old_key_id == *id && Some(scope.as_str()) != profile
                }
                _ => false,
            }))
    }

    /// What a profile's tokens must be (its key's, for its project), from its settings.
    pub fn expected_tokens(&self, credential: &Credential) -> Result<Expected> {
        let config = self.stores.config()?;
        let settings = credential
            .profile
            .as_deref()
            .and_then(|name| config.profiles.get(name))
            .and_then(|profile| profile.kakaocloud());
        Ok(Expected::of(&credential.key, settings))
    }

    /// The proof a token from the fleet's cache needs before it is used, remembered in the
    /// kernel keyring (else the OS keyring) once made.
    fn token_proof(&self, credential: &Credential) -> Result<TokenProof<'a>> {
        let stores = self.stores;
        let memory = match stores
            .kernel_keyring()
            .filter(|_| stores.kernel_cache_in_use())
        {
            Some(kernel) => ProofMemory::Kernel(kernel),
            None => ProofMemory::Store(stores.open_store(StoreKind::Keyring)),
        };
        let endpoint = credential.endpoint.clone();
        let api = self.api;
        let notices = self.notices;
        Ok(TokenProof::new(
            &credential.endpoint,
            self.expected_tokens(credential)?,
            Box::new(move || api.client(&endpoint)),
            memory,
            Box::new(move |profile, why| {
                notices.warn(TokenWarning::SharedTokenRefused { profile, why })
            }),
        ))
    }

    /// `credential` with a valid token and a client, for requests on the user's behalf.
    pub fn session(self, credential: Credential) -> Result<Session<'a>> {
        let token = self.token_for(&credential, CachePolicy::Use)?;
        let client = self.api.client(&credential.endpoint)?;
        Ok(Session::new(self, credential, token, client))
    }
}

/// How long a token lives in all, from its issue (or, unknown that, its caching) to its expiry.
/// None for an entry that says it died before it began (cached by an older kcred): it tells
/// nothing about how long tokens live.
fn token_lifetime(entry: &CacheEntry) -> Option<SignedDuration> {
    let start = entry.info.issued_at.unwrap_or(entry.cached_at);
    Some(entry.info.expires_at.duration_since(start)).filter(|lifetime| lifetime.is_positive())
}

/// A token issued with `key` at `endpoint`, valid by its expiry.
pub fn key_wanted(endpoint: &str, key: &AccessKey) -> Wanted {
    Wanted::new(endpoint, key.fingerprint(), key.method())
}

/// A credential, its token and a client. A request that a cached token gets a 401 for is
/// retried once with a newly issued token: a token can die before its `expires_at` (key
/// deleted, user removed from the project, role changed).
pub struct Session<'a, C = IamClient> {
    tokens: Tokens<'a>,
    pub credential: Credential,
    token: RefCell<Token>,
    client: C,
}

impl<'a, C> Session<'a, C> {
    pub fn new(tokens: Tokens<'a>, credential: Credential, token: Token, client: C) -> Self {
        Session {
            tokens,
            credential,
            token: RefCell::new(token),
            client,
        }
    }

    pub fn user_id(&self) -> String {
        self.token.borrow().entry.info.user_id.clone()
    }

    pub fn project_id(&self) -> Option<String> {
        self.token.borrow().entry.info.project_id.clone()
    }

    pub fn project_name(&self) -> Option<String> {
        self.token.borrow().entry.info.project_name.clone()
    }

    /// Whether the session's key is restricted (may not manage keys), as its token says.
    pub fn key_is_restricted(&self) -> bool {
        self.token.borrow().entry.info.access_key_restricted == Some(true)
    }

    /// The stores the session's tokens come from.
    pub fn stores(&self) -> &'a Stores {
        self.tokens.stores
    }

    /// Runs one API request with the session's token.
    pub fn call<T>(&self, request: impl Fn(&C, &SecretString) -> Result<T>) -> Result<T> {
        let _busy = self.tokens.notices.busy("Waiting for KakaoCloud…");
        let first = request(&self.client, &self.token.borrow().token);
        match first {
            Err(err) if err.kind() == ErrorKind::Rejected && self.token.borrow().from_cache => {
                self.tokens
                    .notices
                    .verbose("the cached token was rejected: issuing a new one and retrying");
                let fresh = self
                    .tokens
                    .token_for(&self.credential, CachePolicy::Refresh)?;
                *self.token.borrow_mut() = fresh;
                request(&self.client, &self.token.borrow().token).map_err(|err| {
                    err.or_hint(
                        "the key may have been deleted, or its user removed from the project",
                    )
                })
            }
            other => other,
        }
    }
}
