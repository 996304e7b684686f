//! `kcred doctor`: checks the journal, the profiles, the secret store, the token cache and the
//! server against each other, and repairs what it safely can: interrupted key operations,
//! tokens cached from a key a profile no longer uses, S3 keys a profile remembers that the
//! server deleted. What only the user can decide (a key whose secret kcred lacks: someone
//! else may hold it) is reported with the command that does it. `--dry-run` changes nothing.

use super::Context;
use super::key_journal::{self, Settled};
use super::s3::drop_deleted_key;
use crate::cli::DoctorArgs;
use crate::config::{AccessKey, Config, StoreKind};
use crate::credentials::{self, EnvCredentials};
use crate::error::{Error, Result};
use crate::journal::{ENVIRONMENT_SCOPE, Intent};
use crate::key_ops;
use crate::registry::auth_file;
use crate::secrets::{SecretName, SecretStore};
use crate::token_cache::TokenCache;
use crate::ui::output;
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
enum Status {
    Ok,
    Repaired,
    WouldRepair,
    Problem,
}

impl Status {
    fn word(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Repaired => "repaired",
            Status::WouldRepair => "would repair",
            Status::Problem => "problem",
        }
    }
}

#[derive(Serialize)]
struct Finding {
    check: String,
    status: Status,
    detail: String,
}

struct Report {
    dry_run: bool,
    findings: Vec<Finding>,
}

impl Report {
    fn add(&mut self, check: &str, status: Status, detail: impl Into<String>) {
        self.findings.push(Finding {
            check: check.to_string(),
            status,
            detail: detail.into(),
        });
    }

    /// Runs `repair` unless this is a dry run, and records what happened.
    fn repair(&mut self, check: &str, detail: String, repair: impl FnOnce() -> Result<()>) {
        if self.dry_run {
            return self.add(check, Status::WouldRepair, detail);
        }
        match repair() {
            Ok(()) => self.add(check, Status::Repaired, detail),
            Err(err) => self.add(
                check,
                Status::Problem,
                format!("{detail}: repairing failed: {}", err.message()),
            ),
        }
    }
}

pub fn run(ctx: &Context, args: DoctorArgs) -> Result<()> {
    let mut report = Report {
        dry_run: args.dry_run,
        findings: Vec::new(),
    };
    report_dirs(ctx, &mut report);
    check_journal(ctx, &mut report);
    let config = ctx.stores.config()?;
    check_profiles(ctx, &config, &mut report);
    check_key_expiry(ctx, &config, &mut report);
    check_server(ctx, &config, &mut report);
    for login in super::registry::plaintext_logins(ctx, &config) {
        report.add("registry", Status::Problem, login);
    }
    check_auth_file_leftovers(ctx, &mut report);
    ctx.ui.show(&report.findings, || {
        output::print_table(
            &["CHECK", "STATUS", "DETAIL"],
            report
                .findings
                .iter()
                .map(|f| {
                    vec![
                        f.check.clone(),
                        f.status.word().to_string(),
                        f.detail.clone(),
                    ]
                })
                .collect(),
        )
    })?;
    let left = report
        .findings
        .iter()
        .filter(|f| matches!(f.status, Status::Problem | Status::WouldRepair))
        .count();
    if left > 0 {
        return Err(
            Error::other(format!("{left} finding(s) need attention")).with_hint(if args.dry_run {
                "`kcred doctor` without --dry-run repairs what it can; the rest says what to run"
            } else {
                "each problem says what to run"
            }),
        );
    }
    Ok(())
}

/// Where kcred keeps its files: the platform's own dirs (XDG on Linux, `Library` on macOS,
/// `AppData` on Windows), so that a user knows where to look.
fn report_dirs(ctx: &Context, report: &mut Report) {
    let dirs = &ctx.dirs;
    for (check, dir) in [
        ("config dir", &dirs.config),
        ("cache dir", &dirs.cache),
        ("data dir", &dirs.data),
        ("state dir", &dirs.state),
    ] {
        let detail = if dir.is_dir() {
            dir.display().to_string()
        } else {
            format!("{} (not created yet)", dir.display())
        };
        report.add(check, Status::Ok, detail);
    }
}

/// Temporary copies of the clients' auth files that a kcred killed while writing one left
/// beside it: each may hold every registry login of the file.
fn check_auth_file_leftovers(ctx: &Context, report: &mut Report) {
    for (_, path) in auth_file::auth_files(ctx.settings.environment.lookup()) {
        for leftover in auth_file::leftovers_of(&path) {
            report.repair(
                "registry",
                format!(
                    "{} is a copy of {} an interrupted kcred left: remove it",
                    leftover.display(),
                    path.display()
                ),
                || auth_file::remove_leftover(&path, &leftover),
            );
        }
    }
}

/// Interrupted key operations: settled (each with a run for its own profile), unless one is
/// under way right now.
fn check_journal(ctx: &Context, report: &mut Report) {
    let journal = ctx.stores.journal();
    // A journal another user could have written to is not acted on.
    let records = match journal.records() {
        Ok(records) => records,
        Err(err) => {
            let hint = super::advice::hint_of(&err)
                .map(|hint| format!(": {hint}"))
                .unwrap_or_default();
            return report.add(
                "journal",
                Status::Problem,
                format!("{}{hint}", err.message()),
            );
        }
    };
    if records.is_empty() {
        report.add("journal", Status::Ok, "no interrupted key operation");
    }
    for (scope, intent) in records {
        let what = key_journal::describe(&intent);
        let Ok(Some(held)) = journal.lock_if_free(&scope) else {
            let holder = journal
                .holder(&scope)
                .map_or("another kcred".to_string(), |pid| {
                    format!("kcred (pid {pid})")
                });
            report.add(
                "journal",
                Status::Ok,
                format!("{what}: under way in {holder}"),
            );
            continue;
        };
        let detail = format!("interrupted {what}: finish or undo it");
        if scope == ENVIRONMENT_SCOPE && !ctx.env.has_access_key() {
            report.add(
                "journal",
                Status::Problem,
                format!("{detail}: run kcred again with that key in the environment"),
            );
            continue;
        }
        let mut waiting = None;
        report.repair("journal", detail, || {
            let settled = if scope == ENVIRONMENT_SCOPE {
                key_journal::settle(ctx, &held)?
            } else {
                key_journal::settle(&ctx.for_profile(&scope)?, &held)?
            };
            if let Settled::Waiting { until } = settled {
                waiting = Some(until);
            }
            Ok(())
        });
        // Nothing to do but wait: the first run after the request's deadline settles it.
        if let Some(until) = waiting
            && let Some(finding) = report.findings.last_mut()
        {
            finding.status = Status::Ok;
            finding.detail = format!(
                "{what}: its create request may still land until {}; the first kcred run \
                 after that settles it",
                key_journal::at_time(until)
            );
        }
    }
}

/// A store of one kind, and the names of its entries if it could list them.
type ListedStore = (StoreKind, Box<dyn SecretStore>, Option<BTreeSet<String>>);

/// Each KakaoCloud profile has its secret; a cached token is from the key the profile uses;
/// no token is cached for a profile that does not exist.
fn check_profiles(ctx: &Context, config: &Config, report: &mut Report) {
    for (name, broken) in &config.broken {
        report.add(
            "profile",
            Status::Problem,
            format!(
                "profile '{name}' is not valid ({}): `kcred profile remove {name}`",
                broken.problem
            ),
        );
    }
    // Each store opened once, and listed once: a search of the Secret Service per entry costs
    // as much as the collection is big, which over many profiles grows with their square.
    let mut stores: Vec<ListedStore> = Vec::new();
    for (name, profile) in &config.profiles {
        let Ok(key) = profile.access_key() else {
            continue;
        };
        let (store, listed) = if ctx.stores.shared() {
            (ctx.stores.store(), None)
        } else {
            let kind = profile.store.unwrap_or_default();
            let at = match stores.iter().position(|(k, _, _)| *k == kind) {
                Some(at) => at,
                None => {
                    let store = ctx.stores.open_store(kind);
                    let names = store.names().ok().flatten();
                    stores.push((kind, store, names));
                    stores.len() - 1
                }
            };
            let (_, store, names) = &stores[at];
            (store.as_ref(), names.as_ref())
        };
        let listed_as_held = listed.is_some_and(|names| {
            let own_entry = match &key {
                AccessKey::Id(id) => {
                    names.contains(&SecretName::IamKeySecret(id.clone()).to_string())
                }
                AccessKey::Name { .. } => false,
            };
            own_entry || names.contains(&SecretName::ProfileSecret(name.clone()).to_string())
        });
        // What the listing does not show is read, for the reason it is missing.
        let secret = if listed_as_held {
            Ok(())
        } else {
            credentials::resolve(config, Some(name), None, &EnvCredentials::default())
                .and_then(|credential| credential.read_secret(store))
                .map(drop)
        };
        match secret {
            Ok(_) => report.add(
                "profile",
                Status::Ok,
                format!("profile '{name}' has its secret"),
            ),
            Err(err) => report.add(
                "profile",
                Status::Problem,
                format!(
                    "profile '{name}': {}: `kcred profile add {name} --force …` stores it",
                    err.message()
                ),
            ),
        }
        let cache = TokenCache::new(&ctx.dirs.cache, store);
        if let Some(entry) = cache.entry(name)
            && entry.access_key != key.fingerprint()
        {
            report.repair(
                "token cache",
                format!("profile '{name}' has a token cached from a key it no longer uses"),
                || cache.forget(name).map(drop),
            );
        }
    }
    if ctx.stores.shared() {
        return;
    }
    let tokens = ctx.dirs.cache.join("tokens");
    let Ok(entries) = std::fs::read_dir(&tokens) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(name) = file.strip_suffix(".json") else {
            continue;
        };
        if config.profiles.contains_key(name) || config.broken.contains_key(name) {
            continue;
        }
        let name = name.to_string();
        report.repair(
            "token cache",
            format!("a token is cached for '{name}', which is no profile"),
            || {
                TokenCache::new(&ctx.dirs.cache, ctx.stores.store())
                    .forget(&name)
                    .map(drop)
            },
        );
    }
}

/// The profiles' IAM access keys that have expired or expire within the warning window, each
/// with the way to replace it.
fn check_key_expiry(ctx: &Context, config: &Config, report: &mut Report) {
    for (name, profile) in &config.profiles {
        let Some(kakaocloud) = profile.kakaocloud() else {
            continue;
        };
        let Some(at) = kakaocloud.key_expires_at else {
            continue;
        };
        match ctx.key_expiry_warning(Some(name), &kakaocloud.key, at) {
            Some(warning) => report.add("key expiry", Status::Problem, warning),
            None => report.add(
                "key expiry",
                Status::Ok,
                format!("profile '{name}''s key expires at {at}"),
            ),
        }
    }
}

/// The current profile's user on the server: every key kcred knows of exists, and every key
/// of the project has its secret in kcred.
fn check_server(ctx: &Context, config: &Config, report: &mut Report) {
    let session = match ctx.session() {
        Ok(session) => session,
        Err(err) => {
            return report.add(
                "server",
                Status::Problem,
                format!("cannot check the keys on the server: {}", err.message()),
            );
        }
    };
    let user_id = session.user_id();
    let project = session.project_id();
    let keys = match key_journal::all_iam_keys(&session) {
        Ok(keys) => keys,
        Err(err) => {
            return report.add("server", Status::Problem, err.message().to_string());
        }
    };
    for (name, profile) in &config.profiles {
        let Some(settings) = profile.kakaocloud() else {
            continue;
        };
        let AccessKey::Id(id) = &settings.key else {
            continue;
        };
        if settings.user_id.as_deref() == Some(user_id.as_str())
            && !keys.iter().any(|key| key.id == *id)
        {
            report.add(
                "iam key",
                Status::Problem,
                format!(
                    "profile '{name}' uses key {id}, which KakaoCloud no longer has: \
                     `kcred profile remove {name} --yes`, or `kcred profile add {name} --force …`"
                ),
            );
        }
    }
    // Keys an unsettled operation is making or replacing are that operation's (reported above).
    let journaled: Vec<String> = ctx
        .stores
        .journal()
        .records()
        .unwrap_or_default()
        .into_iter()
        .flat_map(|(_, intent)| match intent {
            Intent::Rotate {
                old_key_id,
                new_key_id,
                ..
            } => [Some(old_key_id), new_key_id],
            Intent::CreateIamKey { key_id, .. } => [key_id, None],
            Intent::DeleteIamKey { key_id, .. } => [Some(key_id), None],
            _ => [None, None],
        })
        .flatten()
        .collect();
    for key in keys
        .iter()
        .filter(|key| project.is_none() || key.project_id == project)
    {
        if journaled.contains(&key.id) {
            report.add(
                "iam key",
                Status::Ok,
                format!(
                    "key {} ({}): part of an interrupted key operation (see the journal)",
                    key.id, key.name
                ),
            );
            continue;
        }
        let profiles = key_ops::profiles_using(config, &key.id, Some(&key.name), &user_id);
        let held = |name: SecretName| ctx.stores.store().get(&name).ok().flatten().is_some();
        let stored = held(SecretName::IamKeySecret(key.id.clone()))
            || profiles
                .iter()
                .any(|p| held(SecretName::ProfileSecret(p.clone())));
        if stored {
            report.add(
                "iam key",
                Status::Ok,
                format!("key {} ({}): its secret is in kcred", key.id, key.name),
            );
        } else {
            report.add(
                "iam key",
                Status::Problem,
                format!(
                    "key {} ({}) has no secret in kcred: unless someone else holds it, \
                     `kcred iam-key delete {} --yes` frees its slot",
                    key.id, key.name, key.id
                ),
            );
        }
    }
    let Ok(s3_keys) = key_journal::all_s3_keys(&session) else {
        return;
    };
    for (name, profile) in &config.profiles {
        let mine = profile
            .kakaocloud()
            .is_some_and(|settings| settings.user_id.as_deref() == Some(user_id.as_str()));
        if !mine {
            continue;
        }
        for access in &profile.s3_access_keys {
            if !s3_keys.iter().any(|key| key.access == *access) {
                let access = access.clone();
                report.repair(
                    "s3 key",
                    format!(
                        "profile '{name}' offers S3 key {access}, which KakaoCloud deleted: forget it"
                    ),
                    || drop_deleted_key(ctx, &access),
                );
            }
        }
    }
    for key in &s3_keys {
        let stored = ctx
            .stores
            .store()
            .get(&SecretName::S3KeySecret(key.access.clone()))
            .ok()
            .flatten()
            .is_some();
        if !stored {
            report.add(
                "s3 key",
                Status::Problem,
                format!(
                    "S3 key {} has no secret in kcred: unless someone else holds it, \
                     `kcred s3-key delete {} --yes` frees its slot",
                    key.access, key.access
                ),
            );
        }
    }
}
