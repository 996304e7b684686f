//! The command line itself: usage errors, help, completions.

use crate::support::{TestEnv, assert_fails};
use predicates::prelude::*;
use std::path::Path;

#[test]
fn usage_errors_exit_2() {
    let env = TestEnv::new();
    env.kcred().arg("frobnicate").assert().code(2);
    env.kcred()
        .args(["--output", "yaml", "profile", "list"])
        .assert()
        .code(2);
    assert_fails(
        env.kcred()
            .args(["profile", "add", "x", "--access-key-name", "n"]),
        2,
        &["--user-id"],
    );
}

#[test]
fn version_and_help() {
    let env = TestEnv::new();
    env.kcred()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with("kcred "));
    env.kcred()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("Exit codes"));
}

#[test]
fn no_profile_yet_says_how_to_add_one() {
    let env = TestEnv::new();
    assert_fails(env.kcred().arg("token"), 2, &["kcred profile add"]);
}

#[test]
fn a_broken_config_is_named_with_its_line_and_left_alone() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.config_dir()).unwrap();
    let broken = "default_profile = \"dev\"\n[profiles.dev\n";
    std::fs::write(env.config_file(), broken).unwrap();
    assert_fails(
        env.kcred().args(["profile", "use", "dev"]),
        2,
        &["config.toml", "line 2"],
    );
    assert_eq!(std::fs::read_to_string(env.config_file()).unwrap(), broken);
}

/// The committed completion scripts are what `kcred completions` prints. Regenerate them
/// with `scripts/gen-docs` after changing the command line.
#[test]
fn committed_completions_are_fresh() {
    let env = TestEnv::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    for (shell, file) in [
        ("bash", "kcred.bash"),
        ("zsh", "_kcred"),
        ("fish", "kcred.fish"),
        ("powershell", "_kcred.ps1"),
        ("elvish", "kcred.elv"),
    ] {
        let output = env.kcred().args(["completions", shell]).output().unwrap();
        assert!(output.status.success());
        let committed = std::fs::read(dir.join(file)).unwrap_or_default();
        assert!(
            output.stdout == committed,
            "completions/{file} is stale: run scripts/gen-docs"
        );
    }
}

#[cfg(unix)]
#[test]
fn loose_permissions_are_tightened_with_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    std::fs::create_dir_all(env.config_dir()).unwrap();
    std::fs::create_dir_all(env.cache_dir().join("tokens")).unwrap();
    std::fs::write(env.config_file(), "").unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let set =
        |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    set(&env.config_file(), 0o644);
    set(&env.config_dir(), 0o755);
    set(&env.cache_dir(), 0o775);
    env.kcred()
        .args(["profile", "list"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "config.toml was mode 644; now 600",
        ));
    assert_eq!(mode(&env.config_file()), 0o600);
    assert_eq!(mode(&env.config_dir()), 0o700);
    assert_eq!(mode(&env.cache_dir()), 0o700);
    env.kcred()
        .args(["profile", "list"])
        .assert()
        .success()
        .stderr(predicate::str::contains("warning").not());
}

#[test]
fn a_zero_timeout_is_a_usage_error() {
    let env = TestEnv::new();
    assert_fails(
        env.kcred().args(["--timeout", "0", "token"]),
        2,
        &["--timeout"],
    );
    env.kcred()
        .env("KCRED_TIMEOUT", "0")
        .arg("token")
        .assert()
        .code(2);
}

/// A regular file where the cache dir should be is left as it is (not chmod-ed) and refused
/// with a hint naming it.
#[cfg(unix)]
#[test]
fn a_file_in_place_of_the_cache_dir_is_refused_untouched() {
    use std::os::unix::fs::PermissionsExt;
    let (env, _) = TestEnv::with_profile();
    std::fs::remove_dir_all(env.cache_dir()).unwrap();
    std::fs::write(env.cache_dir(), "not a dir").unwrap();
    std::fs::set_permissions(env.cache_dir(), std::fs::Permissions::from_mode(0o644)).unwrap();
    assert_fails(
        env.kcred().arg("token"),
        1,
        &[&format!(
            "hint: {} is not a directory",
            env.cache_dir().display()
        )],
    );
    let meta = std::fs::metadata(env.cache_dir()).unwrap();
    assert!(meta.is_file());
    assert_eq!(meta.permissions().mode() & 0o777, 0o644, "not chmod-ed");
}

/// A `tokens` dir that is a symbolic link (here into a world-writable dir) is refused with
/// the fix, and nothing is written where it leads.
#[cfg(unix)]
#[test]
fn a_symlinked_tokens_dir_is_refused() {
    use crate::support::keystone;
    use std::os::unix::fs::PermissionsExt;
    let (env, _) = TestEnv::with_profile();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::set_permissions(elsewhere.path(), std::fs::Permissions::from_mode(0o1777)).unwrap();
    let tokens = env.cache_dir().join("tokens");
    std::fs::remove_dir_all(&tokens).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), &tokens).unwrap();
    assert_fails(
        env.kcred().arg("token"),
        1,
        &[
            "symbolic link",
            &format!("hint: remove the link (`rm {}`)", tokens.display()),
        ],
    );
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    // Following the hint makes kcred work again.
    std::fs::remove_file(&tokens).unwrap();
    assert!(keystone().token_is_valid(&env.token(&[])));
}

/// A cache dir kcred cannot write says so, with a hint.
#[cfg(unix)]
#[test]
fn an_unwritable_cache_dir_is_an_error_with_a_hint() {
    let (mut env, _) = TestEnv::with_profile();
    env.set_env("XDG_CACHE_HOME", "/proc/kcred-cannot-be-here");
    assert_fails(
        env.kcred().arg("token"),
        1,
        &["hint: kcred needs a directory"],
    );
}

/// Dynamic completion (`COMPLETE=SHELL`, clap_complete's protocol): the registration script
/// for each shell, and profile names from the config for `--profile` and `profile use`.
#[test]
fn profile_names_complete_dynamically_in_bash_zsh_and_fish() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.config_dir()).unwrap();
    std::fs::write(
        env.config_file(),
        "default_profile = \"dev\"\n\n[profiles.dev]\nendpoint = \"https://iam.kakaocloud.com/identity/v3\"\naccess_key_id = \"a\"\n\n[profiles.prod]\nendpoint = \"https://iam.kakaocloud.com/identity/v3\"\naccess_key_id = \"b\"\n",
    )
    .unwrap();
    let complete = |shell: &str, index: usize, words: &[&str]| {
        let output = env
            .kcred()
            .env("COMPLETE", shell)
            .env("_CLAP_COMPLETE_INDEX", index.to_string())
            .arg("--")
            .args(words)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let mut names: Vec<String> = String::from_utf8(output.stdout)
            .unwrap()
            .split(['\n', '\u{b}'])
            .map(|line| line.split('\t').next().unwrap().to_string())
            .filter(|name| !name.is_empty())
            .collect();
        names.sort();
        names
    };
    for shell in ["bash", "zsh", "fish"] {
        assert_eq!(
            complete(shell, 2, &["kcred", "--profile", ""]),
            ["dev", "prod"],
            "{shell}: kcred --profile <TAB>"
        );
        assert_eq!(
            complete(shell, 3, &["kcred", "profile", "use", "pr"]),
            ["prod"],
            "{shell}: kcred profile use pr<TAB>"
        );
        let script = env.kcred().env("COMPLETE", shell).output().unwrap();
        assert!(script.status.success());
        assert!(
            String::from_utf8_lossy(&script.stdout).contains("COMPLETE"),
            "{shell}: a registration script"
        );
    }
}
