//! `kcred doctor`: checks the journal, profiles, secrets, cached tokens and the server against
//! each other; repairs what is safe; `--dry-run` changes nothing.

use crate::support::{TestEnv, keystone, stderr_of};
use serde_json::Value;

fn doctor(env: &TestEnv, args: &[&str]) -> (Option<i32>, Vec<Value>) {
    let output = env
        .kcred()
        .args(["doctor", "--output", "json"])
        .args(args)
        .output()
        .unwrap();
    let findings: Vec<Value> = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|_| panic!("findings as JSON: {}", stderr_of(&output)));
    (output.status.code(), findings)
}

fn with_status<'a>(findings: &'a [Value], status: &str) -> Vec<&'a Value> {
    findings.iter().filter(|f| f["status"] == status).collect()
}

#[test]
fn a_healthy_setup_is_all_ok() {
    let (env, _account) = TestEnv::with_profile();
    let (code, findings) = doctor(&env, &[]);
    assert_eq!(code, Some(0), "{findings:?}");
    assert!(findings.iter().all(|f| f["status"] == "ok"), "{findings:?}");
}

// The failpoint dies by SIGKILL, which only Unix has.
#[cfg(unix)]
#[test]
fn an_interrupted_rotation_is_reported_by_a_dry_run_and_finished_by_doctor() {
    use std::os::unix::process::ExitStatusExt;
    let (env, account) = TestEnv::with_profile();
    let killed = env
        .kcred()
        .env("KCRED_FAILPOINT", "rotate:profile-switched")
        .args(["iam-key", "rotate", "--yes"])
        .output()
        .unwrap();
    assert_eq!(killed.status.signal(), Some(9));
    assert_eq!(keystone().access_key_ids(&account).len(), 2);

    let (code, findings) = doctor(&env, &["--dry-run"]);
    assert_eq!(code, Some(1));
    let pending = with_status(&findings, "would-repair");
    assert!(
        pending
            .iter()
            .any(|f| f["check"] == "journal" && f["detail"].as_str().unwrap().contains("rotate")),
        "{findings:?}"
    );
    assert_eq!(
        keystone().access_key_ids(&account).len(),
        2,
        "a dry run changes nothing"
    );

    let (code, findings) = doctor(&env, &[]);
    assert_eq!(code, Some(0), "{findings:?}");
    assert!(
        with_status(&findings, "repaired")
            .iter()
            .any(|f| f["check"] == "journal"),
        "{findings:?}"
    );
    let ids = keystone().access_key_ids(&account);
    assert_eq!(ids.len(), 1);
    assert_ne!(ids[0], account.key.id);
    let token = env.token(&["--refresh"]);
    assert!(keystone().token_is_valid(&token));
}

#[test]
fn doctor_names_the_dirs_kcred_keeps_its_files_in() {
    let (env, _account) = TestEnv::with_profile();
    let (code, findings) = doctor(&env, &[]);
    assert_eq!(code, Some(0), "{findings:?}");
    let detail = |check: &str| {
        let found: Vec<_> = findings.iter().filter(|f| f["check"] == check).collect();
        assert_eq!(found.len(), 1, "{check} in {findings:?}");
        assert_eq!(found[0]["status"], "ok");
        found[0]["detail"].as_str().unwrap().to_string()
    };
    assert_eq!(detail("config dir"), env.config_dir().display().to_string());
    assert_eq!(detail("cache dir"), env.cache_dir().display().to_string());
    let data = env.root().join("data/kcred");
    assert_eq!(
        detail("data dir"),
        format!("{} (not created yet)", data.display())
    );
    let state = env.root().join("home/.local/state/kcred");
    assert!(
        detail("state dir").starts_with(&state.display().to_string()),
        "{findings:?}"
    );
}

#[test]
fn a_key_without_a_secret_in_kcred_is_a_problem_with_the_command_that_frees_its_slot() {
    let (env, account) = TestEnv::with_profile();
    let orphan = keystone().create_access_key(&account, "made-elsewhere");
    let (code, findings) = doctor(&env, &[]);
    assert_eq!(code, Some(1));
    let problems = with_status(&findings, "problem");
    assert_eq!(problems.len(), 1, "{findings:?}");
    assert!(
        problems[0]["detail"]
            .as_str()
            .unwrap()
            .contains(&format!("kcred iam-key delete {} --yes", orphan.id))
    );
    assert_eq!(
        keystone().access_key_ids(&account).len(),
        2,
        "a key someone else may use is never deleted by doctor"
    );
}

#[test]
fn a_token_cached_for_no_profile_and_a_deleted_s3_key_are_repaired() {
    let (env, account) = TestEnv::with_profile();
    let created = env.json(&["s3-key", "create", "--output", "json"]);
    let access = created["access_key"].as_str().unwrap().to_string();
    let ks = keystone();
    let token = ks.user_token(&account);
    ks.request(
        &token,
        "DELETE",
        &format!("/users/{}/credentials/OS-EC2/{access}", account.user_id),
        None,
    )
    .unwrap();
    let tokens = env.cache_dir().join("tokens");
    std::fs::copy(tokens.join("dev.json"), tokens.join("gone.json")).unwrap();

    let (code, findings) = doctor(&env, &["--dry-run"]);
    assert_eq!(code, Some(1));
    assert_eq!(
        with_status(&findings, "would-repair").len(),
        2,
        "{findings:?}"
    );
    assert!(tokens.join("gone.json").exists());

    let (code, findings) = doctor(&env, &[]);
    assert_eq!(code, Some(0), "{findings:?}");
    assert_eq!(with_status(&findings, "repaired").len(), 2, "{findings:?}");
    assert!(!tokens.join("gone.json").exists());
    env.kcred().args(["env", "--s3"]).assert().failure();
    let (code, _) = doctor(&env, &[]);
    assert_eq!(code, Some(0));
}
