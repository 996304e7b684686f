//! The ways out that are kcred commands, in words. The layers below the commands return an
//! [`Advice`]; this is the one place that names the command, so renaming one touches only
//! the command line and this file.

use crate::error::{Advice, Error, KeyKind};

/// What `err` says to do, in words: its own hint, or its advice.
pub fn hint_of(err: &Error) -> Option<String> {
    err.hint()
        .map(str::to_string)
        .or_else(|| err.advice().map(say))
}

/// The advice in words, naming the command to run.
pub fn say(advice: &Advice) -> String {
    match advice {
        Advice::AddFirstProfile {
            or_environment: true,
        } => "add one with `kcred profile add NAME --access-key-id ID`, or set \
             KAKAOCLOUD_ACCESS_KEY_ID and KAKAOCLOUD_ACCESS_KEY_SECRET"
            .to_string(),
        Advice::AddFirstProfile {
            or_environment: false,
        } => "add one with `kcred profile add NAME --access-key-id ID`".to_string(),
        Advice::ChooseDefaultProfile => {
            "pick one with `kcred profile use NAME` or `--profile NAME`".to_string()
        }
        Advice::NameSharedProfile => "name a shared profile with --profile NAME or \
                                      KCRED_PROFILE; `kcred profile list` lists them"
            .to_string(),
        Advice::FixOrRemoveProfile { profile } => format!(
            "fix the entry in the config file, or remove it with `kcred profile remove {profile}`"
        ),
        Advice::RemoveSharedProfileFirst => {
            "remove it first (`KCRED_STORE=vault kcred profile remove NAME`)".to_string()
        }
        Advice::StoreProfileAgain {
            profile: Some(profile),
        } => {
            format!("store it again with `kcred profile add {profile} --force …`")
        }
        Advice::StoreProfileAgain { profile: None } => {
            "remove it and store the secret again (`kcred profile add --force …`)".to_string()
        }
        Advice::CredentialsNotInEndpoint => {
            "give the credentials with `kcred profile add` or the environment instead".to_string()
        }
        Advice::UnlockKeyringOrAvoidIt => "unlock your keyring (log in to the desktop, or run \
             `gnome-keyring-daemon --unlock`), or start a keyring daemon; or run without it: set \
             KAKAOCLOUD_ACCESS_KEY_ID and KAKAOCLOUD_ACCESS_KEY_SECRET, or opt in to an \
             encrypted file with KCRED_STORE=file (or `kcred profile add --store file`)"
            .to_string(),
        Advice::CreateFileStore => {
            "it is made by the first `kcred profile add --store file`".to_string()
        }
        Advice::CheckKmsEndpoint { unexpected: false } => {
            "check the KMS endpoint (`kcred profile add --kms-endpoint`, or \
             KAKAOCLOUD_KMS_ENDPOINT) and your network"
                .to_string()
        }
        Advice::CheckKmsEndpoint { unexpected: true } => {
            "check that the KMS endpoint is KakaoCloud's KMS API \
             (`kcred profile add --kms-endpoint`, or KAKAOCLOUD_KMS_ENDPOINT)"
                .to_string()
        }
        Advice::ListToSee { keys, created } => {
            let done = if *created { "created" } else { "deleted" };
            let command = match keys {
                KeyKind::Iam => "iam-key",
                KeyKind::S3 => "s3-key",
            };
            format!(
                "KakaoCloud may have {done} the key all the same: `kcred {command} list` \
                 shows whether it did"
            )
        }
        Advice::NameRegistryHost => {
            "name the host: `kcred registry configure PROJECT.REGION.kcr.dev`".to_string()
        }
        Advice::AddKeyById { profile } => format!(
            "add the key by its ID: `kcred profile add {profile} --force --access-key-id ID \
             --secret-stdin`"
        ),
        Advice::ChooseRegistryProfile { host } => {
            format!("pick one with `kcred --profile NAME registry configure {host}`")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_win_over_advice_and_advice_is_said_when_there_are_none() {
        let advised = Error::usage("no profile").with_advice(Advice::ChooseDefaultProfile);
        assert_eq!(
            hint_of(&advised).as_deref(),
            Some("pick one with `kcred profile use NAME` or `--profile NAME`")
        );
        let worded = advised.with_hint("do this");
        assert_eq!(hint_of(&worded).as_deref(), Some("do this"));
        assert_eq!(hint_of(&Error::usage("bare")), None);
    }

    #[test]
    fn every_advice_names_a_kcred_command_in_one_line() {
        let all = [
            Advice::AddFirstProfile {
                or_environment: true,
            },
            Advice::AddFirstProfile {
                or_environment: false,
            },
            Advice::ChooseDefaultProfile,
            Advice::NameSharedProfile,
            Advice::FixOrRemoveProfile {
                profile: "p".into(),
            },
            Advice::RemoveSharedProfileFirst,
            Advice::StoreProfileAgain {
                profile: Some("p".into()),
            },
            Advice::StoreProfileAgain { profile: None },
            Advice::CredentialsNotInEndpoint,
            Advice::UnlockKeyringOrAvoidIt,
            Advice::CreateFileStore,
            Advice::CheckKmsEndpoint { unexpected: false },
            Advice::CheckKmsEndpoint { unexpected: true },
            Advice::ListToSee {
                keys: KeyKind::Iam,
                created: true,
            },
            Advice::ListToSee {
                keys: KeyKind::S3,
                created: false,
            },
            Advice::NameRegistryHost,
            Advice::AddKeyById {
                profile: "p".into(),
            },
            Advice::ChooseRegistryProfile {
                host: "h.kr-central-2.kcr.dev".into(),
            },
        ];
        for advice in &all {
            let said = say(advice);
            assert!(
                said.contains("kcred ") && said.contains('`'),
                "{advice:?}: {said}"
            );
            assert!(!said.contains('\n') && !said.contains("  "), "{said}");
        }
        assert_eq!(
            say(&Advice::ListToSee {
                keys: KeyKind::S3,
                created: false
            }),
            "KakaoCloud may have deleted the key all the same: `kcred s3-key list` shows \
             whether it did"
        );
    }
}
