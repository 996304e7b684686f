//! The man pages in docs/man are generated from the command line and committed; this test
//! fails when they are stale. `scripts/gen-docs` (KCRED_UPDATE_DOCS=1) writes them anew.

use std::path::Path;

/// `kcred.1`, then one page per subcommand: `kcred-profile.1`, `kcred-profile-add.1`, …
fn man_pages(cmd: &clap::Command, name: &str, out: &mut Vec<(String, Vec<u8>)>) {
    let mut page = Vec::new();
    // A leaked name: clap wants a 'static str, and a test process is short-lived.
    let static_name: &'static str = Box::leak(name.to_string().into_boxed_str());
    clap_mangen::Man::new(cmd.clone().name(static_name))
        .render(&mut page)
        .unwrap();
    out.push((format!("{name}.1"), page));
    for sub in cmd.get_subcommands() {
        if sub.is_hide_set() || sub.get_name() == "help" {
            continue;
        }
        man_pages(sub, &format!("{name}-{}", sub.get_name()), out);
    }
}

#[test]
fn man_pages_are_fresh() {
    let mut cmd = kcred::cli::command();
    cmd.build();
    let mut rendered = Vec::new();
    man_pages(&cmd, "kcred", &mut rendered);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/man");
    if std::env::var_os("KCRED_UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        for (file, page) in &rendered {
            std::fs::write(dir.join(file), page).unwrap();
        }
    }
    let mut stale = Vec::new();
    for (file, page) in &rendered {
        if std::fs::read(dir.join(file)).ok().as_ref() != Some(page) {
            stale.push(file.clone());
        }
    }
    let committed = std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0);
    assert!(
        stale.is_empty() && committed == rendered.len(),
        "docs/man is stale ({stale:?}, {committed} files for {} pages): run scripts/gen-docs",
        rendered.len()
    );
    assert!(rendered.iter().any(|(f, _)| f == "kcred-iam-key-rotate.1"));
}

/// The Vault policies the guide gives are the files the Vault tests load, word for word.
#[test]
fn the_guide_gives_the_vault_policies_the_tests_run_with() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let guide = read(GUIDE);
    let vault = section(&guide, "## Teams and fleets on Vault");
    for policy in ["kcred-runner.hcl", "kcred-operator.hcl"] {
        let text = std::fs::read_to_string(root.join("docs/vault").join(policy)).unwrap();
        assert!(
            vault.contains(&format!("```hcl\n{text}```")),
            "{GUIDE} does not quote docs/vault/{policy} as it is"
        );
    }
}

/// The pages that hold the guide by task and the reference.
pub(crate) const GUIDE: &str = "docs/guide.md";
pub(crate) const REFERENCE: &str = "docs/reference.md";

/// The text of the page at `path` (from the repository's root).
pub(crate) fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|err| panic!("{path}: {err}"))
}

/// Every page of the documentation: README.md, then each `docs/**/*.md` (sorted), as
/// (path from the root, text).
pub(crate) fn pages() -> Vec<(String, String)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|ext| ext == "md") {
                let relative = path.strip_prefix(root).unwrap();
                out.push(relative.to_str().unwrap().replace('\\', "/"));
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    walk(&root.join("docs"), root, &mut paths);
    paths.sort();
    paths.insert(0, "README.md".to_string());
    paths
        .into_iter()
        .map(|path| (path.clone(), read(&path)))
        .collect()
}

/// The lines of the section of `page` that starts with `heading`, up to the next `## `.
pub(crate) fn section(page: &str, heading: &str) -> String {
    let start = page
        .match_indices(heading)
        .find(|(at, _)| {
            (*at == 0 || page[..*at].ends_with('\n'))
                && page[at + heading.len()..].starts_with(['\n', ' ', '`'])
        })
        .map(|(at, _)| at)
        .unwrap_or_else(|| panic!("no heading {heading}"));
    let rest = &page[start + heading.len()..];
    rest[..rest.find("\n## ").unwrap_or(rest.len())].to_string()
}

/// Every exit code kcred has, from its error kinds: a new kind fails to compile here until
/// it is handled (and listed in `ErrorKind::ALL`), and then this test until the reference
/// lists its code.
fn exit_codes() -> Vec<i32> {
    use kcred::error::ErrorKind;
    for kind in ErrorKind::ALL {
        match kind {
            ErrorKind::Other
            | ErrorKind::Usage
            | ErrorKind::Rejected
            | ErrorKind::Keyring
            | ErrorKind::Network
            | ErrorKind::LimitReached
            | ErrorKind::CommandNotRunnable
            | ErrorKind::CommandNotFound => {}
        }
    }
    let mut codes: Vec<i32> = kcred::reference::exit_codes()
        .into_iter()
        .map(|(code, _)| code)
        .collect();
    codes.sort();
    codes
}

#[test]
fn the_exit_code_table_is_the_codes_kcred_exits_with() {
    let table = section(&read(REFERENCE), "## Exit codes");
    let mut listed: Vec<i32> = table
        .lines()
        .filter_map(|line| line.strip_prefix("| "))
        .filter_map(|row| row.split(" |").next())
        .flat_map(|cell| cell.split(", ").map(str::to_string).collect::<Vec<_>>())
        .filter_map(|code| code.trim().parse().ok())
        .collect();
    listed.sort();
    assert_eq!(listed, exit_codes(), "{REFERENCE}'s exit codes");
    // --help and the man page list them too.
    let help = kcred::reference::environment_and_exit_codes();
    let help = help.as_str();
    let codes_in_help = &help[help.find("Exit codes:").unwrap()..];
    for code in exit_codes() {
        assert!(
            codes_in_help
                .lines()
                .any(|line| line.trim_start().starts_with(&format!("{code} "))),
            "--help does not list exit code {code}"
        );
    }
    let man =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/man/kcred.1"))
            .unwrap();
    assert!(man.contains("127") && man.contains("KCRED_STORE"));
}

/// Names like `KCRED_STORE` in `text`, of the families kcred reads.
fn variable_names(text: &str) -> std::collections::BTreeSet<String> {
    const FAMILIES: [&str; 5] = ["KCRED_", "KAKAOCLOUD_", "OS_", "VAULT_", "NCLOUD_"];
    let mut names = std::collections::BTreeSet::new();
    for word in text.split(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')) {
        if FAMILIES.iter().any(|family| word.starts_with(family)) && !word.ends_with('_') {
            names.insert(word.to_string());
        }
    }
    names
}

fn source_text(dir: &Path, out: &mut String) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            source_text(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push_str(&std::fs::read_to_string(&path).unwrap());
        }
    }
}

#[test]
fn every_variable_kcred_knows_is_in_the_reference_and_no_page_names_another() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut source = String::new();
    source_text(&root.join("src"), &mut source);
    // Quoted names only: the variables kcred reads or sets, not words in comments.
    let in_code: std::collections::BTreeSet<String> = variable_names(&source)
        .into_iter()
        .filter(|name| source.contains(&format!("\"{name}\"")))
        .filter(|name| name != "KCRED_EOF")
        .collect();
    let in_reference = variable_names(&read(REFERENCE));
    let undocumented: Vec<_> = in_code.difference(&in_reference).collect();
    assert!(
        undocumented.is_empty(),
        "not in {REFERENCE}: {undocumented:?}"
    );
    // The scripts' own switches (`scripts/check-platforms`' KCRED_REQUIRE_WINE) are the
    // pages' to name too.
    let mut scripts = String::new();
    for entry in std::fs::read_dir(root.join("scripts")).unwrap().flatten() {
        if entry.path().is_file() {
            scripts.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
        }
    }
    let in_scripts = variable_names(&scripts);
    for (path, text) in pages() {
        let unknown: Vec<_> = variable_names(&text)
            .into_iter()
            .filter(|name| name.starts_with("KCRED_") || name.starts_with("KAKAOCLOUD_"))
            .filter(|name| !in_code.contains(name) && !in_scripts.contains(name))
            .collect();
        assert!(
            unknown.is_empty(),
            "{path} names what kcred does not know: {unknown:?}"
        );
    }
    // The help (and so the man page) lists every variable kcred reads that a flag does not
    // stand for, and every flag's variable.
    let in_help = variable_names(&kcred::reference::environment_and_exit_codes());
    let mut cmd = kcred::cli::command();
    cmd.build();
    for arg in cmd.get_arguments() {
        if let Some(name) = arg.get_env() {
            let name = name.to_string_lossy().into_owned();
            assert!(in_help.contains(&name), "--help does not list {name}");
        }
    }
    for name in &in_help {
        assert!(
            in_code.contains(name),
            "--help lists {name}, which kcred does not read"
        );
        assert!(
            in_reference.contains(name),
            "--help lists {name}, {REFERENCE} does not"
        );
    }
}

#[test]
fn the_profile_add_options_the_guide_lists_are_its_options() {
    let mut cmd = kcred::cli::command();
    cmd.build();
    let profile = cmd.find_subcommand("profile").unwrap();
    let profiles = section(&read(GUIDE), "### Profiles");
    for sub in ["add", "set"] {
        for arg in profile.find_subcommand(sub).unwrap().get_arguments() {
            if let Some(long) = arg.get_long()
                && !arg.is_global_set()
                && long != "help"
            {
                let flag = format!("--{long}");
                let described = profiles.match_indices(&flag).any(|(at, _)| {
                    !profiles[at + flag.len()..]
                        .starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-')
                });
                assert!(
                    described,
                    "{GUIDE} does not describe `profile {sub} --{long}`"
                );
            }
        }
    }
}

/// The reference's JSON fields row for `command`: the field names in backticks after it.
pub(crate) fn json_fields_row(command: &str) -> String {
    section(&read(REFERENCE), "## Output")
        .lines()
        .find(|line| line.starts_with(&format!("| `{command}`")))
        .unwrap_or_else(|| panic!("no JSON fields row for {command}"))
        .to_string()
}

#[test]
fn json_output_has_the_fields_the_reference_lists_and_env_follows_output_json() {
    use crate::support::TestEnv;
    let (env, _account) = TestEnv::with_profile();
    // In this order: a key is created, deleted again, and the profile's key rotated.
    for (command, args) in [
        ("profile list", &["profile", "show"][..]),
        ("token show", &["token", "show"]),
        ("token", &["token"]),
        ("token verify", &["token", "verify"]),
        ("project list", &["project", "list"]),
        ("doctor", &["doctor", "--dry-run"]),
        (
            "iam-key create",
            &["iam-key", "create", "--name", "json-fields"],
        ),
        ("iam-key list", &["iam-key", "list"]),
        (
            "iam-key delete",
            &["iam-key", "delete", "json-fields", "--yes"],
        ),
        ("iam-key rotate", &["iam-key", "rotate", "--yes"]),
    ] {
        if command == "iam-key delete" {
            // Prints no data: frees the slot for the rotation.
            env.kcred().args(args).assert().success();
            continue;
        }
        let mut args = args.to_vec();
        args.extend(["--output", "json"]);
        let json = env.json(&args);
        let row = json_fields_row(command);
        let objects = match json.as_array() {
            Some(items) => items.clone(),
            None => vec![json],
        };
        assert!(
            !objects.is_empty(),
            "`kcred {command}` printed an empty list"
        );
        for object in objects {
            for field in object.as_object().unwrap().keys() {
                assert!(
                    row.contains(&format!("`{field}`")),
                    "`kcred {command}` prints {field}, the reference's row does not list it: {row}"
                );
            }
        }
    }
    // `--output json` (or KCRED_OUTPUT=json) is JSON for `env` too.
    let vars = env.json(&["--output", "json", "env"]);
    assert!(vars["KAKAOCLOUD_TOKEN"].is_string());
    let output = env
        .kcred()
        .env("KCRED_OUTPUT", "json")
        .arg("env")
        .output()
        .unwrap();
    assert!(crate::support::json_of(&output)["KAKAOCLOUD_TOKEN"].is_string());
    let output = env
        .kcred()
        .args(["--output", "json", "env", "--format", "sh"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(output.stdout)
            .unwrap()
            .starts_with("export ")
    );
}

/// The storage table, row by row, against where a real run leaves things on Linux.
#[test]
fn the_storage_table_says_where_kcred_keeps_things() {
    let table = section(&read(REFERENCE), "## Where things are stored");
    let row = |what: &str| -> String {
        let start = format!("| {what}");
        let row = table.lines().find(|line| line.starts_with(&start));
        row.unwrap_or_else(|| panic!("no row `{what}`")).to_string()
    };
    let says = |what: &str, needles: &[&str]| {
        let row = row(what);
        for needle in needles {
            assert!(
                row.contains(needle),
                "row `{what}` does not say {needle}: {row}"
            );
        }
    };
    let (mut env, account) = crate::support::TestEnv::with_profile();
    let token = env.token(&[]);

    says(
        "profiles",
        &["`config.toml`", "`$XDG_CONFIG_HOME/kcred/`", "0600"],
    );
    let config = env.root().join("config/kcred/config.toml");
    assert_eq!(config, env.config_file());
    crate::profile::assert_private(&config);

    says(
        "access-key secrets",
        &["service `kcred`", "`profile/NAME/access-key-secret`"],
    );
    assert_eq!(
        env.secret_tool_lookup("profile/dev/access-key-secret"),
        Some(account.key.secret.clone())
    );

    says(
        "cached tokens",
        &[
            "(`@u`)",
            "`kcred:profile/NAME/token`",
            "`KCRED_TOKEN_CACHE=store`",
        ],
    );
    assert_eq!(
        env.keyctl_lookup("@u", "profile/dev/token"),
        Some(token.clone())
    );
    assert_eq!(env.secret_tool_lookup("profile/dev/token"), None);

    says(
        "what kcred knows about a cached token",
        &["`tokens/NAME.json`", "`$XDG_CACHE_HOME/kcred/`", "0600"],
    );
    let about = env.root().join("cache/kcred/tokens/dev.json");
    crate::profile::assert_private(&about);
    assert!(
        env.files_containing(&token).is_empty(),
        "no token in a file"
    );

    says(
        "the same, for profiles with `--store file`",
        &["`secrets.enc`", "platform data dir"],
    );
    env.set_env("KCRED_FILE_PASSPHRASE", "pw");
    crate::support::succeeds(env.profile_add_command("filed", &account).args([
        "--store",
        "file",
        "--no-verify",
    ]));
    assert!(env.root().join("data/kcred/secrets.enc").exists());
}

/// `kcred help environment` and `kcred help exit-codes` answer from the binary, from the same
/// declarations as `--help`'s end, and `kcred help COMMAND` still gives a command's help.
#[test]
fn the_binary_answers_help_environment_and_help_exit_codes() {
    let run = |args: &[&str]| {
        let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("kcred"))
            .args(args)
            .env_remove("COMPLETE")
            .output()
            .unwrap();
        assert!(output.status.success(), "kcred {args:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let environment = run(&["help", "environment"]);
    for variable in kcred::reference::VARIABLES {
        for name in variable.names {
            assert!(environment.contains(name), "help environment lacks {name}");
        }
    }
    assert_eq!(
        variable_names(&environment),
        variable_names(&kcred::reference::environment_and_exit_codes()),
        "the same list as --help's"
    );
    let codes = run(&["help", "exit-codes"]);
    for code in exit_codes() {
        assert!(
            codes
                .lines()
                .any(|line| line.trim_start().starts_with(&format!("{code} "))),
            "help exit-codes lacks {code}: {codes}"
        );
    }
    assert!(run(&["help", "token"]).starts_with("Print a valid API token"));
}

/// The README is the front door: short, the first command a user with an account runs near
/// the top, and links to the guide and the reference.
#[test]
fn the_readme_is_short_and_starts_with_a_first_token() {
    let readme = read("README.md");
    let words = readme.split_whitespace().count();
    assert!(words <= 1500, "README.md has {words} words");
    let first = readme
        .lines()
        .position(|line| line.starts_with("kcred "))
        .expect("a kcred command in README.md");
    assert!(
        first < 60,
        "README.md's first kcred command is at line {}",
        first + 1
    );
    for page in ["docs/guide.md", "docs/reference.md", "docs/security.md"] {
        assert!(
            readme.contains(&format!("]({page}")),
            "README.md links no {page}"
        );
    }
}

/// The anchor GitHub gives a heading: lower case, punctuation dropped, blanks as `-`.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors of `page`'s headings (outside code blocks), with GitHub's `-1`, `-2` for
/// repeated ones.
fn anchors(page: &str) -> std::collections::BTreeSet<String> {
    let mut found = std::collections::BTreeSet::new();
    let mut in_code = false;
    for line in page.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code || !line.starts_with('#') {
            continue;
        }
        let base = anchor(line.trim_start_matches('#'));
        let mut name = base.clone();
        let mut n = 0;
        while found.contains(&name) {
            n += 1;
            name = format!("{base}-{n}");
        }
        found.insert(name);
    }
    found
}

/// The targets of the Markdown links `[text](target)` in `page`, outside code.
fn link_targets(page: &str) -> Vec<String> {
    let mut targets = Vec::new();
    let mut in_code = false;
    for line in page.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        // Inline code spans hold no links.
        let prose: String = line
            .split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 0)
            .map(|(_, part)| part)
            .collect::<Vec<_>>()
            .join(" ");
        let mut rest = prose.as_str();
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let end = after.find(')').unwrap_or(after.len());
            targets.push(after[..end].to_string());
            rest = &after[end..];
        }
    }
    targets
}

#[test]
fn every_relative_link_leads_to_a_file_and_heading_that_exist() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    let mut broken = Vec::new();
    for (path, text) in pages() {
        let dir = Path::new(&path).parent().unwrap_or(Path::new(""));
        for target in link_targets(&text) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            let (file, fragment) = match target.split_once('#') {
                Some((file, fragment)) => (file, Some(fragment)),
                None => (target.as_str(), None),
            };
            let linked = if file.is_empty() {
                root.join(&path)
            } else {
                root.join(dir).join(file)
            };
            if !linked.exists() {
                broken.push(format!("{path}: {target} (no such file)"));
                continue;
            }
            if let Some(fragment) = fragment {
                let page = std::fs::read_to_string(&linked).unwrap_or_default();
                if !anchors(&page).contains(fragment) {
                    broken.push(format!("{path}: {target} (no such heading)"));
                }
            }
        }
    }
    assert!(checked > 50, "found only {checked} links");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// The anchors are GitHub's, and the finder finds links as a reader sees them.
#[test]
fn the_link_checker_reads_links_and_headings_as_github_does() {
    assert_eq!(
        anchor(" Rotating keys and `doctor`"),
        "rotating-keys-and-doctor"
    );
    assert_eq!(
        anchor(" Teams and CI fleets: shared profiles on Vault / OpenBao"),
        "teams-and-ci-fleets-shared-profiles-on-vault--openbao"
    );
    assert_eq!(
        anchor(" Why does the OpenStack CLI need `--with-key`?"),
        "why-does-the-openstack-cli-need---with-key"
    );
    assert_eq!(
        anchors("# A\n## B\n```\n# not\n```\n## B\n"),
        ["a", "b", "b-1"].map(String::from).into_iter().collect()
    );
    assert_eq!(
        link_targets(
            "see [x](a.md#b) and `[y](not.md)`, [z](https://e.example)\n```\n[w](no.md)\n```\n"
        ),
        ["a.md#b", "https://e.example"]
    );
}
