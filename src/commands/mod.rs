//! One file per command group. Each turns arguments into calls on the layers below, and their
//! results into output. [`Context`] carries what every command shares.

pub mod advice;
mod completions;
mod doctor;
mod env;
mod iam_key;
pub(crate) mod key_journal;
mod kms_key;
mod kube_credential;
mod profile;
mod project;
mod provider;
mod questions;
pub mod registry;
mod s3;
mod s3_key;
mod s3_temp;
mod token;

use crate::cli::{Cli, Command, GlesysCommand, GlobalArgs, NcpCommand, OutputFormat};
use crate::config::{AccessKey, Dirs};
use crate::credentials::{self, Credential, EnvCredentials};
use crate::error::{Error, ErrorKind, Result};
use crate::http::{Http, RequestLog};
use crate::iam::IamClient;
use crate::key_expiry;
use crate::secrets::SecretName;
use crate::settings::{Settings, TokenCacheSetting};
use crate::stores::{StoreChoice, Stores, store_name};
use crate::token_cache::{CachePolicy, LockNews, Token};
use crate::tokens::{Session, TokenApi, TokenNotices, TokenWarning, Tokens};
use crate::ui::{Ui, output};
use crate::vault::VaultSettings;
use jiff::{SignedDuration, Timestamp};
use provider::Capability;
use secrecy::SecretString;
use std::path::PathBuf;
use std::rc::Rc;
use std::time::Duration;

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
    let ctx = Context::new(cli.global, Settings::from_process()?)?;
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

/// What every command shares: the global options, the settings read at start, where files
/// live, the environment's credentials, the Ui, and the stores of this run.
pub struct Context {
    pub global: GlobalArgs,
    pub settings: Settings,
    pub dirs: Dirs,
    pub env: EnvCredentials,
    pub ui: Ui,
    pub stores: Stores,
    connections: Connections,
    notices: Notices,
}

impl Context {
    pub fn new(global: GlobalArgs, settings: Settings) -> Result<Self> {
        let ui = Ui::new(
            global.output,
            global.verbose,
            global.no_input,
            settings.in_ci,
        );
        let dirs = Dirs::from_platform()?;
        for fixed in crate::config::tighten_permissions(&dirs) {
            ui.note(&format!(
                "warning: {fixed} (kcred's files are for their owner only)"
            ));
        }
        let timeout = global.timeout;
        let environment = settings.environment.clone();
        let home = directories::BaseDirs::new().map(|dirs| dirs.home_dir().to_path_buf());
        let told = ui.clone();
        let stores = Stores::new(StoreChoice {
            dirs: dirs.clone(),
            profile: global.profile.clone(),
            store: settings.store,
            keyring_service: settings.keyring_service.clone(),
            keyring_timeout: settings.keyring_timeout,
            kernel_cache: settings.token_cache == TokenCacheSetting::Auto,
            kernel_target: settings.kernel_target,
            timeout,
            request_log: ui.request_log(),
            file_passphrase: settings.file_passphrase(),
            ask_passphrase: ui.interactive().then_some(crate::ui::ask_passphrase as _),
            vault_settings: Box::new(move || {
                VaultSettings::from_lookup(environment.lookup(), home.as_deref())
            }),
            host_name: settings.host_name(),
            lock_news: Rc::new(move |profile, news| tell_lock_news(&told, profile, news)),
        });
        Ok(Context {
            env: EnvCredentials::from_lookup(settings.environment.lookup()),
            connections: Connections {
                timeout: timeout.max(Duration::from_secs(1)),
                log: ui.request_log(),
                system_ca_file: settings.system_ca_file(),
            },
            notices: Notices { ui: ui.clone() },
            ui,
            dirs,
            stores,
            settings,
            global,
        })
    }

    /// The same run for another profile (`kcred doctor` settles each profile's operations
    /// with that profile's key).
    pub fn for_profile(&self, profile: &str) -> Result<Context> {
        Context::new(
            GlobalArgs {
                profile: Some(profile.to_string()),
                ..self.global.clone()
            },
            self.settings.clone(),
        )
    }

    /// The store of this run in words, for messages: the one really used.
    pub fn store_name(&self) -> &'static str {
        store_name(self.stores.store_kind())
    }

    /// Drops every credential cached for `profile`: its API token, its temporary S3
    /// credentials, its temporary keys. Returns whether there was any.
    pub fn forget_cached(&self, profile: &str) -> Result<bool> {
        let token = self.tokens().cache().forget(profile)?;
        let s3_temp = s3_temp::cache(self).forget(profile)?;
        let temporary_key = provider::ncp_cache(self).forget(profile)?;
        self.stores.forget_registry_copy(profile)?;
        Ok(token || s3_temp || temporary_key)
    }

    /// Drops the Vault token this machine keeps from its AppRole or JWT login (revoked
    /// first), when this run's profiles are the shared ones. Returns whether there was one.
    pub fn forget_vault_login(&self) -> Result<bool> {
        if !self.stores.shared() {
            return Ok(false);
        }
        self.stores.vault()?.forget_login()
    }

    /// The credential this call authenticates with (flags, environment, profile).
    pub fn credential(&self) -> Result<Credential> {
        let config = self.stores.config()?;
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
        self.connections.http()
    }

    pub fn client(&self, endpoint: &str) -> Result<IamClient> {
        self.connections.client(endpoint)
    }

    /// The token rules of this run, over its stores.
    pub fn tokens(&self) -> Tokens<'_> {
        Tokens {
            stores: &self.stores,
            api: &self.connections,
            notices: &self.notices,
            min_ttl: self.min_ttl(),
            key_expiry_window: self.settings.key_expiry_window,
            now: Timestamp::now,
        }
    }

    /// A valid token for the current credential: cached when possible, issued when not.
    pub fn token(&self, policy: CachePolicy) -> Result<(Credential, Token)> {
        let credential = self.credential()?;
        let token = self.tokens().token_for(&credential, policy)?;
        Ok((credential, token))
    }

    /// `--min-ttl`: how much life a cached credential must have left to be handed out.
    pub fn min_ttl(&self) -> SignedDuration {
        self.global.min_ttl
    }

    /// The current credential with a valid token and a client, for commands that call the
    /// API on the user's behalf.
    pub fn session(&self) -> Result<Session<'_>> {
        self.tokens().session(self.credential()?)
    }

    /// The secret stored for profile `name` (its access key's secret, or its API key).
    pub fn profile_secret(&self, name: &str) -> Result<SecretString> {
        self.stores
            .store()
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

    /// What to say of a key that expires at `at`, when it is within the warning window or
    /// past: which key, when, and the way out.
    pub fn key_expiry_warning(
        &self,
        profile: Option<&str>,
        key: &AccessKey,
        at: Timestamp,
    ) -> Option<String> {
        let outlook = key_expiry::outlook(at, Timestamp::now(), self.settings.key_expiry_window);
        key_expiry_warning(profile, key, at, outlook)
    }
}

/// The HTTP settings of this run, and the IAM API through them.
struct Connections {
    timeout: Duration,
    log: Option<RequestLog>,
    system_ca_file: Option<PathBuf>,
}

impl Connections {
    fn http(&self) -> Result<Http> {
        Http::new(self.timeout, self.log.clone(), self.system_ca_file.clone())
    }
}

impl TokenApi for Connections {
    fn client(&self, endpoint: &str) -> Result<IamClient> {
        Ok(IamClient::new(endpoint, self.http()?))
    }
}

/// What the token rules tell a person, in the commands' words.
struct Notices {
    ui: Ui,
}

impl TokenNotices for Notices {
    fn verbose(&self, message: &str) {
        self.ui.verbose(message);
    }

    fn busy(&self, message: &str) -> Box<dyn std::any::Any> {
        Box::new(self.ui.spinner(message))
    }

    fn warn(&self, warning: TokenWarning<'_>) {
        let said = match warning {
            TokenWarning::MinTtlUnmeetable { min_ttl, lifetime } => format!(
                "--min-ttl {} s is longer than tokens from this endpoint live ({} s); \
                 a cached token is used while it has at least half of that left",
                min_ttl.as_secs(),
                lifetime.as_secs()
            ),
            TokenWarning::KeyExpiry {
                profile,
                key,
                at,
                outlook,
            } => match key_expiry_warning(profile, key, at, outlook) {
                Some(said) => said,
                None => return,
            },
            TokenWarning::SharedTokenRefused { profile, why } => format!(
                "not using the token in the shared cache of profile '{profile}': {why}; \
                 issuing one of its own"
            ),
        };
        self.ui.note(&format!("warning: {said}"));
    }

    fn refused(&self, err: Error, credential: &Credential) -> Error {
        rejected_key_hint(err, Some(credential))
    }
}

/// Tells a person watching that another kcred holds a profile's lock, and anyone that the
/// wait ran out.
fn tell_lock_news(ui: &Ui, profile: &str, news: LockNews) {
    let who = |holder: Option<u32>| match holder {
        Some(pid) => format!("kcred (pid {pid})"),
        None => "another kcred".to_string(),
    };
    match news {
        // Only people watching are told; a script hears only when the wait runs out.
        LockNews::Waiting { holder, limit } if ui.watched() => {
            ui.note(&format!(
                "Waiting for {} to finish issuing for profile '{profile}' (at most {} s)…",
                who(holder),
                limit.as_secs()
            ));
        }
        LockNews::Waiting { .. } => {}
        LockNews::GaveUp { holder, limit } => ui.note(&format!(
            "warning: {} has held the lock of profile '{profile}' for over {} s \
             (stopped or stuck?); issuing without waiting for it",
            who(holder),
            limit.as_secs()
        )),
    }
}

/// What to say of a key whose expiry is `outlook`: which key, when, and the way out.
fn key_expiry_warning(
    profile: Option<&str>,
    key: &AccessKey,
    at: Timestamp,
    outlook: key_expiry::Outlook,
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
    match outlook {
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

/// Prints a key just created: the JSON `view` as it is, or a table of `fields` with the
/// secret last when it is shown. When it is not, says where it went: it is never shown again.
pub fn print_new_key(
    ctx: &Context,
    view: &impl serde::Serialize,
    mut fields: Vec<(&str, String)>,
    secret: Option<&str>,
) -> Result<()> {
    match ctx.ui.output() {
        OutputFormat::Json => output::print_json(view)?,
        OutputFormat::Table => {
            if let Some(secret) = secret {
                fields.push(("secret", secret.to_string()));
            }
            output::print_fields(fields)?;
        }
    }
    if secret.is_none() {
        ctx.ui.note(&format!(
            "The secret is in {} only; it is never shown again \
             (--show-secret prints it at creation).",
            ctx.store_name()
        ));
    }
    Ok(())
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
