//! The real OS keyring: what kcred stores is really there for other programs, and a keyring
//! that is not there is a clear error, never a hang or a fallback to a file.

use crate::support::{
    NO_BUS, TestEnv, assert_exit_code, assert_fails, keystone, secret_tool_lookup, stderr_of,
    unique,
};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A build of kcred whose keyring crate lacks its platform features keeps secrets in an
/// in-memory mock that dies with the process. Store with one kcred process, read with
/// another and with `secret-tool`: a mock store fails both.
#[test]
fn secrets_outlive_the_process_that_stored_them() {
    let env = TestEnv::new();
    let account = keystone().new_account();
    env.add_profile_unverified("dev", &account);
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
    let (env, account) = TestEnv::with_profile();
    env.kcred().args(["token", "forget"]).assert().success();
    let config_before = std::fs::read(env.config_file()).unwrap();

    let started = Instant::now();
    assert_fails(
        env.kcred()
            .env("DBUS_SESSION_BUS_ADDRESS", NO_BUS)
            .arg("token")
            .timeout(Duration::from_secs(30)),
        4,
        &["keyring", "KAKAOCLOUD_ACCESS_KEY_ID"],
    );
    // Not a speed target: a guard that the error came instead of a hang.
    assert!(started.elapsed() < Duration::from_secs(30));

    let output = env
        .kcred()
        .env("DBUS_SESSION_BUS_ADDRESS", NO_BUS)
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
    let (mut env, _) = TestEnv::with_profile();
    env.set_env("KCRED_TOKEN_CACHE", "store");
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
    env.assert_next_token_replaces(&token);
}

#[test]
fn a_secret_deleted_from_the_keyring_is_a_clear_error() {
    let (env, _) = TestEnv::with_profile();
    env.kcred().args(["token", "forget"]).assert().success();
    let status = std::process::Command::new("secret-tool")
        .args(["clear", "service", &env.keyring_service])
        .args(["username", "profile/dev/access-key-secret"])
        .status()
        .unwrap();
    assert!(status.success());
    assert_fails(
        env.kcred().arg("token"),
        1,
        &["holds no secret for profile 'dev'", "--force"],
    );
}

/// A locked login collection, in a private D-Bus session and keyring of its own (locking the
/// shared one would disturb the tests running beside this one).
#[test]
fn a_locked_keyring_is_exit_4_with_a_clear_message() {
    let env = TestEnv::new();
    let keyring_home = tempfile::tempdir().unwrap();
    write_unreachable_profile(&env);
    let script = [
        START_KEYRING,
        STORE_A_SECRET,
        LOCK_KEYRING,
        r#""$KCRED" token"#,
    ]
    .concat();
    let output = in_private_keyring(&env, keyring_home.path(), &script)
        .output()
        .unwrap();
    let stderr = assert_exit_code(&output, 4);
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
    let kill_the_daemon_then_run_kcred = r#"
        daemon_pid() {
            dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
                org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets \
                2>/dev/null | awk '/uint32/ {print $2}'
        }
        pid=$(daemon_pid)
        [ -n "$pid" ] && kill -KILL "$pid"
        sleep 0.5
        HOME="$KEYRING_HOME" XDG_DATA_HOME="$KEYRING_HOME" "$KCRED" token \
            >"$KEYRING_HOME/out" 2>"$KEYRING_HOME/err"
        echo $? >"$KEYRING_HOME/rc"
        pid=$(daemon_pid)
        [ -n "$pid" ] && kill -KILL "$pid"
        exit 0
    "#;
    let script = [
        START_KEYRING,
        STORE_A_SECRET,
        kill_the_daemon_then_run_kcred,
    ]
    .concat();
    let started = Instant::now();
    let status = in_private_keyring(&env, scratch.path(), &script)
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

/// Starts an unlocked keyring whose files are in `$KEYRING_HOME`.
pub(crate) const START_KEYRING: &str = r#"
        printf pw | HOME="$KEYRING_HOME" XDG_DATA_HOME="$KEYRING_HOME" \
            gnome-keyring-daemon --unlock --components=secrets >/dev/null
        # The daemon goes to the background before it owns its bus name; a call made before
        # then would have D-Bus start a second, locked one. Wait (at most 10 s) until it owns it.
        for _ in $(seq 100); do
            dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
                org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null \
                | grep -q 'boolean true' && break
            sleep 0.1
        done
"#;

/// Stores the secret `s3cret` for profile `p`, as kcred would.
pub(crate) const STORE_A_SECRET: &str = r#"
        printf s3cret | secret-tool store --label test service "$KCRED_KEYRING_SERVICE" \
            username profile/p/access-key-secret target default
"#;

/// Locks the keyring's login collection.
pub(crate) const LOCK_KEYRING: &str = r#"
        dbus-send --session --print-reply --dest=org.freedesktop.secrets \
            /org/freedesktop/secrets org.freedesktop.Secret.Service.Lock \
            array:objpath:/org/freedesktop/secrets/collection/login >/dev/null
"#;

/// `sh -c SCRIPT` in a session bus of its own (so a keyring started there is private, and
/// locking or killing it disturbs no other test), in the same clean environment as every
/// kcred run, with `$KEYRING_HOME` and a keyring timeout of 3 seconds.
pub(crate) fn in_private_keyring(env: &TestEnv, keyring_home: &Path, script: &str) -> Command {
    let mut cmd = env.command_around_kcred("dbus-run-session");
    cmd.env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("KEYRING_HOME", keyring_home)
        .env("KCRED_KEYRING_TIMEOUT", "3")
        .args(["--", "sh", "-c", script]);
    cmd
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
    let add_a_profile = r#"
        printf '%s\n' "$SECRET" | "$KCRED" profile add dev --endpoint "$ENDPOINT" \
            --access-key-id "$KEY_ID" --secret-stdin
    "#;
    let script = [START_KEYRING, LOCK_KEYRING, add_a_profile].concat();
    let output = in_private_keyring(&env, keyring_home.path(), &script)
        .env("SECRET", &account.key.secret)
        .env("ENDPOINT", env.endpoint())
        .env("KEY_ID", &account.key.id)
        .output()
        .unwrap();
    let stderr = assert_exit_code(&output, 4);
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

/// Three profiles to check: the secret of each read (two of them missing, so each miss is
/// checked against the collection's state), by `kcred doctor`.
const THREE_PROFILES: &str = r#"
        umask 077
        mkdir -p "$XDG_CONFIG_HOME/kcred"
        for p in p q r; do
            printf '[profiles.%s]\nendpoint = "http://127.0.0.1:9/v3"\naccess_key_id = "key-%s"\n' \
                "$p" "$p"
        done >"$XDG_CONFIG_HOME/kcred/config.toml"
"#;

/// Watches the private bus for Secret Service sessions opened and closed, into
/// `$KEYRING_HOME/bus`.
const WATCH_SESSIONS: &str = r#"
        dbus-monitor --session \
            "type='method_call',interface='org.freedesktop.Secret.Service',member='OpenSession'" \
            "type='method_call',interface='org.freedesktop.Secret.Session',member='Close'" \
            >"$KEYRING_HOME/bus" 2>/dev/null &
        monitor=$!
        sleep 0.5
"#;

/// A run that makes many keyring calls, through several stores (one per profile), opens one
/// Secret Service session and closes it: a session per call is what crashes the daemon.
#[test]
fn a_run_opens_one_secret_service_session_and_closes_it() {
    let env = TestEnv::new();
    let keyring_home = tempfile::tempdir().unwrap();
    let script = [
        START_KEYRING,
        STORE_A_SECRET,
        THREE_PROFILES,
        WATCH_SESSIONS,
        r#"
        "$KCRED" doctor --dry-run >"$KEYRING_HOME/out" 2>&1
        sleep 0.5
        kill "$monitor"
        "#,
    ]
    .concat();
    let output = in_private_keyring(&env, keyring_home.path(), &script)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let bus = std::fs::read_to_string(keyring_home.path().join("bus")).unwrap();
    let out = std::fs::read_to_string(keyring_home.path().join("out")).unwrap();
    assert!(out.contains("profile 'p' has its secret"), "{out}");
    assert!(
        out.contains("profile 'q': the secret store holds no"),
        "{out}"
    );
    let calls = |member: &str| bus.matches(&format!("member={member}")).count();
    assert_eq!(calls("OpenSession"), 1, "{bus}");
    assert_eq!(calls("Close"), 1, "{bus}");
}

/// kcreds killed in the middle of their keyring calls, and kcreds that give up on the keyring
/// at their own timeout, leave the daemon running and the collection unlocked: the run after
/// them reads its secret.
#[test]
fn kcreds_killed_or_timing_out_mid_call_leave_the_keyring_working() {
    let env = TestEnv::new();
    let keyring_home = tempfile::tempdir().unwrap();
    let script = [
        START_KEYRING,
        STORE_A_SECRET,
        THREE_PROFILES,
        r#"
        daemon_pid() {
            dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
                org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets \
                2>/dev/null | awk '/uint32/ {print $2}'
        }
        before=$(daemon_pid)
        for i in $(seq 20); do
            "$KCRED" doctor --dry-run >/dev/null 2>&1 &
            sleep "0.0$((i % 10))"
            kill -KILL $! 2>/dev/null
            wait $! 2>/dev/null
            KCRED_KEYRING_TIMEOUT=0.00$((i % 10 + 1)) "$KCRED" doctor --dry-run >/dev/null 2>&1
        done
        sleep 0.5
        echo "$before $(daemon_pid)" >"$KEYRING_HOME/pids"
        printf '[profiles.p]\nendpoint = "http://127.0.0.1:9/v3"\naccess_key_id = "abc"\n' \
            >"$XDG_CONFIG_HOME/kcred/config.toml"
        "$KCRED" doctor --dry-run >"$KEYRING_HOME/out" 2>"$KEYRING_HOME/err"
        exit 0
        "#,
    ]
    .concat();
    let status = in_private_keyring(&env, keyring_home.path(), &script)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let read = |name: &str| std::fs::read_to_string(keyring_home.path().join(name)).unwrap();
    let pids = read("pids");
    let (before, after) = pids.trim().split_once(' ').unwrap();
    assert!(!before.is_empty());
    assert_eq!(
        before, after,
        "the keyring daemon died and was started again"
    );
    let out = read("out");
    assert!(
        out.contains("profile 'p' has its secret"),
        "{out}{}",
        read("err")
    );
}

/// `kcred doctor` over many profiles whose secrets are all stored searches the Secret Service
/// once, not once per profile: each search costs as much as the collection is big, so a search
/// per profile grows with the square of the profiles (20,000 profiles took minutes).
#[test]
fn doctor_searches_the_keyring_once_however_many_profiles() {
    let env = TestEnv::new();
    let keyring_home = tempfile::tempdir().unwrap();
    let many_profiles = r#"
        umask 077
        mkdir -p "$XDG_CONFIG_HOME/kcred"
        for i in $(seq 30); do
            printf '[profiles.p%s]\nendpoint = "http://127.0.0.1:9/v3"\naccess_key_id = "key-%s"\n' \
                "$i" "$i"
            printf s3cret | secret-tool store --label test service "$KCRED_KEYRING_SERVICE" \
                username "profile/p$i/access-key-secret" target default
        done >"$XDG_CONFIG_HOME/kcred/config.toml"
        dbus-monitor --session \
            "type='method_call',interface='org.freedesktop.Secret.Service',member='SearchItems'" \
            >"$KEYRING_HOME/bus" 2>/dev/null &
        monitor=$!
        sleep 0.5
        "$KCRED" doctor --dry-run >"$KEYRING_HOME/out" 2>&1
        sleep 0.5
        kill "$monitor"
    "#;
    let script = [START_KEYRING, many_profiles].concat();
    let output = in_private_keyring(&env, keyring_home.path(), &script)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let out = std::fs::read_to_string(keyring_home.path().join("out")).unwrap();
    assert_eq!(out.matches("has its secret").count(), 30, "{out}");
    let bus = std::fs::read_to_string(keyring_home.path().join("bus")).unwrap();
    assert_eq!(bus.matches("member=SearchItems").count(), 1, "{bus}");
}
