//! KakaoCloud Object Storage's credential exchange: an IAM API token for temporary S3
//! credentials (`AssumeRoleWithWebIdentity`), on the Object Storage host itself. No terminal
//! I/O beyond the `-v` request log on stderr.
//!
//! What KakaoCloud documents: an unsigned `POST /` with a JSON body, the token as
//! `WebIdentityToken`, `ProviderId` `iam.kakaocloud.com`, and an AWS-style XML answer whose
//! elements are read by name, namespace or not. Not documented: the limits of
//! `DurationSeconds`, the format of `Expiration` (read here as RFC 3339), the error format.

use crate::error::{Error, ErrorKind, Result};
use crate::http::{Http, Request, malformed, status_error};
use jiff::Timestamp;
use quick_xml::events::Event;
use reqwest::{Method, StatusCode};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

pub const PROVIDER_ID: &str = "iam.kakaocloud.com";

/// Temporary S3 credentials.
pub struct TemporaryCredentials {
    pub access_key_id: String,
    pub secret_access_key: SecretString,
    pub session_token: SecretString,
    pub expiration: Timestamp,
}

/// The non-secret part, as the cache keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemporaryKeyInfo {
    pub access_key_id: String,
    pub expires_at: Timestamp,
}

/// The secret part, kept together as one secret-store entry.
#[derive(Deserialize)]
pub struct TemporarySecrets {
    pub secret_access_key: SecretString,
    pub session_token: SecretString,
}

impl TemporaryCredentials {
    /// What the cache keeps: the key ID and expiry in the clear, both secrets as one entry.
    pub fn split(self) -> Result<(TemporaryKeyInfo, SecretString)> {
        let json = serde_json::json!({
            "secret_access_key": self.secret_access_key.expose_secret(),
            "session_token": self.session_token.expose_secret(),
        });
        Ok((
            TemporaryKeyInfo {
                access_key_id: self.access_key_id,
                expires_at: self.expiration,
            },
            SecretString::from(json.to_string()),
        ))
    }

    pub fn join(info: TemporaryKeyInfo, secret: &SecretString) -> Result<TemporaryCredentials> {
        let secrets: TemporarySecrets = serde_json::from_str(secret.expose_secret())
            .map_err(|_| Error::other("the stored temporary S3 credentials are damaged"))?;
        Ok(TemporaryCredentials {
            access_key_id: info.access_key_id,
            secret_access_key: secrets.secret_access_key,
            session_token: secrets.session_token,
            expiration: info.expires_at,
        })
    }
}

pub struct ObjectStorageClient {
    endpoint: String,
    http: Http,
}

impl ObjectStorageClient {
    pub fn new(endpoint: &str, http: Http) -> Self {
        ObjectStorageClient {
            endpoint: endpoint.trim_end_matches('/').to_string(),
            http: http.with_unreachable_hint(
                "check the Object Storage endpoint (--s3-endpoint) and your network",
            ),
        }
    }

    /// `POST /` with `Action=AssumeRoleWithWebIdentity`: the token's user's roles in the
    /// token's project, as temporary S3 credentials.
    pub fn assume_role_with_web_identity(
        &self,
        token: &SecretString,
        duration_secs: Option<u32>,
    ) -> Result<TemporaryCredentials> {
        let url = format!("{}/", self.endpoint);
        let mut body = serde_json::json!({
            "Action": "AssumeRoleWithWebIdentity",
            "ProviderId": PROVIDER_ID,
            "WebIdentityToken": token.expose_secret(),
        });
        if let Some(duration) = duration_secs {
            body["DurationSeconds"] = duration.into();
        }
        let request = Request::new(Method::POST, url)
            .header("accept", "*/*")?
            .json(&body)
            .carrying(token);
        let answer = self.http.send(&request)?;
        let status = answer.status;
        let text = answer.text();
        if status != StatusCode::OK {
            // `status_error` keeps the token (in the body) out of an echoing server's message.
            let message = xml_text(&text, "Message").unwrap_or_default();
            // A token the service does not take is a rejected credential, 401 or 403.
            let error = status_error(&request, &answer, &message);
            return Err(if status == StatusCode::FORBIDDEN {
                Error::new(ErrorKind::Rejected, error.message()).with_http_status(403)
            } else {
                error
            });
        }
        parse_credentials(&text).map_err(|why| malformed(&request, &answer, &why))
    }
}

/// Reads the credentials out of the XML answer by element name, whatever the namespace.
pub fn parse_credentials(xml: &str) -> std::result::Result<TemporaryCredentials, String> {
    let field = |name: &str| xml_text(xml, name).ok_or(format!("the answer has no {name}"));
    let expiration = field("Expiration")?;
    Ok(TemporaryCredentials {
        access_key_id: field("AccessKeyId")?,
        secret_access_key: SecretString::from(field("SecretAccessKey")?),
        session_token: SecretString::from(field("SessionToken")?),
        expiration: expiration
            .trim()
            .parse()
            .map_err(|_| "its Expiration is not an RFC 3339 time".to_string())?,
    })
}

/// The text of the first element whose local name is `name` (`<a:Name>` and `<Name>` alike).
fn xml_text(xml: &str, name: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut inside = false;
    let mut text = String::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(start) if start.local_name().as_ref() == name.as_bytes() => inside = true,
            Event::Text(t) if inside => text.push_str(&t.decode().ok()?),
            Event::GeneralRef(r) if inside => {
                let entity = r.decode().ok()?;
                text.push_str(&quick_xml::escape::unescape(&format!("&{entity};")).ok()?);
            }
            Event::CData(c) if inside => text.push_str(&String::from_utf8_lossy(&c)),
            Event::End(end) if inside && end.local_name().as_ref() == name.as_bytes() => {
                return Some(text.trim().to_string());
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANSWER: &str = r#"<AssumeRoleWithWebIdentityResponse>
 <AssumeRoleWithWebIdentityResult>
  <SubjectFromWebIdentityToken>u1</SubjectFromWebIdentityToken>
  <Credentials>
   <SessionToken>sess&amp;token</SessionToken><SecretAccessKey>sec</SecretAccessKey>
   <Expiration>2026-11-24T12:00:00Z</Expiration><AccessKeyId>AKID</AccessKeyId>
  </Credentials>
  <Provider>iam.kakaocloud.com</Provider>
 </AssumeRoleWithWebIdentityResult>
</AssumeRoleWithWebIdentityResponse>"#;

    #[test]
    fn reads_the_documented_answer_in_any_order() {
        let creds = parse_credentials(ANSWER).unwrap();
        assert_eq!(creds.access_key_id, "AKID");
        assert_eq!(creds.secret_access_key.expose_secret(), "sec");
        assert_eq!(creds.session_token.expose_secret(), "sess&token");
        assert_eq!(creds.expiration.to_string(), "2026-11-24T12:00:00Z");
    }

    #[test]
    fn namespaces_and_prefixes_do_not_matter() {
        let xml = r#"<r:Response xmlns:r="https://sts.amazonaws.com/doc/2011-06-15/"><r:Credentials>
            <r:AccessKeyId>A</r:AccessKeyId><r:SecretAccessKey>S</r:SecretAccessKey>
            <r:SessionToken>T</r:SessionToken><r:Expiration>2026-11-24T12:00:00.000Z</r:Expiration>
            </r:Credentials></r:Response>"#;
        assert_eq!(parse_credentials(xml).unwrap().access_key_id, "A");
    }

    #[test]
    fn a_missing_field_or_a_bad_expiration_is_an_error() {
        assert!(parse_credentials(&ANSWER.replace("AccessKeyId", "X")).is_err());
        assert!(parse_credentials(&ANSWER.replace("2026-11-24T12:00:00Z", "soon")).is_err());
        assert!(parse_credentials("not xml <<<").is_err());
    }
}

#[cfg(test)]
mod exchange_tests {
    use super::*;
    use crate::http::test_server::{Reply, Server};
    use std::time::Duration;

    fn client(server: &Server) -> ObjectStorageClient {
        let http = Http::new(Duration::from_secs(10), None, None).unwrap();
        ObjectStorageClient::new(&server.url("/"), http)
    }

    const ANSWER: &str = "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>\
        <AccessKeyId>AK</AccessKeyId><SecretAccessKey>SK</SecretAccessKey>\
        <SessionToken>ST</SessionToken><Expiration>2026-11-24T12:00:00Z</Expiration>\
        </Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>";

    #[test]
    fn the_token_is_exchanged_as_documented() {
        let server = Server::start(vec![Reply::status(200, ANSWER)]);
        let token = SecretString::from("gAAAAtok");
        let creds = client(&server)
            .assume_role_with_web_identity(&token, Some(900))
            .unwrap();
        assert_eq!(creds.access_key_id, "AK");
        let seen = &server.seen()[0];
        assert_eq!((seen.method.as_str(), seen.target.as_str()), ("POST", "/"));
        let body: serde_json::Value = serde_json::from_str(&seen.body).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"Action": "AssumeRoleWithWebIdentity", "ProviderId": "iam.kakaocloud.com",
                               "WebIdentityToken": "gAAAAtok", "DurationSeconds": 900})
        );
        let server = Server::start(vec![Reply::status(200, ANSWER)]);
        client(&server)
            .assume_role_with_web_identity(&token, None)
            .unwrap();
        let body: serde_json::Value = serde_json::from_str(&server.seen()[0].body).unwrap();
        assert!(body.get("DurationSeconds").is_none());
    }

    #[test]
    fn a_refused_token_is_rejected_and_its_echo_redacted() {
        let echo = "<ErrorResponse><Error><Code>AccessDenied</Code>\
            <Message>token gAAAAtok is not valid</Message></Error></ErrorResponse>";
        let token = SecretString::from("gAAAAtok");
        for status in [401, 403] {
            let server = Server::start(vec![Reply::status(status, echo)]);
            let err = client(&server)
                .assume_role_with_web_identity(&token, None)
                .err()
                .unwrap();
            assert_eq!(err.kind(), ErrorKind::Rejected, "{status}");
            assert_eq!(err.http_status(), Some(status));
            assert!(
                err.message().ends_with("token [redacted] is not valid"),
                "{}",
                err.message()
            );
        }
        let server = Server::start(vec![Reply::status(400, "plain text")]);
        let err = client(&server)
            .assume_role_with_web_identity(&token, None)
            .err()
            .unwrap();
        assert_eq!(err.kind(), ErrorKind::Other);
        assert!(
            err.message().ends_with("400 Bad Request"),
            "{}",
            err.message()
        );
    }

    #[test]
    fn a_200_without_credentials_is_malformed() {
        let server = Server::start(vec![Reply::status(200, "<Response/>")]);
        let err = client(&server)
            .assume_role_with_web_identity(&SecretString::from("t"), None)
            .err()
            .unwrap();
        assert_eq!(err.kind(), ErrorKind::Network);
        assert!(
            err.message()
                .ends_with("unexpected answer: the answer has no Expiration"),
            "{}",
            err.message()
        );
    }

    #[test]
    fn credentials_split_for_the_cache_and_join_back() {
        let creds = parse_credentials(ANSWER).unwrap();
        let (info, secret) = creds.split().unwrap();
        assert_eq!(info.access_key_id, "AK");
        assert!(!serde_json::to_string(&info).unwrap().contains("SK"));
        let joined = TemporaryCredentials::join(info.clone(), &secret).unwrap();
        assert_eq!(joined.secret_access_key.expose_secret(), "SK");
        assert_eq!(joined.session_token.expose_secret(), "ST");
        assert_eq!(joined.expiration, info.expires_at);
        for damaged in ["", "{}", "{\"secret_access_key\":\"SK\"}", "SK"] {
            let err = TemporaryCredentials::join(info.clone(), &SecretString::from(damaged))
                .err()
                .unwrap();
            assert_eq!(
                err.message(),
                "the stored temporary S3 credentials are damaged"
            );
        }
    }

    #[test]
    fn element_text_is_the_first_element_s_whole_text() {
        let xml =
            "<R><Message>first <![CDATA[<part>]]> &lt;3</Message><Message>second</Message></R>";
        assert_eq!(xml_text(xml, "Message").as_deref(), Some("first <part> <3"));
        assert_eq!(xml_text("<R><Message/></R>", "Message"), None);
        assert_eq!(xml_text("<R><Message>unclosed", "Message"), None);
        assert_eq!(
            xml_text("<R><XMessage>x</XMessage></R>", "Message"),
            None,
            "by the whole local name"
        );
        assert_eq!(
            xml_text("<R><Message>  padded\n</Message></R>", "Message").as_deref(),
            Some("padded")
        );
    }
}
