//! `kcred registry`: which container registries kcred serves, and the clients' auth files
//! that send their logins to `docker-credential-kcred` ([`helper`]).

pub mod helper;

use super::Context;
use crate::cli::{OutputFormat, RegistryCommand, RegistryConfigureArgs, RegistryPullSecretArgs};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::registry::auth_file::{AuthFile, auth_files};
use crate::registry::{
    forget_host, kcr_host_of, normalise_host, profiles_with_key, record_host, username_of,
};
use crate::ui::output;
use secrecy::ExposeSecret;
use std::collections::BTreeMap;

pub fn run(ctx: &Context, command: RegistryCommand) -> Result<()> {
    match command {
        RegistryCommand::Configure(args) => configure(ctx, args),
        RegistryCommand::List => list(ctx),
        RegistryCommand::Remove { host } => remove(ctx, &host),
        RegistryCommand::PullSecret(args) => pull_secret(ctx, args),
    }
}

/// The `kubernetes.io/dockerconfigjson` Secret for the current profile's key.
fn pull_secret(ctx: &Context, args: RegistryPullSecretArgs) -> Result<()> {
    use base64::Engine;
    let config = ctx.stores.config()?;
    let (name, profile) = config.select(ctx.global.profile.as_deref())?;
    let host = match &args.host {
        Some(host) => host_argument(host)?,
        None => kcr_host_of(name, profile)?,
    };
    let username = username_of(name, profile)?;
    let secret = helper::profile_secret(ctx, name, profile)?;
    let base64 = base64::engine::general_purpose::STANDARD;
    // The pair is a copy of the secret: wiped once the manifest is printed.
    let pair = zeroize::Zeroizing::new(base64.encode(zeroize::Zeroizing::new(format!(
        "{username}:{}",
        secret.expose_secret()
    ))));
    let docker_config = serde_json::json!({"auths": {&host: {
        "username": username,
        "password": secret.expose_secret(),
        "auth": pair.as_str(),
    }}});
    let mut metadata = serde_json::json!({"name": args.name});
    if let Some(namespace) = &args.namespace {
        metadata["namespace"] = serde_json::json!(namespace);
    }
    ctx.ui.note(&format!(
        "note: this Secret holds profile '{name}''s key; for a cluster, a key of its own: \
         `kcred iam-key create --name NAME --save-as PROFILE`"
    ));
    output::print_json(&serde_json::json!({
        "apiVersion": "v1",
        "kind": "Secret",
        "type": "kubernetes.io/dockerconfigjson",
        "metadata": metadata,
        "data": {".dockerconfigjson": base64.encode(docker_config.to_string())},
    }))
}

/// Plaintext logins in the clients' auth files made with a profile's key: what `kcred doctor`
/// reports, each with the command that removes it.
pub(super) fn plaintext_logins(ctx: &Context, config: &Config) -> Vec<String> {
    let Ok(files) = read_auth_files(ctx) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for file in &files {
        for (key, username) in file.plaintext_logins() {
            let Some((profile, _)) = profiles_with_key(config, &username).into_iter().next() else {
                continue;
            };
            // A key that is no host name is shown escaped, never as the file has it.
            let host = normalise_host(&key).unwrap_or_else(|| {
                crate::ui::output::for_terminal(&format!("{key:?}")).into_owned()
            });
            found.push(format!(
                "{} holds a plaintext login to {host} with profile '{profile}''s key: \
                 `kcred --profile {profile} registry configure {host} --yes` removes it",
                file.path.display()
            ));
        }
    }
    found
}

/// The auth files of this environment, read (a file that does not parse stops everything:
/// kcred never rewrites what it cannot read).
fn read_auth_files(ctx: &Context) -> Result<Vec<AuthFile>> {
    auth_files(ctx.settings.environment.lookup())
        .into_iter()
        .map(|(reader, path)| AuthFile::read(reader, &path))
        .collect()
}

fn host_argument(text: &str) -> Result<String> {
    normalise_host(text).ok_or_else(|| {
        Error::usage(format!("{text:?} names no registry host"))
            .with_hint("give the host as HOST or HOST:PORT, e.g. demo.kr-central-2.kcr.dev")
    })
}

fn configure(ctx: &Context, args: RegistryConfigureArgs) -> Result<()> {
    let config = ctx.stores.config()?;
    let (name, profile) = config.select(ctx.global.profile.as_deref())?;
    let name = name.to_string();
    // Only a profile whose key can log in is worth pointing clients at.
    username_of(&name, profile)?;
    let hosts = if args.hosts.is_empty() {
        vec![kcr_host_of(&name, profile)?]
    } else {
        args.hosts
            .iter()
            .map(|host| host_argument(host))
            .collect::<Result<Vec<_>>>()?
    };
    let files = read_auth_files(ctx)?;
    let mut changes = Vec::new();
    let mut plaintext = Vec::new();
    for file in &files {
        for host in &hosts {
            if !file.points_at_helper(host) {
                changes.push(format!(
                    "point {host} at docker-credential-kcred in {} ({})",
                    file.path.display(),
                    file.reader.clients()
                ));
            }
            for key in file.plaintext_entries(host) {
                plaintext.push(format!(
                    "remove the plaintext login for {key} from {}",
                    file.path.display()
                ));
            }
        }
    }
    let recorded = |host: &String| {
        config.profiles[&name]
            .registry_hosts
            .iter()
            .any(|h| h == host)
    };
    for host in hosts.iter().filter(|host| !recorded(host)) {
        changes.push(format!("serve {host} with profile '{name}'"));
    }
    changes.extend(plaintext.iter().cloned());
    if args.dry_run {
        if changes.is_empty() {
            return output::print_line("Nothing to change.");
        }
        return output::print_line(
            &changes
                .iter()
                .map(|change| format!("would {change}"))
                .collect::<Vec<_>>()
                .join("\n"),
        );
    }
    if !plaintext.is_empty() {
        for line in &plaintext {
            ctx.ui.note(&format!("kcred will {line}"));
        }
        ctx.ui.confirm(
            &format!(
                "Remove {} plaintext registry login(s) (kcred serves them from now on)?",
                plaintext.len()
            ),
            args.yes,
        )?;
    }
    ctx.stores.update_config(|config| {
        for host in &hosts {
            record_host(config, &name, host);
        }
        Ok(())
    })?;
    // Each file changed as it is now, under its lock: what another kcred wrote since the
    // plan was read stays.
    for file in &files {
        AuthFile::edit(file.reader, &file.path, |file| {
            let mut changed = !file.exists;
            for host in &hosts {
                changed |= file.add_helper(host)?;
                for key in file.plaintext_entries(host) {
                    file.remove_auth(&key)?;
                    changed = true;
                }
            }
            Ok(changed)
        })?;
    }
    if changes.is_empty() {
        ctx.ui
            .note("Nothing to change: kcred already serves these registries.");
    } else {
        for change in &changes {
            ctx.ui.note(&format!("Done: {change}"));
        }
    }
    Ok(())
}

fn list(ctx: &Context) -> Result<()> {
    let config = ctx.stores.config()?;
    let files = read_auth_files(ctx)?;
    // host → (profile, files pointing at the helper)
    let mut rows: BTreeMap<String, (Option<String>, Vec<String>)> = BTreeMap::new();
    for (name, profile) in &config.profiles {
        for host in &profile.registry_hosts {
            rows.entry(host.clone()).or_default().0 = Some(name.clone());
        }
    }
    for file in &files {
        for host in file.helper_hosts() {
            rows.entry(host)
                .or_default()
                .1
                .push(file.path.display().to_string());
        }
    }
    match ctx.ui.output() {
        OutputFormat::Json => output::print_json(
            &rows
                .iter()
                .map(|(host, (profile, files))| {
                    serde_json::json!({"host": host, "profile": profile, "auth_files": files})
                })
                .collect::<Vec<_>>(),
        ),
        OutputFormat::Table if rows.is_empty() => {
            ctx.ui.note("kcred serves no registry; set one up with `kcred registry configure`.");
            Ok(())
        }
        OutputFormat::Table => output::print_table(
            &["HOST", "PROFILE", "AUTH FILES"],
            rows.into_iter()
                .map(|(host, (profile, files))| {
                    vec![
                        host,
                        output::or_dash(profile.as_deref()),
                        if files.is_empty() {
                            "-".to_string()
                        } else {
                            files.join(", ")
                        },
                    ]
                })
                .collect(),
        ),
    }
}

fn remove(ctx: &Context, host: &str) -> Result<()> {
    let host = host_argument(host)?;
    let files = read_auth_files(ctx)?;
    let mut done = Vec::new();
    for file in files.iter().filter(|file| file.points_at_helper(&host)) {
        let mut removed = false;
        AuthFile::edit(file.reader, &file.path, |file| {
            removed = file.remove_helper(&host)?;
            Ok(removed)
        })?;
        if removed {
            done.push(format!(
                "{host} no longer points at docker-credential-kcred in {}",
                file.path.display()
            ));
        }
    }
    if ctx
        .stores
        .update_config(|config| Ok(forget_host(config, &host)))?
    {
        done.push(format!("no profile serves {host} any more"));
    }
    if done.is_empty() {
        ctx.ui
            .note(&format!("kcred did not serve {host}: nothing to change."));
    }
    for line in done {
        ctx.ui.note(&format!("Done: {line}"));
    }
    Ok(())
}
