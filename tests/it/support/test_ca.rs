//! A CA of a test's own and a server certificate it signed for 127.0.0.1, made with the
//! `openssl` command in the test's directory: servers under test speak real HTTPS, and clients
//! trust them through that CA, never by turning verification off.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct TestCa {
    /// The CA certificate (PEM): what clients are told to trust.
    pub ca: PathBuf,
    /// The server's certificate and key (PEM), for `127.0.0.1`.
    pub server_cert: PathBuf,
    pub server_key: PathBuf,
}

impl TestCa {
    /// Makes `ca.pem` (with `ca.key`), `tls.crt` and `tls.key` in `dir`.
    pub fn make(dir: &Path, name: &str) -> TestCa {
        let path = |file: &str| dir.join(file);
        openssl(&[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            &format!("/CN={name}-ca"),
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign",
            "-keyout",
            &arg(path("ca.key")),
            "-out",
            &arg(path("ca.pem")),
        ]);
        openssl(&[
            "req",
            "-new",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            &arg(path("tls.key")),
            "-out",
            &arg(path("tls.csr")),
        ]);
        std::fs::write(
            path("tls.ext"),
            "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n",
        )
        .unwrap();
        openssl(&[
            "x509",
            "-req",
            "-days",
            "1",
            "-in",
            &arg(path("tls.csr")),
            "-CA",
            &arg(path("ca.pem")),
            "-CAkey",
            &arg(path("ca.key")),
            "-CAcreateserial",
            "-extfile",
            &arg(path("tls.ext")),
            "-out",
            &arg(path("tls.crt")),
        ]);
        TestCa {
            ca: path("ca.pem"),
            server_cert: path("tls.crt"),
            server_key: path("tls.key"),
        }
    }
}

pub fn arg(path: PathBuf) -> String {
    path.display().to_string()
}

pub fn openssl(args: &[&str]) {
    let output = Command::new("openssl").args(args).output().unwrap();
    assert!(output.status.success(), "openssl {args:?}: {output:?}");
}
