//! A stand-in for KakaoCloud KMS key management (no real one is reachable from tests). It
//! follows the reference strictly — KakaoCloud's Go SDK for KMS (API v1.3.5): paths under
//! `/api/v1`, `X-Auth-Token` equal to the token the real test Keystone issued to kcred,
//! `Content-Type: application/json` on every request (the API page says so even without a
//! body), bodies wrapped in their resource with only the documented fields — and answers in
//! either of the two documented shapes: the SDK's (`{"key":{…}}`, errors as
//! `{"error":{"code","message"}}`) or the API page's envelope (`{"code","message","data",
//! "requestId"}`). It keeps its keys and versions in memory, with fixed IDs and times so that
//! output can be compared exactly.

use super::http_server::{HttpServer, Outcome, Request, Response};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};

/// How the fake answers.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Shape {
    /// The SDK's resource-wrapped bodies, with no envelope.
    Sdk,
    /// `{"code","message","data","requestId"}` around the bare resource (or the list object).
    Envelope,
    /// 200 with a body that is not JSON.
    NotJson,
}

/// The algorithms the fake offers (`GET /algorithms`): name, purpose, type.
pub const ALGORITHMS: &[(&str, &str, &str)] = &[
    ("AES256-GCM96", "SYMMETRIC_ENCRYPT_DECRYPT", "SYMMETRIC"),
    ("RSA-2048", "ASYMMETRIC_ENCRYPT_DECRYPT", "ASYMMETRIC"),
    ("RSA-2048", "DIGITAL_SIGNATURE", "ASYMMETRIC"),
    ("ECDSA-P256", "DIGITAL_SIGNATURE", "ASYMMETRIC"),
    ("HMAC-224", "HMAC", "SYMMETRIC"),
    ("HMAC-256", "HMAC", "SYMMETRIC"),
    ("HMAC-384", "HMAC", "SYMMETRIC"),
    ("HMAC-512", "HMAC", "SYMMETRIC"),
];

const CREATE_FIELDS: &[&str] = &[
    "name",
    "description",
    "type",
    "purpose",
    "algorithm",
    "rotation_period",
    "is_pending_activation",
    "is_access_control_enabled",
    "access_target_ids",
];

/// The fake's clock: every key is created at this time, version N an hour per version later.
const EPOCH: &str = "2026-01-05T00:00:00Z";

#[derive(Clone)]
struct FakeKey {
    id: String,
    name: String,
    description: Option<String>,
    key_type: String,
    purpose: String,
    algorithm: String,
    rotation_period: i64,
    status: &'static str,
    versions: Vec<i64>,
}

struct State {
    token: Option<String>,
    shape: Shape,
    fail: Option<u16>,
    /// Only requests with this method fail, when set.
    fail_only: Option<String>,
    page_size: usize,
    keys: Vec<FakeKey>,
    created: usize,
    answered: usize,
    refused: Vec<String>,
    requests: Vec<String>,
    bodies: Vec<Value>,
}

pub struct FakeKms {
    pub port: u16,
    state: Arc<Mutex<State>>,
}

impl FakeKms {
    pub fn start() -> FakeKms {
        let state = Arc::new(Mutex::new(State {
            token: None,
            shape: Shape::Sdk,
            fail: None,
            fail_only: None,
            page_size: 20,
            keys: Vec::new(),
            created: 0,
            answered: 0,
            refused: Vec::new(),
            requests: Vec::new(),
            bodies: Vec::new(),
        }));
        let shared = state.clone();
        let port =
            HttpServer::new(move |request| Outcome::Respond(respond(request, &shared))).start();
        FakeKms { port, state }
    }

    /// The KMS endpoint to give kcred (the host; kcred adds `/api/v1`).
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The only token the fake takes in `X-Auth-Token`; any other is a 401.
    pub fn expect_token(&self, token: &str) {
        self.state.lock().unwrap().token = Some(token.to_string());
    }

    pub fn answer_with(&self, shape: Shape) {
        self.state.lock().unwrap().shape = shape;
    }

    /// Answers every request with this status and an error body.
    /// Answers the requests with `method` with `status`, and the others as usual.
    pub fn fail_only(&self, method: &str, status: u16) {
        let mut state = self.state.lock().unwrap();
        state.fail = Some(status);
        state.fail_only = Some(method.to_string());
    }

    pub fn fail_with(&self, status: u16) {
        self.state.lock().unwrap().fail = Some(status);
    }

    /// How many items a list answer holds at most when the request names no `limit`.
    pub fn page_size(&self, size: usize) {
        self.state.lock().unwrap().page_size = size;
    }

    /// Why it refused requests that were not as documented.
    pub fn refused(&self) -> Vec<String> {
        self.state.lock().unwrap().refused.clone()
    }

    /// Every request as `METHOD /path?query`, in order.
    pub fn requests(&self) -> Vec<String> {
        self.state.lock().unwrap().requests.clone()
    }

    /// The bodies of the `POST /keys` requests it accepted.
    pub fn create_bodies(&self) -> Vec<Value> {
        self.state.lock().unwrap().bodies.clone()
    }

    /// The names of the keys it holds.
    pub fn key_names(&self) -> Vec<String> {
        let state = self.state.lock().unwrap();
        state.keys.iter().map(|k| k.name.clone()).collect()
    }

    /// The ID of the key named `name`.
    pub fn id_of(&self, name: &str) -> String {
        let state = self.state.lock().unwrap();
        state
            .keys
            .iter()
            .find(|k| k.name == name)
            .map(|k| k.id.clone())
            .unwrap_or_else(|| panic!("no key named {name}"))
    }
}

/// The PEM the fake gives as the public key of the key `id`.
pub fn public_key_of(id: &str) -> String {
    let body: String = format!(
        "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE{}",
        id.replace('-', "")
    );
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----",
        lines.join("\n")
    )
}

/// An answer: status, body (`None` for an empty one).
type Answer = (u16, Option<Value>);

/// Records the request and answers it in the chosen shape.
fn respond(request: &Request, state: &Mutex<State>) -> Response {
    let mut state = state.lock().unwrap();
    state
        .requests
        .push(format!("{} {}", request.method, request.path));
    let shape = state.shape;
    let (status, body) = match handle(&mut state, request) {
        Ok(answer) => answer,
        Err(why) => {
            state.refused.push(why.clone());
            (400, Some(error_body("InvalidRequest", &why)))
        }
    };
    state.answered += 1;
    let request_id = format!("req-{}", state.answered);
    let (status, text, content_type) = render(shape, status, body, &request_id);
    Response::new(status, content_type, text)
}

/// The SDK-shaped answer in the chosen shape, as text.
fn render(
    shape: Shape,
    status: u16,
    body: Option<Value>,
    request_id: &str,
) -> (u16, String, &'static str) {
    const JSON: &str = "application/json";
    let Some(body) = body else {
        return (status, String::new(), JSON);
    };
    match shape {
        Shape::Sdk => (status, body.to_string(), JSON),
        Shape::NotJson if status < 300 => (
            status,
            "<html>a proxy says hello</html>".into(),
            "text/html",
        ),
        Shape::NotJson => (status, body.to_string(), JSON),
        Shape::Envelope => {
            let enveloped = if let Some(error) = body.get("error") {
                json!({"code": error["code"], "message": error["message"], "data": null,
                       "requestId": request_id})
            } else {
                // A single resource goes bare into `data`; a list keeps its object.
                let fields = body.as_object().unwrap();
                let data = if fields.contains_key("pagination") || fields.len() != 1 {
                    body.clone()
                } else {
                    fields.values().next().unwrap().clone()
                };
                json!({"code": "OK", "message": "success", "data": data,
                       "requestId": request_id})
            };
            (status, enveloped.to_string(), JSON)
        }
    }
}

fn error_body(code: &str, message: &str) -> Value {
    json!({"error": {"code": code, "message": message}})
}

fn not_found(what: &str) -> Answer {
    (
        404,
        Some(error_body("NotFound", &format!("{what} not found"))),
    )
}

/// The documented request and the fake's answer to it, or why the request is not documented.
fn handle(state: &mut State, request: &Request) -> Result<Answer, String> {
    if let Some(status) = state.fail
        && state
            .fail_only
            .as_ref()
            .is_none_or(|method| *method == request.method)
    {
        return Ok((
            status,
            Some(error_body("InternalServerError", "the KMS service failed")),
        ));
    }
    let Some(token) = request.header("x-auth-token") else {
        return Err("no X-Auth-Token".into());
    };
    if state.token.as_deref() != Some(token) {
        return Ok((
            401,
            Some(error_body("Unauthorized", "the token is not valid")),
        ));
    }
    if request.header("content-type") != Some("application/json") {
        return Err(format!(
            "Content-Type is {:?}, not application/json",
            request.header("content-type")
        ));
    }
    let segments = request.segments();
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let Some(route) = segments.strip_prefix(&["api", "v1"][..]) else {
        return Err(format!("{} is not under /api/v1", segments.join("/")));
    };
    let method = request.method.as_str();
    let has_body = !request.body.is_empty();
    if has_body && !(method == "POST" && route == ["keys"]) {
        return Err(format!("{method} /{} takes no body", route.join("/")));
    }
    match (method, route) {
        ("GET", ["algorithms"]) => {
            no_query(request)?;
            let list: Vec<Value> = ALGORITHMS
                .iter()
                .map(|(name, purpose, key_type)| {
                    json!({"name": name, "purpose": purpose, "type": key_type})
                })
                .collect();
            Ok((200, Some(json!({ "algorithms": list }))))
        }
        ("GET", ["keys"]) => {
            let keys: Vec<Value> = state.keys.iter().map(key_json).collect();
            let (page, pagination) = paged(state, request, keys)?;
            Ok((200, Some(json!({"keys": page, "pagination": pagination}))))
        }
        ("POST", ["keys"]) => create(state, request),
        ("GET", ["keys", "name", name]) => {
            no_query(request)?;
            Ok(match state.keys.iter().find(|k| k.name == *name) {
                Some(key) => (
                    200,
                    Some(json!({"key": {
                        "id": key.id, "owner_type": "USER", "name": key.name,
                        "description": key.description, "default_version": key.versions.last(),
                    }})),
                ),
                None => not_found("key"),
            })
        }
        ("GET", ["keys", id]) => {
            no_query(request)?;
            Ok(match find(state, id) {
                Some(key) => (200, Some(json!({ "key": key_json(key) }))),
                None => not_found("key"),
            })
        }
        ("DELETE", ["keys", id]) => {
            no_query(request)?;
            let before = state.keys.len();
            state.keys.retain(|k| k.id != *id);
            Ok(if state.keys.len() < before {
                (204, None)
            } else {
                not_found("key")
            })
        }
        ("GET", ["keys", id, "public-key"]) => {
            no_query(request)?;
            Ok(match find(state, id) {
                None => not_found("key"),
                Some(key) if key.key_type != "ASYMMETRIC" => (
                    400,
                    Some(error_body("BadRequest", "the key is not asymmetric")),
                ),
                Some(key) => (
                    200,
                    Some(json!({"public": {"key": public_key_of(&key.id)}})),
                ),
            })
        }
        ("GET", ["keys", id, "versions"]) => {
            let Some(key) = find(state, id).cloned() else {
                return Ok(not_found("key"));
            };
            let versions: Vec<Value> = key
                .versions
                .iter()
                .map(|v| version_json(&key, *v))
                .collect();
            let (page, pagination) = paged(state, request, versions)?;
            Ok((
                200,
                Some(json!({"versions": page, "pagination": pagination})),
            ))
        }
        ("POST", ["keys", id, "versions"]) => {
            no_query(request)?;
            let Some(key) = state.keys.iter_mut().find(|k| k.id == *id) else {
                return Ok(not_found("key"));
            };
            let next = key.versions.last().copied().unwrap_or(0) + 1;
            key.versions.push(next);
            key.status = "ACTIVE";
            let key = key.clone();
            Ok((200, Some(json!({ "version": version_json(&key, next) }))))
        }
        _ => Err(format!("no such operation: {method} /{}", route.join("/"))),
    }
}

fn find<'a>(state: &'a State, id: &str) -> Option<&'a FakeKey> {
    state.keys.iter().find(|k| k.id == id)
}

fn no_query(request: &Request) -> Result<(), String> {
    match request.query().first() {
        Some((name, _)) => Err(format!("undocumented query parameter {name}")),
        None => Ok(()),
    }
}

/// One page of `items` by `offset` and `limit`, and the pagination object.
fn paged(
    state: &State,
    request: &Request,
    items: Vec<Value>,
) -> Result<(Vec<Value>, Value), String> {
    let mut offset = 0usize;
    let mut limit = state.page_size;
    for (name, value) in &request.query() {
        let number = value
            .parse::<usize>()
            .map_err(|_| format!("{name}={value} is not a number"))?;
        match name.as_str() {
            "offset" => offset = number,
            "limit" if number > 0 => limit = number,
            _ => return Err(format!("undocumented query parameter {name}={value}")),
        }
    }
    let page: Vec<Value> = items.iter().skip(offset).take(limit).cloned().collect();
    let pagination = json!({"offset": offset, "limit": limit, "total": items.len()});
    Ok((page, pagination))
}

fn create(state: &mut State, request: &Request) -> Result<Answer, String> {
    no_query(request)?;
    let body: Value =
        serde_json::from_slice(&request.body).map_err(|_| "the body is not JSON".to_string())?;
    let outer = body.as_object().ok_or("the body is not an object")?;
    if outer.len() != 1 || !outer.contains_key("key") {
        return Err(format!("the body is not {{\"key\":…}}: {body}"));
    }
    let key = outer["key"].as_object().ok_or("key is not an object")?;
    for name in key.keys() {
        if !CREATE_FIELDS.contains(&name.as_str()) {
            return Err(format!("undocumented field key.{name}"));
        }
    }
    let text = |name: &str| -> Result<String, String> {
        key.get(name)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .ok_or(format!("key.{name} is missing or not a string"))
    };
    let name = text("name")?;
    let key_type = text("type")?;
    let purpose = text("purpose")?;
    let algorithm = text("algorithm")?;
    if !ALGORITHMS.contains(&(algorithm.as_str(), purpose.as_str(), key_type.as_str())) {
        return Err(format!(
            "{algorithm}/{purpose}/{key_type} is not an offered pairing"
        ));
    }
    if !key
        .get("is_access_control_enabled")
        .is_some_and(Value::is_boolean)
    {
        return Err("key.is_access_control_enabled is required and a bool".into());
    }
    let description = match key.get("description") {
        None => None,
        Some(Value::String(d)) => Some(d.clone()),
        Some(other) => return Err(format!("key.description is {other}")),
    };
    let rotation_period = match key.get("rotation_period") {
        None => 365,
        Some(n) => match n.as_i64() {
            Some(days) if (1..=1095).contains(&days) => days,
            _ => return Err(format!("key.rotation_period is {n}")),
        },
    };
    let pending = match key.get("is_pending_activation") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(other) => return Err(format!("key.is_pending_activation is {other}")),
    };
    if state.keys.iter().any(|k| k.name == name) {
        return Ok((
            409,
            Some(error_body(
                "Conflict",
                &format!("a key named {name} already exists"),
            )),
        ));
    }
    state.created += 1;
    let created = FakeKey {
        id: format!("00000000-0000-4000-8000-{:012}", state.created),
        name,
        description,
        key_type,
        purpose,
        algorithm,
        rotation_period,
        status: if pending { "PRE_ACTIVATION" } else { "ACTIVE" },
        versions: if pending { vec![] } else { vec![1] },
    };
    state.bodies.push(body.clone());
    state.keys.push(created.clone());
    Ok((201, Some(json!({ "key": key_json(&created) }))))
}

fn at_hour(hours: i64) -> String {
    let epoch: jiff::Timestamp = EPOCH.parse().unwrap();
    (epoch + jiff::SignedDuration::from_hours(hours)).to_string()
}

fn key_json(key: &FakeKey) -> Value {
    let current = key.versions.last().copied();
    let last_rotation = current.map(|v| at_hour(v - 1));
    let next_rotation = current.map(|v| at_hour(v - 1 + 24 * key.rotation_period));
    json!({
        "id": key.id,
        "name": key.name,
        "project_id": "fake-project",
        "owner_name": "fake-user",
        "description": key.description,
        "purpose": key.purpose,
        "status": key.status,
        "type": key.key_type,
        "algorithm": key.algorithm,
        "default_version": current,
        "is_rotation_enabled": true,
        "rotation_period": key.rotation_period,
        "is_immediate_delete_enabled": false,
        "last_rotation_at": last_rotation,
        "next_rotation_at": next_rotation,
        "created_by": "fake-user",
        "created_at": EPOCH,
        "version_quota": 100,
        "version_count": key.versions.len(),
        "is_version_creation_allowed": true,
        "is_access_control_enabled": false,
        "is_accessible": true,
    })
}

fn version_json(key: &FakeKey, version: i64) -> Value {
    json!({
        "id": format!("{}-v{version}", key.id),
        "version": version,
        "status": "ACTIVE",
        "algorithm": key.algorithm,
        "resolved_destruction_at": null,
        "created_at": at_hour(version - 1),
    })
}
