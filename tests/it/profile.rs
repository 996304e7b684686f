//! `kcred profile …` against the real Keystone and keyring.

use crate::support::{Account, TestEnv, assert_fails, keystone, stderr_of};
use predicates::prelude::*;
use serde_json::Value;

#[test]
fn add_with_key_id_verifies_the_key_stores_the_secret_in_the_keyring_and_caches_a_token() {
    let env = TestEnv::new();
    let account = keystone().new_account();

    let output = env
        .kcred()
        .args([
            "--output",
            "json",
            "profile",
            "add",
            "dev",
            "--endpoint",
            &env.endpoint(),
        ])
        .args(["--access-key-id", &account.key.id, "--secret-stdin"])
        .write_stdin(format!("{}\n", account.key.secret))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert_eq!(
        env.proxy.token_issuances(),
        1,
        "the key is verified by issuing a token"
    );

    let view: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(view["name"], "dev");
    assert_eq!(view["auth_method"], "access-key-id");
    assert_eq!(
        view["user_id"],
        account.user_id.as_str(),
        "filled in from the token"
    );
    assert_eq!(view["project_id"], account.project_id.as_str());
    assert_eq!(view["project_name"], account.project_name.as_str());
    assert_eq!(
        view["default"], true,
        "the first profile becomes the default"
    );
    assert_eq!(view["token_cached"], true);

    // The secret is in the keyring, as another program sees it; the trailing newline is gone.
    assert_eq!(
        env.secret_tool_lookup("profile/dev/access-key-secret")
            .as_deref(),
        Some(account.key.secret.as_str())
    );
    // The config holds no secret, and is private.
    let config = std::fs::read_to_string(env.config_file()).unwrap();
    assert!(!config.contains(&account.key.secret));
    assert!(config.contains(&account.key.id));
    assert_private(&env.config_file());

    // The token issued to verify the key is the cached one: no second issuance.
    let token = env.token(&[]);
    assert_eq!(env.proxy.token_issuances(), 1);
    assert!(keystone().token_is_valid(&token));
}

#[test]
fn add_with_key_name_and_user_id_uses_method_two() {
    let (env, account) = TestEnv::with_profile_by_name();

    let posts = env.proxy.requests_with_method("POST");
    assert_eq!(posts.len(), 1);
    let body: Value = serde_json::from_slice(&posts[0].body).unwrap();
    let credential = &body["auth"]["identity"]["application_credential"];
    assert_eq!(credential["name"], account.key.name.as_str());
    assert_eq!(credential["user"]["id"], account.user_id.as_str());
    assert!(credential.get("id").is_none());

    let token = env.token(&["--refresh"]);
    assert!(keystone().token_is_valid(&token));
    let show: Value = env.json(&["profile", "show", "--output", "json"]);
    assert_eq!(show["auth_method"], "access-key-name");
    assert_eq!(show["access_key_name"], account.key.name.as_str());
}

#[test]
fn a_wrong_secret_is_rejected_and_nothing_is_saved() {
    let env = TestEnv::new();
    let account = keystone().new_account();
    env.kcred()
        .args(["profile", "add", "dev", "--endpoint", &env.endpoint()])
        .args(["--access-key-id", &account.key.id, "--secret-stdin"])
        .write_stdin("not-the-secret\n")
        .assert()
        .code(3)
        .stderr(predicate::str::contains("401"))
        .stderr(predicate::str::contains("not-the-secret").not());
    assert!(!env.config_file().exists(), "no config written");
    assert_eq!(
        env.secret_tool_lookup("profile/dev/access-key-secret"),
        None
    );
    assert_eq!(env.cached_secret("profile/dev/token"), None);
    assert!(!env.cache_dir().join("tokens/dev.json").exists());
}

#[test]
fn bad_endpoints_are_refused_before_any_request() {
    let env = TestEnv::new();
    let add = |endpoint: &str| {
        env.kcred()
            .args(["profile", "add", "dev", "--endpoint", endpoint])
            .args(["--access-key-id", "abc", "--secret-stdin"])
            .write_stdin("s\n")
            .assert()
    };
    add("http://iam.example.com/identity/v3")
        .code(2)
        .stderr(predicate::str::contains("https"));
    add("not a url").code(2);
    add("https://user:pw-in-url@iam.example.com/v3")
        .code(2)
        .stderr(predicate::str::contains("pw-in-url").not());
    assert!(!env.config_file().exists());
    assert!(env.proxy.requests().is_empty());
}

#[test]
fn an_unreachable_endpoint_is_a_network_error_and_nothing_is_saved() {
    let env = TestEnv::new();
    let port = crate::support::free_port();
    assert_fails(
        env.kcred()
            .args([
                "profile",
                "add",
                "dev",
                "--endpoint",
                &format!("http://127.0.0.1:{port}/v3"),
            ])
            .args(["--access-key-id", "abc", "--secret-stdin"])
            .write_stdin("s\n"),
        5,
        &[&format!("127.0.0.1:{port}")],
    );
    assert!(!env.config_file().exists());
    assert_eq!(
        env.secret_tool_lookup("profile/dev/access-key-secret"),
        None
    );
}

#[test]
fn no_verify_saves_without_a_request() {
    let env = TestEnv::new();
    let account = keystone().new_account();
    env.add_profile_unverified("later", &account);
    assert!(env.proxy.requests().is_empty());
    // The first `kcred token` issues with the stored secret.
    let token = env.token(&[]);
    assert!(keystone().token_is_valid(&token));
    assert_eq!(env.proxy.token_issuances(), 1);
}

#[test]
fn a_secret_is_never_taken_from_a_flag_nor_silently_prompted_for() {
    let env = TestEnv::new();
    env.kcred()
        .args([
            "profile",
            "add",
            "dev",
            "--access-key-id",
            "abc",
            "--secret",
            "s",
        ])
        .assert()
        .code(2);
    // No terminal and no --secret-stdin: an error that says how to give the secret.
    assert_fails(
        env.kcred()
            .args(["profile", "add", "dev", "--endpoint", &env.endpoint()])
            .args(["--access-key-id", "abc"]),
        2,
        &["--secret-stdin"],
    );
}

#[test]
fn an_existing_profile_is_replaced_only_with_force() {
    let (env, account, old_token) = TestEnv::with_cached_token();
    env.profile_add_command("dev", &account)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--force"));

    let second = keystone().create_access_key(&account, "second");
    let with_second_key = Account {
        key: second.clone(),
        ..account.clone()
    };
    env.profile_add_command("dev", &with_second_key)
        .arg("--force")
        .assert()
        .success();
    assert_eq!(
        env.secret_tool_lookup("profile/dev/access-key-secret")
            .as_deref(),
        Some(second.secret.as_str())
    );
    let new_token = env.token(&[]);
    assert_ne!(new_token, old_token, "the old key's token is not reused");
}

#[test]
fn list_show_use_and_remove() {
    let mut env = TestEnv::new();
    // Checks the cached token in the Secret Service: kept there when told to.
    env.set_env("KCRED_TOKEN_CACHE", "store");
    let account = keystone().new_account();
    env.add_profile("first", &account);
    env.add_profile("second", &account);

    let list: Value = env.json(&["profile", "list", "--output", "json"]);
    let names: Vec<_> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].clone())
        .collect();
    assert_eq!(names, ["first", "second"]);
    assert_eq!(list[0]["default"], true);
    assert_eq!(list[1]["default"], false);
    let text = serde_json::to_string(&list).unwrap();
    assert!(!text.contains(&account.key.secret));

    env.kcred()
        .args(["profile", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("NAME"))
        .stdout(predicate::str::contains("second"));

    env.kcred()
        .args(["profile", "use", "second"])
        .assert()
        .success();
    env.kcred()
        .args(["profile", "show"])
        .assert()
        .success()
        .stdout(predicate::str::is_match(r"name\s+second").unwrap());
    assert_fails(
        env.kcred().args(["profile", "use", "nope"]),
        2,
        &["known profiles: first, second"],
    );

    // Removing needs confirmation; without a terminal that means --yes.
    assert_fails(
        env.kcred().args(["profile", "remove", "second"]),
        2,
        &["--yes"],
    );
    assert!(
        env.secret_tool_lookup("profile/second/access-key-secret")
            .is_some()
    );
    assert!(env.secret_tool_lookup("profile/second/token").is_some());

    env.kcred()
        .args(["profile", "remove", "second", "--yes"])
        .assert()
        .success()
        .stderr(predicate::str::contains("no default profile"));
    assert_eq!(
        env.secret_tool_lookup("profile/second/access-key-secret"),
        None
    );
    assert_eq!(env.secret_tool_lookup("profile/second/token"), None);
    assert!(!env.cache_dir().join("tokens/second.json").exists());
    assert_fails(env.kcred().args(["token"]), 2, &["kcred profile use"]);
    // --profile and KCRED_PROFILE select a profile per call.
    env.kcred()
        .args(["token", "--profile", "first"])
        .assert()
        .success();
    env.kcred()
        .env("KCRED_PROFILE", "first")
        .arg("token")
        .assert()
        .success();
}

#[test]
fn invalid_profile_names_are_refused() {
    let env = TestEnv::new();
    for name in ["../etc", "a/b", ".hidden", "x".repeat(65).as_str()] {
        assert_fails(
            env.kcred()
                .args(["profile", "add", name, "--endpoint", &env.endpoint()])
                .args(["--access-key-id", "abc", "--secret-stdin"])
                .write_stdin("s"),
            2,
            &["not a valid profile name"],
        );
    }
}

#[test]
fn profile_list_json_shape() {
    let (env, _) = TestEnv::with_profile();
    let list: Value = env.json(&["profile", "list", "--output", "json"]);
    insta::assert_json_snapshot!(list, {
        "[].endpoint" => "[endpoint]",
        "[].access_key_id" => "[access key id]",
        "[].user_id" => "[user id]",
        "[].project_id" => "[project id]",
        "[].project_name" => "[project name]",
        "[].token_expires_at" => "[timestamp]",
    });
}

#[cfg(unix)]
pub fn assert_private(path: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{} has mode {mode:o}", path.display());
}

#[cfg(not(unix))]
pub fn assert_private(_: &std::path::Path) {}

/// A hand-edited profile entry that is not valid (plain http to a remote host) blocks neither
/// `profile list` nor the `profile remove` that fixes it; using it is exit 2 with a hint.
#[test]
fn a_bad_profile_entry_blocks_neither_list_nor_remove() {
    let (env, _) = TestEnv::with_profile();
    let mut text = std::fs::read_to_string(env.config_file()).unwrap();
    text.push_str("\n[profiles.q]\nendpoint = \"http://example.com/v3\"\naccess_key_id = \"k\"\n");
    std::fs::write(env.config_file(), &text).unwrap();

    let list = env.kcred().args(["profile", "list"]).output().unwrap();
    assert!(list.status.success(), "{}", stderr_of(&list));
    assert!(String::from_utf8_lossy(&list.stdout).contains("dev"));
    assert!(
        stderr_of(&list).contains("profile 'q'"),
        "{}",
        stderr_of(&list)
    );
    assert_fails(
        env.kcred().args(["--profile", "q", "token"]),
        2,
        &["hint:", "kcred profile remove q"],
    );
    // Other profiles keep working, and a rewrite of the file keeps the bad entry as it was.
    env.kcred()
        .args(["profile", "use", "dev"])
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(env.config_file())
            .unwrap()
            .contains("http://example.com/v3")
    );
    assert!(keystone().token_is_valid(&env.token(&[])));

    env.kcred()
        .args(["profile", "remove", "q", "--yes"])
        .assert()
        .success();
    let after = std::fs::read_to_string(env.config_file()).unwrap();
    assert!(
        !after.contains("profiles.q") && after.contains("profiles.dev"),
        "{after}"
    );
}

/// A config file that is not TOML at all: exit 2 (as every config error), naming the line,
/// with a hint.
#[test]
fn a_config_file_that_does_not_parse_is_exit_2_with_a_hint() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.config_dir()).unwrap();
    std::fs::write(env.config_file(), "[profiles.a\nendpoint = 1\n").unwrap();
    assert_fails(
        env.kcred().args(["profile", "list"]),
        2,
        &["line 1", "hint:"],
    );
}

/// S3 settings are checked before the key is used (no newline can reach `AWS_REGION` or a
/// shell line), and `profile show` shows them with the store.
#[test]
fn s3_settings_are_validated_and_shown_with_the_store() {
    let env = TestEnv::new();
    let account = keystone().new_account();
    for (flag, value) in [
        ("--s3-region", "kr-central-2\nexport X=1"),
        ("--s3-region", "kr central"),
        ("--s3-endpoint", "https://objectstorage.example.com\n"),
        ("--s3-endpoint", "http://objectstorage.example.com"),
    ] {
        assert_fails(
            env.kcred()
                .args(["profile", "add", "dev", "--endpoint", &env.endpoint()])
                .args([
                    "--access-key-id",
                    &account.key.id,
                    "--secret-stdin",
                    flag,
                    value,
                ])
                .write_stdin(format!("{}\n", account.key.secret)),
            2,
            &["hint:"],
        );
    }
    assert_eq!(env.proxy.token_issuances(), 0, "refused before any request");
    assert!(!env.config_file().exists());

    env.profile_add_command("dev", &account)
        .args([
            "--s3-region",
            "kr-central-9",
            "--s3-endpoint",
            "https://os.example.com",
        ])
        .assert()
        .success();
    let show = env.kcred().args(["profile", "show"]).output().unwrap();
    let text = String::from_utf8_lossy(&show.stdout);
    assert!(
        text.contains("kr-central-9") && text.contains("https://os.example.com"),
        "{text}"
    );
    assert!(text.contains("the OS keyring"), "{text}");
    let json = env.json(&["profile", "show", "--output", "json"]);
    assert_eq!(json["store"], "keyring");
    assert_eq!(json["s3_region"], "kr-central-9");
    assert_eq!(json["s3_endpoint"], "https://os.example.com");
}

#[test]
fn profile_set_changes_settings_without_the_secret_and_drops_tokens_of_another_endpoint() {
    let (env, _account) = TestEnv::with_profile();
    let view = env.json(&[
        "profile",
        "set",
        "dev",
        "--s3-region",
        "kr-central-9",
        "--output",
        "json",
    ]);
    assert_eq!(view["s3_region"], "kr-central-9");
    assert_eq!(
        view["token_cached"], true,
        "the same endpoint keeps its token"
    );
    crate::support::assert_fails(
        env.kcred().args(["profile", "set", "dev"]),
        2,
        &["nothing to change"],
    );
    crate::support::assert_fails(
        env.kcred().args([
            "profile",
            "set",
            "dev",
            "--s3-endpoint",
            "http://remote.example",
        ]),
        2,
        &[],
    );
    let moved = env.endpoint().replace("127.0.0.1", "localhost");
    let view = env.json(&[
        "profile",
        "set",
        "dev",
        "--endpoint",
        &moved,
        "--output",
        "json",
    ]);
    assert_eq!(
        view["token_cached"], false,
        "a new endpoint drops the token"
    );
    env.proxy.clear();
    env.token(&[]);
    assert_eq!(env.proxy.token_issuances(), 1);
}

#[test]
fn profile_set_moves_the_secret_to_the_file_store_and_back() {
    let (mut env, account) = TestEnv::with_profile();
    env.set_env("KCRED_FILE_PASSPHRASE", "a passphrase");
    let stderr = crate::support::succeeds(
        env.kcred()
            .args(["profile", "set", "dev", "--store", "file"]),
    );
    assert!(stderr.contains("the encrypted file"), "{stderr}");
    assert!(!stderr.contains(&account.key.secret));
    assert_eq!(
        env.secret_tool_lookup("profile/dev/access-key-secret"),
        None
    );
    // Without any keyring the profile still works: its secret is in the file now.
    let mut offline = env;
    offline.without_keyring();
    offline.token(&[]);
    assert_eq!(
        offline.json(&["profile", "show", "--output", "json"])["store"],
        "file"
    );
}

/// A profile whose key kcred made keeps that key's secret under the key's own entry too; a
/// move takes both along and leaves neither behind, and moves back the same way.
#[test]
fn profile_set_moves_a_made_keys_own_secret_entry_too() {
    let (mut env, _) = TestEnv::with_profile();
    env.set_env("KCRED_FILE_PASSPHRASE", "a passphrase");
    let created = env.json(&["iam-key", "create", "--save-as", "made", "--output", "json"]);
    let own = format!("iam-key/{}/secret", created["id"].as_str().unwrap());
    let secret = env.secret_tool_lookup(&own).expect("the key's own entry");

    crate::support::succeeds(
        env.kcred()
            .args(["profile", "set", "made", "--store", "file"]),
    );
    assert_eq!(env.secret_tool_lookup(&own), None, "left in the keyring");
    assert_eq!(
        env.secret_tool_lookup("profile/made/access-key-secret"),
        None
    );
    assert!(env.files_containing(&secret).is_empty());
    let issued = env.token(&["--profile", "made", "--no-cache"]);
    assert!(keystone().token_is_valid(&issued));

    crate::support::succeeds(
        env.kcred()
            .args(["profile", "set", "made", "--store", "keyring"]),
    );
    assert_eq!(env.secret_tool_lookup(&own), Some(secret));
    let issued = env.token(&["--profile", "made", "--no-cache"]);
    assert!(keystone().token_is_valid(&issued));
}

#[test]
fn endpoints_are_stored_normalised_and_one_urls_readers_disagree_on_is_refused() {
    let env = TestEnv::new();
    let add = |name: &str, endpoint: &str| {
        let mut cmd = env.kcred();
        cmd.args([
            "profile",
            "add",
            name,
            "--no-verify",
            "--endpoint",
            endpoint,
        ])
        .args(["--access-key-id", "k1", "--secret-stdin"])
        .write_stdin("s\n");
        cmd
    };
    add("norm", "HTTP://LOCALHOST:5000/v3/")
        .args(["--s3-endpoint", "HTTPS://Objects.Example.com:443/"])
        .assert()
        .success();
    let config = std::fs::read_to_string(env.config_file()).unwrap();
    assert!(
        config.contains("endpoint = \"http://localhost:5000/v3\""),
        "{config}"
    );
    assert!(
        config.contains("s3_endpoint = \"https://objects.example.com\""),
        "{config}"
    );

    let sneaky = "http://127.0.0.1:1\\@evil.example:2/v3";
    assert_fails(
        &mut add("sneaky", sneaky),
        2,
        &["invalid endpoint", "backslash"],
    );
    let config = std::fs::read_to_string(env.config_file()).unwrap();
    assert!(!config.contains("evil"), "{config}");
}

#[test]
fn one_region_sets_the_regional_endpoints_and_show_says_where_each_came_from() {
    let (env, _) = TestEnv::with_profile_added_with(&[
        "--region",
        "kr-central-9",
        "--kms-endpoint",
        "https://kms.example.com",
    ]);
    let json = env.json(&["profile", "show", "--output", "json"]);
    assert_eq!(json["region"], "kr-central-9");
    assert_eq!(json["s3_region"], "kr-central-9");
    assert_eq!(
        json["s3_endpoint"],
        "https://objectstorage.kr-central-9.kakaocloud.com"
    );
    assert_eq!(json["kms_endpoint"], "https://kms.example.com");
    assert_eq!(
        json["sources"],
        serde_json::json!({"region": "flag", "s3_region": "region",
            "s3_endpoint": "region", "kms_endpoint": "flag"})
    );
    let show = env.kcred().args(["profile", "show"]).output().unwrap();
    let text = String::from_utf8_lossy(&show.stdout);
    for line in [
        "kr-central-9 (set)",
        "https://objectstorage.kr-central-9.kakaocloud.com (from the region)",
        "https://kms.example.com (set)",
    ] {
        assert!(text.contains(line), "{line}: {text}");
    }
    // The region's other users: OpenStack clients are told it too.
    let vars = env.json(&["env", "--with-key", "--format", "json"]);
    assert_eq!(vars["OS_REGION_NAME"], "kr-central-9");

    // A new region moves what follows it; what was set for itself stays.
    env.kcred()
        .args(["profile", "set", "dev", "--region", "kr-central-7"])
        .assert()
        .success();
    let json = env.json(&["profile", "show", "--output", "json"]);
    assert_eq!(
        json["s3_endpoint"],
        "https://objectstorage.kr-central-7.kakaocloud.com"
    );
    assert_eq!(json["kms_endpoint"], "https://kms.example.com");
    crate::support::assert_fails(
        env.kcred()
            .args(["profile", "set", "dev", "--region", "kr/central"]),
        2,
        &[
            "error: invalid region \"kr/central\"",
            "hint: use letters, digits and '-'",
        ],
    );
}

#[test]
fn without_a_region_show_says_each_regional_setting_is_the_default() {
    let (env, _) = TestEnv::with_profile();
    let json = env.json(&["profile", "show", "--output", "json"]);
    assert_eq!(json["region"], "kr-central-2");
    assert_eq!(
        json["kms_endpoint"],
        "https://key-management-service.kr-central-2.kakaocloud.com"
    );
    assert_eq!(
        json["sources"],
        serde_json::json!({"region": "default", "s3_region": "default",
            "s3_endpoint": "default", "kms_endpoint": "default"})
    );
}

#[test]
fn kakaocloud_region_in_the_environment_sets_the_region_of_credentials_from_it() {
    let (mut env, account) = TestEnv::with_profile();
    let endpoint = env.endpoint();
    env.set_key_in_environment(&account.key.id, &account.key.secret, &endpoint);
    env.set_env("KAKAOCLOUD_REGION", "kr-central-9");
    let vars = env.json(&["env", "--with-key", "--format", "json"]);
    assert_eq!(vars["OS_REGION_NAME"], "kr-central-9");
    env.set_env("KAKAOCLOUD_REGION", "kr central");
    crate::support::assert_fails(
        env.kcred().args(["env", "--with-key"]),
        2,
        &["error: KAKAOCLOUD_REGION: invalid region \"kr central\""],
    );
}

/// A bare `kcred profile add` at a terminal asks for what it needs, as a person answers, and
/// ends with a profile that works and the next steps; the secret is never shown.
#[cfg(unix)]
#[test]
fn a_bare_profile_add_at_a_terminal_asks_and_ends_with_a_working_profile() {
    use crate::support::terminal::Terminal;
    if !crate::scripting::terminals_can_be_had() {
        return;
    }
    let env = TestEnv::new();
    let account = keystone().new_account();
    let mut terminal = Terminal::run(
        &env,
        &format!(
            "kcred --endpoint {} profile add; echo \"status $?\"",
            env.endpoint()
        ),
    );
    terminal.expect("Profile name");
    terminal.expect("default");
    terminal.type_keys("\r");
    terminal.expect("Cloud");
    terminal.type_keys("\r");
    terminal.expect("How is the key identified?");
    terminal.type_keys("\r");
    terminal.expect("IAM access key ID");
    terminal.type_keys(&format!("{}\r", account.key.id));
    terminal.expect("Region");
    terminal.type_keys("\r");
    terminal.expect("IAM access key secret");
    terminal.type_keys(&format!("{}\r", account.key.secret));
    let shown = terminal.finish();
    assert!(shown.contains("status 0"), "{shown}");
    assert!(
        shown.contains("Added profile 'default' (verified, the default profile)"),
        "{shown}"
    );
    assert!(
        shown.contains("Next: `kcred token` prints a token; `eval \"$(kcred env)\"`"),
        "{shown}"
    );
    assert!(
        !shown.contains(&account.key.secret),
        "the secret was echoed: {shown}"
    );
    let profile = env.json(&["profile", "show", "--output", "json"]);
    assert_eq!(profile["name"], "default");
    assert_eq!(profile["access_key_id"], account.key.id.as_str());
    assert_eq!(profile["sources"]["region"], "default");
    env.kcred().arg("token").assert().success();
}

/// What is given as a flag is not asked again; Ctrl-C at a question saves nothing and leaves
/// the terminal as it was.
#[cfg(unix)]
#[test]
fn profile_add_asks_only_what_is_missing_and_ctrl_c_saves_nothing() {
    use crate::support::terminal::Terminal;
    if !crate::scripting::terminals_can_be_had() {
        return;
    }
    let (env, _) = TestEnv::with_profile();
    let mut terminal = Terminal::run(
        &env,
        &format!(
            "trap 'echo INTERRUPTED' INT; kcred --endpoint {} profile add --provider kakaocloud \
             --access-key-name ci --user-id u1; echo \"status $?\"; echo STTY:; stty -a",
            env.endpoint()
        ),
    );
    terminal.expect("Profile name");
    terminal.type_keys("second\r");
    terminal.expect("Region");
    terminal.type_keys("\x03");
    let shown = terminal.finish();
    for asked in ["Cloud", "How is the key identified?", "IAM access key name"] {
        assert!(
            !shown.contains(asked),
            "{asked} was given, yet asked: {shown}"
        );
    }
    assert!(shown.contains("status 130"), "ended by SIGINT: {shown}");
    assert!(
        crate::scripting::stty_after(&shown)
            .iter()
            .any(|s| s == "echo"),
        "echo is off after Ctrl-C: {shown}"
    );
    let profiles = env.json(&["profile", "list", "--output", "json"]);
    assert_eq!(
        profiles.as_array().unwrap().len(),
        1,
        "nothing saved: {profiles}"
    );

    // No terminal: nothing is asked, and the error names what is missing.
    assert_fails(
        env.kcred().args(["profile", "add"]),
        2,
        &["error: the following required arguments were not provided: <NAME>"],
    );
}
