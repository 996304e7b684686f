//! The man pages in doc/man are generated from the command line and committed; this test
//! fails when they are stale. `scripts/gen-docs` (KCRED_UPDATE_DOCS=1) writes them anew.

use std::path::Path;

/// `kcred.1`, then one page per subcommand: `kcred-profile.1`, `kcred-profile-add.1`, …
fn pages(cmd: &clap::Command, name: &str, out: &mut Vec<(String, Vec<u8>)>) {
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
        pages(sub, &format!("{name}-{}", sub.get_name()), out);
    }
}

#[test]
fn man_pages_are_fresh() {
    let mut cmd = kcred::cli::command();
    cmd.build();
    let mut rendered = Vec::new();
    pages(&cmd, "kcred", &mut rendered);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("doc/man");
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
        "doc/man is stale ({stale:?}, {committed} files for {} pages): run scripts/gen-docs",
        rendered.len()
    );
    assert!(rendered.iter().any(|(f, _)| f == "kcred-iam-key-rotate.1"));
}

/// The Vault policies the README gives are the files the Vault tests load, word for word.
#[test]
fn the_readme_gives_the_vault_policies_the_tests_run_with() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    for policy in ["kcred-runner.hcl", "kcred-operator.hcl"] {
        let text = std::fs::read_to_string(root.join("doc/vault").join(policy)).unwrap();
        assert!(
            readme.contains(&format!("```hcl\n{text}```")),
            "README.md does not quote doc/vault/{policy} as it is"
        );
    }
}
