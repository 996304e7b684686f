//! `kcred token`, `kcred env` and `kcred exec`: their arguments.

use super::EnvFormat;
use clap::{Args, Subcommand};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct TokenArgs {
    /// Issue a new token and replace the cached one
    #[arg(long, conflicts_with = "no_cache")]
    pub refresh: bool,

    /// Issue a new token without reading or writing the cache
    #[arg(long)]
    pub no_cache: bool,

    /// NAVER Cloud: lifetime of the temporary key in seconds (600 to 43200)
    #[arg(long, value_name = "SECONDS", default_value_t = 3600)]
    pub duration: u32,

    /// NAVER Cloud: the MFA device's serial number or NRN
    #[arg(long, value_name = "SERIAL", requires = "mfa_code")]
    pub mfa_serial: Option<String>,

    /// NAVER Cloud: the code the MFA device shows now
    #[arg(long, value_name = "CODE", requires = "mfa_serial")]
    pub mfa_code: Option<u32>,

    #[command(subcommand)]
    pub action: Option<TokenAction>,
}

#[derive(Debug, Subcommand)]
pub enum TokenAction {
    /// Show the cached token's expiry, user and project (not the token)
    Show,
    /// Ask the server whether the cached token is still valid (exit 3 if not)
    Verify,
    /// Revoke the cached token on the server and drop it from the cache
    Revoke,
    /// Drop the cached token from the cache (it stays valid on the server)
    Forget,
}

#[derive(Debug, Args)]
pub struct EnvArgs {
    /// How to print the variables [default: sh; powershell on Windows; json with --output json]
    #[arg(long, value_enum)]
    pub format: Option<EnvFormat>,

    /// Add AWS_* variables for an S3 access key (the profile's only one unless named)
    #[arg(long, num_args = 0..=1, value_name = "ACCESS_KEY")]
    pub s3: Option<Option<String>>,

    /// Add AWS_* variables for temporary S3 credentials (with AWS_SESSION_TOKEN)
    #[arg(long, conflicts_with = "s3")]
    pub s3_temp: bool,

    /// Plain assignments without export (sh, dotenv) or global instead of exported (fish)
    #[arg(long)]
    pub no_export: bool,

    /// Also print the IAM access key and its SECRET, for tools that take only a key
    /// (OpenStack CLI, KakaoCloud's Terraform provider); anyone who sees the output has it
    #[arg(long)]
    pub with_key: bool,
}

#[derive(Debug, Args)]
pub struct ExecArgs {
    /// Also give the command the IAM access key and its secret, for tools that take only a
    /// key (OpenStack CLI, KakaoCloud's Terraform provider)
    #[arg(long)]
    pub with_key: bool,

    /// Add AWS_* variables for an S3 access key (the profile's only one unless named)
    #[arg(long, num_args = 0..=1, value_name = "ACCESS_KEY")]
    pub s3: Option<Option<String>>,

    /// Add AWS_* variables for temporary S3 credentials (with AWS_SESSION_TOKEN)
    #[arg(long, conflicts_with = "s3")]
    pub s3_temp: bool,

    /// The command and its arguments, after `--`
    #[arg(last = true, required = true, value_name = "CMD")]
    pub command: Vec<std::ffi::OsString>,
}
