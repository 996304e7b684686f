//! A stand-in for KakaoCloud Object Storage's credential exchange (no real one is reachable
//! from tests). It checks each request strictly as documented — `POST /`, JSON,
//! `Action=AssumeRoleWithWebIdentity`, `ProviderId=iam.kakaocloud.com`, a `WebIdentityToken`
//! that the real test Keystone says is valid, nothing else — and answers with AWS-style XML.

use super::http_server::{HttpServer, Outcome, Request, Response};
use super::keystone;
use serde_json::Value;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// How the fake answers a valid request.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// The documented shape, no namespace.
    Plain,
    /// The same with an XML namespace and prefixes, as AWS STS writes it.
    Namespaced,
    /// 403 with an error document, as for a token it does not take.
    Forbidden,
}

pub struct FakeObjectStorage {
    pub port: u16,
    issued: Arc<AtomicUsize>,
    refused: Arc<Mutex<Vec<String>>>,
    answer: Arc<Mutex<Answer>>,
}

impl FakeObjectStorage {
    pub fn start() -> FakeObjectStorage {
        let issued = Arc::new(AtomicUsize::new(0));
        let refused = Arc::new(Mutex::new(Vec::new()));
        let answer = Arc::new(Mutex::new(Answer::Plain));
        let (count, why, how) = (issued.clone(), refused.clone(), answer.clone());
        let port = HttpServer::new(move |request| {
            let answer = *how.lock().unwrap();
            Outcome::Respond(respond(request, &count, &why, answer))
        })
        .start();
        FakeObjectStorage {
            port,
            issued,
            refused,
            answer,
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// How many credentials it handed out.
    pub fn issued(&self) -> usize {
        self.issued.load(Ordering::SeqCst)
    }

    /// Why it refused requests that were not as documented.
    pub fn refused(&self) -> Vec<String> {
        self.refused.lock().unwrap().clone()
    }

    pub fn answer_with(&self, answer: Answer) {
        *self.answer.lock().unwrap() = answer;
    }
}

fn respond(
    request: &Request,
    issued: &AtomicUsize,
    refused: &Mutex<Vec<String>>,
    answer: Answer,
) -> Response {
    let (status, text) = match check(request) {
        Err(why) => {
            refused.lock().unwrap().push(why.clone());
            (400, error_xml("InvalidRequest", &why))
        }
        Ok(_) if answer == Answer::Forbidden => (
            403,
            error_xml("AccessDenied", "the web identity token is not accepted"),
        ),
        Ok(duration) => {
            let n = issued.fetch_add(1, Ordering::SeqCst) + 1;
            let expiration = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(duration);
            (200, credentials_xml(n, &expiration.to_string(), answer))
        }
    };
    Response::new(status, "application/xml", text)
}

/// The documented request, or why not. Returns the lifetime to give.
fn check(request: &Request) -> Result<i64, String> {
    if request.method != "POST" || request.path != "/" {
        return Err(format!("not POST /: {} {}", request.method, request.path));
    }
    let content_type = request.header("content-type").unwrap_or_default();
    if content_type != "application/json" {
        return Err(format!("Content-Type is {content_type:?}"));
    }
    let body: Value =
        serde_json::from_slice(&request.body).map_err(|_| "the body is not JSON".to_string())?;
    let fields = body.as_object().ok_or("the body is not an object")?;
    for name in fields.keys() {
        if ![
            "Action",
            "DurationSeconds",
            "ProviderId",
            "WebIdentityToken",
        ]
        .contains(&name.as_str())
        {
            return Err(format!("undocumented field {name}"));
        }
    }
    if body["Action"] != "AssumeRoleWithWebIdentity" {
        return Err("Action is not AssumeRoleWithWebIdentity".into());
    }
    if body["ProviderId"] != "iam.kakaocloud.com" {
        return Err("ProviderId is not iam.kakaocloud.com".into());
    }
    let token = body["WebIdentityToken"]
        .as_str()
        .ok_or("no WebIdentityToken")?;
    if !keystone().token_is_valid(token) {
        return Err("WebIdentityToken is not a valid token".into());
    }
    match body.get("DurationSeconds") {
        None => Ok(3600),
        Some(Value::Number(n)) if n.as_i64().is_some_and(|d| d > 0) => Ok(n.as_i64().unwrap()),
        Some(other) => Err(format!("DurationSeconds is {other}")),
    }
}

fn credentials_xml(n: usize, expiration: &str, answer: Answer) -> String {
    let (open, p) = match answer {
        Answer::Namespaced => (
            r#" xmlns:sts="https://sts.amazonaws.com/doc/2011-06-15/""#,
            "sts:",
        ),
        _ => ("", ""),
    };
    format!(
        "<{p}AssumeRoleWithWebIdentityResponse{open}><{p}AssumeRoleWithWebIdentityResult>\
         <{p}SubjectFromWebIdentityToken>user</{p}SubjectFromWebIdentityToken><{p}Credentials>\
         <{p}SessionToken>session-token-{n}&amp;more</{p}SessionToken>\
         <{p}SecretAccessKey>temp-secret-{n}</{p}SecretAccessKey>\
         <{p}Expiration>{expiration}</{p}Expiration><{p}AccessKeyId>TEMPKEY{n}</{p}AccessKeyId>\
         </{p}Credentials><{p}Provider>iam.kakaocloud.com</{p}Provider>\
         </{p}AssumeRoleWithWebIdentityResult></{p}AssumeRoleWithWebIdentityResponse>"
    )
}

fn error_xml(code: &str, message: &str) -> String {
    format!(
        "<ErrorResponse><Error><Code>{code}</Code><Message>{message}</Message></Error></ErrorResponse>"
    )
}
