//! Property tests: every value, whatever it holds (quotes, spaces, `$`, backticks,
//! backslashes, newlines, non-ASCII), survives every `kcred env` format, evaluated by the real
//! shell that reads it.

use kcred::cli::EnvFormat;
use kcred::output::{EnvVar, github_env, render_env};
use proptest::prelude::*;
use std::process::Command;

fn var(value: &str) -> Vec<EnvVar> {
    vec![EnvVar {
        name: "KCRED_VALUE",
        value: value.to_string(),
        secret: true,
    }]
}

/// Any text an environment variable can hold (no NUL), weighted towards the characters
/// shells treat specially.
fn values() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        '\'', '"', '`', '$', '\\', '\n', '\r', '\t', ' ', '!', '*', '?', '{', '}', '(', ')', ';',
        '&', '|', '<', '>', '#', '~', '%', '’', '‘', '한', 'é', '🦀',
    ]);
    let any = any::<char>().prop_filter("no NUL", |c| *c != '\0');
    prop::collection::vec(prop_oneof![special, any], 0..40)
        .prop_map(|chars| chars.into_iter().collect())
}

fn run(program: &str, args: &[&str]) -> Vec<u8> {
    let output = Command::new(program).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

fn installed(program: &str) -> bool {
    crate::scripting::which(program)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn sh_round_trips(value in values()) {
        for export in [true, false] {
            let script = render_env(EnvFormat::Sh, &var(&value), export).unwrap()
                + r#"printf '%s' "$KCRED_VALUE""#;
            prop_assert_eq!(run("sh", &["-c", &script]), value.as_bytes());
        }
    }

    #[test]
    fn dotenv_round_trips_through_sh(value in values()) {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), render_env(EnvFormat::Dotenv, &var(&value), true).unwrap()).unwrap();
        let script = format!(r#"set -a; . '{}'; printf '%s' "$KCRED_VALUE""#, file.path().display());
        prop_assert_eq!(run("sh", &["-c", &script]), value.as_bytes());
    }

    #[test]
    fn github_env_round_trips_through_its_parser(value in values()) {
        let parsed = parse_github_env(&github_env(&var(&value)));
        prop_assert_eq!(parsed, vec![("KCRED_VALUE".to_string(), value.clone())]);
    }
}

proptest! {
    // A shell start each: fewer cases for the slower shells.
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn fish_round_trips(value in values()) {
        if installed("fish") {
            let script = render_env(EnvFormat::Fish, &var(&value), true).unwrap()
                + r#"printf '%s' "$KCRED_VALUE""#;
            prop_assert_eq!(run("fish", &["--no-config", "-c", &script]), value.as_bytes());
        }
    }

    #[test]
    fn powershell_round_trips(value in values()) {
        if installed("pwsh") {
            let script = render_env(EnvFormat::Powershell, &var(&value), true).unwrap()
                + "[Console]::Out.Write($Env:KCRED_VALUE)";
            prop_assert_eq!(run("pwsh", &["-NoProfile", "-Command", &script]), value.as_bytes());
        }
    }
}

/// GitHub's runner reads `$GITHUB_ENV` as `NAME=value` lines or `NAME<<DELIMITER` blocks
/// (https://docs.github.com/actions/reference/workflow-commands-for-github-actions#multiline-strings).
fn parse_github_env(text: &str) -> Vec<(String, String)> {
    let mut vars = Vec::new();
    let mut lines = text.split('\n');
    while let Some(line) = lines.next() {
        if line.is_empty() {
            continue;
        }
        match (line.split_once("<<"), line.split_once('=')) {
            (Some((name, delimiter)), eq) if eq.is_none_or(|(n, _)| n.len() > name.len()) => {
                let mut value = Vec::new();
                for next in lines.by_ref() {
                    if next == delimiter {
                        break;
                    }
                    value.push(next);
                }
                vars.push((name.to_string(), value.join("\n")));
            }
            (_, Some((name, value))) => vars.push((name.to_string(), value.to_string())),
            _ => panic!("unparsable line {line:?}"),
        }
    }
    vars
}

#[test]
fn which_shells_were_checked() {
    for shell in ["fish", "pwsh"] {
        if !installed(shell) {
            eprintln!("{shell} is not installed: its format is checked by unit tests only");
        }
    }
}
