//! The tools people run with kcred's credentials, run for real: the OpenStack CLI
//! (keystoneauth) with `exec --with-key`, kubectl with `kube-credential`, and the contract of
//! KakaoCloud's Terraform provider (which cannot be installed here) checked against Keystone.

use crate::support::{Account, TestEnv, assert_exit_code, json_of, keystone, stderr_of};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Where `scripts/setup` installs the clients: their own venv, kubectl from PyPI only when
/// the machine has none.
fn clients_bin() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/clients-venv/bin")
}

/// PATH for a client run: the clients' venv after the machine's own programs.
fn path_with_clients() -> String {
    format!(
        "{}:{}",
        std::env::var("PATH").unwrap_or_default(),
        clients_bin().display()
    )
}

/// `kcred [kcred_args] exec [--with-key] -- openstack ARGS…`, in this env's isolated
/// environment.
fn openstack(env: &TestEnv, with_key: bool, args: &[&str]) -> Output {
    let mut cmd = env.kcred();
    cmd.env("PATH", path_with_clients()).arg("exec");
    if with_key {
        cmd.arg("--with-key");
    }
    cmd.args(["--", "openstack"]).args(args);
    cmd.timeout(Duration::from_secs(120));
    cmd.output().unwrap()
}

/// The names of the variables in `kcred env --format json`'s answer.
fn variable_names(vars: &Value) -> Vec<&str> {
    vars.as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

fn openstack_cli_works_with((env, account): (TestEnv, Account)) {
    let env = &env;
    let listed = json_of(&openstack(
        env,
        true,
        &["application", "credential", "list", "-f", "json"],
    ));
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|key| key["ID"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [account.key.id.as_str()]);

    let issued = json_of(&openstack(env, true, &["token", "issue", "-f", "json"]));
    assert_eq!(issued["project_id"], account.project_id.as_str());
    assert_eq!(issued["user_id"], account.user_id.as_str());
    assert!(keystone().token_is_valid(issued["id"].as_str().unwrap()));
}

#[test]
fn openstack_cli_runs_under_exec_with_key_for_a_key_id_profile() {
    openstack_cli_works_with(TestEnv::with_profile());
}

#[test]
fn openstack_cli_runs_under_exec_with_key_for_a_key_name_profile() {
    openstack_cli_works_with(TestEnv::with_profile_by_name());
}

#[test]
fn without_with_key_no_secret_reaches_the_child_or_the_output() {
    let (env, account) = TestEnv::with_profile();
    let secret = &account.key.secret;

    let child_env = env.kcred().args(["exec", "--", "env"]).output().unwrap();
    assert!(child_env.status.success(), "{}", stderr_of(&child_env));
    let child_env = String::from_utf8(child_env.stdout).unwrap();
    assert!(child_env.contains("KAKAOCLOUD_TOKEN="));
    assert!(!child_env.contains(secret.as_str()));
    assert!(!child_env.contains("APPLICATION_CREDENTIAL"));

    for format in ["sh", "fish", "dotenv", "json"] {
        let printed = env
            .kcred()
            .args(["env", "--format", format])
            .output()
            .unwrap();
        assert!(printed.status.success(), "{}", stderr_of(&printed));
        assert!(!String::from_utf8_lossy(&printed.stdout).contains(secret.as_str()));
    }

    // With --with-key the user asked for it: there, and only in the child.
    let child_env = env
        .kcred()
        .args(["exec", "--with-key", "--", "env"])
        .output()
        .unwrap();
    let child_env = String::from_utf8(child_env.stdout).unwrap();
    assert!(child_env.contains(&format!("OS_APPLICATION_CREDENTIAL_SECRET={secret}\n")));
    assert!(env.files_containing(secret).is_empty());
}

#[test]
fn the_default_token_set_is_used_as_is_and_never_reissued_by_the_token_method() {
    // gophercloud takes OS_AUTH_TOKEN with no scope as it is; what kcred exports must not
    // make a client re-authenticate with the token (Keystone refuses that for tokens from
    // an IAM access key). Without --with-key the OpenStack CLI therefore has nothing to log
    // in with and says so, rather than sending the token to be re-issued.
    let (env, _) = TestEnv::with_profile();
    let vars = env.json(&["env", "--format", "json"]);
    let names = variable_names(&vars);
    for refused in [
        "OS_AUTH_TYPE",
        "OS_TOKEN",
        "OS_PROJECT_ID",
        "OS_PROJECT_NAME",
    ] {
        assert!(!names.contains(&refused), "{refused} in {names:?}");
    }
    let token = vars["OS_AUTH_TOKEN"].as_str().unwrap();
    assert!(keystone().token_is_valid(token));

    env.proxy.clear();
    let output = openstack(&env, false, &["token", "issue", "-f", "json"]);
    assert!(!output.status.success());
    let bodies: Vec<String> = env
        .proxy
        .requests()
        .iter()
        .map(|r| String::from_utf8_lossy(&r.body).into_owned())
        .collect();
    assert!(
        !bodies.iter().any(|b| b.contains(r#""token""#)),
        "a token-method issuance was attempted: {bodies:?}"
    );
}

#[test]
fn curl_under_exec_calls_the_api_with_the_token() {
    let (env, account) = TestEnv::with_profile();
    let script = r#"curl -fsS -H "X-Auth-Token: $KAKAOCLOUD_TOKEN" \
        "$KAKAOCLOUD_IAM_ENDPOINT/auth/projects""#;
    let output = env
        .kcred()
        .args(["exec", "--", "sh", "-c", script])
        .output()
        .unwrap();
    let projects = json_of(&output);
    assert_eq!(projects["projects"][0]["id"], account.project_id.as_str());
}

/// A Go program built on gophercloud and gophercloud/utils' `clientconfig` (what
/// terraform-provider-openstack and other Go tools use), built once from Debian's sources.
fn gophercloud_program() -> &'static Path {
    static BUILT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let out = root.join("target/gophercloud-projects");
        let built = Command::new("go")
            .args(["build", "-o"])
            .arg(&out)
            .arg(root.join("tests/gophercloud/main.go"))
            .env("GO111MODULE", "off")
            .env("GOPATH", "/usr/share/gocode")
            .env("GOCACHE", root.join("target/go-cache"))
            .output()
            .expect("Go is installed (scripts/setup)");
        assert!(built.status.success(), "{}", stderr_of(&built));
        out
    })
}

#[test]
fn gophercloud_uses_the_default_token_as_it_is() {
    let (env, account) = TestEnv::with_profile();
    let program = gophercloud_program();
    env.proxy.clear();
    let output = env
        .kcred()
        .arg("exec")
        .arg("--")
        .arg(program)
        .output()
        .unwrap();
    let projects = json_of(&output);
    assert_eq!(projects["projects"][0]["id"], account.project_id.as_str());
    // Validated (GET), never re-issued: no POST /auth/tokens at all.
    assert_eq!(env.proxy.token_issuances(), 0);
    assert!(env.proxy.count("GET", "/auth/tokens") >= 1);
}

/// KakaoCloud's Terraform provider reads only these two variables and issues its own tokens
/// by method 1 (ID and secret). It cannot be downloaded here, so its contract is checked.
fn terraform_pair_issues_a_token(env: &TestEnv, account: &Account) {
    let vars = env.json(&["env", "--with-key", "--format", "json"]);
    let id = vars["KAKAOCLOUD_APPLICATION_CREDENTIAL_ID"]
        .as_str()
        .unwrap();
    let secret = vars["KAKAOCLOUD_APPLICATION_CREDENTIAL_SECRET"]
        .as_str()
        .unwrap();
    assert_eq!(id, account.key.id);
    assert_eq!(secret, account.key.secret);
    let body = serde_json::json!({"auth": {"identity": {
        "methods": ["application_credential"],
        "application_credential": {"id": id, "secret": secret},
    }}});
    let answer = reqwest::blocking::Client::new()
        .post(format!("{}/auth/tokens", keystone().endpoint))
        .json(&body)
        .send()
        .unwrap();
    assert_eq!(answer.status(), 201);
    // keystoneauth's variables, and nothing that would give an application credential a scope.
    assert_eq!(vars["OS_AUTH_TYPE"], "v3applicationcredential");
    assert_eq!(vars["OS_REGION_NAME"], "kr-central-2");
    assert_eq!(vars["OS_APPLICATION_CREDENTIAL_SECRET"], secret);
    let names = variable_names(&vars);
    assert!(!names.iter().any(|n| n.starts_with("OS_PROJECT_")
        || n.starts_with("OS_USER_DOMAIN_")
        || *n == "OS_TOKEN"));
}

#[test]
fn terraform_provider_variables_carry_a_key_that_issues_by_method_one() {
    let (env, account) = TestEnv::with_profile();
    terraform_pair_issues_a_token(&env, &account);
}

#[test]
fn a_key_name_profile_looks_its_key_id_up_once_for_terraform() {
    let (env, account) = TestEnv::with_profile_by_name();
    env.proxy.clear();
    terraform_pair_issues_a_token(&env, &account);
    let lookups = |env: &TestEnv| {
        env.proxy.count(
            "GET",
            &format!("/users/{}/application_credentials", account.user_id),
        )
    };
    assert_eq!(lookups(&env), 1);
    terraform_pair_issues_a_token(&env, &account);
    assert_eq!(lookups(&env), 1, "the ID is remembered in the profile");
    let config = std::fs::read_to_string(env.config_file()).unwrap();
    assert!(config.contains(&account.key.id), "{config}");
    // Tokens are still issued by name: method 2.
    let vars = env.json(&["env", "--with-key", "--format", "json"]);
    assert_eq!(
        vars["OS_APPLICATION_CREDENTIAL_NAME"],
        account.key.name.as_str()
    );
    assert_eq!(vars["OS_USER_ID"], account.user_id.as_str());
    assert!(vars.get("OS_APPLICATION_CREDENTIAL_ID").is_none());
}

/// A stand-in Kubernetes API server (tests/kube/apiserver.py) on HTTPS with a certificate of
/// its own, accepting a bearer token only when Keystone validates it.
struct ApiServer {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl ApiServer {
    fn start() -> ApiServer {
        let dir = tempfile::tempdir().unwrap();
        let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
        let made = Command::new("openssl")
            .args(["req", "-x509", "-newkey", "ec", "-pkeyopt"])
            .args(["ec_paramgen_curve:prime256v1", "-nodes", "-days", "1"])
            .args([
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
            ])
            .arg("-keyout")
            .arg(&key)
            .arg("-out")
            .arg(&cert)
            .output()
            .unwrap();
        assert!(made.status.success(), "{}", stderr_of(&made));
        let port_file = dir.path().join("port");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/kube/apiserver.py");
        let child = Command::new("python3")
            .arg(script)
            .arg(&keystone().endpoint)
            .args([&cert, &key, &port_file])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        let port = loop {
            if let Ok(port) = std::fs::read_to_string(&port_file) {
                break port.parse().unwrap();
            }
            assert!(started.elapsed() < Duration::from_secs(30), "no API server");
            std::thread::sleep(Duration::from_millis(50));
        };
        ApiServer { child, port, dir }
    }

    /// A kubeconfig whose user runs `kcred kube-credential` in `api_version`.
    fn kubeconfig(&self, env: &TestEnv, api_version: &str) -> PathBuf {
        let kcred = assert_cmd::cargo::cargo_bin("kcred");
        let cert = self.dir.path().join("cert.pem");
        let path = env.root().join(format!("kubeconfig-{api_version}"));
        let text = format!(
            r#"apiVersion: v1
kind: Config
clusters:
- name: kakaocloud
  cluster:
    server: https://127.0.0.1:{port}
    certificate-authority: {cert}
users:
- name: kcred
  user:
    exec:
      apiVersion: client.authentication.k8s.io/{api_version}
      command: {kcred}
      args: ["--profile", "dev", "kube-credential"]
      interactiveMode: Never
contexts:
- name: kakaocloud
  context:
    cluster: kakaocloud
    user: kcred
current-context: kakaocloud
"#,
            port = self.port,
            cert = cert.display(),
            kcred = kcred.display(),
        );
        std::fs::write(&path, text).unwrap();
        path
    }
}

impl Drop for ApiServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn kubectl(env: &TestEnv, kubeconfig: &Path, args: &[&str]) -> Output {
    let mut cmd = env.command_around_kcred("kubectl");
    cmd.env("PATH", path_with_clients())
        .env("KUBECONFIG", kubeconfig)
        .args(args)
        .stdin(Stdio::null());
    cmd.output().unwrap()
}

#[test]
fn kubectl_authenticates_with_kube_credential_and_many_runs_cost_one_issuance() {
    let (env, account) = TestEnv::with_profile_and_empty_cache();
    let server = ApiServer::start();
    let kubeconfig = server.kubeconfig(&env, "v1");

    for _ in 0..25 {
        let output = kubectl(&env, &kubeconfig, &["get", "--raw", "/api"]);
        assert!(output.status.success(), "{}", stderr_of(&output));
        let api: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(api["kind"], "APIVersions");
    }
    assert_eq!(env.proxy.token_issuances(), 1, "25 kubectl runs, one token");

    // The key is deleted behind kcred's back: its token dies, and the server refuses it.
    keystone().delete_access_key(&account);
    let refused = kubectl(&env, &kubeconfig, &["get", "--raw", "/api"]);
    assert!(!refused.status.success());
    let stderr = stderr_of(&refused);
    assert!(stderr.contains("Unauthorized"), "{stderr}");
}

#[test]
fn kubectl_with_a_v1beta1_kubeconfig_gets_a_v1beta1_answer() {
    let (env, _) = TestEnv::with_profile();
    let server = ApiServer::start();
    let kubeconfig = server.kubeconfig(&env, "v1beta1");
    let output = kubectl(&env, &kubeconfig, &["get", "--raw", "/api"]);
    assert!(output.status.success(), "{}", stderr_of(&output));

    // What kubectl was given, asked the way kubectl asks.
    let info = r#"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","spec":{"interactive":false}}"#;
    let answer = json_of(
        &env.kcred()
            .env("KUBERNETES_EXEC_INFO", info)
            .arg("kube-credential")
            .output()
            .unwrap(),
    );
    assert_eq!(answer["apiVersion"], "client.authentication.k8s.io/v1beta1");
    assert_eq!(answer["kind"], "ExecCredential");
    let token = answer["status"]["token"].as_str().unwrap();
    assert!(keystone().token_is_valid(token));
}

#[test]
fn kube_credential_expires_a_margin_before_the_token() {
    let (env, _) = TestEnv::with_profile();
    let credential = env.json(&["--min-ttl", "600", "kube-credential"]);
    assert_eq!(credential["apiVersion"], "client.authentication.k8s.io/v1");
    let shown = env.json(&["--output", "json", "token", "show"]);
    let expires: jiff::Timestamp = shown["expires_at"].as_str().unwrap().parse().unwrap();
    let refresh: jiff::Timestamp = credential["status"]["expirationTimestamp"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let margin = expires.duration_since(refresh).as_secs_f64();
    assert!((599.0..=601.0).contains(&margin), "{margin}");
}

#[test]
fn kube_credential_errors_go_to_stderr_with_kcreds_exit_codes() {
    let (env, account) = TestEnv::with_profile();
    // A version kcred does not speak: a usage error, nothing on stdout.
    let output = env
        .kcred()
        .env(
            "KUBERNETES_EXEC_INFO",
            r#"{"apiVersion":"client.authentication.k8s.io/v1alpha1"}"#,
        )
        .arg("kube-credential")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert_eq!(
        stderr_of(&output).lines().count(),
        2,
        "{}",
        stderr_of(&output)
    );

    // A deleted key: rejected (3), nothing on stdout, and no prompt.
    env.forget_cached_token();
    keystone().delete_access_key(&account);
    let output = env.kcred().arg("kube-credential").output().unwrap();
    assert_exit_code(&output, 3);
    assert!(output.stdout.is_empty());
}
