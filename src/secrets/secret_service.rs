//! The Secret Service (GNOME Keyring, KeePassXC, KWallet) as a keyring-core store with one
//! D-Bus connection and one session for the whole run, closed on purpose at its end
//! ([`Store::close`]).
//!
//! A session per call, and clients that vanish with a session open or a call in flight, are
//! what crashes gnome-keyring-daemon (its Secret Service aborts on a request from a client it
//! has already forgotten), and the daemon D-Bus starts in its place comes up locked. So every
//! entry of the run shares this one session, the check that a miss is a real miss uses it too,
//! and the session is closed and the connection shut only once no call is in flight.

use keyring_core::api::{Credential, CredentialApi};
use keyring_core::{Entry, Error, Result};
use secret_service::EncryptionType;
use secret_service::blocking::{Item, SecretService};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, TryLockError};
use std::time::{Duration, Instant};
use zbus::zvariant::{OwnedObjectPath, OwnedValue};

const CONTENT_TYPE: &str = "application/octet-stream";

/// One connection and one session; `None` once closed.
pub struct Store {
    open: Mutex<Option<Open>>,
}

struct Open {
    service: SecretService<'static>,
    connection: zbus::blocking::Connection,
    /// The session's object path, for `Session.Close`; `None` if it could not be told.
    session: Option<OwnedObjectPath>,
}

impl Store {
    /// Connects to the session bus and opens the run's one (encrypted) session.
    pub fn open() -> Result<Arc<Store>> {
        let connection = zbus::blocking::Connection::session()
            .map_err(|err| Error::NoStorageAccess(Box::new(err)))?;
        // The secret-service crate keeps the session's path to itself; its reply to
        // `OpenSession` (a variant and an object path) is read off the connection instead.
        let mut replies = zbus::blocking::MessageIterator::from(&connection);
        let service = SecretService::connect_with_existing(EncryptionType::Dh, connection.clone())
            .map_err(failure)?;
        let session = replies
            .by_ref()
            .take(32)
            .flatten()
            .find_map(|message| opened_session(&message));
        // An unread stream would hold up the connection once its queue is full.
        drop(replies);
        Ok(Arc::new(Store {
            open: Mutex::new(Some(Open {
                service,
                connection,
                session,
            })),
        }))
    }

    /// Closes the session and the connection, once the call in flight (if any) is done;
    /// gives up after `grace` (the process ends all the same, and the daemon cleans up).
    pub fn close(&self, grace: Duration) {
        let started = Instant::now();
        let open = loop {
            match self.open.try_lock() {
                Ok(mut open) => break open.take(),
                Err(TryLockError::Poisoned(poisoned)) => break poisoned.into_inner().take(),
                Err(TryLockError::WouldBlock) if started.elapsed() < grace => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                Err(TryLockError::WouldBlock) => return,
            }
        };
        let Some(open) = open else {
            return;
        };
        if let Some(session) = &open.session {
            let _ = open.connection.call_method(
                Some("org.freedesktop.secrets"),
                session.as_str(),
                Some("org.freedesktop.Secret.Session"),
                "Close",
                &(),
            );
        }
        let Open {
            service,
            connection,
            ..
        } = open;
        drop(service);
        let _ = connection.close();
    }

    /// Whether the store has a default collection that is unlocked: one with none, or a
    /// locked one, answers every search with nothing.
    pub fn check_usable(&self) -> Result<()> {
        self.with(|service| {
            let collection = service.get_default_collection().map_err(|_| {
                Error::NoStorageAccess("the Secret Service has no default collection".into())
            })?;
            if collection.is_locked().map_err(failure)? {
                return Err(Error::NoStorageAccess(Box::new(
                    secret_service::Error::Locked,
                )));
            }
            Ok(())
        })
    }

    /// The `username` of every item of `service` in the collection `target` names: one
    /// search, whatever the number of entries.
    pub fn names(&self, service: &str, target: &str) -> Result<BTreeSet<String>> {
        self.with(|secrets| {
            let found = secrets
                .search_items(HashMap::from([("service", service), ("target", target)]))
                .map_err(failure)?;
            if !found.locked.is_empty() {
                let locked: Vec<&Item> = found.locked.iter().collect();
                secrets.unlock_all(&locked).map_err(failure)?;
            }
            let mut names = BTreeSet::new();
            for item in found.unlocked.iter().chain(found.locked.iter()) {
                let mut attributes = item.get_attributes().map_err(failure)?;
                if let Some(user) = attributes.remove("username") {
                    names.insert(user);
                }
            }
            Ok(names)
        })
    }

    fn with<T>(&self, op: impl FnOnce(&SecretService<'static>) -> Result<T>) -> Result<T> {
        let open = self
            .open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match open.as_ref() {
            Some(open) => op(&open.service),
            None => Err(Error::NoStorageAccess(
                "the Secret Service session of this run is closed".into(),
            )),
        }
    }
}

/// The session path in a reply to `OpenSession`: a method return whose body is `(vo)`.
fn opened_session(message: &zbus::Message) -> Option<OwnedObjectPath> {
    if message.message_type() != zbus::message::Type::MethodReturn {
        return None;
    }
    let (_, path): (OwnedValue, OwnedObjectPath) = message.body().deserialize().ok()?;
    Some(path)
}

fn failure(err: secret_service::Error) -> Error {
    match err {
        secret_service::Error::Locked
        | secret_service::Error::NoResult
        | secret_service::Error::Prompt => Error::NoStorageAccess(Box::new(err)),
        other => Error::PlatformFailure(Box::new(other)),
    }
}

/// One entry: the item with these attributes, as keyring 3 and the zbus store file it
/// (`service`, `username`, `target`), labelled `keyring:USER@SERVICE`.
pub struct Specifier {
    store: Arc<Store>,
    service: String,
    user: String,
    target: String,
}

impl Store {
    /// The entry `user` of `service`, in the collection `target` names (`default`).
    pub fn entry(self: &Arc<Self>, service: &str, user: &str, target: &str) -> Entry {
        Entry::new_with_credential(Arc::new(Specifier {
            store: self.clone(),
            service: service.to_string(),
            user: user.to_string(),
            target: target.to_string(),
        }))
    }
}

impl Specifier {
    fn attributes(&self) -> HashMap<&str, &str> {
        HashMap::from([
            ("service", self.service.as_str()),
            ("username", self.user.as_str()),
            ("target", self.target.as_str()),
        ])
    }

    /// The one matching item, unlocked (which may prompt); `NoEntry` when there is none.
    fn with_item<T>(&self, op: impl FnOnce(&Item<'_>) -> Result<T>) -> Result<T> {
        self.store.with(|service| {
            let found = service.search_items(self.attributes()).map_err(failure)?;
            if !found.locked.is_empty() {
                let locked: Vec<&Item> = found.locked.iter().collect();
                service.unlock_all(&locked).map_err(failure)?;
            }
            let mut items = found.unlocked.iter().chain(found.locked.iter());
            match (items.next(), items.next()) {
                (None, _) => Err(Error::NoEntry),
                (Some(item), None) => op(item),
                (Some(_), Some(_)) => Err(Error::Ambiguous(Vec::new())),
            }
        })
    }
}

impl CredentialApi for Specifier {
    fn set_secret(&self, secret: &[u8]) -> Result<()> {
        match self.with_item(|item| item.set_secret(secret, CONTENT_TYPE).map_err(failure)) {
            Err(Error::NoEntry) => {}
            done => return done,
        }
        self.store.with(|service| {
            let collection = if self.target == "default" {
                service.get_default_collection()
            } else {
                service.get_all_collections().and_then(|all| {
                    all.into_iter()
                        .find(|c| c.get_label().is_ok_and(|label| label == self.target))
                        .ok_or(secret_service::Error::NoResult)
                })
            }
            .map_err(failure)?;
            if collection.is_locked().map_err(failure)? {
                collection.unlock().map_err(failure)?;
            }
            let label = format!("keyring:{}@{}", self.user, self.service);
            collection
                .create_item(&label, self.attributes(), secret, true, CONTENT_TYPE)
                .map(drop)
                .map_err(failure)
        })
    }

    fn get_secret(&self) -> Result<Vec<u8>> {
        self.with_item(|item| item.get_secret().map_err(failure))
    }

    fn delete_credential(&self) -> Result<()> {
        self.with_item(|item| item.delete().map_err(failure))
    }

    fn get_credential(&self) -> Result<Option<Arc<Credential>>> {
        Ok(None)
    }

    fn get_specifiers(&self) -> Option<(String, String)> {
        Some((self.service.clone(), self.user.clone()))
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}
