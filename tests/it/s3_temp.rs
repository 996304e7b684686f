//! `kcred s3-temp` and its uses, against the fake Object Storage credential exchange (which
//! checks the request as documented and the token against the real Keystone).

use crate::support::fake_object_storage::{Answer, FakeObjectStorage};
use crate::support::{TestEnv, assert_fails};

fn setup() -> (TestEnv, FakeObjectStorage) {
    let fake = FakeObjectStorage::start();
    let (env, _) = TestEnv::with_profile_added_with(&["--s3-endpoint", &fake.endpoint()]);
    (env, fake)
}

#[test]
fn s3_temp_exchanges_the_token_once_and_caches_the_credentials() {
    let (env, fake) = setup();
    let first = env.json(&["s3-temp", "--output", "json", "--show-secret"]);
    assert_eq!(first["access_key_id"], "TEMPKEY1");
    assert_eq!(first["secret_access_key"], "temp-secret-1");
    assert_eq!(first["session_token"], "session-token-1&more");
    assert!(fake.refused().is_empty(), "{:?}", fake.refused());

    let again = env.json(&["s3-temp", "--output", "json"]);
    assert_eq!(again["access_key_id"], "TEMPKEY1");
    assert!(
        again.get("secret_access_key").is_none(),
        "secrets only with --show-secret"
    );
    assert_eq!(fake.issued(), 1, "served from the cache");

    // The secret parts are in the user's kernel keyring, never in a file.
    let stored = env.keyctl_lookup("@u", "profile/dev/s3-temp").unwrap();
    assert!(stored.contains("temp-secret-1"));
    assert!(env.files_containing("temp-secret-1").is_empty());
    assert!(env.files_containing("session-token-1").is_empty());

    env.json(&[
        "s3-temp",
        "--refresh",
        "--duration",
        "900",
        "--output",
        "json",
    ]);
    assert_eq!(fake.issued(), 2);
    // A margin longer than they live: new credentials.
    env.json(&["s3-temp", "--min-ttl", "1000", "--output", "json"]);
    assert_eq!(fake.issued(), 3);
    assert!(fake.refused().is_empty(), "{:?}", fake.refused());
}

#[test]
fn env_exec_and_credential_process_offer_temporary_credentials() {
    let (env, fake) = setup();
    fake.answer_with(Answer::Namespaced);
    let vars = env.json(&["env", "--s3-temp", "--format", "json"]);
    assert_eq!(vars["AWS_ACCESS_KEY_ID"], "TEMPKEY1");
    assert_eq!(vars["AWS_SECRET_ACCESS_KEY"], "temp-secret-1");
    assert_eq!(vars["AWS_SESSION_TOKEN"], "session-token-1&more");
    assert_eq!(vars["AWS_ENDPOINT_URL_S3"], fake.endpoint());
    assert_eq!(vars["AWS_REGION"], "kr-central-2");

    assert_eq!(
        env.exec_sh(&["--s3-temp"], r#"printf %s "$AWS_SESSION_TOKEN""#),
        "session-token-1&more"
    );

    let process = env.json(&["s3-key", "credential-process", "--temp"]);
    assert_eq!(process["Version"], 1);
    assert_eq!(process["AccessKeyId"], "TEMPKEY1");
    assert_eq!(process["SessionToken"], "session-token-1&more");
    assert!(
        process["Expiration"]
            .as_str()
            .unwrap()
            .parse::<jiff::Timestamp>()
            .is_ok()
    );
    assert_eq!(fake.issued(), 1, "one exchange for all three");
    env.kcred()
        .args(["env", "--s3", "--s3-temp"])
        .assert()
        .code(2);
}

#[test]
fn a_refused_exchange_is_a_clear_error_and_nothing_is_cached() {
    let (env, fake) = setup();
    fake.answer_with(Answer::Forbidden);
    assert_fails(env.kcred().args(["s3-temp"]), 3, &["403", "not accepted"]);
    assert_eq!(env.cached_secret("profile/dev/s3-temp"), None);
    assert!(!env.cache_dir().join("s3-temp/dev.json").exists());
}

#[test]
fn a_profiles_token_goes_to_its_own_s3_endpoint_an_environment_key_to_the_environments() {
    let fake = FakeObjectStorage::start();
    let (mut env, account) = TestEnv::with_profile_added_with(&["--s3-endpoint", &fake.endpoint()]);
    let elsewhere = FakeObjectStorage::start();
    env.set_env("KAKAOCLOUD_S3_ENDPOINT", &elsewhere.endpoint());
    let vars = env.json(&["env", "--s3-temp", "--format", "json"]);
    assert_eq!(vars["AWS_ENDPOINT_URL_S3"], fake.endpoint());
    assert_eq!((fake.issued(), elsewhere.issued()), (1, 0));
    assert!(elsewhere.refused().is_empty(), "{:?}", elsewhere.refused());

    let mut from_env = TestEnv::new();
    from_env.set_key_in_environment(&account.key.id, &account.key.secret, &env.endpoint());
    from_env.set_env("KAKAOCLOUD_S3_ENDPOINT", &elsewhere.endpoint());
    let vars = from_env.json(&["env", "--s3-temp", "--format", "json"]);
    assert_eq!(vars["AWS_ENDPOINT_URL_S3"], elsewhere.endpoint());
    assert_eq!((fake.issued(), elsewhere.issued()), (1, 1));
}
