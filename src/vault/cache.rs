//! The fleet's token cache on Vault: each entry at `cache/KIND/PROFILE` with its secret, and a
//! single flight across machines built on KV v2 check-and-set: `locks/KIND/PROFILE` names its
//! holder and a lease. A holder that crashes blocks the others until the lease runs out
//! (seconds), never for good.
//!
//! A waiter looks at the cache as well as at the lock, and takes the holder's token as soon as
//! it is cached, without claiming the lock: the holder writes the cache before it gives the
//! lock back, so a fleet's waiters cost reads only, a few for each machine while the issuance
//! lasts, and see the token within one short pause of its being written.

use super::{Vault, Written};
use crate::error::Result;
use crate::token_cache::{SharedCache, SharedLock, SharedWait};
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

/// The pause between two looks at a held lock while an issuance normally lasts: one at random
/// in this range, so that machines started together do not poll in step. Short, because a
/// token is seen at most one pause after it was cached.
const QUICK_PAUSES: (Duration, Duration) = (Duration::from_millis(20), Duration::from_millis(30));
/// How long the pauses stay quick. An issuance (Keystone, the profile's secret from Vault)
/// takes a fraction of this; a wait longer than this is a slow or crashed holder.
const QUICK_FOR: Duration = Duration::from_secs(1);
/// Then the pauses double from this to [`LONGEST_PAUSE`] (each up to a quarter longer, at
/// random): a holder that crashed costs each waiting machine at most 70 looks (two reads each)
/// in its lease, and the fleet notices the lease's end at most 1.25 s late.
const FIRST_SLOW_PAUSE: Duration = Duration::from_millis(50);
const LONGEST_PAUSE: Duration = Duration::from_secs(1);

pub struct VaultCache {
    vault: Rc<Vault>,
    /// The machine's name from the environment, for a lock's holder when `/etc/hostname`
    /// has none.
    host_name: Option<String>,
}

impl VaultCache {
    pub fn new(vault: Rc<Vault>, host_name: Option<String>) -> VaultCache {
        VaultCache { vault, host_name }
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
        done: &mut dyn FnMut() -> Result<bool>,
    ) -> Result<SharedWait<'s>> {
        let path = format!("locks/{key}");
        let holder = holder_id(self.host_name.as_deref());
        let started = Instant::now();
        let mut pauses = Pauses::new();
        loop {
            // The cache first: a token cached while the lock is still held is taken without
            // a write (and a process that waited for this machine's lock file needs no look
            // at the lock at all).
            if done()? {
                return Ok(SharedWait::Done);
            }
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
                // A holder caches its token before it gives the lock back: a look at the cache
                // after seeing the lock free sees the token of any holder that gave it back, so
                // the only claims are the issuer's and those that lose to it.
                if done()? {
                    return Ok(SharedWait::Done);
                }
                let until = now.saturating_add(LOCK_LEASE).unwrap_or(now);
                let claim = json!({ "holder": holder, "until": until.to_string() });
                match self
                    .vault
                    .write(&path, &claim, Some(current.version), None)?
                {
                    Written::Version(version) => {
                        return Ok(SharedWait::Held(Box::new(VaultLock {
                            vault: &self.vault,
                            path,
                            version,
                        })));
                    }
                    // Another machine took it between the read and the write: look again at
                    // once, and wait for its token as for any holder's.
                    Written::Conflict => continue,
                }
            }
            if started.elapsed() >= limit {
                return Ok(SharedWait::GaveUp);
            }
            waiting();
            let pause = pauses.next(started.elapsed());
            std::thread::sleep(pause.min(limit.saturating_sub(started.elapsed())));
        }
    }
}

/// The pauses of one wait for a held lock: [`QUICK_PAUSES`] for [`QUICK_FOR`], then doubling
/// from [`FIRST_SLOW_PAUSE`] to [`LONGEST_PAUSE`].
struct Pauses {
    /// A xorshift generator's state: the spread needs no strong randomness, only one that
    /// differs between processes started in the same millisecond (seeded by the clock's
    /// nanoseconds and the process ID).
    state: u64,
    slow: Duration,
}

impl Pauses {
    fn new() -> Pauses {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.as_nanos() as u64)
            .unwrap_or(0);
        Pauses::seeded(nanos ^ (u64::from(std::process::id()) << 32))
    }

    fn seeded(seed: u64) -> Pauses {
        // splitmix64's finaliser: seeds that differ in a few bits give unrelated states (and
        // never the zero state, which xorshift cannot leave).
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Pauses {
            state: (z ^ (z >> 31)) | 1,
            slow: FIRST_SLOW_PAUSE,
        }
    }

    /// The pause after a look at a lock held for `waited` so far.
    fn next(&mut self, waited: Duration) -> Duration {
        if waited < QUICK_FOR {
            let (shortest, longest) = QUICK_PAUSES;
            return self.between(shortest, longest);
        }
        let pause = self.slow;
        self.slow = (self.slow * 2).min(LONGEST_PAUSE);
        self.between(pause, pause + pause / 4)
    }

    /// A duration from `shortest` to `longest`, to the microsecond.
    fn between(&mut self, shortest: Duration, longest: Duration) -> Duration {
        let mut x = self.state;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.state = x;
        let span = longest.saturating_sub(shortest).as_micros() as u64;
        shortest + Duration::from_micros(x % (span + 1))
    }
}

/// This process on this machine, for a lock's `holder` (and for a person reading it).
fn holder_id(host_name: Option<&str>) -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|name| name.trim().to_string())
        .filter(|name| !name.is_empty())
        .or_else(|| host_name.map(str::to_string))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_are_quick_and_spread_for_a_second_then_grow_to_the_longest() {
        let mut pauses = Pauses::seeded(42);
        let quick: Vec<Duration> = (0..50)
            .map(|i| pauses.next(Duration::from_millis(i * 20)))
            .collect();
        let (shortest, longest) = QUICK_PAUSES;
        assert!(
            quick.iter().all(|p| (shortest..=longest).contains(p)),
            "{quick:?}"
        );
        assert!(quick.iter().any(|p| *p != quick[0]), "spread: {quick:?}");
        let slow: Vec<Duration> = (0..8).map(|_| pauses.next(QUICK_FOR)).collect();
        let expected = [50, 100, 200, 400, 800, 1000, 1000, 1000];
        for (pause, base) in slow.iter().zip(expected) {
            let base = Duration::from_millis(base);
            assert!(*pause >= base && *pause <= base + base / 4, "{slow:?}");
        }
    }

    #[test]
    fn processes_started_together_pause_differently() {
        let first = |seed| Pauses::seeded(seed).next(Duration::ZERO);
        let pid = 4242_u64 << 32;
        let firsts: Vec<Duration> = (0..8).map(|p| first(pid + (p << 32) + 7)).collect();
        assert!(firsts.iter().any(|p| *p != firsts[0]), "{firsts:?}");
    }

    #[test]
    fn a_pause_stays_in_its_range_even_when_the_range_is_one_point() {
        let mut pauses = Pauses::seeded(0);
        let point = Duration::from_millis(40);
        for _ in 0..100 {
            assert_eq!(pauses.between(point, point), point);
        }
        let shortest = Duration::from_micros(1);
        let longest = Duration::from_micros(3);
        let seen: std::collections::BTreeSet<_> = (0..200)
            .map(|_| pauses.between(shortest, longest))
            .collect();
        assert_eq!(
            seen.into_iter().collect::<Vec<_>>(),
            [shortest, Duration::from_micros(2), longest],
            "every microsecond of the range, and only those"
        );
    }

    #[test]
    fn a_slow_pause_never_passes_the_longest_and_its_quarter() {
        let mut pauses = Pauses::seeded(7);
        for _ in 0..50 {
            let pause = pauses.next(Duration::from_secs(60));
            assert!(pause <= LONGEST_PAUSE + LONGEST_PAUSE / 4, "{pause:?}");
            assert!(pause >= FIRST_SLOW_PAUSE);
        }
    }

    #[test]
    fn a_lock_holder_names_its_host_and_process() {
        let holder = holder_id(Some("fallback-host"));
        let parts: Vec<&str> = holder.rsplitn(3, '/').collect();
        assert_eq!(parts.len(), 3, "{holder}");
        assert_eq!(parts[1], format!("pid-{}", std::process::id()));
        assert!(
            parts[0].len() >= 8 && parts[0].bytes().all(|b| b.is_ascii_hexdigit()),
            "{holder}"
        );
        assert!(!parts[2].is_empty());
    }
}
