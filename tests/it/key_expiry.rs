//! IAM access keys that expire: kcred learns when, shows it, warns ahead of it (on stderr
//! at issuance, as a GitHub annotation, in `doctor`), and never trusts a token past it.

use crate::support::fake_server::{FakeServer, Reply, token_body};
use crate::support::{Account, TestEnv, keystone, stderr_of};
use jiff::{SignedDuration, Timestamp};

/// A profile `dev` whose key (made in Keystone) expires `days` from now.
fn with_key_expiring_in(days: i64) -> (TestEnv, Account, Timestamp) {
    let env = TestEnv::new();
    let account = keystone().new_account();
    let expires_at = (Timestamp::now() + SignedDuration::from_hours(days * 24))
        .round(jiff::Unit::Second)
        .unwrap();
    // Its own key goes: the project keeps a slot free for a rotation.
    keystone().delete_access_key(&account);
    let account = Account {
        key: keystone().create_expiring_access_key(
            &account,
            "short-lived",
            &expires_at.to_string(),
        ),
        ..account
    };
    let added = env.profile_add_command("dev", &account).output().unwrap();
    assert!(added.status.success(), "{}", stderr_of(&added));
    (env, account, expires_at)
}

/// `kcred doctor`'s exit code, and its findings about keys' expiry.
fn doctor_key_expiry(env: &TestEnv) -> (Option<i32>, Vec<serde_json::Value>) {
    let doctor = env
        .kcred()
        .args(["doctor", "--output", "json"])
        .output()
        .unwrap();
    let findings: serde_json::Value = serde_json::from_slice(&doctor.stdout).unwrap();
    let expiry = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check"] == "key expiry")
        .cloned()
        .collect();
    (doctor.status.code(), expiry)
}

#[test]
fn a_key_that_expires_soon_is_learnt_shown_and_warned_of_once_per_issuance() {
    let (env, account, expires_at) = with_key_expiring_in(3);
    // Learnt from the key listing when the profile was added.
    let profile = env.json(&["profile", "show", "--output", "json"]);
    assert_eq!(profile["key_expires_at"], expires_at.to_string());
    let list = env.kcred().args(["profile", "list"]).output().unwrap();
    let table = String::from_utf8_lossy(&list.stdout);
    assert!(
        table.contains("KEY EXPIRES")
            && table.contains(&expires_at.strftime("%Y-%m-%d %H:%M:%SZ").to_string()),
        "{table}"
    );
    let shown = env.json(&["token", "show", "--output", "json"]);
    assert_eq!(shown["key_expires_at"], expires_at.to_string());

    // One warning when a token is issued; none when the cached one is used.
    let issued = env.kcred().args(["token", "--refresh"]).output().unwrap();
    assert!(issued.status.success());
    let stderr = stderr_of(&issued);
    let warning = format!(
        "warning: the IAM access key {} of profile 'dev' expires at {expires_at} (in 2 days); \
         `kcred --profile dev iam-key rotate` replaces it",
        account.key.id
    );
    assert_eq!(stderr.matches("warning: ").count(), 1, "{stderr}");
    assert!(stderr.contains(&warning), "{stderr}");
    let cached = env.kcred().arg("token").output().unwrap();
    assert!(cached.status.success());
    assert_eq!(
        stderr_of(&cached),
        "",
        "a cached token is not warned of again"
    );

    // The window is a setting: a day ahead, three days out is not warned of.
    let quiet = env
        .kcred()
        .args(["token", "--refresh"])
        .env("KCRED_KEY_EXPIRY_WARNING_DAYS", "1")
        .output()
        .unwrap();
    assert!(quiet.status.success());
    assert_eq!(stderr_of(&quiet), "");
    let bad = env
        .kcred()
        .arg("token")
        .env("KCRED_KEY_EXPIRY_WARNING_DAYS", "soon")
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr_of(&bad)
            .starts_with("error: KCRED_KEY_EXPIRY_WARNING_DAYS: \"soon\" is not a number of days"),
        "{}",
        stderr_of(&bad)
    );
}

#[test]
fn github_actions_get_an_annotation_and_doctor_names_the_rotation() {
    let (env, account, expires_at) = with_key_expiring_in(5);
    let github_env = env.cache_dir().join("github_env");
    let out = env
        .kcred()
        .args(["env", "--format", "github"])
        .env("GITHUB_ENV", &github_env)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let annotation = format!(
        "::warning title=kcred::the IAM access key {} of profile 'dev' expires at {expires_at} (in 4 days)",
        account.key.id
    );
    assert!(
        stdout.lines().any(|line| line.starts_with(&annotation)),
        "{stdout}"
    );

    let (code, expiry) = doctor_key_expiry(&env);
    assert_eq!(expiry.len(), 1, "{expiry:?}");
    assert_eq!(expiry[0]["status"], "problem");
    let detail = expiry[0]["detail"].as_str().unwrap();
    assert!(
        detail.contains("`kcred --profile dev iam-key rotate` replaces it"),
        "{detail}"
    );
    assert_eq!(code, Some(1), "a key about to expire needs attention");

    // Rotated, the profile's new key has no expiry: nothing left to warn of.
    env.kcred()
        .args(["iam-key", "rotate", "--yes"])
        .assert()
        .success();
    let profile = env.json(&["profile", "show", "--output", "json"]);
    assert!(profile.get("key_expires_at").is_none(), "{profile}");
    assert_eq!(doctor_key_expiry(&env).1, Vec::<serde_json::Value>::new());
}

#[test]
fn a_token_is_never_trusted_past_its_key_and_the_token_body_teaches_the_expiry() {
    let key_expires_at = (Timestamp::now() + SignedDuration::from_hours(2))
        .round(jiff::Unit::Second)
        .unwrap();
    let mut body = token_body();
    // The token lives until 2099; its key, two hours.
    body["token"]["application_credential"]["expires_at"] =
        serde_json::Value::String(key_expires_at.to_string());
    let server = FakeServer::start();
    server
        .on(
            "POST",
            "/auth/tokens",
            Reply::json(201, body).with_header("X-Subject-Token", "gAAAAAexpiring-key-token"),
        )
        .on(
            "GET",
            "/users/u1/application_credentials",
            Reply::json(200, serde_json::json!({ "application_credentials": [] })),
        );
    let env = TestEnv::new();
    let added = env
        .kcred()
        .args(["profile", "add", "dev", "--endpoint", &server.endpoint()])
        .args(["--access-key-id", "k1", "--secret-stdin"])
        .write_stdin("fake-secret\n")
        .output()
        .unwrap();
    assert!(added.status.success(), "{}", stderr_of(&added));
    assert!(
        stderr_of(&added).contains("expires at"),
        "{}",
        stderr_of(&added)
    );
    let profile = env.json(&["profile", "show", "--output", "json"]);
    assert_eq!(profile["key_expires_at"], key_expires_at.to_string());
    let shown = env.json(&["token", "show", "--output", "json"]);
    assert_eq!(shown["expires_at"], key_expires_at.to_string(), "{shown}");
    let issued = server.count("POST", "/auth/tokens");
    env.kcred().arg("token").assert().success();
    assert_eq!(
        server.count("POST", "/auth/tokens"),
        issued,
        "cached until the key's expiry"
    );
}
