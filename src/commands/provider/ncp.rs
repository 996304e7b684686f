//! NAVER Cloud Platform: a sub account's permanent key (its secret in the secret store)
//! mints temporary keys from the Secure Token Service; `kcred token` prints one, cached until
//! it expires, and `env`/`exec` export it under the names NAVER Cloud's tools read.

use super::{Capability, NewProfile, Provider, selected_profile, validate_identifier};
use crate::cli::{ProfileAddArgs, TokenArgs};
use crate::commands::Context;
use crate::config::{NcpSettings, Profile, ProviderKind, ProviderSettings};
use crate::error::{Error, Result};
use crate::ncp::{DEFAULT_ENDPOINT, DURATION_RANGE, Mfa, NcpClient};
use crate::secrets::SecretName;
use crate::token_cache::{CachePolicy, Expiring, Issued, Token, TokenCache, Wanted};
use crate::ui::output::{self, EnvVar, or_dash};
use jiff::Timestamp;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

pub struct Ncp;

/// What the cache keeps of a temporary key, besides its secret. (Its fields sit beside the
/// cache entry's own, so none may be called `access_key`.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemporaryKeyInfo {
    pub access_key_id: String,
    pub expires_at: Timestamp,
    pub use_mfa: bool,
}

impl Expiring for TemporaryKeyInfo {
    fn expires_at(&self) -> Timestamp {
        self.expires_at
    }
}

impl Provider for Ncp {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Ncp
    }

    fn capabilities(&self) -> &'static [Capability] {
        &[Capability::NcpCommands]
    }

    fn default_endpoint(&self) -> &'static str {
        DEFAULT_ENDPOINT
    }

    fn secret_prompt(&self) -> &'static str {
        "NAVER Cloud secret key"
    }

    fn new_profile(
        &self,
        ctx: &Context,
        args: &ProfileAddArgs,
        endpoint: String,
        secret: &SecretString,
    ) -> Result<NewProfile> {
        let access_key = args.access_key.as_deref().ok_or_else(|| {
            Error::usage("an ncp profile needs --access-key (the sub account's access key ID)")
        })?;
        let access_key = validate_identifier("access key", access_key)?;
        if !args.no_verify {
            client(ctx, &endpoint)?
                .describe_key(&access_key, secret)
                .map_err(|err| super::verification_failed(err, "key"))?;
        }
        Ok(NewProfile {
            profile: Profile::new(endpoint, ProviderSettings::Ncp(NcpSettings { access_key })),
            first_token: None,
        })
    }

    fn token(&self, ctx: &Context, args: &TokenArgs) -> Result<()> {
        if !DURATION_RANGE.contains(&args.duration) {
            return Err(Error::usage(format!(
                "--duration {} is outside what NAVER Cloud allows",
                args.duration
            ))
            .with_hint("give 600 to 43200 seconds"));
        }
        let mfa = match (&args.mfa_serial, args.mfa_code) {
            (Some(serial), Some(code)) => Some(Mfa {
                serial: serial.clone(),
                code,
            }),
            _ => None,
        };
        // An MFA code asks for a key made with it, not a cached one.
        let policy = if args.no_cache {
            CachePolicy::Bypass
        } else if args.refresh || mfa.is_some() {
            CachePolicy::Refresh
        } else {
            CachePolicy::Use
        };
        let key = temporary_key(ctx, policy, args.duration, mfa.as_ref())?;
        #[derive(Serialize)]
        struct View<'a> {
            access_key: &'a str,
            secret_key: &'a str,
            expires_at: Timestamp,
            use_mfa: bool,
        }
        let view = View {
            access_key: &key.entry.info.access_key_id,
            secret_key: key.token.expose_secret(),
            expires_at: key.entry.info.expires_at,
            use_mfa: key.entry.info.use_mfa,
        };
        ctx.ui.show(&view, || {
            output::print_fields(vec![
                ("access key", view.access_key.to_string()),
                ("secret key", view.secret_key.to_string()),
                ("expires at", view.expires_at.to_string()),
                ("mfa", if view.use_mfa { "yes" } else { "no" }.to_string()),
            ])
        })
    }

    fn variables(&self, ctx: &Context) -> Result<(Option<String>, Vec<EnvVar>)> {
        let (name, _) = selected_profile(ctx)?;
        let key = temporary_key(ctx, CachePolicy::Use, 3600, None)?;
        let vars = vec![
            EnvVar::plain("NCLOUD_ACCESS_KEY", &key.entry.info.access_key_id),
            EnvVar::secret("NCLOUD_SECRET_KEY", key.token.expose_secret()),
        ];
        Ok((Some(name), vars))
    }
}

fn client(ctx: &Context, endpoint: &str) -> Result<NcpClient> {
    Ok(NcpClient::new(endpoint, ctx.http()?))
}

/// The profile's permanent key: its ID from the config, its secret from the secret store.
fn permanent_key(ctx: &Context) -> Result<(String, Profile, String, SecretString)> {
    let (name, profile) = selected_profile(ctx)?;
    let ProviderSettings::Ncp(ncp) = &profile.settings else {
        return Err(
            Error::usage(format!("profile '{name}' is not an ncp profile"))
                .with_hint("pick one with --profile"),
        );
    };
    let access_key = ncp.access_key.clone();
    let secret = ctx.profile_secret(&name)?;
    Ok((name, profile, access_key, secret))
}

/// A temporary key: cached while it lives past the margin, else minted now.
fn temporary_key(
    ctx: &Context,
    policy: CachePolicy,
    duration: u32,
    mfa: Option<&Mfa>,
) -> Result<Token<TemporaryKeyInfo>> {
    let (name, profile, access_key, secret) = permanent_key(ctx)?;
    let wanted = Wanted::new(&profile.endpoint, format!("ncp:{access_key}"), "ncp-sts")
        .with_min_ttl(ctx.min_ttl());
    cache(ctx).get_or_issue(&name, &wanted, policy, || {
        let _spinner = ctx.ui.spinner("Getting a temporary key…");
        let key = client(ctx, &profile.endpoint)?.create_temporary_key(
            &access_key,
            &secret,
            duration,
            mfa,
        )?;
        Ok(Issued {
            secret: key.secret,
            info: TemporaryKeyInfo {
                access_key_id: key.access_key,
                expires_at: key.expires_at,
                use_mfa: key.use_mfa,
            },
        })
    })
}

/// Where temporary keys are cached: `ncp/PROFILE.json` and `profile/PROFILE/temporary-key`.
pub fn cache(ctx: &Context) -> TokenCache<'_, TemporaryKeyInfo> {
    ctx.stores
        .credential_cache("ncp", SecretName::ProfileTemporaryKey)
}

/// `kcred ncp credentials`: what NAVER Cloud says of the profile's key.
pub fn credentials(ctx: &Context) -> Result<()> {
    let (_, profile, access_key, secret) = permanent_key(ctx)?;
    let key = client(ctx, &profile.endpoint)?.describe_key(&access_key, &secret)?;
    ctx.ui.show(&key, || {
        output::print_fields(vec![
            ("access key", key.access_key.clone()),
            (
                "temporary",
                if key.temporary { "yes" } else { "no" }.to_string(),
            ),
            ("created", or_dash(key.create_time.as_deref())),
            ("expires", or_dash(key.expire_time.as_deref())),
            (
                "mfa",
                or_dash(key.use_mfa.map(|m| if m { "yes" } else { "no" })),
            ),
        ])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::token_cache::CacheEntry;

    /// The info sits flattened beside the entry's own fields: a name clash would make every
    /// cached key unreadable, and every call mint a new one.
    #[test]
    fn cache_entries_round_trip() {
        let entry = CacheEntry {
            endpoint: DEFAULT_ENDPOINT.into(),
            access_key: "ncp:AK".into(),
            method: "ncp-sts".into(),
            info: TemporaryKeyInfo {
                access_key_id: "TMP".into(),
                expires_at: Timestamp::UNIX_EPOCH,
                use_mfa: true,
            },
            cached_at: Timestamp::UNIX_EPOCH,
            token_check: "00".into(),
            kept_in: crate::token_cache::KeptIn::KernelKeyring,
        };
        let json = serde_json::to_string(&entry).unwrap();
        assert_eq!(
            serde_json::from_str::<CacheEntry<TemporaryKeyInfo>>(&json).unwrap(),
            entry
        );
    }
}
