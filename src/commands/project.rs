//! `kcred project list`: the projects of the current user.

use super::{Context, Session};
use crate::cli::ProjectCommand;
use crate::error::{Error, Result};
use crate::iam::ProjectInfo;
use crate::ui::output;
use serde::Serialize;

pub fn run(ctx: &Context, command: ProjectCommand) -> Result<()> {
    match command {
        ProjectCommand::List => list(ctx),
    }
}

#[derive(Serialize)]
struct ProjectView {
    id: String,
    name: String,
    enabled: bool,
    /// Whether the current key is bound to this project.
    current: bool,
}

pub fn projects(session: &Session) -> Result<Vec<ProjectInfo>> {
    let user_id = session.user_id();
    session.call(|client, token| client.list_projects(token, &user_id))
}

/// A project of the user by ID or name.
pub fn find(session: &Session, wanted: &str) -> Result<ProjectInfo> {
    let all = projects(session)?;
    if let Some(project) = all.iter().find(|p| p.id == wanted || p.name == wanted) {
        return Ok(project.clone());
    }
    let names: Vec<&str> = all.iter().map(|p| p.name.as_str()).collect();
    Err(Error::usage(format!(
        "you have no project with the ID or name '{wanted}'"
    ))
    .with_hint(format!("your projects: {}", names.join(", "))))
}

fn list(ctx: &Context) -> Result<()> {
    let session = ctx.session()?;
    let current = session.project_id();
    let views: Vec<ProjectView> = projects(&session)?
        .into_iter()
        .map(|p| ProjectView {
            current: current.as_deref() == Some(p.id.as_str()),
            id: p.id,
            name: p.name,
            enabled: p.enabled,
        })
        .collect();
    ctx.ui.show(&views, || {
        output::print_table(
            &["", "ID", "NAME", "ENABLED"],
            views
                .iter()
                .map(|v| {
                    vec![
                        if v.current { "*" } else { "" }.to_string(),
                        v.id.clone(),
                        v.name.clone(),
                        if v.enabled { "yes" } else { "no" }.to_string(),
                    ]
                })
                .collect(),
        )
    })
}
