//! What S3 access keys share across providers and commands: where S3 clients go (region and
//! endpoint), which stored key to use, and the key lifecycle kcred keeps (remember the key a
//! profile made; forget a deleted one everywhere).

use super::Context;
use super::key_journal::ContextProfiles;
use crate::config::{Regional, validate_endpoint};
use crate::error::{Error, Result};
use crate::key_ops;
use crate::secrets::SecretName;
use secrecy::SecretString;

/// Region and Object Storage endpoint for S3 clients. A profile's token and keys go to the
/// profile's endpoint only (its own, its region's, else KakaoCloud's default);
/// `KAKAOCLOUD_REGION` and `KAKAOCLOUD_S3_ENDPOINT` are for credentials from the environment,
/// as the identity endpoint's variables are.
pub fn settings(ctx: &Context, profile: Option<&str>) -> Result<(String, String)> {
    let regional = match profile {
        None => crate::credentials::environment_regional(ctx.settings.environment.lookup())?,
        Some(name) => match ctx.stores.config()?.profiles.get(name) {
            Some(profile) => profile.regional(),
            None => Regional::new(None, None, None, None),
        },
    };
    let endpoint =
        validate_endpoint(&regional.s3_endpoint.value).map_err(|err| err.context("s3_endpoint"))?;
    Ok((regional.s3_region.value, endpoint))
}

/// The S3 access key to use and its secret from the keyring: the one named, else the
/// profile's only stored one.
pub fn stored_key(
    ctx: &Context,
    profile: Option<&str>,
    wanted: Option<String>,
) -> Result<(String, SecretString)> {
    let access = match wanted {
        Some(access) => access,
        None => {
            let config = ctx.stores.config()?;
            let Some(profile) = profile else {
                return Err(Error::usage("name the S3 access key to use")
                    .with_hint("give it after --s3 (see `kcred s3-key list`)"));
            };
            let stored = config
                .profiles
                .get(profile)
                .map(|p| p.s3_access_keys.clone())
                .unwrap_or_default();
            match stored.as_slice() {
                [only] => only.clone(),
                [] => {
                    return Err(Error::usage(format!(
                        "profile '{profile}' has no S3 access key with a stored secret"
                    ))
                    .with_hint("create one with `kcred s3-key create`, or name one after --s3"));
                }
                several => {
                    return Err(Error::usage(format!(
                        "profile '{profile}' has several S3 access keys: {}",
                        several.join(", ")
                    ))
                    .with_hint("name the one to use after --s3"));
                }
            }
        }
    };
    refuse_if_being_deleted(ctx, &access)?;
    let secret = ctx
        .stores
        .store()
        .get(&SecretName::S3KeySecret(access.clone()))?
        .ok_or_else(|| {
            Error::other(format!(
                "the secret store holds no secret for S3 access key {access}"
            ))
            .with_hint("only keys made with `kcred s3-key create` have their secret stored")
        })?;
    Ok((access, secret))
}

/// After a key is deleted on the server: its stored secret goes, and no profile offers it.
pub fn forget_deleted_key(ctx: &Context, access: &str) -> Result<()> {
    drop_deleted_key(ctx, access)?;
    ctx.ui.note(&format!("Deleted S3 access key {access}."));
    Ok(())
}

/// [`forget_deleted_key`] without a word, for a caller that says what it did its own way.
pub fn drop_deleted_key(ctx: &Context, access: &str) -> Result<()> {
    key_ops::drop_deleted_s3_key(&ContextProfiles(ctx), ctx.stores.store(), access)
}

/// Refuses an S3 key whose deletion was begun: it may be gone on the server already.
fn refuse_if_being_deleted(ctx: &Context, access: &str) -> Result<()> {
    if key_ops::s3_key_being_deleted(&ctx.stores.journal(), access)? {
        return Err(Error::other(format!(
            "S3 access key {access} is being deleted (or its deletion was interrupted)"
        ))
        .with_hint(
            "the next kcred run of the profile that deletes it settles it; see `kcred doctor`",
        ));
    }
    Ok(())
}

/// Records that `profile` made the key, so `kcred env --s3` can pick it without a name.
pub fn remember_key(ctx: &Context, profile: &str, access: &str) -> Result<()> {
    key_ops::remember_s3_key(&ContextProfiles(ctx), profile, access)
}
