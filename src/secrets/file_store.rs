//! An encrypted file for machines without a keyring, used only when asked for (`--store file`
//! or `KCRED_STORE=file`). All secrets and tokens are in one file, encrypted with
//! XChaCha20-Poly1305 under a key derived from a passphrase by Argon2id, written atomically
//! with mode 0600. A wrong passphrase fails to decrypt and leaves the file untouched.

use super::{SecretName, SecretStore};
use crate::config::{check_private_dir, lock_file, write_private_file};
use crate::error::{Advice, Error, Result};
use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::path::PathBuf;
use zeroize::{Zeroize, Zeroizing};

const FORMAT: &str = "kcred-secrets-v1";

/// Where the passphrase comes from: the environment, or a prompt when one is allowed. The
/// prompt is the command layer's: it is told whether the file is new (to ask twice).
pub enum Passphrase {
    Given(SecretString),
    Prompt(Box<dyn Fn(bool) -> Result<SecretString>>),
    Unavailable,
}

/// The file on disk. The header (format and KDF parameters) is authenticated with the
/// ciphertext, so it cannot be changed without the passphrase either.
#[derive(Serialize, Deserialize)]
struct Envelope {
    format: String,
    kdf: Kdf,
    nonce: String,
    ciphertext: String,
}

#[derive(Clone, Serialize, Deserialize)]
struct Kdf {
    algorithm: String,
    m_cost_kib: u32,
    t_cost: u32,
    p_cost: u32,
    salt: String,
}

impl Kdf {
    fn new() -> Result<Kdf> {
        let params = Params::default();
        Ok(Kdf {
            algorithm: "argon2id".into(),
            m_cost_kib: params.m_cost(),
            t_cost: params.t_cost(),
            p_cost: params.p_cost(),
            salt: hex::encode(random::<16>()?),
        })
    }

    fn derive(&self, passphrase: &SecretString) -> Result<Zeroizing<[u8; 32]>> {
        let bad = || Error::keyring("the secrets file has unreadable key-derivation settings");
        if self.algorithm != "argon2id" {
            return Err(bad());
        }
        let params =
            Params::new(self.m_cost_kib, self.t_cost, self.p_cost, Some(32)).map_err(|_| bad())?;
        let salt = hex::decode(&self.salt).map_err(|_| bad())?;
        let mut key = Zeroizing::new([0u8; 32]);
        Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_into(passphrase.expose_secret().as_bytes(), &salt, key.as_mut())
            .map_err(|_| bad())?;
        Ok(key)
    }

    fn associated_data(&self) -> Vec<u8> {
        format!(
            "{FORMAT}|{}|{}|{}|{}|{}",
            self.algorithm, self.m_cost_kib, self.t_cost, self.p_cost, self.salt
        )
        .into_bytes()
    }
}

fn random<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::getrandom(&mut bytes)
        .map_err(|err| Error::other(format!("the OS gave no random bytes: {err}")))?;
    Ok(bytes)
}

pub struct FileStore {
    path: PathBuf,
    passphrase: Passphrase,
    /// The passphrase once read (a prompt is shown once per run).
    unlocked: OnceCell<SecretString>,
    /// The key derived for the file's salt, so one run derives it once.
    key: OnceCell<(String, Zeroizing<[u8; 32]>)>,
}

impl FileStore {
    pub fn new(path: impl Into<PathBuf>, passphrase: Passphrase) -> Self {
        FileStore {
            path: path.into(),
            passphrase,
            unlocked: OnceCell::new(),
            key: OnceCell::new(),
        }
    }

    fn key(&self, kdf: &Kdf) -> Result<&[u8; 32]> {
        if let Some((salt, key)) = self.key.get()
            && *salt == kdf.salt
        {
            return Ok(key);
        }
        let key = kdf.derive(self.passphrase()?)?;
        Ok(&self.key.get_or_init(|| (kdf.salt.clone(), key)).1)
    }

    fn passphrase(&self) -> Result<&SecretString> {
        if let Some(passphrase) = self.unlocked.get() {
            return Ok(passphrase);
        }
        let passphrase = match &self.passphrase {
            Passphrase::Given(p) => p.clone(),
            Passphrase::Prompt(ask) => ask(!self.path.exists())?,
            Passphrase::Unavailable => {
                return Err(Error::usage("the secrets file needs its passphrase")
                    .with_hint("set KCRED_FILE_PASSPHRASE, or run at a terminal to be asked"));
            }
        };
        if passphrase.expose_secret().is_empty() {
            return Err(Error::usage("the secrets file passphrase is empty"));
        }
        Ok(self.unlocked.get_or_init(|| passphrase))
    }

    /// Refuses a data dir another user could put a file of theirs in, or swap this one in.
    fn check_dir(&self) -> Result<()> {
        match self.path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => check_private_dir(dir),
            _ => Ok(()),
        }
    }

    /// Reads and decrypts the file; a missing file is an empty store.
    fn load(&self) -> Result<(Kdf, BTreeMap<String, String>)> {
        self.check_dir()?;
        let bytes = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Ok((Kdf::new()?, BTreeMap::new()));
            }
            Err(err) => {
                return Err(Error::keyring(format!(
                    "cannot read {}: {err}",
                    self.path.display()
                )));
            }
        };
        let damaged = || {
            Error::keyring(format!(
                "{} is not a kcred secrets file",
                self.path.display()
            ))
            .with_hint("restore it from a backup, or move it away to start anew")
        };
        let envelope: Envelope = serde_json::from_slice(&bytes).map_err(|_| damaged())?;
        if envelope.format != FORMAT {
            return Err(damaged());
        }
        let key = self.key(&envelope.kdf)?;
        let nonce = hex::decode(&envelope.nonce).map_err(|_| damaged())?;
        let ciphertext = hex::decode(&envelope.ciphertext).map_err(|_| damaged())?;
        if nonce.len() != 24 {
            return Err(damaged());
        }
        let aad = envelope.kdf.associated_data();
        let plaintext = Zeroizing::new(
            XChaCha20Poly1305::new(key.into())
                .decrypt(
                    XNonce::from_slice(&nonce),
                    Payload {
                        msg: &ciphertext,
                        aad: &aad,
                    },
                )
                .map_err(|_| {
                    Error::keyring(format!(
                        "cannot open {}: wrong passphrase, or the file was changed",
                        self.path.display()
                    ))
                    .with_hint("check KCRED_FILE_PASSPHRASE")
                })?,
        );
        let entries = serde_json::from_slice(&plaintext).map_err(|_| damaged())?;
        Ok((envelope.kdf, entries))
    }

    fn save(&self, kdf: &Kdf, entries: &BTreeMap<String, String>) -> Result<()> {
        self.seal(kdf, self.key(kdf)?, entries)
    }

    /// Encrypts `entries` under `key` (derived for `kdf`) and replaces the file atomically.
    fn seal(&self, kdf: &Kdf, key: &[u8; 32], entries: &BTreeMap<String, String>) -> Result<()> {
        let nonce = random::<24>()?;
        let mut plaintext = serde_json::to_vec(entries)
            .map_err(|err| Error::other(format!("cannot encode the secrets: {err}")))?;
        let aad = kdf.associated_data();
        let ciphertext = XChaCha20Poly1305::new(key.into())
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &plaintext,
                    aad: &aad,
                },
            )
            .map_err(|_| Error::other("encrypting the secrets file failed"));
        plaintext.zeroize();
        let envelope = Envelope {
            format: FORMAT.into(),
            kdf: kdf.clone(),
            nonce: hex::encode(nonce),
            ciphertext: hex::encode(ciphertext?),
        };
        let json = serde_json::to_vec_pretty(&envelope)
            .map_err(|err| Error::other(format!("cannot encode the secrets file: {err}")))?;
        write_private_file(&self.path, &json)
    }

    /// Checks that the file exists and opens with its passphrase (asked for here if a prompt
    /// is how it comes), before anything else is asked.
    pub fn open_existing(&self) -> Result<()> {
        if !self.path.exists() {
            return Err(Error::usage(format!(
                "there is no encrypted secrets file ({} does not exist)",
                self.path.display()
            ))
            .with_advice(Advice::CreateFileStore));
        }
        self.load().map(|_| ())
    }

    /// Re-encrypts every entry under `new` with a fresh salt, in one atomic write: until the
    /// rename the file opens with the old passphrase, after it with the new one. The number of
    /// entries is returned.
    pub fn change_passphrase(&self, new: &SecretString) -> Result<usize> {
        if new.expose_secret().is_empty() {
            return Err(Error::usage("the new passphrase is empty"));
        }
        self.open_existing()?;
        let _lock = lock_file(&self.path.with_extension("lock"))?;
        let (_, mut entries) = self.load()?;
        let kdf = Kdf::new()?;
        let result = kdf
            .derive(new)
            .and_then(|key| self.seal(&kdf, &key, &entries));
        let count = entries.len();
        for value in entries.values_mut() {
            value.zeroize();
        }
        result.map(|()| count)
    }

    /// Read, change and write back under a lock, so two kcred processes never lose each
    /// other's entries.
    fn update(&self, change: impl FnOnce(&mut BTreeMap<String, String>)) -> Result<()> {
        // Ask for the passphrase before taking the lock: a prompt left waiting must not hold
        // up every other kcred.
        self.passphrase()?;
        self.check_dir()?;
        let _lock = lock_file(&self.path.with_extension("lock"))?;
        let (kdf, mut entries) = self.load()?;
        change(&mut entries);
        let result = self.save(&kdf, &entries);
        for value in entries.values_mut() {
            value.zeroize();
        }
        result
    }
}

impl SecretStore for FileStore {
    fn get(&self, name: &SecretName) -> Result<Option<SecretString>> {
        if !self.path.exists() {
            return Ok(None);
        }
        let (_, mut entries) = self.load()?;
        let found = entries.remove(&name.to_string()).map(SecretString::from);
        for value in entries.values_mut() {
            value.zeroize();
        }
        Ok(found)
    }

    fn set(&self, name: &SecretName, secret: &SecretString) -> Result<()> {
        self.update(|entries| {
            entries.insert(name.to_string(), secret.expose_secret().to_string());
        })
    }

    fn delete(&self, name: &SecretName) -> Result<()> {
        if !self.path.exists() {
            return Ok(());
        }
        self.update(|entries| {
            entries.remove(&name.to_string());
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(dir: &std::path::Path, passphrase: &str) -> FileStore {
        FileStore::new(
            dir.join("secrets.enc"),
            Passphrase::Given(SecretString::from(passphrase.to_string())),
        )
    }

    #[test]
    fn secrets_round_trip_and_the_file_holds_none_in_clear() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(dir.path(), "correct horse");
        let name = SecretName::ProfileSecret("p".into());
        assert!(s.get(&name).unwrap().is_none());
        s.set(&name, &SecretString::from("hunter2-secret")).unwrap();
        s.set(
            &SecretName::ProfileToken("p".into()),
            &SecretString::from("tok"),
        )
        .unwrap();
        let again = store(dir.path(), "correct horse");
        assert_eq!(
            again.get(&name).unwrap().unwrap().expose_secret(),
            "hunter2-secret"
        );
        let bytes = std::fs::read(dir.path().join("secrets.enc")).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("hunter2-secret") && !text.contains("profile/p"));
        again.delete(&name).unwrap();
        assert!(again.get(&name).unwrap().is_none());
        assert!(
            again
                .get(&SecretName::ProfileToken("p".into()))
                .unwrap()
                .is_some()
        );
    }

    #[test]
    fn a_wrong_passphrase_is_refused_and_the_file_is_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let name = SecretName::ProfileSecret("p".into());
        store(dir.path(), "right")
            .set(&name, &SecretString::from("s"))
            .unwrap();
        let before = std::fs::read(dir.path().join("secrets.enc")).unwrap();
        let wrong = store(dir.path(), "wrong");
        let err = wrong.get(&name).unwrap_err();
        assert!(
            err.message().contains("wrong passphrase"),
            "{}",
            err.message()
        );
        assert!(wrong.set(&name, &SecretString::from("t")).is_err());
        assert_eq!(
            std::fs::read(dir.path().join("secrets.enc")).unwrap(),
            before
        );
    }

    #[test]
    fn a_changed_header_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let name = SecretName::ProfileSecret("p".into());
        store(dir.path(), "pw")
            .set(&name, &SecretString::from("s"))
            .unwrap();
        let path = dir.path().join("secrets.enc");
        let mut envelope: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        envelope["kdf"]["t_cost"] = 3.into();
        std::fs::write(&path, serde_json::to_vec(&envelope).unwrap()).unwrap();
        assert!(store(dir.path(), "pw").get(&name).is_err());
    }

    #[test]
    fn no_passphrase_and_no_prompt_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let s = FileStore::new(dir.path().join("secrets.enc"), Passphrase::Unavailable);
        let err = s
            .set(
                &SecretName::ProfileSecret("p".into()),
                &SecretString::from("x"),
            )
            .unwrap_err();
        assert!(err.hint().unwrap().contains("KCRED_FILE_PASSPHRASE"));
        assert!(!dir.path().join("secrets.enc").exists());
    }

    fn path(dir: &std::path::Path) -> PathBuf {
        dir.join("secrets.enc")
    }

    #[test]
    fn a_changed_passphrase_opens_the_file_and_the_old_one_no_longer_does() {
        let dir = tempfile::tempdir().unwrap();
        let name = SecretName::ProfileSecret("p".into());
        let old = store(dir.path(), "old pass");
        old.set(&name, &SecretString::from("s1")).unwrap();
        old.set(
            &SecretName::ProfileToken("p".into()),
            &SecretString::from("t"),
        )
        .unwrap();
        let before: serde_json::Value =
            serde_json::from_slice(&std::fs::read(path(dir.path())).unwrap()).unwrap();
        assert_eq!(
            old.change_passphrase(&SecretString::from("new pass"))
                .unwrap(),
            2
        );
        let after: serde_json::Value =
            serde_json::from_slice(&std::fs::read(path(dir.path())).unwrap()).unwrap();
        assert_ne!(before["kdf"]["salt"], after["kdf"]["salt"], "a fresh salt");
        assert_eq!(
            store(dir.path(), "new pass")
                .get(&name)
                .unwrap()
                .unwrap()
                .expose_secret(),
            "s1"
        );
        assert!(store(dir.path(), "old pass").get(&name).is_err());
        let err = old.change_passphrase(&SecretString::from("")).unwrap_err();
        assert_eq!(err.message(), "the new passphrase is empty");
    }

    #[test]
    fn a_passphrase_change_needs_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let err = store(dir.path(), "pw")
            .change_passphrase(&SecretString::from("new"))
            .unwrap_err();
        assert!(
            err.message()
                .starts_with("there is no encrypted secrets file")
        );
        assert!(!path(dir.path()).exists());
        assert!(store(dir.path(), "pw").open_existing().is_err());
    }

    #[test]
    fn an_empty_passphrase_is_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let err = store(dir.path(), "")
            .set(
                &SecretName::ProfileSecret("p".into()),
                &SecretString::from("s"),
            )
            .unwrap_err();
        assert_eq!(err.message(), "the secrets file passphrase is empty");
        assert!(!path(dir.path()).exists());
    }

    #[test]
    fn a_prompt_is_asked_once_a_run_and_told_whether_the_file_is_new() {
        let dir = tempfile::tempdir().unwrap();
        let asked = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
        let heard = std::rc::Rc::clone(&asked);
        let prompting = FileStore::new(
            path(dir.path()),
            Passphrase::Prompt(Box::new(move |new| {
                heard.borrow_mut().push(new);
                Ok(SecretString::from("typed"))
            })),
        );
        let name = SecretName::ProfileSecret("p".into());
        prompting.set(&name, &SecretString::from("s")).unwrap();
        prompting.set(&name, &SecretString::from("s2")).unwrap();
        assert_eq!(prompting.get(&name).unwrap().unwrap().expose_secret(), "s2");
        assert_eq!(*asked.borrow(), [true], "once, for a new file");
        assert_eq!(
            store(dir.path(), "typed")
                .get(&name)
                .unwrap()
                .unwrap()
                .expose_secret(),
            "s2"
        );
    }

    #[test]
    fn reading_or_deleting_from_no_file_needs_no_passphrase() {
        let dir = tempfile::tempdir().unwrap();
        let none = FileStore::new(path(dir.path()), Passphrase::Unavailable);
        let name = SecretName::ProfileSecret("p".into());
        assert!(none.get(&name).unwrap().is_none());
        none.delete(&name).unwrap();
        assert!(!path(dir.path()).exists());
    }

    #[test]
    fn a_file_that_is_not_a_secrets_file_is_damaged_not_a_wrong_passphrase() {
        let dir = tempfile::tempdir().unwrap();
        let name = SecretName::ProfileSecret("p".into());
        store(dir.path(), "pw")
            .set(&name, &SecretString::from("s"))
            .unwrap();
        let good: serde_json::Value =
            serde_json::from_slice(&std::fs::read(path(dir.path())).unwrap()).unwrap();
        let edits: [(&str, serde_json::Value); 5] = [
            ("format", "kcred-secrets-v2".into()),
            ("nonce", "00".into()),
            ("nonce", "not hex".into()),
            ("ciphertext", "zz".into()),
            ("kdf", serde_json::json!({"algorithm": "scrypt"})),
        ];
        for (field, value) in edits {
            let mut bad = good.clone();
            bad[field] = value;
            std::fs::write(path(dir.path()), bad.to_string()).unwrap();
            let err = store(dir.path(), "pw").get(&name).unwrap_err();
            assert_eq!(err.kind(), crate::error::ErrorKind::Keyring, "{field}");
            assert!(
                err.message().ends_with("is not a kcred secrets file"),
                "{field}: {}",
                err.message()
            );
        }
        let mut other_kdf = good.clone();
        other_kdf["kdf"]["algorithm"] = "scrypt".into();
        std::fs::write(path(dir.path()), other_kdf.to_string()).unwrap();
        let err = store(dir.path(), "pw").get(&name).unwrap_err();
        assert!(err.message().contains("unreadable key-derivation settings"));
        std::fs::write(path(dir.path()), b"\0garbage").unwrap();
        assert!(store(dir.path(), "pw").get(&name).is_err());
    }

    #[test]
    fn a_changed_ciphertext_fails_to_open_as_a_wrong_passphrase_would() {
        let dir = tempfile::tempdir().unwrap();
        let name = SecretName::ProfileSecret("p".into());
        store(dir.path(), "pw")
            .set(&name, &SecretString::from("s"))
            .unwrap();
        let mut envelope: serde_json::Value =
            serde_json::from_slice(&std::fs::read(path(dir.path())).unwrap()).unwrap();
        let mut bytes = hex::decode(envelope["ciphertext"].as_str().unwrap()).unwrap();
        bytes[0] ^= 1;
        envelope["ciphertext"] = hex::encode(bytes).into();
        std::fs::write(path(dir.path()), envelope.to_string()).unwrap();
        let err = store(dir.path(), "pw").get(&name).unwrap_err();
        assert!(
            err.message()
                .contains("wrong passphrase, or the file was changed")
        );
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_private_and_a_data_dir_others_can_write_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let name = SecretName::ProfileSecret("p".into());
        store(&data, "pw")
            .set(&name, &SecretString::from("s"))
            .unwrap();
        let mode = std::fs::metadata(path(&data)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o777)).unwrap();
        let err = store(&data, "pw").get(&name).unwrap_err();
        assert!(err.message().contains("can be written by other users"));
    }
}
