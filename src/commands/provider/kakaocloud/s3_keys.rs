//! KakaoCloud's S3 access keys (Keystone EC2 credentials), at most 2 per project.

use crate::cli::S3KeyAction;
use crate::commands::s3::{forget_deleted_key, remember_key};
use crate::commands::{Context, Session, key_journal, project};
use crate::error::{Error, ErrorKind, Result};
use crate::failpoint;
use crate::iam::{CreatedS3Key, ProjectInfo, S3KeyInfo};
use crate::journal::{Intent, Sent};
use crate::key_ops;
use crate::secrets::SecretName;
use crate::ui::output::{self, or_dash};
use secrecy::ExposeSecret;
use serde::Serialize;
use std::cell::Cell;

/// KakaoCloud allows at most this many S3 access keys per project.
pub const KEYS_PER_PROJECT: usize = 2;

/// KakaoCloud's S3 access keys (other providers have their own; `credential-process` is
/// the same for all and is dispatched before this).
pub(super) fn run(ctx: &Context, command: S3KeyAction) -> Result<()> {
    let no_instance = |instance: &Option<String>| match instance {
        Some(_) => Err(Error::usage("--instance is for GleSYS profiles")
            .with_hint("KakaoCloud keys belong to a project: --project")),
        None => Ok(()),
    };
    match command {
        S3KeyAction::Create {
            project,
            show_secret,
            instance,
            description,
        } => {
            no_instance(&instance)?;
            if description.is_some() {
                return Err(Error::usage(
                    "KakaoCloud S3 access keys have no description",
                ));
            }
            create(ctx, project.as_deref(), show_secret)
        }
        S3KeyAction::List { project, instance } => {
            no_instance(&instance)?;
            list(ctx, project.as_deref())
        }
        S3KeyAction::Delete {
            access_key,
            yes,
            instance,
        } => {
            no_instance(&instance)?;
            delete(ctx, &access_key, yes)
        }
    }
}

#[derive(Serialize)]
struct KeyView {
    access_key: String,
    project_id: Option<String>,
    project_name: Option<String>,
    /// Whether the OS keyring holds this key's secret.
    secret_stored: bool,
}

#[derive(Serialize)]
struct CreatedView {
    access_key: String,
    project_id: String,
    project_name: String,
    secret_stored_as: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
}

/// The project a command is about: the one named, else the current key's.
fn target_project(session: &Session, wanted: Option<&str>) -> Result<ProjectInfo> {
    match wanted {
        Some(wanted) => project::find(session, wanted),
        None => {
            let id = session.project_id().ok_or_else(|| {
                Error::usage("the current key is bound to no project")
                    .with_hint("name one with --project")
            })?;
            project::find(session, &id)
        }
    }
}

fn keys(session: &Session) -> Result<Vec<S3KeyInfo>> {
    let user_id = session.user_id();
    session.call(|client, token| client.list_s3_keys(token, &user_id))
}

fn limit_error(project: &ProjectInfo, keys: &[&S3KeyInfo]) -> Error {
    let listed: Vec<&str> = keys.iter().map(|key| key.access.as_str()).collect();
    Error::new(
        ErrorKind::LimitReached,
        format!(
            "project '{}' already has {} S3 access keys, the most KakaoCloud allows: {}",
            project.name,
            keys.len(),
            listed.join(", ")
        ),
    )
    .with_hint(match listed.first() {
        Some(access) => format!("delete one first, e.g. `kcred s3-key delete {access}`"),
        None => "delete one first with `kcred s3-key delete ACCESS_KEY`".to_string(),
    })
}

/// When the answer to a create was lost, the key may exist all the same, its secret lost with
/// the answer. The keys are listed again: one that was not there before is deleted (nobody has
/// its secret), and the error says which happened.
/// Also says whether what the create may have left is known to be gone.
/// A request that got no answer may still land until its deadline (`sent`): no key yet is no
/// proof, and the journal keeps the record.
fn after_lost_answer(
    session: &Session,
    before: &[S3KeyInfo],
    sent: Option<Sent>,
    err: Error,
) -> (Error, bool) {
    if err.kind() != ErrorKind::Network {
        // A refusal: nothing was made.
        return (err, true);
    }
    let Ok(now) = keys(session) else {
        return (err, false);
    };
    let user_id = session.user_id();
    let new: Vec<&S3KeyInfo> = now
        .iter()
        .filter(|key| !before.iter().any(|b| b.access == key.access))
        .collect();
    let (outcome, cleaned_up) = match new.as_slice() {
        [] => key_journal::key_not_found_after(&err, sent),
        [key] => {
            match session.call(|client, token| client.delete_s3_key(token, &user_id, &key.access)) {
                Ok(()) => (
                    format!(
                        "KakaoCloud created the key {} all the same; its secret never arrived, so kcred deleted it again",
                        key.access
                    ),
                    true,
                ),
                Err(_) => (
                    format!(
                        "KakaoCloud created the key {} all the same, but its secret never arrived: delete it with `kcred s3-key delete {}`",
                        key.access, key.access
                    ),
                    false,
                ),
            }
        }
        several => (
            format!(
                "new keys appeared meanwhile ({}); one may be kcred's, without its secret: check with `kcred s3-key list`",
                several
                    .iter()
                    .map(|k| k.access.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            false,
        ),
    };
    (err.with_hint(format!("{outcome}; try again")), cleaned_up)
}

fn in_project<'a>(keys: &'a [S3KeyInfo], project: &ProjectInfo) -> Vec<&'a S3KeyInfo> {
    keys.iter()
        .filter(|key| key.tenant_id.as_deref() == Some(project.id.as_str()))
        .collect()
}

fn create(ctx: &Context, wanted: Option<&str>, show_secret: bool) -> Result<()> {
    let operation = key_journal::begin(ctx, &key_ops::scope_of(&ctx.credential()?))?;
    let session = ctx.session()?;
    let project = target_project(&session, wanted)?;
    let existing = keys(&session)?;
    let taken = in_project(&existing, &project);
    if taken.len() >= KEYS_PER_PROJECT {
        return Err(limit_error(&project, &taken));
    }
    let user_id = session.user_id();
    let intent = |sent: Option<Sent>, access_key: Option<String>| Intent::CreateS3Key {
        project_id: project.id.clone(),
        keys_before: existing.iter().map(|key| key.access.clone()).collect(),
        access_key,
        sent,
    };
    operation.record(&intent(None, None))?;
    failpoint::reached("s3-key-create:journaled");
    let timeout = ctx.global.timeout;
    let last_sent = Cell::new(None);
    let created: CreatedS3Key = session
        .call(|client, token| {
            // Before each attempt: a request whose answer never comes may still make the key
            // until its deadline, and recovery must know to wait for it.
            let sent = Sent::now(timeout);
            operation.record(&intent(Some(sent), None))?;
            last_sent.set(Some(sent));
            client.create_s3_key(token, &user_id, &project.id)
        })
        .map_err(|err| {
            if err.http_status() != Some(403) {
                return err;
            }
            match keys(&session) {
                Ok(now) if in_project(&now, &project).len() >= KEYS_PER_PROJECT => {
                    limit_error(&project, &in_project(&now, &project))
                }
                _ => err,
            }
        })
        .map_err(|err| after_lost_answer(&session, &existing, last_sent.get(), err))
        .map_err(|(err, cleaned_up)| {
            // Else the record stays, and the next run makes sure.
            if cleaned_up {
                let _ = operation.finish();
            }
            err
        })?;
    failpoint::reached("s3-key-create:key-created");
    operation.record(&intent(None, Some(created.access.clone())))?;
    // The secret goes to the keyring before anything is printed; without it the key is
    // useless, so it is deleted again.
    let secret_name = SecretName::S3KeySecret(created.access.clone());
    if let Err(err) = ctx.stores.store().set(&secret_name, &created.secret) {
        let undone =
            session.call(|client, token| client.delete_s3_key(token, &user_id, &created.access));
        let fate = if undone.is_ok() {
            // Else the record stays, and the next run deletes it.
            let _ = operation.finish();
            "the new key was deleted again".to_string()
        } else {
            format!(
                "deleting it failed too: `kcred s3-key delete {}`",
                created.access
            )
        };
        return Err(err.context(format!("storing the new S3 key's secret failed ({fate})")));
    }
    failpoint::reached("s3-key-create:secret-stored");
    if let Some(profile) = session.credential.stored_profile() {
        remember_key(ctx, profile, &created.access)?;
    }
    failpoint::reached("s3-key-create:key-remembered");
    operation.finish()?;
    let view = CreatedView {
        access_key: created.access.clone(),
        project_id: project.id.clone(),
        project_name: project.name.clone(),
        secret_stored_as: secret_name.to_string(),
        secret: show_secret.then(|| created.secret.expose_secret().to_string()),
    };
    let fields = vec![
        ("access key", view.access_key.clone()),
        (
            "project",
            format!("{} ({})", view.project_name, view.project_id),
        ),
        ("secret stored as", view.secret_stored_as.clone()),
    ];
    crate::commands::print_new_key(ctx, &view, fields, view.secret.as_deref())
}

fn list(ctx: &Context, wanted: Option<&str>) -> Result<()> {
    let session = ctx.session()?;
    let filter = wanted
        .map(|w| target_project(&session, Some(w)))
        .transpose()?;
    let projects = project::projects(&session)?;
    let name_of = |id: Option<&str>| {
        projects
            .iter()
            .find(|p| Some(p.id.as_str()) == id)
            .map(|p| p.name.clone())
    };
    let mut views = Vec::new();
    for key in keys(&session)? {
        if let Some(project) = &filter
            && key.tenant_id.as_deref() != Some(project.id.as_str())
        {
            continue;
        }
        let secret_stored = ctx
            .stores
            .store()
            .get(&SecretName::S3KeySecret(key.access.clone()))?
            .is_some();
        views.push(KeyView {
            project_name: name_of(key.tenant_id.as_deref()),
            project_id: key.tenant_id,
            access_key: key.access,
            secret_stored,
        });
    }
    ctx.ui.show(&views, || {
        output::print_table(
            &["ACCESS KEY", "PROJECT ID", "PROJECT", "SECRET IN KEYRING"],
            views
                .iter()
                .map(|v| {
                    vec![
                        v.access_key.clone(),
                        or_dash(v.project_id.as_deref()),
                        or_dash(v.project_name.as_deref()),
                        if v.secret_stored { "yes" } else { "no" }.to_string(),
                    ]
                })
                .collect(),
        )
    })
}

fn delete(ctx: &Context, access: &str, yes: bool) -> Result<()> {
    let operation = key_journal::begin(ctx, &key_ops::scope_of(&ctx.credential()?))?;
    let session = ctx.session()?;
    if !keys(&session)?.iter().any(|key| key.access == access) {
        return Err(
            Error::other(format!("you have no S3 access key '{access}'"))
                .with_hint("`kcred s3-key list` shows them"),
        );
    }
    ctx.ui
        .confirm(&format!("Delete S3 access key {access}?"), yes)?;
    let user_id = session.user_id();
    operation.record(&Intent::DeleteS3Key {
        access_key: access.to_string(),
    })?;
    failpoint::reached("s3-key-delete:journaled");
    session
        .call(|client, token| client.delete_s3_key(token, &user_id, access))
        .inspect_err(|_| key_journal::settle_after_failure(ctx, &operation))?;
    failpoint::reached("s3-key-delete:key-deleted");
    forget_deleted_key(ctx, access)?;
    operation.finish()
}
