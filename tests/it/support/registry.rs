//! A real container registry on 127.0.0.1 (Debian's `docker-registry`, distribution 2.8) that
//! authenticates the way KakaoCloud Container Registry does: its token service
//! (tests/registry/token_service.py) takes an IAM access key ID and secret as the Basic-auth
//! pair and checks them by issuing a token from the test Keystone. One per test.
//!
//! Both serve HTTPS, as KCR does, with a certificate from a CA of the harness's own: clients
//! trust it through `SSL_CERT_FILE` (the system's CA setting, which Go's TLS reads), not by
//! turning verification off.

use super::keystone::{keystone, venv_bin};
use super::test_ca::{TestCa, self_signed};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Registry {
    /// `127.0.0.1:PORT`, as clients name it.
    pub host: String,
    dir: tempfile::TempDir,
    children: Vec<Child>,
}

impl Registry {
    pub fn start() -> Registry {
        let program = which("docker-registry")
            .expect("docker-registry is installed (scripts/setup installs it)");
        let dir = tempfile::Builder::new()
            .prefix("kcred-registry-")
            .tempdir()
            .unwrap();
        let path = |name: &str| dir.path().join(name);
        // The token service's signing key, and the CA and the server certificate for TLS.
        self_signed(
            &path("key.pem"),
            &path("cert.pem"),
            "kcred-test-token-service",
            &[],
        );
        let tls = TestCa::make(dir.path(), "kcred-test-registry");
        let mut children = Vec::new();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/registry/token_service.py");
        children.push(
            Command::new(venv_bin("python"))
                .arg(&script)
                .arg(&keystone().endpoint)
                .arg(path("key.pem"))
                .arg(path("cert.pem"))
                .arg("kcred-test-token-service")
                .arg(path("token.port"))
                .arg(&tls.server_cert)
                .arg(&tls.server_key)
                .stdout(std::fs::File::create(path("token.log")).unwrap())
                .stderr(std::fs::File::create(path("token.err")).unwrap())
                .spawn()
                .unwrap(),
        );
        let token_port = wait_for_file(&path("token.port"), &path("token.err"));
        let port = super::free_port();
        let config = format!(
            "version: 0.1\n\
             log: {{level: warn}}\n\
             storage: {{filesystem: {{rootdirectory: {data}}}, delete: {{enabled: true}}}}\n\
             http: {{addr: 127.0.0.1:{port}, tls: {{certificate: {tls_crt}, key: {tls_key}}}}}\n\
             auth:\n  token:\n    realm: https://127.0.0.1:{token_port}/token\n    \
             service: kcred-test-registry\n    issuer: kcred-test-token-service\n    \
             rootcertbundle: {cert}\n",
            data = path("data").display(),
            cert = path("cert.pem").display(),
            tls_crt = tls.server_cert.display(),
            tls_key = tls.server_key.display(),
        );
        std::fs::write(path("config.yml"), config).unwrap();
        children.push(
            Command::new(program)
                .arg("serve")
                .arg(path("config.yml"))
                .stdout(Stdio::null())
                .stderr(std::fs::File::create(path("registry.log")).unwrap())
                .spawn()
                .unwrap(),
        );
        let registry = Registry {
            host: format!("127.0.0.1:{port}"),
            dir,
            children,
        };
        registry.wait_until_up();
        registry
    }

    /// The CA that signed the registry's and the token service's certificate.
    pub fn ca_file(&self) -> PathBuf {
        self.dir.path().join("ca.pem")
    }

    fn wait_until_up(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        let url = format!("https://{}/v2/", self.host);
        let ca = std::fs::read(self.ca_file()).unwrap();
        let http = reqwest::blocking::Client::builder()
            .tls_certs_only([reqwest::Certificate::from_pem(&ca).unwrap()])
            .build()
            .unwrap();
        loop {
            if let Ok(answer) = http.get(&url).send()
                && answer.status() == 401
            {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the registry did not come up: {}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// What the registry and its token service said, for a failed assertion.
    pub fn log(&self) -> String {
        ["registry.log", "token.log", "token.err"]
            .iter()
            .map(|name| {
                let text = std::fs::read_to_string(self.dir.path().join(name)).unwrap_or_default();
                format!("--- {name}\n{text}")
            })
            .collect()
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn wait_for_file(path: &Path, errors: &Path) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(text) = std::fs::read_to_string(path) {
            return text.trim().to_string();
        }
        assert!(
            Instant::now() < deadline,
            "the token service did not start: {}",
            std::fs::read_to_string(errors).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A program on PATH; `None` when it is not installed.
pub fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}
