//! The HTTP plumbing every service client shares: one blocking client with kcred's user
//! agent and timeouts that never follows a redirect, the `-v` request log (method, URL,
//! status, time; never headers or bodies), and one-line errors that say what failed and
//! where, with no secret in them.

use crate::error::{Error, ErrorKind, Result};
use reqwest::StatusCode;
use reqwest::blocking::{Client, RequestBuilder, Response};
use secrecy::{ExposeSecret, SecretString};
use std::time::{Duration, Instant};

/// The longest server message an error repeats, in characters.
pub const MAX_SERVER_MESSAGE: usize = 200;

pub const NETWORK_HINT: &str = "check the endpoint and your network";
pub const TLS_HINT: &str = "the endpoint must speak HTTPS with a certificate this system trusts; \
     behind a proxy that intercepts HTTPS, add its CA to the system's trust store";
pub const TIMEOUT_HINT: &str = "`--timeout SECONDS` (or KCRED_TIMEOUT) waits longer";

pub struct Http {
    client: Client,
    pub timeout: Duration,
    pub connect_timeout: Duration,
    pub verbose: bool,
}

impl Http {
    pub fn new(timeout: Duration, verbose: bool) -> Result<Http> {
        let connect_timeout = timeout.min(Duration::from_secs(10));
        let client = Client::builder()
            .user_agent(concat!("kcred/", env!("CARGO_PKG_VERSION")))
            .timeout(timeout)
            .connect_timeout(connect_timeout)
            // No API kcred talks to redirects; following one would send a secret or a token
            // (in a body or a header) wherever the redirect points.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|err| Error::other(format!("cannot set up HTTPS: {}", root_cause(&err))))?;
        Ok(Http {
            client,
            timeout,
            connect_timeout,
            verbose,
        })
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Sends `request` once; a transport failure becomes a one-line network error naming the
    /// method and URL, with `hint` for failures that may have happened after the request
    /// went out (a create whose answer was lost may have created all the same).
    pub fn send(
        &self,
        method: &str,
        url: &str,
        request: RequestBuilder,
        hint: &str,
    ) -> Result<Response> {
        let started = Instant::now();
        let result = request.send();
        self.log(
            method,
            url,
            result.as_ref().ok().map(Response::status),
            started,
        );
        result.map_err(|err| self.transport_error(&format!("{method} {url}"), &err, Some(hint)))
    }

    /// With `-v`: one line per request, its status or that it failed, and its time.
    pub fn log(&self, method: &str, url: &str, status: Option<StatusCode>, started: Instant) {
        if self.verbose {
            let result = status.map_or_else(|| "failed".to_string(), |s| s.to_string());
            let elapsed = started.elapsed().as_millis();
            eprintln!("kcred: {method} {url} -> {result} ({elapsed} ms)");
        }
    }

    /// `what` (e.g. `POST https://…/v3/auth/tokens`) failed on the way: says how, in one
    /// line. `if_unanswered` replaces the hint when the request may have reached the server.
    pub fn transport_error(
        &self,
        what: &str,
        err: &reqwest::Error,
        if_unanswered: Option<&str>,
    ) -> Error {
        let (why, hint) = if err.is_connect() {
            // Nothing was sent, so nothing happened on the server.
            if err.is_timeout() {
                let within = seconds(self.connect_timeout);
                (format!("cannot connect within {within}"), NETWORK_HINT)
            } else if let Some(failure) = tls_failure(err) {
                (format!("the TLS handshake failed: {failure}"), TLS_HINT)
            } else {
                (format!("cannot connect: {}", root_cause(err)), NETWORK_HINT)
            }
        } else {
            let (why, hint) = if err.is_timeout() {
                let within = seconds(self.timeout);
                (format!("no answer within {within}"), TIMEOUT_HINT)
            } else if err.is_body() || err.is_decode() {
                let cause = root_cause(err);
                (format!("the answer was cut off: {cause}"), NETWORK_HINT)
            } else {
                let cause = root_cause(err);
                (
                    format!("the connection broke before an answer: {cause}"),
                    NETWORK_HINT,
                )
            };
            (why, if_unanswered.unwrap_or(hint))
        };
        Error::network(format!("{what}: {why}")).with_hint(hint)
    }
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

/// `METHOD URL: STATUS: message`, with the status's kind and code. A redirect or another
/// answer no API of kcred's gives is a network error: it is not the service talking.
pub fn status_error(method: &str, url: &str, status: StatusCode, message: &str) -> Error {
    let message = clean_message(message, []);
    let mut text = format!("{method} {url}: {status}");
    if !message.is_empty() && Some(message.as_str()) != status.canonical_reason() {
        text = format!("{text}: {message}");
    }
    let error = if status.is_client_error() || status.is_server_error() {
        Error::new(status_kind(status), text)
    } else {
        Error::network(format!("{text} (not an answer the API gives)"))
            .with_hint("check the endpoint")
    };
    error.with_http_status(status.as_u16())
}

/// A server's message made safe to repeat: without any of `secrets` (a server may echo what
/// it was sent), on one line, without control characters, and short.
pub fn clean_message<'a>(
    message: &str,
    secrets: impl IntoIterator<Item = &'a SecretString>,
) -> String {
    let mut message = message.to_string();
    for secret in secrets {
        let secret = secret.expose_secret();
        if !secret.is_empty() {
            message = message.replace(secret, "[redacted]");
        }
    }
    let mut message = message
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    if message.chars().count() > MAX_SERVER_MESSAGE {
        message = message.chars().take(MAX_SERVER_MESSAGE).collect::<String>() + "…";
    }
    message
}

pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What the TLS layer said, when that is why a connection failed: it reports its failures as
/// I/O errors of kind `InvalidData`, which the connector wraps in another I/O error.
pub fn tls_failure(err: &reqwest::Error) -> Option<String> {
    causes(err)
        .filter_map(|cause| cause.downcast_ref::<std::io::Error>())
        .find_map(|mut io| {
            loop {
                if io.kind() == std::io::ErrorKind::InvalidData {
                    return Some(
                        io.get_ref()
                            .map_or_else(|| io.to_string(), ToString::to_string),
                    );
                }
                io = io.get_ref()?.downcast_ref::<std::io::Error>()?;
            }
        })
}

/// The innermost cause of an error: what actually happened, without the layers' wrapping
/// (reqwest's outer message repeats the URL).
pub fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    causes(err)
        .last()
        .map(ToString::to_string)
        .unwrap_or_default()
}

fn causes<'a>(
    err: &'a (dyn std::error::Error + 'static),
) -> impl Iterator<Item = &'a (dyn std::error::Error + 'static)> {
    std::iter::successors(Some(err), |err| err.source())
}

/// `2 s`, `1.5 s`.
pub fn seconds(duration: Duration) -> String {
    format!("{} s", duration.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_is_one_short_line_without_what_was_sent() {
        let secret = SecretString::from("s3cr3t-value");
        let message = clean_message("bad\nkey \u{1b}[31ms3cr3t-value\r\n\tnow", [&secret]);
        assert_eq!(message, "bad key [31m[redacted] now");
        let long = "x".repeat(MAX_SERVER_MESSAGE * 2);
        assert_eq!(
            clean_message(&long, []).chars().count(),
            MAX_SERVER_MESSAGE + 1
        );
    }

    #[test]
    fn a_redirect_is_not_the_service_talking() {
        let err = status_error("GET", "https://x/v3", StatusCode::TEMPORARY_REDIRECT, "");
        assert_eq!(err.kind(), ErrorKind::Network);
        assert!(err.message().contains("not an answer"));
        let err = status_error("GET", "https://x/v3", StatusCode::UNAUTHORIZED, "no");
        assert_eq!(err.kind(), ErrorKind::Rejected);
        assert_eq!(err.message(), "GET https://x/v3: 401 Unauthorized: no");
    }
}
