//! Profiles: the non-secret settings of each IAM access key, in `config.toml` in the platform's
//! config dir. Secrets and tokens never land here; they live in the secret store.

use crate::error::{Advice, Error, Result, one_line};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub const DEFAULT_ENDPOINT: &str = "https://iam.kakaocloud.com/identity/v3";
const MAX_PROFILE_NAME: usize = 64;

/// Where kcred keeps its files.
#[derive(Debug, Clone)]
pub struct Dirs {
    pub config: PathBuf,
    pub cache: PathBuf,
    /// Where the encrypted secrets file lives, for those who ask for one.
    pub data: PathBuf,
    /// This machine's own state: the journal of key operations under way.
    pub state: PathBuf,
}

impl Dirs {
    /// The platform's dirs (on Linux `$XDG_CONFIG_HOME/kcred` and `$XDG_CACHE_HOME/kcred`).
    pub fn from_platform() -> Result<Self> {
        let dirs = directories::ProjectDirs::from("", "", "kcred").ok_or_else(|| {
            Error::other("cannot find a home directory for kcred's config")
                .with_hint("set HOME (or XDG_CONFIG_HOME and XDG_CACHE_HOME)")
        })?;
        Ok(Dirs {
            config: dirs.config_dir().to_path_buf(),
            cache: dirs.cache_dir().to_path_buf(),
            data: dirs.data_dir().to_path_buf(),
            // Only Linux has a state dir; elsewhere the data dir is the closest.
            state: dirs
                .state_dir()
                .unwrap_or_else(|| dirs.data_dir())
                .to_path_buf(),
        })
    }

    pub fn config_file(&self) -> PathBuf {
        self.config.join("config.toml")
    }

    pub fn secrets_file(&self) -> PathBuf {
        self.data.join("secrets.enc")
    }

    /// The journal of key operations under way, one file (and one lock) per profile.
    pub fn journal(&self) -> PathBuf {
        self.state.join("journal")
    }
}

/// Where a profile's secrets and tokens are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum StoreKind {
    /// The OS keyring (the default).
    #[default]
    Keyring,
    /// An encrypted file in the data dir, unlocked with a passphrase.
    File,
    /// A Vault-compatible server (OpenBao, HashiCorp Vault): shared profiles for a team or a
    /// CI fleet, their secrets and one token cache for all machines.
    Vault,
}

impl StoreKind {
    pub fn parse(text: &str) -> Result<StoreKind> {
        match text {
            "keyring" => Ok(StoreKind::Keyring),
            "file" => Ok(StoreKind::File),
            "vault" => Ok(StoreKind::Vault),
            other => Err(Error::usage(format!("KCRED_STORE={other} is not a store"))
                .with_hint("use KCRED_STORE=keyring, KCRED_STORE=file or KCRED_STORE=vault")),
        }
    }
}

/// Which of KakaoCloud's two token methods a key uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccessKey {
    /// Method 1: IAM access key ID + secret.
    Id(String),
    /// Method 2: IAM access key name + secret + the owner's user UUID.
    Name { name: String, user_id: String },
}

impl AccessKey {
    pub fn method(&self) -> &'static str {
        match self {
            AccessKey::Id(_) => "access-key-id",
            AccessKey::Name { .. } => "access-key-name",
        }
    }

    /// A stable description of the key, used to tell whether a cached token came from it.
    pub fn fingerprint(&self) -> String {
        match self {
            AccessKey::Id(id) => format!("id:{id}"),
            AccessKey::Name { name, user_id } => format!("name:{user_id}/{name}"),
        }
    }
}

/// Which cloud a profile's key belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    /// KakaoCloud: IAM access keys, API tokens, S3 access keys (the default).
    #[default]
    Kakaocloud,
    /// NAVER Cloud Platform: temporary keys from its Secure Token Service.
    Ncp,
    /// GleSYS: Object Storage access keys.
    Glesys,
}

impl ProviderKind {
    pub fn name(self) -> &'static str {
        match self {
            ProviderKind::Kakaocloud => "kakaocloud",
            ProviderKind::Ncp => "ncp",
            ProviderKind::Glesys => "glesys",
        }
    }
}

/// One profile: where its provider's API is, where its secret is kept, what S3 clients are
/// told, and its provider's own settings. In config.toml it is one flat table (see
/// [`ProfileEntry`]), the same as kcred has always written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ProfileEntry", into = "ProfileEntry")]
pub struct Profile {
    pub endpoint: String,
    /// Where the profile's secret and tokens are kept; the OS keyring unless set.
    pub store: Option<StoreKind>,
    /// Region for S3 clients (`AWS_REGION`); KakaoCloud's `kr-central-2` when unset.
    pub s3_region: Option<String>,
    /// Object Storage endpoint for S3 clients (`AWS_ENDPOINT_URL_S3`).
    pub s3_endpoint: Option<String>,
    /// S3 access keys created with this profile whose secrets are in the secret store.
    pub s3_access_keys: Vec<String>,
    /// Container registry hosts (`host[:port]`, normalised) whose logins this profile's key
    /// serves through `docker-credential-kcred`; no secret.
    pub registry_hosts: Vec<String>,
    pub settings: ProviderSettings,
}

/// What each provider keeps of a profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProviderSettings {
    Kakaocloud(KakaoCloudSettings),
    Ncp(NcpSettings),
    Glesys(GlesysSettings),
}

/// A KakaoCloud profile: an IAM access key, and what its first token said of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KakaoCloudSettings {
    pub key: AccessKey,
    /// The key's user (known from the first token for a key ID).
    pub user_id: Option<String>,
    /// With a key name: that key's ID, looked up once for tools that take only an ID
    /// (`env --with-key`). Tokens are still issued by name.
    pub named_key_id: Option<String>,
    pub project_id: Option<String>,
    pub project_name: Option<String>,
    /// KMS endpoint for `kcred kms-key`; the region's when unset.
    pub kms_endpoint: Option<String>,
    /// The region of Object Storage, KMS and the Container Registry (IAM is global); the
    /// regional endpoints follow it unless set themselves. [`DEFAULT_REGION`] when unset.
    pub region: Option<String>,
    /// When the key expires, as the key listing or a token said (unknown or never: unset).
    pub key_expires_at: Option<jiff::Timestamp>,
}

impl KakaoCloudSettings {
    pub fn new(key: AccessKey) -> Self {
        KakaoCloudSettings {
            key,
            user_id: None,
            named_key_id: None,
            project_id: None,
            project_name: None,
            kms_endpoint: None,
            region: None,
            key_expires_at: None,
        }
    }
}

/// A NAVER Cloud profile: the sub account's access key ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NcpSettings {
    pub access_key: String,
}

/// A GleSYS profile: the project ID (`CL12345`), the API key's user name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlesysSettings {
    pub project: String,
}

/// One profile as config.toml holds it: a flat table whose `provider` says which of the
/// other fields belong (KakaoCloud when unset).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileEntry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<ProviderKind>,
    pub endpoint: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub named_key_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_expires_at: Option<jiff::Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3_region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3_endpoint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kms_endpoint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store: Option<StoreKind>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub s3_access_keys: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub registry_hosts: Vec<String>,
}

impl TryFrom<ProfileEntry> for Profile {
    type Error = String;

    fn try_from(entry: ProfileEntry) -> std::result::Result<Profile, String> {
        let kind = entry.provider.unwrap_or_default();
        let missing = |what: &str| format!("the profile has no {what}");
        let foreign = |field: &str, present: bool| {
            if present {
                Err(format!(
                    "`{field}` does not belong in a {} profile",
                    kind.name()
                ))
            } else {
                Ok(())
            }
        };
        let kakaocloud_only = [
            ("access_key_id", entry.access_key_id.is_some()),
            ("access_key_name", entry.access_key_name.is_some()),
            ("user_id", entry.user_id.is_some()),
            ("named_key_id", entry.named_key_id.is_some()),
            ("project_id", entry.project_id.is_some()),
            ("project_name", entry.project_name.is_some()),
            ("kms_endpoint", entry.kms_endpoint.is_some()),
            ("region", entry.region.is_some()),
            ("key_expires_at", entry.key_expires_at.is_some()),
        ];
        let settings = match kind {
            ProviderKind::Kakaocloud => {
                foreign("access_key", entry.access_key.is_some())?;
                foreign("project", entry.project.is_some())?;
                let key = match (entry.access_key_id, entry.access_key_name, &entry.user_id) {
                    (Some(id), _, _) => AccessKey::Id(id),
                    (None, Some(name), Some(user_id)) => AccessKey::Name {
                        name,
                        user_id: user_id.clone(),
                    },
                    _ => {
                        return Err(
                            "the profile has neither an access key ID nor an access key \
                                    name with a user ID"
                                .to_string(),
                        );
                    }
                };
                let user_id = match &key {
                    AccessKey::Id(_) => entry.user_id,
                    AccessKey::Name { .. } => None,
                };
                ProviderSettings::Kakaocloud(KakaoCloudSettings {
                    key,
                    user_id,
                    named_key_id: entry.named_key_id,
                    project_id: entry.project_id,
                    project_name: entry.project_name,
                    kms_endpoint: entry.kms_endpoint,
                    region: entry.region,
                    key_expires_at: entry.key_expires_at,
                })
            }
            ProviderKind::Ncp => {
                for (field, present) in kakaocloud_only {
                    foreign(field, present)?;
                }
                foreign("project", entry.project.is_some())?;
                ProviderSettings::Ncp(NcpSettings {
                    access_key: entry.access_key.ok_or_else(|| missing("access key"))?,
                })
            }
            ProviderKind::Glesys => {
                for (field, present) in kakaocloud_only {
                    foreign(field, present)?;
                }
                foreign("access_key", entry.access_key.is_some())?;
                ProviderSettings::Glesys(GlesysSettings {
                    project: entry.project.ok_or_else(|| missing("project"))?,
                })
            }
        };
        Ok(Profile {
            endpoint: entry.endpoint,
            store: entry.store,
            s3_region: entry.s3_region,
            s3_endpoint: entry.s3_endpoint,
            s3_access_keys: entry.s3_access_keys,
            registry_hosts: entry.registry_hosts,
            settings,
        })
    }
}

impl From<Profile> for ProfileEntry {
    fn from(profile: Profile) -> ProfileEntry {
        let mut entry = ProfileEntry {
            endpoint: profile.endpoint,
            store: profile.store,
            s3_region: profile.s3_region,
            s3_endpoint: profile.s3_endpoint,
            s3_access_keys: profile.s3_access_keys,
            registry_hosts: profile.registry_hosts,
            ..ProfileEntry::default()
        };
        match profile.settings {
            ProviderSettings::Kakaocloud(kakaocloud) => {
                match kakaocloud.key {
                    AccessKey::Id(id) => {
                        entry.access_key_id = Some(id);
                        entry.user_id = kakaocloud.user_id;
                    }
                    AccessKey::Name { name, user_id } => {
                        entry.access_key_name = Some(name);
                        entry.user_id = Some(user_id);
                    }
                }
                entry.named_key_id = kakaocloud.named_key_id;
                entry.project_id = kakaocloud.project_id;
                entry.project_name = kakaocloud.project_name;
                entry.kms_endpoint = kakaocloud.kms_endpoint;
                entry.region = kakaocloud.region;
                entry.key_expires_at = kakaocloud.key_expires_at;
            }
            ProviderSettings::Ncp(ncp) => {
                entry.provider = Some(ProviderKind::Ncp);
                entry.access_key = Some(ncp.access_key);
            }
            ProviderSettings::Glesys(glesys) => {
                entry.provider = Some(ProviderKind::Glesys);
                entry.project = Some(glesys.project);
            }
        }
        entry
    }
}

/// KakaoCloud's region when none is set.
pub const DEFAULT_REGION: &str = "kr-central-2";
pub const DEFAULT_S3_REGION: &str = DEFAULT_REGION;
pub const DEFAULT_S3_ENDPOINT: &str = "https://objectstorage.kr-central-2.kakaocloud.com";

/// Where a regional setting's value comes from, as `profile show` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    /// Set for itself (`--s3-endpoint`, `--kms-endpoint`, `--s3-region`, `--region`).
    Flag,
    /// Made from the region.
    Region,
    /// KakaoCloud's default.
    Default,
}

/// One regional setting and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sourced {
    pub value: String,
    pub source: Source,
}

/// KakaoCloud's regional settings, all from one region unless one is set for itself:
/// Object Storage (`objectstorage.{region}.kakaocloud.com`, and the region S3 clients are
/// told), KMS (`key-management-service.{region}.kakaocloud.com`) and the Container Registry
/// (`{project}.{region}.kcr.dev`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Regional {
    pub region: Sourced,
    pub s3_region: Sourced,
    pub s3_endpoint: Sourced,
    pub kms_endpoint: Sourced,
}

impl Regional {
    /// From the settings given; each `None` follows `region`, else the default.
    pub fn new(
        region: Option<&str>,
        s3_region: Option<&str>,
        s3_endpoint: Option<&str>,
        kms_endpoint: Option<&str>,
    ) -> Regional {
        let (name, derived) = match region {
            Some(region) => (region, Source::Region),
            None => (DEFAULT_REGION, Source::Default),
        };
        let pick = |set: Option<&str>, made: String| match set {
            Some(value) => Sourced {
                value: value.to_string(),
                source: Source::Flag,
            },
            None => Sourced {
                value: made,
                source: derived,
            },
        };
        Regional {
            region: Sourced {
                value: name.to_string(),
                source: if region.is_some() {
                    Source::Flag
                } else {
                    Source::Default
                },
            },
            s3_region: pick(s3_region, name.to_string()),
            s3_endpoint: pick(
                s3_endpoint,
                format!("https://objectstorage.{name}.kakaocloud.com"),
            ),
            kms_endpoint: pick(
                kms_endpoint,
                format!("https://key-management-service.{name}.kakaocloud.com"),
            ),
        }
    }
}

impl Profile {
    /// A new profile with `settings`, its other fields unset.
    pub fn new(endpoint: String, settings: ProviderSettings) -> Profile {
        Profile {
            endpoint,
            store: None,
            s3_region: None,
            s3_endpoint: None,
            s3_access_keys: Vec::new(),
            registry_hosts: Vec::new(),
            settings,
        }
    }

    pub fn provider(&self) -> ProviderKind {
        match self.settings {
            ProviderSettings::Kakaocloud(_) => ProviderKind::Kakaocloud,
            ProviderSettings::Ncp(_) => ProviderKind::Ncp,
            ProviderSettings::Glesys(_) => ProviderKind::Glesys,
        }
    }

    pub fn kakaocloud(&self) -> Option<&KakaoCloudSettings> {
        match &self.settings {
            ProviderSettings::Kakaocloud(kakaocloud) => Some(kakaocloud),
            _ => None,
        }
    }

    pub fn kakaocloud_mut(&mut self) -> Option<&mut KakaoCloudSettings> {
        match &mut self.settings {
            ProviderSettings::Kakaocloud(kakaocloud) => Some(kakaocloud),
            _ => None,
        }
    }

    /// Checks what the entry's shape cannot: that its endpoints and region are usable.
    pub fn validate(&self) -> Result<()> {
        validate_endpoint(&self.endpoint)?;
        if let Some(region) = &self.s3_region {
            validate_s3_region(region)?;
        }
        if let Some(region) = self.kakaocloud().and_then(|k| k.region.as_ref()) {
            validate_region(region)?;
        }
        let kms = self.kakaocloud().and_then(|k| k.kms_endpoint.as_ref());
        for endpoint in [self.s3_endpoint.as_ref(), kms].into_iter().flatten() {
            validate_endpoint(endpoint)?;
        }
        Ok(())
    }

    /// A KakaoCloud profile's regional settings; another provider's S3 settings are its own
    /// (or KakaoCloud's defaults), as before regions.
    pub fn regional(&self) -> Regional {
        let kakaocloud = self.kakaocloud();
        Regional::new(
            kakaocloud.and_then(|k| k.region.as_deref()),
            self.s3_region.as_deref(),
            self.s3_endpoint.as_deref(),
            kakaocloud.and_then(|k| k.kms_endpoint.as_deref()),
        )
    }

    pub fn s3_region(&self) -> String {
        self.regional().s3_region.value
    }

    pub fn s3_endpoint(&self) -> String {
        self.regional().s3_endpoint.value
    }

    /// The profile's KakaoCloud region (its Container Registry host's, `OS_REGION_NAME`): its
    /// region, else its S3 region (which named it before regions), else the default.
    pub fn kakaocloud_region(&self) -> String {
        match self.kakaocloud().and_then(|k| k.region.as_deref()) {
            Some(region) => region.to_string(),
            None => self.s3_region(),
        }
    }

    /// The IAM access key a KakaoCloud profile authenticates with.
    pub fn access_key(&self) -> Result<AccessKey> {
        self.kakaocloud()
            .map(|kakaocloud| kakaocloud.key.clone())
            .ok_or_else(|| {
                Error::usage(format!(
                    "a {} profile has no IAM access key",
                    self.provider().name()
                ))
                .with_hint("pick a KakaoCloud profile with --profile")
            })
    }
}

/// The whole config file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_profile: Option<String>,
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
    /// Profile entries that are not valid (a hand edit gone wrong), kept as they are: one bad
    /// entry must not block the commands that list or remove it, nor be lost on a rewrite.
    #[serde(skip)]
    pub broken: BTreeMap<String, BrokenProfile>,
    /// Whether these are the shared profiles in Vault rather than config.toml's.
    #[serde(skip)]
    pub shared: bool,
}

/// A profile entry of config.toml that kcred cannot use, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct BrokenProfile {
    pub raw: toml::Value,
    pub problem: String,
}

impl BrokenProfile {
    /// The store its secrets are in, as far as the entry says.
    pub fn store(&self) -> StoreKind {
        self.raw
            .get("store")
            .and_then(toml::Value::as_str)
            .and_then(|text| StoreKind::parse(text).ok())
            .unwrap_or_default()
    }
}

/// The file as TOML knows it, before each profile is checked on its own.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    default_profile: Option<String>,
    #[serde(default)]
    profiles: BTreeMap<String, toml::Value>,
}

/// An error in the config file: always exit 2 (like any other wrong input), always a hint.
pub fn config_error(message: impl Into<String>) -> Error {
    Error::usage(message).with_hint("fix the file by hand, or move it away to start anew")
}

impl Config {
    /// Reads the config file; a missing file is an empty config. A file that does not parse is
    /// an error naming the file and line, and is never overwritten.
    pub fn load(dirs: &Dirs) -> Result<Config> {
        let path = dirs.config_file();
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(err) => {
                return Err(
                    Error::other(format!("cannot read {}: {err}", path.display()))
                        .with_hint("kcred needs to read its config file; check its permissions"),
                );
            }
        };
        let mut config = Config::parse(&text).map_err(|err| err.context(path.display()))?;
        for broken in config.broken.values_mut() {
            broken.problem = format!("{}: {}", path.display(), broken.problem);
        }
        Ok(config)
    }

    /// Parses the file. A file that is not TOML, or not kcred's shape, is an error; a profile
    /// entry that is wrong on its own is kept aside in [`Config::broken`].
    pub fn parse(text: &str) -> Result<Config> {
        let raw: RawConfig = toml::from_str(text).map_err(|err| {
            let line = err
                .span()
                .map(|span| text[..span.start.min(text.len())].lines().count().max(1));
            let what = one_line(err.message());
            config_error(match line {
                Some(line) => format!("line {line}: {what}"),
                None => what,
            })
        })?;
        let mut config = Config {
            default_profile: raw.default_profile,
            ..Config::default()
        };
        for (name, value) in raw.profiles {
            let profile = validate_profile_name(&name).and_then(|()| {
                let profile = Profile::deserialize(value.clone())
                    .map_err(|err| config_error(one_line(err.message())))?;
                profile.validate()?;
                if profile.store == Some(StoreKind::Vault) {
                    return Err(config_error(
                        "a shared profile (store = \"vault\") lives in Vault, not in \
                         config.toml; use it with KCRED_STORE=vault",
                    ));
                }
                Ok(profile)
            });
            match profile {
                Ok(profile) => {
                    config.profiles.insert(name, profile);
                }
                Err(err) => {
                    let problem = format!("profile '{name}': {}", err.message());
                    config.broken.insert(
                        name,
                        BrokenProfile {
                            raw: value,
                            problem,
                        },
                    );
                }
            }
        }
        Ok(config)
    }

    /// The file's text: the valid profiles, and the broken ones exactly as they were.
    pub fn to_toml(&self) -> Result<String> {
        let encode =
            |err: toml::ser::Error| Error::other(format!("cannot write the config: {err}"));
        let mut profiles = BTreeMap::new();
        for (name, profile) in &self.profiles {
            profiles.insert(
                name.clone(),
                toml::Value::try_from(profile).map_err(encode)?,
            );
        }
        // A valid profile of the same name replaced the broken entry.
        for (name, broken) in &self.broken {
            profiles
                .entry(name.clone())
                .or_insert_with(|| broken.raw.clone());
        }
        toml::to_string_pretty(&RawConfig {
            default_profile: self.default_profile.clone(),
            profiles,
        })
        .map_err(encode)
    }

    /// The error for a profile entry that is not valid, saying how to get out of it.
    pub fn broken_profile_error(&self, name: &str) -> Option<Error> {
        let broken = self.broken.get(name)?;
        Some(
            Error::usage(format!("invalid profile entry: {}", broken.problem)).with_advice(
                Advice::FixOrRemoveProfile {
                    profile: name.to_string(),
                },
            ),
        )
    }

    /// Changes the config under an exclusive lock: re-reads the file, applies `change`, and
    /// writes it back atomically, so two kcred processes never lose each other's profiles.
    pub fn update<T>(dirs: &Dirs, change: impl FnOnce(&mut Config) -> Result<T>) -> Result<T> {
        create_private_dir(&dirs.config)?;
        let lock = lock_file(&dirs.config.join("config.lock"))?;
        let mut config = Config::load(dirs)?;
        let result = change(&mut config)?;
        let text = config.to_toml()?;
        write_private_file(&dirs.config_file(), text.as_bytes())?;
        drop(lock);
        Ok(result)
    }

    /// The profile to use: the one asked for, else the default one.
    pub fn select(&self, wanted: Option<&str>) -> Result<(&str, &Profile)> {
        let name = match wanted.or(self.default_profile.as_deref()) {
            Some(name) => name,
            None if self.shared => {
                return Err(
                    Error::usage("no profile is named").with_advice(Advice::NameSharedProfile)
                );
            }
            None if self.profiles.is_empty() => {
                return Err(Error::usage("no profile is set up").with_advice(
                    Advice::AddFirstProfile {
                        or_environment: true,
                    },
                ));
            }
            None => {
                return Err(Error::usage("no default profile is set")
                    .with_advice(Advice::ChooseDefaultProfile));
            }
        };
        if let Some(err) = self.broken_profile_error(name) {
            return Err(err);
        }
        self.profiles
            .get_key_value(name)
            .map(|(name, profile)| (name.as_str(), profile))
            .ok_or_else(|| unknown_profile(self, name))
    }
}

/// The names of the profiles in the config file, broken entries too (so that `profile remove`
/// completes them); none when there is no readable config.
pub fn profile_names() -> Vec<String> {
    let Ok(config) = Dirs::from_platform().and_then(|dirs| Config::load(&dirs)) else {
        return Vec::new();
    };
    let mut names: Vec<String> = config
        .profiles
        .into_keys()
        .chain(config.broken.into_keys())
        .collect();
    names.sort();
    names
}

pub fn unknown_profile(config: &Config, name: &str) -> Error {
    if config.shared {
        return Error::usage(format!("Vault holds no shared profile named '{name}'"))
            .with_advice(Advice::NameSharedProfile);
    }
    let known: Vec<&str> = config.profiles.keys().map(String::as_str).collect();
    let error = Error::usage(format!("no profile named '{name}'"));
    if known.is_empty() {
        error.with_advice(Advice::AddFirstProfile {
            or_environment: false,
        })
    } else {
        error.with_hint(format!("known profiles: {}", known.join(", ")))
    }
}

/// Profile names become file names and keyring entry names: keep them plain.
pub fn validate_profile_name(name: &str) -> Result<()> {
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if name.is_empty()
        || name.len() > MAX_PROFILE_NAME
        || !name.chars().all(plain)
        || name.starts_with('.')
        || name.contains("..")
    {
        return Err(Error::usage(format!("'{name}' is not a valid profile name")).with_hint(
            format!(
                "use 1 to {MAX_PROFILE_NAME} letters, digits, '-', '_' or '.', not starting with '.'"
            ),
        ));
    }
    Ok(())
}

/// Checks an endpoint and returns its normalised form (see [`normalise_endpoint`]).
pub fn validate_endpoint(endpoint: &str) -> Result<String> {
    normalise_endpoint(endpoint).map_err(|problem| match problem {
        // Do not echo the URL back: it holds a credential.
        EndpointProblem::Credentials => {
            Error::usage("the endpoint must not contain a user name or password")
                .with_advice(Advice::CredentialsNotInEndpoint)
        }
        EndpointProblem::Other(why) => {
            Error::usage(format!("invalid endpoint {}: {why}", quoted(endpoint)))
                .with_hint(format!("use an https URL such as {DEFAULT_ENDPOINT}"))
        }
    })
}

/// `'text'`, or escaped when it has characters that would break the line.
pub fn quoted(text: &str) -> String {
    if text.chars().any(|c| c.is_control() || c.is_whitespace()) {
        format!("{text:?}")
    } else {
        format!("'{text}'")
    }
}

/// Why an endpoint is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum EndpointProblem {
    /// It has a user name or password: said without the URL, which holds them.
    Credentials,
    Other(String),
}

/// An endpoint as the URL parser writes it (lower-case host, default port dropped), without a
/// trailing slash: the form stored and exported. It must be https, except on loopback hosts
/// where http is allowed; without credentials, query or fragment; and it must name the same
/// host to every URL reader. WHATWG parsers (this one, browsers) read a backslash as a slash,
/// RFC 3986 readers (curl, Python) do not: `http://127.0.0.1:1\@evil.example/` is loopback to
/// one and `evil.example` to the other, so kcred would check one host and a tool given the
/// exported URL would call another.
pub fn normalise_endpoint(endpoint: &str) -> std::result::Result<String, EndpointProblem> {
    let other = |why: &str| Err(EndpointProblem::Other(why.to_string()));
    // The URL parser drops tabs and newlines silently; the text kept would still hold them.
    if endpoint
        .chars()
        .any(|c| c.is_control() || c.is_whitespace())
    {
        return other("it has spaces or control characters");
    }
    if endpoint.contains('\\') {
        return other("it has a backslash, which URL readers take differently");
    }
    let url =
        reqwest::Url::parse(endpoint).map_err(|err| EndpointProblem::Other(err.to_string()))?;
    let Some((scheme, rest)) = endpoint.split_once("://") else {
        return other("it must start with https://");
    };
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    if !url.username().is_empty() || url.password().is_some() || authority.contains('@') {
        return Err(EndpointProblem::Credentials);
    }
    if !scheme.eq_ignore_ascii_case(url.scheme()) || !same_host(authority, &url) {
        return other("URL readers do not agree on its host");
    }
    if url.query().is_some() || url.fragment().is_some() {
        return other("it must not have a query or fragment");
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => return other("plain http is only allowed for loopback hosts"),
        other_scheme => return other(&format!("unsupported scheme '{other_scheme}'")),
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

/// Whether `authority` (`host[:port]` as an RFC 3986 reader cuts it out of the text) names the
/// host and port the URL parser found.
fn same_host(authority: &str, url: &reqwest::Url) -> bool {
    let (host, port) = match authority.strip_prefix('[') {
        Some(bracketed) => match bracketed.split_once(']') {
            Some((inner, rest)) => (&authority[..inner.len() + 2], rest.strip_prefix(':')),
            None => return false,
        },
        None => match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        },
    };
    let port_agrees = match port.filter(|port| !port.is_empty()) {
        Some(port) => port.parse::<u16>().ok() == url.port_or_known_default(),
        None => url.port().is_none(),
    };
    let host_agrees = url::Host::parse(&host.to_ascii_lowercase())
        .is_ok_and(|host| Some(host) == url.host().map(|h| h.to_owned()));
    port_agrees && host_agrees
}

/// An S3 region goes into `AWS_REGION` and shell lines: letters, digits and '-' only.
pub fn validate_s3_region(region: &str) -> Result<String> {
    checked_region(region, "S3 region")
}

/// A KakaoCloud region goes into host names and shell lines: as an S3 region.
pub fn validate_region(region: &str) -> Result<String> {
    checked_region(region, "region")
}

fn checked_region(region: &str, what: &str) -> Result<String> {
    let plain = |c: char| c.is_ascii_alphanumeric() || c == '-';
    if region.is_empty()
        || region.len() > 64
        || !region.chars().all(plain)
        || region.starts_with('-')
        || region.ends_with('-')
    {
        return Err(
            Error::usage(format!("invalid {what} {region:?}")).with_hint(format!(
                "use letters, digits and '-', such as {DEFAULT_REGION}"
            )),
        );
    }
    Ok(region.to_string())
}

fn is_loopback(url: &reqwest::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => IpAddr::V4(ip).is_loopback(),
        Some(url::Host::Ipv6(ip)) => IpAddr::V6(ip).is_loopback(),
        None => false,
    }
}

/// Makes kcred's own dirs and files private again where something loosened them (a restored
/// backup, a careless `chmod`): dirs 0700, files 0600. Returns what it changed, for a warning.
#[cfg(unix)]
pub fn tighten_permissions(dirs: &Dirs) -> Vec<String> {
    use std::os::unix::fs::PermissionsExt;
    let mut fixed = Vec::new();
    // Only a dir where a dir belongs, and a file where a file does: something else in its
    // place (a file where the cache dir should be) is refused later, with a hint, untouched.
    let mut check = |path: &Path, wanted: u32| {
        let is_dir_mode = wanted == 0o700;
        if let Ok(meta) = fs::symlink_metadata(path)
            && (if is_dir_mode {
                meta.is_dir()
            } else {
                meta.is_file()
            })
        {
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0
                && fs::set_permissions(path, fs::Permissions::from_mode(wanted)).is_ok()
            {
                fixed.push(format!(
                    "{} was mode {mode:o}; now {wanted:o}",
                    path.display()
                ));
            }
        }
    };
    check(&dirs.config, 0o700);
    check(&dirs.config_file(), 0o600);
    check(&dirs.cache, 0o700);
    let tokens = dirs.cache.join("tokens");
    check(&tokens, 0o700);
    // Not through a symbolic link: what it leads to is not kcred's (and is refused later).
    if fs::symlink_metadata(&tokens).is_ok_and(|meta| meta.is_dir())
        && let Ok(entries) = fs::read_dir(&tokens)
    {
        for entry in entries.flatten() {
            check(&entry.path(), 0o600);
        }
    }
    fixed
}

#[cfg(not(unix))]
pub fn tighten_permissions(_: &Dirs) -> Vec<String> {
    Vec::new()
}

/// Creates `dir` (and parents) readable by the owner only.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|err| {
        let error = Error::other(format!("cannot create {}: {err}", dir.display()));
        // The first part of the path that exists but is not a dir is the one in the way.
        match dir.ancestors().find(|part| {
            fs::symlink_metadata(part).is_ok_and(|meta| !meta.is_dir()) && !part.is_dir()
        }) {
            Some(in_the_way) => error.with_hint(format!(
                "{} is not a directory; move it away so kcred can make its directory there",
                in_the_way.display()
            )),
            None => error.with_hint(
                "kcred needs a directory of its own it can write: check the permissions, or \
                 point XDG_CACHE_HOME / XDG_CONFIG_HOME / XDG_DATA_HOME somewhere writable",
            ),
        }
    })
}

/// Refuses a dir of kcred's that is not a plain dir of its own: a symbolic link (it may lead
/// anywhere, a world-writable /tmp among others), something else in its place, a dir of
/// another user's, or one other users can write. A missing dir is fine: kcred makes it.
pub fn check_private_dir(dir: &Path) -> Result<()> {
    let Ok(meta) = fs::symlink_metadata(dir) else {
        return Ok(());
    };
    if meta.file_type().is_symlink() {
        return Err(Error::other(format!(
            "{} is a symbolic link; kcred keeps its files only in a directory of its own",
            dir.display()
        ))
        .with_hint(format!(
            "remove the link (`rm {}`); kcred makes the directory anew",
            dir.display()
        )));
    }
    if !meta.is_dir() {
        return Err(
            Error::other(format!("{} is not a directory", dir.display())).with_hint(format!(
                "move {} away so kcred can make its directory there",
                dir.display()
            )),
        );
    }
    check_owner_and_mode(dir, &meta, "700")
}

/// Refuses a file of kcred's that is not a plain file of its own, where what it says drives
/// what kcred does (a journal record): a symbolic link, something else in its place, a file
/// of another user's, or one other users can write. A missing file is fine.
pub fn check_private_file(path: &Path) -> Result<()> {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return Ok(());
    };
    if !meta.is_file() {
        let what = if meta.file_type().is_symlink() {
            "a symbolic link"
        } else {
            "not a plain file"
        };
        return Err(Error::other(format!(
            "{} is {what}; kcred did not write it",
            path.display()
        ))
        .with_hint(format!(
            "remove it (`rm {}`) unless you know what it is",
            path.display()
        )));
    }
    check_owner_and_mode(path, &meta, "600")
}

/// The user running kcred owns `path`, and no one else may write it: what another user could
/// write there, kcred would act on.
#[cfg(unix)]
fn check_owner_and_mode(path: &Path, meta: &fs::Metadata, private_mode: &str) -> Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    if meta.uid() != me {
        return Err(Error::other(format!(
            "{} belongs to another user (uid {}), not to the one running kcred (uid {me})",
            path.display(),
            meta.uid()
        ))
        .with_hint(format!(
            "if it is yours, `chown {me} {}`; if not, move it away so kcred can make its own",
            path.display()
        )));
    }
    if meta.permissions().mode() & 0o022 != 0 {
        return Err(
            Error::other(format!("{} can be written by other users", path.display())).with_hint(
                format!("make it private: `chmod {private_mode} {}`", path.display()),
            ),
        );
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_owner_and_mode(_: &Path, _: &fs::Metadata, _: &str) -> Result<()> {
    Ok(())
}

/// Writes a file atomically (a temporary file in the same dir, then a rename) with mode 0600,
/// so a reader never sees half a file and a crash never leaves one.
pub fn write_private_file(path: &Path, contents: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    create_private_dir(dir)?;
    let fail =
        |err: std::io::Error| Error::other(format!("cannot write {}: {err}", path.display()));
    // tempfile creates the file with mode 0600 on Unix.
    let mut tmp = tempfile::Builder::new()
        .prefix(".kcred-")
        .tempfile_in(dir)
        .map_err(fail)?;
    tmp.write_all(contents).map_err(fail)?;
    tmp.as_file().sync_all().map_err(fail)?;
    tmp.persist(path).map_err(|err| fail(err.error))?;
    Ok(())
}

/// Takes an exclusive lock on `path`, waiting for it at most [`LOCK_FILE_WAIT`]. The OS drops
/// the lock when the process ends, however it ends, so a crash never leaves a stale lock
/// behind; a holder that is stopped (Ctrl-Z) or stuck makes this an error naming it, not a
/// hang. For locks around writes, where going on without the lock could lose data.
pub fn lock_file(path: &Path) -> Result<File> {
    lock_file_or_fail(path, LOCK_FILE_WAIT)
}

fn lock_file_or_fail(path: &Path, wait: Duration) -> Result<File> {
    lock_file_within(path, wait, |_| {})?.ok_or_else(|| {
        let holder = match lock_holder(path) {
            Some(pid) => format!("kcred (pid {pid})"),
            None => "another kcred".to_string(),
        };
        Error::other(format!(
            "{holder} has held {} for over {} s",
            path.display(),
            wait.as_secs_f32()
        ))
        .with_hint("it may be stopped (Ctrl-Z) or stuck: let it finish (`fg`), or end it")
    })
}

/// How long a write waits for another kcred's: far longer than any write takes.
const LOCK_FILE_WAIT: Duration = Duration::from_secs(30);

/// Takes an exclusive lock on `path`, waiting at most `wait` for another process to release
/// it, and writes this process's ID into the file so that a waiter can say whom it waits for.
/// `waiting` is called once, with the holder's process ID when known, when the lock is not
/// free at once. `Ok(None)`: the wait ran out and the lock is still held by someone else.
pub fn lock_file_within(
    path: &Path,
    wait: Duration,
    waiting: impl FnOnce(Option<u32>),
) -> Result<Option<File>> {
    use std::io::{Seek, SeekFrom};
    if let Some(dir) = path.parent() {
        create_private_dir(dir)?;
    }
    let mut file = private_open_options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|err| Error::other(format!("cannot open {}: {err}", path.display())))?;
    let deadline = Instant::now() + wait;
    let mut waiting = Some(waiting);
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(fs::TryLockError::WouldBlock) => {
                if let Some(waiting) = waiting.take() {
                    waiting(lock_holder(path));
                }
                if Instant::now() >= deadline {
                    return Ok(None);
                }
                std::thread::sleep(
                    LOCK_POLL.min(deadline.saturating_duration_since(Instant::now())),
                );
            }
            Err(fs::TryLockError::Error(err)) => {
                return Err(Error::other(format!(
                    "cannot lock {}: {err}",
                    path.display()
                )));
            }
        }
    }
    // Best effort: the lock works without it, only the waiters' message would lack the pid.
    let _ = file
        .set_len(0)
        .and_then(|()| file.seek(SeekFrom::Start(0)))
        .and_then(|_| write!(file, "{}", std::process::id()))
        .and_then(|()| file.flush());
    Ok(Some(file))
}

/// How often a waiter tries a held lock again.
const LOCK_POLL: Duration = Duration::from_millis(50);

/// The process ID the holder of a lock file wrote into it, if any.
pub fn lock_holder(path: &Path) -> Option<u32> {
    fs::read_to_string(path).ok()?.trim().parse().ok()
}

/// Opens files readable by the owner only. On Windows a new file inherits the ACL of its dir
/// (the user's profile, private to that user), which stands in for the mode.
#[cfg(unix)]
fn private_open_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

#[cfg(not(unix))]
fn private_open_options() -> OpenOptions {
    OpenOptions::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn one_region_sets_every_regional_endpoint_that_is_not_set_for_itself() {
        let regional = Regional::new(Some("kr-central-9"), None, None, None);
        assert_eq!(regional.region.value, "kr-central-9");
        assert_eq!(regional.region.source, Source::Flag);
        assert_eq!(regional.s3_region.value, "kr-central-9");
        assert_eq!(
            regional.s3_endpoint.value,
            "https://objectstorage.kr-central-9.kakaocloud.com"
        );
        assert_eq!(
            regional.kms_endpoint.value,
            "https://key-management-service.kr-central-9.kakaocloud.com"
        );
        for derived in [
            &regional.s3_region,
            &regional.s3_endpoint,
            &regional.kms_endpoint,
        ] {
            assert_eq!(derived.source, Source::Region);
        }

        let overridden = Regional::new(
            Some("kr-central-9"),
            Some("us-east-1"),
            None,
            Some("https://kms.example.com"),
        );
        assert_eq!(overridden.s3_region.value, "us-east-1");
        assert_eq!(overridden.s3_region.source, Source::Flag);
        assert_eq!(overridden.kms_endpoint.value, "https://kms.example.com");
        assert_eq!(overridden.kms_endpoint.source, Source::Flag);
        assert_eq!(overridden.s3_endpoint.source, Source::Region);
    }

    #[test]
    fn with_no_region_the_defaults_are_kakaocloud_s() {
        let regional = Regional::new(None, None, None, None);
        assert_eq!(regional.region.value, DEFAULT_REGION);
        assert_eq!(regional.s3_region.value, DEFAULT_S3_REGION);
        assert_eq!(regional.s3_endpoint.value, DEFAULT_S3_ENDPOINT);
        assert_eq!(regional.kms_endpoint.value, crate::kms::DEFAULT_ENDPOINT);
        for setting in [
            &regional.region,
            &regional.s3_region,
            &regional.s3_endpoint,
            &regional.kms_endpoint,
        ] {
            assert_eq!(setting.source, Source::Default);
        }
    }

    #[test]
    fn a_region_is_kept_in_the_profile_entry_and_only_for_kakaocloud() {
        let text = "endpoint = \"https://iam.kakaocloud.com/identity/v3\"\naccess_key_id = \"k\"\nregion = \"kr-central-9\"\n";
        let profile: Profile = toml::from_str(text).unwrap();
        assert_eq!(
            profile.kakaocloud().unwrap().region.as_deref(),
            Some("kr-central-9")
        );
        assert_eq!(profile.kakaocloud_region(), "kr-central-9");
        assert_eq!(
            toml::to_string(&profile)
                .unwrap()
                .matches("region = ")
                .count(),
            1
        );

        let glesys = "provider = \"glesys\"\nendpoint = \"https://api.glesys.com\"\nproject = \"CL1\"\nregion = \"x\"\n";
        let err = toml::from_str::<Profile>(glesys).unwrap_err().to_string();
        assert!(
            err.contains("`region` does not belong in a glesys profile"),
            "{err}"
        );
    }

    #[test]
    fn a_profile_from_before_regions_keeps_its_s3_region_as_its_region() {
        let mut profile = Profile::new(
            DEFAULT_ENDPOINT.to_string(),
            ProviderSettings::Kakaocloud(KakaoCloudSettings::new(AccessKey::Id("k".into()))),
        );
        assert_eq!(profile.kakaocloud_region(), DEFAULT_REGION);
        profile.s3_region = Some("kr-central-7".into());
        assert_eq!(profile.kakaocloud_region(), "kr-central-7");
        profile.kakaocloud_mut().unwrap().region = Some("kr-central-9".into());
        assert_eq!(profile.kakaocloud_region(), "kr-central-9");
        assert_eq!(
            profile.s3_region(),
            "kr-central-7",
            "set for itself, it stays"
        );
    }

    #[test]
    fn a_region_is_letters_digits_and_inner_dashes() {
        assert_eq!(validate_region("kr-central-2").unwrap(), "kr-central-2");
        for bad in [
            "",
            "-kr",
            "kr-",
            "kr central",
            "kr.central",
            "kr/x",
            "\u{1b}[31m",
            &"a".repeat(65),
        ] {
            let err = validate_region(bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Usage, "{bad:?}");
            assert!(
                err.message().starts_with("invalid region "),
                "{}",
                err.message()
            );
        }
    }

    #[test]
    fn endpoints_must_be_https_except_on_loopback() {
        assert!(validate_endpoint("https://iam.kakaocloud.com/identity/v3").is_ok());
        assert!(validate_endpoint("http://127.0.0.1:5000/v3").is_ok());
        assert!(validate_endpoint("http://127.8.9.1/v3").is_ok());
        assert!(validate_endpoint("http://localhost:5000/v3").is_ok());
        assert!(validate_endpoint("http://[::1]:5000/v3").is_ok());
        for bad in [
            "http://iam.kakaocloud.com/identity/v3",
            "http://10.0.0.1/v3",
            "ftp://127.0.0.1/v3",
            "iam.kakaocloud.com",
            "https://iam.kakaocloud.com/v3?x=1",
            "https://iam.kakao\ncloud.com/v3",
            "https://iam.kakaocloud.com/v3\n",
            "https://iam.kakaocloud.com/v3\t",
        ] {
            let err = validate_endpoint(bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Usage, "{bad}");
        }
    }

    #[test]
    fn an_endpoint_two_url_readers_take_differently_is_refused() {
        for bad in [
            "http://127.0.0.1:1\\@evil.example:2/v3",
            "http://127.0.0.1\\evil.example/v3",
            "https://iam.kakaocloud.com/identity\\v3",
            "http://127.0.0.1:1@evil.example/v3",
            "http:127.0.0.1/v3",
            "http:/127.0.0.1/v3",
            "http://[::ffff:127.0.0.1]/v3",
        ] {
            assert!(normalise_endpoint(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_endpoint_is_kept_in_its_normalised_form() {
        for (given, kept) in [
            (
                "HTTPS://IAM.KakaoCloud.com:443/identity/v3/",
                "https://iam.kakaocloud.com/identity/v3",
            ),
            ("http://LOCALHOST:5000", "http://localhost:5000"),
            ("http://127.1:5000/v3", "http://127.0.0.1:5000/v3"),
            ("http://[0:0::1]:5000/a/../v3", "http://[::1]:5000/v3"),
        ] {
            assert_eq!(normalise_endpoint(given).unwrap(), kept, "{given}");
        }
    }

    #[test]
    fn endpoint_credentials_are_refused_without_echoing_them() {
        let err = validate_endpoint("https://user:hunter2@iam.kakaocloud.com/v3").unwrap_err();
        assert!(!err.message().contains("hunter2"));
        assert!(!err.hint().unwrap_or("").contains("hunter2"));
    }

    #[test]
    fn a_write_lock_held_too_long_is_an_error_naming_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.lock");
        let held = lock_file(&path).unwrap();
        let err = lock_file_or_fail(&path, Duration::from_millis(100)).unwrap_err();
        assert!(
            err.message()
                .contains(&format!("kcred (pid {})", std::process::id())),
            "{}",
            err.message()
        );
        assert!(err.hint().is_some());
        drop(held);
        assert!(lock_file_or_fail(&path, Duration::from_millis(100)).is_ok());
    }

    #[test]
    fn trailing_slash_is_dropped() {
        assert_eq!(
            validate_endpoint("https://iam.kakaocloud.com/identity/v3/").unwrap(),
            "https://iam.kakaocloud.com/identity/v3"
        );
    }

    #[test]
    fn profile_names_stay_plain() {
        for good in ["prod", "dev-1", "ci_pipeline", "a.b", "X"] {
            assert!(validate_profile_name(good).is_ok(), "{good}");
        }
        let long = "a".repeat(65);
        for bad in [
            "", "../x", "a/b", "a\\b", ".hidden", "a..b", "sp ace", &long,
        ] {
            assert!(validate_profile_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_broken_config_names_its_line() {
        let err =
            Config::parse("default_profile = \"a\"\n[profiles.a\nendpoint = 1\n").unwrap_err();
        assert!(err.message().starts_with("line 2:"), "{}", err.message());
    }

    #[test]
    fn config_round_trips() {
        let mut config = Config {
            default_profile: Some("prod".into()),
            ..Config::default()
        };
        config.profiles.insert(
            "prod".into(),
            Profile::new(
                DEFAULT_ENDPOINT.into(),
                ProviderSettings::Kakaocloud(KakaoCloudSettings {
                    user_id: Some("u".into()),
                    ..KakaoCloudSettings::new(AccessKey::Id("abc".into()))
                }),
            ),
        );
        config.profiles.insert(
            "naver".into(),
            Profile::new(
                "https://sts.example/".into(),
                ProviderSettings::Ncp(NcpSettings {
                    access_key: "AK".into(),
                }),
            ),
        );
        let text = toml::to_string_pretty(&config).unwrap();
        assert_eq!(Config::parse(&text).unwrap(), config);
        assert_eq!(Config::parse(&config.to_toml().unwrap()).unwrap(), config);
    }

    #[test]
    fn a_bad_profile_entry_is_kept_aside_and_written_back_as_it_was() {
        let text = "default_profile = \"q\"\n\n[profiles.good]\nendpoint = \"https://iam.kakaocloud.com/identity/v3\"\naccess_key_id = \"a\"\n\n[profiles.q]\nendpoint = \"http://example.com/v3\"\naccess_key_id = \"b\"\n\n[profiles.r]\nendpoint = \"https://x.example/v3\"\ncolour = \"red\"\n";
        let config = Config::parse(text).unwrap();
        assert!(config.profiles.contains_key("good"));
        assert_eq!(config.broken.keys().collect::<Vec<_>>(), vec!["q", "r"]);
        let err = config.select(None).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Usage);
        assert!(err.message().contains("plain http"), "{}", err.message());
        assert_eq!(
            err.advice(),
            Some(&Advice::FixOrRemoveProfile {
                profile: "q".into()
            })
        );
        let again = Config::parse(&config.to_toml().unwrap()).unwrap();
        assert_eq!(again, config);
    }

    #[test]
    fn method_two_needs_the_user_id() {
        let text = "[profiles.p]\nendpoint = \"https://iam.kakaocloud.com/identity/v3\"\naccess_key_name = \"ci\"\n";
        let config = Config::parse(text).unwrap();
        assert!(config.broken["p"].problem.contains("user ID"));
    }

    /// Each provider's entry holds its own fields only: a field of another provider is a
    /// broken entry, not silently ignored.
    #[test]
    fn an_entry_holds_its_own_providers_fields() {
        let text = "[profiles.n]\nprovider = \"ncp\"\nendpoint = \"https://sts.example\"\naccess_key = \"AK\"\nproject_id = \"p\"\n\n[profiles.g]\nprovider = \"glesys\"\nendpoint = \"https://api.example\"\n";
        let config = Config::parse(text).unwrap();
        assert!(
            config.broken["n"]
                .problem
                .contains("`project_id` does not belong in a ncp profile")
        );
        assert!(config.broken["g"].problem.contains("no project"));
    }

    /// kcred 0.1's files read the same: a KakaoCloud entry has no `provider` field.
    #[test]
    fn a_kakaocloud_entry_needs_no_provider_field_and_keeps_its_shape() {
        let text = "[profiles.p]\nendpoint = \"https://iam.kakaocloud.com/identity/v3\"\naccess_key_id = \"k\"\nuser_id = \"u\"\nproject_id = \"pr\"\n";
        let config = Config::parse(text).unwrap();
        let profile = &config.profiles["p"];
        assert_eq!(profile.provider(), ProviderKind::Kakaocloud);
        assert_eq!(profile.access_key().unwrap(), AccessKey::Id("k".into()));
        let written: toml::Value = toml::from_str(&config.to_toml().unwrap()).unwrap();
        assert_eq!(written, toml::from_str::<toml::Value>(text).unwrap());
    }
}

#[cfg(test)]
mod fuzz {
    use super::*;
    use proptest::prelude::*;

    const VALID: &str = "default_profile = \"dev\"\n\n[profiles.dev]\nendpoint = \"https://iam.kakaocloud.com/identity/v3\"\naccess_key_id = \"abc\"\nuser_id = \"u\"\ns3_access_keys = [\"k\"]\n";

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn any_text_parses_or_is_an_error_never_a_panic(text in "\\PC*") {
            let _ = Config::parse(&text);
        }

        #[test]
        fn a_damaged_valid_config_never_panics(
            cut in 0..VALID.len(),
            insert in "[\\[\\]=\"'\\n#\\\\a-z0-9 .é]{0,8}",
        ) {
            let mut text = VALID[..cut].to_string();
            text.push_str(&insert);
            text.push_str(&VALID[cut..]);
            if let Err(err) = Config::parse(&text) {
                prop_assert!(!err.message().contains('\n'), "one line: {}", err.message());
            }
        }
    }
}

#[cfg(test)]
mod decision_tests {
    use super::*;
    use crate::error::ErrorKind;

    fn dirs(root: &Path) -> Dirs {
        Dirs {
            config: root.join("config"),
            cache: root.join("cache"),
            data: root.join("data"),
            state: root.join("state"),
        }
    }

    fn kakaocloud(key: &str) -> Profile {
        Profile::new(
            DEFAULT_ENDPOINT.into(),
            ProviderSettings::Kakaocloud(KakaoCloudSettings::new(AccessKey::Id(key.into()))),
        )
    }

    #[test]
    fn a_store_is_one_of_three_names_exactly() {
        assert_eq!(StoreKind::parse("keyring").unwrap(), StoreKind::Keyring);
        assert_eq!(StoreKind::parse("file").unwrap(), StoreKind::File);
        assert_eq!(StoreKind::parse("vault").unwrap(), StoreKind::Vault);
        for bad in ["", "Keyring", "keyring ", "kernel"] {
            let err = StoreKind::parse(bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Usage, "{bad:?}");
            assert!(err.hint().unwrap().contains("KCRED_STORE=file"));
        }
    }

    #[test]
    fn a_key_by_id_and_a_key_by_name_never_share_a_fingerprint() {
        let by_id = AccessKey::Id("ci".into());
        let by_name = AccessKey::Name {
            name: "ci".into(),
            user_id: "u1".into(),
        };
        let other_user = AccessKey::Name {
            name: "ci".into(),
            user_id: "u2".into(),
        };
        assert_ne!(by_id.fingerprint(), by_name.fingerprint());
        assert_ne!(by_name.fingerprint(), other_user.fingerprint());
        assert_eq!(
            (by_id.method(), by_name.method()),
            ("access-key-id", "access-key-name")
        );
    }

    #[test]
    fn with_nothing_named_the_error_says_what_to_do_next() {
        let empty = Config::default();
        let err = empty.select(None).unwrap_err();
        assert_eq!(err.message(), "no profile is set up");
        assert_eq!(
            err.advice(),
            Some(&Advice::AddFirstProfile {
                or_environment: true
            })
        );

        let mut config = Config::default();
        config.profiles.insert("a".into(), kakaocloud("k"));
        let err = config.select(None).unwrap_err();
        assert_eq!(err.message(), "no default profile is set");
        assert_eq!(err.advice(), Some(&Advice::ChooseDefaultProfile));

        config.default_profile = Some("a".into());
        assert_eq!(config.select(None).unwrap().0, "a");
        config.profiles.insert("b".into(), kakaocloud("k2"));
        assert_eq!(
            config.select(Some("b")).unwrap().0,
            "b",
            "named beats default"
        );
    }

    #[test]
    fn an_unknown_profile_names_the_known_ones() {
        let mut config = Config::default();
        config.profiles.insert("prod".into(), kakaocloud("k"));
        config.profiles.insert("dev".into(), kakaocloud("k2"));
        let err = config.select(Some("stage")).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Usage);
        assert_eq!(err.message(), "no profile named 'stage'");
        assert_eq!(err.hint(), Some("known profiles: dev, prod"));

        let err = unknown_profile(&Config::default(), "x");
        assert_eq!(
            err.advice(),
            Some(&Advice::AddFirstProfile {
                or_environment: false
            })
        );

        let shared = Config {
            shared: true,
            ..Config::default()
        };
        let err = shared.select(Some("x")).unwrap_err();
        assert_eq!(err.message(), "Vault holds no shared profile named 'x'");
        let err = shared.select(None).unwrap_err();
        assert_eq!(err.message(), "no profile is named");
    }

    #[test]
    fn a_default_profile_that_is_broken_says_how_to_remove_it() {
        let text = "default_profile = \"b\"\n[profiles.b]\nendpoint = \"https://x.example/v3\"\n";
        let config = Config::parse(text).unwrap();
        let err = config.select(None).unwrap_err();
        assert!(
            err.message()
                .starts_with("invalid profile entry: profile 'b': ")
        );
        assert_eq!(
            err.advice(),
            Some(&Advice::FixOrRemoveProfile {
                profile: "b".into()
            })
        );
    }

    #[test]
    fn a_shared_profile_in_config_toml_is_refused() {
        let text = "[profiles.s]\nendpoint = \"https://x.example/v3\"\naccess_key_id = \"k\"\nstore = \"vault\"\n";
        let config = Config::parse(text).unwrap();
        assert!(config.profiles.is_empty());
        assert!(
            config.broken["s"].problem.contains("KCRED_STORE=vault"),
            "{}",
            config.broken["s"].problem
        );
        assert_eq!(config.broken["s"].store(), StoreKind::Vault);
    }

    #[test]
    fn a_broken_entry_tells_its_store_when_it_can() {
        let text = "[profiles.f]\nendpoint = 1\nstore = \"file\"\n[profiles.g]\nendpoint = 1\nstore = \"tape\"\n[profiles.h]\nendpoint = 1\nstore = 7\n";
        let config = Config::parse(text).unwrap();
        assert_eq!(config.broken["f"].store(), StoreKind::File);
        assert_eq!(config.broken["g"].store(), StoreKind::Keyring);
        assert_eq!(config.broken["h"].store(), StoreKind::Keyring);
    }

    #[test]
    fn a_bad_name_region_or_endpoint_in_an_entry_breaks_only_that_entry() {
        let text = "\
[profiles.\"bad name\"]
endpoint = \"https://x.example/v3\"
access_key_id = \"k\"

[profiles.region]
endpoint = \"https://x.example/v3\"
access_key_id = \"k\"
s3_region = \"kr central\"

[profiles.kms]
endpoint = \"https://x.example/v3\"
access_key_id = \"k\"
kms_endpoint = \"http://kms.example\"

[profiles.ok]
endpoint = \"https://x.example/v3\"
access_key_id = \"k\"
";
        let config = Config::parse(text).unwrap();
        assert_eq!(config.profiles.keys().collect::<Vec<_>>(), ["ok"]);
        assert!(
            config.broken["bad name"]
                .problem
                .contains("not a valid profile name")
        );
        assert!(
            config.broken["region"]
                .problem
                .contains("invalid S3 region")
        );
        assert!(config.broken["kms"].problem.contains("plain http"));
    }

    #[test]
    fn a_file_of_another_shape_is_an_error_not_an_empty_config() {
        for text in [
            "colour = \"red\"\n",
            "profiles = 3\n",
            "default_profile = 1\n",
            "[profiles]\nx = 1\ny = [1",
        ] {
            let err = Config::parse(text).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Usage, "{text:?}");
            assert!(err.hint().unwrap().contains("fix the file by hand"));
        }
        // A profile that is not a table is one broken entry.
        let config = Config::parse("[profiles]\nx = 1\n").unwrap();
        assert!(config.broken.contains_key("x"));
    }

    #[test]
    fn a_key_by_name_keeps_its_user_and_a_key_by_id_its_optional_user() {
        let text = "[profiles.n]\nendpoint = \"https://x.example/v3\"\naccess_key_name = \"ci\"\nuser_id = \"u1\"\n\n[profiles.i]\nendpoint = \"https://x.example/v3\"\naccess_key_id = \"k\"\naccess_key_name = \"ignored\"\n";
        let config = Config::parse(text).unwrap();
        let named = config.profiles["n"].kakaocloud().unwrap();
        assert_eq!(
            named.key,
            AccessKey::Name {
                name: "ci".into(),
                user_id: "u1".into()
            }
        );
        assert_eq!(named.user_id, None, "the user is the key's, not repeated");
        let by_id = config.profiles["i"].kakaocloud().unwrap();
        assert_eq!(
            by_id.key,
            AccessKey::Id("k".into()),
            "an ID wins over a name"
        );
        assert_eq!(
            Config::parse(&config.to_toml().unwrap()).unwrap().profiles["n"],
            config.profiles["n"]
        );
    }

    #[test]
    fn another_providers_profile_has_no_iam_key() {
        let text = "[profiles.g]\nprovider = \"glesys\"\nendpoint = \"https://api.glesys.com\"\nproject = \"CL1\"\n";
        let config = Config::parse(text).unwrap();
        let err = config.profiles["g"].access_key().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Usage);
        assert_eq!(err.message(), "a glesys profile has no IAM access key");
        let regional = config.profiles["g"].regional();
        assert_eq!(regional.kms_endpoint.source, Source::Default);
    }

    #[test]
    fn a_valid_profile_replaces_a_broken_entry_of_its_name_when_written() {
        let mut config = Config::parse("[profiles.p]\nendpoint = 1\n").unwrap();
        assert!(config.broken.contains_key("p"));
        config.profiles.insert("p".into(), kakaocloud("k"));
        let again = Config::parse(&config.to_toml().unwrap()).unwrap();
        assert!(again.broken.is_empty());
        assert_eq!(again.profiles["p"], kakaocloud("k"));
    }

    #[test]
    fn a_missing_config_file_is_an_empty_config_and_a_broken_entry_names_the_file() {
        let root = tempfile::tempdir().unwrap();
        let dirs = dirs(root.path());
        assert_eq!(Config::load(&dirs).unwrap(), Config::default());
        create_private_dir(&dirs.config).unwrap();
        std::fs::write(dirs.config_file(), "[profiles.p]\nendpoint = 1\n").unwrap();
        let config = Config::load(&dirs).unwrap();
        let file = dirs.config_file().display().to_string();
        assert!(
            config.broken["p"]
                .problem
                .starts_with(&format!("{file}: profile 'p': "))
        );
        std::fs::write(dirs.config_file(), "[profiles\n").unwrap();
        let err = Config::load(&dirs).unwrap_err();
        assert!(err.message().contains(&file), "{}", err.message());
    }

    #[test]
    fn an_update_keeps_what_it_did_not_change_and_writes_a_private_file() {
        let root = tempfile::tempdir().unwrap();
        let dirs = dirs(root.path());
        Config::update(&dirs, |config| {
            config.profiles.insert("a".into(), kakaocloud("k1"));
            Ok(())
        })
        .unwrap();
        let count = Config::update(&dirs, |config| {
            config.profiles.insert("b".into(), kakaocloud("k2"));
            config.default_profile = Some("b".into());
            Ok(config.profiles.len())
        })
        .unwrap();
        assert_eq!(count, 2);
        let config = Config::load(&dirs).unwrap();
        assert_eq!(config.profiles.keys().collect::<Vec<_>>(), ["a", "b"]);
        // A change that fails writes nothing.
        let failed: Result<()> = Config::update(&dirs, |config| {
            config.profiles.clear();
            Err(Error::usage("no"))
        });
        assert!(failed.is_err());
        assert_eq!(Config::load(&dirs).unwrap().profiles.len(), 2);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&dirs.config_file()), 0o600);
            assert_eq!(mode(&dirs.config), 0o700);
        }
    }

    #[test]
    fn a_quoted_value_with_spaces_or_controls_is_escaped() {
        assert_eq!(quoted("plain"), "'plain'");
        assert_eq!(quoted("a b"), "\"a b\"");
        assert_eq!(quoted("x\u{1b}[31m"), "\"x\\u{1b}[31m\"");
        let err = validate_endpoint("https://a b.example").unwrap_err();
        assert!(
            err.message().contains("\"https://a b.example\""),
            "{}",
            err.message()
        );
    }

    #[test]
    fn a_port_or_host_two_readers_take_differently_is_refused() {
        for bad in [
            "https://iam.example:443:80/v3",
            "https://iam.example:99999/v3",
            "https://[::1/v3",
            "https://iam.example#frag",
            "gopher://iam.example/v3",
        ] {
            assert!(normalise_endpoint(bad).is_err(), "{bad}");
        }
        assert_eq!(
            normalise_endpoint("https://iam.example:8443/v3").unwrap(),
            "https://iam.example:8443/v3"
        );
        assert_eq!(
            normalise_endpoint("https://iam.example:/v3").unwrap(),
            "https://iam.example/v3",
            "an empty port is the default one to both readers"
        );
        assert_eq!(
            normalise_endpoint("https://user@iam.example/v3"),
            Err(EndpointProblem::Credentials)
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_dir_of_kcred_that_is_a_link_a_file_or_open_to_others_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        let missing = root.path().join("missing");
        assert!(check_private_dir(&missing).is_ok(), "made later");

        let real = root.path().join("real");
        create_private_dir(&real).unwrap();
        assert!(check_private_dir(&real).is_ok());
        let link = root.path().join("link");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let err = check_private_dir(&link).unwrap_err();
        assert!(err.message().contains("is a symbolic link"));
        assert!(err.hint().unwrap().starts_with("remove the link"));

        let file = root.path().join("file");
        std::fs::write(&file, "x").unwrap();
        assert!(
            check_private_dir(&file)
                .unwrap_err()
                .message()
                .ends_with("is not a directory")
        );

        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o770)).unwrap();
        let err = check_private_dir(&real).unwrap_err();
        assert!(err.hint().unwrap().contains("chmod 700"));
        std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o750)).unwrap();
        assert!(
            check_private_dir(&real).is_ok(),
            "others may read, not write"
        );

        let record = root.path().join("record.json");
        std::os::unix::fs::symlink(&file, &record).unwrap();
        assert!(
            check_private_file(&record)
                .unwrap_err()
                .message()
                .contains("a symbolic link")
        );
        assert!(check_private_file(&root.path().join("none.json")).is_ok());
        assert!(
            check_private_file(&real)
                .unwrap_err()
                .message()
                .contains("not a plain file")
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_file_in_the_way_of_a_dir_is_named_in_the_hint() {
        let root = tempfile::tempdir().unwrap();
        let in_the_way = root.path().join("cache");
        std::fs::write(&in_the_way, "x").unwrap();
        let err = create_private_dir(&in_the_way.join("kcred/tokens")).unwrap_err();
        assert_eq!(
            err.hint().unwrap(),
            format!(
                "{} is not a directory; move it away so kcred can make its directory there",
                in_the_way.display()
            )
        );
    }

    #[cfg(unix)]
    #[test]
    fn loosened_modes_are_tightened_and_reported_but_links_are_not_followed() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        let dirs = dirs(root.path());
        let tokens = dirs.cache.join("tokens");
        create_private_dir(&tokens).unwrap();
        create_private_dir(&dirs.config).unwrap();
        write_private_file(&tokens.join("p.json"), b"{}").unwrap();
        write_private_file(&dirs.config_file(), b"").unwrap();
        let set = |path: &Path, mode: u32| {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap()
        };
        set(&dirs.config, 0o755);
        set(&tokens.join("p.json"), 0o644);
        let outside = root.path().join("outside");
        std::fs::write(&outside, "x").unwrap();
        set(&outside, 0o644);
        std::os::unix::fs::symlink(&outside, tokens.join("q.json")).unwrap();

        let fixed = tighten_permissions(&dirs);
        assert_eq!(fixed.len(), 2, "{fixed:?}");
        assert!(fixed[0].ends_with("was mode 755; now 700"), "{fixed:?}");
        assert!(fixed[1].ends_with("was mode 644; now 600"), "{fixed:?}");
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&outside), 0o644, "what a link leads to is not kcred's");
        assert!(tighten_permissions(&dirs).is_empty(), "nothing left to fix");
    }

    #[test]
    fn a_private_file_is_replaced_whole() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("sub/file");
        write_private_file(&path, b"first, longer").unwrap();
        write_private_file(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let leftovers: Vec<_> = std::fs::read_dir(root.path().join("sub"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(leftovers, ["file"], "no temporary file is left");
    }

    #[test]
    fn a_lock_holder_is_read_only_from_a_plain_number() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("x.lock");
        assert_eq!(lock_holder(&path), None);
        for (text, holder) in [
            ("123\n", Some(123)),
            ("", None),
            ("12ab", None),
            ("-1", None),
        ] {
            std::fs::write(&path, text).unwrap();
            assert_eq!(lock_holder(&path), holder, "{text:?}");
        }
    }

    #[test]
    fn a_lock_waiter_hears_the_holder_once_and_gets_the_lock_when_it_is_free() {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join("x.lock");
        let held = lock_file_within(&path, Duration::ZERO, |_| panic!("free"))
            .unwrap()
            .unwrap();
        let heard = std::cell::RefCell::new(Vec::new());
        let none = lock_file_within(&path, Duration::from_millis(120), |holder| {
            heard.borrow_mut().push(holder)
        })
        .unwrap();
        assert!(none.is_none());
        assert_eq!(*heard.borrow(), [Some(std::process::id())]);
        drop(held);
        assert!(
            lock_file_within(&path, Duration::ZERO, |_| panic!("free"))
                .unwrap()
                .is_some()
        );
    }
}
