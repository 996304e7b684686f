//! The calls that change a user key after its creation, as KakaoCloud's Go SDK for KMS defines
//! them: a version's deactivation and scheduled destruction, the rotation period, the
//! access-control list; and the read-only list of service keys.

use super::KmsClient;
use super::types::{AccessControl, AccessTarget, BulkResult, DestroyStatus, Key, ServiceKey};
use crate::error::Result;
use reqwest::Method;
use secrecy::SecretString;
use serde_json::{Value, json};

/// The rotation period KakaoCloud accepts, in days (the console guide).
pub const MIN_ROTATION_DAYS: u16 = 1;
pub const MAX_ROTATION_DAYS: u16 = 1095;

impl KmsClient {
    /// `PATCH /keys/{key_id}/versions/{version}/deactivate`: whether the version is now
    /// deactivated.
    pub fn deactivate_version(
        &self,
        token: &SecretString,
        id: &str,
        version: u32,
    ) -> Result<Option<bool>> {
        let number = version.to_string();
        let url = self.url(&["keys", id, "versions", &number, "deactivate"], &[]);
        let body = self.call_json(Method::PATCH, &url, token, None)?;
        let answer: Value = self.resource(&Method::PATCH, &url, body, "version")?;
        Ok(answer.get("is_deactivated").and_then(Value::as_bool))
    }

    /// `PATCH /keys/{key_id}/versions/{version}/schedule-destroy` with
    /// `{"version":{"destruction_scheduled_at":…}}`; `at` is RFC 3339 in UTC. Returns the
    /// server's `destroy_status`.
    pub fn schedule_destroy(
        &self,
        token: &SecretString,
        id: &str,
        version: u32,
        at: &str,
    ) -> Result<Option<String>> {
        let number = version.to_string();
        let url = self.url(&["keys", id, "versions", &number, "schedule-destroy"], &[]);
        let body = json!({"version": {"destruction_scheduled_at": at}});
        let answer = self.call_json(Method::PATCH, &url, token, Some(body))?;
        let status: DestroyStatus = self.resource(&Method::PATCH, &url, answer, "version")?;
        Ok(status.destroy_status)
    }

    /// `PATCH /keys/{key_id}/versions/schedule-destroy` with
    /// `{"versions":{"versions":[…],"destruction_scheduled_at":…}}`.
    pub fn schedule_destroy_many(
        &self,
        token: &SecretString,
        id: &str,
        versions: &[u32],
        at: &str,
    ) -> Result<BulkResult> {
        let url = self.url(&["keys", id, "versions", "schedule-destroy"], &[]);
        let body = json!({"versions": {"versions": versions, "destruction_scheduled_at": at}});
        let answer = self.call_json(Method::PATCH, &url, token, Some(body))?;
        self.resource(&Method::PATCH, &url, answer, "versions")
    }

    /// `PATCH /keys/{key_id}/versions/{version}/cancel-schedule-destroy`.
    pub fn cancel_destroy(
        &self,
        token: &SecretString,
        id: &str,
        version: u32,
    ) -> Result<Option<String>> {
        let number = version.to_string();
        let url = self.url(
            &["keys", id, "versions", &number, "cancel-schedule-destroy"],
            &[],
        );
        let answer = self.call_json(Method::PATCH, &url, token, None)?;
        let status: DestroyStatus = self.resource(&Method::PATCH, &url, answer, "version")?;
        Ok(status.destroy_status)
    }

    /// `PATCH /keys/{key_id}/versions/cancel-schedule-destroy` with
    /// `{"versions":{"versions":[…]}}`.
    pub fn cancel_destroy_many(
        &self,
        token: &SecretString,
        id: &str,
        versions: &[u32],
    ) -> Result<BulkResult> {
        let url = self.url(&["keys", id, "versions", "cancel-schedule-destroy"], &[]);
        let body = json!({"versions": {"versions": versions}});
        let answer = self.call_json(Method::PATCH, &url, token, Some(body))?;
        self.resource(&Method::PATCH, &url, answer, "versions")
    }

    /// `PATCH /keys/{key_id}/rotation` with `{"key":{"rotation_period":days}}`.
    pub fn set_rotation(&self, token: &SecretString, id: &str, days: u16) -> Result<Key> {
        let url = self.url(&["keys", id, "rotation"], &[]);
        let body = json!({"key": {"rotation_period": days}});
        let answer = self.call_json(Method::PATCH, &url, token, Some(body))?;
        self.resource(&Method::PATCH, &url, answer, "key")
    }

    /// `GET /service-keys`, every page.
    pub fn list_service_keys(&self, token: &SecretString) -> Result<Vec<ServiceKey>> {
        self.list_all(token, &["service-keys"], "service_keys")
    }

    /// `PUT /keys/{key_id}/access-control` with `{"access_control":{"is_enabled":…}}`.
    pub fn set_access_control(
        &self,
        token: &SecretString,
        id: &str,
        enabled: bool,
    ) -> Result<AccessControl> {
        let url = self.url(&["keys", id, "access-control"], &[]);
        let body = json!({"access_control": {"is_enabled": enabled}});
        let answer = self.call_json(Method::PUT, &url, token, Some(body))?;
        self.resource(&Method::PUT, &url, answer, "access_control")
    }

    /// `GET /keys/{key_id}/access-control/targets`: the subjects allowed to use the key.
    pub fn access_targets(&self, token: &SecretString, id: &str) -> Result<Vec<AccessTarget>> {
        self.list_all(token, &["keys", id, "access-control", "targets"], "targets")
    }

    /// `POST /keys/{key_id}/access-control/targets` with `{"targets":{"ids":[…]}}`.
    pub fn add_access_targets(
        &self,
        token: &SecretString,
        id: &str,
        targets: &[String],
    ) -> Result<BulkResult> {
        let url = self.url(&["keys", id, "access-control", "targets"], &[]);
        self.targets_call(&url, token, targets)
    }

    /// `POST /keys/{key_id}/access-control/targets/deletions` with `{"targets":{"ids":[…]}}`.
    pub fn remove_access_targets(
        &self,
        token: &SecretString,
        id: &str,
        targets: &[String],
    ) -> Result<BulkResult> {
        let url = self.url(&["keys", id, "access-control", "targets", "deletions"], &[]);
        self.targets_call(&url, token, targets)
    }

    fn targets_call(
        &self,
        url: &reqwest::Url,
        token: &SecretString,
        targets: &[String],
    ) -> Result<BulkResult> {
        let body = json!({"targets": {"ids": targets}});
        let answer = self.call_json(Method::POST, url, token, Some(body))?;
        self.resource(&Method::POST, url, answer, "targets")
    }
}
