//! `kcred env` and `kcred exec`: the credentials as environment variables, for scripts and CI.

use super::provider::{Capability, Provider};
use super::{Context, s3};
use crate::cli::{EnvArgs, EnvFormat, ExecArgs, OutputFormat};
use crate::error::{Error, Result};
use crate::token_cache::CachePolicy;
use crate::ui::output::{self, EnvVar};
use secrecy::ExposeSecret;
use std::collections::BTreeMap;
use std::process::Command;

/// Set in the environment of a command run by `kcred exec`, to the profile it runs as, so a
/// nested `kcred exec` for another profile is refused (a mix of two accounts' credentials).
pub const EXEC_MARKER: &str = "KCRED_EXEC_PROFILE";
const ENVIRONMENT_CREDENTIALS: &str = "(environment)";

/// The variables for the current profile: its provider's (for KakaoCloud a valid token and
/// what it is for), with `with_key` its access key and secret too, and with `s3` an S3 access
/// key under the AWS names. Also the profile they are for (`None` for credentials from the
/// environment).
fn variables(
    ctx: &Context,
    provider: &dyn Provider,
    with_key: bool,
    s3: S3Choice,
) -> Result<(Option<String>, Vec<EnvVar>)> {
    if with_key {
        provider.require(Capability::KeyVariables, "env --with-key")?;
    }
    let (profile, mut vars) = provider.variables(ctx)?;
    if with_key {
        // A key variable replaces a token variable of the same name (`OS_AUTH_URL`), and the
        // OpenStack token goes: keystoneauth reads `OS_AUTH_TOKEN` too, and refuses a token
        // alongside an application credential.
        vars.retain(|existing| existing.name != "OS_AUTH_TOKEN");
        for var in provider.key_variables(ctx)? {
            vars.retain(|existing| existing.name != var.name);
            vars.push(var);
        }
    }
    let s3_vars = match s3 {
        S3Choice::None => Vec::new(),
        S3Choice::Key(wanted) => {
            let (access, secret) = s3::stored_key(ctx, profile.as_deref(), wanted)?;
            vec![
                EnvVar::plain("AWS_ACCESS_KEY_ID", &access),
                EnvVar::secret("AWS_SECRET_ACCESS_KEY", secret.expose_secret()),
            ]
        }
        S3Choice::Temporary => {
            provider.require(Capability::TemporaryS3, "env --s3-temp")?;
            let (_, creds) = super::s3_temp::temporary_credentials(ctx, CachePolicy::Use, None)?;
            super::s3_temp::variables(&creds)
        }
    };
    if vars.is_empty() && s3_vars.is_empty() {
        // A provider without tokens (GleSYS) has nothing to export but an S3 key.
        return Err(provider
            .unsupported("has no token to export")
            .with_hint("add --s3 for one of the profile's S3 access keys"));
    }
    if !s3_vars.is_empty() {
        let (region, endpoint) = s3::settings(ctx, profile.as_deref())?;
        vars.extend(s3_vars);
        vars.push(EnvVar::plain("AWS_REGION", &region));
        vars.push(EnvVar::plain("AWS_DEFAULT_REGION", &region));
        vars.push(EnvVar::plain("AWS_ENDPOINT_URL_S3", &endpoint));
    }
    Ok((profile, vars))
}

/// What to warn of the current key's expiry, when it is near or past.
fn key_expiry_warning(ctx: &Context) -> Option<String> {
    let credential = ctx.credential().ok()?;
    let at = ctx.tokens().profile_key_expiry(&credential)?;
    ctx.key_expiry_warning(credential.profile.as_deref(), &credential.key, at)
}

/// A workflow command's message as GitHub Actions reads it: `%`, CR and LF escaped.
fn github_escape(message: &str) -> String {
    message
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Which S3 credentials `env` and `exec` add, if any.
pub enum S3Choice {
    None,
    /// A long-lived S3 access key: the one named, else the profile's only stored one.
    Key(Option<String>),
    /// Temporary credentials exchanged for the token.
    Temporary,
}

impl S3Choice {
    pub fn from_flags(s3: Option<Option<String>>, s3_temp: bool) -> S3Choice {
        match (s3, s3_temp) {
            (_, true) => S3Choice::Temporary,
            (Some(wanted), false) => S3Choice::Key(wanted),
            (None, false) => S3Choice::None,
        }
    }
}

/// What the user's shell reads: PowerShell is the one Windows opens by default (and runs in
/// Windows Terminal); `--format cmd` is there for cmd.exe.
#[cfg(windows)]
const DEFAULT_SHELL: EnvFormat = EnvFormat::Powershell;
#[cfg(not(windows))]
const DEFAULT_SHELL: EnvFormat = EnvFormat::Sh;

pub fn env(ctx: &Context, provider: &dyn Provider, args: EnvArgs) -> Result<()> {
    let (_, vars) = variables(
        ctx,
        provider,
        args.with_key,
        S3Choice::from_flags(args.s3, args.s3_temp),
    )?;
    // `--output json` means JSON for every command that prints data, `env` too.
    let format = args.format.unwrap_or(match ctx.ui.output() {
        OutputFormat::Json => EnvFormat::Json,
        OutputFormat::Table => DEFAULT_SHELL,
    });
    match format {
        EnvFormat::Json => {
            let object: BTreeMap<&str, &str> =
                vars.iter().map(|v| (v.name, v.value.as_str())).collect();
            output::print_json(&object)
        }
        EnvFormat::Github => {
            let path = ctx
                .settings
                .environment
                .get_os("GITHUB_ENV")
                .ok_or_else(|| {
                    Error::usage("GITHUB_ENV is not set")
                        .with_hint("--format github works inside a GitHub Actions step")
                })?;
            let text = output::github_env(&vars)?;
            // Masks first, so the values are hidden before anything can print them.
            output::print(&output::github_masks(&vars))?;
            // An annotation on the run, as well as the warning on stderr at issuance: a key
            // about to expire stops the pipeline when it does.
            if let Some(warning) = key_expiry_warning(ctx) {
                output::print(&format!(
                    "::warning title=kcred::{}\n",
                    github_escape(&warning)
                ))?;
            }
            use std::io::Write;
            std::fs::OpenOptions::new()
                .append(true)
                .create(true)
                .open(path)
                .and_then(|mut file| file.write_all(text.as_bytes()))
                .map_err(|err| {
                    Error::other(format!(
                        "cannot append to {}: {err}",
                        std::path::Path::new(&path).display()
                    ))
                })
        }
        format => output::print(&output::render_env(format, &vars, !args.no_export)?),
    }
}

pub fn exec(ctx: &Context, provider: &dyn Provider, args: ExecArgs) -> Result<()> {
    let (profile, vars) = variables(
        ctx,
        provider,
        args.with_key,
        S3Choice::from_flags(args.s3, args.s3_temp),
    )?;
    let running_as = profile.unwrap_or_else(|| ENVIRONMENT_CREDENTIALS.to_string());
    if let Some(outer) = ctx.settings.environment.get(EXEC_MARKER)
        && outer != running_as
    {
        return Err(Error::usage(format!(
            "already inside `kcred exec` for '{outer}'; refusing to nest '{running_as}'"
        ))
        .with_hint("exit that shell first, or run with the same profile"));
    }
    let (program, rest) = args
        .command
        .split_first()
        .ok_or_else(|| Error::usage("no command given after --"))?;
    #[cfg(windows)]
    let program = &windows_program(ctx, program);
    let mut command = Command::new(program);
    command.args(rest).env(EXEC_MARKER, &running_as);
    for var in &vars {
        command.env(var.name, &var.value);
    }
    drop(vars);
    run(command, &program.to_string_lossy())
}

/// On Unix kcred becomes the command (like `exec` in a shell): stdin, stdout, stderr and
/// signals reach it directly, and its exit status, or the signal that ended it, is kcred's.
#[cfg(unix)]
fn run(mut command: Command, name: &str) -> Result<()> {
    use std::os::unix::process::CommandExt;
    crate::core_dumps::restore_for_exec();
    crate::secrets::keyring_store::close();
    let err = command.exec();
    Err(spawn_error(name, &err))
}

/// Elsewhere kcred waits for the command and exits with its exit code.
#[cfg(not(unix))]
fn run(mut command: Command, name: &str) -> Result<()> {
    let status = command.status().map_err(|err| spawn_error(name, &err))?;
    std::process::exit(status.code().unwrap_or(1));
}

/// The file Windows' own shells would run for a bare name: the first `NAME.EXT` in a `PATH` dir,
/// EXT from `PATHEXT` (`.COM;.EXE;.BAT;.CMD` by default), so `kcred exec -- deploy` finds
/// `deploy.cmd` as cmd.exe and PowerShell do. A name with a dir or an extension is left as it
/// is; the standard library runs a `.bat` or `.cmd` through cmd.exe, its arguments escaped.
#[cfg(windows)]
fn windows_program(ctx: &Context, program: &std::ffi::OsStr) -> std::ffi::OsString {
    let environment = &ctx.settings.environment;
    find_with_pathext(
        program,
        environment.get_os("PATH").unwrap_or_default(),
        &environment
            .get("PATHEXT")
            .unwrap_or_else(|| ".COM;.EXE;.BAT;.CMD".into()),
    )
}

#[cfg(windows)]
fn find_with_pathext(
    program: &std::ffi::OsStr,
    dirs: &std::ffi::OsStr,
    extensions: &str,
) -> std::ffi::OsString {
    let as_path = std::path::Path::new(program);
    if as_path.extension().is_some() || as_path.components().count() != 1 {
        return program.to_owned();
    }
    for dir in std::env::split_paths(dirs) {
        for extension in extensions.split(';').filter(|e| !e.is_empty()) {
            let mut name = program.to_owned();
            name.push(extension);
            let candidate = dir.join(name);
            if candidate.is_file() {
                return candidate.into_os_string();
            }
        }
    }
    program.to_owned()
}

/// A command that cannot be started exits 127 (not found) or 126 (not runnable), as in a shell.
fn spawn_error(name: &str, err: &std::io::Error) -> Error {
    let (kind, what) = match err.kind() {
        std::io::ErrorKind::NotFound => (
            crate::error::ErrorKind::CommandNotFound,
            "command not found",
        ),
        _ => (
            crate::error::ErrorKind::CommandNotRunnable,
            "cannot run command",
        ),
    };
    Error::new(kind, format!("{what}: {name}: {err}"))
}

#[cfg(all(test, windows))]
mod windows_tests {
    use super::find_with_pathext;
    use std::ffi::{OsStr, OsString};

    const PATHEXT: &str = ".COM;.EXE;.BAT;.CMD";

    fn path_of(dirs: &[&std::path::Path]) -> OsString {
        std::env::join_paths(dirs).unwrap()
    }

    /// Windows' file names ignore case: `deploy.CMD` (PATHEXT's spelling) is `deploy.cmd`.
    fn lower(name: impl AsRef<OsStr>) -> String {
        name.as_ref().to_string_lossy().to_lowercase()
    }

    #[test]
    fn a_bare_name_finds_a_cmd_or_bat_file_in_path() {
        let first = tempfile::tempdir().unwrap();
        let second = tempfile::tempdir().unwrap();
        std::fs::write(second.path().join("deploy.cmd"), "@echo off\r\n").unwrap();
        std::fs::write(second.path().join("build.bat"), "@echo off\r\n").unwrap();
        let path = path_of(&[first.path(), second.path()]);
        assert_eq!(
            lower(find_with_pathext(OsStr::new("deploy"), &path, PATHEXT)),
            lower(second.path().join("deploy.cmd"))
        );
        assert_eq!(
            lower(find_with_pathext(OsStr::new("build"), &path, PATHEXT)),
            lower(second.path().join("build.bat"))
        );
    }

    #[test]
    fn pathext_order_decides_within_a_dir_and_path_order_across_dirs() {
        let first = tempfile::tempdir().unwrap();
        let second = tempfile::tempdir().unwrap();
        std::fs::write(first.path().join("tool.cmd"), "").unwrap();
        std::fs::write(first.path().join("tool.exe"), "").unwrap();
        std::fs::write(second.path().join("tool.com"), "").unwrap();
        let path = path_of(&[first.path(), second.path()]);
        assert_eq!(
            lower(find_with_pathext(OsStr::new("tool"), &path, PATHEXT)),
            lower(first.path().join("tool.exe"))
        );
    }

    #[test]
    fn names_with_an_extension_or_a_dir_and_unknown_names_are_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("deploy.cmd"), "").unwrap();
        let path = path_of(&[dir.path()]);
        for name in ["deploy.cmd", "deploy.ps1", r"scripts\deploy", "missing"] {
            assert_eq!(find_with_pathext(OsStr::new(name), &path, PATHEXT), name);
        }
    }
}
