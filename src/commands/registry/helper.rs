//! `docker-credential-kcred`: the Docker credential-helper protocol (`get`, `store`, `erase`,
//! `list`, `version`; the request on stdin, the answer on stdout). Clients run it under
//! `docker build` and CI with no terminal: it never prompts and never goes to the network for
//! a token; `get` reads one secret from the profile's store, or its short-lived copy
//! ([`secret_copy`]).

use super::super::Context;
use crate::cli::GlobalArgs;
use crate::config::Profile;
use crate::credentials::{Credential, SecretSource};
use crate::error::{Error, Result};
use crate::registry::secret_copy;
use crate::registry::{
    forget_host, normalise_host, profile_for_host, profiles_with_key, record_host, username_of,
};
use crate::secrets::SecretName;
use secrecy::{ExposeSecret, SecretString};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::process::ExitCode;
use zeroize::Zeroize;

/// What clients take for "no credentials here": docker and skopeo then go on anonymously.
const NOT_FOUND: &str = "credentials not found in native keychain";
const NO_SERVER_URL: &str = "no credentials server URL";
const NO_USERNAME: &str = "no credentials username";
/// The username docker uses for an identity token, which KCR does not take.
const IDENTITY_TOKEN_USER: &str = "<token>";

enum Failure {
    /// One of the protocol's own answers, said on stdout as is.
    Protocol(&'static str),
    Error(Error),
}

impl From<Error> for Failure {
    fn from(err: Error) -> Failure {
        Failure::Error(err)
    }
}

/// The environment kcred reads as flags (`KCRED_PROFILE`, `KCRED_TIMEOUT`, …): the helper takes
/// no options of its own, its first argument is the verb.
#[derive(clap::Parser)]
#[command(name = "docker-credential-kcred")]
struct HelperEnv {
    #[command(flatten)]
    global: GlobalArgs,
}

/// The most a request on stdin may hold: a host name, or a login's server URL, user name and
/// secret, are far below it.
pub const MAX_REQUEST_BYTES: u64 = 64 * 1024;

/// Runs the verb in `argv[1]` and answers as the protocol says.
pub fn main() -> ExitCode {
    // As kcred: no core file and no `/proc` reads of a process that holds a secret.
    crate::report::start();
    let verb = std::env::args().nth(1);
    let answer = match verb.as_deref() {
        // `list` and `version` take no request: do not wait on a stdin nobody closes.
        Some("get" | "store" | "erase") => match read_request(std::io::stdin().lock()) {
            Ok(input) => {
                let answer = answer(verb.as_deref(), &input);
                drop(zeroize::Zeroizing::new(input));
                answer
            }
            Err(err) => Err(Failure::Error(err)),
        },
        _ => answer(verb.as_deref(), &[]),
    };
    let mut stdout = std::io::stdout().lock();
    match answer {
        Ok(text) => {
            let _ = stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush());
            drop(zeroize::Zeroizing::new(text));
            ExitCode::SUCCESS
        }
        Err(Failure::Protocol(text)) => {
            let _ = writeln!(stdout, "{text}");
            ExitCode::from(1)
        }
        Err(Failure::Error(err)) => {
            // Clients show stdout ("error getting credentials - … out: …") and pass stderr
            // through: one line there, kcred's usual two lines here.
            let line = crate::report::one_line(err.message());
            let _ = writeln!(stdout, "{}", crate::ui::output::for_terminal(&line));
            crate::report::report(&err)
        }
    }
}

/// The request on `input`, up to [`MAX_REQUEST_BYTES`]; more is refused unread.
fn read_request(input: impl Read) -> Result<Vec<u8>> {
    let mut request = Vec::new();
    input
        .take(MAX_REQUEST_BYTES + 1)
        .read_to_end(&mut request)
        .map_err(|err| Error::other(format!("cannot read the request on standard input: {err}")))?;
    if request.len() as u64 > MAX_REQUEST_BYTES {
        request.zeroize();
        return Err(Error::usage(format!(
            "the request on standard input is larger than {} KiB, more than any credential \
             helper request",
            MAX_REQUEST_BYTES / 1024
        ))
        .with_hint("container clients send a host name or a login: run the helper through them"));
    }
    Ok(request)
}

fn answer(verb: Option<&str>, input: &[u8]) -> std::result::Result<String, Failure> {
    let verb = match verb {
        Some(verb @ ("get" | "store" | "erase" | "list")) => verb,
        Some("version") => {
            return Ok(format!(
                "docker-credential-kcred (kcred) {}\n",
                env!("CARGO_PKG_VERSION")
            ));
        }
        _ => {
            return Err(Failure::Error(
                Error::usage("docker-credential-kcred takes get, store, erase, list or version")
                    .with_hint(
                        "container clients run it; set it up with `kcred registry configure`",
                    ),
            ));
        }
    };
    let ctx = context()?;
    match verb {
        "get" => get(&ctx, &read_server_url(input)?),
        "store" => store(&ctx, input).map(|()| String::new()),
        "erase" => erase(&ctx, &read_server_url(input)?).map(|()| String::new()),
        _ => list(&ctx),
    }
}

fn context() -> Result<Context> {
    let mut global = <HelperEnv as clap::Parser>::try_parse_from(["docker-credential-kcred"])
        .map_err(|err| {
            let text = err.to_string();
            let line = text
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("error: ");
            Error::usage(format!("a KCRED_ variable is not valid: {line}"))
                .with_hint("fix or unset it in the environment the container client runs in")
        })?
        .global;
    // No terminal to answer on: never prompt (a locked store is an error, not a wait).
    global.no_input = true;
    Context::new(global, crate::settings::Settings::from_process()?)
}

/// The registry a `get` or `erase` asks about: stdin's URL, normalised.
fn read_server_url(input: &[u8]) -> std::result::Result<String, Failure> {
    let text = String::from_utf8_lossy(input);
    normalise_host(&text).ok_or(Failure::Protocol(NO_SERVER_URL))
}

fn get(ctx: &Context, host: &str) -> std::result::Result<String, Failure> {
    let config = ctx.stores.config()?;
    let Some((name, profile)) = profile_for_host(&config, host, ctx.global.profile.as_deref())?
    else {
        return Err(Failure::Protocol(NOT_FOUND));
    };
    let username = username_of(name, profile)?;
    let secret = profile_secret_for_get(&ctx.for_profile(name)?, name, profile)?;
    let answer = serde_json::json!({
        "ServerURL": host,
        "Username": username,
        "Secret": secret.expose_secret(),
    });
    Ok(format!("{answer}\n"))
}

/// The secret for a `get`: the short-lived copy in the kernel keyring when there is one for
/// the profile's key (no store opened, no D-Bus connection), else the store's, copied for the
/// `get`s of the rest of the build.
fn profile_secret_for_get(ctx: &Context, name: &str, profile: &Profile) -> Result<SecretString> {
    let Some(copies) = ctx.stores.registry_copies() else {
        return profile_secret(ctx, name, profile);
    };
    let key = profile.access_key()?;
    if let Some(secret) = secret_copy::read(copies, name, &key) {
        return Ok(secret);
    }
    let secret = profile_secret(ctx, name, profile)?;
    crate::failpoint::pause("registry-get:before-copy");
    secret_copy::keep(copies, name, &key, &secret);
    // A change of the secret between the read and the copy dropped the copies before this
    // one was made: unless the store still holds what was read, the copy goes too.
    let still = profile_secret(ctx, name, profile);
    if !still.is_ok_and(|now| now.expose_secret() == secret.expose_secret()) {
        let _ = secret_copy::forget(copies, name);
    }
    Ok(secret)
}

/// The secret of the profile's key, from the profile's store: the key's own entry first, so a
/// rotated key is what the next `get` returns.
pub(super) fn profile_secret(ctx: &Context, name: &str, profile: &Profile) -> Result<SecretString> {
    Credential {
        profile: Some(name.to_string()),
        endpoint: profile.endpoint.clone(),
        endpoint_overridden: false,
        key: profile.access_key()?,
        secret: SecretSource::Keyring(SecretName::ProfileSecret(name.to_string())),
    }
    .read_secret(ctx.stores.store())
}

#[derive(serde::Deserialize)]
struct StoreRequest {
    #[serde(rename = "ServerURL", default)]
    server_url: String,
    #[serde(rename = "Username", default)]
    username: String,
    #[serde(rename = "Secret")]
    secret: Option<SecretString>,
}

/// `docker login` / `podman login`: kcred already holds the key, so a login with a profile's
/// key ID and its very secret records the host for that profile; nothing else is kept.
fn store(ctx: &Context, input: &[u8]) -> std::result::Result<(), Failure> {
    // serde's messages may quote the input, which holds the secret: say where only.
    let request: StoreRequest = serde_json::from_slice(input).map_err(|err| {
        Error::usage(format!(
            "the login request is not the credential-helper JSON (line {} column {})",
            err.line(),
            err.column()
        ))
        .with_hint("container clients send it; run the helper through `docker login`")
    })?;
    if request.server_url.trim().is_empty() {
        return Err(Failure::Protocol(NO_SERVER_URL));
    }
    let host = normalise_host(&request.server_url).ok_or_else(|| {
        Error::usage("the login's server URL names no registry host (HOST or HOST:PORT)")
            .with_hint("log in to the registry's host name, e.g. demo.kr-central-2.kcr.dev")
    })?;
    let key_id = request.username.trim();
    if key_id.is_empty() {
        return Err(Failure::Protocol(NO_USERNAME));
    }
    if key_id == IDENTITY_TOKEN_USER {
        return Err(Error::usage(format!(
            "the login to {host} is an identity token, and KakaoCloud Container Registry takes \
             an IAM access key"
        ))
        .with_hint("log in with the access key ID as the username and its secret as the password")
        .into());
    }
    let secret = request
        .secret
        .filter(|secret| !secret.expose_secret().is_empty())
        .ok_or_else(|| Error::usage(format!("the login to {host} has no password")))?;
    let config = ctx.stores.config()?;
    let forced = ctx.global.profile.as_deref();
    let candidates: Vec<_> = profiles_with_key(&config, key_id)
        .into_iter()
        .filter(|(name, _)| forced.is_none_or(|wanted| wanted == *name))
        .collect();
    // The user name given is never repeated: a secret typed into the wrong field would be
    // printed.
    if candidates.is_empty() {
        return Err(Error::usage(format!(
            "the user name given is the access key ID of no kcred profile{}, so kcred cannot \
             log in to {host} with it",
            forced.map(|name| format!(" '{name}'")).unwrap_or_default()
        ))
        .with_hint(
            "log in with an access key ID that a profile uses as the user name, or add it \
             first: `kcred profile add NAME --access-key-id ID --secret-stdin` (nothing was \
             stored)",
        )
        .into());
    }
    for (name, profile) in &candidates {
        let stored = profile_secret(&ctx.for_profile(name)?, name, profile)?;
        if stored.expose_secret() == secret.expose_secret() {
            let name = name.to_string();
            ctx.stores
                .update_config(|config| Ok(record_host(config, &name, &host)))?;
            return Ok(());
        }
    }
    let names = candidates
        .iter()
        .map(|(name, _)| format!("'{name}'"))
        .collect::<Vec<_>>()
        .join(", ");
    Err(Error::new(
        crate::error::ErrorKind::Rejected,
        format!(
            "the password given is not the secret profile {names} holds for that access key ID; \
         nothing was changed"
        ),
    )
    .with_hint(
        "log in with the secret shown when the key was created; to replace the stored one, \
         `kcred profile add NAME --force --access-key-id ID --secret-stdin`",
    )
    .into())
}

/// `docker logout`: the host a login or `kcred registry configure` recorded is forgotten;
/// profiles and keys stay. A host kcred serves all the same (its profile's project's own
/// registry) is not logged out by forgetting a record: that fails, and says what does stop it.
/// Idempotent for a host kcred does not serve.
fn erase(ctx: &Context, host: &str) -> std::result::Result<(), Failure> {
    let config = ctx.stores.config()?;
    let recorded = config
        .profiles
        .values()
        .any(|profile| profile.registry_hosts.iter().any(|h| h == host));
    let config = if recorded {
        ctx.stores.update_config(|config| {
            forget_host(config, host);
            Ok(config.clone())
        })?
    } else {
        config
    };
    match profile_for_host(&config, host, ctx.global.profile.as_deref()) {
        Ok(Some((name, _))) => Err(Error::usage(format!(
            "kcred still answers logins to {host} with profile '{name}''s key; a logout does \
             not change that"
        ))
        .with_hint(format!(
            "`kcred registry remove {host}` stops the container clients asking kcred for it"
        ))
        .into()),
        _ => Ok(()),
    }
}

/// The hosts recorded for profiles, each with its key ID.
fn list(ctx: &Context) -> std::result::Result<String, Failure> {
    let config = ctx.stores.config()?;
    let mut served = BTreeMap::new();
    for (name, profile) in &config.profiles {
        let Ok(username) = username_of(name, profile) else {
            continue;
        };
        for host in &profile.registry_hosts {
            served.insert(host.clone(), username.clone());
        }
    }
    Ok(format!("{}\n", serde_json::json!(served)))
}
