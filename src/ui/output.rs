//! What kcred prints on stdout: tables (comfy-table) for people, JSON for programs.
//! A closed stdout (`kcred token | head -c1`) is not an error: output simply stops.

use crate::error::{Error, Result};
use clap::ValueEnum;
use comfy_table::presets::NOTHING;
use comfy_table::{ContentArrangement, Table};
use serde::Serialize;
use std::borrow::Cow;
use std::io::{self, Write};

/// How commands print their results: a table for people, JSON for programs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
}

/// The shells and files `kcred env` writes variables for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EnvFormat {
    /// export NAME='value' (POSIX sh, bash, zsh)
    Sh,
    /// set -gx NAME 'value'
    Fish,
    /// $Env:NAME = 'value'
    Powershell,
    /// set "NAME=value" (Windows cmd.exe)
    Cmd,
    /// NAME='value', for `set -a; . ./.env` and dotenv loaders
    Dotenv,
    /// appends to $GITHUB_ENV and masks the secrets (GitHub Actions)
    Github,
    /// one JSON object
    Json,
}

/// `text` as it may be shown to a person on a terminal: every character that a terminal
/// acts on instead of showing (C0 and C1 controls, DEL: escape sequences such as OSC 52,
/// which writes the clipboard) or that reorders or hides text (bidi controls such as U+202E,
/// line and paragraph separators) is written out visibly, as `\n`, `\x1b` or `\u{202e}`.
/// Everything a server sends passes here before a table, a note or an error shows it; JSON
/// and the data formats (`env`, a token) keep values exact and never do.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(acts_on_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if acts_on_terminal(c) && c.is_ascii() => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if acts_on_terminal(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn acts_on_terminal(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// One line for people on stderr, through [`for_terminal`]. A stderr that is closed or whose
/// reader went away is no error: the message is lost, the command's outcome is not.
pub fn eprint_line(text: &str) {
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "{}", for_terminal(text));
}

/// Writes `text` to stdout as is, ignoring a reader that went away.
pub fn print(text: &str) -> Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => Err(Error::other(format!(
            "cannot write to standard output: {err}"
        ))),
        _ => Ok(()),
    }
}

pub fn print_line(text: &str) -> Result<()> {
    print(&format!("{text}\n"))
}

/// A line of text for people on stdout (not data): through [`for_terminal`].
pub fn print_text_line(text: &str) -> Result<()> {
    print_line(&for_terminal(text))
}

/// Pretty JSON and a newline.
/// The `-v` request log: one line per request on stderr (stdout is for data).
pub fn request_log() -> crate::http::RequestLog {
    std::rc::Rc::new(|line: &str| eprint_line(&format!("kcred: {line}")))
}

pub fn print_json(value: &impl Serialize) -> Result<()> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|err| Error::other(format!("cannot encode JSON: {err}")))?;
    print_line(&text)
}

/// A table with a header row. Plain text with no borders or colours, so it reads the same on
/// a terminal, in a pipe and in a CI log.
pub fn print_table(header: &[&str], rows: Vec<Vec<String>>) -> Result<()> {
    let mut table = Table::new();
    table
        .load_preset(NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.to_vec())
        .add_rows(rows.into_iter().map(|row| {
            row.iter()
                .map(|cell| for_terminal(cell).into_owned())
                .collect::<Vec<_>>()
        }));
    print_line(&trim_lines(&table.to_string()))
}

/// A two-column table of one record's fields.
pub fn print_fields(fields: Vec<(&str, String)>) -> Result<()> {
    let mut table = Table::new();
    table
        .load_preset(NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled);
    for (name, value) in fields {
        table.add_row(vec![
            for_terminal(name).into_owned(),
            for_terminal(&value).into_owned(),
        ]);
    }
    print_line(&trim_lines(&table.to_string()))
}

fn trim_lines(text: &str) -> String {
    text.lines()
        .map(|line| line.strip_prefix(' ').unwrap_or(line).trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

/// "-" for a value that is not there, so table columns never go blank.
pub fn or_dash(value: Option<&str>) -> String {
    value.unwrap_or("-").to_string()
}

/// A duration in seconds for people: "11h 58m", "4m 10s", "expired".
pub fn human_duration(seconds: i64) -> String {
    if seconds <= 0 {
        return "expired".to_string();
    }
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    match (h, m) {
        (0, 0) => format!("{s}s"),
        (0, _) => format!("{m}m {s}s"),
        _ => format!("{h}h {m}m"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_terminal_would_act_on_is_shown_escaped() {
        assert_eq!(for_terminal("plain name-1 한글 🦀"), "plain name-1 한글 🦀");
        assert_eq!(
            for_terminal("evil\u{1b}]0;TITLE\u{7}\u{1b}]52;c;aGk=\u{7}"),
            r"evil\x1b]0;TITLE\x07\x1b]52;c;aGk=\x07"
        );
        assert_eq!(for_terminal("k\u{1b}[2J\u{7f}"), r"k\x1b[2J\x7f");
        assert_eq!(for_terminal("a\nb\r\tc"), r"a\nb\r\tc");
        assert_eq!(for_terminal("\u{9b}31m"), r"\u{9b}31m");
        assert_eq!(
            for_terminal("txt.\u{202e}exe\u{2066}\u{200f}"),
            r"txt.\u{202e}exe\u{2066}\u{200f}"
        );
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human_duration(-5), "expired");
        assert_eq!(human_duration(42), "42s");
        assert_eq!(human_duration(250), "4m 10s");
        assert_eq!(human_duration(43080), "11h 58m");
    }
}

/// One environment variable for `kcred env` and `kcred exec`.
#[derive(Clone)]
pub struct EnvVar {
    pub name: &'static str,
    pub value: String,
    /// Secrets are masked in CI logs (`--format github`).
    pub secret: bool,
}

impl EnvVar {
    pub fn plain(name: &'static str, value: &str) -> EnvVar {
        EnvVar {
            name,
            value: value.to_string(),
            secret: false,
        }
    }

    pub fn secret(name: &'static str, value: &str) -> EnvVar {
        EnvVar {
            name,
            value: value.to_string(),
            secret: true,
        }
    }
}

impl std::fmt::Debug for EnvVar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let value = if self.secret {
            "[redacted]"
        } else {
            &self.value
        };
        write!(f, "{}={value:?}", self.name)
    }
}

impl Drop for EnvVar {
    fn drop(&mut self) {
        if self.secret {
            zeroize::Zeroize::zeroize(&mut self.value);
        }
    }
}

/// POSIX sh single quoting: everything literal, a `'` becomes `'\''`.
pub fn sh_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

/// fish single quoting: only `\` and `'` are special.
pub fn fish_quote(value: &str) -> String {
    format!("'{}'", value.replace('\\', r"\\").replace('\'', r"\'"))
}

/// PowerShell single quoting: a `'` is doubled (so are its typographic variants, which
/// PowerShell also treats as quotes).
pub fn powershell_quote(value: &str) -> String {
    let mut out = String::from("'");
    for c in value.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// The lines `kcred env` prints for a shell-like format. `export` chooses exported variables
/// over plain ones where the format knows the difference.
pub fn render_env(format: EnvFormat, vars: &[EnvVar], export: bool) -> Result<String> {
    use EnvFormat as F;
    let mut out = String::new();
    for var in vars {
        let (name, value) = (var.name, var.value.as_str());
        let line = match format {
            F::Sh if export => format!("export {name}={}", sh_quote(value)),
            F::Sh => format!("{name}={}", sh_quote(value)),
            F::Dotenv => {
                // Single quotes are literal to sh, but dotenv loaders differ on what follows
                // a closing quote (sh's `'\''`), on `\` and `${…}` inside quotes
                // (python-dotenv decodes and expands them) and on line breaks: a value that
                // holds any of these is not written at all, lest a loader read another
                // variable out of it.
                if value.contains(['\'', '\\', '$', '\n', '\r']) {
                    return Err(Error::other(format!(
                        "{name} holds characters a .env file cannot take literally \
                         (a quote, a backslash, $ or a line break)"
                    ))
                    .with_hint("use --format sh or json instead"));
                }
                format!("{name}='{value}'")
            }
            F::Fish if export => format!("set -gx {name} {}", fish_quote(value)),
            F::Fish => format!("set -g {name} {}", fish_quote(value)),
            F::Powershell => format!("$Env:{name} = {}", powershell_quote(value)),
            F::Cmd => {
                // cmd.exe has no quoting that keeps these literal.
                if value.contains(['\n', '\r', '%', '"', '!']) {
                    return Err(Error::other(format!(
                        "{name} holds characters cmd.exe cannot take literally"
                    ))
                    .with_hint("use --format powershell or json instead"));
                }
                format!("set \"{name}={value}\"")
            }
            F::Json | F::Github => unreachable!("not a line format"),
        };
        out.push_str(&line);
        out.push('\n');
    }
    Ok(out)
}

/// The `$GITHUB_ENV` file text for `vars`: `NAME=value`, or the heredoc form with a delimiter
/// that is not in the value when the value has more than one line. A value that ends with a
/// carriage return is refused: a Windows runner takes it and the line break after it for
/// one line ending, and the value would lose it.
pub fn github_env(vars: &[EnvVar]) -> Result<String> {
    let mut out = String::new();
    for var in vars {
        if var.value.ends_with('\r') {
            return Err(Error::other(format!(
                "{} ends with a carriage return, which $GITHUB_ENV cannot keep",
                var.name
            ))
            .with_hint("use --format json instead"));
        }
        if var.value.contains(['\n', '\r']) {
            let mut delimiter = String::from("KCRED_EOF");
            while var.value.contains(&delimiter) {
                delimiter.push('_');
            }
            out.push_str(&format!(
                "{}<<{delimiter}\n{}\n{delimiter}\n",
                var.name, var.value
            ));
        } else {
            out.push_str(&format!("{}={}\n", var.name, var.value));
        }
    }
    Ok(out)
}

/// `::add-mask::` commands for every line of every secret, so GitHub hides them in logs. The
/// runner ends a line at a lone carriage return too, and decodes `%25`, `%0D` and `%0A` in a
/// command's value: each piece between line breaks is masked on its own, its `%` encoded, so
/// that nothing of a secret is left outside a mask.
pub fn github_masks(vars: &[EnvVar]) -> String {
    let mut masked: Vec<&str> = Vec::new();
    for line in vars
        .iter()
        .filter(|var| var.secret)
        .flat_map(|var| var.value.split(['\n', '\r']))
    {
        if !line.trim().is_empty() && !masked.contains(&line) {
            masked.push(line);
        }
    }
    masked
        .iter()
        .map(|line| format!("::add-mask::{}\n", line.replace('%', "%25")))
        .collect()
}

#[cfg(test)]
mod env_tests {
    use super::*;

    fn var(name: &'static str, value: &str, secret: bool) -> EnvVar {
        EnvVar {
            name,
            value: value.to_string(),
            secret,
        }
    }

    #[test]
    fn quoting_keeps_everything_literal() {
        assert_eq!(sh_quote("it's $HOME"), r"'it'\''s $HOME'");
        assert_eq!(fish_quote(r"a\b'c"), r"'a\\b\'c'");
        assert_eq!(powershell_quote("it's"), "'it''s'");
    }

    #[test]
    fn github_uses_a_heredoc_for_multiline_values() {
        let vars = [
            var("ONE", "plain", false),
            var("TWO", "a\nKCRED_EOF\nb", true),
        ];
        assert_eq!(
            github_env(&vars).unwrap(),
            "ONE=plain\nTWO<<KCRED_EOF_\na\nKCRED_EOF\nb\nKCRED_EOF_\n"
        );
        assert_eq!(
            github_masks(&vars),
            "::add-mask::a\n::add-mask::KCRED_EOF\n::add-mask::b\n"
        );
    }

    #[test]
    fn github_masks_every_piece_a_runner_would_print_as_a_line() {
        let vars = [
            var("S", "a\rb\r\nc%0Ad", true),
            var("P", "open\rtext", false),
        ];
        assert_eq!(
            github_masks(&vars),
            "::add-mask::a\n::add-mask::b\n::add-mask::c%250Ad\n"
        );
        assert!(github_env(&[var("S", "ends\r", true)]).is_err());
    }

    #[test]
    fn dotenv_refuses_what_loaders_read_differently() {
        use super::EnvFormat;
        for value in [
            "p1'\nLD_PRELOAD=/tmp/evil.so\n#'",
            "a\\b",
            "${HOME}",
            "a\rb",
        ] {
            let err = render_env(EnvFormat::Dotenv, &[var("A", value, false)], true).unwrap_err();
            assert!(!err.message().contains(value), "{}", err.message());
        }
        assert_eq!(
            render_env(EnvFormat::Dotenv, &[var("A", "a b#\"c", false)], true).unwrap(),
            "A='a b#\"c'\n"
        );
    }

    #[test]
    fn cmd_refuses_what_it_cannot_quote() {
        use super::EnvFormat;
        assert!(render_env(EnvFormat::Cmd, &[var("A", "50%", false)], true).is_err());
        assert_eq!(
            render_env(EnvFormat::Cmd, &[var("A", "a b&c", false)], true).unwrap(),
            "set \"A=a b&c\"\n"
        );
    }

    #[test]
    fn debug_never_shows_a_secret() {
        assert_eq!(format!("{:?}", var("T", "tok", true)), "T=\"[redacted]\"");
    }
}

/// A spinner on stderr for a request that takes a while. It appears only after 200 ms, only
/// when stderr is a terminal, and never touches stdout; dropping it clears it.
pub struct Spinner {
    stop: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Spinner {
    pub fn start(message: &str, enabled: bool) -> Spinner {
        if !enabled {
            return Spinner {
                stop: None,
                thread: None,
            };
        }
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let message = message.to_string();
        let thread = std::thread::spawn(move || {
            use std::sync::mpsc::RecvTimeoutError;
            use std::time::Duration;
            if stopped.recv_timeout(Duration::from_millis(200)) != Err(RecvTimeoutError::Timeout) {
                return;
            }
            let bar = indicatif::ProgressBar::with_draw_target(
                None,
                indicatif::ProgressDrawTarget::stderr(),
            );
            bar.set_style(indicatif::ProgressStyle::with_template("{spinner} {msg}").unwrap());
            bar.set_message(message);
            bar.enable_steady_tick(Duration::from_millis(80));
            let _ = stopped.recv();
            bar.finish_and_clear();
        });
        Spinner {
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
