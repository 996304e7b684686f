//! `kcred iam-key`: IAM access keys (Keystone application credentials), at most 2 per project.

use super::{Context, Session, key_wanted};
use crate::cli::{IamKeyCommand, IamKeyCreateArgs, OutputFormat};
use crate::config::{
    AccessKey, Config, KakaoCloudSettings, Profile, ProviderSettings, validate_profile_name,
};
use crate::error::{Error, ErrorKind, Result};
use crate::iam::{AccessKeyInfo, CreatedAccessKey, NewAccessKey};
use crate::output::{self, or_dash};
use crate::secrets::SecretName;
use crate::token_cache::CachePolicy;
use jiff::Timestamp;
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

/// KakaoCloud allows at most this many IAM access keys per project.
pub const KEYS_PER_PROJECT: usize = 2;

pub fn run(ctx: &Context, command: IamKeyCommand) -> Result<()> {
    match command {
        IamKeyCommand::Create(args) => create(ctx, args),
        IamKeyCommand::List => list(ctx),
        IamKeyCommand::Delete { key, yes, force } => delete(ctx, &key, yes, force),
        IamKeyCommand::Rotate { yes } => rotate(ctx, yes),
    }
}

/// An IAM access key as kcred prints it.
#[derive(Serialize)]
struct KeyView {
    id: String,
    name: String,
    description: Option<String>,
    project_id: Option<String>,
    expires_at: Option<String>,
    /// Profiles that authenticate with this key.
    profiles: Vec<String>,
}

/// A new key as `create` and `rotate` print it; the secret only when asked for.
#[derive(Serialize)]
struct CreatedView {
    id: String,
    name: String,
    description: Option<String>,
    project_id: Option<String>,
    expires_at: Option<String>,
    /// The keyring entry that holds the secret.
    secret_stored_as: String,
    saved_as: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
}

/// The keys of the session's project.
fn keys_in_project(session: &Session) -> Result<Vec<AccessKeyInfo>> {
    let user_id = session.user_id();
    let project = session.project_id();
    let keys = session.call(|client, token| client.list_access_keys(token, &user_id))?;
    Ok(keys
        .into_iter()
        .filter(|key| project.is_none() || key.project_id == project)
        .collect())
}

/// Profiles whose key is `key`.
fn profiles_using(config: &Config, key: &AccessKeyInfo, user_id: &str) -> Vec<String> {
    config
        .profiles
        .iter()
        .filter(|(_, profile)| match profile.access_key() {
            Ok(AccessKey::Id(id)) => id == key.id,
            Ok(AccessKey::Name {
                name,
                user_id: owner,
            }) => name == key.name && owner == user_id,
            Err(_) => false,
        })
        .map(|(name, _)| name.clone())
        .collect()
}

/// Whether the session authenticates with `key`.
fn is_session_key(session: &Session, key: &AccessKeyInfo) -> bool {
    match &session.credential.key {
        AccessKey::Id(id) => *id == key.id,
        AccessKey::Name { name, .. } => *name == key.name,
    }
}

/// The error for a full project: lists the keys and names the exact command that frees a slot,
/// preferring a key the current profile does not use.
fn limit_error(session: &Session, keys: &[AccessKeyInfo]) -> Error {
    let project = session
        .project_name()
        .or_else(|| session.project_id())
        .unwrap_or_else(|| "the current project".to_string());
    let listed: Vec<String> = keys
        .iter()
        .map(|key| {
            let expiry = key.expires_at.as_deref().unwrap_or("never");
            format!("{} ({}, expires {expiry})", key.id, key.name)
        })
        .collect();
    let victim = keys
        .iter()
        .find(|key| !is_session_key(session, key))
        .or(keys.first());
    let hint = match victim {
        Some(key) => format!("delete one first, e.g. `kcred iam-key delete {}`", key.id),
        None => "delete one first with `kcred iam-key delete ID`".to_string(),
    };
    Error::new(
        ErrorKind::LimitReached,
        format!(
            "project '{project}' already has {} IAM access keys, the most KakaoCloud allows: {}",
            keys.len(),
            listed.join(", ")
        ),
    )
    .with_hint(hint)
}

/// Refuses before creating when the project is full.
fn check_free_slot(session: &Session) -> Result<Vec<AccessKeyInfo>> {
    let keys = keys_in_project(session)?;
    if keys.len() >= KEYS_PER_PROJECT {
        return Err(limit_error(session, &keys));
    }
    Ok(keys)
}

/// `kcred-<host>-<date>`, with a number added when the user already has a key of that name.
fn default_name(taken: &[AccessKeyInfo]) -> String {
    let host: String = gethostname::gethostname()
        .to_string_lossy()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let host = if host.is_empty() {
        "host".to_string()
    } else {
        host
    };
    let date = Timestamp::now().strftime("%Y%m%d").to_string();
    let base = format!("kcred-{host}-{date}");
    (1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|name| !taken.iter().any(|key| key.name == *name))
        .unwrap_or(base)
}

fn parse_expiry(text: &str) -> Result<String> {
    let at: Timestamp = text.parse().map_err(|_| {
        Error::usage(format!("'{text}' is not an RFC 3339 time"))
            .with_hint("write it like 2027-06-30T00:00:00Z")
    })?;
    if at <= Timestamp::now() {
        return Err(
            Error::usage(format!("--expires-at {text} is in the past")).with_hint(
                "give a time in the future, or leave it out for a key that does not expire",
            ),
        );
    }
    Ok(at.to_string())
}

/// Creates a key and stores its secret in the keyring before anything else happens. If the
/// secret cannot be stored, the key is deleted again: no key may exist whose secret nobody has.
fn create_and_store(session: &Session, request: &NewAccessKey) -> Result<CreatedAccessKey> {
    let user_id = session.user_id();
    let created = session
        .call(|client, token| client.create_access_key(token, &user_id, request))
        .map_err(|err| refused_for_limit(session, err))
        .map_err(|err| after_lost_answer(session, &request.name, err))?;
    let stored = session.ctx().store().set(
        &SecretName::IamKeySecret(created.id.clone()),
        &created.secret,
    );
    if let Err(err) = stored {
        let undone =
            session.call(|client, token| client.delete_access_key(token, &user_id, &created.id));
        let fate = match undone {
            Ok(()) => "the new key was deleted again".to_string(),
            Err(_) => format!(
                "deleting the new key {} failed too: delete it with `kcred iam-key delete {}`",
                created.id, created.id
            ),
        };
        return Err(err.context(format!("storing the new key's secret failed ({fate})")));
    }
    Ok(created)
}

/// When the answer to a create was lost (a timeout, a broken connection, a 5xx), the key may
/// exist all the same, and its secret is lost with the answer. The user's keys are listed to
/// find out; a key that was created is deleted again (nobody has its secret), and the error
/// says which happened.
fn after_lost_answer(session: &Session, name: &str, err: Error) -> Error {
    if err.kind() != ErrorKind::Network {
        return err;
    }
    let user_id = session.user_id();
    let Ok(keys) = session.call(|client, token| client.list_access_keys(token, &user_id)) else {
        return err;
    };
    let outcome = match keys.iter().find(|key| key.name == name) {
        None => "KakaoCloud did not create the key (checked)".to_string(),
        Some(key) => {
            match session.call(|client, token| client.delete_access_key(token, &user_id, &key.id)) {
                Ok(()) => format!(
                    "KakaoCloud created the key {} all the same; its secret never arrived, so kcred deleted it again",
                    key.id
                ),
                Err(_) => format!(
                    "KakaoCloud created the key {} all the same, but its secret never arrived: delete it with `kcred iam-key delete {}`",
                    key.id, key.id
                ),
            }
        }
    };
    let hint = format!("{outcome}; try again");
    err.with_hint(hint)
}

/// A 403 from create with a full project (another client was faster) gets the limit message.
fn refused_for_limit(session: &Session, err: Error) -> Error {
    if err.http_status() != Some(403) {
        return err;
    }
    match keys_in_project(session) {
        Ok(keys) if keys.len() >= KEYS_PER_PROJECT => limit_error(session, &keys),
        _ => err,
    }
}

fn create(ctx: &Context, args: IamKeyCreateArgs) -> Result<()> {
    if let Some(profile) = &args.save_as {
        validate_profile_name(profile)?;
        if ctx.config()?.profiles.contains_key(profile) {
            return Err(Error::usage(format!("profile '{profile}' already exists"))
                .with_hint("pick another name for --save-as"));
        }
    }
    let expires_at = args.expires_at.as_deref().map(parse_expiry).transpose()?;
    let session = ctx.session()?;
    check_free_slot(&session)?;
    let user_id = session.user_id();
    let name = match args.name {
        Some(name) => name,
        None => {
            let all = session.call(|client, token| client.list_access_keys(token, &user_id))?;
            default_name(&all)
        }
    };
    let request = NewAccessKey {
        name,
        description: args.description,
        expires_at,
        unrestricted: true,
    };
    let created = create_and_store(&session, &request)?;

    if let Some(profile) = &args.save_as {
        save_profile(ctx, &session, profile, &created)?;
    }
    print_created(ctx, &created, args.save_as, args.show_secret)
}

/// Makes a method-1 profile for a new key: its secret under the profile's name, then the
/// profile itself.
fn save_profile(
    ctx: &Context,
    session: &Session,
    name: &str,
    key: &CreatedAccessKey,
) -> Result<()> {
    let secret_name = SecretName::ProfileSecret(name.to_string());
    ctx.store().set(&secret_name, &key.secret)?;
    let settings = KakaoCloudSettings {
        user_id: Some(session.user_id()),
        project_id: key.project_id.clone().or_else(|| session.project_id()),
        project_name: session.project_name(),
        ..KakaoCloudSettings::new(AccessKey::Id(key.id.clone()))
    };
    let mut profile = Profile::new(
        session.credential.endpoint.clone(),
        ProviderSettings::Kakaocloud(settings),
    );
    profile.store = session
        .credential
        .profile
        .as_ref()
        .and_then(|p| ctx.config().ok()?.profiles.get(p)?.store);
    ctx.update_config(|config| {
        if config.profiles.contains_key(name) {
            return Err(Error::usage(format!("profile '{name}' already exists")));
        }
        config.profiles.insert(name.to_string(), profile);
        if config.default_profile.is_none() {
            config.default_profile = Some(name.to_string());
        }
        Ok(())
    })
    .inspect_err(|_| {
        let _ = ctx.store().delete(&secret_name);
    })
    .map_err(|err| {
        err.context(format!(
            "the key {} was created and its secret stored, but the profile was not saved",
            key.id
        ))
    })
}

fn print_created(
    ctx: &Context,
    key: &CreatedAccessKey,
    saved_as: Option<String>,
    show_secret: bool,
) -> Result<()> {
    let view = CreatedView {
        id: key.id.clone(),
        name: key.name.clone(),
        description: key.description.clone(),
        project_id: key.project_id.clone(),
        expires_at: key.expires_at.clone(),
        secret_stored_as: SecretName::IamKeySecret(key.id.clone()).to_string(),
        saved_as,
        secret: show_secret.then(|| key.secret.expose_secret().to_string()),
    };
    let fields = vec![
        ("id", view.id.clone()),
        ("name", view.name.clone()),
        ("description", or_dash(view.description.as_deref())),
        ("project id", or_dash(view.project_id.as_deref())),
        (
            "expires at",
            view.expires_at.clone().unwrap_or_else(|| "never".into()),
        ),
        ("secret stored as", view.secret_stored_as.clone()),
        ("profile", or_dash(view.saved_as.as_deref())),
    ];
    super::print_new_key(ctx, &view, fields, view.secret.as_deref())
}

fn list(ctx: &Context) -> Result<()> {
    let session = ctx.session()?;
    let keys = keys_in_project(&session)?;
    let config = ctx.config()?;
    let user_id = session.user_id();
    let views: Vec<KeyView> = keys
        .iter()
        .map(|key| KeyView {
            id: key.id.clone(),
            name: key.name.clone(),
            description: key.description.clone(),
            project_id: key.project_id.clone(),
            expires_at: key.expires_at.clone(),
            profiles: profiles_using(&config, key, &user_id),
        })
        .collect();
    match ctx.output() {
        OutputFormat::Json => output::print_json(&views),
        OutputFormat::Table => output::print_table(
            &["ID", "NAME", "DESCRIPTION", "EXPIRES", "PROFILES"],
            views
                .iter()
                .map(|v| {
                    vec![
                        v.id.clone(),
                        v.name.clone(),
                        or_dash(v.description.as_deref()),
                        v.expires_at.clone().unwrap_or_else(|| "never".into()),
                        if v.profiles.is_empty() {
                            "-".into()
                        } else {
                            v.profiles.join(", ")
                        },
                    ]
                })
                .collect(),
        ),
    }
}

/// The key named by ID or by unique name among the user's keys.
fn find_key(session: &Session, wanted: &str) -> Result<AccessKeyInfo> {
    let user_id = session.user_id();
    let keys = session.call(|client, token| client.list_access_keys(token, &user_id))?;
    if let Some(key) = keys.iter().find(|key| key.id == wanted) {
        return Ok(key.clone());
    }
    let by_name: Vec<_> = keys.iter().filter(|key| key.name == wanted).collect();
    match by_name.as_slice() {
        [key] => Ok((*key).clone()),
        [] => Err(
            Error::other(format!("no IAM access key has the ID or name '{wanted}'"))
                .with_hint("`kcred iam-key list` shows the keys"),
        ),
        _ => Err(
            Error::usage(format!("several IAM access keys are named '{wanted}'"))
                .with_hint("name the key by its ID"),
        ),
    }
}

/// Drops what kcred holds for a deleted key: the tokens it issued and its secrets.
fn forget_key(ctx: &Context, key: &AccessKeyInfo, profiles: &[String]) -> Result<()> {
    for profile in profiles {
        ctx.forget_cached(profile)?;
        ctx.store()
            .delete(&SecretName::ProfileSecret(profile.clone()))?;
    }
    ctx.store()
        .delete(&SecretName::IamKeySecret(key.id.clone()))
}

fn delete(ctx: &Context, wanted: &str, yes: bool, force: bool) -> Result<()> {
    let session = ctx.session()?;
    let key = find_key(&session, wanted)?;
    let config = ctx.config()?;
    let user_id = session.user_id();
    let profiles = profiles_using(&config, &key, &user_id);
    ctx.confirm(
        &format!("Delete IAM access key {} ({})?", key.id, key.name),
        yes,
    )?;
    if is_session_key(&session, &key) && !force {
        let profile = session
            .credential
            .profile
            .as_deref()
            .unwrap_or("the current credential");
        let question = format!(
            "{} is the key profile '{profile}' uses: the profile will stop working. Delete it anyway?",
            key.id
        );
        if yes || !ctx.interactive {
            return Err(Error::usage(format!(
                "{} is the key profile '{profile}' uses; deleting it stops the profile working",
                key.id
            ))
            .with_hint(
                "pass --force as well to delete it anyway, or `kcred iam-key rotate` to replace it",
            ));
        }
        ctx.confirm(&question, false)?;
    }
    session.call(|client, token| client.delete_access_key(token, &user_id, &key.id))?;
    forget_key(ctx, &key, &profiles)?;
    ctx.note(&format!(
        "Deleted IAM access key {} ({}).",
        key.id, key.name
    ));
    if !profiles.is_empty() {
        ctx.note(&format!(
            "Profile(s) {} used it and no longer work: `kcred profile add NAME --force …` gives them a new key.",
            profiles.join(", ")
        ));
    }
    Ok(())
}

/// Replaces the current profile's key: new key → secret stored → token issued with it →
/// profile switched → old key deleted → old key's tokens and secret dropped. A failure before
/// the switch removes what was created, so the profile keeps working with its old key.
fn rotate(ctx: &Context, yes: bool) -> Result<()> {
    let session = ctx.session()?;
    let Some(profile_name) = session.credential.stored_profile().map(str::to_string) else {
        return Err(Error::usage(
            "rotate replaces a profile's key; this key comes from the environment",
        )
        .with_hint("unset the KAKAOCLOUD_* variables, or use `kcred iam-key create`"));
    };
    let keys = check_free_slot(&session)?;
    let user_id = session.user_id();
    let old = keys
        .iter()
        .find(|key| is_session_key(&session, key))
        .cloned()
        .ok_or_else(|| {
            Error::other(format!(
                "the key of profile '{profile_name}' is not among the project's keys"
            ))
            .with_hint("`kcred iam-key list` shows them")
        })?;
    ctx.confirm(
        &format!(
            "Replace key {} ({}) of profile '{profile_name}' with a new key and delete the old one?",
            old.id, old.name
        ),
        yes,
    )?;

    let all = session.call(|client, token| client.list_access_keys(token, &user_id))?;
    let request = NewAccessKey {
        name: default_name(&all),
        description: old.description.clone(),
        expires_at: None,
        unrestricted: true,
    };
    let new = create_and_store(&session, &request)?;
    let undo_new = |err: Error| -> Error {
        let _ = session.call(|client, token| client.delete_access_key(token, &user_id, &new.id));
        let _ = ctx
            .store()
            .delete(&SecretName::IamKeySecret(new.id.clone()));
        err.context("rotation undone, the profile still uses its old key")
    };

    // Prove the new key works before the profile depends on it.
    let new_key = AccessKey::Id(new.id.clone());
    let issued = ctx
        .client(&session.credential.endpoint)
        .and_then(|client| client.issue_token(&new_key, &new.secret))
        .map_err(undo_new)?;

    // Switch the profile: secret first, then the config; the old secret is put back if the
    // config cannot be written.
    let secret_name = SecretName::ProfileSecret(profile_name.clone());
    let old_secret: SecretString = session
        .credential
        .read_secret(ctx.store())
        .map_err(undo_new)?;
    ctx.store()
        .set(&secret_name, &new.secret)
        .map_err(undo_new)?;
    let switched = ctx.update_config(|config| {
        let profile = config
            .profiles
            .get_mut(&profile_name)
            .ok_or_else(|| Error::other(format!("profile '{profile_name}' disappeared")))?;
        let settings = profile.kakaocloud_mut().ok_or_else(|| {
            Error::other(format!(
                "profile '{profile_name}' is no longer KakaoCloud's"
            ))
        })?;
        if let AccessKey::Name { user_id, .. } = &settings.key {
            settings.user_id = Some(user_id.clone());
        }
        settings.key = AccessKey::Id(new.id.clone());
        settings.named_key_id = None;
        Ok(())
    });
    if let Err(err) = switched {
        let _ = ctx.store().set(&secret_name, &old_secret);
        return Err(undo_new(err));
    }
    let wanted = key_wanted(&session.credential.endpoint, &new_key);
    if let Err(err) = ctx
        .cache()
        .get_or_issue(&profile_name, &wanted, CachePolicy::Refresh, || {
            Ok(issued.into())
        })
    {
        ctx.note(&format!(
            "warning: the new key's first token was not cached: {}",
            err.message()
        ));
    }

    // The profile works with the new key now. Delete the old one with the new key's token:
    // the old key's own token dies with it.
    let config = ctx.config()?;
    let others: Vec<String> = profiles_using(&config, &old, &user_id);
    let deleted = ctx.session().and_then(|fresh| {
        fresh.call(|client, token| client.delete_access_key(token, &user_id, &old.id))
    });
    match deleted {
        Ok(()) => forget_key(ctx, &old, &others)?,
        Err(err) => ctx.note(&format!(
            "warning: the profile uses the new key, but deleting the old key {} failed: {}; \
             delete it with `kcred iam-key delete {}`",
            old.id,
            err.message(),
            old.id
        )),
    }
    ctx.note(&format!(
        "Profile '{profile_name}' now uses key {} ({}); the old key {} is deleted.",
        new.id, new.name, old.id
    ));
    print_created(ctx, &new, Some(profile_name), false)
}
