//! KMS request and response bodies, as KakaoCloud's Go SDK defines them (`kc-sdk-go`,
//! `services/kms`, "kms API" v1.3.5): snake_case fields, every response field optional.

use serde::{Deserialize, Serialize};

/// `KeyPurpose` (`--usage` on the command line).
pub const KEY_PURPOSES: &[&str] = &[
    "SYMMETRIC_ENCRYPT_DECRYPT",
    "ASYMMETRIC_ENCRYPT_DECRYPT",
    "DIGITAL_SIGNATURE",
    "HMAC",
];

/// `KeyAlgorithm`.
pub const KEY_ALGORITHMS: &[&str] = &[
    "AES256-GCM96",
    "RSA-2048",
    "ECDSA-P256",
    "HMAC-224",
    "HMAC-256",
    "HMAC-384",
    "HMAC-512",
];

/// The pairing the SDK's own example uses, and kcred's default.
pub const DEFAULT_ALGORITHM: &str = "AES256-GCM96";
pub const DEFAULT_PURPOSE: &str = "SYMMETRIC_ENCRYPT_DECRYPT";

/// A user key (`Key`). The name lookup (`GET /keys/name/{name}`) answers with a subset of
/// these fields, which reads into the same type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Key {
    pub id: Option<String>,
    pub name: Option<String>,
    pub project_id: Option<String>,
    pub owner_name: Option<String>,
    pub description: Option<String>,
    pub purpose: Option<String>,
    pub status: Option<String>,
    #[serde(rename = "type")]
    pub key_type: Option<String>,
    pub algorithm: Option<String>,
    pub default_version: Option<i64>,
    pub is_rotation_enabled: Option<bool>,
    /// Days between automatic rotations.
    pub rotation_period: Option<i64>,
    pub is_immediate_delete_enabled: Option<bool>,
    pub last_rotation_at: Option<String>,
    pub next_rotation_at: Option<String>,
    pub created_by: Option<String>,
    pub created_at: Option<String>,
    pub version_quota: Option<i64>,
    pub version_count: Option<i64>,
    pub is_version_creation_allowed: Option<bool>,
    pub is_access_control_enabled: Option<bool>,
    pub is_accessible: Option<bool>,
}

/// One version of a key (`KeyVersion`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct KeyVersion {
    pub id: Option<String>,
    pub version: Option<i64>,
    pub status: Option<String>,
    pub algorithm: Option<String>,
    pub resolved_destruction_at: Option<String>,
    pub created_at: Option<String>,
}

/// An algorithm the service offers, and for what (`GET /algorithms`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Algorithm {
    pub name: Option<String>,
    pub purpose: Option<String>,
    #[serde(rename = "type")]
    pub key_type: Option<String>,
}

/// `{"public":{"key":…}}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(super) struct PublicKey {
    pub key: Option<String>,
}

/// The pagination object of list answers; all three are required by the SDK.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub(super) struct Pagination {
    pub offset: Option<i64>,
    pub limit: Option<i64>,
    pub total: Option<i64>,
}

/// The body of `POST /keys`, inside `{"key":…}` (`CreateKey`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewKey {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(rename = "type")]
    pub key_type: String,
    pub purpose: String,
    pub algorithm: String,
    /// Days between automatic rotations (1 to 1,095); the service's default when unset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rotation_period: Option<u16>,
    /// Create the key in `PRE_ACTIVATION`, with no version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_pending_activation: Option<bool>,
    /// Required by the API.
    pub is_access_control_enabled: bool,
    /// The subjects allowed to use the key when access control is enabled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_target_ids: Option<Vec<String>>,
}

/// A key that a KakaoCloud service made and rotates for the project (`ServiceKey`); users can
/// read it only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ServiceKey {
    pub name: Option<String>,
    pub default_version: Option<i64>,
    pub service: Option<String>,
    pub status: Option<String>,
    pub rotation_period: Option<i64>,
    pub last_rotation_at: Option<String>,
    pub next_rotation_at: Option<String>,
    pub created_at: Option<String>,
}

/// A subject on a key's access-control list (`Target`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct AccessTarget {
    pub id: Option<String>,
    pub name: Option<String>,
    pub assignment_type: Option<String>,
    /// Whether the subject still exists in IAM.
    pub is_exists: Option<bool>,
    pub created_by: Option<String>,
    pub created_at: Option<String>,
}

/// The answer to `PUT /keys/{id}/access-control`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct AccessControl {
    pub is_enabled: Option<bool>,
}

/// The counters of a bulk operation (`Result`, `AccessTargets`), and its per-item results as
/// the server gives them: the SDK types them only for access targets.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct BulkResult {
    pub total: Option<i64>,
    pub requested: Option<i64>,
    pub succeeded: Option<i64>,
    pub failed: Option<i64>,
    pub results: Vec<serde_json::Value>,
}

/// `{"version":{"destroy_status":…}}`, the answer to scheduling or cancelling a destruction.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub(super) struct DestroyStatus {
    pub destroy_status: Option<String>,
}
