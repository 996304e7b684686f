//! Whole outputs as the spec, in the manner of uv's tests: a command's exit code, stdout and
//! stderr in one snapshot, with what changes from run to run (ports, IDs, tokens, times, the
//! test's own dirs) replaced by placeholders.

use std::process::Output;

/// `exit_code`, `stdout` and `stderr` of `output`: the text to snapshot.
pub fn render(output: &Output) -> String {
    let code = output
        .status
        .code()
        .map_or_else(|| "signal".to_string(), |code| code.to_string());
    format!(
        "exit_code: {code}\n----- stdout -----\n{}----- stderr -----\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    )
}

/// Snapshot settings with filters for what differs between runs.
pub fn settings(env: &super::TestEnv) -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(&regex_escape(&env.root().display().to_string()), "[ROOT]");
    settings.add_filter(r"127\.0\.0\.1:\d+", "127.0.0.1:[PORT]");
    settings.add_filter(
        r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?",
        "[TIME]",
    );
    settings.add_filter(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?Z", "[TIME]");
    settings.add_filter(r"\b[0-9a-f]{32}\b", "[ID]");
    settings.add_filter(r"gAAAA[A-Za-z0-9_\-]+", "[TOKEN]");
    settings.add_filter(r"\b(project|user|key|pw)-\d+-\d+-[0-9a-f]+", "[$1-NAME]");
    // Table columns are as wide as what the filters replaced.
    settings.add_filter(r" {2,}", "  ");
    settings
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let special = "\\.+*?()|[]{}^$#&-~".contains(c);
            special
                .then_some('\\')
                .into_iter()
                .chain(std::iter::once(c))
        })
        .collect()
}

/// Runs `$cmd` (an `assert_cmd::Command`) and snapshots its exit code, stdout and stderr,
/// filtered by [`settings`] for `$env`.
#[macro_export]
macro_rules! assert_cmd_snapshot {
    ($env:expr, $cmd:expr) => {{
        let output = $cmd.output().unwrap();
        $crate::support::snapshot::settings(&$env).bind(|| {
            insta::assert_snapshot!($crate::support::snapshot::render(&output));
        });
    }};
}
