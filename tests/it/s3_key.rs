//! `kcred s3-key …` against the real Keystone (a token from an IAM access key may manage
//! S3 access keys on KakaoCloud, at most 2 per project) and the real keyring.

use crate::support::{TestEnv, assert_fails, keystone};

#[test]
fn create_list_delete() {
    let (env, account) = TestEnv::with_profile();

    let created = env.json(&["s3-key", "create", "--show-secret", "--output", "json"]);
    let access = created["access_key"].as_str().unwrap().to_string();
    assert_eq!(created["project_id"], account.project_id.as_str());
    assert_eq!(created["project_name"], account.project_name.as_str());
    let secret = created["secret"].as_str().unwrap();
    assert_eq!(
        env.secret_tool_lookup(&format!("s3-key/{access}/secret"))
            .as_deref(),
        Some(secret)
    );
    assert_eq!(
        keystone().s3_keys(&account),
        vec![(access.clone(), account.project_id.clone())]
    );
    assert!(env.files_containing(secret).is_empty());

    let list = env.json(&["s3-key", "list", "--output", "json"]);
    assert_eq!(list[0]["access_key"], access.as_str());
    assert_eq!(list[0]["project_name"], account.project_name.as_str());
    assert_eq!(list[0]["secret_stored"], true);
    assert!(!serde_json::to_string(&list).unwrap().contains(secret));
    insta::assert_json_snapshot!(list, {
        "[].access_key" => "[access key]",
        "[].project_id" => "[project id]",
        "[].project_name" => "[project name]",
    });

    env.delete_s3_key(&access);
    assert!(keystone().s3_keys(&account).is_empty());
    assert_fails(
        env.kcred().args(["s3-key", "delete", &access, "--yes"]),
        1,
        &["no S3 access key"],
    );
}

#[test]
fn a_third_key_in_a_project_is_refused_before_any_create_request() {
    let (env, account) = TestEnv::with_profile();
    env.kcred().args(["s3-key", "create"]).assert().success();
    env.kcred().args(["s3-key", "create"]).assert().success();
    env.proxy.clear();
    assert_fails(
        env.kcred().args(["s3-key", "create", "--show-secret"]),
        6,
        &["already has 2 S3 access keys", "kcred s3-key delete"],
    );
    let path = format!("/users/{}/credentials/OS-EC2", account.user_id);
    assert_eq!(env.proxy.count("POST", &path), 0);
    assert_eq!(keystone().s3_keys(&account).len(), 2);
}

#[test]
fn a_refusal_by_the_server_gets_the_same_message() {
    let (env, account) = TestEnv::with_profile();
    env.kcred().args(["s3-key", "create"]).assert().success();
    // Another client takes the last slot between kcred's check and its create.
    let racer = account.clone();
    env.proxy.after("GET", "/credentials/OS-EC2", move || {
        let ks = keystone();
        let token = ks.user_token(&racer);
        ks.request(
            &token,
            "POST",
            &format!("/users/{}/credentials/OS-EC2", racer.user_id),
            Some(serde_json::json!({"tenant_id": racer.project_id})),
        )
        .unwrap();
    });
    assert_fails(
        env.kcred().args(["s3-key", "create"]),
        6,
        &["already has 2 S3 access keys"],
    );
    assert_eq!(keystone().s3_keys(&account).len(), 2);
}

#[test]
fn keys_for_another_project_by_name() {
    let env = TestEnv::new();
    let account = keystone().new_account();
    let (other_id, other_name) = keystone().add_project(&account);
    env.add_profile("dev", &account);
    let created = env.json(&[
        "s3-key",
        "create",
        "--project",
        &other_name,
        "--output",
        "json",
    ]);
    assert_eq!(created["project_id"], other_id.as_str());
    let list = env.json(&[
        "s3-key",
        "list",
        "--project",
        &account.project_id,
        "--output",
        "json",
    ]);
    assert!(
        list.as_array().unwrap().is_empty(),
        "filtered to the current project"
    );
    assert_fails(
        env.kcred()
            .args(["s3-key", "create", "--project", "no-such-project"]),
        2,
        &[&other_name],
    );
}
