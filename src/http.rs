//! The HTTP plumbing every service client shares: one blocking client with kcred's user
//! agent and timeout, the `-v` request log (method, URL, status, time; never headers or
//! bodies), and one-line errors that say what failed and where.

use crate::error::{Error, ErrorKind, Result};
use reqwest::StatusCode;
use reqwest::blocking::{Client, RequestBuilder, Response};
use std::time::{Duration, Instant};

pub struct Http {
    client: Client,
    verbose: bool,
}

impl Http {
    pub fn new(timeout: Duration, verbose: bool) -> Result<Http> {
        let client = Client::builder()
            .user_agent(concat!("kcred/", env!("CARGO_PKG_VERSION")))
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .build()
            .map_err(|err| Error::other(format!("cannot set up HTTPS: {}", chain(&err))))?;
        Ok(Http { client, verbose })
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Sends `request`; a transport failure becomes a one-line network error naming the
    /// method and URL, with `hint`.
    pub fn send(
        &self,
        method: &str,
        url: &str,
        request: RequestBuilder,
        hint: &str,
    ) -> Result<Response> {
        let started = Instant::now();
        let result = request.send();
        let elapsed = started.elapsed().as_millis();
        match result {
            Ok(response) => {
                if self.verbose {
                    eprintln!(
                        "kcred: {method} {url} -> {} ({elapsed} ms)",
                        response.status()
                    );
                }
                Ok(response)
            }
            Err(err) => {
                if self.verbose {
                    eprintln!("kcred: {method} {url} -> failed ({elapsed} ms)");
                }
                Err(transport_error(method, url, &err).with_hint(hint))
            }
        }
    }
}

pub fn transport_error(method: &str, url: &str, err: &reqwest::Error) -> Error {
    let what = if err.is_timeout() {
        "no answer in time".to_string()
    } else if err.is_connect() {
        format!("cannot connect: {}", chain(err))
    } else {
        chain(err)
    };
    Error::network(format!("{method} {url} failed: {what}"))
}

/// The kind of error an HTTP status means to a script: 401 rejected credentials, 5xx a
/// server failure, anything else a plain error.
pub fn status_kind(status: StatusCode) -> ErrorKind {
    match status {
        StatusCode::UNAUTHORIZED => ErrorKind::Rejected,
        status if status.is_server_error() => ErrorKind::Network,
        _ => ErrorKind::Other,
    }
}

/// `METHOD URL: STATUS: message`, with the status's kind and code.
pub fn status_error(method: &str, url: &str, status: StatusCode, message: &str) -> Error {
    Error::new(
        status_kind(status),
        format!("{method} {url}: {status}: {}", one_line(message)),
    )
    .with_http_status(status.as_u16())
}

pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An error and its causes on one line (reqwest's own Display stops at the outermost one).
pub fn chain(err: &dyn std::error::Error) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = err.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = cause.source();
    }
    parts.join(": ")
}
