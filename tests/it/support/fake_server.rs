//! A scripted identity API that misbehaves on purpose (a real Keystone never does): a test
//! says, per method and path, how to answer — a status, headers and body; no answer at all;
//! headers and half a body, then a closed or reset connection; or no HTTP at all but a TLS
//! handshake with a certificate that does not verify. Every request is recorded, so a test can
//! say what was sent and what was not. An unused port ([`super::free_port`]) plays the server
//! that refuses connections.

use super::http_server::{HttpServer, Outcome, Request, RequestLog, Response, head};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// How to answer a request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// A complete HTTP answer.
    Answer {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Reads the request and never answers; the connection stays open until the client gives
    /// up (or [`super::http_server::READ_LIMIT`] passes).
    Hold,
    /// The status line, the headers and a `Content-Length` larger than the body, then the
    /// body, then the connection ends: closed (FIN) or `reset` (RST).
    CutBody {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
        reset: bool,
    },
    /// Reads the request and ends the connection without a byte of answer.
    Close { reset: bool },
    /// A 200 with `FLOOD_LIMIT` bytes of body (chunked, or under a `Content-Length` of that
    /// size when `declared`), written as fast as the client takes them; `sent` counts what
    /// the client took before it hung up.
    Flood {
        declared: bool,
        sent: Arc<AtomicUsize>,
    },
}

/// The size of a [`Reply::Flood`] body: far more than any answer, little enough that a client
/// that reads it all does not run out of memory.
pub const FLOOD_LIMIT: usize = 256 * 1024 * 1024;

impl Reply {
    pub fn json(status: u16, body: Value) -> Reply {
        Reply::Answer {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.to_string().into_bytes(),
        }
    }

    pub fn text(status: u16, content_type: &str, body: &str) -> Reply {
        Reply::Answer {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// Keystone's error document for `status`.
    pub fn error(status: u16, title: &str, message: &str) -> Reply {
        Reply::json(
            status,
            json!({ "error": { "code": status, "title": title, "message": message } }),
        )
    }

    /// A token issued as KakaoCloud issues it: 201, the token in `X-Subject-Token`, its
    /// details in the body.
    pub fn token(token: &str) -> Reply {
        Reply::json(201, token_body()).with_header("X-Subject-Token", token)
    }

    /// The headers of `reply` and half its body, then a closed or reset connection.
    pub fn cut(reply: Reply, reset: bool) -> Reply {
        match reply {
            Reply::Answer {
                status,
                headers,
                body,
            } => Reply::CutBody {
                status,
                headers,
                body: body[..body.len() / 2].to_vec(),
                reset,
            },
            other => panic!("only a complete answer can be cut short, not {other:?}"),
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        match &mut self {
            Reply::Answer { headers, .. } | Reply::CutBody { headers, .. } => {
                headers.push((name.into(), value.into()));
            }
            other => panic!("{other:?} sends no headers"),
        }
        self
    }
}

/// The body of a valid token for user `u1` in project `p1` ("demo"), valid until 2099.
pub fn token_body() -> Value {
    json!({
        "token": {
            "methods": ["application_credential"],
            "expires_at": "2099-01-01T00:00:00.000000Z",
            "issued_at": "2026-01-01T00:00:00.000000Z",
            "user": { "id": "u1", "name": "alice" },
            "project": { "id": "p1", "name": "demo" },
            "application_credential": { "id": "k1", "name": "ci", "restricted": false }
        }
    })
}

struct Rule {
    method: String,
    path: String,
    reply: Reply,
    /// How many more requests the rule answers; `None`: all of them.
    left: Option<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Plain HTTP. A TLS client hello gets a plain HTTP 400, as a web server's HTTP port
    /// answers it.
    Http,
    /// TLS with a certificate no system trusts; never gets as far as HTTP.
    UntrustedTls,
}

pub struct FakeServer {
    pub port: u16,
    mode: Mode,
    rules: Arc<Mutex<Vec<Rule>>>,
    requests: RequestLog,
    hellos: Arc<AtomicUsize>,
}

impl FakeServer {
    /// A plain HTTP server; until a rule says otherwise, every request gets a 404.
    pub fn start() -> FakeServer {
        FakeServer::listen(Mode::Http)
    }

    /// A TLS server whose certificate (self-signed, for 127.0.0.1) does not verify: the
    /// handshake stops at the certificate, so no request ever reaches it.
    pub fn untrusted_tls() -> FakeServer {
        FakeServer::listen(Mode::UntrustedTls)
    }

    fn listen(mode: Mode) -> FakeServer {
        let rules = Arc::new(Mutex::new(Vec::new()));
        let requests = RequestLog::default();
        let hellos = Arc::new(AtomicUsize::new(0));
        let (rules_used, seen, counted) = (rules.clone(), requests.clone(), hellos.clone());
        let server = match mode {
            Mode::Http => HttpServer::new(move |request| {
                seen.record(request);
                answer(reply_for(&rules_used, &request.method, &request.path))
            })
            .on_tls(move |stream| {
                counted.fetch_add(1, Ordering::SeqCst);
                // As a web server's HTTP port answers a client that wants HTTPS.
                let mut stream = stream;
                stream.write_all(&head(400, &[], 0))?;
                end(stream, false)
            }),
            // Plain HTTP never reaches the TLS server: kcred only speaks TLS to it.
            Mode::UntrustedTls => {
                HttpServer::new(|_| Outcome::TakeOver(Box::new(|stream| end(stream, false))))
                    .on_tls(move |stream| serve_untrusted_tls(stream, &counted))
            }
        };
        FakeServer {
            port: server.start(),
            mode,
            rules,
            requests,
            hellos,
        }
    }

    /// The identity endpoint to give kcred: `http://127.0.0.1:PORT/v3`, or `https://…` for
    /// the TLS server.
    pub fn endpoint(&self) -> String {
        match self.mode {
            Mode::Http => format!("http://127.0.0.1:{}/v3", self.port),
            Mode::UntrustedTls => self.https_endpoint(),
        }
    }

    /// An `https://` URL for this server: on the plain HTTP server, an endpoint that does not
    /// speak TLS.
    pub fn https_endpoint(&self) -> String {
        format!("https://127.0.0.1:{}/v3", self.port)
    }

    /// Answers every `method` request for `path` (without the `/v3` prefix) with `reply`,
    /// once the rules added before it are used up or do not match.
    pub fn on(&self, method: &str, path: &str, reply: Reply) -> &Self {
        self.rule(method, path, reply, None)
    }

    /// Answers the next matching request only.
    pub fn once(&self, method: &str, path: &str, reply: Reply) -> &Self {
        self.rule(method, path, reply, Some(1))
    }

    fn rule(&self, method: &str, path: &str, reply: Reply, left: Option<usize>) -> &Self {
        self.rules.lock().unwrap().push(Rule {
            method: method.to_string(),
            path: format!("/v3{path}"),
            reply,
            left,
        });
        self
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.all()
    }

    /// How many requests had this method and path (without the `/v3` prefix).
    pub fn count(&self, method: &str, path: &str) -> usize {
        self.requests.count(method, &format!("/v3{path}"))
    }

    /// The requests as `METHOD /path` lines, for failure messages.
    pub fn summary(&self) -> Vec<String> {
        self.requests()
            .iter()
            .map(|r| format!("{} {}", r.method, r.path))
            .collect()
    }

    /// How many TLS handshakes were started with this server.
    pub fn tls_hellos(&self) -> usize {
        self.hellos.load(Ordering::SeqCst)
    }

    pub fn clear(&self) {
        self.requests.clear();
    }
}

/// Takes the reply for a request: the first rule that matches and is not used up.
fn reply_for(rules: &Mutex<Vec<Rule>>, method: &str, path: &str) -> Reply {
    let mut rules = rules.lock().unwrap();
    let found = rules
        .iter_mut()
        .find(|rule| rule.method == method && rule.path == path && rule.left != Some(0));
    match found {
        Some(rule) => {
            if let Some(left) = &mut rule.left {
                *left -= 1;
            }
            rule.reply.clone()
        }
        None => Reply::error(
            404,
            "Not Found",
            &format!("the fake server has no answer for {method} {path}"),
        ),
    }
}

/// The reply as the server's outcome: a complete answer it writes, or the connection taken
/// over for the faults.
fn answer(reply: Reply) -> Outcome {
    match reply {
        Reply::Answer {
            status,
            headers,
            body,
        } => Outcome::Respond(Response {
            status,
            headers,
            body,
        }),
        Reply::CutBody {
            status,
            headers,
            body,
            reset,
        } => Outcome::TakeOver(Box::new(move |mut stream| {
            stream.write_all(&head(status, &headers, body.len() * 2 + 1))?;
            stream.write_all(&body)?;
            stream.flush()?;
            // Let the client read what was sent before the connection goes.
            thread::sleep(Duration::from_millis(100));
            end(stream, reset)
        })),
        Reply::Close { reset } => Outcome::TakeOver(Box::new(move |stream| end(stream, reset))),
        Reply::Flood { declared, sent } => {
            Outcome::TakeOver(Box::new(move |stream| flood(stream, declared, &sent)))
        }
        Reply::Hold => Outcome::TakeOver(Box::new(|mut stream| {
            // Until the client hangs up (a read of 0 bytes) or the limit passes.
            let mut sink = [0; 1024];
            while matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
            Ok(())
        })),
    }
}

fn flood(mut stream: TcpStream, declared: bool, sent: &AtomicUsize) -> std::io::Result<()> {
    const CHUNK: usize = 64 * 1024;
    let json = ("Content-Type".to_string(), "application/json".to_string());
    if declared {
        stream.write_all(&head(200, &[json], FLOOD_LIMIT))?;
    } else {
        stream.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
              Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        )?;
    }
    let chunk = [b' '; CHUNK];
    for _ in 0..FLOOD_LIMIT / CHUNK {
        if !declared {
            stream.write_all(format!("{CHUNK:x}\r\n").as_bytes())?;
        }
        stream.write_all(&chunk)?;
        if !declared {
            stream.write_all(b"\r\n")?;
        }
        sent.fetch_add(CHUNK, Ordering::SeqCst);
    }
    if !declared {
        stream.write_all(b"0\r\n\r\n")?;
    }
    end(stream, false)
}

/// Ends a connection: an orderly close (FIN), or a reset (RST) as a crashed server or a
/// middlebox gives.
fn end(stream: TcpStream, reset: bool) -> std::io::Result<()> {
    if reset {
        linger_zero(&stream)?;
        drop(stream);
        return Ok(());
    }
    stream.shutdown(Shutdown::Both)
}

/// `SO_LINGER` with a zero timeout: closing the socket then sends a reset. (std's
/// `set_linger` is not stable yet.)
#[cfg(unix)]
fn linger_zero(stream: &TcpStream) -> std::io::Result<()> {
    use std::os::fd::AsRawFd;
    use std::os::raw::{c_int, c_void};

    #[repr(C)]
    struct Linger {
        l_onoff: c_int,
        l_linger: c_int,
    }
    unsafe extern "C" {
        fn setsockopt(
            socket: c_int,
            level: c_int,
            name: c_int,
            value: *const c_void,
            length: u32,
        ) -> c_int;
    }
    #[cfg(any(target_os = "linux", target_os = "android"))]
    const SOL_SOCKET_SO_LINGER: (c_int, c_int) = (1, 13);
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    const SOL_SOCKET_SO_LINGER: (c_int, c_int) = (0xffff, 0x0080);

    let linger = Linger {
        l_onoff: 1,
        l_linger: 0,
    };
    // SAFETY: a valid socket descriptor, and a pointer to a `struct linger` of the size given.
    let result = unsafe {
        setsockopt(
            stream.as_raw_fd(),
            SOL_SOCKET_SO_LINGER.0,
            SOL_SOCKET_SO_LINGER.1,
            (&raw const linger).cast(),
            std::mem::size_of::<Linger>() as u32,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(unix))]
fn linger_zero(_: &TcpStream) -> std::io::Result<()> {
    Ok(())
}

/// A self-signed certificate for 127.0.0.1 and localhost (P-256, valid until 2126, not a CA):
/// nothing a system trusts has signed it.
const UNTRUSTED_CERTIFICATE: &str = "\
MIIBsjCCAVigAwIBAgIUMnrt1cONKdCJBXy5nh181z3lV7gwCgYIKoZIzj0EAwIw
HzEdMBsGA1UEAwwUdW50cnVzdGVkLmtjcmVkLnRlc3QwIBcNMjYxMTI0MDc0NDEz
WhgPMjEyNjEwMzEwNzQ0MTNaMB8xHTAbBgNVBAMMFHVudHJ1c3RlZC5rY3JlZC50
ZXN0MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE2AA4/1m6GRPLHuH/B1SMBgbe
4rKnIQ++TcXvw5r/CPqssAvoDTKZ8U8TcpHe6GOxrCq3k1MikHAgR/Oudxh9HqNw
MG4wDAYDVR0TAQH/BAIwADAOBgNVHQ8BAf8EBAMCB4AwEwYDVR0lBAwwCgYIKwYB
BQUHAwEwGgYDVR0RBBMwEYcEfwAAAYIJbG9jYWxob3N0MB0GA1UdDgQWBBSZzV9x
xZtxtIfg7xJwxvVuvVNbMTAKBggqhkjOPQQDAgNIADBFAiEA+xwF/V+Zh2A4k7Gv
6Yh7diaaskexxzWyY6ro/bLhvUkCIGuR07LYBgxWU4C3yyfyGOsuKGqoOPCrc7bf
E3cS3Ye7";

/// The TLS 1.2 cipher suites with ECDSA certificates, as a client may offer them.
const ECDSA_SUITES: [u16; 3] = [0xc02b, 0xc02c, 0xcca9];

/// Plays a TLS 1.2 server up to its certificate: ServerHello, Certificate, ServerKeyExchange,
/// ServerHelloDone. A client checks the certificate before anything else of the server's, so
/// it stops there; the key exchange (never checked) needs no private key.
fn serve_untrusted_tls(mut stream: TcpStream, hellos: &AtomicUsize) -> std::io::Result<()> {
    let mut header = [0; 5];
    stream.read_exact(&mut header)?;
    let mut hello = vec![0; usize::from(u16::from_be_bytes([header[3], header[4]]))];
    stream.read_exact(&mut hello)?;
    hellos.fetch_add(1, Ordering::SeqCst);
    let offered = offered_suites(&hello);
    let Some(suite) = ECDSA_SUITES.into_iter().find(|s| offered.contains(s)) else {
        // A fatal handshake_failure alert: the client offered nothing this server speaks.
        stream.write_all(&[0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28])?;
        return end(stream, false);
    };
    stream.write_all(&untrusted_flight(suite))?;
    stream.flush()?;
    // Until the client gives up (it sends an alert and hangs up).
    let mut sink = [0; 1024];
    while matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
    Ok(())
}

/// The cipher suites of a ClientHello handshake message (the body of its record).
fn offered_suites(hello: &[u8]) -> Vec<u16> {
    // type (1), length (3), version (2), random (32), then the session ID.
    let Some(&session_len) = hello.get(38) else {
        return Vec::new();
    };
    let at = 39 + usize::from(session_len);
    let Some(len) = hello.get(at..at + 2) else {
        return Vec::new();
    };
    let len = usize::from(u16::from_be_bytes([len[0], len[1]]));
    hello
        .get(at + 2..at + 2 + len)
        .unwrap_or_default()
        .chunks_exact(2)
        .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
        .collect()
}

fn untrusted_flight(suite: u16) -> Vec<u8> {
    let mut server_hello = vec![0x03, 0x03];
    // A server random without the TLS 1.3 downgrade marker; no session ID, so nothing
    // resumes; no compression; no extensions.
    server_hello.extend([0x5a; 32]);
    server_hello.push(0);
    server_hello.extend(suite.to_be_bytes());
    server_hello.push(0);

    let der = base64_decode(UNTRUSTED_CERTIFICATE);
    let mut chain = u24(der.len());
    chain.extend(der);
    let mut certificate = u24(chain.len());
    certificate.extend(chain);

    // ECDHE on x25519 with a made-up public key, and a made-up ECDSA signature.
    let mut key_exchange = vec![0x03, 0x00, 0x1d, 32];
    key_exchange.extend([0x09; 32]);
    key_exchange.extend([0x04, 0x03, 0x00, 0x40]);
    key_exchange.extend([0x01; 64]);

    let mut handshake = Vec::new();
    for (kind, body) in [
        (2u8, server_hello),
        (11, certificate),
        (12, key_exchange),
        (14, Vec::new()),
    ] {
        handshake.push(kind);
        handshake.extend(u24(body.len()));
        handshake.extend(body);
    }
    let mut record = vec![0x16, 0x03, 0x03];
    record.extend(u16::try_from(handshake.len()).unwrap().to_be_bytes());
    record.extend(handshake);
    record
}

fn u24(n: usize) -> Vec<u8> {
    u32::try_from(n).unwrap().to_be_bytes()[1..].to_vec()
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("not base64: {c}"),
        }
    };
    let digits: Vec<u8> = text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
        .collect();
    let mut out = Vec::new();
    for chunk in digits.chunks(4) {
        let bits = chunk
            .iter()
            .enumerate()
            .fold(0, |acc, (i, &c)| acc | value(c) << (18 - 6 * i));
        out.extend(&bits.to_be_bytes()[1..chunk.len()]);
    }
    out
}
