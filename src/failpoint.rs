//! Named steps of the key operations where the tests kill kcred, to prove that an
//! interruption at any of them is finished or undone by the next run. Debug builds only:
//! `KCRED_FAILPOINT=rotate:secret-stored` makes the process kill itself (SIGKILL, as
//! `kill -9` would) when it reaches that step. Release builds have no failpoints at all.

/// Every step, in the order each operation reaches them. The tests kill kcred at each one,
/// and check that this list and the steps in the code are the same.
pub const STEPS: &[&str] = &[
    "iam-key-create:journaled",
    "iam-key-create:key-created",
    "iam-key-create:secret-stored",
    "iam-key-create:profile-saved",
    "rotate:journaled",
    "rotate:key-created",
    "rotate:secret-stored",
    "rotate:new-key-verified",
    "rotate:profile-switched",
    "rotate:profile-secret-copied",
    "rotate:old-key-deleted",
    "iam-key-delete:journaled",
    "iam-key-delete:tokens-forgotten",
    "iam-key-delete:key-deleted",
    "s3-key-create:journaled",
    "s3-key-create:key-created",
    "s3-key-create:secret-stored",
    "s3-key-create:key-remembered",
    "s3-key-delete:journaled",
    "s3-key-delete:key-deleted",
    "glesys-s3-key-create:key-created",
    "glesys-s3-key-create:secret-stored",
    "glesys-s3-key-delete:forgotten",
    "auth-file-write:temp-written",
];

/// Kills the process here when `KCRED_FAILPOINT` names `step`.
#[cfg(debug_assertions)]
pub fn reached(step: &str) {
    debug_assert!(STEPS.contains(&step), "unknown failpoint {step}");
    if std::env::var("KCRED_FAILPOINT").is_ok_and(|wanted| wanted == step) {
        // SIGKILL, not a panic or an exit: nothing may run after it, no destructor, no flush.
        let _ = std::process::Command::new("kill")
            .args(["-KILL", &std::process::id().to_string()])
            .status();
        std::process::abort();
    }
}

#[cfg(not(debug_assertions))]
#[inline(always)]
pub fn reached(_step: &str) {}

/// Holds the process at `step` while a test acts, when `KCRED_PAUSE_AT` names it: writes the
/// file `KCRED_PAUSE_FILE` names with `.reached` added, then waits (30 s at most) until that
/// file is gone. Debug builds only, as the failpoints are.
#[cfg(debug_assertions)]
pub fn pause(step: &str) {
    if !std::env::var("KCRED_PAUSE_AT").is_ok_and(|wanted| wanted == step) {
        return;
    }
    let Some(gate) = std::env::var_os("KCRED_PAUSE_FILE") else {
        return;
    };
    let gate = std::path::PathBuf::from(gate);
    let mut reached = gate.clone().into_os_string();
    reached.push(".reached");
    let _ = std::fs::write(&reached, b"");
    let started = std::time::Instant::now();
    while gate.exists() && started.elapsed() < std::time::Duration::from_secs(30) {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[cfg(not(debug_assertions))]
#[inline(always)]
pub fn pause(_step: &str) {}
