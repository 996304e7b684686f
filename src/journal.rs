//! The intent journal of key operations. An operation that takes several steps (a request,
//! a secret, a config write) records what it is about to do before the first step, updates
//! the record as it learns more (the new key's ID), and removes it when done. A record left
//! behind means the operation was interrupted; the next run for that profile finishes or
//! undoes it (`commands::key_journal`).
//!
//! One record and one lock per profile, in the state dir of this machine: the lock makes key
//! operations of one profile take turns across processes, and the OS drops it when its holder
//! dies, however it dies, so a lock free with a record present means an interrupted operation.

use crate::config::{create_private_dir, lock_file_within, write_private_file};
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::path::PathBuf;
use std::time::Duration;

/// What an operation is about to do, with what its recovery needs to know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "operation", rename_all = "kebab-case")]
pub enum Intent {
    /// `iam-key create`: a key of this name is being made (with `--save-as`, for a profile).
    CreateIamKey {
        name: String,
        key_id: Option<String>,
        save_as: Option<String>,
    },
    /// `iam-key rotate`: `profile` moves from `old_key_id` to a new key of `new_name`.
    Rotate {
        profile: String,
        old_key_id: String,
        new_name: String,
        new_key_id: Option<String>,
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

    /// Whether any record exists: one directory read, so runs with nothing to recover cost
    /// no more.
    pub fn has_records(&self) -> bool {
        std::fs::read_dir(&self.dir).is_ok_and(|entries| {
            entries
                .flatten()
                .any(|entry| entry.file_name().to_string_lossy().ends_with(".json"))
        })
    }

    /// Every record, by profile (for `kcred doctor`).
    pub fn records(&self) -> Vec<(String, Intent)> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut found: Vec<(String, Intent)> = entries
            .flatten()
            .filter_map(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                let scope = name.strip_suffix(".json")?.to_string();
                let intent = self.read(&scope)?;
                Some((scope, intent))
            })
            .collect();
        found.sort_by(|a, b| a.0.cmp(&b.0));
        found
    }

    /// The record of `scope`. One that cannot be read (not kcred's) counts as none.
    pub fn read(&self, scope: &str) -> Option<Intent> {
        let bytes = std::fs::read(self.record_path(scope)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Waits at most `wait` for the right to run a key operation for `scope`; `waiting` hears
    /// the holder's process ID once when another holds it. `None`: the wait ran out.
    pub fn lock(
        &self,
        scope: &str,
        wait: Duration,
        waiting: impl FnOnce(Option<u32>),
    ) -> Result<Option<Held>> {
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
    pub fn pending(&self) -> Option<Intent> {
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
        assert!(!journal.has_records());
        let intent = Intent::DeleteS3Key {
            access_key: "a".into(),
        };
        {
            let held = journal.lock_if_free("p").unwrap().unwrap();
            held.record(&intent).unwrap();
        }
        assert!(journal.has_records());
        assert_eq!(journal.records(), vec![("p".to_string(), intent.clone())]);
        let held = journal.lock_if_free("p").unwrap().unwrap();
        assert_eq!(held.pending(), Some(intent));
        held.finish().unwrap();
        assert!(!journal.has_records());
    }

    #[test]
    fn a_held_profile_is_not_free_to_recover() {
        let dir = tempfile::tempdir().unwrap();
        let journal = Journal::new(dir.path().to_path_buf());
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
}
