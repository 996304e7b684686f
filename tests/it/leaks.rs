//! The whole user journey with `-v`, watched: no secret and no token may appear on stderr, in
//! any file under the test's HOME and XDG dirs, or on any process's command line.

use crate::support::{TestEnv, keystone, stderr_of};
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Collects the command line of every process it sees until stopped.
struct ArgvWatcher {
    stop: Arc<AtomicBool>,
    seen: Arc<Mutex<BTreeSet<String>>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl ArgvWatcher {
    fn start() -> ArgvWatcher {
        let stop = Arc::new(AtomicBool::new(false));
        let seen = Arc::new(Mutex::new(BTreeSet::new()));
        let (stop2, seen2) = (stop.clone(), seen.clone());
        let thread = std::thread::spawn(move || {
            while !stop2.load(Ordering::Relaxed) {
                for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
                    if let Ok(cmdline) = std::fs::read(entry.path().join("cmdline"))
                        && !cmdline.is_empty()
                    {
                        let text = String::from_utf8_lossy(&cmdline).replace('\0', " ");
                        seen2.lock().unwrap().insert(text);
                    }
                }
                std::thread::sleep(Duration::from_millis(1));
            }
        });
        ArgvWatcher {
            stop,
            seen,
            thread: Some(thread),
        }
    }

    fn finish(mut self) -> BTreeSet<String> {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.take().unwrap().join().unwrap();
        std::mem::take(&mut *self.seen.lock().unwrap())
    }
}

#[test]
fn the_whole_journey_leaks_nothing() {
    let env = TestEnv::new();
    let account = keystone().new_account();
    let watcher = ArgvWatcher::start();
    let mut stderr = String::new();
    let mut secrets = vec![account.key.secret.clone()];
    let mut run = |args: &[&str], stdin: Option<&str>| -> String {
        let mut cmd = env.kcred();
        cmd.arg("-v").args(args);
        if let Some(stdin) = stdin {
            cmd.write_stdin(stdin.to_string());
        }
        let output = cmd.output().unwrap();
        assert!(
            output.status.success(),
            "kcred {args:?}: {}",
            stderr_of(&output)
        );
        stderr.push_str(&stderr_of(&output));
        String::from_utf8(output.stdout).unwrap()
    };

    run(
        &[
            "profile",
            "add",
            "dev",
            "--endpoint",
            &env.endpoint(),
            "--access-key-id",
            &account.key.id,
            "--secret-stdin",
        ],
        Some(&account.key.secret),
    );
    secrets.push(run(&["token"], None).trim().to_string());
    secrets.push(run(&["token", "--refresh"], None).trim().to_string());
    run(&["env"], None);
    run(
        &["exec", "--", "sh", "-c", "test -n \"$KAKAOCLOUD_TOKEN\""],
        None,
    );
    run(&["s3-key", "create"], None);
    let s3: serde_json::Value =
        serde_json::from_str(&run(&["s3-key", "list", "--output", "json"], None)).unwrap();
    let access = s3[0]["access_key"].as_str().unwrap().to_string();
    secrets.push(
        env.secret_tool_lookup(&format!("s3-key/{access}/secret"))
            .unwrap(),
    );
    run(&["env", "--s3"], None);
    run(&["exec", "--s3", "--", "true"], None);
    run(&["s3-key", "credential-process"], None);
    let created: serde_json::Value = serde_json::from_str(&run(
        &[
            "iam-key",
            "create",
            "--save-as",
            "second",
            "--output",
            "json",
        ],
        None,
    ))
    .unwrap();
    let second_id = created["id"].as_str().unwrap().to_string();
    secrets.push(
        env.secret_tool_lookup(&format!("iam-key/{second_id}/secret"))
            .unwrap(),
    );
    secrets.push(
        run(&["token", "--profile", "second"], None)
            .trim()
            .to_string(),
    );
    run(&["iam-key", "list"], None);
    run(&["iam-key", "delete", &second_id, "--yes"], None);
    run(&["iam-key", "rotate", "--yes"], None);
    secrets.push(
        env.secret_tool_lookup("profile/dev/access-key-secret")
            .unwrap(),
    );
    secrets.push(run(&["token"], None).trim().to_string());
    run(&["token", "verify"], None);
    run(&["s3-key", "delete", &access, "--yes"], None);
    run(&["token", "revoke"], None);
    run(&["profile", "remove", "dev", "--yes"], None);
    run(&["profile", "remove", "second", "--yes"], None);
    let command_lines = watcher.finish();

    assert!(
        stderr.contains("POST http://"),
        "-v logged the requests: {stderr}"
    );
    for secret in &secrets {
        assert!(secret.len() > 8, "a real secret: {secret:?}");
        assert!(!stderr.contains(secret.as_str()), "a secret on stderr");
        let files = env.files_containing(secret);
        assert!(files.is_empty(), "a secret in {files:?}");
        let on_argv: Vec<_> = command_lines
            .iter()
            .filter(|c| c.contains(secret.as_str()))
            .collect();
        assert!(
            on_argv.is_empty(),
            "a secret on a command line: {on_argv:?}"
        );
    }
    assert!(
        command_lines
            .iter()
            .any(|c| c.contains("kcred") && c.contains("iam-key")),
        "the watcher saw kcred's processes"
    );
}
