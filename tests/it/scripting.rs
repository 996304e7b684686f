//! Shell scripts and CI: `kcred env`, `kcred exec`, `credential-process`, no prompts.

use crate::support::{TestEnv, assert_fails, keystone, stderr_of};
use serde_json::Value;
use std::process::Command;

/// Runs `script` in `sh` with this env's clean environment plus kcred on PATH as `kcred`.
fn sh(env: &TestEnv, script: &str) -> std::process::Output {
    env.command_around_kcred("sh")
        .env("PATH", env.path_with_kcred())
        .args(["-c", script])
        .output()
        .unwrap()
}

fn stdout(output: &std::process::Output) -> String {
    assert!(output.status.success(), "{}", stderr_of(output));
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn eval_env_in_sh_exports_a_valid_token_and_the_openstack_names() {
    let (env, account) = TestEnv::with_profile();
    let out = stdout(&sh(
        &env,
        r#"eval "$(kcred env)" && printf '%s\n' "$KAKAOCLOUD_TOKEN" "$OS_AUTH_TOKEN" \
            "$KAKAOCLOUD_PROJECT_ID" "$KAKAOCLOUD_USER_ID" "$OS_IDENTITY_API_VERSION" "$OS_AUTH_URL" \
            "$KAKAOCLOUD_TOKEN_EXPIRES_AT" && env | grep -c '^KAKAOCLOUD_TOKEN='"#,
    ));
    let lines: Vec<&str> = out.lines().collect();
    assert!(keystone().token_is_valid(lines[0]));
    assert_eq!(lines[1], lines[0]);
    assert_eq!(lines[2], account.project_id);
    assert_eq!(lines[3], account.user_id);
    assert_eq!(lines[4], "3");
    assert_eq!(lines[5], env.endpoint());
    assert!(lines[6].parse::<jiff::Timestamp>().is_ok(), "{}", lines[6]);
    assert_eq!(lines[7], "1", "exported, not just set");
}

#[test]
fn env_json_has_stable_names() {
    let (env, _) = TestEnv::with_profile();
    let object = env.json(&["env", "--format", "json"]);
    insta::assert_json_snapshot!(object, {
        ".KAKAOCLOUD_TOKEN" => "[token]",
        ".OS_AUTH_TOKEN" => "[token]",
        ".KAKAOCLOUD_TOKEN_EXPIRES_AT" => "[timestamp]",
        ".KAKAOCLOUD_PROJECT_ID" => "[project id]",
        ".KAKAOCLOUD_USER_ID" => "[user id]",
        ".KAKAOCLOUD_IAM_ENDPOINT" => "[endpoint]",
        ".OS_AUTH_URL" => "[endpoint]",
    });
}

#[test]
fn env_s3_adds_the_profiles_stored_s3_key() {
    let (env, _) = TestEnv::with_profile();
    assert_fails(
        env.kcred().args(["env", "--s3"]),
        2,
        &["kcred s3-key create"],
    );
    let created: Value = env.json(&["s3-key", "create", "--show-secret", "--output", "json"]);
    let vars: Value = env.json(&["env", "--s3", "--format", "json"]);
    assert_eq!(vars["AWS_ACCESS_KEY_ID"], created["access_key"]);
    assert_eq!(vars["AWS_SECRET_ACCESS_KEY"], created["secret"]);
    assert_eq!(vars["AWS_REGION"], "kr-central-2");
    assert_eq!(vars["AWS_DEFAULT_REGION"], "kr-central-2");
    assert_eq!(
        vars["AWS_ENDPOINT_URL_S3"],
        "https://objectstorage.kr-central-2.kakaocloud.com"
    );

    // A second key: kcred no longer guesses, the key is named.
    let second: Value = env.json(&["s3-key", "create", "--output", "json"]);
    assert_fails(
        env.kcred().args(["env", "--s3"]),
        2,
        &["several S3 access keys"],
    );
    let access = second["access_key"].as_str().unwrap();
    let vars: Value = env.json(&["env", "--s3", access, "--format", "json"]);
    assert_eq!(vars["AWS_ACCESS_KEY_ID"], access);
}

#[test]
fn env_s3_region_and_endpoint_come_from_the_profile() {
    let (env, _) = TestEnv::with_profile_added_with(&[
        "--s3-region",
        "kr-central-9",
        "--s3-endpoint",
        "https://s3.example.com",
    ]);
    env.kcred().args(["s3-key", "create"]).assert().success();
    let vars: Value = env.json(&["env", "--s3", "--format", "json"]);
    assert_eq!(vars["AWS_REGION"], "kr-central-9");
    assert_eq!(vars["AWS_ENDPOINT_URL_S3"], "https://s3.example.com");
}

#[test]
fn env_github_masks_secrets_and_appends_to_github_env() {
    let (env, _) = TestEnv::with_profile();
    let github_env = env.root().join("github_env");
    std::fs::write(&github_env, "EARLIER=1\n").unwrap();
    let output = env
        .kcred()
        .args(["env", "--format", "github"])
        .env("GITHUB_ENV", &github_env)
        .output()
        .unwrap();
    let printed = stdout(&output);
    let token = env.token(&[]);
    assert_eq!(
        printed,
        format!("::add-mask::{token}\n"),
        "one mask: both names hold one token"
    );
    let file = std::fs::read_to_string(&github_env).unwrap();
    assert!(file.starts_with("EARLIER=1\n"), "appended, not replaced");
    assert!(file.contains(&format!("\nKAKAOCLOUD_TOKEN={token}\n")));
    assert!(file.contains("\nOS_IDENTITY_API_VERSION=3\n"));
    assert_fails(
        env.kcred().args(["env", "--format", "github"]),
        2,
        &["GITHUB_ENV"],
    );
}

#[test]
fn env_fish_and_dotenv_evaluate_to_the_same_values() {
    let (env, _, token) = TestEnv::with_cached_token();
    let dotenv = env.root().join(".env");
    let output = env
        .kcred()
        .args(["env", "--format", "dotenv"])
        .output()
        .unwrap();
    std::fs::write(&dotenv, stdout(&output)).unwrap();
    let out = stdout(&sh(
        &env,
        &format!(
            r#"set -a; . '{}'; printf '%s' "$KAKAOCLOUD_TOKEN""#,
            dotenv.display()
        ),
    ));
    assert_eq!(out, token);

    if which("fish") {
        let fish = stdout(&sh(
            &env,
            r#"kcred env --format fish | fish -c 'source; printf "%s" "$KAKAOCLOUD_TOKEN"'"#,
        ));
        assert_eq!(fish, token);
    } else {
        eprintln!("fish is not installed: the fish format is checked by unit tests only");
    }
}

pub fn which(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether `script` (util-linux), which gives kcred a real terminal, is installed; when it is
/// not, says that the test is skipped.
pub fn terminals_can_be_had() -> bool {
    let installed = which("script");
    if !installed {
        eprintln!("`script` (util-linux) is not installed: skipped");
    }
    installed
}

#[test]
fn exec_runs_the_command_with_the_token_and_passes_everything_through() {
    let (env, _, token) = TestEnv::with_cached_token();

    assert_eq!(
        env.exec_sh(
            &[],
            r#"printf '%s %s' "$KAKAOCLOUD_TOKEN" "$KCRED_EXEC_PROFILE""#
        ),
        format!("{token} dev")
    );
    // stdin and exit status pass through.
    env.kcred()
        .args(["exec", "--", "sh", "-c", "cat; exit 7"])
        .write_stdin("from stdin")
        .assert()
        .code(7)
        .stdout("from stdin");
    // A command killed by a signal: its shell sees 128 + the signal, as with the command itself.
    let out = stdout(&sh(
        &env,
        r#"kcred exec -- sh -c 'kill -TERM $$'; echo "status $?""#,
    ));
    assert_eq!(out.trim(), "status 143");
    // Not found: 127, as in a shell.
    assert_fails(
        env.kcred().args(["exec", "--", "no-such-command-kcred"]),
        127,
        &["command not found: no-such-command-kcred"],
    );
    env.kcred().args(["exec"]).assert().code(2);
}

#[test]
fn exec_refuses_to_nest_another_profile() {
    let (env, account) = TestEnv::with_profile();
    env.add_profile("other", &account);
    assert_fails(
        env.kcred()
            .args(["exec", "--", "true"])
            .env("KCRED_EXEC_PROFILE", "other"),
        2,
        &["already inside `kcred exec` for 'other'"],
    );
    env.kcred()
        .args(["exec", "--", "true"])
        .env("KCRED_EXEC_PROFILE", "dev")
        .assert()
        .success();
    // Nested for real: the inner kcred sees the outer one's marker.
    let out = sh(&env, "kcred exec -- kcred --profile other exec -- true");
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
}

#[test]
fn exec_s3_and_credential_process() {
    let (env, _) = TestEnv::with_profile();
    let created: Value = env.json(&["s3-key", "create", "--show-secret", "--output", "json"]);
    let (access, secret) = (
        created["access_key"].as_str().unwrap(),
        created["secret"].as_str().unwrap(),
    );
    assert_eq!(
        env.exec_sh(
            &["--s3"],
            r#"printf '%s %s' "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY""#
        ),
        format!("{access} {secret}")
    );

    let process: Value = env.json(&["s3-key", "credential-process"]);
    assert_eq!(
        process,
        serde_json::json!({"Version": 1, "AccessKeyId": access, "SecretAccessKey": secret})
    );

    // A real AWS SDK reads it through ~/.aws/config's credential_process.
    let python =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/keystone-venv/bin/python");
    let has_boto3 = Command::new(&python)
        .args(["-c", "import boto3"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_boto3 {
        eprintln!("boto3 is not installed: credential_process checked without an AWS SDK");
        return;
    }
    let aws_config = env.root().join("aws-config");
    let kcred = env.std_command();
    std::fs::write(
        &aws_config,
        format!(
            "[profile kc]\ncredential_process = {} s3-key credential-process {access}\n",
            kcred.get_program().to_string_lossy()
        ),
    )
    .unwrap();
    let out = env
        .command_around_kcred(python.to_str().unwrap())
        .env("AWS_CONFIG_FILE", &aws_config)
        .env("AWS_SHARED_CREDENTIALS_FILE", env.root().join("none"))
        .args([
            "-c",
            "import boto3; c = boto3.Session(profile_name='kc').get_credentials().get_frozen_credentials(); print(c.access_key, c.secret_key)",
        ])
        .output()
        .unwrap();
    assert_eq!(stdout(&out).trim(), format!("{access} {secret}"));
}

#[test]
fn ci_never_prompts_even_on_a_terminal() {
    if !terminals_can_be_had() {
        return;
    }
    let (env, _) = TestEnv::with_profile();
    // `script` gives kcred a real terminal; CI=true alone must stop the prompt.
    let out = sh(
        &env,
        "CI=true script -qec 'kcred profile remove dev' /dev/null",
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("needs confirmation"), "{text}");
    assert!(text.contains("--yes"), "{text}");
    env.kcred()
        .args(["profile", "show", "dev"])
        .assert()
        .success();
    let out = sh(
        &env,
        "script -qec 'kcred --no-input profile remove dev' /dev/null",
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("needs confirmation"));
    env.kcred()
        .args(["profile", "show", "dev"])
        .assert()
        .success();
}

#[test]
fn token_json_output() {
    let (env, account) = TestEnv::with_profile();
    let token: Value = env.json(&["token", "--output", "json"]);
    assert!(keystone().token_is_valid(token["token"].as_str().unwrap()));
    assert_eq!(token["from_cache"], true);
    assert_eq!(token["project_id"], account.project_id.as_str());
}

#[test]
fn a_slow_request_shows_a_spinner_on_a_terminal_only() {
    if !terminals_can_be_had() {
        return;
    }
    let (env, _) = TestEnv::with_profile();
    // The server takes a second to answer: long enough for the spinner to appear.
    env.proxy.after("POST", "/auth/tokens", || {
        std::thread::sleep(std::time::Duration::from_secs(1))
    });
    // A terminal says what it is in TERM.
    let out = sh(
        &env,
        "TERM=xterm script -qec 'kcred token --refresh' /dev/null",
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Issuing a token"), "{text}");
    // The same, not on a terminal: no spinner, stderr stays empty.
    env.proxy.after("POST", "/auth/tokens", || {
        std::thread::sleep(std::time::Duration::from_secs(1))
    });
    let output = env.kcred().args(["token", "--refresh"]).output().unwrap();
    assert!(output.status.success());
    assert!(output.stderr.is_empty(), "{}", stderr_of(&output));
}

/// On a terminal, a kcred waiting for another one's issuance says whom it waits for; when the
/// wait (`--timeout`) runs out it says so too, and still prints a token.
#[cfg(unix)]
#[test]
fn a_waiter_on_a_terminal_says_whom_it_waits_for() {
    if !terminals_can_be_had() {
        return;
    }
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let (env, _) = TestEnv::with_profile();
    env.kcred().args(["token", "forget"]).assert().success();
    env.proxy.clear();
    // This test process plays the other kcred: it holds the profile's lock, pid inside.
    let mut lock = std::fs::OpenOptions::new()
        .mode(0o600)
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(env.cache_dir().join("tokens/dev.lock"))
        .unwrap();
    lock.lock().unwrap();
    write!(lock, "{}", std::process::id()).unwrap();
    let out = sh(
        &env,
        "TERM=xterm script -qec 'kcred --timeout 1 token' /dev/null",
    );
    drop(lock);
    let text = String::from_utf8_lossy(&out.stdout);
    let holder = format!("kcred (pid {})", std::process::id());
    assert!(
        text.contains(&format!("Waiting for {holder}")),
        "says whom it waits for: {text}"
    );
    assert!(
        text.contains(&format!("warning: {holder} has held the lock")),
        "{text}"
    );
    assert_eq!(env.proxy.token_issuances(), 1, "{text}");
}

/// A pipe whose reader is gone: every write to it fails with EPIPE.
pub fn broken_pipe() -> std::io::PipeWriter {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    writer
}

/// Writing to a stderr or stdout that is closed, or whose reader went away, is never a panic
/// (exit 101): the exit code is the command's own.
#[test]
fn a_closed_stderr_or_stdout_leaves_the_exit_code_as_it_was() {
    let (env, account) = TestEnv::with_profile();
    // A key nobody in kcred holds: `iam-key list` succeeds with a note on stderr.
    keystone().create_access_key(&account, &crate::support::unique("orphan"));
    let cases: [(&[&str], i32); 3] = [
        (&["iam-key", "list"], 0),
        (&["--profile", "nonexistent", "token"], 2),
        (&["frobnicate"], 2),
    ];
    for (args, code) in cases {
        let status = env
            .std_command()
            .args(args)
            .stderr(broken_pipe())
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(code), "{args:?} with a broken stderr");
        let out = sh(
            &env,
            &format!(
                "kcred {} >/dev/null 2>&-; echo \"status $?\"",
                args.join(" ")
            ),
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            format!("status {code}"),
            "{args:?} with stderr closed"
        );
    }
    // Stdout whose reader went away (`kcred … | head -c0`) or closed: still 0.
    for args in [&["iam-key", "list", "--output", "json"][..], &[][..]] {
        let status = env
            .std_command()
            .args(args)
            .stdout(broken_pipe())
            .stderr(broken_pipe())
            .status()
            .unwrap();
        assert_eq!(
            status.code(),
            Some(0),
            "{args:?} with broken stdout and stderr"
        );
        let out = sh(
            &env,
            &format!("kcred {} >&- 2>&-; echo \"status $?\"", args.join(" ")),
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            "status 0",
            "{args:?}"
        );
    }
}

/// Runs `inner` in sh on a real terminal (`script`), kcred on PATH; when the terminal has
/// shown `prompt`, types Ctrl-C. Returns all the terminal showed.
#[cfg(unix)]
fn ctrl_c_at(env: &TestEnv, inner: &str, prompt: &str) -> String {
    let mut terminal = crate::support::terminal::Terminal::run(env, inner);
    terminal.expect(prompt);
    terminal.type_keys("\x03");
    terminal.finish()
}

/// The terminal's settings as `stty -a` printed them after the marker `STTY:`.
#[cfg(unix)]
pub fn stty_after(text: &str) -> Vec<String> {
    let (_, after) = text
        .split_once("STTY:")
        .unwrap_or_else(|| panic!("no stty output: {text}"));
    after.split_whitespace().map(str::to_string).collect()
}

/// Ctrl-C at the hidden secret prompt and at a confirmation leaves the terminal as it was:
/// echo on, the cursor shown, though sh (unlike an interactive bash) restores neither. kcred
/// still ends as interrupted, and nothing is changed.
#[cfg(unix)]
#[test]
fn ctrl_c_at_a_prompt_leaves_the_terminal_as_it_was() {
    if !terminals_can_be_had() {
        return;
    }
    let (env, _) = TestEnv::with_profile();
    // The shell outlives kcred (its trap), and shows the terminal's settings afterwards.
    let after = |command: &str| {
        format!(r#"trap 'echo INTERRUPTED' INT; {command}; echo "status $?"; echo STTY:; stty -a"#)
    };
    let text = ctrl_c_at(
        &env,
        &after("kcred profile add other --endpoint http://127.0.0.1:9/v3 --access-key-id k1"),
        "IAM access key secret",
    );
    let settings = stty_after(&text);
    assert!(
        settings.iter().any(|s| s == "echo") && !settings.iter().any(|s| s == "-echo"),
        "echo is off after Ctrl-C at the secret prompt: {text}"
    );
    assert!(text.contains("status 130"), "ended by SIGINT: {text}");
    assert!(
        !env.config_file().exists()
            || !std::fs::read_to_string(env.config_file())
                .unwrap()
                .contains("other")
    );

    let text = ctrl_c_at(
        &env,
        &after("kcred profile remove dev"),
        "Remove profile 'dev'",
    );
    let (hidden, shown) = (text.rfind("\x1b[?25l"), text.rfind("\x1b[?25h"));
    assert!(
        hidden.is_some(),
        "the confirmation hides the cursor: {text:?}"
    );
    assert!(
        shown > hidden,
        "the cursor is hidden after Ctrl-C at the confirmation: {text:?}"
    );
    let settings = stty_after(&text);
    assert!(settings.iter().any(|s| s == "echo"), "{text}");
    assert!(text.contains("status 130"), "ended by SIGINT: {text}");
    env.kcred()
        .args(["profile", "show", "dev"])
        .assert()
        .success();
}
