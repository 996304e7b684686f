//! NAVER Cloud Platform's Secure Token Service: temporary access keys for a sub account,
//! signed with the API Gateway's signature v2. No terminal I/O beyond the `-v` log.

pub mod signing;

use crate::error::{Error, Result};
use crate::http::{Http, Request, malformed, status_error};
use jiff::Timestamp;
use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const DEFAULT_ENDPOINT: &str = "https://sts.apigw.ntruss.com";
const CREDENTIALS: &str = "/api/v1/credentials";
const HINT: &str =
    "check the endpoint (--endpoint, default https://sts.apigw.ntruss.com) and your network";

/// The range NAVER Cloud accepts for `durationSec`.
pub const DURATION_RANGE: std::ops::RangeInclusive<u32> = 600..=43200;

/// Temporary credentials from `POST /api/v1/credentials`.
pub struct TemporaryKey {
    pub access_key: String,
    pub secret: SecretString,
    pub expires_at: Timestamp,
    pub use_mfa: bool,
}

/// What `GET /api/v1/credentials` says of the key that signed it.
#[derive(Debug, Clone, Serialize)]
pub struct CallerKey {
    pub access_key: String,
    pub create_time: Option<String>,
    pub expire_time: Option<String>,
    pub use_mfa: Option<bool>,
    /// Temporary (STS) keys have an expiry; permanent keys do not.
    pub temporary: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CredentialsBody {
    access_key: String,
    key_secret: Option<SecretString>,
    create_time: Option<String>,
    expire_time: Option<String>,
    use_mfa: Option<bool>,
}

/// An MFA device and the code it shows now.
pub struct Mfa {
    pub serial: String,
    pub code: u32,
}

pub struct NcpClient {
    endpoint: String,
    http: Http,
}

impl NcpClient {
    pub fn new(endpoint: &str, http: Http) -> Self {
        NcpClient {
            endpoint: endpoint.trim_end_matches('/').to_string(),
            http: http.with_unreachable_hint(HINT),
        }
    }

    /// `POST /api/v1/credentials`: a temporary key that lives `duration_secs`.
    pub fn create_temporary_key(
        &self,
        access_key: &str,
        secret: &SecretString,
        duration_secs: u32,
        mfa: Option<&Mfa>,
    ) -> Result<TemporaryKey> {
        let mut body = serde_json::json!({ "durationSec": duration_secs });
        if let Some(mfa) = mfa {
            body["serialNumber"] = mfa.serial.clone().into();
            body["tokenCode"] = mfa.code.into();
        }
        let answer = self.call("POST", access_key, secret, Some(body))?;
        let url = self.url();
        let bad = |why: &str| Error::network(format!("POST {url}: unexpected answer: {why}"));
        let secret = answer.key_secret.ok_or_else(|| bad("no keySecret"))?;
        let expires_at = answer
            .expire_time
            .ok_or_else(|| bad("no expireTime"))?
            .parse::<Timestamp>()
            .map_err(|_| bad("expireTime is not an ISO 8601 time"))?;
        Ok(TemporaryKey {
            access_key: answer.access_key,
            secret,
            expires_at,
            use_mfa: answer.use_mfa.unwrap_or(false),
        })
    }

    /// `GET /api/v1/credentials`: the key that signs the request, described.
    pub fn describe_key(&self, access_key: &str, secret: &SecretString) -> Result<CallerKey> {
        let answer = self.call("GET", access_key, secret, None)?;
        Ok(CallerKey {
            temporary: answer.expire_time.is_some(),
            access_key: answer.access_key,
            create_time: answer.create_time,
            expire_time: answer.expire_time,
            use_mfa: answer.use_mfa,
        })
    }

    fn url(&self) -> String {
        format!("{}{CREDENTIALS}", self.endpoint)
    }

    fn call(
        &self,
        method: &str,
        access_key: &str,
        secret: &SecretString,
        body: Option<Value>,
    ) -> Result<CredentialsBody> {
        let url = self.url();
        let timestamp = Timestamp::now().as_millisecond().to_string();
        let signature = signing::signature(
            method,
            CREDENTIALS,
            &timestamp,
            access_key,
            secret.expose_secret(),
        );
        let http_method = Method::from_bytes(method.as_bytes())
            .map_err(|_| Error::other(format!("bad HTTP method {method}")))?;
        let mut request = Request::new(http_method, url)
            .header("x-ncp-apigw-timestamp", &timestamp)?
            .header("x-ncp-iam-access-key", access_key)?
            // The signature stands for the secret for a few minutes: kept out of errors too.
            .secret_header("x-ncp-apigw-signature-v2", &SecretString::from(signature))?
            .header("content-type", "application/json")?;
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer = self.http.send(&request)?;
        let text = answer.text();
        if !answer.status.is_success() {
            return Err(status_error(&request, &answer, &error_message(&text)));
        }
        serde_json::from_str(&text)
            .map_err(|_| malformed(&request, &answer, "not the documented JSON"))
    }
}

/// NAVER Cloud's error bodies vary: `{"error":{"errorCode","message","details"}}` from the
/// gateway, top-level `errorCode`/`message` from some services, or plain text.
fn error_message(text: &str) -> String {
    let Ok(body) = serde_json::from_str::<Value>(text) else {
        return text.trim().to_string();
    };
    let from = |object: &Value| {
        let message = object["message"].as_str()?;
        let code = match &object["errorCode"] {
            Value::String(code) => code.clone(),
            Value::Number(code) => code.to_string(),
            _ => String::new(),
        };
        let details = object["details"]
            .as_str()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default();
        Some(if code.is_empty() {
            format!("{message}{details}")
        } else {
            format!("{message}{details} [error {code}]")
        })
    };
    from(&body["error"])
        .or_else(|| from(&body))
        .unwrap_or_else(|| text.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_in_every_documented_shape() {
        assert_eq!(
            error_message(
                r#"{"error":{"errorCode":"200","message":"Authentication Failed","details":"Invalid authentication information."}}"#
            ),
            "Authentication Failed (Invalid authentication information.) [error 200]"
        );
        assert_eq!(
            error_message(r#"{"errorCode":400,"message":"valid range: 600 - 43200"}"#),
            "valid range: 600 - 43200 [error 400]"
        );
        assert_eq!(error_message("upstream timeout"), "upstream timeout");
    }

    use crate::error::ErrorKind;
    use crate::http::test_server::{Reply, Server};
    use std::time::Duration;

    fn client(server: &Server) -> NcpClient {
        NcpClient::new(
            &server.url("/"),
            Http::new(Duration::from_secs(10), None, None).unwrap(),
        )
    }

    #[test]
    fn a_temporary_key_is_asked_for_with_a_signature_and_mfa_when_given() {
        let server = Server::start(vec![Reply::json(
            200,
            &serde_json::json!({"accessKey": "TMP", "keySecret": "TS",
                "expireTime": "2026-11-24T12:00:00Z", "useMfa": true}),
        )]);
        let mfa = Mfa {
            serial: "dev-1".into(),
            code: 123456,
        };
        let key = client(&server)
            .create_temporary_key("AK", &SecretString::from("SECRET"), 900, Some(&mfa))
            .unwrap();
        assert_eq!((key.access_key.as_str(), key.use_mfa), ("TMP", true));
        assert_eq!(key.secret.expose_secret(), "TS");
        let seen = &server.seen()[0];
        assert_eq!(seen.target, "/api/v1/credentials");
        assert_eq!(seen.header("x-ncp-iam-access-key"), Some("AK"));
        let timestamp = seen.header("x-ncp-apigw-timestamp").unwrap();
        assert_eq!(
            seen.header("x-ncp-apigw-signature-v2"),
            Some(signing::signature("POST", CREDENTIALS, timestamp, "AK", "SECRET").as_str())
        );
        let body: Value = serde_json::from_str(&seen.body).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"durationSec": 900, "serialNumber": "dev-1", "tokenCode": 123456})
        );
    }

    #[test]
    fn an_answer_without_a_secret_or_a_readable_expiry_is_malformed() {
        for (answer, why) in [
            (
                serde_json::json!({"accessKey": "T", "expireTime": "2026-11-24T12:00:00Z"}),
                "no keySecret",
            ),
            (
                serde_json::json!({"accessKey": "T", "keySecret": "S"}),
                "no expireTime",
            ),
            (
                serde_json::json!({"accessKey": "T", "keySecret": "S", "expireTime": "tomorrow"}),
                "expireTime is not an ISO 8601 time",
            ),
        ] {
            let server = Server::start(vec![Reply::json(200, &answer)]);
            let err = client(&server)
                .create_temporary_key("AK", &SecretString::from("S"), 900, None)
                .err()
                .unwrap();
            assert_eq!(err.kind(), ErrorKind::Network);
            assert!(err.message().ends_with(why), "{}", err.message());
        }
    }

    #[test]
    fn a_refusal_says_the_gateway_s_message_and_a_key_is_temporary_by_its_expiry() {
        let server = Server::start(vec![Reply::json(
            401,
            &serde_json::json!({"error": {"errorCode": "200", "message": "Authentication Failed"}}),
        )]);
        let err = client(&server)
            .describe_key("AK", &SecretString::from("S"))
            .err()
            .unwrap();
        assert_eq!(err.kind(), ErrorKind::Rejected);
        assert!(
            err.message()
                .ends_with("401 Unauthorized: Authentication Failed [error 200]"),
            "{}",
            err.message()
        );
        let server = Server::start(vec![Reply::json(
            200,
            &serde_json::json!({"accessKey": "AK", "createTime": "2026-01-01T00:00:00Z"}),
        )]);
        let key = client(&server)
            .describe_key("AK", &SecretString::from("S"))
            .unwrap();
        assert!(!key.temporary);
        assert_eq!(key.expire_time, None);
    }

    #[test]
    fn an_error_body_without_a_message_is_said_as_it_came() {
        assert_eq!(error_message(r#"{"errorCode": 1}"#), r#"{"errorCode": 1}"#);
        assert_eq!(error_message("  \n"), "");
        assert_eq!(
            error_message(r#"{"message": "m", "details": "d"}"#),
            "m (d)",
            "no code, no brackets"
        );
    }
}
