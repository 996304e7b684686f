use crate::cli::{CompletionsArgs, command};
use crate::error::Result;
use crate::ui::output;

pub fn run(args: CompletionsArgs) -> Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command(), "kcred", &mut script);
    output::print(&String::from_utf8_lossy(&script))
}
