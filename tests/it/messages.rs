//! What kcred says, whole: errors with their hints and exit codes, and tables, each a
//! snapshot of exit code, stdout and stderr (see `support::snapshot`).

use crate::assert_cmd_snapshot;
use crate::support::{TestEnv, keystone};

#[test]
fn an_unknown_command() {
    let env = TestEnv::new();
    assert_cmd_snapshot!(env, env.kcred().arg("frobnicate"));
}

#[test]
fn a_token_before_any_profile() {
    let env = TestEnv::new();
    assert_cmd_snapshot!(env, env.kcred().arg("token"));
}

#[test]
fn kube_credential_for_a_version_kcred_does_not_speak() {
    let env = TestEnv::new();
    assert_cmd_snapshot!(
        env,
        env.kcred()
            .env(
                "KUBERNETES_EXEC_INFO",
                r#"{"apiVersion":"client.authentication.k8s.io/v1alpha1"}"#,
            )
            .arg("kube-credential")
    );
}

#[test]
fn a_third_iam_key_is_refused_before_any_request() {
    let env = TestEnv::new();
    let account = keystone().new_account();
    keystone().create_access_key(&account, "second");
    env.add_profile("dev", &account);
    env.proxy.clear();
    assert_cmd_snapshot!(
        env,
        env.kcred().args(["iam-key", "create", "--name", "third"])
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
fn profile_list_table() {
    let (env, account) = TestEnv::with_profile();
    env.add_profile_by_name("byname", &account);
    assert_cmd_snapshot!(env, env.kcred().args(["profile", "list"]));
}
