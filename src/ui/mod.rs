//! The one way to a person: the output format, notes and warnings on stderr, the `-v` sink,
//! the spinner, and the prompts (a hidden secret, a new passphrase, a confirmation). Commands
//! write through a [`Ui`]; nothing below the commands prints or asks.

pub mod output;
pub mod prompt;

use crate::error::{Error, Result};
use crate::http::RequestLog;
use output::OutputFormat;
use secrecy::SecretString;
use std::io::{BufRead, IsTerminal};

/// How this run talks to its person, settled once at start.
#[derive(Debug, Clone)]
pub struct Ui {
    format: OutputFormat,
    verbose: bool,
    /// Whether kcred may prompt: not with `--no-input`, not in CI, not without a terminal.
    interactive: bool,
    /// Whether a spinner may show on stderr: a terminal, not CI, not `-v`.
    spinner: bool,
}

impl Ui {
    /// The Ui of a run with these global options, in CI or not, at a terminal or not.
    pub fn new(format: OutputFormat, verbose: bool, no_input: bool, in_ci: bool) -> Ui {
        Ui {
            format,
            verbose,
            interactive: !no_input && !in_ci && std::io::stdin().is_terminal(),
            spinner: !in_ci && !verbose && std::io::stderr().is_terminal(),
        }
    }

    /// A Ui that never prompts or spins.
    #[cfg(test)]
    fn quiet(format: OutputFormat) -> Ui {
        Ui {
            format,
            verbose: false,
            interactive: false,
            spinner: false,
        }
    }

    pub fn output(&self) -> OutputFormat {
        self.format
    }

    /// Prints a result: `view` as JSON for programs, or the table `table` draws for people.
    pub fn show(
        &self,
        view: &impl serde::Serialize,
        table: impl FnOnce() -> Result<()>,
    ) -> Result<()> {
        match self.format {
            OutputFormat::Json => output::print_json(view),
            OutputFormat::Table => table(),
        }
    }

    /// Whether a person may be asked something.
    pub fn interactive(&self) -> bool {
        self.interactive
    }

    /// Whether someone is watching stderr: `-v`, or a terminal.
    pub fn watched(&self) -> bool {
        self.verbose || std::io::stderr().is_terminal()
    }

    /// A message for people, on stderr: stdout is for data.
    pub fn note(&self, message: &str) {
        output::eprint_line(message);
    }

    /// A line of what kcred does, with `-v` only.
    pub fn verbose(&self, message: &str) {
        if self.verbose {
            output::eprint_line(&format!("kcred: {message}"));
        }
    }

    /// The request log on stderr, with `-v`.
    pub fn request_log(&self) -> Option<RequestLog> {
        self.verbose.then(output::request_log)
    }

    /// A spinner for work that waits on the network; see [`output::Spinner`].
    pub fn spinner(&self, message: &str) -> output::Spinner {
        output::Spinner::start(message, self.spinner)
    }

    /// Reads a secret from standard input (first line) or from a hidden prompt.
    pub fn read_secret(&self, from_stdin: bool, prompt_text: &str) -> Result<SecretString> {
        let secret = if from_stdin {
            read_stdin_line()?
        } else if self.interactive {
            prompt::secret(prompt_text)
                .map_err(|err| Error::other(format!("cannot read the secret: {err}")))?
        } else {
            return Err(
                Error::usage("the secret is needed and kcred may not prompt for it")
                    .with_hint("pass it on standard input with --secret-stdin"),
            );
        };
        if secret.is_empty() {
            return Err(Error::usage("the secret is empty")
                .with_hint("give the secret shown when the access key was created"));
        }
        Ok(SecretString::from(secret))
    }

    /// A new passphrase for the encrypted file: standard input's first line, or asked twice.
    pub fn read_new_passphrase(&self, from_stdin: bool) -> Result<SecretString> {
        let passphrase = if from_stdin {
            read_stdin_line()?
        } else if self.interactive {
            prompt::new_secret(
                "new passphrase for the kcred secrets file",
                "Repeat it",
                "the passphrases differ",
            )
            .map_err(|err| Error::other(format!("cannot read the passphrase: {err}")))?
        } else {
            return Err(Error::usage(
                "the new passphrase is needed and kcred may not prompt for it",
            )
            .with_hint("pass it on standard input with --new-passphrase-stdin"));
        };
        if passphrase.is_empty() {
            return Err(Error::usage("the new passphrase is empty"));
        }
        Ok(SecretString::from(passphrase))
    }

    /// Asks a yes/no question unless `yes` already answered it. Without a terminal (or with
    /// `--no-input`) a question nobody can answer is an error, never a silent yes.
    pub fn confirm(&self, question: &str, yes: bool) -> Result<()> {
        if yes {
            return Ok(());
        }
        if !self.interactive {
            return Err(Error::usage(format!("{question} needs confirmation"))
                .with_hint("pass --yes to confirm without a prompt"));
        }
        let confirmed = prompt::confirm(question)
            .map_err(|err| Error::other(format!("cannot read the answer: {err}")))?;
        if confirmed {
            Ok(())
        } else {
            Err(Error::other("cancelled"))
        }
    }
}

/// The encrypted file's passphrase, asked at the terminal; twice for a new file.
pub fn ask_passphrase(new_file: bool) -> Result<SecretString> {
    const PROMPT: &str = "kcred secrets file passphrase";
    if new_file {
        prompt::new_secret(PROMPT, "Repeat it", "the passphrases differ")
    } else {
        prompt::secret(PROMPT)
    }
    .map(SecretString::from)
    .map_err(|err| Error::other(format!("cannot read the passphrase: {err}")))
}

/// Standard input's first line, without its line ending.
fn read_stdin_line() -> Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|err| Error::other(format!("cannot read standard input: {err}")))?;
    let trimmed = line.trim_end_matches(['\n', '\r']).to_string();
    zeroize::Zeroize::zeroize(&mut line);
    Ok(trimmed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quiet_ui_refuses_to_ask_and_names_the_flag_that_answers() {
        let ui = Ui::quiet(OutputFormat::Table);
        let err = ui.confirm("deleting the key", false).unwrap_err();
        assert!(err.message().contains("needs confirmation"));
        assert!(err.hint().is_some_and(|hint| hint.contains("--yes")));
        assert!(ui.confirm("deleting the key", true).is_ok());
        let err = ui.read_secret(false, "secret").unwrap_err();
        assert!(
            err.hint()
                .is_some_and(|hint| hint.contains("--secret-stdin"))
        );
        let err = ui.read_new_passphrase(false).unwrap_err();
        assert!(
            err.hint()
                .is_some_and(|hint| hint.contains("--new-passphrase-stdin"))
        );
    }

    #[test]
    fn in_ci_nothing_is_asked_and_nothing_spins() {
        let ui = Ui::new(OutputFormat::Json, false, false, true);
        assert!(!ui.interactive());
        assert!(!ui.spinner);
        assert_eq!(ui.output(), OutputFormat::Json);
    }

    #[test]
    fn verbose_turns_the_spinner_off_and_the_request_log_on() {
        let ui = Ui::new(OutputFormat::Table, true, true, false);
        assert!(!ui.spinner);
        assert!(ui.request_log().is_some());
        assert!(Ui::quiet(OutputFormat::Table).request_log().is_none());
    }
}
