//! Container registries served by kcred's profiles: which profile's key answers a registry's
//! login (through `docker-credential-kcred`), and the clients' auth files that point a
//! registry at that helper ([`auth_file`]).

pub mod auth_file;
pub mod secret_copy;

use crate::config::{AccessKey, Config, Profile};
use crate::error::{Advice, Error, Result};

/// The helper's suffix: clients run `docker-credential-kcred`.
pub const HELPER: &str = "kcred";

/// KakaoCloud Container Registry's domain: `{project}.{region}.kcr.dev`.
const KCR_DOMAIN: &str = "kcr.dev";

/// The registry a server URL names, as kcred keeps it: `host[:port]`, lowercased, without a
/// scheme, a path or a trailing slash. Clients send `host`, `host:port`, `https://host/` and
/// `host/repo`; all name the same registry. `None` for an empty URL, or one whose host is not
/// a host name ([`is_host`]): such a name goes into no file and onto no terminal.
pub fn normalise_host(server_url: &str) -> Option<String> {
    let text = server_url.trim();
    let text = match text.find("://") {
        Some(at) => &text[at + 3..],
        None => text,
    };
    let host = text.split(['/', '?', '#']).next().unwrap_or("");
    // A user name before the host (`user@host`) is not part of the registry's name.
    let host = host.rsplit('@').next().unwrap_or("");
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    is_host(&host).then_some(host)
}

/// Whether `text` is `host[:port]`: a DNS name (labels of letters, digits and inner `-`; 253
/// characters at most), an IPv4 address, or an IPv6 address in brackets; a port of 1 to 65535.
pub fn is_host(text: &str) -> bool {
    let (name, port) = match text.rsplit_once(':') {
        // `[::1]` alone has colons inside its brackets: no port.
        Some((name, port)) if !port.contains(']') => (name, Some(port)),
        _ => (text, None),
    };
    let port_ok = port.is_none_or(|port| {
        !port.is_empty()
            && port.len() <= 5
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|p| (1..=65535).contains(&p))
    });
    let name_ok = match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(v6) => v6.parse::<std::net::Ipv6Addr>().is_ok(),
        None => {
            name.len() <= 253
                && !name.is_empty()
                && name.split('.').all(|label| {
                    !label.is_empty()
                        && label.len() <= 63
                        && !label.starts_with('-')
                        && !label.ends_with('-')
                        && label
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                })
        }
    };
    port_ok && name_ok
}

/// The project and region of a KCR host (`{project}.{region}.kcr.dev`, any port).
pub fn kcr_project(host: &str) -> Option<(&str, &str)> {
    let name = host.split(':').next().unwrap_or(host);
    let rest = name.strip_suffix(KCR_DOMAIN)?.strip_suffix('.')?;
    let (project, region) = rest.split_once('.')?;
    let simple = |label: &str| !label.is_empty() && !label.contains('.');
    (simple(project) && simple(region)).then_some((project, region))
}

/// The KCR host of a profile: `{project name}.{region}.kcr.dev`, the region the profile's.
pub fn kcr_host_of(name: &str, profile: &Profile) -> Result<String> {
    let project = profile
        .kakaocloud()
        .and_then(|k| k.project_name.as_deref())
        .ok_or_else(|| {
            Error::usage(format!(
                "profile '{name}' does not know its project's name, so not its registry's host"
            ))
            .with_advice(Advice::NameRegistryHost)
        })?;
    Ok(format!(
        "{}.{}.{KCR_DOMAIN}",
        project.to_ascii_lowercase(),
        profile.kakaocloud_region()
    ))
}

/// The registry username of a profile's key: the access key ID (KCR takes no key name).
pub fn username_of(name: &str, profile: &Profile) -> Result<String> {
    match profile.access_key()? {
        AccessKey::Id(id) => Ok(id),
        AccessKey::Name { .. } => profile
            .kakaocloud()
            .and_then(|k| k.named_key_id.clone())
            .ok_or_else(|| {
                Error::usage(format!(
                    "profile '{name}' names its key by name, and a registry needs the key's ID"
                ))
                .with_advice(Advice::AddKeyById {
                    profile: name.to_string(),
                })
            }),
    }
}

/// Which profile serves `host` (normalised): the one the host was configured for, else the
/// one whose project is the KCR host's project. `forced` (`KCRED_PROFILE`) picks the profile
/// for any host kcred serves, never for a host it does not. `Ok(None)`: kcred does not serve
/// the host.
pub fn profile_for_host<'a>(
    config: &'a Config,
    host: &str,
    forced: Option<&str>,
) -> Result<Option<(&'a str, &'a Profile)>> {
    let configured = config
        .profiles
        .iter()
        .find(|(_, profile)| profile.registry_hosts.iter().any(|h| h == host));
    let by_project = || -> Result<Option<(&'a String, &'a Profile)>> {
        let Some((project, _)) = kcr_project(host) else {
            return Ok(None);
        };
        let matching: Vec<_> = config
            .profiles
            .iter()
            .filter(|(_, profile)| {
                profile
                    .kakaocloud()
                    .and_then(|k| k.project_name.as_deref())
                    .is_some_and(|name| name.eq_ignore_ascii_case(project))
            })
            .collect();
        match matching.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(*one)),
            many => Err(Error::usage(format!(
                "profiles {} are all of project '{project}': kcred cannot tell which one serves {host}",
                many.iter()
                    .map(|(name, _)| format!("'{name}'"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .with_advice(Advice::ChooseRegistryProfile {
                host: host.to_string(),
            })),
        }
    };
    // A profile that is forced needs no choice among the project's profiles, only to know
    // that the host is one kcred serves.
    if let Some(wanted) = forced {
        let is_served = configured.is_some()
            || kcr_project(host).is_some_and(|(project, _)| {
                config.profiles.values().any(|profile| {
                    profile
                        .kakaocloud()
                        .and_then(|k| k.project_name.as_deref())
                        .is_some_and(|name| name.eq_ignore_ascii_case(project))
                })
            });
        return match is_served {
            true => config.select(Some(wanted)).map(Some),
            false => Ok(None),
        };
    }
    let served = match configured {
        Some(found) => Some(found),
        None => by_project()?,
    };
    Ok(served.map(|(name, profile)| (name.as_str(), profile)))
}

/// The profiles whose key has `key_id` as its ID.
pub fn profiles_with_key<'a>(config: &'a Config, key_id: &str) -> Vec<(&'a str, &'a Profile)> {
    config
        .profiles
        .iter()
        .filter(|(name, profile)| username_of(name, profile).is_ok_and(|id| id == key_id))
        .map(|(name, profile)| (name.as_str(), profile))
        .collect()
}

/// Records that `profile` serves `host`, and no other profile does. Whether it changed.
pub fn record_host(config: &mut Config, profile: &str, host: &str) -> bool {
    let mut changed = false;
    for (name, entry) in config.profiles.iter_mut() {
        let has = entry.registry_hosts.iter().any(|h| h == host);
        if name == profile && !has {
            entry.registry_hosts.push(host.to_string());
            entry.registry_hosts.sort();
            changed = true;
        } else if name != profile && has {
            entry.registry_hosts.retain(|h| h != host);
            changed = true;
        }
    }
    changed
}

/// Forgets `host` for every profile (never a profile or a key). Whether it changed.
pub fn forget_host(config: &mut Config, host: &str) -> bool {
    let mut changed = false;
    for entry in config.profiles.values_mut() {
        let before = entry.registry_hosts.len();
        entry.registry_hosts.retain(|h| h != host);
        changed |= entry.registry_hosts.len() != before;
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{KakaoCloudSettings, ProviderSettings};

    fn profile(key: &str, project: Option<&str>) -> Profile {
        let mut settings = KakaoCloudSettings::new(AccessKey::Id(key.into()));
        settings.project_name = project.map(str::to_string);
        Profile::new(
            "https://iam.example/v3".into(),
            ProviderSettings::Kakaocloud(settings),
        )
    }

    #[test]
    fn every_form_a_client_sends_names_the_same_registry() {
        for url in [
            "demo.kr-central-2.kcr.dev",
            "https://demo.kr-central-2.kcr.dev",
            "https://Demo.KR-central-2.kcr.dev/",
            "demo.kr-central-2.kcr.dev/team/app",
            " http://demo.kr-central-2.kcr.dev/v2/\n",
        ] {
            assert_eq!(
                normalise_host(url).as_deref(),
                Some("demo.kr-central-2.kcr.dev"),
                "{url}"
            );
        }
        assert_eq!(
            normalise_host("127.0.0.1:5000/repo").as_deref(),
            Some("127.0.0.1:5000")
        );
        assert_eq!(normalise_host("  "), None);
        assert_eq!(normalise_host("https://"), None);
        assert_eq!(
            normalise_host("https://[::1]:5000/v2/").as_deref(),
            Some("[::1]:5000")
        );
    }

    #[test]
    fn only_host_names_are_registries() {
        for good in [
            "localhost",
            "localhost:5000",
            "demo.kr-central-2.kcr.dev",
            "127.0.0.1:5000",
            "[::1]",
            "[::1]:443",
            "a-b.c9",
        ] {
            assert!(is_host(good), "{good}");
        }
        for bad in [
            "",
            "evil\u{1b}]52;c;aGk=\u{7}.example",
            "a b.example",
            "-a.example",
            "a-.example",
            "a..example",
            "host:0",
            "host:65536",
            "host:",
            "host:12a",
            "[::1",
            "[nothost]:1",
            "ho%73t",
            "host;rm",
            "\u{202e}host",
            &"a".repeat(64),
            &format!("{}.example", "a.".repeat(130)),
        ] {
            assert!(!is_host(bad), "{bad:?}");
            assert_eq!(normalise_host(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn a_kcr_host_names_its_project_and_region() {
        assert_eq!(
            kcr_project("demo.kr-central-2.kcr.dev"),
            Some(("demo", "kr-central-2"))
        );
        assert_eq!(
            kcr_project("demo.kr-central-1.kcr.dev:443"),
            Some(("demo", "kr-central-1"))
        );
        assert_eq!(kcr_project("kr-central-2.kcr.dev"), None);
        assert_eq!(kcr_project("a.b.kr-central-2.kcr.dev"), None);
        assert_eq!(kcr_project("demo.kr-central-2.kcr.dev.evil.example"), None);
        assert_eq!(kcr_project("demo.kr-central-2.notkcr.dev"), None);
    }

    #[test]
    fn a_host_is_served_by_its_configured_profile_then_by_its_project() {
        let mut config = Config::default();
        config
            .profiles
            .insert("a".into(), profile("key-a", Some("Demo")));
        config
            .profiles
            .insert("b".into(), profile("key-b", Some("other")));
        let host = "demo.kr-central-2.kcr.dev";
        let served = |config: &Config, host: &str, forced| {
            profile_for_host(config, host, forced)
                .unwrap()
                .map(|(name, _)| name.to_string())
        };
        assert_eq!(served(&config, host, None).as_deref(), Some("a"));
        assert_eq!(served(&config, "docker.io", None), None);
        // KCRED_PROFILE chooses among hosts kcred serves, never adds one.
        assert_eq!(served(&config, host, Some("b")).as_deref(), Some("b"));
        assert_eq!(served(&config, "docker.io", Some("b")), None);
        assert!(record_host(&mut config, "b", host));
        assert_eq!(served(&config, host, None).as_deref(), Some("b"));
        assert!(record_host(&mut config, "a", host));
        assert!(config.profiles["b"].registry_hosts.is_empty());
        assert!(forget_host(&mut config, host));
        assert!(!forget_host(&mut config, host));
    }

    #[test]
    fn two_profiles_of_one_project_are_refused_not_guessed() {
        let mut config = Config::default();
        config
            .profiles
            .insert("a".into(), profile("key-a", Some("demo")));
        config
            .profiles
            .insert("b".into(), profile("key-b", Some("demo")));
        let err = profile_for_host(&config, "demo.kr-central-2.kcr.dev", None).unwrap_err();
        assert!(err.message().contains("'a', 'b'"), "{}", err.message());
        assert_eq!(
            err.advice(),
            Some(&Advice::ChooseRegistryProfile {
                host: "demo.kr-central-2.kcr.dev".into()
            })
        );
        let forced = profile_for_host(&config, "demo.kr-central-2.kcr.dev", Some("b")).unwrap();
        assert_eq!(forced.map(|(name, _)| name), Some("b"));
    }

    #[test]
    fn a_user_name_port_or_trailing_dot_in_a_url_is_read_as_a_client_means_it() {
        for (url, host) in [
            (
                "https://user@demo.kr-central-2.kcr.dev/v2/",
                Some("demo.kr-central-2.kcr.dev"),
            ),
            (
                "https://a@b@demo.kr-central-2.kcr.dev",
                Some("demo.kr-central-2.kcr.dev"),
            ),
            (
                "demo.kr-central-2.kcr.dev.",
                Some("demo.kr-central-2.kcr.dev"),
            ),
            ("LOCALHOST:5000?x=1", Some("localhost:5000")),
            ("docker.io#frag", Some("docker.io")),
            (
                "oci://Registry.Example:443/app",
                Some("registry.example:443"),
            ),
            ("https://host:0/", None),
            ("https://user@/v2", None),
            ("https://[::1]/", Some("[::1]")),
            ("https://[::1]:99999/", None),
            ("://", None),
        ] {
            assert_eq!(normalise_host(url).as_deref(), host, "{url:?}");
        }
    }

    #[test]
    fn a_kcr_host_is_exactly_project_region_and_domain() {
        for bad in [
            "kcr.dev",
            ".kr-central-2.kcr.dev",
            "demo..kcr.dev",
            "demo.kr-central-2kcr.dev",
            "demo.kr-central-2.kcr.dev.",
        ] {
            assert_eq!(kcr_project(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_profile_s_registry_host_is_its_project_in_its_region() {
        let mut p = profile("key", Some("Demo"));
        assert_eq!(kcr_host_of("dev", &p).unwrap(), "demo.kr-central-2.kcr.dev");
        p.kakaocloud_mut().unwrap().region = Some("kr-central-9".into());
        assert_eq!(kcr_host_of("dev", &p).unwrap(), "demo.kr-central-9.kcr.dev");
        let err = kcr_host_of("dev", &profile("key", None)).unwrap_err();
        assert_eq!(err.kind(), crate::error::ErrorKind::Usage);
        assert!(
            err.message()
                .contains("profile 'dev' does not know its project's name")
        );
    }

    #[test]
    fn a_registry_login_is_a_key_id_never_a_key_name() {
        assert_eq!(username_of("a", &profile("KEYID", None)).unwrap(), "KEYID");
        let named = |named_key_id: Option<&str>| {
            let mut settings = KakaoCloudSettings::new(AccessKey::Name {
                name: "ci".into(),
                user_id: "u".into(),
            });
            settings.named_key_id = named_key_id.map(str::to_string);
            Profile::new(
                "https://iam.example/v3".into(),
                ProviderSettings::Kakaocloud(settings),
            )
        };
        assert_eq!(username_of("n", &named(Some("ID9"))).unwrap(), "ID9");
        let err = username_of("n", &named(None)).unwrap_err();
        assert_eq!(
            err.advice(),
            Some(&Advice::AddKeyById {
                profile: "n".into()
            })
        );
        let glesys = Profile::new(
            "https://api.glesys.com".into(),
            ProviderSettings::Glesys(crate::config::GlesysSettings {
                project: "CL1".into(),
            }),
        );
        assert!(username_of("g", &glesys).is_err());

        let mut config = Config::default();
        config.profiles.insert("a".into(), profile("K1", None));
        config.profiles.insert("b".into(), profile("K1", None));
        config.profiles.insert("c".into(), profile("K2", None));
        config.profiles.insert("n".into(), named(Some("K1")));
        config.profiles.insert("g".into(), glesys);
        let with: Vec<&str> = profiles_with_key(&config, "K1")
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        assert_eq!(with, ["a", "b", "n"]);
    }

    #[test]
    fn a_forced_profile_that_does_not_exist_is_an_error_for_a_served_host_only() {
        let mut config = Config::default();
        config
            .profiles
            .insert("a".into(), profile("key-a", Some("demo")));
        let host = "demo.kr-central-2.kcr.dev";
        let err = profile_for_host(&config, host, Some("nope")).err().unwrap();
        assert_eq!(err.message(), "no profile named 'nope'");
        assert!(
            profile_for_host(&config, "docker.io", Some("nope"))
                .unwrap()
                .is_none()
        );
        // A host configured for a profile is served whatever its project.
        assert!(record_host(&mut config, "a", "registry.example:5000"));
        assert!(!record_host(&mut config, "a", "registry.example:5000"));
        let served = profile_for_host(&config, "registry.example:5000", None).unwrap();
        assert_eq!(served.map(|(name, _)| name), Some("a"));
    }

    #[test]
    fn recorded_hosts_stay_sorted_and_belong_to_one_profile() {
        let mut config = Config::default();
        config.profiles.insert("a".into(), profile("k", None));
        config.profiles.insert("b".into(), profile("k2", None));
        for host in ["z.example", "a.example", "m.example"] {
            assert!(record_host(&mut config, "a", host));
        }
        assert_eq!(
            config.profiles["a"].registry_hosts,
            ["a.example", "m.example", "z.example"]
        );
        assert!(record_host(&mut config, "b", "m.example"));
        assert_eq!(
            config.profiles["a"].registry_hosts,
            ["a.example", "z.example"]
        );
        assert_eq!(config.profiles["b"].registry_hosts, ["m.example"]);
        assert!(
            !record_host(&mut config, "nobody", "q.example"),
            "no such profile"
        );
    }
}
