//! The OpenBao harness itself: real servers start, kcred's policies (docs/vault/*.hcl) allow
//! and deny what they say, every login method the shared store supports gives a token with
//! the right policy, and a Raft cluster survives losing its leader. Also pins the server's
//! answers that support/openbao.rs documents for client authors.

use crate::support::openbao::{OpenBao, RaftCluster, policy_text};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

const DENIED: &str = "1 error occurred:\n\t* permission denied\n\n";

fn errors(body: &Value) -> Vec<&str> {
    body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors in {body}"))
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect()
}

fn policies_of(bao: &OpenBao, token: &str) -> Vec<String> {
    let (status, body) = bao.request("GET", "/v1/auth/token/lookup-self", token, None);
    assert_eq!(status, 200, "{body}");
    serde_json::from_value(body["data"]["policies"].clone()).unwrap()
}

#[test]
fn dev_server_starts_with_kcreds_policies() {
    let started = Instant::now();
    let bao = OpenBao::dev();
    eprintln!("dev server ready in {:?}", started.elapsed());
    for name in ["kcred-runner", "kcred-operator"] {
        let (status, body) = bao.request(
            "GET",
            &format!("/v1/sys/policies/acl/{name}"),
            &bao.root_token,
            None,
        );
        assert_eq!(status, 200, "{body}\n{}", bao.log());
        assert_eq!(body["data"]["policy"], policy_text(name).as_str());
    }
    let (status, mounts) = bao.request("GET", "/v1/sys/mounts", &bao.root_token, None);
    assert_eq!(status, 200);
    assert_eq!(mounts["data"]["secret/"]["options"]["version"], "2");
    assert_eq!(bao.kv_get("kcred/profiles/none"), None);
    bao.kv_put("kcred/profiles/ci", json!({"region": "kr-central-2"}));
    assert_eq!(
        bao.kv_get("kcred/profiles/ci"),
        Some(json!({"region": "kr-central-2"}))
    );
}

#[test]
fn runner_policy_reads_profiles_and_shares_the_cache() {
    let bao = OpenBao::dev();
    bao.kv_put("kcred/profiles/x", json!({"endpoint": "https://iam"}));
    bao.kv_put(
        "kcred/secrets/profile/x/access-key-secret",
        json!({"v": "s"}),
    );
    bao.kv_put("kcred/secrets/profile/x/other", json!({"v": "s"}));
    let runner = bao.token("kcred-runner");
    assert!(policies_of(&bao, &runner).contains(&"kcred-runner".to_string()));

    let write = |path: &str| {
        bao.request(
            "POST",
            &format!("/v1/secret/data/{path}"),
            &runner,
            Some(json!({"data": {"token": "t"}})),
        )
    };
    let read = |path: &str| bao.request("GET", &format!("/v1/secret/data/{path}"), &runner, None);

    let (status, body) = write("kcred/cache/tokens/x");
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        bao.kv_get("kcred/cache/tokens/x"),
        Some(json!({"token": "t"}))
    );
    let (status, body) = read("kcred/profiles/x");
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["data"]["endpoint"], "https://iam");
    assert_eq!(read("kcred/secrets/profile/x/access-key-secret").0, 200);
    let (status, body) = bao.request("LIST", "/v1/secret/metadata/kcred/profiles", &runner, None);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["keys"], json!(["x"]));

    // Denials: 403 with Vault's multi-error text.
    for (status, body) in [
        write("kcred/profiles/x"),
        read("kcred/secrets/profile/x/other"),
        write("kcred/secrets/profile/x/access-key-secret"),
        read("other/x"),
    ] {
        assert_eq!(status, 403, "{body}");
        assert_eq!(errors(&body), [DENIED]);
    }
    assert_eq!(
        bao.kv_get("kcred/profiles/x"),
        Some(json!({"endpoint": "https://iam"}))
    );
    // An absent key the policy allows: 404 with no error text.
    let (status, body) = read("kcred/profiles/absent");
    assert_eq!((status, body), (404, json!({"errors": []})));
}

#[test]
fn operator_policy_adds_rotates_and_removes_profiles() {
    let bao = OpenBao::dev();
    let operator = bao.token("kcred-operator");
    for version in 1..=2 {
        let (status, body) = bao.request(
            "POST",
            "/v1/secret/data/kcred/profiles/ci",
            &operator,
            Some(json!({"data": {"v": version}})),
        );
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["data"]["version"], version);
    }
    assert_eq!(bao.kv_get("kcred/profiles/ci"), Some(json!({"v": 2})));
    let (status, body) = bao.request("LIST", "/v1/secret/metadata/kcred", &operator, None);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["data"]["keys"], json!(["profiles/"]));
    let (status, _) = bao.request(
        "DELETE",
        "/v1/secret/metadata/kcred/profiles/ci",
        &operator,
        None,
    );
    assert_eq!(status, 204);
    assert_eq!(bao.kv_get("kcred/profiles/ci"), None);
    // Outside kcred's prefix the operator is a stranger.
    let (status, body) = bao.request(
        "POST",
        "/v1/secret/data/other",
        &operator,
        Some(json!({"data": {}})),
    );
    assert_eq!(status, 403, "{body}");
}

#[test]
fn approle_and_jwt_logins_give_tokens_with_the_policy() {
    let bao = OpenBao::dev();
    let (role_id, secret_id) = bao.approle("kcred-runner");
    let output = bao.bao(&[
        "write",
        "-format=json",
        "auth/approle/login",
        &format!("role_id={role_id}"),
        &format!("secret_id={secret_id}"),
    ]);
    assert!(output.status.success(), "{output:?}");
    let login: Value = serde_json::from_slice(&output.stdout).unwrap();
    let approle_token = login["auth"]["client_token"].as_str().unwrap();
    assert!(policies_of(&bao, approle_token).contains(&"kcred-runner".to_string()));

    for mount in ["jwt", "ci-jwt"] {
        let (role, jwt) = if mount == "jwt" {
            bao.jwt("kcred-operator")
        } else {
            bao.jwt_at(mount, "kcred-operator")
        };
        let (status, login) = bao.request(
            "POST",
            &format!("/v1/auth/{mount}/login"),
            "",
            Some(json!({"role": role, "jwt": jwt})),
        );
        assert_eq!(status, 200, "{mount}: {login}");
        assert_eq!(login["auth"]["metadata"]["role"], role.as_str());
        let token = login["auth"]["client_token"].as_str().unwrap();
        assert!(policies_of(&bao, token).contains(&"kcred-operator".to_string()));
        let (status, body) = bao.request(
            "POST",
            "/v1/secret/data/kcred/profiles/from-jwt",
            token,
            Some(json!({"data": {"mount": mount}})),
        );
        assert_eq!(status, 200, "{body}");
    }
    // A second role on the same mount: the mount is configured once, both log in.
    let (role, jwt) = bao.jwt("kcred-runner");
    let (status, login) = bao.request(
        "POST",
        "/v1/auth/jwt/login",
        "",
        Some(json!({"role": role, "jwt": jwt})),
    );
    assert_eq!(status, 200, "{login}");
    // A token tampered with: refused.
    let (role, jwt) = bao.jwt("kcred-runner");
    // One character in the middle of the signature changed (the last one may carry only
    // padding bits, which decode the same).
    let at = jwt.rfind('.').unwrap() + 10;
    let other = if &jwt[at..=at] == "A" { "B" } else { "A" };
    let forged = format!("{}{other}{}", &jwt[..at], &jwt[at + 1..]);
    let (status, _) = bao.request(
        "POST",
        "/v1/auth/jwt/login",
        "",
        Some(json!({"role": role, "jwt": forged})),
    );
    assert_eq!(status, 400);
}

#[test]
fn expired_token_cas_conflict_and_sealed_server_answers() {
    let bao = OpenBao::dev();
    bao.kv_put("kcred/profiles/x", json!({"v": 1}));
    let short = bao.short_token("kcred-runner", "2s");
    let read = |token: &str| bao.request("GET", "/v1/secret/data/kcred/profiles/x", token, None);
    assert_eq!(read(&short).0, 200);
    std::thread::sleep(Duration::from_secs(3));
    let (status, body) = read(&short);
    assert_eq!((status, errors(&body)), (403, vec!["permission denied"]));
    let (status, body) = read("no-such-token");
    assert_eq!((status, errors(&body)), (403, vec!["permission denied"]));

    let cas = |cas: u64| {
        bao.request(
            "POST",
            "/v1/secret/data/kcred/locks/l",
            &bao.root_token,
            Some(json!({"options": {"cas": cas}, "data": {"owner": cas}})),
        )
    };
    assert_eq!(cas(0).0, 200);
    for stale in [0, 5] {
        let (status, body) = cas(stale);
        assert_eq!(status, 400, "{body}");
        assert_eq!(
            errors(&body),
            ["check-and-set parameter did not match the current version"]
        );
    }
    assert_eq!(cas(1).0, 200);

    bao.seal();
    let (status, body) = read(&bao.root_token);
    assert_eq!((status, errors(&body)), (503, vec!["Vault is sealed"]));
    let (status, body) = bao.request("GET", "/v1/sys/health", "", None);
    assert_eq!((status, &body["sealed"]), (503, &json!(true)));
}

/// Reads `path` on `node` until it is there: standbys serve reads from their own copy,
/// which trails the active node by up to ~100 ms.
fn read_eventually(cluster: &RaftCluster, node: usize, path: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if let Some(data) = cluster.kv_get(node, path) {
            return data;
        }
        assert!(
            Instant::now() < deadline,
            "{path} never reached node {node}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn raft_cluster_keeps_the_data_when_the_leader_dies() {
    let started = Instant::now();
    let mut cluster = RaftCluster::start(3);
    eprintln!("raft cluster of 3 ready in {:?}", started.elapsed());
    let leader = cluster.active();
    let standbys: Vec<usize> = (0..3).filter(|&i| i != leader).collect();
    for &standby in &standbys {
        let (status, body) = cluster.request(standby, "GET", "/v1/sys/health", "", None);
        assert_eq!((status, &body["standby"]), (429, &json!(true)));
    }

    let runner = cluster.token("kcred-runner");
    let (status, body) = cluster.request(
        standbys[0],
        "POST",
        "/v1/secret/data/kcred/cache/tokens/x",
        &runner,
        Some(json!({"data": {"token": "forwarded"}})),
    );
    assert_eq!(status, 200, "a write on a standby is forwarded: {body}");
    cluster.kv_put(leader, "kcred/profiles/ci", json!({"v": 1}));
    for &standby in &standbys {
        assert_eq!(
            read_eventually(&cluster, standby, "kcred/profiles/ci"),
            json!({"v": 1})
        );
        assert_eq!(
            read_eventually(&cluster, standby, "kcred/cache/tokens/x"),
            json!({"token": "forwarded"})
        );
    }

    cluster.stop(leader);
    let killed = Instant::now();
    let new_leader = cluster.wait_for_new_leader(Duration::from_secs(30));
    eprintln!("new leader after {:?}", killed.elapsed());
    assert_ne!(new_leader, leader);
    assert!(standbys.contains(&new_leader));
    for &node in &standbys {
        assert_eq!(
            cluster.kv_get(node, "kcred/profiles/ci"),
            Some(json!({"v": 1}))
        );
    }
    // The runner's token outlives the leader that made it.
    let (status, body) = cluster.request(
        new_leader,
        "POST",
        "/v1/secret/data/kcred/cache/tokens/x",
        &runner,
        Some(json!({"data": {"token": "after"}})),
    );
    assert_eq!(status, 200, "{body}");
    let other = standbys.iter().copied().find(|&n| n != new_leader).unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while cluster.kv_get(other, "kcred/cache/tokens/x") != Some(json!({"token": "after"})) {
        assert!(
            Instant::now() < deadline,
            "the write never reached node {other}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_config_files_audit_device_logs_each_request_and_the_api_may_not_add_one() {
    let bao = OpenBao::dev();
    let before = bao.audited(None);
    for _ in 0..3 {
        assert_eq!(bao.kv_get("kcred/profiles/none"), None);
    }
    assert_eq!(bao.audited(None) - before, 3, "one audit entry per request");
    let (role_id, secret_id) = bao.approle("kcred-runner");
    let logins = bao.audited(Some("auth/approle/login"));
    let (status, body) = bao.request(
        "POST",
        "/v1/auth/approle/login",
        "",
        Some(json!({"role_id": role_id, "secret_id": secret_id})),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(bao.audited(Some("auth/approle/login")), logins + 1);
    assert_eq!(body["auth"]["renewable"], true);
    assert_eq!(body["auth"]["lease_duration"], 3600);
    // The runner's login may renew and revoke itself (the default policy).
    let token = body["auth"]["client_token"].as_str().unwrap();
    let (status, renewed) =
        bao.request("POST", "/v1/auth/token/renew-self", token, Some(json!({})));
    assert_eq!(status, 200, "{renewed}");
    assert_eq!(renewed["auth"]["client_token"], token);
    let (status, _) = bao.request("POST", "/v1/auth/token/revoke-self", token, Some(json!({})));
    assert_eq!(status, 204);
    // OpenBao 2 refuses audit devices through the API: the config file is the way.
    let (status, body) = bao.request(
        "PUT",
        "/v1/sys/audit/api-file",
        &bao.root_token,
        Some(json!({"type": "file", "options": {"file_path": "/dev/null"}})),
    );
    assert_eq!(status, 400, "{body}");
}
