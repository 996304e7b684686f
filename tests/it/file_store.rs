//! The encrypted-file store, for machines without a keyring: only when asked for.

use crate::support::{Account, TestEnv, assert_fails, fails_with, keystone, succeeds};
use predicates::prelude::*;

#[test]
fn a_profile_in_the_encrypted_file_works_without_any_keyring() {
    let mut env = TestEnv::new();
    env.without_keyring();
    env.set_env("KCRED_FILE_PASSPHRASE", "correct horse battery");
    let account = keystone().new_account();
    add_file_profile(&env, "dev", &account, &[]);
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
    env.profile_add_command("dev", &account)
        .args(["--store", "file", "--no-verify"])
        .write_stdin("another-secret")
        .assert()
        .success();
    env.kcred().args(["token"]).assert().code(3);
}

#[test]
fn a_wrong_passphrase_is_refused_and_the_file_is_untouched() {
    let mut env = TestEnv::new();
    env.without_keyring();
    let account = keystone().new_account();
    env.profile_add_command("dev", &account)
        .env("KCRED_FILE_PASSPHRASE", "right")
        .args(["--store", "file"])
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
    assert_fails(
        env.kcred().args(["token", "--refresh"]),
        2,
        &["KCRED_FILE_PASSPHRASE"],
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn kcred_store_file_opts_in_from_the_environment() {
    let mut env = TestEnv::new();
    env.without_keyring();
    env.set_env("KCRED_STORE", "file");
    env.set_env("KCRED_FILE_PASSPHRASE", "pw");
    let account = keystone().new_account();
    env.add_profile("dev", &account);
    assert!(keystone().token_is_valid(&env.token(&[])));
    assert_fails(
        env.kcred().env("KCRED_STORE", "floppy").arg("token"),
        2,
        &["KCRED_STORE"],
    );
}

#[test]
fn a_missing_keyring_never_falls_back_to_the_file() {
    let mut env = TestEnv::new();
    env.without_keyring();
    env.set_env("KCRED_FILE_PASSPHRASE", "pw");
    let account = keystone().new_account();
    let stderr = fails_with(&mut env.profile_add_command("dev", &account), 4);
    assert!(stderr.contains("KCRED_STORE=file"), "says how to opt in");
    assert!(!env.root().join("data/kcred/secrets.enc").exists());
    assert!(!env.config_file().exists());
}

/// Whether the encrypted file holds `profile`'s secret and its token, read by kcred's own
/// file store with the passphrase the tests set, "pw".
fn file_entries(env: &TestEnv, profile: &str) -> (bool, bool) {
    use kcred::secrets::{FileStore, Passphrase, SecretName, SecretStore};
    let store = FileStore::new(
        env.root().join("data/kcred/secrets.enc"),
        Passphrase::Given("pw".to_string().into()),
    );
    let holds = |entry: SecretName| store.get(&entry).unwrap().is_some();
    (
        holds(SecretName::ProfileSecret(profile.into())),
        holds(SecretName::ProfileToken(profile.into())),
    )
}

/// `kcred profile add NAME --store file` (plus `flags`); it must succeed. Returns what it
/// said.
fn add_file_profile(env: &TestEnv, name: &str, account: &Account, flags: &[&str]) -> String {
    succeeds(
        env.profile_add_command(name, account)
            .args(["--store", "file"])
            .args(flags),
    )
}

/// `profile remove` of a file-store profile removes its secret and token from the file, also
/// when the current profile keeps its secret in the keyring; the file shrinks again.
#[test]
fn removing_a_file_profile_removes_its_secrets_from_the_file() {
    let mut env = TestEnv::new();
    env.set_env("KCRED_FILE_PASSPHRASE", "pw");
    // Tokens in the file too, as on a machine without a kernel keyring.
    env.set_env("KCRED_TOKEN_CACHE", "store");
    let account = keystone().new_account();
    env.add_profile("main", &account);
    let said = add_file_profile(&env, "filed", &account, &[]);
    assert!(
        said.contains("its secret is in the encrypted file"),
        "{said}"
    );
    let path = env.root().join("data/kcred/secrets.enc");
    let full = std::fs::metadata(&path).unwrap().len();
    assert_eq!(file_entries(&env, "filed"), (true, true));

    let said = succeeds(env.kcred().args(["profile", "remove", "filed", "--yes"]));
    assert!(said.contains("the encrypted file"), "{said}");
    assert_eq!(file_entries(&env, "filed"), (false, false));
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
    let mut env = TestEnv::new();
    env.set_env("KCRED_FILE_PASSPHRASE", "pw");
    let account = keystone().new_account();
    add_file_profile(&env, "dev", &account, &[]);
    let said = succeeds(env.profile_add_command("dev", &account).arg("--force"));
    assert!(said.contains("its secret is in the OS keyring"), "{said}");
    assert_eq!(file_entries(&env, "dev"), (false, false));
    assert!(
        env.secret_tool_lookup("profile/dev/access-key-secret")
            .is_some()
    );

    // And back: the keyring entries go.
    add_file_profile(&env, "dev", &account, &["--force"]);
    assert!(
        env.secret_tool_lookup("profile/dev/access-key-secret")
            .is_none()
    );
    assert!(env.secret_tool_lookup("profile/dev/token").is_none());
    assert!(file_entries(&env, "dev").0, "the secret is in the file");
    assert!(keystone().token_is_valid(&env.token(&[])));
}

/// `profile passphrase` re-encrypts the file under a new passphrase in one step: the old one
/// no longer opens it, the new one gives the same secrets, and no secret is shown on the way.
/// A wrong current passphrase, or no new one without a terminal, changes nothing.
#[test]
fn the_passphrase_of_the_encrypted_file_can_be_changed() {
    let mut env = TestEnv::new();
    env.without_keyring();
    env.set_env("KCRED_FILE_PASSPHRASE", "old passphrase");
    let account = keystone().new_account();
    add_file_profile(&env, "dev", &account, &[]);
    let path = env.root().join("data/kcred/secrets.enc");
    let before = std::fs::read(&path).unwrap();

    let changing = || {
        let mut cmd = env.kcred();
        cmd.args(["profile", "passphrase"]);
        cmd
    };
    assert_fails(
        changing().env("KCRED_FILE_PASSPHRASE", "wrong"),
        4,
        &["wrong passphrase"],
    );
    assert_fails(&mut changing(), 2, &["--new-passphrase-stdin"]);
    assert_fails(
        changing().arg("--new-passphrase-stdin").write_stdin("\n"),
        2,
        &["the new passphrase is empty"],
    );
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing changed yet");

    let output = changing()
        .arg("--new-passphrase-stdin")
        .write_stdin("new passphrase\n")
        .output()
        .unwrap();
    let said = crate::support::stderr_of(&output);
    assert!(output.status.success(), "{said}");
    assert!(said.contains("Changed the passphrase"), "{said}");
    assert!(output.stdout.is_empty());
    assert!(!said.contains(&account.key.secret) && !said.contains("new passphrase\n"));
    crate::profile::assert_private(&path);
    assert!(env.files_containing(&account.key.secret).is_empty());

    // The secret now needs the new passphrase (--no-cache: the secret itself is read).
    assert_fails(
        env.kcred().args(["token", "--no-cache"]),
        4,
        &["wrong passphrase"],
    );
    let output = env
        .kcred()
        .env("KCRED_FILE_PASSPHRASE", "new passphrase")
        .args(["token", "--no-cache"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        crate::support::stderr_of(&output)
    );
    let token = String::from_utf8(output.stdout).unwrap();
    assert!(keystone().token_is_valid(token.trim_end()));
}

#[test]
fn changing_the_passphrase_without_a_secrets_file_says_there_is_none() {
    let mut env = TestEnv::new();
    env.set_env("KCRED_FILE_PASSPHRASE", "pw");
    assert_fails(
        env.kcred()
            .args(["profile", "passphrase", "--new-passphrase-stdin"])
            .write_stdin("new\n"),
        2,
        &["there is no encrypted secrets file"],
    );
}

/// The data dir holds the encrypted file: one other users can write (they could swap the file
/// or put theirs there) is refused with the fix, and the file is not read.
#[cfg(unix)]
#[test]
fn a_data_dir_others_can_write_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let mut env = TestEnv::new();
    env.without_keyring();
    env.set_env("KCRED_FILE_PASSPHRASE", "correct horse battery");
    let account = keystone().new_account();
    add_file_profile(&env, "dev", &account, &[]);
    let data = env.root().join("data/kcred");
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o777)).unwrap();
    assert_fails(
        env.kcred().args(["token", "--refresh"]),
        1,
        &[
            &format!("error: {} can be written by other users", data.display()),
            &format!("hint: make it private: `chmod 700 {}`", data.display()),
        ],
    );
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o700)).unwrap();
    assert!(keystone().token_is_valid(&env.token(&["--refresh"])));
}
