//! No core file of kcred: a crash while kcred holds an access-key secret or a token would
//! otherwise write them to disk (or hand them to a crash reporter). On Linux every run makes
//! itself non-dumpable (which also keeps other processes of the user from reading its memory
//! through `/proc` or ptrace) and sets its soft core-size limit to 0, for the kernels and
//! `suid_dumpable` settings that would still dump a non-dumpable process. The hard limit is
//! left as it was, so that a command kcred becomes (`kcred exec`) gets the user's own limit
//! back ([`restore_for_exec`]).

#[cfg(target_os = "linux")]
mod linux {
    use std::sync::OnceLock;

    /// The soft core-size limit kcred started with.
    static STARTED_WITH: OnceLock<libc::rlim_t> = OnceLock::new();

    pub fn forbid() {
        // SAFETY: plain system calls on this process, with valid pointers to local values.
        unsafe {
            libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
            let mut limit = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            if libc::getrlimit(libc::RLIMIT_CORE, &mut limit) == 0 {
                let _ = STARTED_WITH.set(limit.rlim_cur);
                limit.rlim_cur = 0;
                libc::setrlimit(libc::RLIMIT_CORE, &limit);
            }
        }
    }

    pub fn restore_for_exec() {
        let Some(&soft) = STARTED_WITH.get() else {
            return;
        };
        // SAFETY: as above. (Being non-dumpable ends with the exec itself.)
        unsafe {
            let mut limit = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            if libc::getrlimit(libc::RLIMIT_CORE, &mut limit) == 0 {
                limit.rlim_cur = soft;
                libc::setrlimit(libc::RLIMIT_CORE, &limit);
            }
        }
    }
}

/// Turns core dumps off for the rest of this run. First thing in `main`, before any secret is
/// read.
pub fn forbid() {
    #[cfg(target_os = "linux")]
    linux::forbid();
}

/// Gives back the core-size limit the run started with, just before kcred becomes another
/// program: that program's crashes are its own business.
pub fn restore_for_exec() {
    #[cfg(target_os = "linux")]
    linux::restore_for_exec();
}
