//! The real OS keyring: what kcred stores is really there for other programs, and a keyring
//! that is not there is a clear error, never a hang or a fallback to a file.

use crate::support::{TestEnv, keystone, secret_tool_lookup, stderr_of, unique};
use predicates::prelude::*;
use std::time::{Duration, Instant};

/// A build of kcred whose keyring crate lacks its platform features keeps secrets in an
/// in-memory mock that dies with the process. Store with one kcred process, read with
/// another and with `secret-tool`: a mock store fails both.
#[test]
fn secrets_outlive_the_process_that_stored_them() {
    let env = TestEnv::new();
    let account = keystone().new_account();
    env.kcred()
        .args([
            "profile",
            "add",
            "dev",
            "--endpoint",
            &env.endpoint(),
            "--no-verify",
        ])
        .args(["--access-key-id", &account.key.id, "--secret-stdin"])
        .write_stdin(account.key.secret.clone())
        .assert()
        .success();
    assert_eq!(
        env.secret_tool_lookup("profile/dev/access-key-secret")
            .as_deref(),
        Some(account.key.secret.as_str())
    );
    // A second process reads the secret to issue a token; a third reads the cached token.
    let token = env.token(&[]);
    env.proxy.clear();
    assert_eq!(env.token(&[]), token);
    assert!(env.proxy.requests().is_empty());
}

#[test]
fn entries_are_filed_under_the_kcred_service_by_default() {
    let mut env = TestEnv::new();
    let account = keystone().new_account();
    // The default service name, with a profile name no other test uses.
    env.set_env("KCRED_KEYRING_SERVICE", "kcred");
    let profile = unique("svc");
    env.add_profile(&profile, &account);
    let entry = format!("profile/{profile}/access-key-secret");
    assert_eq!(
        secret_tool_lookup("kcred", &entry).as_deref(),
        Some(account.key.secret.as_str())
    );
    env.kcred()
        .args(["profile", "remove", &profile, "--yes"])
        .assert()
        .success();
    assert_eq!(secret_tool_lookup("kcred", &entry), None);
}

#[test]
fn no_keyring_is_exit_4_within_seconds_and_nothing_is_saved() {
    let env = TestEnv::new();
    let account = keystone().new_account();
    env.add_profile("dev", &account);
    env.kcred().args(["token", "forget"]).assert().success();
    let config_before = std::fs::read(env.config_file()).unwrap();

    let started = Instant::now();
    env.kcred()
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/kcred-test-bus",
        )
        .arg("token")
        .timeout(Duration::from_secs(30))
        .assert()
        .code(4)
        .stderr(predicate::str::contains("keyring"))
        .stderr(predicate::str::contains("KAKAOCLOUD_ACCESS_KEY_ID"));
    // Not a speed target: a guard that the error came instead of a hang.
    assert!(started.elapsed() < Duration::from_secs(30));

    let output = env
        .kcred()
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/kcred-test-bus",
        )
        .args(["profile", "add", "other", "--endpoint", &env.endpoint()])
        .args(["--access-key-id", &account.key.id, "--secret-stdin"])
        .write_stdin(account.key.secret.clone())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(4), "{}", stderr_of(&output));
    assert_eq!(std::fs::read(env.config_file()).unwrap(), config_before);
    assert!(env.files_containing(&account.key.secret).is_empty());
}

#[test]
fn a_token_deleted_from_the_keyring_behind_kcreds_back_is_issued_again() {
    let mut env = TestEnv::new();
    env.set_env("KCRED_TOKEN_CACHE", "store");
    let account = keystone().new_account();
    env.add_profile("dev", &account);
    let token = env.token(&[]);
    let status = std::process::Command::new("secret-tool")
        .args([
            "clear",
            "service",
            &env.keyring_service,
            "username",
            "profile/dev/token",
        ])
        .status()
        .unwrap();
    assert!(status.success());
    env.proxy.clear();
    let fresh = env.token(&[]);
    assert_ne!(fresh, token);
    assert_eq!(env.proxy.token_issuances(), 1);
}

#[test]
fn a_secret_deleted_from_the_keyring_is_a_clear_error() {
    let env = TestEnv::new();
    let account = keystone().new_account();
    env.add_profile("dev", &account);
    env.kcred().args(["token", "forget"]).assert().success();
    let status = std::process::Command::new("secret-tool")
        .args(["clear", "service", &env.keyring_service])
        .args(["username", "profile/dev/access-key-secret"])
        .status()
        .unwrap();
    assert!(status.success());
    env.kcred()
        .arg("token")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "holds no secret for profile 'dev'",
        ))
        .stderr(predicate::str::contains("--force"));
}

/// A locked login collection, in a private D-Bus session and keyring of its own (locking the
/// shared one would disturb the tests running beside this one).
#[test]
fn a_locked_keyring_is_exit_4_with_a_clear_message() {
    let env = TestEnv::new();
    let keyring_home = tempfile::tempdir().unwrap();
    write_unreachable_profile(&env);
    let script = r#"
        printf pw | HOME="$KEYRING_HOME" XDG_DATA_HOME="$KEYRING_HOME" \
            gnome-keyring-daemon --unlock --components=secrets >/dev/null
        printf s3cret | secret-tool store --label test service "$KCRED_KEYRING_SERVICE" \
            username profile/p/access-key-secret
        dbus-send --session --print-reply --dest=org.freedesktop.secrets \
            /org/freedesktop/secrets org.freedesktop.Secret.Service.Lock \
            array:objpath:/org/freedesktop/secrets/collection/login >/dev/null
        "$KCRED" token
    "#;
    // The same clean environment as every kcred run, in a session bus of its own.
    let output = env
        .command_around_kcred("dbus-run-session")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("KEYRING_HOME", keyring_home.path())
        .env("KCRED_KEYRING_TIMEOUT", "3")
        .args(["--", "sh", "-c", script])
        .output()
        .unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("locked"), "{stderr}");
    assert!(!stderr.contains("s3cret"));
}

/// The Secret Service daemon dies between two kcred runs: the next run fails with exit 4
/// (or gets a fresh, locked keyring from D-Bus activation, also exit 4) within the keyring
/// timeout, and never writes the secret anywhere else. All in a private session bus, and the
/// daemon is found by asking that bus, so no other keyring is touched.
#[test]
fn a_killed_keyring_daemon_is_exit_4_within_the_timeout() {
    let env = TestEnv::new();
    let scratch = tempfile::tempdir().unwrap();
    write_unreachable_profile(&env);
    // Output goes to files, not pipes: a daemon D-Bus starts again would hold a pipe open.
    let script = r#"
        daemon_pid() {
            dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
                org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets \
                2>/dev/null | awk '/uint32/ {print $2}'
        }
        printf pw | HOME="$SCRATCH" XDG_DATA_HOME="$SCRATCH" \
            gnome-keyring-daemon --unlock --components=secrets >/dev/null
        printf s3cret | secret-tool store --label test service "$KCRED_KEYRING_SERVICE" \
            username profile/p/access-key-secret
        pid=$(daemon_pid)
        [ -n "$pid" ] && kill -KILL "$pid"
        sleep 0.5
        HOME="$SCRATCH" XDG_DATA_HOME="$SCRATCH" "$KCRED" token >"$SCRATCH/out" 2>"$SCRATCH/err"
        echo $? >"$SCRATCH/rc"
        pid=$(daemon_pid)
        [ -n "$pid" ] && kill -KILL "$pid"
        exit 0
    "#;
    let started = Instant::now();
    let status = env
        .command_around_kcred("dbus-run-session")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("SCRATCH", scratch.path())
        .env("KCRED_KEYRING_TIMEOUT", "3")
        .args(["--", "sh", "-c", script])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let read = |name: &str| std::fs::read_to_string(scratch.path().join(name)).unwrap_or_default();
    let stderr = read("err");
    assert_eq!(read("rc").trim(), "4", "{stderr}");
    assert!(stderr.contains("keyring"), "{stderr}");
    assert!(!stderr.contains("s3cret") && !read("out").contains("s3cret"));
    assert!(started.elapsed() < Duration::from_secs(30), "no hang");
    assert!(env.files_containing("s3cret").is_empty());
}

/// A profile `p` whose endpoint nobody answers: these tests end at the keyring.
fn write_unreachable_profile(env: &TestEnv) {
    std::fs::create_dir_all(env.config_dir()).unwrap();
    std::fs::write(
        env.config_file(),
        "default_profile = \"p\"\n[profiles.p]\nendpoint = \"http://127.0.0.1:9/v3\"\naccess_key_id = \"abc\"\n",
    )
    .unwrap();
}

/// `profile add` with a locked keyring fails (exit 4) before it issues a token with the key,
/// and saves nothing.
#[test]
fn profile_add_checks_a_locked_keyring_before_issuing_a_token() {
    let env = TestEnv::new();
    let account = keystone().new_account();
    let keyring_home = tempfile::tempdir().unwrap();
    let script = r#"
        printf pw | HOME="$KEYRING_HOME" XDG_DATA_HOME="$KEYRING_HOME" \
            gnome-keyring-daemon --unlock --components=secrets >/dev/null
        dbus-send --session --print-reply --dest=org.freedesktop.secrets \
            /org/freedesktop/secrets org.freedesktop.Secret.Service.Lock \
            array:objpath:/org/freedesktop/secrets/collection/login >/dev/null
        printf '%s\n' "$SECRET" | "$KCRED" profile add dev --endpoint "$ENDPOINT" \
            --access-key-id "$KEY_ID" --secret-stdin
    "#;
    let output = env
        .command_around_kcred("dbus-run-session")
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("KEYRING_HOME", keyring_home.path())
        .env("KCRED_KEYRING_TIMEOUT", "3")
        .env("SECRET", &account.key.secret)
        .env("ENDPOINT", env.endpoint())
        .env("KEY_ID", &account.key.id)
        .args(["--", "sh", "-c", script])
        .output()
        .unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(4), "{stderr}");
    assert!(stderr.contains("locked"), "{stderr}");
    assert!(stderr.contains("hint: unlock your keyring"), "{stderr}");
    assert_eq!(
        env.proxy.token_issuances(),
        0,
        "no token was issued: {stderr}"
    );
    assert!(!env.config_file().exists());
    assert!(!stderr.contains(&account.key.secret));
}
