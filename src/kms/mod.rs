//! The KakaoCloud KMS client for user keys: requests, response types and error mapping. No
//! terminal I/O beyond the `-v` request log on stderr.
//!
//! Key management is not on KakaoCloud's public API page; it is defined by KakaoCloud's Go SDK
//! (`kc-sdk-go`, `services/kms`, API v1.3.5): paths under `/api/v1`, the IAM token in
//! `X-Auth-Token`, resource-wrapped snake_case bodies (`{"key":{…}}`) and errors as
//! `{"error":{"code","message"}}`. The public page (crypto calls only, on another host) wraps
//! answers in `{"code","message","data","requestId"}`. Both shapes are read: an answer with the
//! wrapper the SDK names is the SDK shape; otherwise an envelope's `data` is taken, with or
//! without that wrapper inside.

mod lifecycle;
mod types;

pub use lifecycle::{MAX_ROTATION_DAYS, MIN_ROTATION_DAYS};
pub use types::{
    AccessControl, AccessTarget, Algorithm, BulkResult, DEFAULT_ALGORITHM, DEFAULT_PURPOSE,
    KEY_ALGORITHMS, KEY_PURPOSES, Key, KeyVersion, NewKey, ServiceKey,
};

use crate::error::{Advice, Error, Result};
use crate::http::{self, Answer, Http, Request};
use reqwest::{Method, StatusCode, Url};
use secrecy::SecretString;
use serde::de::DeserializeOwned;
use serde_json::Value;
use types::{Pagination, PublicKey};

/// The host of KakaoCloud's Go SDK for KMS (`kc-sdk-go` `services/kms/configuration.go`), the
/// only one documented for key management. The public API page names
/// `https://kms.kr-central-2.kakaocloud.com`, for crypto calls only.
pub const DEFAULT_ENDPOINT: &str = "https://key-management-service.kr-central-2.kakaocloud.com";

/// The variable that names the KMS endpoint, over the profile's `kms_endpoint`.
pub const ENDPOINT_VARIABLE: &str = "KAKAOCLOUD_KMS_ENDPOINT";

const API_PREFIX: [&str; 2] = ["api", "v1"];
const AUTH_TOKEN: &str = "X-Auth-Token";
/// A list longer than this many pages is an answer kcred does not trust.
const MAX_PAGES: usize = 1000;
/// Nor one with more items than this, over all its pages: a project's keys, or a key's
/// versions, are far fewer.
pub const MAX_LISTED_ITEMS: usize = 10_000;
/// Nor one whose pages add up to more than this many bytes.
pub const MAX_LISTED_BYTES: usize = 32 * 1024 * 1024;

pub struct KmsClient {
    /// The endpoint with `/api/v1`.
    base: Url,
    http: Http,
}

impl KmsClient {
    /// `endpoint` is the KMS host, already validated (`https://…kakaocloud.com`); a trailing
    /// `/api/v1` is taken as given.
    pub fn new(endpoint: &str, http: Http) -> Result<Self> {
        let mut base = Url::parse(endpoint.trim_end_matches('/'))
            .map_err(|err| Error::usage(format!("invalid KMS endpoint '{endpoint}': {err}")))?;
        let has_prefix = base.path().trim_end_matches('/').ends_with("/api/v1");
        if !has_prefix {
            base.path_segments_mut()
                .map_err(|()| Error::usage(format!("invalid KMS endpoint '{endpoint}'")))?
                .pop_if_empty()
                .extend(API_PREFIX);
        }
        Ok(KmsClient {
            base,
            http: http.with_unreachable_hint(Advice::CheckKmsEndpoint { unexpected: false }),
        })
    }

    /// `GET /keys`, every page: the user keys of the token's project.
    pub fn list_keys(&self, token: &SecretString) -> Result<Vec<Key>> {
        self.list_all(token, &["keys"], "keys")
    }

    /// `GET /keys/{key_id}`.
    pub fn get_key(&self, token: &SecretString, id: &str) -> Result<Key> {
        let url = self.url(&["keys", id], &[]);
        let body = self.call_json(Method::GET, &url, token, None)?;
        self.resource(&Method::GET, &url, body, "key")
    }

    /// `GET /keys/name/{key_name}`: the key's ID, name, description and default version.
    pub fn get_key_by_name(&self, token: &SecretString, name: &str) -> Result<Key> {
        let url = self.url(&["keys", "name", name], &[]);
        let body = self.call_json(Method::GET, &url, token, None)?;
        self.resource(&Method::GET, &url, body, "key")
    }

    /// `POST /keys` with `{"key":CreateKey}`.
    pub fn create_key(&self, token: &SecretString, key: &NewKey) -> Result<Key> {
        let url = self.url(&["keys"], &[]);
        let body = serde_json::json!({ "key": key });
        let answer = self.call_json(Method::POST, &url, token, Some(body))?;
        self.resource(&Method::POST, &url, answer, "key")
    }

    /// `DELETE /keys/{key_id}`; the answer has no body.
    pub fn delete_key(&self, token: &SecretString, id: &str) -> Result<()> {
        let url = self.url(&["keys", id], &[]);
        self.call(Method::DELETE, &url, token, None).map(drop)
    }

    /// `POST /keys/{key_id}/versions`: manual rotation. The new version becomes the default.
    pub fn rotate(&self, token: &SecretString, id: &str) -> Result<KeyVersion> {
        let url = self.url(&["keys", id, "versions"], &[]);
        let body = self.call_json(Method::POST, &url, token, None)?;
        self.resource(&Method::POST, &url, body, "version")
    }

    /// `GET /keys/{key_id}/versions`, every page.
    pub fn list_versions(&self, token: &SecretString, id: &str) -> Result<Vec<KeyVersion>> {
        self.list_all(token, &["keys", id, "versions"], "versions")
    }

    /// `GET /keys/{key_id}/public-key`: the public key of an asymmetric key, as PEM.
    pub fn public_key(&self, token: &SecretString, id: &str) -> Result<String> {
        let url = self.url(&["keys", id, "public-key"], &[]);
        let body = self.call_json(Method::GET, &url, token, None)?;
        let public: PublicKey = self.resource(&Method::GET, &url, body, "public")?;
        let key = public
            .key
            .ok_or_else(|| self.malformed(&Method::GET, &url, "it holds no key"))?;
        public_key_pem(&key).map_err(|why| self.malformed(&Method::GET, &url, &why))
    }

    /// `GET /algorithms`: which algorithm serves which purpose, and its key type.
    pub fn algorithms(&self, token: &SecretString) -> Result<Vec<Algorithm>> {
        let url = self.url(&["algorithms"], &[]);
        let body = self.call_json(Method::GET, &url, token, None)?;
        let items = list_of(body, "algorithms")
            .map_err(|why| self.malformed(&Method::GET, &url, &why))?
            .0;
        items
            .into_iter()
            .map(|item| {
                serde_json::from_value(item).map_err(|_| {
                    self.malformed(&Method::GET, &url, "an algorithm is not the expected JSON")
                })
            })
            .collect()
    }

    /// Every page of a list: the first as the server pages it, then `offset`/`limit` from
    /// where it left off, until `pagination.total` items are in.
    fn list_all<T: DeserializeOwned>(
        &self,
        token: &SecretString,
        segments: &[&str],
        wrapper: &str,
    ) -> Result<Vec<T>> {
        let mut items = Vec::new();
        let mut query: Vec<(&str, String)> = Vec::new();
        // The whole listing, every page of it, within the one timeout.
        let deadline = std::time::Instant::now() + self.http.timeout();
        let mut bytes = 0;
        for pages in 0..MAX_PAGES {
            let url = self.url(segments, &query);
            if pages > 0 && std::time::Instant::now() >= deadline {
                return Err(Error::network(format!(
                    "GET {url}: the list was not over after {pages} pages in {} (the timeout)",
                    crate::http::seconds(self.http.timeout())
                ))
                .with_hint(crate::http::TIMEOUT_HINT));
            }
            let body = self.call_within(Method::GET, &url, token, None, deadline)?;
            bytes += body.len();
            let body: Value = serde_json::from_slice(&body)
                .map_err(|_| self.malformed(&Method::GET, &url, "the body is not JSON"))?;
            let (page, pagination) =
                list_of(body, wrapper).map_err(|why| self.malformed(&Method::GET, &url, &why))?;
            let got = page.len();
            if items.len() + got > MAX_LISTED_ITEMS || bytes > MAX_LISTED_BYTES {
                return Err(self.malformed(
                    &Method::GET,
                    &url,
                    &format!(
                        "the list goes past {MAX_LISTED_ITEMS} items or {} MiB, more than a \
                         project holds",
                        MAX_LISTED_BYTES / (1024 * 1024)
                    ),
                ));
            }
            for item in page {
                items.push(serde_json::from_value(item).map_err(|_| {
                    self.malformed(&Method::GET, &url, "an item is not the expected JSON")
                })?);
            }
            let Some(pagination) = pagination else {
                return Ok(items);
            };
            let total = pagination.total.unwrap_or(0);
            if got == 0 || items.len() as i64 >= total {
                return Ok(items);
            }
            let limit = pagination.limit.filter(|l| *l > 0).unwrap_or(got as i64);
            query = vec![
                ("offset", items.len().to_string()),
                ("limit", limit.to_string()),
            ];
        }
        let url = self.url(segments, &[]);
        Err(self.malformed(&Method::GET, &url, "the list does not end"))
    }

    /// The endpoint, `/api/v1`, then each segment percent-encoded.
    fn url(&self, segments: &[&str], query: &[(&str, String)]) -> Url {
        let mut url = self.base.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty().extend(segments);
        }
        if !query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        url
    }

    /// An authenticated request whose success is any 2xx; returns the body.
    fn call(
        &self,
        method: Method,
        url: &Url,
        token: &SecretString,
        body: Option<Value>,
    ) -> Result<Vec<u8>> {
        let deadline = std::time::Instant::now() + self.http.timeout();
        self.call_within(method, url, token, body, deadline)
    }

    /// [`KmsClient::call`], over by `deadline`.
    fn call_within(
        &self,
        method: Method,
        url: &Url,
        token: &SecretString,
        body: Option<Value>,
        deadline: std::time::Instant,
    ) -> Result<Vec<u8>> {
        // The API page says Content-Type is required even on requests without a body.
        let mut request = Request::new(method, url.as_str())
            .secret_header(AUTH_TOKEN, token)?
            .header("accept", "application/json")?
            .header("content-type", "application/json")?;
        if let Some(body) = body {
            request = request.json(&body);
        }
        let answer = self.http.send_within(&request, deadline)?;
        if answer.status.is_success() {
            Ok(answer.body)
        } else {
            Err(status_error(&request, &answer))
        }
    }

    fn call_json(
        &self,
        method: Method,
        url: &Url,
        token: &SecretString,
        body: Option<Value>,
    ) -> Result<Value> {
        let bytes = self.call(method.clone(), url, token, body)?;
        serde_json::from_slice(&bytes)
            .map_err(|_| self.malformed(&method, url, "the body is not JSON"))
    }

    fn resource<T: DeserializeOwned>(
        &self,
        method: &Method,
        url: &Url,
        body: Value,
        wrapper: &str,
    ) -> Result<T> {
        let value = resource_of(body, wrapper).map_err(|why| self.malformed(method, url, &why))?;
        serde_json::from_value(value)
            .map_err(|_| self.malformed(method, url, "the body is not the expected JSON"))
    }

    fn malformed(&self, method: &Method, url: &Url, why: &str) -> Error {
        Error::network(format!("{method} {url}: unexpected answer: {why}"))
            .with_advice(Advice::CheckKmsEndpoint { unexpected: true })
    }
}

/// A non-2xx answer as an error: 401 is a rejected token, 5xx a server failure, the rest
/// (400, 403, 404, 409) the request's own fault.
fn status_error(request: &Request, answer: &Answer) -> Error {
    let status = answer.status;
    let message = server_message(&answer.body)
        .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_string());
    let mut error = http::status_error(request, answer, &message);
    if status == StatusCode::FORBIDDEN {
        error = error.with_hint(
            "the user may lack a KMS role in the token's project (Project Admin or Member, \
             or KMS Manager), or the KMS service may not be activated for the project",
        );
    }
    error
}

/// The server's explanation, on one line: `{"error":{"message"}}` (SDK) or a top-level
/// `message` (the envelope), with the `code` when it is a word.
fn server_message(body: &[u8]) -> Option<String> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let fields = match value.get("error") {
        Some(error) if error.is_object() => error,
        _ => &value,
    };
    let message = fields.get("message")?.as_str()?;
    // Not cut short here: the pipeline cuts it after taking out what the request carried.
    let mut text = crate::error::one_line(message);
    if let Some(code) = fields.get("code").and_then(Value::as_str)
        && !code.is_empty()
        && !text.contains(code)
    {
        text = format!("{text} ({})", crate::error::one_line(code));
    }
    (!text.is_empty()).then_some(text)
}

/// [`crate::error::one_line`], cut short: a server's message is not a page of text.
fn one_line(text: &str) -> String {
    let joined = crate::error::one_line(text);
    match joined.char_indices().nth(300) {
        Some((cut, _)) => format!("{}…", &joined[..cut]),
        None => joined,
    }
}

/// The envelope of the public API page (`{"code","message","data","requestId"}`), if `body`
/// is one: its `data`.
fn envelope_data(body: &Value) -> Option<&Value> {
    let fields = body.as_object()?;
    let marked = ["code", "message", "requestId"]
        .iter()
        .any(|name| fields.contains_key(*name));
    if marked { fields.get("data") } else { None }
}

/// The single resource in an answer: `{"<wrapper>":{…}}`, or an envelope whose `data` is
/// that or the resource itself.
fn resource_of(body: Value, wrapper: &str) -> std::result::Result<Value, String> {
    let wrapped = |value: &Value| value.get(wrapper).filter(|v| v.is_object()).cloned();
    if let Some(inner) = wrapped(&body) {
        return Ok(inner);
    }
    match envelope_data(&body) {
        Some(Value::Null) => Err(format!("its data is empty{}", envelope_note(&body))),
        Some(data) if data.is_object() => Ok(wrapped(data).unwrap_or_else(|| data.clone())),
        Some(_) => Err("its data is not an object".to_string()),
        None => Err(format!("it has no \"{wrapper}\" object")),
    }
}

/// The items and pagination of a list: `{"<wrapper>":[…],"pagination":{…}}`, or an envelope
/// whose `data` is that or the array itself.
fn list_of(
    body: Value,
    wrapper: &str,
) -> std::result::Result<(Vec<Value>, Option<Pagination>), String> {
    let listed = |value: &Value| -> Option<(Vec<Value>, Option<Pagination>)> {
        let items = value.get(wrapper)?.as_array()?.clone();
        let pagination = value
            .get("pagination")
            .and_then(|p| serde_json::from_value(p.clone()).ok());
        Some((items, pagination))
    };
    if let Some(found) = listed(&body) {
        return Ok(found);
    }
    match envelope_data(&body) {
        Some(Value::Array(items)) => Ok((items.clone(), None)),
        Some(Value::Null) => Err(format!("its data is empty{}", envelope_note(&body))),
        Some(data) => listed(data).ok_or_else(|| format!("its data has no \"{wrapper}\" list")),
        None => Err(format!("it has no \"{wrapper}\" list")),
    }
}

fn envelope_note(body: &Value) -> String {
    body.get("message")
        .and_then(Value::as_str)
        .filter(|m| !m.is_empty())
        .map(|m| format!(" ({})", one_line(m)))
        .unwrap_or_default()
}

/// The public key as PEM with a final newline: as given when it is PEM already, else (bare
/// Base64 DER) wrapped as a `PUBLIC KEY` block.
pub fn public_key_pem(key: &str) -> std::result::Result<String, String> {
    let key = key.trim();
    if key.starts_with("-----BEGIN ") {
        if !key.contains("-----END ") {
            return Err("the public key is PEM without an END line".to_string());
        }
        // Printed as it is: nothing but PEM's own characters may reach the terminal.
        if !key
            .chars()
            .all(|c| c.is_ascii_graphic() || matches!(c, ' ' | '\n' | '\r'))
        {
            return Err("the public key is PEM with characters PEM does not have".to_string());
        }
        return Ok(format!("{key}\n"));
    }
    let base64: String = key.chars().filter(|c| !c.is_whitespace()).collect();
    let valid = |c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=');
    if base64.is_empty() || !base64.chars().all(valid) {
        return Err("the public key is neither PEM nor Base64".to_string());
    }
    let mut pem = String::from("-----BEGIN PUBLIC KEY-----\n");
    for line in base64.as_bytes().chunks(64) {
        pem.push_str(std::str::from_utf8(line).unwrap_or_default());
        pem.push('\n');
    }
    pem.push_str("-----END PUBLIC KEY-----\n");
    Ok(pem)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use serde_json::json;

    fn client(endpoint: &str) -> KmsClient {
        let http = Http::new(std::time::Duration::from_secs(1), None, None).unwrap();
        KmsClient::new(endpoint, http).unwrap()
    }

    #[test]
    fn paths_sit_under_api_v1_with_segments_encoded() {
        let kms = client(DEFAULT_ENDPOINT);
        assert_eq!(
            kms.url(&["keys", "a b/c?"], &[]).as_str(),
            "https://key-management-service.kr-central-2.kakaocloud.com/api/v1/keys/a%20b%2Fc%3F"
        );
        let given = client("http://127.0.0.1:9/api/v1/");
        assert_eq!(
            given
                .url(&["keys"], &[("offset", "2".into()), ("limit", "20".into())])
                .as_str(),
            "http://127.0.0.1:9/api/v1/keys?offset=2&limit=20"
        );
        let prefixed = client("http://127.0.0.1:9/proxy");
        assert_eq!(
            prefixed.url(&["algorithms"], &[]).as_str(),
            "http://127.0.0.1:9/proxy/api/v1/algorithms"
        );
    }

    #[test]
    fn both_shapes_of_a_single_resource_are_read() {
        let key = json!({"id": "k1", "name": "n", "default_version": 2});
        for body in [
            json!({ "key": key }),
            json!({"code": "200", "message": "OK", "data": key, "requestId": "r"}),
            json!({"code": "200", "message": "OK", "data": {"key": key}, "requestId": "r"}),
        ] {
            assert_eq!(resource_of(body, "key").unwrap(), key);
        }
        // A version's own `version` number is not mistaken for the wrapper.
        let version = json!({"id": "v", "version": 3, "status": "ACTIVE"});
        assert_eq!(
            resource_of(json!({"code": 0, "data": version}), "version").unwrap(),
            version
        );
        assert!(resource_of(json!({"name": "x"}), "key").is_err());
        let err = resource_of(
            json!({"code": "E1", "message": "no such", "data": null}),
            "key",
        );
        assert!(err.unwrap_err().contains("no such"));
    }

    #[test]
    fn both_shapes_of_a_list_are_read() {
        let items = json!([{"id": "a"}, {"id": "b"}]);
        let pagination = json!({"offset": 0, "limit": 20, "total": 2});
        let (got, page) =
            list_of(json!({"keys": items, "pagination": pagination}), "keys").unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(page.unwrap().total, Some(2));
        let (got, page) = list_of(
            json!({"code": "OK", "data": {"keys": items, "pagination": pagination}}),
            "keys",
        )
        .unwrap();
        assert_eq!((got.len(), page.unwrap().limit), (2, Some(20)));
        let (got, page) = list_of(json!({"requestId": "r", "data": items}), "keys").unwrap();
        assert_eq!((got.len(), page), (2, None));
        assert!(list_of(json!({"items": items}), "keys").is_err());
    }

    #[test]
    fn keys_read_with_missing_and_null_fields() {
        let key: Key = serde_json::from_value(json!({
            "id": "k", "type": "ASYMMETRIC", "rotation_period": null, "unknown": 1
        }))
        .unwrap();
        assert_eq!(key.key_type.as_deref(), Some("ASYMMETRIC"));
        assert_eq!(key.rotation_period, None);
    }

    #[test]
    fn the_create_body_is_the_documented_one() {
        let body = serde_json::to_value(NewKey {
            name: "n".into(),
            description: None,
            key_type: "SYMMETRIC".into(),
            purpose: DEFAULT_PURPOSE.into(),
            algorithm: DEFAULT_ALGORITHM.into(),
            rotation_period: Some(90),
            is_pending_activation: None,
            is_access_control_enabled: false,
            access_target_ids: None,
        })
        .unwrap();
        assert_eq!(
            body,
            json!({"name": "n", "type": "SYMMETRIC", "purpose": "SYMMETRIC_ENCRYPT_DECRYPT",
                   "algorithm": "AES256-GCM96", "rotation_period": 90,
                   "is_access_control_enabled": false})
        );
    }

    #[test]
    fn server_messages_come_from_either_error_shape() {
        let sdk = br#"{"error":{"code":"KeyNotFound","message":"key\n not found"}}"#;
        assert_eq!(server_message(sdk).unwrap(), "key not found (KeyNotFound)");
        let envelope = br#"{"code":"404","message":"no key","data":null,"requestId":"r"}"#;
        assert_eq!(server_message(envelope).unwrap(), "no key (404)");
        assert_eq!(server_message(b"<html>"), None);
        let request = Request::new(Method::GET, "https://kms.example/api/v1/keys");
        let kind = |status| {
            let answer = Answer {
                status,
                headers: Default::default(),
                body: Vec::new(),
                attempts: 1,
                carried: Vec::new(),
            };
            status_error(&request, &answer).kind()
        };
        assert_eq!(kind(StatusCode::BAD_GATEWAY), ErrorKind::Network);
        assert_eq!(kind(StatusCode::UNAUTHORIZED), ErrorKind::Rejected);
        assert_eq!(kind(StatusCode::NOT_FOUND), ErrorKind::Other);
    }

    #[test]
    fn public_keys_come_out_as_pem() {
        let pem = "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----";
        assert_eq!(public_key_pem(pem).unwrap(), format!("{pem}\n"));
        let der = "A".repeat(100);
        let wrapped = public_key_pem(&der).unwrap();
        assert_eq!(
            wrapped,
            format!(
                "-----BEGIN PUBLIC KEY-----\n{}\n{}\n-----END PUBLIC KEY-----\n",
                "A".repeat(64),
                "A".repeat(36)
            )
        );
        assert!(public_key_pem("not a key!").is_err());
        assert!(public_key_pem("-----BEGIN PUBLIC KEY-----\nMFkw").is_err());
        assert!(
            public_key_pem(
                "-----BEGIN PUBLIC KEY-----\nMF\u{1b}]52;c;aGk=\u{7}kw\n-----END PUBLIC KEY-----"
            )
            .is_err()
        );
    }
}

#[cfg(test)]
mod client_tests {
    use super::*;
    use crate::error::ErrorKind;
    use crate::http::test_server::{Reply, Server};
    use serde_json::json;

    fn client(server: &Server) -> KmsClient {
        let http = Http::new(std::time::Duration::from_secs(10), None, None).unwrap();
        KmsClient::new(&server.url(""), http).unwrap()
    }

    fn token() -> SecretString {
        SecretString::from("tok")
    }

    fn page(ids: &[&str], offset: i64, limit: i64, total: i64) -> Reply {
        let keys: Vec<_> = ids.iter().map(|id| json!({ "id": id })).collect();
        Reply::json(
            200,
            &json!({"keys": keys, "pagination": {"offset": offset, "limit": limit, "total": total}}),
        )
    }

    #[test]
    fn a_list_is_read_page_by_page_from_where_it_left_off() {
        let server = Server::start(vec![
            page(&["a", "b"], 0, 2, 5),
            page(&["c", "d"], 2, 2, 5),
            page(&["e"], 4, 2, 5),
        ]);
        let keys = client(&server).list_keys(&token()).unwrap();
        let ids: Vec<_> = keys.iter().map(|k| k.id.clone().unwrap()).collect();
        assert_eq!(ids, ["a", "b", "c", "d", "e"]);
        let targets: Vec<_> = server.seen().iter().map(|s| s.target.clone()).collect();
        assert_eq!(
            targets,
            [
                "/api/v1/keys",
                "/api/v1/keys?offset=2&limit=2",
                "/api/v1/keys?offset=4&limit=2"
            ]
        );
        let first = &server.seen()[0];
        assert_eq!(first.header("x-auth-token"), Some("tok"));
        assert_eq!(first.header("content-type"), Some("application/json"));
    }

    #[test]
    fn an_empty_page_or_a_list_without_pagination_ends_the_list() {
        let server = Server::start(vec![page(&["a"], 0, 1, 10), page(&[], 1, 1, 10)]);
        assert_eq!(client(&server).list_keys(&token()).unwrap().len(), 1);
        assert_eq!(
            server.seen().len(),
            2,
            "a server that says 10 and sends none"
        );

        let server = Server::start(vec![Reply::json(
            200,
            &json!({"code": "OK", "message": "", "requestId": "r", "data": [{"id": "a"}]}),
        )]);
        assert_eq!(client(&server).list_keys(&token()).unwrap().len(), 1);
        assert_eq!(server.seen().len(), 1);
    }

    #[test]
    fn a_list_longer_than_any_project_holds_is_refused() {
        let ids: Vec<String> = (0..=MAX_LISTED_ITEMS).map(|i| i.to_string()).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let server = Server::start(vec![page(&ids, 0, 20000, 20000)]);
        let err = client(&server).list_keys(&token()).err().unwrap();
        assert_eq!(err.kind(), ErrorKind::Network);
        assert!(
            err.message().contains("the list goes past 10000 items"),
            "{}",
            err.message()
        );
    }

    #[test]
    fn an_item_or_a_body_that_is_not_the_documented_json_is_malformed() {
        let server = Server::start(vec![Reply::json(200, &json!({"keys": [{"id": 7}]}))]);
        let err = client(&server).list_keys(&token()).err().unwrap();
        assert!(err.message().ends_with("an item is not the expected JSON"));
        assert_eq!(
            err.advice(),
            Some(&Advice::CheckKmsEndpoint { unexpected: true })
        );
        let server = Server::start(vec![Reply::status(200, "<html>")]);
        let err = client(&server).get_key(&token(), "k").err().unwrap();
        assert!(
            err.message()
                .ends_with("unexpected answer: the body is not JSON")
        );
        let server = Server::start(vec![Reply::json(200, &json!({"name": "x"}))]);
        let err = client(&server).get_key(&token(), "k").err().unwrap();
        assert!(
            err.message().ends_with("it has no \"key\" object"),
            "{}",
            err.message()
        );
    }

    #[test]
    fn a_403_says_which_role_may_be_missing_and_a_401_is_rejected() {
        let server = Server::start(vec![Reply::json(
            403,
            &json!({"error": {"code": "Forbidden", "message": "no role"}}),
        )]);
        let err = client(&server).delete_key(&token(), "k").err().unwrap();
        assert_eq!(err.kind(), ErrorKind::Other);
        assert!(
            err.message()
                .ends_with("403 Forbidden: no role (Forbidden)"),
            "{}",
            err.message()
        );
        assert!(err.hint().unwrap().contains("KMS Manager"));
        let server = Server::start(vec![Reply::json(401, &json!({"message": "expired tok"}))]);
        let err = client(&server).rotate(&token(), "k").err().unwrap();
        assert_eq!(err.kind(), ErrorKind::Rejected);
        assert!(
            err.message()
                .ends_with("401 Unauthorized: expired [redacted]"),
            "{}",
            err.message()
        );
    }

    #[test]
    fn an_endpoint_that_is_not_a_url_is_refused() {
        let http = Http::new(std::time::Duration::from_secs(1), None, None).unwrap();
        let err = KmsClient::new("not a url", http).err().unwrap();
        assert_eq!(err.kind(), ErrorKind::Usage);
        let http = Http::new(std::time::Duration::from_secs(1), None, None).unwrap();
        assert!(KmsClient::new("mailto:a@b.example", http).is_err());
    }

    #[test]
    fn an_envelope_is_read_only_when_marked_as_one() {
        let key = json!({"id": "k"});
        assert!(
            resource_of(json!({ "data": key }), "key").is_err(),
            "no mark"
        );
        assert_eq!(
            resource_of(json!({"requestId": "r", "data": key}), "key").unwrap(),
            key
        );
        assert_eq!(
            resource_of(json!({"code": 0, "data": [1]}), "key").unwrap_err(),
            "its data is not an object"
        );
        assert_eq!(
            list_of(json!({"code": 0, "data": {"other": []}}), "keys").unwrap_err(),
            "its data has no \"keys\" list"
        );
        assert_eq!(
            list_of(json!({"keys": {"not": "a list"}}), "keys").unwrap_err(),
            "it has no \"keys\" list"
        );
    }

    #[test]
    fn a_server_message_is_cut_and_a_code_it_holds_is_not_repeated() {
        let long = "m".repeat(400);
        let cut = one_line(&long);
        assert_eq!(cut.chars().count(), 301);
        assert!(cut.ends_with('…'));
        let body = br#"{"error":{"code":"KeyNotFound","message":"KeyNotFound: no key"}}"#;
        assert_eq!(server_message(body).unwrap(), "KeyNotFound: no key");
        let body = br#"{"error":{"code":"","message":"plain"}}"#;
        assert_eq!(server_message(body).unwrap(), "plain");
        let body = br#"{"error":{"code":404,"message":"numeric code"}}"#;
        assert_eq!(server_message(body).unwrap(), "numeric code");
        assert_eq!(server_message(br#"{"error":{"message":"  "}}"#), None);
        assert_eq!(server_message(br#"{"error":"text"}"#), None);
    }

    #[test]
    fn a_public_key_pem_with_crlf_lines_is_kept_and_base64_with_spaces_is_joined() {
        let pem = "-----BEGIN PUBLIC KEY-----\r\nMFkw\r\n-----END PUBLIC KEY-----";
        assert_eq!(public_key_pem(pem).unwrap(), format!("{pem}\n"));
        assert_eq!(
            public_key_pem(" MFk w\nEw== ").unwrap(),
            "-----BEGIN PUBLIC KEY-----\nMFkwEw==\n-----END PUBLIC KEY-----\n"
        );
        assert!(public_key_pem("   ").is_err());
        assert!(
            public_key_pem("MFkw-_").is_err(),
            "URL-safe Base64 is not PEM's"
        );
    }
}
