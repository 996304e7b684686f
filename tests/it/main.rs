//! kcred's integration tests: kcred runs as a separate process against a real Keystone and
//! the real OS keyring (Secret Service on Linux). Run them with `scripts/test`.

mod support;

// Symbolic links, modes and SIGKILL: Unix.
#[cfg(unix)]
mod auth_files;
mod cli;
mod clients;
mod concurrency;
mod demo;
mod docs;
mod doctor;
mod echoes;
mod environment;
mod faults;
mod file_store;
mod iam_key;
// The failpoints die by SIGKILL, which only Unix has.
#[cfg(unix)]
mod interrupted;
#[cfg(target_os = "linux")]
mod kernel_keyring;
mod key_expiry;
mod keyring;
mod kms;
// It watches every process's command line in /proc.
#[cfg(target_os = "linux")]
mod leaks;
mod messages;
mod openbao_harness;
mod profile;
mod project;
mod providers;
mod readme_examples;
mod registry;
mod s3_key;
mod s3_temp;
mod scripting;
mod shells;
mod snapshots_output;
mod tls;
mod token;
mod vault;
