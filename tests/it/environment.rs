//! Credentials from the environment: CI, no keyring, no prompt.

use crate::support::{TestEnv, assert_fails, keystone, stderr_of};

#[test]
fn environment_credentials_work_without_any_keyring_and_are_not_cached() {
    let mut env = TestEnv::new();
    let account = keystone().new_account();
    env.without_keyring();
    env.set_key_in_environment(&account.key.id, &account.key.secret, &env.endpoint());

    let output = env.kcred().args(["-v", "token"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let token = String::from_utf8_lossy(&output.stdout)
        .trim_end()
        .to_string();
    assert!(keystone().token_is_valid(&token));
    assert!(stderr_of(&output).contains("not cached"));

    let again = env.token(&[]);
    assert_ne!(again, token, "nothing was cached");
    assert_eq!(env.proxy.token_issuances(), 2);
    assert!(!env.cache_dir().exists(), "nothing written to disk");
    assert!(!env.config_dir().exists());
}

#[test]
fn method_two_from_the_environment() {
    let mut env = TestEnv::new();
    let account = keystone().new_account();
    env.without_keyring();
    env.set_env("KAKAOCLOUD_ACCESS_KEY_NAME", &account.key.name);
    env.set_env("KAKAOCLOUD_USER_ID", &account.user_id);
    env.set_env("KAKAOCLOUD_ACCESS_KEY_SECRET", &account.key.secret);
    env.set_env("KAKAOCLOUD_IAM_ENDPOINT", &env.endpoint());
    let token = env.token(&[]);
    assert!(keystone().token_is_valid(&token));
}

#[test]
fn openstack_names_are_a_fallback_and_kakaocloud_names_win() {
    let mut env = TestEnv::new();
    let account = keystone().new_account();
    env.without_keyring();
    env.set_env("OS_APPLICATION_CREDENTIAL_ID", &account.key.id);
    env.set_env("OS_APPLICATION_CREDENTIAL_SECRET", &account.key.secret);
    env.set_env("OS_AUTH_URL", &env.endpoint());
    let token = env.token(&[]);
    assert!(keystone().token_is_valid(&token));

    // A wrong KAKAOCLOUD_* secret wins over the right OS_* one.
    env.set_env("KAKAOCLOUD_ACCESS_KEY_SECRET", "wrong");
    env.kcred().arg("token").assert().code(3);
}

#[test]
fn environment_credentials_win_over_the_profile() {
    let mut env = TestEnv::new();
    let profile_account = keystone().new_account();
    env.add_profile("dev", &profile_account);
    let env_account = keystone().new_account();
    env.set_key_in_environment(
        &env_account.key.id,
        &env_account.key.secret,
        &env.endpoint(),
    );
    env.proxy.clear();
    let token = env.token(&[]);
    assert_eq!(
        env.proxy.token_issuances(),
        1,
        "the profile's cached token is not used"
    );
    let body: serde_json::Value = serde_json::from_slice(&env.proxy.requests()[0].body).unwrap();
    assert_eq!(
        body["auth"]["identity"]["application_credential"]["id"],
        env_account.key.id.as_str()
    );
    assert!(keystone().token_is_valid(&token));
}

#[test]
fn a_key_without_its_secret_says_which_variable_is_missing() {
    let mut env = TestEnv::new();
    env.set_env("KAKAOCLOUD_ACCESS_KEY_ID", "abc");
    assert_fails(
        env.kcred().arg("token"),
        2,
        &["KAKAOCLOUD_ACCESS_KEY_SECRET"],
    );
}

/// A leftover openrc (`OS_AUTH_URL`) or `KAKAOCLOUD_IAM_ENDPOINT` pointing elsewhere never
/// receives a stored profile's secret: the profile's own endpoint is used.
#[test]
fn an_environment_endpoint_never_receives_a_stored_secret() {
    let (mut env, _) = TestEnv::with_profile();
    env.kcred().args(["token", "forget"]).assert().success();
    let elsewhere = crate::support::fake_server::FakeServer::start();
    for var in ["OS_AUTH_URL", "KAKAOCLOUD_IAM_ENDPOINT"] {
        env.proxy.clear();
        let token = env
            .kcred()
            .env(var, elsewhere.endpoint())
            .args(["token", "--refresh"])
            .output()
            .unwrap();
        assert!(token.status.success(), "{var}: {}", stderr_of(&token));
        assert_eq!(
            env.proxy.token_issuances(),
            1,
            "{var}: the profile's endpoint"
        );
    }
    assert!(
        elsewhere.requests().is_empty(),
        "the other server got {:?}",
        elsewhere.summary()
    );
    // --endpoint, typed on the command line, still overrides (and is not cached).
    env.set_env("OS_AUTH_URL", &elsewhere.endpoint());
    env.kcred()
        .args(["token", "--endpoint", &elsewhere.endpoint()])
        .assert()
        .failure();
    assert_eq!(elsewhere.count("POST", "/auth/tokens"), 1);
    // Nor does the environment decide where a new profile's secret goes.
    env.kcred()
        .args(["profile", "add", "new", "--no-verify"])
        .args(["--access-key-id", "k", "--secret-stdin"])
        .write_stdin("s\n")
        .assert()
        .success();
    let config = std::fs::read_to_string(env.config_file()).unwrap();
    assert!(!config.contains(&elsewhere.endpoint()), "{config}");
    assert!(
        config.contains("https://iam.kakaocloud.com/identity/v3"),
        "{config}"
    );
}

/// `kcred exec` exports `KAKAOCLOUD_IAM_ENDPOINT` for the first profile; a kcred inside it
/// that asks for another profile uses that profile's own endpoint and cache entry.
#[test]
fn kcred_inside_exec_uses_the_other_profiles_own_endpoint() {
    let env = TestEnv::new();
    let first = keystone().new_account();
    let other = keystone().new_account();
    env.add_profile("first", &first);
    // `other` talks to Keystone directly, `first` through the counting proxy.
    env.kcred()
        .args([
            "profile",
            "add",
            "other",
            "--endpoint",
            &keystone().endpoint,
        ])
        .args(["--access-key-id", &other.key.id, "--secret-stdin"])
        .write_stdin(format!("{}\n", other.key.secret))
        .assert()
        .success();
    let first_entry = std::fs::read(env.cache_dir().join("tokens/first.json")).unwrap();
    env.proxy.clear();
    let kcred = assert_cmd::cargo::cargo_bin("kcred");
    let output = env
        .kcred()
        .args(["--profile", "first", "exec", "--"])
        .arg(&kcred)
        .args(["--profile", "other", "token", "--refresh"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let token = String::from_utf8_lossy(&output.stdout).trim().to_string();
    assert!(keystone().token_is_valid(&token));
    assert_eq!(
        env.proxy.token_issuances(),
        0,
        "other's secret never went to first's endpoint"
    );
    let other_entry: serde_json::Value =
        serde_json::from_slice(&std::fs::read(env.cache_dir().join("tokens/other.json")).unwrap())
            .unwrap();
    assert_eq!(other_entry["endpoint"], keystone().endpoint.as_str());
    assert_eq!(
        std::fs::read(env.cache_dir().join("tokens/first.json")).unwrap(),
        first_entry
    );
}
