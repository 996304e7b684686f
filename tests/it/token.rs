//! `kcred token …` against the real Keystone and keyring.

use crate::support::{TestEnv, assert_fails, fails_with, keystone, stderr_of};
use predicates::prelude::*;
use serde_json::Value;
use std::process::Stdio;

#[test]
fn token_prints_only_the_token_and_sends_json() {
    let (env, account) = TestEnv::with_profile_and_empty_cache();

    let output = env.kcred().arg("token").output().unwrap();
    assert!(output.status.success());
    let stdout = String::from_utf8(output.stdout).unwrap();
    let token = stdout.strip_suffix('\n').expect("one trailing newline");
    assert!(!token.is_empty() && !token.contains(char::is_whitespace));
    assert!(keystone().token_is_valid(token));
    assert!(output.stderr.is_empty(), "nothing on stderr without -v");

    let posts = env.proxy.requests_with_method("POST");
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].path, "/v3/auth/tokens");
    assert_eq!(posts[0].header("content-type"), Some("application/json"));
    let body: Value = serde_json::from_slice(&posts[0].body).unwrap();
    assert_eq!(
        body["auth"]["identity"]["methods"][0],
        "application_credential"
    );
    assert_eq!(
        body["auth"]["identity"]["application_credential"]["id"],
        account.key.id.as_str()
    );
}

#[test]
fn the_test_keystone_refuses_a_token_request_without_content_type() {
    // KakaoCloud answers 400 since 2026-04-02; the harness must too, or the test above
    // would prove nothing.
    let ks = keystone();
    let account = ks.new_account();
    let body = format!(
        r#"{{"auth":{{"identity":{{"methods":["application_credential"],"application_credential":{{"id":"{}","secret":"{}"}}}}}}}}"#,
        account.key.id, account.key.secret
    );
    let response = reqwest::blocking::Client::new()
        .post(format!("{}/auth/tokens", ks.endpoint))
        .body(body)
        .send()
        .unwrap();
    assert_eq!(response.status(), 400);
}

#[test]
fn a_cached_token_is_served_without_a_request() {
    let (env, _) = TestEnv::with_profile();
    env.proxy.clear();
    let first = env.token(&[]);
    let second = env.token(&[]);
    assert_eq!(first, second);
    assert!(
        env.proxy.requests().is_empty(),
        "{:?}",
        env.proxy.requests()
    );

    // The token is in the user's kernel keyring, not on disk.
    assert_eq!(
        env.keyctl_lookup("@u", "profile/dev/token").as_deref(),
        Some(first.as_str())
    );
    assert!(env.files_containing(&first).is_empty());
    crate::profile::assert_private(&env.cached_token_entry("dev"));
}

#[test]
fn a_token_inside_the_safety_margin_is_replaced() {
    let (env, _) = TestEnv::with_profile();
    // Makes the cached token look 50 minutes old, with 10 minutes left of its hour.
    let age_the_cached_token = || {
        env.edit_cached_token("dev", |entry| {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_secs() as i64;
            let at = |secs: i64| {
                jiff::Timestamp::from_second(now + secs)
                    .unwrap()
                    .to_string()
            };
            entry["issued_at"] = at(-3000).into();
            entry["expires_at"] = at(600).into();
        });
    };
    age_the_cached_token();
    let cached = env.token(&[]);
    env.proxy.clear();
    // A margin of 20 minutes makes the cached token too old, by the flag and by the
    // environment variable.
    let renewed = env.token(&["--min-ttl", "1200"]);
    assert_ne!(renewed, cached);
    assert_eq!(env.proxy.token_issuances(), 1);
    age_the_cached_token();
    let mut env = env;
    env.set_env("KCRED_MIN_TTL", "1200");
    let again = env.token(&[]);
    assert_ne!(again, renewed);
    assert_eq!(env.proxy.token_issuances(), 2);
}

#[test]
fn refresh_replaces_the_cache_and_no_cache_leaves_it_alone() {
    let (env, _, cached) = TestEnv::with_cached_token();
    env.proxy.clear();

    let uncached = env.token(&["--no-cache"]);
    assert_ne!(uncached, cached);
    assert_eq!(
        env.token(&[]),
        cached,
        "--no-cache does not write the cache"
    );

    let refreshed = env.token(&["--refresh"]);
    assert_ne!(refreshed, cached);
    assert_eq!(env.token(&[]), refreshed, "--refresh replaces the cache");
    assert_eq!(env.proxy.token_issuances(), 2);

    env.kcred()
        .args(["token", "--refresh", "--no-cache"])
        .assert()
        .code(2);
}

#[test]
fn verify_says_whether_the_server_still_accepts_the_token() {
    let (env, _, token) = TestEnv::with_cached_token();

    env.kcred()
        .args(["token", "verify"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("valid"));
    let request = env
        .proxy
        .requests_with_method("GET")
        .into_iter()
        .find(|request| request.path.ends_with("/auth/tokens"))
        .expect("verify asks the server");
    assert_eq!(request.header("x-subject-token"), Some(token.as_str()));
    assert_eq!(request.header("x-auth-token"), Some(token.as_str()));

    // Revoked behind kcred's back: verify fails with exit 3 and drops the cache.
    keystone().revoke(&token);
    env.kcred()
        .args(["token", "verify"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("not valid"))
        .stderr(predicate::str::contains(&token).not());
    assert_eq!(env.cached_secret("profile/dev/token"), None);
    env.assert_next_token_replaces(&token);
}

/// Verify compares the key too: for a key named by name, Keystone's answer names the key's
/// name and user, and they are the profile's.
#[test]
fn verify_calls_the_own_token_of_a_key_named_by_name_valid() {
    let (env, _) = TestEnv::with_profile_by_name();
    env.token(&[]);
    let verdict = env.json(&["--output", "json", "token", "verify"]);
    assert_eq!(verdict["valid"], true, "{verdict}");
}

#[test]
fn revoke_kills_the_token_on_the_server_and_drops_it() {
    let (env, _, token) = TestEnv::with_cached_token();
    env.kcred().args(["token", "revoke"]).assert().success();
    assert!(!keystone().token_is_valid(&token));
    assert_eq!(env.cached_secret("profile/dev/token"), None);
    assert!(!env.cached_token_entry("dev").exists());
    assert_fails(
        env.kcred().args(["token", "revoke"]),
        1,
        &["no valid token is cached"],
    );
}

#[test]
fn revoke_that_the_server_did_not_carry_out_is_not_reported_as_done() {
    let (env, _, token) = TestEnv::with_cached_token();
    // A service that answers the revocation "not found" without revoking anything.
    env.proxy.refuse("DELETE", "/auth/tokens", 404);
    let out = env.kcred().args(["token", "revoke"]).assert().failure();
    let out = out.get_output();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: the server did not revoke the token; it stays valid until 20"),
        "{stderr}"
    );
    assert!(keystone().token_is_valid(&token));
    assert_eq!(env.proxy.count("GET", "/auth/tokens"), 1, "validated once");
    // Dropped from the cache all the same.
    assert_eq!(env.cached_secret("profile/dev/token"), None);
    env.assert_next_token_replaces(&token);
}

#[test]
fn revoke_of_a_token_the_server_no_longer_knows_is_checked_and_reported_as_gone() {
    let (env, _, token) = TestEnv::with_cached_token();
    keystone().revoke(&token);
    env.proxy.clear();
    env.kcred()
        .args(["token", "revoke"])
        .assert()
        .success()
        .stderr(predicate::str::contains("The token was no longer valid"));
    assert_eq!(env.proxy.count("DELETE", "/auth/tokens"), 1);
    assert_eq!(env.proxy.count("GET", "/auth/tokens"), 1);
    assert_eq!(env.cached_secret("profile/dev/token"), None);
}

#[test]
fn forget_drops_the_cache_but_not_the_token() {
    let (env, _, token) = TestEnv::with_cached_token();
    env.kcred()
        .args(["token", "forget"])
        .assert()
        .success()
        .stderr(predicate::str::contains("Dropped"));
    assert!(keystone().token_is_valid(&token), "forget does not revoke");
    assert_eq!(env.cached_secret("profile/dev/token"), None);
    env.assert_next_token_replaces(&token);
}

#[test]
fn show_describes_the_cached_token_without_printing_it() {
    let (env, account, token) = TestEnv::with_cached_token();
    let output = env
        .kcred()
        .args(["token", "show", "--output", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(!text.contains(&token));
    let view: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(view["cached"], true);
    assert_eq!(view["method"], "access-key-id");
    assert_eq!(view["user_id"], account.user_id.as_str());
    assert_eq!(view["project_id"], account.project_id.as_str());
    let left = view["seconds_left"].as_i64().unwrap();
    assert!(left > 3000 && left <= 3600, "{left}");

    env.kcred()
        .args(["token", "show"])
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"cached\s+yes").unwrap())
        .stdout(predicate::str::contains(&token).not());
}

#[test]
fn eight_cold_calls_at_once_make_one_issuance() {
    let (env, _) = TestEnv::with_profile_and_empty_cache();

    env.assert_one_issuance_at_once(8, &[]);
}

#[test]
fn verbose_logs_requests_without_secrets_or_tokens() {
    let (env, account) = TestEnv::with_profile();
    let output = env
        .kcred()
        .args(["-v", "token", "--refresh"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let token = String::from_utf8_lossy(&output.stdout)
        .trim_end()
        .to_string();
    let log = stderr_of(&output);
    assert!(log.contains("POST http://127.0.0.1:"), "{log}");
    assert!(log.contains("/v3/auth/tokens -> 201"), "{log}");
    assert!(!log.contains(&token));
    assert!(!log.contains(&account.key.secret));
}

#[test]
fn a_closed_stdout_is_not_an_error() {
    let (env, _) = TestEnv::with_profile();
    // A pipe whose reading end is already closed: every write to it fails with EPIPE.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut cmd = env.std_command();
    let output = cmd
        .arg("token")
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(output.stderr.is_empty(), "{}", stderr_of(&output));
}

#[test]
fn after_a_whole_session_no_file_holds_a_secret_or_a_token() {
    let (env, account) = TestEnv::with_profile();
    let mut tokens = vec![env.token(&[]), env.token(&["--refresh"])];
    tokens.push(env.token(&["--no-cache"]));
    env.kcred().args(["token", "verify"]).assert().success();
    env.kcred().args(["token", "show"]).assert().success();
    env.kcred().args(["profile", "list"]).assert().success();
    env.kcred().args(["token", "revoke"]).assert().success();
    tokens.push(env.token(&[]));
    assert!(env.config_file().exists() && env.cached_token_entry("dev").exists());
    for needle in tokens.iter().chain([&account.key.secret]) {
        let found = env.files_containing(needle);
        assert!(found.is_empty(), "found a secret or token in {found:?}");
    }
}

/// Keystone answers an unknown access key ID with 404: that is a rejected key (exit 3), with
/// the same hint as a wrong secret, at `profile add` and later alike.
#[test]
fn a_wrong_access_key_id_is_rejected_like_a_wrong_secret() {
    let env = TestEnv::new();
    let mut unknown_key = keystone().new_account();
    unknown_key.key.id = "0123456789abcdef-no-such-key".to_string();
    env.profile_add_command("dev", &unknown_key)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("hint: check the access key"));
    assert!(!env.config_file().exists(), "nothing saved");
    env.profile_add_command("dev", &unknown_key)
        .arg("--no-verify")
        .assert()
        .success();
    assert_fails(
        env.kcred().arg("token"),
        3,
        &["hint: profile 'dev': check its access key and secret; `kcred profile add dev --force"],
    );
}

/// A rejected secret from the environment: the hint says to check the variable, not to add
/// the profile again, and names the profile whose key it was used with.
#[test]
fn a_rejected_environment_secret_points_at_the_environment() {
    let (env, _) = TestEnv::with_profile();
    let stderr = fails_with(
        env.kcred()
            .env("KAKAOCLOUD_ACCESS_KEY_SECRET", "wrong")
            .arg("token"),
        3,
    );
    assert!(
        stderr.contains("KAKAOCLOUD_ACCESS_KEY_SECRET") && stderr.contains("'dev'"),
        "{stderr}"
    );
    assert!(!stderr.contains("--force"), "{stderr}");
}

/// A --min-ttl longer than tokens live cannot be met by any token: kcred says so, once per
/// call, and does not issue a new token on every call.
#[test]
fn a_min_ttl_longer_than_tokens_live_is_said_and_does_not_reissue_each_call() {
    let (env, _) = TestEnv::with_profile_and_empty_cache();
    let mut tokens = Vec::new();
    for _ in 0..3 {
        let output = env
            .kcred()
            .args(["token", "--min-ttl", "1000000"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
        let stderr = stderr_of(&output);
        assert_eq!(
            stderr.matches("warning: --min-ttl 1000000 s").count(),
            1,
            "{stderr}"
        );
        tokens.push(String::from_utf8(output.stdout).unwrap());
    }
    assert_eq!(env.proxy.token_issuances(), 1);
    assert!(tokens.iter().all(|t| *t == tokens[0]));
}

/// A token that is dead when it arrives (it expires before it was issued, or before now) is
/// refused as a bad answer, and never cached; an entry an older kcred cached from one tells
/// nothing about how long tokens live, and is no reason for a warning on every later call.
#[test]
fn a_token_expired_on_arrival_is_refused_and_warns_nothing_later() {
    use crate::support::fake_server::{FakeServer, Reply, token_body};
    for (issued_at, expires_at, says) in [
        (
            "2026-01-01T00:00:00Z",
            "2000-01-01T00:00:00Z",
            "expires before it was issued",
        ),
        (
            "1999-01-01T00:00:00Z",
            "2000-01-01T00:00:00Z",
            "has expired already (at 2000-01-01T00:00:00Z",
        ),
    ] {
        let server = FakeServer::start();
        let mut body = token_body();
        body["token"]["issued_at"] = issued_at.into();
        body["token"]["expires_at"] = expires_at.into();
        server.on(
            "POST",
            "/auth/tokens",
            Reply::json(201, body).with_header("X-Subject-Token", "gAAAAAdead-on-arrival"),
        );
        let mut env = TestEnv::new();
        env.set_key_in_environment("k1", "expired-test-secret", &server.endpoint());
        let output = env.kcred().arg("token").output().unwrap();
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(5), "{stderr}");
        assert!(stderr.contains(says), "{stderr}");
        assert!(output.stdout.is_empty(), "no token printed");
    }

    let (env, _, cached) = TestEnv::with_cached_token();
    env.edit_cached_token("dev", |entry| {
        entry["expires_at"] = "2000-01-01T00:00:00Z".into();
    });
    for _ in 0..2 {
        let output = env.kcred().arg("token").output().unwrap();
        let stderr = stderr_of(&output);
        assert!(output.status.success(), "{stderr}");
        assert!(stderr.is_empty(), "{stderr}");
        assert_ne!(String::from_utf8_lossy(&output.stdout).trim(), cached);
    }
}
