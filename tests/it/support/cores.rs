//! Core files: a child that may dump one (its core-size limit raised, as a user's may be), and
//! the checks that a kcred binary holding a secret still dumps none.

use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Child, Command};

/// Lets `command`'s process dump a core as far as its limit goes: no limit.
pub fn allow_core_files(command: &mut Command) {
    // SAFETY: only setrlimit, async-signal-safe, between fork and exec.
    unsafe {
        command.pre_exec(|| {
            let unlimited = libc::rlimit {
                rlim_cur: libc::RLIM_INFINITY,
                rlim_max: libc::RLIM_INFINITY,
            };
            libc::setrlimit(libc::RLIMIT_CORE, &unlimited);
            Ok(())
        });
    }
}

/// The process set its own soft core-size limit to 0, aborting it leaves no core, and its
/// dir `cwd` holds nothing but `expected`.
pub fn abort_and_find_no_core(mut child: Child, cwd: &std::path::Path, expected: &[&str]) {
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", child.id())).unwrap();
    assert_eq!(soft_core_limit(&limits), "0", "{limits}");
    // SAFETY: a signal to the child this test started and has not reaped.
    unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGABRT) };
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(libc::SIGABRT), "{status:?}");
    assert!(!status.core_dumped(), "a core was dumped");
    let left: Vec<_> = std::fs::read_dir(cwd)
        .unwrap()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| !expected.contains(&name.as_str()))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// Waits (30 s at most) until `path` exists: a paused kcred says it reached its step.
pub fn wait_for_file(path: &std::path::Path) {
    let started = std::time::Instant::now();
    while !path.exists() {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "{} never appeared",
            path.display()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// The soft core-size limit in a `/proc/PID/limits` text.
pub fn soft_core_limit(limits: &str) -> String {
    let line = limits
        .lines()
        .find(|line| line.starts_with("Max core file size"))
        .unwrap_or_else(|| panic!("no core limit in {limits}"));
    line.split_whitespace()
        .nth(4)
        .unwrap_or_default()
        .to_string()
}
