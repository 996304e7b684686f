//! KakaoCloud: IAM access keys issue API tokens; S3 access keys are Keystone EC2 credentials.
//! The commands' own modules hold the work; this maps the provider's part of each onto them.

use super::{NewProfile, Provider};
use crate::cli::{ProfileAddArgs, S3KeyCommand, TokenArgs};
use crate::commands::{Context, env, s3_key, token};
use crate::config::{AccessKey, DEFAULT_ENDPOINT, Profile, ProviderKind};
use crate::error::{Error, Result};
use crate::output::EnvVar;
use secrecy::SecretString;

pub struct KakaoCloud;

impl Provider for KakaoCloud {
    fn kind(&self) -> ProviderKind {
        ProviderKind::Kakaocloud
    }

    fn default_endpoint(&self, ctx: &Context) -> String {
        ctx.env
            .endpoint
            .clone()
            .unwrap_or_else(|| DEFAULT_ENDPOINT.to_string())
    }

    fn secret_prompt(&self) -> &'static str {
        "IAM access key secret"
    }

    fn new_profile(
        &self,
        ctx: &Context,
        args: &ProfileAddArgs,
        endpoint: String,
        secret: &SecretString,
    ) -> Result<NewProfile> {
        let key = match (&args.access_key_id, &args.access_key_name, &args.user_id) {
            (Some(id), _, _) => AccessKey::Id(validate_identifier("access key ID", id)?),
            (None, Some(name), Some(user_id)) => AccessKey::Name {
                name: validate_identifier("access key name", name)?,
                user_id: validate_identifier("user ID", user_id)?,
            },
            _ => {
                return Err(Error::usage(
                    "give --access-key-id, or --access-key-name with --user-id",
                ));
            }
        };
        let first_token = if args.no_verify {
            None
        } else {
            Some(
                ctx.client(&endpoint)?
                    .issue_token(&key, secret)
                    .map_err(|err| super::verification_failed(err, "key"))
                    .map_err(crate::commands::rejected_key_hint)?,
            )
        };
        let mut profile = Profile {
            endpoint,
            ..Profile::default()
        };
        match key {
            AccessKey::Id(id) => profile.access_key_id = Some(id),
            AccessKey::Name { name, user_id } => {
                profile.access_key_name = Some(name);
                profile.user_id = Some(user_id);
            }
        }
        if let Some(issued) = &first_token {
            profile.user_id = Some(issued.info.user_id.clone());
            profile.project_id.clone_from(&issued.info.project_id);
            profile.project_name.clone_from(&issued.info.project_name);
        }
        Ok(NewProfile {
            profile,
            first_token,
        })
    }

    fn token(&self, ctx: &Context, args: &TokenArgs) -> Result<()> {
        token::print_token(ctx, args)
    }

    fn variables(&self, ctx: &Context) -> Result<(Option<String>, Vec<EnvVar>)> {
        env::token_variables(ctx)
    }

    fn key_variables(&self, ctx: &Context) -> Result<Vec<EnvVar>> {
        env::key_variables(ctx)
    }

    fn s3_key(&self, ctx: &Context, command: S3KeyCommand) -> Result<()> {
        s3_key::run(ctx, command)
    }
}

/// IDs and names go into URLs and JSON: refuse blanks and control characters early.
pub fn validate_identifier(what: &str, value: &str) -> Result<String> {
    let value = value.trim().to_string();
    if value.is_empty() || value.len() > 255 || value.chars().any(char::is_control) {
        return Err(Error::usage(format!(
            "the {what} is empty, too long or has control characters"
        ))
        .with_hint(format!("copy the {what} from the console")));
    }
    Ok(value)
}
