//! The main commands' tables and errors, whole: exit code, stdout and stderr in one snapshot
//! each (see `support::snapshot`), so that a change of what kcred prints is a change of a
//! snapshot, never a fragment a `contains` lets through.

use crate::support::{TestEnv, keystone};

/// [`crate::assert_cmd_snapshot`] with the time a token has left (`59m 59s` one run, `59m 58s`
/// the next) replaced too.
macro_rules! assert_cmd_snapshot {
    ($env:expr, $cmd:expr) => {{
        let output = $cmd.output().unwrap();
        let mut settings = crate::support::snapshot::settings(&$env);
        settings.add_filter(r"(?m)^time left  .*$", "time left  [DURATION]");
        settings.bind(|| {
            insta::assert_snapshot!(crate::support::snapshot::render(&output));
        });
    }};
}

// Tables.

#[test]
fn profile_list_with_two_profiles() {
    let (env, account) = TestEnv::with_profile();
    env.add_profile_unverified("later", &account);
    assert_cmd_snapshot!(env, env.kcred().args(["profile", "list"]));
}

#[test]
fn profile_show_of_a_verified_profile() {
    let (env, _) = TestEnv::with_profile();
    assert_cmd_snapshot!(env, env.kcred().args(["profile", "show"]));
}

#[test]
fn iam_key_list_with_a_key_no_profile_holds() {
    let (env, account) = TestEnv::with_profile();
    keystone().create_access_key(&account, "second");
    assert_cmd_snapshot!(env, env.kcred().args(["iam-key", "list"]));
}

#[test]
fn token_show_of_a_cached_token() {
    let (env, _, _) = TestEnv::with_cached_token();
    assert_cmd_snapshot!(env, env.kcred().args(["token", "show"]));
}

#[test]
fn s3_key_list_with_one_key() {
    let (env, _) = TestEnv::with_profile();
    env.kcred().args(["s3-key", "create"]).assert().success();
    assert_cmd_snapshot!(env, env.kcred().args(["s3-key", "list"]));
}

#[test]
fn s3_key_list_with_none() {
    let (env, _) = TestEnv::with_profile();
    assert_cmd_snapshot!(env, env.kcred().args(["s3-key", "list"]));
}

// Errors.

#[test]
fn a_profile_that_does_not_exist() {
    let (env, _) = TestEnv::with_profile();
    assert_cmd_snapshot!(env, env.kcred().args(["--profile", "nope", "token"]));
}

#[test]
fn profile_show_of_a_profile_that_does_not_exist() {
    let (env, _) = TestEnv::with_profile();
    assert_cmd_snapshot!(env, env.kcred().args(["profile", "show", "nope"]));
}

#[test]
fn an_unknown_profile_in_kcred_profile() {
    let (env, _) = TestEnv::with_profile();
    assert_cmd_snapshot!(env, env.kcred().env("KCRED_PROFILE", "nope").arg("token"));
}

#[test]
fn an_expiry_that_is_not_a_time() {
    let (env, _) = TestEnv::with_profile();
    env.proxy.clear();
    assert_cmd_snapshot!(
        env,
        env.kcred()
            .args(["iam-key", "create", "--expires-at", "next tuesday"])
    );
    assert!(env.proxy.requests().is_empty());
}

#[test]
fn an_expiry_in_the_past() {
    let (env, _) = TestEnv::with_profile();
    env.proxy.clear();
    assert_cmd_snapshot!(
        env,
        env.kcred()
            .args(["iam-key", "create", "--expires-at", "2001-01-01T00:00:00Z"])
    );
    assert!(env.proxy.requests().is_empty());
}

#[test]
fn a_third_iam_key_with_save_as() {
    let (env, account) = TestEnv::with_profile();
    keystone().create_access_key(&account, "second");
    env.proxy.clear();
    assert_cmd_snapshot!(
        env,
        env.kcred()
            .args(["iam-key", "create", "--name", "third", "--save-as", "ci"])
    );
    assert_eq!(
        env.proxy.count(
            "POST",
            &format!("/users/{}/application_credentials", account.user_id)
        ),
        0
    );
}

#[test]
fn profile_add_without_input_and_no_terminal() {
    let env = TestEnv::new();
    assert_cmd_snapshot!(env, env.kcred().args(["profile", "add", "dev"]));
    assert!(!env.config_file().exists());
}

#[test]
fn profile_add_with_a_wrong_secret() {
    let env = TestEnv::new();
    let account = keystone().new_account();
    assert_cmd_snapshot!(
        env,
        env.kcred()
            .args(["profile", "add", "dev", "--endpoint", &env.endpoint()])
            .args(["--access-key-id", &account.key.id, "--secret-stdin"])
            .write_stdin("not-the-secret\n")
    );
    assert!(!env.config_file().exists());
}
