//! Property tests: every value, whatever it holds (quotes, spaces, `$`, backticks,
//! backslashes, newlines, non-ASCII), survives every `kcred env` format, evaluated by the real
//! shell or loader that reads it, or the format refuses it with one line; and the same for
//! values a hostile server sends, through the kcred binary.

use crate::support::fake_server::{FakeServer, Reply, token_body};
use crate::support::{TestEnv, stderr_of, venv_bin};
use kcred::cli::EnvFormat;
use kcred::ui::output::{EnvVar, github_env, github_masks, render_env};
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
    fn github_env_round_trips_through_its_parser_or_is_refused(value in values()) {
        match github_env(&var(&value)) {
            Ok(text) => {
                let parsed = parse_github_env(&text);
                prop_assert_eq!(parsed, vec![("KCRED_VALUE".to_string(), value.clone())]);
            }
            // A Windows runner would drop a last carriage return.
            Err(err) => {
                prop_assert!(value.ends_with('\r'), "{}", err.message());
                assert_one_line(&err);
            }
        }
    }

    #[test]
    fn github_masks_leave_no_piece_of_a_secret_unmasked(value in values()) {
        let masks = runner_masks(&github_masks(&var(&value)));
        for piece in value.split(['\n', '\r']).filter(|piece| !piece.trim().is_empty()) {
            prop_assert!(masks.iter().any(|mask| mask == piece), "{:?} not in {:?}", piece, masks);
        }
    }
}

proptest! {
    // Two programs start each: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn dotenv_round_trips_through_sh_and_python_dotenv_or_is_refused(value in values()) {
        match render_env(EnvFormat::Dotenv, &var(&value), true) {
            Ok(text) => {
                prop_assert_eq!(read_dotenv(&text), vec![("KCRED_VALUE".to_string(), value.clone())]);
            }
            Err(err) => {
                prop_assert!(value.contains(['\'', '\\', '$', '\n', '\r']), "{}", err.message());
                assert_one_line(&err);
            }
        }
    }
}

fn assert_one_line(err: &kcred::Error) {
    assert!(!err.message().contains(['\n', '\r']), "{}", err.message());
    assert!(err.hint().is_some_and(|hint| !hint.contains(['\n', '\r'])));
}

/// What the two readers of a `.env` file make of `text`: `set -a; . ./.env` in sh, and
/// python-dotenv (when the test venv has it). They must agree; the variables, sorted.
fn read_dotenv(text: &str) -> Vec<(String, String)> {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), text).unwrap();
    let script = format!(
        r#"set -a; . '{}'; printf '%s' "$KCRED_VALUE""#,
        file.path().display()
    );
    let by_sh = String::from_utf8(run("sh", &["-c", &script])).unwrap();
    let python = venv_bin("python");
    let has_dotenv = Command::new(&python)
        .args(["-c", "import dotenv"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_dotenv {
        return vec![("KCRED_VALUE".to_string(), by_sh)];
    }
    let json = run(
        python.to_str().unwrap(),
        &[
            "-c",
            "import dotenv, json, sys; print(json.dumps(dotenv.dotenv_values(sys.argv[1])))",
            &file.path().display().to_string(),
        ],
    );
    let by_dotenv: std::collections::BTreeMap<String, Option<String>> =
        serde_json::from_slice(&json).unwrap();
    let by_dotenv: Vec<(String, String)> = by_dotenv
        .into_iter()
        .map(|(name, value)| (name, value.unwrap_or_default()))
        .collect();
    assert_eq!(
        by_dotenv,
        vec![("KCRED_VALUE".to_string(), by_sh)],
        "python-dotenv and sh disagree on {text:?}"
    );
    by_dotenv
}

/// The values GitHub's runner registers as secrets from `stdout`: it reads lines ended by
/// `\n`, `\r\n` or a lone `\r`, and decodes `%0D`, `%0A` and `%25` in a command's value.
/// Every line must be a mask command: anything else would be printed in the log.
fn runner_masks(stdout: &str) -> Vec<String> {
    stdout
        .split("\r\n")
        .flat_map(|part| part.split(['\r', '\n']))
        .filter(|line| !line.is_empty())
        .map(|line| {
            let value = line
                .strip_prefix("::add-mask::")
                .unwrap_or_else(|| panic!("{line:?} would be printed in the log"));
            value
                .replace("%0D", "\r")
                .replace("%0A", "\n")
                .replace("%25", "%")
        })
        .collect()
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

/// A project and user ID from a hostile IAM: quotes and line breaks that would end a value
/// and start another variable, a lone carriage return, `$`, backticks and backslashes.
const HOSTILE: [&str; 4] = [
    "p1'\nLD_PRELOAD=/tmp/evil.so\n#'",
    "p1\rLD_PRELOAD=/tmp/evil.so",
    "p1\"$(touch pwned)`touch pwned`\\${HOME}%0A",
    "p1\r",
];

/// What each format makes of the variables, read by the program that reads it; `None` where
/// that program is not installed.
fn read_back(format: &str, text: &str, dir: &std::path::Path) -> Option<Vec<(String, String)>> {
    let file = dir.join(format!("vars.{format}"));
    std::fs::write(&file, text).unwrap();
    let names = "KAKAOCLOUD_PROJECT_ID KAKAOCLOUD_USER_ID";
    let script = match format {
        "sh" => format!(
            r#"cd '{d}' && . '{f}' && for n in {names}; do eval "printf '%s\0' \"\$$n\""; done"#,
            d = dir.display(),
            f = file.display()
        ),
        "fish" if installed("fish") => format!(
            r#"cd '{d}'; source '{f}'; for n in {names}; printf '%s\0' $$n; end"#,
            d = dir.display(),
            f = file.display()
        ),
        "dotenv" => {
            let vars = read_dotenv_file(text);
            return Some(
                vars.into_iter()
                    .filter(|(name, _)| names.contains(name.as_str()))
                    .collect(),
            );
        }
        _ => return None,
    };
    let program = if format == "fish" { "fish" } else { "sh" };
    let args: Vec<&str> = if format == "fish" {
        vec!["--no-config", "-c", &script]
    } else {
        vec!["-c", &script]
    };
    let out = String::from_utf8(run(program, &args)).unwrap();
    let values: Vec<&str> = out.split('\0').collect();
    Some(
        names
            .split(' ')
            .zip(values)
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect(),
    )
}

/// Every variable a `.env` file sets, as sh and python-dotenv read it (they must agree).
fn read_dotenv_file(text: &str) -> Vec<(String, String)> {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), text).unwrap();
    let script = format!(
        r#"set -a; . '{}'; for n in $(sed -n 's/=.*//p' '{}'); do eval "printf '%s=%s\0' \$n \"\$$n\""; done"#,
        file.path().display(),
        file.path().display()
    );
    let out = String::from_utf8(run("sh", &["-c", &script])).unwrap();
    let by_sh: Vec<(String, String)> = out
        .split_terminator('\0')
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap();
            (name.to_string(), value.to_string())
        })
        .collect();
    let python = venv_bin("python");
    if Command::new(&python)
        .args(["-c", "import dotenv"])
        .output()
        .is_ok_and(|o| o.status.success())
    {
        let json = run(
            python.to_str().unwrap(),
            &[
                "-c",
                "import dotenv, json, sys; print(json.dumps(dotenv.dotenv_values(sys.argv[1])))",
                &file.path().display().to_string(),
            ],
        );
        let by_dotenv: std::collections::BTreeMap<String, Option<String>> =
            serde_json::from_slice(&json).unwrap();
        let mut sorted = by_sh.clone();
        sorted.sort();
        let by_dotenv: Vec<(String, String)> = by_dotenv
            .into_iter()
            .map(|(name, value)| (name, value.unwrap_or_default()))
            .collect();
        assert_eq!(
            by_dotenv, sorted,
            "python-dotenv and sh disagree on {text:?}"
        );
    }
    by_sh
}

/// Values from the server pass through every `kcred env` format exactly, read by the real
/// shell or loader, or the format refuses them: one `error:` line, one `hint:` line, exit 1,
/// nothing on stdout (and nothing appended to `$GITHUB_ENV`).
#[test]
fn values_from_a_hostile_server_are_exact_or_refused_in_every_format() {
    for hostile in HOSTILE {
        let server = FakeServer::start();
        let mut body = token_body();
        body["token"]["project"]["id"] = hostile.into();
        body["token"]["user"]["id"] = format!("u-{hostile}").into();
        server.on(
            "POST",
            "/auth/tokens",
            Reply::json(201, body).with_header("X-Subject-Token", "gAAAAAhostile-token"),
        );
        let mut env = TestEnv::new();
        env.set_key_in_environment("k1", "hostile-test-secret", &server.endpoint());
        let expected = vec![
            ("KAKAOCLOUD_PROJECT_ID".to_string(), hostile.to_string()),
            ("KAKAOCLOUD_USER_ID".to_string(), format!("u-{hostile}")),
        ];
        let github_env = env.root().join("github_env");
        for format in [
            "sh",
            "fish",
            "dotenv",
            "github",
            "json",
            "cmd",
            "powershell",
        ] {
            std::fs::write(&github_env, "").unwrap();
            let output = env
                .kcred()
                .args(["env", "--format", format])
                .env("GITHUB_ENV", &github_env)
                .output()
                .unwrap();
            let stdout = String::from_utf8(output.stdout.clone()).unwrap();
            if !output.status.success() {
                let stderr = stderr_of(&output);
                let lines: Vec<&str> = stderr.lines().collect();
                assert_eq!(
                    output.status.code(),
                    Some(1),
                    "{format} {hostile:?}: {stderr}"
                );
                assert!(
                    lines.len() == 2
                        && lines[0].starts_with("error: ")
                        && lines[1].starts_with("hint: "),
                    "{format} {hostile:?}: {stderr:?}"
                );
                assert!(stdout.is_empty(), "{format} {hostile:?}: {stdout:?}");
                assert_eq!(std::fs::read_to_string(&github_env).unwrap(), "");
                continue;
            }
            let read = match format {
                "json" => {
                    let object: serde_json::Value = serde_json::from_str(&stdout).unwrap();
                    Some(
                        expected
                            .iter()
                            .map(|(name, _)| {
                                (name.clone(), object[name].as_str().unwrap().to_string())
                            })
                            .collect(),
                    )
                }
                "github" => {
                    runner_masks(&stdout);
                    let file = std::fs::read_to_string(&github_env).unwrap();
                    Some(
                        parse_github_env(&file)
                            .into_iter()
                            .filter(|(name, _)| name.contains("_ID") && name.starts_with("KAKAO"))
                            .collect(),
                    )
                }
                "cmd" => panic!("cmd.exe cannot take {hostile:?}, yet kcred wrote {stdout:?}"),
                other => read_back(other, &stdout, env.root()),
            };
            if let Some(read) = read {
                assert_eq!(read, expected, "{format}: {stdout:?}");
            }
        }
        assert!(
            !env.root().join("pwned").exists(),
            "{hostile:?} ran a command"
        );
    }
}
