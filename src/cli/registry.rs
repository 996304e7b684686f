//! `kcred registry …`: its commands and their arguments.

use clap::{Args, Subcommand};

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
