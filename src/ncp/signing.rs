//! NAVER Cloud Platform API Gateway signature v2:
//! `base64(hmac_sha256(secret, METHOD + " " + URI + "\n" + TIMESTAMP + "\n" + ACCESS_KEY))`,
//! where URI is the path with its query string exactly as sent, and TIMESTAMP is Unix epoch
//! milliseconds. The body is not signed.

use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub fn string_to_sign(method: &str, uri: &str, timestamp_ms: &str, access_key: &str) -> String {
    format!("{method} {uri}\n{timestamp_ms}\n{access_key}")
}

pub fn signature(
    method: &str,
    uri: &str,
    timestamp_ms: &str,
    access_key: &str,
    secret: &str,
) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(string_to_sign(method, uri, timestamp_ms, access_key).as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "AKIAEXAMPLE000000000";
    const SECRET: &str = "SECRETEXAMPLE0000000000000000000000000000";

    #[test]
    fn reference_vector_post_credentials() {
        let text = string_to_sign("POST", "/api/v1/credentials", "1700000000000", KEY);
        assert_eq!(text.len(), 59);
        assert_eq!(
            signature("POST", "/api/v1/credentials", "1700000000000", KEY, SECRET),
            "z+npQDLCG5gr0KarB+RzqZqVXZ9f82LVn5dQbtcFe/Y="
        );
    }

    #[test]
    fn reference_vector_get_credentials() {
        assert_eq!(
            string_to_sign("GET", "/api/v1/credentials", "1700000000000", KEY).len(),
            58
        );
        assert_eq!(
            signature("GET", "/api/v1/credentials", "1700000000000", KEY, SECRET),
            "odm0tIbAgzuhFT5FeWWJF9WdQomAbEIvlAOrqz5MgHo="
        );
    }

    #[test]
    fn ncp_iam_authenticator_vector() {
        assert_eq!(
            signature(
                "GET",
                "/cluster/kubeconfig",
                "1668407407855",
                "access",
                "secret"
            ),
            "LTJli9+OKT2KvUXxiKslMfu5FIOmDN83avehOvgUFp0="
        );
    }
}
