//! `kcred profile add` at a terminal: what was not given as a flag is asked for, as `aws
//! configure` and `gh auth login` do, each answer checked as its flag would be. Without a
//! terminal (or with `--no-input`, or in CI) nothing is asked: the error names the flag.

use super::Context;
use crate::cli::ProfileAddArgs;
use crate::config::{ProviderKind, validate_profile_name, validate_region};
use crate::error::{Error, Result};
use crate::ui::prompt;

/// The arguments of `profile add` with what was missing asked for; whether questions were
/// asked (then kcred ends with the next steps).
pub fn complete_profile_add(
    ctx: &Context,
    mut args: ProfileAddArgs,
) -> Result<(ProfileAddArgs, bool)> {
    if args.name.is_some() && !needs_key(&args) {
        return Ok((args, false));
    }
    if !ctx.ui.interactive() {
        return match args.name {
            None => Err(
                Error::usage("the following required arguments were not provided: <NAME>")
                    .with_hint("see `kcred profile add --help`"),
            ),
            // The provider says which flag is missing, as it always has.
            Some(_) => Ok((args, false)),
        };
    }
    let guided = args.name.is_none();
    if args.name.is_none() {
        let first = ctx
            .stores
            .config()
            .map(|c| c.profiles.is_empty())
            .unwrap_or(true);
        let name = ask("Profile name", first.then_some("default"), |name| {
            validate_profile_name(name).map_err(message)
        })?;
        args.name = Some(name);
    }
    if args.provider.is_none() && guided {
        let clouds = ["KakaoCloud", "NAVER Cloud", "GleSYS"];
        let chosen = prompt::choose("Cloud", &clouds, 0).map_err(cancelled)?;
        args.provider = Some(
            [
                ProviderKind::Kakaocloud,
                ProviderKind::Ncp,
                ProviderKind::Glesys,
            ][chosen],
        );
    }
    match args.provider.unwrap_or_default() {
        ProviderKind::Kakaocloud => {
            if args.access_key_id.is_none() && args.access_key_name.is_none() {
                let ways = ["IAM access key ID", "IAM access key name and user UUID"];
                let by_name =
                    prompt::choose("How is the key identified?", &ways, 0).map_err(cancelled)? == 1;
                if by_name {
                    args.access_key_name = Some(ask("IAM access key name", None, identifier)?);
                    args.user_id = Some(ask("User UUID", None, identifier)?);
                } else {
                    args.access_key_id = Some(ask("IAM access key ID", None, identifier)?);
                }
            }
            if guided && args.region.is_none() {
                let region = ask("Region", Some(crate::config::DEFAULT_REGION), |region| {
                    validate_region(region).map(drop).map_err(message)
                })?;
                // Enter keeps the default, and the profile says so (no region of its own).
                args.region = Some(region).filter(|r| r != crate::config::DEFAULT_REGION);
            }
        }
        ProviderKind::Ncp => {
            if args.access_key.is_none() {
                args.access_key = Some(ask("Sub account access key ID", None, identifier)?);
            }
        }
        ProviderKind::Glesys => {
            if args.project.is_none() {
                args.project = Some(ask("Project ID (CL12345)", None, identifier)?);
            }
        }
    }
    Ok((args, guided))
}

/// Whether the key is not named by the flags given.
fn needs_key(args: &ProfileAddArgs) -> bool {
    match args.provider.unwrap_or_default() {
        ProviderKind::Kakaocloud => args.access_key_id.is_none() && args.access_key_name.is_none(),
        ProviderKind::Ncp => args.access_key.is_none(),
        ProviderKind::Glesys => args.project.is_none(),
    }
}

fn ask(
    question: &str,
    default: Option<&str>,
    check: impl Fn(&str) -> std::result::Result<(), String>,
) -> Result<String> {
    prompt::text(question, default, check).map_err(cancelled)
}

fn identifier(value: &str) -> std::result::Result<(), String> {
    super::provider::validate_identifier("value", value)
        .map(drop)
        .map_err(|_| "give it as the console shows it".to_string())
}

fn message(err: Error) -> String {
    err.message().to_string()
}

fn cancelled(err: dialoguer::Error) -> Error {
    Error::other(format!("cannot read the answer: {err}"))
}
