//! `kcred kms-key …` against the fake KMS (which checks each request as KakaoCloud's KMS SDK
//! defines it, and the token against the one the real Keystone issued to kcred).

use crate::support::fake_kms::{FakeKms, Shape, UNKNOWN_SUBJECT, public_key_of};
use crate::support::{TestEnv, free_port, keystone, stderr_of};
use predicates::prelude::*;
use serde_json::{Value, json};
use std::process::Output;

/// A profile whose KMS endpoint is the fake, and the token kcred will send it.
fn setup() -> (TestEnv, FakeKms, String) {
    let fake = FakeKms::start();
    let (env, _) = TestEnv::with_profile_added_with(&["--kms-endpoint", &fake.endpoint()]);
    let token = env.token(&[]);
    fake.expect_token(&token);
    (env, fake, token)
}

/// Runs kcred and checks that the token shows nowhere in what it printed.
fn run(env: &TestEnv, token: &str, args: &[&str]) -> Output {
    let output = env.kcred().args(args).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = stderr_of(&output);
    assert!(
        !stdout.contains(token) && !stderr.contains(token),
        "the token leaked from {args:?}"
    );
    output
}

fn ok(env: &TestEnv, token: &str, args: &[&str]) -> String {
    let output = run(env, token, args);
    assert!(
        output.status.success(),
        "{args:?} failed: {}",
        stderr_of(&output)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn json(env: &TestEnv, token: &str, args: &[&str]) -> Value {
    let mut args = args.to_vec();
    args.extend(["--output", "json"]);
    serde_json::from_str(&ok(env, token, &args)).unwrap()
}

fn fails(env: &TestEnv, token: &str, args: &[&str], code: i32) -> String {
    let output = run(env, token, args);
    assert_eq!(
        output.status.code(),
        Some(code),
        "{args:?}: {}",
        stderr_of(&output)
    );
    assert!(output.stdout.is_empty(), "{args:?} printed data on failure");
    stderr_of(&output)
}

/// `kms-key create --name NAME FLAGS`; it must succeed.
fn create_key(env: &TestEnv, token: &str, name: &str, flags: &[&str]) {
    ok(
        env,
        token,
        &[&["kms-key", "create", "--name", name], flags].concat(),
    );
}

/// `kms-key create` of a pending signing key, `signer`, with `algorithm` spelt as given.
fn create_signer(algorithm: &str) -> [&str; 11] {
    [
        "kms-key",
        "create",
        "--name",
        "signer",
        "--description",
        "release signatures",
        "--algorithm",
        algorithm,
        "--pre-activation",
        "--rotation-days",
        "90",
    ]
}

fn no_refusals(fake: &FakeKms) {
    assert!(fake.refused().is_empty(), "{:?}", fake.refused());
}

#[test]
fn create_list_show_rotate_versions_delete() {
    let (env, fake, token) = setup();
    let created = json(&env, &token, &["kms-key", "create", "--name", "app-data"]);
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(created["name"], "app-data");
    assert_eq!(created["type"], "SYMMETRIC");
    assert_eq!(created["usage"], "SYMMETRIC_ENCRYPT_DECRYPT");
    assert_eq!(created["algorithm"], "AES256-GCM96");
    assert_eq!(created["status"], "ACTIVE");
    assert_eq!(created["current_version"], 1);
    assert_eq!(fake.key_names(), ["app-data"]);

    let table = ok(&env, &token, &["kms-key", "list"]);
    let mut lines = table.lines();
    let header: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(
        header.join(" "),
        "NAME ID TYPE USAGE ALGORITHM STATUS ROTATION VERSION"
    );
    let row: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(
        row,
        [
            "app-data",
            &id,
            "SYMMETRIC",
            "SYMMETRIC_ENCRYPT_DECRYPT",
            "AES256-GCM96",
            "ACTIVE",
            "every",
            "365",
            "days",
            "1"
        ]
    );

    // By ID and by name alike.
    let by_id = json(&env, &token, &["kms-key", "show", &id]);
    let by_name = json(&env, &token, &["kms-key", "show", "app-data"]);
    assert_eq!(by_id, by_name);
    assert_eq!(by_id, created);
    let fields = ok(&env, &token, &["kms-key", "show", "app-data"]);
    assert!(fields.contains("every 365 days"), "{fields}");

    let rotated = json(&env, &token, &["kms-key", "rotate", "app-data"]);
    assert_eq!(rotated["key_id"], id.as_str());
    assert_eq!(rotated["key_name"], "app-data");
    assert_eq!(rotated["previous_version"], 1);
    assert_eq!(rotated["version"], 2);
    assert_eq!(rotated["status"], "ACTIVE");
    ok(&env, &token, &["kms-key", "rotate", &id]);
    assert_eq!(
        json(&env, &token, &["kms-key", "show", &id])["current_version"],
        3
    );

    let versions = json(&env, &token, &["kms-key", "versions", "app-data"]);
    let numbers: Vec<(i64, bool)> = versions
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["version"].as_i64().unwrap(),
                v["current"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(numbers, [(1, false), (2, false), (3, true)]);
    assert_eq!(versions[2]["status"], "ACTIVE");
    assert_eq!(versions[2]["algorithm"], "AES256-GCM96");
    let table = ok(&env, &token, &["kms-key", "versions", &id]);
    assert!(
        table
            .lines()
            .any(|l| l.starts_with('*') && l.contains(" 3 ")),
        "{table}"
    );

    // Its versions are live: KakaoCloud would refuse, and kcred does first.
    let err = fails(&env, &token, &["kms-key", "delete", "app-data", "--yes"], 2);
    assert!(err.contains("cannot be deleted yet"), "{err}");
    assert!(!fake.requests().iter().any(|r| r.starts_with("DELETE")));
    assert_eq!(fake.key_names(), ["app-data"]);

    // A key in pre-activation has no version: it goes at once.
    create_key(&env, &token, "unused", &["--pre-activation"]);
    env.kcred()
        .args(["kms-key", "delete", "unused", "--yes"])
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("Deleted KMS key 'unused'"));
    assert_eq!(fake.key_names(), ["app-data"]);
    no_refusals(&fake);
}

#[test]
fn list_json_shape() {
    let (env, fake, token) = setup();
    create_key(&env, &token, "app-data", &[]);
    ok(&env, &token, &create_signer("ECDSA-P256"));
    let list = json(&env, &token, &["kms-key", "list"]);
    insta::assert_json_snapshot!(list);
    no_refusals(&fake);
}

#[test]
fn create_sends_the_documented_body() {
    let (env, fake, token) = setup();
    let created = json(&env, &token, &create_signer("ecdsa-p256"));
    assert_eq!(created["status"], "PRE_ACTIVATION");
    assert_eq!(created["current_version"], Value::Null);
    assert_eq!(created["rotation_period_days"], 90);
    assert_eq!(created["type"], "ASYMMETRIC");
    assert_eq!(created["usage"], "DIGITAL_SIGNATURE");
    create_key(
        &env,
        &token,
        "tagger",
        &["--usage", "hmac", "--algorithm", "HMAC-384"],
    );
    assert_eq!(
        fake.create_bodies(),
        [
            json!({"key": {
                "name": "signer", "description": "release signatures", "type": "ASYMMETRIC",
                "purpose": "DIGITAL_SIGNATURE", "algorithm": "ECDSA-P256", "rotation_period": 90,
                "is_pending_activation": true, "is_access_control_enabled": false,
            }}),
            json!({"key": {
                "name": "tagger", "type": "SYMMETRIC", "purpose": "HMAC",
                "algorithm": "HMAC-384", "is_access_control_enabled": false,
            }}),
        ]
    );

    // What the service would refuse is refused first, without creating anything.
    let before = fake.requests().len();
    // `kms-key create --name x FLAGS`, refused as a usage error (exit 2).
    let refused = |flags: &[&str]| {
        let args = [&["kms-key", "create", "--name", "x"], flags].concat();
        fails(&env, &token, &args, 2)
    };
    let err = refused(&["--algorithm", "RSA-2048"]);
    assert!(err.contains("RSA-2048 serves more than one usage"), "{err}");
    assert!(
        err.contains("ASYMMETRIC_ENCRYPT_DECRYPT, DIGITAL_SIGNATURE"),
        "{err}"
    );
    let err = refused(&["--algorithm", "AES256-GCM96", "--usage", "HMAC"]);
    assert!(
        err.contains("hint: for HMAC KakaoCloud KMS offers: HMAC-224"),
        "{err}"
    );
    for bad in ["0", "1096", "soon"] {
        refused(&["--rotation-days", bad]);
    }
    refused(&["--algorithm", "DES"]);
    fails(&env, &token, &["kms-key", "create"], 2);
    assert!(
        fake.requests()[before..]
            .iter()
            .all(|r| r == "GET /api/v1/algorithms"),
        "{:?}",
        fake.requests()
    );

    // A name the service already has: its own refusal, exit 1.
    let err = fails(&env, &token, &["kms-key", "create", "--name", "signer"], 1);
    assert!(
        err.contains("409") && err.contains("already exists"),
        "{err}"
    );
    assert_eq!(fake.key_names(), ["signer", "tagger"]);
    no_refusals(&fake);
}

#[test]
fn public_key_prints_pem_and_nothing_else() {
    let (env, fake, token) = setup();
    create_key(
        &env,
        &token,
        "signer",
        &["--usage", "DIGITAL_SIGNATURE", "--algorithm", "RSA-2048"],
    );
    let id = fake.id_of("signer");
    let pem = ok(&env, &token, &["kms-key", "public-key", "signer"]);
    assert_eq!(pem, format!("{}\n", public_key_of(&id)));
    assert!(pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));

    let view = json(&env, &token, &["kms-key", "public-key", &id]);
    assert_eq!(
        view,
        json!({"key_id": id, "key_name": "signer", "algorithm": "RSA-2048", "public_key": pem})
    );

    create_key(&env, &token, "secret-box", &[]);
    let err = fails(&env, &token, &["kms-key", "public-key", "secret-box"], 1);
    assert!(
        err.contains("is symmetric (AES256-GCM96): only asymmetric keys have a public key"),
        "{err}"
    );
    assert!(err.contains("hint: "), "{err}");
    assert!(
        !fake
            .requests()
            .iter()
            .any(|r| r.ends_with("/public-key") && r.contains(&fake.id_of("secret-box"))),
        "kcred does not ask for what cannot exist"
    );
    no_refusals(&fake);
}

#[test]
fn delete_needs_confirmation() {
    let (env, fake, token) = setup();
    create_key(&env, &token, "precious", &["--pre-activation"]);
    let err = fails(&env, &token, &["kms-key", "delete", "precious"], 2);
    assert!(err.contains("needs confirmation"), "{err}");
    assert!(err.contains("--yes"), "{err}");
    let err = fails(
        &env,
        &token,
        &["kms-key", "delete", "precious", "--no-input"],
        2,
    );
    assert!(err.contains("needs confirmation"), "{err}");
    assert_eq!(fake.key_names(), ["precious"]);
    assert!(!fake.requests().iter().any(|r| r.starts_with("DELETE")));

    ok(&env, &token, &["kms-key", "delete", "precious", "-y"]);
    assert!(fake.key_names().is_empty());
    no_refusals(&fake);
}

#[test]
fn an_unknown_key_is_exit_1_with_a_clear_message() {
    let (env, fake, token) = setup();
    for command in ["show", "rotate", "versions", "public-key", "delete"] {
        let mut args = vec!["kms-key", command, "no-such-key"];
        if command == "delete" {
            args.push("--yes");
        }
        let err = fails(&env, &token, &args, 1);
        assert!(
            err.starts_with("error: no KMS key with the ID or name 'no-such-key'\n"),
            "{command}: {err}"
        );
        assert!(
            err.contains("hint: `kcred kms-key list`"),
            "{command}: {err}"
        );
    }
    // First by ID, then by name.
    assert!(
        fake.requests()
            .contains(&"GET /api/v1/keys/no-such-key".to_string())
    );
    assert!(
        fake.requests()
            .contains(&"GET /api/v1/keys/name/no-such-key".to_string())
    );
    // Names are path segments, encoded.
    create_key(&env, &token, "a b/c", &[]);
    assert_eq!(
        json(&env, &token, &["kms-key", "show", "a b/c"])["name"],
        "a b/c"
    );
    assert!(
        fake.requests()
            .contains(&"GET /api/v1/keys/name/a%20b%2Fc".to_string())
    );
    no_refusals(&fake);
}

#[test]
fn server_errors_and_malformed_answers_are_exit_5() {
    let (env, fake, token) = setup();
    create_key(&env, &token, "k", &[]);
    fake.answer_with(Shape::NotJson);
    let err = fails(&env, &token, &["kms-key", "list"], 5);
    assert!(err.contains("unexpected answer"), "{err}");
    fake.fail_with(500);
    for args in [
        &["kms-key", "list"][..],
        &["kms-key", "show", "k"],
        &["kms-key", "rotate", "k"],
    ] {
        let err = fails(&env, &token, args, 5);
        assert!(
            err.contains("500 Internal Server Error: the KMS service failed"),
            "{err}"
        );
        assert_eq!(err.lines().filter(|l| l.starts_with("error:")).count(), 1);
    }
}

#[test]
fn a_get_that_meets_a_5xx_is_tried_once_more_and_nothing_else_is() {
    let (env, fake, token) = setup();
    create_key(&env, &token, "k", &[]);
    fake.fail_with(503);
    let sent = |fake: &FakeKms, prefix: &str| {
        fake.requests()
            .iter()
            .filter(|r| r.starts_with(prefix))
            .count()
    };
    let before = sent(&fake, "GET /api/v1/keys");
    let err = fails(&env, &token, &["kms-key", "list"], 5);
    assert!(err.contains("(tried 2 times)"), "{err}");
    assert_eq!(sent(&fake, "GET /api/v1/keys") - before, 2);

    fake.fail_only("POST", 503);
    let before = sent(&fake, "POST /api/v1/keys");
    let err = fails(&env, &token, &["kms-key", "create", "--name", "k2"], 5);
    assert!(!err.contains("tried"), "{err}");
    assert_eq!(
        sent(&fake, "POST /api/v1/keys") - before,
        1,
        "a POST is never repeated"
    );
}

#[test]
fn the_envelope_shape_reads_the_same() {
    let (env, fake, token) = setup();
    fake.answer_with(Shape::Envelope);
    let created = json(
        &env,
        &token,
        &[
            "kms-key",
            "create",
            "--name",
            "wrapped",
            "--usage",
            "ASYMMETRIC_ENCRYPT_DECRYPT",
        ],
    );
    assert_eq!(created["algorithm"], "RSA-2048");
    let id = created["id"].as_str().unwrap().to_string();
    let list = json(&env, &token, &["kms-key", "list"]);
    assert_eq!(list, json!([created]));
    assert_eq!(json(&env, &token, &["kms-key", "show", "wrapped"]), created);
    assert_eq!(
        json(&env, &token, &["kms-key", "rotate", "wrapped"])["version"],
        2
    );
    assert_eq!(
        json(&env, &token, &["kms-key", "versions", &id])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        ok(&env, &token, &["kms-key", "public-key", "wrapped"]),
        format!("{}\n", public_key_of(&id))
    );
    let err = fails(&env, &token, &["kms-key", "show", "gone"], 1);
    assert!(
        err.contains("no KMS key with the ID or name 'gone'"),
        "{err}"
    );
    // The lifecycle calls read the envelope too.
    ok(
        &env,
        &token,
        &["kms-key", "version", "deactivate", &id, "1"],
    );
    ok(
        &env,
        &token,
        &["kms-key", "version", "deactivate", &id, "2"],
    );
    let soon = in_an_hour();
    let scheduled = json(
        &env,
        &token,
        &[
            "kms-key", "version", "destroy", &id, "1", "2", "--at", &soon, "--yes",
        ],
    );
    assert_eq!(scheduled[1]["destruction_scheduled"], true);
    let cancelled = json(
        &env,
        &token,
        &["kms-key", "version", "cancel-destroy", &id, "2"],
    );
    assert_eq!(cancelled[0]["destruction_scheduled"], false);
    ok(
        &env,
        &token,
        &[
            "kms-key", "version", "destroy", &id, "2", "--at", &soon, "--yes",
        ],
    );
    assert_eq!(
        json(
            &env,
            &token,
            &["kms-key", "set-rotation", &id, "--days", "7"]
        )["rotation_period_days"],
        7
    );
    fake.add_service_key("sm-key", "SECRETS_MANAGER");
    assert_eq!(
        json(&env, &token, &["kms-key", "service-keys"])[0]["service"],
        "SECRETS_MANAGER"
    );
    fake.advance(jiff::SignedDuration::from_hours(2));
    ok(&env, &token, &["kms-key", "delete", &id, "--yes"]);
    assert_eq!(json(&env, &token, &["kms-key", "list"]), json!([]));
    no_refusals(&fake);
}

/// A KMS whose list never ends (every page full, a total of 10^15) is not followed without
/// bound: the listing stops at kcred's item bound, or at the timeout over all its pages.
#[test]
fn a_list_that_never_ends_is_stopped_by_its_bounds() {
    let (env, fake, token) = setup();
    ok(&env, &token, &["kms-key", "create", "--name", "k1"]);
    fake.page_size(500);
    fake.endless_pages();
    let before = fake.requests().len();
    let stderr = fails(&env, &token, &["kms-key", "list"], 5);
    assert!(
        stderr.contains("the list goes past 10000 items or 32 MiB, more than a project holds"),
        "{stderr}"
    );
    let pages = fake.requests().len() - before;
    // 20 pages of 500 reach the bound; the 21st goes past it.
    assert_eq!(pages, 21, "pages followed");

    // Pages slower than the timeout allows for the whole list: stopped by time.
    fake.slow_pages(std::time::Duration::from_millis(200));
    let before = fake.requests().len();
    let output = run(&env, &token, &["--timeout", "1", "kms-key", "list"]);
    let stderr = stderr_of(&output);
    assert_eq!(output.status.code(), Some(5), "{stderr}");
    // Between pages it says so; a page whose request the deadline cuts short says that.
    assert!(
        (stderr.contains("the list was not over after")
            && stderr.contains("pages in 1 s (the timeout)"))
            || stderr.contains("no answer within 1 s"),
        "{stderr}"
    );
    let pages = fake.requests().len() - before;
    assert!(
        (2..=10).contains(&pages),
        "{pages} pages: stopped by the clock"
    );
}

#[test]
fn long_lists_are_read_page_by_page() {
    let (env, fake, token) = setup();
    fake.page_size(2);
    for n in 1..=5 {
        ok(
            &env,
            &token,
            &["kms-key", "create", "--name", &format!("k{n}")],
        );
    }
    let names: Vec<String> = json(&env, &token, &["kms-key", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["k1", "k2", "k3", "k4", "k5"]);
    let requests = fake.requests();
    assert!(requests.contains(&"GET /api/v1/keys".to_string()));
    assert!(requests.contains(&"GET /api/v1/keys?offset=2&limit=2".to_string()));
    assert!(requests.contains(&"GET /api/v1/keys?offset=4&limit=2".to_string()));

    for _ in 0..2 {
        ok(&env, &token, &["kms-key", "rotate", "k1"]);
    }
    let versions = json(&env, &token, &["kms-key", "versions", "k1"]);
    assert_eq!(versions.as_array().unwrap().len(), 3);
    no_refusals(&fake);
}

#[test]
fn a_profiles_token_goes_to_its_own_endpoint_an_environment_key_to_the_environments() {
    let fake = FakeKms::start();
    let mut env = TestEnv::new();
    let account = keystone().new_account();
    let nowhere = format!("http://127.0.0.1:{}", free_port());

    env.profile_add_command("dev", &account)
        .args(["--kms-endpoint", "http://kms.example.com"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "plain http is only allowed for loopback hosts",
        ));
    env.profile_add_command("dev", &account)
        .args(["--kms-endpoint", &format!("{nowhere}/")])
        .assert()
        .success();
    let config = std::fs::read_to_string(env.config_file()).unwrap();
    assert!(
        config.contains(&format!("kms_endpoint = \"{nowhere}\"")),
        "{config}"
    );
    let token = env.token(&[]);
    fake.expect_token(&token);

    let err = fails(&env, &token, &["kms-key", "list"], 5);
    assert!(
        err.contains(&format!("GET {nowhere}/api/v1/keys: cannot connect")),
        "{err}"
    );

    // KAKAOCLOUD_KMS_ENDPOINT pointed elsewhere does not get the profile's token.
    env.set_env("KAKAOCLOUD_KMS_ENDPOINT", &fake.endpoint());
    fails(&env, &token, &["kms-key", "list"], 5);
    assert!(fake.requests().is_empty(), "{:?}", fake.requests());
    env.kcred()
        .args(["profile", "set", "dev", "--kms-endpoint", &fake.endpoint()])
        .assert()
        .success();
    assert_eq!(json(&env, &token, &["kms-key", "list"]), json!([]));
    assert_eq!(fake.requests(), ["GET /api/v1/keys"]);

    // A key from the environment takes the KMS endpoint from the environment too.
    let other = FakeKms::start();
    let mut from_env = TestEnv::new();
    from_env.set_key_in_environment(&account.key.id, &account.key.secret, &env.endpoint());
    from_env.set_env("KAKAOCLOUD_KMS_ENDPOINT", &other.endpoint());
    from_env
        .kcred()
        .args(["kms-key", "list"])
        .assert()
        .failure();
    assert!(
        other
            .requests()
            .first()
            .is_some_and(|r| r == "GET /api/v1/keys"),
        "{:?}",
        other.requests()
    );

    let mut bad = TestEnv::new();
    bad.set_key_in_environment(&account.key.id, &account.key.secret, &env.endpoint());
    bad.set_env("KAKAOCLOUD_KMS_ENDPOINT", "ftp://127.0.0.1/");
    let err = fails(&bad, &token, &["kms-key", "list"], 2);
    assert!(err.contains("KAKAOCLOUD_KMS_ENDPOINT"), "{err}");
    no_refusals(&fake);
}

#[test]
fn a_rejected_token_is_retried_once_then_exit_3() {
    let (env, fake, token) = setup();
    fake.expect_token("a token kcred does not have");
    let err = fails(&env, &token, &["kms-key", "list"], 3);
    assert!(
        err.contains("401 Unauthorized: the token is not valid"),
        "{err}"
    );
    assert_eq!(
        fake.requests(),
        ["GET /api/v1/keys", "GET /api/v1/keys"],
        "one retry with a new token"
    );
    // The new token is cached: the next run uses it.
    let fresh = env.token(&[]);
    assert_ne!(fresh, token);
    fake.expect_token(&fresh);
    assert_eq!(json(&env, &fresh, &["kms-key", "list"]), json!([]));
    no_refusals(&fake);
}

#[test]
fn verbose_logs_requests_but_never_the_token() {
    let (env, fake, token) = setup();
    ok(
        &env,
        &token,
        &[
            "-v",
            "kms-key",
            "create",
            "--name",
            "k",
            "--algorithm",
            "ECDSA-P256",
        ],
    );
    for args in [
        &["-v", "kms-key", "list"][..],
        &["-v", "kms-key", "show", "k"],
        &["-v", "kms-key", "rotate", "k"],
        &["-v", "kms-key", "versions", "k"],
        &["-v", "kms-key", "public-key", "k"],
        &["-v", "kms-key", "set-rotation", "k", "--days", "30"],
        &["-v", "kms-key", "version", "deactivate", "k", "1"],
        &["-v", "kms-key", "version", "deactivate", "k", "2"],
        &["-v", "kms-key", "version", "destroy", "k", "1", "--yes"],
        &["-v", "kms-key", "version", "cancel-destroy", "k", "1"],
        &[
            "-v", "kms-key", "version", "destroy", "k", "1", "2", "--yes",
        ],
        &[
            "-v",
            "kms-key",
            "access-control",
            "k",
            "--enable",
            "--add",
            "u1",
        ],
        &["-v", "kms-key", "access-control", "k", "--remove", "u1"],
    ] {
        let output = run(&env, &token, args);
        assert!(output.status.success(), "{args:?}: {}", stderr_of(&output));
        let stderr = stderr_of(&output);
        assert!(
            stderr.contains(&format!("kcred: GET {}/api/v1/keys", fake.endpoint())),
            "{stderr}"
        );
    }
    let id = fake.id_of("k");
    let output = run(
        &env,
        &token,
        &["-v", "kms-key", "version", "deactivate", "k", "1"],
    );
    assert!(
        !stderr_of(&output).contains("PATCH"),
        "an already deactivated version is left alone"
    );
    let logged = stderr_of(&run(
        &env,
        &token,
        &["-v", "kms-key", "version", "cancel-destroy", &id, "2"],
    ));
    assert!(
        logged.contains(&format!(
            "kcred: PATCH {}/api/v1/keys/{id}/versions/2/cancel-schedule-destroy",
            fake.endpoint()
        )),
        "{logged}"
    );
    fake.add_service_key("sm", "SECRETS_MANAGER");
    let logged = stderr_of(&run(&env, &token, &["-v", "kms-key", "service-keys"]));
    assert!(
        logged.contains(&format!(
            "kcred: GET {}/api/v1/service-keys",
            fake.endpoint()
        )),
        "{logged}"
    );
    no_refusals(&fake);
}

/// Now plus an hour, in Korean time, as a user would write it.
fn in_an_hour() -> String {
    let at = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(1);
    (at + jiff::SignedDuration::from_hours(9))
        .strftime("%Y-%m-%dT%H:%M:%S+09:00")
        .to_string()
}

/// The same time as kcred shows it and sends it: UTC, to the second.
fn as_utc(time: &str) -> String {
    let at: jiff::Timestamp = time.parse().unwrap();
    at.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn states(versions: &Value) -> Vec<(i64, String, bool)> {
    versions
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["version"].as_i64().unwrap(),
                v["status"].as_str().unwrap().to_string(),
                v["destruction_scheduled"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn state(number: i64, status: &str, scheduled: bool) -> (i64, String, bool) {
    (number, status.to_string(), scheduled)
}

#[test]
fn the_whole_lifecycle_create_rotate_deactivate_destroy_delete() {
    let (env, fake, token) = setup();
    let created = json(&env, &token, &["kms-key", "create", "--name", "app-data"]);
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(
        json(&env, &token, &["kms-key", "rotate", "app-data"])["version"],
        2
    );

    // Active versions: the refusal says why in the guide's terms and what to run.
    let err = fails(&env, &token, &["kms-key", "delete", "app-data", "--yes"], 2);
    assert_eq!(
        err,
        format!(
            "error: KMS key 'app-data' ({id}) cannot be deleted yet: KakaoCloud deletes a key \
             only in pre-activation or when all of its versions are destroyed, and version 1 \
             is ACTIVE, version 2 is ACTIVE\n\
             hint: `kcred kms-key version deactivate {id} 1`, then \
             `kcred kms-key version deactivate {id} 2`, then \
             `kcred kms-key version destroy {id} 1 2`, then delete it once the destruction \
             time has passed: `kcred kms-key delete {id}`\n"
        )
    );

    // The rotation period, after creation.
    let changed = json(
        &env,
        &token,
        &["kms-key", "set-rotation", "app-data", "--days", "90"],
    );
    assert_eq!(changed["rotation_period_days"], 90);
    assert_eq!(
        fake.bodies_to("/rotation"),
        [json!({"key": {"rotation_period": 90}})]
    );

    // The commands the hint gave, one by one.
    let deactivated = json(
        &env,
        &token,
        &["kms-key", "version", "deactivate", &id, "1"],
    );
    assert_eq!(states(&deactivated), [state(1, "DEACTIVATED", false)]);
    ok(
        &env,
        &token,
        &["kms-key", "version", "deactivate", &id, "2"],
    );
    let shown = json(&env, &token, &["kms-key", "show", &id]);
    assert_eq!(shown["status"], "DEACTIVATED");

    let at = in_an_hour();
    let scheduled = json(
        &env,
        &token,
        &[
            "kms-key", "version", "destroy", &id, "1", "--at", &at, "--yes",
        ],
    );
    assert_eq!(states(&scheduled), [state(1, "DEACTIVATED", true)]);
    assert_eq!(scheduled[0]["destruction_at"], as_utc(&at));
    assert_eq!(
        fake.bodies_to("/versions/1/schedule-destroy"),
        [json!({"version": {"destruction_scheduled_at": as_utc(&at)}})]
    );
    let cancelled = json(
        &env,
        &token,
        &["kms-key", "version", "cancel-destroy", &id, "1"],
    );
    assert_eq!(states(&cancelled), [state(1, "DEACTIVATED", false)]);
    assert_eq!(cancelled[0]["destruction_at"], Value::Null);

    // Both at once: the bulk form.
    let output = run(
        &env,
        &token,
        &[
            "kms-key", "version", "destroy", &id, "1", "2", "--at", &at, "--yes",
        ],
    );
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(
        stderr_of(&output).contains(&format!(
            "Scheduled versions 1, 2 of KMS key 'app-data' ({id}) for destruction at {}",
            as_utc(&at)
        )),
        "{}",
        stderr_of(&output)
    );
    assert_eq!(
        fake.bodies_to(&format!("/keys/{id}/versions/schedule-destroy")),
        [json!({"versions": {"versions": [1, 2], "destruction_scheduled_at": as_utc(&at)}})]
    );
    let table = ok(&env, &token, &["kms-key", "versions", &id]);
    assert!(
        table.contains(&format!("{} (scheduled)", as_utc(&at))),
        "{table}"
    );

    // Scheduled is not destroyed yet: the refusal names the time to wait for.
    let err = fails(&env, &token, &["kms-key", "delete", &id, "--yes"], 2);
    assert!(
        err.contains(&format!(
            "hint: delete it after {}, when the last version is destroyed",
            as_utc(&at)
        )),
        "{err}"
    );

    // The time passes: destroyed, and the key deactivated with no default version.
    fake.advance(jiff::SignedDuration::from_hours(2));
    let versions = json(&env, &token, &["kms-key", "versions", &id]);
    assert_eq!(
        states(&versions),
        [state(1, "DESTROYED", false), state(2, "DESTROYED", false)]
    );
    let shown = json(&env, &token, &["kms-key", "show", &id]);
    assert_eq!(
        (&shown["status"], &shown["current_version"]),
        (&json!("DEACTIVATED"), &Value::Null)
    );
    ok(&env, &token, &["kms-key", "delete", &id, "--yes"]);
    assert!(fake.key_names().is_empty());
    no_refusals(&fake);
}

#[test]
fn version_commands_refuse_what_the_states_do_not_allow() {
    let (env, fake, token) = setup();
    create_key(&env, &token, "k", &[]);
    let id = fake.id_of("k");
    let patches = |fake: &FakeKms| {
        fake.requests()
            .iter()
            .filter(|r| r.starts_with("PATCH"))
            .count()
    };

    // An unknown version: exit 1, like an unknown key.
    for args in [
        &["kms-key", "version", "deactivate", "k", "9"][..],
        &["kms-key", "version", "destroy", "k", "1", "9", "--yes"],
        &["kms-key", "version", "cancel-destroy", "k", "9"],
    ] {
        let err = fails(&env, &token, args, 1);
        assert!(
            err.starts_with(&format!("error: KMS key 'k' ({id}) has no version 9\n")),
            "{err}"
        );
        assert!(
            err.contains(&format!("hint: `kcred kms-key versions {id}`")),
            "{err}"
        );
    }

    // An active version cannot be scheduled for destruction.
    let err = fails(
        &env,
        &token,
        &["kms-key", "version", "destroy", "k", "1", "--yes"],
        2,
    );
    assert_eq!(
        err,
        format!(
            "error: version 1 of KMS key 'k' ({id}) is ACTIVE: only a deactivated version can \
             be scheduled for destruction\n\
             hint: deactivate it first: `kcred kms-key version deactivate {id} 1`\n"
        )
    );
    let err = fails(
        &env,
        &token,
        &["kms-key", "version", "cancel-destroy", "k", "1"],
        2,
    );
    assert!(err.contains("has no destruction scheduled"), "{err}");
    assert_eq!(patches(&fake), 0);

    // A time in the past, or not a time: refused before anything is asked.
    ok(
        &env,
        &token,
        &["kms-key", "version", "deactivate", "k", "1"],
    );
    let before = fake.requests().len();
    let err = fails(
        &env,
        &token,
        &[
            "kms-key",
            "version",
            "destroy",
            "k",
            "1",
            "--at",
            "2020-01-01T09:00:00+09:00",
            "--yes",
        ],
        2,
    );
    assert!(
        err.starts_with("error: --at 2020-01-01T00:00:00Z is in the past: it is "),
        "{err}"
    );
    assert!(err.contains("hint: "), "{err}");
    let err = fails(
        &env,
        &token,
        &[
            "kms-key",
            "version",
            "destroy",
            "k",
            "1",
            "--at",
            "next week",
            "--yes",
        ],
        2,
    );
    assert!(err.contains("is not an RFC 3339 time"), "{err}");
    assert!(err.contains("hint: give a time with its offset"), "{err}");
    fails(
        &env,
        &token,
        &["kms-key", "version", "deactivate", "k", "one"],
        2,
    );
    assert_eq!(fake.requests().len(), before);

    // Destruction asks first; scripts say --yes.
    for extra in [&[][..], &["--no-input"]] {
        let args = [&["kms-key", "version", "destroy", "k", "1"][..], extra].concat();
        let err = fails(&env, &token, &args, 2);
        assert!(err.contains("needs confirmation"), "{err}");
        assert!(err.contains("hint: pass --yes"), "{err}");
    }
    assert_eq!(patches(&fake), 1, "only the deactivation was sent");

    // Without --at: a week from now, in UTC.
    let scheduled = json(
        &env,
        &token,
        &["kms-key", "version", "destroy", "k", "1", "--yes"],
    );
    let at: jiff::Timestamp = scheduled[0]["destruction_at"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let week = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(7 * 24);
    assert!(
        (week - at).abs() < jiff::SignedDuration::from_mins(5),
        "{at}"
    );

    // Once destroyed, nothing more can be done with it.
    fake.advance(jiff::SignedDuration::from_hours(8 * 24));
    for args in [
        &["kms-key", "version", "deactivate", "k", "1"][..],
        &["kms-key", "version", "destroy", "k", "1", "--yes"],
        &["kms-key", "version", "cancel-destroy", "k", "1"],
    ] {
        let err = fails(&env, &token, args, 2);
        assert!(err.contains("destroyed"), "{err}");
    }

    // The server's own refusal: its message, exit 1.
    ok(&env, &token, &["kms-key", "rotate", "k"]);
    fake.fail_only("PATCH", 409);
    let err = fails(
        &env,
        &token,
        &["kms-key", "version", "deactivate", "k", "2"],
        1,
    );
    assert!(
        err.contains("409 Conflict: the KMS service failed"),
        "{err}"
    );
    no_refusals(&fake);
}

#[test]
fn set_rotation_checks_the_days_before_asking() {
    let (env, fake, token) = setup();
    create_key(&env, &token, "k", &[]);
    let before = fake.requests().len();
    for bad in ["0", "1096", "-1", "daily"] {
        let err = fails(
            &env,
            &token,
            &["kms-key", "set-rotation", "k", "--days", bad],
            2,
        );
        assert!(err.contains("hint: "), "{err}");
    }
    fails(&env, &token, &["kms-key", "set-rotation", "k"], 2);
    assert_eq!(fake.requests().len(), before);
    for days in ["1", "1095"] {
        ok(
            &env,
            &token,
            &["kms-key", "set-rotation", "k", "--days", days],
        );
    }
    let fields = ok(&env, &token, &["kms-key", "show", "k"]);
    assert!(fields.contains("every 1095 days"), "{fields}");
    let err = fails(
        &env,
        &token,
        &["kms-key", "set-rotation", "gone", "--days", "9"],
        1,
    );
    assert!(
        err.contains("no KMS key with the ID or name 'gone'"),
        "{err}"
    );
    no_refusals(&fake);
}

#[test]
fn service_keys_are_listed_page_by_page() {
    let (env, fake, token) = setup();
    fake.page_size(2);
    assert_eq!(json(&env, &token, &["kms-key", "service-keys"]), json!([]));
    for (name, service) in [
        ("sm-1", "SECRETS_MANAGER"),
        ("sm-2", "SECRETS_MANAGER"),
        ("bs-1", "BLOCK_STORAGE"),
    ] {
        fake.add_service_key(name, service);
    }
    let table = ok(&env, &token, &["kms-key", "service-keys"]);
    let mut lines = table.lines();
    assert_eq!(
        lines
            .next()
            .unwrap()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        "NAME SERVICE STATUS VERSION ROTATION LAST ROTATION NEXT ROTATION"
    );
    assert_eq!(
        lines.next().unwrap().split_whitespace().collect::<Vec<_>>(),
        [
            "sm-1",
            "SECRETS_MANAGER",
            "ACTIVE",
            "2",
            "every",
            "365",
            "days",
            "2026-01-05T00:00:00Z",
            "2027-01-05T00:00:00Z"
        ]
    );
    assert_eq!(table.lines().count(), 4, "{table}");
    let list = json(&env, &token, &["kms-key", "service-keys"]);
    assert_eq!(
        list[2],
        json!({"name": "bs-1", "service": "BLOCK_STORAGE", "status": "ACTIVE",
               "current_version": 2, "rotation_period_days": 365,
               "last_rotation_at": "2026-01-05T00:00:00Z",
               "next_rotation_at": "2027-01-05T00:00:00Z",
               "created_at": "2025-01-05T00:00:00Z"})
    );
    assert!(
        fake.requests()
            .contains(&"GET /api/v1/service-keys?offset=2&limit=2".to_string())
    );

    // What the server names cannot reach the terminal as an escape sequence.
    fake.add_service_key("evil\u{1b}]0;owned\u{7}", "SECRETS_MANAGER");
    let table = ok(&env, &token, &["kms-key", "service-keys"]);
    assert!(
        !table.contains('\u{1b}') && !table.contains('\u{7}'),
        "{table:?}"
    );
    assert!(table.contains(r"evil\x1b]0;owned\x07"), "{table}");
    assert_eq!(
        json(&env, &token, &["kms-key", "service-keys"])[3]["name"],
        "evil\u{1b}]0;owned\u{7}"
    );

    // A GET that meets a 5xx is tried once more, as every GET is.
    fake.fail_with(503);
    let err = fails(&env, &token, &["kms-key", "service-keys"], 5);
    assert!(err.contains("(tried 2 times)"), "{err}");
    no_refusals(&fake);
}

#[test]
fn access_control_at_creation_and_after() {
    let (env, fake, token) = setup();
    let created = json(
        &env,
        &token,
        &[
            "kms-key",
            "create",
            "--name",
            "guarded",
            "--access-control",
            "--target",
            "u1",
            "--target",
            "u2",
        ],
    );
    assert_eq!(created["access_control_enabled"], true);
    assert_eq!(
        fake.create_bodies()[0]["key"],
        json!({"name": "guarded", "type": "SYMMETRIC", "purpose": "SYMMETRIC_ENCRYPT_DECRYPT",
               "algorithm": "AES256-GCM96", "is_access_control_enabled": true,
               "access_target_ids": ["u1", "u2"]})
    );
    let id = fake.id_of("guarded");
    let shown = json(&env, &token, &["kms-key", "access-control", "guarded"]);
    assert_eq!(shown["key_id"], id.as_str());
    assert_eq!(shown["enabled"], true);
    let ids = |view: &Value| -> Vec<String> {
        view["targets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&shown), ["u1", "u2"]);
    let table = ok(&env, &token, &["kms-key", "access-control", "guarded"]);
    assert!(
        table.contains("only the subjects below may use the key"),
        "{table}"
    );
    assert!(table.lines().any(|l| l.starts_with("u2 ")), "{table}");

    let changed = json(
        &env,
        &token,
        &[
            "kms-key",
            "access-control",
            &id,
            "--add",
            "u3",
            "--remove",
            "u1",
        ],
    );
    assert_eq!(ids(&changed), ["u2", "u3"]);
    assert_eq!(
        fake.bodies_to("/access-control/targets"),
        [json!({"targets": {"ids": ["u3"]}})]
    );
    assert_eq!(
        fake.bodies_to("/access-control/targets/deletions"),
        [json!({"targets": {"ids": ["u1"]}})]
    );
    let off = json(
        &env,
        &token,
        &["kms-key", "access-control", &id, "--disable"],
    );
    assert_eq!(off["enabled"], false);
    assert!(!fake.targets_of("guarded").0);
    assert_eq!(
        fake.bodies_to("/access-control"),
        [json!({"access_control": {"is_enabled": false}})]
    );
    ok(
        &env,
        &token,
        &["kms-key", "access-control", &id, "--enable"],
    );
    assert_eq!(
        fake.targets_of("guarded"),
        (true, vec!["u2".into(), "u3".into()])
    );

    // A subject the service does not take: its words, exit 1.
    let err = fails(
        &env,
        &token,
        &[
            "kms-key",
            "access-control",
            &id,
            "--add",
            UNKNOWN_SUBJECT,
            "u4",
        ],
        1,
    );
    assert!(
        err.contains(&format!(
            "{UNKNOWN_SUBJECT}: no such IAM subject (TargetNotFound)"
        )),
        "{err}"
    );
    assert!(
        err.contains("hint: adding a subject needs an IAM service role"),
        "{err}"
    );
    assert_eq!(fake.targets_of("guarded").1, ["u2", "u3", "u4"]);

    // Refused before asking.
    let before = fake.requests().len();
    for args in [
        &["kms-key", "create", "--name", "x", "--target", "u1"][..],
        &["kms-key", "access-control", &id, "--enable", "--disable"],
        &[
            "kms-key",
            "access-control",
            &id,
            "--add",
            "u1",
            "--remove",
            "u1",
        ],
        &["kms-key", "access-control", &id, "--add", " "],
    ] {
        fails(&env, &token, args, 2);
    }
    assert_eq!(fake.requests().len(), before);
    no_refusals(&fake);
}

#[test]
fn a_lifecycle_call_that_meets_a_5xx_is_not_repeated() {
    let (env, fake, token) = setup();
    create_key(&env, &token, "k", &[]);
    fake.fail_only("PATCH", 503);
    let err = fails(
        &env,
        &token,
        &["kms-key", "version", "deactivate", "k", "1"],
        5,
    );
    assert!(err.contains("503"), "{err}");
    assert!(!err.contains("tried"), "{err}");
    let patches = fake
        .requests()
        .iter()
        .filter(|r| r.starts_with("PATCH"))
        .count();
    assert_eq!(patches, 1, "a PATCH is never repeated");
}

#[test]
fn a_token_revoked_in_keystone_is_refused() {
    let (env, fake, token) = setup();
    create_key(&env, &token, "k", &[]);
    keystone().revoke(&token);
    let err = fails(
        &env,
        &token,
        &["kms-key", "version", "deactivate", "k", "1"],
        3,
    );
    assert!(err.contains("401 Unauthorized"), "{err}");
    assert!(!fake.requests().iter().any(|r| r.starts_with("PATCH")));
    assert_eq!(fake.versions_state("k"), ["ACTIVE"]);
}

/// Every field the new commands print in JSON is in the reference's row for them.
#[test]
fn the_reference_lists_the_json_fields_of_the_lifecycle_commands() {
    let (env, fake, token) = setup();
    create_key(&env, &token, "k", &["--access-control", "--target", "u1"]);
    fake.add_service_key("sm", "SECRETS_MANAGER");
    let row = crate::docs::json_fields_row;
    let fields_of = |value: &Value| -> Vec<String> {
        let object = match value.as_array() {
            Some(items) => items[0].clone(),
            None => value.clone(),
        };
        let mut fields: Vec<String> = object.as_object().unwrap().keys().cloned().collect();
        if let Some(targets) = object.get("targets").and_then(Value::as_array) {
            fields.extend(targets[0].as_object().unwrap().keys().cloned());
        }
        fields
    };
    for (command, args) in [
        ("kms-key versions", &["kms-key", "versions", "k"][..]),
        (
            "kms-key versions",
            &["kms-key", "version", "deactivate", "k", "1"],
        ),
        (
            "kms-key list",
            &["kms-key", "set-rotation", "k", "--days", "9"],
        ),
        (
            "kms-key access-control",
            &["kms-key", "access-control", "k"],
        ),
        ("kms-key service-keys", &["kms-key", "service-keys"]),
    ] {
        let row = row(command);
        for field in fields_of(&json(&env, &token, args)) {
            assert!(
                row.contains(&format!("`{field}`")),
                "`kcred {}` prints {field}; the reference's row does not list it: {row}",
                args.join(" ")
            );
        }
    }
    no_refusals(&fake);
}
