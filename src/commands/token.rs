use super::Context;
use super::provider::{Capability, Provider};
use crate::cli::{OutputFormat, TokenAction, TokenArgs};
use crate::config::StoreKind;
use crate::credentials::Credential;
use crate::error::{Error, ErrorKind, Result};
use crate::iam::Validation;
use crate::token_cache::{CacheEntry, KeptIn, Token};
use crate::tokens::key_wanted;
use crate::ui::output::{self, or_dash};
use jiff::Timestamp;
use serde::Serialize;

pub fn run(ctx: &Context, provider: &dyn Provider, args: TokenArgs) -> Result<()> {
    if args.action.is_some() {
        provider.require(Capability::ApiTokens, "token show|verify|revoke|forget")?;
    }
    match args.action {
        None => provider.token(ctx, &args),
        Some(TokenAction::Show) => show(ctx),
        Some(TokenAction::Verify) => verify(ctx),
        Some(TokenAction::Revoke) => revoke(ctx),
        Some(TokenAction::Forget) => forget(ctx),
    }
}

/// The cache entry of the current credential's profile, whatever its expiry.
fn cached_entry(ctx: &Context, credential: &Credential) -> Result<Option<(String, CacheEntry)>> {
    let profile = cacheable_profile(credential)?;
    let fingerprint = credential.key.fingerprint();
    Ok(ctx
        .tokens()
        .cache()
        .entry(profile)
        .filter(|entry| entry.access_key == fingerprint && entry.endpoint == credential.endpoint)
        .map(|entry| (profile.to_string(), entry)))
}

fn cacheable_profile(credential: &Credential) -> Result<&str> {
    credential.cache_profile().ok_or_else(|| {
        Error::usage(credential.why_not_cached()).with_hint(
            "unset the KAKAOCLOUD_* variables and drop --endpoint to work with a profile's \
             cached token",
        )
    })
}

/// The cached token itself, for verify and revoke: valid by its expiry, margin or not.
fn cached_token(ctx: &Context, credential: &Credential) -> Result<(String, Token)> {
    let profile = cacheable_profile(credential)?;
    let wanted = key_wanted(&credential.endpoint, &credential.key);
    ctx.tokens()
        .cache()
        .lookup(profile, &wanted, Timestamp::now())?
        .map(|token| (profile.to_string(), token))
        .ok_or_else(|| {
            Error::other(format!("no valid token is cached for profile '{profile}'"))
                .with_hint("`kcred token` issues one")
        })
}

#[derive(Serialize)]
struct TokenView {
    profile: Option<String>,
    method: &'static str,
    endpoint: String,
    cached: bool,
    /// Where the cached token is: `kernel-keyring`, or the profile's store (`keyring`,
    /// `file`, `vault`).
    kept_in: Option<&'static str>,
    expires_at: Option<Timestamp>,
    seconds_left: Option<i64>,
    user_id: Option<String>,
    project_id: Option<String>,
    project_name: Option<String>,
    /// When the key that issues the tokens expires, when kcred knows.
    key_expires_at: Option<Timestamp>,
}

fn show(ctx: &Context) -> Result<()> {
    let credential = ctx.credential()?;
    let entry = cached_entry(ctx, &credential)?.map(|(_, entry)| entry);
    let now = Timestamp::now();
    let cached = entry.as_ref().is_some_and(|e| e.info.expires_at > now);
    let kept_in = entry.as_ref().filter(|_| cached).map(|e| match e.kept_in {
        KeptIn::KernelKeyring => KEPT_IN_KERNEL,
        KeptIn::Store => store_id(ctx.stores.store_kind()),
    });
    let view = TokenView {
        profile: credential.profile.clone(),
        method: credential.key.method(),
        endpoint: credential.endpoint.clone(),
        cached,
        kept_in,
        expires_at: entry.as_ref().map(|e| e.info.expires_at),
        seconds_left: entry
            .as_ref()
            .map(|e| e.info.expires_at.duration_since(now).as_secs().max(0)),
        user_id: entry.as_ref().map(|e| e.info.user_id.clone()),
        project_id: entry.as_ref().and_then(|e| e.info.project_id.clone()),
        project_name: entry.as_ref().and_then(|e| e.info.project_name.clone()),
        key_expires_at: ctx
            .tokens()
            .profile_key_expiry(&credential)
            .or_else(|| entry.as_ref().and_then(|e| e.info.access_key_expires_at)),
    };
    ctx.ui.show(&view, || {
        output::print_fields(vec![
            ("profile", or_dash(view.profile.as_deref())),
            ("method", view.method.to_string()),
            ("endpoint", view.endpoint.clone()),
            ("cached", if view.cached { "yes" } else { "no" }.to_string()),
            ("kept in", or_dash(view.kept_in.map(kept_in_words))),
            (
                "expires at",
                or_dash(view.expires_at.map(|t| t.to_string()).as_deref()),
            ),
            (
                "time left",
                or_dash(view.seconds_left.map(output::human_duration).as_deref()),
            ),
            ("user id", or_dash(view.user_id.as_deref())),
            ("project id", or_dash(view.project_id.as_deref())),
            ("project name", or_dash(view.project_name.as_deref())),
            (
                "key expires at",
                or_dash(view.key_expires_at.map(|t| t.to_string()).as_deref()),
            ),
        ])
    })
}

const KEPT_IN_KERNEL: &str = "kernel-keyring";

fn store_id(kind: StoreKind) -> &'static str {
    match kind {
        StoreKind::Keyring => "keyring",
        StoreKind::File => "file",
        StoreKind::Vault => "vault",
    }
}

/// Where a token is kept, in words for the table.
fn kept_in_words(id: &str) -> &'static str {
    match id {
        KEPT_IN_KERNEL => "the kernel keyring",
        "file" => super::store_name(StoreKind::File),
        "vault" => super::store_name(StoreKind::Vault),
        _ => super::store_name(StoreKind::Keyring),
    }
}

#[derive(Serialize)]
struct Verdict {
    valid: bool,
    reason: Option<String>,
    expires_at: Option<Timestamp>,
}

fn verify(ctx: &Context) -> Result<()> {
    let credential = ctx.credential()?;
    let (profile, token) = cached_token(ctx, &credential)?;
    let validation = ctx
        .client(&credential.endpoint)?
        .validate_token(&token.token)?;
    // A valid token of another key or project (one planted in a shared cache) is not this
    // profile's: it is reported, and dropped, as an invalid one is.
    let verdict = match validation {
        Validation::Valid(info) => match ctx.tokens().expected_tokens(&credential)?.mismatch(&info)
        {
            None => Ok(info),
            Some(why) => Err(format!("it is not profile '{profile}''s token: {why}")),
        },
        Validation::Invalid(reason) => Err(reason),
    };
    match verdict {
        Ok(info) => {
            let left = info.expires_at.duration_since(Timestamp::now()).as_secs();
            ctx.ui.show(
                &Verdict {
                    valid: true,
                    reason: None,
                    expires_at: Some(info.expires_at),
                },
                || {
                    output::print_text_line(&format!(
                        "valid: expires at {} (in {})",
                        info.expires_at,
                        output::human_duration(left)
                    ))
                },
            )
        }
        Err(reason) => {
            ctx.tokens().cache().forget(&profile)?;
            if ctx.ui.output() == OutputFormat::Json {
                output::print_json(&Verdict {
                    valid: false,
                    reason: Some(reason.clone()),
                    expires_at: None,
                })?;
            }
            Err(Error::new(
                ErrorKind::Rejected,
                format!("the cached token is not valid: {reason}"),
            )
            .with_hint("it was dropped from the cache; `kcred token` issues a new one"))
        }
    }
}

fn revoke(ctx: &Context) -> Result<()> {
    let credential = ctx.credential()?;
    let (profile, token) = cached_token(ctx, &credential)?;
    let client = ctx.client(&credential.endpoint)?;
    let revoked = client.revoke_token(&token.token)?;
    // "Not found" from a service that does not serve the revocation would leave a live token
    // reported as dead: a 401/404 is believed only once the server no longer accepts the token.
    let still_valid = if revoked {
        None
    } else {
        match client.validate_token(&token.token)? {
            Validation::Valid(info) => Some(info.expires_at),
            Validation::Invalid(_) => None,
        }
    };
    // Dropped either way: a token the user asked to be rid of is not handed out again.
    ctx.tokens().cache().forget(&profile)?;
    if let Some(expires_at) = still_valid {
        return Err(Error::other(format!(
            "the server did not revoke the token; it stays valid until {expires_at}"
        ))
        .with_hint(
            "it was dropped from this machine's cache; to end it sooner, delete the IAM access \
             key that issued it (`kcred iam-key rotate`)",
        ));
    }
    ctx.ui.note(if revoked {
        "Revoked the token and dropped it from the cache."
    } else {
        "The token was no longer valid; dropped it from the cache."
    });
    Ok(())
}

fn forget(ctx: &Context) -> Result<()> {
    let credential = ctx.credential()?;
    let profile = cacheable_profile(&credential)?;
    if ctx.tokens().cache().forget(profile)? {
        ctx.ui
            .note(&format!("Dropped the cached token of profile '{profile}'."));
    } else {
        ctx.ui
            .note(&format!("No token was cached for profile '{profile}'."));
    }
    // The registry helper's copy of the secret is kept for speed as the token is: a user
    // clearing what kcred keeps in the kernel keyring clears it as well.
    ctx.stores.forget_registry_copy(profile)?;
    // Last: the requests above needed it.
    if ctx.forget_vault_login()? {
        ctx.ui
            .note("Dropped (and revoked) this machine's Vault login token.");
    }
    Ok(())
}
