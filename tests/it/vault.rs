//! Shared profiles on a real OpenBao: an operator adds a profile with a Vault token of the
//! operator policy; "machines" (separate HOMEs, no config, no keyring entry) use it with a token
//! of the runner policy, an AppRole or a JWT login. Both policies are the guide's
//! (`docs/vault/`). Keystone is the real one, behind the operator's counting proxy, whose
//! endpoint the shared profile names: every machine's issuance passes it and is counted.

use crate::support::fake_server::{FakeServer, Reply};
use crate::support::openbao::{OpenBao, RaftCluster};
use crate::support::{Account, TestEnv, free_port, json_of, keystone, stderr_of, tokens_of};
use std::process::Output;
use std::time::{Duration, Instant};

const RUNNER: &str = "kcred-runner";
const OPERATOR: &str = "kcred-operator";

/// A team's setup: an OpenBao, an account, and an operator's machine that added the shared
/// profile `ci` for the account's key.
struct Team {
    bao: OpenBao,
    account: Account,
    operator: TestEnv,
}

impl Team {
    fn new() -> Team {
        let bao = OpenBao::dev();
        let account = keystone().new_account();
        let operator = machine_at(&bao.addr, &bao.token(OPERATOR));
        operator
            .profile_add_command("ci", &account)
            .assert()
            .success();
        Team {
            bao,
            account,
            operator,
        }
    }

    /// A CI runner: nothing but `VAULT_ADDR`, a runner token and `KCRED_STORE=vault`.
    fn runner(&self) -> TestEnv {
        machine_at(&self.bao.addr, &self.bao.token(RUNNER))
    }

    /// How many tokens Keystone issued, by every machine, since the operator's proxy was
    /// last cleared.
    fn issuances(&self) -> usize {
        self.operator.proxy.token_issuances()
    }
}

/// A machine of its own (HOME, XDG dirs, keyring service) that uses the shared profiles of the
/// Vault at `addr` with `token`.
fn machine_at(addr: &str, token: &str) -> TestEnv {
    let mut env = TestEnv::new();
    env.set_env("VAULT_ADDR", addr);
    env.set_env("VAULT_TOKEN", token);
    env.set_env("KCRED_STORE", "vault");
    env
}

/// A machine with the Vault address and store set, and no way to log in yet.
fn machine_without_login(bao: &OpenBao) -> TestEnv {
    let mut env = TestEnv::new();
    env.set_env("VAULT_ADDR", &bao.addr);
    env.set_env("KCRED_STORE", "vault");
    env
}

fn ci_token(env: &TestEnv) -> String {
    env.token(&["--profile", "ci"])
}

/// `kcred --profile ci token forget` on `machine`: the fleet's cached token is gone.
fn empty_the_shared_cache(machine: &TestEnv) {
    machine
        .kcred()
        .args(["--profile", "ci", "token", "forget"])
        .assert()
        .success();
}

/// Every machine runs `kcred --profile ci token` `each` times, all side by side: the tokens
/// they printed, once each has succeeded.
fn ci_tokens_at_once(machines: &[TestEnv], each: usize) -> Vec<String> {
    tokens_of(
        machines
            .iter()
            .flat_map(|machine| (0..each).map(move |_| machine.spawn_token(&["--profile", "ci"])))
            .collect(),
    )
}

/// The failure every unusable store gives: exit 4, one `error:` line naming VAULT_ADDR's value
/// and the path, at most a hint, nothing on stdout — and quickly.
fn assert_store_failure(output: &Output, took: Duration, addr: &str, path: &str) {
    let stderr = stderr_of(output);
    assert_eq!(output.status.code(), Some(4), "{stderr}");
    assert!(output.stdout.is_empty());
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        lines.len() <= 2 && lines[0].starts_with("error: ") && lines[0].contains(addr),
        "{stderr}"
    );
    assert!(
        lines[0].contains("VAULT_ADDR") && lines[0].contains(path),
        "{stderr}"
    );
    assert!(
        lines.get(1).is_none_or(|l| l.starts_with("hint: ")),
        "{stderr}"
    );
    assert!(took < Duration::from_secs(15), "took {took:?}");
}

fn timed(env: &TestEnv, args: &[&str]) -> (Output, Duration) {
    let started = Instant::now();
    let output = env.kcred().args(args).output().unwrap();
    (output, started.elapsed())
}

#[test]
fn a_machine_with_only_a_vault_login_gets_a_token_from_the_shared_profile() {
    let team = Team::new();
    let stored = team
        .bao
        .kv_get("kcred/profiles/ci")
        .expect("the profile is in Vault");
    assert_eq!(
        stored["profile"]["access_key_id"],
        team.account.key.id.as_str()
    );
    assert_eq!(
        team.bao
            .kv_get("kcred/secrets/profile/ci/access-key-secret")
            .expect("the secret is in Vault")["value"],
        team.account.key.secret.as_str()
    );
    assert!(
        !team.operator.config_file().exists(),
        "a shared profile is not written to the operator's config.toml"
    );
    team.operator.proxy.clear();

    let runner = team.runner();
    let token = ci_token(&runner);
    assert!(keystone().token_is_valid(&token));
    assert_eq!(ci_token(&team.runner()), token, "one token for the fleet");
    assert_eq!(
        team.issuances(),
        0,
        "the token `profile add` issued is the fleet's"
    );
    assert!(!runner.config_file().exists());

    let listed = runner
        .kcred()
        .args(["profile", "list", "--output", "json"])
        .output()
        .unwrap();
    let listed = json_of(&listed);
    assert_eq!(listed[0]["name"], "ci");
    assert_eq!(listed[0]["store"], "vault");
    assert_eq!(listed[0]["token_cached"], true);
}

#[test]
fn sixteen_processes_on_four_machines_with_an_empty_cache_cost_one_issuance() {
    let team = Team::new();
    empty_the_shared_cache(&team.operator);
    assert!(team.bao.kv_get("kcred/cache/tokens/ci").is_none());
    team.operator.proxy.clear();

    let machines: Vec<TestEnv> = (0..4).map(|_| team.runner()).collect();
    let tokens = ci_tokens_at_once(&machines, 4);
    assert_eq!(team.issuances(), 1, "KakaoCloud sees one issuance");
    assert!(tokens.iter().all(|token| *token == tokens[0]));
    assert!(keystone().token_is_valid(&tokens[0]));
}

#[test]
fn thirty_two_processes_on_eight_machines_cost_one_issuance_and_vault_reads_bounded_by_machines() {
    let team = Team::new();
    empty_the_shared_cache(&team.operator);
    team.operator.proxy.clear();
    let machines: Vec<TestEnv> = (0..8).map(|_| team.runner()).collect();
    let from = team.bao.audited(None);

    let tokens = ci_tokens_at_once(&machines, 4);
    assert_eq!(tokens.len(), 32, "none failed");
    assert_eq!(team.issuances(), 1, "KakaoCloud sees one issuance");
    assert!(tokens.iter().all(|token| *token == tokens[0]), "one token");
    let round = assert_a_cold_round_is_bounded(&team.bao.audited_entries()[from..], 32, 8);
    assert_eq!(
        round.requests,
        32 + round.secrets + round.polls + round.lock_writes + 1
    );
}

#[test]
fn a_rotation_on_one_machine_switches_the_others_with_no_change_on_them() {
    let team = Team::new();
    let runner = team.runner();
    let old_token = ci_token(&runner);

    team.operator
        .kcred()
        .args(["--profile", "ci", "iam-key", "rotate", "--yes"])
        .assert()
        .success();
    let ids = keystone().access_key_ids(&team.account);
    assert_eq!(ids.len(), 1);
    assert_ne!(ids[0], team.account.key.id, "the old key is deleted");
    team.operator.proxy.clear();

    let new_token = ci_token(&runner);
    assert_ne!(new_token, old_token);
    assert!(keystone().token_is_valid(&new_token));
    assert!(
        !keystone().token_is_valid(&old_token),
        "Keystone revoked the old key's tokens"
    );
    assert_eq!(ci_token(&team.runner()), new_token);
    assert_eq!(
        team.issuances(),
        0,
        "the token rotate cached is the fleet's"
    );
    let profile = team.bao.kv_get("kcred/profiles/ci").unwrap();
    assert_eq!(profile["profile"]["access_key_id"], ids[0].as_str());
}

#[test]
fn new_keys_of_a_shared_profile_keep_their_secrets_in_vault() {
    let team = Team::new();
    let created = team
        .operator
        .kcred()
        .args(["--profile", "ci", "--output", "json", "iam-key", "create"])
        .args(["--save-as", "ci-2"])
        .output()
        .unwrap();
    assert!(created.status.success(), "{}", stderr_of(&created));
    let created = json_of(&created);
    let id = created["id"].as_str().unwrap();
    assert!(
        team.bao
            .kv_get(&format!("kcred/secrets/iam-key/{id}/secret"))
            .is_some()
    );
    assert!(
        team.bao
            .kv_get("kcred/secrets/profile/ci-2/access-key-secret")
            .is_some()
    );
    let token = team.runner().token(&["--profile", "ci-2"]);
    assert!(keystone().token_is_valid(&token));

    let s3 = team
        .operator
        .kcred()
        .args(["--profile", "ci", "--output", "json", "s3-key", "create"])
        .output()
        .unwrap();
    assert!(s3.status.success(), "{}", stderr_of(&s3));
    let access = json_of(&s3)["access_key"].as_str().unwrap().to_string();
    assert!(
        team.bao
            .kv_get(&format!("kcred/secrets/s3-key/{access}/secret"))
            .is_some()
    );
}

#[test]
fn a_key_whose_secret_vault_refuses_is_deleted_again() {
    let team = Team::new();
    // A runner may not write secrets: its create must not leave a key behind.
    let runner = team.runner();
    let output = runner
        .kcred()
        .args(["--profile", "ci", "iam-key", "create", "--save-as", "ci-2"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(4), "{}", stderr_of(&output));
    assert!(output.stdout.is_empty(), "nothing printed");
    assert_eq!(
        keystone().access_key_ids(&team.account),
        vec![team.account.key.id.clone()],
        "the new key was deleted again"
    );
    assert!(team.bao.kv_get("kcred/profiles/ci-2").is_none());
}

#[test]
fn approle_and_jwt_logins_get_the_shared_token() {
    let team = Team::new();
    let expected = ci_token(&team.runner());

    let (role_id, secret_id) = team.bao.approle(RUNNER);
    let mut approle = machine_without_login(&team.bao);
    approle.set_env("KCRED_VAULT_ROLE_ID", &role_id);
    approle.set_env("KCRED_VAULT_SECRET_ID", &secret_id);
    assert_eq!(ci_token(&approle), expected);

    let (role, jwt) = team.bao.jwt(RUNNER);
    let mut job = machine_without_login(&team.bao);
    job.set_env("KCRED_VAULT_JWT_ROLE", &role);
    job.set_env("KCRED_VAULT_JWT", &jwt);
    assert_eq!(ci_token(&job), expected);

    let mut wrong = machine_without_login(&team.bao);
    wrong.set_env("KCRED_VAULT_ROLE_ID", &role_id);
    wrong.set_env("KCRED_VAULT_SECRET_ID", "not-the-secret-id");
    let (output, took) = timed(&wrong, &["--profile", "ci", "token"]);
    assert_store_failure(&output, took, &team.bao.addr, "auth/approle/login");
    assert!(!stderr_of(&output).contains("not-the-secret-id"));
}

#[test]
fn an_unusable_vault_is_exit_4_naming_the_address_and_path_and_nothing_falls_back() {
    let team = Team::new();
    let path = "secret/data/kcred/profiles/ci";

    let nobody = machine_at(&format!("http://127.0.0.1:{}", free_port()), "t");
    let (output, took) = timed(&nobody, &["--profile", "ci", "token"]);
    assert_store_failure(&output, took, "127.0.0.1", path);

    let denied = machine_at(&team.bao.addr, &team.bao.token("default"));
    let (output, took) = timed(&denied, &["--profile", "ci", "token"]);
    assert_store_failure(&output, took, &team.bao.addr, path);
    assert!(stderr_of(&output).contains("403"));

    let expiring = machine_at(&team.bao.addr, &team.bao.short_token(RUNNER, "1s"));
    std::thread::sleep(Duration::from_secs(2));
    let (output, took) = timed(&expiring, &["--profile", "ci", "token"]);
    assert_store_failure(&output, took, &team.bao.addr, path);

    let no_login = machine_without_login(&team.bao);
    let (output, _) = timed(&no_login, &["--profile", "ci", "token"]);
    assert_eq!(output.status.code(), Some(4));
    assert!(stderr_of(&output).contains("VAULT_TOKEN"));

    // A standby that redirects to the active node: kcred never follows a redirect (it would
    // send the Vault token wherever it points).
    let standby = FakeServer::start();
    standby.on(
        "GET",
        "/v1/secret/data/kcred/profiles/ci",
        Reply::text(307, "text/plain", "").with_header(
            "Location",
            &format!("{}/v1/secret/data/kcred/profiles/ci", team.bao.addr),
        ),
    );
    let redirected = machine_at(&standby.endpoint(), &team.bao.token(RUNNER));
    let (output, took) = timed(&redirected, &["--profile", "ci", "token"]);
    assert_store_failure(&output, took, &standby.endpoint(), path);
    assert!(
        stderr_of(&output).contains("standby"),
        "{}",
        stderr_of(&output)
    );

    let runner = team.runner();
    team.bao.seal();
    let (output, took) = timed(&runner, &["--profile", "ci", "token"]);
    assert_store_failure(&output, took, &team.bao.addr, path);
    assert!(
        stderr_of(&output).contains("sealed"),
        "{}",
        stderr_of(&output)
    );

    for machine in [&nobody, &denied, &expiring, &no_login, &redirected, &runner] {
        assert!(!machine.config_file().exists(), "nothing written locally");
        assert_eq!(
            machine.cached_secret("profile/ci/token"),
            None,
            "no fallback to the keyring"
        );
    }
}

#[test]
fn removing_a_shared_profile_removes_it_for_everyone_after_a_confirmation() {
    let team = Team::new();
    let runner = team.runner();
    ci_token(&runner);

    let unconfirmed = team
        .operator
        .kcred()
        .args(["profile", "remove", "ci"])
        .output()
        .unwrap();
    assert_eq!(unconfirmed.status.code(), Some(2));
    assert!(team.bao.kv_get("kcred/profiles/ci").is_some());

    team.operator
        .kcred()
        .args(["profile", "remove", "ci", "--yes"])
        .assert()
        .success();
    for path in [
        "kcred/profiles/ci",
        "kcred/secrets/profile/ci/access-key-secret",
        "kcred/cache/tokens/ci",
    ] {
        assert!(team.bao.kv_get(path).is_none(), "{path} is gone");
    }
    let output = runner
        .kcred()
        .args(["--profile", "ci", "token"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_of(&output).contains("no shared profile named 'ci'"));
}

#[test]
fn no_secret_or_token_of_a_shared_profile_reaches_a_machines_disk_or_log() {
    let team = Team::new();
    let runner = team.runner();
    empty_the_shared_cache(&runner);
    let output = runner
        .kcred()
        .args(["-v", "--profile", "ci", "token"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let token = String::from_utf8_lossy(&output.stdout).trim().to_string();
    let log = stderr_of(&output);
    assert!(log.contains("secret/data/kcred/locks/tokens/ci"), "{log}");
    for secret in [team.account.key.secret.as_str(), token.as_str()] {
        assert!(!log.contains(secret), "the -v log holds a secret");
        for machine in [&runner, &team.operator] {
            assert_eq!(
                machine.files_containing(secret),
                Vec::<std::path::PathBuf>::new()
            );
        }
    }
}

#[test]
fn a_raft_cluster_losing_its_active_node_keeps_handing_out_tokens() {
    let mut cluster = RaftCluster::start(3);
    let active = cluster.active();
    let standby = (active + 1) % 3;
    let account = keystone().new_account();
    let operator = machine_at(&cluster.addr(active), &cluster.token(OPERATOR));
    operator
        .profile_add_command("ci", &account)
        .assert()
        .success();
    empty_the_shared_cache(&operator);
    operator.proxy.clear();

    // Machines talk to a node that is not the active one. It answers reads itself and forwards
    // writes while there is an active node; when there is none, it redirects writes to the
    // dead one, then says there is no active node, until a new one is elected: kcred waits
    // that out. The cache is empty, so every process needs the fleet's lock (a write).
    let runner_token = cluster.token(RUNNER);
    let machines: Vec<TestEnv> = (0..3)
        .map(|_| machine_at(&cluster.addr(standby), &runner_token))
        .collect();
    cluster.stop(active);
    let started = Instant::now();
    let tokens = ci_tokens_at_once(&machines, 3);
    assert!(tokens.iter().all(|token| *token == tokens[0]));
    assert!(keystone().token_is_valid(&tokens[0]));
    let leader = cluster.wait_for_new_leader(Duration::from_secs(30));
    assert_ne!(leader, active);
    assert!(started.elapsed() < Duration::from_secs(60));
    assert_eq!(
        operator.proxy.token_issuances(),
        1,
        "one issuance for the fleet, through the failover"
    );
}

#[test]
fn a_lock_holder_that_crashed_blocks_the_fleet_only_until_its_lease_ends() {
    let team = Team::new();
    let runner = team.runner();
    empty_the_shared_cache(&runner);
    // What a kcred killed while issuing leaves behind: its claim, with 3 s of lease left.
    let until = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(3);
    team.bao.kv_put(
        "kcred/locks/tokens/ci",
        serde_json::json!({ "holder": "crashed-host/pid-1/0", "until": until.to_string() }),
    );
    team.operator.proxy.clear();
    let from = team.bao.audited(None);
    let (output, took) = timed(&runner, &["--profile", "ci", "token"]);
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(
        took >= Duration::from_secs(2),
        "it waited for the lease ({took:?})"
    );
    assert_eq!(team.issuances(), 1);
    // Looks at the lock bounded by the lease left (3 s), the pauses growing after a second:
    // tens, not one every 20 ms for the whole wait.
    let requests = &team.bao.audited_requests()[from..];
    let lock_reads = requests
        .iter()
        .filter(|request| {
            request["path"] == "secret/data/kcred/locks/tokens/ci" && request["operation"] == "read"
        })
        .count();
    let most = most_looks(Duration::from_secs(3)) + 2;
    eprintln!("{lock_reads} looks at the crashed holder's lock (at most {most})");
    assert!(lock_reads <= most, "{lock_reads} looks, at most {most}");
    let lock = team.bao.kv_get("kcred/locks/tokens/ci").unwrap();
    assert_eq!(lock["holder"], "", "given back after issuing");
}

/// What a runner that wants another project's token handed out writes to the fleet's cache,
/// with the runner policy's Vault token: the record there, its token swapped for `planted`
/// (and the token check to match), still claiming the profile's project.
fn plant_in_the_shared_cache(team: &Team, planted: &str) {
    use sha2::{Digest, Sha256};
    let runner_token = team.bao.token(RUNNER);
    let path = "/v1/secret/data/kcred/cache/tokens/ci";
    let (status, record) = team.bao.request("GET", path, &runner_token, None);
    assert_eq!(status, 200, "the fleet's token is cached: {record}");
    let mut entry = record["data"]["data"]["entry"].clone();
    assert_eq!(entry["project_id"], team.account.project_id.as_str());
    let check: String = Sha256::digest(planted.as_bytes())[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    entry["token_check"] = check.into();
    let (status, body) = team.bao.request(
        "POST",
        path,
        &runner_token,
        Some(serde_json::json!({ "data": { "entry": entry, "secret": planted } })),
    );
    assert_eq!(status, 200, "the runner policy may write the cache: {body}");
}

/// Another project's token, issued by its own key: what a runner with that key could plant.
fn another_projects_token() -> (String, crate::support::Account) {
    let other = keystone().new_account();
    let machine = TestEnv::new();
    machine.add_profile("other", &other);
    (machine.token(&["--profile", "other"]), other)
}

fn validations(team: &Team) -> usize {
    team.operator.proxy.count("GET", "/auth/tokens")
}

#[test]
fn a_token_of_another_project_planted_in_the_shared_cache_is_never_handed_out() {
    let team = Team::new();
    let (planted, other) = another_projects_token();
    plant_in_the_shared_cache(&team, &planted);
    team.operator.proxy.clear();

    let runner = team.runner();
    let output = runner
        .kcred()
        .args(["--profile", "ci", "token"])
        .output()
        .unwrap();
    let stderr = stderr_of(&output);
    assert!(output.status.success(), "{stderr}");
    let token = String::from_utf8(output.stdout).unwrap().trim().to_string();
    assert_ne!(token, planted, "the planted token is not handed out");
    assert!(keystone().token_is_valid(&token));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(
            "warning: not using the token in the shared cache of profile 'ci': it is for project"
        ) && stderr.contains(&other.project_id)
            && stderr.contains(&team.account.project_id)
            && stderr.contains("issuing one of its own"),
        "{stderr}"
    );
    assert!(!stderr.contains(&planted), "{stderr}");
    assert_eq!(validations(&team), 1, "the planted token was proven once");
    assert_eq!(team.issuances(), 1, "the runner issued its own");
    let record = team.bao.kv_get("kcred/cache/tokens/ci").unwrap();
    assert_eq!(
        record["secret"],
        token.as_str(),
        "the planted record is replaced"
    );

    // The fleet is back on the profile's project, and what a runner issued it needs no proof.
    let vars = runner.json(&["--profile", "ci", "env", "--format", "json"]);
    assert_eq!(
        vars["KAKAOCLOUD_PROJECT_ID"],
        team.account.project_id.as_str()
    );
    assert_eq!(vars["KAKAOCLOUD_TOKEN"], token.as_str());
    assert_eq!(validations(&team), 1);
    assert_eq!(ci_token(&team.runner()), token);

    // A runner that meets the planted token in `env` is not fooled either.
    plant_in_the_shared_cache(&team, &planted);
    let vars = team
        .runner()
        .json(&["--profile", "ci", "env", "--format", "json"]);
    assert_ne!(vars["KAKAOCLOUD_TOKEN"], planted.as_str());
    assert_eq!(
        vars["KAKAOCLOUD_PROJECT_ID"],
        team.account.project_id.as_str()
    );
}

#[test]
fn token_verify_calls_a_planted_token_of_another_project_not_valid() {
    let team = Team::new();
    let (planted, other) = another_projects_token();
    plant_in_the_shared_cache(&team, &planted);
    let runner = team.runner();
    let stderr = crate::support::fails_with(
        runner.kcred().args(["--profile", "ci", "token", "verify"]),
        3,
    );
    assert!(
        stderr.starts_with("error: the cached token is not valid: it is not profile 'ci''s token")
            && stderr.contains(&other.project_id),
        "{stderr}"
    );
    assert!(!stderr.contains(&planted));
    assert!(
        team.bao.kv_get("kcred/cache/tokens/ci").is_none(),
        "dropped from the cache"
    );
    ci_token(&team.runner());
    plant_in_the_shared_cache(&team, &planted);
    let verdict = team
        .runner()
        .kcred()
        .args(["--profile", "ci", "--output", "json", "token", "verify"])
        .output()
        .unwrap();
    assert_eq!(verdict.status.code(), Some(3), "{}", stderr_of(&verdict));
    let verdict: serde_json::Value = serde_json::from_slice(&verdict.stdout).unwrap();
    assert_eq!(verdict["valid"], false);
    assert!(
        verdict["reason"]
            .as_str()
            .unwrap()
            .contains(&other.project_id)
    );

    // The profile's own token is valid.
    let token = ci_token(&runner);
    let verdict = runner.json(&["--profile", "ci", "--output", "json", "token", "verify"]);
    assert_eq!(verdict["valid"], true);
    assert_ne!(token, planted);
}

#[test]
fn a_shared_token_is_proven_once_per_token_and_machine() {
    let team = Team::new();
    let token = ci_token(&team.runner());
    let machines: Vec<TestEnv> = (0..2).map(|_| team.runner()).collect();
    team.operator.proxy.clear();
    for machine in &machines {
        for _ in 0..10 {
            assert_eq!(ci_token(machine), token);
        }
    }
    assert_eq!(
        validations(&team),
        2,
        "20 warm calls on two machines: one proof each"
    );
    assert_eq!(team.issuances(), 0);
    let remembered = machines[0]
        .keyctl_lookup("@u", "profile/ci/shared-token-proof")
        .expect("the proof is remembered in the kernel keyring");
    assert!(!remembered.contains(&token), "a digest, not the token");
    // A new token is proven again, once.
    team.operator
        .kcred()
        .args(["--profile", "ci", "token", "--refresh"])
        .assert()
        .success();
    team.operator.proxy.clear();
    for _ in 0..5 {
        assert_ne!(ci_token(&machines[0]), token);
    }
    assert_eq!(validations(&team), 1);
}

#[test]
fn without_the_kernel_keyring_the_proof_is_kept_in_the_os_keyring_and_without_one_made_each_run() {
    let team = Team::new();
    let token = ci_token(&team.runner());
    let mut keyring_only = team.runner();
    keyring_only.set_env("KCRED_TOKEN_CACHE", "store");
    team.operator.proxy.clear();
    for _ in 0..5 {
        assert_eq!(ci_token(&keyring_only), token);
    }
    assert_eq!(validations(&team), 1);
    let remembered = keyring_only
        .secret_tool_lookup("profile/ci/shared-token-proof")
        .expect("the proof is remembered in the OS keyring");
    assert!(!remembered.contains(&token), "a digest, not the token");
    assert_eq!(
        keyring_only.keyctl_lookup("@u", "profile/ci/shared-token-proof"),
        None
    );

    // A container with neither: the token still works, proven on each run.
    let mut bare = team.runner();
    bare.set_env("KCRED_TOKEN_CACHE", "store");
    bare.without_keyring();
    team.operator.proxy.clear();
    for _ in 0..3 {
        assert_eq!(ci_token(&bare), token);
    }
    assert_eq!(validations(&team), 3);
    assert!(bare.files_containing(&token).is_empty());
}

#[test]
fn a_planted_lock_with_a_lease_of_a_day_does_not_hold_up_a_cold_token() {
    let team = Team::new();
    let runner = team.runner();
    empty_the_shared_cache(&runner);
    // No kcred writes a lease longer than its own 15 s (plus clock skew): this one was planted
    // by someone with the runner policy, or by a clock far off.
    let until = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(24);
    let (status, body) = team.bao.request(
        "POST",
        "/v1/secret/data/kcred/locks/tokens/ci",
        &team.bao.token(RUNNER),
        Some(serde_json::json!({
            "data": { "holder": "planted-host/pid-1/0", "until": until.to_string() }
        })),
    );
    assert_eq!(status, 200, "the runner policy may write a lock: {body}");
    team.operator.proxy.clear();
    let (output, took) = timed(&runner, &["--profile", "ci", "--timeout", "20", "token"]);
    let stderr = stderr_of(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(
        !stderr.contains("held the lock"),
        "it did not wait the lock out: {stderr}"
    );
    assert_eq!(team.issuances(), 1);
    let lock = team.bao.kv_get("kcred/locks/tokens/ci").unwrap();
    assert_eq!(
        lock["holder"], "",
        "it took the lock, issued under it and gave it back"
    );
    assert!(took < Duration::from_secs(10), "took {took:?}");
}

/// `profile set NAME --store vault` makes a machine's own profile a shared one without its
/// secret being entered again, and leaves nothing of it on the machine; `--store keyring` on
/// the shared profile (confirmed) takes it back out of Vault, for everyone.
#[test]
fn a_profile_moves_into_vault_and_back_out_without_its_secret_being_entered() {
    let bao = OpenBao::dev();
    let account = keystone().new_account();
    let mut operator = TestEnv::new();
    operator.set_env("VAULT_ADDR", &bao.addr);
    operator.set_env("VAULT_TOKEN", &bao.token(OPERATOR));
    operator.add_profile("ci", &account);
    let runner = machine_at(&bao.addr, &bao.token(RUNNER));
    crate::support::assert_fails(
        runner.kcred().args(["--profile", "ci", "token"]),
        2,
        &["'ci'"],
    );

    let said = crate::support::succeeds(
        operator
            .kcred()
            .args(["profile", "set", "ci", "--store", "vault"]),
    );
    assert!(said.contains("Vault"), "{said}");
    assert!(!said.contains(&account.key.secret));
    let local = operator.json(&["profile", "list", "--output", "json"]);
    assert_eq!(local, serde_json::json!([]), "gone from config.toml");
    assert_eq!(
        operator.secret_tool_lookup("profile/ci/access-key-secret"),
        None
    );
    assert!(keystone().token_is_valid(&ci_token(&runner)));

    // Out again: for everyone, so only when confirmed.
    let mut shared_operator = operator;
    shared_operator.set_env("KCRED_STORE", "vault");
    let out = ["profile", "set", "ci", "--store", "keyring"];
    crate::support::assert_fails(shared_operator.kcred().args(out), 2, &["--yes"]);
    assert!(
        keystone().token_is_valid(&ci_token(&runner)),
        "still shared"
    );
    crate::support::succeeds(shared_operator.kcred().args(out).arg("--yes"));
    runner
        .kcred()
        .args(["--profile", "ci", "token", "--refresh"])
        .assert()
        .code(2);
    let mut operator = shared_operator;
    operator.set_env("KCRED_STORE", "keyring");
    assert_eq!(
        operator.secret_tool_lookup("profile/ci/access-key-secret"),
        Some(account.key.secret.clone())
    );
    let token = operator.token(&["--profile", "ci", "--refresh"]);
    assert!(keystone().token_is_valid(&token));
}

/// A machine that logs in with AppRole `(role_id, secret_id)`.
fn approle_machine(bao: &OpenBao, (role_id, secret_id): &(String, String)) -> TestEnv {
    let mut machine = machine_without_login(bao);
    machine.set_env("KCRED_VAULT_ROLE_ID", role_id);
    machine.set_env("KCRED_VAULT_SECRET_ID", secret_id);
    machine
}

/// The Vault token `machine` keeps from its login (from the kernel keyring, by the name its
/// metadata file gives), when it keeps one.
fn kept_login(machine: &TestEnv) -> Option<String> {
    let dir = machine.cache_dir().join("vault-login");
    let entry = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|ext| ext == "json"))?;
    let slot = entry.file_stem().unwrap().to_string_lossy().into_owned();
    machine.keyctl_lookup("@u", &format!("vault-login/{slot}"))
}

#[test]
fn ten_warm_calls_on_one_machine_make_one_vault_login() {
    let team = Team::new();
    let expected = ci_token(&team.runner());
    let approle = team.bao.approle(RUNNER);
    let machine = approle_machine(&team.bao, &approle);
    let logins = || team.bao.audited(Some("auth/approle/login"));
    let before = logins();
    assert_eq!(ci_token(&machine), expected);
    let first_done = team.bao.audited(None);
    for _ in 0..9 {
        assert_eq!(ci_token(&machine), expected);
    }
    assert_eq!(logins() - before, 1, "10 calls on one machine: one login");
    let warm = (team.bao.audited(None) - first_done) / 9;
    eprintln!("a warm call with an AppRole login: {warm} Vault requests");
    assert!(warm <= 2, "a warm call: {warm} Vault requests");

    // The token is in the kernel keyring, not in a file; the secret ID nowhere.
    let kept = kept_login(&machine).expect("the login's token is in the kernel keyring");
    let (status, _) = team
        .bao
        .request("GET", "/v1/auth/token/lookup-self", &kept, None);
    assert_eq!(status, 200, "the kept token is the machine's live login");
    assert!(machine.files_containing(&kept).is_empty());
    assert!(machine.files_containing(&approle.1).is_empty());
    // Nor in what -v prints.
    let verbose = machine
        .kcred()
        .args(["-v", "--profile", "ci", "token"])
        .output()
        .unwrap();
    assert!(verbose.status.success());
    let said = stderr_of(&verbose);
    assert!(said.contains("Vault login (approle): using"), "{said}");
    assert!(
        !said.contains(&kept) && !said.contains(&approle.1),
        "{said}"
    );
    assert_eq!(logins() - before, 1);

    // JWT: the same.
    let (role, jwt) = team.bao.jwt(RUNNER);
    let mut job = machine_without_login(&team.bao);
    job.set_env("KCRED_VAULT_JWT_ROLE", &role);
    job.set_env("KCRED_VAULT_JWT", &jwt);
    let jwt_logins = || team.bao.audited(Some("auth/jwt/login"));
    let before = jwt_logins();
    for _ in 0..5 {
        assert_eq!(ci_token(&job), expected);
    }
    assert_eq!(jwt_logins() - before, 1, "5 calls with a JWT: one login");
    assert!(kept_login(&job).is_some_and(|kept| job.files_containing(&kept).is_empty()));

    // A given VAULT_TOKEN: no login, nothing kept.
    let runner = team.runner();
    ci_token(&runner);
    assert!(!runner.cache_dir().join("vault-login").exists());
}

#[test]
fn a_new_secret_id_and_token_forget_each_cost_one_new_login() {
    let team = Team::new();
    let expected = ci_token(&team.runner());
    let first = team.bao.approle(RUNNER);
    let mut machine = approle_machine(&team.bao, &first);
    let logins = || team.bao.audited(Some("auth/approle/login"));
    let start = logins();
    ci_token(&machine);
    let old = kept_login(&machine).unwrap();

    // A new secret ID of the same role: the kept token is not used, and is replaced.
    let second = team.bao.approle(RUNNER);
    assert_eq!(second.0, first.0);
    machine.set_env("KCRED_VAULT_SECRET_ID", &second.1);
    for _ in 0..3 {
        assert_eq!(ci_token(&machine), expected);
    }
    assert_eq!(logins() - start, 2, "one login per secret ID");
    let new = kept_login(&machine).unwrap();
    assert_ne!(new, old);

    // `token forget` drops it, and revokes it: the next call logs in again.
    machine
        .kcred()
        .args(["--profile", "ci", "token", "forget"])
        .assert()
        .success()
        .stderr(predicates::str::contains("Vault login token"));
    assert_eq!(kept_login(&machine), None);
    let (status, _) = team
        .bao
        .request("GET", "/v1/auth/token/lookup-self", &new, None);
    assert_eq!(status, 403, "the dropped token is revoked");
    let at_forget = logins();
    assert!(keystone().token_is_valid(&ci_token(&machine)));
    ci_token(&machine);
    assert_eq!(logins() - at_forget, 1);
    assert!(kept_login(&machine).is_some());
}

#[test]
fn a_revoked_kept_token_costs_exactly_one_more_login_and_the_call_succeeds() {
    let team = Team::new();
    let expected = ci_token(&team.runner());
    let machine = approle_machine(&team.bao, &team.bao.approle(RUNNER));
    ci_token(&machine);
    let kept = kept_login(&machine).unwrap();
    let (status, body) = team.bao.request(
        "POST",
        "/v1/auth/token/revoke",
        &team.bao.root_token,
        Some(serde_json::json!({ "token": kept })),
    );
    assert!((200..300).contains(&status), "{body}");
    let logins = || team.bao.audited(Some("auth/approle/login"));
    let before = logins();
    assert_eq!(ci_token(&machine), expected);
    assert_eq!(logins() - before, 1, "403, one login, the call again");
    assert_ne!(kept_login(&machine).unwrap(), kept);
    ci_token(&machine);
    assert_eq!(logins() - before, 1);

    // A login that is refused once the kept token is dead is the usual error.
    let mut wrong = machine;
    wrong.set_env("KCRED_VAULT_SECRET_ID", "not-the-secret-id");
    let (output, took) = timed(&wrong, &["--profile", "ci", "token"]);
    assert_store_failure(&output, took, &team.bao.addr, "auth/approle/login");
}

#[test]
fn a_stampede_logs_in_once_per_machine_and_its_vault_requests_are_counted() {
    let team = Team::new();
    let machines = cold_fleet(&team, 4);
    let logins = || team.bao.audited(Some("auth/approle/login"));
    let (logins_before, requests_before) = (logins(), team.bao.audited(None));
    let tokens = ci_tokens_at_once(&machines, 4);
    assert!(tokens.iter().all(|token| *token == tokens[0]));
    assert_eq!(team.issuances(), 1);
    assert_eq!(
        logins() - logins_before,
        4,
        "one login per machine, not per process"
    );
    let round =
        assert_a_cold_round_is_bounded(&team.bao.audited_entries()[requests_before..], 16, 4);
    assert_eq!(
        round.requests,
        16 + round.secrets + round.polls + round.lock_writes + 1 + 4,
        "and nothing else but the logins"
    );

    // Warm, the same 16 processes: no login, a bounded number of requests each.
    let (logins_before, requests_before) = (logins(), team.bao.audited(None));
    let warm_tokens = ci_tokens_at_once(&machines, 4);
    assert!(warm_tokens.iter().all(|token| *token == tokens[0]));
    assert_eq!(logins(), logins_before);
    let warm_round = team.bao.audited(None) - requests_before;
    eprintln!(
        "a warm round of 16 processes on 4 machines: {warm_round} Vault requests: {}",
        by_path(&team.bao.audited_requests()[requests_before..])
    );
    assert!(warm_round <= 16 * 2, "{warm_round}");
}

#[test]
fn a_stampede_against_a_rate_limiting_iam_makes_one_issuance_once_the_limit_lifts() {
    let team = Team::new();
    let machines = cold_fleet(&team, 4);
    let limited =
        team.operator
            .proxy
            .rate_limit("POST", "/auth/tokens", Duration::from_secs(2), Some("1"));
    let tokens = ci_tokens_at_once(&machines, 4);
    assert!(tokens.iter().all(|token| *token == tokens[0]));
    let limited = limited.load(std::sync::atomic::Ordering::SeqCst);
    assert!(limited >= 1, "the limit was met");
    let sent = team.issuances();
    assert_eq!(sent - limited, 1, "one issuance reached Keystone");
    // Only the holder of the fleet's lock asks while the limit lasts (about one try a second
    // for two seconds); the other 15 wait for its token instead of asking too.
    assert!(
        sent <= 4,
        "{sent} token requests, {limited} of them rate-limited"
    );
}

/// `count` machines that log in to the team's Vault with the runner's AppRole, the shared
/// cache emptied and the operator's count of Keystone requests at zero.
fn cold_fleet(team: &Team, count: usize) -> Vec<TestEnv> {
    let approle = team.bao.approle(RUNNER);
    let machines = (0..count)
        .map(|_| approle_machine(&team.bao, &approle))
        .collect();
    empty_the_shared_cache(&team.operator);
    team.operator.proxy.clear();
    machines
}

/// What one cold round (every process asking at once, the shared cache empty) asked Vault.
struct ColdRound {
    requests: usize,
    secrets: usize,
    /// Reads of the lock record and of the cache.
    polls: usize,
    lock_writes: usize,
}

/// Checks the Vault requests of a cold round of `processes` spread evenly over `machines`
/// against what the fleet's lock allows (src/vault/cache.rs), whatever the machine's load:
/// - each process: one profile read, one look at the cache before its machine's lock file
///   and one after it (the one that ends the wait of all but one a machine);
/// - the issuer: one look at the lock, a second at the cache, its claim, two reads under the
///   lock, its token written, its release; at most two secret reads;
/// - each other machine's first process: its looks while the lock is held (a read of the lock
///   and one of the cache each, at least 20 ms apart, growing after a second, so bounded by
///   how long it was held, not by processes), and at most one claim, lost to the issuer's:
///   a waiter that saw the lock held looks at the cache before it claims, and finds the token.
///
/// How long the lock was held is the server's own clock (the audit log's `time` of its first
/// and last write): nothing is timed here, a slow machine only makes fewer looks.
fn assert_a_cold_round_is_bounded(
    entries: &[serde_json::Value],
    processes: usize,
    machines: usize,
) -> ColdRound {
    let requests: Vec<&serde_json::Value> = entries.iter().map(|entry| &entry["request"]).collect();
    let of = |prefix: &str, write: bool| {
        entries
            .iter()
            .filter(|entry| {
                let request = &entry["request"];
                request["path"].as_str().unwrap_or("").starts_with(prefix)
                    && (request["operation"] != "read") == write
            })
            .collect::<Vec<_>>()
    };
    let lock_writes = of("secret/data/kcred/locks/", true);
    let cache_writes = of("secret/data/kcred/cache/", true);
    let polls =
        of("secret/data/kcred/locks/", false).len() + of("secret/data/kcred/cache/", false).len();
    let secrets = of("secret/data/kcred/secrets/", false).len();
    let time = |entry: &serde_json::Value| {
        entry["time"]
            .as_str()
            .and_then(|time| time.parse::<jiff::Timestamp>().ok())
            .unwrap_or_else(|| panic!("an audited time: {entry}"))
    };
    assert!(
        lock_writes.len() >= 2,
        "the issuer's claim and release: {}",
        by_path(requests.iter().copied())
    );
    let held = time(lock_writes[lock_writes.len() - 1]).duration_since(time(lock_writes[0]));
    let held = Duration::try_from(held).unwrap_or_default();
    let looks = most_looks(held) + 2;
    let most_polls = 2 * processes + 5 + (machines - 1) * (2 * looks + 2);
    eprintln!(
        "a cold round of {processes} processes on {machines} machines, the lock held {held:?}: \
         {} Vault requests, {polls} polls (at most {most_polls}), {} lock writes: {}",
        requests.len(),
        lock_writes.len(),
        by_path(requests.iter().copied())
    );
    assert_eq!(
        of("secret/data/kcred/profiles/", false).len(),
        processes,
        "one profile read each"
    );
    assert!(secrets <= 2, "only the issuer reads the secret");
    assert_eq!(cache_writes.len(), 1, "the issuer's token, cached once");
    assert!(
        lock_writes.len() <= machines + 1,
        "the issuer's claim and release, and at most one lost claim a machine: {}",
        lock_writes.len()
    );
    assert!(polls <= most_polls, "{polls} polls, at most {most_polls}");
    ColdRound {
        requests: requests.len(),
        secrets,
        polls,
        lock_writes: lock_writes.len(),
    }
}

/// The most looks one waiter makes at a lock held for `held`: one at its start, then one after
/// each pause, 20 ms at least for a second, then from 50 ms doubling to 1 s
/// (src/vault/cache.rs).
fn most_looks(held: Duration) -> usize {
    let (mut waited, mut slow, mut looks) = (Duration::ZERO, Duration::from_millis(50), 1);
    while waited < held {
        if waited < Duration::from_secs(1) {
            waited += Duration::from_millis(20);
        } else {
            waited += slow;
            slow = (slow * 2).min(Duration::from_secs(1));
        }
        looks += 1;
    }
    looks
}

/// "PATH ×N, …" of audited requests, for the report of a test.
fn by_path<'a>(requests: impl IntoIterator<Item = &'a serde_json::Value>) -> String {
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for request in requests {
        let path = request["path"].as_str().unwrap_or("?").to_string();
        *counts.entry(path).or_default() += 1;
    }
    counts
        .iter()
        .map(|(path, n)| format!("{path} ×{n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[test]
fn a_kept_login_past_half_its_ttl_is_renewed_not_made_again() {
    let team = Team::new();
    let expected = ci_token(&team.runner());
    let machine = approle_machine(&team.bao, &team.bao.approle_with_ttl(RUNNER, "20s"));
    let logins = || team.bao.audited(Some("auth/approle/login"));
    let renewals = || team.bao.audited(Some("auth/token/renew-self"));
    let (logins_before, renewals_before) = (logins(), renewals());
    assert_eq!(ci_token(&machine), expected);
    let kept = kept_login(&machine).unwrap();
    assert_eq!(ci_token(&machine), expected);
    assert_eq!((logins() - logins_before, renewals()), (1, renewals_before));
    // Past half of its 20 s: the next call renews it, once; the calls after it use it.
    std::thread::sleep(Duration::from_secs(11));
    for _ in 0..3 {
        assert_eq!(ci_token(&machine), expected);
    }
    assert_eq!(renewals() - renewals_before, 1, "renewed once");
    assert_eq!(logins() - logins_before, 1, "no new login");
    assert_eq!(
        kept_login(&machine).unwrap(),
        kept,
        "the same token, renewed"
    );
}

#[test]
fn profile_remove_drops_and_revokes_the_machines_vault_login() {
    let team = Team::new();
    let machine = approle_machine(&team.bao, &team.bao.approle(OPERATOR));
    machine.kcred().args(["profile", "list"]).assert().success();
    let kept = kept_login(&machine).expect("the operator's login is kept");
    let logins = || team.bao.audited(Some("auth/approle/login"));
    let before = logins();
    machine
        .kcred()
        .args(["profile", "remove", "ci", "--yes"])
        .assert()
        .success()
        .stderr(predicates::str::contains("Vault login token"));
    assert_eq!(logins(), before, "remove used the kept login");
    assert!(team.bao.kv_get("kcred/profiles/ci").is_none());
    assert_eq!(kept_login(&machine), None);
    let (status, _) = team
        .bao
        .request("GET", "/v1/auth/token/lookup-self", &kept, None);
    assert_eq!(status, 403, "the dropped token is revoked");
}
