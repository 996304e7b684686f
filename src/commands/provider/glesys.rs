//! GleSYS: a project ID and an API key (its secret in the secret store) manage the S3 access
//! keys of Object Storage instances. There are no tokens; the keys' secrets go to the secret
//! store at creation, and `env --s3`, `exec --s3` and `credential-process` use them as they
//! do KakaoCloud's. GleSYS allows many keys per instance: no limit is checked.

use super::{Capability, NewProfile, Provider, selected_profile, validate_identifier};
use crate::cli::{ProfileAddArgs, S3KeyAction};
use crate::commands::Context;
use crate::config::{
    GlesysSettings, Profile, ProviderKind, ProviderSettings, validate_endpoint, validate_s3_region,
};
use crate::error::{Error, Result};
use crate::failpoint;
use crate::glesys::{GlesysClient, Instance};
use crate::secrets::SecretName;
use crate::ui::output::{self, EnvVar, or_dash};
use secrecy::{ExposeSecret, SecretString};
use serde::Serialize;

pub struct Glesys;

impl Provider for Glesys {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Glesys
    }

    fn capabilities(&self) -> &'static [Capability] {
        &[Capability::GlesysCommands]
    }

    fn default_endpoint(&self) -> &'static str {
        crate::glesys::DEFAULT_ENDPOINT
    }

    fn secret_prompt(&self) -> &'static str {
        "GleSYS API key"
    }

    fn new_profile(
        &self,
        ctx: &Context,
        args: &ProfileAddArgs,
        endpoint: String,
        secret: &SecretString,
    ) -> Result<NewProfile> {
        let project = args.project.as_deref().ok_or_else(|| {
            Error::usage("a glesys profile needs --project (the project ID, e.g. CL12345)")
        })?;
        let project = validate_identifier("project ID", project)?;
        if !args.no_verify {
            client_for(ctx, &endpoint, &project, secret.clone())?
                .list_instances()
                .map_err(|err| super::verification_failed(err, "API key"))?;
        }
        Ok(NewProfile {
            profile: Profile::new(
                endpoint,
                ProviderSettings::Glesys(GlesysSettings { project }),
            ),
            first_token: None,
        })
    }

    fn variables(&self, ctx: &Context) -> Result<(Option<String>, Vec<EnvVar>)> {
        let (name, _) = selected_profile(ctx)?;
        Ok((Some(name), Vec::new()))
    }

    fn s3_key(&self, ctx: &Context, command: S3KeyAction) -> Result<()> {
        match command {
            S3KeyAction::Create {
                instance,
                description,
                show_secret,
                ..
            } => create(
                ctx,
                &required(instance)?,
                description.as_deref(),
                show_secret,
            ),
            S3KeyAction::List { instance, .. } => list(ctx, instance.as_deref()),
            S3KeyAction::Delete {
                access_key,
                instance,
                yes,
            } => delete(ctx, &access_key, instance.as_deref(), yes),
        }
    }
}

fn required(instance: Option<String>) -> Result<String> {
    instance.ok_or_else(|| {
        Error::usage("GleSYS keys belong to an Object Storage instance: give --instance ID")
            .with_hint("`kcred glesys instances` lists them")
    })
}

fn client_for(
    ctx: &Context,
    endpoint: &str,
    project: &str,
    api_key: SecretString,
) -> Result<GlesysClient> {
    Ok(GlesysClient::new(endpoint, project, api_key, ctx.http()?))
}

/// A client for the selected glesys profile, its API key from the secret store.
fn client(ctx: &Context) -> Result<(String, GlesysClient)> {
    let (name, profile) = selected_profile(ctx)?;
    let project = match &profile.settings {
        ProviderSettings::Glesys(glesys) => glesys.project.clone(),
        _ => {
            return Err(
                Error::usage(format!("profile '{name}' is not a glesys profile"))
                    .with_hint("pick one with --profile"),
            );
        }
    };
    let api_key = ctx.profile_secret(&name)?;
    let client = client_for(ctx, &profile.endpoint, &project, api_key)?;
    Ok((name, client))
}

#[derive(Serialize)]
struct KeyView {
    access_key: String,
    credential_id: String,
    instance_id: String,
    datacenter: Option<String>,
    description: Option<String>,
    created: Option<String>,
    secret_stored: bool,
}

#[derive(Serialize)]
struct CreatedView {
    access_key: String,
    credential_id: String,
    instance_id: String,
    description: Option<String>,
    secret_stored_as: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
}

/// GleSYS's S3 endpoint for a data center (not returned by its API; the pattern its users
/// configure).
/// A data center from GleSYS's answer as the S3 region and endpoint it gives, each checked
/// as a user's would be.
fn checked_datacenter(datacenter: &str) -> Result<(String, String)> {
    let bad = |why: String| {
        Error::network(format!(
            "GleSYS named the instance's data center {}, which is no region name: {why}",
            crate::ui::output::for_terminal(&format!("{datacenter:?}"))
        ))
        .with_hint("nothing was created or changed; check the endpoint is GleSYS's API, or set the profile's --s3-endpoint and --s3-region yourself")
    };
    let region = validate_s3_region(datacenter).map_err(|err| bad(err.message().to_string()))?;
    let endpoint =
        validate_endpoint(&s3_endpoint(&region)).map_err(|err| bad(err.message().to_string()))?;
    Ok((region, endpoint))
}

fn s3_endpoint(datacenter: &str) -> String {
    format!("https://objects.{datacenter}.glesys.net")
}

fn create(
    ctx: &Context,
    instance_id: &str,
    description: Option<&str>,
    show_secret: bool,
) -> Result<()> {
    let (profile, client) = client(ctx)?;
    let instance = client.instance_details(instance_id)?;
    // Checked as a user's region and endpoint are, before anything is made or written: it
    // becomes part of the profile.
    let datacenter = instance
        .datacenter
        .as_deref()
        .map(checked_datacenter)
        .transpose()?;
    let created = client.create_credential(&instance.id, description)?;
    failpoint::reached("glesys-s3-key-create:key-created");
    // The secret goes to the keyring before anything is printed; a key whose secret nobody
    // has is deleted again. (GleSYS has no limit on keys, so a key left by a crash right here
    // costs no slot: `s3-key list` shows it without a stored secret, `s3-key delete` frees it.)
    let secret_name = SecretName::S3KeySecret(created.accesskey.clone());
    if let Err(err) = ctx.stores.store().set(&secret_name, &created.secretkey) {
        let fate = match client.delete_credential(&instance.id, &created.id) {
            Ok(()) => "the new key was deleted again".to_string(),
            Err(_) => format!(
                "deleting it failed too: `kcred s3-key delete {} --instance {}`",
                created.accesskey, instance.id
            ),
        };
        return Err(err.context(format!("storing the new S3 key's secret failed ({fate})")));
    }
    failpoint::reached("glesys-s3-key-create:secret-stored");
    ctx.stores.update_config(|config| {
        if let Some(p) = config.profiles.get_mut(&profile) {
            if !p.s3_access_keys.contains(&created.accesskey) {
                p.s3_access_keys.push(created.accesskey.clone());
            }
            // S3 clients need the instance's data center.
            if let (None, Some((dc, endpoint))) = (&p.s3_endpoint, &datacenter) {
                p.s3_endpoint = Some(endpoint.clone());
                p.s3_region = Some(dc.clone());
            }
        }
        Ok(())
    })?;
    let view = CreatedView {
        access_key: created.accesskey.clone(),
        credential_id: created.id.clone(),
        instance_id: instance.id.clone(),
        description: created.description.clone(),
        secret_stored_as: secret_name.to_string(),
        secret: show_secret.then(|| created.secretkey.expose_secret().to_string()),
    };
    let fields = vec![
        ("access key", view.access_key.clone()),
        ("credential id", view.credential_id.clone()),
        ("instance", view.instance_id.clone()),
        ("description", or_dash(view.description.as_deref())),
        ("secret stored as", view.secret_stored_as.clone()),
    ];
    crate::commands::print_new_key(ctx, &view, fields, view.secret.as_deref())
}

fn instances_of(client: &GlesysClient, wanted: Option<&str>) -> Result<Vec<Instance>> {
    match wanted {
        Some(id) => Ok(vec![client.instance_details(id)?]),
        None => client.list_instances(),
    }
}

fn list(ctx: &Context, wanted: Option<&str>) -> Result<()> {
    let (_, client) = client(ctx)?;
    let mut views = Vec::new();
    for instance in instances_of(&client, wanted)? {
        for credential in &instance.credentials {
            views.push(KeyView {
                secret_stored: ctx
                    .stores
                    .store()
                    .get(&SecretName::S3KeySecret(credential.accesskey.clone()))?
                    .is_some(),
                access_key: credential.accesskey.clone(),
                credential_id: credential.id.clone(),
                instance_id: instance.id.clone(),
                datacenter: instance.datacenter.clone(),
                description: credential.description.clone(),
                created: credential.created.clone(),
            });
        }
    }
    ctx.ui.show(&views, || {
        output::print_table(
            &[
                "ACCESS KEY",
                "INSTANCE",
                "DESCRIPTION",
                "CREATED",
                "SECRET IN KEYRING",
            ],
            views
                .iter()
                .map(|v| {
                    vec![
                        v.access_key.clone(),
                        v.instance_id.clone(),
                        or_dash(v.description.as_deref()),
                        or_dash(v.created.as_deref()),
                        if v.secret_stored { "yes" } else { "no" }.to_string(),
                    ]
                })
                .collect(),
        )
    })
}

fn delete(ctx: &Context, access: &str, wanted: Option<&str>, yes: bool) -> Result<()> {
    let (_, client) = client(ctx)?;
    let found = instances_of(&client, wanted)?
        .into_iter()
        .find_map(|instance| {
            instance
                .credentials
                .iter()
                .find(|c| c.accesskey == access)
                .map(|c| (instance.id.clone(), c.id.clone()))
        });
    let Some((instance_id, credential_id)) = found else {
        return Err(
            Error::other(format!("no S3 access key '{access}' in your instances"))
                .with_hint("`kcred s3-key list` shows them"),
        );
    };
    ctx.ui.confirm(
        &format!("Delete S3 access key {access} of {instance_id}?"),
        yes,
    )?;
    // Forgotten here first, deleted at GleSYS then: whatever interrupts the two leaves a key
    // that kcred no longer hands out, which `s3-key list` shows without a stored secret and a
    // second `s3-key delete` removes; never a deleted key whose credentials kcred offers.
    crate::commands::s3::drop_deleted_key(ctx, access)?;
    failpoint::reached("glesys-s3-key-delete:forgotten");
    client
        .delete_credential(&instance_id, &credential_id)
        .map_err(|err| {
            err.context(format!(
                "kcred has dropped S3 access key {access} and its secret, but GleSYS still has \
                 the key; `kcred s3-key delete {access} --yes` deletes it"
            ))
        })?;
    ctx.ui.note(&format!("Deleted S3 access key {access}."));
    Ok(())
}

/// `kcred glesys instances`: the Object Storage instances and their keys (never secrets).
pub fn instances(ctx: &Context) -> Result<()> {
    let (_, client) = client(ctx)?;
    #[derive(Serialize)]
    struct View {
        id: String,
        description: Option<String>,
        datacenter: Option<String>,
        created: Option<String>,
        access_keys: Vec<String>,
        s3_endpoint: Option<String>,
    }
    let views: Vec<View> = client
        .list_instances()?
        .into_iter()
        .map(|i| View {
            s3_endpoint: i.datacenter.as_deref().map(s3_endpoint),
            access_keys: i.credentials.iter().map(|c| c.accesskey.clone()).collect(),
            id: i.id,
            description: i.description,
            datacenter: i.datacenter,
            created: i.created,
        })
        .collect();
    ctx.ui.show(&views, || {
        output::print_table(
            &["ID", "DATACENTER", "DESCRIPTION", "KEYS", "S3 ENDPOINT"],
            views
                .iter()
                .map(|v| {
                    vec![
                        v.id.clone(),
                        or_dash(v.datacenter.as_deref()),
                        or_dash(v.description.as_deref()),
                        v.access_keys.len().to_string(),
                        or_dash(v.s3_endpoint.as_deref()),
                    ]
                })
                .collect(),
        )
    })
}
