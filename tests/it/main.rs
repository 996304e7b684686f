//! kcred's integration tests: kcred runs as a separate process against a real Keystone and
//! the real OS keyring (Secret Service on Linux). Run them with `scripts/test`.

mod support;

mod cli;
mod environment;
mod keyring;
mod profile;
mod token;
