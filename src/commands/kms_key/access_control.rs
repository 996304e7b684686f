//! `kcred kms-key access-control`: whether a key's access-control list is on, who is on it,
//! and changes to both (`PUT …/access-control`, `…/access-control/targets`).

use super::{Kms, label, printable};
use crate::cli::KmsKeyAccessControlArgs;
use crate::commands::Context;
use crate::error::{Error, Result};
use crate::kms::{AccessTarget, BulkResult};
use crate::ui::output::{self, or_dash};
use serde::Serialize;
use serde_json::Value;

pub(super) fn run(ctx: &Context, args: KmsKeyAccessControlArgs) -> Result<()> {
    let add = check_targets(&args.add)?;
    let remove = check_targets(&args.remove)?;
    if let Some(both) = add.iter().find(|id| remove.contains(id)) {
        return Err(
            Error::usage(format!("'{}' is both added and removed", printable(both)))
                .with_hint("name each subject in --add or in --remove, not both"),
        );
    }
    let kms = Kms::open(ctx)?;
    let key = kms.find(&args.key)?;
    let id = key.id.clone().unwrap_or_else(|| args.key.clone());
    let switch = match (args.enable, args.disable) {
        (true, _) => Some(true),
        (_, true) => Some(false),
        _ => None,
    };
    let mut enabled = key.is_access_control_enabled;
    if let Some(on) = switch {
        let answer = kms.call(|client, token| client.set_access_control(token, &id, on))?;
        enabled = answer.is_enabled.or(Some(on));
        ctx.ui.note(&format!(
            "Access control of KMS key {} is {}.",
            label(&key),
            if on { "on" } else { "off" }
        ));
    }
    let mut failures = Vec::new();
    if !add.is_empty() {
        let result = kms.call(|client, token| client.add_access_targets(token, &id, &add))?;
        failures.extend(failed_items(&result, "add"));
    }
    if !remove.is_empty() {
        let result = kms.call(|client, token| client.remove_access_targets(token, &id, &remove))?;
        failures.extend(failed_items(&result, "remove"));
    }
    if !failures.is_empty() {
        return Err(Error::other(format!(
            "KakaoCloud KMS did not change every subject of KMS key {}: {}",
            label(&key),
            failures.join("; ")
        ))
        .with_hint(format!(
            "adding a subject needs an IAM service role; `kcred kms-key access-control {}` \
             shows the list as it is now",
            super::shell_word(&id)
        )));
    }
    let targets = kms.call(|client, token| client.access_targets(token, &id))?;
    print_list(ctx, &id, key.name.as_deref(), enabled, targets)
}

/// Subject IDs as given, each once; an empty one or one with control characters is refused.
pub(super) fn check_targets(ids: &[String]) -> Result<Vec<String>> {
    let mut checked: Vec<String> = Vec::new();
    for id in ids {
        let id = id.trim();
        if id.is_empty() || id.chars().any(char::is_control) {
            return Err(
                Error::usage(format!("'{}' is not a subject ID", printable(id)))
                    .with_hint("give the ID of an IAM user or service role"),
            );
        }
        if !checked.iter().any(|c| c == id) {
            checked.push(id.to_string());
        }
    }
    Ok(checked)
}

/// What a bulk answer says went wrong, item by item; counted failures without items are
/// reported as a count.
fn failed_items(result: &BulkResult, doing: &str) -> Vec<String> {
    let mut reasons: Vec<String> = result.results.iter().filter_map(item_failure).collect();
    let failed = result.failed.unwrap_or(0);
    if reasons.is_empty() && failed > 0 {
        reasons.push(format!("could not {doing} {failed} of them"));
    }
    reasons
}

/// One item of a bulk answer (`{target_id, is_added, error_code, message}` for subjects; the
/// SDK leaves other items untyped) as a reason, when it reports an error.
pub(super) fn item_failure(item: &Value) -> Option<String> {
    let text = |name: &str| {
        item.get(name)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    };
    let code = text("error_code");
    let failed_add = item.get("is_added").and_then(Value::as_bool) == Some(false)
        && item.get("is_already_exists").and_then(Value::as_bool) != Some(true);
    if code.is_none() && !failed_add {
        return None;
    }
    let subject = ["target_id", "id", "version"]
        .iter()
        .find_map(|name| match item.get(*name) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        })
        .unwrap_or_else(|| "?".to_string());
    let why = match (text("message"), code) {
        (Some(message), Some(code)) => format!("{message} ({code})"),
        (Some(message), None) => message.to_string(),
        (None, Some(code)) => code.to_string(),
        (None, None) => "not added".to_string(),
    };
    Some(printable(&crate::error::one_line(&format!(
        "{subject}: {why}"
    ))))
}

/// A subject as kcred prints it; these names are stable.
#[derive(Serialize)]
struct TargetView {
    id: Option<String>,
    name: Option<String>,
    #[serde(rename = "type")]
    assignment_type: Option<String>,
    exists: Option<bool>,
    created_at: Option<String>,
    created_by: Option<String>,
}

#[derive(Serialize)]
struct AccessControlView<'a> {
    key_id: &'a str,
    key_name: Option<&'a str>,
    enabled: Option<bool>,
    targets: Vec<TargetView>,
}

fn print_list(
    ctx: &Context,
    id: &str,
    name: Option<&str>,
    enabled: Option<bool>,
    targets: Vec<AccessTarget>,
) -> Result<()> {
    let targets: Vec<TargetView> = targets
        .into_iter()
        .map(|t| TargetView {
            id: t.id,
            name: t.name,
            assignment_type: t.assignment_type,
            exists: t.is_exists,
            created_at: super::utc(t.created_at.as_deref()),
            created_by: t.created_by,
        })
        .collect();
    let view = AccessControlView {
        key_id: id,
        key_name: name,
        enabled,
        targets,
    };
    let targets = &view.targets;
    ctx.ui.show(&view, || {
        let state = match enabled {
            Some(true) => "on: only the subjects below may use the key",
            Some(false) => "off",
            None => "-",
        };
        output::print_fields(vec![
            ("key", printable(&or_dash(name))),
            ("id", printable(id)),
            ("access control", state.to_string()),
        ])?;
        if targets.is_empty() {
            return output::print_line("no subjects on the list");
        }
        output::print_table(
            &["ID", "NAME", "TYPE", "EXISTS", "ADDED"],
            targets
                .iter()
                .map(|t| {
                    let text = |value: &Option<String>| printable(&or_dash(value.as_deref()));
                    vec![
                        text(&t.id),
                        text(&t.name),
                        text(&t.assignment_type),
                        match t.exists {
                            Some(true) => "yes".to_string(),
                            Some(false) => "no".to_string(),
                            None => "-".to_string(),
                        },
                        text(&t.created_at),
                    ]
                })
                .collect(),
        )
    })
}
