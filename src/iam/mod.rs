//! The KakaoCloud IAM client: requests, response types and error mapping, on the shared
//! request pipeline (`crate::http`). Every failure becomes one line that says what was asked
//! (method and URL) and what went wrong, never with a secret or token in it.

mod types;

pub use types::{
    AccessKeyInfo, CreatedAccessKey, CreatedS3Key, NewAccessKey, ProjectInfo, S3KeyInfo, TokenInfo,
    token_request,
};

use crate::config::AccessKey;
use crate::error::{Advice, Error, ErrorKind, KeyKind, Result};
use crate::http::{Answer, Http, Request, clean_message, not_json_or_unexpected};
use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
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
    http: Http,
}

impl IamClient {
    /// `endpoint` is the identity API root, already validated, e.g.
    /// `https://iam.kakaocloud.com/identity/v3`.
    pub fn new(endpoint: &str, http: Http) -> Self {
        IamClient {
            endpoint: endpoint.trim_end_matches('/').to_string(),
            http,
        }
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// `POST /auth/tokens` with an IAM access key, by method 1 or 2.
    pub fn issue_token(&self, key: &AccessKey, secret: &SecretString) -> Result<IssuedToken> {
        let request = self
            .request(Method::POST, "/auth/tokens")
            .json(&token_request(key, secret.expose_secret()))
            .carrying(secret);
        let answer = self.http.send(&request)?;
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
        // A token dead on arrival is no token: caching it, or learning from it how long
        // tokens live, would be wrong from then on.
        if info
            .issued_at
            .is_some_and(|issued| info.expires_at <= issued)
        {
            return Err(self.malformed(
                &request,
                &answer,
                "the token expires before it was issued",
            ));
        }
        let now = jiff::Timestamp::now();
        if info.expires_at <= now {
            return Err(Error::network(format!(
                "{}: the new token has expired already (at {}; this machine's clock says {})",
                request.what(answer.attempts),
                info.expires_at,
                now.round(jiff::Unit::Second).unwrap_or(now)
            ))
            .with_hint(
                "check this machine's clock, and that the endpoint is KakaoCloud's identity API",
            ));
        }
        Ok(IssuedToken { token, info })
    }

    /// `GET /auth/tokens`: asks the server whether `token` is still valid. The token
    /// authenticates itself (KakaoCloud lets a token's owner validate it).
    pub fn validate_token(&self, token: &SecretString) -> Result<Validation> {
        let request = self
            .request(Method::GET, "/auth/tokens")
            .secret_header(AUTH_TOKEN, token)?
            .secret_header(SUBJECT_TOKEN, token)?;
        let answer = self.http.send(&request)?;
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
        let request = self
            .request(Method::DELETE, "/auth/tokens")
            .secret_header(AUTH_TOKEN, token)?
            .secret_header(SUBJECT_TOKEN, token)?;
        let answer = self.http.send(&request)?;
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
        let request = self.authed(Method::GET, &path, token)?;
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
        let request = self
            .authed(Method::POST, &path, token)?
            .json(&serde_json::json!({ "application_credential": new }))
            .if_unanswered(Advice::ListToSee {
                keys: KeyKind::Iam,
                created: true,
            });
        let created: CreatedApplicationCredential = self.call_json(&request)?;
        Ok(created.application_credential)
    }

    /// `DELETE /users/{user_id}/application_credentials/{id}`.
    pub fn delete_access_key(&self, token: &SecretString, user_id: &str, id: &str) -> Result<()> {
        let path = format!("/users/{user_id}/application_credentials/{id}");
        let request = self
            .authed(Method::DELETE, &path, token)?
            .if_unanswered(Advice::ListToSee {
                keys: KeyKind::Iam,
                created: false,
            });
        self.call(&request).map(drop)
    }

    /// `GET /users/{user_id}/credentials/OS-EC2`: the user's S3 access keys (never their secrets).
    pub fn list_s3_keys(&self, token: &SecretString, user_id: &str) -> Result<Vec<S3KeyInfo>> {
        let path = format!("/users/{user_id}/credentials/OS-EC2");
        let request = self.authed(Method::GET, &path, token)?;
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
        let request = self
            .authed(Method::POST, &path, token)?
            .json(&serde_json::json!({ "tenant_id": project_id }))
            .if_unanswered(Advice::ListToSee {
                keys: KeyKind::S3,
                created: true,
            });
        let created: CreatedEc2Credential = self.call_json(&request)?;
        Ok(created.credential)
    }

    /// `DELETE /users/{user_id}/credentials/OS-EC2/{access}`.
    pub fn delete_s3_key(&self, token: &SecretString, user_id: &str, access: &str) -> Result<()> {
        let path = format!("/users/{user_id}/credentials/OS-EC2/{access}");
        let request = self
            .authed(Method::DELETE, &path, token)?
            .if_unanswered(Advice::ListToSee {
                keys: KeyKind::S3,
                created: false,
            });
        self.call(&request).map(drop)
    }

    /// `GET /users/{user_id}/projects`.
    pub fn list_projects(&self, token: &SecretString, user_id: &str) -> Result<Vec<ProjectInfo>> {
        let path = format!("/users/{user_id}/projects");
        let request = self.authed(Method::GET, &path, token)?;
        let list: Projects = self.call_json(&request)?;
        Ok(list.projects)
    }

    /// A request whose success is any 2xx.
    fn call(&self, request: &Request) -> Result<Answer> {
        let answer = self.http.send(request)?;
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

    fn request(&self, method: Method, path: &str) -> Request {
        Request::new(method, format!("{}{path}", self.endpoint))
    }

    /// A request authenticated with `token` (`X-Auth-Token`).
    fn authed(&self, method: Method, path: &str, token: &SecretString) -> Result<Request> {
        self.request(method, path).secret_header(AUTH_TOKEN, token)
    }

    fn token_info(&self, request: &Request, answer: &Answer) -> Result<TokenInfo> {
        let body: TokenBody = serde_json::from_slice(&answer.body)
            .map_err(|_| self.malformed(request, answer, not_json_or_unexpected(&answer.body)))?;
        body.into_info()
            .map_err(|why| self.malformed(request, answer, &why))
    }

    fn malformed(&self, request: &Request, answer: &Answer, why: &str) -> Error {
        let hint = "check that the endpoint is KakaoCloud's identity API (…/identity/v3)";
        Error::network(format!(
            "{}: unexpected answer ({}): {why}",
            request.what(answer.attempts),
            answer.status
        ))
        .with(
            request
                .lost_answer_hint()
                .cloned()
                .unwrap_or_else(|| hint.into()),
        )
    }

    fn status_error(&self, request: &Request, answer: &Answer) -> Error {
        let status = answer.status;
        let mut text = format!("{}: {status}", request.what(answer.attempts));
        if let Some(message) = server_message(&answer.body, request.secrets())
            .filter(|message| Some(message.as_str()) != status.canonical_reason())
        {
            text = format!("{text}: {message}");
        }
        let error = match status {
            StatusCode::UNAUTHORIZED => Error::new(ErrorKind::Rejected, text),
            status if status.is_client_error() => Error::other(text),
            status if status.is_server_error() => Error::network(text).with(
                request
                    .lost_answer_hint()
                    .cloned()
                    .unwrap_or_else(|| "the server failed, not kcred: try again later".into()),
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
}

#[cfg(test)]
mod client_tests {
    use super::*;
    use crate::http::test_server::{Reply, Server};
    use jiff::{SignedDuration, Timestamp};
    use serde_json::json;
    use std::time::Duration;

    fn client(server: &Server) -> IamClient {
        let http = Http::new(Duration::from_secs(10), None, None).unwrap();
        IamClient::new(&server.url("/v3/"), http)
    }

    fn token_body(expires_at: Timestamp, issued_at: Timestamp) -> serde_json::Value {
        json!({"token": {
            "expires_at": expires_at.to_string(),
            "issued_at": issued_at.to_string(),
            "user": {"id": "u1"},
            "project": {"id": "p1", "name": "demo"},
            "application_credential": {"id": "k1", "name": "ci"}
        }})
    }

    fn issued_reply(token: &str, body: &serde_json::Value) -> Reply {
        Reply::with(
            201,
            &[
                ("x-subject-token", token),
                ("content-type", "application/json"),
            ],
            &body.to_string(),
        )
    }

    fn secret() -> SecretString {
        SecretString::from("the-key-s3cret")
    }

    #[test]
    fn a_token_is_the_subject_header_and_its_body_says_the_rest() {
        let now = Timestamp::now();
        let body = token_body(now + SignedDuration::from_hours(12), now);
        let server = Server::start(vec![issued_reply("gAAAAtok", &body)]);
        let issued = client(&server)
            .issue_token(&AccessKey::Id("k1".into()), &secret())
            .unwrap();
        assert_eq!(issued.token.expose_secret(), "gAAAAtok");
        assert_eq!(issued.info.user_id, "u1");
        assert_eq!(issued.info.project_name.as_deref(), Some("demo"));
        let seen = &server.seen()[0];
        assert_eq!(
            (seen.method.as_str(), seen.target.as_str()),
            ("POST", "/v3/auth/tokens"),
            "the endpoint's trailing slash is not doubled"
        );
        let sent: serde_json::Value = serde_json::from_str(&seen.body).unwrap();
        assert_eq!(
            sent["auth"]["identity"]["application_credential"],
            json!({"id": "k1", "secret": "the-key-s3cret"})
        );
    }

    #[test]
    fn an_answer_without_a_subject_token_is_malformed() {
        let now = Timestamp::now();
        let body = token_body(now + SignedDuration::from_hours(12), now);
        for reply in [
            Reply::json(201, &body),
            Reply::with(201, &[("x-subject-token", "")], &body.to_string()),
        ] {
            let server = Server::start(vec![reply]);
            let err = client(&server)
                .issue_token(&AccessKey::Id("k1".into()), &secret())
                .err()
                .unwrap();
            assert_eq!(err.kind(), ErrorKind::Network);
            assert!(
                err.message().ends_with(
                    "unexpected answer (201 Created): the answer has no X-Subject-Token header"
                ),
                "{}",
                err.message()
            );
            assert!(err.hint().unwrap().contains("identity API"));
        }
    }

    #[test]
    fn a_token_dead_on_arrival_is_refused() {
        let now = Timestamp::now();
        let backwards = token_body(
            now + SignedDuration::from_hours(1),
            now + SignedDuration::from_hours(2),
        );
        let server = Server::start(vec![issued_reply("t", &backwards)]);
        let err = client(&server)
            .issue_token(&AccessKey::Id("k1".into()), &secret())
            .err()
            .unwrap();
        assert!(
            err.message()
                .ends_with("the token expires before it was issued"),
            "{}",
            err.message()
        );

        let expired = token_body(
            now - SignedDuration::from_hours(1),
            now - SignedDuration::from_hours(2),
        );
        let server = Server::start(vec![issued_reply("t", &expired)]);
        let err = client(&server)
            .issue_token(&AccessKey::Id("k1".into()), &secret())
            .err()
            .unwrap();
        assert_eq!(err.kind(), ErrorKind::Network);
        assert!(
            err.message().contains("the new token has expired already"),
            "{}",
            err.message()
        );
        assert!(err.hint().unwrap().contains("clock"));
    }

    #[test]
    fn keystones_could_not_find_is_a_rejected_key_and_another_404_a_wrong_endpoint() {
        let unknown = json!({"error": {"code": 404, "title": "Not Found",
            "message": "Could not find Application Credential: k1."}});
        let server = Server::start(vec![Reply::json(404, &unknown)]);
        let err = client(&server)
            .issue_token(&AccessKey::Id("k1".into()), &secret())
            .err()
            .unwrap();
        assert_eq!(err.kind(), ErrorKind::Rejected);
        assert_eq!(err.http_status(), Some(404));
        assert!(
            err.message()
                .ends_with("404 Not Found: Could not find Application Credential: k1."),
            "{}",
            err.message()
        );

        let nowhere = json!({"error": {"code": 404, "title": "Not Found",
            "message": "The resource could not be found."}});
        for reply in [Reply::json(404, &nowhere), Reply::status(404, "<html>")] {
            let server = Server::start(vec![reply]);
            let err = client(&server)
                .issue_token(&AccessKey::Id("k1".into()), &secret())
                .err()
                .unwrap();
            assert_eq!(err.kind(), ErrorKind::Other);
        }
    }

    #[test]
    fn a_401_is_rejected_and_never_repeats_the_secret() {
        let echo = json!({"error": {"code": 401, "title": "Unauthorized",
            "message": "bad secret the-key-s3cret"}});
        let server = Server::start(vec![Reply::json(401, &echo)]);
        let err = client(&server)
            .issue_token(&AccessKey::Id("k1".into()), &secret())
            .err()
            .unwrap();
        assert_eq!(err.kind(), ErrorKind::Rejected);
        assert!(
            err.message()
                .ends_with("401 Unauthorized: bad secret [redacted]"),
            "{}",
            err.message()
        );
    }

    #[test]
    fn a_server_failure_says_the_server_failed_and_a_lost_create_may_have_made_the_key() {
        let server = Server::start(vec![Reply::status(503, "")]);
        let new = NewAccessKey {
            name: "n".into(),
            description: None,
            expires_at: None,
            unrestricted: true,
        };
        let err = client(&server)
            .create_access_key(&SecretString::from("tok"), "u1", &new)
            .err()
            .unwrap();
        assert_eq!(err.kind(), ErrorKind::Network);
        assert_eq!(
            err.advice(),
            Some(&Advice::ListToSee {
                keys: KeyKind::Iam,
                created: true
            })
        );
        assert_eq!(server.seen().len(), 1, "a create is never sent twice");
        let sent: serde_json::Value = serde_json::from_str(&server.seen()[0].body).unwrap();
        assert_eq!(
            sent,
            json!({"application_credential": {"name": "n", "unrestricted": true}})
        );
        assert_eq!(server.seen()[0].header("x-auth-token"), Some("tok"));

        let server = Server::start(vec![Reply::status(500, ""), Reply::status(500, "")]);
        let err = client(&server)
            .list_projects(&SecretString::from("tok"), "u1")
            .err()
            .unwrap();
        assert_eq!(
            err.hint(),
            Some("the server failed, not kcred: try again later")
        );
        assert!(
            err.message().contains("(tried 2 times)"),
            "{}",
            err.message()
        );
    }

    #[test]
    fn a_validated_token_is_valid_invalid_or_an_error() {
        let now = Timestamp::now();
        let token = SecretString::from("gAAAAtok");
        let body = token_body(now + SignedDuration::from_hours(1), now);
        let server = Server::start(vec![Reply::json(200, &body)]);
        match client(&server).validate_token(&token).unwrap() {
            Validation::Valid(info) => assert_eq!(info.access_key_id.as_deref(), Some("k1")),
            Validation::Invalid(why) => panic!("{why}"),
        }
        let seen = &server.seen()[0];
        assert_eq!(seen.header("x-subject-token"), Some("gAAAAtok"));

        let gone = json!({"error": {"message": "Could not find token: gAAAAtok."}});
        let server = Server::start(vec![Reply::json(404, &gone)]);
        match client(&server).validate_token(&token).unwrap() {
            Validation::Invalid(why) => assert_eq!(why, "Could not find token: [redacted]."),
            Validation::Valid(_) => panic!("valid"),
        }
        let server = Server::start(vec![Reply::status(401, "")]);
        match client(&server).validate_token(&token).unwrap() {
            Validation::Invalid(why) => assert_eq!(why, "Unauthorized"),
            Validation::Valid(_) => panic!("valid"),
        }
        let server = Server::start(vec![Reply::status(403, "")]);
        assert!(client(&server).validate_token(&token).is_err());
    }

    #[test]
    fn revoking_a_token_that_is_no_longer_valid_is_no_error() {
        let token = SecretString::from("t");
        for (status, revoked) in [(204, true), (404, false), (401, false)] {
            let server = Server::start(vec![Reply::status(status, "")]);
            assert_eq!(client(&server).revoke_token(&token).unwrap(), revoked);
        }
        let server = Server::start(vec![Reply::status(403, "")]);
        assert!(client(&server).revoke_token(&token).is_err());
    }

    #[test]
    fn a_list_that_is_not_the_documented_json_is_malformed() {
        let token = SecretString::from("t");
        for (body, why) in [
            ("<html>", "the body is not JSON"),
            (
                r#"{"application_credentials": [{"id": "a"}]}"#,
                "the JSON is not what the API documents",
            ),
            (r#"{"keys": []}"#, "the JSON is not what the API documents"),
        ] {
            let server = Server::start(vec![Reply::status(200, body)]);
            let err = client(&server)
                .list_access_keys(&token, "u1")
                .err()
                .unwrap();
            assert_eq!(err.kind(), ErrorKind::Network);
            assert!(err.message().ends_with(why), "{body}: {}", err.message());
        }
        let listed = json!({"application_credentials": [
            {"id": "a", "name": "n", "expires_at": "2027-06-30T00:00:00.000000", "extra": 1},
            {"id": "b", "name": "m", "expires_at": null}
        ]});
        let server = Server::start(vec![Reply::json(200, &listed)]);
        let keys = client(&server).list_access_keys(&token, "u1").unwrap();
        assert_eq!(keys[0].expires_at.as_deref(), Some("2027-06-30T00:00:00Z"));
        assert_eq!(keys[1].expires_at, None);
        assert_eq!(
            server.seen()[0].target,
            "/v3/users/u1/application_credentials"
        );
    }
}
