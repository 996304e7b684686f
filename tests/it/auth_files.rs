//! The clients' auth files as `kcred registry configure` and `remove` edit them: runs side by
//! side lose nothing, a symbolic link is written through, what kcred does not own stays byte
//! for byte, a file the clients read differently is refused, and a kcred killed mid-write
//! leaves no copy others can read nor one that stays.

use crate::registry::registry_env;
use crate::support::{TestEnv, stderr_of};
use serde_json::{Value, json};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Stdio;

/// docker's file, then the two the containers tools read, as `registry_env` sets them.
fn auth_files(env: &TestEnv) -> [PathBuf; 3] {
    let home = env.root().join("home");
    [
        home.join(".docker/config.json"),
        env.root().join("run/containers/auth.json"),
        home.join(".config/containers/auth.json"),
    ]
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn read(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// `kcred ARGS` started now, its output collected by [`finished`].
fn spawn(env: &TestEnv, args: &[&str]) -> std::process::Child {
    env.std_command()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn finished(children: Vec<std::process::Child>) {
    for child in children {
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
    }
}

fn pair(user: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(format!("{user}:secret-of-{user}"))
}

#[test]
fn parallel_configures_of_different_hosts_keep_every_entry() {
    let (env, _) = registry_env();
    let hosts: Vec<String> = (0..20).map(|n| format!("r{n}.example:5000")).collect();
    let runs = hosts
        .iter()
        .map(|host| spawn(&env, &["registry", "configure", host, "--yes"]))
        .collect();
    finished(runs);
    for file in auth_files(&env) {
        let helpers = &read(&file)["credHelpers"];
        for host in &hosts {
            assert_eq!(helpers[host], "kcred", "{host} in {}", file.display());
        }
    }
    let listed = env.json(&["registry", "list", "--output", "json"]);
    assert_eq!(listed.as_array().unwrap().len(), 20, "{listed}");
}

#[test]
fn parallel_removals_of_plaintext_logins_leave_no_pair() {
    let (env, _) = registry_env();
    let [docker, containers, _] = auth_files(&env);
    // Each round two runs remove a login each from the same files; one lost edit is a login
    // left in plain text.
    for round in 0..3 {
        let (a, b) = (format!("a{round}.example"), format!("b{round}.example"));
        let logins = json!({"auths": {
            &a: {"auth": pair(&a)},
            &b: {"auth": pair(&b)},
            "docker.io": {"auth": pair("hub")},
        }});
        write(&docker, &logins.to_string());
        write(&containers, &logins.to_string());
        finished(vec![
            spawn(&env, &["registry", "configure", &a, "--yes"]),
            spawn(&env, &["registry", "configure", &b, "--yes"]),
        ]);
        for file in [&docker, &containers] {
            let after = read(file);
            assert_eq!(
                after["auths"],
                json!({"docker.io": {"auth": pair("hub")}}),
                "round {round}: {}",
                file.display()
            );
            assert_eq!(after["credHelpers"][&a], "kcred");
            assert_eq!(after["credHelpers"][&b], "kcred");
        }
        assert!(env.files_containing(&pair(&a)).is_empty());
        assert!(env.files_containing(&pair(&b)).is_empty());
    }
}

#[test]
fn a_symlinked_config_json_is_written_through_to_its_target() {
    let (env, _) = registry_env();
    let [docker, ..] = auth_files(&env);
    let target = env.root().join("dotfiles/docker/config.json");
    write(&target, "{\"auths\": {}}\n");
    std::fs::create_dir_all(docker.parent().unwrap()).unwrap();
    // Relative, as dotfile managers make them.
    std::os::unix::fs::symlink("../../dotfiles/docker/config.json", &docker).unwrap();
    for (args, helper) in [
        (["registry", "configure", "r.example"], json!("kcred")),
        (["registry", "remove", "r.example"], Value::Null),
    ] {
        env.kcred().args(args).assert().success();
        let meta = std::fs::symlink_metadata(&docker).unwrap();
        assert!(meta.file_type().is_symlink(), "{args:?} replaced the link");
        assert_eq!(
            read(&target)["credHelpers"]["r.example"],
            helper,
            "{args:?}"
        );
    }
    let beside_target: Vec<_> = std::fs::read_dir(target.parent().unwrap())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(
        sorted(beside_target),
        ["config.json", "config.json.lock"],
        "the lock beside the file written, no temporary file left"
    );
}

fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
}

#[test]
fn configure_keeps_what_kcred_does_not_own_byte_for_byte() {
    let (env, _) = registry_env();
    let [docker, ..] = auth_files(&env);
    let login = pair("r.example");
    // Not sorted, a number beyond f64, other tools' layout: none of it kcred's.
    let before = format!(
        "{{\n\t\"psFormat\": \"table {{{{.ID}}}}\",\n\t\"auths\": {{\n\t\t\"https://r.example\": {{\n\t\t\t\"auth\": \"{login}\"\n\t\t}},\n\t\t\"docker.io\": {{\"auth\": \"dXNlcjpodWI=\", \"email\": \"a@b\"}}\n\t}},\n\t\"plugins\": {{\"x\": {{\"limit\": 123456789012345678901234567890, \"ratio\": 1.50}}}},\n\t\"aliases\": {{\"builder\": \"buildx\"}}\n}}\n"
    );
    write(&docker, &before);
    env.kcred()
        .args(["registry", "configure", "r.example", "--yes"])
        .assert()
        .success();
    let expected = before
        .replace(
            &format!("\"https://r.example\": {{\n\t\t\t\"auth\": \"{login}\"\n\t\t}},\n\t\t"),
            "",
        )
        .replace(
            "\"buildx\"}\n}",
            "\"buildx\"},\n\t\"credHelpers\": {\n\t\t\"r.example\": \"kcred\"\n\t}\n}",
        );
    assert_eq!(std::fs::read_to_string(&docker).unwrap(), expected);
    env.kcred()
        .args(["registry", "remove", "r.example"])
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(&docker).unwrap(),
        expected.replace("{\n\t\t\"r.example\": \"kcred\"\n\t}", "{}")
    );
}

#[test]
fn a_file_with_auths_twice_is_refused_and_left_as_it_is() {
    let (env, _) = registry_env();
    let [docker, ..] = auth_files(&env);
    let login = pair("r.example");
    // docker merges both objects: it logs in with the first one's pair, which serde_json
    // would have dropped unseen.
    let text = format!(
        "{{\"auths\": {{\"r.example\": {{\"auth\": \"{login}\"}}}},\n \"auths\": {{\"docker.io\": {{}}}}}}"
    );
    write(&docker, &text);
    std::fs::set_permissions(&docker, std::fs::Permissions::from_mode(0o644)).unwrap();
    for flag in ["--dry-run", "--yes"] {
        let output = env
            .kcred()
            .args(["registry", "configure", "r.example", flag])
            .output()
            .unwrap();
        let stderr = stderr_of(&output);
        assert_eq!(output.status.code(), Some(2), "{flag}: {stderr}");
        let error: Vec<_> = stderr
            .lines()
            .filter(|l| l.starts_with("error: "))
            .collect();
        assert_eq!(error.len(), 1, "{stderr}");
        assert!(
            error[0].contains(&docker.display().to_string())
                && error[0].contains("\"auths\" appears twice"),
            "{stderr}"
        );
        assert!(stderr.lines().any(|l| l.starts_with("hint: ")), "{stderr}");
        assert!(
            !stderr.contains(&login) && !String::from_utf8_lossy(&output.stdout).contains(&login)
        );
        assert_eq!(std::fs::read_to_string(&docker).unwrap(), text);
        assert_eq!(mode(&docker), 0o644);
    }
    // Nothing else was changed either: no profile serves the host.
    let config = std::fs::read_to_string(env.config_file()).unwrap();
    assert!(!config.contains("r.example"), "{config}");
}

/// The temporary copies of `file` in its folder, by the name kcred gives them (six random
/// letters or digits after the prefix).
fn temporary_copies(file: &Path) -> Vec<PathBuf> {
    let prefix = format!(
        ".{}.kcred-tmp-",
        file.file_name().unwrap().to_str().unwrap()
    );
    let mut found: Vec<_> = std::fs::read_dir(file.parent().unwrap())
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .strip_prefix(&prefix)
                .is_some_and(|random| random.len() == 6)
        })
        .collect();
    found.sort();
    found
}

/// `kcred ARGS`, killed (SIGKILL) between writing the temporary copy and renaming it.
fn killed_mid_write(env: &TestEnv, args: &[&str]) {
    crate::interrupted::killed_at(env, "auth-file-write:temp-written", args);
}

/// `kcred doctor` findings about `leftover`: (status) of each.
fn doctor_on(env: &TestEnv, flags: &[&str], leftover: &Path) -> Vec<String> {
    let output = env
        .kcred()
        .args(["doctor", "--output", "json"])
        .args(flags)
        .output()
        .unwrap();
    let findings: Value = serde_json::from_slice(&output.stdout).unwrap();
    findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["check"] == "registry")
        .filter(|f| {
            f["detail"]
                .as_str()
                .unwrap()
                .contains(&leftover.display().to_string())
        })
        .map(|f| f["status"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_write_killed_midway_leaves_a_private_copy_the_next_edit_or_doctor_removes() {
    let (env, _) = registry_env();
    let [docker, ..] = auth_files(&env);
    let other = pair("other");
    let before = format!("{{\"auths\": {{\"other.example\": {{\"auth\": \"{other}\"}}}}}}\n");
    write(&docker, &before);
    std::fs::set_permissions(&docker, std::fs::Permissions::from_mode(0o644)).unwrap();
    // Files like kcred's that are not: never removed.
    let dir = docker.parent().unwrap();
    let not_ours = [
        dir.join(".config.json.kcred-tmp-notours"),
        dir.join(".config.json.tmp123456"),
        dir.join("config.json.kcred-tmp-abc123"),
        dir.join(".auth.json.kcred-tmp-abc123"),
    ];
    for file in &not_ours {
        write(file, "not kcred's");
    }

    killed_mid_write(&env, &["registry", "configure", "r.example", "--yes"]);
    let left = temporary_copies(&docker);
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(mode(&left[0]), 0o600, "the copy holds other.example's pair");
    assert!(std::fs::read_to_string(&left[0]).unwrap().contains(&other));
    assert_eq!(std::fs::read_to_string(&docker).unwrap(), before);

    // The next edit of the file removes it, and keeps the file's mode.
    env.kcred()
        .args(["registry", "configure", "r.example", "--yes"])
        .assert()
        .success();
    assert_eq!(temporary_copies(&docker), Vec::<PathBuf>::new());
    assert_eq!(read(&docker)["credHelpers"]["r.example"], "kcred");
    assert_eq!(read(&docker)["auths"]["other.example"]["auth"], other);
    assert_eq!(mode(&docker), 0o644);

    // doctor: --dry-run names it and leaves it; without, removes it.
    killed_mid_write(&env, &["registry", "configure", "s.example", "--yes"]);
    let left = temporary_copies(&docker);
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(mode(&left[0]), 0o600);
    assert_eq!(doctor_on(&env, &["--dry-run"], &left[0]), ["would-repair"]);
    assert!(left[0].exists());
    assert_eq!(doctor_on(&env, &[], &left[0]), ["repaired"]);
    assert!(!left[0].exists());
    assert_eq!(doctor_on(&env, &[], &left[0]), Vec::<String>::new());
    for file in &not_ours {
        assert_eq!(std::fs::read_to_string(file).unwrap(), "not kcred's");
    }
}
