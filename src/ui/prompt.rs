//! Questions at the terminal: a hidden secret, a yes/no. However a prompt ends (an answer, an
//! error, Ctrl-C, the terminal hung up, a kill), the terminal is left as it was found: the
//! hidden prompt turns echo off and the confirmation hides the cursor, and a shell that does
//! not reset the terminal itself would otherwise stay that way after kcred is gone.

use crate::ui::output::for_terminal;

/// A secret typed at a hidden prompt.
pub fn secret(prompt: &str) -> dialoguer::Result<String> {
    let _restore = restore::Guard::arm(false);
    dialoguer::Password::new()
        .with_prompt(for_terminal(prompt))
        .interact()
}

/// A new secret, typed twice at hidden prompts.
pub fn new_secret(prompt: &str, again: &str, mismatch: &str) -> dialoguer::Result<String> {
    let _restore = restore::Guard::arm(false);
    dialoguer::Password::new()
        .with_prompt(for_terminal(prompt))
        .with_confirmation(again, mismatch)
        .interact()
}

/// A line of text; Enter alone keeps `default` when there is one. `check` says what is wrong
/// with an answer, and the question is asked again.
pub fn text(
    question: &str,
    default: Option<&str>,
    check: impl Fn(&str) -> Result<(), String>,
) -> dialoguer::Result<String> {
    let _restore = restore::Guard::arm(false);
    let mut input = dialoguer::Input::<String>::new()
        .with_prompt(for_terminal(question))
        .validate_with(|answer: &String| check(answer.trim()));
    if let Some(default) = default {
        input = input.default(default.to_string());
    }
    input
        .interact_text()
        .map(|answer| answer.trim().to_string())
}

/// One of `choices`, by the arrow keys or Enter for `default`; the index chosen.
pub fn choose(question: &str, choices: &[&str], default: usize) -> dialoguer::Result<usize> {
    let _restore = restore::Guard::arm(true);
    dialoguer::Select::new()
        .with_prompt(for_terminal(question))
        .items(choices)
        .default(default)
        .interact()
}

/// A yes/no question, no unless answered yes.
pub fn confirm(question: &str) -> dialoguer::Result<bool> {
    let _restore = restore::Guard::arm(true);
    dialoguer::Confirm::new()
        .with_prompt(for_terminal(question))
        .default(false)
        .interact()
}

#[cfg(unix)]
mod restore {
    //! While a prompt is open, the signals that end kcred (SIGINT from Ctrl-C, SIGQUIT, SIGTERM,
    //! SIGHUP) first put the terminal back as it was, then end kcred as they would have: the
    //! shell still sees that kcred was interrupted. A signal kcred was started ignoring stays
    //! ignored.

    use std::cell::UnsafeCell;
    use std::io::IsTerminal;
    use std::mem::MaybeUninit;
    use std::sync::atomic::{AtomicBool, Ordering};

    const SIGNALS: [libc::c_int; 4] = [libc::SIGINT, libc::SIGQUIT, libc::SIGTERM, libc::SIGHUP];
    const SHOW_CURSOR: &[u8] = b"\x1b[?25h";

    /// The terminal settings from before the prompt, for the signal handler, which may read
    /// only what is already in memory. Written before the handler is installed, read after.
    struct SavedTermios(UnsafeCell<MaybeUninit<libc::termios>>);
    // Written only by the main thread while no handler can run (see `Guard::arm`).
    unsafe impl Sync for SavedTermios {}

    static SAVED: SavedTermios = SavedTermios(UnsafeCell::new(MaybeUninit::uninit()));
    static TERMIOS_SAVED: AtomicBool = AtomicBool::new(false);
    static CURSOR_HIDDEN: AtomicBool = AtomicBool::new(false);

    pub struct Guard {
        previous: Vec<(libc::c_int, libc::sigaction)>,
    }

    impl Guard {
        /// Saves the terminal's settings and restores them when a signal ends kcred or when
        /// the guard is dropped. `hides_cursor`: the prompt hides the cursor (shown again).
        pub fn arm(hides_cursor: bool) -> Guard {
            let mut termios = MaybeUninit::<libc::termios>::uninit();
            // SAFETY: tcgetattr writes the struct it is given, or fails and writes nothing.
            let saved = unsafe { libc::tcgetattr(libc::STDIN_FILENO, termios.as_mut_ptr()) } == 0;
            if saved {
                // SAFETY: no handler is installed now, so nothing else reads SAVED.
                unsafe { (*SAVED.0.get()).write(termios.assume_init()) };
            }
            TERMIOS_SAVED.store(saved, Ordering::SeqCst);
            CURSOR_HIDDEN.store(
                hides_cursor && std::io::stderr().is_terminal(),
                Ordering::SeqCst,
            );
            let mut previous = Vec::new();
            for signal in SIGNALS {
                // SAFETY: plain sigaction calls on valid structs; the handler only makes
                // async-signal-safe calls.
                unsafe {
                    let mut old: libc::sigaction = std::mem::zeroed();
                    if libc::sigaction(signal, std::ptr::null(), &mut old) != 0
                        || old.sa_sigaction == libc::SIG_IGN
                    {
                        continue;
                    }
                    let mut action: libc::sigaction = std::mem::zeroed();
                    action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as usize;
                    libc::sigemptyset(&mut action.sa_mask);
                    if libc::sigaction(signal, &action, std::ptr::null_mut()) == 0 {
                        previous.push((signal, old));
                    }
                }
            }
            Guard { previous }
        }
    }

    impl Drop for Guard {
        fn drop(&mut self) {
            for (signal, old) in &self.previous {
                // SAFETY: puts back the action read in `arm`.
                unsafe { libc::sigaction(*signal, old, std::ptr::null_mut()) };
            }
            restore_terminal();
            TERMIOS_SAVED.store(false, Ordering::SeqCst);
            CURSOR_HIDDEN.store(false, Ordering::SeqCst);
        }
    }

    /// Async-signal-safe: tcsetattr and write only.
    fn restore_terminal() {
        if TERMIOS_SAVED.load(Ordering::SeqCst) {
            // SAFETY: SAVED was written before TERMIOS_SAVED was set.
            unsafe {
                libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, (*SAVED.0.get()).as_ptr())
            };
        }
        if CURSOR_HIDDEN.load(Ordering::SeqCst) {
            // SAFETY: writes a static buffer; a failed write leaves nothing to do.
            unsafe {
                libc::write(
                    libc::STDERR_FILENO,
                    SHOW_CURSOR.as_ptr().cast(),
                    SHOW_CURSOR.len(),
                )
            };
        }
    }

    extern "C" fn on_signal(signal: libc::c_int) {
        restore_terminal();
        // The signal's own action ends kcred once this handler returns (the signal is blocked
        // until then), so the exit status says which signal it was.
        // SAFETY: signal and raise are async-signal-safe.
        unsafe {
            libc::signal(signal, libc::SIG_DFL);
            libc::raise(signal);
        }
    }
}

#[cfg(not(unix))]
mod restore {
    /// The console restores its own modes elsewhere.
    pub struct Guard;

    impl Guard {
        pub fn arm(_hides_cursor: bool) -> Guard {
            Guard
        }
    }
}
