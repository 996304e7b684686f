//! NAVER Cloud and GleSYS profiles: the same commands, the same output conventions and the
//! same keyring guarantees, against fakes that check requests as the references describe.

use crate::support::fake_clouds::*;
use crate::support::{TestEnv, assert_fails, json_of};
use predicates::prelude::*;

/// `kcred profile add NAME --provider PROVIDER ID_FLAG ID` against a fake, `secret` on stdin;
/// the assertion is the caller's.
fn provider_add_command(
    env: &TestEnv,
    name: &str,
    id: [&str; 3],
    endpoint: &str,
    secret: &str,
) -> assert_cmd::Command {
    let [provider, id_flag, id] = id;
    let mut cmd = env.kcred();
    cmd.args(["profile", "add", name, "--provider", provider, id_flag, id])
        .args(["--endpoint", endpoint, "--secret-stdin"])
        .write_stdin(secret);
    cmd
}

/// A new env with a profile added by [`provider_add_command`].
fn provider_env(name: &str, id: [&str; 3], endpoint: &str, secret: &str) -> TestEnv {
    let env = TestEnv::new();
    provider_add_command(&env, name, id, endpoint, secret)
        .assert()
        .success();
    env
}

const NCP_ID: [&str; 3] = ["ncp", "--access-key", NCP_ACCESS_KEY];
const GLESYS_ID: [&str; 3] = ["glesys", "--project", GLESYS_PROJECT];

fn ncp_env(fake: &FakeNcp) -> TestEnv {
    provider_env("naver", NCP_ID, &fake.endpoint(), NCP_SECRET)
}

#[test]
fn ncp_profile_token_is_a_cached_temporary_key() {
    let fake = FakeNcp::start();
    let env = ncp_env(&fake);
    assert_eq!(
        env.secret_tool_lookup("profile/naver/access-key-secret")
            .as_deref(),
        Some(NCP_SECRET)
    );
    let show = env.json(&["profile", "show", "--output", "json"]);
    assert_eq!(show["name"], "naver");

    let key = env.json(&["token", "--output", "json"]);
    assert_eq!(key["access_key"], "ncp_iam_TEMP0001");
    assert_eq!(key["secret_key"], "ncp_iam_SECRET0001");
    assert_eq!(key["use_mfa"], false);
    assert!(
        key["expires_at"]
            .as_str()
            .unwrap()
            .parse::<jiff::Timestamp>()
            .is_ok()
    );
    let again = env.json(&["token", "--output", "json"]);
    assert_eq!(again["access_key"], "ncp_iam_TEMP0001", "cached");
    assert_eq!(fake.issued.lock().unwrap().len(), 1);
    assert_eq!(
        fake.issued.lock().unwrap()[0].duration,
        3600,
        "the default duration"
    );

    env.kcred()
        .args(["token", "--refresh", "--duration", "900"])
        .assert()
        .success()
        .stdout(predicate::str::contains("ncp_iam_TEMP0002"));
    assert_eq!(fake.issued.lock().unwrap()[1].duration, 900);
    assert_fails(
        env.kcred()
            .args(["token", "--refresh", "--duration", "100"]),
        2,
        &["600 to 43200"],
    );
    assert_eq!(
        fake.issued.lock().unwrap().len(),
        2,
        "refused before asking"
    );
    assert!(
        fake.refused.lock().unwrap().is_empty(),
        "{:?}",
        fake.refused.lock().unwrap()
    );

    // The temporary secret is in the keyring, not in a file.
    assert!(env.files_containing("ncp_iam_SECRET").is_empty());
    assert!(env.files_containing(NCP_SECRET).is_empty());
}

#[test]
fn ncp_mfa_env_exec_and_credentials() {
    let fake = FakeNcp::start();
    let env = ncp_env(&fake);
    let key = json_of(
        &env.kcred()
            .args(["token", "--output", "json", "--mfa-serial", NCP_MFA_SERIAL])
            .args(["--mfa-code", &NCP_MFA_CODE.to_string()])
            .output()
            .unwrap(),
    );
    assert_eq!(key["use_mfa"], true);
    assert!(
        fake.issued.lock().unwrap()[0].use_mfa,
        "the fake checked the MFA code"
    );
    assert_fails(
        env.kcred()
            .args(["token", "--mfa-serial", NCP_MFA_SERIAL, "--mfa-code", "1"]),
        3,
        &["MultiFactorAuthentication failed"],
    );

    let vars = env.json(&["env", "--format", "json"]);
    assert_eq!(vars["NCLOUD_ACCESS_KEY"], "ncp_iam_TEMP0001");
    assert_eq!(vars["NCLOUD_SECRET_KEY"], "ncp_iam_SECRET0001");
    assert!(vars.get("KAKAOCLOUD_TOKEN").is_none());
    assert_eq!(
        env.exec_sh(&[], r#"printf %s "$NCLOUD_ACCESS_KEY""#),
        "ncp_iam_TEMP0001"
    );

    let described = env.json(&["ncp", "credentials", "--output", "json"]);
    assert_eq!(described["access_key"], NCP_ACCESS_KEY);
    assert_eq!(described["temporary"], false);

    // KakaoCloud-only commands say so.
    assert_fails(env.kcred().args(["iam-key", "list"]), 2, &["ncp profile"]);
    env.kcred().args(["s3-key", "list"]).assert().code(2);
}

#[test]
fn ncp_wrong_secret_is_refused_and_nothing_is_saved() {
    let fake = FakeNcp::start();
    let env = TestEnv::new();
    provider_add_command(&env, "naver", NCP_ID, &fake.endpoint(), "wrong-secret")
        .assert()
        .code(3)
        .stderr(predicate::str::contains("Authentication Failed"))
        .stderr(predicate::str::contains("wrong-secret").not());
    assert!(!env.config_file().exists());
    assert_eq!(
        fake.refused.lock().unwrap().len(),
        1,
        "the fake recomputed the signature"
    );
    assert_fails(
        env.kcred()
            .args([
                "profile",
                "add",
                "naver",
                "--provider",
                "ncp",
                "--secret-stdin",
            ])
            .write_stdin("s"),
        2,
        &["--access-key"],
    );
}

#[test]
fn the_fake_gateway_refuses_a_stale_timestamp() {
    // The rule kcred must live with: a request signed more than 5 minutes ago is refused.
    let fake = FakeNcp::start();
    let stale = (jiff::Timestamp::now().as_millisecond() - 6 * 60 * 1000).to_string();
    let signature = ncp_signature(
        "GET",
        "/api/v1/credentials",
        &stale,
        NCP_ACCESS_KEY,
        NCP_SECRET,
    );
    let response = reqwest::blocking::Client::new()
        .get(format!("{}/api/v1/credentials", fake.endpoint()))
        .header("x-ncp-apigw-timestamp", &stale)
        .header("x-ncp-iam-access-key", NCP_ACCESS_KEY)
        .header("x-ncp-apigw-signature-v2", signature)
        .header("content-type", "application/json")
        .send()
        .unwrap();
    assert_eq!(response.status(), 401);
}

pub(crate) fn glesys_env(fake: &FakeGlesys) -> TestEnv {
    provider_env("gle", GLESYS_ID, &fake.endpoint(), GLESYS_API_KEY)
}

#[test]
fn glesys_keys_create_list_use_and_delete() {
    let fake = FakeGlesys::start();
    let env = glesys_env(&fake);
    let instances = env.json(&["glesys", "instances", "--output", "json"]);
    assert_eq!(instances[0]["id"], GLESYS_INSTANCE);
    assert_eq!(
        instances[0]["s3_endpoint"],
        "https://objects.dc-sto1.glesys.net"
    );
    assert!(
        !instances.to_string().contains("someverylongrandomkey"),
        "listed secrets are never shown"
    );

    assert_fails(env.kcred().args(["s3-key", "create"]), 2, &["--instance"]);
    let created = json_of(
        &env.kcred()
            .args([
                "s3-key",
                "create",
                "--instance",
                GLESYS_INSTANCE,
                "--description",
                "ci",
            ])
            .args(["--show-secret", "--output", "json"])
            .output()
            .unwrap(),
    );
    let access = created["access_key"].as_str().unwrap().to_string();
    assert_eq!(created["description"], "ci");
    assert_eq!(created["secret"], "glesys-secret-0002");
    assert_eq!(
        env.secret_tool_lookup(&format!("s3-key/{access}/secret"))
            .as_deref(),
        Some("glesys-secret-0002")
    );
    assert!(env.files_containing("glesys-secret-0002").is_empty());

    let list = env.json(&["s3-key", "list", "--output", "json"]);
    assert_eq!(list.as_array().unwrap().len(), 2);
    let mine = list
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["access_key"] == access.as_str())
        .unwrap();
    assert_eq!(mine["secret_stored"], true);
    assert!(!list.to_string().contains("glesys-secret"));

    let vars = env.json(&["env", "--s3", "--format", "json"]);
    assert_eq!(vars["AWS_ACCESS_KEY_ID"], access.as_str());
    assert_eq!(vars["AWS_SECRET_ACCESS_KEY"], "glesys-secret-0002");
    assert_eq!(
        vars["AWS_ENDPOINT_URL_S3"],
        "https://objects.dc-sto1.glesys.net"
    );
    assert_eq!(vars["AWS_REGION"], "dc-sto1");
    let process = env.json(&["s3-key", "credential-process"]);
    assert_eq!(process["AccessKeyId"], access.as_str());

    // No limit of 2 at GleSYS.
    for _ in 0..2 {
        env.kcred()
            .args(["s3-key", "create", "--instance", GLESYS_INSTANCE])
            .assert()
            .success();
    }
    assert_eq!(fake.credentials.lock().unwrap().len(), 4);

    env.delete_s3_key(&access);
    assert!(
        !fake
            .credentials
            .lock()
            .unwrap()
            .iter()
            .any(|c| c.access == access)
    );
    assert!(
        fake.refused.lock().unwrap().is_empty(),
        "{:?}",
        fake.refused.lock().unwrap()
    );

    assert_fails(
        env.kcred().arg("token"),
        2,
        &["glesys profile has no tokens"],
    );
}

#[test]
fn glesys_wrong_api_key_is_refused_and_nothing_is_saved() {
    let fake = FakeGlesys::start();
    let env = TestEnv::new();
    assert_fails(
        &mut provider_add_command(&env, "gle", GLESYS_ID, &fake.endpoint(), "not-the-key"),
        3,
        &["Unauthorized"],
    );
    assert!(!env.config_file().exists());
}

/// A command a provider has no counterpart for is a usage error (exit 2) that names the
/// provider, whichever command it is.
#[test]
fn what_a_provider_cannot_do_is_exit_2() {
    let glesys = FakeGlesys::start();
    let env = glesys_env(&glesys);
    for args in [
        &["env"][..],
        &["env", "--with-key"],
        &["ncp", "credentials"],
        &["iam-key", "list"],
        &["kube-credential"],
        &["token", "show"],
    ] {
        assert_fails(env.kcred().args(args), 2, &["a glesys profile"]);
    }

    let ncp = FakeNcp::start();
    let env = ncp_env(&ncp);
    for args in [
        &["env", "--with-key"][..],
        &["glesys", "instances"],
        &["s3-key", "list"],
    ] {
        assert_fails(env.kcred().args(args), 2, &["a ncp profile"]);
    }
}

/// A data center in GleSYS's answer becomes part of the profile (its S3 region and endpoint):
/// one that is no region name is refused before anything is made or written, and the profile
/// keeps working.
#[test]
fn a_hostile_glesys_data_center_is_refused_and_changes_nothing() {
    let fake = FakeGlesys::start();
    let env = glesys_env(&fake);
    let config_before = std::fs::read_to_string(env.config_file()).unwrap();
    for hostile in ["sto1.glesys.net/x?", "dc\u{1b}]52;c;aGk=\u{7}", "-sto1", ""] {
        *fake.datacenter.lock().unwrap() = hostile.to_string();
        let refused = env
            .kcred()
            .args(["s3-key", "create", "--instance", GLESYS_INSTANCE])
            .output()
            .unwrap();
        let stderr = crate::support::stderr_of(&refused);
        assert_eq!(refused.status.code(), Some(5), "{hostile:?}: {stderr}");
        assert!(
            stderr.contains("GleSYS named the instance's data center"),
            "{stderr}"
        );
        assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    }
    assert_eq!(fake.credentials.lock().unwrap().len(), 1, "no key was made");
    assert_eq!(
        std::fs::read_to_string(env.config_file()).unwrap(),
        config_before
    );
    let profiles = env.json(&["profile", "list", "--output", "json"]);
    assert_eq!(profiles.as_array().unwrap().len(), 1, "{profiles}");
}
