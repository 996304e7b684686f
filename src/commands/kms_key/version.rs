//! `kcred kms-key version …`: the lifecycle of a key's versions as KakaoCloud's guide has it —
//! ACTIVE, then DEACTIVATED, then destruction scheduled for a time (cancellable until then),
//! then DESTROYED — and the rule it sets for deleting a key: only in pre-activation, or once
//! every version is destroyed.

use super::{Kms, VersionView, label, print_versions, shell_word, utc, utc_text};
use crate::cli::{KmsKeyVersionCommand, OutputFormat};
use crate::commands::Context;
use crate::error::{Error, Result};
use crate::kms::{BulkResult, Key, KeyVersion};
use jiff::{SignedDuration, Timestamp};

/// How far ahead `destroy` schedules when no `--at` is given: kcred's choice (KakaoCloud
/// documents no default), long enough to notice a mistake and cancel.
const DEFAULT_DESTRUCTION_DELAY: SignedDuration = SignedDuration::from_hours(7 * 24);

const ACTIVE: &str = "ACTIVE";
const DEACTIVATED: &str = "DEACTIVATED";
const DESTROYED: &str = "DESTROYED";

pub(super) fn run(ctx: &Context, command: KmsKeyVersionCommand) -> Result<()> {
    match command {
        KmsKeyVersionCommand::Deactivate { key, version } => deactivate(ctx, &key, version),
        KmsKeyVersionCommand::Destroy {
            key,
            versions,
            at,
            yes,
        } => destroy(ctx, &key, &versions, at.as_deref(), yes),
        KmsKeyVersionCommand::CancelDestroy { key, versions } => {
            cancel_destroy(ctx, &key, &versions)
        }
    }
}

/// Deactivated with a destruction time: the SDK has no state of its own for it.
pub(super) fn destruction_scheduled(version: &KeyVersion) -> bool {
    version.status.as_deref() == Some(DEACTIVATED) && version.resolved_destruction_at.is_some()
}

/// Refuses (exit 2) to delete a key that KakaoCloud would refuse to delete, and says which
/// commands make it deletable.
pub(super) fn check_deletable(key: &Key, id: &str, versions: &[KeyVersion]) -> Result<()> {
    let live: Vec<&KeyVersion> = versions
        .iter()
        .filter(|v| v.status.as_deref() != Some(DESTROYED))
        .collect();
    if live.is_empty() {
        return Ok(());
    }
    let numbers = |pick: &dyn Fn(&KeyVersion) -> bool| -> Vec<String> {
        live.iter()
            .filter(|v| pick(v))
            .filter_map(|v| v.version.map(|n| n.to_string()))
            .collect()
    };
    let described: Vec<String> = live
        .iter()
        .map(|v| {
            let number = v.version.map_or_else(|| "?".to_string(), |n| n.to_string());
            let status = super::printable(v.status.as_deref().unwrap_or("of unknown status"));
            match (
                destruction_scheduled(v),
                utc(v.resolved_destruction_at.as_deref()),
            ) {
                (true, Some(at)) => format!("version {number} is {status}, destroyed at {at}"),
                _ => format!("version {number} is {status}"),
            }
        })
        .collect();
    let word = shell_word(id);
    let mut steps = Vec::new();
    for number in numbers(&|v| v.status.as_deref() == Some(ACTIVE)) {
        steps.push(format!(
            "`kcred kms-key version deactivate {word} {number}`"
        ));
    }
    let unscheduled = numbers(&|v| !destruction_scheduled(v));
    if !unscheduled.is_empty() {
        steps.push(format!(
            "`kcred kms-key version destroy {word} {}`",
            unscheduled.join(" ")
        ));
    }
    let last_scheduled = live
        .iter()
        .filter(|v| destruction_scheduled(v))
        .filter_map(|v| utc(v.resolved_destruction_at.as_deref()))
        .max();
    let wait = match (unscheduled.is_empty(), last_scheduled) {
        (true, Some(at)) => format!("delete it after {at}, when the last version is destroyed"),
        _ => "delete it once the destruction time has passed".to_string(),
    };
    steps.push(format!("{wait}: `kcred kms-key delete {word}`"));
    Err(Error::usage(format!(
        "KMS key {} cannot be deleted yet: KakaoCloud deletes a key only in pre-activation \
         or when all of its versions are destroyed, and {}",
        label(key),
        described.join(", ")
    ))
    .with_hint(steps.join(", then ")))
}

/// The key and the requested versions as the server lists them; a number it does not list
/// is exit 1, like an unknown key.
fn versions_of(kms: &Kms, wanted: &str, numbers: &[u32]) -> Result<(Key, String, Vec<KeyVersion>)> {
    let key = kms.find(wanted)?;
    let id = key.id.clone().unwrap_or_else(|| wanted.to_string());
    let listed = kms.call(|client, token| client.list_versions(token, &id))?;
    let mut picked = Vec::new();
    for number in numbers {
        if picked
            .iter()
            .any(|v: &KeyVersion| v.version == Some(i64::from(*number)))
        {
            continue;
        }
        match listed
            .iter()
            .find(|v| v.version == Some(i64::from(*number)))
        {
            Some(found) => picked.push(found.clone()),
            None => {
                return Err(Error::other(format!(
                    "KMS key {} has no version {number}",
                    label(&key)
                ))
                .with_hint(format!(
                    "`kcred kms-key versions {}` lists its versions",
                    shell_word(&id)
                ))
                .with_http_status(404));
            }
        }
    }
    Ok((key, id, picked))
}

/// A state in which the operation cannot be done, as a usage error (exit 2).
fn refused(key: &Key, version: &KeyVersion, why: &str, hint: String) -> Error {
    let number = version.version.unwrap_or_default();
    Error::usage(format!("version {number} of KMS key {} {why}", label(key))).with_hint(hint)
}

fn number_of(version: &KeyVersion) -> u32 {
    version
        .version
        .and_then(|n| u32::try_from(n).ok())
        .unwrap_or_default()
}

fn deactivate(ctx: &Context, wanted: &str, number: u32) -> Result<()> {
    let kms = Kms::open(ctx)?;
    let (key, id, picked) = versions_of(&kms, wanted, &[number])?;
    let version = &picked[0];
    match version.status.as_deref() {
        Some(DESTROYED) => {
            return Err(refused(
                &key,
                version,
                "is destroyed",
                "a destroyed version has nothing left to deactivate".to_string(),
            ));
        }
        Some(DEACTIVATED) => {
            ctx.ui.note(&format!(
                "Version {number} of KMS key {} is already deactivated.",
                label(&key)
            ));
        }
        _ => {
            kms.call(|client, token| client.deactivate_version(token, &id, number))?;
            ctx.ui.note(&format!(
                "Deactivated version {number} of KMS key {}: it no longer encrypts or decrypts.",
                label(&key)
            ));
        }
    }
    print_changed(ctx, &kms, &key, &id, &[number])
}

/// `--at` as a time in the future, to the second; the default when not given.
fn destruction_time(at: Option<&str>, now: Timestamp) -> Result<Timestamp> {
    let Some(text) = at else {
        return Ok(
            Timestamp::from_second((now + DEFAULT_DESTRUCTION_DELAY).as_second()).unwrap_or(now),
        );
    };
    let hint = "give a time with its offset, such as 2027-01-31T00:00:00Z or \
                2027-01-31T09:00:00+09:00";
    let parsed: Timestamp = text.trim().parse().map_err(|_| {
        Error::usage(format!(
            "--at '{}' is not an RFC 3339 time",
            super::printable(text)
        ))
        .with_hint(hint)
    })?;
    let parsed = Timestamp::from_second(parsed.as_second()).unwrap_or(parsed);
    if parsed <= now {
        return Err(Error::usage(format!(
            "--at {} is in the past: it is {} now",
            utc_text(parsed),
            utc_text(now)
        ))
        .with_hint("a destruction is scheduled for a time in the future"));
    }
    Ok(parsed)
}

fn destroy(
    ctx: &Context,
    wanted: &str,
    numbers: &[u32],
    at: Option<&str>,
    yes: bool,
) -> Result<()> {
    // A bad time is found before anything is asked of the server.
    let when = destruction_time(at, Timestamp::now())?;
    let kms = Kms::open(ctx)?;
    let (key, id, picked) = versions_of(&kms, wanted, numbers)?;
    for version in &picked {
        match version.status.as_deref() {
            Some(DESTROYED) => {
                return Err(refused(
                    &key,
                    version,
                    "is already destroyed",
                    format!(
                        "`kcred kms-key versions {}` shows each version's state",
                        shell_word(&id)
                    ),
                ));
            }
            Some(ACTIVE) => {
                return Err(refused(
                    &key,
                    version,
                    "is ACTIVE: only a deactivated version can be scheduled for destruction",
                    format!(
                        "deactivate it first: `kcred kms-key version deactivate {} {}`",
                        shell_word(&id),
                        number_of(version)
                    ),
                ));
            }
            _ => {}
        }
    }
    let numbers: Vec<u32> = picked.iter().map(number_of).collect();
    let at = utc_text(when);
    let which = versions_text(&numbers);
    if !yes && ctx.ui.interactive() {
        ctx.ui.note(&format!(
            "Data encrypted with {which} can never be decrypted again after {at} (UTC), \
             unless the destruction is cancelled before then."
        ));
    }
    ctx.ui.confirm(
        &format!("Destroy {which} of KMS key {} at {at}?", label(&key)),
        yes,
    )?;
    match numbers.as_slice() {
        [one] => {
            kms.call(|client, token| client.schedule_destroy(token, &id, *one, &at))?;
        }
        many => {
            let result =
                kms.call(|client, token| client.schedule_destroy_many(token, &id, many, &at))?;
            check_bulk(&result, "schedule the destruction of", many)?;
        }
    }
    ctx.ui.note(&format!(
        "Scheduled {which} of KMS key {} for destruction at {at}; \
         `kcred kms-key version cancel-destroy {} {}` cancels it until then.",
        label(&key),
        shell_word(&id),
        numbers
            .iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(" ")
    ));
    print_changed(ctx, &kms, &key, &id, &numbers)
}

fn cancel_destroy(ctx: &Context, wanted: &str, numbers: &[u32]) -> Result<()> {
    let kms = Kms::open(ctx)?;
    let (key, id, picked) = versions_of(&kms, wanted, numbers)?;
    for version in &picked {
        if version.status.as_deref() == Some(DESTROYED) {
            return Err(refused(
                &key,
                version,
                "is already destroyed: that cannot be undone",
                "only a destruction that is still scheduled can be cancelled".to_string(),
            ));
        }
        if !destruction_scheduled(version) {
            return Err(refused(
                &key,
                version,
                "has no destruction scheduled",
                format!(
                    "`kcred kms-key versions {}` shows which versions are scheduled",
                    shell_word(&id)
                ),
            ));
        }
    }
    let numbers: Vec<u32> = picked.iter().map(number_of).collect();
    match numbers.as_slice() {
        [one] => {
            kms.call(|client, token| client.cancel_destroy(token, &id, *one))?;
        }
        many => {
            let result = kms.call(|client, token| client.cancel_destroy_many(token, &id, many))?;
            check_bulk(&result, "cancel the destruction of", many)?;
        }
    }
    ctx.ui.note(&format!(
        "Cancelled the destruction of {} of KMS key {}; deactivated, it stays.",
        versions_text(&numbers),
        label(&key)
    ));
    print_changed(ctx, &kms, &key, &id, &numbers)
}

/// "version 2", "versions 1, 2".
fn versions_text(numbers: &[u32]) -> String {
    let list: Vec<String> = numbers.iter().map(u32::to_string).collect();
    match list.as_slice() {
        [one] => format!("version {one}"),
        _ => format!("versions {}", list.join(", ")),
    }
}

/// A bulk answer that reports failures is an error naming them, with the server's words.
fn check_bulk(result: &BulkResult, doing: &str, numbers: &[u32]) -> Result<()> {
    let failed = result.failed.unwrap_or(0);
    if failed <= 0 {
        return Ok(());
    }
    let reasons: Vec<String> = result
        .results
        .iter()
        .filter_map(super::access_control::item_failure)
        .collect();
    let mut message = format!(
        "KakaoCloud KMS could not {doing} {failed} of {}",
        versions_text(numbers)
    );
    if !reasons.is_empty() {
        message.push_str(&format!(": {}", reasons.join("; ")));
    }
    Err(Error::other(message).with_hint("`kcred kms-key versions KEY` shows what did change"))
}

/// After a change, the versions it touched as the server now lists them.
fn print_changed(ctx: &Context, kms: &Kms, key: &Key, id: &str, numbers: &[u32]) -> Result<()> {
    let mut listed = kms.call(|client, token| client.list_versions(token, id))?;
    listed.retain(|v| {
        v.version
            .is_some_and(|n| numbers.iter().any(|wanted| i64::from(*wanted) == n))
    });
    listed.sort_by_key(|v| v.version);
    let views: Vec<VersionView> = listed
        .into_iter()
        .map(|v| VersionView::new(v, key.default_version))
        .collect();
    if ctx.ui.output() == OutputFormat::Table && views.is_empty() {
        return Ok(());
    }
    print_versions(ctx, &views)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(number: i64, status: &str, destruction: Option<&str>) -> KeyVersion {
        KeyVersion {
            version: Some(number),
            status: Some(status.into()),
            resolved_destruction_at: destruction.map(str::to_string),
            ..KeyVersion::default()
        }
    }

    fn key() -> Key {
        Key {
            id: Some("k-1".into()),
            name: Some("app".into()),
            status: Some("ACTIVE".into()),
            ..Key::default()
        }
    }

    #[test]
    fn a_key_with_a_live_version_is_refused_with_the_steps_that_free_it() {
        let err = check_deletable(
            &key(),
            "k-1",
            &[
                version(1, DESTROYED, Some("2026-01-01T00:00:00Z")),
                version(2, DEACTIVATED, Some("2027-03-01T09:00:00+09:00")),
                version(3, DEACTIVATED, None),
                version(4, ACTIVE, None),
            ],
        )
        .unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Usage);
        assert_eq!(
            err.message(),
            "KMS key 'app' (k-1) cannot be deleted yet: KakaoCloud deletes a key only in \
             pre-activation or when all of its versions are destroyed, and version 2 is \
             DEACTIVATED, destroyed at 2027-03-01T00:00:00Z, version 3 is DEACTIVATED, \
             version 4 is ACTIVE"
        );
        assert_eq!(
            err.hint(),
            Some(
                "`kcred kms-key version deactivate k-1 4`, then \
                 `kcred kms-key version destroy k-1 3 4`, then delete it once the destruction \
                 time has passed: `kcred kms-key delete k-1`"
            )
        );
        let err = check_deletable(
            &key(),
            "k-1",
            &[version(2, DEACTIVATED, Some("2027-03-01T00:00:00Z"))],
        )
        .unwrap_err();
        assert_eq!(
            err.hint(),
            Some(
                "delete it after 2027-03-01T00:00:00Z, when the last version is destroyed: \
                 `kcred kms-key delete k-1`"
            )
        );
        assert!(check_deletable(&key(), "k-1", &[version(1, DESTROYED, None)]).is_ok());
        assert!(check_deletable(&key(), "k-1", &[]).is_ok());
    }

    #[test]
    fn a_bulk_answer_with_failures_is_an_error_in_the_servers_words() {
        let result = BulkResult {
            total: Some(2),
            requested: Some(2),
            succeeded: Some(1),
            failed: Some(1),
            results: vec![serde_json::json!({
                "version": 3, "error_code": "InvalidVersionStatus",
                "message": "version 3 is\nACTIVE\u{1b}[2J"
            })],
        };
        let err = check_bulk(&result, "schedule the destruction of", &[2, 3]).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Other);
        assert_eq!(
            err.message(),
            "KakaoCloud KMS could not schedule the destruction of 1 of versions 2, 3: \
             3: version 3 is ACTIVE\\x1b[2J (InvalidVersionStatus)"
        );
        let fine = BulkResult {
            failed: Some(0),
            ..result
        };
        assert!(check_bulk(&fine, "cancel the destruction of", &[2, 3]).is_ok());
    }

    #[test]
    fn destruction_times_are_in_the_future_and_in_utc() {
        let now: Timestamp = "2026-06-01T12:00:00.5Z".parse().unwrap();
        assert_eq!(
            utc_text(destruction_time(None, now).unwrap()),
            "2026-06-08T12:00:00Z"
        );
        assert_eq!(
            utc_text(destruction_time(Some("2026-06-02T09:00:00+09:00"), now).unwrap()),
            "2026-06-02T00:00:00Z"
        );
        let err = destruction_time(Some("2026-06-01T11:59:59Z"), now).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::Usage);
        assert_eq!(
            err.message(),
            "--at 2026-06-01T11:59:59Z is in the past: it is 2026-06-01T12:00:00Z now"
        );
        for bad in ["tomorrow", "2026-06-02", "2026-06-02T00:00:00"] {
            let err = destruction_time(Some(bad), now).unwrap_err();
            assert!(err.message().contains("is not an RFC 3339 time"), "{bad}");
        }
    }
}
