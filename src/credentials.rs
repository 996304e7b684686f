//! Which key kcred authenticates with, and where its secret comes from. In order: flags, the
//! environment (`KAKAOCLOUD_*`, then the OpenStack names as a fallback), the profile.
//!
//! A stored secret goes only to its own profile's endpoint: an endpoint from the environment
//! (`KAKAOCLOUD_IAM_ENDPOINT`, `OS_AUTH_URL`) applies to a key named by the environment only,
//! so a leftover openrc, or the variables `kcred exec` exports, never send a profile's secret
//! elsewhere. Only `--endpoint`, typed on the command line, overrides a profile's endpoint.

use crate::config::{
    AccessKey, Config, DEFAULT_ENDPOINT, Regional, validate_endpoint, validate_region,
};
use crate::error::{Advice, Error, Result};
use crate::secrets::{SecretName, SecretStore};
use secrecy::SecretString;

/// Credentials found in the environment. Each field takes the `KAKAOCLOUD_*` variable when it
/// is set and not empty, else the OpenStack variable KakaoCloud's own docs use.
#[derive(Default)]
pub struct EnvCredentials {
    pub access_key_id: Option<String>,
    pub access_key_name: Option<String>,
    pub user_id: Option<String>,
    pub secret: Option<SecretString>,
    pub endpoint: Option<String>,
}

impl EnvCredentials {
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Self {
        let first = |names: [&str; 2]| {
            names
                .into_iter()
                .find_map(|name| lookup(name).filter(|value| !value.is_empty()))
        };
        EnvCredentials {
            access_key_id: first(["KAKAOCLOUD_ACCESS_KEY_ID", "OS_APPLICATION_CREDENTIAL_ID"]),
            access_key_name: first([
                "KAKAOCLOUD_ACCESS_KEY_NAME",
                "OS_APPLICATION_CREDENTIAL_NAME",
            ]),
            user_id: first(["KAKAOCLOUD_USER_ID", "OS_USER_ID"]),
            secret: first([
                "KAKAOCLOUD_ACCESS_KEY_SECRET",
                "OS_APPLICATION_CREDENTIAL_SECRET",
            ])
            .map(SecretString::from),
            endpoint: first(["KAKAOCLOUD_IAM_ENDPOINT", "OS_AUTH_URL"]),
        }
    }

    /// Whether the environment names a key (and so wins over any profile).
    pub fn has_access_key(&self) -> bool {
        self.access_key_id.is_some() || self.access_key_name.is_some()
    }

    /// The key the environment names, if it names one. ID wins over name.
    fn access_key(&self) -> Result<Option<AccessKey>> {
        match (&self.access_key_id, &self.access_key_name, &self.user_id) {
            (Some(id), _, _) => Ok(Some(AccessKey::Id(id.clone()))),
            (None, Some(name), Some(user_id)) => Ok(Some(AccessKey::Name {
                name: name.clone(),
                user_id: user_id.clone(),
            })),
            (None, Some(_), None) => Err(Error::usage(
                "KAKAOCLOUD_ACCESS_KEY_NAME is set but KAKAOCLOUD_USER_ID is not",
            )
            .with_hint("a key name needs its owner's user UUID in KAKAOCLOUD_USER_ID")),
            (None, None, _) => Ok(None),
        }
    }
}

/// Where a credential's secret is.
pub enum SecretSource {
    Environment(SecretString),
    Keyring(SecretName),
}

/// Everything needed to issue a token.
pub struct Credential {
    /// The profile whose key this is; `None` for a key named by the environment.
    pub profile: Option<String>,
    pub endpoint: String,
    /// Whether `endpoint` is another than the profile's own (`--endpoint`).
    pub endpoint_overridden: bool,
    pub key: AccessKey,
    pub secret: SecretSource,
}

impl Credential {
    /// Tokens are cached for profiles whose secret is in the keyring, issued by the profile's
    /// own endpoint. Credentials from the environment never touch the keyring, and a token
    /// from another endpoint (`--endpoint`) never replaces or poses as the profile's own, so
    /// neither is cached.
    pub fn cache_profile(&self) -> Option<&str> {
        match self.secret {
            SecretSource::Keyring(_) if !self.endpoint_overridden => self.profile.as_deref(),
            _ => None,
        }
    }

    /// The profile whose stored secret this is; `None` for a secret from the environment.
    pub fn stored_profile(&self) -> Option<&str> {
        match self.secret {
            SecretSource::Keyring(_) => self.profile.as_deref(),
            SecretSource::Environment(_) => None,
        }
    }

    /// Why [`Credential::cache_profile`] is `None`, for a message.
    pub fn why_not_cached(&self) -> &'static str {
        match self.secret {
            SecretSource::Environment(_) => {
                "tokens issued with credentials from the environment are not cached"
            }
            SecretSource::Keyring(_) => {
                "tokens issued by an endpoint other than the profile's own (--endpoint) are not cached"
            }
        }
    }

    pub fn read_secret(&self, store: &dyn SecretStore) -> Result<SecretString> {
        match &self.secret {
            SecretSource::Environment(secret) => Ok(secret.clone()),
            SecretSource::Keyring(name) => self.read_key_secret(store, name)?.ok_or_else(|| {
                let profile = self.profile.as_deref().unwrap_or("?");
                Error::other(format!(
                    "the secret store holds no secret for profile '{profile}'"
                ))
                .with_advice(Advice::StoreProfileAgain {
                    profile: Some(profile.to_string()),
                })
            }),
        }
    }
}

impl Credential {
    /// A profile's secret: the key's own entry (`iam-key/ID/secret`) first, then the
    /// profile's. A key's own entry always holds that key's secret, while the profile's may
    /// still hold the previous key's when a rotation was cut short after the switch.
    fn read_key_secret(
        &self,
        store: &dyn SecretStore,
        profile_entry: &SecretName,
    ) -> Result<Option<SecretString>> {
        let AccessKey::Id(id) = &self.key else {
            return store.get(profile_entry);
        };
        match store.get_first_guess(&SecretName::IamKeySecret(id.clone())) {
            Ok(Some(secret)) => Ok(Some(secret)),
            Ok(None) => store.get(profile_entry),
            // A store may refuse the key's entry and still give the profile's (a CI runner's
            // Vault policy reads profiles' secrets only).
            Err(err) => match store.get(profile_entry) {
                Ok(Some(secret)) => Ok(Some(secret)),
                _ => Err(err),
            },
        }
    }
}

/// The variable that names KakaoCloud's region for credentials from the environment.
pub const REGION_VARIABLE: &str = "KAKAOCLOUD_REGION";
/// The variable that names the Object Storage endpoint, over the region's.
pub const S3_ENDPOINT_VARIABLE: &str = "KAKAOCLOUD_S3_ENDPOINT";

/// The regional settings for credentials from the environment: the region
/// `KAKAOCLOUD_REGION` names (else the default), each endpoint overridden by its own variable.
pub fn environment_regional(lookup: impl Fn(&str) -> Option<String>) -> Result<Regional> {
    let set = |name: &str| lookup(name).filter(|value| !value.is_empty());
    let region = set(REGION_VARIABLE)
        .map(|region| validate_region(&region).map_err(|err| err.context(REGION_VARIABLE)))
        .transpose()?;
    let endpoint = |name: &str| {
        set(name)
            .map(|url| {
                validate_endpoint(&url).map_err(|err| {
                    err.context(name)
                        .with_hint(format!("use an https URL, or unset {name}"))
                })
            })
            .transpose()
    };
    let s3_endpoint = endpoint(S3_ENDPOINT_VARIABLE)?;
    let kms_endpoint = endpoint(crate::kms::ENDPOINT_VARIABLE)?;
    Ok(Regional::new(
        region.as_deref(),
        None,
        s3_endpoint.as_deref(),
        kms_endpoint.as_deref(),
    ))
}

/// Resolves the credential for a command. `endpoint_flag` is `--endpoint`.
pub fn resolve(
    config: &Config,
    profile_flag: Option<&str>,
    endpoint_flag: Option<&str>,
    env: &EnvCredentials,
) -> Result<Credential> {
    if let Some(key) = env.access_key()? {
        let secret = env.secret.clone().ok_or_else(|| {
            Error::usage("an access key is set in the environment but its secret is not")
                .with_hint("set KAKAOCLOUD_ACCESS_KEY_SECRET as well")
        })?;
        let endpoint = endpoint_flag
            .or(env.endpoint.as_deref())
            .unwrap_or(DEFAULT_ENDPOINT);
        return Ok(Credential {
            profile: None,
            endpoint: validate_endpoint(endpoint)?,
            endpoint_overridden: false,
            key,
            secret: SecretSource::Environment(secret),
        });
    }
    let (name, profile) = config.select(profile_flag)?;
    // Not the environment's endpoint: the key and its secret are the profile's.
    let own_endpoint = validate_endpoint(&profile.endpoint)?;
    let endpoint = match endpoint_flag {
        Some(flag) => validate_endpoint(flag)?,
        None => own_endpoint.clone(),
    };
    let secret = match &env.secret {
        Some(secret) => SecretSource::Environment(secret.clone()),
        None => SecretSource::Keyring(SecretName::ProfileSecret(name.to_string())),
    };
    Ok(Credential {
        profile: Some(name.to_string()),
        endpoint_overridden: endpoint != own_endpoint,
        endpoint,
        key: profile.access_key()?,
        secret,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{KakaoCloudSettings, Profile, ProviderSettings};
    use std::collections::HashMap;

    #[test]
    fn the_environment_s_region_sets_its_endpoints_unless_they_are_set() {
        let lookup = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| value.to_string())
            }
        };
        let regional =
            environment_regional(lookup(&[("KAKAOCLOUD_REGION", "kr-central-9")])).unwrap();
        assert_eq!(regional.region.value, "kr-central-9");
        assert_eq!(
            regional.s3_endpoint.value,
            "https://objectstorage.kr-central-9.kakaocloud.com"
        );
        let regional = environment_regional(lookup(&[
            ("KAKAOCLOUD_REGION", "kr-central-9"),
            ("KAKAOCLOUD_KMS_ENDPOINT", "https://kms.example.com"),
        ]))
        .unwrap();
        assert_eq!(regional.kms_endpoint.value, "https://kms.example.com");
        assert_eq!(
            environment_regional(lookup(&[("KAKAOCLOUD_REGION", "")]))
                .unwrap()
                .region
                .value,
            crate::config::DEFAULT_REGION
        );
        let Err(err) = environment_regional(lookup(&[("KAKAOCLOUD_REGION", "kr/x")])) else {
            panic!("a region with a slash is refused");
        };
        assert_eq!(err.message(), "KAKAOCLOUD_REGION: invalid region \"kr/x\"");
        let Err(err) =
            environment_regional(lookup(&[("KAKAOCLOUD_S3_ENDPOINT", "http://example.com")]))
        else {
            panic!("plain http to a remote host is refused");
        };
        assert!(
            err.message().starts_with("KAKAOCLOUD_S3_ENDPOINT: "),
            "{}",
            err.message()
        );
    }

    fn env(vars: &[(&str, &str)]) -> EnvCredentials {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        EnvCredentials::from_lookup(|name| vars.get(name).cloned())
    }

    fn config_with(name: &str) -> Config {
        let mut config = Config {
            default_profile: Some(name.into()),
            ..Config::default()
        };
        config.profiles.insert(
            name.into(),
            Profile::new(
                "https://profile.example/v3".into(),
                ProviderSettings::Kakaocloud(KakaoCloudSettings::new(AccessKey::Id(
                    "profile-key".into(),
                ))),
            ),
        );
        config
    }

    #[test]
    fn kakaocloud_names_win_over_openstack_names() {
        let env = env(&[
            ("OS_APPLICATION_CREDENTIAL_ID", "os-id"),
            ("KAKAOCLOUD_ACCESS_KEY_ID", "kc-id"),
            ("OS_APPLICATION_CREDENTIAL_SECRET", "s"),
            ("OS_AUTH_URL", "https://os.example/v3"),
        ]);
        let cred = resolve(&Config::default(), None, None, &env).unwrap();
        assert_eq!(cred.key, AccessKey::Id("kc-id".into()));
        assert_eq!(cred.endpoint, "https://os.example/v3");
        assert!(cred.cache_profile().is_none());
    }

    #[test]
    fn environment_key_wins_over_the_profile() {
        let env = env(&[
            ("KAKAOCLOUD_ACCESS_KEY_NAME", "ci"),
            ("KAKAOCLOUD_USER_ID", "uid"),
            ("KAKAOCLOUD_ACCESS_KEY_SECRET", "s"),
        ]);
        let cred = resolve(&config_with("prod"), None, None, &env).unwrap();
        assert_eq!(
            cred.key,
            AccessKey::Name {
                name: "ci".into(),
                user_id: "uid".into()
            }
        );
        assert_eq!(cred.endpoint, DEFAULT_ENDPOINT);
        assert!(cred.profile.is_none());
    }

    #[test]
    fn the_endpoint_flag_wins_and_is_not_cached() {
        let env = env(&[("KAKAOCLOUD_IAM_ENDPOINT", "https://env.example/v3")]);
        let cred = resolve(
            &config_with("prod"),
            None,
            Some("https://flag.example/v3"),
            &env,
        )
        .unwrap();
        assert_eq!(cred.endpoint, "https://flag.example/v3");
        assert!(cred.cache_profile().is_none());
        let cred = resolve(
            &config_with("prod"),
            None,
            Some("https://profile.example/v3/"),
            &env,
        )
        .unwrap();
        assert_eq!(cred.cache_profile(), Some("prod"), "the profile's own");
    }

    #[test]
    fn an_environment_endpoint_never_receives_a_profiles_secret() {
        for var in ["KAKAOCLOUD_IAM_ENDPOINT", "OS_AUTH_URL"] {
            let env = env(&[(var, "https://elsewhere.example/v3")]);
            let cred = resolve(&config_with("prod"), None, None, &env).unwrap();
            assert_eq!(cred.endpoint, "https://profile.example/v3", "{var}");
            assert_eq!(cred.cache_profile(), Some("prod"));
        }
        let env = env(&[
            ("KAKAOCLOUD_IAM_ENDPOINT", "https://elsewhere.example/v3"),
            ("KAKAOCLOUD_ACCESS_KEY_SECRET", "s"),
        ]);
        let cred = resolve(&config_with("prod"), None, None, &env).unwrap();
        assert_eq!(
            cred.endpoint, "https://profile.example/v3",
            "a profile's key goes to the profile's endpoint"
        );
    }

    #[test]
    fn profile_secret_comes_from_the_keyring_and_is_cached() {
        let cred = resolve(&config_with("prod"), None, None, &env(&[])).unwrap();
        assert_eq!(cred.cache_profile(), Some("prod"));
        assert!(matches!(cred.secret, SecretSource::Keyring(_)));
    }

    #[test]
    fn an_environment_secret_for_a_profile_key_is_not_cached() {
        let env = env(&[("KAKAOCLOUD_ACCESS_KEY_SECRET", "s")]);
        let cred = resolve(&config_with("prod"), None, None, &env).unwrap();
        assert_eq!(cred.key, AccessKey::Id("profile-key".into()));
        assert!(cred.cache_profile().is_none());
    }

    #[test]
    fn a_key_without_its_secret_is_a_usage_error() {
        let env = env(&[("KAKAOCLOUD_ACCESS_KEY_ID", "id")]);
        let err = resolve(&config_with("prod"), None, None, &env)
            .err()
            .unwrap();
        assert_eq!(err.kind(), crate::error::ErrorKind::Usage);
        let env = env_name_only();
        assert!(resolve(&Config::default(), None, None, &env).is_err());
    }

    fn env_name_only() -> EnvCredentials {
        env(&[
            ("KAKAOCLOUD_ACCESS_KEY_NAME", "ci"),
            ("KAKAOCLOUD_ACCESS_KEY_SECRET", "s"),
        ])
    }

    #[test]
    fn empty_variables_count_as_unset() {
        let env = env(&[
            ("KAKAOCLOUD_ACCESS_KEY_ID", ""),
            ("OS_APPLICATION_CREDENTIAL_ID", "os"),
        ]);
        assert_eq!(env.access_key_id.as_deref(), Some("os"));
    }
}
