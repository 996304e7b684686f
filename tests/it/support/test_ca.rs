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
        self_signed(
            &path("ca.key"),
            &path("ca.pem"),
            &format!("{name}-ca"),
            &[
                "basicConstraints=critical,CA:TRUE",
                "keyUsage=critical,keyCertSign",
            ],
        );
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

/// A self-signed certificate (RSA 2048, a day) for `subject` with `extensions` (`-addext`),
/// its key and certificate written to `key` and `cert`.
pub fn self_signed(key: &Path, cert: &Path, subject: &str, extensions: &[&str]) {
    let subject = format!("/CN={subject}");
    let (key, cert) = (arg(key.to_path_buf()), arg(cert.to_path_buf()));
    let mut args = vec![
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", &subject,
    ];
    for extension in extensions {
        args.extend(["-addext", extension]);
    }
    args.extend(["-keyout", &key, "-out", &cert]);
    openssl(&args);
}

fn arg(path: PathBuf) -> String {
    path.display().to_string()
}

fn openssl(args: &[&str]) {
    let output = Command::new("openssl").args(args).output().unwrap();
    assert!(output.status.success(), "openssl {args:?}: {output:?}");
}
