//! The references the binary answers (`kcred help environment`, `kcred help exit-codes`, the
//! end of `--help` and of the man page), each from one declaration: every environment
//! variable kcred reads with its meaning, and every exit code from the error kinds. Tests
//! check the documentation against these lists.

use crate::error::ErrorKind;

/// One or more variables read for the same thing (a `KAKAOCLOUD_*` name and its OpenStack
/// fallback, or a group read together), and what they mean.
pub struct Variable {
    pub names: &'static [&'static str],
    pub meaning: &'static str,
}

const fn var(names: &'static [&'static str], meaning: &'static str) -> Variable {
    Variable { names, meaning }
}

/// Every environment variable kcred reads or sets.
pub const VARIABLES: &[Variable] = &[
    var(
        &["KAKAOCLOUD_ACCESS_KEY_ID", "OS_APPLICATION_CREDENTIAL_ID"],
        "IAM access key ID (method 1)",
    ),
    var(
        &[
            "KAKAOCLOUD_ACCESS_KEY_NAME",
            "OS_APPLICATION_CREDENTIAL_NAME",
        ],
        "IAM access key name (method 2)",
    ),
    var(
        &["KAKAOCLOUD_USER_ID", "OS_USER_ID"],
        "the key name's user UUID",
    ),
    var(
        &[
            "KAKAOCLOUD_ACCESS_KEY_SECRET",
            "OS_APPLICATION_CREDENTIAL_SECRET",
        ],
        "the key's secret",
    ),
    var(
        &["KAKAOCLOUD_IAM_ENDPOINT", "OS_AUTH_URL"],
        "identity endpoint, for a key from the environment",
    ),
    var(
        &["KAKAOCLOUD_REGION"],
        "region (default kr-central-2), for a key from the environment",
    ),
    var(
        &["KAKAOCLOUD_S3_ENDPOINT"],
        "Object Storage endpoint, for a key from the environment",
    ),
    var(
        &["KAKAOCLOUD_KMS_ENDPOINT"],
        "KMS endpoint, for a key from the environment",
    ),
    var(
        &[
            "KCRED_PROFILE",
            "KCRED_OUTPUT",
            "KCRED_TIMEOUT",
            "KCRED_MIN_TTL",
        ],
        "as the flags",
    ),
    var(
        &["KCRED_STORE"],
        "keyring, file or vault, for every command",
    ),
    var(
        &["KCRED_FILE_PASSPHRASE"],
        "the encrypted file's passphrase",
    ),
    var(
        &["KCRED_KEYRING_SERVICE"],
        "keyring service name (default kcred)",
    ),
    var(
        &["KCRED_KEYRING_TIMEOUT"],
        "seconds a keyring call may take (default 5)",
    ),
    var(
        &["KCRED_TOKEN_CACHE"],
        "auto (Linux kernel keyring) or store (the profile's)",
    ),
    var(
        &["KCRED_KEY_EXPIRY_WARNING_DAYS"],
        "days ahead a key's expiry is warned of (default 14)",
    ),
    var(
        &["KCRED_KERNEL_KEYRING"],
        "user (default) or session: the kernel keyring used",
    ),
    var(
        &["KCRED_EXEC_PROFILE"],
        "set by `kcred exec`; a nested exec must match it",
    ),
    var(
        &[
            "VAULT_ADDR",
            "VAULT_TOKEN",
            "VAULT_NAMESPACE",
            "VAULT_CACERT",
        ],
        "the Vault server (shared profiles)",
    ),
    var(
        &[
            "KCRED_VAULT_ROLE_ID",
            "KCRED_VAULT_SECRET_ID",
            "KCRED_VAULT_APPROLE_MOUNT",
        ],
        "AppRole login",
    ),
    var(
        &[
            "KCRED_VAULT_JWT_ROLE",
            "KCRED_VAULT_JWT",
            "KCRED_VAULT_JWT_MOUNT",
        ],
        "JWT/OIDC login",
    ),
    var(
        &["KCRED_VAULT_MOUNT", "KCRED_VAULT_PREFIX"],
        "KV mount (default secret) and prefix (default kcred)",
    ),
    var(&["KUBERNETES_EXEC_INFO"], "read by `kcred kube-credential`"),
    var(&["GITHUB_ENV"], "where `kcred env --format github` appends"),
    var(&["CI"], "any value but false or 0: never prompt"),
    var(
        &["COMPLETE"],
        "bash, zsh, fish, …: print dynamic completions",
    ),
];

/// What each exit code means, from the error kinds (and success).
pub fn exit_codes() -> Vec<(i32, &'static str)> {
    let mut codes = vec![(0, "success")];
    codes.extend(
        ErrorKind::ALL
            .iter()
            .map(|kind| (kind.exit_code(), kind.meaning())),
    );
    codes
}

/// `kcred help environment`.
pub fn environment() -> String {
    let mut text = String::from("Environment:\n");
    let width = VARIABLES
        .iter()
        .map(|v| v.names.join(", ").len())
        .filter(|len| *len <= 40)
        .max()
        .unwrap_or(0);
    for variable in VARIABLES {
        let names = variable.names.join(", ");
        if names.len() > width {
            // Too long a group of names for the column: the meaning goes under it.
            text.push_str(&format!(
                "  {names}\n  {:width$}  {}\n",
                "", variable.meaning
            ));
        } else {
            text.push_str(&format!("  {names:width$}  {}\n", variable.meaning));
        }
    }
    text
}

/// `kcred help exit-codes`.
pub fn exit_code_text() -> String {
    let mut text = String::from("Exit codes:\n");
    for (code, meaning) in exit_codes() {
        let mut lines = wrapped(meaning, 80).into_iter();
        text.push_str(&format!(
            "  {code:<4} {}\n",
            lines.next().unwrap_or_default()
        ));
        for line in lines {
            text.push_str(&format!("       {line}\n"));
        }
    }
    text
}

/// `text` in lines of at most `width` characters, broken between words.
fn wrapped(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let line = lines.last_mut().expect("one line at least");
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(word.to_string());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}

/// The end of `kcred --help` and of the man page: both references.
pub fn environment_and_exit_codes() -> String {
    format!("{}\n{}", environment(), exit_code_text().trim_end())
}

/// The topics `kcred help TOPIC` answers beside the commands.
pub const TOPICS: [&str; 2] = ["environment", "exit-codes"];

/// The reference `kcred help TOPIC` asks for, when the arguments are that.
pub fn help_topic<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Option<String> {
    let [help, topic] = args else {
        return None;
    };
    if help.as_ref() != "help" {
        return None;
    }
    match topic.as_ref().to_str()? {
        "environment" => Some(environment()),
        "exit-codes" => Some(exit_code_text()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_exit_code_is_listed_once_in_order() {
        let codes: Vec<i32> = exit_codes().iter().map(|(code, _)| *code).collect();
        assert_eq!(codes, [0, 1, 2, 3, 4, 5, 6, 126, 127]);
    }

    #[test]
    fn help_topics_answer_only_their_own_names() {
        assert!(
            help_topic(&["help", "environment"])
                .unwrap()
                .contains("KCRED_STORE")
        );
        assert!(help_topic(&["help", "exit-codes"]).unwrap().contains("127"));
        assert_eq!(help_topic(&["help", "token"]), None);
        assert_eq!(help_topic(&["help"]), None);
        assert_eq!(help_topic(&["token", "environment"]), None);
        assert_eq!(help_topic(&["help", "environment", "x"]), None);
    }

    #[test]
    fn a_variable_is_declared_once() {
        let mut names: Vec<&str> = VARIABLES
            .iter()
            .flat_map(|v| v.names.iter().copied())
            .collect();
        let all = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), all);
    }
}
