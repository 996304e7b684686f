//! The container clients' auth files (docker's `config.json`, the containers `auth.json`):
//! pointing a registry at the helper in `credHelpers`, and finding plaintext `auths` entries.
//! Everything else in a file is kept as it was parsed.

use super::{HELPER, normalise_host};
use crate::error::{Error, Result};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// Which client reads a file, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    Docker,
    Containers,
}

impl Reader {
    pub fn clients(self) -> &'static str {
        match self {
            Reader::Docker => "docker, docker-py",
            Reader::Containers => "podman, skopeo, buildah",
        }
    }
}

/// The auth files the clients read, from the environment: `$DOCKER_CONFIG/config.json` (else
/// `~/.docker/config.json`); `$REGISTRY_AUTH_FILE`, else `$XDG_RUNTIME_DIR/containers/auth.json`;
/// and `~/.config/containers/auth.json`, which the containers tools read after it.
pub fn auth_files(lookup: impl Fn(&str) -> Option<String>) -> Vec<(Reader, PathBuf)> {
    let set = |name: &str| lookup(name).filter(|value| !value.is_empty());
    let home = set("HOME").map(PathBuf::from);
    let mut files = Vec::new();
    match (set("DOCKER_CONFIG"), &home) {
        (Some(dir), _) => files.push((Reader::Docker, PathBuf::from(dir).join("config.json"))),
        (None, Some(home)) => files.push((Reader::Docker, home.join(".docker/config.json"))),
        (None, None) => {}
    }
    if let Some(file) = set("REGISTRY_AUTH_FILE") {
        files.push((Reader::Containers, PathBuf::from(file)));
    } else if let Some(dir) = set("XDG_RUNTIME_DIR") {
        files.push((
            Reader::Containers,
            PathBuf::from(dir).join("containers/auth.json"),
        ));
    }
    if let Some(home) = &home {
        let file = home.join(".config/containers/auth.json");
        if !files.iter().any(|(_, known)| known == &file) {
            files.push((Reader::Containers, file));
        }
    }
    files
}

/// One auth file as read: its JSON object (empty when the file does not exist yet).
pub struct AuthFile {
    pub path: PathBuf,
    pub reader: Reader,
    pub exists: bool,
    root: Map<String, Value>,
}

impl AuthFile {
    pub fn read(reader: Reader, path: &Path) -> Result<AuthFile> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Ok(AuthFile {
                    path: path.to_path_buf(),
                    reader,
                    exists: false,
                    root: Map::new(),
                });
            }
            Err(err) => {
                return Err(
                    Error::other(format!("cannot read {}: {err}", path.display()))
                        .with_hint("check the file's permissions"),
                );
            }
        };
        let root = if text.trim().is_empty() {
            Map::new()
        } else {
            match serde_json::from_str::<Value>(&text) {
                Ok(Value::Object(root)) => root,
                // The message says where, never what: the file may hold secrets.
                Ok(_) => return Err(not_an_auth_file(path, "it is not a JSON object")),
                Err(err) => {
                    return Err(not_an_auth_file(
                        path,
                        &format!("line {} column {}", err.line(), err.column()),
                    ));
                }
            }
        };
        Ok(AuthFile {
            path: path.to_path_buf(),
            reader,
            exists: true,
            root,
        })
    }

    /// The hosts `credHelpers` points at kcred.
    pub fn helper_hosts(&self) -> Vec<String> {
        self.object("credHelpers")
            .map(|helpers| {
                helpers
                    .iter()
                    .filter(|(_, suffix)| suffix.as_str() == Some(HELPER))
                    .map(|(host, _)| host.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn points_at_helper(&self, host: &str) -> bool {
        self.helper_hosts().iter().any(|h| h == host)
    }

    /// The keys of `auths` entries for `host` that hold a password or an `auth` pair.
    pub fn plaintext_entries(&self, host: &str) -> Vec<String> {
        self.object("auths")
            .map(|auths| {
                auths
                    .iter()
                    .filter(|(key, entry)| {
                        normalise_host(key).as_deref() == Some(host) && holds_secret(entry)
                    })
                    .map(|(key, _)| key.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Every `auths` entry with a username and password in it: (key, username). The
    /// username is the entry's own or the first half of its `auth` pair.
    pub fn plaintext_logins(&self) -> Vec<(String, String)> {
        use base64::Engine;
        let Some(auths) = self.object("auths") else {
            return Vec::new();
        };
        auths
            .iter()
            .filter_map(|(key, entry)| {
                let from_pair = entry
                    .get("auth")
                    .and_then(Value::as_str)
                    .and_then(|pair| base64::engine::general_purpose::STANDARD.decode(pair).ok())
                    .and_then(|pair| {
                        let pair = String::from_utf8(pair).ok()?;
                        Some(pair.split_once(':')?.0.to_string())
                    });
                let named = entry
                    .get("username")
                    .and_then(Value::as_str)
                    .filter(|_| holds_secret(entry))
                    .map(str::to_string);
                Some((key.clone(), from_pair.or(named)?))
            })
            .collect()
    }

    /// Points `host` at the helper. Whether it changed.
    pub fn add_helper(&mut self, host: &str) -> Result<bool> {
        let helpers = self.object_mut("credHelpers")?;
        let changed = helpers.get(host).and_then(Value::as_str) != Some(HELPER);
        helpers.insert(host.to_string(), Value::String(HELPER.to_string()));
        Ok(changed)
    }

    /// Drops `host`'s `credHelpers` entry if it is kcred's. Whether it changed.
    pub fn remove_helper(&mut self, host: &str) -> bool {
        if !self.points_at_helper(host) {
            return false;
        }
        if let Some(Value::Object(helpers)) = self.root.get_mut("credHelpers") {
            helpers.remove(host);
        }
        true
    }

    /// Drops the `auths` entry `key`.
    pub fn remove_auth(&mut self, key: &str) {
        if let Some(Value::Object(auths)) = self.root.get_mut("auths") {
            auths.remove(key);
        }
    }

    /// Writes the file atomically, keeping its mode (0600 for a new one).
    pub fn save(&self) -> Result<()> {
        let mut text = Vec::new();
        let formatter = serde_json::ser::PrettyFormatter::with_indent(b"\t");
        let mut serializer = serde_json::Serializer::with_formatter(&mut text, formatter);
        serde::Serialize::serialize(&self.root, &mut serializer)
            .map_err(|err| Error::other(format!("cannot encode {}: {err}", self.path.display())))?;
        text.push(b'\n');
        write_keeping_mode(&self.path, &text)
    }

    fn object(&self, field: &str) -> Option<&Map<String, Value>> {
        self.root.get(field).and_then(Value::as_object)
    }

    fn object_mut(&mut self, field: &str) -> Result<&mut Map<String, Value>> {
        let path = self.path.clone();
        let entry = self
            .root
            .entry(field.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        entry
            .as_object_mut()
            .ok_or_else(|| not_an_auth_file(&path, &format!("`{field}` is not an object")))
    }
}

fn holds_secret(entry: &Value) -> bool {
    ["auth", "password", "identitytoken", "registrytoken"]
        .iter()
        .any(|field| {
            entry
                .get(field)
                .and_then(Value::as_str)
                .is_some_and(|v| !v.is_empty())
        })
}

fn not_an_auth_file(path: &Path, what: &str) -> Error {
    Error::usage(format!(
        "{} is not a container auth file kcred can edit ({what})",
        path.display()
    ))
    .with_hint("fix the file by hand; kcred changes nothing in it until it parses")
}

/// Writes `contents` to `path` through a temporary file in the same folder, with the old
/// file's permissions (0600 when there was none).
fn write_keeping_mode(path: &Path, contents: &[u8]) -> Result<()> {
    use std::io::Write;
    let fail = |err: std::io::Error| {
        Error::other(format!("cannot write {}: {err}", path.display()))
            .with_hint("check the folder's permissions")
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(fail)?;
    let old_permissions = std::fs::metadata(path).ok().map(|m| m.permissions());
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    temp.write_all(contents).map_err(fail)?;
    temp.as_file().sync_all().map_err(fail)?;
    // A new file is the user's own (tempfile makes it 0600 on Unix); an old one keeps its mode.
    if let Some(permissions) = old_permissions {
        temp.as_file().set_permissions(permissions).map_err(fail)?;
    }
    temp.persist(path).map_err(|err| fail(err.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configuring_a_host_keeps_the_rest_of_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.json");
        let before = serde_json::json!({
            "auths": {
                "https://demo.kr-central-2.kcr.dev": {"auth": "a2V5OnNlY3JldA=="},
                "docker.io": {"auth": "b3RoZXI6cGFzcw=="}
            },
            "credHelpers": {"gcr.io": "gcloud"},
            "psFormat": "table {{.ID}}",
            "proxies": {"default": {"httpProxy": "http://proxy:3128"}}
        });
        std::fs::write(&path, before.to_string()).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        let host = "demo.kr-central-2.kcr.dev";
        let mut file = AuthFile::read(Reader::Docker, &path).unwrap();
        assert_eq!(
            file.plaintext_entries(host),
            ["https://demo.kr-central-2.kcr.dev"]
        );
        assert!(file.add_helper(host).unwrap());
        for key in file.plaintext_entries(host) {
            file.remove_auth(&key);
        }
        file.save().unwrap();
        let after: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let mut expected = before.clone();
        expected["auths"]
            .as_object_mut()
            .unwrap()
            .remove("https://demo.kr-central-2.kcr.dev");
        expected["credHelpers"][host] = Value::String("kcred".into());
        assert_eq!(after, expected);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o640);
        }
        let mut file = AuthFile::read(Reader::Docker, &path).unwrap();
        assert!(!file.add_helper(host).unwrap());
        assert!(file.remove_helper(host));
        assert!(
            !file.remove_helper("gcr.io"),
            "another helper's entry is not kcred's"
        );
    }

    #[test]
    fn a_file_that_does_not_parse_is_refused_without_its_contents() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("auth.json");
        std::fs::write(&path, "{\"auths\": {\"h\": {\"auth\": \"c2VjcmV0\"}").unwrap();
        let err = AuthFile::read(Reader::Containers, &path).err().unwrap();
        assert!(!err.message().contains("c2VjcmV0"), "{}", err.message());
        assert!(err.message().contains("auth.json"));
    }

    #[test]
    fn the_files_each_client_reads() {
        let env = |vars: &'static [(&str, &str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let files = auth_files(env(&[("HOME", "/h"), ("XDG_RUNTIME_DIR", "/run/u")]));
        let paths: Vec<_> = files.iter().map(|(_, p)| p.clone()).collect();
        // Joined as the platform joins paths: the test holds on Windows too.
        let at = |parts: &[&str]| parts.iter().collect::<std::path::PathBuf>();
        assert_eq!(
            paths,
            [
                at(&["/h", ".docker", "config.json"]),
                at(&["/run/u", "containers", "auth.json"]),
                at(&["/h", ".config", "containers", "auth.json"]),
            ]
        );
        let files = auth_files(env(&[
            ("HOME", "/h"),
            ("DOCKER_CONFIG", "/d"),
            ("REGISTRY_AUTH_FILE", "/r/auth.json"),
        ]));
        let paths: Vec<_> = files.iter().map(|(_, p)| p.clone()).collect();
        assert_eq!(
            paths,
            [
                at(&["/d", "config.json"]),
                at(&["/r/auth.json"]),
                at(&["/h", ".config", "containers", "auth.json"]),
            ]
        );
    }
}
