//! `kcred project list`.

use crate::support::{TestEnv, keystone};
use serde_json::Value;

#[test]
fn lists_the_users_projects_and_marks_the_current_one() {
    let env = TestEnv::new();
    let account = keystone().new_account();
    let (other_id, _) = keystone().add_project(&account);
    env.add_profile("dev", &account);
    let output = env
        .kcred()
        .args(["project", "list", "--output", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let list: Value = serde_json::from_slice(&output.stdout).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    let current = list
        .iter()
        .find(|p| p["id"] == account.project_id.as_str())
        .unwrap();
    assert_eq!(current["current"], true);
    assert_eq!(current["name"], account.project_name.as_str());
    assert_eq!(current["enabled"], true);
    let other = list.iter().find(|p| p["id"] == other_id.as_str()).unwrap();
    assert_eq!(other["current"], false);

    let table = env.kcred().args(["project", "list"]).output().unwrap();
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(
        text.lines()
            .any(|l| l.starts_with('*') && l.contains(&account.project_id)),
        "{text}"
    );
}
