//! The command line itself: usage errors, help, completions.

use crate::support::TestEnv;
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
    env.kcred()
        .args(["profile", "add", "x", "--access-key-name", "n"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--user-id"));
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
    env.kcred()
        .arg("token")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("kcred profile add"));
}

#[test]
fn a_broken_config_is_named_with_its_line_and_left_alone() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.config_dir()).unwrap();
    let broken = "default_profile = \"dev\"\n[profiles.dev\n";
    std::fs::write(env.config_file(), broken).unwrap();
    env.kcred()
        .args(["profile", "use", "dev"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("config.toml"))
        .stderr(predicate::str::contains("line 2"));
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
    env.kcred()
        .args(["--timeout", "0", "token"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--timeout"));
    env.kcred()
        .env("KCRED_TIMEOUT", "0")
        .arg("token")
        .assert()
        .code(2);
}
