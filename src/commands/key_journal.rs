//! Key operations as transactions. Each multi-step operation (`iam-key create`, `rotate`,
//! `delete`, `s3-key create`, `delete`) takes its profile's lock, records its intent in the
//! journal, and has one commit point: before it a crash leaves the old state, after it the
//! new one. Whatever a crash leaves behind, the next run for the profile settles here: it
//! finishes the operation when the commit point was passed, undoes it when not, and says so
//! in one line.

use super::s3::{drop_deleted_key, remember_key};
use super::{Context, Session};
use crate::config::{AccessKey, Config};
use crate::credentials::Credential;
use crate::error::{Error, ErrorKind, Result};
use crate::failpoint;
use crate::iam::{AccessKeyInfo, S3KeyInfo};
use crate::journal::{ENVIRONMENT_SCOPE, Held, Intent, Sent};
use crate::secrets::SecretName;
use jiff::Timestamp;
use std::io::IsTerminal;

/// The journal's name for the operations of `credential`: its profile, or the environment.
pub fn scope_of(credential: &Credential) -> String {
    credential
        .stored_profile()
        .unwrap_or(ENVIRONMENT_SCOPE)
        .to_string()
}

fn scope_in_words(scope: &str) -> String {
    if scope == ENVIRONMENT_SCOPE {
        "the key from the environment".to_string()
    } else {
        format!("profile '{scope}'")
    }
}

/// Waits, at most `--timeout`, for the right to run a key operation for `scope`: one at a
/// time per profile, across processes. An operation interrupted earlier is settled first.
pub fn begin(ctx: &Context, scope: &str) -> Result<Held> {
    let journal = ctx.stores.journal();
    let limit = ctx.global.timeout;
    let held = journal.lock(scope, limit, |holder| {
        if ctx.global.verbose || std::io::stderr().is_terminal() {
            ctx.ui.note(&format!(
                "Waiting for {} to finish its key operation for {} (at most {} s)…",
                holder_in_words(holder),
                scope_in_words(scope),
                limit.as_secs()
            ));
        }
    })?;
    let held = held.ok_or_else(|| {
        Error::other(format!(
            "{} has been changing the keys of {} for over {} s",
            holder_in_words(journal.holder(scope)),
            scope_in_words(scope),
            limit.as_secs()
        ))
        .with_hint("let it finish, then try again (if it is stopped with Ctrl-Z, `fg` it)")
    })?;
    if held.pending()?.is_some() {
        let settled = settle(ctx, &held).map_err(|err| {
            err.context(format!(
                "an interrupted key operation of {} is not settled yet",
                scope_in_words(scope)
            ))
        })?;
        // The journal keeps one record per profile: another operation now would lose the
        // record of a key that may still appear, and that key would take a slot unseen.
        if let Settled::Waiting { until } = settled {
            return Err(Error::other(format!(
                "an interrupted key operation of {} may still make a key on KakaoCloud until {}",
                scope_in_words(scope),
                at_time(until)
            ))
            .with_hint(format!(
                "try again after {}: kcred settles that one first",
                at_time(until)
            )));
        }
    }
    Ok(held)
}

/// Until when a create request that failed with `err` may still make its key: one that got
/// no answer (a timeout, a broken connection) or only a gateway's (502, 504) may be under way
/// on the server.
pub fn may_still_land(err: &Error, sent: Option<Sent>) -> Option<Timestamp> {
    let unanswered = err
        .http_status()
        .is_none_or(|status| matches!(status, 502 | 504));
    sent.filter(|sent| unanswered && sent.may_still_land(Timestamp::now()))
        .map(|sent| sent.lands_by)
}

/// What to say when a failed create's key is not in the list (yet), and whether that settles
/// it: a request that may still land is no proof of absence.
pub fn key_not_found_after(err: &Error, sent: Option<Sent>) -> (String, bool) {
    match may_still_land(err, sent) {
        Some(until) => (
            format!(
                "KakaoCloud has not made the key so far, but the request may still land \
                 until {}: the first kcred run after that deletes it if it does",
                at_time(until)
            ),
            false,
        ),
        None => (
            "KakaoCloud did not create the key (checked)".to_string(),
            true,
        ),
    }
}

/// A moment in a message: the time of day in UTC, and how far off it is.
pub fn at_time(at: Timestamp) -> String {
    let left = at.duration_since(Timestamp::now()).as_secs().max(0);
    format!("{} (in {left} s)", at.strftime("%H:%M:%S UTC"))
}

fn holder_in_words(holder: Option<u32>) -> String {
    match holder {
        Some(pid) => format!("kcred (pid {pid})"),
        None => "another kcred".to_string(),
    }
}

/// At the start of every run: settles an interrupted key operation of this run's profile,
/// unless another kcred is running it right now. A failure to settle is a warning: the state
/// on either side of a commit point works, and the next run tries again. A journal another
/// user could have written to is refused: its records are not acted on.
pub fn settle_interrupted(ctx: &Context) -> Result<()> {
    let journal = ctx.stores.journal();
    if !journal.has_records()? {
        return Ok(());
    }
    let Ok(credential) = ctx.credential() else {
        return Ok(());
    };
    let scope = scope_of(&credential);
    if journal.read(&scope)?.is_none() {
        return Ok(());
    }
    // Checked above; a lock that cannot be had now is for the next run.
    let Ok(Some(held)) = journal.lock_if_free(&scope) else {
        return Ok(());
    };
    if let Err(err) = settle(ctx, &held) {
        ctx.ui.note(&format!(
            "warning: an interrupted key operation of {} is not settled yet: {}; the next \
             kcred run tries again",
            scope_in_words(&scope),
            err.message()
        ));
    }
    Ok(())
}

/// Whether an operation's record went: `Waiting` keeps it, for a create request that may
/// still make its key until `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    Done,
    Waiting { until: Timestamp },
}

/// What settling an operation did, in one line; `changed` is false when there was nothing
/// left to finish or undo.
struct Outcome {
    said: String,
    changed: bool,
    waiting: Option<Timestamp>,
}

impl Outcome {
    fn changed(said: String) -> Result<Outcome> {
        Ok(Outcome {
            said,
            changed: true,
            waiting: None,
        })
    }

    fn unchanged(said: String) -> Result<Outcome> {
        Ok(Outcome {
            said,
            changed: false,
            waiting: None,
        })
    }

    /// Nothing to settle yet: the record stays until `until`.
    fn waiting(until: Timestamp, said: String) -> Result<Outcome> {
        Ok(Outcome {
            said,
            changed: false,
            waiting: Some(until),
        })
    }
}

/// Whether a create request that made no key yet may still make one now.
fn still_landing(sent: Option<Sent>) -> Option<Timestamp> {
    sent.filter(|sent| sent.may_still_land(Timestamp::now()))
        .map(|sent| sent.lands_by)
}

/// Settles the operation `held` has a record of, says in one line what was done, and drops
/// the record (unless a create request of it may still land: then it says so, and keeps it).
pub fn settle(ctx: &Context, held: &Held) -> Result<Settled> {
    settle_saying(ctx, held, true)
}

/// Settles what a failed operation left, telling only of what had to be done: its own error
/// says the rest.
pub fn settle_after_failure(ctx: &Context, held: &Held) {
    if let Err(err) = settle_saying(ctx, held, false) {
        ctx.ui.verbose(&format!(
            "settling the failed key operation: {}",
            err.message()
        ));
    }
}

fn settle_saying(ctx: &Context, held: &Held, say_always: bool) -> Result<Settled> {
    let Some(intent) = held.pending()? else {
        return Ok(Settled::Done);
    };
    let done = match intent {
        Intent::CreateIamKey {
            name,
            key_id,
            save_as,
            sent,
        } => settle_iam_key_create(ctx, &name, key_id, save_as, sent)?,
        Intent::Rotate {
            profile,
            old_key_id,
            new_name,
            new_key_id,
            sent,
        } => settle_rotation(ctx, &profile, &old_key_id, &new_name, new_key_id, sent)?,
        Intent::DeleteIamKey { key_id, profiles } => {
            settle_iam_key_delete(ctx, &key_id, &profiles)?
        }
        Intent::CreateS3Key {
            project_id,
            keys_before,
            access_key,
            sent,
        } => settle_s3_key_create(ctx, &project_id, &keys_before, access_key, sent)?,
        Intent::DeleteS3Key { access_key } => settle_s3_key_delete(ctx, &access_key)?,
    };
    if say_always || done.changed || done.waiting.is_some() {
        ctx.ui.note(&done.said);
    }
    if let Some(until) = done.waiting {
        return Ok(Settled::Waiting { until });
    }
    held.finish()?;
    Ok(Settled::Done)
}

/// What an interrupted operation was, in words (for `kcred doctor --dry-run`).
pub fn describe(intent: &Intent) -> String {
    match intent {
        Intent::CreateIamKey { name, save_as, .. } => match save_as {
            Some(profile) => format!("`iam-key create --save-as {profile}` (key '{name}')"),
            None => format!("`iam-key create` (key '{name}')"),
        },
        Intent::Rotate {
            profile,
            old_key_id,
            ..
        } => format!("`iam-key rotate` of profile '{profile}' (old key {old_key_id})"),
        Intent::DeleteIamKey { key_id, .. } => format!("`iam-key delete {key_id}`"),
        Intent::CreateS3Key { project_id, .. } => {
            format!("`s3-key create` in project {project_id}")
        }
        Intent::DeleteS3Key { access_key } => format!("`s3-key delete {access_key}`"),
    }
}

/// The user's IAM access keys.
pub fn all_iam_keys(session: &Session) -> Result<Vec<AccessKeyInfo>> {
    let user_id = session.user_id();
    session.call(|client, token| client.list_access_keys(token, &user_id))
}

/// Deletes an IAM access key on the server.
pub fn delete_iam_key(session: &Session, id: &str) -> Result<()> {
    let user_id = session.user_id();
    session.call(|client, token| client.delete_access_key(token, &user_id, id))
}

/// Profiles whose key is the one with `id` (and `name`, for profiles that name their key).
pub fn profiles_using(config: &Config, id: &str, name: Option<&str>, user_id: &str) -> Vec<String> {
    config
        .profiles
        .iter()
        .filter(|(_, profile)| match profile.access_key() {
            Ok(AccessKey::Id(key)) => key == id,
            Ok(AccessKey::Name {
                name: key,
                user_id: owner,
            }) => Some(key.as_str()) == name && owner == user_id,
            Err(_) => false,
        })
        .map(|(name, _)| name.clone())
        .collect()
}

/// Drops what kcred holds for a deleted IAM key: the tokens it issued for `profiles` and
/// their secrets, and the key's own secret.
pub fn forget_iam_key(ctx: &Context, key_id: &str, profiles: &[String]) -> Result<()> {
    for profile in profiles {
        ctx.forget_cached(profile)?;
        ctx.stores
            .store()
            .delete(&SecretName::ProfileSecret(profile.clone()))?;
    }
    ctx.stores
        .store()
        .delete(&SecretName::IamKeySecret(key_id.to_string()))
}

/// What became of a rotation's old key.
pub enum OldKey {
    Deleted,
    /// Not deleted: these profiles use it.
    KeptFor(Vec<String>),
}

/// After a rotation's switch: the profile's own entry gets the new secret too (CI runners of
/// a shared profile read that one), the old key is deleted with a token of the new one, and
/// what kcred held of the old key goes, its cached tokens before the key. Each step may run
/// again: a rerun after a crash finds the old key gone and goes on. `keep_if_used` (recovery,
/// which nobody confirmed) keeps the old key when a profile still uses it.
pub fn finish_rotation(
    ctx: &Context,
    profile: &str,
    new_id: &str,
    old_id: &str,
    keep_if_used: bool,
) -> Result<OldKey> {
    if let Some(secret) = ctx
        .stores
        .store()
        .get(&SecretName::IamKeySecret(new_id.to_string()))?
    {
        ctx.stores
            .store()
            .set(&SecretName::ProfileSecret(profile.to_string()), &secret)?;
    }
    failpoint::reached("rotate:profile-secret-copied");
    let session = ctx.session()?;
    let user_id = session.user_id();
    let old = all_iam_keys(&session)?
        .into_iter()
        .find(|key| key.id == old_id);
    let config = ctx.stores.config()?;
    let users = profiles_using(
        &config,
        old_id,
        old.as_ref().map(|key| key.name.as_str()),
        &user_id,
    );
    if keep_if_used && old.is_some() && !users.is_empty() {
        return Ok(OldKey::KeptFor(users));
    }
    let others: Vec<String> = users.into_iter().filter(|other| other != profile).collect();
    // Before the key goes: once it is gone, no token it issued may be handed out.
    for other in &others {
        ctx.forget_cached(other)?;
    }
    if let Some(old) = &old {
        forget_tokens_of(ctx, &config, old, &user_id)?;
        delete_iam_key(&session, old_id)?;
    }
    failpoint::reached("rotate:old-key-deleted");
    forget_iam_key(ctx, old_id, &others)?;
    Ok(OldKey::Deleted)
}

/// Drops the cached credentials of every profile whose cached token `key` issued (a profile
/// moved to another key keeps its old token until it next asks): before `key` is deleted.
fn forget_tokens_of(
    ctx: &Context,
    config: &Config,
    key: &AccessKeyInfo,
    user_id: &str,
) -> Result<()> {
    let issued_by = [
        AccessKey::Id(key.id.clone()).fingerprint(),
        AccessKey::Name {
            name: key.name.clone(),
            user_id: user_id.to_string(),
        }
        .fingerprint(),
    ];
    let cache = ctx.tokens().cache();
    for profile in config.profiles.keys() {
        if cache
            .entry(profile)
            .is_some_and(|entry| issued_by.contains(&entry.access_key))
        {
            ctx.forget_cached(profile)?;
        }
    }
    Ok(())
}

/// What recovery did with a key it found that nobody may hold the secret of.
enum Found {
    Deleted,
    /// Not deleted: these profiles use it.
    KeptFor(Vec<String>),
}

/// Deletes a key an interrupted operation left, unless a profile uses it: a record names a
/// key by its name, and that may be a key a profile depends on. The tokens it issued go
/// first.
fn delete_left_key(ctx: &Context, session: &Session, key: &AccessKeyInfo) -> Result<Found> {
    let user_id = session.user_id();
    let config = ctx.stores.config()?;
    let users = profiles_using(&config, &key.id, Some(&key.name), &user_id);
    if !users.is_empty() {
        return Ok(Found::KeptFor(users));
    }
    forget_tokens_of(ctx, &config, key, &user_id)?;
    delete_iam_key(session, &key.id)?;
    Ok(Found::Deleted)
}

/// Whether `profile` names the key `id` in the config.
fn profile_uses(config: &Config, profile: &str, id: &str) -> bool {
    config
        .profiles
        .get(profile)
        .and_then(|p| p.kakaocloud())
        .is_some_and(|settings| settings.key == AccessKey::Id(id.to_string()))
}

fn settle_iam_key_create(
    ctx: &Context,
    name: &str,
    key_id: Option<String>,
    save_as: Option<String>,
    sent: Option<Sent>,
) -> Result<Outcome> {
    let session = ctx.session()?;
    let keys = all_iam_keys(&session)?;
    let found = keys
        .iter()
        .find(|key| match &key_id {
            Some(id) => key.id == *id,
            None => key.name == name,
        })
        .cloned();
    let config = ctx.stores.config()?;
    let saved_profile_exists = save_as
        .as_ref()
        .is_some_and(|profile| config.profiles.contains_key(profile));
    let Some(key) = found else {
        // Not made yet is not proof of never: the request may land after this list.
        if key_id.is_none()
            && let Some(until) = still_landing(sent)
        {
            return Outcome::waiting(
                until,
                format!(
                    "The interrupted `iam-key create` has not made key '{name}' yet, but its \
                     request may still land until {}: kcred settles it at its first run after \
                     that.",
                    at_time(until)
                ),
            );
        }
        if let Some(id) = &key_id {
            ctx.stores
                .store()
                .delete(&SecretName::IamKeySecret(id.clone()))?;
        }
        return Outcome::unchanged(format!(
            "The interrupted `iam-key create` had not made key '{name}': nothing to undo."
        ));
    };
    let secret = ctx
        .stores
        .store()
        .get(&SecretName::IamKeySecret(key.id.clone()))?;
    match save_as {
        Some(profile) if profile_uses(&config, &profile, &key.id) => {
            if let Some(secret) = secret {
                ctx.stores
                    .store()
                    .set(&SecretName::ProfileSecret(profile.clone()), &secret)?;
            }
            Outcome::changed(format!(
                "Finished the interrupted `iam-key create --save-as {profile}`: profile \
                 '{profile}' uses key {} ({}).",
                key.id, key.name
            ))
        }
        Some(profile) => match delete_left_key(ctx, &session, &key)? {
            Found::KeptFor(users) => Outcome::changed(format!(
                "Settled the interrupted `iam-key create --save-as {profile}` without deleting \
                 key {} ({}): profile(s) {} use it.",
                key.id,
                key.name,
                users.join(", ")
            )),
            Found::Deleted => {
                ctx.stores
                    .store()
                    .delete(&SecretName::IamKeySecret(key.id.clone()))?;
                // Only a secret no profile owns: a profile of that name made since is not
                // touched.
                if !saved_profile_exists {
                    ctx.stores
                        .store()
                        .delete(&SecretName::ProfileSecret(profile.clone()))?;
                }
                Outcome::changed(format!(
                    "Undid the interrupted `iam-key create --save-as {profile}`: deleted key \
                     {} ({}), which no profile used yet.",
                    key.id, key.name
                ))
            }
        },
        None if secret.is_some() => Outcome::changed(format!(
            "Finished the interrupted `iam-key create`: key {} ({}) is kept, its secret in {}.",
            key.id,
            key.name,
            ctx.store_name()
        )),
        None => match delete_left_key(ctx, &session, &key)? {
            Found::KeptFor(users) => Outcome::changed(format!(
                "Settled the interrupted `iam-key create` without deleting key {} ({}): \
                 profile(s) {} use it.",
                key.id,
                key.name,
                users.join(", ")
            )),
            Found::Deleted => Outcome::changed(format!(
                "Deleted key {} ({}), made by an interrupted `iam-key create` whose secret \
                 never reached {}.",
                key.id,
                key.name,
                ctx.store_name()
            )),
        },
    }
}

fn settle_rotation(
    ctx: &Context,
    profile: &str,
    old_id: &str,
    new_name: &str,
    new_id: Option<String>,
    sent: Option<Sent>,
) -> Result<Outcome> {
    let config = ctx.stores.config()?;
    if let Some(new_id) = new_id
        .as_deref()
        .filter(|id| profile_uses(&config, profile, id))
    {
        return match finish_rotation(ctx, profile, new_id, old_id, true)? {
            OldKey::Deleted => Outcome::changed(format!(
                "Finished the interrupted rotation of profile '{profile}': it uses key \
                 {new_id}; the old key {old_id} is deleted."
            )),
            OldKey::KeptFor(users) => Outcome::changed(format!(
                "Finished the interrupted rotation of profile '{profile}': it uses key \
                 {new_id}; the old key {old_id} is kept, profile(s) {} use it \
                 (`kcred iam-key delete {old_id}` deletes it).",
                users.join(", ")
            )),
        };
    }
    let session = ctx.session()?;
    let new = all_iam_keys(&session)?.into_iter().find(|key| {
        key.id != old_id
            && match &new_id {
                Some(id) => key.id == *id,
                None => key.name == new_name,
            }
    });
    let Some(new) = new else {
        // Not made yet is not proof of never: the request may land after this list.
        if new_id.is_none()
            && let Some(until) = still_landing(sent)
        {
            return Outcome::waiting(
                until,
                format!(
                    "The interrupted rotation of profile '{profile}' has not made a new key \
                     yet, but its request may still land until {}: the profile keeps key \
                     {old_id}, and kcred settles the rest at its first run after that.",
                    at_time(until)
                ),
            );
        }
        if let Some(id) = &new_id {
            ctx.stores
                .store()
                .delete(&SecretName::IamKeySecret(id.clone()))?;
        }
        return Outcome::unchanged(format!(
            "Undid the interrupted rotation of profile '{profile}': it keeps key {old_id}; \
             KakaoCloud had not made a new key."
        ));
    };
    match delete_left_key(ctx, &session, &new)? {
        Found::KeptFor(users) => Outcome::changed(format!(
            "Undid the interrupted rotation of profile '{profile}': it keeps key {old_id}; key \
             {} ({}) is not deleted, profile(s) {} use it.",
            new.id,
            new.name,
            users.join(", ")
        )),
        Found::Deleted => {
            ctx.stores
                .store()
                .delete(&SecretName::IamKeySecret(new.id.clone()))?;
            Outcome::changed(format!(
                "Undid the interrupted rotation of profile '{profile}': it keeps key {old_id}; \
                 the new key {} was deleted.",
                new.id
            ))
        }
    }
}

fn settle_iam_key_delete(ctx: &Context, key_id: &str, profiles: &[String]) -> Result<Outcome> {
    let credential = ctx.credential()?;
    let own_key = credential.key == AccessKey::Id(key_id.to_string());
    let listed = ctx
        .session()
        .and_then(|session| Ok((all_iam_keys(&session)?, session.user_id())));
    let (keys, user_id) = match listed {
        Ok(listed) => listed,
        // The profile's own key was the one deleted: it can no longer get a token.
        Err(err) if own_key && err.kind() == ErrorKind::Rejected => (Vec::new(), String::new()),
        Err(err) => return Err(err),
    };
    let still_there = keys.iter().any(|key| key.id == key_id);
    if still_there {
        return Outcome::unchanged(format!(
            "The interrupted `iam-key delete {key_id}` had not reached KakaoCloud: the key is \
             still there (only its cached tokens were dropped)."
        ));
    }
    // A profile whose key is still on the server keeps what it holds, whatever the record
    // says.
    let config = ctx.stores.config()?;
    let in_use: Vec<String> = keys
        .iter()
        .flat_map(|key| profiles_using(&config, &key.id, Some(&key.name), &user_id))
        .collect();
    let profiles: Vec<String> = profiles
        .iter()
        .filter(|profile| !in_use.contains(profile))
        .cloned()
        .collect();
    forget_iam_key(ctx, key_id, &profiles)?;
    let users = if profiles.is_empty() {
        String::new()
    } else {
        format!(" (profiles {})", profiles.join(", "))
    };
    Outcome::changed(format!(
        "Finished the interrupted `iam-key delete {key_id}`: KakaoCloud had deleted the key; \
         kcred dropped its secrets and tokens{users}."
    ))
}

/// The user's S3 access keys.
pub fn all_s3_keys(session: &Session) -> Result<Vec<S3KeyInfo>> {
    let user_id = session.user_id();
    session.call(|client, token| client.list_s3_keys(token, &user_id))
}

fn settle_s3_key_create(
    ctx: &Context,
    project_id: &str,
    keys_before: &[String],
    access_key: Option<String>,
    sent: Option<Sent>,
) -> Result<Outcome> {
    let session = ctx.session()?;
    let user_id = session.user_id();
    let keys = all_s3_keys(&session)?;
    let new: Vec<&S3KeyInfo> = keys
        .iter()
        .filter(|key| {
            key.tenant_id.as_deref() == Some(project_id) && !keys_before.contains(&key.access)
        })
        .collect();
    // Not made yet is not proof of never: the request may land after this list.
    if new.is_empty()
        && access_key.is_none()
        && let Some(until) = still_landing(sent)
    {
        return Outcome::waiting(
            until,
            format!(
                "The interrupted `s3-key create` has not made a key yet, but its request may \
                 still land until {}: kcred settles it at its first run after that.",
                at_time(until)
            ),
        );
    }
    let profile = session.credential.stored_profile().map(str::to_string);
    let config = ctx.stores.config()?;
    let mut done = Vec::new();
    for key in &new {
        let stored = ctx
            .stores
            .store()
            .get(&SecretName::S3KeySecret(key.access.clone()))?
            .is_some();
        let kcreds = access_key.as_deref() == Some(key.access.as_str())
            || (access_key.is_none() && new.len() == 1);
        let offered_by: Vec<&String> = config
            .profiles
            .iter()
            .filter(|(_, p)| p.s3_access_keys.contains(&key.access))
            .map(|(name, _)| name)
            .collect();
        if !stored && !offered_by.is_empty() {
            done.push(format!(
                "kept S3 key {}: profile(s) {} offer it",
                key.access,
                offered_by
                    .iter()
                    .map(|name| name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        } else if stored {
            if let Some(profile) = &profile {
                remember_key(ctx, profile, &key.access)?;
            }
            done.push(format!("kept S3 key {} (its secret is stored)", key.access));
        } else if kcreds {
            session.call(|client, token| client.delete_s3_key(token, &user_id, &key.access))?;
            done.push(format!(
                "deleted S3 key {}, whose secret never reached {}",
                key.access,
                ctx.store_name()
            ));
        } else {
            done.push(format!(
                "S3 key {} appeared meanwhile without a secret in kcred: check it with \
                 `kcred s3-key list`",
                key.access
            ));
        }
    }
    if let Some(access) = &access_key
        && !keys.iter().any(|key| key.access == *access)
    {
        drop_deleted_key(ctx, access)?;
    }
    if done.is_empty() {
        return Outcome::unchanged(
            "The interrupted `s3-key create` had not made a key: nothing to undo.".to_string(),
        );
    }
    Outcome::changed(format!(
        "The interrupted `s3-key create`: {}.",
        done.join("; ")
    ))
}

fn settle_s3_key_delete(ctx: &Context, access: &str) -> Result<Outcome> {
    let session = ctx.session()?;
    if all_s3_keys(&session)?
        .iter()
        .any(|key| key.access == access)
    {
        return Outcome::unchanged(format!(
            "The interrupted `s3-key delete {access}` had not reached KakaoCloud: the key is \
             still there."
        ));
    }
    drop_deleted_key(ctx, access)?;
    Outcome::changed(format!(
        "Finished the interrupted `s3-key delete {access}`: KakaoCloud had deleted the key; \
         kcred dropped its secret."
    ))
}
