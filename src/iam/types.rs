//! Request and response bodies of KakaoCloud's identity API (OpenStack Keystone v3).

use crate::config::AccessKey;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
#[cfg(test)]
use serde_json::json;

/// The body of `POST /auth/tokens` for either of KakaoCloud's two methods. It borrows the
/// secret rather than holding a copy of its own: the only copy made is the request body, which
/// is wiped after use.
pub fn token_request<'a>(key: &'a AccessKey, secret: &'a str) -> impl Serialize + 'a {
    let credential = match key {
        AccessKey::Id(id) => Credential::Id { id, secret },
        AccessKey::Name { name, user_id } => Credential::Name {
            name,
            secret,
            user: User { id: user_id },
        },
    };
    TokenRequest {
        auth: Auth {
            identity: Identity {
                application_credential: credential,
                methods: ["application_credential"],
            },
        },
    }
}

#[derive(Serialize)]
struct TokenRequest<'a> {
    auth: Auth<'a>,
}

#[derive(Serialize)]
struct Auth<'a> {
    identity: Identity<'a>,
}

#[derive(Serialize)]
struct Identity<'a> {
    application_credential: Credential<'a>,
    methods: [&'static str; 1],
}

#[derive(Serialize)]
#[serde(untagged)]
enum Credential<'a> {
    Id {
        id: &'a str,
        secret: &'a str,
    },
    Name {
        name: &'a str,
        secret: &'a str,
        user: User<'a>,
    },
}

#[derive(Serialize)]
struct User<'a> {
    id: &'a str,
}

/// What a token says about itself: when it dies, whose it is, which project it is bound to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenInfo {
    pub expires_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_at: Option<Timestamp>,
    pub user_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_name: Option<String>,
    /// The ID of the IAM access key that issued the token, when the server says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_id: Option<String>,
    /// That key's name, when the server says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_name: Option<String>,
    /// Whether that key is restricted: its tokens may list access keys but not create or
    /// delete them (`application_credential.restricted`), when the server says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_restricted: Option<bool>,
    /// When that key expires (`application_credential.expires_at`), when the server says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_expires_at: Option<Timestamp>,
}

#[derive(Deserialize)]
pub(super) struct TokenBody {
    token: TokenFields,
}

#[derive(Deserialize)]
struct TokenFields {
    expires_at: Option<String>,
    issued_at: Option<String>,
    user: Option<IdName>,
    project: Option<IdName>,
    application_credential: Option<KeyRef>,
}

#[derive(Deserialize)]
struct IdName {
    id: String,
    name: Option<String>,
}

#[derive(Deserialize)]
struct KeyRef {
    id: String,
    name: Option<String>,
    restricted: Option<bool>,
    expires_at: Option<String>,
}

impl TokenBody {
    /// Checks what kcred relies on: an `expires_at` it can read and a user.
    pub(super) fn into_info(self) -> Result<TokenInfo, String> {
        let token = self.token;
        let expires_at = token
            .expires_at
            .ok_or("the token has no expires_at")?
            .parse::<Timestamp>()
            .map_err(|_| "the token's expires_at is not an RFC 3339 time")?;
        let issued_at = token.issued_at.and_then(|t| t.parse::<Timestamp>().ok());
        let user = token.user.ok_or("the token names no user")?;
        Ok(TokenInfo {
            expires_at,
            issued_at,
            user_id: user.id,
            project_id: token.project.as_ref().map(|p| p.id.clone()),
            project_name: token.project.and_then(|p| p.name),
            access_key_id: token.application_credential.as_ref().map(|c| c.id.clone()),
            access_key_restricted: token
                .application_credential
                .as_ref()
                .and_then(|c| c.restricted),
            access_key_expires_at: token
                .application_credential
                .as_ref()
                .and_then(|c| c.expires_at.as_deref())
                .and_then(keystone_timestamp),
            access_key_name: token.application_credential.and_then(|c| c.name),
        })
    }
}

/// Keystone's error body: `{"error":{"code":401,"message":"…","title":"Unauthorized"}}`.
#[derive(Deserialize)]
pub(super) struct ErrorBody {
    pub error: ErrorFields,
}

#[derive(Deserialize)]
pub(super) struct ErrorFields {
    pub message: Option<String>,
    pub title: Option<String>,
}

/// An IAM access key as listed: never its secret.
#[derive(Debug, Clone, Deserialize)]
pub struct AccessKeyInfo {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub project_id: Option<String>,
    #[serde(default, deserialize_with = "keystone_time")]
    pub expires_at: Option<String>,
}

/// A time as Keystone writes it (`2027-06-30T00:00:00.000000`, UTC without a zone), as the
/// RFC 3339 every other time kcred prints is (`2027-06-30T00:00:00Z`). A time it cannot read
/// is kept as it came.
fn keystone_time<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    let text: Option<String> = Option::deserialize(deserializer)?;
    Ok(text.map(|text| rfc3339_utc(&text).unwrap_or(text)))
}

fn rfc3339_utc(text: &str) -> Option<String> {
    keystone_timestamp(text).map(|at| at.to_string())
}

/// A time as Keystone writes it (with or without a zone; without, UTC).
pub fn keystone_timestamp(text: &str) -> Option<Timestamp> {
    match text.parse::<Timestamp>() {
        Ok(at) => Some(at),
        Err(_) => jiff::tz::TimeZone::UTC
            .to_timestamp(text.parse::<jiff::civil::DateTime>().ok()?)
            .ok(),
    }
}

impl AccessKeyInfo {
    /// When the key expires, when it does and the server said so readably.
    pub fn expiry(&self) -> Option<Timestamp> {
        self.expires_at.as_deref().and_then(keystone_timestamp)
    }
}

impl CreatedAccessKey {
    /// When the key expires, when it does.
    pub fn expiry(&self) -> Option<Timestamp> {
        self.expires_at.as_deref().and_then(keystone_timestamp)
    }
}

#[derive(Deserialize)]
pub(super) struct ApplicationCredentials {
    pub application_credentials: Vec<AccessKeyInfo>,
}

/// The body of a new IAM access key. `unrestricted` lets the key's tokens manage access keys
/// themselves, as a key made in the KakaoCloud console can (and `kcred iam-key rotate` needs).
#[derive(Debug, Serialize)]
pub struct NewAccessKey {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    pub unrestricted: bool,
}

/// A just-created IAM access key with the secret the server shows once.
#[derive(Deserialize)]
pub struct CreatedAccessKey {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub project_id: Option<String>,
    #[serde(default, deserialize_with = "keystone_time")]
    pub expires_at: Option<String>,
    pub secret: secrecy::SecretString,
}

#[derive(Deserialize)]
pub(super) struct CreatedApplicationCredential {
    pub application_credential: CreatedAccessKey,
}

/// An S3 access key as listed. The server sends the secret along; it is not kept.
#[derive(Debug, Clone, Deserialize)]
pub struct S3KeyInfo {
    pub access: String,
    #[serde(default)]
    pub tenant_id: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct Ec2Credentials {
    pub credentials: Vec<S3KeyInfo>,
}

/// A just-created S3 access key with its secret.
#[derive(Deserialize)]
pub struct CreatedS3Key {
    pub access: String,
    #[serde(default)]
    pub tenant_id: Option<String>,
    pub secret: secrecy::SecretString,
}

#[derive(Deserialize)]
pub(super) struct CreatedEc2Credential {
    pub credential: CreatedS3Key,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ProjectInfo {
    pub id: String,
    pub name: String,
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
}

fn enabled_by_default() -> bool {
    true
}

#[derive(Deserialize)]
pub(super) struct Projects {
    pub projects: Vec<ProjectInfo>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_one_body_is_exactly_as_documented() {
        let key = AccessKey::Id("KEYID".into());
        let body = token_request(&key, "S3CRET");
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"auth":{"identity":{"application_credential":{"id":"KEYID","secret":"S3CRET"},"methods":["application_credential"]}}}"#
        );
    }

    #[test]
    fn method_two_body_names_the_user() {
        let key = AccessKey::Name {
            name: "ci".into(),
            user_id: "UID".into(),
        };
        let body = serde_json::to_value(token_request(&key, "S3CRET")).unwrap();
        assert_eq!(
            body["auth"]["identity"]["application_credential"],
            json!({"name": "ci", "secret": "S3CRET", "user": {"id": "UID"}})
        );
    }

    #[test]
    fn token_body_gives_expiry_user_and_project() {
        let body: TokenBody = serde_json::from_str(
            r#"{"token":{"expires_at":"2026-11-24T12:13:42.000000Z","issued_at":"2026-11-24T00:13:42.000000Z",
            "user":{"id":"u1","name":"alice"},"project":{"id":"p1","name":"demo"},
            "application_credential":{"id":"k1","name":"ci","restricted":false}}}"#,
        )
        .unwrap();
        let info = body.into_info().unwrap();
        assert_eq!(info.expires_at.to_string(), "2026-11-24T12:13:42Z");
        assert_eq!(info.user_id, "u1");
        assert_eq!(info.project_id.as_deref(), Some("p1"));
        assert_eq!(info.project_name.as_deref(), Some("demo"));
        assert_eq!(info.access_key_id.as_deref(), Some("k1"));
        assert_eq!(info.access_key_restricted, Some(false));
    }

    /// What a token body whose `application_credential` is `key` says of it.
    fn info_with_key(key: &str) -> TokenInfo {
        let text = format!(
            r#"{{"token":{{"expires_at":"2026-11-24T12:13:42Z","user":{{"id":"u1"}},
            "application_credential":{key}}}}}"#
        );
        let body: TokenBody = serde_json::from_str(&text).unwrap();
        body.into_info().unwrap()
    }

    #[test]
    fn token_body_says_whether_its_key_is_restricted_when_the_server_does() {
        let read = |key: &str| info_with_key(key).access_key_restricted;
        assert_eq!(read(r#"{"id":"k1","restricted":true}"#), Some(true));
        assert_eq!(read(r#"{"id":"k1"}"#), None);
    }

    #[test]
    fn token_body_gives_its_key_s_expiry_when_the_server_does() {
        let read = |key: &str| info_with_key(key).access_key_expires_at;
        assert_eq!(
            read(r#"{"id":"k1","expires_at":"2027-06-30T00:00:00.000000"}"#),
            Some("2027-06-30T00:00:00Z".parse().unwrap())
        );
        assert_eq!(read(r#"{"id":"k1","expires_at":null}"#), None);
        assert_eq!(read(r#"{"id":"k1","expires_at":"soon"}"#), None);
    }

    #[test]
    fn token_body_without_a_readable_expiry_is_refused() {
        for text in [
            r#"{"token":{"user":{"id":"u"}}}"#,
            r#"{"token":{"expires_at":"tomorrow","user":{"id":"u"}}}"#,
        ] {
            let body: TokenBody = serde_json::from_str(text).unwrap();
            assert!(body.into_info().is_err(), "{text}");
        }
    }

    #[test]
    fn key_expiry_is_printed_as_rfc3339_in_utc() {
        assert_eq!(
            rfc3339_utc("2027-06-30T00:00:00.000000").as_deref(),
            Some("2027-06-30T00:00:00Z")
        );
        assert_eq!(
            rfc3339_utc("2027-06-30T09:00:00+09:00").as_deref(),
            Some("2027-06-30T00:00:00Z")
        );
        assert_eq!(rfc3339_utc("soon"), None);
    }
}

#[cfg(test)]
mod parsing_tests {
    use super::*;

    fn info(token: serde_json::Value) -> Result<TokenInfo, String> {
        let body: TokenBody = serde_json::from_value(json!({ "token": token })).unwrap();
        body.into_info()
    }

    #[test]
    fn a_token_that_names_no_user_is_refused() {
        let err = info(json!({"expires_at": "2026-11-24T12:13:42Z"})).unwrap_err();
        assert_eq!(err, "the token names no user");
    }

    #[test]
    fn a_token_without_project_or_key_or_a_readable_issue_time_is_still_a_token() {
        let read = info(json!({
            "expires_at": "2026-11-24T12:13:42Z",
            "issued_at": "yesterday",
            "user": {"id": "u"}
        }))
        .unwrap();
        assert_eq!(read.issued_at, None);
        assert_eq!(read.project_id, None);
        assert_eq!(read.access_key_id, None);
        assert_eq!(read.access_key_restricted, None);
    }

    #[test]
    fn a_token_body_of_the_wrong_shape_does_not_parse() {
        for body in [
            json!({}),
            json!({"token": null}),
            json!({"token": {"user": {"name": "no id"}}}),
            json!({"token": {"expires_at": 12}}),
        ] {
            assert!(
                serde_json::from_value::<TokenBody>(body.clone()).is_err(),
                "{body}"
            );
        }
    }

    #[test]
    fn keystone_times_are_read_with_or_without_a_zone() {
        let at = |text: &str| keystone_timestamp(text).map(|t| t.to_string());
        assert_eq!(
            at("2027-06-30T00:00:00.000000").as_deref(),
            Some("2027-06-30T00:00:00Z")
        );
        assert_eq!(
            at("2027-06-30T00:00:00.5Z").as_deref(),
            Some("2027-06-30T00:00:00.5Z")
        );
        assert_eq!(
            at("2027-06-30T09:00:00+09:00").as_deref(),
            Some("2027-06-30T00:00:00Z")
        );
        assert_eq!(
            at("2027-06-30").as_deref(),
            Some("2027-06-30T00:00:00Z"),
            "a date alone is its first moment, in UTC"
        );
        for bad in ["", "2027-13-01T00:00:00", "2027-06-30T25:00:00", "never"] {
            assert_eq!(at(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_listed_key_keeps_an_unreadable_expiry_as_it_came_and_has_no_expiry() {
        let key: AccessKeyInfo =
            serde_json::from_value(json!({"id": "a", "name": "n", "expires_at": "soon"})).unwrap();
        assert_eq!(key.expires_at.as_deref(), Some("soon"));
        assert_eq!(key.expiry(), None);
        let key: AccessKeyInfo = serde_json::from_value(json!({"id": "a", "name": "n"})).unwrap();
        assert_eq!(
            (key.expires_at, key.description, key.project_id),
            (None, None, None)
        );
        assert!(serde_json::from_value::<AccessKeyInfo>(json!({"id": "a"})).is_err());
    }

    #[test]
    fn a_created_key_without_its_secret_is_not_a_created_key() {
        let body = json!({"application_credential": {"id": "a", "name": "n"}});
        assert!(serde_json::from_value::<CreatedApplicationCredential>(body).is_err());
        let body = json!({"application_credential": {
            "id": "a", "name": "n", "secret": "s", "expires_at": "2027-06-30T00:00:00"}});
        let created: CreatedApplicationCredential = serde_json::from_value(body).unwrap();
        assert_eq!(
            created.application_credential.expiry(),
            Some("2027-06-30T00:00:00Z".parse().unwrap())
        );
    }

    #[test]
    fn a_listed_s3_key_keeps_no_secret_the_server_sends_along() {
        let list: Ec2Credentials = serde_json::from_value(json!({"credentials": [
            {"access": "AK", "secret": "the-s3-secret", "tenant_id": "p1", "user_id": "u"}
        ]}))
        .unwrap();
        let shown = format!("{:?}", list.credentials);
        assert!(!shown.contains("the-s3-secret"), "{shown}");
        assert_eq!(list.credentials[0].tenant_id.as_deref(), Some("p1"));
        let created: CreatedEc2Credential =
            serde_json::from_value(json!({"credential": {"access": "AK", "secret": "s"}})).unwrap();
        assert_eq!(created.credential.tenant_id, None);
        assert!(
            serde_json::from_value::<CreatedEc2Credential>(json!({"credential": {"access": "AK"}}))
                .is_err()
        );
    }

    #[test]
    fn a_project_is_enabled_unless_it_says_otherwise() {
        let projects: Projects = serde_json::from_value(json!({"projects": [
            {"id": "a", "name": "on"},
            {"id": "b", "name": "off", "enabled": false}
        ]}))
        .unwrap();
        let enabled: Vec<bool> = projects.projects.iter().map(|p| p.enabled).collect();
        assert_eq!(enabled, [true, false]);
    }

    #[test]
    fn a_new_key_body_leaves_out_what_is_not_set() {
        let bare = NewAccessKey {
            name: "n".into(),
            description: None,
            expires_at: None,
            unrestricted: false,
        };
        assert_eq!(
            serde_json::to_value(&bare).unwrap(),
            json!({"name": "n", "unrestricted": false})
        );
        let full = NewAccessKey {
            description: Some("d".into()),
            expires_at: Some("2027-01-01T00:00:00Z".into()),
            ..bare
        };
        assert_eq!(
            serde_json::to_value(&full).unwrap(),
            json!({"name": "n", "description": "d",
                   "expires_at": "2027-01-01T00:00:00Z", "unrestricted": false})
        );
    }

    #[test]
    fn a_keystone_error_body_may_lack_a_message() {
        let body: ErrorBody =
            serde_json::from_value(json!({"error": {"code": 500, "title": "Oops"}})).unwrap();
        assert_eq!(
            (body.error.message, body.error.title.as_deref()),
            (None, Some("Oops"))
        );
        assert!(serde_json::from_value::<ErrorBody>(json!({"message": "x"})).is_err());
    }
}
