use clap::Parser;
use clap::error::ErrorKind;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Before anything else: no secret this run reads may end up in a core file.
    kcred::report::start();
    // Dynamic completion: with COMPLETE=bash|zsh|fish|… in the environment, kcred prints the
    // shell's registration script or the completions asked for, and exits.
    clap_complete::CompleteEnv::with_factory(kcred::cli::command).complete();
    // `kcred help environment` and `kcred help exit-codes`: references, not commands.
    let args: Vec<_> = std::env::args_os().skip(1).collect();
    if let Some(reference) = kcred::reference::help_topic(&args) {
        let _ = kcred::ui::output::print(&reference);
        return ExitCode::SUCCESS;
    }
    let cli = match kcred::cli::Cli::try_parse() {
        Ok(cli) => cli,
        // `kcred` alone (or a command group alone, `kcred iam-key`) is someone finding their
        // way: the commands, as `--help` begins, on stdout, and no error.
        Err(err) if err.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = kcred::ui::output::print(&kcred::cli::commands_overview(&err.to_string()));
            return ExitCode::SUCCESS;
        }
        Err(err) if err.use_stderr() => {
            // A usage error is one `error:` line and one `hint:` line, like every other error.
            let (message, hint) = kcred::cli::usage_error_lines(&err.to_string());
            return kcred::report::report(&kcred::error::Error::usage(message).with_hint(hint));
        }
        // --help and --version: clap prints them, to stdout.
        Err(err) => err.exit(),
    };
    match kcred::commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => kcred::report::report(&err),
    }
}
