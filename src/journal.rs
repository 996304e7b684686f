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
