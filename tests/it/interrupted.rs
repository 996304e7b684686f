//! Key operations killed at every step (`KCRED_FAILPOINT`, compiled into test builds: the
//! process SIGKILLs itself there), then one more kcred run. Whatever step it died at, after
//! that run: the profile issues a valid token with `token --refresh`; every key on the
//! server has its secret in kcred; no deleted key's credentials are handed out, not even
//! before that run; nothing is left that kcred cannot remove. Against the real Keystone and
//! the real keyring.

use crate::support::{Account, TestEnv, assert_fails, json_of, keystone, stderr_of, succeeds};
use std::collections::BTreeSet;
use std::os::unix::process::ExitStatusExt;

/// The steps, as the source lists them: one list, so that a new step cannot be forgotten.
const FAILPOINTS_SOURCE: &str = include_str!("../../src/failpoint.rs");

fn all_steps() -> Vec<String> {
    let list = FAILPOINTS_SOURCE
        .split("pub const STEPS: &[&str] = &[")
        .nth(1)
        .and_then(|rest| rest.split("];").next())
        .expect("failpoint.rs lists its STEPS");
    list.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The steps of one operation, in order (`rotate:` …).
fn steps_of(operation: &str) -> Vec<String> {
    let prefix = format!("{operation}:");
    let steps: Vec<String> = all_steps()
        .into_iter()
        .filter(|step| step.starts_with(&prefix))
        .collect();
    assert!(!steps.is_empty(), "no steps for {operation}");
    steps
}

/// The operations this suite kills at every step.
const OPERATIONS: &[&str] = &[
    "rotate",
    "iam-key-create",
    "iam-key-delete",
    "s3-key-create",
    "s3-key-delete",
    "glesys-s3-key-create",
    "glesys-s3-key-delete",
    // Killed in auth_files.rs.
    "auth-file-write",
];

#[test]
fn every_failpoint_in_the_code_is_listed_and_every_listed_one_is_killed_at() {
    let listed: BTreeSet<String> = all_steps().into_iter().collect();
    let mut in_code = BTreeSet::new();
    collect_failpoints(std::path::Path::new("src"), &mut in_code);
    assert_eq!(
        listed, in_code,
        "STEPS and the failpoint::reached calls differ"
    );
    let exercised: BTreeSet<String> = OPERATIONS.iter().flat_map(|op| steps_of(op)).collect();
    assert_eq!(listed, exercised, "a step no test kills kcred at");
}

fn collect_failpoints(dir: &std::path::Path, found: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_failpoints(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            for piece in text.split("failpoint::reached(").skip(1) {
                let name = piece
                    .trim_start()
                    .strip_prefix('"')
                    .and_then(|rest| rest.split('"').next());
                if let Some(name) = name {
                    found.insert(name.to_string());
                }
            }
            // `failpoint::reached(steps.key_created)`: the names are CreateSteps' literals.
            for piece in text.split("key_created: \"").skip(1) {
                found.insert(piece.split('"').next().unwrap().to_string());
            }
            for piece in text.split("secret_stored: \"").skip(1) {
                found.insert(piece.split('"').next().unwrap().to_string());
            }
        }
    }
}

/// Runs kcred with `args`, killed at `step`; it must die there (SIGKILL), not finish.
pub(crate) fn killed_at(env: &TestEnv, step: &str, args: &[&str]) {
    let output = env
        .kcred()
        .env("KCRED_FAILPOINT", step)
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        output.status.signal(),
        Some(9),
        "kcred {args:?} was to die at {step}: {:?}, {}",
        output.status,
        stderr_of(&output)
    );
}

/// The one more run: `token --refresh` for `profile`, which must print a valid token.
fn refreshed_token(env: &TestEnv, profile: &str) -> String {
    let output = env
        .kcred()
        .args(["--profile", profile, "token", "--refresh"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let token = String::from_utf8(output.stdout).unwrap().trim().to_string();
    assert!(keystone().token_is_valid(&token), "a valid token");
    token
}

/// A token kcred prints for `profile` now, if any: it must be valid, never a revoked one.
fn no_revoked_token(env: &TestEnv, profile: &str) {
    let output = env
        .kcred()
        .args(["--profile", profile, "token"])
        .output()
        .unwrap();
    let printed = String::from_utf8(output.stdout).unwrap();
    if output.status.success() {
        assert!(
            keystone().token_is_valid(printed.trim()),
            "profile {profile} was handed a dead token"
        );
    } else {
        assert!(printed.is_empty(), "a failure prints no token");
    }
}

/// The access key ID a profile uses, from `profile show`.
fn key_of(env: &TestEnv, profile: &str) -> Option<String> {
    let output = env
        .kcred()
        .args(["profile", "show", profile, "--output", "json"])
        .output()
        .unwrap();
    output.status.success().then(|| {
        json_of(&output)["access_key_id"]
            .as_str()
            .unwrap()
            .to_string()
    })
}

/// The journal holds no record: every operation is settled.
fn journal_is_empty(env: &TestEnv) {
    let dir = env.root().join("home/.local/state/kcred/journal");
    let records: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default();
    assert!(records.is_empty(), "unsettled: {records:?}");
}

/// Every IAM key on the server has its secret in kcred (its own entry, or the profile's that
/// uses it), and no key that is gone keeps an entry.
fn iam_keys_accounted_for(env: &TestEnv, account: &Account, seen: &BTreeSet<String>) {
    let on_server: BTreeSet<String> = keystone().access_key_ids(account).into_iter().collect();
    let profiles = env.json(&["profile", "list", "--output", "json"]);
    for id in &on_server {
        let own = env.secret_tool_lookup(&format!("iam-key/{id}/secret"));
        let by_profile = profiles.as_array().unwrap().iter().any(|p| {
            p["access_key_id"] == id.as_str()
                && env
                    .secret_tool_lookup(&format!(
                        "profile/{}/access-key-secret",
                        p["name"].as_str().unwrap()
                    ))
                    .is_some()
        });
        assert!(
            own.is_some() || by_profile,
            "key {id} is on the server but kcred has no secret for it"
        );
    }
    for gone in seen.difference(&on_server) {
        assert_eq!(
            env.secret_tool_lookup(&format!("iam-key/{gone}/secret")),
            None,
            "a deleted key's secret is left"
        );
        for p in profiles.as_array().unwrap() {
            assert_ne!(
                p["access_key_id"],
                gone.as_str(),
                "a profile on a deleted key"
            );
        }
    }
}

fn ids(account: &Account) -> BTreeSet<String> {
    keystone().access_key_ids(account).into_iter().collect()
}

#[test]
fn rotate_killed_at_any_step_is_finished_or_undone_by_the_next_run() {
    for step in steps_of("rotate") {
        let (env, account) = TestEnv::with_profile();
        let old_token = env.token(&[]);
        killed_at(&env, &step, &["iam-key", "rotate", "--yes"]);
        let mut seen = ids(&account);
        no_revoked_token(&env, "dev");

        refreshed_token(&env, "dev");
        seen.extend(ids(&account));
        journal_is_empty(&env);
        iam_keys_accounted_for(&env, &account, &seen);
        let key = key_of(&env, "dev").unwrap();
        assert_eq!(
            ids(&account),
            BTreeSet::from([key.clone()]),
            "{step}: only the profile's key is left"
        );
        if key != account.key.id {
            assert!(!keystone().token_is_valid(&old_token), "{step}");
        }
        // Not stuck: the next rotation works.
        env.kcred()
            .args(["iam-key", "rotate", "--yes"])
            .assert()
            .success();
        refreshed_token(&env, "dev");
    }
}

#[test]
fn create_with_save_as_killed_at_any_step_leaves_a_working_profile_or_nothing() {
    for step in steps_of("iam-key-create") {
        let (env, account) = TestEnv::with_profile();
        killed_at(&env, &step, &["iam-key", "create", "--save-as", "pipeline"]);
        let mut seen = ids(&account);

        refreshed_token(&env, "dev");
        seen.extend(ids(&account));
        journal_is_empty(&env);
        iam_keys_accounted_for(&env, &account, &seen);
        match key_of(&env, "pipeline") {
            Some(key) => {
                assert!(ids(&account).contains(&key), "{step}");
                refreshed_token(&env, "pipeline");
            }
            None => {
                assert_eq!(
                    ids(&account),
                    BTreeSet::from([account.key.id.clone()]),
                    "{step}: the half-made key is gone"
                );
                assert_eq!(
                    env.secret_tool_lookup("profile/pipeline/access-key-secret"),
                    None,
                    "{step}: no entry for a profile that does not exist"
                );
                // Not stuck: the same command works now.
                env.kcred()
                    .args(["iam-key", "create", "--save-as", "pipeline"])
                    .assert()
                    .success();
                refreshed_token(&env, "pipeline");
            }
        }
    }
}

#[test]
fn create_killed_before_the_secret_is_stored_leaves_no_orphan() {
    let steps = steps_of("iam-key-create");
    for step in steps.iter().filter(|s| !s.ends_with("profile-saved")) {
        let (env, account) = TestEnv::with_profile();
        killed_at(&env, step, &["iam-key", "create"]);
        let mut seen = ids(&account);
        refreshed_token(&env, "dev");
        seen.extend(ids(&account));
        journal_is_empty(&env);
        iam_keys_accounted_for(&env, &account, &seen);
    }
}

#[test]
fn delete_killed_at_any_step_never_hands_out_the_deleted_keys_token() {
    for step in steps_of("iam-key-delete") {
        let (env, account) = TestEnv::with_profile();
        let created = env.json(&[
            "iam-key",
            "create",
            "--save-as",
            "pipeline",
            "--output",
            "json",
        ]);
        let id = created["id"].as_str().unwrap().to_string();
        env.token(&["--profile", "pipeline"]);
        killed_at(&env, &step, &["iam-key", "delete", &id, "--yes"]);
        let mut seen = ids(&account);
        seen.insert(id.clone());
        // Before any other run settles it: the profile of the key is never handed a dead token.
        no_revoked_token(&env, "pipeline");

        refreshed_token(&env, "dev");
        journal_is_empty(&env);
        no_revoked_token(&env, "pipeline");
        if ids(&account).contains(&id) {
            refreshed_token(&env, "pipeline");
        } else {
            assert_eq!(
                env.secret_tool_lookup("profile/pipeline/access-key-secret"),
                None,
                "{step}"
            );
            assert_eq!(env.cached_secret("profile/pipeline/token"), None);
        }
        let on_server = ids(&account);
        for gone in seen.difference(&on_server) {
            assert_eq!(
                env.secret_tool_lookup(&format!("iam-key/{gone}/secret")),
                None
            );
        }
        // Not stuck: the delete can be done (again).
        if on_server.contains(&id) {
            env.kcred()
                .args(["iam-key", "delete", &id, "--yes"])
                .assert()
                .success();
        }
        // …and the profile that used it is removable.
        env.kcred()
            .args(["profile", "remove", "pipeline", "--yes"])
            .assert()
            .success();
    }
}

/// The S3 keys on the server: each has its secret in kcred; keys that are gone have none.
fn s3_keys_accounted_for(env: &TestEnv, account: &Account, seen: &BTreeSet<String>) {
    let on_server: BTreeSet<String> = keystone()
        .s3_keys(account)
        .into_iter()
        .map(|(access, _)| access)
        .collect();
    for access in &on_server {
        assert!(
            env.secret_tool_lookup(&format!("s3-key/{access}/secret"))
                .is_some(),
            "S3 key {access} is on the server but kcred has no secret for it"
        );
    }
    for gone in seen.difference(&on_server) {
        assert_eq!(
            env.secret_tool_lookup(&format!("s3-key/{gone}/secret")),
            None
        );
        env.kcred()
            .args(["s3-key", "credential-process", gone])
            .assert()
            .failure()
            .stdout("");
    }
}

fn s3_ids(account: &Account) -> BTreeSet<String> {
    keystone()
        .s3_keys(account)
        .into_iter()
        .map(|(access, _)| access)
        .collect()
}

#[test]
fn s3_key_create_killed_at_any_step_leaves_a_usable_key_or_none() {
    for step in steps_of("s3-key-create") {
        let (env, account) = TestEnv::with_profile();
        killed_at(&env, &step, &["s3-key", "create"]);
        let mut seen = s3_ids(&account);
        refreshed_token(&env, "dev");
        seen.extend(s3_ids(&account));
        journal_is_empty(&env);
        s3_keys_accounted_for(&env, &account, &seen);
        // The profile offers exactly the keys that are there.
        if let [only] = s3_ids(&account).into_iter().collect::<Vec<_>>().as_slice() {
            let output = env
                .kcred()
                .args(["s3-key", "credential-process"])
                .output()
                .unwrap();
            assert_eq!(json_of(&output)["AccessKeyId"], only.as_str(), "{step}");
        }
        env.kcred().args(["s3-key", "create"]).assert().success();
    }
}

#[test]
fn s3_key_delete_killed_at_any_step_never_hands_out_the_deleted_key() {
    for step in steps_of("s3-key-delete") {
        let (env, account) = TestEnv::with_profile();
        let created = env.json(&["s3-key", "create", "--output", "json"]);
        let access = created["access_key"].as_str().unwrap().to_string();
        killed_at(&env, &step, &["s3-key", "delete", &access, "--yes"]);
        // Before any other run: what credential-process hands out is a key that exists.
        let output = env
            .kcred()
            .args(["s3-key", "credential-process", &access])
            .output()
            .unwrap();
        if output.status.success() {
            assert!(
                s3_ids(&account).contains(&access),
                "{step}: a deleted key handed out"
            );
        }

        refreshed_token(&env, "dev");
        journal_is_empty(&env);
        s3_keys_accounted_for(&env, &account, &BTreeSet::from([access.clone()]));
        let on_server = s3_ids(&account).contains(&access);
        let env_s3 = env.kcred().args(["env", "--s3"]).output().unwrap();
        assert_eq!(
            env_s3.status.success(),
            on_server,
            "{step}: {}",
            stderr_of(&env_s3)
        );
        if on_server {
            env.kcred()
                .args(["s3-key", "delete", &access, "--yes"])
                .assert()
                .success();
        }
    }
}

#[test]
fn two_rotations_of_one_profile_take_turns() {
    let (env, account) = TestEnv::with_profile();
    let children: Vec<_> = (0..2)
        .map(|_| {
            env.std_command()
                .args(["iam-key", "rotate", "--yes"])
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
    }
    let key = key_of(&env, "dev").unwrap();
    assert_eq!(ids(&account), BTreeSet::from([key]));
    refreshed_token(&env, "dev");
}

#[test]
fn a_key_operation_held_too_long_is_refused_naming_the_holder() {
    let (env, _account) = TestEnv::with_profile();
    let dir = env.root().join("home/.local/state/kcred/journal");
    std::fs::create_dir_all(&dir).unwrap();
    let lock = dir.join("dev.lock");
    std::fs::write(&lock, "4242").unwrap();
    let mut holder = std::process::Command::new("flock")
        .arg(&lock)
        .args(["sleep", "30"])
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let output = env
        .kcred()
        .args(["--timeout", "1", "iam-key", "rotate", "--yes"])
        .output()
        .unwrap();
    holder.kill().unwrap();
    holder.wait().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr_of(&output));
    let stderr = stderr_of(&output);
    assert!(stderr.contains("kcred (pid 4242)"), "{stderr}");
    assert!(stderr.contains("profile 'dev'"), "{stderr}");
}

#[test]
fn iam_key_list_shows_whose_secret_kcred_holds_and_how_to_free_an_orphans_slot() {
    let (env, account) = TestEnv::with_profile();
    let orphan = keystone().create_access_key(&account, "made-elsewhere");
    let output = env
        .kcred()
        .args(["iam-key", "list", "--output", "json"])
        .output()
        .unwrap();
    let list = json_of(&output);
    let find = |id: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|k| k["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(find(&account.key.id)["secret_stored"], true);
    assert_eq!(
        find(&account.key.id)["profiles"],
        serde_json::json!(["dev"])
    );
    assert_eq!(find(&orphan.id)["secret_stored"], false);
    assert_eq!(find(&orphan.id)["profiles"], serde_json::json!([]));
    assert!(
        stderr_of(&output).contains(&format!("kcred iam-key delete {} --yes", orphan.id)),
        "{}",
        stderr_of(&output)
    );
}

#[test]
fn a_create_with_a_name_already_taken_is_refused_before_anything_is_journaled() {
    // Recovery finds an interrupted create's key by its name: that name must be the new key's.
    let (env, account) = TestEnv::with_profile();
    let other = keystone().create_access_key(&account, "taken");
    env.kcred()
        .args(["iam-key", "create", "--name", "taken"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "already have an IAM access key named 'taken'",
        ));
    journal_is_empty(&env);
    assert_eq!(
        ids(&account),
        BTreeSet::from([account.key.id.clone(), other.id])
    );
}

/// GleSYS S3 keys, which have no limit and so no journal: killed at any step of `create`, the
/// new key is usable, or `s3-key list` shows it without a stored secret and `s3-key delete`
/// removes it; killed in `delete`, the key is never handed out again (kcred forgets it before
/// GleSYS deletes it), and a second `delete` finishes.
#[test]
fn glesys_s3_keys_killed_at_any_step_are_shown_and_never_handed_out_once_deleted() {
    use crate::support::fake_clouds::{FakeGlesys, GLESYS_INSTANCE};
    let accesses = |env: &TestEnv| -> Vec<serde_json::Value> {
        let list = env.json(&["s3-key", "list", "--output", "json"]);
        list.as_array().unwrap().clone()
    };
    let on_server = |fake: &FakeGlesys, access: &str| {
        fake.credentials
            .lock()
            .unwrap()
            .iter()
            .any(|c| c.access == access)
    };
    let create = ["s3-key", "create", "--instance", GLESYS_INSTANCE];
    for step in steps_of("glesys-s3-key-create") {
        let fake = FakeGlesys::start();
        let env = crate::providers::glesys_env(&fake);
        let before = accesses(&env);
        killed_at(&env, &step, &create);
        let after = accesses(&env);
        let new: Vec<_> = after.iter().filter(|key| !before.contains(key)).collect();
        assert_eq!(new.len(), 1, "{step}: {after:?}");
        let access = new[0]["access_key"].as_str().unwrap().to_string();
        let stored = step != "glesys-s3-key-create:key-created";
        assert_eq!(new[0]["secret_stored"], stored, "{step}");
        let process = env
            .kcred()
            .args(["s3-key", "credential-process", &access])
            .output()
            .unwrap();
        assert_eq!(
            process.status.success(),
            stored,
            "{step}: {}",
            stderr_of(&process)
        );
        env.delete_s3_key(&access);
        assert!(!on_server(&fake, &access), "{step}");
    }
    for step in steps_of("glesys-s3-key-delete") {
        let fake = FakeGlesys::start();
        let env = crate::providers::glesys_env(&fake);
        let created = env.json(&[&create[..], &["--output", "json"]].concat());
        let access = created["access_key"].as_str().unwrap().to_string();
        killed_at(&env, &step, &["s3-key", "delete", &access, "--yes"]);
        for args in [
            &["s3-key", "credential-process", &access][..],
            &["s3-key", "credential-process"],
            &["env", "--s3"],
        ] {
            let output = env.kcred().args(args).output().unwrap();
            assert!(
                !String::from_utf8_lossy(&output.stdout).contains(&access),
                "{step}: {args:?} handed out the key being deleted"
            );
        }
        let listed = accesses(&env);
        let left = listed
            .iter()
            .find(|key| key["access_key"] == access.as_str());
        assert_eq!(
            left.map(|key| key["secret_stored"].clone()),
            Some(false.into())
        );
        env.kcred()
            .args(["s3-key", "delete", &access, "--yes"])
            .assert()
            .success();
        assert!(!on_server(&fake, &access), "{step}");
    }
}

/// Where the journal's records are.
fn journal_dir(env: &TestEnv) -> std::path::PathBuf {
    env.root().join("home/.local/state/kcred/journal")
}

/// Puts `record` in the journal as profile `dev`'s, as kcred would write it (mode 0600).
fn plant(env: &TestEnv, record: serde_json::Value) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let dir = journal_dir(env);
    std::fs::create_dir_all(&dir).unwrap();
    for private in [dir.parent().unwrap(), &dir] {
        set_mode(private, 0o700);
    }
    let path = dir.join("dev.json");
    std::fs::write(&path, record.to_string()).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    path
}

fn set_mode(path: &std::path::Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// A record of an interrupted `iam-key create` of a key named `name`.
fn create_record(name: &str) -> serde_json::Value {
    serde_json::json!({
        "operation": "create-iam-key", "name": name, "key_id": null, "save_as": null
    })
}

#[test]
fn a_journal_record_others_could_have_written_is_refused_and_nothing_deleted() {
    let (env, account) = TestEnv::with_profile();
    let token = env.token(&[]);
    // Recovery would take the profile's own key for the half-made one and delete it.
    let record = plant(&env, create_record(&account.key.name));
    let journal = journal_dir(&env);
    for loose in [journal.parent().unwrap().to_path_buf(), journal.clone()] {
        set_mode(&loose, 0o777);
        assert_fails(
            env.kcred().args(["token", "show"]),
            1,
            &[
                &format!("error: {} can be written by other users", loose.display()),
                &format!("hint: make it private: `chmod 700 {}`", loose.display()),
            ],
        );
        set_mode(&loose, 0o700);
    }
    // A record of another user's, or one other users can write, in a private journal.
    std::os::unix::fs::chown(&record, Some(65534), None).unwrap();
    assert_fails(
        env.kcred().args(["token", "show"]),
        1,
        &[
            "belongs to another user (uid 65534)",
            "hint: if it is yours, `chown",
        ],
    );
    std::os::unix::fs::chown(&record, Some(0), None).unwrap();
    set_mode(&record, 0o666);
    assert_fails(
        env.kcred().args(["iam-key", "list"]),
        1,
        &["can be written by other users", "`chmod 600"],
    );
    // Nothing was acted on.
    assert!(record.exists());
    assert!(ids(&account).contains(&account.key.id));
    assert!(keystone().token_is_valid(&token));
    let findings = env
        .kcred()
        .args(["doctor", "--dry-run", "--output", "json"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&findings.stdout).contains("can be written by other users"),
        "{}",
        stderr_of(&findings)
    );
}

#[test]
fn recovery_never_deletes_a_key_a_profile_uses_and_says_so() {
    let (env, account) = TestEnv::with_profile();
    let token = env.token(&[]);
    let rotation = serde_json::json!({
        "operation": "rotate", "profile": "dev", "old_key_id": "gone",
        "new_name": account.key.name, "new_key_id": null
    });
    for record in [create_record(&account.key.name), rotation] {
        plant(&env, record);
        let output = env.kcred().args(["token", "show"]).output().unwrap();
        let stderr = stderr_of(&output);
        assert!(output.status.success(), "{stderr}");
        assert!(
            stderr.contains(&format!("{} ({})", account.key.id, account.key.name))
                && stderr.contains("profile(s) dev use it"),
            "{stderr}"
        );
        journal_is_empty(&env);
        assert!(ids(&account).contains(&account.key.id));
        assert!(keystone().token_is_valid(&token));
    }
}

#[test]
fn a_key_deleted_by_a_rotation_has_its_cached_tokens_dropped_first() {
    // Killed right after the old key is deleted: another profile's token from it is gone.
    let (env, account) = TestEnv::with_profile();
    env.add_profile("ci", &account);
    let ci_token = env.token(&["--profile", "ci"]);
    assert_eq!(env.cached_secret("profile/ci/token"), Some(ci_token));
    killed_at(
        &env,
        "rotate:old-key-deleted",
        &["iam-key", "rotate", "--yes"],
    );
    assert!(!ids(&account).contains(&account.key.id));
    assert_eq!(env.cached_secret("profile/ci/token"), None);

    // Recovery that deletes the old key does the same: here a profile was moved off the key
    // by an edit of config.toml, and its token from the old key is still cached.
    let (env, account) = TestEnv::with_profile();
    env.add_profile("ci", &account);
    let ci_token = env.token(&["--profile", "ci"]);
    killed_at(
        &env,
        "rotate:profile-switched",
        &["iam-key", "rotate", "--yes"],
    );
    // Read where no kcred run settles the record first.
    let record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(journal_dir(&env).join("dev.json")).unwrap())
            .unwrap();
    let new_key = record["new_key_id"].as_str().unwrap();
    let config = std::fs::read_to_string(env.config_file()).unwrap();
    let edited = config.replace(
        &format!("access_key_id = \"{}\"", account.key.id),
        &format!("access_key_id = \"{new_key}\""),
    );
    std::fs::write(env.config_file(), edited).unwrap();
    assert_eq!(
        env.cached_secret("profile/ci/token"),
        Some(ci_token.clone())
    );
    killed_at(&env, "rotate:old-key-deleted", &["iam-key", "list"]);
    assert!(!ids(&account).contains(&account.key.id));
    assert_eq!(env.cached_secret("profile/ci/token"), None);
    assert!(!keystone().token_is_valid(&ci_token));
}

#[test]
fn recovery_keeps_a_rotated_key_another_profile_still_uses() {
    let (env, account) = TestEnv::with_profile();
    env.add_profile("ci", &account);
    killed_at(
        &env,
        "rotate:profile-switched",
        &["iam-key", "rotate", "--yes"],
    );
    let stderr = succeeds(env.kcred().args(["iam-key", "list"]));
    assert!(
        stderr.contains(&format!(
            "the old key {} is kept, profile(s) ci use it",
            account.key.id
        )),
        "{stderr}"
    );
    journal_is_empty(&env);
    assert!(ids(&account).contains(&account.key.id));
    refreshed_token(&env, "ci");
    refreshed_token(&env, "dev");
}

/// Waits, at most 20 s, until `done`.
fn wait_for(what: &str, done: impl Fn() -> bool) {
    let until = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !done() {
        assert!(
            std::time::Instant::now() < until,
            "waited too long for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// Starts `kcred --timeout 5 ARGS`, waits until its `path_suffix` POST is held at the proxy,
/// and kills it there (SIGKILL): the request is in flight, its answer will never arrive. The
/// timeout gives the requests before the create time enough on a loaded machine, and the
/// create a deadline soon enough for a quick test.
fn killed_in_flight(env: &TestEnv, path_suffix: &str, args: &[&str]) {
    use std::process::Stdio;
    let mut child = env
        .std_command()
        .args(["--timeout", "5"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for("the create request at the proxy", || {
        env.proxy
            .requests_with_method("POST")
            .iter()
            .any(|r| r.path.ends_with(path_suffix))
    });
    child.kill().unwrap();
    child.wait().unwrap();
}

/// Sleeps until the deadline of the create request in `dev`'s record has passed.
fn past_the_deadline(env: &TestEnv) {
    let record: serde_json::Value =
        serde_json::from_slice(&std::fs::read(journal_dir(env).join("dev.json")).unwrap()).unwrap();
    let lands_by: jiff::Timestamp = record["sent"]["lands_by"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let left = lands_by.duration_since(jiff::Timestamp::now());
    if left.is_positive() {
        std::thread::sleep(left.unsigned_abs());
    }
    std::thread::sleep(std::time::Duration::from_millis(200));
}

#[test]
fn a_create_that_lands_after_recovery_looked_is_kept_in_the_journal_and_deleted_after_its_deadline()
{
    let (env, account) = TestEnv::with_profile();
    let gate = env.proxy.hold("POST", "/application_credentials");
    killed_in_flight(
        &env,
        "/application_credentials",
        &["iam-key", "rotate", "--yes"],
    );

    // Recovery before the request lands: no key of that name yet proves nothing.
    let stderr = succeeds(env.kcred().args(["iam-key", "list"]));
    assert!(stderr.contains("may still land until"), "{stderr}");
    assert!(journal_dir(&env).join("dev.json").exists(), "{stderr}");
    assert_eq!(ids(&account), BTreeSet::from([account.key.id.clone()]));
    // Meanwhile the profile's key operations wait for it: a new one would lose its record.
    assert_fails(
        env.kcred().args(["iam-key", "rotate", "--yes"]),
        1,
        &[
            "may still make a key on KakaoCloud until",
            "hint: try again after",
        ],
    );

    gate.release();
    wait_for("the key to land", || ids(&account).len() == 2);
    past_the_deadline(&env);
    let stderr = succeeds(env.kcred().args(["iam-key", "list"]));
    assert!(stderr.contains("the new key"), "{stderr}");
    journal_is_empty(&env);
    assert_eq!(ids(&account), BTreeSet::from([account.key.id.clone()]));
    refreshed_token(&env, "dev");
    env.kcred()
        .args(["iam-key", "rotate", "--yes"])
        .assert()
        .success();
}

#[test]
fn an_s3_key_create_that_never_lands_is_settled_once_its_deadline_passed() {
    let (env, account) = TestEnv::with_profile();
    let gate = env.proxy.hold("POST", "/credentials/OS-EC2");
    killed_in_flight(&env, "/credentials/OS-EC2", &["s3-key", "create"]);

    let stderr = succeeds(env.kcred().args(["s3-key", "list"]));
    assert!(stderr.contains("may still land until"), "{stderr}");
    assert!(journal_dir(&env).join("dev.json").exists());
    // doctor waits too: nothing for the user to do but let the deadline pass.
    let findings = env.json(&["doctor", "--output", "json"]);
    assert!(
        findings
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["check"] == "journal"
                && f["status"] == "ok"
                && f["detail"]
                    .as_str()
                    .unwrap()
                    .contains("may still land until")),
        "{findings}"
    );
    assert!(journal_dir(&env).join("dev.json").exists());

    gate.drop_request();
    past_the_deadline(&env);
    let stderr = succeeds(env.kcred().args(["s3-key", "list"]));
    assert!(stderr.contains("had not made a key"), "{stderr}");
    journal_is_empty(&env);
    assert!(s3_ids(&account).is_empty());
    env.kcred().args(["s3-key", "create"]).assert().success();
}

#[test]
fn a_create_that_timed_out_unanswered_keeps_its_record_and_its_late_key_is_deleted() {
    let (env, account) = TestEnv::with_profile();
    let gate = env.proxy.hold("POST", "/application_credentials");
    // Not killed: kcred gives up on the answer itself, and finds no key yet. (The timeout
    // leaves the list that finds out time enough on a loaded machine.)
    let stderr = crate::support::fails_with(
        env.kcred()
            .args(["--timeout", "5", "iam-key", "create", "--name", "late"]),
        5,
    );
    assert!(
        stderr.contains(
            "hint: KakaoCloud has not made the key so far, but the request may still land until"
        ),
        "{stderr}"
    );
    assert!(journal_dir(&env).join("dev.json").exists());

    gate.release();
    wait_for("the key to land", || ids(&account).len() == 2);
    past_the_deadline(&env);
    let stderr = succeeds(env.kcred().args(["iam-key", "list"]));
    assert!(
        stderr.contains("made by an interrupted `iam-key create` whose secret never reached"),
        "{stderr}"
    );
    journal_is_empty(&env);
    assert_eq!(ids(&account), BTreeSet::from([account.key.id.clone()]));
}
