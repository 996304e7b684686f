//! `kcred kms-key`: KMS user keys of the token's project — list, show, create, delete, manual
//! rotation and its period, versions and their lifecycle, access control, the public key of
//! asymmetric keys; and the read-only service keys.

mod access_control;
mod service_keys;
mod version;

use super::{Context, Session};
use crate::cli::{KmsKeyCommand, KmsKeyCreateArgs, OutputFormat};
use crate::config::validate_endpoint;
use crate::credentials::Credential;
use crate::error::{Error, Result};
use crate::kms::{
    self, Algorithm, DEFAULT_ALGORITHM, DEFAULT_PURPOSE, Key, KeyVersion, KmsClient, NewKey,
};
use crate::ui::output::{self, or_dash};
use secrecy::SecretString;
use serde::Serialize;

pub fn run(ctx: &Context, command: KmsKeyCommand) -> Result<()> {
    match command {
        KmsKeyCommand::List => list(ctx),
        KmsKeyCommand::Show { key } => show(ctx, &key),
        KmsKeyCommand::Create(args) => create(ctx, args),
        KmsKeyCommand::Delete { key, yes } => delete(ctx, &key, yes),
        KmsKeyCommand::Rotate { key } => rotate(ctx, &key),
        KmsKeyCommand::Versions { key } => versions(ctx, &key),
        KmsKeyCommand::PublicKey { key } => public_key(ctx, &key),
        KmsKeyCommand::Version(command) => version::run(ctx, command),
        KmsKeyCommand::SetRotation { key, days } => set_rotation(ctx, &key, days),
        KmsKeyCommand::AccessControl(args) => access_control::run(ctx, args),
        KmsKeyCommand::ServiceKeys => service_keys::run(ctx),
    }
}

/// The KMS endpoint. A profile's token goes to the profile's `kms_endpoint` only (else its
/// region's); `KAKAOCLOUD_KMS_ENDPOINT` and `KAKAOCLOUD_REGION` are for credentials from the
/// environment, as the identity endpoint's variables are.
pub fn endpoint(ctx: &Context, credential: &Credential) -> Result<String> {
    let Some(name) = &credential.profile else {
        return Ok(
            crate::credentials::environment_regional(ctx.settings.environment.lookup())?
                .kms_endpoint
                .value,
        );
    };
    let config = ctx.stores.config()?;
    let Some(profile) = config.profiles.get(name) else {
        return Ok(kms::DEFAULT_ENDPOINT.to_string());
    };
    validate_endpoint(&profile.regional().kms_endpoint.value)
        .map_err(|err| err.context("kms_endpoint"))
}

/// A session and a KMS client: each request gets the session's token, renewed once on a 401.
struct Kms<'a> {
    session: Session<'a>,
    client: KmsClient,
}

impl<'a> Kms<'a> {
    fn open(ctx: &'a Context) -> Result<Kms<'a>> {
        // A bad endpoint is found before a token is issued for nothing.
        let endpoint = endpoint(ctx, &ctx.credential()?)?;
        let session = ctx.session()?;
        let client = KmsClient::new(&endpoint, ctx.http()?)?;
        Ok(Kms { session, client })
    }

    fn call<T>(&self, request: impl Fn(&KmsClient, &SecretString) -> Result<T>) -> Result<T> {
        self.session
            .call(|_, token| request(&self.client, token))
            .map_err(|err| {
                if err.kind() == crate::ErrorKind::Rejected {
                    err.or_hint("KakaoCloud KMS did not take the token")
                } else {
                    err
                }
            })
    }

    /// The key named by `wanted`: by ID, else by name (`GET /keys/name/…`).
    fn find(&self, wanted: &str) -> Result<Key> {
        check_key_argument(wanted)?;
        let missing = |status: Option<u16>| matches!(status, Some(400 | 404));
        match self.call(|client, token| client.get_key(token, wanted)) {
            Ok(key) => Ok(Key {
                id: key.id.clone().or_else(|| Some(wanted.to_string())),
                ..key
            }),
            Err(err) if missing(err.http_status()) => {
                let found = match self.call(|client, token| client.get_key_by_name(token, wanted)) {
                    Ok(found) => found,
                    Err(err) if missing(err.http_status()) => return Err(not_found(wanted)),
                    Err(err) => return Err(err),
                };
                let id = found.id.clone().ok_or_else(|| {
                    Error::network(format!(
                        "KakaoCloud KMS found a key named '{wanted}' but gave no ID for it"
                    ))
                })?;
                let key = self.call(|client, token| client.get_key(token, &id))?;
                Ok(Key {
                    id: Some(id.clone()),
                    ..key
                })
            }
            Err(err) => Err(err),
        }
    }
}

/// Key IDs and names become URL path segments: refuse what cannot be one.
fn check_key_argument(key: &str) -> Result<()> {
    if key.trim().is_empty() || matches!(key, "." | "..") || key.chars().any(char::is_control) {
        return Err(Error::usage(format!("'{key}' is not a KMS key ID or name"))
            .with_hint("`kcred kms-key list` shows the keys and their IDs"));
    }
    Ok(())
}

fn not_found(wanted: &str) -> Error {
    Error::other(format!("no KMS key with the ID or name '{wanted}'"))
        .with_hint("`kcred kms-key list` shows the keys of the current project")
        .with_http_status(404)
}

/// `'name' (id)`, for messages; what the server named it cannot reach the terminal as
/// control characters.
fn label(key: &Key) -> String {
    let label = match (&key.name, &key.id) {
        (Some(name), Some(id)) => format!("'{name}' ({id})"),
        (None, Some(id)) => id.clone(),
        (Some(name), None) => format!("'{name}'"),
        (None, None) => "?".to_string(),
    };
    printable(&label)
}

/// `text` as the terminal may show it (the output module's one sanitiser).
fn printable(text: &str) -> String {
    output::for_terminal(text).into_owned()
}

/// The key's ID as a word for a command line the user can paste.
fn shell_word(id: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':');
    if !id.is_empty() && id.chars().all(plain) {
        id.to_string()
    } else {
        output::sh_quote(&printable(id))
    }
}

/// A server time as kcred shows times: RFC 3339 in UTC, to the second; as given when it is
/// not a time kcred can read.
fn utc(time: Option<&str>) -> Option<String> {
    let time = time?;
    Some(match time.parse::<jiff::Timestamp>() {
        Ok(at) => utc_text(at),
        Err(_) => time.to_string(),
    })
}

fn utc_text(at: jiff::Timestamp) -> String {
    at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A key as kcred prints it; these names are stable.
#[derive(Serialize)]
struct KeyView {
    id: Option<String>,
    name: Option<String>,
    description: Option<String>,
    #[serde(rename = "type")]
    key_type: Option<String>,
    usage: Option<String>,
    algorithm: Option<String>,
    status: Option<String>,
    rotation_enabled: Option<bool>,
    rotation_period_days: Option<i64>,
    current_version: Option<i64>,
    version_count: Option<i64>,
    last_rotation_at: Option<String>,
    next_rotation_at: Option<String>,
    created_at: Option<String>,
    created_by: Option<String>,
    access_control_enabled: Option<bool>,
}

impl From<Key> for KeyView {
    fn from(key: Key) -> Self {
        KeyView {
            id: key.id,
            name: key.name,
            description: key.description,
            key_type: key.key_type,
            usage: key.purpose,
            algorithm: key.algorithm,
            status: key.status,
            rotation_enabled: key.is_rotation_enabled,
            rotation_period_days: key.rotation_period,
            current_version: key.default_version,
            version_count: key.version_count,
            last_rotation_at: key.last_rotation_at,
            next_rotation_at: key.next_rotation_at,
            created_at: key.created_at,
            created_by: key.created_by,
            access_control_enabled: key.is_access_control_enabled,
        }
    }
}

impl KeyView {
    fn rotation(&self) -> String {
        match (self.rotation_period_days, self.rotation_enabled) {
            (_, Some(false)) => "off".to_string(),
            (Some(1), _) => "every day".to_string(),
            (Some(days), _) => format!("every {days} days"),
            (None, _) => "-".to_string(),
        }
    }

    fn version(&self) -> String {
        self.current_version
            .map_or_else(|| "-".to_string(), |v| v.to_string())
    }
}

fn print_key(ctx: &Context, view: &KeyView) -> Result<()> {
    ctx.ui.show(view, || {
        let yes_no = |flag: Option<bool>| match flag {
            Some(true) => "yes".to_string(),
            Some(false) => "no".to_string(),
            None => "-".to_string(),
        };
        output::print_fields(vec![
            ("name", or_dash(view.name.as_deref())),
            ("id", or_dash(view.id.as_deref())),
            ("description", or_dash(view.description.as_deref())),
            ("type", or_dash(view.key_type.as_deref())),
            ("usage", or_dash(view.usage.as_deref())),
            ("algorithm", or_dash(view.algorithm.as_deref())),
            ("status", or_dash(view.status.as_deref())),
            ("rotation", view.rotation()),
            ("current version", view.version()),
            (
                "versions",
                view.version_count
                    .map_or_else(|| "-".to_string(), |n| n.to_string()),
            ),
            ("last rotation", or_dash(view.last_rotation_at.as_deref())),
            ("next rotation", or_dash(view.next_rotation_at.as_deref())),
            ("created at", or_dash(view.created_at.as_deref())),
            ("created by", or_dash(view.created_by.as_deref())),
            ("access control", yes_no(view.access_control_enabled)),
        ])
    })
}

fn list(ctx: &Context) -> Result<()> {
    let kms = Kms::open(ctx)?;
    let views: Vec<KeyView> = kms
        .call(|client, token| client.list_keys(token))?
        .into_iter()
        .map(KeyView::from)
        .collect();
    ctx.ui.show(&views, || {
        output::print_table(
            &[
                "NAME",
                "ID",
                "TYPE",
                "USAGE",
                "ALGORITHM",
                "STATUS",
                "ROTATION",
                "VERSION",
            ],
            views
                .iter()
                .map(|v| {
                    vec![
                        or_dash(v.name.as_deref()),
                        or_dash(v.id.as_deref()),
                        or_dash(v.key_type.as_deref()),
                        or_dash(v.usage.as_deref()),
                        or_dash(v.algorithm.as_deref()),
                        or_dash(v.status.as_deref()),
                        v.rotation(),
                        v.version(),
                    ]
                })
                .collect(),
        )
    })
}

fn show(ctx: &Context, wanted: &str) -> Result<()> {
    let kms = Kms::open(ctx)?;
    let key = kms.find(wanted)?;
    print_key(ctx, &KeyView::from(key))
}

fn create(ctx: &Context, args: KmsKeyCreateArgs) -> Result<()> {
    let name = args.name.trim().to_string();
    if name.is_empty() || name.chars().any(char::is_control) {
        return Err(
            Error::usage("the key name is empty or has control characters")
                .with_hint("give a plain name with --name"),
        );
    }
    let targets = access_control::check_targets(&args.targets)?;
    let kms = Kms::open(ctx)?;
    let offered = kms.call(|client, token| client.algorithms(token))?;
    let chosen = choose_algorithm(&offered, args.algorithm.as_deref(), args.usage.as_deref())?;
    let request = NewKey {
        name,
        description: args.description,
        key_type: chosen.key_type,
        purpose: chosen.purpose,
        algorithm: chosen.algorithm,
        rotation_period: args.rotation_days,
        is_pending_activation: args.pre_activation.then_some(true),
        is_access_control_enabled: args.access_control,
        access_target_ids: (!targets.is_empty()).then_some(targets),
    };
    let created = kms.call(|client, token| client.create_key(token, &request))?;
    if ctx.ui.output() == OutputFormat::Table {
        ctx.ui
            .note(&format!("Created KMS key {}.", label(&created)));
    }
    print_key(ctx, &KeyView::from(created))
}

/// What `create` sends: an algorithm, its purpose and its key type, all as the service
/// lists them.
#[derive(Debug, PartialEq, Eq)]
struct Chosen {
    algorithm: String,
    purpose: String,
    key_type: String,
}

/// Picks the algorithm and usage from what `GET /algorithms` offers. Neither given: the SDK's
/// example pairing. One given: the only match for it, or a usage error naming the choices.
fn choose_algorithm(
    offered: &[Algorithm],
    algorithm: Option<&str>,
    usage: Option<&str>,
) -> Result<Chosen> {
    let (algorithm, usage) = match (algorithm, usage) {
        (None, None) => (Some(DEFAULT_ALGORITHM), Some(DEFAULT_PURPOSE)),
        given => given,
    };
    let mut matching: Vec<&Algorithm> = offered
        .iter()
        .filter(|a| algorithm.is_none_or(|want| a.name.as_deref() == Some(want)))
        .filter(|a| usage.is_none_or(|want| a.purpose.as_deref() == Some(want)))
        .collect();
    matching.dedup_by(|a, b| a.name == b.name && a.purpose == b.purpose);
    let names = |list: Vec<&Algorithm>, field: fn(&Algorithm) -> Option<&str>| {
        let mut names: Vec<&str> = list.into_iter().filter_map(field).collect();
        names.sort_unstable();
        names.dedup();
        names.join(", ")
    };
    fn by_name(a: &Algorithm) -> Option<&str> {
        a.name.as_deref()
    }
    fn by_purpose(a: &Algorithm) -> Option<&str> {
        a.purpose.as_deref()
    }
    match (matching.as_slice(), algorithm, usage) {
        ([one], _, _) => {
            let field = |value: &Option<String>, what: &str| {
                value.clone().ok_or_else(|| {
                    Error::network(format!(
                        "KakaoCloud KMS listed an algorithm without its {what}"
                    ))
                })
            };
            Ok(Chosen {
                algorithm: field(&one.name, "name")?,
                purpose: field(&one.purpose, "purpose")?,
                key_type: field(&one.key_type, "type")?,
            })
        }
        ([], Some(algorithm), Some(usage)) => {
            let fitting: Vec<&Algorithm> = offered
                .iter()
                .filter(|a| a.purpose.as_deref() == Some(usage))
                .collect();
            Err(
                Error::usage(format!("{algorithm} cannot be used for {usage}")).with_hint(format!(
                    "for {usage} KakaoCloud KMS offers: {}",
                    names(fitting, by_name)
                )),
            )
        }
        ([], Some(algorithm), None) => Err(Error::usage(format!(
            "KakaoCloud KMS does not offer the algorithm {algorithm}"
        ))
        .with_hint(format!(
            "it offers: {}",
            names(offered.iter().collect(), by_name)
        ))),
        ([], None, Some(usage)) => Err(Error::usage(format!(
            "KakaoCloud KMS offers no algorithm for {usage}"
        ))
        .with_hint(format!(
            "usages it offers: {}",
            names(offered.iter().collect(), by_purpose)
        ))),
        (many, Some(algorithm), _) => Err(Error::usage(format!(
            "{algorithm} serves more than one usage"
        ))
        .with_hint(format!(
            "add --usage with one of: {}",
            names(many.to_vec(), by_purpose)
        ))),
        (many, None, Some(usage)) => Err(Error::usage(format!(
            "{usage} can use more than one algorithm"
        ))
        .with_hint(format!(
            "add --algorithm with one of: {}",
            names(many.to_vec(), by_name)
        ))),
        (_, None, None) => unreachable!("defaults are set above"),
    }
}

fn delete(ctx: &Context, wanted: &str, yes: bool) -> Result<()> {
    let kms = Kms::open(ctx)?;
    let key = kms.find(wanted)?;
    let id = key.id.clone().unwrap_or_else(|| wanted.to_string());
    if key.status.as_deref() != Some("PRE_ACTIVATION") {
        let versions = kms.call(|client, token| client.list_versions(token, &id))?;
        version::check_deletable(&key, &id, &versions)?;
    }
    if !yes && ctx.ui.interactive() {
        ctx.ui
            .note("Data encrypted with this key can no longer be decrypted once it is deleted.");
    }
    ctx.ui.confirm(
        &format!("Delete KMS key {} and all its versions?", label(&key)),
        yes,
    )?;
    kms.call(|client, token| client.delete_key(token, &id))
        .map_err(|err| match err.http_status() {
            Some(404) => not_found(wanted),
            _ => err,
        })?;
    ctx.ui.note(&format!("Deleted KMS key {}.", label(&key)));
    Ok(())
}

/// A version as kcred prints it; these names are stable.
#[derive(Serialize)]
struct VersionView {
    version: Option<i64>,
    id: Option<String>,
    status: Option<String>,
    algorithm: Option<String>,
    created_at: Option<String>,
    destruction_at: Option<String>,
    /// Deactivated with a destruction time set: destroyed at that time unless cancelled.
    destruction_scheduled: bool,
    /// Whether it is the key's current (default) version.
    current: bool,
}

impl VersionView {
    fn new(version: KeyVersion, current: Option<i64>) -> Self {
        VersionView {
            current: version.version.is_some() && version.version == current,
            destruction_scheduled: version::destruction_scheduled(&version),
            version: version.version,
            id: version.id,
            status: version.status,
            algorithm: version.algorithm,
            created_at: utc(version.created_at.as_deref()),
            destruction_at: utc(version.resolved_destruction_at.as_deref()),
        }
    }

    fn destruction(&self) -> String {
        match (&self.destruction_at, self.destruction_scheduled) {
            (Some(at), true) => format!("{at} (scheduled)"),
            (at, _) => or_dash(at.as_deref()),
        }
    }
}

/// Versions as a table, or JSON.
fn print_versions(ctx: &Context, views: &[VersionView]) -> Result<()> {
    ctx.ui.show(&views, || {
        output::print_table(
            &[
                "",
                "VERSION",
                "STATUS",
                "ALGORITHM",
                "CREATED",
                "DESTRUCTION AT",
            ],
            views
                .iter()
                .map(|v| {
                    vec![
                        if v.current { "*" } else { "" }.to_string(),
                        v.version.map_or_else(|| "-".to_string(), |n| n.to_string()),
                        printable(&or_dash(v.status.as_deref())),
                        printable(&or_dash(v.algorithm.as_deref())),
                        printable(&or_dash(v.created_at.as_deref())),
                        printable(&v.destruction()),
                    ]
                })
                .collect(),
        )
    })
}

fn rotate(ctx: &Context, wanted: &str) -> Result<()> {
    let kms = Kms::open(ctx)?;
    let key = kms.find(wanted)?;
    let id = key.id.clone().unwrap_or_else(|| wanted.to_string());
    let version = kms.call(|client, token| client.rotate(token, &id))?;
    #[derive(Serialize)]
    struct RotatedView {
        key_id: String,
        key_name: Option<String>,
        previous_version: Option<i64>,
        version: Option<i64>,
        status: Option<String>,
        created_at: Option<String>,
    }
    let view = RotatedView {
        key_id: id,
        key_name: key.name.clone(),
        previous_version: key.default_version,
        version: version.version,
        status: version.status,
        created_at: version.created_at,
    };
    ctx.ui.show(&view, || {
        let number = |v: Option<i64>| v.map_or_else(|| "-".to_string(), |v| v.to_string());
        ctx.ui.note(&format!("Rotated KMS key {}.", label(&key)));
        output::print_fields(vec![
            ("key", label(&key)),
            ("previous version", number(view.previous_version)),
            ("current version", number(view.version)),
            ("status", or_dash(view.status.as_deref())),
            ("created at", or_dash(view.created_at.as_deref())),
        ])
    })
}

fn versions(ctx: &Context, wanted: &str) -> Result<()> {
    let kms = Kms::open(ctx)?;
    let key = kms.find(wanted)?;
    let id = key.id.clone().unwrap_or_else(|| wanted.to_string());
    let mut listed = kms.call(|client, token| client.list_versions(token, &id))?;
    listed.sort_by_key(|v| v.version);
    let views: Vec<VersionView> = listed
        .into_iter()
        .map(|v| VersionView::new(v, key.default_version))
        .collect();
    print_versions(ctx, &views)
}

fn set_rotation(ctx: &Context, wanted: &str, days: u16) -> Result<()> {
    let kms = Kms::open(ctx)?;
    let key = kms.find(wanted)?;
    let id = key.id.clone().unwrap_or_else(|| wanted.to_string());
    let changed = kms.call(|client, token| client.set_rotation(token, &id, days))?;
    let changed = Key {
        id: changed.id.or(Some(id)),
        ..changed
    };
    if ctx.ui.output() == OutputFormat::Table {
        let every = if days == 1 {
            "every day".to_string()
        } else {
            format!("every {days} days")
        };
        ctx.ui
            .note(&format!("KMS key {} now rotates {every}.", label(&key)));
    }
    print_key(ctx, &KeyView::from(changed))
}

fn public_key(ctx: &Context, wanted: &str) -> Result<()> {
    let kms = Kms::open(ctx)?;
    let key = kms.find(wanted)?;
    if key.key_type.as_deref() == Some("SYMMETRIC") {
        return Err(Error::other(format!(
            "KMS key {} is symmetric ({}): only asymmetric keys have a public key",
            label(&key),
            key.algorithm.as_deref().unwrap_or("SYMMETRIC")
        ))
        .with_hint("RSA-2048 and ECDSA-P256 keys are asymmetric; `kcred kms-key list` shows each key's type"));
    }
    let id = key.id.clone().unwrap_or_else(|| wanted.to_string());
    let pem = kms.call(|client, token| client.public_key(token, &id))?;
    match ctx.ui.output() {
        OutputFormat::Json => {
            #[derive(Serialize)]
            struct PublicKeyView<'a> {
                key_id: &'a str,
                key_name: Option<&'a str>,
                algorithm: Option<&'a str>,
                public_key: &'a str,
            }
            output::print_json(&PublicKeyView {
                key_id: &id,
                key_name: key.name.as_deref(),
                algorithm: key.algorithm.as_deref(),
                public_key: &pem,
            })
        }
        OutputFormat::Table => output::print(&pem),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offered() -> Vec<Algorithm> {
        [
            ("AES256-GCM96", "SYMMETRIC_ENCRYPT_DECRYPT", "SYMMETRIC"),
            ("RSA-2048", "ASYMMETRIC_ENCRYPT_DECRYPT", "ASYMMETRIC"),
            ("RSA-2048", "DIGITAL_SIGNATURE", "ASYMMETRIC"),
            ("ECDSA-P256", "DIGITAL_SIGNATURE", "ASYMMETRIC"),
            ("HMAC-256", "HMAC", "SYMMETRIC"),
            ("HMAC-512", "HMAC", "SYMMETRIC"),
        ]
        .into_iter()
        .map(|(name, purpose, key_type)| Algorithm {
            name: Some(name.into()),
            purpose: Some(purpose.into()),
            key_type: Some(key_type.into()),
        })
        .collect()
    }

    fn chosen(algorithm: &str, purpose: &str, key_type: &str) -> Chosen {
        Chosen {
            algorithm: algorithm.into(),
            purpose: purpose.into(),
            key_type: key_type.into(),
        }
    }

    #[test]
    fn the_default_is_the_sdk_pairing() {
        assert_eq!(
            choose_algorithm(&offered(), None, None).unwrap(),
            chosen("AES256-GCM96", "SYMMETRIC_ENCRYPT_DECRYPT", "SYMMETRIC")
        );
    }

    #[test]
    fn one_given_half_picks_the_only_match() {
        assert_eq!(
            choose_algorithm(&offered(), Some("ECDSA-P256"), None).unwrap(),
            chosen("ECDSA-P256", "DIGITAL_SIGNATURE", "ASYMMETRIC")
        );
        assert_eq!(
            choose_algorithm(&offered(), None, Some("ASYMMETRIC_ENCRYPT_DECRYPT")).unwrap(),
            chosen("RSA-2048", "ASYMMETRIC_ENCRYPT_DECRYPT", "ASYMMETRIC")
        );
    }

    #[test]
    fn ambiguity_and_mismatches_are_usage_errors_naming_the_choices() {
        let err = choose_algorithm(&offered(), Some("RSA-2048"), None).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Usage);
        assert_eq!(
            err.hint(),
            Some("add --usage with one of: ASYMMETRIC_ENCRYPT_DECRYPT, DIGITAL_SIGNATURE")
        );
        let err = choose_algorithm(&offered(), None, Some("HMAC")).unwrap_err();
        assert_eq!(
            err.hint(),
            Some("add --algorithm with one of: HMAC-256, HMAC-512")
        );
        let err = choose_algorithm(&offered(), Some("AES256-GCM96"), Some("HMAC")).unwrap_err();
        assert_eq!(err.message(), "AES256-GCM96 cannot be used for HMAC");
        let err = choose_algorithm(&offered(), Some("HMAC-224"), None).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Usage);
    }

    #[test]
    fn key_arguments_must_make_a_path_segment() {
        for bad in ["", " ", ".", "..", "a\nb"] {
            assert!(check_key_argument(bad).is_err(), "{bad:?}");
        }
        assert!(check_key_argument("my key/1").is_ok());
    }
}
