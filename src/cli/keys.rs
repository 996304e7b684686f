//! `kcred iam-key`, `kcred s3-key` and `kcred s3-temp`: their commands and arguments.

use super::rfc3339;
use clap::{Args, Subcommand};
use jiff::Timestamp;

#[derive(Debug, Subcommand)]
pub enum IamKeyCommand {
    /// Create an IAM access key in the current project; its secret goes to the keyring
    Create(IamKeyCreateArgs),
    /// List the IAM access keys of the current project
    List,
    /// Delete an IAM access key, its stored secret and the tokens it issued
    Delete {
        /// ID or name of the key
        key: String,
        /// Do not ask for confirmation
        #[arg(long, short)]
        yes: bool,
        /// Also when it is the key the current profile uses (the profile stops working)
        #[arg(long)]
        force: bool,
    },
    /// Replace the current profile's key with a new one, then delete the old one
    Rotate {
        /// Do not ask for confirmation
        #[arg(long, short)]
        yes: bool,
    },
}

#[derive(Debug, Args)]
pub struct IamKeyCreateArgs {
    /// Name of the key [default: kcred-HOST-DATE]
    #[arg(long)]
    pub name: Option<String>,

    /// Description of the key
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,

    /// When the key stops working (RFC 3339, e.g. 2027-06-30T00:00:00Z)
    #[arg(long, value_name = "RFC3339", value_parser = rfc3339)]
    pub expires_at: Option<Timestamp>,

    /// Also make a profile that uses the new key
    #[arg(long, value_name = "PROFILE")]
    pub save_as: Option<String>,

    /// Print the secret (it can never be read from KakaoCloud again)
    #[arg(long)]
    pub show_secret: bool,
}

#[derive(Debug, Subcommand)]
pub enum S3KeyCommand {
    #[command(flatten)]
    Manage(S3KeyAction),
    /// Print the key as JSON for the AWS CLI and SDKs (`credential_process` in ~/.aws/config)
    CredentialProcess {
        /// The access key [default: the profile's only stored S3 key]
        #[arg(conflicts_with = "temp")]
        access_key: Option<String>,
        /// Temporary credentials instead (with SessionToken and Expiration)
        #[arg(long)]
        temp: bool,
    },
}

/// What the profile's provider does with its S3 access keys.
#[derive(Debug, Subcommand)]
pub enum S3KeyAction {
    /// Create an S3 access key; its secret goes to the keyring
    Create {
        /// Project ID or name [default: the current key's project]
        #[arg(long, value_name = "ID|NAME")]
        project: Option<String>,
        /// GleSYS: the Object Storage instance (see `kcred glesys instances`)
        #[arg(long, value_name = "ID")]
        instance: Option<String>,
        /// GleSYS: a description of the key
        #[arg(long, value_name = "TEXT")]
        description: Option<String>,
        /// Print the secret (it is not shown again)
        #[arg(long)]
        show_secret: bool,
    },
    /// List S3 access keys
    List {
        /// Only the keys of this project (ID or name)
        #[arg(long, value_name = "ID|NAME")]
        project: Option<String>,
        /// GleSYS: the Object Storage instance
        #[arg(long, value_name = "ID")]
        instance: Option<String>,
    },
    /// Delete an S3 access key and its stored secret
    Delete {
        /// The access key
        access_key: String,
        /// GleSYS: the Object Storage instance
        #[arg(long, value_name = "ID")]
        instance: Option<String>,
        /// Do not ask for confirmation
        #[arg(long, short)]
        yes: bool,
    },
}

#[derive(Debug, Args)]
pub struct S3TempArgs {
    /// How long the credentials should live, in seconds (KakaoCloud's default when unset)
    #[arg(long, value_name = "SECONDS")]
    pub duration: Option<u32>,

    /// Get new credentials and replace the cached ones
    #[arg(long)]
    pub refresh: bool,

    /// Print the secret key and session token too
    #[arg(long)]
    pub show_secret: bool,
}
