//! Whom kcred's HTTPS clients trust, set up so that a run pays for it only when it makes a TLS
//! handshake.
//!
//! The system's CA certificates are read on the first handshake that needs them, once a
//! process, not when a client is built: a run that talks only to a loopback `http://` server
//! (a local Vault or Vault Agent, the test Keystone) or makes no request at all never reads or
//! parses them. On Linux that is the whole CA bundle and then every file of `/etc/ssl/certs`
//! again (`rustls-native-certs`, as `SSL_CERT_FILE` / `SSL_CERT_DIR` direct it), which cost a
//! warm shared token more than its two Vault reads.
//!
//! A server with a CA of its own (`VAULT_CACERT`) is trusted through that CA only, as Vault's
//! own client does it; nothing of the system's is read for it.

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::sync::{Arc, OnceLock};

/// The most a CA file may hold: Debian's whole bundle is about 200 KiB, and no bundle comes
/// near this. A file named by a variable is never read past it.
pub const MAX_CA_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Checks the file `variable` names as a CA file: a regular file (not a device such as
/// `/dev/zero`, not a FIFO that would block), at most [`MAX_CA_FILE_BYTES`]. Returns it opened.
fn open_ca_file(variable: &str, path: &std::path::Path) -> Result<std::fs::File, String> {
    let shown = path.display();
    // `/dev/null` is how a machine says "no CA certificates": it reads empty.
    let null = path == std::path::Path::new("/dev/null");
    let usable = |meta: &std::fs::Metadata| {
        if !meta.is_file() && !null {
            Err(format!(
                "{variable} names {shown}, which is not a regular file"
            ))
        } else if meta.len() > MAX_CA_FILE_BYTES {
            Err(format!(
                "{variable} names {shown}, which is larger than {} MiB, more than any CA bundle",
                MAX_CA_FILE_BYTES / (1024 * 1024)
            ))
        } else {
            Ok(())
        }
    };
    let cannot =
        |err: std::io::Error| format!("{variable} names {shown}, which cannot be read: {err}");
    usable(&std::fs::metadata(path).map_err(cannot)?)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    // A FIFO swapped in after the check must not block the open.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path).map_err(cannot)?;
    // The file opened is the one checked.
    usable(&file.metadata().map_err(cannot)?)?;
    Ok(file)
}

/// The contents of the CA file `variable` names, checked as [`open_ca_file`] says.
pub fn read_ca_file(variable: &str, path: &std::path::Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let file = open_ca_file(variable, path)?;
    let mut pem = Vec::new();
    file.take(MAX_CA_FILE_BYTES + 1)
        .read_to_end(&mut pem)
        .map_err(|err| {
            format!(
                "{variable} names {}, which cannot be read: {err}",
                path.display()
            )
        })?;
    if pem.len() as u64 > MAX_CA_FILE_BYTES {
        return Err(format!(
            "{variable} names {}, which is larger than {} MiB, more than any CA bundle",
            path.display(),
            MAX_CA_FILE_BYTES / (1024 * 1024)
        ));
    }
    Ok(pem)
}

/// `SSL_CERT_FILE`, which the system's trust store is read from on Linux, checked before it
/// is read: a device or a FIFO there would exhaust the memory or block past any timeout.
fn check_system_ca_file(ca_file: Option<&std::path::Path>) -> Result<(), String> {
    #[cfg(all(unix, not(target_os = "macos")))]
    if let Some(path) = ca_file {
        open_ca_file("SSL_CERT_FILE", path)?;
    }
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    let _ = ca_file;
    Ok(())
}

/// Who vouches for the servers a client talks to.
pub enum Trust {
    /// The operating system's trust store (its CA certificates, or the platform's verifier on
    /// Windows and macOS), read when first needed; on Linux from `ca_file` (`SSL_CERT_FILE`)
    /// when one is named.
    System { ca_file: Option<std::path::PathBuf> },
    /// These CA certificates and nothing else.
    Only(Vec<CertificateDer<'static>>),
}

impl Trust {
    /// The CA certificates of a PEM file's text (one or a bundle).
    pub fn only_pem(pem: &[u8]) -> Result<Trust, String> {
        let certs = CertificateDer::pem_slice_iter(pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|err| format!("{err:?}"))?;
        if certs.is_empty() {
            return Err("no certificate in it".to_string());
        }
        Ok(Trust::Only(certs))
    }
}

/// The TLS settings of a client that trusts `trust`: TLS 1.2 and 1.3, HTTP/1.1 by ALPN, the
/// same choices reqwest makes on its own.
pub fn client_config(trust: Trust) -> Result<ClientConfig, String> {
    let provider = provider();
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|err| err.to_string())?;
    let mut config = match trust {
        Trust::System { ca_file } => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(SystemVerifier {
                algorithms: provider.signature_verification_algorithms,
                ca_file,
            }))
            .with_no_client_auth(),
        Trust::Only(certs) => {
            let mut roots = RootCertStore::empty();
            for cert in certs {
                roots.add(cert).map_err(|err| err.to_string())?;
            }
            builder.with_root_certificates(roots).with_no_client_auth()
        }
    };
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

fn provider() -> Arc<CryptoProvider> {
    CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::aws_lc_rs::default_provider()))
}

/// The platform's verifier, made on the first certificate it is asked about and shared by
/// every client of the process. An error (no CA certificate on the system) is kept too: it is
/// each handshake's answer.
fn system_verifier(
    ca_file: Option<&std::path::Path>,
) -> Result<&'static Arc<rustls_platform_verifier::Verifier>, rustls::Error> {
    static VERIFIER: OnceLock<Result<Arc<rustls_platform_verifier::Verifier>, rustls::Error>> =
        OnceLock::new();
    VERIFIER
        .get_or_init(|| {
            check_system_ca_file(ca_file).map_err(rustls::Error::General)?;
            rustls_platform_verifier::Verifier::new(provider()).map(Arc::new)
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Verifies a server's certificate with the platform's verifier, made when first needed.
/// Signatures of the handshake itself need no CA, so they are checked without it.
#[derive(Debug)]
struct SystemVerifier {
    algorithms: WebPkiSupportedAlgorithms,
    ca_file: Option<std::path::PathBuf>,
}

impl ServerCertVerifier for SystemVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        system_verifier(self.ca_file.as_deref())?.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        )
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hybrid_post_quantum_key_exchange_is_offered_first() {
        // A server that prefers it (Go's TLS, so Vault's) would otherwise answer the first
        // ClientHello with a HelloRetryRequest: one more round trip on every connection.
        for trust in [Trust::System { ca_file: None }, Trust::Only(Vec::new())] {
            let config = client_config(trust).unwrap();
            let first = config.crypto_provider().kx_groups[0].name();
            assert_eq!(first, rustls::NamedGroup::X25519MLKEM768);
        }
    }

    #[test]
    fn a_pem_file_without_a_certificate_is_refused() {
        assert!(Trust::only_pem(b"not a certificate").is_err());
        assert!(Trust::only_pem(b"").is_err());
    }

    #[test]
    fn the_system_verifier_offers_the_schemes_the_platforms_would() {
        let ours = SystemVerifier {
            algorithms: provider().signature_verification_algorithms,
            ca_file: None,
        };
        let platform = rustls_platform_verifier::Verifier::new(provider()).unwrap();
        assert_eq!(
            ours.supported_verify_schemes(),
            platform.supported_verify_schemes()
        );
    }
}
