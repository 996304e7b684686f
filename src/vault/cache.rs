//! The fleet's token cache on Vault: each entry at `cache/KIND/PROFILE` with its secret, and a
//! single flight across machines built on KV v2 check-and-set: `locks/KIND/PROFILE` names its
//! holder and a lease. A holder that crashes blocks the others until the lease runs out
//! (seconds), never for good.

use super::{Vault, Written};
use crate::error::Result;
use crate::token_cache::{SharedCache, SharedLock};
use jiff::{SignedDuration, Timestamp};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};
use std::rc::Rc;
use std::time::{Duration, Instant};

/// How long a lock holds without its holder giving it back: longer than an issuance takes,
/// short enough that a crashed holder costs the fleet seconds.
const LOCK_LEASE: SignedDuration = SignedDuration::from_secs(15);

/// How far apart two machines' clocks may be. A lease that ends later than [`LOCK_LEASE`]
/// plus this from now was not written by kcred (planted, or by a clock far off): it counts as
/// ended, or a record with a lease of days would hold every issuance to its `--timeout`.
const CLOCK_SKEW: SignedDuration = SignedDuration::from_secs(5);

/// The first pause between two looks at a held lock; it grows to [`MAX_PAUSE`].
const FIRST_PAUSE: Duration = Duration::from_millis(50);
const MAX_PAUSE: Duration = Duration::from_millis(500);

pub struct VaultCache {
    vault: Rc<Vault>,
}

impl VaultCache {
    pub fn new(vault: Rc<Vault>) -> VaultCache {
        VaultCache { vault }
    }
}

impl SharedCache for VaultCache {
    fn read(&self, key: &str) -> Result<Option<(Value, SecretString)>> {
        let entry = self.vault.read(&format!("cache/{key}"))?;
        Ok(entry.data.and_then(|data| {
            let secret = data["secret"].as_str()?.to_string();
            Some((data["entry"].clone(), SecretString::from(secret)))
        }))
    }

    fn write(&self, key: &str, entry: &Value, secret: &SecretString) -> Result<()> {
        let mut data = json!({ "entry": entry, "secret": secret.expose_secret() });
        let written = self
            .vault
            .write(&format!("cache/{key}"), &data, None, Some(secret));
        crate::http::wipe_json(&mut data);
        written.map(|_| ())
    }

    fn delete(&self, key: &str) -> Result<bool> {
        let path = format!("cache/{key}");
        let had = self.vault.read(&path)?.data.is_some();
        if had {
            self.vault.delete(&path)?;
        }
        Ok(had)
    }

    fn lock<'s>(
        &'s self,
        key: &str,
        limit: Duration,
        waiting: &dyn Fn(),
    ) -> Result<Option<Box<dyn SharedLock + 's>>> {
        let path = format!("locks/{key}");
        let holder = holder_id();
        let started = Instant::now();
        let mut pause = FIRST_PAUSE;
        loop {
            let current = self.vault.read(&path)?;
            let now = Timestamp::now();
            let longest = now.saturating_add(LOCK_LEASE + CLOCK_SKEW).unwrap_or(now);
            let free = current.data.as_ref().is_none_or(|data| {
                let held_until = data["until"]
                    .as_str()
                    .and_then(|until| until.parse::<Timestamp>().ok());
                data["holder"].as_str().is_none_or(str::is_empty)
                    || held_until.is_none_or(|until| until <= now || until > longest)
            });
            if free {
                let until = now.saturating_add(LOCK_LEASE).unwrap_or(now);
                let claim = json!({ "holder": holder, "until": until.to_string() });
                match self
                    .vault
                    .write(&path, &claim, Some(current.version), None)?
                {
                    Written::Version(version) => {
                        return Ok(Some(Box::new(VaultLock {
                            vault: &self.vault,
                            path,
                            version,
                        })));
                    }
                    // Another machine took it between the read and the write: look again.
                    Written::Conflict => continue,
                }
            }
            if started.elapsed() >= limit {
                return Ok(None);
            }
            waiting();
            std::thread::sleep(pause.min(limit.saturating_sub(started.elapsed())));
            pause = (pause * 2).min(MAX_PAUSE);
        }
    }
}

/// This process on this machine, for a lock's `holder` (and for a person reading it).
fn holder_id() -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|name| name.trim().to_string())
        .filter(|name| !name.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_else(|| "unknown-host".to_string());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.subsec_nanos())
        .unwrap_or(0);
    format!("{host}/pid-{}/{nanos:08x}", std::process::id())
}

struct VaultLock<'s> {
    vault: &'s Vault,
    path: String,
    version: u64,
}

impl SharedLock for VaultLock<'_> {}

impl Drop for VaultLock<'_> {
    /// Gives the lock back, only if it is still this one's (check-and-set on its version);
    /// when that fails the lease lets it go on its own.
    fn drop(&mut self) {
        let released = json!({ "holder": "", "until": Timestamp::now().to_string() });
        let _ = self
            .vault
            .write(&self.path, &released, Some(self.version), None);
    }
}
