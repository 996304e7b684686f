//! A client of a Vault-compatible server (OpenBao, HashiCorp Vault), the store of shared
//! profiles: KV v2 with check-and-set, and the logins of machines without a Vault token
//! (AppRole, JWT). It connects the way every Vault client does: `VAULT_ADDR`, `VAULT_TOKEN`
//! (else `~/.vault-token`), `VAULT_NAMESPACE`, `VAULT_CACERT`.
//!
//! The HTTP API is used directly, on kcred's one request pipeline ([`crate::http`]): the few
//! calls kcred makes do not need a client crate, and the pipeline already gives timeouts, no
//! redirects, the `-v` log and secret-free errors.
//!
//! Every failure here is the store's (exit 4), in one line that names `VAULT_ADDR` and the
//! path. Nothing falls back to another store.
//!
//! Layout below `MOUNT/data/PREFIX/` (defaults `secret`, `kcred`):
//! - `profiles/NAME`: a profile's settings, as config.toml would hold them;
//! - `secrets/…`: secrets, named as in the OS keyring (`secrets/profile/NAME/access-key-secret`);
//! - `cache/KIND/NAME`: a cached token (or temporary key) with what is known of it;
//! - `locks/KIND/NAME`: who issues for a profile now, so the fleet issues once.

mod cache;
mod login;
mod profiles;
mod store;

pub use cache::VaultCache;
pub use login::LoginCache;
pub use store::{Unavailable, VaultStore};

use crate::config::EndpointProblem;
use crate::error::{Error, Result};
use crate::http::{Answer, Http, Request};
use crate::tls::Trust;
use crate::token_cache::Issued;
use login::{LoginInfo, LoginKey, Outcome};
use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};
use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub const DEFAULT_MOUNT: &str = "secret";
pub const DEFAULT_PREFIX: &str = "kcred";
pub const DEFAULT_APPROLE_MOUNT: &str = "approle";
pub const DEFAULT_JWT_MOUNT: &str = "jwt";

/// How long answers that mean "the cluster is electing a leader" are waited out.
const ELECTION_WAIT: Duration = Duration::from_secs(10);

const LOGIN_HINT: &str = "set VAULT_TOKEN, log in with `bao login` or `vault login` \
     (~/.vault-token), or set KCRED_VAULT_ROLE_ID and KCRED_VAULT_SECRET_ID (AppRole) or \
     KCRED_VAULT_JWT_ROLE and KCRED_VAULT_JWT (JWT)";

/// How kcred gets a Vault token.
pub enum Login {
    Token(SecretString),
    AppRole {
        mount: String,
        role_id: String,
        secret_id: SecretString,
    },
    Jwt {
        mount: String,
        role: String,
        jwt: SecretString,
    },
    /// No way to get a token was given: an error at the first request.
    Missing,
}

impl Login {
    /// Whether a token comes from a login (AppRole, JWT), one that may be kept.
    pub fn logs_in(&self) -> bool {
        matches!(self, Login::AppRole { .. } | Login::Jwt { .. })
    }
}

/// Where the server is and how to reach it, from the environment.
pub struct VaultSettings {
    pub addr: String,
    pub namespace: Option<String>,
    pub ca_cert: Option<PathBuf>,
    /// `SSL_CERT_FILE`: the system trust store's file, used when there is no `VAULT_CACERT`.
    pub system_ca_file: Option<PathBuf>,
    pub mount: String,
    pub prefix: String,
    pub login: Login,
}

impl VaultSettings {
    /// The settings from `lookup` (the environment); `home` holds `.vault-token`.
    pub fn from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
        home: Option<&Path>,
    ) -> Result<VaultSettings> {
        let var = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let addr = var("VAULT_ADDR").ok_or_else(|| {
            Error::keyring("the Vault store needs VAULT_ADDR, the server's address")
                .with_hint("set VAULT_ADDR, e.g. https://vault.example.com:8200")
        })?;
        // The same rule as every endpoint: the token, an AppRole secret and the secrets
        // written cross the network, so https, except on a loopback host.
        let addr = match crate::config::normalise_endpoint(addr.trim()) {
            Ok(addr) => addr,
            Err(EndpointProblem::Credentials) => {
                return Err(
                    Error::keyring("VAULT_ADDR must not contain a user name or password")
                        .with_hint("give the Vault token in VAULT_TOKEN instead"),
                );
            }
            Err(EndpointProblem::Other(why)) => {
                return Err(Error::keyring(format!(
                    "VAULT_ADDR {} is refused: {why}",
                    crate::config::quoted(addr.trim())
                ))
                .with_hint(
                    "set VAULT_ADDR to an https URL, e.g. https://vault.example.com:8200 \
                     (plain http only on a loopback host)",
                ));
            }
        };
        let segment = |name: &str, default: &str| -> Result<String> {
            let value = var(name).unwrap_or_else(|| default.to_string());
            let value = value.trim_matches('/').to_string();
            let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/');
            if value.is_empty() || !value.chars().all(plain) || value.contains("..") {
                return Err(
                    Error::usage(format!("{name} '{value}' is not a usable path"))
                        .with_hint("use letters, digits, '-', '_', '.' and '/'"),
                );
            }
            Ok(value)
        };
        let login = if let Some(token) = var("VAULT_TOKEN") {
            Login::Token(SecretString::from(token.trim().to_string()))
        } else if let Some(role_id) = var("KCRED_VAULT_ROLE_ID") {
            let secret_id = var("KCRED_VAULT_SECRET_ID").ok_or_else(|| {
                Error::keyring("KCRED_VAULT_ROLE_ID is set but KCRED_VAULT_SECRET_ID is not")
                    .with_hint("AppRole login needs both the role ID and a secret ID")
            })?;
            Login::AppRole {
                mount: segment("KCRED_VAULT_APPROLE_MOUNT", DEFAULT_APPROLE_MOUNT)?,
                role_id,
                secret_id: SecretString::from(secret_id),
            }
        } else if let Some(role) = var("KCRED_VAULT_JWT_ROLE") {
            let jwt = var("KCRED_VAULT_JWT").ok_or_else(|| {
                Error::keyring("KCRED_VAULT_JWT_ROLE is set but KCRED_VAULT_JWT is not")
                    .with_hint("JWT login needs the role and the job's identity token")
            })?;
            Login::Jwt {
                mount: segment("KCRED_VAULT_JWT_MOUNT", DEFAULT_JWT_MOUNT)?,
                role,
                jwt: SecretString::from(jwt.trim().to_string()),
            }
        } else {
            home.and_then(|home| std::fs::read_to_string(home.join(".vault-token")).ok())
                .map(|token| token.trim().to_string())
                .filter(|token| !token.is_empty())
                .map_or(Login::Missing, |token| {
                    Login::Token(SecretString::from(token))
                })
        };
        Ok(VaultSettings {
            addr,
            namespace: var("VAULT_NAMESPACE"),
            ca_cert: var("VAULT_CACERT").map(PathBuf::from),
            system_ca_file: var("SSL_CERT_FILE").map(PathBuf::from),
            mount: segment("KCRED_VAULT_MOUNT", DEFAULT_MOUNT)?,
            prefix: segment("KCRED_VAULT_PREFIX", DEFAULT_PREFIX)?,
            login,
        })
    }
}

/// One version of a KV v2 entry: its data (`None` when absent or deleted) and its version
/// number (0 when it never existed), for check-and-set.
#[derive(Debug)]
pub struct Versioned {
    pub data: Option<Value>,
    pub version: u64,
}

/// A check-and-set write either took or found another version there.
#[derive(Debug, PartialEq, Eq)]
pub enum Written {
    Version(u64),
    Conflict,
}

const VAULT_TLS_HINT: &str = "for a Vault server with a CA of its own, set VAULT_CACERT to that \
     CA's PEM file (it is then the only CA trusted for Vault); else the system's trust store \
     must know the server's certificate";

pub struct Vault {
    http: Http,
    addr: String,
    namespace: Option<String>,
    mount: String,
    prefix: String,
    login: Login,
    /// The Vault token of this run, once known.
    token: RefCell<Option<Held>>,
    /// Where this machine keeps the token of its login; `None`: a login per run.
    logins: Option<LoginCache>,
    /// The `-v` log.
    log: Option<crate::http::RequestLog>,
    /// The `X-Vault-Index` of this run's last write. Sent with later requests, it makes a
    /// standby that has not caught up with that write say so (and be asked again) rather than
    /// answer from an older state: after taking the fleet's lock, a machine must see the token
    /// the previous holder cached.
    last_write: std::cell::RefCell<Option<String>>,
}

impl Vault {
    pub fn connect(
        settings: VaultSettings,
        timeout: Duration,
        log: Option<crate::http::RequestLog>,
    ) -> Result<Vault> {
        // As Vault's own client: a CA file of the server's own is the only one trusted. A
        // plain `http://` Vault (loopback only) makes no handshake: its CA is not read.
        let plain = settings.addr.starts_with("http://");
        let trust = match settings.ca_cert.as_ref().filter(|_| !plain) {
            Some(path) => {
                let pem = crate::tls::read_ca_file("VAULT_CACERT", path).map_err(|why| {
                    Error::keyring(why)
                        .with_hint("point VAULT_CACERT at the PEM file of Vault's CA")
                })?;
                Trust::only_pem(&pem).map_err(|why| {
                    Error::keyring(format!(
                        "VAULT_CACERT {} is not a PEM certificate: {why}",
                        path.display()
                    ))
                })?
            }
            None => Trust::System {
                ca_file: settings.system_ca_file.clone(),
            },
        };
        let http = Http::trusting(timeout, log.clone(), trust)?
            .with_unreachable_hint("check VAULT_ADDR and that the Vault server is running");
        Ok(Vault {
            http,
            addr: settings.addr,
            namespace: settings.namespace,
            mount: settings.mount,
            prefix: settings.prefix,
            login: settings.login,
            token: RefCell::new(None),
            logins: None,
            log,
            last_write: std::cell::RefCell::new(None),
        })
    }

    /// Keeps the token of an AppRole or JWT login in `logins`, for this machine's later runs.
    pub fn keeping_logins(mut self, logins: LoginCache) -> Vault {
        self.logins = Some(logins);
        self
    }

    fn verbose(&self, message: &str) {
        if let Some(log) = &self.log {
            log(message);
        }
    }

    /// `secret/data/kcred/profiles/ci`: the path messages name.
    fn kv_path(&self, kind: &str, path: &str) -> String {
        let path = path.trim_matches('/');
        if path.is_empty() {
            format!("{}/{kind}/{}", self.mount, self.prefix)
        } else {
            format!("{}/{kind}/{}/{path}", self.mount, self.prefix)
        }
    }

    /// The data of `path` below the prefix, with its version.
    pub fn read(&self, path: &str) -> Result<Versioned> {
        let api_path = self.kv_path("data", path);
        let answer = self.call(Method::GET, &api_path, None)?;
        let body: Value = serde_json::from_slice(&answer.body).unwrap_or(Value::Null);
        let version = body["data"]["metadata"]["version"].as_u64().unwrap_or(0);
        match answer.status {
            StatusCode::OK => {
                let data = body["data"]["data"].clone();
                if !data.is_object() {
                    return Err(self.malformed(&api_path, "no data in the answer"));
                }
                Ok(Versioned {
                    data: Some(data),
                    version,
                })
            }
            // Absent, or its newest version deleted (the answer then still tells the version).
            StatusCode::NOT_FOUND => Ok(Versioned {
                data: None,
                version,
            }),
            _ => Err(self.status_error(&Method::GET, &api_path, &answer)),
        }
    }

    /// Writes `data` to `path`; with `cas`, only if the current version is that one (0: only
    /// if there is none).
    pub fn write(
        &self,
        path: &str,
        data: &Value,
        cas: Option<u64>,
        secret: Option<&SecretString>,
    ) -> Result<Written> {
        let api_path = self.kv_path("data", path);
        let mut body = json!({ "data": data });
        if let Some(cas) = cas {
            body["options"] = json!({ "cas": cas });
        }
        let answer = self.call_carrying(Method::POST, &api_path, Some(&body), secret);
        if secret.is_some() {
            crate::http::wipe_json(&mut body);
        }
        let answer = answer?;
        match answer.status {
            StatusCode::OK | StatusCode::NO_CONTENT => {
                let body: Value = serde_json::from_slice(&answer.body).unwrap_or(Value::Null);
                Ok(Written::Version(
                    body["data"]["version"].as_u64().unwrap_or(0),
                ))
            }
            StatusCode::BAD_REQUEST if errors_text(&answer).contains("check-and-set") => {
                Ok(Written::Conflict)
            }
            _ => Err(self.status_error(&Method::POST, &api_path, &answer)),
        }
    }

    /// Deletes the newest version of `path` (a later write with CAS sees its version).
    pub fn delete(&self, path: &str) -> Result<()> {
        let api_path = self.kv_path("data", path);
        let answer = self.call(Method::DELETE, &api_path, None)?;
        match answer.status {
            StatusCode::OK | StatusCode::NO_CONTENT | StatusCode::NOT_FOUND => Ok(()),
            _ => Err(self.status_error(&Method::DELETE, &api_path, &answer)),
        }
    }

    /// Deletes `path` with all its versions.
    pub fn destroy(&self, path: &str) -> Result<()> {
        let api_path = self.kv_path("metadata", path);
        let answer = self.call(Method::DELETE, &api_path, None)?;
        match answer.status {
            StatusCode::OK | StatusCode::NO_CONTENT | StatusCode::NOT_FOUND => Ok(()),
            _ => Err(self.status_error(&Method::DELETE, &api_path, &answer)),
        }
    }

    /// The names right below `path` (a folder ends in `/`).
    pub fn list(&self, path: &str) -> Result<Vec<String>> {
        let api_path = self.kv_path("metadata", path);
        let list = Method::from_bytes(b"LIST").expect("LIST is a valid method");
        let answer = self.call(list.clone(), &api_path, None)?;
        match answer.status {
            StatusCode::OK => {
                let body: Value = serde_json::from_slice(&answer.body).unwrap_or(Value::Null);
                let keys = body["data"]["keys"]
                    .as_array()
                    .ok_or_else(|| self.malformed(&api_path, "no keys in the answer"))?;
                Ok(keys
                    .iter()
                    .filter_map(|key| key.as_str().map(str::to_string))
                    .collect())
            }
            StatusCode::NOT_FOUND => Ok(Vec::new()),
            _ => Err(self.status_error(&list, &api_path, &answer)),
        }
    }

    fn call(&self, method: Method, api_path: &str, body: Option<&Value>) -> Result<Answer> {
        self.call_carrying(method, api_path, body, None)
    }

    /// Sends one request with the Vault token. A token kept from an earlier login that gets
    /// 403 is dropped: kcred logs in once and sends the request once more.
    fn call_carrying(
        &self,
        method: Method,
        api_path: &str,
        body: Option<&Value>,
        secret: Option<&SecretString>,
    ) -> Result<Answer> {
        let held = self.token()?;
        let answer = self.send(&held.token, &method, api_path, body, secret)?;
        if answer.status == StatusCode::FORBIDDEN && held.from_cache {
            // A 403 is also a path the policy denies (a runner's first guess at a secret):
            // only a token Vault no longer knows is dropped.
            if self.is_alive(&held.token) {
                self.trust(&held.token);
                return Ok(answer);
            }
            self.verbose(&format!(
                "Vault refused the token this machine kept from its login ({method} {api_path}: \
                 403): logging in again"
            ));
            let token = self.log_in_again(&held.token)?;
            return self.send(&token, &method, api_path, body, secret);
        }
        Ok(answer)
    }

    /// Whether Vault still knows `token` (`auth/token/lookup-self`, which every token may
    /// call); unreachable or malformed counts as alive, so the error of the call stands.
    fn is_alive(&self, token: &SecretString) -> bool {
        !matches!(
            self.send(token, &Method::GET, "auth/token/lookup-self", None, None),
            Ok(answer) if answer.status == StatusCode::FORBIDDEN
        )
    }

    /// Marks this run's token as checked: a later 403 is the policy's, not a dead token's.
    fn trust(&self, token: &SecretString) {
        *self.token.borrow_mut() = Some(Held {
            token: token.clone(),
            from_cache: false,
        });
    }

    /// Sends one request with `token`, waiting out a leader election: the answers of a
    /// cluster between two active nodes are retried for a few seconds.
    fn send(
        &self,
        token: &SecretString,
        method: &Method,
        api_path: &str,
        body: Option<&Value>,
        secret: Option<&SecretString>,
    ) -> Result<Answer> {
        let started = Instant::now();
        let mut pause = Duration::from_millis(100);
        loop {
            let mut request = Request::new(method.clone(), format!("{}/v1/{api_path}", self.addr))
                .secret_header("x-vault-token", token)?;
            if let Some(namespace) = &self.namespace {
                request = request.header("x-vault-namespace", namespace)?;
            }
            if let Some(index) = self.last_write.borrow().as_deref() {
                request = request.header("x-vault-index", index)?;
            }
            if let Some(body) = body {
                request = request.json(body);
            }
            if let Some(secret) = secret {
                request = request.carrying(secret);
            }
            let answer = self
                .http
                .send(&request)
                .map_err(|err| self.unavailable(method, api_path, &err))?;
            if is_transient(&answer) && started.elapsed() < ELECTION_WAIT {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_secs(1));
                continue;
            }
            if *method != Method::GET
                && answer.status.is_success()
                && let Some(index) = answer
                    .headers
                    .get("x-vault-index")
                    .and_then(|value| value.to_str().ok())
            {
                *self.last_write.borrow_mut() = Some(index.to_string());
            }
            return Ok(answer);
        }
    }

    /// The Vault token of this run: given, kept from this machine's earlier login, or from a
    /// login now.
    fn token(&self) -> Result<Held> {
        if let Some(held) = self.token.borrow().as_ref() {
            return Ok(held.clone());
        }
        let held = self.obtain(false)?;
        *self.token.borrow_mut() = Some(held.clone());
        Ok(held)
    }

    /// A new login for `dead`, the kept token Vault refused, unless another process of this
    /// machine made one meanwhile; used for the rest of the run.
    fn log_in_again(&self, dead: &SecretString) -> Result<SecretString> {
        let held = match self.obtain(true) {
            Ok(held) => held,
            Err(err) => {
                if let (Some(logins), Some((key, _))) = (&self.logins, self.login_key()) {
                    let _ = logins.forget(&key, Some(dead));
                }
                *self.token.borrow_mut() = None;
                return Err(err);
            }
        };
        // Refused again, it is the usual error: no second login.
        self.trust(&held.token);
        Ok(held.token)
    }

    /// Where and as whom this run logs in, and with what secret; `None` for a given token.
    fn login_key(&self) -> Option<(LoginKey, &SecretString)> {
        let (method, mount, role, secret) = match &self.login {
            Login::AppRole {
                mount,
                role_id,
                secret_id,
            } => ("approle", mount, role_id, secret_id),
            Login::Jwt { mount, role, jwt } => ("jwt", mount, role, jwt),
            Login::Token(_) | Login::Missing => return None,
        };
        let key = LoginKey {
            addr: self.addr.clone(),
            namespace: self.namespace.clone(),
            method,
            mount: mount.clone(),
            role: role.clone(),
        };
        Some((key, secret))
    }

    /// The token of this run's login method: the given one, the one this machine keeps
    /// (renewed past half its life), or a new login's; `refresh` logs in anew.
    fn obtain(&self, refresh: bool) -> Result<Held> {
        let fresh = |token: SecretString| Held {
            token,
            from_cache: false,
        };
        let (key, secret) = match &self.login {
            Login::Token(token) => return Ok(fresh(token.clone())),
            Login::Missing => {
                return Err(Error::keyring(format!(
                    "no Vault token for {} (VAULT_ADDR)",
                    self.addr
                ))
                .with_hint(LOGIN_HINT));
            }
            Login::AppRole { .. } | Login::Jwt { .. } => {
                self.login_key().expect("a login method has a key")
            }
        };
        let Some(logins) = &self.logins else {
            return self.login_now().map(|issued| fresh(issued.secret));
        };
        let renew = |token: &SecretString| self.renew(token);
        let login = || self.login_now();
        match logins.get_or_login(&key, secret, refresh, &renew, &login)? {
            Outcome::Kept(kept) => {
                let left = kept.info.expires_at.duration_since(jiff::Timestamp::now());
                self.verbose(&format!(
                    "Vault login ({}): {} this machine's token, valid for {} s more",
                    key.method,
                    if kept.from_cache { "using" } else { "keeping" },
                    left.as_secs().max(0)
                ));
                Ok(Held {
                    token: kept.token,
                    from_cache: kept.from_cache,
                })
            }
            Outcome::Unusable { error, got } => {
                self.verbose(&format!(
                    "Vault login ({}): not kept on this machine: {}",
                    key.method,
                    error.message()
                ));
                match got {
                    Some(kept) => Ok(fresh(kept.token)),
                    None => self.login_now().map(|issued| fresh(issued.secret)),
                }
            }
        }
    }

    /// Logs in with this run's AppRole or JWT.
    fn login_now(&self) -> Result<Issued<LoginInfo>> {
        match &self.login {
            Login::AppRole {
                mount,
                role_id,
                secret_id,
            } => self.login(
                mount,
                json!({ "role_id": role_id, "secret_id": secret_id.expose_secret() }),
                secret_id,
            ),
            Login::Jwt { mount, role, jwt } => self.login(
                mount,
                json!({ "role": role, "jwt": jwt.expose_secret() }),
                jwt,
            ),
            Login::Token(_) | Login::Missing => Err(Error::other("no login method to log in with")),
        }
    }

    /// The kept token's new expiry from `auth/token/renew-self`; `None` when it was not
    /// renewed (refused, unreachable, an answer that makes no sense), and a login is due.
    fn renew(&self, token: &SecretString) -> Option<LoginInfo> {
        let api_path = "auth/token/renew-self";
        let sent_at = jiff::Timestamp::now();
        let answer = self.send(token, &Method::POST, api_path, Some(&json!({})), None);
        let renewed = match answer {
            Ok(answer) if answer.status == StatusCode::OK => {
                let body: Value = serde_json::from_slice(&answer.body).unwrap_or(Value::Null);
                // The renewal of another token than the one sent is no renewal of it.
                let same = body["auth"]["client_token"]
                    .as_str()
                    .is_some_and(|answered| answered == token.expose_secret());
                same.then(|| LoginInfo::from_auth(&body["auth"], sent_at))
                    .flatten()
            }
            _ => None,
        };
        self.verbose(match renewed {
            Some(_) => "Vault login: renewed this machine's token",
            None => "Vault login: this machine's token was not renewed; logging in again",
        });
        renewed
    }

    /// Drops the token this machine keeps from its login with these settings (whatever its
    /// secret ID), revoking it first so that its lease ends now; returns whether there was
    /// one. Nothing for a given `VAULT_TOKEN`.
    pub fn forget_login(&self) -> Result<bool> {
        let (Some(logins), Some((key, _))) = (&self.logins, self.login_key()) else {
            return Ok(false);
        };
        if let Some(token) = logins.kept(&key) {
            let revoked = self.send(
                &token,
                &Method::POST,
                "auth/token/revoke-self",
                Some(&json!({})),
                None,
            );
            // A token that is gone already is as good as revoked.
            if !revoked.is_ok_and(|answer| answer.status.is_success()) {
                self.verbose(
                    "Vault login: the kept token was not revoked (it may be gone already)",
                );
            }
        }
        *self.token.borrow_mut() = None;
        logins.forget(&key, None)
    }

    /// One login: its token, and how long it may be kept (not at all when the server's TTL
    /// is none or makes no sense: an expiry of now).
    fn login(
        &self,
        mount: &str,
        mut body: Value,
        secret: &SecretString,
    ) -> Result<Issued<LoginInfo>> {
        let api_path = format!("auth/{mount}/login");
        let sent_at = jiff::Timestamp::now();
        let request = Request::new(Method::POST, format!("{}/v1/{api_path}", self.addr))
            .json(&body)
            .carrying(secret);
        // The request has its own (wiped) copy.
        crate::http::wipe_json(&mut body);
        let request = match &self.namespace {
            Some(namespace) => request.header("x-vault-namespace", namespace)?,
            None => request,
        };
        let answer = self
            .http
            .send(&request)
            .map_err(|err| self.unavailable(&Method::POST, &api_path, &err))?;
        if answer.status != StatusCode::OK {
            return Err(self
                .status_error(&Method::POST, &api_path, &answer)
                .or_hint("check the login settings (KCRED_VAULT_ROLE_ID/SECRET_ID or KCRED_VAULT_JWT_ROLE/JWT) and the auth mount"));
        }
        let body: Value = serde_json::from_slice(&answer.body).unwrap_or(Value::Null);
        let token = body["auth"]["client_token"]
            .as_str()
            .filter(|token| !token.is_empty())
            .map(|token| SecretString::from(token.to_string()))
            .ok_or_else(|| self.malformed(&api_path, "the login answer has no token"))?;
        let info = LoginInfo::from_auth(&body["auth"], sent_at).unwrap_or(LoginInfo {
            expires_at: sent_at,
            renewable: false,
        });
        Ok(Issued {
            secret: token,
            info,
        })
    }

    /// `Vault at ADDR (VAULT_ADDR): METHOD PATH: …`
    fn what(&self, method: &Method, api_path: &str) -> String {
        format!("Vault at {} (VAULT_ADDR): {method} {api_path}", self.addr)
    }

    fn unavailable(&self, method: &Method, api_path: &str, err: &Error) -> Error {
        // The pipeline's message starts with the method and URL; say it the store's way.
        let why = err
            .message()
            .split_once(": ")
            .map_or(err.message(), |(_, why)| why);
        let error = Error::keyring(format!("{}: {why}", self.what(method, api_path)));
        match err.hint() {
            // Vault's own setting for a server's CA, before the system's trust store.
            Some(crate::http::TLS_HINT) => error.with_hint(VAULT_TLS_HINT),
            _ => error.with_hint_of(err),
        }
    }

    fn malformed(&self, api_path: &str, why: &str) -> Error {
        Error::keyring(format!(
            "{}: unexpected answer: {why}",
            self.what(&Method::GET, api_path)
        ))
        .with_hint("check that VAULT_ADDR is a Vault or OpenBao server")
    }

    fn status_error(&self, method: &Method, api_path: &str, answer: &Answer) -> Error {
        let errors = answer.clean(&errors_text(answer));
        let status = answer.status;
        let mut text = format!("{}: {status}", self.what(method, api_path));
        if !errors.is_empty() {
            text = format!("{text}: {errors}");
        }
        let hint = if errors.contains("sealed") {
            "unseal the server (`bao operator unseal`), or point VAULT_ADDR at an unsealed one"
        } else if status == StatusCode::FORBIDDEN {
            "the Vault token has expired or its policy does not allow this path: log in again, \
             or see the policies in kcred's guide (docs/guide.md)"
        } else if status.is_redirection() {
            "VAULT_ADDR is a standby that redirects: point it at the active node or the \
             cluster's load balancer"
        } else if status == StatusCode::NOT_FOUND && api_path.starts_with("auth/") {
            "check the auth mount (KCRED_VAULT_APPROLE_MOUNT, KCRED_VAULT_JWT_MOUNT)"
        } else if status == StatusCode::NOT_FOUND || errors.contains("no handler") {
            "check the KV mount (KCRED_VAULT_MOUNT, a KV version 2 secrets engine)"
        } else {
            "check the Vault server"
        };
        Error::keyring(text)
            .with_hint(hint)
            .with_http_status(status.as_u16())
    }
}

/// The Vault token of a run, and whether it was kept from an earlier login (and so may be
/// dead by now).
#[derive(Clone)]
struct Held {
    token: SecretString,
    from_cache: bool,
}

/// The `errors` a Vault answer lists, joined; the body's text when it has none.
fn errors_text(answer: &Answer) -> String {
    let body: Value = serde_json::from_slice(&answer.body).unwrap_or(Value::Null);
    match body["errors"].as_array() {
        Some(errors) => errors
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("; "),
        None if answer.status.is_success() => String::new(),
        // Whole: cut short only once what the request carried is out of it.
        None => answer.text(),
    }
}

/// Whether an answer is worth waiting out for a few seconds: a standby that has not caught up
/// with a write yet (429, 412), or a cluster between two active nodes — a standby redirecting
/// writes to the active node that is gone (307, never followed: it would take the Vault token
/// elsewhere), then "active cluster node not found" (5xx). A sealed server stays sealed.
fn is_transient(answer: &Answer) -> bool {
    match answer.status {
        StatusCode::TOO_MANY_REQUESTS
        | StatusCode::PRECONDITION_FAILED
        | StatusCode::TEMPORARY_REDIRECT => true,
        status if status.is_server_error() => {
            let errors = errors_text(answer).to_ascii_lowercase();
            !errors.contains("sealed")
                && ["active", "leader", "standby", "election", "forward"]
                    .iter()
                    .any(|word| errors.contains(word))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn settings(vars: &[(&str, &str)], home: Option<&Path>) -> Result<VaultSettings> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        VaultSettings::from_lookup(
            |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()),
            home,
        )
    }

    #[test]
    fn vault_addr_is_required_and_has_no_credentials() {
        let err = settings(&[], None).err().unwrap();
        assert_eq!(err.kind(), ErrorKind::Keyring);
        assert!(err.message().contains("VAULT_ADDR"));
        let err = settings(&[("VAULT_ADDR", "https://u:p@vault:8200")], None)
            .err()
            .unwrap();
        assert!(!err.message().contains("u:p"));
    }

    #[test]
    fn vault_addr_is_https_except_on_loopback_as_every_endpoint() {
        for good in [
            "https://vault.example.com:8200",
            "http://127.0.0.1:8200",
            "http://localhost:8200",
        ] {
            assert!(settings(&[("VAULT_ADDR", good)], None).is_ok(), "{good}");
        }
        for bad in [
            "http://remote-host:8200",
            "http://[::ffff:127.0.0.1]:8200",
            "http://127.0.0.1:1\\@evil.example:2",
            "ftp://127.0.0.1:8200",
            "https://vault.example.com:8200?x=1",
        ] {
            let err = settings(&[("VAULT_ADDR", bad)], None).err().unwrap();
            assert_eq!(err.kind(), ErrorKind::Keyring, "{bad}");
            assert!(err.message().contains("VAULT_ADDR"), "{bad}");
        }
        let s = settings(&[("VAULT_ADDR", "HTTPS://Vault.Example.com:443/")], None).unwrap();
        assert_eq!(s.addr, "https://vault.example.com");
    }

    #[test]
    fn vault_token_wins_then_approle_then_jwt_then_the_token_file() {
        let home = tempfile::tempdir().unwrap();
        std::fs::write(home.path().join(".vault-token"), "file-token\n").unwrap();
        let addr = ("VAULT_ADDR", "http://127.0.0.1:8200/");
        let s = settings(&[addr], Some(home.path())).unwrap();
        assert_eq!(s.addr, "http://127.0.0.1:8200");
        assert!(matches!(&s.login, Login::Token(t) if t.expose_secret() == "file-token"));
        let s = settings(
            &[
                addr,
                ("KCRED_VAULT_JWT_ROLE", "ci"),
                ("KCRED_VAULT_JWT", "a.b.c"),
            ],
            Some(home.path()),
        )
        .unwrap();
        assert!(
            matches!(&s.login, Login::Jwt { mount, role, .. } if mount == "jwt" && role == "ci")
        );
        let s = settings(
            &[
                addr,
                ("KCRED_VAULT_ROLE_ID", "r"),
                ("KCRED_VAULT_SECRET_ID", "s"),
                ("KCRED_VAULT_JWT_ROLE", "ci"),
                ("KCRED_VAULT_JWT", "a.b.c"),
            ],
            None,
        )
        .unwrap();
        assert!(matches!(&s.login, Login::AppRole { mount, .. } if mount == "approle"));
        let s = settings(
            &[addr, ("VAULT_TOKEN", "t"), ("KCRED_VAULT_ROLE_ID", "r")],
            None,
        )
        .unwrap();
        assert!(matches!(&s.login, Login::Token(t) if t.expose_secret() == "t"));
        let s = settings(&[addr], None).unwrap();
        assert!(matches!(s.login, Login::Missing));
    }

    #[test]
    fn half_a_login_is_an_error_naming_the_missing_half() {
        let addr = ("VAULT_ADDR", "http://127.0.0.1:8200");
        let err = settings(&[addr, ("KCRED_VAULT_ROLE_ID", "r")], None)
            .err()
            .unwrap();
        assert!(err.message().contains("KCRED_VAULT_SECRET_ID"));
        let err = settings(&[addr, ("KCRED_VAULT_JWT_ROLE", "ci")], None)
            .err()
            .unwrap();
        assert!(err.message().contains("KCRED_VAULT_JWT"));
    }

    #[test]
    fn mount_and_prefix_are_plain_paths() {
        let addr = ("VAULT_ADDR", "http://127.0.0.1:8200");
        let s = settings(
            &[
                addr,
                ("KCRED_VAULT_MOUNT", "/kv/"),
                ("KCRED_VAULT_PREFIX", "team/ci"),
            ],
            None,
        )
        .unwrap();
        assert_eq!((s.mount.as_str(), s.prefix.as_str()), ("kv", "team/ci"));
        assert!(settings(&[addr, ("KCRED_VAULT_PREFIX", "../x")], None).is_err());
        assert!(settings(&[addr, ("KCRED_VAULT_MOUNT", "a b")], None).is_err());
    }
}
