//! The documentation's command examples hold: every `kcred …` in README.md and the pages of
//! docs/ (code blocks and inline code) is a command line kcred accepts, and the examples of
//! the sections a new user starts with (README's first token, then the guide's) are run, line
//! by line in `sh`, against the real Keystone and keyring.

use crate::docs::{GUIDE, pages, read};
use crate::support::{TestEnv, keystone, stderr_of};
use clap::Parser;
use clap::error::ErrorKind;
use std::path::Path;

/// One `kcred …` found in a page, as the words a shell would pass to kcred.
#[derive(Debug)]
struct Example {
    page: String,
    text: String,
    args: Vec<String>,
    /// The example ends in `…`: arguments it needs may be left out.
    elided: bool,
}

/// Where a snippet of a page comes from.
#[derive(Clone, Copy, PartialEq)]
enum Source {
    /// A line of a code block (with `\` continuations joined; comments cut off).
    Block,
    /// An inline code span that starts with `kcred `: a command, or a reference to one whose
    /// arguments the sentence around it gives (so missing ones are not an error).
    Inline,
}

/// The snippets of a page that may hold commands. HCL policies are left out.
fn snippets(readme: &str) -> Vec<(Source, String)> {
    let mut found = Vec::new();
    let mut block: Option<String> = None;
    let mut pending = String::new();
    let mut prose = String::new();
    for line in readme.lines() {
        if let Some(fence) = line.strip_prefix("```") {
            block = match block {
                None => Some(fence.to_string()),
                Some(_) => None,
            };
            continue;
        }
        match &block {
            Some(lang) if lang == "hcl" => {}
            Some(_) => {
                if let Some(start) = line.strip_suffix('\\') {
                    pending.push_str(start);
                    continue;
                }
                pending.push_str(line);
                let line = std::mem::take(&mut pending);
                found.push((Source::Block, without_comment(&line).to_string()));
            }
            None => {
                prose.push_str(line);
                prose.push(' ');
            }
        }
    }
    // Spans may run over a line break, so the prose is split as one text.
    for (i, span) in prose.split('`').enumerate() {
        if i % 2 == 1 && span.starts_with("kcred ") {
            found.push((Source::Inline, span.to_string()));
        }
    }
    found
}

/// A shell line up to its comment (`#` at the start or after a blank).
fn without_comment(line: &str) -> &str {
    if line.trim_start().starts_with('#') {
        return "";
    }
    [" #", "\t#"]
        .iter()
        .filter_map(|mark| line.find(mark))
        .min()
        .map_or(line, |at| &line[..at])
}

/// Every `kcred` invocation in `snippet`: from the word `kcred` to the end of its command (a
/// pipe, redirection, `)`, comment or ` / `); after `--`, only the command's name is kept.
fn invocations(source: Source, snippet: &str) -> Vec<Example> {
    let mut examples = Vec::new();
    let mut rest = snippet;
    while let Some(at) = rest.find("kcred") {
        let before = rest[..at].chars().last();
        let after = &rest[at + "kcred".len()..];
        rest = after;
        if before.is_some_and(|c| !" (\"'".contains(c)) || !after.starts_with(' ') {
            continue;
        }
        let end = [" | ", " > ", " >> ", ")", " / ", ";", " && "]
            .iter()
            .filter_map(|stop| after.find(stop))
            .min()
            .unwrap_or(after.len());
        let command = after[..end].trim();
        let mut args = vec!["kcred".to_string()];
        let mut elided = source == Source::Inline;
        let words = shell_words(command);
        for (i, word) in words.iter().enumerate() {
            if word == "…" {
                if i + 1 == words.len() {
                    elided = true;
                } else {
                    args.push("VALUE".into());
                }
                continue;
            }
            if word.starts_with('<') {
                // `<TAB>`: a key pressed where a word goes.
                args.push("VALUE".into());
                elided = true;
                break;
            }
            let word = word.trim_start_matches('[').trim_end_matches(']');
            let word = word.split('|').next().unwrap_or(word);
            // A placeholder where a number goes.
            let word = if word == "SECONDS" { "3600" } else { word };
            if word.is_empty() {
                continue;
            }
            args.push(word.to_string());
            if word == "--" {
                if let Some(program) = words.get(i + 1) {
                    args.push(program.clone());
                }
                break;
            }
        }
        if args.len() > 1 {
            examples.push(Example {
                page: String::new(),
                text: format!("kcred {command}"),
                args,
                elided,
            });
        }
    }
    examples
}

/// Splits on blanks, keeping quoted words together (quotes removed).
fn shell_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => quote = Some(c),
            (None, c) if c.is_whitespace() => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            (None, c) => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

#[test]
fn every_kcred_command_in_every_page_is_one_kcred_accepts() {
    let mut examples: Vec<Example> = Vec::new();
    for (path, text) in pages() {
        let found: Vec<Example> = snippets(&text)
            .iter()
            .flat_map(|(source, snippet)| invocations(*source, snippet))
            .map(|example| Example {
                page: path.clone(),
                ..example
            })
            .collect();
        assert!(!found.is_empty() || path != "README.md", "none in {path}");
        examples.extend(found);
    }
    assert!(examples.len() > 100, "found only {}", examples.len());
    assert!(
        examples.iter().filter(|e| e.page == GUIDE).count() > 100,
        "found only {} in {GUIDE}",
        examples.iter().filter(|e| e.page == GUIDE).count()
    );
    let mut wrong = Vec::new();
    for example in &examples {
        // `kcred help environment` and `help exit-codes` are references, not commands.
        let topic = kcred::reference::help_topic(&example.args[1..]).is_some();
        let accepted = topic
            || match kcred::cli::Cli::try_parse_from(&example.args) {
                Ok(_) => true,
                Err(err) => match err.kind() {
                    ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => true,
                    ErrorKind::MissingRequiredArgument
                    | ErrorKind::MissingSubcommand
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => example.elided,
                    _ => false,
                },
            };
        if !accepted {
            wrong.push(format!(
                "{}: {}  (as {:?})",
                example.page, example.text, example.args
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "examples kcred refuses:\n{}",
        wrong.join("\n")
    );
}

/// The finder finds, and the check can fail: a flag kcred does not have is refused.
#[test]
fn the_readme_example_finder_reads_commands_as_a_shell_would() {
    let found = invocations(
        Source::Block,
        without_comment(r#"eval "$(kcred env --format json)" | kcred token  # kcred comment"#),
    );
    let args: Vec<_> = found.iter().map(|e| e.args.join(" ")).collect();
    assert_eq!(args, ["kcred env --format json", "kcred token"]);
    let found = invocations(
        Source::Block,
        "kcred iam-key delete ID|NAME [--yes] --no-such-flag",
    );
    assert_eq!(
        found[0].args,
        [
            "kcred",
            "iam-key",
            "delete",
            "ID",
            "--yes",
            "--no-such-flag"
        ]
    );
    assert!(kcred::cli::Cli::try_parse_from(&found[0].args).is_err());
    let found = invocations(
        Source::Block,
        "kcred exec --with-key -- openstack server list",
    );
    assert_eq!(
        found[0].args,
        ["kcred", "exec", "--with-key", "--", "openstack"]
    );
    assert!(invocations(Source::Block, "kcred's cache; $KCRED and kcred.1").is_empty());
    let in_readme = snippets("Run `kcred token --min-ttl\n60` or `Waiting for kcred (pid 1)`.\n");
    assert_eq!(in_readme.len(), 1);
    assert_eq!(in_readme[0].1, "kcred token --min-ttl 60");
}

/// The `sh` code blocks of the section `heading` of the page at `path`, each as its lines.
fn blocks(path: &str, heading: &str) -> Vec<Vec<String>> {
    let section = crate::docs::section(&read(path), heading);
    let mut blocks = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in section.lines() {
        match (&mut current, line) {
            (None, "```sh") => current = Some(Vec::new()),
            (Some(_), "```") => blocks.extend(current.take()),
            (Some(lines), line) => match lines.last_mut() {
                Some(last) if last.ends_with('\\') => {
                    last.pop();
                    last.push_str(line.trim_start());
                }
                _ => lines.push(line.to_string()),
            },
            (None, _) => {}
        }
    }
    blocks
}

/// A shell as a user's: kcred on PATH, this env's HOME and keyring, in a scratch dir.
struct Shell<'a> {
    env: &'a TestEnv,
    dir: tempfile::TempDir,
    vars: Vec<(String, String)>,
}

impl<'a> Shell<'a> {
    fn new(env: &'a TestEnv) -> Shell<'a> {
        Shell {
            env,
            dir: tempfile::tempdir().unwrap(),
            vars: Vec::new(),
        }
    }

    /// Runs `line` with `sh -c`, `stdin` on its standard input; returns (code, stdout,
    /// stderr).
    fn run(&self, line: &str, stdin: &str) -> (i32, String, String) {
        let mut cmd = self.env.command_around_kcred("sh");
        let kcred = assert_cmd::cargo::cargo_bin("kcred");
        let bin = kcred.parent().unwrap();
        let path = std::env::var("PATH").unwrap_or_default();
        cmd.env("PATH", format!("{}:{path}", bin.display()))
            .envs(self.vars.iter().map(|(k, v)| (k, v)))
            .current_dir(self.dir.path())
            .args(["-c", line])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().unwrap();
        use std::io::Write;
        let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
        let output = child.wait_with_output().unwrap();
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr_of(&output),
        )
    }

    fn dir(&self) -> &Path {
        self.dir.path()
    }
}

/// Runs each line of `lines` (after `fill`: the page's placeholders replaced by this test's
/// IDs), each of which must succeed.
fn run_lines(shell: &Shell, lines: &[String], fill: &[(&str, String)], stdin: &str) {
    for line in lines {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let mut filled = line.clone();
        for (placeholder, value) in fill {
            filled = filled.replace(placeholder, value);
        }
        let filled = without_optional_parts(&filled);
        let (code, _, stderr) = shell.run(&filled, stdin);
        assert_eq!(
            code, 0,
            "documented line `{line}` (run as `{filled}`): {stderr}"
        );
    }
}

/// `line` without its ` [optional parts]`: what a user types who needs none of them.
fn without_optional_parts(line: &str) -> String {
    let mut out = line.to_string();
    while let Some(start) = out.find(" [") {
        let Some(len) = out[start..].find(']') else {
            break;
        };
        out.replace_range(start..start + len + 1, "");
    }
    out
}

/// The quick start, then the profile and token blocks, in order, as a new user types them.
/// A prompt for the secret is answered on standard input (`--secret-stdin`), and the
/// endpoint is the test Keystone's rather than KakaoCloud's.
#[test]
fn the_quick_start_profile_and_token_examples_run() {
    let env = TestEnv::new();
    let account = keystone().new_account();
    let pipeline = keystone().create_access_key(&account, "pipeline");
    let endpoint = env.endpoint();
    let mut shell = Shell::new(&env);
    shell
        .vars
        .push(("SECRET".into(), account.key.secret.clone()));
    // What a user types at the encrypted file's prompt (`profile set ci --store file`).
    shell
        .vars
        .push(("KCRED_FILE_PASSPHRASE".into(), "passphrase".into()));
    let by_id = format!(
        "--access-key-id {} --endpoint {endpoint} --secret-stdin",
        account.key.id
    );

    let quick_start = &blocks("README.md", "## A first token in three lines")[0];
    let fill = [("--access-key-id 0123abcd…", by_id.clone())];
    run_lines(&shell, quick_start, &fill, &account.key.secret);
    let (_, token, _) = shell.run("kcred token", "");
    assert!(keystone().token_is_valid(token.trim_end()));

    let profiles = &blocks(GUIDE, "### Profiles")[0];
    let fill = [
        // The stdin example adds `ci` again, after the one by key name: --force replaces it.
        (
            "kcred profile add ci --access-key-id 0123abcd… --secret-stdin",
            format!(
                "kcred profile add ci --force --access-key-id {} --endpoint {endpoint} \
                 --secret-stdin",
                account.key.id
            ),
        ),
        ("--access-key-id 0123abcd…", by_id.clone()),
        (
            "--user-id 5f2e…",
            format!(
                "--user-id {} --endpoint {endpoint} --secret-stdin",
                account.user_id
            ),
        ),
        // The new passphrase as typed at its prompt: the same one, so the lines after go on.
        (
            "kcred profile passphrase",
            "printf 'passphrase\\n' | kcred profile passphrase --new-passphrase-stdin".into(),
        ),
        // `profile add prod` ran in the quick start already.
        (
            "kcred profile add prod",
            "kcred profile add prod --force".into(),
        ),
    ];
    let (by_name, rest): (Vec<String>, Vec<String>) = profiles
        .iter()
        .cloned()
        .partition(|line| line.contains("--access-key-name"));
    run_lines(&shell, &by_name, &fill, &pipeline.secret);
    run_lines(&shell, &rest, &fill, &account.key.secret);
    let (code, listed, _) = shell.run("kcred profile list", "");
    assert_eq!(code, 0);
    assert!(
        listed.contains("prod") && !listed.contains("ci "),
        "{listed}"
    );

    // The profile block ends by removing the default profile (`ci`); `prod` is left.
    assert_eq!(shell.run("kcred profile use prod", "").0, 0);
    let tokens = &blocks(GUIDE, "### Tokens")[0];
    // `forget` after `revoke` finds nothing cached, and says so (exit 0).
    run_lines(&shell, tokens, &[], "");
    let (_, after, _) = shell.run("kcred token", "");
    assert!(keystone().token_is_valid(after.trim_end()));
    assert!(shell.dir().read_dir().unwrap().next().is_none());
}

/// The IAM key, doctor, project and `env`/`exec` examples, on a profile added as the quick
/// start does. Lines left out, and why: `fish` and PowerShell are other shells (their output
/// is run by fish in the shell tests; PowerShell is not available here), `--s3` needs an S3
/// key (the S3 tests cover it), and `openstack server list` needs a compute service.
#[test]
fn the_key_doctor_project_and_env_examples_run() {
    let (env, account) = TestEnv::with_profile();
    let shell = Shell::new(&env);

    let keys = &blocks(GUIDE, "### IAM access keys")[0];
    assert!(keys.len() == 4, "{keys:?}");
    let fill = [
        ("[--name NAME]", "--name readme-key".to_string()),
        ("ID|NAME [--yes]", "readme-key --yes".into()),
        ("rotate [--yes]", "rotate --yes".into()),
    ];
    run_lines(&shell, keys, &fill, "");
    let (_, listed, _) = shell.run("kcred iam-key list", "");
    assert!(!listed.contains("readme-key"), "deleted: {listed}");
    assert!(!listed.contains(&account.key.id), "rotated away: {listed}");

    run_lines(&shell, &blocks(GUIDE, "### `kcred doctor`")[0], &[], "");
    run_lines(&shell, &blocks(GUIDE, "### Projects")[0], &[], "");

    let github_env = shell.dir().join("github-env");
    std::fs::write(&github_env, "").unwrap();
    let scripting: Vec<String> = blocks(GUIDE, "## Scripts and CI")[0]
        .iter()
        .filter(|line| {
            !["fish", "powershell", "--s3", "openstack"]
                .iter()
                .any(|other| line.contains(other))
        })
        .map(|line| line.replace("$GITHUB_ENV", ""))
        .collect();
    assert_eq!(scripting.len(), 5, "{scripting:?}");
    let fill = [
        // Where the guide's request goes: Keystone's own project list.
        (
            "…'",
            "-o projects.json \"$KAKAOCLOUD_IAM_ENDPOINT/auth/projects\"'".into(),
        ),
        (
            "kcred env --format github",
            format!(
                "GITHUB_ENV={} kcred env --format github",
                github_env.display()
            ),
        ),
    ];
    run_lines(&shell, &scripting, &fill, "");
    let dotenv = std::fs::read_to_string(shell.dir().join(".env")).unwrap();
    assert!(dotenv.contains("KAKAOCLOUD_TOKEN='"), "{dotenv}");
    let projects = std::fs::read_to_string(shell.dir().join("projects.json")).unwrap();
    assert!(projects.contains(&account.project_id), "{projects}");
    let appended = std::fs::read_to_string(&github_env).unwrap();
    assert!(appended.contains("KAKAOCLOUD_TOKEN"), "{appended}");
}
