//! The one request pipeline every service client shares: a blocking client with kcred's user
//! agent and timeouts that never follows a redirect; each request read to its end, a GET sent
//! once more after a 5xx or a connection broken after sending (nothing else that may have done
//! its work is repeated: a POST may have, before its answer was lost); any request sent again
//! after a rate-limited answer (429, or 503 with `Retry-After`), which the service did not
//! process, within the timeout; never read past
//! [`MAX_ANSWER_BYTES`]; the `-v` request log (method,
//! URL, status, time; never headers or bodies) to a sink the command layer hands in; and
//! one-line errors that say what failed and where, with no secret in them.

use crate::error::{Error, ErrorKind, Hint, Result};
use crate::tls::Trust;
use bytes::Bytes;
use reqwest::blocking::Client;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use std::rc::Rc;
use std::time::{Duration, Instant};
use zeroize::Zeroize;

/// The longest server message an error repeats, in characters.
pub const MAX_SERVER_MESSAGE: usize = 200;

/// The largest answer read: far above any answer of the APIs kcred calls (a long key list is
/// tens of KiB), low enough that a hostile or broken server cannot fill the memory.
pub const MAX_ANSWER_BYTES: usize = 8 * 1024 * 1024;

pub const NETWORK_HINT: &str = "check the endpoint and your network";
pub const TLS_HINT: &str = "the endpoint must speak HTTPS with a certificate this system trusts; \
     behind a proxy that intercepts HTTPS, add its CA to the system's trust store";
pub const TIMEOUT_HINT: &str = "`--timeout SECONDS` (or KCRED_TIMEOUT) waits longer";

/// Where the `-v` request log goes, one line at a time: handed in by the command layer, so no
/// client writes to the terminal itself.
pub type RequestLog = Rc<dyn Fn(&str)>;

/// The pause before a GET is tried the second time.
const RETRY_PAUSE: Duration = Duration::from_millis(250);

/// The first pause after a rate-limited answer without `Retry-After`; each next one doubles,
/// up to [`LONGEST_BACKOFF`], and each is jittered so that a fleet does not come back at once.
const FIRST_BACKOFF: Duration = Duration::from_millis(500);
const LONGEST_BACKOFF: Duration = Duration::from_secs(8);
/// How often one request is sent while the service rate-limits it (the timeout ends it first
/// unless the service asks for very short waits).
const MAX_RATE_LIMITED_TRIES: u32 = 30;

/// One blocking client and what every request through it shares: timeouts, the request log,
/// and the hint for a server that cannot be reached.
pub struct Http {
    client: Client,
    timeout: Duration,
    connect_timeout: Duration,
    log: Option<RequestLog>,
    unreachable_hint: Hint,
}

/// One request, as often as it is sent: what it is, what it carries, and what to say when
/// its answer is lost.
pub struct Request {
    pub method: Method,
    pub url: String,
    headers: Vec<(&'static str, HeaderValue)>,
    /// Handed to the HTTP stack by reference, never copied into a buffer of its own, and
    /// wiped once the last reference is gone (see [`WipedBody`]).
    body: Option<Bytes>,
    /// Secrets the request carries (a token header, a secret in the body), in the form they
    /// are sent in (a Basic header's base64): no error or log line repeats them, even when
    /// the server echoes them back.
    secrets: Vec<SecretString>,
    /// For a request that changes something: the hint for when its answer is lost and the
    /// change may have happened all the same.
    if_unanswered: Option<Hint>,
}

impl Request {
    pub fn new(method: Method, url: impl Into<String>) -> Self {
        Request {
            method,
            url: url.into(),
            headers: Vec::new(),
            body: None,
            secrets: Vec::new(),
            if_unanswered: None,
        }
    }

    pub fn header(mut self, name: &'static str, value: &str) -> Result<Self> {
        let value = HeaderValue::from_str(value)
            .map_err(|_| Error::other(format!("the {name} header has a character HTTP refuses")))?;
        self.headers.push((name, value));
        Ok(self)
    }

    /// A header whose value is a secret (a token): marked sensitive, and kept out of errors.
    pub fn secret_header(mut self, name: &'static str, secret: &SecretString) -> Result<Self> {
        let mut value = HeaderValue::from_str(secret.expose_secret())
            .map_err(|_| Error::other(format!("the {name} value is not a valid header value")))?;
        value.set_sensitive(true);
        self.headers.push((name, value));
        self.secrets.push(secret.clone());
        Ok(self)
    }

    /// HTTP Basic authentication; the password is a secret, and so is the header's base64
    /// (an echo of the header gives the password away as well as the password itself).
    pub fn basic_auth(mut self, user: &str, password: &SecretString) -> Result<Self> {
        use base64::Engine;
        let encoded = base64::engine::general_purpose::STANDARD
            .encode(format!("{user}:{}", password.expose_secret()));
        let mut value = HeaderValue::from_str(&format!("Basic {encoded}"))
            .map_err(|_| Error::other("the credentials are not a valid header value"))?;
        value.set_sensitive(true);
        self.headers.push(("authorization", value));
        self.secrets.push(password.clone());
        self.secrets.push(SecretString::from(encoded));
        Ok(self)
    }

    /// A JSON body, with `Content-Type: application/json`. Serialised straight into the
    /// buffer that is sent, which is wiped after use: bodies carry secrets.
    pub fn json(mut self, body: &impl serde::Serialize) -> Self {
        self.headers
            .retain(|(name, _)| !name.eq_ignore_ascii_case(CONTENT_TYPE.as_str()));
        self.headers
            .push(("content-type", HeaderValue::from_static("application/json")));
        self.body = Some(WipedBody::json(body));
        self
    }

    /// A secret inside the body, kept out of whatever the server says back.
    pub fn carrying(mut self, secret: &SecretString) -> Self {
        self.secrets.push(secret.clone());
        self
    }

    pub fn if_unanswered(mut self, hint: impl Into<Hint>) -> Self {
        self.if_unanswered = Some(hint.into());
        self
    }

    /// Only GETs are repeated: they change nothing on the server.
    pub fn attempts(&self) -> u32 {
        if self.method == Method::GET { 2 } else { 1 }
    }

    pub fn secrets(&self) -> impl Iterator<Item = &SecretString> {
        self.secrets.iter()
    }

    pub fn lost_answer_hint(&self) -> Option<&Hint> {
        self.if_unanswered.as_ref()
    }

    /// `GET https://…/v3/auth/tokens` and, after a retry, how often it was tried.
    pub fn what(&self, attempts: u32) -> String {
        let tried = if attempts > 1 {
            format!(" (tried {attempts} times)")
        } else {
            String::new()
        };
        format!("{} {}{tried}", self.method, self.url)
    }
}

/// A request body that is zeroed when the last reference to it goes: after the request is
/// done with, once reqwest has let go of it too. (What the HTTP and TLS layers copy from it
/// while sending, kcred cannot reach: docs/security.md says so.)
struct WipedBody(Vec<u8>);

impl WipedBody {
    fn json(body: &impl serde::Serialize) -> Bytes {
        // Sized first, so that the buffer is never grown: growing it would free a copy of
        // what was written so far, unwiped.
        let mut counter = ByteCounter(0);
        serde_json::to_writer(&mut counter, body).expect("JSON of kcred's own types");
        let mut buffer = Vec::with_capacity(counter.0);
        serde_json::to_writer(&mut buffer, body).expect("JSON of kcred's own types");
        debug_assert_eq!(buffer.len(), counter.0);
        Bytes::from_owner(WipedBody(buffer))
    }
}

impl AsRef<[u8]> for WipedBody {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Drop for WipedBody {
    fn drop(&mut self) {
        #[cfg(test)]
        tests::note_wiped(&self.0);
        self.0.zeroize();
    }
}

/// Zeroes every string of a JSON value that held a secret, before it is dropped (a
/// `serde_json::Value` owns copies of what was put in it).
pub fn wipe_json(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::String(text) => text.zeroize(),
        Value::Array(items) => items.iter_mut().for_each(wipe_json),
        Value::Object(map) => map.values_mut().for_each(wipe_json),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// Counts what would be written, to size a buffer before writing to it.
struct ByteCounter(usize);

impl std::io::Write for ByteCounter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// An answer read to its end.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    /// How many times the request was sent for it.
    pub attempts: u32,
    /// The secrets the request carried, which nothing said about the answer may repeat.
    pub carried: Vec<SecretString>,
}

impl Answer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// A server's message from this answer made safe to repeat ([`clean_message`] without
    /// what the request carried).
    pub fn clean(&self, message: &str) -> String {
        clean_message(message, &self.carried)
    }
}

/// Why a request got no answer kcred keeps.
enum Failure {
    Transport(reqwest::Error),
    /// Reading the body failed for a reason other than reqwest's own.
    Read(String),
    /// The body was longer than [`MAX_ANSWER_BYTES`].
    TooLarge,
}

impl Http {
    /// A pipeline trusting the system's store (read from `system_ca_file`, `SSL_CERT_FILE`,
    /// when one is named).
    pub fn new(
        timeout: Duration,
        log: Option<RequestLog>,
        system_ca_file: Option<std::path::PathBuf>,
    ) -> Result<Http> {
        Http::trusting(
            timeout,
            log,
            Trust::System {
                ca_file: system_ca_file,
            },
        )
    }

    /// The same, trusting `trust`: the system's store, or a CA of a server's own
    /// (`VAULT_CACERT`).
    pub fn trusting(timeout: Duration, log: Option<RequestLog>, trust: Trust) -> Result<Http> {
        let connect_timeout = timeout.min(Duration::from_secs(10));
        let tls = crate::tls::client_config(trust)
            .map_err(|why| Error::other(format!("cannot set up HTTPS: {why}")))?;
        let client = Client::builder()
            .user_agent(concat!("kcred/", env!("CARGO_PKG_VERSION")))
            .timeout(timeout)
            .connect_timeout(connect_timeout)
            .tls_backend_preconfigured(tls)
            // No API kcred talks to redirects; following one would send a secret or a token
            // (in a body or a header) wherever the redirect points.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|err| Error::other(format!("cannot set up HTTPS: {}", root_cause(&err))))?;
        Ok(Http {
            client,
            timeout,
            connect_timeout,
            log,
            unreachable_hint: NETWORK_HINT.into(),
        })
    }

    /// How long one request may take (`--timeout`), waits for a rate limit included.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The hint for a server that cannot be reached (which setting names its endpoint).
    pub fn with_unreachable_hint(mut self, hint: impl Into<Hint>) -> Self {
        self.unreachable_hint = hint.into();
        self
    }

    /// Sends a request and reads its answer to the end; a GET that gets a 5xx or loses its
    /// connection after it was sent is sent once more. The log gets each attempt's method,
    /// URL, status and time; headers and bodies (secrets) never.
    ///
    /// A 429, or a 503 with `Retry-After`, means the service did not process the request: any
    /// request is sent again after the wait the service asks for, else after growing, jittered
    /// pauses, as long as the whole exchange stays within the timeout.
    pub fn send(&self, request: &Request) -> Result<Answer> {
        self.send_within(request, Instant::now() + self.timeout)
    }

    /// [`Http::send`], all of it (waits and a second try included) over by `deadline`: for a
    /// request that is one of several sharing one timeout (the pages of a list).
    pub fn send_within(&self, request: &Request, deadline: Instant) -> Result<Answer> {
        let first_sent = Instant::now();
        let mut attempt = 1;
        // Tries that failed in a way only a GET may be sent again after (5xx, a lost answer).
        let mut failed = 0;
        let mut rate_limited = 0;
        loop {
            let started = Instant::now();
            let left = deadline
                .saturating_duration_since(started)
                .max(Duration::from_millis(1));
            let mut builder = self
                .client
                .request(request.method.clone(), &request.url)
                .timeout(left);
            for (name, value) in &request.headers {
                builder = builder.header(*name, value.clone());
            }
            if let Some(body) = &request.body {
                // Another reference to the same buffer, not a copy.
                builder = builder.body(body.clone());
            }
            let outcome = builder
                .send()
                .map_err(Failure::Transport)
                .and_then(|response| {
                    let status = response.status();
                    let headers = response.headers().clone();
                    read_bounded(response).map(|body| Answer {
                        status,
                        headers,
                        body,
                        attempts: attempt,
                        carried: request.secrets.clone(),
                    })
                });
            if let Ok(answer) = &outcome
                && let Some(asked) = rate_limit_wait(answer)
            {
                rate_limited += 1;
                let wait = match asked {
                    Some(asked) => asked + jitter(asked / 5),
                    None => backoff(rate_limited),
                };
                // A wait past what an `Instant` can hold (a `Retry-After` of many digits) is
                // past any deadline.
                let fits = rate_limited < MAX_RATE_LIMITED_TRIES
                    && Instant::now()
                        .checked_add(wait)
                        .is_some_and(|end| end < deadline);
                if fits {
                    self.log_line(&request.method, &request.url, Some(answer.status), started);
                    self.say(&format!(
                        "{} rate-limited kcred ({}): waiting {} before try {}",
                        host_of(&request.url),
                        answer.status,
                        seconds_precise(wait),
                        attempt + 1
                    ));
                    std::thread::sleep(wait);
                    attempt += 1;
                    continue;
                }
                if answer.status == StatusCode::TOO_MANY_REQUESTS {
                    self.log_line(&request.method, &request.url, Some(answer.status), started);
                    return Err(self.rate_limited_error(request, answer, first_sent, asked));
                }
                // A 503 asking for longer than is left is a failing server, as any 5xx.
            }
            let retry = failed + 1 < request.attempts()
                && match &outcome {
                    Ok(answer) => answer.status.is_server_error(),
                    Err(Failure::Transport(err)) => broke_after_sending(err),
                    Err(Failure::Read(_)) => true,
                    Err(Failure::TooLarge) => false,
                };
            let status = outcome.as_ref().ok().map(|answer| answer.status);
            self.log_line(&request.method, &request.url, status, started);
            if retry {
                self.say(&format!(
                    "trying {} once more in {} ms",
                    request.method,
                    RETRY_PAUSE.as_millis()
                ));
            }
            if !retry {
                return outcome.map_err(|failure| match failure {
                    Failure::Transport(err) => self.transport_error(
                        &request.what(attempt),
                        &err,
                        request.lost_answer_hint(),
                    ),
                    Failure::Read(cause) => Error::network(format!(
                        "{}: the answer was cut off: {cause}",
                        request.what(attempt)
                    ))
                    .with(
                        request
                            .lost_answer_hint()
                            .unwrap_or(&self.unreachable_hint)
                            .clone(),
                    ),
                    Failure::TooLarge => Error::network(format!(
                        "{}: the answer is larger than {} MiB, more than any answer of the API",
                        request.what(attempt),
                        MAX_ANSWER_BYTES / (1024 * 1024)
                    ))
                    .with(
                        request
                            .lost_answer_hint()
                            .cloned()
                            .unwrap_or_else(|| "check the endpoint".into()),
                    ),
                });
            }
            std::thread::sleep(RETRY_PAUSE);
            attempt += 1;
            failed += 1;
        }
    }

    /// The service kept rate-limiting until the timeout (or the tries) ran out.
    fn rate_limited_error(
        &self,
        request: &Request,
        answer: &Answer,
        first_sent: Instant,
        asked: Option<Duration>,
    ) -> Error {
        let over = seconds_precise(first_sent.elapsed());
        let tries = match answer.attempts {
            1 => "1 try".to_string(),
            n => format!("{n} tries"),
        };
        let mut text = format!(
            "{} {}: the service rate-limited kcred ({}): {tries} over {over}",
            request.method, request.url, answer.status
        );
        if let Some(asked) = asked {
            text.push_str(&format!(
                "; it asks for a wait of {}, past the {} timeout",
                seconds(asked),
                seconds(self.timeout)
            ));
        }
        Error::network(text)
            .with_hint(
                "the service is limiting how fast it is called: try again in a minute, or wait \
                 longer with `--timeout SECONDS` (or KCRED_TIMEOUT)",
            )
            .with_http_status(answer.status.as_u16())
    }

    fn say(&self, line: &str) {
        if let Some(log) = &self.log {
            log(line);
        }
    }

    /// One line per request: its status or that it failed, and its time.
    fn log_line(&self, method: &Method, url: &str, status: Option<StatusCode>, started: Instant) {
        if self.log.is_some() {
            let result = status.map_or_else(|| "failed".to_string(), |s| s.to_string());
            let elapsed = started.elapsed().as_millis();
            self.say(&format!("{method} {url} -> {result} ({elapsed} ms)"));
        }
    }

    /// `what` (e.g. `POST https://…/v3/auth/tokens`) failed on the way: says how, in one
    /// line. `if_unanswered` replaces the hint when the request may have reached the server.
    fn transport_error(
        &self,
        what: &str,
        err: &reqwest::Error,
        if_unanswered: Option<&Hint>,
    ) -> Error {
        let (why, hint) = if err.is_connect() {
            // Nothing was sent, so nothing happened on the server.
            if err.is_timeout() {
                let within = seconds(self.connect_timeout);
                (
                    format!("cannot connect within {within}"),
                    self.unreachable_hint.clone(),
                )
            } else if let Some(failure) = tls_failure(err) {
                (
                    format!("the TLS handshake failed: {failure}"),
                    TLS_HINT.into(),
                )
            } else {
                (
                    format!("cannot connect: {}", root_cause(err)),
                    self.unreachable_hint.clone(),
                )
            }
        } else {
            let (why, hint) = if err.is_timeout() {
                let within = seconds(self.timeout);
                (format!("no answer within {within}"), TIMEOUT_HINT.into())
            } else if err.is_body() || err.is_decode() {
                let cause = root_cause(err);
                (
                    format!("the answer was cut off: {cause}"),
                    self.unreachable_hint.clone(),
                )
            } else {
                let cause = root_cause(err);
                (
                    format!("the connection broke before an answer: {cause}"),
                    self.unreachable_hint.clone(),
                )
            };
            (why, if_unanswered.cloned().unwrap_or(hint))
        };
        Error::network(format!("{what}: {why}")).with(hint)
    }
}

/// The body of an answer, read to its end unless it is longer than [`MAX_ANSWER_BYTES`]: then
/// reading stops there and the connection is dropped.
fn read_bounded(response: reqwest::blocking::Response) -> std::result::Result<Vec<u8>, Failure> {
    use std::io::Read;
    if response
        .content_length()
        .is_some_and(|length| length > MAX_ANSWER_BYTES as u64)
    {
        return Err(Failure::TooLarge);
    }
    let mut body = Vec::new();
    let limit = MAX_ANSWER_BYTES as u64 + 1;
    match response.take(limit).read_to_end(&mut body) {
        Ok(_) if body.len() > MAX_ANSWER_BYTES => Err(Failure::TooLarge),
        Ok(_) => Ok(body),
        // The reader hands reqwest's own error (a timeout, a cut connection) back as an I/O
        // error: unwrapped, it says what happened as for any other request.
        Err(err) => match err
            .into_inner()
            .map(|inner| inner.downcast::<reqwest::Error>())
        {
            Some(Ok(err)) => Err(Failure::Transport(*err)),
            Some(Err(inner)) => Err(Failure::Read(inner.to_string())),
            None => Err(Failure::Read("the connection failed".to_string())),
        },
    }
}

/// Whether `answer` says the service did not process the request and it may be sent again:
/// a 429, or a 503 with a `Retry-After` kcred can read. Gives the wait the service asks for.
fn rate_limit_wait(answer: &Answer) -> Option<Option<Duration>> {
    let asked = answer
        .headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| retry_after(value, jiff::Timestamp::now()));
    match answer.status {
        StatusCode::TOO_MANY_REQUESTS => Some(asked),
        StatusCode::SERVICE_UNAVAILABLE if asked.is_some() => Some(asked),
        _ => None,
    }
}

/// A `Retry-After` value: whole seconds, or an HTTP date (a date already past asks for no
/// wait). Anything else is not read.
fn retry_after(value: &str, now: jiff::Timestamp) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // A number too large to read asks for longer than any timeout.
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX / 2)));
    }
    let when = jiff::fmt::rfc2822::parse(value).ok()?.timestamp();
    Some(Duration::try_from(when.duration_since(now)).unwrap_or(Duration::ZERO))
}

/// The pause before rate-limited try `n + 1` when the service names none: doubling from
/// [`FIRST_BACKOFF`] up to [`LONGEST_BACKOFF`], each between half and all of that.
fn backoff(n: u32) -> Duration {
    let full = FIRST_BACKOFF
        .saturating_mul(1 << n.saturating_sub(1).min(16))
        .min(LONGEST_BACKOFF);
    full / 2 + jitter(full / 2)
}

/// A random duration from zero up to `most`.
fn jitter(most: Duration) -> Duration {
    let mut bytes = [0u8; 4];
    // Without randomness the pause is still bounded, only not spread.
    let _ = getrandom::getrandom(&mut bytes);
    most.mul_f64(f64::from(u32::from_le_bytes(bytes)) / f64::from(u32::MAX))
}

/// The host of `url`, for a `-v` line.
fn host_of(url: &str) -> &str {
    url.split_once("://")
        .map_or(url, |(_, rest)| rest)
        .split(['/', '?'])
        .next()
        .unwrap_or(url)
}

/// A duration for a person, to a tenth of a second: "1.5 s".
fn seconds_precise(duration: Duration) -> String {
    format!("{:.1} s", duration.as_secs_f64())
}

/// Whether the request went out and its connection broke before the whole answer came: a
/// GET may be sent again. Not a timeout (another would only double the wait), not a failure to
/// connect (nothing was sent, and a refusing port keeps refusing).
fn broke_after_sending(err: &reqwest::Error) -> bool {
    !err.is_timeout() && !err.is_connect() && (err.is_request() || err.is_body() || err.is_decode())
}

/// Whether a body is JSON at all, for saying what was wrong with an answer.
pub fn not_json_or_unexpected(body: &[u8]) -> &'static str {
    if serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok() {
        "the JSON is not what the API documents"
    } else {
        "the body is not JSON"
    }
}

/// The kind of error an HTTP status means to a script: 401 rejected credentials, 5xx a
/// server failure, anything else a plain error.
fn status_kind(status: StatusCode) -> ErrorKind {
    match status {
        StatusCode::UNAUTHORIZED => ErrorKind::Rejected,
        status if status.is_server_error() => ErrorKind::Network,
        _ => ErrorKind::Other,
    }
}

/// `METHOD URL: STATUS: message`, with the status's kind and code; the message without any
/// secret the request carried. A redirect or another answer no API of kcred's gives is a
/// network error: it is not the service talking.
pub fn status_error(request: &Request, answer: &Answer, message: &str) -> Error {
    let status = answer.status;
    let message = clean_message(message, request.secrets());
    let mut text = format!("{}: {status}", request.what(answer.attempts));
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

/// `METHOD URL: unexpected answer: why`, for an answer whose body is not what the API
/// documents.
pub fn malformed(request: &Request, answer: &Answer, why: &str) -> Error {
    Error::network(format!(
        "{}: unexpected answer: {why}",
        request.what(answer.attempts)
    ))
}

/// A server's message made safe to repeat: without any of `secrets` (a server may echo what
/// it was sent), on one line, without control characters, and short.
pub fn clean_message<'a>(
    message: &str,
    secrets: impl IntoIterator<Item = &'a SecretString>,
) -> String {
    let mut message = message.to_string();
    // Each secret as sent and as an echo of a JSON body shows it, longest first so that no
    // part of a longer one is left around a shorter one.
    let mut forms: Vec<String> = Vec::new();
    for secret in secrets {
        let secret = secret.expose_secret();
        if !secret.is_empty() {
            forms.push(secret.to_string());
            let quoted = serde_json::to_string(secret).unwrap_or_default();
            let escaped = quoted.trim_start_matches('"').trim_end_matches('"');
            forms.push(escaped.to_string());
        }
    }
    forms.sort_by_key(|form| std::cmp::Reverse(form.len()));
    for form in forms.iter().filter(|form| !form.is_empty()) {
        message = message.replace(form.as_str(), "[redacted]");
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

/// What the TLS layer said, when that is why a connection failed: it reports its failures as
/// I/O errors of kind `InvalidData`, which the connector wraps in another I/O error.
fn tls_failure(err: &reqwest::Error) -> Option<String> {
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
    use std::io::{Read, Write};
    use std::sync::Mutex;

    #[test]
    fn retry_after_is_read_as_seconds_or_as_an_http_date() {
        let now: jiff::Timestamp = "2026-12-04T10:00:00Z".parse().unwrap();
        assert_eq!(retry_after("3", now), Some(Duration::from_secs(3)));
        assert_eq!(retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            retry_after("Fri, 04 Dec 2026 10:00:05 GMT", now),
            Some(Duration::from_secs(5))
        );
        assert_eq!(
            retry_after("Fri, 04 Dec 2026 09:59:00 GMT", now),
            Some(Duration::ZERO),
            "a date past asks for no wait"
        );
        assert!(
            retry_after("99999999999999999999999", now).unwrap() > Duration::from_secs(1 << 40)
        );
        for unreadable in ["", "-1", "1.5", "soon", "\u{1b}]52;c;x\u{7}"] {
            assert_eq!(retry_after(unreadable, now), None, "{unreadable:?}");
        }
    }

    #[test]
    fn a_429_always_and_a_503_with_retry_after_are_waited_out() {
        let with = |status: StatusCode, retry: Option<&str>| {
            let mut answer = answer(status);
            if let Some(value) = retry {
                answer.headers.insert(
                    reqwest::header::RETRY_AFTER,
                    HeaderValue::from_str(value).unwrap(),
                );
            }
            rate_limit_wait(&answer)
        };
        assert_eq!(with(StatusCode::TOO_MANY_REQUESTS, None), Some(None));
        assert_eq!(
            with(StatusCode::TOO_MANY_REQUESTS, Some("2")),
            Some(Some(Duration::from_secs(2)))
        );
        assert_eq!(
            with(StatusCode::SERVICE_UNAVAILABLE, Some("1")),
            Some(Some(Duration::from_secs(1)))
        );
        assert_eq!(with(StatusCode::SERVICE_UNAVAILABLE, None), None);
        assert_eq!(with(StatusCode::SERVICE_UNAVAILABLE, Some("later")), None);
        assert_eq!(with(StatusCode::INTERNAL_SERVER_ERROR, Some("1")), None);
        assert_eq!(with(StatusCode::OK, Some("1")), None);
    }

    #[test]
    fn pauses_without_retry_after_grow_to_a_ceiling_and_are_spread() {
        for n in 1..=40 {
            let full = FIRST_BACKOFF
                .saturating_mul(1 << (n - 1).min(16))
                .min(LONGEST_BACKOFF);
            let pause = backoff(n);
            assert!(pause >= full / 2 && pause <= full, "try {n}: {pause:?}");
        }
        assert!(backoff(40) <= LONGEST_BACKOFF);
        let pauses: std::collections::HashSet<_> = (0..20).map(|_| backoff(3)).collect();
        assert!(pauses.len() > 1, "jittered");
    }

    #[test]
    fn a_wait_line_names_the_host_only() {
        assert_eq!(
            host_of("https://iam.kakaocloud.com/identity/v3/auth/tokens"),
            "iam.kakaocloud.com"
        );
        assert_eq!(
            host_of("http://127.0.0.1:8200/v1/x?list=true"),
            "127.0.0.1:8200"
        );
    }

    /// Where each wiped body was, and how long it was.
    static WIPED: Mutex<Vec<(usize, usize)>> = Mutex::new(Vec::new());

    pub(super) fn note_wiped(body: &[u8]) {
        let mut wiped = WIPED
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        wiped.push((body.as_ptr() as usize, body.len()));
    }

    fn was_wiped(body: (usize, usize)) -> bool {
        let wiped = WIPED
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        wiped.contains(&body)
    }

    #[test]
    fn a_body_that_carried_a_secret_is_wiped_once_the_request_is_done() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut seen = Vec::new();
            let mut chunk = [0; 4096];
            while !String::from_utf8_lossy(&seen).ends_with("}}") {
                let n = stream.read(&mut chunk).unwrap();
                assert!(n > 0, "the request ended early");
                seen.extend_from_slice(&chunk[..n]);
            }
            stream
                .write_all(
                    b"HTTP/1.1 201 Created\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                )
                .unwrap();
            String::from_utf8(seen).unwrap()
        });
        let secret = SecretString::from("s3cret-in-the-body");
        let http = Http::new(Duration::from_secs(10), None, None).unwrap();
        let request = Request::new(Method::POST, format!("http://127.0.0.1:{port}/v3/x"))
            .json(&serde_json::json!({ "auth": { "secret": secret.expose_secret() } }))
            .carrying(&secret);
        let sent = request.body.as_ref().unwrap();
        let body = (sent.as_ptr() as usize, sent.len());
        let answer = http.send(&request).unwrap();
        assert_eq!(answer.status, StatusCode::CREATED);
        assert!(server.join().unwrap().contains("s3cret-in-the-body"));

        drop(request);
        // reqwest lets go of its reference on its own thread, by the time it has the answer.
        let started = Instant::now();
        while !was_wiped(body) && started.elapsed() < Duration::from_secs(5) {
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(was_wiped(body), "the body was never wiped: someone kept it");
    }

    #[test]
    fn a_wiped_json_value_keeps_no_string() {
        let mut value = serde_json::json!({ "a": ["s3cret", 1], "b": { "c": "t0ken" } });
        wipe_json(&mut value);
        let text = value.to_string();
        assert!(
            !text.contains("s3cret") && !text.contains("t0ken"),
            "{text}"
        );
    }

    #[test]
    fn a_json_body_is_exactly_the_json() {
        let request = Request::new(Method::POST, "/x").json(&serde_json::json!({ "a": [1, "b"] }));
        let body = request.body.as_ref().unwrap();
        assert_eq!(&body[..], br#"{"a":[1,"b"]}"#);
    }

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
    fn only_gets_are_sent_twice() {
        let get = Request::new(Method::GET, "/x");
        assert_eq!(get.attempts(), 2);
        for method in [Method::POST, Method::DELETE, Method::PUT, Method::PATCH] {
            assert_eq!(Request::new(method, "/x").attempts(), 1);
        }
    }

    #[test]
    fn a_body_is_either_not_json_or_not_the_expected_json() {
        assert_eq!(not_json_or_unexpected(b"<html>"), "the body is not JSON");
        assert_eq!(
            not_json_or_unexpected(br#"{"other":1}"#),
            "the JSON is not what the API documents"
        );
    }

    fn answer(status: StatusCode) -> Answer {
        Answer {
            status,
            headers: HeaderMap::new(),
            body: Vec::new(),
            attempts: 1,
            carried: Vec::new(),
        }
    }

    #[test]
    fn a_redirect_is_not_the_service_talking() {
        let request = Request::new(Method::GET, "https://x/v3");
        let err = status_error(&request, &answer(StatusCode::TEMPORARY_REDIRECT), "");
        assert_eq!(err.kind(), ErrorKind::Network);
        assert!(err.message().contains("not an answer"));
        let err = status_error(&request, &answer(StatusCode::UNAUTHORIZED), "no");
        assert_eq!(err.kind(), ErrorKind::Rejected);
        assert_eq!(err.message(), "GET https://x/v3: 401 Unauthorized: no");
    }

    #[test]
    fn a_status_error_never_repeats_what_the_request_carried() {
        let token = SecretString::from("tok-123456");
        let request = Request::new(Method::GET, "https://x/v3")
            .secret_header("X-Auth-Token", &token)
            .unwrap();
        let err = status_error(
            &request,
            &answer(StatusCode::BAD_REQUEST),
            "bad token tok-123456",
        );
        assert_eq!(
            err.message(),
            "GET https://x/v3: 400 Bad Request: bad token [redacted]"
        );
    }

    #[test]
    fn a_secret_is_redacted_in_the_forms_it_is_sent_in() {
        use base64::Engine;
        let key = SecretString::from("key\"with\\quote");
        let request = Request::new(Method::POST, "https://x/")
            .basic_auth("CL1", &key)
            .unwrap()
            .carrying(&key);
        let basic = base64::engine::general_purpose::STANDARD.encode("CL1:key\"with\\quote");
        let echo = format!(r#"authorization: Basic {basic}; body: {{"k":"key\"with\\quote"}}"#);
        let message = clean_message(&echo, request.secrets());
        assert_eq!(
            message,
            r#"authorization: Basic [redacted]; body: {"k":"[redacted]"}"#
        );
    }
}

/// A loopback HTTP server for the clients' unit tests: each connection gets the next scripted
/// reply, and what each request was is kept. Never a real service, never the network.
#[cfg(test)]
pub(crate) mod test_server {
    use std::io::{Read, Write};
    use std::net::{Shutdown, TcpListener, TcpStream};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    /// One scripted answer, as bytes on the wire.
    pub struct Reply(Vec<u8>);

    impl Reply {
        /// `status` with `body` and `extra` headers, its length said, the connection closed.
        pub fn with(status: u16, extra: &[(&str, &str)], body: &str) -> Reply {
            let reason = reqwest::StatusCode::from_u16(status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("Whatever");
            let mut head = format!(
                "HTTP/1.1 {status} {reason}\r\ncontent-length: {}\r\nconnection: close\r\n",
                body.len()
            );
            for (name, value) in extra {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str("\r\n");
            let mut bytes = head.into_bytes();
            bytes.extend_from_slice(body.as_bytes());
            Reply(bytes)
        }

        pub fn status(status: u16, body: &str) -> Reply {
            Reply::with(status, &[], body)
        }

        pub fn json(status: u16, body: &serde_json::Value) -> Reply {
            Reply::with(
                status,
                &[("content-type", "application/json")],
                &body.to_string(),
            )
        }

        /// Exactly `bytes`: a head that lies, a body without a length.
        pub fn raw(bytes: Vec<u8>) -> Reply {
            Reply(bytes)
        }
    }

    /// A request as the server saw it.
    #[derive(Debug, Clone)]
    pub struct Seen {
        pub method: String,
        pub target: String,
        /// Names lower-cased.
        pub headers: Vec<(String, String)>,
        pub body: String,
    }

    impl Seen {
        pub fn header(&self, name: &str) -> Option<&str> {
            self.headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        }
    }

    pub struct Server {
        pub port: u16,
        seen: Arc<Mutex<Vec<Seen>>>,
    }

    impl Server {
        /// Answers one connection with each of `replies`, in order; stops after the last, or
        /// when no one connects for a while.
        pub fn start(replies: Vec<Reply>) -> Server {
            let listener = TcpListener::bind("127.0.0.1:0").unwrap();
            listener.set_nonblocking(true).unwrap();
            let port = listener.local_addr().unwrap().port();
            let seen = Arc::new(Mutex::new(Vec::new()));
            let kept = Arc::clone(&seen);
            std::thread::spawn(move || {
                let deadline = Instant::now() + Duration::from_secs(20);
                for reply in replies {
                    let mut stream = loop {
                        match listener.accept() {
                            Ok((stream, _)) => break stream,
                            Err(err) if err.kind() == std::io::ErrorKind::WouldBlock => {
                                if Instant::now() > deadline {
                                    return;
                                }
                                std::thread::sleep(Duration::from_millis(2));
                            }
                            Err(_) => return,
                        }
                    };
                    let _ = stream.set_nonblocking(false);
                    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
                    if let Some(request) = read_request(&mut stream) {
                        kept.lock().unwrap().push(request);
                    }
                    let _ = stream.write_all(&reply.0);
                    let _ = stream.flush();
                    let _ = stream.shutdown(Shutdown::Write);
                }
            });
            Server { port, seen }
        }

        pub fn url(&self, path: &str) -> String {
            format!("http://127.0.0.1:{}{path}", self.port)
        }

        /// What was asked so far.
        pub fn seen(&self) -> Vec<Seen> {
            self.seen.lock().unwrap().clone()
        }
    }

    fn read_request(stream: &mut TcpStream) -> Option<Seen> {
        let mut bytes = Vec::new();
        let mut chunk = [0u8; 4096];
        let head_end = loop {
            if let Some(at) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            let n = stream.read(&mut chunk).ok()?;
            if n == 0 {
                return None;
            }
            bytes.extend_from_slice(&chunk[..n]);
        };
        let head = String::from_utf8_lossy(&bytes[..head_end]).into_owned();
        let mut lines = head.split("\r\n");
        let mut first = lines.next()?.split(' ');
        let method = first.next()?.to_string();
        let target = first.next()?.to_string();
        let headers: Vec<(String, String)> = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let length: usize = headers
            .iter()
            .find(|(n, _)| n == "content-length")
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        while bytes.len() < head_end + length {
            let n = stream.read(&mut chunk).ok()?;
            if n == 0 {
                break;
            }
            bytes.extend_from_slice(&chunk[..n]);
        }
        Some(Seen {
            method,
            target,
            headers,
            body: String::from_utf8_lossy(&bytes[head_end..]).into_owned(),
        })
    }
}

#[cfg(test)]
mod pipeline_tests {
    use super::test_server::{Reply, Server};
    use super::*;

    fn http(timeout_secs: u64) -> Http {
        Http::new(Duration::from_secs(timeout_secs), None, None).unwrap()
    }

    #[test]
    fn a_get_that_gets_a_5xx_is_sent_once_more_and_a_post_never() {
        let server = Server::start(vec![Reply::status(500, "boom"), Reply::status(200, "ok")]);
        let get = Request::new(Method::GET, server.url("/x"));
        let answer = http(10).send(&get).unwrap();
        assert_eq!((answer.status, answer.attempts), (StatusCode::OK, 2));
        assert_eq!(answer.text(), "ok");
        assert_eq!(server.seen().len(), 2);

        let server = Server::start(vec![Reply::status(500, "boom"), Reply::status(200, "ok")]);
        let post = Request::new(Method::POST, server.url("/x")).json(&serde_json::json!({}));
        let answer = http(10).send(&post).unwrap();
        assert_eq!(
            (answer.status, answer.attempts),
            (StatusCode::INTERNAL_SERVER_ERROR, 1),
            "a POST may have done its work: never sent twice"
        );
        assert_eq!(server.seen().len(), 1);
    }

    #[test]
    fn a_get_is_sent_twice_at_most() {
        let server = Server::start(vec![
            Reply::status(502, "a"),
            Reply::status(503, "b"),
            Reply::status(200, "never"),
        ]);
        let answer = http(10)
            .send(&Request::new(Method::GET, server.url("/x")))
            .unwrap();
        assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!((answer.attempts, answer.text().as_str()), (2, "b"));
        assert_eq!(server.seen().len(), 2);
    }

    #[test]
    fn a_rate_limited_post_is_sent_again_after_the_wait_asked_for() {
        let server = Server::start(vec![
            Reply::with(429, &[("retry-after", "0")], ""),
            Reply::status(201, "made"),
        ]);
        let lines = Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
        let log = Rc::clone(&lines);
        let http = Http::new(
            Duration::from_secs(10),
            Some(Rc::new(move |line: &str| {
                log.borrow_mut().push(line.into())
            })),
            None,
        )
        .unwrap();
        let post = Request::new(Method::POST, server.url("/keys")).json(&serde_json::json!({}));
        let answer = http.send(&post).unwrap();
        assert_eq!((answer.status, answer.attempts), (StatusCode::CREATED, 2));
        assert_eq!(server.seen().len(), 2);
        let lines = lines.borrow();
        assert!(
            lines.iter().any(|line| line
                == &format!(
                    "127.0.0.1:{} rate-limited kcred (429 Too Many Requests): waiting 0.0 s before try 2",
                    server.port
                )),
            "{lines:?}"
        );
    }

    #[test]
    fn a_wait_past_the_timeout_is_an_error_at_once_naming_it() {
        let server = Server::start(vec![Reply::with(429, &[("retry-after", "100")], "")]);
        let started = Instant::now();
        let err = http(2)
            .send(&Request::new(Method::GET, server.url("/x")))
            .err()
            .unwrap();
        assert!(started.elapsed() < Duration::from_secs(2), "no wait at all");
        assert_eq!(err.kind(), ErrorKind::Network);
        assert_eq!(err.http_status(), Some(429));
        assert!(
            err.message()
                .contains("(429 Too Many Requests): 1 try over ")
        );
        assert!(
            err.message()
                .ends_with("; it asks for a wait of 100 s, past the 2 s timeout"),
            "{}",
            err.message()
        );
        assert!(err.hint().unwrap().contains("--timeout"));
        assert_eq!(server.seen().len(), 1);
    }

    #[test]
    fn a_wait_too_long_to_count_is_past_the_timeout_not_a_crash() {
        let server = Server::start(vec![Reply::with(
            429,
            &[("retry-after", "99999999999999999999999")],
            "",
        )]);
        let err = http(5)
            .send(&Request::new(Method::GET, server.url("/x")))
            .err()
            .unwrap();
        assert_eq!(err.kind(), ErrorKind::Network);
        assert_eq!(err.http_status(), Some(429));
        assert!(
            err.message().contains("past the 5 s timeout"),
            "{}",
            err.message()
        );
    }

    #[test]
    fn a_503_asking_for_longer_than_is_left_is_a_failing_server() {
        let server = Server::start(vec![
            Reply::with(503, &[("retry-after", "100")], "busy"),
            Reply::with(503, &[("retry-after", "100")], "still busy"),
        ]);
        let answer = http(2)
            .send(&Request::new(Method::GET, server.url("/x")))
            .unwrap();
        assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(answer.attempts, 2, "sent again as after any 5xx, once");
    }

    #[test]
    fn a_redirect_is_never_followed() {
        let server = Server::start(vec![
            Reply::with(302, &[("location", "/elsewhere")], ""),
            Reply::status(200, "followed"),
        ]);
        let answer = http(10)
            .send(&Request::new(Method::GET, server.url("/x")))
            .unwrap();
        assert_eq!(answer.status, StatusCode::FOUND);
        assert_eq!(server.seen().len(), 1);
    }

    #[test]
    fn an_answer_larger_than_the_limit_is_refused_whether_its_length_is_said_or_not() {
        let said = format!(
            "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
            MAX_ANSWER_BYTES + 1
        );
        let mut unsaid = b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n".to_vec();
        unsaid.resize(unsaid.len() + MAX_ANSWER_BYTES + 10, b'x');
        for reply in [Reply::raw(said.into_bytes()), Reply::raw(unsaid)] {
            let server = Server::start(vec![reply, Reply::status(200, "small")]);
            let err = http(10)
                .send(&Request::new(Method::GET, server.url("/x")))
                .err()
                .unwrap();
            assert_eq!(err.kind(), ErrorKind::Network);
            assert!(
                err.message().ends_with(
                    "/x: the answer is larger than 8 MiB, more than any answer of the API"
                ),
                "{}",
                err.message()
            );
            assert_eq!(err.hint(), Some("check the endpoint"));
            assert_eq!(server.seen().len(), 1, "not asked again");
        }
    }

    #[test]
    fn an_answer_at_the_limit_is_read_whole() {
        let body = "y".repeat(MAX_ANSWER_BYTES);
        let server = Server::start(vec![Reply::status(200, &body)]);
        let answer = http(10)
            .send(&Request::new(Method::GET, server.url("/x")))
            .unwrap();
        assert_eq!(answer.body.len(), MAX_ANSWER_BYTES);
    }

    #[test]
    fn a_refused_connection_is_not_tried_again_and_gets_the_clients_hint() {
        let port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap().port()
        };
        let http = http(5).with_unreachable_hint("check the KMS endpoint");
        let url = format!("http://127.0.0.1:{port}/x");
        let err = http
            .send(&Request::new(Method::GET, url.clone()))
            .err()
            .unwrap();
        assert_eq!(err.kind(), ErrorKind::Network);
        assert!(
            err.message()
                .starts_with(&format!("GET {url}: cannot connect")),
            "{}",
            err.message()
        );
        assert!(!err.message().contains("tried"), "{}", err.message());
        assert_eq!(err.hint(), Some("check the KMS endpoint"));
    }

    #[test]
    fn the_request_log_names_method_url_and_status_never_a_secret() {
        let server = Server::start(vec![Reply::status(500, ""), Reply::status(200, "")]);
        let lines = Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
        let log = Rc::clone(&lines);
        let http = Http::new(
            Duration::from_secs(10),
            Some(Rc::new(move |line: &str| {
                log.borrow_mut().push(line.into())
            })),
            None,
        )
        .unwrap();
        let token = SecretString::from("tok-in-a-header");
        let request = Request::new(Method::GET, server.url("/v3/x"))
            .secret_header("X-Auth-Token", &token)
            .unwrap();
        http.send(&request).unwrap();
        let seen = server.seen();
        assert_eq!(seen[0].header("x-auth-token"), Some("tok-in-a-header"));
        assert!(
            seen[0]
                .header("user-agent")
                .is_some_and(|agent| agent.starts_with("kcred/"))
        );
        let lines = lines.borrow();
        let url = server.url("/v3/x");
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(lines[0].starts_with(&format!("GET {url} -> 500 Internal Server Error (")));
        assert_eq!(lines[1], "trying GET once more in 250 ms");
        assert!(lines[2].starts_with(&format!("GET {url} -> 200 OK (")));
        assert!(
            lines.iter().all(|line| !line.contains("tok-in")),
            "{lines:?}"
        );
    }

    fn answer(status: StatusCode, attempts: u32) -> Answer {
        Answer {
            status,
            headers: HeaderMap::new(),
            body: Vec::new(),
            attempts,
            carried: Vec::new(),
        }
    }

    #[test]
    fn a_status_error_has_the_kind_a_script_needs_and_no_repeated_reason() {
        let request = Request::new(Method::GET, "https://x/v3");
        let err = status_error(&request, &answer(StatusCode::NOT_FOUND, 1), "Not Found");
        assert_eq!(err.message(), "GET https://x/v3: 404 Not Found");
        assert_eq!(err.kind(), ErrorKind::Other);
        assert_eq!(err.http_status(), Some(404));
        let err = status_error(&request, &answer(StatusCode::BAD_GATEWAY, 2), "down");
        assert_eq!(
            err.message(),
            "GET https://x/v3 (tried 2 times): 502 Bad Gateway: down"
        );
        assert_eq!(err.kind(), ErrorKind::Network);
        let err = status_error(&request, &answer(StatusCode::FORBIDDEN, 1), "");
        assert_eq!(err.kind(), ErrorKind::Other);
        let err = status_error(&request, &answer(StatusCode::OK, 1), "");
        assert_eq!(
            err.kind(),
            ErrorKind::Network,
            "a success is no error answer"
        );
        assert_eq!(err.hint(), Some("check the endpoint"));
    }

    #[test]
    fn a_malformed_answer_says_what_was_asked_and_why() {
        let request = Request::new(Method::POST, "https://x/v3/auth/tokens");
        let err = malformed(&request, &answer(StatusCode::OK, 1), "no token");
        assert_eq!(err.kind(), ErrorKind::Network);
        assert_eq!(
            err.message(),
            "POST https://x/v3/auth/tokens: unexpected answer: no token"
        );
    }

    #[test]
    fn a_longer_secret_goes_before_a_shorter_one_it_holds() {
        let short = SecretString::from("abc");
        let long = SecretString::from("abcdef");
        assert_eq!(
            clean_message("x abcdef y abc", [&short, &long]),
            "x [redacted] y [redacted]"
        );
    }

    #[test]
    fn an_empty_secret_redacts_nothing() {
        let empty = SecretString::from("");
        assert_eq!(clean_message("plain words", [&empty]), "plain words");
    }

    #[test]
    fn a_long_message_is_cut_by_characters_not_bytes() {
        let long = "é".repeat(MAX_SERVER_MESSAGE + 50);
        let cut = clean_message(&long, []);
        assert_eq!(cut.chars().count(), MAX_SERVER_MESSAGE + 1);
        assert!(cut.ends_with('…'));
        let exact = "é".repeat(MAX_SERVER_MESSAGE);
        assert_eq!(clean_message(&exact, []), exact, "at the limit, kept whole");
    }

    #[test]
    fn a_header_value_http_refuses_is_an_error_without_the_value() {
        assert!(
            Request::new(Method::GET, "/x")
                .header("x-a", "a\r\nb")
                .is_err()
        );
        let secret = SecretString::from("s3cret\nInjected: yes");
        let err = Request::new(Method::GET, "/x")
            .secret_header("X-Auth-Token", &secret)
            .err()
            .unwrap();
        assert!(!err.message().contains("s3cret"), "{}", err.message());
        assert!(err.message().contains("X-Auth-Token"));
    }

    #[test]
    fn a_json_body_replaces_a_content_type_set_before() {
        let request = Request::new(Method::POST, "/x")
            .header("Content-Type", "text/plain")
            .unwrap()
            .json(&serde_json::json!({"a": 1}));
        let types: Vec<_> = request
            .headers
            .iter()
            .filter(|(name, _)| name.eq_ignore_ascii_case("content-type"))
            .map(|(_, value)| value.to_str().unwrap().to_string())
            .collect();
        assert_eq!(types, ["application/json"]);
    }

    #[test]
    fn jitter_stays_within_what_is_asked() {
        assert_eq!(jitter(Duration::ZERO), Duration::ZERO);
        for _ in 0..200 {
            assert!(jitter(Duration::from_millis(100)) <= Duration::from_millis(100));
        }
        assert_eq!(seconds(Duration::from_millis(1500)), "1.5 s");
        assert_eq!(seconds_precise(Duration::from_secs(2)), "2.0 s");
    }

    #[test]
    fn a_retry_after_of_whitespace_or_signs_is_not_read() {
        let now: jiff::Timestamp = "2026-12-04T10:00:00Z".parse().unwrap();
        for unreadable in ["+3", "3 s", " ", "0x10", "３"] {
            assert_eq!(retry_after(unreadable, now), None, "{unreadable:?}");
        }
        assert_eq!(
            retry_after("Fri, 04 Dec 2026 10:00:00 +0900", now),
            Some(Duration::ZERO),
            "a date with its zone, in the past"
        );
    }
}
