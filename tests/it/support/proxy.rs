//! A counting HTTP proxy in front of Keystone, one per test: it records every request
//! (method, path, headers) so a test can say "this call made no request", not "it was fast".

use super::http_server::{HttpServer, Outcome, Request, RequestLog};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};

/// Something to do right after the first response to a matching request has been relayed,
/// e.g. another client acting between two of kcred's requests.
type Hook = Box<dyn FnOnce() + Send>;

struct Hooks {
    pending: Vec<(String, String, Hook)>,
    /// Requests held back before they reach the server, until their gate says go (`true`)
    /// or drop (`false`, or the gate dropped).
    held: Vec<(String, String, std::sync::mpsc::Receiver<bool>)>,
    /// Requests the proxy answers itself: a service in front of Keystone that does not serve
    /// them, or not yet.
    answered: Vec<Canned>,
}

/// An answer the proxy gives in Keystone's place.
struct Canned {
    method: String,
    path_suffix: String,
    response: Vec<u8>,
    /// For how long after the first matching request it is given; `None`: always.
    lasts: Option<std::time::Duration>,
    first_seen: Option<std::time::Instant>,
    given: Arc<std::sync::atomic::AtomicUsize>,
}

impl Canned {
    fn answers(&mut self, request: &Request) -> Option<Vec<u8>> {
        if self.method != request.method || !request.path.ends_with(self.path_suffix.as_str()) {
            return None;
        }
        let first_seen = *self.first_seen.get_or_insert_with(std::time::Instant::now);
        if self
            .lasts
            .is_some_and(|lasts| first_seen.elapsed() >= lasts)
        {
            return None;
        }
        self.given.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Some(self.response.clone())
    }
}

/// An HTTP answer with Keystone's error document for `status`, and `headers`.
fn error_answer(status: u16, title: &str, headers: &[(&str, &str)]) -> Vec<u8> {
    let body = format!(r#"{{"error":{{"code":{status},"title":"{title}","message":"{title}"}}}}"#);
    let mut response = format!(
        "HTTP/1.1 {status} {title}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    response.push_str("\r\n");
    response.push_str(&body);
    response.into_bytes()
}

/// Holds back one request at the proxy: it reaches the server only on [`Gate::release`].
// Only the Unix-only tests of interrupted operations hold requests.
#[cfg_attr(not(unix), allow(dead_code))]
pub struct Gate(std::sync::mpsc::Sender<bool>);

#[cfg_attr(not(unix), allow(dead_code))]
impl Gate {
    /// The request goes on to the server (whether or not its client still waits).
    pub fn release(&self) {
        let _ = self.0.send(true);
    }

    /// The request never reaches the server; its connection closes without an answer.
    pub fn drop_request(&self) {
        let _ = self.0.send(false);
    }
}

pub struct CountingProxy {
    pub port: u16,
    requests: RequestLog,
    hooks: Arc<Mutex<Hooks>>,
}

impl CountingProxy {
    /// A proxy to the port `upstream` names, asked for on the first request: a test that
    /// never reaches the server never starts it.
    pub fn start(upstream: fn() -> u16) -> CountingProxy {
        let requests = RequestLog::default();
        let hooks = Arc::new(Mutex::new(Hooks {
            pending: Vec::new(),
            held: Vec::new(),
            answered: Vec::new(),
        }));
        let (seen, run_hooks) = (requests.clone(), hooks.clone());
        let port = HttpServer::new(move |request| {
            seen.record(request);
            // An error reaching the server ends the connection without an answer.
            match relay(request, upstream, &run_hooks) {
                Ok(response) => Outcome::Relay(response),
                Err(_) => Outcome::TakeOver(Box::new(|_| Ok(()))),
            }
        })
        .start();
        CountingProxy {
            port,
            requests,
            hooks,
        }
    }

    /// Runs `hook` once, when the server has answered the first `method` request whose path
    /// ends with `path_suffix` and before kcred gets that answer: what the hook changes on the
    /// server, kcred has not seen.
    pub fn after(&self, method: &str, path_suffix: &str, hook: impl FnOnce() + Send + 'static) {
        self.hooks.lock().unwrap().pending.push((
            method.to_string(),
            path_suffix.to_string(),
            Box::new(hook),
        ));
    }

    #[cfg_attr(not(unix), allow(dead_code))]
    /// Holds the first `method` request whose path ends with `path_suffix` at the proxy, before
    /// the server sees it, until the gate returned says: a request in flight for as long as a
    /// test needs.
    pub fn hold(&self, method: &str, path_suffix: &str) -> Gate {
        let (go, wait) = std::sync::mpsc::channel();
        self.hooks
            .lock()
            .unwrap()
            .held
            .push((method.to_string(), path_suffix.to_string(), wait));
        Gate(go)
    }

    /// Answers every `method` request whose path ends with `path_suffix` with `status` and
    /// Keystone's error document, never passing it on: a service that does not serve it.
    pub fn refuse(&self, method: &str, path_suffix: &str, status: u16) {
        self.can(
            method,
            path_suffix,
            error_answer(status, "Not Found", &[]),
            None,
        );
    }

    /// Answers `method` requests whose path ends with `path_suffix` with 429 (and
    /// `Retry-After: retry_after` when given) for `lasts` from the first one, then passes them
    /// on: a service that rate-limits for a while. Returns how many 429s were given.
    pub fn rate_limit(
        &self,
        method: &str,
        path_suffix: &str,
        lasts: std::time::Duration,
        retry_after: Option<&str>,
    ) -> Arc<std::sync::atomic::AtomicUsize> {
        let headers: Vec<(&str, &str)> = retry_after
            .map(|v| ("Retry-After", v))
            .into_iter()
            .collect();
        let response = error_answer(429, "Too Many Requests", &headers);
        self.can(method, path_suffix, response, Some(lasts))
    }

    fn can(
        &self,
        method: &str,
        path_suffix: &str,
        response: Vec<u8>,
        lasts: Option<std::time::Duration>,
    ) -> Arc<std::sync::atomic::AtomicUsize> {
        let given = Arc::default();
        self.hooks.lock().unwrap().answered.push(Canned {
            method: method.to_string(),
            path_suffix: path_suffix.to_string(),
            response,
            lasts,
            first_seen: None,
            given: Arc::clone(&given),
        });
        given
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/v3", self.port)
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.all()
    }

    /// The requests with this method, in the order they came.
    pub fn requests_with_method(&self, method: &str) -> Vec<Request> {
        let mut requests = self.requests();
        requests.retain(|r| r.method == method);
        requests
    }

    /// How many requests had this method and path (the path without the `/v3` prefix).
    pub fn count(&self, method: &str, path: &str) -> usize {
        self.requests.count(method, &format!("/v3{path}"))
    }

    pub fn token_issuances(&self) -> usize {
        self.count("POST", "/auth/tokens")
    }

    pub fn clear(&self) {
        self.requests.clear();
    }
}

/// Sends `request` to the server and returns its answer as it came, once the hook waiting
/// for it (if any) has run.
fn relay(
    request: &Request,
    upstream: fn() -> u16,
    hooks: &Mutex<Hooks>,
) -> std::io::Result<Vec<u8>> {
    let mut head = format!("{} {} HTTP/1.1\r\n", request.method, request.path);
    for (name, value) in &request.headers {
        // Every connection carries one request, whatever the client asked for.
        if name != "connection" {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str("Connection: close\r\n\r\n");
    let answered = hooks
        .lock()
        .unwrap()
        .answered
        .iter_mut()
        .find_map(|canned| canned.answers(request));
    if let Some(response) = answered {
        return Ok(response);
    }
    let gate = {
        let mut hooks = hooks.lock().unwrap();
        let found = hooks.held.iter().position(|(method, suffix, _)| {
            *method == request.method && request.path.ends_with(suffix.as_str())
        });
        found.map(|i| hooks.held.remove(i).2)
    };
    if let Some(gate) = gate
        && !gate.recv().unwrap_or(false)
    {
        return Err(std::io::Error::other("dropped at the proxy"));
    }
    let mut upstream = TcpStream::connect(("127.0.0.1", upstream()))?;
    upstream.write_all(head.as_bytes())?;
    upstream.write_all(&request.body)?;
    let mut response = Vec::new();
    upstream.read_to_end(&mut response)?;
    let hook = {
        let mut hooks = hooks.lock().unwrap();
        let found = hooks.pending.iter().position(|(method, suffix, _)| {
            *method == request.method && request.path.ends_with(suffix.as_str())
        });
        found.map(|i| hooks.pending.remove(i).2)
    };
    if let Some(hook) = hook {
        hook();
    }
    Ok(response)
}
