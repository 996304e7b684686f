//! Stand-ins for NAVER Cloud's Secure Token Service and GleSYS's Object Storage API (no real
//! one is reachable from tests). Each checks requests strictly as their references describe:
//! the NCP one recomputes the API Gateway signature v2 itself (not with kcred's code) and
//! refuses a wrong one or a timestamp more than 5 minutes off; the GleSYS one checks Basic
//! auth, the JSON body and the argument names.

use super::http_server::{HttpServer, Outcome, Request, Response};
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use std::sync::{Arc, Mutex};

/// Serves `handler`'s JSON answers on a free port and returns the port.
fn serve(handler: impl Fn(&Request) -> (u16, Value) + Send + Sync + 'static) -> u16 {
    HttpServer::new(move |request| {
        let (status, body) = handler(request);
        Outcome::Respond(Response::json(status, &body))
    })
    .start()
}

pub const NCP_ACCESS_KEY: &str = "ncp_iam_PERMANENT0001";
pub const NCP_SECRET: &str = "ncp-permanent-secret-0001";
pub const NCP_MFA_SERIAL: &str = "nrn:PUB:IAM::1234:MFA/device";
pub const NCP_MFA_CODE: u64 = 123456;

/// A temporary key the fake NCP issued.
#[derive(Clone)]
pub struct IssuedKey {
    pub access_key: String,
    pub secret: String,
    pub duration: u64,
    pub use_mfa: bool,
}

type Issued = Mutex<Vec<IssuedKey>>;

/// A fake NCP Secure Token Service.
pub struct FakeNcp {
    pub port: u16,
    /// Every temporary key it issued.
    pub issued: Arc<Issued>,
    /// Why it refused requests.
    pub refused: Arc<Mutex<Vec<String>>>,
}

impl FakeNcp {
    pub fn start() -> FakeNcp {
        let issued: Arc<Issued> = Arc::default();
        let refused: Arc<Mutex<Vec<String>>> = Arc::default();
        let (keys, why) = (issued.clone(), refused.clone());
        let port = serve(move |req: &Request| {
            let result = ncp(req, &keys);
            if let Err((_, body)) = &result {
                why.lock().unwrap().push(body.to_string());
            }
            result.unwrap_or_else(|e| e)
        });
        FakeNcp {
            port,
            issued,
            refused,
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

fn gateway_refusal(details: &str) -> (u16, Value) {
    (
        401,
        json!({"error": {"errorCode": "200", "message": "Authentication Failed", "details": details}}),
    )
}

/// The signature the gateway expects, computed here from the reference's definition.
pub fn ncp_signature(
    method: &str,
    uri: &str,
    timestamp: &str,
    access_key: &str,
    secret: &str,
) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{method} {uri}\n{timestamp}\n{access_key}").as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

fn ncp(req: &Request, issued: &Issued) -> Result<(u16, Value), (u16, Value)> {
    if req.path != "/api/v1/credentials" {
        return Err((
            404,
            json!({"error": {"errorCode": "300", "message": "Not Found Exception"}}),
        ));
    }
    let header = |name: &str| req.header(name).unwrap_or_default().to_string();
    let (timestamp, access_key) = (
        header("x-ncp-apigw-timestamp"),
        header("x-ncp-iam-access-key"),
    );
    let sent_at: i64 = timestamp
        .parse()
        .map_err(|_| gateway_refusal("bad timestamp"))?;
    let now = jiff::Timestamp::now().as_millisecond();
    if (now - sent_at).abs() >= 5 * 60 * 1000 {
        return Err(gateway_refusal("timestamp more than 5 minutes off"));
    }
    let secret = if access_key == NCP_ACCESS_KEY {
        NCP_SECRET.to_string()
    } else {
        let keys = issued.lock().unwrap();
        keys.iter()
            .find(|key| key.access_key == access_key)
            .map(|key| key.secret.clone())
            .ok_or_else(|| gateway_refusal("unknown access key"))?
    };
    let expected = ncp_signature(&req.method, &req.path, &timestamp, &access_key, &secret);
    if header("x-ncp-apigw-signature-v2") != expected {
        return Err(gateway_refusal("Invalid authentication information."));
    }
    if !header("content-type").starts_with("application/json") {
        return Err((
            400,
            json!({"error": {"errorCode": "100", "message": "Bad Request Exception"}}),
        ));
    }
    match req.method.as_str() {
        "GET" => Ok((
            200,
            json!({"accessKey": access_key, "createTime": "2024-10-10T16:58:28Z"}),
        )),
        "POST" => {
            let body: Value = serde_json::from_slice(&req.body).map_err(|_| {
                (
                    400,
                    json!({"errorCode": 400, "message": "the body is not JSON"}),
                )
            })?;
            let duration = body.get("durationSec").map_or(Some(3600), Value::as_u64);
            let duration = duration.filter(|d| (600..=43200).contains(d)).ok_or((
                400,
                json!({"errorCode": 400, "message": "valid range: 600 - 43200"}),
            ))?;
            let use_mfa = match (body.get("serialNumber"), body.get("tokenCode")) {
                (None, None) => false,
                (Some(serial), Some(code))
                    if serial == NCP_MFA_SERIAL && code.as_u64() == Some(NCP_MFA_CODE) =>
                {
                    true
                }
                _ => {
                    return Err((
                        401,
                        json!({"errorCode": 401, "message": "MultiFactorAuthentication failed with invalid MFA one time pass code"}),
                    ));
                }
            };
            let mut keys = issued.lock().unwrap();
            let n = keys.len() + 1;
            let (key, secret) = (
                format!("ncp_iam_TEMP{n:04}"),
                format!("ncp_iam_SECRET{n:04}"),
            );
            keys.push(IssuedKey {
                access_key: key.clone(),
                secret: secret.clone(),
                duration,
                use_mfa,
            });
            let created = jiff::Timestamp::now();
            let expires = created + jiff::SignedDuration::from_secs(duration as i64);
            Ok((
                200,
                json!({
                    "accessKey": key, "keySecret": secret,
                    "createTime": created.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
                    "expireTime": expires.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
                    "useMfa": use_mfa,
                }),
            ))
        }
        _ => Err((
            404,
            json!({"error": {"errorCode": "300", "message": "Not Found Exception"}}),
        )),
    }
}

pub const GLESYS_PROJECT: &str = "CL12345";
pub const GLESYS_API_KEY: &str = "glesys-api-key-0001";
pub const GLESYS_INSTANCE: &str = "os-ab123";

/// An S3 access key of the fake GleSYS instance.
#[derive(Clone)]
pub struct GlesysCredential {
    pub id: String,
    pub access: String,
    pub secret: String,
    pub description: String,
}

type Credentials = Mutex<Vec<GlesysCredential>>;

/// A fake GleSYS API with one Object Storage instance in `dc-sto1`.
pub struct FakeGlesys {
    pub port: u16,
    /// The instance's credentials.
    pub credentials: Arc<Credentials>,
    pub refused: Arc<Mutex<Vec<String>>>,
    /// The data center the instance is in, as the API names it.
    pub datacenter: Arc<Mutex<String>>,
}

impl FakeGlesys {
    pub fn start() -> FakeGlesys {
        let credentials = Arc::new(Mutex::new(vec![GlesysCredential {
            id: "376af022-c81e-4a02-9f28-0dce6ba24399".into(),
            access: "ABC123QWERTYAOEU987".into(),
            secret: "someverylongrandomkey123445s3cure".into(),
            description: "None".into(),
        }]));
        let refused: Arc<Mutex<Vec<String>>> = Arc::default();
        let datacenter = Arc::new(Mutex::new("dc-sto1".to_string()));
        let (state, why, dc) = (credentials.clone(), refused.clone(), datacenter.clone());
        let port = serve(move |req: &Request| {
            let (status, text) = match glesys(req, &state, &dc.lock().unwrap()) {
                Ok(reply) => (200, reply),
                Err((status, text)) => {
                    why.lock().unwrap().push(text.clone());
                    (
                        status,
                        json!({"response": {"status": {"code": status, "text": text}}}),
                    )
                }
            };
            if status == 200 {
                let mut reply = text;
                reply["response"]["status"] = json!({"code": 200, "text": "OK"});
                (200, reply)
            } else {
                (status, text)
            }
        });
        FakeGlesys {
            port,
            credentials,
            refused,
            datacenter,
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

fn glesys(req: &Request, state: &Credentials, datacenter: &str) -> Result<Value, (u16, String)> {
    let expected = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD
            .encode(format!("{GLESYS_PROJECT}:{GLESYS_API_KEY}"))
    );
    if req.header("authorization") != Some(expected.as_str()) {
        return Err((401, "Unauthorized".into()));
    }
    if req.method != "POST" || req.header("content-type") != Some("application/json") {
        return Err((400, "expected a JSON POST".into()));
    }
    let body: Value =
        serde_json::from_slice(&req.body).map_err(|_| (400, "the body is not JSON".to_string()))?;
    let allowed: &[&str] = match req.path.as_str() {
        "/objectstorage/listinstances" => &[],
        "/objectstorage/instancedetails" => &["instanceid"],
        "/objectstorage/createcredential" => &["instanceid", "description"],
        "/objectstorage/deletecredential" => &["instanceid", "credentialid"],
        other => return Err((404, format!("no function {other}"))),
    };
    for name in body
        .as_object()
        .ok_or((400, "not an object".to_string()))?
        .keys()
    {
        if !allowed.contains(&name.as_str()) {
            return Err((400, format!("unknown argument {name}")));
        }
    }
    if allowed.contains(&"instanceid") && body["instanceid"] != GLESYS_INSTANCE {
        return Err((404, "Object storage instance not found".into()));
    }
    let instance = |creds: &[GlesysCredential]| {
        json!({
            "id": GLESYS_INSTANCE, "created": "2020-05-29T13:37:00+00:00",
            "description": "OSI Test", "datacenter": datacenter,
            "credentials": creds.iter().map(|c| json!({
                "id": c.id, "accesskey": c.access, "secretkey": c.secret,
                "description": c.description, "created": "2020-05-29T13:37:00+00:00",
            })).collect::<Vec<_>>(),
        })
    };
    let mut creds = state.lock().unwrap();
    match req.path.as_str() {
        "/objectstorage/listinstances" => {
            Ok(json!({"response": {"instances": [instance(&creds)]}}))
        }
        "/objectstorage/instancedetails" => Ok(json!({"response": {"instance": instance(&creds)}})),
        "/objectstorage/createcredential" => {
            let n = creds.len() + 1;
            let made = GlesysCredential {
                id: format!("00000000-0000-4000-8000-{n:012}"),
                access: format!("GLESYSKEY{n:04}"),
                secret: format!("glesys-secret-{n:04}"),
                description: body["description"].as_str().unwrap_or("None").to_string(),
            };
            creds.push(made.clone());
            Ok(json!({"response": {"credential": {
                "id": made.id, "accesskey": made.access, "secretkey": made.secret,
                "description": made.description, "created": "2026-11-24T10:00:00+01:00",
            }}}))
        }
        _ => {
            let before = creds.len();
            creds.retain(|c| body["credentialid"] != c.id.as_str());
            if creds.len() == before {
                return Err((404, "Credential not found".into()));
            }
            Ok(json!({"response": {}}))
        }
    }
}
