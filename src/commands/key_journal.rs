//! The command side of key operations as transactions ([`crate::key_ops`]): this run's
//! context and session as what the core works on, and what it did in words for people.

use super::{Context, Session};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::iam::{AccessKeyInfo, S3KeyInfo};
use crate::journal::{Held, Intent, Sent};
use crate::key_ops::{
    self, Began, Caller, KeyApi, Keys, OldKey, Profiles, S3KeyFate, Settlement, scope_in_words,
};
use jiff::Timestamp;
use std::cell::OnceCell;
use std::io::IsTerminal;

pub use crate::key_ops::Settled;

/// The server's keys through this run's session, made at the first request that needs it.
struct ServerKeys<'a> {
    ctx: &'a Context,
    session: OnceCell<Session<'a>>,
}

impl<'a> ServerKeys<'a> {
    fn session(&self) -> Result<&Session<'a>> {
        if let Some(session) = self.session.get() {
            return Ok(session);
        }
        let session = self.ctx.session()?;
        Ok(self.session.get_or_init(|| session))
    }
}

impl KeyApi for ServerKeys<'_> {
    fn caller(&self) -> Result<Caller> {
        match self.session.get() {
            Some(session) => Ok(Caller::of(&session.credential)),
            None => Ok(Caller::of(&self.ctx.credential()?)),
        }
    }

    fn user_id(&self) -> Result<String> {
        Ok(self.session()?.user_id())
    }

    fn iam_keys(&self) -> Result<Vec<AccessKeyInfo>> {
        all_iam_keys(self.session()?)
    }

    fn delete_iam_key(&self, id: &str) -> Result<()> {
        let session = self.session()?;
        let user_id = session.user_id();
        session.call(|client, token| client.delete_access_key(token, &user_id, id))
    }

    fn s3_keys(&self) -> Result<Vec<S3KeyInfo>> {
        all_s3_keys(self.session()?)
    }

    fn delete_s3_key(&self, access: &str) -> Result<()> {
        let session = self.session()?;
        let user_id = session.user_id();
        session.call(|client, token| client.delete_s3_key(token, &user_id, access))
    }
}

/// This run's profiles and the credentials cached for them.
pub(super) struct ContextProfiles<'a>(pub &'a Context);

impl Profiles for ContextProfiles<'_> {
    fn config(&self) -> Result<Config> {
        self.0.stores.config()
    }

    fn update(&self, change: &mut dyn FnMut(&mut Config) -> Result<()>) -> Result<()> {
        self.0.stores.update_config(change)
    }

    fn cached_token_key(&self, profile: &str) -> Option<String> {
        self.0
            .tokens()
            .cache()
            .entry(profile)
            .map(|entry| entry.access_key)
    }

    fn forget_cached(&self, profile: &str) -> Result<()> {
        self.0.forget_cached(profile).map(|_| ())
    }
}

/// What key operations work on in this run: its session (made when first needed), its
/// store, its profiles.
struct OnContext<'a> {
    ctx: &'a Context,
    server: ServerKeys<'a>,
    profiles: ContextProfiles<'a>,
}

impl<'a> OnContext<'a> {
    fn new(ctx: &'a Context) -> OnContext<'a> {
        OnContext {
            ctx,
            server: ServerKeys {
                ctx,
                session: OnceCell::new(),
            },
            profiles: ContextProfiles(ctx),
        }
    }

    fn keys(&self) -> Keys<'_> {
        Keys {
            api: &self.server,
            store: self.ctx.stores.store(),
            profiles: &self.profiles,
            now: Timestamp::now(),
        }
    }
}

/// Waits, at most `--timeout`, for the right to run a key operation for `scope`: one at a
/// time per profile, across processes. An operation interrupted earlier is settled first.
pub fn begin(ctx: &Context, scope: &str) -> Result<Held> {
    let limit = ctx.global.timeout;
    let waiting = |holder| {
        if ctx.global.verbose || std::io::stderr().is_terminal() {
            ctx.ui.note(&format!(
                "Waiting for {} to finish its key operation for {} (at most {} s)…",
                holder_in_words(holder),
                scope_in_words(scope),
                limit.as_secs()
            ));
        }
    };
    match key_ops::begin(&ctx.stores.journal(), scope, limit, waiting, |held| {
        settle(ctx, held)
    })? {
        Began::Held(held) => Ok(held),
        Began::Busy { holder } => Err(Error::other(format!(
            "{} has been changing the keys of {} for over {} s",
            holder_in_words(holder),
            scope_in_words(scope),
            limit.as_secs()
        ))
        .with_hint("let it finish, then try again (if it is stopped with Ctrl-Z, `fg` it)")),
        Began::Waiting { until } => Err(Error::other(format!(
            "an interrupted key operation of {} may still make a key on KakaoCloud until {}",
            scope_in_words(scope),
            at_time(until)
        ))
        .with_hint(format!(
            "try again after {}: kcred settles that one first",
            at_time(until)
        ))),
    }
}

/// What to say when a failed create's key is not in the list (yet), and whether that settles
/// it: a request that may still land is no proof of absence.
pub fn key_not_found_after(err: &Error, sent: Option<Sent>) -> (String, bool) {
    match key_ops::may_still_land(err, sent, Timestamp::now()) {
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
    let scope = key_ops::scope_of(&credential);
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
    let on = OnContext::new(ctx);
    key_ops::settle(&on.keys(), held, |settled| {
        if say_always || settled.changed() || settled.waiting().is_some() {
            ctx.ui.note(&said(settled, ctx.store_name()));
        }
    })
}

/// After a rotation's switch, the rest of it ([`key_ops::finish_rotation`]), with a session
/// of the profile as it is now: the old key is deleted with a token of the new one.
pub fn finish_rotation(
    ctx: &Context,
    profile: &str,
    new_id: &str,
    old_id: &str,
    keep_if_used: bool,
) -> Result<OldKey> {
    let on = OnContext::new(ctx);
    key_ops::finish_rotation(&on.keys(), profile, new_id, old_id, keep_if_used)
}

/// Drops what kcred holds for a deleted IAM key ([`key_ops::forget_iam_key`]).
pub fn forget_iam_key(ctx: &Context, key_id: &str, profiles: &[String]) -> Result<()> {
    let on = OnContext::new(ctx);
    key_ops::forget_iam_key(&on.keys(), key_id, profiles)
}

/// What settling did, in one line; `store` is the secret store in words.
fn said(settled: &Settlement, store: &str) -> String {
    match settled {
        Settlement::IamCreateWaiting { name, until } => format!(
            "The interrupted `iam-key create` has not made key '{name}' yet, but its request \
             may still land until {}: kcred settles it at its first run after that.",
            at_time(*until)
        ),
        Settlement::IamCreateNotMade { name } => {
            format!("The interrupted `iam-key create` had not made key '{name}': nothing to undo.")
        }
        Settlement::IamCreateSaved {
            profile,
            key_id,
            key_name,
        } => format!(
            "Finished the interrupted `iam-key create --save-as {profile}`: profile \
             '{profile}' uses key {key_id} ({key_name})."
        ),
        Settlement::IamCreateSaveKept {
            profile,
            key_id,
            key_name,
            users,
        } => format!(
            "Settled the interrupted `iam-key create --save-as {profile}` without deleting \
             key {key_id} ({key_name}): profile(s) {} use it.",
            users.join(", ")
        ),
        Settlement::IamCreateSaveUndone {
            profile,
            key_id,
            key_name,
        } => format!(
            "Undid the interrupted `iam-key create --save-as {profile}`: deleted key \
             {key_id} ({key_name}), which no profile used yet."
        ),
        Settlement::IamCreateKept { key_id, key_name } => format!(
            "Finished the interrupted `iam-key create`: key {key_id} ({key_name}) is kept, its \
             secret in {store}."
        ),
        Settlement::IamCreateLeftKept {
            key_id,
            key_name,
            users,
        } => format!(
            "Settled the interrupted `iam-key create` without deleting key {key_id} \
             ({key_name}): profile(s) {} use it.",
            users.join(", ")
        ),
        Settlement::IamCreateLeftDeleted { key_id, key_name } => format!(
            "Deleted key {key_id} ({key_name}), made by an interrupted `iam-key create` whose \
             secret never reached {store}."
        ),
        Settlement::RotationFinished {
            profile,
            new_id,
            old_id,
            old: OldKey::Deleted,
        } => format!(
            "Finished the interrupted rotation of profile '{profile}': it uses key {new_id}; \
             the old key {old_id} is deleted."
        ),
        Settlement::RotationFinished {
            profile,
            new_id,
            old_id,
            old: OldKey::KeptFor(users),
        } => format!(
            "Finished the interrupted rotation of profile '{profile}': it uses key {new_id}; \
             the old key {old_id} is kept, profile(s) {} use it \
             (`kcred iam-key delete {old_id}` deletes it).",
            users.join(", ")
        ),
        Settlement::RotationWaiting {
            profile,
            old_id,
            until,
        } => format!(
            "The interrupted rotation of profile '{profile}' has not made a new key yet, but \
             its request may still land until {}: the profile keeps key {old_id}, and kcred \
             settles the rest at its first run after that.",
            at_time(*until)
        ),
        Settlement::RotationNotMade { profile, old_id } => format!(
            "Undid the interrupted rotation of profile '{profile}': it keeps key {old_id}; \
             KakaoCloud had not made a new key."
        ),
        Settlement::RotationUndoneKept {
            profile,
            old_id,
            new_id,
            new_name,
            users,
        } => format!(
            "Undid the interrupted rotation of profile '{profile}': it keeps key {old_id}; key \
             {new_id} ({new_name}) is not deleted, profile(s) {} use it.",
            users.join(", ")
        ),
        Settlement::RotationUndone {
            profile,
            old_id,
            new_id,
        } => format!(
            "Undid the interrupted rotation of profile '{profile}': it keeps key {old_id}; \
             the new key {new_id} was deleted."
        ),
        Settlement::IamDeleteNotReached { key_id } => format!(
            "The interrupted `iam-key delete {key_id}` had not reached KakaoCloud: the key is \
             still there (only its cached tokens were dropped)."
        ),
        Settlement::IamDeleteFinished { key_id, profiles } => {
            let users = if profiles.is_empty() {
                String::new()
            } else {
                format!(" (profiles {})", profiles.join(", "))
            };
            format!(
                "Finished the interrupted `iam-key delete {key_id}`: KakaoCloud had deleted \
                 the key; kcred dropped its secrets and tokens{users}."
            )
        }
        Settlement::S3CreateWaiting { until } => format!(
            "The interrupted `s3-key create` has not made a key yet, but its request may \
             still land until {}: kcred settles it at its first run after that.",
            at_time(*until)
        ),
        Settlement::S3CreateNotMade => {
            "The interrupted `s3-key create` had not made a key: nothing to undo.".to_string()
        }
        Settlement::S3Created { fates } => {
            let done: Vec<String> = fates.iter().map(|fate| s3_fate(fate, store)).collect();
            format!("The interrupted `s3-key create`: {}.", done.join("; "))
        }
        Settlement::S3DeleteNotReached { access } => format!(
            "The interrupted `s3-key delete {access}` had not reached KakaoCloud: the key is \
             still there."
        ),
        Settlement::S3DeleteFinished { access } => format!(
            "Finished the interrupted `s3-key delete {access}`: KakaoCloud had deleted the \
             key; kcred dropped its secret."
        ),
    }
}

fn s3_fate(fate: &S3KeyFate, store: &str) -> String {
    match fate {
        S3KeyFate::KeptOffered { access, profiles } => format!(
            "kept S3 key {access}: profile(s) {} offer it",
            profiles.join(", ")
        ),
        S3KeyFate::KeptStored { access } => format!("kept S3 key {access} (its secret is stored)"),
        S3KeyFate::Deleted { access } => {
            format!("deleted S3 key {access}, whose secret never reached {store}")
        }
        S3KeyFate::Unknown { access } => format!(
            "S3 key {access} appeared meanwhile without a secret in kcred: check it with \
             `kcred s3-key list`"
        ),
    }
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

/// The user's S3 access keys.
pub fn all_s3_keys(session: &Session) -> Result<Vec<S3KeyInfo>> {
    let user_id = session.user_id();
    session.call(|client, token| client.list_s3_keys(token, &user_id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(key_id: &str) -> (String, String) {
        (key_id.to_string(), format!("{key_id}-name"))
    }

    #[test]
    fn an_iam_create_is_told_with_its_key_and_store() {
        let (key_id, key_name) = key("k1");
        assert_eq!(
            said(
                &Settlement::IamCreateLeftDeleted {
                    key_id: key_id.clone(),
                    key_name: key_name.clone()
                },
                "the OS keyring"
            ),
            "Deleted key k1 (k1-name), made by an interrupted `iam-key create` whose secret \
             never reached the OS keyring."
        );
        assert_eq!(
            said(
                &Settlement::IamCreateSaveKept {
                    profile: "new".into(),
                    key_id,
                    key_name,
                    users: vec!["a".into(), "b".into()]
                },
                "the OS keyring"
            ),
            "Settled the interrupted `iam-key create --save-as new` without deleting key k1 \
             (k1-name): profile(s) a, b use it."
        );
    }

    #[test]
    fn a_rotation_that_kept_its_old_key_names_the_command_that_deletes_it() {
        assert_eq!(
            said(
                &Settlement::RotationFinished {
                    profile: "dev".into(),
                    new_id: "new".into(),
                    old_id: "old".into(),
                    old: OldKey::KeptFor(vec!["ci".into()])
                },
                "the OS keyring"
            ),
            "Finished the interrupted rotation of profile 'dev': it uses key new; the old key \
             old is kept, profile(s) ci use it (`kcred iam-key delete old` deletes it)."
        );
    }

    #[test]
    fn a_finished_delete_names_the_profiles_only_when_there_were_some() {
        let finished = |profiles: Vec<String>| {
            said(
                &Settlement::IamDeleteFinished {
                    key_id: "k1".into(),
                    profiles,
                },
                "the OS keyring",
            )
        };
        assert_eq!(
            finished(vec![]),
            "Finished the interrupted `iam-key delete k1`: KakaoCloud had deleted the key; \
             kcred dropped its secrets and tokens."
        );
        assert!(finished(vec!["a".into(), "b".into()]).ends_with("tokens (profiles a, b)."));
    }

    #[test]
    fn an_s3_create_tells_each_keys_fate_in_one_line() {
        let fates = vec![
            S3KeyFate::KeptOffered {
                access: "A".into(),
                profiles: vec!["ci".into()],
            },
            S3KeyFate::KeptStored { access: "B".into() },
            S3KeyFate::Deleted { access: "C".into() },
            S3KeyFate::Unknown { access: "D".into() },
        ];
        assert_eq!(
            said(&Settlement::S3Created { fates }, "Vault"),
            "The interrupted `s3-key create`: kept S3 key A: profile(s) ci offer it; kept S3 \
             key B (its secret is stored); deleted S3 key C, whose secret never reached Vault; \
             S3 key D appeared meanwhile without a secret in kcred: check it with `kcred \
             s3-key list`."
        );
    }

    #[test]
    fn a_waiting_operation_says_until_when() {
        let until = Timestamp::now() + jiff::SignedDuration::from_secs(3600);
        let text = said(&Settlement::S3CreateWaiting { until }, "the OS keyring");
        assert!(text.contains(&at_time(until)), "{text}");
        assert!(text.ends_with("kcred settles it at its first run after that."));
    }

    #[test]
    fn interrupted_operations_are_described_as_their_commands() {
        assert_eq!(
            describe(&Intent::CreateIamKey {
                name: "n".into(),
                key_id: None,
                save_as: Some("p".into()),
                sent: None
            }),
            "`iam-key create --save-as p` (key 'n')"
        );
        assert_eq!(
            describe(&Intent::DeleteS3Key {
                access_key: "A".into()
            }),
            "`s3-key delete A`"
        );
    }
}
