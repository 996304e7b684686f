//! The container clients' auth files (docker's `config.json`, the containers `auth.json`):
//! pointing a registry at the helper in `credHelpers`, and finding plaintext `auths` entries.
//! Everything else in a file is kept as it was written.

use super::{HELPER, normalise_host};
use crate::config::lock_file;
use crate::error::{Error, Result};
use crate::failpoint;
use serde_json::{Map, Value};
use std::ops::Range;
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

/// One auth file as read: its text, and that text parsed (empty when the file does not
/// exist yet). kcred's edits splice the text, so what kcred does not own (key order, numbers
/// beyond f64, layout) stays as the user or another tool wrote it, byte for byte.
pub struct AuthFile {
    pub path: PathBuf,
    pub reader: Reader,
    pub exists: bool,
    text: String,
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
                    text: String::new(),
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
        let root = parse(path, &text)?;
        Ok(AuthFile {
            path: path.to_path_buf(),
            reader,
            exists: true,
            text,
            root,
        })
    }

    /// Changes the file at `path` under its lock (`NAME.lock` beside the file, which every
    /// kcred editing it takes): re-reads it, applies `change`, and writes it back when
    /// `change` says it changed something. Two kcred runs thus never write from stale
    /// copies and lose each other's edits. A symbolic link is written through, to its target,
    /// as the docker CLI does. Temporary copies an interrupted kcred left go first.
    pub fn edit(
        reader: Reader,
        path: &Path,
        change: impl FnOnce(&mut AuthFile) -> Result<bool>,
    ) -> Result<()> {
        let target = link_target(path)?;
        let lock = lock_file(&lock_path(&target)?)?;
        for leftover in leftovers(&target) {
            // Best effort: one that stays is reported (and removed) by `kcred doctor`.
            let _ = std::fs::remove_file(leftover);
        }
        let mut file = AuthFile::read(reader, path)?;
        if change(&mut file)? {
            write_keeping_mode(&target, file.text.as_bytes())?;
        }
        drop(lock);
        Ok(())
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
                let from_pair = field(entry, "auth")
                    .and_then(Value::as_str)
                    .and_then(|pair| base64::engine::general_purpose::STANDARD.decode(pair).ok())
                    .and_then(|pair| {
                        let pair = String::from_utf8(pair).ok()?;
                        Some(pair.split_once(':')?.0.to_string())
                    });
                let named = field(entry, "username")
                    .and_then(Value::as_str)
                    .filter(|_| holds_secret(entry))
                    .map(str::to_string);
                Some((key.clone(), from_pair.or(named)?))
            })
            .collect()
    }

    /// Points `host` at the helper. Whether it changed.
    pub fn add_helper(&mut self, host: &str) -> Result<bool> {
        if self.text.trim().is_empty() {
            self.text = "{}\n".to_string();
        }
        let helpers = match self.member_object("credHelpers")? {
            Some(helpers) => helpers,
            None => {
                let top = self.top()?;
                let (at, text) = self.insertion(&top, 0, "credHelpers", "{}");
                self.splice(at, &text)?;
                self.member_object("credHelpers")?
                    .ok_or_else(|| not_an_auth_file(&self.path, "`credHelpers` is missing"))?
            }
        };
        if self.root_helper(host) == Some(HELPER) {
            return Ok(false);
        }
        let helper = Value::String(HELPER.to_string()).to_string();
        match helpers.members.iter().find(|member| member.key == host) {
            Some(member) => {
                self.splice(member.value.clone(), &helper)?;
                Ok(true)
            }
            None => {
                let (at, text) = self.insertion(&helpers, 1, host, &helper);
                self.splice(at, &text)?;
                Ok(true)
            }
        }
    }

    /// Drops `host`'s `credHelpers` entry if it is kcred's. Whether it changed.
    pub fn remove_helper(&mut self, host: &str) -> Result<bool> {
        if !self.points_at_helper(host) {
            return Ok(false);
        }
        self.remove_member("credHelpers", host)
    }

    /// Drops the `auths` entry `key`.
    pub fn remove_auth(&mut self, key: &str) -> Result<()> {
        self.remove_member("auths", key).map(drop)
    }

    fn root_helper(&self, host: &str) -> Option<&str> {
        self.object("credHelpers")?.get(host)?.as_str()
    }

    /// A top-level field, matched as the clients' decoder (Go's) matches a struct's fields:
    /// ignoring case. Two that differ only in case are refused when the file is read.
    fn object(&self, name: &str) -> Option<&Map<String, Value>> {
        self.root
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .and_then(|(_, value)| value.as_object())
    }

    /// Where the file's top-level object is in its text.
    fn top(&self) -> Result<Object> {
        let bytes = self.text.as_bytes();
        object_at(&self.text, skip_space(bytes, 0))
            .ok_or_else(|| not_an_auth_file(&self.path, "it is not a JSON object"))
    }

    /// Where the top-level field `name`'s object is in the text, if the file has that field.
    fn member_object(&self, name: &str) -> Result<Option<Object>> {
        let top = self.top()?;
        let Some(member) = top
            .members
            .iter()
            .find(|member| member.key.eq_ignore_ascii_case(name))
        else {
            return Ok(None);
        };
        object_at(&self.text, member.value.start)
            .map(Some)
            .ok_or_else(|| not_an_auth_file(&self.path, &format!("`{name}` is not an object")))
    }

    /// Removes `key` from the top-level field `name`'s object. Whether it was there.
    fn remove_member(&mut self, name: &str, key: &str) -> Result<bool> {
        let Some(object) = self.member_object(name)? else {
            return Ok(false);
        };
        let Some(index) = object.members.iter().position(|member| member.key == key) else {
            return Ok(false);
        };
        let members = &object.members;
        // The member and the comma that joins it to a neighbour; the layout around stays.
        let span = if index > 0 {
            members[index - 1].value.end..members[index].value.end
        } else if let Some(next) = members.get(1) {
            members[0].key_start..next.key_start
        } else {
            object.open + 1..object.close
        };
        self.splice(span, "")?;
        Ok(true)
    }

    /// Where and what to insert to add `key: value` at the end of `object`, which is at
    /// `depth`: laid out as the member before it, or as docker lays out a file.
    fn insertion(
        &self,
        object: &Object,
        depth: usize,
        key: &str,
        value: &str,
    ) -> (Range<usize>, String) {
        let member = format!("{}: {value}", Value::String(key.to_string()));
        if let Some(last) = object.members.last() {
            let before = &self.text[..last.key_start];
            let lead = &before[before.trim_end().len()..];
            return (last.value.end..last.value.end, format!(",{lead}{member}"));
        }
        // A file all on one line stays so; a new one is laid out as docker lays out its own.
        let text = if self.text.trim_end().contains('\n') || self.text.trim() == "{}" {
            let indent = |depth: usize| "\t".repeat(depth);
            format!("\n{}{member}\n{}", indent(depth + 1), indent(depth))
        } else {
            member
        };
        (object.open + 1..object.close, text)
    }

    /// Replaces `span` of the text, and parses the result again: an edit that broke the file
    /// would be an error here, never a file written.
    fn splice(&mut self, span: Range<usize>, with: &str) -> Result<()> {
        let mut text = self.text.clone();
        text.replace_range(span, with);
        self.root = parse(&self.path, &text)?;
        self.text = text;
        Ok(())
    }
}

/// A file's JSON object (empty for a blank file), refusing a file that is not one or that
/// has a key twice in an object.
fn parse(path: &Path, text: &str) -> Result<Map<String, Value>> {
    if text.trim().is_empty() {
        return Ok(Map::new());
    }
    // The message says where, never what: the file may hold secrets.
    let syntax = |err: serde_json::Error| {
        not_an_auth_file(
            path,
            &format!("line {} column {}", err.line(), err.column()),
        )
    };
    let duplicate = std::cell::RefCell::new(None);
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let walked = serde::de::DeserializeSeed::deserialize(
        UniqueKeys {
            level: Level::Top,
            at: String::new(),
            duplicate: &duplicate,
        },
        &mut deserializer,
    )
    .and_then(|()| deserializer.end());
    if let Some(key) = duplicate.into_inner() {
        return Err(
            not_an_auth_file(path, &format!("the key {key} appears twice")).with_hint(
                "keep one of the two by hand (docker and podman read both, kcred would read \
                 one); kcred changes nothing in the file until then",
            ),
        );
    }
    walked.map_err(syntax)?;
    match serde_json::from_str::<Value>(text).map_err(syntax)? {
        Value::Object(root) => Ok(root),
        _ => Err(not_an_auth_file(path, "it is not a JSON object")),
    }
}

/// Which object of an auth file a key is in: the clients decode the top level and each
/// `auths` entry into Go structs, whose fields match keys ignoring case.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Top,
    Auths,
    AuthsEntry,
    Other,
}

/// Walks a JSON value, failing at the first object with a key twice, whose path it leaves
/// in `duplicate`. Go's decoder, the clients', reads both (two `auths` objects are merged);
/// serde_json keeps the last: kcred would miss what docker sees.
struct UniqueKeys<'a> {
    level: Level,
    at: String,
    duplicate: &'a std::cell::RefCell<Option<String>>,
}

impl<'de> serde::de::DeserializeSeed<'de> for UniqueKeys<'_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for UniqueKeys<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("JSON")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(UniqueKeys {
                level: Level::Other,
                at: self.at.clone(),
                duplicate: self.duplicate,
            })?
            .is_some()
        {}
        Ok(())
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let fold_case = matches!(self.level, Level::Top | Level::AuthsEntry);
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            // Debug-quoted: a key's control characters never reach the terminal.
            let at = if self.at.is_empty() {
                format!("{key:?}")
            } else {
                format!("{} › {key:?}", self.at)
            };
            let folded = if fold_case {
                key.to_ascii_lowercase()
            } else {
                key.clone()
            };
            if !seen.insert(folded) {
                *self.duplicate.borrow_mut() = Some(at);
                return Err(serde::de::Error::custom("a key twice"));
            }
            let level = match self.level {
                Level::Top if key.eq_ignore_ascii_case("auths") => Level::Auths,
                Level::Auths => Level::AuthsEntry,
                _ => Level::Other,
            };
            map.next_value_seed(UniqueKeys {
                level,
                at,
                duplicate: self.duplicate,
            })?;
        }
        Ok(())
    }
}

/// Where one object is in a file's text: its braces and its members.
struct Object {
    open: usize,
    close: usize,
    members: Vec<Member>,
}

struct Member {
    key: String,
    key_start: usize,
    value: Range<usize>,
}

/// The object whose `{` is at `open`, in text that parsed as JSON.
fn object_at(text: &str, open: usize) -> Option<Object> {
    let bytes = text.as_bytes();
    if bytes.get(open) != Some(&b'{') {
        return None;
    }
    let mut members = Vec::new();
    let mut at = skip_space(bytes, open + 1);
    if bytes.get(at) == Some(&b'}') {
        return Some(Object {
            open,
            close: at,
            members,
        });
    }
    loop {
        let key_start = at;
        let key_end = string_end(bytes, key_start)?;
        let key = serde_json::from_str(text.get(key_start..key_end)?).ok()?;
        at = skip_space(bytes, key_end);
        if bytes.get(at) != Some(&b':') {
            return None;
        }
        let value_start = skip_space(bytes, at + 1);
        let value_end = value_end(bytes, value_start)?;
        members.push(Member {
            key,
            key_start,
            value: value_start..value_end,
        });
        at = skip_space(bytes, value_end);
        match bytes.get(at)? {
            b',' => at = skip_space(bytes, at + 1),
            b'}' => {
                return Some(Object {
                    open,
                    close: at,
                    members,
                });
            }
            _ => return None,
        }
    }
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        at += 1;
    }
    at
}

/// The end of the string whose `"` is at `at`.
fn string_end(bytes: &[u8], at: usize) -> Option<usize> {
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    let mut at = at + 1;
    loop {
        match bytes.get(at)? {
            b'\\' => at += 2,
            b'"' => return Some(at + 1),
            _ => at += 1,
        }
    }
}

/// The end of the value that starts at `at`.
fn value_end(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes.get(at)? {
        b'"' => string_end(bytes, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut at = at;
            loop {
                match bytes.get(at)? {
                    b'"' => {
                        at = string_end(bytes, at)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(at + 1);
                        }
                    }
                    _ => {}
                }
                at += 1;
            }
        }
        _ => {
            let end = at
                + bytes[at..]
                    .iter()
                    .take_while(|b| !matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
                    .count();
            (end > at).then_some(end)
        }
    }
}

/// An `auths` entry's field, matched ignoring case as the clients match it.
fn field<'a>(entry: &'a Value, name: &str) -> Option<&'a Value> {
    entry
        .as_object()?
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value)
}

fn holds_secret(entry: &Value) -> bool {
    ["auth", "password", "identitytoken", "registrytoken"]
        .iter()
        .any(|name| {
            field(entry, name)
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

/// The file a path names once its symbolic links are followed, even to a target that does
/// not exist yet: where the file is written, as the docker CLI writes it.
fn link_target(path: &Path) -> Result<PathBuf> {
    let mut target = path.to_path_buf();
    // As many links as Linux follows (MAXSYMLINKS) before it gives up with ELOOP.
    for _ in 0..40 {
        match std::fs::symlink_metadata(&target) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let next = std::fs::read_link(&target).map_err(|err| {
                    Error::other(format!("cannot read the link {}: {err}", target.display()))
                })?;
                target = match target.parent() {
                    Some(dir) => dir.join(next),
                    None => next,
                };
            }
            _ => return Ok(target),
        }
    }
    Err(
        Error::usage(format!("{} is a loop of symbolic links", path.display()))
            .with_hint("point the link at a file"),
    )
}

fn file_name(target: &Path) -> Result<&str> {
    target
        .file_name()
        .and_then(|name| name.to_str())
        .ok_or_else(|| Error::usage(format!("{} names no file", target.display())))
}

fn lock_path(target: &Path) -> Result<PathBuf> {
    Ok(target.with_file_name(format!("{}.lock", file_name(target)?)))
}

/// The name of kcred's temporary copies of a file, followed by [`TEMP_RANDOM`] letters and
/// digits: distinct enough that kcred never takes another program's file for one of its own.
fn temp_prefix(name: &str) -> String {
    format!(".{name}.kcred-tmp-")
}

const TEMP_RANDOM: usize = 6;

/// The temporary copies of the file at `target` that an interrupted kcred left in its
/// folder: plain files of this user's, named as kcred names them, and nothing else.
fn leftovers(target: &Path) -> Vec<PathBuf> {
    let Ok(name) = file_name(target) else {
        return Vec::new();
    };
    let prefix = temp_prefix(name);
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .filter(|entry| {
            let name = entry.file_name();
            let ours = name
                .to_str()
                .and_then(|name| name.strip_prefix(&prefix))
                .is_some_and(|random| {
                    random.len() == TEMP_RANDOM && random.bytes().all(|b| b.is_ascii_alphanumeric())
                });
            ours && std::fs::symlink_metadata(entry.path())
                .is_ok_and(|meta| meta.is_file() && owned_by_me(&meta))
        })
        .map(|entry| entry.path())
        .collect();
    found.sort();
    found
}

#[cfg(unix)]
fn owned_by_me(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions and cannot fail.
    meta.uid() == unsafe { libc::geteuid() }
}

#[cfg(not(unix))]
fn owned_by_me(_: &std::fs::Metadata) -> bool {
    true
}

/// The temporary copies of the auth file at `path` an interrupted kcred left (for `kcred
/// doctor`).
pub fn leftovers_of(path: &Path) -> Vec<PathBuf> {
    link_target(path)
        .map(|target| leftovers(&target))
        .unwrap_or_default()
}

/// Removes `leftover`, one of [`leftovers_of`] `path`, under the file's lock: a kcred
/// writing the file at this moment keeps its temporary file.
pub fn remove_leftover(path: &Path, leftover: &Path) -> Result<()> {
    let target = link_target(path)?;
    let lock = lock_file(&lock_path(&target)?)?;
    if leftovers(&target).iter().any(|found| found == leftover) {
        std::fs::remove_file(leftover).map_err(|err| {
            Error::other(format!("cannot remove {}: {err}", leftover.display()))
                .with_hint("check the folder's permissions")
        })?;
    }
    drop(lock);
    Ok(())
}

/// Writes `contents` to `target` through a temporary file in the same folder, keeping the
/// old file's permissions (0600 for a new file).
fn write_keeping_mode(target: &Path, contents: &[u8]) -> Result<()> {
    use std::io::Write;
    let fail = |err: std::io::Error| {
        Error::other(format!("cannot write {}: {err}", target.display()))
            .with_hint("check the folder's permissions")
    };
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    let old_permissions = std::fs::metadata(target).ok().map(|m| m.permissions());
    // 0600 on Unix whatever the file's mode: a copy an interruption leaves (it holds every
    // login in the file) is the user's alone.
    let mut temp = tempfile::Builder::new()
        .prefix(&temp_prefix(file_name(target)?))
        .rand_bytes(TEMP_RANDOM)
        .tempfile_in(dir)
        .map_err(fail)?;
    temp.write_all(contents).map_err(fail)?;
    temp.as_file().sync_all().map_err(fail)?;
    failpoint::reached("auth-file-write:temp-written");
    let file = temp.persist(target).map_err(|err| fail(err.error))?;
    // The user's mode, set once the copy is the file itself, so no temporary file ever has it.
    if let Some(permissions) = old_permissions {
        file.set_permissions(permissions).map_err(fail)?;
    }
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
        AuthFile::edit(Reader::Docker, &path, |file| {
            assert_eq!(
                file.plaintext_entries(host),
                ["https://demo.kr-central-2.kcr.dev"]
            );
            assert!(file.add_helper(host).unwrap());
            for key in file.plaintext_entries(host) {
                file.remove_auth(&key).unwrap();
            }
            Ok(true)
        })
        .unwrap();
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
        assert!(file.remove_helper(host).unwrap());
        assert!(
            !file.remove_helper("gcr.io").unwrap(),
            "another helper's entry is not kcred's"
        );
    }

    fn file_of(text: &str) -> AuthFile {
        AuthFile {
            path: PathBuf::from("config.json"),
            reader: Reader::Docker,
            exists: true,
            text: text.to_string(),
            root: parse(Path::new("config.json"), text).unwrap(),
        }
    }

    /// `text` as read, `edit` applied: the text kcred would write.
    fn edited(text: &str, edit: impl FnOnce(&mut AuthFile)) -> String {
        let mut file = file_of(text);
        edit(&mut file);
        file.text
    }

    #[test]
    fn edits_change_their_entries_only_keeping_order_numbers_and_layout() {
        let before = "{\n\t\"psFormat\": \"table\",\n\t\"auths\": {\n\t\t\"a.example\": {\n\t\t\t\"auth\": \"YTpi\"\n\t\t},\n\t\t\"b.example\": {\"auth\": \"Yjpj\"},\n\t\t\"c.example\": {}\n\t},\n\t\"big\": 123456789012345678901234567890,\n\t\"aliases\": {\"builder\": \"buildx\"}\n}\n";
        let added = edited(before, |file| {
            assert!(file.add_helper("a.example").unwrap())
        });
        assert_eq!(
            added,
            before.replace(
                "\"buildx\"}\n}",
                "\"buildx\"},\n\t\"credHelpers\": {\n\t\t\"a.example\": \"kcred\"\n\t}\n}"
            )
        );
        let second = edited(&added, |file| {
            assert!(file.add_helper("b.example").unwrap());
            assert!(!file.add_helper("a.example").unwrap());
        });
        assert_eq!(
            second,
            added.replace("\"kcred\"\n", "\"kcred\",\n\t\t\"b.example\": \"kcred\"\n")
        );
        // The first, a middle and the last member of an object, each with its comma.
        for (key, gone) in [
            (
                "a.example",
                "\"a.example\": {\n\t\t\t\"auth\": \"YTpi\"\n\t\t},\n\t\t",
            ),
            ("b.example", ",\n\t\t\"b.example\": {\"auth\": \"Yjpj\"}"),
            ("c.example", ",\n\t\t\"c.example\": {}"),
        ] {
            let removed = edited(before, |file| file.remove_auth(key).unwrap());
            assert_eq!(removed, before.replacen(gone, "", 1), "{key}");
        }
        let emptied = edited(before, |file| {
            for key in ["b.example", "a.example", "c.example"] {
                file.remove_auth(key).unwrap();
            }
        });
        assert!(
            emptied.contains("\"auths\": {},\n\t\"big\": 123456789012345678901234567890,"),
            "{emptied}"
        );
        // A compact file stays compact; another helper's host becomes kcred's.
        let compact = "{\"credHelpers\":{\"a.example\":\"gcloud\"},\"n\":1.50}";
        assert_eq!(
            edited(compact, |file| assert!(
                file.add_helper("a.example").unwrap()
            )),
            "{\"credHelpers\":{\"a.example\":\"kcred\"},\"n\":1.50}"
        );
        assert_eq!(
            edited("{\"n\":1e2}", |file| assert!(
                file.add_helper("a.example").unwrap()
            )),
            "{\"n\":1e2,\"credHelpers\": {\"a.example\": \"kcred\"}}"
        );
        assert_eq!(
            edited("", |file| assert!(file.add_helper("a.example").unwrap())),
            "{\n\t\"credHelpers\": {\n\t\t\"a.example\": \"kcred\"\n\t}\n}\n"
        );
    }

    #[test]
    fn fields_match_ignoring_case_as_the_clients_match_them() {
        let text = r#"{"AUTHS": {"a.example": {"Auth": "YTpi"}}, "CredHelpers": {}}"#;
        let file = file_of(text);
        assert_eq!(file.plaintext_entries("a.example"), ["a.example"]);
        assert_eq!(
            file.plaintext_logins(),
            [("a.example".to_string(), "a".to_string())]
        );
        assert_eq!(
            edited(text, |file| assert!(file.add_helper("a.example").unwrap())),
            r#"{"AUTHS": {"a.example": {"Auth": "YTpi"}}, "CredHelpers": {"a.example": "kcred"}}"#
        );
    }

    #[test]
    fn a_key_twice_in_an_object_is_refused_naming_it_and_never_a_secret() {
        let path = Path::new("/h/.docker/config.json");
        for (text, named) in [
            (
                r#"{"auths": {"a": {"auth": "c2VjcmV0"}}, "auths": {}}"#,
                r#"the key "auths" appears twice"#,
            ),
            (
                r#"{"auths": {"a": {"auth": "c2VjcmV0"}}, "Auths": {}}"#,
                r#"the key "Auths" appears twice"#,
            ),
            (
                r#"{"auths": {"a": {"auth": "c2VjcmV0", "Auth": "x"}}}"#,
                r#"the key "auths" › "a" › "Auth" appears twice"#,
            ),
            (
                r#"{"auths": {"a": {}, "a": {"auth": "c2VjcmV0"}}}"#,
                r#"the key "auths" › "a" appears twice"#,
            ),
            (
                r#"{"x": [{"k\u001b": 1, "k\u001b": 2}]}"#,
                r#""x" › "k\u{1b}" appears twice"#,
            ),
        ] {
            let err = parse(path, text).err().unwrap();
            assert_eq!(err.kind(), crate::error::ErrorKind::Usage);
            assert!(err.message().contains(named), "{}", err.message());
            assert!(err.message().contains("config.json"), "{}", err.message());
            assert!(!err.message().contains("c2VjcmV0") && !err.message().contains('\u{1b}'));
            assert!(err.hint().is_some());
        }
        // Keys of a map may differ in case alone: only a struct's fields match ignoring it.
        parse(path, r#"{"auths": {"A.example": {}, "a.example": {}}}"#).unwrap();
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

    #[test]
    fn braces_and_quotes_inside_strings_do_not_move_an_edit() {
        let text = "{\"auths\": {\"a.example\": {\"auth\": \"e30=\", \"note\": \"} { \\\" ]\"}, \"b.example\": {\"auth\": \"Yjpj\"}}, \"x\": \"}\"}";
        let removed = edited(text, |file| file.remove_auth("b.example").unwrap());
        assert_eq!(
            removed,
            "{\"auths\": {\"a.example\": {\"auth\": \"e30=\", \"note\": \"} { \\\" ]\"}}, \"x\": \"}\"}"
        );
        let added = edited(text, |file| assert!(file.add_helper("c.example").unwrap()));
        assert!(
            added.ends_with(", \"x\": \"}\", \"credHelpers\": {\"c.example\": \"kcred\"}}"),
            "{added}"
        );
    }

    #[test]
    fn removing_the_only_member_leaves_an_empty_object() {
        let text = "{\"auths\": {\"a.example\": {\"auth\": \"YTpi\"}}}";
        assert_eq!(
            edited(text, |file| file.remove_auth("a.example").unwrap()),
            "{\"auths\": {}}"
        );
        let mut file = file_of(text);
        assert!(!file.remove_member("auths", "b.example").unwrap());
        assert!(!file.remove_member("credHelpers", "a.example").unwrap());
        assert_eq!(file.text, text, "nothing to remove, nothing changed");
    }

    #[test]
    fn a_file_whose_fields_are_not_objects_is_refused_not_rewritten() {
        let mut file = file_of("{\"credHelpers\": [\"a.example\"]}");
        let err = file.add_helper("a.example").err().unwrap();
        assert_eq!(err.kind(), crate::error::ErrorKind::Usage);
        assert!(
            err.message().contains("`credHelpers` is not an object"),
            "{}",
            err.message()
        );
        assert_eq!(file.text, "{\"credHelpers\": [\"a.example\"]}");
        for text in ["[]", "\"auths\"", "3", "null"] {
            let err = parse(Path::new("config.json"), text).err().unwrap();
            assert!(err.message().contains("it is not a JSON object"), "{text}");
        }
        let err = parse(Path::new("config.json"), "{} {}").err().unwrap();
        assert!(err.message().contains("line 1 column"), "{}", err.message());
    }

    #[test]
    fn a_login_is_plaintext_only_when_it_holds_a_secret() {
        let file = file_of(
            r#"{"auths": {
                "a.example": {"auth": ""},
                "b.example": {"username": "bob"},
                "c.example": {"username": "carol", "password": "pw"},
                "d.example": {"identitytoken": "tok"},
                "https://e.example/v1/": {"RegistryToken": "tok"},
                "f.example": {"auth": "bm9jb2xvbg=="},
                "g.example": {"auth": "!!!", "username": "gina", "password": "pw"},
                "h.example": "not an object"
            }}"#,
        );
        for (host, plaintext) in [
            ("a.example", false),
            ("b.example", false),
            ("c.example", true),
            ("d.example", true),
            ("e.example", true),
            ("f.example", true),
            ("h.example", false),
        ] {
            assert_eq!(
                !file.plaintext_entries(host).is_empty(),
                plaintext,
                "{host}"
            );
        }
        assert_eq!(
            file.plaintext_entries("e.example"),
            ["https://e.example/v1/"]
        );
        // A pair without a colon names no user; an unreadable pair leaves the entry's own.
        assert_eq!(
            file.plaintext_logins(),
            [
                ("c.example".to_string(), "carol".to_string()),
                ("g.example".to_string(), "gina".to_string()),
            ]
        );
    }

    #[test]
    fn another_helpers_host_is_not_kcreds_to_remove() {
        let text = r#"{"credHelpers": {"gcr.io": "gcloud", "a.example": "kcred"}}"#;
        let mut file = file_of(text);
        assert_eq!(file.helper_hosts(), ["a.example"]);
        assert!(file.points_at_helper("a.example"));
        assert!(!file.points_at_helper("gcr.io"));
        assert!(!file.remove_helper("gcr.io").unwrap());
        assert!(file.remove_helper("a.example").unwrap());
        assert_eq!(file.text, r#"{"credHelpers": {"gcr.io": "gcloud"}}"#);
    }

    #[test]
    fn an_edit_that_changes_nothing_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.json");
        AuthFile::edit(Reader::Docker, &path, |file| {
            assert!(!file.exists);
            Ok(false)
        })
        .unwrap();
        assert!(!path.exists(), "no file made for nothing");
        let err = AuthFile::edit(Reader::Docker, &path, |_| {
            Err(crate::error::Error::other("stop"))
        })
        .err()
        .unwrap();
        assert_eq!(err.message(), "stop");
        assert!(!path.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_linked_file_is_written_through_its_link_and_a_loop_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        let link = dir.path().join("config.json");
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        AuthFile::edit(Reader::Docker, &link, |file| file.add_helper("a.example")).unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(
            std::fs::read_to_string(&real)
                .unwrap()
                .contains("\"a.example\": \"kcred\"")
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "a new file is the user's alone");
        }

        let a = dir.path().join("a.json");
        let b = dir.path().join("b.json");
        std::os::unix::fs::symlink(&b, &a).unwrap();
        std::os::unix::fs::symlink(&a, &b).unwrap();
        let err = AuthFile::edit(Reader::Docker, &a, |_| Ok(true))
            .err()
            .unwrap();
        assert!(
            err.message().ends_with("is a loop of symbolic links"),
            "{}",
            err.message()
        );
    }

    #[cfg(unix)]
    #[test]
    fn only_kcreds_own_temporary_copies_are_leftovers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.json");
        let ours = dir.path().join(".config.json.kcred-tmp-a1B2c3");
        for name in [
            ".config.json.kcred-tmp-a1B2c3",
            ".config.json.kcred-tmp-a1B2c",
            ".config.json.kcred-tmp-a1B2c3d",
            ".config.json.kcred-tmp-a1B2.3",
            ".auth.json.kcred-tmp-a1B2c3",
            "config.json.kcred-tmp-a1B2c3",
        ] {
            std::fs::write(dir.path().join(name), "{}").unwrap();
        }
        std::fs::create_dir(dir.path().join(".config.json.kcred-tmp-dirdir")).unwrap();
        assert_eq!(leftovers_of(&path), std::slice::from_ref(&ours));
        remove_leftover(&path, &dir.path().join(".auth.json.kcred-tmp-a1B2c3")).unwrap();
        assert!(
            dir.path().join(".auth.json.kcred-tmp-a1B2c3").exists(),
            "not one of the file's: left alone"
        );
        remove_leftover(&path, &ours).unwrap();
        assert!(!ours.exists());
        // An edit clears them first.
        std::fs::write(&ours, "{}").unwrap();
        AuthFile::edit(Reader::Docker, &path, |_| Ok(false)).unwrap();
        assert!(!ours.exists());
    }

    #[test]
    fn empty_variables_count_as_unset_and_no_file_is_listed_twice() {
        let env = |vars: &'static [(&str, &str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let at = |parts: &[&str]| parts.iter().collect::<std::path::PathBuf>();
        let files = auth_files(env(&[
            ("HOME", "/h"),
            ("DOCKER_CONFIG", ""),
            ("REGISTRY_AUTH_FILE", "/h/.config/containers/auth.json"),
        ]));
        let paths: Vec<_> = files.iter().map(|(_, p)| p.clone()).collect();
        assert_eq!(
            paths,
            [
                at(&["/h", ".docker", "config.json"]),
                at(&["/h/.config/containers/auth.json"]),
            ]
        );
        assert_eq!(files[1].0, Reader::Containers);
        assert!(auth_files(env(&[("HOME", "")])).is_empty());
    }
}
