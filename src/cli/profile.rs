//! `kcred profile …`: its commands and their arguments.

use super::profile_names;
use clap::{Args, Subcommand};
use clap_complete::ArgValueCandidates;

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Add a profile: verify the key, store its secret in the keyring, cache a first token
    Add(ProfileAddArgs),
    /// List profiles
    List,
    /// Show one profile (the current one by default)
    Show {
        /// Profile to show
        #[arg(add = ArgValueCandidates::new(profile_names))]
        name: Option<String>,
    },
    /// Remove a profile, its stored secret and its cached tokens
    Remove {
        /// Profile to remove
        #[arg(add = ArgValueCandidates::new(profile_names))]
        name: String,
        /// Do not ask for confirmation
        #[arg(long, short)]
        yes: bool,
    },
    /// Change a profile's endpoints or region, or move its secret to another store, without
    /// entering the secret again
    Set(ProfileSetArgs),
    /// Change the passphrase of the encrypted secrets file (profiles with --store file)
    Passphrase {
        /// Read the new passphrase from standard input (first line) instead of a prompt
        #[arg(long)]
        new_passphrase_stdin: bool,
    },
    /// Make a profile the default one
    Use {
        /// Profile to make the default
        #[arg(add = ArgValueCandidates::new(profile_names))]
        name: String,
    },
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("key").args(["access_key_id", "access_key_name", "access_key", "project"]))]
pub struct ProfileAddArgs {
    /// Name of the new profile (at a terminal, asked for when not given, with the rest)
    pub name: Option<String>,

    /// The cloud the key belongs to [default: kakaocloud]
    #[arg(long, value_enum)]
    pub provider: Option<crate::config::ProviderKind>,

    /// NAVER Cloud: the sub account's access key ID (with --provider ncp)
    #[arg(long, value_name = "ACCESS_KEY")]
    pub access_key: Option<String>,

    /// GleSYS: the project ID, e.g. CL12345 (with --provider glesys)
    #[arg(long, value_name = "PROJECT")]
    pub project: Option<String>,

    /// IAM access key ID (token method 1)
    #[arg(long, value_name = "ID")]
    pub access_key_id: Option<String>,

    /// IAM access key name (token method 2, with --user-id)
    #[arg(long, value_name = "NAME", requires = "user_id")]
    pub access_key_name: Option<String>,

    /// User UUID that owns the key (token method 2)
    #[arg(long, value_name = "UUID", requires = "access_key_name")]
    pub user_id: Option<String>,

    /// Read the secret from the first line of standard input instead of a prompt
    #[arg(long)]
    pub secret_stdin: bool,

    /// Do not issue a token to check the key before saving
    #[arg(long)]
    pub no_verify: bool,

    /// Replace a profile of the same name
    #[arg(long)]
    pub force: bool,

    /// Where to keep the secret and tokens: the OS keyring, an encrypted file (passphrase
    /// from KCRED_FILE_PASSPHRASE or a prompt), or Vault/OpenBao as a profile shared by a team
    /// or CI fleet (VAULT_ADDR, VAULT_TOKEN; use it with KCRED_STORE=vault)
    #[arg(long, value_enum, value_name = "STORE")]
    pub store: Option<crate::config::StoreKind>,

    /// KakaoCloud region: sets the Object Storage, KMS and Container Registry endpoints (IAM
    /// is global) [default: kr-central-2]
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// Region for S3 clients, over --region's [default: the region]
    #[arg(long, value_name = "REGION")]
    pub s3_region: Option<String>,

    /// Object Storage endpoint for S3 clients, over --region's [default: https://objectstorage.REGION.kakaocloud.com]
    #[arg(long, value_name = "URL")]
    pub s3_endpoint: Option<String>,

    /// KMS endpoint for `kcred kms-key`, over --region's [default: https://key-management-service.REGION.kakaocloud.com]
    #[arg(long, value_name = "URL")]
    pub kms_endpoint: Option<String>,
}

/// What `profile set` changes; what is not given stays as it is. The identity endpoint is
/// the global `--endpoint`.
#[derive(Debug, Args)]
#[command(
    after_help = "The identity endpoint is changed with the global --endpoint URL \
                        (its cached tokens are dropped). The secret is never printed."
)]
pub struct ProfileSetArgs {
    /// Profile to change
    #[arg(add = ArgValueCandidates::new(profile_names))]
    pub name: String,

    /// KakaoCloud region: the Object Storage, KMS and Container Registry endpoints not set
    /// for themselves follow it
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// Region for S3 clients
    #[arg(long, value_name = "REGION")]
    pub s3_region: Option<String>,

    /// Object Storage endpoint for S3 clients
    #[arg(long, value_name = "URL")]
    pub s3_endpoint: Option<String>,

    /// KMS endpoint for `kcred kms-key` (KakaoCloud profiles)
    #[arg(long, value_name = "URL")]
    pub kms_endpoint: Option<String>,

    /// Move the secret, and the S3 key secrets the profile remembers, to this store: the OS
    /// keyring, the encrypted file, or Vault (a shared profile; cached tokens are dropped, not
    /// moved)
    #[arg(long, value_enum, value_name = "STORE")]
    pub store: Option<crate::config::StoreKind>,

    /// Moving a shared profile out of Vault: do not ask for confirmation
    #[arg(long, short)]
    pub yes: bool,
}
