//! The one test context: every test gets its own HOME and XDG dirs, its own keyring
//! service name, its own counting proxy in front of the binary's real Keystone, and runs
//! kcred as a user would, as a separate process.

#[cfg(target_os = "linux")]
pub mod cores;
pub mod echo_server;
pub mod fake_clouds;
pub mod fake_kms;
pub mod fake_object_storage;
pub mod fake_server;
mod http_server;
mod keystone;
pub mod openbao;
mod proxy;
pub mod registry;
pub mod snapshot;
#[cfg(unix)]
pub mod terminal;
pub mod test_ca;

pub use keystone::{Account, free_port, keystone, unique, venv_bin};
pub use proxy::CountingProxy;

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A D-Bus address where nothing listens: a machine without any keyring.
pub const NO_BUS: &str = "unix:path=/nonexistent/kcred-test-bus";

pub struct TestEnv {
    dir: tempfile::TempDir,
    pub keyring_service: String,
    pub proxy: CountingProxy,
    extra_env: Vec<(String, String)>,
}

impl TestEnv {
    pub fn new() -> TestEnv {
        let dir = tempfile::Builder::new()
            .prefix("kcred-test-")
            .tempdir()
            .unwrap();
        for sub in ["home", "config", "cache", "data"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        TestEnv {
            dir,
            keyring_service: unique("kcred-test"),
            proxy: CountingProxy::start(|| keystone().port),
            extra_env: Vec::new(),
        }
    }

    /// A new env with one profile, `dev`, for a new account's IAM access key (method 1).
    pub fn with_profile() -> (TestEnv, Account) {
        TestEnv::with_profile_added_with(&[])
    }

    /// [`TestEnv::with_profile`] with no token cached and no request counted yet: the next
    /// `kcred token` issues one.
    pub fn with_profile_and_empty_cache() -> (TestEnv, Account) {
        let (env, account) = TestEnv::with_profile();
        env.forget_cached_token();
        env.proxy.clear();
        (env, account)
    }

    /// [`TestEnv::with_profile`], `profile add` given `flags` as well (an S3 or KMS endpoint).
    pub fn with_profile_added_with(flags: &[&str]) -> (TestEnv, Account) {
        let env = TestEnv::new();
        let account = keystone().new_account();
        env.profile_add_command("dev", &account)
            .args(flags)
            .assert()
            .success();
        (env, account)
    }

    /// The identity endpoint kcred is pointed at: the counting proxy.
    pub fn endpoint(&self) -> String {
        self.proxy.endpoint()
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn config_dir(&self) -> PathBuf {
        self.root().join("config/kcred")
    }

    pub fn cache_dir(&self) -> PathBuf {
        self.root().join("cache/kcred")
    }

    pub fn config_file(&self) -> PathBuf {
        self.config_dir().join("config.toml")
    }

    /// Sets a variable for every later kcred run of this env.
    pub fn set_env(&mut self, name: &str, value: &str) {
        self.extra_env.push((name.to_string(), value.to_string()));
    }

    /// Every later kcred run of this env finds no keyring at all.
    pub fn without_keyring(&mut self) {
        self.set_env("DBUS_SESSION_BUS_ADDRESS", NO_BUS);
    }

    /// Every later kcred run of this env takes its access key from the environment
    /// (`KAKAOCLOUD_ACCESS_KEY_ID` and `_SECRET`), and `endpoint` as the identity endpoint.
    pub fn set_key_in_environment(&mut self, id: &str, secret: &str, endpoint: &str) {
        self.set_env("KAKAOCLOUD_ACCESS_KEY_ID", id);
        self.set_env("KAKAOCLOUD_ACCESS_KEY_SECRET", secret);
        self.set_env("KAKAOCLOUD_IAM_ENDPOINT", endpoint);
    }

    /// kcred with a clean environment: only PATH, the D-Bus session (the real keyring), and
    /// this test's own dirs. No stdin, so kcred never prompts.
    pub fn kcred(&self) -> Command {
        let mut cmd = Command::from_std(self.std_command());
        cmd.timeout(Duration::from_secs(60));
        cmd
    }

    /// The same as [`TestEnv::kcred`], as a plain `std::process::Command` for tests that
    /// start processes side by side or wire their pipes by hand.
    pub fn std_command(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("kcred"));
        cmd.env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("HOME", self.root().join("home"))
            .env("XDG_CONFIG_HOME", self.root().join("config"))
            .env("XDG_CACHE_HOME", self.root().join("cache"))
            .env("XDG_DATA_HOME", self.root().join("data"))
            .env("KCRED_KEYRING_SERVICE", &self.keyring_service);
        if let Ok(bus) = std::env::var("DBUS_SESSION_BUS_ADDRESS") {
            cmd.env("DBUS_SESSION_BUS_ADDRESS", bus);
        }
        for (name, value) in &self.extra_env {
            cmd.env(name, value);
        }
        cmd
    }

    /// `kcred profile add NAME --access-key-id ID --secret-stdin` through the proxy, the
    /// account's secret on stdin: more arguments and the assertion are the caller's.
    pub fn profile_add_command(&self, name: &str, account: &Account) -> Command {
        let mut cmd = self.kcred();
        cmd.args(["profile", "add", name, "--endpoint", &self.endpoint()])
            .args(["--access-key-id", &account.key.id, "--secret-stdin"])
            .write_stdin(format!("{}\n", account.key.secret));
        cmd
    }

    /// `kcred profile add NAME --access-key-id ID --secret-stdin` through the proxy; it must
    /// succeed.
    pub fn add_profile(&self, name: &str, account: &Account) {
        self.profile_add_command(name, account).assert().success();
    }

    /// `kcred profile add NAME --no-verify …`: saved without a request; it must succeed.
    pub fn add_profile_unverified(&self, name: &str, account: &Account) {
        self.profile_add_command(name, account)
            .arg("--no-verify")
            .assert()
            .success();
    }

    /// `kcred profile add NAME --access-key-name KEY --user-id USER --secret-stdin` (method 2)
    /// through the proxy.
    pub fn add_profile_by_name(&self, name: &str, account: &Account) {
        self.kcred()
            .args(["profile", "add", name, "--endpoint", &self.endpoint()])
            .args(["--access-key-name", &account.key.name])
            .args(["--user-id", &account.user_id, "--secret-stdin"])
            .write_stdin(format!("{}\n", account.key.secret))
            .assert()
            .success();
    }

    /// A new env with one profile, `byname`, for a new account's IAM access key by its name and
    /// user ID (method 2).
    pub fn with_profile_by_name() -> (TestEnv, Account) {
        let env = TestEnv::new();
        let account = keystone().new_account();
        env.add_profile_by_name("byname", &account);
        (env, account)
    }

    /// A new env whose `dev` profile (see [`TestEnv::with_profile`]) has a cached token,
    /// returned third.
    pub fn with_cached_token() -> (TestEnv, Account, String) {
        let (env, account) = TestEnv::with_profile();
        let token = env.token(&[]);
        (env, account, token)
    }

    /// Runs `kcred ARGS` and returns the JSON it printed; it must succeed.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        json_of(&self.kcred().args(args).output().unwrap())
    }

    /// The cache entry (metadata, no token) of `profile`'s token.
    pub fn cached_token_entry(&self, profile: &str) -> PathBuf {
        self.cache_dir().join(format!("tokens/{profile}.json"))
    }

    /// Rewrites the cache entry of `profile`'s token with `edit`, to make it look older than
    /// it is.
    pub fn edit_cached_token(&self, profile: &str, edit: impl FnOnce(&mut serde_json::Value)) {
        let path = self.cached_token_entry(profile);
        let mut entry: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        edit(&mut entry);
        std::fs::write(&path, serde_json::to_vec(&entry).unwrap()).unwrap();
    }

    /// `kcred token forget`: the next `kcred token` issues a new token.
    pub fn forget_cached_token(&self) {
        self.kcred().args(["token", "forget"]).assert().success();
    }

    /// Starts `kcred token ARGS` without waiting for it, its output piped: for many at once.
    pub fn spawn_token(&self, args: &[&str]) -> std::process::Child {
        self.std_command()
            .arg("token")
            .args(args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    }

    /// What `sh -c SCRIPT` prints to stdout under `kcred exec FLAGS --`, which must succeed.
    pub fn exec_sh(&self, flags: &[&str], script: &str) -> String {
        let output = self
            .kcred()
            .arg("exec")
            .args(flags)
            .args(["--", "sh", "-c", script])
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
        String::from_utf8(output.stdout).unwrap()
    }

    /// `kcred s3-key delete ACCESS`: refused without `--yes` (exit 2), done with it, and the
    /// key's secret is gone from the keyring.
    pub fn delete_s3_key(&self, access: &str) {
        self.kcred()
            .args(["s3-key", "delete", access])
            .assert()
            .code(2);
        self.kcred()
            .args(["s3-key", "delete", access, "--yes"])
            .assert()
            .success();
        assert_eq!(
            self.secret_tool_lookup(&format!("s3-key/{access}/secret")),
            None
        );
    }

    /// `count` runs of `kcred token ARGS` side by side: the tokens they printed.
    fn tokens_at_once(&self, count: usize, args: &[&str]) -> Vec<String> {
        tokens_of((0..count).map(|_| self.spawn_token(args)).collect())
    }

    /// `count` runs of `kcred token ARGS` side by side share one issuance: returns the one
    /// token they all print.
    pub fn assert_one_issuance_at_once(&self, count: usize, args: &[&str]) -> String {
        self.proxy.clear();
        let tokens = self.tokens_at_once(count, args);
        assert_eq!(self.proxy.token_issuances(), 1);
        assert!(tokens.iter().all(|t| *t == tokens[0]), "{tokens:?}");
        tokens[0].clone()
    }

    /// The next `kcred token` prints a new token instead of `old`, issued once: returns it.
    pub fn assert_next_token_replaces(&self, old: &str) -> String {
        self.proxy.clear();
        let token = self.token(&[]);
        assert_ne!(token, old);
        assert_eq!(self.proxy.token_issuances(), 1);
        token
    }

    /// Runs `kcred token` (plus `args`) and returns the token it printed.
    pub fn token(&self, args: &[&str]) -> String {
        let output = self.kcred().arg("token").args(args).output().unwrap();
        assert!(
            output.status.success(),
            "kcred token {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stdout = String::from_utf8(output.stdout).unwrap();
        assert!(
            stdout.ends_with('\n') && stdout.lines().count() == 1,
            "{stdout:?}"
        );
        stdout.trim_end().to_string()
    }

    /// The same clean environment as every kcred run, for `program` (a shell, a session
    /// bus) that runs kcred itself; `$KCRED` names the kcred binary.
    /// `PATH` with the dir of the kcred under test first: a shell line finds it as `kcred`.
    pub fn path_with_kcred(&self) -> String {
        let kcred = self.std_command();
        let dir = Path::new(kcred.get_program()).parent().unwrap();
        format!(
            "{}:{}",
            dir.display(),
            std::env::var("PATH").unwrap_or_default()
        )
    }

    pub fn command_around_kcred(&self, program: &str) -> std::process::Command {
        let kcred = self.std_command();
        let mut cmd = std::process::Command::new(program);
        cmd.env_clear();
        for (name, value) in kcred.get_envs() {
            if let Some(value) = value {
                cmd.env(name, value);
            }
        }
        cmd.env("KCRED", kcred.get_program());
        cmd
    }

    /// The secret stored in the keyring under this env's service, read by `secret-tool`, a
    /// program that is not kcred.
    pub fn secret_tool_lookup(&self, entry: &str) -> Option<String> {
        secret_tool_lookup(&self.keyring_service, entry)
    }

    /// Stores `value` as the Secret Service item `entry` of this env's service, with
    /// `secret-tool` (a program that is not kcred), with the attributes kcred files its items
    /// under (`target = default`) and `extra` ones.
    pub fn secret_tool_store(&self, entry: &str, value: &str, label: &str, extra: &[&str]) {
        let mut cmd = std::process::Command::new("secret-tool");
        cmd.args(["store", "--label", label])
            .args(["service", &self.keyring_service, "username", entry])
            .args(["target", "default"])
            .args(extra)
            .stdin(std::process::Stdio::piped());
        if let Ok(bus) = std::env::var("DBUS_SESSION_BUS_ADDRESS") {
            cmd.env("DBUS_SESSION_BUS_ADDRESS", bus);
        }
        let mut store = cmd
            .spawn()
            .expect("secret-tool (libsecret-tools) is installed");
        use std::io::Write;
        store
            .stdin
            .take()
            .unwrap()
            .write_all(value.as_bytes())
            .unwrap();
        assert!(store.wait().unwrap().success(), "secret-tool store {entry}");
    }

    /// The expiry column of `/proc/keys` (Linux's) for this env's `entry` (`perm` when it
    /// never expires).
    pub fn kernel_expiry(&self, entry: &str) -> String {
        let description = format!("{}:{entry}", self.keyring_service);
        let keys = std::fs::read_to_string("/proc/keys").unwrap();
        let line = keys
            .lines()
            .find(|line| line.contains(&description))
            .unwrap_or_else(|| panic!("{description} is not in /proc/keys"));
        line.split_whitespace().nth(3).unwrap().to_string()
    }

    /// The payload of this env's entry `entry` in the kernel keyring `keyring` (`@u` for the
    /// user's, where kcred caches tokens by default; `@s` for the session's), read by `keyctl`.
    pub fn keyctl_lookup(&self, keyring: &str, entry: &str) -> Option<String> {
        let description = format!("{}:{entry}", self.keyring_service);
        let found = std::process::Command::new("keyctl")
            .args(["search", keyring, "user", &description])
            .output()
            .expect("keyctl (keyutils) is installed");
        if !found.status.success() {
            return None;
        }
        let id = String::from_utf8(found.stdout).unwrap().trim().to_string();
        let printed = std::process::Command::new("keyctl")
            .args(["pipe", &id])
            .output()
            .unwrap();
        printed
            .status
            .success()
            .then(|| String::from_utf8(printed.stdout).unwrap())
    }

    /// A cached token (or temporary credential) of this env, wherever kcred keeps it: the
    /// user's kernel keyring by default, the Secret Service with `KCRED_TOKEN_CACHE=store`.
    pub fn cached_secret(&self, entry: &str) -> Option<String> {
        self.keyctl_lookup("@u", entry)
            .or_else(|| self.secret_tool_lookup(entry))
    }

    /// Every file under this test's HOME and XDG dirs whose bytes contain `needle`.
    pub fn files_containing(&self, needle: &str) -> Vec<PathBuf> {
        let mut found = Vec::new();
        scan(self.root(), needle.as_bytes(), &mut found);
        found
    }
}

pub fn secret_tool_lookup(service: &str, entry: &str) -> Option<String> {
    let mut cmd = std::process::Command::new("secret-tool");
    cmd.args(["lookup", "service", service, "username", entry]);
    if let Ok(bus) = std::env::var("DBUS_SESSION_BUS_ADDRESS") {
        cmd.env("DBUS_SESSION_BUS_ADDRESS", bus);
    }
    let output = cmd
        .output()
        .expect("secret-tool (libsecret-tools) is installed");
    output
        .status
        .success()
        .then(|| String::from_utf8(output.stdout).unwrap())
        .filter(|s| !s.is_empty())
}

fn scan(dir: &Path, needle: &[u8], found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            scan(&path, needle, found);
        } else if let Ok(bytes) = std::fs::read(&path)
            && bytes.windows(needle.len()).any(|w| w == needle)
        {
            found.push(path);
        }
    }
}

/// The tokens that `kcred token` processes printed, once each has succeeded.
pub fn tokens_of(children: Vec<std::process::Child>) -> Vec<String> {
    children
        .into_iter()
        .map(|child| {
            let output = child.wait_with_output().unwrap();
            assert!(output.status.success(), "{}", stderr_of(&output));
            String::from_utf8(output.stdout)
                .unwrap()
                .trim_end()
                .to_string()
        })
        .collect()
}

/// Runs `cmd`, which must succeed, and returns its stderr: what kcred said it did.
pub fn succeeds(cmd: &mut Command) -> String {
    let output = cmd.output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    stderr_of(&output)
}

/// Runs `cmd`, which must exit with `code`, and returns its stderr, for what the message says.
pub fn fails_with(cmd: &mut Command, code: i32) -> String {
    let output = cmd.output().unwrap();
    assert_exit_code(&output, code)
}

/// Runs `cmd`, which must exit with `code`, its stderr saying each of `says`.
pub fn assert_fails(cmd: &mut Command, code: i32, says: &[&str]) {
    let stderr = fails_with(cmd, code);
    for said in says {
        assert!(stderr.contains(said), "does not say {said:?}: {stderr}");
    }
}

/// Asserts that `output` is of a process that exited with `code`; returns its stderr.
pub fn assert_exit_code(output: &std::process::Output, code: i32) -> String {
    let stderr = stderr_of(output);
    assert_eq!(output.status.code(), Some(code), "{stderr}");
    stderr
}

/// The JSON a successful command printed.
pub fn json_of(output: &std::process::Output) -> serde_json::Value {
    assert!(output.status.success(), "{}", stderr_of(output));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Text of a command's stderr, for assertions on messages.
pub fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
