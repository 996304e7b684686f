//! `kcred kube-credential`: the token as a Kubernetes `ExecCredential`, for kubectl's exec
//! credential plugin (client-go runs it for every kubectl process and keeps the answer in
//! memory only, so the token comes from kcred's cache).

use super::Context;
use crate::error::{Error, Result};
use crate::token_cache::CachePolicy;
use crate::ui::output;
use jiff::{SignedDuration, Timestamp};
use secrecy::ExposeSecret;
use serde_json::json;

const API_GROUP: &str = "client.authentication.k8s.io";
/// The versions of `ExecCredential` kcred answers in; v1 when kubectl does not say.
const VERSIONS: [&str; 2] = ["v1", "v1beta1"];

pub fn run(ctx: &Context) -> Result<()> {
    let api_version = requested_version(
        ctx.settings
            .environment
            .get("KUBERNETES_EXEC_INFO")
            .as_deref(),
    )?;
    let (_, token) = ctx.token(CachePolicy::Use)?;
    let margin = ctx.min_ttl();
    let expiry = refresh_at(token.entry.info.expires_at, margin, Timestamp::now());
    output::print_json(&json!({
        "apiVersion": api_version,
        "kind": "ExecCredential",
        "status": {
            "token": token.token.expose_secret(),
            "expirationTimestamp": expiry.round(jiff::Unit::Second).unwrap_or(expiry).to_string(),
        },
    }))
}

/// The `apiVersion` kubectl asks for in `KUBERNETES_EXEC_INFO` (an `ExecCredential` with an
/// empty status); v1 when it is not set.
fn requested_version(exec_info: Option<&str>) -> Result<String> {
    let Some(exec_info) = exec_info.filter(|info| !info.trim().is_empty()) else {
        return Ok(format!("{API_GROUP}/{}", VERSIONS[0]));
    };
    let asked = serde_json::from_str::<serde_json::Value>(exec_info)
        .ok()
        .and_then(|info| info.get("apiVersion")?.as_str().map(str::to_string))
        .ok_or_else(|| {
            Error::usage("KUBERNETES_EXEC_INFO is not an ExecCredential with an apiVersion")
                .with_hint(
                    "kubectl sets it; unset it to get a client.authentication.k8s.io/v1 answer",
                )
        })?;
    let known = asked
        .strip_prefix(API_GROUP)
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|version| VERSIONS.contains(&version));
    if known {
        Ok(asked)
    } else {
        Err(Error::usage(format!(
            "kubectl asks for an ExecCredential in {asked}, which kcred does not speak"
        ))
        .with_hint(format!(
            "set the kubeconfig's exec apiVersion to {API_GROUP}/v1 (or v1beta1)"
        )))
    }
}

/// When kubectl should ask again: the token's expiry less the margin kcred keeps for its own
/// cache, so kubectl's next run gets a fresh token before this one dies. A token that lives
/// less than the margin is handed out until its real expiry.
fn refresh_at(expires_at: Timestamp, margin: SignedDuration, now: Timestamp) -> Timestamp {
    match expires_at.checked_sub(margin) {
        Ok(early) if early > now => early,
        _ => expires_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_in_the_version_kubectl_asks_for() {
        assert_eq!(
            requested_version(None).unwrap(),
            "client.authentication.k8s.io/v1"
        );
        let beta = r#"{"kind":"ExecCredential","apiVersion":"client.authentication.k8s.io/v1beta1","spec":{"interactive":false}}"#;
        assert_eq!(
            requested_version(Some(beta)).unwrap(),
            "client.authentication.k8s.io/v1beta1"
        );
    }

    #[test]
    fn refuses_versions_it_does_not_speak() {
        let alpha = r#"{"apiVersion":"client.authentication.k8s.io/v1alpha1"}"#;
        let err = requested_version(Some(alpha)).unwrap_err();
        assert_eq!(err.kind(), crate::error::ErrorKind::Usage);
        assert!(requested_version(Some("not json")).is_err());
        assert!(requested_version(Some(r#"{"apiVersion":"v1"}"#)).is_err());
    }

    #[test]
    fn kubectl_asks_again_a_margin_before_expiry() {
        let now: Timestamp = "2026-11-30T12:00:00Z".parse().unwrap();
        let expires: Timestamp = "2026-12-01T00:00:00Z".parse().unwrap();
        let margin = SignedDuration::from_secs(300);
        assert_eq!(
            refresh_at(expires, margin, now),
            "2026-11-30T23:55:00Z".parse::<Timestamp>().unwrap()
        );
        // A token that lives less than the margin: its real expiry.
        let soon: Timestamp = "2026-11-30T12:02:00Z".parse().unwrap();
        assert_eq!(refresh_at(soon, margin, now), soon);
    }
}
