//! The S3 key bookkeeping kcred keeps: the key a profile made is remembered, a deleted one is
//! forgotten everywhere, and a key whose deletion was begun is not handed out.

use super::Profiles;
use crate::error::Result;
use crate::journal::{Intent, Journal};
use crate::secrets::{SecretName, SecretStore};

/// Records that `profile` made the key, so that it can be picked without a name.
pub fn remember_s3_key(profiles: &dyn Profiles, profile: &str, access: &str) -> Result<()> {
    profiles.update(&mut |config| {
        if let Some(profile) = config.profiles.get_mut(profile)
            && !profile.s3_access_keys.iter().any(|key| key == access)
        {
            profile.s3_access_keys.push(access.to_string());
        }
        Ok(())
    })
}

/// After a key is deleted on the server: no profile offers it, and its stored secret goes.
pub fn drop_deleted_s3_key(
    profiles: &dyn Profiles,
    store: &dyn SecretStore,
    access: &str,
) -> Result<()> {
    // The profiles first: an access key no profile names is never picked by default, while
    // a named one without its secret is refused; either way nothing deleted is handed out.
    profiles.update(&mut |config| {
        for profile in config.profiles.values_mut() {
            profile.s3_access_keys.retain(|key| key != access);
        }
        Ok(())
    })?;
    store.delete(&SecretName::S3KeySecret(access.to_string()))
}

/// Whether an operation under way (or interrupted) is deleting the S3 key `access`: it may
/// be gone on the server already.
pub fn s3_key_being_deleted(journal: &Journal, access: &str) -> Result<bool> {
    Ok(journal.records()?.into_iter().any(
        |(_, intent)| matches!(intent, Intent::DeleteS3Key { access_key } if access_key == access),
    ))
}

#[cfg(test)]
mod tests {
    use super::super::fake::*;
    use super::*;
    use crate::config::AccessKey;

    #[test]
    fn a_made_key_is_remembered_once_by_its_profile_only() {
        let world = World::new();
        world.with_config(|config| {
            add_profile(config, "dev", AccessKey::Id("k".into()));
            add_profile(config, "ci", AccessKey::Id("k".into()));
        });
        remember_s3_key(&world, "dev", "AK1").unwrap();
        remember_s3_key(&world, "dev", "AK1").unwrap();
        remember_s3_key(&world, "gone", "AK2").unwrap();
        assert_eq!(world.s3_keys_of("dev"), vec!["AK1"]);
        assert!(world.s3_keys_of("ci").is_empty());
    }

    #[test]
    fn a_deleted_key_leaves_every_profile_before_its_secret_goes() {
        let world = World::new();
        world.with_config(|config| {
            add_profile(config, "dev", AccessKey::Id("k".into()));
            add_profile(config, "ci", AccessKey::Id("k".into()));
        });
        remember_s3_key(&world, "dev", "AK1").unwrap();
        remember_s3_key(&world, "dev", "AK2").unwrap();
        remember_s3_key(&world, "ci", "AK1").unwrap();
        world.put_secret(SecretName::S3KeySecret("AK1".into()), "s1");
        world.put_secret(SecretName::S3KeySecret("AK2".into()), "s2");
        world.clear_events();
        drop_deleted_s3_key(&world, &world, "AK1").unwrap();
        assert_eq!(world.s3_keys_of("dev"), vec!["AK2"]);
        assert!(world.s3_keys_of("ci").is_empty());
        assert!(!world.has_secret(&SecretName::S3KeySecret("AK1".into())));
        assert!(world.has_secret(&SecretName::S3KeySecret("AK2".into())));
        assert_eq!(
            world.events(),
            vec!["update config", "delete s3-key/AK1/secret"]
        );
    }

    #[test]
    fn a_failed_config_write_keeps_the_secret() {
        let world = World::new();
        world.put_secret(SecretName::S3KeySecret("AK1".into()), "s1");
        world.fail_config_writes();
        assert!(drop_deleted_s3_key(&world, &world, "AK1").is_err());
        assert!(world.has_secret(&SecretName::S3KeySecret("AK1".into())));
    }

    #[test]
    fn a_key_is_being_deleted_while_any_profiles_record_deletes_it() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::new(dir.path().join("journal"));
        assert!(!s3_key_being_deleted(&journal, "AK1").unwrap());
        let held = journal.lock_if_free("other").unwrap().unwrap();
        held.record(&Intent::DeleteS3Key {
            access_key: "AK1".into(),
        })
        .unwrap();
        assert!(s3_key_being_deleted(&journal, "AK1").unwrap());
        assert!(!s3_key_being_deleted(&journal, "AK2").unwrap());
        held.finish().unwrap();
        assert!(!s3_key_being_deleted(&journal, "AK1").unwrap());
    }
}
