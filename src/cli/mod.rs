//! The command line, and nothing else: clap definitions.

pub use crate::ui::output::{EnvFormat, OutputFormat};

mod keys;
mod kms;
mod profile;
mod registry;
mod token;

use clap::{Args, Parser, Subcommand};
use clap_complete::{ArgValueCandidates, CompletionCandidate};
use jiff::{SignedDuration, Timestamp};
pub use keys::*;
pub use kms::*;
pub use profile::*;
pub use registry::*;
use std::time::Duration;
pub use token::*;

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
        default_value = "30",
        value_parser = timeout_seconds
    )]
    pub timeout: Duration,

    /// Seconds a cached token must still be valid for to be used
    #[arg(
        long,
        global = true,
        env = "KCRED_MIN_TTL",
        value_name = "SECONDS",
        default_value = "300",
        value_parser = min_ttl_seconds
    )]
    pub min_ttl: SignedDuration,
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
pub enum NcpCommand {
    /// Describe the key that signs requests (`GET /api/v1/credentials`)
    Credentials,
}

#[derive(Debug, Subcommand)]
pub enum GlesysCommand {
    /// List Object Storage instances and their access keys
    Instances,
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

/// The longest `--timeout`: a day. Deadlines are the time now plus the timeout, and no
/// request or wait of kcred's is worth more.
const MAX_TIMEOUT_SECS: u64 = 86_400;

/// `--timeout`: a whole number of seconds, from one to a day.
fn timeout_seconds(text: &str) -> Result<Duration, String> {
    match text.parse::<u64>() {
        Ok(0) => Err("0 would give up before any request; give at least 1".to_string()),
        Ok(seconds) if seconds > MAX_TIMEOUT_SECS => Err(format!(
            "{seconds} is more than a day; give at most {MAX_TIMEOUT_SECS}"
        )),
        Ok(seconds) => Ok(Duration::from_secs(seconds)),
        Err(_) => Err(format!("'{text}' is not a whole number of seconds")),
    }
}

/// `--min-ttl`: a whole number of seconds; more than a year is a year (no token lives that
/// long, so the answer is the same: a new token every time).
fn min_ttl_seconds(text: &str) -> Result<SignedDuration, String> {
    let seconds = text
        .parse::<u64>()
        .map_err(|_| format!("'{text}' is not a whole number of seconds"))?;
    Ok(SignedDuration::from_secs(
        seconds.min(MAX_MIN_TTL_SECS) as i64
    ))
}

/// The longest `--min-ttl`: a year, longer than any token lives.
const MAX_MIN_TTL_SECS: u64 = 366 * 86_400;

/// A time as RFC 3339 writes it (`2027-06-30T00:00:00Z`).
fn rfc3339(text: &str) -> Result<Timestamp, String> {
    // A blank line, then a tip: the usage error's hint line says it.
    text.parse().map_err(|_| {
        "not an RFC 3339 time\n\n  tip: write it like 2027-06-30T00:00:00Z".to_string()
    })
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

    #[test]
    fn timeouts_are_whole_seconds_from_one_to_a_day() {
        assert_eq!(timeout_seconds("30"), Ok(Duration::from_secs(30)));
        assert_eq!(timeout_seconds("86400"), Ok(Duration::from_secs(86_400)));
        for bad in [
            "0",
            "86401",
            "18446744073709551615",
            "-1",
            "1.5",
            "",
            "soon",
        ] {
            assert!(timeout_seconds(bad).is_err(), "--timeout {bad}");
        }
    }

    #[test]
    fn a_min_ttl_past_a_year_is_a_year() {
        assert_eq!(min_ttl_seconds("300"), Ok(SignedDuration::from_secs(300)));
        assert_eq!(
            min_ttl_seconds("18446744073709551615"),
            Ok(SignedDuration::from_secs(MAX_MIN_TTL_SECS as i64))
        );
        assert!(min_ttl_seconds("-5").is_err());
    }

    #[test]
    fn expiry_times_are_rfc_3339_and_the_error_shows_the_form() {
        assert!(rfc3339("2027-06-30T00:00:00Z").is_ok());
        let (message, hint) = usage_error(&["kcred", "iam-key", "create", "--expires-at", "soon"]);
        assert_eq!(
            message,
            "invalid value 'soon' for '--expires-at <RFC3339>': not an RFC 3339 time"
        );
        assert!(
            hint.starts_with("write it like 2027-06-30T00:00:00Z; "),
            "{hint}"
        );
    }

    #[test]
    fn the_global_options_arrive_typed() {
        let cli = <Cli as clap::Parser>::try_parse_from([
            "kcred",
            "--timeout",
            "7",
            "--min-ttl",
            "60",
            "token",
        ])
        .unwrap();
        assert_eq!(cli.global.timeout, Duration::from_secs(7));
        assert_eq!(cli.global.min_ttl, SignedDuration::from_mins(1));
    }
}
