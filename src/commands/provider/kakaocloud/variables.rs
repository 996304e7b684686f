//! KakaoCloud's variables for `env` and `exec`: the token set, and the access key set that
//! `--with-key` adds.

use crate::commands::Context;
use crate::config::{AccessKey, DEFAULT_REGION};
use crate::credentials::Credential;
use crate::error::{Error, Result};
use crate::token_cache::CachePolicy;
use crate::ui::output::EnvVar;
use secrecy::ExposeSecret;

/// KakaoCloud's token variables: a valid token and what it is for. Only what works for the
/// clients that read it: curl and scripts take `KAKAOCLOUD_TOKEN`; gophercloud-based tools
/// take `OS_AUTH_TOKEN` with `OS_AUTH_URL` and use it as it is, because no project is named
/// (a named scope, or keystoneauth's `v3token` plugin, would ask Keystone to re-issue the
/// token by the token method, which it refuses for tokens from an IAM access key).
pub(super) fn token_variables(ctx: &Context) -> Result<(Option<String>, Vec<EnvVar>)> {
    let (credential, token) = ctx.token(CachePolicy::Use)?;
    let info = &token.entry.info;
    let project_id = info.project_id.clone().unwrap_or_default();
    let vars = vec![
        EnvVar::secret("KAKAOCLOUD_TOKEN", token.token.expose_secret()),
        EnvVar::plain("KAKAOCLOUD_TOKEN_EXPIRES_AT", &info.expires_at.to_string()),
        EnvVar::plain("KAKAOCLOUD_PROJECT_ID", &project_id),
        EnvVar::plain("KAKAOCLOUD_USER_ID", &info.user_id),
        EnvVar::plain("KAKAOCLOUD_IAM_ENDPOINT", &credential.endpoint),
        EnvVar::plain("OS_AUTH_URL", &credential.endpoint),
        EnvVar::secret("OS_AUTH_TOKEN", token.token.expose_secret()),
        EnvVar::plain("OS_IDENTITY_API_VERSION", "3"),
    ];
    Ok((credential.profile, vars))
}

/// KakaoCloud's access key and its secret, in the forms the tools that take only a key read:
/// KakaoCloud's Terraform provider (`KAKAOCLOUD_APPLICATION_CREDENTIAL_*`, an ID only) and
/// keystoneauth, gophercloud and `kic-iam-auth` (`OS_*` with `v3applicationcredential`). No
/// `OS_PROJECT_*`: an application credential is bound to its project and refuses a scope.
pub(super) fn key_variables(ctx: &Context) -> Result<Vec<EnvVar>> {
    let credential = ctx.credential()?;
    let secret = credential.read_secret(ctx.stores.store())?;
    let region = match &credential.profile {
        Some(name) => ctx
            .stores
            .config()?
            .profiles
            .get(name)
            .map_or(DEFAULT_REGION.to_string(), |p| p.kakaocloud_region()),
        None => {
            crate::credentials::environment_regional(ctx.settings.environment.lookup())?
                .region
                .value
        }
    };
    let mut vars = vec![
        EnvVar::plain("OS_AUTH_URL", &credential.endpoint),
        EnvVar::plain("OS_AUTH_TYPE", "v3applicationcredential"),
        EnvVar::plain("OS_IDENTITY_API_VERSION", "3"),
        EnvVar::plain("OS_REGION_NAME", &region),
    ];
    let key_id = match &credential.key {
        AccessKey::Id(id) => {
            vars.push(EnvVar::plain("OS_APPLICATION_CREDENTIAL_ID", id));
            id.clone()
        }
        AccessKey::Name { name, user_id } => {
            vars.push(EnvVar::plain("OS_APPLICATION_CREDENTIAL_NAME", name));
            vars.push(EnvVar::plain("OS_USER_ID", user_id));
            named_key_id(ctx, &credential, name)?
        }
    };
    vars.push(EnvVar::secret(
        "OS_APPLICATION_CREDENTIAL_SECRET",
        secret.expose_secret(),
    ));
    vars.push(EnvVar::plain(
        "KAKAOCLOUD_APPLICATION_CREDENTIAL_ID",
        &key_id,
    ));
    vars.push(EnvVar::secret(
        "KAKAOCLOUD_APPLICATION_CREDENTIAL_SECRET",
        secret.expose_secret(),
    ));
    Ok(vars)
}

/// The ID of the key a method-2 credential names: remembered in its profile, else looked up
/// once through the API (and remembered, for a profile).
fn named_key_id(ctx: &Context, credential: &Credential, name: &str) -> Result<String> {
    let config = ctx.stores.config()?;
    let remembered = credential
        .profile
        .as_deref()
        .and_then(|profile| config.profiles.get(profile))
        .and_then(|profile| profile.kakaocloud()?.named_key_id.clone());
    if let Some(id) = remembered {
        return Ok(id);
    }
    let session = ctx.session()?;
    let user_id = session.user_id();
    let keys = session.call(|client, token| client.list_access_keys(token, &user_id))?;
    let id = keys
        .into_iter()
        .find(|key| key.name == name)
        .map(|key| key.id)
        .ok_or_else(|| {
            Error::other(format!("KakaoCloud lists no IAM access key named '{name}'"))
                .with_hint("check the key with `kcred iam-key list`")
        })?;
    // A shared profile is the operator's to change: a runner looks the ID up each time.
    if let Some(profile) = credential.profile.as_deref()
        && !ctx.stores.shared()
    {
        ctx.stores.update_config(|config| {
            let saved = config
                .profiles
                .get_mut(profile)
                .and_then(|saved| saved.kakaocloud_mut());
            if let Some(saved) = saved
                && matches!(&saved.key, AccessKey::Name { name: saved_name, .. } if saved_name == name)
            {
                saved.named_key_id = Some(id.clone());
            }
            Ok(())
        })?;
        ctx.ui.verbose(&format!(
            "remembered the ID of key '{name}' in profile '{profile}'"
        ));
    }
    Ok(id)
}
