//! `kcred s3-key`: the profile's provider manages its S3 access keys; `credential-process`
//! (the AWS SDKs' hook) is the same for every provider.

use super::Context;
use super::provider::{Capability, Provider};
use crate::cli::S3KeyCommand;
use crate::error::Result;
use crate::ui::output;
use secrecy::ExposeSecret;
use serde::Serialize;

pub fn run(ctx: &Context, provider: &dyn Provider, command: S3KeyCommand) -> Result<()> {
    match command {
        S3KeyCommand::CredentialProcess { access_key, temp } => {
            credential_process(ctx, provider, access_key, temp)
        }
        S3KeyCommand::Manage(action) => provider.s3_key(ctx, action),
    }
}

/// What the AWS CLI and SDKs expect from a `credential_process`
/// (https://docs.aws.amazon.com/cli/latest/topic/config-vars.html#sourcing-credentials-from-external-processes).
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ProcessCredentials {
    version: u8,
    access_key_id: String,
    secret_access_key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    session_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expiration: Option<jiff::Timestamp>,
}

/// A long-lived key needs no token and no network, only the keyring; temporary credentials
/// come from the cache or one exchange.
fn credential_process(
    ctx: &Context,
    provider: &dyn Provider,
    access_key: Option<String>,
    temp: bool,
) -> Result<()> {
    let credentials = if temp {
        provider.require(Capability::TemporaryS3, "s3-key credential-process --temp")?;
        let (_, creds) =
            super::s3_temp::temporary_credentials(ctx, crate::token_cache::CachePolicy::Use, None)?;
        ProcessCredentials {
            version: 1,
            access_key_id: creds.access_key_id.clone(),
            secret_access_key: creds.secret_access_key.expose_secret().to_string(),
            session_token: Some(creds.session_token.expose_secret().to_string()),
            expiration: Some(creds.expiration),
        }
    } else {
        let profile = super::provider::current_profile_name(ctx)?;
        let (access, secret) = super::s3::stored_key(ctx, profile.as_deref(), access_key)?;
        ProcessCredentials {
            version: 1,
            access_key_id: access,
            secret_access_key: secret.expose_secret().to_string(),
            session_token: None,
            expiration: None,
        }
    };
    output::print_json(&credentials)
}
