//! `kcred env` and `kcred exec`: the credentials as environment variables, for scripts and CI.

use super::Context;
use crate::cli::{EnvArgs, EnvFormat, ExecArgs};
use crate::config::{AccessKey, Config, DEFAULT_S3_ENDPOINT, DEFAULT_S3_REGION, validate_endpoint};
use crate::credentials::Credential;
use crate::error::{Error, Result};
use crate::output::{self, EnvVar};
use crate::secrets::SecretName;
use crate::token_cache::CachePolicy;
use secrecy::{ExposeSecret, SecretString};
use std::collections::BTreeMap;
use std::process::Command;

/// Set in the environment of a command run by `kcred exec`, to the profile it runs as, so a
/// nested `kcred exec` for another profile is refused (a mix of two accounts' credentials).
pub const EXEC_MARKER: &str = "KCRED_EXEC_PROFILE";
const ENVIRONMENT_CREDENTIALS: &str = "(environment)";

/// The variables for the current profile: its provider's (for KakaoCloud a valid token and
/// what it is for), with `with_key` its access key and secret too, and with `s3` an S3 access
/// key under the AWS names. Also the profile they are for (`None` for credentials from the
/// environment).
pub fn variables(
    ctx: &Context,
    with_key: bool,
    s3: S3Choice,
) -> Result<(Option<String>, Vec<EnvVar>)> {
    let provider = super::provider::current(ctx)?;
    let (profile, mut vars) = provider.variables(ctx)?;
    if with_key {
        // A key variable replaces a token variable of the same name (`OS_AUTH_URL`), and the
        // OpenStack token goes: keystoneauth reads `OS_AUTH_TOKEN` too, and refuses a token
        // alongside an application credential.
        vars.retain(|existing| existing.name != "OS_AUTH_TOKEN");
        for var in provider.key_variables(ctx)? {
            vars.retain(|existing| existing.name != var.name);
            vars.push(var);
        }
    }
    let s3_vars = match s3 {
        S3Choice::None => Vec::new(),
        S3Choice::Key(wanted) => {
            let (access, secret) = s3_key(ctx, profile.as_deref(), wanted)?;
            vec![
                plain("AWS_ACCESS_KEY_ID", &access),
                secret_var("AWS_SECRET_ACCESS_KEY", secret.expose_secret()),
            ]
        }
        S3Choice::Temporary => {
            super::provider::require_kakaocloud(ctx, "env --s3-temp")?;
            let (_, creds) = super::s3_temp::temporary_credentials(ctx, CachePolicy::Use, None)?;
            super::s3_temp::variables(&creds)
        }
    };
    if !s3_vars.is_empty() {
        let (region, endpoint) = s3_settings(ctx, profile.as_deref())?;
        vars.extend(s3_vars);
        vars.push(plain("AWS_REGION", &region));
        vars.push(plain("AWS_DEFAULT_REGION", &region));
        vars.push(plain("AWS_ENDPOINT_URL_S3", &endpoint));
    }
    Ok((profile, vars))
}

fn plain(name: &'static str, value: &str) -> EnvVar {
    EnvVar {
        name,
        value: value.to_string(),
        secret: false,
    }
}

fn secret_var(name: &'static str, value: &str) -> EnvVar {
    EnvVar {
        name,
        value: value.to_string(),
        secret: true,
    }
}

/// KakaoCloud's token variables: a valid token and what it is for. Only what works for the
/// clients that read it: curl and scripts take `KAKAOCLOUD_TOKEN`; gophercloud-based tools
/// take `OS_AUTH_TOKEN` with `OS_AUTH_URL` and use it as it is, because no project is named
/// (a named scope, or keystoneauth's `v3token` plugin, would ask Keystone to re-issue the
/// token by the token method, which it refuses for tokens from an IAM access key).
pub fn token_variables(ctx: &Context) -> Result<(Option<String>, Vec<EnvVar>)> {
    let (credential, token) = ctx.token(CachePolicy::Use)?;
    let info = &token.entry.info;
    let project_id = info.project_id.clone().unwrap_or_default();
    let vars = vec![
        secret_var("KAKAOCLOUD_TOKEN", token.token.expose_secret()),
        plain("KAKAOCLOUD_TOKEN_EXPIRES_AT", &info.expires_at.to_string()),
        plain("KAKAOCLOUD_PROJECT_ID", &project_id),
        plain("KAKAOCLOUD_USER_ID", &info.user_id),
        plain("KAKAOCLOUD_IAM_ENDPOINT", &credential.endpoint),
        plain("OS_AUTH_URL", &credential.endpoint),
        secret_var("OS_AUTH_TOKEN", token.token.expose_secret()),
        plain("OS_IDENTITY_API_VERSION", "3"),
    ];
    Ok((credential.profile, vars))
}

/// KakaoCloud's access key and its secret, in the forms the tools that take only a key read:
/// KakaoCloud's Terraform provider (`KAKAOCLOUD_APPLICATION_CREDENTIAL_*`, an ID only) and
/// keystoneauth, gophercloud and `kic-iam-auth` (`OS_*` with `v3applicationcredential`). No
/// `OS_PROJECT_*`: an application credential is bound to its project and refuses a scope.
pub fn key_variables(ctx: &Context) -> Result<Vec<EnvVar>> {
    let credential = ctx.credential()?;
    let secret = credential.read_secret(ctx.store())?;
    let region = match &credential.profile {
        Some(name) => ctx
            .config()?
            .profiles
            .get(name)
            .map_or(DEFAULT_S3_REGION.to_string(), |p| p.s3_region().to_string()),
        None => DEFAULT_S3_REGION.to_string(),
    };
    let mut vars = vec![
        plain("OS_AUTH_URL", &credential.endpoint),
        plain("OS_AUTH_TYPE", "v3applicationcredential"),
        plain("OS_IDENTITY_API_VERSION", "3"),
        plain("OS_REGION_NAME", &region),
    ];
    let key_id = match &credential.key {
        AccessKey::Id(id) => {
            vars.push(plain("OS_APPLICATION_CREDENTIAL_ID", id));
            id.clone()
        }
        AccessKey::Name { name, user_id } => {
            vars.push(plain("OS_APPLICATION_CREDENTIAL_NAME", name));
            vars.push(plain("OS_USER_ID", user_id));
            named_key_id(ctx, &credential, name)?
        }
    };
    vars.push(secret_var(
        "OS_APPLICATION_CREDENTIAL_SECRET",
        secret.expose_secret(),
    ));
    vars.push(plain("KAKAOCLOUD_APPLICATION_CREDENTIAL_ID", &key_id));
    vars.push(secret_var(
        "KAKAOCLOUD_APPLICATION_CREDENTIAL_SECRET",
        secret.expose_secret(),
    ));
    Ok(vars)
}

/// The ID of the key a method-2 credential names: remembered in its profile, else looked up
/// once through the API (and remembered, for a profile).
fn named_key_id(ctx: &Context, credential: &Credential, name: &str) -> Result<String> {
    let config = ctx.config()?;
    let remembered = credential
        .profile
        .as_deref()
        .and_then(|profile| config.profiles.get(profile))
        .and_then(|profile| profile.named_key_id.clone());
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
    if let Some(profile) = credential.profile.as_deref() {
        Config::update(&ctx.dirs, |config| {
            if let Some(saved) = config.profiles.get_mut(profile)
                && saved.access_key_name.as_deref() == Some(name)
            {
                saved.named_key_id = Some(id.clone());
            }
            Ok(())
        })?;
        ctx.verbose(&format!(
            "remembered the ID of key '{name}' in profile '{profile}'"
        ));
    }
    Ok(id)
}

/// Which S3 credentials `env` and `exec` add, if any.
pub enum S3Choice {
    None,
    /// A long-lived S3 access key: the one named, else the profile's only stored one.
    Key(Option<String>),
    /// Temporary credentials exchanged for the token.
    Temporary,
}

impl S3Choice {
    pub fn from_flags(s3: Option<Option<String>>, s3_temp: bool) -> S3Choice {
        match (s3, s3_temp) {
            (_, true) => S3Choice::Temporary,
            (Some(wanted), false) => S3Choice::Key(wanted),
            (None, false) => S3Choice::None,
        }
    }
}

/// Region and Object Storage endpoint for S3 clients: `KAKAOCLOUD_S3_ENDPOINT`, then the
/// profile's, then KakaoCloud's defaults.
pub fn s3_settings(ctx: &Context, profile: Option<&str>) -> Result<(String, String)> {
    let config = ctx.config()?;
    let profile = profile.and_then(|p| config.profiles.get(p));
    let region = profile.map_or(DEFAULT_S3_REGION, |p| p.s3_region());
    let endpoint = match std::env::var("KAKAOCLOUD_S3_ENDPOINT") {
        Ok(from_env) if !from_env.is_empty() => validate_endpoint(&from_env)?,
        _ => profile
            .map_or(DEFAULT_S3_ENDPOINT, |p| p.s3_endpoint())
            .to_string(),
    };
    Ok((region.to_string(), endpoint))
}

/// The S3 access key to use and its secret from the keyring: the one named, else the
/// profile's only stored one.
pub fn s3_key(
    ctx: &Context,
    profile: Option<&str>,
    wanted: Option<String>,
) -> Result<(String, SecretString)> {
    let access = match wanted {
        Some(access) => access,
        None => {
            let config = ctx.config()?;
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
    let secret = ctx
        .store()
        .get(&SecretName::S3KeySecret(access.clone()))?
        .ok_or_else(|| {
            Error::other(format!(
                "the keyring holds no secret for S3 access key {access}"
            ))
            .with_hint("only keys made with `kcred s3-key create` have their secret stored")
        })?;
    Ok((access, secret))
}

pub fn env(ctx: &Context, args: EnvArgs) -> Result<()> {
    let (_, vars) = variables(
        ctx,
        args.with_key,
        S3Choice::from_flags(args.s3, args.s3_temp),
    )?;
    match args.format {
        EnvFormat::Json => {
            let object: BTreeMap<&str, &str> =
                vars.iter().map(|v| (v.name, v.value.as_str())).collect();
            output::print_json(&object)
        }
        EnvFormat::Github => {
            let path = std::env::var_os("GITHUB_ENV").ok_or_else(|| {
                Error::usage("GITHUB_ENV is not set")
                    .with_hint("--format github works inside a GitHub Actions step")
            })?;
            // Masks first, so the values are hidden before anything can print them.
            output::print(&output::github_masks(&vars))?;
            use std::io::Write;
            std::fs::OpenOptions::new()
                .append(true)
                .create(true)
                .open(&path)
                .and_then(|mut file| file.write_all(output::github_env(&vars).as_bytes()))
                .map_err(|err| {
                    Error::other(format!(
                        "cannot append to {}: {err}",
                        std::path::Path::new(&path).display()
                    ))
                })
        }
        format => output::print(&output::render_env(format, &vars, !args.no_export)?),
    }
}

pub fn exec(ctx: &Context, args: ExecArgs) -> Result<()> {
    let (profile, vars) = variables(
        ctx,
        args.with_key,
        S3Choice::from_flags(args.s3, args.s3_temp),
    )?;
    let running_as = profile.unwrap_or_else(|| ENVIRONMENT_CREDENTIALS.to_string());
    if let Ok(outer) = std::env::var(EXEC_MARKER)
        && outer != running_as
    {
        return Err(Error::usage(format!(
            "already inside `kcred exec` for '{outer}'; refusing to nest '{running_as}'"
        ))
        .with_hint("exit that shell first, or run with the same profile"));
    }
    let (program, rest) = args
        .command
        .split_first()
        .ok_or_else(|| Error::usage("no command given after --"))?;
    let mut command = Command::new(program);
    command.args(rest).env(EXEC_MARKER, &running_as);
    for var in &vars {
        command.env(var.name, &var.value);
    }
    drop(vars);
    run(command, &program.to_string_lossy())
}

/// On Unix kcred becomes the command (like `exec` in a shell): stdin, stdout, stderr and
/// signals reach it directly, and its exit status, or the signal that ended it, is kcred's.
#[cfg(unix)]
fn run(mut command: Command, name: &str) -> Result<()> {
    use std::os::unix::process::CommandExt;
    let err = command.exec();
    Err(spawn_error(name, &err))
}

/// Elsewhere kcred waits for the command and exits with its exit code.
#[cfg(not(unix))]
fn run(mut command: Command, name: &str) -> Result<()> {
    let status = command.status().map_err(|err| spawn_error(name, &err))?;
    std::process::exit(status.code().unwrap_or(1));
}

/// A command that cannot be started exits 127 (not found) or 126 (not runnable), as in a shell.
fn spawn_error(name: &str, err: &std::io::Error) -> Error {
    let (kind, what) = match err.kind() {
        std::io::ErrorKind::NotFound => (
            crate::error::ErrorKind::CommandNotFound,
            "command not found",
        ),
        _ => (
            crate::error::ErrorKind::CommandNotRunnable,
            "cannot run command",
        ),
    };
    Error::new(kind, format!("{what}: {name}: {err}"))
}
