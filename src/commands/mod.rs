//! One file per command group. Each turns arguments into calls on the layers below, and their
//! results into output. [`Context`] carries what every command shares.

mod completions;
mod doctor;
mod env;
mod iam_key;
pub(crate) mod key_journal;
mod kms_key;
mod kube_credential;
mod profile;
mod project;
mod prompt;
mod provider;
mod questions;
pub mod registry;
mod s3;
mod s3_key;
mod s3_temp;
mod token;

use crate::cli::{Cli, Command, GlesysCommand, GlobalArgs, NcpCommand, OutputFormat};
use crate::config::{AccessKey, Config, Dirs, StoreKind};
use crate::credentials::{self, Credential, EnvCredentials};
use crate::error::{Error, ErrorKind, Result};
use crate::http::Http;
use crate::iam::{IamClient, IssuedToken};
use crate::journal::{Intent, Journal};
use crate::key_expiry;
use crate::output;
use crate::registry::secret_copy::{self, DropsCopies};
use crate::secrets::{
    FileStore, KernelKeyring, KernelTarget, KeyringStore, Passphrase, SecretName, SecretStore,
    keyring_store::DEFAULT_SERVICE,
};
use crate::token_cache::{
    CachePolicy, Expiring, KernelCache, LockNews, LockWait, SharedCache, SharedProof, Token,
    TokenCache, Wanted,
};
use crate::token_proof::{Expected, ProofMemory, TokenProof};
use crate::vault::{LoginCache, Unavailable, Vault, VaultCache, VaultSettings, VaultStore};
use jiff::{SignedDuration, Timestamp};
use provider::Capability;
use secrecy::SecretString;
use std::cell::{Cell, OnceCell, RefCell};
use std::io::{BufRead, IsTerminal};
use std::rc::Rc;
use std::time::Duration;

const DEFAULT_KEYRING_TIMEOUT_SECS: u64 = 5;

pub fn run(cli: Cli) -> Result<()> {
    let outcome = run_command(cli);
    // However the command ended: the keyring session is closed, not left to the daemon to
    // find abandoned.
    crate::secrets::keyring_store::close();
    outcome
}

fn run_command(mut cli: Cli) -> Result<()> {
    // kubectl runs its credential plugin without a terminal to answer on: never prompt.
    if matches!(cli.command, Command::KubeCredential) {
        cli.global.no_input = true;
    }
    let ctx = Context::new(cli.global)?;
    // A key operation cut short earlier is finished or undone before anything else.
    // (Doctor settles them itself, and with --dry-run must change nothing.)
    if !matches!(cli.command, Command::Completions(_) | Command::Doctor(_)) {
        key_journal::settle_interrupted(&ctx)?;
    }
    // The provider of the profile this run is about: resolved once, by the one command that
    // runs, and handed down. (Profiles name their own provider; completions need none.)
    let provider = || provider::current(&ctx);
    let require = |what, command| {
        let provider = provider()?;
        provider.require(what, command).map(|()| provider)
    };
    match cli.command {
        Command::Profile(command) => profile::run(&ctx, command),
        Command::Completions(args) => completions::run(args),
        Command::Doctor(args) => doctor::run(&ctx, args),
        Command::Token(args) => token::run(&ctx, provider()?, args),
        Command::S3Key(command) => s3_key::run(&ctx, provider()?, command),
        Command::Env(args) => env::env(&ctx, provider()?, args),
        Command::Exec(args) => env::exec(&ctx, provider()?, args),
        Command::IamKey(command) => {
            require(Capability::IamKeys, "iam-key")?;
            iam_key::run(&ctx, command)
        }
        Command::Project(command) => {
            require(Capability::Projects, "project")?;
            project::run(&ctx, command)
        }
        Command::S3Temp(args) => {
            require(Capability::TemporaryS3, "s3-temp")?;
            s3_temp::run(&ctx, args)
        }
        Command::KmsKey(command) => {
            require(Capability::Kms, "kms-key")?;
            kms_key::run(&ctx, command)
        }
        Command::KubeCredential => {
            require(Capability::ApiTokens, "kube-credential")?;
            kube_credential::run(&ctx)
        }
        Command::Registry(command) => registry::run(&ctx, command),
        Command::Ncp(NcpCommand::Credentials) => {
            require(Capability::NcpCommands, "ncp credentials")?;
            provider::ncp_credentials(&ctx)
        }
        Command::Glesys(GlesysCommand::Instances) => {
            require(Capability::GlesysCommands, "glesys instances")?;
            provider::glesys_instances(&ctx)
        }
    }
}

/// What every command shares: the global options, where files live, the environment's
/// credentials, the secret store.
pub struct Context {
    pub global: GlobalArgs,
    pub dirs: Dirs,
    pub env: EnvCredentials,
    /// Whether kcred may prompt: not with `--no-input`, not in CI, not without a terminal.
    pub interactive: bool,
    /// Whether a spinner may show on stderr: a terminal, not CI, not `-v`.
    spinner: bool,
    keyring_service: String,
    keyring_timeout: Duration,
    /// `KCRED_STORE`, which wins over a profile's own choice.
    store_from_env: Option<StoreKind>,
    /// A command's own choice (`profile add --store`, the profile being removed).
    store_override: Cell<Option<StoreKind>>,
    store: OnceCell<Box<dyn SecretStore>>,
    /// `KCRED_TOKEN_CACHE`: whether new cached tokens go to the kernel keyring.
    token_cache: TokenCacheSetting,
    kernel_target: KernelTarget,
    kernel_keyring: OnceCell<Option<KernelKeyring>>,
    vault: OnceCell<Rc<Vault>>,
    /// The shared profiles read this run, read once: every command asks for them more than once.
    shared_config: RefCell<Option<Config>>,
    shared_cache: OnceCell<Box<dyn SharedCache>>,
    /// `KCRED_KEY_EXPIRY_WARNING_DAYS`: how far ahead a key's expiry is warned about.
    key_expiry_window: SignedDuration,
}

/// The variable that sets how many days ahead kcred warns of a key's expiry.
pub const KEY_EXPIRY_WARNING_VARIABLE: &str = "KCRED_KEY_EXPIRY_WARNING_DAYS";

impl Context {
    pub fn new(global: GlobalArgs) -> Result<Self> {
        let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
        let interactive = !global.no_input && !in_ci && std::io::stdin().is_terminal();
        let spinner = !in_ci && !global.verbose && std::io::stderr().is_terminal();
        let service =
            std::env::var("KCRED_KEYRING_SERVICE").unwrap_or_else(|_| DEFAULT_SERVICE.to_string());
        let keyring_timeout = std::env::var("KCRED_KEYRING_TIMEOUT")
            .ok()
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|secs| *secs > 0.0)
            .map(Duration::from_secs_f64)
            .unwrap_or(Duration::from_secs(DEFAULT_KEYRING_TIMEOUT_SECS));
        let store_from_env = match std::env::var("KCRED_STORE") {
            Ok(value) if !value.is_empty() => Some(StoreKind::parse(&value)?),
            _ => None,
        };
        let token_cache = match std::env::var("KCRED_TOKEN_CACHE") {
            Ok(value) if !value.is_empty() => TokenCacheSetting::parse(&value)?,
            _ => TokenCacheSetting::Auto,
        };
        let kernel_target = match std::env::var("KCRED_KERNEL_KEYRING") {
            Ok(value) if !value.is_empty() => KernelTarget::parse(&value)?,
            _ => KernelTarget::User,
        };
        let key_expiry_window = match std::env::var(KEY_EXPIRY_WARNING_VARIABLE) {
            Ok(value) if !value.is_empty() => {
                key_expiry::window_from_days(&value).map_err(|why| {
                    Error::usage(format!("{KEY_EXPIRY_WARNING_VARIABLE}: {why}"))
                        .with_hint("set it to a number of days, or 0 for no warning ahead")
                })?
            }
            _ => SignedDuration::from_hours(key_expiry::DEFAULT_WARNING_DAYS * 24),
        };
        let dirs = Dirs::from_platform()?;
        for fixed in crate::config::tighten_permissions(&dirs) {
            output::eprint_line(&format!(
                "warning: {fixed} (kcred's files are for their owner only)"
            ));
        }
        Ok(Context {
            dirs,
            env: EnvCredentials::from_env(),
            interactive,
            spinner,
            keyring_service: service,
            keyring_timeout,
            store_from_env,
            store_override: Cell::new(None),
            store: OnceCell::new(),
            token_cache,
            kernel_target,
            kernel_keyring: OnceCell::new(),
            vault: OnceCell::new(),
            shared_config: RefCell::new(None),
            shared_cache: OnceCell::new(),
            key_expiry_window,
            global,
        })
    }

    /// The same run for another profile (`kcred doctor` settles each profile's operations
    /// with that profile's key).
    pub fn for_profile(&self, profile: &str) -> Result<Context> {
        Context::new(GlobalArgs {
            profile: Some(profile.to_string()),
            ..self.global.clone()
        })
    }

    pub fn output(&self) -> OutputFormat {
        self.global.output
    }

    /// The secret store of this run: the OS keyring, or the encrypted file when `KCRED_STORE`,
    /// the command or the profile asks for it. Never chosen silently.
    pub fn store(&self) -> &dyn SecretStore {
        self.store
            .get_or_init(|| self.open_store(self.store_kind()))
            .as_ref()
    }

    /// A store of `kind`, apart from this run's own: for moving a profile between stores.
    /// Every store comes from here, so every change of a profile's secret in the machine's
    /// own stores also drops the registry helper's copy of it (shared profiles have none).
    pub fn open_store(&self, kind: StoreKind) -> Box<dyn SecretStore> {
        let own: Box<dyn SecretStore> = match kind {
            StoreKind::Keyring => Box::new(KeyringStore::new(
                self.keyring_service.clone(),
                self.keyring_timeout,
            )),
            StoreKind::File => Box::new(self.file_store()),
            StoreKind::Vault => {
                return match self.vault() {
                    Ok(vault) => Box::new(VaultStore::new(vault)),
                    Err(err) => Box::new(Unavailable::new(&err)),
                };
            }
        };
        Box::new(DropsCopies::new(
            own,
            &self.keyring_service,
            self.kernel_target,
        ))
    }

    /// The encrypted secrets file, its passphrase from `KCRED_FILE_PASSPHRASE` or a prompt.
    pub fn file_store(&self) -> FileStore {
        let passphrase = match std::env::var("KCRED_FILE_PASSPHRASE") {
            Ok(p) if !p.is_empty() => Passphrase::Given(SecretString::from(p)),
            _ if self.interactive => Passphrase::Prompt(Box::new(ask_passphrase)),
            _ => Passphrase::Unavailable,
        };
        FileStore::new(self.dirs.secrets_file(), passphrase)
    }

    /// Whether this run's profiles are the shared ones in Vault: `KCRED_STORE=vault`, or a
    /// command that chose the Vault store (`profile add --store vault`).
    pub fn shared(&self) -> bool {
        self.store_from_env.or(self.store_override.get()) == Some(StoreKind::Vault)
    }

    /// The Vault server of this run, connected once (`VAULT_ADDR` and the rest).
    pub fn vault(&self) -> Result<Rc<Vault>> {
        if let Some(vault) = self.vault.get() {
            return Ok(vault.clone());
        }
        let base = directories::BaseDirs::new();
        let settings = VaultSettings::from_env(base.as_ref().map(|dirs| dirs.home_dir()))?;
        let log = self.global.verbose.then(output::request_log);
        let timeout = Duration::from_secs(self.global.timeout.max(1));
        let logs_in = settings.login.logs_in();
        let mut vault = Vault::connect(settings, timeout, log)?;
        if logs_in {
            // One login per machine, not per run: its token is kept where this machine keeps
            // cached tokens (the kernel keyring, else the OS keyring).
            vault = vault.keeping_logins(LoginCache::new(
                self.dirs.cache.join("vault-login"),
                KernelKeyring::open(&self.keyring_service, self.kernel_target),
                self.token_cache == TokenCacheSetting::Auto,
                self.open_store(StoreKind::Keyring),
                timeout,
            ));
        }
        let vault = Rc::new(vault);
        Ok(self.vault.get_or_init(|| vault).clone())
    }

    /// The cache all machines share, for shared profiles; `None` for this machine's own.
    pub fn shared_cache(&self) -> Option<&dyn SharedCache> {
        if !self.shared() {
            return None;
        }
        let cache = self.shared_cache.get_or_init(|| match self.vault() {
            Ok(vault) => Box::new(VaultCache::new(vault)) as Box<dyn SharedCache>,
            Err(err) => Box::new(Unavailable::new(&err)),
        });
        Some(cache.as_ref())
    }

    /// The store of this run in words, for messages: the one really used.
    pub fn store_name(&self) -> &'static str {
        store_name(self.store_kind())
    }

    /// Which store this run uses: `KCRED_STORE`, else the command's choice, else the
    /// profile's.
    pub fn store_kind(&self) -> StoreKind {
        self.store_from_env
            .or(self.store_override.get())
            .or_else(|| {
                let config = self.config().ok()?;
                let (_, profile) = config.select(self.global.profile.as_deref()).ok()?;
                profile.store
            })
            .unwrap_or_default()
    }

    /// Makes this run use `kind` (unless `KCRED_STORE` says otherwise). Only before the store
    /// is first used.
    pub fn use_store(&self, kind: Option<StoreKind>) {
        // The store is chosen once per run; choosing it after first use would be a bug.
        debug_assert!(self.store.get().is_none(), "the store is already open");
        self.store_override.set(kind);
    }

    /// The journal of this machine's key operations.
    pub fn journal(&self) -> Journal {
        Journal::new(self.dirs.journal())
    }

    /// Whether a key operation under way (or interrupted) is deleting `key`, which another
    /// profile than `profile` began: a token cached from it may be revoked already.
    fn key_going_away(&self, key: &AccessKey, profile: Option<&str>) -> Result<bool> {
        let journal = self.journal();
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

    /// The cache of API tokens: `tokens/PROFILE.json`, tokens in `profile/PROFILE/token`.
    pub fn cache(&self) -> TokenCache<'_> {
        self.credential_cache("tokens", SecretName::ProfileToken)
    }

    /// A cache of short-lived credentials of one kind (`kind` names its folder), in this run's
    /// store, or the fleet's for shared profiles, with this run's waits.
    pub fn credential_cache<I: Expiring>(
        &self,
        kind: &str,
        secret_name: fn(String) -> SecretName,
    ) -> TokenCache<'_, I> {
        TokenCache::of_kind(self.dirs.cache.join(kind), secret_name, self.store())
            .waiting(self.lock_wait())
            .shared(self.shared_cache())
            .kernel_keyring(self.kernel_cache())
    }

    /// The kernel keyring for this machine's cached tokens: used for new ones unless
    /// `KCRED_TOKEN_CACHE=store`, and cleaned either way. None for shared profiles (their
    /// cache is Vault) or where there is no kernel keyring.
    pub fn kernel_cache(&self) -> Option<KernelCache<'_>> {
        if self.shared() {
            return None;
        }
        let keyring = self
            .kernel_keyring
            .get_or_init(|| KernelKeyring::open(&self.keyring_service, self.kernel_target))
            .as_ref()?;
        Some(KernelCache {
            keyring,
            in_use: self.token_cache == TokenCacheSetting::Auto,
        })
    }

    /// Where the registry helper keeps its short-lived copies of profiles' secrets: the
    /// kernel keyring, for a profile whose secret is in the OS keyring (the one whose reads
    /// cost a D-Bus session), unless `KCRED_TOKEN_CACHE=store` keeps everything of kcred's
    /// in the store. Never for shared profiles, the encrypted file or where there is no
    /// kernel keyring.
    pub fn registry_copies(&self) -> Option<&KernelKeyring> {
        if self.shared()
            || self.token_cache != TokenCacheSetting::Auto
            || self.store_kind() != StoreKind::Keyring
        {
            return None;
        }
        self.kernel_keyring
            .get_or_init(|| KernelKeyring::open(&self.keyring_service, self.kernel_target))
            .as_ref()
    }

    /// Drops the registry helper's copy of `profile`'s secret (whatever `KCRED_TOKEN_CACHE`
    /// says now: one may be left from before).
    pub fn forget_registry_copy(&self, profile: &str) -> Result<()> {
        if self.shared() {
            return Ok(());
        }
        match self
            .kernel_keyring
            .get_or_init(|| KernelKeyring::open(&self.keyring_service, self.kernel_target))
        {
            Some(kernel) => secret_copy::forget(kernel, profile),
            None => Ok(()),
        }
    }

    /// Waiting for another kcred that issues for the same profile lasts at most `--timeout`:
    /// a holder that is stopped (Ctrl-Z, SIGSTOP, a debugger) or stuck never hangs the others.
    pub fn lock_wait(&self) -> LockWait<'_> {
        LockWait {
            limit: Duration::from_secs(self.global.timeout),
            tell: Box::new(move |profile, news| self.tell_lock_news(profile, news)),
        }
    }

    fn tell_lock_news(&self, profile: &str, news: LockNews) {
        let who = |holder: Option<u32>| match holder {
            Some(pid) => format!("kcred (pid {pid})"),
            None => "another kcred".to_string(),
        };
        match news {
            // Only people watching are told; a script hears only when the wait runs out.
            LockNews::Waiting { holder, limit }
                if self.global.verbose || std::io::stderr().is_terminal() =>
            {
                self.note(&format!(
                    "Waiting for {} to finish issuing for profile '{profile}' (at most {} s)…",
                    who(holder),
                    limit.as_secs()
                ));
            }
            LockNews::Waiting { .. } => {}
            LockNews::GaveUp { holder, limit } => self.note(&format!(
                "warning: {} has held the lock of profile '{profile}' for over {} s \
                 (stopped or stuck?); issuing without waiting for it",
                who(holder),
                limit.as_secs()
            )),
        }
    }

    /// Drops every credential cached for `profile`: its API token, its temporary S3
    /// credentials, its temporary keys. Returns whether there was any.
    pub fn forget_cached(&self, profile: &str) -> Result<bool> {
        let token = self.cache().forget(profile)?;
        let s3_temp = s3_temp::cache(self).forget(profile)?;
        let temporary_key = provider::ncp_cache(self).forget(profile)?;
        self.forget_registry_copy(profile)?;
        Ok(token || s3_temp || temporary_key)
    }

    /// Drops the Vault token this machine keeps from its AppRole or JWT login (revoked
    /// first), when this run's profiles are the shared ones. Returns whether there was one.
    pub fn forget_vault_login(&self) -> Result<bool> {
        if !self.shared() {
            return Ok(false);
        }
        self.vault()?.forget_login()
    }

    /// The profiles of this run: config.toml's, or the shared ones in Vault (only the one
    /// named by `--profile` when there is one).
    pub fn config(&self) -> Result<Config> {
        if !self.shared() {
            return Config::load(&self.dirs);
        }
        if let Some(config) = self.shared_config.borrow().as_ref() {
            return Ok(config.clone());
        }
        let vault = self.vault()?;
        let named = self.global.profile.as_deref();
        let config = vault.shared_config(named)?.config;
        *self.shared_config.borrow_mut() = Some(config.clone());
        Ok(config)
    }

    /// Changes the profiles under a lock (config.toml) or with check-and-set (Vault), so that
    /// two kcred processes never lose each other's changes.
    pub fn update_config<T>(&self, change: impl FnOnce(&mut Config) -> Result<T>) -> Result<T> {
        if !self.shared() {
            return Config::update(&self.dirs, change);
        }
        let vault = self.vault()?;
        self.shared_config.borrow_mut().take();
        let mut shared = vault.shared_config(None)?;
        let before = shared.config.clone();
        let result = change(&mut shared.config)?;
        vault.save_shared_config(shared, &before)?;
        Ok(result)
    }

    /// The credential this call authenticates with (flags, environment, profile).
    pub fn credential(&self) -> Result<Credential> {
        let config = self.config()?;
        credentials::resolve(
            &config,
            self.global.profile.as_deref(),
            self.global.endpoint.as_deref(),
            &self.env,
        )
    }

    /// The HTTP pipeline every client of this run uses: `--timeout`, and with `-v` the
    /// request log on stderr.
    pub fn http(&self) -> Result<Http> {
        let log = self.global.verbose.then(output::request_log);
        Http::new(Duration::from_secs(self.global.timeout.max(1)), log)
    }

    pub fn client(&self, endpoint: &str) -> Result<IamClient> {
        Ok(IamClient::new(endpoint, self.http()?))
    }

    /// Issues a token for `credential`, reading its secret only now.
    pub fn issue(&self, credential: &Credential) -> Result<IssuedToken> {
        let secret = credential.read_secret(self.store())?;
        let mut issued = {
            let _spinner = self.spinner("Issuing a token…");
            self.client(&credential.endpoint)?
                .issue_token(&credential.key, &secret)
                .map_err(|err| rejected_key_hint(err, Some(credential)))?
        };
        self.heed_key_expiry(credential, &mut issued);
        Ok(issued)
    }

    /// When the credential's key expires, as its profile remembers it.
    pub fn profile_key_expiry(&self, credential: &Credential) -> Option<Timestamp> {
        let name = credential.profile.as_deref()?;
        let config = self.config().ok()?;
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
            let recorded = self.update_config(|config| {
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
                self.verbose(&format!(
                    "the key's expiry was not recorded: {}",
                    err.message()
                ));
            }
        }
        let Some(at) = said.or(known) else {
            return;
        };
        let now = Timestamp::now();
        issued.info.expires_at = key_expiry::trusted_until(issued.info.expires_at, Some(at), now);
        if let Some(warning) =
            self.key_expiry_warning(credential.profile.as_deref(), &credential.key, at)
        {
            self.note(&format!("warning: {warning}"));
        }
    }

    /// What to say of a key that expires at `at`, when it is within the warning window or
    /// past: which key, when, and the way out.
    pub fn key_expiry_warning(
        &self,
        profile: Option<&str>,
        key: &AccessKey,
        at: Timestamp,
    ) -> Option<String> {
        let key = match key {
            AccessKey::Id(id) => id.clone(),
            AccessKey::Name { name, .. } => format!("'{name}'"),
        };
        let whose = match profile {
            Some(name) => format!("the IAM access key {key} of profile '{name}'"),
            None => format!("the IAM access key {key}"),
        };
        let rotate = match profile {
            Some(name) => format!("`kcred --profile {name} iam-key rotate`"),
            None => "`kcred iam-key create`".to_string(),
        };
        let at_second = at.round(jiff::Unit::Second).unwrap_or(at);
        match key_expiry::outlook(at, Timestamp::now(), self.key_expiry_window) {
            key_expiry::Outlook::Later => None,
            key_expiry::Outlook::Soon(left) => Some(format!(
                "{whose} expires at {at_second} (in {}); {rotate} replaces it",
                key_expiry::human_left(left)
            )),
            key_expiry::Outlook::Expired => Some(format!(
                "{whose} expired at {at_second}; make a new key on the console's Credentials \
                 page and give it to the profile with `kcred profile add {} --force …`",
                profile.unwrap_or("NAME")
            )),
        }
    }

    /// A valid token for the current credential: cached when possible, issued when not.
    pub fn token(&self, policy: CachePolicy) -> Result<(Credential, Token)> {
        let credential = self.credential()?;
        let token = self.token_for(&credential, policy)?;
        Ok((credential, token))
    }

    /// `--min-ttl`: how much life a cached credential must have left to be handed out.
    pub fn min_ttl(&self) -> SignedDuration {
        SignedDuration::from_secs(self.global.min_ttl.min(i64::MAX as u64) as i64)
    }

    pub fn token_for(&self, credential: &Credential, policy: CachePolicy) -> Result<Token> {
        let mut wanted =
            key_wanted(&credential.endpoint, &credential.key).with_min_ttl(self.min_ttl());
        let asked_min_ttl = wanted.min_ttl;
        let proof = match credential.cache_profile() {
            Some(_) if self.shared() => Some(self.token_proof(credential)?),
            _ => None,
        };
        let cache = self
            .cache()
            .proving(proof.as_ref().map(|proof| proof as &dyn SharedProof<_>));
        // A key being deleted may be gone on the server already: never trust its cached token.
        let policy = if policy == CachePolicy::Use
            && self.key_going_away(&credential.key, credential.cache_profile())?
        {
            self.verbose("the key is being deleted: not using its cached token");
            CachePolicy::Refresh
        } else {
            policy
        };
        match credential.cache_profile() {
            Some(profile) => {
                // A margin no token can meet would issue a new token on every call: when the
                // cached token shows that tokens live no longer than --min-ttl, say so and use
                // it while it has half its lifetime left.
                let known_lifetime = cache
                    .entry(profile)
                    .filter(|entry| {
                        entry.endpoint == wanted.endpoint && entry.access_key == wanted.access_key
                    })
                    .and_then(|entry| token_lifetime(&entry));
                if let Some(lifetime) = known_lifetime
                    && lifetime <= asked_min_ttl
                {
                    wanted.min_ttl = lifetime / 2;
                    self.warn_min_ttl(asked_min_ttl, lifetime);
                }
                let token = cache.get_or_issue(profile, &wanted, policy, || {
                    self.issue(credential).map(Into::into)
                })?;
                if let Some(lifetime) = token_lifetime(&token.entry)
                    && known_lifetime.is_none_or(|known| known > asked_min_ttl)
                    && lifetime <= asked_min_ttl
                {
                    self.warn_min_ttl(asked_min_ttl, lifetime);
                }
                Ok(token)
            }
            None => {
                self.verbose(credential.why_not_cached());
                cache.get_or_issue("", &wanted, CachePolicy::Bypass, || {
                    self.issue(credential).map(Into::into)
                })
            }
        }
    }

    /// What a profile's tokens must be (its key's, for its project), from its settings.
    pub fn expected_tokens(&self, credential: &Credential) -> Result<Expected> {
        let config = self.config()?;
        let settings = credential
            .profile
            .as_deref()
            .and_then(|name| config.profiles.get(name))
            .and_then(|profile| profile.kakaocloud());
        Ok(Expected::of(&credential.key, settings))
    }

    /// The proof a token from the fleet's cache needs before it is used, remembered in the
    /// kernel keyring (else the OS keyring) once made.
    fn token_proof(&self, credential: &Credential) -> Result<TokenProof<'_>> {
        let kernel = self
            .kernel_keyring
            .get_or_init(|| KernelKeyring::open(&self.keyring_service, self.kernel_target))
            .as_ref()
            .filter(|_| self.token_cache == TokenCacheSetting::Auto);
        let memory = match kernel {
            Some(kernel) => ProofMemory::Kernel(kernel),
            None => ProofMemory::Store(self.open_store(StoreKind::Keyring)),
        };
        let endpoint = credential.endpoint.clone();
        Ok(TokenProof::new(
            &credential.endpoint,
            self.expected_tokens(credential)?,
            Box::new(move || self.client(&endpoint)),
            memory,
            Box::new(|profile, why| {
                self.note(&format!(
                    "warning: not using the token in the shared cache of profile '{profile}': \
                     {why}; issuing one of its own"
                ))
            }),
        ))
    }

    fn warn_min_ttl(&self, min_ttl: SignedDuration, lifetime: SignedDuration) {
        self.note(&format!(
            "warning: --min-ttl {} s is longer than tokens from this endpoint live ({} s); \
             a cached token is used while it has at least half of that left",
            min_ttl.as_secs(),
            lifetime.as_secs()
        ));
    }

    /// The secret stored for profile `name` (its access key's secret, or its API key).
    pub fn profile_secret(&self, name: &str) -> Result<SecretString> {
        self.store()
            .get(&SecretName::ProfileSecret(name.to_string()))?
            .ok_or_else(|| {
                Error::other(format!(
                    "{} holds no secret for profile '{name}'",
                    self.store_name()
                ))
                .with_hint(format!(
                    "store it again with `kcred profile add {name} --force …`"
                ))
            })
    }

    /// The current credential with a valid token and a client, for commands that call the
    /// API on the user's behalf.
    pub fn session(&self) -> Result<Session<'_>> {
        let (credential, token) = self.token(CachePolicy::Use)?;
        let client = self.client(&credential.endpoint)?;
        Ok(Session {
            ctx: self,
            credential,
            token: RefCell::new(token),
            client,
        })
    }

    /// Reads a secret from standard input (first line) or from a hidden prompt.
    pub fn read_secret(&self, from_stdin: bool, prompt: &str) -> Result<SecretString> {
        let secret = if from_stdin {
            read_stdin_line()?
        } else if self.interactive {
            prompt::secret(prompt)
                .map_err(|err| Error::other(format!("cannot read the secret: {err}")))?
        } else {
            return Err(
                Error::usage("the secret is needed and kcred may not prompt for it")
                    .with_hint("pass it on standard input with --secret-stdin"),
            );
        };
        if secret.is_empty() {
            return Err(Error::usage("the secret is empty")
                .with_hint("give the secret shown when the access key was created"));
        }
        Ok(SecretString::from(secret))
    }

    /// A new passphrase for the encrypted file: standard input's first line, or asked twice.
    pub fn read_new_passphrase(&self, from_stdin: bool) -> Result<SecretString> {
        let passphrase = if from_stdin {
            read_stdin_line()?
        } else if self.interactive {
            prompt::new_secret(
                "new passphrase for the kcred secrets file",
                "Repeat it",
                "the passphrases differ",
            )
            .map_err(|err| Error::other(format!("cannot read the passphrase: {err}")))?
        } else {
            return Err(Error::usage(
                "the new passphrase is needed and kcred may not prompt for it",
            )
            .with_hint("pass it on standard input with --new-passphrase-stdin"));
        };
        if passphrase.is_empty() {
            return Err(Error::usage("the new passphrase is empty"));
        }
        Ok(SecretString::from(passphrase))
    }

    /// Asks a yes/no question unless `yes` already answered it. Without a terminal (or with
    /// `--no-input`) a question nobody can answer is an error, never a silent yes.
    pub fn confirm(&self, question: &str, yes: bool) -> Result<()> {
        if yes {
            return Ok(());
        }
        if !self.interactive {
            return Err(Error::usage(format!("{question} needs confirmation"))
                .with_hint("pass --yes to confirm without a prompt"));
        }
        let confirmed = prompt::confirm(question)
            .map_err(|err| Error::other(format!("cannot read the answer: {err}")))?;
        if confirmed {
            Ok(())
        } else {
            Err(Error::other("cancelled"))
        }
    }

    /// A spinner for work that waits on the network; see [`output::Spinner`].
    pub fn spinner(&self, message: &str) -> output::Spinner {
        output::Spinner::start(message, self.spinner)
    }

    /// A message for people, on stderr: stdout is for data.
    pub fn note(&self, message: &str) {
        output::eprint_line(message);
    }

    pub fn verbose(&self, message: &str) {
        if self.global.verbose {
            output::eprint_line(&format!("kcred: {message}"));
        }
    }
}

/// `KCRED_TOKEN_CACHE`: where this machine's cached tokens go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokenCacheSetting {
    /// The kernel keyring where there is one (Linux with keyutils), else the secret store.
    Auto,
    /// The secret store, as kcred 0.1 did.
    Store,
}

impl TokenCacheSetting {
    fn parse(value: &str) -> Result<TokenCacheSetting> {
        match value {
            "auto" => Ok(TokenCacheSetting::Auto),
            "store" => Ok(TokenCacheSetting::Store),
            other => Err(Error::usage(format!(
                "KCRED_TOKEN_CACHE is '{other}'; it must be auto or store"
            ))
            .with_hint("auto keeps cached tokens in the kernel keyring where there is one")),
        }
    }
}

/// How long a token lives in all, from its issue (or, unknown that, its caching) to its expiry.
/// None for an entry that says it died before it began (cached by an older kcred): it tells
/// nothing about how long tokens live.
fn token_lifetime(entry: &crate::token_cache::CacheEntry) -> Option<SignedDuration> {
    let start = entry.info.issued_at.unwrap_or(entry.cached_at);
    Some(entry.info.expires_at.duration_since(start)).filter(|lifetime| lifetime.is_positive())
}

/// A store in words, for messages.
pub fn store_name(kind: StoreKind) -> &'static str {
    match kind {
        StoreKind::Keyring => "the OS keyring",
        StoreKind::File => "the encrypted file",
        StoreKind::Vault => "Vault",
    }
}

/// Prints a key just created: the JSON `view` as it is, or a table of `fields` with the
/// secret last when it is shown. When it is not, says where it went: it is never shown again.
pub fn print_new_key(
    ctx: &Context,
    view: &impl serde::Serialize,
    mut fields: Vec<(&str, String)>,
    secret: Option<&str>,
) -> Result<()> {
    match ctx.output() {
        OutputFormat::Json => output::print_json(view)?,
        OutputFormat::Table => {
            if let Some(secret) = secret {
                fields.push(("secret", secret.to_string()));
            }
            output::print_fields(fields)?;
        }
    }
    if secret.is_none() {
        ctx.note(&format!(
            "The secret is in {} only; it is never shown again \
             (--show-secret prints it at creation).",
            ctx.store_name()
        ));
    }
    Ok(())
}

/// A credential, its token and a client. A request that a cached token gets a 401 for is
/// retried once with a newly issued token: a token can die before its `expires_at` (key
/// deleted, user removed from the project, role changed).
pub struct Session<'a> {
    ctx: &'a Context,
    pub credential: Credential,
    token: RefCell<Token>,
    client: IamClient,
}

impl Session<'_> {
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

    pub fn ctx(&self) -> &Context {
        self.ctx
    }

    /// Runs one API request with the session's token.
    pub fn call<T>(&self, request: impl Fn(&IamClient, &SecretString) -> Result<T>) -> Result<T> {
        let _spinner = self.ctx.spinner("Waiting for KakaoCloud…");
        let first = request(&self.client, &self.token.borrow().token);
        match first {
            Err(err) if err.kind() == ErrorKind::Rejected && self.token.borrow().from_cache => {
                self.ctx
                    .verbose("the cached token was rejected: issuing a new one and retrying");
                let fresh = self.ctx.token_for(&self.credential, CachePolicy::Refresh)?;
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

/// The file store's passphrase, asked at the terminal; twice for a new file.
/// Standard input's first line, without its line ending.
fn read_stdin_line() -> Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|err| Error::other(format!("cannot read standard input: {err}")))?;
    let trimmed = line.trim_end_matches(['\n', '\r']).to_string();
    zeroize::Zeroize::zeroize(&mut line);
    Ok(trimmed)
}

fn ask_passphrase(new_file: bool) -> Result<SecretString> {
    const PROMPT: &str = "kcred secrets file passphrase";
    if new_file {
        prompt::new_secret(PROMPT, "Repeat it", "the passphrases differ")
    } else {
        prompt::secret(PROMPT)
    }
    .map(SecretString::from)
    .map_err(|err| Error::other(format!("cannot read the passphrase: {err}")))
}

/// The hint for a key the server rejected (401, or 404 for a key it does not know): where
/// the key and secret came from decides what to check.
pub(crate) fn rejected_key_hint(err: Error, credential: Option<&Credential>) -> Error {
    if err.kind() != ErrorKind::Rejected {
        return err;
    }
    let hint = match credential {
        Some(credential) if credential.stored_profile().is_none() => match &credential.profile {
            Some(profile) => format!(
                "check KAKAOCLOUD_ACCESS_KEY_SECRET in the environment: it is used with profile \
                 '{profile}'s key instead of the stored secret"
            ),
            None => "check the access key and secret in the environment \
                     (KAKAOCLOUD_ACCESS_KEY_ID or _NAME, KAKAOCLOUD_ACCESS_KEY_SECRET)"
                .to_string(),
        },
        Some(credential) => {
            let profile = credential.profile.as_deref().unwrap_or("NAME");
            format!(
                "profile '{profile}': check its access key and secret; \
                 `kcred profile add {profile} --force …` stores new ones"
            )
        }
        None => "check the access key and its secret".to_string(),
    };
    err.with_hint(hint)
}
/// A token issued with `key` at `endpoint`, valid by its expiry.
pub fn key_wanted(endpoint: &str, key: &AccessKey) -> Wanted {
    Wanted::new(endpoint, key.fingerprint(), key.method())
}
