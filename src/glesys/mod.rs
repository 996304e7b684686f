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
        let code = inner
            .and_then(|r| r["status"]["code"].as_u64())
            .and_then(|c| StatusCode::from_u16(c as u16).ok());
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
