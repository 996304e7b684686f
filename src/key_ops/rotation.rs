//! The steps of a rotation after its commit point (the profile switched to the new key).

use super::{Keys, forget_iam_key, forget_tokens_of, profiles_using};
use crate::error::Result;
use crate::failpoint;
use crate::secrets::SecretName;

/// What became of a rotation's old key.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    keys: &Keys,
    profile: &str,
    new_id: &str,
    old_id: &str,
    keep_if_used: bool,
) -> Result<OldKey> {
    if let Some(secret) = keys
        .store
        .get(&SecretName::IamKeySecret(new_id.to_string()))?
    {
        keys.store
            .set(&SecretName::ProfileSecret(profile.to_string()), &secret)?;
    }
    failpoint::reached("rotate:profile-secret-copied");
    let old = keys
        .api
        .iam_keys()?
        .into_iter()
        .find(|key| key.id == old_id);
    let user_id = keys.api.user_id()?;
    let config = keys.profiles.config()?;
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
        keys.profiles.forget_cached(other)?;
    }
    if let Some(old) = &old {
        forget_tokens_of(keys, &config, old, &user_id)?;
        keys.api.delete_iam_key(old_id)?;
    }
    failpoint::reached("rotate:old-key-deleted");
    forget_iam_key(keys, old_id, &others)?;
    Ok(OldKey::Deleted)
}

#[cfg(test)]
mod tests {
    use super::super::fake::*;
    use super::*;
    use crate::config::AccessKey;

    /// A rotation of `dev` from `old` to `new`, switched: `ci` shares nothing.
    fn switched() -> World {
        let world = World::new();
        world.add_iam_key("old", "old-name");
        world.add_iam_key("new", "new-name");
        world.with_config(|config| {
            add_profile(config, "dev", AccessKey::Id("new".into()));
            add_profile(config, "ci", AccessKey::Id("other".into()));
        });
        world.put_secret(SecretName::IamKeySecret("new".into()), "new-secret");
        world.put_secret(SecretName::IamKeySecret("old".into()), "old-secret");
        world.put_secret(SecretName::ProfileSecret("dev".into()), "old-secret");
        world
    }

    #[test]
    fn the_profile_gets_the_new_secret_and_the_old_key_goes() {
        let world = switched();
        world.cache_token("dev", "id:old");
        world.cache_token("ci", "id:other");
        let old = finish_rotation(&world.keys(), "dev", "new", "old", false).unwrap();
        assert_eq!(old, OldKey::Deleted);
        assert_eq!(
            world.secret(&SecretName::ProfileSecret("dev".into())),
            Some("new-secret".into())
        );
        assert_eq!(world.iam_key_ids(), vec!["new"]);
        assert!(!world.has_secret(&SecretName::IamKeySecret("old".into())));
        // The old key's token went before the key; another key's token stays.
        assert_eq!(
            world.events(),
            vec![
                "set profile/dev/access-key-secret",
                "list iam",
                "forget-cached dev",
                "delete iam old",
                "delete iam-key/old/secret",
            ]
        );
        assert_eq!(world.cached_token_key_of("ci"), Some("id:other".into()));
    }

    #[test]
    fn a_rerun_after_the_old_key_was_deleted_only_drops_what_is_left() {
        let world = switched();
        world.remove_iam_key("old");
        let old = finish_rotation(&world.keys(), "dev", "new", "old", true).unwrap();
        assert_eq!(old, OldKey::Deleted);
        assert!(!world.has_secret(&SecretName::IamKeySecret("old".into())));
        assert!(!world.events().iter().any(|e| e.starts_with("delete iam ")));
    }

    #[test]
    fn recovery_keeps_an_old_key_another_profile_still_uses() {
        let world = switched();
        world.with_config(|config| add_profile(config, "ci", AccessKey::Id("old".into())));
        let old = finish_rotation(&world.keys(), "dev", "new", "old", true).unwrap();
        assert_eq!(old, OldKey::KeptFor(vec!["ci".to_string()]));
        assert_eq!(world.iam_key_ids(), vec!["new", "old"]);
        assert!(world.has_secret(&SecretName::IamKeySecret("old".into())));
        // The profile's own entry got the new secret all the same.
        assert_eq!(
            world.secret(&SecretName::ProfileSecret("dev".into())),
            Some("new-secret".into())
        );
    }

    #[test]
    fn a_confirmed_rotation_deletes_an_old_key_others_use_and_drops_what_they_hold() {
        let world = switched();
        world.with_config(|config| add_profile(config, "ci", AccessKey::Id("old".into())));
        world.put_secret(SecretName::ProfileSecret("ci".into()), "old-secret");
        // What else is cached for it (temporary credentials) goes too, whoever issued it.
        world.cache_token("ci", "not-a-token");
        let old = finish_rotation(&world.keys(), "dev", "new", "old", false).unwrap();
        assert_eq!(old, OldKey::Deleted);
        assert_eq!(world.iam_key_ids(), vec!["new"]);
        assert!(!world.has_secret(&SecretName::ProfileSecret("ci".into())));
        let events = world.events();
        let forgot = events.iter().position(|e| e == "forget-cached ci").unwrap();
        let deleted = events.iter().position(|e| e == "delete iam old").unwrap();
        assert!(forgot < deleted, "{events:?}");
    }

    #[test]
    fn tokens_issued_by_the_old_keys_name_go_too() {
        let world = switched();
        world.cache_token("named", &format!("name:{USER}/old-name"));
        world.with_config(|config| add_profile(config, "named", AccessKey::Id("moved".into())));
        finish_rotation(&world.keys(), "dev", "new", "old", false).unwrap();
        assert_eq!(world.cached_token_key_of("named"), None);
    }

    #[test]
    fn a_failed_listing_stops_before_anything_is_deleted() {
        let world = switched();
        world.fail_listing();
        assert!(finish_rotation(&world.keys(), "dev", "new", "old", false).is_err());
        assert_eq!(world.iam_key_ids(), vec!["new", "old"]);
        assert!(world.has_secret(&SecretName::IamKeySecret("old".into())));
    }

    #[test]
    fn a_failed_delete_keeps_the_old_keys_secret_for_the_next_run() {
        let world = switched();
        world.fail_deletes();
        assert!(finish_rotation(&world.keys(), "dev", "new", "old", false).is_err());
        assert!(world.has_secret(&SecretName::IamKeySecret("old".into())));
    }

    #[test]
    fn without_the_new_keys_secret_the_profiles_entry_is_left_alone() {
        let world = switched();
        world.remove_secret(&SecretName::IamKeySecret("new".into()));
        finish_rotation(&world.keys(), "dev", "new", "old", false).unwrap();
        assert_eq!(
            world.secret(&SecretName::ProfileSecret("dev".into())),
            Some("old-secret".into())
        );
    }
}
