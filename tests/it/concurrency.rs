//! Many kcred processes at once, and processes that die: one issuance, never a stale lock,
//! never a half-written file.

use crate::support::{TestEnv, keystone, stderr_of};
use std::process::{Child, Stdio};
use std::time::Duration;

#[test]
fn sixteen_at_once_on_an_empty_cache_make_one_issuance() {
    let (env, _) = TestEnv::with_profile_and_empty_cache();
    env.assert_one_issuance_at_once(16, &[]);
}

#[test]
fn sixteen_at_once_on_an_expired_cache_make_one_issuance() {
    let (env, _, old) = TestEnv::with_cached_token();
    env.edit_cached_token("dev", |entry| {
        entry["expires_at"] = "2001-01-01T00:00:00Z".into();
    });
    let token = env.assert_one_issuance_at_once(16, &[]);
    assert_ne!(token, old);
}

#[test]
fn a_margin_longer_than_tokens_live_still_makes_one_issuance_for_a_crowd() {
    // Every token is "too old" for --min-ttl 7200, yet processes that waited for the one
    // being issued take it rather than issuing fifteen more.
    let (env, _) = TestEnv::with_profile_and_empty_cache();
    env.assert_one_issuance_at_once(16, &["--min-ttl", "7200"]);
}

#[test]
fn a_process_killed_while_issuing_leaves_no_stale_lock() {
    let (env, _) = TestEnv::with_profile_and_empty_cache();
    // The server answers the first issuance only after a long pause; meanwhile kcred holds
    // the lock, and is killed.
    env.proxy.after("POST", "/auth/tokens", || {
        std::thread::sleep(Duration::from_secs(8))
    });
    let mut stuck = env.spawn_token(&[]);
    std::thread::sleep(Duration::from_secs(2));
    assert!(
        stuck.try_wait().unwrap().is_none(),
        "still waiting for the server"
    );
    stuck.kill().unwrap();
    stuck.wait().unwrap();
    // The next call gets the lock at once (the OS released it) and a token.
    let token = env.token(&[]);
    assert!(keystone().token_is_valid(&token));
}

#[test]
fn a_cut_short_cache_file_is_ignored_and_replaced() {
    let (env, _) = TestEnv::with_profile();
    let path = env.cached_token_entry("dev");
    let whole = std::fs::read(&path).unwrap();
    std::fs::write(&path, &whole[..whole.len() / 2]).unwrap();
    env.proxy.clear();
    let token = env.token(&[]);
    assert!(keystone().token_is_valid(&token));
    assert_eq!(env.proxy.token_issuances(), 1);
    let rewritten: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert!(rewritten["expires_at"].is_string());
}

#[test]
fn a_token_in_the_keyring_that_kcred_did_not_write_is_replaced() {
    let (mut env, _) = TestEnv::with_profile();
    env.set_env("KCRED_TOKEN_CACHE", "store");
    env.secret_tool_store("profile/dev/token", "not-a-token", "forged", &[]);
    assert_eq!(
        env.secret_tool_lookup("profile/dev/token").as_deref(),
        Some("not-a-token")
    );
    let token = env.assert_next_token_replaces("not-a-token");
    assert!(keystone().token_is_valid(&token));
}

#[test]
fn profiles_added_at_the_same_time_are_all_saved() {
    let env = TestEnv::new();
    let account = keystone().new_account();
    let children: Vec<Child> = (0..8)
        .map(|i| {
            let mut child = env
                .std_command()
                .args([
                    "profile",
                    "add",
                    &format!("p{i}"),
                    "--endpoint",
                    &env.endpoint(),
                ])
                .args([
                    "--access-key-id",
                    &account.key.id,
                    "--secret-stdin",
                    "--no-verify",
                ])
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(account.key.secret.as_bytes())
                .unwrap();
            child
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
    }
    let config = std::fs::read_to_string(env.config_file()).unwrap();
    let parsed: toml::Value = toml::from_str(&config).unwrap();
    let profiles = parsed["profiles"].as_table().unwrap();
    assert_eq!(profiles.len(), 8, "{config}");
    assert!(parsed["default_profile"].as_str().unwrap().starts_with('p'));
}

/// A kcred stopped (SIGSTOP, as Ctrl-Z or a debugger would) while it holds a profile's
/// issuance lock: another `kcred --timeout 2 token` waits for it at most that long, names it,
/// and issues without the lock. It never hangs.
#[test]
fn a_stopped_holder_of_the_lock_does_not_hang_the_others() {
    let (env, _) = TestEnv::with_profile_and_empty_cache();
    // The holder's issuance is answered late, so it is still holding the lock when stopped.
    env.proxy.after("POST", "/auth/tokens", || {
        std::thread::sleep(Duration::from_secs(20))
    });
    let mut holder = env.spawn_token(&["--timeout", "60"]);
    while env.proxy.token_issuances() == 0 {
        assert!(
            holder.try_wait().unwrap().is_none(),
            "the holder ended early"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let signal = |name: &str| {
        let status = std::process::Command::new("kill")
            .args([name, &holder.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    };
    signal("-STOP");
    // The outer limit (assert_cmd's 60 s) only ends a broken test; the waiter's own is 5 s,
    // well short of the holder's 20, and also bounds its own issuance on a busy machine.
    let output = env
        .kcred()
        .args(["--timeout", "5", "token"])
        .output()
        .unwrap();
    signal("-CONT");
    holder.kill().unwrap();
    holder.wait().unwrap();
    let stderr = stderr_of(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("kcred (pid {})", holder.id())),
        "names the holder: {stderr}"
    );
    let token = String::from_utf8(output.stdout).unwrap();
    assert!(keystone().token_is_valid(token.trim_end()));
}
