//! The stores of one run, chosen once: where the profiles are (config.toml, or Vault for the
//! shared ones), the secret store (the OS keyring, the encrypted file, Vault), the caches of
//! short-lived credentials (the kernel keyring, the store, or the fleet's cache in Vault) and
//! the journal of key operations. What to choose comes from [`StoreChoice`]; nothing here
//! reads the environment, prints or prompts.

use crate::config::{Config, Dirs, StoreKind};
use crate::error::{Error, Result};
use crate::http::RequestLog;
use crate::journal::Journal;
use crate::registry::secret_copy::{self, DropsCopies};
use crate::secrets::{
    FileStore, KernelKeyring, KernelTarget, KeyringStore, Passphrase, SecretName, SecretStore,
};
use crate::token_cache::{
    Expiring, KernelCache, LockListener, LockNews, LockWait, SharedCache, TokenCache,
};
use crate::vault::{LoginCache, Unavailable, Vault, VaultCache, VaultSettings, VaultStore};
use secrecy::SecretString;
use std::cell::{Cell, OnceCell, RefCell};
use std::rc::Rc;
use std::time::Duration;

/// Vault's settings, read when Vault is first needed (its variables may be missing).
pub type VaultSettingsSource = Box<dyn Fn() -> Result<VaultSettings>>;

/// Who hears of another kcred's lock, for every cache of the run.
pub type LockNewsListener = Rc<dyn Fn(&str, LockNews)>;

/// What decides the stores of a run: the settings, the profile it is about, its timeout.
pub struct StoreChoice {
    pub dirs: Dirs,
    /// `--profile`: a shared run reads only that profile from Vault.
    pub profile: Option<String>,
    /// `KCRED_STORE`, which wins over a command's and a profile's choice.
    pub store: Option<StoreKind>,
    pub keyring_service: String,
    pub keyring_timeout: Duration,
    /// Whether cached tokens go to the kernel keyring (`KCRED_TOKEN_CACHE=auto`).
    pub kernel_cache: bool,
    pub kernel_target: KernelTarget,
    /// `--timeout`: Vault's requests, and how long to wait for another kcred's lock.
    pub timeout: Duration,
    pub request_log: Option<RequestLog>,
    /// `KCRED_FILE_PASSPHRASE`, else a prompt when a person may be asked.
    pub file_passphrase: Option<SecretString>,
    pub ask_passphrase: Option<fn(bool) -> Result<SecretString>>,
    pub vault_settings: VaultSettingsSource,
    /// The machine's name from the environment, for a Vault lock's holder.
    pub host_name: Option<String>,
    /// Who hears that a lock is held by another kcred.
    pub lock_news: LockNewsListener,
}

/// The stores of this run, each opened when first used.
pub struct Stores {
    choice: StoreChoice,
    /// A command's own choice (`profile add --store`, the profile being removed).
    store_override: Cell<Option<StoreKind>>,
    store: OnceCell<Box<dyn SecretStore>>,
    kernel_keyring: OnceCell<Option<KernelKeyring>>,
    vault: OnceCell<Rc<Vault>>,
    /// The shared profiles read this run, read once: every command asks for them more than once.
    shared_config: RefCell<Option<Config>>,
    shared_cache: OnceCell<Box<dyn SharedCache>>,
}

impl Stores {
    /// Stores that keep secrets in `store` whatever the choice says, and no kernel keyring:
    /// for the rules above the stores, tested without a keyring.
    #[cfg(test)]
    pub(crate) fn with_store(choice: StoreChoice, store: Box<dyn SecretStore>) -> Stores {
        let stores = Stores::new(choice);
        let _ = stores.store.set(store);
        let _ = stores.kernel_keyring.set(None);
        stores
    }

    pub fn new(choice: StoreChoice) -> Stores {
        Stores {
            choice,
            store_override: Cell::new(None),
            store: OnceCell::new(),
            kernel_keyring: OnceCell::new(),
            vault: OnceCell::new(),
            shared_config: RefCell::new(None),
            shared_cache: OnceCell::new(),
        }
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
                self.choice.keyring_service.clone(),
                self.choice.keyring_timeout,
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
            &self.choice.keyring_service,
            self.choice.kernel_target,
        ))
    }

    /// The encrypted secrets file, its passphrase from `KCRED_FILE_PASSPHRASE` or a prompt.
    pub fn file_store(&self) -> FileStore {
        let passphrase = match (&self.choice.file_passphrase, self.choice.ask_passphrase) {
            (Some(given), _) => Passphrase::Given(given.clone()),
            (None, Some(ask)) => Passphrase::Prompt(Box::new(ask)),
            (None, None) => Passphrase::Unavailable,
        };
        FileStore::new(self.choice.dirs.secrets_file(), passphrase)
    }

    /// Whether this run's profiles are the shared ones in Vault: `KCRED_STORE=vault`, or a
    /// command that chose the Vault store (`profile add --store vault`).
    pub fn shared(&self) -> bool {
        self.choice.store.or(self.store_override.get()) == Some(StoreKind::Vault)
    }

    /// The Vault server of this run, connected once (`VAULT_ADDR` and the rest).
    pub fn vault(&self) -> Result<Rc<Vault>> {
        if let Some(vault) = self.vault.get() {
            return Ok(vault.clone());
        }
        let settings = (self.choice.vault_settings)()?;
        let timeout = self.choice.timeout.max(Duration::from_secs(1));
        let logs_in = settings.login.logs_in();
        let mut vault = Vault::connect(settings, timeout, self.choice.request_log.clone())?;
        if logs_in {
            // One login per machine, not per run: its token is kept where this machine keeps
            // cached tokens (the kernel keyring, else the OS keyring).
            vault = vault.keeping_logins(LoginCache::new(
                self.choice.dirs.cache.join("vault-login"),
                KernelKeyring::open(&self.choice.keyring_service, self.choice.kernel_target),
                self.choice.kernel_cache,
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
            Ok(vault) => Box::new(VaultCache::new(vault, self.choice.host_name.clone()))
                as Box<dyn SharedCache>,
            Err(err) => Box::new(Unavailable::new(&err)),
        });
        Some(cache.as_ref())
    }

    /// Which store this run uses: `KCRED_STORE`, else the command's choice, else the
    /// profile's.
    pub fn store_kind(&self) -> StoreKind {
        self.choice
            .store
            .or(self.store_override.get())
            .or_else(|| {
                let config = self.config().ok()?;
                let (_, profile) = config.select(self.choice.profile.as_deref()).ok()?;
                profile.store
            })
            .unwrap_or_default()
    }

    /// Makes this run use `kind` (unless `KCRED_STORE` says otherwise). Only before the store
    /// is first used: choosing it after would leave the run with two stores.
    pub fn use_store(&self, kind: Option<StoreKind>) -> Result<()> {
        if self.store.get().is_some() && kind != self.store_override.get() {
            return Err(Error::other(
                "the secret store was chosen after it was first used",
            ));
        }
        self.store_override.set(kind);
        Ok(())
    }

    /// The journal of this machine's key operations.
    pub fn journal(&self) -> Journal {
        Journal::new(self.choice.dirs.journal())
    }

    /// The profiles of this run: config.toml's, or the shared ones in Vault (only the one
    /// named by `--profile` when there is one).
    pub fn config(&self) -> Result<Config> {
        if !self.shared() {
            return Config::load(&self.choice.dirs);
        }
        if let Some(config) = self.shared_config.borrow().as_ref() {
            return Ok(config.clone());
        }
        let vault = self.vault()?;
        let config = vault.shared_config(self.choice.profile.as_deref())?.config;
        *self.shared_config.borrow_mut() = Some(config.clone());
        Ok(config)
    }

    /// Changes the profiles under a lock (config.toml) or with check-and-set (Vault), so that
    /// two kcred processes never lose each other's changes.
    pub fn update_config<T>(&self, change: impl FnOnce(&mut Config) -> Result<T>) -> Result<T> {
        if !self.shared() {
            return Config::update(&self.choice.dirs, change);
        }
        let vault = self.vault()?;
        self.shared_config.borrow_mut().take();
        let mut shared = vault.shared_config(None)?;
        let before = shared.config.clone();
        let result = change(&mut shared.config)?;
        vault.save_shared_config(shared, &before)?;
        Ok(result)
    }

    /// A cache of short-lived credentials of one kind (`kind` names its folder), in this run's
    /// store, or the fleet's for shared profiles, with this run's waits.
    pub fn credential_cache<I: Expiring>(
        &self,
        kind: &str,
        secret_name: fn(String) -> SecretName,
    ) -> TokenCache<'_, I> {
        TokenCache::of_kind(self.choice.dirs.cache.join(kind), secret_name, self.store())
            .waiting(self.lock_wait())
            .shared(self.shared_cache())
            .kernel_keyring(self.kernel_cache())
    }

    /// Waiting for another kcred that issues for the same profile lasts at most `--timeout`:
    /// a holder that is stopped (Ctrl-Z, SIGSTOP, a debugger) or stuck never hangs the others.
    pub fn lock_wait(&self) -> LockWait<'_> {
        let news = self.choice.lock_news.clone();
        let tell: LockListener<'_> = Box::new(move |profile, what| news(profile, what));
        LockWait {
            limit: self.choice.timeout,
            tell,
        }
    }

    /// The kernel keyring of this run's service, opened once; None where there is none.
    pub fn kernel_keyring(&self) -> Option<&KernelKeyring> {
        self.kernel_keyring
            .get_or_init(|| {
                KernelKeyring::open(&self.choice.keyring_service, self.choice.kernel_target)
            })
            .as_ref()
    }

    /// Whether this machine keeps cached credentials in the kernel keyring
    /// (`KCRED_TOKEN_CACHE=auto`, and one there).
    pub fn kernel_cache_in_use(&self) -> bool {
        self.choice.kernel_cache
    }

    /// The kernel keyring for this machine's cached tokens: used for new ones unless
    /// `KCRED_TOKEN_CACHE=store`, and cleaned either way. None for shared profiles (their
    /// cache is Vault) or where there is no kernel keyring.
    pub fn kernel_cache(&self) -> Option<KernelCache<'_>> {
        if self.shared() {
            return None;
        }
        Some(KernelCache {
            keyring: self.kernel_keyring()?,
            in_use: self.choice.kernel_cache,
        })
    }

    /// Where the registry helper keeps its short-lived copies of profiles' secrets: the
    /// kernel keyring, for a profile whose secret is in the OS keyring (the one whose reads
    /// cost a D-Bus session), unless `KCRED_TOKEN_CACHE=store` keeps everything of kcred's
    /// in the store. Never for shared profiles, the encrypted file or where there is no
    /// kernel keyring.
    pub fn registry_copies(&self) -> Option<&KernelKeyring> {
        if self.shared() || !self.choice.kernel_cache || self.store_kind() != StoreKind::Keyring {
            return None;
        }
        self.kernel_keyring()
    }

    /// Drops the registry helper's copy of `profile`'s secret (whatever `KCRED_TOKEN_CACHE`
    /// says now: one may be left from before).
    pub fn forget_registry_copy(&self, profile: &str) -> Result<()> {
        if self.shared() {
            return Ok(());
        }
        match self.kernel_keyring() {
            Some(kernel) => secret_copy::forget(kernel, profile),
            None => Ok(()),
        }
    }
}

/// A store in words, for messages.
pub fn store_name(kind: StoreKind) -> &'static str {
    match kind {
        StoreKind::Keyring => "the OS keyring",
        StoreKind::File => "the encrypted file",
        StoreKind::Vault => "Vault",
    }
}
