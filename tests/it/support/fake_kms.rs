//! A stand-in for KakaoCloud KMS key management (no real one is reachable from tests). It
//! follows the reference strictly — KakaoCloud's Go SDK for KMS (API v1.3.5): paths under
//! `/api/v1`, `X-Auth-Token` equal to the token the real test Keystone issued to kcred (and
//! valid there on each request),
//! `Content-Type: application/json` on every request (the API page says so even without a
//! body), bodies wrapped in their resource with only the documented fields — and answers in
//! either of the two documented shapes: the SDK's (`{"key":{…}}`, errors as
//! `{"error":{"code","message"}}`) or the API page's envelope (`{"code","message","data",
//! "requestId"}`). It keeps its keys and versions in memory, with fixed IDs and times so that
//! output can be compared exactly.
//!
//! Versions follow the guide's states: ACTIVE, DEACTIVATED (`…/deactivate`), destruction
//! scheduled for a future UTC time (`…/schedule-destroy`, cancellable until then), DESTROYED
//! once that time passes on the fake's clock ([`FakeKms::advance`]). A key is deleted only in
//! pre-activation or once every version is destroyed; it is then DEACTIVATED with no default
//! version.

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
    versions: Vec<FakeVersion>,
    access_control: bool,
    targets: Vec<String>,
}

#[derive(Clone)]
struct FakeVersion {
    number: i64,
    status: &'static str,
    destruction_at: Option<jiff::Timestamp>,
}

impl FakeKey {
    fn status(&self) -> &'static str {
        if self.versions.is_empty() {
            "PRE_ACTIVATION"
        } else if self.versions.iter().any(|v| v.status == "ACTIVE") {
            "ACTIVE"
        } else {
            "DEACTIVATED"
        }
    }

    /// The newest version, unless it is destroyed.
    fn default_version(&self) -> Option<i64> {
        self.versions
            .last()
            .filter(|v| v.status != "DESTROYED")
            .map(|v| v.number)
    }
}

/// A subject ID the fake's IAM does not know: adding it fails.
pub const UNKNOWN_SUBJECT: &str = "no-such-subject";

struct State {
    token: Option<String>,
    shape: Shape,
    fail: Option<u16>,
    /// Only requests with this method fail, when set.
    fail_only: Option<String>,
    page_size: usize,
    /// Every list page is the first one again, with a total that never comes.
    endless: bool,
    /// How long each list page takes to answer.
    page_delay: std::time::Duration,
    keys: Vec<FakeKey>,
    created: usize,
    answered: usize,
    refused: Vec<String>,
    requests: Vec<String>,
    bodies: Vec<Value>,
    /// Every accepted body, after its request line.
    sent: Vec<(String, Value)>,
    /// How far the fake's clock is ahead of the real one.
    ahead: jiff::SignedDuration,
    service_keys: Vec<Value>,
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
            endless: false,
            page_delay: std::time::Duration::ZERO,
            keys: Vec::new(),
            created: 0,
            answered: 0,
            refused: Vec::new(),
            requests: Vec::new(),
            bodies: Vec::new(),
            sent: Vec::new(),
            ahead: jiff::SignedDuration::ZERO,
            service_keys: Vec::new(),
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

    /// From now on a list never ends: each page is full of the same items and says that
    /// 10^15 are to come.
    pub fn endless_pages(&self) {
        self.state.lock().unwrap().endless = true;
    }

    /// Each list page takes `delay` to answer.
    pub fn slow_pages(&self, delay: std::time::Duration) {
        self.state.lock().unwrap().page_delay = delay;
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

    /// Moves the fake's clock forward: scheduled destructions that come due happen.
    pub fn advance(&self, by: jiff::SignedDuration) {
        self.state.lock().unwrap().ahead += by;
    }

    /// Adds a service key, as a KakaoCloud service would make one.
    pub fn add_service_key(&self, name: &str, service: &str) {
        let mut state = self.state.lock().unwrap();
        state.service_keys.push(json!({
            "name": name, "default_version": 2, "service": service, "status": "ACTIVE",
            "rotation_period": 365, "last_rotation_at": "2026-01-05T00:00:00Z",
            "next_rotation_at": "2027-01-05T00:00:00Z", "created_at": "2025-01-05T00:00:00Z",
        }));
    }

    /// The bodies it accepted on requests whose line (`METHOD /path`) ends with `suffix`.
    pub fn bodies_to(&self, suffix: &str) -> Vec<Value> {
        let state = self.state.lock().unwrap();
        state
            .sent
            .iter()
            .filter(|(line, _)| line.ends_with(suffix))
            .map(|(_, body)| body.clone())
            .collect()
    }

    /// The status of each version of the key named `name`.
    pub fn versions_state(&self, name: &str) -> Vec<String> {
        let state = self.state.lock().unwrap();
        let key = state.keys.iter().find(|k| k.name == name).unwrap();
        key.versions.iter().map(|v| v.status.to_string()).collect()
    }

    /// The subjects on the access-control list of the key named `name`.
    pub fn targets_of(&self, name: &str) -> (bool, Vec<String>) {
        let state = self.state.lock().unwrap();
        let key = state.keys.iter().find(|k| k.name == name).unwrap();
        (key.access_control, key.targets.clone())
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
    let now = now(&state);
    for key in &mut state.keys {
        for version in &mut key.versions {
            if version.status == "DEACTIVATED" && version.destruction_at.is_some_and(|at| at <= now)
            {
                version.status = "DESTROYED";
            }
        }
    }
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
    // The token kcred was issued, and still valid in the real Keystone (not revoked since).
    if state.token.as_deref() != Some(token) || !super::keystone().token_is_valid(token) {
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
    let takes_body = matches!(
        (method, route),
        ("POST", ["keys"])
            | ("PATCH", ["keys", _, "rotation"])
            | ("PATCH", ["keys", _, "versions", _, "schedule-destroy"])
            | ("PATCH", ["keys", _, "versions", "schedule-destroy"])
            | ("PATCH", ["keys", _, "versions", "cancel-schedule-destroy"])
            | ("PUT", ["keys", _, "access-control"])
            | ("POST", ["keys", _, "access-control", "targets"])
            | (
                "POST",
                ["keys", _, "access-control", "targets", "deletions"]
            )
    );
    if has_body && !takes_body {
        return Err(format!("{method} /{} takes no body", route.join("/")));
    }
    let body = if takes_body {
        let body: Value = serde_json::from_slice(&request.body)
            .map_err(|_| format!("{method} /{}: the body is not JSON", route.join("/")))?;
        state
            .sent
            .push((format!("{method} /{}", route.join("/")), body.clone()));
        body
    } else {
        Value::Null
    };
    if let Some(answer) = lifecycle(state, request, method, route, &body)? {
        return Ok(answer);
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
                        "description": key.description, "default_version": key.default_version(),
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
            let Some(key) = find(state, id) else {
                return Ok(not_found("key"));
            };
            if key.versions.iter().any(|v| v.status != "DESTROYED") {
                return Ok((
                    409,
                    Some(error_body(
                        "KeyNotDeletable",
                        "the key has versions that are not destroyed",
                    )),
                ));
            }
            state.keys.retain(|k| k.id != *id);
            Ok((204, None))
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
            let versions: Vec<Value> = key.versions.iter().map(|v| version_json(&key, v)).collect();
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
            let next = key.versions.last().map_or(0, |v| v.number) + 1;
            key.versions.push(FakeVersion {
                number: next,
                status: "ACTIVE",
                destruction_at: None,
            });
            let key = key.clone();
            let version = key.versions.last().unwrap();
            Ok((200, Some(json!({ "version": version_json(&key, version) }))))
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
    std::thread::sleep(state.page_delay);
    if state.endless {
        // Full pages of the items there are, again and again.
        let page: Vec<Value> = items.iter().cycle().take(limit).cloned().collect();
        let pagination =
            json!({"offset": offset, "limit": limit, "total": 1_000_000_000_000_000_i64});
        return Ok((page, pagination));
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
    let access_control = key["is_access_control_enabled"] == Value::Bool(true);
    let targets = match key.get("access_target_ids") {
        None => Vec::new(),
        Some(ids) => string_list(ids).ok_or(format!("key.access_target_ids is {ids}"))?,
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
        versions: if pending {
            vec![]
        } else {
            vec![FakeVersion {
                number: 1,
                status: "ACTIVE",
                destruction_at: None,
            }]
        },
        access_control,
        targets,
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
    let current = key.versions.last().map(|v| v.number);
    let last_rotation = current.map(|v| at_hour(v - 1));
    let next_rotation = current.map(|v| at_hour(v - 1 + 24 * key.rotation_period));
    json!({
        "id": key.id,
        "name": key.name,
        "project_id": "fake-project",
        "owner_name": "fake-user",
        "description": key.description,
        "purpose": key.purpose,
        "status": key.status(),
        "type": key.key_type,
        "algorithm": key.algorithm,
        "default_version": key.default_version(),
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
        "is_access_control_enabled": key.access_control,
        "is_accessible": true,
    })
}

fn version_json(key: &FakeKey, version: &FakeVersion) -> Value {
    let number = version.number;
    json!({
        "id": format!("{}-v{number}", key.id),
        "version": number,
        "status": version.status,
        "algorithm": key.algorithm,
        "resolved_destruction_at": version.destruction_at.map(|at| at.to_string()),
        "created_at": at_hour(number - 1),
    })
}

fn now(state: &State) -> jiff::Timestamp {
    jiff::Timestamp::now() + state.ahead
}

fn string_list(value: &Value) -> Option<Vec<String>> {
    value
        .as_array()?
        .iter()
        .map(|v| v.as_str().filter(|s| !s.is_empty()).map(str::to_string))
        .collect()
}

/// `{"<outer>":{…}}` with only the `fields` given, or why it is not.
fn wrapped<'a>(
    body: &'a Value,
    outer: &str,
    fields: &[&str],
) -> Result<&'a serde_json::Map<String, Value>, String> {
    let object = body.as_object().filter(|o| o.len() == 1);
    let inner = object
        .and_then(|o| o.get(outer))
        .and_then(Value::as_object)
        .ok_or(format!("the body is not {{\"{outer}\":{{…}}}}: {body}"))?;
    for name in inner.keys() {
        if !fields.contains(&name.as_str()) {
            return Err(format!("undocumented field {outer}.{name}"));
        }
    }
    Ok(inner)
}

/// The SDK's "ISO 8601 UTC" time, in the future on the fake's clock.
fn future_utc(state: &State, value: Option<&Value>) -> Result<jiff::Timestamp, String> {
    let text = value
        .and_then(Value::as_str)
        .ok_or("destruction_scheduled_at is missing or not a string")?;
    if !text.ends_with('Z') {
        return Err(format!("destruction_scheduled_at {text} is not in UTC"));
    }
    let at: jiff::Timestamp = text
        .parse()
        .map_err(|_| format!("destruction_scheduled_at {text} is not a time"))?;
    if at <= now(state) {
        return Err(format!("destruction_scheduled_at {text} is in the past"));
    }
    Ok(at)
}

/// What one version operation did: Ok, or an error code and message.
type Outcome1 = Result<(), (u16, &'static str, String)>;

fn deactivate(version: &mut FakeVersion) -> Outcome1 {
    match version.status {
        "ACTIVE" => {
            version.status = "DEACTIVATED";
            Ok(())
        }
        status => Err((
            409,
            "InvalidVersionStatus",
            format!("version {} is {status}, not ACTIVE", version.number),
        )),
    }
}

fn schedule(version: &mut FakeVersion, at: jiff::Timestamp) -> Outcome1 {
    match version.status {
        "DEACTIVATED" => {
            version.destruction_at = Some(at);
            Ok(())
        }
        status => Err((
            409,
            "InvalidVersionStatus",
            format!(
                "version {} is {status}: only a deactivated version can be destroyed",
                version.number
            ),
        )),
    }
}

fn cancel(version: &mut FakeVersion) -> Outcome1 {
    match (version.status, version.destruction_at) {
        ("DEACTIVATED", Some(_)) => {
            version.destruction_at = None;
            Ok(())
        }
        (status, _) => Err((
            409,
            "InvalidVersionStatus",
            format!(
                "version {} ({status}) has no destruction scheduled",
                version.number
            ),
        )),
    }
}

/// The calls that change a key after its creation, and service keys; `None` for the others.
fn lifecycle(
    state: &mut State,
    request: &Request,
    method: &str,
    route: &[&str],
    body: &Value,
) -> Result<Option<Answer>, String> {
    let single = |outcome: Outcome1, answer: Value| match outcome {
        Ok(()) => (200, Some(answer)),
        Err((status, code, message)) => (status, Some(error_body(code, &message))),
    };
    let answer = match (method, route) {
        ("GET", ["service-keys"]) => {
            let keys = state.service_keys.clone();
            let (page, pagination) = paged(state, request, keys)?;
            (
                200,
                Some(json!({"service_keys": page, "pagination": pagination})),
            )
        }
        ("PATCH", ["keys", id, "rotation"]) => {
            no_query(request)?;
            let fields = wrapped(body, "key", &["rotation_period"])?;
            let days = fields
                .get("rotation_period")
                .and_then(Value::as_i64)
                .filter(|d| (1..=1095).contains(d))
                .ok_or(format!("key.rotation_period is not 1 to 1095: {body}"))?;
            match state.keys.iter_mut().find(|k| k.id == *id) {
                None => not_found("key"),
                Some(key) => {
                    key.rotation_period = days;
                    (200, Some(json!({"key": key_json(key)})))
                }
            }
        }
        ("PATCH", ["keys", id, "versions", number, operation]) => {
            no_query(request)?;
            let at = match *operation {
                "schedule-destroy" => {
                    let fields = wrapped(body, "version", &["destruction_scheduled_at"])?;
                    Some(future_utc(state, fields.get("destruction_scheduled_at"))?)
                }
                "deactivate" | "cancel-schedule-destroy" => None,
                _ => return Ok(None),
            };
            let Some(key) = state.keys.iter_mut().find(|k| k.id == *id) else {
                return Ok(Some(not_found("key")));
            };
            let Some(version) = key
                .versions
                .iter_mut()
                .find(|v| v.number.to_string() == *number)
            else {
                return Ok(Some(not_found("version")));
            };
            match *operation {
                "deactivate" => single(
                    deactivate(version),
                    json!({"version": {"is_deactivated": true}}),
                ),
                "schedule-destroy" => single(
                    schedule(version, at.unwrap()),
                    json!({"version": {"destroy_status": "SCHEDULED"}}),
                ),
                _ => single(
                    cancel(version),
                    json!({"version": {"destroy_status": "CANCELED"}}),
                ),
            }
        }
        ("PATCH", ["keys", id, "versions", operation]) => {
            no_query(request)?;
            let (fields, at) = match *operation {
                "schedule-destroy" => {
                    let fields =
                        wrapped(body, "versions", &["versions", "destruction_scheduled_at"])?;
                    let at = future_utc(state, fields.get("destruction_scheduled_at"))?;
                    (fields, Some(at))
                }
                "cancel-schedule-destroy" => (wrapped(body, "versions", &["versions"])?, None),
                _ => return Ok(None),
            };
            let numbers: Vec<i64> = fields
                .get("versions")
                .and_then(Value::as_array)
                .and_then(|list| list.iter().map(Value::as_i64).collect())
                .filter(|list: &Vec<i64>| !list.is_empty())
                .ok_or(format!(
                    "versions.versions is not a list of numbers: {body}"
                ))?;
            let Some(key) = state.keys.iter_mut().find(|k| k.id == *id) else {
                return Ok(Some(not_found("key")));
            };
            let mut results = Vec::new();
            let mut failed = 0;
            for number in &numbers {
                let outcome = match key.versions.iter_mut().find(|v| v.number == *number) {
                    None => Err((404, "NotFound", format!("version {number} not found"))),
                    Some(version) => match at {
                        Some(at) => schedule(version, at),
                        None => cancel(version),
                    },
                };
                if let Err((_, code, message)) = outcome {
                    failed += 1;
                    results
                        .push(json!({"version": number, "error_code": code, "message": message}));
                }
            }
            let result = json!({
                "total": numbers.len(), "requested": numbers.len(),
                "succeeded": numbers.len() - failed, "failed": failed, "results": results,
            });
            (200, Some(json!({ "versions": result })))
        }
        ("PUT", ["keys", id, "access-control"]) => {
            no_query(request)?;
            let fields = wrapped(body, "access_control", &["is_enabled", "target_ids"])?;
            let enabled = fields
                .get("is_enabled")
                .and_then(Value::as_bool)
                .ok_or("access_control.is_enabled is required and a bool")?;
            let ids = match fields.get("target_ids") {
                None => Vec::new(),
                Some(ids) => string_list(ids).ok_or("access_control.target_ids is not a list")?,
            };
            let Some(key) = state.keys.iter_mut().find(|k| k.id == *id) else {
                return Ok(Some(not_found("key")));
            };
            key.access_control = enabled;
            let results = add_targets(key, &ids);
            (
                200,
                Some(json!({"access_control": {"is_enabled": enabled, "targets": results}})),
            )
        }
        ("GET", ["keys", id, "access-control", "targets"]) => {
            no_query(request)?;
            let Some(key) = find(state, id) else {
                return Ok(Some(not_found("key")));
            };
            let targets: Vec<Value> = key
                .targets
                .iter()
                .map(|t| {
                    json!({"assignment_type": "USER", "id": t, "name": format!("user {t}"),
                           "is_exists": true, "created_by": "fake-user", "created_at": EPOCH})
                })
                .collect();
            (200, Some(json!({ "targets": targets })))
        }
        ("POST", ["keys", id, "access-control", "targets", ..]) => {
            no_query(request)?;
            let removing = match &route[4..] {
                [] => false,
                ["deletions"] => true,
                _ => return Ok(None),
            };
            let fields = wrapped(body, "targets", &["ids"])?;
            let ids = fields
                .get("ids")
                .and_then(string_list)
                .filter(|ids| !ids.is_empty())
                .ok_or(format!("targets.ids is not a list of IDs: {body}"))?;
            let Some(key) = state.keys.iter_mut().find(|k| k.id == *id) else {
                return Ok(Some(not_found("key")));
            };
            let result = if removing {
                let before = key.targets.len();
                key.targets.retain(|t| !ids.contains(t));
                let removed = before - key.targets.len();
                json!({"total": ids.len(), "requested": ids.len(), "succeeded": removed,
                       "failed": ids.len() - removed, "results": []})
            } else {
                add_targets(key, &ids)
            };
            (200, Some(json!({ "targets": result })))
        }
        _ => return Ok(None),
    };
    Ok(Some(answer))
}

/// Adds subjects to the key's list: the `AccessTargets` answer.
fn add_targets(key: &mut FakeKey, ids: &[String]) -> Value {
    let mut results = Vec::new();
    let mut failed = 0;
    for id in ids {
        let exists = key.targets.contains(id);
        let unknown = id == UNKNOWN_SUBJECT;
        if unknown {
            failed += 1;
        } else if !exists {
            key.targets.push(id.clone());
        }
        results.push(json!({
            "target_id": id, "is_added": !unknown && !exists, "is_already_exists": exists,
            "error_code": if unknown { json!("TargetNotFound") } else { Value::Null },
            "message": if unknown { json!("no such IAM subject") } else { Value::Null },
        }));
    }
    json!({"total": ids.len(), "requested": ids.len(), "succeeded": ids.len() - failed,
           "failed": failed, "results": results})
}
