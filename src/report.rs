//! How each binary starts and how an error leaves it: one place for both `kcred` and
//! `docker-credential-kcred`. An error becomes its `error:` line and, when it has one, its
//! `hint:` line on stderr, each on one line and shown escaped (a server's or the
//! environment's escape codes never reach the terminal), and its kind's exit code. A closed
//! or broken stderr changes nothing: the exit code is the error's all the same.

use crate::error::Error;
use crate::ui::output;
use std::process::ExitCode;

/// What every run does first, before any secret can be read: no core file, no `/proc` reads
/// of its memory by other processes of the user.
pub fn start() {
    crate::core_dumps::forbid();
}

/// The lines an error is told in.
pub fn lines(err: &Error) -> Vec<String> {
    let mut lines = vec![format!("error: {}", one_line(err.message()))];
    if let Some(hint) = crate::commands::advice::hint_of(err) {
        lines.push(format!("hint: {}", one_line(&hint)));
    }
    lines
}

/// Tells `err` on stderr and gives its exit code.
pub fn report(err: &Error) -> ExitCode {
    for line in lines(err) {
        output::eprint_line(&line);
    }
    exit_code(err)
}

/// The exit code of `err`'s kind.
pub fn exit_code(err: &Error) -> ExitCode {
    ExitCode::from(err.kind().exit_code() as u8)
}

/// `text` on one line: line breaks become spaces (what else acts on a terminal is escaped
/// when the line is written).
pub fn one_line(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn an_error_is_one_error_line_and_at_most_one_hint_line() {
        let err = Error::usage("two\nlines").with_hint("do\rthis");
        assert_eq!(lines(&err), ["error: two lines", "hint: do this"]);
        assert_eq!(lines(&Error::other("alone")), ["error: alone"]);
        assert_eq!(
            exit_code(&Error::new(ErrorKind::LimitReached, "x")),
            ExitCode::from(6)
        );
    }
}
