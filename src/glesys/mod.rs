//! GleSYS Object Storage: instances and their S3 access keys, through GleSYS's RPC-style
//! API (`POST https://api.glesys.com/objectstorage/<function>`, JSON, HTTP Basic with the
//! project ID and an API key). No terminal I/O beyond the `-v` log.

use crate::error::Result;
use crate::http::{Answer, Http, Request, malformed, status_error};
use reqwest::{Method, StatusCode};
use secrecy::SecretString;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

pub const DEFAULT_ENDPOINT: &str = "https://api.glesys.com";

/// An Object Storage instance. Secrets in its credential list are never kept.
#[derive(Debug, Clone, Deserialize)]
pub struct Instance {
    pub id: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub datacenter: Option<String>,
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub credentials: Vec<CredentialInfo>,
}

/// An S3 access key of an instance as listed (GleSYS may send the secret along; it is
/// not read).
#[derive(Debug, Clone, Deserialize)]
pub struct CredentialInfo {
    pub id: String,
    pub accesskey: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub created: Option<String>,
}

/// A new S3 access key with the secret GleSYS shows this once.
#[derive(Deserialize)]
pub struct CreatedCredential {
    pub id: String,
    pub accesskey: String,
    pub secretkey: SecretString,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub created: Option<String>,
}

pub struct GlesysClient {
    endpoint: String,
    project: String,
    api_key: SecretString,
    http: Http,
}

impl GlesysClient {
    pub fn new(endpoint: &str, project: &str, api_key: SecretString, http: Http) -> Self {
        GlesysClient {
            endpoint: endpoint.trim_end_matches('/').to_string(),
            project: project.to_string(),
            api_key,
            http,
        }
    }

    pub fn list_instances(&self) -> Result<Vec<Instance>> {
        self.call("objectstorage/listinstances", json!({}), "instances")
    }

    pub fn instance_details(&self, instance_id: &str) -> Result<Instance> {
        self.call(
            "objectstorage/instancedetails",
            json!({ "instanceid": instance_id }),
            "instance",
        )
    }

    pub fn create_credential(
        &self,
        instance_id: &str,
        description: Option<&str>,
    ) -> Result<CreatedCredential> {
        let mut body = json!({ "instanceid": instance_id });
        if let Some(description) = description {
            body["description"] = description.into();
        }
        self.call("objectstorage/createcredential", body, "credential")
    }

    pub fn delete_credential(&self, instance_id: &str, credential_id: &str) -> Result<()> {
        let body = json!({ "instanceid": instance_id, "credentialid": credential_id });
        self.call::<Value>("objectstorage/deletecredential", body, "status")
            .map(drop)
    }

    /// POSTs `body` to `function` and returns `response.<key>`. A failure is any HTTP status
    /// but 200 or a `response.status.code` but 200; its message is `response.status.text`.
    fn call<T: DeserializeOwned>(&self, function: &str, body: Value, key: &str) -> Result<T> {
        let request = Request::new(Method::POST, format!("{}/{function}", self.endpoint))
            .basic_auth(&self.project, &self.api_key)?
            .header("accept", "application/json")?
            .json(&body);
        let answer = self.http.send(&request)?;
        let status = answer.status;
        let text = answer.text();
        let envelope: Option<Value> = serde_json::from_str(&text).ok();
        let inner = envelope.as_ref().map(|e| &e["response"]);
        // The envelope's own code decides; one that is no HTTP status (a hostile 65736 would
        // wrap round to 200) is a failure of the server's, never a success.
        let code = inner.and_then(|r| r["status"]["code"].as_u64()).map(|c| {
            u16::try_from(c)
                .ok()
                .and_then(|c| StatusCode::from_u16(c).ok())
                .unwrap_or(StatusCode::BAD_GATEWAY)
        });
        let failed = if status != StatusCode::OK {
            Some(status)
        } else {
            code.filter(|c| *c != StatusCode::OK)
        };
        if let Some(failed) = failed {
            let message = inner
                .and_then(|r| r["status"]["text"].as_str())
                .map(str::to_string)
                .unwrap_or_else(|| text.trim().to_string());
            let failed = Answer {
                status: failed,
                ..answer
            };
            return Err(status_error(&request, &failed, &message));
        }
        let payload = inner.map(|r| r[key].clone()).unwrap_or(Value::Null);
        serde_json::from_value(payload)
            .map_err(|_| malformed(&request, &answer, &format!("no `{key}` in the response")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::http::test_server::{Reply, Server};
    use secrecy::ExposeSecret;
    use std::time::Duration;

    fn client(server: &Server) -> GlesysClient {
        let http = Http::new(Duration::from_secs(10), None, None).unwrap();
        GlesysClient::new(
            &server.url("/"),
            "CL12345",
            SecretString::from("api-key-s3cret"),
            http,
        )
    }

    fn ok(payload: Value) -> Reply {
        let mut response = json!({"status": {"code": 200, "text": "OK"}});
        for (key, value) in payload.as_object().unwrap() {
            response[key] = value.clone();
        }
        Reply::json(200, &json!({ "response": response }))
    }

    #[test]
    fn a_call_is_a_basic_authenticated_post_to_its_function() {
        let server = Server::start(vec![ok(json!({"credential": {
            "id": "c1", "accesskey": "AK", "secretkey": "SK", "description": "ci"
        }}))]);
        let created = client(&server)
            .create_credential("os-1", Some("ci"))
            .unwrap();
        assert_eq!(
            (created.id.as_str(), created.secretkey.expose_secret()),
            ("c1", "SK")
        );
        let seen = &server.seen()[0];
        assert_eq!(
            (seen.method.as_str(), seen.target.as_str()),
            ("POST", "/objectstorage/createcredential")
        );
        use base64::Engine;
        let basic = base64::engine::general_purpose::STANDARD.encode("CL12345:api-key-s3cret");
        assert_eq!(
            seen.header("authorization"),
            Some(format!("Basic {basic}").as_str())
        );
        let body: Value = serde_json::from_str(&seen.body).unwrap();
        assert_eq!(body, json!({"instanceid": "os-1", "description": "ci"}));
    }

    #[test]
    fn a_failure_in_the_envelope_is_a_failure_even_with_http_200() {
        let refused =
            json!({"response": {"status": {"code": 401, "text": "Bad key api-key-s3cret"}}});
        let server = Server::start(vec![Reply::json(200, &refused)]);
        let err = client(&server).list_instances().err().unwrap();
        assert_eq!(err.kind(), ErrorKind::Rejected);
        assert_eq!(err.http_status(), Some(401));
        assert!(
            err.message()
                .ends_with("401 Unauthorized: Bad key [redacted]"),
            "{}",
            err.message()
        );
        assert!(!err.message().contains("s3cret"));
    }

    #[test]
    fn an_http_failure_says_the_envelope_s_text_or_the_body() {
        let server = Server::start(vec![Reply::json(
            500,
            &json!({"response": {"status": {"code": 500, "text": "Internal"}}}),
        )]);
        let err = client(&server).list_instances().err().unwrap();
        assert_eq!(err.kind(), ErrorKind::Network);
        assert!(
            err.message()
                .ends_with("500 Internal Server Error: Internal"),
            "{}",
            err.message()
        );
        let server = Server::start(vec![Reply::status(404, "no such function\n")]);
        let err = client(&server).instance_details("x").err().unwrap();
        assert!(
            err.message().ends_with("404 Not Found: no such function"),
            "{}",
            err.message()
        );
    }

    #[test]
    fn an_answer_without_what_was_asked_is_malformed() {
        let server = Server::start(vec![ok(json!({"other": []}))]);
        let err = client(&server).list_instances().err().unwrap();
        assert_eq!(err.kind(), ErrorKind::Network);
        assert!(
            err.message().ends_with("no `instances` in the response"),
            "{}",
            err.message()
        );
        let server = Server::start(vec![Reply::status(200, "not json")]);
        assert!(client(&server).list_instances().is_err());
    }

    #[test]
    fn listed_credentials_keep_no_secret_and_missing_fields_are_none() {
        let server = Server::start(vec![ok(json!({"instances": [{
            "id": "os-1",
            "credentials": [{"id": "c1", "accesskey": "AK", "secretkey": "never kept"}]
        }]}))]);
        let instances = client(&server).list_instances().unwrap();
        assert_eq!(instances[0].datacenter, None);
        assert_eq!(instances[0].credentials[0].accesskey, "AK");
        assert!(!format!("{instances:?}").contains("never kept"));
    }

    #[test]
    fn an_envelope_code_that_is_no_http_status_is_a_failure() {
        // 65736 would wrap round to 200 as a u16.
        for code in [65_736_u64, 1_000, 42] {
            let odd = json!({"response": {"status": {"code": code, "text": "odd"},
                "instances": []}});
            let server = Server::start(vec![Reply::json(200, &odd)]);
            let listed = client(&server).list_instances();
            assert!(listed.is_err(), "code {code} was taken for a success");
        }
    }
}
