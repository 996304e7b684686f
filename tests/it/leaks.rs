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

/// A kcred that crashes while it holds a secret (here: sending it to a server that never
/// answers) dumps no core, even where the user's own limit allows core files.
#[cfg(target_os = "linux")]
#[test]
fn a_crash_while_a_secret_is_held_dumps_no_core() {
    use crate::support::fake_server::{FakeServer, Reply};

    let server = FakeServer::start();
    server.on("POST", "/auth/tokens", Reply::Hold);
    let mut env = TestEnv::new();
    env.set_key_in_environment("k1", "s3cret-of-the-crash", &server.endpoint());
    // The kernel writes a `core` file (if its pattern says so) in the crashing process's dir.
    let cwd = tempfile::tempdir().unwrap();
    let mut command = env.std_command();
    command
        .args(["token", "--no-cache"])
        .current_dir(cwd.path())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    crate::support::cores::allow_core_files(&mut command);
    let kcred = command.spawn().unwrap();
    let started = std::time::Instant::now();
    while server.count("POST", "/auth/tokens") == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "kcred sent nothing"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    crate::support::cores::abort_and_find_no_core(kcred, cwd.path(), &[]);
}

/// The command `kcred exec` becomes gets the core-size limit kcred was started with: kcred's
/// own limit of 0 is for kcred alone.
#[cfg(target_os = "linux")]
#[test]
fn exec_gives_the_command_back_its_core_limit() {
    use std::os::unix::process::CommandExt;

    let (env, _) = TestEnv::with_profile();
    let mut command = env.std_command();
    command.args(["exec", "--", "cat", "/proc/self/limits"]);
    // SAFETY: only setrlimit, async-signal-safe, between fork and exec.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 4096 * 1024,
                rlim_max: libc::RLIM_INFINITY,
            };
            libc::setrlimit(libc::RLIMIT_CORE, &limit);
            Ok(())
        });
    }
    let output = command.output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let limits = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        crate::support::cores::soft_core_limit(&limits),
        "4194304",
        "{limits}"
    );
}

/// The body of the token request (the secret, in JSON) is gone from kcred's memory once the
/// token is issued: a later request finds no copy of it. Read as another process would, from
/// `/proc/PID/mem`; where that is refused (kcred is not dumpable), nothing can be read at all.
#[cfg(target_os = "linux")]
#[test]
fn the_token_request_body_is_wiped_before_the_next_request() {
    use crate::support::fake_server::{FakeServer, Reply};

    let secret = "s3cret-wiped-from-memory";
    let server = FakeServer::start();
    server.on("POST", "/auth/tokens", Reply::token("tok-1"));
    server.on("GET", "/users/u1/projects", Reply::Hold);
    let mut env = TestEnv::new();
    env.set_key_in_environment("k1", secret, &server.endpoint());
    let mut kcred = env
        .std_command()
        .args(["project", "list", "--timeout", "30"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while server.count("GET", "/users/u1/projects") == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{:?}",
            server.summary()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let body = format!(r#""id":"k1","secret":"{secret}""#);
    let found = process_memory_contains(kcred.id(), body.as_bytes());
    kcred.kill().unwrap();
    kcred.wait().unwrap();
    assert_ne!(
        found,
        Some(true),
        "the token request's body is still in memory"
    );
}

/// Whether the writable memory of process `pid` holds `needle`; `None` when it cannot be read.
#[cfg(target_os = "linux")]
fn process_memory_contains(pid: u32, needle: &[u8]) -> Option<bool> {
    use std::io::{Read, Seek, SeekFrom};
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).ok()?;
    let mut mem = std::fs::File::open(format!("/proc/{pid}/mem")).ok()?;
    let mut readable = false;
    for line in maps.lines() {
        let mut fields = line.split_whitespace();
        let (Some(range), Some(perms)) = (fields.next(), fields.next()) else {
            continue;
        };
        if !perms.starts_with("rw") {
            continue;
        }
        let (start, end) = range.split_once('-').unwrap();
        let start = u64::from_str_radix(start, 16).unwrap();
        let end = u64::from_str_radix(end, 16).unwrap();
        let mut region = vec![0; (end - start) as usize];
        if mem.seek(SeekFrom::Start(start)).is_err() || mem.read_exact(&mut region).is_err() {
            continue;
        }
        readable = true;
        if region.windows(needle.len()).any(|window| window == needle) {
            return Some(true);
        }
    }
    readable.then_some(false)
}
