//! The proof that a token from a shared profile's cache is that profile's own. Every machine
//! that may write the fleet's cache (each runner) could put another key's token there, one
//! that works in another project: a token read from it is handed out only once the identity
//! API has said that the profile's key issued it, for the profile's project.
//!
//! Proven once per token and machine, not per call: what the server said is remembered where
//! this machine keeps cached tokens (the kernel keyring on Linux, else the OS keyring; never
//! a file), bound to the exact token by a digest, until the token expires.

use crate::config::{AccessKey, KakaoCloudSettings};
use crate::error::Result;
use crate::http::clean_message;
use crate::iam::{IamClient, TokenInfo, Validation};
use crate::secrets::{KernelKeyring, SecretName, SecretStore};
use crate::token_cache::SharedProof;
use jiff::Timestamp;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use std::cell::{OnceCell, RefCell};

/// What a profile says its tokens are: from its key, for its project.
#[derive(Debug, Clone)]
pub struct Expected {
    pub key: AccessKey,
    /// The key's ID for a key named by name, when the profile knows it.
    pub named_key_id: Option<String>,
    pub project_id: Option<String>,
}

impl Expected {
    /// The tokens of `key`, with what `settings` (its profile's, when there is one) knows.
    pub fn of(key: &AccessKey, settings: Option<&KakaoCloudSettings>) -> Expected {
        let settings = settings.filter(|settings| settings.key == *key);
        Expected {
            key: key.clone(),
            named_key_id: settings.and_then(|settings| settings.named_key_id.clone()),
            project_id: settings.and_then(|settings| settings.project_id.clone()),
        }
    }

    /// Why a token the server describes as `info` is not one of these; `None` when it is.
    pub fn mismatch(&self, info: &TokenInfo) -> Option<String> {
        if let Some(project) = &self.project_id
            && info.project_id.as_ref() != Some(project)
        {
            return Some(format!(
                "it is for project {}, not the profile's '{project}'",
                quoted(info.project_id.as_deref())
            ));
        }
        let same_key = match &self.key {
            AccessKey::Id(id) => info.access_key_id.as_ref() == Some(id),
            AccessKey::Name { name, user_id } => {
                info.user_id == *user_id
                    && info.access_key_name.as_ref() == Some(name)
                    && self
                        .named_key_id
                        .as_ref()
                        .is_none_or(|id| info.access_key_id.as_ref() == Some(id))
            }
        };
        (!same_key).then(|| {
            format!(
                "it was issued by IAM access key {}, not the profile's '{}'",
                quoted(info.access_key_id.as_deref()),
                match &self.key {
                    AccessKey::Id(id) => id,
                    AccessKey::Name { name, .. } => name,
                }
            )
        })
    }
}

/// A server's value for a message: quoted, on one line; `none` when there is none.
fn quoted(value: Option<&str>) -> String {
    value.map_or("none".to_string(), |value| {
        format!("'{}'", clean_message(value, []))
    })
}

/// Where this machine remembers what it proved.
pub enum ProofMemory<'a> {
    /// The kernel keyring: each entry with a timeout at its token's expiry.
    Kernel(&'a KernelKeyring),
    /// The OS keyring, where there is no kernel keyring.
    Store(Box<dyn SecretStore + 'a>),
}

/// What is remembered of a proven token: no secret.
#[derive(Serialize, Deserialize)]
struct Remembered {
    /// [`TokenProof::digest`] of the token proven.
    proof: String,
    info: TokenInfo,
}

impl ProofMemory<'_> {
    /// What the server said of the token of `digest`, when it was proven here and has not
    /// expired. A memory that cannot be read is no memory: the token is proven again.
    fn recall(&self, profile: &str, digest: &str) -> Option<TokenInfo> {
        let name = SecretName::SharedTokenProof(profile.to_string());
        let value = match self {
            ProofMemory::Kernel(kernel) => kernel.get(&name),
            ProofMemory::Store(store) => store.get(&name),
        };
        let remembered: Remembered = serde_json::from_str(value.ok()??.expose_secret()).ok()?;
        (remembered.proof == digest && remembered.info.expires_at > Timestamp::now())
            .then_some(remembered.info)
    }

    /// Remembers the token of `digest` as proven, with what the server said of it; one entry
    /// per profile, the last token's. A memory that refuses it costs a proof next time.
    fn remember(&self, profile: &str, digest: &str, info: &TokenInfo) {
        let name = SecretName::SharedTokenProof(profile.to_string());
        let remembered = Remembered {
            proof: digest.to_string(),
            info: info.clone(),
        };
        let Ok(text) = serde_json::to_string(&remembered) else {
            return;
        };
        let value = SecretString::from(text);
        let _ = match self {
            ProofMemory::Kernel(kernel) => kernel.set(&name, &value, info.expires_at),
            ProofMemory::Store(store) => store.set(&name, &value),
        };
    }
}

/// Who hears that a shared token was refused: its profile, and why.
pub type RefusalListener<'a> = Box<dyn Fn(&str, &str) + 'a>;

/// The proof of the tokens of one key at one identity endpoint.
pub struct TokenProof<'a> {
    endpoint: String,
    expected: Expected,
    /// The client, made only when a token has to be proven.
    connect: Box<dyn Fn() -> Result<IamClient> + 'a>,
    client: OnceCell<IamClient>,
    memory: ProofMemory<'a>,
    refused: RefusalListener<'a>,
    /// What this run decided, by digest: a token is asked about once per run.
    decided: RefCell<Vec<(String, Option<TokenInfo>)>>,
}

impl<'a> TokenProof<'a> {
    pub fn new(
        endpoint: &str,
        expected: Expected,
        connect: Box<dyn Fn() -> Result<IamClient> + 'a>,
        memory: ProofMemory<'a>,
        refused: RefusalListener<'a>,
    ) -> Self {
        TokenProof {
            endpoint: endpoint.to_string(),
            expected,
            connect,
            client: OnceCell::new(),
            memory,
            refused,
            decided: RefCell::new(Vec::new()),
        }
    }

    /// Binds the exact token to what it must be: the profile, the endpoint, the key and the
    /// project. A proof of one never stands for another.
    fn digest(&self, profile: &str, token: &SecretString) -> String {
        crate::token_cache::digest_of(&[
            "kcred shared token proof 1",
            profile,
            &self.endpoint,
            &self.expected.key.fingerprint(),
            self.expected.named_key_id.as_deref().unwrap_or(""),
            self.expected.project_id.as_deref().unwrap_or(""),
            token.expose_secret(),
        ])
    }

    fn client(&self) -> Result<&IamClient> {
        if let Some(client) = self.client.get() {
            return Ok(client);
        }
        let client = (self.connect)()?;
        Ok(self.client.get_or_init(|| client))
    }

    /// Asks the server about `token`: what it is, when it is the expected one; why not, when
    /// it is not.
    fn ask(&self, token: &SecretString) -> Result<std::result::Result<TokenInfo, String>> {
        Ok(match self.client()?.validate_token(token)? {
            Validation::Valid(info) => match self.expected.mismatch(&info) {
                None => Ok(info),
                Some(why) => Err(why),
            },
            Validation::Invalid(reason) => Err(format!(
                "the identity API does not accept it ({})",
                clean_message(&reason, [token])
            )),
        })
    }

    fn decided(&self, digest: &str) -> Option<Option<TokenInfo>> {
        self.decided
            .borrow()
            .iter()
            .find(|(seen, _)| seen == digest)
            .map(|(_, decided)| decided.clone())
    }
}

impl SharedProof<TokenInfo> for TokenProof<'_> {
    fn prove(&self, profile: &str, token: &SecretString) -> Result<Option<TokenInfo>> {
        let digest = self.digest(profile, token);
        if let Some(decided) = self.decided(&digest) {
            return Ok(decided);
        }
        let decided = match self.memory.recall(profile, &digest) {
            Some(info) => Some(info),
            None => match self.ask(token)? {
                Ok(info) => {
                    self.memory.remember(profile, &digest, &info);
                    Some(info)
                }
                Err(why) => {
                    (self.refused)(profile, &why);
                    None
                }
            },
        };
        self.decided.borrow_mut().push((digest, decided.clone()));
        Ok(decided)
    }

    fn issued(&self, profile: &str, token: &SecretString, info: &TokenInfo) {
        let digest = self.digest(profile, token);
        self.memory.remember(profile, &digest, info);
        self.decided.borrow_mut().push((digest, Some(info.clone())));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(project: &str, key_id: &str, key_name: &str, user: &str) -> TokenInfo {
        TokenInfo {
            expires_at: Timestamp::now() + jiff::SignedDuration::from_hours(1),
            issued_at: None,
            user_id: user.into(),
            project_id: Some(project.into()),
            project_name: None,
            access_key_id: Some(key_id.into()),
            access_key_name: Some(key_name.into()),
            access_key_restricted: None,
            access_key_expires_at: None,
        }
    }

    fn expected(key: AccessKey, project: Option<&str>) -> Expected {
        Expected {
            key,
            named_key_id: None,
            project_id: project.map(str::to_string),
        }
    }

    #[test]
    fn a_token_of_another_project_or_key_is_not_the_profiles() {
        let by_id = expected(AccessKey::Id("k1".into()), Some("p1"));
        assert_eq!(by_id.mismatch(&info("p1", "k1", "n1", "u1")), None);
        let other_project = by_id.mismatch(&info("p2", "k1", "n1", "u1")).unwrap();
        assert!(other_project.contains("'p2'") && other_project.contains("'p1'"));
        let other_key = by_id.mismatch(&info("p1", "k2", "n1", "u1")).unwrap();
        assert!(other_key.contains("'k2'"), "{other_key}");

        let by_name = expected(
            AccessKey::Name {
                name: "n1".into(),
                user_id: "u1".into(),
            },
            None,
        );
        assert_eq!(by_name.mismatch(&info("p9", "k1", "n1", "u1")), None);
        assert!(by_name.mismatch(&info("p9", "k1", "n2", "u1")).is_some());
        assert!(by_name.mismatch(&info("p9", "k1", "n1", "u2")).is_some());
        let mut no_key = info("p1", "k1", "n1", "u1");
        no_key.access_key_id = None;
        assert!(by_id.mismatch(&no_key).unwrap().contains("none"));
    }

    #[test]
    fn a_server_value_in_a_message_is_one_clean_line() {
        let by_id = expected(AccessKey::Id("k1".into()), Some("p1"));
        let why = by_id
            .mismatch(&info("p\n2\u{1b}[31m", "k1", "n1", "u1"))
            .unwrap();
        assert!(!why.contains('\n') && !why.contains('\u{1b}'), "{why:?}");
    }

    use crate::http::Http;
    use crate::http::test_server::{Reply, Server};
    use crate::secrets::MemoryStore;
    use std::cell::Cell;
    use std::time::Duration;

    /// A store this test keeps, lent to a proof's memory.
    struct Borrowed<'a>(&'a MemoryStore);

    impl SecretStore for Borrowed<'_> {
        fn get(&self, name: &SecretName) -> Result<Option<SecretString>> {
            self.0.get(name)
        }
        fn set(&self, name: &SecretName, secret: &SecretString) -> Result<()> {
            self.0.set(name, secret)
        }
        fn delete(&self, name: &SecretName) -> Result<()> {
            self.0.delete(name)
        }
    }

    fn valid_reply(project: &str, key_id: &str) -> Reply {
        let expires = (Timestamp::now() + jiff::SignedDuration::from_hours(1)).to_string();
        Reply::json(
            200,
            &serde_json::json!({"token": {"expires_at": expires, "user": {"id": "u1"},
                "project": {"id": project}, "application_credential": {"id": key_id}}}),
        )
    }

    /// A proof of key "k1" in project "p1" asking `server`, counting its connections.
    fn proof<'a>(
        server: &'a Server,
        connects: &'a Cell<usize>,
        refusals: &'a std::cell::RefCell<Vec<String>>,
        memory: ProofMemory<'a>,
    ) -> TokenProof<'a> {
        TokenProof::new(
            "https://iam.example/v3",
            expected(AccessKey::Id("k1".into()), Some("p1")),
            Box::new(move || {
                connects.set(connects.get() + 1);
                Ok(IamClient::new(
                    &server.url("/v3"),
                    Http::new(Duration::from_secs(10), None, None)?,
                ))
            }),
            memory,
            Box::new(move |_, why| refusals.borrow_mut().push(why.to_string())),
        )
    }

    #[test]
    fn a_token_is_proven_once_then_remembered_across_runs() {
        let server = Server::start(vec![valid_reply("p1", "k1")]);
        let store = MemoryStore::new();
        let connects = Cell::new(0);
        let refusals = Default::default();
        let token = SecretString::from("gAAAAshared");
        let first = proof(
            &server,
            &connects,
            &refusals,
            ProofMemory::Store(Box::new(Borrowed(&store))),
        );
        assert!(first.prove("prod", &token).unwrap().is_some());
        assert!(first.prove("prod", &token).unwrap().is_some());
        assert_eq!(server.seen().len(), 1, "asked once a run");
        let remembered = store
            .get(&SecretName::SharedTokenProof("prod".into()))
            .unwrap()
            .unwrap();
        assert!(
            !remembered.expose_secret().contains("gAAAAshared"),
            "the memory holds a digest, not the token"
        );

        let next_run = proof(
            &server,
            &connects,
            &refusals,
            ProofMemory::Store(Box::new(Borrowed(&store))),
        );
        assert!(next_run.prove("prod", &token).unwrap().is_some());
        assert_eq!(connects.get(), 1, "remembered: no client made");
        assert!(refusals.borrow().is_empty());
    }

    #[test]
    fn a_proof_stands_for_its_token_and_profile_only() {
        let server = Server::start(vec![valid_reply("p1", "k1"), valid_reply("p1", "k1")]);
        let store = MemoryStore::new();
        let connects = Cell::new(0);
        let refusals = Default::default();
        let proof = proof(
            &server,
            &connects,
            &refusals,
            ProofMemory::Store(Box::new(Borrowed(&store))),
        );
        let token = SecretString::from("gAAAAshared");
        proof.issued("prod", &token, &info("p1", "k1", "n", "u1"));
        assert!(proof.prove("prod", &token).unwrap().is_some());
        assert_eq!(connects.get(), 0, "issued here: no proof needed");
        assert!(proof.prove("stage", &token).unwrap().is_some());
        assert_eq!(server.seen().len(), 1, "another profile's is proven anew");
        assert!(
            proof
                .prove("prod", &SecretString::from("gAAAAother"))
                .unwrap()
                .is_some()
        );
        assert_eq!(server.seen().len(), 2, "another token is proven anew");
    }

    #[test]
    fn a_token_of_another_project_is_refused_once_and_heard() {
        let server = Server::start(vec![
            valid_reply("p2", "k1"),
            Reply::json(
                404,
                &serde_json::json!({"error": {"message": "Could not find token: gAAAAgone"}}),
            ),
        ]);
        let store = MemoryStore::new();
        let connects = Cell::new(0);
        let refusals = std::cell::RefCell::new(Vec::new());
        let proof = proof(
            &server,
            &connects,
            &refusals,
            ProofMemory::Store(Box::new(Borrowed(&store))),
        );
        let planted = SecretString::from("gAAAAplanted");
        assert!(proof.prove("prod", &planted).unwrap().is_none());
        assert!(proof.prove("prod", &planted).unwrap().is_none());
        assert_eq!(server.seen().len(), 1, "decided once a run");
        assert!(store.is_empty(), "a refusal is not remembered");
        let gone = SecretString::from("gAAAAgone");
        assert!(proof.prove("prod", &gone).unwrap().is_none());
        assert_eq!(
            *refusals.borrow(),
            [
                "it is for project 'p2', not the profile's 'p1'".to_string(),
                "the identity API does not accept it (Could not find token: [redacted])"
                    .to_string(),
            ]
        );
    }

    #[test]
    fn a_remembered_proof_past_its_token_s_expiry_or_unreadable_is_proven_again() {
        let server = Server::start(vec![valid_reply("p1", "k1"), valid_reply("p1", "k1")]);
        let store = MemoryStore::new();
        let connects = Cell::new(0);
        let refusals = Default::default();
        let token = SecretString::from("gAAAAshared");
        let mut old = info("p1", "k1", "n", "u1");
        old.expires_at = Timestamp::now() - jiff::SignedDuration::from_secs(1);
        proof(
            &server,
            &connects,
            &refusals,
            ProofMemory::Store(Box::new(Borrowed(&store))),
        )
        .issued("prod", &token, &old);
        let again = proof(
            &server,
            &connects,
            &refusals,
            ProofMemory::Store(Box::new(Borrowed(&store))),
        );
        assert!(again.prove("prod", &token).unwrap().is_some());
        assert_eq!(server.seen().len(), 1);
        store
            .set(
                &SecretName::SharedTokenProof("prod".into()),
                &SecretString::from("not json"),
            )
            .unwrap();
        let third = proof(
            &server,
            &connects,
            &refusals,
            ProofMemory::Store(Box::new(Borrowed(&store))),
        );
        assert!(third.prove("prod", &token).unwrap().is_some());
        assert_eq!(server.seen().len(), 2);
    }

    #[test]
    fn what_a_profile_knows_counts_only_for_its_own_key() {
        let mut settings = KakaoCloudSettings::new(AccessKey::Id("k1".into()));
        settings.project_id = Some("p1".into());
        settings.named_key_id = Some("id".into());
        let own = Expected::of(&AccessKey::Id("k1".into()), Some(&settings));
        assert_eq!(own.project_id.as_deref(), Some("p1"));
        let other = Expected::of(&AccessKey::Id("k2".into()), Some(&settings));
        assert_eq!((other.project_id, other.named_key_id), (None, None));

        let by_name = Expected {
            key: AccessKey::Name {
                name: "n1".into(),
                user_id: "u1".into(),
            },
            named_key_id: Some("k1".into()),
            project_id: None,
        };
        assert_eq!(by_name.mismatch(&info("p", "k1", "n1", "u1")), None);
        assert!(
            by_name.mismatch(&info("p", "k9", "n1", "u1")).is_some(),
            "a key of the same name and user, but not the ID the profile knows"
        );
    }
}
