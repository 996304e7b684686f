//! What differs between clouds, behind one small trait. A profile names its provider
//! (`kakaocloud` by default, `ncp`, `glesys`); the commands that mean something different for
//! each (`profile add`, `token`, `env`/`exec`, `s3-key`) ask the profile's provider, and each
//! provider lives in its own module.

mod glesys;
mod kakaocloud;
mod ncp;

pub use glesys::instances as glesys_instances;
pub use ncp::{cache as ncp_cache, credentials as ncp_credentials};

use super::Context;
use crate::cli::{ProfileAddArgs, S3KeyAction, TokenArgs};
use crate::config::{Profile, ProviderKind};
use crate::error::{Error, Result};
use crate::iam::IssuedToken;
use crate::ui::output::EnvVar;
use secrecy::SecretString;

/// A profile `profile add` is about to save, and the token issued to check it, if any.
pub struct NewProfile {
    pub profile: Profile,
    pub first_token: Option<IssuedToken>,
}

/// What only some providers can do, asked of the provider before a command does it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    /// API tokens that can be shown, verified, revoked and handed to kubectl.
    ApiTokens,
    IamKeys,
    Projects,
    /// Temporary S3 credentials exchanged for a token.
    TemporaryS3,
    Kms,
    /// An access key and secret that tools can take as they are (`--with-key`).
    KeyVariables,
    /// NAVER Cloud's own commands (`kcred ncp …`).
    NcpCommands,
    /// GleSYS's own commands (`kcred glesys …`).
    GlesysCommands,
}

pub trait Provider: Sync {
    fn kind(&self) -> ProviderKind;

    /// What this provider offers beyond what every provider does.
    fn capabilities(&self) -> &'static [Capability];

    /// Fails unless this provider can do `what`, for `kcred {command}`: a usage error (exit 2)
    /// that says so.
    fn require(&self, what: Capability, command: &str) -> Result<()> {
        if self.capabilities().contains(&what) {
            Ok(())
        } else {
            Err(self.unsupported(&format!("has no `kcred {command}`")))
        }
    }

    /// The endpoint a new profile gets when none is given.
    fn default_endpoint(&self) -> &'static str;

    /// What the secret is called at the prompt.
    fn secret_prompt(&self) -> &'static str;

    /// The profile `profile add` saves, its key checked with the server unless `--no-verify`.
    fn new_profile(
        &self,
        ctx: &Context,
        args: &ProfileAddArgs,
        endpoint: String,
        secret: &SecretString,
    ) -> Result<NewProfile>;

    /// `kcred token`: the provider's short-lived credentials, printed.
    fn token(&self, _ctx: &Context, _args: &TokenArgs) -> Result<()> {
        Err(self.unsupported("has no tokens"))
    }

    /// The variables `env` and `exec` set (S3 ones aside), and the profile they are for.
    fn variables(&self, ctx: &Context) -> Result<(Option<String>, Vec<EnvVar>)>;

    /// The access key and its secret as variables, for `env`/`exec --with-key`.
    fn key_variables(&self, _ctx: &Context) -> Result<Vec<EnvVar>> {
        Err(self.unsupported("has no access key variables for --with-key"))
    }

    /// `kcred s3-key create|list|delete`.
    fn s3_key(&self, _ctx: &Context, _command: S3KeyAction) -> Result<()> {
        Err(self.unsupported("has no S3 access keys"))
    }

    fn unsupported(&self, what: &str) -> Error {
        Error::usage(format!("a {} profile {what}", self.kind().name()))
            .with_hint("see `kcred --help` for what each provider offers, or pick another profile")
    }
}

/// `profile add`'s check of a key failed: a rejection says the key was not accepted; any
/// other failure says that the check itself could not be made.
pub fn verification_failed(err: Error, key: &str) -> Error {
    if err.kind() == crate::error::ErrorKind::Rejected {
        err.context(format!("the {key} was not accepted"))
    } else {
        err.context(format!("verifying the {key}"))
    }
}

pub fn of_kind(kind: ProviderKind) -> &'static dyn Provider {
    match kind {
        ProviderKind::Kakaocloud => &kakaocloud::KakaoCloud,
        ProviderKind::Ncp => &ncp::Ncp,
        ProviderKind::Glesys => &glesys::Glesys,
    }
}

/// The provider of the profile this run is about. Credentials from the environment are
/// KakaoCloud's; so is a run with no profile at all (its errors say how to add one).
pub fn current(ctx: &Context) -> Result<&'static dyn Provider> {
    if ctx.env.has_access_key() {
        return Ok(of_kind(ProviderKind::Kakaocloud));
    }
    let config = ctx.stores.config()?;
    let kind = config
        .select(ctx.global.profile.as_deref())
        .map(|(_, profile)| profile.provider())
        .unwrap_or_default();
    Ok(of_kind(kind))
}

/// The name of the profile this run is about: none for credentials from the environment, or
/// when there is no profile at all.
pub fn current_profile_name(ctx: &Context) -> Result<Option<String>> {
    if ctx.env.has_access_key() {
        return Ok(None);
    }
    let config = ctx.stores.config()?;
    Ok(config
        .select(ctx.global.profile.as_deref())
        .ok()
        .map(|(name, _)| name.to_string()))
}

/// The selected profile (`--profile`, `KCRED_PROFILE`, the default) with its name.
pub fn selected_profile(ctx: &Context) -> Result<(String, Profile)> {
    let config = ctx.stores.config()?;
    let (name, profile) = config.select(ctx.global.profile.as_deref())?;
    Ok((name.to_string(), profile.clone()))
}

/// IDs and names go into URLs and JSON: refuse blanks and control characters early.
pub fn validate_identifier(what: &str, value: &str) -> Result<String> {
    let value = value.trim().to_string();
    if value.is_empty() || value.len() > 255 || value.chars().any(char::is_control) {
        return Err(Error::usage(format!(
            "the {what} is empty, too long or has control characters"
        ))
        .with_hint(format!("copy the {what} from the console")));
    }
    Ok(value)
}
