//! `scripts/demo` end to end: the whole journey against its own local KakaoCloud IAM and
//! private keyring, with this build's kcred (KCRED_DEMO_BIN) and the suite's Keystone venv
//! (KCRED_DEMO_VENV), so no release build and no install run here.
//!
//! Each run gets a HOME and a TMPDIR of its own (the demo's files go under TMPDIR). Afterwards
//! both must be empty, and no process may have the TMPDIR's path in its command line or
//! environment: that is every process the demo started (the bus, the keyring daemon, Keystone
//! and its worker, kcred, curl), since each runs with its dir in one or the other.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::Duration;

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");

struct Run {
    _root: tempfile::TempDir,
    home: PathBuf,
    tmp: PathBuf,
}

impl Run {
    fn new() -> Run {
        let root = tempfile::Builder::new()
            .prefix("kcred-demo-test-")
            .tempdir()
            .unwrap();
        let home = root.path().join("home");
        let tmp = root.path().join("tmp");
        std::fs::create_dir_all(&home).unwrap();
        std::fs::create_dir_all(&tmp).unwrap();
        Run {
            home,
            tmp,
            _root: root,
        }
    }

    /// scripts/demo with ARGS, as a user at a machine with no D-Bus session and no kcred
    /// settings would run it, without stdin (as in CI).
    fn demo(&self, args: &[&str], kcred: &Path) -> Output {
        let venv = std::env::var_os("KCRED_TEST_VENV")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(MANIFEST_DIR).join("target/keystone-venv"));
        let mut cmd = assert_cmd::Command::new(Path::new(MANIFEST_DIR).join("scripts/demo"));
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", &self.home)
            .env("TMPDIR", &self.tmp)
            .env("CI", "true")
            .env("KCRED_DEMO_BIN", kcred)
            .env("KCRED_DEMO_VENV", venv)
            .args(args)
            .timeout(Duration::from_secs(600));
        cmd.output().unwrap()
    }

    /// Processes that have this run's TMPDIR in their command line or environment.
    fn processes_left(&self) -> Vec<String> {
        let needle = self.tmp.to_str().unwrap().as_bytes().to_vec();
        let mut left = Vec::new();
        for entry in std::fs::read_dir("/proc").unwrap().flatten() {
            let name = entry.file_name();
            let Some(pid) = name
                .to_str()
                .filter(|s| s.bytes().all(|b| b.is_ascii_digit()))
            else {
                continue;
            };
            for what in ["cmdline", "environ"] {
                let Ok(bytes) = std::fs::read(entry.path().join(what)) else {
                    continue;
                };
                if bytes.windows(needle.len()).any(|w| w == needle.as_slice()) {
                    let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
                    left.push(format!(
                        "{pid} ({what}): {}",
                        String::from_utf8_lossy(&cmdline).replace('\0', " ")
                    ));
                    break;
                }
            }
        }
        left
    }

    /// Asserts the demo left no process, and nothing in HOME or TMPDIR.
    fn assert_nothing_left(&self, output: &Output) {
        let left = self.processes_left();
        assert!(
            left.is_empty(),
            "processes left: {left:#?}\n{}",
            text(output)
        );
        for dir in [&self.home, &self.tmp] {
            let entries: Vec<_> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            assert!(
                entries.is_empty(),
                "{} is not empty: {entries:?}\n{}",
                dir.display(),
                text(output)
            );
        }
    }
}

fn kcred() -> PathBuf {
    assert_cmd::cargo::cargo_bin("kcred")
}

fn text(output: &Output) -> String {
    format!(
        "exit status: {:?}\n--- stdout\n{}\n--- stderr\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The three runs one after the other, in one test: each starts a Keystone of its own, and on
/// a small CI machine (two test threads) they would otherwise hold both threads at once.
#[test]
fn scripts_demo_end_to_end() {
    the_demo_runs_the_whole_journey_and_leaves_nothing_behind();
    a_failing_step_is_named_and_the_demo_still_stops_everything();
    the_demo_with_keep_leaves_a_working_session_until_stop();
}

fn the_demo_runs_the_whole_journey_and_leaves_nothing_behind() {
    let run = Run::new();
    let output = run.demo(&[], &kcred());
    assert!(output.status.success(), "{}", text(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    // One line a step, in order.
    let steps = [
        " 1. kcred profile add demo --access-key-id ",
        " 2. kcred token --refresh  → ",
        " 3. kcred token            → the same token from the cache in ",
        " 4. kcred token show ",
        " 5. kcred project list ",
        " 6. kcred iam-key create --name demo-second ",
        " 7. kcred iam-key create --name demo-third   → refused before any create request (exit 6)",
        " 8. kcred iam-key delete demo-second --yes ",
        " 9. kcred iam-key rotate --yes ",
        "10. kcred s3-key create ",
        "11. kcred s3-key list ",
        "12. kcred env ",
        "13. kcred exec -- curl ",
        "14. kcred s3-key delete, iam-key delete --force, profile remove ",
        "scripts/demo: ok: every step worked",
    ];
    let mut at = 0;
    for step in steps {
        let found = stdout[at..]
            .find(step)
            .unwrap_or_else(|| panic!("no line {step:?} (in order)\n{}", text(&output)));
        at += found + step.len();
    }
    // A keyring service of the run's own: the kernel keyring (the user's, where cached tokens
    // go) is shared with every other demo, one running at the same time or one before.
    let service = stdout
        .split("keyring service ")
        .nth(1)
        .and_then(|rest| rest.lines().next())
        .unwrap_or_default();
    assert!(
        service.starts_with("kcred-demo-") && service.len() > "kcred-demo-".len(),
        "{stdout}"
    );
    assert!(stdout.contains("issued with 1 POST /auth/tokens in "));
    assert!(stdout.contains("0 requests to the IAM"));
    assert!(stdout.contains("the IAM answered: projects [demo]"));
    // The listing that comes with the refusal, and the token never in full.
    assert!(stdout.contains("already has 2 IAM access keys"), "{stdout}");
    let tokens: Vec<&str> = stdout
        .split(|c: char| c.is_whitespace() || c == '\'')
        .filter(|word| word.starts_with("gAAAA") && word.len() > 40)
        .collect();
    assert!(tokens.is_empty(), "a token in full: {tokens:?}");
    run.assert_nothing_left(&output);
}

fn a_failing_step_is_named_and_the_demo_still_stops_everything() {
    let run = Run::new();
    // A kcred whose `token show` fails: the demo must stop at step 4 and say so.
    let wrapper_dir = tempfile::tempdir().unwrap();
    let wrapper = wrapper_dir.path().join("kcred");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\nif [ \"$1 $2\" = 'token show' ]; then echo 'error: broken on purpose' >&2; exit 1; fi\nexec '{}' \"$@\"\n",
            kcred().display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    let output = run.demo(&[], &wrapper);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("scripts/demo: FAILED at step 4 (token show): kcred exited with 1"),
        "{}",
        text(&output)
    );
    assert!(stderr.contains("error: broken on purpose"), "{stderr}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains(" 3. kcred token "), "{stdout}");
    assert!(!stdout.contains(" 4. "), "{stdout}");
    run.assert_nothing_left(&output);
}

fn the_demo_with_keep_leaves_a_working_session_until_stop() {
    let run = Run::new();
    let output = run.demo(&["--keep"], &kcred());
    assert!(output.status.success(), "{}", text(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("13. kcred exec -- curl "), "{stdout}");
    assert!(!stdout.contains("14. "), "{stdout}");
    // The lines to paste into another shell, and the command that stops it all.
    let exports: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("export "))
        .collect();
    assert_eq!(exports.len(), 2, "{stdout}");
    let stop = stdout
        .lines()
        .find(|l| l.contains("/scripts/demo --stop "))
        .unwrap_or_else(|| panic!("no --stop line\n{stdout}"));
    assert!(!run.processes_left().is_empty(), "nothing kept running");

    // Another shell, with nothing but those lines, uses the kept profile.
    let shell = std::process::Command::new("sh")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("CI", "true")
        .arg("-c")
        .arg(format!(
            "set -e\n{}\nkcred token >/dev/null\nkcred --output json token show",
            exports.join("\n")
        ))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(shell.status.success(), "{}", text(&shell));
    let shown: serde_json::Value = serde_json::from_slice(&shell.stdout).unwrap();
    assert_eq!(shown["profile"], "demo", "{shown}");
    assert_eq!(shown["project_name"], "demo", "{shown}");
    assert_eq!(shown["cached"], true, "{shown}");

    // The printed stop command stops everything and removes the dir.
    let dir = stop.trim().rsplit(' ').next().unwrap();
    assert!(dir.starts_with(run.tmp.to_str().unwrap()), "{stop}");
    let stopped = run.demo(&["--stop", dir], &kcred());
    assert!(stopped.status.success(), "{}", text(&stopped));
    run.assert_nothing_left(&stopped);
}
