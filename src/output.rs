//! What kcred prints on stdout: tables (comfy-table) for people, JSON for programs.
//! A closed stdout (`kcred token | head -c1`) is not an error: output simply stops.

use crate::error::{Error, Result};
use comfy_table::presets::NOTHING;
use comfy_table::{ContentArrangement, Table};
use serde::Serialize;
use std::io::{self, Write};

pub use crate::cli::OutputFormat;

/// Writes `text` to stdout as is, ignoring a reader that went away.
pub fn print(text: &str) -> Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(err) if err.kind() != io::ErrorKind::BrokenPipe => Err(Error::other(format!(
            "cannot write to standard output: {err}"
        ))),
        _ => Ok(()),
    }
}

pub fn print_line(text: &str) -> Result<()> {
    print(&format!("{text}\n"))
}

/// Pretty JSON and a newline.
pub fn print_json(value: &impl Serialize) -> Result<()> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|err| Error::other(format!("cannot encode JSON: {err}")))?;
    print_line(&text)
}

/// A table with a header row. Plain text with no borders or colours, so it reads the same on
/// a terminal, in a pipe and in a CI log.
pub fn print_table(header: &[&str], rows: Vec<Vec<String>>) -> Result<()> {
    let mut table = Table::new();
    table
        .load_preset(NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.to_vec())
        .add_rows(rows);
    print_line(&trim_lines(&table.to_string()))
}

/// A two-column table of one record's fields.
pub fn print_fields(fields: Vec<(&str, String)>) -> Result<()> {
    let mut table = Table::new();
    table
        .load_preset(NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled);
    for (name, value) in fields {
        table.add_row(vec![name.to_string(), value]);
    }
    print_line(&trim_lines(&table.to_string()))
}

fn trim_lines(text: &str) -> String {
    text.lines()
        .map(|line| line.strip_prefix(' ').unwrap_or(line).trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

/// "-" for a value that is not there, so table columns never go blank.
pub fn or_dash(value: Option<&str>) -> String {
    value.unwrap_or("-").to_string()
}

/// A duration in seconds for people: "11h 58m", "4m 10s", "expired".
pub fn human_duration(seconds: i64) -> String {
    if seconds <= 0 {
        return "expired".to_string();
    }
    let (h, m, s) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
    match (h, m) {
        (0, 0) => format!("{s}s"),
        (0, _) => format!("{m}m {s}s"),
        _ => format!("{h}h {m}m"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human_duration(-5), "expired");
        assert_eq!(human_duration(42), "42s");
        assert_eq!(human_duration(250), "4m 10s");
        assert_eq!(human_duration(43080), "11h 58m");
    }
}
