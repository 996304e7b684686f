//! A server that repeats what it was sent: every request it does not answer otherwise gets a
//! 400 whose error message is the request itself — its headers (but the dull ones) and its
//! body — in each shape kcred's clients read a message from: Keystone's and KMS's
//! `error.message`, NAVER Cloud's `error.message`, Vault's `errors`, GleSYS's
//! `response.status.text`, and, for a `POST /` (the Object Storage exchange), S3's XML
//! `<Message>`. Real servers do this in their error pages; none does it on purpose.

use super::http_server::{HttpServer, Outcome, RequestLog};
pub use super::http_server::{Request, Response};
use serde_json::json;

/// Headers every request has and no secret is in; left out so the rest fits in a message.
const DULL: [&str; 6] = [
    "host",
    "user-agent",
    "accept",
    "accept-encoding",
    "content-length",
    "content-type",
];

type Answers = dyn Fn(&Request) -> Option<Response> + Send + Sync;

pub struct EchoServer {
    pub port: u16,
    requests: RequestLog,
}

impl EchoServer {
    /// Echoes every request.
    pub fn start() -> EchoServer {
        EchoServer::answering(|_| None)
    }

    /// Answers with `answers` what it answers (`Some`), and echoes the rest.
    pub fn answering(
        answers: impl Fn(&Request) -> Option<Response> + Send + Sync + 'static,
    ) -> EchoServer {
        let requests = RequestLog::default();
        let seen = requests.clone();
        let answers: Box<Answers> = Box::new(answers);
        let port = HttpServer::new(move |request| {
            seen.record(request);
            Outcome::Respond(answers(request).unwrap_or_else(|| echo(request)))
        })
        .start();
        EchoServer { port, requests }
    }

    /// `http://127.0.0.1:PORT`, without a path.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.all()
    }

    pub fn clear(&self) {
        self.requests.clear();
    }
}

/// `name: value; …; body: BODY`, the headers a secret may be in first.
pub fn echo_text(request: &Request) -> String {
    let mut parts: Vec<String> = request
        .headers
        .iter()
        .filter(|(name, _)| !DULL.contains(&name.as_str()))
        .map(|(name, value)| format!("{name}: {value}"))
        .collect();
    parts.push(format!("body: {}", String::from_utf8_lossy(&request.body)));
    parts.join("; ")
}

fn echo(request: &Request) -> Response {
    let text = echo_text(request);
    if request.method == "POST" && request.path == "/" {
        let escaped = text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        let xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
             <ErrorResponse><Error><Code>InvalidRequest</Code><Message>{escaped}</Message>\
             </Error></ErrorResponse>"
        );
        return Response::new(400, "application/xml", xml);
    }
    Response::json(
        400,
        &json!({
            "error": { "code": 400, "title": "Bad Request", "message": text },
            "errors": [text],
            "response": { "status": { "code": 400, "text": text } },
        }),
    )
}
