//! One file per command group. Each turns arguments into calls on the layers below, and their
//! results into output. [`Context`] carries what every command shares.

mod completions;
mod profile;
mod token;

use crate::cli::{Cli, Command, GlobalArgs, OutputFormat};
use crate::config::{Config, Dirs};
use crate::credentials::{self, Credential, EnvCredentials};
use crate::error::{Error, ErrorKind, Result};
use crate::iam::{IamClient, IssuedToken};
use crate::secrets::{KeyringStore, SecretStore, keyring_store::DEFAULT_SERVICE};
use crate::token_cache::{CachePolicy, Token, TokenCache, Wanted};
use jiff::SignedDuration;
use secrecy::SecretString;
use std::io::{BufRead, IsTerminal};
use std::time::Duration;

const DEFAULT_KEYRING_TIMEOUT_SECS: u64 = 5;

pub fn run(cli: Cli) -> Result<()> {
    let ctx = Context::new(cli.global)?;
    match cli.command {
        Command::Profile(command) => profile::run(&ctx, command),
        Command::Token(args) => token::run(&ctx, args),
        Command::Completions(args) => completions::run(args),
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
    store: KeyringStore,
}

impl Context {
    pub fn new(global: GlobalArgs) -> Result<Self> {
        let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
        let interactive = !global.no_input && !in_ci && std::io::stdin().is_terminal();
        let service =
            std::env::var("KCRED_KEYRING_SERVICE").unwrap_or_else(|_| DEFAULT_SERVICE.to_string());
        let keyring_timeout = std::env::var("KCRED_KEYRING_TIMEOUT")
            .ok()
            .and_then(|v| v.parse::<f64>().ok())
            .filter(|secs| *secs > 0.0)
            .map(Duration::from_secs_f64)
            .unwrap_or(Duration::from_secs(DEFAULT_KEYRING_TIMEOUT_SECS));
        Ok(Context {
            dirs: Dirs::from_platform()?,
            env: EnvCredentials::from_env(),
            interactive,
            store: KeyringStore::new(service, keyring_timeout),
            global,
        })
    }

    pub fn output(&self) -> OutputFormat {
        self.global.output
    }

    pub fn store(&self) -> &dyn SecretStore {
        &self.store
    }

    pub fn cache(&self) -> TokenCache<'_> {
        TokenCache::new(&self.dirs.cache, &self.store)
    }

    pub fn config(&self) -> Result<Config> {
        Config::load(&self.dirs)
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

    pub fn client(&self, endpoint: &str) -> Result<IamClient> {
        IamClient::new(
            endpoint,
            Duration::from_secs(self.global.timeout.max(1)),
            self.global.verbose,
        )
    }

    /// Issues a token for `credential`, reading its secret only now.
    pub fn issue(&self, credential: &Credential) -> Result<IssuedToken> {
        let secret = credential.read_secret(self.store())?;
        self.client(&credential.endpoint)?
            .issue_token(&credential.key, &secret)
            .map_err(rejected_key_hint)
    }

    /// A valid token for the current credential: cached when possible, issued when not.
    pub fn token(&self, policy: CachePolicy) -> Result<(Credential, Token)> {
        let credential = self.credential()?;
        let fingerprint = credential.key.fingerprint();
        let wanted = Wanted {
            endpoint: &credential.endpoint,
            access_key: &fingerprint,
            method: credential.key.method(),
            min_ttl: SignedDuration::from_secs(self.global.min_ttl.min(i64::MAX as u64) as i64),
        };
        let cache = self.cache();
        let token = match credential.cache_profile() {
            Some(profile) => {
                cache.get_or_issue(profile, &wanted, policy, || self.issue(&credential))?
            }
            None => {
                self.verbose("credentials come from the environment: the token is not cached");
                cache.get_or_issue("", &wanted, CachePolicy::Bypass, || self.issue(&credential))?
            }
        };
        Ok((credential, token))
    }

    /// Reads a secret from standard input (first line) or from a hidden prompt.
    pub fn read_secret(&self, from_stdin: bool, prompt: &str) -> Result<SecretString> {
        let secret = if from_stdin {
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .map_err(|err| Error::other(format!("cannot read standard input: {err}")))?;
            let trimmed = line.trim_end_matches(['\n', '\r']).to_string();
            zeroize::Zeroize::zeroize(&mut line);
            trimmed
        } else if self.interactive {
            dialoguer::Password::new()
                .with_prompt(prompt)
                .interact()
                .map_err(|err| Error::other(format!("cannot read the secret: {err}")))?
        } else {
            return Err(
                Error::usage("the secret is needed and kcred may not prompt for it").with_hint(
                    "pass it on standard input with --secret-stdin, or set \
                     KAKAOCLOUD_ACCESS_KEY_SECRET",
                ),
            );
        };
        if secret.is_empty() {
            return Err(Error::usage("the secret is empty")
                .with_hint("give the secret shown when the access key was created"));
        }
        Ok(SecretString::from(secret))
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
        let confirmed = dialoguer::Confirm::new()
            .with_prompt(question)
            .default(false)
            .interact()
            .map_err(|err| Error::other(format!("cannot read the answer: {err}")))?;
        if confirmed {
            Ok(())
        } else {
            Err(Error::other("cancelled"))
        }
    }

    /// A message for people, on stderr: stdout is for data.
    pub fn note(&self, message: &str) {
        eprintln!("{message}");
    }

    pub fn verbose(&self, message: &str) {
        if self.global.verbose {
            eprintln!("kcred: {message}");
        }
    }
}

fn rejected_key_hint(err: Error) -> Error {
    if err.kind() == ErrorKind::Rejected {
        err.with_hint(
            "check the access key and its secret; `kcred profile add NAME --force …` stores new ones",
        )
    } else {
        err
    }
}
