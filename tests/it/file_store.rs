//! The encrypted-file store, for machines without a keyring: only when asked for.

use crate::support::{TestEnv, keystone, stderr_of};
use predicates::prelude::*;

const NO_BUS: &str = "unix:path=/nonexistent/kcred-test-bus";

fn headless(env: &mut TestEnv) {
    env.set_env("DBUS_SESSION_BUS_ADDRESS", NO_BUS);
}

#[test]
fn a_profile_in_the_encrypted_file_works_without_any_keyring() {
    let mut env = TestEnv::new();
    headless(&mut env);
    env.set_env("KCRED_FILE_PASSPHRASE", "correct horse battery");
    let account = keystone().new_account();
    env.kcred()
        .args([
            "profile",
            "add",
            "dev",
            "--store",
            "file",
            "--endpoint",
            &env.endpoint(),
        ])
        .args(["--access-key-id", &account.key.id, "--secret-stdin"])
        .write_stdin(account.key.secret.clone())
        .assert()
        .success();
    let secrets_file = env.root().join("data/kcred/secrets.enc");
    assert!(secrets_file.exists());
    crate::profile::assert_private(&secrets_file);
    let config = std::fs::read_to_string(env.config_file()).unwrap();
    assert!(config.contains("store = \"file\""), "{config}");

    env.proxy.clear();
    let token = env.token(&[]);
    assert_eq!(
        env.proxy.token_issuances(),
        0,
        "the first token was cached in the file"
    );
    assert!(keystone().token_is_valid(&token));
    let refreshed = env.token(&["--refresh"]);
    assert_eq!(env.token(&[]), refreshed);
    for needle in [&account.key.secret, &token, &refreshed] {
        assert!(env.files_containing(needle).is_empty(), "in clear on disk");
    }

    env.kcred()
        .args(["profile", "remove", "dev", "--yes"])
        .assert()
        .success();
    // The file no longer holds the profile's entries: a new profile of that name has none.
    env.kcred()
        .args([
            "profile",
            "add",
            "dev",
            "--store",
            "file",
            "--no-verify",
            "--endpoint",
            &env.endpoint(),
        ])
        .args(["--access-key-id", &account.key.id, "--secret-stdin"])
        .write_stdin("another-secret")
        .assert()
        .success();
    env.kcred().args(["token"]).assert().code(3);
}

#[test]
fn a_wrong_passphrase_is_refused_and_the_file_is_untouched() {
    let mut env = TestEnv::new();
    headless(&mut env);
    let account = keystone().new_account();
    env.kcred()
        .env("KCRED_FILE_PASSPHRASE", "right")
        .args([
            "profile",
            "add",
            "dev",
            "--store",
            "file",
            "--endpoint",
            &env.endpoint(),
        ])
        .args(["--access-key-id", &account.key.id, "--secret-stdin"])
        .write_stdin(account.key.secret.clone())
        .assert()
        .success();
    let path = env.root().join("data/kcred/secrets.enc");
    let before = std::fs::read(&path).unwrap();
    env.kcred()
        .env("KCRED_FILE_PASSPHRASE", "wrong")
        .args(["token", "--refresh"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("wrong passphrase"))
        .stderr(predicate::str::contains("right").not());
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // No passphrase and no terminal: a clear error, not a prompt nobody sees.
    env.kcred()
        .args(["token", "--refresh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("KCRED_FILE_PASSPHRASE"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn kcred_store_file_opts_in_from_the_environment() {
    let mut env = TestEnv::new();
    headless(&mut env);
    env.set_env("KCRED_STORE", "file");
    env.set_env("KCRED_FILE_PASSPHRASE", "pw");
    let account = keystone().new_account();
    env.add_profile("dev", &account);
    assert!(keystone().token_is_valid(&env.token(&[])));
    env.kcred()
        .env("KCRED_STORE", "floppy")
        .arg("token")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("KCRED_STORE"));
}

#[test]
fn a_missing_keyring_never_falls_back_to_the_file() {
    let mut env = TestEnv::new();
    headless(&mut env);
    env.set_env("KCRED_FILE_PASSPHRASE", "pw");
    let account = keystone().new_account();
    let output = env.profile_add_command("dev", &account).output().unwrap();
    assert_eq!(output.status.code(), Some(4), "{}", stderr_of(&output));
    assert!(
        stderr_of(&output).contains("KCRED_STORE=file"),
        "says how to opt in"
    );
    assert!(!env.root().join("data/kcred/secrets.enc").exists());
    assert!(!env.config_file().exists());
}

/// What the encrypted file holds for `entry`, read by kcred's own file store.
fn file_entry(env: &TestEnv, passphrase: &str, entry: kcred::secrets::SecretName) -> bool {
    use kcred::secrets::{FileStore, Passphrase, SecretStore};
    FileStore::new(
        env.root().join("data/kcred/secrets.enc"),
        Passphrase::Given(passphrase.to_string().into()),
    )
    .get(&entry)
    .unwrap()
    .is_some()
}

fn add_file_profile(env: &TestEnv, name: &str, account: &crate::support::Account) -> String {
    let output = env
        .kcred()
        .args(["profile", "add", name, "--store", "file"])
        .args(["--endpoint", &env.endpoint()])
        .args(["--access-key-id", &account.key.id, "--secret-stdin"])
        .write_stdin(account.key.secret.clone())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    stderr_of(&output)
}

/// `profile remove` of a file-store profile removes its secret and token from the file, also
/// when the current profile keeps its secret in the keyring; the file shrinks again.
#[test]
fn removing_a_file_profile_removes_its_secrets_from_the_file() {
    use kcred::secrets::SecretName;
    let mut env = TestEnv::new();
    env.set_env("KCRED_FILE_PASSPHRASE", "pw");
    let account = keystone().new_account();
    env.add_profile("main", &account);
    let said = add_file_profile(&env, "filed", &account);
    assert!(
        said.contains("its secret is in the encrypted file"),
        "{said}"
    );
    let path = env.root().join("data/kcred/secrets.enc");
    let full = std::fs::metadata(&path).unwrap().len();
    assert!(file_entry(
        &env,
        "pw",
        SecretName::ProfileSecret("filed".into())
    ));
    assert!(file_entry(
        &env,
        "pw",
        SecretName::ProfileToken("filed".into())
    ));

    let output = env
        .kcred()
        .args(["profile", "remove", "filed", "--yes"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("the encrypted file"));
    assert!(!file_entry(
        &env,
        "pw",
        SecretName::ProfileSecret("filed".into())
    ));
    assert!(!file_entry(
        &env,
        "pw",
        SecretName::ProfileToken("filed".into())
    ));
    assert!(
        std::fs::metadata(&path).unwrap().len() < full,
        "the file shrank"
    );
    // The current profile's keyring secret was not touched.
    assert!(
        env.secret_tool_lookup("profile/main/access-key-secret")
            .is_some()
    );
}

/// `profile add --force` moving a profile between stores leaves nothing in the old one.
#[test]
fn moving_a_profile_between_stores_leaves_nothing_behind() {
    use kcred::secrets::SecretName;
    let mut env = TestEnv::new();
    env.set_env("KCRED_FILE_PASSPHRASE", "pw");
    let account = keystone().new_account();
    add_file_profile(&env, "dev", &account);
    let output = env
        .kcred()
        .args([
            "profile",
            "add",
            "dev",
            "--force",
            "--endpoint",
            &env.endpoint(),
        ])
        .args(["--access-key-id", &account.key.id, "--secret-stdin"])
        .write_stdin(account.key.secret.clone())
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("its secret is in the OS keyring"));
    assert!(!file_entry(
        &env,
        "pw",
        SecretName::ProfileSecret("dev".into())
    ));
    assert!(!file_entry(
        &env,
        "pw",
        SecretName::ProfileToken("dev".into())
    ));
    assert!(
        env.secret_tool_lookup("profile/dev/access-key-secret")
            .is_some()
    );

    // And back: the keyring entries go.
    add_file_profile_forced(&env, "dev", &account);
    assert!(
        env.secret_tool_lookup("profile/dev/access-key-secret")
            .is_none()
    );
    assert!(env.secret_tool_lookup("profile/dev/token").is_none());
    assert!(file_entry(
        &env,
        "pw",
        SecretName::ProfileSecret("dev".into())
    ));
    assert!(keystone().token_is_valid(&env.token(&[])));
}

fn add_file_profile_forced(env: &TestEnv, name: &str, account: &crate::support::Account) {
    env.kcred()
        .args(["profile", "add", name, "--force", "--store", "file"])
        .args(["--endpoint", &env.endpoint()])
        .args(["--access-key-id", &account.key.id, "--secret-stdin"])
        .write_stdin(account.key.secret.clone())
        .assert()
        .success();
}
