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
}
