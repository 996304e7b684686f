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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Dirs;
    use crate::iam::TokenInfo;
    use crate::secrets::{KernelTarget, MemoryStore, SecretName, SecretStore};
    use crate::stores::StoreChoice;
    use secrecy::ExposeSecret;
    use std::cell::Cell;
    use std::rc::Rc;
    use std::time::Duration;

    const ENDPOINT: &str = "https://iam.example.com/identity/v3";

    /// A profile `p` with key `k1` (its secret stored), in a temporary home.
    struct World {
        _dir: tempfile::TempDir,
        stores: Stores,
    }

    fn world(extra_config: &str) -> World {
        let dir = tempfile::tempdir().unwrap();
        let dirs = Dirs {
            config: dir.path().join("config"),
            cache: dir.path().join("cache"),
            data: dir.path().join("data"),
            state: dir.path().join("state"),
        };
        std::fs::create_dir_all(&dirs.config).unwrap();
        let config = format!(
            "default_profile = \"p\"\n\n[profiles.p]\nendpoint = \"{ENDPOINT}\"\n\
             access_key_id = \"k1\"\n{extra_config}"
        );
        crate::config::write_private_file(&dirs.config_file(), config.as_bytes()).unwrap();
        let store = MemoryStore::new();
        store
            .set(
                &SecretName::ProfileSecret("p".into()),
                &SecretString::from("s3cret"),
            )
            .unwrap();
        let choice = StoreChoice {
            dirs,
            profile: None,
            store: None,
            keyring_service: "kcred-unit-tests".into(),
            keyring_timeout: Duration::from_secs(1),
            kernel_cache: false,
            kernel_target: KernelTarget::User,
            timeout: Duration::from_secs(5),
            request_log: None,
            file_passphrase: None,
            ask_passphrase: None,
            vault_settings: Box::new(|| Err(Error::other("no Vault in unit tests"))),
            host_name: None,
            lock_news: Rc::new(|_, _| {}),
        };
        World {
            _dir: dir,
            stores: Stores::with_store(choice, Box::new(store)),
        }
    }

    /// An IAM that issues tokens living `lifetime`, counting them.
    struct FakeIam {
        issued: Cell<u32>,
        lifetime: SignedDuration,
        key_expires_at: Option<Timestamp>,
        refuse: bool,
        /// How long ago each token was issued: its life left is `lifetime - age`.
        age: SignedDuration,
    }

    fn iam(lifetime_minutes: i64) -> FakeIam {
        FakeIam {
            issued: Cell::new(0),
            lifetime: SignedDuration::from_mins(lifetime_minutes),
            key_expires_at: None,
            refuse: false,
            age: SignedDuration::ZERO,
        }
    }

    impl TokenApi for FakeIam {
        fn client(&self, _endpoint: &str) -> Result<IamClient> {
            Err(Error::other("no client in unit tests"))
        }

        fn issue(
            &self,
            endpoint: &str,
            _key: &AccessKey,
            secret: &SecretString,
        ) -> Result<IssuedToken> {
            assert_eq!(endpoint, ENDPOINT);
            assert_eq!(secret.expose_secret(), "s3cret");
            self.issued.set(self.issued.get() + 1);
            if self.refuse {
                return Err(Error::new(ErrorKind::Rejected, "the key was refused"));
            }
            let issued_at = Timestamp::now() - self.age;
            Ok(IssuedToken {
                token: SecretString::from(format!("token-{}", self.issued.get())),
                info: TokenInfo {
                    expires_at: issued_at + self.lifetime,
                    issued_at: Some(issued_at),
                    user_id: "u1".into(),
                    project_id: Some("pr1".into()),
                    project_name: None,
                    access_key_id: Some("k1".into()),
                    access_key_name: None,
                    access_key_restricted: None,
                    access_key_expires_at: self.key_expires_at,
                },
            })
        }
    }

    /// What the rules told a person.
    #[derive(Default)]
    struct Heard {
        verbose: RefCell<Vec<String>>,
        warnings: RefCell<Vec<String>>,
        refusals: Cell<u32>,
    }

    impl TokenNotices for Heard {
        fn verbose(&self, message: &str) {
            self.verbose.borrow_mut().push(message.to_string());
        }

        fn busy(&self, _message: &str) -> Box<dyn std::any::Any> {
            Box::new(())
        }

        fn warn(&self, warning: TokenWarning<'_>) {
            let said = match warning {
                TokenWarning::MinTtlUnmeetable { min_ttl, lifetime } => {
                    format!("min-ttl {} > {}", min_ttl.as_secs(), lifetime.as_secs())
                }
                TokenWarning::KeyExpiry { outlook, .. } => match outlook {
                    Outlook::Expired => "key expired".to_string(),
                    Outlook::Soon(_) => "key expires soon".to_string(),
                    Outlook::Later => "key expires later".to_string(),
                },
                TokenWarning::SharedTokenRefused { profile, .. } => {
                    format!("shared token of {profile} refused")
                }
            };
            self.warnings.borrow_mut().push(said);
        }

        fn refused(&self, err: Error, _credential: &Credential) -> Error {
            self.refusals.set(self.refusals.get() + 1);
            err.with_hint("check the key")
        }
    }

    fn tokens<'a>(
        world: &'a World,
        api: &'a FakeIam,
        heard: &'a Heard,
        min_ttl: i64,
    ) -> Tokens<'a> {
        Tokens {
            stores: &world.stores,
            api,
            notices: heard,
            min_ttl: SignedDuration::from_mins(min_ttl),
            key_expiry_window: SignedDuration::from_hours(14 * 24),
            now: Timestamp::now,
        }
    }

    /// A token for profile `p`, cached when it can be.
    fn take(tokens: &Tokens<'_>) -> Token {
        tokens
            .token_for(&profile_credential(), CachePolicy::Use)
            .unwrap()
    }

    fn profile_credential() -> Credential {
        Credential {
            profile: Some("p".into()),
            endpoint: ENDPOINT.into(),
            endpoint_overridden: false,
            key: AccessKey::Id("k1".into()),
            secret: crate::credentials::SecretSource::Keyring(SecretName::ProfileSecret(
                "p".into(),
            )),
        }
    }

    #[test]
    fn a_cached_token_is_handed_out_again_without_an_issuance() {
        let (world, api, heard) = (world(""), iam(60), Heard::default());
        let tokens = tokens(&world, &api, &heard, 5);
        let first = take(&tokens);
        let second = take(&tokens);
        assert_eq!(api.issued.get(), 1);
        assert!(!first.from_cache);
        assert!(second.from_cache);
        assert_eq!(first.token.expose_secret(), second.token.expose_secret());
        assert!(heard.warnings.borrow().is_empty());
    }

    #[test]
    fn refresh_issues_even_when_a_cached_token_would_do() {
        let (world, api, heard) = (world(""), iam(60), Heard::default());
        let tokens = tokens(&world, &api, &heard, 5);
        take(&tokens);
        let fresh = tokens
            .token_for(&profile_credential(), CachePolicy::Refresh)
            .unwrap();
        assert_eq!(api.issued.get(), 2);
        assert_eq!(fresh.token.expose_secret(), "token-2");
    }

    #[test]
    fn a_token_with_less_than_min_ttl_left_is_replaced() {
        // Tokens that live an hour, the cached one issued 50 minutes ago: 10 minutes left.
        let (world, mut api, heard) = (world(""), iam(60), Heard::default());
        api.age = SignedDuration::from_mins(50);
        let tokens_5 = tokens(&world, &api, &heard, 5);
        take(&tokens_5);
        assert!(
            take(&tokens_5).from_cache,
            "10 minutes left is enough for --min-ttl 5 minutes"
        );
        let token = take(&tokens(&world, &api, &heard, 30));
        assert!(!token.from_cache, "not enough for --min-ttl 30 minutes");
        assert_eq!(api.issued.get(), 2);
        assert!(
            heard.warnings.borrow().is_empty(),
            "tokens live longer than 30 minutes"
        );
    }

    #[test]
    fn a_min_ttl_no_token_can_meet_is_said_and_the_cached_token_used_at_half_life() {
        let (world, api, heard) = (world(""), iam(10), Heard::default());
        let tokens = tokens(&world, &api, &heard, 60);
        take(&tokens);
        assert_eq!(heard.warnings.borrow().as_slice(), ["min-ttl 3600 > 600"]);
        let again = take(&tokens);
        assert!(again.from_cache, "not a new token on every call");
        assert_eq!(api.issued.get(), 1);
        assert_eq!(
            heard.warnings.borrow().len(),
            2,
            "said on each call that meets it"
        );
    }

    #[test]
    fn a_credential_from_the_environment_is_never_cached_and_says_why_with_v() {
        let (world, api, heard) = (world(""), iam(60), Heard::default());
        let tokens = tokens(&world, &api, &heard, 5);
        let mut credential = profile_credential();
        credential.profile = None;
        credential.secret =
            crate::credentials::SecretSource::Environment(SecretString::from("s3cret"));
        tokens.token_for(&credential, CachePolicy::Use).unwrap();
        tokens.token_for(&credential, CachePolicy::Use).unwrap();
        assert_eq!(api.issued.get(), 2);
        assert_eq!(
            heard.verbose.borrow().as_slice(),
            [credential.why_not_cached(), credential.why_not_cached()]
        );
    }

    #[test]
    fn the_token_of_a_key_being_deleted_is_not_trusted() {
        let (world, api, heard) = (world(""), iam(60), Heard::default());
        let tokens = tokens(&world, &api, &heard, 5);
        take(&tokens);
        let journal = world.stores.journal();
        let held = journal.lock_if_free("other").unwrap().unwrap();
        held.record(&Intent::DeleteIamKey {
            key_id: "k1".into(),
            profiles: vec!["p".into()],
        })
        .unwrap();
        let token = take(&tokens);
        assert!(!token.from_cache);
        assert_eq!(api.issued.get(), 2);
        assert!(
            heard
                .verbose
                .borrow()
                .iter()
                .any(|line| line.contains("being deleted"))
        );
    }

    fn rotation(profile: &str, old_key_id: &str) -> Intent {
        Intent::Rotate {
            profile: profile.into(),
            old_key_id: old_key_id.into(),
            new_name: "new".into(),
            new_key_id: None,
            sent: None,
        }
    }

    #[test]
    fn a_rotation_threatens_the_old_key_only_for_other_profiles() {
        let (world, api, heard) = (world(""), iam(60), Heard::default());
        let tokens = tokens(&world, &api, &heard, 5);
        let key = AccessKey::Id("k1".into());
        assert!(
            !tokens.key_going_away(&key, Some("p")).unwrap(),
            "no journal"
        );
        let held = world.stores.journal().lock_if_free("p").unwrap().unwrap();
        held.record(&rotation("p", "k1")).unwrap();
        assert!(!tokens.key_going_away(&key, Some("p")).unwrap());
        assert!(tokens.key_going_away(&key, Some("q")).unwrap());
        assert!(tokens.key_going_away(&key, None).unwrap());
        assert!(
            !tokens
                .key_going_away(&AccessKey::Id("k2".into()), None)
                .unwrap()
        );
        let named = AccessKey::Name {
            name: "k1".into(),
            user_id: "u1".into(),
        };
        assert!(!tokens.key_going_away(&named, None).unwrap());
    }

    #[test]
    fn a_key_expiry_the_token_tells_is_recorded_with_the_profile_and_caps_the_token() {
        let (world, mut api, heard) = (world(""), iam(60), Heard::default());
        let key_expiry = Timestamp::now() + SignedDuration::from_mins(30);
        api.key_expires_at = Some(key_expiry);
        let tokens = tokens(&world, &api, &heard, 5);
        let token = take(&tokens);
        assert!(token.entry.info.expires_at <= key_expiry);
        assert_eq!(
            tokens.profile_key_expiry(&profile_credential()),
            Some(key_expiry)
        );
        assert_eq!(heard.warnings.borrow().as_slice(), ["key expires soon"]);
    }

    #[test]
    fn a_key_expiring_beyond_the_window_is_recorded_without_a_warning() {
        let (world, mut api, heard) = (world(""), iam(60), Heard::default());
        api.key_expires_at = Some(Timestamp::now() + SignedDuration::from_hours(24 * 90));
        let tokens = tokens(&world, &api, &heard, 5);
        let token = take(&tokens);
        assert!(heard.warnings.borrow().is_empty());
        assert!(tokens.profile_key_expiry(&profile_credential()).is_some());
        let lifetime = token.entry.info.expires_at.duration_since(Timestamp::now());
        assert!(
            lifetime > SignedDuration::from_mins(50),
            "not capped: {lifetime:?}"
        );
    }

    #[test]
    fn an_expiry_recorded_for_another_key_is_not_this_keys() {
        let world = world("key_expires_at = \"2020-01-01T00:00:00Z\"\n");
        let (api, heard) = (iam(60), Heard::default());
        let tokens = tokens(&world, &api, &heard, 5);
        assert!(tokens.profile_key_expiry(&profile_credential()).is_some());
        let mut other = profile_credential();
        other.key = AccessKey::Id("k2".into());
        assert_eq!(tokens.profile_key_expiry(&other), None);
    }

    #[test]
    fn a_refused_key_gets_the_commands_hint_and_nothing_is_cached() {
        let (world, mut api, heard) = (world(""), iam(60), Heard::default());
        api.refuse = true;
        let tokens = tokens(&world, &api, &heard, 5);
        let err = tokens
            .token_for(&profile_credential(), CachePolicy::Use)
            .err()
            .expect("refused");
        assert_eq!(err.kind(), ErrorKind::Rejected);
        assert_eq!(err.hint(), Some("check the key"));
        assert_eq!(heard.refusals.get(), 1);
        assert!(tokens.cache().entry("p").is_none());
    }

    #[test]
    fn a_profile_whose_secret_is_gone_issues_nothing() {
        let (world, api, heard) = (world(""), iam(60), Heard::default());
        world
            .stores
            .store()
            .delete(&SecretName::ProfileSecret("p".into()))
            .unwrap();
        let tokens = tokens(&world, &api, &heard, 5);
        assert!(
            tokens
                .token_for(&profile_credential(), CachePolicy::Use)
                .is_err()
        );
        assert_eq!(api.issued.get(), 0);
    }

    /// A client whose requests answer from a script, counting them.
    struct Scripted {
        answers: RefCell<Vec<Result<&'static str>>>,
        tokens_seen: RefCell<Vec<String>>,
    }

    fn session<'a>(
        tokens: Tokens<'a>,
        answers: Vec<Result<&'static str>>,
    ) -> Session<'a, Scripted> {
        let token = take(&tokens);
        Session::new(
            tokens,
            profile_credential(),
            token,
            Scripted {
                answers: RefCell::new(answers),
                tokens_seen: RefCell::new(Vec::new()),
            },
        )
    }

    fn ask(session: &Session<'_, Scripted>) -> Result<&'static str> {
        session.call(|client, token| {
            client
                .tokens_seen
                .borrow_mut()
                .push(token.expose_secret().to_string());
            client.answers.borrow_mut().remove(0)
        })
    }

    fn rejected() -> Result<&'static str> {
        Err(Error::new(ErrorKind::Rejected, "401"))
    }

    #[test]
    fn a_cached_token_refused_with_401_is_replaced_and_the_request_retried_once() {
        let (world, api, heard) = (world(""), iam(60), Heard::default());
        // A token in the cache first, so the session's token comes from it.
        take(&tokens(&world, &api, &heard, 5));
        let session = session(
            tokens(&world, &api, &heard, 5),
            vec![rejected(), Ok("done")],
        );
        assert_eq!(ask(&session).unwrap(), "done");
        assert_eq!(api.issued.get(), 2);
        assert_eq!(
            session.client.tokens_seen.borrow().as_slice(),
            ["token-1", "token-2"]
        );
    }

    #[test]
    fn a_second_401_is_the_answer_with_the_likely_cause() {
        let (world, api, heard) = (world(""), iam(60), Heard::default());
        take(&tokens(&world, &api, &heard, 5));
        let session = session(
            tokens(&world, &api, &heard, 5),
            vec![rejected(), rejected()],
        );
        let err = ask(&session).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Rejected);
        assert!(err.hint().is_some_and(|hint| hint.contains("deleted")));
        assert_eq!(
            session.client.tokens_seen.borrow().len(),
            2,
            "retried once only"
        );
    }

    #[test]
    fn a_401_for_a_token_just_issued_is_not_retried() {
        let (world, api, heard) = (world(""), iam(60), Heard::default());
        let session = session(
            tokens(&world, &api, &heard, 5),
            vec![rejected(), Ok("never")],
        );
        assert_eq!(ask(&session).unwrap_err().kind(), ErrorKind::Rejected);
        assert_eq!(api.issued.get(), 1);
        assert_eq!(session.client.tokens_seen.borrow().len(), 1);
    }

    #[test]
    fn other_failures_are_not_retried() {
        let (world, api, heard) = (world(""), iam(60), Heard::default());
        take(&tokens(&world, &api, &heard, 5));
        let session = session(
            tokens(&world, &api, &heard, 5),
            vec![Err(Error::network("reset")), Ok("never")],
        );
        assert_eq!(ask(&session).unwrap_err().kind(), ErrorKind::Network);
        assert_eq!(api.issued.get(), 1);
    }

    #[test]
    fn the_session_tells_whose_token_it_holds() {
        let (world, api, heard) = (world(""), iam(60), Heard::default());
        let session = session(tokens(&world, &api, &heard, 5), vec![]);
        assert_eq!(session.user_id(), "u1");
        assert_eq!(session.project_id().as_deref(), Some("pr1"));
        assert!(!session.key_is_restricted());
    }
}
