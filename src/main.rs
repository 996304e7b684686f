use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Dynamic completion: with COMPLETE=bash|zsh|fish|… in the environment, kcred prints the
    // shell's registration script or the completions asked for, and exits.
    clap_complete::CompleteEnv::with_factory(kcred::cli::command).complete();
    let cli = kcred::cli::Cli::parse();
    match kcred::commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {}", err.message());
            if let Some(hint) = err.hint() {
                eprintln!("hint: {hint}");
            }
            ExitCode::from(err.kind().exit_code() as u8)
        }
    }
}
