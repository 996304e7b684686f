//! Whom kcred trusts over HTTPS, against a real OpenBao that serves the same data over HTTP
//! and over HTTPS (a certificate of the test's own CA). The system's CA store is read only by a
//! handshake that needs it; a server's own CA (`VAULT_CACERT`) is trusted alone, as Vault's
//! own client does.

use crate::support::openbao::OpenBao;
use crate::support::{TestEnv, keystone, stderr_of};
use std::path::Path;

/// An OpenBao on HTTP and HTTPS whose shared profile `ci` an operator added over HTTP.
fn team() -> (OpenBao, TestEnv) {
    let bao = OpenBao::dev_with_https();
    let mut operator = TestEnv::new();
    operator.set_env("VAULT_ADDR", &bao.addr);
    operator.set_env("VAULT_TOKEN", &bao.token("kcred-operator"));
    operator.set_env("KCRED_STORE", "vault");
    operator
        .profile_add_command("ci", &keystone().new_account())
        .assert()
        .success();
    (bao, operator)
}

/// A runner that reaches the Vault at `addr` with a runner token.
fn runner(bao: &OpenBao, addr: &str) -> TestEnv {
    let mut env = TestEnv::new();
    env.set_env("VAULT_ADDR", addr);
    env.set_env("VAULT_TOKEN", &bao.token("kcred-runner"));
    env.set_env("KCRED_STORE", "vault");
    env
}

/// The system's CA setting points at `file` (and no directory), as `SSL_CERT_FILE` does for
/// OpenSSL, Go and rustls alike.
fn system_trusts(env: &mut TestEnv, file: &Path) {
    let empty_dir = env.root().join("no-ca-certificates");
    std::fs::create_dir_all(&empty_dir).unwrap();
    env.set_env("SSL_CERT_FILE", &file.display().to_string());
    env.set_env("SSL_CERT_DIR", &empty_dir.display().to_string());
}

fn ci_token(env: &TestEnv) -> std::process::Output {
    env.kcred()
        .args(["--profile", "ci", "token"])
        .output()
        .unwrap()
}

fn https(bao: &OpenBao) -> (String, std::path::PathBuf) {
    bao.https.clone().expect("the server listens on HTTPS")
}

#[test]
fn a_vault_on_loopback_http_needs_no_ca_certificate_on_the_machine() {
    let (bao, _operator) = team();
    // A container without ca-certificates: the system's store is empty.
    let mut plain = runner(&bao, &bao.addr);
    system_trusts(&mut plain, Path::new("/dev/null"));
    let token = plain.token(&["--profile", "ci"]);
    assert!(!token.is_empty());

    // Over HTTPS the same machine has nothing to check the certificate with, and says so.
    let (https_addr, _) = https(&bao);
    let mut tls = runner(&bao, &https_addr);
    system_trusts(&mut tls, Path::new("/dev/null"));
    let refused = ci_token(&tls);
    assert_eq!(refused.status.code(), Some(4), "{}", stderr_of(&refused));
    let stderr = stderr_of(&refused);
    assert!(stderr.contains("the TLS handshake failed"), "{stderr}");
    assert!(stderr.contains("No CA certificates"), "{stderr}");
    assert!(stderr.contains("hint: for a Vault server with a CA of its own, set VAULT_CACERT"));
}

#[test]
fn vault_over_https_is_trusted_through_vault_cacert_alone() {
    let (bao, _operator) = team();
    let (https_addr, ca) = https(&bao);

    // VAULT_CACERT is enough, with nothing in the system's store.
    let mut with_ca = runner(&bao, &https_addr);
    with_ca.set_env("VAULT_CACERT", &ca.display().to_string());
    system_trusts(&mut with_ca, Path::new("/dev/null"));
    let token = with_ca.token(&["--profile", "ci"]);

    // The system's store does not know the test's CA.
    let unknown = ci_token(&runner(&bao, &https_addr));
    assert_eq!(unknown.status.code(), Some(4), "{}", stderr_of(&unknown));
    let stderr = stderr_of(&unknown);
    assert!(stderr.contains("the TLS handshake failed"), "{stderr}");
    assert!(stderr.contains("UnknownIssuer"), "{stderr}");

    // The system's CA setting is honoured when it names the CA.
    let mut system = runner(&bao, &https_addr);
    system_trusts(&mut system, &ca);
    assert_eq!(system.token(&["--profile", "ci"]), token);

    // VAULT_CACERT is the only CA trusted for Vault: another one there, the test's CA in the
    // system's store, and the certificate is refused.
    let mut other_ca = runner(&bao, &https_addr);
    other_ca.set_env("VAULT_CACERT", "/etc/ssl/certs/ca-certificates.crt");
    system_trusts(&mut other_ca, &ca);
    let refused = ci_token(&other_ca);
    assert_eq!(refused.status.code(), Some(4), "{}", stderr_of(&refused));
    assert!(stderr_of(&refused).contains("UnknownIssuer"));
}

#[test]
fn a_vault_cacert_that_is_no_certificate_is_named() {
    let (bao, _operator) = team();
    let (https_addr, _) = https(&bao);
    let mut env = runner(&bao, &https_addr);
    let not_pem = env.root().join("not-a-ca.pem");
    std::fs::write(&not_pem, "hello\n").unwrap();
    env.set_env("VAULT_CACERT", &not_pem.display().to_string());
    let refused = ci_token(&env);
    assert!(!refused.status.success());
    let stderr = stderr_of(&refused);
    assert!(
        stderr.contains(&format!(
            "VAULT_CACERT {} is not a PEM certificate",
            not_pem.display()
        )),
        "{stderr}"
    );
}

/// aws-lc's CPU-jitter entropy costs every HTTPS run 50–100 ms of CPU on its first handshake;
/// the build leaves it out (`.cargo/config.toml`), and the binary has none of its code.
#[cfg(target_os = "linux")]
#[test]
fn kcred_is_built_without_cpu_jitter_entropy() {
    let kcred = assert_cmd::cargo::cargo_bin("kcred");
    let symbols = std::process::Command::new("nm")
        .arg(&kcred)
        .output()
        .expect("nm (binutils) is installed");
    assert!(symbols.status.success(), "{symbols:?}");
    let symbols = String::from_utf8_lossy(&symbols.stdout);
    assert!(
        symbols.contains("RAND_bytes"),
        "nm lists aws-lc's symbols in a test build"
    );
    assert!(
        !symbols.contains("jent_entropy_init"),
        "aws-lc was built with CPU jitter entropy"
    );
}

/// A trust-store variable that names a device, a FIFO or a file larger than any CA bundle is
/// refused by name, before anything is read from it (no 4 GiB read of `/dev/zero`, no wait on
/// a FIFO past the timeout); a plain `http://` Vault reads no CA file at all.
#[cfg(target_os = "linux")]
#[test]
fn a_trust_file_that_is_no_regular_file_or_too_large_is_named_and_never_read() {
    let (bao, _operator) = team();
    let (https_addr, _) = https(&bao);
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("ca.fifo");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let huge = dir.path().join("huge.pem");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(17 * 1024 * 1024)
        .unwrap();
    let not_regular = |path: &Path| {
        format!(
            "{} names {}, which is not a regular file",
            "{}",
            path.display()
        )
    };
    let cases = [
        (Path::new("/dev/zero"), not_regular(Path::new("/dev/zero"))),
        (fifo.as_path(), not_regular(&fifo)),
        (
            huge.as_path(),
            format!("{{}} names {}, which is larger than 16 MiB", huge.display()),
        ),
    ];
    for variable in ["VAULT_CACERT", "SSL_CERT_FILE"] {
        for (path, says) in &cases {
            let mut env = runner(&bao, &https_addr);
            env.set_env(variable, &path.display().to_string());
            let refused = ci_token(&env);
            let stderr = stderr_of(&refused);
            assert_eq!(
                refused.status.code(),
                Some(4),
                "{variable}={}: {stderr}",
                path.display()
            );
            assert!(
                stderr.contains(&says.replace("{}", variable)),
                "{variable}={}: {stderr}",
                path.display()
            );
            assert_eq!(
                stderr.lines().filter(|l| l.starts_with("error: ")).count(),
                1
            );
        }
    }
    // Plain HTTP to a loopback Vault: no handshake, so no CA file is opened.
    let mut plain = runner(&bao, &bao.addr);
    plain.set_env("VAULT_CACERT", &fifo.display().to_string());
    assert!(!plain.token(&["--profile", "ci"]).is_empty());
}
