//! A server that echoes each request back in its error: no client of kcred's repeats a secret
//! it sent — a header (a token, a signature, Basic credentials as base64) or a secret in the
//! body (raw, or as the JSON of the body shows it) — on stderr, with or without `-v`.

use crate::support::TestEnv;
use crate::support::echo_server::{EchoServer, Request, Response};
use crate::support::fake_server::token_body;
use base64::Engine;
use serde_json::json;

/// The secrets the scenarios send; the quote and the backslash make their JSON form differ.
const IAM_SECRET: &str = "echo-iam-\"secret\\-4b1f";
const VAULT_TOKEN: &str = "echo-vault-\"token\\-9e3a";
const SECRET_ID: &str = "echo-approle-\"secret-id\\-51c2";
const JWT: &str = "eyJhbGciOi.echo-\"jwt\\.c0ffee";
const NCP_SECRET: &str = "echo-ncp-secret-2d7e";
const GLESYS_KEY: &str = "echo-glesys-api-key-8a0b";
const TOKEN: &str = "gAAAAAecho-token-1f2e3d";

/// Header values that are secrets whatever their value.
const SECRET_HEADERS: [&str; 5] = [
    "x-auth-token",
    "x-subject-token",
    "x-vault-token",
    "authorization",
    "x-ncp-apigw-signature-v2",
];

/// Every form of `secret` that must not be seen: raw and JSON-escaped.
fn forms(secret: &str) -> Vec<String> {
    let quoted = serde_json::to_string(secret).unwrap();
    vec![secret.to_string(), quoted[1..quoted.len() - 1].to_string()]
}

/// The secrets `requests` carried in their headers, as sent and (Basic) as base64 and
/// decoded.
fn header_secrets(requests: &[Request]) -> Vec<String> {
    let mut found = Vec::new();
    for request in requests {
        for (name, value) in &request.headers {
            if !SECRET_HEADERS.contains(&name.as_str()) {
                continue;
            }
            found.push(value.clone());
            if let Some(basic) = value.strip_prefix("Basic ") {
                found.push(basic.to_string());
                let decoded = base64::engine::general_purpose::STANDARD
                    .decode(basic)
                    .unwrap();
                let decoded = String::from_utf8(decoded).unwrap();
                found.push(decoded.split_once(':').unwrap().1.to_string());
                found.push(decoded);
            }
        }
    }
    found
}

/// Runs `args` in `env`, with and without `-v`: it fails, the echo reached the message (it
/// says `[redacted]`), the server got `sent` (in a header or the body), and nothing on stderr
/// or stdout is any form of `sent` or of a secret header the server saw.
fn assert_echo_redacted(
    env: &TestEnv,
    server: &EchoServer,
    args: &[&str],
    stdin: &str,
    sent: &[&str],
) {
    for verbose in [false, true] {
        server.clear();
        let mut cmd = env.kcred();
        if verbose {
            cmd.arg("-v");
        }
        let output = cmd.args(args).write_stdin(stdin).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let code = output.status.code();
        assert!(
            code.is_some_and(|code| code != 0 && code != 101),
            "{args:?}: exit {code:?}: {stderr}"
        );
        let requests = server.requests();
        let received: String = requests
            .iter()
            .map(|r| format!("{:?} {}", r.headers, String::from_utf8_lossy(&r.body)))
            .collect();
        let mut secrets = header_secrets(&requests);
        for secret in sent {
            assert!(
                received.contains(secret) || received.contains(&forms(secret)[1]),
                "{args:?}: the server never got {secret:?}"
            );
            secrets.extend(forms(secret));
        }
        for secret in &secrets {
            assert!(
                !stderr.contains(secret.as_str()) && !stdout.contains(secret.as_str()),
                "{args:?} (-v: {verbose}) repeats {secret:?}: {stderr}"
            );
        }
        assert!(
            stderr.contains("[redacted]"),
            "{args:?}: the echo is not in the error: {stderr}"
        );
    }
}

/// An echo server that is a good identity API for token issuance (a token for user `u1`), and
/// answers Vault the way `vault` says; everything else is echoed.
fn echo_issuing_tokens(vault: fn(&Request) -> Option<Response>) -> EchoServer {
    EchoServer::answering(move |request| {
        if request.method == "POST" && request.path == "/v3/auth/tokens" {
            let mut answer = Response::json(201, &token_body());
            answer
                .headers
                .push(("X-Subject-Token".into(), TOKEN.into()));
            return Some(answer);
        }
        if request.path.starts_with("/v1/") {
            return vault(request);
        }
        None
    })
}

fn no_vault(_: &Request) -> Option<Response> {
    None
}

/// An environment with an access key in the environment, whose identity endpoint is `server`.
fn key_in_environment(server: &EchoServer) -> TestEnv {
    let mut env = TestEnv::new();
    env.set_key_in_environment("echo-key-id", IAM_SECRET, &format!("{}/v3", server.url()));
    env
}

#[test]
fn identity_kms_and_object_storage_errors_do_not_repeat_what_was_sent() {
    // The access key secret, in the body of the token request.
    let server = EchoServer::start();
    let env = key_in_environment(&server);
    assert_echo_redacted(&env, &server, &["token"], "", &[IAM_SECRET]);

    // The token, in headers (identity, KMS) and in the body (the S3 exchange).
    let server = echo_issuing_tokens(no_vault);
    let mut env = key_in_environment(&server);
    env.set_env("KAKAOCLOUD_KMS_ENDPOINT", &server.url());
    env.set_env("KAKAOCLOUD_S3_ENDPOINT", &server.url());
    assert_echo_redacted(&env, &server, &["iam-key", "list"], "", &[TOKEN]);
    assert_echo_redacted(&env, &server, &["kms-key", "list"], "", &[TOKEN]);
    assert_echo_redacted(&env, &server, &["s3-temp"], "", &[TOKEN]);
}

#[test]
fn naver_cloud_and_glesys_errors_do_not_repeat_what_was_sent() {
    let server = EchoServer::start();
    let env = TestEnv::new();
    let url = server.url();
    let add = |provider: &'static str, id_flag: &'static str, id: &'static str| {
        let args = [
            "profile",
            "add",
            "echo",
            "--provider",
            provider,
            id_flag,
            id,
        ];
        let mut args: Vec<String> = args.iter().map(ToString::to_string).collect();
        args.extend([
            "--endpoint".to_string(),
            url.clone(),
            "--secret-stdin".to_string(),
        ]);
        args
    };
    let ncp = add("ncp", "--access-key", "ncp_iam_ECHO0001");
    let ncp: Vec<&str> = ncp.iter().map(String::as_str).collect();
    // The secret only signs; the signature is the header's, and a secret too.
    assert_echo_redacted(&env, &server, &ncp, NCP_SECRET, &[]);
    let glesys = add("glesys", "--project", "CL99999");
    let glesys: Vec<&str> = glesys.iter().map(String::as_str).collect();
    assert_echo_redacted(&env, &server, &glesys, GLESYS_KEY, &[]);
}

/// A machine using the Vault at `server` as its store, with `login` its way in.
fn vault_machine(server: &EchoServer, login: &[(&str, &str)]) -> TestEnv {
    let mut env = TestEnv::new();
    env.set_env("KCRED_STORE", "vault");
    env.set_env("VAULT_ADDR", &server.url());
    for (name, value) in login {
        env.set_env(name, value);
    }
    env
}

#[test]
fn vault_errors_do_not_repeat_the_token_the_login_or_a_secret_written() {
    let server = EchoServer::start();
    let token = vault_machine(&server, &[("VAULT_TOKEN", VAULT_TOKEN)]);
    assert_echo_redacted(
        &token,
        &server,
        &["--profile", "ci", "token"],
        "",
        &[VAULT_TOKEN],
    );
    let approle = [
        ("KCRED_VAULT_ROLE_ID", "echo-role"),
        ("KCRED_VAULT_SECRET_ID", SECRET_ID),
    ];
    let approle = vault_machine(&server, &approle);
    assert_echo_redacted(
        &approle,
        &server,
        &["--profile", "ci", "token"],
        "",
        &[SECRET_ID],
    );
    let jwt = vault_machine(
        &server,
        &[
            ("KCRED_VAULT_JWT_ROLE", "echo-role"),
            ("KCRED_VAULT_JWT", JWT),
        ],
    );
    assert_echo_redacted(&jwt, &server, &["--profile", "ci", "token"], "", &[JWT]);

    // `profile add` reads (nothing there), checks the key, then writes its secret: echoed.
    let server = echo_issuing_tokens(|request| match request.method.as_str() {
        "GET" | "LIST" => Some(Response::json(404, &json!({ "errors": [] }))),
        "POST" if request.path.contains("/secrets/") => None,
        _ => Some(Response::json(200, &json!({ "data": { "version": 1 } }))),
    });
    let env = vault_machine(&server, &[("VAULT_TOKEN", VAULT_TOKEN)]);
    let endpoint = format!("{}/v3", server.url());
    let add = [
        "profile",
        "add",
        "ci",
        "--endpoint",
        &endpoint,
        "--access-key-id",
        "echo-key-id",
        "--secret-stdin",
    ];
    assert_echo_redacted(&env, &server, &add, IAM_SECRET, &[VAULT_TOKEN, IAM_SECRET]);
}
