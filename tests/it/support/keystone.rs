//! A real OpenStack Keystone on 127.0.0.1, one per test binary, with KakaoCloud's rules
//! (see tests/keystone/kcred_keystone.py). Each test makes its own project, user and key.

use reqwest::blocking::Client;
use serde_json::{Value, json};
use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const ADMIN_PASSWORD: &str = "kcred-test-admin";
/// The region the catalog's endpoints are in, as on KakaoCloud.
pub const KAKAOCLOUD_REGION: &str = "kr-central-2";

pub struct Keystone {
    /// The identity root, e.g. `http://127.0.0.1:41234/v3`.
    pub endpoint: String,
    pub port: u16,
    admin_token: String,
    http: Client,
}

/// A user with the `member` role on a project of its own, and an IAM access key
/// (an unrestricted application credential) bound to that project.
#[derive(Clone, Debug)]
pub struct Account {
    pub user_id: String,
    pub password: String,
    pub project_id: String,
    pub project_name: String,
    pub key: AccessKey,
}

#[derive(Clone, Debug)]
pub struct AccessKey {
    pub id: String,
    pub name: String,
    pub secret: String,
}

static KEYSTONE: OnceLock<Keystone> = OnceLock::new();
static UNIQUE: AtomicUsize = AtomicUsize::new(0);

/// The Keystone of this test binary, started on first use.
pub fn keystone() -> &'static Keystone {
    KEYSTONE.get_or_init(|| Keystone::start().unwrap_or_else(|err| panic!("{err}")))
}

/// A name no other test (in this process or another) has used.
pub fn unique(prefix: &str) -> String {
    let n = UNIQUE.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("{prefix}-{}-{n}-{nanos:x}", std::process::id())
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A program of the test venv (Keystone, OpenBao, python-dotenv).
pub fn venv_bin(tool: &str) -> PathBuf {
    let venv = std::env::var_os("KCRED_TEST_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest_dir().join("target/keystone-venv"));
    venv.join("bin").join(tool)
}

impl Keystone {
    fn start() -> Result<Keystone, String> {
        let manage = venv_bin("keystone-manage");
        if !manage.exists() {
            return Err(format!(
                "{} is missing: run the tests with scripts/test, which installs Keystone",
                manage.display()
            ));
        }
        let dir = tempfile::Builder::new()
            .prefix("kcred-keystone-")
            .tempdir()
            .map_err(|e| e.to_string())?
            .keep();
        copy_template(&dir)?;
        let port = free_port();
        let config = write_config(&dir);
        let log = dir.join("gunicorn.log");
        let log_file = fs::File::create(&log).map_err(|e| e.to_string())?;
        let mut gunicorn = Command::new(venv_bin("gunicorn"));
        gunicorn
            .args(["--bind", &format!("127.0.0.1:{port}")])
            // One worker thread: Keystone on SQLite does not see its own fresh writes reliably
            // from several threads at once (role assignments made a moment ago go missing).
            .args(["--workers", "1", "--worker-class", "sync"])
            .args(["--timeout", "120"])
            .arg("--chdir")
            .arg(manifest_dir().join("tests/keystone"))
            .arg("kcred_keystone:application")
            .env("KCRED_KEYSTONE_CONFIG", &config)
            .env("KCRED_TEST_PARENT_PID", std::process::id().to_string())
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().map_err(|e| e.to_string())?)
            .stderr(log_file);
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut gunicorn, 0);
        gunicorn
            .spawn()
            .map_err(|e| format!("cannot start gunicorn: {e}"))?;

        let http = Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap();
        let endpoint = format!("http://127.0.0.1:{port}/v3");
        let deadline = Instant::now() + Duration::from_secs(90);
        loop {
            if http
                .get(&endpoint)
                .send()
                .is_ok_and(|r| r.status().is_success())
            {
                break;
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "Keystone did not come up on port {port}; see {}",
                    log.display()
                ));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        let mut keystone = Keystone {
            endpoint,
            port,
            admin_token: String::new(),
            http,
        };
        keystone.admin_token = keystone.password_token("admin", ADMIN_PASSWORD, None, true)?;
        keystone.point_catalog_here();
        Ok(keystone)
    }

    /// The catalog made by `bootstrap` names a fixed port and no region. Clients that take
    /// the identity endpoint from the catalog (the OpenStack CLI) need this Keystone's own
    /// address, in KakaoCloud's region.
    fn point_catalog_here(&self) {
        let _ = self.request(
            &self.admin_token,
            "POST",
            "/regions",
            Some(json!({"region": {"id": KAKAOCLOUD_REGION}})),
        );
        let endpoints = self.admin("GET", "/endpoints", None);
        for endpoint in endpoints["endpoints"].as_array().unwrap() {
            let id = endpoint["id"].as_str().unwrap();
            self.admin(
                "PATCH",
                &format!("/endpoints/{id}"),
                Some(json!({"endpoint": {"url": self.endpoint, "region_id": KAKAOCLOUD_REGION}})),
            );
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.endpoint)
    }

    fn password_token(
        &self,
        user: &str,
        password: &str,
        project_id: Option<&str>,
        by_name: bool,
    ) -> Result<String, String> {
        let user = if by_name {
            json!({"name": user, "domain": {"id": "default"}, "password": password})
        } else {
            json!({"id": user, "password": password})
        };
        let scope = match project_id {
            Some(id) => json!({"project": {"id": id}}),
            None => json!({"project": {"name": "admin", "domain": {"id": "default"}}}),
        };
        let body = json!({"auth": {"identity": {"methods": ["password"], "password": {"user": user}}, "scope": scope}});
        let response = self
            .http
            .post(self.url("/auth/tokens"))
            .json(&body)
            .send()
            .map_err(|e| e.to_string())?;
        if response.status() != 201 {
            return Err(format!("password auth failed: {}", response.status()));
        }
        Ok(response.headers()["x-subject-token"]
            .to_str()
            .unwrap()
            .to_string())
    }

    /// An admin request; panics unless the status is a success.
    pub fn admin(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.request(&self.admin_token, method, path, body)
            .unwrap_or_else(|(status, text)| panic!("{method} {path}: {status}: {text}"))
    }

    /// A request with `token`; `Err((status, body))` when it is not a success.
    pub fn request(
        &self,
        token: &str,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, (u16, String)> {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self
            .http
            .request(method, self.url(path))
            .header("X-Auth-Token", token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().map_err(|e| (0, e.to_string()))?;
        let status = response.status().as_u16();
        let text = response.text().unwrap_or_default();
        if !(200..300).contains(&status) {
            return Err((status, text));
        }
        Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// Whether `token` is valid, asked with the admin token.
    pub fn token_is_valid(&self, token: &str) -> bool {
        self.about_token(reqwest::Method::GET, token).status() == 200
    }

    /// Revokes `token` behind kcred's back.
    pub fn revoke(&self, token: &str) {
        let response = self.about_token(reqwest::Method::DELETE, token);
        assert_eq!(response.status(), 204, "revoking a token");
    }

    /// `METHOD /auth/tokens` for the subject `token`, with the admin token.
    fn about_token(&self, method: reqwest::Method, token: &str) -> reqwest::blocking::Response {
        self.http
            .request(method, self.url("/auth/tokens"))
            .header("X-Auth-Token", &self.admin_token)
            .header("X-Subject-Token", token)
            .send()
            .unwrap()
    }

    /// A fresh project, a member user in it, and one IAM access key.
    pub fn new_account(&self) -> Account {
        let project_name = unique("project");
        let project = self.admin(
            "POST",
            "/projects",
            Some(json!({"project": {"name": project_name, "domain_id": "default"}})),
        );
        let project_id = project["project"]["id"].as_str().unwrap().to_string();
        let user_name = unique("user");
        let password = unique("pw");
        let user = self.admin(
            "POST",
            "/users",
            Some(
                json!({"user": {"name": user_name, "domain_id": "default", "password": password}}),
            ),
        );
        let user_id = user["user"]["id"].as_str().unwrap().to_string();
        let roles = self.admin("GET", "/roles?name=member", None);
        let role_id = roles["roles"][0]["id"].as_str().unwrap();
        self.admin(
            "PUT",
            &format!("/projects/{project_id}/users/{user_id}/roles/{role_id}"),
            None,
        );
        let mut account = Account {
            user_id,
            password,
            project_id,
            project_name,
            key: AccessKey {
                id: String::new(),
                name: String::new(),
                secret: String::new(),
            },
        };
        account.key = self.create_access_key(&account, &unique("key"));
        account
    }

    /// A second project for the account's user, with the member role. Returns (id, name).
    pub fn add_project(&self, account: &Account) -> (String, String) {
        let name = unique("project");
        let project = self.admin(
            "POST",
            "/projects",
            Some(json!({"project": {"name": name, "domain_id": "default"}})),
        );
        let id = project["project"]["id"].as_str().unwrap().to_string();
        let roles = self.admin("GET", "/roles?name=member", None);
        let role_id = roles["roles"][0]["id"].as_str().unwrap();
        self.admin(
            "PUT",
            &format!("/projects/{id}/users/{}/roles/{role_id}", account.user_id),
            None,
        );
        (id, name)
    }

    /// The IDs of the user's IAM access keys, as the server has them.
    pub fn access_key_ids(&self, account: &Account) -> Vec<String> {
        let list = self.admin(
            "GET",
            &format!("/users/{}/application_credentials", account.user_id),
            None,
        );
        list["application_credentials"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    }

    /// The user's S3 access keys as the server has them: (access, project ID).
    pub fn s3_keys(&self, account: &Account) -> Vec<(String, String)> {
        let list = self.admin(
            "GET",
            &format!("/users/{}/credentials/OS-EC2", account.user_id),
            None,
        );
        list["credentials"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["access"].as_str().unwrap().to_string(),
                    c["tenant_id"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    /// A password token of the account's user, scoped to its project.
    pub fn user_token(&self, account: &Account) -> String {
        self.password_token(
            &account.user_id,
            &account.password,
            Some(&account.project_id),
            false,
        )
        .unwrap()
    }

    /// Deletes the account's IAM access key behind kcred's back: its tokens die with it.
    pub fn delete_access_key(&self, account: &Account) {
        self.admin(
            "DELETE",
            &format!(
                "/users/{}/application_credentials/{}",
                account.user_id, account.key.id
            ),
            None,
        );
    }

    /// Creates an IAM access key for the account's user in its project, as that user.
    pub fn create_access_key(&self, account: &Account, name: &str) -> AccessKey {
        self.create_access_key_with(account, name, true)
    }

    /// [`Keystone::create_access_key`] for a restricted key: its tokens may list keys, not
    /// create or delete them.
    pub fn create_restricted_access_key(&self, account: &Account, name: &str) -> AccessKey {
        self.create_access_key_with(account, name, false)
    }

    /// [`Keystone::create_access_key`] for a key that expires at `expires_at` (RFC 3339).
    pub fn create_expiring_access_key(
        &self,
        account: &Account,
        name: &str,
        expires_at: &str,
    ) -> AccessKey {
        self.create_access_key_from(
            account,
            json!({"name": name, "unrestricted": true, "expires_at": expires_at}),
        )
    }

    fn create_access_key_with(
        &self,
        account: &Account,
        name: &str,
        unrestricted: bool,
    ) -> AccessKey {
        self.create_access_key_from(account, json!({"name": name, "unrestricted": unrestricted}))
    }

    fn create_access_key_from(&self, account: &Account, key: serde_json::Value) -> AccessKey {
        let token = self.user_token(account);
        let created = self
            .request(
                &token,
                "POST",
                &format!("/users/{}/application_credentials", account.user_id),
                Some(json!({ "application_credential": key })),
            )
            .unwrap_or_else(|(status, text)| panic!("creating an access key: {status}: {text}"));
        let credential = &created["application_credential"];
        AccessKey {
            id: credential["id"].as_str().unwrap().to_string(),
            name: credential["name"].as_str().unwrap().to_string(),
            secret: credential["secret"].as_str().unwrap().to_string(),
        }
    }
}

/// Keystone's database and keys are made once (db_sync and bootstrap take several seconds)
/// into target/keystone-template, under a lock, and copied for every test binary.
fn copy_template(dir: &Path) -> Result<(), String> {
    let template = manifest_dir().join("target/keystone-template");
    let lock = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(manifest_dir().join("target/keystone-template.lock"))
        .map_err(|e| e.to_string())?;
    lock.lock().map_err(|e| e.to_string())?;
    if !template.join("ready").exists() {
        let _ = fs::remove_dir_all(&template);
        fs::create_dir_all(&template).map_err(|e| e.to_string())?;
        let config = write_config(&template);
        let user = run_output("id", &["-un"])?;
        let group = run_output("id", &["-gn"])?;
        let manage = venv_bin("keystone-manage");
        let config = config.to_str().unwrap();
        for args in [
            vec!["db_sync"],
            vec![
                "fernet_setup",
                "--keystone-user",
                &user,
                "--keystone-group",
                &group,
            ],
            vec![
                "credential_setup",
                "--keystone-user",
                &user,
                "--keystone-group",
                &group,
            ],
            vec![
                "bootstrap",
                "--bootstrap-password",
                ADMIN_PASSWORD,
                "--bootstrap-public-url",
                "http://127.0.0.1:5000/v3",
            ],
        ] {
            let output = Command::new(&manage)
                .args(["--config-file", config])
                .args(&args)
                .output()
                .map_err(|e| e.to_string())?;
            if !output.status.success() {
                return Err(format!(
                    "keystone-manage {} failed: {}",
                    args[0],
                    String::from_utf8_lossy(&output.stderr)
                ));
            }
        }
        fs::write(template.join("ready"), b"").map_err(|e| e.to_string())?;
    }
    copy_dir(&template, dir).map_err(|e| e.to_string())
}

fn run_output(program: &str, args: &[&str]) -> Result<String, String> {
    let output = Command::new(program)
        .args(args)
        .output()
        .map_err(|e| e.to_string())?;
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)?;
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(to, fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// keystone.conf for a Keystone whose files are all in `dir`.
fn write_config(dir: &Path) -> PathBuf {
    for sub in ["fernet-keys", "receipt-keys", "credential-keys"] {
        fs::create_dir_all(dir.join(sub)).unwrap();
    }
    let d = dir.display();
    let text = format!(
        "[DEFAULT]\n\
         log_file = {d}/keystone.log\n\
         [database]\n\
         connection = sqlite:///{d}/keystone.db\n\
         [token]\n\
         provider = fernet\n\
         expiration = 3600\n\
         [fernet_tokens]\n\
         key_repository = {d}/fernet-keys\n\
         [fernet_receipts]\n\
         key_repository = {d}/receipt-keys\n\
         [credential]\n\
         key_repository = {d}/credential-keys\n\
         [application_credential]\n\
         user_limit = -1\n\
         [identity]\n\
         # bcrypt's cheapest cost: the tests hash many secrets, and this is no production.\n\
         password_hash_rounds = 4\n"
    );
    let path = dir.join("keystone.conf");
    fs::write(&path, text).unwrap();
    path
}
