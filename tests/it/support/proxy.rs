//! A counting HTTP proxy in front of Keystone, one per test: it records every request
//! (method, path, headers) so a test can say "this call made no request", not "it was fast".

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;

#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    /// Header names in lower case, with their values.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Something to do right after the first response to a matching request has been relayed,
/// e.g. another client acting between two of kcred's requests.
type Hook = Box<dyn FnOnce() + Send>;

struct Hooks {
    pending: Vec<(String, String, Hook)>,
}

pub struct CountingProxy {
    pub port: u16,
    requests: Arc<Mutex<Vec<Recorded>>>,
    hooks: Arc<Mutex<Hooks>>,
}

impl CountingProxy {
    /// A proxy to the port `upstream` names, asked for on the first request: a test that
    /// never reaches the server never starts it.
    pub fn start(upstream: fn() -> u16) -> CountingProxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let hooks = Arc::new(Mutex::new(Hooks {
            pending: Vec::new(),
        }));
        let (seen, run_hooks) = (requests.clone(), hooks.clone());
        thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let (seen, run_hooks) = (seen.clone(), run_hooks.clone());
                thread::spawn(move || {
                    let _ = relay(client, upstream, &seen, &run_hooks);
                });
            }
        });
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

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/v3", self.port)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    /// How many requests had this method and path (the path without the `/v3` prefix).
    pub fn count(&self, method: &str, path: &str) -> usize {
        let full = format!("/v3{path}");
        self.requests()
            .iter()
            .filter(|r| r.method == method && r.path == full)
            .count()
    }

    pub fn token_issuances(&self) -> usize {
        self.count("POST", "/auth/tokens")
    }

    pub fn clear(&self) {
        self.requests.lock().unwrap().clear();
    }
}

/// Relays one request and its response, then closes both sides.
fn relay(
    client: TcpStream,
    upstream: fn() -> u16,
    seen: &Mutex<Vec<Recorded>>,
    hooks: &Mutex<Hooks>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(client.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or_default().to_string();
    let mut headers = Vec::new();
    let mut head = String::new();
    head.push_str(&request_line);
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            let name = name.trim().to_ascii_lowercase();
            if name == "connection" {
                continue;
            }
            headers.push((name, value.trim().to_string()));
        }
        head.push_str(&line);
    }
    head.push_str("Connection: close\r\n\r\n");
    let length = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    seen.lock().unwrap().push(Recorded {
        method: method.clone(),
        path: path.clone(),
        headers,
        body: body.clone(),
    });

    let mut upstream = TcpStream::connect(("127.0.0.1", upstream()))?;
    upstream.write_all(head.as_bytes())?;
    upstream.write_all(&body)?;
    let mut response = Vec::new();
    upstream.read_to_end(&mut response)?;
    let hook = {
        let mut hooks = hooks.lock().unwrap();
        let found = hooks
            .pending
            .iter()
            .position(|(m, suffix, _)| *m == method && path.ends_with(suffix.as_str()));
        found.map(|i| hooks.pending.remove(i).2)
    };
    if let Some(hook) = hook {
        hook();
    }
    let mut client = client;
    client.write_all(&response)?;
    client.flush()?;
    let _ = client.shutdown(Shutdown::Both);
    Ok(())
}
