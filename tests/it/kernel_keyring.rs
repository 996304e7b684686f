//! Cached tokens in the Linux kernel keyring, checked with `keyctl` (keyutils), a program
//! that is not kcred. Each test joins a session keyring of its own, which the kcred processes
//! it starts inherit, and points kcred at it (`KCRED_KERNEL_KEYRING=session`): tests never
//! see each other's entries, nor the user's own keyring.

use crate::support::{TestEnv, keystone};
use predicates::prelude::*;
use serde_json::Value;
use std::process::Command;

const NO_BUS: &str = "unix:path=/nonexistent/kcred-test-bus";

/// Gives the calling test thread (and every process it starts) a new, empty session keyring.
fn own_session_keyring() {
    const KEYCTL_JOIN_SESSION_KEYRING: libc::c_long = 1;
    // SAFETY: keyctl(JOIN_SESSION_KEYRING, NULL) takes no memory from us; it replaces the
    // calling thread's session keyring with a new anonymous one.
    let id = unsafe {
        libc::syscall(
            libc::SYS_keyctl,
            KEYCTL_JOIN_SESSION_KEYRING,
            std::ptr::null::<libc::c_char>(),
        )
    };
    assert!(id > 0, "keyutils is not usable here");
}

/// A test env whose kcred keeps tokens in this test's own session keyring.
fn kernel_env() -> TestEnv {
    own_session_keyring();
    let mut env = TestEnv::new();
    env.set_env("KCRED_KERNEL_KEYRING", "session");
    env
}

/// The payload of this env's entry `entry` in this test's session keyring.
fn keyctl_print(env: &TestEnv, entry: &str) -> Option<String> {
    env.keyctl_lookup("@s", entry)
}

fn token_show(env: &TestEnv) -> Value {
    let output = env
        .kcred()
        .args(["--output", "json", "token", "show"])
        .output()
        .unwrap();
    assert!(output.status.success());
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn a_warm_token_comes_from_the_kernel_keyring_without_the_secret_service() {
    let mut env = kernel_env();
    let account = keystone().new_account();
    env.add_profile("dev", &account);
    let token = env.token(&[]);
    assert_eq!(keyctl_print(&env, "profile/dev/token"), Some(token.clone()));
    assert_eq!(
        env.secret_tool_lookup("profile/dev/token"),
        None,
        "the token is not in the Secret Service as well"
    );
    let expiry = env.kernel_expiry("profile/dev/token");
    assert_ne!(expiry, "perm", "the entry expires with the token");
    assert_eq!(token_show(&env)["kept_in"], "kernel-keyring");
    env.kcred()
        .args(["token", "show"])
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"kept in\s+the kernel keyring").unwrap());

    // No D-Bus at all: a cached token needs none.
    env.set_env("DBUS_SESSION_BUS_ADDRESS", NO_BUS);
    env.proxy.clear();
    assert_eq!(env.token(&[]), token);
    assert_eq!(env.proxy.token_issuances(), 0);
}

#[test]
fn forget_revoke_and_profile_remove_drop_the_kernel_keyring_entry() {
    let env = kernel_env();
    let account = keystone().new_account();
    env.add_profile("dev", &account);
    env.token(&[]);
    env.kcred().args(["token", "forget"]).assert().success();
    assert_eq!(keyctl_print(&env, "profile/dev/token"), None);
    assert_eq!(token_show(&env)["cached"], false);

    let token = env.token(&[]);
    env.kcred().args(["token", "revoke"]).assert().success();
    assert_eq!(keyctl_print(&env, "profile/dev/token"), None);
    assert!(!keystone().token_is_valid(&token));

    env.token(&[]);
    assert!(keyctl_print(&env, "profile/dev/token").is_some());
    env.kcred()
        .args(["profile", "remove", "dev", "--yes"])
        .assert()
        .success();
    assert_eq!(keyctl_print(&env, "profile/dev/token"), None);
    assert!(!env.cache_dir().join("tokens/dev.json").exists());
}

#[test]
fn kcred_token_cache_store_keeps_tokens_in_the_secret_service() {
    let mut env = kernel_env();
    let account = keystone().new_account();
    env.set_env("KCRED_TOKEN_CACHE", "store");
    env.add_profile("dev", &account);
    let token = env.token(&[]);
    assert_eq!(
        env.secret_tool_lookup("profile/dev/token"),
        Some(token.clone())
    );
    assert_eq!(keyctl_print(&env, "profile/dev/token"), None);
    assert_eq!(token_show(&env)["kept_in"], "keyring");

    // Back to the default: the token in the Secret Service is still used, and the next one
    // issued moves to the kernel keyring, leaving no copy behind.
    let mut env = env;
    env.set_env("KCRED_TOKEN_CACHE", "auto");
    env.proxy.clear();
    assert_eq!(env.token(&[]), token);
    assert_eq!(env.proxy.token_issuances(), 0);
    let refreshed = env.token(&["--refresh"]);
    assert_eq!(keyctl_print(&env, "profile/dev/token"), Some(refreshed));
    assert_eq!(env.secret_tool_lookup("profile/dev/token"), None);

    // And off again: the kernel keyring's token is not used, nor left behind.
    env.set_env("KCRED_TOKEN_CACHE", "store");
    let stored = env.token(&[]);
    assert_eq!(env.secret_tool_lookup("profile/dev/token"), Some(stored));
    assert_eq!(keyctl_print(&env, "profile/dev/token"), None);

    env.kcred()
        .env("KCRED_TOKEN_CACHE", "sometimes")
        .arg("token")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("KCRED_TOKEN_CACHE"));
}

/// A headless server: no D-Bus session at all, the encrypted file store. The passphrase is
/// needed to issue; cached tokens are served without it.
#[test]
fn a_headless_server_serves_cached_tokens_without_its_passphrase() {
    let env = kernel_env();
    let account = keystone().new_account();
    let with_passphrase = |cmd: &mut assert_cmd::Command| {
        cmd.env("KCRED_FILE_PASSPHRASE", "correct horse battery");
    };
    let mut add = env.kcred();
    add.env("DBUS_SESSION_BUS_ADDRESS", NO_BUS)
        .args(["profile", "add", "dev", "--store", "file"])
        .args(["--endpoint", &env.endpoint(), "--no-verify"])
        .args(["--access-key-id", &account.key.id, "--secret-stdin"])
        .write_stdin(account.key.secret.clone());
    with_passphrase(&mut add);
    add.assert().success();

    let mut first = env.kcred();
    first.env("DBUS_SESSION_BUS_ADDRESS", NO_BUS).arg("token");
    with_passphrase(&mut first);
    let output = first.output().unwrap();
    assert!(output.status.success());
    let token = String::from_utf8(output.stdout).unwrap();
    assert!(keystone().token_is_valid(token.trim_end()));

    env.proxy.clear();
    for _ in 0..3 {
        env.kcred()
            .env("DBUS_SESSION_BUS_ADDRESS", NO_BUS)
            .env_remove("KCRED_FILE_PASSPHRASE")
            .arg("token")
            .assert()
            .success()
            .stdout(token.clone());
    }
    assert_eq!(env.proxy.token_issuances(), 0);
    assert!(env.files_containing(token.trim_end()).is_empty());

    // Issuing needs the secret, so the passphrase.
    env.kcred()
        .env("DBUS_SESSION_BUS_ADDRESS", NO_BUS)
        .args(["token", "--refresh"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("KCRED_FILE_PASSPHRASE"));
    env.kcred()
        .env("DBUS_SESSION_BUS_ADDRESS", NO_BUS)
        .args(["token", "forget"])
        .assert()
        .success();
    assert_eq!(keyctl_print(&env, "profile/dev/token"), None);
}

/// kcred 0.1 (keyring 3.6) filed a secret as a Secret Service item with these attributes and
/// this label; `secret-tool` writes one exactly so, and this kcred reads it.
#[test]
fn secrets_that_kcred_0_1_stored_are_read() {
    let env = kernel_env();
    let account = keystone().new_account();
    env.add_profile("dev", &account);
    let entry = "profile/dev/access-key-secret";
    let clear = Command::new("secret-tool")
        .args(["clear", "service", &env.keyring_service, "username", entry])
        .status()
        .unwrap();
    assert!(clear.success());
    assert_eq!(env.secret_tool_lookup(entry), None);
    let label = format!("{entry}@{}:default (keyring v3.6.3)", env.keyring_service);
    env.secret_tool_store(
        entry,
        &account.key.secret,
        &label,
        &["application", "rust-keyring"],
    );

    env.proxy.clear();
    let token = env.token(&["--no-cache"]);
    assert!(keystone().token_is_valid(&token));
    assert_eq!(env.proxy.token_issuances(), 1);

    // What this kcred writes, kcred 0.1 finds: the same attributes, `target` included.
    env.kcred()
        .args(["profile", "add", "second", "--endpoint", &env.endpoint()])
        .args(["--access-key-id", &account.key.id, "--secret-stdin"])
        .write_stdin(format!("{}\n", account.key.secret))
        .assert()
        .success();
    let lookup = Command::new("secret-tool")
        .args(["lookup", "service", &env.keyring_service])
        .args([
            "username",
            "profile/second/access-key-secret",
            "target",
            "default",
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(lookup.stdout).unwrap(),
        account.key.secret
    );
}
