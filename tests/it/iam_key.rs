//! `kcred iam-key …` against the real Keystone (which enforces KakaoCloud's 2 keys per
//! project) and the real keyring.

use crate::support::{
    Account, TestEnv, assert_exit_code, assert_fails, fails_with, json_of, keystone,
};
use predicates::prelude::*;

const KEYS_PATH: &str = "/application_credentials";

/// How many `METHOD` requests for the IAM access keys of `account`'s user reached Keystone.
fn key_requests(env: &TestEnv, method: &str, account: &Account) -> usize {
    env.proxy
        .count(method, &format!("/users/{}{KEYS_PATH}", account.user_id))
}

#[test]
fn create_stores_the_secret_lists_the_key_and_delete_removes_both() {
    let (env, account) = TestEnv::with_profile();

    let created = env.json(&[
        "iam-key",
        "create",
        "--name",
        "ci",
        "--description",
        "for CI",
        "--output",
        "json",
    ]);
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(created["name"], "ci");
    assert_eq!(created["description"], "for CI");
    assert_eq!(created["project_id"], account.project_id.as_str());
    assert!(
        created.get("secret").is_none(),
        "no secret without --show-secret"
    );
    let secret = env
        .secret_tool_lookup(&format!("iam-key/{id}/secret"))
        .expect("the secret is in the keyring");
    assert!(keystone().access_key_ids(&account).contains(&id));
    assert!(env.files_containing(&secret).is_empty());

    let list = env.json(&["iam-key", "list", "--output", "json"]);
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&id.as_str()) && ids.contains(&account.key.id.as_str()));
    let own = list
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["id"] == account.key.id.as_str())
        .unwrap();
    assert_eq!(own["profiles"], serde_json::json!(["dev"]));
    assert!(!serde_json::to_string(&list).unwrap().contains(&secret));

    assert_fails(env.kcred().args(["iam-key", "delete", "ci"]), 2, &["--yes"]);
    env.kcred()
        .args(["iam-key", "delete", "ci", "--yes"])
        .assert()
        .success();
    assert!(!keystone().access_key_ids(&account).contains(&id));
    assert_eq!(
        env.secret_tool_lookup(&format!("iam-key/{id}/secret")),
        None
    );
}

#[test]
fn show_secret_prints_the_secret_once_and_it_works() {
    let (env, _) = TestEnv::with_profile();
    let created = env.json(&["iam-key", "create", "--show-secret", "--output", "json"]);
    let (id, secret) = (
        created["id"].as_str().unwrap(),
        created["secret"].as_str().unwrap(),
    );
    assert!(
        created["name"].as_str().unwrap().starts_with("kcred-"),
        "default name"
    );
    assert_eq!(
        env.secret_tool_lookup(&format!("iam-key/{id}/secret"))
            .as_deref(),
        Some(secret)
    );

    // The printed secret issues tokens: it is the real one.
    let mut other = TestEnv::new();
    other.set_key_in_environment(id, secret, &other.endpoint());
    assert!(keystone().token_is_valid(&other.token(&[])));
}

#[test]
fn a_third_key_is_refused_before_any_create_request() {
    let (env, account) = TestEnv::with_profile();
    env.kcred()
        .args(["iam-key", "create", "--name", "second"])
        .assert()
        .success();
    env.proxy.clear();

    let stderr = fails_with(
        env.kcred().args(["iam-key", "create", "--name", "third"]),
        6,
    );
    assert!(stderr.contains("already has 2 IAM access keys"), "{stderr}");
    assert!(
        stderr.contains(&account.key.id) && stderr.contains("second"),
        "{stderr}"
    );
    // The hint names a key the profile does not use.
    assert!(stderr.contains("kcred iam-key delete"), "{stderr}");
    assert!(
        !stderr.contains(&format!("delete {}", account.key.id)),
        "{stderr}"
    );
    assert_eq!(key_requests(&env, "POST", &account), 0);
    assert_eq!(keystone().access_key_ids(&account).len(), 2);
}

#[test]
fn a_refusal_by_the_server_gets_the_same_message() {
    let (env, account) = TestEnv::with_profile();
    // Another client creates the second key between kcred's check and its create.
    let racer = account.clone();
    env.proxy.after("GET", KEYS_PATH, move || {
        keystone().create_access_key(&racer, "racer");
    });
    assert_fails(
        env.kcred().args(["iam-key", "create", "--name", "late"]),
        6,
        &["racer"],
    );
    assert_eq!(key_requests(&env, "POST", &account), 1);
    assert_eq!(keystone().access_key_ids(&account).len(), 2);
}

#[test]
fn save_as_makes_a_profile_that_issues_tokens() {
    let (env, _) = TestEnv::with_profile();
    let created = env.json(&[
        "iam-key",
        "create",
        "--save-as",
        "pipeline",
        "--output",
        "json",
    ]);
    assert_eq!(created["saved_as"], "pipeline");
    let token = env.token(&["--profile", "pipeline"]);
    assert!(keystone().token_is_valid(&token));
    let show = env.json(&["profile", "show", "pipeline", "--output", "json"]);
    assert_eq!(show["access_key_id"], created["id"]);
    assert_eq!(show["default"], false);
    assert_fails(
        env.kcred()
            .args(["iam-key", "create", "--save-as", "pipeline"]),
        2,
        &["already exists"],
    );
}

#[test]
fn deleting_the_profiles_own_key_needs_force_and_leaves_nothing_stale() {
    let (env, account, old_token) = TestEnv::with_cached_token();

    assert_fails(
        env.kcred()
            .args(["iam-key", "delete", &account.key.id, "--yes"]),
        2,
        &["--force", "stop"],
    );
    assert!(
        keystone()
            .access_key_ids(&account)
            .contains(&account.key.id)
    );

    env.kcred()
        .args(["iam-key", "delete", &account.key.id, "--yes", "--force"])
        .assert()
        .success()
        .stderr(predicate::str::contains("dev"));
    assert!(
        !keystone()
            .access_key_ids(&account)
            .contains(&account.key.id)
    );
    assert!(
        !keystone().token_is_valid(&old_token),
        "the key's tokens died with it"
    );
    assert_eq!(env.cached_secret("profile/dev/token"), None);
    assert_eq!(
        env.secret_tool_lookup("profile/dev/access-key-secret"),
        None
    );

    env.proxy.clear();
    env.kcred()
        .arg("token")
        .assert()
        .failure()
        .stdout(predicate::str::is_empty());
    assert_eq!(env.proxy.token_issuances(), 0);
}

#[test]
fn rotate_replaces_the_profiles_key_end_to_end() {
    let (env, account, old_token) = TestEnv::with_cached_token();

    let output = env
        .kcred()
        .args(["iam-key", "rotate", "--yes", "--output", "json"])
        .output()
        .unwrap();
    let rotated = json_of(&output);
    let new_id = rotated["id"].as_str().unwrap().to_string();
    assert_ne!(new_id, account.key.id);

    let on_server = keystone().access_key_ids(&account);
    assert_eq!(
        on_server,
        vec![new_id.clone()],
        "old key gone, new key there"
    );
    assert!(!keystone().token_is_valid(&old_token));

    let show = env.json(&["profile", "show", "--output", "json"]);
    assert_eq!(show["access_key_id"], new_id.as_str());
    let new_secret = env
        .secret_tool_lookup("profile/dev/access-key-secret")
        .unwrap();
    assert_ne!(new_secret, account.key.secret);
    assert_eq!(
        env.secret_tool_lookup(&format!("iam-key/{}/secret", account.key.id)),
        None
    );

    env.proxy.clear();
    let token = env.token(&[]);
    assert!(keystone().token_is_valid(&token));
    assert_eq!(
        env.proxy.token_issuances(),
        0,
        "rotate cached the new key's token"
    );
    env.kcred().args(["token", "--refresh"]).assert().success();
    for needle in [&new_secret, &account.key.secret, &token] {
        assert!(env.files_containing(needle).is_empty());
    }
}

#[test]
fn rotate_needs_a_free_slot() {
    let (env, account) = TestEnv::with_profile();
    let other = keystone().create_access_key(&account, "other");
    assert_fails(
        env.kcred().args(["iam-key", "rotate", "--yes"]),
        6,
        &[&format!("kcred iam-key delete {}", other.id)],
    );
    assert_eq!(keystone().access_key_ids(&account).len(), 2);
}

#[test]
fn a_keyring_that_cannot_store_the_secret_leaves_no_key_on_the_server() {
    let mut env = TestEnv::new();
    let account = keystone().new_account();
    // Environment credentials need no keyring to get a token; storing the new secret fails.
    env.without_keyring();
    env.set_key_in_environment(&account.key.id, &account.key.secret, &env.endpoint());
    let output = env
        .kcred()
        .args(["iam-key", "create", "--name", "orphan", "--show-secret"])
        .output()
        .unwrap();
    let stderr = assert_exit_code(&output, 4);
    assert!(stderr.contains("deleted again"), "{stderr}");
    assert!(
        output.stdout.is_empty(),
        "nothing printed, not even the secret"
    );
    assert_eq!(key_requests(&env, "POST", &account), 1);
    assert_eq!(
        keystone().access_key_ids(&account),
        vec![account.key.id.clone()]
    );
}

#[test]
fn a_rejected_cached_token_is_replaced_once() {
    let (env, account, cached) = TestEnv::with_cached_token();
    keystone().revoke(&cached);
    env.proxy.clear();
    env.kcred().args(["iam-key", "list"]).assert().success();
    assert_eq!(env.proxy.token_issuances(), 1);
    assert_eq!(key_requests(&env, "GET", &account), 2);
    assert_ne!(env.token(&[]), cached, "the new token is cached");
}

#[test]
fn bad_expiry_dates_are_refused() {
    let (env, _) = TestEnv::with_profile();
    env.proxy.clear();
    assert_fails(
        env.kcred()
            .args(["iam-key", "create", "--expires-at", "2001-01-01T00:00:00Z"]),
        2,
        &["in the past"],
    );
    assert_fails(
        env.kcred()
            .args(["iam-key", "create", "--expires-at", "next tuesday"]),
        2,
        &["RFC 3339"],
    );
    assert!(env.proxy.requests().is_empty());
    let created = env.json(&[
        "iam-key",
        "create",
        "--expires-at",
        "2099-06-30T00:00:00Z",
        "--output",
        "json",
    ]);
    assert!(
        created["expires_at"]
            .as_str()
            .unwrap()
            .starts_with("2099-06-30T00:00:00")
    );
}

#[test]
fn list_json_shape() {
    let (env, _) = TestEnv::with_profile();
    let list = env.json(&["iam-key", "list", "--output", "json"]);
    insta::assert_json_snapshot!(list, {
        "[].id" => "[id]",
        "[].name" => "[name]",
        "[].project_id" => "[project id]",
    });
}

/// The account with a restricted key of its own in place of its unrestricted one, as profile
/// `limited`.
fn with_restricted_profile() -> (TestEnv, Account, Account) {
    let (env, account) = TestEnv::with_profile();
    let restricted = Account {
        key: keystone().create_restricted_access_key(&account, "console-made"),
        ..account.clone()
    };
    env.add_profile("limited", &restricted);
    (env, account, restricted)
}

#[test]
fn a_restricted_key_is_told_it_may_not_manage_keys_before_anything_is_sent() {
    let (env, account, restricted) = with_restricted_profile();
    // Listing is allowed, and it gives the session's token (with its `restricted` flag).
    env.kcred()
        .args(["--profile", "limited", "iam-key", "list"])
        .assert()
        .success();
    env.proxy.clear();
    for (args, action) in [
        (
            vec!["iam-key", "create", "--name", "third"],
            "not create them",
        ),
        (
            vec!["iam-key", "delete", account.key.id.as_str(), "--yes"],
            "not delete them",
        ),
        (
            vec!["iam-key", "rotate", "--yes"],
            "not create or delete them",
        ),
    ] {
        let mut cmd = env.kcred();
        cmd.args(["--profile", "limited"]).args(&args);
        assert_fails(
            &mut cmd,
            3,
            &[
                "error: profile 'limited''s IAM access key is restricted: its tokens may list access keys but",
                action,
                "hint: use a profile whose IAM access key is unrestricted",
                "Credentials page",
            ],
        );
    }
    let key_changes = env
        .proxy
        .requests()
        .into_iter()
        .filter(|r| r.method != "GET" && r.path.contains(KEYS_PATH))
        .count();
    assert_eq!(key_changes, 0, "nothing sent to create or delete a key");
    let ids = keystone().access_key_ids(&account);
    assert!(ids.contains(&account.key.id) && ids.contains(&restricted.key.id));
    assert_eq!(ids.len(), 2);
}
