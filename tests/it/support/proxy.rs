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

pub struct CountingProxy {
    pub port: u16,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl CountingProxy {
    pub fn start(upstream_port: u16) -> CountingProxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = requests.clone();
        thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let seen = seen.clone();
                thread::spawn(move || {
                    let _ = relay(client, upstream_port, &seen);
                });
            }
        });
        CountingProxy { port, requests }
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
    upstream_port: u16,
    seen: &Mutex<Vec<Recorded>>,
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
        method,
        path,
        headers,
        body: body.clone(),
    });

    let mut upstream = TcpStream::connect(("127.0.0.1", upstream_port))?;
    upstream.write_all(head.as_bytes())?;
    upstream.write_all(&body)?;
    let mut response = Vec::new();
    upstream.read_to_end(&mut response)?;
    let mut client = client;
    client.write_all(&response)?;
    client.flush()?;
    let _ = client.shutdown(Shutdown::Both);
    Ok(())
}
