//! `docker-credential-kcred get|store|erase|list|version`: container clients' logins to the
//! registries kcred serves, answered from the profiles' stores.

fn main() -> std::process::ExitCode {
    kcred::commands::registry::helper::main()
}
