//! A stand-in for KakaoCloud Object Storage's credential exchange (no real one is reachable
//! from tests). It checks each request strictly as documented — `POST /`, JSON,
//! `Action=AssumeRoleWithWebIdentity`, `ProviderId=iam.kakaocloud.com`, a `WebIdentityToken`
//! that the real test Keystone says is valid, nothing else — and answers with AWS-style XML.

use super::keystone;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
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
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let fake = FakeObjectStorage {
            port,
            issued: Arc::new(AtomicUsize::new(0)),
            refused: Arc::new(Mutex::new(Vec::new())),
            answer: Arc::new(Mutex::new(Answer::Plain)),
        };
        let (issued, refused, answer) = (
            fake.issued.clone(),
            fake.refused.clone(),
            fake.answer.clone(),
        );
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (issued, refused, answer) = (issued.clone(), refused.clone(), answer.clone());
                std::thread::spawn(move || {
                    let _ = serve(stream, &issued, &refused, *answer.lock().unwrap());
                });
            }
        });
        fake
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

fn serve(
    stream: TcpStream,
    issued: &AtomicUsize,
    refused: &Mutex<Vec<String>>,
    answer: Answer,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        if line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let mut body = vec![0; header("content-length").parse().unwrap_or(0)];
    reader.read_exact(&mut body)?;

    let (status, text) = match check(&request_line, &header("content-type"), &body) {
        Err(why) => {
            refused.lock().unwrap().push(why.clone());
            ("400 Bad Request", error_xml("InvalidRequest", &why))
        }
        Ok(_) if answer == Answer::Forbidden => (
            "403 Forbidden",
            error_xml("AccessDenied", "the web identity token is not accepted"),
        ),
        Ok(duration) => {
            let n = issued.fetch_add(1, Ordering::SeqCst) + 1;
            let expiration = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(duration);
            (
                "200 OK",
                credentials_xml(n, &expiration.to_string(), answer),
            )
        }
    };
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: application/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
        text.len()
    )?;
    stream.flush()
}

/// The documented request, or why not. Returns the lifetime to give.
fn check(request_line: &str, content_type: &str, body: &[u8]) -> Result<i64, String> {
    let mut parts = request_line.split_whitespace();
    if parts.next() != Some("POST") || parts.next() != Some("/") {
        return Err(format!("not POST /: {}", request_line.trim()));
    }
    if content_type != "application/json" {
        return Err(format!("Content-Type is {content_type:?}"));
    }
    let body: Value =
        serde_json::from_slice(body).map_err(|_| "the body is not JSON".to_string())?;
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
