//! `kcred kms-key service-keys`: the AES256-GCM96 keys that KakaoCloud services (Secrets
//! Manager among them) make and rotate for the project. Users can only read them.

use super::{Kms, printable};
use crate::commands::Context;
use crate::error::Result;
use crate::kms::ServiceKey;
use crate::ui::output::{self, or_dash};
use serde::Serialize;

/// A service key as kcred prints it; these names are stable.
#[derive(Serialize)]
struct ServiceKeyView {
    name: Option<String>,
    service: Option<String>,
    status: Option<String>,
    current_version: Option<i64>,
    rotation_period_days: Option<i64>,
    last_rotation_at: Option<String>,
    next_rotation_at: Option<String>,
    created_at: Option<String>,
}

impl From<ServiceKey> for ServiceKeyView {
    fn from(key: ServiceKey) -> Self {
        ServiceKeyView {
            name: key.name,
            service: key.service,
            status: key.status,
            current_version: key.default_version,
            rotation_period_days: key.rotation_period,
            last_rotation_at: super::utc(key.last_rotation_at.as_deref()),
            next_rotation_at: super::utc(key.next_rotation_at.as_deref()),
            created_at: super::utc(key.created_at.as_deref()),
        }
    }
}

pub(super) fn run(ctx: &Context) -> Result<()> {
    let kms = Kms::open(ctx)?;
    let views: Vec<ServiceKeyView> = kms
        .call(|client, token| client.list_service_keys(token))?
        .into_iter()
        .map(ServiceKeyView::from)
        .collect();
    ctx.ui.show(&views, || {
        output::print_table(
            &[
                "NAME",
                "SERVICE",
                "STATUS",
                "VERSION",
                "ROTATION",
                "LAST ROTATION",
                "NEXT ROTATION",
            ],
            views
                .iter()
                .map(|v| {
                    let text = |value: &Option<String>| printable(&or_dash(value.as_deref()));
                    vec![
                        text(&v.name),
                        text(&v.service),
                        text(&v.status),
                        v.current_version
                            .map_or_else(|| "-".to_string(), |n| n.to_string()),
                        match v.rotation_period_days {
                            Some(1) => "every day".to_string(),
                            Some(days) => format!("every {days} days"),
                            None => "-".to_string(),
                        },
                        text(&v.last_rotation_at),
                        text(&v.next_rotation_at),
                    ]
                })
                .collect(),
        )
    })
}
