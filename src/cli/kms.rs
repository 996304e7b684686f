//! `kcred kms-key …`: its commands and their arguments.

use clap::{Args, Subcommand};

#[derive(Debug, Subcommand)]
pub enum KmsKeyCommand {
    /// List the KMS keys of the current project
    List,
    /// Show one KMS key
    Show {
        /// ID or name of the key
        key: String,
    },
    /// Create a KMS key (with version 1, unless --pre-activation)
    Create(KmsKeyCreateArgs),
    /// Rotate a KMS key now: a new version becomes the current one
    Rotate {
        /// ID or name of the key
        key: String,
    },
    /// List the versions of a KMS key (* marks the current one)
    Versions {
        /// ID or name of the key
        key: String,
    },
    /// Print the public key of an asymmetric KMS key (PEM)
    PublicKey {
        /// ID or name of the key
        key: String,
    },
    /// Delete a KMS key: one in pre-activation, or one whose versions are all destroyed
    Delete {
        /// ID or name of the key
        key: String,
        /// Do not ask for confirmation
        #[arg(long, short)]
        yes: bool,
    },
    /// Deactivate a version, schedule or cancel its destruction
    #[command(subcommand)]
    Version(KmsKeyVersionCommand),
    /// Set how often a KMS key rotates by itself
    SetRotation {
        /// ID or name of the key
        key: String,
        /// Days between automatic rotations, 1 to 1095
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(
            crate::kms::MIN_ROTATION_DAYS as i64..=crate::kms::MAX_ROTATION_DAYS as i64))]
        days: u16,
    },
    /// Show or change who may use a KMS key (its access-control list)
    AccessControl(KmsKeyAccessControlArgs),
    /// List the service keys that KakaoCloud services made for the project (read-only)
    ServiceKeys,
}

#[derive(Debug, Args)]
pub struct KmsKeyCreateArgs {
    /// Name of the key
    #[arg(long)]
    pub name: String,

    /// Description of the key
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,

    /// Algorithm [default: AES256-GCM96 when --usage is not given either; else the only one
    /// the usage allows]
    #[arg(long, value_name = "ALGORITHM", ignore_case = true,
          value_parser = clap::builder::TypedValueParser::map(
              clap::builder::PossibleValuesParser::new(crate::kms::KEY_ALGORITHMS),
              |s: String| s.to_ascii_uppercase()))]
    pub algorithm: Option<String>,

    /// What the key is for [default: SYMMETRIC_ENCRYPT_DECRYPT when --algorithm is not given
    /// either; else the only usage the algorithm serves]
    #[arg(long, value_name = "USAGE", ignore_case = true,
          value_parser = clap::builder::TypedValueParser::map(
              clap::builder::PossibleValuesParser::new(crate::kms::KEY_PURPOSES),
              |s: String| s.to_ascii_uppercase()))]
    pub usage: Option<String>,

    /// Create it in PRE_ACTIVATION status, with no version yet
    #[arg(long)]
    pub pre_activation: bool,

    /// Days between automatic rotations, 1 to 1095 [default: KakaoCloud's]
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u16).range(1..=1095))]
    pub rotation_days: Option<u16>,

    /// Enable access control: only the subjects on the key's list may use it
    #[arg(long)]
    pub access_control: bool,

    /// A subject allowed to use the key (repeat for more)
    #[arg(long = "target", value_name = "ID", requires = "access_control")]
    pub targets: Vec<String>,
}

#[derive(Debug, Subcommand)]
pub enum KmsKeyVersionCommand {
    /// Deactivate a version: it no longer encrypts or decrypts
    Deactivate {
        /// ID or name of the key
        key: String,
        /// The version number (`kcred kms-key versions KEY` lists them)
        version: u32,
    },
    /// Schedule the destruction of deactivated versions (irreversible once the time passes)
    Destroy {
        /// ID or name of the key
        key: String,
        /// The version numbers
        #[arg(required = true, value_name = "VERSION")]
        versions: Vec<u32>,
        /// When, RFC 3339 (`2027-01-31T00:00:00Z`), in the future [default: 7 days from now]
        #[arg(long, value_name = "RFC3339")]
        at: Option<String>,
        /// Do not ask for confirmation
        #[arg(long, short)]
        yes: bool,
    },
    /// Cancel the scheduled destruction of versions (they stay deactivated)
    CancelDestroy {
        /// ID or name of the key
        key: String,
        /// The version numbers
        #[arg(required = true, value_name = "VERSION")]
        versions: Vec<u32>,
    },
}

/// With no flag, shows whether access control is on and the subjects on the list.
#[derive(Debug, Args)]
pub struct KmsKeyAccessControlArgs {
    /// ID or name of the key
    pub key: String,

    /// Turn access control on: only the subjects on the list may use the key
    #[arg(long, conflicts_with = "disable")]
    pub enable: bool,

    /// Turn access control off
    #[arg(long)]
    pub disable: bool,

    /// Add subjects to the list
    #[arg(long, value_name = "ID", num_args = 1..)]
    pub add: Vec<String>,

    /// Remove subjects from the list
    #[arg(long, value_name = "ID", num_args = 1..)]
    pub remove: Vec<String>,
}
