//! The intent journal of key operations. An operation that takes several steps (a request,
//! a secret, a config write) records what it is about to do before the first step, updates
//! the record as it learns more (the new key's ID), and removes it when done. A record left
//! behind means the operation was interrupted; the next run for that profile finishes or
//! undoes it (`key_ops`).
//!
//! One record and one lock per profile, in the state dir of this machine: the lock makes key
//! operations of one profile take turns across processes, and the OS drops it when its holder
//! dies, however it dies, so a lock free with a record present means an interrupted operation.
//!
//! A record makes the next run delete keys on the server, so only the user's own is read: the
//! state dir and the journal dir must be plain dirs of the user's that no one else can write,
//! and each record a plain file of the user's; anything else is refused, never acted on.

use crate::config::{
    check_private_dir, check_private_file, create_private_dir, lock_file_within, write_private_file,
};
use crate::error::{Error, Result};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::path::PathBuf;
use std::time::Duration;

/// Added to a request's own timeout before its deadline counts as passed: the wall clock
/// may be stepped forward meanwhile (NTP), and the server may finish a moment after the
/// client gave up.
pub const CLOCK_STEP_MARGIN: Duration = Duration::from_secs(10);

/// A create request that was sent: until `lands_by` it may still make its key on the server,
/// even when the process that sent it is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sent {
    pub at: Timestamp,
    pub lands_by: Timestamp,
}

impl Sent {
    /// A request sent now that the client gives up on after `timeout`.
    pub fn now(timeout: Duration) -> Sent {
        let at = Timestamp::now();
        let wait =
            SignedDuration::try_from(timeout + CLOCK_STEP_MARGIN).unwrap_or(SignedDuration::MAX);
        Sent {
            at,
            lands_by: at.saturating_add(wait).unwrap_or(Timestamp::MAX),
        }
    }

    /// Whether the request may still land at `now`.
    pub fn may_still_land(&self, now: Timestamp) -> bool {
        now < self.lands_by
    }
}

/// What an operation is about to do, with what its recovery needs to know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "operation", rename_all = "kebab-case")]
pub enum Intent {
    /// `iam-key create`: a key of this name is being made (with `--save-as`, for a profile).
    /// `sent`, in the creates: when the create request went out, until the key's ID is known.
    CreateIamKey {
        name: String,
        key_id: Option<String>,
        save_as: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sent: Option<Sent>,
    },
    /// `iam-key rotate`: `profile` moves from `old_key_id` to a new key of `new_name`.
    Rotate {
        profile: String,
        old_key_id: String,
        new_name: String,
        new_key_id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sent: Option<Sent>,
    },
    /// `iam-key delete`: the key and what `profiles` (which use it) hold of it go.
    DeleteIamKey {
        key_id: String,
        profiles: Vec<String>,
    },
    /// `s3-key create` in a project that had `keys_before`.
    CreateS3Key {
        project_id: String,
        keys_before: Vec<String>,
        access_key: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sent: Option<Sent>,
    },
    /// `s3-key delete`.
    DeleteS3Key { access_key: String },
}

/// The journal's name for the operations of a key from the environment, which belong to no
/// profile (no profile name starts with a dot).
pub const ENVIRONMENT_SCOPE: &str = ".environment";

#[derive(Debug, Clone)]
pub struct Journal {
    dir: PathBuf,
}

/// The right to run a key operation for one profile, until dropped.
pub struct Held {
    journal: Journal,
    scope: String,
    _lock: File,
}

impl Journal {
    pub fn new(dir: PathBuf) -> Journal {
        Journal { dir }
    }

    fn record_path(&self, scope: &str) -> PathBuf {
        self.dir.join(format!("{scope}.json"))
    }

    fn lock_path(&self, scope: &str) -> PathBuf {
        self.dir.join(format!("{scope}.lock"))
    }

    /// Refuses a journal another user could have written to: the state dir and the journal
    /// dir must be the user's own, and private.
    pub fn check(&self) -> Result<()> {
        if let Some(state) = self.dir.parent() {
            check_private_dir(state)?;
        }
        check_private_dir(&self.dir)
    }

    /// Whether any record exists: one directory read, so runs with nothing to recover cost
    /// no more.
    pub fn has_records(&self) -> Result<bool> {
        self.check()?;
        Ok(std::fs::read_dir(&self.dir).is_ok_and(|entries| {
            entries
                .flatten()
                .any(|entry| entry.file_name().to_string_lossy().ends_with(".json"))
        }))
    }

    /// Every record, by profile (for `kcred doctor`).
    pub fn records(&self) -> Result<Vec<(String, Intent)>> {
        self.check()?;
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Ok(Vec::new());
        };
        let mut found = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(scope) = name.strip_suffix(".json") else {
                continue;
            };
            if let Some(intent) = self.read_checked(scope)? {
                found.push((scope.to_string(), intent));
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(found)
    }

    /// The record of `scope`. One that cannot be parsed (not kcred's) counts as none; one
    /// that is not the user's own private file is refused.
    pub fn read(&self, scope: &str) -> Result<Option<Intent>> {
        self.check()?;
        self.read_checked(scope)
    }

    fn read_checked(&self, scope: &str) -> Result<Option<Intent>> {
        let path = self.record_path(scope);
        check_private_file(&path).map_err(|err| {
            err.context("a record in kcred's journal of key operations is not kcred's own")
        })?;
        let Ok(bytes) = std::fs::read(&path) else {
            return Ok(None);
        };
        Ok(serde_json::from_slice(&bytes).ok())
    }

    /// Waits at most `wait` for the right to run a key operation for `scope`; `waiting` hears
    /// the holder's process ID once when another holds it. `None`: the wait ran out.
    pub fn lock(
        &self,
        scope: &str,
        wait: Duration,
        waiting: impl FnOnce(Option<u32>),
    ) -> Result<Option<Held>> {
        self.check()?;
        create_private_dir(&self.dir)?;
        Ok(
            lock_file_within(&self.lock_path(scope), wait, waiting)?.map(|lock| Held {
                journal: self.clone(),
                scope: scope.to_string(),
                _lock: lock,
            }),
        )
    }

    /// The right to recover `scope`, only when nobody holds it: a held lock means the
    /// operation is not interrupted but under way.
    pub fn lock_if_free(&self, scope: &str) -> Result<Option<Held>> {
        self.lock(scope, Duration::ZERO, |_| {})
    }

    /// The process ID of whoever holds `scope`'s lock, when known.
    pub fn holder(&self, scope: &str) -> Option<u32> {
        crate::config::lock_holder(&self.lock_path(scope))
    }
}

impl Held {
    pub fn scope(&self) -> &str {
        &self.scope
    }

    /// The record of an interrupted operation, if any.
    pub fn pending(&self) -> Result<Option<Intent>> {
        self.journal.read(&self.scope)
    }

    /// Records (or updates) what the operation is about to do; written atomically, so a crash
    /// leaves the old record or the new one.
    pub fn record(&self, intent: &Intent) -> Result<()> {
        let json = serde_json::to_vec_pretty(intent)
            .map_err(|err| Error::other(format!("cannot encode the journal: {err}")))?;
        write_private_file(&self.journal.record_path(&self.scope), &json)
    }

    /// The operation is done (finished or undone): its record goes.
    pub fn finish(&self) -> Result<()> {
        match std::fs::remove_file(self.journal.record_path(&self.scope)) {
            Ok(()) => Ok(()),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(err) => Err(Error::other(format!(
                "cannot remove the journal record of profile '{}': {err}",
                self.scope
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_lives_until_finished_and_survives_its_writer() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::new(dir.path().join("journal"));
        assert!(!journal.has_records().unwrap());
        let intent = Intent::DeleteS3Key {
            access_key: "a".into(),
        };
        {
            let held = journal.lock_if_free("p").unwrap().unwrap();
            held.record(&intent).unwrap();
        }
        assert!(journal.has_records().unwrap());
        assert_eq!(
            journal.records().unwrap(),
            vec![("p".to_string(), intent.clone())]
        );
        let held = journal.lock_if_free("p").unwrap().unwrap();
        assert_eq!(held.pending().unwrap(), Some(intent));
        held.finish().unwrap();
        assert!(!journal.has_records().unwrap());
    }

    #[test]
    fn a_held_profile_is_not_free_to_recover() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::new(dir.path().join("journal"));
        let held = journal.lock_if_free("p").unwrap().unwrap();
        assert!(journal.lock_if_free("p").unwrap().is_none());
        assert_eq!(journal.holder("p"), Some(std::process::id()));
        assert!(journal.lock_if_free("q").unwrap().is_some());
        drop(held);
        assert!(journal.lock_if_free("p").unwrap().is_some());
    }

    #[test]
    fn a_record_written_with_mode_0600() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::new(dir.path().join("j"));
        let held = journal.lock_if_free("p").unwrap().unwrap();
        held.record(&Intent::DeleteS3Key {
            access_key: "a".into(),
        })
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("j/p.json"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_journal_others_can_write_or_a_record_not_the_users_own_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let state = dir.path().join("state");
        let journal = Journal::new(state.join("journal"));
        let held = journal.lock_if_free("p").unwrap().unwrap();
        held.record(&Intent::DeleteS3Key {
            access_key: "a".into(),
        })
        .unwrap();
        drop(held);
        let mode = |path: &std::path::Path, mode: u32| {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap()
        };
        for loose in [&state, &state.join("journal")] {
            mode(loose, 0o777);
            let err = journal.records().unwrap_err();
            assert!(err.message().contains("can be written by other users"));
            assert!(err.hint().unwrap().contains("chmod 700"));
            assert!(journal.read("p").is_err());
            assert!(journal.lock_if_free("p").is_err());
            mode(loose, 0o700);
        }
        let record = state.join("journal/p.json");
        mode(&record, 0o666);
        assert!(
            journal
                .read("p")
                .unwrap_err()
                .hint()
                .unwrap()
                .contains("chmod 600")
        );
        mode(&record, 0o600);
        std::fs::remove_file(&record).unwrap();
        std::os::unix::fs::symlink(dir.path().join("elsewhere.json"), &record).unwrap();
        assert!(
            journal
                .records()
                .unwrap_err()
                .message()
                .contains("symbolic link")
        );
    }

    #[test]
    fn a_sent_request_may_land_until_its_timeout_and_the_margin_have_passed() {
        let sent = Sent::now(Duration::from_secs(2));
        let margin = SignedDuration::try_from(CLOCK_STEP_MARGIN).unwrap();
        assert!(sent.may_still_land(sent.at));
        let almost =
            sent.at + SignedDuration::from_secs(2) + margin - SignedDuration::from_millis(1);
        assert!(sent.may_still_land(almost));
        assert!(!sent.may_still_land(sent.lands_by));
        // A record of an older kcred, without the field, is read as before.
        let old: Intent = serde_json::from_str(
            r#"{"operation":"create-iam-key","name":"n","key_id":null,"save_as":null}"#,
        )
        .unwrap();
        assert!(matches!(old, Intent::CreateIamKey { sent: None, .. }));
    }
}

#[cfg(test)]
mod record_tests {
    use super::*;

    fn journal(root: &std::path::Path) -> Journal {
        Journal::new(root.join("state/journal"))
    }

    /// Writes `text` as `scope`'s record, as a plain private file of this user's.
    fn plant(journal: &Journal, scope: &str, text: &[u8]) {
        write_private_file(&journal.record_path(scope), text).unwrap();
    }

    #[test]
    fn a_record_that_is_not_kcreds_counts_as_none_and_is_never_acted_on() {
        let root = tempfile::tempdir().unwrap();
        let journal = journal(root.path());
        for garbage in [
            &b""[..],
            b"\0\0\0\0",
            b"{",
            b"null",
            b"[]",
            b"{\"operation\":\"format-disk\",\"device\":\"/dev/sda\"}",
            b"{\"operation\":\"delete-iam-key\"}",
            b"{\"operation\":\"delete-iam-key\",\"key_id\":7,\"profiles\":[]}",
            b"{\"operation\":\"delete-s3-key\",\"access_key\":\"a\"} trailing",
            b"{\"operation\":\"DELETE-S3-KEY\",\"access_key\":\"a\"}",
            b"{\"operation\":\"delete-s3-key\",\"access_key\":\"\xff\xfe\"}",
        ] {
            plant(&journal, "p", garbage);
            let read = journal.read("p").unwrap();
            let shown = String::from_utf8_lossy(garbage);
            assert_eq!(read, None, "{shown}");
            assert!(journal.records().unwrap().is_empty(), "{shown}");
        }
    }

    #[test]
    fn every_intent_is_written_with_its_operation_and_read_back() {
        let root = tempfile::tempdir().unwrap();
        let journal = journal(root.path());
        let sent = Some(Sent::now(Duration::from_secs(30)));
        let intents = [
            (
                Intent::CreateIamKey {
                    name: "n".into(),
                    key_id: Some("k".into()),
                    save_as: None,
                    sent,
                },
                "create-iam-key",
            ),
            (
                Intent::Rotate {
                    profile: "p".into(),
                    old_key_id: "old".into(),
                    new_name: "new".into(),
                    new_key_id: None,
                    sent: None,
                },
                "rotate",
            ),
            (
                Intent::DeleteIamKey {
                    key_id: "k".into(),
                    profiles: vec!["a".into(), "b".into()],
                },
                "delete-iam-key",
            ),
            (
                Intent::CreateS3Key {
                    project_id: "p".into(),
                    keys_before: vec!["x".into()],
                    access_key: None,
                    sent,
                },
                "create-s3-key",
            ),
            (
                Intent::DeleteS3Key {
                    access_key: "a".into(),
                },
                "delete-s3-key",
            ),
        ];
        let held = journal.lock_if_free("p").unwrap().unwrap();
        for (intent, operation) in intents {
            held.record(&intent).unwrap();
            let text = std::fs::read_to_string(journal.record_path("p")).unwrap();
            let json: serde_json::Value = serde_json::from_str(&text).unwrap();
            assert_eq!(json["operation"], operation);
            assert_eq!(
                json.get("sent").is_some(),
                matches!(
                    intent,
                    Intent::CreateIamKey { sent: Some(_), .. }
                        | Intent::CreateS3Key { sent: Some(_), .. }
                ),
                "no sent field unless there is one: {text}"
            );
            assert_eq!(held.pending().unwrap(), Some(intent));
        }
    }

    #[test]
    fn records_are_listed_by_scope_skipping_locks_and_other_files() {
        let root = tempfile::tempdir().unwrap();
        let journal = journal(root.path());
        let intent = |key: &str| Intent::DeleteS3Key {
            access_key: key.into(),
        };
        for scope in ["zeta", ENVIRONMENT_SCOPE, "alpha"] {
            let held = journal.lock_if_free(scope).unwrap().unwrap();
            held.record(&intent(scope)).unwrap();
        }
        plant(&journal, "broken", b"{");
        write_private_file(&journal.dir.join("notes.txt"), b"x").unwrap();
        let scopes: Vec<String> = journal
            .records()
            .unwrap()
            .into_iter()
            .map(|(scope, _)| scope)
            .collect();
        assert_eq!(scopes, [ENVIRONMENT_SCOPE, "alpha", "zeta"]);
        assert!(journal.has_records().unwrap());
    }

    #[test]
    fn the_environments_scope_is_no_profiles_name() {
        assert!(crate::config::validate_profile_name(ENVIRONMENT_SCOPE).is_err());
    }

    #[test]
    fn a_journal_never_written_has_no_records_and_makes_no_dir() {
        let root = tempfile::tempdir().unwrap();
        let journal = journal(root.path());
        assert!(!journal.has_records().unwrap());
        assert!(journal.records().unwrap().is_empty());
        assert_eq!(journal.read("p").unwrap(), None);
        assert!(!root.path().join("state").exists());
        assert_eq!(journal.holder("p"), None);
    }

    #[test]
    fn finishing_twice_or_without_a_record_is_fine() {
        let root = tempfile::tempdir().unwrap();
        let journal = journal(root.path());
        let held = journal.lock_if_free("p").unwrap().unwrap();
        held.finish().unwrap();
        held.record(&Intent::DeleteS3Key {
            access_key: "a".into(),
        })
        .unwrap();
        held.finish().unwrap();
        held.finish().unwrap();
        assert_eq!(held.pending().unwrap(), None);
        assert_eq!(held.scope(), "p");
    }

    #[test]
    fn a_waiter_for_a_held_scope_hears_its_holder_and_gives_up_in_time() {
        let root = tempfile::tempdir().unwrap();
        let journal = journal(root.path());
        let _held = journal.lock_if_free("p").unwrap().unwrap();
        let heard = std::cell::Cell::new(None);
        let started = std::time::Instant::now();
        let waited = journal
            .lock("p", Duration::from_millis(150), |holder| heard.set(holder))
            .unwrap();
        assert!(waited.is_none());
        assert!(started.elapsed() >= Duration::from_millis(150));
        assert_eq!(heard.get(), Some(std::process::id()));
    }

    #[test]
    fn a_journal_dir_that_is_a_file_is_refused() {
        let root = tempfile::tempdir().unwrap();
        let journal = journal(root.path());
        create_private_dir(&root.path().join("state")).unwrap();
        std::fs::write(root.path().join("state/journal"), b"x").unwrap();
        let err = journal.has_records().err().unwrap();
        assert!(
            err.message().ends_with("is not a directory"),
            "{}",
            err.message()
        );
        assert!(journal.lock_if_free("p").is_err());
    }

    #[test]
    fn a_request_that_waits_for_nothing_still_gets_the_margin() {
        let sent = Sent::now(Duration::ZERO);
        assert_eq!(
            sent.lands_by.duration_since(sent.at),
            SignedDuration::try_from(CLOCK_STEP_MARGIN).unwrap(),
            "even a request that waits for nothing gets the margin"
        );
    }

    #[test]
    fn a_sent_time_that_is_not_a_time_makes_the_record_none() {
        let root = tempfile::tempdir().unwrap();
        let journal = journal(root.path());
        plant(
            &journal,
            "p",
            br#"{"operation":"create-s3-key","project_id":"p","keys_before":[],"access_key":null,"sent":{"at":"yesterday","lands_by":"2026-01-01T00:00:00Z"}}"#,
        );
        assert_eq!(journal.read("p").unwrap(), None);
    }
}
