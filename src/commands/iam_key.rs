//! `kcred iam-key`: IAM access keys (Keystone application credentials), at most 2 per project.

use super::{Context, Session, key_journal};
use crate::cli::{IamKeyCommand, IamKeyCreateArgs};
use crate::config::{
    AccessKey, Config, KakaoCloudSettings, Profile, ProviderSettings, validate_profile_name,
};
use crate::error::{Error, ErrorKind, Result};
use crate::failpoint;
use crate::iam::{AccessKeyInfo, CreatedAccessKey, NewAccessKey};
use crate::journal::{Held, Intent, Sent};
use crate::key_ops;
use crate::secrets::SecretName;
use crate::token_cache::CachePolicy;
use crate::tokens::key_wanted;
use crate::ui::output::{self, or_dash};
use jiff::Timestamp;
use secrecy::ExposeSecret;
use serde::Serialize;
use std::cell::Cell;
use std::time::Duration;

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
    /// Whether kcred holds the key's secret (under the key or a profile that uses it).
    secret_stored: bool,
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
    let keys = key_journal::all_iam_keys(session)?;
    Ok(of_session_project(session, keys))
}

/// Those of `keys` in the session's project.
fn of_session_project(session: &Session, keys: Vec<AccessKeyInfo>) -> Vec<AccessKeyInfo> {
    let project = session.project_id();
    keys.into_iter()
        .filter(|key| project.is_none() || key.project_id == project)
        .collect()
}

/// Profiles whose key is `key`.
fn profiles_using(config: &Config, key: &AccessKeyInfo, user_id: &str) -> Vec<String> {
    key_ops::profiles_using(config, &key.id, Some(&key.name), user_id)
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
    // Never a key another kcred is making or rotating to right now, nor one a profile uses,
    // when there is another choice: following the hint must not break anything.
    let in_flight: Vec<String> = session
        .stores()
        .journal()
        .records()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(_, intent)| match intent {
            Intent::Rotate { new_key_id, .. } => new_key_id,
            Intent::CreateIamKey { key_id, .. } => key_id,
            _ => None,
        })
        .collect();
    let config = session.stores().config().unwrap_or_default();
    let user_id = session.user_id();
    let free = |key: &&AccessKeyInfo| !is_session_key(session, key) && !in_flight.contains(&key.id);
    let victim = keys
        .iter()
        .filter(free)
        .find(|key| profiles_using(&config, key, &user_id).is_empty())
        .or_else(|| keys.iter().find(free))
        .or_else(|| keys.iter().find(|key| !is_session_key(session, key)))
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
    // A few random hex digits: two kcreds picking a name at the same moment (two profiles of
    // one user, two machines) must not pick the same one.
    let base = format!("kcred-{host}-{date}-{}", random_suffix());
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

fn random_suffix() -> String {
    let mut bytes = [0u8; 3];
    if getrandom::getrandom(&mut bytes).is_err() {
        let nanos = Timestamp::now().subsec_nanosecond() as u32 ^ std::process::id();
        bytes.copy_from_slice(&nanos.to_le_bytes()[..3]);
    }
    hex::encode(bytes)
}

fn future_expiry(at: Timestamp) -> Result<String> {
    if at <= Timestamp::now() {
        return Err(
            Error::usage(format!("--expires-at {at} is in the past")).with_hint(
                "give a time in the future, or leave it out for a key that does not expire",
            ),
        );
    }
    Ok(at.to_string())
}

/// The failpoints of one operation's first steps: after the key was made, after its secret
/// was stored.
struct CreateSteps {
    key_created: &'static str,
    secret_stored: &'static str,
}

/// Creates a key and stores its secret under the key's own name before anything else
/// happens, then records the key's ID in the journal. If the secret cannot be stored, the
/// key is deleted again: no key may exist whose secret nobody has.
fn create_and_store(
    session: &Session,
    timeout: Duration,
    request: &NewAccessKey,
    steps: CreateSteps,
    record: impl Fn(Option<Sent>, Option<&str>) -> Result<()>,
) -> Result<CreatedAccessKey, CreateFailed> {
    let user_id = session.user_id();
    let last_sent = Cell::new(None);
    let created = session
        .call(|client, token| {
            // Before each attempt: a request whose answer never comes may still make the key
            // until its deadline, and recovery must know to wait for it.
            let sent = Sent::now(timeout);
            record(Some(sent), None)?;
            last_sent.set(Some(sent));
            client.create_access_key(token, &user_id, request)
        })
        .map_err(|err| refused_for_limit(session, err))
        .map_err(|err| after_lost_answer(session, &request.name, last_sent.get(), err))?;
    failpoint::reached(steps.key_created);
    let stored = session.stores().store().set(
        &SecretName::IamKeySecret(created.id.clone()),
        &created.secret,
    );
    if let Err(err) = stored {
        let undone =
            session.call(|client, token| client.delete_access_key(token, &user_id, &created.id));
        let fate = match &undone {
            Ok(()) => "the new key was deleted again".to_string(),
            Err(_) => format!(
                "deleting the new key {} failed too: delete it with `kcred iam-key delete {}`",
                created.id, created.id
            ),
        };
        return Err(CreateFailed {
            error: err.context(format!("storing the new key's secret failed ({fate})")),
            cleaned_up: undone.is_ok(),
        });
    }
    record(None, Some(&created.id)).map_err(CreateFailed::in_doubt)?;
    failpoint::reached(steps.secret_stored);
    Ok(created)
}

/// When the answer to a create was lost (a timeout, a broken connection, a 5xx), the key may
/// exist all the same, and its secret is lost with the answer. The user's keys are listed to
/// find out; a key that was created is deleted again (nobody has its secret), and the error
/// says which happened. A request that got no answer may still land until its deadline
/// (`sent`): no key yet is no proof, and the journal keeps the record.
fn after_lost_answer(
    session: &Session,
    name: &str,
    sent: Option<Sent>,
    err: Error,
) -> CreateFailed {
    if err.kind() != ErrorKind::Network {
        // A refusal: nothing was made.
        return CreateFailed::cleaned_up(err);
    }
    let user_id = session.user_id();
    let Ok(keys) = session.call(|client, token| client.list_access_keys(token, &user_id)) else {
        return CreateFailed::in_doubt(err);
    };
    let (outcome, cleaned_up) = match keys.iter().find(|key| key.name == name) {
        None => key_journal::key_not_found_after(&err, sent),
        Some(key) => {
            match session.call(|client, token| client.delete_access_key(token, &user_id, &key.id)) {
                Ok(()) => (
                    format!(
                        "KakaoCloud created the key {} all the same; its secret never arrived, so kcred deleted it again",
                        key.id
                    ),
                    true,
                ),
                Err(_) => (
                    format!(
                        "KakaoCloud created the key {} all the same, but its secret never arrived: delete it with `kcred iam-key delete {}`",
                        key.id, key.id
                    ),
                    false,
                ),
            }
        }
    };
    CreateFailed {
        error: err.with_hint(format!("{outcome}; try again")),
        cleaned_up,
    }
}

/// A create that failed: the error, and whether what it may have left on the server is known
/// to be gone (else the journal keeps the record, and the next run makes sure).
struct CreateFailed {
    error: Error,
    cleaned_up: bool,
}

impl CreateFailed {
    fn cleaned_up(error: Error) -> CreateFailed {
        CreateFailed {
            error,
            cleaned_up: true,
        }
    }

    fn in_doubt(error: Error) -> CreateFailed {
        CreateFailed {
            error,
            cleaned_up: false,
        }
    }

    /// The error, after dropping the operation's record when nothing is left in doubt.
    fn settled(self, operation: &Held) -> Error {
        if self.cleaned_up {
            let _ = operation.finish();
        }
        self.error
    }
}

/// A 403 from create with a full project (another client was faster) gets the limit message.
fn refused_for_limit(session: &Session, err: Error) -> Error {
    if err.http_status() != Some(403) {
        return err;
    }
    match keys_in_project(session) {
        Ok(keys) if keys.len() >= KEYS_PER_PROJECT => limit_error(session, &keys),
        _ => refused_as_restricted(err),
    }
}

/// What a restricted key cannot do, and the ways out.
const RESTRICTED_HINT: &str = "use a profile whose IAM access key is unrestricted (keys that \
    kcred creates are), or create and delete keys on the console's Credentials page";

/// A restricted key's tokens may list access keys but not create or delete them: said from the
/// token kcred already has, before the request is sent.
fn refuse_if_restricted(session: &Session, action: &str) -> Result<()> {
    if !session.key_is_restricted() {
        return Ok(());
    }
    let whose = match session.credential.stored_profile() {
        Some(profile) => format!("profile '{profile}''s IAM access key"),
        None => "this IAM access key".to_string(),
    };
    Err(Error::new(
        ErrorKind::Rejected,
        format!(
            "{whose} is restricted: its tokens may list access keys but not {action} them, \
             so nothing was sent"
        ),
    )
    .with_hint(RESTRICTED_HINT))
}

/// A 403 on key management that is not the per-project limit: the key may not manage keys.
fn refused_as_restricted(err: Error) -> Error {
    if err.http_status() != Some(403) {
        return err;
    }
    Error::new(
        ErrorKind::Rejected,
        format!(
            "{} (the key may be restricted: allowed to list access keys, not to create or \
             delete them)",
            err.message()
        ),
    )
    .with_hint(RESTRICTED_HINT)
    .with_http_status(403)
}

fn create(ctx: &Context, args: IamKeyCreateArgs) -> Result<()> {
    if let Some(profile) = &args.save_as {
        validate_profile_name(profile)?;
        if ctx.stores.config()?.profiles.contains_key(profile) {
            return Err(Error::usage(format!("profile '{profile}' already exists"))
                .with_hint("pick another name for --save-as"));
        }
    }
    let expires_at = args.expires_at.map(future_expiry).transpose()?;
    let operation = key_journal::begin(ctx, &key_ops::scope_of(&ctx.credential()?))?;
    let session = ctx.session()?;
    refuse_if_restricted(&session, "create")?;
    let all = key_journal::all_iam_keys(&session)?;
    // A taken name is refused before the journal names it: the recovery of an interrupted
    // create finds its key by name, and must never take someone else's key for it.
    if let Some(name) = args
        .name
        .as_deref()
        .filter(|n| all.iter().any(|key| key.name == *n))
    {
        return Err(
            Error::usage(format!("you already have an IAM access key named '{name}'"))
                .with_hint("pick another --name (`kcred iam-key list` shows the keys)"),
        );
    }
    let in_project = of_session_project(&session, all.clone());
    if in_project.len() >= KEYS_PER_PROJECT {
        return Err(limit_error(&session, &in_project));
    }
    let name = args.name.unwrap_or_else(|| default_name(&all));
    let request = NewAccessKey {
        name,
        description: args.description,
        expires_at,
        unrestricted: true,
    };
    let intent = |sent: Option<Sent>, key_id: Option<&str>| Intent::CreateIamKey {
        name: request.name.clone(),
        key_id: key_id.map(str::to_string),
        save_as: args.save_as.clone(),
        sent,
    };
    operation.record(&intent(None, None))?;
    failpoint::reached("iam-key-create:journaled");
    let steps = CreateSteps {
        key_created: "iam-key-create:key-created",
        secret_stored: "iam-key-create:secret-stored",
    };
    let created = create_and_store(&session, ctx.global.timeout, &request, steps, |sent, id| {
        operation.record(&intent(sent, id))
    })
    .map_err(|failed| failed.settled(&operation))?;

    if let Some(profile) = &args.save_as {
        save_profile(ctx, &session, profile, &created)
            .inspect_err(|_| key_journal::settle_after_failure(ctx, &operation))?;
    }
    operation.finish()?;
    print_created(ctx, &created, args.save_as, args.show_secret)
}

/// Makes a method-1 profile for a new key in one config write, the commit point: the
/// profile reads the key's own secret entry. Then the profile's own entry gets the secret
/// too (CI runners of a shared profile read that one).
fn save_profile(
    ctx: &Context,
    session: &Session,
    name: &str,
    key: &CreatedAccessKey,
) -> Result<()> {
    let settings = KakaoCloudSettings {
        user_id: Some(session.user_id()),
        project_id: key.project_id.clone().or_else(|| session.project_id()),
        project_name: session.project_name(),
        key_expires_at: key.expiry(),
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
        .and_then(|p| ctx.stores.config().ok()?.profiles.get(p)?.store);
    ctx.stores
        .update_config(|config| {
            if config.profiles.contains_key(name) {
                return Err(Error::usage(format!("profile '{name}' already exists")));
            }
            config.profiles.insert(name.to_string(), profile);
            if config.default_profile.is_none() {
                config.default_profile = Some(name.to_string());
            }
            Ok(())
        })
        .map_err(|err| {
            err.context(format!(
                "the key {} was created and its secret stored, but the profile was not saved",
                key.id
            ))
        })?;
    failpoint::reached("iam-key-create:profile-saved");
    ctx.stores
        .store()
        .set(&SecretName::ProfileSecret(name.to_string()), &key.secret)
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
    let config = ctx.stores.config()?;
    let user_id = session.user_id();
    let mut views = Vec::new();
    for key in &keys {
        let profiles = profiles_using(&config, key, &user_id);
        views.push(KeyView {
            id: key.id.clone(),
            name: key.name.clone(),
            description: key.description.clone(),
            project_id: key.project_id.clone(),
            expires_at: key.expires_at.clone(),
            secret_stored: secret_held(ctx, &key.id, &profiles),
            profiles,
        });
    }
    ctx.ui.show(&views, || {
        output::print_table(
            &[
                "ID",
                "NAME",
                "DESCRIPTION",
                "EXPIRES",
                "PROFILES",
                "SECRET STORED",
            ],
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
                        if v.secret_stored { "yes" } else { "no" }.to_string(),
                    ]
                })
                .collect(),
        )
    })?;
    // A key nobody in kcred can use holds one of the project's two slots: say how to free it.
    for orphan in views
        .iter()
        .filter(|v| !v.secret_stored && v.profiles.is_empty())
    {
        ctx.ui.note(&format!(
            "Key {} ({}) has no secret in kcred and no profile: unless someone else holds its \
             secret, `kcred iam-key delete {} --yes` frees its slot.",
            orphan.id, orphan.name, orphan.id
        ));
    }
    Ok(())
}

/// Whether kcred holds the secret of the key `id`: under the key's own name, or under a
/// profile that uses it. A store that refuses to answer counts as not holding it.
fn secret_held(ctx: &Context, id: &str, profiles: &[String]) -> bool {
    let held = |name: SecretName| ctx.stores.store().get(&name).ok().flatten().is_some();
    held(SecretName::IamKeySecret(id.to_string()))
        || profiles
            .iter()
            .any(|profile| held(SecretName::ProfileSecret(profile.clone())))
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

fn delete(ctx: &Context, wanted: &str, yes: bool, force: bool) -> Result<()> {
    let operation = key_journal::begin(ctx, &key_ops::scope_of(&ctx.credential()?))?;
    let session = ctx.session()?;
    refuse_if_restricted(&session, "delete")?;
    let key = find_key(&session, wanted)?;
    let config = ctx.stores.config()?;
    let user_id = session.user_id();
    let profiles = profiles_using(&config, &key, &user_id);
    ctx.ui.confirm(
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
        if yes || !ctx.ui.interactive() {
            return Err(Error::usage(format!(
                "{} is the key profile '{profile}' uses; deleting it stops the profile working",
                key.id
            ))
            .with_hint(
                "pass --force as well to delete it anyway, or `kcred iam-key rotate` to replace it",
            ));
        }
        ctx.ui.confirm(&question, false)?;
    }
    operation.record(&Intent::DeleteIamKey {
        key_id: key.id.clone(),
        profiles: profiles.clone(),
    })?;
    failpoint::reached("iam-key-delete:journaled");
    // Before the key goes: once it is gone, no token it issued may be handed out.
    for profile in &profiles {
        ctx.forget_cached(profile)?;
    }
    failpoint::reached("iam-key-delete:tokens-forgotten");
    session
        .call(|client, token| client.delete_access_key(token, &user_id, &key.id))
        .map_err(refused_as_restricted)
        .inspect_err(|_| key_journal::settle_after_failure(ctx, &operation))?;
    failpoint::reached("iam-key-delete:key-deleted");
    key_journal::forget_iam_key(ctx, &key.id, &profiles)?;
    operation.finish()?;
    ctx.ui.note(&format!(
        "Deleted IAM access key {} ({}).",
        key.id, key.name
    ));
    if !profiles.is_empty() {
        ctx.ui.note(&format!(
            "Profile(s) {} used it and no longer work: `kcred profile add NAME --force …` gives them a new key.",
            profiles.join(", ")
        ));
    }
    Ok(())
}

/// Replaces the current profile's key, as a transaction: new key → its secret stored under
/// the key's own name → a token issued with it → the profile switched in one config write
/// (the commit point) → old key deleted → its tokens and secrets dropped. A crash before the
/// switch leaves the old key in use, and the next run deletes the new one; after it, the next
/// run finishes the rest.
fn rotate(ctx: &Context, yes: bool) -> Result<()> {
    let credential = ctx.credential()?;
    let Some(profile_name) = credential.stored_profile().map(str::to_string) else {
        return Err(Error::usage(
            "rotate replaces a profile's key; this key comes from the environment",
        )
        .with_hint("unset the KAKAOCLOUD_* variables, or use `kcred iam-key create`"));
    };
    let operation = key_journal::begin(ctx, &profile_name)?;
    let session = ctx.session()?;
    refuse_if_restricted(&session, "create or delete")?;
    let keys = check_free_slot(&session)?;
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
    ctx.ui.confirm(
        &format!(
            "Replace key {} ({}) of profile '{profile_name}' with a new key and delete the old one?",
            old.id, old.name
        ),
        yes,
    )?;

    let request = NewAccessKey {
        name: default_name(&key_journal::all_iam_keys(&session)?),
        description: old.description.clone(),
        expires_at: None,
        unrestricted: true,
    };
    let intent = |sent: Option<Sent>, new_key_id: Option<&str>| Intent::Rotate {
        profile: profile_name.clone(),
        old_key_id: old.id.clone(),
        new_name: request.name.clone(),
        new_key_id: new_key_id.map(str::to_string),
        sent,
    };
    operation.record(&intent(None, None))?;
    failpoint::reached("rotate:journaled");
    let undo = |err: Error| -> Error {
        key_journal::settle_after_failure(ctx, &operation);
        err.context("rotation undone, the profile still uses its old key")
    };
    let steps = CreateSteps {
        key_created: "rotate:key-created",
        secret_stored: "rotate:secret-stored",
    };
    let new = create_and_store(&session, ctx.global.timeout, &request, steps, |sent, id| {
        operation.record(&intent(sent, id))
    })
    .map_err(|failed| {
        failed
            .settled(&operation)
            .context("rotation undone, the profile still uses its old key")
    })?;

    // Prove the new key works before the profile depends on it.
    let new_key = AccessKey::Id(new.id.clone());
    let issued = ctx
        .client(&session.credential.endpoint)
        .and_then(|client| client.issue_token(&new_key, &new.secret))
        .map_err(undo)?;
    failpoint::reached("rotate:new-key-verified");

    // The commit point: one atomic config write. The profile's secret entry is not touched
    // before it; the new key's own entry is read first from now on.
    ctx.stores
        .update_config(|config| {
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
            settings.key_expires_at = new.expiry();
            Ok(())
        })
        .map_err(undo)?;
    failpoint::reached("rotate:profile-switched");
    let wanted = key_wanted(&session.credential.endpoint, &new_key);
    if let Err(err) =
        ctx.tokens()
            .cache()
            .get_or_issue(&profile_name, &wanted, CachePolicy::Refresh, || {
                Ok(issued.into())
            })
    {
        ctx.ui.note(&format!(
            "warning: the new key's first token was not cached: {}",
            err.message()
        ));
    }

    // The profile works with the new key now; the old key goes (deleted with the new key's
    // token: the old key's own token dies with it). What fails here, the next run finishes.
    match key_journal::finish_rotation(ctx, &profile_name, &new.id, &old.id, false) {
        Ok(_) => {
            operation.finish()?;
            ctx.ui.note(&format!(
                "Profile '{profile_name}' now uses key {} ({}); the old key {} is deleted.",
                new.id, new.name, old.id
            ));
        }
        Err(err) => ctx.ui.note(&format!(
            "warning: profile '{profile_name}' uses the new key {}, but removing the old key {} \
             failed: {}; the next kcred run of the profile tries again",
            new.id,
            old.id,
            err.message()
        )),
    }
    print_created(ctx, &new, Some(profile_name), false)
}
