//! What kcred says, whole: errors with their hints and exit codes, and tables, each a
//! snapshot of exit code, stdout and stderr (see `support::snapshot`).

use crate::assert_cmd_snapshot;
use crate::support::{TestEnv, keystone, stderr_of};

#[test]
fn an_unknown_command() {
    let env = TestEnv::new();
    assert_cmd_snapshot!(env, env.kcred().arg("frobnicate"));
}

#[test]
fn a_token_before_any_profile() {
    let env = TestEnv::new();
    assert_cmd_snapshot!(env, env.kcred().arg("token"));
}

#[test]
fn kube_credential_for_a_version_kcred_does_not_speak() {
    let env = TestEnv::new();
    assert_cmd_snapshot!(
        env,
        env.kcred()
            .env(
                "KUBERNETES_EXEC_INFO",
                r#"{"apiVersion":"client.authentication.k8s.io/v1alpha1"}"#,
            )
            .arg("kube-credential")
    );
}

#[test]
fn a_third_iam_key_is_refused_before_any_request() {
    let env = TestEnv::new();
    let account = keystone().new_account();
    keystone().create_access_key(&account, "second");
    env.add_profile("dev", &account);
    env.proxy.clear();
    assert_cmd_snapshot!(
        env,
        env.kcred().args(["iam-key", "create", "--name", "third"])
    );
    assert_eq!(
        env.proxy.count(
            "POST",
            &format!("/users/{}/application_credentials", account.user_id)
        ),
        0
    );
}

#[test]
fn profile_list_table() {
    let (env, account) = TestEnv::with_profile();
    env.add_profile_by_name("byname", &account);
    assert_cmd_snapshot!(env, env.kcred().args(["profile", "list"]));
}

/// Whether `c` is one a terminal acts on instead of showing: C0 and C1 controls, DEL, bidi
/// controls.
fn acts_on_terminal(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Names made through Keystone's own API carry escape sequences (OSC 0 retitles the terminal,
/// OSC 52 writes the clipboard, CSI 2J clears the screen, C1 CSI, a bidi override): tables,
/// notes and hints show them escaped; JSON keeps them exact.
#[test]
fn escape_codes_from_the_server_never_reach_the_terminal() {
    let env = TestEnv::new();
    let account = keystone().new_account();
    let project_name = format!(
        "evil\u{1b}]0;TITLE\u{7}\u{1b}]52;c;aGk=\u{7}\u{202e}{}",
        crate::support::unique("p")
    );
    keystone().admin(
        "PATCH",
        &format!("/projects/{}", account.project_id),
        Some(serde_json::json!({"project": {"name": project_name}})),
    );
    // A key nobody in kcred holds: `iam-key list` names it again in its note on stderr.
    let key_name = format!("k\u{1b}[2J\u{9b}31m{}", crate::support::unique("k"));
    let orphan = keystone().create_access_key(&account, &key_name);
    env.add_profile("dev", &account);

    let shown = |args: &[&str], escaped: &[&str]| {
        let output = env.kcred().args(args).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", stderr_of(&output));
        let text = format!("{}{}", stdout_of(&output), stderr_of(&output));
        let raw: Vec<char> = text.chars().filter(|c| acts_on_terminal(*c)).collect();
        assert!(raw.is_empty(), "{args:?} printed {raw:?} raw: {text:?}");
        for form in escaped {
            assert!(
                text.contains(form),
                "{args:?} does not show {form:?}: {text}"
            );
        }
        text
    };
    let project_escaped = r"evil\x1b]0;TITLE\x07\x1b]52;c;aGk=\x07\u{202e}";
    shown(&["project", "list"], &[project_escaped]);
    let listed = shown(&["iam-key", "list"], &[r"k\x1b[2J\u{9b}31m"]);
    assert!(
        listed.contains(&format!("Key {} (k\\x1b[2J", orphan.id)),
        "the note on stderr names the key escaped too: {listed}"
    );
    shown(&["token", "show"], &[project_escaped]);
    shown(&["profile", "list"], &[project_escaped]);

    // JSON is for programs: the exact names.
    let projects = env.json(&["project", "list", "--output", "json"]);
    assert_eq!(projects[0]["name"], project_name.as_str());
    let keys = env.json(&["iam-key", "list", "--output", "json"]);
    let listed = keys.as_array().unwrap();
    assert!(
        listed.iter().any(|key| key["name"] == key_name.as_str()),
        "{keys}"
    );
    let token = env.json(&["token", "show", "--output", "json"]);
    assert_eq!(token["project_name"], project_name.as_str());
}

fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `kcred` alone is someone's first try: the commands, as `--help` begins, and no error; the
/// same for a command group alone.
#[test]
fn kcred_alone_shows_the_commands() {
    let env = TestEnv::new();
    for (args, usage, command) in [
        (&[][..], "Usage: kcred [OPTIONS] <COMMAND>", "  token "),
        (&["iam-key"][..], "Usage: kcred iam-key", "  rotate "),
    ] {
        let output = env.kcred().args(args).output().unwrap();
        let text = String::from_utf8(output.stdout.clone()).unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: {}",
            stderr_of(&output)
        );
        assert!(output.stderr.is_empty(), "{}", stderr_of(&output));
        assert!(
            text.contains(usage) && text.contains("\nCommands:\n"),
            "{text}"
        );
        assert!(text.contains(command), "{text}");
        assert!(!text.contains("Options:"), "the first part only: {text}");
        assert!(text.trim_end().ends_with("for a command."), "{text}");
    }
}
