//! Container registries: `docker-credential-kcred` (the credential-helper protocol) and
//! `kcred registry`, with real clients (skopeo, the docker CLI) against a real registry that
//! checks the IAM access key against the test Keystone.

use crate::support::registry::{Registry, which};
use crate::support::{Account, NO_BUS, TestEnv, json_of, keystone, stderr_of};
use base64::Engine;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const NOT_FOUND: &str = "credentials not found in native keychain\n";

fn helper_program() -> PathBuf {
    assert_cmd::cargo::cargo_bin("docker-credential-kcred")
}

/// A test env whose clients find the helper on PATH and have a runtime dir of their own.
pub(crate) fn registry_env() -> (TestEnv, Account) {
    let (mut env, account) = TestEnv::with_profile();
    let bin = helper_program().parent().unwrap().display().to_string();
    let path = std::env::var("PATH").unwrap_or_default();
    env.set_env("PATH", &format!("{bin}:{path}"));
    let run = env.root().join("run");
    std::fs::create_dir_all(&run).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&run, std::fs::Permissions::from_mode(0o700)).unwrap();
    }
    env.set_env("XDG_RUNTIME_DIR", run.to_str().unwrap());
    (env, account)
}

/// `docker-credential-kcred VERB`, `request` on stdin, as a client runs it.
fn helper(env: &TestEnv, verb: &str, request: &str) -> Output {
    client(env, helper_program().to_str().unwrap())
        .arg(verb)
        .stdin_text(request)
}

fn client(env: &TestEnv, program: &str) -> Command {
    let mut cmd = env.command_around_kcred(program);
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd
}

trait RunWith {
    fn stdin_text(&mut self, text: &str) -> Output;
}

impl RunWith for Command {
    fn stdin_text(&mut self, text: &str) -> Output {
        let mut child = self.stdin(Stdio::piped()).spawn().unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }
}

fn stdout_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn store_request(host: &str, id: &str, secret: &str) -> String {
    format!(
        "{}\n",
        json!({"ServerURL": host, "Username": id, "Secret": secret})
    )
}

/// A failure as the protocol wants it: one line on stdout, kcred's error and hint on stderr,
/// exit `code`, and no secret anywhere.
fn assert_one_line_failure(output: &Output, code: i32, says: &str, secrets: &[&str]) {
    let stdout = stdout_of(output);
    let stderr = stderr_of(output);
    assert_eq!(output.status.code(), Some(code), "{stdout}{stderr}");
    assert!(
        stdout.ends_with('\n') && stdout.lines().count() == 1,
        "{stdout:?}"
    );
    assert!(stdout.contains(says), "{stdout:?} does not say {says:?}");
    assert!(stderr.lines().any(|l| l.starts_with("error: ")), "{stderr}");
    assert!(stderr.lines().any(|l| l.starts_with("hint: ")), "{stderr}");
    for secret in secrets {
        assert!(!stdout.contains(secret) && !stderr.contains(secret));
    }
}

#[test]
fn the_helper_speaks_the_protocol_from_the_profiles_store() {
    let (env, account) = registry_env();
    let key = &account.key;

    let unknown = helper(&env, "get", "registry.example:5000");
    assert_eq!(unknown.status.code(), Some(1));
    assert_eq!(stdout_of(&unknown), NOT_FOUND);

    // docker login: the profile's own pair records the host.
    let stored = helper(
        &env,
        "store",
        &store_request("https://Registry.example:5000/", &key.id, &key.secret),
    );
    assert!(stored.status.success(), "{}", stderr_of(&stored));
    assert_eq!(stdout_of(&stored), "");

    for asked in [
        "registry.example:5000",
        "https://registry.example:5000/v2/",
        "registry.example:5000/team/app\n",
    ] {
        let got = helper(&env, "get", asked);
        assert!(got.status.success(), "{}", stderr_of(&got));
        let answer: Value = serde_json::from_slice(&got.stdout).unwrap();
        assert_eq!(answer["Username"], key.id.as_str());
        assert_eq!(answer["Secret"], key.secret.as_str());
        assert_eq!(answer["ServerURL"], "registry.example:5000");
    }
    let listed: Value = serde_json::from_slice(&helper(&env, "list", "").stdout).unwrap();
    assert_eq!(listed, json!({"registry.example:5000": key.id}));
    // A profile replaced (`profile add --force`) still serves its registries.
    env.profile_add_command("dev", &account)
        .arg("--force")
        .assert()
        .success();
    let got = helper(&env, "get", "registry.example:5000");
    assert!(got.status.success(), "{}", stdout_of(&got));

    // A key kcred does not know: says how to add it, keeps nothing.
    let other = keystone().new_account();
    let refused = helper(
        &env,
        "store",
        &store_request("other.example", &other.key.id, &other.key.secret),
    );
    assert_one_line_failure(
        &refused,
        2,
        "is the access key ID of no kcred profile",
        &[&other.key.secret, &other.key.id],
    );
    assert!(stderr_of(&refused).contains("kcred profile add"));
    // The same key with another secret: refused, the stored secret untouched.
    let wrong = helper(
        &env,
        "store",
        &store_request("other.example", &key.id, "not-the-secret-0123"),
    );
    assert_one_line_failure(
        &wrong,
        3,
        "nothing was changed",
        &["not-the-secret-0123", &key.secret],
    );
    let token = helper(
        &env,
        "store",
        &store_request("other.example", "<token>", "an-identity-token-0123"),
    );
    assert_one_line_failure(&token, 2, "identity token", &["an-identity-token-0123"]);
    assert!(env.files_containing("not-the-secret-0123").is_empty());
    assert!(env.files_containing(&other.key.secret).is_empty());
    assert_eq!(stdout_of(&helper(&env, "get", "other.example")), NOT_FOUND);

    // docker logout calls erase twice: both succeed, and only the host is forgotten.
    for _ in 0..2 {
        let erased = helper(&env, "erase", "https://registry.example:5000");
        assert!(erased.status.success(), "{}", stderr_of(&erased));
    }
    assert_eq!(
        stdout_of(&helper(&env, "get", "registry.example:5000")),
        NOT_FOUND
    );
    assert_eq!(
        env.secret_tool_lookup("profile/dev/access-key-secret")
            .as_deref(),
        Some(key.secret.as_str())
    );
    env.kcred()
        .args(["profile", "show", "dev"])
        .assert()
        .success();

    let version = helper(&env, "version", "");
    assert!(stdout_of(&version).starts_with("docker-credential-kcred"));
    assert_one_line_failure(&helper(&env, "frobnicate", ""), 2, "get, store", &[]);
    assert!(env.files_containing(&key.secret).is_empty());
}

#[test]
fn a_kcr_host_is_served_by_the_profile_of_its_project() {
    let (mut env, account) = registry_env();
    let host = format!(
        "{}.kr-central-2.kcr.dev",
        account.project_name.to_ascii_lowercase()
    );
    let got = helper(&env, "get", &format!("https://{host}"));
    assert!(got.status.success(), "{}", stderr_of(&got));
    let answer: Value = serde_json::from_slice(&got.stdout).unwrap();
    assert_eq!(answer["Username"], account.key.id.as_str());
    // Not a KCR host of any profile's project: not served.
    assert_eq!(
        stdout_of(&helper(&env, "get", "other-project.kr-central-2.kcr.dev")),
        NOT_FOUND
    );

    // A second profile of the same project: kcred does not guess.
    let second = keystone().create_access_key(&account, "second");
    env.kcred()
        .args(["profile", "add", "second", "--endpoint", &env.endpoint()])
        .args(["--access-key-id", &second.id, "--secret-stdin"])
        .write_stdin(format!("{}\n", second.secret))
        .assert()
        .success();
    let ambiguous = helper(&env, "get", &host);
    assert_one_line_failure(&ambiguous, 2, "cannot tell which", &[&second.secret]);
    assert!(stderr_of(&ambiguous).contains("--profile"));

    env.set_env("KCRED_PROFILE", "second");
    let forced = helper(&env, "get", &host);
    let answer: Value = serde_json::from_slice(&forced.stdout).unwrap();
    assert_eq!(answer["Username"], second.id.as_str());
    assert_eq!(answer["Secret"], second.secret.as_str());
    // KCRED_PROFILE never serves a host kcred does not.
    assert_eq!(stdout_of(&helper(&env, "get", "docker.io")), NOT_FOUND);

    env.set_env("KCRED_PROFILE", "missing");
    assert_one_line_failure(&helper(&env, "get", &host), 2, "missing", &[]);

    // No keyring to read: one line, the keyring's exit code, no wait for a prompt. (With
    // `KCRED_TOKEN_CACHE=store`: the `get` above left a copy in the kernel keyring.)
    env.set_env("KCRED_PROFILE", "second");
    env.set_env("KCRED_TOKEN_CACHE", "store");
    env.without_keyring();
    assert_one_line_failure(&helper(&env, "get", &host), 4, "keyring", &[]);
}

/// The helper's copy of a profile's secret: the name kcred gives it in the kernel keyring.
const COPY: &str = "profile/dev/registry-secret";

/// `get` of `host`, as a client runs it; it must answer. Returns the key ID and the secret.
fn get_pair(env: &TestEnv, host: &str, bus: Option<&str>) -> (String, String) {
    let mut cmd = client(env, helper_program().to_str().unwrap());
    if let Some(bus) = bus {
        cmd.env("DBUS_SESSION_BUS_ADDRESS", bus);
    }
    let got = cmd.arg("get").stdin_text(host);
    assert!(
        got.status.success(),
        "{}{}",
        stdout_of(&got),
        stderr_of(&got)
    );
    let answer: Value = serde_json::from_slice(&got.stdout).unwrap();
    let field = |name: &str| answer[name].as_str().unwrap().to_string();
    (field("Username"), field("Secret"))
}

fn readd_dev(env: &TestEnv, key_id: &str, secret: &str) {
    env.kcred()
        .args(["profile", "add", "dev", "--force", "--no-verify"])
        .args(["--endpoint", &env.endpoint()])
        .args(["--access-key-id", key_id, "--secret-stdin"])
        .write_stdin(format!("{secret}\n"))
        .assert()
        .success();
}

/// A build's many `get`s: the first reads the Secret Service and keeps a copy in the kernel
/// keyring, for minutes; the next answer from it without the Secret Service. Every change of
/// the profile's secret drops the copy.
#[test]
fn gets_after_the_first_answer_from_a_short_lived_copy_that_follows_the_profiles_key() {
    let (env, account) = registry_env();
    let key = &account.key;
    let host = "copy.example";
    let stored = helper(&env, "store", &store_request(host, &key.id, &key.secret));
    assert!(stored.status.success(), "{}", stderr_of(&stored));
    assert_eq!(env.keyctl_lookup("@u", COPY), None, "no copy before a get");
    // No Secret Service and no copy yet: the keyring's error, as before.
    let mut cold = client(&env, helper_program().to_str().unwrap());
    cold.env("DBUS_SESSION_BUS_ADDRESS", NO_BUS);
    assert_one_line_failure(&cold.arg("get").stdin_text(host), 4, "keyring", &[]);

    let pair = (key.id.clone(), key.secret.clone());
    assert_eq!(get_pair(&env, host, None), pair);
    let copy = env.keyctl_lookup("@u", COPY).expect("a copy after a get");
    assert!(copy.contains(&key.id) && copy.contains(&key.secret));
    let expiry = env.kernel_expiry(COPY);
    let minutes = expiry.strip_suffix('m').map(|m| m.parse::<u32>().unwrap());
    assert!(
        minutes.is_some_and(|m| m <= 10),
        "the copy expires within 10 minutes, not {expiry}"
    );
    // The next gets: the same pair with the Secret Service out of reach.
    for _ in 0..2 {
        assert_eq!(get_pair(&env, host, Some(NO_BUS)), pair);
    }

    // Re-added with the same key ID and another secret: the new secret, never the copy.
    let retyped = "a-secret-typed-again-0123";
    readd_dev(&env, &key.id, retyped);
    assert_eq!(
        env.keyctl_lookup("@u", COPY),
        None,
        "dropped by profile add"
    );
    assert_eq!(get_pair(&env, host, None), (key.id.clone(), retyped.into()));
    readd_dev(&env, &key.id, &key.secret);
    assert_eq!(get_pair(&env, host, None), pair);
    assert_eq!(get_pair(&env, host, Some(NO_BUS)), pair);

    // Rotated: the new key's pair, and its copy.
    let rotated = env
        .kcred()
        .args(["iam-key", "rotate", "--yes", "--output", "json"])
        .output()
        .unwrap();
    let new_id = json_of(&rotated)["id"].as_str().unwrap().to_string();
    assert_eq!(
        env.keyctl_lookup("@u", COPY),
        None,
        "dropped by the rotation"
    );
    let new_secret = env
        .secret_tool_lookup("profile/dev/access-key-secret")
        .unwrap();
    assert_ne!(new_id, key.id);
    let new_pair = (new_id, new_secret);
    assert_eq!(get_pair(&env, host, None), new_pair);
    assert_eq!(get_pair(&env, host, Some(NO_BUS)), new_pair);
    assert!(env.files_containing(&new_pair.1).is_empty());
    assert!(env.files_containing(&key.secret).is_empty());

    // Removed: not found, and no copy left.
    env.kcred()
        .args(["profile", "remove", "dev", "--yes"])
        .assert()
        .success();
    assert_eq!(
        env.keyctl_lookup("@u", COPY),
        None,
        "dropped by profile remove"
    );
    assert_eq!(stdout_of(&helper(&env, "get", host)), NOT_FOUND);
}

/// `KCRED_TOKEN_CACHE=store` keeps nothing of kcred's in the kernel keyring: every `get`
/// reads the store. (That a copy left from before is not used either is the last check of
/// `a_kcr_host_is_served_by_the_profile_of_its_project`.)
#[test]
fn the_token_cache_switch_keeps_no_copy() {
    let (mut env, account) = registry_env();
    let key = &account.key;
    let host = "nocopy.example";
    let stored = helper(&env, "store", &store_request(host, &key.id, &key.secret));
    assert!(stored.status.success(), "{}", stderr_of(&stored));
    env.set_env("KCRED_TOKEN_CACHE", "store");
    let pair = (key.id.clone(), key.secret.clone());
    assert_eq!(get_pair(&env, host, None), pair);
    assert_eq!(get_pair(&env, host, None), pair);
    assert_eq!(env.keyctl_lookup("@u", COPY), None);
    let mut offline = client(&env, helper_program().to_str().unwrap());
    offline.env("DBUS_SESSION_BUS_ADDRESS", NO_BUS);
    assert_one_line_failure(&offline.arg("get").stdin_text(host), 4, "keyring", &[]);
}

#[test]
fn configure_points_every_auth_file_at_the_helper_and_removes_plaintext_logins() {
    let (env, account) = registry_env();
    let key = &account.key;
    let host = "registry.example:5000";
    let pair =
        base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", key.id, key.secret));
    let home = env.root().join("home");
    let docker = home.join(".docker/config.json");
    let containers = env.root().join("run/containers/auth.json");
    let user_containers = home.join(".config/containers/auth.json");
    let docker_before = json!({
        "auths": {
            "https://registry.example:5000": {"auth": pair},
            "docker.io": {"auth": "dXNlcjpodWI="}
        },
        "credHelpers": {"gcr.io": "gcloud"},
        "detachKeys": "ctrl-e,e"
    });
    std::fs::create_dir_all(docker.parent().unwrap()).unwrap();
    std::fs::write(&docker, docker_before.to_string()).unwrap();
    std::fs::create_dir_all(containers.parent().unwrap()).unwrap();
    std::fs::write(
        &containers,
        json!({"auths": {host: {"auth": pair}}}).to_string(),
    )
    .unwrap();

    // doctor names each plaintext login of a profile's key, with the command that fixes it.
    let doctor = env
        .kcred()
        .args(["doctor", "--dry-run", "--output", "json"])
        .output()
        .unwrap();
    let findings: Value = serde_json::from_slice(&doctor.stdout).unwrap();
    let plaintext: Vec<_> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check"] == "registry")
        .map(|f| f["detail"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(plaintext.len(), 2, "{findings}");
    for detail in &plaintext {
        assert!(
            detail.contains(&format!("registry configure {host} --yes")),
            "{detail}"
        );
        assert!(!detail.contains(&key.secret) && !detail.contains(&pair));
    }
    assert!(
        plaintext
            .iter()
            .any(|d| d.contains(&docker.display().to_string()))
    );

    // Without --yes and no terminal: nothing removed, nothing changed.
    let output = env
        .kcred()
        .args(["registry", "configure", host])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr_of(&output));
    assert!(stderr_of(&output).contains("--yes"));
    assert_eq!(env.files_containing(&pair).len(), 2);

    let dry = env
        .kcred()
        .args(["registry", "configure", host, "--dry-run"])
        .output()
        .unwrap();
    let plan = stdout_of(&dry);
    assert!(plan.contains("would remove the plaintext login"), "{plan}");
    assert!(
        plan.contains(&user_containers.display().to_string()),
        "{plan}"
    );
    assert_eq!(env.files_containing(&pair).len(), 2);
    assert!(!user_containers.exists());

    env.kcred()
        .args(["registry", "configure", host, "--yes"])
        .assert()
        .success();
    let read = |path: &Path| -> Value {
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let mut expected = docker_before.clone();
    expected["auths"]
        .as_object_mut()
        .unwrap()
        .remove("https://registry.example:5000");
    expected["credHelpers"][host] = json!("kcred");
    assert_eq!(read(&docker), expected);
    assert_eq!(
        read(&containers),
        json!({"auths": {}, "credHelpers": {host: "kcred"}})
    );
    assert_eq!(
        read(&user_containers),
        json!({"credHelpers": {host: "kcred"}})
    );
    assert!(env.files_containing(&pair).is_empty());
    assert!(env.files_containing(&key.secret).is_empty());
    let doctor = env
        .kcred()
        .args(["doctor", "--output", "json"])
        .output()
        .unwrap();
    assert!(
        !stdout_of(&doctor).contains("\"registry\""),
        "{}",
        stdout_of(&doctor)
    );
    let got = helper(&env, "get", host);
    assert!(got.status.success(), "{}", stderr_of(&got));

    let listed = env.json(&["registry", "list", "--output", "json"]);
    assert_eq!(listed[0]["host"], host);
    assert_eq!(listed[0]["profile"], "dev");
    assert_eq!(listed[0]["auth_files"].as_array().unwrap().len(), 3);

    env.kcred()
        .args(["registry", "remove", host])
        .assert()
        .success();
    assert_eq!(read(&docker)["credHelpers"], json!({"gcr.io": "gcloud"}));
    assert_eq!(read(&user_containers), json!({"credHelpers": {}}));
    assert_eq!(stdout_of(&helper(&env, "get", host)), NOT_FOUND);
}

/// A one-layer OCI image in `dir` (`oci:DIR:v1` for skopeo), different for each `text`.
fn make_oci_image(dir: &Path, text: &str) {
    let blobs = dir.join("blobs/sha256");
    std::fs::create_dir_all(&blobs).unwrap();
    let content = dir.join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(content.join("hello.txt"), text).unwrap();
    let layer_file = dir.join("layer.tar");
    let status = Command::new("tar")
        .arg("-cf")
        .arg(&layer_file)
        .arg("-C")
        .arg(&content)
        .arg("hello.txt")
        .status()
        .unwrap();
    assert!(status.success());
    let layer = std::fs::read(&layer_file).unwrap();
    let put = |bytes: &[u8]| -> (String, usize) {
        let digest = hex::encode(Sha256::digest(bytes));
        std::fs::write(blobs.join(&digest), bytes).unwrap();
        (format!("sha256:{digest}"), bytes.len())
    };
    let (layer_digest, layer_size) = put(&layer);
    let config = json!({
        "architecture": "amd64", "os": "linux",
        "config": {},
        "rootfs": {"type": "layers", "diff_ids": [layer_digest]}
    })
    .to_string();
    let (config_digest, config_size) = put(config.as_bytes());
    let manifest = json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                   "digest": config_digest, "size": config_size},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar",
                    "digest": layer_digest, "size": layer_size}]
    })
    .to_string();
    let (manifest_digest, manifest_size) = put(manifest.as_bytes());
    std::fs::write(
        dir.join("index.json"),
        json!({"schemaVersion": 2, "manifests": [{
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": manifest_digest, "size": manifest_size,
            "annotations": {"org.opencontainers.image.ref.name": "v1"}
        }]})
        .to_string(),
    )
    .unwrap();
    std::fs::write(dir.join("oci-layout"), r#"{"imageLayoutVersion":"1.0.0"}"#).unwrap();
}

fn required(program: &str) -> String {
    which(program)
        .unwrap_or_else(|| panic!("{program} is not installed: scripts/setup installs it"))
        .display()
        .to_string()
}

fn succeeds(output: Output, what: &str, registry: &Registry) -> String {
    assert!(
        output.status.success(),
        "{what}: {}{}\n{}",
        stdout_of(&output),
        stderr_of(&output),
        registry.log()
    );
    stdout_of(&output)
}

fn skopeo_push(env: &TestEnv, registry: &Registry, image: &Path, tag: &str) -> Output {
    client(env, &required("skopeo"))
        .arg("copy")
        .arg(format!("oci:{}:v1", image.display()))
        .arg(format!("docker://{}/demo/app:{tag}", registry.host))
        .output()
        .unwrap()
}

fn skopeo_inspect(env: &TestEnv, registry: &Registry, tag: &str) -> Output {
    client(env, &required("skopeo"))
        .arg("inspect")
        .arg(format!("docker://{}/demo/app:{tag}", registry.host))
        .output()
        .unwrap()
}

#[test]
fn skopeo_and_docker_push_and_pull_through_the_helper_and_no_file_holds_the_key() {
    let (mut env, account) = registry_env();
    let registry = Registry::start();
    env.set_env("SSL_CERT_FILE", registry.ca_file().to_str().unwrap());
    let host = registry.host.clone();
    env.kcred()
        .args(["registry", "configure", &host, "--yes"])
        .assert()
        .success();

    // docker login (client-side, no daemon needed) hands the pair to `store`, and logout to
    // `erase`.
    let docker = required("docker");
    let login = client(&env, &docker)
        .args(["login", "-u", &account.key.id, "--password-stdin", &host])
        .stdin_text(&format!("{}\n", account.key.secret));
    succeeds(login, "docker login", &registry);

    let image = env.root().join("image");
    make_oci_image(&image, "hello from kcred\n");
    succeeds(
        skopeo_push(&env, &registry, &image, "v1"),
        "skopeo copy",
        &registry,
    );
    let inspected = succeeds(
        skopeo_inspect(&env, &registry, "v1"),
        "skopeo inspect",
        &registry,
    );
    let inspected: Value = serde_json::from_str(&inspected).unwrap();
    assert_eq!(inspected["Layers"].as_array().unwrap().len(), 1);
    // The registry is HTTPS and the client verifies it: without the harness's CA it refuses.
    let untrusted = client(&env, &required("skopeo"))
        .env_remove("SSL_CERT_FILE")
        .arg("inspect")
        .arg(format!("docker://{host}/demo/app:v1"))
        .output()
        .unwrap();
    assert!(
        !untrusted.status.success() && stderr_of(&untrusted).contains("certificate"),
        "{}",
        stderr_of(&untrusted)
    );

    let pair = base64::engine::general_purpose::STANDARD
        .encode(format!("{}:{}", account.key.id, account.key.secret));
    for needle in [&account.key.secret, &pair] {
        assert!(
            env.files_containing(needle).is_empty(),
            "{:?}",
            env.files_containing(needle)
        );
    }

    // A rotated key is what the next push uses, with no new login; the old one is refused.
    env.kcred()
        .args(["iam-key", "rotate", "--yes"])
        .assert()
        .success();
    make_oci_image(&image, "hello again\n");
    succeeds(
        skopeo_push(&env, &registry, &image, "v2"),
        "push after rotate",
        &registry,
    );
    let old = client(&env, &required("skopeo"))
        .args(["inspect", "--creds"])
        .arg(format!("{}:{}", account.key.id, account.key.secret))
        .arg(format!("docker://{host}/demo/app:v2"))
        .output()
        .unwrap();
    assert!(!old.status.success(), "the deleted key still works");

    let logout = client(&env, &docker)
        .args(["logout", &host])
        .output()
        .unwrap();
    succeeds(logout, "docker logout", &registry);
    let anonymous = skopeo_inspect(&env, &registry, "v1");
    assert!(!anonymous.status.success(), "served after logout");
    env.kcred()
        .args(["profile", "show", "dev"])
        .assert()
        .success();
}

/// podman as root with no daemon and no system storage: vfs, a private root and runroot.
fn podman(env: &TestEnv) -> Command {
    let dir = env.root().join("podman");
    let mut cmd = client(env, &required("podman"));
    cmd.arg("--root")
        .arg(dir.join("root"))
        .arg("--runroot")
        .arg(dir.join("runroot"))
        .arg("--tmpdir")
        .arg(dir.join("tmp"))
        .args(["--storage-driver", "vfs", "--cgroup-manager", "cgroupfs"])
        .args(["--events-backend", "file"]);
    cmd
}

#[test]
fn podman_and_buildah_log_in_pull_and_push_through_the_helper() {
    let (mut env, account) = registry_env();
    let registry = Registry::start();
    env.set_env("SSL_CERT_FILE", registry.ca_file().to_str().unwrap());
    let host = registry.host.clone();
    env.kcred()
        .args(["registry", "configure", &host, "--yes"])
        .assert()
        .success();
    let image = env.root().join("image");
    make_oci_image(&image, "hello from podman\n");

    // podman's login goes to `store` because the containers auth file names the helper.
    let login = podman(&env)
        .args(["login", "-u", &account.key.id])
        .args(["--password-stdin", &host])
        .stdin_text(&format!("{}\n", account.key.secret));
    succeeds(login, "podman login", &registry);
    succeeds(
        skopeo_push(&env, &registry, &image, "v1"),
        "skopeo copy",
        &registry,
    );
    let pulled = podman(&env)
        .arg("pull")
        .arg(format!("{host}/demo/app:v1"))
        .output()
        .unwrap();
    succeeds(pulled, "podman pull", &registry);
    let pushed = podman(&env)
        .arg("push")
        .arg(format!("{host}/demo/app:v1"))
        .arg(format!("docker://{host}/demo/copy:v1"))
        .output()
        .unwrap();
    succeeds(pushed, "podman push", &registry);
    let copy = client(&env, &required("skopeo"))
        .arg("inspect")
        .arg(format!("docker://{host}/demo/copy:v1"))
        .output()
        .unwrap();
    succeeds(copy, "skopeo inspect of podman's push", &registry);

    // buildah reads the same containers auth file.
    let buildah_dir = env.root().join("buildah");
    let pulled = client(&env, &required("buildah"))
        .arg("--root")
        .arg(buildah_dir.join("root"))
        .arg("--runroot")
        .arg(buildah_dir.join("runroot"))
        .args(["--storage-driver", "vfs", "pull"])
        .arg(format!("{host}/demo/copy:v1"))
        .output()
        .unwrap();
    succeeds(pulled, "buildah pull", &registry);

    let pair = base64::engine::general_purpose::STANDARD
        .encode(format!("{}:{}", account.key.id, account.key.secret));
    for needle in [&account.key.secret, &pair] {
        assert!(
            env.files_containing(needle).is_empty(),
            "{:?}",
            env.files_containing(needle)
        );
    }
    let logout = podman(&env).args(["logout", &host]).output().unwrap();
    succeeds(logout, "podman logout", &registry);
    assert_eq!(stdout_of(&helper(&env, "get", &host)), NOT_FOUND);
}

#[test]
fn pull_secret_is_a_dockerconfigjson_secret_of_the_profiles_pair() {
    let (env, account) = registry_env();
    let host = format!(
        "{}.kr-central-2.kcr.dev",
        account.project_name.to_ascii_lowercase()
    );
    let output = env
        .kcred()
        .args(["registry", "pull-secret", "--namespace", "apps"])
        .output()
        .unwrap();
    let manifest = crate::support::json_of(&output);
    assert!(stderr_of(&output).contains("--save-as"));
    assert_eq!(manifest["apiVersion"], "v1");
    assert_eq!(manifest["kind"], "Secret");
    assert_eq!(manifest["type"], "kubernetes.io/dockerconfigjson");
    assert_eq!(
        manifest["metadata"],
        json!({"name": "kcr-pull-secret", "namespace": "apps"})
    );
    assert_eq!(manifest["data"].as_object().unwrap().len(), 1);
    let base64 = base64::engine::general_purpose::STANDARD;
    let decoded = base64
        .decode(manifest["data"][".dockerconfigjson"].as_str().unwrap())
        .unwrap();
    let config: Value = serde_json::from_slice(&decoded).unwrap();
    let entry = &config["auths"][&host];
    assert_eq!(config["auths"].as_object().unwrap().len(), 1, "{config}");
    assert_eq!(entry["username"], account.key.id.as_str());
    assert_eq!(entry["password"], account.key.secret.as_str());
    let pair = base64.decode(entry["auth"].as_str().unwrap()).unwrap();
    assert_eq!(
        String::from_utf8(pair).unwrap(),
        format!("{}:{}", account.key.id, account.key.secret)
    );
    // `configure` with no host is for the same KCR host.
    let plan = env
        .kcred()
        .args(["registry", "configure", "--dry-run"])
        .output()
        .unwrap();
    assert!(
        stdout_of(&plan).contains(&format!("would point {host} at docker-credential-kcred")),
        "{}",
        stdout_of(&plan)
    );
    // Another host, another name; the default namespace is kubectl's.
    let other = env.json(&[
        "registry",
        "pull-secret",
        "127.0.0.1:5000",
        "--name",
        "local",
    ]);
    assert_eq!(other["metadata"], json!({"name": "local"}));
    let decoded = base64
        .decode(other["data"][".dockerconfigjson"].as_str().unwrap())
        .unwrap();
    let config: Value = serde_json::from_slice(&decoded).unwrap();
    assert!(config["auths"]["127.0.0.1:5000"].is_object(), "{config}");
}

/// docker-py (PyPI's `docker`) resolves a registry's login through `credHelpers`, with no
/// daemon, as docker-compose and Ansible use it.
#[test]
fn docker_py_resolves_the_login_through_the_helper() {
    let (env, account) = registry_env();
    let host = "registry.example:5000";
    env.kcred()
        .args(["registry", "configure", host, "--yes"])
        .assert()
        .success();
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/clients-venv/bin/python");
    assert!(
        python.exists(),
        "docker-py is not installed: scripts/setup installs it"
    );
    let script = format!(
        "import json, docker.auth\n\
         config = docker.auth.load_config()\n\
         print(json.dumps({{'kcr': docker.auth.resolve_authconfig(config, '{host}'),\n\
                           'hub': docker.auth.resolve_authconfig(config, 'docker.io')}}))\n"
    );
    let output = client(&env, python.to_str().unwrap())
        .args(["-c", &script])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let resolved: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(resolved["kcr"]["Username"], account.key.id.as_str());
    assert_eq!(resolved["kcr"]["Password"], account.key.secret.as_str());
    assert_eq!(resolved["hub"], Value::Null);
}

/// A locked keyring, under `docker build` with no terminal: one line, exit 4, within the
/// keyring timeout, never a prompt. In a private session bus and keyring (see keyring.rs).
#[test]
fn a_locked_keyring_is_one_line_and_exit_4_never_a_prompt() {
    use crate::keyring::{LOCK_KEYRING, START_KEYRING, STORE_A_SECRET, in_private_keyring};
    let env = TestEnv::new();
    let keyring_home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(env.config_dir()).unwrap();
    std::fs::write(
        env.config_file(),
        "default_profile = \"p\"\n[profiles.p]\nendpoint = \"http://127.0.0.1:9/v3\"\n\
         access_key_id = \"abc\"\nregistry_hosts = [\"locked.example\"]\n",
    )
    .unwrap();
    let get = r#"printf locked.example | "$HELPER" get"#;
    let script = [START_KEYRING, STORE_A_SECRET, LOCK_KEYRING, get].concat();
    let started = std::time::Instant::now();
    let output = in_private_keyring(&env, keyring_home.path(), &script)
        .env("HELPER", helper_program())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_one_line_failure(&output, 4, "locked", &["s3cret"]);
    assert!(started.elapsed().as_secs() < 30);
}

/// The KCR host that profile `dev` of `account` serves.
fn kcr_host(account: &Account) -> String {
    format!(
        "{}.kr-central-2.kcr.dev",
        account.project_name.to_ascii_lowercase()
    )
}

/// A `get` of `host`, held (in a debug build) once it has read the secret and before it keeps
/// its copy, until `DIR/gate` is removed; `prepare` sets up its command first.
#[cfg(target_os = "linux")]
fn held_get(
    env: &TestEnv,
    host: &str,
    dir: &Path,
    prepare: impl FnOnce(&mut Command),
) -> std::process::Child {
    let gate = dir.join("gate");
    std::fs::write(&gate, b"").unwrap();
    let mut command = client(env, helper_program().to_str().unwrap());
    command
        .arg("get")
        .env("KCRED_PAUSE_AT", "registry-get:before-copy")
        .env("KCRED_PAUSE_FILE", &gate)
        .stdin(Stdio::piped());
    prepare(&mut command);
    let mut child = command.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(host.as_bytes())
        .unwrap();
    crate::support::cores::wait_for_file(&dir.join("gate.reached"));
    child
}

/// The helper starts as kcred does: killed while it holds a secret, it leaves no core, however
/// the user's own limit is set.
#[cfg(target_os = "linux")]
#[test]
fn the_helper_aborted_while_it_holds_a_secret_dumps_no_core() {
    let (env, account) = registry_env();
    let dir = tempfile::tempdir().unwrap();
    let child = held_get(&env, &kcr_host(&account), dir.path(), |command| {
        command.current_dir(dir.path());
        crate::support::cores::allow_core_files(command);
    });
    crate::support::cores::abort_and_find_no_core(child, dir.path(), &["gate", "gate.reached"]);
}

/// Hostile names from the environment and from the request never reach the terminal raw; a
/// closed stderr changes no exit code; a login to a host that is no host name is refused
/// and nothing is written; the user name a login gives is never repeated.
#[test]
fn the_helper_reports_as_kcred_does_and_repeats_nothing_it_was_given() {
    let (env, account) = registry_env();
    let hostile = "evil\u{1b}]52;c;aGVsbG8=\u{7}";
    let raw_control = |text: &str| text.chars().any(|c| c == '\u{1b}' || c == '\u{7}');

    let out = client(&env, helper_program().to_str().unwrap())
        .arg("get")
        .env("KCRED_PROFILE", hostile)
        .stdin_text(&kcr_host(&account));
    assert!(
        !raw_control(&stdout_of(&out)) && !raw_control(&stderr_of(&out)),
        "{out:?}"
    );
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("\\x1b"),
        "shown escaped: {}",
        stderr_of(&out)
    );

    let config_before = std::fs::read(env.config_file()).unwrap();
    let stored = helper(
        &env,
        "store",
        &store_request(
            &format!("{hostile}.example"),
            &account.key.id,
            &account.key.secret,
        ),
    );
    assert!(!raw_control(&stdout_of(&stored)) && !raw_control(&stderr_of(&stored)));
    assert_one_line_failure(&stored, 2, "names no registry host", &[&account.key.secret]);
    assert_eq!(
        std::fs::read(env.config_file()).unwrap(),
        config_before,
        "nothing written"
    );

    // A secret typed as the user name is printed nowhere.
    let typed_wrong = "SECRET-typed-as-the-user-name-5c1d";
    let refused = helper(
        &env,
        "store",
        &store_request("registry.example", typed_wrong, "whatever-0123"),
    );
    assert_one_line_failure(
        &refused,
        2,
        "no kcred profile",
        &[typed_wrong, "whatever-0123"],
    );

    // stderr closed, or its reader gone: the helper's own exit code, not a panic's 101.
    let closed = client(&env, "sh")
        .args([
            "-c",
            &format!(
                "printf x | {} frobnicate 2>&-; echo \"status $?\"",
                helper_program().display()
            ),
        ])
        .output()
        .unwrap();
    assert!(
        stdout_of(&closed).ends_with("status 2\n"),
        "{}",
        stdout_of(&closed)
    );
    let broken = client(&env, helper_program().to_str().unwrap())
        .arg("frobnicate")
        .stdin(Stdio::null())
        .stderr(crate::scripting::broken_pipe())
        .output()
        .unwrap();
    assert_eq!(broken.status.code(), Some(2), "{broken:?}");
}

/// A request larger than any the protocol sends is refused before it is all read.
#[test]
fn the_helper_reads_a_bounded_request() {
    let (env, _) = registry_env();
    let mut child = client(&env, helper_program().to_str().unwrap())
        .arg("get")
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // The helper stops reading at its bound: the rest finds the pipe closed.
    let writer = std::thread::spawn(move || {
        let chunk = vec![b'a'; 1024 * 1024];
        for _ in 0..256 {
            if stdin.write_all(&chunk).is_err() {
                return false;
            }
        }
        true
    });
    let out = child.wait_with_output().unwrap();
    assert!(!writer.join().unwrap(), "all 256 MiB were read");
    assert_one_line_failure(&out, 2, "larger than 64 KiB", &[]);
}

/// A change of the profile's secret that lands between a `get`'s read of the store and its
/// copy of the secret leaves no copy of the old secret: the next `get` answers the new one.
#[cfg(target_os = "linux")]
#[test]
fn a_secret_changed_while_a_get_copies_it_is_not_served_from_a_stale_copy() {
    let (env, account) = registry_env();
    // A host a login recorded: it stays the profile's when the profile is replaced.
    let host = "registry.example:5000";
    let stored = helper(
        &env,
        "store",
        &store_request(host, &account.key.id, &account.key.secret),
    );
    assert!(stored.status.success(), "{}", stderr_of(&stored));
    let dir = tempfile::tempdir().unwrap();
    let gate = dir.path().join("gate");
    let child = held_get(&env, host, dir.path(), |_| {});
    // Same key ID, a new secret, while the get holds the old one.
    let new_secret = "a-new-secret-for-the-same-key-7f3e";
    env.kcred()
        .args([
            "profile",
            "add",
            "dev",
            "--force",
            "--no-verify",
            "--endpoint",
        ])
        .arg(env.endpoint())
        .args(["--access-key-id", &account.key.id, "--secret-stdin"])
        .write_stdin(format!("{new_secret}\n"))
        .assert()
        .success();
    std::fs::remove_file(&gate).unwrap();
    let first = child.wait_with_output().unwrap();
    assert!(first.status.success(), "{}", stderr_of(&first));
    let next = helper(&env, "get", host);
    assert!(next.status.success(), "{}", stdout_of(&next));
    let answer: Value = serde_json::from_slice(&next.stdout).unwrap();
    assert_eq!(
        answer["Secret"], new_secret,
        "the old secret was served from its copy"
    );
}

/// `docker logout` of a host kcred serves for the profile's project says how to stop that;
/// of a host only a login recorded, it forgets it, and kcred no longer answers for it.
#[test]
fn docker_logout_of_a_host_kcred_serves_says_what_stops_it() {
    let (env, account) = registry_env();
    let host = kcr_host(&account);
    let erased = helper(&env, "erase", &format!("https://{host}"));
    assert_one_line_failure(&erased, 2, "still answers logins", &[&account.key.secret]);
    assert!(
        stderr_of(&erased).contains(&format!("`kcred registry remove {host}`")),
        "{}",
        stderr_of(&erased)
    );
    let got = helper(&env, "get", &host);
    assert!(
        got.status.success(),
        "logout changed nothing: {}",
        stderr_of(&got)
    );
}
