//! Faults from the server: for each command that talks to the identity API, every way the
//! server (or the way to it) can fail. Each must end in one `error:` line naming the method and
//! URL (and at most one `hint:` line), exit 5 (3 for a 401), nothing on stdout, no secret or
//! token anywhere, and the config and the token cache exactly as they were.
//!
//! The server is [`FakeServer`], scripted per request; an unused port plays the server that is
//! not there, and a TLS server with a self-signed certificate the one that cannot be trusted.

use crate::support::fake_server::{FakeServer, Reply, token_body};
use crate::support::{TestEnv, fails_with, free_port, stderr_of};
use serde_json::json;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The IAM access key secret the tests authenticate with.
const SECRET: &str = "fault-test-secret-6f1d2c0a";
/// The token the fake server issues.
const TOKEN: &str = "gAAAAAfault-test-token-91b7e4";
/// Secrets of keys the fake server "creates".
const NEW_IAM_SECRET: &str = "fault-test-new-iam-secret-3c8a";
const NEW_S3_SECRET: &str = "fault-test-new-s3-secret-77d2";
const EVERY_SECRET: [&str; 4] = [SECRET, TOKEN, NEW_IAM_SECRET, NEW_S3_SECRET];

const TOKENS: &str = "/auth/tokens";
const IAM_KEYS: &str = "/users/u1/application_credentials";
const S3_KEYS: &str = "/users/u1/credentials/OS-EC2";
const PROJECTS: &str = "/users/u1/projects";

/// A command, the requests it makes before the one under test (with good answers), and the
/// request under test with the good answer the faults spoil.
struct Scenario {
    name: &'static str,
    args: &'static [&'static str],
    stdin: Option<String>,
    /// Whether the command takes the endpoint from `--endpoint` (`profile add`).
    endpoint_flag: bool,
    before: Vec<(&'static str, String, Reply)>,
    method: &'static str,
    path: String,
    good: Reply,
    /// Keyring entries that must not exist afterwards.
    absent: &'static [&'static str],
}

impl Scenario {
    fn new(
        name: &'static str,
        args: &'static [&'static str],
        method: &'static str,
        path: &str,
    ) -> Self {
        Scenario {
            name,
            args,
            stdin: None,
            endpoint_flag: false,
            before: Vec::new(),
            method,
            path: path.to_string(),
            good: Reply::token(TOKEN),
            absent: &[],
        }
    }

    /// The requests before the one under test: a token, then `requests`.
    fn after_token(mut self, requests: Vec<(&'static str, &str, Reply)>) -> Self {
        self.before
            .push(("POST", TOKENS.to_string(), Reply::token(TOKEN)));
        for (method, path, reply) in requests {
            self.before.push((method, path.to_string(), reply));
        }
        self
    }

    fn answered_by(mut self, good: Reply) -> Self {
        self.good = good;
        self
    }

    fn issues_the_token(&self) -> bool {
        self.method == "POST" && self.path == TOKENS
    }
}

/// Where kcred is pointed for a fault.
enum Place {
    /// The fake server, answering the request under test with this.
    Answer(Reply),
    /// A 307 to a second fake server, which must get nothing.
    Redirect,
    /// A port nothing listens on.
    Refused,
    /// A TLS server whose certificate does not verify.
    UntrustedTls,
    /// The fake server (plain HTTP) under an `https://` URL.
    PlainHttpOnHttps,
}

struct Fault {
    name: &'static str,
    place: Place,
    exit: i32,
    /// What the error line must say besides the method and URL.
    says: &'static [&'static str],
    /// Whether a GET is tried twice for it.
    retried: bool,
}

fn fault(name: &'static str, place: Place, exit: i32, says: &'static [&'static str]) -> Fault {
    Fault {
        name,
        place,
        exit,
        says,
        retried: false,
    }
}

impl Fault {
    /// The fault is one a GET is tried again for (when `get`).
    fn retried_if(mut self, get: bool) -> Fault {
        self.retried = get;
        self
    }
}

fn answer(reply: Reply) -> Place {
    Place::Answer(reply)
}

/// Every fault that fits the scenario's request under test.
fn faults(scenario: &Scenario) -> Vec<Fault> {
    let get = scenario.method == "GET";
    // A server that echoes what it was sent: the error must not repeat it.
    let echoed = if scenario.issues_the_token() {
        SECRET
    } else {
        TOKEN
    };
    let internal = Reply::error(
        500,
        "Internal Server Error",
        &format!(
            "An unexpected error prevented the server from fulfilling your request ({echoed})"
        ),
    );
    let unavailable = Reply::text(
        503,
        "text/html",
        "<html><body><h1>503 Service Unavailable</h1>\nNo server is available.\n</body></html>",
    )
    .with_header("Retry-After", "120");
    let mut faults = vec![
        fault(
            "HTTP 500",
            answer(internal),
            5,
            &["500 Internal Server Error"],
        )
        .retried_if(get),
        fault(
            "HTTP 503",
            answer(unavailable),
            5,
            &["503 Service Unavailable"],
        )
        .retried_if(get),
        fault(
            "no answer",
            answer(Reply::Hold),
            5,
            &["no answer within 2 s"],
        ),
        fault(
            "connection closed before an answer",
            answer(Reply::Close { reset: false }),
            5,
            &["the connection broke before an answer"],
        )
        .retried_if(get),
        fault(
            "connection reset before an answer",
            answer(Reply::Close { reset: true }),
            5,
            &["the connection broke before an answer"],
        )
        .retried_if(get),
        fault(
            "connection closed mid-body",
            answer(Reply::cut(scenario.good.clone(), false)),
            5,
            &["the answer was cut off"],
        )
        .retried_if(get),
        fault(
            "connection reset mid-body",
            answer(Reply::cut(scenario.good.clone(), true)),
            5,
            &["the answer was cut off"],
        )
        .retried_if(get),
        fault(
            "HTTP 401",
            answer(Reply::error(
                401,
                "Unauthorized",
                "The request you have made requires authentication.",
            )),
            3,
            &["401 Unauthorized"],
        ),
        fault(
            "redirect elsewhere",
            Place::Redirect,
            5,
            &["307 Temporary Redirect"],
        ),
        fault("unreachable port", Place::Refused, 5, &["cannot connect"]),
        fault(
            "TLS certificate that does not verify",
            Place::UntrustedTls,
            5,
            &["the TLS handshake failed", "certificate"],
        ),
        fault(
            "plain HTTP on an https URL",
            Place::PlainHttpOnHttps,
            5,
            &["the TLS handshake failed"],
        ),
    ];
    // DELETE reads no body: a body that is not JSON is no fault for it.
    if scenario.method != "DELETE" {
        let status = if scenario.method == "POST" { 201 } else { 200 };
        let mut not_json = Reply::text(
            status,
            "text/html",
            "<html><body>Welcome to nginx!</body></html>",
        );
        if scenario.issues_the_token() {
            not_json = not_json.with_header("X-Subject-Token", TOKEN);
        }
        faults.push(fault(
            "body not JSON",
            answer(not_json),
            5,
            &["unexpected answer", "the body is not JSON"],
        ));
    }
    if scenario.issues_the_token() {
        let mut no_expiry = token_body();
        no_expiry["token"]
            .as_object_mut()
            .unwrap()
            .remove("expires_at");
        let mut bad_expiry = token_body();
        bad_expiry["token"]["expires_at"] = json!("next Tuesday");
        faults.extend([
            fault(
                "201 without X-Subject-Token",
                answer(Reply::json(201, token_body())),
                5,
                &["no X-Subject-Token header"],
            ),
            fault(
                "token without expires_at",
                answer(Reply::json(201, no_expiry).with_header("X-Subject-Token", TOKEN)),
                5,
                &["the token has no expires_at"],
            ),
            fault(
                "token with an unparsable expires_at",
                answer(Reply::json(201, bad_expiry).with_header("X-Subject-Token", TOKEN)),
                5,
                &["expires_at is not an RFC 3339 time"],
            ),
        ]);
    }
    faults
}

/// How kcred gets its credentials.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Credentials {
    /// `KAKAOCLOUD_*` variables: no keyring, no cache; every run issues a token.
    Environment,
    /// Profile `p` (config file and keyring), with no token cached.
    Profile,
    /// Profile `p` with a token cached before the fault.
    CachedProfile,
}

/// Profile `p` on `endpoint`: its config file, written as kcred writes it (a private dir and
/// file), and its secret in the keyring.
fn write_profile(env: &TestEnv, endpoint: &str) {
    let mut dir = std::fs::DirBuilder::new();
    let mut file = std::fs::OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
        dir.mode(0o700);
        file.mode(0o600);
    }
    dir.recursive(true).create(env.config_dir()).unwrap();
    file.write(true)
        .create_new(true)
        .open(env.config_file())
        .unwrap()
        .write_all(
            format!(
                "default_profile = \"p\"\n\n[profiles.p]\nendpoint = \"{endpoint}\"\n\
                 access_key_id = \"k1\"\nuser_id = \"u1\"\nproject_id = \"p1\"\n"
            )
            .as_bytes(),
        )
        .unwrap();
    env.secret_tool_store("profile/p/access-key-secret", SECRET, "kcred test", &[]);
}

/// The bytes of every file under kcred's config and cache dirs. Lock files are left out:
/// they hold nothing but the process ID of their last holder (checked).
fn snapshot(env: &TestEnv) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, files: &mut BTreeMap<PathBuf, Vec<u8>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, files);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                if path.extension().is_some_and(|ext| ext == "lock") {
                    assert!(
                        bytes.iter().all(u8::is_ascii_digit),
                        "{} holds more than a process ID",
                        path.display()
                    );
                } else {
                    files.insert(path, bytes);
                }
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(&env.config_dir(), &mut files);
    walk(&env.cache_dir(), &mut files);
    files
}

/// One run of a scenario under a fault: what it showed, and what was wrong with it.
struct Outcome {
    code: Option<i32>,
    stderr: String,
    elapsed: Duration,
    wrong: Vec<String>,
}

/// Runs `scenario` under `fault` with `credentials` and checks everything every fault must
/// give.
fn run_case(scenario: &Scenario, fault: &Fault, credentials: Credentials) -> Outcome {
    let mut env = TestEnv::new();
    let server = FakeServer::start();
    let elsewhere = FakeServer::start();
    let untrusted = FakeServer::untrusted_tls();

    // An endpoint that fails for every request fails at the first, the token's; a fault in an
    // answer is at the request under test.
    let (endpoint, endpoint_fails) = match &fault.place {
        Place::Answer(_) | Place::Redirect => (server.endpoint(), false),
        Place::Refused => (format!("http://127.0.0.1:{}/v3", free_port()), true),
        Place::UntrustedTls => (untrusted.endpoint(), true),
        Place::PlainHttpOnHttps => (server.https_endpoint(), true),
    };
    let (method, path) = if endpoint_fails {
        ("POST", TOKENS)
    } else {
        (scenario.method, scenario.path.as_str())
    };
    let request = format!("{method} {endpoint}{path}");

    // Profile `p` exists in every variant: it must stay as it is.
    write_profile(&env, &server.endpoint());
    if credentials == Credentials::Environment {
        env.set_key_in_environment("k1", SECRET, &endpoint);
    }
    if credentials == Credentials::CachedProfile {
        server.once("POST", TOKENS, Reply::token(TOKEN));
        assert_eq!(env.token(&[]), TOKEN);
        assert!(env.cache_dir().join("tokens/p.json").exists());
    }
    let cached_token = env.cached_secret("profile/p/token");

    for (method, path, reply) in &scenario.before {
        server.on(method, path, reply.clone());
    }
    match &fault.place {
        Place::Answer(reply) => {
            server.on(scenario.method, &scenario.path, reply.clone());
        }
        Place::Redirect => {
            let target = format!("{}{}", elsewhere.endpoint(), scenario.path);
            let redirect = Reply::text(307, "text/plain", "").with_header("Location", &target);
            server.on(scenario.method, &scenario.path, redirect);
            elsewhere.on(scenario.method, &scenario.path, scenario.good.clone());
        }
        Place::Refused | Place::UntrustedTls | Place::PlainHttpOnHttps => {}
    }
    server.clear();
    let before = snapshot(&env);

    let mut cmd = env.kcred();
    cmd.args(["--timeout", "2"]);
    if scenario.endpoint_flag || (endpoint_fails && credentials != Credentials::Environment) {
        cmd.args(["--endpoint", &endpoint]);
    }
    cmd.args(scenario.args);
    if let Some(stdin) = &scenario.stdin {
        cmd.write_stdin(stdin.clone());
    }
    let started = Instant::now();
    let output = cmd.output().unwrap();
    let elapsed = started.elapsed();

    let stderr = stderr_of(&output);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let lines: Vec<&str> = stderr.lines().collect();
    let line = lines.first().copied().unwrap_or_default();
    let mut wrong = Vec::new();
    let mut check = |ok: bool, what: String| {
        if !ok {
            wrong.push(what);
        }
    };

    check(
        output.status.code() == Some(fault.exit),
        format!("exit {:?}, not {}", output.status.code(), fault.exit),
    );
    // `error: METHOD URL…`, or with what the command was doing first: `error: …: METHOD URL…`.
    check(
        line.strip_prefix("error: ").is_some_and(|message| {
            message.starts_with(&request) || message.contains(&format!(": {request}"))
        }),
        format!("the error does not name `{request}`"),
    );
    for phrase in fault.says {
        check(
            line.contains(phrase),
            format!("the error does not say {phrase:?}"),
        );
    }
    check(
        lines.len() == 1 || (lines.len() == 2 && lines[1].starts_with("hint: ")),
        "stderr is not one error line and at most one hint".to_string(),
    );
    check(
        stdout.is_empty(),
        format!("stdout is not empty: {stdout:?}"),
    );
    for secret in EVERY_SECRET {
        check(
            !stderr.contains(secret) && !stdout.contains(secret),
            format!("the output holds {secret}"),
        );
        let files = env.files_containing(secret);
        check(files.is_empty(), format!("{files:?} hold {secret}"));
    }
    check(
        snapshot(&env) == before,
        "the config or the token cache changed".to_string(),
    );
    check(
        env.cached_secret("profile/p/token") == cached_token,
        "the cached token changed".to_string(),
    );
    for entry in scenario.absent {
        check(
            env.secret_tool_lookup(entry).is_none(),
            format!("the keyring holds {entry}"),
        );
    }
    check(
        elapsed < Duration::from_secs(10),
        format!("took {elapsed:?}"),
    );

    let sent = server.count(scenario.method, &scenario.path);
    let expected = if endpoint_fails {
        0
    } else if fault.retried {
        2
    } else {
        1
    };
    check(
        sent == expected,
        format!(
            "{} {} was sent {sent} times, not {expected}: {:?}",
            scenario.method,
            scenario.path,
            server.summary()
        ),
    );
    if credentials == Credentials::CachedProfile && !scenario.issues_the_token() {
        check(
            server.count("POST", TOKENS) == 0,
            "a token was issued despite the cache".to_string(),
        );
    }
    check(
        elsewhere.requests().is_empty(),
        format!("a redirect was followed: {:?}", elsewhere.summary()),
    );
    if matches!(fault.place, Place::UntrustedTls) {
        check(
            untrusted.tls_hellos() >= 1,
            "the TLS server saw no handshake".to_string(),
        );
    }
    Outcome {
        code: output.status.code(),
        stderr,
        elapsed,
        wrong,
    }
}

/// Runs every fault of `scenario` with each of `credentials`; fails naming every case that
/// went wrong. Each outcome is printed as a table row (`--nocapture` shows them).
/// For commands that need a token first: from the environment, and from a profile's cache.
const AFTER_A_TOKEN: &[Credentials] = &[Credentials::Environment, Credentials::CachedProfile];

fn run_all(scenario: &Scenario, credentials: &[Credentials]) {
    let mut failures = Vec::new();
    for &credentials in credentials {
        for fault in faults(scenario) {
            if credentials == Credentials::CachedProfile
                && fault.exit == 3
                && !scenario.issues_the_token()
            {
                // A cached token that gets a 401 is replaced and the request tried again, by
                // design: the cache changes. The environment's credentials cover the 401.
                continue;
            }
            let outcome = run_case(scenario, &fault, credentials);
            println!(
                "| {} | {credentials:?} | {} | {} | {} | {:.1} s |",
                scenario.name,
                fault.name,
                outcome.code.unwrap_or(-1),
                outcome.stderr.trim_end().replace('\n', " <br> "),
                outcome.elapsed.as_secs_f64()
            );
            if !outcome.wrong.is_empty() {
                failures.push(format!(
                    "{} / {credentials:?} / {}:\n    {}\n    stderr: {:?}",
                    scenario.name,
                    fault.name,
                    outcome.wrong.join("\n    "),
                    outcome.stderr
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

fn iam_key(id: &str, name: &str) -> serde_json::Value {
    json!({ "id": id, "name": name, "project_id": "p1", "expires_at": null,
            "description": null, "unrestricted": true })
}

#[test]
fn faults_token() {
    let scenario = Scenario::new("kcred token", &["token"], "POST", TOKENS);
    run_all(&scenario, &[Credentials::Environment, Credentials::Profile]);
}

#[test]
fn faults_token_refresh_keeps_the_cached_token() {
    let scenario = Scenario::new(
        "kcred token --refresh",
        &["token", "--refresh"],
        "POST",
        TOKENS,
    );
    run_all(&scenario, &[Credentials::CachedProfile]);
}

#[test]
fn faults_profile_add() {
    let scenario = Scenario {
        stdin: Some(format!("{SECRET}\n")),
        endpoint_flag: true,
        absent: &["profile/p2/access-key-secret"],
        ..Scenario::new(
            "kcred profile add",
            &[
                "profile",
                "add",
                "p2",
                "--access-key-id",
                "k2",
                "--secret-stdin",
            ],
            "POST",
            TOKENS,
        )
    };
    run_all(&scenario, &[Credentials::Profile]);
}

#[test]
fn faults_iam_key_list() {
    let scenario = Scenario::new("kcred iam-key list", &["iam-key", "list"], "GET", IAM_KEYS)
        .after_token(vec![])
        .answered_by(Reply::json(
            200,
            json!({ "application_credentials": [iam_key("k1", "ci")] }),
        ));
    run_all(&scenario, AFTER_A_TOKEN);
}

#[test]
fn faults_iam_key_create() {
    let scenario = Scenario {
        absent: &["iam-key/k9/secret"],
        ..Scenario::new(
            "kcred iam-key create",
            &["iam-key", "create", "--name", "ci-new"],
            "POST",
            IAM_KEYS,
        )
        .after_token(vec![(
            "GET",
            IAM_KEYS,
            Reply::json(200, json!({ "application_credentials": [] })),
        )])
        .answered_by(Reply::json(
            201,
            json!({ "application_credential": {
                "id": "k9", "name": "ci-new", "project_id": "p1", "expires_at": null,
                "description": null, "unrestricted": true, "secret": NEW_IAM_SECRET } }),
        ))
    };
    run_all(&scenario, AFTER_A_TOKEN);
}

#[test]
fn faults_iam_key_delete() {
    let scenario = Scenario::new(
        "kcred iam-key delete",
        &["iam-key", "delete", "k7", "--yes"],
        "DELETE",
        "/users/u1/application_credentials/k7",
    )
    .after_token(vec![(
        "GET",
        IAM_KEYS,
        Reply::json(
            200,
            json!({ "application_credentials": [iam_key("k1", "ci"), iam_key("k7", "old")] }),
        ),
    )])
    .answered_by(Reply::json(200, json!({ "deleted": "k7" })));
    run_all(&scenario, AFTER_A_TOKEN);
}

#[test]
fn faults_s3_key_create() {
    let scenario = Scenario {
        absent: &["s3-key/AK9/secret"],
        ..Scenario::new(
            "kcred s3-key create",
            &["s3-key", "create"],
            "POST",
            S3_KEYS,
        )
        .after_token(vec![
            (
                "GET",
                PROJECTS,
                Reply::json(
                    200,
                    json!({ "projects": [{ "id": "p1", "name": "demo", "enabled": true }] }),
                ),
            ),
            (
                "GET",
                S3_KEYS,
                Reply::json(200, json!({ "credentials": [] })),
            ),
        ])
        .answered_by(Reply::json(
            201,
            json!({ "credential": { "access": "AK9", "secret": NEW_S3_SECRET,
                        "tenant_id": "p1", "user_id": "u1" } }),
        ))
    };
    run_all(&scenario, AFTER_A_TOKEN);
}

/// A test env whose credentials (environment variables) point at `server`.
fn env_on(server: &FakeServer) -> TestEnv {
    let mut env = TestEnv::new();
    env.set_key_in_environment("k1", SECRET, &server.endpoint());
    env
}

#[test]
fn faults_a_get_that_fails_once_is_tried_again() {
    let good = Reply::json(
        200,
        json!({ "application_credentials": [iam_key("k1", "ci")] }),
    );
    let first_answers = [
        (
            "HTTP 500",
            Reply::error(500, "Internal Server Error", "oops"),
        ),
        ("HTTP 503", Reply::text(503, "text/plain", "busy")),
        ("closed before an answer", Reply::Close { reset: false }),
        ("reset before an answer", Reply::Close { reset: true }),
        ("reset mid-body", Reply::cut(good.clone(), true)),
    ];
    for (name, first) in first_answers {
        let server = FakeServer::start();
        server
            .on("POST", TOKENS, Reply::token(TOKEN))
            .once("GET", IAM_KEYS, first)
            .on("GET", IAM_KEYS, good.clone());
        let env = env_on(&server);
        let started = Instant::now();
        let output = env
            .kcred()
            .args(["-v", "--output", "json", "iam-key", "list"])
            .output()
            .unwrap();
        let stderr = stderr_of(&output);
        assert!(output.status.success(), "{name}: {stderr}");
        let listed: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(listed[0]["id"], "k1", "{name}");
        assert_eq!(
            server.count("GET", IAM_KEYS),
            2,
            "{name}: {:?}",
            server.summary()
        );
        assert!(
            stderr.contains("kcred: trying GET once more"),
            "{name}: -v tells of the retry: {stderr}"
        );
        assert!(
            started.elapsed() >= Duration::from_millis(250),
            "{name}: the retry waits a moment"
        );
    }
}

#[test]
fn faults_a_get_is_tried_twice_at_most() {
    let server = FakeServer::start();
    server.on("POST", TOKENS, Reply::token(TOKEN)).on(
        "GET",
        IAM_KEYS,
        Reply::text(503, "text/plain", "busy"),
    );
    let env = env_on(&server);
    let stderr = fails_with(env.kcred().args(["iam-key", "list"]), 5);
    assert_eq!(server.count("GET", IAM_KEYS), 2, "{:?}", server.summary());
    assert!(
        stderr.contains("(tried 2 times): 503 Service Unavailable"),
        "{stderr}"
    );
}

/// A server that issues tokens and has one project, `p1`; its lists of IAM and S3 keys are
/// empty, as `answer_lists` (`FakeServer::on` or `FakeServer::once`) says.
fn server_with_no_keys(
    answer_lists: for<'a> fn(&'a FakeServer, &str, &str, Reply) -> &'a FakeServer,
) -> FakeServer {
    let server = FakeServer::start();
    server.on("POST", TOKENS, Reply::token(TOKEN)).on(
        "GET",
        PROJECTS,
        Reply::json(200, json!({ "projects": [{ "id": "p1", "name": "demo" }] })),
    );
    answer_lists(
        &server,
        "GET",
        S3_KEYS,
        Reply::json(200, json!({ "credentials": [] })),
    );
    answer_lists(
        &server,
        "GET",
        IAM_KEYS,
        Reply::json(200, json!({ "application_credentials": [] })),
    );
    server
}

#[test]
fn faults_a_post_is_never_tried_again() {
    // A token request.
    let server = FakeServer::start();
    server.on("POST", TOKENS, Reply::text(503, "text/plain", "busy"));
    let env = env_on(&server);
    env.kcred().arg("token").assert().code(5);
    assert_eq!(server.count("POST", TOKENS), 1, "{:?}", server.summary());

    // A request that creates a key: not sent again; kcred lists the keys to find out whether
    // it was created.
    for (args, path) in [
        (&["iam-key", "create", "--name", "ci-new"][..], IAM_KEYS),
        (&["s3-key", "create"][..], S3_KEYS),
    ] {
        let server = server_with_no_keys(FakeServer::on);
        server.on("POST", path, Reply::text(503, "text/plain", "busy"));
        let env = env_on(&server);
        let stderr = fails_with(env.kcred().args(args), 5);
        assert_eq!(
            server.count("POST", path),
            1,
            "{args:?}: {:?}",
            server.summary()
        );
        // kcred listed the keys to find out, and says what it found.
        assert!(
            stderr.contains("hint: KakaoCloud did not create the key (checked)"),
            "{args:?}: {stderr}"
        );
    }
}

/// The answer to a create is lost, but the key was made: kcred finds it by listing, deletes it
/// (nobody has its secret) and says so.
#[test]
fn faults_a_key_created_despite_a_lost_answer_is_deleted_again() {
    for (args, path, listed, delete) in [
        (
            &["iam-key", "create", "--name", "ci-new"][..],
            IAM_KEYS,
            json!({ "application_credentials": [
                { "id": "k-made", "name": "ci-new", "project_id": "p1" }
            ] }),
            format!("{IAM_KEYS}/k-made"),
        ),
        (
            &["s3-key", "create"][..],
            S3_KEYS,
            json!({ "credentials": [{ "access": "a-made", "tenant_id": "p1" }] }),
            format!("{S3_KEYS}/a-made"),
        ),
    ] {
        // Empty before the create, the new key after it.
        let server = server_with_no_keys(FakeServer::once);
        server
            .on("GET", path, Reply::json(200, listed))
            .on("POST", path, Reply::text(503, "text/plain", "busy"))
            .on("DELETE", &delete, Reply::text(204, "text/plain", ""));
        let env = env_on(&server);
        let stderr = fails_with(env.kcred().args(args), 5);
        assert!(
            stderr.contains("created the key") && stderr.contains("kcred deleted it again"),
            "{args:?}: {stderr}"
        );
        assert_eq!(server.count("DELETE", &delete), 1, "{:?}", server.summary());
    }
}

/// Keystone's 404 for a key it does not know is a rejected key (exit 3); a 404 for a path it
/// does not have (an endpoint without `/v3`, say) is not, and says nothing of the key.
#[test]
fn faults_a_404_is_a_rejected_key_only_when_keystone_does_not_know_the_key() {
    let server = FakeServer::start();
    let env = env_on(&server);
    server.once(
        "POST",
        TOKENS,
        Reply::error(
            404,
            "Not Found",
            "Could not find Application Credential: k1.",
        ),
    );
    env.kcred()
        .arg("token")
        .assert()
        .code(3)
        .stderr(predicates::str::contains("hint: check the access key"));
    server.once(
        "POST",
        TOKENS,
        Reply::error(404, "Not Found", "The resource could not be found."),
    );
    env.kcred().arg("token").assert().code(1).stderr(
        predicates::prelude::PredicateBooleanExt::not(predicates::str::contains(
            "check the access key",
        )),
    );
}

#[test]
fn faults_an_answer_larger_than_any_real_one_is_read_no_further() {
    use crate::support::fake_server::FLOOD_LIMIT;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    for declared in [false, true] {
        let server = FakeServer::start();
        let sent = Arc::new(AtomicUsize::new(0));
        let flood = Reply::Flood {
            declared,
            sent: sent.clone(),
        };
        server.on("POST", TOKENS, flood);
        let env = env_on(&server);
        let started = Instant::now();
        let stderr = fails_with(env.kcred().args(["--timeout", "20", "token"]), 5);
        assert!(
            stderr.contains("the answer is larger than 8 MiB"),
            "declared: {declared}: {stderr}"
        );
        assert!(started.elapsed() < Duration::from_secs(20), "{stderr}");
        // The bound, and what the sockets' buffers took before kcred hung up: not the flood.
        let taken = sent.load(Ordering::SeqCst);
        assert!(
            taken < FLOOD_LIMIT / 8,
            "declared: {declared}: kcred took {taken} bytes"
        );
    }
}

#[test]
fn faults_a_403_on_key_management_says_the_key_may_not_manage_keys() {
    let mut body = token_body();
    // A token that does not say whether its key is restricted: only the 403 tells.
    body["token"]["application_credential"]
        .as_object_mut()
        .unwrap()
        .remove("restricted");
    let forbidden = Reply::error(
        403,
        "Forbidden",
        "You are not authorized to perform the requested action.",
    );
    let deleted_key = format!("{IAM_KEYS}/k2");
    for (args, method, path) in [
        (
            vec!["iam-key", "create", "--name", "second"],
            "POST",
            IAM_KEYS,
        ),
        (
            vec!["iam-key", "delete", "k2", "--yes"],
            "DELETE",
            deleted_key.as_str(),
        ),
    ] {
        let server = FakeServer::start();
        let keys = if method == "POST" {
            json!([iam_key("k1", "ci")])
        } else {
            json!([iam_key("k1", "ci"), iam_key("k2", "old")])
        };
        server
            .on(
                "POST",
                TOKENS,
                Reply::json(201, body.clone()).with_header("X-Subject-Token", TOKEN),
            )
            .on(
                "GET",
                IAM_KEYS,
                Reply::json(200, json!({ "application_credentials": keys })),
            )
            .on(method, path, forbidden.clone());
        let env = env_on(&server);
        let mut cmd = env.kcred();
        cmd.args(&args);
        let stderr = fails_with(&mut cmd, 3);
        assert!(
            stderr.contains("403 Forbidden: You are not authorized")
                && stderr.contains(
                    "the key may be restricted: allowed to list access keys, not to create or delete them"
                )
                && stderr.contains("hint: use a profile whose IAM access key is unrestricted"),
            "{method}: {stderr}"
        );
        assert_eq!(server.count(method, path), 1, "{:?}", server.summary());
    }
}

/// Keystone's answer to a client that calls too fast, with `Retry-After` when given.
fn too_many_requests(retry_after: Option<&str>) -> Reply {
    let reply = Reply::error(429, "Too Many Requests", "Rate limit exceeded");
    match retry_after {
        Some(value) => reply.with_header("Retry-After", value),
        None => reply,
    }
}

#[test]
fn faults_a_rate_limited_request_is_waited_out_and_sent_again_even_a_post() {
    let server = FakeServer::start();
    server
        .once("POST", TOKENS, too_many_requests(Some("1")))
        .once("POST", TOKENS, too_many_requests(None))
        .once(
            "POST",
            TOKENS,
            Reply::error(503, "Service Unavailable", "busy").with_header("Retry-After", "0"),
        )
        .on("POST", TOKENS, Reply::token(TOKEN));
    let env = env_on(&server);
    let started = Instant::now();
    let output = env.kcred().args(["-v", "token"]).output().unwrap();
    let stderr = stderr_of(&output);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), TOKEN);
    assert_eq!(server.count("POST", TOKENS), 4, "{:?}", server.summary());
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After: 1 was waited out"
    );
    for (status, next) in [
        ("429 Too Many Requests", 2),
        ("429 Too Many Requests", 3),
        ("503 Service Unavailable", 4),
    ] {
        let said = format!(
            "127.0.0.1:{} rate-limited kcred ({status}): waiting ",
            server.port
        );
        assert!(
            stderr.contains(&said) && stderr.contains(&format!("before try {next}")),
            "-v tells of each wait: {stderr}"
        );
    }
}

#[test]
fn faults_a_service_that_keeps_rate_limiting_is_given_up_on_within_the_timeout() {
    let server = FakeServer::start();
    server.on("GET", IAM_KEYS, too_many_requests(None));
    server.on("POST", TOKENS, Reply::token(TOKEN));
    let env = env_on(&server);
    let stderr = fails_with(env.kcred().args(["--timeout", "3", "iam-key", "list"]), 5);
    let tries = server.count("GET", IAM_KEYS);
    assert!((2..=30).contains(&tries), "{tries}: {stderr}");
    assert!(
        stderr.contains(&format!(
            "the service rate-limited kcred (429 Too Many Requests): {tries} tries over "
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("hint: the service is limiting how fast it is called"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
}

#[test]
fn faults_a_wait_asked_for_past_the_timeout_is_not_started() {
    let server = FakeServer::start();
    server.on("POST", TOKENS, too_many_requests(Some("120")));
    let env = env_on(&server);
    let stderr = fails_with(env.kcred().args(["--timeout", "20", "token"]), 5);
    assert_eq!(
        server.count("POST", TOKENS),
        1,
        "no wait begun that cannot end in time"
    );
    assert!(
        stderr.contains("the service rate-limited kcred (429 Too Many Requests): 1 try over ")
            && stderr.contains("; it asks for a wait of 120 s, past the 20 s timeout"),
        "{stderr}"
    );
}
