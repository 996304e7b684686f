//! The one HTTP server under every fake and the counting proxy: an accept loop on a free port
//! of 127.0.0.1, a thread per connection, one HTTP/1.1 request per connection parsed into a
//! [`Request`] and handed to a handler, which says what to do with it: an [`Outcome`].

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// How long a connection may stay silent before its thread gives up on it: longer than any
/// timeout a test gives kcred, short enough that a broken test ends.
pub const READ_LIMIT: Duration = Duration::from_secs(30);

/// One request as it arrived.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    /// The request target as sent: the path and the query, if any.
    pub path: String,
    /// Header names in lower case, with their values, in the order sent.
    pub headers: Vec<(String, String)>,
    /// As many bytes as `Content-Length` says.
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The path's segments after the leading `/`, percent-decoded.
    pub fn segments(&self) -> Vec<String> {
        let path = self.path.split_once('?').map_or(&*self.path, |(p, _)| p);
        path.split('/').skip(1).map(percent_decode).collect()
    }

    /// The query's name-value pairs, decoded as a form (`+` is a space).
    pub fn query(&self) -> Vec<(String, String)> {
        let query = self.path.split_once('?').map_or("", |(_, q)| q);
        url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect()
    }
}

/// The requests a server has seen, in order: its handler records them, the test reads them.
#[derive(Clone, Default)]
pub struct RequestLog(Arc<Mutex<Vec<Request>>>);

impl RequestLog {
    pub fn record(&self, request: &Request) {
        self.0.lock().unwrap().push(request.clone());
    }

    pub fn all(&self) -> Vec<Request> {
        self.0.lock().unwrap().clone()
    }

    /// How many requests had this method and this path (the whole request target).
    pub fn count(&self, method: &str, path: &str) -> usize {
        let requests = self.0.lock().unwrap();
        requests
            .iter()
            .filter(|r| r.method == method && r.path == path)
            .count()
    }

    pub fn clear(&self) {
        self.0.lock().unwrap().clear();
    }
}

/// A complete answer; the connection closes after it.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
        }
    }

    pub fn json(status: u16, body: &serde_json::Value) -> Response {
        Response::new(status, "application/json", body.to_string())
    }
}

/// What a handler does with a request.
pub enum Outcome {
    /// Writes the answer, then closes the connection.
    Respond(Response),
    /// Bytes written as they are: an answer relayed from another server.
    Relay(Vec<u8>),
    /// The handler takes the connection and does with it what it likes: for what a
    /// well-behaved server never does (no answer, half an answer, a reset).
    TakeOver(Box<dyn FnOnce(TcpStream) -> std::io::Result<()> + Send>),
}

type Handler = dyn Fn(&Request) -> Outcome + Send + Sync;
type TlsHandler = dyn Fn(TcpStream) -> std::io::Result<()> + Send + Sync;

pub struct HttpServer {
    handler: Arc<Handler>,
    on_tls: Option<Arc<TlsHandler>>,
}

impl HttpServer {
    pub fn new(handler: impl Fn(&Request) -> Outcome + Send + Sync + 'static) -> HttpServer {
        HttpServer {
            handler: Arc::new(handler),
            on_tls: None,
        }
    }

    /// Hands a connection that opens with a TLS handshake record (a client that wants HTTPS)
    /// to `on_tls`, unread, instead of parsing it as HTTP.
    pub fn on_tls(
        mut self,
        on_tls: impl Fn(TcpStream) -> std::io::Result<()> + Send + Sync + 'static,
    ) -> HttpServer {
        self.on_tls = Some(Arc::new(on_tls));
        self
    }

    /// Starts serving on a free port and returns the port.
    pub fn start(self) -> u16 {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (handler, on_tls) = (self.handler.clone(), self.on_tls.clone());
                thread::spawn(move || {
                    let _ = stream.set_read_timeout(Some(READ_LIMIT));
                    let _ = match on_tls {
                        Some(on_tls) if opens_tls(&stream) => on_tls(stream),
                        _ => serve_one(stream, &*handler),
                    };
                });
            }
        });
        port
    }
}

/// Whether the first byte waiting on the connection starts a TLS handshake record.
fn opens_tls(stream: &TcpStream) -> bool {
    let mut first = [0];
    matches!(stream.peek(&mut first), Ok(1)) && first[0] == 0x16
}

fn serve_one(stream: TcpStream, handler: &Handler) -> std::io::Result<()> {
    let request = read_request(&stream)?;
    let mut stream = stream;
    match handler(&request) {
        Outcome::Respond(response) => {
            stream.write_all(&head(
                response.status,
                &response.headers,
                response.body.len(),
            ))?;
            stream.write_all(&response.body)?;
        }
        Outcome::Relay(bytes) => stream.write_all(&bytes)?,
        Outcome::TakeOver(take) => return take(stream),
    }
    stream.flush()?;
    stream.shutdown(Shutdown::Both)
}

fn read_request(stream: &TcpStream) -> std::io::Result<Request> {
    let mut reader = BufReader::new(stream);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or_default().to_string();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    let mut request = Request {
        method,
        path,
        headers,
        body: Vec::new(),
    };
    let length = request
        .header("content-length")
        .and_then(|v| v.parse().ok());
    request.body = vec![0; length.unwrap_or(0)];
    reader.read_exact(&mut request.body)?;
    Ok(request)
}

/// The status line and headers of an answer that says its body is `length` bytes long and
/// that the connection closes after it.
pub fn head(status: u16, headers: &[(String, String)], length: usize) -> Vec<u8> {
    let reason = reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Whatever");
    let mut head = format!("HTTP/1.1 {status} {reason}\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {length}\r\nConnection: close\r\n\r\n"
    ));
    head.into_bytes()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok())
            .flatten()
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
