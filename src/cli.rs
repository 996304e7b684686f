//! The command line, and nothing else: clap definitions.

pub use crate::ui::output::{EnvFormat, OutputFormat};
use clap::{Args, Parser, Subcommand};
use clap_complete::{ArgValueCandidates, CompletionCandidate};

/// The profile names in the config file, for dynamic shell completion (`COMPLETE=bash kcred`).
fn profile_names() -> Vec<CompletionCandidate> {
    crate::config::profile_names()
        .into_iter()
        .map(CompletionCandidate::new)
        .collect()
}

#[derive(Debug, Parser)]
#[command(
    name = "kcred",
    version,
    about = "Credential manager for KakaoCloud (and NAVER Cloud, GleSYS): API tokens cached until they expire, access-key secrets in the OS keyring",
    long_about = None,
    after_help = "Exit codes: 0 ok, 1 error, 2 usage, 3 credentials or token rejected, \
                  4 secret store unavailable (keyring, file, Vault), 5 network or server error, 6 key limit reached; \
                  `kcred exec`: 126 command not runnable, 127 command not found, else the \
                  command's own. `kcred help environment` and `kcred help exit-codes` say more.",
    after_long_help = crate::reference::environment_and_exit_codes(),
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Profile to use instead of the default one
    #[arg(long, global = true, env = "KCRED_PROFILE", value_name = "NAME",
          add = ArgValueCandidates::new(profile_names))]
    pub profile: Option<String>,

    /// Output format for data
    #[arg(long, global = true, env = "KCRED_OUTPUT", value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,

    /// Identity endpoint (overrides KAKAOCLOUD_IAM_ENDPOINT and the profile)
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint: Option<String>,

    /// Never prompt; fail instead (implied when CI is set or stdin is not a terminal)
    #[arg(long, global = true)]
    pub no_input: bool,

    /// Log requests (method, URL, status, time) to stderr; secrets are never shown
    #[arg(short, long, global = true)]
    pub verbose: bool,

    /// Seconds to wait for the server, and for another kcred issuing for the same profile
    /// (at least 1)
    #[arg(
        long,
        global = true,
        env = "KCRED_TIMEOUT",
        value_name = "SECONDS",
        default_value_t = 30,
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    pub timeout: u64,

    /// Seconds a cached token must still be valid for to be used
    #[arg(
        long,
        global = true,
        env = "KCRED_MIN_TTL",
        value_name = "SECONDS",
        default_value_t = 300
    )]
    pub min_ttl: u64,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Manage profiles: one IAM access key each, its secret in the OS keyring
    #[command(subcommand)]
    Profile(ProfileCommand),

    /// Print a valid API token (cached until it expires)
    Token(TokenArgs),

    /// Manage IAM access keys (at most 2 per project)
    #[command(subcommand)]
    IamKey(IamKeyCommand),

    /// Manage S3 access keys (at most 2 per project)
    #[command(subcommand)]
    S3Key(S3KeyCommand),

    /// Projects of the current user
    #[command(subcommand)]
    Project(ProjectCommand),

    /// Exchange the token for temporary S3 credentials (cached until they expire)
    S3Temp(S3TempArgs),

    /// Manage KMS user keys: create, rotate, deactivate, destroy, delete; access control; service keys
    #[command(subcommand)]
    KmsKey(KmsKeyCommand),

    /// Print the environment for scripts and CI (token, project; the key with --with-key)
    Env(EnvArgs),

    /// Run a command with the token (the key with --with-key) in its environment
    Exec(ExecArgs),

    /// Print a token as a Kubernetes ExecCredential, for kubectl's exec plugin
    #[command(long_about = KUBE_CREDENTIAL_HELP)]
    KubeCredential,

    /// Container registries (KakaoCloud Container Registry) served by docker-credential-kcred
    #[command(subcommand)]
    Registry(RegistryCommand),

    /// NAVER Cloud: the key that signs requests
    #[command(subcommand)]
    Ncp(NcpCommand),

    /// GleSYS: Object Storage instances
    #[command(subcommand)]
    Glesys(GlesysCommand),

    /// Check profiles, secrets, cached tokens and the server against each other; finish or
    /// undo interrupted key operations, and repair what is safe to
    Doctor(DoctorArgs),

    /// Print a shell completion script
    Completions(CompletionsArgs),
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Only report: change nothing, here or on the server
    #[arg(long)]
    pub dry_run: bool,
}

const KUBE_CREDENTIAL_HELP: &str = "\
Print the profile's API token as a Kubernetes ExecCredential, for kubectl's exec credential \
plugin. The token comes from kcred's cache (issued only when the cache has none fresh enough), \
and its expirationTimestamp is the token's expiry minus --min-ttl, so kubectl asks again before \
the token dies. Answers in the apiVersion kubectl asks for in KUBERNETES_EXEC_INFO \
(client.authentication.k8s.io/v1 or v1beta1). Never prompts; errors go to stderr with kcred's \
exit codes.

In the kubeconfig, instead of an access key and its secret in plain text:

  users:
  - name: kakaocloud
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1
        command: kcred
        args: [\"--profile\", \"prod\", \"kube-credential\"]
        interactiveMode: Never";

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
    #[arg(long, value_name = "RFC3339")]
    pub expires_at: Option<String>,

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

#[derive(Debug, Subcommand)]
pub enum NcpCommand {
    /// Describe the key that signs requests (`GET /api/v1/credentials`)
    Credentials,
}

#[derive(Debug, Subcommand)]
pub enum RegistryCommand {
    /// Point registries at docker-credential-kcred in every client's auth file, for the
    /// current profile (no HOST: the profile's PROJECT.REGION.kcr.dev), and remove their
    /// plaintext logins
    Configure(RegistryConfigureArgs),
    /// List the registries kcred serves, their profiles and the auth files that point at it
    List,
    /// Undo `configure` for a registry: its auth-file entries and its profile's record
    Remove {
        /// Registry host (`host[:port]`)
        host: String,
    },
    /// Print a Kubernetes image pull Secret (kubernetes.io/dockerconfigjson) for the current
    /// profile's key, for `kubectl apply -f -`
    #[command(long_about = PULL_SECRET_HELP)]
    PullSecret(RegistryPullSecretArgs),
}

const PULL_SECRET_HELP: &str = "\
Print a Kubernetes Secret of type kubernetes.io/dockerconfigjson that logs the cluster in to \
the registry with the current profile's IAM access key ID and secret, for `kubectl apply -f -` \
and a pod's imagePullSecrets. The manifest holds the secret in plain text (base64 is no \
encryption): it is printed because you asked for it, so pipe it to kubectl rather than into a \
file. Give a cluster a key of its own (`kcred iam-key create --name NAME --save-as PROFILE`) \
so that deleting that key locks out only the cluster. No HOST: the profile's \
PROJECT.REGION.kcr.dev.";

#[derive(Debug, Args)]
pub struct RegistryPullSecretArgs {
    /// Registry host (`host[:port]`); the profile's KCR host when not given
    pub host: Option<String>,
    /// The Secret's name
    #[arg(long, value_name = "NAME", default_value = "kcr-pull-secret")]
    pub name: String,
    /// The Secret's namespace (kubectl's current one when not given)
    #[arg(long, value_name = "NS")]
    pub namespace: Option<String>,
}

#[derive(Debug, Args)]
pub struct RegistryConfigureArgs {
    /// Registry hosts (`host[:port]`); the profile's KCR host when none is given
    pub hosts: Vec<String>,
    /// Remove plaintext logins for these hosts without asking
    #[arg(long, short)]
    pub yes: bool,
    /// Only print what would change
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, Subcommand)]
pub enum GlesysCommand {
    /// List Object Storage instances and their access keys
    Instances,
}

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

#[derive(Debug, Subcommand)]
pub enum ProjectCommand {
    /// List the projects of the current user
    List,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Shell to generate the script for
    pub shell: clap_complete::Shell,
}

pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

/// clap's usage error text as kcred's two lines: the message (what clap says before its first
/// blank line, on one line) and a hint (clap's tips, then where the command's help is).
/// The first part of a command's help (what it is, its usage, its commands), from clap's
/// text of its help, and where the rest is.
pub fn commands_overview(help: &str) -> String {
    let usage = help
        .lines()
        .find_map(|line| line.strip_prefix("Usage: "))
        .unwrap_or("kcred");
    let command: Vec<&str> = usage
        .split_whitespace()
        .take_while(|word| !word.starts_with(['[', '<', '-']))
        .collect();
    let overview = help.split("\nOptions:\n").next().unwrap_or(help).trim_end();
    format!(
        "{overview}\n\nRun `{command} --help` for the options, `{command} <COMMAND> --help` for a command.\n",
        command = command.join(" ")
    )
}

pub fn usage_error_lines(clap_text: &str) -> (String, String) {
    let mut lines = clap_text.lines();
    let message: Vec<&str> = lines
        .by_ref()
        .take_while(|l| !l.trim().is_empty())
        .collect();
    let message = crate::error::one_line(&message.join(" "));
    let message = message
        .strip_prefix("error: ")
        .unwrap_or(&message)
        .to_string();
    let rest: Vec<&str> = lines.collect();
    let tips: Vec<&str> = rest
        .iter()
        .filter_map(|l| l.trim().strip_prefix("tip: "))
        .collect();
    // "Usage: kcred token [OPTIONS] [COMMAND]" names the command whose help to read.
    let command = rest
        .iter()
        .find_map(|l| l.trim().strip_prefix("Usage: "))
        .map(|usage| {
            usage
                .split_whitespace()
                .take_while(|word| !word.starts_with(['[', '<', '-']))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|command| !command.is_empty())
        .unwrap_or_else(|| "kcred".to_string());
    let mut hint = tips.join("; ");
    if !hint.is_empty() {
        hint.push_str("; ");
    }
    hint.push_str(&format!("see `{command} --help`"));
    (message, hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage_error(args: &[&str]) -> (String, String) {
        let err = <Cli as clap::Parser>::try_parse_from(args).unwrap_err();
        usage_error_lines(&err.to_string())
    }

    #[test]
    fn usage_errors_are_one_message_line_and_one_hint_line() {
        let (message, hint) = usage_error(&["kcred", "frobnicate"]);
        assert_eq!(message, "unrecognized subcommand 'frobnicate'");
        assert_eq!(hint, "see `kcred --help`");
        let (message, hint) = usage_error(&["kcred", "kms-key", "create"]);
        assert_eq!(
            message,
            "the following required arguments were not provided: --name <NAME>"
        );
        assert_eq!(hint, "see `kcred kms-key create --help`");
        let (message, hint) = usage_error(&["kcred", "token", "--frob"]);
        assert!(message.contains("'--frob'"), "{message}");
        assert!(hint.ends_with("see `kcred token --help`"), "{hint}");
        for text in [message, hint] {
            assert!(!text.contains('\n'));
        }
    }
}
