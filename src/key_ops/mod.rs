//! IAM and S3 key operations as transactions, below the commands. Each multi-step operation
//! (`iam-key create`, `rotate`, `delete`, `s3-key create`, `delete`) takes its profile's lock,
//! records its intent in the journal ([`crate::journal`]), and has one commit point: before
//! it a crash leaves the old state, after it the new one. Whatever a crash leaves behind, the
//! next run for the profile settles here ([`settle()`]): the operation is finished when the
//! commit point was passed, undone when not, and the caller hears what was done as a
//! [`Settlement`].
//!
//! This module decides; it never prints, prompts or reads the environment, and names no
//! command in its errors. What it works on comes in explicitly ([`Keys`]): the server's key
//! API ([`KeyApi`]), the secret store, the profiles and their cached credentials
//! ([`Profiles`]), and the time.

mod rotation;
mod s3;
mod settle;

#[cfg(test)]
mod fake;

pub use rotation::{OldKey, finish_rotation};
pub use s3::{drop_deleted_s3_key, remember_s3_key, s3_key_being_deleted};
pub use settle::{Began, S3KeyFate, Settled, Settlement, begin, settle};

use crate::config::{AccessKey, Config};
use crate::credentials::Credential;
use crate::error::{Error, Result};
use crate::iam::{AccessKeyInfo, S3KeyInfo};
use crate::journal::{ENVIRONMENT_SCOPE, Sent};
use crate::secrets::{SecretName, SecretStore};
use jiff::Timestamp;

/// Who the requests to the server are made as: the key they authenticate with, and the
/// profile whose stored key it is (`None` for a key from the environment).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub key: AccessKey,
    pub profile: Option<String>,
}

impl Caller {
    pub fn of(credential: &Credential) -> Caller {
        Caller {
            key: credential.key.clone(),
            profile: credential.stored_profile().map(str::to_string),
        }
    }
}

/// What the settle rules ask of the server: the user's IAM and S3 access keys, and deleting
/// one. Each call may fail; none is made before it is needed.
pub trait KeyApi {
    /// Whose key the requests authenticate with.
    fn caller(&self) -> Result<Caller>;
    /// The ID of the user whose keys these are.
    fn user_id(&self) -> Result<String>;
    /// The user's IAM access keys.
    fn iam_keys(&self) -> Result<Vec<AccessKeyInfo>>;
    fn delete_iam_key(&self, id: &str) -> Result<()>;
    /// The user's S3 access keys.
    fn s3_keys(&self) -> Result<Vec<S3KeyInfo>>;
    fn delete_s3_key(&self, access: &str) -> Result<()>;
}

/// The profiles, and what this machine caches for them.
pub trait Profiles {
    /// The profiles as they are now.
    fn config(&self) -> Result<Config>;
    /// Changes the profiles in one write that no other process's change is lost to.
    fn update(&self, change: &mut dyn FnMut(&mut Config) -> Result<()>) -> Result<()>;
    /// Which key issued the token cached for `profile` ([`AccessKey::fingerprint`]), if one is.
    fn cached_token_key(&self, profile: &str) -> Option<String>;
    /// Drops every credential cached for `profile` (its token, temporary credentials, copies).
    fn forget_cached(&self, profile: &str) -> Result<()>;
}

/// What a key operation works on.
pub struct Keys<'a> {
    pub api: &'a dyn KeyApi,
    pub store: &'a dyn SecretStore,
    pub profiles: &'a dyn Profiles,
    /// The time the deadlines of requests in flight are checked against.
    pub now: Timestamp,
}

/// The journal's name for the operations of `credential`: its profile, or the environment.
pub fn scope_of(credential: &Credential) -> String {
    credential
        .stored_profile()
        .unwrap_or(ENVIRONMENT_SCOPE)
        .to_string()
}

/// A journal scope in words, for messages.
pub fn scope_in_words(scope: &str) -> String {
    if scope == ENVIRONMENT_SCOPE {
        "the key from the environment".to_string()
    } else {
        format!("profile '{scope}'")
    }
}

/// Until when a create request that failed with `err` may still make its key: one that got
/// no answer (a timeout, a broken connection) or only a gateway's (502, 504) may be under way
/// on the server.
pub fn may_still_land(err: &Error, sent: Option<Sent>, now: Timestamp) -> Option<Timestamp> {
    let unanswered = err
        .http_status()
        .is_none_or(|status| matches!(status, 502 | 504));
    sent.filter(|sent| unanswered && sent.may_still_land(now))
        .map(|sent| sent.lands_by)
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
pub fn forget_iam_key(keys: &Keys, key_id: &str, profiles: &[String]) -> Result<()> {
    for profile in profiles {
        keys.profiles.forget_cached(profile)?;
        keys.store
            .delete(&SecretName::ProfileSecret(profile.clone()))?;
    }
    keys.store
        .delete(&SecretName::IamKeySecret(key_id.to_string()))
}

/// Drops the cached credentials of every profile whose cached token `key` issued (a profile
/// moved to another key keeps its old token until it next asks): before `key` is deleted.
fn forget_tokens_of(
    keys: &Keys,
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
    for profile in config.profiles.keys() {
        if keys
            .profiles
            .cached_token_key(profile)
            .is_some_and(|issuer| issued_by.contains(&issuer))
        {
            keys.profiles.forget_cached(profile)?;
        }
    }
    Ok(())
}

/// Whether `profile` names the key `id` in the config.
fn profile_uses(config: &Config, profile: &str, id: &str) -> bool {
    config
        .profiles
        .get(profile)
        .and_then(|p| p.kakaocloud())
        .is_some_and(|settings| settings.key == AccessKey::Id(id.to_string()))
}

#[cfg(test)]
mod tests {
    use super::fake::*;
    use super::*;
    use crate::error::ErrorKind;
    use jiff::SignedDuration;

    #[test]
    fn profiles_using_a_key_match_its_id_or_its_name_and_owner() {
        let mut config = Config::default();
        add_profile(&mut config, "by-id", AccessKey::Id("k1".into()));
        add_profile(
            &mut config,
            "by-name",
            AccessKey::Name {
                name: "n1".into(),
                user_id: USER.into(),
            },
        );
        add_profile(
            &mut config,
            "other-user",
            AccessKey::Name {
                name: "n1".into(),
                user_id: "someone-else".into(),
            },
        );
        add_glesys_profile(&mut config, "glesys");
        assert_eq!(
            profiles_using(&config, "k1", Some("n1"), USER),
            vec!["by-id".to_string(), "by-name".to_string()]
        );
        assert_eq!(profiles_using(&config, "k1", None, USER), vec!["by-id"]);
        assert!(profiles_using(&config, "k2", Some("n2"), USER).is_empty());
    }

    #[test]
    fn a_deleted_keys_profiles_lose_their_tokens_before_their_secrets() {
        let world = World::new();
        world.put_secret(SecretName::ProfileSecret("a".into()), "sa");
        world.put_secret(SecretName::IamKeySecret("k1".into()), "sk");
        world.put_secret(SecretName::ProfileSecret("untouched".into()), "su");
        forget_iam_key(&world.keys(), "k1", &["a".to_string()]).unwrap();
        assert_eq!(
            world.events(),
            vec![
                "forget-cached a",
                "delete profile/a/access-key-secret",
                "delete iam-key/k1/secret"
            ]
        );
        assert!(world.has_secret(&SecretName::ProfileSecret("untouched".into())));
    }

    #[test]
    fn a_failed_create_may_still_land_only_without_a_real_answer_and_before_its_deadline() {
        let now = now();
        let sent = Some(Sent {
            at: now,
            lands_by: now + SignedDuration::from_secs(30),
        });
        let lost = Error::network("timed out");
        assert_eq!(
            may_still_land(&lost, sent, now),
            Some(now + SignedDuration::from_secs(30))
        );
        let gateway = Error::network("bad gateway").with_http_status(504);
        assert!(may_still_land(&gateway, sent, now).is_some());
        let refused = Error::new(ErrorKind::Rejected, "no").with_http_status(403);
        assert_eq!(may_still_land(&refused, sent, now), None);
        assert_eq!(may_still_land(&lost, None, now), None);
        let later = now + SignedDuration::from_secs(31);
        assert_eq!(may_still_land(&lost, sent, later), None);
    }

    #[test]
    fn scopes_in_words_tell_the_environment_from_a_profile() {
        assert_eq!(scope_in_words("dev"), "profile 'dev'");
        assert_eq!(
            scope_in_words(ENVIRONMENT_SCOPE),
            "the key from the environment"
        );
    }
}
