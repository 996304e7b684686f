use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
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
