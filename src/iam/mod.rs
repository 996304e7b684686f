//! The KakaoCloud IAM client: requests, response types and error mapping. No terminal I/O
//! beyond the `-v` request log on stderr.

mod types;

pub use types::{
    AccessKeyInfo, CreatedAccessKey, CreatedS3Key, NewAccessKey, ProjectInfo, S3KeyInfo, TokenInfo,
    token_request,
};

use crate::config::AccessKey;
use crate::error::{Error, ErrorKind, Result};
use reqwest::StatusCode;
use reqwest::blocking::{Client, RequestBuilder, Response};
use reqwest::header::{CONTENT_TYPE, HeaderValue};
use secrecy::{ExposeSecret, SecretString};
use std::time::{Duration, Instant};
use types::{
    ApplicationCredentials, CreatedApplicationCredential, CreatedEc2Credential, Ec2Credentials,
    ErrorBody, Projects, TokenBody,
};

const SUBJECT_TOKEN: &str = "X-Subject-Token";
const AUTH_TOKEN: &str = "X-Auth-Token";

/// A token fresh from the server, with what its body says about it.
pub struct IssuedToken {
    pub token: SecretString,
    pub info: TokenInfo,
}

/// What the server says of a token it was asked to validate.
pub enum Validation {
    Valid(TokenInfo),
    Invalid(String),
}

pub struct IamClient {
    endpoint: String,
    http: Client,
    verbose: bool,
}

impl IamClient {
    /// `endpoint` is the identity API root, already validated, e.g.
    /// `https://iam.kakaocloud.com/identity/v3`.
    pub fn new(endpoint: &str, timeout: Duration, verbose: bool) -> Result<Self> {
        let http = Client::builder()
            .user_agent(concat!("kcred/", env!("CARGO_PKG_VERSION")))
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .build()
            .map_err(|err| Error::other(format!("cannot set up HTTPS: {}", chain(&err))))?;
        Ok(IamClient {
            endpoint: endpoint.trim_end_matches('/').to_string(),
            http,
            verbose,
        })
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// `POST /auth/tokens` with an IAM access key, by method 1 or 2.
    pub fn issue_token(&self, key: &AccessKey, secret: &SecretString) -> Result<IssuedToken> {
        let body = token_request(key, secret.expose_secret()).to_string();
        let request = self
            .http
            .post(self.url("/auth/tokens"))
            .header(CONTENT_TYPE, "application/json")
            .body(body);
        let response = self.send("POST", "/auth/tokens", request)?;
        if response.status() != StatusCode::CREATED && response.status() != StatusCode::OK {
            return Err(self.status_error("POST", "/auth/tokens", response));
        }
        let token = response
            .headers()
            .get(SUBJECT_TOKEN)
            .and_then(|value| value.to_str().ok())
            .filter(|value| !value.is_empty())
            .map(|value| SecretString::from(value.to_string()))
            .ok_or_else(|| {
                self.malformed(
                    "POST",
                    "/auth/tokens",
                    "the answer has no X-Subject-Token header",
                )
            })?;
        let info = self.token_info("POST", "/auth/tokens", response)?;
        Ok(IssuedToken { token, info })
    }

    /// `GET /auth/tokens`: asks the server whether `token` is still valid. The token
    /// authenticates itself (KakaoCloud lets a token's owner validate it).
    pub fn validate_token(&self, token: &SecretString) -> Result<Validation> {
        let request = self.with_subject(self.http.get(self.url("/auth/tokens")), token)?;
        let response = self.send("GET", "/auth/tokens", request)?;
        match response.status() {
            StatusCode::OK => Ok(Validation::Valid(self.token_info(
                "GET",
                "/auth/tokens",
                response,
            )?)),
            StatusCode::UNAUTHORIZED | StatusCode::NOT_FOUND => {
                Ok(Validation::Invalid(server_message(response)))
            }
            _ => Err(self.status_error("GET", "/auth/tokens", response)),
        }
    }

    /// `DELETE /auth/tokens`: revokes `token`. Returns false when the server says it was no
    /// longer valid anyway.
    pub fn revoke_token(&self, token: &SecretString) -> Result<bool> {
        let request = self.with_subject(self.http.delete(self.url("/auth/tokens")), token)?;
        let response = self.send("DELETE", "/auth/tokens", request)?;
        match response.status() {
            status if status.is_success() => Ok(true),
            StatusCode::UNAUTHORIZED | StatusCode::NOT_FOUND => Ok(false),
            _ => Err(self.status_error("DELETE", "/auth/tokens", response)),
        }
    }

    /// `GET /users/{user_id}/application_credentials`: the user's IAM access keys.
    pub fn list_access_keys(
        &self,
        token: &SecretString,
        user_id: &str,
    ) -> Result<Vec<AccessKeyInfo>> {
        let path = format!("/users/{user_id}/application_credentials");
        let list: ApplicationCredentials = self.call_json("GET", &path, token, None)?;
        Ok(list.application_credentials)
    }

    /// `POST /users/{user_id}/application_credentials`: a new IAM access key, with the secret
    /// the server shows this once.
    pub fn create_access_key(
        &self,
        token: &SecretString,
        user_id: &str,
        request: &NewAccessKey,
    ) -> Result<CreatedAccessKey> {
        let path = format!("/users/{user_id}/application_credentials");
        let body = serde_json::json!({ "application_credential": request });
        let created: CreatedApplicationCredential =
            self.call_json("POST", &path, token, Some(body))?;
        Ok(created.application_credential)
    }

    /// `DELETE /users/{user_id}/application_credentials/{id}`.
    pub fn delete_access_key(&self, token: &SecretString, user_id: &str, id: &str) -> Result<()> {
        let path = format!("/users/{user_id}/application_credentials/{id}");
        self.call("DELETE", &path, token, None).map(drop)
    }

    /// `GET /users/{user_id}/credentials/OS-EC2`: the user's S3 access keys (never their secrets).
    pub fn list_s3_keys(&self, token: &SecretString, user_id: &str) -> Result<Vec<S3KeyInfo>> {
        let path = format!("/users/{user_id}/credentials/OS-EC2");
        let list: Ec2Credentials = self.call_json("GET", &path, token, None)?;
        Ok(list.credentials)
    }

    /// `POST /users/{user_id}/credentials/OS-EC2` for `project_id`.
    pub fn create_s3_key(
        &self,
        token: &SecretString,
        user_id: &str,
        project_id: &str,
    ) -> Result<CreatedS3Key> {
        let path = format!("/users/{user_id}/credentials/OS-EC2");
        let body = serde_json::json!({ "tenant_id": project_id });
        let created: CreatedEc2Credential = self.call_json("POST", &path, token, Some(body))?;
        Ok(created.credential)
    }

    /// `DELETE /users/{user_id}/credentials/OS-EC2/{access}`.
    pub fn delete_s3_key(&self, token: &SecretString, user_id: &str, access: &str) -> Result<()> {
        let path = format!("/users/{user_id}/credentials/OS-EC2/{access}");
        self.call("DELETE", &path, token, None).map(drop)
    }

    /// `GET /users/{user_id}/projects`.
    pub fn list_projects(&self, token: &SecretString, user_id: &str) -> Result<Vec<ProjectInfo>> {
        let path = format!("/users/{user_id}/projects");
        let list: Projects = self.call_json("GET", &path, token, None)?;
        Ok(list.projects)
    }

    /// An authenticated request whose success is any 2xx.
    fn call(
        &self,
        method: &str,
        path: &str,
        token: &SecretString,
        body: Option<serde_json::Value>,
    ) -> Result<Response> {
        let http_method = reqwest::Method::from_bytes(method.as_bytes())
            .map_err(|_| Error::other(format!("bad HTTP method {method}")))?;
        let mut value = HeaderValue::from_str(token.expose_secret())
            .map_err(|_| Error::other("the token is not a valid header value"))?;
        value.set_sensitive(true);
        let mut request = self
            .http
            .request(http_method, self.url(path))
            .header(AUTH_TOKEN, value);
        if let Some(body) = body {
            request = request
                .header(CONTENT_TYPE, "application/json")
                .body(body.to_string());
        }
        let response = self.send(method, path, request)?;
        if response.status().is_success() {
            Ok(response)
        } else {
            Err(self.status_error(method, path, response))
        }
    }

    fn call_json<T: serde::de::DeserializeOwned>(
        &self,
        method: &str,
        path: &str,
        token: &SecretString,
        body: Option<serde_json::Value>,
    ) -> Result<T> {
        let response = self.call(method, path, token, body)?;
        let bytes = response
            .bytes()
            .map_err(|err| self.transport_error(method, path, &err))?;
        serde_json::from_slice(&bytes)
            .map_err(|_| self.malformed(method, path, "the body is not the expected JSON"))
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.endpoint)
    }

    fn with_subject(
        &self,
        request: RequestBuilder,
        token: &SecretString,
    ) -> Result<RequestBuilder> {
        let mut value = HeaderValue::from_str(token.expose_secret())
            .map_err(|_| Error::other("the cached token is not a valid header value"))?;
        value.set_sensitive(true);
        Ok(request
            .header(AUTH_TOKEN, value.clone())
            .header(SUBJECT_TOKEN, value))
    }

    /// Sends a request; transport failures become one-line network errors. With `-v` the
    /// method, URL, status and time go to stderr; headers and bodies (secrets) never do.
    fn send(&self, method: &str, path: &str, request: RequestBuilder) -> Result<Response> {
        let started = Instant::now();
        let result = request.send();
        let elapsed = started.elapsed().as_millis();
        match result {
            Ok(response) => {
                if self.verbose {
                    eprintln!(
                        "kcred: {method} {} -> {} ({elapsed} ms)",
                        self.url(path),
                        response.status()
                    );
                }
                Ok(response)
            }
            Err(err) => {
                if self.verbose {
                    eprintln!(
                        "kcred: {method} {} -> failed ({elapsed} ms)",
                        self.url(path)
                    );
                }
                Err(self.transport_error(method, path, &err))
            }
        }
    }

    fn token_info(&self, method: &str, path: &str, response: Response) -> Result<TokenInfo> {
        let bytes = response
            .bytes()
            .map_err(|err| self.transport_error(method, path, &err))?;
        let body: TokenBody = serde_json::from_slice(&bytes)
            .map_err(|_| self.malformed(method, path, "the token body is not the expected JSON"))?;
        body.into_info()
            .map_err(|why| self.malformed(method, path, &why))
    }

    fn transport_error(&self, method: &str, path: &str, err: &reqwest::Error) -> Error {
        let url = self.url(path);
        let what = if err.is_timeout() {
            "no answer in time".to_string()
        } else if err.is_connect() {
            format!("cannot connect: {}", chain(err))
        } else {
            chain(err)
        };
        Error::network(format!("{method} {url} failed: {what}")).with_hint(
            "check the endpoint and your network; `--timeout` (or KCRED_TIMEOUT) sets how long to wait",
        )
    }

    fn malformed(&self, method: &str, path: &str, why: &str) -> Error {
        Error::network(format!(
            "{method} {}: unexpected answer: {why}",
            self.url(path)
        ))
        .with_hint("check that the endpoint is KakaoCloud's identity API (…/identity/v3)")
    }

    fn status_error(&self, method: &str, path: &str, response: Response) -> Error {
        let status = response.status();
        let message = server_message(response);
        let text = format!("{method} {}: {status}: {message}", self.url(path));
        let kind = match status {
            StatusCode::UNAUTHORIZED => ErrorKind::Rejected,
            status if status.is_server_error() => ErrorKind::Network,
            _ => ErrorKind::Other,
        };
        Error::new(kind, text).with_http_status(status.as_u16())
    }
}

/// The server's own explanation from `{"error":{"message":…}}`, else the status text.
fn server_message(response: Response) -> String {
    let status = response.status();
    let body = response.bytes().unwrap_or_default();
    serde_json::from_slice::<ErrorBody>(&body)
        .ok()
        .and_then(|body| body.error.message.or(body.error.title))
        .map(|message| message.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_string())
}

/// An error and its causes on one line (reqwest's own Display stops at the outermost one).
fn chain(err: &dyn std::error::Error) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = err.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = cause.source();
    }
    parts.join(": ")
}
