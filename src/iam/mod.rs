//! The KakaoCloud IAM client: requests, response types and error mapping. No terminal I/O
//! beyond the `-v` request log on stderr.
//!
//! Every failure becomes one line that says what was asked (method and URL) and what went
//! wrong, never with a secret or token in it. A GET that meets a 5xx or a connection that
//! breaks after the request went out is tried once more after a short pause. Nothing else is
//! repeated: a POST may have done its work before its answer was lost.

mod types;

pub use types::{
    AccessKeyInfo, CreatedAccessKey, CreatedS3Key, NewAccessKey, ProjectInfo, S3KeyInfo, TokenInfo,
    token_request,
};

use crate::config::AccessKey;
use crate::error::{Error, ErrorKind, Result};
use crate::http::{Http, clean_message};
use reqwest::blocking::RequestBuilder;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::de::{DeserializeOwned, IgnoredAny};
use std::time::{Duration, Instant};
use types::{
    ApplicationCredentials, CreatedApplicationCredential, CreatedEc2Credential, Ec2Credentials,
    ErrorBody, Projects, TokenBody,
};

const SUBJECT_TOKEN: &str = "X-Subject-Token";
const AUTH_TOKEN: &str = "X-Auth-Token";

/// The pause before a GET is tried the second time.
const RETRY_PAUSE: Duration = Duration::from_millis(250);

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
    http: Http,
}

/// One request to the API, as often as it is sent.
struct Request<'a> {
    method: Method,
    path: String,
    /// The token that authenticates the request (`X-Auth-Token`).
    token: Option<&'a SecretString>,
    /// Whether the token is also the request's subject (`X-Subject-Token`).
    subject: bool,
    /// A JSON body.
    body: Option<String>,
    /// A secret inside the body, kept out of whatever the server says back.
    secret: Option<&'a SecretString>,
    /// For a request that changes something, the hint for when its answer is lost and the
    /// change may have happened all the same.
    if_unanswered: Option<&'static str>,
}

impl<'a> Request<'a> {
    fn new(method: Method, path: String) -> Self {
        Request {
            method,
            path,
            token: None,
            subject: false,
            body: None,
            secret: None,
            if_unanswered: None,
        }
    }

    fn with_token(mut self, token: &'a SecretString) -> Self {
        self.token = Some(token);
        self
    }

    fn with_body(mut self, body: serde_json::Value) -> Self {
        self.body = Some(body.to_string());
        self
    }

    /// Only GETs are repeated: they change nothing on the server.
    fn attempts(&self) -> u32 {
        if self.method == Method::GET { 2 } else { 1 }
    }

    /// The secrets this request carries, which no error may repeat.
    fn secrets(&self) -> impl Iterator<Item = &SecretString> {
        self.token.into_iter().chain(self.secret)
    }
}

/// A response read to its end.
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
    /// How many times the request was sent for it.
    attempts: u32,
}

impl IamClient {
    /// `endpoint` is the identity API root, already validated, e.g.
    /// `https://iam.kakaocloud.com/identity/v3`.
    pub fn new(endpoint: &str, timeout: Duration, verbose: bool) -> Result<Self> {
        Ok(IamClient {
            endpoint: endpoint.trim_end_matches('/').to_string(),
            http: Http::new(timeout, verbose)?,
        })
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// `POST /auth/tokens` with an IAM access key, by method 1 or 2.
    pub fn issue_token(&self, key: &AccessKey, secret: &SecretString) -> Result<IssuedToken> {
        let mut request = Request::new(Method::POST, "/auth/tokens".into())
            .with_body(token_request(key, secret.expose_secret()));
        request.secret = Some(secret);
        let answer = self.send(&request)?;
        // Keystone answers an unknown application credential or user (a wrong access key ID,
        // name or user ID) with its own 404, "Could not find Application Credential: …": that
        // is a rejected key, as a wrong secret is. Any other 404 ("The resource could not be
        // found.", or no Keystone body at all) is a wrong endpoint, and stays a plain error.
        if answer.status == StatusCode::NOT_FOUND
            && server_message(&answer.body, request.secrets())
                .is_some_and(|message| message.starts_with("Could not find"))
        {
            let error = self.status_error(&request, &answer);
            return Err(Error::new(ErrorKind::Rejected, error.message())
                .with_http_status(answer.status.as_u16()));
        }
        if !matches!(answer.status, StatusCode::CREATED | StatusCode::OK) {
            return Err(self.status_error(&request, &answer));
        }
        let token = answer
            .headers
            .get(SUBJECT_TOKEN)
            .and_then(|value| value.to_str().ok())
            .filter(|value| !value.is_empty())
            .map(|value| SecretString::from(value.to_string()))
            .ok_or_else(|| {
                self.malformed(
                    &request,
                    &answer,
                    "the answer has no X-Subject-Token header",
                )
            })?;
        let info = self.token_info(&request, &answer)?;
        Ok(IssuedToken { token, info })
    }

    /// `GET /auth/tokens`: asks the server whether `token` is still valid. The token
    /// authenticates itself (KakaoCloud lets a token's owner validate it).
    pub fn validate_token(&self, token: &SecretString) -> Result<Validation> {
        let mut request = Request::new(Method::GET, "/auth/tokens".into()).with_token(token);
        request.subject = true;
        let answer = self.send(&request)?;
        match answer.status {
            StatusCode::OK => Ok(Validation::Valid(self.token_info(&request, &answer)?)),
            StatusCode::UNAUTHORIZED | StatusCode::NOT_FOUND => {
                Ok(Validation::Invalid(self.server_says(&request, &answer)))
            }
            _ => Err(self.status_error(&request, &answer)),
        }
    }

    /// `DELETE /auth/tokens`: revokes `token`. Returns false when the server says it was no
    /// longer valid anyway.
    pub fn revoke_token(&self, token: &SecretString) -> Result<bool> {
        let mut request = Request::new(Method::DELETE, "/auth/tokens".into()).with_token(token);
        request.subject = true;
        let answer = self.send(&request)?;
        match answer.status {
            status if status.is_success() => Ok(true),
            StatusCode::UNAUTHORIZED | StatusCode::NOT_FOUND => Ok(false),
            _ => Err(self.status_error(&request, &answer)),
        }
    }

    /// `GET /users/{user_id}/application_credentials`: the user's IAM access keys.
    pub fn list_access_keys(
        &self,
        token: &SecretString,
        user_id: &str,
    ) -> Result<Vec<AccessKeyInfo>> {
        let path = format!("/users/{user_id}/application_credentials");
        let request = Request::new(Method::GET, path).with_token(token);
        let list: ApplicationCredentials = self.call_json(&request)?;
        Ok(list.application_credentials)
    }

    /// `POST /users/{user_id}/application_credentials`: a new IAM access key, with the secret
    /// the server shows this once.
    pub fn create_access_key(
        &self,
        token: &SecretString,
        user_id: &str,
        new: &NewAccessKey,
    ) -> Result<CreatedAccessKey> {
        let path = format!("/users/{user_id}/application_credentials");
        let mut request = Request::new(Method::POST, path)
            .with_token(token)
            .with_body(serde_json::json!({ "application_credential": new }));
        request.if_unanswered = Some(
            "KakaoCloud may have created the key all the same: `kcred iam-key list` shows whether it did",
        );
        let created: CreatedApplicationCredential = self.call_json(&request)?;
        Ok(created.application_credential)
    }

    /// `DELETE /users/{user_id}/application_credentials/{id}`.
    pub fn delete_access_key(&self, token: &SecretString, user_id: &str, id: &str) -> Result<()> {
        let path = format!("/users/{user_id}/application_credentials/{id}");
        let mut request = Request::new(Method::DELETE, path).with_token(token);
        request.if_unanswered = Some(
            "KakaoCloud may have deleted the key all the same: `kcred iam-key list` shows whether it did",
        );
        self.call(&request).map(drop)
    }

    /// `GET /users/{user_id}/credentials/OS-EC2`: the user's S3 access keys (never their secrets).
    pub fn list_s3_keys(&self, token: &SecretString, user_id: &str) -> Result<Vec<S3KeyInfo>> {
        let path = format!("/users/{user_id}/credentials/OS-EC2");
        let request = Request::new(Method::GET, path).with_token(token);
        let list: Ec2Credentials = self.call_json(&request)?;
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
        let mut request = Request::new(Method::POST, path)
            .with_token(token)
            .with_body(serde_json::json!({ "tenant_id": project_id }));
        request.if_unanswered = Some(
            "KakaoCloud may have created the key all the same: `kcred s3-key list` shows whether it did",
        );
        let created: CreatedEc2Credential = self.call_json(&request)?;
        Ok(created.credential)
    }

    /// `DELETE /users/{user_id}/credentials/OS-EC2/{access}`.
    pub fn delete_s3_key(&self, token: &SecretString, user_id: &str, access: &str) -> Result<()> {
        let path = format!("/users/{user_id}/credentials/OS-EC2/{access}");
        let mut request = Request::new(Method::DELETE, path).with_token(token);
        request.if_unanswered = Some(
            "KakaoCloud may have deleted the key all the same: `kcred s3-key list` shows whether it did",
        );
        self.call(&request).map(drop)
    }

    /// `GET /users/{user_id}/projects`.
    pub fn list_projects(&self, token: &SecretString, user_id: &str) -> Result<Vec<ProjectInfo>> {
        let path = format!("/users/{user_id}/projects");
        let request = Request::new(Method::GET, path).with_token(token);
        let list: Projects = self.call_json(&request)?;
        Ok(list.projects)
    }

    /// A request whose success is any 2xx.
    fn call(&self, request: &Request) -> Result<Answer> {
        let answer = self.send(request)?;
        if answer.status.is_success() {
            Ok(answer)
        } else {
            Err(self.status_error(request, &answer))
        }
    }

    fn call_json<T: DeserializeOwned>(&self, request: &Request) -> Result<T> {
        let answer = self.call(request)?;
        serde_json::from_slice(&answer.body)
            .map_err(|_| self.malformed(request, &answer, not_json_or_unexpected(&answer.body)))
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.endpoint)
    }

    fn build(&self, request: &Request, url: &str) -> Result<RequestBuilder> {
        let mut builder = self.http.client().request(request.method.clone(), url);
        if let Some(token) = request.token {
            let mut value = HeaderValue::from_str(token.expose_secret())
                .map_err(|_| Error::other("the token is not a valid header value"))?;
            value.set_sensitive(true);
            if request.subject {
                builder = builder.header(SUBJECT_TOKEN, value.clone());
            }
            builder = builder.header(AUTH_TOKEN, value);
        }
        if let Some(body) = &request.body {
            builder = builder
                .header(CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        Ok(builder)
    }

    /// Sends a request and reads its answer to the end; a GET that gets a 5xx or loses its
    /// connection after it was sent is sent once more. With `-v` each attempt's method, URL,
    /// status and time go to stderr; headers and bodies (secrets) never do.
    fn send(&self, request: &Request) -> Result<Answer> {
        let url = self.url(&request.path);
        let mut attempt = 1;
        loop {
            let started = Instant::now();
            let outcome = self.build(request, &url)?.send().and_then(|response| {
                let status = response.status();
                let headers = response.headers().clone();
                response.bytes().map(|body| Answer {
                    status,
                    headers,
                    body: body.to_vec(),
                    attempts: attempt,
                })
            });
            let retry = attempt < request.attempts()
                && match &outcome {
                    Ok(answer) => answer.status.is_server_error(),
                    Err(err) => broke_after_sending(err),
                };
            let status = outcome.as_ref().ok().map(|answer| answer.status);
            self.http
                .log(request.method.as_str(), &url, status, started);
            if retry && self.http.verbose {
                eprintln!(
                    "kcred: trying {} once more in {} ms",
                    request.method,
                    RETRY_PAUSE.as_millis()
                );
            }
            if !retry {
                return outcome.map_err(|err| self.transport_error(request, &err, attempt));
            }
            std::thread::sleep(RETRY_PAUSE);
            attempt += 1;
        }
    }

    fn token_info(&self, request: &Request, answer: &Answer) -> Result<TokenInfo> {
        let body: TokenBody = serde_json::from_slice(&answer.body)
            .map_err(|_| self.malformed(request, answer, not_json_or_unexpected(&answer.body)))?;
        body.into_info()
            .map_err(|why| self.malformed(request, answer, &why))
    }

    /// `GET https://…/v3/auth/tokens` and, after a retry, how often it was tried.
    fn what(&self, request: &Request, attempts: u32) -> String {
        let tried = if attempts > 1 {
            format!(" (tried {attempts} times)")
        } else {
            String::new()
        };
        format!("{} {}{tried}", request.method, self.url(&request.path))
    }

    fn transport_error(&self, request: &Request, err: &reqwest::Error, attempts: u32) -> Error {
        self.http
            .transport_error(&self.what(request, attempts), err, request.if_unanswered)
    }

    fn malformed(&self, request: &Request, answer: &Answer, why: &str) -> Error {
        let hint = "check that the endpoint is KakaoCloud's identity API (…/identity/v3)";
        Error::network(format!(
            "{}: unexpected answer ({}): {why}",
            self.what(request, answer.attempts),
            answer.status
        ))
        .with_hint(request.if_unanswered.unwrap_or(hint))
    }

    fn status_error(&self, request: &Request, answer: &Answer) -> Error {
        let status = answer.status;
        let mut text = format!("{}: {status}", self.what(request, answer.attempts));
        if let Some(message) = server_message(&answer.body, request.secrets())
            .filter(|message| Some(message.as_str()) != status.canonical_reason())
        {
            text = format!("{text}: {message}");
        }
        let error = match status {
            StatusCode::UNAUTHORIZED => Error::new(ErrorKind::Rejected, text),
            status if status.is_client_error() => Error::other(text),
            status if status.is_server_error() => Error::network(text).with_hint(
                request
                    .if_unanswered
                    .unwrap_or("the server failed, not kcred: try again later"),
            ),
            // An informational, a success other than the one asked for, or a redirect.
            _ => Error::network(format!("{text} (not an answer the identity API gives)"))
                .with_hint("check that the endpoint is KakaoCloud's identity API (…/identity/v3)"),
        };
        error.with_http_status(status.as_u16())
    }

    /// The server's explanation of a refusal, else the status text.
    fn server_says(&self, request: &Request, answer: &Answer) -> String {
        server_message(&answer.body, request.secrets()).unwrap_or_else(|| {
            answer
                .status
                .canonical_reason()
                .unwrap_or("refused")
                .to_string()
        })
    }
}

/// The server's own explanation from `{"error":{"message":…}}`, on one line, short, without
/// control characters and without any of `secrets` (a server may echo what it was sent).
fn server_message<'a>(
    body: &[u8],
    secrets: impl Iterator<Item = &'a SecretString>,
) -> Option<String> {
    let body: ErrorBody = serde_json::from_slice(body).ok()?;
    let message = body.error.message.or(body.error.title)?;
    Some(clean_message(&message, secrets)).filter(|message| !message.is_empty())
}

fn not_json_or_unexpected(body: &[u8]) -> &'static str {
    if serde_json::from_slice::<IgnoredAny>(body).is_ok() {
        "the JSON is not what the API documents"
    } else {
        "the body is not JSON"
    }
}

/// Whether the request went out and its connection broke before the whole answer came: a
/// GET may be sent again. Not a timeout (another would only double the wait), not a failure to
/// connect (nothing was sent, and a refusing port keeps refusing).
fn broke_after_sending(err: &reqwest::Error) -> bool {
    !err.is_timeout() && !err.is_connect() && (err.is_request() || err.is_body() || err.is_decode())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::MAX_SERVER_MESSAGE;

    fn error_body(message: &str) -> Vec<u8> {
        serde_json::json!({ "error": { "code": 500, "message": message, "title": "Oops" } })
            .to_string()
            .into_bytes()
    }

    #[test]
    fn a_server_message_is_one_short_line_without_what_was_sent() {
        let secret = SecretString::from("s3cr3t-value");
        let message = server_message(
            &error_body("bad\nkey \u{1b}[31ms3cr3t-value\r\n\tnow"),
            [&secret].into_iter(),
        )
        .unwrap();
        assert_eq!(message, "bad key [31m[redacted] now");

        let long = "x".repeat(MAX_SERVER_MESSAGE * 2);
        let message = server_message(&error_body(&long), std::iter::empty()).unwrap();
        assert_eq!(message.chars().count(), MAX_SERVER_MESSAGE + 1);
        assert!(message.ends_with('…'));
    }

    #[test]
    fn a_body_without_a_message_gives_none() {
        assert_eq!(
            server_message(b"<html>503</html>", std::iter::empty()),
            None
        );
        assert_eq!(server_message(b"{}", std::iter::empty()), None);
        assert_eq!(
            server_message(&error_body(" \n "), std::iter::empty()),
            None
        );
    }

    #[test]
    fn a_body_is_either_not_json_or_not_the_expected_json() {
        assert_eq!(not_json_or_unexpected(b"<html>"), "the body is not JSON");
        assert_eq!(
            not_json_or_unexpected(br#"{"other":1}"#),
            "the JSON is not what the API documents"
        );
    }

    #[test]
    fn only_gets_are_sent_twice() {
        let get = Request::new(Method::GET, "/x".into());
        assert_eq!(get.attempts(), 2);
        for method in [Method::POST, Method::DELETE, Method::PUT, Method::PATCH] {
            assert_eq!(Request::new(method, "/x".into()).attempts(), 1);
        }
    }
}
