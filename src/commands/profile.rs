use super::Context;
use super::provider::{self, NewProfile};
use crate::cli::{OutputFormat, ProfileAddArgs, ProfileCommand, ProfileSetArgs};
use crate::config::{
    AccessKey, Config, Profile, ProfileEntry, ProviderKind, Regional, Source, StoreKind,
    unknown_profile, validate_endpoint, validate_profile_name, validate_region, validate_s3_region,
};
use crate::error::{Error, Result};
use crate::secrets::{SecretName, SecretStore};
use crate::token_cache::CachePolicy;
use crate::tokens::key_wanted;
use crate::ui::output::{self, or_dash};
use jiff::Timestamp;
use serde::Serialize;

pub fn run(ctx: &Context, command: ProfileCommand) -> Result<()> {
    match command {
        ProfileCommand::Add(args) => add(ctx, args),
        ProfileCommand::List => list(ctx),
        ProfileCommand::Show { name } => show(ctx, name.as_deref()),
        ProfileCommand::Remove { name, yes } => remove(ctx, &name, yes),
        ProfileCommand::Use { name } => use_profile(ctx, &name),
        ProfileCommand::Set(args) => set(ctx, args),
        ProfileCommand::Passphrase {
            new_passphrase_stdin,
        } => change_passphrase(ctx, new_passphrase_stdin),
    }
}

/// A profile as `profile list` and `profile show` print it. Never the secret.
#[derive(Serialize)]
struct ProfileView {
    name: String,
    provider: &'static str,
    endpoint: String,
    auth_method: &'static str,
    /// NAVER Cloud: the access key ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    access_key: Option<String>,
    /// GleSYS: the project ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    project: Option<String>,
    access_key_id: Option<String>,
    access_key_name: Option<String>,
    user_id: Option<String>,
    project_id: Option<String>,
    project_name: Option<String>,
    /// Where its secret is: `keyring` or `file`.
    store: &'static str,
    /// KakaoCloud: the region the regional endpoints follow.
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<String>,
    /// Region and Object Storage endpoint for S3 clients (`env --s3`), defaults filled in.
    #[serde(skip_serializing_if = "Option::is_none")]
    s3_region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    s3_endpoint: Option<String>,
    /// KakaoCloud: the KMS endpoint.
    #[serde(skip_serializing_if = "Option::is_none")]
    kms_endpoint: Option<String>,
    /// KakaoCloud: where each regional setting came from (`flag`, `region`, `default`).
    #[serde(skip_serializing_if = "Option::is_none")]
    sources: Option<Sources>,
    /// KakaoCloud: when the profile's IAM access key expires, when it does and kcred knows.
    #[serde(skip_serializing_if = "Option::is_none")]
    key_expires_at: Option<Timestamp>,
    default: bool,
    token_cached: bool,
    token_expires_at: Option<Timestamp>,
}

#[derive(Serialize)]
struct Sources {
    region: Source,
    s3_region: Source,
    s3_endpoint: Source,
    kms_endpoint: Source,
}

impl Sources {
    fn of(regional: &Regional) -> Sources {
        Sources {
            region: regional.region.source,
            s3_region: regional.s3_region.source,
            s3_endpoint: regional.s3_endpoint.source,
            kms_endpoint: regional.kms_endpoint.source,
        }
    }
}

/// A regional setting for `profile show`'s table: the value and where it came from.
fn with_source(value: Option<&str>, source: Option<Source>) -> String {
    let source = match source {
        Some(Source::Flag) => " (set)",
        Some(Source::Region) => " (from the region)",
        Some(Source::Default) => " (default)",
        None => "",
    };
    match value {
        Some(value) => format!("{value}{source}"),
        None => "-".to_string(),
    }
}

impl ProfileView {
    fn new(ctx: &Context, config: &Config, name: &str, profile: &Profile) -> Result<Self> {
        let now = Timestamp::now();
        let (auth_method, token_expires_at) = match profile.provider() {
            ProviderKind::Kakaocloud => {
                let key = profile.access_key()?;
                let expiry = ctx
                    .tokens()
                    .cache()
                    .entry(name)
                    .filter(|entry| entry.access_key == key.fingerprint())
                    .map(|entry| entry.info.expires_at);
                (key.method(), expiry)
            }
            ProviderKind::Ncp => {
                let expiry = provider::ncp_cache(ctx)
                    .entry(name)
                    .map(|entry| entry.info.expires_at);
                ("access-key", expiry)
            }
            ProviderKind::Glesys => ("api-key", None),
        };
        let token_expires_at = token_expires_at.filter(|at| *at > now);
        // The view has the file's flat shape: each provider's fields, the others absent.
        let entry = ProfileEntry::from(profile.clone());
        let regional = profile.regional();
        let kakaocloud = profile.kakaocloud().map(|_| &regional);
        Ok(ProfileView {
            name: name.to_string(),
            provider: profile.provider().name(),
            endpoint: profile.endpoint.clone(),
            auth_method,
            access_key: entry.access_key,
            project: entry.project,
            access_key_id: entry.access_key_id,
            access_key_name: entry.access_key_name,
            user_id: entry.user_id,
            project_id: entry.project_id,
            project_name: entry.project_name,
            store: match profile.store.unwrap_or_default() {
                StoreKind::Keyring => "keyring",
                StoreKind::File => "file",
                StoreKind::Vault => "vault",
            },
            region: kakaocloud.map(|regional| regional.region.value.clone()),
            s3_region: match &kakaocloud {
                Some(regional) => Some(regional.s3_region.value.clone()),
                None => profile.s3_region.clone(),
            },
            s3_endpoint: match &kakaocloud {
                Some(regional) => Some(regional.s3_endpoint.value.clone()),
                None => profile.s3_endpoint.clone(),
            },
            kms_endpoint: kakaocloud.map(|regional| regional.kms_endpoint.value.clone()),
            sources: kakaocloud.map(Sources::of),
            key_expires_at: entry.key_expires_at,
            default: config.default_profile.as_deref() == Some(name),
            token_cached: token_expires_at.is_some(),
            token_expires_at,
        })
    }

    fn key(&self) -> String {
        or_dash(
            self.access_key_id
                .as_deref()
                .or(self.access_key_name.as_deref())
                .or(self.access_key.as_deref())
                .or(self.project.as_deref()),
        )
    }

    fn project(&self) -> String {
        or_dash(self.project_name.as_deref().or(self.project_id.as_deref()))
    }

    /// When the key expires, to the second, or "-".
    fn key_expiry(&self) -> String {
        match self.key_expires_at {
            Some(at) => at.strftime("%Y-%m-%d %H:%M:%SZ").to_string(),
            None => "-".to_string(),
        }
    }

    fn token(&self) -> String {
        match self.token_expires_at {
            Some(at) => format!("until {}", at.strftime("%Y-%m-%d %H:%M:%SZ")),
            None => "-".to_string(),
        }
    }
}

fn add(ctx: &Context, args: ProfileAddArgs) -> Result<()> {
    let (args, guided) = super::questions::complete_profile_add(ctx, args)?;
    let name = args.name.clone().unwrap_or_default();
    validate_profile_name(&name)?;
    let provider = provider::of_kind(args.provider.unwrap_or_default());
    let endpoint = validate_endpoint(
        &ctx.global
            .endpoint
            .clone()
            .unwrap_or_else(|| provider.default_endpoint().to_string()),
    )?;
    // Chosen first: with `--store vault` the profiles are the shared ones.
    ctx.stores.use_store(Some(args.store.unwrap_or_default()))?;
    let config = ctx.stores.config()?;
    let old_store = match (config.profiles.get(&name), config.broken.get(&name)) {
        (Some(old), _) => Some(old.store.unwrap_or_default()),
        (None, Some(broken)) => Some(broken.store()),
        (None, None) => None,
    };
    let existed = old_store.is_some();
    if existed && !args.force {
        return Err(Error::usage(format!("profile '{}' already exists", name))
            .with_hint("pass --force to replace it, or pick another name"));
    }

    // Every setting is checked before the key is used.
    let region = args.region.as_deref().map(validate_region).transpose()?;
    let s3_region = args
        .s3_region
        .as_deref()
        .map(validate_s3_region)
        .transpose()?;
    let s3_endpoint = args
        .s3_endpoint
        .as_deref()
        .map(validate_endpoint)
        .transpose()?;
    let kms_endpoint = args
        .kms_endpoint
        .as_deref()
        .map(validate_endpoint)
        .transpose()?;
    // The store must take the secret before a token is issued with it: a locked keyring
    // found only afterwards wastes the issuance and leaves the user guessing.
    ctx.stores.store().check_writable().map_err(|err| {
        err.context(format!(
            "checking that {} can store the secret",
            ctx.store_name()
        ))
    })?;
    let secret = ctx
        .ui
        .read_secret(args.secret_stdin, provider.secret_prompt())?;
    let NewProfile {
        mut profile,
        first_token,
    } = provider.new_profile(ctx, &args, endpoint.clone(), &secret)?;

    profile.s3_region = s3_region;
    profile.s3_endpoint = s3_endpoint;
    match (profile.kakaocloud_mut(), kms_endpoint, region) {
        (Some(kakaocloud), kms_endpoint, region) => {
            kakaocloud.kms_endpoint = kms_endpoint;
            kakaocloud.region = region;
        }
        (None, None, None) => {}
        (None, Some(_), _) => {
            return Err(Error::usage("--kms-endpoint is for KakaoCloud profiles"));
        }
        (None, None, Some(_)) => {
            return Err(Error::usage("--region is for KakaoCloud profiles")
                .with_hint("--s3-region and --s3-endpoint set where S3 clients go"));
        }
    }
    profile.store = args.store.filter(|kind| *kind != StoreKind::Keyring);

    // The secret goes to the keyring before the profile is saved: a profile in the config
    // always has its secret. If saving fails, the secret is taken back out.
    let cache = ctx.tokens().cache();
    if existed {
        ctx.forget_cached(&name)?;
    }
    let secret_name = SecretName::ProfileSecret(name.clone());
    ctx.stores.store().set(&secret_name, &secret)?;
    let saved = ctx.stores.update_config(|config| {
        let taken = config.profiles.contains_key(&name) || config.broken.contains_key(&name);
        if taken && !args.force {
            return Err(Error::usage(format!("profile '{}' already exists", name))
                .with_hint("another kcred added it meanwhile; pass --force to replace it"));
        }
        config.broken.remove(&name);
        let mut replacement = profile.clone();
        // The registries it serves stay: the clients' auth files still send them to kcred.
        if let Some(old) = config.profiles.get(&name) {
            replacement.registry_hosts = old.registry_hosts.clone();
        }
        config.profiles.insert(name.clone(), replacement);
        // Shared profiles are named in each run; the default is a machine's own choice.
        if config.default_profile.is_none() && !ctx.stores.shared() {
            config.default_profile = Some(name.clone());
        }
        Ok(config.clone())
    });
    let config = match saved {
        Ok(config) => config,
        Err(err) => {
            if !existed {
                let _ = ctx.stores.store().delete(&secret_name);
            }
            return Err(err);
        }
    };
    // A profile moved to another store leaves nothing behind in the old one.
    if let Some(old_kind) = old_store
        && old_kind != ctx.stores.store_kind()
        && let Err(err) = delete_profile_secrets(ctx.stores.open_store(old_kind).as_ref(), &name)
    {
        ctx.ui.note(&format!(
            "warning: the old secret of profile '{}' is still in {}: {}",
            name,
            super::store_name(old_kind),
            err.message()
        ));
    }

    if let (Some(issued), Ok(key)) = (first_token, profile.access_key()) {
        let wanted = key_wanted(&endpoint, &key);
        if let Err(err) =
            cache.get_or_issue(&name, &wanted, CachePolicy::Refresh, || Ok(issued.into()))
        {
            ctx.ui.note(&format!(
                "warning: the first token was not cached: {}",
                err.message()
            ));
        }
    }

    let view = ProfileView::new(ctx, &config, &name, &profile)?;
    ctx.ui.show(&view, || {
        let verified = if args.no_verify {
            "not verified"
        } else {
            "verified"
        };
        let default = if view.default {
            ", the default profile"
        } else {
            ""
        };
        ctx.ui.note(&format!(
            "Added profile '{}' ({verified}{default}); its secret is in {}.",
            name,
            ctx.store_name()
        ));
        if guided {
            let flag = if view.default {
                String::new()
            } else {
                format!("--profile {name} ")
            };
            ctx.ui.note(&format!(
                "Next: `kcred {flag}token` prints a token; `eval \"$(kcred {flag}env)\"` puts \
                     it in this shell's environment."
            ));
        }
        Ok(())
    })
}

fn list(ctx: &Context) -> Result<()> {
    let config = ctx.stores.config()?;
    for (name, broken) in &config.broken {
        ctx.ui.note(&format!(
            "warning: not listed: {}; fix it, or `kcred profile remove {name}`",
            broken.problem
        ));
    }
    let views = config
        .profiles
        .iter()
        .map(|(name, profile)| ProfileView::new(ctx, &config, name, profile))
        .collect::<Result<Vec<_>>>()?;
    match ctx.ui.output() {
        OutputFormat::Json => output::print_json(&views),
        OutputFormat::Table if views.is_empty() => {
            ctx.ui
                .note("No profiles yet. Add one with `kcred profile add NAME --access-key-id ID`.");
            Ok(())
        }
        OutputFormat::Table => output::print_table(
            &[
                "",
                "NAME",
                "PROVIDER",
                "METHOD",
                "ACCESS KEY",
                "PROJECT",
                "KEY EXPIRES",
                "TOKEN",
            ],
            views
                .iter()
                .map(|v| {
                    vec![
                        if v.default { "*" } else { "" }.to_string(),
                        v.name.clone(),
                        v.provider.to_string(),
                        v.auth_method.to_string(),
                        v.key(),
                        v.project(),
                        v.key_expiry(),
                        v.token(),
                    ]
                })
                .collect(),
        ),
    }
}

fn show(ctx: &Context, name: Option<&str>) -> Result<()> {
    let config = ctx.stores.config()?;
    let (name, profile) = config.select(name.or(ctx.global.profile.as_deref()))?;
    let view = ProfileView::new(ctx, &config, name, profile)?;
    let sources = view.sources.as_ref();
    ctx.ui.show(&view, || {
        output::print_fields(vec![
            ("name", view.name.clone()),
            (
                "default",
                if view.default { "yes" } else { "no" }.to_string(),
            ),
            ("provider", view.provider.to_string()),
            ("endpoint", view.endpoint.clone()),
            ("method", view.auth_method.to_string()),
            ("access key id", or_dash(view.access_key_id.as_deref())),
            ("access key name", or_dash(view.access_key_name.as_deref())),
            ("user id", or_dash(view.user_id.as_deref())),
            ("project id", or_dash(view.project_id.as_deref())),
            ("project name", or_dash(view.project_name.as_deref())),
            (
                "store",
                super::store_name(profile.store.unwrap_or_default()).to_string(),
            ),
            (
                "region",
                with_source(view.region.as_deref(), sources.map(|s| s.region)),
            ),
            (
                "s3 region",
                with_source(view.s3_region.as_deref(), sources.map(|s| s.s3_region)),
            ),
            (
                "s3 endpoint",
                with_source(view.s3_endpoint.as_deref(), sources.map(|s| s.s3_endpoint)),
            ),
            (
                "kms endpoint",
                with_source(
                    view.kms_endpoint.as_deref(),
                    sources.map(|s| s.kms_endpoint),
                ),
            ),
            ("key expires", view.key_expiry()),
            ("token", view.token()),
        ])
    })
}

fn remove(ctx: &Context, name: &str, yes: bool) -> Result<()> {
    let config = ctx.stores.config()?;
    // A broken entry can be removed too: that is how a user gets out of it.
    let store = match (config.profiles.get(name), config.broken.get(name)) {
        (Some(profile), _) => profile.store.unwrap_or_default(),
        (None, Some(broken)) => broken.store(),
        (None, None) => return Err(unknown_profile(&config, name)),
    };
    // The store the named profile uses, not the current profile's.
    ctx.stores.use_store(Some(store))?;
    let question = if ctx.stores.shared() {
        format!("Remove the shared profile '{name}' and its secret from Vault, for everyone?")
    } else {
        format!(
            "Remove profile '{name}' and its secret in {}?",
            ctx.store_name()
        )
    };
    ctx.ui.confirm(&question, yes)?;
    // Secrets first: if the store fails, the profile stays and the user can retry.
    ctx.forget_cached(name)?;
    delete_profile_secrets(ctx.stores.store(), name)?;
    let was_default = ctx.stores.update_config(|config| {
        config.profiles.remove(name);
        config.broken.remove(name);
        let was_default = config.default_profile.as_deref() == Some(name);
        if was_default {
            config.default_profile = None;
        }
        Ok(was_default)
    })?;
    ctx.ui.note(&format!(
        "Removed profile '{name}' and its secret from {}.",
        ctx.store_name()
    ));
    if was_default {
        ctx.ui
            .note("There is no default profile now; pick one with `kcred profile use NAME`.");
    }
    // Last: the requests above needed it.
    if ctx.forget_vault_login()? {
        ctx.ui
            .note("Dropped (and revoked) this machine's Vault login token.");
    }
    Ok(())
}

/// Deletes everything a profile keeps in `store`: its secret and its cached credentials.
fn delete_profile_secrets(store: &dyn SecretStore, name: &str) -> Result<()> {
    for secret in [
        SecretName::ProfileSecret,
        SecretName::ProfileToken,
        SecretName::ProfileS3Temp,
        SecretName::ProfileTemporaryKey,
    ] {
        store.delete(&secret(name.to_string()))?;
    }
    Ok(())
}

/// `profile set`: the settings given, each checked as `profile add` checks it, and the
/// secret moved between stores without being read by anyone but kcred.
fn set(ctx: &Context, args: ProfileSetArgs) -> Result<()> {
    let config = ctx.stores.config()?;
    if let Some(err) = config.broken_profile_error(&args.name) {
        return Err(err);
    }
    let Some(old) = config.profiles.get(&args.name).cloned() else {
        return Err(unknown_profile(&config, &args.name));
    };
    let old_store = old.store.unwrap_or_default();
    // The named profile's own store, not the current profile's.
    ctx.stores.use_store(Some(old_store))?;
    let mut profile = old.clone();
    let mut changed = Vec::new();
    if let Some(endpoint) = &ctx.global.endpoint {
        profile.endpoint = validate_endpoint(endpoint)?;
        changed.push("endpoint");
    }
    if let Some(region) = &args.region {
        let region = validate_region(region)?;
        let kakaocloud = profile.kakaocloud_mut().ok_or_else(|| {
            Error::usage("--region is for KakaoCloud profiles")
                .with_hint("--s3-region and --s3-endpoint set where S3 clients go")
        })?;
        kakaocloud.region = Some(region);
        changed.push("region");
    }
    if let Some(region) = &args.s3_region {
        profile.s3_region = Some(validate_s3_region(region)?);
        changed.push("s3 region");
    }
    if let Some(endpoint) = &args.s3_endpoint {
        profile.s3_endpoint = Some(validate_endpoint(endpoint)?);
        changed.push("s3 endpoint");
    }
    if let Some(endpoint) = &args.kms_endpoint {
        let endpoint = validate_endpoint(endpoint)?;
        let kakaocloud = profile
            .kakaocloud_mut()
            .ok_or_else(|| Error::usage("--kms-endpoint is for KakaoCloud profiles"))?;
        kakaocloud.kms_endpoint = Some(endpoint);
        changed.push("kms endpoint");
    }
    let new_store = args.store.unwrap_or(old_store);
    // Into Vault from this machine's config, or out of Vault into it.
    let across = (old_store == StoreKind::Vault) != (new_store == StoreKind::Vault);
    if new_store != old_store {
        changed.push("store");
    }
    if across {
        // Before anything changes: the move needs a Vault it can log in to, and taking a
        // profile away from every other machine needs a yes.
        ctx.stores.vault()?;
        if old_store == StoreKind::Vault {
            ctx.ui.confirm(
                &format!(
                    "Move the shared profile '{}' out of Vault to this machine? No other \
                     machine will have it",
                    args.name
                ),
                args.yes,
            )?;
        }
    }
    if changed.is_empty() {
        return Err(Error::usage("nothing to change").with_hint(
            "give --endpoint, --region, --s3-endpoint, --s3-region, --kms-endpoint or --store",
        ));
    }
    profile.store = Some(new_store).filter(|kind| *kind != StoreKind::Keyring);

    // A token belongs to the endpoint that issued it; tokens are dropped, not moved.
    if profile.endpoint != old.endpoint || new_store != old_store {
        ctx.forget_cached(&args.name)?;
    }
    let moved = if new_store != old_store {
        copy_secrets(ctx, &args.name, &old, new_store)?
    } else {
        Vec::new()
    };
    let saved = if across {
        save_moved_across(ctx, &args.name, &profile, new_store).map(|local| {
            // Which other profiles of the old place still use a key: there, not here.
            match old_store {
                StoreKind::Vault => config.clone(),
                _ => local,
            }
        })
    } else {
        ctx.stores.update_config(|config| {
            if !config.profiles.contains_key(&args.name) {
                return Err(unknown_profile(config, &args.name));
            }
            config.profiles.insert(args.name.clone(), profile.clone());
            Ok(config.clone())
        })
    };
    let config = match saved {
        Ok(config) => config,
        Err(err) => {
            let new = ctx.stores.open_store(new_store);
            for name in &moved {
                let _ = new.delete(name);
            }
            return Err(err);
        }
    };
    if new_store != old_store {
        let old_secrets = ctx.stores.open_store(old_store);
        // A key another profile in the old store uses keeps its secret there.
        let still_used = |name: &SecretName| {
            config.profiles.iter().any(|(other, p)| {
                *other != args.name
                    && p.store.unwrap_or_default() == old_store
                    && match name {
                        SecretName::S3KeySecret(access) => p.s3_access_keys.contains(access),
                        SecretName::IamKeySecret(_) => own_key_entry(p).as_ref() == Some(name),
                        _ => false,
                    }
            })
        };
        let cleaned = moved
            .iter()
            .filter(|name| !still_used(name))
            .try_for_each(|name| old_secrets.delete(name))
            .and_then(|()| delete_profile_secrets(old_secrets.as_ref(), &args.name));
        if let Err(err) = cleaned {
            ctx.ui.note(&format!(
                "warning: the old secret of profile '{}' is still in {}: {}",
                args.name,
                super::store_name(old_store),
                err.message()
            ));
        }
    }
    let view = ProfileView::new(ctx, &config, &args.name, &profile)?;
    ctx.ui.show(&view, || {
        ctx.ui.note(&format!(
            "Changed profile '{}' ({}); its secret is in {}.",
            args.name,
            changed.join(", "),
            super::store_name(new_store)
        ));
        Ok(())
    })
}

/// Copies a profile's secret, and the secrets of the S3 keys it remembers, to `to`; returns
/// what was copied. Nothing is deleted from the old store here: that waits until the profile
/// names its new store.
fn copy_secrets(
    ctx: &Context,
    name: &str,
    profile: &Profile,
    to: StoreKind,
) -> Result<Vec<SecretName>> {
    let target = ctx.stores.open_store(to);
    target.check_writable().map_err(|err| {
        err.context(format!(
            "checking that {} can store the secret",
            super::store_name(to)
        ))
    })?;
    let wanted = std::iter::once(SecretName::ProfileSecret(name.to_string()))
        .chain(own_key_entry(profile))
        .chain(
            profile
                .s3_access_keys
                .iter()
                .map(|access| SecretName::S3KeySecret(access.clone())),
        );
    let mut copied = Vec::new();
    for secret_name in wanted {
        let secret = match ctx.stores.store().get(&secret_name)? {
            Some(secret) => secret,
            None if matches!(secret_name, SecretName::ProfileSecret(_)) => {
                return Err(Error::other(format!(
                    "{} holds no secret for profile '{name}'",
                    ctx.store_name()
                ))
                .with_hint(format!(
                    "store it again with `kcred profile add {name} --force …`"
                )));
            }
            None => continue,
        };
        if let Err(err) = target.set(&secret_name, &secret) {
            for done in &copied {
                let _ = target.delete(done);
            }
            return Err(err);
        }
        copied.push(secret_name);
    }
    Ok(copied)
}

/// The writes that move a profile into Vault (a new shared profile, then gone from
/// config.toml) or out of it (into config.toml, then gone from Vault, for everyone). Its
/// secrets are in the new place already. When the second write fails the first is undone, so
/// the profile is in one place, where it was. The machine's config after the move is returned.
fn save_moved_across(
    ctx: &Context,
    name: &str,
    profile: &Profile,
    to: StoreKind,
) -> Result<Config> {
    let vault = ctx.stores.vault()?;
    if to == StoreKind::Vault {
        vault.create_profile(name, profile)?;
        let removed = Config::update(&ctx.dirs, |config| {
            config.profiles.remove(name);
            if config.default_profile.as_deref() == Some(name) {
                config.default_profile = None;
            }
            Ok(config.clone())
        });
        if removed.is_err() {
            // Back to one place: the profile stays this machine's.
            let _ = vault.remove_profile(name);
        }
        return removed;
    }
    let local = Config::update(&ctx.dirs, |config| {
        if config.profiles.contains_key(name) || config.broken.contains_key(name) {
            return Err(
                Error::usage(format!("this machine has a profile named '{name}' already"))
                    .with_hint(format!("remove it first: `kcred profile remove {name}`")),
            );
        }
        config.profiles.insert(name.to_string(), profile.clone());
        Ok(config.clone())
    })?;
    if let Err(err) = vault.remove_profile(name) {
        // Back to one place: the profile stays shared.
        let _ = Config::update(&ctx.dirs, |config| {
            config.profiles.remove(name);
            Ok(())
        });
        return Err(err);
    }
    Ok(local)
}

/// The entry a key made by `iam-key create`/`rotate` keeps its secret under (`iam-key/ID/secret`),
/// which goes with the profile when it moves.
fn own_key_entry(profile: &Profile) -> Option<SecretName> {
    match &profile.kakaocloud()?.key {
        AccessKey::Id(id) => Some(SecretName::IamKeySecret(id.clone())),
        AccessKey::Name { .. } => None,
    }
}

fn use_profile(ctx: &Context, name: &str) -> Result<()> {
    if ctx.stores.shared() {
        return Err(Error::usage("shared profiles have no default")
            .with_hint("name the profile in each run: --profile NAME, or KCRED_PROFILE"));
    }
    ctx.stores.update_config(|config| {
        if let Some(err) = config.broken_profile_error(name) {
            return Err(err);
        }
        if !config.profiles.contains_key(name) {
            return Err(unknown_profile(config, name));
        }
        config.default_profile = Some(name.to_string());
        Ok(())
    })?;
    ctx.ui
        .note(&format!("'{name}' is now the default profile."));
    Ok(())
}

/// `kcred profile passphrase`: the encrypted file opened with its passphrase (from
/// `KCRED_FILE_PASSPHRASE` or a prompt), then written again under a new one. No secret in it
/// is ever shown.
fn change_passphrase(ctx: &Context, from_stdin: bool) -> Result<()> {
    let store = ctx.stores.file_store();
    store.open_existing()?;
    let new = ctx.ui.read_new_passphrase(from_stdin)?;
    let entries = store.change_passphrase(&new)?;
    ctx.ui.note(&format!(
        "Changed the passphrase of {} ({entries} entries); use the new one from now on \
         (KCRED_FILE_PASSPHRASE too, where it is set).",
        ctx.dirs.secrets_file().display()
    ));
    Ok(())
}
