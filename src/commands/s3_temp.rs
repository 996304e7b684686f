//! `kcred s3-temp`: the profile's token exchanged for temporary S3 credentials on the Object
//! Storage host, cached like tokens (the secret parts in the secret store, the rest in the
//! cache dir), reused until they expire minus the margin, one exchange at a time.

use super::Context;
use crate::cli::S3TempArgs;
use crate::credentials::Credential;
use crate::error::Result;
use crate::object_storage::{ObjectStorageClient, TemporaryCredentials, TemporaryKeyInfo};
use crate::secrets::SecretName;
use crate::token_cache::{CachePolicy, Expiring, Issued, TokenCache, Wanted};
use crate::ui::output::{self, EnvVar};
use jiff::Timestamp;
use secrecy::ExposeSecret;
use serde::Serialize;

impl Expiring for TemporaryKeyInfo {
    fn expires_at(&self) -> Timestamp {
        self.expires_at
    }
}

pub fn run(ctx: &Context, args: S3TempArgs) -> Result<()> {
    let policy = if args.refresh {
        CachePolicy::Refresh
    } else {
        CachePolicy::Use
    };
    let (_, creds) = temporary_credentials(ctx, policy, args.duration)?;
    #[derive(Serialize)]
    struct View<'a> {
        access_key_id: &'a str,
        expires_at: Timestamp,
        #[serde(skip_serializing_if = "Option::is_none")]
        secret_access_key: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        session_token: Option<&'a str>,
    }
    let view = View {
        access_key_id: &creds.access_key_id,
        expires_at: creds.expiration,
        secret_access_key: args
            .show_secret
            .then(|| creds.secret_access_key.expose_secret()),
        session_token: args
            .show_secret
            .then(|| creds.session_token.expose_secret()),
    };
    ctx.ui.show(&view, || {
        let left = creds.expiration.duration_since(Timestamp::now()).as_secs();
        let mut fields = vec![
            ("access key id", view.access_key_id.to_string()),
            ("expires at", view.expires_at.to_string()),
            ("time left", output::human_duration(left)),
        ];
        if let (Some(secret), Some(token)) = (view.secret_access_key, view.session_token) {
            fields.push(("secret access key", secret.to_string()));
            fields.push(("session token", token.to_string()));
        }
        output::print_fields(fields)
    })
}

/// Valid temporary S3 credentials for the current credential: cached, or exchanged now.
pub fn temporary_credentials(
    ctx: &Context,
    policy: CachePolicy,
    duration: Option<u32>,
) -> Result<(Credential, TemporaryCredentials)> {
    let session = ctx.session()?;
    let credential = &session.credential;
    let (_, endpoint) = super::s3::settings(ctx, credential.profile.as_deref())?;
    let client = ObjectStorageClient::new(&endpoint, ctx.http()?);
    // A cached token the server no longer takes is replaced once, as for IAM requests.
    let issue = || -> Result<Issued<TemporaryKeyInfo>> {
        let (info, secret) = session
            .call(|_, token| client.assume_role_with_web_identity(token, duration))?
            .split()?;
        Ok(Issued { secret, info })
    };
    let wanted =
        Wanted::new(&endpoint, credential.key.fingerprint(), "s3-temp").with_min_ttl(ctx.min_ttl());
    let cache = cache(ctx);
    let cached = match credential.cache_profile() {
        Some(profile) => cache.get_or_issue(profile, &wanted, policy, issue)?,
        None => cache.get_or_issue("", &wanted, CachePolicy::Bypass, issue)?,
    };
    let creds = TemporaryCredentials::join(cached.entry.info, &cached.token)?;
    Ok((session.credential, creds))
}

/// Where temporary S3 credentials are cached: `s3-temp/PROFILE.json` and
/// `profile/PROFILE/s3-temp`.
pub fn cache(ctx: &Context) -> TokenCache<'_, TemporaryKeyInfo> {
    ctx.stores
        .credential_cache("s3-temp", SecretName::ProfileS3Temp)
}

/// The AWS variables for temporary credentials.
pub fn variables(creds: &TemporaryCredentials) -> Vec<EnvVar> {
    vec![
        EnvVar::plain("AWS_ACCESS_KEY_ID", &creds.access_key_id),
        EnvVar::secret(
            "AWS_SECRET_ACCESS_KEY",
            creds.secret_access_key.expose_secret(),
        ),
        EnvVar::secret("AWS_SESSION_TOKEN", creds.session_token.expose_secret()),
    ]
}
