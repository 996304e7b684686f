//! KakaoCloud: IAM access keys issue API tokens; S3 access keys are Keystone EC2 credentials.
//! The commands' own modules hold the work; this maps the provider's part of each onto them.

mod s3_keys;
mod variables;

use super::{Capability, NewProfile, Provider, validate_identifier};
use crate::cli::{ProfileAddArgs, S3KeyAction, TokenArgs};
use crate::commands::Context;
use crate::config::{
    AccessKey, DEFAULT_ENDPOINT, KakaoCloudSettings, Profile, ProviderKind, ProviderSettings,
};
use crate::error::{Error, Result};
use crate::token_cache::CachePolicy;
use crate::ui::output::{self, EnvVar};
use secrecy::{ExposeSecret, SecretString};

pub struct KakaoCloud;

impl Provider for KakaoCloud {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Kakaocloud
    }

    fn capabilities(&self) -> &'static [Capability] {
        &[
            Capability::ApiTokens,
            Capability::IamKeys,
            Capability::Projects,
            Capability::TemporaryS3,
            Capability::Kms,
            Capability::KeyVariables,
        ]
    }

    /// KakaoCloud's, not the environment's: `KAKAOCLOUD_IAM_ENDPOINT` and `OS_AUTH_URL` are
    /// for keys named in the environment (a leftover openrc, or the variables `kcred exec`
    /// exports, must not decide where a new profile's secret goes).
    fn default_endpoint(&self) -> &'static str {
        DEFAULT_ENDPOINT
    }

    fn secret_prompt(&self) -> &'static str {
        "IAM access key secret"
    }

    fn new_profile(
        &self,
        ctx: &Context,
        args: &ProfileAddArgs,
        endpoint: String,
        secret: &SecretString,
    ) -> Result<NewProfile> {
        let key = match (&args.access_key_id, &args.access_key_name, &args.user_id) {
            (Some(id), _, _) => AccessKey::Id(validate_identifier("access key ID", id)?),
            (None, Some(name), Some(user_id)) => AccessKey::Name {
                name: validate_identifier("access key name", name)?,
                user_id: validate_identifier("user ID", user_id)?,
            },
            _ => {
                return Err(Error::usage(
                    "give --access-key-id, or --access-key-name with --user-id",
                ));
            }
        };
        let mut first_token = if args.no_verify {
            None
        } else {
            Some(
                ctx.client(&endpoint)?
                    .issue_token(&key, secret)
                    .map_err(|err| super::verification_failed(err, "key"))
                    .map_err(|err| crate::commands::rejected_key_hint(err, None))?,
            )
        };
        let mut settings = KakaoCloudSettings::new(key);
        if let Some(issued) = &mut first_token {
            settings.user_id = Some(issued.info.user_id.clone());
            settings.project_id.clone_from(&issued.info.project_id);
            settings.project_name.clone_from(&issued.info.project_name);
            settings.key_expires_at = issued
                .info
                .access_key_expires_at
                .or_else(|| listed_expiry(ctx, &endpoint, issued, &settings.key));
            if let Some(at) = settings.key_expires_at {
                let now = jiff::Timestamp::now();
                issued.info.expires_at =
                    crate::key_expiry::trusted_until(issued.info.expires_at, Some(at), now);
                if let Some(warning) =
                    ctx.key_expiry_warning(args.name.as_deref(), &settings.key, at)
                {
                    ctx.ui.note(&format!("warning: {warning}"));
                }
            }
        }
        Ok(NewProfile {
            profile: Profile::new(endpoint, ProviderSettings::Kakaocloud(settings)),
            first_token,
        })
    }

    fn token(&self, ctx: &Context, args: &TokenArgs) -> Result<()> {
        print_token(ctx, args)
    }

    fn variables(&self, ctx: &Context) -> Result<(Option<String>, Vec<EnvVar>)> {
        variables::token_variables(ctx)
    }

    fn key_variables(&self, ctx: &Context) -> Result<Vec<EnvVar>> {
        variables::key_variables(ctx)
    }

    fn s3_key(&self, ctx: &Context, command: S3KeyAction) -> Result<()> {
        s3_keys::run(ctx, command)
    }
}

/// The key's expiry from the key listing, read with the key's first token; unknown when the
/// listing cannot be had (the profile works all the same).
fn listed_expiry(
    ctx: &Context,
    endpoint: &str,
    issued: &crate::iam::IssuedToken,
    key: &AccessKey,
) -> Option<jiff::Timestamp> {
    let listed = ctx
        .client(endpoint)
        .and_then(|client| client.list_access_keys(&issued.token, &issued.info.user_id));
    let keys = match listed {
        Ok(keys) => keys,
        Err(err) => {
            ctx.ui
                .verbose(&format!("the key's expiry is not known: {}", err.message()));
            return None;
        }
    };
    keys.iter()
        .find(|listed| match key {
            AccessKey::Id(id) => listed.id == *id,
            AccessKey::Name { name, .. } => listed.name == *name,
        })
        .and_then(|listed| listed.expiry())
}

/// Exactly the token and a newline, so `TOKEN=$(kcred token)` works.
fn print_token(ctx: &Context, args: &TokenArgs) -> Result<()> {
    let policy = if args.refresh {
        CachePolicy::Refresh
    } else if args.no_cache {
        CachePolicy::Bypass
    } else {
        CachePolicy::Use
    };
    let (_, token) = ctx.token(policy)?;
    ctx.ui.verbose(if token.from_cache {
        "token from the cache"
    } else {
        "token newly issued"
    });
    ctx.ui.show(
        &serde_json::json!({
            "token": token.token.expose_secret(),
            "expires_at": token.entry.info.expires_at,
            "user_id": token.entry.info.user_id,
            "project_id": token.entry.info.project_id,
            "from_cache": token.from_cache,
        }),
        || output::print_line(token.token.expose_secret()),
    )
}
