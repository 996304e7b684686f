//! The rules that settle an interrupted key operation: its record is checked against what the
//! server shows, and the operation finished when its commit point was passed, undone when
//! not. A create request that may still make its key keeps its record until its deadline.

use super::rotation::{OldKey, finish_rotation};
use super::s3::{drop_deleted_s3_key, remember_s3_key};
use super::{Keys, forget_iam_key, forget_tokens_of, profile_uses, profiles_using, scope_in_words};
use crate::config::AccessKey;
use crate::error::{ErrorKind, Result};
use crate::iam::{AccessKeyInfo, S3KeyInfo};
use crate::journal::{Held, Intent, Journal, Sent};
use crate::secrets::SecretName;
use jiff::Timestamp;
use std::time::Duration;

/// Whether an operation's record went: `Waiting` keeps it, for a create request that may
/// still make its key until `until`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    Done,
    Waiting { until: Timestamp },
}

/// What settling an interrupted operation did (or found nothing to do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settlement {
    /// `iam-key create`: no key of `name` yet, but the request may still make one.
    IamCreateWaiting { name: String, until: Timestamp },
    /// `iam-key create`: the server had not made the key.
    IamCreateNotMade { name: String },
    /// `iam-key create --save-as`: the profile was saved; it got the key's secret too.
    IamCreateSaved {
        profile: String,
        key_id: String,
        key_name: String,
    },
    /// `iam-key create --save-as`: the profile was not saved, but `users` use the key.
    IamCreateSaveKept {
        profile: String,
        key_id: String,
        key_name: String,
        users: Vec<String>,
    },
    /// `iam-key create --save-as`: the profile was not saved; the key was deleted.
    IamCreateSaveUndone {
        profile: String,
        key_id: String,
        key_name: String,
    },
    /// `iam-key create`: the key's secret was stored; the key stays.
    IamCreateKept { key_id: String, key_name: String },
    /// `iam-key create`: the key's secret was not stored, but `users` use the key.
    IamCreateLeftKept {
        key_id: String,
        key_name: String,
        users: Vec<String>,
    },
    /// `iam-key create`: the key's secret was not stored; the key was deleted.
    IamCreateLeftDeleted { key_id: String, key_name: String },
    /// `iam-key rotate`: the profile had switched; the rest was done.
    RotationFinished {
        profile: String,
        new_id: String,
        old_id: String,
        old: OldKey,
    },
    /// `iam-key rotate`: no new key yet, but the request may still make one.
    RotationWaiting {
        profile: String,
        old_id: String,
        until: Timestamp,
    },
    /// `iam-key rotate`: the server had not made a new key.
    RotationNotMade { profile: String, old_id: String },
    /// `iam-key rotate`: undone, but the new key stays: `users` use it.
    RotationUndoneKept {
        profile: String,
        old_id: String,
        new_id: String,
        new_name: String,
        users: Vec<String>,
    },
    /// `iam-key rotate`: undone; the new key was deleted.
    RotationUndone {
        profile: String,
        old_id: String,
        new_id: String,
    },
    /// `iam-key delete`: the key is still on the server.
    IamDeleteNotReached { key_id: String },
    /// `iam-key delete`: the server had deleted the key; what `profiles` held of it went.
    IamDeleteFinished {
        key_id: String,
        profiles: Vec<String>,
    },
    /// `s3-key create`: no new key yet, but the request may still make one.
    S3CreateWaiting { until: Timestamp },
    /// `s3-key create`: the server had made no key.
    S3CreateNotMade,
    /// `s3-key create`: what became of each key that appeared.
    S3Created { fates: Vec<S3KeyFate> },
    /// `s3-key delete`: the key is still on the server.
    S3DeleteNotReached { access: String },
    /// `s3-key delete`: the server had deleted the key; its secret went.
    S3DeleteFinished { access: String },
}

/// What became of an S3 key that appeared while an `s3-key create` was interrupted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum S3KeyFate {
    /// Kept without a stored secret: these profiles offer it.
    KeptOffered {
        access: String,
        profiles: Vec<String>,
    },
    /// Kept: its secret is stored (and the profile remembers it).
    KeptStored { access: String },
    /// Deleted: it was kcred's, and its secret never reached the store.
    Deleted { access: String },
    /// Not kcred's as far as it can tell, and without a stored secret: left alone.
    Unknown { access: String },
}

impl Settlement {
    /// Whether anything was finished or undone: false when there was nothing left to do.
    pub fn changed(&self) -> bool {
        !matches!(
            self,
            Settlement::IamCreateWaiting { .. }
                | Settlement::IamCreateNotMade { .. }
                | Settlement::RotationWaiting { .. }
                | Settlement::RotationNotMade { .. }
                | Settlement::IamDeleteNotReached { .. }
                | Settlement::S3CreateWaiting { .. }
                | Settlement::S3CreateNotMade
                | Settlement::S3DeleteNotReached { .. }
        )
    }

    /// Until when the record stays: a create request may still make its key.
    pub fn waiting(&self) -> Option<Timestamp> {
        match self {
            Settlement::IamCreateWaiting { until, .. }
            | Settlement::RotationWaiting { until, .. }
            | Settlement::S3CreateWaiting { until } => Some(*until),
            _ => None,
        }
    }
}

/// How a wait for the right to run a key operation ended.
pub enum Began {
    /// The right, with any interrupted operation settled.
    Held(Held),
    /// Another process held it for the whole wait (its process ID, when known).
    Busy { holder: Option<u32> },
    /// An interrupted create request may still make a key until `until`: no other operation
    /// may run before it is settled (the journal keeps one record per profile).
    Waiting { until: Timestamp },
}

/// Waits, at most `limit`, for the right to run a key operation for `scope`: one at a time
/// per profile, across processes. `waiting` hears the holder's process ID when another holds
/// it. An operation interrupted earlier is settled first, by `settle`.
pub fn begin(
    journal: &Journal,
    scope: &str,
    limit: Duration,
    waiting: impl FnOnce(Option<u32>),
    settle: impl FnOnce(&Held) -> Result<Settled>,
) -> Result<Began> {
    let Some(held) = journal.lock(scope, limit, waiting)? else {
        return Ok(Began::Busy {
            holder: journal.holder(scope),
        });
    };
    if held.pending()?.is_some() {
        let settled = settle(&held).map_err(|err| {
            err.context(format!(
                "an interrupted key operation of {} is not settled yet",
                scope_in_words(scope)
            ))
        })?;
        // The journal keeps one record per profile: another operation now would lose the
        // record of a key that may still appear, and that key would take a slot unseen.
        if let Settled::Waiting { until } = settled {
            return Ok(Began::Waiting { until });
        }
    }
    Ok(Began::Held(held))
}

/// Settles the operation `held` has a record of, tells `report` what was done, and drops the
/// record (unless a create request of it may still land: then it keeps it).
pub fn settle(keys: &Keys, held: &Held, report: impl FnOnce(&Settlement)) -> Result<Settled> {
    let Some(intent) = held.pending()? else {
        return Ok(Settled::Done);
    };
    let settlement = match intent {
        Intent::CreateIamKey {
            name,
            key_id,
            save_as,
            sent,
        } => settle_iam_key_create(keys, name, key_id, save_as, sent)?,
        Intent::Rotate {
            profile,
            old_key_id,
            new_name,
            new_key_id,
            sent,
        } => settle_rotation(keys, profile, old_key_id, &new_name, new_key_id, sent)?,
        Intent::DeleteIamKey { key_id, profiles } => {
            settle_iam_key_delete(keys, key_id, &profiles)?
        }
        Intent::CreateS3Key {
            project_id,
            keys_before,
            access_key,
            sent,
        } => settle_s3_key_create(keys, &project_id, &keys_before, access_key, sent)?,
        Intent::DeleteS3Key { access_key } => settle_s3_key_delete(keys, access_key)?,
    };
    report(&settlement);
    if let Some(until) = settlement.waiting() {
        return Ok(Settled::Waiting { until });
    }
    held.finish()?;
    Ok(Settled::Done)
}

/// Whether a create request that made no key yet may still make one now.
fn still_landing(sent: Option<Sent>, now: Timestamp) -> Option<Timestamp> {
    sent.filter(|sent| sent.may_still_land(now))
        .map(|sent| sent.lands_by)
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
fn delete_left_key(keys: &Keys, key: &AccessKeyInfo) -> Result<Found> {
    let user_id = keys.api.user_id()?;
    let config = keys.profiles.config()?;
    let users = profiles_using(&config, &key.id, Some(&key.name), &user_id);
    if !users.is_empty() {
        return Ok(Found::KeptFor(users));
    }
    forget_tokens_of(keys, &config, key, &user_id)?;
    keys.api.delete_iam_key(&key.id)?;
    Ok(Found::Deleted)
}

fn settle_iam_key_create(
    keys: &Keys,
    name: String,
    key_id: Option<String>,
    save_as: Option<String>,
    sent: Option<Sent>,
) -> Result<Settlement> {
    let found = keys.api.iam_keys()?.into_iter().find(|key| match &key_id {
        Some(id) => key.id == *id,
        None => key.name == name,
    });
    let config = keys.profiles.config()?;
    let saved_profile_exists = save_as
        .as_ref()
        .is_some_and(|profile| config.profiles.contains_key(profile));
    let Some(key) = found else {
        // Not made yet is not proof of never: the request may land after this list.
        if key_id.is_none()
            && let Some(until) = still_landing(sent, keys.now)
        {
            return Ok(Settlement::IamCreateWaiting { name, until });
        }
        if let Some(id) = &key_id {
            keys.store.delete(&SecretName::IamKeySecret(id.clone()))?;
        }
        return Ok(Settlement::IamCreateNotMade { name });
    };
    let secret = keys.store.get(&SecretName::IamKeySecret(key.id.clone()))?;
    Ok(match save_as {
        Some(profile) if profile_uses(&config, &profile, &key.id) => {
            if let Some(secret) = secret {
                keys.store
                    .set(&SecretName::ProfileSecret(profile.clone()), &secret)?;
            }
            Settlement::IamCreateSaved {
                profile,
                key_id: key.id,
                key_name: key.name,
            }
        }
        Some(profile) => match delete_left_key(keys, &key)? {
            Found::KeptFor(users) => Settlement::IamCreateSaveKept {
                profile,
                key_id: key.id,
                key_name: key.name,
                users,
            },
            Found::Deleted => {
                keys.store
                    .delete(&SecretName::IamKeySecret(key.id.clone()))?;
                // Only a secret no profile owns: a profile of that name made since is not
                // touched.
                if !saved_profile_exists {
                    keys.store
                        .delete(&SecretName::ProfileSecret(profile.clone()))?;
                }
                Settlement::IamCreateSaveUndone {
                    profile,
                    key_id: key.id,
                    key_name: key.name,
                }
            }
        },
        None if secret.is_some() => Settlement::IamCreateKept {
            key_id: key.id,
            key_name: key.name,
        },
        None => match delete_left_key(keys, &key)? {
            Found::KeptFor(users) => Settlement::IamCreateLeftKept {
                key_id: key.id,
                key_name: key.name,
                users,
            },
            Found::Deleted => Settlement::IamCreateLeftDeleted {
                key_id: key.id,
                key_name: key.name,
            },
        },
    })
}

fn settle_rotation(
    keys: &Keys,
    profile: String,
    old_id: String,
    new_name: &str,
    new_id: Option<String>,
    sent: Option<Sent>,
) -> Result<Settlement> {
    let config = keys.profiles.config()?;
    if let Some(new_id) = new_id
        .as_deref()
        .filter(|id| profile_uses(&config, &profile, id))
    {
        let old = finish_rotation(keys, &profile, new_id, &old_id, true)?;
        return Ok(Settlement::RotationFinished {
            profile,
            new_id: new_id.to_string(),
            old_id,
            old,
        });
    }
    let new = keys.api.iam_keys()?.into_iter().find(|key| {
        key.id != old_id
            && match &new_id {
                Some(id) => key.id == *id,
                None => key.name == new_name,
            }
    });
    let Some(new) = new else {
        // Not made yet is not proof of never: the request may land after this list.
        if new_id.is_none()
            && let Some(until) = still_landing(sent, keys.now)
        {
            return Ok(Settlement::RotationWaiting {
                profile,
                old_id,
                until,
            });
        }
        if let Some(id) = &new_id {
            keys.store.delete(&SecretName::IamKeySecret(id.clone()))?;
        }
        return Ok(Settlement::RotationNotMade { profile, old_id });
    };
    Ok(match delete_left_key(keys, &new)? {
        Found::KeptFor(users) => Settlement::RotationUndoneKept {
            profile,
            old_id,
            new_id: new.id,
            new_name: new.name,
            users,
        },
        Found::Deleted => {
            keys.store
                .delete(&SecretName::IamKeySecret(new.id.clone()))?;
            Settlement::RotationUndone {
                profile,
                old_id,
                new_id: new.id,
            }
        }
    })
}

fn settle_iam_key_delete(keys: &Keys, key_id: String, profiles: &[String]) -> Result<Settlement> {
    let own_key = keys.api.caller()?.key == AccessKey::Id(key_id.clone());
    let listed = keys
        .api
        .iam_keys()
        .and_then(|listed| Ok((listed, keys.api.user_id()?)));
    let (listed, user_id) = match listed {
        Ok(listed) => listed,
        // The profile's own key was the one deleted: it can no longer get a token.
        Err(err) if own_key && err.kind() == ErrorKind::Rejected => (Vec::new(), String::new()),
        Err(err) => return Err(err),
    };
    if listed.iter().any(|key| key.id == key_id) {
        return Ok(Settlement::IamDeleteNotReached { key_id });
    }
    // A profile whose key is still on the server keeps what it holds, whatever the record
    // says.
    let config = keys.profiles.config()?;
    let in_use: Vec<String> = listed
        .iter()
        .flat_map(|key| profiles_using(&config, &key.id, Some(&key.name), &user_id))
        .collect();
    let profiles: Vec<String> = profiles
        .iter()
        .filter(|profile| !in_use.contains(profile))
        .cloned()
        .collect();
    forget_iam_key(keys, &key_id, &profiles)?;
    Ok(Settlement::IamDeleteFinished { key_id, profiles })
}

fn settle_s3_key_create(
    keys: &Keys,
    project_id: &str,
    keys_before: &[String],
    access_key: Option<String>,
    sent: Option<Sent>,
) -> Result<Settlement> {
    let listed = keys.api.s3_keys()?;
    let new: Vec<&S3KeyInfo> = listed
        .iter()
        .filter(|key| {
            key.tenant_id.as_deref() == Some(project_id) && !keys_before.contains(&key.access)
        })
        .collect();
    // Not made yet is not proof of never: the request may land after this list.
    if new.is_empty()
        && access_key.is_none()
        && let Some(until) = still_landing(sent, keys.now)
    {
        return Ok(Settlement::S3CreateWaiting { until });
    }
    let profile = keys.api.caller()?.profile;
    let config = keys.profiles.config()?;
    let mut fates = Vec::new();
    for key in &new {
        let access = key.access.clone();
        let stored = keys
            .store
            .get(&SecretName::S3KeySecret(access.clone()))?
            .is_some();
        let kcreds = access_key.as_deref() == Some(access.as_str())
            || (access_key.is_none() && new.len() == 1);
        let offered_by: Vec<String> = config
            .profiles
            .iter()
            .filter(|(_, p)| p.s3_access_keys.contains(&access))
            .map(|(name, _)| name.clone())
            .collect();
        if !stored && !offered_by.is_empty() {
            fates.push(S3KeyFate::KeptOffered {
                access,
                profiles: offered_by,
            });
        } else if stored {
            if let Some(profile) = &profile {
                remember_s3_key(keys.profiles, profile, &access)?;
            }
            fates.push(S3KeyFate::KeptStored { access });
        } else if kcreds {
            keys.api.delete_s3_key(&access)?;
            fates.push(S3KeyFate::Deleted { access });
        } else {
            fates.push(S3KeyFate::Unknown { access });
        }
    }
    if let Some(access) = &access_key
        && !listed.iter().any(|key| key.access == *access)
    {
        drop_deleted_s3_key(keys.profiles, keys.store, access)?;
    }
    if fates.is_empty() {
        return Ok(Settlement::S3CreateNotMade);
    }
    Ok(Settlement::S3Created { fates })
}

fn settle_s3_key_delete(keys: &Keys, access: String) -> Result<Settlement> {
    if keys.api.s3_keys()?.iter().any(|key| key.access == access) {
        return Ok(Settlement::S3DeleteNotReached { access });
    }
    drop_deleted_s3_key(keys.profiles, keys.store, &access)?;
    Ok(Settlement::S3DeleteFinished { access })
}

#[cfg(test)]
mod tests {
    use super::super::fake::*;
    use super::*;
    use crate::error::Error;
    use jiff::SignedDuration;

    /// What settling `intent` did: the result, what was reported, and the record left.
    struct Run {
        result: Result<Settled>,
        said: Option<Settlement>,
        left: Option<Intent>,
    }

    impl Run {
        fn said(&self) -> &Settlement {
            self.said.as_ref().expect("a settlement was reported")
        }
    }

    fn settle_intent(world: &World, intent: Intent) -> Run {
        let (_dir, journal) = journal();
        let held = journal.lock_if_free("dev").unwrap().unwrap();
        held.record(&intent).unwrap();
        let mut said = None;
        let result = settle(&world.keys(), &held, |settled| said = Some(settled.clone()));
        let left = held.pending().unwrap();
        Run { result, said, left }
    }

    /// A create request sent a moment ago, that may still land.
    fn recent() -> Option<Sent> {
        Some(Sent {
            at: now() - SignedDuration::from_secs(5),
            lands_by: now() + SignedDuration::from_secs(20),
        })
    }

    /// A create request whose deadline has passed.
    fn old() -> Option<Sent> {
        Some(Sent {
            at: now() - SignedDuration::from_secs(60),
            lands_by: now() - SignedDuration::from_secs(30),
        })
    }

    fn iam_create(key_id: Option<&str>, save_as: Option<&str>, sent: Option<Sent>) -> Intent {
        Intent::CreateIamKey {
            name: "made".into(),
            key_id: key_id.map(str::to_string),
            save_as: save_as.map(str::to_string),
            sent,
        }
    }

    fn rotate(new_key_id: Option<&str>, sent: Option<Sent>) -> Intent {
        Intent::Rotate {
            profile: "dev".into(),
            old_key_id: "old".into(),
            new_name: "new-name".into(),
            new_key_id: new_key_id.map(str::to_string),
            sent,
        }
    }

    fn s3_create(access_key: Option<&str>, sent: Option<Sent>) -> Intent {
        Intent::CreateS3Key {
            project_id: PROJECT.into(),
            keys_before: vec!["BEFORE".into()],
            access_key: access_key.map(str::to_string),
            sent,
        }
    }

    fn iam_secret(id: &str) -> SecretName {
        SecretName::IamKeySecret(id.into())
    }

    fn profile_secret(profile: &str) -> SecretName {
        SecretName::ProfileSecret(profile.into())
    }

    fn s3_secret(access: &str) -> SecretName {
        SecretName::S3KeySecret(access.into())
    }

    // iam-key create

    #[test]
    fn a_create_that_made_no_key_has_nothing_to_undo() {
        let world = World::new();
        let run = settle_intent(&world, iam_create(None, None, None));
        assert_eq!(*run.result.as_ref().unwrap(), Settled::Done);
        assert_eq!(
            run.said(),
            &Settlement::IamCreateNotMade {
                name: "made".into()
            }
        );
        assert!(!run.said().changed());
        assert_eq!(run.left, None);
        assert_eq!(world.events(), vec!["list iam"]);
    }

    #[test]
    fn a_create_whose_request_may_still_land_keeps_its_record_until_then() {
        let world = World::new();
        let run = settle_intent(&world, iam_create(None, None, recent()));
        let until = recent().unwrap().lands_by;
        assert_eq!(*run.result.as_ref().unwrap(), Settled::Waiting { until });
        assert_eq!(run.said().waiting(), Some(until));
        assert!(run.left.is_some());
        assert_eq!(world.events(), vec!["list iam"]);
    }

    #[test]
    fn a_create_whose_request_can_no_longer_land_is_settled() {
        let world = World::new();
        let run = settle_intent(&world, iam_create(None, None, old()));
        assert_eq!(*run.result.as_ref().unwrap(), Settled::Done);
        assert!(matches!(run.said(), Settlement::IamCreateNotMade { .. }));
        assert_eq!(run.left, None);
    }

    #[test]
    fn a_create_that_knew_its_key_id_does_not_wait_and_drops_that_keys_secret() {
        let world = World::new();
        world.put_secret(iam_secret("k1"), "s");
        let run = settle_intent(&world, iam_create(Some("k1"), None, recent()));
        assert_eq!(*run.result.as_ref().unwrap(), Settled::Done);
        assert!(matches!(run.said(), Settlement::IamCreateNotMade { .. }));
        assert!(!world.has_secret(&iam_secret("k1")));
    }

    #[test]
    fn a_made_key_whose_secret_was_stored_is_kept() {
        let world = World::new();
        world.add_iam_key("k1", "made");
        world.put_secret(iam_secret("k1"), "s");
        let run = settle_intent(&world, iam_create(Some("k1"), None, None));
        assert_eq!(
            run.said(),
            &Settlement::IamCreateKept {
                key_id: "k1".into(),
                key_name: "made".into()
            }
        );
        assert!(run.said().changed());
        assert_eq!(world.iam_key_ids(), vec!["k1"]);
        assert!(world.has_secret(&iam_secret("k1")));
        assert_eq!(run.left, None);
    }

    #[test]
    fn a_made_key_whose_secret_never_arrived_is_deleted_after_its_tokens() {
        let world = World::new();
        world.add_iam_key("k1", "made");
        world.cache_token("stale", "id:k1");
        world.with_config(|config| add_profile(config, "stale", AccessKey::Id("moved".into())));
        let run = settle_intent(&world, iam_create(None, None, recent()));
        assert_eq!(
            run.said(),
            &Settlement::IamCreateLeftDeleted {
                key_id: "k1".into(),
                key_name: "made".into()
            }
        );
        assert!(world.iam_key_ids().is_empty());
        assert_eq!(
            world.events(),
            vec!["list iam", "forget-cached stale", "delete iam k1"]
        );
    }

    #[test]
    fn a_made_key_a_profile_uses_by_name_is_never_deleted() {
        let world = World::new();
        world.add_iam_key("k1", "made");
        world.with_config(|config| {
            add_profile(
                config,
                "named",
                AccessKey::Name {
                    name: "made".into(),
                    user_id: USER.into(),
                },
            )
        });
        let run = settle_intent(&world, iam_create(None, None, None));
        assert_eq!(
            run.said(),
            &Settlement::IamCreateLeftKept {
                key_id: "k1".into(),
                key_name: "made".into(),
                users: vec!["named".into()]
            }
        );
        assert_eq!(world.iam_key_ids(), vec!["k1"]);
        assert_eq!(run.left, None);
    }

    #[test]
    fn a_create_with_a_known_id_is_not_fooled_by_another_key_of_its_name() {
        let world = World::new();
        world.add_iam_key("someone-elses", "made");
        let run = settle_intent(&world, iam_create(Some("k1"), None, None));
        assert!(matches!(run.said(), Settlement::IamCreateNotMade { .. }));
        assert_eq!(world.iam_key_ids(), vec!["someone-elses"]);
    }

    #[test]
    fn a_saved_profile_finishes_the_create_and_gets_the_keys_secret() {
        let world = World::new();
        world.add_iam_key("k1", "made");
        world.put_secret(iam_secret("k1"), "s");
        world.with_config(|config| add_profile(config, "new", AccessKey::Id("k1".into())));
        let run = settle_intent(&world, iam_create(Some("k1"), Some("new"), None));
        assert_eq!(
            run.said(),
            &Settlement::IamCreateSaved {
                profile: "new".into(),
                key_id: "k1".into(),
                key_name: "made".into()
            }
        );
        assert_eq!(world.secret(&profile_secret("new")), Some("s".into()));
        assert_eq!(world.iam_key_ids(), vec!["k1"]);
    }

    #[test]
    fn a_profile_never_saved_undoes_the_create() {
        let world = World::new();
        world.add_iam_key("k1", "made");
        world.put_secret(iam_secret("k1"), "s");
        world.put_secret(profile_secret("new"), "s");
        let run = settle_intent(&world, iam_create(Some("k1"), Some("new"), None));
        assert_eq!(
            run.said(),
            &Settlement::IamCreateSaveUndone {
                profile: "new".into(),
                key_id: "k1".into(),
                key_name: "made".into()
            }
        );
        assert!(world.iam_key_ids().is_empty());
        assert!(!world.has_secret(&iam_secret("k1")));
        assert!(!world.has_secret(&profile_secret("new")));
        // The key went before its secret.
        assert_eq!(
            world.events(),
            vec![
                "list iam",
                "delete iam k1",
                "delete iam-key/k1/secret",
                "delete profile/new/access-key-secret"
            ]
        );
    }

    #[test]
    fn a_profile_of_that_name_made_since_keeps_its_secret() {
        let world = World::new();
        world.add_iam_key("k1", "made");
        world.with_config(|config| add_profile(config, "new", AccessKey::Id("other".into())));
        world.put_secret(profile_secret("new"), "its own");
        let run = settle_intent(&world, iam_create(Some("k1"), Some("new"), None));
        assert!(matches!(run.said(), Settlement::IamCreateSaveUndone { .. }));
        assert_eq!(world.secret(&profile_secret("new")), Some("its own".into()));
    }

    #[test]
    fn a_save_as_key_another_profile_uses_is_kept() {
        let world = World::new();
        world.add_iam_key("k1", "made");
        world.with_config(|config| add_profile(config, "ci", AccessKey::Id("k1".into())));
        let run = settle_intent(&world, iam_create(Some("k1"), Some("new"), None));
        assert_eq!(
            run.said(),
            &Settlement::IamCreateSaveKept {
                profile: "new".into(),
                key_id: "k1".into(),
                key_name: "made".into(),
                users: vec!["ci".into()]
            }
        );
        assert_eq!(world.iam_key_ids(), vec!["k1"]);
    }

    #[test]
    fn a_create_is_not_settled_while_the_keys_cannot_be_listed() {
        let world = World::new();
        world.add_iam_key("k1", "made");
        world.fail_listing();
        let run = settle_intent(&world, iam_create(None, None, None));
        assert!(run.result.is_err());
        assert_eq!(run.said, None);
        assert!(run.left.is_some());
        assert_eq!(world.iam_key_ids(), vec!["k1"]);
    }

    #[test]
    fn a_failed_delete_of_a_left_key_keeps_the_record() {
        let world = World::new();
        world.add_iam_key("k1", "made");
        world.fail_deletes();
        let run = settle_intent(&world, iam_create(None, None, None));
        assert!(run.result.is_err());
        assert!(run.left.is_some());
    }

    // iam-key rotate

    /// A rotation of `dev` from `old`: the profile names `uses`.
    fn rotating(uses: &str) -> World {
        let world = World::new();
        world.add_iam_key("old", "old-name");
        world.with_config(|config| add_profile(config, "dev", AccessKey::Id(uses.into())));
        world.put_secret(profile_secret("dev"), "old-secret");
        world
    }

    #[test]
    fn a_rotation_past_its_switch_is_finished() {
        let world = rotating("new");
        world.add_iam_key("new", "new-name");
        world.put_secret(iam_secret("new"), "new-secret");
        let run = settle_intent(&world, rotate(Some("new"), None));
        assert_eq!(
            run.said(),
            &Settlement::RotationFinished {
                profile: "dev".into(),
                new_id: "new".into(),
                old_id: "old".into(),
                old: OldKey::Deleted
            }
        );
        assert_eq!(world.iam_key_ids(), vec!["new"]);
        assert_eq!(
            world.secret(&profile_secret("dev")),
            Some("new-secret".into())
        );
        assert_eq!(run.left, None);
    }

    #[test]
    fn a_finished_rotation_keeps_an_old_key_another_profile_uses() {
        let world = rotating("new");
        world.add_iam_key("new", "new-name");
        world.with_config(|config| add_profile(config, "ci", AccessKey::Id("old".into())));
        let run = settle_intent(&world, rotate(Some("new"), None));
        assert!(matches!(
            run.said(),
            Settlement::RotationFinished { old: OldKey::KeptFor(users), .. } if users == &["ci"]
        ));
        assert_eq!(world.iam_key_ids(), vec!["new", "old"]);
    }

    #[test]
    fn a_new_key_made_but_not_recorded_is_deleted_and_the_profile_keeps_the_old() {
        let world = rotating("old");
        world.add_iam_key("new", "new-name");
        let run = settle_intent(&world, rotate(None, recent()));
        assert_eq!(
            run.said(),
            &Settlement::RotationUndone {
                profile: "dev".into(),
                old_id: "old".into(),
                new_id: "new".into()
            }
        );
        assert_eq!(world.iam_key_ids(), vec!["old"]);
        assert_eq!(
            world.secret(&profile_secret("dev")),
            Some("old-secret".into())
        );
    }

    #[test]
    fn a_new_key_stored_but_not_switched_to_is_deleted_with_its_secret() {
        let world = rotating("old");
        world.add_iam_key("new", "new-name");
        world.put_secret(iam_secret("new"), "new-secret");
        let run = settle_intent(&world, rotate(Some("new"), None));
        assert!(matches!(run.said(), Settlement::RotationUndone { .. }));
        assert_eq!(world.iam_key_ids(), vec!["old"]);
        assert!(!world.has_secret(&iam_secret("new")));
        assert_eq!(run.left, None);
    }

    #[test]
    fn a_rotation_whose_request_may_still_land_waits_for_it() {
        let world = rotating("old");
        let run = settle_intent(&world, rotate(None, recent()));
        assert_eq!(
            run.said(),
            &Settlement::RotationWaiting {
                profile: "dev".into(),
                old_id: "old".into(),
                until: recent().unwrap().lands_by
            }
        );
        assert!(run.left.is_some());
        assert_eq!(world.iam_key_ids(), vec!["old"]);
    }

    #[test]
    fn a_rotation_that_made_no_key_in_time_is_undone() {
        let world = rotating("old");
        let run = settle_intent(&world, rotate(None, old()));
        assert_eq!(
            run.said(),
            &Settlement::RotationNotMade {
                profile: "dev".into(),
                old_id: "old".into()
            }
        );
        assert!(!run.said().changed());
        assert_eq!(run.left, None);
    }

    #[test]
    fn a_recorded_new_key_the_server_lacks_has_its_secret_dropped() {
        let world = rotating("old");
        world.put_secret(iam_secret("new"), "new-secret");
        let run = settle_intent(&world, rotate(Some("new"), recent()));
        assert!(matches!(run.said(), Settlement::RotationNotMade { .. }));
        assert!(!world.has_secret(&iam_secret("new")));
    }

    #[test]
    fn an_undone_rotation_keeps_a_new_key_another_profile_uses() {
        let world = rotating("old");
        world.add_iam_key("new", "new-name");
        world.with_config(|config| add_profile(config, "ci", AccessKey::Id("new".into())));
        let run = settle_intent(&world, rotate(None, None));
        assert_eq!(
            run.said(),
            &Settlement::RotationUndoneKept {
                profile: "dev".into(),
                old_id: "old".into(),
                new_id: "new".into(),
                new_name: "new-name".into(),
                users: vec!["ci".into()]
            }
        );
        assert_eq!(world.iam_key_ids(), vec!["new", "old"]);
    }

    #[test]
    fn the_old_key_is_never_taken_for_the_new_one() {
        let world = World::new();
        world.add_iam_key("old", "new-name");
        world.with_config(|config| add_profile(config, "dev", AccessKey::Id("old".into())));
        let run = settle_intent(&world, rotate(None, None));
        assert!(matches!(run.said(), Settlement::RotationNotMade { .. }));
        assert_eq!(world.iam_key_ids(), vec!["old"]);
    }

    #[test]
    fn a_switched_rotation_is_not_finished_while_the_keys_cannot_be_listed() {
        let world = rotating("new");
        world.add_iam_key("new", "new-name");
        world.fail_listing();
        let run = settle_intent(&world, rotate(Some("new"), None));
        assert!(run.result.is_err());
        assert!(run.left.is_some());
        assert_eq!(world.iam_key_ids(), vec!["new", "old"]);
    }

    // iam-key delete

    fn deleting_k1() -> World {
        let world = World::new();
        world.add_iam_key("k1", "one");
        world.with_config(|config| {
            add_profile(config, "a", AccessKey::Id("k1".into()));
            add_profile(config, "b", AccessKey::Id("k1".into()));
        });
        for profile in ["a", "b"] {
            world.put_secret(profile_secret(profile), "s");
            world.cache_token(profile, "id:k1");
        }
        world.put_secret(iam_secret("k1"), "s");
        world
    }

    fn iam_delete() -> Intent {
        Intent::DeleteIamKey {
            key_id: "k1".into(),
            profiles: vec!["a".into(), "b".into()],
        }
    }

    #[test]
    fn a_delete_that_never_reached_the_server_changes_nothing_more() {
        let world = deleting_k1();
        let run = settle_intent(&world, iam_delete());
        assert_eq!(
            run.said(),
            &Settlement::IamDeleteNotReached {
                key_id: "k1".into()
            }
        );
        assert!(!run.said().changed());
        assert!(world.has_secret(&profile_secret("a")));
        assert_eq!(run.left, None);
        assert_eq!(world.events(), vec!["list iam"]);
    }

    #[test]
    fn a_delete_the_server_did_drops_the_profiles_secrets_and_tokens() {
        let world = deleting_k1();
        world.remove_iam_key("k1");
        let run = settle_intent(&world, iam_delete());
        assert_eq!(
            run.said(),
            &Settlement::IamDeleteFinished {
                key_id: "k1".into(),
                profiles: vec!["a".into(), "b".into()]
            }
        );
        for profile in ["a", "b"] {
            assert!(!world.has_secret(&profile_secret(profile)));
            assert_eq!(world.cached_token_key_of(profile), None);
        }
        assert!(!world.has_secret(&iam_secret("k1")));
    }

    #[test]
    fn a_recorded_profile_now_on_a_key_still_there_keeps_what_it_holds() {
        let world = deleting_k1();
        world.remove_iam_key("k1");
        world.add_iam_key("k2", "two");
        world.with_config(|config| add_profile(config, "b", AccessKey::Id("k2".into())));
        let run = settle_intent(&world, iam_delete());
        assert_eq!(
            run.said(),
            &Settlement::IamDeleteFinished {
                key_id: "k1".into(),
                profiles: vec!["a".into()]
            }
        );
        assert!(world.has_secret(&profile_secret("b")));
        assert!(!world.has_secret(&profile_secret("a")));
    }

    #[test]
    fn a_delete_of_the_callers_own_key_is_finished_when_its_token_is_refused() {
        let world = deleting_k1();
        world.set_caller(AccessKey::Id("k1".into()), Some("a"));
        world.fail_listing_with(ErrorKind::Rejected);
        let run = settle_intent(&world, iam_delete());
        assert!(matches!(
            run.said(),
            Settlement::IamDeleteFinished { profiles, .. } if profiles.len() == 2
        ));
        assert!(!world.has_secret(&profile_secret("a")));
        assert_eq!(run.left, None);
    }

    #[test]
    fn a_refused_listing_with_another_key_settles_nothing() {
        let world = deleting_k1();
        world.fail_listing_with(ErrorKind::Rejected);
        let run = settle_intent(&world, iam_delete());
        assert_eq!(run.result.unwrap_err().kind(), ErrorKind::Rejected);
        assert!(run.left.is_some());
        assert!(world.has_secret(&profile_secret("a")));
    }

    #[test]
    fn a_delete_is_not_settled_while_the_keys_cannot_be_listed() {
        let world = deleting_k1();
        world.set_caller(AccessKey::Id("k1".into()), Some("a"));
        world.fail_listing();
        let run = settle_intent(&world, iam_delete());
        assert_eq!(run.result.unwrap_err().kind(), ErrorKind::Network);
        assert!(run.left.is_some());
        assert!(world.has_secret(&iam_secret("k1")));
    }

    // s3-key create

    #[test]
    fn an_s3_create_that_made_no_key_has_nothing_to_undo() {
        let world = World::new();
        world.add_s3_key("BEFORE", PROJECT);
        let run = settle_intent(&world, s3_create(None, old()));
        assert_eq!(run.said(), &Settlement::S3CreateNotMade);
        assert!(!run.said().changed());
        assert_eq!(run.left, None);
        assert_eq!(world.s3_key_ids(), vec!["BEFORE"]);
    }

    #[test]
    fn an_s3_create_whose_request_may_still_land_waits() {
        let world = World::new();
        let run = settle_intent(&world, s3_create(None, recent()));
        assert_eq!(
            run.said(),
            &Settlement::S3CreateWaiting {
                until: recent().unwrap().lands_by
            }
        );
        assert!(run.left.is_some());
    }

    #[test]
    fn an_s3_key_whose_secret_was_stored_is_kept_and_remembered() {
        let world = World::new();
        world.with_config(|config| add_profile(config, "dev", AccessKey::Id("k".into())));
        world.add_s3_key("NEW", PROJECT);
        world.put_secret(s3_secret("NEW"), "s");
        let run = settle_intent(&world, s3_create(Some("NEW"), None));
        assert_eq!(
            run.said(),
            &Settlement::S3Created {
                fates: vec![S3KeyFate::KeptStored {
                    access: "NEW".into()
                }]
            }
        );
        assert_eq!(world.s3_keys_of("dev"), vec!["NEW"]);
        assert_eq!(world.s3_key_ids(), vec!["NEW"]);
    }

    #[test]
    fn a_stored_s3_key_of_a_key_from_the_environment_is_kept_unremembered() {
        let world = World::new();
        world.with_config(|config| add_profile(config, "dev", AccessKey::Id("k".into())));
        world.set_caller(AccessKey::Id("k".into()), None);
        world.add_s3_key("NEW", PROJECT);
        world.put_secret(s3_secret("NEW"), "s");
        settle_intent(&world, s3_create(Some("NEW"), None))
            .result
            .unwrap();
        assert!(world.s3_keys_of("dev").is_empty());
        assert!(!world.events().contains(&"update config".to_string()));
    }

    #[test]
    fn the_one_new_s3_key_without_its_secret_is_kcreds_and_is_deleted() {
        let world = World::new();
        world.add_s3_key("BEFORE", PROJECT);
        world.add_s3_key("NEW", PROJECT);
        let run = settle_intent(&world, s3_create(None, recent()));
        assert_eq!(
            run.said(),
            &Settlement::S3Created {
                fates: vec![S3KeyFate::Deleted {
                    access: "NEW".into()
                }]
            }
        );
        assert_eq!(world.s3_key_ids(), vec!["BEFORE"]);
        assert_eq!(run.left, None);
    }

    #[test]
    fn several_new_s3_keys_without_secrets_are_left_for_the_user() {
        let world = World::new();
        world.add_s3_key("NEW1", PROJECT);
        world.add_s3_key("NEW2", PROJECT);
        let run = settle_intent(&world, s3_create(None, None));
        assert_eq!(
            run.said(),
            &Settlement::S3Created {
                fates: vec![
                    S3KeyFate::Unknown {
                        access: "NEW1".into()
                    },
                    S3KeyFate::Unknown {
                        access: "NEW2".into()
                    }
                ]
            }
        );
        assert_eq!(world.s3_key_ids(), vec!["NEW1", "NEW2"]);
    }

    #[test]
    fn the_recorded_s3_key_is_deleted_and_another_new_one_left() {
        let world = World::new();
        world.add_s3_key("MINE", PROJECT);
        world.add_s3_key("THEIRS", PROJECT);
        let run = settle_intent(&world, s3_create(Some("MINE"), None));
        assert_eq!(
            run.said(),
            &Settlement::S3Created {
                fates: vec![
                    S3KeyFate::Deleted {
                        access: "MINE".into()
                    },
                    S3KeyFate::Unknown {
                        access: "THEIRS".into()
                    }
                ]
            }
        );
        assert_eq!(world.s3_key_ids(), vec!["THEIRS"]);
    }

    #[test]
    fn a_new_s3_key_a_profile_offers_is_kept_without_its_secret() {
        let world = World::new();
        world.with_config(|config| {
            add_profile(config, "ci", AccessKey::Id("k".into()));
            config
                .profiles
                .get_mut("ci")
                .unwrap()
                .s3_access_keys
                .push("NEW".into());
        });
        world.add_s3_key("NEW", PROJECT);
        let run = settle_intent(&world, s3_create(None, None));
        assert_eq!(
            run.said(),
            &Settlement::S3Created {
                fates: vec![S3KeyFate::KeptOffered {
                    access: "NEW".into(),
                    profiles: vec!["ci".into()]
                }]
            }
        );
        assert_eq!(world.s3_key_ids(), vec!["NEW"]);
    }

    #[test]
    fn s3_keys_of_other_projects_or_from_before_are_not_the_creates() {
        let world = World::new();
        world.add_s3_key("BEFORE", PROJECT);
        world.add_s3_key("ELSEWHERE", "project-2");
        let run = settle_intent(&world, s3_create(None, None));
        assert_eq!(run.said(), &Settlement::S3CreateNotMade);
        assert_eq!(world.s3_key_ids(), vec!["BEFORE", "ELSEWHERE"]);
    }

    #[test]
    fn a_recorded_s3_key_the_server_lacks_is_forgotten() {
        let world = World::new();
        world.with_config(|config| {
            add_profile(config, "dev", AccessKey::Id("k".into()));
            config
                .profiles
                .get_mut("dev")
                .unwrap()
                .s3_access_keys
                .push("GONE".into());
        });
        world.put_secret(s3_secret("GONE"), "s");
        let run = settle_intent(&world, s3_create(Some("GONE"), recent()));
        assert_eq!(run.said(), &Settlement::S3CreateNotMade);
        assert!(world.s3_keys_of("dev").is_empty());
        assert!(!world.has_secret(&s3_secret("GONE")));
    }

    #[test]
    fn an_s3_create_is_not_settled_while_the_keys_cannot_be_listed() {
        let world = World::new();
        world.add_s3_key("NEW", PROJECT);
        world.fail_listing();
        let run = settle_intent(&world, s3_create(None, None));
        assert!(run.result.is_err());
        assert!(run.left.is_some());
        assert_eq!(world.s3_key_ids(), vec!["NEW"]);
    }

    // s3-key delete

    #[test]
    fn an_s3_delete_that_never_reached_the_server_keeps_the_key() {
        let world = World::new();
        world.add_s3_key("AK", PROJECT);
        world.put_secret(s3_secret("AK"), "s");
        let run = settle_intent(
            &world,
            Intent::DeleteS3Key {
                access_key: "AK".into(),
            },
        );
        assert_eq!(
            run.said(),
            &Settlement::S3DeleteNotReached {
                access: "AK".into()
            }
        );
        assert!(world.has_secret(&s3_secret("AK")));
        assert_eq!(run.left, None);
    }

    #[test]
    fn an_s3_delete_the_server_did_is_finished() {
        let world = World::new();
        world.with_config(|config| {
            add_profile(config, "dev", AccessKey::Id("k".into()));
            config
                .profiles
                .get_mut("dev")
                .unwrap()
                .s3_access_keys
                .push("AK".into());
        });
        world.put_secret(s3_secret("AK"), "s");
        let run = settle_intent(
            &world,
            Intent::DeleteS3Key {
                access_key: "AK".into(),
            },
        );
        assert_eq!(
            run.said(),
            &Settlement::S3DeleteFinished {
                access: "AK".into()
            }
        );
        assert!(world.s3_keys_of("dev").is_empty());
        assert!(!world.has_secret(&s3_secret("AK")));
    }

    #[test]
    fn an_s3_delete_is_not_settled_while_the_keys_cannot_be_listed() {
        let world = World::new();
        world.put_secret(s3_secret("AK"), "s");
        world.fail_listing();
        let run = settle_intent(
            &world,
            Intent::DeleteS3Key {
                access_key: "AK".into(),
            },
        );
        assert!(run.result.is_err());
        assert!(run.left.is_some());
        assert!(world.has_secret(&s3_secret("AK")));
    }

    // settle and begin

    #[test]
    fn nothing_recorded_is_nothing_to_settle_or_say() {
        let world = World::new();
        let (_dir, journal) = journal();
        let held = journal.lock_if_free("dev").unwrap().unwrap();
        let mut said = false;
        let settled = settle(&world.keys(), &held, |_| said = true).unwrap();
        assert_eq!(settled, Settled::Done);
        assert!(!said);
        assert!(world.events().is_empty());
    }

    #[test]
    fn begin_without_a_record_settles_nothing() {
        let (_dir, journal) = journal();
        let began = begin(
            &journal,
            "dev",
            Duration::ZERO,
            |_| panic!("nobody holds it"),
            |_| panic!("nothing to settle"),
        )
        .unwrap();
        assert!(matches!(began, Began::Held(held) if held.scope() == "dev"));
    }

    #[test]
    fn begin_settles_an_interrupted_operation_first() {
        let (_dir, journal) = journal();
        journal
            .lock_if_free("dev")
            .unwrap()
            .unwrap()
            .record(&Intent::DeleteS3Key {
                access_key: "AK".into(),
            })
            .unwrap();
        let mut settled = false;
        let began = begin(
            &journal,
            "dev",
            Duration::ZERO,
            |_| {},
            |held| {
                settled = true;
                held.finish()?;
                Ok(Settled::Done)
            },
        )
        .unwrap();
        assert!(settled);
        assert!(matches!(began, Began::Held(_)));
    }

    #[test]
    fn begin_refuses_while_an_interrupted_request_may_still_land_and_lets_go() {
        let (_dir, journal) = journal();
        journal
            .lock_if_free("dev")
            .unwrap()
            .unwrap()
            .record(&s3_create(None, recent()))
            .unwrap();
        let until = now();
        let began = begin(
            &journal,
            "dev",
            Duration::ZERO,
            |_| {},
            |_| Ok(Settled::Waiting { until }),
        )
        .unwrap();
        assert!(matches!(began, Began::Waiting { until: at } if at == until));
        // The lock went with the refusal; the record stayed.
        let held = journal.lock_if_free("dev").unwrap().unwrap();
        assert!(held.pending().unwrap().is_some());
    }

    #[test]
    fn begin_says_which_operation_could_not_be_settled() {
        let (_dir, journal) = journal();
        journal
            .lock_if_free(crate::journal::ENVIRONMENT_SCOPE)
            .unwrap()
            .unwrap()
            .record(&iam_delete())
            .unwrap();
        let err = begin(
            &journal,
            crate::journal::ENVIRONMENT_SCOPE,
            Duration::ZERO,
            |_| {},
            |_| Err(Error::network("timed out")),
        )
        .err()
        .unwrap();
        assert_eq!(err.kind(), ErrorKind::Network);
        assert!(
            err.message()
                .starts_with("an interrupted key operation of the key from the environment")
        );
    }

    #[test]
    fn begin_gives_up_on_a_holder_after_the_wait_naming_it() {
        let (_dir, journal) = journal();
        let _other = journal.lock_if_free("dev").unwrap().unwrap();
        let mut heard = None;
        let began = begin(
            &journal,
            "dev",
            Duration::from_millis(50),
            |holder| heard = Some(holder),
            |_| panic!("not held"),
        )
        .unwrap();
        let me = Some(std::process::id());
        assert!(matches!(began, Began::Busy { holder } if holder == me));
        assert_eq!(heard, Some(me));
        // Another profile is free meanwhile.
        assert!(journal.lock_if_free("ci").unwrap().is_some());
    }

    #[test]
    fn only_a_settlement_that_did_nothing_says_it_changed_nothing() {
        let finished = Settlement::S3DeleteFinished { access: "A".into() };
        assert!(finished.changed());
        assert_eq!(finished.waiting(), None);
        let waiting = Settlement::IamCreateWaiting {
            name: "n".into(),
            until: now(),
        };
        assert!(!waiting.changed());
        assert_eq!(waiting.waiting(), Some(now()));
        assert!(!Settlement::S3CreateNotMade.changed());
    }
}
